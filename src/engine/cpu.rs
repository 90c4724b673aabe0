//! How many CPU threads llama.cpp gets when the user did not choose: the physical cores, less
//! the cores other work is using while the model loads.
//!
//! llama.cpp's CPU kernels synchronise their threads with spin barriers many times per token, so
//! a step runs at the pace of its slowest thread. When another program keeps a core busy (a
//! compile or a browser in another terminal: Linux's autogroup scheduling shares the CPU between
//! sessions, so even a niced one takes its core), one of ddx's threads waits for a time slice at
//! every barrier: on 2 cores the TUI and chat fell from about 50 to 2-13 tok/s, against 39 with
//! one thread (`tests/bench/under-load.sh`). So the engine measures the machine's other load
//! over the model load (`/proc/stat` less this process's own time) and leaves those cores alone.
//! An explicit `--threads` (or `DDX_THREADS`, or the config key) is always kept as given.

use std::time::{Duration, Instant};

/// The shortest window the measurement needs; a faster model load waits out the rest.
const WINDOW: Duration = Duration::from_millis(150);

/// CPU time counters at one moment, in clock ticks.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    at: Instant,
    /// Every CPU's busy time (user, nice, system, irq, softirq, steal).
    busy: u64,
    /// Every CPU's time, busy or idle.
    total: u64,
    /// This process's own user and system time.
    own: u64,
}

impl Sample {
    /// The counters now, where the OS has them (Linux).
    pub fn now() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let fields: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .filter_map(|v| v.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal
        let get = |i: usize| fields.get(i).copied().unwrap_or(0);
        let busy = get(0) + get(1) + get(2) + get(5) + get(6) + get(7);
        let total = busy + get(3) + get(4);
        let own_stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
        let after = own_stat.rsplit_once(')')?.1;
        let own_fields: Vec<u64> = after
            .split_whitespace()
            .map(|v| v.parse().unwrap_or(0))
            .collect();
        let own = own_fields.get(11)? + own_fields.get(12)?;
        Some(Self {
            at: Instant::now(),
            busy,
            total,
            own,
        })
    }
}

/// Cores' worth of CPU that other processes used since `before` (waiting out [`WINDOW`]).
pub fn busy_elsewhere(before: Sample, logical_cpus: u32) -> Option<f64> {
    let elapsed = before.at.elapsed();
    if elapsed < WINDOW {
        std::thread::sleep(WINDOW - elapsed);
    }
    let after = Sample::now()?;
    let total = after.total.checked_sub(before.total)?;
    if total == 0 {
        return None;
    }
    let busy = after.busy.saturating_sub(before.busy);
    let own = after.own.saturating_sub(before.own);
    let others = busy.saturating_sub(own) as f64;
    Some(others / total as f64 * f64::from(logical_cpus.max(1)))
}

/// Threads for llama.cpp: `threads` (the physical cores by default), less what `busy` cores'
/// worth of other work takes from the `physical` cores of `logical` CPUs; at least 1. A core
/// counts as free when at least 70% of it is.
pub fn fit_threads(threads: u32, logical: u32, physical: u32, busy: f64) -> u32 {
    let logical = f64::from(logical.max(1));
    let free_share = ((logical - busy) / logical).clamp(0.0, 1.0);
    let usable = (free_share * f64::from(physical.max(1)) + 0.3).floor() as u32;
    threads.min(usable).max(1)
}

/// The threads to use beside the other work measured since `before`, and the sentence that
/// says why when they are fewer than `threads`.
pub fn threads_beside_other_work(threads: u32, before: Option<Sample>) -> (u32, Option<String>) {
    let logical = u32::try_from(num_cpus::get()).unwrap_or(1);
    let physical = u32::try_from(num_cpus::get_physical()).unwrap_or(1);
    let Some(busy) = before.and_then(|b| busy_elsewhere(b, logical)) else {
        return (threads, None);
    };
    let fitted = fit_threads(threads, logical, physical, busy);
    if fitted < threads {
        let note = format!(
            "other work is using {busy:.1} of {logical} CPUs; running llama.cpp on {fitted} \
             thread{} instead of {threads} (--threads N to choose)",
            if fitted == 1 { "" } else { "s" }
        );
        (fitted, Some(note))
    } else {
        (threads, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_cores_are_left_to_the_other_work() {
        // 2 cores, one busy elsewhere: one thread.
        assert_eq!(fit_threads(2, 2, 2, 1.0), 1);
        // A little background activity does not cost a thread.
        assert_eq!(fit_threads(2, 2, 2, 0.2), 2);
        // 16 logical CPUs on 8 cores, 4 CPUs busy: 6 of the 8 cores.
        assert_eq!(fit_threads(8, 16, 8, 4.0), 6);
        // Everything busy: still one thread.
        assert_eq!(fit_threads(8, 8, 8, 8.0), 1);
        // Never more than asked.
        assert_eq!(fit_threads(1, 8, 8, 0.0), 1);
    }

    #[test]
    fn counters_are_read_on_linux() {
        if cfg!(target_os = "linux") {
            let before = Sample::now().expect("sample");
            let busy = busy_elsewhere(before, 2).expect("measured");
            assert!((0.0..=2.0).contains(&busy), "{busy}");
        }
    }
}
