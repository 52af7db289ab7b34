//! The command line: `newsdesk lsp`, `newsdesk check`, `newsdesk analyze`.
//! It runs the same corpus code as the server and prints findings through the same
//! conversion ([`crate::protocol`]), so a terminal and an editor always agree.

mod analyze;
mod check;
mod load;

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
        /// Files or folders. A folder is a corpus; a file is checked within the corpus
        /// around it (the nearest folder with a newsdesk.toml or .git, else its folder).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print what the analysis knows about each report and the corpus, as JSON.
    Analyze {
        /// Output format (JSON only).
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
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
            paths,
        } => {
            init_tracing("newsdesk=warn");
            check::run(format, config.as_deref(), &paths)
        }
        Command::Analyze {
            format,
            config,
            paths,
        } => {
            init_tracing("newsdesk=warn");
            if format != Format::Json {
                eprintln!("newsdesk: analyze prints JSON only; use --format json");
                return 2;
            }
            analyze::run(config.as_deref(), &paths)
        }
    }
}
