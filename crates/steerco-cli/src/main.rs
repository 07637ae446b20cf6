//! `steerco`: the command line, as README.md ("The command line") describes it
//! (exit 0 done, 1 refused with one line on stderr, 2 usage error).

mod args;
mod args_overview;
mod args_vote;
mod args_work;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    // The log file ($XDG_STATE_HOME/steerco on Linux) is a help, never a
    // reason to fail: without one the command runs as before, silently.
    let _ = steerco_app_core::logs::init(steerco_app_core::logs::Program::Cli);
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(code = e.code(), "command failed");
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
