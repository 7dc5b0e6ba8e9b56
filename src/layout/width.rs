//! Display widths in terminal cells, per grapheme cluster: the measure ratatui's buffer uses.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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
/// measured here fits the area ratatui draws it in; the one known exception, halfwidth
/// (han)dakuten, is reported by [`super::render_cells`]. Control characters are not meaningful here: [`super::sanitize`] first.
pub fn grapheme_width(grapheme: &str, ambiguous: AmbiguousWidth) -> usize {
    let bytes = grapheme.as_bytes();
    if bytes.len() == 1 {
        // ASCII fast path; the only one-byte clusters are ASCII, and printable ASCII is 1 cell.
        return usize::from(!bytes[0].is_ascii_control());
    }
    match ambiguous {
        AmbiguousWidth::Narrow => grapheme.width(),
        AmbiguousWidth::Wide => grapheme.width_cjk(),
    }
}

/// The width in cells of `s`, summed per grapheme cluster (never per byte or char).
pub fn str_width(s: &str, ambiguous: AmbiguousWidth) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true)
        .map(|g| grapheme_width(g, ambiguous))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

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
