//! `/save FILE`: the conversation as Markdown (`.md`) or JSON Lines (`.jsonl`), with provenance.
//!
//! The transcript holds the case text and the answers: it is written only when the user asks.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;
use serde_json::{json, Value};

use crate::session::interactive::conversation::{Conversation, Turn};

fn finish_label(turn: &Turn) -> &'static str {
    if turn.error.is_some() {
        "error"
    } else {
        turn.finish.map_or("pending", |f| f.as_str())
    }
}

/// Markdown transcript.
pub fn markdown(conversation: &Conversation, provenance: &Value) -> String {
    let mut out = String::from("# ddx conversation\n\n");
    out.push_str("> Decision support for researchers, not medical advice.\n\n");
    out.push_str("## Provenance\n\n```json\n");
    out.push_str(&serde_json::to_string_pretty(provenance).unwrap_or_default());
    out.push_str("\n```\n\n");
    if let Some(system) = conversation.system() {
        let _ = write!(out, "## System\n\n{system}\n\n");
    }
    for m in conversation
        .case_messages
        .iter()
        .filter(|m| m.role != "system")
    {
        let _ = write!(out, "## Case ({})\n\n{}\n\n", m.role, m.content);
    }
    for (i, turn) in conversation.turns.iter().enumerate() {
        let _ = write!(out, "## Question {}\n\n{}\n\n", i + 1, turn.user);
        let _ = write!(out, "## Answer {}", i + 1);
        match finish_label(turn) {
            "cancelled" => out.push_str(" (cancelled)"),
            "error" => out.push_str(" (failed)"),
            "length" => out.push_str(" (cut at the token limit)"),
            _ => {}
        }
        out.push_str("\n\n");
        if let Some(reasoning) = &turn.reasoning {
            let _ = write!(
                out,
                "<details><summary>Reasoning</summary>\n\n{reasoning}\n\n</details>\n\n"
            );
        }
        let _ = write!(out, "{}\n\n", turn.assistant);
        if let Some(error) = &turn.error {
            let _ = write!(out, "_Error: {error}_\n\n");
        }
        if let Some(problem) = &turn.schema_problem {
            let _ = write!(out, "_Schema: {problem}_\n\n");
        }
    }
    out
}

/// JSON Lines transcript: a provenance line, then one line per message.
pub fn jsonl(conversation: &Conversation, provenance: &Value) -> String {
    let mut lines = vec![json!({"type": "provenance", "data": provenance})];
    if let Some(system) = conversation.system() {
        lines.push(json!({"type": "message", "role": "system", "content": system}));
    }
    for m in conversation
        .case_messages
        .iter()
        .filter(|m| m.role != "system")
    {
        lines.push(json!({"type": "message", "role": m.role, "content": m.content, "case": true}));
    }
    for turn in &conversation.turns {
        lines.push(json!({"type": "message", "role": "user", "content": turn.user}));
        let at = chrono::DateTime::<chrono::Utc>::from(turn.at).to_rfc3339();
        lines.push(json!({
            "type": "message",
            "role": "assistant",
            "content": turn.assistant,
            "reasoning": turn.reasoning,
            "finish_reason": finish_label(turn),
            "error": turn.error,
            "schema_problem": turn.schema_problem,
            "stats": turn.stats.map(|s| json!({
                "prompt_tokens": s.prompt_tokens,
                "reused_tokens": s.reused_tokens,
                "completion_tokens": s.completion_tokens,
                "reasoning_tokens": s.reasoning_tokens,
                "ttft_ms": (s.ttft_ms * 10.0).round() / 10.0,
                "tokens_per_second": (s.tokens_per_second * 10.0).round() / 10.0,
            })),
            "asked_at": at,
        }));
    }
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Write the transcript; the format follows the extension.
/// Write the transcript to `path`, under its lock ([`crate::session::sink::output_lock`]): a file
/// another run is writing is refused, or with `wait` waited for.
pub fn save(
    path: &Path,
    conversation: &Conversation,
    provenance: &Value,
    wait: bool,
) -> anyhow::Result<()> {
    let _lock = crate::session::sink::output_lock::acquire(path, wait)?;
    let text = match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl") => jsonl(conversation, provenance),
        _ => markdown(conversation, provenance),
    };
    std::fs::write(path, text).with_context(|| format!("cannot write '{}'", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{ChatMessage, FinishReason};

    fn conversation() -> Conversation {
        let mut c = Conversation {
            case_messages: vec![
                ChatMessage::new("system", "sys"),
                ChatMessage::new("user", "the case"),
            ],
            ..Conversation::default()
        };
        c.push_question("q1");
        let t = c.pending_mut().expect("pending");
        t.assistant = "partial".into();
        t.finish = Some(FinishReason::Cancelled);
        c
    }

    #[test]
    fn markdown_marks_cancelled_answers_and_carries_provenance() {
        let text = markdown(&conversation(), &json!({"ddx_version": "x"}));
        assert!(
            text.contains("## Answer 1 (cancelled)\n\npartial"),
            "{text}"
        );
        assert!(text.contains("\"ddx_version\": \"x\""));
        assert!(text.contains("## Case (user)\n\nthe case"));
    }

    #[test]
    fn jsonl_lines_parse_and_start_with_provenance() {
        let text = jsonl(&conversation(), &json!({"ddx_version": "x"}));
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines[0]["type"], "provenance");
        assert_eq!(lines.last().expect("last")["finish_reason"], "cancelled");
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn a_reasoning_block_is_kept_apart_from_the_answer() {
        let mut c = conversation();
        let t = c.turns.last_mut().expect("a turn");
        t.assistant = "Angina.".into();
        t.reasoning = Some("Chest pain on exertion.".into());
        t.finish = Some(FinishReason::Stop);
        let text = markdown(&c, &json!({}));
        assert!(
            text.contains(
                "<summary>Reasoning</summary>\n\nChest pain on exertion.\n\n</details>\n\nAngina."
            ),
            "{text}"
        );
        let lines: Vec<Value> = jsonl(&c, &json!({}))
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        let last = lines.last().expect("last");
        assert_eq!(last["content"], "Angina.");
        assert_eq!(last["reasoning"], "Chest pain on exertion.");
    }
}
