//! Diagnostics. Without --verbose nothing is logged (llama.cpp's log is dropped); with it,
//! tracing events (llama.cpp's included) go to stderr, filtered by `DDX_LOG` (default `info`).
//! Logs never carry patient text: the engine logs token counts, never prompts.

use tracing_subscriber::EnvFilter;

pub fn init(verbose: bool) {
    if !verbose {
        return;
    }
    let filter = EnvFilter::try_from_env("DDX_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
