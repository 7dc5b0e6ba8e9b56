//! Whole screens with Chinese content, drawn on ratatui's `TestBackend` and compared with the
//! reviewed snapshots in `tests/snapshots/`; and screen invariants over many sizes.

mod tui_support;

use kanbao::tui::App;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

fn list(w: u16, h: u16) -> App {
    app(w, h)
}

fn reader(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Enter);
    app
}

fn search(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    type_text(&mut app, &mut r, "技能");
    app
}

fn search_hit(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    type_text(&mut app, &mut r, "能级工资");
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('n'));
    app
}

fn help(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('?'));
    app
}

fn stats(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('s'));
    press(&mut app, &mut r, KeyCode::Down);
    app
}

fn navigator(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Right);
    press(&mut app, &mut r, KeyCode::Down);
    app
}

/// A city and a theme chosen in the navigator: chips on the title bar, counts under them.
fn chips(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Char(' '));
    for _ in 0..8 {
        press(&mut app, &mut r, KeyCode::Down);
    }
    press(&mut app, &mut r, KeyCode::Char(' '));
    app
}

/// The chips of [`chips`], cleared with `x`.
fn cleared(w: u16, h: u16) -> App {
    let mut app = chips(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('x'));
    app
}

/// Dated articles newest first, the navigator's 2023 open to its months.
fn dates(w: u16, h: u16) -> App {
    let mut app = app_over(dated_articles(), w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::End);
    for _ in 0..2 {
        press(&mut app, &mut r, KeyCode::Up);
    }
    press(&mut app, &mut r, KeyCode::Right);
    press(&mut app, &mut r, KeyCode::Tab);
    app
}

/// The same in print order (`o`).
fn print_order(w: u16, h: u16) -> App {
    let mut app = dates(w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('o'));
    app
}

/// Two articles read: unread/total counts in the navigator, marks in the list.
fn unread(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let mut r = Immediate::new(&app);
    for _ in 0..2 {
        press(&mut app, &mut r, KeyCode::Char('m'));
        press(&mut app, &mut r, KeyCode::Down);
    }
    press(&mut app, &mut r, KeyCode::Esc);
    app
}

/// The 版面 view of two issues, moved back to the first with `[`.
fn pages(w: u16, h: u16) -> App {
    let mut app = app_over(paged_articles(), w, h);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('P'));
    press(&mut app, &mut r, KeyCode::Char('['));
    app
}

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(name, screen_text(&render(app)));
}

#[test]
fn screens_at_80x24() {
    snap("list_80x24", &list(80, 24));
    snap("navigator_80x24", &navigator(80, 24));
    snap("reader_80x24", &reader(80, 24));
    snap("search_80x24", &search(80, 24));
    snap("search_hit_80x24", &search_hit(80, 24));
    snap("help_80x24", &help(80, 24));
    snap("stats_80x24", &stats(80, 24));
    snap("chips_80x24", &chips(80, 24));
    snap("cleared_80x24", &cleared(80, 24));
    snap("dates_80x24", &dates(80, 24));
    snap("print_order_80x24", &print_order(80, 24));
    snap("unread_80x24", &unread(80, 24));
    snap("pages_80x24", &pages(80, 24));
}

#[test]
fn screens_at_160x48() {
    snap("list_160x48", &list(160, 48));
    snap("navigator_160x48", &navigator(160, 48));
    snap("reader_160x48", &reader(160, 48));
    snap("search_160x48", &search(160, 48));
    snap("search_hit_160x48", &search_hit(160, 48));
    snap("help_160x48", &help(160, 48));
    snap("stats_160x48", &stats(160, 48));
    snap("chips_160x48", &chips(160, 48));
    snap("cleared_160x48", &cleared(160, 48));
    snap("dates_160x48", &dates(160, 48));
    snap("print_order_160x48", &print_order(160, 48));
    snap("unread_160x48", &unread(160, 48));
    snap("pages_160x48", &pages(160, 48));
}

#[test]
fn too_small() {
    snap("too_small_39x12", &list(39, 12));
    snap("too_small_60x9", &list(60, 9));
}

/// Marks that must never start a screen line of article text.
const NO_LINE_START: &[&str] = &[
    "、", "，", "。", "．", "：", "；", "！", "？", "）", "］", "｝", "〕", "〉", "》", "」", "』",
    "】", "”", "’", "～", ",", ".", ":", ";", "!", "?", ")",
];

fn is_border(symbol: &str) -> bool {
    matches!(
        symbol,
        "│" | "┃"
            | "┌"
            | "┐"
            | "└"
            | "┘"
            | "┏"
            | "┓"
            | "┗"
            | "┛"
            | "─"
            | "━"
            | "|"
            | "+"
            | "-"
            | "="
    )
}

/// Checks a drawn screen: pane borders intact on every row (so nothing spilled over them, no
/// wide glyph was cut), no control characters, and no reader line starting with a mark that
/// may not start a line.
fn check_screen(app: &App, buf: &Buffer) {
    let ctx = format!("{}x{}\n{}", app.size().0, app.size().1, screen_text(buf));
    if app.too_small() {
        return;
    }
    let panes = app.panes();
    for rect in [panes.navigator, panes.list, panes.reader] {
        if rect.area() == 0 || *app.overlay() != kanbao::tui::app::Overlay::None {
            continue;
        }
        for y in rect.top()..rect.bottom() {
            for x in [rect.left(), rect.right() - 1] {
                assert!(
                    is_border(buf[(x, y)].symbol()),
                    "border broken at ({x},{y}) in {ctx}"
                );
            }
        }
    }
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control char on screen in {ctx}"
        );
    }
    if let Some(reader) = &app.reader() {
        let rect = panes.reader;
        if rect.area() > 0 {
            for line in &reader.layout().lines[reader.layout().header_len..] {
                let first: String = line
                    .segments
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<String>();
                let first = first.trim_start_matches('\u{3000}');
                if let Some(c) = first.chars().next() {
                    assert!(
                        !NO_LINE_START.contains(&c.to_string().as_str()),
                        "line starts with {c}: {first} in {ctx}"
                    );
                }
            }
        }
    }
}

#[test]
fn every_screen_holds_together_at_many_sizes() {
    let builders: [fn(u16, u16) -> App; 7] =
        [list, navigator, reader, search, search_hit, help, stats];
    for (w, h) in [
        (40, 10),
        (41, 11),
        (57, 17),
        (80, 24),
        (99, 30),
        (100, 30),
        (120, 40),
        (133, 41),
        (200, 60),
    ] {
        for build in builders {
            let mut app = build(w, h);
            check_screen(&app, &render(&app));
            // Every article in the reader at this size.
            if app.reader().is_some() {
                for index in 0..app.store().len() {
                    app.update(kanbao::tui::Action::Preview(index));
                    check_screen(&app, &render(&app));
                }
            }
        }
    }
}

#[test]
fn wide_ambiguous_mode_gives_ambiguous_glyphs_two_cells() {
    let mut app = reader(80, 24).with_ambiguous(kanbao::tui::text::Ambiguous::Wide);
    app.update(kanbao::tui::Action::Resize(81, 24));
    app.update(kanbao::tui::Action::Resize(80, 24));
    let buf = render(&app);
    check_screen(&app, &buf);
    // The kicker line holds “新春第一会”: each quote is forced to 2 cells.
    let row = (0..24)
        .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "“"))
        .expect("a line with a quote");
    let x = (0..80).find(|&x| buf[(x, row)].symbol() == "“").unwrap();
    assert_eq!(
        buf[(x, row)].diff_option,
        ratatui::buffer::CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(2).unwrap())
    );
}

#[test]
fn an_empty_corpus_still_draws() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = empty_app();
        app.update(kanbao::tui::Action::Resize(w, h));
        let mut r = Immediate::new(&app);
        for key in [
            KeyCode::Enter,
            KeyCode::Char('j'),
            KeyCode::Char('s'),
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Char('/'),
        ] {
            press(&mut app, &mut r, key);
            check_screen(&app, &render(&app));
        }
        type_text(&mut app, &mut r, "能级工资");
        press(&mut app, &mut r, KeyCode::Enter);
        let screen = screen_text(&render(&app));
        assert!(screen.contains("0 篇 results for “能级工资”"), "{screen}");
    }
    snap("empty_80x24", &empty_app());
}

/// An app over no articles at all, with defaults for everything else.
fn empty_app() -> App {
    App::new(
        Default::default(),
        &Default::default(),
        Default::default(),
        Default::default(),
        Default::default(),
        Default::default(),
    )
}

#[test]
fn help_follows_the_keymap_in_force() {
    let app = help(80, 24);
    let (config, notices) =
        kanbao::tui::config::parse("[keys]\nquit = [\"w\", \"ctrl-q\"]\n", "t.toml");
    // (w: x clears the filters, and a key taken from another command is refused.)
    assert!(notices.is_empty(), "{notices:?}");
    let app = app.with_keymap(config.keymap);
    let screen = screen_text(&render(&app));
    assert!(
        screen
            .lines()
            .any(|l| l.contains("w, Ctrl-q ") && l.contains("quit kanbao")),
        "{screen}"
    );
    assert!(!screen.contains("q, Ctrl-c"), "{screen}");
}

#[test]
fn wide_ambiguous_mode_draws_ascii_borders() {
    let mut app = reader(80, 24).with_ambiguous(kanbao::tui::text::Ambiguous::Wide);
    app.update(kanbao::tui::Action::Resize(80, 24));
    snap("reader_wide_ambiguous_80x24", &app);
}

#[test]
fn no_color_leaves_every_cell_uncoloured() {
    for build in [list, reader, search_hit, stats] {
        let app = build(120, 40);
        let mut theme = app.theme().clone();
        theme.no_color = true;
        let app = app.with_theme(theme);
        let buf = render(&app);
        for cell in buf.content() {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
        }
    }
}
