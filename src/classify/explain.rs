//! Why an article landed where it did: every place mention and theme rule that counted, with
//! weights and totals, and the decisions taken. `Serialize` for `--json`, `Display` for
//! `kanbao show ID --explain`.

use std::fmt;

use serde::Serialize;

use super::dates::DateClue;
use super::region::RegionAnalysis;
use super::themes::ThemeAnalysis;
use crate::article::{DateSource, Place, Region};

/// Why an article got its region, themes and date: the evidence `kanbao show --explain` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub article: String,
    pub title: String,
    pub region: Region,
    pub places: Vec<Place>,
    pub region_evidence: RegionAnalysis,
    pub themes: Vec<String>,
    pub theme_evidence: ThemeAnalysis,
    pub date: Option<String>,
    pub date_source: Option<DateSource>,
    /// Date clues in this article's own text (the date itself is decided for the whole page).
    pub date_clues: Vec<DateClue>,
    pub date_reasons: Vec<String>,
}

/// `text` padded with spaces to `cells` terminal columns (CJK characters take two).
fn pad(text: &str, cells: usize) -> String {
    crate::layout::pad(text, cells, crate::layout::AmbiguousWidth::Narrow)
}

/// "杭州市 › 西湖区", "杭州市", "浙江省 (province-wide)".
fn region_label(city: Option<&str>, county: Option<&str>) -> String {
    match city {
        Some(_) => crate::filter::place_label(city, county),
        None => "浙江省 (province-wide)".to_string(),
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}  {}", self.article, self.title)?;
        self.write_region(f)?;
        self.write_themes(f)?;
        self.write_date(f)
    }
}

impl Explanation {
    /// The region, every mention counted or ignored, the totals and the decision, the places.
    fn write_region(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Region: {}",
            region_label(self.region.city.as_deref(), self.region.county.as_deref())
        )?;
        let r = &self.region_evidence;
        if r.mentions.is_empty() {
            writeln!(f, "  no place mention counted")?;
        }
        for m in &r.mentions {
            write!(
                f,
                "  {} {:<8} → {} {:>2} pts",
                pad(&m.text, 20),
                m.section.label(),
                pad(&region_label(m.city.as_deref(), m.county.as_deref()), 24),
                m.points
            )?;
            if m.org {
                write!(f, "  (organisation ×2)")?;
            }
            if let Some(note) = &m.note {
                write!(f, "  ({note})")?;
            }
            writeln!(f)?;
        }
        for i in &r.ignored {
            writeln!(
                f,
                "  {} {:<8} ignored: {}",
                pad(&i.text, 20),
                i.section.label(),
                i.why
            )?;
        }
        let totals: Vec<String> = r
            .cities
            .iter()
            .map(|c| format!("{} {}", c.city, c.points))
            .chain((r.province_points > 0).then(|| format!("province {}", r.province_points)))
            .collect();
        if !totals.is_empty() {
            writeln!(f, "  totals: {}", totals.join(", "))?;
        }
        for reason in &r.reasons {
            writeln!(f, "  → {reason}")?;
        }
        if !self.places.is_empty() {
            let places: Vec<String> = self
                .places
                .iter()
                .map(|p| {
                    format!(
                        "{} ×{}",
                        region_label(p.city.as_deref(), p.county.as_deref()),
                        p.mentions
                    )
                })
                .collect();
            writeln!(f, "Places: {}", places.join(", "))?;
        }
        Ok(())
    }

    /// The themes, each scored theme's rule hits and the decision.
    fn write_themes(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Themes: {}", self.themes.join(", "))?;
        for s in &self.theme_evidence.scores {
            writeln!(f, "  {} {} {} pts", s.id, s.label, s.points)?;
            for h in &s.hits {
                writeln!(
                    f,
                    "    rule {:>2}  {} {:<8} ×{:<2} {:>2} pts",
                    h.rule,
                    pad(&h.phrase, 20),
                    h.section.label(),
                    h.count,
                    h.points
                )?;
            }
        }
        for reason in &self.theme_evidence.reasons {
            writeln!(f, "  → {reason}")?;
        }
        Ok(())
    }

    /// The date, where it came from, and the clues in this article's text.
    fn write_date(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self.date_source {
            Some(DateSource::Manifest) => " (from the page manifest)",
            Some(DateSource::FileName) => " (from the page's file name)",
            Some(DateSource::Inferred) => " (inferred from the page's text)",
            None => "",
        };
        writeln!(
            f,
            "Date: {}{source}",
            self.date.as_deref().unwrap_or("unknown")
        )?;
        let clues: Vec<&str> = self
            .date_clues
            .iter()
            .map(|c| match c {
                DateClue::Year { text, .. }
                | DateClue::PlannedYear { text, .. }
                | DateClue::Zodiac { text, .. }
                | DateClue::MonthDay { text, .. } => text.as_str(),
            })
            .collect();
        if !clues.is_empty() {
            writeln!(f, "  clues in this article: {}", clues.join(", "))?;
        }
        for reason in &self.date_reasons {
            writeln!(f, "  → {reason}")?;
        }
        Ok(())
    }
}
