//! The search pane: the query line (with the terminal cursor in it, so IMEs place their window
//! there), the scope (all articles, or the navigator's selection), and the results with their
//! snippets, hits highlighted. A component: [`SearchState`] owns the line, the request in
//! flight and the answer shown (fields private; changed only by its methods, which
//! [`App::update`](crate::tui::App::update) calls), and draws itself.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::Cursor;
use super::line::LineEditor;
use crate::search::{Hit, Note};
use crate::tui::app::{App, Pane, RESULT_ITEM_HEIGHT};
use crate::tui::keymap::Command;
use crate::tui::text;
use crate::tui::views::{bottom_label, fill, pane_block, put_spans, put_str};

/// Inner rows above the first result: query, scope, count.
pub(crate) const RESULTS_TOP: usize = 3;

/// The search pane's state: the line, the last request sent and the results shown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchState {
    /// The search line: text, cursor and history.
    line: LineEditor,
    /// The last request sent, and the text of the results shown.
    sent_seq: u64,
    shown_text: String,
    total: usize,
    results: Vec<Hit>,
    /// What the results header says about the query (ignored text, partial matches…).
    notes: Vec<Note>,
    list: Cursor,
    within_filter: bool,
    pending: bool,
    error: Option<String>,
}

impl SearchState {
    /// An empty search with this history (oldest first).
    pub(crate) fn with_history(history: Vec<String>) -> SearchState {
        SearchState {
            line: LineEditor::with_history(history),
            ..SearchState::default()
        }
    }

    /// The search line.
    pub fn line(&self) -> &LineEditor {
        &self.line
    }

    /// The line, for editing (itself a tested value type).
    pub(crate) fn line_mut(&mut self) -> &mut LineEditor {
        &mut self.line
    }

    /// The query typed, trimmed.
    pub(crate) fn query(&self) -> &str {
        self.line.text().trim()
    }

    /// The query the results shown answer.
    pub(crate) fn shown_text(&self) -> &str {
        &self.shown_text
    }

    /// How many articles match (the results hold at most the limit asked for).
    pub fn total(&self) -> usize {
        self.total
    }

    /// The results shown, best first.
    pub fn results(&self) -> &[Hit] {
        &self.results
    }

    pub(crate) fn selected_hit(&self) -> Option<&Hit> {
        self.results.get(self.list.selected)
    }

    /// Whether the search stays within the navigator's filter.
    pub fn within_filter(&self) -> bool {
        self.within_filter
    }

    /// A request is on its way.
    pub fn pending(&self) -> bool {
        self.pending
    }

    pub(crate) fn toggle_within(&mut self) {
        self.within_filter = !self.within_filter;
    }

    /// Request `seq` is sent for the query now typed; with an empty query nothing is asked and
    /// the results are cleared.
    pub(crate) fn sent(&mut self, seq: u64) {
        self.sent_seq = seq;
        self.error = None;
        self.pending = !self.query().is_empty();
        if !self.pending {
            self.results.clear();
            self.notes.clear();
            self.total = 0;
            self.shown_text.clear();
            self.list = Cursor::default();
        }
    }

    /// Takes the answer to request `seq`; `false` for a stale answer (to an older request),
    /// which changes nothing.
    pub(crate) fn answer(
        &mut self,
        seq: u64,
        total: usize,
        hits: Vec<Hit>,
        notes: Vec<Note>,
    ) -> bool {
        if seq != self.sent_seq {
            return false;
        }
        self.pending = false;
        self.total = total;
        self.results = hits;
        self.notes = notes;
        self.shown_text = self.query().to_string();
        self.list = Cursor::default();
        true
    }

    /// Request `seq` failed; `false` when it is not the last one sent.
    pub(crate) fn fail(&mut self, seq: u64, message: String) -> bool {
        if seq != self.sent_seq {
            return false;
        }
        self.pending = false;
        self.error = Some(message);
        true
    }

    /// Moves the selection by `delta` with `rows` results on screen; `true` if it moved.
    pub(crate) fn step(&mut self, delta: isize, rows: usize) -> bool {
        let before = self.list.selected;
        self.list.step(delta, self.results.len(), rows);
        before != self.list.selected
    }

    pub(crate) fn select(&mut self, pos: usize, rows: usize) {
        self.list.set(pos, self.results.len(), rows);
    }

    pub(crate) fn follow(&mut self, rows: usize) {
        self.list.follow(rows);
    }

    /// The result under inner row `row` of the pane, if any.
    pub(crate) fn result_at(&self, row: usize) -> Option<usize> {
        let row = row.checked_sub(RESULTS_TOP)?;
        let target = self.list.offset + row / RESULT_ITEM_HEIGHT;
        (target < self.results.len()).then_some(target)
    }

    /// Draws the pane; returns where the terminal cursor goes (in the query line).
    pub(crate) fn draw(&self, buf: &mut Buffer, rect: Rect, app: &App) -> Option<Position> {
        draw(self, buf, rect, app)
    }
}

/// Draws the pane; returns where the terminal cursor goes (in the query line).
fn draw(search: &SearchState, buf: &mut Buffer, rect: Rect, app: &App) -> Option<Position> {
    let focused = app.focus != Pane::Reader;
    let inner = pane_block(buf, rect, "搜索 Search", focused, app);
    if inner.height < 2 {
        return None;
    }
    let cursor = draw_query_line(search, buf, inner, app);
    let width = inner.width as usize;
    put_str(
        buf,
        inner.x,
        inner.y + 1,
        width,
        &scope_line(search, app),
        app.theme.muted(),
        app.ambiguous,
    );
    if inner.height > 2 {
        let (status, style) = count_line(search, app);
        put_str(
            buf,
            inner.x,
            inner.y + 2,
            width,
            &status,
            style,
            app.ambiguous,
        );
    }
    draw_results(search, buf, rect, inner, app, focused);
    Some(cursor)
}

/// The query line on the pane's first inner row, scrolled so the cursor stays visible; returns
/// where the terminal cursor goes.
fn draw_query_line(search: &SearchState, buf: &mut Buffer, inner: Rect, app: &App) -> Position {
    let amb = app.ambiguous;
    let width = inner.width as usize;
    let prompt = "/ ";
    let prompt_w = text::width(prompt, amb);
    let before: String = search
        .line
        .text()
        .chars()
        .take(search.line.cursor())
        .collect();
    let room = width.saturating_sub(prompt_w + 1);
    let mut shown_start = 0;
    while text::width(&before.chars().skip(shown_start).collect::<String>(), amb) > room {
        shown_start += 1;
    }
    let shown: String = search.line.text().chars().skip(shown_start).collect();
    put_str(
        buf,
        inner.x,
        inner.y,
        prompt_w,
        prompt,
        app.theme.accent(),
        amb,
    );
    put_str(
        buf,
        inner.x + prompt_w as u16,
        inner.y,
        room,
        &shown,
        Style::new(),
        amb,
    );
    let cursor_x = inner.x
        + (prompt_w + text::width(&before.chars().skip(shown_start).collect::<String>(), amb))
            as u16;
    Position::new(cursor_x.min(inner.right().saturating_sub(1)), inner.y)
}

/// What the search runs over: everything, or the navigator's filter (and the key that toggles).
fn scope_line(search: &SearchState, app: &App) -> String {
    let toggle = app.keymap.hint(Command::ToggleSearchFilter);
    if search.within_filter {
        format!("范围 scope: {} ({toggle}: 全部 all)", app.filter_label())
    } else if app.filter.is_empty() {
        "范围 scope: 全部 all".to_string()
    } else {
        format!(
            "范围 scope: 全部 all ({toggle}: 只搜 only {})",
            app.filter_label()
        )
    }
}

/// The count line and its style: an error, a prompt, "searching", or the count with the query's
/// notes.
fn count_line(search: &SearchState, app: &App) -> (String, Style) {
    if let Some(err) = &search.error {
        (format!("搜索出错 search failed: {err}"), app.theme.notice())
    } else if search.line.text().trim().is_empty() {
        (
            "输入汉字或拼音 type Chinese or pinyin".to_string(),
            app.theme.muted(),
        )
    } else if search.pending && search.results.is_empty() {
        ("搜索中… searching".to_string(), app.theme.muted())
    } else {
        let more = if search.pending { " …" } else { "" };
        // The count, then what the query's notes say (ignored text, partial matches,
        // suggestions), so nothing the user typed is silently dropped.
        let mut line = format!(
            "{} 篇 results for “{}”{more}",
            search.total, search.shown_text
        );
        for note in &search.notes {
            line.push_str(" · ");
            line.push_str(&note.to_string());
        }
        (line, app.theme.muted())
    }
}

/// The results that fit below the count line, and the position label on the pane's border when
/// not all of them do.
fn draw_results(
    search: &SearchState,
    buf: &mut Buffer,
    rect: Rect,
    inner: Rect,
    app: &App,
    focused: bool,
) {
    let list_top = inner.y + RESULTS_TOP as u16;
    let rows = (inner.bottom().saturating_sub(list_top) as usize) / RESULT_ITEM_HEIGHT;
    let list = &search.list;
    for (i, hit) in search
        .results
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(rows)
    {
        let y = list_top + ((i - list.offset) * RESULT_ITEM_HEIGHT) as u16;
        let selected = i == list.selected;
        draw_hit(
            buf,
            Rect::new(inner.x, y, inner.width, RESULT_ITEM_HEIGHT as u16),
            app,
            hit,
            selected,
        );
    }
    if search.results.len() > rows {
        let label = format!(" {}/{} ", list.selected + 1, search.results.len());
        bottom_label(buf, rect, &label, app.theme.border(focused), app.ambiguous);
    }
}

fn draw_hit(buf: &mut Buffer, rect: Rect, app: &App, hit: &Hit, selected: bool) {
    let amb = app.ambiguous;
    let width = rect.width as usize;
    let article = app.head(hit.index);
    let base = if selected {
        app.theme.selected()
    } else {
        Style::new()
    };
    fill(buf, Rect::new(rect.x, rect.y, rect.width, 1), base);
    let title = text::sanitize(article.title());
    let title = text::truncate(&title, width.saturating_sub(2), amb);
    put_str(
        buf,
        rect.x,
        rect.y,
        width,
        &format!("{} {title}", if app.is_read(hit.index) { " " } else { "●" }),
        base,
        amb,
    );
    let details = super::list::details(app, article);
    put_str(
        buf,
        rect.x + 2,
        rect.y + 1,
        width.saturating_sub(2),
        &text::truncate(&details, width.saturating_sub(2), amb),
        app.theme.muted(),
        amb,
    );
    // The snippet, one line, hits highlighted; cut by display width.
    let snippet = text::sanitize(&hit.snippet);
    let snippet: String = snippet
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let mut pieces: Vec<(String, Style)> = Vec::new();
    let chars: Vec<char> = snippet.chars().collect();
    // Start late enough that the first hit shows in the first third of the row.
    let room = width.saturating_sub(2);
    let first = hit.highlights.first().map_or(0, |h| h.0.min(chars.len()));
    let mut at = 0;
    while at < first && text::width(&chars[at..first].iter().collect::<String>(), amb) > room / 3 {
        at += 1;
    }
    if at > 0 {
        pieces.push(("…".to_string(), app.theme.muted()));
    }
    for &(start, end) in &hit.highlights {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        if start < at || start >= end {
            continue;
        }
        pieces.push((chars[at..start].iter().collect(), Style::new()));
        pieces.push((chars[start..end].iter().collect(), app.theme.hit()));
        at = end;
    }
    pieces.push((chars[at..].iter().collect(), Style::new()));
    let pieces = fit_pieces(pieces, width.saturating_sub(2), amb, app.theme.muted());
    let spans: Vec<(&str, Style)> = pieces.iter().map(|(s, st)| (s.as_str(), *st)).collect();
    put_spans(
        buf,
        rect.x + 2,
        rect.y + 2,
        width.saturating_sub(2),
        &spans,
        amb,
    );
}

/// Styled pieces cut to `room` cells, ending in "…" when anything was cut (never a character
/// cut in half, never a cut without the mark).
fn fit_pieces(
    pieces: Vec<(String, Style)>,
    room: usize,
    amb: text::Ambiguous,
    mark_style: Style,
) -> Vec<(String, Style)> {
    let total: usize = pieces.iter().map(|(s, _)| text::width(s, amb)).sum();
    if total <= room {
        return pieces;
    }
    let ellipsis = text::width("…", amb);
    let mut left = room.saturating_sub(ellipsis);
    let mut out = Vec::new();
    for (piece, style) in pieces {
        if left == 0 {
            break;
        }
        let mut kept = String::new();
        for c in piece.chars() {
            let w = text::width(c.encode_utf8(&mut [0; 4]), amb);
            if w > left {
                left = 0;
                break;
            }
            left -= w;
            kept.push(c);
        }
        out.push((kept, style));
    }
    out.push(("…".to_string(), mark_style));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_snippets_end_in_an_ellipsis_within_the_room() {
        let pieces = vec![
            ("已动员".to_string(), Style::new()),
            ("义乌".to_string(), Style::new().bold()),
            ("1000余家企业”".to_string(), Style::new()),
        ];
        let amb = text::Ambiguous::Narrow;
        let fit = fit_pieces(pieces.clone(), 12, amb, Style::new());
        let shown: String = fit.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(shown, "已动员义乌1…");
        assert!(text::width(&shown, amb) <= 12);
        let whole = fit_pieces(pieces, 40, amb, Style::new());
        assert!(!whole.iter().any(|(s, _)| s == "…"));
    }

    fn hit(index: usize) -> Hit {
        Hit::bare(&format!("a-{index}"), index)
    }

    fn typed(text: &str) -> SearchState {
        let mut s = SearchState::default();
        s.line_mut().insert(text);
        s
    }

    #[test]
    fn only_the_last_request_is_answered() {
        let mut s = typed("工会");
        s.sent(1);
        s.sent(2);
        assert!(s.pending());
        assert!(!s.answer(1, 5, vec![hit(0)], Vec::new()), "stale");
        assert!(s.pending() && s.results().is_empty());
        assert!(s.answer(2, 3, vec![hit(4), hit(7)], Vec::new()));
        assert_eq!((s.total(), s.results().len(), s.pending()), (3, 2, false));
        assert_eq!(s.shown_text(), "工会");
        assert!(!s.fail(1, "old".into()));
        assert_eq!(s.error, None);
    }

    #[test]
    fn an_empty_query_clears_the_results() {
        let mut s = typed("技能");
        s.sent(1);
        assert!(s.answer(1, 40, (0..5).map(hit).collect(), Vec::new()));
        assert_eq!((s.total(), s.results().len()), (40, 5));
        s.line_mut().clear();
        s.sent(2);
        assert!(!s.pending());
        assert!(s.results().is_empty() && s.shown_text().is_empty());
        assert_eq!(s.total(), 0);
    }

    #[test]
    fn rows_map_to_results_below_the_header() {
        let mut s = typed("x");
        s.sent(1);
        s.answer(1, 4, (0..4).map(hit).collect(), Vec::new());
        assert_eq!(s.result_at(0), None, "the query line");
        assert_eq!(s.result_at(RESULTS_TOP), Some(0));
        assert_eq!(s.result_at(RESULTS_TOP + RESULT_ITEM_HEIGHT), Some(1));
        assert_eq!(s.result_at(RESULTS_TOP + 4 * RESULT_ITEM_HEIGHT), None);
        assert!(s.step(2, 10));
        assert_eq!(s.selected_hit().map(|h| h.index), Some(2));
    }
}
