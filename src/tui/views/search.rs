//! The search pane: the query line (with the terminal cursor in it, so IMEs place their window
//! there), the scope (all articles, or the navigator's selection), and the results with their
//! snippets, hits highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::{bottom_label, fill, pane_block, put_spans, put_str};
use crate::search::Hit;
use crate::tui::app::{App, Pane, RESULT_ITEM_HEIGHT};
use crate::tui::keymap::Command;
use crate::tui::text;

/// Inner rows above the first result: query, scope, count.
pub const RESULTS_TOP: usize = 3;

/// Draws the pane; returns where the terminal cursor goes (in the query line).
pub fn draw(buf: &mut Buffer, rect: Rect, app: &App) -> Option<Position> {
    let focused = app.focus != Pane::Reader;
    let inner = pane_block(buf, rect, "搜索 Search", focused, app);
    let amb = app.ambiguous;
    let width = inner.width as usize;
    if inner.height < 2 {
        return None;
    }
    // The query line, scrolled so the cursor stays visible.
    let prompt = "/ ";
    let prompt_w = text::width(prompt, amb);
    let before: String = app
        .search
        .line
        .text()
        .chars()
        .take(app.search.line.cursor())
        .collect();
    let room = width.saturating_sub(prompt_w + 1);
    let mut shown_start = 0;
    while text::width(&before.chars().skip(shown_start).collect::<String>(), amb) > room {
        shown_start += 1;
    }
    let shown: String = app.search.line.text().chars().skip(shown_start).collect();
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
    let cursor = Position::new(cursor_x.min(inner.right().saturating_sub(1)), inner.y);

    // The scope line.
    let toggle = app.keymap.hint(Command::ToggleSearchFilter);
    let scope = if app.search.within_filter {
        format!("范围 scope: {} ({toggle}: 全部 all)", app.filter_label())
    } else if app.filter.is_empty() {
        "范围 scope: 全部 all".to_string()
    } else {
        format!(
            "范围 scope: 全部 all ({toggle}: 只搜 only {})",
            app.filter_label()
        )
    };
    put_str(
        buf,
        inner.x,
        inner.y + 1,
        width,
        &scope,
        app.theme.muted(),
        amb,
    );

    // The count line.
    if inner.height > 2 {
        let status = if let Some(err) = &app.search.error {
            (format!("搜索出错 search failed: {err}"), app.theme.notice())
        } else if app.search.line.text().trim().is_empty() {
            (
                "输入汉字或拼音 type Chinese or pinyin".to_string(),
                app.theme.muted(),
            )
        } else if app.search.pending && app.search.results.is_empty() {
            ("搜索中… searching".to_string(), app.theme.muted())
        } else {
            let more = if app.search.pending { " …" } else { "" };
            // The count, then what the query's notes say (ignored text, partial matches,
            // suggestions), so nothing the user typed is silently dropped.
            let mut line = format!(
                "{} 篇 results for “{}”{more}",
                app.search.total, app.search.shown_text
            );
            for note in &app.search.notes {
                line.push_str(" · ");
                line.push_str(&note.to_string());
            }
            (line, app.theme.muted())
        };
        put_str(buf, inner.x, inner.y + 2, width, &status.0, status.1, amb);
    }

    let list_top = inner.y + RESULTS_TOP as u16;
    let rows = (inner.bottom().saturating_sub(list_top) as usize) / RESULT_ITEM_HEIGHT;
    let list = &app.search.list;
    for (i, hit) in app
        .search
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
    if app.search.results.len() > rows {
        let label = format!(" {}/{} ", list.selected + 1, app.search.results.len());
        bottom_label(buf, rect, &label, app.theme.border(focused), amb);
    }
    Some(cursor)
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
}
