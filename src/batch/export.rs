//! `newsdesk export`: what the analysis knows of every report of a loaded
//! corpus, written as the tables of [`super::schema`] — Parquet or JSON Lines.
//!
//! The reports are written in the corpus's order (its report ids), a few
//! thousand rows at a time: each report's text is read again and analysed
//! (boilerplate needs the corpus's line repeats), its rows are added, and full
//! row groups go to disk, so memory holds one batch of rows whatever the size
//! of the corpus. Files are written under a temporary name in the output
//! folder and renamed when complete: an export that fails leaves no table
//! that looks whole.

use super::schema::{self, list_of, Table};
use crate::analysis::lines::LineIndex;
use crate::corpus::{Corpus, ReportId, ReportState};
use datafusion::arrow::array::{
    ArrayRef, BooleanArray, Float32Array, ListArray, StringArray, StructArray, UInt16Array,
    UInt32Array, UInt64Array,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::json::LineDelimitedWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Jsonl,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Rows kept before they are written out.
const BATCH_ROWS: usize = 8192;

/// What an export wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub reports: usize,
    pub quotes: usize,
    pub mentions: usize,
    pub passages: usize,
    pub terms: usize,
}

/// One table's file being written.
pub struct TableWriter {
    table: Table,
    tmp: PathBuf,
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Parquet(Box<ArrowWriter<File>>),
    Jsonl(LineDelimitedWriter<BufWriter<File>>),
}

impl TableWriter {
    /// A writer of `table` into folder `dir`.
    pub fn create(dir: &Path, table: Table, format: Format) -> Result<TableWriter, String> {
        let name = format!("{}.{}", table.name(), format.extension());
        let path = dir.join(&name);
        let tmp = dir.join(format!(".{name}.partial"));
        let file = File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let inner = match format {
            Format::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(ZstdLevel::default()))
                    .set_max_row_group_row_count(Some(64 * 1024))
                    .build();
                let w = ArrowWriter::try_new(file, table.schema(), Some(props))
                    .map_err(|e| format!("{}: {e}", tmp.display()))?;
                Inner::Parquet(Box::new(w))
            }
            Format::Jsonl => Inner::Jsonl(LineDelimitedWriter::new(BufWriter::new(file))),
        };
        Ok(TableWriter {
            table,
            tmp,
            path,
            inner,
        })
    }

    pub fn schema(&self) -> SchemaRef {
        self.table.schema()
    }

    /// Write one batch of rows.
    pub fn write(&mut self, columns: Vec<ArrayRef>) -> Result<(), String> {
        let batch = RecordBatch::try_new(self.schema(), columns)
            .map_err(|e| format!("{}: {e}", self.table.name()))?;
        let r = match &mut self.inner {
            Inner::Parquet(w) => w.write(&batch).map_err(|e| e.to_string()),
            Inner::Jsonl(w) => w.write(&batch).map_err(|e| e.to_string()),
        };
        r.map_err(|e| format!("{}: {e}", self.tmp.display()))
    }

    /// Finish the file and give it its name.
    pub fn finish(self) -> Result<PathBuf, String> {
        let err = |e: String| format!("{}: {e}", self.tmp.display());
        match self.inner {
            Inner::Parquet(w) => {
                w.close().map_err(|e| err(e.to_string()))?;
            }
            Inner::Jsonl(mut w) => {
                w.finish().map_err(|e| err(e.to_string()))?;
                let mut f = w.into_inner();
                f.flush().map_err(|e| err(e.to_string()))?;
                f.get_ref().sync_all().map_err(|e| err(e.to_string()))?;
            }
        }
        std::fs::rename(&self.tmp, &self.path)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        Ok(self.path)
    }
}

/// A column of `u32` values.
pub fn u32s(v: Vec<u32>) -> ArrayRef {
    Arc::new(UInt32Array::from(v))
}

pub fn u64s(v: Vec<u64>) -> ArrayRef {
    Arc::new(UInt64Array::from(v))
}

pub fn f32s(v: Vec<f32>) -> ArrayRef {
    Arc::new(Float32Array::from(v))
}

pub fn strs(v: Vec<String>) -> ArrayRef {
    Arc::new(StringArray::from(v))
}

pub fn opt_strs(v: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(v))
}

fn bools(v: Vec<bool>) -> ArrayRef {
    Arc::new(BooleanArray::from(v))
}

/// A list column from one flat column of values and each row's length.
fn list(item: DataType, values: ArrayRef, lens: &[usize]) -> ArrayRef {
    let field = match list_of(item) {
        DataType::List(f) => f,
        _ => unreachable!("list_of makes a list"),
    };
    Arc::new(ListArray::new(
        field,
        OffsetBuffer::from_lengths(lens.iter().copied()),
        values,
        None,
    ))
}

/// Rows of the reports table.
#[derive(Default)]
struct Reports {
    id: Vec<u32>,
    path: Vec<String>,
    hash: Vec<u64>,
    bytes: Vec<u32>,
    analysed: Vec<bool>,
    problem: Vec<Option<String>>,
    date: Vec<Option<String>>,
    place: Vec<Option<String>>,
    dateline_date: Vec<Option<String>>,
    agency: Vec<Option<String>>,
    language: Vec<Option<String>>,
    headline: Vec<Option<String>>,
    byline: Vec<Option<String>>,
    published: Vec<Option<String>>,
    published_source: Vec<Option<String>>,
    outlet: Vec<Option<String>>,
    outlet_source: Vec<Option<String>>,
    copy_of: Vec<Option<String>>,
    copy_resemblance: Vec<Option<f32>>,
    blocks: Vec<(u32, u32, String)>,
    block_lens: Vec<usize>,
    context: Vec<u32>,
    context_lens: Vec<usize>,
}

impl Reports {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn take(&mut self) -> Vec<ArrayRef> {
        let r = std::mem::take(self);
        let block_fields = schema::boilerplate_fields();
        let (first, end, kind): (Vec<u32>, Vec<u32>, Vec<String>) = {
            let mut a = (Vec::new(), Vec::new(), Vec::new());
            for (f, e, k) in r.blocks {
                a.0.push(f);
                a.1.push(e);
                a.2.push(k);
            }
            a
        };
        let blocks = StructArray::new(
            block_fields.clone(),
            vec![u32s(first), u32s(end), strs(kind)],
            None,
        );
        vec![
            u32s(r.id),
            strs(r.path),
            u64s(r.hash),
            u32s(r.bytes),
            bools(r.analysed),
            opt_strs(r.problem),
            opt_strs(r.date),
            opt_strs(r.place),
            opt_strs(r.dateline_date),
            opt_strs(r.agency),
            opt_strs(r.language),
            opt_strs(r.headline),
            opt_strs(r.byline),
            opt_strs(r.published),
            opt_strs(r.published_source),
            opt_strs(r.outlet),
            opt_strs(r.outlet_source),
            opt_strs(r.copy_of),
            Arc::new(datafusion::arrow::array::Float32Array::from(
                r.copy_resemblance,
            )),
            list(
                DataType::Struct(block_fields),
                Arc::new(blocks),
                &r.block_lens,
            ),
            list(DataType::UInt32, u32s(r.context), &r.context_lens),
        ]
    }
}

#[derive(Default)]
struct Quotes {
    report: Vec<u32>,
    quote: Vec<u32>,
    qid: Vec<u64>,
    start: Vec<u32>,
    end: Vec<u32>,
    line: Vec<u32>,
    text: Vec<String>,
    speaker: Vec<Option<String>>,
    speaker_key: Vec<Option<String>>,
    linkable: Vec<bool>,
    keys: Vec<u32>,
    key_lens: Vec<usize>,
    clauses: Vec<u16>,
    clause_lens: Vec<usize>,
}

impl Quotes {
    fn len(&self) -> usize {
        self.report.len()
    }

    fn take(&mut self) -> Vec<ArrayRef> {
        let q = std::mem::take(self);
        vec![
            u32s(q.report),
            u32s(q.quote),
            u64s(q.qid),
            u32s(q.start),
            u32s(q.end),
            u32s(q.line),
            strs(q.text),
            opt_strs(q.speaker),
            opt_strs(q.speaker_key),
            bools(q.linkable),
            list(DataType::UInt32, u32s(q.keys), &q.key_lens),
            list(
                DataType::UInt16,
                Arc::new(UInt16Array::from(q.clauses)),
                &q.clause_lens,
            ),
        ]
    }
}

#[derive(Default)]
struct QuoteTerms {
    qid: Vec<u64>,
    pos: Vec<u32>,
    key: Vec<u32>,
    linkable: Vec<bool>,
}

impl QuoteTerms {
    fn len(&self) -> usize {
        self.qid.len()
    }

    fn take(&mut self) -> Vec<ArrayRef> {
        let t = std::mem::take(self);
        vec![u64s(t.qid), u32s(t.pos), u32s(t.key), bools(t.linkable)]
    }
}

#[derive(Default)]
struct Mentions {
    report: Vec<u32>,
    start: Vec<u32>,
    end: Vec<u32>,
    line: Vec<u32>,
    text: Vec<String>,
    entity: Vec<String>,
    kind: Vec<String>,
    label: Vec<Option<String>>,
    date: Vec<Option<String>>,
}

impl Mentions {
    fn len(&self) -> usize {
        self.report.len()
    }

    fn take(&mut self) -> Vec<ArrayRef> {
        let m = std::mem::take(self);
        vec![
            u32s(m.report),
            u32s(m.start),
            u32s(m.end),
            u32s(m.line),
            strs(m.text),
            strs(m.entity),
            strs(m.kind),
            opt_strs(m.label),
            opt_strs(m.date),
        ]
    }
}

#[derive(Default)]
struct Passages {
    report: Vec<u32>,
    sentence: Vec<u32>,
    hash: Vec<u64>,
    start: Vec<u32>,
    end: Vec<u32>,
    line: Vec<u32>,
}

impl Passages {
    fn len(&self) -> usize {
        self.report.len()
    }

    fn take(&mut self) -> Vec<ArrayRef> {
        let p = std::mem::take(self);
        vec![
            u32s(p.report),
            u32s(p.sentence),
            u64s(p.hash),
            u32s(p.start),
            u32s(p.end),
            u32s(p.line),
        ]
    }
}

/// A partial date as ISO 8601: `2022-01-14`, or `--01-14` without a year.
fn iso(d: &crate::analysis::dateline::PartialDate) -> String {
    match d.year {
        Some(y) => format!("{y:04}-{:02}-{:02}", d.month, d.day),
        None => format!("--{:02}-{:02}", d.month, d.day),
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The rows of all tables, written out as they fill.
struct Rows {
    reports: Reports,
    quotes: Quotes,
    terms: QuoteTerms,
    mentions: Mentions,
    passages: Passages,
}

/// The writers of the export tables, in [`schema::EXPORT_TABLES`] order.
struct Writers {
    reports: TableWriter,
    quotes: TableWriter,
    quote_terms: TableWriter,
    terms: TableWriter,
    mentions: TableWriter,
    passages: TableWriter,
}

impl Rows {
    /// Write the tables holding at least `at_least` rows (and at least one).
    fn flush(&mut self, w: &mut Writers, at_least: usize) -> Result<(), String> {
        let n = at_least.max(1);
        if self.reports.len() >= n {
            w.reports.write(self.reports.take())?;
        }
        if self.quotes.len() >= n {
            w.quotes.write(self.quotes.take())?;
        }
        if self.terms.len() >= n {
            w.quote_terms.write(self.terms.take())?;
        }
        if self.mentions.len() >= n {
            w.mentions.write(self.mentions.take())?;
        }
        if self.passages.len() >= n {
            w.passages.write(self.passages.take())?;
        }
        Ok(())
    }
}

/// Export every report of `corpus` into folder `out` (created if needed).
/// `progress` is called after each report with the number done.
pub fn export(
    corpus: &Corpus,
    out: &Path,
    format: Format,
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = Writers {
        reports: TableWriter::create(out, Table::Reports, format)?,
        quotes: TableWriter::create(out, Table::Quotes, format)?,
        quote_terms: TableWriter::create(out, Table::QuoteTerms, format)?,
        terms: TableWriter::create(out, Table::Terms, format)?,
        mentions: TableWriter::create(out, Table::Mentions, format)?,
        passages: TableWriter::create(out, Table::Passages, format)?,
    };
    let mut rows = Rows {
        reports: Reports::default(),
        quotes: Quotes::default(),
        terms: QuoteTerms::default(),
        mentions: Mentions::default(),
        passages: Passages::default(),
    };
    let mut summary = Summary::default();
    // each copy's earliest report (the group's first), as `check --duplicates`
    let mut first_of: HashMap<ReportId, ReportId> = HashMap::new();
    for g in corpus.copy_groups() {
        for &r in &g[1..] {
            first_of.insert(r, g[0]);
        }
    }
    let mut done = 0;
    for report in corpus.report_slots().iter().flatten() {
        add_report(corpus, report, &first_of, &mut rows, &mut summary);
        done += 1;
        progress(done);
        rows.flush(&mut w, BATCH_ROWS)?;
    }
    rows.flush(&mut w, 1)?;
    // the term keys the quotations' `keys` name
    let n = corpus.term_key_count();
    for start in (0..n).step_by(BATCH_ROWS) {
        let ids: Vec<u32> = (start..(start + BATCH_ROWS).min(n)).map(u32_of).collect();
        let names = ids
            .iter()
            .map(|&k| corpus.term_key(k).to_string())
            .collect();
        w.terms.write(vec![u32s(ids), strs(names)])?;
    }
    summary.terms = n;
    summary.reports = done;
    for t in [
        w.reports,
        w.quotes,
        w.quote_terms,
        w.terms,
        w.mentions,
        w.passages,
    ] {
        t.finish()?;
    }
    let manifest = serde_json::json!({
        "schema": schema::SCHEMA_NAME,
        "version": schema::VERSION,
        "newsdesk": env!("CARGO_PKG_VERSION"),
        "build": format!("{:016x}", crate::corpus::cache::build_id()),
        "registry": format!("{:016x}", corpus.registry().fingerprint()),
        "format": format.extension(),
        "corpus": corpus.root().display().to_string(),
        "reports": summary.reports,
        "quotes": summary.quotes,
        "quote_threshold": corpus.quote_threshold(),
        "tables": schema::EXPORT_TABLES.iter().map(|t| t.name()).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    write_atomically(&out.join("manifest.json"), text.as_bytes())?;
    Ok(summary)
}

/// Write a small file under a temporary name, then rename it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.partial"));
    let err = |e: std::io::Error| format!("{}: {e}", path.display());
    let mut f = File::create(&tmp).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Add the rows of one report.
fn add_report(
    corpus: &Corpus,
    report: &crate::corpus::Report,
    first_of: &HashMap<ReportId, ReportId>,
    rows: &mut Rows,
    summary: &mut Summary,
) {
    let id = report.id;
    let r = &mut rows.reports;
    r.id.push(id);
    r.path.push(corpus.relative(&report.path));
    let facts = match &report.state {
        ReportState::Facts(f) => Some(f.clone()),
        ReportState::Problem(_) => None,
    };
    // the body's language (ISO 639-3), when it could be told
    r.language.push(
        facts
            .as_ref()
            .and_then(|f| f.meta.language)
            .map(|l| l.code().to_string()),
    );
    // the outlet and the copy's earliest report, as analyze gives them
    let outlet = facts
        .as_ref()
        .and_then(|f| corpus.outlet(&report.path, &f.meta));
    r.outlet_source
        .push(outlet.as_ref().map(|(_, s)| s.as_str().to_string()));
    r.outlet.push(outlet.map(|(name, _)| name));
    let first = first_of.get(&id).copied();
    r.copy_of.push(
        first
            .and_then(|f| corpus.by_id(f))
            .map(|f| corpus.relative(&f.path)),
    );
    r.copy_resemblance
        .push(first.and_then(|f| corpus.resemblance(f, id)).map(|x| x.0));
    let full = facts.as_ref().and_then(|_| corpus.full(&report.path));
    let analysis = full
        .as_ref()
        .and_then(|t| corpus.analysis_of(&report.path, t));
    let (Some(f), Some(t), Some(a)) = (facts, full, analysis) else {
        let problem = match &report.state {
            ReportState::Problem(p) => p.to_string(),
            ReportState::Facts(_) => "the file is gone or cannot be read".to_string(),
        };
        r.hash.push(0);
        r.bytes.push(0);
        r.analysed.push(false);
        r.problem.push(Some(problem));
        r.date.push(None);
        r.place.push(None);
        r.dateline_date.push(None);
        r.agency.push(None);
        r.headline.push(None);
        r.byline.push(None);
        r.published.push(None);
        r.published_source.push(None);
        r.block_lens.push(0);
        r.context_lens.push(0);
        return;
    };
    r.hash.push(f.hash);
    r.bytes.push(f.len);
    r.analysed.push(true);
    r.problem.push(None);
    r.date.push(f.date.as_ref().map(iso));
    let d = a.dateline();
    r.place.push(d.and_then(|d| d.place.clone()));
    r.dateline_date
        .push(d.and_then(|d| d.date.as_ref()).map(iso));
    r.agency.push(d.and_then(|d| d.agency.clone()));
    // the metadata as analyze gives it: the headline with the corpus's
    // boilerplate left out, the publication date the corpus decides
    let m = &t.facts.meta;
    r.headline
        .push(a.headline(&t.text).map(|h| t.text[h].to_string()));
    r.byline
        .push(m.byline.as_ref().map(|(_, names)| names.clone()));
    let published = corpus.publication_date(&report.path, m.published_date().as_ref());
    r.published.push(published.as_ref().map(|(d, _)| iso(d)));
    r.published_source
        .push(published.map(|(_, s)| s.as_str().to_string()));
    for b in &a.boilerplate {
        r.blocks.push((
            u32_of(b.lines.start),
            u32_of(b.lines.end),
            b.kind.as_str().to_string(),
        ));
    }
    r.block_lens.push(a.boilerplate.len());
    r.context.extend_from_slice(&f.context);
    r.context_lens.push(f.context.len());

    let lines: &LineIndex = &t.lines;
    let line = |offset: usize| u32_of(lines.line_of(offset));
    let sigs = corpus.quote_signatures(id);
    for (i, q) in t.facts.quotes.iter().enumerate() {
        let (sig, speaker_key) = match sigs.get(i) {
            Some((s, k)) => (Some(s), k.clone()),
            None => (None, None),
        };
        let qid = schema::qid(id, u32_of(i));
        let qs = &mut rows.quotes;
        qs.report.push(id);
        qs.quote.push(u32_of(i));
        qs.qid.push(qid);
        qs.start.push(u32_of(q.range.start));
        qs.end.push(u32_of(q.range.end));
        qs.line.push(line(q.range.start));
        qs.text.push(q.text.clone());
        qs.speaker.push(q.speaker.as_ref().map(|s| s.name.clone()));
        qs.speaker_key.push(speaker_key);
        let linkable = sig.is_some_and(|s| s.is_linkable());
        qs.linkable.push(linkable);
        let (keys, clauses) = sig.map_or((&[][..], &[][..]), |s| s.parts());
        qs.keys.extend_from_slice(keys);
        qs.key_lens.push(keys.len());
        qs.clauses.extend_from_slice(clauses);
        qs.clause_lens.push(clauses.len());
        for (pos, &k) in keys.iter().enumerate() {
            rows.terms.qid.push(qid);
            rows.terms.pos.push(u32_of(pos));
            rows.terms.key.push(k);
            rows.terms.linkable.push(linkable);
        }
        summary.quotes += 1;
    }
    let m = &mut rows.mentions;
    for x in &t.facts.mentions {
        m.report.push(id);
        m.start.push(u32_of(x.range.start));
        m.end.push(u32_of(x.range.end));
        m.line.push(line(x.range.start));
        m.text.push(x.text.clone());
        m.entity.push(x.key.clone());
        m.kind.push(x.kind.as_str().to_string());
        m.label.push(None);
        m.date.push(None);
        summary.mentions += 1;
    }
    for e in &t.facts.events {
        m.report.push(id);
        m.start.push(u32_of(e.range.start));
        m.end.push(u32_of(e.range.end));
        m.line.push(line(e.range.start));
        m.text.push(e.text.clone());
        m.entity.push(e.key.clone());
        m.kind.push("event".to_string());
        m.label.push(Some(e.label.clone()));
        m.date.push(e.date.as_ref().and_then(|d| d.iso()));
        summary.mentions += 1;
    }
    let p = &mut rows.passages;
    for (i, s) in f.sentences.iter().enumerate() {
        p.report.push(id);
        p.sentence.push(u32_of(i));
        p.hash.push(s.hash());
        p.start.push(s.span.start);
        p.end.push(s.span.end);
        p.line.push(s.line);
        summary.passages += 1;
    }
}
