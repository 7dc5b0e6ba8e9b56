//! `App::update`: the only place the state changes. Keys become actions here too, since what a key
//! means depends on where the user is (typing in the search line, or browsing).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::app::{App, Cursor, Effect, IndexState, Mode, NavRow, Overlay, Pane, RelatedPopup};
use super::keymap::Command;
use super::worker::{SearchRequest, WorkerEvent};
use crate::classify::RegionRef;
use crate::filter::{DateRange, Filter, Period, RegionPick};
use crate::tui::app::SEARCH_LIMIT;

/// A bar of the statistics view: selecting it filters the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatRow {
    City(String, usize),
    Theme(String, String, usize),
    Month(u16, u8, usize),
}

impl App {
    /// What `key` means here, if anything.
    pub fn action_for_key(&self, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let typing = self.mode == Mode::Search
            && self.focus != Pane::Reader
            && self.overlay == Overlay::None;
        if typing {
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            match key.code {
                KeyCode::Char(c) if plain => return Some(Action::Insert(c.to_string())),
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Some(Action::ClearLine);
                }
                KeyCode::Backspace => return Some(Action::Backspace),
                KeyCode::Delete => return Some(Action::Delete),
                KeyCode::Left => return Some(Action::CursorLeft),
                KeyCode::Right => return Some(Action::CursorRight),
                KeyCode::Home => return Some(Action::CursorHome),
                KeyCode::End => return Some(Action::CursorEnd),
                _ => {}
            }
        }
        self.keymap.command_for(key).map(Action::Command)
    }

    /// Handles one key press: the common entry for the main loop and tests.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        // A key press acknowledges the notice or message on show.
        if self.notices.pop_front().is_none() {
            self.message = None;
        }
        if let Some(action) = self.action_for_key(&key) {
            self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Command(command) => self.command(command),
            Action::Insert(text) => self.insert(&text),
            Action::Backspace => {
                if self.search.cursor > 0 {
                    let at = byte_at(&self.search.input, self.search.cursor - 1);
                    self.search.input.remove(at);
                    self.search.cursor -= 1;
                    self.send_search();
                }
            }
            Action::Delete => {
                if self.search.cursor < self.search.input.chars().count() {
                    let at = byte_at(&self.search.input, self.search.cursor);
                    self.search.input.remove(at);
                    self.send_search();
                }
            }
            Action::CursorLeft => self.search.cursor = self.search.cursor.saturating_sub(1),
            Action::CursorRight => {
                self.search.cursor =
                    (self.search.cursor + 1).min(self.search.input.chars().count());
            }
            Action::CursorHome => self.search.cursor = 0,
            Action::CursorEnd => self.search.cursor = self.search.input.chars().count(),
            Action::ClearLine => {
                self.search.input.clear();
                self.search.cursor = 0;
                self.send_search();
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.after_layout_change();
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            Action::Worker(event) => self.worker_event(event),
            Action::Report(message) => self.message = Some(message),
            Action::Terminate => self.quit(),
        }
    }

    fn after_layout_change(&mut self) {
        let (list_rows, result_rows, nav_rows) = (
            self.list_rows(),
            self.result_rows(),
            self.nav_visible_rows(),
        );
        self.list_cursor.follow(list_rows);
        self.search.list.follow(result_rows);
        self.nav.follow(nav_rows);
        if self.focus == Pane::Reader && self.reader.is_none() {
            self.focus = Pane::List;
        }
        self.relayout_reader();
    }

    fn quit(&mut self) {
        self.persist();
        self.running = false;
    }

    /// Records the position and asks the loop to save the state.
    fn persist(&mut self) {
        let selected = self
            .list
            .get(self.list_cursor.selected)
            .map(|&i| self.head(i).id().to_string());
        let open = (self.focus == Pane::Reader)
            .then(|| {
                self.reader
                    .as_ref()
                    .map(|r| (self.head(r.index).id().to_string(), r.scroll))
            })
            .flatten();
        self.saved.last.selected = selected;
        self.saved.last.scroll = open.as_ref().map_or(0, |o| o.1);
        self.saved.last.open = open.map(|o| o.0);
        if !self.outbox.contains(&Effect::SaveState) {
            self.outbox.push(Effect::SaveState);
        }
    }

    fn command(&mut self, command: Command) {
        // Overlays take the keys they understand; quit always works.
        match (&self.overlay, command) {
            (_, Command::Quit) => return self.quit(),
            (Overlay::Help { .. }, _) => return self.help_command(command),
            (Overlay::Stats { .. }, _) => return self.stats_command(command),
            (Overlay::Related(_), _) => return self.related_command(command),
            (Overlay::None, _) => {}
        }
        match command {
            Command::Quit => self.quit(),
            Command::Help => self.overlay = Overlay::Help { scroll: 0 },
            Command::Stats => self.overlay = Overlay::Stats { selected: 0 },
            Command::Search => self.enter_search(),
            Command::Bookmarks => {
                self.filter.bookmarked = !self.filter.bookmarked;
                self.refilter();
            }
            Command::Up => self.move_by(-1),
            Command::Down => self.move_by(1),
            Command::PageUp => self.move_page(-1),
            Command::PageDown => self.move_page(1),
            Command::Top => self.move_by(isize::MIN / 2),
            Command::Bottom => self.move_by(isize::MAX / 2),
            Command::Open => self.open(),
            Command::Back => self.back(),
            Command::NextPane => self.cycle_pane(1),
            Command::PrevPane => self.cycle_pane(-1),
            Command::Expand => self.expand(true),
            Command::Collapse => self.expand(false),
            Command::NextHit => self.jump_hit(1),
            Command::PrevHit => self.jump_hit(-1),
            Command::Related => {
                if let Some(index) = self.reader.as_ref().map(|r| r.index) {
                    let seq = self.take_seq();
                    self.overlay = Overlay::Related(RelatedPopup {
                        seq,
                        of: index,
                        items: None,
                        selected: 0,
                    });
                    self.outbox.push(Effect::Related { seq, index });
                }
            }
            Command::Copy => {
                if let Some(index) = self.current_article() {
                    match self.store.article(index) {
                        Ok(article) => {
                            self.outbox
                                .push(Effect::Clipboard(clipboard_text(&article)));
                            self.message = Some("已复制到剪贴板 copied (OSC 52)".to_string());
                        }
                        Err(why) => self.message = Some(why.to_string()),
                    }
                }
            }
            Command::Bookmark => {
                if let Some(index) = self.current_article() {
                    let id = self.head(index).id().to_string();
                    if self.saved.bookmarks.remove(&id) {
                        self.message = Some(format!("书签已取消 bookmark removed: {id}"));
                    } else {
                        self.saved.bookmarks.insert(id.clone());
                        self.message = Some(format!("已加书签 bookmarked: {id}"));
                    }
                    if self.filter.bookmarked {
                        self.refilter();
                    }
                    self.persist();
                }
            }
            Command::Export => {
                if let Some(index) = self.current_article() {
                    self.outbox.push(Effect::Export { index });
                }
            }
            Command::ToggleSearchFilter => {
                if self.mode == Mode::Search {
                    self.search.within_filter = !self.search.within_filter;
                    self.send_search();
                }
            }
        }
    }

    /// The article the reader-level commands act on: the one in the reader, else the selection.
    pub fn current_article(&self) -> Option<usize> {
        if (self.focus == Pane::Reader || self.is_wide())
            && let Some(r) = &self.reader
        {
            return Some(r.index);
        }
        self.selected_article()
    }

    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn enter_search(&mut self) {
        self.mode = Mode::Search;
        self.focus = Pane::List;
        self.search.cursor = self.search.input.chars().count();
        self.reader = None;
        self.after_layout_change();
        self.sync_preview();
        if !self.search.input.trim().is_empty() {
            self.send_search();
        }
    }

    fn leave_search(&mut self) {
        self.mode = Mode::Browse;
        self.focus = Pane::List;
        self.reader = None;
        self.after_layout_change();
        self.sync_preview();
    }

    fn insert(&mut self, text: &str) {
        // Text pasted while browsing starts a search for it.
        if self.mode != Mode::Search || self.focus == Pane::Reader {
            if self.overlay != Overlay::None {
                return;
            }
            self.enter_search();
            self.search.input.clear();
            self.search.cursor = 0;
        }
        // Pasted text may hold line breaks and tabs: a query is one line.
        let clean: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        if clean.is_empty() {
            return;
        }
        let at = byte_at(&self.search.input, self.search.cursor);
        self.search.input.insert_str(at, &clean);
        self.search.cursor += clean.chars().count();
        self.send_search();
    }

    /// The search as it should be sent now: the typed text, within the filter if asked.
    pub fn search_request(&self) -> SearchRequest {
        let text = self.search.input.trim();
        SearchRequest {
            text: text.to_string(),
            filter: if self.search.within_filter {
                self.filter.without_marks()
            } else {
                Filter::default()
            },
            limit: SEARCH_LIMIT,
        }
    }

    fn send_search(&mut self) {
        let seq = self.take_seq();
        self.search.sent_seq = seq;
        self.search.error = None;
        let request = self.search_request();
        self.outbox.retain(|e| !matches!(e, Effect::Search { .. }));
        if request.text.is_empty() {
            self.search.pending = false;
            self.search.results.clear();
            self.search.total = 0;
            self.search.shown_text.clear();
            self.search.list = Cursor::default();
            self.reader = None;
            return;
        }
        self.search.pending = true;
        self.outbox.push(Effect::Search { seq, request });
    }

    fn worker_event(&mut self, event: WorkerEvent) {
        match event {
            WorkerEvent::IndexProgress { done, total } => {
                self.index = IndexState::Building { done, total }
            }
            WorkerEvent::IndexReady { report } => {
                self.index = IndexState::Ready(report);
                if self.mode == Mode::Search && !self.search.input.trim().is_empty() {
                    self.send_search();
                }
            }
            WorkerEvent::IndexFailed { notice } => {
                self.index = IndexState::Fallback;
                self.notices.push_back(notice);
            }
            WorkerEvent::Results { seq, total, hits } => {
                if seq != self.search.sent_seq {
                    return; // a stale answer to an older query
                }
                self.search.pending = false;
                self.search.total = total;
                self.search.results = hits;
                self.search.shown_text = self.search.input.trim().to_string();
                self.search.list = Cursor::default();
                if self.mode == Mode::Search {
                    self.reader = None;
                    if self.focus == Pane::Reader {
                        self.focus = Pane::List;
                    }
                    self.sync_preview();
                }
            }
            WorkerEvent::Related { seq, related, .. } => {
                if let Overlay::Related(popup) = &mut self.overlay
                    && popup.seq == seq
                {
                    popup.items = Some(related);
                }
            }
            WorkerEvent::Failed { seq, message } => {
                if seq == self.search.sent_seq {
                    self.search.pending = false;
                    self.search.error = Some(message);
                } else if let Overlay::Related(popup) = &self.overlay
                    && popup.seq == seq
                {
                    self.overlay = Overlay::None;
                    self.message = Some(format!("related articles: {message}"));
                }
            }
        }
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Navigator => {
                let rows = self.nav_visible_rows();
                let len = self.nav_rows.len();
                let mut target = (self.nav.selected as isize)
                    .saturating_add(delta)
                    .clamp(0, len as isize - 1) as usize;
                // Skip headings in the direction of travel (and back if at an end).
                let step: isize = if delta < 0 { -1 } else { 1 };
                while !self.nav_rows[target].selectable() {
                    let next = target as isize + step;
                    if next < 0 || next >= len as isize {
                        target = self.nav.selected;
                        break;
                    }
                    target = next as usize;
                }
                self.nav.set(target, len, rows);
                if target == 1 {
                    self.nav.offset = 0; // show the first heading too
                }
                self.apply_nav_row();
            }
            Pane::List => match self.mode {
                Mode::Browse => {
                    let rows = self.list_rows();
                    self.list_cursor.step(delta, self.list.len(), rows);
                    self.sync_preview();
                }
                Mode::Search => {
                    let rows = self.result_rows();
                    let before = self.search.list.selected;
                    self.search
                        .list
                        .step(delta, self.search.results.len(), rows);
                    if before != self.search.list.selected {
                        self.reader = None;
                        self.sync_preview();
                    }
                }
            },
            Pane::Reader => {
                let max = self.max_reader_scroll();
                if let Some(r) = &mut self.reader {
                    r.scroll = (r.scroll as isize)
                        .saturating_add(delta)
                        .clamp(0, max as isize) as usize;
                }
            }
        }
    }

    fn move_page(&mut self, direction: isize) {
        let page = match self.focus {
            Pane::Navigator => self.nav_visible_rows(),
            Pane::List if self.mode == Mode::Search => self.result_rows(),
            Pane::List => self.list_rows(),
            Pane::Reader => self.reader_rows().saturating_sub(1).max(1),
        };
        self.move_by(direction * page as isize);
    }

    /// Moving onto a navigator row filters the list by it.
    fn apply_nav_row(&mut self) {
        let Some(row) = self.nav_rows.get(self.nav.selected) else {
            return;
        };
        if !row.selectable() {
            return;
        }
        self.filter = row.choose(&self.filter);
        self.refilter();
    }

    fn expand(&mut self, open: bool) {
        if self.focus != Pane::Navigator {
            return;
        }
        // The row to toggle: a city or year, or (closing) the one a county or month is under.
        let parent = match self.nav_rows.get(self.nav.selected) {
            Some(NavRow::City {
                expandable: true,
                name,
                ..
            }) => NavRow::City {
                name: name.clone(),
                count: 0,
                expandable: true,
                expanded: false,
            },
            Some(NavRow::County { city, .. }) if !open => NavRow::City {
                name: city.clone(),
                count: 0,
                expandable: true,
                expanded: false,
            },
            Some(NavRow::Year {
                expandable: true,
                year,
                ..
            }) => NavRow::Year {
                year: *year,
                count: 0,
                expandable: true,
                expanded: false,
            },
            Some(NavRow::Month { year, .. }) if !open => NavRow::Year {
                year: *year,
                count: 0,
                expandable: true,
                expanded: false,
            },
            _ => return,
        };
        let on_child = matches!(
            self.nav_rows.get(self.nav.selected),
            Some(NavRow::County { .. } | NavRow::Month { .. })
        );
        match &parent {
            NavRow::City { name, .. } if open => {
                self.expanded.insert(name.clone());
            }
            NavRow::City { name, .. } => {
                self.expanded.remove(name);
            }
            NavRow::Year { year, .. } if open => {
                self.expanded_years.insert(*year);
            }
            NavRow::Year { year, .. } => {
                self.expanded_years.remove(year);
            }
            _ => {}
        }
        self.rebuild_nav();
        if on_child
            && let Some(pos) = self.nav_rows.iter().position(|r| match (r, &parent) {
                (NavRow::City { name, .. }, NavRow::City { name: p, .. }) => name == p,
                (NavRow::Year { year, .. }, NavRow::Year { year: p, .. }) => year == p,
                _ => false,
            })
        {
            let rows = self.nav_visible_rows();
            self.nav.set(pos, self.nav_rows.len(), rows);
            self.apply_nav_row();
        }
    }

    fn open(&mut self) {
        match self.focus {
            Pane::Navigator => {
                if let Some(
                    NavRow::City {
                        expandable: true,
                        expanded: false,
                        ..
                    }
                    | NavRow::Year {
                        expandable: true,
                        expanded: false,
                        ..
                    },
                ) = self.nav_rows.get(self.nav.selected)
                {
                    self.expand(true);
                } else {
                    self.focus = Pane::List;
                    self.after_layout_change();
                }
            }
            Pane::List => {
                if self.mode == Mode::Search {
                    self.reader = None;
                }
                self.sync_preview();
                if let Some(index) = self.reader.as_ref().map(|r| r.index) {
                    self.focus = Pane::Reader;
                    self.after_layout_change();
                    let id = self.head(index).id().to_string();
                    if self.saved.read.insert(id) {
                        self.persist();
                    }
                }
            }
            Pane::Reader => {}
        }
    }

    fn back(&mut self) {
        match (self.focus, self.mode) {
            (Pane::Reader, _) => {
                self.focus = Pane::List;
                self.after_layout_change();
            }
            (Pane::List, Mode::Search) => self.leave_search(),
            (Pane::List, Mode::Browse) => {
                self.focus = Pane::Navigator;
                self.after_layout_change();
            }
            (Pane::Navigator, _) => {}
        }
    }

    fn cycle_pane(&mut self, direction: isize) {
        let mut order = match self.mode {
            Mode::Browse => vec![Pane::Navigator, Pane::List],
            Mode::Search => vec![Pane::List],
        };
        if self.reader.is_some() {
            order.push(Pane::Reader);
        }
        let at = order.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        let next = (at + direction).rem_euclid(order.len() as isize) as usize;
        self.focus = order[next];
        self.after_layout_change();
    }

    fn jump_hit(&mut self, direction: isize) {
        let rows = self.reader_rows();
        let Some(r) = &mut self.reader else {
            return;
        };
        let count = r.layout.hit_lines.len();
        if count == 0 {
            self.message = Some("no search hits in this article".to_string());
            return;
        }
        let next = match r.current_hit {
            Some(h) => (h as isize + direction).rem_euclid(count as isize) as usize,
            None if direction > 0 => 0,
            None => count - 1,
        };
        r.current_hit = Some(next);
        let line = r.layout.hit_lines[next];
        // Bring the hit into view, a little below the top.
        if line < r.scroll || line >= r.scroll + rows {
            r.scroll = line.saturating_sub(2);
        }
        self.clamp_reader_scroll();
    }

    fn help_command(&mut self, command: Command) {
        let most = super::views::help::help_lines(self)
            .len()
            .saturating_sub(self.size.1.saturating_sub(4) as usize);
        let Overlay::Help { scroll } = &mut self.overlay else {
            return;
        };
        match command {
            Command::Help | Command::Back | Command::Open => self.overlay = Overlay::None,
            Command::Up => *scroll = scroll.saturating_sub(1),
            Command::Down => *scroll = (*scroll + 1).min(most),
            Command::PageUp => *scroll = scroll.saturating_sub(10),
            Command::PageDown => *scroll = (*scroll + 10).min(most),
            Command::Top => *scroll = 0,
            Command::Bottom => *scroll = most,
            _ => {}
        }
    }

    /// The bars of the statistics view, in the order they are shown: the navigator's cities,
    /// themes and months, with the same counts.
    pub fn stat_rows(&self) -> Vec<StatRow> {
        let (f, c) = (&self.facets, &self.counts);
        let mut rows: Vec<StatRow> = f
            .cities()
            .iter()
            .zip(&c.cities)
            .map(|(n, k)| StatRow::City(n.clone(), k.articles))
            .collect();
        rows.extend(
            f.themes()
                .iter()
                .zip(&c.themes)
                .map(|((id, l), k)| StatRow::Theme(id.clone(), l.clone(), k.articles)),
        );
        rows.extend(
            f.months()
                .iter()
                .zip(&c.months)
                .map(|(&(y, m), k)| StatRow::Month(y, m, k.articles)),
        );
        rows
    }

    fn stats_command(&mut self, command: Command) {
        let Overlay::Stats { selected } = self.overlay else {
            return;
        };
        let len = self.stat_rows().len();
        let set = |app: &mut App, s: usize| app.overlay = Overlay::Stats { selected: s };
        match command {
            Command::Stats | Command::Back => self.overlay = Overlay::None,
            Command::Up => set(self, selected.saturating_sub(1)),
            Command::Down => set(self, (selected + 1).min(len.saturating_sub(1))),
            Command::PageUp => set(self, selected.saturating_sub(10)),
            Command::PageDown => set(self, (selected + 10).min(len.saturating_sub(1))),
            Command::Top => set(self, 0),
            Command::Bottom => set(self, len.saturating_sub(1)),
            Command::Open => {
                if let Some(row) = self.stat_rows().get(selected).cloned() {
                    match row {
                        StatRow::City(city, _) => {
                            self.filter.region =
                                Some(RegionPick::Place(RegionRef { city, county: None }))
                        }
                        StatRow::Theme(id, _, _) => self.filter.theme = Some(id),
                        StatRow::Month(y, m, _) => {
                            self.filter.dates = Period::month(y, m).map(DateRange::single)
                        }
                    }
                    self.overlay = Overlay::None;
                    if self.mode == Mode::Search {
                        self.leave_search();
                    }
                    self.focus = Pane::List;
                    self.refilter();
                    self.after_layout_change();
                }
            }
            _ => {}
        }
    }

    fn related_command(&mut self, command: Command) {
        let Overlay::Related(popup) = &mut self.overlay else {
            return;
        };
        let len = popup.items.as_ref().map_or(0, Vec::len);
        match command {
            Command::Related | Command::Back => self.overlay = Overlay::None,
            Command::Up => popup.selected = popup.selected.saturating_sub(1),
            Command::Down => popup.selected = (popup.selected + 1).min(len.saturating_sub(1)),
            Command::Open => {
                if let Some(&index) = popup.items.as_ref().and_then(|i| i.get(popup.selected)) {
                    self.overlay = Overlay::None;
                    self.open_reader(index, Vec::new());
                    self.focus = Pane::Reader;
                    self.after_layout_change();
                    let id = self.head(index).id().to_string();
                    if self.saved.read.insert(id) {
                        self.persist();
                    }
                }
            }
            _ => {}
        }
    }

    fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        let panes = self.panes();
        let at = Position::new(column, row);
        [
            (Pane::Navigator, panes.navigator),
            (Pane::List, panes.list),
            (Pane::Reader, panes.reader),
        ]
        .into_iter()
        .find(|(_, rect)| rect.contains(at))
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay != Overlay::None || self.too_small() {
            return;
        }
        let Some((pane, rect)) = self.pane_at(column, row) else {
            return;
        };
        let inner_row = row.saturating_sub(rect.y + 1) as usize;
        let on_border = row == rect.y || row + 1 >= rect.y + rect.height;
        self.focus = pane;
        match pane {
            Pane::Navigator if !on_border => {
                let target = self.nav.offset + inner_row;
                if self.nav_rows.get(target).is_some_and(NavRow::selectable) {
                    let rows = self.nav_visible_rows();
                    self.nav.set(target, self.nav_rows.len(), rows);
                    self.apply_nav_row();
                }
            }
            Pane::List if !on_border => match self.mode {
                Mode::Browse => {
                    let target = self.list_cursor.offset + inner_row / super::app::LIST_ITEM_HEIGHT;
                    if target < self.list.len() {
                        let rows = self.list_rows();
                        self.list_cursor.set(target, self.list.len(), rows);
                        self.sync_preview();
                    }
                }
                Mode::Search => {
                    let first = super::views::search::RESULTS_TOP;
                    if inner_row >= first {
                        let target = self.search.list.offset
                            + (inner_row - first) / super::app::RESULT_ITEM_HEIGHT;
                        if target < self.search.results.len() {
                            let rows = self.result_rows();
                            self.search
                                .list
                                .set(target, self.search.results.len(), rows);
                            self.reader = None;
                            self.sync_preview();
                        }
                    }
                }
            },
            _ => {}
        }
        self.after_layout_change();
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        if self.too_small() {
            return;
        }
        let sign = if down { 1 } else { -1 };
        match &self.overlay {
            Overlay::None => {}
            _ => return self.command(if down { Command::Down } else { Command::Up }),
        }
        let Some((pane, _)) = self.pane_at(column, row) else {
            return;
        };
        let saved_focus = self.focus;
        self.focus = pane;
        let step = if pane == Pane::Reader { 3 } else { 1 };
        self.move_by(sign * step);
        self.focus = saved_focus;
    }
}

/// Byte offset of char `chars` in `s` (or its end).
fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(b, _)| b)
}

/// What `y` copies: the title, where it was printed, and the text.
pub fn clipboard_text(article: &crate::article::Article) -> String {
    let mut out = String::new();
    out.push_str(&article.headline());
    out.push('\n');
    out.push_str(&format!(
        "（浙江工人日报 · 版面 {} · 第 {} 篇 · {}）\n\n",
        article.page, article.seq, article.id
    ));
    out.push_str(&article.body_text());
    out.push('\n');
    out
}
