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

use anyhow::{anyhow, bail, Context as _};

use crate::app::paths::Paths;
use crate::cli::{ColorChoice, GenerationArgs, GlobalArgs};
use crate::engine::{
    CacheType, FlashAttention, GpuLayers, OffloadConfig, ReasoningConfig, ReasoningFormat,
    SamplingParams, SplitMode,
};

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

mod layer;

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
        let fallback = defaults();
        let or_default = |v: Option<f32>, d: Option<f32>| v.or(d).unwrap_or_default();
        let sampling = SamplingParams {
            temperature: or_default(merged.temperature, fallback.temperature),
            top_k: merged.top_k.or(fallback.top_k).unwrap_or_default(),
            top_p: or_default(merged.top_p, fallback.top_p),
            min_p: or_default(merged.min_p, fallback.min_p),
            repeat_penalty: or_default(merged.repeat_penalty, fallback.repeat_penalty),
            repeat_last_n: 64,
            seed: merged.seed.or(fallback.seed).unwrap_or_default(),
        };
        sampling
            .validate()
            .map_err(|e| anyhow!("{e} (from {})", source_of(&sources, key_of(&e))))?;
        let gpu_layers = merged
            .gpu_layers
            .clone()
            .map_or(Ok(GpuLayers::All), |g| g.to_string().parse::<GpuLayers>())
            .map_err(|e| {
                anyhow!(
                    "'gpu-layers': {e} (from {})",
                    source_of(&sources, "gpu_layers")
                )
            })?;
        let flash_attention = merged
            .flash_attn
            .as_deref()
            .unwrap_or("auto")
            .parse::<FlashAttention>()
            .map_err(|e| {
                anyhow!(
                    "'flash-attn': {e} (from {})",
                    source_of(&sources, "flash_attn")
                )
            })?;
        let batch_invariant = merged.batch_invariant.unwrap_or(false);
        if batch_invariant && flash_attention == FlashAttention::On {
            bail!(
                "'batch-invariant' needs flash attention off: llama.cpp's CPU flash-attention \
                 kernel sums in a different order from 64 query rows on, so outputs would depend \
                 on how tokens are batched ('flash-attn = on' from {}; leave it at auto)",
                source_of(&sources, "flash_attn")
            );
        }
        if batch_invariant && merged.endpoint.is_some() {
            bail!(
                "'batch-invariant' is for the local engine: a served model batches requests as \
                 the server decides (endpoint from {})",
                source_of(&sources, "endpoint")
            );
        }
        let flash_attention = if batch_invariant {
            FlashAttention::Off
        } else {
            flash_attention
        };
        let offload = offload_settings(&merged, &sources, flash_attention)?;
        let reasoning = ReasoningConfig {
            format: merged
                .reasoning_format
                .as_deref()
                .unwrap_or("auto")
                .parse::<ReasoningFormat>()
                .map_err(|e| {
                    anyhow!(
                        "'reasoning-format': {e} (from {})",
                        source_of(&sources, "reasoning_format")
                    )
                })?,
            budget: merged.reasoning_budget,
        };
        let ctx_size = merged.ctx_size.unwrap_or(4096);
        if ctx_size < 64 {
            return Err(anyhow!(
                "'ctx-size' must be at least 64, got '{ctx_size}' (from {})",
                source_of(&sources, "ctx_size")
            ));
        }
        let max_tokens = merged.max_tokens.unwrap_or(512);
        if max_tokens == 0 {
            return Err(anyhow!(
                "'max-tokens' must be at least 1 (from {})",
                source_of(&sources, "max_tokens")
            ));
        }
        let threads = merged.threads.unwrap_or(1);
        if threads == 0 || threads > 1024 {
            return Err(anyhow!(
                "'threads' must be between 1 and 1024, got '{threads}'"
            ));
        }
        if let Some(p) = merged.parallel {
            if p == 0 || p > 256 {
                return Err(anyhow!(
                    "'parallel' must be between 1 and 256, got '{p}' (from {})",
                    source_of(&sources, "parallel")
                ));
            }
        }
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

/// `deid_replace`: `tags` or `surrogates`.
fn deid_replace(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
) -> anyhow::Result<crate::clinical::deid::Replace> {
    let value = merged.deid_replace.as_deref().unwrap_or("tags");
    crate::clinical::deid::Replace::parse(value).ok_or_else(|| {
        anyhow!(
            "'deid-replace' must be 'tags' or 'surrogates', got '{value}' (from {})",
            source_of(sources, "deid_replace")
        )
    })
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

fn remote_settings(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
) -> anyhow::Result<RemoteSettings> {
    if let Some(url) = &merged.endpoint {
        crate::engine::remote::Endpoint::parse(url)
            .map_err(|e| anyhow!("'endpoint': {e} (from {})", source_of(sources, "endpoint")))?;
    }
    let request_timeout = merged.request_timeout.unwrap_or(300);
    if request_timeout == 0 {
        return Err(anyhow!(
            "'request-timeout' must be at least 1 second (from {})",
            source_of(sources, "request_timeout")
        ));
    }
    if let Some(var) = &merged.api_key_env {
        if var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(anyhow!(
                "'api-key-env' must name an environment variable (letters, digits, '_'), got '{var}' (from {})",
                source_of(sources, "api_key_env")
            ));
        }
    }
    for (key, value) in [("max_rpm", merged.max_rpm), ("max_tpm", merged.max_tpm)] {
        if value == Some(0) {
            return Err(anyhow!(
                "'{}' must be at least 1 (from {})",
                key.replace('_', "-"),
                source_of(sources, key)
            ));
        }
    }
    Ok(RemoteSettings {
        endpoint: merged.endpoint.clone(),
        model: merged.remote_model.clone(),
        api_key_env: merged.api_key_env.clone(),
        max_retries: merged.max_retries.unwrap_or(5),
        request_timeout,
        max_rpm: merged.max_rpm,
        max_tpm: merged.max_tpm,
        allow_identifiable: merged.allow_identifiable.unwrap_or(false),
    })
}

/// Main GPU, split mode and KV-cache types, validated; errors say where the value came from.
fn offload_settings(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
    flash_attention: FlashAttention,
) -> anyhow::Result<OffloadConfig> {
    let parse = |key: &'static str, flag: &str, value: Option<&str>, default: &str| {
        value
            .unwrap_or(default)
            .parse::<CacheType>()
            .map_err(|e| anyhow!("'{flag}': {e} (from {})", source_of(sources, key)))
    };
    let cache_type_k = parse(
        "cache_type_k",
        "cache-type-k",
        merged.cache_type_k.as_deref(),
        "f16",
    )?;
    let cache_type_v = parse(
        "cache_type_v",
        "cache-type-v",
        merged.cache_type_v.as_deref(),
        "f16",
    )?;
    if cache_type_v.is_quantized() && flash_attention == FlashAttention::Off {
        return Err(anyhow!(
            "'cache-type-v' {cache_type_v} (from {}) needs flash attention, which is off (from {}): \
             add '--flash-attn on' or 'auto', or keep the V cache at f16",
            source_of(sources, "cache_type_v"),
            source_of(sources, "flash_attn")
        ));
    }
    let split_mode = merged
        .split_mode
        .as_deref()
        .unwrap_or("layer")
        .parse::<SplitMode>()
        .map_err(|e| {
            anyhow!(
                "'split-mode': {e} (from {})",
                source_of(sources, "split_mode")
            )
        })?;
    Ok(OffloadConfig {
        main_gpu: merged.main_gpu.unwrap_or(0),
        split_mode,
        cache_type_k,
        cache_type_v,
        fit_ctx: 0,
    })
}

/// Which key a validation message is about (it quotes the flag name).
fn key_of(message: &str) -> &'static str {
    for key in ["temperature", "top-k", "top-p", "min-p", "repeat-penalty"] {
        if message.contains(&format!("'{key}'")) {
            return match key {
                "temperature" => "temperature",
                "top-k" => "top_k",
                "top-p" => "top_p",
                "min-p" => "min_p",
                _ => "repeat_penalty",
            };
        }
    }
    ""
}

fn source_of(sources: &BTreeMap<&'static str, Source>, key: &str) -> String {
    sources
        .get(key)
        .map_or_else(|| "default".to_string(), ToString::to_string)
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
mod tests {
    use super::*;
    use std::path::Path;

    fn paths(dir: &Path) -> Paths {
        Paths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            cache_dir: dir.join("cache"),
        }
    }

    fn resolve(
        dir: &Path,
        file: Option<&str>,
        env: &[(&str, &str)],
        flags: GenerationArgs,
    ) -> anyhow::Result<Settings> {
        let paths = paths(dir);
        if let Some(text) = file {
            std::fs::create_dir_all(&paths.config_dir).expect("mkdir");
            std::fs::write(paths.config_file(), text).expect("write");
        }
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        let vars = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        Settings::resolve_with(&GlobalArgs::default(), Some(&flags), None, &vars, paths)
    }

    #[test]
    fn each_layer_overrides_the_one_below() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = resolve(dir.path(), None, &[], GenerationArgs::default()).expect("ok");
        assert_eq!(
            (s.sampling.seed, s.sources["seed"].clone()),
            (42, Source::Default)
        );
        let s = resolve(
            dir.path(),
            Some("seed = 1\ntop_k = 5\n"),
            &[],
            GenerationArgs::default(),
        )
        .expect("ok");
        assert_eq!(s.sampling.seed, 1);
        assert!(matches!(s.sources["seed"], Source::File(_)));
        let s = resolve(
            dir.path(),
            Some("seed = 1\n"),
            &[("DDX_SEED", "2")],
            GenerationArgs::default(),
        )
        .expect("ok");
        assert_eq!(
            (s.sampling.seed, s.sources["seed"].clone()),
            (2, Source::Env("DDX_SEED".into()))
        );
        let flags = GenerationArgs {
            seed: Some(3),
            ..GenerationArgs::default()
        };
        let s = resolve(
            dir.path(),
            Some("seed = 1\ntop_k = 5\n"),
            &[("DDX_SEED", "2")],
            flags,
        )
        .expect("ok");
        assert_eq!(
            (s.sampling.seed, s.sources["seed"].clone()),
            (3, Source::Flag)
        );
        assert_eq!(
            s.sampling.top_k, 5,
            "keys not overridden keep the lower layer"
        );
    }

    #[test]
    fn config_errors_name_file_line_and_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = resolve(
            dir.path(),
            Some("seed = 1\ntemprature = 0.5\n"),
            &[],
            GenerationArgs::default(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("config.toml") && msg.contains("line 2") && msg.contains("temprature"),
            "{msg}"
        );
        let err = resolve(
            dir.path(),
            Some("seed = \"x\"\n"),
            &[],
            GenerationArgs::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn bad_env_values_name_the_variable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = resolve(
            dir.path(),
            None,
            &[("DDX_TOP_K", "many")],
            GenerationArgs::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("DDX_TOP_K"), "{err}");
    }

    #[test]
    fn out_of_range_values_say_where_they_came_from() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = resolve(
            dir.path(),
            None,
            &[("DDX_TOP_P", "3")],
            GenerationArgs::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("DDX_TOP_P"), "{err}");
    }

    #[test]
    fn color_follows_the_flag_and_no_color() {
        let dir = tempfile::tempdir().expect("tempdir");
        let resolve_color = |choice: ColorChoice, no_color: Option<&str>| {
            let global = GlobalArgs {
                color: choice,
                ..GlobalArgs::default()
            };
            let no_color = no_color.map(ToString::to_string);
            let vars = move |name: &str| (name == "NO_COLOR").then(|| no_color.clone()).flatten();
            Settings::resolve_with(&global, None, None, &vars, paths(dir.path()))
                .expect("ok")
                .color
        };
        assert!(resolve_color(ColorChoice::Always, Some("1")));
        assert!(!resolve_color(ColorChoice::Never, None));
        // NO_COLOR wins over auto even where stderr is a terminal.
        assert!(!resolve_color(ColorChoice::Auto, Some("1")));
    }

    #[test]
    fn gpu_settings_are_validated_with_their_source() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = resolve(
            dir.path(),
            Some("gpu_layers = \"auto\"\ncache_type_k = \"q8_0\"\n"),
            &[("DDX_SPLIT_MODE", "row"), ("DDX_MAIN_GPU", "1")],
            GenerationArgs::default(),
        )
        .expect("ok");
        assert_eq!(s.gpu_layers, GpuLayers::Auto);
        assert_eq!(s.offload.cache_type_k, CacheType::Q8_0);
        assert_eq!(s.offload.split_mode, SplitMode::Row);
        assert_eq!(s.offload.main_gpu, 1);
        assert_eq!(s.offload.fit_ctx, 4096);
        let err = resolve(
            dir.path(),
            Some("gpu_layers = \"lots\"\n"),
            &[],
            GenerationArgs::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("'gpu-layers'") && err.contains("config file"),
            "{err}"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let flags = GenerationArgs {
            cache_type_v: Some("q4_0".into()),
            flash_attn: Some("off".into()),
            ..GenerationArgs::default()
        };
        let err = resolve(dir.path(), None, &[], flags)
            .unwrap_err()
            .to_string();
        assert!(err.contains("flash attention"), "{err}");
        let flags = GenerationArgs {
            cache_type_v: Some("q4_0".into()),
            flash_attn: Some("on".into()),
            ..GenerationArgs::default()
        };
        assert!(resolve(dir.path(), None, &[], flags).is_ok());
    }

    #[test]
    fn config_type_errors_name_the_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = resolve(
            dir.path(),
            Some("# comment\ntop_k = 5\nseed = \"x\"\n"),
            &[],
            GenerationArgs::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 3") && err.contains("'seed'"), "{err}");
    }

    #[test]
    fn default_config_file_parses() {
        parse_config(Path::new("default-config.toml"), DEFAULT_CONFIG)
            .expect("the shipped default parses");
    }
}
