//! Generates a synthetic archive for benchmarks: `cargo run --release --example gen -- N OUT`.
//!
//! Writes about `N` articles as page files `OUT/NNNNNN_<16 hex>.txt`, 5–9 articles a page, in the
//! shape of the bundled pages (column labels, kicker/title/subtitle blocks, `本报讯 记者… 通讯员…报道`
//! bylines, subheads, photo news with `通讯员… 摄` credits, paragraphs cut by column breaks). The
//! text is recombined from the bundled pages' own articles, so segmentation, classification and
//! analysis do real work: each generated article moves its source article to another Zhejiang
//! city/county (every city/county name is rewritten consistently), and pages carry dates
//! (`2023年6月19日(周一)`) woven into some ledes, consistent within the page.
//!
//! Deterministic: the same `N` gives the same bytes (a fixed-seed SplitMix64, no `rand`).

mod corpus_gen;

use std::fs;
use std::path::Path;
use std::process::ExitCode;

fn generate(n: usize, out_dir: &Path) -> Result<(usize, usize, usize), String> {
    let pages = corpus_gen::generate_pages(n)?;
    fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let mut bytes = 0;
    for (name, text) in &pages {
        let path = out_dir.join(name);
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        bytes += text.len();
    }
    Ok((n, pages.len(), bytes))
}
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (
        args.first().and_then(|s| s.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!(
            "usage: cargo run --release --example gen -- N OUT_DIR   (N articles, e.g. 10000)"
        );
        return ExitCode::from(2);
    };
    match generate(n, Path::new(out)) {
        Ok((articles, pages, bytes)) => {
            eprintln!(
                "gen: {articles} articles on {pages} pages ({:.1} MB) in {out}",
                bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::FAILURE
        }
    }
}
