//! The one state of the browser, and the pure questions views ask of it. Changes happen only in
//! [`App::update`](super::update); slow or outside work is requested through [`Effect`]s that the
//! main loop carries out.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::components::navigator::{NavData, Navigator};
use super::components::reader::{LayoutContext, Reader};
pub use super::components::reader::{ReaderLayout, layout_reader};
use super::keymap::KeyMap;
use super::state::SavedState;
use super::text::Ambiguous;
use super::theme::Theme;
use crate::article::{Article, ParagraphSpan};
use crate::classify::PageInfo;
use crate::corpus::{ArticleStore, Head};
use crate::filter::facets::{FacetCounts, FacetOrder, Facets};
use crate::filter::{Filter, IdMarks, Part, Period, RegionPick};
use crate::search::SearchQuery;

/// Below this size only a "terminal too small" message is drawn.
pub(crate) const MIN_WIDTH: u16 = 40;
pub(crate) const MIN_HEIGHT: u16 = 10;
/// From this width on, the navigator, the list and the reader are side by side.
pub(crate) const WIDE_FROM: u16 = 100;
pub(crate) const NAV_WIDTH: u16 = 26;
/// How many results a search asks for.
pub(crate) const SEARCH_LIMIT: usize = 200;

/// The pane that has the focus (keys go to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Navigator,
    List,
    Reader,
}

/// Browsing (navigator, list, reader) or searching (the search pane in place of the navigator and list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
}

/// What is drawn over the panes, taking the keys meant for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help(super::components::help::Help),
    Stats(super::components::stats::Stats),
    Related(RelatedPopup),
}

/// The related-articles popup (`r`): the articles the worker found, and the selection.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedPopup {
    pub(crate) seq: u64,
    pub(crate) of: usize,
    /// `None` while the worker is looking.
    pub items: Option<Vec<usize>>,
    pub(crate) selected: usize,
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

pub(crate) use super::components::Cursor;
use super::components::list::ArticleList;
pub use super::components::navigator::{NavKind, NavRow};
pub(crate) use super::components::search::SearchState;
use super::loader::{Grown, LoadProgress};

/// The index's state as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum IndexState {
    #[default]
    Opening,
    Building {
        done: usize,
        total: usize,
    },
    Ready(String),
    Fallback,
}

/// Fields are `pub(super)`: the browser's own modules read them; only [`App::update`] and the
/// components it calls write them. Outside `tui`, the getters below are the way in.
#[derive(Debug, Clone)]
pub struct App {
    /// The articles: heads for lists and filters, text read when an article is opened.
    pub(super) store: Arc<ArticleStore>,
    /// Every facet value of the archive, built once.
    pub(super) facets: Arc<Facets>,
    /// The facet counts under the current filter, recounted when it changes.
    pub(super) counts: FacetCounts,
    pub(super) keymap: KeyMap,
    pub(super) theme: Theme,
    pub(super) ambiguous: Ambiguous,
    pub(super) size: (u16, u16),
    pub(super) mode: Mode,
    pub(super) focus: Pane,
    pub(super) overlay: Overlay,
    pub(super) navigator: Navigator,
    pub(super) filter: Filter,
    /// The articles that pass the filter, in order (or one issue of the 版面 view), and the
    /// selection.
    pub(super) list: ArticleList,
    pub(super) reader: Option<Reader>,
    pub(super) search: SearchState,
    pub(super) saved: SavedState,
    pub(super) notices: VecDeque<String>,
    pub(super) message: Option<String>,
    pub(super) index: IndexState,
    pub(super) outbox: Vec<Effect>,
    /// Where `e` writes (the config's `export_dir`); `None`: the user's documents folder.
    pub(super) export_dir: Option<std::path::PathBuf>,
    /// Draw borders in ASCII (`TERM=dumb`, a non-UTF-8 locale).
    pub(super) ascii: bool,
    /// Articles left by jumps (related articles, search hits), for Ctrl-o / Ctrl-i.
    pub(super) jumps: Jumps,
    /// What `pages.toml` says about pages (paper, page number, URL), by file stem.
    pub(super) sources: Arc<HashMap<String, PageInfo>>,
    /// How far a first read of the archive has got, while it runs (see [`super::loader`]).
    pub(super) loading: Option<LoadProgress>,
    /// The saved position is still to be restored: the archive was empty at start (being
    /// read) and the user has not pressed a key yet.
    pub(super) restore_pending: bool,
    pub(super) running: bool,
    pub(super) next_seq: u64,
}

/// What views, tests and benches read of the state; nothing outside `tui` writes it (only
/// [`App::update`] and the components it calls change it).
impl App {
    /// The articles shown (shared, never copied).
    pub fn store(&self) -> &Arc<ArticleStore> {
        &self.store
    }

    /// The cities, counties, themes, people and dates the navigator lists.
    pub fn facets(&self) -> &Facets {
        &self.facets
    }

    pub(crate) fn counts(&self) -> &FacetCounts {
        &self.counts
    }

    /// The colours in force.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub(crate) fn ambiguous(&self) -> Ambiguous {
        self.ambiguous
    }

    /// The terminal size, in cells (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Browsing or searching.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The pane with the focus.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The overlay shown, if any (`Overlay::None` when none).
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// The navigator pane: its rows and cursor.
    pub fn navigator(&self) -> &Navigator {
        &self.navigator
    }

    /// The filter the list shows (what the navigator, a statistics bar or a caller chose).
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Store indices listed, in the order shown.
    pub fn list(&self) -> &[usize] {
        self.list.items()
    }

    pub(crate) fn sort(&self) -> Sort {
        self.list.sort()
    }

    pub(crate) fn pages(&self) -> Option<&PageView> {
        self.list.pages()
    }

    /// The list's selection and scroll.
    pub fn list_cursor(&self) -> Cursor {
        self.list.cursor()
    }

    /// The article in the reader, if one is open or previewed.
    pub fn reader(&self) -> Option<&Reader> {
        self.reader.as_ref()
    }

    /// The search pane: the line, the request in flight, the results.
    pub fn search(&self) -> &SearchState {
        &self.search
    }

    /// Read marks, bookmarks and the last position, as they will be saved.
    pub fn saved(&self) -> &SavedState {
        &self.saved
    }

    /// The message on the status bar, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Effects asked for and not yet carried out (see [`run_effects`](super::run_effects)).
    pub fn outbox(&self) -> &[Effect] {
        &self.outbox
    }

    /// How far a first read of the archive has got; `None` once it is done (or when there was none).
    pub fn loading(&self) -> Option<LoadProgress> {
        self.loading
    }

    /// `false` once the user has quit.
    pub fn running(&self) -> bool {
        self.running
    }
}

impl App {
    /// A browser over `store` with these settings and saved state; nothing drawn or asked yet (send [`Action::Resize`](super::Action::Resize) first).
    pub fn new(
        store: Arc<ArticleStore>,
        order: &FacetOrder,
        keymap: KeyMap,
        theme: Theme,
        ambiguous: Ambiguous,
        saved: SavedState,
    ) -> App {
        let mut app = App {
            list: ArticleList::default(),
            counts: FacetCounts::default(),
            facets: Arc::new(Facets::build(&store, order)),
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
            loading: None,
            restore_pending: false,
            running: true,
            next_seq: 0,
        };
        app.refilter();
        app.restore_position();
        app.restore_pending = app.store.is_empty();
        app
    }

    /// The keys in force (from the config). A setting given before the browser runs: it takes
    /// the app by value, so only its owner can, never a view.
    pub fn with_keymap(mut self, keymap: KeyMap) -> App {
        self.keymap = keymap;
        self
    }

    /// The colours in force (from the config, `NO_COLOR`); a setting like [`Self::with_keymap`].
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }

    /// How ambiguous-width characters are counted; a setting like [`Self::with_keymap`]. The
    /// open article is laid out again with it.
    pub fn with_ambiguous(mut self, ambiguous: Ambiguous) -> App {
        self.ambiguous = ambiguous;
        if let Some(reader) = self.reader.take() {
            self.open_reader(reader.index(), reader.hits().to_vec());
        }
        self
    }

    /// What `pages.toml` says about pages, by file stem; a setting like [`Self::with_keymap`].
    pub fn with_sources(mut self, sources: HashMap<String, PageInfo>) -> App {
        self.set_sources(sources);
        self
    }

    fn restore_position(&mut self) {
        let last = self.saved.last.clone();
        if let Some(id) = &last.selected
            && let Some(pos) = self
                .list
                .items()
                .iter()
                .position(|&i| self.head(i).id() == id.as_str())
        {
            let rows = self.list_rows();
            self.list.select(pos, rows);
        }
        self.sync_preview();
        let rows = self.reader_rows();
        if let Some(id) = &last.open
            && let Some(reader) = &mut self.reader
            && reader.article().id == *id
        {
            reader.set_scroll(last.scroll, rows);
            if !self.is_wide() {
                self.focus = Pane::Reader;
            }
        }
    }

    pub(crate) fn is_wide(&self) -> bool {
        self.size.0 >= WIDE_FROM
    }

    /// The terminal is too small to draw the panes (a notice is drawn instead).
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
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
    pub(crate) fn list_rows(&self) -> usize {
        let inner = self.pane_area(Pane::List).height.saturating_sub(2) as usize;
        (inner / LIST_ITEM_HEIGHT).max(1)
    }

    pub(crate) fn result_rows(&self) -> usize {
        let inner = self.pane_area(Pane::List).height.saturating_sub(5) as usize;
        (inner / RESULT_ITEM_HEIGHT).max(1)
    }

    pub(crate) fn nav_visible_rows(&self) -> usize {
        (self.pane_area(Pane::Navigator).height.saturating_sub(2) as usize).max(1)
    }

    /// Lines of text the reader shows at once.
    pub fn reader_rows(&self) -> usize {
        (self.pane_area(Pane::Reader).height.saturating_sub(2) as usize).max(1)
    }

    /// Width the reader lays text out to.
    pub(crate) fn reader_text_width(&self) -> usize {
        (self.pane_area(Pane::Reader).width.saturating_sub(4) as usize).max(10)
    }

    pub(crate) fn selected_article(&self) -> Option<usize> {
        match self.mode {
            Mode::Browse => self.list.selected(),
            Mode::Search => self.search.selected_hit().map(|h| h.index),
        }
    }

    /// Article `index` (into the store) has been opened in the reader, now or in a past run.
    pub fn is_read(&self, index: usize) -> bool {
        self.saved.read.contains(self.head(index).id())
    }

    pub(crate) fn is_bookmarked(&self, index: usize) -> bool {
        self.saved.bookmarks.contains(self.head(index).id())
    }

    /// The active filter parts as chips, in order: (part, words).
    pub(crate) fn chips(&self) -> Vec<(Part, String)> {
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
    pub(super) fn refilter(&mut self) {
        let marks = IdMarks {
            bookmarks: &self.saved.bookmarks,
            read: &self.saved.read,
        };
        let passing = self.facets.select(&self.store, &self.filter, &marks);
        self.counts = self.facets.count(&self.store, &self.filter, &marks);
        let rows = self.list_rows();
        self.list.show(passing, &self.store, &self.facets, rows);
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
    pub(super) fn sync_preview(&mut self) {
        let selected = self.selected_article();
        match selected {
            Some(index) if self.reader.as_ref().is_none_or(|r| r.index() != index) => {
                let hits = match self.mode {
                    Mode::Search => self
                        .search
                        .selected_hit()
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
    pub(super) fn set_sources(&mut self, sources: HashMap<String, PageInfo>) {
        self.sources = Arc::new(sources);
        let rows = self.reader_rows();
        let Some(mut reader) = self.reader.take() else {
            return;
        };
        let source = self.source_of(reader.article());
        reader.reopen(&self.layout_context(&source));
        reader.clamp(rows);
        self.reader = Some(reader);
    }

    /// Where `article` was printed (see [`source_of`]).
    pub(crate) fn source_of(&self, article: &Article) -> Source {
        source_of(article, self.sources.get(&article.page))
    }

    fn layout_context<'a>(&'a self, source: &'a Source) -> LayoutContext<'a> {
        LayoutContext {
            width: self.reader_text_width(),
            amb: self.ambiguous,
            facets: &self.facets,
            source,
        }
    }

    /// Puts article `index` in the reader with `hits` highlighted, at the first hit. Reads its
    /// text from the store; if that fails the reader stays as it was and the status bar says why.
    pub(super) fn open_reader(&mut self, index: usize, hits: Vec<ParagraphSpan>) {
        let article = match self.store.article(index) {
            Ok(article) => Arc::new(article),
            Err(why) => {
                self.message = Some(why.to_string());
                return;
            }
        };
        let source = self.source_of(&article);
        let mut reader = Reader::open(index, article, hits, &self.layout_context(&source));
        reader.clamp(self.reader_rows());
        self.reader = Some(reader);
    }

    /// Shows `grown` instead of the store shown so far (a first read of the archive that got
    /// further, or finished), keeping the user's place: the selected article, the open one and
    /// how far it is scrolled, the jumps — by article id, as indices change between stores. A
    /// search shown is asked again of the new store.
    pub(super) fn swap_store(&mut self, grown: Grown) {
        let id_of = |app: &App, i: usize| app.store.head(i).map(|h| h.id().to_string());
        let selected = self.list.selected().and_then(|i| id_of(self, i));
        let open = self
            .reader
            .as_ref()
            .map(|r| (r.article().id.clone(), r.scroll()));
        let back: Vec<String> = self
            .jumps
            .back
            .iter()
            .filter_map(|&i| id_of(self, i))
            .collect();
        let forward: Vec<String> = self
            .jumps
            .forward
            .iter()
            .filter_map(|&i| id_of(self, i))
            .collect();
        let from = self.jumps.from.and_then(|i| id_of(self, i));
        self.store = grown.store;
        self.facets = grown.facets;
        self.loading = (!grown.done).then_some(grown.progress);
        let position = |app: &App, id: &str| app.store.position(id);
        self.jumps.back = back.iter().filter_map(|id| position(self, id)).collect();
        self.jumps.forward = forward.iter().filter_map(|id| position(self, id)).collect();
        self.jumps.from = from.and_then(|id| position(self, &id));
        if matches!(self.overlay, Overlay::Related(_)) {
            self.overlay = Overlay::None;
        }
        self.reader = None;
        self.refilter();
        let rows = self.list_rows();
        if let Some(index) = selected.and_then(|id| position(self, &id)) {
            self.list.select_article(index, rows);
        }
        let saved = self.saved.last.selected.clone();
        if self.restore_pending && saved.is_some_and(|id| position(self, &id).is_some()) {
            self.restore_pending = false;
            self.restore_position();
            return;
        }
        match open.and_then(|(id, scroll)| Some((position(self, &id)?, scroll))) {
            Some((index, scroll)) => {
                self.open_reader(index, Vec::new());
                let rows = self.reader_rows();
                if let Some(reader) = &mut self.reader {
                    reader.set_scroll(scroll, rows);
                }
            }
            None => {
                if self.focus == Pane::Reader {
                    self.focus = Pane::List;
                }
                self.sync_preview();
            }
        }
    }

    /// Lays the reader out again if the width changed (resize, pane switch).
    pub(super) fn relayout_reader(&mut self) {
        let rows = self.reader_rows();
        let Some(mut reader) = self.reader.take() else {
            return;
        };
        let source = self.source_of(reader.article());
        reader.relayout(&self.layout_context(&source));
        reader.clamp(rows);
        self.reader = Some(reader);
    }
}

/// Lines per article in the list (title line, details line).
pub(crate) const LIST_ITEM_HEIGHT: usize = 2;
/// Lines per search result (title, details, snippet).
pub(crate) const RESULT_ITEM_HEIGHT: usize = 3;

/// Where each pane lies on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub body: Rect,
    pub navigator: Rect,
    pub list: Rect,
    pub reader: Rect,
}

pub(crate) use crate::filter::place_label;

/// The 版面 view: like the e-paper, one issue at a time (the articles of the pages printed on
/// one date), page by page, each page's articles in the order they stand on it. Pages dated
/// only by year or month form one "issue" of that year or month.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PageView {
    issues: Vec<Issue>,
    at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    /// The pages' date (`None`: undated).
    pub(crate) date: Option<String>,
    /// Store indices in print order.
    pub(crate) articles: Vec<usize>,
}

impl PageView {
    pub(crate) fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The issue shown (its index in [`Self::issues`]).
    pub(crate) fn at(&self) -> usize {
        self.at
    }

    pub(crate) fn current(&self) -> &[usize] {
        self.issues.get(self.at).map_or(&[], |i| &i.articles)
    }

    pub(crate) fn current_issue(&self) -> Option<&Issue> {
        self.issues.get(self.at)
    }

    /// Moves to the previous (-1) or next (+1) issue; `false` at either end.
    pub(crate) fn step(&mut self, delta: isize) -> bool {
        let next = self.at as isize + delta;
        if next < 0 || next as usize >= self.issues.len() {
            return false;
        }
        self.at = next as usize;
        true
    }

    /// Groups `list` into issues, oldest first, keeping the issue shown when it is still there
    /// (else the newest).
    pub(crate) fn regroup(&mut self, list: &[usize], store: &ArticleStore) {
        let shown = self.current_issue().map(|i| i.date.clone());
        // Keyed by the date's bounds (so issues sort by time), then its text.
        type IssueKey<'a> = (Option<(u32, u32)>, Option<&'a str>);
        let mut by_date: std::collections::BTreeMap<IssueKey<'_>, Vec<usize>> =
            std::collections::BTreeMap::new();
        for &i in list {
            let date = store.head(i).and_then(|h| h.date());
            let key = (
                date.and_then(Period::parse)
                    .map(super::super::filter::Period::bounds),
                date,
            );
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
pub(crate) fn page_number(head: Head<'_>) -> Option<u32> {
    crate::classify::dates::from_file_name(head.page()).and_then(|n| n.page)
}

/// Where an article was printed, as far as it is known, and where its page is online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    /// "浙江工人日报 2017-01-16 第3版" (paper, date, page); the article id when neither date nor
    /// page is known.
    pub(crate) citation: String,
    pub(crate) url: Option<String>,
}

/// An article's [`Source`]: the paper and page number from `pages.toml` (`info`), else the page
/// number from the file name; the date is the article's.
pub(crate) fn source_of(article: &Article, info: Option<&PageInfo>) -> Source {
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

/// Where jumps came from (`back`) and, after going back, where they went (`forward`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Jumps {
    pub(crate) back: Vec<usize>,
    pub(crate) forward: Vec<usize>,
    /// In a search: the article read last (before the search, or the hit opened last), where
    /// opening a hit jumps from.
    pub(crate) from: Option<usize>,
}

/// The order of the article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sort {
    /// Newest first by date (undated last), print order within a date.
    #[default]
    Newest,
    /// As printed: page by page, each page's articles top to bottom.
    Print,
}

impl Sort {
    pub(crate) fn toggled(self) -> Sort {
        match self {
            Sort::Newest => Sort::Print,
            Sort::Print => Sort::Newest,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Sort::Newest => "新→旧 newest",
            Sort::Print => "版面序 print order",
        }
    }

    /// Puts `list` (store indices of the articles `facets` were built from) in this order.
    pub(crate) fn apply(self, list: &mut [usize], facets: &Facets) {
        match self {
            Sort::Newest => facets.sort_newest_first(list),
            Sort::Print => list.sort_unstable(),
        }
    }
}
