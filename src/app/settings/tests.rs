use super::*;
use crate::engine::{CacheType, SplitMode};
use std::path::Path;

fn paths(dir: &Path) -> Paths {
    Paths {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
        cache_dir: dir.join("cache"),
    }
}

fn resolve(
    dir: &Path,
    file: Option<&str>,
    env: &[(&str, &str)],
    flags: GenerationArgs,
) -> anyhow::Result<Settings> {
    let paths = paths(dir);
    if let Some(text) = file {
        std::fs::create_dir_all(&paths.config_dir).expect("mkdir");
        std::fs::write(paths.config_file(), text).expect("write");
    }
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    let vars = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    Settings::resolve_with(&GlobalArgs::default(), Some(&flags), None, &vars, paths)
}

#[test]
fn each_layer_overrides_the_one_below() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = resolve(dir.path(), None, &[], GenerationArgs::default()).expect("ok");
    assert_eq!(
        (s.sampling.seed, s.sources["seed"].clone()),
        (42, Source::Default)
    );
    let s = resolve(
        dir.path(),
        Some("seed = 1\ntop_k = 5\n"),
        &[],
        GenerationArgs::default(),
    )
    .expect("ok");
    assert_eq!(s.sampling.seed, 1);
    assert!(matches!(s.sources["seed"], Source::File(_)));
    let s = resolve(
        dir.path(),
        Some("seed = 1\n"),
        &[("DDX_SEED", "2")],
        GenerationArgs::default(),
    )
    .expect("ok");
    assert_eq!(
        (s.sampling.seed, s.sources["seed"].clone()),
        (2, Source::Env("DDX_SEED".into()))
    );
    let flags = GenerationArgs {
        seed: Some(3),
        ..GenerationArgs::default()
    };
    let s = resolve(
        dir.path(),
        Some("seed = 1\ntop_k = 5\n"),
        &[("DDX_SEED", "2")],
        flags,
    )
    .expect("ok");
    assert_eq!(
        (s.sampling.seed, s.sources["seed"].clone()),
        (3, Source::Flag)
    );
    assert_eq!(
        s.sampling.top_k, 5,
        "keys not overridden keep the lower layer"
    );
}

#[test]
fn config_errors_name_file_line_and_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = resolve(
        dir.path(),
        Some("seed = 1\ntemprature = 0.5\n"),
        &[],
        GenerationArgs::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("config.toml") && msg.contains("line 2") && msg.contains("temprature"),
        "{msg}"
    );
    let err = resolve(
        dir.path(),
        Some("seed = \"x\"\n"),
        &[],
        GenerationArgs::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("line 1"), "{err}");
}

#[test]
fn bad_env_values_name_the_variable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = resolve(
        dir.path(),
        None,
        &[("DDX_TOP_K", "many")],
        GenerationArgs::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("DDX_TOP_K"), "{err}");
}

#[test]
fn out_of_range_values_say_where_they_came_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = resolve(
        dir.path(),
        None,
        &[("DDX_TOP_P", "3")],
        GenerationArgs::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("DDX_TOP_P"), "{err}");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().expect("tempdir");
    let resolve_color = |choice: ColorChoice, no_color: Option<&str>| {
        let global = GlobalArgs {
            color: choice,
            ..GlobalArgs::default()
        };
        let no_color = no_color.map(ToString::to_string);
        let vars = move |name: &str| (name == "NO_COLOR").then(|| no_color.clone()).flatten();
        Settings::resolve_with(&global, None, None, &vars, paths(dir.path()))
            .expect("ok")
            .color
    };
    assert!(resolve_color(ColorChoice::Always, Some("1")));
    assert!(!resolve_color(ColorChoice::Never, None));
    // NO_COLOR wins over auto even where stderr is a terminal.
    assert!(!resolve_color(ColorChoice::Auto, Some("1")));
}

#[test]
fn gpu_settings_are_validated_with_their_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = resolve(
        dir.path(),
        Some("gpu_layers = \"auto\"\ncache_type_k = \"q8_0\"\n"),
        &[("DDX_SPLIT_MODE", "row"), ("DDX_MAIN_GPU", "1")],
        GenerationArgs::default(),
    )
    .expect("ok");
    assert_eq!(s.gpu_layers, GpuLayers::Auto);
    assert_eq!(s.offload.cache_type_k, CacheType::Q8_0);
    assert_eq!(s.offload.split_mode, SplitMode::Row);
    assert_eq!(s.offload.main_gpu, 1);
    assert_eq!(s.offload.fit_ctx, 4096);
    let err = resolve(
        dir.path(),
        Some("gpu_layers = \"lots\"\n"),
        &[],
        GenerationArgs::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("'gpu-layers'") && err.contains("config file"),
        "{err}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let flags = GenerationArgs {
        cache_type_v: Some("q4_0".into()),
        flash_attn: Some("off".into()),
        ..GenerationArgs::default()
    };
    let err = resolve(dir.path(), None, &[], flags)
        .unwrap_err()
        .to_string();
    assert!(err.contains("flash attention"), "{err}");
    let flags = GenerationArgs {
        cache_type_v: Some("q4_0".into()),
        flash_attn: Some("on".into()),
        ..GenerationArgs::default()
    };
    assert!(resolve(dir.path(), None, &[], flags).is_ok());
}

#[test]
fn config_type_errors_name_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = resolve(
        dir.path(),
        Some("# comment\ntop_k = 5\nseed = \"x\"\n"),
        &[],
        GenerationArgs::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("line 3") && err.contains("'seed'"), "{err}");
}

#[test]
fn default_config_file_parses() {
    parse_config(Path::new("default-config.toml"), DEFAULT_CONFIG)
        .expect("the shipped default parses");
}
