//! Checking the merged layers key by key: each function takes the keys of one area (sampling,
//! device, reasoning, sizes, served model, offload, de-identification), refuses a bad value
//! with the layer it came from, and returns the area's typed settings.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail};

use super::{defaults, Layer, RemoteSettings, Source};
use crate::engine::{
    CacheType, FlashAttention, GpuLayers, OffloadConfig, ReasoningConfig, ReasoningFormat,
    SamplingParams, SplitMode,
};
/// Sampling: the merged layers over the built-in defaults, checked.
pub(super) fn sampling_settings(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
) -> anyhow::Result<SamplingParams> {
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
        .map_err(|e| anyhow!("{e} (from {})", source_of(sources, key_of(&e))))?;
    Ok(sampling)
}

/// GPU layers and flash attention, and the batch-invariant mode that turns flash attention off
/// (refused with `flash-attn = on` and with an endpoint).
pub(super) fn device_settings(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
) -> anyhow::Result<(GpuLayers, FlashAttention, bool)> {
    let gpu_layers = merged
        .gpu_layers
        .clone()
        .map_or(Ok(GpuLayers::All), |g| g.to_string().parse::<GpuLayers>())
        .map_err(|e| {
            anyhow!(
                "'gpu-layers': {e} (from {})",
                source_of(sources, "gpu_layers")
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
                source_of(sources, "flash_attn")
            )
        })?;
    let batch_invariant = merged.batch_invariant.unwrap_or(false);
    if batch_invariant && flash_attention == FlashAttention::On {
        bail!(
            "'batch-invariant' needs flash attention off: llama.cpp's CPU flash-attention \
             kernel sums in a different order from 64 query rows on, so outputs would depend \
             on how tokens are batched ('flash-attn = on' from {}; leave it at auto)",
            source_of(sources, "flash_attn")
        );
    }
    if batch_invariant && merged.endpoint.is_some() {
        bail!(
            "'batch-invariant' is for the local engine: a served model batches requests as \
             the server decides (endpoint from {})",
            source_of(sources, "endpoint")
        );
    }
    let flash_attention = if batch_invariant {
        FlashAttention::Off
    } else {
        flash_attention
    };
    Ok((gpu_layers, flash_attention, batch_invariant))
}

/// The reasoning format and budget.
pub(super) fn reasoning_settings(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
) -> anyhow::Result<ReasoningConfig> {
    Ok(ReasoningConfig {
        format: merged
            .reasoning_format
            .as_deref()
            .unwrap_or("auto")
            .parse::<ReasoningFormat>()
            .map_err(|e| {
                anyhow!(
                    "'reasoning-format': {e} (from {})",
                    source_of(sources, "reasoning_format")
                )
            })?,
        budget: merged.reasoning_budget,
    })
}

/// Context size, token budget and threads, in range; `parallel` checked, kept as given.
pub(super) struct Sizes {
    pub ctx_size: u32,
    pub max_tokens: u32,
    pub threads: u32,
}

pub(super) fn sizes(
    merged: &Layer,
    sources: &BTreeMap<&'static str, Source>,
) -> anyhow::Result<Sizes> {
    let ctx_size = merged.ctx_size.unwrap_or(4096);
    if ctx_size < 64 {
        return Err(anyhow!(
            "'ctx-size' must be at least 64, got '{ctx_size}' (from {})",
            source_of(sources, "ctx_size")
        ));
    }
    let max_tokens = merged.max_tokens.unwrap_or(512);
    if max_tokens == 0 {
        return Err(anyhow!(
            "'max-tokens' must be at least 1 (from {})",
            source_of(sources, "max_tokens")
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
                source_of(sources, "parallel")
            ));
        }
    }
    Ok(Sizes {
        ctx_size,
        max_tokens,
        threads,
    })
}

/// `deid_replace`: `tags` or `surrogates`.
pub(super) fn deid_replace(
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

pub(super) fn remote_settings(
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
pub(super) fn offload_settings(
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
pub(super) fn key_of(message: &str) -> &'static str {
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

pub(super) fn source_of(sources: &BTreeMap<&'static str, Source>, key: &str) -> String {
    sources
        .get(key)
        .map_or_else(|| "default".to_string(), ToString::to_string)
}
