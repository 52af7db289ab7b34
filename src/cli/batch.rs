//! `newsdesk export`, `newsdesk link` and `newsdesk ballista` (batch mode,
//! `--features batch`): the terminal side of [`crate::batch`]. A build
//! without the feature knows the commands and says how to get them.

use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// `--format` of `newsdesk export`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Parquet,
    Jsonl,
}

/// `newsdesk ballista …`: the two processes of a Ballista cluster that runs
/// `newsdesk link --scheduler` (docs/batch.md).
#[derive(Subcommand)]
pub enum Ballista {
    /// A Ballista scheduler that knows newsdesk's functions.
    Scheduler {
        /// The address to listen on.
        #[arg(long, default_value = "0.0.0.0:50050", value_name = "HOST:PORT")]
        bind: String,
    },
    /// A Ballista executor that knows newsdesk's functions: one on each worker.
    Executor {
        /// The scheduler to serve.
        #[arg(long, value_name = "HOST:PORT")]
        scheduler: String,
        /// The address to listen on.
        #[arg(long, default_value = "0.0.0.0")]
        bind_host: String,
        /// The host name the scheduler and the other executors reach this one
        /// by (its shuffle data is fetched there); this machine's by default.
        #[arg(long)]
        external_host: Option<String>,
        /// The port of its shuffle data (Arrow Flight).
        #[arg(long, default_value_t = 50051)]
        port: u16,
        /// The port of its gRPC service.
        #[arg(long, default_value_t = 50052)]
        grpc_port: u16,
        /// Where its shuffle files go (a temporary folder by default).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
        /// How many tasks it runs at once (0: one per core).
        #[arg(long, default_value_t = 0)]
        concurrency: usize,
    },
}

#[cfg(not(feature = "batch"))]
fn unavailable(what: &str) -> i32 {
    eprintln!(
        "newsdesk: `{what}` is part of batch mode, which this build leaves out; \
         install with `cargo install --path . --features batch` (see docs/batch.md)"
    );
    2
}

/// `newsdesk export`: load the corpus at `path` and write its tables to `out`.
#[cfg(not(feature = "batch"))]
pub fn export(_: Option<&Path>, _: &Path, _: &Path, _: ExportFormat, _: bool) -> i32 {
    unavailable("newsdesk export")
}

/// `newsdesk ballista …`.
#[cfg(not(feature = "batch"))]
pub fn ballista(_: Ballista) -> i32 {
    unavailable("newsdesk ballista")
}

/// `newsdesk link`.
#[cfg(not(feature = "batch"))]
pub fn link(_: &Path, _: &Path, _: Option<f32>, _: Option<String>, _: bool, _: usize) -> i32 {
    unavailable("newsdesk link")
}

#[cfg(feature = "batch")]
pub fn export(
    config: Option<&Path>,
    path: &Path,
    out: &Path,
    format: ExportFormat,
    use_cache: bool,
) -> i32 {
    use crate::batch::export::{self, Format};
    use std::io::IsTerminal;
    if !path.is_dir() {
        eprintln!(
            "newsdesk: {}: export takes the folder of a corpus",
            path.display()
        );
        return 2;
    }
    let targets = match super::load::targets(config, &[path.to_path_buf()], use_cache) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let Some(t) = targets.first() else {
        return 2;
    };
    let total = t.corpus.len() as u64;
    // a bar on a terminal only; nothing when stderr is a file or a pipe
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "exporting {bar:40} {pos}/{len} reports ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let format = match format {
        ExportFormat::Parquet => Format::Parquet,
        ExportFormat::Jsonl => Format::Jsonl,
    };
    let r = export::export(&t.corpus, out, format, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match r {
        Ok(s) => {
            eprintln!(
                "newsdesk: exported {} reports ({} quotes, {} mentions, {} sentences) to {}",
                s.reports,
                s.quotes,
                s.mentions,
                s.passages,
                out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("newsdesk: export failed: {e}");
            2
        }
    }
}

/// A runtime for DataFusion and Ballista.
#[cfg(feature = "batch")]
fn runtime() -> Result<tokio::runtime::Runtime, i32> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // DataFusion's planner recurses deeply on plans of this size
        .thread_stack_size(32 << 20)
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("newsdesk: cannot start the runtime: {e}");
            2
        })
}

/// `newsdesk ballista scheduler|executor`: runs until stopped.
#[cfg(feature = "batch")]
pub fn ballista(what: Ballista) -> i32 {
    use crate::batch::cluster;
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let r = match what {
        Ballista::Scheduler { bind } => match bind.parse() {
            Ok(addr) => {
                eprintln!("newsdesk: Ballista scheduler listening on {addr}");
                rt.block_on(cluster::scheduler(addr))
            }
            Err(e) => Err(format!(
                "--bind {bind}: {e} (give HOST:PORT, e.g. 0.0.0.0:50050)"
            )),
        },
        Ballista::Executor {
            scheduler,
            bind_host,
            external_host,
            port,
            grpc_port,
            work_dir,
            concurrency,
        } => match scheduler
            .rsplit_once(':')
            .and_then(|(h, p)| Some((h, p.parse().ok()?)))
        {
            Some((host, sched_port)) => {
                eprintln!("newsdesk: Ballista executor serving {scheduler}");
                rt.block_on(cluster::executor(cluster::ExecutorOptions {
                    scheduler: (host.to_string(), sched_port),
                    bind_host,
                    external_host,
                    port,
                    grpc_port,
                    work_dir,
                    concurrency,
                }))
            }
            None => Err(format!("--scheduler {scheduler}: give HOST:PORT")),
        },
    };
    match r {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("newsdesk: {e}");
            2
        }
    }
}

#[cfg(feature = "batch")]
pub fn link(
    export: &Path,
    out: &Path,
    threshold: Option<f32>,
    scheduler: Option<String>,
    standalone: bool,
    memory_mib: usize,
) -> i32 {
    use crate::batch::link::{self, Engine};
    let engine = match (scheduler, standalone) {
        (Some(_), true) => {
            eprintln!("newsdesk: --scheduler and --ballista-standalone exclude each other");
            return 2;
        }
        (Some(s), false) => Engine::Ballista(s),
        (None, true) => Engine::BallistaStandalone,
        (None, false) => Engine::Local,
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let memory = memory_mib.saturating_mul(1 << 20);
    match rt.block_on(link::link_within(export, out, &engine, threshold, memory)) {
        Ok(s) => {
            eprintln!(
                "newsdesk: {} quote links (threshold {}), {} passage links and {} entities written to {}",
                s.quote_links,
                s.threshold,
                s.passage_links,
                s.entities,
                out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("newsdesk: link failed: {e}");
            2
        }
    }
}
