//! Region gazetteer, theme rules and dates: what an article is about and where. Pure and
//! data-driven (`data/regions.toml`, `data/themes.toml`, `data/pages.toml`, embedded).
//!
//! - `gazetteer`: cities, counties and places; validation; name resolution.
//! - `region`: an article's region and places from weighted mentions.
//! - `themes`: the theme taxonomy and weighted phrase rules.
//! - `dates`: a page's date from the manifest or from its text.
//! - `explain`: why, for `show --explain`.
//! - `matcher`: the Aho-Corasick matchers of both, compiled on first use.

pub(crate) mod dates;
pub(crate) mod explain;
pub(crate) mod gazetteer;
pub(crate) mod matcher;
pub(crate) mod region;
mod segments;
pub(crate) mod themes;

use std::collections::HashMap;

pub use dates::DateClue;
pub(crate) use dates::DateInference;
pub use dates::PageInfo;
pub use explain::Explanation;
pub use gazetteer::{City, County, CountyKind, Gazetteer, RegionRef};
pub use region::{IgnoredMention, Mention, PlaceScore, RegionAnalysis};
pub use segments::Section;
pub use themes::Theme;
pub(crate) use themes::ThemeBook;
pub use themes::{RuleHit, ThemeAnalysis, ThemeScore};

use crate::article::{Article, ArticleKind, DateSource, fnv1a};

/// Bumped whenever the classification logic changes in a way that changes results, so that
/// caches keyed by [`Classifier::fingerprint`] are rebuilt.
const LOGIC_VERSION: &str = "classify-2";

/// The embedded data files.
pub const REGIONS_TOML: &str = include_str!("../../data/regions.toml");
/// The embedded theme rules (`data/themes.toml`).
pub const THEMES_TOML: &str = include_str!("../../data/themes.toml");
/// The embedded page (版面) names (`data/pages.toml`).
pub const PAGES_TOML: &str = include_str!("../../data/pages.toml");

/// A data file that cannot be used. Messages name the file, the line where known, and what
/// to change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClassifyError {
    #[error("{file}: not valid TOML for kanbao: {message}")]
    Toml { file: &'static str, message: String },
    #[error("{file}{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Invalid {
        file: &'static str,
        line: Option<usize>,
        message: String,
    },
}

/// An error in data file `file` at the line where `needle` first occurs in its `source`.
pub(crate) fn invalid_at(
    file: &'static str,
    source: &str,
    needle: &str,
    message: String,
) -> ClassifyError {
    ClassifyError::Invalid {
        file,
        line: line_of(source, needle),
        message,
    }
}

/// The 1-based line of the first occurrence of `needle` in `source`.
pub(crate) fn line_of(source: &str, needle: &str) -> Option<usize> {
    source
        .find(needle)
        .map(|offset| source[..offset].matches('\n').count() + 1)
}

/// Gazetteer + theme rules + page manifest, validated. Cheap to share (`&Classifier`).
#[derive(Debug, Clone)]
pub struct Classifier {
    gazetteer: Gazetteer,
    themes: ThemeBook,
    pages: HashMap<String, PageInfo>,
    fingerprint: u64,
}

impl Classifier {
    /// The classifier built from the data files embedded in the binary.
    pub fn embedded() -> Result<Classifier, ClassifyError> {
        Self::from_sources(REGIONS_TOML, THEMES_TOML, PAGES_TOML)
    }

    /// A classifier from TOML texts (tests, or a user's own data files).
    pub fn from_sources(
        regions_toml: &str,
        themes_toml: &str,
        pages_toml: &str,
    ) -> Result<Classifier, ClassifyError> {
        let gazetteer = Gazetteer::from_toml(regions_toml)?;
        let themes = ThemeBook::from_toml(themes_toml)?;
        let pages = dates::parse_manifest(pages_toml)?;
        let mut bytes = Vec::new();
        for part in [LOGIC_VERSION, regions_toml, themes_toml, pages_toml] {
            bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
            bytes.extend_from_slice(part.as_bytes());
        }
        Ok(Classifier {
            gazetteer,
            themes,
            pages,
            fingerprint: fnv1a(&bytes),
        })
    }

    /// The gazetteer of Zhejiang's cities, counties and places this classifier resolves against.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The themes in taxonomy order.
    pub fn themes(&self) -> &[Theme] {
        self.themes.themes()
    }

    /// A theme by id (`wages`) or label (工资协商).
    pub fn theme(&self, id_or_label: &str) -> Option<&Theme> {
        self.themes.theme(id_or_label)
    }

    /// Every page the manifest knows, by file stem.
    pub(crate) fn pages(&self) -> &HashMap<String, PageInfo> {
        &self.pages
    }

    /// What the manifest says about a page (by file stem), if anything.
    pub fn page_info(&self, page: &str) -> Option<&PageInfo> {
        self.pages.get(page)
    }

    /// A hash of the data files and the classification logic version: a cache key.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Fills `region`, `places`, `themes`, `date` and `date_source` of every article. Articles
    /// are dated per page (all articles of one page share its date), whatever their order.
    pub fn classify_all(&self, articles: &mut [Article]) {
        let mut pages: HashMap<&str, Vec<&Article>> = HashMap::new();
        for article in articles.iter() {
            pages
                .entry(article.page.as_str())
                .or_default()
                .push(article);
        }
        let page_dates: HashMap<String, DateInference> = pages
            .into_iter()
            .map(|(page, on_page)| (page.to_string(), self.page_date(page, &on_page)))
            .collect();
        for article in articles.iter_mut() {
            let region = self.region(article);
            article
                .doubts
                .retain(|d| d.kind != crate::article::DoubtKind::WeakRegion);
            if let Some(reason) = region::weak_region(&region) {
                article.doubts.push(crate::article::Doubt {
                    line: article.cut.as_ref().map_or(0, |c| c.line),
                    kind: crate::article::DoubtKind::WeakRegion,
                    reason,
                });
            }
            article.region = region.region;
            article.places = region.places;
            article.themes = self.theme_analysis(article).themes;
            let date = &page_dates[&article.page];
            article.date = date.date.clone();
            article.date_source = date.source;
        }
    }

    /// The region analysis of one article (what [`Classifier::classify_all`] stores).
    pub(crate) fn region(&self, article: &Article) -> RegionAnalysis {
        region::analyse(&self.gazetteer, &segments::segments(article))
    }

    /// The theme analysis of one article (what [`Classifier::classify_all`] stores).
    pub(crate) fn theme_analysis(&self, article: &Article) -> ThemeAnalysis {
        self.themes.analyse(&segments::segments(article))
    }

    /// The date of a page: the manifest's, else its file name's, else inferred from the text
    /// of its articles.
    pub(crate) fn page_date(&self, page: &str, articles: &[&Article]) -> DateInference {
        if let Some(date) = self.pages.get(page).and_then(|i| i.date.as_ref()) {
            return DateInference {
                date: Some(date.clone()),
                source: Some(DateSource::Manifest),
                clues: Vec::new(),
                reasons: vec![format!("pages.toml gives {page} the date {date}")],
            };
        }
        if let Some(named) = dates::from_file_name(page) {
            return DateInference {
                date: Some(named.date.clone()),
                source: Some(DateSource::FileName),
                clues: Vec::new(),
                reasons: vec![format!(
                    "the file name {page} gives the date {}",
                    named.date
                )],
            };
        }
        let texts = article_texts(articles);
        let borrowed: Vec<(&str, bool)> = texts.iter().map(|(t, a)| (t.as_str(), *a)).collect();
        dates::infer(&borrowed)
    }

    /// Why `article` has its region, places and themes (recomputed from its text) and where
    /// its date came from (the date is decided for its whole page: see
    /// `Classifier::page_date` for the page's full reasoning).
    pub fn explain(&self, article: &Article) -> Explanation {
        let region = self.region(article);
        let themes = self.theme_analysis(article);
        let texts = article_texts(&[article]);
        let date_clues: Vec<DateClue> = texts
            .iter()
            .flat_map(|(t, announced)| dates::clues_in(t, *announced))
            .collect();
        let date_reasons = match (article.date_source, &article.date) {
            (Some(DateSource::Manifest), Some(date)) => {
                vec![format!("pages.toml gives this page the date {date}")]
            }
            (Some(DateSource::FileName), Some(date)) => vec![format!(
                "the file name {} gives the date {date}",
                article.page
            )],
            (_, Some(date)) => vec![format!(
                "{date} was inferred from the whole page {}; this article holds {} of its clues",
                article.page,
                date_clues.len()
            )],
            (_, None) => vec![format!(
                "page {} has no manifest entry and its text does not fix a date",
                article.page
            )],
        };
        Explanation {
            article: article.id.clone(),
            title: article.title.clone(),
            region: region.region.clone(),
            places: region.places.clone(),
            region_evidence: region,
            themes: themes.themes.clone(),
            theme_evidence: themes,
            date: article.date.clone(),
            date_source: article.date_source,
            date_clues,
            date_reasons,
        }
    }
}

/// Each article's full text, flagged when the article lists coming events (a notice).
fn article_texts(articles: &[&Article]) -> Vec<(String, bool)> {
    articles
        .iter()
        .map(|a| {
            let mut text = a.headline();
            text.push('\n');
            text.push_str(&a.body_text());
            (text, a.kind == ArticleKind::Notice)
        })
        .collect()
}
