//! `kanbao search QUERY`: ranked hits with highlighted snippets, or JSON for scripts.

use std::ops::Range;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::output::sanitize_line;
use super::output::{Out, Style};
use super::progress::Bar;
use super::show::paint_line;
use super::{Context, FilterArgs};
use crate::article::Region;
use crate::corpus::Head;
use crate::corpus::StoredCorpus;
use crate::layout::{self, LayoutOptions, SpanStyle};
use crate::search::{
    Deferral, Hit, IndexLocation, IndexStatus, MarkSets, Note, Patience, Readiness, ScanEngine,
    SearchEngine, SearchIndex, SearchQuery, SearchResults, Sort,
};

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// What to find: Chinese words or names, traditional characters, pinyin (`gonghui`, `yi wu`,
    /// initials `jxbl`). Words are ANDed; "quoted phrase"; -word excludes; A OR B (A | B);
    /// title:… byline:…; region:义乌 theme:wages reporter:羊荣江 date:2023-05..2023-06.
    /// Empty with filters: every article that passes them.
    #[arg(value_name = "QUERY", default_value = "")]
    pub(crate) query: String,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// At most this many hits.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub(crate) limit: usize,
    /// Order of the hits: best match first, or newest first.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub(crate) sort: SortArg,
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SortArg {
    Relevance,
    Date,
}

impl From<SortArg> for Sort {
    fn from(arg: SortArg) -> Sort {
        match arg {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        }
    }
}

#[derive(Debug, Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: &'a str,
    score: f32,
    region: Region,
    themes: Vec<String>,
    snippet: &'a str,
    /// Char offsets into `snippet`.
    highlights: &'a [(usize, usize)],
    /// Matches only across a word boundary (ranked last).
    loose: bool,
}

/// A note about the query: its kind and fields, and the sentence the header shows.
#[derive(Debug, Serialize)]
struct JsonNote<'a> {
    #[serde(flatten)]
    note: &'a Note,
    message: String,
}

#[derive(Debug, Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    took_ms: f64,
    engine: Answerer,
    hits: Vec<JsonHit<'a>>,
    notes: Vec<JsonNote<'a>>,
}

/// Opens the index for this corpus, updating it for the pages that changed (or building it the
/// first time), with a progress bar on a terminal while it works.
pub(crate) fn open_index(
    ctx: &Context,
    corpus: &StoredCorpus,
    rebuild: bool,
) -> Result<(SearchIndex, crate::search::IndexReport)> {
    let bar = Bar::on_stderr();
    bar.start("indexing articles", 0);
    let opened = SearchIndex::open_or_update(
        corpus,
        &index_location(ctx),
        rebuild,
        &|done, total| bar.set(done, total),
        &|| bar.say("another kanbao is updating the search index; waiting for it to finish…"),
    )?;
    bar.finish();
    Ok(opened)
}

fn index_location(ctx: &Context) -> IndexLocation {
    IndexLocation {
        cache_root: ctx.dirs.cache.clone(),
    }
}

/// What a search answers with: the index when it is current or can be made so within about a
/// second; else the plain scan of every article, while a `kanbao index` of its own builds or
/// updates the index in the background (when another kanbao is not already at it). Says on
/// stderr which, and why.
pub(crate) fn engine(
    ctx: &Context,
    corpus: &StoredCorpus,
) -> Result<(Box<dyn SearchEngine>, Answerer)> {
    let bar = Bar::on_stderr();
    bar.start("indexing articles", 0);
    let readiness = SearchIndex::open_within(
        corpus,
        &index_location(ctx),
        front_patience(),
        &|done, total| bar.set(done, total),
    )?;
    bar.finish();
    let (deferral, interim) = match readiness {
        Readiness::Ready(index, report) => {
            if !matches!(report.status, IndexStatus::Reused { .. }) {
                eprintln!("kanbao: {}", sanitize_line(&report.status.to_string()));
            }
            return Ok((Box::new(index), Answerer::Index));
        }
        Readiness::Interim {
            index,
            path,
            deferral,
        } => (deferral, Some((index, path))),
        Readiness::Patched { engine, deferral } => {
            let meanwhile = meanwhile(ctx, &deferral);
            eprintln!(
                "kanbao: {}",
                sanitize_line(&format!(
                    "{deferral}; {meanwhile}. Meanwhile the index answers for the pages it holds, and the {} articles of pages it lacks are read directly (exact text, no pinyin).",
                    engine.unindexed_articles()
                ))
            );
            return Ok((Box::new(engine), Answerer::IndexAndScan));
        }
        Readiness::Deferred(deferral) => (deferral, None),
    };
    let meanwhile = meanwhile(ctx, &deferral);
    if let Some((index, path)) = interim {
        eprintln!(
            "kanbao: {}",
            sanitize_line(&format!(
                "{deferral}; {meanwhile}. Meanwhile the index an earlier kanbao built ({}) answers: every article is in it, its text analysed as that version did.",
                path.display()
            ))
        );
        return Ok((Box::new(index), Answerer::PreviousIndex));
    }
    eprintln!(
        "kanbao: {}",
        sanitize_line(&format!(
            "{deferral}; {meanwhile}. This search reads every article instead: exact text only, no pinyin."
        ))
    );
    Ok((
        Box::new(ScanEngine::new(Arc::clone(&corpus.store))),
        Answerer::Scan,
    ))
}

/// What is being done about a deferred index: a background `kanbao index` started for a build
/// or an update this process could have done, else waiting for the one at work.
fn meanwhile(ctx: &Context, deferral: &Deferral) -> String {
    if deferral.wants_builder() {
        match super::background::start_indexer(ctx) {
            Ok(log) => format!(
                "it is being done in the background (`kanbao index`, log {})",
                log.display()
            ),
            Err(why) => format!("a background `kanbao index` could not start ({why})"),
        }
    } else {
        "it will be used once ready".to_string()
    }
}

/// Which engine answered (`"engine"` in `--json`): scripts can tell a scan's exact-text answer
/// from the index's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Answerer {
    Index,
    /// The index an earlier kanbao (another analyzer version) built for this corpus, while
    /// this version's is built.
    PreviousIndex,
    /// The index as last committed, and a scan of the pages it lacks, while it is updated.
    IndexAndScan,
    Scan,
}

/// How much indexing a search does in front of the user: about a second's worth, unless
/// `KANBAO_INDEX_IN_FRONT` gives the number of articles (tests set it low to see the
/// background build on a small archive; a script that would rather wait runs `kanbao index`
/// first).
fn front_patience() -> Patience {
    let mut patience = Patience::ONE_SECOND;
    if let Some(articles) = std::env::var("KANBAO_INDEX_IN_FRONT")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        patience.max_articles = articles;
    }
    patience
}

pub(crate) fn run(ctx: &Context, args: &SearchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let filter = args.filter.resolve(ctx)?;
    let corpus = ctx.load_corpus()?;
    let saved = super::filter::saved_marks(ctx, &filter);
    let (engine, answerer) = engine(ctx, &corpus)?;
    // The engine applies the whole filter, marks included, and never allocates by the limit
    // (it cannot return more hits than there are articles).
    let query = SearchQuery {
        text: args.query.clone(),
        filter,
        marks: std::sync::Arc::new(MarkSets {
            bookmarks: saved.bookmarks,
            read: saved.read,
        }),
        sort: args.sort.into(),
        limit: args.limit,
    };
    let results = engine.search(&query)?;
    if args.json {
        print_json(args, &corpus, &results, answerer, started)
    } else {
        print_text(ctx, &corpus, &results, started)
    }
}

/// The results as one JSON document (`--json`).
fn print_json(
    args: &SearchArgs,
    corpus: &StoredCorpus,
    results: &SearchResults,
    engine: Answerer,
    started: Instant,
) -> Result<ExitCode> {
    let hits = results
        .hits
        .iter()
        .filter_map(|hit| {
            let head = corpus.store.head(hit.index)?;
            let article = head.to_article();
            Some(JsonHit {
                id: &hit.id,
                title: &hit.title,
                score: hit.score,
                region: article.region,
                themes: article.themes,
                snippet: &hit.snippet,
                highlights: &hit.highlights,
                loose: hit.loose,
            })
        })
        .collect();
    let json = JsonResults {
        query: &args.query,
        total: results.total,
        took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
        engine,
        hits,
        notes: results
            .notes
            .iter()
            .map(|note| JsonNote {
                note,
                message: note.to_string(),
            })
            .collect(),
    };
    let mut out = Out::new();
    out.line(&super::output::to_json(&json, true)?)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The results for a person: notes, then each hit's title, place and themes, and snippet, with
/// the matches marked; a count and the time taken last.
fn print_text(
    ctx: &Context,
    corpus: &StoredCorpus,
    results: &SearchResults,
    started: Instant,
) -> Result<ExitCode> {
    let mut out = Out::new();
    let style = Style::detect(ctx.ambiguous_wide);
    let options = LayoutOptions::new(style.width.unwrap_or(100)).with_ambiguous(style.ambiguous);
    for note in &results.notes {
        let line = super::output::sanitize_line(&format!("※ {note}"));
        out.line(&style.paint(super::output::MUTED, &line))?;
    }
    if !results.notes.is_empty() {
        out.line("")?;
    }
    for hit in &results.hits {
        if let Some(article) = corpus.store.head(hit.index) {
            print_hit(ctx, &mut out, hit, article, &style, &options)?;
        }
    }
    let shown = results.hits.len();
    out.line(&style.paint(
        super::output::MUTED,
        &format!(
            "{shown} of {} articles ({:.1} ms)",
            results.total,
            started.elapsed().as_secs_f64() * 1000.0
        ),
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// One hit: its title, a line of id, place and themes, and its snippet, then a blank line.
fn print_hit(
    ctx: &Context,
    out: &mut Out,
    hit: &Hit,
    article: Head<'_>,
    style: &Style,
    options: &LayoutOptions,
) -> Result<()> {
    out.line(
        &marked_lines(
            &hit.title,
            &hit.title_highlights,
            SpanStyle::Title,
            style,
            options,
        )
        .join("\n"),
    )?;
    let mut meta = vec![format!(
        "{}  {}",
        hit.id,
        crate::filter::short_place(article.city(), article.county())
    )];
    if hit.loose {
        meta.push("跨词匹配 loose match".to_string());
    }
    for id in article.themes() {
        meta.push(
            ctx.classifier
                .theme(id)
                .map_or_else(|| id.to_string(), |t| t.label.clone()),
        );
    }
    out.line(&marked_lines(&meta.join(" · "), &[], SpanStyle::Caption, style, options).join("\n"))?;
    out.line(
        &marked_lines(
            &hit.snippet,
            &hit.highlights,
            SpanStyle::Body,
            style,
            options,
        )
        .join("\n"),
    )?;
    out.line("")?;
    Ok(())
}

/// `text` wrapped to the terminal with its highlights (char offsets) shown: reverse video on a
/// colour terminal, `**` around them otherwise (pipes, NO_COLOR: Markdown's emphasis, which
/// does not clash with the paper's own 【栏目】 brackets).
fn marked_lines(
    text: &str,
    highlights: &[(usize, usize)],
    kind: SpanStyle,
    style: &Style,
    options: &LayoutOptions,
) -> Vec<String> {
    let byte_ranges = char_to_byte_ranges(text, highlights);
    if style.color {
        return layout::wrap_styled(text, kind, &byte_ranges, options)
            .iter()
            .map(|line| paint_line(line, style))
            .collect();
    }
    let mut marked = String::with_capacity(text.len() + highlights.len() * 6);
    let mut last = 0;
    for range in &byte_ranges {
        marked.push_str(&text[last..range.start]);
        marked.push_str("**");
        marked.push_str(&text[range.clone()]);
        marked.push_str("**");
        last = range.end;
    }
    marked.push_str(&text[last..]);
    layout::wrap_styled(&marked, kind, &[], options)
        .iter()
        .map(super::super::layout::paragraph::StyledLine::text)
        .collect()
}

/// Char offsets → byte ranges of `text`, clamped, sorted and non-overlapping.
fn char_to_byte_ranges(text: &str, highlights: &[(usize, usize)]) -> Vec<Range<usize>> {
    let mut boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    boundaries.push(text.len());
    let at = |c: usize| boundaries[c.min(boundaries.len() - 1)];
    let mut ranges: Vec<Range<usize>> = highlights
        .iter()
        .filter(|(s, e)| s < e)
        .map(|&(s, e)| at(s)..at(e))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_become_byte_ranges() {
        assert_eq!(
            char_to_byte_ranges("义乌市总工会", &[(0, 2), (1, 3), (5, 9)]),
            vec![0..9, 15..18]
        );
    }
}
