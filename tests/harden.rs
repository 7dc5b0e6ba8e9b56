//! The hardening promises of docs/RELIABILITY.md, driven through the real binary as a hostile or
//! unlucky user would: FIFOs and symlinks where pages should be, huge `--limit`s, escape codes in
//! file names and page text, a tiny `--width`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod home_support;
use home_support::*;

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/pages")
        .join(name)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[test]
fn import_refuses_a_fifo_at_once_and_says_what_it_is() {
    let home = Home::new();
    let fifo = home.path().join("p.txt");
    mkfifo(&fifo);
    let out = home.run(&["import", fifo.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("not a regular file"), "{err}");
    assert!(err.contains("FIFO"), "{err}");
}

#[test]
fn a_fifo_or_a_symlink_to_one_in_the_library_does_not_stop_imports() {
    let home = Home::new();
    let library = home.library();
    fs::create_dir_all(&library).unwrap();
    mkfifo(&library.join("stuck.txt"));
    mkfifo(&home.path().join("elsewhere"));
    symlink(&home.path().join("elsewhere"), &library.join("link.txt"));
    // A page not bundled yet: the bundled one with a paragraph more.
    let mut text = fs::read_to_string(page(PAGE_000)).unwrap();
    text.push_str("\n本报讯 一段新写的文字，用来测试导入。\n");
    let new_page = home.path().join("new.txt");
    fs::write(&new_page, text).unwrap();
    let out = home.run(&["import", new_page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("added "), "{}", stdout(&out));
    // And listing the library names the two, without waiting on them.
    let out = home.run(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("stuck.txt") && err.contains("link.txt"),
        "{err}"
    );
    assert!(err.contains("FIFO"), "{err}");
}

#[test]
fn data_dir_fifos_are_named_and_skipped() {
    let home = Home::new();
    let dir = home.path().join("pages");
    fs::create_dir_all(&dir).unwrap();
    fs::copy(page(PAGE_000), dir.join("good.txt")).unwrap();
    mkfifo(&dir.join("pipe.txt"));
    let out = home.run(&["--data", dir.to_str().unwrap(), "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("pipe.txt"), "{}", stderr(&out));
}

#[test]
fn a_fifo_given_as_config_is_a_notice_not_a_blank_screen() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.toml");
    mkfifo(&fifo);
    let (config, notices) = kanbao::tui::config::load(Some(&fifo));
    assert_eq!(config, kanbao::tui::config::Config::default());
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("FIFO"), "{}", notices[0]);
}

#[test]
fn huge_limits_are_clamped_not_allocated() {
    let home = Home::new();
    for limit in [u64::MAX, 1 << 31] {
        let limit = limit.to_string();
        for args in [
            vec!["search", "工资", "--json", "--limit", &limit],
            // A filter the index cannot express: hits are checked after a longer search.
            vec![
                "search", "工会", "--region", "全省", "--json", "--limit", &limit,
            ],
            vec!["related", "b4d912-1", "--json", "--limit", &limit],
        ] {
            let out = home.run(&args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
            let hits = json
                .get("hits")
                .or_else(|| json.get("related"))
                .and_then(Value::as_array)
                .expect("a list");
            assert!(!hits.is_empty(), "{args:?}");
        }
    }
}

/// A page whose file name and text carry escape sequences, C1 controls and bidi controls.
fn hostile_data(home: &Home) -> PathBuf {
    let dir = home.path().join("hostile");
    fs::create_dir_all(&dir).unwrap();
    let text = fs::read_to_string(page(PAGE_000)).unwrap();
    // Into the first headline and its first paragraph.
    let text = text.replacen(
        "我们要与企业同呼吸共命运",
        "我们要\u{7f}与企业\u{9b}31m\u{85}同呼吸\u{202e}\u{2066}共命运",
        1,
    );
    fs::write(dir.join("009_\x1b]0;pwned\x07\x1b[31mred.txt"), text).unwrap();
    dir
}

fn no_raw_controls(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn markdown_export_shows_a_hostile_file_name_harmlessly() {
    let home = Home::new();
    let dir = hostile_data(&home);
    let out = home.run(&[
        "--data",
        dir.to_str().unwrap(),
        "export",
        "--format",
        "markdown",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("- 来源: 浙江工人日报, 版面 009_␛"), "{text}");
    assert!(no_raw_controls(&text), "{text:?}");
}

#[test]
fn json_and_jsonl_escape_del_c1_and_bidi_controls() {
    let home = Home::new();
    let dir = hostile_data(&home);
    let data = dir.to_str().unwrap();
    let jsonl = home.run(&["--data", data, "export"]);
    let first: Value = serde_json::from_str(stdout(&jsonl).lines().next().unwrap()).unwrap();
    let show = home.run(&[
        "--data",
        data,
        "show",
        first["id"].as_str().unwrap(),
        "--json",
    ]);
    for out in [&jsonl, &show] {
        assert!(out.status.success(), "{}", stderr(out));
        let text = stdout(out);
        assert!(no_raw_controls(&text), "{text:?}");
        assert!(!text.contains('\u{7f}'), "{text:?}");
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
    }
    // The escapes are only spelling: the values are the page's text.
    assert!(
        first["paragraphs"][0]["text"]
            .as_str()
            .unwrap()
            .contains("我们要\u{7f}与企业\u{9b}31m\u{85}同呼吸\u{202e}\u{2066}共命运"),
        "{first}"
    );
}

#[test]
fn show_at_width_one_keeps_the_chinese() {
    let home = Home::new();
    let out = home.run(&["show", "b4d912-1", "--width", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('?'), "{text}");
    assert!(text.contains("开\n工\n"), "{text}");
    assert!(stderr(&out).contains("width"), "{}", stderr(&out));
}

#[test]
fn utf16_without_a_bom_imports() {
    let home = Home::new();
    let text = fs::read_to_string(page(PAGE_000)).unwrap();
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let file = home.path().join("utf16.txt");
    fs::write(&file, bytes).unwrap();
    let out = home.run(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The same text as the bundled page, in another encoding.
    assert!(
        stdout(&out).contains("already in the library"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_reader_closing_the_pipe_early_is_a_quiet_end() {
    use std::io::Read;
    let home = Home::new();
    let mut child = Command::new(BIN)
        .args(["export"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env_remove("KANBAO_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kanbao");
    // Like `kanbao export | head -c 100`: read a little, then go away.
    let mut first = [0u8; 100];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    let out = child.wait_with_output().expect("exit");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}
