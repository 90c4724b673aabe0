//! Incremental UTF-8 decoding of token pieces.
//!
//! A single token can carry an incomplete UTF-8 sequence (byte-fallback tokens, emoji split
//! over several tokens). Streaming must only ever emit complete characters, so the bytes of an
//! unfinished character wait here for the next token.

/// Buffers token bytes and yields only complete UTF-8 text.
#[derive(Debug, Default)]
pub struct Utf8Stream {
    pending: Vec<u8>,
}

impl Utf8Stream {
    /// Feed the bytes of one token; returns every complete character so far.
    pub fn push(&mut self, bytes: &[u8]) -> String {
        self.pending.extend_from_slice(bytes);
        let mut out = String::new();
        loop {
            match std::str::from_utf8(&self.pending) {
                Ok(text) => {
                    out.push_str(text);
                    self.pending.clear();
                    return out;
                }
                Err(error) => {
                    let valid = error.valid_up_to();
                    out.push_str(&String::from_utf8_lossy(&self.pending[..valid]));
                    match error.error_len() {
                        None => {
                            self.pending.drain(..valid);
                            return out;
                        }
                        Some(bad) => {
                            out.push('\u{FFFD}');
                            self.pending.drain(..valid + bad);
                        }
                    }
                }
            }
        }
    }

    /// Flush an incomplete tail (generation cut off mid-character) as replacement text.
    pub fn finish(&mut self) -> String {
        let tail = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_at_a_time_round_trips() {
        let text = "café 🙂 ok";
        let mut stream = Utf8Stream::default();
        let mut out = String::new();
        for byte in text.as_bytes() {
            out.push_str(&stream.push(&[*byte]));
        }
        out.push_str(&stream.finish());
        assert_eq!(out, text);
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let mut stream = Utf8Stream::default();
        assert_eq!(stream.push(b"a\xffb"), "a\u{FFFD}b");
    }

    #[test]
    fn incomplete_tail_is_flushed_by_finish() {
        let mut stream = Utf8Stream::default();
        assert_eq!(stream.push(&[0xF0, 0x9F]), "");
        assert_eq!(stream.finish(), "\u{FFFD}");
    }
}
