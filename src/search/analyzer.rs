//! The analysis pipeline, as tantivy tokenizers. Every tokenizer folds first (see
//! [`super::normalize`]) and gives a token the *folded char index* where it starts as its
//! position, so a query can ask for terms at exact char offsets (`PhraseQuery::new_with_offset`)
//! whatever the tokens' lengths; offsets are bytes into the original text.
//!
//! - [`GRAMS`]: each Han char as a unigram and each pair of adjacent Han chars as a bigram (recall:
//!   needs no dictionary, finds a name however a segmenter would cut it); Latin/digit runs whole.
//! - [`WORDS`]: jieba search mode, HMM off (precision: words and their sub-words).
//! - [`PINYIN`] / [`INITIALS`]: each syllable unit's readings / first letters (see
//!   [`super::pinyin`]); positions are syllable positions.
//! - [`KEY_TERMS`]: given a body, the pinyin of its [`key_terms`] (see there), one per line.
//! - [`PINYIN_PAIRS`] / [`INITIALS_PAIRS`] / [`KEY_TERM_PAIRS`]: the same syllables taken two at a
//!   time (`gong_hui`, `gh`), at the first one's position. A two-syllable query is then one term
//!   instead of a phrase whose positions must be checked in every article holding both syllables
//!   (`gonghui`: 87,000 of 100,000); a longer one is a phrase of pairs, far rarer than syllables.
//!
//! Speed: one document hands the same text to several fields (title and body as words and as
//! grams, the headline as pinyin and initials, the body once more for its key terms). Each
//! writer thread keeps its last few texts *analysed* (folded once, jieba run once, pinyin units
//! once; see [`Analysed`]) so a field reuses what a sibling field already computed, and the
//! token streams write each token into one reused buffer instead of allocating a token list.
//! What a tokenizer emits is exactly what the plain functions ([`gram_tokens`],
//! [`word_tokens`], [`pinyin_tokens`]) return for the same text; the tests hold them to that.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use std::sync::OnceLock;

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::normalize::{FoldedChar, fold_chars_and_text, is_cjk, is_latin_word_char};
use super::pinyin::{PinyinUnit, pinyin_units};
use crate::article::Fnv;

/// Tokenizer names, as registered on every index this module opens.
pub const GRAMS: &str = "kanbao_grams";
pub const WORDS: &str = "kanbao_words";
pub const PINYIN: &str = "kanbao_pinyin";
pub const INITIALS: &str = "kanbao_initials";
pub const KEY_TERMS: &str = "kanbao_key_terms";
pub const PINYIN_PAIRS: &str = "kanbao_pinyin_pairs";
pub const INITIALS_PAIRS: &str = "kanbao_initials_pairs";
pub const KEY_TERM_PAIRS: &str = "kanbao_key_term_pairs";

/// Joins the two readings of a syllable pair (`gong_hui`): never part of a reading, so
/// `xi_an` (西安) and `xian` (先) stay apart.
pub const PAIR_JOINER: char = '_';

/// How many of an article's most frequent body words go into its pinyin key terms.
pub const KEY_TERM_COUNT: usize = 12;

/// Registers the tokenizers on `index`. Cheap: jieba's dictionary is loaded only when the
/// word tokenizer first runs, i.e. when an index is built, never to answer a query.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(GRAMS, TextAnalyzer::from(GramTokenizer));
    manager.register(WORDS, TextAnalyzer::from(WordTokenizer));
    manager.register(
        PINYIN,
        TextAnalyzer::from(PinyinTokenizer { initials: false }),
    );
    manager.register(
        INITIALS,
        TextAnalyzer::from(PinyinTokenizer { initials: true }),
    );
    manager.register(KEY_TERMS, TextAnalyzer::from(KeyTermsTokenizer));
    manager.register(
        PINYIN_PAIRS,
        TextAnalyzer::from(PairTokenizer {
            initials: false,
            key_terms: false,
        }),
    );
    manager.register(
        INITIALS_PAIRS,
        TextAnalyzer::from(PairTokenizer {
            initials: true,
            key_terms: false,
        }),
    );
    manager.register(
        KEY_TERM_PAIRS,
        TextAnalyzer::from(PairTokenizer {
            initials: false,
            key_terms: true,
        }),
    );
}

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// jieba with its default dictionary, loaded once (about 100 ms) on first use.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// Has this process loaded jieba's dictionary? (Searching never should.)
pub fn jieba_loaded() -> bool {
    JIEBA.get().is_some()
}

/// What a folded char is to the tokenizers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// A Han ideograph ([`is_cjk`]): a unigram, and a bigram with a Han neighbour.
    Han,
    /// A letter or digit that is not Han ([`is_latin_word_char`]): runs of them are words.
    Latin,
    /// Anything else (punctuation, spaces): separates tokens.
    Other,
}

impl CharClass {
    fn of(c: char) -> Self {
        if is_cjk(c) {
            Self::Han
        } else if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                Self::Latin
            } else {
                Self::Other
            }
        } else if is_latin_word_char(c) {
            Self::Latin
        } else {
            Self::Other
        }
    }
}

/// A token's place in a folded text: folded chars `start..end`, at `position`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    position: usize,
}

/// One text, folded once, with what the tokenizers derive from it computed on first need.
struct Analysed {
    /// The text as given (what the per-thread memo compares).
    text: String,
    chars: Vec<FoldedChar>,
    /// What each folded char is to the tokenizers (classified once; the lookup for letters and
    /// digits outside ASCII is not free).
    classes: Vec<CharClass>,
    /// The folded chars as a string, and where each char starts in it (plus the end).
    folded: String,
    byte_at: Vec<usize>,
    words: OnceCell<Vec<Span>>,
    pinyin: OnceCell<Vec<PinyinUnit>>,
    /// The key terms of this text (a body), one per line, analysed: shared by the key-term
    /// field and its syllable-pair field, so they are found once per body.
    key_terms: OnceCell<Rc<Analysed>>,
}

impl Analysed {
    fn new(text: &str) -> Self {
        let (chars, folded) = fold_chars_and_text(text);
        let mut byte_at = Vec::with_capacity(chars.len() + 1);
        let mut classes = Vec::with_capacity(chars.len());
        let mut at = 0;
        for c in &chars {
            byte_at.push(at);
            at += c.ch.len_utf8();
            classes.push(CharClass::of(c.ch));
        }
        byte_at.push(at);
        Self {
            text: text.to_string(),
            chars,
            classes,
            folded,
            byte_at,
            words: OnceCell::new(),
            pinyin: OnceCell::new(),
            key_terms: OnceCell::new(),
        }
    }

    /// The folded text of folded chars `start..end`.
    fn folded_text(&self, start: usize, end: usize) -> &str {
        &self.folded[self.byte_at[start]..self.byte_at[end]]
    }

    /// jieba search-mode words, punctuation dropped (jieba runs once per text).
    fn words(&self) -> &[Span] {
        self.words.get_or_init(|| {
            jieba()
                .tokenize(&self.folded, TokenizeMode::Search, false)
                .into_iter()
                .filter(|t| t.start < t.end && t.end <= self.chars.len())
                .filter(|t| {
                    self.classes[t.start..t.end]
                        .iter()
                        .any(|&class| class != CharClass::Other)
                })
                .map(|t| Span {
                    start: t.start,
                    end: t.end,
                    position: t.start,
                })
                .collect()
        })
    }

    fn key_terms(&self) -> Rc<Analysed> {
        let terms = self
            .key_terms
            .get_or_init(|| Rc::new(Analysed::new(&key_terms_of(self).join("\n"))));
        Rc::clone(terms)
    }

    fn pinyin(&self) -> &[PinyinUnit] {
        self.pinyin.get_or_init(|| {
            let plain: Vec<char> = self.chars.iter().map(|c| c.ch).collect();
            pinyin_units(&plain)
        })
    }

    /// Sets `token` to the folded chars `start..end` at `position`, reusing its text buffer.
    fn fill(&self, token: &mut Token, start: usize, end: usize, position: usize) {
        token.offset_from = self.chars[start].byte_start;
        token.offset_to = self.chars[end - 1].byte_end;
        token.position = position;
        token.position_length = 1;
        token.text.clear();
        token.text.push_str(self.folded_text(start, end));
    }

    fn token(&self, span: Span) -> Token {
        let mut token = Token::default();
        self.fill(&mut token, span.start, span.end, span.position);
        token
    }
}

/// How many analysed texts each writer thread remembers: enough to span one document's fields
/// from the body's words and grams to its key terms (people, places and headline come between).
const REMEMBERED_TEXTS: usize = 4;

thread_local! {
    /// The texts this thread analysed last, most recent first.
    static RECENT: RefCell<Vec<Rc<Analysed>>> = const { RefCell::new(Vec::new()) };
}

/// `text` analysed, shared with the other fields of the same document on this thread.
fn analysed(text: &str) -> Rc<Analysed> {
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some(at) = recent.iter().position(|a| a.text == text) {
            let hit = recent.remove(at);
            recent.insert(0, Rc::clone(&hit));
            return hit;
        }
        let fresh = Rc::new(Analysed::new(text));
        recent.insert(0, Rc::clone(&fresh));
        recent.truncate(REMEMBERED_TEXTS);
        fresh
    })
}

/// Walks the grams of folded chars: for each Han char its unigram, then the bigram with the
/// next char if that is Han too; each Latin/digit run whole. Position = folded char index.
#[derive(Debug, Default)]
struct GramCursor {
    next_char: usize,
    /// The bigram starting at this char is due before moving on.
    pending_bigram: Option<usize>,
}

impl GramCursor {
    fn next(&mut self, classes: &[CharClass]) -> Option<Span> {
        if let Some(start) = self.pending_bigram.take() {
            return Some(Span {
                start,
                end: start + 2,
                position: start,
            });
        }
        while let Some(&class) = classes.get(self.next_char) {
            let i = self.next_char;
            match class {
                CharClass::Han => {
                    self.next_char += 1;
                    if classes.get(i + 1) == Some(&CharClass::Han) {
                        self.pending_bigram = Some(i);
                    }
                    return Some(Span {
                        start: i,
                        end: i + 1,
                        position: i,
                    });
                }
                CharClass::Latin => {
                    let run = classes[i..]
                        .iter()
                        .take_while(|&&c| c == CharClass::Latin)
                        .count();
                    self.next_char = i + run;
                    return Some(Span {
                        start: i,
                        end: i + run,
                        position: i,
                    });
                }
                CharClass::Other => self.next_char += 1,
            }
        }
        None
    }
}

/// Unigrams and bigrams of Han runs, whole Latin/digit runs. Position = folded char index.
pub fn gram_tokens(text: &str) -> Vec<Token> {
    let analysed = Analysed::new(text);
    let mut cursor = GramCursor::default();
    let mut tokens = Vec::new();
    while let Some(span) = cursor.next(&analysed.classes) {
        tokens.push(analysed.token(span));
    }
    tokens
}

/// jieba search-mode words of the folded text, punctuation dropped. Position = folded char index.
pub fn word_tokens(text: &str) -> Vec<Token> {
    let analysed = Analysed::new(text);
    analysed
        .words()
        .iter()
        .map(|&span| analysed.token(span))
        .collect()
}

/// Pinyin readings (or, with `initials`, first letters) per syllable unit.
pub fn pinyin_tokens(text: &str, initials: bool) -> Vec<Token> {
    let mut stream = PinyinStream::new(Rc::new(Analysed::new(text)), initials);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token.clone());
    }
    tokens
}

/// Adjacent syllable pairs: every reading (or initial) of a unit joined with every one of the
/// next unit's, when the two are consecutive (no punctuation between). Position = the first's.
pub fn pinyin_pair_tokens(text: &str, initials: bool) -> Vec<Token> {
    let mut stream = PairStream::new(Rc::new(Analysed::new(text)), initials);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token.clone());
    }
    tokens
}

/// The body's most frequent words of two or more Han chars (ties by first appearance): what the
/// article is about, given pinyin so `guangfu` finds an article about 光伏. Folded text.
pub fn key_terms(body: &str) -> Vec<String> {
    key_terms_of(&Analysed::new(body))
}

fn key_terms_of(body: &Analysed) -> Vec<String> {
    // word → (occurrences, order of its first occurrence among all words)
    let mut counts: HashMap<&str, (usize, usize), BuildHasherDefault<Fnv>> =
        HashMap::with_capacity_and_hasher(body.words().len() / 2, BuildHasherDefault::default());
    for (order, span) in body.words().iter().enumerate() {
        let word = body.folded_text(span.start, span.end);
        let all_han = body.classes[span.start..span.end]
            .iter()
            .all(|&class| class == CharClass::Han);
        if span.end - span.start >= 2 && all_han {
            counts.entry(word).or_insert((0, order)).0 += 1;
        }
    }
    let mut terms: Vec<(&str, (usize, usize))> =
        counts.into_iter().filter(|(_, (n, _))| *n >= 2).collect();
    terms.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    terms
        .into_iter()
        .take(KEY_TERM_COUNT)
        .map(|(t, _)| t.to_string())
        .collect()
}

/// The pinyin tokens of a body's key terms, one per line (what [`KEY_TERMS`] indexes).
pub fn key_term_pinyin_tokens(body: &str) -> Vec<Token> {
    pinyin_tokens(&key_terms(body).join("\n"), false)
}

#[derive(Clone, Copy)]
struct GramTokenizer;
#[derive(Clone, Copy)]
struct WordTokenizer;
#[derive(Clone, Copy)]
struct PinyinTokenizer {
    initials: bool,
}
#[derive(Clone, Copy)]
struct KeyTermsTokenizer;
#[derive(Clone, Copy)]
struct PairTokenizer {
    initials: bool,
    /// Given a body: pairs of its key terms' syllables (as [`KEY_TERMS`] gives them singly).
    key_terms: bool,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream {
        if self.key_terms {
            PairStream::new(analysed(text).key_terms(), self.initials)
        } else {
            PairStream::new(analysed(text), self.initials)
        }
    }
}

/// Syllable pairs of an analysed text, one token at a time (see [`pinyin_pair_tokens`]).
struct PairStream {
    analysed: Rc<Analysed>,
    initials: bool,
    /// The first unit of the current pair.
    unit: usize,
    /// Index of the next (first alternative × second alternative) combination of `unit`.
    combination: usize,
    token: Token,
}

impl PairStream {
    fn new(analysed: Rc<Analysed>, initials: bool) -> Self {
        Self {
            analysed,
            initials,
            unit: 0,
            combination: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for PairStream {
    fn advance(&mut self) -> bool {
        let analysed = &self.analysed;
        let units = analysed.pinyin();
        let alternatives = |unit: &PinyinUnit| {
            if self.initials {
                unit.initials.len()
            } else {
                unit.readings.len()
            }
        };
        while let (Some(first), Some(second)) = (units.get(self.unit), units.get(self.unit + 1)) {
            let (a, b) = (alternatives(first), alternatives(second));
            if second.position == first.position + 1 && self.combination < a * b {
                let (i, j) = (self.combination / b, self.combination % b);
                let token = &mut self.token;
                token.offset_from = analysed.chars[first.chars.start].byte_start;
                token.offset_to = analysed.chars[second.chars.end - 1].byte_end;
                token.position = first.position;
                token.position_length = 1;
                token.text.clear();
                if self.initials {
                    token.text.push(first.initials[i]);
                    token.text.push(second.initials[j]);
                } else {
                    token.text.push_str(&first.readings[i]);
                    token.text.push(PAIR_JOINER);
                    token.text.push_str(&second.readings[j]);
                }
                self.combination += 1;
                return true;
            }
            self.unit += 1;
            self.combination = 0;
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = GramStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream {
        GramStream {
            analysed: analysed(text),
            cursor: GramCursor::default(),
            token: Token::default(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        WordStream {
            analysed: analysed(text),
            next: 0,
            token: Token::default(),
        }
    }
}

impl Tokenizer for PinyinTokenizer {
    type TokenStream<'a> = PinyinStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PinyinStream {
        PinyinStream::new(analysed(text), self.initials)
    }
}

impl Tokenizer for KeyTermsTokenizer {
    type TokenStream<'a> = PinyinStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> PinyinStream {
        PinyinStream::new(analysed(text).key_terms(), false)
    }
}

/// The grams of an analysed text, one token at a time.
struct GramStream {
    analysed: Rc<Analysed>,
    cursor: GramCursor,
    token: Token,
}

impl TokenStream for GramStream {
    fn advance(&mut self) -> bool {
        match self.cursor.next(&self.analysed.classes) {
            Some(span) => {
                self.analysed
                    .fill(&mut self.token, span.start, span.end, span.position);
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The jieba words of an analysed text, one token at a time.
struct WordStream {
    analysed: Rc<Analysed>,
    next: usize,
    token: Token,
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        let Some(&span) = self.analysed.words().get(self.next) else {
            return false;
        };
        self.next += 1;
        self.analysed
            .fill(&mut self.token, span.start, span.end, span.position);
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The pinyin readings (or initials) of an analysed text's syllable units, one token at a time.
struct PinyinStream {
    analysed: Rc<Analysed>,
    initials: bool,
    unit: usize,
    /// Index of the next reading (or initial) of `unit`.
    alternative: usize,
    token: Token,
}

impl PinyinStream {
    fn new(analysed: Rc<Analysed>, initials: bool) -> Self {
        Self {
            analysed,
            initials,
            unit: 0,
            alternative: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for PinyinStream {
    fn advance(&mut self) -> bool {
        let analysed = &self.analysed;
        let units = analysed.pinyin();
        while let Some(unit) = units.get(self.unit) {
            let count = if self.initials {
                unit.initials.len()
            } else {
                unit.readings.len()
            };
            if self.alternative < count {
                let token = &mut self.token;
                token.offset_from = analysed.chars[unit.chars.start].byte_start;
                token.offset_to = analysed.chars[unit.chars.end - 1].byte_end;
                token.position = unit.position;
                token.position_length = 1;
                token.text.clear();
                if self.initials {
                    token.text.push(unit.initials[self.alternative]);
                } else {
                    token.text.push_str(&unit.readings[self.alternative]);
                }
                self.alternative += 1;
                return true;
            }
            self.unit += 1;
            self.alternative = 0;
        }
        false
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<(String, usize)> {
        tokens
            .iter()
            .map(|t| (t.text.clone(), t.position))
            .collect()
    }

    fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(s, p)| (s.to_string(), *p)).collect()
    }

    #[test]
    fn syllable_pairs_join_consecutive_units_only() {
        // 工会, then a comma (a gap), then 义乌: pairs inside each run, none across the comma.
        let tokens = pinyin_pair_tokens("工会，义乌", false);
        assert_eq!(
            texts(&tokens),
            pairs(&[("gong_hui", 0), ("gong_kuai", 0), ("yi_wu", 3)])
        );
        let initials = pinyin_pair_tokens("工会，义乌", true);
        assert_eq!(texts(&initials), pairs(&[("gh", 0), ("yw", 3)]));
        // Every reading of a polyphonic char pairs with every reading of its neighbour.
        let singles = pinyin_tokens("重庆", false);
        let first = singles.iter().filter(|t| t.position == 0).count();
        let second = singles.iter().filter(|t| t.position == 1).count();
        assert_eq!(pinyin_pair_tokens("重庆", false).len(), first * second);
        assert!(texts(&pinyin_pair_tokens("重庆", false)).contains(&("chong_qing".into(), 0)));
        // The tokenizer streams exactly what the function returns.
        let mut analyzer = TextAnalyzer::from(PairTokenizer {
            initials: false,
            key_terms: false,
        });
        let mut stream = analyzer.token_stream("杭州市总工会");
        let mut streamed = Vec::new();
        while stream.advance() {
            streamed.push(stream.token().clone());
        }
        assert_eq!(
            texts(&streamed),
            texts(&pinyin_pair_tokens("杭州市总工会", false))
        );
    }

    #[test]
    fn grams_have_real_positions_and_fold_width_and_script() {
        let tokens = gram_tokens("１５條措施");
        assert_eq!(
            texts(&tokens),
            pairs(&[
                ("15", 0),
                ("条", 2),
                ("条措", 2),
                ("措", 3),
                ("措施", 3),
                ("施", 4)
            ])
        );
        // Offsets are bytes of the original text: １５ is two 3-byte chars.
        assert_eq!((tokens[0].offset_from, tokens[0].offset_to), (0, 6));
        assert_eq!((tokens[2].offset_from, tokens[2].offset_to), (6, 12));
    }

    #[test]
    fn grams_do_not_cross_punctuation() {
        let tokens = gram_tokens("多得,创新");
        let t = texts(&tokens);
        assert!(!t.iter().any(|(s, _)| s == "得创" || s == "得,"));
        assert!(t.contains(&("创新".to_string(), 3)));
    }

    #[test]
    fn long_runs_are_not_dropped() {
        let long = "杭州市钱塘区总工会深入学习贯彻全省新春第一会精神聚力推动经济发展";
        let tokens = gram_tokens(long);
        assert_eq!(tokens.len(), 2 * long.chars().count() - 1);
    }

    #[test]
    fn words_use_search_mode_with_char_positions() {
        let t = texts(&word_tokens("杭州市钱塘区总工会"));
        for want in [
            ("杭州", 0),
            ("杭州市", 0),
            ("钱塘", 3),
            ("工会", 7),
            ("总工会", 6),
        ] {
            assert!(
                t.contains(&(want.0.to_string(), want.1)),
                "missing {want:?} in {t:?}"
            );
        }
    }

    #[test]
    fn words_drop_punctuation_and_fold_traditional() {
        let t = texts(&word_tokens("義烏，職工"));
        assert_eq!(t, pairs(&[("义乌", 0), ("职工", 3)]));
    }

    /// Everything a token carries that the index or a highlight could use.
    fn full(tokens: &[Token]) -> Vec<(String, usize, usize, usize, usize)> {
        tokens
            .iter()
            .map(|t| {
                (
                    t.text.clone(),
                    t.position,
                    t.offset_from,
                    t.offset_to,
                    t.position_length,
                )
            })
            .collect()
    }

    fn streamed<T: Tokenizer>(mut tokenizer: T, text: &str) -> Vec<Token> {
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().clone());
        }
        tokens
    }

    #[test]
    fn tokenizers_emit_what_the_plain_functions_return_whatever_was_analysed_before() {
        let page = include_str!("../../data/pages/000_b4d91279af1e54d0.txt");
        let texts = [
            page,
            "ＡＢＣ１５條措施，義烏職工：iPhone 15 Pro（左一）㈠",
            "光伏并网，每年增加光伏收入。困难职工家庭。困难职工申请。",
            "",
            "，。！",
        ];
        // Twice round, so the second round is served from the per-thread memo, and in an
        // order that evicts entries between uses.
        for _ in 0..2 {
            for text in texts {
                assert_eq!(
                    full(&streamed(GramTokenizer, text)),
                    full(&gram_tokens(text))
                );
                assert_eq!(
                    full(&streamed(WordTokenizer, text)),
                    full(&word_tokens(text))
                );
                for initials in [false, true] {
                    assert_eq!(
                        full(&streamed(PinyinTokenizer { initials }, text)),
                        full(&pinyin_tokens(text, initials))
                    );
                }
                assert_eq!(
                    full(&streamed(KeyTermsTokenizer, text)),
                    full(&key_term_pinyin_tokens(text))
                );
            }
        }
        assert!(gram_tokens(page).len() > 1000, "the page is a real test");
        assert!(!key_terms(page).is_empty());
    }

    #[test]
    fn key_term_pinyin_spells_the_repeated_words() {
        let body = "光伏并网，每年增加光伏收入。困难职工家庭。困难职工申请。";
        let spelled: Vec<String> = key_term_pinyin_tokens(body)
            .iter()
            .map(|t| t.text.clone())
            .collect();
        assert_eq!(spelled[..2], ["guang".to_string(), "fu".to_string()]);
        assert!(spelled.contains(&"kun".to_string()));
        assert!(!spelled.contains(&"bing".to_string()), "并网 occurs once");
    }

    #[test]
    fn pinyin_tokens_spell_each_syllable_and_initials() {
        let t = texts(&pinyin_tokens("加西贝拉", false));
        assert_eq!(t, pairs(&[("jia", 0), ("xi", 1), ("bei", 2), ("la", 3)]));
        let t = texts(&pinyin_tokens("杭州", true));
        assert_eq!(t, pairs(&[("h", 0), ("z", 1)]));
    }
}
