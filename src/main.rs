//! The ddx binary: parse, run, map the result to an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ddx::cli::Cli::parse();
    match ddx::run(&cli) {
        Ok(outcome) => outcome.into(),
        Err(error) if ddx::exit::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ddx: error: {error:#}");
            ExitCode::from(ddx::exit::ERROR)
        }
    }
}
