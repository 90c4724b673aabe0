//! Where a served model lives, and how each family of servers wants to be addressed: an
//! OpenAI-compatible base URL (llama-server, vLLM, api.openai.com), an Azure OpenAI deployment, or
//! Azure AI Foundry's model inference endpoint. Parsing is strict and errors say what was expected;
//! nothing here ever holds a key.

use std::net::IpAddr;

use crate::engine::EngineError;

/// The kind of server behind an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Family {
    /// `{base}/chat/completions` with `Authorization: Bearer`.
    OpenAi,
    /// `https://<resource>.openai.azure.com/openai/deployments/<name>?api-version=...`, `api-key`.
    AzureOpenAi { api_version: String },
    /// `https://<resource>.services.ai.azure.com/models?api-version=...`, `api-key`.
    AzureFoundry { api_version: String },
}

impl Family {
    /// The environment variable the key is read from when settings name none.
    pub fn default_key_env(&self) -> &'static str {
        match self {
            Self::OpenAi => "OPENAI_API_KEY",
            Self::AzureOpenAi { .. } => "AZURE_OPENAI_API_KEY",
            Self::AzureFoundry { .. } => "AZURE_AI_API_KEY",
        }
    }

    /// Whether the server takes sampling parameters beyond the OpenAI API (`top_k`, `min_p`,
    /// `repeat_penalty`): llama-server and vLLM do, OpenAI and Azure reject them.
    pub fn takes_extended_sampling(&self, host: &str) -> bool {
        matches!(self, Self::OpenAi) && host != "api.openai.com"
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::OpenAi => "openai-compatible",
            Self::AzureOpenAi { .. } => "azure-openai",
            Self::AzureFoundry { .. } => "azure-ai-foundry",
        }
    }
}

/// A parsed endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub family: Family,
    scheme: String,
    /// Host and port as written (`127.0.0.1:8080`).
    authority: String,
    host: String,
    /// Path without a trailing slash (`/v1`, `/openai/deployments/gpt-4o`, `/models`).
    path: String,
}

fn invalid(url: &str, why: &str) -> EngineError {
    EngineError::Endpoint(format!("'{url}' {why}"))
}

impl Endpoint {
    /// Parse `--endpoint URL`.
    pub fn parse(url: &str) -> Result<Self, EngineError> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| invalid(url, "is not a URL: expected http://HOST[:PORT]/PATH"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(invalid(url, "must start with http:// or https://"));
        }
        let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = match before_query.find('/') {
            Some(i) => (&before_query[..i], &before_query[i..]),
            None => (before_query, ""),
        };
        if authority.is_empty() || authority.contains('@') {
            return Err(invalid(
                url,
                "needs a host, and no user or password in it (keys come from the environment)",
            ));
        }
        let host = host_of(authority).to_ascii_lowercase();
        let path = path.trim_end_matches('/').to_string();
        let api_version = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("api-version="))
            .map(ToString::to_string);
        let family = if host.ends_with(".openai.azure.com") || path.contains("/openai/deployments/")
        {
            if !path.contains("/openai/deployments/") {
                return Err(invalid(
                    url,
                    "is an Azure OpenAI host: give the deployment, \
                     https://<resource>.openai.azure.com/openai/deployments/<name>?api-version=...",
                ));
            }
            Family::AzureOpenAi {
                api_version: api_version.ok_or_else(|| {
                    invalid(url, "needs '?api-version=...' (Azure OpenAI requires it)")
                })?,
            }
        } else if host.ends_with(".services.ai.azure.com")
            || host.ends_with(".inference.ai.azure.com")
            || host.ends_with(".models.ai.azure.com")
        {
            Family::AzureFoundry {
                api_version: api_version.ok_or_else(|| {
                    invalid(
                        url,
                        "needs '?api-version=...' (Azure AI model inference requires it)",
                    )
                })?,
            }
        } else {
            Family::OpenAi
        };
        Ok(Self {
            family,
            scheme,
            authority: authority.to_string(),
            host,
            path,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether requests stay on this machine (localhost, 127.0.0.0/8, ::1).
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self
                .host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// The endpoint as provenance and messages show it: scheme, host and path, no query.
    pub fn public(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.path)
    }

    fn with_version(&self, url: String) -> String {
        match &self.family {
            Family::OpenAi => url,
            Family::AzureOpenAi { api_version } | Family::AzureFoundry { api_version } => {
                format!("{url}?api-version={api_version}")
            }
        }
    }

    /// Where chat completions are posted.
    pub fn chat_url(&self) -> String {
        self.with_version(format!("{}/chat/completions", self.public()))
    }

    /// Where the server lists (or describes) its models.
    pub fn models_url(&self) -> String {
        match &self.family {
            Family::OpenAi => format!("{}/models", self.public()),
            Family::AzureOpenAi { .. } => {
                let base = self
                    .public()
                    .split("/openai/deployments/")
                    .next()
                    .unwrap_or_default()
                    .to_string();
                self.with_version(format!("{base}/openai/models"))
            }
            Family::AzureFoundry { .. } => self.with_version(format!("{}/info", self.public())),
        }
    }

    /// The header that carries the key, and its value for `key`.
    pub fn auth_header(&self, key: &str) -> (&'static str, String) {
        match self.family {
            Family::OpenAi => ("Authorization", format!("Bearer {key}")),
            Family::AzureOpenAi { .. } | Family::AzureFoundry { .. } => {
                ("api-key", key.to_string())
            }
        }
    }
}

/// The host of `host[:port]` or `[v6]:port`.
fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    authority.split(':').next().unwrap_or(authority)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_compatible_servers() {
        let e = Endpoint::parse("http://127.0.0.1:8080/v1/").expect("parses");
        assert_eq!(e.family, Family::OpenAi);
        assert_eq!(e.chat_url(), "http://127.0.0.1:8080/v1/chat/completions");
        assert_eq!(e.models_url(), "http://127.0.0.1:8080/v1/models");
        assert!(e.is_loopback());
        assert_eq!(e.public(), "http://127.0.0.1:8080/v1");
        assert!(e.family.takes_extended_sampling(e.host()));
        let e = Endpoint::parse("https://api.openai.com/v1").expect("parses");
        assert!(!e.is_loopback());
        assert!(!e.family.takes_extended_sampling(e.host()));
        assert_eq!(e.auth_header("k").0, "Authorization");
        assert!(Endpoint::parse("http://localhost:9/v1")
            .expect("parses")
            .is_loopback());
        assert!(Endpoint::parse("http://[::1]:9/v1")
            .expect("parses")
            .is_loopback());
        assert!(!Endpoint::parse("http://10.0.0.5:8000/v1")
            .expect("parses")
            .is_loopback());
    }

    #[test]
    fn azure_endpoints_carry_their_api_version() {
        let e = Endpoint::parse(
            "https://res.openai.azure.com/openai/deployments/gpt-4o?api-version=2024-10-21",
        )
        .expect("parses");
        assert_eq!(
            e.chat_url(),
            "https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
        );
        assert_eq!(
            e.models_url(),
            "https://res.openai.azure.com/openai/models?api-version=2024-10-21"
        );
        assert_eq!(e.auth_header("k"), ("api-key", "k".to_string()));
        assert_eq!(e.family.default_key_env(), "AZURE_OPENAI_API_KEY");
        let f = Endpoint::parse(
            "https://res.services.ai.azure.com/models?api-version=2024-05-01-preview",
        )
        .expect("parses");
        assert_eq!(
            f.chat_url(),
            "https://res.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview"
        );
        assert_eq!(f.family.default_key_env(), "AZURE_AI_API_KEY");
        assert_eq!(f.public(), "https://res.services.ai.azure.com/models");
    }

    #[test]
    fn bad_endpoints_say_what_is_wrong() {
        for (url, says) in [
            ("localhost:8080", "not a URL"),
            ("ftp://x/v1", "http://"),
            ("https://user:pw@host/v1", "no user or password"),
            (
                "https://res.openai.azure.com/openai/deployments/x",
                "api-version",
            ),
            ("https://res.openai.azure.com/v1", "deployment"),
            ("https://res.services.ai.azure.com/models", "api-version"),
        ] {
            let error = Endpoint::parse(url).expect_err(url).to_string();
            assert!(error.contains(says), "{url}: {error}");
        }
    }
}
