//! # Registry of known actors
//!
//! A registry maps the names under which a report may mention an actor — "Lavrov",
//! "Sergei Lavrov", "Сергей Лавров", "the OSCE", "РИА Новости" — to one entry with a
//! canonical name, a kind, a one-line description, the roles the actor holds and,
//! where verified, a Wikidata id.
//!
//! The crate bundles a registry of well-known actors (heads of state and government
//! and foreign ministers of the G20 and Ukraine, NATO, the EU institutions, the UN,
//! the OSCE, major news agencies) as data in `lexicon/registry.toml`, see
//! [`Registry::bundled`]. A curator's own `entities.toml` (or the `[entities]`
//! section of the project configuration) uses the same schema and is laid over the
//! bundled one with [`Registry::merged`]:
//!
//! ```toml
//! [entities.julianne-smith]
//! name = "Julianne Smith"
//! kind = "person"
//! description = "US Permanent Representative to NATO 2021-2025."
//! aliases = ["Julian Smith", "Джулиан Смит"]
//! roles = ["US Ambassador to NATO"]
//! wikidata = "Q..."   # only when verified
//! ```
//!
//! Matching ignores case, dots, a leading "the" and a possessive "'s"; Cyrillic
//! names also match when inflected ("Лаврова", "России"), through a crude stem
//! (see [`cyrillic_stem`]).

use crate::analysis::text::is_cyrillic;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Person,
    Organization,
    Place,
    Event,
    Other,
}

impl MentionKind {
    /// "person", "organization", ...
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Person => "person",
            MentionKind::Organization => "organization",
            MentionKind::Place => "place",
            MentionKind::Event => "event",
            MentionKind::Other => "other",
        }
    }
}

/// One known actor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// Stable slug, e.g. "sergey-lavrov".
    pub id: String,
    /// Canonical display name, e.g. "Sergey Lavrov".
    pub name: String,
    pub kind: MentionKind,
    /// One line, facts only.
    pub description: String,
    /// Other names: spellings, short forms, Russian forms.
    pub aliases: Vec<String>,
    /// Wikidata item id ("Q7747"), only where verified.
    pub wikidata: Option<String>,
    /// Offices held, e.g. "Russian Foreign Minister".
    pub roles: Vec<String>,
    /// The grouping key that mentions of this actor get (see
    /// [`crate::analysis::actors::Mention::key`]).
    pub key: String,
    /// Set when the roles are past ones, e.g. "2021-2025".
    pub former: Option<String>,
}

/// A set of known actors with an alias index.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entries: Vec<Entry>,
    /// normalised alias / name / id / key -> entry index
    index: HashMap<String, usize>,
    /// normalised name / alias only -> entry index
    names: HashMap<String, usize>,
    /// Cyrillic stem form of aliases -> entry index
    stems: HashMap<String, usize>,
}

#[derive(serde::Deserialize)]
struct RawFile {
    #[serde(default)]
    entities: std::collections::BTreeMap<String, toml::Spanned<RawEntry>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    kind: MentionKind,
    #[serde(default)]
    description: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    wikidata: Option<String>,
    key: Option<String>,
    former: Option<String>,
}

impl PartialEq for Registry {
    fn eq(&self, other: &Registry) -> bool {
        self.entries == other.entries
    }
}

static BUNDLED: LazyLock<Registry> = LazyLock::new(|| {
    Registry::from_toml(include_str!("../lexicon/registry.toml"))
        .expect("the bundled registry (lexicon/registry.toml) is valid")
});

/// Why a registry's TOML cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    pub message: String,
    /// The byte range of the text it is about.
    pub range: std::ops::Range<usize>,
    /// The TOML reader's own message (in serde's words, with type names),
    /// rather than one of the registry's checks.
    pub from_toml: bool,
}

impl Registry {
    /// A hash of every entry: the same registry gives the same number in every
    /// run (facts computed with one registry are only reused with the same one).
    pub fn fingerprint(&self) -> u64 {
        crate::analysis::text::stable_hash(format!("{:?}", self.entries).as_bytes())
    }

    /// The registry bundled with the crate (`lexicon/registry.toml`).
    pub fn bundled() -> &'static Registry {
        &BUNDLED
    }

    /// Parse a registry from TOML: a table `[entities.<id>]` per actor (the rest of
    /// the document is ignored, so a whole project configuration can be passed).
    pub fn from_toml(text: &str) -> Result<Registry, String> {
        Registry::from_toml_at(text).map_err(|e| e.message)
    }

    /// [`Registry::from_toml`], with the byte range in `text` that an error is
    /// about (the field, or the entry's table).
    pub fn from_toml_at(text: &str) -> Result<Registry, RegistryError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| RegistryError {
            message: e.message().to_string(),
            range: e.span().unwrap_or(0..0),
            from_toml: true,
        })?;
        let entry_error = |message: String, range| RegistryError {
            message,
            range,
            from_toml: false,
        };
        let mut entries = Vec::with_capacity(raw.entities.len());
        for (id, spanned) in raw.entities {
            let span = spanned.span();
            let e = spanned.into_inner();
            if e.name.trim().is_empty() {
                return Err(entry_error(format!("entities.{id}: empty name"), span));
            }
            if let Some(q) = &e.wikidata {
                let ok =
                    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit());
                if !ok {
                    return Err(entry_error(
                        format!("entities.{id}: wikidata id {q:?} is not of the form Q123"),
                        span,
                    ));
                }
            }
            let key = e.key.unwrap_or_else(|| default_key(&id, &e.name, e.kind));
            entries.push(Entry {
                id,
                name: e.name,
                kind: e.kind,
                description: e.description,
                aliases: e.aliases,
                wikidata: e.wikidata,
                roles: e.roles,
                key,
                former: e.former,
            });
        }
        Ok(Registry::from_entries(entries))
    }

    /// Build a registry from entries (later entries win on alias clashes).
    pub fn from_entries(entries: Vec<Entry>) -> Registry {
        let mut r = Registry {
            entries,
            ..Registry::default()
        };
        r.reindex();
        r
    }

    fn reindex(&mut self) {
        self.index.clear();
        self.names.clear();
        self.stems.clear();
        // Names and aliases first, ids and keys only where free: an alias is the
        // stronger claim on a string.
        for (i, e) in self.entries.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let n = normalize(name);
                if n.is_empty() {
                    continue;
                }
                if n.chars().any(is_cyrillic) {
                    self.stems.insert(stem_phrase(&n), i);
                }
                self.index.insert(n.clone(), i);
                self.names.insert(n, i);
            }
        }
        for (i, e) in self.entries.iter().enumerate() {
            for k in [&e.id, &e.key] {
                self.index.entry(normalize(k)).or_insert(i);
            }
        }
    }

    /// The base registry with `overlay` laid over it: an overlay entry replaces the
    /// base entry of the same id; new ids are added.
    pub fn merged(base: &Registry, overlay: &Registry) -> Registry {
        let mut entries: Vec<Entry> = base.entries.clone();
        for o in &overlay.entries {
            match entries.iter_mut().find(|e| e.id == o.id) {
                Some(slot) => *slot = o.clone(),
                None => entries.push(o.clone()),
            }
        }
        Registry::from_entries(entries)
    }

    /// The entry for an alias, name, id or grouping key ("Lavrov", "the OSCE",
    /// "Лаврова", "sergey-lavrov", "osce").
    pub fn lookup(&self, alias_or_key: &str) -> Option<&Entry> {
        let n = normalize(alias_or_key);
        if n.is_empty() {
            return None;
        }
        if let Some(&i) = self.index.get(&n) {
            return Some(&self.entries[i]);
        }
        if n.chars().any(is_cyrillic) {
            if let Some(&i) = self.stems.get(&stem_phrase(&n)) {
                return Some(&self.entries[i]);
            }
        }
        None
    }

    /// The entry for a name or alias only (not an id or grouping key): what a
    /// name written in a report may resolve to.
    pub fn lookup_name(&self, name: &str) -> Option<&Entry> {
        let n = normalize(name);
        let i = match self.names.get(&n) {
            Some(&i) => i,
            None if n.chars().any(is_cyrillic) => *self.stems.get(&stem_phrase(&n))?,
            None => return None,
        };
        Some(&self.entries[i])
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the registry has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every indexed name form (normalised), with its entry; for building matchers.
    pub fn names(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.index
            .iter()
            .map(|(k, &i)| (k.as_str(), &self.entries[i]))
    }
}

/// The default grouping key: a person's surname (transliterated, lower case), else
/// the id.
fn default_key(id: &str, name: &str, kind: MentionKind) -> String {
    if kind == MentionKind::Person {
        if let Some(last) = name.split_whitespace().last() {
            return crate::analysis::text::names::surname_key(last);
        }
    }
    id.to_string()
}

/// Normalise a name for lookup: lower case, "ё" as "е", dots dropped, hyphens and
/// dashes as spaces, typographic apostrophes as `'`, a leading "the" and a trailing
/// possessive "'s" removed, spaces collapsed.
pub fn normalize(name: &str) -> String {
    // one pass: map, lower-case, collapse white space into single spaces
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    let mut words = 0usize;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            space = true;
            return;
        }
        if space || out.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            words += 1;
            space = false;
        }
        out.push(c);
    };
    for c in name.chars() {
        match c {
            '.' => {}
            '-' | '–' | '—' | '‑' | '_' => push(&mut out, ' '),
            '’' | '‘' | '`' => push(&mut out, '\''),
            'ё' | 'Ё' => push(&mut out, 'е'),
            c if c.is_ascii() => push(&mut out, c.to_ascii_lowercase()),
            c => c.to_lowercase().for_each(|l| push(&mut out, l)),
        }
    }
    if words > 1 && out.starts_with("the ") {
        out.drain(..4);
    }
    if out.ends_with("'s") && out.len() > 3 {
        out.truncate(out.len() - 2);
    }
    out
}

/// A crude stem of one Cyrillic word, enough to match inflected names: the common
/// noun and adjective case endings are cut ("Лаврова" and "Лавров" give "лавров",
/// "России" and "Россия" give "росси"). Other words come back unchanged.
pub fn cyrillic_stem(word: &str) -> String {
    const ENDINGS: [&str; 36] = [
        "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя",
        "ое", "ее", "ом", "ем", "ам", "ям", "ах", "ях", "ую", "юю", "ым", "им", "ою", "ы", "и",
        "а", "я", "о", "е", "у", "ю", "ь",
    ];
    let w = word.to_lowercase();
    if !w.chars().any(is_cyrillic) {
        return w;
    }
    let n = w.chars().count();
    for end in ENDINGS {
        if w.ends_with(end) && n - end.chars().count() >= 3 {
            return w[..w.len() - end.len()].to_string();
        }
    }
    w
}

fn stem_phrase(normalized: &str) -> String {
    normalized
        .split_whitespace()
        .map(cyrillic_stem)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    /// The plain definition [`super::normalize`] must agree with.
    fn normalize_plain(name: &str) -> String {
        let mut s = String::new();
        for c in name.chars() {
            match c {
                '.' => {}
                '-' | '–' | '—' | '‑' | '_' => s.push(' '),
                '’' | '‘' | '`' => s.push('\''),
                'ё' | 'Ё' => s.push('е'),
                c => s.extend(c.to_lowercase()),
            }
        }
        let mut words: Vec<&str> = s.split_whitespace().collect();
        if words.len() > 1 && words[0] == "the" {
            words.remove(0);
        }
        let mut out = words.join(" ");
        if out.ends_with("'s") && out.len() > 3 {
            out.truncate(out.len() - 2);
        }
        out
    }

    #[test]
    fn normalize_in_one_pass_agrees_with_the_plain_definition() {
        for name in [
            "The  United   Nations",
            "the",
            "The Hague",
            "Russia's",
            "  Lavrov's ",
            "U.S. State-Department",
            "Сергей  Лавров",
            "ЁЛКИ—ПАЛКИ",
            "İstanbul",
            "the\u{a0}Kremlin",
            "'s",
            "",
            " - ",
        ] {
            assert_eq!(super::normalize(name), normalize_plain(name), "{name:?}");
        }
    }

    use super::*;

    #[test]
    fn bundled_registry_loads_and_resolves_aliases() {
        let r = Registry::bundled();
        assert!(r.len() > 100);
        let lavrov = r.lookup("Lavrov").unwrap();
        assert_eq!(lavrov.name, "Sergey Lavrov");
        assert_eq!(lavrov.key, "lavrov");
        assert!(lavrov.roles.iter().any(|x| x == "Russian Foreign Minister"));
        assert_eq!(r.lookup("Sergei Lavrov").unwrap().id, "sergey-lavrov");
        assert_eq!(r.lookup("Сергей Лавров").unwrap().id, "sergey-lavrov");
        assert_eq!(r.lookup("Лаврова").unwrap().id, "sergey-lavrov");
        assert_eq!(r.lookup("lavrov").unwrap().id, "sergey-lavrov");
        let osce = r.lookup("the OSCE").unwrap();
        assert_eq!(
            osce.name,
            "Organization for Security and Co-operation in Europe"
        );
        assert_eq!(osce.kind, MentionKind::Organization);
        assert_eq!(r.lookup("ОБСЕ").unwrap().id, "osce");
        assert_eq!(r.lookup("RIA Novosti").unwrap().id, "ria-novosti");
        assert_eq!(r.lookup("РИА Новости").unwrap().id, "ria-novosti");
        assert_eq!(r.lookup("U.N.").unwrap().id, "un");
        assert_eq!(
            r.lookup("Putin").unwrap().wikidata.as_deref(),
            Some("Q7747")
        );
        assert!(r.lookup_name("Smith").is_none());
        assert_eq!(r.lookup("smith").unwrap().id, "julianne-smith");
        assert!(r.lookup("").is_none());
    }

    #[test]
    fn every_bundled_entry_is_complete() {
        for e in Registry::bundled().entries() {
            assert!(!e.description.is_empty(), "{} has no description", e.id);
            assert!(!e.key.is_empty());
            if e.kind == MentionKind::Person {
                assert!(!e.roles.is_empty(), "{} has no role", e.id);
            }
        }
    }

    #[test]
    fn overlay_overrides_by_id_and_extends() {
        let overlay = Registry::from_toml(
            r#"
            [entities.sergey-lavrov]
            name = "Sergey Viktorovich Lavrov"
            kind = "person"
            description = "Minister."
            aliases = ["Lavrov"]
            roles = ["Foreign Minister"]

            [entities.ivan-petrov]
            name = "Ivan Petrov"
            kind = "person"
            aliases = ["Иван Петров"]
            roles = ["mayor"]
            "#,
        )
        .unwrap();
        let m = Registry::merged(Registry::bundled(), &overlay);
        assert_eq!(m.len(), Registry::bundled().len() + 1);
        assert_eq!(
            m.lookup("Lavrov").unwrap().name,
            "Sergey Viktorovich Lavrov"
        );
        // the replaced entry's other aliases are gone with it
        assert!(m.lookup("Сергей Лавров").is_none());
        assert_eq!(m.lookup("Ивана Петрова").unwrap().id, "ivan-petrov");
        assert_eq!(m.lookup("petrov").unwrap().id, "ivan-petrov");
        assert_eq!(m.lookup("NATO").unwrap().id, "nato");
    }

    #[test]
    fn bad_input_is_reported() {
        assert!(Registry::from_toml("[entities.x]\nkind = \"person\"").is_err());
        assert!(Registry::from_toml("[entities.x]\nname = \"X\"\nkind = \"animal\"").is_err());
        let e =
            Registry::from_toml("[entities.x]\nname = \"X\"\nkind = \"place\"\nwikidata = \"7\"");
        assert!(e.unwrap_err().contains("wikidata"));
        assert!(
            Registry::from_toml("[entities.x]\nname = \"X\"\nkind = \"place\"\ncolour = 1")
                .is_err()
        );
        // a configuration without entities is an empty registry
        assert!(Registry::from_toml("[rules]\nx = 1").unwrap().is_empty());
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("the U.S."), "us");
        assert_eq!(normalize("Russia’s"), "russia");
        assert_eq!(normalize("Co-operation"), "co operation");
        assert_eq!(normalize("Ёлкин"), "елкин");
        assert_eq!(cyrillic_stem("России"), "росси");
        assert_eq!(cyrillic_stem("Россия"), "росси");
        assert_eq!(cyrillic_stem("Lavrov"), "lavrov");
    }
}
