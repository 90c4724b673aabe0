//! `ddx models verify`: registered files checked against their recorded sha256.

use std::collections::BTreeSet;
use std::io::Write as _;

use anyhow::bail;

use crate::app::exit::Outcome;
use crate::app::settings::Settings;
use crate::models;
use crate::models::registry::{self, Entry};

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
            crate::note!("{}: expected sha256 {expected}, got {actual}", entry.name);
        }
    }
    crate::note!(
        "{checked} model file(s) checked, {failed} failed{}",
        if absent > 0 {
            format!(", {absent} registry model(s) not on this machine")
        } else {
            String::new()
        }
    );
    Ok(Outcome::of_run(false, failed))
}
