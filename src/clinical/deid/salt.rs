//! The secret salt that keys date shifts and pseudonyms. Where it comes from (a file, the
//! environment, one generated in the data directory) is the session's business; here it is only
//! bytes that are never printed or logged: its `Debug` shows nothing of it.

/// Fewest bytes a salt may have.
pub const MIN_SALT_BYTES: usize = 16;

/// Salt bytes; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Salt(Vec<u8>);

impl std::fmt::Debug for Salt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Salt(<redacted>)")
    }
}

impl Salt {
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.0
    }
}
