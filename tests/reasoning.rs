//! Reasoning models on the test model: a chat template that declares thinking (its generation
//! prompt is prefilled with `<think>`), so SmolLM2 really thinks and the split, the budget, the
//! grammar after the block and thinking turned off are exercised for real.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

fn setup(home: &TempDir) -> (PathBuf, PathBuf) {
    let template = home.path().join("think.jinja");
    std::fs::write(
        &template,
        "{%- for m in messages -%}\n\
         {{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}\n\
         {%- endfor -%}\n\
         {%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n<think>\\n' }}{% endif -%}\n",
    )
    .expect("write");
    let input = home.path().join("q.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"t1\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a careful clinician.\"},{\"role\":\"user\",\"content\":\"Is aspirin an antiplatelet drug? Answer yes or no.\"}]}\n",
    )
    .expect("write");
    (template, input)
}

fn run(home: &TempDir, template: &Path, input: &Path, extra: &[&str]) -> Value {
    let mut cmd = common::ddx_with_model(home);
    cmd.args([
        "batch",
        "-q",
        "--temperature",
        "0",
        "--ctx-size",
        "512",
        "--chat-template",
    ])
    .arg(template)
    .arg(input)
    .args(extra);
    let records = common::records_of(&mut cmd, 0);
    assert_eq!(records.len(), 1);
    records[0].clone()
}

fn assert_no_markers(text: &str) {
    assert!(
        !text.contains("<think>") && !text.contains("</think>"),
        "{text:?}"
    );
}

#[test]
fn the_budget_closes_the_block_and_the_answer_follows() {
    let home = common::home();
    let (template, input) = setup(&home);
    let r = run(
        &home,
        &template,
        &input,
        &["-n", "40", "--reasoning-budget", "6"],
    );
    let reasoning = r["reasoning"].as_str().expect("a reasoning block");
    assert!(!reasoning.is_empty(), "{r}");
    assert_no_markers(reasoning);
    let output = r["output"].as_str().expect("output");
    assert!(
        !output.trim().is_empty(),
        "the model answers after the block: {r}"
    );
    assert_no_markers(output);
    let usage = &r["usage"];
    assert_eq!(usage["reasoning_tokens"], 6, "{r}");
    assert_eq!(
        usage["reasoning_tokens"].as_u64().expect("n")
            + usage["output_tokens"].as_u64().expect("n"),
        usage["completion_tokens"].as_u64().expect("n")
    );

    // Without a budget the model thinks until --max-tokens: all reasoning, no answer.
    let r = run(&home, &template, &input, &["-n", "12"]);
    assert_eq!(r["finish_reason"], "length");
    assert_eq!(r["usage"]["reasoning_tokens"], 12, "{r}");
    assert_eq!(r["output"], "");

    // --reasoning-format none: the generation is the answer, as is.
    let r = run(
        &home,
        &template,
        &input,
        &["-n", "6", "--reasoning-format", "none"],
    );
    assert!(r.get("reasoning").is_none(), "{r}");
    assert!(r["usage"].get("reasoning_tokens").is_none(), "{r}");
}

#[test]
fn a_schema_constrains_the_answer_after_the_thinking() {
    let home = common::home();
    let (template, input) = setup(&home);
    let schema = common::fixture("schemas/answer.json");
    let r = run(
        &home,
        &template,
        &input,
        &[
            "-n",
            "48",
            "--reasoning-budget",
            "8",
            "--schema",
            schema.to_str().expect("utf8"),
        ],
    );
    assert_eq!(r["status"], "ok", "{r}");
    assert!(
        ["yes", "no"].contains(&r["json"]["answer"].as_str().expect("answer")),
        "{r}"
    );
    let reasoning = r["reasoning"].as_str().expect("reasoning");
    assert!(
        !reasoning.trim_start().starts_with('{'),
        "the grammar does not constrain the thinking: {r}"
    );
    assert_eq!(r["usage"]["reasoning_tokens"], 8, "{r}");
}

#[test]
fn budget_zero_turns_thinking_off() {
    let home = common::home();
    let (template, input) = setup(&home);
    let r = run(
        &home,
        &template,
        &input,
        &["-n", "6", "--reasoning-budget", "0"],
    );
    assert!(r.get("reasoning").is_none(), "{r}");
    assert_no_markers(r["output"].as_str().expect("output"));
    let mut cmd = common::ddx_with_model(&home);
    cmd.args(["render", "-q", "--reasoning-budget", "0", "--chat-template"])
        .arg(&template)
        .arg(&input);
    let rendered = common::records_of(&mut cmd, 0);
    assert!(
        rendered[0]["prompt"]
            .as_str()
            .is_some_and(|p| p.ends_with("<|im_start|>assistant\n<think>\n\n</think>\n\n")),
        "{}",
        rendered[0]
    );
}

/// Options are answers: a scored prompt closes the block the template opens before `Answer:`.
#[test]
fn scoring_closes_the_block_before_the_answer() {
    let home = common::home();
    let (template, _) = setup(&home);
    let mut cmd = common::ddx_with_model(&home);
    cmd.args(["render", "-q", "--score", "--chat-template"])
        .arg(&template)
        .arg(common::fixture("eval-mcq.jsonl"));
    let rendered = common::records_of(&mut cmd, 0);
    assert!(
        rendered[0]["prompt"]
            .as_str()
            .is_some_and(|p| p.ends_with("<|im_start|>assistant\n<think>\n\n</think>\n\nAnswer:")),
        "{}",
        rendered[0]
    );
}

/// ddx ask streams only the answer; its stats line counts the thinking apart.
#[test]
fn ask_prints_the_answer_and_counts_the_thinking() {
    let home = common::home();
    let (template, _) = setup(&home);
    let out = common::ddx_with_model(&home)
        .args([
            "ask",
            "-n",
            "20",
            "--reasoning-budget",
            "4",
            "--chat-template",
        ])
        .arg(&template)
        .arg("Is aspirin an antiplatelet drug?")
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("(4 thinking)"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("</think>"));
}

/// `ddx ask --show-reasoning`: the thinking goes to stderr after a `thinking:` label, the answer
/// alone to stdout; without the flag the thinking shows nowhere. The same run twice (seed and
/// temperature 0) gives the same answer, so the two stdouts must match.
#[test]
fn ask_shows_the_thinking_on_stderr_only_when_asked() {
    let home = common::home();
    let (template, _) = setup(&home);
    let ask = |extra: &[&str]| {
        let out = common::ddx_with_model(&home)
            .args([
                "ask",
                "-n",
                "24",
                "--temperature",
                "0",
                "--reasoning-budget",
                "8",
            ])
            .arg("--chat-template")
            .arg(&template)
            .args(extra)
            .arg("Is aspirin an antiplatelet drug?")
            .output()
            .expect("runs");
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (shown_out, shown_err) = ask(&["--show-reasoning"]);
    let (quiet_out, quiet_err) = ask(&[]);
    assert_eq!(shown_out, quiet_out, "stdout is the answer either way");
    assert!(!shown_out.trim().is_empty());
    let thinking = shown_err
        .split_once("thinking: ")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default().trim())
        .expect("a thinking label on stderr");
    assert!(!thinking.is_empty(), "{shown_err}");
    assert!(
        !shown_out.contains(thinking),
        "the thinking stays off stdout"
    );
    assert!(
        !shown_err.contains("\u{1b}["),
        "no colour off a terminal: {shown_err:?}"
    );
    assert!(!quiet_err.contains("thinking: "), "{quiet_err}");
    assert!(shown_err.contains("(8 thinking)") && quiet_err.contains("(8 thinking)"));
}

/// gpt-oss's harmony channels on the test model: a template in harmony's shape (auto-detected
/// from its `<|channel|>`) opens the analysis channel; the budget closes it with
/// `<|end|><|start|>assistant<|channel|>final<|message|>`, the model answers in the final
/// channel, and a schema constrains only that answer. (SmolLM2's vocabulary spells the markers
/// out as text; gpt-oss has them as tokens, which generation renders the same way, `<|end|>`
/// aside, which ddx drops.)
#[test]
fn harmony_channels_are_split_and_the_grammar_starts_at_the_final_channel() {
    let home = common::home();
    let (_, input) = setup(&home);
    let template = home.path().join("harmony.jinja");
    std::fs::write(
        &template,
        "{%- for m in messages -%}\n\
         {{ '<|start|>' + m.role + '<|message|>' + m.content + '<|end|>' }}\n\
         {%- endfor -%}\n\
         {%- if add_generation_prompt %}{{ '<|start|>assistant<|channel|>analysis<|message|>' }}{% endif -%}\n",
    )
    .expect("write");
    let plain = run(
        &home,
        &template,
        &input,
        &["-n", "30", "--reasoning-budget", "6"],
    );
    let schema = common::fixture("schemas/answer.json");
    let constrained = run(
        &home,
        &template,
        &input,
        &[
            "-n",
            "48",
            "--reasoning-budget",
            "8",
            "--schema",
            schema.to_str().expect("utf8"),
        ],
    );
    for (r, budget) in [(&plain, 6), (&constrained, 8)] {
        let reasoning = r["reasoning"].as_str().expect("a reasoning block");
        let output = r["output"].as_str().expect("output");
        assert!(!reasoning.trim().is_empty(), "{r}");
        assert!(
            !output.trim().is_empty(),
            "an answer after the analysis: {r}"
        );
        for text in [reasoning, output] {
            assert!(
                !text.contains("<|channel|>") && !text.contains("<|message|>"),
                "{r}"
            );
        }
        assert_eq!(r["usage"]["reasoning_tokens"], budget, "{r}");
    }
    assert_eq!(constrained["status"], "ok", "{constrained}");
    assert!(
        ["yes", "no"].contains(&constrained["json"]["answer"].as_str().expect("answer")),
        "{constrained}"
    );
}
