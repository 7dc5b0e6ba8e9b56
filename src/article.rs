//! The article: the one serde type every view, command and index shares.
//!
//! A page is cut into articles by [`crate::corpus::parse`]; [`crate::classify`] then fills in
//! `region`, `places`, `themes`, `date` and `date_source`. The JSON form of this type is the
//! public `--json` / `export --format jsonl` contract, so field names and enum spellings are stable.

use serde::{Deserialize, Serialize};

/// What sort of item an article is on the printed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    /// An ordinary report.
    #[default]
    News,
    /// A picture with its caption and credit.
    Photo,
    /// A listing such as an events announcement (时间/地点 …).
    Notice,
}

/// The role of one paragraph in an article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// Body text.
    #[default]
    Text,
    /// An in-article subhead (“初心”答卷:…, 授技强艺聚人心).
    Subhead,
    /// A photo caption or credit.
    Caption,
}

/// One paragraph of an article: its kind and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub text: String,
}

impl Paragraph {
    /// A paragraph of `kind` holding `text`.
    pub fn new(kind: ParagraphKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
        }
    }
}

/// The people an article credits: 记者 (reporters), 通讯员 (correspondents) and … 摄 (photographers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Byline {
    pub reporters: Vec<String>,
    pub correspondents: Vec<String>,
    pub photographers: Vec<String>,
}

impl Byline {
    /// Whether the byline credits nobody.
    pub fn is_empty(&self) -> bool {
        self.reporters.is_empty() && self.correspondents.is_empty() && self.photographers.is_empty()
    }

    /// Adds the names `other` credits that this byline lacks, each in its role.
    pub(crate) fn merge(&mut self, other: &Byline) {
        for (to, names) in [
            (&mut self.reporters, &other.reporters),
            (&mut self.correspondents, &other.correspondents),
            (&mut self.photographers, &other.photographers),
        ] {
            for name in names {
                if !to.contains(name) {
                    to.push(name.clone());
                }
            }
        }
    }

    /// Every credited name, reporters first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.reporters
            .iter()
            .chain(&self.correspondents)
            .chain(&self.photographers)
            .map(String::as_str)
    }
}

/// The place an article is about. `city`/`county` are full names from the gazetteer
/// (杭州市, 西湖区); `city == None` means the whole province (or unknown).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Region {
    pub province: String,
    pub city: Option<String>,
    pub county: Option<String>,
}

impl Default for Region {
    fn default() -> Self {
        Self {
            province: PROVINCE.to_string(),
            city: None,
            county: None,
        }
    }
}

/// The province every article of this newspaper belongs to.
pub(crate) const PROVINCE: &str = "浙江省";

/// One Zhejiang place an article names, with how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub city: Option<String>,
    pub county: Option<String>,
    pub mentions: u32,
}

/// Where an article's `date` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// `data/pages.toml` (or a user manifest) gives the page's date.
    Manifest,
    /// The page's file name carries it (`2017-01-16_01.txt`, `20170116-03.txt`).
    #[serde(rename = "file name")]
    FileName,
    /// Inferred from the text (an explicit year, or a weekday that fixes one).
    Inferred,
}

/// One article cut from a page: its text, where it came from and how it was classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Short and stable across runs and rebuilds: see [`article_id`].
    pub id: String,
    /// The page's file stem, e.g. `000_b4d91279af1e54d0`.
    pub page: String,
    /// 1-based position of the article on its page.
    pub seq: u32,
    pub kind: ArticleKind,
    /// A page banner or column label over the article (工会“小灵通”, 推进产改进行时).
    pub column: Option<String>,
    /// 引题
    pub kicker: Option<String>,
    /// 主题
    pub title: String,
    /// 副题
    pub subtitle: Option<String>,
    pub byline: Byline,
    pub paragraphs: Vec<Paragraph>,
    #[serde(default)]
    pub region: Region,
    #[serde(default)]
    pub places: Vec<Place>,
    /// Theme ids (see `data/themes.toml`), strongest first, one to three.
    #[serde(default)]
    pub themes: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as precise as the evidence allows.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub date_source: Option<DateSource>,
    /// （下转第N版）: the article goes on on page N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continued_to: Option<u32>,
    /// （上接第N版）: this part continues the article from page N.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continued_from: Option<u32>,
    /// Photo credits as printed (通讯员王燕红 摄, ■甲/文 乙/摄). The names are also in
    /// `byline.photographers`, and each credit stays in the body as a `caption` paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<String>,
    /// Why the article starts where it does (`show --explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<Cut>,
    /// What the cutter and the classifier are least sure of (`kanbao check`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doubts: Vec<Doubt>,
}

/// Why an article starts where it does: its anchor (a byline, a notice, a photo credit, a
/// continuation note, the page top, a user correction) or, for a headline without one, the
/// signs the cutter weighed and their score (a new article from 2 up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Cut {
    /// 1-based line of the page file where the article starts.
    pub line: u32,
    /// `page top`, `byline`, `continuation note`, `notice`, `photo credit`, `evidence` or
    /// `correction`.
    pub anchor: String,
    pub score: i32,
    pub signs: Vec<CutSign>,
}

/// One sign weighed for (positive) or against (negative) a new article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CutSign {
    pub sign: String,
    pub weight: i32,
    pub detail: String,
}

/// Something about an article's cut or classification worth a reader's second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doubt {
    /// 1-based line of the page file the doubt is about.
    pub line: u32,
    pub kind: DoubtKind,
    pub reason: String,
}

/// Why the parser doubts one of its cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DoubtKind {
    /// A headline-shaped line was kept inside the body (a subhead, or a missed article).
    HeadlineInBody,
    /// The article starts on evidence that barely reached the threshold.
    CloseCall,
    /// No title was found.
    EmptyTitle,
    /// Very little text: perhaps a fragment of the article above.
    Short,
    /// Very much text: perhaps two articles glued together.
    Long,
    /// The region rests on a single weak mention.
    WeakRegion,
}

impl DoubtKind {
    /// A short English label for reports (`kanbao check`).
    pub fn label(self) -> &'static str {
        match self {
            DoubtKind::HeadlineInBody => "headline in body",
            DoubtKind::CloseCall => "close call",
            DoubtKind::EmptyTitle => "empty title",
            DoubtKind::Short => "very short",
            DoubtKind::Long => "very long",
            DoubtKind::WeakRegion => "weak region",
        }
    }
}

impl Article {
    /// The body text, paragraphs joined by newlines.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&p.text);
        }
        out
    }

    /// The headline block as one line: kicker, title, subtitle.
    pub fn headline(&self) -> String {
        [
            self.kicker.as_deref(),
            Some(self.title.as_str()),
            self.subtitle.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// A highlighted range inside one paragraph of an article (e.g. a search hit): byte offsets into
/// `article.paragraphs[paragraph].text`, both on char boundaries, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ParagraphSpan {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// The stable id of article `seq` on page `page`: a short key of the page and the sequence number,
/// e.g. `b4d912-3`. Pages named like the bundled ones (`NNN_<hex>`) use their own hex; any other
/// name is hashed (FNV-1a, stable across Rust versions, unlike `DefaultHasher`).
pub fn article_id(page: &str, seq: u32) -> String {
    format!("{}-{}", page_key(page), seq)
}

/// Six hex digits that name a page.
pub fn page_key(page: &str) -> String {
    page_key_of_length(page, 6)
}

/// The page key with `digits` hex digits (6..=16). Two pages of an archive can share the six-digit
/// key (with ten thousand pages that is near certain), so the corpus gives the later page a longer
/// one: the same name always gives the same digits, only more of them.
pub(crate) fn page_key_of_length(page: &str, digits: usize) -> String {
    let digits = digits.clamp(6, 16);
    if let Some((_, hex)) = page.split_once('_')
        && hex.len() >= digits
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex[..digits].to_ascii_lowercase();
    }
    // The low digits, so six digits are the key ids have always had.
    let hash = format!("{:016x}", fnv1a(page.as_bytes()));
    hash[16 - digits..].to_string()
}

/// FNV-1a, 64 bit: a tiny stable hash for ids and fingerprints.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = Fnv::default();
    std::hash::Hasher::write(&mut hash, bytes);
    hash.0
}

/// FNV-1a as a [`std::hash::Hasher`]: for hash maps of short keys no attacker chooses (the
/// index's key-term counts), where SipHash shows in profiles; and [`fnv1a`]'s one owner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_bundled_pages_use_their_hex() {
        assert_eq!(article_id("000_b4d91279af1e54d0", 3), "b4d912-3");
    }

    #[test]
    fn ids_of_other_pages_are_hashed_and_stable() {
        let id = article_id("my page", 1);
        assert_eq!(id, article_id("my page", 1));
        assert_ne!(id, article_id("my page 2", 1));
        assert_eq!(id.len(), "abcdef-1".len());
    }

    #[test]
    fn longer_page_keys_extend_the_short_ones() {
        assert_eq!(page_key_of_length("000_b4d91279af1e54d0", 8), "b4d91279");
        let short = page_key("my page");
        let long = page_key_of_length("my page", 9);
        assert_eq!(long.len(), 9);
        assert!(long.ends_with(&short), "{long} vs {short}");
        assert_eq!(
            page_key_of_length("000_b4d9", 8),
            page_key_of_length("000_b4d9", 8)
        );
    }

    #[test]
    fn json_shape_matches_the_contract() {
        let a = Article {
            id: "b4d912-1".into(),
            page: "000_b4d91279af1e54d0".into(),
            seq: 1,
            title: "标题".into(),
            ..Default::default()
        };
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["kind"], "news");
        assert_eq!(v["region"]["province"], "浙江省");
        assert!(v["region"]["city"].is_null());
        assert!(v["byline"]["reporters"].as_array().unwrap().is_empty());
    }
}
