//! Articles for the TUI tests, cut by hand from the bundled seed page 002 (and 000): real text,
//! real titles, regions and themes as a reader would give them. Independent of the parser and
//! classifier, so the TUI tests pin the TUI's behaviour only.

#![allow(dead_code)]

use kanbao::article::{Article, ArticleKind, Byline, Paragraph, ParagraphKind, Region, article_id};
use kanbao::filter::facets::FacetOrder;
use kanbao::tui::app::App;
use kanbao::tui::keymap::KeyMap;
use kanbao::tui::state::SavedState;
use kanbao::tui::text::Ambiguous;
use kanbao::tui::theme::Theme;

const PAGE_000: &str = include_str!("../../data/pages/000_b4d91279af1e54d0.txt");
const PAGE_002: &str = include_str!("../../data/pages/002_b5643cc4bf363cac.txt");

/// Paragraphs from lines `from..=to` (1-based) of `page`: blank lines separate paragraphs; a
/// paragraph cut by a column break (no closing punctuation) is joined with the next; `**x**`
/// lines are subheads, `#### x` too; lines ending in 摄 are captions.
fn paragraphs(page: &str, from: usize, to: usize) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    for line in page.lines().skip(from - 1).take(to + 1 - from) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(sub) = line.strip_prefix("**").and_then(|l| l.strip_suffix("**")) {
            out.push(Paragraph::new(ParagraphKind::Subhead, sub));
            open = false;
            continue;
        }
        if let Some(sub) = line.strip_prefix("#### ") {
            out.push(Paragraph::new(ParagraphKind::Subhead, sub));
            open = false;
            continue;
        }
        if line.ends_with('摄') {
            out.push(Paragraph::new(ParagraphKind::Caption, line));
            open = false;
            continue;
        }
        if open && let Some(last) = out.last_mut() {
            last.text.push_str(line);
        } else {
            out.push(Paragraph::new(ParagraphKind::Text, line));
        }
        let end = line.chars().last().unwrap_or('。');
        open = !matches!(end, '。' | '!' | '?' | '”' | '！' | '？' | '…' | ':' | '：');
    }
    out
}

struct Spec {
    page: &'static str,
    page_name: &'static str,
    seq: u32,
    lines: (usize, usize),
    kicker: Option<&'static str>,
    title: &'static str,
    subtitle: Option<&'static str>,
    reporters: &'static [&'static str],
    correspondents: &'static [&'static str],
    photographers: &'static [&'static str],
    city: Option<&'static str>,
    county: Option<&'static str>,
    themes: &'static [&'static str],
    kind: ArticleKind,
}

fn build(spec: &Spec) -> Article {
    let names = |v: &[&str]| {
        v.iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>()
    };
    Article {
        id: article_id(spec.page_name, spec.seq),
        page: spec.page_name.to_string(),
        seq: spec.seq,
        kind: spec.kind,
        column: None,
        kicker: spec.kicker.map(str::to_string),
        title: spec.title.to_string(),
        subtitle: spec.subtitle.map(str::to_string),
        byline: Byline {
            reporters: names(spec.reporters),
            correspondents: names(spec.correspondents),
            photographers: names(spec.photographers),
        },
        paragraphs: paragraphs(spec.page, spec.lines.0, spec.lines.1),
        region: Region {
            city: spec.city.map(str::to_string),
            county: spec.county.map(str::to_string),
            ..Region::default()
        },
        places: Vec::new(),
        themes: spec
            .themes
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        date: Some("2023-02".to_string()),
        date_source: None,
        ..Article::default()
    }
}

pub fn articles() -> Vec<Article> {
    let p2 = "002_b5643cc4bf363cac";
    let news = ArticleKind::News;
    vec![
        build(&Spec {
            page: PAGE_000,
            page_name: "000_b4d91279af1e54d0",
            seq: 1,
            lines: (7, 28),
            kicker: Some("助力“开门红”"),
            title: "团结引领职工 飞跃而上飞速奔跑",
            subtitle: Some("杭州市钱塘区总工会制订助力复工复产15条措施"),
            reporters: &["阮向民"],
            correspondents: &[],
            photographers: &[],
            city: Some("杭州市"),
            county: Some("钱塘区"),
            themes: &["production", "craftsmen"],
            kind: news,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 1,
            lines: (8, 24),
            kicker: Some("贯彻落实省委“新春第一会”精神 推动打造高素质劳动者队伍"),
            title: "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”",
            subtitle: None,
            reporters: &["吴晓静"],
            correspondents: &["张晶秋"],
            photographers: &[],
            city: Some("杭州市"),
            county: Some("西湖区"),
            themes: &["skills", "craftsmen"],
            kind: news,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 2,
            lines: (30, 56),
            kicker: Some("让技术工人遇见美好未来"),
            title: "义乌1000余家企业将“能级工资”写入集体合同",
            subtitle: None,
            reporters: &["羊荣江"],
            correspondents: &["方旭", "傅立华"],
            photographers: &[],
            city: Some("金华市"),
            county: Some("义乌市"),
            themes: &["wages", "skills"],
            kind: news,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 3,
            lines: (60, 68),
            kicker: None,
            title: "尽享运动好时光",
            subtitle: None,
            reporters: &[],
            correspondents: &[],
            photographers: &["薛梁"],
            city: Some("湖州市"),
            county: Some("吴兴区"),
            themes: &["culture"],
            kind: ArticleKind::Photo,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 4,
            lines: (76, 94),
            kicker: Some("法护权益 安心在嘉"),
            title: "嘉兴职工法律服务有了新利好",
            subtitle: None,
            reporters: &["金钧胤"],
            correspondents: &[],
            photographers: &[],
            city: Some("嘉兴市"),
            county: None,
            themes: &["rights"],
            kind: news,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 5,
            lines: (100, 112),
            kicker: Some("游乡村 助共富"),
            title: "绍兴“娘家人”开展职工乡村疗休养及春秋游线路考察",
            subtitle: None,
            reporters: &["胡翀"],
            correspondents: &[],
            photographers: &[],
            city: Some("绍兴市"),
            county: None,
            themes: &["culture", "care"],
            kind: news,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 6,
            lines: (122, 128),
            kicker: Some("温州传化第三届物流节开幕"),
            title: "司机想要的 工会来安排",
            subtitle: None,
            reporters: &[],
            correspondents: &["张浙东"],
            photographers: &[],
            city: Some("温州市"),
            county: None,
            themes: &["gig", "care"],
            kind: news,
        }),
        build(&Spec {
            page: PAGE_002,
            page_name: p2,
            seq: 7,
            lines: (134, 138),
            kicker: None,
            title: "德清工会推动审计服务“零距离”",
            subtitle: None,
            reporters: &["寿慧桢"],
            correspondents: &[],
            photographers: &[],
            city: Some("湖州市"),
            county: Some("德清县"),
            themes: &["organization"],
            kind: news,
        }),
    ]
}

/// The navigator's order of cities and themes: the embedded gazetteer's and taxonomy's.
pub fn facet_order() -> FacetOrder {
    FacetOrder::of(&kanbao::classify::Classifier::embedded().expect("the embedded data is valid"))
}

/// An app over the fixture articles at `w`×`h`, nothing read, default keys and colours.
pub fn app(w: u16, h: u16) -> App {
    let mut app = app_over(articles(), w, h);
    app.update(kanbao::tui::Action::Worker(
        kanbao::tui::worker::WorkerEvent::IndexReady {
            report: "index ready".into(),
        },
    ));
    app
}

/// An app over `articles` at `w`×`h`, nothing read, default keys and colours.
pub fn app_over(articles: Vec<Article>, w: u16, h: u16) -> App {
    app_with(articles, SavedState::default(), w, h)
}

/// An app over `articles` at `w`×`h` with `saved` read marks, bookmarks and position.
pub fn app_with(articles: Vec<Article>, saved: SavedState, w: u16, h: u16) -> App {
    let mut app = App::new(
        std::sync::Arc::new(kanbao::corpus::ArticleStore::from_articles(articles)),
        &facet_order(),
        KeyMap::default(),
        Theme::default(),
        Ambiguous::Narrow,
        saved,
    );
    app.update(kanbao::tui::Action::Resize(w, h));
    app
}

use kanbao::search::{ScanEngine, SearchEngine};
use kanbao::tui::app::Effect;
use kanbao::tui::worker::WorkerEvent;
use kanbao::tui::{Action, EffectRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::sync::Arc;

/// Answers effects at once, searching with the plain scan; records the rest.
pub struct Immediate {
    pub searcher: ScanEngine,
    pub clipboard: Vec<String>,
    pub saves: usize,
    pub exports: Vec<usize>,
}

impl Immediate {
    pub fn new(app: &App) -> Immediate {
        Immediate {
            searcher: ScanEngine::new(Arc::clone(app.store())),
            clipboard: Vec::new(),
            saves: 0,
            exports: Vec::new(),
        }
    }
}

impl EffectRunner for Immediate {
    fn run(&mut self, effect: Effect, _app: &App) -> Option<Action> {
        match effect {
            Effect::Search { seq, request } => {
                let results = self.searcher.search(&request).unwrap();
                Some(Action::Worker(WorkerEvent::Results {
                    seq,
                    total: results.total,
                    hits: results.hits,
                    notes: results.notes,
                }))
            }
            Effect::Related { seq, index } => {
                let related = self
                    .searcher
                    .related(index, 10)
                    .unwrap()
                    .into_iter()
                    .map(|r| r.index)
                    .collect();
                Some(Action::Worker(WorkerEvent::Related {
                    seq,
                    index,
                    related,
                }))
            }
            Effect::SaveState => {
                self.saves += 1;
                None
            }
            Effect::SaveHistory => None,
            Effect::Clipboard(text) => {
                self.clipboard.push(text);
                None
            }
            Effect::Export { index } => {
                self.exports.push(index);
                Some(Action::Report(format!("exported article {index}")))
            }
        }
    }
}

/// Draws `app` on a test terminal of its size and returns the buffer.
pub fn render(app: &App) -> Buffer {
    let backend = TestBackend::new(app.size().0, app.size().1);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal.draw(|f| kanbao::tui::views::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, wide glyphs once (their trailing cell skipped), and
/// trailing blanks trimmed.
pub fn screen_text(buf: &Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            line.push_str(symbol);
            x += (symbol.width() as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Sends a key press (with no modifiers, or with `mods`) and carries out the effects.
pub fn press(app: &mut App, runner: &mut Immediate, code: ratatui::crossterm::event::KeyCode) {
    press_with(
        app,
        runner,
        code,
        ratatui::crossterm::event::KeyModifiers::NONE,
    );
}

pub fn press_with(
    app: &mut App,
    runner: &mut Immediate,
    code: ratatui::crossterm::event::KeyCode,
    mods: ratatui::crossterm::event::KeyModifiers,
) {
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(code, mods));
    kanbao::tui::run_effects(app, runner);
}

pub fn type_text(app: &mut App, runner: &mut Immediate, text: &str) {
    for c in text.chars() {
        press(app, runner, ratatui::crossterm::event::KeyCode::Char(c));
    }
}

/// The filter's region for a city (an `Option`, as the filter's field is).
#[allow(clippy::unnecessary_wraps)]
pub fn city(name: &str) -> Option<kanbao::filter::RegionPick> {
    Some(kanbao::filter::RegionPick::Place(
        kanbao::classify::RegionRef {
            city: name.into(),
            county: None,
        },
    ))
}

/// The filter's region for a county of a city (an `Option`, as the filter's field is).
#[allow(clippy::unnecessary_wraps)]
pub fn county(city: &str, county: &str) -> Option<kanbao::filter::RegionPick> {
    Some(kanbao::filter::RegionPick::Place(
        kanbao::classify::RegionRef {
            city: city.into(),
            county: Some(county.into()),
        },
    ))
}

/// The fixture articles with dates of every precision across two years (the pages' own are all
/// 2023-02), for the date tree and the date order.
pub fn dated_articles() -> Vec<Article> {
    let dates = [
        "2023-02",
        "2024-03-08",
        "2023",
        "2023-06-19",
        "2024",
        "2023-02",
        "2024-03",
        "2022-12",
    ];
    let mut articles = articles();
    for (article, date) in articles.iter_mut().zip(dates) {
        article.date = Some(date.to_string());
    }
    articles
}

/// The fixture articles on pages named as a real archive names them (two issues: 16 February
/// with pages 1 and 3, 17 February with page 2), for the 版面 view.
pub fn paged_articles() -> Vec<Article> {
    let pages = [
        ("zjgrrb_2023-02-16_p3", "2023-02-16"),
        ("zjgrrb_2023-02-16_p1", "2023-02-16"),
        ("zjgrrb_2023-02-17_p2", "2023-02-17"),
        ("zjgrrb_2023-02-16_p3", "2023-02-16"),
        ("zjgrrb_2023-02-16_p1", "2023-02-16"),
        ("zjgrrb_2023-02-17_p2", "2023-02-17"),
        ("zjgrrb_2023-02-16_p3", "2023-02-16"),
        ("zjgrrb_2023-02-17_p2", "2023-02-17"),
    ];
    let mut articles = articles();
    for (seq, (article, (page, date))) in articles.iter_mut().zip(pages).enumerate() {
        article.page = page.to_string();
        article.seq = seq as u32 + 1;
        article.date = Some(date.to_string());
    }
    articles
}
