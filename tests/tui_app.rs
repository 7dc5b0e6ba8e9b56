//! The browser's behaviour without a terminal: keys and actions in, state out.

mod tui_support;

use kanbao::tui::Action;
use kanbao::tui::app::{Effect, Mode, NavKind, Overlay, Pane};
use kanbao::tui::worker::WorkerEvent;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_support::*;

fn titles(app: &kanbao::tui::App) -> Vec<String> {
    app.list()
        .iter()
        .map(|&i| app.head(i).title().to_string())
        .collect()
}

fn select_nav(app: &mut kanbao::tui::App, runner: &mut Immediate, wanted: &str) {
    for _ in 0..app.navigator().rows().len() {
        let here = match &app.navigator().selected_row().unwrap().kind {
            NavKind::City { name, .. } | NavKind::County { name, .. } => name.clone(),
            NavKind::Theme { label, .. } => label.clone(),
            _ => String::new(),
        };
        if here == wanted {
            return;
        }
        press(app, runner, KeyCode::Down);
    }
    panic!("no navigator row {wanted}");
}

#[test]
fn browsing_hangzhou_then_xihu_filters_the_list_and_opens_the_article() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    assert_eq!(app.focus(), Pane::List);
    assert_eq!(app.list().len(), 8);
    press(&mut app, &mut r, KeyCode::Esc);
    assert_eq!(app.focus(), Pane::Navigator);
    select_nav(&mut app, &mut r, "杭州市");
    // Moving only moves: nothing is filtered until a row is chosen.
    assert!(app.filter().is_empty());
    assert_eq!(app.list().len(), 8);
    press(&mut app, &mut r, KeyCode::Char(' '));
    assert_eq!(app.filter().region, city("杭州市"));
    assert_eq!(app.focus(), Pane::Navigator, "Space chooses and stays");
    assert_eq!(
        titles(&app),
        vec![
            "团结引领职工 飞跃而上飞速奔跑",
            "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”"
        ]
    );
    // → opens the city; its counties follow it, busiest first.
    press(&mut app, &mut r, KeyCode::Right);
    let sel = app.navigator().cursor().selected;
    assert_eq!(
        app.navigator().rows()[sel + 1..sel + 3]
            .iter()
            .map(|row| match &row.kind {
                NavKind::County { name, .. } => name.as_str(),
                _ => "?",
            })
            .collect::<Vec<_>>(),
        vec!["西湖区", "钱塘区"]
    );
    press(&mut app, &mut r, KeyCode::Down);
    assert_eq!(
        app.filter().region,
        city("杭州市"),
        "moving does not filter"
    );
    press(&mut app, &mut r, KeyCode::Char(' '));
    assert_eq!(app.filter().region, county("杭州市", "西湖区"));
    assert_eq!(
        titles(&app),
        vec!["杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”"]
    );
    assert_eq!(app.filter_label(), "杭州市 › 西湖区");
    // Tab goes into the list, Enter opens the reader and marks the article read.
    press(&mut app, &mut r, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::List);
    assert_eq!(r.saves, 0);
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(app.focus(), Pane::Reader);
    let reader = app.reader().unwrap();
    assert_eq!(app.head(reader.index()).id(), "b5643c-1");
    assert!(app.saved().read.contains("b5643c-1"));
    assert_eq!(r.saves, 1);
    // Left collapses back to the city from one of its counties.
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Esc);
    assert_eq!(app.focus(), Pane::Navigator);
    press(&mut app, &mut r, KeyCode::Left);
    assert!(matches!(
        &app.navigator().selected_row().unwrap().kind,
        NavKind::City { name, open: Some(false) } if name == "杭州市"
    ));
    assert_eq!(
        app.filter().region,
        county("杭州市", "西湖区"),
        "closing does not filter"
    );
    // Choosing the chosen city's row again unsets the region; x clears everything.
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(app.filter().region, city("杭州市"));
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Char(' '));
    assert_eq!(app.filter().region, None);
}

#[test]
fn searching_opens_the_first_hit_and_n_walks_the_hits() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    assert_eq!(app.mode(), Mode::Search);
    type_text(&mut app, &mut r, "能级工资");
    assert_eq!(app.search().line().text(), "能级工资");
    assert_eq!(app.search().results().len(), 1);
    assert_eq!(app.head(app.search().results()[0].index).id(), "b5643c-2");
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(app.focus(), Pane::Reader);
    let reader = app.reader().unwrap();
    assert_eq!(reader.layout().hit_lines.len(), 7);
    assert_eq!(reader.current_hit(), Some(0));
    let first_line = reader.layout().hit_lines[0];
    assert!(reader.scroll() <= first_line && first_line < reader.scroll() + app.reader_rows());
    // The first hit's line holds the hit, highlighted.
    let line = &reader.layout().lines[first_line];
    assert!(
        line.segments
            .iter()
            .any(|s| s.hit && "能级工资".contains(s.text.as_str()))
    );
    press(&mut app, &mut r, KeyCode::Char('n'));
    assert_eq!(app.reader().unwrap().current_hit(), Some(1));
    press(&mut app, &mut r, KeyCode::Char('N'));
    press(&mut app, &mut r, KeyCode::Char('N'));
    assert_eq!(app.reader().unwrap().current_hit(), Some(6));
    let last = app.reader().unwrap().layout().hit_lines[6];
    let scroll = app.reader().unwrap().scroll();
    assert!(scroll <= last && last < scroll + app.reader_rows());
    // Esc goes back to the results, Esc again leaves search and restores the list.
    press(&mut app, &mut r, KeyCode::Esc);
    assert_eq!((app.mode(), app.focus()), (Mode::Search, Pane::List));
    press(&mut app, &mut r, KeyCode::Esc);
    assert_eq!((app.mode(), app.focus()), (Mode::Browse, Pane::List));
    assert_eq!(app.list().len(), 8);
}

#[test]
fn stale_search_answers_are_dropped() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    // Type without answering: effects pile up, the last one wins.
    for c in "技能".chars() {
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        ));
    }
    let searches: Vec<u64> = app
        .outbox()
        .iter()
        .filter_map(|e| match e {
            Effect::Search { seq, .. } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(
        searches.len(),
        1,
        "only the newest search is still to be sent"
    );
    let newest = searches[0];
    app.update(Action::Worker(WorkerEvent::Results {
        seq: newest - 1,
        total: 1,
        hits: Vec::new(),
        notes: Vec::new(),
    }));
    assert!(
        app.search().pending(),
        "an older answer does not end the wait"
    );
    assert_eq!(app.search().total(), 0);
    app.update(Action::Worker(WorkerEvent::Results {
        seq: newest,
        total: 0,
        hits: Vec::new(),
        notes: Vec::new(),
    }));
    assert!(!app.search().pending());
}

#[test]
fn the_search_can_be_kept_within_the_navigator_selection() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Esc);
    select_nav(&mut app, &mut r, "杭州市");
    press(&mut app, &mut r, KeyCode::Char(' '));
    press(&mut app, &mut r, KeyCode::Char('/'));
    type_text(&mut app, &mut r, "工会");
    assert_eq!(app.search().total(), 8);
    press_with(&mut app, &mut r, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert!(app.search().within_filter());
    assert_eq!(app.search().total(), 2);
    assert!(
        app.search()
            .results()
            .iter()
            .all(|h| app.head(h.index).city() == Some("杭州市"))
    );
    press_with(&mut app, &mut r, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(app.search().total(), 8);
}

#[test]
fn a_search_within_unread_drops_what_was_read() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('m')); // the first article: read
    let read = app.list()[0];
    press(&mut app, &mut r, KeyCode::Char('U'));
    press(&mut app, &mut r, KeyCode::Char('/'));
    type_text(&mut app, &mut r, "工会");
    press_with(&mut app, &mut r, KeyCode::Char('f'), KeyModifiers::CONTROL);
    assert_eq!(app.search().total(), 7);
    assert!(app.search().results().iter().all(|h| h.index != read));
}

#[test]
fn search_line_editing_and_paste() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    // In the search line, q and ? are text, not commands.
    type_text(&mut app, &mut r, "q?");
    assert!(app.running());
    assert_eq!(app.search().line().text(), "q?");
    press_with(&mut app, &mut r, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.search().line().text(), "");
    app.update(Action::Insert("能级\n工资\t".into()));
    kanbao::tui::run_effects(&mut app, &mut r);
    assert_eq!(app.search().line().text(), "能级 工资 ");
    press(&mut app, &mut r, KeyCode::Home);
    press(&mut app, &mut r, KeyCode::Right);
    press(&mut app, &mut r, KeyCode::Delete);
    assert_eq!(app.search().line().text(), "能 工资 ");
    press(&mut app, &mut r, KeyCode::End);
    press(&mut app, &mut r, KeyCode::Backspace);
    press(&mut app, &mut r, KeyCode::Left);
    press(&mut app, &mut r, KeyCode::Left);
    press(&mut app, &mut r, KeyCode::Backspace);
    assert_eq!(app.search().line().text(), "能工资");
    assert_eq!(app.search().line().cursor(), 1);
    // Words: Ctrl-W and Alt-Backspace delete the word before the cursor, Ctrl-←/Alt-f move.
    press(&mut app, &mut r, KeyCode::End);
    type_text(&mut app, &mut r, " 义乌 工匠");
    press_with(&mut app, &mut r, KeyCode::Left, KeyModifiers::CONTROL);
    assert_eq!(app.search().line().cursor(), 7);
    press_with(&mut app, &mut r, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.search().line().text(), "能工资 工匠");
    assert_eq!(app.search().line().cursor(), 4);
    press_with(&mut app, &mut r, KeyCode::Char('f'), KeyModifiers::ALT);
    assert_eq!(app.search().line().cursor(), 6);
    press_with(&mut app, &mut r, KeyCode::Backspace, KeyModifiers::ALT);
    assert_eq!(app.search().line().text(), "能工资 ");
    // Ctrl-C still quits from the search line.
    press_with(&mut app, &mut r, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!app.running());
}

#[test]
fn quitting_saves_the_position() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char(' '));
    let scroll = app.reader().unwrap().scroll();
    assert!(scroll > 0);
    let saves = r.saves;
    press(&mut app, &mut r, KeyCode::Char('q'));
    assert!(!app.running());
    assert_eq!(r.saves, saves + 1);
    assert_eq!(app.saved().last.selected.as_deref(), Some("b5643c-1"));
    assert_eq!(app.saved().last.open.as_deref(), Some("b5643c-1"));
    assert_eq!(app.saved().last.scroll, scroll);

    // A new app over the saved state comes back to the same place.
    let articles = articles();
    let mut again = kanbao::tui::App::new(
        std::sync::Arc::new(kanbao::corpus::ArticleStore::from_articles(articles)),
        &facet_order(),
        Default::default(),
        Default::default(),
        Default::default(),
        app.saved().clone(),
    );
    again.update(Action::Resize(80, 24));
    assert_eq!(again.focus(), Pane::Reader);
    assert_eq!(again.reader().unwrap().index(), 1);
    assert_eq!(again.reader().unwrap().scroll(), scroll);
    assert!(again.is_read(1));
}

#[test]
fn a_signal_quits_like_q() {
    let mut app = app(80, 24);
    app.update(Action::Terminate);
    assert!(!app.running());
    assert_eq!(app.outbox(), vec![Effect::SaveState]);
}

#[test]
fn reader_scrolls_by_line_and_page_within_bounds() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Enter);
    let rows = app.reader_rows();
    let total = app.reader().unwrap().layout().lines.len();
    assert!(total > rows);
    press(&mut app, &mut r, KeyCode::Char('j'));
    assert_eq!(app.reader().unwrap().scroll(), 1);
    press(&mut app, &mut r, KeyCode::PageDown);
    assert_eq!(
        app.reader().unwrap().scroll(),
        (1 + rows - 1).min(total - rows)
    );
    press(&mut app, &mut r, KeyCode::PageUp);
    assert_eq!(app.reader().unwrap().scroll(), 0);
    press(&mut app, &mut r, KeyCode::Char('G'));
    assert_eq!(app.reader().unwrap().scroll(), total - rows);
    press(&mut app, &mut r, KeyCode::Char('j'));
    assert_eq!(app.reader().unwrap().scroll(), total - rows);
    press(&mut app, &mut r, KeyCode::Char('g'));
    assert_eq!(app.reader().unwrap().scroll(), 0);
    press(&mut app, &mut r, KeyCode::Char('k'));
    assert_eq!(app.reader().unwrap().scroll(), 0);
}

#[test]
fn resizing_lays_the_reader_out_again_and_keeps_the_hit_in_view() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    type_text(&mut app, &mut r, "能级工资");
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('n'));
    press(&mut app, &mut r, KeyCode::Char('n'));
    let wide_width = app.reader().unwrap().layout().width;
    app.update(Action::Resize(80, 24));
    let reader = app.reader().unwrap();
    assert_ne!(reader.layout().width, wide_width);
    assert_eq!(reader.layout().width, 76);
    assert!(reader.layout().lines.iter().all(|l| l.width <= 76));
    let line = reader.layout().hit_lines[2];
    assert!(reader.scroll() <= line && line < reader.scroll() + app.reader_rows());
    // Too small, then back: no panic, the state survives.
    app.update(Action::Resize(30, 8));
    assert!(app.too_small());
    let _ = render(&app);
    app.update(Action::Resize(200, 60));
    assert_eq!(app.reader().unwrap().current_hit(), Some(2));
}

#[test]
fn bookmarks_toggle_and_filter() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Down);
    press(&mut app, &mut r, KeyCode::Char('b'));
    assert!(app.saved().bookmarks.contains("b5643c-2"));
    assert_eq!(app.message(), Some("已加书签 bookmarked: b5643c-2"));
    press(&mut app, &mut r, KeyCode::Char('B'));
    assert_eq!(
        titles(&app),
        vec!["义乌1000余家企业将“能级工资”写入集体合同"]
    );
    press(&mut app, &mut r, KeyCode::Char('b'));
    assert!(app.list().is_empty());
    press(&mut app, &mut r, KeyCode::Char('B'));
    assert_eq!(app.list().len(), 8);
}

#[test]
fn copy_and_export_go_out_as_effects() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('y'));
    assert_eq!(r.clipboard.len(), 1);
    assert!(r.clipboard[0].starts_with(
        "助力“开门红” 团结引领职工 飞跃而上飞速奔跑 杭州市钱塘区总工会制订助力复工复产15条措施\n（浙江工人日报 2023-02）\n\n"
    ));
    press(&mut app, &mut r, KeyCode::Char('e'));
    assert_eq!(r.exports, vec![0]);
    assert_eq!(app.message(), Some("exported article 0"));
    // On a page whose file name gives its page number, the citation has it.
    let mut app = app_over(paged_articles(), 80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('y'));
    let index = app.reader().unwrap().index();
    let head = app.head(index);
    let page = head.page().rsplit('p').next().unwrap();
    let cited = format!("（浙江工人日报 {} 第{page}版）", head.date().unwrap());
    assert!(
        r.clipboard[0].contains(&cited),
        "{cited} in {}",
        r.clipboard[0]
    );
}

#[test]
fn related_opens_a_popup_and_enter_reads_the_choice() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Down); // 西湖区 article: skills, craftsmen, 杭州市
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('r'));
    let Overlay::Related(popup) = &app.overlay() else {
        panic!("expected the related popup, got {:?}", app.overlay());
    };
    let items = popup.items.clone().unwrap();
    assert_eq!(items[0], 0, "the other 杭州市 craftsmen article first");
    let from = app.reader().unwrap().index();
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(*app.overlay(), Overlay::None);
    assert_eq!(app.reader().unwrap().index(), 0);
    assert_eq!(app.focus(), Pane::Reader);
    // The list selection follows the jump, so list and reader agree.
    assert_eq!(app.list()[app.list_cursor().selected], 0);
    // Ctrl-o goes back, Alt-→ forward again.
    press_with(&mut app, &mut r, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(app.reader().unwrap().index(), from);
    assert_eq!(app.list()[app.list_cursor().selected], from);
    press_with(&mut app, &mut r, KeyCode::Right, KeyModifiers::ALT);
    assert_eq!(app.reader().unwrap().index(), 0);
    press_with(&mut app, &mut r, KeyCode::Right, KeyModifiers::ALT);
    assert!(app.message().unwrap().contains("no later jump"));
}

#[test]
fn help_and_stats_are_overlays_and_a_stat_bar_filters() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('?'));
    assert!(matches!(app.overlay(), Overlay::Help(help) if help.scroll() == 0));
    press(&mut app, &mut r, KeyCode::Esc);
    assert_eq!(*app.overlay(), Overlay::None);
    press(&mut app, &mut r, KeyCode::Char('s'));
    let rows = app.stat_rows();
    let culture = rows
        .iter()
        .position(
            |row| matches!(row, kanbao::tui::update::StatRow::Theme(id, _, _) if id == "culture"),
        )
        .unwrap();
    for _ in 0..culture {
        press(&mut app, &mut r, KeyCode::Down);
    }
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(*app.overlay(), Overlay::None);
    assert_eq!(app.filter().theme.as_deref(), Some("culture"));
    assert_eq!(
        titles(&app),
        vec![
            "尽享运动好时光",
            "绍兴“娘家人”开展职工乡村疗休养及春秋游线路考察"
        ]
    );
}

#[test]
fn tab_cycles_panes_and_narrow_screens_show_one() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    assert_eq!(app.panes().list, app.panes().body);
    press(&mut app, &mut r, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Reader);
    assert_eq!(app.panes().reader, app.panes().body);
    press(&mut app, &mut r, KeyCode::Tab);
    assert_eq!(app.focus(), Pane::Navigator);
    assert_eq!(app.panes().navigator, app.panes().body);
    press_with(&mut app, &mut r, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus(), Pane::Reader);
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    let list = app.panes().list;
    // Items are two rows each below the border: the third item's second row.
    app.update(Action::Click {
        column: list.x + 5,
        row: list.y + 1 + 2 * 2 + 1,
    });
    kanbao::tui::run_effects(&mut app, &mut r);
    assert_eq!(app.list_cursor().selected, 2);
    assert_eq!(app.reader().unwrap().index(), 2);
    let reader = app.panes().reader;
    app.update(Action::Wheel {
        column: reader.x + 3,
        row: reader.y + 3,
        down: true,
    });
    assert_eq!(app.reader().unwrap().scroll(), 3);
    assert_eq!(app.focus(), Pane::List, "the wheel does not move the focus");
    let nav = app.panes().navigator;
    // Row 2 of the navigator (after 地区, 全部) is the first city.
    app.update(Action::Click {
        column: nav.x + 3,
        row: nav.y + 1 + 2,
    });
    assert_eq!(app.focus(), Pane::Navigator);
    assert_eq!(app.filter().region, city("杭州市"));
}

#[test]
fn notices_show_one_at_a_time_until_a_key() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    app.update(Action::Notice("first".into()));
    app.update(Action::Notice("second".into()));
    let screen = screen_text(&render(&app));
    assert!(
        screen
            .lines()
            .last()
            .unwrap()
            .starts_with("first (+1, any key)"),
        "{screen}"
    );
    press(&mut app, &mut r, KeyCode::Down);
    let screen = screen_text(&render(&app));
    assert!(
        screen.lines().last().unwrap().starts_with("second"),
        "{screen}"
    );
    press(&mut app, &mut r, KeyCode::Down);
    let screen = screen_text(&render(&app));
    assert!(
        screen.lines().last().unwrap().starts_with("Enter open"),
        "{screen}"
    );
}

#[test]
fn index_progress_shows_in_the_status_bar() {
    let mut app = app(80, 24);
    app.update(Action::Worker(WorkerEvent::IndexProgress {
        done: 3,
        total: 8,
    }));
    let screen = screen_text(&render(&app));
    assert!(
        screen
            .lines()
            .last()
            .unwrap()
            .ends_with("建索引 indexing 3/8"),
        "{screen}"
    );
    app.update(Action::Worker(WorkerEvent::IndexReady {
        report: "built".into(),
    }));
    let screen = screen_text(&render(&app));
    assert!(!screen.contains("indexing"));
}

#[test]
fn pasting_while_browsing_starts_a_search() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    app.update(Action::Insert("能级工资".into()));
    kanbao::tui::run_effects(&mut app, &mut r);
    assert_eq!((app.mode(), app.focus()), (Mode::Search, Pane::List));
    assert_eq!(app.search().line().text(), "能级工资");
    assert_eq!(app.search().total(), 1);
}

#[test]
fn the_print_view_walks_issues_page_by_page() {
    let mut app = app_over(paged_articles(), 120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('P'));
    // The newest issue first: 17 February, one page.
    assert_eq!(app.list().len(), 3);
    assert!(
        app.list()
            .iter()
            .all(|&i| app.head(i).date() == Some("2023-02-17"))
    );
    press(&mut app, &mut r, KeyCode::Char(']'));
    assert!(app.message().unwrap().contains("latest"));
    press(&mut app, &mut r, KeyCode::Char('['));
    // 16 February: page 1 before page 3, each page top to bottom.
    let order: Vec<(String, u32)> = app
        .list()
        .iter()
        .map(|&i| (app.head(i).page().to_string(), app.head(i).seq()))
        .collect();
    assert_eq!(
        order,
        [
            ("zjgrrb_2023-02-16_p1".to_string(), 2),
            ("zjgrrb_2023-02-16_p1".to_string(), 5),
            ("zjgrrb_2023-02-16_p3".to_string(), 1),
            ("zjgrrb_2023-02-16_p3".to_string(), 4),
            ("zjgrrb_2023-02-16_p3".to_string(), 7),
        ]
    );
    // The reader follows the first article of the issue.
    assert_eq!(app.reader().unwrap().index(), app.list()[0]);
    // Filters apply inside the view; P again goes back to the whole list.
    press(&mut app, &mut r, KeyCode::Char('U'));
    assert!(app.filter().unread);
    press(&mut app, &mut r, KeyCode::Char('P'));
    assert_eq!(app.list().len(), 8);
}

#[test]
fn dumb_terminals_and_other_locales_get_ascii_and_no_colour() {
    use kanbao::tui::plain_terminal;
    let set = |v: &str| Some(v.to_string());
    assert!(
        plain_terminal(Some("dumb"), &[])
            .unwrap()
            .contains("TERM=dumb")
    );
    let why = plain_terminal(Some("xterm"), &[None, None, set("C")]).unwrap();
    assert!(why.contains("locale C"), "{why}");
    assert_eq!(
        plain_terminal(Some("xterm"), &[None, None, set("zh_CN.UTF-8")]),
        None
    );
    assert_eq!(
        plain_terminal(Some("xterm"), &[set("en_US.utf8"), None, set("C")]),
        None
    );
    assert!(plain_terminal(Some("xterm"), &[set("zh_CN.GB18030"), None, None]).is_some());
    assert_eq!(
        plain_terminal(Some("xterm-256color"), &[None, None, None]),
        None
    );
}

#[test]
fn the_reader_shows_the_source_and_y_copies_its_url() {
    let app = app_over(paged_articles(), 120, 40);
    let mut r = Immediate::new(&app);
    let page = app.head(app.list()[0]).page().to_string();
    let info: kanbao::classify::PageInfo = toml::from_str(
        "date = \"2023-02-16\"\nnumber = 7\nurl = \"https://example.org/2023-02-16/7\"",
    )
    .unwrap();
    let mut app = app.with_sources([(page, info)].into_iter().collect());
    press(&mut app, &mut r, KeyCode::Enter);
    let lines: Vec<String> = app.reader().unwrap().layout().lines[..10]
        .iter()
        .map(kanbao::tui::text::plain)
        .collect();
    let header = lines.concat();
    assert!(
        header.contains("来源 浙江工人日报 2023-02-17 第7版 · https://example.org/2023-02-16/7"),
        "{lines:?}"
    );
    press(&mut app, &mut r, KeyCode::Char('Y'));
    assert_eq!(r.clipboard, ["https://example.org/2023-02-16/7"]);
    // A page without one says how to give it.
    press(&mut app, &mut r, KeyCode::Esc);
    press(&mut app, &mut r, KeyCode::Char('G'));
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('Y'));
    assert!(app.message().unwrap().contains("pages.toml"));
}

/// The index becoming ready sends the search again; the answer must not take the reader away.
#[test]
fn a_search_answered_again_leaves_the_reader_alone() {
    let mut app = app(120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    type_text(&mut app, &mut r, "能级工资");
    press(&mut app, &mut r, KeyCode::Enter);
    assert_eq!(app.focus(), Pane::Reader);
    let reading = app.reader().unwrap().index();
    let hit = app.reader().unwrap().current_hit();
    app.update(Action::Worker(WorkerEvent::IndexReady {
        report: "index ready".into(),
    }));
    kanbao::tui::run_effects(&mut app, &mut r);
    assert_eq!(app.focus(), Pane::Reader);
    assert_eq!(app.reader().unwrap().index(), reading);
    assert_eq!(app.reader().unwrap().current_hit(), hit);
    press(&mut app, &mut r, KeyCode::Char('n'));
    assert_eq!(
        app.search().line().text(),
        "能级工资",
        "n walks the hits, it is not typed"
    );
}

fn grown(articles: Vec<kanbao::Article>, done: bool) -> kanbao::tui::loader::Grown {
    let count = articles.len();
    kanbao::tui::loader::Grown::new(
        std::sync::Arc::new(kanbao::corpus::ArticleStore::from_articles(articles)),
        &facet_order(),
        kanbao::tui::loader::LoadProgress {
            pages: 3,
            articles: count,
        },
        done,
    )
}

#[test]
fn the_finished_archive_replaces_the_articles_read_so_far_keeping_the_place() {
    // The articles read so far: five of the eight, in another order (as pages come in).
    let partial: Vec<_> = articles().into_iter().rev().take(5).collect();
    let mut app = app_over(Vec::new(), 60, 12);
    let mut r = Immediate::new(&app);
    app.update(Action::Grown(grown(partial, false)));
    assert_eq!(app.list().len(), 5);
    assert_eq!(app.loading().map(|p| p.articles), Some(5), "still reading");
    press(&mut app, &mut r, KeyCode::Char('j'));
    press(&mut app, &mut r, KeyCode::Enter);
    press(&mut app, &mut r, KeyCode::Char('j'));
    let open = app.reader().unwrap().article().id.clone();
    let scroll = app.reader().unwrap().scroll();
    assert!(scroll > 0, "scrolled into the article");
    let before = app.list()[app.list_cursor().selected];

    app.update(Action::Grown(grown(articles(), true)));
    assert_eq!((app.store().len(), app.list().len()), (8, 8));
    assert_eq!(app.loading(), None, "done");
    assert_eq!(app.focus(), Pane::Reader);
    let reader = app.reader().unwrap();
    assert_eq!(reader.article().id, open, "the same article stays open");
    assert_eq!(reader.scroll(), scroll, "at the same place");
    let selected = app.list()[app.list_cursor().selected];
    assert_eq!(app.head(selected).id(), open, "and selected");
    assert_ne!(selected, before, "though its index changed");
}

#[test]
fn a_search_is_asked_again_of_the_grown_archive() {
    let mut app = app_over(articles().into_iter().take(2).collect(), 80, 24);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Char('/'));
    for c in "工会".chars() {
        press(&mut app, &mut r, KeyCode::Char(c));
    }
    let few = app.search().total();
    app.update(Action::Grown(grown(articles(), true)));
    assert!(
        app.outbox()
            .iter()
            .any(|e| matches!(e, Effect::Search { request, .. } if request.text == "工会")),
        "{:?}",
        app.outbox()
    );
    // The worker searches the grown archive from then on.
    let mut r = Immediate::new(&app);
    kanbao::tui::run_effects(&mut app, &mut r);
    assert!(
        app.search().total() > few,
        "{} > {few}",
        app.search().total()
    );
}

#[test]
fn the_saved_place_is_restored_once_its_article_is_read() {
    let mut saved = kanbao::tui::state::SavedState::default();
    saved.last.selected = Some("b5643c-2".to_string());
    let mut app = app_with(Vec::new(), saved, 120, 40);
    app.update(Action::Grown(grown(
        articles().into_iter().take(1).collect(),
        false,
    )));
    app.update(Action::Grown(grown(articles(), true)));
    let selected = app.list()[app.list_cursor().selected];
    assert_eq!(app.head(selected).id(), "b5643c-2");
}

#[test]
fn opening_search_hits_is_remembered_as_jumps() {
    let mut app = app(80, 24);
    let mut r = Immediate::new(&app);
    // Read an article, then search and open two hits.
    press(&mut app, &mut r, KeyCode::Enter);
    let first = app.reader().unwrap().index();
    press(&mut app, &mut r, KeyCode::Char('/'));
    for c in "工会".chars() {
        press(&mut app, &mut r, KeyCode::Char(c));
    }
    let hits: Vec<usize> = app.search().results().iter().map(|h| h.index).collect();
    let (a, b) = {
        let mut others = hits.iter().copied().filter(|&i| i != first);
        (others.next().unwrap(), others.next().unwrap())
    };
    let open_hit = |app: &mut kanbao::tui::App, r: &mut Immediate, index: usize| {
        let results = app.search().results();
        let pos = results.iter().position(|h| h.index == index).unwrap();
        for _ in 0..results.len() {
            press(app, r, KeyCode::Up);
        }
        for _ in 0..pos {
            press(app, r, KeyCode::Down);
        }
        press(app, r, KeyCode::Enter);
        assert_eq!(app.reader().unwrap().index(), index);
    };
    open_hit(&mut app, &mut r, a);
    press(&mut app, &mut r, KeyCode::Esc);
    open_hit(&mut app, &mut r, b);
    let back = |app: &mut kanbao::tui::App, r: &mut Immediate| {
        press_with(app, r, KeyCode::Char('o'), KeyModifiers::CONTROL);
        app.reader().unwrap().index()
    };
    assert_eq!(back(&mut app, &mut r), a, "back to the hit read before");
    assert_eq!(
        back(&mut app, &mut r),
        first,
        "back to what was read before the search"
    );
    back(&mut app, &mut r);
    assert!(app.message().unwrap().contains("no earlier jump"));
}
