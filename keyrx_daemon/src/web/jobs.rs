//! The one way handlers run heavy work (parsing, compiling, simulating, rendering, disk): on
//! tokio's blocking pool, a bounded number at once, so a burst of heavy requests never takes
//! the cores from the key thread or the async threads from everything else.

use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use super::rest::ApiError;

/// How many blocking jobs (compiling, simulating, parsing, disk) run at once; the machine's
/// cores are shared with the key thread, so a burst of heavy requests must not take them all.
pub const MAX_RUNNING_JOBS: usize = 2;
/// How many more may wait for a turn; beyond that a request is refused at once (503).
pub const MAX_WAITING_JOBS: usize = 8;
/// How long a job may wait for a turn before it is refused (503).
pub const JOB_QUEUE_TIMEOUT: Duration = Duration::from_secs(5);

/// Blocking jobs: a permit of `admitted` to queue at all, then one of `running` to run.
pub struct JobLimiter {
    admitted: Semaphore,
    running: Semaphore,
}

/// The process's blocking jobs. Process-wide because the cores are.
static JOBS: JobLimiter = JobLimiter::new(MAX_RUNNING_JOBS, MAX_WAITING_JOBS);

pub fn busy() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        "the daemon is busy with other requests; try again",
    )
}

/// Runs blocking work (compiling, simulating, parsing, disk) off the async threads, at most
/// `MAX_RUNNING_JOBS` at once. A job that finds `MAX_WAITING_JOBS` others waiting, or waits
/// longer than `JOB_QUEUE_TIMEOUT`, is refused with 503 `busy`.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    JOBS.run(f).await
}

impl JobLimiter {
    pub const fn new(running: usize, waiting: usize) -> JobLimiter {
        JobLimiter {
            admitted: Semaphore::const_new(running + waiting),
            running: Semaphore::const_new(running),
        }
    }

    /// Runs `f` on tokio's blocking pool within this limiter's bounds.
    pub async fn run<T: Send + 'static>(
        &'static self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _admitted = self.admitted.try_acquire().map_err(|_| busy())?;
        let running = tokio::time::timeout(JOB_QUEUE_TIMEOUT, self.running.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        let result = tokio::task::spawn_blocking(move || {
            // The permit goes with the work: a request dropped mid-job still counts until the
            // job ends.
            let _running = running;
            f()
        })
        .await;
        result.map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the task failed",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, mpsc};

    /// Two jobs run, eight wait, the eleventh is refused at once; a waiting job is refused
    /// once it has waited `JOB_QUEUE_TIMEOUT`.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn blocking_jobs_are_bounded_in_number_and_wait() {
        // A limiter of its own: the process's is shared with every other test running now.
        let limited: &'static JobLimiter = Box::leak(Box::new(JobLimiter::new(
            MAX_RUNNING_JOBS,
            MAX_WAITING_JOBS,
        )));
        let (release, released) = mpsc::channel::<()>();
        let released = Arc::new(Mutex::new(released));
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let started = tokio::time::Instant::now();
        let mut jobs = Vec::new();
        for _ in 0..MAX_RUNNING_JOBS + MAX_WAITING_JOBS {
            let (released, running, peak) = (released.clone(), running.clone(), peak.clone());
            jobs.push(tokio::spawn(limited.run(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                let _ = released.lock().unwrap().recv();
                running.fetch_sub(1, Ordering::SeqCst);
            })));
        }
        while limited.admitted.available_permits() > 0 || running.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        let refused = limited.run(|| ()).await.unwrap_err();
        assert_eq!(
            (refused.status, refused.code),
            (StatusCode::SERVICE_UNAVAILABLE, "busy")
        );
        let mut outcomes = Vec::new();
        for job in jobs.drain(MAX_RUNNING_JOBS..) {
            outcomes.push(job.await.unwrap().map_err(|e| e.code));
        }
        assert!(started.elapsed() >= JOB_QUEUE_TIMEOUT);
        assert_eq!(outcomes, vec![Err("busy"); MAX_WAITING_JOBS]);
        for _ in 0..MAX_RUNNING_JOBS {
            release.send(()).unwrap();
        }
        for job in jobs {
            assert!(job.await.unwrap().is_ok());
        }
        assert_eq!(peak.load(Ordering::SeqCst), MAX_RUNNING_JOBS);
        assert_eq!(limited.running.available_permits(), MAX_RUNNING_JOBS);
        assert_eq!(
            limited.admitted.available_permits(),
            MAX_RUNNING_JOBS + MAX_WAITING_JOBS
        );
    }
}
