//! Line geometry of a report: where lines start, and conversion between byte offsets
//! and (line, column) positions in UTF-8 or UTF-16 code units.
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as in the Language Server Protocol.

use std::ops::Range;

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default; an emoji counts 2, a Cyrillic letter 1).
    #[default]
    Utf16,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A position in both encodings, computed once so that it can be shown without
/// the text (a place in another report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Point {
    pub line: u32,
    /// Column in UTF-16 code units.
    pub col16: u32,
    /// Column in bytes of UTF-8.
    pub col8: u32,
}

impl Point {
    /// The position of byte `offset` of `text`.
    pub fn at(text: &str, lines: &LineIndex, offset: usize) -> Point {
        let p16 = lines.pos(text, offset, Encoding::Utf16);
        let p8 = lines.pos(text, offset, Encoding::Utf8);
        Point {
            line: p16.line,
            col16: p16.col,
            col8: p8.col,
        }
    }

    /// The start of line `line`.
    pub fn line_start(line: u32) -> Point {
        Point {
            line,
            col16: 0,
            col8: 0,
        }
    }

    pub fn pos(self, enc: Encoding) -> Pos {
        Pos {
            line: self.line,
            col: match enc {
                Encoding::Utf16 => self.col16,
                Encoding::Utf8 => self.col8,
            },
        }
    }
}

/// Line starts of one text, for offset and position conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; always begins with 0.
    starts: Vec<usize>,
    len: usize,
    /// UTF-16 length of the text up to every [`UTF16_BLOCK`]th byte, made the
    /// first time a column far into a long line is asked for, so that a
    /// column costs at most one block of counting however long the line.
    utf16: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// Columns nearer than this to their line's start are counted directly.
const UTF16_BLOCK: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
            utf16: std::sync::OnceLock::new(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset of the start of `line` (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let b = text.as_bytes();
        if end > start && b.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Position of byte `offset` (clamped, and moved back to a char boundary).
    pub fn pos(&self, text: &str, offset: usize, enc: Encoding) -> Pos {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 if offset - start <= UTF16_BLOCK => utf16_len(&text[start..offset]),
            Encoding::Utf16 => self.utf16_before(text, offset) - self.utf16_before(text, start),
        };
        Pos {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The UTF-16 length of `text[..offset]` (`offset` on a char boundary), from
    /// the nearest block mark before it.
    fn utf16_before(&self, text: &str, offset: usize) -> usize {
        let marks = self.utf16.get_or_init(|| {
            let mut marks = Vec::with_capacity(text.len() / UTF16_BLOCK + 1);
            let (mut at, mut units) = (0, 0);
            while at <= text.len() {
                marks.push((at, units));
                let mut next = (at + UTF16_BLOCK).min(text.len());
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                if next <= at {
                    break;
                }
                units += utf16_len(&text[at..next]);
                at = next;
            }
            marks
        });
        let i = marks
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1);
        let (b, units) = marks[i];
        units + utf16_len(&text[b..offset])
    }

    /// Byte offset of a position. A column past the end of its line is clamped to the
    /// line's end; a column inside a character moves to the character's start; a line
    /// past the end of the text gives the text's length.
    pub fn offset(&self, text: &str, pos: Pos, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.clone()];
        let want = pos.col as usize;
        match enc {
            Encoding::Utf8 => {
                let mut o = want.min(line_text.len());
                while !line_text.is_char_boundary(o) {
                    o -= 1;
                }
                range.start + o
            }
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in line_text.char_indices() {
                    let next = units + c.len_utf16();
                    if next > want {
                        return range.start + i;
                    }
                    units = next;
                }
                range.end
            }
        }
    }
}

/// Split a text into its lines (without line breaks), with their byte ranges.
pub fn lines_with_ranges(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let index = LineIndex::new(text);
    (0..index.line_count()).map(move |l| {
        let r = index.line_range(text, l);
        (r.clone(), &text[r])
    })
}

/// The number of UTF-16 code units of `s`.
fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_cyrillic_and_emoji() {
        let text = "Войти\r\nЛавров 😀 said\rend\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let said = text.find("said").unwrap();
        assert_eq!(
            idx.pos(text, said, Encoding::Utf16),
            Pos { line: 1, col: 10 }
        );
        assert_eq!(
            idx.pos(text, said, Encoding::Utf8),
            Pos { line: 1, col: 18 }
        );
        assert_eq!(
            idx.offset(text, Pos { line: 1, col: 10 }, Encoding::Utf16),
            said
        );
        assert_eq!(
            idx.offset(text, Pos { line: 1, col: 18 }, Encoding::Utf8),
            said
        );
        // inside the surrogate pair: moves to the emoji's start
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            idx.offset(text, Pos { line: 1, col: 8 }, Encoding::Utf16),
            emoji
        );
        assert_eq!(&text[idx.line_range(text, 2)], "end");
        assert_eq!(
            idx.offset(text, Pos { line: 9, col: 0 }, Encoding::Utf16),
            text.len()
        );
        assert_eq!(
            idx.offset(text, Pos { line: 0, col: 99 }, Encoding::Utf16),
            "Войти".len()
        );
    }

    #[test]
    fn utf16_columns_far_into_a_long_line() {
        // a line of 30,000 characters mixing Latin, Cyrillic and emoji, after a short line
        let line: String = "Лавров said 👍 «да» and ".repeat(1500);
        let text = format!("MOSCOW\n{line}\nend");
        let idx = LineIndex::new(&text);
        let start = idx.line_start(1);
        let mut checked = 0;
        for (off, _) in text.char_indices().step_by(97) {
            let p = idx.pos(&text, off, Encoding::Utf16);
            let l = idx.line_start(p.line as usize);
            let direct: usize = text[l..off].chars().map(char::len_utf16).sum();
            assert_eq!(p.col as usize, direct, "offset {off}");
            if l == start && off - start > 4 * UTF16_BLOCK {
                checked += 1;
            }
            // and back
            assert_eq!(idx.offset(&text, p, Encoding::Utf16), off);
        }
        assert!(checked > 100, "{checked}");
    }
}
