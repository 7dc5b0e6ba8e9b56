//! [`ArticleStore`]: the articles of a corpus as the browser and the search index hold them.
//!
//! Every view needs every article's *head* (id, headline, byline, region, themes, date: what lists,
//! filters and counts look at), but only the one article being read, exported or shown as a hit
//! needs its *body* (paragraphs and places, nine tenths of the bytes). So the store keeps the
//! heads in a compact [`HeadTable`] and the bodies either in memory (a corpus just parsed) or in a
//! snapshot file mapped into memory ([`super::snapshot`]), decoded one article at a time. At
//! 100,000 articles that is the difference between holding the archive and holding a catalogue.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::heads::{Head, HeadTable};
use crate::article::{Article, Cut, DateSource, Doubt, Paragraph, Place};

/// Why an article's paragraphs could not be read back from a snapshot.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("no article number {index} (the store holds {len})")]
    OutOfRange { index: usize, len: usize },
    #[error("the corpus snapshot {path} is damaged at article {index} ({detail}); {remedy}")]
    Damaged {
        path: PathBuf,
        index: usize,
        detail: String,
        /// What the user should do: nothing but run again when the snapshot could be removed.
        remedy: String,
    },
}

/// What an article has besides its head: its text, the places it mentions, and the two fields
/// no list looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Body {
    pub province: String,
    pub places: Vec<Place>,
    pub date_source: Option<DateSource>,
    pub paragraphs: Vec<Paragraph>,
    /// The cutter's notes (issue 11): continuation, credits, why it starts here, doubts.
    pub continued_to: Option<u32>,
    pub continued_from: Option<u32>,
    pub credits: Vec<String>,
    pub cut: Option<Cut>,
    pub doubts: Vec<Doubt>,
}

impl Body {
    pub(crate) fn of(article: &Article) -> Body {
        Body {
            province: article.region.province.clone(),
            places: article.places.clone(),
            date_source: article.date_source,
            paragraphs: article.paragraphs.clone(),
            continued_to: article.continued_to,
            continued_from: article.continued_from,
            credits: article.credits.clone(),
            cut: article.cut.clone(),
            doubts: article.doubts.clone(),
        }
    }

    fn complete(self, head: Head<'_>) -> Article {
        let mut article = head.to_article();
        article.region.province = self.province;
        article.places = self.places;
        article.date_source = self.date_source;
        article.paragraphs = self.paragraphs;
        article.continued_to = self.continued_to;
        article.continued_from = self.continued_from;
        article.credits = self.credits;
        article.cut = self.cut;
        article.doubts = self.doubts;
        article
    }
}

/// Where the bodies live.
pub(crate) enum Bodies {
    Memory(Vec<Body>),
    Mapped {
        path: PathBuf,
        map: memmap2::Mmap,
        /// Article `i`'s encoded body is `map[ends[i - 1]..ends[i]]` (`ends[-1]` = `start`).
        start: usize,
        ends: Vec<u64>,
    },
}

/// The articles of a corpus, in corpus order: heads in memory, bodies on demand.
pub struct ArticleStore {
    heads: HeadTable,
    bodies: Bodies,
    /// The first damage found in a mapped snapshot (the snapshot is then removed).
    damage: OnceLock<StoreError>,
}

impl std::fmt::Debug for ArticleStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bodies = match &self.bodies {
            Bodies::Memory(_) => "memory".to_string(),
            Bodies::Mapped { path, .. } => path.display().to_string(),
        };
        f.debug_struct("ArticleStore")
            .field("articles", &self.heads.len())
            .field("bodies", &bodies)
            .finish()
    }
}

impl Default for ArticleStore {
    /// No articles.
    fn default() -> Self {
        Self::from_articles(Vec::new())
    }
}

impl ArticleStore {
    /// A store holding these articles in memory.
    pub fn from_articles(articles: Vec<Article>) -> ArticleStore {
        // Over 4 GiB of headline text cannot be held in memory as articles in the first place.
        let heads = HeadTable::build(&articles).expect("headlines of an in-memory corpus fit");
        let bodies = articles.iter().map(Body::of).collect();
        Self::new(heads, Bodies::Memory(bodies))
    }

    pub(crate) fn new(heads: HeadTable, bodies: Bodies) -> ArticleStore {
        ArticleStore {
            heads,
            bodies,
            damage: OnceLock::new(),
        }
    }

    /// The first damage found in the snapshot this store maps, if any: the snapshot has then
    /// been removed, so the next start reads the pages again.
    pub fn damage(&self) -> Option<&StoreError> {
        self.damage.get()
    }

    /// Records damage at article `index` and removes the snapshot (once), so that the next start
    /// parses the pages instead of meeting the same damage: a cache heals itself.
    fn damaged(&self, path: &std::path::Path, index: usize, detail: String) -> StoreError {
        let first = self.damage.get_or_init(|| {
            // The mapping stays valid after the file is removed (POSIX); on systems that
            // refuse to remove a mapped file the user is asked to.
            let remedy = match std::fs::remove_file(path) {
                Ok(()) => "it has been removed: run kanbao again to read the pages anew".into(),
                Err(_) => "delete it, and kanbao reads the pages anew".to_string(),
            };
            StoreError::Damaged {
                path: path.to_path_buf(),
                index,
                detail: detail.clone(),
                remedy,
            }
        });
        let remedy = match first {
            StoreError::Damaged { remedy, .. } => remedy.clone(),
            StoreError::OutOfRange { .. } => String::new(),
        };
        StoreError::Damaged {
            path: path.to_path_buf(),
            index,
            detail,
            remedy,
        }
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Article `index`'s head.
    pub fn head(&self, index: usize) -> Option<Head<'_>> {
        self.heads.get(index)
    }

    /// Every article's head, in corpus order.
    pub fn heads(&self) -> impl ExactSizeIterator<Item = Head<'_>> + '_ {
        self.heads.iter()
    }

    /// The position of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.heads.position(id)
    }

    fn body(&self, index: usize) -> Result<Body, StoreError> {
        let len = self.heads.len();
        if index >= len {
            return Err(StoreError::OutOfRange { index, len });
        }
        match &self.bodies {
            Bodies::Memory(bodies) => Ok(bodies[index].clone()),
            Bodies::Mapped {
                path,
                map,
                start,
                ends,
            } => {
                let damaged = |detail: String| self.damaged(path, index, detail);
                let from = match index {
                    0 => *start as u64,
                    _ => ends[index - 1],
                };
                let bytes = usize::try_from(from)
                    .ok()
                    .zip(usize::try_from(ends[index]).ok())
                    .and_then(|(from, to)| map.get(from..to))
                    .ok_or_else(|| damaged("its text lies outside the file".to_string()))?;
                super::snapshot::decode_body(bytes).map_err(damaged)
            }
        }
    }

    /// Calls `f` with article `index`'s paragraphs, borrowed when they are in memory (a scan of
    /// every article then copies nothing).
    pub fn with_paragraphs<R>(
        &self,
        index: usize,
        f: impl FnOnce(&[Paragraph]) -> R,
    ) -> Result<R, StoreError> {
        match &self.bodies {
            Bodies::Memory(bodies) if index < bodies.len() => Ok(f(&bodies[index].paragraphs)),
            _ => Ok(f(&self.body(index)?.paragraphs)),
        }
    }

    /// Article `index`, whole.
    pub fn article(&self, index: usize) -> Result<Article, StoreError> {
        let body = self.body(index)?;
        let head = self.heads.get(index).ok_or(StoreError::OutOfRange {
            index,
            len: self.len(),
        })?;
        Ok(body.complete(head))
    }

    /// The article with this id, whole.
    pub fn article_by_id(&self, id: &str) -> Option<Result<Article, StoreError>> {
        self.position(id).map(|i| self.article(i))
    }

    /// Every article, whole, in corpus order (building an index, exporting everything).
    pub fn articles(&self) -> impl Iterator<Item = Result<Article, StoreError>> + '_ {
        (0..self.len()).map(|i| self.article(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ParagraphKind;

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: format!("{id} title"),
            paragraphs: vec![Paragraph::new(ParagraphKind::Text, text)],
            ..Default::default()
        }
    }

    #[test]
    fn heads_have_no_paragraphs_but_articles_do() {
        let store = ArticleStore::from_articles(vec![article("a-1", "一"), article("b-2", "二")]);
        assert_eq!(store.len(), 2);
        assert_eq!(store.head(1).unwrap().title(), "b-2 title");
        assert_eq!(store.article(1).unwrap(), article("b-2", "二"));
        assert_eq!(store.position("a-1"), Some(0));
        assert_eq!(store.position("b-2"), Some(1));
        assert_eq!(store.position("c-3"), None);
        assert!(matches!(
            store.article(2),
            Err(StoreError::OutOfRange { index: 2, len: 2 })
        ));
        let all: Vec<Article> = store.articles().collect::<Result<_, _>>().unwrap();
        assert_eq!(all, vec![article("a-1", "一"), article("b-2", "二")]);
    }
}
