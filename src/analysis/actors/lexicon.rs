//! The word lists behind the actor engine: the place gazetteer, given names,
//! organisation, place and event head words, titles, common words, and the
//! small closed lists (speech verbs, documents, sports words) the stages ask.

use super::registry::cyrillic_stem;
use super::registry::normalize;
use crate::analysis::text::data_lines;
use crate::analysis::text::is_cyrillic;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

/// A place from the gazetteer.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) key: String,
    pub(super) class: PlaceClass,
}

/// An organisation of the bundled list (`organisations.txt`).
#[derive(Debug, Clone)]
pub(super) struct Org {
    pub(super) class: OrgClass,
    /// Every name of its line, the display name first; every name of the
    /// line is the same actor ("Mets" and "New York Mets"): see
    /// `Doc::listed_org_key`.
    pub(super) names: std::sync::Arc<[String]>,
    /// The name is also an everyday word, a given name or a place
    /// (`?Apple`, `?Liverpool`): weak evidence, the context decides.
    pub(super) weak: bool,
    /// An abbreviation in capitals: it matches only text in capitals.
    pub(super) caps: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OrgClass {
    Company,
    Media,
    Party,
    Club,
    Sport,
    University,
    Body,
    Agency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlaceClass {
    Country,
    Territory,
    Capital,
    City,
    State,
    Region,
    Feature,
}

pub(super) struct Lexicon {
    /// normalised name -> place
    pub(super) places: HashMap<String, Place>,
    /// Cyrillic stem form -> place
    pub(super) place_stems: HashMap<String, Place>,
    /// normalised name -> place, for the gazetteer's names marked `?`: also
    /// a given name or surname, a word or a team (`?Jackson`, `?Reading`):
    /// weak evidence, the context decides (`Lexicon::weak_place`).
    pub(super) weak_places: HashMap<String, Place>,
    /// Cyrillic stem form -> place, for the weak Russian forms.
    pub(super) weak_place_stems: HashMap<String, Place>,
    /// Normalised names the gazetteer writes only as an abbreviation in
    /// capitals ("LA", "RF"): they match only text in capitals (the French
    /// article "La" is no Los Angeles).
    pub(super) caps_places: HashSet<String>,
    /// lower-case demonym -> place key
    pub(super) demonyms: HashMap<String, String>,
    /// place key -> the gazetteer's display name ("oslo" -> "Oslo")
    pub(super) place_names: HashMap<String, String>,
    /// normalised name -> organisation of the bundled list
    pub(super) orgs: HashMap<String, Org>,
    /// The first word of each place or organisation name that holds a word
    /// a run of capitalised words does not take ("Arabie saoudite",
    /// "Channel 4", "Новая газета"), normalised (and, in Cyrillic, also
    /// its stem), to a bound on the tokens such a name may take: where a
    /// chunk may go on into a listed name (`Lexicon::spread_tokens`).
    pub(super) spread_firsts: HashMap<String, usize>,
    /// Cyrillic stem form -> organisation
    pub(super) org_stems: HashMap<String, Org>,
    /// The first word (normalised) of every name of the organisation list
    /// that is strong evidence: a cheap test before looking a run's first
    /// words up as a company before its product (`Lexicon::opens_brand`).
    pub(super) brand_firsts: HashSet<String>,
    pub(super) first_names: HashSet<String>,
    /// Given names listed only as male, and only as female, with the other
    /// cases of the Cyrillic ones (`Марией`, `Сергея`; a form that names of
    /// both sexes make, `Александра`, is in neither: [`cyrillic_name_cases`]).
    pub(super) male_names: HashSet<String>,
    pub(super) female_names: HashSet<String>,
    pub(super) first_name_stems: HashSet<String>,
    pub(super) org_keywords: HashSet<String>,
    /// The head words of `org_keywords.txt` after its `[head-first]` marker:
    /// French and Spanish head words, which open a name ("Servicio Europeo
    /// de Acción Exterior", "Banco Santander").
    pub(super) romance_heads: HashSet<String>,
    pub(super) place_keywords: HashSet<String>,
    pub(super) event_keywords: HashSet<String>,
    pub(super) title_nouns: HashSet<String>,
    pub(super) title_modifiers: HashSet<String>,
    pub(super) common: HashSet<String>,
}

fn words_of(data: &str) -> impl Iterator<Item = &str> {
    data_lines(data).flat_map(|l| l.split_whitespace())
}

pub(super) static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut spread_firsts = HashMap::default();
    let mut places = HashMap::default();
    let mut place_stems = HashMap::default();
    let mut weak_places = HashMap::default();
    let mut weak_place_stems = HashMap::default();
    let mut demonyms = HashMap::default();
    let mut place_names = HashMap::default();
    // normalised name -> whether every spelling of it is in capitals
    let mut caps_only: HashMap<String, bool> = HashMap::default();
    let mut nominatives = Vec::new();
    for line in data_lines(include_str!("../lexicon/places.txt")) {
        let f: Vec<&str> = line.split('|').collect();
        if f.len() < 3 {
            continue;
        }
        let class = place_class(f[0]).unwrap_or(PlaceClass::Feature);
        let place = Place {
            key: f[1].to_string(),
            class,
        };
        if let Some(display) = f[2]
            .split(';')
            .map(|n| n.trim().trim_start_matches('?'))
            .find(|n| !n.is_empty())
        {
            place_names
                .entry(place.key.clone())
                .or_insert_with(|| display.to_string());
        }
        // a line whose English names are all weak has weak Russian forms
        // too (`?Lincoln` and `Линкольн`, a surname in Russian as well)
        let english: Vec<&str> = f[2]
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let all_weak = !english.is_empty() && english.iter().all(|n| n.starts_with('?'));
        let russian: Vec<(&str, bool)> = f
            .get(4)
            .into_iter()
            .flat_map(|r| r.split(';'))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| match n.strip_prefix('?') {
                Some(n) => (n, true),
                None => (n, all_weak),
            })
            .collect();
        for name in english.iter().filter_map(|n| n.strip_prefix('?')) {
            weak_places
                .entry(normalize(name))
                .or_insert_with(|| place.clone());
        }
        for &(name, _) in russian.iter().filter(|(_, weak)| *weak) {
            let n = normalize(name);
            weak_place_stems
                .entry(stem_words(&n))
                .or_insert_with(|| place.clone());
            weak_places.entry(n).or_insert_with(|| place.clone());
        }
        for name in english.iter().filter(|n| !n.starts_with('?')) {
            spread_first(&mut spread_firsts, name);
            *caps_only.entry(normalize(name)).or_insert(true) &= is_caps_abbreviation(name);
            places
                .entry(normalize(name))
                .or_insert_with(|| place.clone());
        }
        if let Some(d) = f.get(3) {
            for dem in d.split(';').filter(|n| !n.trim().is_empty()) {
                demonyms
                    .entry(dem.trim().to_lowercase())
                    .or_insert_with(|| place.key.clone());
            }
        }
        for &(name, _) in russian.iter().filter(|(_, weak)| !*weak) {
            spread_first(&mut spread_firsts, name);
            let abbreviation = is_caps_abbreviation(name);
            *caps_only.entry(normalize(name)).or_insert(true) &= abbreviation;
            let n = normalize(name);
            // an abbreviation in capitals has no stem of other cases
            // (`ЯНАО` is no "Яна")
            if !abbreviation {
                // the first line of a stem wins: the country before a city
                // listed later ("Бразилия", "Бразилиа": one stem)
                place_stems
                    .entry(stem_words(&n))
                    .or_insert_with(|| place.clone());
            }
            // the nominative too, which is the stem of the other cases
            // when the stemmer would cut its last letters ("Вифлеем":
            // "Вифлееме"), as for the organisations; after every line's
            // stems, so that it takes no other place's stem ("Ставрополь",
            // the city, is the stem of "Ставрополья", the region's)
            nominatives.push((n.clone(), place.clone()));
            places.entry(n).or_insert_with(|| place.clone());
        }
    }
    for (n, place) in nominatives {
        place_stems.entry(n).or_insert(place);
    }
    let (orgs, org_stems) = organisations(
        include_str!("../lexicon/organisations.txt"),
        &mut spread_firsts,
    );
    let brand_firsts = orgs
        .iter()
        .filter(|(_, o)| !o.weak)
        .filter_map(|(n, _)| n.split(' ').next().map(str::to_string))
        .collect();
    let set = |data: &str| -> HashSet<String> { words_of(data).map(str::to_lowercase).collect() };
    let first_names = set(include_str!("../lexicon/first_names.txt"));
    let (mut male_names, mut female_names) =
        gendered_names(include_str!("../lexicon/first_names.txt"));
    for (form, sex) in cyrillic_name_cases(&male_names, &female_names) {
        match sex {
            Some(true) => {
                male_names.insert(form);
            }
            Some(false) => {
                female_names.insert(form);
            }
            None => {
                male_names.remove(&form);
                female_names.remove(&form);
            }
        }
    }
    let first_name_stems = first_names
        .iter()
        .filter(|n| n.chars().any(is_cyrillic))
        .map(|n| cyrillic_stem(n))
        .collect();
    let org_keywords = include_str!("../lexicon/org_keywords.txt");
    let titles = include_str!("../lexicon/titles.txt");
    let (nouns, mods) = titles.split_once("\n[modifier]").unwrap_or((titles, ""));
    let nouns = nouns.replace("\n[noun]", "\n");
    let caps_places = caps_only
        .into_iter()
        .filter_map(|(n, caps)| caps.then_some(n))
        .collect();
    // a name strong for one place is no weak one for another
    weak_places.retain(|n, _| !places.contains_key(n));
    weak_place_stems.retain(|n, _| !place_stems.contains_key(n));
    Lexicon {
        places,
        place_stems,
        weak_places,
        weak_place_stems,
        caps_places,
        demonyms,
        place_names,
        orgs,
        org_stems,
        brand_firsts,
        spread_firsts,
        first_names,
        male_names,
        female_names,
        first_name_stems,
        org_keywords: set(&org_keywords.replace("\n[head-first]", "\n")),
        romance_heads: set(org_keywords
            .split_once("\n[head-first]")
            .map_or("", |(_, h)| h)),
        place_keywords: set(include_str!("../lexicon/place_keywords.txt")),
        event_keywords: set(include_str!("../lexicon/event_keywords.txt")),
        title_nouns: set(&nouns),
        title_modifiers: set(mods),
        common: set(include_str!("../lexicon/common.txt")),
    }
});

/// The given names of the sections headed `# … male` and `# … female`
/// (lower case); a name in both is in neither.
fn gendered_names(data: &str) -> (HashSet<String>, HashSet<String>) {
    let (mut male, mut female) = (HashSet::default(), HashSet::default());
    let mut section: Option<bool> = None;
    for line in data.lines() {
        if let Some(head) = line.strip_prefix('#') {
            let head = head.trim().to_lowercase();
            section = if head.ends_with("female") {
                Some(false)
            } else if head.ends_with("male") {
                Some(true)
            } else {
                None
            };
            continue;
        }
        let Some(is_male) = section else { continue };
        let set = if is_male { &mut male } else { &mut female };
        set.extend(line.split_whitespace().map(str::to_lowercase));
    }
    let both: Vec<String> = male.intersection(&female).cloned().collect();
    for n in &both {
        male.remove(n);
        female.remove(n);
    }
    (male, female)
}

/// The oblique cases of the Cyrillic given names of one sex, by the
/// declension their ending gives (`Сергей`: `Сергея Сергею Сергеем Сергее`;
/// `Мария`: `Марии Марию Марией`; `Анна`: `Анны Анне Анну Анной`; `Игорь`:
/// `Игоря …`; `Иван`: `Ивана Ивану Иваном Иване`), to whether the name is a
/// man's: `None` where names of both sexes make the form, one as a case and
/// the other as its nominative (`Александра`, `Валерия`, `Евгения`) or both
/// as cases.
fn cyrillic_name_cases(
    male: &HashSet<String>,
    female: &HashSet<String>,
) -> HashMap<String, Option<bool>> {
    fn cases(name: &str) -> Vec<String> {
        let cut = |n: usize| {
            name.chars()
                .take(name.chars().count() - n)
                .collect::<String>()
        };
        let with = |base: String, ends: &[&str]| -> Vec<String> {
            ends.iter().map(|e| format!("{base}{e}")).collect()
        };
        if name.ends_with("ия") {
            with(cut(1), &["и", "ю", "ей", "ею"])
        } else if name.ends_with('й') || name.ends_with('ь') {
            with(cut(1), &["я", "ю", "ем", "е"])
        } else if name.ends_with('я') {
            with(cut(1), &["и", "е", "ю", "ей", "ею"])
        } else if name.ends_with('а') {
            // after г к х ж ш щ ч the genitive is -и (Ольги), else -ы
            let stem = cut(1);
            let soft = stem.ends_with(['г', 'к', 'х', 'ж', 'ш', 'щ', 'ч']);
            with(stem, &[if soft { "и" } else { "ы" }, "е", "у", "ой", "ою"])
        } else if name.ends_with(|c: char| is_cyrillic(c) && !"аеёиоуыэюяь".contains(c))
        {
            with(name.to_string(), &["а", "у", "ом", "е"])
        } else {
            Vec::new()
        }
    }
    let mut out: HashMap<String, Option<bool>> = HashMap::default();
    for (names, is_male) in [(male, true), (female, false)] {
        let (own, other) = if is_male {
            (male, female)
        } else {
            (female, male)
        };
        for n in names.iter().filter(|n| n.chars().any(is_cyrillic)) {
            for form in cases(n) {
                if own.contains(&form) {
                    continue;
                }
                let sex = if other.contains(&form) {
                    None
                } else {
                    Some(is_male)
                };
                match out.get(&form) {
                    Some(&s) if s != sex => {
                        out.insert(form, None);
                    }
                    Some(_) => {}
                    None => {
                        out.insert(form, sex);
                    }
                }
            }
        }
    }
    out
}

/// The organisations of `organisations.txt` (`class|English names|Russian
/// forms`, names separated by `;`, a `?` before a name that is also a word,
/// a given name or a place): by normalised name, and by Cyrillic stem form.
/// A name that is weak anywhere is weak (`The Guardian;?Guardian` both give
/// `guardian`), and so is the one word of a name "The X" (`The Hindu`: the
/// religion's word); an abbreviation in capitals matches only capitals
/// (`PACE` is no "Pace", `ИРА` no "Ира").
fn organisations(
    data: &str,
    spread_firsts: &mut HashMap<String, usize>,
) -> (HashMap<String, Org>, HashMap<String, Org>) {
    let (mut by_name, mut by_stem) = (HashMap::default(), HashMap::default());
    for line in data_lines(data) {
        let f: Vec<&str> = line.split('|').collect();
        let Some(class) = f.first().and_then(|c| org_class(c.trim())) else {
            continue;
        };
        let names = |field: Option<&&str>| -> Vec<(String, bool)> {
            field
                .map(|x| {
                    x.split(';')
                        .map(str::trim)
                        .filter(|n| !n.is_empty() && *n != "?")
                        .map(|n| match n.strip_prefix('?') {
                            Some(n) => (n.trim().to_string(), true),
                            None => (n.to_string(), false),
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (english, russian) = (names(f.get(1)), names(f.get(2)));
        let line_names: std::sync::Arc<[String]> = english
            .iter()
            .chain(&russian)
            .map(|(n, _)| n.clone())
            .collect();
        if line_names.is_empty() {
            continue;
        }
        for (name, weak) in english.iter().chain(&russian) {
            spread_first(spread_firsts, name);
            let the_word = name
                .strip_prefix("The ")
                .is_some_and(|rest| !rest.contains(char::is_whitespace));
            let org = Org {
                names: line_names.clone(),
                class,
                weak: *weak || the_word,
                caps: is_caps_abbreviation(name),
            };
            let n = normalize(name);
            let put = |map: &mut HashMap<String, Org>, key: String| {
                map.entry(key)
                    .and_modify(|o: &mut Org| o.weak |= org.weak)
                    .or_insert_with(|| org.clone());
            };
            if n.chars().any(is_cyrillic) {
                // the stem, and the nominative itself, which is the stem of
                // its other cases when it ends in a consonant the stemmer
                // would cut ("Газпром": "Газпрома", "Газпромом")
                put(&mut by_stem, stem_words(&n));
                put(&mut by_stem, n.clone());
            }
            put(&mut by_name, n);
        }
    }
    (by_name, by_stem)
}

/// The class of a gazetteer line (its first field), if it is one.
fn place_class(class: &str) -> Option<PlaceClass> {
    Some(match class {
        "country" => PlaceClass::Country,
        "territory" => PlaceClass::Territory,
        "capital" => PlaceClass::Capital,
        "city" => PlaceClass::City,
        "state" => PlaceClass::State,
        "region" => PlaceClass::Region,
        "feature" => PlaceClass::Feature,
        _ => return None,
    })
}

/// A name written in capitals, two letters or more ("PACE", "LA", "L.A.",
/// "РФ"): an abbreviation, which matches only text in capitals.
/// (Its own test rather than `tokens::is_all_caps`: the tokenizer reads
/// this lexicon, and the layers keep files from importing each other.)
fn is_caps_abbreviation(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !name.chars().any(char::is_lowercase)
}

/// The class of a line of `organisations.txt`; `None` for a word that is no
/// class (the line is skipped, and a test lists it).
pub(super) fn org_class(word: &str) -> Option<OrgClass> {
    Some(match word {
        "company" => OrgClass::Company,
        "media" => OrgClass::Media,
        "party" => OrgClass::Party,
        "club" => OrgClass::Club,
        "sport" => OrgClass::Sport,
        "university" => OrgClass::University,
        "body" => OrgClass::Body,
        "agency" => OrgClass::Agency,
        _ => return None,
    })
}

/// Index `name` (as written in the list) in `firsts` when a word after its
/// first is not capitalised — lower case, a digit, a dot inside
/// ("Bosnien und Herzegowina", "Channel 4", "Booking.com"): a run of
/// capitalised words stops there, so the chunker looks for such names
/// apart. The key is the first word normalised (and, in Cyrillic, its stem
/// too: "Новой газеты"), the value the most words such a name has.
fn spread_first(firsts: &mut HashMap<String, usize>, name: &str) {
    let inner_dot = |w: &str| w.trim_end_matches('.').contains('.');
    let spread = name
        .split_whitespace()
        .skip(1)
        .any(|w| !w.starts_with(char::is_uppercase) || inner_dot(w))
        || name.split_whitespace().next().is_some_and(inner_dot);
    // the first word as the tokenizer cuts it: at a dot before a letter
    // ("Booking" of "Booking.com"), without a possessive ("People's"), a
    // hyphen and an apostrophe inside kept ("Южно-Китайское", "Côte")
    let word = name.split_whitespace().next().unwrap_or("");
    let word = word.split_once('.').map_or(word, |(a, _)| a);
    let word = word.trim_end_matches("'s").trim_end_matches("’s");
    let first = normalize(word);
    if !spread || first.is_empty() {
        return;
    }
    // a bound on the tokens the name may take: its words and the marks
    // between them
    let pieces = name
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | '\'' | '’'))
        .filter(|p| !p.is_empty())
        .count();
    let mut put = |k: String| {
        let e = firsts.entry(k).or_insert(0);
        *e = (*e).max(2 * pieces);
    };
    put(first.clone());
    if first.chars().any(is_cyrillic) {
        put(cyrillic_stem(&first));
    }
}

pub(super) fn stem_words(normalized: &str) -> String {
    normalized
        .split_whitespace()
        .map(cyrillic_stem)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `n` (normalised) in `exact`, else, in Cyrillic, its stem in `stems` (the
/// other cases of a Russian name).
fn exact_or_stem<'m, T>(
    exact: &'m HashMap<String, T>,
    stems: &'m HashMap<String, T>,
    n: &str,
) -> Option<&'m T> {
    exact.get(n).or_else(|| {
        n.chars()
            .any(is_cyrillic)
            .then(|| stems.get(&stem_words(n)))
            .flatten()
    })
}

impl Lexicon {
    pub(super) fn place(&self, name: &str) -> Option<&Place> {
        let n = normalize(name);
        // an abbreviation in capitals matches only capitals
        let abbreviation = self.caps_places.contains(&n);
        exact_or_stem(&self.places, &self.place_stems, &n)
            .filter(|_| !abbreviation || !name.chars().any(char::is_lowercase))
    }

    /// The place of the gazetteer that `name` names weakly (`?Jackson`: also
    /// a person's name, a word or a team), if no name of it is strong.
    pub(super) fn weak_place(&self, name: &str) -> Option<&Place> {
        exact_or_stem(&self.weak_places, &self.weak_place_stems, &normalize(name))
    }

    /// How many tokens a listed name that opens with `word` and holds a word
    /// a capitalised run does not take may span (`spread_firsts`), if any.
    pub(super) fn spread_tokens(&self, word: &str) -> Option<usize> {
        let n = normalize(word);
        let direct = self.spread_firsts.get(&n).copied();
        if !n.chars().any(is_cyrillic) {
            return direct;
        }
        direct.max(self.spread_firsts.get(&cyrillic_stem(&n)).copied())
    }

    /// The organisation of the bundled list that `name` is, if any
    /// (case, dots and a leading "the" ignored; Russian forms inflected).
    pub(super) fn organisation(&self, name: &str) -> Option<&Org> {
        exact_or_stem(&self.orgs, &self.org_stems, &normalize(name))
            .filter(|o| !o.caps || !name.chars().any(char::is_lowercase))
    }

    /// Whether a strong name of the organisation list may start with
    /// `word` (its first word, as written or in any case).
    pub(super) fn opens_brand(&self, word: &str) -> bool {
        self.brand_firsts.contains(&normalize(word))
    }

    pub(super) fn is_first_name(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        if self.first_names.contains(&w) {
            return true;
        }
        w.chars().any(is_cyrillic) && self.first_name_stems.contains(&cyrillic_stem(&w))
    }

    /// Whether a given name is a man's (`Some(true)`), a woman's
    /// (`Some(false)`) or not known as either.
    pub(super) fn given_name_is_male(&self, word: &str) -> Option<bool> {
        let w = word.to_lowercase();
        if self.male_names.contains(&w) {
            Some(true)
        } else if self.female_names.contains(&w) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether the word is a common word that opens or closes no name: the
    /// bundled list, and in a German, French or Spanish report that
    /// language's function words ("Das Treffen", "Les Échos" aside).
    pub(super) fn is_common(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.common.contains(&w)
            || crate::analysis::text::lang::own_function_words().is_some_and(|o| o.contains(&w))
    }

    pub(super) fn is_demonym(&self, word: &str) -> bool {
        self.demonyms.contains_key(&word.to_lowercase())
    }

    pub(super) fn is_title_noun(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.title_nouns.contains(&w)
            || RU_TITLES.iter().any(|t| w.starts_with(t))
            || (crate::analysis::text::lang::current() == Some(whatlang::Lang::Deu)
                && DE_TITLE_ENDS
                    .iter()
                    .any(|t| w.len() > t.len() + 2 && w.ends_with(t)))
    }

    pub(super) fn is_title_modifier(&self, word: &str) -> bool {
        self.title_modifiers.contains(&word.to_lowercase())
    }
}

/// The ends of German compound titles, read in a German report:
/// `Finanzminister`, `Regierungssprecher`, `Bundespräsidentin`, `Parteichef`
/// (in English text `MasterChef` is no title).
const DE_TITLE_ENDS: [&str; 12] = [
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "sprecher",
    "sprecherin",
    "botschafter",
    "botschafterin",
    "chef",
    "chefin",
];

/// Russian title stems (lower case) that mark a following name as a person.
const RU_TITLES: [&str; 14] = [
    "министр",
    "президент",
    "глав",
    "посл",
    "представител",
    "пресс-секретар",
    "премьер",
    "спикер",
    "генсек",
    "председател",
    "директор",
    "замминистр",
    "помощник",
    "советник",
];

/// Russian region nouns after a capitalised adjective, in their cases
/// ("Белгородской области", "Краснодарский край"): a place. Each form with
/// its nominative, which the region's key uses (the stemmer reads "край"
/// and "края" apart).
pub(super) const RU_REGION_NOUNS: [(&str, &str); 31] = [
    ("область", "область"),
    ("области", "область"),
    ("областью", "область"),
    ("край", "край"),
    ("края", "край"),
    ("крае", "край"),
    ("краю", "край"),
    ("краем", "край"),
    ("округ", "округ"),
    ("округа", "округ"),
    ("округе", "округ"),
    ("округу", "округ"),
    ("округом", "округ"),
    ("район", "район"),
    ("района", "район"),
    ("районе", "район"),
    ("району", "район"),
    ("районом", "район"),
    ("республика", "республика"),
    ("республики", "республика"),
    ("республике", "республика"),
    ("республику", "республика"),
    ("республикой", "республика"),
    ("автономия", "автономия"),
    ("автономии", "автономия"),
    ("автономию", "автономия"),
    ("автономией", "автономия"),
    ("губерния", "губерния"),
    ("губернии", "губерния"),
    ("губернию", "губерния"),
    ("губернией", "губерния"),
];

/// The nominative of a Russian region noun ("области" → "область").
pub(super) fn region_noun(word: &str) -> Option<&'static str> {
    RU_REGION_NOUNS
        .iter()
        .find(|(form, _)| *form == word)
        .map(|(_, lemma)| *lemma)
}

/// Whether the lower-case word `lw` opens with a Russian head word of
/// organisation names ([`RU_ORG_HEADS`]: "Министерство", "Правительство").
pub(super) fn is_ru_org_head(lw: &str) -> bool {
    RU_ORG_HEADS.iter().any(|h| lw.starts_with(h))
}

/// Russian head words (stems) of organisation names written "Министерство
/// иностранных дел": the capitalised first word, then lower-case words.
const RU_ORG_HEADS: [&str; 18] = [
    "министерств",
    "совет",
    "агентств",
    "комитет",
    "парти",
    "университет",
    "служб",
    "управлени",
    "департамент",
    "ведомств",
    "банк",
    "фонд",
    "компани",
    "корпораци",
    "суд",
    "прокуратур",
    "правительств",
    "администраци",
];

/// Words that continue a name across a lower-case gap.
pub(super) const PARTICLES: [&str; 19] = [
    "de", "van", "von", "der", "den", "bin", "ibn", "al", "da", "di", "du", "del", "della", "le",
    "la", "dos", "das", "d'", "d’",
];

/// Name particles that are also articles in German, French or Spanish: they
/// join a name only after a given name ("Ursula von der Leyen").
pub(super) const ARTICLE_PARTICLES: [&str; 5] = ["der", "den", "das", "la", "le"];

/// Articles that, capitalised inside a sentence, open a name: "The Onion",
/// "Le Monde", "Der Spiegel", "El País", "Bruno Le Maire".
pub(super) const NAME_ARTICLES: [&str; 9] =
    ["The", "Le", "La", "Les", "Der", "Die", "Das", "El", "Los"];

/// Verbs of saying that follow a speaker.
pub(super) const SAY_VERBS: [&str; 22] = [
    "said",
    "says",
    "told",
    "added",
    "stated",
    "explained",
    "noted",
    "argued",
    "wrote",
    "insisted",
    "stressed",
    "announced",
    "claimed",
    "warned",
    "urged",
    "replied",
    "answered",
    "recalled",
    "continued",
    "emphasized",
    "emphasised",
    "asked",
];

/// Head words of documents ("Charter of European Security", "Minsk Agreement"):
/// named, but neither actors nor events; kind [`MentionKind::Other`].
pub(super) const DOCUMENTS: [&str; 12] = [
    "charter",
    "treaty",
    "convention",
    "declaration",
    "agreement",
    "agreements",
    "accord",
    "accords",
    "protocol",
    "statute",
    "act",
    "memorandum",
];

/// Lower-case nouns that introduce the name of a work, product, vehicle or account
/// in apposition ("the film Easy Rider", "cruise ship Freewinds", "the browser
/// Firefox"): the name is neither a person, an organisation nor a place.
pub(super) const WORK_CUES: [&str; 52] = [
    "book",
    "novel",
    "film",
    "movie",
    "documentary",
    "album",
    "song",
    "single",
    "show",
    "series",
    "sitcom",
    "opera",
    "musical",
    "painting",
    "poem",
    "game",
    "videogame",
    "app",
    "application",
    "software",
    "browser",
    "website",
    "blog",
    "hashtag",
    "account",
    "handle",
    "username",
    "codename",
    "brand",
    "product",
    "model",
    "version",
    "format",
    "ship",
    "vessel",
    "boat",
    "yacht",
    "ferry",
    "submarine",
    "frigate",
    "destroyer",
    "shuttle",
    "spacecraft",
    "orbiter",
    "rocket",
    "satellite",
    "rover",
    "aircraft",
    "airliner",
    "helicopter",
    "device",
    "database",
];

/// Capitalised words inside a name that make it a vehicle ("Space Shuttle
/// Atlantis", "HMS Victory", "USS Enterprise").
pub(super) const VEHICLE_WORDS: [&str; 14] = [
    "shuttle",
    "spacecraft",
    "orbiter",
    "orbiters",
    "hms",
    "hmc",
    "hmcs",
    "hmas",
    "uss",
    "rms",
    "ins",
    "mv",
    "ss",
    "spaceship",
];

/// Acronyms and abbreviations that are not names of actors: units, formats,
/// time zones, postnominals, common nouns.
pub(super) const NON_NAME_ACRONYMS: [&str; 62] = [
    "iq", "vip", "vips", "gmt", "utc", "bst", "est", "pst", "cet", "html", "http", "https", "url",
    "pdf", "usb", "tv", "dna", "rna", "hiv", "aids", "gdp", "qc", "kc", "sc", "obe", "mbe", "cbe",
    "phd", "md", "ceo", "cfo", "coo", "cto", "mp", "mps", "mep", "faq", "cctv", "suv", "gps",
    "led", "atm", "pin", "id", "ai", "vr", "pc", "dvd", "cd", "mp3", "km", "mph", "kph", "rsvp",
    "potus", "flotus", "ngo", "ngos", "ufo", "sms", "lgbt", "ok",
];

/// Head words of newspapers that keep their "The" ("The Guardian", "The Times").
pub(super) const PRESS_HEADS: [&str; 12] = [
    "times",
    "guardian",
    "telegraph",
    "herald",
    "tribune",
    "gazette",
    "post",
    "journal",
    "independent",
    "observer",
    "economist",
    "mail",
];

/// Model suffixes of products ("PlayStation VR", "Windows XP").
pub(super) const PRODUCT_SUFFIXES: [&str; 8] = ["VR", "XP", "HD", "SE", "GT", "XL", "OS", "3D"];

/// Compass words that qualify a place ("Kowloon West", "Territories East").
pub(super) const COMPASS: [&str; 4] = ["north", "south", "east", "west"];

/// Nouns of an appositive that describes a person ("Valeska Paris, an Australian
/// woman, …").
pub(super) const PERSON_NOUNS: [&str; 24] = [
    "man", "woman", "boy", "girl", "teenager", "child", "mother", "father", "son", "daughter",
    "wife", "husband", "resident", "citizen", "national", "native", "member", "veteran",
    "survivor", "victim", "activist", "student", "graduate", "former",
];

/// Events named by one word.
pub(super) const NAMED_EVENTS: [&str; 9] = [
    "hajj",
    "ramadan",
    "christmas",
    "easter",
    "olympics",
    "diwali",
    "hanukkah",
    "passover",
    "eid",
];

/// Words of sports reporting; many of them make a report about a match, where
/// countries playing are teams.
pub(super) const SPORTS_CUES: [&str; 20] = [
    "match",
    "goal",
    "goals",
    "scored",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "penalty",
    "tournament",
    "league",
    "cup",
    "kick-off",
    "referee",
    "halftime",
    "half-time",
    "stoppage",
    "equaliser",
    "equalizer",
    "scoreline",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A Cyrillic form that is one place's stem and another's nominative
    /// keys to the place whose stem it is: `Ставрополья` (of the region,
    /// `Ставрополье`) is not the city `Ставрополь`, whose own cases still
    /// are; the nominative still finds the other cases where the stemmer
    /// cuts it short (`Вифлееме`).
    #[test]
    fn a_stem_wins_over_another_places_nominative() {
        let lex = &*LEX;
        let key = |n: &str| lex.place(n).map(|p| p.key.as_str());
        assert_eq!(key("Ставрополья"), Some("stavropol-krai"));
        assert_eq!(key("Ставрополье"), Some("stavropol-krai"));
        for city in ["Ставрополь", "Ставрополя", "Ставрополе"] {
            assert_eq!(key(city), Some("stavropol"), "{city}");
        }
        assert!(key("Вифлееме").is_some());
    }

    /// `first_names.txt` names each given name once in a section (a header
    /// line opens one), and no name stands before the first header.
    #[test]
    fn the_given_names_list_keeps_its_rules() {
        let data = include_str!("../lexicon/first_names.txt");
        let mut section = None;
        let mut seen: HashSet<&str> = HashSet::default();
        for line in data.lines() {
            if let Some(head) = line.strip_prefix('#') {
                section = Some(head);
                seen.clear();
                continue;
            }
            let Some(head) = section else {
                panic!("a name before any section: {line}");
            };
            for w in line.split_whitespace() {
                assert!(seen.insert(w), "{w} twice in{head}");
            }
        }
    }

    /// A Cyrillic given name has its sex in every case; one that is not a
    /// given name, or whose form two names of different sex share, has none.
    #[test]
    fn cyrillic_given_names_have_a_sex_in_every_case() {
        let lex = &*LEX;
        for (form, male) in [
            ("Сергей", true),
            ("Сергея", true),
            ("Сергеем", true),
            ("Ивану", true),
            ("Игорем", true),
            ("Никиты", true),
            ("Мария", false),
            ("Марией", false),
            ("Ольги", false),
            ("Анной", false),
            ("Оксану", false),
        ] {
            assert_eq!(lex.given_name_is_male(form), Some(male), "{form}");
        }
        for form in ["Москвой", "Столом", "Сергеевич"] {
            assert_eq!(lex.given_name_is_male(form), None, "{form}");
        }
        // `Александра` is a woman's name and the genitive of `Александр`
        // (`заявление Александра Лукашенко`): neither
        for form in ["Александра", "Валерия", "Евгения"] {
            assert_eq!(lex.given_name_is_male(form), None, "{form}");
        }
        assert_eq!(lex.given_name_is_male("Александром"), Some(true));
        assert_eq!(lex.given_name_is_male("Валерией"), Some(false));
    }

    /// `organisations.txt` keeps its own rules: every line has a known class
    /// and a name, and no name (normalised as the lookup does) stands for two
    /// organisations.
    #[test]
    fn the_organisation_list_keeps_its_rules() {
        let data = include_str!("../lexicon/organisations.txt");
        let mut owner: HashMap<String, usize> = HashMap::default();
        let mut lines = 0;
        for (i, line) in data_lines(data).enumerate() {
            let f: Vec<&str> = line.split('|').collect();
            assert_eq!(f.len(), 3, "three fields: {line}");
            assert!(org_class(f[0]).is_some(), "a known class: {line}");
            let names: Vec<&str> = f[1]
                .split(';')
                .chain(f[2].split(';'))
                .map(|n| n.trim().trim_start_matches('?').trim())
                .filter(|n| !n.is_empty())
                .collect();
            assert!(!names.is_empty(), "a name: {line}");
            for n in names {
                let prev = *owner.entry(normalize(n)).or_insert(i);
                assert_eq!(prev, i, "{n:?} is on two lines (the other: {prev})");
            }
            lines += 1;
        }
        assert!(lines > 1000, "{lines}");
        // weak wherever a name is weak, and a lone word after "The" too
        let lex = &*LEX;
        for weak in ["Guardian", "The Guardian", "Hindu", "Apple", "Liverpool"] {
            assert!(lex.organisation(weak).is_some_and(|o| o.weak), "{weak}");
        }
        assert!(lex.organisation("Gazprom").is_some_and(|o| !o.weak));
        // an abbreviation in capitals matches only capitals
        assert!(lex.organisation("IRA").is_some());
        assert!(lex.organisation("Ira").is_none());
        assert!(lex.organisation("Ира").is_none());
    }

    /// `places.txt` keeps its rules: five fields, a known class, one key per
    /// line; no English name on two lines but `Georgia` (the country and
    /// the US state).
    #[test]
    fn the_gazetteer_keeps_its_rules() {
        let data = include_str!("../lexicon/places.txt");
        let (mut keys, mut owner) = (HashSet::default(), HashMap::default());
        let mut lines = 0;
        for (i, line) in data_lines(data).enumerate() {
            let f: Vec<&str> = line.split('|').collect();
            assert_eq!(f.len(), 5, "five fields: {line}");
            assert!(place_class(f[0]).is_some(), "a known class: {line}");
            assert!(keys.insert(f[1]), "the key of two lines: {line}");
            for n in f[2].split(';').map(|n| n.trim().trim_start_matches('?')) {
                if n.is_empty() || n == "Georgia" {
                    continue;
                }
                let prev = *owner.entry(normalize(n)).or_insert(i);
                assert_eq!(prev, i, "{n:?} is on two lines (the other: {prev})");
            }
            lines += 1;
        }
        assert!(lines > 4000, "{lines}");
    }

    /// A name marked `?` is a weak place only, in any case for a Russian
    /// form, and a line whose English names are all weak has weak Russian
    /// forms; an abbreviation in capitals has no stem (`ЯНАО` is no
    /// "Яна"); a place no given name or word of everyday Russian is
    /// (`Итак`, `Море`).
    #[test]
    fn weak_places_stay_weak() {
        let lex = &*LEX;
        for weak in ["Jackson", "Reading", "Владимир"] {
            assert!(lex.place(weak).is_none(), "{weak}");
            assert!(lex.weak_place(weak).is_some(), "{weak}");
        }
        assert_eq!(
            lex.weak_place("Reading").map(|p| p.key.as_str()),
            Some("reading-uk")
        );
        // `?Николаев` in any case
        let nikolaev = lex.weak_place("Николаев").map(|p| p.key.clone());
        assert!(nikolaev.is_some());
        assert_eq!(lex.weak_place("Николаеве").map(|p| p.key.clone()), nikolaev);
        // `?Lincoln` on its line: `Линкольн` weak too
        assert!(lex.place("Линкольн").is_none());
        assert!(lex.weak_place("Линкольн").is_some());
        assert!(lex.place("ЯНАО").is_some());
        assert!(lex.place("Яна").is_none());
        for word in ["Итак", "Море", "Моря", "Сара", "Форда"] {
            assert!(lex.place(word).is_none(), "{word}");
        }
        assert!(lex.place("Łódź").is_some_and(|p| p.key == "lodz"));
        assert!(lex.place("Lodz").is_some_and(|p| p.key == "lodz"));
    }

    /// The head-first words are the part of `org_keywords.txt` after its
    /// `[head-first]` marker, and head words like the others; the marker
    /// itself is no word.
    #[test]
    fn head_first_words_are_their_section() {
        let lex = &*LEX;
        for w in ["servicio", "ministère", "banco", "comité"] {
            assert!(lex.romance_heads.contains(w), "{w}");
            assert!(lex.org_keywords.contains(w), "{w}");
        }
        for w in ["ministry", "kommission", "park", "sun"] {
            assert!(!lex.romance_heads.contains(w), "{w}");
        }
        assert!(!lex.org_keywords.iter().any(|w| w.contains("head-first")));
    }
}
