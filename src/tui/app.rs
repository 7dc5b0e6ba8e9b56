//! The one state of the browser, and the pure questions views ask of it. Changes happen only in
//! [`App::update`](super::update); slow or outside work is requested through [`Effect`]s that the
//! main loop carries out.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::keymap::KeyMap;
use super::state::SavedState;
use super::text::{self, Ambiguous, BodyLayout, TextLine, TextStyle};
use super::theme::Theme;
use super::worker::{FoundHit, SearchRequest};
use crate::article::{Article, ParagraphSpan};
use crate::corpus::{ArticleStore, Head};

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
        request: SearchRequest,
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
}

/// Which region the list is restricted to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RegionFilter {
    #[default]
    All,
    /// Articles about the whole province (no city).
    Province,
    City(String),
    County(String, String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub region: RegionFilter,
    pub theme: Option<String>,
    pub reporter: Option<String>,
    pub month: Option<String>,
    pub bookmarks_only: bool,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, article: Head<'_>, bookmarks: &BTreeSet<String>) -> bool {
        let region_ok = match &self.region {
            RegionFilter::All => true,
            RegionFilter::Province => article.city().is_none(),
            RegionFilter::City(c) => article.city() == Some(c.as_str()),
            RegionFilter::County(c, k) => {
                article.city() == Some(c.as_str()) && article.county() == Some(k.as_str())
            }
        };
        region_ok
            && article.passes(
                self.theme.as_deref(),
                self.reporter.as_deref(),
                self.month.as_deref(),
            )
            && (!self.bookmarks_only || bookmarks.contains(article.id()))
    }

    /// The filter as a search request (the "search within the selection" toggle).
    pub fn to_request(&self, text: &str) -> SearchRequest {
        let (city, county, province_only) = match &self.region {
            RegionFilter::All => (None, None, false),
            RegionFilter::Province => (None, None, true),
            RegionFilter::City(c) => (Some(c.clone()), None, false),
            RegionFilter::County(c, k) => (Some(c.clone()), Some(k.clone()), false),
        };
        SearchRequest {
            text: text.to_string(),
            city,
            county,
            province_only,
            theme: self.theme.clone(),
            reporter: self.reporter.clone(),
            month: self.month.clone(),
            limit: SEARCH_LIMIT,
        }
    }
}

/// The navigator's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavRow {
    Heading(&'static str),
    AllRegions(usize),
    Province(usize),
    City {
        name: String,
        count: usize,
        expandable: bool,
        expanded: bool,
    },
    County {
        city: String,
        name: String,
        count: usize,
    },
    AllThemes,
    Theme {
        id: String,
        label: String,
        count: usize,
    },
    AllReporters,
    Reporter {
        name: String,
        count: usize,
    },
    AllMonths,
    Month {
        month: String,
        count: usize,
    },
}

impl NavRow {
    pub fn selectable(&self) -> bool {
        !matches!(self, NavRow::Heading(_))
    }
}

/// Counts computed once at start: what the navigator and the statistics show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    pub total: usize,
    pub province: usize,
    /// Cities in display order with their counts.
    pub cities: Vec<(String, usize)>,
    pub counties: BTreeMap<String, Vec<(String, usize)>>,
    /// (id, label, count) in taxonomy order.
    pub themes: Vec<(String, String, usize)>,
    pub reporters: Vec<(String, usize)>,
    pub months: Vec<(String, usize)>,
}

impl Catalog {
    /// `city_order` and `theme_labels` come from the classifier; places or themes the articles
    /// use that they do not list are added after them.
    pub fn new(
        articles: &ArticleStore,
        city_order: &[String],
        theme_labels: &[(String, String)],
    ) -> Catalog {
        let mut province = 0;
        // Counted with borrowed keys: one pass over 100,000 heads allocates only per distinct key.
        let mut city_counts: HashMap<&str, usize> = HashMap::new();
        let mut county_counts: HashMap<(&str, &str), usize> = HashMap::new();
        let mut theme_counts: HashMap<&str, usize> = HashMap::new();
        let mut reporter_counts: HashMap<&str, usize> = HashMap::new();
        let mut month_counts: HashMap<&str, usize> = HashMap::new();
        for a in articles.heads() {
            match a.city() {
                Some(city) => {
                    *city_counts.entry(city).or_default() += 1;
                    if let Some(county) = a.county() {
                        *county_counts.entry((city, county)).or_default() += 1;
                    }
                }
                None => province += 1,
            }
            for t in a.themes() {
                *theme_counts.entry(t).or_default() += 1;
            }
            for r in a.reporters() {
                *reporter_counts.entry(r).or_default() += 1;
            }
            if let Some(d) = a.date()
                && let Some(month) = d.get(..7)
            {
                *month_counts.entry(month).or_default() += 1;
            }
        }
        let owned = |counts: HashMap<&str, usize>| -> BTreeMap<String, usize> {
            counts
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect()
        };
        let city_counts = owned(city_counts);
        let county_counts: BTreeMap<(String, String), usize> = county_counts
            .into_iter()
            .map(|((c, k), n)| ((c.to_string(), k.to_string()), n))
            .collect();
        let theme_counts = owned(theme_counts);
        let reporter_counts = owned(reporter_counts);
        let month_counts = owned(month_counts);
        let mut cities: Vec<(String, usize)> = city_order
            .iter()
            .filter_map(|c| city_counts.get(c).map(|n| (c.clone(), *n)))
            .collect();
        let mut rest: Vec<(String, usize)> = city_counts
            .iter()
            .filter(|(c, _)| !city_order.contains(c))
            .map(|(c, n)| (c.clone(), *n))
            .collect();
        rest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cities.extend(rest);
        let mut counties: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
        for ((city, county), n) in county_counts {
            counties.entry(city).or_default().push((county, n));
        }
        for list in counties.values_mut() {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        let mut themes: Vec<(String, String, usize)> = theme_labels
            .iter()
            .filter_map(|(id, label)| {
                theme_counts
                    .get(id)
                    .map(|n| (id.clone(), label.clone(), *n))
            })
            .collect();
        for (id, n) in &theme_counts {
            if !theme_labels.iter().any(|(known, _)| known == id) {
                themes.push((id.clone(), id.clone(), *n));
            }
        }
        let mut reporters: Vec<(String, usize)> = reporter_counts.into_iter().collect();
        reporters.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Catalog {
            total: articles.len(),
            province,
            cities,
            counties,
            themes,
            reporters,
            months: month_counts.into_iter().collect(),
        }
    }

    pub fn theme_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.themes
            .iter()
            .find(|(t, _, _)| t == id)
            .map_or(id, |(_, label, _)| label.as_str())
    }
}

/// A scrolling list position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` within `len` items and keeps the selection inside a window of `rows`.
    pub fn step(&mut self, delta: isize, len: usize, rows: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.follow(rows);
    }

    pub fn set(&mut self, selected: usize, len: usize, rows: usize) {
        self.selected = selected.min(len.saturating_sub(1));
        self.follow(rows);
    }

    pub fn follow(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }
}

/// An article laid out for the reader at one width: header and body lines together.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReaderLayout {
    pub width: usize,
    pub lines: Vec<ReaderLine>,
    /// Index into `lines` of each hit's start.
    pub hit_lines: Vec<usize>,
    /// Lines before the body (the header).
    pub header_len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderLine {
    pub segments: Vec<(String, LineStyle)>,
    pub width: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    Body,
    Subhead,
    Caption,
    Hit,
    Kicker,
    Title,
    Meta,
    Rule,
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
    pub input: String,
    /// Cursor position in chars.
    pub cursor: usize,
    /// The last request sent, and the text of the results shown.
    pub sent_seq: u64,
    pub shown_text: String,
    pub total: usize,
    pub results: Vec<FoundHit>,
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
    pub catalog: Catalog,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub ambiguous: Ambiguous,
    pub size: (u16, u16),
    pub mode: Mode,
    pub focus: Pane,
    pub overlay: Overlay,
    pub nav_rows: Vec<NavRow>,
    pub nav: Cursor,
    pub expanded: BTreeSet<String>,
    pub filter: Filter,
    /// Indices into `store` that pass the filter, in corpus order.
    pub list: Vec<usize>,
    pub list_cursor: Cursor,
    pub reader: Option<Reader>,
    pub search: SearchState,
    pub saved: SavedState,
    pub notices: VecDeque<String>,
    pub message: Option<String>,
    pub index: IndexState,
    pub outbox: Vec<Effect>,
    pub running: bool,
    pub next_seq: u64,
}

impl App {
    pub fn new(
        store: Arc<ArticleStore>,
        catalog: Catalog,
        keymap: KeyMap,
        theme: Theme,
        ambiguous: Ambiguous,
        saved: SavedState,
    ) -> App {
        let mut app = App {
            list: (0..store.len()).collect(),
            store,
            catalog,
            keymap,
            theme,
            ambiguous,
            size: (80, 24),
            mode: Mode::Browse,
            focus: Pane::List,
            overlay: Overlay::None,
            nav_rows: Vec::new(),
            nav: Cursor::default(),
            expanded: BTreeSet::new(),
            filter: Filter::default(),
            list_cursor: Cursor::default(),
            reader: None,
            search: SearchState::default(),
            saved,
            notices: VecDeque::new(),
            message: None,
            index: IndexState::default(),
            outbox: Vec::new(),
            running: true,
            next_seq: 0,
        };
        app.rebuild_nav();
        // The first selectable row (全部), with the 地区 heading above it in view.
        app.nav = Cursor {
            selected: 1,
            offset: 0,
        };
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

    /// Rebuilds the navigator rows from the catalog and the expanded cities.
    pub fn rebuild_nav(&mut self) {
        let c = &self.catalog;
        let mut rows = vec![NavRow::Heading("地区"), NavRow::AllRegions(c.total)];
        if c.province > 0 {
            rows.push(NavRow::Province(c.province));
        }
        for (city, count) in &c.cities {
            let counties = c.counties.get(city);
            let expanded = self.expanded.contains(city);
            rows.push(NavRow::City {
                name: city.clone(),
                count: *count,
                expandable: counties.is_some_and(|k| !k.is_empty()),
                expanded,
            });
            if expanded && let Some(counties) = counties {
                rows.extend(counties.iter().map(|(k, n)| NavRow::County {
                    city: city.clone(),
                    name: k.clone(),
                    count: *n,
                }));
            }
        }
        if !c.themes.is_empty() {
            rows.push(NavRow::Heading("主题"));
            rows.push(NavRow::AllThemes);
            rows.extend(c.themes.iter().map(|(id, label, n)| NavRow::Theme {
                id: id.clone(),
                label: label.clone(),
                count: *n,
            }));
        }
        if !c.reporters.is_empty() {
            rows.push(NavRow::Heading("记者"));
            rows.push(NavRow::AllReporters);
            rows.extend(c.reporters.iter().map(|(r, n)| NavRow::Reporter {
                name: r.clone(),
                count: *n,
            }));
        }
        if !c.months.is_empty() {
            rows.push(NavRow::Heading("月份"));
            rows.push(NavRow::AllMonths);
            rows.extend(c.months.iter().map(|(m, n)| NavRow::Month {
                month: m.clone(),
                count: *n,
            }));
        }
        self.nav_rows = rows;
    }

    /// Is this navigator row the active filter of its dimension?
    pub fn nav_row_active(&self, row: &NavRow) -> bool {
        let f = &self.filter;
        match row {
            NavRow::Heading(_) => false,
            NavRow::AllRegions(_) => f.region == RegionFilter::All,
            NavRow::Province(_) => f.region == RegionFilter::Province,
            NavRow::City { name, .. } => f.region == RegionFilter::City(name.clone()),
            NavRow::County { city, name, .. } => {
                f.region == RegionFilter::County(city.clone(), name.clone())
            }
            NavRow::AllThemes => f.theme.is_none(),
            NavRow::Theme { id, .. } => f.theme.as_ref() == Some(id),
            NavRow::AllReporters => f.reporter.is_none(),
            NavRow::Reporter { name, .. } => f.reporter.as_ref() == Some(name),
            NavRow::AllMonths => f.month.is_none(),
            NavRow::Month { month, .. } => f.month.as_ref() == Some(month),
        }
    }

    /// The filter in words, for the list header and the search line ("杭州市 › 西湖区 · 技能").
    pub fn filter_label(&self) -> String {
        let f = &self.filter;
        let mut parts = Vec::new();
        match &f.region {
            RegionFilter::All => {}
            RegionFilter::Province => parts.push("全省".to_string()),
            RegionFilter::City(c) => parts.push(c.clone()),
            RegionFilter::County(c, k) => parts.push(format!("{c} › {k}")),
        }
        if let Some(t) = &f.theme {
            parts.push(self.catalog.theme_label(t).to_string());
        }
        if let Some(r) = &f.reporter {
            parts.push(format!("记者 {r}"));
        }
        if let Some(m) = &f.month {
            parts.push(m.clone());
        }
        if f.bookmarks_only {
            parts.push("书签".to_string());
        }
        if parts.is_empty() {
            "全部".to_string()
        } else {
            parts.join(" · ")
        }
    }

    /// Recomputes the list after a filter change, keeping the selected article if it stays.
    pub fn refilter(&mut self) {
        let keep = self.list.get(self.list_cursor.selected).copied();
        let store = Arc::clone(&self.store);
        self.list = store
            .heads()
            .filter(|a| self.filter.matches(*a, &self.saved.bookmarks))
            .map(|a| a.index())
            .collect();
        let pos = keep
            .and_then(|k| self.list.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.list_cursor = Cursor::default();
        self.list_cursor.set(pos, self.list.len(), self.list_rows());
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
            &self.catalog,
        );
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
            reader.layout = layout_reader(&reader.article, &reader.hits, width, amb, &self.catalog);
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

fn to_reader_lines(lines: Vec<TextLine>, fallback: LineStyle) -> impl Iterator<Item = ReaderLine> {
    lines.into_iter().map(move |line| ReaderLine {
        width: line.width,
        segments: line
            .segments
            .into_iter()
            .map(|(s, style)| {
                let style = match style {
                    TextStyle::Hit => LineStyle::Hit,
                    TextStyle::Subhead => LineStyle::Subhead,
                    TextStyle::Caption => LineStyle::Caption,
                    TextStyle::Kicker => LineStyle::Kicker,
                    TextStyle::Title => LineStyle::Title,
                    TextStyle::Body => fallback,
                };
                (s, style)
            })
            .collect(),
    })
}

/// The reader's lines for `article` at `width`: header (column, kicker, title, subtitle, credits,
/// place · date · themes), a rule, then the body as the layout module lays it out.
pub fn layout_reader(
    article: &Article,
    hits: &[ParagraphSpan],
    width: usize,
    amb: Ambiguous,
    catalog: &Catalog,
) -> ReaderLayout {
    let mut lines: Vec<ReaderLine> = Vec::new();
    let mut add = |text: &str, style: LineStyle| {
        if !text.trim().is_empty() {
            lines.extend(to_reader_lines(text::wrap(text, width, amb), style));
        }
    };
    if let Some(column) = &article.column {
        add(&format!("【{column}】"), LineStyle::Meta);
    }
    if let Some(kicker) = &article.kicker {
        add(kicker, LineStyle::Kicker);
    }
    add(&article.title, LineStyle::Title);
    if let Some(subtitle) = &article.subtitle {
        add(&format!("——{subtitle}"), LineStyle::Kicker);
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
    add(&credit.join("  "), LineStyle::Meta);
    let mut meta = vec![region_label(article)];
    if let Some(date) = &article.date {
        meta.push(date.clone());
    }
    if !article.themes.is_empty() {
        meta.push(
            article
                .themes
                .iter()
                .map(|t| catalog.theme_label(t))
                .collect::<Vec<_>>()
                .join("、"),
        );
    }
    add(&meta.join(" · "), LineStyle::Meta);
    let rule_cell = text::width("─", amb).max(1);
    let rule_count = width.min(40) / rule_cell;
    lines.push(ReaderLine {
        segments: vec![("─".repeat(rule_count), LineStyle::Rule)],
        width: rule_count * rule_cell,
    });
    let header_len = lines.len();
    let body: BodyLayout = text::layout_body(article, hits, width, amb);
    lines.extend(to_reader_lines(body.lines, LineStyle::Body));
    ReaderLayout {
        width,
        hit_lines: body.hit_lines.into_iter().map(|l| l + header_len).collect(),
        lines,
        header_len,
    }
}

/// "杭州市 › 西湖区", or "浙江省" for province-wide articles.
pub fn region_label(article: &Article) -> String {
    place_label(
        article.region.city.as_deref(),
        article.region.county.as_deref(),
    )
}

/// [`region_label`] of a city and county given apart (an article head).
pub fn place_label(city: Option<&str>, county: Option<&str>) -> String {
    match (city, county) {
        (Some(c), Some(k)) => format!("{c} › {k}"),
        (Some(c), None) => c.to_string(),
        _ => crate::article::PROVINCE.to_string(),
    }
}
