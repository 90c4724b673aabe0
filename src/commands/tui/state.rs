//! The TUI's state and its pure update function: actions in, state changes and [`Effect`]s out.
//! No terminal, no engine, no files: the loop in `mod.rs` performs the effects and feeds the
//! results back, and `ui.rs` draws this state.

use std::collections::HashMap;
use std::time::Instant;

use super::action::{Action, Effect, Verdict};
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

    fn shifted(self, forward: bool) -> Focus {
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
    fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    fn backspace(&mut self) {
        if let Some((i, _)) = self.text[..self.cursor].char_indices().next_back() {
            self.text.remove(i);
            self.cursor = i;
        }
    }

    fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    fn left(&mut self) {
        if let Some((i, _)) = self.text[..self.cursor].char_indices().next_back() {
            self.cursor = i;
        }
    }

    fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    fn take(&mut self) -> String {
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

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    fn error(&mut self, text: impl Into<String>) {
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

    fn goto(&mut self, target: Option<usize>, what: &str) -> Option<Effect> {
        if self.generating() {
            self.error("an answer is streaming: Esc stops it first");
            return None;
        }
        let len = self.cases.as_ref().map_or(0, CaseFile::len);
        if len == 0 {
            self.error("no case file is open (ddx tui FILE)");
            return None;
        }
        match target {
            Some(p) if p < len => Some(Effect::Goto(p)),
            _ => {
                self.error(format!("no {what} case ({} of {len})", self.position + 1));
                None
            }
        }
    }

    fn search(&mut self, query: &str) -> Option<Effect> {
        let query = if query.is_empty() {
            self.last_search.clone()
        } else {
            query.to_string()
        };
        if query.is_empty() {
            return None;
        }
        self.last_search.clone_from(&query);
        let needle = query.to_lowercase();
        let found = self.cases.as_ref().and_then(|file| {
            let n = file.len();
            (1..=n).map(|k| (self.position + k) % n).find(|&i| {
                let entry = &file.entries[i];
                entry.id.to_lowercase().contains(&needle)
                    || entry
                        .case
                        .as_ref()
                        .is_ok_and(|c| super::ui::case_text(c).to_lowercase().contains(&needle))
            })
        });
        match found {
            Some(p) => self.goto(Some(p), "matching"),
            None => {
                self.error(format!("no case matches '{query}'"));
                None
            }
        }
    }

    fn scroll(&mut self, up: bool, by: u16) {
        let apply = |v: &mut u16| {
            *v = if up {
                v.saturating_sub(by)
            } else {
                v.saturating_add(by)
            };
        };
        match self.focus {
            Focus::Case => apply(&mut self.case_scroll),
            Focus::Differential => apply(&mut self.diff_scroll),
            Focus::Chat | Focus::Input => {
                // The chat counts back from its end: up scrolls back.
                self.chat_scroll_back = if up {
                    self.chat_scroll_back.saturating_add(by)
                } else {
                    self.chat_scroll_back.saturating_sub(by)
                };
            }
        }
    }

    fn review(&mut self, verdict: Verdict) -> Option<Effect> {
        if self.case_id().is_none() {
            self.error("no case to review");
            return None;
        }
        Some(Effect::Annotate(verdict))
    }

    /// Apply an action.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(action, Action::InputChar(_) | Action::PromptChar(_)) {
            self.message = None;
        }
        match action {
            Action::Quit => {
                self.quit = true;
                Some(Effect::Quit)
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                None
            }
            Action::ToggleReasoning => {
                self.show_reasoning = !self.show_reasoning;
                None
            }
            Action::NextCase => self.goto(Some(self.position + 1), "next"),
            Action::PrevCase => self.goto(self.position.checked_sub(1), "previous"),
            Action::StartJump => {
                self.prompt = Some((PromptKind::Jump, String::new()));
                None
            }
            Action::StartSearch => {
                self.prompt = Some((PromptKind::Search, String::new()));
                None
            }
            Action::StartLabel => {
                self.prompt = Some((PromptKind::Label, String::new()));
                None
            }
            Action::StartNote => {
                self.prompt = Some((PromptKind::Note, String::new()));
                None
            }
            Action::PromptChar(c) => {
                if let Some((_, text)) = &mut self.prompt {
                    text.push(c);
                }
                None
            }
            Action::PromptBackspace => {
                if let Some((_, text)) = &mut self.prompt {
                    text.pop();
                }
                None
            }
            Action::PromptCancel => {
                self.prompt = None;
                None
            }
            Action::PromptSubmit => {
                let (kind, text) = self.prompt.take()?;
                let text = text.trim().to_string();
                match kind {
                    PromptKind::Jump => {
                        let found = self.cases.as_ref().and_then(|f| f.position(&text));
                        if found.is_none() {
                            self.error(format!("no case with id '{text}'"));
                            return None;
                        }
                        self.goto(found, "such")
                    }
                    PromptKind::Search => self.search(&text),
                    PromptKind::Label if text.is_empty() => None,
                    PromptKind::Label => self.review(Verdict::Label(text)),
                    PromptKind::Note if text.is_empty() => None,
                    PromptKind::Note => self.review(Verdict::Note(text)),
                }
            }
            Action::Send => {
                if self.generating() {
                    self.error("an answer is streaming: wait, or Esc to stop it");
                    return None;
                }
                let text = self.input.text.trim().to_string();
                if text.is_empty() && self.conversation.case_messages.is_empty() {
                    self.error("type a question first");
                    return None;
                }
                self.input.take();
                self.chat_scroll_back = 0;
                Some(Effect::Send(text))
            }
            Action::RunCase => {
                if self.generating() {
                    self.error("an answer is streaming: wait, or Esc to stop it");
                    return None;
                }
                if self.conversation.case_messages.is_empty() {
                    self.error("no usable case here");
                    return None;
                }
                self.chat_scroll_back = 0;
                Some(Effect::Send(String::new()))
            }
            Action::Cancel => self.generating().then_some(Effect::Cancel),
            Action::LeaveInput => {
                if self.generating() {
                    return Some(Effect::Cancel);
                }
                self.focus = Focus::Chat;
                None
            }
            Action::FocusNext => {
                self.focus = self.focus.shifted(true);
                None
            }
            Action::FocusPrev => {
                self.focus = self.focus.shifted(false);
                None
            }
            Action::FocusInput => {
                self.focus = Focus::Input;
                None
            }
            Action::ScrollUp(n) => {
                self.scroll(true, n);
                None
            }
            Action::ScrollDown(n) => {
                self.scroll(false, n);
                None
            }
            Action::ScrollTop => {
                self.scroll(true, u16::MAX);
                None
            }
            Action::ScrollBottom => {
                self.scroll(false, u16::MAX);
                None
            }
            Action::Accept => self.review(Verdict::Accepted),
            Action::MarkWrong => self.review(Verdict::Wrong),
            Action::InputChar(c) => {
                let mut buf = [0u8; 4];
                self.input.insert(c.encode_utf8(&mut buf));
                None
            }
            Action::InputPaste(text) => {
                self.focus = Focus::Input;
                self.input
                    .insert(&text.replace("\r\n", "\n").replace('\r', "\n"));
                None
            }
            Action::InputNewline => {
                self.input.insert("\n");
                None
            }
            Action::InputBackspace => {
                self.input.backspace();
                None
            }
            Action::InputDelete => {
                self.input.delete();
                None
            }
            Action::InputLeft => {
                self.input.left();
                None
            }
            Action::InputRight => {
                self.input.right();
                None
            }
            Action::InputHome => {
                self.input.cursor = self.input.text[..self.input.cursor]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                None
            }
            Action::InputEnd => {
                self.input.cursor = self.input.text[self.input.cursor..]
                    .find('\n')
                    .map_or(self.input.text.len(), |i| self.input.cursor + i);
                None
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ChatMessage;

    fn app() -> TuiState {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/demo-cases.jsonl");
        let mut app = TuiState::new(
            Some(CaseFile::load(&path).expect("fixture")),
            ModelStatus::default(),
            false,
        );
        app.conversation.case_messages = vec![ChatMessage::new("user", "case")];
        app
    }

    #[test]
    fn typing_then_enter_sends_and_clears_the_input() {
        let mut a = app();
        for c in "why?".chars() {
            assert_eq!(a.update(Action::InputChar(c)), None);
        }
        assert_eq!(a.update(Action::Send), Some(Effect::Send("why?".into())));
        assert!(a.input.text.is_empty());
    }

    #[test]
    fn case_navigation_is_bounded_and_blocked_while_streaming() {
        let mut a = app();
        assert_eq!(a.update(Action::PrevCase), None);
        assert!(a.message.as_ref().is_some_and(|(_, e)| *e));
        assert_eq!(a.update(Action::NextCase), Some(Effect::Goto(1)));
        a.streaming = Some(Streaming::default());
        assert_eq!(a.update(Action::NextCase), None);
        assert_eq!(a.update(Action::Cancel), Some(Effect::Cancel));
        assert_eq!(a.update(Action::LeaveInput), Some(Effect::Cancel));
    }

    #[test]
    fn jump_and_search_prompts() {
        let mut a = app();
        a.update(Action::StartJump);
        assert_eq!(a.mode(), Mode::Prompt);
        for c in "demo-4".chars() {
            a.update(Action::PromptChar(c));
        }
        assert_eq!(a.update(Action::PromptSubmit), Some(Effect::Goto(3)));
        a.update(Action::StartSearch);
        for c in "KERNIG".chars() {
            a.update(Action::PromptChar(c));
        }
        assert_eq!(a.update(Action::PromptSubmit), Some(Effect::Goto(1)));
        a.update(Action::StartJump);
        a.update(Action::PromptChar('z'));
        assert_eq!(a.update(Action::PromptSubmit), None);
        assert!(a.message.as_ref().is_some_and(|(m, _)| m.contains("'z'")));
    }

    #[test]
    fn reviews_become_effects() {
        let mut a = app();
        assert_eq!(
            a.update(Action::Accept),
            Some(Effect::Annotate(Verdict::Accepted))
        );
        assert_eq!(
            a.update(Action::MarkWrong),
            Some(Effect::Annotate(Verdict::Wrong))
        );
        a.update(Action::StartLabel);
        for c in "MI".chars() {
            a.update(Action::PromptChar(c));
        }
        assert_eq!(
            a.update(Action::PromptSubmit),
            Some(Effect::Annotate(Verdict::Label("MI".into())))
        );
    }

    #[test]
    fn input_editing_handles_multibyte_text() {
        let mut a = app();
        a.update(Action::InputPaste("fièvre\r\nrash".into()));
        assert_eq!(a.input.text, "fièvre\nrash");
        a.update(Action::InputHome);
        a.update(Action::InputLeft);
        a.update(Action::InputBackspace);
        a.update(Action::InputBackspace);
        assert_eq!(a.input.text, "fièv\nrash");
        a.update(Action::InputEnd);
        a.update(Action::InputNewline);
        assert_eq!(a.input.text, "fièv\n\nrash");
    }

    #[test]
    fn focus_cycles_and_help_toggles() {
        let mut a = app();
        assert_eq!(a.mode(), Mode::Normal, "single keys work from the start");
        a.update(Action::FocusNext);
        assert_eq!(a.focus, Focus::Differential);
        a.update(Action::FocusNext);
        assert_eq!(a.focus, Focus::Input);
        a.update(Action::FocusNext);
        assert_eq!(a.focus, Focus::Case);
        a.update(Action::FocusPrev);
        assert_eq!(a.focus, Focus::Input);
        a.update(Action::ToggleHelp);
        assert_eq!(a.mode(), Mode::Help);
        a.update(Action::ToggleHelp);
        assert_eq!(a.mode(), Mode::Input);
    }
}
