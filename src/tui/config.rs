//! `~/.config/kanbao/config.toml` (or `--config FILE`): keys, colours and the ambiguous width.
//!
//! ```toml
//! ambiguous_width = "wide"          # or "narrow" (the default)
//! [keys]
//! quit = ["q", "ctrl-c"]
//! [colors]
//! accent = "yellow"                 # a named colour, or an index 0-255
//! ```
//! A bad file never stops kanbao: each problem becomes a notice naming the file, the line and
//! what is wrong, and the defaults stand in for what could not be read. Key bindings cannot
//! lock the user in: `quit` with no key, Ctrl-C bound to anything but quitting (it always
//! quits), and a key given to two commands are refused the same way (see
//! `KeyMap::apply`). The file is read within a bound: a FIFO or a device is refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::keymap::{Command, Key, KeyMap, Rebinding};
use super::text::Ambiguous;
use super::theme::{self, Theme};
use crate::corpus::bounded;

/// What the config file asks for, already applied to the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub keymap: KeyMap,
    pub(crate) theme: Theme,
    /// `None` when the file does not say.
    pub(crate) ambiguous: Option<Ambiguous>,
    /// `export_dir = "~/Documents/kanbao"`: where `e` writes; `None`: `crate::dirs::default_export_dir`.
    pub(crate) export_dir: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ColorValue {
    Name(String),
    Index(i64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<KeyList>>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<ColorValue>>,
    ambiguous_width: Option<Spanned<String>>,
    export_dir: Option<String>,
}

/// A config file is a few hundred bytes; anything past 1 MiB is not one.
const CONFIG_BOUND: bounded::Bound = bounded::Bound {
    limit: 1 << 20,
    what: "a config file",
    hint: "",
};

/// The default place of the config file.
pub(crate) fn default_path() -> Option<PathBuf> {
    crate::dirs::Dirs::discover().config_file()
}

/// Reads the config: `explicit` is `--config FILE` (which must exist); otherwise the default
/// path is read if present. Returns the config and the notices to show.
pub fn load(explicit: Option<&Path>) -> (Config, Vec<String>) {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_path() {
            Some(p) => (p, false),
            None => return (Config::default(), Vec::new()),
        },
    };
    // Bounded and type-checked: a FIFO or a device given as --config is refused, not waited on.
    let read = bounded::read_file(&path, CONFIG_BOUND).and_then(|bytes| {
        String::from_utf8(bytes)
            .map_err(|_| bounded::ReadError::Io(std::io::Error::other("it is not UTF-8 text")))
    });
    match read {
        Ok(text) => parse(&text, &path.display().to_string()),
        Err(bounded::ReadError::Io(e))
            if e.kind() == std::io::ErrorKind::NotFound && !must_exist =>
        {
            (Config::default(), Vec::new())
        }
        Err(e) => (
            Config::default(),
            vec![format!(
                "config {}: cannot read it ({e}); using the default keys and colours",
                path.display()
            )],
        ),
    }
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses config `text` (`origin` names it in notices).
pub fn parse(text: &str, origin: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut notices = Vec::new();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = e.message().trim().to_string();
            notices.push(match line {
                Some(line) => format!("config {origin} line {line}: {message}; using the defaults"),
                None => format!("config {origin}: {message}; using the defaults"),
            });
            return (config, notices);
        }
    };
    config.export_dir = raw
        .export_dir
        .filter(|d| !d.trim().is_empty())
        .map(|d| crate::dirs::expand_home(d.trim()));
    let at = |span: std::ops::Range<usize>| {
        format!("config {origin} line {}", line_of(text, span.start))
    };
    let rebindings = read_keys(raw.keys, text, &at, &mut notices);
    for (line, why) in config.keymap.apply(rebindings) {
        notices.push(format!("config {origin} line {line}: {why}"));
    }
    for (role, value) in raw.colors {
        let at = at(role.span());
        let color = match value.into_inner() {
            ColorValue::Name(name) => theme::parse_color(&name),
            ColorValue::Index(i) => u8::try_from(i)
                .map(ratatui::style::Color::Indexed)
                .map_err(|_| theme::ColorError::IndexOutOfRange(i)),
        };
        match color {
            Ok(color) => {
                if !config.theme.set(role.get_ref(), color) {
                    notices.push(format!(
                        "{at}: [colors] has no role {:?} (known: {}); ignored",
                        role.get_ref(),
                        theme::ROLES.join(", ")
                    ));
                }
            }
            Err(why) => notices.push(format!("{at}: {}: {why}; ignored", role.get_ref())),
        }
    }
    if let Some(amb) = raw.ambiguous_width {
        match amb.get_ref().as_str() {
            "wide" => config.ambiguous = Some(Ambiguous::Wide),
            "narrow" => config.ambiguous = Some(Ambiguous::Narrow),
            other => notices.push(format!(
                "{}: ambiguous_width is {other:?}, expected \"narrow\" or \"wide\"; ignored",
                at(amb.span())
            )),
        }
    }
    (config, notices)
}

/// The `[keys]` table as rebindings for [`KeyMap::apply`]; a command or key it does not know
/// becomes a notice (`at` names the file and line of a span) and that command keeps its keys.
fn read_keys(
    keys: BTreeMap<Spanned<String>, Spanned<KeyList>>,
    text: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> String,
    notices: &mut Vec<String>,
) -> Vec<Rebinding> {
    let mut rebindings = Vec::new();
    for (name, keys) in keys {
        let line = line_of(text, name.span().start);
        let at = at(name.span());
        let Some(command) = Command::from_name(name.get_ref()) else {
            let known: Vec<&str> = Command::all().map(Command::name).collect();
            notices.push(format!(
                "{at}: [keys] has no command {:?} (known: {}); ignored",
                name.get_ref(),
                known.join(", ")
            ));
            continue;
        };
        let texts = match keys.into_inner() {
            KeyList::One(k) => vec![k],
            KeyList::Many(ks) => ks,
        };
        let mut parsed = Vec::new();
        let mut ok = true;
        for k in &texts {
            match Key::parse(k) {
                Ok(key) => parsed.push(key),
                Err(why) => {
                    notices.push(format!("{at}: {}: {why}; ignored", command.name()));
                    ok = false;
                }
            }
        }
        if ok {
            rebindings.push(Rebinding {
                command,
                keys: parsed,
                line,
            });
        }
    }
    rebindings
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::style::Color;

    #[test]
    fn a_good_config_rebinds_keys_and_colours() {
        let (config, notices) = parse(
            "ambiguous_width = \"wide\"\n[keys]\nquit = [\"w\", \"ctrl-c\"]\nsearch = \"ctrl-s\"\n[colors]\naccent = \"yellow\"\nhit = 208\n",
            "test.toml",
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(config.ambiguous, Some(Ambiguous::Wide));
        assert_eq!(config.theme.accent, Color::Yellow);
        assert_eq!(config.theme.hit, Color::Indexed(208));
        let x = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE);
        assert_eq!(config.keymap.command_for(&x), Some(Command::Quit));
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(config.keymap.command_for(&q), None);
    }

    #[test]
    fn a_syntax_error_names_the_line_and_keeps_the_defaults() {
        let (config, notices) = parse("[keys]\nquit = [\"q\"\n[colors]\n", "c.toml");
        assert_eq!(config, Config::default());
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0].starts_with("config c.toml line "),
            "{}",
            notices[0]
        );
        assert!(notices[0].ends_with("using the defaults"), "{}", notices[0]);
    }

    #[test]
    fn bad_entries_are_named_by_line_and_skipped() {
        let (config, notices) = parse(
            "[keys]\nquit = [\"q\"]\nfly = [\"f\"]\nhelp = [\"ctrl-banana\"]\n[colors]\naccent = \"chartreuse\"\nsky = \"blue\"\n",
            "c.toml",
        );
        assert_eq!(notices.len(), 4, "{notices:?}");
        assert!(notices[0].starts_with("config c.toml line 3: [keys] has no command \"fly\""));
        assert!(notices[1].starts_with("config c.toml line 4: help: unknown key \"ctrl-banana\""));
        assert!(
            notices[2].starts_with("config c.toml line 6: accent: unknown colour \"chartreuse\"")
        );
        assert!(notices[3].starts_with("config c.toml line 7: [colors] has no role \"sky\""));
        assert_eq!(config.theme, Theme::default());
        assert_eq!(
            config.keymap.keys_of(Command::Help),
            KeyMap::default().keys_of(Command::Help)
        );
    }

    #[test]
    fn a_colour_index_out_of_range_is_named() {
        let (config, notices) = parse("[colors]\nhit = 300\n", "c.toml");
        assert_eq!(
            notices,
            [
                "config c.toml line 2: hit: colour index 300 is outside 0-255 (use an index 0-255, or a colour name); ignored"
            ]
        );
        assert_eq!(config.theme, Theme::default());
    }

    #[test]
    fn unknown_top_level_settings_are_reported() {
        let (_, notices) = parse("colour = 1\n", "c.toml");
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("line 1"), "{}", notices[0]);
        assert!(notices[0].contains("colour"), "{}", notices[0]);
    }

    #[test]
    fn a_missing_explicit_file_is_a_notice() {
        let (config, notices) = load(Some(Path::new("/nonexistent/kanbao/config.toml")));
        assert_eq!(config, Config::default());
        assert!(notices[0].contains("/nonexistent/kanbao/config.toml: cannot read it"));
    }

    #[test]
    fn bindings_that_lock_the_user_in_are_refused_by_line() {
        let (config, notices) = parse(
            "[keys]\nquit = []\nhelp = \"ctrl-c\"\nstats = [\"j\"]\n",
            "c.toml",
        );
        assert_eq!(notices.len(), 3, "{notices:?}");
        assert!(notices[0].starts_with("config c.toml line 2: quit: no key given"));
        assert!(notices[1].starts_with("config c.toml line 3: help: ctrl-c always quits"));
        assert!(notices[2].starts_with("config c.toml line 4: stats: j is also bound to down"));
        assert_eq!(config.keymap, KeyMap::default());
    }

    #[test]
    fn the_readme_example_moves_keys_cleanly() {
        let (config, notices) = parse(
            "[keys]\nquit = [\"q\", \"j\"]\ndown = [\"n\", \"down\"]\nnext_hit = [\"ctrl-n\"]\n",
            "c.toml",
        );
        assert!(notices.is_empty(), "{notices:?}");
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(config.keymap.command_for(&j), Some(Command::Quit));
    }
}
