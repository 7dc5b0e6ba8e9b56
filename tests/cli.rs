//! The command line, driven as a user or a script would: the real binary, isolated XDG dirs.

use std::fs;

use serde_json::Value;

mod home_support;
use home_support::*;

fn list_json(home: &Home, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["list", "--json"];
    args.extend_from_slice(extra);
    let out = home.run(&args);
    assert!(out.status.success(), "list failed: {}", stderr(&out));
    serde_json::from_str::<Value>(&stdout(&out))
        .expect("list --json is JSON")
        .as_array()
        .expect("an array")
        .clone()
}

#[test]
fn list_json_gives_every_bundled_article_without_paragraphs() {
    let home = Home::new();
    let articles = list_json(&home, &[]);
    assert!(
        articles.len() >= 25,
        "only {} articles from five pages",
        articles.len()
    );
    let pages: std::collections::BTreeSet<&str> = articles
        .iter()
        .map(|a| a["page"].as_str().unwrap())
        .collect();
    assert_eq!(
        pages.len(),
        5,
        "every bundled page yields articles: {pages:?}"
    );
    for a in &articles {
        assert!(
            a.get("paragraphs").is_none(),
            "list --json leaves paragraphs out"
        );
        assert!(!a["title"].as_str().unwrap().is_empty());
        assert_eq!(a["region"]["province"], "浙江省");
        assert!(a["id"].as_str().unwrap().len() <= 12, "ids are short");
    }
    // Ids are stable across runs.
    let again = list_json(&home, &[]);
    let ids = |v: &[Value]| {
        v.iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&articles), ids(&again));
}

#[test]
fn bad_pages_are_named_on_stderr_and_the_good_one_still_loads() {
    let home = Home::new();
    let dir = home.path().join("pages");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("empty.txt"), b"").unwrap();
    fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0xff, 0xfe, 0, 0].repeat(50),
    )
    .unwrap();
    fs::copy(seed(PAGE_000), dir.join("good.txt")).unwrap();
    let out = home.run(&["--data", dir.to_str().unwrap(), "list"]);
    assert!(
        out.status.success(),
        "exit 0 with one good page: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("empty.txt"), "names the empty file: {err}");
    assert!(err.contains("binary.txt"), "names the binary file: {err}");
    let text = stdout(&out);
    assert!(text.contains("开工马力十足"), "{text}");
    assert!(!text.contains("empty") && !text.contains("binary"));
}

#[test]
fn a_directory_without_usable_pages_fails_with_a_reason() {
    let home = Home::new();
    let dir = home.path().join("pages");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("empty.txt"), b"  \n\n").unwrap();
    let out = home.run(&["--data", dir.to_str().unwrap(), "list"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("no usable page") && err.contains("empty.txt"),
        "{err}"
    );

    let missing = home.path().join("nope");
    let out = home.run(&["--data", missing.to_str().unwrap(), "list"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
}

#[test]
fn kanbao_data_env_works_like_the_flag() {
    let home = Home::new();
    let dir = home.path().join("pages");
    fs::create_dir_all(&dir).unwrap();
    fs::copy(seed(PAGE_000), dir.join("good.txt")).unwrap();
    let out = home
        .cmd(&["list", "--json"])
        .env("KANBAO_DATA", &dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v.as_array().unwrap().iter().all(|a| a["page"] == "good"));
}

#[test]
fn export_jsonl_has_whole_articles_matching_list() {
    let home = Home::new();
    let out = home.run(&["export", "--format", "jsonl"]);
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), list_json(&home, &[]).len());
    for a in &lines {
        let paragraphs = a["paragraphs"].as_array().expect("paragraphs");
        assert!(!paragraphs.is_empty(), "{} has a body", a["title"]);
        for p in paragraphs {
            assert!(["text", "subhead", "caption"].contains(&p["kind"].as_str().unwrap()));
        }
    }
    let md = home.run(&["export", "--format", "markdown"]);
    assert!(stdout(&md).contains("# 杭州市钱塘区总工会制订助力复工复产15条措施"));
}

#[test]
fn import_adds_a_page_once_and_lists_it() {
    let home = Home::new();
    // A bundled page is already there, whatever its encoding.
    let gbk = home.path().join("gbk.txt");
    let text = fs::read_to_string(seed(PAGE_000)).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    fs::write(&gbk, &bytes).unwrap();
    let out = home.run(&["import", gbk.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("unchanged"), "{}", stdout(&out));

    // A new page (here: a bundled page with an edited headline) is added, then not duplicated.
    let new_page = home.path().join("new_page.txt");
    fs::write(&new_page, text.replace("开工马力十足", "开工马力特别足")).unwrap();
    let before = list_json(&home, &[]).len();
    let out = home.run(&["import", new_page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("added"), "{}", stdout(&out));
    let out = home.run(&["import", new_page.to_str().unwrap()]);
    assert!(stdout(&out).contains("unchanged"), "{}", stdout(&out));
    let after = list_json(&home, &[]);
    assert!(
        after.len() > before,
        "the imported page's articles are listed"
    );
    assert!(after.iter().any(|a| a["title"] == "开工马力特别足"));

    // A file that is not a page is refused, with its name and a non-zero exit.
    let junk = home.path().join("junk.txt");
    fs::write(&junk, [0u8; 64]).unwrap();
    let out = home.run(&["import", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("junk.txt"), "{}", stderr(&out));
}

#[test]
fn import_records_a_pages_source_which_wins_over_its_file_name() {
    let home = Home::new();
    let text = fs::read_to_string(seed(PAGE_000)).unwrap();
    let page = home.path().join("2015-05-05_02.txt");
    fs::write(&page, text.replace("开工马力十足", "开工马力真足")).unwrap();
    let (page_arg, url) = (page.to_str().unwrap(), "https://example.org/2017-01-16/3");
    let args = [
        "import",
        page_arg,
        "--date",
        "2017-01-16",
        "--page",
        "3",
        "--url",
        url,
    ];
    let out = home.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let ours: Vec<Value> = list_json(&home, &[])
        .into_iter()
        .filter(|a| a["page"] == "2015-05-05_02")
        .collect();
    assert!(!ours.is_empty(), "the imported page is listed");
    for article in &ours {
        assert_eq!(article["date"], "2017-01-16", "{article}");
        assert_eq!(article["date_source"], "manifest", "{article}");
    }
    let manifest = fs::read_to_string(home.path().join("data/kanbao/pages/pages.toml")).unwrap();
    assert!(
        manifest.contains(url) && manifest.contains("number = 3"),
        "{manifest}"
    );

    // A bad source is refused before anything is imported; --page names one page only.
    let other = home.path().join("other.txt");
    fs::write(&other, text.replace("开工马力十足", "开工马力好足")).unwrap();
    let out = home.run(&["import", other.to_str().unwrap(), "--date", "2017-02-30"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    let out = home.run(&["import", other.to_str().unwrap(), page_arg, "--page", "2"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("one file at a time"),
        "{}",
        stderr(&out)
    );
    assert!(list_json(&home, &[]).iter().all(|a| a["page"] != "other"));
}

#[test]
fn filters_and_stats_agree_with_list() {
    let home = Home::new();
    let all = list_json(&home, &[]);
    let stats_out = home.run(&["stats", "--json"]);
    assert!(stats_out.status.success(), "{}", stderr(&stats_out));
    let stats: Value = serde_json::from_str(&stdout(&stats_out)).unwrap();
    assert_eq!(stats["total"].as_u64().unwrap() as usize, all.len());
    let city_sum: u64 = stats["cities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        city_sum + stats["province_wide"].as_u64().unwrap(),
        all.len() as u64
    );
    for city in stats["cities"].as_array().unwrap() {
        let name = city["name"].as_str().unwrap();
        let listed = list_json(&home, &["--region", name]);
        assert_eq!(
            listed.len() as u64,
            city["count"].as_u64().unwrap(),
            "--region {name}"
        );
        assert!(listed.iter().all(|a| a["region"]["city"] == name));
    }
    for theme in stats["themes"].as_array().unwrap() {
        let id = theme["name"].as_str().unwrap();
        let listed = list_json(&home, &["--theme", id]);
        assert_eq!(
            listed.len() as u64,
            theme["count"].as_u64().unwrap(),
            "--theme {id}"
        );
        // The label works as well as the id.
        let by_label = list_json(&home, &["--theme", theme["label"].as_str().unwrap()]);
        assert_eq!(by_label.len(), listed.len());
    }
    let hz = list_json(&home, &["--region", "杭州"]);
    assert!(!hz.is_empty());
    assert!(hz.iter().all(|a| a["region"]["city"] == "杭州市"));
    let out = home.run(&["list", "--region", "火星"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("火星"));
    let out = home.run(&["list", "--month", "2023-13"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("YYYY or YYYY-MM"), "{}", stderr(&out));
}

/// Each stats section counts under every flag but its own, as the browser's navigator does:
/// a value's count is what `list` gives with that value added to the flags.
#[test]
fn stats_sections_count_like_a_sidebar() {
    let home = Home::new();
    let stats = |flags: &[&str]| -> Value {
        let out = home.run(&[&["stats", "--json"], flags].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let theme = "wages";
    let under = stats(&["--theme", theme]);
    assert_eq!(
        under["total"].as_u64().unwrap() as usize,
        list_json(&home, &["--theme", theme]).len()
    );
    for city in under["cities"].as_array().unwrap() {
        let name = city["name"].as_str().unwrap();
        let listed = list_json(&home, &["--theme", theme, "--region", name]);
        assert_eq!(
            listed.len() as u64,
            city["count"].as_u64().unwrap(),
            "{name}"
        );
    }
    // The themes section ignores --theme itself: the same as with no flags.
    assert_eq!(under["themes"], stats(&[])["themes"]);
    for year in stats(&[])["years"].as_array().unwrap() {
        let name = year["name"].as_str().unwrap();
        let listed = list_json(&home, &["--month", name]);
        assert_eq!(
            listed.len() as u64,
            year["count"].as_u64().unwrap(),
            "{name}"
        );
        assert!(
            listed
                .iter()
                .all(|a| a["date"].as_str().unwrap().starts_with(name))
        );
        let ranged = list_json(
            &home,
            &["--since", name, "--until", &format!("{name}-12-31")],
        );
        assert_eq!(ranged.len(), listed.len(), "--since/--until {name}");
    }
    let out = home.run(&["list", "--since", "2024", "--until", "2023-06"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("swap"), "{}", stderr(&out));
    // Province-wide articles are a region of their own.
    let province = list_json(&home, &["--region", "全省"]);
    assert_eq!(
        province.len() as u64,
        stats(&[])["province_wide"].as_u64().unwrap()
    );
    assert!(province.iter().all(|a| a["region"]["city"].is_null()));
}

#[test]
fn the_browser_refuses_a_non_terminal_and_points_to_the_commands() {
    let home = Home::new();
    let out = home.run(&[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("list") && err.contains("search") && err.contains("show"),
        "{err}"
    );
}

#[test]
fn a_read_only_home_still_lists_and_explains_import() {
    let home = Home::new();
    let ro = home.path().join("ro");
    fs::create_dir_all(&ro).unwrap();
    let mut perms = fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&ro, perms).unwrap();
    let mut cmd = home.cmd(&["list"]);
    cmd.env("HOME", &ro)
        .env("XDG_DATA_HOME", ro.join("data"))
        .env("XDG_CACHE_HOME", ro.join("cache"))
        .env("XDG_STATE_HOME", ro.join("state"));
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Root ignores permissions, so only check import's message where the directory really is read-only.
    if fs::write(ro.join("probe"), b"x").is_err() {
        let page = home.path().join("p.txt");
        fs::write(
            &page,
            fs::read_to_string(seed(PAGE_000))
                .unwrap()
                .replace("开工马力十足", "开工马力很足"),
        )
        .unwrap();
        let mut cmd = home.cmd(&["import", page.to_str().unwrap()]);
        cmd.env("XDG_DATA_HOME", ro.join("data"));
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    }
}

/// Real archives name their pages by date and page; the file name dates a page when no
/// manifest entry does, and says so.
#[test]
fn a_dated_file_name_dates_its_page() {
    let home = Home::new();
    let dir = home.path().join("archive");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        seed("002_b5643cc4bf363cac.txt"),
        dir.join("2017-01-16_01.txt"),
    )
    .unwrap();
    let out = home.run(&["list", "--json", "--data", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(!listed.is_empty());
    for article in &listed {
        assert_eq!(article["date"], "2017-01-16");
        assert_eq!(article["date_source"], "file name");
    }
    let out = home.run(&[
        "list",
        "--json",
        "--month",
        "2017-01",
        "--data",
        dir.to_str().unwrap(),
    ]);
    let in_month: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(in_month.len(), listed.len());
}

/// A broken config is reported by the commands as by the browser: file, line, what is wrong.
#[test]
fn commands_report_a_broken_config() {
    let home = Home::new();
    let config = home.path().join("bad.toml");
    std::fs::write(&config, "ambiguous_width = \"wide\"\n[keys]\nquit = [\n").unwrap();
    let out = home.run(&["list", "--config", config.to_str().unwrap()]);
    assert!(out.status.success(), "a bad config does not stop a command");
    let err = stderr(&out);
    assert!(err.contains("bad.toml line 3"), "{err}");
    let out = home.run(&["stats", "--config", "/nonexistent/kanbao.toml"]);
    assert!(
        stderr(&out).contains("/nonexistent/kanbao.toml: cannot read it"),
        "{}",
        stderr(&out)
    );
}
