//! The user's page manifest: `pages.toml` in the `--data` directory (or in the library), where
//! a user records what kanbao cannot know or got wrong about a page, once, so it holds across
//! re-imports and rebuilds: the page's source (paper, date, page number, URL; `kanbao import
//! --date --page --url` writes these) and cut corrections:
//!
//! ```toml
//! [pages."2019-03-14_3"]
//! date = "2019-03-14"                         # wins over the file name and the text
//! number = 3                                  # the printed page number
//! url = "https://example.org/2019-03-14/3"    # `Y` in the browser copies it
//! split_before = ["长兴职工书屋添了"]          # an article starts at the line that begins so
//! join = ["技高者多得"]                        # no article starts there: glued to the one above
//! title = { "助力企业" = "助力企业迈好开年第一步" }  # the article whose headline holds the line
//! ```
//!
//! Lines are named by how they begin, as printed (markers, indents and punctuation width do not
//! matter). The manifest is validated like the other data files (unknown keys, empty lines and
//! bad types are errors naming the file and line); a bad manifest is reported and ignored, never
//! a reason to lose the pages. Its bytes are part of the snapshot key and of the index
//! fingerprint, so a correction takes effect at the next start.
//!
//! The table of a page is meant to grow: add fields to [`PageEntry`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::article::fnv1a;
use crate::classify::PageInfo;
use crate::classify::dates::page_info_problem;
use crate::corpus::parse::Corrections;

/// The manifest's file name inside a page directory.
pub(crate) const FILE_NAME: &str = "pages.toml";

/// The longest manifest read (bytes): corrections for tens of thousands of pages.
const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// The shortest line prefix accepted: shorter ones name too many lines.
const MIN_LINE_CHARS: usize = 4;

/// What the user says about one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageEntry {
    /// The print date, `YYYY-MM-DD` or `YYYY-MM`: wins over the file name and the text.
    #[serde(default)]
    pub date: Option<String>,
    /// The edition, e.g. 基层.
    #[serde(default)]
    pub edition: Option<String>,
    /// The printed page number.
    #[serde(default)]
    pub number: Option<u32>,
    /// The paper, when not 浙江工人日报.
    #[serde(default)]
    pub paper: Option<String>,
    /// Where the page can be read online.
    #[serde(default)]
    pub url: Option<String>,
    /// An article starts at each line that begins with one of these.
    #[serde(default)]
    pub split_before: Vec<String>,
    /// No article starts at these lines: each is glued to the article above.
    #[serde(default)]
    pub join: Vec<String>,
    /// The title of the article whose headline holds the line.
    #[serde(default)]
    pub title: BTreeMap<String, String>,
}

impl PageEntry {
    /// The page's source, when the entry gives any part of it.
    pub(crate) fn source(&self) -> Option<PageInfo> {
        let info = PageInfo {
            date: self.date.clone(),
            edition: self.edition.clone(),
            number: self.number,
            paper: self.paper.clone(),
            url: self.url.clone(),
        };
        (info != PageInfo::default()).then_some(info)
    }

    pub(crate) fn corrections(&self) -> Corrections {
        Corrections {
            split_before: self.split_before.clone(),
            join: self.join.clone(),
            title: self.title.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    pages: HashMap<String, PageEntry>,
}

/// A user manifest, read and checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct UserManifest {
    pub path: Option<PathBuf>,
    pub pages: HashMap<String, PageEntry>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub(crate) struct ManifestError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl UserManifest {
    /// The manifest of `dir`, if it has one. `Ok(None)` when there is no `pages.toml`.
    pub(crate) fn load(dir: &Path) -> Result<Option<UserManifest>, ManifestError> {
        let path = dir.join(FILE_NAME);
        let Ok(meta) = std::fs::metadata(&path) else {
            return Ok(None);
        };
        let error = |line: Option<usize>, message: String| ManifestError {
            path: path.display().to_string(),
            line,
            message,
        };
        if meta.len() > MAX_BYTES {
            return Err(error(
                None,
                format!("{} bytes is too large for a page manifest", meta.len()),
            ));
        }
        let bytes =
            std::fs::read(&path).map_err(|e| error(None, format!("cannot be read: {e}")))?;
        let source = String::from_utf8(bytes)
            .map_err(|_| error(None, "is not UTF-8 text; save it as UTF-8".into()))?;
        let mut manifest = Self::parse(&source).map_err(|(line, message)| error(line, message))?;
        manifest.path = Some(path);
        Ok(Some(manifest))
    }

    /// Reads a manifest's text; errors carry the 1-based line when it is known.
    pub(crate) fn parse(source: &str) -> Result<UserManifest, (Option<usize>, String)> {
        let file: ManifestFile = toml::from_str(source).map_err(|e| {
            let line = e
                .span()
                .map(|s| source[..s.start.min(source.len())].matches('\n').count() + 1);
            (line, e.message().to_string())
        })?;
        for (stem, entry) in &file.pages {
            if let Some((needle, message)) =
                entry.source().and_then(|s| page_info_problem(stem, &s))
            {
                return Err((line_of(source, &needle), message));
            }
            let lines = entry
                .split_before
                .iter()
                .chain(&entry.join)
                .chain(entry.title.keys());
            for line in lines {
                if line.trim().chars().count() < MIN_LINE_CHARS {
                    return Err((
                        line_of(source, line),
                        format!(
                            "page {stem}: the line «{line}» is too short to name one line; \
                             give its first {MIN_LINE_CHARS} characters or more"
                        ),
                    ));
                }
            }
            for (line, title) in &entry.title {
                if title.trim().is_empty() {
                    return Err((
                        line_of(source, line),
                        format!("page {stem}: the new title for «{line}» is empty"),
                    ));
                }
            }
            if let Some(both) = entry.split_before.iter().find(|l| entry.join.contains(l)) {
                return Err((
                    line_of(source, both),
                    format!("page {stem}: «{both}» is both in split_before and in join"),
                ));
            }
        }
        Ok(UserManifest {
            path: None,
            pages: file.pages,
        })
    }

    /// The sources the manifest gives, by page file stem.
    pub(crate) fn sources(&self) -> HashMap<String, PageInfo> {
        self.pages
            .iter()
            .filter_map(|(stem, entry)| Some((stem.clone(), entry.source()?)))
            .collect()
    }

    /// The corrections for the page with this file stem.
    pub(crate) fn corrections(&self, page: &str) -> Option<Corrections> {
        self.pages.get(page).map(PageEntry::corrections)
    }
}

/// Records what is known of page `stem`'s source in `dir/pages.toml`: the given fields are set
/// (replacing what the entry said of them), everything else in the file, comments included, is
/// kept. The new file is checked as a manifest before it replaces the old one (atomically).
pub(crate) fn record_source(
    dir: &Path,
    stem: &str,
    source: &PageInfo,
) -> Result<(), ManifestError> {
    let path = dir.join(FILE_NAME);
    let error = |line: Option<usize>, message: String| ManifestError {
        path: path.display().to_string(),
        line,
        message,
    };
    let old = match std::fs::metadata(&path) {
        Ok(meta) if meta.len() > MAX_BYTES => {
            return Err(error(
                None,
                format!("{} bytes is too large for a page manifest", meta.len()),
            ));
        }
        Ok(_) => std::fs::read_to_string(&path)
            .map_err(|e| error(None, format!("cannot be read as UTF-8 text: {e}")))?,
        Err(_) => String::new(),
    };
    let mut doc: toml_edit::DocumentMut = old
        .parse()
        .map_err(|e: toml_edit::TomlError| {
            let line = e
                .span()
                .map(|s| old[..s.start.min(old.len())].matches('\n').count() + 1);
            (
                line,
                format!("{}; fix it before importing with a source", e.message()),
            )
        })
        .map_err(|(line, message)| error(line, message))?;
    let pages = doc
        .entry("pages")
        .or_insert_with(|| {
            let mut table = toml_edit::Table::new();
            table.set_implicit(true);
            toml_edit::Item::Table(table)
        })
        .as_table_mut()
        .ok_or_else(|| error(None, "`pages` is not a table".into()))?;
    let entry = pages
        .entry(stem)
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| error(None, format!("the entry of page {stem} is not a table")))?;
    let texts = [
        ("date", source.date.as_ref()),
        ("edition", source.edition.as_ref()),
        ("paper", source.paper.as_ref()),
        ("url", source.url.as_ref()),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            entry.insert(key, toml_edit::value(value.as_str()));
        }
    }
    if let Some(number) = source.number {
        entry.insert("number", toml_edit::value(i64::from(number)));
    }
    let new = doc.to_string();
    UserManifest::parse(&new).map_err(|(line, message)| error(line, message))?;
    let write = |e: std::io::Error| error(None, format!("cannot be written: {e}"));
    std::fs::create_dir_all(dir).map_err(write)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
    std::io::Write::write_all(&mut tmp, new.as_bytes()).map_err(write)?;
    tmp.persist(&path).map_err(|e| write(e.error))?;
    crate::dirs::readable_as_its_dir(&path);
    Ok(())
}

/// The first line of `source` holding `needle` (quoted as TOML writes it).
fn line_of(source: &str, needle: &str) -> Option<usize> {
    source
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
}

/// The FNV-1a of `dir/pages.toml`'s bytes, 0 when there is none: what the snapshot key and the
/// index fingerprint take from the manifest. Reading a small file costs less than a stat of
/// every page, and unlike a modification time it does not miss an edit within the same second.
pub(crate) fn stamp_of(dir: &Path) -> u64 {
    std::fs::read(dir.join(FILE_NAME)).map_or(0, |b| fnv1a(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_corrections() {
        let m = UserManifest::parse(
            r#"
[pages."p1"]
split_before = ["长兴职工书屋添了"]
join = ["技高者多得，创新者重奖"]
title = { "助力企业迈好" = "助力企业迈好开年第一步" }
"#,
        )
        .unwrap();
        let c = m.corrections("p1").unwrap();
        assert_eq!(c.split_before, ["长兴职工书屋添了"]);
        assert_eq!(c.join, ["技高者多得，创新者重奖"]);
        assert_eq!(c.title["助力企业迈好"], "助力企业迈好开年第一步");
        assert!(m.corrections("p2").is_none());
    }

    #[test]
    fn a_source_is_recorded_keeping_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "# my corrections\n[pages.\"p1\"]\njoin = [\"技高者多得\"]\n",
        )
        .unwrap();
        let source = PageInfo {
            date: Some("2017-01-16".into()),
            number: Some(3),
            url: Some("https://example.org/p1".into()),
            ..PageInfo::default()
        };
        record_source(dir.path(), "p1", &source).unwrap();
        record_source(
            dir.path(),
            "p2",
            &PageInfo {
                paper: Some("工人日报".into()),
                ..PageInfo::default()
            },
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# my corrections\n"), "{text}");
        let m = UserManifest::parse(&text).unwrap();
        assert_eq!(m.pages["p1"].join, ["技高者多得"]);
        assert_eq!(m.sources()["p1"], source);
        assert_eq!(m.sources()["p2"].paper.as_deref(), Some("工人日报"));
        // Setting the date again replaces it; the other fields stay.
        record_source(
            dir.path(),
            "p1",
            &PageInfo {
                date: Some("2017-01-17".into()),
                ..PageInfo::default()
            },
        )
        .unwrap();
        let m = UserManifest::load(dir.path()).unwrap().unwrap();
        assert_eq!(m.pages["p1"].date.as_deref(), Some("2017-01-17"));
        assert_eq!(m.pages["p1"].number, Some(3));
    }

    #[test]
    fn a_bad_source_is_refused_and_the_file_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[pages.\"p1\"]\nnumber = 2\n").unwrap();
        let bad = PageInfo {
            url: Some("javascript:alert(1)".into()),
            ..PageInfo::default()
        };
        let err = record_source(dir.path(), "p1", &bad).unwrap_err();
        assert!(err.message.contains("http"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[pages.\"p1\"]\nnumber = 2\n"
        );
        let (line, message) =
            UserManifest::parse("[pages.\"p1\"]\ndate = \"2017-13-01\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    #[test]
    fn errors_name_the_line() {
        let (line, message) =
            UserManifest::parse("[pages.\"p1\"]\nsplit_befor = [\"长兴职工书屋\"]\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(message.contains("split_befor"), "{message}");
        let (line, message) =
            UserManifest::parse("[pages.\"p1\"]\n\njoin = [\"技高\"]\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("too short"), "{message}");
        let (_, message) = UserManifest::parse(
            "[pages.\"p1\"]\nsplit_before = [\"长兴职工书屋\"]\njoin = [\"长兴职工书屋\"]\n",
        )
        .unwrap_err();
        assert!(message.contains("both"), "{message}");
    }
}
