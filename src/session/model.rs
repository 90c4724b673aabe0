//! Starting the model for a command: resolve the file the settings name, check it, fingerprint
//! it, and load it into a backend.

use anyhow::Context as _;

use crate::app::settings::Settings;
use crate::engine::{Backend, Engine, EngineConfig};
use crate::models::{self, ModelChoice};

/// A loaded model and what provenance needs to know about it.
#[derive(Debug)]
pub struct Session {
    pub backend: Box<dyn Backend>,
    pub model_sha256: String,
}

/// The model file the settings name (a path, a registry name, or the default model).
pub fn model_path(settings: &Settings) -> anyhow::Result<std::path::PathBuf> {
    let source = settings
        .sources
        .get("model")
        .map(ToString::to_string)
        .unwrap_or_default();
    models::resolve_model(ModelChoice {
        model: settings.model.as_deref(),
        source: &source,
        models_dir: &settings.paths.models_dir(),
    })
}

/// Default number of cases decoded together: more on a GPU, where a wide batch costs little.
pub fn default_parallel(gpu_layers: u32) -> u32 {
    if gpu_layers > 0 {
        32
    } else {
        8
    }
}

/// Resolve and load the model named by the settings.
pub fn start(settings: &Settings) -> anyhow::Result<Session> {
    let path = model_path(settings)?;
    models::check_model_file(&path)?;
    let model_sha256 = models::sha256_cached(&path, &settings.paths.hash_cache())
        .with_context(|| format!("cannot fingerprint model file '{}'", path.display()))?;
    let engine = Engine::start(EngineConfig {
        model_path: path,
        gpu_layers: settings.gpu_layers,
        threads: settings.threads,
        flash_attention: settings.flash_attention,
        offload: settings.offload,
        verbose_llama_logs: settings.verbose,
        chat_template: None,
    })?;
    if settings.gpu_layers == crate::engine::GpuLayers::Auto
        && engine.info().gpu_layers == 0
        && !settings.quiet
    {
        eprintln!(
            "ddx: --gpu-layers auto: {}; running on the CPU",
            if crate::app::version::backends().len() == 1 {
                "this build has no GPU backend (see README: building with --features cuda)"
            } else {
                "no layer fits in free GPU memory"
            }
        );
    }
    if settings.verbose {
        let info = engine.info();
        eprintln!(
            "ddx: model {} ({}, {}, {} params, {} layers, context trained {}), backend {}, {} GPU layers, chat template: {}",
            info.file_name,
            info.architecture,
            info.quantization,
            info.n_params,
            info.n_layer,
            info.n_ctx_train,
            info.backend,
            info.gpu_layers,
            info.chat_template
        );
    }
    Ok(Session {
        backend: Box::new(engine),
        model_sha256,
    })
}
