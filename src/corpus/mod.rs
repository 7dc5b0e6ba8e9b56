//! Pages in, articles out: decoding page bytes ([`decode`]), cutting a page into articles
//! ([`parse`]), and finding the pages ([`source`]: bundled, `--data DIR`, the user's library).

pub mod decode;
pub mod library;
pub mod parse;
pub mod source;

pub use source::{Corpus, CorpusError, PageInfo, PageOrigin, PageProblem, PageSet};
