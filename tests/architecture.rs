//! The architecture, as rules the source tree must keep. Each rule names who it binds and what
//! they may not use; a violation fails with the file, the line and the rule.
//!
//! The folders of src/ are the layers, from the face down:
//!
//! - `cli/`, `app/`: the command line and the frame around it (dispatch, settings, paths, exit
//!   codes). Only they see clap.
//! - `commands/`: one module per subcommand, each on its own.
//! - `session/`: what several commands share.
//! - `cases/`, `answers/`, `clinical/`, `models/`: the domain.
//! - `engine/`: llama.cpp and model servers, behind the backend interface; it stands alone and
//!   never prints.
//!
//! The checker reads the source as text: it drops comments and string literals, follows inline
//! `mod` blocks, expands `use` trees (globs, and the names and aliases they bind), resolves
//! `crate::`, `self::`, `super::` and leading-`::` paths to what they name, and checks every
//! reference against [`RULES`]. It fails on a directory it cannot read and on a tree with no Rust
//! file. The last tests plant violations in a scratch tree and check that each rule catches its
//! own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where a reference points.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A module of this crate, as its path from the crate root (`["commands", "batch", ..]`).
    Module(Vec<String>),
    /// An item of the standard library (`std::fs::read`, ...).
    Std(Vec<String>),
    /// An external crate (`llama_cpp_2`, `clap`, ...).
    Crate(String),
    /// The terminal: a print macro or a standard stream (`println!`, `stderr`, `stdin`, ...).
    Print(String),
}

/// One rule of the architecture.
struct Rule {
    /// What the rule says, as a sentence of the architecture.
    says: &'static str,
    /// Whether a file (its module path) is bound by the rule.
    binds: fn(&[String]) -> bool,
    /// Whether a reference from that file breaks the rule.
    forbids: fn(&[String], &Target) -> bool,
}

fn top(module: &[String]) -> &str {
    module.first().map_or("", String::as_str)
}

fn is_crate(target: &Target, names: &[&str]) -> bool {
    matches!(target, Target::Crate(name) if names.contains(&name.as_str()))
}

fn module_top(target: &Target) -> Option<&str> {
    match target {
        Target::Module(path) => Some(top(path)),
        _ => None,
    }
}

/// Whether `target` reaches one of the top modules `tops`; a glob of the crate root
/// (`crate::*`) reaches them all.
fn reaches(target: &Target, tops: &[&str]) -> bool {
    module_top(target).is_some_and(|top| top == "*" || tops.contains(&top))
}

const DOMAIN: &[&str] = &["cases", "answers", "clinical", "models"];
const CLAP: &[&str] = &["clap", "clap_complete", "clap_mangen"];
const TERMINAL: &[&str] = &["crossterm", "indicatif", "ratatui", "rustyline"];

/// The architecture.
const RULES: &[Rule] = &[
    Rule {
        says: "only the engine talks to llama.cpp: nothing outside src/engine uses llama_cpp_2",
        binds: |m| top(m) != "engine",
        forbids: |_, t| is_crate(t, &["llama_cpp_2", "llama_cpp_sys_2"]),
    },
    Rule {
        says: "only the engine talks to model servers: nothing outside src/engine uses ureq",
        binds: |m| top(m) != "engine",
        forbids: |_, t| is_crate(t, &["ureq"]),
    },
    Rule {
        says: "the engine stands alone: src/engine uses no module outside src/engine",
        binds: |m| top(m) == "engine",
        forbids: |_, t| module_top(t).is_some_and(|top| top != "engine"),
    },
    Rule {
        says: "the engine never prints: no print!/eprint!/dbg!, no standard streams in src/engine",
        binds: |m| top(m) == "engine",
        forbids: |_, t| matches!(t, Target::Print(_)),
    },
    Rule {
        says: "the engine never touches the terminal: no crossterm, indicatif, ratatui or \
               rustyline in src/engine",
        binds: |m| top(m) == "engine",
        forbids: |_, t| is_crate(t, TERMINAL),
    },
    Rule {
        says: "the domain does not know the face: cases, answers, clinical and models use no \
               commands, session, cli or app",
        binds: |m| DOMAIN.contains(&top(m)),
        forbids: |_, t| reaches(t, &["commands", "session", "cli", "app"]),
    },
    Rule {
        says: "clinical transformations do no I/O of their own: no files, environment, processes \
               or terminal in src/clinical",
        binds: |m| top(m) == "clinical",
        forbids: |_, t| match t {
            Target::Print(_) => true,
            Target::Std(path) => path
                .get(1)
                .is_some_and(|p| ["fs", "env", "process"].contains(&p.as_str())),
            Target::Module(_) | Target::Crate(_) => false,
        },
    },
    Rule {
        says: "the session serves commands, never the reverse: src/session uses no commands or cli",
        binds: |m| top(m) == "session",
        forbids: |_, t| reaches(t, &["commands", "cli"]),
    },
    Rule {
        says: "commands are independent: one command never uses another",
        binds: |m| top(m) == "commands" && m.len() > 1,
        forbids: |m, t| match t {
            // `crate::*` or `crate::commands::*` brings in every command.
            Target::Module(path) => {
                top(path) == "*"
                    || (top(path) == "commands" && path.len() > 1 && path.get(1) != m.get(1))
            }
            _ => false,
        },
    },
    Rule {
        says: "the app reaches commands only through its dispatch: no other file of src/app uses \
               commands",
        binds: |m| top(m) == "app" && m.get(1).is_none_or(|f| f != "dispatch"),
        forbids: |_, t| reaches(t, &["commands"]),
    },
    Rule {
        says: "the command line's types stay in the face: nothing outside src/cli and src/app \
               uses src/cli (commands take options of their own, not clap-derived ones)",
        binds: |m| !matches!(top(m), "cli" | "app"),
        forbids: |_, t| reaches(t, &["cli"]),
    },
    Rule {
        says: "clap stops at the face: nothing outside src/cli and src/app uses clap",
        binds: |m| !matches!(top(m), "cli" | "app"),
        forbids: |_, t| is_crate(t, CLAP),
    },
];

/// External crates whose use the rules look at.
const WATCHED_CRATES: &[&str] = &[
    "llama_cpp_2",
    "ureq",
    "llama_cpp_sys_2",
    "clap",
    "clap_complete",
    "clap_mangen",
    "crossterm",
    "indicatif",
    "ratatui",
    "rustyline",
    "std",
    "core",
    "alloc",
];

// ---------------------------------------------------------------------------------------------
// Reading Rust source as tokens.

/// The source with comments, string and character literals blanked out (newlines kept, so line
/// numbers stay true).
fn strip(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && raw_string_start(&chars, i).is_some()
        {
            let (hashes, body) = raw_string_start(&chars, i).unwrap_or((0, i));
            for _ in i..body {
                out.push(' ');
            }
            i = body;
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let closing: Vec<char> = closing.chars().collect();
            while i < chars.len() && !chars[i..].starts_with(&closing) {
                out.push(blank(chars[i]));
                i += 1;
            }
            for _ in 0..closing.len().min(chars.len() - i) {
                out.push(' ');
            }
            i += closing.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}'), not a lifetime ('a).
            let end = if next == Some('\\') {
                chars
                    .get(i + 3..)
                    .and_then(|rest| rest.iter().position(|&c| c == '\''))
                    .map(|p| i + 3 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for _ in i..=end {
                        out.push(' ');
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// At `i`, `r"`, `r#"`, `br"`...: the number of `#` and where the body starts.
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i + if chars[i] == 'b' { 2 } else { 1 };
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some((hashes, j + 1))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    Punct(&'static str),
}

/// Identifiers and the punctuation paths are made of, with their line numbers.
fn tokens(stripped: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = stripped.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push((
                Token::Ident(word.trim_start_matches("r#").to_string()),
                line,
            ));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((Token::Punct("::"), line));
            i += 2;
        } else {
            let punct = match c {
                '{' => Some("{"),
                '}' => Some("}"),
                ';' => Some(";"),
                ',' => Some(","),
                '!' => Some("!"),
                '*' => Some("*"),
                '#' => Some("#"),
                '(' => Some("("),
                ')' => Some(")"),
                '[' => Some("["),
                ']' => Some("]"),
                _ => None,
            };
            if let Some(p) = punct {
                out.push((Token::Punct(p), line));
            } else if !c.is_whitespace() {
                out.push((Token::Punct("other"), line));
            }
            i += 1;
        }
    }
    out
}

fn ident(token: Option<&(Token, usize)>) -> Option<&str> {
    match token {
        Some((Token::Ident(word), _)) => Some(word),
        _ => None,
    }
}

fn punct(token: Option<&(Token, usize)>, p: &str) -> bool {
    matches!(token, Some((Token::Punct(q), _)) if *q == p)
}

/// One path of a `use` tree, and the name it is bound to when renamed (`as name`). A glob ends
/// in `*`.
type UsePath = (Vec<String>, Option<String>);

/// The paths a `use` tree names, from `start` (just after `use`) to its `;`; returns the paths
/// and the index after the `;`.
fn use_tree(tokens: &[(Token, usize)], start: usize) -> (Vec<UsePath>, usize) {
    fn tree(
        tokens: &[(Token, usize)],
        mut i: usize,
        prefix: &[String],
        out: &mut Vec<UsePath>,
    ) -> usize {
        let mut path = prefix.to_vec();
        let mut alias = None;
        loop {
            match tokens.get(i) {
                Some((Token::Ident(word), _)) => {
                    if word == "as" {
                        alias = ident(tokens.get(i + 1)).map(str::to_string);
                        i += 2;
                        continue;
                    }
                    path.push(word.clone());
                    i += 1;
                }
                Some((Token::Punct("::"), _)) => i += 1,
                Some((Token::Punct("*"), _)) => {
                    path.push("*".to_string());
                    i += 1;
                }
                Some((Token::Punct("{"), _)) => {
                    i += 1;
                    loop {
                        i = tree(tokens, i, &path, out);
                        match tokens.get(i) {
                            Some((Token::Punct(","), _)) => i += 1,
                            Some((Token::Punct("}"), _)) => {
                                i += 1;
                                break;
                            }
                            _ => break,
                        }
                        if punct(tokens.get(i), "}") {
                            i += 1;
                            break;
                        }
                    }
                    return i;
                }
                _ => {
                    if path.len() > prefix.len() {
                        // `{self, ..}` names the prefix itself.
                        if path.last().is_some_and(|p| p == "self") && path.len() > 1 {
                            path.pop();
                        }
                        out.push((path, alias));
                    }
                    return i;
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut i = tree(tokens, start, &[], &mut out);
    while i < tokens.len() && !punct(tokens.get(i), ";") {
        i += 1;
    }
    (out, i + 1)
}

/// A reference found in a file: the module it was written in, what it names, and its line.
struct Reference {
    module: Vec<String>,
    path: Vec<String>,
    line: usize,
}

/// A name a `use` brings into scope: the module it was written in and the path it stands for.
struct Binding {
    name: String,
    module: Vec<String>,
    path: Vec<String>,
}

/// Names that always mean the same thing, whatever a `use` says.
fn is_root(name: &str) -> bool {
    matches!(name, "crate" | "self" | "super" | "*" | "_") || WATCHED_CRATES.contains(&name)
}

/// A path that starts with a name a `use` bound (`c::chat::run` after `use crate::commands as
/// c;`, `commands::chat` after `use crate::commands;`), written out in full, from where the
/// `use` was written; other references are kept as they are.
fn expand(reference: Reference, bindings: &[Binding]) -> Reference {
    let mut reference = reference;
    // A few rounds: a `use` may start with a name another `use` bound.
    for _ in 0..4 {
        let Some(first) = reference.path.first() else {
            break;
        };
        let Some(binding) = bindings.iter().find(|b| &b.name == first) else {
            break;
        };
        let mut path = binding.path.clone();
        path.extend(reference.path[1..].iter().cloned());
        reference = Reference {
            module: binding.module.clone(),
            path,
            line: reference.line,
        };
    }
    reference
}

/// Every path and printing call in a file whose module path is `module`.
fn references(source: &str, module: &[String]) -> (Vec<Reference>, Vec<(String, usize)>) {
    let toks = tokens(&strip(source));
    let mut refs = Vec::new();
    let mut bindings: Vec<Binding> = Vec::new();
    // The terminal: print macros, and the standard streams however they are reached.
    let mut prints = Vec::new();
    for (k, (token, line)) in toks.iter().enumerate() {
        if let Token::Ident(word) = token {
            if matches!(
                word.as_str(),
                "print" | "println" | "eprint" | "eprintln" | "dbg"
            ) && punct(toks.get(k + 1), "!")
            {
                prints.push((format!("{word}!"), *line));
            }
            if matches!(word.as_str(), "stdout" | "stderr" | "stdin") {
                prints.push((word.clone(), *line));
            }
        }
    }
    // Inline modules: (name, brace depth at which it closes).
    let mut scopes: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let current = |scopes: &[(String, usize)]| {
        let mut m = module.to_vec();
        m.extend(scopes.iter().map(|(n, _)| n.clone()));
        m
    };
    let mut i = 0;
    while i < toks.len() {
        let (token, line) = &toks[i];
        match token {
            Token::Punct("{") => {
                depth += 1;
                i += 1;
            }
            Token::Punct("}") => {
                if scopes.last().is_some_and(|(_, d)| *d == depth) {
                    scopes.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(name), true) = (ident(toks.get(i + 1)), punct(toks.get(i + 2), "{")) {
                    depth += 1;
                    scopes.push((name.to_string(), depth));
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Token::Ident(word) if word == "use" => {
                let (paths, next) = use_tree(&toks, i + 1);
                let here = current(&scopes);
                for (path, alias) in paths {
                    let name = alias.or_else(|| path.last().cloned()).unwrap_or_default();
                    if !is_root(&name) {
                        bindings.push(Binding {
                            name,
                            module: here.clone(),
                            path: path.clone(),
                        });
                    }
                    refs.push(Reference {
                        module: here.clone(),
                        path,
                        line: *line,
                    });
                }
                i = next;
            }
            Token::Ident(word) => {
                let before = if i > 0 { toks.get(i - 1) } else { None };
                if matches!(
                    word.as_str(),
                    "print" | "println" | "eprint" | "eprintln" | "dbg"
                ) && punct(toks.get(i + 1), "!")
                {
                    prints.push((format!("{word}!"), *line));
                }
                if matches!(word.as_str(), "stdout" | "stderr") {
                    prints.push((word.clone(), *line));
                }
                // A path starts here when not preceded by `::`, or when a watched crate is named
                // from the root (`::llama_cpp_2::model`: nothing names a path before the `::`).
                let from_root = punct(before, "::")
                    && (i < 2 || ident(toks.get(i - 2)).is_none())
                    && WATCHED_CRATES.contains(&word.as_str());
                if punct(before, "::") && !from_root {
                    i += 1;
                    continue;
                }
                let mut path = vec![word.clone()];
                let mut j = i + 1;
                while punct(toks.get(j), "::") {
                    match ident(toks.get(j + 1)) {
                        Some(next) => {
                            path.push(next.to_string());
                            j += 2;
                        }
                        None => break,
                    }
                }
                if path.len() > 1 || WATCHED_CRATES.contains(&path[0].as_str()) {
                    refs.push(Reference {
                        module: current(&scopes),
                        path,
                        line: *line,
                    });
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    let refs = refs
        .into_iter()
        .map(|r| {
            if r.path.first().is_some_and(|first| is_root(first)) {
                r
            } else {
                expand(r, &bindings)
            }
        })
        .collect();
    (refs, prints)
}

/// What a path names, seen from `module`; `None` for local names and unwatched crates.
fn resolve(module: &[String], path: &[String]) -> Option<Target> {
    let first = path.first()?.as_str();
    match first {
        "crate" => Some(Target::Module(path[1..].to_vec())),
        "self" => {
            let mut m = module.to_vec();
            m.extend(path[1..].iter().cloned());
            Some(Target::Module(m))
        }
        "super" => {
            let mut m = module.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|p| p == "super") {
                m.pop();
                rest = &rest[1..];
            }
            m.extend(rest.iter().cloned());
            Some(Target::Module(m))
        }
        "std" | "core" | "alloc" => Some(Target::Std(path.to_vec())),
        name if WATCHED_CRATES.contains(&name) => Some(Target::Crate(name.to_string())),
        _ => None,
    }
}

/// The module path of a file under src/ (`commands/batch/mod.rs` → `commands::batch`).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// Every `.rs` file under `dir`; a directory or entry that cannot be read fails the test (a
/// tree the checker cannot see is not a tree that keeps the rules).
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read the directory {}: {e}", dir.display()));
    let mut entries: Vec<PathBuf> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("cannot read an entry of {}: {e}", dir.display()))
                .path()
        })
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every violation in the tree under `src`, as "file:line: rule (what)".
fn violations(src: &Path) -> Vec<String> {
    scan(src).1
}

/// The files checked under `src` (relative paths) and every violation found in them.
fn scan(src: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    assert!(
        !files.is_empty(),
        "no Rust file under {}: nothing was checked",
        src.display()
    );
    let mut found = BTreeSet::new();
    let mut scanned = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap_or(&file).to_path_buf();
        // main.rs is the binary: a crate of its own that only calls the library.
        if relative == Path::new("main.rs") {
            continue;
        }
        let module = module_of(&relative);
        let source = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        scanned.push(relative.clone());
        let (refs, prints) = references(&source, &module);
        let mut targets: Vec<(Target, usize)> = refs
            .iter()
            .filter_map(|r| resolve(&r.module, &r.path).map(|t| (t, r.line)))
            .collect();
        targets.extend(
            prints
                .into_iter()
                .map(|(what, line)| (Target::Print(what), line)),
        );
        for rule in RULES.iter().filter(|rule| (rule.binds)(&module)) {
            for (target, line) in &targets {
                if (rule.forbids)(&module, target) {
                    let what = match target {
                        Target::Module(path) | Target::Std(path) => path.join("::"),
                        Target::Crate(name) => name.clone(),
                        Target::Print(what) => what.clone(),
                    };
                    found.insert(format!(
                        "src/{}:{line}: {} (uses {what})",
                        relative.display(),
                        rule.says
                    ));
                }
            }
        }
    }
    (scanned, found.into_iter().collect())
}

#[test]
fn the_source_tree_keeps_the_architecture() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (scanned, problems) = scan(&src);
    // Every layer was read, not just some file somewhere.
    for folder in [
        "cli", "app", "commands", "session", "cases", "answers", "clinical", "models", "engine",
    ] {
        let n = scanned.iter().filter(|f| f.starts_with(folder)).count();
        assert!(n > 0, "no file of src/{folder} was checked: {scanned:?}");
    }
    assert!(scanned.len() > 50, "only {} files checked", scanned.len());
    assert!(
        problems.is_empty(),
        "{} violation(s) of the architecture:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_folder_of_src_says_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for folder in [
        "cli", "app", "commands", "session", "cases", "answers", "clinical", "models", "engine",
    ] {
        let text = std::fs::read_to_string(src.join(folder).join("mod.rs")).unwrap_or_default();
        if !text.trim_start().starts_with("//!") {
            missing.push(folder);
        }
    }
    assert!(
        missing.is_empty(),
        "src/<folder>/mod.rs must open with a //! doc: {missing:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// "May use:": each folder's doc names what it may use, and the tree keeps to it.

/// The top folders of src/, the layers.
const FOLDERS: &[&str] = &[
    "cli", "app", "commands", "session", "cases", "answers", "clinical", "models", "engine",
];

/// The words of a folder's `May use:` line (from `May use:` to the end of its paragraph, and
/// before any `Never`), or None where the doc has no such line.
fn may_use_words(doc: &str) -> Option<Vec<String>> {
    let lines: Vec<&str> = doc
        .lines()
        .take_while(|l| l.trim_start().starts_with("//!"))
        .map(|l| l.trim_start().trim_start_matches("//!").trim())
        .collect();
    let start = lines.iter().position(|l| l.starts_with("May use:"))?;
    let paragraph: Vec<&str> = lines[start..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    let text = paragraph.join(" ");
    let text = text.trim_start_matches("May use:");
    let allowed = text.split("Never").next().unwrap_or_default();
    Some(
        allowed
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// What a folder's `May use:` line names: top modules of ddx and watched crates.
fn named_in(words: &[String]) -> BTreeSet<String> {
    words
        .iter()
        .filter(|w| FOLDERS.contains(&w.as_str()) || WATCHED_CRATES.contains(&w.as_str()))
        .cloned()
        .collect()
}

/// For each file under `src`: its module path and what it references (other top modules, and
/// watched crates other than the standard library).
fn uses_per_file(src: &Path) -> Vec<(Vec<String>, BTreeSet<String>, Vec<Target>)> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut out = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap_or(&file).to_path_buf();
        if relative == Path::new("main.rs") || relative == Path::new("lib.rs") {
            continue;
        }
        let module = module_of(&relative);
        let source = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let (refs, _) = references(&source, &module);
        let targets: Vec<Target> = refs
            .iter()
            .filter_map(|r| resolve(&r.module, &r.path))
            .collect();
        let used = targets
            .iter()
            .filter_map(|t| match t {
                Target::Module(path) => path
                    .first()
                    .filter(|top| top.as_str() != module[0] && FOLDERS.contains(&top.as_str()))
                    .cloned(),
                Target::Crate(name) => Some(name.clone()),
                Target::Std(_) | Target::Print(_) => None,
            })
            .collect();
        out.push((module, used, targets));
    }
    out
}

/// Every disagreement between the folders' `May use:` lines and the tree under `src`: a folder
/// without the line, a file using a top module or watched crate its folder's line does not name,
/// and a line naming something that the rules forbid to every file of the folder.
fn may_use_problems(src: &Path) -> Vec<String> {
    let files = uses_per_file(src);
    let mut problems = Vec::new();
    for folder in FOLDERS {
        let path = src.join(folder).join("mod.rs");
        let doc = std::fs::read_to_string(&path).unwrap_or_default();
        let Some(words) = may_use_words(&doc) else {
            problems.push(format!(
                "src/{folder}/mod.rs: no `May use:` line in its //! doc"
            ));
            continue;
        };
        let named = named_in(&words);
        let in_folder: Vec<_> = files.iter().filter(|(m, _, _)| top(m) == *folder).collect();
        for (module, used, _) in &in_folder {
            for name in used.iter().filter(|name| !named.contains(*name)) {
                problems.push(format!(
                    "src/{}: uses {name}, which the `May use:` line of src/{folder}/mod.rs \
                     does not name",
                    module.join("/")
                ));
            }
        }
        for name in named.iter().filter(|n| n.as_str() != *folder) {
            let target = if FOLDERS.contains(&name.as_str()) {
                Target::Module(vec![name.clone(), "x".to_string()])
            } else {
                Target::Crate(name.clone())
            };
            let somewhere_allowed = in_folder.iter().any(|(module, _, _)| {
                !RULES
                    .iter()
                    .any(|rule| (rule.binds)(module) && (rule.forbids)(module, &target))
            });
            if !somewhere_allowed {
                problems.push(format!(
                    "src/{folder}/mod.rs: its `May use:` line names {name}, which the rules \
                     forbid to every file of src/{folder}"
                ));
            }
        }
    }
    problems
}

#[test]
fn every_folder_says_what_it_may_use_and_keeps_to_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = may_use_problems(&src);
    assert!(
        problems.is_empty(),
        "{} disagreement(s) with the `May use:` lines:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_missing_or_wrong_may_use_line_is_caught() {
    let mut files: Vec<(String, String)> = FOLDERS
        .iter()
        .map(|f| {
            (
                format!("{f}/mod.rs"),
                "//! A layer.\n//!\n//! May use: nothing. Never anything else.\n".to_string(),
            )
        })
        .collect();
    let as_refs = |files: &[(String, String)]| -> Vec<String> {
        let owned: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        may_use_problems(scratch(&owned).path())
    };
    assert!(
        as_refs(&files).is_empty(),
        "false alarm: {:?}",
        as_refs(&files)
    );
    // A folder without the line.
    files[0].1 = "//! The command line.\n".to_string();
    let found = as_refs(&files);
    assert!(
        found
            .iter()
            .any(|f| f.contains("src/cli/mod.rs: no `May use:`")),
        "{found:?}"
    );
    files[0].1 = "//! The command line.\n//! May use: app, clap.\n".to_string();
    // A file that uses a module its folder's line does not name (a name after `Never` does not
    // count as named).
    files.push((
        "session/model.rs".to_string(),
        "use crate::engine::Backend;\nuse crate::cases::Case;\n".to_string(),
    ));
    files[3].1 = "//! Shared.\n//! May use: cases. Never engine.\n".to_string();
    let found = as_refs(&files);
    assert!(
        found
            .iter()
            .any(|f| f.contains("src/session/model: uses engine")),
        "{found:?}"
    );
    assert_eq!(found.len(), 1, "{found:?}");
    // A line that names what the rules forbid the whole folder.
    files[3].1 = "//! Shared.\n//! May use: cases, engine, commands.\n".to_string();
    let found = as_refs(&files);
    assert!(
        found.iter().any(|f| f.contains("names commands")),
        "{found:?}"
    );
    assert_eq!(found.len(), 1, "{found:?}");
}

// ---------------------------------------------------------------------------------------------
// The checker catches what it should: violations planted in a scratch tree.

fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn caught(files: &[(&str, &str)]) -> Vec<String> {
    violations(scratch(files).path())
}

#[test]
fn each_rule_catches_a_planted_violation() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "commands/ask.rs",
            "use llama_cpp_2::model::LlamaModel;\n",
            "only the engine talks to llama.cpp",
        ),
        (
            "engine/llama/mod.rs",
            "fn f() { crate::models::check_model_file(p); }\n",
            "the engine stands alone",
        ),
        (
            "session/remote.rs",
            "fn f() { let _ = ureq::get(\"http://x\"); }\n",
            "only the engine talks to model servers",
        ),
        (
            "engine/local.rs",
            "fn f() {\n    eprintln!(\"loaded\");\n}\n",
            "the engine never prints",
        ),
        (
            "engine/run.rs",
            "use std::io::Write;\nfn f() { let _ = std::io::stderr().write_all(b\"x\"); }\n",
            "the engine never prints",
        ),
        (
            "cases/reader.rs",
            "use crate::session::jsonl::open_input;\n",
            "the domain does not know the face",
        ),
        (
            "models/registry.rs",
            "use crate::{app::paths::Paths, engine::EngineError};\n",
            "the domain does not know the face",
        ),
        (
            "clinical/fhir/source.rs",
            "fn f() { let _ = std::fs::read(\"x\"); }\n",
            "clinical transformations do no I/O",
        ),
        (
            "session/model.rs",
            "use crate::commands::batch::Options;\n",
            "the session serves commands",
        ),
        (
            "commands/tui/mod.rs",
            "use crate::commands::chat::command::parse;\n",
            "commands are independent",
        ),
        (
            "commands/batch/mod.rs",
            "use super::eval::Options;\n",
            "commands are independent",
        ),
        (
            "app/settings.rs",
            "fn f() { crate::commands::ask::run(); }\n",
            "the app reaches commands only through its dispatch",
        ),
        (
            "session/progress.rs",
            "use clap::ValueEnum;\n",
            "clap stops at the face",
        ),
        // A path from the root, in a body.
        (
            "commands/ask.rs",
            "fn f() {\n    let m = ::llama_cpp_2::model::LlamaModel::load();\n}\n",
            "only the engine talks to llama.cpp",
        ),
        // A module alias, then a path through it.
        (
            "commands/batch/mod.rs",
            "use crate::commands as c;\nfn f() { c::chat::run(); }\n",
            "commands are independent",
        ),
        // A module imported by name, then a path through it.
        (
            "commands/eval/mod.rs",
            "use crate::commands;\nfn f() { commands::ask::run(); }\n",
            "commands are independent",
        ),
        // Globs: every command, or the whole crate.
        (
            "commands/batch/mod.rs",
            "use super::*;\nfn f() { chat::run(); }\n",
            "commands are independent",
        ),
        (
            "commands/ask.rs",
            "use crate::*;\nfn f() { commands::chat::run(); }\n",
            "commands are independent",
        ),
        (
            "cases/reader.rs",
            "use crate::*;\n",
            "the domain does not know the face",
        ),
        // The command line's clap-derived types, in a command.
        (
            "commands/batch/mod.rs",
            "use crate::cli::modes::BatchArgs;\n",
            "the command line's types stay in the face",
        ),
        (
            "commands/ask.rs",
            "use crate::cli as face;\nfn f(a: face::AskArgs) {}\n",
            "the command line's types stay in the face",
        ),
        // Terminal crates in the engine.
        (
            "engine/llama/mod.rs",
            "use crossterm::terminal;\n",
            "the engine never touches the terminal",
        ),
        (
            "engine/remote.rs",
            "fn f() {\n    let _ = indicatif::ProgressBar::new(1);\n}\n",
            "the engine never touches the terminal",
        ),
    ];
    for (file, text, rule) in cases {
        let found = caught(&[(file, text)]);
        assert!(
            found.iter().any(|f| f.contains(rule) && f.contains(file)),
            "a planted violation in {file} was not caught by \"{rule}\": {found:?}"
        );
        assert!(
            found.iter().all(|f| f.contains(":1:") || f.contains(":2:")),
            "the line is named: {found:?}"
        );
    }
}

#[test]
fn allowed_references_pass() {
    let found = caught(&[
        (
            "commands/batch/mod.rs",
            "//! Uses crate::commands::chat in a comment only.\n\
             mod score;\nuse super::super::session::jsonl;\nuse self::score::run;\n\
             use crate::{cases::Case, session::{self, Session}};\n\
             fn f() { let s = \"crate::commands::eval\"; println!(\"{s}\"); }\n",
        ),
        (
            "commands/batch/score.rs",
            "use super::{record, Options};\nuse crate::commands::batch::run;\n",
        ),
        (
            "engine/llama/mod.rs",
            "use llama_cpp_2::model::LlamaModel;\nuse super::local::Command;\n\
             fn f<'a>(x: &'a str) -> char { let _ = r#\"eprintln!(\"no\")\"#; 'x' }\n",
        ),
        (
            "app/dispatch.rs",
            "use clap::Parser;\nuse crate::commands::{ask, batch};\n",
        ),
        (
            "clinical/deid/mod.rs",
            "use crate::cases::Case;\nuse std::collections::BTreeMap;\n\
             #[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        // Aliases and globs that stay inside what a file may use; a local name that happens to
        // match a crate's name after `::` is not a path from the root.
        (
            "commands/eval/mod.rs",
            "use crate::session as s;\nuse super::eval::*;\nuse crossterm::event;\n\
             fn f() { s::jsonl::open(); Self::llama_cpp_2(); }\n",
        ),
        (
            "engine/remote.rs",
            "use super::*;\nuse crate::engine::llama as local;\nfn f() { local::run(); }\n",
        ),
    ]);
    assert!(found.is_empty(), "false alarms: {found:?}");
}

/// A tree the checker cannot read, or one with nothing in it, fails: it never passes on nothing.
#[test]
fn an_unreadable_or_empty_tree_fails() {
    let missing = std::panic::catch_unwind(|| violations(Path::new("/nonexistent/ddx/src")));
    assert!(missing.is_err(), "a missing directory passed");
    let empty = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(empty.path().join("engine")).expect("mkdir");
    let nothing = std::panic::catch_unwind(|| violations(empty.path()));
    assert!(nothing.is_err(), "a tree without Rust files passed");
}

#[test]
fn inline_modules_and_super_resolve_to_the_right_place() {
    // In a mod.rs, `super::` at the top is the parent folder; inside `mod tests` it is the file.
    let found = caught(&[(
        "commands/batch/mod.rs",
        "mod tests {\n    use super::Options;\n}\nuse super::chat::Options;\n",
    )]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("mod.rs:4:"), "{found:?}");
}
