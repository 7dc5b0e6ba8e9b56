//! `kanbao search QUERY`: ranked hits with highlighted snippets, or JSON for scripts.

use std::ops::Range;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::output::{Out, Style};
use super::show::paint_line;
use super::{Context, FilterArgs};
use crate::article::Region;
use crate::corpus::StoredCorpus;
use crate::filter::{Filter, RegionPick};
use crate::layout::{self, LayoutOptions, SpanStyle};
use crate::search::{IndexLocation, SearchIndex, SearchQuery};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to find: Chinese words or names, traditional characters, pinyin (`yiwu`, initials
    /// `jxbl`), a "quoted phrase". Empty with filters: every article that passes them.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many hits.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
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
}

#[derive(Debug, Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    took_ms: f64,
    hits: Vec<JsonHit<'a>>,
}

/// Opens (or builds) the index for this corpus, with a one-line notice on stderr when it had to
/// be built or could not be cached.
pub fn open_index(
    ctx: &Context,
    corpus: &StoredCorpus,
    rebuild: bool,
) -> Result<(SearchIndex, crate::search::IndexReport)> {
    let location = IndexLocation {
        cache_root: ctx.dirs.cache.clone(),
    };
    let open = if rebuild {
        SearchIndex::rebuild
    } else {
        SearchIndex::open_or_build
    };
    Ok(open(
        Arc::clone(&corpus.store),
        corpus.fingerprint,
        &location,
        &|_, _| {},
    )?)
}

/// The filter as the index can express it, and whether the hits must still be checked against
/// the whole filter: the index has no field for province-wide articles, years, date ranges or
/// the reader's marks, so those are checked on a longer list of hits (20× the limit).
pub fn to_query(text: &str, filter: &Filter, limit: usize) -> (SearchQuery, bool) {
    let month = filter
        .dates
        .and_then(|d| d.as_single())
        .filter(|p| p.month_of().is_some())
        .map(|p| p.to_string());
    let region_facet = match &filter.region {
        Some(RegionPick::Place(r)) => {
            let mut facet = format!("/{}/{}", crate::article::PROVINCE, r.city);
            if let Some(county) = &r.county {
                facet.push('/');
                facet.push_str(county);
            }
            Some(facet)
        }
        _ => None,
    };
    let exact = !matches!(filter.region, Some(RegionPick::Province))
        && (filter.dates.is_none() || month.is_some())
        && !filter.bookmarked
        && !filter.unread;
    let query = SearchQuery {
        text: text.to_string(),
        region_facet,
        theme: filter.theme.clone(),
        reporter: filter.person.clone(),
        month,
        limit: if exact { limit } else { limit.max(1) * 20 },
    };
    (query, exact)
}

pub fn run(ctx: &Context, args: &SearchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let filter = args.filter.resolve(ctx)?;
    let corpus = ctx.load_corpus()?;
    let saved = super::filter::saved_marks(ctx, &filter);
    let marks = super::filter::marks(&saved);
    let (index, report) = open_index(ctx, &corpus, false)?;
    if !matches!(report.status, crate::search::IndexStatus::Reused { .. }) {
        eprintln!(
            "kanbao: {}",
            super::output::sanitize_line(&report.status.to_string())
        );
    }
    let (query, exact) = to_query(&args.query, &filter, args.limit);
    let mut results = index.search(&query)?;
    if !exact {
        results.hits.retain(|hit| {
            corpus
                .store
                .position(&hit.id)
                .and_then(|i| corpus.store.head(i))
                .is_some_and(|head| filter.matches(head, &marks))
        });
        results.total = results.hits.len();
        results.hits.truncate(args.limit);
    }
    let mut out = Out::new();
    if args.json {
        let hits = results
            .hits
            .iter()
            .filter_map(|hit| {
                let head = corpus.store.head(corpus.store.position(&hit.id)?)?;
                let article = head.to_article();
                Some(JsonHit {
                    id: &hit.id,
                    title: &hit.title,
                    score: hit.score,
                    region: article.region,
                    themes: article.themes,
                    snippet: &hit.snippet,
                    highlights: &hit.highlights,
                })
            })
            .collect();
        let json = JsonResults {
            query: &args.query,
            total: results.total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            hits,
        };
        out.line(&serde_json::to_string_pretty(&json)?)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = Style::detect(ctx.ambiguous_wide);
    let options = LayoutOptions::new(style.width.unwrap_or(100)).with_ambiguous(style.ambiguous);
    for hit in &results.hits {
        let Some(article) = corpus
            .store
            .position(&hit.id)
            .and_then(|i| corpus.store.head(i))
        else {
            continue;
        };
        out.line(
            &marked_lines(
                &hit.title,
                &hit.title_highlights,
                SpanStyle::Title,
                &style,
                &options,
            )
            .join("\n"),
        )?;
        let mut meta = vec![format!(
            "{}  {}",
            hit.id,
            super::list::region_label(article)
        )];
        for id in article.themes() {
            meta.push(
                ctx.classifier
                    .theme(id)
                    .map_or_else(|| id.to_string(), |t| t.label.clone()),
            );
        }
        out.line(
            &marked_lines(&meta.join(" · "), &[], SpanStyle::Caption, &style, &options).join("\n"),
        )?;
        out.line(
            &marked_lines(
                &hit.snippet,
                &hit.highlights,
                SpanStyle::Body,
                &style,
                &options,
            )
            .join("\n"),
        )?;
        out.line("")?;
    }
    let shown = results.hits.len();
    out.line(&style.paint(
        "2",
        &format!(
            "{shown} of {} articles ({:.1} ms)",
            results.total,
            started.elapsed().as_secs_f64() * 1000.0
        ),
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// `text` wrapped to the terminal with its highlights (char offsets) shown: reverse video on a
/// colour terminal, 【】 brackets otherwise (pipes, NO_COLOR).
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
        marked.push('【');
        marked.push_str(&text[range.clone()]);
        marked.push('】');
        last = range.end;
    }
    marked.push_str(&text[last..]);
    layout::wrap_styled(&marked, kind, &[], options)
        .iter()
        .map(|line| line.text())
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
