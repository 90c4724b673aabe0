//! CLI behaviour that needs no model: help, version, settings errors, exit statuses.

mod common;

use common::{ddx, home};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn help_says_it_is_decision_support_not_advice() {
    let home = home();
    ddx(&home)
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("not medical advice"));
    for sub in ["ask", "batch", "templates"] {
        ddx(&home)
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(contains("Example"));
    }
}

#[test]
fn version_prints_the_crate_version() {
    let home = home();
    ddx(&home)
        .arg("--version")
        .assert()
        .success()
        .stdout(contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let home = home();
    ddx(&home).arg("no-such-command").assert().code(2);
    ddx(&home)
        .args(["ask", "--top-p", "7", "x"])
        .assert()
        .code(2)
        .stderr(contains("'top-p'"));
    ddx(&home)
        .args(["batch", "--parallel", "0"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("'parallel'"));
}

#[test]
fn batch_invariant_on_a_command_that_generates_nothing_is_refused() {
    let home = home();
    for (args, command) in [
        (vec!["render", "-"], "render"),
        (vec!["convert", "-"], "convert"),
        (vec!["models", "info"], "models info"),
    ] {
        ddx(&home)
            .args(&args)
            .arg("--batch-invariant")
            .write_stdin("")
            .assert()
            .code(2)
            .stderr(contains(format!(
                "--batch-invariant has no effect on `ddx {command}`"
            )));
    }
}

#[test]
fn invalid_config_file_names_file_line_and_key() {
    let home = home();
    let dir = home.path().join("config");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("config.toml"), "seed = 3\ntemprature = 0.2\n").expect("write");
    ddx(&home).args(["ask", "hi"]).assert().code(2).stderr(
        contains("config.toml")
            .and(contains("line 2"))
            .and(contains("temprature")),
    );
    // --no-config ignores it (and then fails later for another reason: no model here).
    ddx(&home)
        .args(["--no-config", "ask", "hi", "--model", "/none.gguf"])
        .assert()
        .code(2)
        .stderr(contains("/none.gguf"));
}

#[test]
fn unknown_template_fails_before_loading_any_model() {
    let home = home();
    ddx(&home)
        .args(["batch", "--template", "nope", "--model", "/none.gguf"])
        .write_stdin("{\"id\": 1}\n")
        .assert()
        .code(2)
        .stderr(contains("unknown template 'nope'").and(contains("differential")));
}

#[test]
fn templates_lists_builtins_and_user_templates() {
    let home = home();
    let dir = home.path().join("config/prompts");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("triage.toml"),
        "description = \"my triage\"\nuser = \"{{ case.prompt }}\"\n",
    )
    .expect("write");
    ddx(&home).arg("templates").assert().success().stdout(
        contains("differential")
            .and(contains("mcq"))
            .and(contains("raw"))
            .and(contains("summary"))
            .and(contains("my triage")),
    );
}

// ---- Unix conventions, config, models and GPU flags (issue 8) ----

use common::{ddx_with_model, test_model};
use std::path::{Path, PathBuf};

/// A tiny GGUF file (llama architecture, one 4-element F32 tensor): valid for header checks.
fn tiny_gguf(dir: &Path, name: &str) -> PathBuf {
    common::tiny_gguf(dir, name, "llama")
}

fn stdout_json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

#[test]
fn version_names_llama_cpp_and_backends() {
    let home = home();
    ddx(&home).arg("--version").assert().success().stdout(
        contains("llama-cpp-sys-2 0.1.161")
            .and(contains("backends: CPU"))
            .and(contains("cpu kernels:")),
    );
}

/// `--version` says how llama.cpp's OpenMP workers wait (src/app/openmp.rs), since it decides
/// how ddx behaves beside other busy processes.
#[test]
fn version_says_how_cpu_workers_wait() {
    let home = home();
    ddx(&home)
        .arg("--version")
        .env_remove("OMP_WAIT_POLICY")
        .env_remove("GOMP_SPINCOUNT")
        .assert()
        .success()
        .stdout(contains("cpu workers: libgomp's default"));
    ddx(&home)
        .arg("--version")
        .env("OMP_WAIT_POLICY", "PASSIVE")
        .assert()
        .success()
        .stdout(contains(
            "cpu workers: OMP_WAIT_POLICY=PASSIVE (from the environment)",
        ));
}

#[test]
fn config_paths_follow_the_ddx_dir_variables() {
    let home = home();
    let output = ddx(&home)
        .args(["config", "paths", "--json"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let paths = stdout_json(&output);
    let root = home.path().display().to_string();
    for (key, tail) in [
        ("config_file", "config/config.toml"),
        ("prompts_dir", "config/prompts"),
        ("models_dir", "data/models"),
        ("model_registry", "data/models/registry.toml"),
        ("hash_cache", "cache/model-hashes.json"),
        ("ledger", "data/ledger.sqlite3"),
    ] {
        let value = paths[key].as_str().expect(key);
        assert!(
            value.starts_with(&root) && value.ends_with(tail),
            "{key} = {value}"
        );
    }
    assert!(paths["models_search"].is_array(), "{paths}");
    ddx(&home)
        .args(["config", "paths"])
        .assert()
        .success()
        .stdout(contains("config_file").and(contains("not created")));
}

/// `config show --json`'s (value, source) of one key.
fn shown(cmd: &mut assert_cmd::Command, key: &str) -> (serde_json::Value, String) {
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = stdout_json(&output);
    let entry = &json["settings"][key];
    (
        entry["value"].clone(),
        entry["source"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn config_precedence_each_layer_overrides_the_one_below() {
    let home = home();
    let show = || {
        let mut cmd = ddx(&home);
        cmd.args(["config", "show", "--json"]);
        cmd
    };
    assert_eq!(shown(&mut show(), "seed"), (42.into(), "default".into()));
    let dir = home.path().join("config");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("config.toml"),
        "seed = 1\ntemperature = 0.5\ngpu_layers = 7\n",
    )
    .expect("write");
    assert_eq!(shown(&mut show(), "seed"), (1.into(), "file".into()));
    assert_eq!(
        shown(show().env("DDX_SEED", "2"), "seed"),
        (2.into(), "env".into())
    );
    assert_eq!(
        shown(show().env("DDX_SEED", "2").args(["--seed", "3"]), "seed"),
        (3.into(), "flag".into())
    );
    // Keys not overridden keep the lower layer; the GPU keys take part like the others.
    assert_eq!(
        shown(show().env("DDX_SEED", "2"), "temperature"),
        (0.5.into(), "file".into())
    );
    assert_eq!(
        shown(show().env("DDX_GPU_LAYERS", "auto"), "gpu_layers"),
        ("auto".into(), "env".into())
    );
    assert_eq!(
        shown(show().args(["--gpu-layers", "0"]), "gpu_layers"),
        (0.into(), "flag".into())
    );
    // --no-config drops the file layer; --config reads another file.
    assert_eq!(
        shown(show().arg("--no-config"), "seed"),
        (42.into(), "default".into())
    );
    let other = home.path().join("other.toml");
    std::fs::write(&other, "seed = 9\n").expect("write");
    assert_eq!(
        shown(show().arg("--config").arg(&other), "seed"),
        (9.into(), "file".into())
    );
    // The text form says where each value came from.
    ddx(&home)
        .args(["config", "show", "--seed", "3"])
        .env("DDX_TEMPERATURE", "0.25")
        .assert()
        .success()
        .stdout(
            contains("seed = 3")
                .and(contains("# command line"))
                .and(contains("temperature = 0.25"))
                .and(contains("# environment DDX_TEMPERATURE"))
                .and(contains("gpu_layers = 7")),
        );
}

#[test]
fn config_init_writes_a_commented_file_and_never_overwrites() {
    let home = home();
    ddx(&home).args(["config", "init"]).assert().success();
    let file = home.path().join("config/config.toml");
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.contains("# gpu_layers") && text.contains("# cache_type_v"));
    // The written file is valid: config show reads it.
    ddx(&home)
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(contains(file.display().to_string()));
    // -q: nothing on stderr, and never anything on stdout.
    let quiet_home = common::home();
    ddx(&quiet_home)
        .args(["-q", "config", "init"])
        .assert()
        .success()
        .stdout(predicates::str::is_empty())
        .stderr(predicates::str::is_empty());
    std::fs::write(&file, "seed = 5\n").expect("edit");
    ddx(&home)
        .args(["config", "init"])
        .assert()
        .code(2)
        .stderr(contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "seed = 5\n");
    // --config FILE names where to write.
    let other = home.path().join("elsewhere/ddx.toml");
    ddx(&home)
        .arg("--config")
        .arg(&other)
        .args(["config", "init"])
        .assert()
        .success();
    assert!(other.is_file());
}

#[test]
fn config_errors_name_file_line_key_and_source() {
    let home = home();
    let dir = home.path().join("config");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("config.toml"), "top_k = 5\nseed = \"x\"\n").expect("write");
    ddx(&home).args(["config", "show"]).assert().code(2).stderr(
        contains("config.toml")
            .and(contains("line 2"))
            .and(contains("'seed'")),
    );
    std::fs::write(dir.join("config.toml"), "cache_type_k = \"q3\"\n").expect("write");
    ddx(&home)
        .args(["config", "show"])
        .assert()
        .code(2)
        .stderr(contains("'cache-type-k'").and(contains("config file")));
    ddx(&home)
        .args(["--config", "/no/such/ddx.toml", "config", "show"])
        .assert()
        .code(2)
        .stderr(contains("/no/such/ddx.toml"));
    ddx(&home)
        .args(["--no-config", "config", "show"])
        .env("DDX_MAIN_GPU", "first")
        .assert()
        .code(2)
        .stderr(contains("DDX_MAIN_GPU"));
}

#[test]
fn models_info_reads_the_test_model_metadata() {
    let home = home();
    let output = ddx(&home)
        .args(["models", "info", "--json"])
        .arg(test_model())
        .output()
        .expect("runs");
    assert!(output.status.success());
    let info = stdout_json(&output);
    assert_eq!(info["architecture"], "llama");
    assert_eq!(info["quantization"], "Q4_1");
    assert_eq!(info["layers"], 30);
    assert_eq!(info["vocab_size"], 49152);
    assert_eq!(info["context_length"], 8192);
    assert_eq!(info["chat_template"], true);
    assert_eq!(info["file_size"], 98_362_432);
    assert_eq!(info["placement"]["backend"], "CPU");
    assert_eq!(info["placement"]["gpu_layers"], 0);
    assert_eq!(info["metadata"]["llama.block_count"], 30);
    assert_eq!(info["metadata"]["tokenizer.ggml.tokens"]["len"], 49152);
    let params = info["parameters"].as_u64().expect("parameters");
    assert!((130_000_000..140_000_000).contains(&params), "{params}");
    // By registry name, as text, with the sha256 and the placement line.
    ddx(&home)
        .args(["models", "info", "SmolLM2-135M-Instruct", "--sha256"])
        .assert()
        .success()
        .stdout(
            contains("Q4_1")
                .and(contains(
                    "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
                ))
                .and(contains("CPU: 0 of 31 layers on a GPU"))
                .and(contains("tokenizer.chat_template")),
        );
    ddx(&home)
        .args([
            "models",
            "info",
            "SmolLM2-135M-Instruct",
            "--gpu-layers",
            "auto",
        ])
        .assert()
        .success()
        .stdout(contains("--gpu-layers auto resolves to 0"));
}

#[test]
fn models_info_errors_exit_2() {
    let home = home();
    ddx(&home)
        .args(["models", "info", "no-such-model"])
        .assert()
        .code(2)
        .stderr(contains("neither a file nor a model name"));
    ddx(&home)
        .args(["models", "info", "meditron-7b"])
        .assert()
        .code(2)
        .stderr(contains("not on this machine").and(contains("huggingface.co")));
    let text = home.path().join("notes.gguf");
    std::fs::write(&text, "not a model").expect("write");
    ddx(&home)
        .args(["models", "info"])
        .arg(&text)
        .assert()
        .code(2)
        .stderr(contains("not a GGUF file"));
}

#[test]
fn models_list_shows_local_files_registry_and_unreadable_ones() {
    let home = home();
    let models = home.path().join("data/models");
    std::fs::create_dir_all(&models).expect("mkdir");
    tiny_gguf(&models, "tiny.gguf");
    std::fs::write(models.join("broken.gguf"), "GGUF").expect("write");
    let output = ddx(&home)
        .args(["models", "list", "--json"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let rows = stdout_json(&output);
    let rows = rows.as_array().expect("array");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} not listed: {rows:?}"))
    };
    let smol = row("SmolLM2-135M-Instruct");
    assert_eq!(
        (
            &smol["architecture"],
            &smol["quantization"],
            &smol["context_length"],
            &smol["chat_template"]
        ),
        (&"llama".into(), &"Q4_1".into(), &8192.into(), &true.into())
    );
    assert_eq!(row("tiny")["parameters"], 4);
    assert!(row("broken")["error"].is_string());
    assert!(!rows.iter().any(|r| r["name"] == "meditron-7b"));
    ddx(&home)
        .args(["models", "list", "--all"])
        .assert()
        .success()
        .stdout(
            contains("NAME")
                .and(contains("meditron-7b"))
                .and(contains("not on this machine: https://"))
                .and(contains("(unreadable)")),
        )
        .stderr(contains("broken.gguf"));
}

#[test]
fn models_add_then_verify_detects_a_changed_file() {
    let home = home();
    let file = tiny_gguf(home.path(), "mine.gguf");
    ddx(&home)
        .args(["models", "add"])
        .arg(&file)
        .args(["--name", "mine"])
        .assert()
        .success();
    assert!(home.path().join("data/models/registry.toml").is_file());
    ddx(&home)
        .args(["models", "list"])
        .assert()
        .success()
        .stdout(contains("mine").and(contains("user")));
    ddx(&home)
        .args(["models", "verify", "mine"])
        .assert()
        .success()
        .stdout(contains("ok").and(contains("mine")));
    let mut bytes = std::fs::read(&file).expect("read");
    bytes.push(0);
    std::fs::write(&file, bytes).expect("change");
    ddx(&home)
        .args(["models", "verify", "mine"])
        .assert()
        .code(1)
        .stdout(contains("MISMATCH"));
    // Errors: duplicate name, bad name, not GGUF, unknown name to verify.
    ddx(&home)
        .args(["models", "add"])
        .arg(&file)
        .args(["--name", "mine"])
        .assert()
        .code(2)
        .stderr(contains("already registered"));
    ddx(&home)
        .args(["models", "add"])
        .arg(&file)
        .args(["--name", "mine", "--force"])
        .assert()
        .success();
    ddx(&home)
        .args(["models", "add"])
        .arg(&file)
        .args(["--name", "my model"])
        .assert()
        .code(2)
        .stderr(contains("model name"));
    let text = home.path().join("x.gguf");
    std::fs::write(&text, "hello").expect("write");
    ddx(&home)
        .args(["models", "add"])
        .arg(&text)
        .args(["--name", "x"])
        .assert()
        .code(2)
        .stderr(contains("not a GGUF file"));
    ddx(&home)
        .args(["models", "verify", "nothing-like-it"])
        .assert()
        .code(2);
    std::fs::remove_file(&file).expect("remove");
    ddx(&home)
        .args(["models", "verify", "mine"])
        .assert()
        .code(1)
        .stdout(contains("missing"));
}

#[test]
fn models_verify_checks_the_test_model_against_the_registry() {
    let home = home();
    ddx(&home)
        .args(["models", "verify"])
        .assert()
        .success()
        .stdout(contains("ok        SmolLM2-135M-Instruct"))
        .stderr(contains("not on this machine"));
}

#[test]
fn a_registered_name_works_as_model_and_auto_offload_says_cpu() {
    let home = home();
    ddx(&home)
        .args(["models", "add"])
        .arg(test_model())
        .args(["--name", "smol"])
        .assert()
        .success();
    ddx(&home)
        .args([
            "ask",
            "--model",
            "smol",
            "-n",
            "4",
            "-c",
            "256",
            "--gpu-layers",
            "auto",
            "Name one cause of fever.",
        ])
        .assert()
        .success()
        .stdout(predicates::str::is_empty().not())
        .stderr(
            contains("this build has no GPU backend")
                .and(contains("· CPU]"))
                .and(contains("\u{1b}[").not()),
        );
}

#[test]
fn kv_cache_types_run_for_real_and_need_flash_attention_for_v() {
    let home = home();
    ddx_with_model(&home)
        .args([
            "ask",
            "-n",
            "4",
            "-c",
            "256",
            "--flash-attn",
            "on",
            "--cache-type-k",
            "q8_0",
            "--cache-type-v",
            "q8_0",
            "--split-mode",
            "none",
            "--color",
            "always",
            "Name one cause of fever.",
        ])
        .assert()
        .success()
        .stdout(predicates::str::is_empty().not())
        .stderr(contains("\u{1b}[2m"));
    ddx_with_model(&home)
        .args(["ask", "--cache-type-v", "q4_0", "--flash-attn", "off", "hi"])
        .assert()
        .code(2)
        .stderr(contains("needs flash attention"));
    ddx_with_model(&home)
        .args(["ask", "--gpu-layers", "lots", "hi"])
        .assert()
        .code(2)
        .stderr(contains("'gpu-layers'"));
    ddx_with_model(&home)
        .args(["ask", "--split-mode", "diagonal", "hi"])
        .assert()
        .code(2);
    ddx_with_model(&home)
        .args(["ask", "--cache-type-k", "q3", "hi"])
        .assert()
        .code(2);
}

#[test]
fn a_closed_stdout_is_a_clean_exit() {
    let home = home();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ddx"))
        .env_clear()
        .env("DDX_CONFIG_DIR", home.path().join("config"))
        .env("DDX_DATA_DIR", home.path().join("data"))
        .env("DDX_CACHE_DIR", home.path().join("cache"))
        .args(["models", "list", "--all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Close the reading end before ddx writes: its writes then fail with EPIPE.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn generate_writes_completions_and_man_pages() {
    let home = home();
    ddx(&home)
        .args(["generate", "all", "--dir"])
        .arg(home.path())
        .assert()
        .success();
    for file in [
        "completions/ddx.bash",
        "completions/_ddx",
        "man/ddx.1",
        "man/ddx-models-info.1",
    ] {
        assert!(home.path().join(file).is_file(), "{file}");
    }
    let page = std::fs::read_to_string(home.path().join("man/ddx.1")).expect("man");
    assert!(page.contains("EXIT STATUS") && page.contains("130"));
    ddx(&home)
        .args(["generate", "man"])
        .assert()
        .code(2)
        .stderr(contains("--dir"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    let home = home();
    for args in [
        &["config", "--help"][..],
        &["config", "show", "--help"],
        &["config", "paths", "--help"],
        &["config", "init", "--help"],
        &["models", "--help"],
        &["models", "list", "--help"],
        &["models", "info", "--help"],
        &["models", "verify", "--help"],
        &["models", "add", "--help"],
    ] {
        ddx(&home)
            .args(args)
            .assert()
            .success()
            .stdout(contains("Example"));
    }
}

#[test]
fn batch_summary_names_where_the_model_ran() {
    let home = home();
    ddx_with_model(&home)
        .args(["batch", "-n", "2", "-c", "256", "--gpu-layers", "0"])
        .write_stdin("{\"id\": 1, \"prompt\": \"Name one cause of fever.\"}\n")
        .assert()
        .success()
        .stderr(contains("1 ok").and(contains("on CPU")));
}
