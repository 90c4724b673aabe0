//! `ddx chat`: a conversation with the model about one case at a time.
//!
//! On a terminal it is a rustyline REPL (history in the data directory, mode 0600; tab
//! completion of slash commands and paths; bracketed paste and `"""` blocks for multi-line
//! input). With stdin not a terminal it reads one question per line and prints one answer per
//! question, without prompts or colours. Answers go to stdout, everything else to stderr.
//!
//! Ctrl-C while an answer streams cancels that answer (the partial text stays in the
//! conversation, marked cancelled); at the prompt it clears the line; Ctrl-D leaves.

pub mod command;
mod helper;
mod input;
pub mod transcript;
mod turn;

use std::io::IsTerminal;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;

use crate::app::exit::Outcome;
use crate::app::settings::{DeidSettings, Settings};
use crate::session::interactive::casefile;
use crate::session::interactive::state::ChatState;

/// What `ddx chat` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// Start on a case: `FILE` or `FILE#ID`.
    pub case: Option<String>,
    /// A system prompt that replaces the template's.
    pub system: Option<String>,
    /// Neither read nor write the history file.
    pub no_history: bool,
    /// `--deid`: cases and typed questions are de-identified before the model sees them.
    pub deid: Option<DeidSettings>,
}

/// Where messages go and how they look.
struct Out {
    color: bool,
}

impl Out {
    fn info(&self, text: &str) {
        crate::message!("{}", self.paint("2", text));
    }

    fn error(&self, text: &str) {
        crate::say!("{}", self.paint("31", &format!("error: {text}")));
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

pub fn run(settings: &Settings, args: &Options) -> anyhow::Result<Outcome> {
    let interactive = std::io::stdin().is_terminal();
    let deid = crate::session::deid::deidentifier(args.deid.as_ref(), settings)?;
    let session = crate::session::start(settings, crate::session::Outgoing::cases(deid.is_some()))?;
    let mut state = ChatState::new(settings, session);
    state.deid = deid;
    state.conversation.system_override = args.system.as_deref().map(|s| state.scrub(s));
    if let Some(name) = &settings.template {
        state.registry.get(name)?;
    }
    let out = Out {
        color: interactive && settings.color,
    };
    if let Some(arg) = &args.case {
        let (file, id) = casefile::split_case_arg(arg);
        state.load_cases(&file, id.as_deref())?;
        turn::announce_case(&state, &out);
    }
    let interrupt = Arc::new(AtomicBool::new(false));
    if interactive {
        // rustyline reads keys in raw mode, so this only fires while an answer streams.
        signal_hook::flag::register(signal_hook::consts::SIGINT, interrupt.clone())
            .context("cannot install the Ctrl-C handler")?;
        input::interactive_loop(&mut state, settings, args, &out, &interrupt)
    } else {
        crate::app::signals::install(&interrupt)?;
        input::pipe_loop(&mut state, &out, &interrupt)
    }
}
