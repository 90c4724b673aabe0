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
