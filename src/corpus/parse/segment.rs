//! Where each article starts, how many of its first lines are its headline block, and why.
//!
//! An editor finds articles by their anchors, strongest first:
//! * a **byline** (本报讯 记者…报道, ■通讯员…): the article starts at the headline block right
//!   above it (possibly with a one-sentence photo caption between block and byline);
//! * a **continuation note** （上接第1版）: the continued part starts at the headline above it;
//! * a **notice**: a headline above lines of the form 时间：… / 地点：…;
//! * a **photo credit** (通讯员… 摄) with no byline above it since the last anchor: a picture story,
//!   which starts at the nearest headline-shaped line above the credit that stands on its own,
//!   provided the story is short.
//!
//! Every other headline-shaped block that stands on its own (the line above ended a sentence)
//! over body text is a *candidate*: a brief without a byline, or a subhead of the running
//! article. [`weigh`] adds up the signs for each (see [`Sign`]) and a candidate whose score
//! reaches [`NEW_ARTICLE_SCORE`] starts an article. Candidates are decided in page order, so a
//! decision sees the article it would end as it stands (its subheads, places and length).

use super::lines::Item;
use super::text::{balanced, char_len, ends_sentence, is_han};
use crate::article::ArticleKind;

/// The most lines a headline block (column, kicker, title over two lines, subtitle) spans.
const MAX_HEAD_LINES: usize = 5;
/// The longest headline line (characters). A headline line spans at most the page's width in
/// subtitle type, about 36 characters; a longer line without a sentence end is body text cut
/// by a column break.
const MAX_HEADLINE_CHARS: usize = 36;
/// The longest photo caption sitting between a headline and its byline: one sentence of two
/// printed lines under a picture.
pub(crate) const MAX_CAPTION_BEFORE_BYLINE_CHARS: usize = 60;
/// The longest one-sentence caption under a credit (two to four printed lines).
pub(crate) const MAX_CAPTION_CHARS: usize = 160;
/// The most body text (characters) a picture story carries between headline and credit. The
/// paper's picture stories are one caption of 60–400 characters; longer text under a
/// headline-shaped line belongs to an article with subheads.
const MAX_PHOTO_STORY_CHARS: usize = 600;
/// A candidate starts an article at this score. Two clear signs are needed (a lede opening
/// and a change of place, a two-line headline and a lede …), so no single weak sign cuts a
/// feature apart.
pub(crate) const NEW_ARTICLE_SCORE: i32 = 2;
/// The markdown level from which a line is set as a subhead (####, or bold).
const SUBHEAD_LEVEL: u8 = super::text::BOLD_LEVEL;

/// How many later candidates are compared for a feature's parallel subheads: a feature has
/// two to five.
const MAX_SIBLINGS: usize = 8;
/// How many items of the article above are read for its places, subheads and length: more
/// than the longest feature's paragraphs on one page.
const MAX_RUNNING_ITEMS: usize = 80;

/// The longest brief (characters): the paper's briefs run 150–700 characters.
const MAX_BRIEF_CHARS: usize = 700;
/// The longest clause a time opening may be (近日，· 8月28日上午，· 今年春节前夕，).
const MAX_TIME_CLAUSE_CHARS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Anchor {
    /// The page's first lines (nothing above them).
    #[default]
    PageTop,
    Byline,
    ContinuedFrom,
    Notice,
    Photo,
    /// A candidate whose signs outweigh those of a subhead.
    Evidence,
    /// A user correction (`split_before`).
    Correction,
}

impl Anchor {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Anchor::PageTop => "page top",
            Anchor::Byline => "byline",
            Anchor::ContinuedFrom => "continuation note",
            Anchor::Notice => "notice",
            Anchor::Photo => "photo credit",
            Anchor::Evidence => "evidence",
            Anchor::Correction => "correction",
        }
    }
}

/// One sign weighed for or against a new article (positive: new article).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sign {
    pub name: &'static str,
    pub weight: i32,
    pub detail: String,
}

/// Why a start is where it is (or why a candidate is not one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Why {
    pub anchor: Anchor,
    pub signs: Vec<Sign>,
    pub score: i32,
}

impl Why {
    fn anchored(anchor: Anchor, detail: impl Into<String>) -> Why {
        Why {
            anchor,
            signs: vec![Sign {
                name: anchor.label(),
                weight: NEW_ARTICLE_SCORE,
                detail: detail.into(),
            }],
            score: NEW_ARTICLE_SCORE,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Start {
    /// Index of the article's first item.
    pub at: usize,
    /// How many items from `at` form the headline block.
    pub head_len: usize,
    pub kind: ArticleKind,
    pub why: Why,
}

/// A candidate judged a subhead (or body text): where, and the weighed signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejected {
    pub at: usize,
    pub head_len: usize,
    pub why: Why,
}

/// A place as the cutter compares them (see `classify::region::named_places`).
pub(crate) type PlaceKey = (usize, Option<usize>);

/// What the segmenter is told by the page's corrections.
#[derive(Debug, Clone, Default)]
pub(crate) struct Forced {
    /// Items where an article must start.
    pub split_before: Vec<usize>,
    /// Items where no article may start.
    pub join: Vec<usize>,
}

pub(crate) struct Segmentation {
    pub starts: Vec<Start>,
    pub rejected: Vec<Rejected>,
}

pub(crate) fn article_starts(
    items: &[Item],
    levels: &[Option<u8>],
    places: &dyn Fn(&str) -> Vec<PlaceKey>,
    forced: &Forced,
) -> Segmentation {
    let mut starts = byline_starts(items);
    starts.extend(note_starts(items, &starts));
    starts.sort_by_key(|s| s.at);
    let notices = notice_starts(items, &starts);
    starts.extend(notices);
    starts.sort_by_key(|s| s.at);
    let photos = photo_starts(items, &starts);
    starts.extend(photos);
    starts.sort_by_key(|s| s.at);
    starts.dedup_by_key(|s| s.at);
    starts.retain(|s| !forced.join.contains(&s.at) || s.at == 0);
    let mut rejected = Vec::new();
    weigh_candidates(items, levels, places, forced, &mut starts, &mut rejected);
    if starts.first().is_none_or(|s| s.at > 0) && !items.is_empty() {
        // The headline-shaped lines at the top over body text, above the first start.
        let first = starts.first().map_or(items.len(), |s| s.at);
        let head_len = headline_run_len_at_top(&items[..first]);
        starts.insert(
            0,
            Start {
                at: 0,
                head_len,
                kind: ArticleKind::News,
                why: Why::anchored(Anchor::PageTop, "the page's first line"),
            },
        );
    }
    Segmentation { starts, rejected }
}

/// A page with no anchor and no candidate: its first headline-shaped lines are still its
/// headline when body text follows them.
fn headline_run_len_at_top(items: &[Item]) -> usize {
    let n = items
        .iter()
        .take(MAX_HEAD_LINES)
        .take_while(|i| i.as_text().is_some_and(is_headline_like))
        .count();
    if n < items.len() { n } else { 0 }
}

fn byline_starts(items: &[Item]) -> Vec<Start> {
    let mut starts = Vec::new();
    let mut lower = 0;
    for (b, item) in items.iter().enumerate() {
        if !item.is_byline() {
            continue;
        }
        let run_end = b - picture_before(items, b, lower);
        let run_start = headline_run_start(items, run_end, lower);
        if run_start == run_end
            && (closes_the_article_above(items, b) || continues_a_bare_byline(items, b))
        {
            continue;
        }
        let detail = format!("byline “{}”", short(item.text()));
        starts.push(Start {
            at: if run_start < run_end { run_start } else { b },
            head_len: run_end - run_start,
            kind: ArticleKind::News,
            why: Why::anchored(Anchor::Byline, detail),
        });
        lower = b + 1;
    }
    starts
}

/// A byline with no headline above it and no text after it on its line or below it (■ 余观 at
/// the foot of a commentary): it signs the article above, it does not open one.
fn closes_the_article_above(items: &[Item], b: usize) -> bool {
    let rest_empty = matches!(&items[b], Item::Byline { parsed, .. } if parsed.rest.is_empty());
    let text_follows = items
        .get(b + 1)
        .and_then(Item::as_text)
        .is_some_and(|t| !is_headline_like(t));
    b > 0 && rest_empty && !text_follows
}

/// A second byline line right under a byline with nothing after it on its line (本报讯 记者甲报道 /
/// 记者乙报道 近日，…): both sign one article, so the second does not open another.
fn continues_a_bare_byline(items: &[Item], b: usize) -> bool {
    b > 0 && matches!(&items[b - 1], Item::Byline { parsed, .. } if parsed.rest.is_empty())
}

/// How many items between a headline and its byline at `b` describe a picture: a one-sentence
/// caption, its credit, or both (headline / 5月9日，…考核。 / 通讯员梁晓 摄 / 本报讯 …).
fn picture_before(items: &[Item], b: usize, lower: usize) -> usize {
    let mut k = b;
    if k > lower && items[k - 1].is_credit() {
        k -= 1;
    }
    if k > lower
        && items[k - 1]
            .as_text()
            .is_some_and(|t| is_caption_like(t, MAX_CAPTION_BEFORE_BYLINE_CHARS))
    {
        k -= 1;
    }
    let headline_above = k > lower && items[k - 1].as_text().is_some_and(is_headline_like);
    if headline_above { b - k } else { 0 }
}

/// （上接第1版）: the continued part starts at the headline block above the note (or at the
/// note), unless a byline anchor already starts it.
fn note_starts(items: &[Item], taken: &[Start]) -> Vec<Start> {
    let mut starts = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let Some(note) = item.note() else { continue };
        if note.direction != super::notes::Direction::From {
            continue;
        }
        let lower = lower_bound(taken, k);
        let run_start = headline_run_start(items, k, lower);
        if taken.iter().any(|s| s.at == run_start || s.at == k) {
            continue;
        }
        let at = if run_start < k { run_start } else { k };
        starts.push(Start {
            at,
            head_len: k - run_start,
            kind: ArticleKind::News,
            why: Why::anchored(
                Anchor::ContinuedFrom,
                format!("continued from page {}", note.page),
            ),
        });
    }
    starts
}

/// The end of the last headline block that starts before `k`: no headline run reaches above it.
fn lower_bound(taken: &[Start], k: usize) -> usize {
    taken
        .iter()
        .filter(|s| s.at < k)
        .map(|s| s.at + s.head_len)
        .max()
        .unwrap_or(0)
}

/// The first line of the block of headline-shaped lines ending just before `end`, going no
/// higher than `lower`; `end` itself when there is none. A line that continues an unfinished
/// paragraph above it is body text, not headline.
fn headline_run_start(items: &[Item], end: usize, lower: usize) -> usize {
    let mut start = end;
    while start > lower
        && end - start < MAX_HEAD_LINES
        && items[start - 1].as_text().is_some_and(is_headline_like)
    {
        start -= 1;
    }
    while start < end && start > 0 && continues_previous(&items[start - 1]) {
        start += 1;
    }
    start
}

/// The item is unfinished body text, so the line after it continues it. A listing's field
/// (咨询电话：12351) is complete without a sentence end.
fn continues_previous(item: &Item) -> bool {
    match item {
        Item::Text(t) => !ends_sentence(t) && !is_field(t) && !is_closing_instruction(t),
        Item::Byline { parsed, .. } => !parsed.rest.is_empty() && !ends_sentence(&parsed.rest),
        Item::Credit { .. } | Item::Note { .. } => false,
    }
}

fn notice_starts(items: &[Item], taken: &[Start]) -> Vec<Start> {
    let mut starts = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let listing = items[k].as_text().is_some_and(is_key_value)
            && items[k + 1..items.len().min(k + 3)]
                .iter()
                .any(|i| i.as_text().is_some_and(is_key_value));
        if listing {
            let lower = lower_bound(taken, k).max(lower_bound(&starts, k));
            // A notice may open with a sentence or two and a first field of another kind
            // (为满足…，欢迎报名。 / 课程：… / 时间：…) under its headline.
            let mut top = k;
            while top > lower
                && k - top < MAX_NOTICE_PREAMBLE
                && items[top - 1].as_text().is_some_and(|t| {
                    is_field(t) || is_enumerated(t) || (!is_headline_like(t) && ends_sentence(t))
                })
            {
                top -= 1;
            }
            let run_start = headline_run_start(items, top, lower);
            if run_start < top {
                starts.push(Start {
                    at: run_start,
                    head_len: top - run_start,
                    kind: ArticleKind::Notice,
                    why: Why::anchored(
                        Anchor::Notice,
                        format!("listing “{}”", short(items[k].text())),
                    ),
                });
                // Its event names are subheads, not articles.
                k = notice_end(items, k);
                continue;
            }
        }
        k += 1;
    }
    starts
}

/// The most lines between a notice's headline and its first listing field: an opening
/// paragraph, a field of another kind (课程：…) and an item's name (一、职工摄影基础班).
const MAX_NOTICE_PREAMBLE: usize = 3;

/// 一、职工摄影基础班 · 2.太极拳入门班 · （三）…: an enumerated item of a listing.
fn is_enumerated(text: &str) -> bool {
    let t = text.trim_start_matches(['（', '(']);
    let n = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    n > 0
        && t.chars()
            .nth(n)
            .is_some_and(|c| matches!(c, '、' | '.' | '．' | '）' | ')'))
}

fn photo_starts(items: &[Item], taken: &[Start]) -> Vec<Start> {
    let mut starts = Vec::new();
    let mut in_notice = vec![false; items.len()];
    for s in taken.iter().filter(|s| s.kind == ArticleKind::Notice) {
        let end = notice_end(items, s.at + s.head_len).min(items.len());
        in_notice[s.at.min(end)..end].fill(true);
    }
    for (c, item) in items.iter().enumerate() {
        if !item.is_credit() || in_notice[c] {
            continue;
        }
        let lower = items[..c]
            .iter()
            .rposition(|i| i.is_byline() || i.is_credit())
            .map_or(0, |p| p + 1)
            .max(lower_bound(taken, c));
        // 标题 / 通讯员甲 摄 / 说明。: the credit printed between headline and caption.
        if c > lower
            && items[c - 1].as_text().is_some_and(is_headline_like)
            && items
                .get(c + 1)
                .and_then(Item::as_text)
                .is_some_and(|t| is_caption_like(t, MAX_CAPTION_CHARS))
        {
            let run_start = headline_run_start(items, c, lower);
            if run_start < c {
                starts.push(Start {
                    at: run_start,
                    head_len: c - run_start,
                    kind: ArticleKind::Photo,
                    why: Why::anchored(
                        Anchor::Photo,
                        format!("credit “{}” under the headline", short(item.text())),
                    ),
                });
                continue;
            }
        }
        let mut story_chars = 0;
        let mut k = c;
        while k > lower {
            k -= 1;
            let Some(text) = items[k].as_text() else {
                break;
            };
            if is_headline_like(text) && k + 1 < c {
                let run_start = headline_run_start(items, k + 1, lower);
                if run_start <= k {
                    starts.push(Start {
                        at: run_start,
                        head_len: k + 1 - run_start,
                        kind: ArticleKind::Photo,
                        why: Why::anchored(
                            Anchor::Photo,
                            format!(
                                "credit “{}” after {story_chars} characters",
                                short(item.text())
                            ),
                        ),
                    });
                    break;
                }
            }
            story_chars += char_len(text);
            if story_chars > MAX_PHOTO_STORY_CHARS {
                break;
            }
        }
    }
    starts
}

/// The longest line a listing carries (详情请咨询省职工服务中心 · 报名方式：…): a longer finished
/// paragraph is a story's text, so the notice ended before it.
const MAX_NOTICE_LINE_CHARS: usize = 60;

/// Where a notice whose listing starts at `from` ends: at the next byline or credit, or at the
/// headline over the next story's first paragraph (a long one, or one opening like a lede).
fn notice_end(items: &[Item], from: usize) -> usize {
    let mut i = from;
    while i < items.len() {
        match &items[i] {
            Item::Byline { .. } | Item::Credit { .. } => return i,
            Item::Text(t)
                if i > from
                    && ends_sentence(t)
                    && !is_field(t)
                    && (char_len(t) > MAX_NOTICE_LINE_CHARS
                        || lede_opening(t).is_some_and(|(w, _)| w >= 2)) =>
            {
                let mut head = i;
                while head > from && items[head - 1].as_text().is_some_and(is_headline_like) {
                    head -= 1;
                }
                return head.max(from + 1);
            }
            _ => i += 1,
        }
    }
    items.len()
}

/// A headline-shaped block standing on its own over body text, not taken by an anchor.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    at: usize,
    head_len: usize,
}

fn candidates(items: &[Item], starts: &[Start]) -> Vec<Candidate> {
    // Marked once, so a page of thousands of articles is read in linear time.
    let mut taken = vec![false; items.len()];
    for s in starts {
        let end = if s.kind == ArticleKind::Notice {
            notice_end(items, s.at + s.head_len)
        } else {
            s.at + s.head_len.max(1)
        };
        taken[s.at.min(items.len())..end.min(items.len())].fill(true);
    }
    let covered = |k: usize| taken.get(k).copied().unwrap_or(false);
    let mut out = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let standing = k == 0 || !continues_previous(&items[k - 1]);
        if !standing || covered(k) || !items[k].as_text().is_some_and(is_headline_like) {
            k += 1;
            continue;
        }
        let mut end = k;
        while end < items.len()
            && end - k < MAX_HEAD_LINES
            && !covered(end)
            && items[end].as_text().is_some_and(is_headline_like)
        {
            end += 1;
        }
        // A block cannot end mid-phrase (…背后的): such a line heads body text.
        while end > k && items[end - 1].text().ends_with('的') {
            end -= 1;
        }
        // The last line may be the head of a paragraph cut by a column break (…期间，临安 /
        // 全区各级工会…): then it is body text, not headline.
        if end > k
            && let (Some(last), Some(next)) = (items[end - 1].as_text(), items.get(end))
            && next.as_text().is_some_and(|n| cut_mid_phrase(last, n))
        {
            end -= 1;
        }
        let lede = items.get(end).and_then(Item::as_text);
        if end > k && lede.is_some_and(|t| !is_headline_like(t)) && !covered(end) {
            out.push(Candidate {
                at: k,
                head_len: end - k,
            });
        }
        k = end.max(k + 1);
    }
    out
}

/// A two-line block right under a listing's field whose upper line names none of the places
/// of the lede below while the lower line does: the story's name is the lower line, the upper
/// one is the listing's last line (活动当天提供午餐 / 遂昌职工学做竹编 / 近日，遂昌县…). A
/// title names what its lede reports; a notice's closing line does not. A kicker stating the
/// occasion (…召开…会议) and a —— subtitle keep their block.
fn past_a_listings_last_line(
    items: &[Item],
    places: &dyn Fn(&str) -> Vec<PlaceKey>,
    cand: Candidate,
) -> Candidate {
    let after_listing = cand.at > 0 && items[cand.at - 1].as_text().is_some_and(is_field);
    let (Some(upper), Some(lower)) = (
        items[cand.at].as_text(),
        items.get(cand.at + 1).and_then(Item::as_text),
    ) else {
        return cand;
    };
    if !after_listing
        || cand.head_len < 2
        || super::headline::is_context_line(upper)
        || lower.starts_with("——")
    {
        return cand;
    }
    let lede = places(&following_paragraph(items, cand.at + cand.head_len));
    let names_lede = |t: &str| places(t).iter().any(|p| lede.contains(p));
    if !names_lede(upper) && names_lede(lower) {
        Candidate {
            at: cand.at + 1,
            head_len: cand.head_len - 1,
        }
    } else {
        cand
    }
}

/// Decides every candidate in page order, adding the accepted ones to `starts`.
fn weigh_candidates(
    items: &[Item],
    levels: &[Option<u8>],
    places: &dyn Fn(&str) -> Vec<PlaceKey>,
    forced: &Forced,
    starts: &mut Vec<Start>,
    rejected: &mut Vec<Rejected>,
) {
    let cands: Vec<Candidate> = candidates(items, starts)
        .into_iter()
        .map(|c| past_a_listings_last_line(items, places, c))
        .collect();
    // Subheads already accepted, per running article start.
    let mut subheads: Vec<(usize, String)> = Vec::new();
    for (n, cand) in cands.iter().enumerate() {
        // `starts` stays sorted by position.
        let pos = starts.partition_point(|s| s.at < cand.at);
        let running = running_article(items, &starts[..pos], cand.at);
        let next_anchor = starts[pos..]
            .iter()
            .map(|s| s.at)
            .find(|&at| at > cand.at)
            .unwrap_or(items.len());
        let ctx = Context {
            items,
            levels,
            places,
            running: running.as_ref(),
            subheads: running.as_ref().map_or(&[][..], |r| {
                let from = subheads.partition_point(|(at, _)| *at < r.at);
                &subheads[from..]
            }),
            later: cands[n + 1..]
                .iter()
                .take(MAX_SIBLINGS)
                .filter(|c| c.at < next_anchor)
                .copied()
                .collect(),
        };
        let mut why = weigh(&ctx, *cand);
        let joined = apply_corrections(forced, cand.at, &mut why);
        if !joined && (why.anchor == Anchor::Correction || why.score >= NEW_ARTICLE_SCORE) {
            if why.anchor != Anchor::Correction {
                why.anchor = Anchor::Evidence;
            }
            insert_start(starts, cand.at, cand.head_len, why);
            continue;
        }
        // The page's first line has no article above it to be a subhead of.
        if !joined
            && cand.head_len == 1
            && cand.at > 0
            && let Some(t) = items[cand.at].as_text()
        {
            subheads.push((cand.at, t.to_string()));
        }
        rejected.push(Rejected {
            at: cand.at,
            head_len: cand.head_len,
            why,
        });
    }
    // Forced splits at lines that are not candidates (a sentence the user says opens an item).
    for &at in &forced.split_before {
        if at < items.len() && !starts.iter().any(|s| s.at == at) {
            let head_len = usize::from(items[at].as_text().is_some_and(is_headline_like));
            let why = Why::anchored(Anchor::Correction, "pages.toml: split_before");
            insert_start(starts, at, head_len, why);
        }
    }
}

/// The article a candidate at `at` would end: the last start above it (`above`). Above the
/// first anchor the page's top is the running article: its brief is weighed against like any
/// other (its places, its length), not against nothing.
fn running_article(items: &[Item], above: &[Start], at: usize) -> Option<Start> {
    above.last().cloned().or_else(|| {
        (at > 0).then(|| Start {
            at: 0,
            head_len: headline_run_len_at_top(&items[..at]),
            kind: ArticleKind::News,
            why: Why::anchored(Anchor::PageTop, "the page's first line"),
        })
    })
}

/// The user's corrections (`pages.toml`) for a candidate at `at`: `split_before` makes it a
/// start whatever its score, `join` keeps it in the article above. Returns whether it is joined.
fn apply_corrections(forced: &Forced, at: usize, why: &mut Why) -> bool {
    if forced.split_before.contains(&at) {
        why.anchor = Anchor::Correction;
        why.signs.push(Sign {
            name: "correction",
            weight: 0,
            detail: "pages.toml: split_before".into(),
        });
        false
    } else if forced.join.contains(&at) {
        why.signs.push(Sign {
            name: "correction",
            weight: 0,
            detail: "pages.toml: join".into(),
        });
        true
    } else {
        false
    }
}

/// Adds a news article's start at `at`, keeping `starts` sorted by position.
fn insert_start(starts: &mut Vec<Start>, at: usize, head_len: usize, why: Why) {
    let pos = starts.partition_point(|s| s.at < at);
    starts.insert(
        pos,
        Start {
            at,
            head_len,
            kind: ArticleKind::News,
            why,
        },
    );
}

struct Context<'a> {
    items: &'a [Item],
    /// Markdown levels per item, where the OCR kept them.
    levels: &'a [Option<u8>],
    places: &'a dyn Fn(&str) -> Vec<PlaceKey>,
    running: Option<&'a Start>,
    /// Subheads the running article already has.
    subheads: &'a [(usize, String)],
    /// Later candidates before the next anchor.
    later: Vec<Candidate>,
}

/// The text items from `from` up to `to` (exclusive), joined.
fn text_between(items: &[Item], from: usize, to: usize) -> String {
    let mut out = String::new();
    for item in &items[from..to] {
        match item {
            Item::Text(t) => out.push_str(t),
            Item::Byline { parsed, .. } => out.push_str(&parsed.rest),
            _ => {}
        }
        out.push('\n');
    }
    out
}

/// The paragraph that follows a candidate: its lines up to the end of a sentence, past a
/// picture's caption (图为…。) and credit printed between headline and lede.
fn following_paragraph(items: &[Item], from: usize) -> String {
    let mut from = from;
    while items.get(from).is_some_and(|i| {
        i.is_credit()
            || i.as_text()
                .is_some_and(|t| is_picture_caption(t) && from + 1 < items.len())
    }) {
        from += 1;
    }
    let mut out = String::new();
    for item in items.iter().skip(from).take(4) {
        let Some(t) = item.as_text() else { break };
        out.push_str(t);
        if ends_sentence(t) {
            break;
        }
    }
    out
}

/// The signs for and against a new article at `cand`, in the order of the table in
/// ARCHITECTURE.md ("The segmenter's model"): what closes the article above, the headline's
/// type, the lede, the places, the subheads.
fn weigh(ctx: &Context<'_>, cand: Candidate) -> Why {
    let mut scale = Scale::new(ctx, cand);
    scale.closing();
    scale.headline_type();
    scale.lede();
    scale.places();
    if cand.head_len == 1 {
        scale.subheads();
    }
    let score = scale.signs.iter().map(|s| s.weight).sum();
    Why {
        anchor: Anchor::Evidence,
        signs: scale.signs,
        score,
    }
}

/// One candidate being weighed: what every sign looks at, and the signs found so far.
struct Scale<'c, 'a> {
    ctx: &'c Context<'a>,
    cand: Candidate,
    /// The candidate's headline lines.
    head_text: Vec<&'a str>,
    /// The paragraph under it.
    lede: String,
    /// Where the article above starts (bounded, see [`MAX_RUNNING_ITEMS`]).
    run_from: usize,
    /// The article above's text below its headline.
    body: String,
    body_chars: usize,
    signs: Vec<Sign>,
}

impl<'c, 'a> Scale<'c, 'a> {
    fn new(ctx: &'c Context<'a>, cand: Candidate) -> Scale<'c, 'a> {
        let items = ctx.items;
        let head_end = cand.at + cand.head_len;
        let (run_from, run_head_end) = ctx
            .running
            .map_or((0, 0), |r| (r.at, (r.at + r.head_len).min(cand.at)));
        // The article above as far back as a feature's text reaches: bounded, so a page of
        // thousands of headline-shaped lines is still read in linear time.
        let run_from = run_from.max(cand.at.saturating_sub(MAX_RUNNING_ITEMS));
        let run_head_end = run_head_end.max(run_from);
        let body = text_between(items, run_head_end, cand.at);
        Scale {
            ctx,
            cand,
            head_text: items[cand.at..head_end].iter().map(Item::text).collect(),
            lede: following_paragraph(items, head_end),
            run_from,
            body_chars: char_len(&body) - body.matches('\n').count(),
            body,
            signs: Vec::new(),
        }
    }

    fn sign(&mut self, name: &'static str, weight: i32, detail: String) {
        self.signs.push(Sign {
            name,
            weight,
            detail,
        });
    }

    /// The item just above the candidate.
    fn prev(&self) -> Option<&'a Item> {
        self.cand.at.checked_sub(1).map(|p| &self.ctx.items[p])
    }

    /// The running article: closed, empty, or already whole.
    fn closing(&mut self) {
        match self.prev() {
            Some(Item::Credit { .. }) => self.sign(
                "closed by a credit",
                2,
                "the line above is a photo credit: the picture story above is complete".into(),
            ),
            Some(Item::Note { note, .. }) if note.direction == super::notes::Direction::To => self
                .sign(
                    "closed by a continuation note",
                    3,
                    format!("the article above goes on on page {}", note.page),
                ),
            _ => {}
        }
        // Not even a one-sentence brief (the shortest the paper prints, about 35 characters)
        // stands above: the line belongs to the headline or caption of the article above. A
        // notice is whole without one: its listing's fields and its closing line (详情请咨询…)
        // are complete as printed.
        let running = self.ctx.running;
        let notice_above = running.is_some_and(|r| r.kind == ArticleKind::Notice)
            || self
                .prev()
                .and_then(Item::as_text)
                .is_some_and(|t| is_key_value(t) || is_closing_instruction(t));
        if running.is_some() && !notice_above && !self.body.contains(['。', '！', '？']) {
            let detail = format!(
                "the article above has no finished sentence yet ({} characters)",
                self.body_chars
            );
            self.sign("running article empty", -4, detail);
        }
    }

    /// Type size, where the OCR kept it: a hint only (a page without markers cuts the same when
    /// the other signs are clear), so it weighs one point; and how many lines stand together.
    fn headline_type(&mut self) {
        let cand = self.cand;
        let largest = self.ctx.levels[cand.at..cand.at + cand.head_len]
            .iter()
            .flatten()
            .min()
            .copied();
        match largest {
            Some(level) if level < SUBHEAD_LEVEL => self.sign(
                "headline type",
                1,
                format!("set as a headline ({})", "#".repeat(usize::from(level))),
            ),
            Some(_) => self.sign("subhead type", -1, "set as a subhead (#### or bold)".into()),
            None => {}
        }
        if cand.head_len >= 2 {
            self.sign(
                "headline block",
                2,
                format!(
                    "{} headline lines stand together (a subhead is one line)",
                    cand.head_len
                ),
            );
        }
    }

    /// The next paragraph opens like a lede, or carries the story on.
    fn lede(&mut self) {
        if let Some((weight, detail)) = lede_opening(&self.lede) {
            self.sign("lede opening", weight, detail);
            // A brief follows a brief: the article above has no byline and no subhead and is a
            // brief's length, and this one opens with a day. Features (which have subheads)
            // carry a byline; two briefs about one place are told apart by this alone.
            let bylined = self.ctx.items[self.run_from..self.cand.at]
                .iter()
                .any(Item::is_byline);
            let body_chars = self.body_chars;
            if weight >= 2
                && !bylined
                && self.ctx.subheads.is_empty()
                && body_chars <= MAX_BRIEF_CHARS
            {
                self.sign(
                    "brief after a brief",
                    2,
                    format!("the article above is a brief ({body_chars} characters, no byline)"),
                );
            }
        } else if let Some(detail) = continuation_opening(&self.lede) {
            self.sign("continues the story", -1, detail);
        }
    }

    /// Places: the new text against the running article.
    fn places(&mut self) {
        let ctx = self.ctx;
        let mut new_places = Vec::new();
        for t in self.head_text.iter().copied().chain([self.lede.as_str()]) {
            for p in (ctx.places)(t) {
                if !new_places.contains(&p) {
                    new_places.push(p);
                }
            }
        }
        if new_places.is_empty() || ctx.running.is_none() {
            return;
        }
        let old = (ctx.places)(&text_between(ctx.items, self.run_from, self.cand.at));
        let (shared, count) = (
            new_places.iter().filter(|p| old.contains(p)).count(),
            new_places.len(),
        );
        // A county named below shares its city with the article above it (杭州 / 杭州 余杭):
        // only an exact match or a county under the same city counts as the same place.
        let same_city = new_places
            .iter()
            .any(|(c, k)| k.is_none() && old.iter().any(|(oc, _)| oc == c));
        if shared == count || (shared > 0 && same_city) {
            let detail = format!("{shared} of {count} places already named above");
            self.sign("same places", -2, detail);
        } else if shared == 0 && old.is_empty() {
            let detail = format!("{count} places, where the article above named none");
            self.sign("a place appears", 1, detail);
        } else if shared == 0 {
            let detail = format!("{count} places, none named in the article above");
            self.sign("places change", 2, detail);
        } else {
            let detail = format!("{shared} of {count} places already named above");
            self.sign("some places shared", -1, detail);
        }
    }

    /// Subheads (a one-line candidate): the running article has some already, or more of this
    /// shape follow.
    fn subheads(&mut self) {
        let (ctx, line) = (self.ctx, self.head_text[0]);
        if let Some((_, like)) = ctx.subheads.iter().find(|(_, s)| same_shape(s, line)) {
            let detail = format!("the article above has the subhead “{}”", short(like));
            self.sign("subheads of this shape", -3, detail);
        } else if !ctx.subheads.is_empty() {
            let detail = format!("the article above has {} subheads", ctx.subheads.len());
            self.sign("article has subheads", -1, detail);
        }
        let siblings: Vec<&str> = ctx
            .later
            .iter()
            .filter(|c| c.head_len == 1)
            .filter(|c| {
                lede_opening(&following_paragraph(ctx.items, c.at + 1)).is_none_or(|(w, _)| w < 2)
            })
            .filter_map(|c| ctx.items[c.at].as_text())
            .collect();
        if let Some(like) = siblings.iter().find(|s| same_shape(s, line)) {
            let detail = format!("“{}” follows before the next anchor", short(like));
            self.sign("more of this shape follow", -2, detail);
        } else if let Some(first) = siblings.first() {
            let detail = format!("“{}” follows before the next anchor", short(first));
            self.sign("more lines follow", -1, detail);
        }
    }
}

/// Time words that open a news lede (近日，· 日前，· 昨天上午，).
const TIME_OPENINGS: [&str; 16] = [
    "近日",
    "日前",
    "昨日",
    "昨天",
    "今天",
    "今日",
    "前不久",
    "不久前",
    "近期",
    "当天",
    "连日来",
    "日前",
    "近段时间",
    "春节前夕",
    "节前",
    "节后",
];
/// Openings that set a period rather than report a day: weaker evidence, since a feature's
/// sections open the same way.
const PERIOD_OPENINGS: [&str; 6] = ["今年以来", "去年以来", "近年来", "近年", "近几年", "年初"];

/// `paragraph` opens like a news lede (see [`lede_opening`]).
pub(crate) fn opens_like_a_lede(paragraph: &str) -> bool {
    lede_opening(paragraph).is_some()
}

/// The next paragraph opens like a news lede: a time (近日，· 8月28日上午，· 今年以来，), a
/// report (记者从…获悉), or a scene set in a few words (春运开始了，).
fn lede_opening(paragraph: &str) -> Option<(i32, String)> {
    // “…”近日，… : a quotation first, then the lede's time.
    if let Some(rest) = paragraph.strip_prefix('“')
        && let Some(close) = rest.find('”')
        && let Some((2, detail)) = time_opening(&rest[close + '”'.len_utf8()..])
    {
        return Some((2, format!("{detail} after a quotation")));
    }
    if let Some(found) = time_opening(paragraph) {
        return Some(found);
    }
    subject_opening(paragraph)
}

/// The union that acts, named first (宁海县总工会日前…, 市总工会…): how a brief's lede opens when
/// it has no time word. Weaker than a time: a feature's paragraphs open the same way.
fn subject_opening(paragraph: &str) -> Option<(i32, String)> {
    // 为丰富职工文化生活，某县总工会…: a purpose clause before the subject.
    let paragraph = match paragraph.split_once('，') {
        Some((purpose, rest))
            if purpose.starts_with('为') && char_len(purpose) <= MAX_PURPOSE_CHARS =>
        {
            rest
        }
        _ => paragraph,
    };
    let head: String = paragraph.chars().take(SUBJECT_REACH).collect();
    let clause = head.split(['，', '。', '：', '“']).next().unwrap_or("");
    clause.find("工会").map(|at| {
        (
            1,
            format!("opens with its subject: {}", &clause[..at + "工会".len()]),
        )
    })
}

/// The longest purpose clause (为丰富职工业余文化生活，· 为进一步提升一线职工技能水平，)
/// before a lede's subject: one clause of a sentence.
const MAX_PURPOSE_CHARS: usize = 20;
/// How far into a paragraph its subject's 工会 may end (杭州市余杭区总工会: 9 characters).
const SUBJECT_REACH: usize = 12;

/// A time (近日，· 8月28日上午，· 今年以来，), a report (记者从…获悉) or a scene in a few words
/// (春运开始了，) at the start of `paragraph`.
fn time_opening(paragraph: &str) -> Option<(i32, String)> {
    let clause = paragraph.split(['，', '。', '：']).next().unwrap_or("");
    let n = char_len(clause);
    let has_comma = paragraph[clause.len()..].starts_with('，');
    if paragraph.starts_with("记者从") || paragraph.starts_with("记者日前从") {
        return Some((2, "opens with 记者从… (a report)".into()));
    }
    if !has_comma || n > MAX_TIME_CLAUSE_CHARS {
        return None;
    }
    if TIME_OPENINGS.iter().any(|t| clause.starts_with(t)) || is_date(clause) {
        return Some((2, format!("opens with a time: {clause}，")));
    }
    if PERIOD_OPENINGS.iter().any(|t| clause.starts_with(t)) {
        return Some((1, format!("opens with a period: {clause}，")));
    }
    if n <= 8 && clause.ends_with('了') {
        return Some((1, format!("opens with a scene: {clause}，")));
    }
    None
}

/// 8月28日上午 · 2024年3月 · 十月一日 · 今年5月: a date opening the clause.
fn is_date(clause: &str) -> bool {
    let mut s = clause;
    for prefix in ["今年", "去年"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    let year_digits = s.chars().take_while(char::is_ascii_digit).count();
    if year_digits == 4 && s[year_digits..].starts_with('年') {
        s = &s[year_digits + '年'.len_utf8()..];
    }
    let mut chars = s.chars();
    let mut digits = 0;
    let mut after = None;
    for c in chars.by_ref() {
        if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) {
            digits += 1;
        } else {
            after = Some(c);
            break;
        }
    }
    digits > 0 && matches!(after, Some('月' | '日'))
}

/// Words that carry a story on rather than open one.
const CONTINUING_OPENINGS: [&str; 10] = [
    "此外",
    "同时",
    "另外",
    "而",
    "但",
    "据介绍",
    "据了解",
    "该",
    "这",
    "他们",
];

fn continuation_opening(paragraph: &str) -> Option<String> {
    if paragraph.starts_with('“') {
        return Some("opens with a quotation, as a feature's section does".into());
    }
    CONTINUING_OPENINGS
        .iter()
        .find(|w| paragraph.starts_with(*w))
        .map(|w| format!("opens with {w}"))
}

/// Two subheads of one feature look alike: lengths within a third of each other, and a
/// parallel build — the same marks in the same order (推动产教融合，打造孵化平台 ·
/// 畅通成才渠道，厚植成长沃土), or the same opening or closing words (“点子”从哪里来 ·
/// “点子”怎么落地; 授技强艺聚人心 · 心系职工暖人心). Length alone is no likeness: most headlines
/// are 8–16 characters.
pub(crate) fn same_shape(a: &str, b: &str) -> bool {
    let skeleton = |s: &str| -> String {
        s.chars()
            .filter(|c| matches!(c, '：' | '，' | ' ' | '　' | '！' | '？' | '—'))
            .collect()
    };
    let (la, lb) = (char_len(a), char_len(b));
    if la.abs_diff(lb) * 3 > la.max(lb) {
        return false;
    }
    if is_enumerated(a) && is_enumerated(b) {
        return true;
    }
    let (ska, skb) = (skeleton(a), skeleton(b));
    let common = |x: &mut dyn Iterator<Item = (char, char)>| x.take_while(|(p, q)| p == q).count();
    let prefix = common(&mut a.chars().zip(b.chars()));
    let suffix = common(&mut a.chars().rev().zip(b.chars().rev()));
    (!ska.is_empty() && ska == skb) || prefix >= SHARED_WORD_CHARS || suffix >= SHARED_WORD_CHARS
}

/// Two characters make a shared word (人心, “点子” counts its quote too).
const SHARED_WORD_CHARS: usize = 2;

/// A line and the next one are one paragraph cut by a column break: the line's last part
/// after a comma or space is a fragment (…期间，临安) or the next line opens with one (人，
/// 儿子…). A short part before a colon is a headline's place or speaker (临平：…).
pub(crate) fn cut_mid_phrase(line: &str, next: &str) -> bool {
    let tail_short = line
        .rsplit(['，', '：', ' ', '　'])
        .next()
        .is_some_and(|part| char_len(part) < MIN_PHRASE_CHARS)
        && !line.ends_with('：');
    let first_clause = next
        .split(['，', '、', '。', '；', '：', '！', '？'])
        .next()
        .unwrap_or("");
    tail_short || char_len(first_clause) <= MAX_CUT_CLAUSE_CHARS
}

/// Each part of a headline split by a comma, colon or space is a whole phrase of at least
/// this many characters (推动产教融合，打造孵化平台); a shorter part means a paragraph cut
/// mid-word (畅通职工成长通道，让技).
const MIN_PHRASE_CHARS: usize = 3;
/// A paragraph that starts with a clause this short (人，儿子…) continues the line above it.
const MAX_CUT_CLAUSE_CHARS: usize = 1;

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(16).collect();
    if char_len(text) > 16 {
        out.push('…');
    }
    out
}

/// Shaped like a headline line: short, complete (quotes closed), no sentence end inside (a
/// title may end in ！ or ？), not ending in a separator or a dangling 的, not a 时间：… entry.
pub(crate) fn is_headline_like(text: &str) -> bool {
    let n = char_len(text);
    if !(2..=MAX_HEADLINE_CHARS).contains(&n) || !text.chars().any(is_han) {
        return false;
    }
    // 近日，某县总工会… cut by a column break: a headline never opens with a lede's time
    // word (a date it may: 7月1日起，这些新规施行).
    if TIME_OPENINGS
        .iter()
        .any(|t| text.starts_with(t) && text[t.len()..].starts_with(['，', '上', '下', '晚']))
    {
        return false;
    }
    if text.contains(['。', '；']) || text.ends_with(['，', '、', '：', '；', ',']) {
        return false;
    }
    // A line ending in 的 is a title broken mid-phrase (一把竹椅背后的 / “共富密码”) only when
    // short; a longer one is body text cut by a column break (…及其应用产品的).
    if text.ends_with('的') && n > MAX_BROKEN_TITLE_HEAD_CHARS {
        return false;
    }
    // A title may end in ！ or ？ and may ask and answer (技能证书能换房补？是真的！); a mark
    // inside a line that does not end in one is a sentence of body text.
    let core = text.trim_end_matches(['”', '’', '）']);
    let inner = core.trim_end_matches(['！', '？']);
    if inner.contains(['！', '？']) && inner.len() == core.len() && !asks_and_answers(core) {
        return false;
    }
    balanced(text) && !is_key_value(text) && !is_closing_instruction(text)
}

/// The longest ask-and-answer title line: one line of headline type (about 16 characters).
/// Body text cut by a column break runs longer, or holds a comma.
const MAX_ASK_ANSWER_CHARS: usize = 16;
/// Each half of an ask-and-answer title is a phrase of at least this many characters
/// (维权难？· 这里有答案); a shorter half is a reply inside a sentence (好？他说).
const MIN_ASK_ANSWER_HALF_CHARS: usize = 3;

/// 职工维权难？这里有答案 · “饭碗”端不稳？技能来托底: a title asking in its first half and
/// answering in its second, with no other mark — short, both halves phrases, no comma or
/// sentence end. Whether it heads an article is left to the segmenter: it must stand on its
/// own (the line above ended a sentence) over a lede, so a body line of the same shape cut by
/// a column break stays in its paragraph.
fn asks_and_answers(line: &str) -> bool {
    let Some((ask, answer)) = line.split_once('？') else {
        return false;
    };
    let half = |h: &str| char_len(h) >= MIN_ASK_ANSWER_HALF_CHARS && h.chars().any(is_han);
    char_len(line) <= MAX_ASK_ANSWER_CHARS
        && half(ask)
        && half(answer)
        && !line.contains(['，', '！', '：', '、', ' ', '　'])
        && !answer.contains('？')
}

/// How a notice's closing line addresses the reader: where to ask, how to sign up, whom to
/// call. A headline reports or names something; it never tells the reader to do something,
/// so such a line is the last line of the notice above, however short and unpunctuated.
const INSTRUCTION_OPENINGS: [&str; 12] = [
    "详情",
    "详询",
    "咨询",
    "报名",
    "联系",
    "垂询",
    "有意者",
    "有意向",
    "感兴趣",
    "如需",
    "如有",
    "凡",
];
/// What a reader is asked to do after 欢迎 or 请 (欢迎广大职工踊跃参加 · 请于6月10日前报名).
const INSTRUCTION_VERBS: [&str; 10] = [
    "参加", "参与", "报名", "咨询", "致电", "拨打", "关注", "扫码", "登录", "前来",
];
/// 欢迎… and 请… lines are the reader's instruction only when this short: the verb falls in a
/// one-line sentence, not in a headline's quoted slogan.
const MAX_INSTRUCTION_CHARS: usize = 30;

/// 详情请咨询省职工服务中心 · 报名方式：… · 咨询电话0571-… · 欢迎广大职工踊跃参加 · 请于…前报名:
/// a line closing a notice, body text of the notice however it is punctuated.
pub(crate) fn is_closing_instruction(text: &str) -> bool {
    let t = text.trim_start_matches(['■', '●', '◆', '▲', '★', '※', '（', '(']);
    if INSTRUCTION_OPENINGS.iter().any(|o| t.starts_with(o)) {
        // 报名方式/咨询电话/联系人: the field itself; 报名火热/咨询台前…: a headline's words
        // about signing up are rarer than the instruction, but the instruction always says
        // how (请, 电话, 方式, 扫码, a number) or where (…中心, …处).
        return t.contains(['请', '：'])
            || t.chars().filter(char::is_ascii_digit).count() >= PHONE_DIGITS
            || ["电话", "方式", "热线", "扫码", "二维码", "联系人", "均可"]
                .iter()
                .any(|w| t.contains(w));
    }
    let asks = |prefix: &str| {
        t.strip_prefix(prefix).is_some_and(|rest| {
            INSTRUCTION_VERBS.iter().any(|v| rest.contains(v))
                && char_len(t) <= MAX_INSTRUCTION_CHARS
        })
    };
    asks("欢迎") || asks("请") || asks("敬请") || INSTRUCTION_PHRASES.iter().any(|p| t.contains(p))
}

/// The terms a notice closes on (名额有限，先到先得 · 具体以公众号通知为准): no headline says them.
const INSTRUCTION_PHRASES: [&str; 7] = [
    "先到先得",
    "额满为止",
    "报满为止",
    "额满即止",
    "报满即止",
    "为准",
    "敬请期待",
];

/// A phone number has at least this many digits (12351 is a hotline; 5 digits).
const PHONE_DIGITS: usize = 5;

/// The longest first half of a title broken after 的.
const MAX_BROKEN_TITLE_HEAD_CHARS: usize = 10;

/// 图为选手在比赛。 · 上图：…: a caption that says it is one, whatever stands around it.
pub(crate) fn is_picture_caption(text: &str) -> bool {
    ["图为", "上图", "下图", "左图", "右图"]
        .iter()
        .any(|p| text.starts_with(p))
        && is_caption_like(text, MAX_CAPTION_CHARS)
}

/// One sentence describing a picture: ends in 。 and has no other sentence end.
pub(crate) fn is_caption_like(text: &str, max_chars: usize) -> bool {
    text.ends_with('。')
        && text.matches('。').count() == 1
        && !text.contains(['！', '？'])
        && char_len(text) <= max_chars
}

/// What the keys of a listing end in (时间, 报名对象, 联系电话 …). A headline may carry a
/// colon too (安吉：“竹乡工匠”比拼竹编技艺, 某市总工会提醒：…): there the part before it is a
/// place or a speaker, never one of these.
const LISTING_KEY_ENDINGS: [&str; 20] = [
    "时间",
    "日期",
    "地点",
    "地址",
    "电话",
    "对象",
    "渠道",
    "方式",
    "内容",
    "费用",
    "人数",
    "名额",
    "主办",
    "承办",
    "协办",
    "联系人",
    "要求",
    "条件",
    "网址",
    "邮箱",
];

/// 时间：6月19日 / 地点：杭州运河大剧院: a key of two to eight Han characters naming a listing
/// field, a colon, a value.
pub(crate) fn is_key_value(text: &str) -> bool {
    is_field(text)
        && text
            .split_once('：')
            .is_some_and(|(key, _)| LISTING_KEY_ENDINGS.iter().any(|e| key.ends_with(e)))
}

/// Any key: value line (课程：手机摄影、茶艺): a key of two to eight Han characters, a colon, a
/// value with no sentence end.
fn is_field(text: &str) -> bool {
    match text.split_once('：') {
        Some((key, value)) => {
            (2..=8).contains(&char_len(key))
                && key.chars().all(is_han)
                && !value.trim().is_empty()
                && !value.contains('。')
        }
        None => false,
    }
}
