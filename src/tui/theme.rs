//! Colours. Only the 16 named terminal colours (or an indexed colour the user asks for) plus
//! bold/reverse/underline, so every screen reads in a 16-colour terminal; with `NO_COLOR` set
//! every colour is dropped and only the modifiers remain.

use ratatui::style::{Color, Modifier, Style};

/// The colour roles a user can change in `[colors]`.
pub(crate) const ROLES: &[&str] = &[
    "accent", "hit", "muted", "unread", "subhead", "caption", "notice",
];

/// The colour of each role (`[colors]` in the config), and whether colour is off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub(crate) accent: Color,
    pub(crate) hit: Color,
    pub(crate) muted: Color,
    pub(crate) unread: Color,
    pub(crate) subhead: Color,
    pub(crate) caption: Color,
    pub(crate) notice: Color,
    /// `NO_COLOR`: styles keep their modifiers and lose every colour.
    pub no_color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            accent: Color::Cyan,
            hit: Color::Yellow,
            muted: Color::DarkGray,
            unread: Color::Green,
            subhead: Color::Blue,
            caption: Color::Magenta,
            notice: Color::Red,
            no_color: false,
        }
    }
}

/// A colour in the config's `[colors]` that is not one: the message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ColorError {
    /// A name [`parse_color`] does not know (`#ff0000`, `chartreuse`).
    #[error(
        "unknown colour {0:?} (use black, red, green, yellow, blue, magenta, cyan, gray, darkgray, light<colour>, white, or an index 0-255)"
    )]
    Unknown(String),
    /// A number given as a colour index that is not one (`hit = 300`).
    #[error("colour index {0} is outside 0-255 (use an index 0-255, or a colour name)")]
    IndexOutOfRange(i64),
}

/// Parses a colour name (`yellow`, `lightblue`, `dark-gray`, `grey`) or an index `0`…`255`.
pub(crate) fn parse_color(text: &str) -> Result<Color, ColorError> {
    let name: String = text
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect();
    let color = match name.as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" | "brightblack" => Color::DarkGray,
        "lightred" | "brightred" => Color::LightRed,
        "lightgreen" | "brightgreen" => Color::LightGreen,
        "lightyellow" | "brightyellow" => Color::LightYellow,
        "lightblue" | "brightblue" => Color::LightBlue,
        "lightmagenta" | "brightmagenta" => Color::LightMagenta,
        "lightcyan" | "brightcyan" => Color::LightCyan,
        "white" | "brightwhite" => Color::White,
        other => match other.parse::<u8>() {
            Ok(index) => Color::Indexed(index),
            Err(_) => return Err(ColorError::Unknown(text.to_string())),
        },
    };
    Ok(color)
}

impl Theme {
    pub(crate) fn set(&mut self, role: &str, color: Color) -> bool {
        let slot = match role {
            "accent" => &mut self.accent,
            "hit" => &mut self.hit,
            "muted" => &mut self.muted,
            "unread" => &mut self.unread,
            "subhead" => &mut self.subhead,
            "caption" => &mut self.caption,
            "notice" => &mut self.notice,
            _ => return false,
        };
        *slot = color;
        true
    }

    fn fg(&self, color: Color) -> Style {
        if self.no_color {
            Style::new()
        } else {
            Style::new().fg(color)
        }
    }

    #[expect(
        clippy::unused_self,
        reason = "a role of the theme like the others: views ask the theme, whatever it answers"
    )]
    pub(crate) fn plain(&self) -> Style {
        Style::new()
    }
    pub(crate) fn accent(&self) -> Style {
        self.fg(self.accent)
    }
    pub(crate) fn title(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }
    pub(crate) fn muted(&self) -> Style {
        if self.no_color {
            Style::new().add_modifier(Modifier::DIM)
        } else {
            self.fg(self.muted)
        }
    }
    pub(crate) fn unread(&self) -> Style {
        self.fg(self.unread).add_modifier(Modifier::BOLD)
    }
    pub(crate) fn subhead(&self) -> Style {
        self.fg(self.subhead).add_modifier(Modifier::BOLD)
    }
    pub(crate) fn caption(&self) -> Style {
        self.fg(self.caption).add_modifier(Modifier::ITALIC)
    }
    /// A search hit: coloured and underlined, so it shows without colour too.
    pub(crate) fn hit(&self) -> Style {
        self.fg(self.hit)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    /// The hit `n`/`N` stopped at.
    pub(crate) fn current_hit(&self) -> Style {
        self.hit().add_modifier(Modifier::REVERSED)
    }
    #[expect(
        clippy::unused_self,
        reason = "a role of the theme like the others: views ask the theme, whatever it answers"
    )]
    pub(crate) fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub(crate) fn notice(&self) -> Style {
        self.fg(self.notice).add_modifier(Modifier::BOLD)
    }
    pub(crate) fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.accent).add_modifier(Modifier::BOLD)
        } else {
            self.muted()
        }
    }
    #[expect(
        clippy::unused_self,
        reason = "a role of the theme like the others: views ask the theme, whatever it answers"
    )]
    pub(crate) fn bar(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// An active filter on the title bar: bold in the accent colour (its brackets show it
    /// without colour).
    pub(crate) fn chip(&self) -> Style {
        self.bar()
            .patch(self.fg(self.accent))
            .add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_names_and_indices_parse() {
        assert_eq!(parse_color("yellow"), Ok(Color::Yellow));
        assert_eq!(parse_color("Light-Blue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("grey"), Ok(Color::Gray));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        let err = parse_color("#ff0000").unwrap_err();
        assert_eq!(err, ColorError::Unknown("#ff0000".into()));
        assert!(
            err.to_string()
                .starts_with("unknown colour \"#ff0000\" (use black, red"),
            "{err}"
        );
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let theme = Theme {
            no_color: true,
            ..Theme::default()
        };
        assert_eq!(theme.hit().fg, None);
        assert!(theme.hit().add_modifier.contains(Modifier::UNDERLINED));
        assert_eq!(Theme::default().hit().fg, Some(Color::Yellow));
    }
}
