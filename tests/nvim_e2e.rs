//! End-to-end test in a real editor: headless Neovim (>= 0.11) loads the plugin from
//! `editors/neovim` (lsp/newsdesk.lua, filetype detection, commands), runs
//! `newsdesk lsp` on a temporary corpus, and goes through what a curator does.
//! tests/nvim/e2e.lua runs every check and writes one pass/fail entry per check
//! (with what Neovim actually received) to a JSON file; each #[test] below asserts
//! one of them. Neovim runs once for all of them.
//!
//! Checks: 0 filetype + attach, 1 diagnostics (open and closed reports), 2 hover
//! on an actor, 3 definition from a quote, 3b :NewsdeskQuoteReports, 3c the
//! "quoted in N other reports" code lens, 4 the "Remove this boilerplate block"
//! quick fix, 4b :NewsdeskRemoveBoilerplate, 5 files written by another process,
//! 7 :NewsdeskRestart, 6 `:qa` ends the server (asserted here, after Neovim quit).
//!
//! Skipped with a message when nvim is missing; a failure under CI=true.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use support::*;

/// Three reports in the style of the seeds: an Interfax report with scraping
/// leftovers and a Lavrov quote ($0 inside it), an RT report with the same quote
/// in another translation (⟦…⟧ marks where definition must land), and a closed
/// report with no dateline and an unclosed quotation mark.
const CORPUS: &str = r#"
//- newsdesk.toml
//- interfax/nato.txt
Войти

Russia's proposals to ease tensions in NATO relations are not considered - Lavrov

4325
0
0
Image source: © Пресс-служба МИД РФ | Перейти в фотобанк

Stockholm. December 2. INTERFAX - NATO refuses Russian proposals to reduce tensions, Russian Foreign Minister Sergei Lavrov said.

"NATO's activities continue to escalate the situation on our borders, NATO refuses to consider our proposals to relieve tension and prevent dangerous incidents," Lavrov said at a press conference on Thursday.

He stressed that Russia had offered NATO concrete measures on these issues.

"We want the agreements mentioned by the president, and which we will seek, to have a legal, legally binding $0character. In the near future, we will formulate appropriate concrete proposals to our Western colleagues and we will count on a serious attitude towards them," Lavrov said.

The rights to this material belong to
The material is placed by the copyright holder in the public domain
Do you want to leave a comment? Register and/or Log in
  • 03.01 03:29
  • 12616
Without carrot and stick. Russia has deprived America of its usual levers of influence
  • 02.01 20:18
  • 0
//- rt/promises.txt
NATO broke promises in past, new deals need to be fixed on paper – Lavrov

MOSCOW, December 2 - RT. NATO continues to stir up tensions with Russia while refusing to work on resolving outstanding issues, Russia’s FM Sergey Lavrov has said.

Russia’s top diplomat spoke after a ministerial meeting of the Organization for Security and Co-operation in Europe (OSCE) on Thursday.

⟦“We want the agreements that the president mentioned, and which we will seek, to necessarily have a legal, legally-binding nature.⟧ In the near future we will provide concrete proposals to our Western colleagues and we count on a serious attitude toward them,” Lavrov said.
//- rt/answer.txt
Lavrov: the answer must be serious 😀

Russia’s top diplomat said the NATO answer must be serious, “not a set of general words.

He spoke in Moscow on Thursday after talks with the Turkish foreign minister.
"#;

/// Written by another process while Neovim runs: a new report (no dateline, an
/// unclosed quotation mark) and rt/answer.txt with a dateline added.
const LATE_REPORT: &str = "Lavrov: talks in Geneva were difficult\n\nRussia’s top diplomat said the talks were “difficult but useful.\n";
const ANSWER_FIXED: &str = "Lavrov: the answer must be serious 😀\n\nMOSCOW, January 14 - RIA Novosti. Russia’s top diplomat said the NATO answer must be serious, “not a set of general words.\n\nHe spoke in Moscow on Thursday after talks with the Turkish foreign minister.\n";

struct Outcome {
    /// The Lua script's result file, parsed.
    result: Value,
    raw: String,
    /// The server process (found by the script among Neovim's children) is gone
    /// after `:qa`: Ok, or what was seen instead.
    server_ended: Result<(), String>,
    /// Neovim's LSP log, for failure messages.
    lsp_log: String,
}

static OUTCOME: OnceLock<Option<Outcome>> = OnceLock::new();

fn outcome() -> Option<&'static Outcome> {
    OUTCOME.get_or_init(run_neovim).as_ref()
}

/// Is the process gone (or a zombie nobody reaped)?
fn process_gone(pid: u64) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => {
            // "pid (comm) S ...": the state follows the last ')'
            let state = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .unwrap_or("");
            state == "Z" || state == "X"
        }
    }
}

fn run_neovim() -> Option<Outcome> {
    let nvim = nvim()?;
    let f = Fixture::new(CORPUS);
    let root = f.root();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = manifest.join("tests/nvim/e2e.lua");
    let state = tempfile::tempdir().unwrap();
    let out = state.path().join("result.json");
    let spec = spec(&f, &root, &out);
    let started = Instant::now();
    let mut child = Command::new(nvim)
        .env(
            "NEWSDESK_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/newsdesk-cache"),
        )
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("NEWSDESK_E2E", spec.to_string())
        // Neovim's LSP log (with the server's stderr) in a place of our own
        .env("XDG_STATE_HOME", state.path())
        .env("RUST_LOG", "newsdesk=debug")
        .current_dir(&root)
        .spawn()
        .unwrap();
    wait_or_kill(&mut child, started + Duration::from_secs(150));
    let lsp_log = find_lsp_log(state.path())
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|s| {
            let lines: Vec<&str> = s.lines().collect();
            lines[lines.len().saturating_sub(60)..].join("\n")
        })
        .unwrap_or_default();
    let raw = std::fs::read_to_string(&out).unwrap_or_else(|_| {
        format!(
            "{{\"error\": \"Neovim wrote no result within {} s\"}}",
            started.elapsed().as_secs()
        )
    });
    let result: Value =
        serde_json::from_str(&raw).unwrap_or_else(|e| json!({"error": e.to_string()}));
    // 6. `:qa` ends the server
    let server_ended = server_ended(&result);
    drop(f);
    Some(Outcome {
        result,
        raw,
        server_ended,
        lsp_log,
    })
}

/// What the Lua script is told: the server, the plugin, the fixture's files,
/// the cursor and the range the definition must reach.
fn spec(f: &Fixture, root: &Path, out: &Path) -> Value {
    let plugin = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/neovim");
    let (cursor_file, cursor) = f.cursor.clone().expect("the fixture has a $0 cursor");
    let promises = f.path("rt/promises.txt");
    let target = f
        .ranges
        .iter()
        .find(|(p, _)| *p == promises)
        .map(|(_, r)| r.clone())
        .expect("the fixture marks the quote in rt/promises.txt");
    json!({
        "bin": env!("CARGO_BIN_EXE_newsdesk"),
        "plugin": plugin,
        "root": root,
        "out": out,
        "report": f.path("interfax/nato.txt"),
        "answer": f.path("rt/answer.txt"),
        "late": f.path("rt/late.txt"),
        "late_text": LATE_REPORT,
        "answer_fixed": ANSWER_FIXED,
        "cursor": {"file": cursor_file, "position": cursor},
        "definition": {"file": promises, "range": target},
    })
}

/// Wait for Neovim to quit; kill it at the deadline.
fn wait_or_kill(child: &mut std::process::Child, deadline: Instant) {
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether the server Neovim started is gone within 10 s of `:qa` (it is
/// killed if not, so that no test leaves it behind).
fn server_ended(result: &Value) -> Result<(), String> {
    match result["server_pid"].as_u64() {
        None => Err(format!(
            "the script found no `newsdesk lsp` child of Neovim; it saw: {}",
            result["processes"]
        )),
        Some(pid) => {
            let until = Instant::now() + Duration::from_secs(10);
            loop {
                if process_gone(pid) {
                    break Ok(());
                }
                if Instant::now() > until {
                    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline"))
                        .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
                        .unwrap_or_default();
                    // do not leave it behind
                    let _ = Command::new("kill").arg(pid.to_string()).status();
                    break Err(format!(
                        "server process {pid} ({cmdline}) still runs 10 s after Neovim quit"
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn find_lsp_log(dir: &Path) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let p = entry.path();
        if p.is_dir() {
            if let Some(found) = find_lsp_log(&p) {
                return Some(found);
            }
        } else if p.file_name().is_some_and(|n| n == "lsp.log") {
            return Some(p);
        }
    }
    None
}

/// Assert the named check of the Lua script passed.
fn check(name: &str) {
    let Some(o) = outcome() else { return };
    let c = &o.result["checks"][name];
    if c["ok"] == true {
        return;
    }
    let shown = if c.is_null() {
        format!(
            "the script did not run this check; its whole result:\n{}",
            o.raw
        )
    } else {
        serde_json::to_string_pretty(c).unwrap()
    };
    panic!(
        "check `{name}` failed.\nWhat Neovim received:\n{shown}\n\nScript error: {}\n\nNeovim LSP log (tail):\n{}",
        o.result["error"], o.lsp_log
    );
}

#[test]
fn e2e_0_plugin_sets_the_filetype_and_attaches() {
    check("attach");
}

#[test]
fn e2e_1_diagnostics_arrive_for_open_and_closed_reports() {
    check("diagnostics");
}

#[test]
fn e2e_2_hover_on_an_actor_names_the_office() {
    check("hover");
}

#[test]
fn e2e_3_definition_from_a_quote_lands_in_the_other_report() {
    check("definition");
}

#[test]
fn e2e_3b_quote_reports_command_lists_the_other_report() {
    check("quote_reports");
}

#[test]
fn e2e_3c_code_lens_runs_its_client_side_command() {
    check("code_lens");
}

#[test]
fn e2e_4_quick_fix_removes_a_boilerplate_block() {
    check("code_action");
}

#[test]
fn e2e_4b_remove_boilerplate_command_cleans_the_report() {
    check("remove_all_command");
}

#[test]
fn e2e_4c_report_command_writes_the_corpus_overview() {
    check("report_command");
}

#[test]
fn e2e_5_files_written_outside_neovim_update_diagnostics() {
    check("external_write");
}

#[test]
fn e2e_7_restart_command_starts_a_new_server() {
    check("restart");
}

#[test]
fn e2e_6_quitting_neovim_ends_the_server() {
    let Some(o) = outcome() else { return };
    if let Err(e) = &o.server_ended {
        panic!(
            "{e}\nScript result:\n{}\n\nNeovim LSP log (tail):\n{}",
            o.raw, o.lsp_log
        );
    }
}
