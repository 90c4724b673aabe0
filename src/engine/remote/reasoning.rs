//! A served answer's pieces sorted into the answer and the reasoning. Servers return a reasoning
//! model's thinking in one of two ways: apart, as `reasoning_content` (llama-server with
//! `--reasoning-format deepseek`, the DeepSeek API, vLLM) or `reasoning` (newer vLLM) in each
//! message or delta; or inline, as a `<think>...</think>` block at the start of the content.
//! [`Sorter`] takes both, piece by piece, so records, transcripts and usage keep them apart.

use super::client::Delta;
use crate::engine::{ThinkMarkers, ThinkSplitter};

/// Sorts the pieces of one attempt's answer.
#[derive(Debug)]
pub struct Sorter {
    think: Option<ThinkSplitter>,
    /// The answer so far.
    pub text: String,
    reasoning: String,
    /// Pieces that came as reasoning fields.
    field_pieces: u32,
    had_field: bool,
}

impl Sorter {
    /// `markers`: the inline block to split off the content (`None`: the content is all answer).
    pub fn new(markers: Option<ThinkMarkers>) -> Self {
        Self {
            think: markers.map(|m| ThinkSplitter::new(m, false)),
            text: String::new(),
            reasoning: String::new(),
            field_pieces: 0,
            had_field: false,
        }
    }

    /// A piece of the content; what it holds of each part goes to `out` (false from `out` stops).
    pub fn content(&mut self, piece: &str, out: &mut dyn FnMut(Delta<'_>) -> bool) -> bool {
        let Some(think) = self.think.as_mut() else {
            self.text.push_str(piece);
            return out(Delta::Text(piece));
        };
        let answer = think.push(piece);
        let thought = think.fresh_reasoning();
        self.emit(&answer, &thought, out)
    }

    /// A piece of a `reasoning_content` / `reasoning` field.
    pub fn reasoning_field(&mut self, piece: &str, out: &mut dyn FnMut(Delta<'_>) -> bool) -> bool {
        self.had_field = true;
        self.field_pieces += 1;
        let piece = if self.reasoning.is_empty() {
            piece.trim_start()
        } else {
            piece
        };
        self.reasoning.push_str(piece);
        piece.is_empty() || out(Delta::Reasoning(piece))
    }

    /// The end of the answer: what an inline splitter still held.
    pub fn finish(&mut self, out: &mut dyn FnMut(Delta<'_>) -> bool) -> bool {
        let Some(think) = self.think.as_mut() else {
            return true;
        };
        let answer = think.finish();
        let thought = think.fresh_reasoning();
        self.emit(&answer, &thought, out)
    }

    fn emit(
        &mut self,
        answer: &str,
        thought: &str,
        out: &mut dyn FnMut(Delta<'_>) -> bool,
    ) -> bool {
        let mut go = true;
        if !thought.is_empty() {
            self.reasoning.push_str(thought);
            go = out(Delta::Reasoning(thought));
        }
        if go && !answer.is_empty() {
            self.text.push_str(answer);
            go = out(Delta::Text(answer));
        }
        go
    }

    /// The reasoning and the pieces it came in, when the answer had any.
    pub fn reasoning(&self) -> Option<(String, u32)> {
        let inline = self.think.as_ref().and_then(ThinkSplitter::reasoning);
        let pieces = self.field_pieces + self.think.as_ref().map_or(0, ThinkSplitter::tokens);
        match inline {
            Some(inline) if self.had_field => {
                Some((format!("{}\n\n{inline}", self.reasoning.trim()), pieces))
            }
            Some(inline) => Some((inline, pieces)),
            None => self
                .had_field
                .then(|| (self.reasoning.trim().to_string(), pieces)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feed (is it a reasoning field, text) pieces; the deltas passed on and the sorter.
    fn sort(markers: bool, pieces: &[(bool, &str)]) -> (Vec<String>, Sorter) {
        let mut sorter = Sorter::new(markers.then(ThinkMarkers::think_tags));
        let mut seen = Vec::new();
        let mut out = |d: Delta<'_>| {
            seen.push(match d {
                Delta::Text(t) => format!("A:{t}"),
                Delta::Reasoning(t) => format!("R:{t}"),
                Delta::Restart => "restart".into(),
            });
            true
        };
        for (field, piece) in pieces {
            if *field {
                sorter.reasoning_field(piece, &mut out);
            } else {
                sorter.content(piece, &mut out);
            }
        }
        sorter.finish(&mut out);
        (seen, sorter)
    }

    #[test]
    fn reasoning_content_deltas_stay_apart_from_the_answer() {
        let (seen, sorter) = sort(
            true,
            &[
                (true, "\nFever"),
                (true, " and rash"),
                (false, "Measles"),
                (false, "."),
            ],
        );
        assert_eq!(seen, ["R:Fever", "R: and rash", "A:Measles", "A:."]);
        assert_eq!(sorter.text, "Measles.");
        assert_eq!(sorter.reasoning(), Some(("Fever and rash".into(), 2)));
    }

    #[test]
    fn an_inline_block_split_across_pieces_is_reasoning() {
        let (seen, sorter) = sort(
            true,
            &[
                (false, "<think>\n\n"),
                (false, "Is it"),
                (false, " MI</"),
                (false, "think"),
                (false, ">"),
                (false, "\n\nYes"),
            ],
        );
        assert_eq!(seen, ["R:Is it", "R: MI", "A:Yes"]);
        assert_eq!(sorter.text, "Yes");
        assert_eq!(sorter.reasoning(), Some(("Is it MI".into(), 5)));
    }

    #[test]
    fn plain_content_and_no_markers_are_all_answer() {
        let (_, sorter) = sort(true, &[(false, "The "), (false, "answer")]);
        assert_eq!(
            (sorter.text.as_str(), sorter.reasoning()),
            ("The answer", None)
        );
        let (_, sorter) = sort(false, &[(false, "<think>x</think>y")]);
        assert_eq!(sorter.text, "<think>x</think>y");
        assert_eq!(sorter.reasoning(), None);
    }
}
