//! `ddx models info`: a model's metadata from its GGUF header (or, for a served model, its
//! registration and what the server says), and where it would run.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use serde_json::{json, Map, Value};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::engine::{self, GpuLayers};
use crate::models::registry::{self, Entry};
use crate::models::{self, GgufHeader, GgufValue};

use super::list::known;
use super::{human_bytes, human_count};

/// The file `ddx models info X` means: a path, a registered name, a file stem, or the configured model.
fn resolve_target(settings: &Settings, target: Option<&str>) -> anyhow::Result<PathBuf> {
    let Some(target) = target else {
        return crate::session::model_path(settings);
    };
    let path = PathBuf::from(target);
    if path.exists() {
        return Ok(path);
    }
    let entries = registry::load(&settings.paths.models_dir())?;
    if let Some((entry, _)) = registry::find(&entries, target) {
        return registry::locate(entry, &settings.paths.models_dir())
            .with_context(|| registry::missing_file_message(entry, ""));
    }
    if let Some(row) = known(settings, false)?
        .into_iter()
        .find(|r| r.name == target && r.path.is_some())
    {
        return row.path.context("internal: row without path");
    }
    bail!("'{target}' is neither a file nor a model name known to ddx (see `ddx models list`)")
}

/// Where the model would run: backend and layers on the GPU, as text and JSON.
fn placement(settings: &Settings, n_layer: Option<u64>) -> (String, Value) {
    let compiled = crate::app::version::backends();
    let total = n_layer.map(|n| n + 1);
    let gpu_devices: Vec<engine::DeviceInfo> = if compiled.len() > 1 {
        engine::devices()
            .into_iter()
            .filter(engine::DeviceInfo::is_gpu)
            .collect()
    } else {
        Vec::new()
    };
    let total_text = total.map_or_else(|| "?".to_string(), |t| t.to_string());
    if compiled.len() == 1 {
        let auto = if settings.gpu_layers == GpuLayers::Auto {
            "; --gpu-layers auto resolves to 0"
        } else {
            ""
        };
        return (
            format!("CPU: 0 of {total_text} layers on a GPU (this build has no GPU backend{auto})"),
            json!({"backend": "CPU", "gpu_layers": 0, "total_layers": total}),
        );
    }
    let Some(device) = gpu_devices.get(settings.offload.main_gpu as usize) else {
        return (
            format!(
                "CPU: 0 of {total_text} layers on a GPU (built with {}, but no GPU device {} found)",
                compiled[1..].join(", "),
                settings.offload.main_gpu
            ),
            json!({"backend": "CPU", "gpu_layers": 0, "total_layers": total}),
        );
    };
    let name = format!(
        "{} ({}, {} free of {})",
        device.backend,
        device.description,
        human_bytes(device.memory_free),
        human_bytes(device.memory_total)
    );
    let (text, layers) = match settings.gpu_layers {
        GpuLayers::All => (format!("{total_text} of {total_text} layers"), json!(total)),
        GpuLayers::Count(n) => {
            let n = total.map_or(u64::from(n), |t| u64::from(n).min(t));
            (format!("{n} of {total_text} layers"), json!(n))
        }
        GpuLayers::Auto => (
            format!("as many of {total_text} layers as fit, decided when the model loads"),
            json!("auto"),
        ),
    };
    (
        format!("{name}: {text} on the GPU"),
        json!({"backend": device.backend, "device": device.description, "gpu_layers": layers, "total_layers": total}),
    )
}

/// A metadata value for the text view: long strings and arrays are shortened.
fn short(value: &GgufValue) -> String {
    match value {
        GgufValue::Str(s) => {
            let flat = s.replace('\n', "\\n");
            if flat.chars().count() > 100 {
                let head: String = flat.chars().take(100).collect();
                format!("\"{head}…\" ({} chars)", s.chars().count())
            } else {
                format!("\"{flat}\"")
            }
        }
        GgufValue::Array { len, preview } => {
            let items: Vec<String> = preview.iter().take(6).map(short).collect();
            let more = if *len as usize > items.len() {
                ", …"
            } else {
                ""
            };
            format!("[{}{more}] ({len} items)", items.join(", "))
        }
        GgufValue::Int(v) => v.to_string(),
        GgufValue::Uint(v) => v.to_string(),
        GgufValue::Float(v) => {
            // Most GGUF floats are f32: print their short form (1e-5, not 9.999999747378752e-6).
            #[allow(clippy::cast_possible_truncation)]
            let narrow = *v as f32;
            if f64::from(narrow) == *v {
                narrow.to_string()
            } else {
                v.to_string()
            }
        }
        GgufValue::Bool(v) => v.to_string(),
    }
}

fn summary(header: &GgufHeader, path: &Path) -> Vec<(&'static str, Value)> {
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    vec![
        (
            "name",
            json!(header.get_str("general.name").unwrap_or(&file_name)),
        ),
        ("path", json!(path.display().to_string())),
        ("architecture", json!(header.architecture())),
        ("parameters", json!(header.n_params)),
        ("quantization", json!(header.quantization())),
        ("context_length", json!(header.arch_u64("context_length"))),
        ("layers", json!(header.arch_u64("block_count"))),
        (
            "embedding_length",
            json!(header.arch_u64("embedding_length")),
        ),
        ("head_count", json!(header.arch_u64("attention.head_count"))),
        (
            "head_count_kv",
            json!(header.arch_u64("attention.head_count_kv")),
        ),
        ("vocab_size", json!(header.vocab_size())),
        ("chat_template", json!(header.has_chat_template())),
        ("file_size", json!(header.file_size)),
        ("gguf_version", json!(header.version)),
        ("tensors", json!(header.tensor_count)),
    ]
}

/// `ddx models info`.
pub fn info(
    settings: &Settings,
    target: Option<&str>,
    as_json: bool,
    with_sha: bool,
) -> anyhow::Result<Outcome> {
    if let Some(entry) = served_entry(settings, target)? {
        return served_info(settings, &entry, as_json);
    }
    let path = resolve_target(settings, target)?;
    let header = models::read_header(&path)?;
    let sha = if with_sha {
        Some(models::sha256_cached(&path, &settings.paths.hash_cache())?)
    } else {
        None
    };
    let (place_text, place_json) = placement(settings, header.arch_u64("block_count"));
    let fields = summary(&header, &path);
    let mut out = std::io::stdout().lock();
    if as_json {
        let mut object: Map<String, Value> = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if let Some(sha) = sha {
            object.insert("sha256".into(), json!(sha));
        }
        object.insert("placement".into(), place_json);
        let metadata: Map<String, Value> = header
            .metadata
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect();
        object.insert("metadata".into(), Value::Object(metadata));
        writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
        return Ok(Outcome::Success);
    }
    for (key, value) in fields {
        let text = match (key, &value) {
            (_, Value::Null) => "-".to_string(),
            ("parameters", Value::Number(n)) => {
                format!("{} ({n})", human_count(n.as_u64().unwrap_or(0)))
            }
            ("file_size", Value::Number(n)) => {
                format!("{} ({n} bytes)", human_bytes(n.as_u64().unwrap_or(0)))
            }
            ("chat_template", Value::Bool(true)) => "yes".to_string(),
            ("chat_template", Value::Bool(false)) => missing_template_text(&header),
            (_, Value::String(s)) => s.clone(),
            (_, other) => other.to_string(),
        };
        writeln!(out, "{key:<17} {text}")?;
    }
    if let Some(sha) = sha {
        writeln!(out, "{:<17} {sha}", "sha256")?;
    }
    writeln!(out, "{:<17} {place_text}", "placement")?;
    writeln!(out, "metadata:")?;
    for (key, value) in &header.metadata {
        writeln!(out, "  {key} = {}", short(value))?;
    }
    Ok(Outcome::Success)
}

/// The registered served model `target` names, if it names one.
fn served_entry(settings: &Settings, target: Option<&str>) -> anyhow::Result<Option<Entry>> {
    let Some(name) = target.or(settings.model.as_deref()) else {
        return Ok(None);
    };
    if Path::new(name).exists() {
        return Ok(None);
    }
    let entries = registry::load(&settings.paths.models_dir())?;
    Ok(registry::find(&entries, name)
        .filter(|(e, _)| e.is_remote())
        .map(|(e, _)| e.clone()))
}

/// `models info` of a served model: what its registration says, and what the server says.
fn served_info(settings: &Settings, entry: &Entry, as_json: bool) -> anyhow::Result<Outcome> {
    let described = crate::session::remote::describe(settings, entry)
        .with_context(|| format!("cannot ask {} about its models", entry.location()))?;
    let mut out = std::io::stdout().lock();
    if as_json {
        let mut value = described;
        value["name"] = json!(entry.name);
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(Outcome::Success);
    }
    let text = |v: &Value| v.as_str().map_or_else(|| "-".to_string(), String::from);
    writeln!(out, "{:<17} {}", "name", entry.name)?;
    writeln!(out, "{:<17} {}", "endpoint", text(&described["endpoint"]))?;
    writeln!(out, "{:<17} {}", "api", text(&described["api"]))?;
    writeln!(
        out,
        "{:<17} {}",
        "model",
        described["model"]
            .as_str()
            .unwrap_or("(not set: the one the server lists)")
    )?;
    writeln!(
        out,
        "{:<17} ${} ({})",
        "key",
        text(&described["key_env"]),
        if described["key_set"] == true {
            "set"
        } else {
            "not set"
        }
    )?;
    let server = &described["server"];
    match server["data"].as_array() {
        Some(models) => {
            writeln!(out, "server models:")?;
            for model in models {
                let id = text(&model["id"]);
                let owner = model["owned_by"]
                    .as_str()
                    .map_or_else(String::new, |o| format!(" (owned by {o})"));
                let context = model["meta"]["n_ctx_train"]
                    .as_u64()
                    .map_or_else(String::new, |n| format!(", context {n}"));
                writeln!(out, "  {id}{owner}{context}")?;
            }
        }
        None => writeln!(out, "server info:      {server}")?,
    }
    Ok(Outcome::Success)
}

/// What ddx does for a model without a chat template, as far as the header tells (at load the
/// vocabulary's turn markers are looked at too).
fn missing_template_text(header: &crate::models::gguf::GgufHeader) -> String {
    let choice = crate::engine::chat::choose(&crate::engine::chat::ModelFacts {
        architecture: header.architecture().unwrap_or_default().to_string(),
        tokenizer_pre: header
            .get_str("tokenizer.ggml.pre")
            .unwrap_or_default()
            .to_string(),
        special_markers: Vec::new(),
    });
    if choice.last_resort {
        "no (ddx chooses a built-in from its vocabulary when it loads, ChatML as the last resort; \
         --chat-template sets one)"
            .to_string()
    } else {
        format!(
            "no (ddx uses its built-in '{}': {})",
            choice.name, choice.reason
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_metadata_is_shortened() {
        let long = GgufValue::Str("x".repeat(300));
        assert!(short(&long).ends_with("(300 chars)"));
        let array = GgufValue::Array {
            len: 49152,
            preview: vec![GgufValue::Str("a".into()); 16],
        };
        assert!(short(&array).ends_with("(49152 items)"));
    }
}
