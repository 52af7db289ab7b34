//! Stage 2: runs of capitalised words as candidate names, cut where a name
//! ends ("of", particles and initials go on; possessives, commas and quotes
//! end a run), and each chunk split into its title and its names.

use super::doc::word_form;
use super::doc::Doc;
use super::lexicon::is_ru_org_head;
use super::lexicon::region_noun;
use super::lexicon::ARTICLE_PARTICLES;
use super::lexicon::NAME_ARTICLES;
use super::lexicon::PARTICLES;
use super::lexicon::PRESS_HEADS;
use super::registry::normalize;
use super::registry::MentionKind;
use super::tokens::is_all_caps;
use super::tokens::is_upper_start;
use super::tokens::Tk;
use super::tokens::DOT_ABBREVIATIONS;
use crate::analysis::text::dates::{month_number, weekday_number};
use crate::analysis::text::is_cyrillic;
use rustc_hash::FxHashSet as HashSet;

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

impl<'a> Doc<'a> {
    /// Walk the tokens and collect candidate chunks.
    pub(super) fn chunk_all(&mut self) {
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
                if self.w(j) == "&" && self.cap(j + 1) && !self.cited_pair(i, j) {
                    end += 2;
                    continue;
                }
                break;
            }
            if self.russian_region_noun(j) {
                end += 1;
                // on into the name after it only from a title: "Губернатор
                // Белгородской области Вячеслав Гладков" ("В Белгородской
                // области ВСУ …" stops)
                if self.lex.is_title_noun(self.w(i)) {
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
            // two particles: "Ursula von der Leyen", "Juan de la Cruz"
            if PARTICLES.contains(&lw.as_str())
                && next < self.toks.len()
                && self.is_word(next)
                && PARTICLES.contains(&self.w(next))
                && self.same_line(j, next)
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
        self.listed_name_beyond(i, end).unwrap_or(end)
    }

    /// Whether the lower-case word `j` is a Russian region noun after a
    /// capitalised adjective ("Белгородской области", "Краснодарский
    /// край"): the region's, and the run goes on after it ("Губернатор
    /// Белгородской области Вячеслав Гладков").
    fn russian_region_noun(&self, j: usize) -> bool {
        let adjective = |w: String| {
            w.chars().any(is_cyrillic)
                && ["ой", "ая", "ий", "ого", "ую", "ом", "ый", "ое"]
                    .iter()
                    .any(|e| w.ends_with(e))
        };
        j > 0
            && self.is_word(j)
            && self.cap(j - 1)
            && adjective(self.lower(j - 1))
            && region_noun(self.w(j)).is_some()
    }

    /// The end of the longest place or organisation of the lists that starts
    /// in the chunk `i..end` and goes on past its end across a word a run of
    /// capitalised words does not take: lower case, a digit, a dot ("Arabie
    /// saoudite", "Bosnien und Herzegowina", "Channel 4", "Booking.com",
    /// "Новой газеты", "La Côte d'Ivoire"). Within the line and the
    /// sentence; only from a word that opens such a name
    /// (`Lexicon::spread_tokens`), so the look is a hash probe a word for
    /// nearly every chunk and a few lookups at most.
    fn listed_name_beyond(&self, i: usize, end: usize) -> Option<usize> {
        (i..end).find_map(|k| {
            let most = self.lex.spread_tokens(self.w(k))?;
            let last = (k + most).min(self.toks.len());
            // a name already ("France", "России") goes on only into a
            // capitalised word ("Bosnia and Herzegovina"), not into a number
            // or a word ("France 24 hours", "России сегодня" are no channel
            // and no agency)
            let known = self.is_listed_name(&self.span_text(&[k, end - 1]));
            let mut found = None;
            for e in end + 1..=last {
                let t = &self.toks[e - 1];
                // a sentence's start, unless right after a dot with no
                // space ("Booking.com")
                let glued = self.toks[e - 2].end == t.start;
                // nor across a comma, a bracket or a quotation mark: a list's
                // "University of California, Berkeley" is two names in text
                let stop = t.kind == Tk::Punct
                    && !matches!(self.w(e - 1), "." | "-" | "–" | "—" | "'" | "’" | "&");
                if !self.same_line(k, e - 1) || stop || t.sent_start && !glued {
                    break;
                }
                if matches!(t.kind, Tk::Word | Tk::Num)
                    && (!known || self.cap(e - 1))
                    && self.is_listed_name(&self.span_text(&[k, e - 1]))
                {
                    found = Some(e);
                }
            }
            found
        })
    }

    /// "Makel & Plucker, 2014", "(Carrano & Biewener 2008)": two authors of a
    /// cited work, one word each side of the "&" at `amp` (the run started
    /// at `start`), the year right after; two names, not one.
    fn cited_pair(&self, start: usize, amp: usize) -> bool {
        let year = |k: usize| {
            k < self.toks.len()
                && self.toks[k].kind == Tk::Num
                && self
                    .w(k)
                    .parse::<u32>()
                    .is_ok_and(|y| (1500..=2100).contains(&y))
        };
        let after = amp + 2;
        amp == start + 1
            && after < self.toks.len()
            && self.same_line(amp, after)
            && (year(after) || matches!(self.w(after), "," | "(") && year(after + 1))
    }

    /// Russian organisation names: a capitalised head word ("Министерство"),
    /// then lower-case words up to the next capitalised one ("Министерство
    /// иностранных дел России"): the end of the name, if it is one.
    fn russian_organisation_end(&self, i: usize) -> Option<usize> {
        if !is_ru_org_head(&self.lower(i)) {
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
        // "Правительство Московской области": and the region's noun
        let j = if j > i + 1 && self.russian_region_noun(j) {
            j + 1
        } else {
            j
        };
        (j > i + 1 && (is_upper_start(self.w(j - 1)) || self.russian_region_noun(j - 1)))
            .then_some(j)
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
            // nor between two whole names: "University of California and
            // Columbia University", where the name before "and" opens with
            // a head word and the one after it is a name the lists know
            // ("Department of Health and Human Services" is one name: the
            // list knows it whole, and not "Human Services")
            "and" => {
                next == j + 1
                    && !self.lex.org_keywords.contains(&prev_l)
                    && !self.lex.place_keywords.contains(&prev_l)
                    && (has_of || self.right_run_ends_in_keyword(next))
                    && !(self.keyword_kind_one(i).is_some() && self.right_run_is_known(next))
            }
            "to" => self.lex.is_title_noun(prev),
            // a particle that is also an article ("der", "la") joins only
            // after a given name: "Präsidentin der Europäischen Kommission"
            // is no name, "Ursula von der Leyen" is
            // nor after a given name and a surname before an organisation:
            // "Josep Borrell del Servicio Europeo de Acción Exterior" is a
            // person and an organisation ("Palacio del Gobierno" one name)
            w if PARTICLES.contains(&w) => {
                next <= j + 2
                    && end - i <= 2
                    && (!ARTICLE_PARTICLES.contains(&w) || self.lex.is_first_name(prev))
                    && !(end - i == 2
                        && self.lex.is_first_name(self.w(i))
                        && self.run_holds_head_word(next))
            }
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

    /// Whether the run of capitalised words from `j` holds an organisation,
    /// place or event head word ("Servicio Europeo", "Universidad de…").
    fn run_holds_head_word(&self, mut j: usize) -> bool {
        while self.cap(j) && self.same_line(j, j.saturating_sub(1)) {
            if self.keyword_kind_one(j).is_some() {
                return true;
            }
            j += 1;
        }
        false
    }

    /// Whether the run of capitalised words from `j` (on its line, at most
    /// eight words) is a name the registry or the lists know.
    fn right_run_is_known(&self, j: usize) -> bool {
        let mut e = j;
        while e < j + 8 && self.cap(e) && self.same_line(j, e) {
            e += 1;
        }
        e > j && self.is_known_name(&self.span_text(&(j..e).collect::<Vec<_>>()))
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

    /// Where a run of capitalised words holds two names or a noun and a
    /// name: in German, a noun before a name the lists know ("die Zeitung El
    /// País"); in Russian, a sentence's first word before one ("Акции
    /// Газпрома"); in French, a word before a given name and a surname ("de
    /// l'Economie Bruno Le Maire", "de France Pierre Lambert").
    fn split_point(&self, ws: &[usize]) -> Option<usize> {
        use crate::analysis::text::lang::{current, Lang};
        // names are short: a longer run is not looked into (and the work
        // stays linear in the run)
        if ws.len() < 2 || ws.len() > 8 || self.is_known_name(&self.span_text(ws)) {
            return None;
        }
        // a head word names what follows it: "Universität Wien", "Rue Jean
        // Jaurès", "Lycée Victor Hugo" are one name (but "die Zeitung El
        // País" is a noun and a newspaper)
        let head = |i: usize| {
            let lw = self.lower(i);
            self.lex.org_keywords.contains(&lw) || self.lex.place_keywords.contains(&lw)
        };
        // a head word, or a Russian organisation's, before a place is the
        // place's own (its government, bank, court: "Правительство
        // Московской области")
        let head_of_place = |i: usize| {
            (head(i) || is_ru_org_head(&self.lower(i)))
                && self.lex.place(&self.span_text(&ws[1..])).is_some()
        };
        match current() {
            // (a title is kept with its name: "Bundeskanzler Olaf Scholz")
            Some(Lang::Deu) => (!self.lex.is_first_name(self.w(ws[0]))
                && !self.lex.is_title_noun(self.w(ws[0]))
                && !head_of_place(ws[0])
                && self.is_known_name(&self.span_text(&ws[1..])))
            .then_some(1),
            // Russian capitalises the first word of a sentence: "Акции
            // Газпрома выросли" opens with a noun, not a name, unless an
            // organisation's head word stands before a place ("Правительство
            // Московской области"; "Агентство Reuters" is still Reuters)
            _ if self.toks[ws[0]].sent_start
                && self.w(ws[0]).chars().any(is_cyrillic)
                && !self.lex.is_first_name(self.w(ws[0]))
                && !self.lex.is_title_noun(self.w(ws[0]))
                && !head_of_place(ws[0])
                && self.is_known_name(&self.span_text(&ws[1..])) =>
            {
                Some(1)
            }
            Some(Lang::Fra) => (1..ws.len() - 1).find(|&k| {
                self.lex.is_first_name(self.w(ws[k]))
                    && self.cap(ws[k - 1])
                    && !self.lex.is_first_name(self.w(ws[k - 1]))
                    && !self.lex.is_title_noun(self.w(ws[k - 1]))
                    && !head(ws[k - 1])
                    && !PARTICLES.contains(&self.lower(ws[k - 1]).as_str())
            }),
            _ => None,
        }
    }

    /// Where a company of the organisation list is followed by the name of
    /// one of its products: "Google Chrome", "Adidas Terrex", "Budweiser Man
    /// of the Match" are the company and a product (`Doc::products`); not
    /// when the words after it hold a head word ("Google Foundation") or a
    /// title ("NASA Administrator Charles Bolden"), or the list knows the
    /// whole ("Goldman Sachs"). Runs of two to eight words, as `split_point`.
    fn brand_before_product(&self, ws: &[usize]) -> Option<usize> {
        if ws.len() < 2
            || ws.len() > 8
            || !self.lex.opens_brand(self.w(ws[0]))
            || self.is_known_name(&self.span_text(ws))
        {
            return None;
        }
        (1..ws.len()).rev().find(|&k| {
            self.cap(ws[k])
                // "NASA Administrator Charles Bolden": a title and its holder
                && !self.lex.is_title_noun(self.w(ws[k]))
                && !self.lex.is_title_modifier(self.w(ws[k]))
                && ws[k..].iter().all(|&i| self.keyword_kind_one(i).is_none())
                && self
                    .lex
                    .organisation(&self.span_text(&ws[..k]))
                    .is_some_and(|o| !o.weak)
        })
    }

    /// Turn one chunk (token indices, words and connectors) into candidates.
    fn process_chunk(&mut self, words: &[usize]) {
        if let Some(k) = self.brand_before_product(words) {
            // the company, and a product that is no actor (`is_work_or_product`)
            self.products.insert(words[k]);
            self.process_chunk(&words[..k]);
            self.process_chunk(&words[k..]);
            return;
        }
        if let Some(k) = self.split_point(words) {
            self.process_chunk(&words[..k]);
            self.process_chunk(&words[k..]);
            return;
        }
        let mut ws: Vec<usize> = words.to_vec();
        // Drop leading common words (sentence starts, months, weekdays, "The").
        while let Some(&f) = ws.first() {
            if !self.drops_leading(f, &ws) {
                break;
            }
            ws.remove(0);
        }
        self.trim_trailing(&mut ws);
        if ws.is_empty() || self.add_titled(&ws) || self.add_owner_then_person(&ws) {
            return;
        }
        if let Some(role) = self.lowercase_role_before(ws[0]) {
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
        // "el ministro de Economía Carlos Cuerpo": the portfolio is no name,
        // the person after it is
        if self.portfolio_after_title(ws[0]) && !self.is_known_name(&self.span_text(&ws)) {
            if let Some(p) = (1..ws.len()).find(|&p| self.lex.is_first_name(self.w(ws[p]))) {
                self.add_typed(&ws[p..], None, 0.0);
            }
            return;
        }
        self.add_typed(&ws, None, 0.0);
    }

    /// Whether the first word `f` of chunk `ws` is dropped: a token that is not
    /// a capitalised word, a common word ("The", months, weekdays, sentence
    /// openers) that starts no known name, a sentence opener the report also
    /// writes in lower case.
    fn drops_leading(&self, f: usize, ws: &[usize]) -> bool {
        let w = self.w(f);
        let common = self.lex.is_common(w) && !self.lex.is_title_noun(w) && !is_all_caps(w);
        // an elided article cut off its word: `L'` of `L'Ukraine`
        if !self.is_word(f) || !self.cap(f) || w.ends_with(['\'', '’']) {
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
            let the_name =
                w == "The" && ws.len() == 2 && PRESS_HEADS.contains(&self.lower(ws[1]).as_str());
            // "the Home Office", "a New Democrats candidate": inside a sentence a
            // capitalised common word that opens a name ending in an
            // organisation or place word is the name's (not a month or a
            // weekday written out: "on Monday Parliament voted"; a weekday's
            // short form may open a name, "the Sun Life Assurance Company")
            let weekday_in_full = weekday_number(w).is_some() && w.len() >= "monday".len();
            let named_head = !self.toks[f].sent_start
                && month_number(w).is_none()
                && !weekday_in_full
                && self.keyword_kind(ws).is_some();
            // "according to The Onion": a capital "The" inside a sentence is
            // the name's
            // (and "Le Monde", "Der Spiegel", "El País", "Bruno Le Maire")
            let inner_the = NAME_ARTICLES.contains(&w) && !self.toks[f].sent_start && ws.len() > 1;
            !(known || the_name || named_head || inner_the)
        } else if self.toks[f].sent_start && ws.len() > 1 {
            // "Sensitive Canadian document …", "Nonpartisan Paul Tse": a word
            // the report also writes in lower case opens the sentence
            let lw = word_form(&w.to_lowercase());
            self.lower_words.contains(&lw)
                && !self.lex.is_first_name(w)
                && !self.lex.org_keywords.contains(&lw)
                && self.lex.place(w).is_none()
                && self.reg.lookup_name(&self.span_text(ws)).is_none()
        } else {
            false
        }
    }

    /// Whether the registry, the place gazetteer or the organisation list
    /// knows `text` as a name.
    pub(super) fn is_known_name(&self, text: &str) -> bool {
        self.reg.lookup_name(text).is_some() || self.is_listed_name(text)
    }

    /// Whether the place gazetteer or the organisation list knows `text`.
    fn is_listed_name(&self, text: &str) -> bool {
        self.lex.place(text).is_some() || self.lex.organisation(text).is_some()
    }

    /// Drop trailing connectors and trailing common words ("NATO Wednesday"),
    /// and a kind of thing after a name ("Warhol Polaroids").
    fn trim_trailing(&self, ws: &mut Vec<usize>) {
        // a listed name ends where the list says: "Новая газета", "Channel 4";
        // a Russian region with its noun: "Белгородской области"
        let last = ws.last().copied();
        if last.is_some_and(|l| {
            ws.len() > 1
                && !self.cap(l)
                && (region_noun(self.w(l)).is_some() || self.is_listed_name(&self.span_text(ws)))
        }) {
            return;
        }
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
    }

    /// A chunk that starts with a title ("Russian Foreign Minister Sergei
    /// Lavrov"): the places and organisations named in the title, and the rest
    /// as a person with the title as role, or, after "of", as the owner of the
    /// role ("Co-founder of Google"). False when the chunk has no title.
    fn add_titled(&mut self, ws: &[usize]) -> bool {
        let Some((role_end, places)) = self.role_prefix(ws) else {
            return false;
        };
        let role = self.span_text(&ws[..role_end]);
        for (a, b) in places {
            self.add_typed(&ws[a..b], None, 0.0);
        }
        let rest: Vec<usize> = ws[role_end..].to_vec();
        let owner_start = rest
            .iter()
            .position(|&i| !matches!(self.w(i), "of" | "to" | "the" | "for" | "at" | "and"))
            .unwrap_or(rest.len());
        // a Russian title's owner no list knows, in the genitive before the
        // given name: "Губернатор Приморья Олег Кожемяко" (the role is
        // "Губернатор Приморья")
        let ru_owner = (owner_start == 0 && self.w(ws[0]).chars().any(is_cyrillic))
            .then(|| (1..rest.len()).find(|&p| self.lex.is_first_name(self.w(rest[p]))))
            .flatten()
            .filter(|_| !self.lex.is_first_name(self.w(rest[0])));
        if owner_start > 0 {
            // "Co-founder of Google": the rest names the owner of the role
            if owner_start < rest.len() {
                self.process_chunk(&rest[owner_start..]);
            }
        } else if let Some(p) = ru_owner {
            let role = self.span_text(&ws[..role_end + p]);
            self.add_person(&rest[p..], Some(role), 5.0);
        } else if !rest.is_empty() {
            self.add_person(&rest, Some(role), 5.0);
        }
        true
    }

    /// A known place or organisation, then a person ("NASA Bill Ingalls",
    /// "University of Texas Arlington Amneh Jafari"): both added, split before
    /// the given name. False when the chunk is not of that shape.
    fn add_owner_then_person(&mut self, ws: &[usize]) -> bool {
        if ws.len() < 3 {
            return false;
        }
        for cut in (1..ws.len() - 1).rev() {
            if !self.cap(ws[cut]) || !self.lex.is_first_name(self.w(ws[cut])) {
                continue;
            }
            let head = self.span_text(&ws[..cut]);
            let named_head = (cut == 1 && is_all_caps(&head))
                || self
                    .keyword_kind(&ws[..cut])
                    .is_some_and(|k| matches!(k, MentionKind::Organization | MentionKind::Place));
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
                return true;
            }
        }
        false
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
    pub(super) fn span_text(&self, ws: &[usize]) -> String {
        match (ws.first(), ws.last()) {
            (Some(&a), Some(&b)) => self.text[self.toks[a].start..self.toks[b].end].to_string(),
            _ => String::new(),
        }
    }
}
