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
        for m in g.matcher().find_iter(seg.text) {
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
pub(crate) fn weak_region(analysis: &RegionAnalysis) -> Option<String> {
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
    for m in g.matcher().find_iter(text) {
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
    let mut piles = Piles::default();
    for (order, hit) in raw_hits(g, segments).iter().enumerate() {
        piles.add(g, &segments[hit.segment], order, hit);
    }
    let (counted, ignored) = piles.settle();
    decide(g, segments, counted, ignored)
}

/// One hit weighed by where it stands, before it is known which place it counts for.
struct Weighed<'s> {
    text: &'s str,
    section: Section,
    order: usize,
    /// An organisation suffix follows, or the name is the province's own organisation.
    org: bool,
    /// 在杭州开幕: a venue, which counts half.
    venue: bool,
    /// Preceded directly by its own city or county.
    qualified: bool,
    points: u32,
}

/// Weighs `hit` (in `seg`): its section's weight, doubled before an organisation suffix,
/// halved (rounded up) for a venue.
fn weigh<'s>(g: &Gazetteer, seg: &Segment<'s>, order: usize, hit: &Hit) -> Weighed<'s> {
    let rest = &seg.text[hit.end..];
    let suffix_org = g.org_suffixes.iter().any(|s| rest.starts_with(s.as_str()));
    let org = suffix_org || matches!(hit.target, Target::Province { org: true });
    // 在杭州开幕, 于宁波举行: a venue says where something happened, not whose union it is,
    // so it counts half (rounded up).
    let before = &seg.text[..hit.start];
    let venue = !org && before.ends_with(VENUE_MARKERS) && !before.ends_with("位于");
    let points = match (org, venue) {
        (true, _) => section_weight(seg.section) * 2,
        (false, true) => section_weight(seg.section).div_ceil(2),
        (false, false) => section_weight(seg.section),
    };
    Weighed {
        text: &seg.text[hit.start..hit.end],
        section: seg.section,
        order,
        org,
        venue,
        qualified: hit.qualified,
        points,
    }
}

impl Weighed<'_> {
    /// The mention of this hit counted for `city` (and `county`), with `note` saying why.
    fn pending(
        &self,
        g: &Gazetteer,
        city: Option<usize>,
        county: Option<usize>,
        note: Option<String>,
    ) -> Pending {
        Pending {
            mention: Mention {
                text: self.text.to_string(),
                section: self.section,
                city: city.map(|c| g.city_name(c).to_string()),
                county: city
                    .zip(county)
                    .map(|(c, k)| g.county_name(c, k).to_string()),
                org: self.org,
                points: self.points,
                note,
            },
            order: self.order,
            city,
            county,
        }
    }

    /// Says that the name was qualified by its city or county, or is a venue, when it was.
    fn qualifier_note(&self) -> Option<String> {
        match (self.qualified, self.venue) {
            (true, true) => {
                Some("qualified by its city or county; a venue (在…) counts half".into())
            }
            (true, false) => Some("qualified by its city or county".to_string()),
            (false, true) => Some("a venue (在…) counts half".to_string()),
            (false, false) => None,
        }
    }

    fn ignored(&self, why: String) -> IgnoredMention {
        IgnoredMention {
            text: self.text.to_string(),
            section: self.section,
            why,
        }
    }
}

/// The mentions of one article, sorted by whether they count yet.
#[derive(Default)]
struct Piles {
    counted: Vec<Pending>,
    /// Short names that are also ordinary words, waiting for another mention of their county.
    weak: Vec<Pending>,
    /// Companies, waiting for a mention of their city (`true`: qualified by it already).
    companies: Vec<(Pending, bool)>,
    ignored: Vec<IgnoredMention>,
}

impl Piles {
    /// Weighs `hit` and puts its mention (one per city for a shared name) on its pile.
    fn add(&mut self, g: &Gazetteer, seg: &Segment<'_>, order: usize, hit: &Hit) {
        let w = weigh(g, seg, order, hit);
        match hit.target {
            Target::NotAPlace { entry } => self
                .ignored
                .push(w.ignored(format!("not a place: {}", g.not_places[entry].why))),
            Target::Province { .. } => self.counted.push(w.pending(g, None, None, None)),
            Target::City { city } => {
                self.counted
                    .push(w.pending(g, Some(city), None, w.qualifier_note()));
            }
            Target::County { city, county } | Target::Place { city, county } => {
                self.add_county(g, seg, hit, &w, (city, county));
            }
            Target::Shared { entry } => {
                let shared = &g.shared[entry];
                let names: Vec<&str> = shared.cities.iter().map(|&c| g.city_name(c)).collect();
                for &city in &shared.cities {
                    let note = format!("{} is shared by {}", shared.name, names.join(" and "));
                    self.counted
                        .push(w.pending(g, Some(city), None, Some(note)));
                }
            }
            Target::Company { entry } => {
                let company = &g.companies[entry];
                let note = format!(
                    "{} is based in {}{}",
                    company.name,
                    g.city_name(company.city),
                    company
                        .county
                        .map_or("", |k| g.county_name(company.city, k))
                );
                let pending = w.pending(g, Some(company.city), company.county, Some(note));
                self.companies.push((pending, hit.qualified));
            }
        }
    }

    /// A county or a place of one: counted, unless it is a short name that is also an ordinary
    /// word standing without context, which waits on the weak pile.
    fn add_county(
        &mut self,
        g: &Gazetteer,
        seg: &Segment<'_>,
        hit: &Hit,
        w: &Weighed<'_>,
        (city, county): (usize, usize),
    ) {
        let weak_form = hit.form == Form::WeakShort && !hit.qualified && !w.org;
        // A headline that opens with a place (长兴:…, 永康五金工匠大比武) or a name set off by a
        // colon or a dot (江山:…, 西湖·青川) is a place, not a word.
        let opens_headline = seg.section == Section::Headline
            && seg.text[..hit.start]
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '“' | '"' | '「'));
        let set_off = seg.text[hit.end..].starts_with([':', '：', '·']);
        let note = match w.qualifier_note() {
            Some(note) => Some(note),
            None if weak_form && opens_headline => {
                Some("common word, but it opens the headline".to_string())
            }
            None if weak_form && set_off => {
                Some("common word, but set off by a colon or dot".to_string())
            }
            None => None,
        };
        let m = w.pending(g, Some(city), Some(county), note);
        if weak_form && !opens_headline && !set_off {
            self.weak.push(m);
        } else {
            self.counted.push(m);
        }
    }

    /// Settles the waiting piles against what counts: a weak short name counts when the same
    /// county is named unmistakably elsewhere, a company when its city is named too. Returns
    /// the counted mentions in article order and the ignored ones.
    fn settle(self) -> (Vec<Pending>, Vec<IgnoredMention>) {
        let Piles {
            mut counted,
            weak,
            companies,
            mut ignored,
        } = self;
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
                        "{} is also a common word; it does not open the headline, has no \
                         总工会/工会 after it, no city before it and no other mention of {} in \
                         the article",
                        w.mention.text,
                        w.mention.county.as_deref().unwrap_or("it")
                    ),
                    text: w.mention.text,
                    section: w.mention.section,
                });
            }
        }
        for (mut c, qualified) in companies {
            let evidence =
                qualified || counted.iter().any(|m| m.city.is_some() && m.city == c.city);
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
        (counted, ignored)
    }
}

/// The points one city or county gathered, with the tie-breakers.
struct Total {
    /// The city's or the county's gazetteer index.
    key: usize,
    points: u32,
    /// The points of mentions that name an organisation (…总工会).
    org_points: u32,
    in_headline: bool,
    /// The order of its first mention.
    first: usize,
}

/// Sums `mentions` per key (a city's or a county's index), strongest first; ties go to the one
/// named in the headline, then to the one named first. `mentions` come in article order.
fn totals<'p>(mentions: impl Iterator<Item = (usize, &'p Pending)>) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    for (key, p) in mentions {
        let org_points = if p.mention.org { p.mention.points } else { 0 };
        let in_headline = p.mention.section == Section::Headline;
        match totals.iter_mut().find(|t| t.key == key) {
            Some(t) => {
                t.points += p.mention.points;
                t.org_points += org_points;
                t.in_headline |= in_headline;
            }
            None => totals.push(Total {
                key,
                points: p.mention.points,
                org_points,
                in_headline,
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
    totals
}

/// Decides the region from the counted mentions (in article order): the strongest city unless
/// the province weighs as much, then perhaps one of its counties.
fn decide(
    g: &Gazetteer,
    segments: &[Segment<'_>],
    counted: Vec<Pending>,
    ignored: Vec<IgnoredMention>,
) -> RegionAnalysis {
    let province_points: u32 = counted
        .iter()
        .filter(|p| p.city.is_none())
        .map(|p| p.mention.points)
        .sum();
    let city_totals = totals(counted.iter().filter_map(|p| Some((p.city?, p))));
    let mut analysis = RegionAnalysis {
        region: Region {
            province: PROVINCE.to_string(),
            city: None,
            county: None,
        },
        places: places_of(&counted),
        mentions: Vec::new(),
        ignored,
        province_points,
        cities: city_totals
            .iter()
            .map(|t| PlaceScore {
                city: g.city_name(t.key).to_string(),
                county: None,
                points: t.points,
            })
            .collect(),
        counties: Vec::new(),
        reasons: Vec::new(),
    };
    if city_totals.is_empty() {
        analysis.reasons.push(if province_points > 0 {
            format!("province-wide: {province_points} points for the province and no city named")
        } else {
            "no Zhejiang place named: city unknown".to_string()
        });
    } else {
        decide_city(g, segments, &counted, &city_totals, &mut analysis);
    }
    analysis.mentions = counted.into_iter().map(|p| p.mention).collect();
    analysis
}

/// The city step, given at least one city total: says why the strongest city leads, counts its
/// counties, and sets the city (and the county) unless the province weighs as much.
fn decide_city(
    g: &Gazetteer,
    segments: &[Segment<'_>],
    counted: &[Pending],
    city_totals: &[Total],
    analysis: &mut RegionAnalysis,
) {
    let best = &city_totals[0];
    let best_name = g.city_name(best.key);
    analysis
        .reasons
        .push(city_reason(g, best, city_totals.get(1)));

    // County totals inside the best city, and the points that name only the city.
    let of_city = || counted.iter().filter(|p| p.city == Some(best.key));
    let county_totals = totals(of_city().filter_map(|p| Some((p.county?, p))));
    let city_level = || of_city().filter(|p| p.county.is_none());
    let city_only: u32 = city_level().map(|p| p.mention.points).sum();
    let city_org: u32 = city_level()
        .filter(|p| p.mention.org)
        .map(|p| p.mention.points)
        .sum();
    analysis.counties = county_totals
        .iter()
        .map(|t| PlaceScore {
            city: best_name.to_string(),
            county: Some(g.county_name(best.key, t.key).to_string()),
            points: t.points,
        })
        .chain(std::iter::once(PlaceScore {
            city: best_name.to_string(),
            county: None,
            points: city_only,
        }))
        .collect();

    if analysis.province_points >= best.points {
        analysis.reasons.push(format!(
            "province-wide: the province has {} points, not fewer than {best_name}'s {}",
            analysis.province_points, best.points
        ));
        return;
    }
    analysis.region.city = Some(best_name.to_string());
    let headline: String = segments
        .iter()
        .filter(|s| s.section == Section::Headline)
        .map(|s| s.text)
        .collect();
    let several = SEVERAL_PLACES.iter().find(|w| headline.contains(**w));
    let (reason, county) = choose_county(
        g,
        best.key,
        &county_totals,
        CityLevel {
            points: city_only,
            org_points: city_org,
        },
        several.copied(),
    );
    analysis.reasons.push(reason);
    analysis.region.county = county;
}

/// Why `best` leads the cities (`second` being the runner-up, if any).
fn city_reason(g: &Gazetteer, best: &Total, second: Option<&Total>) -> String {
    let best_name = g.city_name(best.key);
    let Some(second) = second else {
        return format!(
            "{best_name} is the only city named ({} points)",
            best.points
        );
    };
    if second.points == best.points {
        let why = if best.in_headline == second.in_headline {
            "it is named first"
        } else {
            "it is in the headline"
        };
        format!(
            "{best_name} and {} tie at {} points; {best_name} wins because {why}",
            g.city_name(second.key),
            best.points
        )
    } else {
        format!(
            "{best_name} leads with {} points (next: {} with {})",
            best.points,
            g.city_name(second.key),
            second.points
        )
    }
}

/// The points of the mentions that name only the city itself, not one of its counties.
#[derive(Clone, Copy)]
struct CityLevel {
    points: u32,
    /// Of which the city's own organisations (绍兴市总工会).
    org_points: u32,
}

/// The county step inside the chosen `city`: the reason, and the county when one is chosen.
/// `several` is a word of the headline that says it covers several places (两地).
fn choose_county(
    g: &Gazetteer,
    city: usize,
    county_totals: &[Total],
    city_level: CityLevel,
    several: Option<&str>,
) -> (String, Option<String>) {
    let city_name = g.city_name(city);
    let CityLevel {
        points: city_only,
        org_points: city_org,
    } = city_level;
    let (top, second) = match (county_totals.first(), county_totals.get(1)) {
        (None, _) => {
            return (
                format!("no county of {city_name} named: county unknown"),
                None,
            );
        }
        (Some(_), Some(_)) if several.is_some() => {
            let reason = format!(
                "the headline says {} and names several counties of {city_name}: no single \
                 county",
                several.unwrap_or("")
            );
            return (reason, None);
        }
        (Some(top), second) => (top, second),
    };
    let top_name = g.county_name(city, top.key);
    // The union the article is about decides first (绍兴市总工会 at a 越城 event is a city
    // story); without organisations, plain points decide, ties to the county.
    let reason = if city_org > top.org_points {
        format!(
            "the city's own organisations weigh {city_org} points, {top_name}'s only {}: the \
             article is about {city_name}'s union, not one county",
            top.org_points
        )
    } else if city_org == top.org_points && top.points < city_only {
        format!(
            "{city_name} itself has {city_only} points, more than {top_name}'s {}: the article \
             is about the city, not one county",
            top.points
        )
    } else if let Some(second) = second.filter(|s| top.points < 2 * s.points) {
        format!(
            "{top_name} ({}) is not clearly ahead of {} ({}): no single county",
            top.points,
            g.county_name(city, second.key),
            second.points
        )
    } else {
        let reason = format!(
            "{top_name} leads the counties of {city_name} with {} points (the city itself: \
             {city_only})",
            top.points
        );
        return (reason, Some(top_name.to_string()));
    };
    (reason, None)
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
