//! Keys to actions. The mapping depends on the mode only (which pane takes typing), so it is a
//! pure function, unit-tested key by key, and the help overlay lists the same table.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// Which part of the screen takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Panes: single keys are commands.
    Normal,
    /// The input box: keys type text.
    Input,
    /// A one-line prompt (jump to id, search, label, note).
    Prompt,
    /// The help overlay.
    Help,
}

/// Every binding, for the help overlay: (keys, what they do).
pub const BINDINGS: &[(&str, &str)] = &[
    ("n  ]", "next case"),
    ("p  [", "previous case"),
    ("g", "jump to a case id"),
    ("/", "search ids and case text (empty: search again)"),
    ("i  Enter", "type a question (input box)"),
    ("Enter", "in the input box: send (empty: the case as is)"),
    ("Alt-Enter  Ctrl-J", "in the input box: new line"),
    ("r", "ask about the case as the template asks"),
    ("t", "show / fold a reasoning model's thinking"),
    ("Esc", "stop the answer; leave the input box"),
    ("Tab  Shift-Tab", "focus the next / previous pane"),
    ("j k  Up Down", "scroll the focused pane"),
    ("PgUp PgDn  Home End", "scroll by a page / to the ends"),
    ("a", "review: accept the model's answer"),
    ("x", "review: mark the answer wrong"),
    ("l", "review: enter your own label"),
    ("o", "review: add a note"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
];

/// The action for a key in a mode, if any.
pub fn action_for(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
        return Some(Action::Quit);
    }
    match mode {
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter => Some(Action::ToggleHelp),
            _ => None,
        },
        Mode::Prompt => match key.code {
            KeyCode::Enter => Some(Action::PromptSubmit),
            KeyCode::Esc => Some(Action::PromptCancel),
            KeyCode::Backspace => Some(Action::PromptBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::PromptChar(c)),
            _ => None,
        },
        Mode::Input => match key.code {
            KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => {
                Some(Action::InputNewline)
            }
            KeyCode::Char('j') if ctrl => Some(Action::InputNewline),
            KeyCode::Enter => Some(Action::Send),
            KeyCode::Esc => Some(Action::LeaveInput),
            KeyCode::Backspace => Some(Action::InputBackspace),
            KeyCode::Delete => Some(Action::InputDelete),
            KeyCode::Left => Some(Action::InputLeft),
            KeyCode::Right => Some(Action::InputRight),
            KeyCode::Home => Some(Action::InputHome),
            KeyCode::End => Some(Action::InputEnd),
            KeyCode::Up => Some(Action::ScrollUp(1)),
            KeyCode::Down => Some(Action::ScrollDown(1)),
            KeyCode::PageUp => Some(Action::ScrollUp(10)),
            KeyCode::PageDown => Some(Action::ScrollDown(10)),
            KeyCode::Tab => Some(Action::FocusNext),
            KeyCode::BackTab => Some(Action::FocusPrev),
            KeyCode::Char(c) if !ctrl => Some(Action::InputChar(c)),
            _ => None,
        },
        Mode::Normal => match key.code {
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('n' | ']') => Some(Action::NextCase),
            KeyCode::Char('p' | '[') => Some(Action::PrevCase),
            KeyCode::Char('g') => Some(Action::StartJump),
            KeyCode::Char('/') => Some(Action::StartSearch),
            KeyCode::Char('i') | KeyCode::Enter => Some(Action::FocusInput),
            KeyCode::Char('r') => Some(Action::RunCase),
            KeyCode::Char('t') => Some(Action::ToggleReasoning),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Tab => Some(Action::FocusNext),
            KeyCode::BackTab => Some(Action::FocusPrev),
            KeyCode::Char('d') if ctrl => Some(Action::ScrollDown(10)),
            KeyCode::Char('u') if ctrl => Some(Action::ScrollUp(10)),
            KeyCode::Char('j') | KeyCode::Down => Some(Action::ScrollDown(1)),
            KeyCode::Char('k') | KeyCode::Up => Some(Action::ScrollUp(1)),
            KeyCode::PageDown => Some(Action::ScrollDown(10)),
            KeyCode::PageUp => Some(Action::ScrollUp(10)),
            KeyCode::Home => Some(Action::ScrollTop),
            KeyCode::End => Some(Action::ScrollBottom),
            KeyCode::Char('a') => Some(Action::Accept),
            KeyCode::Char('x') => Some(Action::MarkWrong),
            KeyCode::Char('l') => Some(Action::StartLabel),
            KeyCode::Char('o') => Some(Action::StartNote),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn with(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn ctrl_c_quits_in_every_mode() {
        for mode in [Mode::Normal, Mode::Input, Mode::Prompt, Mode::Help] {
            assert_eq!(
                action_for(mode, with(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Some(Action::Quit),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn normal_mode_keys() {
        let cases = [
            (KeyCode::Char('q'), Action::Quit),
            (KeyCode::Char('?'), Action::ToggleHelp),
            (KeyCode::Char('n'), Action::NextCase),
            (KeyCode::Char(']'), Action::NextCase),
            (KeyCode::Char('p'), Action::PrevCase),
            (KeyCode::Char('g'), Action::StartJump),
            (KeyCode::Char('/'), Action::StartSearch),
            (KeyCode::Char('i'), Action::FocusInput),
            (KeyCode::Enter, Action::FocusInput),
            (KeyCode::Char('r'), Action::RunCase),
            (KeyCode::Esc, Action::Cancel),
            (KeyCode::Tab, Action::FocusNext),
            (KeyCode::BackTab, Action::FocusPrev),
            (KeyCode::Char('j'), Action::ScrollDown(1)),
            (KeyCode::Up, Action::ScrollUp(1)),
            (KeyCode::PageDown, Action::ScrollDown(10)),
            (KeyCode::Home, Action::ScrollTop),
            (KeyCode::End, Action::ScrollBottom),
            (KeyCode::Char('a'), Action::Accept),
            (KeyCode::Char('x'), Action::MarkWrong),
            (KeyCode::Char('l'), Action::StartLabel),
            (KeyCode::Char('o'), Action::StartNote),
        ];
        for (code, action) in cases {
            assert_eq!(
                action_for(Mode::Normal, key(code)),
                Some(action),
                "{code:?}"
            );
        }
        assert_eq!(action_for(Mode::Normal, key(KeyCode::Char('z'))), None);
    }

    #[test]
    fn input_mode_types_text_and_sends() {
        assert_eq!(
            action_for(Mode::Input, key(KeyCode::Char('q'))),
            Some(Action::InputChar('q'))
        );
        assert_eq!(
            action_for(Mode::Input, key(KeyCode::Enter)),
            Some(Action::Send)
        );
        assert_eq!(
            action_for(Mode::Input, with(KeyCode::Enter, KeyModifiers::ALT)),
            Some(Action::InputNewline)
        );
        assert_eq!(
            action_for(Mode::Input, with(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            Some(Action::InputNewline)
        );
        assert_eq!(
            action_for(Mode::Input, key(KeyCode::Esc)),
            Some(Action::LeaveInput)
        );
        assert_eq!(
            action_for(Mode::Input, key(KeyCode::Backspace)),
            Some(Action::InputBackspace)
        );
    }

    #[test]
    fn prompt_and_help_modes() {
        assert_eq!(
            action_for(Mode::Prompt, key(KeyCode::Char('n'))),
            Some(Action::PromptChar('n'))
        );
        assert_eq!(
            action_for(Mode::Prompt, key(KeyCode::Enter)),
            Some(Action::PromptSubmit)
        );
        assert_eq!(
            action_for(Mode::Prompt, key(KeyCode::Esc)),
            Some(Action::PromptCancel)
        );
        assert_eq!(
            action_for(Mode::Help, key(KeyCode::Esc)),
            Some(Action::ToggleHelp)
        );
        assert_eq!(action_for(Mode::Help, key(KeyCode::Char('n'))), None);
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut release = key(KeyCode::Char('q'));
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(Mode::Normal, release), None);
    }
}
