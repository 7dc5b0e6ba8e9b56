//! `kanbao import FILE... [--date D] [--page N] [--url U] [--paper P]`: check pages and add them
//! to the user's library (or to `--data DIR`), recording a given source in its `pages.toml`,
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
use crate::classify::PageInfo;
use crate::classify::dates::page_info_problem;
use crate::corpus::StoredCorpus;
use crate::corpus::library::{ImportOutcome, Library};
use crate::corpus::manifest::{FILE_NAME, record_source};

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Page files (UTF-8 or GB18030/GBK text, one printed page each).
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// The pages' print date (YYYY-MM-DD or YYYY-MM), recorded in the library's pages.toml: it
    /// wins over the date in a file name or the text.
    #[arg(long, value_name = "DATE")]
    pub(crate) date: Option<String>,
    /// The printed page number (one file at a time).
    #[arg(long, value_name = "N")]
    pub(crate) page: Option<u32>,
    /// Where the page can be read online (one file at a time); `Y` in the browser copies it.
    #[arg(long, value_name = "URL")]
    pub(crate) url: Option<String>,
    /// The paper, when not 浙江工人日报.
    #[arg(long, value_name = "NAME")]
    pub(crate) paper: Option<String>,
}

impl ImportArgs {
    /// The source given on the command line, checked; `None` when no flag gives one.
    fn source(&self) -> Result<Option<PageInfo>> {
        let source = PageInfo {
            date: self.date.clone(),
            edition: None,
            number: self.page,
            paper: self.paper.clone(),
            url: self.url.clone(),
        };
        if source == PageInfo::default() {
            return Ok(None);
        }
        if self.files.len() > 1 && (self.page.is_some() || self.url.is_some()) {
            bail!("--page and --url name one page: import one file at a time with them");
        }
        if let Some((_, message)) = page_info_problem("being imported", &source) {
            bail!("{message}");
        }
        Ok(Some(source))
    }
}

pub(crate) fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode> {
    // With --data DIR the pages go there (a shared archive's writer imports into it);
    // otherwise into the user's library.
    let source = args.source()?;
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
                let recorded = source.as_ref().map(|s| record_source(&dir, &name, s));
                if let Some(Err(err)) = recorded {
                    failed += 1;
                    eprintln!(
                        "kanbao: {} was added, but its source was not recorded: {}",
                        sanitize_line(&name),
                        sanitize_line(&err.to_string())
                    );
                }
            }
            Ok(ImportOutcome::AlreadyPresent { name, existing }) => {
                println!(
                    "unchanged {}: the same page is already in the library as {}",
                    sanitize_line(&name),
                    sanitize_line(&existing)
                );
                if source.is_some() && !existing.ends_with(" (bundled)") {
                    println!(
                        "  its source was not recorded: write it under [pages.\"{}\"] in {}",
                        sanitize_line(&existing),
                        sanitize_line(&dir.join(FILE_NAME).display().to_string())
                    );
                }
            }
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
