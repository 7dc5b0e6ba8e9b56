//! `kanbao index [--rebuild]`: bring the corpus snapshot and the search index up to date (or find
//! them current) and say what was done. Unlike other commands it looks at every page's stamp, so
//! a page edited in place is noticed. Exits non-zero when the index could not be saved in the
//! cache (read-only or full): a script that runs it to prepare the cache must know.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Context;
use super::output::sanitize_line;
use crate::corpus::SnapshotStatus;
use crate::search::IndexStatus;

#[derive(Debug, Args)]
pub(crate) struct IndexArgs {
    /// Build afresh even when the cached index is current.
    #[arg(long)]
    pub(crate) rebuild: bool,
}

pub(crate) fn run(ctx: &Context, args: &IndexArgs) -> Result<ExitCode> {
    let corpus = ctx.load_corpus_checking(true)?;
    let (_, report) = super::search::open_index(ctx, &corpus, args.rebuild)?;
    let bytes: usize = corpus.pages.iter().map(|p| p.bytes).sum();
    println!("{}", sanitize_line(&describe_snapshot(&corpus.snapshot)));
    println!("{}", sanitize_line(&report.status.to_string()));
    if let Some(waited) = report.waited {
        println!(
            "waited {:.1} s for another kanbao updating the same index",
            waited.as_secs_f64()
        );
    }
    println!(
        "{} articles from {} pages ({:.1} KB of text) in {:.1} ms",
        report.articles,
        corpus.pages.len(),
        bytes as f64 / 1024.0,
        report.took.as_secs_f64() * 1000.0
    );
    if let IndexStatus::InMemory { why } = &report.status
        && ctx.dirs.cache.is_some()
    {
        eprintln!(
            "kanbao: the search index could not be saved ({}); check that the cache directory is writable and has space",
            sanitize_line(why)
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// One line on what became of the corpus snapshot.
pub(super) fn describe_snapshot(status: &SnapshotStatus) -> String {
    match status {
        SnapshotStatus::Reused(path) => format!("corpus snapshot: current ({})", path.display()),
        SnapshotStatus::Written(path) => format!("corpus snapshot: written ({})", path.display()),
        SnapshotStatus::Updated {
            path,
            read,
            removed,
        } => format!(
            "corpus snapshot: updated ({read} pages read, {removed} removed; {})",
            path.display()
        ),
        SnapshotStatus::NotCached(why) => format!("corpus snapshot: not saved ({why})"),
    }
}
