//! `ddx config paths|show|init`: where ddx keeps its files, which settings are in effect and
//! where each came from, and a commented starter config file.
//!
//! Data goes to stdout (paths, settings); messages to stderr.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use serde_json::{json, Map, Value};

use crate::app::exit::Outcome;
use crate::app::paths::Paths;
use crate::app::settings::{self, Settings, Source, DEFAULT_CONFIG};

/// Where the config file is (`--config FILE`, else config.toml in the config directory) and
/// whether it is read at all (`--no-config`).
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub ignored: bool,
}

/// Every location, as (key, path, note).
fn locations(file: &ConfigFile, paths: &Paths) -> Vec<(&'static str, PathBuf, String)> {
    let file_note = if file.ignored {
        "ignored (--no-config)".to_string()
    } else if file.path.is_file() {
        "exists".to_string()
    } else {
        "not created: `ddx config init` writes it".to_string()
    };
    let exists = |p: &Path| if p.exists() { "exists" } else { "absent" }.to_string();
    let mut rows = vec![
        (
            "config_dir",
            paths.config_dir.clone(),
            exists(&paths.config_dir),
        ),
        ("config_file", file.path.clone(), file_note),
        (
            "prompts_dir",
            paths.prompts_dir(),
            exists(&paths.prompts_dir()),
        ),
        ("data_dir", paths.data_dir.clone(), exists(&paths.data_dir)),
        (
            "models_dir",
            paths.models_dir(),
            exists(&paths.models_dir()),
        ),
        (
            "model_registry",
            crate::models::registry::user_file(&paths.models_dir()),
            exists(&crate::models::registry::user_file(&paths.models_dir())),
        ),
        ("ledger", paths.ledger_file(), exists(&paths.ledger_file())),
        (
            "cache_dir",
            paths.cache_dir.clone(),
            exists(&paths.cache_dir),
        ),
        (
            "hash_cache",
            paths.hash_cache(),
            exists(&paths.hash_cache()),
        ),
    ];
    // Further places models are looked for: ./models and the checkout ddx was built from.
    for dir in crate::models::registry::search_dirs(&paths.models_dir())
        .into_iter()
        .skip(1)
    {
        let note = exists(&dir);
        rows.push(("models_search", dir, note));
    }
    rows
}

/// `ddx config paths`.
pub fn paths(file: &ConfigFile, paths: &Paths, as_json: bool) -> anyhow::Result<Outcome> {
    let rows = locations(file, paths);
    let mut out = std::io::stdout().lock();
    if as_json {
        let mut object = Map::new();
        for (key, path, _) in &rows {
            let path = json!(path.display().to_string());
            if *key == "models_search" {
                let list = object.entry(*key).or_insert_with(|| json!([]));
                if let Some(items) = list.as_array_mut() {
                    items.push(path);
                }
            } else {
                object.insert((*key).to_string(), path);
            }
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
    } else {
        for (key, path, note) in rows {
            writeln!(out, "{key:<16} {}  ({note})", path.display())?;
        }
    }
    Ok(Outcome::Success)
}

/// Settings floats are f32; print 0.95, not the f64 widening 0.949999988079071.
fn f32_clean(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => n
            .as_f64()
            .and_then(|f| {
                #[allow(clippy::cast_possible_truncation)]
                let short = (f as f32).to_string();
                short.parse::<f64>().ok()
            })
            .map_or(Value::Number(n), |f| json!(f)),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, f32_clean(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(f32_clean).collect()),
        other => other,
    }
}

/// A settings value as TOML text (`"text"`, `0.7`, `[]`), or `None` when unset.
fn toml_text(value: &Value) -> Option<String> {
    if value.is_null() {
        return None;
    }
    let value = toml::Value::try_from(value).ok()?;
    Some(value.to_string())
}

fn source_json(source: &Source) -> Value {
    match source {
        Source::Default => json!({"source": "default"}),
        Source::File(path) => json!({"source": "file", "from": path.display().to_string()}),
        Source::Env(var) => json!({"source": "env", "from": var}),
        Source::Flag => json!({"source": "flag"}),
    }
}

/// `ddx config show`.
pub fn show(settings: &Settings, file: &ConfigFile, as_json: bool) -> anyhow::Result<Outcome> {
    let values = f32_clean(serde_json::to_value(&settings.effective)?);
    // The model actually used when none is set: the default test model, if found.
    let default_model = if settings.model.is_none() {
        crate::session::model_path(settings)
            .ok()
            .map(|p| p.display().to_string())
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    if as_json {
        let mut object = Map::new();
        for key in settings::keys() {
            let mut entry = settings
                .sources
                .get(key)
                .map_or_else(|| json!({"source": "unset"}), source_json);
            let mut value = values.get(key).cloned().unwrap_or(Value::Null);
            if key == "model" && value.is_null() {
                if let Some(path) = &default_model {
                    value = json!(path);
                    entry = json!({"source": "default"});
                }
            }
            entry["value"] = value;
            object.insert(key.to_string(), entry);
        }
        let report = json!({
            "config_file": settings.config_file.as_ref().map(|p| p.display().to_string()),
            "settings": object,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(Outcome::Success);
    }
    match &settings.config_file {
        Some(path) => writeln!(out, "# config file: {}", path.display())?,
        None if file.ignored => writeln!(out, "# config file: none (--no-config)")?,
        None => writeln!(
            out,
            "# config file: none ({} does not exist)",
            settings.paths.config_file().display()
        )?,
    }
    for key in settings::keys() {
        let value = values.get(key).unwrap_or(&Value::Null);
        let source = settings.sources.get(key);
        let (line, origin) = match (toml_text(value), source) {
            (Some(text), Some(source)) => (format!("{key} = {text}"), source.to_string()),
            _ if key == "model" => match &default_model {
                Some(path) => (
                    format!("model = {}", toml_text(&json!(path)).unwrap_or_default()),
                    "default test model".to_string(),
                ),
                None => (
                    "# model is not set".to_string(),
                    "no default model found: pass --model or set DDX_MODEL".to_string(),
                ),
            },
            _ if key == "parallel" => (
                "# parallel is not set".to_string(),
                "chosen from hardware and context at run time".to_string(),
            ),
            _ => (format!("# {key} is not set"), "default".to_string()),
        };
        writeln!(out, "{line:<48} # {origin}")?;
    }
    Ok(Outcome::Success)
}

/// `ddx config init`.
pub fn init(file: &ConfigFile) -> anyhow::Result<Outcome> {
    let file = &file.path;
    if file.exists() {
        bail!(
            "'{}' already exists; `ddx config init` never overwrites a config file \
             (edit it, or move it away first)",
            file.display()
        );
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory '{}'", dir.display()))?;
    }
    // create_new: never clobber a file that appeared since the check.
    let mut handle = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .with_context(|| format!("cannot create '{}'", file.display()))?;
    handle
        .write_all(DEFAULT_CONFIG.as_bytes())
        .with_context(|| format!("cannot write '{}'", file.display()))?;
    crate::message!("wrote {}", file.display());
    Ok(Outcome::Success)
}
