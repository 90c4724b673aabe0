//! What `ddx batch` reads: ddx cases or OpenAI Batch API request lines (`--input-format`, or
//! detected from the file's first non-blank line), and for a request file the settings of each
//! line and the `response_format` schemas, compiled before the run (the engine cannot compile a
//! grammar while it generates). A schema ddx refuses or cannot compile is an error record for
//! each line that asks for it, naming why (fail closed).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use serde_json::{json, Value};

use super::structured::Constraint;
use crate::cases::batch_api::{self, Overrides};
use crate::cases::{decode_object, CaseError, LineParser, LineReader, Parsed, RawLine};
use crate::engine::{Backend, GenRequest};
use crate::session::jsonl;

/// What the input lines are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// Requests when the first non-blank line is one, else ddx cases.
    #[default]
    Auto,
    Ddx,
    OpenAiBatch,
}

/// The opened input and what it holds.
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    /// The lines are Batch API requests.
    pub batch_api: bool,
    /// Standard input, read whole, when it holds requests (their schemas are read first).
    pub memory: Option<Arc<Vec<u8>>>,
}

/// Whether a line is a Batch API request (it has `custom_id`, `method`, `url` and `body`).
fn is_request_line(raw: &RawLine, max_line_bytes: usize) -> bool {
    matches!(decode_object(raw, max_line_bytes), Ok(Some(obj)) if batch_api::is_request(&obj))
}

/// Open the input (a file, or stdin) and decide its format.
pub fn open(
    path: Option<&Path>,
    format: InputFormat,
    max_line_bytes: usize,
) -> anyhow::Result<Opened> {
    if !jsonl::is_stream(path) {
        let reader = jsonl::open_input(path)?;
        let batch_api = match format {
            InputFormat::Ddx => false,
            InputFormat::OpenAiBatch => true,
            InputFormat::Auto => {
                let file = jsonl::open_input(path)?;
                first_line(LineReader::new(file, max_line_bytes))?
                    .is_some_and(|raw| is_request_line(&raw, max_line_bytes))
            }
        };
        return Ok(Opened {
            reader,
            batch_api,
            memory: None,
        });
    }
    // Standard input or a pipe is opened once: keep what the detection read, then read the rest.
    let mut stdin = jsonl::open_input(path)?;
    if format == InputFormat::Ddx {
        return Ok(Opened {
            reader: stdin,
            batch_api: false,
            memory: None,
        });
    }
    let mut prefix = Vec::new();
    let mut first: Option<Vec<u8>> = None;
    while first.is_none() {
        let mut line = Vec::new();
        let n = stdin
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", name(path)))?;
        if n == 0 {
            break;
        }
        prefix.extend_from_slice(&line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            first = Some(line);
        }
    }
    let batch_api = format == InputFormat::OpenAiBatch
        || first.is_some_and(|line| {
            let text = line.strip_suffix(b"\n").unwrap_or(&line).to_vec();
            is_request_line(&RawLine::Text(text), max_line_bytes)
        });
    if !batch_api {
        return Ok(Opened {
            reader: Box::new(Cursor::new(prefix).chain(stdin)),
            batch_api: false,
            memory: None,
        });
    }
    stdin
        .read_to_end(&mut prefix)
        .with_context(|| format!("cannot read {}", name(path)))?;
    let memory = Arc::new(prefix);
    Ok(Opened {
        reader: Box::new(Cursor::new(SharedBytes(memory.clone()))),
        batch_api: true,
        memory: Some(memory),
    })
}

/// The input as messages name it.
fn name(path: Option<&Path>) -> String {
    match path {
        Some(path) if !jsonl::is_stdin(Some(path)) => format!("'{}'", path.display()),
        _ => "standard input".to_string(),
    }
}

/// Bytes shared with the schema scan.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn first_line(lines: LineReader<Box<dyn BufRead + Send>>) -> anyhow::Result<Option<RawLine>> {
    for line in lines {
        let (_, raw) = line.context("cannot read the input")?;
        match &raw {
            RawLine::Text(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => {}
            _ => return Ok(Some(raw)),
        }
    }
    Ok(None)
}

/// What a request file asks for overall: its distinct schemas and its largest `max_tokens`.
#[derive(Debug, Default)]
pub struct Scan {
    pub schemas: Vec<Value>,
    pub max_tokens: Option<u32>,
}

/// Read a request file once for its schemas and token limits (bad lines are skipped here:
/// they become error records later).
pub fn scan(reader: Box<dyn BufRead + Send>, max_line_bytes: usize) -> Scan {
    let mut out = Scan::default();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for line in LineReader::new(reader, max_line_bytes) {
        let Ok((_, raw)) = line else { break };
        let Ok(Some(obj)) = decode_object(&raw, max_line_bytes) else {
            continue;
        };
        let Some(body) = obj.get("body").and_then(Value::as_object) else {
            continue;
        };
        for key in ["max_completion_tokens", "max_tokens"] {
            if let Some(n) = body
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
            {
                out.max_tokens = Some(out.max_tokens.map_or(n, |m| m.max(n)));
            }
        }
        if let Some(Ok(Some(schema))) = body.get("response_format").map(batch_api::response_schema)
        {
            let key = serde_json::to_string(&schema).unwrap_or_default();
            if seen.insert(key, ()).is_none() {
                out.schemas.push(schema);
            }
        }
    }
    out
}

/// The schemas of a request file, compiled, by their JSON text.
#[derive(Debug, Default)]
pub struct Schemas(HashMap<String, Result<Arc<Constraint>, String>>);

impl Schemas {
    pub fn compile(engine: &dyn Backend, schemas: Vec<Value>) -> Self {
        let mut out = HashMap::new();
        for schema in schemas {
            let key = serde_json::to_string(&schema).unwrap_or_default();
            let compiled = crate::answers::schema::check(&schema)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    Constraint::compile(engine, schema, "response_format".into(), None)
                        .map(Arc::new)
                        .map_err(|e| format!("{e:#}"))
                });
            out.insert(key, compiled);
        }
        Self(out)
    }

    fn get(&self, schema: &Value) -> Result<Arc<Constraint>, String> {
        let key = serde_json::to_string(schema).unwrap_or_default();
        self.0
            .get(&key)
            .cloned()
            .unwrap_or_else(|| Err("the schema was not read before the run".into()))
    }
}

/// A request line's own settings.
#[derive(Debug)]
pub struct LineRequest {
    pub model: Option<String>,
    pub overrides: Overrides,
    pub constraint: Option<Arc<Constraint>>,
}

impl LineRequest {
    /// Put the line's settings into its request.
    pub fn apply(&self, request: &mut GenRequest) {
        let o = &self.overrides;
        if let Some(v) = o.max_tokens {
            request.max_tokens = v;
        }
        if let Some(v) = o.temperature {
            request.sampling.temperature = v;
        }
        if let Some(v) = o.top_p {
            request.sampling.top_p = v;
        }
        if let Some(v) = o.seed {
            request.sampling.seed = v;
        }
        if let Some(v) = &o.stop {
            request.stop = v.clone();
        }
        if let Some(c) = &self.constraint {
            request.grammar = Some(c.grammar.clone());
        }
    }

    /// The `request` block of the line's result: the model it named and the settings it gave.
    pub fn note(&self) -> Value {
        json!({"model": self.model, "settings": self.overrides.to_value()})
    }
}

/// Parse a request line into a case and its settings.
pub fn parse_request_line(
    parser: &mut LineParser,
    raw: &RawLine,
    max_line_bytes: usize,
    schemas: &Schemas,
) -> (Parsed, Option<LineRequest>) {
    let error = |id: Option<Value>, error: CaseError| {
        (
            Parsed::Error {
                id,
                meta: None,
                error,
            },
            None,
        )
    };
    let obj = match decode_object(raw, max_line_bytes) {
        Ok(Some(obj)) => obj,
        Ok(None) => return (Parsed::Blank, None),
        Err(e) => return error(None, e),
    };
    let id = match batch_api::custom_id(&obj) {
        Ok(id) => id,
        Err(e) => return error(None, e),
    };
    if !parser.claim(&id) {
        return error(
            Some(id),
            CaseError::new(
                "duplicate_id",
                Some("custom_id"),
                "this custom_id already appeared earlier in the input",
            ),
        );
    }
    let request = match batch_api::parse_request(&obj, &id) {
        Ok(request) => request,
        Err(e) => return error(Some(id), e),
    };
    let constraint = match &request.schema {
        None => None,
        Some(schema) => match schemas.get(schema) {
            Ok(c) => Some(c),
            Err(why) => {
                return error(
                    Some(id),
                    CaseError::new(
                        "unsupported_response_format",
                        Some("body.response_format"),
                        format!("ddx cannot enforce this response_format: {why}"),
                    ),
                )
            }
        },
    };
    (
        Parsed::Case(Box::new(request.case)),
        Some(LineRequest {
            model: request.model,
            overrides: request.overrides,
            constraint,
        }),
    )
}

/// Read a file or the in-memory stdin again (for the scan).
pub fn reopen(
    path: Option<&Path>,
    memory: Option<&Arc<Vec<u8>>>,
) -> anyhow::Result<Box<dyn BufRead + Send>> {
    Ok(match memory {
        Some(bytes) => Box::new(Cursor::new(SharedBytes(bytes.clone()))),
        None => match path {
            Some(path) => {
                Box::new(BufReader::new(File::open(path).with_context(|| {
                    format!("cannot open input file '{}'", path.display())
                })?))
            }
            None => jsonl::open_input(None)?,
        },
    })
}
