//! Bytes → text: UTF-8 (BOM or not), GB18030/GBK (told apart by the bytes, never by the file
//! name), UTF-16 with a BOM, or without one when its zero bytes give it away; line ends
//! normalised to `\n`. Empty, binary, undecodable and
//! oversized input are errors whose messages say what to do. Pure: no I/O.

use std::borrow::Cow;

use thiserror::Error;

/// The largest page accepted, in bytes. A printed newspaper page is 10–30 KB of text; anything
/// near this cap is not a page, and refusing it keeps a stray file from exhausting memory.
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Share of control bytes (other than tab, line feed, carriage return and form feed) above which
/// input is taken for binary. OCR output may carry the odd stray control character; a file that
/// is 2% control bytes is not text.
const MAX_CONTROL_SHARE: f64 = 0.02;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Why page bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error(
        "the page is empty (nothing but white space); remove the file or give it the page's OCR text"
    )]
    Empty,
    #[error(
        "the page looks binary, not text ({reason}); give kanbao the OCR'd text of the page (UTF-8 or GB18030), not an image or PDF"
    )]
    Binary { reason: String },
    #[error(
        "the page is neither valid UTF-8 nor valid GB18030/GBK (it goes wrong at byte offset {byte_offset}, line {line}); re-save it as UTF-8"
    )]
    Undecodable { byte_offset: usize, line: usize },
    #[error(
        "the page is {bytes} bytes, over the {max} byte limit for one page; split it into one file per printed page",
        max = MAX_PAGE_BYTES
    )]
    TooLarge { bytes: usize },
}

/// The text encoding [`decode`] found in a page's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 that starts with a byte order mark.
    Utf8Bom,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// The name to show in messages (`--explain`, import reports).
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (with BOM)",
            TextEncoding::Gb18030 => "GB18030/GBK",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Which encoding the bytes are in, or why they are not text at all. Checks, in order: size,
/// emptiness, byte order marks, binary content, UTF-8 validity, GB18030 validity.
pub fn detect_encoding(bytes: &[u8]) -> Result<TextEncoding, DecodeError> {
    sniff(bytes).map(|(encoding, _)| encoding)
}

/// Page bytes → text with `\n` line ends. See the module docs for what is accepted.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let (encoding, text) = sniff(bytes)?;
    // A GB18030 byte order mark (84 31 95 33) decodes to U+FEFF: not part of the page.
    let text = normalize_line_ends(text.strip_prefix('\u{FEFF}').unwrap_or(&text));
    if text.chars().all(char::is_whitespace) {
        return Err(DecodeError::Empty);
    }
    // UTF-8 and GB18030 were checked byte by byte; UTF-16 hides its controls in code units.
    if matches!(encoding, TextEncoding::Utf16Le | TextEncoding::Utf16Be)
        && let Some(reason) = control_heavy(text.chars().map(|c| c as u32))
    {
        return Err(DecodeError::Binary { reason });
    }
    Ok(text)
}

/// The encoding and the decoded text (line ends untouched), validating the bytes once.
fn sniff(bytes: &[u8]) -> Result<(TextEncoding, Cow<'_, str>), DecodeError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    for (bom, encoding, codec) in [
        (UTF16LE_BOM, TextEncoding::Utf16Le, encoding_rs::UTF_16LE),
        (UTF16BE_BOM, TextEncoding::Utf16Be, encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = codec.decode_with_bom_removal(bytes);
            if had_errors {
                return Err(DecodeError::Undecodable {
                    byte_offset: 0,
                    line: 1,
                });
            }
            return Ok((encoding, text));
        }
    }
    if let Some(found) = utf16_without_bom(bytes) {
        return Ok(found);
    }
    let (has_bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    check_not_binary(body)?;
    match std::str::from_utf8(body) {
        Ok(text) if has_bom => Ok((TextEncoding::Utf8Bom, Cow::Borrowed(text))),
        Ok(text) => Ok((TextEncoding::Utf8, Cow::Borrowed(text))),
        // A BOM promises UTF-8: do not fall back to another encoding behind its back.
        Err(e) if has_bom => Err(undecodable_at(body, e.valid_up_to())),
        Err(e) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (TextEncoding::Gb18030, text))
            .ok_or_else(|| undecodable_at(body, e.valid_up_to())),
    }
}

/// UTF-16 saved without a byte order mark (some Windows tools do): text with line breaks or
/// any ASCII has zero high bytes, mostly on odd offsets (little-endian) or mostly on even ones
/// (big-endian), which neither UTF-8 nor GB18030 text ever has (they have no zero bytes). Taken
/// only when the zero bytes lean clearly to one side, the units decode without a lone
/// surrogate, and nearly every character is one a page is made of; anything else stays
/// "binary".
fn utf16_without_bom(bytes: &[u8]) -> Option<(TextEncoding, Cow<'_, str>)> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even_zeros, mut odd_zeros) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even_zeros += usize::from(pair[0] == 0);
        odd_zeros += usize::from(pair[1] == 0);
    }
    // An ideograph's code unit has a zero low byte now and then (U+5100), so "mostly".
    let (encoding, codec) = if odd_zeros > even_zeros * 2 {
        (TextEncoding::Utf16Le, encoding_rs::UTF_16LE)
    } else if even_zeros > odd_zeros * 2 {
        (TextEncoding::Utf16Be, encoding_rs::UTF_16BE)
    } else {
        return None;
    };
    let text = codec.decode_without_bom_handling_and_without_replacement(bytes)?;
    let total = text.chars().count();
    let textual = text.chars().filter(|&c| looks_like_page_text(c)).count();
    // 95 %: a stray symbol or two is fine, a run of random code points is not text.
    (textual * 20 >= total * 19).then(|| (encoding, Cow::Owned(text.into_owned())))
}

/// Characters a newspaper page is made of: ASCII, Latin-1 letters, general punctuation, CJK
/// symbols, kana, ideographs, full-width forms.
fn looks_like_page_text(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{c}' | ' '..='~'
        | '\u{a0}'..='\u{2ff}'
        | '\u{2000}'..='\u{2bff}'
        | '\u{3000}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{ffef}')
}

/// `\r\n` and lone `\r` become `\n`.
fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// NUL bytes never occur in UTF-8 or GB18030 text (they do in UTF-16, which is handled by its
/// BOM before this check); many other control bytes mean an image, archive or office file.
fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary {
            reason: format!("a NUL byte at byte offset {pos}"),
        });
    }
    match control_heavy(bytes.iter().map(|&b| u32::from(b))) {
        Some(reason) => Err(DecodeError::Binary { reason }),
        None => Ok(()),
    }
}

/// `Some(reason)` when more than [`MAX_CONTROL_SHARE`] of the units are control codes other
/// than the white space ones text uses.
fn control_heavy(units: impl Iterator<Item = u32>) -> Option<String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for u in units {
        total += 1;
        let is_control = u < 0x20 && !matches!(u, 0x09 | 0x0A | 0x0C | 0x0D) || u == 0x7F;
        if is_control {
            control += 1;
        }
    }
    // Allow a couple of stray control characters in a short page.
    if control > 2 && control as f64 > total as f64 * MAX_CONTROL_SHARE {
        Some(format!("{control} control characters in {total}"))
    } else {
        None
    }
}

fn undecodable_at(bytes: &[u8], byte_offset: usize) -> DecodeError {
    let line = 1 + bytes[..byte_offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    DecodeError::Undecodable { byte_offset, line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(normalize_line_ends("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn a_few_stray_controls_are_tolerated() {
        assert!(control_heavy("ab\u{7}cdefgh".chars().map(|c| c as u32)).is_none());
        assert!(control_heavy("\u{1}\u{2}\u{3}\u{4}".chars().map(|c| c as u32)).is_some());
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_a_bom_is_recognised_by_its_zero_bytes() {
        let page = "浙江工人日报\n本报讯 记者 王明\n2024年职工技能大赛在杭州举行。\n";
        for (big_endian, encoding) in [
            (false, TextEncoding::Utf16Le),
            (true, TextEncoding::Utf16Be),
        ] {
            let bytes = utf16(page, big_endian);
            assert_eq!(detect_encoding(&bytes), Ok(encoding));
            assert_eq!(decode(&bytes).unwrap(), page);
        }
    }

    #[test]
    fn binary_with_zero_bytes_on_one_side_is_still_binary() {
        // Every other byte zero, the rest control codes: no page text.
        let bytes: Vec<u8> = (0..200u8).flat_map(|i| [i % 8 + 1, 0]).collect();
        assert!(matches!(decode(&bytes), Err(DecodeError::Binary { .. })));
    }

    #[test]
    fn an_undecodable_offset_reads_as_an_offset() {
        let err = DecodeError::Undecodable {
            byte_offset: 7998,
            line: 12,
        };
        assert!(
            err.to_string().contains("at byte offset 7998, line 12"),
            "{err}"
        );
    }
}
