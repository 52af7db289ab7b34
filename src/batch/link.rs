//! `newsdesk link`: the cross-report links of an export, computed by SQL plans
//! on Apache DataFusion — on this machine, or distributed on a Ballista
//! cluster — and written as the link tables of [`super::schema`].
//!
//! The quote plan is the corpus index's lookup ([`crate::corpus::quote_index`])
//! as relational steps, with the same bounds, so both give the same links:
//!
//! 1. `df`: in how many linkable quotations each term key occurs, and each
//!    quotation's term weights ([`matching::key_weight`]) in its key order;
//! 2. `walked`: each quotation's keys found in at most `limit` quotations
//!    (`min(5,000, max(filed / 20, 100))`), rarest first, while their
//!    postings add up to at most 8,192 (the first always);
//! 3. `cand`: the quotations of other reports that share those keys, the 300
//!    sharing most (ties by place);
//! 4. each candidate pair scored by `newsdesk_quote_score` (the corpus's
//!    [`matching::pair_score`]), kept at or above the threshold, and per
//!    quotation and other report the best match;
//! 5. those kept when mutual (no other quotation of the first report matches
//!    it better), and the best 50 of each quotation's.
//!
//! Steps 3 to 5 run for a range of reports at a time (about
//! [`SLICE_QUOTES`] quotations), ranges in report order: what is held at
//! once is a range's candidate pairs and best matches, never the export's,
//! and the table comes out sorted without a sort of every link.
//!
//! Passages: reports that carry a narrative sentence of the same hash are
//! linked, each carrier to the first one (by report id), so the table grows
//! with the carriers, not their pairs.
//!
//! Entities: the mentions of every actor and event grouped by its key, with
//! how many reports mention it (as the corpus's entity index counts them).

use super::schema::{self, Table, LINK_TABLES};
use super::udf;
use crate::corpus::quote_index::{
    DEFAULT_MAX_POSTINGS, LOOKUP_POSTINGS, MAX_CANDIDATES, MAX_LINKS,
};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::UInt64Type;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use std::path::{Path, PathBuf};

/// How many linkable quotations find their candidates in one slice of the
/// plan: their candidate pairs are held at once. In one piece the plan held
/// 8.4 GiB for the 24,233 quotations of 10,000 generated reports (about
/// 350 KB a quotation), so a slice should hold well under a gigabyte.
const SLICE_QUOTES: usize = 2_048;

/// Where the plans run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// DataFusion in this process.
    Local,
    /// A Ballista scheduler and executor started in this process.
    BallistaStandalone,
    /// A Ballista cluster: the scheduler's `host:port`.
    Ballista(String),
}

/// What a link run wrote.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Reports of the export, each with its content and number of quotations.
    pub reports: usize,
    pub quote_links: usize,
    pub passage_links: usize,
    /// Actors and events, grouped across reports.
    pub entities: usize,
    pub threshold: f32,
}

/// What an export's or a link run's manifest says the tables were made with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Manifest {
    /// The quote threshold of the corpus (export) or of the links (link run).
    pub threshold: f32,
    /// The build of newsdesk that numbered the quotations.
    pub build: u64,
    /// The fingerprint of the actors that named the speakers.
    pub registry: u64,
}

/// Read `manifest.json` in `dir`, the output of `what` ("newsdesk export" or
/// "newsdesk link"), when it is of this schema and version.
pub fn read_manifest(dir: &Path, what: &str) -> Result<(Manifest, serde_json::Value), String> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e} (is {} the output of {what}?)",
            path.display(),
            dir.display()
        )
    })?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if v["schema"] != schema::SCHEMA_NAME {
        return Err(format!("{}: not a manifest of {what}", path.display()));
    }
    if v["version"] != schema::VERSION {
        return Err(format!(
            "{}: schema version {}, this newsdesk reads version {}; run {what} again",
            path.display(),
            v["version"],
            schema::VERSION
        ));
    }
    let hex = |key: &str| {
        v[key]
            .as_str()
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .ok_or_else(|| format!("{}: no {key}", path.display()))
    };
    let m = Manifest {
        threshold: v["quote_threshold"]
            .as_f64()
            .map(|t| t as f32)
            .ok_or_else(|| format!("{}: no quote_threshold", path.display()))?,
        build: hex("build")?,
        registry: hex("registry")?,
    };
    Ok((m, v))
}

/// The manifest of the export in `export`, which `newsdesk link` reads.
pub fn export_manifest(export: &Path) -> Result<Manifest, String> {
    let (m, v) = read_manifest(export, "newsdesk export")?;
    if v["format"] != "parquet" {
        return Err(format!(
            "{}: an export as {}; newsdesk link reads Parquet (export with --format parquet)",
            export.join("manifest.json").display(),
            v["format"]
        ));
    }
    Ok(m)
}

/// Check that `table`'s Parquet file in `dir` is that table of this schema.
pub fn check_file(dir: &Path, table: Table) -> Result<PathBuf, String> {
    let path = dir.join(format!("{}.parquet", table.name()));
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| format!("{}: not a readable Parquet file ({e})", path.display()))?;
    schema::check(table, &path.display().to_string(), reader.schema())?;
    Ok(path)
}

/// The memory the plans of one link run may hold on this machine by default:
/// no limit (0); the plans hold a slice of the candidate pairs at a time
/// (docs/performance.md, "Batch mode"). Under a limit the sorts and
/// aggregates spill to disk, but a hash join cannot, and a run that needs more
/// stops with DataFusion's "Resources exhausted" rather than use more.
pub const DEFAULT_MEMORY: usize = 0;

/// A session with newsdesk's functions, for `engine`, holding at most
/// `memory` bytes in this process (spilling into `spill`; 0: no limit).
async fn session(engine: &Engine, memory: usize, spill: &Path) -> Result<SessionContext, String> {
    let distributed = !matches!(engine, Engine::Local);
    let config = if distributed {
        use ballista::prelude::SessionConfigExt;
        SessionConfig::new_with_ballista()
            // the adaptive planner of Ballista 55 leaves a job waiting forever
            // when a stage turns out empty ("there are stages to be cancelled
            // but its not implemented"): the static distributed planner
            .set_bool("ballista.planner.adaptive.enabled", false)
            .with_ballista_standalone_parallelism(2)
    } else {
        SessionConfig::new()
    };
    let config = config
        .with_target_partitions(2)
        // Ballista plans its stages again after DataFusion's optimiser, which
        // fails on joins that already carry dynamic filters ("Cannot swap
        // HashJoinExec inputs after dynamic filters have been constructed")
        .set_bool(
            "datafusion.optimizer.enable_dynamic_filter_pushdown",
            !distributed,
        )
        // strings as `Utf8`, as the functions' signatures take them
        .set_bool(
            "datafusion.execution.parquet.schema_force_view_types",
            false,
        )
        .set_bool("datafusion.sql_parser.map_string_types_to_utf8view", false);
    // newsdesk's functions in the state, where a standalone Ballista
    // executor started from it finds them, and (below) in the context, whose
    // planner Ballista builds anew from its own state
    std::fs::create_dir_all(spill).map_err(|e| format!("{}: {e}", spill.display()))?;
    let limit = (memory > 0).then(|| (memory, spill.to_path_buf()));
    let state = udf::state_in(config, limit).map_err(|e| e.to_string())?;
    let ctx = match engine {
        Engine::Local => SessionContext::new_with_state(state),
        Engine::BallistaStandalone | Engine::Ballista(_) => {
            use ballista::prelude::SessionContextExt;
            let r = match engine {
                Engine::Ballista(addr) => {
                    SessionContext::remote_with_state(&format!("df://{addr}"), state).await
                }
                _ => SessionContext::standalone_with_state(state).await,
            };
            r.map_err(|e| format!("cannot start Ballista: {e}"))?
        }
    };
    for f in udf::all() {
        ctx.register_udf(f);
    }
    Ok(ctx)
}

/// Run query `q` and write its rows as `table` into `out`, a batch at a time
/// as the plan gives them (a link table of millions of rows is never held
/// whole). Returns the number of rows.
async fn write_query(
    ctx: &SessionContext,
    out: &Path,
    table: Table,
    q: &str,
) -> Result<usize, String> {
    let started = std::time::Instant::now();
    let mut w = super::export::TableWriter::create(out, table, super::export::Format::Parquet)?;
    let n = append_query(ctx, &mut w, table, q).await?;
    w.finish()?;
    tracing::debug!(
        "{}: {n} rows ({:.1} s)",
        table.name(),
        started.elapsed().as_secs_f64()
    );
    Ok(n)
}

/// Run query `q` and append its rows to `w`, a writer of `table`, as the plan
/// gives them. Returns the number of rows.
async fn append_query(
    ctx: &SessionContext,
    w: &mut super::export::TableWriter,
    table: Table,
    q: &str,
) -> Result<usize, String> {
    use futures::StreamExt;
    let err = |e: datafusion::error::DataFusionError| format!("{e}\nin: {q}");
    let df = ctx.sql(q).await.map_err(err)?;
    let mut stream = df.execute_stream().await.map_err(err)?;
    let schema = table.schema();
    let mut n = 0;
    while let Some(b) = stream.next().await {
        let b = b.map_err(err)?;
        let columns = schema
            .fields()
            .iter()
            .map(|f| {
                let c = b.column_by_name(f.name()).ok_or_else(|| {
                    format!("{}: the plan gave no column {}", table.name(), f.name())
                })?;
                // the table's types and nullability, whatever the plan inferred
                datafusion::arrow::compute::cast(c, f.data_type()).map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, String>>()?;
        n += b.num_rows();
        w.write(columns)?;
    }
    Ok(n)
}

async fn view(ctx: &SessionContext, name: &str, q: &str) -> Result<(), String> {
    let df = ctx.sql(q).await.map_err(|e| format!("{e}\nin: {q}"))?;
    ctx.register_table(name, df.into_view())
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Compute `q` once into Parquet files in folder `dir` (which must not exist)
/// and register them as table `name` (a view would be computed again by every
/// plan that reads it), in place of an earlier table of that name.
async fn materialize(ctx: &SessionContext, name: &str, q: &str, dir: &Path) -> Result<(), String> {
    let started = std::time::Instant::now();
    let _ = ctx.deregister_table(name);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let err = |e: datafusion::error::DataFusionError| format!("{e}\nin: {q}");
    let df = ctx.sql(q).await.map_err(err)?;
    let schema = df.schema().as_arrow().clone();
    let path = format!("{}/", dir.display());
    df.write_parquet(&path, DataFrameWriteOptions::new(), None)
        .await
        .map_err(err)?;
    // an empty result leaves no file to read the schema from (an export
    // without quotations): the plan's schema, then
    let written = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .count();
    let mut options = ParquetReadOptions::default();
    if written == 0 {
        options = options.schema(&schema);
    }
    ctx.register_parquet(name, &path, options)
        .await
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    tracing::debug!("{name}: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One number of a one-row query.
async fn count(ctx: &SessionContext, q: &str) -> Result<u64, String> {
    let df = ctx.sql(q).await.map_err(|e| format!("{e}\nin: {q}"))?;
    let b = df.collect().await.map_err(|e| format!("{e}\nin: {q}"))?;
    Ok(b.first()
        .filter(|b| b.num_rows() > 0)
        .and_then(|b| b.column(0).as_primitive_opt::<UInt64Type>())
        .filter(|c| c.is_valid(0))
        .map(|c| c.value(0))
        .unwrap_or(0))
}

/// The quote and passage links of the export in `export`, written as Parquet
/// into `out`; `threshold` overrides the export's.
pub async fn link(
    export: &Path,
    out: &Path,
    engine: &Engine,
    threshold: Option<f32>,
) -> Result<Summary, String> {
    link_within(export, out, engine, threshold, DEFAULT_MEMORY).await
}

/// [`link`], its plans holding at most `memory` bytes in this process (0: no
/// limit).
pub async fn link_within(
    export: &Path,
    out: &Path,
    engine: &Engine,
    threshold: Option<f32>,
    memory: usize,
) -> Result<Summary, String> {
    // the manifest is written last: a run that fails leaves none, so that
    // the editor never reads tables of two runs as one
    match std::fs::remove_file(out.join("manifest.json")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("{}: {e}", out.join("manifest.json").display()))
        }
        _ => {}
    }
    let r = link_into(export, out, engine, threshold, memory).await;
    // the intermediate tables go, whether the run succeeded or not
    let _ = std::fs::remove_dir_all(out.join(".work"));
    r
}

async fn link_into(
    export: &Path,
    out: &Path,
    engine: &Engine,
    threshold: Option<f32>,
    memory: usize,
) -> Result<Summary, String> {
    let made = export_manifest(export)?;
    let threshold = threshold.unwrap_or(made.threshold);
    let ctx = session(engine, memory, &out.join(".work").join("spill")).await?;
    for t in [
        Table::Reports,
        Table::Quotes,
        Table::QuoteTerms,
        Table::Passages,
        Table::Mentions,
    ] {
        let path = check_file(export, t)?;
        ctx.register_parquet(
            t.name(),
            path.to_string_lossy().as_ref(),
            ParquetReadOptions::default(),
        )
        .await
        .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;

    let filed = count(
        &ctx,
        "SELECT CAST(COUNT(*) AS BIGINT UNSIGNED) FROM quotes WHERE linkable",
    )
    .await?;
    let limit = DEFAULT_MAX_POSTINGS.min((filed as usize / 20).max(100));
    const SPLIT: &str = "4294967296"; // qid = report << 32 | quote
    view(
        &ctx,
        "df",
        "SELECT key, CAST(COUNT(DISTINCT qid) AS BIGINT UNSIGNED) AS df \
         FROM quote_terms WHERE linkable GROUP BY key",
    )
    .await?;
    let work = out.join(".work");
    materialize(
        &ctx,
        "feat",
        &format!(
            "SELECT q.qid, q.report_id, q.keys, q.clauses, q.speaker_key, w.weights, r.context \
             FROM quotes q \
             JOIN (SELECT t.qid, array_agg(newsdesk_key_weight(CAST({filed} AS BIGINT UNSIGNED), d.df) ORDER BY t.pos) AS weights \
                   FROM quote_terms t JOIN df d ON t.key = d.key WHERE t.linkable GROUP BY t.qid) w ON q.qid = w.qid \
             JOIN reports r ON q.report_id = r.report_id \
             WHERE q.linkable"
        ),
        &work.join("feat"),
    )
    .await?;
    materialize(
        &ctx,
        "dk",
        &format!(
            "SELECT DISTINCT t.qid, t.key, d.df FROM quote_terms t JOIN df d ON t.key = d.key \
             WHERE t.linkable AND d.df <= {limit}"
        ),
        &work.join("dk"),
    )
    .await?;
    materialize(
        &ctx,
        "walked",
        &format!(
            "SELECT qid, key FROM ( \
               SELECT qid, key, \
                 SUM(df) OVER (PARTITION BY qid ORDER BY df, key ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, \
                 ROW_NUMBER() OVER (PARTITION BY qid ORDER BY df, key) AS rn \
               FROM dk) \
             WHERE rn = 1 OR cum <= {LOOKUP_POSTINGS}"
        ),
        &work.join("walked"),
    )
    .await?;
    // the quotations of a range of reports at a time: their candidate pairs,
    // scores and mutual checks are held at once, never the export's; the
    // ranges in order of report, so the links come out in order
    let last = count(
        &ctx,
        "SELECT CAST(MAX(report_id) AS BIGINT UNSIGNED) FROM quotes WHERE linkable",
    )
    .await?;
    let slices = (filed as usize).div_ceil(SLICE_QUOTES).max(1) as u64;
    let per = (last + 1).div_ceil(slices).max(1);
    let cand = |from: u64, to: u64| {
        format!(
            "SELECT a, b FROM ( \
               SELECT a, b, ROW_NUMBER() OVER (PARTITION BY a ORDER BY n DESC, b) AS rn FROM ( \
                 SELECT w.qid AS a, p.qid AS b, COUNT(*) AS n \
                 FROM walked w JOIN dk p ON w.key = p.key \
                 WHERE w.qid >= {from} AND w.qid < {to} AND w.qid / {SPLIT} <> p.qid / {SPLIT} \
                 GROUP BY w.qid, p.qid)) \
             WHERE rn <= {MAX_CANDIDATES}"
        )
    };
    // a pair is scored in the order of the two quotations' places, as the
    // index scores it, so both give the same number to the last bit
    let score = |pairs: &str, a: &str, b: &str| {
        format!(
            "SELECT c.*, newsdesk_quote_score( \
               x.keys, x.clauses, x.weights, x.speaker_key, x.context, \
               y.keys, y.clauses, y.weights, y.speaker_key, y.context, CAST({threshold} AS FLOAT)) AS s \
             FROM ({pairs}) c \
             JOIN feat x ON x.qid = (CASE WHEN c.{a} < c.{b} THEN c.{a} ELSE c.{b} END) \
             JOIN feat y ON y.qid = (CASE WHEN c.{a} < c.{b} THEN c.{b} ELSE c.{a} END)"
        )
    };
    // per quotation and other report the best match at or above the threshold
    let best = |from: u64, to: u64| {
        format!(
            "SELECT a, b, s FROM ( \
               SELECT a, b, s, ROW_NUMBER() OVER (PARTITION BY a, b / {SPLIT} ORDER BY s DESC, b) AS rn \
               FROM ({}) WHERE s >= CAST({threshold} AS FLOAT)) \
             WHERE rn = 1",
            score(&cand(from, to), "a", "b")
        )
    };
    // kept when mutual: no other quotation `o` of the first report matches
    // `b` better; then the best of each quotation's
    let back = score(
        &format!(
            "SELECT best.a AS a, best.b AS b, f.qid AS o FROM best JOIN feat f \
               ON f.report_id = best.a / {SPLIT} AND f.qid <> best.a"
        ),
        "b",
        "o",
    );
    let links = format!(
        "WITH back AS (SELECT a, b, MAX(s) AS m FROM ({back}) GROUP BY a, b) \
         SELECT CAST(l.a / {SPLIT} AS INT UNSIGNED) AS from_report, CAST(l.b / {SPLIT} AS INT UNSIGNED) AS to_report, \
           ra.path AS from_path, rb.path AS to_path, ra.content_hash AS from_hash, rb.content_hash AS to_hash, \
           CAST(l.a % {SPLIT} AS INT UNSIGNED) AS from_quote, CAST(l.b % {SPLIT} AS INT UNSIGNED) AS to_quote, l.s AS score \
         FROM ( \
           SELECT a, b, s, ROW_NUMBER() OVER (PARTITION BY a ORDER BY s DESC, b) AS rn FROM ( \
             SELECT best.a, best.b, best.s FROM best LEFT JOIN back ON best.a = back.a AND best.b = back.b \
             WHERE back.m IS NULL OR back.m <= best.s)) l \
         JOIN reports ra ON ra.report_id = CAST(l.a / {SPLIT} AS INT UNSIGNED) \
         JOIN reports rb ON rb.report_id = CAST(l.b / {SPLIT} AS INT UNSIGNED) \
         WHERE l.rn <= {MAX_LINKS} \
         ORDER BY from_report, from_quote, score DESC, to_report, to_quote"
    );
    let mut w =
        super::export::TableWriter::create(out, Table::QuoteLinks, super::export::Format::Parquet)?;
    let mut quote_links = 0;
    let split = 1u64 << 32;
    for slice in 0..slices {
        let (from, to) = (slice * per, ((slice + 1) * per).min(last + 1));
        if from >= to {
            break;
        }
        let started = std::time::Instant::now();
        // a folder of each slice's own: a Ballista scheduler may still list
        // the files of the last one
        let dir = work.join(format!("best-{slice}"));
        materialize(&ctx, "best", &best(from * split, to * split), &dir).await?;
        let n = append_query(&ctx, &mut w, Table::QuoteLinks, &links).await?;
        let _ = std::fs::remove_dir_all(&dir);
        quote_links += n;
        tracing::debug!(
            "quote links of reports {from}..{to}: {n} ({:.1} s; slice {} of {slices})",
            started.elapsed().as_secs_f64(),
            slice + 1
        );
    }
    w.finish()?;
    let passage_links = write_query(
        &ctx,
        out,
        Table::PassageLinks,
        "WITH ps AS (SELECT report_id, hash, MIN(sentence) AS sentence FROM passages GROUP BY report_id, hash), \
              head AS (SELECT hash, MIN(report_id) AS report_id FROM ps GROUP BY hash) \
         SELECT x.report_id AS from_report, y.report_id AS to_report, \
           ra.path AS from_path, rb.path AS to_path, ra.content_hash AS from_hash, rb.content_hash AS to_hash, \
           x.hash AS hash, x.sentence AS from_sentence, y.sentence AS to_sentence \
         FROM ps x JOIN head h ON x.hash = h.hash AND x.report_id <> h.report_id \
         JOIN ps y ON y.hash = h.hash AND y.report_id = h.report_id \
         JOIN reports ra ON ra.report_id = x.report_id \
         JOIN reports rb ON rb.report_id = y.report_id \
         ORDER BY from_report, from_sentence, hash",
    )
    .await?;
    // the reports the links are for, with the content they were linked with
    let reports = write_query(
        &ctx,
        out,
        Table::LinkedReports,
        "SELECT r.report_id, r.path, r.content_hash, CAST(COUNT(q.qid) AS INT UNSIGNED) AS quotes \
         FROM reports r LEFT JOIN quotes q ON q.report_id = r.report_id \
         GROUP BY r.report_id, r.path, r.content_hash ORDER BY r.report_id",
    )
    .await?;
    // each actor and event: its kind (the most frequent of its mentions'),
    // how many reports mention it and how often (a mention without a key,
    // which the analysis gives now and then, is left out as the index does)
    let entities = write_query(
        &ctx,
        out,
        Table::Entities,
        "WITH m AS (SELECT * FROM mentions WHERE entity <> ''), \
              k AS (SELECT entity, kind, COUNT(*) AS n FROM m GROUP BY entity, kind), \
              top AS (SELECT entity, kind FROM ( \
                SELECT entity, kind, ROW_NUMBER() OVER (PARTITION BY entity ORDER BY n DESC, kind) AS rn FROM k) \
                WHERE rn = 1) \
         SELECT m.entity, t.kind, CAST(COUNT(DISTINCT m.report_id) AS INT UNSIGNED) AS reports, \
           CAST(COUNT(*) AS INT UNSIGNED) AS mentions \
         FROM m JOIN top t ON m.entity = t.entity \
         GROUP BY m.entity, t.kind ORDER BY m.entity",
    )
    .await?;
    let summary = Summary {
        threshold,
        reports,
        quote_links,
        passage_links,
        entities,
    };
    let manifest = serde_json::json!({
        "schema": schema::SCHEMA_NAME,
        "version": schema::VERSION,
        "newsdesk": env!("CARGO_PKG_VERSION"),
        "build": format!("{:016x}", made.build),
        "registry": format!("{:016x}", made.registry),
        "export": export.display().to_string(),
        "quote_threshold": threshold,
        "reports": summary.reports,
        "quote_links": summary.quote_links,
        "passage_links": summary.passage_links,
        "entities": summary.entities,
        "tables": LINK_TABLES.iter().map(|t| t.name()).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    super::export::write_atomically(&out.join("manifest.json"), text.as_bytes())?;
    Ok(summary)
}
