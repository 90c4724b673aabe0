//! What the TUI's effects do: send a question to the engine, follow its events onto the screen,
//! move to another case, append a review to the annotations file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;

use crate::engine::{Event as EngineEvent, FinishReason};
use crate::session::annotations;
use crate::session::interactive::conversation::TurnStats;
use crate::session::interactive::state::ChatState;

use super::{stream_one, AppEvent, Effect, Streaming, TuiState, Verdict};

/// Performs effects: the engine, the session state, the annotations file.
pub(super) struct Controller {
    pub(super) state: ChatState,
    pub(super) tx: Sender<AppEvent>,
    /// Cancel flag of the answer being generated.
    pub(super) running: Option<Arc<AtomicBool>>,
    pub(super) annotations: Option<PathBuf>,
}

pub(super) fn sync_case(state: &ChatState, app: &mut TuiState) {
    let template = state.template.as_ref().map_or("", |t| t.name.as_str());
    app.show_case(state.position, state.conversation.clone(), template);
    app.model.context_used = state
        .session
        .backend
        .count_tokens(&state.conversation.messages())
        .unwrap_or(0);
}

impl Controller {
    pub(super) fn perform(&mut self, app: &mut TuiState, effect: Effect) -> anyhow::Result<()> {
        match effect {
            Effect::Quit => {}
            Effect::Cancel => {
                if let Some(cancel) = &self.running {
                    cancel.store(true, Ordering::SeqCst);
                    app.notify("stopping the answer…", false);
                }
            }
            Effect::Goto(position) => {
                if let Err(e) = self.state.goto(position) {
                    app.notify(format!("{e:#}"), true);
                }
                sync_case(&self.state, app);
            }
            Effect::Send(question) => self.send(app, &question)?,
            Effect::Annotate(verdict) => self.annotate(app, &verdict),
        }
        Ok(())
    }

    fn send(&mut self, app: &mut TuiState, question: &str) -> anyhow::Result<()> {
        let (request, dropped) = match self.state.ask(question) {
            Ok(ready) => ready,
            Err(e) => {
                app.notify(e.to_string(), true);
                return Ok(());
            }
        };
        if dropped > 0 {
            app.notify(
                format!("context full: dropped the oldest {dropped} turn(s); the system prompt and the case are kept"),
                false,
            );
        }
        let cancel = stream_one(
            &*self.state.session.backend,
            self.state.spec,
            request,
            self.tx.clone(),
            "ddx-tui-answer",
        )?;
        self.running = Some(cancel);
        app.conversation = self.state.conversation.clone();
        app.streaming = Some(Streaming::default());
        app.tokens_per_second = 0.0;
        Ok(())
    }

    pub(super) fn engine_event(&mut self, app: &mut TuiState, event: EngineEvent) {
        match event {
            EngineEvent::Started { prompt_tokens, .. } => {
                if let Some(s) = &mut app.streaming {
                    s.prompt_tokens = prompt_tokens;
                }
                app.model.context_used = prompt_tokens;
            }
            EngineEvent::Token { text, .. } => {
                app.on_token(&text);
                app.model.context_used = app.model.context_used.saturating_add(1);
            }
            EngineEvent::Reasoning { text, .. } => {
                app.on_reasoning(&text);
                app.model.context_used = app.model.context_used.saturating_add(1);
            }
            EngineEvent::Finished { result, .. } => {
                self.running = None;
                let problem = self
                    .state
                    .finish(result.as_ref().map_err(ToString::to_string));
                app.streaming = None;
                app.conversation = self.state.conversation.clone();
                match result {
                    Ok(generation) => {
                        let stats = TurnStats::from_generation(&generation);
                        app.tokens_per_second = stats.tokens_per_second;
                        app.model.context_used = stats.context_used;
                        app.model.context_size = stats.context_size;
                        if generation.finish_reason == FinishReason::Cancelled {
                            app.notify("answer cancelled (the partial text is kept)", true);
                        } else if let Some(problem) = problem {
                            app.notify(problem, true);
                        }
                    }
                    Err(e) => app.notify(e.to_string(), true),
                }
            }
        }
    }

    fn annotate(&mut self, app: &mut TuiState, verdict: &Verdict) {
        let Some(path) = self.annotations.clone() else {
            app.notify(
                "start ddx tui with --annotations FILE to record reviews",
                true,
            );
            return;
        };
        let Some(id) = self.state.case_id().map(ToString::to_string) else {
            return;
        };
        let review = match verdict {
            Verdict::Accepted => annotations::Review {
                verdict: "accepted",
                label: None,
                note: None,
            },
            Verdict::Wrong => annotations::Review {
                verdict: "wrong",
                label: None,
                note: None,
            },
            // Typed text is de-identified (--deid) before it reaches the file.
            Verdict::Label(l) => annotations::Review {
                verdict: "label",
                label: Some(self.state.scrub(l)),
                note: None,
            },
            Verdict::Note(n) => annotations::Review {
                verdict: "note",
                label: None,
                note: Some(self.state.scrub(n)),
            },
        };
        let answer = self
            .state
            .conversation
            .turns
            .iter()
            .rev()
            .find(|t| t.finish.is_some())
            .map(|t| t.assistant.as_str());
        let record = annotations::record(&id, &review, answer, &self.state.provenance());
        match annotations::append(&path, &record) {
            Ok(()) => {
                app.reviewed.insert(id.clone(), review.verdict.to_string());
                app.notify(
                    format!("case {id}: {} → {}", review.verdict, path.display()),
                    false,
                );
            }
            Err(e) => app.notify(format!("{e:#}"), true),
        }
    }
}
