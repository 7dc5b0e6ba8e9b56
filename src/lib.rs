//! kanbao (看报): read, browse and search the *Zhejiang Workers' Daily* archive in a terminal.
//!
//! The crate is a library with a thin binary (`src/main.rs`), so tests drive the real code.
//! Pure, I/O-free modules do the thinking: [`corpus::decode`] and [`corpus::parse`] turn page bytes
//! into [`article::Article`]s, [`classify`] gives them regions, themes and dates, [`layout`] lays
//! Chinese text out for a terminal. [`search`] owns tantivy, [`tui`] owns ratatui/crossterm, and
//! [`cli`] holds one file per subcommand. See `ARCHITECTURE.md`.

pub mod article;
pub mod classify;
pub mod cli;
pub mod corpus;
pub mod dirs;
pub mod filter;
pub mod layout;
pub mod search;
pub mod tui;

pub use article::{Article, ArticleKind, Byline, Paragraph, ParagraphKind, Region};
