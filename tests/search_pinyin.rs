//! Pinyin parity over the real bundled corpus: for the words of the articles' own text (jieba's
//! words, every one that occurs), the pinyin spelling finds what the Chinese finds; typing it a
//! letter at a time never drops to zero; spaced, apostrophe, tone-mark and tone-digit spellings
//! equal the plain one; initials find the word and highlight it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use kanbao::article::Article;
use kanbao::classify::Classifier;
use kanbao::corpus::{Corpus, PageSet};
use kanbao::search::analyzer::word_tokens;
use kanbao::search::pinyin::char_readings;
use kanbao::search::{SearchIndex, SearchQuery};

fn corpus() -> &'static (Vec<Article>, SearchIndex) {
    static CORPUS: OnceLock<(Vec<Article>, SearchIndex)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let classifier = Classifier::embedded().expect("embedded classifier data loads");
        let corpus = Corpus::load(&PageSet::Default { library: None }, &classifier)
            .expect("bundled pages load");
        let index = SearchIndex::build_in_memory(&corpus.articles).expect("index builds");
        (corpus.articles, index)
    })
}

fn found(text: &str) -> BTreeSet<String> {
    let results = corpus()
        .1
        .search(&SearchQuery {
            limit: 1000,
            ..SearchQuery::text(text)
        })
        .expect("search runs");
    results.hits.into_iter().map(|h| h.id).collect()
}

fn total(text: &str) -> usize {
    corpus()
        .1
        .search(&SearchQuery {
            limit: 0,
            ..SearchQuery::text(text)
        })
        .expect("search runs")
        .total
}

/// Every jieba word of two to four Han chars in the corpus, with how many articles use it.
fn corpus_words() -> BTreeMap<String, usize> {
    let mut words: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for article in &corpus().0 {
        let text = format!("{}\n{}", article.headline(), article.body_text());
        for token in word_tokens(&text) {
            let n = token.text.chars().count();
            let han = token
                .text
                .chars()
                .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if han && (2..=4).contains(&n) {
                words.entry(token.text).or_default().insert(&article.id);
            }
        }
    }
    words.into_iter().map(|(w, ids)| (w, ids.len())).collect()
}

/// The spellings of a word: every combination of its chars' readings (at most 8).
fn spellings(word: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in word.chars() {
        let readings = char_readings(c);
        let mut next = Vec::new();
        for prefix in &out {
            for r in readings.iter().filter(|r| !r.contains('v')).take(3) {
                next.push(format!("{prefix}{r}"));
            }
        }
        next.truncate(8);
        out = next;
    }
    out
}

/// The share of the Chinese word's articles that its best pinyin spelling finds.
fn recall(word: &str) -> (usize, usize) {
    let chinese = found(word);
    let best = spellings(word)
        .iter()
        .map(|s| found(s).intersection(&chinese).count())
        .max()
        .unwrap_or(0);
    (best, chinese.len())
}

#[test]
fn pinyin_finds_what_the_chinese_finds_for_the_corpus_words() {
    let words = corpus_words();
    assert!(words.len() > 2000, "a real test: {} words", words.len());
    // Every 7th word (a fixed sample of several hundred; all of them take a minute in debug).
    let mut covered = 0;
    let mut wanted = 0;
    let mut short: Vec<(String, usize, usize)> = Vec::new();
    for (word, _) in words.iter().step_by(7) {
        let (got, of) = recall(word);
        covered += got;
        wanted += of;
        if got * 100 < of * 95 {
            short.push((word.clone(), got, of));
        }
    }
    let sampled = words.len().div_ceil(7);
    eprintln!(
        "pinyin parity: {covered}/{wanted} articles over {sampled} words; below 95 %: {short:?}"
    );
    assert!(
        covered * 100 >= wanted * 99,
        "pinyin finds {covered} of {wanted} articles"
    );
    assert!(
        short.len() * 100 <= sampled,
        "more than 1 % of the words fall short of 95 %: {short:?}"
    );
}

#[test]
fn the_words_of_the_issue_find_as_many_articles_in_pinyin() {
    for (chinese, pinyin) in [
        ("能级", "nengji"),
        ("快递", "kuaidi"),
        ("工资", "gongzi"),
        ("外卖", "waimai"),
        ("集体协商", "jitixieshang"),
        ("骑手", "qishou"),
        ("工会", "gonghui"),
    ] {
        let c = found(chinese);
        let p = found(pinyin);
        assert!(!c.is_empty(), "{chinese} is in the corpus");
        assert!(
            c.is_subset(&p),
            "{pinyin} misses some of {chinese}: {c:?} vs {p:?}"
        );
    }
}

#[test]
fn typing_a_word_letter_by_letter_never_shows_nothing() {
    for word in [
        "gonghui",
        "kuaidi",
        "jitixieshang",
        "laomo",
        "yiwu",
        "qishou",
    ] {
        let counts: Vec<usize> = (1..=word.len()).map(|n| total(&word[..n])).collect();
        assert!(
            counts.iter().all(|&n| n > 0),
            "{word}: a prefix found nothing: {counts:?}"
        );
        // Once two syllables are typed, each letter narrows (or keeps) the results.
        let two = counts.len() / 2;
        assert!(
            counts[two..].windows(2).all(|w| w[1] <= w[0]),
            "{word}: results widen while typing: {counts:?}"
        );
    }
}

#[test]
fn spaces_apostrophes_tones_and_digits_read_the_same() {
    let plain = found("gonghui");
    assert!(!plain.is_empty());
    for spelling in ["gong hui", "gong'hui", "gōnghuì", "gong1hui4", "GongHui"] {
        assert_eq!(found(spelling), plain, "{spelling}");
    }
    // ü as v or u.
    assert_eq!(found("lvse"), found("绿色"));
}

#[test]
fn initials_find_and_highlight_the_word() {
    let results = corpus()
        .1
        .search(&SearchQuery::text("jxbl"))
        .expect("search runs");
    let hit = results
        .hits
        .iter()
        .find(|h| {
            corpus()
                .0
                .iter()
                .any(|a| a.id == h.id && a.body_text().contains("加西贝拉"))
        })
        .expect("jxbl finds the 加西贝拉 article");
    let article = corpus().1.article(&hit.id).unwrap();
    assert!(!hit.spans.is_empty(), "n/N have hits to stop at");
    for span in &hit.spans {
        let text = &article.paragraphs[span.paragraph].text[span.start..span.end];
        assert_eq!(text, "加西贝拉");
    }
    assert!(total("gh") > 0 && found("gh").is_superset(&found("title:工会")));
}
