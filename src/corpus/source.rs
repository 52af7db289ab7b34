//! Reading a report from disk: size cap, UTF-8 check with a guess at the real
//! encoding, byte-order mark. A file that cannot be analysed becomes a [`Problem`]
//! that the corpus reports as one clear finding instead of failing.

use crate::analysis::rules::Rule;
use std::fmt;
use std::path::Path;

/// Why a file was not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not valid UTF-8. `guess` names the encoding it most likely is in.
    NotUtf8 {
        guess: Option<String>,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// Binary data (NUL bytes), not text.
    Binary,
    /// Over the size cap.
    TooLarge { size: u64, cap: u64 },
    /// The file could not be read at all.
    Unreadable(String),
}

impl Problem {
    /// The rule under which the problem is reported.
    pub fn rule(&self) -> Rule {
        match self {
            Problem::NotUtf8 { .. } | Problem::Binary => Rule::NotUtf8,
            Problem::TooLarge { .. } => Rule::FileTooLarge,
            Problem::Unreadable(_) => Rule::UnreadableFile,
        }
    }

    /// The rule code under which the problem is reported.
    pub fn code(&self) -> &'static str {
        self.rule().code()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotUtf8 { guess: Some(g), line } => write!(
                f,
                "This file is not UTF-8 (looks like {g}), so it was not analysed. The first bad byte is on line {line}. Convert it to UTF-8, e.g. `iconv -f {} -t UTF-8`.",
                g.to_ascii_uppercase()
            ),
            Problem::NotUtf8 { guess: None, line } => write!(
                f,
                "This file is not UTF-8, so it was not analysed. The first bad byte is on line {line}."
            ),
            Problem::Binary => write!(f, "This file holds binary data, not text, so it was not analysed."),
            Problem::TooLarge { size, cap } => write!(
                f,
                "This file is {} and over the {} limit, so it was not analysed. Raise `max_file_size` in newsdesk.toml to include it.",
                human_size(*size),
                human_size(*cap)
            ),
            Problem::Unreadable(e) => write!(f, "This file could not be read: {e}"),
        }
    }
}

/// "2.0 MiB", "512 KiB", "900 bytes".
pub fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// Turn a file's bytes into report text (a leading byte-order mark is dropped, as
/// editors do). A file that starts with a UTF-16 byte-order mark is read as
/// UTF-16, as editors read it.
pub fn decode(bytes: Vec<u8>) -> Result<String, Problem> {
    if let Some(enc) = utf16_bom(&bytes) {
        return decode_utf16(&bytes, enc);
    }
    if bytes.contains(&0) {
        return Err(Problem::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            let enc = det.guess(None, true);
            let guess = (enc != encoding_rs::UTF_8).then(|| pretty_encoding(koi8(enc, bytes)));
            Err(Problem::NotUtf8 { guess, line })
        }
    }
}

/// The UTF-16 encoding whose byte-order mark starts `bytes`.
pub fn utf16_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => None, // UTF-32LE: not read
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

fn decode_utf16(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Result<String, Problem> {
    match enc.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
        Some(text) if text.contains('\0') => Err(Problem::Binary),
        Some(text) => Ok(text.into_owned()),
        None => {
            // the first unit that does not decode: count the lines before it
            let (text, _) = enc.decode_without_bom_handling(&bytes[2..]);
            let bad = text.find('\u{fffd}').unwrap_or(text.len());
            Err(Problem::NotUtf8 {
                guess: Some(format!("{} with broken characters", enc.name())),
                line: text[..bad].matches('\n').count() + 1,
            })
        }
    }
}

/// chardetng names KOI8-U for any KOI8 text; it is KOI8-R unless a letter only
/// Ukrainian has (є і ї ґ, either case) is there.
fn koi8<'a>(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> &'a str {
    const UKRAINIAN: [u8; 8] = [0xA4, 0xA6, 0xA7, 0xAD, 0xB4, 0xB6, 0xB7, 0xBD];
    if enc == encoding_rs::KOI8_U && !bytes.iter().any(|b| UKRAINIAN.contains(b)) {
        "KOI8-R"
    } else {
        enc.name()
    }
}

fn pretty_encoding(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        n if n.starts_with("windows-") => format!("Windows-{}", &name[8..]),
        "koi8-r" => "KOI8-R".into(),
        "koi8-u" => "KOI8-U".into(),
        "ibm866" => "IBM866 (DOS Cyrillic)".into(),
        _ => name.to_string(),
    }
}

/// What identifies one version of a file on disk without reading it: its size
/// and modification time. An on-disk index entry is trusted only for the same
/// stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Stamp {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp {
            size: meta.len(),
            mtime_ns,
        }
    }

    /// The stamp of the file at `path`, when it is a regular file.
    pub fn read(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        meta.is_file().then(|| Stamp::of(&meta))
    }
}

/// Read a report from disk, applying the size cap.
pub fn load(path: &Path, cap: u64) -> Result<String, Problem> {
    load_stamped(path, cap).0
}

/// Read a report from disk, applying the size cap, with the stamp of what was read
/// (taken before reading, so that a change during the read shows as a new stamp
/// later). Only regular files are read, and never more than the cap (a special
/// file may report any size).
pub fn load_stamped(path: &Path, cap: u64) -> (Result<String, Problem>, Option<Stamp>) {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return (Err(Problem::Unreadable(e.to_string())), None),
    };
    if !meta.is_file() {
        return (Err(Problem::Unreadable("not a regular file".into())), None);
    }
    let stamp = Stamp::of(&meta);
    if meta.len() > cap {
        return (
            Err(Problem::TooLarge {
                size: meta.len(),
                cap,
            }),
            Some(stamp),
        );
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let read = std::fs::File::open(path).and_then(|f| f.take(cap + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return (Err(Problem::Unreadable(e.to_string())), Some(stamp));
    }
    if bytes.len() as u64 > cap {
        return (
            Err(Problem::TooLarge {
                size: bytes.len() as u64,
                cap,
            }),
            Some(stamp),
        );
    }
    (decode(bytes), Some(stamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_is_named() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("МОСКВА, 14 января - РИА Новости. Министр иностранных дел России Сергей Лавров заявил, что переговоры продолжатся.");
        let p = decode(bytes.into_owned()).unwrap_err();
        assert_eq!(
            p,
            Problem::NotUtf8 {
                guess: Some("Windows-1251".into()),
                line: 1
            }
        );
        assert!(p
            .to_string()
            .contains("not UTF-8 (looks like Windows-1251)"));
    }

    #[test]
    fn koi8_r_is_named_koi8_r_and_koi8_u_when_ukrainian_letters_are_there() {
        let guess = |text: &str, enc: &'static encoding_rs::Encoding| {
            let (bytes, _, _) = enc.encode(text);
            match decode(bytes.into_owned()) {
                Err(Problem::NotUtf8 { guess, .. }) => guess,
                other => panic!("{other:?}"),
            }
        };
        let russian = "МОСКВА, 14 января - РИА Новости. Министр иностранных дел России Сергей Лавров заявил, что переговоры с американской стороной продолжатся на следующей неделе.";
        assert_eq!(
            guess(russian, encoding_rs::KOI8_R).as_deref(),
            Some("KOI8-R")
        );
        let ukrainian = "КИЇВ, 14 січня - Укрінформ. Міністр закордонних справ України заявив, що переговори з європейськими партнерами тривають і їхні результати відомі.";
        assert_eq!(
            guess(ukrainian, encoding_rs::KOI8_U).as_deref(),
            Some("KOI8-U")
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read() {
        let text = "МОСКВА, 14 января - РИА Новости. «Да», — сказал он. 😀\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(le.clone()).unwrap(), text);
        assert_eq!(decode(be).unwrap(), text);
        // a lone surrogate on the second line is a broken file, not binary data
        le.extend_from_slice(&0xD800u16.to_le_bytes());
        le.extend_from_slice(&u16::from(b'x').to_le_bytes());
        match decode(le) {
            Err(Problem::NotUtf8 { guess, line }) => {
                assert_eq!(line, 2);
                assert!(guess.unwrap().contains("UTF-16LE"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bom_is_dropped_and_nul_is_binary() {
        assert_eq!(decode(b"\xef\xbb\xbfHi".to_vec()).unwrap(), "Hi");
        assert_eq!(decode(b"a\0b".to_vec()), Err(Problem::Binary));
    }
}
