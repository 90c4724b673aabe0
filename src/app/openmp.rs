//! How llama.cpp's worker threads wait between decode steps.
//!
//! llama.cpp runs each decode step as one OpenMP parallel region (libgomp). Between regions,
//! libgomp's default keeps the workers spinning for a while; on a machine where anything else
//! is busy (a compile, a browser tab, the TUI's own drawing thread), the spinning workers and
//! ggml's spin barriers fight the other threads for the cores and every step waits a scheduler
//! time slice: the TUI fell from 81 to 3.4 tok/s under one niced busy loop on 2 cores, and chat
//! from 19.6 to 1.1 under a compile. With `OMP_WAIT_POLICY=PASSIVE` idle workers sleep at once
//! and wake per step (tens of microseconds, against milliseconds per token), which keeps ddx at
//! its unloaded rate under load (`tests/bench/under-load.sh` measures it).
//!
//! libgomp reads the variable once, when the process loads it, before `main` runs, so setting it
//! in-process is too late: [`prefer_passive_waiting`] re-executes the binary once with the
//! variable set. A value the user set is always kept (`OMP_WAIT_POLICY=ACTIVE ddx ...` restores
//! libgomp's default behaviour).

/// The variable libgomp reads.
pub const WAIT_POLICY: &str = "OMP_WAIT_POLICY";

/// Set beside [`WAIT_POLICY`] when ddx chose the value, so `ddx --version` can say who did.
const CHOSEN_BY_DDX: &str = "DDX_OPENMP_WAIT_SET";

/// The policy in effect and who chose it, for `ddx --version`.
pub fn describe() -> String {
    match std::env::var(WAIT_POLICY) {
        Ok(policy) if std::env::var_os(CHOSEN_BY_DDX).is_some() => {
            format!("{WAIT_POLICY}={policy} (set by ddx: idle workers sleep between decode steps)")
        }
        Ok(policy) => format!("{WAIT_POLICY}={policy} (from the environment)"),
        Err(_) => format!("{WAIT_POLICY} unset (libgomp's default: idle workers spin)"),
    }
}

/// Re-execute this process with `OMP_WAIT_POLICY=PASSIVE` unless the variable is already set.
/// Returns only when nothing was done or the re-execution failed (ddx then runs on, with
/// libgomp's default); never returns after a successful exec.
pub fn prefer_passive_waiting() {
    if std::env::var_os(WAIT_POLICY).is_some() {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let mut command = std::process::Command::new(exe);
        if let Some(name) = args.next() {
            command.arg0(name);
        }
        // `exec` returns only on failure; ddx then carries on with the default policy.
        let _failed = command
            .args(args)
            .env(WAIT_POLICY, "PASSIVE")
            .env(CHOSEN_BY_DDX, "1")
            .exec();
    }
}
