//! Exit statuses: 0 success, 1 some records failed, 2 usage/config/model error, 130 interrupted.

use std::process::ExitCode;

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    RecordsFailed,
    Interrupted,
}

impl Outcome {
    /// The end of a run over records: interrupted, else whether any record failed.
    pub fn of_run(interrupted: bool, failed: usize) -> Self {
        if interrupted {
            Self::Interrupted
        } else if failed > 0 {
            Self::RecordsFailed
        } else {
            Self::Success
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::RecordsFailed => 1,
            Self::Interrupted => 130,
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(outcome.code())
    }
}

/// Status for a command that failed with an error (usage, config, model, I/O).
pub const ERROR: u8 = 2;

/// True when the error is a closed stdout (`ddx ... | head`): not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
