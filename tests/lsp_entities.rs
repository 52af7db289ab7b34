//! Actors and events through the protocol: hover, references, workspace symbols.

mod support;

use serde_json::{json, Value};
use support::*;

fn ready(s: &mut Server) {
    s.wait_for("indexing done", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
}

fn position_of(text: &str, needle: &str) -> Value {
    let (line, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .expect(needle);
    let col: usize = l[..l.find(needle).unwrap()]
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({"line": line, "character": col + 1})
}

fn hover(s: &mut Server, path: &std::path::Path, pos: Value) -> String {
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(path)}, "position": pos}),
    );
    r["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const CORPUS: &str = r#"
//- ria/2022-01-14.txt
Lavrov urged NATO to answer in writing

MOSCOW, January 14 - RIA Novosti. Russian Foreign Minister Sergei Lavrov said on Friday that Moscow expects a written answer from NATO and the United States.

"We are waiting for a written answer, and we will study it carefully," Lavrov told reporters.

A meeting of the Russia-NATO Council was held in Brussels on Wednesday.

At the end of 2021, Russia published drafts of a treaty with the United States.
//- tass/2022-01-15.txt
Лавров ждет ответа

МОСКВА, 15 января — ТАСС. Министр иностранных дел России Сергей Лавров заявил, что Москва ждет письменного ответа.
//- rt/2022-01-16.txt
Russia’s top diplomat repeats demand

MOSCOW, January 16 - RT. Sergey Lavrov said the talks with NATO would continue in Geneva.
"#;

#[test]
fn hover_references_and_symbols_for_an_actor() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    ready(&mut s);
    let ria = f.path("ria/2022-01-14.txt");
    let text = f.text("ria/2022-01-14.txt");
    let md = hover(&mut s, &ria, position_of(&text, "Lavrov told"));
    assert!(md.contains("**Sergey Lavrov** — person"), "{md}");
    assert!(md.contains("Foreign Minister"), "{md}");
    assert!(md.contains("Mentioned in 3 reports"), "{md}");
    assert!(
        md.contains("We are waiting for a written answer"),
        "his quote: {md}"
    );
    // references: every mention across the corpus, Cyrillic included
    let refs = s.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&ria)}, "position": position_of(&text, "Lavrov told"), "context": {"includeDeclaration": true}}),
    );
    let uris: std::collections::BTreeSet<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 3, "{refs:#}");
    // workspace symbols find him by name
    let syms = s.request("workspace/symbol", json!({"query": "lavrov"}));
    assert!(
        syms.as_array()
            .unwrap()
            .iter()
            .any(|x| x["name"] == "Sergey Lavrov" || x["name"] == "Sergei Lavrov"),
        "{syms:#}"
    );
    // and a quote by its words
    let syms = s.request("workspace/symbol", json!({"query": "written answer"}));
    assert!(
        syms.as_array().unwrap().iter().any(|x| x["kind"] == 15),
        "{syms:#}"
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn hover_on_an_event_resolves_its_date() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    ready(&mut s);
    let ria = f.path("ria/2022-01-14.txt");
    let text = f.text("ria/2022-01-14.txt");
    let md = hover(
        &mut s,
        &ria,
        position_of(&text, "meeting of the Russia-NATO"),
    );
    assert!(md.contains("event (meeting)"), "{md}");
    assert!(
        md.contains("Wednesday, January 12, 2022"),
        "Wednesday before Friday January 14: {md}"
    );
    assert!(md.contains("the year from the report's text"), "{md}");
    assert!(md.contains("on Wednesday"), "{md}");
    assert!(md.contains("Brussels"), "{md}");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn seeds_actors_and_events() {
    let Some(seeds) = shared_dir("seeds") else {
        return;
    };
    let mut s = Server::spawn(&[]);
    s.initialize(&seeds, vscode_caps());
    ready(&mut s);
    let file = |p: &str| {
        std::fs::read_dir(&seeds)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|x| x.file_name().unwrap().to_string_lossy().starts_with(p))
            .unwrap()
    };
    let (s004, s003, s001) = (file("004"), file("003"), file("001"));
    let t004 = std::fs::read_to_string(&s004).unwrap();
    let md = hover(&mut s, &s004, position_of(&t004, "Lavrov insisted"));
    assert!(md.contains("**Sergey Lavrov**"), "{md}");
    assert!(md.contains("Russian Foreign Minister"), "{md}");
    assert!(md.contains("Mentioned in 5 reports"), "{md}");
    assert!(md.contains("**Quotes:**"), "{md}");
    let t003 = std::fs::read_to_string(&s003).unwrap();
    let md = hover(&mut s, &s003, position_of(&t003, "Smith said during"));
    assert!(
        md.contains("Julian Smith") || md.contains("Julianne Smith"),
        "{md}"
    );
    assert!(md.contains("Permanent Representative"), "{md}");
    let md = hover(&mut s, &s003, position_of(&t003, "OSCE."));
    assert!(
        md.contains("Organization for Security and Co-operation in Europe"),
        "{md}"
    );
    assert!(md.contains("Mentioned in 4 reports"), "{md}");
    let t001 = std::fs::read_to_string(&s001).unwrap();
    let line = t001
        .lines()
        .find(|l| l.contains("Russia-NATO Council"))
        .unwrap()
        .to_string();
    let md = hover(
        &mut s,
        &s001,
        position_of(
            &t001,
            &line[line.find("meeting").unwrap()..line.find("meeting").unwrap() + 12],
        ),
    );
    assert!(md.contains("Wednesday, January 12, 2022"), "{md}");
    assert!(md.contains("Brussels"), "{md}");
    assert!(
        md.contains("**Russia-NATO Council meeting, Brussels, 12 January 2022**"),
        "{md}"
    );
    // the place of the Geneva talks leads to them
    let md = hover(&mut s, &s001, position_of(&t001, "Geneva"));
    assert!(md.contains("**Geneva** — place"), "{md}");
    assert!(
        md.contains("**Event in this sentence:** Russia–United States talks on security guarantees, Geneva, 9–10 January 2022 (talks)"),
        "{md}"
    );
    // an interview dated "on Wednesday" in a report of "December 22" without a
    // year: the year comes from another report of the drafts published on
    // December 17
    let md = hover(&mut s, &s004, position_of(&t004, "an interview"));
    assert!(
        md.contains("**Sergey Lavrov's interview with RT on international issues, 22 December 2021** — event (interview)"),
        "{md}"
    );
    assert!(md.contains("the year from other reports"), "{md}");
    assert_eq!(s.shutdown(), Some(0));
}

const TALKS: &str = r#"
//- ntb/2022-01-14.txt
Norway and Finland end fishing talks

OSLO, January 14 - NTB. At the end of 2021, Norway sent its proposals to Finland.

The ministers met again after the negotiations on fishing quotas between Norway and Finland, which took place on January 9-10 in Geneva.
//- ntb/2022-01-03.txt
Skjæran keeps the quotas

OSLO, January 3 - NTB. "We will keep our quotas," Fisheries Minister Bjørnar Skjæran said at a press conference.
//- ntb/2022-02-07.txt
Skjæran again keeps the quotas

OSLO, February 7 - NTB. "We will not change our quotas," Fisheries Minister Bjørnar Skjæran said at a press conference.
"#;

#[test]
fn hover_on_the_place_or_date_of_an_event_shows_the_event() {
    let f = Fixture::new(TALKS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    ready(&mut s);
    let ntb = f.path("ntb/2022-01-14.txt");
    let text = f.text("ntb/2022-01-14.txt");
    let label = "Norway–Finland talks on fishing quotas, Geneva, 9–10 January 2022";
    let md = hover(&mut s, &ntb, position_of(&text, "Geneva"));
    assert!(md.contains("**Geneva** — place"), "{md}");
    assert!(
        md.contains(&format!("**Event in this sentence:** {label} (talks)")),
        "{md}"
    );
    let md = hover(&mut s, &ntb, position_of(&text, "January 9-10"));
    assert!(md.contains(&format!("**{label}** — event (talks)")), "{md}");
    assert!(md.contains("Written here as “the negotiations”"), "{md}");
    // a place that no event holds shows no event
    let md = hover(&mut s, &ntb, position_of(&text, "OSLO"));
    assert!(!md.contains("Event in this sentence"), "{md}");
    // one minister's press conferences a month apart are two events
    let jan = f.path("ntb/2022-01-03.txt");
    let jan_text = f.text("ntb/2022-01-03.txt");
    let md = hover(&mut s, &jan, position_of(&jan_text, "a press conference"));
    assert!(
        md.contains("**Bjørnar Skjæran's press conference** — event (press conference)"),
        "{md}"
    );
    assert!(md.contains("Reported in 1 report:"), "{md}");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn the_outline_lists_actors_and_events() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    ready(&mut s);
    let ria = f.path("ria/2022-01-14.txt");
    let syms = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&ria)}}),
    );
    let syms = syms.as_array().unwrap();
    let find = |detail: &str, name: &str| {
        syms.iter().any(|x| {
            x["detail"].as_str().unwrap_or("").starts_with(detail)
                && x["name"].as_str().unwrap_or("").contains(name)
        })
    };
    assert!(find("person", "Lavrov"), "{syms:#?}");
    assert!(find("organization", "NATO"), "{syms:#?}");
    assert!(find("meeting", "Russia-NATO Council"), "{syms:#?}");
    // an actor appears once, however often the report names him
    let lavrovs = syms
        .iter()
        .filter(|x| x["detail"] == "person" && x["name"].as_str().unwrap().contains("Lavrov"))
        .count();
    assert_eq!(lavrovs, 1);
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_change_to_entities_toml_alone_is_reloaded() {
    let f = Fixture::new(
        r#"
//- nato/2022-01-12.txt
Envoy says alliance is ready to talk

BRUSSELS, January 12 - NATO Press. Karel Vostrak said the allies were ready for talks with Moscow.

"We are ready to sit down and talk," Karel Vostrak told reporters after the meeting.
"#,
    );
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    ready(&mut s);
    let report = f.path("nato/2022-01-12.txt");
    let at = position_of(&f.text("nato/2022-01-12.txt"), "Karel Vostrak told");
    let before = hover(&mut s, &report, at.clone());
    assert!(before.contains("Karel Vostrak"), "{before}");
    assert!(!before.contains("Chief negotiator"), "{before}");
    // the curator describes him in entities.toml; newsdesk.toml is not touched
    let entities = f.root().join("entities.toml");
    std::fs::write(
        &entities,
        "[entities.karel-vostrak]\nname = \"Karel Vostrak\"\nkind = \"person\"\n\
         description = \"Chief negotiator of the alliance.\"\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&entities), "type": 1}]}),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let md = hover(&mut s, &report, at.clone());
        if md.contains("Chief negotiator of the alliance.") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "entities.toml was not reloaded: {md}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(s.shutdown(), Some(0));
}

/// A mistake in entities.toml is shown in entities.toml, at the field that is
/// wrong (it was put on newsdesk.toml at 1:1), and goes away when fixed.
#[test]
fn a_mistake_in_entities_toml_is_shown_at_its_key() {
    let f = Fixture::new(
        r#"
//- entities.toml
[entities.karel-vostrak]
name = "Karel Vostrak"
kind = "animal"
//- nato/2022-01-12.txt
BRUSSELS, January 12 - NATO Press. Karel Vostrak said the allies were ready for talks with Moscow.
"#,
    );
    let entities = f.root().join("entities.toml");
    let config = f.root().join("newsdesk.toml");
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    ready(&mut s);
    let diags = s.pull(&entities);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "config-error");
    assert_eq!(diags[0]["range"]["start"]["line"], 2, "{diags:#?}");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("entities.toml cannot be used"),
        "{message}"
    );
    assert!(message.contains("animal"), "{message}");
    assert!(s.pull(&config).is_empty());
    // fixed on disk: the finding goes away
    std::fs::write(
        &entities,
        "[entities.karel-vostrak]\nname = \"Karel Vostrak\"\nkind = \"person\"\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&entities), "type": 2}]}),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !s.pull(&entities).is_empty() {
        assert!(std::time::Instant::now() < deadline, "still reported");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(s.shutdown(), Some(0));
}

/// A name of thousands of places: the list holds the first 5,000, in corpus
/// order, and a message says how many there are.
#[test]
fn references_of_a_name_of_many_places_are_capped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("newsdesk.toml"), "").unwrap();
    let para = "Lavrov said that NATO must answer. ".repeat(25);
    for i in 0..60 {
        let text = format!(
            "NATO talks, day {i}\n\nMOSCOW, January {}, 2022 - RIA Novosti. {para}\n\n{para}\n\n{para}\n\n{para}\n",
            1 + i % 28
        );
        std::fs::write(root.join(format!("r{i:02}.txt")), text).unwrap();
    }
    let mut s = Server::spawn(&[]);
    s.initialize(&root, vscode_caps());
    ready(&mut s);
    let first = root.join("r00.txt");
    let text = std::fs::read_to_string(&first).unwrap();
    let refs = s.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&first)}, "position": position_of(&text, "NATO must"),
               "context": {"includeDeclaration": true}}),
    );
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 5_000);
    // corpus order: the first report's places first
    assert_eq!(refs[0]["uri"], json!(uri(&first)));
    let note = s.wait_for("the message", |m| m["method"] == "window/showMessage");
    let message = note["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("is named in 6,060 places of 60 reports; the list holds the first 5,000"),
        "{message}"
    );
    assert_eq!(s.shutdown(), Some(0));
}
