//! # Named actors in a report
//!
//! [`find`] lists the people, organisations, places and named events that a report
//! mentions, each with a grouping [`Mention::key`] under which the corpus gathers
//! the mentions of one actor across reports ("Sergei Lavrov", "Sergey Lavrov",
//! "Lavrov", "Лавров" and "Лаврова" all get `lavrov`).
//!
//! ## How names are found
//!
//! 1. **Chunking.** Runs of capitalised words in the report's lines (boilerplate
//!    lines skipped) are candidate names. A run goes on across "of", "for", "on",
//!    "and", "&" and "the" where a name does ("University of Texas", "Church of
//!    Scientology", "Food Standards of Australia and New Zealand"), across name
//!    particles ("Kevin De Bruyne", "bin"), across initials ("K.C. Maurer") and,
//!    after a title, across "to" ("Ambassador to NATO"). Possessive "'s", commas,
//!    quotes and sentence ends end a run.
//! 2. **Sentence starts and headlines.** A capitalised common word at the start of a
//!    sentence ("The", "After", "According") is dropped; a single unknown word at a
//!    sentence start is kept only when the report also writes it capitalised
//!    elsewhere, or something else vouches for it. Months, weekdays and pronouns
//!    are never names.
//! 3. **Titles and roles.** A leading title ("Russian Foreign Minister", "U.S.
//!    President", "Afghan Ambassador to the United States", "Mr") is cut off: the
//!    rest is a person whose [`Mention::role`] is the title; places and
//!    organisations named inside the title are mentions of their own. A lower-case
//!    title before a name ("coach Nabil Maaloul") also marks a person.
//! 4. **Typing**, strongest signal first: the [registry](crate::analysis::registry)
//!    of known actors; head words of organisations ("Ministry", "Council",
//!    "University", "Party", "Inc") and places ("Street", "Airport", "Museum");
//!    the place gazetteer (countries, capitals, major cities, US states, regions,
//!    with Russian forms); given names (English, international, Russian);
//!    romanised East Asian names ("Lee Cheuk-yan"); context ("X said", "in X",
//!    "X, Texas"); a final guess by shape (acronyms are organisations, two or three
//!    plain words a person).
//! 5. **One sense per report.** A surname or given name alone takes the type and
//!    key of the full name written elsewhere in the report ("Warhol" after "Andy
//!    Warhol", even "Paris" after "Valeska Paris"); a name typed weakly in one
//!    place takes the strongest type the report gives it elsewhere. In a report
//!    about a sports match, countries playing are teams (organisations).
//! 6. **Role phrases.** "Russia's top diplomat", "the foreign minister", "the
//!    minister" resolve to the person named earlier in the report whose role
//!    matches; they are mentions of that person with
//!    [`Mention::from_role`] set.
//!
//! Everything is pure: no I/O, and the gazetteers are data files in `lexicon/`
//! bundled at compile time.
//!
//! ## Keys
//!
//! A person's key is the surname, lower case, transliterated to Latin, with Russian
//! case endings removed ("lavrov"), or the registry's key. An organisation or place
//! has the registry's or gazetteer's key ("osce", "nato", "russia" for "Russia",
//! "the Russian Federation" and "Россия"); an unknown one a slug of its name. A
//! capital acting as an actor ("Moscow demands …") stays the place `moscow`.

use crate::analysis::lines;
use crate::analysis::registry::{cyrillic_stem, normalize, Registry};
use crate::analysis::text::{data_lines, is_cyrillic};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::LazyLock;

pub use crate::analysis::registry::MentionKind;
pub use crate::analysis::text::names::{surname_key, transliterate};

/// Words after which "of" goes on into the name: "Bank of England", "Gulf of
/// Aden", "Treaty of Versailles".
const OF_HEADS: &[&str] = &[
    "daughters",
    "sons",
    "friends",
    "bank",
    "republic",
    "kingdom",
    "state",
    "city",
    "gulf",
    "isle",
    "duke",
    "prince",
    "princess",
    "sea",
    "strait",
    "statue",
    "house",
    "people",
    "standards",
    "minister",
    "secretary",
    "chamber",
    "order",
    "knights",
    "army",
    "bay",
    "cape",
    "lake",
    "mount",
    "port",
    "university",
    "institute",
    "charter",
    "treaty",
    "convention",
    "declaration",
    "agreement",
    "protocol",
    "statute",
];

/// How strongly the evidence types a candidate mention (a higher strength wins
/// when two readings of the same words compete, and weak ones may be dropped
/// or marked doubtful). From a known actor down to a guess.
mod evidence {
    /// "Group G": a group named by a letter after an organisation word.
    pub const LETTER_LABEL: f32 = 3.0;
    /// The name (or its owner's form) is a known actor of the registry.
    pub const REGISTRY: f32 = 5.0;
    /// The name is a place of the gazetteer.
    pub const GAZETTEER: f32 = 4.0;
    /// "(KSC)" after "Kennedy Space Center": the short form of the name before.
    pub const ABBREVIATION: f32 = 4.0;
    /// A title of a work or a product: not an actor.
    pub const WORK_OR_PRODUCT: f32 = 3.0;
    /// Written in the plural elsewhere: a kind of thing.
    pub const PLURAL_CLASS: f32 = 2.0;
    /// A named event ("Brexit").
    pub const NAMED_EVENT: f32 = 4.0;
    /// "the Church", "the Army": a capitalised common noun used as a name.
    pub const CAPITALISED_COMMON_NOUN: f32 = 1.5;
    /// The name holds an organisation, place or event word ("Ministry", "River").
    pub const NAME_WITH_KEYWORD: f32 = 4.5;
    /// A known first name followed by another capitalised word.
    pub const FIRST_NAME_AND_SURNAME: f32 = 4.0;
    /// A name in the shape of an East Asian person's name.
    pub const EAST_ASIAN_NAME: f32 = 3.5;
    /// A person's name with a particle ("van", "al-").
    pub const NAME_PARTICLE: f32 = 3.0;
    /// "Valeska Paris, an Australian woman,": a person by apposition.
    pub const APPOSITIVE_PERSON: f32 = 3.0;
    /// "Environment Canada", "Air France": an agency or company of a country.
    pub const COUNTRY_AGENCY: f32 = 2.5;
    /// A short word in capitals: an organisation's acronym, guessed.
    pub const SHORT_ALL_CAPS: f32 = 2.0;
    /// ", Texas" after it: a town.
    pub const TOWN_BEFORE_STATE: f32 = 3.0;
    /// One word before or after a speech verb: more often an organisation.
    pub const ONE_WORD_SPEAKER: f32 = 1.0;
    /// Several words before or after a speech verb: a person.
    pub const SPEAKER: f32 = 2.5;
    /// A known first name on its own.
    pub const LONE_FIRST_NAME: f32 = 2.0;
    /// After "in" or "at": a place, guessed.
    pub const AFTER_LOCATIVE: f32 = 1.5;
    /// Two or three capitalised words: a person, guessed.
    pub const CAPITALISED_RUN: f32 = 1.0;
    /// Anything else capitalised: an organisation, guessed.
    pub const FALLBACK: f32 = 0.8;
    /// A one-word candidate at the start of a sentence weaker than this is
    /// doubtful (the capital may be the sentence's).
    pub const DOUBTFUL_BELOW: f32 = 3.0;
    /// A one-word candidate that is also a common word is dropped when its
    /// evidence is weaker than this.
    pub const COMMON_WORD_BELOW: f32 = 4.0;
}

/// One mention of a named actor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mention {
    /// Byte range of the name in the report (titles, a leading "the" and a
    /// possessive "'s" excluded).
    pub range: Range<usize>,
    /// The text in `range`.
    pub text: String,
    pub kind: MentionKind,
    /// Grouping key within and across reports: for a person the lower-case surname
    /// transliterated to Latin ("lavrov" for "Sergei Lavrov", "Lavrov", "Лаврова");
    /// for an organisation or place a normalised canonical name ("osce", "nato",
    /// "russia").
    pub key: String,
    /// A role or title seen in apposition ("Russian Foreign Minister"), or for a
    /// role phrase the phrase itself.
    pub role: Option<String>,
    /// The full name seen here or earlier in the report ("Sergei Lavrov").
    pub full: Option<String>,
    /// True when the mention is a role phrase ("Russia's top diplomat", "the
    /// minister") resolved to a person named earlier, not a name.
    pub from_role: bool,
}

/// Find the named actors of a report. `skip[i]` marks line `i` as boilerplate
/// (ignored); `registry` gives known actors and their aliases.
pub fn find(text: &str, skip: &[bool], registry: &Registry) -> Vec<Mention> {
    let lex = &*LEX;
    let mut doc = Doc::new(text, skip, lex, registry);
    doc.chunk_all();
    doc.resolve();
    let mut out = doc.into_mentions();
    out.extend(role_phrases(text, skip, &out, registry));
    out.sort_by_key(|m| (m.range.start, m.range.end));
    out
}

// ------------------------------------------------------------------ lexicon

/// A place from the gazetteer.
#[derive(Debug, Clone)]
struct Place {
    key: String,
    class: PlaceClass,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceClass {
    Country,
    Territory,
    Capital,
    City,
    State,
    Region,
    Feature,
}

struct Lexicon {
    /// normalised name -> place
    places: HashMap<String, Place>,
    /// Cyrillic stem form -> place
    place_stems: HashMap<String, Place>,
    /// lower-case demonym -> place key
    demonyms: HashMap<String, String>,
    first_names: HashSet<String>,
    first_name_stems: HashSet<String>,
    org_keywords: HashSet<String>,
    place_keywords: HashSet<String>,
    event_keywords: HashSet<String>,
    title_nouns: HashSet<String>,
    title_modifiers: HashSet<String>,
    common: HashSet<String>,
}

fn words_of(data: &str) -> impl Iterator<Item = &str> {
    data_lines(data).flat_map(|l| l.split_whitespace())
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut places = HashMap::default();
    let mut place_stems = HashMap::default();
    let mut demonyms = HashMap::default();
    for line in data_lines(include_str!("lexicon/places.txt")) {
        let f: Vec<&str> = line.split('|').collect();
        if f.len() < 3 {
            continue;
        }
        let class = match f[0] {
            "country" => PlaceClass::Country,
            "territory" => PlaceClass::Territory,
            "capital" => PlaceClass::Capital,
            "city" => PlaceClass::City,
            "state" => PlaceClass::State,
            "region" => PlaceClass::Region,
            _ => PlaceClass::Feature,
        };
        let place = Place {
            key: f[1].to_string(),
            class,
        };
        for name in f[2].split(';').filter(|n| !n.trim().is_empty()) {
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
        if let Some(ru) = f.get(4) {
            for name in ru.split(';').filter(|n| !n.trim().is_empty()) {
                let n = normalize(name);
                place_stems.insert(stem_words(&n), place.clone());
                places.entry(n).or_insert_with(|| place.clone());
            }
        }
    }
    let set = |data: &str| -> HashSet<String> { words_of(data).map(str::to_lowercase).collect() };
    let first_names = set(include_str!("lexicon/first_names.txt"));
    let first_name_stems = first_names
        .iter()
        .filter(|n| n.chars().any(is_cyrillic))
        .map(|n| cyrillic_stem(n))
        .collect();
    let titles = include_str!("lexicon/titles.txt");
    let (nouns, mods) = titles.split_once("\n[modifier]").unwrap_or((titles, ""));
    let nouns = nouns.replace("\n[noun]", "\n");
    Lexicon {
        places,
        place_stems,
        demonyms,
        first_names,
        first_name_stems,
        org_keywords: set(include_str!("lexicon/org_keywords.txt")),
        place_keywords: set(include_str!("lexicon/place_keywords.txt")),
        event_keywords: set(include_str!("lexicon/event_keywords.txt")),
        title_nouns: set(&nouns),
        title_modifiers: set(mods),
        common: set(include_str!("lexicon/common.txt")),
    }
});

fn stem_words(normalized: &str) -> String {
    normalized
        .split_whitespace()
        .map(cyrillic_stem)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Lexicon {
    fn place(&self, name: &str) -> Option<&Place> {
        let n = normalize(name);
        if let Some(p) = self.places.get(&n) {
            return Some(p);
        }
        if n.chars().any(is_cyrillic) {
            return self.place_stems.get(&stem_words(&n));
        }
        None
    }

    fn is_first_name(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        if self.first_names.contains(&w) {
            return true;
        }
        w.chars().any(is_cyrillic) && self.first_name_stems.contains(&cyrillic_stem(&w))
    }

    fn is_common(&self, word: &str) -> bool {
        self.common.contains(&word.to_lowercase())
    }

    fn is_demonym(&self, word: &str) -> bool {
        self.demonyms.contains_key(&word.to_lowercase())
    }

    fn is_title_noun(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.title_nouns.contains(&w) || RU_TITLES.iter().any(|t| w.starts_with(t))
    }

    fn is_title_modifier(&self, word: &str) -> bool {
        self.title_modifiers.contains(&word.to_lowercase())
    }
}

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

/// Russian head words (stems) of organisation names written "Министерство
/// иностранных дел": the capitalised first word, then lower-case words.
const RU_ORG_HEADS: [&str; 16] = [
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
];

/// Words that continue a name across a lower-case gap.
const PARTICLES: [&str; 17] = [
    "de", "van", "von", "der", "den", "bin", "ibn", "al", "da", "di", "du", "del", "della", "le",
    "la", "dos", "das",
];

/// Verbs of saying that follow a speaker.
const SAY_VERBS: [&str; 22] = [
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
const DOCUMENTS: [&str; 12] = [
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
const WORK_CUES: [&str; 52] = [
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
const VEHICLE_WORDS: [&str; 14] = [
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
const NON_NAME_ACRONYMS: [&str; 62] = [
    "iq", "vip", "vips", "gmt", "utc", "bst", "est", "pst", "cet", "html", "http", "https", "url",
    "pdf", "usb", "tv", "dna", "rna", "hiv", "aids", "gdp", "qc", "kc", "sc", "obe", "mbe", "cbe",
    "phd", "md", "ceo", "cfo", "coo", "cto", "mp", "mps", "mep", "faq", "cctv", "suv", "gps",
    "led", "atm", "pin", "id", "ai", "vr", "pc", "dvd", "cd", "mp3", "km", "mph", "kph", "rsvp",
    "potus", "flotus", "ngo", "ngos", "ufo", "sms", "lgbt", "ok",
];

/// Head words of newspapers that keep their "The" ("The Guardian", "The Times").
const PRESS_HEADS: [&str; 12] = [
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
const PRODUCT_SUFFIXES: [&str; 8] = ["VR", "XP", "HD", "SE", "GT", "XL", "OS", "3D"];

/// Compass words that qualify a place ("Kowloon West", "Territories East").
const COMPASS: [&str; 4] = ["north", "south", "east", "west"];

/// Nouns of an appositive that describes a person ("Valeska Paris, an Australian
/// woman, …").
const PERSON_NOUNS: [&str; 24] = [
    "man", "woman", "boy", "girl", "teenager", "child", "mother", "father", "son", "daughter",
    "wife", "husband", "resident", "citizen", "national", "native", "member", "veteran",
    "survivor", "victim", "activist", "student", "graduate", "former",
];

/// Events named by one word.
const NAMED_EVENTS: [&str; 9] = [
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
const SPORTS_CUES: [&str; 20] = [
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

// ------------------------------------------------------------------ tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Word,
    Num,
    /// "'s" after a word
    Poss,
    Punct,
}

#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    kind: Tk,
    /// First token of a sentence (or of a line).
    sent_start: bool,
    /// Index of the line in the text.
    line: usize,
}

/// Abbreviations written with a final dot that belongs to the word.
const DOT_ABBREVIATIONS: [&str; 34] = [
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "prof", "rev", "adm", "maj", "tech", "inc", "corp", "ltd", "co", "no", "vs", "mt", "ft",
    "cpl", "pres", "messrs", "hon", "ave", "blvd",
];

fn tokenize_line(text: &str, range: Range<usize>, line: usize, out: &mut Vec<Tok>) {
    let s = &text[range.clone()];
    let base = range.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| -> Option<char> { chars.get(k).map(|&(_, c)| c) };
    let off = |k: usize| -> usize { chars.get(k).map(|&(o, _)| o).unwrap_or(s.len()) };
    let first = out.len();
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        if c.is_alphabetic() {
            // a word with inner hyphens and apostrophes; initials with dots
            let mut j = k;
            loop {
                while j < n && chars[j].1.is_alphanumeric() {
                    j += 1;
                }
                match at(j) {
                    Some('-' | '\'' | '’' | '‑')
                        if at(j + 1).is_some_and(|c| c.is_alphanumeric())
                            && !(matches!(at(j), Some('\'' | '’'))
                                && matches!(at(j + 1), Some('s' | 'S'))
                                && !at(j + 2).is_some_and(|c| c.is_alphanumeric())) =>
                    {
                        j += 1;
                    }
                    Some('.') => {
                        let word = &s[off(start)..off(j)];
                        let last_seg = word.rsplit('.').next().unwrap_or(word);
                        let initial = last_seg.chars().count() == 1
                            && last_seg.chars().all(|c| c.is_alphabetic());
                        if initial && at(j + 1).is_some_and(|c| c.is_alphabetic()) {
                            // U.S / D.C — go on with the next letter
                            j += 1;
                        } else {
                            if initial || DOT_ABBREVIATIONS.contains(&word.to_lowercase().as_str())
                            {
                                j += 1;
                            }
                            break;
                        }
                    }
                    _ => break,
                }
            }
            out.push(Tok {
                start: base + off(start),
                end: base + off(j),
                kind: Tk::Word,
                sent_start: false,
                line,
            });
            // possessive
            if matches!(at(j), Some('\'' | '’'))
                && matches!(at(j + 1), Some('s' | 'S'))
                && !at(j + 2).is_some_and(|c| c.is_alphanumeric())
            {
                out.push(Tok {
                    start: base + off(j),
                    end: base + off(j + 2),
                    kind: Tk::Poss,
                    sent_start: false,
                    line,
                });
                j += 2;
            }
            k = j;
        } else if c.is_ascii_digit() {
            let mut j = k;
            while j < n
                && (chars[j].1.is_alphanumeric()
                    || (matches!(chars[j].1, ',' | '.' | ':' | '-')
                        && at(j + 1).is_some_and(|c| c.is_ascii_digit())))
            {
                j += 1;
            }
            out.push(Tok {
                start: base + off(start),
                end: base + off(j),
                kind: Tk::Num,
                sent_start: false,
                line,
            });
            k = j;
        } else {
            out.push(Tok {
                start: base + off(k),
                end: base + off(k + 1),
                kind: Tk::Punct,
                sent_start: false,
                line,
            });
            k += 1;
        }
    }
    // sentence starts
    let mut expect = true;
    #[allow(clippy::needless_range_loop)]
    for i in first..out.len() {
        let t = &out[i];
        let txt = &text[t.start..t.end];
        match t.kind {
            Tk::Punct => {
                if matches!(txt, "." | "!" | "?" | ":" | ";" | "•" | "|" | "…") {
                    expect = true;
                } else if matches!(txt, "\"" | "“" | "«" | "‘" | "'") && opens_quote(text, t) {
                    // a quotation starts a sentence of its own: "Hoping that …"
                    expect = true;
                } else if !matches!(
                    txt,
                    "\"" | "“" | "”" | "«" | "»" | "'" | "‘" | "(" | "[" | "-" | "—" | "–"
                ) {
                    expect = false;
                }
            }
            Tk::Word | Tk::Num => {
                out[i].sent_start = expect;
                // a dotted abbreviation that is not a title may end a sentence
                expect = txt.ends_with('.')
                    && !DOT_ABBREVIATIONS[..15]
                        .contains(&txt.trim_end_matches('.').to_lowercase().as_str())
                    && txt.chars().filter(|c| c.is_alphabetic()).count() > 1;
            }
            Tk::Poss => expect = false,
        }
    }
}

/// A quotation mark that opens a quotation: text right after it, and a space, an
/// opening bracket or the line start before it.
fn opens_quote(text: &str, t: &Tok) -> bool {
    let after = text[t.end..].chars().next();
    let before = text[..t.start].chars().next_back();
    after.is_some_and(|c| c.is_alphanumeric())
        && before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '['))
}

fn is_upper_start(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A capitalised word, or a name like "iPhone" / "eBay".
fn is_cap_word(w: &str) -> bool {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => {
            w.len() > 2 && cs.clone().next().is_some_and(|c| c.is_uppercase())
        }
        _ => false,
    }
}

fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

// ------------------------------------------------------------------ candidates

/// A typed candidate name.
#[derive(Debug, Clone)]
struct Cand {
    range: Range<usize>,
    kind: MentionKind,
    /// Evidence strength: 5 registry/keyword … 0.5 guess.
    strength: f32,
    key: String,
    role: Option<String>,
    full: Option<String>,
    /// a single word at a sentence start with only a guess for its type
    doubtful: bool,
    /// only the shape says what it is (no gazetteer, no context)
    guessed: bool,
    /// the place gazetteer said so (a country may be a team)
    gazetteer_country: bool,
    /// preceded by a locative preposition
    after_locative: bool,
    line: usize,
}

struct Doc<'a> {
    text: &'a str,
    lex: &'a Lexicon,
    reg: &'a Registry,
    toks: Vec<Tok>,
    cands: Vec<Cand>,
    /// words written in lower case somewhere in the report (Cyrillic: stems)
    lower_words: HashSet<String>,
    /// words written capitalised somewhere not at a sentence start
    mid_caps: HashSet<String>,
    /// title-case lines (headlines)
    title_lines: HashSet<usize>,
    sports: bool,
    /// capitalised words written also with a plural "s" ("Polaroid", "Polaroids"):
    /// kinds of things, both forms
    plural_class: HashSet<String>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, skip: &[bool], lex: &'a Lexicon, reg: &'a Registry) -> Doc<'a> {
        let mut toks = Vec::new();
        let line_ranges: Vec<Range<usize>> =
            lines::lines_with_ranges(text).map(|(r, _)| r).collect();
        for (i, range) in line_ranges.iter().cloned().enumerate() {
            if skip.get(i).copied().unwrap_or(false) {
                continue;
            }
            tokenize_line(text, range, i, &mut toks);
        }
        let mut lower_words = HashSet::default();
        let mut mid_caps = HashSet::default();
        let mut per_line: HashMap<usize, (usize, usize)> = HashMap::default();
        let mut sports_hits = 0;
        for t in &toks {
            if t.kind != Tk::Word {
                continue;
            }
            let w = &text[t.start..t.end];
            let lw = w.to_lowercase();
            if SPORTS_CUES.contains(&lw.as_str()) || lw == "world cup" {
                sports_hits += 1;
            }
            let e = per_line.entry(t.line).or_default();
            if lw.chars().count() > 3 {
                e.0 += 1;
                if is_upper_start(w) {
                    e.1 += 1;
                }
            }
            if w.chars().next().is_some_and(|c| c.is_lowercase()) {
                lower_words.insert(word_form(&lw));
            } else if !t.sent_start {
                mid_caps.insert(word_form(&lw));
            }
        }
        let is_cap_tok = |t: &Tok| {
            let w = &text[t.start..t.end];
            t.kind == Tk::Word && is_upper_start(w) && !is_all_caps(w)
        };
        let caps: HashSet<String> = toks
            .iter()
            .filter(|t| is_cap_tok(t))
            .map(|t| text[t.start..t.end].to_lowercase())
            .collect();
        // plurals written on their own, not as the last word of a longer name
        let lone: HashSet<String> = toks
            .iter()
            .enumerate()
            .filter(|&(k, t)| is_cap_tok(t) && (k == 0 || !is_cap_tok(&toks[k - 1])))
            .filter(|&(k, _)| toks.get(k + 1).is_none_or(|n| !is_cap_tok(n)))
            .map(|(_, t)| text[t.start..t.end].to_lowercase())
            .collect();
        let mut plural_class = HashSet::default();
        for w in &caps {
            let plural = format!("{w}s");
            if w.chars().count() >= 3
                && lone.contains(&plural)
                && caps.contains(&plural)
                && !lex.is_first_name(w)
                && !lex.is_common(w)
                && ![w, &plural]
                    .iter()
                    .any(|x| lex.org_keywords.contains(*x) || lex.place_keywords.contains(*x))
            {
                plural_class.insert(w.clone());
                plural_class.insert(plural);
            }
        }
        // Headlines in title case: nearly every longer word capitalised, and no
        // sentence inside.
        let title_lines = per_line
            .into_iter()
            .filter(|&(l, (n, caps))| {
                let line = line_ranges
                    .get(l)
                    .map(|r| text[r.clone()].trim())
                    .unwrap_or("");
                n >= 4 && caps * 100 >= n * 85 && !line.ends_with('.') && !line.contains(". ")
            })
            .map(|(l, _)| l)
            .collect();
        Doc {
            text,
            lex,
            reg,
            toks,
            cands: Vec::new(),
            lower_words,
            mid_caps,
            title_lines,
            sports: sports_hits >= 4,
            plural_class,
        }
    }

    fn w(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Tk::Word)
    }

    fn same_line(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.line == y.line,
            _ => false,
        }
    }

    fn cap(&self, i: usize) -> bool {
        self.is_word(i) && is_cap_word(self.w(i))
    }

    fn lower(&self, i: usize) -> String {
        self.w(i).to_lowercase()
    }

    /// Walk the tokens and collect candidate chunks.
    fn chunk_all(&mut self) {
        let mut i = 0;
        let mut deferred = Vec::new();
        while i < self.toks.len() {
            if !self.cap(i) {
                i += 1;
                continue;
            }
            let end = self.extend_chunk(i);
            let words: Vec<usize> = (i..end).collect();
            if self.title_lines.contains(&self.toks[i].line) {
                deferred.push(words);
            } else {
                self.process_chunk(&words);
            }
            i = end.max(i + 1);
        }
        // Title-case lines last, against the names the body wrote.
        let known: HashSet<String> = self
            .cands
            .iter()
            .map(|c| normalize(&self.text[c.range.clone()]))
            .collect();
        for words in deferred {
            self.process_title_case(&words, &known);
        }
    }

    /// The end (exclusive token index) of the chunk starting at `i`.
    fn extend_chunk(&self, i: usize) -> usize {
        if let Some(end) = self.russian_organisation_end(i) {
            return end;
        }
        let mut end = i + 1;
        let mut has_of = false;
        loop {
            let j = end;
            if j >= self.toks.len() || !self.same_line(i, j) {
                break;
            }
            let prev = self.w(j - 1);
            if self.cap(j) {
                // After a dotted abbreviation, go on only into a name.
                if prev.ends_with('.')
                    && !prev
                        .chars()
                        .take_while(|c| *c != '.')
                        .all(|c| c.is_uppercase())
                {
                    // "Mr." / "Dr." go on
                    if !DOT_ABBREVIATIONS
                        .contains(&prev.trim_end_matches('.').to_lowercase().as_str())
                    {
                        break;
                    }
                }
                if prev.ends_with('.') && self.lex.is_common(self.w(j)) {
                    break;
                }
                if self.toks[j].sent_start && prev.ends_with('.') && self.lex.is_common(self.w(j)) {
                    break;
                }
                end += 1;
                continue;
            }
            if !self.is_word(j) {
                // digits inside a name: "Movimento 5 Stelle"
                if self.toks[j].kind == Tk::Num && self.cap(j + 1) && self.same_line(j, j + 1) {
                    end += 2;
                    continue;
                }
                if self.w(j) == "&" && self.cap(j + 1) {
                    end += 2;
                    continue;
                }
                break;
            }
            let lw = self.lower(j);
            let mut next = j + 1;
            if matches!(lw.as_str(), "of" | "for" | "on" | "to" | "and")
                && self.w(next.min(self.toks.len() - 1)) == "the"
            {
                next += 1;
            }
            if !self.cap(next) || !self.same_line(j, next) {
                break;
            }
            if !self.joins_name(i, j, &lw, next, end, has_of) {
                // a registry name that goes on across a lower-case word
                match self.registry_name_across(i, next) {
                    Some(e) => {
                        end = e;
                        continue;
                    }
                    None => break,
                }
            }
            if lw == "of" || lw == "for" || lw == "on" {
                has_of = true;
            }
            end = next + 1;
        }
        end
    }

    /// Russian organisation names: a capitalised head word ("Министерство"),
    /// then lower-case words up to the next capitalised one ("Министерство
    /// иностранных дел России"): the end of the name, if it is one.
    fn russian_organisation_end(&self, i: usize) -> Option<usize> {
        if !(self.w(i).chars().any(is_cyrillic)
            && RU_ORG_HEADS.iter().any(|h| self.lower(i).starts_with(h)))
        {
            return None;
        }
        let mut j = i + 1;
        while j < self.toks.len() && j < i + 6 && self.is_word(j) && self.same_line(i, j) {
            let w = self.w(j);
            if !w.chars().any(is_cyrillic) {
                break;
            }
            j += 1;
            if is_upper_start(w) {
                break;
            }
        }
        (j > i + 1 && is_upper_start(self.w(j - 1))).then_some(j)
    }

    /// Does the lower-case word `j` (`lw`, lower-cased) join the capitalised
    /// words before it (from `i`, the chunk so far ending at `end`) to those
    /// after it (from `next`, past a "the")? "Bank of England", "Ministry for
    /// Foreign Affairs", "University at Buffalo", "Trinidad and Tobago",
    /// "Ludwig van Beethoven".
    fn joins_name(
        &self,
        i: usize,
        j: usize,
        lw: &str,
        next: usize,
        end: usize,
        has_of: bool,
    ) -> bool {
        let prev = self.w(j - 1);
        let prev_l = prev.to_lowercase();
        let prev_kw = self.lex.org_keywords.contains(&prev_l)
            || self.lex.place_keywords.contains(&prev_l)
            || self.lex.event_keywords.contains(&prev_l);
        match lw {
            "of" => prev_kw || self.lex.is_title_noun(prev) || OF_HEADS.contains(&prev_l.as_str()),
            "for" | "on" => prev_kw && !self.w(next).chars().any(|c| c.is_ascii_digit()),
            "at" => self.lower(i) == "university",
            // not across "and" into a second name: "Massachusetts Institute of
            // Technology and Colorado State University"
            "and" => {
                next == j + 1
                    && !self.lex.org_keywords.contains(&prev_l)
                    && !self.lex.place_keywords.contains(&prev_l)
                    && (has_of || self.right_run_ends_in_keyword(next))
            }
            "to" => self.lex.is_title_noun(prev),
            w if PARTICLES.contains(&w) => next == j + 1 && end - i <= 2,
            _ => false,
        }
    }

    /// The end of a registry name that starts at `i` and goes on across a
    /// lower-case word, up to a few words past `next` ("Organization for
    /// Security and Co-operation in Europe"), if there is one.
    fn registry_name_across(&self, i: usize, next: usize) -> Option<usize> {
        let mut e = next + 1;
        let mut found = None;
        while e <= self.toks.len() && e <= next + 3 {
            if self
                .reg
                .lookup_name(&self.span_text(&(i..e).collect::<Vec<_>>()))
                .is_some()
            {
                found = Some(e);
            }
            if e >= self.toks.len() || !self.cap(e) {
                break;
            }
            e += 1;
        }
        found
    }

    fn right_run_ends_in_keyword(&self, mut j: usize) -> bool {
        let mut last = None;
        while self.cap(j) {
            last = Some(j);
            j += 1;
        }
        last.is_some_and(|l| {
            let lw = self.lower(l);
            self.lex.org_keywords.contains(&lw) || self.lex.place_keywords.contains(&lw)
        })
    }

    /// Turn one chunk (token indices, words and connectors) into candidates.
    fn process_chunk(&mut self, words: &[usize]) {
        let mut ws: Vec<usize> = words.to_vec();
        // Drop leading common words (sentence starts, months, weekdays, "The").
        while let Some(&f) = ws.first() {
            let w = self.w(f);
            let common = self.lex.is_common(w) && !self.lex.is_title_noun(w) && !is_all_caps(w);
            let drop = if !self.is_word(f) || !self.cap(f) {
                true
            } else if common {
                // a known name that starts with the word ("New Zealand Herald");
                // a leading "The" is never part of a name
                let known = w != "The"
                    && (1..=ws.len()).any(|e| {
                        let t = self.span_text(&ws[..e]);
                        self.reg.lookup_name(&t).is_some() || self.lex.place(&t).is_some()
                    });
                // "The Guardian", "The Times": "The" and one head word of a paper
                let the_name = w == "The"
                    && ws.len() == 2
                    && PRESS_HEADS.contains(&self.lower(ws[1]).as_str());
                !(known || the_name)
            } else if self.toks[f].sent_start && ws.len() > 1 {
                // "Sensitive Canadian document …", "Nonpartisan Paul Tse": a word
                // the report also writes in lower case opens the sentence
                let lw = word_form(&w.to_lowercase());
                self.lower_words.contains(&lw)
                    && !self.lex.is_first_name(w)
                    && !self.lex.org_keywords.contains(&lw)
                    && self.lex.place(w).is_none()
                    && self.reg.lookup_name(&self.span_text(&ws)).is_none()
            } else {
                false
            };
            if !drop {
                break;
            }
            ws.remove(0);
        }
        // Drop trailing connectors and trailing common words.
        while let Some(&l) = ws.last() {
            let ll = self.lower(l);
            // "Warhol Polaroids": a kind of thing after a name
            if ws.len() > 1 && ll.ends_with('s') && self.plural_class.contains(&word_form(&ll)) {
                ws.pop();
                continue;
            }
            // "UK Government", "Irving Police": an organisation's head word
            if ws.len() > 1 && self.cap(l) && self.lex.org_keywords.contains(&ll) {
                break;
            }
            if self.is_word(l) && self.cap(l) && !self.lex.is_common(self.w(l)) {
                break;
            }
            if self.is_word(l) && self.cap(l) && ws.len() > 1 {
                // "NATO Wednesday"
                ws.pop();
                continue;
            }
            if !self.cap(l) {
                ws.pop();
                continue;
            }
            break;
        }
        if ws.is_empty() {
            return;
        }
        // Titles and roles.
        if let Some((role_end, places)) = self.role_prefix(&ws) {
            let role = self.span_text(&ws[..role_end]);
            for (a, b) in places {
                self.add_typed(&ws[a..b], None, 0.0);
            }
            let rest: Vec<usize> = ws[role_end..].to_vec();
            let owner_start = rest
                .iter()
                .position(|&i| !matches!(self.w(i), "of" | "to" | "the" | "for" | "at" | "and"))
                .unwrap_or(rest.len());
            if owner_start > 0 {
                // "Co-founder of Google": the rest names the owner of the role
                if owner_start < rest.len() {
                    self.process_chunk(&rest[owner_start..]);
                }
            } else if !rest.is_empty() {
                self.add_person(&rest, Some(role), 5.0);
            }
            return;
        }
        // A known place or organisation, then a person: split.
        if ws.len() >= 3 {
            for cut in (1..ws.len() - 1).rev() {
                if !self.cap(ws[cut]) || !self.lex.is_first_name(self.w(ws[cut])) {
                    continue;
                }
                let head = self.span_text(&ws[..cut]);
                // "NASA Bill Ingalls", "University of Texas Arlington Amneh Jafari"
                let named_head = (cut == 1 && is_all_caps(&head))
                    || self.keyword_kind(&ws[..cut]).is_some_and(|k| {
                        matches!(k, MentionKind::Organization | MentionKind::Place)
                    });
                let tail_is_name = self.keyword_kind(&ws[cut..]).is_some()
                    || self.keyword_kind_one(*ws.last().unwrap()).is_some();
                if (self.reg.lookup_name(&head).is_some()
                    || self.lex.place(&head).is_some()
                    || named_head)
                    && !tail_is_name
                {
                    let (a, b) = (ws[..cut].to_vec(), ws[cut..].to_vec());
                    let role = self.title_lookback(a[0]).map(|s| {
                        let end = self.toks[*a.last().unwrap()].end;
                        self.text[self.toks[s].start..end].to_string()
                    });
                    self.add_typed(&a, None, 0.0);
                    self.add_person(&b, role, 3.5);
                    return;
                }
            }
        }
        let role = self.lowercase_role_before(ws[0]);
        if let Some(role) = role {
            let text = self.span_text(&ws);
            let known_non_person = self
                .reg
                .lookup_name(&text)
                .is_some_and(|e| e.kind != MentionKind::Person)
                || self.lex.place(&text).is_some()
                || self.keyword_kind(&ws).is_some();
            if !known_non_person {
                self.add_person(&ws, Some(role), 4.0);
                return;
            }
        }
        self.add_typed(&ws, None, 0.0);
    }

    /// In a title-case line, keep the longest known names only.
    fn process_title_case(&mut self, ws: &[usize], known: &HashSet<String>) {
        let mut a = 0;
        while a < ws.len() {
            let mut taken = 0;
            for b in (a + 1..=ws.len().min(a + 6)).rev() {
                let t = self.span_text(&ws[a..b]);
                if !self.cap(ws[a]) || !self.cap(ws[b - 1]) {
                    continue;
                }
                if known.contains(&normalize(&t))
                    || self.reg.lookup_name(&t).is_some()
                    || self.lex.place(&t).is_some()
                {
                    taken = b - a;
                    break;
                }
            }
            if taken > 0 {
                let span = ws[a..a + taken].to_vec();
                self.add_typed(&span, None, 0.0);
                a += taken;
            } else {
                // Kept for now; dropped in `resolve` unless the body names it.
                let span = ws[a..a + 1].to_vec();
                if self.cap(span[0]) && !self.lex.is_common(self.w(span[0])) {
                    self.add_typed(&span, None, 0.0);
                    if let Some(c) = self.cands.last_mut() {
                        c.doubtful = true;
                    }
                }
                a += 1;
            }
        }
    }

    /// The text of a span of tokens (from the first token's start to the last
    /// token's end).
    fn span_text(&self, ws: &[usize]) -> String {
        match (ws.first(), ws.last()) {
            (Some(&a), Some(&b)) => self.text[self.toks[a].start..self.toks[b].end].to_string(),
            _ => String::new(),
        }
    }

    /// If the chunk starts with a title ("Russian Foreign Minister", "U.S.
    /// President", "Ambassador to the United States"), the number of tokens of the
    /// title and the places/organisations named in it (ranges into `ws`).
    ///
    /// An organisation before the title is its owner ("NASA Administrator Charles
    /// Bolden", "Refugee Council chief executive …"): it is a mention of its own
    /// when it is known or looks like a name, and part of the role text otherwise.
    #[allow(clippy::type_complexity)]
    fn role_prefix(&self, ws: &[usize]) -> Option<(usize, Vec<(usize, usize)>)> {
        if let Some(r) = self.role_prefix_from(ws, 0) {
            return Some(r);
        }
        let p = (1..ws.len().saturating_sub(1)).find(|&p| self.lex.is_title_noun(self.w(ws[p])))?;
        let mut t0 = p;
        while t0 > 0 && self.lex.is_title_modifier(self.w(ws[t0 - 1])) {
            t0 -= 1;
        }
        if t0 == 0 {
            return None;
        }
        let (end, mut places) = self.role_prefix_from(ws, t0)?;
        if end >= ws.len() {
            return None;
        }
        let owner = self.span_text(&ws[..t0]);
        let owner_is_name = self.reg.lookup_name(&owner).is_some()
            || self.lex.place(&owner).is_some()
            || (t0 == 1 && is_all_caps(&owner))
            || self.keyword_kind(&ws[..t0]).is_some();
        if owner_is_name {
            places.insert(0, (0, t0));
        }
        Some((end, places))
    }

    #[allow(clippy::type_complexity)]
    fn role_prefix_from(&self, ws: &[usize], start: usize) -> Option<(usize, Vec<(usize, usize)>)> {
        let mut k = start;
        let mut last_noun = None;
        let mut places = Vec::new();
        let mut after_to = false;
        // the end of the role so far: title words, and places or organisations
        // after "of"/"to"; a modifier after a connector ("Director of the
        // National …") is the start of the owner's name, not part of the role
        let mut role_end = start;
        let mut after_connector = false;
        while k < ws.len() {
            let w = self.w(ws[k]);
            let lw = w.to_lowercase();
            if self.lex.is_title_noun(w)
                && !(k + 1 < ws.len()
                    && self
                        .lex
                        .org_keywords
                        .contains(&self.lower(ws[ws.len() - 1])))
            {
                last_noun = Some(k);
                k += 1;
                role_end = k;
                after_connector = false;
                continue;
            }
            if matches!(lw.as_str(), "of" | "to" | "the" | "for" | "and") {
                after_to = after_to || lw == "to" || lw == "of";
                // "Minister of Education" is a role, "Director of the National
                // [Iodine Nutrition study]" is not
                after_connector = after_connector || lw == "the";
                k += 1;
                continue;
            }
            if self.lex.is_title_modifier(w) || self.lex.is_demonym(w) {
                if self.lex.place(w).is_some() {
                    places.push((k, k + 1));
                }
                k += 1;
                if !after_connector {
                    role_end = k;
                }
                continue;
            }
            // a place or organisation: longest match
            let mut matched = 0;
            for b in (k + 1..=ws.len().min(k + 5)).rev() {
                let t = self.span_text(&ws[k..b]);
                let is_place = self.lex.place(&t).is_some();
                let is_org = self
                    .reg
                    .lookup_name(&t)
                    .is_some_and(|e| e.kind != MentionKind::Person);
                // "CEO of the Refugee Council [Enver Solomon]"
                let is_named_owner = after_to
                    && b - k >= 2
                    && b < ws.len()
                    && self.keyword_kind(&ws[k..b]).is_some_and(|kk| {
                        matches!(kk, MentionKind::Organization | MentionKind::Place)
                    });
                if is_place || (is_org && (after_to || k == start)) || is_named_owner {
                    matched = b - k;
                    break;
                }
            }
            if matched > 0 && (last_noun.is_none() || after_to) {
                places.push((k, k + matched));
                k += matched;
                role_end = k;
                after_connector = false;
                continue;
            }
            break;
        }
        let noun = last_noun?;
        // the role ends at the first token after the last title word that is not
        // part of the title; trailing connectors are not part of it
        let mut end = role_end.max(noun + 1);
        while end > noun + 1
            && matches!(
                self.lower(ws[end - 1]).as_str(),
                "of" | "to" | "the" | "for" | "and"
            )
        {
            end -= 1;
        }
        places.retain(|&(_, b)| b <= end);
        // "General Motors", "Major League": a single title word before an
        // organisation or place name is not a role
        if end < ws.len() && end == start + 1 {
            let rest = self.span_text(&ws[end..]);
            if self
                .keyword_kind(&ws[end..])
                .is_some_and(|k| k != MentionKind::Person)
                || self
                    .reg
                    .lookup_name(&rest)
                    .is_some_and(|e| e.kind != MentionKind::Person)
                || self.lex.place(&rest).is_some()
            {
                return None;
            }
        }
        // "Church", "President" alone: a role without a name is no mention
        Some((end, places))
    }

    /// A title word within the four words before token `i` on its line, with only
    /// words between ("министр иностранных дел [России]"): its token index.
    fn title_lookback(&self, i: usize) -> Option<usize> {
        let mut q = i;
        for _ in 0..4 {
            if q == 0 || !self.is_word(q - 1) || !self.same_line(q - 1, q) {
                return None;
            }
            q -= 1;
            if self.lex.is_title_noun(self.w(q)) {
                return Some(q);
            }
        }
        None
    }

    /// A lower-case title right before token `i`: "coach", "foreign minister",
    /// "team member", "Russia's FM".
    fn lowercase_role_before(&self, i: usize) -> Option<String> {
        if i == 0 || !self.is_word(i - 1) || !self.same_line(i - 1, i) {
            return None;
        }
        let p = i - 1;
        let w = self.w(p);
        if !w.chars().next().is_some_and(|c| c.is_lowercase()) {
            return None;
        }
        if !self.lex.is_title_noun(w) && !matches!(w, "member" | "player" | "officer" | "boss") {
            return self.title_to_role_before(p);
        }
        // extend left over lower-case modifiers and one possessive owner
        let mut s = p;
        while s > 0 && self.same_line(s - 1, s) {
            let q = s - 1;
            match self.toks[q].kind {
                Tk::Word => {
                    let qw = self.w(q);
                    let lower = qw.chars().next().is_some_and(|c| c.is_lowercase());
                    if lower
                        && (self.lex.is_title_modifier(qw)
                            || self.lex.is_title_noun(qw)
                            || qw == "team")
                    {
                        s = q;
                        continue;
                    }
                    if !lower && self.lex.is_demonym(qw) {
                        s = q;
                    }
                    break;
                }
                Tk::Poss if q > 0 && self.cap(q - 1) => {
                    s = q - 1;
                    break;
                }
                _ => break,
            }
        }
        Some(self.text[self.toks[s].start..self.toks[p].end].to_string())
    }

    /// "US Permanent Representative to the alliance [Julian Smith]": a capitalised
    /// title, "to"/"of" and a lower-case word ending at token `p`.
    fn title_to_role_before(&self, p: usize) -> Option<String> {
        let mut q = p.checked_sub(1)?;
        if self.is_word(q) && self.w(q) == "the" {
            q = q.checked_sub(1)?;
        }
        if !self.is_word(q) || !matches!(self.w(q), "to" | "of" | "at") || q == 0 {
            return None;
        }
        let t = q - 1;
        if !self.is_word(t)
            || !self.cap(t)
            || !self.lex.is_title_noun(self.w(t))
            || !self.same_line(t, p)
        {
            return None;
        }
        let mut s = t;
        while s > 0 && self.is_word(s - 1) && self.cap(s - 1) && self.same_line(s - 1, s) {
            let w = self.w(s - 1);
            if self.lex.is_title_noun(w)
                || self.lex.is_title_modifier(w)
                || self.lex.is_demonym(w)
                || self.lex.place(w).is_some()
            {
                s -= 1;
            } else {
                break;
            }
        }
        Some(self.text[self.toks[s].start..self.toks[p].end].to_string())
    }

    /// The organisation / place / event type that the head words give.
    fn keyword_kind(&self, ws: &[usize]) -> Option<MentionKind> {
        let kw = |i: usize| -> Option<MentionKind> {
            let lw = self.lower(i);
            if self.lex.org_keywords.contains(&lw) {
                Some(MentionKind::Organization)
            } else if self.lex.place_keywords.contains(&lw) {
                Some(MentionKind::Place)
            } else if self.lex.event_keywords.contains(&lw) {
                Some(MentionKind::Event)
            } else {
                None
            }
        };
        let words: Vec<usize> = ws.iter().copied().filter(|&i| self.cap(i)).collect();
        if words.len() < 2 {
            return None;
        }
        let last = *words.last()?;
        if let Some(k) = kw(last) {
            return Some(k);
        }
        let is_doc = |i: usize| DOCUMENTS.contains(&self.lower(i).as_str());
        if is_doc(last)
            || ws
                .iter()
                .position(|&i| self.lower(i) == "of")
                .is_some_and(|p| p > 0 && is_doc(ws[p - 1]))
        {
            return Some(MentionKind::Other);
        }
        if words[1..words.len() - 1]
            .iter()
            .any(|&i| self.lex.event_keywords.contains(&self.lower(i)))
            && self.lex.place(self.w(last)).is_some()
        {
            return Some(MentionKind::Event);
        }
        // "University of X": the word before the first "of"/"for"/"on"
        if let Some(p) = ws
            .iter()
            .position(|&i| matches!(self.lower(i).as_str(), "of" | "for" | "on"))
        {
            if p > 0 {
                if let Some(k) = kw(ws[p - 1]) {
                    return Some(k);
                }
            }
        }
        // Russian "Министерство иностранных дел России"
        let first = self.lower(ws[0]);
        if first.chars().any(is_cyrillic) && RU_ORG_HEADS.iter().any(|h| first.starts_with(h)) {
            return Some(MentionKind::Organization);
        }
        None
    }

    fn keyword_kind_one(&self, i: usize) -> Option<MentionKind> {
        let lw = self.lower(i);
        if self.lex.org_keywords.contains(&lw) {
            Some(MentionKind::Organization)
        } else if self.lex.place_keywords.contains(&lw) {
            Some(MentionKind::Place)
        } else if self.lex.event_keywords.contains(&lw) {
            Some(MentionKind::Event)
        } else {
            None
        }
    }

    fn add_person(&mut self, ws: &[usize], role: Option<String>, strength: f32) {
        let (a, b) = (self.toks[ws[0]].start, self.toks[*ws.last().unwrap()].end);
        let text = &self.text[a..b];
        let (key, full) = match self.reg.lookup_name(text) {
            Some(e) if e.kind == MentionKind::Person => (e.key.clone(), None),
            _ => (person_key(text), None),
        };
        let full = full.or_else(|| {
            (ws.iter().filter(|&&i| self.cap(i)).count() >= 2).then(|| text.to_string())
        });
        self.cands.push(Cand {
            range: a..b,
            kind: MentionKind::Person,
            strength,
            key,
            role,
            full,
            doubtful: false,
            guessed: false,
            gazetteer_country: false,
            after_locative: self.after_locative(ws[0]),
            line: self.toks[ws[0]].line,
        });
    }

    fn after_locative(&self, i: usize) -> bool {
        let mut p = i;
        // skip a "the"
        if p > 0 && self.is_word(p - 1) && self.w(p - 1) == "the" {
            p -= 1;
        }
        p > 0
            && self.is_word(p - 1)
            && matches!(
                self.w(p - 1),
                "in" | "near" | "outside" | "across" | "throughout" | "в" | "во"
            )
    }

    /// Type a span and add it as a candidate.
    fn add_typed(&mut self, ws: &[usize], role: Option<String>, min_strength: f32) {
        if ws.is_empty() {
            return;
        }
        let first = ws[0];
        let last = *ws.last().unwrap();
        let (a, b) = (self.toks[first].start, self.toks[last].end);
        let text = self.text[a..b].to_string();
        let lw = text.to_lowercase();
        let single = ws.len() == 1;
        let sent_start = self.toks[first].sent_start;
        let after_loc = self.after_locative(first);
        let mut c = Cand {
            range: a..b,
            kind: MentionKind::Other,
            strength: 0.0,
            key: slug(&text),
            role,
            full: None,
            doubtful: false,
            guessed: false,
            gazetteer_country: false,
            after_locative: after_loc,
            line: self.toks[first].line,
        };
        if self.is_no_name(ws, &text, &lw) {
            return;
        }
        // "Protected B", "Plan B" are labels; "Group G" is a group
        if !single {
            let lt = self.w(last);
            if lt.chars().count() == 1 && lt.chars().all(|ch| ch.is_uppercase()) {
                let prev = ws[ws.len() - 2];
                if self.lex.org_keywords.contains(&self.lower(prev)) {
                    c.kind = MentionKind::Organization;
                    c.strength = evidence::LETTER_LABEL;
                    c.key = org_key(&text, self.lex);
                    self.cands.push(c);
                }
                return;
            }
            // "Kowloon West": the place without the compass word
            if COMPASS.contains(&self.lower(last).as_str()) && self.lex.place(&text).is_none() {
                let head: Vec<usize> = ws[..ws.len() - 1].to_vec();
                if self.cap(*head.last().unwrap()) {
                    self.add_typed(&head, c.role, min_strength);
                }
                return;
            }
        }
        if !self.type_by_evidence(&mut c, ws, &text, &lw) {
            return;
        }
        c.strength = c.strength.max(min_strength);
        if single && sent_start && c.strength < evidence::DOUBTFUL_BELOW {
            c.doubtful = true;
        }
        if single
            && self.lex.is_common(&text)
            && !is_all_caps(&text)
            && c.strength < evidence::COMMON_WORD_BELOW
        {
            return;
        }
        self.cands.push(c);
    }

    /// Words that are no name whatever their capitals: contractions ("I’m"),
    /// single letters, hashtags and accounts, attitudes ("Pro-Beijing"),
    /// acronyms of things, words in capitals for emphasis, currencies.
    fn is_no_name(&self, ws: &[usize], text: &str, lw: &str) -> bool {
        let (first, last) = (ws[0], ws[ws.len() - 1]);
        let single = ws.len() == 1;
        if single && (text.contains('\'') || text.contains('’')) {
            // "I’m", "Don't"
            let head = text.split(['\'', '’']).next().unwrap_or("");
            if self.lex.is_common(head) || head == "I" {
                return true;
            }
        }
        if single && self.reg.lookup_name(text).is_none() {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let lower_tail = text
                .rsplit('-')
                .next()
                .is_some_and(|t| t.chars().all(|c| c.is_lowercase()));
            if letters <= 1 || (text.contains('-') && lower_tail) {
                // "C" (of "34.1 C"), "US-led"
                return true;
            }
        }
        // "#IStandWithAhmed", "@POTUS": hashtags and accounts are no actors
        if first > 0
            && matches!(self.w(first - 1), "#" | "@")
            && self.toks[first - 1].end == self.toks[first].start
        {
            return true;
        }
        // "Pro-Beijing", "Anti-Japanese": an attitude, not a name
        if single
            && ["pro-", "anti-", "pan-", "non-", "ex-", "post-", "pre-"]
                .iter()
                .any(|p| lw.starts_with(p))
        {
            return true;
        }
        let bare = lw.replace('.', "");
        if single && NON_NAME_ACRONYMS.contains(&bare.as_str()) {
            return true;
        }
        // "UNLESS": an ordinary word in capitals for emphasis
        if single && is_all_caps(text) && text.chars().count() >= 4 && self.lex.is_common(lw) {
            return true;
        }
        // "US$ 20,000", "NZ $ 26 million": a currency
        if self.toks.get(last + 1).is_some_and(|t| t.kind == Tk::Punct)
            && self.w(last + 1) == "$"
            && self.same_line(last, last + 1)
        {
            return true;
        }
        false
    }

    /// Type the candidate `c` for the words `ws` by the strongest evidence there
    /// is (see [`evidence`]): its kind, key and strength. False when the words
    /// turn out to be no actor.
    ///
    /// Long on purpose: it is one decision list, the strongest evidence first,
    /// and the order of its branches is the order of precedence; cut into
    /// pieces it would hide that order.
    fn type_by_evidence(&self, c: &mut Cand, ws: &[usize], text: &str, lw: &str) -> bool {
        let (first, last) = (ws[0], ws[ws.len() - 1]);
        let single = ws.len() == 1;
        let sent_start = self.toks[first].sent_start;
        let after_loc = c.after_locative;
        let followed_by_say = {
            let mut n = last + 1;
            // "Smith, the minister, said" is not handled; "Smith said" is
            if n < self.toks.len() && self.toks[n].kind == Tk::Punct && self.w(n) == "," {
                n = usize::MAX;
            }
            n < self.toks.len() && self.is_word(n) && SAY_VERBS.contains(&self.w(n))
        };
        let preceded_by_say = first >= 1
            && self.is_word(first - 1)
            && SAY_VERBS.contains(&self.w(first - 1))
            && !self.cap(first - 1);
        // ", Texas" after it: a town
        let before_state = last + 2 < self.toks.len()
            && self.w(last + 1) == ","
            && self.same_line(last, last + 2)
            && self.lex.place(self.w(last + 2)).is_some_and(|p| {
                matches!(
                    p.class,
                    PlaceClass::State | PlaceClass::Country | PlaceClass::Territory
                )
            });

        let single_kw = single
            && (self.lex.org_keywords.contains(lw)
                || self.lex.place_keywords.contains(lw)
                || self.lex.event_keywords.contains(lw));
        let owner_form = (first >= 2 && self.toks[first - 1].kind == Tk::Poss)
            .then(|| format!("{}'s {}", self.w(first - 2), text));
        // "Who" is not the WHO
        let trust_registry = !(single && self.lex.is_common(text) && !is_all_caps(text));
        let entry = self
            .reg
            .lookup_name(text)
            .filter(|_| trust_registry)
            .or_else(|| {
                owner_form
                    .as_deref()
                    .and_then(|f| self.reg.lookup_name(f))
                    .filter(|e| e.kind != MentionKind::Person)
            });
        if let Some(e) = entry {
            c.kind = e.kind;
            c.key = e.key.clone();
            c.strength = evidence::REGISTRY;
            if e.kind == MentionKind::Person && ws.len() >= 2 {
                c.full = Some(text.to_string());
            }
        } else if let Some(p) = self.lex.place(text) {
            c.kind = MentionKind::Place;
            c.key = p.key.clone();
            c.strength = evidence::GAZETTEER;
            c.gazetteer_country = matches!(p.class, PlaceClass::Country | PlaceClass::Territory);
        } else if single && (self.lex.is_demonym(text) || self.is_plural_demonym(lw)) {
            return false;
        } else if let Some((kind, key)) = self.parenthesised_abbreviation(ws) {
            // "Kennedy Space Center (KSC)": the short form of the name before
            c.kind = kind;
            c.key = key;
            c.strength = evidence::ABBREVIATION;
        } else if self.is_work_or_product(ws) {
            c.kind = MentionKind::Other;
            c.strength = evidence::WORK_OR_PRODUCT;
        } else if single && sent_start && (lw.ends_with("ing") || lw.ends_with("ed")) {
            // "Leaving …", "Prompted …": a verb form opening a sentence
            return false;
        } else if self.plural_class.contains(&word_form(lw)) {
            // "Polaroid" / "Polaroids": a kind of thing, written in the plural too
            c.kind = MentionKind::Other;
            c.strength = evidence::PLURAL_CLASS;
        } else if single && NAMED_EVENTS.contains(&lw) {
            c.kind = MentionKind::Event;
            c.strength = evidence::NAMED_EVENT;
        } else if single_kw {
            // "the Church", "the Army": a capitalised common noun used as a name
            let the_before = first > 0 && self.is_word(first - 1) && self.w(first - 1) == "the";
            if !the_before || sent_start {
                return false;
            }
            c.kind = self
                .keyword_kind_one(first)
                .unwrap_or(MentionKind::Organization);
            c.strength = evidence::CAPITALISED_COMMON_NOUN;
        } else if let Some(k) = self.keyword_kind(ws) {
            c.kind = k;
            c.strength = evidence::NAME_WITH_KEYWORD;
            c.key = org_key(text, self.lex);
        } else if !single
            && self.cap(first)
            && self.lex.is_first_name(self.w(first))
            && !self.lex.is_common(self.w(first))
        {
            c.kind = MentionKind::Person;
            c.strength = evidence::FIRST_NAME_AND_SURNAME;
            c.key = person_key(text);
            c.full = Some(text.to_string());
        } else if !single
            && looks_east_asian(
                &ws.iter()
                    .filter(|&&i| self.cap(i))
                    .map(|&i| self.w(i))
                    .collect::<Vec<_>>(),
            )
        {
            c.kind = MentionKind::Person;
            c.strength = evidence::EAST_ASIAN_NAME;
            c.key = person_key(text);
            c.full = Some(text.to_string());
        } else if !single
            && ws.iter().any(|&i| {
                PARTICLES.contains(&self.w(i))
                    || self.w(i).starts_with("al-")
                    || self.w(i).starts_with("El-")
            })
        {
            c.kind = MentionKind::Person;
            c.strength = evidence::NAME_PARTICLE;
            c.key = person_key(text);
            c.full = Some(text.to_string());
        } else if self.appositive_person(last) {
            // "Valeska Paris, an Australian woman, …", "Daniel Montalvo, 19, …"
            c.kind = MentionKind::Person;
            c.strength = evidence::APPOSITIVE_PERSON;
            c.key = person_key(text);
            if !single {
                c.full = Some(text.to_string());
            }
        } else if !single
            && ws.len() <= 3
            && self
                .lex
                .place(self.w(last))
                .is_some_and(|p| p.class == PlaceClass::Country)
            && self.lex.place(self.w(first)).is_none()
            && !self.lex.is_demonym(self.w(first))
        {
            // "Environment Canada", "Air France": an agency or company of a country
            c.kind = MentionKind::Organization;
            c.strength = evidence::COUNTRY_AGENCY;
            c.key = org_key(text, self.lex);
        } else if single && is_all_caps(text) && text.chars().count() <= 8 {
            c.kind = MentionKind::Organization;
            c.strength = evidence::SHORT_ALL_CAPS;
            c.key = lw.replace('.', "");
            c.guessed = true;
        } else if before_state {
            c.kind = MentionKind::Place;
            c.strength = evidence::TOWN_BEFORE_STATE;
        } else if single && (followed_by_say || preceded_by_say) {
            // A speaker named by one word and never introduced by full name is more
            // often an organisation ("Microsoft said"); a surname is caught by the
            // full name elsewhere in the report.
            c.kind = MentionKind::Organization;
            c.strength = evidence::ONE_WORD_SPEAKER;
            c.guessed = true;
        } else if followed_by_say || preceded_by_say {
            c.kind = MentionKind::Person;
            c.strength = evidence::SPEAKER;
            c.key = person_key(text);
            if !single {
                c.full = Some(text.to_string());
            }
        } else if single && self.lex.is_first_name(text) && !self.lex.is_common(text) {
            c.kind = MentionKind::Person;
            c.strength = evidence::LONE_FIRST_NAME;
            c.key = person_key(text);
        } else if after_loc {
            c.kind = MentionKind::Place;
            c.strength = evidence::AFTER_LOCATIVE;
            c.guessed = true;
        } else if !single
            && ws.len() <= 3
            && ws.iter().all(|&i| {
                self.cap(i)
                    && !is_all_caps(self.w(i))
                    && !self.lower_words.contains(&word_form(&self.lower(i)))
                    && !self.not_in_person_name(i)
            })
        {
            c.kind = MentionKind::Person;
            c.strength = evidence::CAPITALISED_RUN;
            c.key = person_key(text);
            c.full = Some(text.to_string());
            c.guessed = true;
        } else {
            c.kind = MentionKind::Organization;
            c.strength = evidence::FALLBACK;
            c.key = org_key(text, self.lex);
            c.guessed = true;
        }
        true
    }

    /// A word that a person's name does not contain: a place or demonym, a head
    /// word of organisations, places or events, a title word, a compass word.
    fn not_in_person_name(&self, i: usize) -> bool {
        let w = self.w(i);
        let lw = w.to_lowercase();
        self.lex.place(w).is_some()
            || self.lex.is_demonym(w)
            || self.lex.org_keywords.contains(&lw)
            || self.lex.place_keywords.contains(&lw)
            || self.lex.event_keywords.contains(&lw)
            || (self.lex.is_title_noun(w) && !self.lex.is_first_name(w))
            || self.lex.is_title_modifier(w)
            || COMPASS.contains(&lw.as_str())
            || VEHICLE_WORDS.contains(&lw.as_str())
            || self.plural_class.contains(&word_form(&lw))
    }

    /// "Kennedy Space Center (KSC)": an abbreviation in brackets right after a
    /// name found before takes its type and key.
    fn parenthesised_abbreviation(&self, ws: &[usize]) -> Option<(MentionKind, String)> {
        let (first, last) = (ws[0], *ws.last()?);
        if ws.len() != 1 || first < 2 || self.w(first - 1) != "(" {
            return None;
        }
        if self.toks.get(last + 1).is_none_or(|t| t.kind != Tk::Punct) || self.w(last + 1) != ")" {
            return None;
        }
        let w = self.w(first);
        if w.chars().filter(|c| c.is_uppercase()).count() < 2 {
            return None;
        }
        let end = self.toks[first - 2].end;
        let prev = self.cands.iter().rev().find(|c| c.range.end == end)?;
        (prev.kind != MentionKind::Person).then(|| (prev.kind, prev.key.clone()))
    }

    /// The name of a work, product, vehicle or account, not an actor: "the film
    /// Easy Rider", "Space Shuttle Atlantis", "Internet Explorer 6", "IE6".
    fn is_work_or_product(&self, ws: &[usize]) -> bool {
        let (first, last) = (ws[0], *ws[..].last().unwrap());
        // a lower-case cue noun right before: "cruise ship Freewinds"
        if first > 0
            && self.is_word(first - 1)
            && self.same_line(first - 1, first)
            && WORK_CUES.contains(&self.w(first - 1))
        {
            return true;
        }
        // a vehicle word inside: "Space Shuttle Columbia", "HMS Victory"
        if ws
            .iter()
            .any(|&i| self.cap(i) && VEHICLE_WORDS.contains(&self.lower(i).as_str()))
        {
            return true;
        }
        // a model suffix: "PlayStation VR", "Windows XP"
        if ws.len() > 1 && PRODUCT_SUFFIXES.contains(&self.w(last)) {
            return true;
        }
        // a title in quotation marks: "The Internet Explorer 6 Countdown"
        if ws.len() > 1
            && first > 0
            && matches!(self.w(first - 1), "\"" | "“" | "‘")
            && self.toks.get(last + 1).is_some_and(|t| {
                t.kind == Tk::Punct && matches!(self.w(last + 1), "\"" | "”" | "’")
            })
            && !self.lex.is_first_name(self.w(first))
        {
            return true;
        }
        // letters and digits in one word: "IE6", "STS-135"
        if ws.len() == 1 {
            let w = self.w(first);
            if w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(|c| c.is_alphabetic()) {
                return true;
            }
        }
        // a version number after it: "Internet Explorer 6", "HTML 5", "Vostok 1"
        let n = last + 1;
        if self.toks.get(n).is_some_and(|t| t.kind == Tk::Num) && self.same_line(last, n) {
            let num = self.w(n);
            let small = num.chars().all(|c| c.is_ascii_digit()) && num.len() <= 2;
            let dotted = num.contains('.') && num.chars().all(|c| c.is_ascii_digit() || c == '.');
            // not a score: "Sweden 1 – 0 Korea"
            let score = self.toks.get(n + 1).is_some_and(|t| {
                t.kind == Tk::Punct && matches!(self.w(n + 1), "–" | "-" | "—" | ":")
            });
            let keyword = self.keyword_kind_one(last).is_some();
            if (small || dotted) && !score && !keyword {
                return true;
            }
        }
        false
    }

    /// After the name: ", 19," (an age) or ", a/an … woman/student/…" (an
    /// appositive that describes a person).
    fn appositive_person(&self, last: usize) -> bool {
        let n = last + 1;
        if self.toks.get(n).is_none_or(|t| t.kind != Tk::Punct) || self.w(n) != "," {
            return false;
        }
        let Some(t) = self.toks.get(n + 1) else {
            return false;
        };
        if t.kind == Tk::Num {
            let age = self.w(n + 1);
            return age.len() <= 2
                && age.chars().all(|c| c.is_ascii_digit())
                && self.toks.get(n + 2).is_some_and(|t| t.kind == Tk::Punct)
                && matches!(self.w(n + 2), "," | ")");
        }
        if !matches!(self.w(n + 1), "a" | "an") {
            return false;
        }
        (n + 2..(n + 6).min(self.toks.len()))
            .take_while(|&k| self.is_word(k) && self.same_line(n, k))
            .any(|k| {
                let w = self.w(k);
                PERSON_NOUNS.contains(&w)
                    || (self.lex.is_title_noun(w) && w.chars().all(|c| c.is_lowercase()))
            })
    }

    fn is_plural_demonym(&self, lw: &str) -> bool {
        // "Afghans", "Muslims"-like group nouns: demonyms in the plural
        lw.ends_with('s') && self.lex.is_demonym(&lw[..lw.len() - 1])
    }

    /// Document-level decisions: one sense per report, sentence-start doubts,
    /// sports teams.
    fn resolve(&mut self) {
        // 1. full person names written in the report: their words alone are them
        let mut person_words: HashMap<String, (String, String, f32)> = HashMap::default();
        for c in &self.cands {
            if c.kind == MentionKind::Person && c.strength >= 1.0 {
                let text = &self.text[c.range.clone()];
                let parts: Vec<&str> = text.split_whitespace().collect();
                if parts.len() < 2 {
                    continue;
                }
                for p in &parts {
                    if p.chars().count() < 2
                        || PARTICLES.contains(p)
                        || p.ends_with('.')
                        || is_all_caps(p)
                        || self.lex.is_common(p)
                        || self
                            .reg
                            .lookup_name(p)
                            .is_some_and(|e| e.kind != MentionKind::Person)
                    {
                        continue;
                    }
                    let strength = if c.strength >= 2.5 { 4.5 } else { 2.2 };
                    let e = person_words
                        .entry(word_form(&p.to_lowercase()))
                        .or_insert_with(|| (c.key.clone(), text.to_string(), strength));
                    if strength > e.2 {
                        *e = (c.key.clone(), text.to_string(), strength);
                    }
                }
            }
        }
        for c in &mut self.cands {
            let text = &self.text[c.range.clone()];
            if text.split_whitespace().count() != 1 {
                continue;
            }
            if let Some((key, full, strength)) = person_words.get(&word_form(&text.to_lowercase()))
            {
                if c.strength < *strength || c.kind == MentionKind::Person {
                    c.kind = MentionKind::Person;
                    c.strength = c.strength.max(*strength);
                    c.key = key.clone();
                    c.full = Some(full.clone());
                    c.doubtful = false;
                    c.guessed = false;
                }
            }
        }
        // 1b. products and vehicles: "Atlantis" after "Space Shuttle Atlantis",
        // "IE" after "IE6"
        let mut things: HashSet<String> = HashSet::default();
        for c in &self.cands {
            if c.kind == MentionKind::Other && c.strength >= 3.0 {
                let t = normalize(&self.text[c.range.clone()]);
                if let Some(lastw) = t.split_whitespace().last() {
                    if t.contains(' ') && !self.lex.is_common(lastw) {
                        things.insert(lastw.to_string());
                    }
                }
                let base = t.trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == ' ');
                if base.len() >= 2 && base.len() < t.len() {
                    things.insert(base.to_string());
                }
            }
        }
        for c in &mut self.cands {
            let t = normalize(&self.text[c.range.clone()]);
            if c.strength < 4.0 && !t.contains(' ') && things.contains(&t) {
                c.kind = MentionKind::Other;
                c.strength = 3.0;
            }
        }
        // 2. one sense per report: the strongest typing of the same text wins
        let mut best: HashMap<String, (MentionKind, f32, String)> = HashMap::default();
        for c in &self.cands {
            let t = normalize(&self.text[c.range.clone()]);
            let e = best.entry(t).or_insert((c.kind, c.strength, c.key.clone()));
            if c.strength > e.1 {
                *e = (c.kind, c.strength, c.key.clone());
            }
        }
        for c in &mut self.cands {
            let t = normalize(&self.text[c.range.clone()]);
            if let Some((k, s, key)) = best.get(&t) {
                if *s > c.strength && *s >= 2.0 {
                    c.kind = *k;
                    c.strength = *s;
                    c.key = key.clone();
                    c.doubtful = false;
                    c.guessed = false;
                }
            }
        }
        // 3. sentence-start doubts: keep only what the report vouches for
        let text = self.text;
        let mid_caps = &self.mid_caps;
        let lower_words = &self.lower_words;
        let lex = self.lex;
        self.cands.retain(|c| {
            if !c.doubtful {
                return true;
            }
            let w = text[c.range.clone()].to_lowercase();
            let f = word_form(&w);
            if lower_words.contains(&f) || lex.is_common(&w) {
                return false;
            }
            mid_caps.contains(&f) || c.strength >= 2.0
        });
        // 4. sports reports: countries playing are teams
        if self.sports {
            for c in &mut self.cands {
                if c.gazetteer_country && !c.after_locative {
                    c.kind = MentionKind::Organization;
                }
            }
        }
        // 5. full names for persons written with a surname only, from the report
        let mut fulls: HashMap<String, String> = HashMap::default();
        for c in &self.cands {
            if c.kind == MentionKind::Person {
                if let Some(f) = &c.full {
                    fulls.entry(c.key.clone()).or_insert_with(|| f.clone());
                }
            }
        }
        for c in &mut self.cands {
            if c.kind == MentionKind::Person && c.full.is_none() {
                c.full = fulls.get(&c.key).cloned();
            }
        }
    }

    fn into_mentions(self) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::with_capacity(self.cands.len());
        let mut cands = self.cands;
        cands.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
        for c in cands {
            if out
                .last()
                .is_some_and(|m: &Mention| m.range.end > c.range.start)
            {
                continue;
            }
            let _ = c.line;
            out.push(Mention {
                text: self.text[c.range.clone()].to_string(),
                range: c.range,
                kind: c.kind,
                key: c.key,
                role: c.role,
                full: c.full,
                from_role: false,
            });
        }
        out
    }
}

/// The comparison form of a word: lower case; Cyrillic words stemmed.
fn word_form(lower: &str) -> String {
    if lower.chars().any(is_cyrillic) {
        cyrillic_stem(lower)
    } else {
        lower.to_string()
    }
}

/// Romanised Chinese / Korean names: "Lee Cheuk-yan", "Kim Min-Woo", "Kim Jong-un".
fn looks_east_asian(words: &[&str]) -> bool {
    if words.len() < 2 || words.len() > 3 {
        return false;
    }
    let first_short = words[0].chars().count() <= 5;
    let hyphenated = words[1..].iter().any(|w| {
        let parts: Vec<&str> = w.split('-').collect();
        parts.len() == 2
            && parts.iter().all(|p| (2..=5).contains(&p.chars().count()))
            && parts[0].chars().next().is_some_and(|c| c.is_uppercase())
            && parts
                .iter()
                .all(|p| p.chars().skip(1).all(|c| c.is_lowercase()))
    });
    first_short && hyphenated
}

/// A slug of a name: lower case, transliterated, words joined by "-".
pub fn slug(name: &str) -> String {
    let n = normalize(name);
    let t = transliterate(&n);
    let mut out = String::with_capacity(t.len());
    for w in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// The key of an organisation that is not in the registry: its slug, with a
/// possessive country written as the demonym ("Russia's Foreign Ministry" and "the
/// Russian Foreign Ministry" both give "russian-foreign-ministry").
fn org_key(name: &str, lex: &Lexicon) -> String {
    let s = slug(name);
    let _ = lex;
    s
}

/// The grouping key of a person's name: the surname (last word, generational
/// suffixes skipped), see [`surname_key`].
pub fn person_key(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.trim_end_matches('.').to_lowercase().as_str(),
                "jr" | "sr" | "ii" | "iii" | "iv"
            )
        })
        .collect();
    match words.last() {
        Some(w) => surname_key(w),
        None => slug(name),
    }
}

// ------------------------------------------------------------------ role phrases

/// Role head nouns (lower case) that may stand for a person named earlier, with
/// the role words they match.
const ROLE_HEADS: [(&str, &[&str]); 10] = [
    (
        "top diplomat",
        &[
            "foreign minister",
            "secretary of state",
            "top diplomat",
            "foreign secretary",
            "fm",
        ],
    ),
    ("foreign minister", &["foreign minister", "fm"]),
    ("prime minister", &["prime minister", "premier"]),
    ("minister", &["minister", "fm", "top diplomat"]),
    ("president", &["president"]),
    (
        "ambassador",
        &["ambassador", "permanent representative", "envoy"],
    ),
    (
        "envoy",
        &["ambassador", "permanent representative", "envoy"],
    ),
    (
        "permanent representative",
        &["ambassador", "permanent representative"],
    ),
    (
        "secretary general",
        &["secretary general", "secretary-general"],
    ),
    (
        "spokesman",
        &[
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "press secretary",
        ],
    ),
];

/// Role phrases ("Russia's top diplomat", "the foreign minister", "the Russian
/// foreign minister") resolved to the person named earlier whose role matches.
fn role_phrases(text: &str, skip: &[bool], named: &[Mention], registry: &Registry) -> Vec<Mention> {
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:(the)\s+|([\p{Lu}][\p{L}.]*)(?:'s|’s)\s+)((?:(?:[\p{L}.]+)\s+){0,2}?)(top diplomat|foreign minister|prime minister|minister|president|ambassador|envoy|permanent representative|secretary general|spokesman|spokeswoman)\b",
        )
        .expect("valid role regex")
    });
    let mut out = Vec::new();
    let persons: Vec<&Mention> = named
        .iter()
        .filter(|m| m.kind == MentionKind::Person && !m.from_role)
        .collect();
    for (li, (lrange, line)) in lines::lines_with_ranges(text).enumerate() {
        if skip.get(li).copied().unwrap_or(false) {
            continue;
        }
        for cap in RE.captures_iter(line) {
            let whole = cap.get(0).unwrap();
            let start = lrange.start + whole.start();
            let end = lrange.start + whole.end();
            // an apposition before a name is not a mention of its own
            let after = line[whole.end()..].trim_start();
            if after.chars().next().is_some_and(|c| c.is_uppercase()) {
                let next_start =
                    lrange.start + whole.end() + (line[whole.end()..].len() - after.len());
                if persons.iter().any(|p| p.range.start == next_start) {
                    continue;
                }
            }
            // inside a name already found ("President Putin" is found as Putin)
            let head_start = lrange.start + cap.get(3).map_or(whole.start(), |m| m.start());
            if named
                .iter()
                .any(|m| m.range.start < end && head_start < m.range.end)
            {
                continue;
            }
            let head = cap.get(4).unwrap().as_str().to_lowercase();
            let mods = cap
                .get(3)
                .map(|m| m.as_str().to_lowercase())
                .unwrap_or_default();
            // adjectives must be role words: "the new minister" yes, "the arms
            // control minister" no matter; nouns like "the ministry" never match
            if mods
                .split_whitespace()
                .any(|w| w.chars().any(|c| c.is_ascii_digit()))
            {
                continue;
            }
            let head_full = if mods.trim_end().ends_with("foreign") && head == "minister" {
                "foreign minister".to_string()
            } else if mods.trim_end().ends_with("prime") && head == "minister" {
                "prime minister".to_string()
            } else {
                head.clone()
            };
            let wanted: &[&str] = ROLE_HEADS
                .iter()
                .find(|(h, _)| *h == head_full)
                .map(|(_, w)| *w)
                .unwrap_or(&[]);
            let owner = cap.get(2).map(|m| m.as_str().to_string());
            let phrase = &text[start..end];
            let country_hint = owner.clone().or_else(|| {
                mods.split_whitespace()
                    .find(|w| LEX.is_demonym(w))
                    .map(str::to_string)
            });
            let matched = persons.iter().rev().find(|p| {
                if p.range.start >= start {
                    return false;
                }
                let mut roles: Vec<String> = p.role.iter().map(|r| r.to_lowercase()).collect();
                if let Some(e) = registry
                    .lookup_name(&p.text)
                    .or_else(|| p.full.as_deref().and_then(|f| registry.lookup_name(f)))
                {
                    if e.kind == MentionKind::Person {
                        roles.extend(e.roles.iter().map(|r| r.to_lowercase()));
                    }
                }
                let role_ok = roles.iter().any(|r| wanted.iter().any(|w| r.contains(w)));
                if !role_ok {
                    return false;
                }
                match &country_hint {
                    Some(h) => {
                        let hk = LEX
                            .place(h)
                            .map(|p| p.key.clone())
                            .or_else(|| LEX.demonyms.get(&h.to_lowercase()).cloned());
                        let Some(hk) = hk else { return true };
                        // the person's role must not name another country
                        let mut countries = roles.iter().flat_map(|r| {
                            r.split_whitespace()
                                .filter_map(|w| {
                                    let w = w.trim_end_matches("'s");
                                    LEX.demonyms
                                        .get(w)
                                        .cloned()
                                        .or_else(|| LEX.place(w).map(|p| p.key.clone()))
                                })
                                .collect::<Vec<_>>()
                        });
                        let mut any = false;
                        let mut same = false;
                        for c in countries.by_ref() {
                            any = true;
                            same |= c == hk;
                        }
                        !any || same
                    }
                    None => true,
                }
            });
            if let Some(p) = matched {
                out.push(Mention {
                    range: start..end,
                    text: phrase.to_string(),
                    kind: MentionKind::Person,
                    key: p.key.clone(),
                    role: Some(phrase.to_string()),
                    full: p.full.clone().or_else(|| Some(p.text.clone())),
                    from_role: true,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Mention> {
        find(text, &[], Registry::bundled())
    }

    fn names(ms: &[Mention]) -> Vec<(String, MentionKind)> {
        ms.iter()
            .filter(|m| !m.from_role)
            .map(|m| (m.text.clone(), m.kind))
            .collect()
    }

    use MentionKind::*;

    #[test]
    fn titles_are_cut_and_kept_as_roles() {
        let t = "PARIS, March 3 - AFP. France objects to the plan, French Foreign Minister Jean Dupont said on Monday.";
        let ms = run(t);
        let p = ms.iter().find(|m| m.text == "Jean Dupont").expect("person");
        assert_eq!(p.kind, Person);
        assert_eq!(p.key, "dupont");
        assert_eq!(p.role.as_deref(), Some("French Foreign Minister"));
        assert!(names(&ms).contains(&("France".into(), Place)));
        assert!(names(&ms).contains(&("PARIS".into(), Place)));
        assert!(names(&ms).contains(&("AFP".into(), Organization)));
    }

    #[test]
    fn places_inside_titles_are_mentions() {
        let t = "Critics of U.S. President John Carter met the Kenyan Ambassador to the United Kingdom Amina Odhiambo in Nairobi.";
        let n = names(&run(t));
        assert!(n.contains(&("U.S.".into(), Place)), "{n:?}");
        assert!(n.contains(&("John Carter".into(), Person)), "{n:?}");
        assert!(n.contains(&("United Kingdom".into(), Place)), "{n:?}");
        assert!(n.contains(&("Amina Odhiambo".into(), Person)), "{n:?}");
        assert!(n.contains(&("Nairobi".into(), Place)), "{n:?}");
    }

    #[test]
    fn surnames_follow_full_names_and_registry_keys() {
        let t = "Sergei Lavrov spoke in Stockholm.\n\n\"We want guarantees,\" Lavrov said. Лавров добавил, что позиция Лаврова не изменилась.";
        let ms = run(t);
        let keys: Vec<&str> = ms
            .iter()
            .filter(|m| m.kind == Person)
            .map(|m| m.key.as_str())
            .collect();
        assert_eq!(keys, vec!["lavrov"; 4], "{ms:?}");
        assert!(ms
            .iter()
            .all(|m| m.kind != Person || m.full.as_deref() == Some("Sergei Lavrov")));
    }

    #[test]
    fn organisations_by_head_word_and_of_phrases() {
        let t = "The report was welcomed by the University of Eastbridge and the Ministry of Culture. Officials at the Northfield Water Authority disagreed.";
        let n = names(&run(t));
        assert!(
            n.contains(&("University of Eastbridge".into(), Organization)),
            "{n:?}"
        );
        assert!(
            n.contains(&("Ministry of Culture".into(), Organization)),
            "{n:?}"
        );
        assert!(
            n.contains(&("Northfield Water Authority".into(), Organization)),
            "{n:?}"
        );
    }

    #[test]
    fn sentence_start_words_are_not_names() {
        let t = "Despite the snow, the talks went on. After that, Moscow demands answers. Despite everything, despite all.";
        let n = names(&run(t));
        assert_eq!(n, vec![("Moscow".to_string(), Place)]);
    }

    #[test]
    fn possessives_and_the_are_excluded() {
        let t = "Russia's proposals were sent to the United States and NATO's headquarters.";
        let ms = run(t);
        let n = names(&ms);
        assert_eq!(
            n,
            vec![
                ("Russia".to_string(), Place),
                ("United States".to_string(), Place),
                ("NATO".to_string(), Organization)
            ]
        );
        assert_eq!(ms[0].key, "russia");
        assert_eq!(ms[1].key, "united-states");
        assert_eq!(ms[2].key, "nato");
    }

    #[test]
    fn role_phrases_resolve_to_the_person_named_before() {
        let t = "Russian Foreign Minister Sergei Lavrov spoke. Russia's top diplomat stressed the point, and the minister added more. The president was silent.";
        let ms = run(t);
        let roles: Vec<(&str, &str)> = ms
            .iter()
            .filter(|m| m.from_role)
            .map(|m| (m.text.as_str(), m.key.as_str()))
            .collect();
        assert_eq!(
            roles,
            vec![
                ("Russia's top diplomat", "lavrov"),
                ("the minister", "lavrov")
            ]
        );
    }

    #[test]
    fn russian_text() {
        let t = "МОСКВА, 14 января - РИА Новости. Министр иностранных дел России Сергей Лавров заявил, что Москва ждет ответа от НАТО.";
        let ms = run(t);
        let n = names(&ms);
        assert!(n.contains(&("МОСКВА".into(), Place)), "{n:?}");
        assert!(n.contains(&("РИА Новости".into(), Organization)), "{n:?}");
        assert!(n.contains(&("Сергей Лавров".into(), Person)), "{n:?}");
        assert!(n.contains(&("НАТО".into(), Organization)), "{n:?}");
        let russia = ms.iter().find(|m| m.text == "России").unwrap();
        assert_eq!(russia.key, "russia");
        let l = ms.iter().find(|m| m.text == "Сергей Лавров").unwrap();
        assert_eq!(l.key, "lavrov");
        assert_eq!(l.role.as_deref(), Some("Министр иностранных дел России"));
    }

    #[test]
    fn keys_transliterate() {
        assert_eq!(surname_key("Лавров"), "lavrov");
        assert_eq!(surname_key("Лаврова"), "lavrov");
        assert_eq!(surname_key("Шойгу"), "shoygu");
        assert_eq!(person_key("Martin Luther King Jr."), "king");
        assert_eq!(slug("Russia-NATO Council"), "russia-nato-council");
        assert_eq!(transliterate("Щукин"), "Shchukin");
    }

    #[test]
    fn boilerplate_lines_are_skipped() {
        let t = "Subscribe to Global Times\nThe Oslo Forum met.";
        let ms = find(t, &[true, false], Registry::bundled());
        assert!(ms.iter().all(|m| m.range.start > 24), "{ms:?}");
    }

    #[test]
    fn works_products_and_vehicles_are_not_actors() {
        let t = "On Friday, Microsoft urged users to leave Internet Explorer 6 and IE6 behind. The film Easy Rider was shown before Space Shuttle Atlantis launched; Atlantis flew again.";
        let n = names(&run(t));
        assert!(n.contains(&("Microsoft".into(), Organization)), "{n:?}");
        for w in [
            "Explorer",
            "IE6",
            "Easy Rider",
            "Space Shuttle Atlantis",
            "Atlantis",
        ] {
            assert!(n.iter().all(|(x, k)| x != w || *k == Other), "{w}: {n:?}");
        }
    }

    #[test]
    fn owners_of_roles_and_bracketed_abbreviations() {
        let t = "Co-founder of Google, Sergey Brin, met staff at the Kennedy Space Center (KSC). CEO of the Refugee Council Enver Solomon spoke.";
        let n = names(&run(t));
        assert!(n.contains(&("Google".into(), Organization)), "{n:?}");
        assert!(n.contains(&("Sergey Brin".into(), Person)), "{n:?}");
        assert!(n.contains(&("KSC".into(), Place)), "{n:?}");
        assert!(
            n.contains(&("Refugee Council".into(), Organization)),
            "{n:?}"
        );
        assert!(n.contains(&("Enver Solomon".into(), Person)), "{n:?}");
    }

    #[test]
    fn sentence_openers_written_in_lower_case_elsewhere_are_cut() {
        let t = "Sensitive Canadian papers were found. The papers were sensitive, said Environment Canada.";
        let n = names(&run(t));
        assert!(n.iter().all(|(x, _)| !x.contains("Sensitive")), "{n:?}");
        assert!(
            n.contains(&("Environment Canada".into(), Organization)),
            "{n:?}"
        );
    }

    #[test]
    fn sports_countries_are_teams() {
        let t = "Belgium beat Panama 3-0 in the World Cup match in Sochi. Eden Hazard scored the first goal and Belgium led at half-time. The striker added a penalty before the referee ended the league game.";
        let n = names(&run(t));
        assert!(n.contains(&("Belgium".into(), Organization)), "{n:?}");
        assert!(n.contains(&("Panama".into(), Organization)), "{n:?}");
        assert!(n.contains(&("Sochi".into(), Place)), "{n:?}");
        assert!(n.contains(&("World Cup".into(), Event)), "{n:?}");
    }
}
