//! `App::update`: the only place the state changes. Keys become actions here too, since what a key
//! means depends on where the user is (typing in the search line, or browsing).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::app::{App, Cursor, Effect, IndexState, Mode, Overlay, PageView, Pane, RelatedPopup};
use super::components::navigator::NavData;
use super::keymap::Command;
use super::worker::WorkerEvent;
use crate::classify::RegionRef;
use crate::filter::{DateRange, Filter, Period, RegionPick};
use crate::search::{MarkSets, SearchQuery};
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
                KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Some(Action::HistoryOlder);
                }
                KeyCode::Char('n') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Some(Action::HistoryNewer);
                }
                KeyCode::Up if self.search.results.is_empty() => {
                    return Some(Action::HistoryOlder);
                }
                KeyCode::Down if self.search.results.is_empty() => {
                    return Some(Action::HistoryNewer);
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
                if self.search.line.backspace() {
                    self.send_search();
                }
            }
            Action::Delete => {
                if self.search.line.delete() {
                    self.send_search();
                }
            }
            Action::CursorLeft => self.search.line.left(),
            Action::CursorRight => self.search.line.right(),
            Action::CursorHome => self.search.line.home(),
            Action::CursorEnd => self.search.line.end(),
            Action::ClearLine => {
                self.search.line.clear();
                self.send_search();
            }
            Action::HistoryOlder => {
                if self.search.line.older() {
                    self.send_search();
                }
            }
            Action::HistoryNewer => {
                if self.search.line.newer() {
                    self.send_search();
                }
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
        self.navigator.follow(nav_rows);
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
        if self.focus == Pane::Navigator
            && self.mode == Mode::Browse
            && self.navigator_command(command)
        {
            return;
        }
        if self.list_command(command) || self.article_command(command) {
            return;
        }
        match command {
            Command::Quit => self.quit(),
            Command::Help => self.overlay = Overlay::Help { scroll: 0 },
            Command::Choose => self.move_page(1),
            Command::HalfPageUp => self.move_half_page(-1),
            Command::HalfPageDown => self.move_half_page(1),
            Command::Stats => self.overlay = Overlay::Stats { selected: 0 },
            Command::Search => self.enter_search(),
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
            Command::Expand | Command::Collapse => {}
            Command::NextHit => self.jump_hit(1),
            Command::PrevHit => self.jump_hit(-1),
            Command::ToggleSearchFilter if self.mode == Mode::Search => {
                self.search.within_filter = !self.search.within_filter;
                self.send_search();
            }
            // Handled above (list_command, article_command) or by the navigator.
            _ => {}
        }
    }

    /// Commands about what the list holds: filters, order, marks, the 版面 view, jumps.
    /// `false` when `command` is not one of them.
    fn list_command(&mut self, command: Command) -> bool {
        match command {
            Command::ClearFilters => {
                if self.filter.is_empty() {
                    self.message = Some("没有筛选 no filters to clear".to_string());
                } else {
                    self.set_filter(Filter::default());
                    self.message = Some("已清除筛选 filters cleared".to_string());
                }
            }
            Command::ToggleSort => {
                self.sort = self.sort.toggled();
                self.refilter();
                self.message = Some(format!("排序 sorted: {}", self.sort.label()));
            }
            Command::HideRead => {
                let mut filter = self.filter.clone();
                filter.unread = !filter.unread;
                self.set_filter(filter);
            }
            Command::ToggleRead => {
                if let Some(index) = self.visible_article() {
                    let id = self.head(index).id().to_string();
                    let now_read = !self.saved.read.remove(&id);
                    if now_read {
                        self.saved.read.insert(id);
                    }
                    self.message = Some(if now_read {
                        "已读 marked read".to_string()
                    } else {
                        "未读 marked unread".to_string()
                    });
                    self.refilter();
                    self.persist();
                }
            }
            Command::NextUnread => self.next_unread(),
            Command::CopyUrl => self.copy_url(),
            Command::JumpBack => self.jump_history(-1),
            Command::JumpForward => self.jump_history(1),
            Command::PageView => {
                self.pages = match self.pages {
                    Some(_) => None,
                    None => Some(PageView::default()),
                };
                self.refilter();
                self.list_cursor = Cursor::default();
                self.sync_preview();
                self.message = Some(match &self.pages {
                    Some(_) => "版面 print view: [ ] 上一期/下一期 previous/next issue".to_string(),
                    None => format!("列表 list: {}", self.sort.label()),
                });
            }
            Command::PrevIssue | Command::NextIssue => {
                let delta = if command == Command::NextIssue { 1 } else { -1 };
                let moved = self.pages.as_mut().map(|view| view.step(delta));
                match moved {
                    None => {
                        self.message =
                            Some("先按 P 打开版面 press P for the print view first".to_string());
                    }
                    Some(true) => {
                        self.list = self
                            .pages
                            .as_ref()
                            .map(|v| v.current().to_vec())
                            .unwrap_or_default();
                        self.list_cursor = Cursor::default();
                        self.sync_preview();
                    }
                    Some(false) => {
                        self.message = Some(if delta > 0 {
                            "已是最新一期 this is the latest issue".to_string()
                        } else {
                            "已是最早一期 this is the earliest issue".to_string()
                        });
                    }
                }
            }
            Command::Bookmarks => {
                let mut filter = self.filter.clone();
                filter.bookmarked = !filter.bookmarked;
                self.set_filter(filter);
            }
            _ => return false,
        }
        true
    }

    /// Commands on the article the user sees: related, copy, bookmark, export.
    fn article_command(&mut self, command: Command) -> bool {
        match command {
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
                if let Some(index) = self.visible_article() {
                    match self.store.article(index) {
                        Ok(article) => {
                            self.outbox.push(Effect::Clipboard(clipboard_text(
                                &article,
                                &self.source_of(&article),
                            )));
                            self.message = Some("已复制到剪贴板 copied (OSC 52)".to_string());
                        }
                        Err(why) => self.message = Some(why.to_string()),
                    }
                }
            }
            Command::Bookmark => {
                if let Some(index) = self.visible_article() {
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
                if let Some(index) = self.visible_article() {
                    self.outbox.push(Effect::Export { index });
                }
            }
            _ => return false,
        }
        true
    }

    /// The article `b`, `e`, `y` and `m` act on: one the user can see (in the reader, or
    /// selected in a visible list). Otherwise `None`, and the status line says what to do.
    fn visible_article(&mut self) -> Option<usize> {
        let list_hidden = !self.is_wide() && self.focus == Pane::Navigator;
        let found = if list_hidden {
            None
        } else {
            self.current_article()
        };
        if found.is_none() {
            self.message = Some("先选一篇文章 select an article first (Tab, Enter)".to_string());
        }
        found
    }

    /// Selects the next unread article in the list after the selection (wrapping around), and
    /// opens it where the reader is showing.
    fn next_unread(&mut self) {
        if self.mode != Mode::Browse {
            return;
        }
        let len = self.list.len();
        let from = self.list_cursor.selected;
        let found = (1..=len)
            .map(|step| (from + step) % len.max(1))
            .find(|&pos| self.list.get(pos).is_some_and(|&i| !self.is_read(i)));
        let Some(pos) = found else {
            self.message = Some("没有未读 no unread articles here".to_string());
            return;
        };
        let rows = self.list_rows();
        self.list_cursor.set(pos, len, rows);
        if self.focus == Pane::Navigator {
            self.focus = Pane::List;
        }
        self.sync_preview();
        if self.focus == Pane::Reader {
            self.mark_opened();
        }
        self.after_layout_change();
    }

    /// Opens article `index` in the reader as a jump (a related article, a search hit): the
    /// article left is remembered for Ctrl-o/Backspace, the list selection follows when the
    /// article is listed, and the article is marked read.
    fn jump_to(&mut self, index: usize, hits: Vec<crate::article::ParagraphSpan>) {
        if let Some(from) = self.reader.as_ref().map(|r| r.index)
            && from != index
        {
            self.jumps.back.push(from);
            self.jumps.forward.clear();
        }
        self.show_jump(index, hits);
    }

    fn show_jump(&mut self, index: usize, hits: Vec<crate::article::ParagraphSpan>) {
        if self.mode == Mode::Browse
            && let Some(pos) = self.list.iter().position(|&i| i == index)
        {
            let rows = self.list_rows();
            self.list_cursor.set(pos, self.list.len(), rows);
        }
        self.open_reader(index, hits);
        self.focus = Pane::Reader;
        self.after_layout_change();
        self.mark_opened();
    }

    /// Back (-1) or forward (+1) through the jumps.
    fn jump_history(&mut self, direction: isize) {
        let (from, to) = if direction < 0 {
            (&mut self.jumps.back, &mut self.jumps.forward)
        } else {
            (&mut self.jumps.forward, &mut self.jumps.back)
        };
        let Some(index) = from.pop() else {
            self.message = Some(if direction < 0 {
                "没有更早的跳转 no earlier jump".to_string()
            } else {
                "没有更晚的跳转 no later jump".to_string()
            });
            return;
        };
        if let Some(here) = self.reader.as_ref().map(|r| r.index) {
            to.push(here);
        }
        self.show_jump(index, Vec::new());
    }

    /// Copies the URL of the page the reader shows, when `pages.toml` gives one.
    fn copy_url(&mut self) {
        let Some(reader) = &self.reader else {
            self.message = Some("先打开文章 open an article first".to_string());
            return;
        };
        match self.source_of(&reader.article).url {
            Some(url) => {
                self.outbox.push(Effect::Clipboard(url.clone()));
                self.message = Some(format!("已复制网址 copied {url}"));
            }
            None => {
                self.message = Some(
                    "此页没有网址 no URL for this page (pages.toml: url = \"https://…\")"
                        .to_string(),
                );
            }
        }
    }

    /// Applies a new filter: the list and the counts follow.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.refilter();
    }

    /// Records the reader's article as read.
    fn mark_opened(&mut self) {
        if let Some(index) = self.reader.as_ref().map(|r| r.index) {
            let id = self.head(index).id().to_string();
            if self.saved.read.insert(id) {
                self.refilter();
                self.persist();
            }
        }
    }

    /// Commands for the navigator; `false` when the navigator does not take this one.
    fn navigator_command(&mut self, command: Command) -> bool {
        let navigating = matches!(
            command,
            Command::Up
                | Command::Down
                | Command::PageUp
                | Command::PageDown
                | Command::HalfPageUp
                | Command::HalfPageDown
                | Command::Top
                | Command::Bottom
                | Command::Expand
                | Command::Collapse
                | Command::Open
                | Command::Choose
        );
        if !navigating {
            return false;
        }
        let page = self.nav_visible_rows();
        let data = NavData {
            facets: &self.facets,
            counts: &self.counts,
            filter: &self.filter,
        };
        if let Some(filter) = self.navigator.handle(command, page, &data) {
            self.set_filter(filter);
            // Enter goes on to the list in narrow screens, Space stays to choose more.
            if command == Command::Open && !self.is_wide() {
                self.focus = Pane::List;
                self.after_layout_change();
            }
        }
        true
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
        self.search.line.end();
        self.reader = None;
        self.after_layout_change();
        self.sync_preview();
        if !self.search.line.text().trim().is_empty() {
            self.send_search();
        }
    }

    fn leave_search(&mut self) {
        self.search.line.remember();
        self.outbox.push(Effect::SaveHistory);
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
            self.search.line.clear();
        }
        if self.search.line.insert(text) {
            self.send_search();
        }
    }

    /// The search as it should be sent now: the typed text, within the filter if asked.
    pub fn search_request(&self) -> SearchQuery {
        let text = self.search.line.text().trim();
        // The engine applies the whole filter, the reader's marks included.
        let (filter, marks) = if self.search.within_filter {
            let marks = (self.filter.bookmarked || self.filter.unread).then(|| MarkSets {
                bookmarks: self.saved.bookmarks.clone(),
                read: self.saved.read.clone(),
            });
            (self.filter.clone(), marks.unwrap_or_default())
        } else {
            (Filter::default(), MarkSets::default())
        };
        SearchQuery {
            text: text.to_string(),
            filter,
            marks: std::sync::Arc::new(marks),
            limit: SEARCH_LIMIT,
            ..SearchQuery::default()
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
            self.search.notes.clear();
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
                if self.mode == Mode::Search && !self.search.line.text().trim().is_empty() {
                    self.send_search();
                }
            }
            WorkerEvent::IndexFailed { notice } => {
                self.index = IndexState::Fallback;
                self.notices.push_back(notice);
            }
            WorkerEvent::Results {
                seq,
                total,
                hits,
                notes,
            } => {
                if seq != self.search.sent_seq {
                    return; // a stale answer to an older query
                }
                self.search.pending = false;
                self.search.total = total;
                self.search.results = hits;
                self.search.notes = notes;
                let text = self.search.line.text().trim().to_string();
                // The same query answered again (the index became ready while the user reads a
                // hit): the reader stays, and the selection follows its article.
                let reading = self.mode == Mode::Search
                    && self.focus == Pane::Reader
                    && text == self.search.shown_text;
                self.search.shown_text = text;
                self.search.list = Cursor::default();
                if reading {
                    let open = self.reader.as_ref().map(|r| r.index);
                    if let Some(pos) = self
                        .search
                        .results
                        .iter()
                        .position(|h| Some(h.index) == open)
                    {
                        let rows = self.result_rows();
                        self.search.list.set(pos, self.search.results.len(), rows);
                    }
                } else if self.mode == Mode::Search {
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
                    self.message = Some(format!("相关文章 related articles: {message}"));
                }
            }
        }
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Navigator => {
                let command = if delta < 0 {
                    Command::Up
                } else {
                    Command::Down
                };
                for _ in 0..delta.unsigned_abs().min(self.navigator.rows().len()) {
                    self.navigator_command(command);
                }
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

    fn move_half_page(&mut self, direction: isize) {
        let page = match self.focus {
            Pane::Navigator => self.nav_visible_rows(),
            Pane::List if self.mode == Mode::Search => self.result_rows(),
            Pane::List => self.list_rows(),
            Pane::Reader => self.reader_rows(),
        };
        self.move_by(direction * (page / 2).max(1) as isize);
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

    fn open(&mut self) {
        match self.focus {
            Pane::Navigator => {}
            Pane::List => {
                if self.mode == Mode::Search {
                    self.reader = None;
                }
                self.sync_preview();
                if self.reader.is_some() {
                    if self.mode == Mode::Search {
                        self.search.line.remember();
                        self.outbox.push(Effect::SaveHistory);
                    }
                    self.focus = Pane::Reader;
                    self.after_layout_change();
                    self.mark_opened();
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
            self.message = Some("本文没有搜索命中 no search hits in this article".to_string());
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
        let most = super::views::help::layout(self, self.panes().body)
            .1
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
                    self.jump_to(index, Vec::new());
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
        if row == 0 {
            if let Some(part) = super::views::chip_at(self, column) {
                let mut filter = self.filter.clone();
                filter.clear(part);
                self.set_filter(filter);
            }
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
                let page = self.nav_visible_rows();
                if let Some(filter) = self.navigator.click(inner_row, page, &self.filter) {
                    self.set_filter(filter);
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

/// What `y` copies: the title, a citation (paper, date, page when known; the URL when
/// `pages.toml` gives one), and the text.
pub fn clipboard_text(article: &crate::article::Article, source: &super::app::Source) -> String {
    let mut out = String::new();
    out.push_str(&article.headline());
    out.push('\n');
    match &source.url {
        Some(url) => out.push_str(&format!("（{} {url}）\n\n", source.citation)),
        None => out.push_str(&format!("（{}）\n\n", source.citation)),
    }
    out.push_str(&article.body_text());
    out.push('\n');
    out
}
