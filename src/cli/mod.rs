//! The command line: `newsdesk lsp`, `newsdesk check`, `newsdesk analyze`.
//! It runs the same corpus code as the server and prints findings through the same
//! conversion ([`crate::protocol`]), so a terminal and an editor always agree.

pub mod analyze;
mod batch;
mod check;
mod fix;
mod load;
mod sarif;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "newsdesk",
    version,
    about = "Checks a folder of plain-text news reports: scraping leftovers, datelines, quotation marks, quotes and actors across reports."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning pages in CI.
    Sarif,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server on stdin/stdout (for editors).
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Report the findings of reports or folders, as the editor shows them.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Use this configuration file instead of each corpus's newsdesk.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Apply the quick fixes (remove boilerplate blocks, repair obvious quotation
        /// marks) to the files, atomically, and print what changed. Blocks that may
        /// hold a dateline, a quotation or a statement are kept unless
        /// `--fix=aggressive`.
        #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "safe", value_name = "MODE")]
        fix: Option<fix::FixMode>,
        /// Analyse every report again instead of reusing the on-disk index cache
        /// (which is then neither read nor written).
        #[arg(long)]
        no_cache: bool,
        /// Take the quote links of the reports unchanged since from the tables
        /// `newsdesk link` wrote in DIR (instead of newsdesk.toml's `[links]
        /// path`); batch mode, docs/batch.md.
        #[arg(long, value_name = "DIR")]
        links: Option<PathBuf>,
        /// List the groups of reports that are copies of each other (exact or
        /// near: the `near-duplicate` rule), earliest first, instead of the
        /// findings.
        #[arg(long, conflicts_with_all = ["fix", "format"])]
        duplicates: bool,
        /// Files or folders. A folder is a corpus; a file is checked within the corpus
        /// around it (the nearest folder with a newsdesk.toml or .git, else its folder).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Measure accuracy on a labelled development set (see docs/accuracy.md).
    Eval {
        #[command(subcommand)]
        set: EvalSet,
    },
    /// Print what the analysis knows about each report and the corpus, as JSON.
    Analyze {
        /// Output format (JSON only).
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Analyse every report again instead of reusing the on-disk index cache.
        #[arg(long)]
        no_cache: bool,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write a corpus overview as one self-contained HTML page: reports per
    /// day and per outlet, findings per rule, the most-mentioned actors and
    /// events, the most-reused quotes and the groups of copies.
    Report {
        /// The page to write (replaced atomically).
        #[arg(long, value_name = "OUT.html")]
        html: PathBuf,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Analyse every report again instead of reusing the on-disk index cache.
        #[arg(long)]
        no_cache: bool,
        /// The corpus folder.
        #[arg(value_name = "FOLDER")]
        path: PathBuf,
    },
    /// Write what the analysis knows of every report of a corpus as Parquet or
    /// JSON Lines tables (batch mode; docs/batch.md).
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "parquet")]
        format: batch::ExportFormat,
        /// The folder to write the tables into (created if needed).
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Analyse every report again instead of reusing the on-disk index cache.
        #[arg(long)]
        no_cache: bool,
        /// The corpus folder.
        #[arg(value_name = "FOLDER")]
        path: PathBuf,
    },
    /// Compute the quote and passage links of an export with DataFusion, or on a
    /// Ballista cluster, and write them as Parquet (batch mode; docs/batch.md).
    Link {
        /// The folder `newsdesk export --format parquet` wrote.
        #[arg(value_name = "EXPORT")]
        export: PathBuf,
        /// The folder to write the link tables into (created if needed).
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        /// Link threshold; the export's (its corpus's configuration) by default.
        #[arg(long)]
        threshold: Option<f32>,
        /// Run the plans on the Ballista scheduler at HOST:PORT.
        #[arg(long, value_name = "HOST:PORT")]
        scheduler: Option<String>,
        /// Run the plans on a Ballista scheduler and executor started in this
        /// process (for testing the distributed plans on one machine).
        #[arg(long)]
        ballista_standalone: bool,
        /// The memory the plans may hold in this process, in MiB (0: no
        /// limit); under a limit sorts and aggregates spill to disk (under the
        /// output folder), and a join that does not fit stops the run.
        #[arg(long, value_name = "MIB", default_value_t = 0)]
        memory: usize,
    },
    /// Run a Ballista scheduler or executor that knows newsdesk's functions,
    /// for `newsdesk link --scheduler` on a cluster (batch mode; docs/batch.md).
    #[command(subcommand)]
    Ballista(batch::Ballista),
}

#[derive(Subcommand)]
enum EvalSet {
    /// Line-level boilerplate precision and recall (e.g. ../shared/dev/boilerplate).
    Boilerplate {
        dir: PathBuf,
        /// Also list per-page scores and every misclassified line.
        #[arg(long)]
        mistakes: bool,
    },
    /// False alarms and recall of mismatched-quote (e.g. ../shared/dev/quote-balance).
    QuoteBalance { dir: PathBuf },
    /// Copies told from other reports (near-duplicate), on pairs built from the
    /// stories of ../shared/dev/quote-links and the pages of ../shared/dev/boilerplate.
    Copies {
        /// The quote-links set (stories in two translations).
        quote_links: PathBuf,
        /// The boilerplate set (whole pages, every line labelled).
        pages: PathBuf,
    },
    /// Named-entity precision and recall, untyped and typed (e.g. ../shared/dev/ner).
    Ner {
        dir: PathBuf,
        /// Also list the spans missed and the spurious ones, with their types.
        #[arg(long)]
        mistakes: bool,
    },
    /// Quotes found and their speakers (e.g. ../shared/dev/quote-attribution).
    QuoteAttribution {
        dir: PathBuf,
        /// Also list every quote whose speaker is wrong or missing.
        #[arg(long)]
        mistakes: bool,
    },
    /// Quote-link precision and recall across translations (e.g. ../shared/dev/quote-links).
    QuoteLinks {
        dir: PathBuf,
        /// Link thresholds to score (comma-separated); the default is the built-in one.
        #[arg(long, value_delimiter = ',')]
        thresholds: Vec<f32>,
        /// Also list the links missed and the wrong ones (at the first threshold).
        #[arg(long)]
        mistakes: bool,
        /// Choose the threshold among --thresholds on one half of the stories
        /// and measure it on the other half.
        #[arg(long)]
        split: bool,
    },
}

fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Entry point; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Lsp { stdio: _ } => {
            init_tracing("newsdesk=info");
            crate::server::run_stdio()
        }
        Command::Check {
            format,
            config,
            fix,
            no_cache,
            links,
            duplicates,
            paths,
        } => {
            init_tracing("newsdesk=warn");
            if duplicates {
                return check::duplicates(config.as_deref(), &paths, !no_cache);
            }
            let Some(mode) = fix else {
                return check::run(
                    format,
                    config.as_deref(),
                    links.as_deref(),
                    &paths,
                    !no_cache,
                );
            };
            match fix::fix(config.as_deref(), links.as_deref(), &paths, !no_cache, mode) {
                Ok((targets, 0)) => check::print(format, &targets, !no_cache),
                // a file changed during the run was left alone: exit 2
                Ok((targets, _)) => check::print(format, &targets, !no_cache).max(2),
                Err(code) => code,
            }
        }
        Command::Eval { set } => {
            init_tracing("newsdesk=warn");
            eval(set)
        }
        Command::Analyze {
            format,
            config,
            no_cache,
            paths,
        } => {
            init_tracing("newsdesk=warn");
            if format != Format::Json {
                eprintln!("newsdesk: analyze prints JSON only; use --format json");
                return 2;
            }
            analyze::run(config.as_deref(), &paths, !no_cache)
        }
        Command::Report {
            html,
            config,
            no_cache,
            path,
        } => {
            init_tracing("newsdesk=warn");
            report(config.as_deref(), &path, &html, !no_cache)
        }
        Command::Export {
            format,
            out,
            config,
            no_cache,
            path,
        } => {
            init_tracing("newsdesk=warn");
            batch::export(config.as_deref(), &path, &out, format, !no_cache)
        }
        Command::Link {
            export,
            out,
            threshold,
            scheduler,
            ballista_standalone,
            memory,
        } => {
            init_tracing("newsdesk=warn");
            batch::link(
                &export,
                &out,
                threshold,
                scheduler,
                ballista_standalone,
                memory,
            )
        }
        Command::Ballista(what) => {
            init_tracing("newsdesk=info,ballista_scheduler=info,ballista_executor=info");
            batch::ballista(what)
        }
    }
}

/// `newsdesk report --html OUT FOLDER`.
fn report(
    config: Option<&std::path::Path>,
    path: &std::path::Path,
    out: &std::path::Path,
    use_cache: bool,
) -> i32 {
    if !path.is_dir() {
        eprintln!(
            "newsdesk: {} is not a folder; report takes the corpus folder",
            path.display()
        );
        return 2;
    }
    let targets = match load::targets(config, &[path.to_path_buf()], use_cache) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let Some(t) = targets.first() else {
        eprintln!("newsdesk: no corpus at {}", path.display());
        return 2;
    };
    match crate::overview::write(&t.corpus, out) {
        Ok(o) => {
            eprintln!(
                "newsdesk: wrote the overview of {} report{} to {}",
                o.reports,
                crate::analysis::text::plural(o.reports),
                out.display()
            );
            if t.skipped > 0 {
                2
            } else {
                0
            }
        }
        Err(e) => {
            eprintln!("newsdesk: cannot write {}: {e}", out.display());
            2
        }
    }
}

fn eval(set: EvalSet) -> i32 {
    match set {
        EvalSet::Boilerplate { dir, mistakes } => match crate::eval::boilerplate::evaluate(&dir) {
            Ok(r) => {
                print!("{}", r.to_markdown_table());
                if mistakes {
                    println!();
                    for m in &r.mistakes {
                        let what = if m.gold_content { "MISSED" } else { "FALSE " };
                        let text: String = m.text.chars().take(150).collect();
                        println!("{what} {:.12}:{:<4} {text}", m.file, m.line);
                    }
                    println!();
                    for w in &r.half_swallowed {
                        println!(
                            "SWALLOWED {}:{} {} block took {} of {} content lines",
                            w.file,
                            w.start + 1,
                            w.kind,
                            w.content_in_block,
                            w.content_total
                        );
                    }
                }
                0
            }
            Err(e) => {
                eprintln!("newsdesk: {e}");
                2
            }
        },
        EvalSet::QuoteLinks {
            dir,
            thresholds,
            mistakes,
            split,
        } => {
            let t = if thresholds.is_empty() {
                vec![crate::analysis::quotes::matching::DEFAULT_LINK_THRESHOLD]
            } else {
                thresholds
            };
            if split {
                return print_eval(
                    crate::eval::quote_links::evaluate_split(&dir, &t)
                        .map(|r| r.to_markdown_table()),
                );
            }
            let r = crate::eval::quote_links::evaluate_many(&dir, &t);
            if let (true, Ok(r)) = (mistakes, &r) {
                for e in &r.errors {
                    let what = if e.missed { "MISSED" } else { "WRONG " };
                    println!(
                        "{what} {:.2} {}:{} {:?}\n       {}:{} {:?}",
                        e.score, e.a.0, e.a.1, e.a.2, e.b.0, e.b.1, e.b.2
                    );
                }
                println!();
            }
            print_eval(r.map(|r| r.to_markdown_table()))
        }
        EvalSet::QuoteAttribution { dir, mistakes } => {
            let r = crate::eval::quote_attribution::evaluate(&dir);
            if let (true, Ok(r)) = (mistakes, &r) {
                for m in &r.mistakes {
                    println!(
                        "{}:{} [{}] gold {:?} (as written: {:?}) got {:?} ({}) {}",
                        m.file,
                        m.line,
                        m.status,
                        m.gold,
                        m.source_text,
                        m.predicted,
                        m.how,
                        m.quote
                    );
                }
                println!();
            }
            print_eval(r.map(|r| r.to_markdown_table()))
        }
        EvalSet::Ner { dir, mistakes } => {
            let r = crate::eval::ner::evaluate(&dir);
            if let (true, Ok(r)) = (mistakes, &r) {
                for (what, list) in [("MISSED  ", &r.missed), ("SPURIOUS", &r.spurious)] {
                    for m in list {
                        let other = m
                            .other
                            .as_deref()
                            .map_or(String::new(), |o| format!(" (as {o})"));
                        println!("{what} {} {} {:?}{other}", m.file, m.label, m.text);
                    }
                }
                println!();
            }
            print_eval(r.map(|r| r.to_markdown_table()))
        }
        EvalSet::QuoteBalance { dir } => {
            print_eval(crate::eval::quote_balance::evaluate(&dir).map(|r| r.to_markdown_table()))
        }
        EvalSet::Copies { quote_links, pages } => print_eval(
            crate::eval::copies::evaluate(&quote_links, &pages).map(|r| r.to_markdown_table()),
        ),
    }
}

fn print_eval(r: Result<String, String>) -> i32 {
    match r {
        Ok(table) => {
            print!("{table}");
            0
        }
        Err(e) => {
            eprintln!("newsdesk: {e}");
            2
        }
    }
}
