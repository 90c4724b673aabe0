//! `--gatekeeper-model`: a second model, given the whole case (never the diagnosis), answers each
//! request that revealed findings, as the patient, the examiner or the laboratory would say it;
//! with `--absent synthetic` it also writes a result for each ordered test the case does not
//! hold. The deterministic matcher still decides what is revealed; the encounter checks every
//! reply and keeps the deterministic answer when it is refused
//! ([`crate::clinical::sdx::paraphrase`]). The model and the prompts (by sha256) go into the
//! provenance.

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
        let [system, user] = paraphrase::messages("{case}", "{kind}", "{request}", "{answer}");
        let [s_system, s_user] = paraphrase::synthetic_messages("{case}", "{request}");
        self.model.provenance(json!({
            "prompt_sha256": source_sha256(&format!("{system}\n{user}")),
            "synthetic_prompt_sha256": source_sha256(&format!("{s_system}\n{s_user}"))}))
    }

    /// Answer, through the model, the requests of the encounter's last step that revealed findings
    /// (and, with `--absent synthetic`, the orders the case holds nothing for).
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
