//! Client-side rate limits for metered endpoints: at most `--max-rpm` requests and `--max-tpm`
//! tokens (prompt plus completion, as the server's `usage` reports them) in any 60 seconds. One
//! limiter is shared by every request of a run; a request waits for room before it is sent.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct Window {
    /// When each request of the last minute was sent.
    requests: VecDeque<Instant>,
    /// When each response of the last minute arrived, and its tokens.
    tokens: VecDeque<(Instant, u64)>,
}

impl Window {
    fn forget_before(&mut self, cutoff: Instant) {
        while self.requests.front().is_some_and(|t| *t < cutoff) {
            self.requests.pop_front();
        }
        while self.tokens.front().is_some_and(|(t, _)| *t < cutoff) {
            self.tokens.pop_front();
        }
    }
}

/// Limits shared by the requests of a run; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct RateLimiter {
    max_rpm: Option<u32>,
    max_tpm: Option<u64>,
    window: Arc<Mutex<Window>>,
}

impl RateLimiter {
    pub fn new(max_rpm: Option<u32>, max_tpm: Option<u64>) -> Self {
        Self {
            max_rpm,
            max_tpm,
            window: Arc::default(),
        }
    }

    /// How long a request must wait now, or `None` when it may go (and is then counted).
    fn admit(&self, now: Instant) -> Option<Duration> {
        let Ok(mut window) = self.window.lock() else {
            return None;
        };
        window.forget_before(now.checked_sub(WINDOW).unwrap_or(now));
        let mut wait = Duration::ZERO;
        if let Some(max) = self.max_rpm {
            if window.requests.len() >= max as usize {
                if let Some(oldest) = window.requests.front() {
                    wait = wait.max((*oldest + WINDOW).saturating_duration_since(now));
                }
            }
        }
        if let Some(max) = self.max_tpm {
            let used: u64 = window.tokens.iter().map(|(_, n)| n).sum();
            if used >= max {
                // Room comes back as the oldest responses leave the window.
                let mut freed = 0;
                for (at, n) in &window.tokens {
                    freed += n;
                    if used - freed < max {
                        wait = wait.max((*at + WINDOW).saturating_duration_since(now));
                        break;
                    }
                }
            }
        }
        if wait.is_zero() {
            window.requests.push_back(now);
            None
        } else {
            Some(wait)
        }
    }

    /// Wait until a request fits the limits (or `cancel` is set); then it counts as sent.
    pub fn before_request(&self, cancel: &AtomicBool) {
        if self.max_rpm.is_none() && self.max_tpm.is_none() {
            return;
        }
        while let Some(wait) = self.admit(Instant::now()) {
            if cancel.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(wait.clamp(Duration::from_millis(10), Duration::from_millis(250)));
        }
    }

    /// Count the tokens of a response.
    pub fn record(&self, tokens: u64) {
        if self.max_tpm.is_none() || tokens == 0 {
            return;
        }
        if let Ok(mut window) = self.window.lock() {
            window.tokens.push_back((Instant::now(), tokens));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_per_minute_wait_for_the_oldest_to_leave() {
        let limiter = RateLimiter::new(Some(2), None);
        let t0 = Instant::now();
        assert_eq!(limiter.admit(t0), None);
        assert_eq!(limiter.admit(t0 + Duration::from_secs(1)), None);
        let wait = limiter.admit(t0 + Duration::from_secs(2)).expect("full");
        assert_eq!(wait, Duration::from_secs(58));
        assert_eq!(limiter.admit(t0 + Duration::from_secs(61)), None);
    }

    #[test]
    fn tokens_per_minute_count_what_responses_used() {
        let limiter = RateLimiter::new(None, Some(100));
        let t0 = Instant::now();
        assert_eq!(limiter.admit(t0), None);
        limiter.record(120);
        let wait = limiter.admit(Instant::now()).expect("over the token limit");
        assert!(wait > Duration::from_secs(55), "{wait:?}");
        let unlimited = RateLimiter::default();
        unlimited.record(1_000_000);
        assert_eq!(unlimited.admit(Instant::now()), None);
    }
}
