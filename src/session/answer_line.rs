//! The one line of numbers printed on stderr after an answer (ask, chat): prompt and reused
//! tokens, time to first token, speed, context use, why it ended, and where the model ran.

use crate::engine::Generation;

/// [`stats_line`] plus where the model ran (`CPU`, or the GPU backend and its layers).
pub fn stats_line_on(generation: &Generation, placement: &str, color: bool) -> String {
    let line = stats_line(generation, false);
    let line = match line.strip_suffix(']') {
        Some(head) => format!("{head} · {placement}]"),
        None => line,
    };
    if color {
        format!("\x1b[2m{line}\x1b[0m")
    } else {
        line
    }
}

/// One line of numbers about a generation, for stderr.
pub fn stats_line(generation: &Generation, color: bool) -> String {
    let t = &generation.timings;
    let rate = if t.generation_ms > 0.0 && generation.completion_tokens > 1 {
        f64::from(generation.completion_tokens - 1) * 1000.0 / t.generation_ms
    } else {
        0.0
    };
    // A reasoning model's thinking is counted apart (and shown nowhere else by ask and chat).
    let generated = match &generation.reasoning {
        Some(r) => format!(
            "{} tokens ({} thinking)",
            generation.completion_tokens, r.tokens
        ),
        None => format!("{} tokens", generation.completion_tokens),
    };
    let line = format!(
        "[{} prompt tokens ({} reused) · first token {:.0} ms · {generated} at {:.1} tok/s · context {}/{} · {}]",
        generation.prompt_tokens,
        generation.reused_tokens,
        t.ttft_ms,
        rate,
        generation.context_used,
        generation.context_size,
        generation.finish_reason.as_str()
    );
    if color {
        format!("\x1b[2m{line}\x1b[0m")
    } else {
        line
    }
}
