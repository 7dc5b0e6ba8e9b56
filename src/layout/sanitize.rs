//! Making untrusted text safe to print: nothing that steers the terminal or hides itself gets
//! through.
//!
//! Policy (chosen so a reader can always see that something was there, without the text
//! turning into noise):
//! - an escape sequence (`ESC [ … m`, `ESC ] … BEL`, the 8-bit C1 forms) becomes one `␛`;
//! - any other C0 control becomes its Control Pictures symbol (`\0` → `␀`, BEL → `␇`), DEL → `␡`,
//!   other C1 controls → `�`;
//! - tab → one space; CR LF, CR, NEL, U+2028, U+2029 → a newline ([`sanitize`]) or a space
//!   ([`sanitize_line`]);
//! - bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners, soft hyphens,
//!   BOMs, Hangul fillers, invisible operators and the other default-ignorable characters are
//!   dropped, except the pieces that build a visible emoji (a ZWJ between two pictographs,
//!   a variation selector after a visible character, tag characters after 🏴);
//! - a combining mark with nothing visible before it on its line is dropped (it would otherwise
//!   land on whatever the terminal last drew).

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// Shown in place of a whole escape sequence.
const ESCAPE_PLACEHOLDER: char = '\u{241B}'; // ␛
/// Shown in place of DEL.
const DELETE_PLACEHOLDER: char = '\u{2421}'; // ␡
/// Shown in place of a C1 control character.
const C1_PLACEHOLDER: char = '\u{FFFD}';

/// Returns `text` with every control character, escape sequence, bidi override and invisible
/// character dropped or replaced by a visible placeholder (see the module docs). Newlines are
/// kept; borrowed when nothing needed changing.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    sanitize_mapped(text, LineMode::KeepNewlines).text
}

/// Like [`sanitize`], for one-line contexts (list rows, table cells, titles): line breaks become
/// spaces too.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    sanitize_mapped(text, LineMode::OneLine).text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineMode {
    KeepNewlines,
    OneLine,
}

/// One change made by sanitising: the bytes `original` became the bytes `output`. Everything
/// between two edits was copied unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub original: Range<usize>,
    pub output: Range<usize>,
}

/// Sanitised text plus what it takes to map byte offsets of the original into it.
#[derive(Debug)]
pub(crate) struct Sanitized<'a> {
    pub text: Cow<'a, str>,
    pub edits: Vec<Edit>,
}

impl Sanitized<'_> {
    /// Maps an offset into the original text onto the sanitised text. A position inside a
    /// replaced or dropped stretch maps to that stretch's start (`is_end == false`) or its end
    /// (`is_end == true`), so a range that touches a replacement still covers it.
    pub fn map_offset(&self, original: usize, is_end: bool) -> usize {
        // The last edit starting at or before `original`.
        let idx = self.edits.partition_point(|e| e.original.start <= original);
        if idx == 0 {
            return original.min(self.text.len());
        }
        let edit = &self.edits[idx - 1];
        if original < edit.original.end {
            if is_end && original > edit.original.start {
                edit.output.end
            } else {
                edit.output.start
            }
        } else {
            (original - edit.original.end + edit.output.end).min(self.text.len())
        }
    }
}

/// What to do with the character at hand.
enum Action {
    Keep,
    /// Replace the original bytes `here..end` with `with` (nothing when `None`).
    Replace {
        end: usize,
        with: Option<char>,
    },
}

/// Sanitises `text` (see the module docs), recording every edit so offsets can be mapped.
pub(crate) fn sanitize_mapped(text: &str, mode: LineMode) -> Sanitized<'_> {
    let mut context = Context::default();
    let mut output = Output::new(text);
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let next_index = i + c.len_utf8();
        if is_plain_visible(c) {
            // The bulk of any text: nothing to decide.
            context.plain_visible();
            i = next_index;
            continue;
        }
        match context.action(text, i, c, mode) {
            Action::Keep => {
                context.kept(c);
                i = next_index;
            }
            Action::Replace { end, with } => {
                output.replace(i..end, with);
                context.replaced(with);
                i = end;
            }
        }
    }
    output.finish()
}

/// What the sanitiser remembers of the output so far, for the characters whose fate depends on
/// their neighbours (combining marks, emoji joiners and selectors, tags).
#[derive(Default)]
struct Context {
    /// Is there a visible character earlier on this output line (for combining marks)?
    line_has_visible: bool,
    /// Was the last kept base character a pictograph (for ZWJ emoji sequences)?
    after_pictograph: bool,
    /// Was the last kept character 🏴 or a tag (for subdivision flags)?
    in_tag_sequence: bool,
}

impl Context {
    /// What to do with `c`, which stands at byte `at` of `text` and is not plain visible.
    fn action(&self, text: &str, at: usize, c: char, mode: LineMode) -> Action {
        let next_index = at + c.len_utf8();
        let next = text[next_index..].chars().next();
        let line_break = match mode {
            LineMode::KeepNewlines => '\n',
            LineMode::OneLine => ' ',
        };
        let replace = |with: Option<char>| Action::Replace {
            end: next_index,
            with,
        };
        let keep_if = |keep: bool| if keep { Action::Keep } else { replace(None) };
        match c {
            '\n' if mode == LineMode::KeepNewlines => Action::Keep,
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => replace(Some(line_break)),
            '\r' if next == Some('\n') => replace(None),
            '\r' => replace(Some(line_break)),
            '\t' => replace(Some(' ')),
            '\u{1B}' => Action::Replace {
                end: escape_sequence_end(text, next_index),
                with: Some(ESCAPE_PLACEHOLDER),
            },
            '\u{9B}' => Action::Replace {
                end: control_sequence_end(text.as_bytes(), next_index),
                with: Some(ESCAPE_PLACEHOLDER),
            },
            '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => Action::Replace {
                end: control_string_end(text, next_index),
                with: Some(ESCAPE_PLACEHOLDER),
            },
            '\0'..='\u{1F}' => replace(char::from_u32(0x2400 + c as u32)),
            '\u{7F}' => replace(Some(DELETE_PLACEHOLDER)),
            '\u{80}'..='\u{9F}' => replace(Some(C1_PLACEHOLDER)),
            '\u{200D}' => keep_if(self.after_pictograph && next.is_some_and(is_pictograph)),
            '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => keep_if(self.line_has_visible),
            '\u{E0020}'..='\u{E007F}' => keep_if(self.in_tag_sequence),
            c if is_invisible_format(c) => replace(None),
            c if c.width() == Some(0) && !self.line_has_visible => replace(None),
            _ => Action::Keep,
        }
    }

    /// A plain visible character was kept.
    fn plain_visible(&mut self) {
        self.line_has_visible = true;
        self.after_pictograph = false;
        self.in_tag_sequence = false;
    }

    /// `c` (not plain visible) was kept.
    fn kept(&mut self, c: char) {
        if c == '\n' {
            self.line_has_visible = false;
            self.after_pictograph = false;
        } else if c.width().unwrap_or(0) > 0 {
            self.line_has_visible = true;
        }
        let joins_emoji = matches!(c, '\u{200D}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
            || matches!(c, '\u{E0020}'..='\u{E007F}');
        if !joins_emoji {
            self.after_pictograph = is_pictograph(c);
        }
        self.in_tag_sequence =
            c == '\u{1F3F4}' || (self.in_tag_sequence && matches!(c, '\u{E0020}'..='\u{E007E}'));
    }

    /// Something was replaced by `with` (or dropped).
    fn replaced(&mut self, with: Option<char>) {
        if let Some(with) = with {
            self.line_has_visible = with != '\n';
        }
        self.after_pictograph = false;
        self.in_tag_sequence = false;
    }
}

/// The sanitised text as it is written: nothing is copied until the first edit, so a clean text
/// stays borrowed.
struct Output<'a> {
    text: &'a str,
    buffer: Option<String>,
    edits: Vec<Edit>,
    copied_up_to: usize,
}

impl<'a> Output<'a> {
    fn new(text: &'a str) -> Self {
        Output {
            text,
            buffer: None,
            edits: Vec::new(),
            copied_up_to: 0,
        }
    }

    /// Replaces the original bytes `original` (after everything before them, unchanged) with
    /// `with`, or with nothing.
    fn replace(&mut self, original: Range<usize>, with: Option<char>) {
        let text = self.text;
        let buffer = self
            .buffer
            .get_or_insert_with(|| String::with_capacity(text.len()));
        buffer.push_str(&text[self.copied_up_to..original.start]);
        let output_start = buffer.len();
        if let Some(with) = with {
            buffer.push(with);
        }
        self.copied_up_to = original.end;
        self.edits.push(Edit {
            original,
            output: output_start..buffer.len(),
        });
    }

    fn finish(self) -> Sanitized<'a> {
        let text = match self.buffer {
            None => Cow::Borrowed(self.text),
            Some(mut buffer) => {
                buffer.push_str(&self.text[self.copied_up_to..]);
                Cow::Owned(buffer)
            }
        };
        Sanitized {
            text,
            edits: self.edits,
        }
    }
}

/// Printable ASCII, CJK ideographs, CJK punctuation and full-width forms: visible, never part
/// of anything the sanitiser treats specially.
fn is_plain_visible(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{3000}'..='\u{3029}'
        | '\u{3031}'..='\u{303C}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF5E}')
}

/// Where an escape sequence that starts with ESC ends; `after_esc` is the byte after the ESC.
fn escape_sequence_end(text: &str, after_esc: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(after_esc) {
        Some(b'[') => control_sequence_end(bytes, after_esc + 1),
        Some(b']' | b'P' | b'X' | b'^' | b'_') => control_string_end(text, after_esc + 1),
        Some(0x20..=0x2F) => {
            // nF: intermediates, then one final byte.
            let mut j = after_esc;
            while matches!(bytes.get(j), Some(0x20..=0x2F)) {
                j += 1;
            }
            if matches!(bytes.get(j), Some(0x30..=0x7E)) {
                j + 1
            } else {
                j
            }
        }
        Some(0x30..=0x7E) => after_esc + 1,
        _ => after_esc,
    }
}

/// The end of a CSI sequence's parameter and intermediate bytes plus its final byte. A byte that
/// cannot belong to the sequence ends it early (and is then handled on its own).
fn control_sequence_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(&b) = bytes.get(j) {
        match b {
            0x20..=0x3F => j += 1,
            0x40..=0x7E => return j + 1,
            _ => return j,
        }
    }
    j
}

/// The end of an OSC/DCS/APC/PM/SOS string: after BEL, ESC \ or the 8-bit ST. A line break or
/// another control ends it early, so an unterminated sequence cannot swallow the rest of a text.
fn control_string_end(text: &str, start: usize) -> usize {
    let tail = &text[start..];
    let mut chars = tail.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        match c {
            '\u{7}' | '\u{9C}' => return start + k + c.len_utf8(),
            '\u{1B}' => {
                return if matches!(chars.peek(), Some((_, '\\'))) {
                    start + k + 2
                } else {
                    start + k
                };
            }
            c if c.is_control() => return start + k,
            _ => {}
        }
    }
    text.len()
}

/// Format and default-ignorable characters that draw nothing (or lie about direction) and are
/// not part of an emoji sequence: bidi controls, zero-width spaces, soft hyphen, BOM, fillers.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Characters that start or continue an emoji ZWJ sequence (a generous approximation of
/// Extended_Pictographic: keeping a ZWJ too often is harmless, it lives inside one cluster).
fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{A9}' | '\u{AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2190}'..='\u{21FF}'
        | '\u{2300}'..='\u{23FF}'
        | '\u{24C2}'
        | '\u{25A0}'..='\u{27BF}'
        | '\u{2934}' | '\u{2935}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{1F000}'..='\u{1FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        let text = "嘉兴南湖工会找准助力高质量发展支撑点,近年来 ratatui 👨‍👩‍👧";
        assert!(matches!(sanitize(text), Cow::Borrowed(_)));
        assert!(matches!(sanitize("两行\n文字"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_one_placeholder() {
        assert_eq!(sanitize("红\u{1b}[31;1m色\u{1b}[0m"), "红␛色␛");
        assert_eq!(sanitize("a\u{1b}]0;title\u{7}b"), "a␛b");
        assert_eq!(sanitize("a\u{1b}]8;;http://x\u{1b}\\link"), "a␛link");
        assert_eq!(sanitize("a\u{9b}2Jb"), "a␛b");
        assert_eq!(sanitize("a\u{1b}(Bb"), "a␛b");
        assert_eq!(sanitize("lone\u{1b}"), "lone␛");
        // An unterminated OSC stops at the line break instead of eating the text after it.
        assert_eq!(sanitize("a\u{1b}]0;x\n第二行"), "a␛\n第二行");
    }

    #[test]
    fn controls_become_visible_pictures() {
        assert_eq!(sanitize("a\0b\u{7}c\u{8}d\u{7f}"), "a␀b␇c␈d␡");
        assert_eq!(sanitize("x\u{85}y"), "x\ny");
        assert_eq!(sanitize("x\u{80}y"), "x\u{FFFD}y");
        assert_eq!(sanitize("a\tb\r\nc\rd"), "a b\nc\nd");
        assert_eq!(sanitize_line("a\tb\r\nc\rd\ne"), "a b c d e");
    }

    #[test]
    fn bidi_and_invisible_characters_are_dropped() {
        assert_eq!(sanitize("abc\u{202E}def\u{202C}"), "abcdef");
        assert_eq!(sanitize("\u{2067}工会\u{2069}\u{200F}"), "工会");
        assert_eq!(
            sanitize("\u{FEFF}浙江\u{200B}工人\u{AD}日报\u{2060}"),
            "浙江工人日报"
        );
        assert_eq!(sanitize("隐\u{3164}\u{115F}形"), "隐形");
    }

    #[test]
    fn emoji_joiners_and_selectors_survive() {
        assert_eq!(sanitize("👨\u{200D}👩\u{200D}👧"), "👨\u{200D}👩\u{200D}👧");
        assert_eq!(sanitize("❤\u{FE0F}"), "❤\u{FE0F}");
        let flag = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(sanitize(flag), flag);
        // A joiner between letters, a selector or tag with no base: invisible, dropped.
        assert_eq!(sanitize("a\u{200D}b"), "ab");
        assert_eq!(sanitize("\u{FE0F}字"), "字");
        assert_eq!(sanitize("字\u{E0041}"), "字");
    }

    #[test]
    fn orphan_combining_marks_are_dropped_attached_ones_kept() {
        assert_eq!(sanitize("\u{301}e\u{301}"), "e\u{301}");
        assert_eq!(sanitize("a\n\u{301}b"), "a\nb");
        assert_eq!(sanitize("\u{1b}[0m\u{301}x"), "␛\u{301}x");
    }

    #[test]
    fn offsets_map_through_edits() {
        let original = "a\u{1b}[1m你好\u{200B}世界";
        let s = sanitize_mapped(original, LineMode::KeepNewlines);
        assert_eq!(s.text, "a␛你好世界");
        let you = original.find('你').unwrap();
        assert_eq!(&s.text[s.map_offset(you, false)..], "你好世界");
        let shi = original.find('世').unwrap();
        assert_eq!(&s.text[s.map_offset(shi, false)..], "世界");
        // A range covering part of the escape sequence covers its placeholder.
        assert_eq!(s.map_offset(2, false), 1);
        assert_eq!(s.map_offset(3, true), 1 + '␛'.len_utf8());
        assert_eq!(s.map_offset(original.len(), true), s.text.len());
    }
}
