//! Slash commands of `ddx chat`: one line of text in, a typed [`SlashCommand`] or a one-line
//! error out. Pure (no I/O), so every command and every bad value is unit-tested here.

use std::path::PathBuf;

pub use crate::session::interactive::conversation::Setting;

/// Every command with its argument synopsis and a one-line description, for /help and completion.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    ("/help", "", "list the commands"),
    (
        "/case",
        "FILE[#ID] [ID] | show",
        "load a case (the first one when no id) or show the loaded one",
    ),
    ("/next", "", "the next case of the loaded file"),
    ("/prev", "", "the previous case of the loaded file"),
    (
        "/template",
        "NAME|PATH",
        "render the case through another template (the conversation restarts)",
    ),
    (
        "/system",
        "TEXT|off",
        "replace the system prompt ('off' goes back to the template's)",
    ),
    (
        "/set",
        "KEY VALUE",
        "change a setting: temperature top_k top_p min_p repeat_penalty seed max_tokens stop",
    ),
    (
        "/schema",
        "FILE|off",
        "constrain answers to a JSON schema ('off' removes it)",
    ),
    (
        "/save",
        "FILE",
        "write the transcript: Markdown (.md) or JSON Lines (.jsonl), with provenance",
    ),
    (
        "/reset",
        "",
        "forget the conversation (the case stays loaded)",
    ),
    (
        "/stats",
        "",
        "numbers about the last answer and the session",
    ),
    ("/model", "", "the loaded model"),
    ("/exit", "", "leave (Ctrl-D does the same)"),
];

/// Names `/set` accepts (dashes and underscores both work).
pub const SETTING_NAMES: &[&str] = &[
    "temperature",
    "top_k",
    "top_p",
    "min_p",
    "repeat_penalty",
    "seed",
    "max_tokens",
    "stop",
];

/// A parsed slash command.
#[derive(Debug, Clone, PartialEq)]
pub enum SlashCommand {
    Help,
    /// Load `file`, at the case `id` (the first case when `None`).
    Case {
        file: PathBuf,
        id: Option<String>,
    },
    CaseShow,
    Next,
    Prev,
    Template(String),
    /// `None` goes back to the template's system prompt.
    System(Option<String>),
    Set(Setting),
    /// `None` turns the schema off.
    Schema(Option<PathBuf>),
    Save(PathBuf),
    Score,
    Reset,
    Stats,
    Model,
    Exit,
}

fn number<T: std::str::FromStr>(key: &str, value: &str, what: &str) -> Result<T, String> {
    value
        .parse::<T>()
        .map_err(|_| format!("'{key}' takes {what}, not '{value}'"))
}

/// Parse `/set KEY VALUE`'s key and value.
pub fn parse_setting(key: &str, value: &str) -> Result<Setting, String> {
    let key = key.to_ascii_lowercase().replace('-', "_");
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("'/set {key}' needs a value"));
    }
    Ok(match key.as_str() {
        "temperature" | "temp" => Setting::Temperature(number(&key, value, "a number")?),
        "top_k" => Setting::TopK(number(&key, value, "a whole number")?),
        "top_p" => Setting::TopP(number(&key, value, "a number")?),
        "min_p" => Setting::MinP(number(&key, value, "a number")?),
        "repeat_penalty" => Setting::RepeatPenalty(number(&key, value, "a number")?),
        "seed" => Setting::Seed(number(&key, value, "a whole number from 0")?),
        "max_tokens" => {
            let n: u32 = number(&key, value, "a whole number from 1")?;
            if n == 0 {
                return Err("'max_tokens' must be at least 1".into());
            }
            Setting::MaxTokens(n)
        }
        "stop" => Setting::Stop((value != "off").then(|| unescape(value))),
        other => {
            return Err(format!(
                "unknown setting '{other}' (one of: {})",
                SETTING_NAMES.join(", ")
            ))
        }
    })
}

/// `\n` and `\t` in a stop string mean a newline and a tab.
fn unescape(value: &str) -> String {
    value.replace("\\n", "\n").replace("\\t", "\t")
}

/// Parse a line. `None` when it is not a command (it does not start with '/').
pub fn parse(line: &str) -> Option<Result<SlashCommand, String>> {
    let line = line.trim();
    let rest = line.strip_prefix('/')?;
    let (name, args) = rest
        .split_once(char::is_whitespace)
        .map_or((rest, ""), |(n, a)| (n, a.trim()));
    let no_args = |command: SlashCommand| {
        if args.is_empty() {
            Ok(command)
        } else {
            Err(format!("'/{name}' takes no arguments"))
        }
    };
    let needs = |what: &str| -> Result<String, String> {
        if args.is_empty() {
            Err(format!("'/{name}' needs {what}"))
        } else {
            Ok(args.to_string())
        }
    };
    Some(match name {
        "help" | "?" => no_args(SlashCommand::Help),
        "next" => no_args(SlashCommand::Next),
        "prev" | "previous" => no_args(SlashCommand::Prev),
        "reset" | "clear" => no_args(SlashCommand::Reset),
        "stats" => no_args(SlashCommand::Stats),
        "model" => no_args(SlashCommand::Model),
        "exit" | "quit" => no_args(SlashCommand::Exit),
        "score" => no_args(SlashCommand::Score),
        "case" => match args {
            "" => Err("'/case' needs a file (and an id), or 'show'".into()),
            "show" => Ok(SlashCommand::CaseShow),
            _ => {
                let mut parts = args.split_whitespace();
                let first = parts.next().unwrap_or_default();
                let second = parts.next();
                if parts.next().is_some() {
                    Err("'/case' takes a file and an optional id".into())
                } else {
                    let (file, hash_id) = match first.rsplit_once('#') {
                        Some((f, id)) if !f.is_empty() => (f, Some(id.to_string())),
                        _ => (first, None),
                    };
                    match (hash_id, second) {
                        (Some(_), Some(_)) => {
                            Err("'/case' got an id twice (FILE#ID and ID)".into())
                        }
                        (id, other) => Ok(SlashCommand::Case {
                            file: PathBuf::from(file),
                            id: id
                                .filter(|i| !i.is_empty())
                                .or(other.map(ToString::to_string)),
                        }),
                    }
                }
            }
        },
        "template" => needs("a template name or path").map(SlashCommand::Template),
        "system" => needs("the system prompt, or 'off'")
            .map(|text| SlashCommand::System((text != "off").then_some(text))),
        "set" => needs("a setting and a value").and_then(|text| {
            let (key, value) = text.split_once(char::is_whitespace).ok_or_else(|| {
                format!("'/set {text}' needs a value (as in '/set temperature 0.7')")
            })?;
            parse_setting(key, value).map(SlashCommand::Set)
        }),
        "schema" => needs("a JSON schema file, or 'off'")
            .map(|text| SlashCommand::Schema((text != "off").then(|| PathBuf::from(text)))),
        "save" => needs("a file name (.md or .jsonl)").and_then(|text| {
            let path = PathBuf::from(&text);
            match path.extension().and_then(|e| e.to_str()) {
                Some("md" | "markdown" | "jsonl") => Ok(SlashCommand::Save(path)),
                _ => Err(format!(
                    "'/save {text}': the file must end in .md (Markdown) or .jsonl (JSON Lines)"
                )),
            }
        }),
        "" => Err("a lone '/' is not a command (type /help)".into()),
        other => Err(format!("unknown command '/{other}' (type /help)")),
    })
}

/// The /help text.
pub fn help() -> String {
    let mut out = String::from("Commands:\n");
    for (name, synopsis, description) in COMMANDS {
        let head = if synopsis.is_empty() {
            (*name).to_string()
        } else {
            format!("{name} {synopsis}")
        };
        out.push_str(&format!("  {head:<30} {description}\n"));
    }
    out.push_str(
        "Anything else is a question. A line of \"\"\" starts and ends a multi-line block.\n\
         Ctrl-C stops an answer (or clears the line); Ctrl-D leaves.",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> SlashCommand {
        parse(line).expect("a command").expect("valid")
    }

    fn err(line: &str) -> String {
        parse(line).expect("a command").expect_err("invalid")
    }

    #[test]
    fn plain_text_is_not_a_command() {
        assert!(parse("what is the diagnosis?").is_none());
        assert!(parse("  ").is_none());
    }

    #[test]
    fn simple_commands() {
        assert_eq!(ok("/help"), SlashCommand::Help);
        assert_eq!(ok("  /next "), SlashCommand::Next);
        assert_eq!(ok("/prev"), SlashCommand::Prev);
        assert_eq!(ok("/reset"), SlashCommand::Reset);
        assert_eq!(ok("/stats"), SlashCommand::Stats);
        assert_eq!(ok("/model"), SlashCommand::Model);
        assert_eq!(ok("/exit"), SlashCommand::Exit);
        assert_eq!(ok("/quit"), SlashCommand::Exit);
        assert_eq!(ok("/case show"), SlashCommand::CaseShow);
        assert!(err("/exit now").contains("takes no arguments"));
    }

    #[test]
    fn case_accepts_hash_or_separate_id() {
        assert_eq!(
            ok("/case cases.jsonl#demo-2"),
            SlashCommand::Case {
                file: "cases.jsonl".into(),
                id: Some("demo-2".into())
            }
        );
        assert_eq!(
            ok("/case cases.jsonl demo-2"),
            SlashCommand::Case {
                file: "cases.jsonl".into(),
                id: Some("demo-2".into())
            }
        );
        assert_eq!(
            ok("/case cases.jsonl"),
            SlashCommand::Case {
                file: "cases.jsonl".into(),
                id: None
            }
        );
        assert!(err("/case").contains("needs a file"));
        assert!(err("/case a.jsonl#x y").contains("twice"));
        assert!(err("/case a b c").contains("optional id"));
    }

    #[test]
    fn set_parses_every_setting() {
        assert_eq!(
            ok("/set temperature 0.7"),
            SlashCommand::Set(Setting::Temperature(0.7))
        );
        assert_eq!(ok("/set top-k 20"), SlashCommand::Set(Setting::TopK(20)));
        assert_eq!(ok("/set top_p 0.9"), SlashCommand::Set(Setting::TopP(0.9)));
        assert_eq!(ok("/set min_p 0.1"), SlashCommand::Set(Setting::MinP(0.1)));
        assert_eq!(
            ok("/set repeat_penalty 1.1"),
            SlashCommand::Set(Setting::RepeatPenalty(1.1))
        );
        assert_eq!(ok("/set seed 7"), SlashCommand::Set(Setting::Seed(7)));
        assert_eq!(
            ok("/set max_tokens 64"),
            SlashCommand::Set(Setting::MaxTokens(64))
        );
        assert_eq!(
            ok("/set stop \\n\\n"),
            SlashCommand::Set(Setting::Stop(Some("\n\n".into())))
        );
        assert_eq!(ok("/set stop off"), SlashCommand::Set(Setting::Stop(None)));
    }

    #[test]
    fn set_rejects_bad_keys_and_values_in_one_line() {
        for (line, needle) in [
            (
                "/set temperature hot",
                "'temperature' takes a number, not 'hot'",
            ),
            ("/set top_k 1.5", "'top_k' takes a whole number"),
            ("/set seed -1", "'seed' takes a whole number"),
            ("/set max_tokens 0", "at least 1"),
            ("/set colour red", "unknown setting 'colour'"),
            ("/set temperature", "needs a value"),
            ("/set", "needs a setting"),
        ] {
            let message = err(line);
            assert!(message.contains(needle), "{line}: {message}");
            assert!(!message.contains('\n'), "{line}: {message}");
        }
    }

    #[test]
    fn schema_system_template_save() {
        assert_eq!(
            ok("/schema s.json"),
            SlashCommand::Schema(Some("s.json".into()))
        );
        assert_eq!(ok("/schema off"), SlashCommand::Schema(None));
        assert_eq!(
            ok("/system Be brief."),
            SlashCommand::System(Some("Be brief.".into()))
        );
        assert_eq!(ok("/system off"), SlashCommand::System(None));
        assert_eq!(
            ok("/template summary"),
            SlashCommand::Template("summary".into())
        );
        assert_eq!(ok("/save out.md"), SlashCommand::Save("out.md".into()));
        assert_eq!(
            ok("/save out.jsonl"),
            SlashCommand::Save("out.jsonl".into())
        );
        assert!(err("/save out.txt").contains(".md"));
        assert!(err("/template").contains("needs"));
    }

    #[test]
    fn unknown_commands_are_one_line_errors() {
        assert_eq!(
            err("/frobnicate x"),
            "unknown command '/frobnicate' (type /help)"
        );
        assert!(err("/").contains("not a command"));
        assert_eq!(ok("/score"), SlashCommand::Score);
        assert!(err("/score now").contains("takes no arguments"));
    }

    #[test]
    fn help_lists_every_command() {
        let text = help();
        for (name, _, _) in COMMANDS {
            assert!(text.contains(name), "{name}");
        }
    }
}
