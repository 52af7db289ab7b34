//! Open documents: the editor's text in a rope, updated by incremental changes, with
//! LSP positions converted in the negotiated encoding (UTF-8 or UTF-16).

use crate::analysis::lines::Encoding;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

/// One document open in the editor. Its text wins over the file on disk.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Apply one change event (a range replacement, or the whole text).
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let start = self.char_index(range.start, enc);
                let end = self.char_index(range.end, enc).max(start);
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
            }
        }
    }

    /// The char index of an LSP position. Past the end of a line clamps to the line's
    /// end; past the last line clamps to the end of the text; inside a character (a
    /// UTF-16 surrogate pair, a UTF-8 sequence) moves to its start.
    pub fn char_index(&self, pos: Position, enc: Encoding) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let start = rope.line_to_char(line);
        let end = start + line_len_without_break(rope, line);
        match enc {
            Encoding::Utf16 => {
                let start16 = rope.char_to_utf16_cu(start);
                let end16 = rope.char_to_utf16_cu(end);
                let target = (start16 + pos.character as usize).min(end16);
                rope.utf16_cu_to_char(target)
            }
            Encoding::Utf8 => {
                let start8 = rope.char_to_byte(start);
                let end8 = rope.char_to_byte(end);
                let target = (start8 + pos.character as usize).min(end8);
                rope.byte_to_char(target)
            }
        }
    }
}

fn line_len_without_break(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut n = slice.len_chars();
    if n > 0 && slice.char(n - 1) == '\n' {
        n -= 1;
    }
    if n > 0 && slice.char(n - 1) == '\r' {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lines::{LineIndex, Pos};
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::Range;

    const PIECES: &[&str] = &[
        "a",
        "Z",
        " ",
        "Лавров",
        "ё",
        "“",
        "”",
        "«",
        "»",
        "„",
        "’",
        "😀",
        "👍🏽",
        "\n",
        "\r\n",
        "\r",
        "NATO",
        "é",
        "𝔸",
        "\u{200b}",
    ];

    fn boundaries(text: &str) -> Vec<usize> {
        // char boundaries that are not between the \r and \n of a CRLF
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .filter(|&i| {
                !(i > 0
                    && text.as_bytes()[i - 1] == b'\r'
                    && text.as_bytes().get(i) == Some(&b'\n'))
            })
            .collect()
    }

    fn run(enc: Encoding, ops: Vec<(u16, u16, Vec<u8>, bool)>) {
        let mut reference = String::from("MOSCOW, January 14 - RIA Novosti.\r\n«Мы за»\n");
        let mut doc = Document::new(&reference, 1);
        for (a, b, piece_ids, past_end) in ops {
            let idx = LineIndex::new(&reference);
            let bs = boundaries(&reference);
            let x = bs[a as usize % bs.len()];
            let y = bs[b as usize % bs.len()];
            let (s, e) = (x.min(y), x.max(y));
            let insert: String = piece_ids
                .iter()
                .map(|i| PIECES[*i as usize % PIECES.len()])
                .collect();
            let mut start = idx.pos(&reference, s, enc);
            let end = idx.pos(&reference, e, enc);
            if past_end && s == e {
                // a column past the line's end clamps to the end of the line
                let le = idx.line_range(&reference, start.line as usize).end;
                let end_pos = idx.pos(&reference, le, enc);
                start = Pos {
                    line: end_pos.line,
                    col: end_pos.col + 7,
                };
                let off = idx.offset(&reference, start, enc);
                assert_eq!(off, le);
                reference.insert_str(off, &insert);
                let p = Position {
                    line: start.line,
                    character: start.col,
                };
                doc.apply(&change(p, p, &insert), enc);
            } else {
                reference.replace_range(s..e, &insert);
                let (ps, pe) = (
                    Position {
                        line: start.line,
                        character: start.col,
                    },
                    Position {
                        line: end.line,
                        character: end.col,
                    },
                );
                doc.apply(&change(ps, pe, &insert), enc);
            }
            assert_eq!(doc.text(), reference);
        }
    }

    fn change(s: Position, e: Position, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start: s, end: e }),
            range_length: None,
            text: text.to_string(),
        }
    }

    fn ops() -> impl Strategy<Value = Vec<(u16, u16, Vec<u8>, bool)>> {
        proptest::collection::vec(
            (
                any::<u16>(),
                any::<u16>(),
                proptest::collection::vec(any::<u8>(), 0..4),
                proptest::bool::weighted(0.1),
            ),
            1..120,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_edits_utf16(ops in ops()) { run(Encoding::Utf16, ops); }
        #[test]
        fn random_edits_utf8(ops in ops()) { run(Encoding::Utf8, ops); }
    }

    #[test]
    fn whole_text_replacement() {
        let mut d = Document::new("old", 1);
        d.apply(
            &TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new 😀".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(d.text(), "new 😀");
    }
}
