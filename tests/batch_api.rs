//! OpenAI and Azure OpenAI Batch API files: request files run locally with the real model (per
//! line settings, fail-closed response_format, bad lines as named error records), Batch API
//! output objects out, and `ddx convert` both ways, round-tripping into `ddx runs import`.

mod common;

use std::io::Write;

use common::{ddx, ddx_with_model, fixture, home, ledger_runs, parse_jsonl, records_of};
use predicates::str::contains;
use serde_json::{json, Value};

fn kinds(records: &[Value]) -> Vec<(String, String)> {
    records
        .iter()
        .map(|r| {
            let kind = if r["status"] == "ok" {
                "ok".to_string()
            } else {
                r["error"]["kind"].as_str().unwrap_or("?").to_string()
            };
            (r["id"].as_str().unwrap_or("null").to_string(), kind)
        })
        .collect()
}

#[test]
fn an_openai_request_file_runs_line_by_line_with_named_errors() {
    let home = home();
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "--no-ledger"])
            .arg(fixture("batch_api/openai-input.jsonl")),
        1,
    );
    let got = kinds(&records);
    let want = [
        ("request-1", "ok"),
        ("request-2", "ok"),
        ("request-3", "unsupported_url"),
        ("request-4", "ok"),
        ("request-5", "unsupported_response_format"),
        ("request-6", "unsupported_response_format"),
        ("null", "invalid_json"),
        ("null", "missing_id"),
        ("request-1", "duplicate_id"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    // Every error names its line; the unknown url and the refused schema say why.
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["line"], json!(i + 1));
    }
    assert!(records[2]["error"]["message"]
        .as_str()
        .expect("present")
        .contains("/v1/embeddings"));
    assert!(records[4]["error"]["message"]
        .as_str()
        .expect("present")
        .contains("'xml'"));
    assert!(records[5]["error"]["message"]
        .as_str()
        .expect("present")
        .contains("required"));
    // The body's settings apply to its line: max_completion_tokens 10 for request-2.
    assert!(
        records[1]["usage"]["completion_tokens"]
            .as_u64()
            .expect("present")
            <= 10
    );
    assert_eq!(records[1]["request"]["settings"]["seed"], json!(7));
    assert_eq!(records[1]["request"]["model"], json!("gpt-3.5-turbo-0125"));
    // response_format json_schema is enforced like --schema.
    assert!(["yes", "no"].contains(&records[3]["json"]["answer"].as_str().expect("present")));
    // The messages are the chat as they are: no prompt template.
    assert_eq!(records[0]["provenance"]["template"]["name"], json!("raw"));
}

#[test]
fn an_azure_file_gives_batch_api_output_objects() {
    let home = home();
    let out = ddx_with_model(&home)
        .args([
            "batch",
            "-q",
            "--no-ledger",
            "--output-format",
            "openai-batch",
        ])
        .arg(fixture("batch_api/azure-input.jsonl"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = parse_jsonl(&out);
    assert_eq!(lines.len(), 3);
    for (i, line) in lines.iter().enumerate() {
        let keys: Vec<&str> = line
            .as_object()
            .expect("present")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["id", "custom_id", "response", "error"]);
        assert_eq!(line["custom_id"], json!(format!("task-{i}")));
        assert!(line["id"]
            .as_str()
            .expect("present")
            .starts_with("batch_req_"));
        assert_eq!(line["error"], Value::Null);
        let response = &line["response"];
        assert_eq!(response["status_code"], json!(200));
        assert!(response["request_id"].is_string());
        let body = &response["body"];
        for key in [
            "id",
            "object",
            "created",
            "model",
            "choices",
            "usage",
            "system_fingerprint",
        ] {
            assert!(body.get(key).is_some(), "body has no {key}: {body}");
        }
        assert_eq!(body["object"], json!("chat.completion"));
        assert_eq!(body["choices"][0]["message"]["role"], json!("assistant"));
        assert!(body["choices"][0]["message"]["content"].is_string());
        let usage = &body["usage"];
        assert_eq!(
            usage["total_tokens"].as_u64(),
            Some(
                usage["prompt_tokens"].as_u64().expect("present")
                    + usage["completion_tokens"].as_u64().expect("present")
            )
        );
        assert_eq!(body["ddx"]["line"], json!(i + 1));
        assert!(body["ddx"]["provenance"]["model"]["sha256"].is_string());
    }
}

#[test]
fn a_request_file_on_stdin_is_detected_and_run() {
    let home = home();
    let input = std::fs::read(fixture("batch_api/azure-input.jsonl")).expect("read");
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "--no-ledger", "-n", "4"])
            .write_stdin(input),
        0,
    );
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["task-0", "task-1", "task-2"]);
    assert!(records.iter().all(|r| r["status"] == "ok"));
    // ddx cases on stdin are still cases (the detection reads the first line only once).
    let records = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "--no-ledger", "-n", "2"])
            .write_stdin(common::prompt_cases(2)),
        0,
    );
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["id"], json!("c1"));
}

#[test]
fn failed_lines_are_null_responses_with_the_error_kind_as_code() {
    let home = home();
    let out = ddx_with_model(&home)
        .args([
            "batch",
            "-q",
            "--no-ledger",
            "--output-format",
            "openai-batch",
        ])
        .arg(fixture("batch_api/openai-input.jsonl"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines = parse_jsonl(&out);
    assert_eq!(lines[2]["response"], Value::Null);
    assert_eq!(lines[2]["error"]["code"], json!("unsupported_url"));
    assert!(lines[2]["error"]["message"]
        .as_str()
        .expect("present")
        .starts_with("line 3:"));
    assert_eq!(lines[6]["custom_id"], Value::Null);
    assert_eq!(lines[6]["error"]["code"], json!("invalid_json"));
}

#[test]
fn resume_continues_a_batch_api_output_file() {
    let home = home();
    let input = home.path().join("in.jsonl");
    let output = home.path().join("out.jsonl");
    std::fs::write(&input, common::prompt_cases(4)).expect("write");
    ddx_with_model(&home)
        .args([
            "batch",
            "-q",
            "--no-ledger",
            "-n",
            "6",
            "-p",
            "1",
            "--output-format",
            "openai-batch",
            "-o",
        ])
        .arg(&output)
        .arg(&input)
        .assert()
        .success();
    let full = parse_jsonl(&std::fs::read(&output).expect("read"));
    // Keep two objects and half of a third, as a crash would.
    let text = std::fs::read_to_string(&output).expect("read");
    let kept: Vec<&str> = text.lines().take(3).collect();
    let cut = &kept[2][..kept[2].len() / 2];
    std::fs::write(&output, format!("{}\n{}\n{cut}", kept[0], kept[1])).expect("write");
    ddx_with_model(&home)
        .args([
            "batch",
            "--no-ledger",
            "-n",
            "6",
            "-p",
            "1",
            "--output-format",
            "openai-batch",
            "--resume",
            "-o",
        ])
        .arg(&output)
        .arg(&input)
        .assert()
        .success()
        .stderr(contains("2 already done"));
    let resumed = parse_jsonl(&std::fs::read(&output).expect("read"));
    let ids: Vec<&str> = resumed
        .iter()
        .map(|l| l["custom_id"].as_str().expect("present"))
        .collect();
    assert_eq!(ids, ["c0", "c1", "c2", "c3"]);
    for (a, b) in full.iter().zip(&resumed) {
        assert_eq!(
            a["response"]["body"]["choices"][0]["message"]["content"],
            b["response"]["body"]["choices"][0]["message"]["content"]
        );
    }
}

#[test]
fn provider_output_files_convert_to_ddx_records() {
    let home = home();
    let records = records_of(
        ddx(&home)
            .args(["convert", "-q"])
            .arg(fixture("batch_api/openai-output.jsonl")),
        0,
    );
    assert_eq!(
        kinds(&records),
        [
            ("request-2".to_string(), "ok".to_string()),
            ("request-1".to_string(), "ok".to_string()),
            ("request-3".to_string(), "invalid_request".to_string()),
        ]
    );
    assert_eq!(records[0]["output"], json!("Hello."));
    assert_eq!(
        records[0]["provenance"]["model"]["name"],
        json!("gpt-3.5-turbo-0125")
    );
    assert_eq!(
        records[0]["provenance"]["served"]["system_fingerprint"],
        json!("fp_123")
    );
    assert_eq!(records[1]["usage"]["completion_tokens"], json!(9));
    let records = records_of(
        ddx(&home)
            .args(["convert", "-q"])
            .arg(fixture("batch_api/azure-output.jsonl")),
        0,
    );
    assert_eq!(records[0]["finish_reason"], json!("stop"));
    assert!(records[0]["output"]
        .as_str()
        .expect("present")
        .contains("April 4, 1975"));
    assert_eq!(records[2]["status"], json!("error"));
    assert_eq!(records[2]["error"]["kind"], json!("content_filter"));
    assert_eq!(records[2]["error"]["status_code"], json!(400));
    // The converted file is a run of the ledger, like a local one.
    let converted = home.path().join("azure.results.jsonl");
    let mut file = std::fs::File::create(&converted).expect("create");
    for r in &records {
        writeln!(file, "{r}").expect("write");
    }
    drop(file);
    ddx(&home)
        .args(["runs", "import"])
        .arg(&converted)
        .assert()
        .success();
    let runs = ledger_runs(&home);
    assert_eq!(runs.len(), 1);
    assert!(
        runs[0].to_string().contains("gpt-4o-2024-05-13"),
        "{}",
        runs[0]
    );
    // `runs import` also reads a Batch API output file as it came back.
    ddx(&home)
        .args(["runs", "import"])
        .arg(fixture("batch_api/openai-output.jsonl"))
        .assert()
        .success();
    let runs = ledger_runs(&home);
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter()
            .any(|r| r.to_string().contains("gpt-3.5-turbo-0125")),
        "{runs:?}"
    );
}

#[test]
fn cases_round_trip_through_batch_api_files_with_the_real_model() {
    let home = home();
    let cases = home.path().join("cases.jsonl");
    std::fs::write(&cases, common::prompt_cases(3)).expect("write");
    let requests = home.path().join("requests.jsonl");
    ddx(&home)
        .args([
            "convert",
            "-q",
            "--template",
            "raw",
            "-n",
            "8",
            "--temperature",
            "0",
            "--model-name",
            "gpt-4o-mini",
            "-o",
        ])
        .arg(&requests)
        .arg(&cases)
        .assert()
        .success();
    let lines = parse_jsonl(&std::fs::read(&requests).expect("read"));
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["custom_id"], json!("c0"));
    assert_eq!(lines[0]["method"], json!("POST"));
    assert_eq!(lines[0]["url"], json!("/v1/chat/completions"));
    assert_eq!(lines[0]["body"]["model"], json!("gpt-4o-mini"));
    assert_eq!(lines[0]["body"]["max_completion_tokens"], json!(8));
    // Settings as the user wrote them, not widened floats (0.95, not 0.949999988...).
    assert_eq!(lines[0]["body"]["top_p"], json!(0.95));
    assert_eq!(lines[0]["body"]["temperature"], json!(0.0));
    assert_eq!(
        lines[0]["body"]["messages"],
        json!([{"role": "user", "content": "Name a fact about organ 0."}])
    );
    // The request file runs locally, answers in the Batch API shape, and converts back.
    let batch_out = home.path().join("batch-output.jsonl");
    ddx_with_model(&home)
        .args([
            "batch",
            "-q",
            "--no-ledger",
            "-p",
            "1",
            "--output-format",
            "openai-batch",
            "-o",
        ])
        .arg(&batch_out)
        .arg(&requests)
        .assert()
        .success();
    let back = records_of(ddx(&home).args(["convert", "-q"]).arg(&batch_out), 0);
    // The same cases run directly give the same answers.
    let direct = records_of(
        ddx_with_model(&home)
            .args([
                "batch",
                "-q",
                "--no-ledger",
                "-p",
                "1",
                "-n",
                "8",
                "--template",
                "raw",
            ])
            .arg(&cases),
        0,
    );
    assert_eq!(back.len(), 3);
    for (a, b) in back.iter().zip(&direct) {
        assert_eq!(a["id"], b["id"]);
        assert_eq!(a["status"], json!("ok"));
        assert_eq!(a["output"], b["output"], "{a}\n{b}");
        assert_eq!(a["line"], b["line"]);
    }
    // With a schema the requests ask for json_schema, and ddx enforces it when it runs them.
    let schema = home.path().join("answer.schema.json");
    std::fs::write(
        &schema,
        r#"{"type":"object","properties":{"organ":{"type":"string","maxLength":20}},"required":["organ"]}"#,
    )
    .expect("write");
    let with_schema = ddx(&home)
        .args(["convert", "-q", "--template", "raw", "-n", "40", "--schema"])
        .arg(&schema)
        .arg(&cases)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = parse_jsonl(&with_schema);
    assert_eq!(
        lines[0]["body"]["response_format"]["type"],
        json!("json_schema")
    );
    assert_eq!(
        lines[0]["body"]["response_format"]["json_schema"]["name"],
        json!("answer_schema")
    );
    let requests2 = home.path().join("requests2.jsonl");
    std::fs::write(&requests2, &with_schema).expect("write");
    let ran = records_of(
        ddx_with_model(&home)
            .args(["batch", "-q", "--no-ledger"])
            .arg(&requests2),
        0,
    );
    assert!(
        ran.iter().all(|r| r["json"]["organ"].is_string()),
        "{ran:?}"
    );
}

/// Requests for OpenAI's reasoning models leave out temperature and top_p (they refuse other
/// values, which would fail the whole batch); `--sampling-fields` overrides the guess.
#[test]
fn convert_leaves_sampling_out_for_reasoning_models() {
    let home = home();
    let cases = fixture("demo-cases.jsonl");
    let body = |args: &[&str]| -> (Value, String) {
        let out = ddx(&home)
            .arg("convert")
            .args(args)
            .arg(&cases)
            .assert()
            .success()
            .get_output()
            .clone();
        let lines = parse_jsonl(&out.stdout);
        assert_eq!(lines.len(), 5);
        (
            lines[0]["body"].clone(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (b, stderr) = body(&["--model-name", "o3-mini", "--temperature", "0.2"]);
    assert!(
        b.get("temperature").is_none() && b.get("top_p").is_none(),
        "{b}"
    );
    assert_eq!(b["max_completion_tokens"], json!(512));
    assert!(
        stderr.contains("'o3-mini' is a reasoning model"),
        "{stderr}"
    );
    let (b, _) = body(&["--model-name", "gpt-4o", "--temperature", "0.2"]);
    assert_eq!(b["temperature"], json!(0.2));
    assert!(b["top_p"].is_number(), "{b}");
    let (b, _) = body(&["--model-name", "o3-mini", "--sampling-fields", "send"]);
    assert!(b["temperature"].is_number(), "{b}");
    let (b, _) = body(&["--model-name", "gpt-4o", "--sampling-fields", "omit"]);
    assert!(b.get("temperature").is_none(), "{b}");
}
