//! The corpus overview page (`newsdesk report --html`, the editor's
//! `newsdesk.writeOverview` command): what it shows, that the CLI and the
//! server write the same page, and that a real browser renders it.

mod support;

use serde_json::json;
use std::process::Command;
use support::*;

/// The copies fixture, and a report whose headline holds markup.
fn corpus() -> Fixture {
    Fixture::new(&format!(
        "{}\n//- ria/2022-01-12-geneva.txt\nTalks in Geneva <b>end</b> & go on\n\nMOSCOW, January 12, 2022 - RIA Novosti. The Russian delegation led by Deputy Foreign Minister Sergei Ryabkov said after the talks in Geneva that the sides would meet again.\n",
        COPIES
    ))
}

#[test]
fn the_page_shows_the_corpus_and_holds_nothing_from_elsewhere() {
    let f = corpus();
    let out = f.root().join("out/overview.html");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let (code, _, err) = newsdesk(&["report", "--html", out.to_str().unwrap(), "."], &f.root());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote the overview of 5 reports"), "{err}");
    let page = std::fs::read_to_string(&out).unwrap();
    // self-contained: no script, no link to anything
    for banned in [
        "<script", "http://", "https://", "<link", "src=", "@import", "url(",
    ] {
        assert!(!page.contains(banned), "the page holds {banned}");
    }
    for id in [
        "summary", "timeline", "outlets", "findings", "actors", "events", "quotes", "copies",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    // dates from the datelines, the year from the file name: 12–14 January
    assert!(page.contains("12 – 14 January 2022"), "{page}");
    // the outlets, TASS most
    let tass = page.find(">TASS<").expect("TASS in the legend");
    let ria = page
        .find(">RIA Novosti<")
        .expect("RIA Novosti in the legend");
    assert!(tass < ria);
    // the copies, the earliest first
    let copies = &page[page.find("id=\"copies\"").unwrap()..];
    assert!(copies.contains("<code>tass/2022-01-13-osce.txt</code> (the earliest)"));
    assert_eq!(copies.matches("% copy</span>").count(), 2, "{copies}");
    // the reused quote, with the outlets that carry it
    let quotes = &page[page.find("id=\"quotes\"").unwrap()..page.find("id=\"copies\"").unwrap()];
    assert!(quotes.contains("We heard many general words"), "{quotes}");
    assert!(quotes.contains("Alexander Lukashevich"), "{quotes}");
    // markup in a report is text on the page
    assert!(!page.contains("<b>end</b>"));
    // findings per rule, with the copies' hints among them
    assert!(page.contains("near-duplicate (hint)"));
    // the page is readable by others, as a page the user writes
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
    }
}

#[test]
fn the_editor_command_writes_the_same_page_as_the_cli() {
    let f = corpus();
    let cli = f.root().join("cli.html");
    let (code, _, err) = newsdesk(&["report", "--html", cli.to_str().unwrap(), "."], &f.root());
    assert_eq!(code, 0, "{err}");
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    let out = f.root().join("editor.html");
    let r = s.request(
        "workspace/executeCommand",
        json!({"command": "newsdesk.writeOverview", "arguments": [{"uri": uri(&f.root()), "out": out}]}),
    );
    assert_eq!(r["path"], json!(out.display().to_string()));
    assert_eq!(r["uri"], json!(uri(&out)));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&cli).unwrap()
    );
    // without a place to write to: the system's temporary folder, not the corpus
    let r = s.request(
        "workspace/executeCommand",
        json!({"command": "newsdesk.writeOverview", "arguments": []}),
    );
    let path = std::path::PathBuf::from(r["path"].as_str().unwrap());
    assert!(path.starts_with(std::env::temp_dir()), "{path:?}");
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("id=\"copies\""));
    std::fs::remove_file(&path).unwrap();
    // a place no workspace holds is an error, and the server goes on
    let r = s.request_full(
        "workspace/executeCommand",
        json!({"command": "newsdesk.writeOverview", "arguments": ["file:///nowhere/at/all"]}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no workspace folder"),
        "{r}"
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn headless_chromium_renders_the_page_without_errors() {
    let Some(chromium) = chromium() else { return };
    let f = corpus();
    let out = f.root().join("overview.html");
    let (code, _, err) = newsdesk(&["report", "--html", out.to_str().unwrap(), "."], &f.root());
    assert_eq!(code, 0, "{err}");
    let profile = tempfile::tempdir().unwrap();
    let browse = |extra: &[&str]| {
        Command::new(&chromium)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1100,1600",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(format!("file://{}", out.display()))
            .output()
            .unwrap()
    };
    // the page as the browser built it
    let dom = browse(&["--dump-dom"]);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let html = String::from_utf8_lossy(&dom.stdout);
    assert!(html.contains("<svg"), "{html}");
    assert!(html.contains("Corpus overview"));
    // nothing failed to load and nothing complained on the console
    let log = String::from_utf8_lossy(&dom.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "the browser's console: {console:#?}");
    assert!(!log.contains("Failed to load"), "{log}");
    // and a picture of it
    let shot = f.root().join("overview.png");
    let r = browse(&[&format!("--screenshot={}", shot.display())]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // a blank page of this size compresses to a few kilobytes; charts and text do not
    assert!(png.len() > 40_000, "{} bytes", png.len());
}

/// One outlet however its reports write it: a Russian dateline's `ТАСС`, a
/// Latin `/TASS/` and a report filed in a folder `tass` without an agency
/// are one outlet on the page, TASS with three reports.
#[test]
fn an_outlet_written_in_two_scripts_is_one_outlet() {
    let f = Fixture::new(
        "//- ru/2022-01-14-lavrov.txt\nЛавров призвал решить вопросы безопасности\n\nМОСКВА, 14 января. /ТАСС/. Россия выступает за решение вопросов гарантий безопасности на основе баланса интересов, заявил министр иностранных дел Сергей Лавров на пресс-конференции в пятницу.\n//- en/2022-01-14-lavrov.txt\nLavrov urges a balance of interests\n\nMOSCOW, January 14. /TASS/. Russia wants the security guarantees to be settled on the basis of a balance of interests, Foreign Minister Sergei Lavrov told a news conference on Friday.\n//- tass/2022-01-15-vienna.txt\nVienna talks end\n\nThe OSCE session in Vienna ended on Thursday without a breakthrough on the security guarantees that Russia proposed in December, diplomats said.\n",
    );
    let out = f.root().join("overview.html");
    let (code, _, err) = newsdesk(&["report", "--html", out.to_str().unwrap(), "."], &f.root());
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&out).unwrap();
    let outlets =
        &page[page.find("id=\"outlets\"").unwrap()..page.find("id=\"findings\"").unwrap()];
    assert!(
        !outlets.contains("ТАСС") && !outlets.contains(">tass<"),
        "{outlets}"
    );
    assert_eq!(outlets.matches(">TASS<").count(), 1, "{outlets}");
    let (code, json, _) = newsdesk(&["analyze", "--format", "json", "."], &f.root());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let names: Vec<&str> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["metadata"]["outlet"]["name"].as_str())
        .collect();
    assert_eq!(names, ["TASS", "TASS", "TASS"], "{json}");
}
