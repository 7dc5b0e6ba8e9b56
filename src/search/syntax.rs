//! The query language, the same in `kanbao search` and in the browser (pure: no tantivy here).
//!
//! | typed | means |
//! |---|---|
//! | `工会 职工` | both words (AND) |
//! | `"技高者多得"` `“…”` `「…」` | the exact phrase |
//! | `-快递`, `NOT 快递` | without that word |
//! | `快递 OR 外卖`, `快递 \| 外卖` | either (binds tighter than AND) |
//! | `(快递 OR 外卖) 骑手` | grouping |
//! | `title:工会`, `byline:羊荣江` | only in the headline / the byline |
//! | `region:义乌 theme:wages reporter:羊荣江 date:2023-05..2023-06` | filters, as the CLI flags |
//!
//! Nothing here fails: what cannot be understood (an operator with nothing to work on, stray
//! punctuation, an unbalanced quote or bracket, a boost such as `^2`) is dropped or read as text,
//! and said in a [`Note`] the results header shows. Operators alone mean *no query*, never
//! "everything".

use std::fmt;

use super::normalize::fold;

/// The query language in a few lines, for the browser's help screen (`?`) and `--help`.
pub(crate) const QUERY_HELP: &[&str] = &[
    "工会 职工         both words (AND)            \"技高者多得\"  the exact phrase",
    "-快递  NOT 快递   without the word            快递 OR 外卖, 快递 | 外卖  either",
    "(快递 OR 外卖) 骑手  grouping                  title:工会  byline:羊荣江  where",
    "gonghui  gong hui  gōnghuì  gong1hui4  xi'an  pinyin, the last syllable may be unfinished",
    "jxbl  gh          pinyin initials             義烏 → 义乌  traditional = simplified",
    "region:义乌  theme:wages  reporter:羊荣江  date:2023-05..2023-06  filters, as the CLI flags",
];

/// Query text beyond this many chars is ignored: a pasted page is not a query.
pub(crate) const MAX_QUERY_CHARS: usize = 200;

/// Where a term must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Anywhere,
    /// The headline block (title, kicker, subtitle).
    Title,
    /// The names of the byline (reporters, correspondents, photographers).
    Byline,
}

/// A piece of text to find, folded (see [`super::normalize`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// In quotes: an exact phrase, never split into words found apart.
    pub quoted: bool,
    pub scope: Scope,
}

/// A part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Term(Term),
    /// Any of these (OR).
    Any(Vec<Expr>),
    /// All of these (a bracketed group).
    All(Vec<Item>),
}

/// One ANDed item: an expression that must (or, negated, must not) match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub negated: bool,
    pub expr: Expr,
}

/// A filter written in the query (`region:义乌`): the key as typed (lower case) and the value.
/// Resolved against the gazetteer and theme list by the engine's caller, like the CLI flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterTerm {
    pub key: FilterKey,
    pub value: String,
}

/// Which filter a [`FilterTerm`] sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Region,
    Theme,
    Reporter,
    /// `date:2023`, `date:2023-05`, `date:2023-05..2023-06`, `date:2023-05-01..2023-05-15`.
    Date,
}

/// Something about the query the user should know, shown in the results header.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// Text that was dropped, and why.
    Ignored { text: String, why: Ignored },
    /// Only exclusions: nothing to search for.
    OnlyExclusions,
    /// A filter value that names nothing (`region:火星`).
    UnknownFilter { key: String, value: String },
    /// No article holds all the words: those holding `matched` of `of` are shown.
    Partial { matched: usize, of: usize },
    /// Some hits match only across a word boundary (职工|资助 for 工资): shown last.
    Loose { hits: usize },
    /// Nothing found; these would find something.
    Suggest { queries: Vec<String> },
    /// A query in Latin letters was also read as pinyin; these Han terms were searched.
    Pinyin { terms: Vec<String> },
    /// The plain scan answered (the index is not ready): no pinyin, exact text only.
    ScanOnly,
    /// The index has not yet taken in the pages added or changed since its last update: their
    /// `articles` were read directly (exact text, no pinyin) and gave `hits` of the total.
    Unindexed { articles: usize, hits: usize },
}

/// What part of a query was ignored, and why (shown as a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ignored {
    /// An operator with nothing to work on (`AND`, `OR` at an end, `-` alone).
    Operator,
    /// Punctuation that is not searchable.
    Punctuation,
    UnbalancedQuote,
    UnbalancedBracket,
    /// `^2`, `~1`, `*`: not supported.
    Modifier,
    /// A filter inside OR, a negated filter: filters always apply to the whole query.
    FilterPlacement,
    /// The query is longer than `MAX_QUERY_CHARS`.
    TooLong,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Ignored { text, why } => {
                let why = match why {
                    Ignored::Operator => "多余的运算符 operator with nothing to apply to",
                    Ignored::Punctuation => "标点 punctuation",
                    Ignored::UnbalancedQuote => "未配对的引号 unbalanced quote",
                    Ignored::UnbalancedBracket => "未配对的括号 unbalanced bracket",
                    Ignored::Modifier => "不支持 not supported",
                    Ignored::FilterPlacement => {
                        "筛选条件总是作用于整个查询 filters apply to the whole query"
                    }
                    Ignored::TooLong => "查询过长 query too long",
                };
                write!(f, "已忽略 ignored “{text}” ({why})")
            }
            Note::OnlyExclusions => write!(
                f,
                "只有排除词，没有要找的内容 only exclusions: nothing to search for"
            ),
            Note::UnknownFilter { key, value } => {
                write!(f, "无法识别 not understood: {key}:{value}")
            }
            Note::Partial { matched, of } => write!(
                f,
                "没有文章包含全部 {of} 个词，显示包含 {matched} 个的 no article holds all {of} words; showing those with {matched}"
            ),
            Note::Loose { hits } => write!(
                f,
                "{hits} 篇只是跨词匹配，排在最后 {hits} only match across a word boundary (loose, shown last)"
            ),
            Note::Suggest { queries } => write!(
                f,
                "没有找到，试试 nothing found; try: {}",
                queries.join(" · ")
            ),
            Note::Pinyin { terms } => write!(f, "拼音 pinyin: {}", terms.join(" ")),
            Note::ScanOnly => write!(
                f,
                "索引建立中，暂按原文逐字查找（拼音稍后可用） index not ready: exact text only, pinyin soon"
            ),
            Note::Unindexed { articles, hits } => write!(
                f,
                "新页面 {articles} 篇尚未入索引，已按原文查找，得 {hits} 篇 {articles} articles of new pages not yet indexed were read directly (exact text): {hits} found there"
            ),
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    /// ANDed items (negated ones exclude).
    pub items: Vec<Item>,
    pub filters: Vec<FilterTerm>,
    pub notes: Vec<Note>,
    /// The text held something (even if nothing searchable): an empty text lists articles,
    /// a text of operators alone finds nothing.
    pub had_text: bool,
}

impl ParsedQuery {
    /// Items that must match (not negated).
    pub(crate) fn positive(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| !i.negated)
    }

    /// Every term that must (or may) match, for highlighting: negated items left out.
    pub fn positive_terms(&self) -> Vec<&Term> {
        fn walk<'a>(expr: &'a Expr, out: &mut Vec<&'a Term>) {
            match expr {
                Expr::Term(t) => out.push(t),
                Expr::Any(alts) => alts.iter().for_each(|e| walk(e, out)),
                Expr::All(items) => items
                    .iter()
                    .filter(|i| !i.negated)
                    .for_each(|i| walk(&i.expr, out)),
            }
        }
        let mut out = Vec::new();
        for item in self.positive() {
            walk(&item.expr, &mut out);
        }
        out
    }
}

/// Lexical pieces of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lex {
    Word(String),
    Phrase(String),
    /// `title:` and the like, directly followed by what it applies to.
    Field(String),
    Open,
    Close,
    Or,
    And,
    Not,
}

/// Full-width ASCII and the ideographic space as their ASCII selves (for operators only; text
/// is folded later).
fn canon(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '「' | '」' | '『' | '』')
}

const FIELD_NAMES: &[(&str, Option<Scope>, Option<FilterKey>)] = &[
    ("title", Some(Scope::Title), None),
    ("标题", Some(Scope::Title), None),
    ("byline", Some(Scope::Byline), None),
    ("署名", Some(Scope::Byline), None),
    ("region", None, Some(FilterKey::Region)),
    ("地区", None, Some(FilterKey::Region)),
    ("theme", None, Some(FilterKey::Theme)),
    ("主题", None, Some(FilterKey::Theme)),
    ("reporter", None, Some(FilterKey::Reporter)),
    ("记者", None, Some(FilterKey::Reporter)),
    ("date", None, Some(FilterKey::Date)),
    ("month", None, Some(FilterKey::Date)),
    ("日期", None, Some(FilterKey::Date)),
];

fn field_of(name: &str) -> Option<(Option<Scope>, Option<FilterKey>)> {
    let lower = name.to_lowercase();
    FIELD_NAMES
        .iter()
        .find(|(n, _, _)| *n == lower)
        .map(|&(_, s, k)| (s, k))
}

/// Cuts the text into lexical pieces; unbalanced quotes are dropped with a note.
fn lex(text: &str, notes: &mut Vec<Note>) -> Vec<Lex> {
    let chars: Vec<char> = text.chars().map(canon).collect();
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Lex>| {
        if !word.is_empty() {
            push_word(std::mem::take(word), out);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(close) = closing_quote(c) {
            let end = chars[i + 1..].iter().position(|&d| d == close);
            match end {
                Some(len) => {
                    // A field name glued to the quote (`title:"…"`) stays a field.
                    flush(&mut word, &mut out);
                    out.push(Lex::Phrase(chars[i + 1..i + 1 + len].iter().collect()));
                    i += len + 2;
                }
                None => {
                    notes.push(Note::Ignored {
                        text: c.to_string(),
                        why: Ignored::UnbalancedQuote,
                    });
                    flush(&mut word, &mut out);
                    i += 1;
                }
            }
            continue;
        }
        if is_quote(c) {
            // A closing quote with no opening one.
            notes.push(Note::Ignored {
                text: c.to_string(),
                why: Ignored::UnbalancedQuote,
            });
            flush(&mut word, &mut out);
        } else if c.is_whitespace() {
            flush(&mut word, &mut out);
        } else if matches!(c, '(' | ')' | '（' | '）') {
            flush(&mut word, &mut out);
            out.push(if matches!(c, '(' | '（') {
                Lex::Open
            } else {
                Lex::Close
            });
        } else if c == '|' {
            flush(&mut word, &mut out);
            let double = chars.get(i + 1) == Some(&'|');
            out.push(Lex::Or);
            i += usize::from(double);
        } else if c == '-'
            && word.is_empty()
            && chars.get(i + 1).is_some_and(|d| !d.is_whitespace())
        {
            out.push(Lex::Not);
        } else {
            word.push(c);
        }
        i += 1;
    }
    flush(&mut word, &mut out);
    drop_bare_fields(out, notes)
}

/// A finished word: an operator, a field name (`title:`, with the word glued after it), or a
/// word.
fn push_word(w: String, out: &mut Vec<Lex>) {
    match w.as_str() {
        "OR" | "|" | "||" => out.push(Lex::Or),
        "AND" | "&&" | "&" => out.push(Lex::And),
        "NOT" => out.push(Lex::Not),
        _ => {
            if let Some((name, rest)) = w.split_once(':')
                && field_of(name).is_some()
            {
                out.push(Lex::Field(name.to_lowercase()));
                if !rest.is_empty() {
                    out.push(Lex::Word(rest.to_string()));
                }
            } else {
                out.push(Lex::Word(w));
            }
        }
    }
}

/// A field name with nothing after it (`title:` at the end or before a space) is dropped, with
/// a note.
fn drop_bare_fields(lexes: Vec<Lex>, notes: &mut Vec<Note>) -> Vec<Lex> {
    let mut fixed = Vec::with_capacity(lexes.len());
    let mut iter = lexes.into_iter().peekable();
    while let Some(lex) = iter.next() {
        if let Lex::Field(name) = &lex
            && !matches!(iter.peek(), Some(Lex::Word(_) | Lex::Phrase(_)))
        {
            notes.push(Note::Ignored {
                text: format!("{name}:"),
                why: Ignored::Operator,
            });
            continue;
        }
        fixed.push(lex);
    }
    fixed
}

/// Drops brackets that do not pair up (with a note).
fn balance(lexes: Vec<Lex>, notes: &mut Vec<Note>) -> Vec<Lex> {
    let mut keep = vec![true; lexes.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, l) in lexes.iter().enumerate() {
        match l {
            Lex::Open => open.push(i),
            Lex::Close if open.pop().is_none() => keep[i] = false,
            _ => {}
        }
    }
    for i in open {
        keep[i] = false;
    }
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped > 0 {
        notes.push(Note::Ignored {
            text: lexes
                .iter()
                .zip(&keep)
                .filter(|(_, k)| !**k)
                .map(|(l, _)| if *l == Lex::Open { "(" } else { ")" })
                .collect(),
            why: Ignored::UnbalancedBracket,
        });
    }
    lexes
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

/// A word as a search term: edge punctuation and modifiers (`^2`, `~1`, `*`) stripped with a
/// note; `None` when nothing searchable is left.
fn word_text(raw: &str, notes: &mut Vec<Note>) -> Option<String> {
    let mut text = raw.to_string();
    // Lucene-style modifiers at the end: ^2, ~1, ~, *
    while let Some(at) = text.rfind(['^', '~', '*']) {
        let tail = &text[at + 1..];
        if tail.chars().all(|c| c.is_ascii_digit() || c == '.') {
            notes.push(Note::Ignored {
                text: text[at..].to_string(),
                why: Ignored::Modifier,
            });
            text.truncate(at);
        } else {
            break;
        }
    }
    let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
    if trimmed.len() != text.len() {
        let dropped: String = text.chars().filter(|c| !c.is_alphanumeric()).collect();
        if trimmed.is_empty() || !dropped.is_empty() {
            notes.push(Note::Ignored {
                text: if trimmed.is_empty() {
                    text.clone()
                } else {
                    text.replace(trimmed, "…")
                },
                why: Ignored::Punctuation,
            });
        }
    }
    let folded = fold(trimmed);
    folded.chars().any(char::is_alphanumeric).then_some(folded)
}

struct Parser {
    lexes: Vec<Lex>,
    at: usize,
    notes: Vec<Note>,
    filters: Vec<FilterTerm>,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexes.get(self.at)
    }

    fn next(&mut self) -> Option<Lex> {
        let l = self.lexes.get(self.at).cloned();
        self.at += 1;
        l
    }

    fn operator_note(&mut self, text: &str) {
        self.notes.push(Note::Ignored {
            text: text.to_string(),
            why: Ignored::Operator,
        });
    }

    /// Items until a closing bracket (inside a group) or the end.
    fn sequence(&mut self, depth: usize) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some(lex) = self.peek() {
            match lex {
                Lex::Close => {
                    if depth > 0 {
                        return items;
                    }
                    self.at += 1;
                }
                Lex::And => {
                    self.at += 1;
                    if items.is_empty() || !self.starts_unit() {
                        self.operator_note("AND");
                    }
                }
                Lex::Or => {
                    self.at += 1;
                    self.operator_note("OR");
                }
                _ => {
                    if let Some(item) = self.item() {
                        items.push(item);
                    }
                }
            }
        }
        items
    }

    /// Does the next lexeme begin something searchable?
    fn starts_unit(&self) -> bool {
        matches!(
            self.peek(),
            Some(Lex::Word(_) | Lex::Phrase(_) | Lex::Field(_) | Lex::Open | Lex::Not)
        )
    }

    /// `[-|NOT] unit (OR unit)*`
    fn item(&mut self) -> Option<Item> {
        let mut negated = false;
        while matches!(self.peek(), Some(Lex::Not)) {
            self.at += 1;
            negated = !negated;
        }
        if negated && !self.starts_unit() {
            self.operator_note("-");
            return None;
        }
        let filters_before = self.filters.len();
        let mut alternatives: Vec<Expr> = self.unit(negated).into_iter().collect();
        while matches!(self.peek(), Some(Lex::Or)) {
            self.at += 1;
            if !self.starts_unit() || matches!(self.peek(), Some(Lex::Not)) {
                self.operator_note("OR");
                break;
            }
            let before = self.filters.len();
            if let Some(e) = self.unit(negated) {
                alternatives.push(e);
            }
            if self.filters.len() > before {
                self.notes.push(Note::Ignored {
                    text: "OR".into(),
                    why: Ignored::FilterPlacement,
                });
            }
        }
        let _ = filters_before;
        let expr = match alternatives.len() {
            0 => return None,
            1 => alternatives.pop()?,
            _ => Expr::Any(alternatives),
        };
        Some(Item { negated, expr })
    }

    /// A word, a phrase, a field-prefixed word or phrase, or a bracketed group.
    fn unit(&mut self, negated: bool) -> Option<Expr> {
        match self.next()? {
            Lex::Word(w) => {
                let text = word_text(&w, &mut self.notes)?;
                Some(Expr::Term(Term {
                    text,
                    quoted: false,
                    scope: Scope::Anywhere,
                }))
            }
            Lex::Phrase(p) => {
                let text = fold(p.trim());
                if !text.chars().any(char::is_alphanumeric) {
                    self.notes.push(Note::Ignored {
                        text: format!("\"{p}\""),
                        why: Ignored::Punctuation,
                    });
                    return None;
                }
                Some(Expr::Term(Term {
                    text,
                    quoted: true,
                    scope: Scope::Anywhere,
                }))
            }
            Lex::Field(name) => self.field(&name, negated),
            Lex::Open => {
                let items = self.sequence(1);
                if matches!(self.peek(), Some(Lex::Close)) {
                    self.at += 1;
                }
                match items.len() {
                    0 => {
                        self.notes.push(Note::Ignored {
                            text: "()".into(),
                            why: Ignored::Punctuation,
                        });
                        None
                    }
                    1 if !items[0].negated => items.into_iter().next().map(|i| i.expr),
                    _ => Some(Expr::All(items)),
                }
            }
            Lex::Close | Lex::Or | Lex::And | Lex::Not => None,
        }
    }

    fn field(&mut self, name: &str, negated: bool) -> Option<Expr> {
        let (scope, filter) = field_of(name)?;
        let (value, quoted) = match self.next()? {
            Lex::Word(w) => (w, false),
            Lex::Phrase(p) => (p, true),
            _ => return None,
        };
        if let Some(key) = filter {
            if negated {
                self.notes.push(Note::Ignored {
                    text: format!("-{name}:{value}"),
                    why: Ignored::FilterPlacement,
                });
                return None;
            }
            self.filters.push(FilterTerm {
                key,
                value: value.trim().to_string(),
            });
            return None;
        }
        let text = if quoted {
            fold(value.trim())
        } else {
            word_text(&value, &mut self.notes)?
        };
        text.chars().any(char::is_alphanumeric).then(|| {
            Expr::Term(Term {
                text,
                quoted,
                scope: scope.unwrap_or(Scope::Anywhere),
            })
        })
    }
}

/// Parses what a person typed (see the module docs for the language).
///
/// ```
/// use kanbao::search::syntax::{Expr, FilterKey, Scope, parse};
///
/// let query = parse("title:工会 快递 OR 外卖 -罢工 region:义乌");
/// // Three ANDed items: a headline term, an OR of two words, an excluded word.
/// assert_eq!(query.items.len(), 3);
/// let Expr::Term(title) = &query.items[0].expr else { panic!("a term") };
/// assert_eq!((title.text.as_str(), title.scope), ("工会", Scope::Title));
/// let Expr::Any(either) = &query.items[1].expr else { panic!("an OR") };
/// assert_eq!(either.len(), 2);
/// assert!(query.items[2].negated);
/// // Filters are kept apart: they apply to the whole query.
/// assert_eq!(query.filters.len(), 1);
/// assert_eq!((query.filters[0].key, query.filters[0].value.as_str()), (FilterKey::Region, "义乌"));
/// assert!(query.notes.is_empty());
/// ```
pub fn parse(text: &str) -> ParsedQuery {
    let mut notes = Vec::new();
    let had_text = !text.trim().is_empty();
    let mut text: String = text.to_string();
    if text.chars().count() > MAX_QUERY_CHARS {
        text = text.chars().take(MAX_QUERY_CHARS).collect();
        notes.push(Note::Ignored {
            text: format!("… ({MAX_QUERY_CHARS}+)"),
            why: Ignored::TooLong,
        });
    }
    let lexes = lex(&text, &mut notes);
    let lexes = balance(lexes, &mut notes);
    let mut parser = Parser {
        lexes,
        at: 0,
        notes,
        filters: Vec::new(),
    };
    let items = parser.sequence(0);
    let mut notes = parser.notes;
    if !items.is_empty() && items.iter().all(|i| i.negated) {
        notes.push(Note::OnlyExclusions);
    }
    notes.dedup();
    ParsedQuery {
        items,
        filters: parser.filters,
        notes,
        had_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str) -> Expr {
        Expr::Term(Term {
            text: text.into(),
            quoted: false,
            scope: Scope::Anywhere,
        })
    }

    fn must(expr: Expr) -> Item {
        Item {
            negated: false,
            expr,
        }
    }

    fn not(expr: Expr) -> Item {
        Item {
            negated: true,
            expr,
        }
    }

    #[test]
    fn words_are_anded_and_quotes_make_phrases() {
        let p = parse("义乌 \"技高者多得\"");
        assert_eq!(
            p.items,
            vec![
                must(term("义乌")),
                must(Expr::Term(Term {
                    text: "技高者多得".into(),
                    quoted: true,
                    scope: Scope::Anywhere
                }))
            ]
        );
        assert!(p.notes.is_empty());
        assert_eq!(parse("“技高者多得”").items.len(), 1);
        assert_eq!(parse("「技高者多得」").items.len(), 1);
    }

    #[test]
    fn or_binds_tighter_than_and() {
        let p = parse("快递 OR 外卖 骑手");
        assert_eq!(
            p.items,
            vec![
                must(Expr::Any(vec![term("快递"), term("外卖")])),
                must(term("骑手"))
            ]
        );
        assert_eq!(parse("快递 | 外卖").items, parse("快递 OR 外卖").items);
        assert_eq!(parse("快递｜外卖").items, parse("快递 OR 外卖").items);
        // Lower-case `or` is a word (and pinyin-like text).
        assert_eq!(parse("a or b").items.len(), 3);
    }

    #[test]
    fn exclusions_and_groups() {
        let p = parse("工会 -快递 NOT 外卖");
        assert_eq!(
            p.items,
            vec![must(term("工会")), not(term("快递")), not(term("外卖"))]
        );
        let p = parse("(快递 OR 外卖) 骑手");
        assert_eq!(
            p.items[0],
            must(Expr::Any(vec![term("快递"), term("外卖")]))
        );
        // A hyphen inside a word is text.
        assert_eq!(parse("covid-19").items, vec![must(term("covid-19"))]);
    }

    #[test]
    fn operators_alone_are_no_query() {
        for text in [
            "AND", "OR", "*", "(", ")", "-", "NOT", "||", "\"", "title:", "^2", "( )", "\"\"",
        ] {
            let p = parse(text);
            assert!(p.items.is_empty(), "{text}: {:?}", p.items);
            assert!(p.filters.is_empty(), "{text}");
            assert!(p.had_text);
            assert!(!p.notes.is_empty(), "{text} must say what was ignored");
        }
        let p = parse("NOT 工会");
        assert_eq!(p.items, vec![not(term("工会"))]);
        assert!(p.notes.contains(&Note::OnlyExclusions));
        assert!(!parse("").had_text);
    }

    #[test]
    fn unbalanced_quotes_and_brackets_are_dropped_with_a_note() {
        let p = parse("\"技高者 多得");
        assert_eq!(p.items, vec![must(term("技高者")), must(term("多得"))]);
        assert!(matches!(
            p.notes[0],
            Note::Ignored {
                why: Ignored::UnbalancedQuote,
                ..
            }
        ));
        let p = parse("(工会 职工");
        assert_eq!(p.items, vec![must(term("工会")), must(term("职工"))]);
        assert!(matches!(
            p.notes[0],
            Note::Ignored {
                why: Ignored::UnbalancedBracket,
                ..
            }
        ));
    }

    #[test]
    fn modifiers_are_not_words() {
        let p = parse("工会^2");
        assert_eq!(p.items, vec![must(term("工会"))]);
        assert!(matches!(
            p.notes[0],
            Note::Ignored {
                why: Ignored::Modifier,
                ..
            }
        ));
        assert_eq!(parse("工会~1 职工*").items.len(), 2);
        assert_eq!(parse("+工会!").items, vec![must(term("工会"))]);
    }

    #[test]
    fn fields_scope_terms_and_filters_are_collected() {
        let p = parse(
            "title:工会 byline:\"羊荣江\" region:义乌 theme:wages reporter:羊荣江 date:2023-05..2023-06",
        );
        assert_eq!(
            p.items,
            vec![
                must(Expr::Term(Term {
                    text: "工会".into(),
                    quoted: false,
                    scope: Scope::Title
                })),
                must(Expr::Term(Term {
                    text: "羊荣江".into(),
                    quoted: true,
                    scope: Scope::Byline
                })),
            ]
        );
        let keys: Vec<FilterKey> = p.filters.iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            vec![
                FilterKey::Region,
                FilterKey::Theme,
                FilterKey::Reporter,
                FilterKey::Date
            ]
        );
        assert_eq!(p.filters[3].value, "2023-05..2023-06");
        // Full-width colon, Chinese field names.
        assert_eq!(parse("地区：义乌").filters[0].value, "义乌");
        // An unknown prefix is text.
        assert_eq!(parse("foo:bar").items, vec![must(term("foo:bar"))]);
        assert_eq!(parse("12:30").items, vec![must(term("12:30"))]);
    }

    #[test]
    fn text_is_folded_and_long_text_cut() {
        assert_eq!(
            parse("義烏 ＡＢＣ").items,
            vec![must(term("义乌")), must(term("abc"))]
        );
        let p = parse(&"职工".repeat(500));
        assert!(matches!(
            p.notes[0],
            Note::Ignored {
                why: Ignored::TooLong,
                ..
            }
        ));
    }

    #[test]
    fn notes_read_in_both_languages() {
        let note = Note::Partial { matched: 1, of: 2 }.to_string();
        assert!(note.contains("没有文章") && note.contains("no article"));
    }
}
