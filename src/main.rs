//! The `frontdesk` binary: parse the command line, dispatch, report.

use std::process::ExitCode;

use clap::Parser;
use frontdesk::cli::{Cli, Command};
use frontdesk::cmd;
use frontdesk::error::Diagnostics;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
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
        for d in &diags.0 {
            eprintln!("error: {d}");
        }
        let n = diags.0.len();
        eprintln!("build failed: {n} error{}", if n == 1 { "" } else { "s" });
        return;
    }
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
