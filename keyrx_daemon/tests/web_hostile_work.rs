//! Requests that make the daemon work, from a hostile client: the input, output and work of
//! `/simulate` and `/inject` are bounded (each bound asserted at its value), and heavy
//! requests never stall the async workers that answer everything else.

mod web_support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use web_support::Daemon;

/// What `/healthz` must answer within while the heaviest requests run: generous for a loaded
/// machine, far below the seconds a request parsed on an async worker held it.
const HEALTHZ_BOUND: Duration = Duration::from_secs(2);

/// 10,000 steps (the step limit) in 120,000 bytes (under the 131,072-byte limit).
fn maximum_input() -> String {
    "d:leftshift u:leftshift ".repeat(5_000)
}

/// A request to `path` with `input`; simulations get a config of their own, so they do not
/// depend on when the running one reaches the web side.
async fn request(d: &Daemon, path: &str, input: impl Into<String>) -> reqwest::Response {
    let mut body = json!({ "input": input.into() });
    if path.ends_with("simulate") {
        body["source"] = web_support::CONFIG.into();
    }
    d.post(path, body).await
}

/// `at_limit` is accepted; returns how `past_limit` is refused.
async fn at_and_past(
    d: &Daemon,
    path: &str,
    at_limit: &str,
    past_limit: String,
) -> (StatusCode, Value) {
    let accepted = request(d, path, at_limit).await.status();
    assert!(accepted.is_success(), "{path}: {accepted}");
    error_of(request(d, path, past_limit).await).await
}

/// Asserts that the error's message contains `text`.
fn says(error: &Value, text: &str) {
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains(text), "`{text}` not in {error}");
}

async fn error_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    (status, body["error"].clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_while_two_maximum_requests_run() {
    let d = Daemon::start();
    // Just under the 1 MiB body limit: refused by the input limit, unparsed.
    let huge = json!({"input": "d:a u:a ".repeat(130_000)});
    let simulate = json!({
        "source": r#"layer("base", || { map("leftshift", "b"); });"#,
        "input": maximum_input(),
    });
    let started = Instant::now();
    let workers = [
        (hammer(&d, "/api/v1/simulate", &simulate), StatusCode::OK),
        (hammer(&d, "/api/v1/simulate", &simulate), StatusCode::OK),
        (
            hammer(&d, "/api/v1/inject", &huge),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            hammer(&d, "/api/v1/inject", &huge),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            hammer(&d, "/api/v1/inject", &json!({"input": maximum_input()})),
            StatusCode::NO_CONTENT,
        ),
    ];
    let client = reqwest::Client::new();
    let mut slowest = Duration::ZERO;
    while workers.iter().any(|(w, _)| !w.is_finished()) {
        let asked = Instant::now();
        let health = client.get(d.url("/healthz")).send().await.unwrap();
        assert_eq!(health.text().await.unwrap(), "ok");
        slowest = slowest.max(asked.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        slowest < HEALTHZ_BOUND,
        "/healthz took {slowest:?} under load"
    );
    for (worker, expected) in workers {
        let statuses = worker.await.unwrap();
        assert!(statuses.iter().all(|s| *s == expected), "{statuses:?}");
    }
    let load = started.elapsed();
    eprintln!("slowest /healthz {slowest:?} over {load:?} of load");
    d.stop();
}

/// Sends `body` to `path` four times in a row; the statuses.
fn hammer(d: &Daemon, path: &str, body: &Value) -> tokio::task::JoinHandle<Vec<StatusCode>> {
    let (url, token) = (d.url(path), d.token.clone());
    // Serialized once, so the client's own work does not delay its /healthz polls.
    let body = body.to_string();
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let r = client
                .post(&url)
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body(body.clone());
            statuses.push(r.send().await.unwrap().status());
        }
        statuses
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn input_is_refused_past_its_size_step_and_name_limits() {
    let d = Daemon::start();
    let at_bytes = format!("d:a{}", " ".repeat(131_072 - 3));
    for path in ["/api/v1/simulate", "/api/v1/inject"] {
        let (status, error) = at_and_past(&d, path, &at_bytes, at_bytes.clone() + " ").await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert_eq!(error["code"], "input_too_large");
        assert_eq!(
            error["details"]["limits"],
            json!({"max_bytes": 131_072, "max_steps": 10_000})
        );
        says(&error, "131073 bytes; at most 131072");

        let steps = "d:a u:a ".repeat(5_000);
        let (status, error) = at_and_past(&d, path, &steps, steps.clone() + "d:a").await;
        assert_eq!(
            (status, error["details"]["column"].clone()),
            (StatusCode::PAYLOAD_TOO_LARGE, json!(40_001))
        );

        let name = "n".repeat(128);
        let at_limit = format!("@{name} d:a @{name} u:a");
        let (status, error) = at_and_past(&d, path, &at_limit, format!("@{name}n d:a")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        says(&error, "at most 128 bytes");
    }
    let waits = d
        .post("/api/v1/inject", json!({"input": "t:5000 t:5000.001"}))
        .await;
    let (status, error) = error_of(waits).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    says(&error, "10000.001 ms in all; at most 10000 ms");
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_injection_sends_at_most_20_000_events_a_second() {
    let d = Daemon::start();
    let started = Instant::now();
    let response = d
        .post("/api/v1/inject", json!({"input": maximum_input()}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // 10,000 events at 20,000 a second: the last batch of 500 is sent at 0.5 s at the earliest.
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(500),
        "10,000 events in {took:?}"
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_text_pressed_often_stops_at_the_output_limit() {
    let d = Daemon::start();
    // 100 characters: 200 events a press, so 50 presses make exactly 10,000 output events.
    let source = format!(
        r#"layer("base", || {{ map("f1", text("{}")); }});"#,
        "x".repeat(100)
    );
    let at_limit = d
        .post(
            "/api/v1/simulate",
            json!({"source": source, "input": "d:f1 u:f1 ".repeat(50)}),
        )
        .await;
    assert_eq!(at_limit.status(), StatusCode::OK);
    let body = at_limit.bytes().await.unwrap();
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["events"].as_array().unwrap().len(), 10_000);
    assert!(body.len() < 8 << 20, "the answer is {} bytes", body.len());
    let started = Instant::now();
    let past = d
        .post(
            "/api/v1/simulate",
            json!({"source": source, "input": "d:f1 u:f1 ".repeat(60)}),
        )
        .await;
    let (status, error) = error_of(past).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["code"], "simulation_too_large");
    assert_eq!(
        error["details"],
        json!({"limit": 10_000, "what": "output events"})
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    d.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulation_has_at_most_16_devices_and_100_000_timer_firings() {
    let d = Daemon::start();
    let devices = |n: usize| {
        (0..n)
            .map(|i| format!("@dev{i} d:a @dev{i} u:a "))
            .collect::<String>()
    };
    let ok = d
        .post(
            "/api/v1/simulate",
            json!({"source": web_support::CONFIG, "input": devices(16)}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let (status, error) = error_of(
        d.post(
            "/api/v1/simulate",
            json!({"source": web_support::CONFIG, "input": devices(17)}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["details"], json!({"limit": 16, "what": "devices"}));
    // A macro of 40 delays fires 40 timers a press: 3,333 presses pass 100,000 firings.
    let delays = vec!["delay(1)"; 40].join(", ");
    let source = format!(r#"layer("base", || {{ map("f1", macro([{delays}])); }});"#);
    let input = "d:f1 u:f1 t:50 ".repeat(3_333);
    let (status, error) = error_of(
        d.post(
            "/api/v1/simulate",
            json!({"source": source, "input": input}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(
        error["details"],
        json!({"limit": 100_000, "what": "timer firings"})
    );
    d.stop();
}
