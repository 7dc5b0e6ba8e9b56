//! `kanbao import FILE...`: check pages and add them to the user's library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use super::Context;
use super::output::sanitize_line;
use crate::corpus::library::{ImportOutcome, Library};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Page files (UTF-8 or GB18030/GBK text, one printed page each).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode> {
    let Some(dir) = ctx.dirs.library() else {
        bail!(
            "no home directory found, so there is no library to import into; use --data DIR instead"
        );
    };
    let mut library = Library::open(&dir);
    let mut failed = 0;
    for file in &args.files {
        match library.import(file) {
            Ok(ImportOutcome::Added {
                name,
                path,
                articles,
            }) => println!(
                "added {} ({articles} articles) as {}",
                sanitize_line(&name),
                sanitize_line(&path.display().to_string())
            ),
            Ok(ImportOutcome::AlreadyPresent { name, existing }) => println!(
                "unchanged {}: the same page is already in the library as {}",
                sanitize_line(&name),
                sanitize_line(&existing)
            ),
            Err(err) => {
                failed += 1;
                eprintln!("kanbao: not imported: {}", sanitize_line(&err.to_string()));
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
