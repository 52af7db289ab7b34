//! A link run's tables read back for the editor and `check --links`: the
//! reports they were computed for and their quote links, as the corpus's
//! [`LinkTable`] (which decides what of it still holds:
//! [`crate::corpus::precomputed`]). Passage links are not read: the corpus
//! finds the carriers of a sentence by its hash in memory, without pairs.

use super::link::{check_file, read_manifest};
use super::schema::Table;
use crate::corpus::precomputed::{LinkTable, TableLink, TableReport};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Float32Type, UInt32Type, UInt64Type};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rustc_hash::FxHashMap;
use std::path::Path;

/// Read the link tables in `dir` (the output of `newsdesk link`): its
/// manifest, `linked_reports` and `quote_links`, each checked against the
/// schema. The message of an error names the file.
pub fn read_link_table(dir: &Path) -> Result<LinkTable, String> {
    let (made, said) = read_manifest(dir, "newsdesk link")?;
    let mut table = LinkTable {
        build: made.build,
        registry: made.registry,
        threshold: made.threshold,
        ..LinkTable::default()
    };
    // report ids of the export → places in `table.reports`
    let mut place: FxHashMap<u32, u32> = FxHashMap::default();
    each_batch(dir, Table::LinkedReports, &mut |b, file| {
        let id = b
            .column_by_name("report_id")
            .map(|c| c.as_primitive::<UInt32Type>());
        let path = b.column_by_name("path").map(|c| c.as_string::<i32>());
        let hash = b
            .column_by_name("content_hash")
            .map(|c| c.as_primitive::<UInt64Type>());
        let quotes = b
            .column_by_name("quotes")
            .map(|c| c.as_primitive::<UInt32Type>());
        let (Some(id), Some(path), Some(hash), Some(quotes)) = (id, path, hash, quotes) else {
            return Err(format!("{file}: a column is missing"));
        };
        for i in 0..b.num_rows() {
            let at = table.reports.len() as u32;
            if place.insert(id.value(i), at).is_some() {
                return Err(format!("{file}: report {} twice", id.value(i)));
            }
            table.reports.push(TableReport {
                path: path.value(i).to_string(),
                hash: hash.value(i),
                quotes: quotes.value(i),
            });
        }
        Ok(())
    })?;
    each_batch(dir, Table::QuoteLinks, &mut |b, file| {
        let u32s = |name: &str| {
            b.column_by_name(name)
                .map(|c| c.as_primitive::<UInt32Type>())
        };
        let score = b
            .column_by_name("score")
            .map(|c| c.as_primitive::<Float32Type>());
        let (Some(from), Some(to), Some(fq), Some(tq), Some(score)) = (
            u32s("from_report"),
            u32s("to_report"),
            u32s("from_quote"),
            u32s("to_quote"),
            score,
        ) else {
            return Err(format!("{file}: a column is missing"));
        };
        for i in 0..b.num_rows() {
            let end = |r: u32| {
                place
                    .get(&r)
                    .copied()
                    .ok_or_else(|| format!("{file}: report {r} is not in linked_reports.parquet"))
            };
            table.links.push(TableLink {
                from: end(from.value(i))?,
                from_quote: fq.value(i),
                to: end(to.value(i))?,
                to_quote: tq.value(i),
                score: score.value(i),
            });
        }
        Ok(())
    })?;
    // the tables are the ones the manifest was written with
    for (key, n, file) in [
        ("reports", table.reports.len(), "linked_reports"),
        ("quote_links", table.links.len(), "quote_links"),
    ] {
        if said[key].as_u64() != Some(n as u64) {
            return Err(format!(
                "{}: {n} rows, and its manifest.json says {}: the tables are not of one run of newsdesk link",
                dir.join(format!("{file}.parquet")).display(),
                said[key]
            ));
        }
    }
    Ok(table)
}

/// Call `f` with each batch of rows of `table`'s file in `dir` (checked
/// against the schema first) and the file's name for messages.
fn each_batch(
    dir: &Path,
    table: Table,
    f: &mut dyn FnMut(&RecordBatch, &str) -> Result<(), String>,
) -> Result<(), String> {
    let path = check_file(dir, table)?;
    let name = path.display().to_string();
    let file = std::fs::File::open(&path).map_err(|e| format!("{name}: {e}"))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| format!("{name}: {e}"))?;
    for batch in reader {
        let batch = batch.map_err(|e| format!("{name}: {e}"))?;
        if batch.columns().iter().any(|c| c.null_count() > 0) {
            return Err(format!("{name}: empty values in a column that has none"));
        }
        f(&batch, &name)?;
    }
    Ok(())
}
