//! Properties: `decode` never panics on arbitrary bytes, and `parse_page` never panics and never
//! loses a character, whatever lines of the seed pages it is fed and in whatever order.
//!
//! "Never loses a character": every character of the input except white space and markup
//! (`#`, `*`) appears in the articles (column, kicker, title, subtitle, byline names,
//! paragraphs) at least as often as in the input, comparing after NFKC (so 。，and ,. fold alike).
//! Two exceptions, both deliberate:
//! * byline boilerplate is consumed: the characters of 本报讯, 记者, 通讯员, 特约, 见习, 报道, 摄
//!   and the 、 between names may be missing (the names themselves are kept);
//! * a stray repeated fragment may be dropped: characters of an input line that is contained
//!   in a longer input line may be missing (the longer line still carries them).

use std::collections::HashMap;
use std::sync::OnceLock;

use kanbao::article::Article;
use kanbao::corpus::decode::decode;
use kanbao::corpus::parse::parse_page;
use proptest::prelude::*;
use proptest::sample::subsequence;
use unicode_normalization::UnicodeNormalization;

const BYLINE_KEYWORD_CHARS: &str = "本报讯记者通讯员特约见习道摄、";

fn seed_lines() -> &'static Vec<Vec<String>> {
    static LINES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let dir = format!("{}/data/pages", env!("CARGO_MANIFEST_DIR"));
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    })
}

fn counted(text: &str) -> HashMap<char, usize> {
    let mut counts = HashMap::new();
    for c in text.nfkc() {
        if !c.is_whitespace() && c != '#' && c != '*' {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}

fn output_text(articles: &[Article]) -> String {
    let mut out = String::new();
    for a in articles {
        for part in [&a.column, &a.kicker, &a.subtitle].into_iter().flatten() {
            out.push_str(part);
        }
        out.push_str(&a.title);
        for name in a.byline.names() {
            out.push_str(name);
        }
        for p in &a.paragraphs {
            out.push_str(&p.text);
        }
    }
    out
}

/// Fails with the first character the articles lack.
fn check_no_character_lost(input: &str, articles: &[Article]) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = input
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A page of bylines alone gives no article: the loader reports it whole ("no article found
    // on this page"), so nothing is lost unsaid. Any other page must keep every character.
    if articles.is_empty() {
        let bylines_only = lines.iter().all(|line| {
            ["记者", "通讯员", "本报讯", "摄"]
                .iter()
                .any(|k| line.contains(k))
        });
        prop_assert!(
            bylines_only,
            "no article from a page that is not bylines alone:\n{input}"
        );
        return Ok(());
    }
    let mut repeated = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let contained = lines
            .iter()
            .enumerate()
            .any(|(j, other)| i != j && other.len() > line.len() && other.contains(line));
        if contained {
            for (c, n) in counted(line) {
                *repeated.entry(c).or_insert(0) += n;
            }
        }
    }
    let keyword_chars: Vec<char> = BYLINE_KEYWORD_CHARS.nfkc().collect();
    let have = counted(&output_text(articles));
    for (c, need) in counted(input) {
        if keyword_chars.contains(&c) {
            continue;
        }
        let got = have.get(&c).copied().unwrap_or(0);
        let may_drop = repeated.get(&c).copied().unwrap_or(0);
        prop_assert!(
            got + may_drop >= need,
            "{c:?}: {need} in the input, {got} in the articles\ninput:\n{input}\narticles: {articles:#?}"
        );
    }
    Ok(())
}

prop_compose! {
    fn sampled_seed_lines()(page in 0..5usize)
        (lines in subsequence(seed_lines()[page].clone(), 1..=40).prop_shuffle()) -> String {
        lines.join("\n")
    }
}

/// Fragments that exercise every rule: byline keywords, names, punctuation of both widths,
/// markers, numbers, notice keys, quotes and brackets (balanced or not), line ends.
const TOKENS: &[&str] = &[
    "本报讯",
    "记者",
    "通讯员",
    "报道",
    "报",
    "道",
    "摄",
    "李凡",
    "周敏加",
    "、",
    "，",
    ",",
    "。",
    "？",
    "?",
    "!",
    "：",
    ":",
    "“",
    "”",
    "（",
    "(",
    ")",
    "《",
    "》",
    "#",
    "## ",
    "**",
    " ",
    "\u{3000}",
    "\n",
    "\n\n",
    "\r\n",
    "工会",
    "总工会",
    "助力",
    "为",
    "的",
    "时间：",
    "地点：",
    "12:00",
    "1,000",
    "0571-56000319",
    "……",
    "——",
    "FU",
    "开门红",
    "近日",
    "人",
    "劳模工匠",
    "小灵通",
    "红五月",
    "\u{FEFF}",
];

fn token_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..120).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(text) = decode(&bytes) {
            prop_assert!(!text.contains('\r'));
            prop_assert!(!text.trim().is_empty());
        }
    }

    #[test]
    fn utf8_text_decodes_to_itself(text in "[a-z0-9工会职工，。“”\u{3000} \n\r]{1,200}") {
        let expected = text.replace("\r\n", "\n").replace('\r', "\n");
        match decode(text.as_bytes()) {
            Ok(decoded) => prop_assert_eq!(decoded, expected),
            Err(_) => {
                let blank = expected.chars().all(char::is_whitespace);
                prop_assert!(blank, "refused non-blank text: {:?}", expected);
            }
        }
    }

    #[test]
    fn shuffled_seed_lines_lose_no_character(input in sampled_seed_lines()) {
        let articles = parse_page("000_b4d91279af1e54d0", &input);
        for (n, a) in articles.iter().enumerate() {
            prop_assert_eq!(a.seq as usize, n + 1);
        }
        check_no_character_lost(&input, &articles)?;
    }

    #[test]
    fn token_soup_loses_no_character(input in token_text()) {
        let articles = parse_page("soup", &input);
        check_no_character_lost(&input, &articles)?;
    }
}
