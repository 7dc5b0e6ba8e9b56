//! `kanbao check`: the cuts kanbao is least sure of, so a user can look at them and fix them
//! once in `pages.toml`. Each doubt gives the page, the line of the page file and the reason:
//! a headline-shaped line kept in a body, an article started on a close call, an empty title,
//! a very short or very long article, a region resting on a single weak mention. It also checks
//! the user's `pages.toml`: corrections naming a page or a line that is not there.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::output::{Out, sanitize_line};
use super::{Context, JsonFlag};
use crate::article::{Doubt, DoubtKind};
use crate::corpus::decode::decode;
use crate::corpus::manifest::{self, UserManifest};
use crate::corpus::parse::parse_page_with;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) json: JsonFlag,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Finding {
    pub(crate) page: String,
    pub(crate) line: u32,
    pub(crate) kind: String,
    /// The article the doubt is about (none for a manifest problem).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    pub(crate) reason: String,
}

/// Most doubtful first: a missed or false boundary costs the reader a whole article.
fn severity(kind: DoubtKind) -> u8 {
    match kind {
        DoubtKind::HeadlineInBody => 0,
        DoubtKind::CloseCall => 1,
        DoubtKind::EmptyTitle => 2,
        DoubtKind::Long => 3,
        DoubtKind::Short => 4,
        DoubtKind::WeakRegion => 5,
    }
}

pub(crate) fn run(ctx: &Context, args: &CheckArgs) -> Result<ExitCode> {
    let corpus = ctx.load_corpus()?;
    let mut doubts: Vec<(u8, Finding)> = Vec::new();
    for head in corpus.store.heads() {
        let article = corpus.store.article(head.index())?;
        for Doubt { line, kind, reason } in &article.doubts {
            doubts.push((
                severity(*kind),
                Finding {
                    page: article.page.clone(),
                    line: *line,
                    kind: kind.label().to_string(),
                    id: Some(article.id.clone()),
                    title: Some(article.title.clone()),
                    reason: reason.clone(),
                },
            ));
        }
    }
    doubts.sort_by(|(a, x), (b, y)| (a, &x.page, x.line).cmp(&(b, &y.page, y.line)));
    let mut findings: Vec<Finding> = manifest_findings(ctx.manifest_dir().as_deref());
    findings.extend(doubts.into_iter().map(|(_, f)| f));
    let mut out = Out::new();
    if args.json.json {
        out.line(&serde_json::to_string_pretty(&findings)?)?;
    } else {
        for f in &findings {
            let what = match (&f.id, &f.title) {
                (Some(id), Some(title)) => format!("  {id} «{title}»"),
                _ => String::new(),
            };
            out.line(&sanitize_line(&format!(
                "{}:{}  {}{what}",
                f.page, f.line, f.kind
            )))?;
            out.line(&format!("    {}", sanitize_line(&f.reason)))?;
        }
        out.line(&format!(
            "{} finding(s). Fix a cut in {} (split_before, join, title): see README.",
            findings.len(),
            manifest::FILE_NAME
        ))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Problems of the user's manifest: unreadable, or naming pages and lines that are not there.
fn manifest_findings(dir: Option<&Path>) -> Vec<Finding> {
    let Some(dir) = dir else { return Vec::new() };
    let file = dir.join(manifest::FILE_NAME).display().to_string();
    let manifest = match UserManifest::load(dir) {
        Ok(Some(m)) => m,
        Ok(None) => return Vec::new(),
        Err(e) => {
            return vec![Finding {
                page: file,
                line: e.line.and_then(|l| u32::try_from(l).ok()).unwrap_or(0),
                kind: "manifest".into(),
                id: None,
                title: None,
                reason: e.message,
            }];
        }
    };
    let mut stems: Vec<&String> = manifest.pages.keys().collect();
    stems.sort();
    let mut findings = Vec::new();
    for stem in stems {
        let corrections = manifest.corrections(stem).unwrap_or_default();
        let page_file: PathBuf = dir.join(format!("{stem}.txt"));
        let text = std::fs::read(&page_file)
            .ok()
            .and_then(|bytes| decode(&bytes).ok());
        let Some(text) = text else {
            findings.push(Finding {
                page: file.clone(),
                line: 0,
                kind: "manifest".into(),
                id: None,
                title: None,
                reason: format!("page {stem}: no readable page {}", page_file.display()),
            });
            continue;
        };
        for unused in parse_page_with(stem, &text, &corrections).1 {
            findings.push(Finding {
                page: file.clone(),
                line: 0,
                kind: "manifest".into(),
                id: None,
                title: None,
                reason: format!(
                    "page {stem}: {} «{}» names no line of the page",
                    unused.kind, unused.line
                ),
            });
        }
    }
    findings
}
