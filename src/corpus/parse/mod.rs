//! One page of OCR text → its articles, in page order. Pure: no I/O.
//!
//! The stages, each a small module:
//! 1. [`text`]: lines cleaned (markers stripped, indents trimmed, half-width punctuation folded
//!    inside Chinese text); blank lines dropped, since pages come with and without them.
//! 2. [`lines`]: trailing photo credits split off their paragraph; stray repeated fragments
//!    dropped; bylines broken over lines joined; each line classified (byline, credit, text).
//! 3. [`segment`]: where articles start: above each byline (its headline block and an optional
//!    caption), at a picture's headline (found back from its credit), at a notice's headline.
//! 4. [`headline`]: each headline block split into column, kicker, title and subtitle; then
//!    group headlines and column labels are shared with the short reports under them.
//! 5. [`body`]: paragraphs: bylines and credits read, subheads and captions told apart, and
//!    paragraphs cut by a column break joined again.

mod body;
mod byline;
mod headline;
mod lines;
mod segment;
mod text;

use crate::article::{Article, ArticleKind, article_id};

/// The page's articles in page order. `page` is the file stem (e.g. `000_b4d91279af1e54d0`).
/// Region, places, themes and date are left at their defaults for the classifier.
pub fn parse_page(page: &str, text: &str) -> Vec<Article> {
    let items = lines::classify(text::clean_lines(text));
    let starts = segment::article_starts(&items);
    let mut articles = Vec::with_capacity(starts.len());
    let mut singles = Vec::with_capacity(starts.len());
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(items.len(), |next| next.at);
        let head_lines: Vec<String> = items[start.at..start.at + start.head_len]
            .iter()
            .map(|item| item.text().to_string())
            .collect();
        let head = headline::assign_roles(&head_lines, start.at == 0 && start.head_len > 0);
        let body = body::assemble(&items[start.at + start.head_len..end], start.kind);
        let seq = u32::try_from(n + 1).unwrap_or(u32::MAX);
        singles.push(head.single);
        articles.push(Article {
            id: article_id(page, seq),
            page: page.to_string(),
            seq,
            kind: start.kind,
            column: head.column,
            kicker: head.kicker,
            title: head.title,
            subtitle: head.subtitle,
            byline: body.byline,
            paragraphs: body.paragraphs,
            ..Article::default()
        });
    }
    share_group_headlines(&mut articles, &singles);
    // A byline alone (通讯员某某报道 with no headline or text around it) is no article: nothing
    // to list or read. Found by the `cutter` fuzz target. The rest are numbered in page order.
    articles.retain(|a| !a.title.trim().is_empty() || !a.paragraphs.is_empty());
    for (n, article) in articles.iter_mut().enumerate() {
        article.seq = u32::try_from(n + 1).unwrap_or(u32::MAX);
        article.id = article_id(page, article.seq);
    }
    articles
}

/// The longest title (characters) of a short report under a group headline.
const GROUP_REPORT_TITLE_CHARS: usize = 12;
/// The longest shared group headline (characters).
const GROUP_HEADLINE_CHARS: usize = 10;

/// Shares a group headline and column labels with the short reports printed under them.
///
/// * **Group.** Column + short headline + short second line, followed by reports that have
///   only a short title and a byline (助力“开门红” / 就业“春风”袭来 / 做好车企零距离对接, then
///   工作能面谈也能“云聊”, 搭好人才供需桥梁): the shared line is each report's kicker, the
///   column each report's column, and each report's own headline its title.
/// * **Column.** An article whose headline is a lone title carries on the column of the article
///   above it (工会“小灵通” over three briefs; a page banner over the page), until an article with
///   a fuller headline (kicker or subtitle) or a column of its own.
fn share_group_headlines(articles: &mut [Article], singles: &[bool]) {
    let is_report = |a: &Article, single: bool| {
        single
            && a.column.is_none()
            && a.kind == ArticleKind::News
            && !a.byline.is_empty()
            && text::char_len(&a.title) <= GROUP_REPORT_TITLE_CHARS
    };
    let mut i = 0;
    while i < articles.len() {
        let a = &articles[i];
        let heads_group = a.column.is_some()
            && a.kicker.is_none()
            && text::char_len(&a.title) <= GROUP_HEADLINE_CHARS
            && a.subtitle
                .as_deref()
                .is_some_and(|s| text::char_len(s) <= GROUP_REPORT_TITLE_CHARS)
            && articles
                .get(i + 1)
                .is_some_and(|next| is_report(next, singles[i + 1]));
        if heads_group {
            let group = &mut articles[i];
            let report_title = group.subtitle.take().unwrap_or_default();
            let shared = std::mem::replace(&mut group.title, report_title);
            group.kicker = Some(shared.clone());
            let column = group.column.clone();
            let mut j = i + 1;
            while j < articles.len() && is_report(&articles[j], singles[j]) {
                articles[j].column = column.clone();
                articles[j].kicker = Some(shared.clone());
                j += 1;
            }
            i = j;
            continue;
        }
        if i > 0 && singles[i] && articles[i].column.is_none() {
            articles[i].column = articles[i - 1].column.clone();
        }
        i += 1;
    }
}
