use serde_json::json;

use super::*;

fn mode(resume: bool) -> ResultsMode {
    ResultsMode {
        resume,
        retry_errors: true,
        ..ResultsMode::default()
    }
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn records_are_whole_lines_and_a_resume_continues_in_the_asked_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let (mut sink, resume) = Sink::open(Some(&path), mode(false), OutputFormat::Ddx).unwrap();
    assert!(resume.is_none());
    let ok = json!({"id": "a", "line": 1, "status": "ok", "output": "x"});
    let failed = json!({"id": "b", "line": 2, "status": "error",
        "error": {"kind": "engine", "message": "m"}});
    sink.write(&ok, Row::FromRecord { gold: None }).unwrap();
    sink.write(&failed, Row::FromRecord { gold: None }).unwrap();
    // Written and flushed as it goes: readable before the sink finishes.
    assert_eq!(lines(&path), vec![ok.clone(), failed]);
    assert!(sink.finish(Summary::default()) >= 0.0);

    let (mut sink, resume) =
        Sink::open(Some(&path), mode(true), OutputFormat::OpenAiBatch).unwrap();
    let resume = resume.expect("a resumed file says what is done");
    assert!(resume.is_done(Some(&json!("a")), 1));
    assert!(
        !resume.is_done(Some(&json!("b")), 2),
        "error records run again"
    );
    let redone = json!({"id": "b", "line": 2, "status": "ok", "output": "y"});
    sink.write(&redone, Row::FromRecord { gold: None }).unwrap();
    drop(sink);
    let written = lines(&path);
    assert_eq!(written.len(), 2, "{written:?}");
    assert_eq!(written[0], ok);
    assert_eq!(written[1]["custom_id"], "b", "a Batch API output object");
    assert_eq!(
        crate::cases::batch_api::as_record(written[1].clone(), 2)["output"],
        "y"
    );
}

#[test]
fn an_existing_file_is_kept_without_force_or_resume() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    std::fs::write(&path, "{\"id\":\"a\",\"line\":1,\"status\":\"ok\"}\n").unwrap();
    let refused = Sink::open(Some(&path), mode(false), OutputFormat::Ddx);
    let error = format!("{:#}", refused.err().expect("refused"));
    assert!(error.contains("--resume"), "{error}");
    let forced = ResultsMode {
        force: true,
        ..ResultsMode::default()
    };
    let (sink, _) = Sink::open(Some(&path), forced, OutputFormat::Ddx).unwrap();
    drop(sink);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
}

#[test]
fn a_sink_without_records_writes_nothing() {
    let mut sink = Sink::without_records();
    sink.write(&json!({"id": "a"}), Row::FromRecord { gold: None })
        .unwrap();
    sink.tick();
    assert!(sink.finish(Summary::default()) >= 0.0);
}
