//! The TUI's state: the case file and position, the conversation, the input box, focus, prompts
//! and reviews. No terminal, no engine, no files: [`super::update`] changes it in answer to
//! actions, the loop in `mod.rs` performs the effects and feeds the results back, and
//! [`super::ui`] draws it.

use std::collections::HashMap;
use std::time::Instant;

use super::keymap::Mode;
use crate::session::interactive::casefile::CaseFile;
use crate::session::interactive::conversation::Conversation;

/// Panes that take focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Case,
    Chat,
    Differential,
    Input,
}

impl Focus {
    const ORDER: [Focus; 4] = [Focus::Case, Focus::Chat, Focus::Differential, Focus::Input];

    pub(super) fn shifted(self, forward: bool) -> Focus {
        let n = Self::ORDER.len();
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        Self::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// What a one-line prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Jump,
    Search,
    Label,
    Note,
}

impl PromptKind {
    pub fn title(self) -> &'static str {
        match self {
            Self::Jump => "Jump to case id",
            Self::Search => "Search cases",
            Self::Label => "Your label for this case",
            Self::Note => "Your note on this case",
        }
    }
}

/// The multi-line input box: text and a cursor (a byte offset on a char boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub text: String,
    pub cursor: usize,
}

impl Input {
    pub(super) fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    pub(super) fn backspace(&mut self) {
        if let Some((i, _)) = self.text[..self.cursor].char_indices().next_back() {
            self.text.remove(i);
            self.cursor = i;
        }
    }

    pub(super) fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    pub(super) fn left(&mut self) {
        if let Some((i, _)) = self.text[..self.cursor].char_indices().next_back() {
            self.cursor = i;
        }
    }

    pub(super) fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    pub(super) fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }
}

/// Model facts for the status bar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelStatus {
    pub name: String,
    pub quantization: String,
    pub gpu_layers: u32,
    pub context_used: u32,
    pub context_size: u32,
}

/// An answer being streamed.
#[derive(Debug, Clone, Default)]
pub struct Streaming {
    /// The answer so far (after any reasoning block).
    pub text: String,
    /// The reasoning block so far, for a model that thinks.
    pub reasoning: String,
    /// Tokens generated so far, reasoning included.
    pub tokens: u32,
    /// Of `tokens`, those of the reasoning block.
    pub reasoning_tokens: u32,
    pub first_token: Option<Instant>,
    pub prompt_tokens: u32,
}

/// The whole state the screen shows.
#[derive(Debug, Clone)]
pub struct TuiState {
    pub cases: Option<CaseFile>,
    pub position: usize,
    pub template: String,
    pub conversation: Conversation,
    pub streaming: Option<Streaming>,
    /// Tokens per second: live while streaming, then the last answer's.
    pub tokens_per_second: f64,
    pub input: Input,
    pub focus: Focus,
    pub prompt: Option<(PromptKind, String)>,
    pub last_search: String,
    pub help: bool,
    pub model: ModelStatus,
    /// A one-line message under the panes: (text, is it an error).
    pub message: Option<(String, bool)>,
    /// Case id → latest verdict.
    pub reviewed: HashMap<String, String>,
    /// Scroll offsets (lines from the top; the chat's from the bottom).
    pub case_scroll: u16,
    pub chat_scroll_back: u16,
    pub diff_scroll: u16,
    /// Whether a reasoning block is shown in full (else as a one-line summary).
    pub show_reasoning: bool,
    pub color: bool,
    pub quit: bool,
}

impl TuiState {
    pub fn new(cases: Option<CaseFile>, model: ModelStatus, color: bool) -> Self {
        Self {
            cases,
            position: 0,
            template: String::new(),
            conversation: Conversation::default(),
            streaming: None,
            tokens_per_second: 0.0,
            input: Input::default(),
            focus: Focus::Chat,
            prompt: None,
            last_search: String::new(),
            help: false,
            model,
            message: None,
            reviewed: HashMap::new(),
            case_scroll: 0,
            chat_scroll_back: 0,
            diff_scroll: 0,
            show_reasoning: false,
            color,
            quit: false,
        }
    }

    /// Which keymap applies now.
    pub fn mode(&self) -> Mode {
        if self.help {
            Mode::Help
        } else if self.prompt.is_some() {
            Mode::Prompt
        } else if self.focus == Focus::Input {
            Mode::Input
        } else {
            Mode::Normal
        }
    }

    pub fn generating(&self) -> bool {
        self.streaming.is_some()
    }

    /// Id of the current case.
    pub fn case_id(&self) -> Option<&str> {
        self.cases
            .as_ref()
            .and_then(|f| f.entries.get(self.position))
            .map(|e| e.id.as_str())
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), true));
    }

    /// The latest answer (streaming or finished).
    pub fn latest_answer(&self) -> Option<&str> {
        if let Some(s) = &self.streaming {
            return Some(&s.text);
        }
        self.conversation
            .turns
            .last()
            .map(|t| t.assistant.as_str())
            .filter(|a| !a.is_empty())
    }

    /// The effect loop moved to another case.
    pub fn show_case(&mut self, position: usize, conversation: Conversation, template: &str) {
        self.position = position;
        self.conversation = conversation;
        template.clone_into(&mut self.template);
        self.case_scroll = 0;
        self.chat_scroll_back = 0;
        self.diff_scroll = 0;
    }

    /// A streamed piece of the answer.
    pub fn on_token(&mut self, text: &str) {
        if let Some(s) = self.tick() {
            s.text.push_str(text);
        }
    }

    /// A streamed piece of the reasoning block.
    pub fn on_reasoning(&mut self, text: &str) {
        if let Some(s) = self.tick() {
            s.reasoning_tokens += 1;
            s.reasoning.push_str(text);
        }
    }

    /// Count one generated token and update the speed.
    fn tick(&mut self) -> Option<&mut Streaming> {
        let s = self.streaming.as_mut()?;
        let now = Instant::now();
        let first = *s.first_token.get_or_insert(now);
        s.tokens += 1;
        let secs = now.duration_since(first).as_secs_f64();
        if s.tokens > 1 && secs > 0.0 {
            self.tokens_per_second = f64::from(s.tokens - 1) / secs;
        }
        Some(s)
    }

    /// A status or error line from the effect loop.
    pub fn notify(&mut self, text: impl Into<String>, error: bool) {
        if error {
            self.error(text);
        } else {
            self.info(text);
        }
    }
}
