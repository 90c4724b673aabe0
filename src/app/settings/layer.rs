//! The layers settings are merged from: every key optional in each, read from the built-in
//! defaults, a config file (errors name the file, the line and the key), `DDX_*` environment
//! variables and command-line flags, with the source of each value kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use serde::{Deserialize, Serialize};

use crate::cli::GenerationArgs;
use crate::engine::SamplingParams;

/// A number or a word in the config file (`gpu_layers = 20` or `gpu_layers = "all"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrWord {
    Number(u32),
    Word(String),
}

impl std::fmt::Display for NumberOrWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Word(w) => f.write_str(w),
        }
    }
}

/// One layer of settings; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub model: Option<String>,
    pub template: Option<String>,
    pub chat_template: Option<String>,
    pub reasoning_format: Option<String>,
    pub reasoning_budget: Option<u32>,
    pub temperature: Option<f32>,
    pub top_k: Option<i32>,
    pub top_p: Option<f32>,
    pub min_p: Option<f32>,
    pub repeat_penalty: Option<f32>,
    pub seed: Option<u32>,
    pub max_tokens: Option<u32>,
    pub stop: Option<Vec<String>>,
    pub ctx_size: Option<u32>,
    pub threads: Option<u32>,
    pub gpu_layers: Option<NumberOrWord>,
    pub flash_attn: Option<String>,
    pub main_gpu: Option<u32>,
    pub split_mode: Option<String>,
    pub cache_type_k: Option<String>,
    pub cache_type_v: Option<String>,
    pub parallel: Option<u32>,
    pub endpoint: Option<String>,
    pub remote_model: Option<String>,
    pub api_key_env: Option<String>,
    pub max_retries: Option<u32>,
    pub request_timeout: Option<u32>,
    pub max_rpm: Option<u32>,
    pub max_tpm: Option<u32>,
    pub allow_identifiable: Option<bool>,
    pub ledger: Option<bool>,
    pub batch_invariant: Option<bool>,
    pub wait: Option<bool>,
    pub deid_replace: Option<String>,
}

/// Every settings key, in config-file order.
pub fn keys() -> Vec<&'static str> {
    macro_rules! names {
        ($($key:ident),*) => {
            vec![$(stringify!($key)),*]
        };
    }
    for_each_key!(names)
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Default,
    File(PathBuf),
    Env(String),
    Flag,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File(p) => write!(f, "config file {}", p.display()),
            Self::Env(v) => write!(f, "environment {v}"),
            Self::Flag => f.write_str("command line"),
        }
    }
}

/// Names the source of a key within one layer.
pub(super) type SourceOf = Box<dyn Fn(&'static str) -> Source>;

/// Built-in defaults.
pub fn defaults() -> Layer {
    let sampling = SamplingParams::default();
    Layer {
        model: None,
        template: None,
        chat_template: None,
        reasoning_format: Some("auto".into()),
        reasoning_budget: None,
        temperature: Some(sampling.temperature),
        top_k: Some(sampling.top_k),
        top_p: Some(sampling.top_p),
        min_p: Some(sampling.min_p),
        repeat_penalty: Some(sampling.repeat_penalty),
        seed: Some(sampling.seed),
        max_tokens: Some(512),
        stop: Some(Vec::new()),
        ctx_size: Some(4096),
        threads: Some(u32::try_from(num_cpus::get_physical()).unwrap_or(1).max(1)),
        gpu_layers: Some(NumberOrWord::Word("all".into())),
        flash_attn: Some("auto".into()),
        main_gpu: Some(0),
        split_mode: Some("layer".into()),
        cache_type_k: Some("f16".into()),
        cache_type_v: Some("f16".into()),
        parallel: None,
        endpoint: None,
        remote_model: None,
        api_key_env: None,
        max_retries: Some(5),
        request_timeout: Some(300),
        max_rpm: None,
        max_tpm: None,
        allow_identifiable: Some(false),
        ledger: Some(true),
        batch_invariant: Some(false),
        wait: Some(false),
        deid_replace: Some("tags".into()),
    }
}

/// The commented default config file written by `ddx config init`.
pub const DEFAULT_CONFIG: &str = include_str!("../default-config.toml");

/// Parse a config file; errors name the file, the line and the key.
pub fn parse_config(path: &Path, text: &str) -> anyhow::Result<Layer> {
    toml::from_str::<Layer>(text).map_err(|error| {
        let start = error.span().map(|span| span.start.min(text.len()));
        let line = start.map(|start| text[..start].matches('\n').count() + 1);
        let mut message = error.message().trim().to_string();
        // The key is what precedes '=' on the line where the error starts.
        let key = start
            .map(|start| {
                let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let to = text[start..].find('\n').map_or(text.len(), |i| start + i);
                &text[from..to]
            })
            .and_then(|line| line.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"').to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('#'));
        if let Some(key) = key {
            if !message.contains(&key) {
                message = format!("key '{key}': {message}");
            }
        }
        match line {
            Some(line) => anyhow!(
                "invalid config file '{}', line {line}: {message}",
                path.display()
            ),
            None => anyhow!("invalid config file '{}': {message}", path.display()),
        }
    })
}

pub(super) fn env_layer(
    vars: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<(Layer, BTreeMap<&'static str, String>)> {
    let mut layer = Layer::default();
    let mut names = BTreeMap::new();
    fn parse<T: std::str::FromStr>(var: &str, value: &str) -> anyhow::Result<T> {
        value
            .trim()
            .parse::<T>()
            .map_err(|_| anyhow!("environment variable {var}='{value}' is not a valid value"))
    }
    macro_rules! read {
        ($($key:ident),*) => {$(
            let var = concat!("DDX_", stringify!($key)).to_ascii_uppercase();
            if let Some(value) = vars(&var).filter(|v| !v.is_empty()) {
                names.insert(stringify!($key), var.clone());
                layer.$key = Some(env_value(&var, &value)?);
            }
        )*};
    }
    trait EnvValue: Sized {
        fn from_env(var: &str, value: &str) -> anyhow::Result<Self>;
    }
    impl EnvValue for String {
        fn from_env(_: &str, value: &str) -> anyhow::Result<Self> {
            Ok(value.to_string())
        }
    }
    impl EnvValue for f32 {
        fn from_env(var: &str, value: &str) -> anyhow::Result<Self> {
            parse(var, value)
        }
    }
    impl EnvValue for i32 {
        fn from_env(var: &str, value: &str) -> anyhow::Result<Self> {
            parse(var, value)
        }
    }
    impl EnvValue for u32 {
        fn from_env(var: &str, value: &str) -> anyhow::Result<Self> {
            parse(var, value)
        }
    }
    impl EnvValue for Vec<String> {
        /// Several stop strings are separated by newlines... or a single one as is.
        fn from_env(_: &str, value: &str) -> anyhow::Result<Self> {
            Ok(value.split('\n').map(ToString::to_string).collect())
        }
    }
    impl EnvValue for bool {
        fn from_env(var: &str, value: &str) -> anyhow::Result<Self> {
            match value.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(anyhow!(
                    "environment variable {var}='{value}' is not true or false"
                )),
            }
        }
    }
    impl EnvValue for NumberOrWord {
        fn from_env(_: &str, value: &str) -> anyhow::Result<Self> {
            Ok(value.trim().parse::<u32>().map_or_else(
                |_| NumberOrWord::Word(value.trim().to_string()),
                NumberOrWord::Number,
            ))
        }
    }
    fn env_value<T: EnvValue>(var: &str, value: &str) -> anyhow::Result<T> {
        T::from_env(var, value)
    }
    for_each_key!(read);
    Ok((layer, names))
}

pub(super) fn flag_layer(args: &GenerationArgs, parallel: Option<u32>) -> Layer {
    Layer {
        model: args.model.clone(),
        template: args.template.clone(),
        chat_template: args.chat_template.clone(),
        reasoning_format: args.reasoning_format.clone(),
        reasoning_budget: args.reasoning_budget,
        temperature: args.temperature,
        top_k: args.top_k,
        top_p: args.top_p,
        min_p: args.min_p,
        repeat_penalty: args.repeat_penalty,
        seed: args.seed,
        max_tokens: args.max_tokens,
        stop: if args.stop.is_empty() {
            None
        } else {
            Some(args.stop.clone())
        },
        ctx_size: args.ctx_size,
        threads: args.threads,
        gpu_layers: args.gpu_layers.clone().map(|g| {
            g.trim().parse::<u32>().map_or_else(
                |_| NumberOrWord::Word(g.trim().to_string()),
                NumberOrWord::Number,
            )
        }),
        flash_attn: args.flash_attn.clone(),
        main_gpu: args.main_gpu,
        split_mode: args.split_mode.clone(),
        cache_type_k: args.cache_type_k.clone(),
        cache_type_v: args.cache_type_v.clone(),
        parallel,
        endpoint: args.remote.endpoint.clone(),
        remote_model: args.remote.remote_model.clone(),
        api_key_env: args.remote.api_key_env.clone(),
        max_retries: args.remote.max_retries,
        request_timeout: args.remote.request_timeout,
        max_rpm: args.remote.max_rpm,
        max_tpm: args.remote.max_tpm,
        allow_identifiable: args.remote.allow_identifiable.then_some(true),
        ledger: None,
        batch_invariant: args.batch_invariant.then_some(true),
        wait: None,
        deid_replace: None,
    }
}
