//! `ddx models list|info|verify|add`: the GGUF files ddx knows, their metadata, their integrity,
//! and registering a local file under a name.
//!
//! Everything here reads GGUF headers only (models::read_header), never the weights, so listing
//! a directory of 40 GB models is instant. Tables and JSON go to stdout, warnings to stderr.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::engine::{self, GpuLayers};
use crate::models::registry::{self, Entry, Origin};
use crate::models::{self, GgufHeader, GgufValue};

/// One row of `models list`.
#[derive(Debug, Serialize)]
struct Row {
    name: String,
    /// registry, user, directory or config.
    origin: String,
    path: Option<PathBuf>,
    architecture: Option<String>,
    parameters: Option<u64>,
    quantization: Option<String>,
    context_length: Option<u64>,
    file_size: Option<u64>,
    chat_template: Option<bool>,
    /// Where to get a registry model that is not on this machine.
    source: Option<String>,
    /// Why the file could not be read.
    error: Option<String>,
}

impl Row {
    fn new(name: String, origin: &str, path: Option<PathBuf>) -> Self {
        let mut row = Self {
            name,
            origin: origin.to_string(),
            path: path.clone(),
            architecture: None,
            parameters: None,
            quantization: None,
            context_length: None,
            file_size: None,
            chat_template: None,
            source: None,
            error: None,
        };
        if let Some(path) = path {
            match models::read_header(&path) {
                Ok(header) => {
                    row.architecture = header.architecture().map(ToString::to_string);
                    row.parameters = Some(header.n_params);
                    row.quantization = Some(header.quantization().to_string());
                    row.context_length = header.arch_u64("context_length");
                    row.file_size = Some(header.file_size);
                    row.chat_template = Some(header.has_chat_template());
                }
                Err(error) => row.error = Some(error.to_string()),
            }
        }
        row
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    name.strip_suffix(".gguf").unwrap_or(&name).to_string()
}

/// Every model ddx knows: registry entries, *.gguf in the model directories, the configured model.
fn known(settings: &Settings, include_missing: bool) -> anyhow::Result<Vec<Row>> {
    let entries = registry::load(&settings.paths.models_dir())?;
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    // User registrations first, so their name wins for a file also in the built-in registry.
    let ordered = entries
        .iter()
        .filter(|(_, o)| *o == Origin::User)
        .chain(entries.iter().filter(|(_, o)| *o == Origin::Builtin));
    for (entry, origin) in ordered {
        if rows.iter().any(|r: &Row| r.name == entry.name) {
            continue;
        }
        let origin_name = match origin {
            Origin::Builtin => "registry",
            Origin::User => "user",
        };
        if entry.is_remote() {
            let mut row = Row::new(entry.name.clone(), "remote", None);
            row.source = Some(entry.location());
            row.quantization = entry.remote_model.clone();
            rows.push(row);
            continue;
        }
        match registry::locate(entry, &settings.paths.models_dir()) {
            Some(path) if seen.insert(canonical(&path)) => {
                rows.push(Row::new(entry.name.clone(), origin_name, Some(path)));
            }
            Some(_) => {}
            None if include_missing || *origin == Origin::User => {
                let mut row = Row::new(entry.name.clone(), origin_name, None);
                row.source = entry.source.clone().or_else(|| {
                    entry
                        .path
                        .as_ref()
                        .map(|p| format!("missing: {}", p.display()))
                });
                row.quantization = entry.quantization.clone();
                row.file_size = entry.size_bytes;
                rows.push(row);
            }
            None => {}
        }
    }
    for dir in registry::search_dirs(&settings.paths.models_dir()) {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "gguf") && p.is_file())
            .collect();
        files.sort();
        for path in files {
            if seen.insert(canonical(&path)) {
                rows.push(Row::new(stem(&path), "directory", Some(path)));
            }
        }
    }
    if let Some(model) = &settings.model {
        let path = PathBuf::from(model);
        if path.is_file() && seen.insert(canonical(&path)) {
            rows.push(Row::new(stem(&path), "config", Some(path)));
        }
    }
    Ok(rows)
}

/// 134515008 → "134.5M".
pub fn human_count(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.1}B", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1}M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1}K", n / 1e3)
    } else {
        format!("{n}")
    }
}

/// 98362432 → "93.8 MiB".
pub fn human_bytes(n: u64) -> String {
    let n = n as f64;
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// `ddx models list`.
pub fn list(settings: &Settings, all: bool, as_json: bool) -> anyhow::Result<Outcome> {
    let rows = known(settings, all)?;
    let mut out = std::io::stdout().lock();
    if as_json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(Outcome::Success);
    }
    for row in rows.iter().filter(|r| r.error.is_some()) {
        if let (Some(path), Some(error)) = (&row.path, &row.error) {
            eprintln!("ddx: warning: {}: {error}", path.display());
        }
    }
    let dash = || "-".to_string();
    let table: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.architecture.clone().unwrap_or_else(dash),
                r.parameters.map_or_else(dash, human_count),
                r.quantization.clone().unwrap_or_else(dash),
                r.context_length.map_or_else(dash, |c| c.to_string()),
                r.file_size.map_or_else(dash, human_bytes),
                r.chat_template
                    .map_or_else(dash, |t| if t { "yes" } else { "no" }.to_string()),
                r.origin.clone(),
                match (&r.path, &r.error, &r.source) {
                    (None, _, Some(endpoint)) if r.origin == "remote" => {
                        format!("served at {endpoint}")
                    }
                    (Some(p), None, _) => p.display().to_string(),
                    (Some(p), Some(_), _) => format!("{} (unreadable)", p.display()),
                    (None, _, Some(source)) => format!("not on this machine: {source}"),
                    (None, _, None) => "not on this machine".to_string(),
                },
            ]
        })
        .collect();
    let header = [
        "NAME", "ARCH", "PARAMS", "QUANT", "CTX", "SIZE", "TEMPLATE", "ORIGIN", "PATH",
    ];
    let mut widths = header.map(str::len);
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        text
    };
    writeln!(out, "{}", line(&header.map(ToString::to_string)))?;
    for row in &table {
        writeln!(out, "{}", line(row))?;
    }
    if rows.is_empty() && !settings.quiet {
        eprintln!(
            "ddx: no GGUF models found; `bash models/fetch-default-model.sh` gets the default one, \
             `ddx models list --all` shows the registry"
        );
    }
    Ok(Outcome::Success)
}

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

/// `ddx models verify`.
pub fn verify(settings: &Settings, names: &[String]) -> anyhow::Result<Outcome> {
    let entries = registry::load(&settings.paths.models_dir())?;
    let mut selected: Vec<&Entry> = Vec::new();
    for name in names {
        match registry::find(&entries, name) {
            Some((entry, _)) => selected.push(entry),
            None => bail!("no model named '{name}' in the registry (see `ddx models list --all`)"),
        }
    }
    let explicit = !names.is_empty();
    if !explicit {
        let mut names_seen = BTreeSet::new();
        for (entry, _) in entries.iter().rev() {
            if names_seen.insert(entry.name.clone()) {
                selected.push(entry);
            }
        }
        selected.reverse();
    }
    let mut out = std::io::stdout().lock();
    let (mut failed, mut checked, mut absent) = (0, 0, 0);
    for entry in selected.into_iter().filter(|e| !e.is_remote()) {
        let Some(path) = registry::locate(entry, &settings.paths.models_dir()) else {
            if explicit {
                failed += 1;
                writeln!(out, "missing   {}  {}", entry.name, entry.file)?;
            } else {
                absent += 1;
            }
            continue;
        };
        checked += 1;
        let Some(expected) = &entry.sha256 else {
            writeln!(out, "no-sha256 {}  {}", entry.name, path.display())?;
            continue;
        };
        let actual = models::sha256_file(&path)?;
        if actual.eq_ignore_ascii_case(expected) {
            writeln!(out, "ok        {}  {}", entry.name, path.display())?;
        } else {
            failed += 1;
            writeln!(out, "MISMATCH  {}  {}", entry.name, path.display())?;
            if !settings.quiet {
                eprintln!(
                    "ddx: {}: expected sha256 {expected}, got {actual}",
                    entry.name
                );
            }
        }
    }
    if !settings.quiet {
        eprintln!(
            "ddx: {checked} model file(s) checked, {failed} failed{}",
            if absent > 0 {
                format!(", {absent} registry model(s) not on this machine")
            } else {
                String::new()
            }
        );
    }
    Ok(Outcome::of_run(false, failed))
}

/// `ddx models add`.
pub fn add(settings: &Settings, path: &Path, name: &str, force: bool) -> anyhow::Result<Outcome> {
    let quiet = settings.quiet;
    registry::check_name(name)?;
    let header = models::check_model_file(path)?;
    let absolute = std::fs::canonicalize(path)
        .with_context(|| format!("cannot resolve '{}'", path.display()))?;
    if !quiet && header.file_size > 1 << 30 {
        eprintln!(
            "ddx: computing the sha256 of {} ({}), once...",
            absolute.display(),
            human_bytes(header.file_size)
        );
    }
    let sha256 = models::sha256_cached(&absolute, &settings.paths.hash_cache())?;
    let entry = Entry {
        name: name.to_string(),
        file: absolute
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        path: Some(absolute.clone()),
        source: None,
        quantization: Some(header.quantization().to_string()),
        sha256: Some(sha256.clone()),
        size_bytes: Some(header.file_size),
        ..Entry::default()
    };
    let file = registry::add(&settings.paths.models_dir(), entry, force)?;
    if !quiet {
        eprintln!(
            "registered '{name}' → {} (sha256 {sha256}) in {}",
            absolute.display(),
            file.display()
        );
    }
    Ok(Outcome::Success)
}

/// A served model to register.
#[derive(Debug)]
pub struct Served<'a> {
    pub name: &'a str,
    pub endpoint: &'a str,
    pub remote_model: Option<&'a str>,
    pub api_key_env: Option<&'a str>,
}

/// `ddx models add --endpoint URL`: register a served model (nothing is sent to it here).
pub fn add_served(
    settings: &Settings,
    served: &Served<'_>,
    force: bool,
) -> anyhow::Result<Outcome> {
    registry::check_name(served.name)?;
    let endpoint = crate::engine::remote::Endpoint::parse(served.endpoint)?;
    if let Some(var) = served.api_key_env {
        if var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            bail!("'--api-key-env' must name an environment variable, got '{var}'");
        }
    }
    let entry = Entry {
        name: served.name.to_string(),
        endpoint: Some(served.endpoint.trim().to_string()),
        remote_model: served.remote_model.map(ToString::to_string),
        api_key_env: served.api_key_env.map(ToString::to_string),
        ..Entry::default()
    };
    let file = registry::add(&settings.paths.models_dir(), entry, force)?;
    if !settings.quiet {
        eprintln!(
            "registered '{}' → {} ({}{}) in {}",
            served.name,
            endpoint.public(),
            endpoint.family.name(),
            served
                .remote_model
                .map_or_else(String::new, |m| format!(", model {m}")),
            file.display()
        );
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
    fn human_numbers() {
        assert_eq!(human_count(134_515_008), "134.5M");
        assert_eq!(human_count(7_241_732_096), "7.2B");
        assert_eq!(human_count(999), "999");
        assert_eq!(human_bytes(98_362_432), "93.8 MiB");
        assert_eq!(human_bytes(512), "512 B");
    }

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
