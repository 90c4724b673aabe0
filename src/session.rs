//! Starting the engine for a command: resolve the model, fingerprint it, load it.

use anyhow::Context as _;

use crate::engine::{Engine, EngineConfig};
use crate::models;
use crate::settings::Settings;

/// A loaded model and what provenance needs to know about it.
#[derive(Debug)]
pub struct Session {
    pub engine: Engine,
    pub model_sha256: String,
}

/// Resolve and load the model named by the settings.
pub fn start(settings: &Settings) -> anyhow::Result<Session> {
    let path = models::resolve_model(settings)?;
    crate::engine::check_model_file(&path)?;
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
            if crate::version::backends().len() == 1 {
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
        engine,
        model_sha256,
    })
}
