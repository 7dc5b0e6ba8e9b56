//! The layout rules with exact expected lines: the ten cases from the research note, then each
//! clreq rule, hanging punctuation, highlights, sanitising and whole articles.

use std::ops::Range;

use kanbao::article::{Article, Paragraph, ParagraphKind, ParagraphSpan};
use kanbao::layout::{
    AmbiguousWidth, LayoutOptions, Segment, SpanStyle, StyledLine, layout_article, wrap_paragraph,
    wrap_styled,
};

fn lines_at(text: &str, width: usize, ambiguous: AmbiguousWidth) -> Vec<String> {
    let options = LayoutOptions::new(width).with_ambiguous(ambiguous);
    let lines = wrap_styled(text, SpanStyle::Body, &[], &options);
    for line in &lines {
        assert!(line.width <= width.max(1), "{line:?} wider than {width}");
    }
    lines.iter().map(StyledLine::text).collect()
}

fn lines(text: &str, width: usize) -> Vec<String> {
    lines_at(text, width, AmbiguousWidth::Narrow)
}

// --- The ten cases of /work/shared/research/cjk-line-breaking.md -------------------------------

#[test]
fn case_01_full_stop_pulls_the_last_character_down() {
    assert_eq!(lines("你好，世界。", 10), ["你好，世", "界。"]);
}

#[test]
fn case_02_no_line_starts_with_a_stop_or_closing_quote() {
    assert_eq!(lines("“走吧。”他说", 7), ["“走", "吧。”他", "说"]);
}

#[test]
fn case_03_break_before_an_opening_quote() {
    assert_eq!(lines("我们说：“走吧。”", 9), ["我们说：", "“走吧。”"]);
}

#[test]
fn case_04_a_two_em_dash_is_never_split() {
    assert_eq!(lines("这是——一个问题", 5), ["这", "是——", "一个", "问题"]);
}

#[test]
fn case_05_an_ellipsis_pair_is_never_split() {
    assert_eq!(lines("他说……真的", 5), ["他", "说……", "真的"]);
}

#[test]
fn case_06_numbers_keep_their_units_and_words_stay_whole() {
    assert_eq!(lines("共计12345元", 8), ["共计", "12345元"]);
    assert_eq!(lines("使用ratatui库", 8), ["使用", "ratatui", "库"]);
}

#[test]
fn case_07_every_line_fits() {
    assert_eq!(lines("一二三四五六七", 5), ["一二", "三四", "五六", "七"]);
}

#[test]
fn case_08_first_line_indent() {
    let options = LayoutOptions::new(8);
    let text: Vec<String> = wrap_paragraph(
        "　　第一段落很长很长很长",
        ParagraphKind::Text,
        &[],
        &options,
    )
    .iter()
    .map(StyledLine::text)
    .collect();
    assert_eq!(text, ["　　第一", "段落很长", "很长很长"]);
    // The same without the indent in the input: body text gets it anyway.
    let text: Vec<String> =
        wrap_paragraph("第一段落很长很长很长", ParagraphKind::Text, &[], &options)
            .iter()
            .map(StyledLine::text)
            .collect();
    assert_eq!(text, ["　　第一", "段落很长", "很长很长"]);
}

#[test]
fn case_09_middle_dot_and_wave_dash_never_start_a_line() {
    assert_eq!(lines("作者刘·慈欣", 6), ["作者", "刘·慈", "欣"]);
    assert_eq!(lines("等一下～好", 6), ["等一", "下～好"]);
}

#[test]
fn case_10_ambiguous_width_and_emoji() {
    assert_eq!(lines("“你好”他说", 10), ["“你好”他说"]);
    assert_eq!(
        lines_at("“你好”他说", 10, AmbiguousWidth::Wide),
        ["“你好”他", "说"]
    );
    assert_eq!(lines("你好👨‍👩‍👧吗", 5), ["你好", "👨‍👩‍👧吗"]);
}

// --- More rules --------------------------------------------------------------------------------

#[test]
fn half_width_punctuation_of_the_ocr_pages_obeys_the_same_rules() {
    assert_eq!(lines("一二三,四", 6), ["一二", "三,四"]);
    assert_eq!(lines("一二(三)", 6), ["一二", "(三)"]);
    assert_eq!(lines("说:\"好\"", 4), ["说:", "\"好\""]);
}

#[test]
fn opening_brackets_never_end_a_line() {
    assert_eq!(lines("一二（三）", 6), ["一二", "（三）"]);
    assert_eq!(
        lines("见《浙江工人日报》", 6),
        ["见《浙", "江工人", "日报》"]
    );
    assert_eq!(lines("见《浙江》", 4), ["见", "《浙", "江》"]);
}

#[test]
fn currency_signs_stay_with_their_amount() {
    assert_eq!(lines("价格￥100元", 8), ["价格", "￥100元"]);
}

#[test]
fn percentages_decimals_and_degrees_stay_whole() {
    assert_eq!(lines("增长50%以上", 6), ["增长", "50%以", "上"]);
    assert_eq!(lines("约3.14米", 6), ["约", "3.14米"]);
    assert_eq!(lines("气温30℃左右", 6), ["气温", "30℃左", "右"]);
}

#[test]
fn a_product_name_is_a_word_not_a_number() {
    assert_eq!(lines("买了iPhone15手机", 10), ["买了", "iPhone15手", "机"]);
}

#[test]
fn a_word_longer_than_the_line_is_cut_as_an_emergency() {
    assert_eq!(lines("ratatuilibrary", 5), ["ratat", "uilib", "rary"]);
    // Cutting the word beats starting a line with 。.
    assert_eq!(lines("abc。", 3), ["ab", "c。"]);
    // Nothing else on the line: the rule gives way.
    assert_eq!(lines("。。。", 2), ["。", "。", "。"]);
}

#[test]
fn english_breaks_at_spaces_which_are_not_drawn_at_the_line_end() {
    assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
    assert_eq!(lines("工会 ratatui 库", 9), ["工会", "ratatui", "库"]);
}

#[test]
fn a_wide_character_at_width_one_becomes_a_placeholder() {
    assert_eq!(lines("你a", 1), ["?", "a"]);
    assert_eq!(lines("ab", 0), ["a", "b"]);
}

#[test]
fn newlines_inside_a_paragraph_are_forced_breaks() {
    assert_eq!(lines("一二\n三四五六", 6), ["一二", "三四五", "六"]);
}

#[test]
fn hanging_punctuation_uses_a_reserved_margin_never_more() {
    let mut options = LayoutOptions::new(10);
    options.hang_punctuation = true;
    let text: Vec<String> = wrap_styled("一二三四，五六七八。", SpanStyle::Body, &[], &options)
        .iter()
        .map(StyledLine::text)
        .collect();
    assert_eq!(text, ["一二三四，", "五六七八。"]);
    // Other characters fill only 8 of the 10 cells.
    let text: Vec<String> = wrap_styled("一二三四五六七八", SpanStyle::Body, &[], &options)
        .iter()
        .map(StyledLine::text)
        .collect();
    assert_eq!(text, ["一二三四", "五六七八"]);
    // Without hanging, a comma that does not fit pushes a character down.
    assert_eq!(
        lines("一二三四，五六七八。", 8),
        ["一二三", "四，五六", "七八。"]
    );
}

// --- Styles and highlights ---------------------------------------------------------------------

fn seg(text: &str, style: SpanStyle, hit: bool) -> Segment {
    Segment {
        text: text.into(),
        style,
        hit,
    }
}

#[test]
fn a_highlight_across_a_line_break_stays_on_both_lines() {
    let text = "一二三四五六";
    let hit: Range<usize> = text.find('三').unwrap()..text.find('五').unwrap();
    let lines = wrap_paragraph(text, ParagraphKind::Subhead, &[hit], &LayoutOptions::new(6));
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0].segments,
        [
            seg("一二", SpanStyle::Subhead, false),
            seg("三", SpanStyle::Subhead, true)
        ]
    );
    assert_eq!(
        lines[1].segments,
        [
            seg("四", SpanStyle::Subhead, true),
            seg("五六", SpanStyle::Subhead, false)
        ]
    );
}

#[test]
fn highlights_survive_sanitising_and_bad_offsets_do_not_panic() {
    let text = "\u{1b}[31m浙江\u{202E}工人";
    let hit = text.find('工').unwrap()..text.len();
    let lines = wrap_paragraph(
        text,
        ParagraphKind::Caption,
        &[hit, 5..1000, 2000..3000],
        &LayoutOptions::new(20),
    );
    assert_eq!(
        lines[0].segments,
        [
            seg("␛", SpanStyle::Caption, false),
            seg("浙江工人", SpanStyle::Caption, true)
        ]
    );
}

#[test]
fn body_text_is_indented_subheads_and_captions_are_not() {
    let options = LayoutOptions::new(20);
    let body = wrap_paragraph("正文", ParagraphKind::Text, &[], &options);
    assert_eq!(
        body[0].segments,
        [
            seg("　　", SpanStyle::Body, false),
            seg("正文", SpanStyle::Body, false)
        ]
    );
    assert_eq!(body[0].width, 8);
    let subhead = wrap_paragraph("小标题", ParagraphKind::Subhead, &[], &options);
    assert_eq!(subhead[0].text(), "小标题");
    let caption = wrap_paragraph("通讯员 摄", ParagraphKind::Caption, &[], &options);
    assert_eq!(caption[0].text(), "通讯员 摄");
}

#[test]
fn an_empty_paragraph_is_one_empty_line() {
    let lines = wrap_paragraph("", ParagraphKind::Text, &[], &LayoutOptions::new(20));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].text(), "　　");
}

// --- Whole articles ----------------------------------------------------------------------------

fn sample_article() -> Article {
    Article {
        title: "擦亮产业工人创新底色".into(),
        subtitle: Some("嘉兴南湖工会找准助力高质量发展支撑点".into()),
        paragraphs: vec![
            Paragraph::new(ParagraphKind::Text, "科技是第一生产力、人才是第一资源。"),
            Paragraph::new(ParagraphKind::Text, "创新驱动发展离不开产业工人。"),
            Paragraph::new(ParagraphKind::Subhead, "完善全谱系科创人才支撑"),
            Paragraph::new(ParagraphKind::Text, "自主评价技能人才559人。"),
            Paragraph::new(ParagraphKind::Caption, "通讯员 祝琳 摄"),
        ],
        ..Default::default()
    }
}

#[test]
fn an_article_reads_headline_body_subheads_and_captions() {
    let article = sample_article();
    let layout = layout_article(&article, &[], &LayoutOptions::new(20));
    let text: Vec<String> = layout.lines.iter().map(StyledLine::text).collect();
    assert_eq!(
        text,
        [
            "擦亮产业工人创新底色",
            "嘉兴南湖工会找准助力",
            "高质量发展支撑点",
            "",
            "　　科技是第一生产",
            "力、人才是第一资源。",
            "　　创新驱动发展离不",
            "开产业工人。",
            "",
            "完善全谱系科创人才支",
            "撑",
            "",
            "　　自主评价技能人才",
            "559人。",
            "",
            "通讯员 祝琳 摄",
        ]
    );
    assert_eq!(layout.body_start, 4);
    assert_eq!(layout.paragraph_lines, [4, 6, 9, 12, 15]);
    assert_eq!(layout.lines[0].segments[0].style, SpanStyle::Title);
    assert_eq!(layout.lines[1].segments[0].style, SpanStyle::Subtitle);
    assert_eq!(layout.lines[9].segments[0].style, SpanStyle::Subhead);
    assert_eq!(layout.lines[15].segments[0].style, SpanStyle::Caption);
    assert_eq!(layout.lines[5].paragraph, Some(0));
    assert_eq!(layout.lines[8].paragraph, None);
}

#[test]
fn hits_point_at_the_line_where_they_start() {
    let article = sample_article();
    let p0 = &article.paragraphs[0].text;
    let p3 = &article.paragraphs[3].text;
    let resource = p0.find("第一资源").unwrap();
    let talent = p3.find("人才").unwrap();
    let hits = [
        ParagraphSpan {
            paragraph: 3,
            start: talent,
            end: talent + "人才".len(),
        },
        ParagraphSpan {
            paragraph: 0,
            start: resource,
            end: resource + "第一资源".len(),
        },
        ParagraphSpan {
            paragraph: 9,
            start: 0,
            end: 3,
        },
    ];
    let layout = layout_article(&article, &hits, &LayoutOptions::new(20));
    let found: Vec<(usize, usize)> = layout
        .hits
        .iter()
        .map(|h| (h.span.paragraph, h.line))
        .collect();
    assert_eq!(found, [(0, 5), (3, 12)]);
    let highlighted: Vec<&str> = layout
        .lines
        .iter()
        .flat_map(|l| &l.segments)
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(highlighted, ["第一资源", "人才"]);
}
