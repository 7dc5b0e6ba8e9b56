//! Keys → commands. Every command has a name (used in `[keys]` of the config), a description
//! (shown by the help screen, which is generated from this table so it is never out of date) and
//! default keys.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Something the user can ask for with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    Help,
    Stats,
    Search,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    NextPane,
    PrevPane,
    Expand,
    Collapse,
    NextHit,
    PrevHit,
    Related,
    Copy,
    Bookmark,
    Export,
    ToggleSearchFilter,
    Bookmarks,
    Choose,
    ClearFilters,
    ToggleSort,
    ToggleRead,
    NextUnread,
    HideRead,
    HalfPageUp,
    HalfPageDown,
    PageView,
    PrevIssue,
    NextIssue,
    JumpBack,
    JumpForward,
    CopyUrl,
}

/// Which help section a command belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    General,
    Move,
    Filter,
    Reader,
    Search,
}

impl Section {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Section::General => "通用 General",
            Section::Move => "移动 Moving",
            Section::Filter => "筛选 Filters",
            Section::Reader => "阅读 Reader",
            Section::Search => "搜索 Search",
        }
    }
}

/// (command, config name, section, description, default keys).
const TABLE: &[(Command, &str, Section, &str, &[&str])] = &[
    (
        Command::Quit,
        "quit",
        Section::General,
        "quit kanbao",
        &["q", "ctrl-c"],
    ),
    (
        Command::Help,
        "help",
        Section::General,
        "show or hide this help",
        &["?", "f1"],
    ),
    (
        Command::Stats,
        "stats",
        Section::General,
        "statistics: articles per city, theme, month",
        &["s"],
    ),
    (
        Command::Search,
        "search",
        Section::General,
        "search (Chinese or pinyin)",
        &["/"],
    ),
    (
        Command::Bookmarks,
        "bookmarks",
        Section::General,
        "list only bookmarked articles (toggle)",
        &["B"],
    ),
    (
        Command::NextPane,
        "next_pane",
        Section::General,
        "next pane",
        &["tab"],
    ),
    (
        Command::PrevPane,
        "prev_pane",
        Section::General,
        "previous pane",
        &["shift-tab"],
    ),
    (
        Command::Open,
        "open",
        Section::General,
        "open / go in",
        &["enter"],
    ),
    (
        Command::Back,
        "back",
        Section::General,
        "back / close",
        &["esc"],
    ),
    (
        Command::Up,
        "up",
        Section::Move,
        "up one line",
        &["k", "up"],
    ),
    (
        Command::Down,
        "down",
        Section::Move,
        "down one line",
        &["j", "down"],
    ),
    (
        Command::PageUp,
        "page_up",
        Section::Move,
        "up one page",
        &["pgup", "ctrl-b"],
    ),
    (
        Command::PageDown,
        "page_down",
        Section::Move,
        "down one page",
        &["pgdn"],
    ),
    (
        Command::Top,
        "top",
        Section::Move,
        "to the top",
        &["g", "home"],
    ),
    (
        Command::Bottom,
        "bottom",
        Section::Move,
        "to the bottom",
        &["G", "end"],
    ),
    (
        Command::Expand,
        "expand",
        Section::Move,
        "open a city or year (navigator)",
        &["l", "right"],
    ),
    (
        Command::Collapse,
        "collapse",
        Section::Move,
        "close a city or year (navigator)",
        &["h", "left"],
    ),
    (
        Command::NextHit,
        "next_hit",
        Section::Reader,
        "next search hit",
        &["n"],
    ),
    (
        Command::PrevHit,
        "prev_hit",
        Section::Reader,
        "previous search hit",
        &["N"],
    ),
    (
        Command::Related,
        "related",
        Section::Reader,
        "related articles",
        &["r"],
    ),
    (
        Command::Copy,
        "copy",
        Section::Reader,
        "copy the article (OSC 52 clipboard)",
        &["y"],
    ),
    (
        Command::Bookmark,
        "bookmark",
        Section::Reader,
        "bookmark / unbookmark",
        &["b"],
    ),
    (
        Command::Export,
        "export",
        Section::Reader,
        "export to Markdown",
        &["e"],
    ),
    (
        Command::HalfPageUp,
        "half_page_up",
        Section::Move,
        "up half a page",
        &["ctrl-u"],
    ),
    (
        Command::HalfPageDown,
        "half_page_down",
        Section::Move,
        "down half a page",
        &["ctrl-d"],
    ),
    (
        Command::Choose,
        "choose",
        Section::Filter,
        "navigator: filter by the row (again: unset it); elsewhere: down one page",
        &["space"],
    ),
    (
        Command::ClearFilters,
        "clear_filters",
        Section::Filter,
        "clear every filter",
        &["x"],
    ),
    (
        Command::ToggleSort,
        "sort",
        Section::Filter,
        "sort the list newest first / in print order",
        &["o"],
    ),
    (
        Command::PageView,
        "page_view",
        Section::Filter,
        "版面: one issue at a time, page by page, in print order (toggle)",
        &["P"],
    ),
    (
        Command::PrevIssue,
        "prev_issue",
        Section::Filter,
        "版面: previous issue",
        &["["],
    ),
    (
        Command::NextIssue,
        "next_issue",
        Section::Filter,
        "版面: next issue",
        &["]"],
    ),
    (
        Command::HideRead,
        "hide_read",
        Section::Filter,
        "list only unread articles (toggle)",
        &["U"],
    ),
    (
        Command::JumpBack,
        "jump_back",
        Section::Reader,
        "back to the article before the last jump (related, search hit)",
        &["ctrl-o", "backspace"],
    ),
    (
        Command::JumpForward,
        "jump_forward",
        Section::Reader,
        "forward again after going back",
        &["ctrl-i", "alt-right"],
    ),
    (
        Command::CopyUrl,
        "copy_url",
        Section::Reader,
        "copy the page's URL (from pages.toml)",
        &["Y"],
    ),
    (
        Command::ToggleRead,
        "toggle_read",
        Section::Reader,
        "mark read / unread",
        &["m"],
    ),
    (
        Command::NextUnread,
        "next_unread",
        Section::Reader,
        "next unread article",
        &["u"],
    ),
    (
        Command::ToggleSearchFilter,
        "toggle_filter",
        Section::Search,
        "search within the selected region/theme (toggle)",
        &["ctrl-f"],
    ),
];

impl Command {
    pub(crate) fn all() -> impl Iterator<Item = Command> {
        TABLE.iter().map(|row| row.0)
    }

    fn row(
        self,
    ) -> &'static (
        Command,
        &'static str,
        Section,
        &'static str,
        &'static [&'static str],
    ) {
        TABLE
            .iter()
            .find(|row| row.0 == self)
            .expect("every command has a row in TABLE")
    }

    pub(crate) fn name(self) -> &'static str {
        self.row().1
    }

    pub(crate) fn section(self) -> Section {
        self.row().2
    }

    pub(crate) fn description(self) -> &'static str {
        self.row().3
    }

    pub(crate) fn from_name(name: &str) -> Option<Command> {
        TABLE.iter().find(|row| row.1 == name).map(|row| row.0)
    }
}

/// A key name in the config that [`Key::parse`] does not know; the message lists the names it
/// does know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown key {text:?} (use a character, or ctrl-/alt- with one, or enter, esc, tab, shift-tab, space, up, down, left, right, pgup, pgdn, home, end, backspace, delete, insert, f1…f12)"
)]
pub(crate) struct UnknownKey {
    /// The key as written in the config.
    pub(crate) text: String,
}

/// A key with its modifiers, as bound in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub(crate) code: KeyCode,
    pub(crate) ctrl: bool,
    pub(crate) alt: bool,
}

impl Key {
    pub(crate) fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            // Terminals send Shift-Tab as BackTab; some send Tab with SHIFT.
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses `q`, `G`, `?`, `ctrl-c`, `alt-x`, `shift-tab`, `enter`, `esc`, `space`, `pgdn`, `f1` ….
    pub(crate) fn parse(text: &str) -> Result<Key, UnknownKey> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().expect("checked"))
                }
                _ => {
                    return Err(UnknownKey {
                        text: text.to_string(),
                    });
                }
            },
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The bindings in force: each command with its keys, in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<(Command, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap {
            bindings: TABLE
                .iter()
                .map(|row| {
                    let keys = row
                        .4
                        .iter()
                        .map(|k| Key::parse(k).expect("default keys parse"))
                        .collect();
                    (row.0, keys)
                })
                .collect(),
        }
    }
}

/// Ctrl-C quits whatever the config says: the one way out that no binding can take away.
pub(crate) const ALWAYS_QUIT: Key = Key {
    code: KeyCode::Char('c'),
    ctrl: true,
    alt: false,
};

/// Why rebinding `r` makes a key ambiguous in `bindings`, if it does.
fn clash(bindings: &[(Command, Vec<Key>)], r: &Rebinding) -> Option<String> {
    r.keys.iter().find_map(|key| {
        let (other, _) = bindings
            .iter()
            .find(|(c, keys)| *c != r.command && keys.contains(key))?;
        Some(format!(
            "{}: {key} is also bound to {}; bind {} to another key first. {} keeps its default keys",
            r.command.name(),
            other.name(),
            other.name(),
            r.command.name()
        ))
    })
}

/// One `[keys]` entry of the config: a command, its new keys, and the line that said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rebinding {
    pub(crate) command: Command,
    pub(crate) keys: Vec<Key>,
    pub(crate) line: usize,
}

impl KeyMap {
    /// Applies the config's rebindings to the defaults, refusing any that would lock the user
    /// in or make a key ambiguous: `quit` with no key, Ctrl-C for anything but quitting, or a
    /// key that would then belong to two commands (whether the other one got it from the
    /// config or by default). A refused rebinding leaves its command with its default keys and
    /// yields `(line, reason)`. Rebindings are judged together, so moving a key from one
    /// command to another in the same file works.
    pub(crate) fn apply(&mut self, rebindings: Vec<Rebinding>) -> Vec<(usize, String)> {
        let mut refused = Vec::new();
        let mut active: Vec<Rebinding> = Vec::new();
        for mut r in rebindings {
            r.keys.dedup();
            if r.command == Command::Quit && r.keys.is_empty() {
                refused.push((
                    r.line,
                    "quit: no key given, which would leave no way out; quit keeps its default keys"
                        .to_string(),
                ));
            } else if r.command != Command::Quit && r.keys.contains(&ALWAYS_QUIT) {
                refused.push((r.line, format!("{}: ctrl-c always quits and cannot be bound to anything else; {} keeps its default keys", r.command.name(), r.command.name())));
            } else {
                active.retain(|a| a.command != r.command);
                active.push(r);
            }
        }
        // Refusing a rebinding brings back defaults that may clash with another one: repeat
        // until nothing clashes (the defaults alone never do, so this ends).
        loop {
            let bindings = Self::with(&active);
            let clashes: Vec<(usize, String)> = active
                .iter()
                .filter_map(|r| clash(&bindings, r).map(|why| (r.line, why)))
                .collect();
            if clashes.is_empty() {
                self.bindings = bindings;
                break;
            }
            active.retain(|r| !clashes.iter().any(|(line, _)| *line == r.line));
            refused.extend(clashes);
        }
        refused.sort_by_key(|(line, _)| *line);
        refused
    }

    /// The default bindings with `active` replacing their commands' keys.
    fn with(active: &[Rebinding]) -> Vec<(Command, Vec<Key>)> {
        KeyMap::default()
            .bindings
            .into_iter()
            .map(
                |(command, keys)| match active.iter().find(|r| r.command == command) {
                    Some(r) => (command, r.keys.clone()),
                    None => (command, keys),
                },
            )
            .collect()
    }

    pub(crate) fn command_for(&self, event: &KeyEvent) -> Option<Command> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        if key == ALWAYS_QUIT {
            return Some(Command::Quit);
        }
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(c, _)| *c)
    }

    /// The keys bound to `command`.
    pub fn keys_of(&self, command: Command) -> &[Key] {
        self.bindings
            .iter()
            .find(|(c, _)| *c == command)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// The first key of `command`, for hints ("/ search"), or "—" when unbound.
    pub(crate) fn hint(&self, command: Command) -> String {
        self.keys_of(command)
            .first()
            .map_or_else(|| "—".to_string(), Key::to_string)
    }

    /// Every command with its keys, in the help screen's order.
    pub fn bindings(&self) -> &[(Command, Vec<Key>)] {
        &self.bindings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_keys_reach_their_commands() {
        let map = KeyMap::default();
        assert_eq!(
            map.command_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Command::Quit)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Char('g'), KeyModifiers::NONE)),
            Some(Command::Top)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::PrevPane)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Tab, KeyModifiers::SHIFT)),
            Some(Command::PrevPane)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Char(' '), KeyModifiers::NONE)),
            Some(Command::Choose)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn parse_rejects_unknown_names_and_explains() {
        assert_eq!(
            Key::parse("ctrl-C").unwrap(),
            Key {
                code: KeyCode::Char('c'),
                ctrl: true,
                alt: false
            }
        );
        assert_eq!(Key::parse("f5").unwrap().code, KeyCode::F(5));
        let err = Key::parse("ctrl-banana").unwrap_err();
        assert_eq!(err.text, "ctrl-banana");
        assert!(
            err.to_string()
                .starts_with("unknown key \"ctrl-banana\" (use a character"),
            "{err}"
        );
    }

    fn rebind(command: Command, keys: &[&str], line: usize) -> Rebinding {
        Rebinding {
            command,
            keys: keys.iter().map(|k| Key::parse(k).unwrap()).collect(),
            line,
        }
    }

    #[test]
    fn a_key_taken_from_another_command_is_refused_not_stolen() {
        let mut map = KeyMap::default();
        let refused = map.apply(vec![rebind(Command::Quit, &["j"], 2)]);
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].0, 2);
        assert!(
            refused[0].1.starts_with("quit: j is also bound to down"),
            "{}",
            refused[0].1
        );
        assert_eq!(map, KeyMap::default());
        assert_eq!(
            map.command_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
    }

    #[test]
    fn no_config_can_take_the_way_out_away() {
        let mut map = KeyMap::default();
        let refused = map.apply(vec![
            rebind(Command::Quit, &[], 2),
            rebind(Command::Help, &["ctrl-c"], 3),
        ]);
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[0].1.contains("no way out"), "{}", refused[0].1);
        assert!(
            refused[1].1.contains("ctrl-c always quits"),
            "{}",
            refused[1].1
        );
        assert_eq!(
            map.keys_of(Command::Quit),
            KeyMap::default().keys_of(Command::Quit)
        );
        // Even a config that leaves quit only `x` keeps Ctrl-C quitting.
        let refused = map.apply(vec![rebind(Command::Quit, &["w"], 2)]);
        assert!(refused.is_empty(), "{refused:?}");
        assert_eq!(
            map.command_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            map.command_for(&press(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn moving_a_key_between_commands_in_one_file_works() {
        let mut map = KeyMap::default();
        let refused = map.apply(vec![
            rebind(Command::Quit, &["j"], 2),
            rebind(Command::Down, &["w"], 3),
        ]);
        assert!(refused.is_empty(), "{refused:?}");
        assert_eq!(
            map.command_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Quit)
        );
    }

    #[test]
    fn two_rebindings_wanting_one_key_are_both_refused() {
        let mut map = KeyMap::default();
        let refused = map.apply(vec![
            rebind(Command::Help, &["z"], 4),
            rebind(Command::Stats, &["z"], 5),
        ]);
        assert_eq!(
            refused.iter().map(|r| r.0).collect::<Vec<_>>(),
            [4, 5],
            "{refused:?}"
        );
        assert_eq!(map, KeyMap::default());
    }

    #[test]
    fn every_command_has_a_unique_name_and_a_description() {
        let names: std::collections::BTreeSet<_> = Command::all().map(Command::name).collect();
        assert_eq!(names.len(), TABLE.len());
        for c in Command::all() {
            assert_eq!(Command::from_name(c.name()), Some(c));
            assert!(!c.description().is_empty());
        }
    }
}
