//! Abbreviations a report defines: "global sea surface salinity (SSS)",
//! "a System Under Test (SUT)", "the Kennedy Space Center (KSC)". An
//! abbreviation in brackets right after the words it abbreviates names what
//! those words name: when the finder names nothing there (a term of the
//! trade, written in lower case or in capitals as terms often are), the
//! abbreviation is no actor either, anywhere in the report (with or without
//! a plural "s"). (When the words are a name, the abbreviation already takes
//! its type and key while typing: `Doc::parenthesised_abbreviation`.) An
//! abbreviation the registry or the lists know stays a name whatever words
//! stand before it ("a party rally (AP)"), and a long form does not open
//! with a function word.
//!
//! The words are found as Schwartz and Hearst's algorithm finds the long form
//! of an abbreviation (2003): every letter of the abbreviation, read from
//! the end, matches a letter of the words before the bracket, the first
//! letter the start of a word, over at most `min(letters + 5, 2 × letters)`
//! words.

use super::doc::Doc;
use super::registry::normalize;
use super::tokens::Tk;
use rustc_hash::FxHashSet as HashSet;

impl Doc<'_> {
    /// Drops the names whose text is an abbreviation the report defines by
    /// words in which no name was found.
    pub(super) fn drop_defined_terms(&mut self) {
        let terms = self.defined_terms();
        if terms.is_empty() {
            return;
        }
        let text = self.text;
        self.cands
            .retain(|c| !terms.contains(&normalize(&text[c.range.clone()])));
    }

    /// The abbreviations (normalised, as written and without a plural
    /// "s") that the report defines in brackets after words that hold no
    /// name (and nowhere after a name). An abbreviation the registry or the
    /// lists know is a name whatever words stand before it ("a party rally
    /// (AP)" is still the agency), and a long form does not open with a
    /// function word ("a", "the").
    fn defined_terms(&self) -> HashSet<String> {
        if !self.text.contains('(') {
            return HashSet::default();
        }
        // tokens inside a name: each name marks its own tokens, once
        let mut named_tok = vec![false; self.toks.len()];
        for c in &self.cands {
            let from = self.toks.partition_point(|t| t.start < c.range.start);
            let inside = self.toks[from..]
                .iter()
                .take_while(|t| t.start < c.range.end)
                .count();
            named_tok[from..from + inside].fill(true);
        }
        let (mut terms, mut names) = (HashSet::default(), HashSet::default());
        for i in 2..self.toks.len().saturating_sub(1) {
            let Some(short) = self.bracketed_abbreviation(i) else {
                continue;
            };
            let Some(start) = self.long_form_start(i - 1, short) else {
                continue;
            };
            let forms = [normalize(self.w(i)), normalize(short)];
            let named = named_tok[start..i - 1].iter().any(|&n| n)
                || self.lex.is_common(self.w(start))
                || self.is_known_name(self.w(i))
                || self.is_known_name(short);
            if named { &mut names } else { &mut terms }.extend(forms);
        }
        terms.retain(|t| !names.contains(t));
        terms
    }

    /// The word at `i` when it is an abbreviation in capitals alone in
    /// brackets (`(SSS)`, `(NGOs)`), on the line of the word before the
    /// bracket; without a plural "s".
    fn bracketed_abbreviation(&self, i: usize) -> Option<&str> {
        if i < 2 || !self.in_brackets(i) || !self.is_word(i - 2) || !self.same_line(i - 2, i) {
            return None;
        }
        let w = self.w(i);
        let core = w.strip_suffix('s').unwrap_or(w);
        let letters = core.chars().count();
        let caps = core.chars().filter(|c| c.is_uppercase()).count();
        (letters >= 2 && caps == letters && core.chars().all(char::is_alphabetic)).then_some(core)
    }

    /// The first token of the words before the bracket at `open` that
    /// `short` abbreviates, if they do (see the module's comment).
    fn long_form_start(&self, open: usize, short: &str) -> Option<usize> {
        let letters: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
        let reach = (letters.len() + 5).min(letters.len() * 2);
        // the words before the bracket, nearest first, on its line
        let mut words = Vec::new();
        let mut j = open;
        while j > 0 && words.len() < reach {
            j -= 1;
            if !self.same_line(j, open) || self.toks[j].kind != Tk::Word {
                break;
            }
            words.push(j);
        }
        // letters of the abbreviation from the last, against the words'
        // letters from the last
        let mut want = letters.len();
        for &t in &words {
            let w: Vec<char> = self.w(t).chars().flat_map(char::to_lowercase).collect();
            let mut at = w.len();
            while want > 0 && at > 0 {
                let c = letters[want - 1];
                if want == 1 {
                    // the first letter starts a word
                    if w[0] == c {
                        return Some(t);
                    }
                    break;
                }
                at -= 1;
                if w[at] == c {
                    want -= 1;
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::registry::{MentionKind, Registry};
    use super::super::tests::names;
    use super::super::{find_with, Policy};

    fn found(text: &str) -> Vec<(String, MentionKind)> {
        names(&find_with(
            text,
            &[],
            &Registry::default(),
            None,
            &Policy::default(),
        ))
    }

    #[test]
    fn an_abbreviation_of_words_that_name_nothing_is_no_actor() {
        let t = "Satellites now measure global sea surface salinity (SSS) from orbit. \
                 The SSS maps were shown at the Kennedy Space Center (KSC) on Monday, \
                 and KSC staff answered questions.";
        let n = found(t);
        assert!(n.iter().all(|(x, _)| x != "SSS"), "{n:?}");
        assert!(
            n.iter().filter(|(x, _)| x == "KSC").count() == 2,
            "a name's abbreviation stays: {n:?}"
        );
    }

    #[test]
    fn a_known_name_and_a_plural_are_read_as_such() {
        let t = "Supporters cheer at a party rally (AP). The AP reported that \
                 non-governmental organisations (NGOs) met, and the NGOs left.";
        let n = names(&super::super::find(t, &[], Registry::bundled()));
        assert!(n.iter().any(|(x, _)| x == "AP"), "a listed agency: {n:?}");
        assert!(n.iter().all(|(x, _)| x != "NGOs"), "{n:?}");
    }

    #[test]
    fn the_long_form_is_found_by_its_letters() {
        let t = "The mass of the caudofemoralis longus (CFL) was measured by the \
                 National Aeronautics and Space Administration (NASA). CFL mass and \
                 NASA budgets rose.";
        let n = found(t);
        assert_eq!(n.iter().filter(|(x, _)| x == "NASA").count(), 2, "{n:?}");
        assert!(n.iter().all(|(x, _)| x != "CFL"), "{n:?}");
    }
}
