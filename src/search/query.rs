//! From what a person typed to a tantivy query, without jieba: a query is cut into parts
//! (whitespace, or a quoted phrase); each part must match. A part matches as a bigram phrase
//! (exact text), as a phrase of words, or (unquoted) as its words anywhere in the article. Words
//! come from greedy longest matching against the index's own word dictionary, so the query side
//! needs no dictionary load and its answer never depends on timing. A query made only of Latin
//! letters is also read as pinyin: full syllables (`jiaxibeila`, `yi wu`) or initials (`jxbl`).
//! Nothing here fails on odd input: an unbalanced quote or a stray operator is just text.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::SearchQuery;
use super::analyzer::{PAIR_JOINER, gram_tokens};
use super::normalize::{fold, is_cjk};
use super::pinyin::split_syllables;
use super::schema::{Fields, theme_facet};

/// Longest word (in chars) looked up when cutting a query into words.
const LONGEST_WORD: usize = 8;
/// How many syllable splits of a Latin query are tried (`xian`: xian, xi an).
const MAX_SPLITS: usize = 4;
/// Query text beyond this many chars is ignored: a pasted page is not a query, and every char
/// adds phrase terms.
const MAX_QUERY_CHARS: usize = 200;
/// Initials queries longer than this are not initials (`jxbl` is; a sentence is not).
const MAX_INITIALS: usize = 8;

/// Field weights: a match in the title counts most.
const TITLE: f32 = 4.0;
const HEAD: f32 = 3.5;
const BODY: f32 = 1.0;
const PEOPLE: f32 = 3.0;
const PLACE: f32 = 2.0;
/// A phrase of whole words on top of the same text as bigrams: aligned with word boundaries.
const WORD_PHRASE: f32 = 0.5;
/// The words of an unquoted part found apart, not as the typed phrase.
const LOOSE: f32 = 0.3;
const PINYIN_HEAD: f32 = 3.0;
const PINYIN_TERMS: f32 = 0.5;
const INITIALS_HEAD: f32 = 2.0;

/// One piece of the query that must match: folded text, and whether it was in quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub quoted: bool,
}

/// The query text cut into parts; `latin` holds the letters of a query made only of Latin
/// letters, as chunks (`yi wu` → [yi, wu]), for the pinyin reading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub parts: Vec<Part>,
    pub latin: Option<Vec<String>>,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '「' | '」' | '『' | '』')
}

/// Does a part have anything to search for?
fn searchable(text: &str) -> bool {
    text.chars().any(|c| c.is_alphanumeric())
}

/// Cuts `text` into parts. Quotes pair up (`"…"`, `“…”`, `「…」`); if they do not, they are
/// ignored and everything is plain text.
pub fn parse(text: &str) -> ParsedQuery {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    // Boolean operators written as words are not text to find.
    let without_operators: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT" | "&&" | "||"))
        .collect();
    let folded = fold(&without_operators.join(" "));
    let quotes = folded.chars().filter(|&c| is_quote(c)).count();
    let balanced = quotes % 2 == 0;
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    let flush = |current: &mut String, quoted: bool, parts: &mut Vec<Part>| {
        let piece = current
            .trim_matches(|c: char| {
                matches!(c, '+' | '-' | '!' | '~' | '^' | '*' | ':' | '(' | ')')
            })
            .to_string();
        if searchable(&piece) {
            parts.push(Part {
                text: piece,
                quoted,
            });
        }
        current.clear();
    };
    for c in folded.chars() {
        if is_quote(c) {
            if balanced {
                flush(&mut current, in_quote, &mut parts);
                in_quote = !in_quote;
            } else {
                flush(&mut current, false, &mut parts);
            }
        } else if c.is_whitespace() && !in_quote {
            flush(&mut current, false, &mut parts);
        } else {
            current.push(c);
        }
    }
    flush(&mut current, in_quote, &mut parts);
    let latin = (!parts.is_empty()
        && parts.iter().all(|p| {
            p.text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '\'' || c == ' ')
        }))
    .then(|| {
        parts
            .iter()
            .flat_map(|p| p.text.split(['\'', ' ']))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    });
    ParsedQuery { parts, latin }
}

/// Answers "is this a word?" from the index's term dictionaries.
pub struct WordDictionary<'a> {
    searcher: &'a Searcher,
    fields: [Field; 3],
}

impl<'a> WordDictionary<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> Self {
        Self {
            searcher,
            fields: fields.word_fields(),
        }
    }

    /// Documents containing `word` as a word, summed over the word fields.
    pub fn doc_freq(&self, word: &str) -> u64 {
        self.fields
            .iter()
            .map(|&f| {
                self.searcher
                    .doc_freq(&Term::from_field_text(f, word))
                    .unwrap_or(0)
            })
            .sum()
    }

    /// Greedy longest match over each Han run of `text` (folded): words of two or more chars
    /// that the index knows, single chars otherwise; Latin/digit runs whole. Each with its
    /// char offset in `text`.
    pub fn segment(&self, text: &str) -> Vec<(usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if is_cjk(chars[i]) {
                let mut run_end = i;
                while run_end < chars.len() && is_cjk(chars[run_end]) {
                    run_end += 1;
                }
                let mut len = (run_end - i).min(LONGEST_WORD);
                while len > 1 {
                    let candidate: String = chars[i..i + len].iter().collect();
                    if self.doc_freq(&candidate) > 0 {
                        break;
                    }
                    len -= 1;
                }
                words.push((i, chars[i..i + len].iter().collect()));
                i += len;
            } else if chars[i].is_alphanumeric() {
                let start = i;
                while i < chars.len() && chars[i].is_alphanumeric() && !is_cjk(chars[i]) {
                    i += 1;
                }
                words.push((start, chars[start..i].iter().collect()));
            } else {
                i += 1;
            }
        }
        words
    }
}

/// The terms of a phrase as grams: bigrams for Han runs (a lone Han char as a unigram), Latin
/// runs whole, each at its char offset.
pub fn phrase_grams(text: &str) -> Vec<(usize, String)> {
    let tokens = gram_tokens(text);
    let chars: Vec<char> = text.chars().collect();
    let han_at = |pos: Option<usize>| pos.and_then(|p| chars.get(p)).is_some_and(|&c| is_cjk(c));
    let lone = |pos: usize| !han_at(pos.checked_sub(1)) && !han_at(Some(pos + 1));
    tokens
        .into_iter()
        .filter(|t| {
            let n = t.text.chars().count();
            let first = t.text.chars().next().unwrap_or(' ');
            !is_cjk(first) || n == 2 || lone(t.position)
        })
        .map(|t| (t.position, t.text))
        .collect()
}

/// A phrase (or a single term) on one field; `None` when there is nothing to match.
fn phrase_on(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, only)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, only),
            IndexRecordOption::WithFreqs,
        ))),
        many => {
            let base = many[0].0;
            let with_offsets = many
                .iter()
                .map(|(pos, text)| (pos - base, Term::from_field_text(field, text)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(with_offsets)))
        }
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    match queries.len() {
        0 => Box::new(EmptyQuery),
        1 => queries
            .into_iter()
            .next()
            .unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

/// `text` as exact text (a gram phrase) in any text field, weighted by field.
fn exact_text(fields: &Fields, text: &str) -> Box<dyn Query> {
    let grams = phrase_grams(text);
    let weighted = [
        (fields.title_grams, TITLE),
        (fields.head_grams, HEAD),
        (fields.body_grams, BODY),
        (fields.people_grams, PEOPLE),
        (fields.place_grams, PLACE),
    ];
    any_of(
        weighted
            .iter()
            .filter_map(|&(field, weight)| phrase_on(field, &grams).map(|q| boosted(q, weight)))
            .collect(),
    )
}

/// The query for one part.
fn part_query(fields: &Fields, dict: &WordDictionary, part: &Part) -> Box<dyn Query> {
    let mut alternatives = vec![exact_text(fields, &part.text)];
    let words = dict.segment(&part.text);
    let known = words.iter().all(|(_, w)| dict.doc_freq(w) > 0);
    if known && !words.is_empty() {
        for (field, weight) in [
            (fields.title_words, TITLE),
            (fields.head_words, HEAD),
            (fields.body_words, BODY),
        ] {
            if let Some(q) = phrase_on(field, &words) {
                alternatives.push(boosted(q, weight * WORD_PHRASE));
            }
        }
    }
    let content_words: Vec<&String> = words
        .iter()
        .map(|(_, w)| w)
        .filter(|w| w.chars().count() >= 2 || !w.chars().all(is_cjk))
        .collect();
    if !part.quoted && content_words.len() >= 2 {
        let n = content_words.len();
        let required = if n <= 3 { n } else { n - 1 };
        let clauses: Vec<Box<dyn Query>> = content_words
            .iter()
            .map(|w| exact_text(fields, w))
            .collect();
        let loose = BooleanQuery::with_minimum_required_clauses(
            clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
            required,
        );
        alternatives.push(boosted(Box::new(loose), LOOSE));
    }
    any_of(alternatives)
}

/// The pinyin reading of a Latin-letter query.
fn pinyin_query(fields: &Fields, chunks: &[String]) -> Option<Box<dyn Query>> {
    let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
    for split in syllable_splits(chunks) {
        for (single, pairs, weight) in [
            (fields.pinyin_head, fields.pinyin_pairs_head, PINYIN_HEAD),
            (fields.pinyin_terms, fields.pinyin_pairs_terms, PINYIN_TERMS),
        ] {
            let joined = |a: &str, b: &str| format!("{a}{PAIR_JOINER}{b}");
            if let Some(q) = syllable_sequence(single, pairs, &split, joined) {
                alternatives.push(boosted(q, weight));
            }
        }
    }
    if let Some(letters) = initials_of(chunks) {
        let joined = |a: &str, b: &str| format!("{a}{b}");
        let sequence = syllable_sequence(
            fields.initials_head,
            fields.initials_pairs_head,
            &letters,
            joined,
        );
        if let Some(q) = sequence {
            alternatives.push(boosted(q, INITIALS_HEAD));
        }
    }
    (!alternatives.is_empty()).then(|| any_of(alternatives))
}

/// Syllables in a row: one syllable is a term of the `single` field; more are pairs in the
/// `pairs` field, every other pair plus the last (`a b c d e` → `a_b`@0, `c_d`@2, `d_e`@3),
/// which covers every syllable and is far cheaper to check than a phrase of single syllables.
fn syllable_sequence(
    single: Field,
    pairs: Field,
    syllables: &[String],
    joined: impl Fn(&str, &str) -> String,
) -> Option<Box<dyn Query>> {
    match syllables {
        [] => None,
        [only] => phrase_on(single, &[(0, only.clone())]),
        _ => {
            let last = syllables.len() - 2;
            let mut starts: Vec<usize> = (0..=last).step_by(2).collect();
            if starts.last() != Some(&last) {
                starts.push(last);
            }
            let terms: Vec<(usize, String)> = starts
                .into_iter()
                .map(|at| (at, joined(&syllables[at], &syllables[at + 1])))
                .collect();
            phrase_on(pairs, &terms)
        }
    }
}

/// Syllable splits of the whole query: each chunk split on its own (a space is a syllable
/// boundary), combinations capped at [`MAX_SPLITS`].
pub fn syllable_splits(chunks: &[String]) -> Vec<Vec<String>> {
    let mut combined: Vec<Vec<String>> = vec![Vec::new()];
    for chunk in chunks {
        let splits = split_syllables(chunk, MAX_SPLITS);
        if splits.is_empty() {
            return Vec::new();
        }
        let mut next = Vec::new();
        for prefix in &combined {
            for split in &splits {
                let mut joined = prefix.clone();
                joined.extend(split.iter().cloned());
                next.push(joined);
            }
        }
        next.sort_by_key(Vec::len);
        next.truncate(MAX_SPLITS);
        combined = next;
    }
    combined
}

/// A single chunk of 2..=8 letters read as initials (`jxbl` → j x b l).
pub fn initials_of(chunks: &[String]) -> Option<Vec<String>> {
    match chunks {
        [only] if (2..=MAX_INITIALS).contains(&only.len()) => {
            Some(only.chars().map(|c| c.to_string()).collect())
        }
        _ => None,
    }
}

/// A filter facet from what a caller passed: `/浙江省/杭州市`, with or without the slashes at
/// either end. `None` for an empty path (`/`): no filter.
fn facet_filter(raw: &str) -> Option<Facet> {
    let parts: Vec<&str> = raw
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| Facet::from_path(parts))
}

/// The exact filters of a query, as clauses every hit must satisfy.
pub fn filters(fields: &Fields, q: &SearchQuery) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    let exact =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    if let Some(region) = q.region_facet.as_deref().and_then(facet_filter) {
        out.push(exact(Term::from_facet(fields.region, &region)));
    }
    if let Some(theme) = q.theme.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push(exact(Term::from_facet(
            fields.theme,
            &theme_facet(theme.trim()),
        )));
    }
    if let Some(person) = q.reporter.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push(exact(Term::from_field_text(fields.person, person.trim())));
    }
    if let Some(month) = q.month.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push(exact(Term::from_field_text(fields.month, month.trim())));
    }
    out
}

/// The text half of a query (`None` when the text has nothing to search for).
pub fn text_query(
    fields: &Fields,
    dict: &WordDictionary,
    parsed: &ParsedQuery,
) -> Option<Box<dyn Query>> {
    if parsed.parts.is_empty() {
        return None;
    }
    let all_parts: Box<dyn Query> = Box::new(BooleanQuery::new(
        parsed
            .parts
            .iter()
            .map(|p| (Occur::Must, part_query(fields, dict, p)))
            .collect(),
    ));
    let pinyin = parsed
        .latin
        .as_ref()
        .and_then(|chunks| pinyin_query(fields, chunks));
    Some(match pinyin {
        Some(pinyin) => any_of(vec![all_parts, pinyin]),
        None => all_parts,
    })
}

/// Text and filters together; an empty text lists everything the filters let through.
pub fn full_query(text: Option<Box<dyn Query>>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let text = text.unwrap_or_else(|| Box::new(AllQuery));
    if filters.is_empty() {
        return text;
    }
    let mut clauses = vec![(Occur::Must, text)];
    // Filters must match but add nothing to the score.
    clauses.extend(filters.into_iter().map(|f| {
        let no_score: Box<dyn Query> = Box::new(ConstScoreQuery::new(f, 0.0));
        (Occur::Must, no_score)
    }));
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str, quoted: bool) -> Part {
        Part {
            text: text.to_string(),
            quoted,
        }
    }

    #[test]
    fn whitespace_separates_parts_and_quotes_make_phrases() {
        let p = parse("义乌 \"技高者多得\"");
        assert_eq!(p.parts, vec![part("义乌", false), part("技高者多得", true)]);
        let p = parse("“技高者多得”");
        assert_eq!(p.parts, vec![part("技高者多得", true)]);
        assert_eq!(p.latin, None);
    }

    #[test]
    fn unbalanced_quotes_and_stray_operators_are_plain_text() {
        let p = parse("\"技高者 多得");
        assert_eq!(p.parts, vec![part("技高者", false), part("多得", false)]);
        let p = parse("+工会 - ( AND");
        assert_eq!(p.parts, vec![part("工会", false)]);
        let p = parse("工会 OR 职工");
        assert_eq!(p.parts, vec![part("工会", false), part("职工", false)]);
        assert!(parse("  \" ( ) - ").parts.is_empty());
        let pasted = "职工".repeat(500);
        assert_eq!(
            parse(&pasted).parts[0].text.chars().count(),
            MAX_QUERY_CHARS
        );
    }

    #[test]
    fn input_is_folded_before_parsing() {
        let p = parse("１５條 ＡＢＣ");
        assert_eq!(p.parts, vec![part("15条", false), part("abc", false)]);
        assert_eq!(p.latin, None, "digits make it not a pinyin query");
    }

    #[test]
    fn latin_only_queries_keep_their_chunks_for_pinyin() {
        assert_eq!(parse("Yi Wu").latin, Some(vec!["yi".into(), "wu".into()]));
        assert_eq!(parse("jxbl").latin, Some(vec!["jxbl".into()]));
        assert_eq!(parse("义乌 yiwu").latin, None);
    }

    #[test]
    fn phrase_grams_use_bigrams_and_lone_unigrams() {
        assert_eq!(
            phrase_grams("技高者"),
            vec![(0, "技高".to_string()), (1, "高者".to_string())]
        );
        assert_eq!(phrase_grams("鸯"), vec![(0, "鸯".to_string())]);
        assert_eq!(
            phrase_grams("15条"),
            vec![(0, "15".to_string()), (2, "条".to_string())]
        );
    }

    #[test]
    fn region_filters_accept_loose_slashes() {
        assert_eq!(
            facet_filter("浙江省/杭州市/").map(|f| f.to_string()),
            Some("/浙江省/杭州市".to_string())
        );
        assert_eq!(facet_filter(" / "), None);
    }

    #[test]
    fn syllable_splits_respect_spaces() {
        let splits = syllable_splits(&["yi".into(), "wu".into()]);
        assert_eq!(splits[0], vec!["yi", "wu"]);
        assert!(syllable_splits(&["hz".into()]).is_empty());
        assert_eq!(
            initials_of(&["hz".into()]),
            Some(vec!["h".to_string(), "z".to_string()])
        );
        assert_eq!(initials_of(&["yi".into(), "wu".into()]), None);
    }
}
