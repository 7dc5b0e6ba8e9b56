//! The filter flags shared by list, export, stats and search: a thin clap layer over
//! [`crate::filter`], which owns what each flag means.

use anyhow::Result;
use clap::Args;

use super::Context;
use crate::filter::{Filter, FilterWords, IdMarks};
use crate::tui::state::SavedState;

#[derive(Debug, Args, Clone, Default)]
pub(crate) struct FilterArgs {
    /// Only articles about this city or county (full or short name: 杭州, 西湖区, 义乌), or 全省
    /// for those about the whole province.
    #[arg(long, value_name = "NAME")]
    pub(crate) region: Option<String>,
    /// Only articles with this theme (id such as `wages`, or label such as 工资协商).
    #[arg(long, value_name = "ID|LABEL")]
    pub(crate) theme: Option<String>,
    /// Only articles crediting this person (reporter, correspondent or photographer).
    #[arg(long, value_name = "NAME")]
    pub(crate) reporter: Option<String>,
    /// Only articles dated in this year or month.
    #[arg(long, value_name = "YYYY[-MM]")]
    pub(crate) month: Option<String>,
    /// Only articles dated on or after this day, month or year.
    #[arg(long, value_name = "YYYY[-MM[-DD]]")]
    pub(crate) since: Option<String>,
    /// Only articles dated on or before this day, month or year.
    #[arg(long, value_name = "YYYY[-MM[-DD]]")]
    pub(crate) until: Option<String>,
    /// Only articles bookmarked in the browser.
    #[arg(long)]
    pub(crate) bookmarked: bool,
    /// Only articles not yet opened in the browser.
    #[arg(long)]
    pub(crate) unread: bool,
}

impl FilterArgs {
    /// The flags as a checked [`Filter`]; a wrong value says what to type instead.
    pub(crate) fn resolve(&self, ctx: &Context) -> Result<Filter> {
        let words = FilterWords {
            region: self.region.as_deref(),
            theme: self.theme.as_deref(),
            person: self.reporter.as_deref(),
            month: self.month.as_deref(),
            since: self.since.as_deref(),
            until: self.until.as_deref(),
            bookmarked: self.bookmarked,
            unread: self.unread,
        };
        Ok(Filter::resolve(&words, &ctx.classifier)?)
    }
}

/// The browser's read marks and bookmarks, read from the state directory only when the filter
/// asks about them (otherwise none: nothing bookmarked, nothing read).
pub(crate) fn saved_marks(ctx: &Context, filter: &Filter) -> SavedState {
    let Some(dir) = ctx
        .dirs
        .state
        .as_ref()
        .filter(|_| filter.bookmarked || filter.unread)
    else {
        return SavedState::default();
    };
    let (saved, notices) = crate::tui::state::load(dir);
    for notice in notices {
        eprintln!("kanbao: {}", super::output::sanitize_line(&notice));
    }
    saved
}

/// [`saved_marks`] as the filter reads them.
pub(crate) fn marks(saved: &SavedState) -> IdMarks<'_> {
    IdMarks {
        bookmarks: &saved.bookmarks,
        read: &saved.read,
    }
}
