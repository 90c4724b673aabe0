//! Starting a served model, governed: what leaves the machine is the user's explicit choice.
//!
//! A case goes to an endpoint off this machine only de-identified (`--deid`), unless the user
//! allows otherwise (`--allow-identifiable`, or `allow_identifiable = true` in the config file);
//! without either, ddx refuses before anything is sent. Loopback endpoints are exempt. Before the
//! first request, stderr says once where the data goes (host and model). The key is read from the
//! environment variable the settings name (or the endpoint family's default) and handed to the
//! backend, which sends it in one header; it is never printed, logged or recorded.

use std::time::Duration;

use anyhow::{anyhow, bail};
use serde_json::Value;

use super::{Origin, Outgoing, Session};
use crate::app::settings::Settings;
use crate::engine::remote::{ApiKey, Endpoint, Family, RemoteBackend, RemoteConfig, RetryPolicy};
use crate::models::registry::Entry;

/// The served model's endpoint, name and key variable: settings first, then the registry entry.
struct Target {
    endpoint: Endpoint,
    model: Option<String>,
    key_env: String,
}

fn target(settings: &Settings, entry: Option<&Entry>) -> anyhow::Result<Target> {
    let remote = &settings.remote;
    let url = remote
        .endpoint
        .clone()
        .or_else(|| entry.and_then(|e| e.endpoint.clone()))
        .ok_or_else(|| anyhow!("internal: no endpoint"))?;
    let endpoint = Endpoint::parse(&url)?;
    let key_env = remote
        .api_key_env
        .clone()
        .or_else(|| entry.and_then(|e| e.api_key_env.clone()))
        .unwrap_or_else(|| endpoint.family.default_key_env().to_string());
    let model = remote
        .model
        .clone()
        .or_else(|| entry.and_then(|e| e.remote_model.clone()));
    Ok(Target {
        endpoint,
        model,
        key_env,
    })
}

/// The key, from the environment (`None` when the variable is unset or empty).
fn key_from(var: &str) -> Option<ApiKey> {
    std::env::var(var)
        .ok()
        .filter(|k| !k.trim().is_empty())
        .map(|k| ApiKey::new(k.trim().to_string()))
}

/// Refuse to send identifiable cases off the machine unless the user allowed it.
fn check_governance(
    settings: &Settings,
    endpoint: &Endpoint,
    outgoing: Outgoing,
) -> anyhow::Result<()> {
    if endpoint.is_loopback() || outgoing != Outgoing::Cases {
        return Ok(());
    }
    if !settings.remote.allow_identifiable {
        bail!(
            "refusing to send cases to {} (off this machine) without de-identification: add --deid \
             so identifiers are removed first, or --allow-identifiable (config: allow_identifiable = \
             true) if the cases hold no identifiers or the endpoint may receive them. Nothing was sent.",
            endpoint.host()
        );
    }
    Ok(())
}

/// The model name to send: the one given, the Azure deployment, or the one the server lists.
fn model_name(backend: &RemoteBackend, target: &Target) -> anyhow::Result<String> {
    if let Some(model) = &target.model {
        return Ok(model.clone());
    }
    if let Family::AzureOpenAi { .. } = target.endpoint.family {
        if let Some(deployment) = target.endpoint.public().rsplit('/').next() {
            return Ok(deployment.to_string());
        }
    }
    let listed = backend.server_models()?;
    let names: Vec<String> = listed["data"]
        .as_array()
        .map(|models| {
            models
                .iter()
                .filter_map(|m| m["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!(
            "{} lists no model: name one with --remote-model",
            target.endpoint.public()
        ),
        many => bail!(
            "{} serves {} models ({}): name one with --remote-model",
            target.endpoint.public(),
            many.len(),
            many.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Connect to the served model the settings (or `entry`) name, once the governance rule allows.
pub fn start(
    settings: &Settings,
    entry: Option<&Entry>,
    outgoing: Outgoing,
) -> anyhow::Result<Session> {
    let target = target(settings, entry)?;
    check_governance(settings, &target.endpoint, outgoing)?;
    let key = key_from(&target.key_env);
    let config = |model: String| RemoteConfig {
        endpoint: target.endpoint.clone(),
        model,
        key: key.clone(),
        retries: RetryPolicy {
            max_retries: settings.remote.max_retries,
            ..RetryPolicy::default()
        },
        timeout: Duration::from_secs(u64::from(settings.remote.request_timeout)),
        max_rpm: settings.remote.max_rpm,
        max_tpm: settings.remote.max_tpm.map(u64::from),
        ctx_size: settings.ctx_size,
        reasoning: settings.reasoning.format,
    };
    let model = match &target.model {
        Some(model) => model.clone(),
        None => model_name(&RemoteBackend::new(config(String::new())), &target)?,
    };
    let backend = RemoteBackend::new(config(model.clone()));
    let what = match outgoing {
        Outgoing::DeidentifiedCases => "de-identified cases go",
        Outgoing::Cases if target.endpoint.is_loopback() => "cases go",
        Outgoing::Cases => "cases go, as they are (--allow-identifiable),",
        Outgoing::NoCases => "synthetic prompts go",
    };
    let key_note = if key.is_some() {
        format!(", key from ${}", target.key_env)
    } else {
        format!(", no key (${} is not set)", target.key_env)
    };
    crate::note!(
        "{what} to {} (model {model}{key_note})",
        target.endpoint.public()
    );
    Ok(Session {
        origin: Origin::Remote {
            endpoint: target.endpoint.public(),
            model,
            api: target.endpoint.family.name(),
            sampling_keys: backend.sampling_keys(),
        },
        backend: Box::new(backend),
    })
}

/// What `ddx models info` learns from a served model's endpoint.
pub fn describe(settings: &Settings, entry: &Entry) -> anyhow::Result<Value> {
    let target = target(settings, Some(entry))?;
    let backend = RemoteBackend::new(RemoteConfig {
        endpoint: target.endpoint.clone(),
        model: target.model.clone().unwrap_or_default(),
        key: key_from(&target.key_env),
        retries: RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        },
        timeout: Duration::from_secs(u64::from(settings.remote.request_timeout).min(30)),
        max_rpm: None,
        max_tpm: None,
        ctx_size: settings.ctx_size,
        reasoning: settings.reasoning.format,
    });
    let listed = backend.server_models()?;
    Ok(serde_json::json!({
        "endpoint": target.endpoint.public(),
        "api": target.endpoint.family.name(),
        "model": target.model,
        "key_env": target.key_env,
        "key_set": key_from(&target.key_env).is_some(),
        "server": listed,
    }))
}
