//! Pages in, articles out: decoding page bytes ([`decode`]), cutting a page into articles
//! ([`parse`]), and finding the pages (bundled, `--data DIR`, the user's library).

pub mod decode;
pub mod parse;
