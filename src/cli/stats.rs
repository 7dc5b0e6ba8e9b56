//! `kanbao stats`: articles per city, county, theme, reporter and month. The counts come from the
//! same classified articles and the same filters as `list`, so they always add up with it.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::output::{Out, Style, sanitize_line};
use super::{Context, FilterArgs, JsonFlag};
use crate::filter::facets::{FacetCounts, FacetOrder, Facets, Tally};
use crate::layout::pad;

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    #[command(flatten)]
    pub(crate) json: JsonFlag,
}

// `count` is the key `stats --json` has always written.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Count {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) city: Option<String>,
    pub(crate) count: usize,
}

/// The counts. An article counts once per city, county, year, month; once per theme and person
/// it has. Like the browser's navigator (the same routine, [`Facets::count`]), each section
/// applies every filter flag but its own: with `--theme wages` the cities count wage articles,
/// and the themes count every theme under the other flags — the number a section shows is the
/// number `kanbao list` gives with that value added to the flags.
#[derive(Debug, Serialize)]
pub(crate) struct Stats {
    /// Articles passing every flag.
    pub(crate) total: usize,
    /// Articles about the whole province (no city).
    pub(crate) province_wide: usize,
    pub(crate) cities: Vec<Count>,
    pub(crate) counties: Vec<Count>,
    pub(crate) themes: Vec<Count>,
    pub(crate) reporters: Vec<Count>,
    pub(crate) years: Vec<Count>,
    /// Articles dated to a month (an article dated only by its year is in no month).
    pub(crate) months: Vec<Count>,
    pub(crate) undated: usize,
}

fn count(name: &str, count: usize) -> Count {
    Count {
        name: name.to_string(),
        label: None,
        city: None,
        count,
    }
}

/// Most first, then by name; values no article under the filter has are left out.
fn by_count(mut counts: Vec<Count>) -> Vec<Count> {
    counts.retain(|c| c.count > 0);
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    counts
}

pub(crate) fn compute(facets: &Facets, counts: &FacetCounts) -> Stats {
    let zip = |names: &mut dyn Iterator<Item = String>, tallies: &[Tally]| -> Vec<Count> {
        names
            .zip(tallies)
            .map(|(name, t)| count(&name, t.articles))
            .collect()
    };
    let cities = zip(&mut facets.cities().iter().cloned(), &counts.cities);
    let counties: Vec<Count> = facets
        .counties()
        .zip(&counts.counties)
        .map(|((city, name), t)| Count {
            city: Some(facets.cities()[city].clone()),
            ..count(name, t.articles)
        })
        .collect();
    // Themes in taxonomy order, with their labels, including those with no article.
    let themes = facets
        .themes()
        .iter()
        .zip(&counts.themes)
        .map(|((id, label), t)| Count {
            label: Some(label.clone()),
            ..count(id, t.articles)
        })
        .collect();
    let months = facets
        .months()
        .iter()
        .zip(&counts.months)
        .filter(|(_, t)| t.articles > 0)
        .map(|((y, m), t)| count(&format!("{y:04}-{m:02}"), t.articles))
        .collect();
    let years = facets
        .years()
        .iter()
        .zip(&counts.years)
        .filter(|(_, t)| t.articles > 0)
        .map(|(y, t)| count(&y.to_string(), t.articles))
        .collect();
    Stats {
        total: counts.matching.articles,
        province_wide: counts.province.articles,
        cities: by_count(cities),
        counties: by_count(counties),
        themes,
        reporters: by_count(zip(&mut facets.people().iter().cloned(), &counts.people)),
        years,
        months,
        undated: counts.undated.articles,
    }
}

pub(crate) fn run(ctx: &Context, args: &StatsArgs) -> Result<ExitCode> {
    let filter = args.filter.resolve(ctx)?;
    let corpus = ctx.load_corpus()?;
    let saved = super::filter::saved_marks(ctx, &filter);
    let facets = Facets::build(&corpus.store, &FacetOrder::of(&ctx.classifier));
    let counts = facets.count(&corpus.store, &filter, &super::filter::marks(&saved));
    let stats = compute(&facets, &counts);
    let mut out = Out::new();
    if args.json.json {
        out.line(&super::output::to_json(&stats, true)?)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = Style::detect(ctx.ambiguous_wide);
    out.line(&format!("{} articles", stats.total))?;
    if !filter.is_empty() {
        out.line("(每栏按其余筛选计数 each section counts under the other filters, not its own)")?;
    }
    for (heading, rows) in sections(&stats) {
        print_section(&mut out, &style, heading, rows)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The human report's sections in order, each a heading and its (name, count) rows.
fn sections(stats: &Stats) -> Vec<(&'static str, Vec<(String, usize)>)> {
    let mut cities: Vec<(String, usize)> = stats
        .cities
        .iter()
        .map(|c| (c.name.clone(), c.count))
        .collect();
    if stats.province_wide > 0 {
        cities.push(("浙江省 (全省)".to_string(), stats.province_wide));
    }
    let counties = stats
        .counties
        .iter()
        .map(|c| {
            (
                format!("{} {}", c.city.as_deref().unwrap_or(""), c.name),
                c.count,
            )
        })
        .collect();
    let themes = stats
        .themes
        .iter()
        .map(|t| {
            (
                format!("{} {}", t.label.as_deref().unwrap_or(""), t.name),
                t.count,
            )
        })
        .collect();
    let people = stats
        .reporters
        .iter()
        .map(|c| (c.name.clone(), c.count))
        .collect();
    // Years, each followed by its months.
    let mut dates: Vec<(String, usize)> = Vec::new();
    for year in &stats.years {
        dates.push((year.name.clone(), year.count));
        dates.extend(
            stats
                .months
                .iter()
                .filter(|m| m.name.starts_with(&year.name))
                .map(|m| (format!("  {}", m.name), m.count)),
        );
    }
    if stats.undated > 0 {
        dates.push(("无日期 no date".to_string(), stats.undated));
    }
    vec![
        ("地区 cities", cities),
        ("区县 counties", counties),
        ("主题 themes", themes),
        ("人员 people", people),
        ("日期 dates", dates),
    ]
}

/// One section: a blank line, the heading, then the rows with their names padded to the widest,
/// in display cells, so the counts line up.
fn print_section(
    out: &mut Out,
    style: &Style,
    heading: &str,
    rows: Vec<(String, usize)>,
) -> Result<()> {
    out.line("")?;
    out.line(&style.paint(super::output::HEADING, heading))?;
    let rows: Vec<(String, usize)> = rows
        .into_iter()
        .map(|(name, n)| (sanitize_line(&name), n))
        .collect();
    let cells = rows
        .iter()
        .map(|(name, _)| crate::layout::str_width(name, style.ambiguous))
        .max()
        .unwrap_or(0);
    for (name, count) in rows {
        out.line(&format!(
            "  {}  {count:>5}",
            pad(&name, cells, style.ambiguous)
        ))?;
    }
    Ok(())
}
