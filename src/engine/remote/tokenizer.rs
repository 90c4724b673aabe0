//! Token counts for a served model, estimated: the server's tokenizer is not here. Modes use
//! counts to fit a conversation or a long timeline into the context; the estimate errs high (a
//! token per 3 characters, where English averages about 4, plus a few per message for the chat
//! format), so what is fitted here fits there. The server's own `usage` is what results report.

use crate::engine::{ChatMessage, EngineError, Tokenize};

/// Tokens the chat format adds per message (role markers), as most templates do.
const PER_MESSAGE: usize = 4;

#[derive(Debug)]
pub struct EstimatedTokenizer;

/// Pseudo token ids for a text: one per 3 characters, the same for the same text (so prompts
/// that share a beginning share their first ids, as real tokens would).
fn ids(text: &str, out: &mut Vec<i32>) {
    let chars: Vec<char> = text.chars().collect();
    for chunk in chars.chunks(3) {
        let mut h: u32 = 2_166_136_261;
        for c in chunk {
            h = (h ^ u32::from(*c)).wrapping_mul(16_777_619);
        }
        out.push(i32::from_ne_bytes(h.to_ne_bytes()) & i32::MAX);
    }
}

impl Tokenize for EstimatedTokenizer {
    /// The conversation as plain text (a served model applies its own template).
    fn render(&self, messages: &[ChatMessage]) -> Result<String, EngineError> {
        Ok(messages
            .iter()
            .map(|m| format!("{}: {}\n", m.role, m.content))
            .collect())
    }

    fn token_ids(&self, messages: &[ChatMessage]) -> Result<Vec<i32>, EngineError> {
        let mut out = Vec::new();
        for message in messages {
            ids(&message.role, &mut out);
            out.extend(std::iter::repeat_n(-1, PER_MESSAGE));
            ids(&message.content, &mut out);
        }
        Ok(out)
    }

    fn count_text(&self, text: &str) -> u32 {
        u32::try_from(text.chars().count().div_ceil(3)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_err_high_and_shared_beginnings_share_ids() {
        let t = EstimatedTokenizer;
        assert_eq!(t.count_text("fever and cough"), 5);
        let a = t
            .token_ids(&[ChatMessage::new("user", "fever and cough")])
            .expect("ids");
        let b = t
            .token_ids(&[ChatMessage::new("user", "fever and rash")])
            .expect("ids");
        assert_eq!(a.len(), 2 + PER_MESSAGE + 5, "\"user\" is 2 ids");
        assert_eq!(a[..2 + PER_MESSAGE + 3], b[..2 + PER_MESSAGE + 3]);
        assert_ne!(a, b);
    }
}
