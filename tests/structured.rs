//! Structured output, annotation, option scoring and evaluation, end to end on the test model
//! (SmolLM2-135M, greedy, small context). Assertions are about structure and agreement with
//! reference computations, never about the model's exact words.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{fixture, test_model};
use serde_json::Value;
use tempfile::TempDir;

/// A hermetic `ddx` with the test model, greedy sampling and a small context.
fn ddx(dir: &TempDir, args: &[&str]) -> Output {
    let mut cmd = common::ddx(dir);
    cmd.env("NO_COLOR", "1").args(args);
    if !args.contains(&"--model") {
        cmd.arg("--model").arg(test_model());
    }
    cmd.args(["--temperature", "0", "--ctx-size", "1024"]);
    cmd.output().expect("ddx runs")
}

fn records(output: &Output) -> Vec<Value> {
    common::parse_jsonl(&output.stdout)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn one_case(dir: &Path) -> PathBuf {
    let path = dir.join("case.jsonl");
    let first = std::fs::read_to_string(fixture("structured-cases.jsonl"))
        .expect("fixture")
        .lines()
        .next()
        .expect("a line")
        .to_string();
    std::fs::write(&path, first + "\n").expect("write");
    path
}

/// Every fixture schema yields an ok record whose `json` validates against the schema.
#[test]
fn fixture_schemas_yield_valid_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = one_case(dir.path());
    for name in ["triage.json", "findings-list.json", "score-card.json"] {
        let schema_path = fixture(&format!("schemas/{name}"));
        let out = ddx(
            &dir,
            &[
                "batch",
                input.to_str().expect("utf8"),
                "--schema",
                schema_path.to_str().expect("utf8"),
                "--max-tokens",
                "256",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let recs = records(&out);
        assert_eq!(recs.len(), 1);
        let r = &recs[0];
        assert_eq!(r["status"], "ok", "{name}: {r}");
        let json = &r["json"];
        // The json field is the parsed output, and it validates against the schema.
        let reparsed: Value =
            serde_json::from_str(r["output"].as_str().expect("output").trim()).expect("parses");
        assert_eq!(&reparsed, json, "{name}");
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("schema"))
                .expect("schema json");
        ddx::answers::schema::validate(&schema, json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r["provenance"]["output_schema"]["sha256"].is_string());
        // Independent structural checks per fixture.
        match name {
            "triage.json" => {
                assert!(json["diagnosis"].is_string());
                assert!(["emergency", "urgent", "routine"]
                    .contains(&json["urgency"].as_str().expect("urgency")));
                assert!(json["age"].as_u64().is_some_and(|a| a <= 120));
                assert!(json["admit"].is_boolean());
                let findings = json["findings"].as_array().expect("findings");
                assert!((1..=3).contains(&findings.len()));
                assert!(json["plan"]["follow_up_days"].is_u64());
            }
            "findings-list.json" => {
                let items = json.as_array().expect("a list");
                assert!((1..=3).contains(&items.len()));
                assert!(items.iter().all(|i| i["abnormal"].is_boolean()));
            }
            _ => {
                assert!(json["news2"].as_u64().is_some_and(|n| n <= 20));
                assert!(json["risk"].is_null() || json["risk"].is_string());
                assert!(json["confidence"].is_number());
            }
        }
    }
}

/// An answer cut by --max-tokens is a schema_incomplete error record, never a broken json field.
#[test]
fn cut_answers_are_schema_incomplete_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = one_case(dir.path());
    let schema = fixture("schemas/triage.json");
    let out = ddx(
        &dir,
        &[
            "batch",
            input.to_str().expect("utf8"),
            "--schema",
            schema.to_str().expect("utf8"),
            "--max-tokens",
            "6",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let r = &records(&out)[0];
    assert_eq!(r["status"], "error");
    assert_eq!(r["error"]["kind"], "schema_incomplete");
    assert!(r.get("json").is_none(), "{r}");
    assert_eq!(r["finish_reason"], "length");
}

/// `--json` with a template that declares no schema says so before anything runs (refused
/// schemas are covered in tests/schemas.rs).
#[test]
fn json_needs_a_template_that_declares_a_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = one_case(dir.path());
    let out = ddx(
        &dir,
        &[
            "batch",
            input.to_str().expect("utf8"),
            "--json",
            "--template",
            "summary",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("declares no schema"),
        "{}",
        stderr(&out)
    );
}

/// --labels constrains each answer to one label (or a list with --multi-label).
#[test]
fn labels_constrain_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = fixture("structured-cases.jsonl");
    let out = ddx(
        &dir,
        &[
            "batch",
            input.to_str().expect("utf8"),
            "--labels",
            "cardiac,infectious,other",
            "--instruction",
            "Which organ system is the main problem?",
            "--max-tokens",
            "16",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    for r in &recs {
        let label = r["label"].as_str().expect("a label");
        assert!(["cardiac", "infectious", "other"].contains(&label), "{r}");
        assert_eq!(r["json"], r["label"]);
        assert_eq!(r["provenance"]["template"]["name"], "annotate");
    }
    let labels_file = dir.path().join("labels.txt");
    std::fs::write(&labels_file, "# systems\nfever\nchest pain\nrash\n").expect("write");
    let out = ddx(
        &dir,
        &[
            "batch",
            input.to_str().expect("utf8"),
            "--labels",
            &format!("@{}", labels_file.display()),
            "--multi-label",
            "--max-tokens",
            "32",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for r in records(&out) {
        let labels = r["labels"].as_array().expect("labels");
        assert!(!labels.is_empty());
        assert!(labels
            .iter()
            .all(|l| ["fever", "chest pain", "rash"].contains(&l.as_str().expect("str"))));
        let mut distinct = labels.clone();
        distinct.dedup();
        assert_eq!(&distinct, labels);
    }
}

/// ddx ask --schema prints JSON that follows the schema.
#[test]
fn ask_with_a_schema_prints_valid_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = fixture("schemas/answer.json");
    let out = ddx(
        &dir,
        &[
            "ask",
            "Is aspirin an antiplatelet drug?",
            "--schema",
            schema.to_str().expect("utf8"),
            "--max-tokens",
            "24",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).expect("stdout is JSON");
    assert!(["yes", "no"].contains(&value["answer"].as_str().expect("answer")));
}

fn log_softmax(row: &[f32], target: i32) -> f64 {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let z: f64 = row
        .iter()
        .map(|&l| (f64::from(l) - f64::from(max)).exp())
        .sum();
    f64::from(row[usize::try_from(target).expect("id")]) - f64::from(max) - z.ln()
}

/// Scores equal a hand-computed log-softmax over logits of each full prompt+option sequence.
#[test]
fn scores_match_a_reference_log_softmax() {
    use ddx::engine::{
        Backend, ChatMessage, Engine, EngineConfig, FlashAttention, GpuLayers, LogitsRequest,
        ScoreRequest,
    };
    let engine = Engine::start(EngineConfig {
        model_path: test_model(),
        gpu_layers: GpuLayers::Count(0),
        threads: 2,
        fit_threads: false,
        flash_attention: FlashAttention::Off,
        verbose_llama_logs: false,
        chat_template: None,
        reasoning: ddx::engine::ReasoningConfig::default(),
        offload: ddx::engine::OffloadConfig::default(),
    })
    .expect("model loads");
    let messages = vec![
        ChatMessage::new("system", "Answer the multiple-choice question."),
        ChatMessage::new(
            "user",
            "Chest pain radiating to the left arm with ST elevation. Diagnosis?\nA. Myocardial infarction\nB. Pulmonary embolism\nC. Costochondritis",
        ),
    ];
    let options: Vec<String> = [
        " A. Myocardial infarction",
        " B. Pulmonary embolism",
        " C. Costochondritis",
    ]
    .map(String::from)
    .to_vec();
    let request = ScoreRequest {
        messages: messages.clone(),
        answer_prefix: "Answer:".into(),
        options: options.clone(),
        n_ctx: 1024,
    };
    let first = engine.score(request.clone()).expect("scores");
    // A second request reuses the prompt's KV and gives the same numbers.
    let again = engine.score(request).expect("scores");
    assert!(again.reused_tokens > 0);
    for (a, b) in first.options.iter().zip(&again.options) {
        assert!((a.logprob - b.logprob).abs() < 1e-4, "{a:?} vs {b:?}");
    }
    let prompt = engine
        .logits(LogitsRequest {
            messages: messages.clone(),
            suffix: "Answer:".into(),
            n_ctx: 1024,
        })
        .expect("logits");
    let p = prompt.tokens.len();
    for (k, option) in options.iter().enumerate() {
        let full = engine
            .logits(LogitsRequest {
                messages: messages.clone(),
                suffix: format!("Answer:{option}"),
                n_ctx: 1024,
            })
            .expect("logits");
        assert_eq!(
            &full.tokens[..p],
            &prompt.tokens[..],
            "prompt tokens are a prefix"
        );
        let reference: f64 = (p..full.tokens.len())
            .map(|i| log_softmax(&full.logits[i - 1], full.tokens[i]))
            .sum();
        let got = first.options[k];
        assert_eq!(got.n_tokens as usize, full.tokens.len() - p, "option {k}");
        // The reference evaluates prompt+option as one sequence, scoring forks the prompt and
        // evaluates options side by side: the same math on differently shaped batches. With the
        // AVX2 kernels the two agree to 1e-4; the native AVX-512 matmul kernels tile by batch shape
        // and move a 3-4 token sum by up to ~0.04 nats, so the bound is 0.05 nats per option.
        assert!(
            (got.logprob - reference).abs() < 0.05,
            "option {k}: scored {} vs reference {reference}",
            got.logprob
        );
        assert!(got.logprob < 0.0 && got.logprob.is_finite());
    }
}

/// batch --score: a choice, every option's log-likelihood and a distribution over options.
#[test]
fn batch_score_records_rank_the_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ddx(
        &dir,
        &[
            "batch",
            fixture("eval-mcq.jsonl").to_str().expect("utf8"),
            "--score",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 5);
    for r in &recs {
        assert_eq!(r["status"], "ok", "{r}");
        let options = r["options"].as_array().expect("options");
        let total: f64 = options
            .iter()
            .map(|o| o["prob"].as_f64().expect("prob"))
            .sum();
        assert!((total - 1.0).abs() < 1e-4, "{r}");
        let best = options
            .iter()
            .max_by(|a, b| {
                a["mean_logprob"]
                    .as_f64()
                    .expect("mean")
                    .total_cmp(&b["mean_logprob"].as_f64().expect("mean"))
            })
            .expect("an option");
        assert_eq!(r["choice"]["label"], best["label"]);
        for o in options {
            let (lp, n) = (
                o["logprob"].as_f64().expect("lp"),
                o["n_tokens"].as_f64().expect("n"),
            );
            assert!((o["mean_logprob"].as_f64().expect("mean") - lp / n).abs() < 1e-9);
        }
        assert_eq!(r["provenance"]["method"], "score");
    }
    // A case without options is an error record; the run goes on.
    let out = ddx(
        &dir,
        &[
            "batch",
            fixture("structured-cases.jsonl").to_str().expect("utf8"),
            "--score",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(records(&out)
        .iter()
        .all(|r| r["error"]["kind"] == "no_options"));
}

/// ddx eval: metrics that agree with the per-case predictions, errors listed, exit 1.
#[test]
fn eval_reports_consistent_metrics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report_path = dir.path().join("report.json");
    let out = ddx(
        &dir,
        &[
            "eval",
            fixture("eval-mcq.jsonl").to_str().expect("utf8"),
            "--report",
            report_path.to_str().expect("utf8"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "two lines are not usable: {}",
        stderr(&out)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("accuracy") && table.contains("95% CI") && table.contains("Brier"),
        "{table}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report"))
            .expect("json");
    let m = &report["metrics"];
    assert_eq!(m["n"], 3);
    let predictions = report["predictions"].as_array().expect("predictions");
    assert_eq!(predictions.len(), 3);
    let golds: Vec<&str> = predictions
        .iter()
        .map(|p| p["gold"].as_str().expect("gold"))
        .collect();
    assert_eq!(
        golds,
        ["A", "B", "B"],
        "gold by label, by option text, by label"
    );
    let correct = predictions
        .iter()
        .filter(|p| p["gold"] == p["predicted"])
        .count();
    assert_eq!(m["correct"], correct);
    let accuracy = m["accuracy"].as_f64().expect("accuracy");
    assert!((accuracy - correct as f64 / 3.0).abs() < 1e-12);
    let ci = m["accuracy_ci95"].as_array().expect("ci");
    assert!(ci[0].as_f64().expect("lo") <= accuracy && accuracy <= ci[1].as_f64().expect("hi"));
    let brier = m["brier"].as_f64().expect("scored runs have a Brier score");
    assert!((0.0..=2.0).contains(&brier));
    assert!((0.0..=1.0).contains(&m["ece"].as_f64().expect("ece")));
    let cells: u64 = m["confusion"]["matrix"]
        .as_array()
        .expect("matrix")
        .iter()
        .flat_map(|row| {
            row.as_array()
                .expect("row")
                .iter()
                .map(|c| c.as_u64().expect("n"))
        })
        .sum();
    assert_eq!(cells, 3);
    let kinds: Vec<&str> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["missing_answer", "gold_not_an_option"]);
}

/// PubMedQA's own field names load through --map; yes/no/maybe is a label set.
#[test]
fn eval_maps_public_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report_path = dir.path().join("report.json");
    let out = ddx(
        &dir,
        &[
            "eval",
            fixture("eval-pubmedqa.jsonl").to_str().expect("utf8"),
            "--map",
            "id=pmid",
            "--map",
            "question=QUESTION",
            "--map",
            "notes=CONTEXTS",
            "--map",
            "answer=final_decision",
            "--labels",
            "yes,no,maybe",
            "--report",
            report_path.to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report"))
            .expect("json");
    assert_eq!(report["metrics"]["n"], 2);
    let classes: Vec<&str> = report["metrics"]["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .map(|c| c["class"].as_str().expect("class"))
        .collect();
    assert_eq!(classes, ["yes", "no", "maybe"]);
    assert_eq!(report["predictions"][0]["id"], "1001");
    assert_eq!(report["template"]["name"], "annotate");
}

/// Free-text cases are answered by generation; the answer is extracted, no calibration.
#[test]
fn eval_generates_for_free_text_cases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report_path = dir.path().join("report.json");
    let out = ddx(
        &dir,
        &[
            "eval",
            fixture("eval-free.jsonl").to_str().expect("utf8"),
            "--max-tokens",
            "24",
            "--report",
            report_path.to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report"))
            .expect("json");
    assert_eq!(report["method"], "generate");
    assert_eq!(report["metrics"]["n"], 1);
    assert!(report["metrics"]["brier"].is_null());
    let p = &report["predictions"][0];
    assert_eq!(p["gold"], "Myocardial infarction");
    assert!(p["predicted"].is_string() || p["reason"].is_string(), "{p}");
}
