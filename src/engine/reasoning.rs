//! Reasoning models: thinking before the answer inside `<think>...</think>` (DeepSeek-R1
//! distills, Qwen3, QwQ, Phi-4-reasoning) or in gpt-oss's harmony channels
//! (`<|channel|>analysis<|message|>...<|end|><|start|>assistant<|channel|>final<|message|>...`).
//! [`ReasoningFormat`] says whether a template's generations have such a block; [`ThinkSplitter`]
//! splits a streamed generation into the reasoning and the answer, so answer extraction,
//! `--labels`, `--schema` and the TUI see only the answer.

/// How to find the reasoning in a generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReasoningFormat {
    /// Never split: the whole generation is the answer.
    None,
    /// `gpt-oss` when the chat template has `<|channel|>`, `think-tags` when it mentions
    /// `<think>`, else `none`.
    #[default]
    Auto,
    /// `<think>...</think>` before the answer.
    ThinkTags,
    /// gpt-oss's harmony channels: `analysis` is the reasoning, `final` the answer.
    GptOss,
}

impl std::str::FromStr for ReasoningFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Self::None),
            "auto" => Ok(Self::Auto),
            "think-tags" | "deepseek" => Ok(Self::ThinkTags),
            "gpt-oss" | "harmony" => Ok(Self::GptOss),
            _ => Err(format!(
                "'{s}' is not one of 'none', 'auto', 'think-tags', 'gpt-oss'"
            )),
        }
    }
}

impl std::fmt::Display for ReasoningFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Auto => "auto",
            Self::ThinkTags => "think-tags",
            Self::GptOss => "gpt-oss",
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
    /// The text that opens the block in a generation.
    pub open: String,
    /// The text that closes it (the answer follows).
    pub close: String,
    /// What ddx writes to open a block in a prompt.
    pub open_text: String,
    /// What ddx writes to close an open block (the budget is spent; before a scored answer).
    pub close_text: String,
    /// Text at the start of a generation that opens the answer with no block before it.
    pub answer_open: Option<String>,
    /// Texts left out of the stream before it is split (harmony's `<|end|>`, when the vocabulary
    /// spells it out).
    pub dropped: Vec<String>,
}

impl ThinkMarkers {
    /// `<think>` / `</think>`.
    pub fn think_tags() -> Self {
        Self {
            open: "<think>".into(),
            close: "</think>".into(),
            open_text: "<think>\n".into(),
            close_text: "\n</think>\n\n".into(),
            answer_open: None,
            dropped: Vec::new(),
        }
    }

    /// gpt-oss's harmony channels. The generation prompt ends with `<|start|>assistant`; the
    /// model writes `<|channel|>analysis<|message|>` and its thinking, `<|end|>`, then
    /// `<|start|>assistant<|channel|>final<|message|>` and the answer (or the final channel at
    /// once). `<|end|>` is a control token that generation renders as nothing; it is dropped
    /// wherever it does show, so one closing text fits both.
    pub fn harmony() -> Self {
        Self {
            open: "<|channel|>analysis<|message|>".into(),
            close: "<|start|>assistant<|channel|>final<|message|>".into(),
            open_text: "<|channel|>analysis<|message|>".into(),
            close_text: "<|end|><|start|>assistant<|channel|>final<|message|>".into(),
            answer_open: Some("<|channel|>final<|message|>".into()),
            dropped: vec!["<|end|>".into()],
        }
    }

    /// The markers a template's generations use under `format` (`Auto` looks at its source).
    pub fn for_template(format: ReasoningFormat, source: &str) -> Option<Self> {
        match format {
            ReasoningFormat::None => None,
            ReasoningFormat::ThinkTags => Some(Self::think_tags()),
            ReasoningFormat::GptOss => Some(Self::harmony()),
            ReasoningFormat::Auto if source.contains("<|channel|>") => Some(Self::harmony()),
            ReasoningFormat::Auto => source.contains("<think>").then(Self::think_tags),
        }
    }

    /// The inline block split off a served model's content (its template is the server's:
    /// `Auto` looks for `<think>`).
    pub fn for_served(format: ReasoningFormat) -> Option<Self> {
        match format {
            ReasoningFormat::None => None,
            ReasoningFormat::GptOss => Some(Self::harmony()),
            ReasoningFormat::Auto | ReasoningFormat::ThinkTags => Some(Self::think_tags()),
        }
    }

    /// A block opened and closed at once (thinking off).
    pub fn empty_block(&self) -> String {
        format!("{}{}", self.open_text, self.close_text)
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
        let mut text = text.to_string();
        for dropped in &self.markers.dropped {
            if text.contains(dropped.as_str()) {
                text = text.replace(dropped.as_str(), "");
            }
        }
        if self.state == State::Done {
            return self.answer_text(text);
        }
        self.held.push_str(&text);
        let mut answer = String::new();
        if self.state == State::Undecided {
            let trimmed = self.held.trim_start();
            let answer_open = self.markers.answer_open.as_deref();
            if trimmed.is_empty()
                || self.markers.open.starts_with(trimmed)
                || answer_open.is_some_and(|a| a.starts_with(trimmed))
            {
                return answer;
            }
            if let Some(rest) = trimmed.strip_prefix(self.markers.open.as_str()) {
                self.held = rest.to_string();
                self.state = State::Inside;
                self.thought = true;
            } else if let Some(rest) = answer_open.and_then(|a| trimmed.strip_prefix(a)) {
                // The answer's channel at once: no reasoning.
                let rest = rest.to_string();
                self.held.clear();
                self.state = State::Done;
                self.trim_answer = true;
                return self.answer_text(rest);
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

    fn harmony(pieces: &[&str]) -> (Option<String>, String, Vec<String>) {
        let mut s = ThinkSplitter::new(ThinkMarkers::harmony(), false);
        let mut answer = String::new();
        let mut streamed = Vec::new();
        for piece in pieces {
            answer.push_str(&s.push(piece));
            streamed.push(s.fresh_reasoning());
        }
        answer.push_str(&s.finish());
        (s.reasoning(), answer, streamed)
    }

    #[test]
    fn harmony_channels_split_with_markers_arriving_in_pieces() {
        // As generation renders it: <|end|> is a control token and shows as nothing.
        let (reasoning, answer, streamed) = harmony(&[
            "<|channel|>",
            "analysis",
            "<|message|>",
            "Fever",
            " and neck stiffness.",
            "",
            "<|start|>",
            "assistant",
            "<|channel|>",
            "final",
            "<|message|>",
            "Meningitis",
            ".",
        ]);
        assert_eq!(reasoning.as_deref(), Some("Fever and neck stiffness."));
        assert_eq!(answer, "Meningitis.");
        assert_eq!(streamed.concat(), "Fever and neck stiffness.");
        assert!(streamed.iter().all(|p| !p.contains("<|")), "{streamed:?}");
        // The same with <|end|> spelled out, and a marker cut mid-text.
        let (reasoning, answer, _) = harmony(&[
            "<|channel|>analysis<|mess",
            "age|>Think",
            "<|end|><|start|>assistant<|chan",
            "nel|>final<|message|>Answer",
        ]);
        assert_eq!(reasoning.as_deref(), Some("Think"));
        assert_eq!(answer, "Answer");
    }

    #[test]
    fn harmony_final_channel_at_once_has_no_reasoning() {
        let (reasoning, answer, _) = harmony(&["<|channel|>", "final", "<|message|>", "MI"]);
        assert_eq!(reasoning, None);
        assert_eq!(answer, "MI");
        // The budget's closing text, fed after some thinking, ends the block.
        let mut s = ThinkSplitter::new(ThinkMarkers::harmony(), true);
        s.push("long thought");
        assert_eq!(s.feed(&ThinkMarkers::harmony().close_text), "");
        assert!(!s.inside());
        assert_eq!(s.push("Yes"), "Yes");
        assert_eq!(s.reasoning().as_deref(), Some("long thought"));
    }

    #[test]
    fn formats_parse_and_auto_looks_at_the_template() {
        assert_eq!("gpt-oss".parse(), Ok(ReasoningFormat::GptOss));
        assert_eq!(
            ThinkMarkers::for_template(
                ReasoningFormat::Auto,
                "{{ '<|start|>assistant<|channel|>final<|message|>' }}"
            ),
            Some(ThinkMarkers::harmony())
        );
        assert_eq!(
            ThinkMarkers::think_tags().empty_block(),
            "<think>\n\n</think>\n\n"
        );
        assert_eq!("think-tags".parse(), Ok(ReasoningFormat::ThinkTags));
        assert!("maybe".parse::<ReasoningFormat>().is_err());
        assert!(ThinkMarkers::for_template(ReasoningFormat::Auto, "{{ '<think>\\n' }}").is_some());
        assert!(ThinkMarkers::for_template(ReasoningFormat::Auto, "chatml").is_none());
        assert!(ThinkMarkers::for_template(ReasoningFormat::None, "<think>").is_none());
    }
}
