//! The analysis pipeline, as tantivy tokenizers. Every tokenizer folds first (see
//! [`super::normalize`]) and gives a token the *folded char index* where it starts as its
//! position, so a query can ask for terms at exact char offsets (`PhraseQuery::new_with_offset`)
//! whatever the tokens' lengths; offsets are bytes into the original text.
//!
//! - `GRAMS`: each Han char as a unigram and each pair of adjacent Han chars as a bigram (recall:
//!   needs no dictionary, finds a name however a segmenter would cut it); Latin/digit runs whole.
//! - `WORDS`: jieba search mode, HMM off (precision: words and their sub-words).
//!
//! No pinyin is indexed: a pinyin query is expanded into the Han grams the index holds (see
//! `super::readings`), so the index stays Han-only.
//!
//! Speed: one document hands the same text to two fields (title and body as words and as
//! grams). Each writer thread keeps its last few texts *analysed* (folded once, jieba run once;
//! see `Analysed`) so a field reuses what a sibling field already computed, and the token
//! streams write each token into one reused buffer instead of allocating a token list. What a
//! tokenizer emits is exactly what the plain functions (`gram_tokens`, [`word_tokens`])
//! return for the same text; the tests hold them to that.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::OnceLock;

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::normalize::{FoldedChar, fold_chars_and_text, is_cjk, is_latin_word_char};

/// Tokenizer names, as registered on every index this module opens.
pub(crate) const GRAMS: &str = "kanbao_grams";
pub(crate) const WORDS: &str = "kanbao_words";

/// Registers the tokenizers on `index`. Cheap: jieba's dictionary is loaded only when the
/// word tokenizer first runs, i.e. when an index is built, never to answer a query.
pub(crate) fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(GRAMS, TextAnalyzer::from(GramTokenizer));
    manager.register(WORDS, TextAnalyzer::from(WordTokenizer));
}

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// jieba with its default dictionary, loaded once on first use (its cost: docs/PERFORMANCE.md).
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
/// (a text's words and grams are asked for one after the other).
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
pub(crate) fn gram_tokens(text: &str) -> Vec<Token> {
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

#[derive(Clone, Copy)]
struct GramTokenizer;
#[derive(Clone, Copy)]
struct WordTokenizer;
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
            }
        }
        assert!(gram_tokens(page).len() > 1000, "the page is a real test");
    }
}
