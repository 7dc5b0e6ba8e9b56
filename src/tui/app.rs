//! The one state of the browser, and the pure questions views ask of it. Changes happen only in
//! [`App::update`](super::update); slow or outside work is requested through [`Effect`]s that the
//! main loop carries out.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::components::line::LineEditor;
use super::components::navigator::{NavData, Navigator};
use super::keymap::KeyMap;
use super::state::SavedState;
use super::text::{self, Ambiguous, BodyLayout, TextLine};
use super::theme::Theme;
use crate::article::{Article, ParagraphSpan};
use crate::classify::PageInfo;
use crate::corpus::{ArticleStore, Head};
use crate::filter::facets::{FacetCounts, FacetOrder, Facets};
use crate::filter::{Filter, IdMarks, Part, Period, RegionPick};
use crate::layout::{Segment, SpanStyle};
use crate::search::{Hit, Note, SearchQuery};

/// Below this size only a "terminal too small" message is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, the navigator, the list and the reader are side by side.
pub const WIDE_FROM: u16 = 100;
pub const NAV_WIDTH: u16 = 26;
/// How many results a search asks for.
pub const SEARCH_LIMIT: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Navigator,
    List,
    Reader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help { scroll: usize },
    Stats { selected: usize },
    Related(RelatedPopup),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelatedPopup {
    pub seq: u64,
    pub of: usize,
    /// `None` while the worker is looking.
    pub items: Option<Vec<usize>>,
    pub selected: usize,
}

/// Work for the main loop: the only way `update` reaches the world.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Search {
        seq: u64,
        request: SearchQuery,
    },
    Related {
        seq: u64,
        index: usize,
    },
    SaveState,
    /// Put this text on the clipboard (OSC 52).
    Clipboard(String),
    /// Write this article as Markdown to a new file.
    Export {
        index: usize,
    },
    /// Save the search history.
    SaveHistory,
}

pub use super::components::Cursor;
pub use super::components::navigator::{NavKind, NavRow};

/// An article laid out for the reader at one width: header and body lines together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReaderLayout {
    pub width: usize,
    pub lines: Vec<TextLine>,
    /// Index into `lines` of each hit's start.
    pub hit_lines: Vec<usize>,
    /// Lines before the body (the header).
    pub header_len: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub index: usize,
    /// The article, whole (its text is not in the store's heads).
    pub article: Arc<Article>,
    pub hits: Vec<ParagraphSpan>,
    pub current_hit: Option<usize>,
    pub scroll: usize,
    pub layout: ReaderLayout,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchState {
    /// The search line: text, cursor and history.
    pub line: LineEditor,
    /// The last request sent, and the text of the results shown.
    pub sent_seq: u64,
    pub shown_text: String,
    pub total: usize,
    pub results: Vec<Hit>,
    /// What the results header says about the query (ignored text, partial matches…).
    pub notes: Vec<Note>,
    pub list: Cursor,
    pub within_filter: bool,
    pub pending: bool,
    pub error: Option<String>,
}

/// The index's state as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IndexState {
    #[default]
    Opening,
    Building {
        done: usize,
        total: usize,
    },
    Ready(String),
    Fallback,
}

#[derive(Debug, Clone)]
pub struct App {
    /// The articles: heads for lists and filters, text read when an article is opened.
    pub store: Arc<ArticleStore>,
    /// Every facet value of the archive, built once.
    pub facets: Facets,
    /// The facet counts under the current filter, recounted when it changes.
    pub counts: FacetCounts,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub ambiguous: Ambiguous,
    pub size: (u16, u16),
    pub mode: Mode,
    pub focus: Pane,
    pub overlay: Overlay,
    pub navigator: Navigator,
    pub filter: Filter,
    /// Indices into `store` that pass the filter, in `sort` order.
    pub list: Vec<usize>,
    pub sort: Sort,
    /// The 版面 view, when on: the filtered articles issue by issue, one issue listed.
    pub pages: Option<PageView>,
    pub list_cursor: Cursor,
    pub reader: Option<Reader>,
    pub search: SearchState,
    pub saved: SavedState,
    pub notices: VecDeque<String>,
    pub message: Option<String>,
    pub index: IndexState,
    pub outbox: Vec<Effect>,
    /// Where `e` writes (the config's `export_dir`); `None`: the user's documents folder.
    pub export_dir: Option<std::path::PathBuf>,
    /// Draw borders in ASCII (`TERM=dumb`, a non-UTF-8 locale).
    pub ascii: bool,
    /// Articles left by jumps (related articles, search hits), for Ctrl-o / Ctrl-i.
    pub jumps: Jumps,
    /// What `pages.toml` says about pages (paper, page number, URL), by file stem.
    pub sources: Arc<HashMap<String, PageInfo>>,
    pub running: bool,
    pub next_seq: u64,
}

impl App {
    pub fn new(
        store: Arc<ArticleStore>,
        order: &FacetOrder,
        keymap: KeyMap,
        theme: Theme,
        ambiguous: Ambiguous,
        saved: SavedState,
    ) -> App {
        let mut app = App {
            list: Vec::new(),
            counts: FacetCounts::default(),
            facets: Facets::build(&store, order),
            store,
            keymap,
            theme,
            ambiguous,
            size: (80, 24),
            mode: Mode::Browse,
            focus: Pane::List,
            overlay: Overlay::None,
            navigator: Navigator::default(),
            filter: Filter::default(),
            sort: Sort::default(),
            pages: None,
            list_cursor: Cursor::default(),
            reader: None,
            search: SearchState::default(),
            saved,
            notices: VecDeque::new(),
            message: None,
            index: IndexState::default(),
            outbox: Vec::new(),
            export_dir: None,
            ascii: false,
            jumps: Jumps::default(),
            sources: Arc::default(),
            running: true,
            next_seq: 0,
        };
        app.refilter();
        app.restore_position();
        app
    }

    fn restore_position(&mut self) {
        let last = self.saved.last.clone();
        if let Some(id) = &last.selected
            && let Some(pos) = self
                .list
                .iter()
                .position(|&i| self.head(i).id() == id.as_str())
        {
            self.list_cursor.set(pos, self.list.len(), self.list_rows());
        }
        self.sync_preview();
        if let Some(id) = &last.open
            && let Some(reader) = &mut self.reader
            && reader.article.id == *id
        {
            reader.scroll = last.scroll;
            self.clamp_reader_scroll();
            if !self.is_wide() {
                self.focus = Pane::Reader;
            }
        }
    }

    pub fn is_wide(&self) -> bool {
        self.size.0 >= WIDE_FROM
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The whole screen.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The panes of the current screen (between the title and status bars).
    pub fn panes(&self) -> Panes {
        let (w, h) = self.size;
        let body = Rect::new(0, 1, w, h.saturating_sub(2));
        let none = Rect::default();
        if !self.is_wide() {
            let mut panes = Panes {
                body,
                navigator: none,
                list: none,
                reader: none,
            };
            match self.focus {
                Pane::Navigator if self.mode == Mode::Browse => panes.navigator = body,
                Pane::Reader if self.reader.is_some() => panes.reader = body,
                _ => panes.list = body,
            }
            return panes;
        }
        let (navigator, rest) = if self.mode == Mode::Browse {
            let nav = Rect::new(0, body.y, NAV_WIDTH, body.height);
            (
                nav,
                Rect::new(NAV_WIDTH, body.y, w - NAV_WIDTH, body.height),
            )
        } else {
            (none, body)
        };
        let list_w = rest.width * 9 / 20;
        Panes {
            body,
            navigator,
            list: Rect::new(rest.x, rest.y, list_w, rest.height),
            reader: Rect::new(rest.x + list_w, rest.y, rest.width - list_w, rest.height),
        }
    }

    /// The area a pane has when it is on screen (in narrow screens: the whole body).
    fn pane_area(&self, pane: Pane) -> Rect {
        let panes = self.panes();
        if !self.is_wide() {
            return panes.body;
        }
        match pane {
            Pane::Navigator => panes.navigator,
            Pane::List => panes.list,
            Pane::Reader => panes.reader,
        }
    }

    /// Rows of articles the list pane shows at once (each article takes two lines).
    pub fn list_rows(&self) -> usize {
        let inner = self.pane_area(Pane::List).height.saturating_sub(2) as usize;
        (inner / LIST_ITEM_HEIGHT).max(1)
    }

    pub fn result_rows(&self) -> usize {
        let inner = self.pane_area(Pane::List).height.saturating_sub(5) as usize;
        (inner / RESULT_ITEM_HEIGHT).max(1)
    }

    pub fn nav_visible_rows(&self) -> usize {
        (self.pane_area(Pane::Navigator).height.saturating_sub(2) as usize).max(1)
    }

    /// Lines of text the reader shows at once.
    pub fn reader_rows(&self) -> usize {
        (self.pane_area(Pane::Reader).height.saturating_sub(2) as usize).max(1)
    }

    /// Width the reader lays text out to.
    pub fn reader_text_width(&self) -> usize {
        (self.pane_area(Pane::Reader).width.saturating_sub(4) as usize).max(10)
    }

    pub fn selected_article(&self) -> Option<usize> {
        match self.mode {
            Mode::Browse => self.list.get(self.list_cursor.selected).copied(),
            Mode::Search => self
                .search
                .results
                .get(self.search.list.selected)
                .map(|h| h.index),
        }
    }

    pub fn is_read(&self, index: usize) -> bool {
        self.saved.read.contains(self.head(index).id())
    }

    pub fn is_bookmarked(&self, index: usize) -> bool {
        self.saved.bookmarks.contains(self.head(index).id())
    }

    /// The active filter parts as chips, in order: (part, words).
    pub fn chips(&self) -> Vec<(Part, String)> {
        let f = &self.filter;
        f.active_parts()
            .into_iter()
            .map(|part| {
                let words = match part {
                    Part::Region => f.region.as_ref().map(RegionPick::label).unwrap_or_default(),
                    Part::Theme => f
                        .theme
                        .as_deref()
                        .map(|t| self.facets.theme_label(t).to_string())
                        .unwrap_or_default(),
                    Part::Person => format!("记者 {}", f.person.as_deref().unwrap_or_default()),
                    Part::Date => f.dates.map(|d| d.to_string()).unwrap_or_default(),
                    Part::Bookmarked => "书签".to_string(),
                    Part::Unread => "未读".to_string(),
                };
                (part, words)
            })
            .collect()
    }

    /// The filter in words, for the search line's scope ("杭州市 › 西湖区 · 技能").
    pub fn filter_label(&self) -> String {
        let chips = self.chips();
        if chips.is_empty() {
            return "全部".to_string();
        }
        chips
            .into_iter()
            .map(|(_, w)| w)
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Recomputes the list and the facet counts after a filter change, keeping the selected
    /// article if it stays.
    pub fn refilter(&mut self) {
        let keep = self.list.get(self.list_cursor.selected).copied();
        let marks = IdMarks {
            bookmarks: &self.saved.bookmarks,
            read: &self.saved.read,
        };
        self.list = self.facets.select(&self.store, &self.filter, &marks);
        self.counts = self.facets.count(&self.store, &self.filter, &marks);
        self.sort.apply(&mut self.list, &self.store);
        if let Some(view) = &mut self.pages {
            view.regroup(&self.list, &self.store);
            self.list = view.current().to_vec();
        }
        let pos = keep
            .and_then(|k| self.list.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.list_cursor = Cursor::default();
        self.list_cursor.set(pos, self.list.len(), self.list_rows());
        self.navigator.rebuild(&NavData {
            facets: &self.facets,
            counts: &self.counts,
            filter: &self.filter,
        });
        let page = self.nav_visible_rows();
        self.navigator.follow(page);
        self.sync_preview();
    }

    /// In browse mode the reader follows the list selection (a preview in wide screens).
    pub fn sync_preview(&mut self) {
        let selected = self.selected_article();
        match selected {
            Some(index) if self.reader.as_ref().is_none_or(|r| r.index != index) => {
                let hits = match self.mode {
                    Mode::Search => self
                        .search
                        .results
                        .get(self.search.list.selected)
                        .map(|h| h.spans.clone())
                        .unwrap_or_default(),
                    Mode::Browse => Vec::new(),
                };
                self.open_reader(index, hits);
            }
            Some(_) => {}
            None => self.reader = None,
        }
    }

    /// Article `index`'s head. The app's indices (list, results, reader) always point into its
    /// store, as slice indices would.
    pub fn head(&self, index: usize) -> Head<'_> {
        self.store
            .head(index)
            .expect("the app's article indices point into its store")
    }

    /// Sets what `pages.toml` says about pages, and lays the open article out again with it.
    pub fn set_sources(&mut self, sources: HashMap<String, PageInfo>) {
        self.sources = Arc::new(sources);
        if let Some(reader) = self.reader.take() {
            let scroll = reader.scroll;
            self.open_reader(reader.index, reader.hits);
            if let Some(r) = &mut self.reader {
                r.scroll = scroll;
            }
            self.clamp_reader_scroll();
        }
    }

    /// Where `article` was printed (see [`source_of`]).
    pub fn source_of(&self, article: &Article) -> Source {
        source_of(article, self.sources.get(&article.page))
    }

    /// Puts article `index` in the reader with `hits` highlighted, at the first hit. Reads its
    /// text from the store; if that fails the reader stays as it was and the status bar says why.
    pub fn open_reader(&mut self, index: usize, hits: Vec<ParagraphSpan>) {
        let article = match self.store.article(index) {
            Ok(article) => Arc::new(article),
            Err(why) => {
                self.message = Some(why.to_string());
                return;
            }
        };
        let layout = layout_reader(
            &article,
            &hits,
            self.reader_text_width(),
            self.ambiguous,
            &self.facets,
        );
        let layout = with_source(layout, &self.source_of(&article), self.ambiguous);
        let first_hit = layout.hit_lines.first().copied();
        let mut reader = Reader {
            index,
            article,
            current_hit: first_hit.map(|_| 0),
            hits,
            scroll: 0,
            layout,
        };
        if let Some(line) = first_hit {
            reader.scroll = line.saturating_sub(2);
        }
        self.reader = Some(reader);
        self.clamp_reader_scroll();
    }

    /// Lays the reader out again if the width changed (resize, pane switch).
    pub fn relayout_reader(&mut self) {
        let width = self.reader_text_width();
        let amb = self.ambiguous;
        if let Some(reader) = &mut self.reader
            && reader.layout.width != width
        {
            // Keep the reader at the same place in the text: the same fraction of the body.
            let old_len = reader.layout.lines.len().max(1);
            let fraction = reader.scroll as f64 / old_len as f64;
            let source = source_of(&reader.article, self.sources.get(&reader.article.page));
            reader.layout = with_source(
                layout_reader(&reader.article, &reader.hits, width, amb, &self.facets),
                &source,
                amb,
            );
            reader.scroll = match reader
                .current_hit
                .and_then(|h| reader.layout.hit_lines.get(h))
            {
                Some(line) => line.saturating_sub(2),
                None => (fraction * reader.layout.lines.len() as f64) as usize,
            };
        }
        self.clamp_reader_scroll();
    }

    pub fn max_reader_scroll(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| {
            r.layout.lines.len().saturating_sub(self.reader_rows())
        })
    }

    pub fn clamp_reader_scroll(&mut self) {
        let max = self.max_reader_scroll();
        if let Some(reader) = &mut self.reader {
            reader.scroll = reader.scroll.min(max);
        }
    }
}

/// Lines per article in the list (title line, details line).
pub const LIST_ITEM_HEIGHT: usize = 2;
/// Lines per search result (title, details, snippet).
pub const RESULT_ITEM_HEIGHT: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub body: Rect,
    pub navigator: Rect,
    pub list: Rect,
    pub reader: Rect,
}

/// The reader's lines for `article` at `width`: header (column, kicker, title, subtitle, credits,
/// place · date · themes), a rule, then the body as the layout module lays it out.
pub fn layout_reader(
    article: &Article,
    hits: &[ParagraphSpan],
    width: usize,
    amb: Ambiguous,
    facets: &Facets,
) -> ReaderLayout {
    let mut lines: Vec<TextLine> = Vec::new();
    let mut add = |text: &str, style: SpanStyle| {
        if !text.trim().is_empty() {
            lines.extend(text::wrap(text, style, width, amb));
        }
    };
    if let Some(column) = &article.column {
        add(&format!("【{column}】"), SpanStyle::Meta);
    }
    if let Some(kicker) = &article.kicker {
        add(kicker, SpanStyle::Kicker);
    }
    add(&article.title, SpanStyle::Title);
    if let Some(subtitle) = &article.subtitle {
        add(&format!("——{subtitle}"), SpanStyle::Subtitle);
    }
    let b = &article.byline;
    let mut credit = Vec::new();
    if !b.reporters.is_empty() {
        credit.push(format!("记者 {}", b.reporters.join(" ")));
    }
    if !b.correspondents.is_empty() {
        credit.push(format!("通讯员 {}", b.correspondents.join(" ")));
    }
    if !b.photographers.is_empty() {
        credit.push(format!("{} 摄", b.photographers.join(" ")));
    }
    add(&credit.join("  "), SpanStyle::Meta);
    let mut meta = vec![place_label(
        article.region.city.as_deref(),
        article.region.county.as_deref(),
    )];
    if let Some(date) = &article.date {
        meta.push(date.clone());
    }
    if !article.themes.is_empty() {
        meta.push(
            article
                .themes
                .iter()
                .map(|t| facets.theme_label(t))
                .collect::<Vec<_>>()
                .join("、"),
        );
    }
    add(&meta.join(" · "), SpanStyle::Meta);
    let rule_cell = text::width("─", amb).max(1);
    let rule_count = width.min(40) / rule_cell;
    lines.push(TextLine {
        segments: vec![Segment {
            text: "─".repeat(rule_count),
            style: SpanStyle::Rule,
            hit: false,
        }],
        width: rule_count * rule_cell,
        ..TextLine::default()
    });
    let header_len = lines.len();
    let body: BodyLayout = text::layout_body(article, hits, width, amb);
    lines.extend(body.lines);
    ReaderLayout {
        width,
        hit_lines: body.hit_lines.into_iter().map(|l| l + header_len).collect(),
        lines,
        header_len,
    }
}

pub use crate::filter::place_label;

/// The 版面 view: like the e-paper, one issue at a time (the articles of the pages printed on
/// one date), page by page, each page's articles in the order they stand on it. Pages dated
/// only by year or month form one "issue" of that year or month.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageView {
    issues: Vec<Issue>,
    at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The pages' date (`None`: undated).
    pub date: Option<String>,
    /// Store indices in print order.
    pub articles: Vec<usize>,
}

impl PageView {
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The issue shown (its index in [`Self::issues`]).
    pub fn at(&self) -> usize {
        self.at
    }

    pub fn current(&self) -> &[usize] {
        self.issues.get(self.at).map_or(&[], |i| &i.articles)
    }

    pub fn current_issue(&self) -> Option<&Issue> {
        self.issues.get(self.at)
    }

    /// Moves to the previous (-1) or next (+1) issue; `false` at either end.
    pub fn step(&mut self, delta: isize) -> bool {
        let next = self.at as isize + delta;
        if next < 0 || next as usize >= self.issues.len() {
            return false;
        }
        self.at = next as usize;
        true
    }

    /// Groups `list` into issues, oldest first, keeping the issue shown when it is still there
    /// (else the newest).
    pub fn regroup(&mut self, list: &[usize], store: &ArticleStore) {
        let shown = self.current_issue().map(|i| i.date.clone());
        // Keyed by the date's bounds (so issues sort by time), then its text.
        type IssueKey<'a> = (Option<(u32, u32)>, Option<&'a str>);
        let mut by_date: std::collections::BTreeMap<IssueKey<'_>, Vec<usize>> =
            std::collections::BTreeMap::new();
        for &i in list {
            let date = store.head(i).and_then(|h| h.date());
            let key = (date.and_then(Period::parse).map(|p| p.bounds()), date);
            by_date.entry(key).or_default().push(i);
        }
        // Undated pages last.
        let (dated, undated): (Vec<_>, Vec<_>) = by_date
            .into_iter()
            .partition(|((bounds, _), _)| bounds.is_some());
        self.issues = dated
            .into_iter()
            .chain(undated)
            .map(|((_, date), mut articles)| {
                articles.sort_by_cached_key(|&i| print_position(store, i));
                Issue {
                    date: date.map(str::to_string),
                    articles,
                }
            })
            .collect();
        self.at = shown
            .and_then(|d| self.issues.iter().position(|i| i.date == d))
            .unwrap_or(self.issues.len().saturating_sub(1));
    }
}

/// Where an article stands in print: its page's number (from the file name, when it gives
/// one), the page, then the article's place on the page.
fn print_position(store: &ArticleStore, index: usize) -> (u32, String, u32) {
    let Some(head) = store.head(index) else {
        return (u32::MAX, String::new(), 0);
    };
    let number = crate::classify::dates::from_file_name(head.page()).and_then(|n| n.page);
    (
        number.unwrap_or(u32::MAX),
        head.page().to_string(),
        head.seq(),
    )
}

/// The printed page number of an article's page, when its file name gives one.
pub fn page_number(head: Head<'_>) -> Option<u32> {
    crate::classify::dates::from_file_name(head.page()).and_then(|n| n.page)
}

/// Where an article was printed, as far as it is known, and where its page is online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// "浙江工人日报 2017-01-16 第3版" (paper, date, page); the article id when neither date nor
    /// page is known.
    pub citation: String,
    pub url: Option<String>,
}

/// An article's [`Source`]: the paper and page number from `pages.toml` (`info`), else the page
/// number from the file name; the date is the article's.
pub fn source_of(article: &Article, info: Option<&PageInfo>) -> Source {
    let paper = info
        .and_then(|i| i.paper.clone())
        .unwrap_or_else(|| "浙江工人日报".to_string());
    let mut parts = vec![paper];
    if let Some(date) = &article.date {
        parts.push(date.clone());
    }
    let page = info
        .and_then(|i| i.number)
        .or_else(|| crate::classify::dates::from_file_name(&article.page).and_then(|n| n.page));
    if let Some(page) = page {
        parts.push(format!("第{page}版"));
    }
    if article.date.is_none() && page.is_none() {
        parts.push(format!("文章 {}", article.id));
    }
    Source {
        citation: parts.join(" "),
        url: info.and_then(|i| i.url.clone()),
    }
}

/// The reader's layout with the source line (citation, URL) after the header, before the rule.
fn with_source(mut layout: ReaderLayout, source: &Source, amb: Ambiguous) -> ReaderLayout {
    let mut line = format!("来源 {}", source.citation);
    if let Some(url) = &source.url {
        line.push_str(" · ");
        line.push_str(url);
    }
    let lines = text::wrap(&line, SpanStyle::Meta, layout.width, amb);
    let at = layout.header_len.saturating_sub(1);
    let n = lines.len();
    layout.lines.splice(at..at, lines);
    layout.header_len += n;
    for hit in &mut layout.hit_lines {
        *hit += n;
    }
    layout
}

/// Where jumps came from (`back`) and, after going back, where they went (`forward`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Jumps {
    pub back: Vec<usize>,
    pub forward: Vec<usize>,
}

/// The order of the article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first by date (undated last), print order within a date.
    #[default]
    Newest,
    /// As printed: page by page, each page's articles top to bottom.
    Print,
}

impl Sort {
    pub fn toggled(self) -> Sort {
        match self {
            Sort::Newest => Sort::Print,
            Sort::Print => Sort::Newest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "新→旧 newest",
            Sort::Print => "版面序 print order",
        }
    }

    /// Puts `list` (store indices in archive order) in this order.
    pub fn apply(self, list: &mut [usize], store: &ArticleStore) {
        list.sort_unstable();
        if self == Sort::Newest {
            let key = |i: &usize| {
                let date = store
                    .head(*i)
                    .and_then(|h| h.date())
                    .and_then(Period::parse);
                std::cmp::Reverse(date.map(|p| p.bounds()))
            };
            list.sort_by_cached_key(key);
        }
    }
}
