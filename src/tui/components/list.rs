//! The article list: two lines per article (mark and title; place, date and themes), only the
//! visible rows drawn, titles cut to fit by display width. A component: [`ArticleList`] owns
//! what is listed (in its [`Sort`] order, or one issue of the 版面 [`PageView`]) and the
//! selection (fields private, changed only by its methods, which
//! [`App::update`](crate::tui::App::update) calls), and draws itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Cursor;
use crate::corpus::ArticleStore;
use crate::corpus::Head;
use crate::filter::facets::Facets;
use crate::tui::app::{App, LIST_ITEM_HEIGHT, Pane, page_number, place_label};
use crate::tui::app::{PageView, Sort};
use crate::tui::text;
use crate::tui::views::{bottom_label, fill, pane_block, put_spans, put_str};

/// The list pane's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ArticleList {
    /// Store indices, as shown.
    items: Vec<usize>,
    sort: Sort,
    /// The 版面 view, when on: `items` is the issue shown.
    pages: Option<PageView>,
    cursor: Cursor,
}

impl ArticleList {
    /// Store indices, in the order shown.
    pub(crate) fn items(&self) -> &[usize] {
        &self.items
    }

    pub(crate) fn sort(&self) -> Sort {
        self.sort
    }

    pub(crate) fn pages(&self) -> Option<&PageView> {
        self.pages.as_ref()
    }

    pub(crate) fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// The store index of the selected article.
    pub(crate) fn selected(&self) -> Option<usize> {
        self.items.get(self.cursor.selected).copied()
    }

    /// Lists `passing` (store indices in archive order) in the list's order, keeping the
    /// selected article when it stays, with `rows` articles on screen.
    pub(crate) fn show(
        &mut self,
        mut passing: Vec<usize>,
        store: &ArticleStore,
        facets: &Facets,
        rows: usize,
    ) {
        let keep = self.selected();
        self.sort.apply(&mut passing, facets);
        self.items = passing;
        if let Some(view) = &mut self.pages {
            view.regroup(&self.items, store);
            self.items = view.current().to_vec();
        }
        let pos = keep
            .and_then(|k| self.items.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.cursor = Cursor::default();
        self.cursor.set(pos, self.items.len(), rows);
    }

    pub(crate) fn toggle_sort(&mut self) {
        self.sort = self.sort.toggled();
    }

    /// The 版面 view on or off (the caller lists again, then [`Self::top`]).
    pub(crate) fn toggle_pages(&mut self) {
        self.pages = match self.pages {
            Some(_) => None,
            None => Some(PageView::default()),
        };
    }

    /// Moves the 版面 view to the previous (-1) or next (+1) issue: `None` when the view is
    /// off, `Some(false)` at either end.
    pub(crate) fn step_issue(&mut self, delta: isize) -> Option<bool> {
        let view = self.pages.as_mut()?;
        if !view.step(delta) {
            return Some(false);
        }
        self.items = view.current().to_vec();
        self.cursor = Cursor::default();
        Some(true)
    }

    /// Selects the first article.
    pub(crate) fn top(&mut self) {
        self.cursor = Cursor::default();
    }

    pub(crate) fn step(&mut self, delta: isize, rows: usize) {
        self.cursor.step(delta, self.items.len(), rows);
    }

    pub(crate) fn select(&mut self, pos: usize, rows: usize) {
        self.cursor.set(pos, self.items.len(), rows);
    }

    /// Selects article `index` if it is listed; `false` if not.
    pub(crate) fn select_article(&mut self, index: usize, rows: usize) -> bool {
        match self.items.iter().position(|&i| i == index) {
            Some(pos) => {
                self.select(pos, rows);
                true
            }
            None => false,
        }
    }

    pub(crate) fn follow(&mut self, rows: usize) {
        self.cursor.follow(rows);
    }

    /// The position under inner row `row` of the pane, if an article is there.
    pub(crate) fn item_at(&self, row: usize) -> Option<usize> {
        let target = self.cursor.offset + row / LIST_ITEM_HEIGHT;
        (target < self.items.len()).then_some(target)
    }

    pub(crate) fn draw(&self, buf: &mut Buffer, rect: Rect, app: &App) {
        draw(self, buf, rect, app);
    }
}

fn draw(list: &ArticleList, buf: &mut Buffer, rect: Rect, app: &App) {
    let focused = app.focus == Pane::List;
    let title = match &list.pages {
        Some(view) => match view.current_issue() {
            Some(issue) => format!(
                "版面 · {} · 第 {}/{} 期 · {} 篇",
                issue.date.as_deref().unwrap_or("日期不详 undated"),
                view.at() + 1,
                view.issues().len(),
                list.items.len()
            ),
            None => "版面 · 0 篇".to_string(),
        },
        None => format!("文章 · {} 篇", list.items.len()),
    };
    let inner = pane_block(buf, rect, &title, focused, app);
    let amb = app.ambiguous;
    if list.items.is_empty() {
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1) as usize,
            if app.filter.is_empty() {
                "没有文章 no articles here"
            } else {
                "没有文章 no articles here (x 清除筛选 clears the filters)"
            },
            app.theme.muted(),
            amb,
        );
        return;
    }
    let rows = (inner.height as usize / LIST_ITEM_HEIGHT).max(1);
    for (slot, &index) in list
        .items
        .iter()
        .enumerate()
        .skip(list.cursor.offset)
        .take(rows)
    {
        let y = inner.y + ((slot - list.cursor.offset) * LIST_ITEM_HEIGHT) as u16;
        let selected = slot == list.cursor.selected;
        draw_item(
            buf,
            Rect::new(inner.x, y, inner.width, 2.min(inner.bottom() - y)),
            app,
            index,
            selected,
            focused,
        );
    }
    if list.items.len() > rows {
        let label = format!(" {}/{} ", list.cursor.selected + 1, list.items.len());
        bottom_label(buf, rect, &label, app.theme.border(focused), amb);
    }
}

/// The details line of an article: region · date · themes (in the 版面 view: page and place
/// on it first).
pub(crate) fn details(app: &App, article: Head<'_>) -> String {
    let mut parts = Vec::new();
    if app.pages().is_some() {
        parts.push(match page_number(article) {
            Some(n) => format!("第{n}版 第{}篇", article.seq()),
            None => format!("第{}篇", article.seq()),
        });
    }
    parts.push(place_label(article.city(), article.county()));
    if let Some(d) = article.date() {
        parts.push(d.to_string());
    }
    let themes: Vec<&str> = article
        .themes()
        .map(|t| app.facets.theme_label(t))
        .collect();
    if !themes.is_empty() {
        parts.push(themes.join("、"));
    }
    parts.join(" · ")
}

fn draw_item(buf: &mut Buffer, rect: Rect, app: &App, index: usize, selected: bool, focused: bool) {
    let amb = app.ambiguous;
    let article = app.head(index);
    let width = rect.width as usize;
    let base = if selected && focused {
        app.theme.selected()
    } else if selected {
        Style::new().add_modifier(ratatui::style::Modifier::BOLD)
    } else {
        Style::new()
    };
    fill(buf, rect, base);
    let mark = if app.is_bookmarked(index) {
        "★"
    } else if !app.is_read(index) {
        "●"
    } else {
        " "
    };
    let mark_style = if app.is_read(index) {
        base
    } else {
        base.patch(app.theme.unread())
    };
    let title = text::sanitize(article.title());
    let title = text::truncate(
        &title,
        width.saturating_sub(text::width(mark, amb) + 1),
        amb,
    );
    put_spans(
        buf,
        rect.x,
        rect.y,
        width,
        &[(mark, mark_style), (" ", base), (&title, base)],
        amb,
    );
    if rect.height > 1 {
        let details = details(app, article);
        let details = text::truncate(&details, width.saturating_sub(2), amb);
        let style = if selected && focused {
            base
        } else {
            app.theme.muted()
        };
        put_str(
            buf,
            rect.x + 2,
            rect.y + 1,
            width.saturating_sub(2),
            &details,
            style,
            amb,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::filter::facets::FacetOrder;

    fn store() -> ArticleStore {
        let dated = |id: &str, date: &str| Article {
            id: id.to_string(),
            date: Some(date.to_string()),
            ..Article::default()
        };
        ArticleStore::from_articles(vec![
            dated("a-1", "2023-01-05"),
            dated("a-2", "2024-03-01"),
            dated("a-3", "2023-06-10"),
        ])
    }

    #[test]
    fn newest_first_and_the_selection_stays_when_its_article_does() {
        let store = store();
        let facets = Facets::build(&store, &FacetOrder::default());
        let mut list = ArticleList::default();
        list.show(vec![0, 1, 2], &store, &facets, 10);
        assert_eq!(list.items(), &[1, 2, 0]);
        assert!(list.select_article(0, 10));
        list.show(vec![0, 2], &store, &facets, 10);
        assert_eq!(list.selected(), Some(0), "still listed: still selected");
        list.show(vec![1, 2], &store, &facets, 10);
        assert_eq!(list.selected(), Some(1), "gone: the first");
        assert!(!list.select_article(0, 10));
        list.toggle_sort();
        list.show(vec![0, 1, 2], &store, &facets, 10);
        assert_eq!(list.items(), &[0, 1, 2], "print order");
    }

    #[test]
    fn rows_map_to_articles_and_issues_step_within_the_archive() {
        let store = store();
        let facets = Facets::build(&store, &FacetOrder::default());
        let mut list = ArticleList::default();
        assert_eq!(list.step_issue(1), None, "no 版面 view");
        list.show(vec![0, 1, 2], &store, &facets, 10);
        assert_eq!(list.item_at(0), Some(0));
        assert_eq!(list.item_at(LIST_ITEM_HEIGHT * 2 + 1), Some(2));
        assert_eq!(list.item_at(LIST_ITEM_HEIGHT * 3), None);
        list.toggle_pages();
        list.show(vec![0, 1, 2], &store, &facets, 10);
        assert_eq!(list.items(), &[1], "the newest issue");
        assert_eq!(list.step_issue(1), Some(false));
        assert_eq!(list.step_issue(-1), Some(true));
        assert_eq!(list.items(), &[2]);
    }
}
