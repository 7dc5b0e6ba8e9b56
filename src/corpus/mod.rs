//! Pages in, articles out: reading page files within a bound ([`bounded`]), decoding page bytes
//! ([`decode`]), cutting a page into articles
//! ([`parse`]), finding the pages ([`source`]: bundled, `--data DIR`, the user's library), and
//! holding the articles ([`store`]) with their text in a cached [`snapshot`] file.

pub mod bounded;
pub mod decode;
pub mod heads;
pub mod library;
pub mod manifest;
pub mod parse;
pub mod snapshot;
pub mod source;
pub mod store;

pub use heads::Head;
pub use source::{
    Corpus, CorpusError, PageInfo, PageOrigin, PageProblem, PageSet, SnapshotStatus, StoredCorpus,
};
pub use store::{ArticleStore, StoreError};
