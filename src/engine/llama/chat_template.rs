//! The chat template of a loaded model: the one `--chat-template` names, else the GGUF's own
//! Jinja template, else a built-in chosen from the model's architecture and vocabulary
//! ([`crate::engine::chat::choose`]). Reads what the Jinja renderer needs from the vocabulary:
//! the BOS/EOS texts, whether the tokenizer adds BOS, and which turn markers are special tokens.

use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::token::LlamaToken;

use crate::engine::chat::{builtin, choose, ChatTemplate, ModelFacts, SpecialTokens, MARKERS};
use crate::engine::{EngineConfig, EngineError};

/// The model's template and how it was chosen.
pub(super) struct Selected {
    pub template: ChatTemplate,
    /// The GGUF carries the template in use.
    pub from_model: bool,
    /// Why a built-in was chosen for a model without a template (for stderr and provenance).
    pub note: Option<String>,
}

/// A token's text with special tokens spelled out; empty for a token the vocabulary lacks
/// (llama.cpp would throw across the FFI boundary and abort on an id out of range).
fn token_text(model: &LlamaModel, token: LlamaToken) -> String {
    if token.0 < 0 || token.0 >= model.vocab().n_tokens() {
        return String::new();
    }
    String::from_utf8_lossy(&model.vocab().token_to_piece(token, true, None)).into_owned()
}

/// BOS and EOS as the template prints them, and whether tokenizing adds BOS.
pub(super) fn special_tokens(model: &LlamaModel) -> SpecialTokens {
    let vocab = model.vocab();
    SpecialTokens {
        bos: token_text(model, vocab.bos()),
        eos: token_text(model, vocab.eos()),
        tokenizer_adds_bos: vocab.should_add_bos(),
    }
}

/// Whether `marker` is one special token of the vocabulary.
fn is_special_token(model: &LlamaModel, marker: &str) -> bool {
    match model
        .vocab()
        .tokenize(marker.as_bytes(), false, true)
        .as_slice()
    {
        [token] => token_text(model, *token) == marker,
        _ => false,
    }
}

/// What decides the template of a model without one.
pub(super) fn model_facts(model: &LlamaModel) -> ModelFacts {
    ModelFacts {
        architecture: model
            .meta_val_str("general.architecture")
            .unwrap_or_default(),
        tokenizer_pre: model.meta_val_str("tokenizer.ggml.pre").unwrap_or_default(),
        special_markers: MARKERS
            .iter()
            .filter(|m| is_special_token(model, m))
            .map(ToString::to_string)
            .collect(),
    }
}

/// The GGUF's own Jinja template, if it has one.
pub(super) fn model_template_source(model: &LlamaModel) -> Option<String> {
    let template = model.chat_template(None).ok()?;
    template.to_string().ok().filter(|s| !s.trim().is_empty())
}

/// The special tokens a built-in template sees. Built-ins are written for many vocabularies: one
/// whose tokenizer does not add BOS gets no BOS text either (SmolLM2's BOS is `<|im_start|>`,
/// which a Gemma or Llama 3 template would otherwise print at the start), as llama.cpp's own
/// renderer never prints it.
pub(super) fn for_builtin(special: SpecialTokens) -> SpecialTokens {
    if special.tokenizer_adds_bos {
        special
    } else {
        SpecialTokens {
            bos: String::new(),
            ..special
        }
    }
}

/// The template this run renders prompts with, with the run's reasoning settings.
pub(super) fn select(model: &LlamaModel, config: &EngineConfig) -> Result<Selected, EngineError> {
    let selected = select_template(model, config)?;
    Ok(Selected {
        template: selected.template.with_reasoning(config.reasoning),
        ..selected
    })
}

fn select_template(model: &LlamaModel, config: &EngineConfig) -> Result<Selected, EngineError> {
    let special = special_tokens(model);
    if let Some(choice) = &config.chat_template {
        let special = if builtin(&choice.name) == Some(choice.source.as_str()) {
            for_builtin(special)
        } else {
            special
        };
        return Ok(Selected {
            template: ChatTemplate::new(&choice.name, &choice.source, special)?,
            from_model: false,
            note: None,
        });
    }
    if let Some(source) = model_template_source(model) {
        return Ok(Selected {
            template: ChatTemplate::new("model", &source, special)?,
            from_model: true,
            note: None,
        });
    }
    let choice = choose(&model_facts(model));
    let source = builtin(choice.name).ok_or_else(|| {
        EngineError::ChatTemplate(format!("no built-in template '{}'", choice.name))
    })?;
    let note = if choice.last_resort {
        format!(
            "warning: the model has no chat template; using '{}': {}",
            choice.name, choice.reason
        )
    } else {
        format!(
            "the model has no chat template; using '{}' because {}",
            choice.name, choice.reason
        )
    };
    Ok(Selected {
        template: ChatTemplate::new(choice.name, source, for_builtin(special))?,
        from_model: false,
        note: Some(note),
    })
}
