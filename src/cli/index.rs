//! `kanbao index [--rebuild]`: build the search index (or find it current) and say what was done.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Context;
use super::output::sanitize_line;

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Build afresh even when the cached index is current.
    #[arg(long)]
    pub rebuild: bool,
}

pub fn run(ctx: &Context, args: &IndexArgs) -> Result<ExitCode> {
    let corpus = ctx.load_corpus()?;
    let (_, report) = super::search::open_index(ctx, &corpus, args.rebuild)?;
    let bytes: usize = corpus.pages.iter().map(|p| p.bytes).sum();
    println!("{}", sanitize_line(&report.status.to_string()));
    println!(
        "{} articles from {} pages ({:.1} KB of text) in {:.1} ms",
        report.articles,
        corpus.pages.len(),
        bytes as f64 / 1024.0,
        report.took.as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}
