//! Reasoning models: thinking before the answer inside `<think>...</think>` (DeepSeek-R1
//! distills, Qwen3, QwQ, Phi-4-reasoning). [`ReasoningFormat`] says whether a template's
//! generations have such a block; [`ThinkSplitter`] splits a streamed generation into the
//! reasoning and the answer, so answer extraction, `--labels`, `--schema` and the TUI see only
//! the answer.

/// How to find the reasoning in a generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReasoningFormat {
    /// Never split: the whole generation is the answer.
    None,
    /// `think-tags` when the chat template mentions `<think>`, else `none`.
    #[default]
    Auto,
    /// `<think>...</think>` before the answer.
    ThinkTags,
}

impl std::str::FromStr for ReasoningFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Self::None),
            "auto" => Ok(Self::Auto),
            "think-tags" | "deepseek" => Ok(Self::ThinkTags),
            _ => Err(format!("'{s}' is not one of 'none', 'auto', 'think-tags'")),
        }
    }
}

impl std::fmt::Display for ReasoningFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Auto => "auto",
            Self::ThinkTags => "think-tags",
        })
    }
}

/// The reasoning settings of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReasoningConfig {
    pub format: ReasoningFormat,
    /// Most reasoning tokens before ddx closes the block and lets the model answer; `Some(0)`
    /// disables thinking (the template's `enable_thinking=false`, or an empty block).
    pub budget: Option<u32>,
}

/// The texts that open and close a reasoning block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThinkMarkers {
    pub open: String,
    pub close: String,
}

impl ThinkMarkers {
    /// `<think>` / `</think>`.
    pub fn think_tags() -> Self {
        Self {
            open: "<think>".into(),
            close: "</think>".into(),
        }
    }

    /// The markers a template's generations use under `format` (`Auto` looks at its source).
    pub fn for_template(format: ReasoningFormat, source: &str) -> Option<Self> {
        match format {
            ReasoningFormat::None => None,
            ReasoningFormat::ThinkTags => Some(Self::think_tags()),
            ReasoningFormat::Auto => source.contains("<think>").then(Self::think_tags),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The generation may still open a block (only whitespace so far).
    Undecided,
    Inside,
    Done,
}

/// Splits generated text into reasoning and answer as it streams.
#[derive(Debug)]
pub struct ThinkSplitter {
    markers: ThinkMarkers,
    state: State,
    /// Text not yet assigned (a possible marker prefix).
    held: String,
    reasoning: String,
    thought: bool,
    tokens: u32,
    /// The block just closed: whitespace before the answer's first text is dropped.
    trim_answer: bool,
    /// Tokens pushed while it was not yet known whether a block opens.
    undecided: u32,
    /// Bytes of `reasoning` already handed out by [`ThinkSplitter::fresh_reasoning`].
    streamed: usize,
}

impl ThinkSplitter {
    /// `inside`: the prompt already opened the block (a prefilled `<think>`).
    pub fn new(markers: ThinkMarkers, inside: bool) -> Self {
        Self {
            markers,
            state: if inside {
                State::Inside
            } else {
                State::Undecided
            },
            held: String::new(),
            reasoning: String::new(),
            thought: inside,
            tokens: 0,
            trim_answer: false,
            undecided: 0,
            streamed: 0,
        }
    }

    /// Whether the generation is inside the reasoning block.
    pub fn inside(&self) -> bool {
        self.state == State::Inside
    }

    /// Tokens of reasoning so far (those pushed while the block was open).
    pub fn tokens(&self) -> u32 {
        self.tokens
    }

    pub fn markers(&self) -> &ThinkMarkers {
        &self.markers
    }

    /// Add one generated token's text; returns the part of it (and of what was held) that is
    /// answer. A token that arrives while the block is (or may be) open counts as reasoning.
    pub fn push(&mut self, text: &str) -> String {
        let entry = self.state;
        let answer = self.feed(text);
        match entry {
            State::Done => {}
            State::Inside => self.tokens += 1,
            State::Undecided => {
                self.undecided += 1;
                if self.thought {
                    self.tokens += std::mem::take(&mut self.undecided);
                }
            }
        }
        answer
    }

    /// Add text that was not generated (the closing marker ddx inserts when the budget is
    /// spent): split like generated text, counted as no token.
    pub fn feed(&mut self, text: &str) -> String {
        if self.state == State::Done {
            return self.answer_text(text.to_string());
        }
        self.held.push_str(text);
        let mut answer = String::new();
        if self.state == State::Undecided {
            let trimmed = self.held.trim_start();
            if trimmed.is_empty() || self.markers.open.starts_with(trimmed) {
                return answer;
            }
            if let Some(rest) = trimmed.strip_prefix(self.markers.open.as_str()) {
                self.held = rest.to_string();
                self.state = State::Inside;
                self.thought = true;
            } else {
                self.state = State::Done;
                answer = std::mem::take(&mut self.held);
            }
        }
        if self.state == State::Inside {
            if let Some(at) = self.held.find(self.markers.close.as_str()) {
                self.reasoning.push_str(&self.held[..at]);
                answer = self.held[at + self.markers.close.len()..].to_string();
                self.held.clear();
                self.state = State::Done;
                self.trim_answer = true;
            } else {
                // Keep back only what could still grow into the closing marker.
                let keep = (1..self.markers.close.len())
                    .rev()
                    .find(|&n| {
                        self.held.len() >= n
                            && self.held.is_char_boundary(self.held.len() - n)
                            && self
                                .markers
                                .close
                                .starts_with(&self.held[self.held.len() - n..])
                    })
                    .unwrap_or(0);
                let cut = self.held.len() - keep;
                self.reasoning.push_str(&self.held[..cut]);
                self.held.drain(..cut);
            }
        }
        self.answer_text(answer)
    }

    fn answer_text(&mut self, text: String) -> String {
        if !self.trim_answer {
            return text;
        }
        let trimmed = text.trim_start();
        if !trimmed.is_empty() {
            self.trim_answer = false;
        }
        trimmed.to_string()
    }

    /// The end of the generation: what is left, as answer (a block never closed is all
    /// reasoning, and the answer is empty).
    pub fn finish(&mut self) -> String {
        let held = std::mem::take(&mut self.held);
        match self.state {
            State::Inside => {
                self.reasoning.push_str(&held);
                String::new()
            }
            State::Undecided | State::Done => held,
        }
    }

    /// The reasoning text assigned since the last call (for streaming it as it comes; the
    /// first piece without the whitespace the block starts with).
    pub fn fresh_reasoning(&mut self) -> String {
        if self.streamed == 0 {
            let lead = self.reasoning.len() - self.reasoning.trim_start().len();
            if lead == self.reasoning.len() {
                return String::new();
            }
            self.streamed = lead;
        }
        let fresh = self.reasoning[self.streamed..].to_string();
        self.streamed = self.reasoning.len();
        fresh
    }

    /// The reasoning, when the generation had a block.
    pub fn reasoning(&self) -> Option<String> {
        self.thought.then(|| self.reasoning.trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(inside: bool, pieces: &[&str]) -> (Option<String>, String, u32) {
        let mut s = ThinkSplitter::new(ThinkMarkers::think_tags(), inside);
        let mut answer: String = pieces.iter().map(|p| s.push(p)).collect();
        answer.push_str(&s.finish());
        (s.reasoning(), answer, s.tokens())
    }

    #[test]
    fn a_block_streamed_in_pieces_is_split_from_the_answer() {
        let (reasoning, answer, tokens) = split(
            false,
            &["\n<thi", "nk>Chest", " pain; ECG.</", "think>\n\n", "MI"],
        );
        assert_eq!(reasoning.as_deref(), Some("Chest pain; ECG."));
        assert_eq!(answer, "MI");
        assert_eq!(tokens, 4);
    }

    #[test]
    fn a_prefilled_block_and_text_after_the_marker_in_one_piece() {
        let (reasoning, answer, tokens) = split(true, &["think ", "hard</think>\n{\"a\":", "1}"]);
        assert_eq!(reasoning.as_deref(), Some("think hard"));
        assert_eq!(answer, "{\"a\":1}");
        assert_eq!(tokens, 2);
    }

    #[test]
    fn reasoning_streams_in_pieces_that_add_up_to_the_block() {
        let mut s = ThinkSplitter::new(ThinkMarkers::think_tags(), false);
        let mut streamed = Vec::new();
        for piece in ["<think>", "\n", "Fever", " and rash</th", "ink>", "Measles"] {
            s.push(piece);
            streamed.push(s.fresh_reasoning());
        }
        s.finish();
        assert_eq!(streamed, ["", "", "Fever", " and rash", "", ""]);
        assert_eq!(s.reasoning().as_deref(), Some("Fever and rash"));
    }

    #[test]
    fn no_block_means_no_reasoning_and_an_unclosed_one_no_answer() {
        assert_eq!(
            split(false, &["  The", " answer"]),
            (None, "  The answer".into(), 0)
        );
        let (reasoning, answer, _) = split(true, &["still ", "thinking </thi"]);
        assert_eq!(reasoning.as_deref(), Some("still thinking </thi"));
        assert!(answer.is_empty());
    }

    #[test]
    fn formats_parse_and_auto_looks_at_the_template() {
        assert_eq!("think-tags".parse(), Ok(ReasoningFormat::ThinkTags));
        assert!("maybe".parse::<ReasoningFormat>().is_err());
        assert!(ThinkMarkers::for_template(ReasoningFormat::Auto, "{{ '<think>\\n' }}").is_some());
        assert!(ThinkMarkers::for_template(ReasoningFormat::Auto, "chatml").is_none());
        assert!(ThinkMarkers::for_template(ReasoningFormat::None, "<think>").is_none());
    }
}
