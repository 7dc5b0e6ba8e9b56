//! When nothing matches: queries that would find something. The other script (a character
//! folding left alone in context), the Han terms the pinyin reading of the query has in the
//! index (a homophone typed by mistake: 工姿 → 工资), one-letter corrections of pinyin
//! (`gonghiu` → `gonghui`), and the nearest Latin words of the index. Every suggestion is
//! checked to find something before it is offered.

use super::SearchError;
use super::normalize::is_cjk;
use super::pinyin::{char_readings, pinyin_chunks};
use super::query::Compiler;
use super::syntax::{Expr, ParsedQuery};

/// Suggestions offered at most.
const MAX_SUGGESTIONS: usize = 3;

/// The searchable text of a query's positive terms, in order.
fn positive_text(parsed: &ParsedQuery) -> Vec<String> {
    parsed
        .positive_terms()
        .iter()
        .map(|t| t.text.clone())
        .collect()
}

/// Each char through the traditional → simplified table on its own (folding looks at
/// neighbours and leaves some chars alone in context).
fn other_script(text: &str) -> Option<String> {
    let each: String = text
        .chars()
        .map(|c| {
            let mut one = [0u8; 4];
            fast2s::convert(c.encode_utf8(&mut one))
                .chars()
                .next()
                .unwrap_or(c)
        })
        .collect();
    (each != text).then_some(each)
}

/// The most common reading of each Han char, as one Latin word (`工姿` → `gongzi`).
fn reading_of(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            out.push_str(char_readings(c).first()?);
        } else {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Words one edit away from `word` (deletion, transposition, substitution, insertion).
fn one_edit(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for i in 0..letters.len() {
        let mut w = letters.clone();
        w.remove(i);
        out.push(w.iter().collect());
        if i + 1 < letters.len() {
            let mut w = letters.clone();
            w.swap(i, i + 1);
            out.push(w.iter().collect());
        }
    }
    for i in 0..=letters.len() {
        for c in 'a'..='z' {
            if i < letters.len() {
                let mut w = letters.clone();
                w[i] = c;
                out.push(w.iter().collect());
            }
            let mut w = letters.clone();
            w.insert(i, c);
            out.push(w.iter().collect());
        }
    }
    out.sort();
    out.dedup();
    out.retain(|w| w.as_str() != word && !w.is_empty());
    out
}

/// Suggestions for a query that found nothing; `count(text)` says how many articles a query
/// text finds (with the caller's filters).
pub(crate) fn suggestions(
    compiler: &Compiler,
    parsed: &ParsedQuery,
    count: impl Fn(&str) -> Result<usize, SearchError>,
) -> Result<Vec<String>, SearchError> {
    let terms = positive_text(parsed);
    if terms.is_empty()
        || parsed
            .items
            .iter()
            .any(|i| !matches!(i.expr, Expr::Term(_)))
    {
        return Ok(Vec::new());
    }
    let mut candidates: Vec<String> = Vec::new();
    let whole = terms.join(" ");
    if let Some(other) = other_script(&whole) {
        candidates.push(other);
    }
    candidates.extend(phrases_apart(compiler, parsed, &whole));
    for (i, term) in terms.iter().enumerate() {
        let replacements = if let Some(reading) = reading_of(term) {
            han_alternatives(compiler, term, reading)
        } else if let Some(chunks) = pinyin_chunks(term)
            && chunks.len() == 1
            && term.len() <= 12
        {
            pinyin_alternatives(compiler, term, &chunks[0])
        } else {
            Vec::new()
        };
        candidates.extend(replacements.into_iter().map(|replacement| {
            let mut t = terms.clone();
            t[i] = replacement;
            t.join(" ")
        }));
    }
    let mut out: Vec<String> = Vec::new();
    for candidate in candidates {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if candidate != whole && !out.contains(&candidate) && count(&candidate)? > 0 {
            out.push(candidate);
        }
    }
    Ok(out)
}

/// A phrase that occurs nowhere as typed: the query `whole` with each quoted phrase's words
/// apart.
fn phrases_apart(compiler: &Compiler, parsed: &ParsedQuery, whole: &str) -> Vec<String> {
    let mut out = Vec::new();
    for term in parsed.positive_terms().iter().filter(|t| t.quoted) {
        let phrase = term.text.as_str();
        let words: Vec<String> = compiler
            .dict
            .segment(phrase)
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        if words.len() >= 2 {
            out.push(whole.replace(phrase, &words.join(" ")));
        }
    }
    out
}

/// What a Han `term` (read as `reading`) might have meant: homophones the index holds, the
/// reading itself, then the words of the term the index knows, longest first.
fn han_alternatives(compiler: &Compiler, term: &str, reading: String) -> Vec<String> {
    let mut out: Vec<String> = compiler
        .expand(std::slice::from_ref(&reading))
        .iter()
        .take(3)
        .filter(|(found, _)| found.text != *term)
        .map(|(found, _)| found.text.clone())
        .collect();
    out.push(reading);
    let mut words: Vec<String> = compiler
        .dict
        .segment(term)
        .into_iter()
        .map(|(_, w)| w)
        .filter(|w| w.chars().count() >= 2 && w != term)
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    out.extend(words);
    out
}

/// What a pinyin `term` (one chunk of syllables, `chunk`) might have meant: pinyin with a slip
/// of one letter — the corrections that read as whole syllables, best known first, each with
/// the Han text it finds — then the nearest Latin words of the index.
fn pinyin_alternatives(compiler: &Compiler, term: &str, chunk: &str) -> Vec<String> {
    let mut fixes: Vec<(u32, usize, String, String)> = Vec::new();
    for fixed in one_edit(chunk) {
        if super::pinyin::split_syllables(&fixed, 1).is_empty() {
            continue;
        }
        if let Some((found, _)) = compiler.expand(std::slice::from_ref(&fixed)).first()
            && found.text.chars().count() >= 2
        {
            let length_change = fixed.len().abs_diff(term.len());
            fixes.push((found.docs, length_change, fixed, found.text.clone()));
        }
    }
    fixes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut out = Vec::new();
    for (_, _, fixed, han) in fixes.into_iter().take(2) {
        out.push(fixed);
        out.push(han);
    }
    out.extend(compiler.dict.nearest_latin(term, 2));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_and_edits() {
        assert_eq!(reading_of("工资").as_deref(), Some("gongzi"));
        assert_eq!(reading_of("工会x"), None);
        let edits = one_edit("gonghiu");
        assert!(edits.contains(&"gonghui".to_string()));
        assert!(!edits.contains(&"gonghiu".to_string()));
    }
}
