//! `ddx render`: the exact prompt each mode sends, from the vocabulary alone. The prompt, its
//! token count and sha256 agree with what `ddx batch` then decodes; `--tokens` lists ids and
//! pieces; `--score` shows the scored options; `ddx templates show` prints sources.

mod common;

use serde_json::Value;
use tempfile::TempDir;

fn render(home: &TempDir, args: &[&str]) -> Vec<Value> {
    let mut cmd = common::ddx_with_model(home);
    cmd.arg("render").args(args);
    common::records_of(&mut cmd, 0)
}

fn cases(home: &TempDir) -> String {
    let path = home.path().join("cases.jsonl");
    std::fs::write(
        &path,
        "{\"id\":\"a\",\"prompt\":\"Causes of syncope?\"}\n\
         {\"id\":\"b\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Fever and rash?\"}]}\n",
    )
    .expect("write");
    path.to_str().expect("utf8").to_string()
}

#[test]
fn render_shows_the_prompt_batch_sends() {
    let home = common::home();
    let input = cases(&home);
    let rendered = render(&home, &["-q", "--tokens", &input]);
    assert_eq!(rendered.len(), 2);
    let b = &rendered[1];
    assert_eq!(b["id"], "b");
    assert_eq!(b["chat_template"]["name"], "model");
    assert_eq!(
        b["prompt"],
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nFever and rash?<|im_end|>\n<|im_start|>assistant\n"
    );
    assert_eq!(b["messages"][0]["role"], "system");
    let tokens = b["tokens"].as_array().expect("tokens");
    assert_eq!(
        tokens.len() as u64,
        b["prompt_tokens"].as_u64().expect("count")
    );
    assert_eq!(tokens[0]["piece"], "<|im_start|>");
    let joined: String = tokens
        .iter()
        .map(|t| t["piece"].as_str().expect("piece"))
        .collect();
    assert_eq!(
        joined,
        b["prompt"].as_str().expect("prompt"),
        "pieces spell the prompt"
    );
    // The SmolLM2 template's default system prompt, applied by the Jinja renderer.
    assert!(rendered[0]["prompt"].as_str().is_some_and(
        |p| p.starts_with("<|im_start|>system\nYou are a helpful AI assistant named SmolLM")
    ));

    let mut batch = common::ddx_with_model(&home);
    batch.args([
        "batch",
        "-q",
        "-n",
        "1",
        "--ctx-size",
        "512",
        "--prompt-sha256",
        &input,
    ]);
    let results = common::records_of(&mut batch, 0);
    for (r, b) in rendered.iter().zip(&results) {
        assert_eq!(r["prompt_sha256"], b["prompt_sha256"], "{b}");
        assert_eq!(r["prompt_tokens"], b["usage"]["prompt_tokens"], "{b}");
    }
}

#[test]
fn render_follows_chat_template_labels_and_score() {
    let home = common::home();
    let input = cases(&home);
    let gemma = render(&home, &["-q", "--chat-template", "gemma", &input]);
    assert_eq!(
        gemma[1]["prompt"],
        "<start_of_turn>user\nBe brief.\n\nFever and rash?<end_of_turn>\n<start_of_turn>model\n",
        "the system prompt folded into the first user turn"
    );
    assert_eq!(gemma[1]["chat_template"]["name"], "gemma");
    assert!(
        gemma[1]["chat_template"].get("chosen").is_none(),
        "asked for, not chosen"
    );
    // A model without a template: the record says which built-in ddx chose and why, as
    // provenance does.
    let model = common::gemma_model();
    let chosen = render(
        &home,
        &["-q", "--model", model.to_str().expect("utf8"), &input],
    );
    assert_eq!(chosen[0]["chat_template"]["name"], "gemma");
    assert!(chosen[0]["chat_template"]["chosen"]
        .as_str()
        .is_some_and(|why| why.contains("gemma3")));
    let note = home.path().join("note.jsonl");
    std::fs::write(&note, "{\"id\":\"n\",\"prompt\":\"Febrile, CRP 180.\"}\n").expect("write");
    let labelled = render(
        &home,
        &["-q", "--labels", "yes,no", note.to_str().expect("utf8")],
    );
    assert_eq!(labelled[0]["template"]["name"], "annotate");
    assert!(labelled[0]["prompt"]
        .as_str()
        .is_some_and(|p| p.contains("yes")));
    let mcq = common::fixture("eval-mcq.jsonl");
    let scored = render(&home, &["-q", "--score", mcq.to_str().expect("utf8")]);
    assert_eq!(scored[0]["mode"], "score");
    assert!(scored[0]["prompt"]
        .as_str()
        .is_some_and(|p| p.ends_with("Answer:")));
    assert_eq!(scored[0]["options"][0], " A. Type 1 diabetes mellitus");
}

#[test]
fn templates_show_prints_prompt_and_chat_templates() {
    let home = common::home();
    let out = common::ddx(&home)
        .args(["templates", "show", "gemma"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        ddx::engine::chat::builtin("gemma").expect("built-in")
    );
    let out = common::ddx(&home)
        .args(["templates", "show", "differential"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("description"));
    let out = common::ddx(&home)
        .args(["templates", "show", "nope"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'nope' is no prompt template"));
}

/// De-identification and timeline fitting happen as in batch: same notes, same prompt.
#[test]
fn render_deidentifies_and_fits_as_batch_does() {
    let home = common::home();
    let one = home.path().join("one.jsonl");
    let first = std::fs::read_to_string(common::fixture("demo-cases.jsonl"))
        .expect("fixture")
        .lines()
        .next()
        .expect("a case")
        .to_string();
    std::fs::write(&one, first + "\n").expect("write");
    let one = one.to_str().expect("utf8");
    let flags = ["-q", "--deid", "--ctx-size", "300", "--max-tokens", "32"];
    let mut cmd = common::ddx_with_model(&home);
    cmd.arg("render").args(flags).arg(one);
    let rendered = common::records_of(&mut cmd, 0);
    let notes = &rendered[0]["notes"];
    assert_eq!(notes["truncated"]["budget"], 268, "{}", rendered[0]);
    assert!(notes["deid"].is_object(), "{}", rendered[0]);
    let mut cmd = common::ddx_with_model(&home);
    cmd.arg("batch").args(flags).arg("--prompt-sha256").arg(one);
    let results = common::records_of(&mut cmd, 0);
    assert_eq!(results[0]["truncated"], notes["truncated"]);
    assert_eq!(results[0]["prompt_sha256"], rendered[0]["prompt_sha256"]);
    assert_eq!(
        results[0]["usage"]["prompt_tokens"],
        rendered[0]["prompt_tokens"]
    );
}
