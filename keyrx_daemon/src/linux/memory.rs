//! What the daemon keeps resident and how its threads are scheduled: the working set after
//! start-up, observers behind the key path, and the opt-in `--mlockall` and `--realtime` of
//! `keyrx run` (see BENCHMARKS.md for what each costs and buys).

use std::io;

/// One malloc arena for all threads. glibc gives each thread that allocates an arena of its
/// own (a heap of 132 KiB touched at least, reserved in 64 MiB steps); keyrx's threads
/// allocate little and never on the key path, so they have nothing to contend for.
pub fn one_malloc_arena() {
    #[cfg(target_env = "gnu")]
    // SAFETY: mallopt only sets an allocator parameter; called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// A mapping of /proc/self/smaps that can be dropped: read-only, file-backed, with no
/// private (anonymous, copy-on-write) page, so its pages are the file's own and come back
/// from the page cache unchanged on the next touch.
fn droppable(header: &str, anonymous_kb: u64) -> Option<(usize, usize)> {
    let mut fields = header.split_whitespace();
    let range = fields.next()?;
    let perms = fields.next()?;
    let _offset = fields.next()?;
    let _dev = fields.next()?;
    let inode: u64 = fields.next()?.parse().ok()?;
    let path = fields.next().unwrap_or("");
    if inode == 0 || !path.starts_with('/') || perms.as_bytes().get(1) != Some(&b'-') {
        return None;
    }
    if !perms.ends_with('p') || anonymous_kb != 0 {
        return None;
    }
    let (start, end) = range.split_once('-')?;
    let start = usize::from_str_radix(start, 16).ok()?;
    let end = usize::from_str_radix(end, 16).ok()?;
    (end > start).then_some((start, end - start))
}

/// The read-only file mappings of `smaps` that can be dropped, as (address, length).
fn droppable_mappings(smaps: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut header: Option<&str> = None;
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            header = Some(line);
        } else if first == "Anonymous:" {
            let kb = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(u64::MAX);
            if let Some(m) = header.take().and_then(|h| droppable(h, kb)) {
                found.push(m);
            }
        }
    }
    found
}

/// Forgets the code and read-only data that start-up touched (the config compiler, the
/// command line, the web server's set-up) and the kernel mapped around it (fault-around maps
/// up to 64 KiB per fault): the page tables of the binary's and the libraries' read-only
/// file mappings are cleared, the pages stay in the page cache, and only what runs afterwards
/// is mapped again, at its first touch. Writable mappings and any mapping holding a private
/// page (relocated data) are left alone, so nothing changes but what is resident.
/// Returns how many bytes of mappings were dropped.
pub fn drop_startup_pages() -> io::Result<usize> {
    let smaps = std::fs::read_to_string("/proc/self/smaps")?;
    let mut dropped = 0;
    for (start, len) in droppable_mappings(&smaps) {
        // SAFETY: the range is a whole mapping of this process that is read-only and holds no
        // private page; MADV_DONTNEED on it only clears page-table entries, and the next
        // access maps the same file pages again.
        if unsafe { libc::madvise(start as *mut libc::c_void, len, libc::MADV_DONTNEED) } == 0 {
            dropped += len;
        }
    }
    Ok(dropped)
}

/// `--mlockall`: keeps every page the daemon touches resident, now and later
/// (`MCL_ONFAULT`: locked as touched, nothing prefaulted), so a key press never waits for a
/// page to come back from disk or swap.
pub fn lock_memory() -> io::Result<()> {
    // SAFETY: mlockall takes flags only.
    let r = unsafe { libc::mlockall(libc::MCL_CURRENT | libc::MCL_FUTURE | libc::MCL_ONFAULT) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `--realtime PRIORITY`: the calling thread (the key thread) runs SCHED_FIFO at PRIORITY
/// (1–99), ahead of every ordinary thread. Threads it spawns later would inherit it; it
/// spawns none.
pub fn realtime(priority: i32) -> io::Result<()> {
    let param = libc::sched_param {
        sched_priority: priority,
    };
    // SAFETY: pid 0 is the calling thread; param is a valid sched_param.
    let r = unsafe { libc::sched_setscheduler(0, libc::SCHED_FIFO, &param) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Raises the calling thread's nice value to `nice` (0-19), and so that of the threads it
/// spawns later. Observer threads (the bridge, the web server) run this way, so that when the
/// key thread wakes them they yield the CPU to it and to whoever reads the virtual keyboard.
pub fn lower_priority(nice: i32) {
    if nice > 0 {
        // SAFETY: with PRIO_PROCESS, who 0 is the calling thread on Linux.
        unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, nice.min(19)) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMAPS: &str = "\
55d0c0000000-55d0c03b8000 r--p 00000000 00:1a 123 /usr/bin/keyrx
Rss:                1024 kB
Anonymous:             0 kB
55d0c03b8000-55d0c0a8a000 r-xp 003b7000 00:1a 123 /usr/bin/keyrx
Anonymous:             0 kB
55d0c0a8b000-55d0c0ae1000 r--p 00a89000 00:1a 123 /usr/bin/keyrx
Anonymous:           344 kB
55d0c0ae1000-55d0c0ae3000 rw-p 00adf000 00:1a 123 /usr/bin/keyrx
Anonymous:             8 kB
55d0c1000000-55d0c1100000 rw-p 00000000 00:00 0 [heap]
Anonymous:           512 kB
7f0000000000-7f0000001000 r--s 00000000 00:1a 77 /dev/shm/x
Anonymous:             0 kB
7ffd00000000-7ffd00001000 r-xp 00000000 00:00 0 [vdso]
Anonymous:             0 kB
";

    #[test]
    fn only_clean_read_only_private_file_mappings_are_dropped() {
        assert_eq!(
            droppable_mappings(SMAPS),
            vec![(0x55d0c0000000, 0x3b8000), (0x55d0c03b8000, 0x6d2000)],
            "relocated (anonymous) pages, writable, shared and anonymous mappings stay"
        );
    }

    #[test]
    fn a_mapping_without_its_anonymous_line_is_not_dropped() {
        assert!(
            droppable_mappings("1000-2000 r-xp 00000000 00:1a 5 /bin/x\nRss: 4 kB\n").is_empty()
        );
    }

    #[test]
    fn dropping_start_up_pages_leaves_the_process_working() {
        let dropped = drop_startup_pages().unwrap();
        assert!(dropped > 0, "the test binary's own code is droppable");
        // Code and read-only data fault back in: this formats, allocates and compares.
        assert_eq!(format!("{:?}", vec![1, 2]), "[1, 2]");
    }
}
