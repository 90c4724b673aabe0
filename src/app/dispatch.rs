//! The one dispatch: a parsed command line in, the command run with resolved settings and its
//! own options (no clap types past this file), an exit outcome out.

use crate::app::exit::Outcome;
use crate::app::logging;
use crate::app::messages;
use crate::app::paths::Paths;
use crate::app::settings;
use crate::app::settings::{DeidSettings, Settings};
use crate::cases::batch_api::OutputFormat;
use crate::cases::shard::Shard;
use crate::cli::{
    self, BenchCommand, Cli, Command, ConfigCommand, GenerateWhat, GlobalArgs, ImportFormat,
    ModelsCommand, ReportFormat, RunsCommand, SdxCommand, TemplatesCommand,
};
use crate::commands::{
    ask, audit, batch, bench, chat, config, convert, deid, eval, generate, import, merge, models,
    render, report, runs, sdx, templates, tui,
};
use crate::session;
use crate::session::prompting::AnswerOptions;

/// A result format flag as the session's type.
fn output_format(arg: cli::OutputFormatArg) -> OutputFormat {
    match arg {
        cli::OutputFormatArg::Ddx => OutputFormat::Ddx,
        cli::OutputFormatArg::OpenaiBatch => OutputFormat::OpenAiBatch,
    }
}

/// The command's name as messages on stderr prefix it (`ddx batch: …`).
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Ask(_) => "ask",
        Command::Audit(_) => "audit",
        Command::Batch(_) => "batch",
        Command::Bench(_) => "bench",
        Command::Eval(_) => "eval",
        Command::Runs(_) => "runs",
        Command::Templates(_) => "templates",
        Command::Render(_) => "render",
        Command::Sdx(_) => "sdx",
        Command::Report(_) => "report",
        Command::Chat(_) => "chat",
        Command::Tui(_) => "tui",
        Command::Import(_) => "import fhir",
        Command::Deid(args) if args.score.score.is_some() => "deid --score",
        Command::Deid(_) => "deid",
        Command::Convert(_) => "convert",
        Command::Merge(_) => "merge",
        Command::Config(_) => "config",
        Command::Models(_) => "models",
        Command::Generate(_) => "generate",
    }
}

/// What answers must look like (batch and render share the flags).
fn answer_options(output: &cli::OutputArgs) -> AnswerOptions {
    AnswerOptions {
        schema: output.schema.clone(),
        json: output.json,
        labels: output.labels.clone(),
        multi_label: output.multi_label,
        instruction: output.instruction.clone(),
        score: output.score,
        schema_retry: output.schema_retry,
    }
}

/// Run a parsed command line.
pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    logging::init(cli.global.verbose);
    let global = &cli.global;
    let no_color = std::env::var("NO_COLOR").ok();
    messages::configure(
        command_name(&cli.command),
        global.quiet,
        settings::stderr_color(global.color, no_color.as_deref()),
    );
    match &cli.command {
        Command::Audit(args) => run_audit(args),
        Command::Ask(args) => run_ask(global, args),
        Command::Batch(args) => run_batch(global, args),
        Command::Convert(args) => run_convert(global, args),
        Command::Merge(args) => run_merge(global, args),
        Command::Chat(args) => run_chat(global, args),
        Command::Tui(args) => run_tui(global, args),
        Command::Eval(args) => run_eval(global, args),
        Command::Sdx(args) => run_sdx(global, &args.command),
        Command::Bench(args) => run_bench(global, &args.command),
        Command::Runs(args) => run_runs(global, &args.command),
        Command::Templates(args) => run_templates(global, args.command.as_ref()),
        Command::Render(args) => run_render(global, args),
        Command::Report(args) => run_report(global, args),
        Command::Config(args) => run_config(global, &args.command),
        Command::Models(args) => run_models(global, &args.command),
        Command::Generate(args) => run_generate(args),
        Command::Import(args) => run_import(global, &args.format),
        Command::Deid(args) => run_deid(global, args),
    }
}

fn run_ask(global: &GlobalArgs, args: &cli::AskArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(global, Some(&args.generation), None)?;
    ask::run(
        &settings,
        &ask::Options {
            text: args.text.clone(),
            system: args.system.clone(),
            schema: args.schema.clone(),
            json: args.json,
            show_reasoning: args.show_reasoning,
            deid: DeidSettings::from_args(&args.deid)?,
        },
    )
}

fn run_batch(global: &GlobalArgs, args: &cli::BatchArgs) -> anyhow::Result<Outcome> {
    let mut settings = Settings::resolve(global, Some(&args.generation), args.parallel)?;
    no_ledger(&mut settings, args.no_ledger);
    wait_flag(&mut settings, args.wait);
    let output = &args.output_args;
    batch::run(
        &settings,
        &batch::Options {
            input: args.input.clone(),
            output: args.results.output.clone(),
            force: args.results.force,
            resume: args.resume,
            retry_errors: !args.no_retry_errors,
            max_line_bytes: args.max_line_bytes,
            prompt_sha256: args.prompt_sha256,
            answers: answer_options(output),
            deid: DeidSettings::from_args(&args.deid)?,
            input_format: match args.input_format {
                cli::InputFormatArg::Auto => batch::InputFormat::Auto,
                cli::InputFormatArg::Ddx => batch::InputFormat::Ddx,
                cli::InputFormatArg::OpenaiBatch => batch::InputFormat::OpenAiBatch,
            },
            output_format: output_format(args.output_format),
            shard: shard(args.shard.as_deref())?,
        },
    )
}

/// `--shard K/N` (or `env:VAR` forms), resolved against the environment.
fn shard(text: Option<&str>) -> anyhow::Result<Option<Shard>> {
    text.map(|text| {
        Shard::resolve(text, &|name| std::env::var(name).ok())
            .map_err(|e| anyhow::anyhow!("--shard: {e}"))
    })
    .transpose()
}

fn run_convert(global: &GlobalArgs, args: &cli::ConvertArgs) -> anyhow::Result<Outcome> {
    refuse_batch_invariant(&args.generation, "convert", "it writes requests")?;
    let settings = Settings::resolve(global, Some(&args.generation), None)?;
    convert::run(
        &settings,
        &convert::Options {
            input: args.input.clone(),
            output: args.output.clone(),
            force: args.force,
            to: args.to.map(output_format),
            model_name: args.model_name.clone(),
            schema: args.schema.clone(),
            url: args.url.clone(),
            max_line_bytes: args.max_line_bytes,
            sampling_fields: match args.sampling_fields {
                cli::SamplingFieldsArg::Auto => convert::SamplingFields::Auto,
                cli::SamplingFieldsArg::Send => convert::SamplingFields::Send,
                cli::SamplingFieldsArg::Omit => convert::SamplingFields::Omit,
            },
        },
    )
}

fn run_merge(global: &GlobalArgs, args: &cli::MergeArgs) -> anyhow::Result<Outcome> {
    let mut settings = Settings::resolve(global, None, None)?;
    wait_flag(&mut settings, args.wait);
    merge::run(
        &settings,
        &merge::Options {
            output: args.output.clone(),
            shards: args.shards.clone(),
            input: args.input.clone(),
            json: args.json,
            force: args.force,
        },
    )
}

fn run_chat(global: &GlobalArgs, args: &cli::ChatArgs) -> anyhow::Result<Outcome> {
    let mut settings = Settings::resolve(global, Some(&args.generation), None)?;
    wait_flag(&mut settings, args.wait);
    chat::run(
        &settings,
        &chat::Options {
            case: args.case.clone(),
            system: args.system.clone(),
            no_history: args.no_history,
            deid: DeidSettings::from_args(&args.deid)?,
        },
    )
}

fn run_tui(global: &GlobalArgs, args: &cli::TuiArgs) -> anyhow::Result<Outcome> {
    let mut settings = Settings::resolve(global, Some(&args.generation), None)?;
    wait_flag(&mut settings, args.wait);
    tui::run(
        &settings,
        &tui::Options {
            file: args.file.clone(),
            case: args.case.clone(),
            annotations: args.annotations.clone(),
            deid: DeidSettings::from_args(&args.deid)?,
            sdx: args.sdx.clone().map(|file| tui::sdx::Options {
                file,
                case: args.case.clone(),
                max_turns: args.max_turns,
                budget: args.budget,
                prices: args.prices.clone(),
                watch: args.watch,
            }),
        },
    )
}

fn run_eval(global: &GlobalArgs, args: &cli::EvalArgs) -> anyhow::Result<Outcome> {
    let mut settings = Settings::resolve(global, Some(&args.generation), args.parallel)?;
    no_ledger(&mut settings, args.no_ledger);
    wait_flag(&mut settings, args.wait);
    eval::run(
        &settings,
        &eval::Options {
            input: args.input.clone(),
            map: args.map.clone(),
            report: args.report.clone(),
            gold: args.gold.clone(),
            labels: args.labels.clone(),
            instruction: args.instruction.clone(),
            generate: args.generate,
            max_line_bytes: args.max_line_bytes,
            deid: DeidSettings::from_args(&args.deid)?,
        },
    )
}

fn run_sdx(global: &GlobalArgs, command: &SdxCommand) -> anyhow::Result<Outcome> {
    match command {
        SdxCommand::Run(args) => run_sdx_run(global, args),
        SdxCommand::Play {
            input,
            case,
            max_turns,
            budget,
            prices,
            gatekeeper_model,
            absent,
        } => {
            let settings = Settings::resolve(global, None, None)?;
            sdx::play(
                &sdx::PlayOptions {
                    input: input.clone(),
                    case: case.clone(),
                    max_turns: *max_turns,
                    budget: *budget,
                    prices: prices.clone(),
                    gatekeeper: gatekeeper_model.clone().map(|m| (settings.clone(), m)),
                    synthetic_absent: *absent == cli::Absent::Synthetic,
                },
                &mut std::io::stdin().lock(),
                &mut std::io::stdout().lock(),
            )
        }
        SdxCommand::Report { files, json } => sdx::report(&sdx::ReportOptions {
            files: files.clone(),
            json: *json,
        }),
    }
}

fn run_sdx_run(global: &GlobalArgs, args: &cli::SdxRunArgs) -> anyhow::Result<Outcome> {
    let mut settings = Settings::resolve(global, Some(&args.generation), args.parallel)?;
    no_ledger(&mut settings, args.no_ledger);
    wait_flag(&mut settings, args.wait);
    sdx::run(
        &settings,
        &sdx::Options {
            input: args.input.clone(),
            output: args.results.output.clone(),
            force: args.results.force,
            resume: args.resume,
            retry_errors: !args.no_retry_errors,
            max_turns: args.max_turns,
            budgets: args.budget.clone(),
            prices: args.prices.clone(),
            prompt_log: args.prompt_log.clone(),
            judge_model: args.judge_model.clone(),
            gatekeeper_model: args.gatekeeper_model.clone(),
            panel: args.panel,
            synthetic_absent: args.absent == cli::Absent::Synthetic,
        },
    )
}

fn run_templates(
    global: &GlobalArgs,
    command: Option<&TemplatesCommand>,
) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(global, None, None)?;
    match command {
        None => templates::run(&settings),
        Some(TemplatesCommand::Show { name }) => templates::show(&settings, name),
    }
}

fn run_render(global: &GlobalArgs, args: &cli::RenderArgs) -> anyhow::Result<Outcome> {
    refuse_batch_invariant(&args.generation, "render", "it renders prompts")?;
    let settings = Settings::resolve(global, Some(&args.generation), None)?;
    let output = &args.output_args;
    render::run(
        &settings,
        &render::Options {
            input: args.input.clone(),
            tokens: args.tokens,
            max_line_bytes: args.max_line_bytes,
            answers: answer_options(output),
            deid: DeidSettings::from_args(&args.deid)?,
        },
    )
}

fn run_report(global: &GlobalArgs, args: &cli::ReportArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(global, None, None)?;
    report::run(
        &settings,
        &report::Options {
            runs: args.runs.clone(),
            output: args.output.clone(),
            format: match args.format {
                ReportFormat::Html => report::Format::Html,
                ReportFormat::Md => report::Format::Markdown,
            },
        },
    )
}

fn run_import(global: &GlobalArgs, format: &ImportFormat) -> anyhow::Result<Outcome> {
    match format {
        ImportFormat::Fhir(fhir) => {
            let settings = Settings::resolve(global, None, None)?;
            let deid = session::deid::deidentifier(
                DeidSettings::from_args(&fhir.deid)?.as_ref(),
                &settings,
            )?;
            import::run(&import::Options {
                inputs: fhir.inputs.clone(),
                per: match fhir.per {
                    cli::PerWhat::Patient => crate::clinical::fhir::Per::Patient,
                    cli::PerWhat::Encounter => crate::clinical::fhir::Per::Encounter,
                },
                index_date: fhir.index_date.clone(),
                output: fhir.output.clone(),
                force: fhir.force,
                deid,
            })
        }
    }
}

fn run_deid(global: &GlobalArgs, args: &cli::DeidCommandArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(global, None, None)?;
    let options = DeidSettings::from_options(&args.options);
    if let Some(gold) = &args.score.score {
        return deid::score::run(&deid::score::Options {
            gold: gold.clone(),
            floors: args.score.floors.clone(),
            floors_file: args.score.floors_file.clone(),
            json: args.score.json,
            predictions: args.score.predictions.clone(),
            force: args.force,
            order: options.date_order,
        });
    }
    let deid = session::deid::build(&options, &settings)?;
    deid::run(
        &deid,
        &deid::Options {
            input: args.input.clone(),
            output: args.output.clone(),
            force: args.force,
        },
    )
}

/// `--no-ledger` wins over the config file and `DDX_LEDGER`.
fn no_ledger(settings: &mut Settings, flag: bool) {
    if flag {
        settings.ledger = false;
        settings.effective.ledger = Some(false);
        settings
            .sources
            .insert("ledger", crate::app::settings::Source::Flag);
    }
}

/// `--wait` wins over the config file and `DDX_WAIT`.
fn wait_flag(settings: &mut Settings, flag: bool) {
    if flag {
        settings.wait = true;
        settings.effective.wait = Some(true);
        settings
            .sources
            .insert("wait", crate::app::settings::Source::Flag);
    }
}

fn run_runs(global: &GlobalArgs, command: &RunsCommand) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(global, None, None)?;
    match command {
        RunsCommand::List {
            model,
            template,
            input,
            limit,
            json,
        } => runs::list(
            &settings,
            &session::ledger::RunFilter {
                model: model.clone(),
                template: template.clone(),
                input: input.clone(),
                limit: *limit,
            },
            *json,
        ),
        RunsCommand::Show { run, json } => runs::show(&settings, run, *json),
        RunsCommand::Rm { runs: ids } => runs::rm(&settings, ids),
        RunsCommand::Import { file } => runs::import(&settings, file),
        RunsCommand::Compare {
            runs: ids,
            raters,
            json,
        } => runs::compare(
            &settings,
            &runs::CompareOptions {
                runs: ids.clone(),
                raters: raters.clone(),
                json: *json,
            },
        ),
    }
}

fn run_bench(global: &GlobalArgs, command: &BenchCommand) -> anyhow::Result<Outcome> {
    match command {
        BenchCommand::Workload { name, cases } => bench::workload(name, *cases),
        BenchCommand::Single {
            n_prompt,
            n_gen,
            repetitions,
            json,
            generation,
        } => {
            let settings = Settings::resolve(global, Some(generation), None)?;
            bench::single(&settings, *n_prompt, *n_gen, *repetitions, *json)
        }
        BenchCommand::Batch {
            workload,
            input,
            cases,
            parallel,
            full_kv,
            json,
            generation,
        } => {
            let settings = Settings::resolve(global, Some(generation), None)?;
            bench::batch(
                &settings,
                workload.as_deref(),
                input.as_deref(),
                *cases,
                parallel,
                *full_kv,
                *json,
            )
        }
    }
}

/// `--batch-invariant` on the command line of a command that generates nothing is a mistake
/// worth saying (the same setting from a config file or DDX_BATCH_INVARIANT is simply unused).
fn refuse_batch_invariant(
    args: &cli::GenerationArgs,
    command: &str,
    what_it_does: &str,
) -> anyhow::Result<()> {
    if args.batch_invariant {
        anyhow::bail!(
            "--batch-invariant has no effect on `ddx {command}`: {what_it_does}, nothing is generated"
        );
    }
    Ok(())
}

fn run_models(global: &GlobalArgs, command: &ModelsCommand) -> anyhow::Result<Outcome> {
    match command {
        ModelsCommand::List { all, json } => {
            models::list(&Settings::resolve(global, None, None)?, *all, *json)
        }
        ModelsCommand::Info {
            target,
            json,
            sha256,
            generation,
        } => {
            refuse_batch_invariant(generation, "models info", "it describes a model")?;
            let settings = Settings::resolve(global, Some(generation), None)?;
            models::info(&settings, target.as_deref(), *json, *sha256)
        }
        ModelsCommand::Verify { names } => {
            models::verify(&Settings::resolve(global, None, None)?, names)
        }
        ModelsCommand::Add {
            path,
            name,
            endpoint,
            remote_model,
            api_key_env,
            force,
        } => {
            let settings = Settings::resolve(global, None, None)?;
            match (path, endpoint) {
                (Some(path), _) => models::add(&settings, path, name, *force),
                (None, Some(endpoint)) => models::add_served(
                    &settings,
                    &models::Served {
                        name,
                        endpoint,
                        remote_model: remote_model.as_deref(),
                        api_key_env: api_key_env.as_deref(),
                    },
                    *force,
                ),
                (None, None) => anyhow::bail!("give a GGUF file or --endpoint URL"),
            }
        }
    }
}

fn run_config(global: &GlobalArgs, command: &ConfigCommand) -> anyhow::Result<Outcome> {
    // `paths` and `init` must work even when the config file is broken: no settings resolved.
    let paths = Paths::resolve();
    let file = config::ConfigFile {
        path: global.config.clone().unwrap_or_else(|| paths.config_file()),
        ignored: global.no_config,
    };
    match command {
        ConfigCommand::Paths { json } => config::paths(&file, &paths, *json),
        ConfigCommand::Show { json, generation } => {
            let settings = Settings::resolve(global, Some(generation), None)?;
            config::show(&settings, &file, *json)
        }
        ConfigCommand::Init => config::init(&file),
    }
}

fn run_generate(args: &cli::GenerateArgs) -> anyhow::Result<Outcome> {
    let completions = || generate::Batch {
        dir: match args.what {
            GenerateWhat::All => args.dir.join("completions"),
            _ => args.dir.clone(),
        },
        what: "completion scripts",
        files: cli::generate::completions(),
    };
    let man = || -> anyhow::Result<generate::Batch> {
        Ok(generate::Batch {
            dir: match args.what {
                GenerateWhat::All => args.dir.join("man"),
                _ => args.dir.clone(),
            },
            what: "man pages",
            files: cli::generate::man_pages()?,
        })
    };
    let batches = match args.what {
        GenerateWhat::Completions => vec![completions()],
        GenerateWhat::Man => vec![man()?],
        GenerateWhat::All => vec![completions(), man()?],
    };
    generate::run(&batches)
}

fn run_audit(args: &cli::AuditArgs) -> anyhow::Result<Outcome> {
    audit::emit_variants(&audit::Options {
        input: args.input.clone(),
        probes: args.probe.clone(),
        seed: args.seed,
        max_line_bytes: args.max_line_bytes,
    })
}
