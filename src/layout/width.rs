//! Display widths in terminal cells, per grapheme cluster: the measure ratatui's buffer uses.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How many cells an East Asian *ambiguous* character (“ ” ‘ ’ … · — ※ …) takes.
///
/// Most Western-configured terminals draw them one cell wide, CJK-configured ones two. The
/// setting must match the terminal, or every line holding one of them comes out misaligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// One cell (the default; what ratatui and Windows Terminal assume).
    #[default]
    Narrow,
    /// Two cells (`ambiguous_width = "wide"`, `--ambiguous-wide`).
    Wide,
}

/// The width in cells of one grapheme cluster, as the terminal draws it.
///
/// In `Narrow` mode this is ratatui's own count (`unicode-width` on the cluster), so a line
/// measured here fits the area ratatui draws it in; the one known exception is halfwidth
/// (han)dakuten (ﾞ ﾟ), which ratatui-core 0.1 counts one cell wider. Control characters are not
/// meaningful here: [`super::sanitize`] first.
pub(crate) fn grapheme_width(grapheme: &str, ambiguous: AmbiguousWidth) -> usize {
    let bytes = grapheme.as_bytes();
    if bytes.len() == 1 {
        // ASCII fast path; the only one-byte clusters are ASCII, and printable ASCII is 1 cell.
        return usize::from(!bytes[0].is_ascii_control());
    }
    let mut chars = grapheme.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A lone character: its own width is the cluster's (checked exhaustively in the tests),
        // and cheaper to look up than the sequence-aware string width.
        return match ambiguous {
            AmbiguousWidth::Narrow => c.width(),
            AmbiguousWidth::Wide => c.width_cjk(),
        }
        .unwrap_or(0);
    }
    match ambiguous {
        AmbiguousWidth::Narrow => grapheme.width(),
        AmbiguousWidth::Wide => grapheme.width_cjk(),
    }
}

/// The width in cells of `s`, summed per grapheme cluster (never per byte or char).
///
/// Han characters take two cells; ambiguous ones (the curly quotes “ ” here) one or two, as the
/// terminal draws them:
///
/// ```
/// use kanbao::layout::{AmbiguousWidth, str_width};
///
/// assert_eq!(str_width("“工会”", AmbiguousWidth::Narrow), 6);
/// assert_eq!(str_width("“工会”", AmbiguousWidth::Wide), 8);
/// assert_eq!("“工会”".len(), 12, "bytes are not cells");
/// ```
pub fn str_width(s: &str, ambiguous: AmbiguousWidth) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    clusters(s).map(|(_, g)| grapheme_width(g, ambiguous)).sum()
}

/// The grapheme clusters of `text` with their byte offsets: exactly
/// `text.grapheme_indices(true)`, but faster on Chinese text, where nearly every cluster is one
/// character (figures in docs/PERFORMANCE.md, "Display widths"). Two "simple" characters in a row (printable ASCII and Latin-1,
/// common punctuation, kana, CJK ideographs and full-width forms: none of them extends, joins,
/// prepends or pairs) always have a boundary between them; anything else asks
/// `unicode-segmentation`, starting from a known boundary.
pub(crate) fn clusters(text: &str) -> Clusters<'_> {
    Clusters { text, position: 0 }
}

pub(crate) struct Clusters<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Iterator for Clusters<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.position;
        let rest = &self.text[start..];
        let mut chars = rest.chars();
        let first = chars.next()?;
        let len = if is_simple(first) && chars.next().is_none_or(is_simple) {
            first.len_utf8()
        } else {
            rest.graphemes(true).next().map_or(rest.len(), str::len)
        };
        self.position += len;
        Some((start, &rest[..len]))
    }
}

/// Characters with Grapheme_Cluster_Break = Other that are neither Extended_Pictographic
/// joiners nor Hangul jamo nor regional indicators: a boundary lies on both sides of each.
fn is_simple(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{2FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303F}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A0}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF9D}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cjk_is_two_cells_ascii_one() {
        assert_eq!(str_width("你好", AmbiguousWidth::Narrow), 4);
        assert_eq!(str_width("ratatui", AmbiguousWidth::Narrow), 7);
        assert_eq!(str_width("　", AmbiguousWidth::Narrow), 2);
        assert_eq!(str_width("，。（）《》", AmbiguousWidth::Narrow), 12);
    }

    #[test]
    fn ambiguous_characters_follow_the_setting() {
        for amb in ["“", "”", "‘", "’", "…", "·", "—", "※"] {
            assert_eq!(str_width(amb, AmbiguousWidth::Narrow), 1, "{amb}");
            assert_eq!(str_width(amb, AmbiguousWidth::Wide), 2, "{amb}");
        }
        assert_eq!(str_width("“你好”他说", AmbiguousWidth::Narrow), 10);
        assert_eq!(str_width("“你好”他说", AmbiguousWidth::Wide), 12);
    }

    #[test]
    fn emoji_sequences_are_one_wide_cluster() {
        assert_eq!(str_width("👨‍👩‍👧", AmbiguousWidth::Narrow), 2);
        assert_eq!(str_width("👍🏽", AmbiguousWidth::Narrow), 2);
        assert_eq!(str_width("🇨🇳", AmbiguousWidth::Narrow), 2);
    }

    #[test]
    fn a_lone_characters_width_is_its_clusters_string_width() {
        for c in ('\u{20}'..='\u{2FFFF}').filter(|c| !c.is_control()) {
            let mut buffer = [0; 4];
            let s: &str = c.encode_utf8(&mut buffer);
            assert_eq!(
                grapheme_width(s, AmbiguousWidth::Narrow),
                s.width(),
                "{c:?}"
            );
            assert_eq!(
                grapheme_width(s, AmbiguousWidth::Wide),
                s.width_cjk(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn fast_clusters_agree_with_unicode_segmentation_on_the_seed_pages() {
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pages")).unwrap()
        {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert!(clusters(&text).eq(text.grapheme_indices(true)));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn fast_clusters_agree_with_unicode_segmentation(
            pieces in prop::collection::vec(prop_oneof![
                any::<char>().prop_map(String::from),
                prop::sample::select(vec![
                    "a", "你", "。", "“", "\u{301}", "\u{200D}", "\u{FE0F}", "👨", "🇨", "🇳",
                    "\r", "\n", "\u{1100}", "\u{1161}", "\u{11A8}", "가", "\u{0600}", "\u{093F}",
                    "\u{FF9E}", "ｶ", "\u{302A}", "\u{3099}", "‼", "©", "\u{E0067}", "🏴",
                ]).prop_map(String::from),
            ], 0..30)
        ) {
            let text = pieces.concat();
            let fast: Vec<_> = clusters(&text).collect();
            let reference: Vec<_> = text.grapheme_indices(true).collect();
            prop_assert_eq!(fast, reference);
        }
    }

    #[test]
    fn halfwidth_sound_marks_take_their_own_cell() {
        assert_eq!(str_width("ｶﾞ", AmbiguousWidth::Narrow), 2);
    }

    #[test]
    fn ambiguous_width_deserialises_from_settings_spelling() {
        #[derive(Deserialize)]
        struct Settings {
            ambiguous_width: AmbiguousWidth,
        }
        let s: Settings = toml::from_str("ambiguous_width = \"wide\"").unwrap();
        assert_eq!(s.ambiguous_width, AmbiguousWidth::Wide);
        let s: Settings = toml::from_str("ambiguous_width = \"narrow\"").unwrap();
        assert_eq!(s.ambiguous_width, AmbiguousWidth::Narrow);
    }
}
