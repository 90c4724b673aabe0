//! `--chat-template` end to end on the test model: built-in names and Jinja files, the setting's
//! layers (flag, config key, environment), errors that name the template, the template in
//! provenance, and an end-of-turn marker that exists only as text stopping generation.

mod common;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

fn batch(home: &TempDir, input: &Path, extra: &[&str]) -> Output {
    let mut cmd = common::ddx_with_model(home);
    cmd.args(["batch", "-q", "--temperature", "0", "--ctx-size", "512"])
        .arg(input)
        .args(extra);
    cmd.output().expect("ddx runs")
}

fn one_question(home: &TempDir) -> std::path::PathBuf {
    let input = home.path().join("q.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"q1\",\"prompt\":\"What is the capital of France?\"}\n",
    )
    .expect("write");
    input
}

fn record(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = common::parse_jsonl(&out.stdout);
    assert_eq!(records.len(), 1);
    records[0].clone()
}

/// A ChatML template whose assistant turns end with the plain word " Paris": the word is this
/// template's end-of-turn marker, so the answer stops right before it (SmolLM2 answers "The
/// capital of France is Paris." with the built-in chatml).
#[test]
fn an_end_marker_that_is_only_text_stops_the_answer_and_is_trimmed() {
    let home = common::home();
    let input = one_question(&home);
    let template = home.path().join("paris.jinja");
    std::fs::write(
        &template,
        "{%- for m in messages -%}\n\
         {{ '<|im_start|>' + m.role + '\\n' + m.content }}{% if m.role == 'assistant' %} Paris{% else %}<|im_end|>{% endif %}{{ '\\n' }}\n\
         {%- endfor -%}\n\
         {%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif -%}\n",
    )
    .expect("write");
    let plain = record(&batch(
        &home,
        &input,
        &["-n", "24", "--chat-template", "chatml"],
    ));
    assert!(
        plain["output"].as_str().expect("output").contains("Paris"),
        "{plain}"
    );
    let marked = record(&batch(
        &home,
        &input,
        &[
            "-n",
            "24",
            "--chat-template",
            template.to_str().expect("utf8"),
        ],
    ));
    let text = marked["output"].as_str().expect("output");
    assert!(!text.contains("Paris") && !text.is_empty(), "{marked}");
    assert_eq!(marked["finish_reason"], "stop", "{marked}");
    let provenance = &marked["provenance"]["model"]["chat_template"];
    assert_eq!(provenance["name"], template.to_str().expect("utf8"));
    assert_eq!(
        provenance["sha256"],
        ddx::engine::chat::source_sha256(&std::fs::read_to_string(&template).expect("read"))
    );
}

/// The model's own template by default; a built-in by flag, config key or environment, with the
/// flag winning; each recorded by name and the sha256 of its source.
#[test]
fn the_setting_comes_from_flag_config_or_environment() {
    let home = common::home();
    let input = one_question(&home);
    let name_of = |out: &Output| record(out)["provenance"]["model"]["chat_template"].clone();
    let own = name_of(&batch(&home, &input, &["-n", "1"]));
    assert_eq!(own["name"], "model");
    assert_eq!(own["sha256"].as_str().map(str::len), Some(64));
    let config = home.path().join("config.toml");
    std::fs::write(&config, "chat_template = \"zephyr\"\n").expect("write");
    let config = config.to_str().expect("utf8");
    let from_file = name_of(&batch(&home, &input, &["-n", "1", "--config", config]));
    assert_eq!(from_file["name"], "zephyr");
    assert_eq!(
        from_file["sha256"],
        ddx::engine::chat::source_sha256(ddx::engine::chat::builtin("zephyr").expect("built-in"))
    );
    let mut cmd = common::ddx_with_model(&home);
    cmd.env("DDX_CHAT_TEMPLATE", "phi3")
        .args([
            "batch",
            "-q",
            "-n",
            "1",
            "--ctx-size",
            "512",
            "--config",
            config,
        ])
        .arg(&input);
    assert_eq!(name_of(&cmd.output().expect("runs"))["name"], "phi3");
    let flag = name_of(&batch(
        &home,
        &input,
        &["-n", "1", "--config", config, "--chat-template", "llama3"],
    ));
    assert_eq!(flag["name"], "llama3");
}

#[test]
fn unknown_names_and_broken_files_are_clear_errors() {
    let home = common::home();
    let input = one_question(&home);
    let out = batch(&home, &input, &["--chat-template", "chatmll"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("'chatmll' is neither a built-in (chatml, qwen, llama3, gemma"),
        "{stderr}"
    );
    let broken = home.path().join("broken.jinja");
    std::fs::write(&broken, "{% for m in messages %}\n{{ m.content }\n").expect("write");
    let out = batch(
        &home,
        &input,
        &["--chat-template", broken.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.jinja") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
