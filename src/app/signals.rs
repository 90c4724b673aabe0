//! Ctrl-C and SIGTERM: the first one asks the running command to stop cleanly (the flag is
//! polled between decode steps and between input lines); a second one exits at once with 130.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;

/// Route SIGINT and SIGTERM to `flag`; a second signal ends the process with status 130.
pub fn install(flag: &Arc<AtomicBool>) -> anyhow::Result<()> {
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Order matters: the conditional exit sees the flag before this signal sets it.
        signal_hook::flag::register_conditional_shutdown(signal, 130, flag.clone())
            .context("cannot install the signal handler")?;
        signal_hook::flag::register(signal, flag.clone())
            .context("cannot install the signal handler")?;
    }
    Ok(())
}
