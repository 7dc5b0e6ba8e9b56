//! The navigator's promise, as a property: for every row, the count it shows is the number of
//! articles the list holds after choosing it, and the number `Filter::matches` (what `kanbao
//! list` and `stats` apply) finds with that choice — whatever was chosen before, with every city
//! and year open. Over the bundled pages (real regions, themes, people, years and months).

mod tui_support;

use std::sync::Arc;

use kanbao::classify::Classifier;
use kanbao::corpus::{ArticleStore, Corpus, PageSet};
use kanbao::filter::IdMarks;
use kanbao::tui::App;
use kanbao::tui::app::{NavKind, Pane};
use kanbao::tui::state::SavedState;
use proptest::prelude::*;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

fn bundled() -> Vec<kanbao::Article> {
    let classifier = Classifier::embedded().expect("embedded data");
    Corpus::load(&PageSet::Default { library: None }, &classifier)
        .expect("bundled pages load")
        .articles
}

/// An app over the bundled pages, in the navigator, every city and year open.
fn navigator_app(articles: &[kanbao::Article], saved: SavedState) -> (App, Immediate) {
    let mut app = app_with(articles.to_vec(), saved, 120, 40);
    let mut r = Immediate::new(&app);
    press(&mut app, &mut r, KeyCode::Esc);
    assert_eq!(app.focus(), Pane::Navigator);
    // Walk down once, opening what can be opened.
    for _ in 0..400 {
        press(&mut app, &mut r, KeyCode::Right);
        let before = app.navigator().cursor().selected;
        press(&mut app, &mut r, KeyCode::Down);
        if app.navigator().cursor().selected == before {
            break;
        }
    }
    press(&mut app, &mut r, KeyCode::Char('g'));
    (app, r)
}

/// Checks every row's count against the list its choice gives, by choosing it in the app.
fn every_row_counts_what_it_lists(app: &App, store: &ArticleStore) {
    let marks = IdMarks {
        bookmarks: &app.saved().bookmarks,
        read: &app.saved().read,
    };
    for row in app.navigator().rows() {
        if !row.kind.selectable() {
            continue;
        }
        let chosen = row.kind.apply(app.filter());
        let mut probe = app.clone();
        probe.update(kanbao::tui::Action::Filter(chosen.clone()));
        assert_eq!(
            row.count.articles,
            probe.list().len(),
            "{:?} under {:?}",
            row.kind,
            app.filter()
        );
        let matching = store.heads().filter(|h| chosen.matches(*h, &marks)).count();
        assert_eq!(row.count.articles, matching, "{:?}", row.kind);
        let unread = probe.list().iter().filter(|&&i| !probe.is_read(i)).count();
        assert_eq!(row.count.unread, unread, "{:?}", row.kind);
    }
}

#[test]
fn counts_hold_with_nothing_chosen_and_every_row_is_reachable() {
    let articles = bundled();
    let (app, _) = navigator_app(&articles, SavedState::default());
    let kinds: Vec<&NavKind> = app.navigator().rows().iter().map(|r| &r.kind).collect();
    assert!(kinds.iter().any(|k| matches!(k, NavKind::County { .. })));
    assert!(kinds.iter().any(|k| matches!(k, NavKind::Month { .. })));
    assert!(kinds.iter().any(|k| matches!(k, NavKind::Year { .. })));
    every_row_counts_what_it_lists(&app, app.store());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// After any few choices (and a read mark, and the unread toggle), every count still holds.
    #[test]
    fn counts_hold_after_any_choices(
        steps in proptest::collection::vec((0usize..400, any::<bool>()), 1..4),
        read in proptest::collection::vec(0usize..100, 0..6),
        hide_read in any::<bool>(),
    ) {
        let articles = bundled();
        let mut saved = SavedState::default();
        for i in read {
            saved.read.insert(articles[i % articles.len()].id.clone());
        }
        let (mut app, mut r) = navigator_app(&articles, saved);
        if hide_read {
            press(&mut app, &mut r, KeyCode::Char('U'));
        }
        for (at, space) in steps {
            let rows = app.navigator().rows().len();
            press(&mut app, &mut r, KeyCode::Char('g'));
            for _ in 0..at % rows {
                press(&mut app, &mut r, KeyCode::Down);
            }
            press(&mut app, &mut r, if space { KeyCode::Char(' ') } else { KeyCode::Enter });
            if app.focus() != Pane::Navigator {
                press(&mut app, &mut r, KeyCode::Esc);
            }
        }
        let store = Arc::clone(app.store());
        every_row_counts_what_it_lists(&app, &store);
    }
}

#[test]
fn g_and_end_jump_over_headings_and_land() {
    let articles = bundled();
    let (mut app, mut r) = navigator_app(&articles, SavedState::default());
    press(&mut app, &mut r, KeyCode::End);
    let last = app.navigator().rows().len() - 1;
    assert_eq!(app.navigator().cursor().selected, last);
    press(&mut app, &mut r, KeyCode::Home);
    assert_eq!(
        app.navigator().cursor().selected,
        1,
        "the first 全部, under its heading"
    );
    assert_eq!(app.navigator().cursor().offset, 0);
    press(&mut app, &mut r, KeyCode::PageDown);
    let down = app.navigator().cursor().selected;
    assert!(down > 1);
    assert!(app.navigator().rows()[down].kind.selectable());
    press(&mut app, &mut r, KeyCode::PageUp);
    assert_eq!(app.navigator().cursor().selected, 1);
    assert!(app.filter().is_empty(), "moving never filters");
}
