//! `--gatekeeper-model`: a second model rephrases each answer that revealed findings, as the
//! patient, the examiner or the laboratory would say it. The deterministic matcher still decides
//! what is revealed; the encounter checks every rephrasing and keeps the deterministic answer
//! when it is refused ([`crate::clinical::sdx::paraphrase`]). The model and the prompt (by
//! sha256) go into the provenance.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde_json::{json, Value};

use super::aside::Aside;
use crate::app::settings::Settings;
use crate::clinical::sdx::{paraphrase, Encounter};
use crate::engine::chat::source_sha256;
use crate::session::sdx::turn;

/// A started gatekeeper model.
pub struct Gatekeeper {
    model: Aside,
}

impl Gatekeeper {
    /// Load the gatekeeper model (a GGUF file or a registered name).
    pub fn start(settings: &Settings, model: &str) -> anyhow::Result<Self> {
        Ok(Self {
            model: Aside::start(settings, model, "gatekeeper")?,
        })
    }

    /// What results say about the gatekeeper.
    pub fn provenance(&self) -> Value {
        let [system, user] = paraphrase::messages("{kind}", "{request}", "{answer}");
        self.model
            .provenance(json!({"prompt_sha256": source_sha256(&format!("{system}\n{user}"))}))
    }

    /// Rephrase the answers of the encounter's last step that revealed findings.
    pub fn rephrase(&self, encounter: &mut Encounter, cancel: &Arc<AtomicBool>) {
        for item in encounter.to_rephrase() {
            let result = self.model.answer(item.messages, None, cancel);
            match result {
                Ok(g) => {
                    encounter.rephrase(item.index, &g.text, turn::measured(&g));
                }
                Err(e) => encounter.rephrase_failed(item.index, &e.to_string()),
            }
        }
    }
}
