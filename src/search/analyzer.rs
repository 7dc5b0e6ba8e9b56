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

use std::sync::OnceLock;

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::normalize::{FoldedChar, fold_chars, is_cjk, is_latin_word_char};
use super::pinyin::pinyin_units;

/// Tokenizer names, as registered on every index this module opens.
pub const GRAMS: &str = "kanbao_grams";
pub const WORDS: &str = "kanbao_words";
pub const PINYIN: &str = "kanbao_pinyin";
pub const INITIALS: &str = "kanbao_initials";

/// Registers the four tokenizers on `index`. Cheap: jieba's dictionary is loaded only when the
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
}

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// jieba with its default dictionary, loaded once (about 150 ms) on first use.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// Has this process loaded jieba's dictionary? (Searching never should.)
pub fn jieba_loaded() -> bool {
    JIEBA.get().is_some()
}

fn token(chars: &[FoldedChar], start: usize, end: usize, position: usize) -> Token {
    Token {
        offset_from: chars[start].byte_start,
        offset_to: chars[end - 1].byte_end,
        position,
        text: chars[start..end].iter().map(|c| c.ch).collect(),
        position_length: 1,
    }
}

/// Unigrams and bigrams of Han runs, whole Latin/digit runs. Position = folded char index.
pub fn gram_tokens(text: &str) -> Vec<Token> {
    let chars = fold_chars(text);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].ch;
        if is_cjk(c) {
            tokens.push(token(&chars, i, i + 1, i));
            if i + 1 < chars.len() && is_cjk(chars[i + 1].ch) {
                tokens.push(token(&chars, i, i + 2, i));
            }
            i += 1;
        } else if is_latin_word_char(c) {
            let start = i;
            while i < chars.len() && is_latin_word_char(chars[i].ch) {
                i += 1;
            }
            tokens.push(token(&chars, start, i, start));
        } else {
            i += 1;
        }
    }
    tokens
}

/// jieba search-mode words of the folded text, punctuation dropped. Position = folded char index.
pub fn word_tokens(text: &str) -> Vec<Token> {
    let chars = fold_chars(text);
    let folded: String = chars.iter().map(|c| c.ch).collect();
    jieba()
        .tokenize(&folded, TokenizeMode::Search, false)
        .into_iter()
        .filter(|t| t.word.chars().any(|c| is_cjk(c) || is_latin_word_char(c)))
        .filter(|t| t.start < t.end && t.end <= chars.len())
        .map(|t| token(&chars, t.start, t.end, t.start))
        .collect()
}

/// Pinyin readings (or, with `initials`, first letters) per syllable unit.
pub fn pinyin_tokens(text: &str, initials: bool) -> Vec<Token> {
    let chars = fold_chars(text);
    let plain: Vec<char> = chars.iter().map(|c| c.ch).collect();
    let mut tokens = Vec::new();
    for unit in pinyin_units(&plain) {
        let (start, end) = (unit.chars.start, unit.chars.end);
        if initials {
            for letter in &unit.initials {
                let mut t = token(&chars, start, end, unit.position);
                t.text = letter.to_string();
                tokens.push(t);
            }
        } else {
            for reading in &unit.readings {
                let mut t = token(&chars, start, end, unit.position);
                t.text.clone_from(reading);
                tokens.push(t);
            }
        }
    }
    tokens
}

#[derive(Clone, Copy)]
struct GramTokenizer;
#[derive(Clone, Copy)]
struct WordTokenizer;
#[derive(Clone, Copy)]
struct PinyinTokenizer {
    initials: bool,
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(gram_tokens(text))
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(word_tokens(text))
    }
}

impl Tokenizer for PinyinTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(pinyin_tokens(text, self.initials))
    }
}

/// A token stream over tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    /// Index of the current token plus one (0 = before the first).
    next: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        Self { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }
    fn token_mut(&mut self) -> &mut Token {
        let at = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[at]
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

    #[test]
    fn pinyin_tokens_spell_each_syllable_and_initials() {
        let t = texts(&pinyin_tokens("加西贝拉", false));
        assert_eq!(t, pairs(&[("jia", 0), ("xi", 1), ("bei", 2), ("la", 3)]));
        let t = texts(&pinyin_tokens("杭州", true));
        assert_eq!(t, pairs(&[("h", 0), ("z", 1)]));
    }
}
