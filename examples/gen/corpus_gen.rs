//! The corpus generator's engine, shared by `examples/gen` and `benches/pipeline.rs`: see
//! `examples/gen/main.rs` for what it makes and why.
#![allow(dead_code)]

use aho_corasick::{AhoCorasick, MatchKind};
use kanbao::article::{Article, ArticleKind, ParagraphKind, fnv1a};
use kanbao::classify::Classifier;
use kanbao::corpus::bundled_pages;
use kanbao::corpus::decode::decode;
use kanbao::corpus::parse::parse_page;

/// SplitMix64: tiny, fast, good enough to shuffle newspaper text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A county with its city, as names (full and short) the text may use.
#[derive(Debug, Clone)]
struct Place {
    city: String,
    city_short: String,
    county: Option<String>,
    county_short: Option<String>,
    landmarks: Vec<String>,
}

/// What the generator recombines.
struct Material {
    articles: Vec<Article>,
    /// Every county of the gazetteer (and one entry per city without a county).
    places: Vec<Place>,
    reporters: Vec<String>,
    correspondents: Vec<String>,
    photographers: Vec<String>,
    columns: Vec<String>,
}

fn material() -> Result<Material, String> {
    let classifier = Classifier::embedded().map_err(|e| e.to_string())?;
    let mut articles = Vec::new();
    for (name, bytes) in bundled_pages() {
        let text = decode(bytes).map_err(|e| format!("bundled page {name}: {e}"))?;
        articles.extend(parse_page(name, &text));
    }
    if articles.is_empty() {
        return Err("the bundled pages hold no article".to_string());
    }
    classifier.classify_all(&mut articles);
    let mut places = Vec::new();
    for city in classifier.gazetteer().cities() {
        places.push(Place {
            city: city.name.clone(),
            city_short: city.short.clone(),
            county: None,
            county_short: None,
            landmarks: Vec::new(),
        });
        for county in &city.counties {
            places.push(Place {
                city: city.name.clone(),
                city_short: city.short.clone(),
                county: Some(county.name.clone()),
                // A weak short name (a common word) is not rewritten into text.
                county_short: (!county.weak_short && county.short.chars().count() >= 2)
                    .then(|| county.short.clone()),
                landmarks: county.places.clone(),
            });
        }
    }
    let mut reporters = Vec::new();
    let mut correspondents = Vec::new();
    let mut photographers = Vec::new();
    let mut columns = Vec::new();
    for a in &articles {
        reporters.extend(a.byline.reporters.iter().cloned());
        correspondents.extend(a.byline.correspondents.iter().cloned());
        photographers.extend(a.byline.photographers.iter().cloned());
        columns.extend(a.column.iter().cloned());
    }
    for list in [
        &mut reporters,
        &mut correspondents,
        &mut photographers,
        &mut columns,
    ] {
        list.sort();
        list.dedup();
    }
    // The photo credits of the seed pages name few people: lend them the correspondents too.
    photographers.extend(correspondents.iter().cloned());
    if reporters.is_empty() || correspondents.is_empty() {
        return Err("the bundled pages name no reporter or correspondent".to_string());
    }
    Ok(Material {
        articles,
        places,
        reporters,
        correspondents,
        photographers,
        columns,
    })
}

/// Rewrites the place names of one source article so that it is about `target` instead.
struct Relocation {
    matcher: Option<AhoCorasick>,
    replacements: Vec<String>,
}

impl Relocation {
    fn new(source: &Article, target: &Place, all: &[Place]) -> Relocation {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let from = all.iter().find(|p| {
            Some(&p.city) == source.region.city.as_ref() && p.county == source.region.county
        });
        if let Some(from) = from {
            pairs.push((from.city.clone(), target.city.clone()));
            pairs.push((from.city_short.clone(), target.city_short.clone()));
            if let (Some(county), Some(new)) = (&from.county, &target.county) {
                pairs.push((county.clone(), new.clone()));
                if let (Some(short), Some(new_short)) = (&from.county_short, &target.county_short) {
                    pairs.push((short.clone(), new_short.clone()));
                }
                for (i, landmark) in from.landmarks.iter().enumerate() {
                    if !target.landmarks.is_empty() {
                        pairs.push((
                            landmark.clone(),
                            target.landmarks[i % target.landmarks.len()].clone(),
                        ));
                    }
                }
            }
        }
        pairs.retain(|(from, _)| from.chars().count() >= 2);
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        if pairs.is_empty() {
            return Relocation {
                matcher: None,
                replacements: Vec::new(),
            };
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pairs.iter().map(|(from, _)| from))
            .ok();
        Relocation {
            matcher,
            replacements: pairs.into_iter().map(|(_, to)| to).collect(),
        }
    }

    fn apply(&self, text: &str) -> String {
        match &self.matcher {
            Some(m) => m.replace_all(text, &self.replacements),
            None => text.to_string(),
        }
    }
}

/// The date one page carries.
struct PageDate {
    year: i32,
    month: u32,
    day: u32,
}

impl PageDate {
    fn random(rng: &mut Rng) -> PageDate {
        let year = 2023 + rng.below(2) as i32;
        let month = 1 + rng.below(12) as u32;
        let day = 1 + rng.below(28) as u32;
        PageDate { year, month, day }
    }

    /// 周一 … 周日, by Zeller's congruence on the proleptic Gregorian calendar.
    #[allow(clippy::many_single_char_names)] // the formula's own letters
    fn weekday(&self) -> &'static str {
        let (mut y, mut m) = (self.year, self.month as i32);
        if m < 3 {
            m += 12;
            y -= 1;
        }
        let k = y % 100;
        let j = y / 100;
        let h = (self.day as i32 + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
        // h: 0 = Saturday, 1 = Sunday, 2 = Monday …
        ["周六", "周日", "周一", "周二", "周三", "周四", "周五"][h as usize]
    }

    /// A lede opening in one of the forms the paper uses.
    fn lede_prefix(&self, rng: &mut Rng) -> String {
        match rng.below(3) {
            0 => format!("{}年{}月{}日,", self.year, self.month, self.day),
            1 => format!("{}月{}日({}),", self.month, self.day, self.weekday()),
            _ => format!(
                "{}年{}月{}日({}),",
                self.year,
                self.month,
                self.day,
                self.weekday()
            ),
        }
    }
}

/// Writes one article in the page's text shape.
fn write_article(
    out: &mut String,
    source: &Article,
    rng: &mut Rng,
    mat: &Material,
    date: &PageDate,
    dated: bool,
) {
    // A county article moves to another county, a city article to another city.
    let wants_county = source.region.county.is_some();
    let candidates: Vec<&Place> = mat
        .places
        .iter()
        .filter(|p| p.county.is_some() == wants_county)
        .collect();
    let target = (*rng.pick(&candidates)).clone();
    let relocate = Relocation::new(source, &target, &mat.places);
    let block = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push_str("\n\n");
    };
    if (source.column.is_some() || rng.chance(8)) && !mat.columns.is_empty() {
        block(out, rng.pick(&mat.columns).as_str());
    }
    if let Some(kicker) = &source.kicker {
        block(out, &relocate.apply(kicker));
    }
    block(out, &relocate.apply(&source.title));
    if let Some(subtitle) = &source.subtitle {
        block(out, &relocate.apply(subtitle));
    }
    let byline_first = source.kind == ArticleKind::News;
    if byline_first {
        let reporter = rng.pick(&mat.reporters);
        let correspondent = rng.pick(&mat.correspondents);
        let line = match rng.below(4) {
            0 => format!("本报讯 记者{reporter}报道"),
            1 => format!("本报讯 通讯员{correspondent}报道"),
            _ => format!("本报讯 记者{reporter} 通讯员{correspondent}报道"),
        };
        block(out, &line);
    }
    let mut lede_done = !dated;
    for paragraph in &source.paragraphs {
        let mut text = relocate.apply(&paragraph.text);
        if paragraph.kind == ParagraphKind::Caption {
            continue;
        }
        if !lede_done && paragraph.kind == ParagraphKind::Text {
            text = format!("{}{}", date.lede_prefix(rng), strip_vague_opening(&text));
            lede_done = true;
        }
        let chars: Vec<char> = text.chars().collect();
        // Now and then a column break cuts a long paragraph, even mid-word, as on the paper.
        if paragraph.kind == ParagraphKind::Text && chars.len() > 120 && rng.chance(10) {
            let cut = 40 + rng.below(chars.len() - 80);
            let head: String = chars[..cut].iter().collect();
            let tail: String = chars[cut..].iter().collect();
            block(out, &head);
            block(out, &tail);
        } else {
            block(out, &text);
        }
    }
    if !source.byline.photographers.is_empty() || source.kind == ArticleKind::Photo {
        block(out, &format!("通讯员{} 摄", rng.pick(&mat.photographers)));
    }
    out.push('\n');
}

/// `近日，…` → `…`, so a woven date does not read `6月19日,近日,`.
fn strip_vague_opening(text: &str) -> &str {
    for opening in ["近日，", "近日,", "日前，", "日前,"] {
        if let Some(rest) = text.strip_prefix(opening) {
            return rest;
        }
    }
    text
}

/// A 24-bit bijection (multiply by an odd constant, xor-shift), so page keys never collide.
fn page_key(page: u32) -> u32 {
    let mut x = page.wrapping_mul(0x009E_3779) & 0xff_ffff;
    x ^= x >> 11;
    x.wrapping_mul(0x002C_1B3D) & 0xff_ffff
}

/// About `n` articles as (file name, page text) pairs, deterministic in `n`.
pub fn generate_pages(n: usize) -> Result<Vec<(String, String)>, String> {
    let mat = material()?;
    let mut rng = Rng(0x6B61_6E62_616F ^ n as u64);
    let mut written = 0;
    let mut pages = Vec::new();
    let news: Vec<usize> = mat
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == ArticleKind::News)
        .map(|(i, _)| i)
        .collect();
    while written < n {
        let on_page = (5 + rng.below(5)).min(n - written);
        let date = PageDate::random(&mut rng);
        let mut text = String::from("\n");
        for k in 0..on_page {
            // Mostly news; the rest as the seed pages mix them.
            let source = if !news.is_empty() && rng.chance(75) {
                &mat.articles[*rng.pick(&news)]
            } else {
                rng.pick(&mat.articles)
            };
            let dated = k == 0 || rng.chance(30);
            write_article(&mut text, source, &mut rng, &mat, &date, dated);
        }
        let key = page_key(pages.len() as u32);
        let tail = fnv1a(text.as_bytes()) & 0xff_ffff_ffff;
        let name = format!("{:06}_{key:06x}{tail:010x}.txt", pages.len());
        pages.push((name, text));
        written += on_page;
    }
    Ok(pages)
}
