//! The `frontdesk` binary: parse the command line, dispatch, report.

use std::process::ExitCode;

use clap::Parser;
use frontdesk::cli::{Cli, Command};
use frontdesk::cmd::{self, Done};
use frontdesk::error::Diagnostics;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(why) = frontdesk::content::clock() {
        eprintln!("error: {why}");
        return ExitCode::FAILURE;
    }
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args).map(Done::from),
        Command::Inbox(args) => cmd::inbox::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Newsletter(args) => cmd::newsletter::run(args),
        Command::Serve(args) => cmd::serve::run(args).map(Done::from),
    };
    match result {
        Ok(done) => {
            if !done.summary.is_empty() {
                println!("{}", done.summary);
            }
            if let Some(next) = done.next {
                eprintln!("{next}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            report(&err);
            ExitCode::FAILURE
        }
    }
}

fn report(err: &anyhow::Error) {
    if let Some(diags) = err.downcast_ref::<Diagnostics>() {
        // The same report `serve` prints and shows in its overlay.
        eprintln!("{diags}");
        return;
    }
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
