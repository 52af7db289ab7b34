//! Test fixtures as data: several short reports in one string, with markers for
//! the cursor and for expected ranges. Unit tests (byte ranges) and protocol
//! tests (`tests/support`, which turns them into protocol positions and writes
//! the files) read fixtures with this one parser.
//!
//! ```text
//! //- ria/2022-01-14.txt
//! MOSCOW, January 14 - RIA Novosti. Lavrov said: "We are $0waiting."
//! //- tass/2022-01-14.txt
//! ⟦Войти⟧
//! ```
//!
//! `//- NAME` starts a file (a fixture without one is a single file named
//! `report.txt`); `$0` marks the cursor (one per fixture) and `⟦…⟧` an expected
//! range. The markers are not part of the text. A file's lines may be indented
//! by four spaces in the fixture (as in an indented raw string); the indent is
//! removed.

use std::ops::Range;

/// A parsed fixture.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixture {
    /// Each file's name and text, in order.
    pub files: Vec<(String, String)>,
    /// The file and byte offset of `$0`.
    pub cursor: Option<(String, usize)>,
    /// Every `⟦…⟧`: the file and the byte range, in order.
    pub ranges: Vec<(String, Range<usize>)>,
}

impl Fixture {
    /// Read a fixture. Panics on a malformed one (a `⟧` without its `⟦`, a
    /// second `$0`): fixtures are written by hand for tests.
    pub fn parse(spec: &str) -> Fixture {
        let mut raw: Vec<(String, String)> = Vec::new();
        for line in spec.lines() {
            if let Some(name) = line.trim_start().strip_prefix("//- ") {
                raw.push((name.trim().to_string(), String::new()));
                continue;
            }
            if raw.is_empty() {
                if line.trim().is_empty() {
                    continue; // the blank line after the opening quote
                }
                raw.push(("report.txt".to_string(), String::new()));
            }
            let (_, t) = raw.last_mut().expect("a file");
            t.push_str(line.strip_prefix("    ").unwrap_or(line));
            t.push('\n');
        }
        let mut out = Fixture::default();
        for (name, marked) in raw {
            let mut text = String::with_capacity(marked.len());
            let mut open: Option<usize> = None;
            let mut rest = marked.as_str();
            while let Some(c) = rest.chars().next() {
                if let Some(r) = rest.strip_prefix("$0") {
                    assert!(out.cursor.is_none(), "a second $0 in the fixture");
                    out.cursor = Some((name.clone(), text.len()));
                    rest = r;
                    continue;
                }
                match c {
                    '⟦' => open = Some(text.len()),
                    '⟧' => {
                        let start = open.take().expect("⟧ without ⟦");
                        out.ranges.push((name.clone(), start..text.len()));
                    }
                    c => text.push(c),
                }
                rest = &rest[c.len_utf8()..];
            }
            assert!(open.is_none(), "⟦ without ⟧ in {name}");
            out.files.push((name, text));
        }
        out
    }

    /// The text of the file `name`.
    pub fn text(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no file {name} in the fixture"))
    }

    /// The expected ranges in the file `name`.
    pub fn ranges_in(&self, name: &str) -> Vec<Range<usize>> {
        self.ranges
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_cursor_and_ranges() {
        let f = Fixture::parse(
            r#"
//- a.txt
    МОСКВА, 14 января. Лавров $0сказал: ⟦«Мы ждём»⟧.
//- b/c.txt
⟦Войти⟧ 🙂
"#,
        );
        assert_eq!(f.files.len(), 2);
        let a = f.text("a.txt");
        assert_eq!(a, "МОСКВА, 14 января. Лавров сказал: «Мы ждём».\n");
        let (file, at) = f.cursor.clone().unwrap();
        assert_eq!((file.as_str(), &a[at..at + 12]), ("a.txt", "сказал"));
        assert_eq!(&a[f.ranges_in("a.txt")[0].clone()], "«Мы ждём»");
        assert_eq!(
            &f.text("b/c.txt")[f.ranges_in("b/c.txt")[0].clone()],
            "Войти"
        );
    }

    #[test]
    fn one_file_without_a_name() {
        let f = Fixture::parse("\nMOSCOW, Jan. 14 - RIA. ⟦Hi⟧\n");
        assert_eq!(f.files[0].0, "report.txt");
        assert_eq!(f.ranges_in("report.txt"), vec![23..25]);
    }
}
