//! Verbs of saying (`said`, `told`, `pointed out`, `заявил`), read once from
//! `lexicon/speech_verbs_en.txt` and `lexicon/speech_verbs_ru.txt`, and for a
//! report in German, French or Spanish ([`super::lang::current`]) also from
//! `speech_verbs_de.txt`, `_fr.txt` or `_es.txt` (`sagte`, `a déclaré`, `dijo`).
//!
//! The quote engine uses them to find who is quoted, the event engine to tell
//! the one who speaks about an event from those who take part in it, and the
//! boilerplate rule to tell a reported sentence from page furniture.

use super::{data_lines_of, fold};
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

struct SpeechVerbs {
    /// One-word verbs, folded.
    one: HashSet<String>,
    /// Two-word verbs ("pointed out"), folded, one space between.
    two: HashSet<String>,
}

impl SpeechVerbs {
    fn of<const N: usize>(files: [&'static str; N]) -> SpeechVerbs {
        let mut one = HashSet::default();
        let mut two = HashSet::default();
        for line in data_lines_of(files) {
            let w = fold(line);
            if w.contains(' ') {
                two.insert(w);
            } else {
                one.insert(w);
            }
        }
        SpeechVerbs { one, two }
    }
}

/// The lists every report reads.
static VERBS: LazyLock<SpeechVerbs> = LazyLock::new(|| {
    SpeechVerbs::of([
        include_str!("../lexicon/speech_verbs_en.txt"),
        include_str!("../lexicon/speech_verbs_ru.txt"),
    ])
});
static GERMAN: LazyLock<SpeechVerbs> =
    LazyLock::new(|| SpeechVerbs::of([include_str!("../lexicon/speech_verbs_de.txt")]));
static FRENCH: LazyLock<SpeechVerbs> =
    LazyLock::new(|| SpeechVerbs::of([include_str!("../lexicon/speech_verbs_fr.txt")]));
static SPANISH: LazyLock<SpeechVerbs> =
    LazyLock::new(|| SpeechVerbs::of([include_str!("../lexicon/speech_verbs_es.txt")]));

/// The list of the current report's own language, when it has one.
fn own() -> Option<&'static SpeechVerbs> {
    use super::lang::Lang;
    match super::lang::current()? {
        Lang::Deu => Some(&GERMAN),
        Lang::Fra => Some(&FRENCH),
        Lang::Spa => Some(&SPANISH),
        _ => None,
    }
}

/// Whether `word` is a one-word verb of saying, in any case.
pub fn is_speech_verb(word: &str) -> bool {
    is_folded_speech_verb(&fold(word))
}

/// Whether the already folded word is a one-word verb of saying.
pub fn is_folded_speech_verb(folded: &str) -> bool {
    VERBS.one.contains(folded) || own().is_some_and(|v| v.one.contains(folded))
}

/// Whether two folded words make a two-word verb of saying ("pointed out").
pub fn is_folded_speech_verb_pair(first: &str, second: &str) -> bool {
    let mut s = String::with_capacity(first.len() + second.len() + 1);
    s.push_str(first);
    s.push(' ');
    s.push_str(second);
    VERBS.two.contains(&s) || own().is_some_and(|v| v.two.contains(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reports_own_language_adds_its_verbs() {
        use crate::analysis::text::lang::{with, Lang};
        assert!(!is_speech_verb("sagte"));
        assert!(with(Some(Lang::Deu), || is_speech_verb("Sagte")));
        assert!(with(Some(Lang::Fra), || is_folded_speech_verb_pair(
            "a",
            "déclaré"
        )));
        assert!(with(Some(Lang::Spa), || is_speech_verb("dijo")));
        // English and Russian in every report
        assert!(with(Some(Lang::Fra), || is_speech_verb("said")
            && is_speech_verb("заявил")));
        assert!(!with(Some(Lang::Fra), || is_speech_verb("sagte")));
    }

    #[test]
    fn one_and_two_word_verbs_in_both_languages() {
        assert!(is_speech_verb("Said"));
        assert!(is_speech_verb("заявил"));
        assert!(!is_speech_verb("table"));
        assert!(is_folded_speech_verb_pair("pointed", "out"));
        assert!(!is_folded_speech_verb_pair("pointed", "at"));
    }
}
