//! A model's vocabulary and chat template without its weights (llama.cpp's `vocab_only`): what
//! `ddx render` needs to show the exact prompt and tokens a mode sends, in a fraction of a
//! second and without the memory of the weights.

use std::sync::Arc;

use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::{send_logs_to_tracing, LogOptions};

use super::chat_template::select;
use super::load::model_names;
use super::shared_backend;
use super::tokenizer::LlamaTokenizer;
use crate::engine::{EngineConfig, EngineError, ModelInfo, Tokenizer};

/// Load only the vocabulary of `config.model_path` and select its chat template as a run would.
/// The info's weight-related fields (parameters, size, layers on GPU) are zero.
pub fn load_vocab(config: &EngineConfig) -> Result<(ModelInfo, Tokenizer), EngineError> {
    send_logs_to_tracing(LogOptions::default().with_logs_enabled(config.verbose_llama_logs));
    let backend = shared_backend()?;
    let path = &config.model_path;
    let params = LlamaModelParams::default().with_vocab_only(true);
    let model = LlamaModel::load_from_file(backend, path, &params).map_err(|error| {
        EngineError::ModelLoad {
            path: path.clone(),
            reason: format!("{error} (its vocabulary could not be read)"),
        }
    })?;
    let template = select(&model, config)?;
    let meta = |key: &str| model.meta_val_str(key).ok();
    let (name, file_name) = model_names(&model, path);
    let info = ModelInfo {
        path: path.clone(),
        name,
        file_name,
        architecture: meta("general.architecture").unwrap_or_default(),
        quantization: String::new(),
        n_params: 0,
        size_bytes: 0,
        n_ctx_train: model.n_ctx_train(),
        n_layer: 0,
        n_vocab: model.n_vocab(),
        has_chat_template: template.from_model,
        chat_template: template.template.name().to_string(),
        chat_template_sha256: template.template.sha256().to_string(),
        chat_template_note: template.note,
        backend: "vocabulary only".to_string(),
        gpu_layers: 0,
        served_by: None,
        threads: config.threads,
        threads_note: None,
        kv_bytes_per_token: 0,
        device_free_bytes: None,
    };
    let tokenizer = LlamaTokenizer::new(Arc::new(model), template.template);
    Ok((info, Tokenizer::new(Arc::new(tokenizer))))
}
