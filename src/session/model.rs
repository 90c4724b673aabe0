//! Starting the model for a command: the local GGUF file the settings name (resolved, checked,
//! fingerprinted, loaded), or the served model they point at ([`super::remote`]).

use anyhow::Context as _;

use crate::app::settings::Settings;
use crate::engine::chat::{self, TemplateChoice};
use crate::engine::{Backend, Engine, EngineConfig, ModelInfo, Tokenizer};
use crate::models::{self, ModelChoice, Resolved};

/// What leaves the machine when the model is served: the run's cases, de-identified or as they
/// are, or nothing that came from a case (synthetic benchmark prompts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgoing {
    DeidentifiedCases,
    Cases,
    NoCases,
}

impl Outgoing {
    /// `DeidentifiedCases` when the command de-identifies what it sends, else `Cases`.
    pub fn cases(deidentified: bool) -> Self {
        if deidentified {
            Self::DeidentifiedCases
        } else {
            Self::Cases
        }
    }
}

/// Where the model of a session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A GGUF file, by its sha256.
    Local { sha256: String },
    /// A served model: the endpoint (scheme, host, path), the model name sent, the API family
    /// and the sampling keys each request carries.
    Remote {
        endpoint: String,
        model: String,
        api: &'static str,
        sampling_keys: &'static [&'static str],
    },
}

/// A started model and what provenance needs to know about it.
#[derive(Debug)]
pub struct Session {
    pub backend: Box<dyn Backend>,
    pub origin: Origin,
}

impl Session {
    /// The model file's sha256 (none for a served model).
    pub fn sha256(&self) -> Option<&str> {
        match &self.origin {
            Origin::Local { sha256 } => Some(sha256),
            Origin::Remote { .. } => None,
        }
    }
}

fn choice<'a>(
    settings: &'a Settings,
    source: &'a str,
    models_dir: &'a std::path::Path,
) -> ModelChoice<'a> {
    ModelChoice {
        model: settings.model.as_deref(),
        source,
        models_dir,
    }
}

fn model_source(settings: &Settings) -> String {
    settings
        .sources
        .get("model")
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The model file the settings name (a path, a registry name, or the default model).
pub fn model_path(settings: &Settings) -> anyhow::Result<std::path::PathBuf> {
    let source = model_source(settings);
    models::resolve_model(choice(settings, &source, &settings.paths.models_dir()))
}

/// The chat template `--chat-template` names: a built-in, else a Jinja file; `None` when unset.
pub fn chat_template(settings: &Settings) -> anyhow::Result<Option<TemplateChoice>> {
    let Some(value) = settings.chat_template.as_deref() else {
        return Ok(None);
    };
    if let Some(source) = chat::builtin(value) {
        return Ok(Some(TemplateChoice {
            name: value.to_string(),
            source: source.to_string(),
        }));
    }
    let path = std::path::Path::new(value);
    if !path.is_file() {
        anyhow::bail!(
            "chat template '{value}' is neither a built-in ({}) nor a file",
            chat::builtin_names().join(", ")
        );
    }
    let source = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read chat template file '{value}'"))?;
    Ok(Some(TemplateChoice {
        name: value.to_string(),
        source,
    }))
}

/// The model's vocabulary and chat template without its weights (`ddx render`): a local GGUF
/// file only, since a served model renders its prompts on the server.
pub fn vocabulary(settings: &Settings) -> anyhow::Result<(ModelInfo, Tokenizer)> {
    let template = chat_template(settings)?;
    if settings.remote.endpoint.is_some() {
        anyhow::bail!("a served model renders its own prompts: ddx render needs a local GGUF file");
    }
    let source = model_source(settings);
    let path = match models::resolve(choice(settings, &source, &settings.paths.models_dir()))? {
        Resolved::Served(_) => anyhow::bail!(
            "a served model renders its own prompts: ddx render needs a local GGUF file"
        ),
        Resolved::File(path) => path,
    };
    models::check_model_file(&path)?;
    let (info, tokenizer) = crate::engine::load_vocab(&EngineConfig {
        model_path: path,
        gpu_layers: crate::engine::GpuLayers::Count(0),
        threads: settings.threads,
        fit_threads: false,
        flash_attention: settings.flash_attention,
        offload: settings.offload,
        verbose_llama_logs: settings.verbose,
        chat_template: template,
        reasoning: settings.reasoning,
    })?;
    if let Some(note) = &info.chat_template_note {
        engine_note(note);
    }
    Ok((info, tokenizer))
}

/// A note of the engine's on stderr: one that starts `warning: ` as a warning (shown even under
/// --quiet), any other as a note.
fn engine_note(note: &str) {
    match note.strip_prefix("warning: ") {
        Some(warning) => crate::warning!("{warning}"),
        None => crate::note!("{note}"),
    }
}

/// Default number of cases decoded (or requests kept in flight) together: more on a GPU, where
/// a wide batch costs little; 8 for the CPU and for a served model.
pub fn default_parallel(info: &ModelInfo) -> u32 {
    if info.served_by.is_none() && info.gpu_layers > 0 {
        32
    } else {
        8
    }
}

/// Start the model the settings name: a served one when `endpoint` is set or `--model` names a
/// registered served model, else the local file. `outgoing` says what the command would send.
pub fn start(settings: &Settings, outgoing: Outgoing) -> anyhow::Result<Session> {
    // Fail on a bad --chat-template before anything loads, whichever backend runs.
    chat_template(settings)?;
    if settings.remote.endpoint.is_some() {
        return super::remote::start(settings, None, outgoing);
    }
    let source = model_source(settings);
    match models::resolve(choice(settings, &source, &settings.paths.models_dir()))? {
        Resolved::Served(entry) => {
            if settings.batch_invariant {
                anyhow::bail!(
                    "--batch-invariant is for the local engine: the served model '{}' batches \
                     requests as its server decides",
                    entry.name
                );
            }
            super::remote::start(settings, Some(&entry), outgoing)
        }
        Resolved::File(path) => start_local(settings, path),
    }
}

/// The user left `threads` at its default (the physical cores): the engine may leave cores that
/// other work is using (see the engine's `cpu` module).
fn threads_by_default(settings: &Settings) -> bool {
    matches!(
        settings.sources.get("threads"),
        None | Some(crate::app::settings::Source::Default)
    )
}

fn start_local(settings: &Settings, path: std::path::PathBuf) -> anyhow::Result<Session> {
    models::check_model_file(&path)?;
    let sha256 = models::sha256_cached(&path, &settings.paths.hash_cache())
        .with_context(|| format!("cannot fingerprint model file '{}'", path.display()))?;
    let engine = Engine::start(EngineConfig {
        model_path: path,
        gpu_layers: settings.gpu_layers,
        threads: settings.threads,
        fit_threads: threads_by_default(settings),
        flash_attention: settings.flash_attention,
        offload: settings.offload,
        verbose_llama_logs: settings.verbose,
        chat_template: chat_template(settings)?,
        reasoning: settings.reasoning,
    })?;
    if settings.batch_invariant && engine.info().gpu_layers > 0 {
        anyhow::bail!(
            "--batch-invariant holds on the CPU backend only: {} layers are offloaded to the GPU, \
             whose kernels choose their algorithm by batch shape (use --gpu-layers 0)",
            engine.info().gpu_layers
        );
    }
    if let Some(note) = &engine.info().threads_note {
        crate::note!("{note}");
    }
    if let Some(note) = &engine.info().chat_template_note {
        engine_note(note);
    }
    if settings.gpu_layers == crate::engine::GpuLayers::Auto && engine.info().gpu_layers == 0 {
        crate::note!(
            "--gpu-layers auto: {}; running on the CPU",
            if crate::app::version::backends().len() == 1 {
                "this build has no GPU backend (see README: building with --features cuda)"
            } else {
                "no layer fits in free GPU memory"
            }
        );
    }
    if settings.verbose {
        let info = engine.info();
        // Asked for with --verbose: shown even under --quiet.
        crate::say!(
            "{}: model {} ({}, {}, {} params, {} layers, context trained {}), backend {}, {} GPU layers, chat template: {}",
            crate::app::messages::prefix(),
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
        origin: Origin::Local { sha256 },
    })
}
