//! The TUI's pure update function: actions in, state changes and [`Effect`]s out. No terminal,
//! no engine, no files.

use super::action::{Action, Effect, Verdict};
use super::state::{Focus, PromptKind, TuiState};
use crate::session::interactive::casefile::CaseFile;

impl TuiState {
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
            Action::StartJump
            | Action::StartSearch
            | Action::StartLabel
            | Action::StartNote
            | Action::PromptChar(_)
            | Action::PromptBackspace
            | Action::PromptCancel => {
                self.edit_prompt(action);
                None
            }
            Action::PromptSubmit => self.submit_prompt(),
            Action::Send => self.send(),
            Action::RunCase => self.run_case(),
            Action::Cancel => self.generating().then_some(Effect::Cancel),
            Action::LeaveInput => {
                if self.generating() {
                    return Some(Effect::Cancel);
                }
                self.focus = Focus::Chat;
                None
            }
            Action::Accept => self.review(Verdict::Accepted),
            Action::MarkWrong => self.review(Verdict::Wrong),
            Action::FocusNext
            | Action::FocusPrev
            | Action::FocusInput
            | Action::ScrollUp(_)
            | Action::ScrollDown(_)
            | Action::ScrollTop
            | Action::ScrollBottom => {
                self.move_view(action);
                None
            }
            Action::InputChar(_)
            | Action::InputPaste(_)
            | Action::InputNewline
            | Action::InputBackspace
            | Action::InputDelete
            | Action::InputLeft
            | Action::InputRight
            | Action::InputHome
            | Action::InputEnd => {
                self.edit_input(action);
                None
            }
        }
    }

    /// Open a prompt on the message line, or edit or close the open one.
    fn edit_prompt(&mut self, action: Action) {
        let open = |kind| Some((kind, String::new()));
        match action {
            Action::StartJump => self.prompt = open(PromptKind::Jump),
            Action::StartSearch => self.prompt = open(PromptKind::Search),
            Action::StartLabel => self.prompt = open(PromptKind::Label),
            Action::StartNote => self.prompt = open(PromptKind::Note),
            Action::PromptChar(c) => {
                if let Some((_, text)) = &mut self.prompt {
                    text.push(c);
                }
            }
            Action::PromptBackspace => {
                if let Some((_, text)) = &mut self.prompt {
                    text.pop();
                }
            }
            Action::PromptCancel => self.prompt = None,
            _ => {}
        }
    }

    /// Enter on the message line: jump, search, label or note.
    fn submit_prompt(&mut self) -> Option<Effect> {
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

    /// Send the typed question (or, with nothing typed, the case as the template asks).
    fn send(&mut self) -> Option<Effect> {
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

    /// Ask about the case as the template asks.
    fn run_case(&mut self) -> Option<Effect> {
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

    /// Move the focus or scroll the focused pane.
    fn move_view(&mut self, action: Action) {
        match action {
            Action::FocusNext => self.focus = self.focus.shifted(true),
            Action::FocusPrev => self.focus = self.focus.shifted(false),
            Action::FocusInput => self.focus = Focus::Input,
            Action::ScrollUp(n) => self.scroll(true, n),
            Action::ScrollDown(n) => self.scroll(false, n),
            Action::ScrollTop => self.scroll(true, u16::MAX),
            Action::ScrollBottom => self.scroll(false, u16::MAX),
            _ => {}
        }
    }

    /// Edit the input box.
    fn edit_input(&mut self, action: Action) {
        match action {
            Action::InputChar(c) => {
                let mut buf = [0u8; 4];
                self.input.insert(c.encode_utf8(&mut buf));
            }
            Action::InputPaste(text) => {
                self.focus = Focus::Input;
                self.input
                    .insert(&text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            Action::InputNewline => self.input.insert("\n"),
            Action::InputBackspace => self.input.backspace(),
            Action::InputDelete => self.input.delete(),
            Action::InputLeft => self.input.left(),
            Action::InputRight => self.input.right(),
            Action::InputHome => {
                self.input.cursor = self.input.text[..self.input.cursor]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
            }
            Action::InputEnd => {
                self.input.cursor = self.input.text[self.input.cursor..]
                    .find('\n')
                    .map_or(self.input.text.len(), |i| self.input.cursor + i);
            }
            _ => {}
        }
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
}

#[cfg(test)]
mod tests {
    use super::super::keymap::Mode;
    use super::super::state::{ModelStatus, Streaming};
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
