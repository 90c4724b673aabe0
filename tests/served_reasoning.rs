//! A served reasoning model: a real `llama-server` on loopback serving the test model with a
//! Qwen3-style template that opens a `<think>` block (llama-server's `--reasoning-budget` closes
//! it). The server returns the thinking apart (`reasoning_content`, its default) or inline in
//! the content (`--reasoning-format none`); ddx keeps it apart from the answer either way.

mod common;

use common::server::LlamaServer;
use serde_json::Value;
use tempfile::TempDir;

/// A template llama-server recognises as a thinking one: it renders an assistant turn's
/// `reasoning_content` in a block, and the generation prompt opens one.
const TEMPLATE: &str = "{%- for m in messages -%}\n\
{%- if m.role == 'assistant' and m.reasoning_content is defined and m.reasoning_content -%}\n\
{{ '<|im_start|>assistant\\n<think>\\n' + m.reasoning_content + '\\n</think>\\n\\n' + m.content + '<|im_end|>\\n' }}\n\
{%- else -%}\n\
{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}\n\
{%- endif -%}\n\
{%- endfor -%}\n\
{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n<think>\\n' }}{% endif -%}\n";

fn server(home: &TempDir, format: &str) -> LlamaServer {
    let template = home.path().join("think.jinja");
    std::fs::write(&template, TEMPLATE).expect("write");
    let template = template.to_string_lossy().into_owned();
    LlamaServer::start(
        1,
        &[
            "--jinja",
            "--chat-template-file",
            &template,
            "--reasoning-budget",
            "6",
            "--reasoning-format",
            format,
        ],
    )
}

fn batch(home: &TempDir, url: &str, extra: &[&str]) -> Value {
    let input = home.path().join("q.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"t1\",\"messages\":[{\"role\":\"user\",\"content\":\"Is aspirin an antiplatelet drug?\"}]}\n",
    )
    .expect("write");
    let mut cmd = common::ddx(home);
    cmd.args([
        "batch",
        "-q",
        "--endpoint",
        url,
        "-n",
        "24",
        "--temperature",
        "0",
    ])
    .args(extra)
    .arg(&input);
    let records = common::records_of(&mut cmd, 0);
    assert_eq!(records.len(), 1);
    records[0].clone()
}

fn assert_split(r: &Value) {
    let reasoning = r["reasoning"].as_str().expect("a reasoning field");
    let output = r["output"].as_str().expect("output");
    assert!(!reasoning.trim().is_empty(), "{r}");
    assert!(
        !output.trim().is_empty(),
        "the model answers after the block: {r}"
    );
    for text in [reasoning, output] {
        assert!(
            !text.contains("<think>") && !text.contains("</think>"),
            "{r}"
        );
    }
    let usage = &r["usage"];
    let thinking = usage["reasoning_tokens"]
        .as_u64()
        .expect("reasoning_tokens");
    assert!(
        (1..=8).contains(&thinking),
        "about the server's budget of 6: {r}"
    );
    assert_eq!(
        thinking + usage["output_tokens"].as_u64().expect("output_tokens"),
        usage["completion_tokens"]
            .as_u64()
            .expect("completion_tokens"),
        "{r}"
    );
}

#[test]
fn reasoning_content_from_the_server_is_kept_apart() {
    let home = common::home();
    let server = server(&home, "deepseek");
    assert_split(&batch(&home, &server.url(), &[]));
}

#[test]
fn an_inline_think_block_is_split_off_unless_reasoning_format_is_none() {
    let home = common::home();
    let server = server(&home, "none");
    let split = batch(&home, &server.url(), &[]);
    assert_split(&split);
    let whole = batch(&home, &server.url(), &["--reasoning-format", "none"]);
    assert!(whole.get("reasoning").is_none(), "{whole}");
    let output = whole["output"].as_str().expect("output");
    assert!(
        output.starts_with("<think>") && output.contains("</think>"),
        "{whole}"
    );
    assert!(
        output.contains(split["reasoning"].as_str().expect("text")),
        "the same thinking, inline: {whole}"
    );
}
