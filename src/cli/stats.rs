//! `kanbao stats`: articles per city, county, theme, reporter and month. The counts come from the
//! same classified articles and the same filters as `list`, so they always add up with it.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::list::pad;
use super::output::{Out, Style, sanitize_line};
use super::{Context, FilterArgs, JsonFlag};
use crate::classify::Classifier;
use crate::corpus::Head;

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Count {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    pub count: usize,
}

/// The counts. An article counts once per city, county, month; once per theme and person it has.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub total: usize,
    /// Articles about the whole province (no city).
    pub province_wide: usize,
    pub cities: Vec<Count>,
    pub counties: Vec<Count>,
    pub themes: Vec<Count>,
    pub reporters: Vec<Count>,
    pub months: Vec<Count>,
    pub undated: usize,
}

pub fn compute(articles: &[Head<'_>], classifier: &Classifier) -> Stats {
    let mut cities: BTreeMap<String, usize> = BTreeMap::new();
    let mut counties: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut reporters: BTreeMap<String, usize> = BTreeMap::new();
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let mut themes: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut province_wide, mut undated) = (0, 0);
    for article in articles {
        match article.city() {
            Some(city) => {
                *cities.entry(city.to_string()).or_default() += 1;
                if let Some(county) = article.county() {
                    *counties
                        .entry((city.to_string(), county.to_string()))
                        .or_default() += 1;
                }
            }
            None => province_wide += 1,
        }
        for theme in article.themes() {
            *themes.entry(theme).or_default() += 1;
        }
        let mut people: Vec<&str> = article.people().collect();
        people.sort_unstable();
        people.dedup();
        for person in people {
            *reporters.entry(person.to_string()).or_default() += 1;
        }
        match article.date() {
            Some(date) => *months.entry(date.chars().take(7).collect()).or_default() += 1,
            None => undated += 1,
        }
    }
    let by_count = |map: BTreeMap<String, usize>| {
        let mut v: Vec<Count> = map
            .into_iter()
            .map(|(name, count)| Count {
                name,
                label: None,
                city: None,
                count,
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        v
    };
    let mut county_counts: Vec<Count> = counties
        .into_iter()
        .map(|((city, name), count)| Count {
            name,
            label: None,
            city: Some(city),
            count,
        })
        .collect();
    county_counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    // Themes in taxonomy order, with their labels, including those with no article.
    let theme_counts = classifier
        .themes()
        .iter()
        .map(|t| Count {
            name: t.id.clone(),
            label: Some(t.label.clone()),
            city: None,
            count: themes.get(t.id.as_str()).copied().unwrap_or(0),
        })
        .collect();
    // Months in time order.
    let month_counts = months
        .into_iter()
        .map(|(name, count)| Count {
            name,
            label: None,
            city: None,
            count,
        })
        .collect();
    Stats {
        total: articles.len(),
        province_wide,
        cities: by_count(cities),
        counties: county_counts,
        themes: theme_counts,
        reporters: by_count(reporters),
        months: month_counts,
        undated,
    }
}

pub fn run(ctx: &Context, args: &StatsArgs) -> Result<ExitCode> {
    let filter = args.filter.resolve(&ctx.classifier)?;
    let corpus = ctx.load_corpus()?;
    let articles: Vec<Head<'_>> = corpus
        .store
        .heads()
        .filter(|a| filter.matches(*a))
        .collect();
    let stats = compute(&articles, &ctx.classifier);
    let mut out = Out::new();
    if args.json.json {
        out.line(&super::output::to_json(&stats, true)?)?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = Style::detect(ctx.ambiguous_wide);
    out.line(&format!("{} articles", stats.total))?;
    let section = |out: &mut Out, heading: &str, rows: Vec<(String, usize)>| -> Result<()> {
        out.line("")?;
        out.line(&style.paint("1", heading))?;
        for (name, count) in rows {
            out.line(&format!(
                "  {} {count:>5}",
                pad(&sanitize_line(&name), 20, style.ambiguous)
            ))?;
        }
        Ok(())
    };
    let mut cities: Vec<(String, usize)> = stats
        .cities
        .iter()
        .map(|c| (c.name.clone(), c.count))
        .collect();
    if stats.province_wide > 0 {
        cities.push(("浙江省 (全省)".to_string(), stats.province_wide));
    }
    section(&mut out, "地区 cities", cities)?;
    section(
        &mut out,
        "区县 counties",
        stats
            .counties
            .iter()
            .map(|c| {
                (
                    format!("{} {}", c.city.as_deref().unwrap_or(""), c.name),
                    c.count,
                )
            })
            .collect(),
    )?;
    section(
        &mut out,
        "主题 themes",
        stats
            .themes
            .iter()
            .map(|t| {
                (
                    format!("{} {}", t.label.as_deref().unwrap_or(""), t.name),
                    t.count,
                )
            })
            .collect(),
    )?;
    section(
        &mut out,
        "人员 people",
        stats
            .reporters
            .iter()
            .map(|c| (c.name.clone(), c.count))
            .collect(),
    )?;
    let mut months: Vec<(String, usize)> = stats
        .months
        .iter()
        .map(|c| (c.name.clone(), c.count))
        .collect();
    if stats.undated > 0 {
        months.push(("(no date)".to_string(), stats.undated));
    }
    section(&mut out, "月份 months", months)?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
