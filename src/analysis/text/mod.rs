//! # The text kernel: what every rule needs to know about words and scripts
//!
//! Small, pure helpers that several rules share, each written once: which
//! script a character is in, how a word is folded for comparison, how the
//! bundled word lists are read, and the calendar (month and weekday names in
//! English, Russian and German, and date arithmetic). A rule that needs one
//! of these takes it from here rather than keeping its own copy, so the rules
//! cannot drift apart on what, say, "a Cyrillic word" or "a month name" is.

pub mod dates;
pub mod lang;
pub mod names;
pub mod speech;

/// True for a letter of the Cyrillic script (the Unicode blocks Cyrillic and
/// Cyrillic Supplement).
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// True when `s` holds a Cyrillic letter.
pub fn has_cyrillic(s: &str) -> bool {
    s.chars().any(is_cyrillic)
}

/// A word folded for comparison: lower case, `ё` written as `е`, and the
/// typographic apostrophe `’` as `'`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'ё' => 'е',
            '’' => '\'',
            c => c,
        });
    }
    out
}

/// The entries of a bundled word list: its lines, trimmed, without blank lines
/// and `#` comments.
pub fn data_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The entries of several bundled word lists read as one (an English and a
/// Russian list of the same words).
pub fn data_lines_of<const N: usize>(
    lists: [&'static str; N],
) -> impl Iterator<Item = &'static str> {
    lists.into_iter().flat_map(data_lines)
}

/// A count with thousands separated: `100000` → `100,000`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The plural ending of a count: `""` for one, `"s"` otherwise ("1 line",
/// "3 lines").
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A 64-bit hash that is the same in every run and every build (XXH3), for keys
/// that are kept on disk.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The first `n` characters of `s`, with "…" when it was longer (for messages
/// and hovers).
pub fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        assert!(is_cyrillic('Ж'));
        assert!(is_cyrillic('ё'));
        assert!(is_cyrillic('ԁ'), "Cyrillic Supplement");
        assert!(!is_cyrillic('J'));
        assert!(has_cyrillic("NATO и Россия"));
        assert!(!has_cyrillic("NATO and Russia 🙂"));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("Don’t"), "don't");
        assert_eq!(fold("İSTANBUL"), "i̇stanbul");
    }

    #[test]
    fn word_lists() {
        let list = "# a comment\n\n  said  \n  # indented comment\nзаявил\n";
        assert_eq!(data_lines(list).collect::<Vec<_>>(), ["said", "заявил"]);
    }
}
