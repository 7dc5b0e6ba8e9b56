//! An article's region and places: find every gazetteer name in the headline, lede and body,
//! weigh each mention by where it stands and whether it names an organisation, and pick the
//! city (and county) the article is about.
//!
//! Mentions (matched longest-first, so 宁波舟山港 and 金华山 are read whole):
//! - weigh 6 in the headline, 3 in the lede (first two paragraphs), 1 in the body; page
//!   banners and columns are ignored (they sit over several articles);
//! - double when an organisation suffix follows (义乌市总工会, 新碶街道总工会, 新昌工会), half
//!   (rounded up) when the name is a venue (在杭州开幕);
//! - a city directly followed by one of its counties or places (杭州市西湖区, 宁波北仑戚家山街道)
//!   is one mention of the most specific place; a county or place implies its city;
//! - a short name that is also a common word (路桥, 江山) counts only with context: its city
//!   before it, an organisation after it, opening the headline, set off by a colon, or the
//!   same county named unmistakably elsewhere in the article;
//! - a company counts for its home county only if the article names that city too.
//!
//! Decision: the city with the most points wins (ties: named in the headline, then named
//! first) unless the province's own mentions (省总工会, 全省) weigh as much. Inside the city,
//! the county is chosen only if it outweighs the city's own organisations (绍兴市总工会 at a
//! 越城 stop is a city story), then the city-level mentions (ties go to the county), is at
//! least twice the next county, and the headline does not say 两地/多地.

use serde::Serialize;

use super::Section;
use super::gazetteer::{Form, Gazetteer, Target};
use super::segments::Segment;
use crate::article::{PROVINCE, Place, Region};

/// Headline words that say an article is about several places of one city (杭州两地…).
const SEVERAL_PLACES: [&str; 4] = ["两地", "三地", "多地", "各地"];

/// Characters before a name that make it a venue (在杭州开幕, 于宁波举行). 位于 is not one:
/// it says where the subject itself is (位于宁波北仑的企业).
const VENUE_MARKERS: [char; 2] = ['在', '于'];

/// One counted mention of a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The text matched, including a city qualifier (杭州市西湖区).
    pub text: String,
    pub section: Section,
    /// `None` for a province-wide mention (省总工会, 全省).
    pub city: Option<String>,
    pub county: Option<String>,
    /// An organisation suffix follows (…总工会, …工会), or the name is an organisation.
    pub org: bool,
    pub points: u32,
    /// Why this mention counts when that is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A name that was found but does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredMention {
    pub text: String,
    pub section: Section,
    pub why: String,
}

/// Points per city or county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceScore {
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    pub points: u32,
}

/// Everything the region decision looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionAnalysis {
    pub region: Region,
    pub places: Vec<Place>,
    pub mentions: Vec<Mention>,
    pub ignored: Vec<IgnoredMention>,
    pub province_points: u32,
    /// City totals, strongest first.
    pub cities: Vec<PlaceScore>,
    /// County totals inside the chosen (or strongest) city, strongest first, then the points
    /// that name only the city itself (county `None`).
    pub counties: Vec<PlaceScore>,
    /// The decision, step by step.
    pub reasons: Vec<String>,
}

fn section_weight(section: Section) -> u32 {
    match section {
        Section::Headline => 6,
        Section::Lede => 3,
        Section::Body => 1,
        Section::Column => 0,
    }
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    segment: usize,
    start: usize,
    end: usize,
    target: Target,
    form: Form,
    /// Preceded directly by its own city (or county): 台州路桥, 北仑区新碶街道.
    qualified: bool,
}

/// Does `next` narrow `prev` (a county or place of the city `prev` names, or a place of
/// the county `prev` names)?
fn narrows(prev: Target, next: Target) -> bool {
    match (prev, next) {
        (Target::City { city }, Target::County { city: c, .. } | Target::Place { city: c, .. }) => {
            city == c
        }
        (Target::County { city, county }, Target::Place { city: c, county: k }) => {
            city == c && county == k
        }
        _ => false,
    }
}

fn raw_hits(g: &Gazetteer, segments: &[Segment<'_>]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (si, seg) in segments.iter().enumerate() {
        if seg.section == Section::Column {
            continue;
        }
        let mut prev: Option<Hit> = None;
        for m in g.matcher.find_iter(seg.text) {
            let pattern = &g.patterns[m.pattern().as_usize()];
            let hit = Hit {
                segment: si,
                start: m.start(),
                end: m.end(),
                target: pattern.target,
                form: pattern.form,
                qualified: false,
            };
            match prev {
                Some(p) if p.end == hit.start && narrows(p.target, hit.target) => {
                    prev = Some(Hit {
                        start: p.start,
                        qualified: true,
                        ..hit
                    });
                }
                Some(p) => {
                    hits.push(p);
                    prev = Some(hit);
                }
                None => prev = Some(hit),
            }
        }
        hits.extend(prev);
    }
    hits
}

struct Pending {
    mention: Mention,
    /// Index into hits, for ordering.
    order: usize,
    city: Option<usize>,
    county: Option<usize>,
}

/// Less than this many points for the chosen city is a region resting on a single weak
/// mention: one name in the body (1 point) or a venue in the lede (2).
const WEAK_REGION_POINTS: u32 = 3;

/// The region decided by a single weak mention, if it was: what `kanbao check` lists.
pub fn weak_region(analysis: &RegionAnalysis) -> Option<String> {
    let city = analysis.region.city.as_deref()?;
    let total = analysis.cities.iter().find(|c| c.city == city)?.points;
    if total >= WEAK_REGION_POINTS {
        return None;
    }
    let mentions: Vec<String> = analysis
        .mentions
        .iter()
        .filter(|m| m.city.as_deref() == Some(city))
        .map(|m| {
            format!(
                "«{}» in the {} ({} pts)",
                m.text,
                m.section.label(),
                m.points
            )
        })
        .collect();
    Some(format!(
        "{city} rests on {total} point(s): {}",
        mentions.join(", ")
    ))
}

/// A place a text names, as the article cutter compares them: the city and, when named, the
/// county (gazetteer indexes).
pub(crate) type PlaceKey = (usize, Option<usize>);

/// The cities and counties `text` names, in order, each once. Short names that are also
/// ordinary words (路桥, 江山) count only when their city stands right before them, province
/// names and companies not at all: the cutter only asks "are these the same places?", so a
/// doubtful name is better left out.
pub(crate) fn named_places(g: &Gazetteer, text: &str) -> Vec<PlaceKey> {
    let mut out: Vec<PlaceKey> = Vec::new();
    let mut prev: Option<(usize, Target)> = None;
    for m in g.matcher.find_iter(text) {
        let pattern = &g.patterns[m.pattern().as_usize()];
        let qualified = prev.is_some_and(|(end, t)| end == m.start() && narrows(t, pattern.target));
        let key = match pattern.target {
            Target::City { city } => Some((city, None)),
            Target::County { city, county } | Target::Place { city, county }
                if pattern.form != Form::WeakShort || qualified =>
            {
                Some((city, Some(county)))
            }
            _ => None,
        };
        prev = Some((m.end(), pattern.target));
        if let Some(key) = key {
            // 杭州市西湖区: the county replaces the city it narrows.
            if qualified && out.last() == Some(&(key.0, None)) {
                out.pop();
            }
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

/// The embedded gazetteer, compiled once for the article cutter (`None` only if the embedded
/// data were invalid, which the tests rule out).
pub(crate) fn embedded_gazetteer() -> Option<&'static Gazetteer> {
    static GAZETTEER: std::sync::OnceLock<Option<Gazetteer>> = std::sync::OnceLock::new();
    GAZETTEER
        .get_or_init(|| Gazetteer::from_toml(super::REGIONS_TOML).ok())
        .as_ref()
}

/// Finds, weighs and decides. Pure.
pub(crate) fn analyse(g: &Gazetteer, segments: &[Segment<'_>]) -> RegionAnalysis {
    let hits = raw_hits(g, segments);
    let mut counted: Vec<Pending> = Vec::new();
    let mut weak: Vec<Pending> = Vec::new();
    let mut companies: Vec<(Pending, bool)> = Vec::new();
    let mut ignored = Vec::new();

    for (order, hit) in hits.iter().enumerate() {
        let seg = &segments[hit.segment];
        let text = seg.text[hit.start..hit.end].to_string();
        let rest = &seg.text[hit.end..];
        let suffix_org = g.org_suffixes.iter().any(|s| rest.starts_with(s.as_str()));
        let org = suffix_org || matches!(hit.target, Target::Province { org: true });
        // 在杭州开幕, 于宁波举行: a venue says where something happened, not whose union
        // it is, so it counts half (rounded up).
        let before = &seg.text[..hit.start];
        let venue = !org && before.ends_with(VENUE_MARKERS) && !before.ends_with("位于");
        let points = match (org, venue) {
            (true, _) => section_weight(seg.section) * 2,
            (false, true) => section_weight(seg.section).div_ceil(2),
            (false, false) => section_weight(seg.section),
        };
        let mention = |city: Option<usize>, county: Option<usize>, note: Option<String>| Pending {
            mention: Mention {
                text: text.clone(),
                section: seg.section,
                city: city.map(|c| g.city_name(c).to_string()),
                county: city
                    .zip(county)
                    .map(|(c, k)| g.county_name(c, k).to_string()),
                org,
                points,
                note,
            },
            order,
            city,
            county,
        };
        let qualifier_note = match (hit.qualified, venue) {
            (true, true) => {
                Some("qualified by its city or county; a venue (在…) counts half".into())
            }
            (true, false) => Some("qualified by its city or county".to_string()),
            (false, true) => Some("a venue (在…) counts half".to_string()),
            (false, false) => None,
        };
        match hit.target {
            Target::NotAPlace { entry } => ignored.push(IgnoredMention {
                text,
                section: seg.section,
                why: format!("not a place: {}", g.not_places[entry].why),
            }),
            Target::Province { .. } => counted.push(mention(None, None, None)),
            Target::City { city } => counted.push(mention(Some(city), None, qualifier_note)),
            Target::County { city, county } | Target::Place { city, county } => {
                let weak_form = hit.form == Form::WeakShort && !hit.qualified && !org;
                // A headline that opens with a place (长兴:…, 永康五金工匠大比武) or a name
                // set off by a colon or a dot (江山:…, 西湖·青川) is a place, not a word.
                let opens_headline = seg.section == Section::Headline
                    && seg.text[..hit.start]
                        .chars()
                        .all(|c| c.is_whitespace() || matches!(c, '“' | '"' | '「'));
                let set_off = rest.starts_with([':', '：', '·']);
                let note = match qualifier_note {
                    Some(note) => Some(note),
                    None if weak_form && opens_headline => {
                        Some("common word, but it opens the headline".to_string())
                    }
                    None if weak_form && set_off => {
                        Some("common word, but set off by a colon or dot".to_string())
                    }
                    None => None,
                };
                let m = mention(Some(city), Some(county), note);
                if weak_form && !opens_headline && !set_off {
                    weak.push(m);
                } else {
                    counted.push(m);
                }
            }
            Target::Shared { entry } => {
                let shared = &g.shared[entry];
                let names: Vec<&str> = shared.cities.iter().map(|&c| g.city_name(c)).collect();
                for &city in &shared.cities {
                    counted.push(mention(
                        Some(city),
                        None,
                        Some(format!(
                            "{} is shared by {}",
                            shared.name,
                            names.join(" and ")
                        )),
                    ));
                }
            }
            Target::Company { entry } => {
                let company = &g.companies[entry];
                companies.push((
                    mention(
                        Some(company.city),
                        company.county,
                        Some(format!(
                            "{} is based in {}{}",
                            company.name,
                            g.city_name(company.city),
                            company
                                .county
                                .map_or("", |k| g.county_name(company.city, k))
                        )),
                    ),
                    hit.qualified,
                ));
            }
        }
    }

    // A weak short name counts when the same county is named unmistakably elsewhere.
    for mut w in weak {
        let confirmed = counted
            .iter()
            .any(|c| c.city == w.city && c.county == w.county);
        if confirmed {
            w.mention.note = Some("common word, confirmed by another mention".into());
            counted.push(w);
        } else {
            ignored.push(IgnoredMention {
                why: format!(
                    "{} is also a common word; it does not open the headline, has no 总工会/工会 \
                     after it, no city before it and no other mention of {} in the article",
                    w.mention.text,
                    w.mention.county.as_deref().unwrap_or("it")
                ),
                text: w.mention.text,
                section: w.mention.section,
            });
        }
    }
    // A company counts only when its city is named too.
    for (mut c, qualified) in companies {
        let evidence = qualified || counted.iter().any(|m| m.city.is_some() && m.city == c.city);
        if evidence {
            counted.push(c);
        } else {
            let note = c.mention.note.take().unwrap_or_default();
            ignored.push(IgnoredMention {
                why: format!("{note}, but the article does not name that city"),
                text: c.mention.text,
                section: c.mention.section,
            });
        }
    }
    counted.sort_by_key(|p| p.order);
    decide(g, segments, counted, ignored)
}

fn decide(
    g: &Gazetteer,
    segments: &[Segment<'_>],
    counted: Vec<Pending>,
    ignored: Vec<IgnoredMention>,
) -> RegionAnalysis {
    let mut reasons = Vec::new();
    let province_points: u32 = counted
        .iter()
        .filter(|p| p.city.is_none())
        .map(|p| p.mention.points)
        .sum();

    // City totals with their tie-breakers: named in the headline, first mention.
    struct Total {
        city: usize,
        points: u32,
        in_headline: bool,
        first: usize,
    }
    let mut totals: Vec<Total> = Vec::new();
    for p in &counted {
        let Some(city) = p.city else { continue };
        match totals.iter_mut().find(|t| t.city == city) {
            Some(t) => {
                t.points += p.mention.points;
                t.in_headline |= p.mention.section == Section::Headline;
            }
            None => totals.push(Total {
                city,
                points: p.mention.points,
                in_headline: p.mention.section == Section::Headline,
                first: p.order,
            }),
        }
    }
    totals.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(b.in_headline.cmp(&a.in_headline))
            .then(a.first.cmp(&b.first))
    });
    let cities: Vec<PlaceScore> = totals
        .iter()
        .map(|t| PlaceScore {
            city: g.city_name(t.city).to_string(),
            county: None,
            points: t.points,
        })
        .collect();

    let places = places_of(&counted);
    let mut region = Region {
        province: PROVINCE.to_string(),
        city: None,
        county: None,
    };
    let mut counties = Vec::new();
    let Some(best) = totals.first() else {
        reasons.push(if province_points > 0 {
            format!("province-wide: {province_points} points for the province and no city named")
        } else {
            "no Zhejiang place named: city unknown".to_string()
        });
        return RegionAnalysis {
            region,
            places,
            mentions: counted.into_iter().map(|p| p.mention).collect(),
            ignored,
            province_points,
            cities,
            counties,
            reasons,
        };
    };
    let best_name = g.city_name(best.city).to_string();
    if let Some(second) = totals.get(1) {
        if second.points == best.points {
            let why = if best.in_headline == second.in_headline {
                "it is named first"
            } else {
                "it is in the headline"
            };
            reasons.push(format!(
                "{best_name} and {} tie at {} points; {best_name} wins because {why}",
                g.city_name(second.city),
                best.points
            ));
        } else {
            reasons.push(format!(
                "{best_name} leads with {} points (next: {} with {})",
                best.points,
                g.city_name(second.city),
                second.points
            ));
        }
    } else {
        reasons.push(format!(
            "{best_name} is the only city named ({} points)",
            best.points
        ));
    }

    // County totals inside the best city, and the points that name only the city.
    struct CountyTotal {
        county: usize,
        points: u32,
        org_points: u32,
        in_headline: bool,
        first: usize,
    }
    let mut county_totals: Vec<CountyTotal> = Vec::new();
    let mut city_only = 0;
    let mut city_org = 0;
    for p in counted.iter().filter(|p| p.city == Some(best.city)) {
        let org_points = if p.mention.org { p.mention.points } else { 0 };
        let Some(county) = p.county else {
            city_only += p.mention.points;
            city_org += org_points;
            continue;
        };
        match county_totals.iter_mut().find(|t| t.county == county) {
            Some(t) => {
                t.points += p.mention.points;
                t.org_points += org_points;
                t.in_headline |= p.mention.section == Section::Headline;
            }
            None => county_totals.push(CountyTotal {
                county,
                points: p.mention.points,
                org_points,
                in_headline: p.mention.section == Section::Headline,
                first: p.order,
            }),
        }
    }
    county_totals.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(b.in_headline.cmp(&a.in_headline))
            .then(a.first.cmp(&b.first))
    });
    counties = county_totals
        .iter()
        .map(|t| PlaceScore {
            city: best_name.clone(),
            county: Some(g.county_name(best.city, t.county).to_string()),
            points: t.points,
        })
        .collect();
    counties.push(PlaceScore {
        city: best_name.clone(),
        county: None,
        points: city_only,
    });

    if province_points >= best.points {
        reasons.push(format!(
            "province-wide: the province has {province_points} points, not fewer than {best_name}'s {}",
            best.points
        ));
        return RegionAnalysis {
            region,
            places,
            mentions: counted.into_iter().map(|p| p.mention).collect(),
            ignored,
            province_points,
            cities,
            counties,
            reasons,
        };
    }
    region.city = Some(best_name.clone());

    let headline: String = segments
        .iter()
        .filter(|s| s.section == Section::Headline)
        .map(|s| s.text)
        .collect();
    let several = SEVERAL_PLACES.iter().find(|w| headline.contains(**w));
    match (county_totals.first(), county_totals.get(1)) {
        (None, _) => reasons.push(format!("no county of {best_name} named: county unknown")),
        (Some(_), Some(_)) if several.is_some() => reasons.push(format!(
            "the headline says {} and names several counties of {best_name}: no single county",
            several.unwrap_or(&"")
        )),
        (Some(top), second) => {
            let top_name = g.county_name(best.city, top.county);
            // The union the article is about decides first (绍兴市总工会 at a 越城 event is
            // a city story); without organisations, plain points decide, ties to the county.
            if city_org > top.org_points {
                reasons.push(format!(
                    "the city's own organisations weigh {city_org} points, {top_name}'s only {}: \
                     the article is about {best_name}'s union, not one county",
                    top.org_points
                ));
            } else if city_org == top.org_points && top.points < city_only {
                reasons.push(format!(
                    "{best_name} itself has {city_only} points, more than {top_name}'s {}: the \
                     article is about the city, not one county",
                    top.points
                ));
            } else if let Some(second) = second.filter(|s| top.points < 2 * s.points) {
                reasons.push(format!(
                    "{top_name} ({}) is not clearly ahead of {} ({}): no single county",
                    top.points,
                    g.county_name(best.city, second.county),
                    second.points
                ));
            } else {
                reasons.push(format!(
                    "{top_name} leads the counties of {best_name} with {} points (the city \
                     itself: {city_only})",
                    top.points
                ));
                region.county = Some(top_name.to_string());
            }
        }
    }
    RegionAnalysis {
        region,
        places,
        mentions: counted.into_iter().map(|p| p.mention).collect(),
        ignored,
        province_points,
        cities,
        counties,
        reasons,
    }
}

/// Every place named, grouped by (city, county), strongest first (then first named).
fn places_of(counted: &[Pending]) -> Vec<Place> {
    let mut groups: Vec<(Place, u32, usize)> = Vec::new();
    for p in counted {
        let Some(city) = &p.mention.city else {
            continue;
        };
        match groups.iter_mut().find(|(pl, _, _)| {
            pl.city.as_deref() == Some(city.as_str()) && pl.county == p.mention.county
        }) {
            Some((pl, points, _)) => {
                pl.mentions += 1;
                *points += p.mention.points;
            }
            None => groups.push((
                Place {
                    city: Some(city.clone()),
                    county: p.mention.county.clone(),
                    mentions: 1,
                },
                p.mention.points,
                p.order,
            )),
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    groups.into_iter().map(|(p, _, _)| p).collect()
}
