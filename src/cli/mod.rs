//! The command line: argument parsing (clap) and one file per subcommand.
//!
//! Every listing has a `--json` form for scripts; human output is sanitised (no control characters
//! from a page ever reach the terminal) and fits the terminal width.

mod background;
mod browse;
mod check;
mod export;
mod filter;
mod import;
mod index;
mod list;
pub mod output;
mod progress;
mod related;
mod search;
mod show;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand};

use crate::classify::Classifier;
use crate::corpus::manifest::UserManifest;
use crate::corpus::{PageSet, StoredCorpus};
use crate::dirs::Dirs;

pub(crate) use filter::FilterArgs;

/// 看报 kanbao: read, browse and search the Zhejiang Workers' Daily (浙江工人日报) in a terminal.
///
/// With no command, opens the interactive browser.
#[derive(Debug, Parser)]
#[command(name = "kanbao", version, about, long_about = None)]
pub struct Cli {
    /// Read the *.txt pages in DIR instead of the bundled pages and the user's library.
    #[arg(long, global = true, value_name = "DIR", env = "KANBAO_DATA")]
    pub(crate) data: Option<PathBuf>,
    /// Keep the corpus snapshot and the search index in DIR (instead of ~/.cache/kanbao): a
    /// team reading one archive shares one cache; only the one who imports needs to write it.
    #[arg(long, global = true, value_name = "DIR", env = "KANBAO_CACHE")]
    pub(crate) cache: Option<PathBuf>,
    /// Use this config file instead of ~/.config/kanbao/config.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Count East Asian ambiguous characters (“ ” … · —) as two cells, for terminals that draw them wide.
    #[arg(long, global = true)]
    pub(crate) ambiguous_wide: bool,
    /// Quit the browser as soon as its first frame is drawn (start-up benchmarks, see
    /// docs/PERFORMANCE.md).
    #[arg(long, hide = true)]
    pub(crate) exit_after_first_frame: bool,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// One line per article: id, region, title.
    List(list::ListArgs),
    /// One article, laid out for a terminal.
    Show(show::ShowArgs),
    /// Every article, whole (JSON lines or Markdown).
    Export(export::ExportArgs),
    /// Add pages to the user's library.
    Import(import::ImportArgs),
    /// Count articles per city, county, theme, reporter and month.
    Stats(stats::StatsArgs),
    /// Search the articles (Chinese, traditional characters, pinyin).
    Search(search::SearchArgs),
    /// Build (or check) the search index and say what was done.
    Index(index::IndexArgs),
    /// The articles most like one article.
    Related(related::RelatedArgs),
    /// The cuts kanbao is least sure of (page, line, reason), and problems of pages.toml.
    Check(check::CheckArgs),
}

/// What every subcommand needs: the directories, the classifier and the corpus.
pub(crate) struct Context {
    pub(crate) cli_data: Option<PathBuf>,
    pub(crate) dirs: Dirs,
    pub(crate) classifier: Arc<Classifier>,
    pub(crate) ambiguous_wide: bool,
}

impl Context {
    pub(crate) fn new(cli: &Cli) -> Result<Context> {
        let classifier =
            Classifier::embedded().context("the bundled region/theme data is invalid")?;
        Ok(Context {
            cli_data: cli.data.clone(),
            dirs: Dirs::discover().with_cache(cli.cache.clone()),
            classifier: Arc::new(classifier),
            ambiguous_wide: cli.ambiguous_wide,
        })
    }

    pub(crate) fn page_set(&self) -> PageSet {
        match &self.cli_data {
            Some(dir) => PageSet::Dir(dir.clone()),
            None => PageSet::Default {
                library: self.dirs.library(),
            },
        }
    }

    /// Where the user's `pages.toml` lives: the `--data` directory, else the library.
    pub(crate) fn manifest_dir(&self) -> Option<PathBuf> {
        self.page_set().dir().map(Path::to_path_buf)
    }

    /// What the manifests say about each page's source: the embedded `data/pages.toml`, overridden
    /// by the user's `pages.toml` (a bad one is reported with the pages' problems, not here).
    pub(crate) fn page_sources(
        &self,
    ) -> std::collections::HashMap<String, crate::classify::PageInfo> {
        let mut sources = self.classifier.pages().clone();
        let user = self.manifest_dir().map(|dir| UserManifest::load(&dir));
        if let Some(Ok(Some(user))) = user {
            sources.extend(user.sources());
        }
        sources
    }

    /// Loads the corpus (from its snapshot in the cache, reading only the pages that changed),
    /// with a progress bar on a terminal while pages are read, reporting each page that could
    /// not be loaded on stderr.
    pub(crate) fn load_corpus(&self) -> Result<StoredCorpus> {
        self.load_corpus_checking(false)
    }

    /// [`Self::load_corpus`]; with `check_pages`, every page's stamp is looked at even when the
    /// page directory did not change (a page edited in place is then noticed).
    pub(crate) fn load_corpus_checking(&self, check_pages: bool) -> Result<StoredCorpus> {
        let bar = progress::Bar::on_stderr();
        let load = if check_pages {
            StoredCorpus::load_checking_pages
        } else {
            StoredCorpus::load_with
        };
        let corpus = load(
            &self.page_set(),
            &self.classifier,
            self.dirs.cache.as_deref(),
            &bar,
        )?;
        bar.finish();
        for problem in &corpus.problems {
            eprintln!(
                "kanbao: skipped {}",
                output::sanitize_line(&problem.to_string())
            );
        }
        Ok(corpus)
    }
}

/// Runs the command line; the binary's `main` is a call to this.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    let mut ctx = Context::new(cli)?;
    if cli.command.is_some() {
        // The browser shows config problems itself; the other commands say them on stderr,
        // in the same words, and use the config's ambiguous width too.
        let (config, notices) = crate::tui::config::load(cli.config.as_deref());
        for notice in notices {
            eprintln!("kanbao: {}", output::sanitize_line(&notice));
        }
        ctx.ambiguous_wide |= config.ambiguous == Some(crate::layout::AmbiguousWidth::Wide);
    }
    match &cli.command {
        None => browse::browse(&ctx, cli.config.clone(), cli.exit_after_first_frame),
        Some(Command::List(args)) => list::run(&ctx, args),
        Some(Command::Show(args)) => show::run(&ctx, args),
        Some(Command::Export(args)) => export::run(&ctx, args),
        Some(Command::Import(args)) => import::run(&ctx, args),
        Some(Command::Stats(args)) => stats::run(&ctx, args),
        Some(Command::Search(args)) => search::run(&ctx, args),
        Some(Command::Index(args)) => index::run(&ctx, args),
        Some(Command::Related(args)) => related::run(&ctx, args),
        Some(Command::Check(args)) => check::run(&ctx, args),
    }
}

/// Arguments shared by the commands that can print JSON.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct JsonFlag {
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}
