//! The `kanbao` binary: parse the arguments and hand over to the library.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kanbao::cli::Cli::parse();
    match kanbao::cli::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            // `{:#}` prints the whole chain of causes on one line.
            eprintln!(
                "kanbao: {}",
                kanbao::cli::output::sanitize_line(&format!("{err:#}"))
            );
            ExitCode::FAILURE
        }
    }
}
