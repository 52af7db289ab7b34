//! Verbs of saying (`said`, `told`, `pointed out`, `заявил`), read once from
//! `lexicon/speech_verbs_en.txt` and `lexicon/speech_verbs_ru.txt`.
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

static VERBS: LazyLock<SpeechVerbs> = LazyLock::new(|| {
    let mut one = HashSet::default();
    let mut two = HashSet::default();
    for line in data_lines_of([
        include_str!("../lexicon/speech_verbs_en.txt"),
        include_str!("../lexicon/speech_verbs_ru.txt"),
    ]) {
        let w = fold(line);
        if w.contains(' ') {
            two.insert(w);
        } else {
            one.insert(w);
        }
    }
    SpeechVerbs { one, two }
});

/// Whether `word` is a one-word verb of saying, in any case.
pub fn is_speech_verb(word: &str) -> bool {
    VERBS.one.contains(&fold(word))
}

/// Whether the already folded word is a one-word verb of saying.
pub fn is_folded_speech_verb(folded: &str) -> bool {
    VERBS.one.contains(folded)
}

/// Whether two folded words make a two-word verb of saying ("pointed out").
pub fn is_folded_speech_verb_pair(first: &str, second: &str) -> bool {
    let mut s = String::with_capacity(first.len() + second.len() + 1);
    s.push_str(first);
    s.push(' ');
    s.push_str(second);
    VERBS.two.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_two_word_verbs_in_both_languages() {
        assert!(is_speech_verb("Said"));
        assert!(is_speech_verb("заявил"));
        assert!(!is_speech_verb("table"));
        assert!(is_folded_speech_verb_pair("pointed", "out"));
        assert!(!is_folded_speech_verb_pair("pointed", "at"));
    }
}
