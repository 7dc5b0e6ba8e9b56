//! The navigator: regions (cities, open to counties), themes, people and years (open to months),
//! each row with the number of articles choosing it would list, given the other active filters
//! (a shop's sidebar, counted by [`Facets::count`]), and how many of those are unread.
//!
//! Moving the cursor only moves it; choosing a row (Enter or Space) is what filters, and
//! choosing a chosen row again unsets its part. Rows with no article are dimmed, chosen rows
//! marked `✓` (visible without colour). `g`/`G`/Home/End/PgUp/PgDn skip headings.

use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::Cursor;
use crate::classify::RegionRef;
use crate::filter::facets::{FacetCounts, Facets, Tally};
use crate::filter::{DateRange, Filter, Part, Period, RegionPick};
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::text;
use crate::tui::views::{fill, pane_block, put_str};

/// What a row stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavKind {
    Heading(&'static str),
    /// "全部": the part unset.
    All(Part),
    /// Articles about the whole province.
    Province,
    /// `open`: `None` when the city has no counties to show.
    City {
        name: String,
        open: Option<bool>,
    },
    County {
        city: String,
        name: String,
    },
    Theme {
        id: String,
        label: String,
    },
    Person(String),
    Year {
        year: u16,
        open: Option<bool>,
    },
    Month {
        year: u16,
        month: u8,
    },
}

/// One navigator row: a choice and its count under the other filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavRow {
    pub kind: NavKind,
    pub count: Tally,
}

impl NavKind {
    /// Whether choosing the row does anything (headings do not).
    pub fn selectable(&self) -> bool {
        !matches!(self, NavKind::Heading(_))
    }

    /// The filter part this row sets.
    pub(crate) fn part(&self) -> Option<Part> {
        match self {
            NavKind::Heading(_) => None,
            NavKind::All(part) => Some(*part),
            NavKind::Province | NavKind::City { .. } | NavKind::County { .. } => Some(Part::Region),
            NavKind::Theme { .. } => Some(Part::Theme),
            NavKind::Person(_) => Some(Part::Person),
            NavKind::Year { .. } | NavKind::Month { .. } => Some(Part::Date),
        }
    }

    /// `filter` with this row's part set to this row's choice.
    pub fn apply(&self, filter: &Filter) -> Filter {
        let mut f = filter.clone();
        let place = |city: &str, county: Option<&str>| {
            Some(RegionPick::Place(RegionRef {
                city: city.to_string(),
                county: county.map(str::to_string),
            }))
        };
        match self {
            NavKind::Heading(_) => {}
            NavKind::All(part) => f.clear(*part),
            NavKind::Province => f.region = Some(RegionPick::Province),
            NavKind::City { name, .. } => f.region = place(name, None),
            NavKind::County { city, name } => f.region = place(city, Some(name)),
            NavKind::Theme { id, .. } => f.theme = Some(id.clone()),
            NavKind::Person(name) => f.person = Some(name.clone()),
            NavKind::Year { year, .. } => f.dates = Some(DateRange::single(Period::year(*year))),
            NavKind::Month { year, month } => {
                f.dates = Period::month(*year, *month).map(DateRange::single);
            }
        }
        f
    }

    /// Is this row its part's current choice?
    pub(crate) fn is_chosen(&self, filter: &Filter) -> bool {
        self.selectable() && self.apply(filter) == *filter
    }

    /// What choosing this row does: sets its part, or unsets it when it is already chosen.
    pub(crate) fn choose(&self, filter: &Filter) -> Filter {
        match self.part() {
            Some(part) if self.is_chosen(filter) => {
                let mut f = filter.clone();
                f.clear(part);
                f
            }
            _ => self.apply(filter),
        }
    }

    /// The row's identity, whatever is open: for keeping the cursor on it across rebuilds.
    fn same(&self, other: &NavKind) -> bool {
        match (self, other) {
            (NavKind::City { name: a, .. }, NavKind::City { name: b, .. }) => a == b,
            (NavKind::Year { year: a, .. }, NavKind::Year { year: b, .. }) => a == b,
            (a, b) => a == b,
        }
    }
}

/// What the rows are built from: the app's facets, their counts and the filter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NavData<'a> {
    pub(crate) facets: &'a Facets,
    pub(crate) counts: &'a FacetCounts,
    pub(crate) filter: &'a Filter,
}

/// The navigator's state. Only its own methods change it.
#[derive(Debug, Clone, Default)]
pub struct Navigator {
    rows: Vec<NavRow>,
    cursor: Cursor,
    open_cities: BTreeSet<String>,
    open_years: BTreeSet<u16>,
}

impl Navigator {
    /// The rows shown, in order (open cities and years with their counties and months).
    pub fn rows(&self) -> &[NavRow] {
        &self.rows
    }

    /// The selected row and the scroll.
    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<&NavRow> {
        self.rows.get(self.cursor.selected)
    }

    /// Builds the rows again from the facets and their counts, keeping the cursor on the same
    /// choice (on the first "全部" at the first build).
    pub(crate) fn rebuild(&mut self, data: &NavData<'_>) {
        let here = self.selected_row().map(|r| r.kind.clone());
        self.rows = rows(
            data.facets,
            data.counts,
            data.filter,
            &self.open_cities,
            &self.open_years,
        );
        let at = here
            .and_then(|k| self.rows.iter().position(|r| r.kind.same(&k)))
            .unwrap_or(1);
        self.cursor.selected = at.min(self.rows.len().saturating_sub(1));
    }

    /// Keeps the cursor in a window of `page` rows.
    pub(crate) fn follow(&mut self, page: usize) {
        self.cursor.follow(page);
        if self.first_selectable() == Some(self.cursor.selected) {
            self.cursor.offset = 0; // the first heading stays in view
        }
    }

    fn first_selectable(&self) -> Option<usize> {
        self.rows.iter().position(|r| r.kind.selectable())
    }

    /// Puts the cursor on `target`, or the nearest selectable row from there in `direction`
    /// (then in the other, so a jump to a heading at either end still lands).
    fn move_to(&mut self, target: isize, direction: isize, page: usize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() as isize - 1;
        let start = target.clamp(0, last);
        let find = |step: isize| {
            let mut at = start;
            while (0..=last).contains(&at) {
                if self.rows[at as usize].kind.selectable() {
                    return Some(at as usize);
                }
                at += step;
            }
            None
        };
        if let Some(at) = find(direction.signum().max(-1)).or_else(|| find(-direction.signum())) {
            self.cursor.selected = at;
        }
        self.follow(page);
    }

    /// Handles a command meant for the navigator (`page`: rows on screen). Returns the new
    /// filter when the user chose a row; moving and opening change nothing else.
    pub(crate) fn handle(
        &mut self,
        command: Command,
        page: usize,
        data: &NavData<'_>,
    ) -> Option<Filter> {
        let filter = data.filter;
        let at = self.cursor.selected as isize;
        let page_step = page.max(1) as isize;
        match command {
            Command::Up => self.move_to(at - 1, -1, page),
            Command::Down => self.move_to(at + 1, 1, page),
            Command::PageUp => self.move_to(at - page_step, -1, page),
            Command::PageDown => self.move_to(at + page_step, 1, page),
            Command::HalfPageUp => self.move_to(at - (page_step / 2).max(1), -1, page),
            Command::HalfPageDown => self.move_to(at + (page_step / 2).max(1), 1, page),
            Command::Top => self.move_to(0, 1, page),
            Command::Bottom => self.move_to(isize::MAX / 2, -1, page),
            Command::Expand => self.open(true, page, data),
            Command::Collapse => self.open(false, page, data),
            Command::Open | Command::Choose => {
                return self.selected_row().map(|r| r.kind.choose(filter));
            }
            _ => {}
        }
        None
    }

    /// A click on the `row`th visible row: the cursor goes there and the row is chosen.
    pub(crate) fn click(&mut self, row: usize, page: usize, filter: &Filter) -> Option<Filter> {
        let target = self.cursor.offset + row;
        let kind = self.rows.get(target).map(|r| r.kind.clone())?;
        if !kind.selectable() {
            return None;
        }
        self.cursor.selected = target;
        self.follow(page);
        Some(kind.choose(filter))
    }

    /// Opens or closes the city or year under the cursor (closing from a county or month goes
    /// to its city or year), then rebuilds the rows with the cursor on it.
    fn open(&mut self, open: bool, page: usize, data: &NavData<'_>) {
        let Some(row) = self.selected_row() else {
            return;
        };
        let parent = match (&row.kind, open) {
            (
                NavKind::City {
                    name,
                    open: Some(_),
                },
                _,
            )
            | (NavKind::County { city: name, .. }, false) => NavKind::City {
                name: name.clone(),
                open: None,
            },
            (
                NavKind::Year {
                    year,
                    open: Some(_),
                },
                _,
            )
            | (NavKind::Month { year, .. }, false) => NavKind::Year {
                year: *year,
                open: None,
            },
            _ => return,
        };
        match &parent {
            NavKind::City { name, .. } if open => self.open_cities.insert(name.clone()),
            NavKind::City { name, .. } => self.open_cities.remove(name),
            NavKind::Year { year, .. } if open => self.open_years.insert(*year),
            NavKind::Year { year, .. } => self.open_years.remove(year),
            _ => false,
        };
        self.rows = rows(
            data.facets,
            data.counts,
            data.filter,
            &self.open_cities,
            &self.open_years,
        );
        if let Some(at) = self.rows.iter().position(|r| r.kind.same(&parent)) {
            self.cursor.selected = at;
            // Opened: scroll so the children show too, as many as fit under the parent.
            let children = self.rows[at + 1..]
                .iter()
                .take_while(|r| matches!(r.kind, NavKind::County { .. } | NavKind::Month { .. }))
                .count();
            let last = at + children;
            if open && last >= self.cursor.offset + page.max(1) {
                self.cursor.offset = at.min(last + 1 - page.max(1));
            }
        }
        self.follow(page);
    }

    /// Draws the navigator in `rect`.
    pub(crate) fn draw(&self, buf: &mut Buffer, rect: Rect, app: &App, focused: bool) {
        let inner = pane_block(buf, rect, "导航 filters", focused, app);
        let amb = app.ambiguous;
        let width = inner.width as usize;
        let filter = &app.filter;
        for (i, row) in self
            .rows
            .iter()
            .enumerate()
            .skip(self.cursor.offset)
            .take(inner.height as usize)
        {
            let y = inner.y + (i - self.cursor.offset) as u16;
            let label = match &row.kind {
                NavKind::Heading(h) => {
                    put_str(buf, inner.x, y, width, h, app.theme.title(), amb);
                    continue;
                }
                kind => label(kind),
            };
            // "全部" is the choice of every unset part: marking it would only be noise.
            let chosen = !matches!(row.kind, NavKind::All(_)) && row.kind.is_chosen(filter);
            let mut style = if chosen {
                app.theme.accent()
            } else if row.count.articles == 0 {
                app.theme.muted()
            } else {
                app.theme.plain()
            };
            let selected = i == self.cursor.selected;
            if selected && focused {
                style = app.theme.selected();
            } else if selected {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            let mark = if chosen { "✓" } else { " " };
            let count = count_text(row.count);
            let count_w = text::width(&count, amb);
            let label_room = width.saturating_sub(count_w + 1 + text::width(mark, amb));
            let label = text::truncate(&label, label_room, amb);
            let line = format!("{mark}{} {count}", text::pad(&label, label_room, amb));
            if chosen {
                fill(buf, Rect::new(inner.x, y, inner.width, 1), style);
            }
            put_str(buf, inner.x, y, width, &line, style, amb);
        }
    }
}

/// `12`, or `3/12` when 3 of the 12 are unread and some are read.
fn count_text(count: Tally) -> String {
    if count.unread == count.articles {
        count.articles.to_string()
    } else {
        format!("{}/{}", count.unread, count.articles)
    }
}

/// ▸ for a closed row with children, ▾ for an open one.
fn marker(open: Option<bool>) -> &'static str {
    match open {
        Some(true) => "▾",
        Some(false) => "▸",
        None => " ",
    }
}

fn label(kind: &NavKind) -> String {
    match kind {
        NavKind::Heading(h) => h.to_string(),
        NavKind::All(_) => " 全部".to_string(),
        NavKind::Province => " 全省".to_string(),
        NavKind::City { name, open } => format!("{}{name}", marker(*open)),
        NavKind::County { name, .. } => format!("   {name}"),
        NavKind::Theme { label, .. } => format!(" {label}"),
        NavKind::Person(name) => format!(" {name}"),
        NavKind::Year { year, open } => format!("{}{year}", marker(*open)),
        NavKind::Month { year, month } => format!("   {year}-{month:02}"),
    }
}

/// The rows for the facets under the current counts: places, themes, people, dates.
fn rows(
    f: &Facets,
    c: &FacetCounts,
    filter: &Filter,
    open_cities: &BTreeSet<String>,
    open_years: &BTreeSet<u16>,
) -> Vec<NavRow> {
    let mut rows = Vec::new();
    region_rows(f, c, filter, open_cities, &mut rows);
    rows.push(row(NavKind::Heading("主题"), Tally::default()));
    rows.push(row(NavKind::All(Part::Theme), c.all_themes));
    for ((id, label), t) in f.themes().iter().zip(&c.themes) {
        let kind = NavKind::Theme {
            id: id.clone(),
            label: label.clone(),
        };
        rows.push(row(kind, *t));
    }
    if !f.people().is_empty() {
        rows.push(row(NavKind::Heading("记者"), Tally::default()));
        rows.push(row(NavKind::All(Part::Person), c.all_people));
        for (name, t) in f.people().iter().zip(&c.people) {
            rows.push(row(NavKind::Person(name.clone()), *t));
        }
    }
    date_rows(f, c, open_years, &mut rows);
    rows
}

fn row(kind: NavKind, count: Tally) -> NavRow {
    NavRow { kind, count }
}

/// 地区: all, the province, each city and, under an open city, its counties.
fn region_rows(
    f: &Facets,
    c: &FacetCounts,
    filter: &Filter,
    open_cities: &BTreeSet<String>,
    rows: &mut Vec<NavRow>,
) {
    rows.push(row(NavKind::Heading("地区"), Tally::default()));
    rows.push(row(NavKind::All(Part::Region), c.all_regions));
    // The same rows whatever the counts (a zero is dimmed, not hidden), so the cursor stays put.
    if f.has_province() || filter.region == Some(RegionPick::Province) {
        rows.push(row(NavKind::Province, c.province));
    }
    for (i, city) in f.cities().iter().enumerate() {
        let counties = f
            .counties()
            .enumerate()
            .filter(move |(_, (ci, _))| *ci == i);
        let has = counties.clone().next().is_some();
        let open = open_cities.contains(city);
        rows.push(row(
            NavKind::City {
                name: city.clone(),
                open: has.then_some(open),
            },
            c.cities[i],
        ));
        if open {
            rows.extend(counties.map(|(k, (_, name))| {
                let kind = NavKind::County {
                    city: city.clone(),
                    name: name.to_string(),
                };
                row(kind, c.counties[k])
            }));
        }
    }
}

/// 日期 (when any article is dated): all, then the newest year first, and under an open year its
/// months in calendar order.
fn date_rows(f: &Facets, c: &FacetCounts, open_years: &BTreeSet<u16>, rows: &mut Vec<NavRow>) {
    if f.years().is_empty() {
        return;
    }
    rows.push(row(NavKind::Heading("日期"), Tally::default()));
    rows.push(row(NavKind::All(Part::Date), c.all_dates));
    for (i, &year) in f.years().iter().enumerate().rev() {
        let months = f
            .months()
            .iter()
            .enumerate()
            .filter(move |(_, (y, _))| *y == year);
        let has = months.clone().next().is_some();
        let open = open_years.contains(&year);
        let kind = NavKind::Year {
            year,
            open: has.then_some(open),
        };
        rows.push(row(kind, c.years[i]));
        if open {
            rows.extend(
                months.map(|(m, &(year, month))| row(NavKind::Month { year, month }, c.months[m])),
            );
        }
    }
}
