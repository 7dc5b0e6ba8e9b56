//! [`ArticleStore`]: the articles of a corpus as the browser and the search index hold them.
//!
//! Every view needs every article's *head* (id, headline, byline, region, themes, date: what lists,
//! filters and counts look at), but only the one article being read, exported or shown as a hit
//! needs its *paragraphs*, which are nine tenths of the bytes. So the store keeps the heads in memory
//! and the paragraphs either in memory (a corpus just parsed) or in a snapshot file mapped into
//! memory ([`super::snapshot`]), decoded one article at a time. At 100,000 articles that is the
//! difference between holding the archive once and holding only its catalogue.

use std::path::PathBuf;

use crate::article::{Article, Paragraph, fnv1a};

/// Why an article's paragraphs could not be read back from a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no article number {index} (the store holds {len})")]
    OutOfRange { index: usize, len: usize },
    #[error(
        "the corpus snapshot {path} is damaged at article {index}: {detail}; delete it (kanbao rebuilds it from the pages)"
    )]
    Damaged {
        path: PathBuf,
        index: usize,
        detail: String,
    },
}

/// Where the paragraphs live.
pub(crate) enum Bodies {
    Memory(Vec<Vec<Paragraph>>),
    Mapped {
        path: PathBuf,
        map: memmap2::Mmap,
        /// Article `i`'s encoded paragraphs are `map[ends[i - 1]..ends[i]]` (`ends[-1]` = `start`).
        start: usize,
        ends: Vec<u64>,
    },
}

/// The articles of a corpus, in corpus order: heads in memory, paragraphs on demand.
pub struct ArticleStore {
    /// Every field but `paragraphs`, which is always empty here.
    heads: Vec<Article>,
    bodies: Bodies,
    /// (hash of id, position), sorted: finds an article by id without a second copy of the ids.
    by_id: Vec<(u64, u32)>,
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
        let mut heads = articles;
        let bodies = heads
            .iter_mut()
            .map(|a| std::mem::take(&mut a.paragraphs))
            .collect();
        Self::new(heads, Bodies::Memory(bodies))
    }

    pub(crate) fn new(heads: Vec<Article>, bodies: Bodies) -> ArticleStore {
        let mut by_id: Vec<(u64, u32)> = heads
            .iter()
            .enumerate()
            .map(|(i, a)| (fnv1a(a.id.as_bytes()), i as u32))
            .collect();
        by_id.sort_unstable();
        ArticleStore {
            heads,
            bodies,
            by_id,
        }
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Every article's head, in corpus order. **`paragraphs` is empty**: use [`Self::article`]
    /// for the text.
    pub fn heads(&self) -> &[Article] {
        &self.heads
    }

    /// Article `index`'s head (`paragraphs` empty).
    pub fn head(&self, index: usize) -> Option<&Article> {
        self.heads.get(index)
    }

    /// The position of the article with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        let hash = fnv1a(id.as_bytes());
        let first = self.by_id.partition_point(|&(h, _)| h < hash);
        self.by_id[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.heads[i].id == id)
    }

    /// Article `index`'s paragraphs.
    pub fn paragraphs(&self, index: usize) -> Result<Vec<Paragraph>, StoreError> {
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
                let damaged = |detail: String| StoreError::Damaged {
                    path: path.clone(),
                    index,
                    detail,
                };
                let from = match index {
                    0 => *start as u64,
                    _ => ends[index - 1],
                };
                let bytes = usize::try_from(from)
                    .ok()
                    .zip(usize::try_from(ends[index]).ok())
                    .and_then(|(from, to)| map.get(from..to))
                    .ok_or_else(|| damaged("its text lies outside the file".to_string()))?;
                super::snapshot::decode_paragraphs(bytes).map_err(damaged)
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
            Bodies::Memory(bodies) if index < bodies.len() => Ok(f(&bodies[index])),
            _ => Ok(f(&self.paragraphs(index)?)),
        }
    }

    /// Article `index`, whole.
    pub fn article(&self, index: usize) -> Result<Article, StoreError> {
        let paragraphs = self.paragraphs(index)?;
        let mut article = self.heads[index].clone();
        article.paragraphs = paragraphs;
        Ok(article)
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
        assert!(store.heads().iter().all(|h| h.paragraphs.is_empty()));
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
