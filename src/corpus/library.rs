//! The user's library: pages added with `kanbao import`, kept in `$XDG_DATA_HOME/kanbao/pages/`.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::article::fnv1a;
use crate::corpus::pages::{PageInfo, PageOrigin};
use crate::corpus::parse::parse_page;
use crate::corpus::{bounded, decode};

/// What importing one file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImportOutcome {
    /// Copied into the library as `path`, yielding `articles` articles.
    Added {
        name: String,
        path: PathBuf,
        articles: usize,
    },
    /// The same text (whatever its encoding or file name) is already there.
    AlreadyPresent { name: String, existing: String },
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ImportError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: bounded::ReadError,
    },
    #[error("{path}: {source}")]
    Decode {
        path: PathBuf,
        source: decode::DecodeError,
    },
    #[error("{path}: no article found on this page (is it an OCR'd newspaper page?)")]
    NoArticles { path: PathBuf },
    #[error("cannot write to the library {dir}: {source} (check permissions, or use --data DIR)")]
    Write {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// The library directory and what it holds, indexed by text fingerprint.
pub(crate) struct Library {
    dir: PathBuf,
    /// Decoded-text fingerprint → page name, over the bundled pages and the library's pages.
    known: HashMap<u64, String>,
}

impl Library {
    /// The library (or page directory) `dir`, which holds `pages` (the pages of the corpus it
    /// belongs to, as loaded: their text hashes tell a page already there, without reading the
    /// directory's pages again). Not created until a page is imported.
    pub(crate) fn new(dir: &Path, pages: &[PageInfo]) -> Library {
        let known = pages
            .iter()
            .map(|page| {
                let name = match page.origin {
                    PageOrigin::Bundled => format!("{} (bundled)", page.name),
                    PageOrigin::File(_) => page.name.clone(),
                };
                (page.text_hash, name)
            })
            .collect();
        Library {
            dir: dir.to_path_buf(),
            known,
        }
    }

    /// Checks one file (it must decode and yield at least one article) and copies it in, unless the
    /// same text is already in the library or bundled.
    pub(crate) fn import(&mut self, path: &Path) -> Result<ImportOutcome, ImportError> {
        let bytes = bounded::read_page(path).map_err(|source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = decode::decode(&bytes).map_err(|source| ImportError::Decode {
            path: path.to_path_buf(),
            source,
        })?;
        let stem = path
            .file_stem()
            .map_or_else(|| "page".to_string(), |s| s.to_string_lossy().into_owned());
        let fingerprint = fnv1a(text.as_bytes());
        if let Some(existing) = self.known.get(&fingerprint) {
            return Ok(ImportOutcome::AlreadyPresent {
                name: stem,
                existing: existing.clone(),
            });
        }
        let articles = parse_page(&stem, &text).len();
        if articles == 0 {
            return Err(ImportError::NoArticles {
                path: path.to_path_buf(),
            });
        }
        let write_err = |source| ImportError::Write {
            dir: self.dir.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(write_err)?;
        // Another page may already use this name: keep both, told apart by the text's fingerprint.
        let mut name = sanitize_name(&stem);
        if self.dir.join(format!("{name}.txt")).exists() {
            name = format!("{name}_{:06x}", fingerprint & 0xff_ffff);
        }
        let target = self.dir.join(format!("{name}.txt"));
        // Stored as UTF-8 (whatever the source encoding), written atomically.
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir).map_err(write_err)?;
        tmp.write_all(text.as_bytes()).map_err(write_err)?;
        tmp.persist(&target).map_err(|e| write_err(e.error))?;
        crate::dirs::readable_as_its_dir(&target);
        self.known.insert(fingerprint, name.clone());
        Ok(ImportOutcome::Added {
            name,
            path: target,
            articles,
        })
    }
}

/// A file stem safe to use as a page name: no path separators or control characters.
fn sanitize_name(stem: &str) -> String {
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || c == '/' || c == '\\' {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.trim().is_empty() {
        "page".to_string()
    } else {
        name
    }
}
