//! The search line as a small value type (after atuin's `cursor.rs`): its text, a cursor counted
//! in characters, editing that never splits a character, and a history of past queries walked
//! with Ctrl-P/Ctrl-N (or ↑/↓ while there are no results), kept between runs in
//! `<state dir>/search_history` (one query a line, newest last, at most [`HISTORY_LEN`]).

use std::io::Write;
use std::path::Path;

/// Queries remembered.
pub(crate) const HISTORY_LEN: usize = 200;

/// The search line: its text, the cursor and the history of past queries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineEditor {
    text: String,
    /// In chars, 0..=text's char count.
    cursor: usize,
    /// Oldest first.
    history: Vec<String>,
    /// While walking the history: the entry shown, and what was typed before.
    walking: Option<(usize, String)>,
}

impl LineEditor {
    pub(crate) fn with_history(history: Vec<String>) -> LineEditor {
        LineEditor {
            history,
            ..LineEditor::default()
        }
    }

    /// The text typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in chars.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub(crate) fn history(&self) -> &[String] {
        &self.history
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Inserts typed or pasted text at the cursor: line breaks and tabs become spaces, other
    /// control characters are dropped (a query is one line). Returns whether the text changed.
    pub(crate) fn insert(&mut self, text: &str) -> bool {
        let clean: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        if clean.is_empty() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
        self.walking = None;
        true
    }

    pub(crate) fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        self.walking = None;
        true
    }

    pub(crate) fn delete(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        self.walking = None;
        true
    }

    pub(crate) fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub(crate) fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub(crate) fn home(&mut self) {
        self.cursor = 0;
    }

    pub(crate) fn end(&mut self) {
        self.cursor = self.len();
    }

    /// Deletes the word before the cursor and the spaces after it (Ctrl-W, readline's
    /// unix-word-rubout: a word runs to the previous space, so 工会 职工| loses 职工). Returns
    /// whether the text changed.
    pub(crate) fn delete_word(&mut self) -> bool {
        let start = self.word_start();
        if start == self.cursor {
            return false;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
        self.walking = None;
        true
    }

    /// To the start of the word before the cursor (Ctrl-←, Alt-b).
    pub(crate) fn word_left(&mut self) {
        self.cursor = self.word_start();
    }

    /// To the end of the word after the cursor (Ctrl-→, Alt-f).
    pub(crate) fn word_right(&mut self) {
        let after: Vec<char> = self.text.chars().skip(self.cursor).collect();
        let spaces = after.iter().take_while(|c| c.is_whitespace()).count();
        let word = after[spaces..]
            .iter()
            .take_while(|c| !c.is_whitespace())
            .count();
        self.cursor += spaces + word;
    }

    /// Where the word before the cursor starts: back over spaces, then over the word.
    fn word_start(&self) -> usize {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let spaces = before
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        let word = before[..before.len() - spaces]
            .iter()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .count();
        self.cursor - spaces - word
    }

    /// Empties the line. Returns whether there was anything.
    pub(crate) fn clear(&mut self) -> bool {
        let had = !self.text.is_empty();
        self.text.clear();
        self.cursor = 0;
        self.walking = None;
        had
    }

    /// Adds the current query to the history (trimmed; an empty one or a repeat of the last
    /// is not added; a repeat of an older one moves to the end).
    pub(crate) fn remember(&mut self) {
        let query = self.text.trim();
        if query.is_empty() {
            return;
        }
        self.history.retain(|q| q != query);
        self.history.push(query.to_string());
        if self.history.len() > HISTORY_LEN {
            self.history.remove(0);
        }
        self.walking = None;
    }

    /// Shows the previous (older) query. Returns whether the text changed.
    pub(crate) fn older(&mut self) -> bool {
        let next = match &self.walking {
            None => self.history.len().checked_sub(1),
            Some((at, _)) => at.checked_sub(1),
        };
        let Some(next) = next else {
            return false;
        };
        let draft = match self.walking.take() {
            Some((_, draft)) => draft,
            None => self.text.clone(),
        };
        self.show(next, draft);
        true
    }

    /// Shows the next (newer) query, and at the end what was typed before. Returns whether the
    /// text changed.
    pub(crate) fn newer(&mut self) -> bool {
        let Some((at, draft)) = self.walking.take() else {
            return false;
        };
        if at + 1 < self.history.len() {
            self.show(at + 1, draft);
        } else {
            self.text = draft;
            self.cursor = self.len();
        }
        true
    }

    fn show(&mut self, at: usize, draft: String) {
        self.text = self.history[at].clone();
        self.cursor = self.len();
        self.walking = Some((at, draft));
    }
}

/// Reads the history file; a missing or unreadable one is an empty history.
pub(crate) fn load_history(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(crate::dirs::search_history_file(dir)).unwrap_or_default();
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let extra = lines.len().saturating_sub(HISTORY_LEN);
    lines.drain(..extra);
    lines
}

/// Writes the history file atomically (a temp file in the same directory, then a rename).
pub(crate) fn save_history(dir: &Path, history: &[String]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    for query in history {
        writeln!(file, "{query}")?;
    }
    file.as_file().sync_all()?;
    file.persist(crate::dirs::search_history_file(dir))
        .map(|_| ())
        .map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> LineEditor {
        let mut line = LineEditor::default();
        line.insert(text);
        line
    }

    #[test]
    fn editing_moves_by_characters_never_bytes() {
        let mut line = typed("义乌工会");
        assert_eq!(line.cursor(), 4);
        line.left();
        line.left();
        assert!(line.backspace());
        assert_eq!((line.text(), line.cursor()), ("义工会", 1));
        assert!(line.delete());
        assert_eq!(line.text(), "义会");
        line.home();
        assert!(!line.backspace());
        line.insert("浙江");
        assert_eq!((line.text(), line.cursor()), ("浙江义会", 2));
        line.end();
        assert!(!line.delete());
        line.right();
        assert_eq!(line.cursor(), 4);
        assert!(line.clear());
        assert!(!line.clear());
    }

    #[test]
    fn word_delete_takes_the_word_before_the_cursor_and_its_spaces() {
        let mut line = typed("工会 gōnghuì  职工");
        assert!(line.delete_word());
        assert_eq!((line.text(), line.cursor()), ("工会 gōnghuì  ", 12));
        assert!(line.delete_word());
        assert_eq!((line.text(), line.cursor()), ("工会 ", 3));
        assert!(line.delete_word());
        assert_eq!((line.text(), line.cursor()), ("", 0));
        assert!(!line.delete_word(), "nothing before the cursor");
        // In the middle of a word: only the part before the cursor goes.
        let mut line = typed("杭州市总工会");
        line.left();
        line.left();
        assert!(line.delete_word());
        assert_eq!((line.text(), line.cursor()), ("工会", 0));
    }

    #[test]
    fn word_moves_skip_spaces_then_a_word_of_wide_or_narrow_characters() {
        let mut line = typed(" 义乌  工会 ab😀c ");
        line.word_left();
        assert_eq!(line.cursor(), 8, "to the start of ab😀c");
        line.word_left();
        assert_eq!(line.cursor(), 5, "to the start of 工会");
        line.word_left();
        line.word_left();
        assert_eq!(line.cursor(), 0, "stays at the start");
        line.word_right();
        assert_eq!(line.cursor(), 3, "to the end of 义乌");
        line.word_right();
        line.word_right();
        assert_eq!(line.cursor(), 12, "to the end of ab😀c");
        line.word_right();
        assert_eq!(line.cursor(), 13, "stays at the end");
        // Editing after the moves still lands on character boundaries.
        line.word_left();
        line.right();
        line.right();
        line.right();
        assert!(line.backspace());
        assert_eq!(line.text(), " 义乌  工会 abc ");
        line.insert("宽");
        assert_eq!((line.text(), line.cursor()), (" 义乌  工会 ab宽c ", 11));
    }

    #[test]
    fn pasted_text_becomes_one_clean_line() {
        let line = typed("工资\n协商\t\u{1b}[31m");
        assert_eq!(line.text(), "工资 协商 [31m");
        assert!(!typed("\u{7}").text().contains('\u{7}'));
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut line = LineEditor::with_history(vec!["义乌".into(), "工匠".into()]);
        line.insert("工资");
        line.remember();
        line.insert(" 协商");
        line.remember();
        assert_eq!(line.history(), ["义乌", "工匠", "工资", "工资 协商"]);
        line.clear();
        line.insert("草稿");
        assert!(line.older());
        assert_eq!(line.text(), "工资 协商");
        assert!(line.older());
        assert!(line.older());
        assert!(line.older());
        assert_eq!(line.text(), "义乌");
        assert!(!line.older(), "the oldest stays");
        assert!(line.newer());
        assert_eq!(line.text(), "工匠");
        for _ in 0..3 {
            line.newer();
        }
        assert_eq!((line.text(), line.cursor()), ("草稿", 2));
        assert!(!line.newer());
        // A repeat moves to the end instead of being stored twice.
        line.clear();
        line.insert("义乌");
        line.remember();
        assert_eq!(line.history(), ["工匠", "工资", "工资 协商", "义乌"]);
    }

    #[test]
    fn history_survives_a_round_trip_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_history(dir.path()).is_empty());
        let many: Vec<String> = (0..HISTORY_LEN + 5).map(|i| format!("查询{i}")).collect();
        save_history(dir.path(), &many).unwrap();
        let back = load_history(dir.path());
        assert_eq!(back.len(), HISTORY_LEN);
        assert_eq!(back.last(), many.last());
    }
}
