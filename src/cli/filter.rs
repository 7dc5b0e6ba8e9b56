//! `--region`, `--theme`, `--reporter` and `--month`: shared by list, export, stats and search.

use anyhow::{Result, bail};
use clap::Args;

use crate::classify::{Classifier, RegionRef, place_matches};
use crate::corpus::Head;

#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only articles about this city or county (full or short name: 杭州, 西湖区, 义乌).
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// Only articles with this theme (id such as `wages`, or label such as 工资协商).
    #[arg(long, value_name = "ID|LABEL")]
    pub theme: Option<String>,
    /// Only articles crediting this person (reporter, correspondent or photographer).
    #[arg(long, value_name = "NAME")]
    pub reporter: Option<String>,
    /// Only articles dated in this month.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
}

/// The filters, checked and resolved against the gazetteer and theme list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    pub region: Option<RegionRef>,
    pub theme: Option<String>,
    pub reporter: Option<String>,
    pub month: Option<String>,
}

impl FilterArgs {
    pub fn resolve(&self, classifier: &Classifier) -> Result<ArticleFilter> {
        let region = match &self.region {
            None => None,
            Some(name) => match classifier.gazetteer().resolve(name.trim()) {
                Some(r) => Some(r),
                None => bail!(
                    "unknown region {name:?}: give a Zhejiang city or county, full or short (杭州, 西湖区, 义乌市)"
                ),
            },
        };
        let theme = match &self.theme {
            None => None,
            Some(t) => match classifier.theme(t.trim()) {
                Some(theme) => Some(theme.id.clone()),
                None => {
                    let known: Vec<String> = classifier
                        .themes()
                        .iter()
                        .map(|t| format!("{} ({})", t.id, t.label))
                        .collect();
                    bail!("unknown theme {t:?}: use one of {}", known.join(", "))
                }
            },
        };
        let month = match &self.month {
            None => None,
            Some(m) => {
                let m = m.trim();
                let ok = m.len() == 7
                    && m.as_bytes()[4] == b'-'
                    && m[..4].bytes().all(|b| b.is_ascii_digit())
                    && matches!(m[5..].parse::<u8>(), Ok(1..=12));
                if !ok {
                    bail!("--month wants YYYY-MM (e.g. 2023-02), not {m:?}");
                }
                Some(m.to_string())
            }
        };
        Ok(ArticleFilter {
            region,
            theme,
            reporter: self.reporter.as_ref().map(|r| r.trim().to_string()),
            month,
        })
    }
}

impl ArticleFilter {
    pub fn is_empty(&self) -> bool {
        self.region.is_none()
            && self.theme.is_none()
            && self.reporter.is_none()
            && self.month.is_none()
    }

    pub fn matches(&self, article: Head<'_>) -> bool {
        if let Some(region) = &self.region
            && !place_matches(article.city(), article.county(), region)
        {
            return false;
        }
        article.passes(
            self.theme.as_deref(),
            self.reporter.as_deref(),
            self.month.as_deref(),
        )
    }
}
