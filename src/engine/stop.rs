//! Stop strings: end generation when the text contains one of them.
//!
//! Streaming must never show text that later turns out to be part of a stop string, so the
//! matcher holds back the longest tail that could still grow into one.

/// Tracks generated text against a set of stop strings.
#[derive(Debug, Default)]
pub struct StopMatcher {
    stops: Vec<String>,
    text: String,
    emitted: usize,
}

/// What the matcher decided after new text arrived.
#[derive(Debug, PartialEq, Eq)]
pub struct StopStep {
    /// Text that is now safe to show.
    pub emit: String,
    /// True when a stop string was found; the text before it is final.
    pub stopped: bool,
}

impl StopMatcher {
    pub fn new(stops: &[String]) -> Self {
        Self {
            stops: stops.iter().filter(|s| !s.is_empty()).cloned().collect(),
            text: String::new(),
            emitted: 0,
        }
    }

    /// Add newly decoded text.
    pub fn push(&mut self, piece: &str) -> StopStep {
        self.text.push_str(piece);
        // Search only where a new match can start: just before what was already emitted.
        let longest = self.stops.iter().map(String::len).max().unwrap_or(0);
        let mut search_from = self.emitted.saturating_sub(longest);
        while !self.text.is_char_boundary(search_from) {
            search_from -= 1;
        }
        let found = self
            .stops
            .iter()
            .filter_map(|stop| {
                self.text[search_from..]
                    .find(stop.as_str())
                    .map(|i| i + search_from)
            })
            .min();
        if let Some(at) = found {
            let emit = self.text[self.emitted.min(at)..at].to_string();
            self.text.truncate(at);
            self.emitted = at;
            return StopStep {
                emit,
                stopped: true,
            };
        }
        let hold = self.held_back_len();
        let safe_end = self.text.len() - hold;
        let emit = self.text[self.emitted..safe_end].to_string();
        self.emitted = safe_end;
        StopStep {
            emit,
            stopped: false,
        }
    }

    /// The final text when generation ends without a stop string: releases what was held back.
    pub fn finish(&mut self) -> String {
        let rest = self.text[self.emitted..].to_string();
        self.emitted = self.text.len();
        rest
    }

    /// The whole text so far (without any stop string).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the longest suffix of the text that is a proper prefix of some stop string.
    fn held_back_len(&self) -> usize {
        let mut best = 0;
        for stop in &self.stops {
            for (len, _) in stop.char_indices().skip(1) {
                if len > best && self.text.ends_with(&stop[..len]) {
                    best = len;
                }
            }
        }
        best.min(self.text.len() - self.emitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(stops: &[&str], pieces: &[&str]) -> (String, bool, String) {
        let stops: Vec<String> = stops.iter().map(ToString::to_string).collect();
        let mut matcher = StopMatcher::new(&stops);
        let mut shown = String::new();
        for piece in pieces {
            let step = matcher.push(piece);
            shown.push_str(&step.emit);
            if step.stopped {
                return (shown, true, matcher.text().to_string());
            }
        }
        shown.push_str(&matcher.finish());
        (shown, false, matcher.text().to_string())
    }

    #[test]
    fn stops_inside_a_piece() {
        assert_eq!(
            run(&["END"], &["abc", "dEN", "Dxyz"]),
            ("abcd".into(), true, "abcd".into())
        );
    }

    #[test]
    fn holds_back_a_possible_prefix_then_releases_it() {
        let stops = vec!["###".to_string()];
        let mut matcher = StopMatcher::new(&stops);
        assert_eq!(matcher.push("a#").emit, "a");
        assert_eq!(matcher.push("#b").emit, "##b");
    }

    #[test]
    fn no_stops_streams_everything() {
        assert_eq!(run(&[], &["a", "b"]), ("ab".into(), false, "ab".into()));
    }

    #[test]
    fn unfinished_prefix_is_released_at_the_end() {
        assert_eq!(
            run(&["STOP"], &["x", "ST"]),
            ("xST".into(), false, "xST".into())
        );
    }

    #[test]
    fn multibyte_text_is_safe() {
        assert_eq!(
            run(&["é!"], &["café", "!", "z"]),
            ("caf".into(), true, "caf".into())
        );
    }
}
