//! `App::update`: the only place the state changes. Keys become actions here too, since what a key
//! means depends on where the user is (typing in the search line, or browsing).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::app::{App, Effect, IndexState, Mode, Overlay, Pane, RelatedPopup};
use super::components::navigator::NavData;
use super::keymap::Command;
use super::worker::WorkerEvent;
use crate::filter::Filter;
use crate::search::{Hit, MarkSets, Note, SearchQuery};
use crate::tui::app::SEARCH_LIMIT;

pub use super::components::stats::StatRow;
use super::components::stats::{self, Outcome as StatsOutcome};

impl App {
    /// What `key` means here, if anything.
    pub(crate) fn action_for_key(&self, key: &KeyEvent) -> Option<Action> {
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
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            let alt = key.modifiers.contains(KeyModifiers::ALT);
            match key.code {
                KeyCode::Char(c) if plain => return Some(Action::Insert(c.to_string())),
                KeyCode::Char('w') if ctrl => return Some(Action::DeleteWord),
                KeyCode::Backspace if alt || ctrl => return Some(Action::DeleteWord),
                KeyCode::Char('b') if alt => return Some(Action::WordLeft),
                KeyCode::Char('f') if alt => return Some(Action::WordRight),
                KeyCode::Left if alt || ctrl => return Some(Action::WordLeft),
                KeyCode::Right if alt || ctrl => return Some(Action::WordRight),
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Some(Action::ClearLine);
                }
                KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Some(Action::HistoryOlder);
                }
                KeyCode::Char('n') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Some(Action::HistoryNewer);
                }
                KeyCode::Up if self.search.results().is_empty() => {
                    return Some(Action::HistoryOlder);
                }
                KeyCode::Down if self.search.results().is_empty() => {
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
        // The user acts: a saved position found later must not move them.
        self.restore_pending = false;
        // A key press acknowledges the notice or message on show.
        if self.notices.pop_front().is_none() {
            self.message = None;
        }
        if let Some(action) = self.action_for_key(&key) {
            self.update(action);
        }
    }

    /// Applies `action`: the one place the state changes. Work for the world goes to the outbox.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Command(command) => self.command(command),
            Action::Insert(text) => self.insert(&text),
            Action::Backspace => {
                if self.search.line_mut().backspace() {
                    self.send_search();
                }
            }
            Action::Delete => {
                if self.search.line_mut().delete() {
                    self.send_search();
                }
            }
            Action::CursorLeft => self.search.line_mut().left(),
            Action::CursorRight => self.search.line_mut().right(),
            Action::CursorHome => self.search.line_mut().home(),
            Action::CursorEnd => self.search.line_mut().end(),
            Action::DeleteWord => {
                if self.search.line_mut().delete_word() {
                    self.send_search();
                }
            }
            Action::WordLeft => self.search.line_mut().word_left(),
            Action::WordRight => self.search.line_mut().word_right(),
            Action::ClearLine => {
                self.search.line_mut().clear();
                self.send_search();
            }
            Action::HistoryOlder => {
                if self.search.line_mut().older() {
                    self.send_search();
                }
            }
            Action::HistoryNewer => {
                if self.search.line_mut().newer() {
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
            Action::Filter(filter) => self.set_filter(filter),
            Action::Preview(index) => {
                if index < self.store.len() {
                    self.open_reader(index, Vec::new());
                }
            }
            Action::Notice(text) => self.notices.push_back(text),
            Action::Loading(progress) => self.loading = Some(progress),
            Action::Grown(grown) => {
                self.swap_store(grown);
                if self.mode == Mode::Search && !self.search.query().is_empty() {
                    self.send_search();
                }
            }
            Action::Terminate => self.quit(),
        }
    }

    fn after_layout_change(&mut self) {
        let (list_rows, result_rows, nav_rows) = (
            self.list_rows(),
            self.result_rows(),
            self.nav_visible_rows(),
        );
        self.list.follow(list_rows);
        self.search.follow(result_rows);
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
        let selected = self.list.selected().map(|i| self.head(i).id().to_string());
        let open = (self.focus == Pane::Reader)
            .then(|| {
                self.reader
                    .as_ref()
                    .map(|r| (self.head(r.index()).id().to_string(), r.scroll()))
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
            (Overlay::Help(_), _) => return self.help_command(command),
            (Overlay::Stats(_), _) => return self.stats_command(command),
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
            Command::Help => self.overlay = Overlay::Help(Default::default()),
            Command::Choose => self.move_page(1),
            Command::HalfPageUp => self.move_half_page(-1),
            Command::HalfPageDown => self.move_half_page(1),
            Command::Stats => self.overlay = Overlay::Stats(Default::default()),
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
                self.search.toggle_within();
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
                self.list.toggle_sort();
                self.refilter();
                self.message = Some(format!("排序 sorted: {}", self.list.sort().label()));
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
                self.list.toggle_pages();
                self.refilter();
                self.list.top();
                self.sync_preview();
                self.message = Some(match self.list.pages() {
                    Some(_) => "版面 print view: [ ] 上一期/下一期 previous/next issue".to_string(),
                    None => format!("列表 list: {}", self.list.sort().label()),
                });
            }
            Command::PrevIssue | Command::NextIssue => {
                let delta = if command == Command::NextIssue { 1 } else { -1 };
                match self.list.step_issue(delta) {
                    None => {
                        self.message =
                            Some("先按 P 打开版面 press P for the print view first".to_string());
                    }
                    Some(true) => self.sync_preview(),
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
                if let Some(index) = self
                    .reader
                    .as_ref()
                    .map(super::components::reader::Reader::index)
                {
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
        let len = self.list.items().len();
        let from = self.list.cursor().selected;
        let found = (1..=len)
            .map(|step| (from + step) % len.max(1))
            .find(|&pos| {
                self.list
                    .items()
                    .get(pos)
                    .is_some_and(|&i| !self.is_read(i))
            });
        let Some(pos) = found else {
            self.message = Some("没有未读 no unread articles here".to_string());
            return;
        };
        let rows = self.list_rows();
        self.list.select(pos, rows);
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
        if let Some(from) = self
            .reader
            .as_ref()
            .map(super::components::reader::Reader::index)
            && from != index
        {
            self.jumps.back.push(from);
            self.jumps.forward.clear();
        }
        self.show_jump(index, hits);
    }

    fn show_jump(&mut self, index: usize, hits: Vec<crate::article::ParagraphSpan>) {
        if self.mode == Mode::Browse {
            let rows = self.list_rows();
            self.list.select_article(index, rows);
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
        if let Some(here) = self
            .reader
            .as_ref()
            .map(super::components::reader::Reader::index)
        {
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
        match self.source_of(reader.article()).url {
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
    fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.refilter();
    }

    /// Records the reader's article as read.
    fn mark_opened(&mut self) {
        if let Some(index) = self
            .reader
            .as_ref()
            .map(super::components::reader::Reader::index)
        {
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
    pub(crate) fn current_article(&self) -> Option<usize> {
        if (self.focus == Pane::Reader || self.is_wide())
            && let Some(r) = &self.reader
        {
            return Some(r.index());
        }
        self.selected_article()
    }

    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn enter_search(&mut self) {
        self.jumps.from = self
            .reader
            .as_ref()
            .map(super::components::reader::Reader::index);
        self.mode = Mode::Search;
        self.focus = Pane::List;
        self.search.line_mut().end();
        self.reader = None;
        self.after_layout_change();
        self.sync_preview();
        if !self.search.query().is_empty() {
            self.send_search();
        }
    }

    fn leave_search(&mut self) {
        self.search.line_mut().remember();
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
            self.search.line_mut().clear();
        }
        if self.search.line_mut().insert(text) {
            self.send_search();
        }
    }

    /// The search as it should be sent now: the typed text, within the filter if asked.
    pub(crate) fn search_request(&self) -> SearchQuery {
        let text = self.search.query();
        // The engine applies the whole filter, the reader's marks included.
        let (filter, marks) = if self.search.within_filter() {
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
        self.search.sent(seq);
        let request = self.search_request();
        self.outbox.retain(|e| !matches!(e, Effect::Search { .. }));
        if request.text.is_empty() {
            self.reader = None;
            return;
        }
        self.outbox.push(Effect::Search { seq, request });
    }

    fn worker_event(&mut self, event: WorkerEvent) {
        match event {
            WorkerEvent::IndexProgress { done, total } => {
                self.index = IndexState::Building { done, total }
            }
            WorkerEvent::IndexReady { report } => {
                self.index = IndexState::Ready(report);
                if self.mode == Mode::Search && !self.search.query().is_empty() {
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
            } => self.search_answered(seq, total, hits, notes),
            WorkerEvent::Related { seq, related, .. } => {
                if let Overlay::Related(popup) = &mut self.overlay
                    && popup.seq == seq
                {
                    popup.items = Some(related);
                }
            }
            WorkerEvent::Failed { seq, message } => {
                if matches!(&self.overlay, Overlay::Related(popup) if popup.seq == seq) {
                    self.overlay = Overlay::None;
                    self.message = Some(format!("相关文章 related articles: {message}"));
                } else {
                    self.search.fail(seq, message);
                }
            }
        }
    }

    /// The answer to search `seq` (stale answers are dropped).
    fn search_answered(&mut self, seq: u64, total: usize, hits: Vec<Hit>, notes: Vec<Note>) {
        // The same query answered again (the index became ready while the user reads a hit):
        // the reader stays, and the selection follows its article.
        let reading = self.mode == Mode::Search
            && self.focus == Pane::Reader
            && self.search.query() == self.search.shown_text();
        if !self.search.answer(seq, total, hits, notes) {
            return; // a stale answer to an older query
        }
        if reading {
            let open = self
                .reader
                .as_ref()
                .map(super::components::reader::Reader::index);
            if let Some(pos) = self
                .search
                .results()
                .iter()
                .position(|h| Some(h.index) == open)
            {
                let rows = self.result_rows();
                self.search.select(pos, rows);
            }
        } else if self.mode == Mode::Search {
            self.reader = None;
            if self.focus == Pane::Reader {
                self.focus = Pane::List;
            }
            self.sync_preview();
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
                    self.list.step(delta, rows);
                    self.sync_preview();
                }
                Mode::Search => {
                    let rows = self.result_rows();
                    if self.search.step(delta, rows) {
                        self.reader = None;
                        self.sync_preview();
                    }
                }
            },
            Pane::Reader => {
                let rows = self.reader_rows();
                if let Some(r) = &mut self.reader {
                    r.scroll_by(delta, rows);
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
                if let Some(to) = self
                    .reader
                    .as_ref()
                    .map(super::components::reader::Reader::index)
                {
                    if self.mode == Mode::Search {
                        self.search.line_mut().remember();
                        self.outbox.push(Effect::SaveHistory);
                        // Opening a hit is a jump: Ctrl-o goes back to what was read before.
                        if let Some(from) = self.jumps.from.replace(to)
                            && from != to
                        {
                            self.jumps.back.push(from);
                            self.jumps.forward.clear();
                        }
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
        if let Some(r) = &mut self.reader
            && !r.jump_hit(direction, rows)
        {
            self.message = Some("本文没有搜索命中 no search hits in this article".to_string());
        }
    }

    fn help_command(&mut self, command: Command) {
        let most = super::components::help::layout(self, self.panes().body)
            .1
            .len()
            .saturating_sub(self.size.1.saturating_sub(4) as usize);
        if let Overlay::Help(help) = &mut self.overlay
            && !help.handle(command, most)
        {
            self.overlay = Overlay::None;
        }
    }

    /// The bars of the statistics view (see `components::stats::stat_rows`).
    pub fn stat_rows(&self) -> Vec<StatRow> {
        stats::stat_rows(self)
    }

    fn stats_command(&mut self, command: Command) {
        let rows = self.stat_rows();
        let Overlay::Stats(view) = &mut self.overlay else {
            return;
        };
        match view.handle(command, &rows, &self.filter) {
            StatsOutcome::Stay => {}
            StatsOutcome::Close => self.overlay = Overlay::None,
            StatsOutcome::Filter(filter) => {
                self.overlay = Overlay::None;
                if self.mode == Mode::Search {
                    self.leave_search();
                }
                self.focus = Pane::List;
                self.filter = filter;
                self.refilter();
                self.after_layout_change();
            }
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
                    if let Some(target) = self.list.item_at(inner_row) {
                        let rows = self.list_rows();
                        self.list.select(target, rows);
                        self.sync_preview();
                    }
                }
                Mode::Search => {
                    if let Some(target) = self.search.result_at(inner_row) {
                        let rows = self.result_rows();
                        self.search.select(target, rows);
                        self.reader = None;
                        self.sync_preview();
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
pub(crate) fn clipboard_text(
    article: &crate::article::Article,
    source: &super::app::Source,
) -> String {
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
