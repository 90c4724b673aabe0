//! `ddx models list`: every model ddx knows (the registry, *.gguf in the model directories,
//! the configured model) as a table or JSON, from their GGUF headers only.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::models;
use crate::models::registry::{self, Origin};

use super::{human_bytes, human_count};

/// One row of `models list`.
#[derive(Debug, Serialize)]
pub(super) struct Row {
    pub(super) name: String,
    /// registry, user, directory or config.
    origin: String,
    pub(super) path: Option<PathBuf>,
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
pub(super) fn known(settings: &Settings, include_missing: bool) -> anyhow::Result<Vec<Row>> {
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
            crate::warning!("{}: {error}", path.display());
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
    if rows.is_empty() {
        crate::note!(
            "no GGUF models found; `bash models/fetch-default-model.sh` gets the default one, \
             `ddx models list --all` shows the registry"
        );
    }
    Ok(Outcome::Success)
}
