//! Stage 4: decisions over the whole report: one sense per report (a surname
//! alone is the person named in full elsewhere), sentence-start doubts, sports
//! teams; then the surviving candidates as mentions.

use super::doc::word_form;
use super::doc::Doc;
use super::lexicon::PARTICLES;
use super::mention::Mention;
use super::registry::normalize;
use super::registry::MentionKind;
use super::tokens::is_all_caps;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// In a German report, a one-word name typed by less evidence than this (a
/// guess from its shape or place, or the tagger's) is dropped as a noun.
const GERMAN_SINGLE_WORD_AT: f32 = 2.0;

impl<'a> Doc<'a> {
    /// Document-level decisions: one sense per report, sentence-start doubts,
    /// sports teams.
    pub(super) fn resolve(&mut self) {
        self.surnames_are_full_names();
        self.parts_of_things_are_things();
        self.one_sense_per_report();
        self.drop_unvouched_sentence_starts();
        self.sports_teams();
        self.carry_full_names();
    }

    /// In a sports report, countries playing are teams, and so are places
    /// that are clubs of the organisation list ("Bayern", "Sevilla"), unless
    /// a place word points at them ("the floods in Lazio"). Run again after
    /// the tagger, which reads single names without knowing the report is
    /// about a match ("his move from Tottenham to Bayern Munich").
    pub(super) fn sports_teams(&mut self) {
        if self.sports {
            for i in 0..self.cands.len() {
                let c = &self.cands[i];
                if c.after_locative {
                    continue;
                }
                let club = (c.kind == MentionKind::Place)
                    .then(|| self.lex.organisation(&self.text[c.range.clone()]))
                    .flatten()
                    .filter(|o| o.class == super::lexicon::OrgClass::Club)
                    .map(|o| self.listed_org_key(o));
                let c = &mut self.cands[i];
                if let Some(key) = club {
                    c.kind = MentionKind::Organization;
                    c.key = key;
                } else if c.gazetteer_country {
                    c.kind = MentionKind::Organization;
                }
            }
        }
    }

    /// Full person names written in the report: their words alone are them
    /// ("Warhol" after "Andy Warhol", even "Paris" after "Valeska Paris").
    fn surnames_are_full_names(&mut self) {
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
                    // a full name the tagger may still retype (typed by a
                    // particle or a verb of saying: "Conservatoire de
                    // Paris", "Penon de Coron") makes its words persons only
                    // weakly: the tagger decides them, and a listed place
                    // stays one ("in Paris")
                    let strength = if c.strength >= 3.0 { 4.5 } else { 2.2 };
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
    }

    /// Products and vehicles: "Atlantis" after "Space Shuttle Atlantis", "IE"
    /// after "IE6".
    fn parts_of_things_are_things(&mut self) {
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
    }

    /// One sense per report: the strongest typing of the same text wins.
    fn one_sense_per_report(&mut self) {
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
    }

    /// Sentence-start doubts: keep only what the report vouches for (the word
    /// written capitalised elsewhere, or evidence of some strength).
    fn drop_unvouched_sentence_starts(&mut self) {
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
    }

    /// Full names for persons written with a surname only, from the report.
    pub(super) fn carry_full_names(&mut self) {
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

    /// The candidates as mentions, the first of overlapping ones kept.
    pub(super) fn into_mentions(self) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::with_capacity(self.cands.len());
        let mut cands = self.cands;
        cands.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
        // German writes every noun with a capital: one word that only a
        // guess made a name ("vor Journalisten", "das Sanktionspaket") is a
        // noun, unless the report or a list vouches for it
        let german = crate::analysis::text::lang::current() == Some(whatlang::Lang::Deu);
        for c in cands {
            if german
                && c.strength < GERMAN_SINGLE_WORD_AT
                && !self.text[c.range.clone()].contains(char::is_whitespace)
                && !is_all_caps(&self.text[c.range.clone()])
            {
                continue;
            }
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
