//! How llama.cpp's worker threads wait between decode steps, as `ddx --version` reports it.
//!
//! llama.cpp runs each decode step as OpenMP parallel regions (libgomp), whose idle workers
//! spin for a while before they sleep; `OMP_WAIT_POLICY` and `GOMP_SPINCOUNT` set that, and
//! libgomp reads them once, when the process loads it. Measured with `tests/bench/under-load.sh`
//! on 2 cores, `PASSIVE` costs two thirds of the speed on an idle machine (ask: 27 against 80
//! tok/s), so ddx leaves libgomp's default and reports what is in effect; what keeps ddx fast
//! beside other work is the thread count (the engine's `cpu` module).

/// The variables libgomp reads, in the order `ddx --version` shows them.
const VARIABLES: &[&str] = &["OMP_WAIT_POLICY", "GOMP_SPINCOUNT"];

/// The waiting settings in effect, for `ddx --version`.
pub fn describe() -> String {
    let set: Vec<String> = VARIABLES
        .iter()
        .filter_map(|name| std::env::var(name).ok().map(|v| format!("{name}={v}")))
        .collect();
    if set.is_empty() {
        "libgomp's default (idle workers spin, then sleep; OMP_WAIT_POLICY unset)".to_string()
    } else {
        format!("{} (from the environment)", set.join(" "))
    }
}
