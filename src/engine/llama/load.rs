//! Loading a model and the parameters of its contexts: devices, GPU layers (`auto` asks
//! llama.cpp to fit free memory), split mode, KV-cache types, flash attention, threads, and the
//! one function that creates a context of a given shape (run, scoring and bench contexts).

use std::ffi::CString;
use std::num::NonZeroU32;

use llama_cpp_2::context::params::{KvCacheType, LlamaContextParams};
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::model::params::{LlamaModelParams, LlamaSplitMode};
use llama_cpp_2::model::LlamaModel;

use super::chat_template;
use crate::engine::chat::ChatTemplate;

use crate::engine::{
    ftype_name, CacheType, DeviceInfo, EngineConfig, EngineError, FlashAttention, GpuLayers,
    ModelInfo, SplitMode,
};

/// The devices of every compiled-in backend.
pub(crate) fn devices() -> Vec<DeviceInfo> {
    llama_cpp_2::list_llama_ggml_backend_devices()
        .into_iter()
        .map(|d| DeviceInfo {
            name: d.name,
            backend: d.backend,
            description: d.description,
            kind: format!("{:?}", d.device_type).to_lowercase(),
            memory_total: d.memory_total as u64,
            memory_free: d.memory_free as u64,
        })
        .collect()
}

fn kv_type(t: CacheType) -> KvCacheType {
    match t {
        CacheType::F32 => KvCacheType::F32,
        CacheType::F16 => KvCacheType::F16,
        CacheType::Bf16 => KvCacheType::BF16,
        CacheType::Q8_0 => KvCacheType::Q8_0,
        CacheType::Q4_0 => KvCacheType::Q4_0,
        CacheType::Q4_1 => KvCacheType::Q4_1,
        CacheType::Q5_0 => KvCacheType::Q5_0,
        CacheType::Q5_1 => KvCacheType::Q5_1,
        CacheType::Iq4Nl => KvCacheType::IQ4_NL,
    }
}

/// Flash attention, KV types and op offload: shared by fitting and by the run's context.
pub(super) fn context_extras(
    config: &EngineConfig,
    params: LlamaContextParams,
) -> LlamaContextParams {
    let flash = match config.flash_attention {
        FlashAttention::Auto => -1,
        FlashAttention::Off => 0,
        FlashAttention::On => 1,
    };
    params
        .with_flash_attention_policy(flash)
        .with_type_k(kv_type(config.offload.cache_type_k))
        .with_type_v(kv_type(config.offload.cache_type_v))
        // `--gpu-layers 0` in a GPU build means CPU: keep big matmuls off the GPU too.
        .with_op_offload(config.gpu_layers != GpuLayers::Count(0))
}

/// Model parameters with the layer count decided: `auto` asks llama.cpp to fit free memory.
fn model_params(
    config: &EngineConfig,
    gpu: bool,
) -> Result<std::pin::Pin<Box<LlamaModelParams>>, EngineError> {
    let split = match config.offload.split_mode {
        SplitMode::None => LlamaSplitMode::None,
        SplitMode::Layer => LlamaSplitMode::Layer,
        SplitMode::Row => LlamaSplitMode::Row,
    };
    let main_gpu = i32::try_from(config.offload.main_gpu).unwrap_or(i32::MAX);
    let base = || {
        LlamaModelParams::default()
            .with_main_gpu(main_gpu)
            .with_split_mode(split)
    };
    let fixed = |n: u32| Ok(Box::pin(base().with_n_gpu_layers(n)));
    if !gpu {
        return fixed(0);
    }
    let gpus = devices().iter().filter(|d| d.is_gpu()).count();
    if config.offload.main_gpu as usize >= gpus.max(1) {
        return Err(EngineError::ModelLoad {
            path: config.model_path.clone(),
            reason: format!(
                "'--main-gpu {}' but this machine has {gpus} GPU device(s) (numbered from 0)",
                config.offload.main_gpu
            ),
        });
    }
    match config.gpu_layers {
        GpuLayers::All => fixed(999),
        GpuLayers::Count(n) => fixed(n),
        GpuLayers::Auto => {
            let mut params = Box::pin(base());
            let path =
                CString::new(config.model_path.to_string_lossy().as_bytes()).map_err(|_| {
                    EngineError::ModelLoad {
                        path: config.model_path.clone(),
                        reason: "the path contains a NUL byte".into(),
                    }
                })?;
            let n_ctx = config.offload.fit_ctx.max(256);
            let mut cparams = context_extras(
                config,
                LlamaContextParams::default().with_n_ctx(NonZeroU32::new(n_ctx)),
            );
            // llama.cpp's own default margin: leave 1 GiB free on every device.
            let mut margins = vec![1usize << 30; llama_cpp_2::max_devices().max(1)];
            // Log level 4 = errors only.
            params
                .as_mut()
                .fit_params(&path, &mut cparams, &mut margins, n_ctx.min(4096), 4)
                .map_err(|e| EngineError::ModelLoad {
                    path: config.model_path.clone(),
                    reason: format!(
                        "'--gpu-layers auto' could not fit the model in free GPU memory ({e}); \
                         pass a layer count instead"
                    ),
                })?;
            Ok(params)
        }
    }
}

pub(super) fn load(
    backend: &LlamaBackend,
    config: &EngineConfig,
) -> Result<(LlamaModel, ChatTemplate, ModelInfo), EngineError> {
    let path = &config.model_path;
    let gpu = backend.supports_gpu_offload();
    let params = model_params(config, gpu)?;
    let model = LlamaModel::load_from_file(backend, path, &params).map_err(|error| {
        EngineError::ModelLoad {
            path: path.clone(),
            reason: format!(
                "{error} (llama.cpp could not read its tensors; re-run with --verbose for its log)"
            ),
        }
    })?;
    let meta = |key: &str| model.meta_val_str(key).ok();
    let template = chat_template::select(&model, config)?;
    let n_layer = model.n_layer();
    // llama.cpp counts the output layer too: n_layer + 1 means everything is on the GPU.
    let offloaded = match u32::try_from(params.n_gpu_layers()) {
        _ if !gpu => 0,
        Ok(n) => n.min(n_layer + 1),
        Err(_) => n_layer + 1,
    };
    let backend_name = if offloaded > 0 {
        llama_cpp_2::list_llama_ggml_backend_devices()
            .into_iter()
            .find(|d| d.backend != "CPU")
            .map_or_else(
                || "GPU".to_string(),
                |d| format!("{} ({})", d.backend, d.description),
            )
    } else {
        "CPU".to_string()
    };
    let (name, file_name) = model_names(&model, path);
    let architecture = meta("general.architecture").unwrap_or_default();
    let kv_bytes_per_token = kv_bytes_per_token(&model, &architecture, config);
    let device_free_bytes = (offloaded > 0)
        .then(|| {
            llama_cpp_2::list_llama_ggml_backend_devices()
                .into_iter()
                .filter(|d| d.backend != "CPU")
                .map(|d| d.memory_free as u64)
                .max()
        })
        .flatten();
    let info = ModelInfo {
        path: path.clone(),
        name,
        file_name,
        architecture,
        quantization: meta("general.file_type")
            .and_then(|t| t.parse::<u64>().ok())
            .map_or_else(|| "unknown".to_string(), |t| ftype_name(t).to_string()),
        n_params: model.n_params(),
        size_bytes: model.size(),
        n_ctx_train: model.n_ctx_train(),
        n_layer,
        n_vocab: model.n_vocab(),
        has_chat_template: template.from_model,
        chat_template: template.template.name().to_string(),
        chat_template_sha256: template.template.sha256().to_string(),
        chat_template_note: template.note,
        backend: backend_name,
        gpu_layers: offloaded,
        served_by: None,
        threads: config.threads,
        threads_note: None,
        kv_bytes_per_token,
        device_free_bytes,
    };
    Ok((model, template.template, info))
}

/// KV bytes per token: every layer keeps `n_head_kv` keys and values of the head size
/// (`{arch}.attention.key_length` / `value_length`, else `n_embd / n_head`).
fn kv_bytes_per_token(model: &LlamaModel, architecture: &str, config: &EngineConfig) -> u64 {
    let head = u64::from(model.n_head().max(1));
    let default_dim = u64::try_from(model.n_embd()).unwrap_or(0) / head;
    let dim = |suffix: &str| {
        model
            .meta_val_str(&format!("{architecture}.attention.{suffix}"))
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default_dim)
    };
    let per_layer = u64::from(model.n_head_kv())
        * (dim("key_length") * config.offload.cache_type_k.bytes_per_32()
            + dim("value_length") * config.offload.cache_type_v.bytes_per_32())
        / 32;
    u64::from(model.n_layer()) * per_layer
}

/// The size of a context: cells in all, tokens per decode, sequences, and whether the KV cache is
/// one pool shared by the sequences or one stream per sequence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    pub n_ctx: u32,
    /// Tokens one decode call may carry (logical batch).
    pub n_batch: u32,
    /// Tokens computed at once inside a decode (physical batch, at most `n_batch`).
    pub n_ubatch: u32,
    pub n_seq_max: u32,
    pub kv_unified: bool,
}

/// Prompt and generation threads; every context starts from these.
/// The model's display name (`general.name`, else the file name) and its file name.
pub(super) fn model_names(model: &LlamaModel, path: &std::path::Path) -> (String, String) {
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let name = model
        .meta_val_str("general.name")
        .unwrap_or_else(|_| file_name.clone());
    (name, file_name)
}

pub(super) fn threaded(threads: u32) -> LlamaContextParams {
    let threads = i32::try_from(threads.max(1)).unwrap_or(1);
    LlamaContextParams::default()
        .with_n_threads(threads)
        .with_n_threads_batch(threads)
}

/// A context of `shape` on top of `base` (threads, attention and KV types).
pub(super) fn new_context<'m>(
    backend: &LlamaBackend,
    model: &'m LlamaModel,
    base: LlamaContextParams,
    shape: Shape,
) -> Result<LlamaContext<'m>, EngineError> {
    let params = base
        .with_n_ctx(NonZeroU32::new(shape.n_ctx))
        .with_n_batch(shape.n_batch)
        .with_n_ubatch(shape.n_ubatch)
        .with_n_seq_max(shape.n_seq_max)
        .with_kv_unified(shape.kv_unified);
    model
        .new_context(backend, params)
        .map_err(|e| EngineError::Context {
            n_ctx: shape.n_ctx,
            reason: e.to_string(),
        })
}
