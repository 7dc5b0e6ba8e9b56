//! The region gazetteer: Zhejiang's cities, counties and the places inside them, loaded from
//! `data/regions.toml`, validated, and compiled into one longest-first Aho-Corasick matcher.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::matcher::LazyMatcher;
use serde::{Deserialize, Serialize};

use super::{ClassifyError, invalid_at};
use crate::article::PROVINCE;

const FILE: &str = "regions.toml";

/// A prefecture-level city (杭州市) with its county-level divisions in official order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct City {
    pub name: String,
    pub short: String,
    pub counties: Vec<County>,
}

/// What sort of county-level division a county is (from its suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountyKind {
    /// 市辖区 (…区)
    District,
    /// 县级市 (…市)
    CountyCity,
    /// 县 (…县, including 景宁畲族自治县)
    County,
}

/// A county-level division (西湖区, 义乌市, 淳安县).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct County {
    pub name: String,
    pub short: String,
    pub kind: CountyKind,
    /// The short name is also a common word and needs context to count.
    pub weak_short: bool,
    /// Towns, subdistricts, zones and landmarks inside the county.
    pub places: Vec<String>,
}

/// A resolved place: a city, optionally narrowed to one of its counties (full names).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegionRef {
    pub city: String,
    pub county: Option<String>,
}

/// What one matcher pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    City {
        city: usize,
    },
    County {
        city: usize,
        county: usize,
    },
    /// A place inside a county (its index in `County::places`).
    Place {
        city: usize,
        county: usize,
    },
    Province {
        org: bool,
    },
    NotAPlace {
        entry: usize,
    },
    Shared {
        entry: usize,
    },
    Company {
        entry: usize,
    },
}

/// How a pattern names its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Full,
    Short,
    /// A short name marked `weak_short`.
    WeakShort,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub text: String,
    pub target: Target,
    pub form: Form,
}

#[derive(Debug, Clone)]
pub(crate) struct NotAPlace {
    pub text: String,
    pub why: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Shared {
    pub name: String,
    pub cities: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Company {
    pub name: String,
    pub city: usize,
    pub county: Option<usize>,
}

/// The validated gazetteer with its compiled matcher.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    cities: Vec<City>,
    pub(crate) patterns: Vec<Pattern>,
    matcher: LazyMatcher,
    pub(crate) org_suffixes: Vec<String>,
    pub(crate) not_places: Vec<NotAPlace>,
    pub(crate) shared: Vec<Shared>,
    pub(crate) companies: Vec<Company>,
    /// Every name → its pattern index.
    index: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    province: ProvinceSpec,
    #[serde(default)]
    org_suffixes: Vec<String>,
    #[serde(default, rename = "not_a_place")]
    not_places: Vec<NotAPlaceSpec>,
    #[serde(default)]
    shared: Vec<SharedSpec>,
    #[serde(default, rename = "company")]
    companies: Vec<CompanySpec>,
    #[serde(rename = "city")]
    cities: Vec<CitySpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceSpec {
    name: String,
    #[serde(default)]
    org_markers: Vec<String>,
    #[serde(default)]
    markers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotAPlaceSpec {
    text: String,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedSpec {
    name: String,
    cities: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanySpec {
    name: String,
    city: String,
    county: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CitySpec {
    name: String,
    short: String,
    #[serde(default, rename = "county")]
    counties: Vec<CountySpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountySpec {
    name: String,
    short: String,
    #[serde(default)]
    weak_short: bool,
    #[serde(default)]
    places: Vec<String>,
}

/// Builds the pattern list while checking that no name is used twice.
struct Builder<'s> {
    source: &'s str,
    patterns: Vec<Pattern>,
    index: HashMap<String, usize>,
    /// Human description of each pattern's owner, for duplicate errors.
    owners: Vec<String>,
}

impl Builder<'_> {
    fn add(
        &mut self,
        text: &str,
        target: Target,
        form: Form,
        owner: String,
    ) -> Result<(), ClassifyError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid(
                self.source,
                &owner,
                format!("{owner} has an empty name; remove it or fill it in"),
            ));
        }
        if let Some(&earlier) = self.index.get(text) {
            let line = nth_line_of(self.source, &format!("\"{text}\""), 2);
            return Err(ClassifyError::Invalid {
                file: FILE,
                line,
                message: format!(
                    "{text} is listed under both {} and {owner}; a name may mean only one place, \
                     so remove one of them",
                    self.owners[earlier]
                ),
            });
        }
        self.index.insert(text.to_string(), self.patterns.len());
        self.patterns.push(Pattern {
            text: text.to_string(),
            target,
            form,
        });
        self.owners.push(owner);
        Ok(())
    }

    /// The `[[city]]` entries: each city's full and short names, its counties (names, kinds,
    /// places).
    fn cities(&mut self, specs: &[CitySpec]) -> Result<Vec<City>, ClassifyError> {
        if specs.is_empty() {
            return Err(invalid(
                self.source,
                "[[city]]",
                "no [[city]] entries: the gazetteer needs at least one city".into(),
            ));
        }
        let mut cities = Vec::with_capacity(specs.len());
        for (ci, spec) in specs.iter().enumerate() {
            if !spec.name.ends_with('市') {
                return Err(invalid(
                    self.source,
                    &format!("\"{}\"", spec.name),
                    format!(
                        "city {} must be a full name ending in 市 (e.g. 杭州市)",
                        spec.name
                    ),
                ));
            }
            let target = Target::City { city: ci };
            self.add(&spec.name, target, Form::Full, spec.name.clone())?;
            self.add(
                &spec.short,
                target,
                Form::Short,
                format!("{} (short name)", spec.name),
            )?;
            let counties = spec
                .counties
                .iter()
                .enumerate()
                .map(|(ki, county)| self.county(&spec.name, ci, ki, county))
                .collect::<Result<Vec<_>, _>>()?;
            cities.push(City {
                name: spec.name.clone(),
                short: spec.short.clone(),
                counties,
            });
        }
        Ok(cities)
    }

    /// One county of city `ci`: its names and the places inside it.
    fn county(
        &mut self,
        city_name: &str,
        ci: usize,
        ki: usize,
        county: &CountySpec,
    ) -> Result<County, ClassifyError> {
        let owner = format!("{city_name}/{}", county.name);
        let Some(kind) = county_kind(&county.name) else {
            return Err(invalid(
                self.source,
                &format!("\"{}\"", county.name),
                format!("county {owner} must be a full name ending in 区, 市 or 县 (e.g. 西湖区)"),
            ));
        };
        let target = Target::County {
            city: ci,
            county: ki,
        };
        self.add(&county.name, target, Form::Full, owner.clone())?;
        let form = if county.weak_short {
            Form::WeakShort
        } else {
            Form::Short
        };
        self.add(&county.short, target, form, format!("{owner} (short name)"))?;
        for place in &county.places {
            let target = Target::Place {
                city: ci,
                county: ki,
            };
            self.add(place, target, Form::Other, format!("{owner} (place)"))?;
        }
        Ok(County {
            name: county.name.clone(),
            short: county.short.clone(),
            kind,
            weak_short: county.weak_short,
            places: county.places.iter().map(|p| p.trim().to_string()).collect(),
        })
    }

    /// `[province]`: words that name the whole province, as an organisation or not.
    /// Its `name` must be the province every article's region names ([`PROVINCE`]).
    fn province_markers(&mut self, province: &ProvinceSpec) -> Result<(), ClassifyError> {
        if province.name != PROVINCE {
            return Err(invalid_at(
                FILE,
                self.source,
                "[province]",
                format!(
                    "[province] name is {:?}; kanbao's regions are those of {PROVINCE}: write \
                     name = \"{PROVINCE}\"",
                    province.name
                ),
            ));
        }
        for marker in &province.org_markers {
            let owner = "[province] org_markers".to_string();
            self.add(marker, Target::Province { org: true }, Form::Other, owner)?;
        }
        for marker in &province.markers {
            let owner = "[province] markers".to_string();
            self.add(marker, Target::Province { org: false }, Form::Other, owner)?;
        }
        Ok(())
    }

    /// `[[not_a_place]]`: words that contain a place name but do not mean the place.
    fn not_places(&mut self, specs: &[NotAPlaceSpec]) -> Result<Vec<NotAPlace>, ClassifyError> {
        let not_places: Vec<NotAPlace> = specs
            .iter()
            .map(|n| NotAPlace {
                text: n.text.trim().to_string(),
                why: n.why.clone(),
            })
            .collect();
        for (entry, n) in not_places.iter().enumerate() {
            let owner = "[[not_a_place]]".to_string();
            self.add(&n.text, Target::NotAPlace { entry }, Form::Other, owner)?;
        }
        Ok(not_places)
    }

    /// `[[shared]]`: places that belong to two or more cities (named by full city names).
    fn shared(
        &mut self,
        specs: &[SharedSpec],
        cities: &[City],
    ) -> Result<Vec<Shared>, ClassifyError> {
        let mut shared = Vec::with_capacity(specs.len());
        for (entry, s) in specs.iter().enumerate() {
            let here = format!("\"{}\"", s.name);
            let mut ids = Vec::new();
            for city in &s.cities {
                let Some(ci) = city_index(cities, city) else {
                    return Err(invalid(
                        self.source,
                        &here,
                        format!(
                            "shared place {} names unknown city {city}; use a full city name \
                             from the [[city]] list",
                            s.name
                        ),
                    ));
                };
                ids.push(ci);
            }
            if ids.len() < 2 {
                return Err(invalid(
                    self.source,
                    &here,
                    format!(
                        "shared place {} must name at least two cities (a place in one city \
                         belongs under that city's county)",
                        s.name
                    ),
                ));
            }
            let owner = format!("[[shared]] {}", s.name);
            self.add(&s.name, Target::Shared { entry }, Form::Other, owner)?;
            shared.push(Shared {
                name: s.name.trim().to_string(),
                cities: ids,
            });
        }
        Ok(shared)
    }

    /// `[[company]]`: companies whose name places an article in a city (and county).
    fn companies(
        &mut self,
        specs: &[CompanySpec],
        cities: &[City],
    ) -> Result<Vec<Company>, ClassifyError> {
        let mut companies = Vec::with_capacity(specs.len());
        for (entry, c) in specs.iter().enumerate() {
            let here = format!("\"{}\"", c.name);
            let Some(ci) = city_index(cities, &c.city) else {
                return Err(invalid(
                    self.source,
                    &here,
                    format!(
                        "company {} names unknown city {}; use a full city name from the \
                         [[city]] list",
                        c.name, c.city
                    ),
                ));
            };
            let county = match &c.county {
                None => None,
                Some(k) => match cities[ci].counties.iter().position(|x| &x.name == k) {
                    Some(ki) => Some(ki),
                    None => {
                        return Err(invalid(
                            self.source,
                            &here,
                            format!(
                                "company {} names county {k}, which is not a county of {}; \
                                 dangling county names are not allowed",
                                c.name, c.city
                            ),
                        ));
                    }
                },
            };
            let owner = format!("[[company]] {}", c.name);
            self.add(&c.name, Target::Company { entry }, Form::Other, owner)?;
            companies.push(Company {
                name: c.name.trim().to_string(),
                city: ci,
                county,
            });
        }
        Ok(companies)
    }
}

fn city_index(cities: &[City], name: &str) -> Option<usize> {
    cities.iter().position(|c| c.name == name)
}

fn invalid(source: &str, needle: &str, message: String) -> ClassifyError {
    invalid_at(FILE, source, needle, message)
}

/// The line of the `n`th occurrence of `needle` (or of the last one if there are fewer).
fn nth_line_of(source: &str, needle: &str, n: usize) -> Option<usize> {
    let mut found = None;
    for (count, (offset, _)) in source.match_indices(needle).enumerate() {
        found = Some(offset);
        if count + 1 == n {
            break;
        }
    }
    found.map(|offset| source[..offset].matches('\n').count() + 1)
}

fn county_kind(name: &str) -> Option<CountyKind> {
    match name.chars().last()? {
        '区' => Some(CountyKind::District),
        '市' => Some(CountyKind::CountyCity),
        '县' => Some(CountyKind::County),
        _ => None,
    }
}

impl Gazetteer {
    /// The matcher over every name, longest first; match `i` is `patterns[i]`.
    pub(crate) fn matcher(&self) -> &AhoCorasick {
        self.matcher
            .get(|| self.patterns.iter().map(|p| p.text.as_str()))
    }

    /// Parses and validates `regions.toml` text, in the file's own steps: cities with their
    /// counties and places, province markers, words that are not places, places shared by
    /// cities, companies; then one matcher over every name.
    pub(crate) fn from_toml(source: &str) -> Result<Gazetteer, ClassifyError> {
        let file: RegionsFile = toml::from_str(source).map_err(|e| ClassifyError::Toml {
            file: FILE,
            message: e.to_string(),
        })?;
        let mut b = Builder {
            source,
            patterns: Vec::new(),
            index: HashMap::new(),
            owners: Vec::new(),
        };
        let cities = b.cities(&file.cities)?;
        b.province_markers(&file.province)?;
        let not_places = b.not_places(&file.not_places)?;
        let shared = b.shared(&file.shared, &cities)?;
        let companies = b.companies(&file.companies, &cities)?;
        Ok(Gazetteer {
            cities,
            patterns: b.patterns,
            matcher: LazyMatcher::default(),
            org_suffixes: file
                .org_suffixes
                .into_iter()
                .map(|s| s.trim().to_string())
                .collect(),
            not_places,
            shared,
            companies,
            index: b.index,
        })
    }

    /// All cities in gazetteer order.
    pub fn cities(&self) -> &[City] {
        &self.cities
    }

    /// A city by full or short name.
    pub fn city(&self, name: &str) -> Option<&City> {
        match self.resolve(name) {
            Some(RegionRef { city, county: None }) => self.cities.iter().find(|c| c.name == city),
            _ => None,
        }
    }

    /// Resolves a user-typed name: a city, a county or a place, full or short, or a city
    /// followed by one of its counties (杭州西湖区). 义乌 → 金华市/义乌市, 新碶街道 →
    /// 宁波市/北仑区. Province-wide names, unknown names and names that are not places
    /// (金华山) give `None`.
    pub fn resolve(&self, name: &str) -> Option<RegionRef> {
        // 杭州市/西湖区, 杭州 西湖, 杭州·西湖 are the same compound as 杭州市西湖区.
        let joined: String = name
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '/' | '／' | '·' | '-' | '、'))
            .collect();
        let name = joined.as_str();
        if let Some(&i) = self.index.get(name) {
            return self.region_of(self.patterns[i].target);
        }
        // A compound such as 杭州西湖 or 杭州市西湖区新碶: the matches must tile the whole
        // string and narrow one another (city, then its county, then a place in it).
        let mut resolved: Option<RegionRef> = None;
        let mut end = 0;
        for m in self.matcher().find_iter(name) {
            if m.start() != end {
                return None;
            }
            end = m.end();
            let next = self.region_of(self.patterns[m.pattern().as_usize()].target)?;
            resolved = match resolved {
                None => Some(next),
                Some(prev) if prev.city == next.city && prev.county.is_none() => Some(next),
                Some(prev) if prev == next => Some(prev),
                Some(_) => return None,
            };
        }
        if end == name.len() { resolved } else { None }
    }

    /// The region a single target names (cities and counties only).
    pub(crate) fn region_of(&self, target: Target) -> Option<RegionRef> {
        match target {
            Target::City { city } => Some(RegionRef {
                city: self.cities[city].name.clone(),
                county: None,
            }),
            Target::County { city, county } | Target::Place { city, county } => Some(RegionRef {
                city: self.cities[city].name.clone(),
                county: Some(self.cities[city].counties[county].name.clone()),
            }),
            Target::Company { entry } => {
                let c = &self.companies[entry];
                Some(RegionRef {
                    city: self.cities[c.city].name.clone(),
                    county: c
                        .county
                        .map(|k| self.cities[c.city].counties[k].name.clone()),
                })
            }
            Target::Province { .. } | Target::NotAPlace { .. } | Target::Shared { .. } => None,
        }
    }

    pub(crate) fn city_name(&self, city: usize) -> &str {
        &self.cities[city].name
    }

    pub(crate) fn county_name(&self, city: usize, county: usize) -> &str {
        &self.cities[city].counties[county].name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> Gazetteer {
        Gazetteer::from_toml(include_str!("../../data/regions.toml")).unwrap()
    }

    #[test]
    fn the_province_must_be_zhejiang() {
        let source = include_str!("../../data/regions.toml").replacen(
            "name = \"浙江省\"",
            "name = \"江苏省\"",
            1,
        );
        let Err(ClassifyError::Invalid { line, message, .. }) = Gazetteer::from_toml(&source)
        else {
            panic!("another province's name is refused");
        };
        assert_eq!(line, Some(35));
        assert!(message.contains("name = \"浙江省\""), "{message}");
    }

    #[test]
    fn has_eleven_cities_and_ninety_counties() {
        let g = embedded();
        assert_eq!(g.cities().len(), 11);
        let counties: usize = g.cities().iter().map(|c| c.counties.len()).sum();
        assert_eq!(counties, 90);
        let hangzhou: Vec<&str> = g
            .city("杭州")
            .map(|c| c.counties.as_slice())
            .unwrap()
            .iter()
            .map(|c| c.short.as_str())
            .collect();
        assert_eq!(
            hangzhou,
            [
                "上城", "拱墅", "西湖", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安",
                "桐庐", "淳安", "建德"
            ]
        );
    }

    #[test]
    fn resolves_full_short_and_place_names() {
        let g = embedded();
        let r = |city: &str, county: Option<&str>| {
            Some(RegionRef {
                city: city.into(),
                county: county.map(Into::into),
            })
        };
        assert_eq!(g.resolve("杭州"), r("杭州市", None));
        assert_eq!(g.resolve("杭州市"), r("杭州市", None));
        assert_eq!(g.resolve("西湖"), r("杭州市", Some("西湖区")));
        assert_eq!(g.resolve("西湖区"), r("杭州市", Some("西湖区")));
        assert_eq!(g.resolve("义乌"), r("金华市", Some("义乌市")));
        assert_eq!(g.resolve("玉环"), r("台州市", Some("玉环市")));
        assert_eq!(g.resolve("建德"), r("杭州市", Some("建德市")));
        assert_eq!(g.resolve("青山湖科技城"), r("杭州市", Some("临安区")));
        assert_eq!(g.resolve("新碶街道"), r("宁波市", Some("北仑区")));
        assert_eq!(g.resolve("织里镇"), r("湖州市", Some("吴兴区")));
        assert_eq!(g.resolve("梅里"), r("嘉兴市", Some("秀洲区")));
        assert_eq!(g.resolve("凤桥镇"), r("嘉兴市", Some("南湖区")));
        assert_eq!(g.resolve("戚家山街道"), r("宁波市", Some("北仑区")));
        assert_eq!(g.resolve("杭州西湖区"), r("杭州市", Some("西湖区")));
        assert_eq!(g.resolve(" 杭州市/西湖区 "), r("杭州市", Some("西湖区")));
        assert_eq!(g.resolve("宁波 北仑 新碶"), r("宁波市", Some("北仑区")));
        assert_eq!(g.resolve(""), None);
        assert_eq!(g.resolve("景宁"), r("丽水市", Some("景宁畲族自治县")));
        assert_eq!(g.resolve("金华山"), None);
        assert_eq!(g.resolve("四川青川"), None);
        assert_eq!(g.resolve("杭州义乌"), None, "义乌 is not in 杭州");
        assert_eq!(g.city("不存在").map(|c| c.counties.as_slice()), None);
    }

    #[test]
    fn county_kinds_come_from_suffixes() {
        let g = embedded();
        let jinhua = g.city("金华市").map(|c| c.counties.as_slice()).unwrap();
        let kind = |name: &str| jinhua.iter().find(|c| c.name == name).unwrap().kind;
        assert_eq!(kind("婺城区"), CountyKind::District);
        assert_eq!(kind("义乌市"), CountyKind::CountyCity);
        assert_eq!(kind("武义县"), CountyKind::County);
    }
}
