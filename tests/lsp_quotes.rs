//! Quotes across reports through the protocol: definition, references, hover,
//! code lens, document symbols and the quote findings, on multi-report fixtures.

mod support;

use serde_json::{json, Value};
use support::*;

const CORPUS: &str = r#"
//- ria/2022-01-14-balance.txt
Lavrov: security issues must be settled on the basis of a balance of interests

MOSCOW, January 14 - RIA Novosti. Moscow wants the security questions with the United States and NATO settled on the basis of a balance of interests, Russian Foreign Minister Sergei Lavrov said.

"We want all of this to be settled on the basis of mutual respect and a balance of interests. Our proposals, which were handed to the Americans and NATO, rest on exactly that bal$0ance," Lavrov said.

"The American answer has to be written down, and it has to come soon; we will study it carefully and then decide on our next steps," he added.

At the end of 2021, Russia published drafts of a treaty with the United States and of an agreement with NATO on security guarantees.
//- rt/2022-01-14-lavrov.txt
Lavrov wants a deal built on a balance of interests

MOSCOW, January 14 - RT. Russia’s top diplomat Sergey Lavrov has said Moscow seeks security guarantees that respect the interests of all sides.

“We want all this resolved on the basis of mutual respect, on the basis of a balance of interests. Our documents, given to the Americans and to NATO, are based precisely on a balance of interests,” Lavrov said.

The foreign minister added that the American reply “must be written down and must come soon.”
//- tass/2022-01-20-blinken.txt
Blinken: the answer will come in writing

WASHINGTON, January 20. /TASS/. US Secretary of State Antony Blinken said Washington would reply to Moscow in writing.

“We want these questions settled through dialogue, with respect for the interests of our allies in Europe,” Blinken told reporters.

At the end of 2021, Russia published drafts of a treaty with the United States and of an agreement with NATO on security guarantees.
"#;

fn setup() -> (Fixture, Server) {
    let f = Fixture::new(CORPUS);
    let s = serve(&f);
    (f, s)
}

/// A server on the fixture's folder, once it has indexed it.
fn serve(f: &Fixture) -> Server {
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    s.wait_for("indexing done", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    s
}

/// The Markdown of the hover at the fixture's cursor.
fn hover_at_cursor(s: &mut Server, f: &Fixture) -> String {
    let hover = s.request("textDocument/hover", pos_params(f));
    hover["contents"]["value"].as_str().unwrap().to_string()
}

fn pos_params(f: &Fixture) -> Value {
    let (path, pos) = f.cursor.clone().unwrap();
    json!({"textDocument": {"uri": uri(&path)}, "position": pos})
}

fn line_of_text(f: &Fixture, file: &str, needle: &str) -> u64 {
    f.text(file)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap() as u64
}

#[test]
fn definition_jumps_to_the_other_translation_not_to_another_speaker() {
    let (f, mut s) = setup();
    let r = s.request("textDocument/definition", pos_params(&f));
    let locs = r.as_array().unwrap();
    assert_eq!(locs.len(), 1, "{r:#}");
    assert_eq!(locs[0]["uri"], uri(&f.path("rt/2022-01-14-lavrov.txt")));
    assert_eq!(
        locs[0]["range"]["start"]["line"],
        line_of_text(&f, "rt/2022-01-14-lavrov.txt", "We want all this resolved")
    );
    // Blinken's similar words are another speaker's: no link
    assert!(locs
        .iter()
        .all(|l| !l["uri"].as_str().unwrap().contains("blinken")));
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn the_hover_names_whom_a_pronoun_stands_for_and_says_so() {
    let (f, mut s) = setup();
    let ria = f.path("ria/2022-01-14-balance.txt");
    let line = line_of_text(&f, "ria/2022-01-14-balance.txt", "he added");
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&ria)}, "position": {"line": line, "character": 5}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("**Quote** by **Sergei Lavrov** (“he” in the text)"),
        "{md}"
    );
    // the quote named by surname says nothing more
    let md = hover_at_cursor(&mut s, &f);
    assert!(!md.contains("in the text"), "{md}");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_fragment_links_to_the_longer_quote() {
    let (f, mut s) = setup();
    let rt = f.path("rt/2022-01-14-lavrov.txt");
    let line = line_of_text(&f, "rt/2022-01-14-lavrov.txt", "must be written down");
    let col = f
        .text("rt/2022-01-14-lavrov.txt")
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("written")
        .unwrap();
    let r = s.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&rt)}, "position": {"line": line, "character": col}}),
    );
    let locs = r.as_array().expect("a link");
    assert_eq!(locs[0]["uri"], uri(&f.path("ria/2022-01-14-balance.txt")));
    assert_eq!(
        locs[0]["range"]["start"]["line"],
        line_of_text(&f, "ria/2022-01-14-balance.txt", "The American answer")
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
// Long: one server session; the assertions of each request stand under it.
fn references_hover_lens_and_symbols() {
    let (f, mut s) = setup();
    let mut p = pos_params(&f);
    p["context"] = json!({"includeDeclaration": true});
    let refs = s.request("textDocument/references", p);
    let uris: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 2, "{refs:#}");
    assert!(uris.contains(&uri(&f.path("ria/2022-01-14-balance.txt")).as_str()));

    let md = hover_at_cursor(&mut s, &f);
    assert!(md.contains("**Quote** by **Sergei Lavrov**"), "{md}");
    assert!(md.contains("`rt/2022-01-14-lavrov.txt`"), "{md}");
    assert!(
        md.contains("MOSCOW, January 14, RT") || md.contains("MOSCOW, January 14"),
        "{md}"
    );
    assert!(md.contains("~~") && md.contains("**"), "a word diff: {md}");

    let ria = f.path("ria/2022-01-14-balance.txt");
    let lenses = s.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri(&ria)}}),
    );
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["quoted in 1 other report", "quoted in 1 other report"]
    );
    assert_eq!(lenses[0]["command"]["command"], "newsdesk.showReferences");

    let syms = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&ria)}}),
    );
    let syms = syms.as_array().unwrap();
    assert_eq!(
        syms[0]["detail"],
        "headline · January 14, 2022 · RIA Novosti · English"
    );
    assert!(syms[0]["name"]
        .as_str()
        .unwrap()
        .starts_with("Lavrov: security issues"));
    assert_eq!(syms[1]["name"], "MOSCOW, January 14");
    assert_eq!(syms[1]["detail"], "RIA Novosti");
    assert_eq!(syms[2]["detail"], "Sergei Lavrov");
    assert!(syms[2]["name"]
        .as_str()
        .unwrap()
        .starts_with("“We want all of this"));

    // workspace symbols: quotes by their words, whatever the case, each quote
    // once (a report's quotes are searched as one buffer)
    let quote_lines = |q: &str, s: &mut Server| -> Vec<(String, u64)> {
        let r = s.request("workspace/symbol", json!({"query": q}));
        let mut v: Vec<(String, u64)> = r
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] == 15)
            .map(|x| {
                let u = x["location"]["uri"].as_str().unwrap();
                let file = u.rsplit('/').take(2).collect::<Vec<_>>();
                (
                    format!("{}/{}", file[1], file[0]),
                    x["location"]["range"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let balance = "ria/2022-01-14-balance.txt";
    let first = line_of_text(&f, balance, "We want all of this");
    let second = line_of_text(&f, balance, "The American answer");
    assert_eq!(
        quote_lines("STUDY IT", &mut s),
        [(balance.to_string(), second)]
    );
    // in both quotes of one report, twice in the first: each quote once
    let the: Vec<(String, u64)> = quote_lines("the", &mut s)
        .into_iter()
        .filter(|x| x.0 == balance)
        .collect();
    assert_eq!(
        the,
        [(balance.to_string(), first), (balance.to_string(), second)]
    );
    assert!(quote_lines("mutual respect", &mut s).len() == 2);
    assert!(quote_lines("no quote says this", &mut s).is_empty());
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn quote_variant_and_reused_passage_findings() {
    let (f, mut s) = setup();
    let ria = f.path("ria/2022-01-14-balance.txt");
    let r = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(&ria)}}),
    );
    let items = r["items"].as_array().unwrap();
    let variants: Vec<&Value> = items
        .iter()
        .filter(|d| d["code"] == "quote-variant")
        .collect();
    assert_eq!(variants.len(), 2, "{items:#?}");
    assert_eq!(variants[0]["severity"], 3);
    assert_eq!(
        variants[0]["relatedInformation"][0]["location"]["uri"],
        uri(&f.path("rt/2022-01-14-lavrov.txt"))
    );
    let reused: Vec<&Value> = items
        .iter()
        .filter(|d| d["code"] == "reused-passage")
        .collect();
    assert_eq!(reused.len(), 1);
    assert_eq!(reused[0]["severity"], 4);
    assert_eq!(
        reused[0]["relatedInformation"][0]["location"]["uri"],
        uri(&f.path("tass/2022-01-20-blinken.txt"))
    );
    // definition on the reused passage goes to the other report
    let line = line_of_text(&f, "ria/2022-01-14-balance.txt", "At the end of 2021");
    let d = s.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&ria)}, "position": {"line": line, "character": 10}}),
    );
    assert_eq!(d[0]["uri"], uri(&f.path("tass/2022-01-20-blinken.txt")));
    // editing the other report re-links: the variant goes when its quote does
    let rt = f.path("rt/2022-01-14-lavrov.txt");
    let text = f.text("rt/2022-01-14-lavrov.txt");
    s.open(&rt, &text);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&rt), "version": 2}, "contentChanges": [{"text": "Lavrov wants a deal\n\nMOSCOW, January 14 - RT. Nothing quoted here any more.\n"}]}),
    );
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let _ = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri(&rt)}}),
        );
        let r = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri(&ria)}}),
        );
        if r["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "quote-variant")
        {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{r:#}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(s.shutdown(), Some(0));
}

/// The same words link when the same person says them, and not when another
/// named person does.
#[test]
fn the_same_words_from_another_speaker_do_not_link() {
    for (who, linked) in [
        ("Lavrov told reporters", true),
        ("Blinken told reporters", false),
    ] {
        let spec = format!(
            r#"
//- a.txt
Lavrov: security issues must be settled on the basis of a balance of interests

MOSCOW, January 14 - RIA Novosti. Moscow wants the security questions settled on the basis of a balance of interests, Russian Foreign Minister Sergei Lavrov said.

"We want all of this to be settled on the basis of mutual re$0spect and a balance of interests. Our proposals, which were handed to the Americans and NATO, rest on exactly that balance," Lavrov said.
//- b.txt
Washington replies

WASHINGTON, January 20. /TASS/. US Secretary of State Antony Blinken and Russian Foreign Minister Sergei Lavrov spoke on the phone.

“We want all of this settled on the basis of mutual respect, and our allies in Europe agree with that approach,” {who}.
"#
        );
        let f = Fixture::new(&spec);
        let mut s = serve(&f);
        let r = s.request("textDocument/definition", pos_params(&f));
        assert_eq!(!r.is_null(), linked, "{who}: {r:#}");
        assert_eq!(s.shutdown(), Some(0));
    }
}

#[test]
fn the_hover_says_when_the_speaker_is_the_one_the_paragraph_before_is_about() {
    let f = Fixture::new(
        r#"
//- ria/2022-01-15-ryabkov.txt
Ryabkov expects no progress before February

MOSCOW, January 15 - RIA Novosti. Deputy Foreign Minister Sergei Ryabkov said the talks with Washington had stalled.

Ryabkov said the two sides would not meet again before February.

"We see no reason to hur$0ry."
"#,
    );
    let mut s = serve(&f);
    let md = hover_at_cursor(&mut s, &f);
    assert!(
        md.contains(
            "**Quote** by **Sergei Ryabkov** (not named here: the paragraph before is about them)"
        ),
        "{md}"
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn the_hover_names_the_agency_of_another_report_by_its_one_name() {
    let f = Fixture::new(
        r#"
//- ria/2022-01-14-grain.txt
Ministers discuss the grain corridor

MOSCOW, January 14 - RIA Novosti. The ministers met in Moscow on Friday to discuss the grain corridor.

"We cannot allow the grain corridor to close before the spring sowing, because every week of de$0lay drives bread prices higher," Tomas Vanek said.
//- tass/2022-01-14-grain.txt
Grain corridor must stay open, says Vanek

МОСКВА, 14 января. /ТАСС/. The ministers met in Moscow on Friday to discuss the grain corridor and the harvest.

"We cannot allow the grain corridor to close before the spring sowing, because every week of delay drives bread prices higher," Tomas Vanek told journalists.
"#,
    );
    let mut s = serve(&f);
    let md = hover_at_cursor(&mut s, &f);
    assert!(md.contains("`tass/2022-01-14-grain.txt`"), "{md}");
    assert!(md.contains("TASS"), "{md}");
    assert!(!md.contains("ТАСС"), "the agency as written: {md}");
}
