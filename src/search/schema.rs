//! The index schema and how an [`Article`] becomes a tantivy document.
//!
//! Text is indexed twice, as words (precision) and as grams (recall); titles, kicker/subtitle,
//! body, byline names and place names are separate fields so each can weigh differently at query
//! time. No pinyin is indexed (queries expand pinyin into the Han grams of the index, see
//! `super::readings`). Filters are exact: facets for region and theme, the exact region path
//! (so "the whole province" is a filter too), raw strings for people and month, and the date as
//! a number (`20230619`) for date ranges and sorting by date.

use tantivy::Term;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{
    Document, FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};

use super::analyzer::{GRAMS, WORDS};
use crate::article::Article;

/// The article id field, also a fast field: how a hit finds its article.
pub(crate) const ID: &str = "id";
/// The field sorting by date reads.
pub(crate) const DATE_START: &str = "date_start";

/// The tantivy fields of the index schema, looked up once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title_words: Field,
    pub title_grams: Field,
    pub head_words: Field,
    pub head_grams: Field,
    pub body_words: Field,
    pub body_grams: Field,
    pub people_grams: Field,
    pub place_grams: Field,
    pub region: Field,
    /// The article's region path exactly (`/浙江省` for the whole province only).
    pub region_path: Field,
    pub theme: Field,
    pub person: Field,
    pub month: Field,
    /// The first and last day of the article's date (`yyyymmdd`; a month or year dates the
    /// whole period), as [`crate::filter`] reads dates: date ranges, and sorting by date.
    /// Absent when undated.
    pub date_start: Field,
    pub date_end: Field,
    /// The version of the article's page (hex), not stored: what an update deletes by.
    pub page_version: Field,
}

fn text_field(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field(ID, STRING | STORED | FAST),
        title_words: b.add_text_field("title_words", text_field(WORDS)),
        title_grams: b.add_text_field("title_grams", text_field(GRAMS)),
        head_words: b.add_text_field("head_words", text_field(WORDS)),
        head_grams: b.add_text_field("head_grams", text_field(GRAMS)),
        body_words: b.add_text_field("body_words", text_field(WORDS)),
        body_grams: b.add_text_field("body_grams", text_field(GRAMS)),
        people_grams: b.add_text_field("people_grams", text_field(GRAMS)),
        place_grams: b.add_text_field("place_grams", text_field(GRAMS)),
        region: b.add_facet_field("region", FacetOptions::default()),
        region_path: b.add_text_field("region_path", STRING),
        theme: b.add_facet_field("theme", FacetOptions::default()),
        person: b.add_text_field("person", STRING),
        month: b.add_text_field("month", STRING),
        date_start: b.add_u64_field(DATE_START, INDEXED | FAST),
        date_end: b.add_u64_field("date_end", INDEXED | FAST),
        page_version: b.add_text_field("page_version", STRING),
    };
    (b.build(), fields)
}

impl Fields {
    /// The word fields whose term dictionaries tell the query side what a word is.
    pub(crate) fn word_fields(&self) -> [Field; 3] {
        [self.title_words, self.head_words, self.body_words]
    }

    /// The gram fields of every text (what pinyin readings are read from).
    pub(crate) fn gram_fields(&self) -> [Field; 5] {
        [
            self.title_grams,
            self.head_grams,
            self.body_grams,
            self.people_grams,
            self.place_grams,
        ]
    }

    /// The word field indexed from the same text as gram field `grams`, if there is one.
    pub(crate) fn words_of(&self, grams: Field) -> Option<Field> {
        [
            (self.title_grams, self.title_words),
            (self.head_grams, self.head_words),
            (self.body_grams, self.body_words),
        ]
        .into_iter()
        .find_map(|(g, w)| (g == grams).then_some(w))
    }
}

/// The region facet of an article: `/浙江省`, `/浙江省/杭州市` or `/浙江省/杭州市/西湖区`.
pub(crate) fn region_facet(article: &Article) -> Facet {
    let mut parts = vec![article.region.province.as_str()];
    if let Some(city) = &article.region.city {
        parts.push(city);
        if let Some(county) = &article.region.county {
            parts.push(county);
        }
    }
    Facet::from_path(parts)
}

/// The facet of a theme id: `skills` → `/theme/skills`.
pub(crate) fn theme_facet(theme: &str) -> Facet {
    Facet::from_path(["theme", theme])
}

/// `YYYY-MM` of an article's date, if it has one.
pub(crate) fn month_of(date: Option<&str>) -> Option<String> {
    let date = date?;
    let month = date.get(..7)?;
    let bytes = month.as_bytes();
    let well_formed = bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..].iter().all(u8::is_ascii_digit);
    well_formed.then(|| month.to_string())
}

/// The kicker, subtitle and column label: headline text other than the title itself.
pub(crate) fn head_text(article: &Article) -> String {
    [
        article.kicker.as_deref(),
        article.subtitle.as_deref(),
        article.column.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
}

/// Names of the places an article is about or mentions.
pub(crate) fn place_text(article: &Article) -> String {
    let mut names: Vec<&str> = Vec::new();
    let region = &article.region;
    for name in [region.city.as_deref(), region.county.as_deref()]
        .into_iter()
        .flatten()
    {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for place in &article.places {
        for name in [place.city.as_deref(), place.county.as_deref()]
            .into_iter()
            .flatten()
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.join("\n")
}

/// One article as tantivy indexes it. Unlike a [`TantivyDocument`], which copies every value
/// into a buffer of its own, this holds each text once and hands the same body to the three
/// fields that read it (words, grams, key terms), so the documents queued for the writer threads
/// (up to 10,000 of them) take about a third of the memory and no time to copy.
#[derive(Debug, Clone)]
pub(crate) struct ArticleDocument {
    texts: Vec<String>,
    facets: Vec<Facet>,
    /// In field order as added: each value is a text or a facet, by index.
    values: Vec<(Field, Slot)>,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Text(usize),
    Facet(usize),
    Number(u64),
}

impl ArticleDocument {
    pub fn new(fields: &Fields, article: &Article) -> Self {
        let mut doc = Self {
            texts: Vec::with_capacity(10),
            facets: Vec::with_capacity(1 + article.themes.len()),
            values: Vec::with_capacity(16 + article.themes.len()),
        };
        let head = head_text(article);
        let people: Vec<&str> = article.byline.names().collect();
        let people_text = people.join("\n");
        let places = place_text(article);
        doc.add_text(&[fields.id], article.id.clone());
        doc.add_text(
            &[fields.title_words, fields.title_grams],
            article.title.clone(),
        );
        doc.add_text(&[fields.head_words, fields.head_grams], head);
        doc.add_text(&[fields.body_words, fields.body_grams], article.body_text());
        doc.add_text(&[fields.people_grams], people_text);
        doc.add_text(&[fields.place_grams], places);
        let region = region_facet(article);
        doc.add_text(&[fields.region_path], region.to_string());
        doc.add_facet(fields.region, region);
        for theme in &article.themes {
            doc.add_facet(fields.theme, theme_facet(theme));
        }
        for person in people {
            doc.add_text(&[fields.person], person.to_string());
        }
        if let Some(month) = month_of(article.date.as_deref()) {
            doc.add_text(&[fields.month], month);
        }
        if let Some((start, end)) = crate::filter::date_bounds(article.date.as_deref()) {
            doc.values
                .push((fields.date_start, Slot::Number(u64::from(start))));
            doc.values
                .push((fields.date_end, Slot::Number(u64::from(end))));
        }
        doc
    }

    /// `text` as the value of each of `fields`.
    /// Adds an untokenized value to the document (the page version the index updates by).
    pub fn tag(&mut self, field: Field, text: String) {
        self.add_text(&[field], text);
    }

    fn add_text(&mut self, fields: &[Field], text: String) {
        let at = self.texts.len();
        self.texts.push(text);
        self.values
            .extend(fields.iter().map(|&field| (field, Slot::Text(at))));
    }

    fn add_facet(&mut self, field: Field, facet: Facet) {
        self.values.push((field, Slot::Facet(self.facets.len())));
        self.facets.push(facet);
    }
}

/// A value of an [`ArticleDocument`], borrowed from it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ArticleValue<'a> {
    Text(&'a str),
    Facet(&'a Facet),
    Number(u64),
}

impl<'a> Value<'a> for ArticleValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        match *self {
            Self::Text(text) => ReferenceValue::Leaf(ReferenceValueLeaf::Str(text)),
            Self::Facet(facet) => {
                ReferenceValue::Leaf(ReferenceValueLeaf::Facet(facet.encoded_str()))
            }
            Self::Number(n) => ReferenceValue::Leaf(ReferenceValueLeaf::U64(n)),
        }
    }
}

/// The fields and values of an [`ArticleDocument`].
pub(crate) struct ArticleValues<'a> {
    doc: &'a ArticleDocument,
    next: usize,
}

impl<'a> Iterator for ArticleValues<'a> {
    type Item = (Field, ArticleValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let &(field, slot) = self.doc.values.get(self.next)?;
        self.next += 1;
        let value = match slot {
            Slot::Text(at) => ArticleValue::Text(&self.doc.texts[at]),
            Slot::Facet(at) => ArticleValue::Facet(&self.doc.facets[at]),
            Slot::Number(n) => ArticleValue::Number(n),
        };
        Some((field, value))
    }
}

impl Document for ArticleDocument {
    type Value<'a> = ArticleValue<'a>;
    type FieldsValuesIter<'a> = ArticleValues<'a>;

    fn iter_fields_and_values(&self) -> ArticleValues<'_> {
        ArticleValues { doc: self, next: 0 }
    }
}

/// The exact-match term for an article id.
pub(crate) fn id_term(fields: &Fields, id: &str) -> Term {
    Term::from_field_text(fields.id, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Region;

    #[test]
    fn region_facets_nest() {
        let mut a = Article::default();
        assert_eq!(region_facet(&a).to_string(), "/浙江省");
        a.region = Region {
            province: "浙江省".into(),
            city: Some("杭州市".into()),
            county: Some("西湖区".into()),
        };
        assert_eq!(region_facet(&a).to_string(), "/浙江省/杭州市/西湖区");
        assert_eq!(theme_facet("skills").to_string(), "/theme/skills");
    }

    #[test]
    fn months_come_from_well_formed_dates_only() {
        assert_eq!(month_of(Some("2023-06-19")), Some("2023-06".into()));
        assert_eq!(month_of(Some("2023-06")), Some("2023-06".into()));
        assert_eq!(month_of(Some("2023")), None);
        assert_eq!(month_of(Some("六月")), None);
        assert_eq!(month_of(None), None);
    }
}
