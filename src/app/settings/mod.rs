//! Effective settings: built-in defaults < config file < `DDX_*` environment < flags.
//!
//! Each layer is a [`Layer`] of optional values ([`layer`]); the last layer that sets a key wins,
//! and the winner's source is kept so `ddx config show` can say where every value came from.
//! Settings are validated here, with messages that name the source of a bad value. Settings read
//! configuration and nothing else (the de-identification salt is the session's). Nothing past
//! app sees clap types.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::app::paths::Paths;
use crate::cli::{ColorChoice, GenerationArgs, GlobalArgs};
use crate::engine::{FlashAttention, GpuLayers, OffloadConfig, ReasoningConfig, SamplingParams};

/// Apply `$m!` to the list of every key of [`Layer`].
macro_rules! for_each_key {
    ($m:ident) => {
        $m!(
            model,
            template,
            chat_template,
            reasoning_format,
            reasoning_budget,
            temperature,
            top_k,
            top_p,
            min_p,
            repeat_penalty,
            seed,
            max_tokens,
            stop,
            ctx_size,
            threads,
            gpu_layers,
            flash_attn,
            main_gpu,
            split_mode,
            cache_type_k,
            cache_type_v,
            parallel,
            endpoint,
            remote_model,
            api_key_env,
            max_retries,
            request_timeout,
            max_rpm,
            max_tpm,
            allow_identifiable,
            ledger,
            batch_invariant,
            wait,
            deid_replace
        )
    };
}

mod checks;
mod layer;

use checks::{
    deid_replace, device_settings, offload_settings, reasoning_settings, remote_settings,
    sampling_settings, sizes, Sizes,
};
pub use layer::{defaults, keys, parse_config, Layer, NumberOrWord, Source, DEFAULT_CONFIG};
use layer::{env_layer, flag_layer, SourceOf};

/// Validated settings for one command.
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    pub model: Option<String>,
    pub template: Option<String>,
    /// `--chat-template`: a built-in chat template's name or a Jinja file (the model's own when
    /// `None`).
    pub chat_template: Option<String>,
    /// Reasoning blocks (`--reasoning-format`, `--reasoning-budget`).
    pub reasoning: ReasoningConfig,
    pub sampling: SamplingParams,
    pub max_tokens: u32,
    pub stop: Vec<String>,
    pub ctx_size: u32,
    pub threads: u32,
    pub gpu_layers: GpuLayers,
    pub flash_attention: FlashAttention,
    /// Main GPU, split mode and KV-cache types.
    pub offload: OffloadConfig,
    pub parallel: Option<u32>,
    /// A served model's settings.
    pub remote: RemoteSettings,
    /// Record `batch` and `eval` runs in the ledger (`ledger = false`, `--no-ledger` turn it off).
    pub ledger: bool,
    /// Each case's output independent of the batch (`--batch-invariant`).
    pub batch_invariant: bool,
    /// Wait for another run writing the same output file to end instead of refusing (`--wait`).
    pub wait: bool,
    /// What de-identification puts where an identifier was (`deid_replace`, `DDX_DEID_REPLACE`;
    /// `--deid-replace` overrides it in [`DeidSettings`]).
    pub deid_replace: crate::clinical::deid::Replace,
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
    /// The merged layer and the source of each key, for `config show`.
    pub effective: Layer,
    pub sources: BTreeMap<&'static str, Source>,
}

impl Settings {
    /// Resolve settings from the process environment.
    pub fn resolve(
        global: &GlobalArgs,
        generation: Option<&GenerationArgs>,
        parallel: Option<u32>,
    ) -> anyhow::Result<Self> {
        Self::resolve_with(
            global,
            generation,
            parallel,
            &|name| std::env::var(name).ok(),
            Paths::resolve(),
        )
    }

    /// Resolve with an explicit environment (tests).
    pub fn resolve_with(
        global: &GlobalArgs,
        generation: Option<&GenerationArgs>,
        parallel: Option<u32>,
        vars: &dyn Fn(&str) -> Option<String>,
        paths: Paths,
    ) -> anyhow::Result<Self> {
        let mut layers: Vec<(Layer, SourceOf)> = Vec::new();
        layers.push((defaults(), Box::new(|_| Source::Default)));
        let config_file = if global.no_config {
            None
        } else if let Some(path) = &global.config {
            Some(path.clone())
        } else {
            Some(paths.config_file()).filter(|p| p.is_file())
        };
        if let Some(path) = &config_file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config file '{}'", path.display()))?;
            let layer = parse_config(path, &text)?;
            let source_path = path.clone();
            layers.push((layer, Box::new(move |_| Source::File(source_path.clone()))));
        }
        let (env, names) = env_layer(vars)?;
        layers.push((
            env,
            Box::new(move |key| Source::Env(names.get(key).cloned().unwrap_or_default())),
        ));
        if let Some(args) = generation {
            layers.push((flag_layer(args, parallel), Box::new(|_| Source::Flag)));
        } else if parallel.is_some() {
            layers.push((
                Layer {
                    parallel,
                    ..Layer::default()
                },
                Box::new(|_| Source::Flag),
            ));
        }
        let mut merged = Layer::default();
        let mut sources = BTreeMap::new();
        for (layer, source) in &layers {
            macro_rules! take {
                ($($key:ident),*) => {$(
                    if layer.$key.is_some() {
                        merged.$key = layer.$key.clone();
                        sources.insert(stringify!($key), source(stringify!($key)));
                    }
                )*};
            }
            for_each_key!(take);
        }
        Self::validate(global, merged, sources, config_file, paths, vars)
    }

    fn validate(
        global: &GlobalArgs,
        merged: Layer,
        sources: BTreeMap<&'static str, Source>,
        config_file: Option<PathBuf>,
        paths: Paths,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let sampling = sampling_settings(&merged, &sources)?;
        let (gpu_layers, flash_attention, batch_invariant) = device_settings(&merged, &sources)?;
        let offload = offload_settings(&merged, &sources, flash_attention)?;
        let reasoning = reasoning_settings(&merged, &sources)?;
        let Sizes {
            ctx_size,
            max_tokens,
            threads,
        } = sizes(&merged, &sources)?;
        let color = stderr_color(global.color, vars("NO_COLOR").as_deref());
        Ok(Self {
            paths,
            config_file,
            model: merged.model.clone(),
            template: merged.template.clone(),
            chat_template: merged.chat_template.clone(),
            reasoning,
            sampling,
            max_tokens,
            stop: merged.stop.clone().unwrap_or_default(),
            ctx_size,
            threads,
            gpu_layers,
            flash_attention,
            offload: OffloadConfig {
                fit_ctx: ctx_size.saturating_mul(merged.parallel.unwrap_or(1)),
                ..offload
            },
            parallel: merged.parallel,
            remote: remote_settings(&merged, &sources)?,
            ledger: merged.ledger.unwrap_or(true),
            batch_invariant,
            wait: merged.wait.unwrap_or(false),
            deid_replace: deid_replace(&merged, &sources)?,
            quiet: global.quiet,
            verbose: global.verbose,
            color,
            effective: merged,
            sources,
        })
    }
}

/// Whether stderr takes colours: `--color always|never`, or with `auto` a terminal and no
/// non-empty `NO_COLOR` (<https://no-color.org>).
pub fn stderr_color(choice: ColorChoice, no_color: Option<&str>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(str::is_empty) && std::io::stderr().is_terminal(),
    }
}

/// The settings of a served model (they apply when `endpoint` is set, or when `--model` names a
/// registered served model).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSettings {
    /// The endpoint URL, checked.
    pub endpoint: Option<String>,
    /// The model or deployment name sent in each request.
    pub model: Option<String>,
    /// The environment variable holding the key (the family's default when `None`).
    pub api_key_env: Option<String>,
    pub max_retries: u32,
    /// Seconds one request may take.
    pub request_timeout: u32,
    pub max_rpm: Option<u32>,
    pub max_tpm: Option<u32>,
    /// Cases that were not de-identified may go to an endpoint off this machine.
    pub allow_identifiable: bool,
}

/// De-identification settings, from `--deid`, `--deid-dates`, `--deid-date-order`,
/// `--deid-model` and `--salt-file` (the salt itself is loaded, and the model started, by the
/// session that needs them: settings read configuration only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeidSettings {
    pub mode: crate::clinical::deid::DateMode,
    pub date_order: crate::clinical::deid::DateOrder,
    pub salt_file: Option<PathBuf>,
    /// `--deid-replace`, when given (else the setting `deid_replace` of [`Settings`]).
    pub replace: Option<crate::clinical::deid::Replace>,
    /// The model of the model-assisted pass: a GGUF path, a registered name or an endpoint URL.
    pub model: Option<String>,
}

impl DeidSettings {
    pub fn from_options(options: &crate::cli::DeidOptions) -> Self {
        use crate::clinical::deid::{DateMode, DateOrder};
        Self {
            mode: match options.dates {
                crate::cli::DeidDates::Shift => DateMode::Shift,
                crate::cli::DeidDates::Year => DateMode::Year,
            },
            date_order: match options.date_order {
                crate::cli::DeidDateOrder::MonthFirst => DateOrder::MonthFirst,
                crate::cli::DeidDateOrder::DayFirst => DateOrder::DayFirst,
            },
            salt_file: options.salt_file.clone(),
            replace: options.replace.map(|r| match r {
                crate::cli::DeidReplace::Tags => crate::clinical::deid::Replace::Tags,
                crate::cli::DeidReplace::Surrogates => crate::clinical::deid::Replace::Surrogates,
            }),
            model: options.model.clone(),
        }
    }

    /// `None` unless `--deid` was given; `--deid-model` without `--deid` is an error (it would
    /// do nothing).
    pub fn from_args(args: &crate::cli::DeidArgs) -> anyhow::Result<Option<Self>> {
        if !args.deid && args.options.model.is_some() {
            anyhow::bail!("'--deid-model' works with '--deid': add --deid to de-identify");
        }
        Ok(args.deid.then(|| Self::from_options(&args.options)))
    }
}

#[cfg(test)]
mod tests;
