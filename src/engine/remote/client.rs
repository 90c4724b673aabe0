//! One chat completion against the server, made robust.
//!
//! Every request streams (`stream: true`, server-sent events, usage in the last chunk), so an
//! answer can be shown token by token, time to first token is measured, and a cancel closes the
//! connection. A server that answers with plain JSON instead is read whole. HTTP 408, 409, 429
//! and 5xx, refused or reset connections and timeouts are retried with exponential backoff and
//! jitter, honouring `Retry-After`, up to the retry limit; a failure after text was already handed
//! to the caller is not retried (the caller saw it). Other statuses are final, with the server's
//! own message. The key goes into one header and nowhere else: not into URLs, errors or `Debug`.

use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use super::endpoint::Endpoint;
use super::limits::RateLimiter;
use super::reasoning::Sorter;
use crate::engine::{EngineError, FinishReason, Served, ThinkMarkers};

/// An API key; never shown.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: String) -> Self {
        Self(key)
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// How failures are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

/// What the caller is told as an answer arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delta<'a> {
    /// A piece of the answer.
    Text(&'a str),
    /// A piece of the reasoning before the answer.
    Reasoning(&'a str),
    /// The answer starts over (a retry after text was already passed on).
    Restart,
}

/// Token counts the server reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// Prompt tokens the server had cached (`prompt_tokens_details.cached_tokens`).
    pub cached_tokens: u32,
    /// Of `completion_tokens`, those of the reasoning, when the server says
    /// (`completion_tokens_details.reasoning_tokens`).
    pub reasoning_tokens: Option<u32>,
}

/// A finished chat completion.
#[derive(Debug, Clone)]
pub struct Completion {
    /// The answer (after any reasoning).
    pub text: String,
    /// The reasoning and the pieces it came in, for an answer that had any.
    pub reasoning: Option<(String, u32)>,
    pub finish_reason: FinishReason,
    pub usage: Option<Usage>,
    /// Text pieces received (the completion tokens when the server reports no usage).
    pub pieces: u32,
    pub served: Served,
    pub first_text: Option<Instant>,
    /// Time spent in ddx on this exchange (encoding the request, handling each event), waits
    /// for the server excluded.
    pub client_time: Duration,
}

/// Why one attempt failed.
enum Failure {
    /// Worth another attempt, after the server's `Retry-After` when it gave one.
    Retry {
        error: EngineError,
        after: Option<Duration>,
    },
    Final(EngineError),
}

/// The HTTP side of a served model.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    pub endpoint: Endpoint,
    key: Option<ApiKey>,
    policy: RetryPolicy,
    limiter: RateLimiter,
    /// The inline reasoning block split off the content (`None`: the content is all answer).
    think: Option<ThinkMarkers>,
}

impl Client {
    pub fn new(
        endpoint: Endpoint,
        key: Option<ApiKey>,
        policy: RetryPolicy,
        timeout: Duration,
        limiter: RateLimiter,
        think: Option<ThinkMarkers>,
    ) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(30))))
            .user_agent(concat!("ddx/", env!("CARGO_PKG_VERSION")))
            .max_idle_connections_per_host(64)
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                    .build(),
            )
            .build()
            .into();
        Self {
            agent,
            endpoint,
            key,
            policy,
            limiter,
            think,
        }
    }

    fn unreachable(&self, reason: impl std::fmt::Display) -> EngineError {
        EngineError::Unreachable {
            endpoint: self.endpoint.public(),
            reason: reason.to_string(),
        }
    }

    /// GET a JSON document from the server (its model list).
    pub fn get_json(&self, url: &str) -> Result<Value, EngineError> {
        let mut request = self.agent.get(url).header("Accept", "application/json");
        if let Some(key) = &self.key {
            let (name, value) = self.endpoint.auth_header(&key.0);
            request = request.header(name, value);
        }
        let mut response = request.call().map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(16 << 20)
            .read_to_string()
            .map_err(|e| self.unreachable(e))?;
        if status >= 400 {
            return Err(EngineError::Remote {
                status: Some(status),
                message: server_message(&text),
            });
        }
        serde_json::from_str(&text).map_err(|e| EngineError::Remote {
            status: Some(status),
            message: format!("the answer is not JSON ({e})"),
        })
    }

    /// Post one chat completion; `on_delta` gets each piece of text as it arrives and returns
    /// false to stop early. Retries as the module docs say, while `cancel` is not set; with
    /// `restartable`, also after text was passed on (the caller is told to start over).
    pub fn chat(
        &self,
        body: &Value,
        cancel: &AtomicBool,
        restartable: bool,
        on_delta: &mut dyn FnMut(Delta<'_>) -> bool,
    ) -> Result<Completion, EngineError> {
        let encoding = Instant::now();
        let text = body.to_string();
        let encoded_in = encoding.elapsed();
        let mut attempt = 0;
        loop {
            self.limiter.before_request(cancel);
            if cancel.load(Ordering::SeqCst) {
                return Ok(cancelled());
            }
            let mut delivered = false;
            let outcome = self.once(&text, cancel, &mut |delta| {
                delivered = true;
                on_delta(delta)
            });
            match outcome {
                Ok(mut completion) => {
                    completion.client_time += encoded_in;
                    let usage = completion.usage.unwrap_or_default();
                    self.limiter
                        .record(u64::from(usage.prompt_tokens + usage.completion_tokens));
                    return Ok(completion);
                }
                Err(Failure::Retry { after, .. })
                    if attempt < self.policy.max_retries && (restartable || !delivered) =>
                {
                    if delivered && !on_delta(Delta::Restart) {
                        return Ok(cancelled());
                    }
                    let wait = after.unwrap_or_else(|| backoff(&self.policy, attempt));
                    attempt += 1;
                    if !sleep_unless_cancelled(wait, cancel) {
                        return Ok(cancelled());
                    }
                }
                Err(Failure::Retry { error, .. }) => {
                    return Err(match error {
                        EngineError::Unreachable { endpoint, reason } => EngineError::Unreachable {
                            endpoint,
                            reason: format!("{reason} (after {} attempts)", attempt + 1),
                        },
                        EngineError::Remote { status, message } => EngineError::Remote {
                            status,
                            message: format!("{message} (after {} attempts)", attempt + 1),
                        },
                        other => other,
                    })
                }
                Err(Failure::Final(error)) => return Err(error),
            }
        }
    }

    fn once(
        &self,
        body: &str,
        cancel: &AtomicBool,
        on_delta: &mut dyn FnMut(Delta<'_>) -> bool,
    ) -> Result<Completion, Failure> {
        let started = Instant::now();
        let mut request = self
            .agent
            .post(&self.endpoint.chat_url())
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream, application/json");
        if let Some(key) = &self.key {
            let (name, value) = self.endpoint.auth_header(&key.0);
            request = request.header(name, value);
        }
        let mut response = request.send(body).map_err(|e| self.transport(e))?;
        let status = response.status().as_u16();
        let request_id = ["x-request-id", "apim-request-id", "x-ms-request-id"]
            .iter()
            .find_map(|h| response.headers().get(*h))
            .and_then(|v| v.to_str().ok())
            .map(ToString::to_string);
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let streaming = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        let reader = response.body_mut().as_reader();
        if status >= 400 {
            let mut text = String::new();
            let _ = reader.take(64 << 10).read_to_string(&mut text);
            let error = context_overflow(&text).unwrap_or_else(|| EngineError::Remote {
                status: Some(status),
                message: server_message(&text),
            });
            return Err(if matches!(status, 408 | 409 | 429) || status >= 500 {
                Failure::Retry {
                    error,
                    after: retry_after,
                }
            } else {
                Failure::Final(error)
            });
        }
        let mut completion = if streaming {
            self.read_stream(BufReader::new(reader), cancel, on_delta)?
        } else {
            let mut text = String::new();
            BufReader::new(reader)
                .take(64 << 20)
                .read_to_string(&mut text)
                .map_err(|e| self.transport_io(&e))?;
            let mut completion = completion_from_json(&text, self.think.clone(), on_delta)
                .map_err(|e| {
                    Failure::Final(EngineError::Remote {
                        status: Some(status),
                        message: format!("the answer is not a chat completion ({e})"),
                    })
                })?;
            if !completion.text.is_empty() {
                completion.first_text = Some(Instant::now());
                completion.pieces = 1;
            }
            completion
        };
        if completion.served.request_id.is_none() {
            completion.served.request_id = request_id;
        }
        if completion.first_text.is_none() && !completion.text.is_empty() {
            completion.first_text = Some(started);
        }
        Ok(completion)
    }

    /// Read server-sent events until `[DONE]` or the end of the stream.
    /// (Over 80 lines: the event parser's states — data lines, reasoning, content, usage,
    /// errors — read one stream in order.)
    fn read_stream(
        &self,
        mut reader: impl BufRead,
        cancel: &AtomicBool,
        on_delta: &mut dyn FnMut(Delta<'_>) -> bool,
    ) -> Result<Completion, Failure> {
        let mut sorter = Sorter::new(self.think.clone());
        let mut completion = Completion {
            text: String::new(),
            reasoning: None,
            finish_reason: FinishReason::Stop,
            usage: None,
            pieces: 0,
            served: Served::default(),
            first_text: None,
            client_time: Duration::ZERO,
        };
        let mut finished = false;
        let mut line = String::new();
        // Time from one read's return to the next read: ddx's own handling of each event.
        let mut handling: Option<Instant> = None;
        loop {
            if let Some(since) = handling.take() {
                completion.client_time += since.elapsed();
            }
            if cancel.load(Ordering::SeqCst) {
                completion.finish_reason = FinishReason::Cancelled;
                return Ok(sorted(completion, sorter));
            }
            line.clear();
            let read = reader
                .read_line(&mut line)
                .map_err(|e| self.transport_io(&e))?;
            if read == 0 {
                break;
            }
            handling = Some(Instant::now());
            let Some(data) = line.trim_end().strip_prefix("data:") else {
                continue;
            };
            let data = data.trim_start();
            if data == "[DONE]" {
                finished = true;
                break;
            }
            let Ok(chunk) = serde_json::from_str::<wire::Chunk<'_>>(data) else {
                continue;
            };
            if let Some(error) = &chunk.error {
                return Err(Failure::Final(EngineError::Remote {
                    status: None,
                    message: server_message(&error.to_string()),
                }));
            }
            chunk.merge_into(&mut completion.served);
            if let Some(usage) = chunk.usage() {
                completion.usage = Some(usage);
            }
            let Some(choice) = chunk.choices.first() else {
                continue;
            };
            if let Some(delta) = choice.delta.as_ref() {
                let mut go = true;
                if let Some(piece) = delta.reasoning().filter(|p| !p.is_empty()) {
                    completion.first_text.get_or_insert_with(Instant::now);
                    completion.pieces += 1;
                    go = sorter.reasoning_field(piece, on_delta);
                }
                if let Some(piece) = delta.content.as_deref().filter(|p| !p.is_empty()) {
                    completion.first_text.get_or_insert_with(Instant::now);
                    completion.pieces += 1;
                    go = go && sorter.content(piece, on_delta);
                }
                if !go {
                    completion.finish_reason = FinishReason::Cancelled;
                    return Ok(sorted(completion, sorter));
                }
            }
            if let Some(reason) = &choice.finish_reason {
                finished = true;
                completion.finish_reason = finish_reason(reason);
            }
        }
        sorter.finish(on_delta);
        if !finished {
            // The connection ended before the answer did.
            return Err(Failure::Retry {
                error: self.unreachable("the connection closed in the middle of the answer"),
                after: None,
            });
        }
        Ok(sorted(completion, sorter))
    }

    fn transport(&self, error: ureq::Error) -> Failure {
        match error {
            ureq::Error::BadUri(_)
            | ureq::Error::RequireHttpsOnly(_)
            | ureq::Error::InvalidProxyUrl
            | ureq::Error::Http(_) => Failure::Final(self.unreachable(error)),
            ureq::Error::Io(e) => self.transport_io(&e),
            other => Failure::Retry {
                error: self.unreachable(other),
                after: None,
            },
        }
    }

    fn transport_io(&self, error: &std::io::Error) -> Failure {
        Failure::Retry {
            error: self.unreachable(error),
            after: None,
        }
    }
}

/// The completion with the answer and reasoning the sorter made of its pieces.
fn sorted(mut completion: Completion, sorter: Sorter) -> Completion {
    completion.reasoning = sorter.reasoning();
    completion.text = sorter.text;
    completion
}

fn cancelled() -> Completion {
    Completion {
        text: String::new(),
        reasoning: None,
        finish_reason: FinishReason::Cancelled,
        usage: None,
        pieces: 0,
        served: Served::default(),
        first_text: None,
        client_time: Duration::ZERO,
    }
}

fn finish_reason(reason: &str) -> FinishReason {
    match reason {
        "length" => FinishReason::Length,
        _ => FinishReason::Stop,
    }
}

/// A whole (non-streamed) chat completion, its parts passed to `on_delta` as one piece each.
fn completion_from_json(
    text: &str,
    think: Option<ThinkMarkers>,
    on_delta: &mut dyn FnMut(Delta<'_>) -> bool,
) -> Result<Completion, serde_json::Error> {
    let chunk: wire::Chunk<'_> = serde_json::from_str(text)?;
    let mut served = Served::default();
    chunk.merge_into(&mut served);
    let choice = chunk.choices.first();
    let message = choice.and_then(|c| c.message.as_ref());
    let mut sorter = Sorter::new(think);
    if let Some(piece) = message.and_then(wire::Message::reasoning) {
        sorter.reasoning_field(piece, on_delta);
    }
    if let Some(piece) = message.and_then(|m| m.content.as_deref()) {
        sorter.content(piece, on_delta);
    }
    sorter.finish(on_delta);
    let completion = Completion {
        text: String::new(),
        reasoning: None,
        finish_reason: finish_reason(
            choice
                .and_then(|c| c.finish_reason.as_deref())
                .unwrap_or("stop"),
        ),
        usage: chunk.usage(),
        pieces: 0,
        served,
        first_text: None,
        client_time: Duration::ZERO,
    };
    Ok(sorted(completion, sorter))
}

/// The server's JSON, read into typed shapes that borrow from the text (one answer has an event
/// per token, so parsing them is most of ddx's own time on a request).
mod wire {
    use std::borrow::Cow;

    use serde::Deserialize;
    use serde_json::Value;

    use super::Usage;
    use crate::engine::Served;

    /// A chat completion, or one streamed chunk of it.
    #[derive(Debug, Deserialize)]
    pub struct Chunk<'a> {
        #[serde(default, borrow)]
        pub choices: Vec<Choice<'a>>,
        #[serde(default)]
        usage: Option<UsageJson>,
        #[serde(default, borrow)]
        model: Option<Cow<'a, str>>,
        #[serde(default, borrow)]
        id: Option<Cow<'a, str>>,
        #[serde(default, borrow)]
        system_fingerprint: Option<Cow<'a, str>>,
        #[serde(default)]
        timings: Option<TimingsJson>,
        #[serde(default)]
        pub error: Option<Value>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Choice<'a> {
        #[serde(default, borrow)]
        pub delta: Option<Message<'a>>,
        #[serde(default, borrow)]
        pub message: Option<Message<'a>>,
        #[serde(default, borrow)]
        pub finish_reason: Option<Cow<'a, str>>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Message<'a> {
        #[serde(default, borrow)]
        pub content: Option<Cow<'a, str>>,
        /// llama-server, DeepSeek, vLLM.
        #[serde(default, borrow)]
        reasoning_content: Option<Cow<'a, str>>,
        /// Newer vLLM.
        #[serde(default, borrow)]
        reasoning: Option<Cow<'a, str>>,
    }

    impl Message<'_> {
        /// The reasoning this message or delta carries, in either field.
        pub fn reasoning(&self) -> Option<&str> {
            self.reasoning_content
                .as_deref()
                .or(self.reasoning.as_deref())
        }
    }

    #[derive(Debug, Deserialize)]
    struct UsageJson {
        prompt_tokens: u64,
        #[serde(default)]
        completion_tokens: u64,
        #[serde(default)]
        prompt_tokens_details: Option<DetailsJson>,
        #[serde(default)]
        completion_tokens_details: Option<CompletionDetailsJson>,
    }

    #[derive(Debug, Deserialize)]
    struct DetailsJson {
        #[serde(default)]
        cached_tokens: u64,
    }

    #[derive(Debug, Deserialize)]
    struct CompletionDetailsJson {
        #[serde(default)]
        reasoning_tokens: Option<u64>,
    }

    /// llama-server's own account of its time.
    #[derive(Debug, Deserialize)]
    struct TimingsJson {
        prompt_ms: f64,
        predicted_ms: f64,
    }

    fn count(n: u64) -> u32 {
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    impl Chunk<'_> {
        pub fn usage(&self) -> Option<Usage> {
            self.usage.as_ref().map(|u| Usage {
                prompt_tokens: count(u.prompt_tokens),
                completion_tokens: count(u.completion_tokens),
                cached_tokens: u
                    .prompt_tokens_details
                    .as_ref()
                    .map_or(0, |d| count(d.cached_tokens)),
                reasoning_tokens: u
                    .completion_tokens_details
                    .as_ref()
                    .and_then(|d| d.reasoning_tokens)
                    .map(count),
            })
        }

        /// What the chunk says about the server and the answer, where not known yet.
        pub fn merge_into(&self, served: &mut Served) {
            let text =
                |v: &Option<Cow<'_, str>>| v.as_deref().filter(|s| !s.is_empty()).map(String::from);
            if served.model.is_none() {
                served.model = text(&self.model);
            }
            if served.system_fingerprint.is_none() {
                served.system_fingerprint = text(&self.system_fingerprint);
            }
            if served.response_id.is_none() {
                served.response_id = text(&self.id);
            }
            if let Some(t) = &self.timings {
                served.server_ms = Some(t.prompt_ms + t.predicted_ms);
            }
        }
    }
}

/// A prompt over the server's context, as llama-server reports it (`exceed_context_size_error`
/// with the counts): the same typed error the local engine gives.
fn context_overflow(body: &str) -> Option<EngineError> {
    let value: Value = serde_json::from_str(body).ok()?;
    let error = &value["error"];
    if error["type"] != "exceed_context_size_error" {
        return None;
    }
    let n = |key: &str| {
        error[key]
            .as_u64()
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    };
    Some(EngineError::ContextOverflow {
        needed: n("n_prompt_tokens")?,
        available: n("n_ctx")?,
    })
}

/// The server's own words for an error: `error.message` of a JSON body, else the text (cut).
pub fn server_message(body: &str) -> String {
    let parsed = serde_json::from_str::<Value>(body).ok();
    let message = parsed.as_ref().and_then(|v| {
        v["error"]["message"]
            .as_str()
            .or_else(|| v["error"].as_str())
            .or_else(|| v["message"].as_str())
            .or_else(|| v["detail"].as_str())
            .map(ToString::to_string)
    });
    let text = message.unwrap_or_else(|| body.trim().to_string());
    let mut cut: String = text.chars().take(500).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    if cut.is_empty() {
        "no message".to_string()
    } else {
        cut
    }
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(3600.0)));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or_default()
            .min(Duration::from_secs(3600)),
    )
}

/// Exponential backoff with full jitter: a random wait up to `base * 2^attempt` (capped).
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let ceiling = policy
        .base_delay
        .saturating_mul(1u32 << attempt.min(16))
        .min(policy.max_delay);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let fraction = 0.5 + f64::from(nanos % 1000) / 2000.0;
    ceiling.mul_f64(fraction)
}

/// Sleep for `wait`, waking early (and returning false) when `cancel` is set.
fn sleep_unless_cancelled(wait: Duration, cancel: &AtomicBool) -> bool {
    let until = Instant::now() + wait;
    while Instant::now() < until {
        if cancel.load(Ordering::SeqCst) {
            return false;
        }
        std::thread::sleep((until - Instant::now()).min(Duration::from_millis(50)));
    }
    !cancel.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 0..10 {
            let wait = backoff(&policy, attempt);
            let ceiling = policy
                .base_delay
                .saturating_mul(1 << attempt)
                .min(policy.max_delay);
            assert!(
                wait <= ceiling && wait >= ceiling / 2,
                "{attempt}: {wait:?}"
            );
        }
    }

    #[test]
    fn server_messages_are_read_from_json_or_cut() {
        assert_eq!(
            server_message(r#"{"error": {"message": "model not found", "code": 404}}"#),
            "model not found"
        );
        assert_eq!(server_message(r#"{"detail": "bad"}"#), "bad");
        assert_eq!(server_message(""), "no message");
        assert!(server_message(&"x".repeat(900)).ends_with('…'));
    }

    #[test]
    fn keys_never_show_in_debug() {
        assert_eq!(
            format!("{:?}", ApiKey::new("sk-secret".into())),
            "ApiKey(<redacted>)"
        );
    }
}
