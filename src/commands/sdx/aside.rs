//! A second model beside the solver (the judge, the model gatekeeper): started from the run's
//! settings with its own model, it answers one system + user prompt at a time, at most 160
//! tokens in a context of at most 2,048, optionally under a grammar.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::app::settings::Settings;
use crate::engine::{ContextSpec, EngineError, GenRequest, Generation};
use crate::session::{self, Session};

/// A started second model.
pub struct Aside {
    pub session: Session,
    settings: Settings,
}

impl Aside {
    /// Load `model` (a GGUF file or a registered name) for `role` (named in the error).
    pub fn start(settings: &Settings, model: &str, role: &str) -> anyhow::Result<Self> {
        let mut settings = settings.clone();
        settings.model = Some(model.to_string());
        let session = session::start(&settings, session::Outgoing::cases(false))
            .with_context(|| format!("cannot start the {role} model '{model}'"))?;
        Ok(Self { session, settings })
    }

    /// What results say about it: its model, the role's `extra` fields, its sampling.
    pub fn provenance(&self, extra: Value) -> Value {
        let mut out = serde_json::Map::new();
        out.insert(
            "model".into(),
            session::provenance::model_block(&self.session),
        );
        if let Value::Object(extra) = extra {
            out.extend(extra);
        }
        out.insert("sampling".into(), json!(self.settings.sampling));
        Value::Object(out)
    }

    /// One answer to `[system, user]`.
    pub fn answer(
        &self,
        [system, user]: [String; 2],
        grammar: Option<String>,
        cancel: &Arc<AtomicBool>,
    ) -> Result<Generation, EngineError> {
        let request = GenRequest {
            messages: session::sdx::turn::chat(system, user),
            sampling: self.settings.sampling.clone(),
            max_tokens: 160,
            stop: Vec::new(),
            grammar,
        };
        let n_ctx = self
            .session
            .backend
            .info()
            .context_limit(self.settings.ctx_size)
            .min(2048);
        self.session.backend.generate(
            ContextSpec::new(n_ctx, 1),
            request,
            cancel.clone(),
            &mut |_| {},
            &mut |_, _| {},
        )
    }
}
