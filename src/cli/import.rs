//! `kanbao import FILE...`: check pages and add them to the user's library (or to `--data DIR`),
//! then bring the corpus
//! snapshot and the search index up to date (only the new pages are read and indexed) and say
//! how long that took, so the first search after an import is as quick as any other.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Args;

use super::Context;
use super::output::sanitize_line;
use crate::corpus::StoredCorpus;
use crate::corpus::library::{ImportOutcome, Library};

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Page files (UTF-8 or GB18030/GBK text, one printed page each).
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
}

pub(crate) fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode> {
    // With --data DIR the pages go there (a shared archive's writer imports into it);
    // otherwise into the user's library.
    let Some(dir) = ctx.cli_data.clone().or_else(|| ctx.dirs.library()) else {
        bail!(
            "no home directory found, so there is no library to import into; use --data DIR instead"
        );
    };
    // The pages already there, from the corpus (its snapshot: no page is read again). An empty
    // or missing page directory has none.
    let loaded = StoredCorpus::load(&ctx.page_set(), &ctx.classifier, ctx.dirs.cache.as_deref());
    let known = loaded
        .map(|corpus| corpus.pages.to_vec())
        .unwrap_or_default();
    let mut library = Library::new(&dir, &known);
    let mut failed = 0;
    let mut added = 0;
    for file in &args.files {
        match library.import(file) {
            Ok(ImportOutcome::Added {
                name,
                path,
                articles,
            }) => {
                added += 1;
                println!(
                    "added {} ({articles} articles) as {}",
                    sanitize_line(&name),
                    sanitize_line(&path.display().to_string())
                );
            }
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
    if added > 0 {
        update_caches(ctx)?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Reads the new pages into the corpus snapshot and indexes them, and says how long it took.
fn update_caches(ctx: &Context) -> Result<()> {
    let started = Instant::now();
    let corpus = ctx.load_corpus()?;
    let (_, report) = super::search::open_index(ctx, &corpus, false)?;
    println!(
        "{}",
        sanitize_line(&super::index::describe_snapshot(&corpus.snapshot))
    );
    println!("{}", sanitize_line(&report.status.to_string()));
    println!(
        "library: {} articles from {} pages, ready to search in {:.2} s",
        corpus.store.len(),
        corpus.pages.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
