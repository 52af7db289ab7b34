//! `newsdesk check --fix`: the quick fixes applied to the files, without
//! losing anything the curator did not ask to lose.
//!
//! - The lines of a boilerplate block that hold a dateline, a quotation or a
//!   named actor's statement are kept (removing them is a guarded fix) unless
//!   the curator asks for `--fix=aggressive`; what was kept is said.
//! - A file is written only when its content is still the text that was
//!   analysed: a change made while the run went on is kept, and the file is
//!   named as not fixed.
//! - The file keeps its encoding (UTF-8 with or without a byte-order mark,
//!   UTF-16 with its mark), its permissions, its hard links (written in place
//!   then, with a copy of the old content beside it until the write is safe
//!   on disk) and a symbolic link that points at it; otherwise it is replaced
//!   atomically (a temporary file, then a rename) and the folder is synced.

use super::load::{display, targets_linked, Target};
use crate::analysis::text::plural;
use crate::analysis::Finding;
use crate::corpus::source;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How far `--fix` goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FixMode {
    /// Everything but boilerplate blocks that may hold part of the report.
    Safe,
    /// Also the blocks that hold a dateline, a quotation or a statement.
    Aggressive,
}

/// Apply the fixes to the files `paths` select. Returns the corpora, with
/// the fixed reports read again (so that `check` prints what is left without
/// loading everything a second time), and how many files were left alone
/// because they changed during the run (each one said).
pub fn fix(
    config: Option<&Path>,
    links: Option<&Path>,
    paths: &[PathBuf],
    use_cache: bool,
    mode: FixMode,
) -> Result<(Vec<Target>, usize), i32> {
    let mut targets = targets_linked(config, links, paths, use_cache)?;
    let mut changed_meanwhile = 0;
    for t in &mut targets {
        let mut written = Vec::new();
        for path in &t.selected {
            let Some(checked) = t.corpus.findings(path) else {
                continue;
            };
            let Some(text) = checked.source.clone() else {
                continue;
            };
            let findings = &checked.findings;
            let edits = crate::analysis::fix_all_with(findings, "", mode == FixMode::Aggressive);
            let kept = kept_lines(findings, mode);
            if edits.is_empty() {
                if kept > 0 {
                    eprintln!("not fixed {}: {}", display(path), kept_note(kept));
                }
                continue;
            }
            let fixed = crate::analysis::apply_edits(&text.text, &edits);
            match write_fixed(path, &text.text, &fixed) {
                Ok(how) => {
                    written.push(path.clone());
                    let mut what = summary(findings, mode);
                    if kept > 0 {
                        what.push(kept_note(kept));
                    }
                    let how = match how {
                        Written::Replaced => "",
                        Written::InPlace => " (written in place to keep its hard links)",
                    };
                    eprintln!("fixed {}: {}{how}", display(path), what.join("; "));
                }
                Err(WriteError::Changed) => {
                    changed_meanwhile += 1;
                    eprintln!(
                        "newsdesk: {}: changed on disk while newsdesk ran, so it was not fixed (run again)",
                        display(path)
                    );
                }
                Err(WriteError::Io(e)) => {
                    eprintln!(
                        "newsdesk: {}: cannot write the fixed file: {e}",
                        display(path)
                    );
                    return Err(2);
                }
            }
        }
        for path in written {
            let content = t.corpus.loader().load(&path);
            t.corpus.upsert(&path, content);
        }
    }
    Ok((targets, changed_meanwhile))
}

/// What was fixed, by rule.
fn summary(findings: &[Finding], mode: FixMode) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in findings {
        let applied = f
            .fixes
            .iter()
            .any(|x| x.preferred || (mode == FixMode::Aggressive && x.guarded));
        if applied {
            *counts.entry(f.code).or_default() += 1;
        }
    }
    counts
        .iter()
        .map(|(code, n)| match *code {
            "boilerplate" => format!("removed {n} boilerplate block{}", plural(*n)),
            "mismatched-quote" => format!("repaired {n} quotation mark{}", plural(*n)),
            other => format!("fixed {n} {other}"),
        })
        .collect()
}

/// Lines of boilerplate blocks kept because they may hold part of the report
/// (none with `--fix=aggressive`).
fn kept_lines(findings: &[Finding], mode: FixMode) -> usize {
    if mode == FixMode::Aggressive {
        return 0;
    }
    findings
        .iter()
        .filter(|f| f.fixes.iter().any(|x| x.guarded))
        .filter_map(|f| f.data.as_ref()?.get("held_lines")?.as_array().map(Vec::len))
        .sum()
}

fn kept_note(n: usize) -> String {
    format!(
        "kept {n} line{} of boilerplate that may hold a dateline, a quotation or a statement (read {}, or use --fix=aggressive)",
        plural(n),
        if n == 1 { "it" } else { "them" }
    )
}

/// How a file was written.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// A new file renamed over the old one.
    Replaced,
    /// The same file rewritten, to keep its hard links.
    InPlace,
}

#[derive(Debug)]
pub enum WriteError {
    /// The file is no longer the text that was analysed.
    Changed,
    Io(std::io::Error),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Write `fixed` to the file at `path` when its content is still `analysed`
/// (the text the fixes were computed on), in the file's own encoding.
pub fn write_fixed(path: &Path, analysed: &str, fixed: &str) -> Result<Written, WriteError> {
    // a link stays a link: its target is written
    let target = std::fs::canonicalize(path)?;
    let before = std::fs::read(&target)?;
    if source::decode(before.clone()).ok().as_deref() != Some(analysed) {
        return Err(WriteError::Changed);
    }
    let bytes = encode_like(&before, fixed);
    let meta = std::fs::metadata(&target)?;
    if links(&meta) > 1 {
        write_in_place(&target, &before, &bytes)?;
        return Ok(Written::InPlace);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    // the last look before the rename: a change since the first is kept
    if std::fs::read(&target)? != before {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(Written::Replaced)
}

/// Rewrite the file itself (its other names see the new content). The old
/// content waits in a file beside it until the new one is on disk, so a crash
/// in between loses nothing.
fn write_in_place(target: &Path, before: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut backup = tempfile::Builder::new()
        .prefix(".newsdesk-fix-backup-")
        .tempfile_in(dir)?;
    backup.write_all(before)?;
    backup.as_file().sync_all()?;
    sync_dir(dir);
    if std::fs::read(target)? != before {
        return Err(WriteError::Changed);
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(backup); // removed
    Ok(())
}

/// `text` in the encoding of the file whose bytes were `before`: UTF-8, with
/// the byte-order mark when it had one, or UTF-16 with its mark.
fn encode_like(before: &[u8], text: &str) -> Vec<u8> {
    if let Some(enc) = source::utf16_bom(before) {
        let mut out = before[..2].to_vec();
        let big = enc == encoding_rs::UTF_16BE;
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        return out;
    }
    let mut out = Vec::with_capacity(text.len() + 3);
    if before.starts_with(b"\xEF\xBB\xBF") {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    out.extend_from_slice(text.as_bytes());
    out
}

#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Make a rename in `dir` durable (best effort: not every system can).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_analysed_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(
            &p,
            "MOSCOW, January 14 - Agency. The curator's newer text.\n",
        )
        .unwrap();
        let r = write_fixed(
            &p,
            "MOSCOW, January 14 - Agency. Old text.\nMenu\n",
            "fixed\n",
        );
        assert!(matches!(r, Err(WriteError::Changed)), "{r:?}");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "MOSCOW, January 14 - Agency. The curator's newer text.\n"
        );
    }

    #[test]
    fn the_encoding_is_kept() {
        let bom = encode_like(b"\xEF\xBB\xBFold", "«Да»");
        assert_eq!(bom, "\u{feff}«Да»".as_bytes());
        assert_eq!(encode_like(b"old", "«Да»"), "«Да»".as_bytes());
        let le = encode_like(&[0xFF, 0xFE, b'o', 0], "Да😀");
        assert_eq!(source::decode(le.clone()).unwrap(), "Да😀");
        assert_eq!(&le[..2], &[0xFF, 0xFE]);
        let be = encode_like(&[0xFE, 0xFF, 0, b'o'], "Да");
        assert_eq!(be, vec![0xFE, 0xFF, 0x04, 0x14, 0x04, 0x30]);
    }
}
