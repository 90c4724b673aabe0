//! The ddx binary: parse, run, map the result to an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ddx::cli::Cli::parse();
    match ddx::app::run(&cli) {
        Ok(outcome) => outcome.into(),
        Err(error) if ddx::app::exit::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ddx: error: {error:#}");
            ExitCode::from(ddx::app::exit::ERROR)
        }
    }
}
