//! Golden test: the committed completions/ and man/ match what the current CLI generates.
//!
//! When it fails, regenerate with the command it prints (or run this test with
//! `UPDATE_GENERATED=1` to rewrite the files), review the diff, and commit it.

use std::collections::BTreeSet;
use std::path::Path;

use ddx::cli::generate::{self, File, REGENERATE};
use ddx::commands::generate::write_all;

fn check(dir_name: &str, files: &[File]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir_name);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        write_all(files, &dir).expect("rewrite generated files");
    }
    let mut problems = Vec::new();
    for (name, bytes) in files {
        match std::fs::read(dir.join(name)) {
            Ok(committed) if &committed == bytes => {}
            Ok(_) => problems.push(format!("{dir_name}/{name} differs from the CLI")),
            Err(_) => problems.push(format!("{dir_name}/{name} is missing")),
        }
    }
    let expected: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !expected.contains(name.as_str()) {
                problems.push(format!(
                    "{dir_name}/{name} is stale: the CLI no longer generates it (delete it)"
                ));
            }
        }
    }
    problems
}

#[test]
fn completions_match_the_cli() {
    let problems = check("completions", &generate::completions());
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: {REGENERATE}",
        problems.join("\n")
    );
}

#[test]
fn man_pages_match_the_cli() {
    let pages = generate::man_pages().expect("man pages render");
    let problems = check("man", &pages);
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: {REGENERATE}",
        problems.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate::completions(), generate::completions());
    assert_eq!(
        generate::man_pages().expect("render"),
        generate::man_pages().expect("render")
    );
}
