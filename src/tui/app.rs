//! The one state of the browser, and the pure questions views ask of it. Changes happen only in
//! [`App::update`](super::update); slow or outside work is requested through [`Effect`]s that the
//! main loop carries out.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::keymap::KeyMap;
use super::state::SavedState;
use super::text::{self, Ambiguous, BodyLayout, TextLine, TextStyle};
use super::theme::Theme;
use super::worker::{FoundHit, SearchRequest};
use crate::article::{Article, ParagraphSpan};
use crate::classify::RegionRef;
use crate::corpus::{ArticleStore, Head};
use crate::filter::facets::{FacetCounts, FacetOrder, Facets};
use crate::filter::{DateRange, Filter, IdMarks, Part, Period, RegionPick};

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

/// The navigator's rows. Each row but a heading stands for one choice of one filter part
/// ([`NavRow::choose`]), with the number of articles that choice lists given the other parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavRow {
    Heading(&'static str),
    /// "全部": the part unset.
    All {
        part: Part,
        count: usize,
    },
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
    Theme {
        id: String,
        label: String,
        count: usize,
    },
    Person {
        name: String,
        count: usize,
    },
    Year {
        year: u16,
        count: usize,
        expandable: bool,
        expanded: bool,
    },
    Month {
        year: u16,
        month: u8,
        count: usize,
    },
}

impl NavRow {
    pub fn selectable(&self) -> bool {
        !matches!(self, NavRow::Heading(_))
    }

    /// The number shown: articles listed once this row is chosen.
    pub fn count(&self) -> Option<usize> {
        match self {
            NavRow::Heading(_) => None,
            NavRow::All { count, .. }
            | NavRow::Province(count)
            | NavRow::City { count, .. }
            | NavRow::County { count, .. }
            | NavRow::Theme { count, .. }
            | NavRow::Person { count, .. }
            | NavRow::Year { count, .. }
            | NavRow::Month { count, .. } => Some(*count),
        }
    }

    /// The filter with this row's part set to this row's choice.
    pub fn choose(&self, filter: &Filter) -> Filter {
        let mut f = filter.clone();
        let place = |city: &str, county: Option<&str>| {
            Some(RegionPick::Place(RegionRef {
                city: city.to_string(),
                county: county.map(str::to_string),
            }))
        };
        match self {
            NavRow::Heading(_) => {}
            NavRow::All { part, .. } => f.clear(*part),
            NavRow::Province(_) => f.region = Some(RegionPick::Province),
            NavRow::City { name, .. } => f.region = place(name, None),
            NavRow::County { city, name, .. } => f.region = place(city, Some(name)),
            NavRow::Theme { id, .. } => f.theme = Some(id.clone()),
            NavRow::Person { name, .. } => f.person = Some(name.clone()),
            NavRow::Year { year, .. } => f.dates = Some(DateRange::single(Period::year(*year))),
            NavRow::Month { year, month, .. } => {
                f.dates = Period::month(*year, *month).map(DateRange::single)
            }
        }
        f
    }

    /// Is this row the filter's current choice for its part?
    pub fn is_chosen(&self, filter: &Filter) -> bool {
        self.selectable() && self.choose(filter) == *filter
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
    pub nav_rows: Vec<NavRow>,
    pub nav: Cursor,
    pub expanded: BTreeSet<String>,
    pub expanded_years: BTreeSet<u16>,
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
        order: &FacetOrder,
        keymap: KeyMap,
        theme: Theme,
        ambiguous: Ambiguous,
        saved: SavedState,
    ) -> App {
        let mut app = App {
            list: (0..store.len()).collect(),
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
            nav_rows: Vec::new(),
            nav: Cursor::default(),
            expanded: BTreeSet::new(),
            expanded_years: BTreeSet::new(),
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
        app.refilter();
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

    /// Rebuilds the navigator rows from the facets, their counts and what is expanded.
    pub fn rebuild_nav(&mut self) {
        let (f, c) = (&self.facets, &self.counts);
        let n = |t: &crate::filter::facets::Tally| t.articles;
        let mut rows = vec![
            NavRow::Heading("地区"),
            NavRow::All {
                part: Part::Region,
                count: n(&c.all_regions),
            },
        ];
        if c.province.articles > 0 || self.filter.region == Some(RegionPick::Province) {
            rows.push(NavRow::Province(n(&c.province)));
        }
        for (i, city) in f.cities().iter().enumerate() {
            let expanded = self.expanded.contains(city);
            let mut counties = f.counties().enumerate().filter(|(_, (ci, _))| *ci == i);
            rows.push(NavRow::City {
                name: city.clone(),
                count: n(&c.cities[i]),
                expandable: counties.clone().next().is_some(),
                expanded,
            });
            if expanded {
                rows.extend(counties.by_ref().map(|(k, (_, name))| NavRow::County {
                    city: city.clone(),
                    name: name.to_string(),
                    count: n(&c.counties[k]),
                }));
            }
        }
        rows.push(NavRow::Heading("主题"));
        rows.push(NavRow::All {
            part: Part::Theme,
            count: n(&c.all_themes),
        });
        rows.extend(
            f.themes()
                .iter()
                .zip(&c.themes)
                .map(|((id, label), t)| NavRow::Theme {
                    id: id.clone(),
                    label: label.clone(),
                    count: n(t),
                }),
        );
        if !f.people().is_empty() {
            rows.push(NavRow::Heading("记者"));
            rows.push(NavRow::All {
                part: Part::Person,
                count: n(&c.all_people),
            });
            rows.extend(
                f.people()
                    .iter()
                    .zip(&c.people)
                    .map(|(name, t)| NavRow::Person {
                        name: name.clone(),
                        count: n(t),
                    }),
            );
        }
        if !f.years().is_empty() {
            rows.push(NavRow::Heading("日期"));
            rows.push(NavRow::All {
                part: Part::Date,
                count: n(&c.all_dates),
            });
            for (i, &year) in f.years().iter().enumerate().rev() {
                let expanded = self.expanded_years.contains(&year);
                let months = f
                    .months()
                    .iter()
                    .enumerate()
                    .filter(|(_, (y, _))| *y == year);
                rows.push(NavRow::Year {
                    year,
                    count: n(&c.years[i]),
                    expandable: months.clone().next().is_some(),
                    expanded,
                });
                if expanded {
                    rows.extend(months.map(|(m, &(year, month))| NavRow::Month {
                        year,
                        month,
                        count: n(&c.months[m]),
                    }));
                }
            }
        }
        self.nav_rows = rows;
    }

    /// Is this navigator row the active filter of its part?
    pub fn nav_row_active(&self, row: &NavRow) -> bool {
        row.is_chosen(&self.filter)
    }

    /// The filter in words, for the list header and the search line ("杭州市 › 西湖区 · 技能").
    pub fn filter_label(&self) -> String {
        let f = &self.filter;
        let mut parts = Vec::new();
        if let Some(region) = &f.region {
            parts.push(region.label());
        }
        if let Some(t) = &f.theme {
            parts.push(self.facets.theme_label(t).to_string());
        }
        if let Some(r) = &f.person {
            parts.push(format!("记者 {r}"));
        }
        if let Some(d) = &f.dates {
            parts.push(d.to_string());
        }
        if f.bookmarked {
            parts.push("书签".to_string());
        }
        if f.unread {
            parts.push("未读".to_string());
        }
        if parts.is_empty() {
            "全部".to_string()
        } else {
            parts.join(" · ")
        }
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
        let pos = keep
            .and_then(|k| self.list.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.list_cursor = Cursor::default();
        self.list_cursor.set(pos, self.list.len(), self.list_rows());
        let selected = self.nav_rows.get(self.nav.selected).cloned();
        self.rebuild_nav();
        // Keep the navigator on the same row (its count may have changed).
        if let Some(row) = selected
            && let Some(at) = self.nav_rows.iter().position(|r| same_row(r, &row))
        {
            self.nav.selected = at;
        }
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
            &self.facets,
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
            reader.layout = layout_reader(&reader.article, &reader.hits, width, amb, &self.facets);
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
    facets: &Facets,
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
                .map(|t| facets.theme_label(t))
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

pub use crate::filter::place_label;

/// Do two navigator rows stand for the same choice (whatever their counts)?
fn same_row(a: &NavRow, b: &NavRow) -> bool {
    let blank = |r: &NavRow| match r.clone() {
        NavRow::All { part, .. } => NavRow::All { part, count: 0 },
        NavRow::Province(_) => NavRow::Province(0),
        NavRow::City { name, .. } => NavRow::City {
            name,
            count: 0,
            expandable: false,
            expanded: false,
        },
        NavRow::County { city, name, .. } => NavRow::County {
            city,
            name,
            count: 0,
        },
        NavRow::Theme { id, label, .. } => NavRow::Theme {
            id,
            label,
            count: 0,
        },
        NavRow::Person { name, .. } => NavRow::Person { name, count: 0 },
        NavRow::Year { year, .. } => NavRow::Year {
            year,
            count: 0,
            expandable: false,
            expanded: false,
        },
        NavRow::Month { year, month, .. } => NavRow::Month {
            year,
            month,
            count: 0,
        },
        heading => heading,
    };
    blank(a) == blank(b)
}
