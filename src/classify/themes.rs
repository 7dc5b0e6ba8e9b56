//! Themes: a fixed taxonomy and transparent weighted phrase rules from `data/themes.toml`.
//!
//! Every phrase found adds `weight × section factor` to its rule's theme (a phrase counts at
//! most `cap` times per section, so one repeated word cannot carry an article). The best
//! theme is always assigned; a further theme needs at least `min_points` and a fixed share of
//! the best theme's points. Phrases are matched longest-first, so 职业技能竞赛 is one hit,
//! not also 技能 and 竞赛.

use std::collections::{HashMap, HashSet};

use super::matcher::LazyMatcher;
use serde::{Deserialize, Serialize};

use super::segments::{Section, Segment};
use super::{ClassifyError, invalid_at};

const FILE: &str = "themes.toml";

/// One theme of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    /// Stable id (`skills`, `wages`, …): the value stored in `Article::themes`.
    pub id: String,
    /// What a reader sees (技能提升).
    pub label: String,
    /// What the theme covers, in a line.
    pub covers: String,
}

/// One phrase rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleHit {
    /// 1-based number of the `[[rule]]` in themes.toml.
    pub rule: usize,
    pub phrase: String,
    pub section: Section,
    pub count: u32,
    pub points: u32,
}

/// A theme's total and the hits behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeScore {
    pub id: String,
    pub label: String,
    pub points: u32,
    pub hits: Vec<RuleHit>,
}

/// The themes chosen and every score, strongest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeAnalysis {
    pub themes: Vec<String>,
    /// Themes with any points, strongest first (ties in taxonomy order).
    pub scores: Vec<ThemeScore>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Scoring {
    pub column: u32,
    pub headline: u32,
    pub lede: u32,
    pub body: u32,
    /// A phrase counts at most this many times per section.
    pub cap: u32,
    /// A second or third theme needs at least this many points …
    pub min_points: u32,
    /// … and at least this percentage of the first theme's points.
    pub min_share_percent: u32,
    pub max_themes: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    scoring: Scoring,
    /// The theme an article gets when no rule fires at all.
    fallback: String,
    #[serde(rename = "theme")]
    themes: Vec<ThemeSpec>,
    #[serde(rename = "rule")]
    rules: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeSpec {
    id: String,
    label: String,
    covers: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    theme: String,
    weight: u32,
    phrases: Vec<String>,
}

#[derive(Debug, Clone)]
struct Phrase {
    rule: usize,
    theme: usize,
    weight: u32,
}

/// The validated taxonomy and its compiled rules.
#[derive(Debug, Clone)]
pub(crate) struct ThemeBook {
    themes: Vec<Theme>,
    fallback: usize,
    scoring: Scoring,
    phrases: Vec<Phrase>,
    texts: Vec<String>,
    matcher: LazyMatcher,
}

fn invalid(source: &str, needle: &str, message: String) -> ClassifyError {
    invalid_at(FILE, source, needle, message)
}

/// The line of the `[[rule]]` header number `n` (1-based).
fn rule_line(source: &str, n: usize) -> Option<usize> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[rule]]")
        .nth(n - 1)
        .map(|(i, _)| i + 1)
}

/// The `[[theme]]` entries, checked: ids and labels non-empty and unique.
fn taxonomy(source: &str, specs: &[ThemeSpec]) -> Result<Vec<Theme>, ClassifyError> {
    let mut ids = HashSet::new();
    let mut labels = HashSet::new();
    for t in specs {
        if t.id.trim().is_empty() || t.label.trim().is_empty() {
            return Err(invalid(
                source,
                "[[theme]]",
                "a [[theme]] has an empty id or label".into(),
            ));
        }
        if !ids.insert(t.id.as_str()) {
            return Err(invalid(
                source,
                &format!("id = \"{}\"", t.id),
                format!("theme id '{}' is defined twice; ids must be unique", t.id),
            ));
        }
        if !labels.insert(t.label.as_str()) {
            return Err(invalid(
                source,
                &format!("label = \"{}\"", t.label),
                format!(
                    "theme label '{}' is used twice; labels must be unique",
                    t.label
                ),
            ));
        }
    }
    Ok(specs
        .iter()
        .map(|t| Theme {
            id: t.id.trim().to_string(),
            label: t.label.trim().to_string(),
            covers: t.covers.trim().to_string(),
        })
        .collect())
}

/// The `[[rule]]` entries as one list of phrases (with their rule, theme and weight) and the
/// phrase texts in the same order; each phrase supports one rule only.
fn rule_phrases(
    source: &str,
    rules: &[RuleSpec],
    themes: &[Theme],
) -> Result<(Vec<Phrase>, Vec<String>), ClassifyError> {
    let mut phrases = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        let n = i + 1;
        let err = |message: String| ClassifyError::Invalid {
            file: FILE,
            line: rule_line(source, n),
            message,
        };
        let Some(theme) = themes.iter().position(|t| t.id == rule.theme) else {
            return Err(err(format!(
                "rule {n} names unknown theme '{}'; use one of the [[theme]] ids",
                rule.theme
            )));
        };
        if rule.weight == 0 {
            return Err(err(format!("rule {n} has weight 0; give it a weight ≥ 1")));
        }
        if rule.phrases.is_empty() {
            return Err(err(format!("rule {n} has no phrases")));
        }
        for phrase in &rule.phrases {
            let phrase = phrase.trim();
            if phrase.is_empty() {
                return Err(err(format!("rule {n} has an empty phrase")));
            }
            if let Some(earlier) = seen.insert(phrase.to_string(), n) {
                return Err(err(format!(
                    "phrase '{phrase}' is in both rule {earlier} and rule {n}; a phrase may \
                     support only one rule"
                )));
            }
            phrases.push(Phrase {
                rule: n,
                theme,
                weight: rule.weight,
            });
            texts.push(phrase.to_string());
        }
    }
    Ok((phrases, texts))
}

impl ThemeBook {
    /// Parses and validates `themes.toml`: the scoring, the taxonomy, the fallback, then the
    /// phrase rules compiled into one matcher.
    pub(crate) fn from_toml(source: &str) -> Result<ThemeBook, ClassifyError> {
        let file: ThemesFile = toml::from_str(source).map_err(|e| ClassifyError::Toml {
            file: FILE,
            message: e.to_string(),
        })?;
        let s = file.scoring;
        if s.max_themes == 0 || s.cap == 0 || s.min_share_percent > 100 {
            return Err(invalid(
                source,
                "[scoring]",
                "[scoring] needs max_themes ≥ 1, cap ≥ 1 and min_share_percent ≤ 100".into(),
            ));
        }
        let themes = taxonomy(source, &file.themes)?;
        let Some(fallback) = themes.iter().position(|t| t.id == file.fallback) else {
            return Err(invalid(
                source,
                "fallback",
                format!(
                    "fallback names unknown theme '{}'; use one of the [[theme]] ids",
                    file.fallback
                ),
            ));
        };
        let (phrases, texts) = rule_phrases(source, &file.rules, &themes)?;
        Ok(ThemeBook {
            themes,
            fallback,
            scoring: s,
            phrases,
            texts,
            matcher: LazyMatcher::default(),
        })
    }

    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// A theme by id (`wages`) or label (工资协商).
    pub fn theme(&self, id_or_label: &str) -> Option<&Theme> {
        let key = id_or_label.trim();
        self.themes.iter().find(|t| t.id == key || t.label == key)
    }

    fn factor(&self, section: Section) -> u32 {
        match section {
            Section::Column => self.scoring.column,
            Section::Headline => self.scoring.headline,
            Section::Lede => self.scoring.lede,
            Section::Body => self.scoring.body,
        }
    }

    /// Scores every theme on the article's sections, then chooses the best and the further
    /// themes that qualify.
    pub(crate) fn analyse(&self, segments: &[Segment<'_>]) -> ThemeAnalysis {
        let mut ranked: Vec<ThemeScore> = self
            .scores(segments)
            .into_iter()
            .filter(|s| s.points > 0)
            .collect();
        // Strongest first; ties in taxonomy order (the sort is stable).
        ranked.sort_by_key(|s| std::cmp::Reverse(s.points));
        let (themes, reasons) = self.choose(&ranked);
        ThemeAnalysis {
            themes,
            scores: ranked,
            reasons,
        }
    }

    /// Every theme's points: phrase weight × section factor × occurrences (capped), with the
    /// rule hits that earned them in the order they were first seen.
    fn scores(&self, segments: &[Segment<'_>]) -> Vec<ThemeScore> {
        // (phrase index, section) → occurrences
        let mut counts: HashMap<(usize, Section), u32> = HashMap::new();
        let mut order: Vec<(usize, Section)> = Vec::new();
        for seg in segments {
            for m in self
                .matcher
                .get(|| self.texts.iter().map(String::as_str))
                .find_iter(seg.text)
            {
                let key = (m.pattern().as_usize(), seg.section);
                let count = counts.entry(key).or_insert(0);
                if *count == 0 {
                    order.push(key);
                }
                *count += 1;
            }
        }
        let mut scores: Vec<ThemeScore> = self
            .themes
            .iter()
            .map(|t| ThemeScore {
                id: t.id.clone(),
                label: t.label.clone(),
                points: 0,
                hits: Vec::new(),
            })
            .collect();
        for key in order {
            let (pi, section) = key;
            let phrase = &self.phrases[pi];
            let count = counts[&key];
            let points = phrase.weight * self.factor(section) * count.min(self.scoring.cap);
            if points == 0 {
                continue;
            }
            let score = &mut scores[phrase.theme];
            score.points += points;
            score.hits.push(RuleHit {
                rule: phrase.rule,
                phrase: self.texts[pi].clone(),
                section,
                count,
                points,
            });
        }
        scores
    }

    /// The themes an article gets from its ranked scores: the best always (the fallback when
    /// nothing scored), further ones while they reach the minimum and their share of the best.
    fn choose(&self, ranked: &[ThemeScore]) -> (Vec<String>, Vec<String>) {
        let mut reasons = Vec::new();
        let Some(top) = ranked.first() else {
            let fallback = &self.themes[self.fallback];
            reasons.push(format!(
                "no theme rule fired: the fallback theme {} ({}) applies",
                fallback.id, fallback.label
            ));
            return (vec![fallback.id.clone()], reasons);
        };
        let top_points = top.points;
        let mut themes = vec![top.id.clone()];
        reasons.push(format!(
            "{} ({}) has the most points: {top_points}",
            top.id, top.label
        ));
        let share_needed = (top_points * self.scoring.min_share_percent).div_ceil(100);
        let needed = share_needed.max(self.scoring.min_points);
        for s in ranked.iter().skip(1) {
            if themes.len() >= self.scoring.max_themes {
                break;
            }
            if s.points < needed {
                reasons.push(format!(
                    "{} ({}) has {} points, short of the {needed} a further theme needs \
                     (at least {} and {}% of {top_points})",
                    s.id,
                    s.label,
                    s.points,
                    self.scoring.min_points,
                    self.scoring.min_share_percent
                ));
                break;
            }
            themes.push(s.id.clone());
            reasons.push(format!(
                "{} ({}) also qualifies: {} ≥ {needed} points",
                s.id, s.label, s.points
            ));
        }
        (themes, reasons)
    }
}
