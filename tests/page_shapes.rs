//! The page-shape corpus: pages written for this project in the paper's style (never copied
//! from it), each with the cut a careful editor would make (`tests/page_shapes/NN_slug.toml`,
//! format in `tests/page_shapes/README.md`). The cutter (`corpus::parse`) and the classifier
//! are run on every page and on mechanical variants of it, and the result is scored:
//!
//! * **whole**: the article starts where the expected one does (`first`), ends where it does
//!   (`last`), has the expected kind, and holds nothing of another article;
//! * **title right**: the title is exactly the expected one;
//! * **city right**: the classifier's city is the expected one (`""` = province-wide);
//! * **fields**: kicker and subtitle (absent = none), column, credits, county and continuation
//!   notes where the expectation gives them.
//!
//! The `tune` half must be perfect and stable under every variant; the `heldout` half is scored
//! against thresholds and its details are hidden unless `PAGE_SHAPES_DETAIL=heldout` is set, so
//! the cutter is not tuned on it. `fixtures_are_valid` checks the expectations themselves.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kanbao::article::{Article, ArticleKind, Paragraph, ParagraphKind};
use kanbao::classify::Classifier;
use kanbao::corpus::decode::decode;
use kanbao::corpus::parse::parse_page;
use serde::Deserialize;

/// Held-out thresholds. They are below 100 % because the held-out half is never tuned on: it
/// stands for the real pages the cutter has not seen, and the issue's goal for those (≥ 95 %
/// whole, ≥ 90 % title, ≥ 95 % city) is measured on a hidden set. A few points of slack here
/// keep one odd page from failing the build while still catching a cutter that only fits the
/// tune half.
const HELDOUT_MIN_WHOLE: f64 = 90.0;
const HELDOUT_MIN_TITLE: f64 = 85.0;
const HELDOUT_MIN_CITY: f64 = 90.0;

/// The corpus must stay big enough to mean something (issue 11 asks for at least 30 pages).
const MIN_PAGES: usize = 36;
/// A page with fewer articles exercises no boundary worth the name.
const MIN_ARTICLES_PER_PAGE: usize = 3;
/// `first` must be long enough to find one place on the page; `last` to end one paragraph.
const MIN_FIRST_CHARS: usize = 6;
const MIN_LAST_CHARS: usize = 4;
/// A paragraph longer than this gets a column break in the column-break variant.
const COLUMN_BREAK_OVER_CHARS: usize = 80;
/// Titles at least this long are looked for inside other articles' paragraphs (shorter ones
/// such as 送清凉 may be ordinary words of another story).
const TITLE_INTRUSION_CHARS: usize = 8;

/// Every shape a page may claim, with what it means. Both halves must cover each one.
const SHAPES: &[(&str, &str)] = &[
    (
        "brief",
        "a brief without any byline: one headline line, 1–3 short paragraphs",
    ),
    ("three-briefs", "three byline-less briefs in a row"),
    (
        "brief-between-long",
        "a brief standing between two long articles",
    ),
    (
        "all-short",
        "a page whose items are all short (under ~700 characters)",
    ),
    (
        "photo",
        "photo news: headline, caption paragraph, credit line",
    ),
    ("credit-tongxunyuan", "photo credit 通讯员A 摄"),
    ("credit-jizhe", "photo credit 记者A 摄"),
    ("credit-names", "photo credit with names only: A B 摄"),
    ("credit-sheying", "photo credit 通讯员A 记者B 摄影报道"),
    ("credit-wen-she", "photo credit ■A/文 B/摄"),
    (
        "photo-then-subheads",
        "a photo item followed by an article with subheads",
    ),
    ("byline-reporter-first", "本报讯 记者A 通讯员B、C报道"),
    (
        "byline-correspondent-first",
        "本报讯 通讯员A 记者B报道 (roles the other way round)",
    ),
    ("byline-trainee", "a 见习记者 in the byline"),
    ("byline-no-benbaoxun", "通讯员A 记者B报道 without 本报讯"),
    (
        "byline-square",
        "■通讯员 A、B、C alone on a line under the headline",
    ),
    (
        "byline-glued",
        "a byline glued to the lede: 本报讯 A报道 近日，…",
    ),
    ("byline-split", "a byline cut over two lines"),
    ("continued-to", "(下转第N版) closing an article"),
    (
        "continued-from",
        "(上接第N版) opening an article, with the headline repeated or shortened",
    ),
    ("headline-colon", "a headline with a colon (安吉：…)"),
    ("headline-comma", "a headline with a comma"),
    ("headline-mark", "a headline with ？ or ！"),
    ("title-broken", "a title broken over two lines mid-phrase"),
    (
        "kicker-title",
        "a two-line block: kicker (context line) + title",
    ),
    (
        "title-subtitle",
        "a two-line block: title + subtitle naming who did what",
    ),
    ("subtitle-dash", "a subtitle opening with ——"),
    ("three-line", "kicker + title + subtitle"),
    (
        "markdown",
        "markdown levels kept: ## title under a plain or #### kicker, ### subtitle",
    ),
    ("no-markers", "a page without any markdown marker"),
    ("bold-subheads", "**bold** subheads inside a feature"),
    (
        "subheads",
        "a feature with 2–5 subheads (nine of them 1,200–1,700 characters)",
    ),
    (
        "caption-before-lede",
        "a photo caption between the headline and the lede",
    ),
    ("essay", "a commentary with no place in it (city \"\")"),
    ("notice", "a notice: 时间：/地点： listings"),
    (
        "column-label",
        "a column label over an item (工会“小灵通”, 简讯, 【图片新闻】)",
    ),
    ("banner", "a page banner line"),
    (
        "editor-line",
        "a 责任编辑 line (page furniture, not an article)",
    ),
    ("half-width", "half-width ,:?() inside Chinese text"),
    ("full-width", "full-width ，：？（） throughout"),
    ("blank-lines", "blank lines between paragraphs"),
    ("single-newlines", "single line ends between paragraphs"),
    (
        "column-break",
        "a paragraph cut mid-word by a column break (a blank line or a bare line end)",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Half {
    Tune,
    Heldout,
}

impl Half {
    fn label(self) -> &'static str {
        match self {
            Half::Tune => "tune",
            Half::Heldout => "heldout",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    half: Half,
    shapes: Vec<String>,
    date: Option<String>,
    #[serde(rename = "article")]
    articles: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    kind: ArticleKind,
    title: String,
    kicker: Option<String>,
    subtitle: Option<String>,
    column: Option<String>,
    first: String,
    last: String,
    reporters: Option<Vec<String>>,
    correspondents: Option<Vec<String>>,
    photographers: Option<Vec<String>>,
    city: Option<String>,
    county: Option<String>,
    continued_to: Option<u32>,
    continued_from: Option<u32>,
}

struct Page {
    stem: String,
    text: String,
    spec: Spec,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/page_shapes")
}

/// Every page of the corpus, in file order. Panics (the test fails) on a page that cannot be
/// read or a toml that does not parse, naming the file.
fn load_pages() -> Vec<Page> {
    let dir = corpus_dir();
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    stems
        .into_iter()
        .map(|stem| {
            let toml_path = dir.join(format!("{stem}.toml"));
            let txt_path = dir.join(format!("{stem}.txt"));
            let spec_text = std::fs::read_to_string(&toml_path)
                .unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()));
            let spec: Spec = toml::from_str(&spec_text)
                .unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()));
            let bytes = std::fs::read(&txt_path).unwrap_or_else(|e| {
                panic!("{}: {e} (every .toml needs its .txt)", txt_path.display())
            });
            let text = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", txt_path.display()));
            Page { stem, text, spec }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Text helpers. The parser's own normaliser is private to the crate; these follow its
// documented rules (src/corpus/parse/text.rs) so the fixtures can be checked independently.

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·'
    )
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

const WIDTH_PAIRS: [(char, char); 7] = [
    (',', '，'),
    (':', '：'),
    (';', '；'),
    ('?', '？'),
    ('!', '！'),
    ('(', '（'),
    (')', '）'),
];

fn full_width_of(c: char) -> Option<char> {
    WIDTH_PAIRS.iter().find(|(h, _)| *h == c).map(|(_, f)| *f)
}

fn half_width_of(c: char) -> Option<char> {
    WIDTH_PAIRS.iter().find(|(_, f)| *f == c).map(|(h, _)| *h)
}

/// Is the half-width mark at `i` next to Chinese text (and not inside a number)?
fn folds_at(chars: &[char], i: usize) -> bool {
    let before = chars[..i].iter().rev().copied().find(|&p| !is_space(p));
    let after = chars[i + 1..].iter().copied().find(|&n| !is_space(n));
    let between_digits =
        matches!((before, after), (Some(b), Some(a)) if b.is_ascii_digit() && a.is_ascii_digit());
    let next_to_chinese = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
    next_to_chinese && !(between_digits && matches!(chars[i], ',' | ':'))
}

/// Half-width `, : ; ? ! ( )` next to Chinese → full width, as the parser normalises a line.
fn fold(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match full_width_of(c) {
            Some(wide) if folds_at(&chars, i) => wide,
            _ => c,
        })
        .collect()
}

/// A leading run of `#` and every `**` removed (the OCR tool's markdown).
fn strip_markers(line: &str) -> String {
    let trimmed = line.trim_start_matches(is_space);
    let body = trimmed.trim_start_matches('#');
    let body = if body.len() == trimmed.len() {
        body
    } else {
        body.trim_start_matches(is_space)
    };
    body.replace("**", "")
}

/// The page as one string of cleaned lines joined without separators: what every expected
/// string (a title broken over two lines, a paragraph cut by a column break) is found in.
fn joined_page(text: &str) -> String {
    text.lines()
        .map(|l| fold(strip_markers(l).trim_matches(is_space)))
        .collect()
}

/// For comparing cuts across variants: punctuation width does not matter.
fn width_blind(s: &str) -> String {
    s.chars().map(|c| half_width_of(c).unwrap_or(c)).collect()
}

// ---------------------------------------------------------------------------------------------
// Reading a parsed article the way the contract defines it.

/// A photo credit line (通讯员A 摄, A B 摄, 通讯员A 记者B 摄影报道, ■A/文 B/摄).
fn is_credit(text: &str) -> bool {
    let t = text.trim_matches(is_space);
    let names = t
        .trim_end_matches("摄影报道")
        .trim_end_matches('摄')
        .chars()
        .filter(|&c| is_han(c))
        .count();
    names >= 2
        && t.chars().count() <= 40
        && (t.ends_with('摄')
            || t.ends_with("摄影报道")
            || t.ends_with("/摄")
            || t.ends_with("／摄"))
        && !t.contains('。')
}

/// A continuation note at the start or end of a text: (上接第1版) / (下转第4版), any width.
fn note_number(text: &str, which: &str) -> Option<u32> {
    let t = width_blind(text);
    let at = t.find(&format!("({which}第"))?;
    let rest = &t[at + which.len() + 4..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    if !after.starts_with("版)") {
        return None;
    }
    digits.parse().ok()
}

/// The text without continuation notes at either end.
fn without_notes(text: &str) -> String {
    let is_note = |inner: &[char]| {
        let inner: String = inner.iter().collect();
        (inner.starts_with("上接第") || inner.starts_with("下转第")) && inner.ends_with('版')
    };
    let mut chars: Vec<char> = text.trim_matches(is_space).chars().collect();
    if matches!(chars.first(), Some('(' | '（'))
        && let Some(close) = chars.iter().take(10).position(|&c| matches!(c, ')' | '）'))
        && is_note(&chars[1..close])
    {
        chars.drain(..=close);
    }
    if matches!(chars.last(), Some(')' | '）'))
        && let Some(open) = chars
            .iter()
            .rev()
            .take(10)
            .position(|&c| matches!(c, '(' | '（'))
    {
        let open = chars.len() - 1 - open;
        if is_note(&chars[open + 1..chars.len() - 1]) {
            chars.truncate(open);
        }
    }
    chars
        .into_iter()
        .collect::<String>()
        .trim_matches(is_space)
        .to_string()
}

/// Body paragraphs that carry the story: no credit lines, no bare continuation notes.
fn story_paragraphs(article: &Article) -> Vec<(ParagraphKind, String)> {
    article
        .paragraphs
        .iter()
        .filter(|p| !(p.kind == ParagraphKind::Caption && is_credit(&p.text)))
        .map(|p| (p.kind, without_notes(&p.text)))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// The paragraph `first` is a prefix of: the first Text paragraph (for a photo item, the
/// first paragraph of its caption if it has no Text).
fn first_paragraph(article: &Article) -> String {
    let paragraphs = story_paragraphs(article);
    let text = paragraphs.iter().find(|(k, _)| *k == ParagraphKind::Text);
    let caption = || {
        (article.kind == ArticleKind::Photo)
            .then(|| {
                paragraphs
                    .iter()
                    .find(|(k, _)| *k == ParagraphKind::Caption)
            })
            .flatten()
    };
    text.or_else(caption)
        .map(|(_, t)| t.clone())
        .unwrap_or_default()
}

/// The paragraph `last` is a suffix of: the last Text or Caption paragraph.
fn last_paragraph(article: &Article) -> String {
    story_paragraphs(article)
        .into_iter()
        .rev()
        .find(|(k, _)| matches!(k, ParagraphKind::Text | ParagraphKind::Caption))
        .map(|(_, t)| t)
        .unwrap_or_default()
}

/// (continued_from, continued_to): from the article's JSON when the model carries them,
/// otherwise from notes left in its paragraphs.
fn continuation(article: &Article) -> (Option<u32>, Option<u32>) {
    let json = serde_json::to_value(article).unwrap_or_default();
    let field = |names: &[&str]| {
        names.iter().find_map(|n| {
            json.get(n)
                .or_else(|| json.get("continuation").and_then(|c| c.get(n)))
                .and_then(serde_json::Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
        })
    };
    let from_text = |which: &str| {
        article
            .paragraphs
            .iter()
            .find_map(|p| note_number(&p.text, which))
    };
    (
        field(&["continued_from", "from"]).or_else(|| from_text("上接")),
        field(&["continued_to", "to"]).or_else(|| from_text("下转")),
    )
}

fn city_of(article: &Article) -> &str {
    article.region.city.as_deref().unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Scoring.

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    articles: usize,
    whole: usize,
    title: usize,
    cities: usize,
    city: usize,
    fields_ok: usize,
    extras: usize,
    variants: usize,
    variants_same: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.articles += other.articles;
        self.whole += other.whole;
        self.title += other.title;
        self.cities += other.cities;
        self.city += other.city;
        self.fields_ok += other.fields_ok;
        self.extras += other.extras;
        self.variants += other.variants;
        self.variants_same += other.variants_same;
    }

    fn pct(n: usize, of: usize) -> f64 {
        if of == 0 {
            100.0
        } else {
            100.0 * n as f64 / of as f64
        }
    }

    fn whole_pct(&self) -> f64 {
        Self::pct(self.whole, self.articles)
    }
    fn title_pct(&self) -> f64 {
        Self::pct(self.title, self.articles)
    }
    fn city_pct(&self) -> f64 {
        Self::pct(self.city, self.cities)
    }

    fn summary(&self) -> String {
        format!(
            "whole {}/{} ({:.1} %), title {}/{} ({:.1} %), city {}/{} ({:.1} %), other fields {}/{}, \
             extra articles {}, variants same {}/{}",
            self.whole,
            self.articles,
            self.whole_pct(),
            self.title,
            self.articles,
            self.title_pct(),
            self.city,
            self.cities,
            self.city_pct(),
            self.fields_ok,
            self.articles,
            self.extras,
            self.variants_same,
            self.variants,
        )
    }
}

/// One page scored: its tally and every mismatch, readable by the cutter's author.
struct PageScore {
    tally: Tally,
    problems: Vec<String>,
}

fn parse_and_classify(stem: &str, text: &str, classifier: &Classifier) -> Vec<Article> {
    let mut articles = parse_page(stem, text);
    classifier.classify_all(&mut articles);
    articles
}

/// Which parsed article stands for expected article `e`: the first unused one whose opening
/// paragraph starts with `first`, else one with the expected title.
fn find_match(e: &Expected, articles: &[Article], used: &[bool]) -> Option<usize> {
    let unused = |i: &usize| !used[*i];
    (0..articles.len())
        .filter(unused)
        .find(|&i| first_paragraph(&articles[i]).starts_with(&e.first))
        .or_else(|| {
            (0..articles.len())
                .filter(unused)
                .find(|&i| articles[i].title == e.title)
        })
}

/// Text of another expected article found inside `article`'s paragraphs.
fn intrusion(article: &Article, own: usize, expected: &[Expected]) -> Option<String> {
    for (j, other) in expected.iter().enumerate() {
        if j == own {
            continue;
        }
        for p in &article.paragraphs {
            let heads = [
                Some(&other.title),
                other.kicker.as_ref(),
                other.subtitle.as_ref(),
            ];
            let as_line = heads.iter().flatten().any(|h| p.text == **h);
            let long_title = other.title.chars().count() >= TITLE_INTRUSION_CHARS
                && p.text.contains(other.title.as_str());
            if as_line || long_title || p.text.contains(other.first.as_str()) {
                return Some(format!(
                    "holds a paragraph of expected article #{} «{}»: «{}»",
                    j + 1,
                    other.title,
                    short(&p.text)
                ));
            }
        }
    }
    None
}

fn short(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 40 {
        text.to_string()
    } else {
        format!(
            "{}…{}",
            chars[..24].iter().collect::<String>(),
            chars[chars.len() - 12..].iter().collect::<String>()
        )
    }
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "(none)".to_string(), |s| format!("«{s}»"))
}

/// The fields beyond whole/title/city: every mismatch as "field: expected … got …".
fn field_problems(e: &Expected, a: &Article) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |field: &str, want: String, got: String| {
        if want != got {
            out.push(format!("{field}: expected {want}, got {got}"));
        }
    };
    check("kicker", opt(e.kicker.as_deref()), opt(a.kicker.as_deref()));
    check(
        "subtitle",
        opt(e.subtitle.as_deref()),
        opt(a.subtitle.as_deref()),
    );
    if let Some(column) = &e.column {
        check("column", opt(Some(column)), opt(a.column.as_deref()));
    }
    for (field, want, got) in [
        ("reporters", &e.reporters, &a.byline.reporters),
        (
            "correspondents",
            &e.correspondents,
            &a.byline.correspondents,
        ),
        ("photographers", &e.photographers, &a.byline.photographers),
    ] {
        if let Some(want) = want {
            check(field, format!("{want:?}"), format!("{got:?}"));
        }
    }
    if let Some(county) = &e.county {
        let got = a.region.county.as_deref().unwrap_or("");
        check("county", format!("«{county}»"), format!("«{got}»"));
    }
    let (from, to) = continuation(a);
    if let Some(want) = e.continued_from {
        check(
            "continued_from",
            format!("{:?}", Some(want)),
            format!("{from:?}"),
        );
    }
    if let Some(want) = e.continued_to {
        check(
            "continued_to",
            format!("{:?}", Some(want)),
            format!("{to:?}"),
        );
    }
    out
}

/// Scores one page's cut against its expectations.
fn score_page(page: &Page, articles: &[Article]) -> PageScore {
    let expected = &page.spec.articles;
    let mut tally = Tally {
        articles: expected.len(),
        ..Tally::default()
    };
    let mut problems = Vec::new();
    let mut used = vec![false; articles.len()];
    for (n, e) in expected.iter().enumerate() {
        let at = format!("{} #{} «{}»", page.stem, n + 1, e.title);
        if e.city.is_some() {
            tally.cities += 1;
        }
        let Some(i) = find_match(e, articles, &used) else {
            problems.push(format!(
                "{at}: not found (no article opens with «{}» or has this title)",
                e.first
            ));
            continue;
        };
        used[i] = true;
        let a = &articles[i];
        let at = format!("{at} (got #{} «{}»)", i + 1, a.title);
        let mut whole = true;
        let first = first_paragraph(a);
        if !first.starts_with(&e.first) {
            whole = false;
            problems.push(format!(
                "{at}: first: expected «{}…», got «{}»",
                e.first,
                short(&first)
            ));
        }
        let last = last_paragraph(a);
        if !last.ends_with(&e.last) {
            whole = false;
            problems.push(format!(
                "{at}: last: expected «…{}», got «{}»",
                e.last,
                short(&last)
            ));
        }
        if a.kind != e.kind {
            whole = false;
            problems.push(format!(
                "{at}: kind: expected {:?}, got {:?}",
                e.kind, a.kind
            ));
        }
        if let Some(why) = intrusion(a, n, expected) {
            whole = false;
            problems.push(format!("{at}: {why}"));
        }
        tally.whole += usize::from(whole);
        if a.title == e.title {
            tally.title += 1;
        } else {
            problems.push(format!(
                "{at}: title: expected «{}», got «{}»",
                e.title, a.title
            ));
        }
        if let Some(city) = &e.city {
            if city_of(a) == city {
                tally.city += 1;
            } else {
                problems.push(format!(
                    "{at}: city: expected «{city}», got «{}»",
                    city_of(a)
                ));
            }
        }
        let fields = field_problems(e, a);
        tally.fields_ok += usize::from(fields.is_empty());
        problems.extend(fields.into_iter().map(|f| format!("{at}: {f}")));
    }
    for (i, a) in articles.iter().enumerate().filter(|(i, _)| !used[*i]) {
        tally.extras += 1;
        problems.push(format!(
            "{} extra article #{} «{}» opening «{}»",
            page.stem,
            i + 1,
            a.title,
            short(&first_paragraph(a))
        ));
    }
    if let Some(date) = &page.spec.date {
        for a in articles {
            if a.date.as_deref() != Some(date.as_str()) {
                problems.push(format!(
                    "{} #{} «{}»: date: expected {date}, got {:?}",
                    page.stem, a.seq, a.title, a.date
                ));
                break;
            }
        }
    }
    PageScore { tally, problems }
}

// ---------------------------------------------------------------------------------------------
// Variants: the same page as other scanners, editors and encodings would give it.

type Variant = (&'static str, fn(&str) -> Vec<u8>);

const VARIANTS: [Variant; 7] = [
    ("punctuation width swapped", |t| swap_width(t).into_bytes()),
    ("single newlines", |t| single_newlines(t).into_bytes()),
    ("blank lines doubled", |t| {
        doubled_blank_lines(t).into_bytes()
    }),
    ("GB18030", |t| encoding_rs::GB18030.encode(t).0.into_owned()),
    ("markdown stripped", |t| {
        t.lines()
            .map(strip_markers)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    }),
    ("column breaks", |t| column_breaks(t).into_bytes()),
    ("CRLF", |t| t.replace('\n', "\r\n").into_bytes()),
];

/// Full-width marks become half-width and half-width marks next to Chinese become full-width.
fn swap_width(text: &str) -> String {
    text.lines()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars
                .iter()
                .enumerate()
                .map(|(i, &c)| match (half_width_of(c), full_width_of(c)) {
                    (Some(narrow), _) => narrow,
                    (_, Some(wide)) if folds_at(&chars, i) => wide,
                    _ => c,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn single_newlines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_matches(is_space).is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn doubled_blank_lines(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        out.push(line);
        if line.trim_matches(is_space).is_empty() {
            out.push(line);
        }
    }
    out.join("\n")
}

/// A blank line inserted near the middle of every paragraph longer than
/// [`COLUMN_BREAK_OVER_CHARS`], between two Han characters (mid-word, mid-sentence), as a
/// column break cuts a paragraph on the printed page.
fn column_breaks(text: &str) -> String {
    text.lines()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            if chars.len() <= COLUMN_BREAK_OVER_CHARS {
                return line.to_string();
            }
            let mid = chars.len() / 2;
            let cut = (0..mid).find_map(|d| {
                [mid + d, mid - d]
                    .into_iter()
                    .find(|&p| p > 0 && p < chars.len() && is_han(chars[p - 1]) && is_han(chars[p]))
            });
            match cut {
                Some(p) => format!(
                    "{}\n\n{}",
                    chars[..p].iter().collect::<String>(),
                    chars[p..].iter().collect::<String>()
                ),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What must not change between variants: the number of articles and, for each, its kind,
/// title, opening and ending (punctuation width ignored).
fn cut_signature(articles: &[Article]) -> Vec<String> {
    articles
        .iter()
        .map(|a| {
            let first: String = first_paragraph(a).chars().take(16).collect();
            let last: Vec<char> = last_paragraph(a).chars().collect();
            let last: String = last[last.len().saturating_sub(10)..].iter().collect();
            width_blind(&format!("{:?} «{}» «{first}…» «…{last}»", a.kind, a.title))
        })
        .collect()
}

/// Each variant's cut against the base cut: (variants tried, variants equal, differences).
fn check_variants(page: &Page, base: &[Article]) -> (usize, usize, Vec<String>) {
    let want = cut_signature(base);
    let mut same = 0;
    let mut problems = Vec::new();
    for (name, make) in VARIANTS {
        let text = match decode(&make(&page.text)) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{} [{name}]: does not decode: {e}", page.stem));
                continue;
            }
        };
        let got = cut_signature(&parse_page(&page.stem, &text));
        if got == want {
            same += 1;
            continue;
        }
        let mut diff = format!(
            "{} [{name}]: the cut differs from the base page's",
            page.stem
        );
        for n in 0..want.len().max(got.len()) {
            let (w, g) = (want.get(n), got.get(n));
            if w != g {
                let _ = write!(
                    diff,
                    "\n      #{}: base {}\n          variant {}",
                    n + 1,
                    w.map_or("(none)", String::as_str),
                    g.map_or("(none)", String::as_str)
                );
            }
        }
        problems.push(diff);
    }
    (VARIANTS.len(), same, problems)
}

/// Scores one half: the tally, a per-page table, and every problem.
fn score_half(half: Half) -> (Tally, String, Vec<String>) {
    let classifier = Classifier::embedded().expect("the embedded data is valid");
    let mut total = Tally::default();
    let mut table = String::new();
    let mut problems = Vec::new();
    for page in load_pages().iter().filter(|p| p.spec.half == half) {
        let articles = parse_and_classify(&page.stem, &page.text, &classifier);
        let mut score = score_page(page, &articles);
        let (tried, same, variant_problems) = check_variants(page, &articles);
        score.tally.variants = tried;
        score.tally.variants_same = same;
        let t = score.tally;
        let _ = writeln!(
            table,
            "  {:<34} whole {}/{}  title {}/{}  city {}/{}  fields {}/{}  extra {}  variants {}/{}",
            page.stem,
            t.whole,
            t.articles,
            t.title,
            t.articles,
            t.city,
            t.cities,
            t.fields_ok,
            t.articles,
            t.extras,
            t.variants_same,
            t.variants
        );
        total.add(t);
        problems.extend(score.problems);
        problems.extend(variant_problems);
    }
    (total, table, problems)
}

fn show_heldout_detail() -> bool {
    std::env::var("PAGE_SHAPES_DETAIL").is_ok_and(|v| v.split(',').any(|p| p.trim() == "heldout"))
}

// ---------------------------------------------------------------------------------------------
// The tests.

/// The tune half: every article whole, titled and placed right, every other expected field
/// right, no extra article, and every variant cut the same.
#[test]
fn tune_half_is_cut_exactly() {
    let (total, table, problems) = score_half(Half::Tune);
    println!(
        "page shapes, tune half:\n{table}  total: {}",
        total.summary()
    );
    assert!(
        total.articles > 0,
        "no tune pages found in {}",
        corpus_dir().display()
    );
    assert!(
        problems.is_empty(),
        "page shapes, tune half: {}\n{table}{} problem(s):\n  {}",
        total.summary(),
        problems.len(),
        problems.join("\n  ")
    );
}

/// The held-out half: the thresholds only. Details with `PAGE_SHAPES_DETAIL=heldout`.
#[test]
fn heldout_half_meets_the_thresholds() {
    let (total, table, problems) = score_half(Half::Heldout);
    println!(
        "page shapes, heldout half:\n{table}  total: {}",
        total.summary()
    );
    let detail = if show_heldout_detail() {
        format!("\n  {}", problems.join("\n  "))
    } else {
        format!(
            "\n  ({} problem(s) hidden; set PAGE_SHAPES_DETAIL=heldout to see them, but do not tune on them)",
            problems.len()
        )
    };
    if show_heldout_detail() {
        println!("heldout problems:{detail}");
    }
    assert!(
        total.articles > 0,
        "no heldout pages found in {}",
        corpus_dir().display()
    );
    let ok = total.whole_pct() >= HELDOUT_MIN_WHOLE
        && total.title_pct() >= HELDOUT_MIN_TITLE
        && total.city_pct() >= HELDOUT_MIN_CITY;
    assert!(
        ok,
        "page shapes, heldout half below the thresholds (whole ≥ {HELDOUT_MIN_WHOLE} %, title ≥ \
         {HELDOUT_MIN_TITLE} %, city ≥ {HELDOUT_MIN_CITY} %): {}\n{table}{detail}",
        total.summary()
    );
}

/// The ideal cut of expected article `e` built from the page: its headline as expected and
/// its body from the line holding `first` to the line holding `last`.
fn ideal_article(stem: &str, seq: u32, lines: &[String], e: &Expected) -> Option<Article> {
    let start = lines.iter().position(|l| l.contains(&e.first))?;
    let mut run = String::new();
    let end = (start..lines.len()).find(|&k| {
        run.push_str(&lines[k]);
        run.contains(&e.last)
    })?;
    let mut paragraphs: Vec<Paragraph> = lines[start..=end]
        .iter()
        .map(|l| Paragraph::new(ParagraphKind::Text, l.clone()))
        .collect();
    if let Some(p) = paragraphs.first_mut()
        && let Some(at) = p.text.find(&e.first)
    {
        p.text = p.text[at..].to_string();
    }
    Some(Article {
        page: stem.to_string(),
        seq,
        kind: e.kind,
        column: e.column.clone(),
        kicker: e.kicker.clone(),
        title: e.title.clone(),
        subtitle: e.subtitle.clone(),
        paragraphs,
        ..Article::default()
    })
}

/// The fixtures themselves: files complete and parseable, numbering and halves consistent,
/// every expected string present on its page, shapes known and covered by both halves, and
/// the classifier giving the expected city when handed the ideal cut (so a city miss in the
/// cut tests is the cutter's, not the data's).
#[test]
fn fixtures_are_valid() {
    let dir = corpus_dir();
    let classifier = Classifier::embedded().expect("the embedded data is valid");
    let pages = load_pages();
    let mut errors = Vec::new();
    let txt_count = std::fs::read_dir(&dir)
        .expect("the corpus directory")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    if txt_count != pages.len() {
        errors.push(format!(
            "{txt_count} .txt files but {} .toml files: every page needs both",
            pages.len()
        ));
    }
    if pages.len() < MIN_PAGES {
        errors.push(format!(
            "{} pages; the corpus needs at least {MIN_PAGES}",
            pages.len()
        ));
    }
    let known: BTreeSet<&str> = SHAPES.iter().map(|(tag, _)| *tag).collect();
    let mut covered: [BTreeSet<String>; 2] = Default::default();
    for (n, page) in pages.iter().enumerate() {
        let stem = &page.stem;
        let number: usize = stem
            .split('_')
            .next()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        if number != n + 1 {
            errors.push(format!(
                "{stem}: pages are numbered 01, 02, … without gaps; expected {:02}",
                n + 1
            ));
        }
        let want_half = if number % 2 == 1 {
            Half::Tune
        } else {
            Half::Heldout
        };
        if page.spec.half != want_half {
            errors.push(format!(
                "{stem}: odd pages are tune, even pages heldout; expected {}",
                want_half.label()
            ));
        }
        for tag in &page.spec.shapes {
            if !known.contains(tag.as_str()) {
                errors.push(format!("{stem}: unknown shape tag «{tag}» (see SHAPES)"));
            }
            covered[usize::from(page.spec.half == Half::Heldout)].insert(tag.clone());
        }
        if page.spec.articles.len() < MIN_ARTICLES_PER_PAGE {
            errors.push(format!(
                "{stem}: {} articles; at least {MIN_ARTICLES_PER_PAGE}",
                page.spec.articles.len()
            ));
        }
        let joined = joined_page(&page.text);
        let lines: Vec<String> = page
            .text
            .lines()
            .map(|l| fold(strip_markers(l).trim_matches(is_space)))
            .filter(|l| !l.is_empty())
            .collect();
        let mut last_start = 0;
        for (i, e) in page.spec.articles.iter().enumerate() {
            let at = format!("{stem} #{} «{}»", i + 1, e.title);
            if e.first.chars().count() < MIN_FIRST_CHARS {
                errors.push(format!(
                    "{at}: first «{}» is shorter than {MIN_FIRST_CHARS} characters",
                    e.first
                ));
            }
            if e.last.chars().count() < MIN_LAST_CHARS {
                errors.push(format!(
                    "{at}: last «{}» is shorter than {MIN_LAST_CHARS} characters",
                    e.last
                ));
            }
            for (field, value) in [
                ("title", Some(&e.title)),
                ("kicker", e.kicker.as_ref()),
                ("subtitle", e.subtitle.as_ref()),
                ("column", e.column.as_ref()),
                ("last", Some(&e.last)),
            ] {
                if let Some(value) = value
                    && !joined.contains(value.as_str())
                {
                    errors.push(format!(
                        "{at}: {field} «{value}» does not occur on the page"
                    ));
                }
            }
            match joined.matches(e.first.as_str()).count() {
                1 => {
                    let start = joined.find(e.first.as_str()).unwrap_or(0);
                    if start < last_start {
                        errors.push(format!(
                            "{at}: first «{}» stands before the previous article's",
                            e.first
                        ));
                    }
                    last_start = start;
                    if !joined[start..].contains(e.last.as_str()) {
                        errors.push(format!("{at}: last «{}» does not follow first", e.last));
                    }
                }
                0 => errors.push(format!(
                    "{at}: first «{}» does not occur on the page",
                    e.first
                )),
                k => errors.push(format!(
                    "{at}: first «{}» occurs {k} times; make it unique",
                    e.first
                )),
            }
            if e.city.is_none() {
                errors.push(format!(
                    "{at}: every article of the corpus names its city (\"\" = province-wide)"
                ));
            }
            if let Some(mut ideal) = ideal_article(stem, i as u32 + 1, &lines, e) {
                let others: Vec<&Expected> = page
                    .spec
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, o)| o)
                    .collect();
                for other in others {
                    let long_title = other.title.chars().count() >= TITLE_INTRUSION_CHARS;
                    if ideal.paragraphs.iter().any(|p| {
                        p.text.contains(other.first.as_str())
                            || (long_title && p.text.contains(other.title.as_str()))
                    }) {
                        errors.push(format!(
                            "{at}: the ideal body holds the opening or title of «{}» (the intrusion check would misfire)",
                            other.title
                        ));
                    }
                }
                classifier.classify_all(std::slice::from_mut(&mut ideal));
                if let Some(city) = &e.city
                    && city_of(&ideal) != city
                {
                    errors.push(format!(
                        "{at}: the classifier gives the ideal cut city «{}», expected «{city}»",
                        city_of(&ideal)
                    ));
                }
                if let Some(county) = &e.county
                    && ideal.region.county.as_deref().unwrap_or("") != county
                {
                    errors.push(format!(
                        "{at}: the classifier gives the ideal cut county {:?}, expected «{county}»",
                        ideal.region.county
                    ));
                }
            } else {
                errors.push(format!("{at}: first and last do not bound a run of lines"));
            }
        }
    }
    for (half, set) in ["tune", "heldout"].iter().zip(&covered) {
        let missing: Vec<&str> = known
            .iter()
            .copied()
            .filter(|t| !set.contains(*t))
            .collect();
        if !missing.is_empty() {
            errors.push(format!(
                "the {half} half covers no page with shape(s) {missing:?}"
            ));
        }
    }
    assert!(
        errors.is_empty(),
        "{} fixture error(s):\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
}

/// The variant generators do what they say (a variant that changed nothing would prove
/// nothing).
#[test]
fn variants_change_the_page() {
    let page = "## 标题一行\n\n近日,杭州市总工会举办活动,共有1,000名职工参加,时间19:30。这是一段足够长的段落文字用来测试分栏断行是否插在中间位置并且位于两个汉字之间而不是在标点旁边的情况，我们再写一些字。\n通讯员王小明 摄";
    assert!(swap_width(page).contains("近日，杭州市"));
    assert!(swap_width(page).contains("1,000名") && swap_width(page).contains("19:30"));
    assert_eq!(
        swap_width(&swap_width("近日，杭州（左一）")),
        "近日，杭州（左一）"
    );
    assert!(!single_newlines(page).contains("\n\n"));
    assert!(doubled_blank_lines(page).contains("\n\n\n"));
    let broken = column_breaks(page);
    assert_eq!(broken.lines().count(), page.lines().count() + 2, "{broken}");
    for line in broken.lines().filter(|l| !l.is_empty()) {
        assert!(page.contains(line), "a column break loses no text: {line}");
    }
    assert_eq!(strip_markers("## 标题**加粗**"), "标题加粗");
    for (name, make) in VARIANTS {
        let bytes = make(page);
        assert_ne!(bytes.as_slice(), page.as_bytes(), "{name} changed nothing");
        decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert_eq!(note_number("（下转第4版）", "下转"), Some(4));
    assert_eq!(note_number("(上接第12版)", "上接"), Some(12));
    assert_eq!(without_notes("(上接第1版)近日，"), "近日，");
    assert_eq!(without_notes("受到欢迎。（下转第4版）"), "受到欢迎。");
    assert!(
        is_credit("通讯员A 记者B 摄影报道") && is_credit("■张三/文 李四/摄") && !is_credit("摄")
    );
}

/// The scoring itself: a right cut scores whole, a brief glued onto the article above it (the
/// failure issue 11 describes) does not, and the messages name page, article and field.
#[test]
fn scoring_tells_a_glued_brief_from_a_right_cut() {
    let text = "工会“小灵通”\n德清开展“送清凉”活动\n近日，德清县总工会走进环卫站点，送去防暑用品。\n\
                长兴职工书屋添新书\n日前，长兴县总工会向企业职工书屋配送图书6000余册。\n";
    let spec: Spec = toml::from_str(
        r#"
half = "tune"
shapes = ["brief"]
[[article]]
kind = "news"
title = "德清开展“送清凉”活动"
first = "近日，德清县总工会"
last = "送去防暑用品。"
city = "湖州市"
[[article]]
kind = "news"
title = "长兴职工书屋添新书"
first = "日前，长兴县总工会"
last = "配送图书6000余册。"
city = "湖州市"
"#,
    )
    .expect("the spec parses");
    let page = Page {
        stem: "99_test".to_string(),
        text: text.to_string(),
        spec,
    };
    let article = |title: &str, paragraphs: &[&str]| {
        let mut a = Article {
            title: title.to_string(),
            paragraphs: paragraphs
                .iter()
                .map(|p| Paragraph::new(ParagraphKind::Text, *p))
                .collect(),
            ..Article::default()
        };
        a.region.city = Some("湖州市".to_string());
        a
    };
    let right = [
        article(
            "德清开展“送清凉”活动",
            &["近日，德清县总工会走进环卫站点，送去防暑用品。"],
        ),
        article(
            "长兴职工书屋添新书",
            &["日前，长兴县总工会向企业职工书屋配送图书6000余册。"],
        ),
    ];
    let score = score_page(&page, &right);
    assert_eq!(score.tally.whole, 2, "{:?}", score.problems);
    assert_eq!(score.tally.title, 2);
    assert_eq!(score.tally.city, 2);
    assert!(score.problems.is_empty(), "{:?}", score.problems);
    let (tried, _, variant_problems) = check_variants(&page, &right);
    assert_eq!(tried, VARIANTS.len());
    assert!(
        !variant_problems
            .iter()
            .any(|p| p.contains("does not decode")),
        "{variant_problems:?}"
    );

    let glued = [article(
        "德清开展“送清凉”活动",
        &[
            "近日，德清县总工会走进环卫站点，送去防暑用品。",
            "长兴职工书屋添新书",
            "日前，长兴县总工会向企业职工书屋配送图书6000余册。",
        ],
    )];
    let score = score_page(&page, &glued);
    assert_eq!(score.tally.whole, 0, "{:?}", score.problems);
    assert_eq!(score.tally.title, 1);
    let all = score.problems.join("\n");
    assert!(
        all.contains("99_test #1 «德清开展“送清凉”活动»")
            && all.contains("last: expected «…送去防暑用品。»"),
        "{all}"
    );
    assert!(
        all.contains("99_test #2 «长兴职工书屋添新书»: not found"),
        "{all}"
    );
    assert!(
        all.contains("holds a paragraph of expected article #2"),
        "{all}"
    );

    let mut wrong_city = right.clone();
    wrong_city[1].region.city = Some("杭州市".to_string());
    wrong_city[1].kicker = Some("工会“小灵通”".to_string());
    let score = score_page(&page, &wrong_city);
    assert_eq!(
        (score.tally.whole, score.tally.city, score.tally.fields_ok),
        (2, 1, 1)
    );
    let all = score.problems.join("\n");
    assert!(
        all.contains("city: expected «湖州市», got «杭州市»"),
        "{all}"
    );
    assert!(
        all.contains("kicker: expected (none), got «工会“小灵通”»"),
        "{all}"
    );
}
