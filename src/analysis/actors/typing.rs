//! Stage 3: the type of a candidate name, strongest evidence first (see
//! [`evidence`]), and the words that are not actors at all.

use super::doc::word_form;
use super::doc::Cand;
use super::doc::Doc;
use super::keys::org_key;
use super::keys::person_key;
use super::keys::slug;
use super::lexicon::is_ru_org_head;
use super::lexicon::region_noun;
use super::lexicon::stem_words;
use super::lexicon::Org;
use super::lexicon::PlaceClass;
use super::lexicon::COMPASS;
use super::lexicon::DOCUMENTS;
use super::lexicon::NAMED_EVENTS;
use super::lexicon::NON_NAME_ACRONYMS;
use super::lexicon::PARTICLES;
use super::lexicon::PERSON_NOUNS;
use super::lexicon::PRODUCT_SUFFIXES;
use super::lexicon::SAY_VERBS;
use super::lexicon::VEHICLE_WORDS;
use super::lexicon::WORK_CUES;
use super::registry::normalize;
use super::registry::MentionKind;
use super::tokens::is_all_caps;
use super::tokens::Tk;

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
    /// The name is an organisation of the bundled list ("Gazprom", "New
    /// York Mets").
    pub const ORGANISATION_LIST: f32 = 4.0;
    /// The name is an organisation of the bundled list that is also a word,
    /// a given name or a place ("Apple", "Liverpool"): the context decides.
    pub const ORGANISATION_LIST_WEAK: f32 = 2.4;
    /// The name is a place of the gazetteer that is also a person's name, a
    /// word or a team ("Jackson", "Reading"): the context decides.
    pub const GAZETTEER_WEAK: f32 = 2.4;
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
    pub const NAME_PARTICLE: f32 = 2.9;
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

impl<'a> Doc<'a> {
    /// The organisation / place / event type that the head words give.
    pub(super) fn keyword_kind(&self, ws: &[usize]) -> Option<MentionKind> {
        let kw = |i: usize| self.keyword_kind_one(i);
        // "Белгородской области": a Russian region ("Правительство
        // Московской области" is the government, below)
        let ru_org = is_ru_org_head(&self.lower(ws[0]));
        if ws.len() >= 2 && !ru_org && region_noun(self.w(ws[ws.len() - 1])).is_some() {
            return Some(MentionKind::Place);
        }
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
        // ("Ministerio de Defensa", "Bundesamt für …" too)
        if let Some(p) = ws.iter().position(|&i| {
            matches!(
                self.lower(i).as_str(),
                "of" | "for" | "on" | "de" | "del" | "des" | "du" | "für"
            )
        }) {
            if p > 0 {
                if let Some(k) = kw(ws[p - 1]) {
                    return Some(k);
                }
            }
        }
        // French and Spanish put the head first: "Servicio Europeo de Acción
        // Exterior", "Tribunal Supremo" (in their reports only: an English
        // name may open with such a word, "Service Employees …")
        use crate::analysis::text::lang::{current, Lang};
        if matches!(current(), Some(Lang::Fra | Lang::Spa))
            && self.lex.romance_heads.contains(&self.lower(words[0]))
        {
            return Some(MentionKind::Organization);
        }
        // Russian "Министерство иностранных дел России"
        if ru_org {
            return Some(MentionKind::Organization);
        }
        None
    }

    /// The key of an organisation of the bundled list: the registry's when
    /// it knows the organisation by any of the line's names ("AFP" and
    /// "Agence France-Presse"), else the slug of the line's first name.
    pub(super) fn listed_org_key(&self, o: &Org) -> String {
        o.names
            .iter()
            .find_map(|n| self.reg.lookup_name(n))
            .map_or_else(|| slug(&o.names[0]), |e| e.key.clone())
    }

    /// The type that word `i` alone gives as a head word ("Ministry",
    /// "Airport", "Summit").
    pub(super) fn keyword_kind_one(&self, i: usize) -> Option<MentionKind> {
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

    pub(super) fn add_person(&mut self, ws: &[usize], role: Option<String>, strength: f32) {
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
            after_locative: self.after_locative(ws[0], ws[ws.len() - 1]),
            line: self.toks[ws[0]].line,
        });
    }

    /// Whether the name of tokens `i..=last` stands after a word of place
    /// ("in", "near", "along", "в"; a "the" between), and owns nothing: in
    /// "in Lazio's win" the place word governs what the name owns.
    pub(super) fn after_locative(&self, i: usize, last: usize) -> bool {
        if self.toks.get(last + 1).is_some_and(|t| t.kind == Tk::Poss) {
            return false;
        }
        let mut p = i;
        // skip a "the"
        if p > 0 && self.is_word(p - 1) && self.w(p - 1) == "the" {
            p -= 1;
        }
        p > 0
            && self.is_word(p - 1)
            && matches!(
                self.w(p - 1),
                "in" | "near"
                    | "outside"
                    | "across"
                    | "along"
                    | "throughout"
                    | "в"
                    | "во"
                    | "à"
                    | "en"
            )
    }

    /// Whether the name of tokens `i..=last` is where a route starts ("the
    /// ferry from Sliema to the harbour"): only a guess for a name nothing
    /// else types, weaker than a place word's pull (a transfer "from
    /// Tottenham to Bayern" names clubs).
    fn route_start(&self, i: usize, last: usize) -> bool {
        i > 0
            && self.is_word(i - 1)
            && self.w(i - 1) == "from"
            && self.is_word(last + 1)
            && self.w(last + 1) == "to"
            && self.same_line(last, last + 1)
    }

    /// Type a span and add it as a candidate.
    pub(super) fn add_typed(&mut self, ws: &[usize], role: Option<String>, min_strength: f32) {
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
        let after_loc = self.after_locative(first, last);
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

    /// Whether the name at token `first` follows a minister's, a secretary's
    /// or a commissioner's title in lower case and "of" / "de" / "des" /
    /// "del" / "du" ("ministro de Asuntos
    /// Exteriores", "ministre des Affaires étrangères", "minister of Foreign
    /// Affairs"): the title's portfolio.
    pub(super) fn portfolio_after_title(&self, first: usize) -> bool {
        let (Some(of), Some(title)) = (first.checked_sub(1), first.checked_sub(2)) else {
            return false;
        };
        // the titles that hold a portfolio (a host or a head "of" something
        // names it: "the host of MTV's …")
        const PORTFOLIO_TITLES: [&str; 11] = [
            "minister",
            "ministro",
            "ministra",
            "ministre",
            "secretary",
            "secretario",
            "secretaria",
            "secrétaire",
            "commissioner",
            "comisario",
            "commissaire",
        ];
        self.is_word(of)
            && matches!(self.w(of), "of" | "de" | "des" | "del" | "du")
            && self.is_word(title)
            && PORTFOLIO_TITLES.contains(&self.w(title))
            && self.same_line(title, first)
    }

    /// Words that are no name whatever their capitals: contractions ("I’m"),
    /// single letters, hashtags and accounts, attitudes ("Pro-Beijing"),
    /// acronyms of things, words in capitals for emphasis, currencies.
    fn is_no_name(&self, ws: &[usize], text: &str, lw: &str) -> bool {
        let (first, last) = (ws[0], ws[ws.len() - 1]);
        let single = ws.len() == 1;
        if single && (text.contains('\'') || text.contains('’')) && !self.is_known_name(text) {
            // "I’m", "Don't" (not "L'Express")
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
    // Long: one decision list, the strongest evidence first; the order of its
    // branches is the order of precedence, which pieces would hide.
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
        let listed_org = self.lex.organisation(text).filter(|_| trust_registry);
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
        } else if let Some(p) = self.lex.place(text).filter(|_| {
            // French "La" is no "LA"
            !(single
                && !is_all_caps(text)
                && crate::analysis::text::lang::own_function_words()
                    .is_some_and(|o| o.contains(lw)))
        }) {
            c.set_listed_place(p, evidence::GAZETTEER);
        } else if let Some(o) = listed_org.filter(|o| !o.weak) {
            c.kind = MentionKind::Organization;
            c.key = self.listed_org_key(o);
            c.strength = evidence::ORGANISATION_LIST;
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
            c.key = match region_noun(self.w(last)) {
                // one key for the region in every case ("Белгородская
                // область", "Белгородской области", "Краснодарском крае")
                // (the gazetteer's key when it lists the region: its
                // nominative and the case in the text share the stems)
                Some(noun) if k == MentionKind::Place => {
                    let adjective = self.span_text(&ws[..ws.len() - 1]);
                    match self.lex.place(&format!("{adjective} {noun}")) {
                        Some(p) => p.key.clone(),
                        None => slug(&format!("{} {noun}", stem_words(&normalize(&adjective)))),
                    }
                }
                _ => org_key(text, self.lex),
            };
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
        } else if let Some(o) = listed_org.filter(|_| {
            // a weak place too: after "in", "along the" it is the place
            // ("the floods in Lazio"), else the tagger decides on the club
            !(after_loc && self.lex.weak_place(text).is_some())
        }) {
            // (weak: a strong one was taken above)
            c.kind = MentionKind::Organization;
            c.key = self.listed_org_key(o);
            c.strength = evidence::ORGANISATION_LIST_WEAK;
        } else if let Some(p) = self.lex.weak_place(text).filter(|_| {
            // the context decides first: "Hamilton, Ohio", "Madison said",
            // a given name alone ("Tracy", "Лариса")
            let context_speaks = before_state
                || followed_by_say
                || preceded_by_say
                || (single && self.lex.is_first_name(text));
            !context_speaks
        }) {
            c.set_listed_place(p, evidence::GAZETTEER_WEAK);
        } else if self.portfolio_after_title(first) {
            // "el ministro de Asuntos Exteriores", "the minister of Foreign
            // Affairs": a portfolio, neither a person nor a name to keep
            return false;
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
        } else if after_loc || single && self.route_start(first, last) {
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
        let first = ws[0];
        if ws.len() != 1 || first < 2 || !self.in_brackets(first) {
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
        // a company's product: "Google Chrome", "Adidas Terrex" (not a
        // person after it, "Tencent Pony Ma", nor a language, "BBC Persian")
        if self.products.contains(&first)
            && !self.lex.is_first_name(self.w(first))
            && !self.lex.is_demonym(self.w(first))
            && !looks_east_asian(&ws.iter().map(|&i| self.w(i)).collect::<Vec<_>>())
        {
            return true;
        }
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
