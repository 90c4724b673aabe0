//! `--gatekeeper-model`: a second model rephrases each answer that revealed findings, as the
//! patient, the examiner or the laboratory would say it. The deterministic matcher still decides
//! what is revealed; the encounter checks every rephrasing and keeps the deterministic answer
//! when it is refused ([`crate::clinical::sdx::paraphrase`]). The model and the prompt (by
//! sha256) go into the provenance.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::app::settings::Settings;
use crate::clinical::sdx::{paraphrase, Encounter, Measured};
use crate::engine::chat::source_sha256;
use crate::engine::{ChatMessage, ContextSpec, GenRequest};
use crate::session::{self, Session};

/// A started gatekeeper model.
pub struct Gatekeeper {
    session: Session,
    settings: Settings,
}

impl Gatekeeper {
    /// Load the gatekeeper model (a GGUF file or a registered name).
    pub fn start(settings: &Settings, model: &str) -> anyhow::Result<Self> {
        let mut settings = settings.clone();
        settings.model = Some(model.to_string());
        let session = session::start(&settings, session::Outgoing::cases(false))
            .with_context(|| format!("cannot start the gatekeeper model '{model}'"))?;
        Ok(Self { session, settings })
    }

    /// What results say about the gatekeeper.
    pub fn provenance(&self) -> Value {
        let [system, user] = paraphrase::messages("{kind}", "{request}", "{answer}");
        json!({"model": session::provenance::model_block(&self.session),
            "prompt_sha256": source_sha256(&format!("{system}\n{user}")),
            "sampling": self.settings.sampling})
    }

    /// Rephrase the answers of the encounter's last step that revealed findings.
    pub fn rephrase(&self, encounter: &mut Encounter, cancel: &Arc<AtomicBool>) {
        let n_ctx = self
            .session
            .backend
            .info()
            .context_limit(self.settings.ctx_size)
            .min(2048);
        for item in encounter.to_rephrase() {
            let [system, user] = item.messages;
            let request = GenRequest {
                messages: vec![
                    ChatMessage::new("system", system),
                    ChatMessage::new("user", user),
                ],
                sampling: self.settings.sampling.clone(),
                max_tokens: 160,
                stop: Vec::new(),
                grammar: None,
            };
            let result = self.session.backend.generate(
                ContextSpec::new(n_ctx, 1),
                request,
                cancel.clone(),
                &mut |_| {},
                &mut |_, _| {},
            );
            match result {
                Ok(g) => {
                    encounter.rephrase(
                        item.index,
                        &g.text,
                        Measured {
                            ms: g.timings.total_ms,
                            prompt_tokens: g.prompt_tokens,
                            completion_tokens: g.completion_tokens,
                        },
                    );
                }
                Err(e) => encounter.rephrase_failed(item.index, &e.to_string()),
            }
        }
    }
}
