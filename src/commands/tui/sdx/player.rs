//! The model as the player (`ddx tui --sdx --watch`): each step is one streamed request, built
//! exactly as `ddx sdx run` builds a turn (the same prompt and action grammar), on its own run of
//! the engine; the engine's events go to the screen's channel, so the screen never waits on it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;

use super::super::{stream_one, AppEvent};
use crate::app::settings::Settings;
use crate::clinical::sdx::Turn;
use crate::engine::ContextSpec;
use crate::session::sdx::turn::TurnConfig;
use crate::session::Session;

/// The loaded model and the step in flight.
pub struct Player {
    session: Session,
    config: TurnConfig,
    spec: ContextSpec,
    tx: Sender<AppEvent>,
    /// Cancel flag of the step in flight.
    running: Option<Arc<AtomicBool>>,
}

impl Player {
    /// Load the model of the settings and compile the action grammars (before the screen
    /// changes, so a bad model prints plainly).
    pub fn start(settings: &Settings, tx: Sender<AppEvent>) -> anyhow::Result<Self> {
        let session = crate::session::start(settings, crate::session::Outgoing::cases(false))?;
        let config = TurnConfig::new(settings, &*session.backend, false)?;
        // The same context per encounter as `ddx sdx run`: the transcript grows each turn.
        let n_ctx = session
            .backend
            .info()
            .context_limit(settings.ctx_size)
            .min(4096);
        Ok(Self {
            session,
            config,
            spec: ContextSpec::new(n_ctx, 1),
            tx,
            running: None,
        })
    }

    /// The model's name for the status bar.
    pub fn name(&self) -> String {
        self.session.backend.info().display_name()
    }

    /// Ask the model for its action on `turn`; the reply streams to the screen's channel.
    pub fn step(&mut self, turn: &Turn) -> anyhow::Result<()> {
        let cancel = stream_one(
            &*self.session.backend,
            self.spec,
            self.config.action_request(turn),
            self.tx.clone(),
            "ddx-tui-sdx-step",
        )?;
        self.running = Some(cancel);
        Ok(())
    }

    /// The step ended (its events are all in).
    pub fn finished(&mut self) {
        self.running = None;
    }

    /// Stop the step in flight, if any.
    pub fn cancel(&self) {
        if let Some(cancel) = &self.running {
            cancel.store(true, Ordering::SeqCst);
        }
    }
}
