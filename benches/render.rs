//! How long a frame takes: the list and the reader drawn on a `TestBackend` at 200×60, over the
//! fixture corpus and over a corpus of 100 000 articles (a frame must not grow with the corpus:
//! only visible rows are drawn and layouts are cached), laying an article out for the reader, and
//! what a navigator selection costs at 100k (the list and the facet counts recomputed), and what
//! the browser's state costs to build at start.

#[path = "../tests/tui_support/mod.rs"]
mod tui_support;

use criterion::{Criterion, criterion_group, criterion_main};
use kanbao::tui::app::{App, layout_reader};
use kanbao::tui::text::Ambiguous;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn big_app(copies: usize) -> App {
    let base = tui_support::articles();
    let mut articles = Vec::with_capacity(base.len() * copies);
    for copy in 0..copies {
        for a in &base {
            let mut a = a.clone();
            a.id = format!("{}-{copy}", a.id);
            articles.push(a);
        }
    }
    let mut app = tui_support::app_over(articles, 200, 60);
    // The longest article in the reader: list, reader and status bar all drawn.
    let longest = (0..app.store().len())
        .max_by_key(|&i| app.store().article(i).unwrap().body_text().len())
        .unwrap();
    app.update(kanbao::tui::Action::Preview(longest));
    app
}

fn frames(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    for (name, copies) in [("fixture", 1), ("100k", 12_500)] {
        let app = big_app(copies);
        c.bench_function(&format!("frame 200x60 list+reader ({name})"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| kanbao::tui::views::draw(f, &app))
                    .unwrap();
            });
        });
    }
    let app = tui_support::app(200, 60);
    let longest = app
        .store()
        .articles()
        .map(Result::unwrap)
        .max_by_key(|a| a.body_text().len())
        .unwrap();
    c.bench_function("layout longest article for the reader at 96 cells", |b| {
        b.iter(|| layout_reader(&longest, &[], 96, Ambiguous::Narrow, app.facets()));
    });
}

/// What starting the browser adds at 100k before the first frame: the facets built (one pass
/// over the heads), counted, the list selected and sorted newest first.
fn start(c: &mut Criterion) {
    let app = big_app(12_500);
    let store = std::sync::Arc::clone(app.store());
    let order = tui_support::facet_order();
    c.bench_function("App::new at 100k (facets, counts, list, sort)", |b| {
        b.iter(|| {
            kanbao::tui::App::new(
                std::sync::Arc::clone(&store),
                &order,
                Default::default(),
                Default::default(),
                Default::default(),
                Default::default(),
            )
        });
    });
}

/// What a selection in the navigator costs at 100k: the list and every facet count recomputed
/// (and the list sorted newest first), once per selection, never per frame. Each iteration
/// chooses a theme and clears it again: two selections.
fn recount(c: &mut Criterion) {
    let mut app = big_app(12_500);
    let theme = kanbao::filter::Filter {
        theme: Some("skills".to_string()),
        ..Default::default()
    };
    c.bench_function("two selections at 100k (list + facet counts)", |b| {
        b.iter(|| {
            app.update(kanbao::tui::Action::Filter(theme.clone()));
            app.update(kanbao::tui::Action::Filter(
                kanbao::filter::Filter::default(),
            ));
        });
    });
}

criterion_group!(benches, frames, recount, start);
criterion_main!(benches);
