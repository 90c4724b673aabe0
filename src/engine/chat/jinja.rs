//! The Jinja environment chat templates run in: what Hugging Face's `apply_chat_template`
//! (Python Jinja2 with `trim_blocks` and `lstrip_blocks`) gives them, on minijinja: loop
//! controls, `tojson`, `namespace`, Python string and dict methods (`.strip()`, `.split()`,
//! `.startswith()`, `.items()`, ... through minijinja-contrib's pycompat), `raise_exception` and
//! `strftime_now`.

use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};

/// The name a template is registered under inside its environment.
pub const TEMPLATE_NAME: &str = "chat_template";

/// An environment holding `source` as [`TEMPLATE_NAME`].
pub fn environment(source: String) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // Jinja2's default: a missing attribute is undefined (falsy), as templates expect for
    // optional keys such as `tools` or `message.tool_calls`.
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    env.add_function("raise_exception", raise_exception);
    env.add_function("strftime_now", strftime_now);
    env.add_template_owned(TEMPLATE_NAME, source)?;
    Ok(env)
}

/// `raise_exception(message)`: the template refuses the conversation.
fn raise_exception(message: String) -> Result<String, Error> {
    Err(Error::new(
        ErrorKind::InvalidOperation,
        format!("the template raised: {message}"),
    ))
}

/// `strftime_now(format)`: the local time, as Python's `datetime.now().strftime(format)`.
fn strftime_now(format: String) -> Result<String, Error> {
    use std::fmt::Write as _;
    let mut out = String::new();
    // chrono reports an unknown specifier as a formatting error (`to_string` would panic).
    write!(out, "{}", chrono::Local::now().format(&format)).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("strftime_now: '{format}' is not a valid time format"),
        )
    })?;
    Ok(out)
}
