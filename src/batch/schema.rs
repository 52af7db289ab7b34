//! The tables of an export and of a link run: their names, columns and types
//! (documented for other tools in `docs/batch.md`), and the check that a file
//! read back is one of them.
//!
//! Every Parquet file carries three key-value metadata entries:
//! `newsdesk.schema` ([`SCHEMA_NAME`]), `newsdesk.version` ([`VERSION`]) and
//! `newsdesk.table` (its table's name). A file of another schema or version, or
//! whose columns differ from its table's, is refused with a message that says
//! which file and what differs.

use datafusion::arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};
use std::collections::HashMap;
use std::sync::Arc;

/// The name of the schema, in every file's metadata.
pub const SCHEMA_NAME: &str = "newsdesk-facts";
/// The schema's version: raised whenever a column changes.
pub const VERSION: u32 = 3;

/// The tables `newsdesk export` writes.
pub const EXPORT_TABLES: [Table; 6] = [
    Table::Reports,
    Table::Quotes,
    Table::QuoteTerms,
    Table::Terms,
    Table::Mentions,
    Table::Passages,
];

/// The tables `newsdesk link` writes.
pub const LINK_TABLES: [Table; 4] = [
    Table::QuoteLinks,
    Table::PassageLinks,
    Table::LinkedReports,
    Table::Entities,
];

/// One table of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Reports,
    Quotes,
    QuoteTerms,
    Terms,
    Mentions,
    Passages,
    QuoteLinks,
    PassageLinks,
    LinkedReports,
    Entities,
}

impl Table {
    /// The table's name: its file is `NAME.parquet` or `NAME.jsonl`.
    pub fn name(self) -> &'static str {
        match self {
            Table::Reports => "reports",
            Table::Quotes => "quotes",
            Table::QuoteTerms => "quote_terms",
            Table::Terms => "terms",
            Table::Mentions => "mentions",
            Table::Passages => "passages",
            Table::QuoteLinks => "quote_links",
            Table::PassageLinks => "passage_links",
            Table::LinkedReports => "linked_reports",
            Table::Entities => "entities",
        }
    }

    /// The table's Arrow schema, with the metadata every file of it carries.
    pub fn schema(self) -> SchemaRef {
        let fields = match self {
            Table::Reports => reports(),
            Table::Quotes => quotes(),
            Table::QuoteTerms => vec![
                u64f("qid"),
                u32f("pos"),
                u32f("key"),
                Field::new("linkable", DataType::Boolean, false),
            ],
            Table::Terms => vec![u32f("key"), strf("term", false)],
            Table::Mentions => mentions(),
            Table::Passages => vec![
                u32f("report_id"),
                u32f("sentence"),
                u64f("hash"),
                u32f("start"),
                u32f("end"),
                u32f("line"),
            ],
            Table::QuoteLinks => link_ends(vec![
                u32f("from_quote"),
                u32f("to_quote"),
                Field::new("score", DataType::Float32, false),
            ]),
            Table::PassageLinks => link_ends(vec![
                u64f("hash"),
                u32f("from_sentence"),
                u32f("to_sentence"),
            ]),
            Table::LinkedReports => vec![
                u32f("report_id"),
                strf("path", false),
                u64f("content_hash"),
                u32f("quotes"),
            ],
            Table::Entities => vec![
                strf("entity", false),
                strf("kind", false),
                u32f("reports"),
                u32f("mentions"),
            ],
        };
        Arc::new(Schema::new_with_metadata(fields, metadata(self)))
    }
}

/// The metadata of a table's files.
pub fn metadata(table: Table) -> HashMap<String, String> {
    HashMap::from([
        ("newsdesk.schema".to_string(), SCHEMA_NAME.to_string()),
        ("newsdesk.version".to_string(), VERSION.to_string()),
        ("newsdesk.table".to_string(), table.name().to_string()),
    ])
}

fn u32f(name: &str) -> Field {
    Field::new(name, DataType::UInt32, false)
}

fn u64f(name: &str) -> Field {
    Field::new(name, DataType::UInt64, false)
}

fn strf(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// A list of non-null values of `item`.
pub fn list_of(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, false)))
}

/// The fields of one boilerplate block of the reports table: its first line
/// and the line after its last (0-based), and its kind.
pub fn boilerplate_fields() -> Fields {
    Fields::from(vec![
        u32f("first_line"),
        u32f("end_line"),
        strf("kind", false),
    ])
}

fn reports() -> Vec<Field> {
    let block = boilerplate_fields();
    vec![
        u32f("report_id"),
        strf("path", false),
        u64f("content_hash"),
        u32f("bytes"),
        Field::new("analysed", DataType::Boolean, false),
        strf("problem", true),
        strf("date", true),
        strf("dateline_place", true),
        strf("dateline_date", true),
        strf("dateline_agency", true),
        strf("language", true),
        strf("headline", true),
        strf("byline", true),
        strf("published", true),
        strf("published_source", true),
        strf("outlet", true),
        strf("outlet_source", true),
        strf("copy_of", true),
        Field::new("copy_resemblance", DataType::Float32, true),
        Field::new(
            "boilerplate",
            list_of(DataType::Struct(block.clone())),
            false,
        ),
        Field::new("context", list_of(DataType::UInt32), false),
    ]
}

fn quotes() -> Vec<Field> {
    vec![
        u32f("report_id"),
        u32f("quote"),
        u64f("qid"),
        u32f("start"),
        u32f("end"),
        u32f("line"),
        strf("text", false),
        strf("speaker", true),
        strf("speaker_key", true),
        Field::new("linkable", DataType::Boolean, false),
        Field::new("keys", list_of(DataType::UInt32), false),
        Field::new("clauses", list_of(DataType::UInt16), false),
    ]
}

fn mentions() -> Vec<Field> {
    vec![
        u32f("report_id"),
        u32f("start"),
        u32f("end"),
        u32f("line"),
        strf("text", false),
        strf("entity", false),
        strf("kind", false),
        strf("label", true),
        strf("date", true),
    ]
}

/// The columns every link table starts with: both reports, their paths and
/// content hashes (a link is valid while both reports have those contents).
fn link_ends(rest: Vec<Field>) -> Vec<Field> {
    let mut out = vec![
        u32f("from_report"),
        u32f("to_report"),
        strf("from_path", false),
        strf("to_path", false),
        u64f("from_hash"),
        u64f("to_hash"),
    ];
    out.extend(rest);
    out
}

/// The id of quote `quote` of report `report`, unique within one export.
pub fn qid(report: u32, quote: u32) -> u64 {
    (u64::from(report) << 32) | u64::from(quote)
}

/// Whether a file's schema is `table`'s: `Err` says what differs. Metadata
/// first (another program's file, another version of newsdesk), then every
/// column by name and type (nullability aside: readers differ in what they
/// report).
pub fn check(table: Table, file: &str, found: &Schema) -> Result<(), String> {
    let meta = found.metadata();
    match meta.get("newsdesk.schema").map(String::as_str) {
        Some(SCHEMA_NAME) => {}
        Some(other) => {
            return Err(format!(
                "{file}: a table of schema '{other}', not a newsdesk export"
            ))
        }
        None => {
            return Err(format!(
                "{file}: not written by newsdesk export (no newsdesk.schema in its metadata)"
            ))
        }
    }
    let version = meta.get("newsdesk.version").map(String::as_str);
    if version != Some(VERSION.to_string().as_str()) {
        return Err(format!(
            "{file}: written with schema version {}, this newsdesk reads version {VERSION}; export the corpus again",
            version.unwrap_or("?")
        ));
    }
    let name = meta.get("newsdesk.table").map(String::as_str);
    if name != Some(table.name()) {
        return Err(format!(
            "{file}: holds table '{}', expected '{}'",
            name.unwrap_or("?"),
            table.name()
        ));
    }
    let want = table.schema();
    for f in want.fields() {
        match found.field_with_name(f.name()) {
            Err(_) => return Err(format!("{file}: column '{}' is missing", f.name())),
            Ok(g) if !same_type(g.data_type(), f.data_type()) => {
                return Err(format!(
                    "{file}: column '{}' is {}, expected {}",
                    f.name(),
                    g.data_type(),
                    f.data_type()
                ))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Types equal but for the nullability and names of nested fields.
fn same_type(a: &DataType, b: &DataType) -> bool {
    match (a, b) {
        (DataType::List(x), DataType::List(y))
        | (DataType::LargeList(x), DataType::LargeList(y)) => {
            same_type(x.data_type(), y.data_type())
        }
        (DataType::Struct(x), DataType::Struct(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(f, g)| f.name() == g.name() && same_type(f.data_type(), g.data_type()))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_checks_against_itself_and_not_against_another() {
        for t in EXPORT_TABLES.iter().chain(LINK_TABLES.iter()) {
            assert_eq!(check(*t, "f", &t.schema()), Ok(()), "{}", t.name());
        }
        let err = check(Table::Quotes, "q.parquet", &Table::Reports.schema()).unwrap_err();
        assert!(err.contains("holds table 'reports'"), "{err}");
    }

    #[test]
    fn a_missing_column_a_changed_type_and_another_version_are_named() {
        let full = Table::Passages.schema();
        let fewer: Vec<Field> = full
            .fields()
            .iter()
            .filter(|f| f.name() != "hash")
            .map(|f| f.as_ref().clone())
            .collect();
        let s = Schema::new_with_metadata(fewer, metadata(Table::Passages));
        let err = check(Table::Passages, "p", &s).unwrap_err();
        assert!(err.contains("column 'hash' is missing"), "{err}");

        let retyped: Vec<Field> = full
            .fields()
            .iter()
            .map(|f| match f.name().as_str() {
                "hash" => Field::new("hash", DataType::Int64, false),
                _ => f.as_ref().clone(),
            })
            .collect();
        let s = Schema::new_with_metadata(retyped, metadata(Table::Passages));
        let err = check(Table::Passages, "p", &s).unwrap_err();
        assert!(
            err.contains("column 'hash' is Int64, expected UInt64"),
            "{err}"
        );

        let mut meta = metadata(Table::Passages);
        meta.insert("newsdesk.version".into(), "0".into());
        let s = Schema::new_with_metadata(full.fields().clone(), meta);
        let err = check(Table::Passages, "p", &s).unwrap_err();
        assert!(err.contains("schema version 0"), "{err}");

        let s = Schema::new(full.fields().clone());
        let err = check(Table::Passages, "p", &s).unwrap_err();
        assert!(err.contains("not written by newsdesk export"), "{err}");
    }
}
