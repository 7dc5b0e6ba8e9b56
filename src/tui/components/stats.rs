//! Statistics: articles per city, per theme and per month as horizontal bars with labels padded
//! by display width; the selected bar filters the list on Enter. A component: it owns its
//! selection, takes the keys meant for it and draws itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::classify::RegionRef;
use crate::filter::{DateRange, Filter, Period, RegionPick};
use crate::tui::app::App;
use crate::tui::keymap::Command;
use crate::tui::text;
use crate::tui::views::{fill, pane_block, put_spans, put_str};

/// A bar of the statistics view: selecting it filters the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatRow {
    City(String, usize),
    Theme(String, String, usize),
    Month(u16, u8, usize),
}

/// The bars of the statistics view, in the order they are shown: the navigator's cities,
/// themes and months, with the same counts.
pub(crate) fn stat_rows(app: &App) -> Vec<StatRow> {
    let (f, c) = (app.facets(), app.counts());
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

/// What a key did in the statistics view.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Stay,
    Close,
    /// Close, and show the articles of this filter.
    Filter(Filter),
}

/// The statistics view: which bar is selected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    selected: usize,
}

impl Stats {
    /// Takes `command` over `rows`; choosing a bar adds its part to `filter`.
    pub(crate) fn handle(
        &mut self,
        command: Command,
        rows: &[StatRow],
        filter: &Filter,
    ) -> Outcome {
        let last = rows.len().saturating_sub(1);
        let s = self.selected;
        self.selected = match command {
            Command::Stats | Command::Back => return Outcome::Close,
            Command::Up => s.saturating_sub(1),
            Command::Down => (s + 1).min(last),
            Command::PageUp => s.saturating_sub(10),
            Command::PageDown => (s + 10).min(last),
            Command::Top => 0,
            Command::Bottom => last,
            Command::Open => {
                let Some(row) = rows.get(s) else {
                    return Outcome::Stay;
                };
                let mut filter = filter.clone();
                match row.clone() {
                    StatRow::City(city, _) => {
                        filter.region = Some(RegionPick::Place(RegionRef { city, county: None }));
                    }
                    StatRow::Theme(id, _, _) => filter.theme = Some(id),
                    StatRow::Month(y, m, _) => {
                        filter.dates = Period::month(y, m).map(DateRange::single);
                    }
                }
                return Outcome::Filter(filter);
            }
            _ => s,
        };
        Outcome::Stay
    }

    pub(crate) fn draw(&self, buf: &mut Buffer, body: Rect, app: &App) {
        draw(buf, body, app, self.selected);
    }
}

/// One screen line of the view: a heading, a bar (with its index among the bars) or a blank.
enum Line {
    Heading(&'static str),
    Bar(usize, String, usize),
    Blank,
}

fn lines(rows: &[StatRow]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut last_kind = None;
    for (i, row) in rows.iter().enumerate() {
        let (kind, label, count) = match row {
            StatRow::City(c, n) => (0, c.clone(), *n),
            StatRow::Theme(_, l, n) => (1, l.clone(), *n),
            StatRow::Month(y, m, n) => (2, format!("{y}-{m:02}"), *n),
        };
        if last_kind != Some(kind) {
            if last_kind.is_some() {
                out.push(Line::Blank);
            }
            out.push(Line::Heading(
                ["按城市 per city", "按主题 per theme", "按月份 per month"][kind],
            ));
            last_kind = Some(kind);
        }
        out.push(Line::Bar(i, label, count));
    }
    out
}

fn draw(buf: &mut Buffer, body: Rect, app: &App, selected: usize) {
    let amb = app.ambiguous;
    let inner = pane_block(buf, body, "统计 Statistics", true, app);
    fill(buf, inner, Style::new());
    let rows = stat_rows(app);
    let lines = lines(&rows);
    if rows.is_empty() {
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width as usize,
            "没有文章 no articles",
            app.theme.muted(),
            amb,
        );
        return;
    }
    let scale = Scale::of(&rows, &lines, inner.width as usize, amb);
    let height = inner.height as usize;
    let selected_line = lines
        .iter()
        .position(|l| matches!(l, Line::Bar(i, _, _) if *i == selected))
        .unwrap_or(0);
    let offset = (selected_line + 2).saturating_sub(height);
    for (n, line) in lines.iter().enumerate().skip(offset).take(height) {
        let y = inner.y + (n - offset) as u16;
        match line {
            Line::Blank => {}
            Line::Heading(h) => {
                put_str(
                    buf,
                    inner.x + 1,
                    y,
                    inner.width as usize - 1,
                    h,
                    app.theme.title(),
                    amb,
                );
            }
            Line::Bar(i, label, count) => {
                let row = Rect::new(inner.x + 1, y, inner.width.saturating_sub(1), 1);
                draw_bar(buf, row, &scale, (label, *count), *i == selected, app);
            }
        }
    }
}

/// How the bars are laid out: the label column's width, the largest count (a full bar) and the
/// cells a full bar takes.
struct Scale {
    label_w: usize,
    max: usize,
    bar_room: usize,
}

impl Scale {
    fn of(rows: &[StatRow], lines: &[Line], width: usize, amb: text::Ambiguous) -> Scale {
        let label_w = lines
            .iter()
            .filter_map(|l| {
                if let Line::Bar(_, label, _) = l {
                    Some(text::width(label, amb))
                } else {
                    None
                }
            })
            .max()
            .unwrap_or(4)
            .min(16);
        let max = rows
            .iter()
            .map(|r| match r {
                StatRow::City(_, n) | StatRow::Theme(_, _, n) | StatRow::Month(_, _, n) => *n,
            })
            .max()
            .unwrap_or(1)
            .max(1);
        let count_w = max.to_string().len() + 1;
        Scale {
            label_w,
            max,
            bar_room: width.saturating_sub(label_w + count_w + 4),
        }
    }
}

/// One bar on `row`: its label padded to the label column, the bar, and the count.
fn draw_bar(
    buf: &mut Buffer,
    row: Rect,
    scale: &Scale,
    (label, count): (&str, usize),
    selected: bool,
    app: &App,
) {
    let amb = app.ambiguous;
    let style = if selected {
        app.theme.selected()
    } else {
        Style::new()
    };
    let block_w = text::width("█", amb).max(1);
    let cells = (count * (scale.bar_room / block_w)).div_ceil(scale.max);
    let label = text::pad(label, scale.label_w, amb);
    let bar = "█".repeat(cells);
    put_spans(
        buf,
        row.x,
        row.y,
        row.width as usize,
        &[
            (&label, style),
            (" ", Style::new()),
            (
                &bar,
                app.theme
                    .accent()
                    .add_modifier(ratatui::style::Modifier::REVERSED),
            ),
            (&format!(" {count}"), app.theme.muted()),
        ],
        amb,
    );
}
