//! Starting the recording of a command's run: the run row built from what the command already
//! has (its provenance, its input and output paths, the settings), nothing recomputed but the
//! input's sha256 (on the recorder's thread).

use std::path::Path;

use serde_json::Value;

use super::rows::{host_name, new_run_id, run_fields_from_provenance};
use super::{NewRun, Recorder, RunStart};
use crate::app::settings::Settings;

/// What a command knows about its run when it starts.
pub struct RunInfo<'a> {
    /// `batch` or `eval`.
    pub command: &'a str,
    /// The input file; `None` or `-` for stdin.
    pub input: Option<&'a Path>,
    /// The results file; `None` for stdout.
    pub output: Option<&'a Path>,
    /// The provenance the run's records carry.
    pub provenance: &'a Value,
    /// Settings of the run besides those in the provenance.
    pub settings: Value,
    /// `--resume`: link the run to the last one that wrote the same results file.
    pub resume: bool,
}

fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Start recording a run in the ledger of the data directory; `None` when the ledger is off
/// (`--no-ledger`, `ledger = false`).
pub fn record_run(settings: &Settings, info: RunInfo<'_>) -> Option<Recorder> {
    if !settings.ledger {
        return None;
    }
    let now = chrono::Utc::now();
    let input = info.input.filter(|p| *p != Path::new("-"));
    let mut run = NewRun {
        id: new_run_id(&now),
        command: info.command.into(),
        started: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        command_line: std::env::args().collect(),
        host: host_name(),
        input: input.map(absolute),
        output: info.output.map(absolute),
        provenance: info.provenance.clone(),
        settings: info.settings,
        ..NewRun::default()
    };
    run_fields_from_provenance(&mut run, info.provenance);
    Some(Recorder::start(
        &settings.paths.data_dir,
        RunStart {
            run,
            hash_input: input.map(Path::to_path_buf),
            resume: info.resume,
        },
    ))
}
