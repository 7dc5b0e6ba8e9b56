//! `kanbao check` and the user's `pages.toml` corrections, driven through the real binary on a
//! page written for this test (invented sentences in the paper's style): a doubt is listed with
//! its page, line and reason; a correction re-cuts the page at the next start (it is part of
//! the snapshot key); a bad manifest is reported with its line and never costs the pages.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod home_support;
use home_support::*;

/// A feature with two subheads, then a headline over a paragraph with no time, no place and no
/// byline: the cutter keeps it in the feature, and says it is unsure.
const PAGE: &str = "\
小巷里的“职工之家”
■通讯员 方明、陈小红
走进城东街道的一条小巷，一间不大的屋子里坐满了下班的职工。这里是街道总工会去年建起的职工之家。
屋子虽小，该有的都有
屋里摆着书架、沙发和微波炉，墙上贴着每周的活动安排。职工们说，下班后来坐一坐，心里踏实。
活动虽少，样样实用
每周三晚上，街道总工会请来律师和医生，为职工解答劳动合同和健康方面的问题。
一场特别的婚礼
企业工会为了让大家过一个热闹的节日，在食堂里摆了二十桌，请来了职工的家人。
";

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

fn write_page(dir: &Path) {
    fs::write(dir.join("p1.txt"), PAGE).unwrap();
}

#[test]
fn check_lists_the_doubtful_line_with_page_line_and_reason() {
    let home = Home::new();
    let dir = home.pages();
    write_page(&dir);
    let data = dir.to_str().unwrap();
    let list = home.json(&["--data", data, "list", "--json"]);
    assert_eq!(titles(&list), ["小巷里的“职工之家”"]);
    let findings = home.json(&["--data", data, "check", "--json"]);
    let doubt = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "headline in body")
        .unwrap_or_else(|| panic!("no headline-in-body doubt: {findings}"));
    assert_eq!(doubt["page"], "p1");
    // Line 8 of the file: 一场特别的婚礼.
    assert_eq!(doubt["line"], 8);
    assert!(
        doubt["reason"].as_str().unwrap().contains("score"),
        "{doubt}"
    );
    // The article carries the doubt and why it starts where it does.
    let article = &list[0];
    assert_eq!(article["cut"]["anchor"], "byline");
    assert_eq!(article["cut"]["line"], 1);
    assert!(article["doubts"].as_array().is_some_and(|d| !d.is_empty()));
    // Text form: page:line, kind, reason.
    let out = home.run(&["--data", data, "check"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("p1:8  headline in body"), "{text}");
}

#[test]
fn corrections_recut_the_page_at_the_next_start() {
    let home = Home::new();
    let dir = home.pages();
    write_page(&dir);
    let data = dir.to_str().unwrap();
    // A first start writes the snapshot; the manifest must invalidate it.
    assert_eq!(
        titles(&home.json(&["--data", data, "list", "--json"])).len(),
        1
    );
    fs::write(
        dir.join("pages.toml"),
        "[pages.\"p1\"]\n\
         split_before = [\"一场特别的婚礼\"]\n\
         title = { \"小巷里的\" = \"小巷里的职工之家\" }\n",
    )
    .unwrap();
    let list = home.json(&["--data", data, "list", "--json"]);
    assert_eq!(titles(&list), ["小巷里的职工之家", "一场特别的婚礼"]);
    assert_eq!(list[1]["cut"]["anchor"], "correction");
    // join glues a line back to the article above it.
    fs::write(
        dir.join("pages.toml"),
        "[pages.\"p1\"]\njoin = [\"一场特别的婚礼\"]\n",
    )
    .unwrap();
    let list = home.json(&["--data", data, "list", "--json"]);
    assert_eq!(titles(&list), ["小巷里的“职工之家”"]);
    // check names a correction that matches no line.
    fs::write(
        dir.join("pages.toml"),
        "[pages.\"p1\"]\nsplit_before = [\"没有这一行的文字\"]\n",
    )
    .unwrap();
    let findings = home.json(&["--data", data, "check", "--json"]);
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "manifest"
                && f["reason"].as_str().unwrap().contains("没有这一行的文字")),
        "{findings}"
    );
}

#[test]
fn a_bad_manifest_is_reported_with_its_line_and_costs_no_page() {
    let home = Home::new();
    let dir = home.pages();
    write_page(&dir);
    fs::write(
        dir.join("pages.toml"),
        "[pages.\"p1\"]\nsplit_befor = [\"一场特别的婚礼\"]\n",
    )
    .unwrap();
    let data = dir.to_str().unwrap();
    let out = home.run(&["--data", data, "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("pages.toml") && err.contains("line 2") && err.contains("split_befor"),
        "{err}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("小巷里的"));
}
