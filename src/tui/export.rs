//! `e`: an article as Markdown, written to a new file (never over an existing one), and `y`: the
//! OSC 52 sequence that puts text on the clipboard of the terminal the user sits at (over SSH
//! and inside tmux too).

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;

use crate::article::{Article, ParagraphKind};

/// The article as Markdown: headline block, credits, place/date/themes, then the paragraphs.
pub(crate) fn to_markdown(article: &Article, theme_label: &dyn Fn(&str) -> String) -> String {
    let clean = |s: &str| crate::tui::text::sanitize(s).into_owned();
    let clean_line = |s: &str| crate::layout::sanitize_line(s).into_owned();
    let mut out = String::new();
    if let Some(k) = &article.kicker {
        out.push_str(&format!("*{}*\n\n", clean(k)));
    }
    out.push_str(&format!("# {}\n\n", clean(&article.title)));
    if let Some(s) = &article.subtitle {
        out.push_str(&format!("## {}\n\n", clean(s)));
    }
    let names: Vec<String> = article.byline.names().map(clean).collect();
    if !names.is_empty() {
        out.push_str(&format!("{}\n\n", names.join("、")));
    }
    // Every field is cleaned, the page (a file name: anything a file system allows) above all.
    let mut meta = vec![format!(
        "- 地区: {}",
        clean(&crate::filter::place_label(
            article.region.city.as_deref(),
            article.region.county.as_deref()
        ))
    )];
    if let Some(d) = &article.date {
        meta.push(format!("- 日期: {}", clean(d)));
    }
    if !article.themes.is_empty() {
        let labels: Vec<String> = article
            .themes
            .iter()
            .map(|t| clean(&theme_label(t)))
            .collect();
        meta.push(format!("- 主题: {}", labels.join("、")));
    }
    meta.push(format!(
        "- 来源: 浙江工人日报, 版面 {} 第 {} 篇 ({})",
        clean_line(&article.page),
        article.seq,
        clean_line(&article.id)
    ));
    out.push_str(&meta.join("\n"));
    out.push_str("\n\n");
    for p in &article.paragraphs {
        let text = clean(&p.text);
        match p.kind {
            ParagraphKind::Text => out.push_str(&format!("{text}\n\n")),
            ParagraphKind::Subhead => out.push_str(&format!("### {text}\n\n")),
            ParagraphKind::Caption => out.push_str(&format!("*{text}*\n\n")),
        }
    }
    out
}

/// No folder took the export: each folder tried, with why it refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "无法导出 could not export the article ({}); set export_dir in the config to a folder you can write to",
    tried(.attempts)
)]
pub(crate) struct ExportError {
    /// The folders tried, in order, each with the error it gave.
    pub(crate) attempts: Vec<(PathBuf, std::io::Error)>,
}

fn tried(attempts: &[(PathBuf, std::io::Error)]) -> String {
    if attempts.is_empty() {
        return "no folder to write to".to_string();
    }
    let each: Vec<String> = attempts
        .iter()
        .map(|(dir, e)| format!("{}: {e}", dir.display()))
        .collect();
    each.join("; ")
}

/// Writes `markdown` to `kanbao-<id>.md` in the first of `dirs` that takes it, adding `-2`, `-3`
/// … rather than replacing an existing file. Returns the path written.
pub(crate) fn write_new_file(
    dirs: &[PathBuf],
    id: &str,
    markdown: &str,
) -> Result<PathBuf, ExportError> {
    let mut attempts = Vec::new();
    for dir in dirs {
        match write_in(dir, id, markdown) {
            Ok(path) => return Ok(path),
            Err(e) => attempts.push((dir.clone(), e)),
        }
    }
    Err(ExportError { attempts })
}

fn write_in(dir: &Path, id: &str, markdown: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("kanbao-{id}.md")
        } else {
            format!("kanbao-{id}-{n}.md")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(markdown.as_bytes())?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "999 exports of this article exist already",
    ))
}

/// The OSC 52 "set clipboard" sequence for `text` (BEL-terminated, which tmux and xterm accept).
/// The payload is sanitised first: whatever is pasted later carries no escape sequence (no
/// `ESC[201~` ending a shell's bracketed paste early), no C0/C1 control but the newline, no bidi
/// control.
pub(crate) fn osc52(text: &str) -> String {
    let clean = crate::layout::sanitize(text);
    let encoded = base64::engine::general_purpose::STANDARD.encode(clean.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Byline, Paragraph, Region};

    fn sample() -> Article {
        Article {
            id: "b5643c-1".into(),
            page: "002_b5643cc4bf363cac".into(),
            seq: 1,
            kicker: Some("贯彻落实省委“新春第一会”精神".into()),
            title: "杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”".into(),
            byline: Byline {
                reporters: vec!["吴晓静".into()],
                correspondents: vec!["张晶秋".into()],
                photographers: vec![],
            },
            paragraphs: vec![
                Paragraph::new(ParagraphKind::Text, "薪火相传,匠心筑梦。"),
                Paragraph::new(ParagraphKind::Subhead, "授技强艺聚人心"),
            ],
            region: Region {
                city: Some("杭州市".into()),
                county: Some("西湖区".into()),
                ..Region::default()
            },
            themes: vec!["skills".into()],
            date: Some("2023-02".into()),
            ..Article::default()
        }
    }

    #[test]
    fn markdown_has_the_headline_credits_and_paragraphs() {
        let md = to_markdown(&sample(), &|t| {
            if t == "skills" {
                "技能".into()
            } else {
                t.into()
            }
        });
        assert_eq!(
            md,
            "*贯彻落实省委“新春第一会”精神*\n\n# 杭州市西湖区总工会架起“技能阶梯” 让能工巧匠“破土冒尖”\n\n吴晓静、张晶秋\n\n\
             - 地区: 杭州市 › 西湖区\n- 日期: 2023-02\n- 主题: 技能\n- 来源: 浙江工人日报, 版面 002_b5643cc4bf363cac 第 1 篇 (b5643c-1)\n\n\
             薪火相传,匠心筑梦。\n\n### 授技强艺聚人心\n\n"
        );
    }

    #[test]
    fn export_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = vec![dir.path().to_path_buf()];
        let first = write_new_file(&dirs, "b5643c-1", "one").unwrap();
        let second = write_new_file(&dirs, "b5643c-1", "two").unwrap();
        assert_eq!(first, dir.path().join("kanbao-b5643c-1.md"));
        assert_eq!(second, dir.path().join("kanbao-b5643c-1-2.md"));
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
    }

    #[test]
    fn export_falls_back_to_the_next_directory() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        let dirs = vec![blocker.join("sub"), dir.path().join("data")];
        let path = write_new_file(&dirs, "a-1", "md").unwrap();
        assert_eq!(path, dir.path().join("data").join("kanbao-a-1.md"));
    }

    #[test]
    fn a_failed_export_names_each_folder_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        let sub = blocker.join("sub");
        let err = write_new_file(std::slice::from_ref(&sub), "a-1", "md").unwrap_err();
        assert_eq!(err.attempts.len(), 1);
        assert_eq!(err.attempts[0].0, sub);
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "无法导出 could not export the article ({}: ",
                sub.display()
            )),
            "{message}"
        );
        assert!(
            message.ends_with("set export_dir in the config to a folder you can write to"),
            "{message}"
        );
    }

    #[test]
    fn osc52_wraps_base64() {
        assert_eq!(osc52("看报"), "\x1b]52;c;55yL5oql\x07");
    }

    fn decoded_payload(sequence: &str) -> String {
        let inner = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .expect("an OSC 52 sequence");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(inner)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_clipboard_never_gets_escapes_controls_or_bidi() {
        let hostile = "正文\x1b[201~rm -rf ~\n\u{9b}31m\u{85}\u{202e}\u{2066}末\x07\x7f";
        let payload = decoded_payload(&osc52(hostile));
        assert!(
            !payload.chars().any(|c| (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{payload:?}"
        );
        assert!(!payload.contains("[201~"), "{payload:?}");
        assert!(
            payload.starts_with("正文") && payload.contains('\n'),
            "{payload:?}"
        );
    }

    #[test]
    fn the_source_line_shows_a_hostile_file_name_harmlessly() {
        let mut article = sample();
        article.page = "001_\x1b]0;pwned\x07\x1b[31mred\u{202e}".into();
        article.date = Some("2024\x1b[2J".into());
        let markdown = to_markdown(&article, &|t| t.to_string());
        assert!(
            !markdown
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{markdown:?}"
        );
        assert!(
            markdown.contains("- 来源: 浙江工人日报, 版面 001_␛"),
            "{markdown}"
        );
    }
}
