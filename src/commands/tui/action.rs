//! What the user asked for, independent of the key that asked: the keymap turns keys into
//! [`Action`]s, the app turns actions into state changes and [`Effect`]s.

/// A user intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Show a reasoning block in full, or fold it to its summary line.
    ToggleReasoning,
    NextCase,
    PrevCase,
    /// Ask for a case id to jump to.
    StartJump,
    /// Ask for text to search the cases for.
    StartSearch,
    /// Send the question in the input box (an empty one sends the case as the template asks).
    Send,
    /// Send the case as the template asks, without a question.
    RunCase,
    Cancel,
    FocusNext,
    FocusPrev,
    FocusInput,
    LeaveInput,
    ScrollUp(u16),
    ScrollDown(u16),
    ScrollTop,
    ScrollBottom,
    Accept,
    MarkWrong,
    StartLabel,
    StartNote,
    InputChar(char),
    InputPaste(String),
    InputNewline,
    InputBackspace,
    InputDelete,
    InputLeft,
    InputRight,
    InputHome,
    InputEnd,
    PromptChar(char),
    PromptBackspace,
    PromptSubmit,
    PromptCancel,
}

/// A review verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Wrong,
    Label(String),
    Note(String),
}

/// What the app needs done outside itself (engine, files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Ask the model; the text may be empty (the case as the template asks).
    Send(String),
    Cancel,
    Goto(usize),
    Annotate(Verdict),
}
