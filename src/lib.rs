//! ddx: a local clinical case-reasoning workbench over GGUF models.
//!
//! Module map: `cli` (clap types) → `settings` (layered, validated) → a mode (`ask`, `batch`,
//! `repl` for `ddx chat`, `tui` for `ddx tui`)
//! → `engine` (the only owner of llama.cpp, on its own thread). `case` and `prompts` turn
//! records into chat messages; `models` finds and fingerprints model files, `registry` names
//! them. `config_command`, `models_command` and the hidden `generate` (completions, man pages)
//! serve the Unix side; `version` is what `--version` prints.
//!
//! ddx is decision support for researchers, not medical advice.

// Tests may unwrap: a panic there is a failed test, not a crash of the tool.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod ask;
pub mod batch;
pub mod bench;
pub mod case;
pub mod cli;
pub mod config_command;
pub mod constraint;
pub mod deid;
pub mod engine;
pub mod eval;
pub mod exit;
pub mod fhir;
pub mod fit;
pub mod generate;
mod logging;
pub mod models;
pub mod models_command;
pub mod paths;
pub mod prompts;
pub mod registry;
pub mod repl;
pub mod schema;
pub mod scoring;
pub mod session;
pub mod settings;
mod signals;
pub mod tui;
pub mod version;

use cli::{Cli, Command, ImportFormat};
use exit::Outcome;
use settings::{DeidSettings, Settings};

/// Run a parsed command line.
pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    logging::init(cli.global.verbose);
    match &cli.command {
        Command::Ask(args) => {
            let settings = Settings::resolve(&cli.global, Some(&args.generation), None)?;
            ask::run(&settings, args)
        }
        Command::Batch(args) => {
            let settings = Settings::resolve(&cli.global, Some(&args.generation), args.parallel)?;
            batch::run(&settings, args)
        }
        Command::Chat(args) => {
            let settings = Settings::resolve(&cli.global, Some(&args.generation), None)?;
            repl::run(&settings, args)
        }
        Command::Tui(args) => {
            let settings = Settings::resolve(&cli.global, Some(&args.generation), None)?;
            tui::run(&settings, args)
        }
        Command::Bench(args) => bench::run(&cli.global, args),
        Command::Eval(args) => {
            let settings = Settings::resolve(&cli.global, Some(&args.generation), args.parallel)?;
            eval::run(&settings, args)
        }
        Command::Templates => {
            let settings = Settings::resolve(&cli.global, None, None)?;
            let registry = prompts::Registry::new(Some(settings.paths.prompts_dir()));
            let mut out = std::io::stdout().lock();
            for (name, description, origin) in registry.list() {
                use std::io::Write as _;
                writeln!(out, "{name:<14} {description}  [{origin}]")?;
            }
            Ok(Outcome::Success)
        }
        Command::Config(args) => config_command::run(&cli.global, &args.command),
        Command::Models(args) => models_command::run(&cli.global, &args.command),
        Command::Generate(args) => generate::run(args, cli.global.quiet),
        Command::Import(args) => match &args.format {
            ImportFormat::Fhir(fhir) => {
                let settings = Settings::resolve(&cli.global, None, None)?;
                let deid = DeidSettings::deidentifier_if_requested(&fhir.deid, &settings.paths)?;
                fhir::run(&fhir::ImportOptions {
                    inputs: fhir.inputs.clone(),
                    per: match fhir.per {
                        cli::PerWhat::Patient => fhir::Per::Patient,
                        cli::PerWhat::Encounter => fhir::Per::Encounter,
                    },
                    index_date: fhir.index_date.clone(),
                    output: fhir.output.clone(),
                    force: fhir.force,
                    deid,
                    quiet: settings.quiet,
                })
            }
        },
        Command::Deid(args) => {
            let settings = Settings::resolve(&cli.global, None, None)?;
            let deid = DeidSettings::from_options(&args.options).deidentifier(&settings.paths)?;
            deid::command::run(
                &deid,
                args.input.as_deref(),
                args.output.as_deref(),
                args.force,
                settings.quiet,
            )
        }
    }
}
