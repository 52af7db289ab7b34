//! A report's metadata through the protocol: the hover on a headline tells
//! byline, publication date, outlet and language with where each was read;
//! the outline shows them beside the headline; a workspace-symbol search
//! finds reports by headline. And `analyze` gives the same as JSON.

mod support;

use serde_json::{json, Value};
use support::*;

const REPORTS: &str = r#"
//- courier/2022-01-15-rates.txt
Home | World | Business

Central bank h$0olds rates as inflation eases

By Anna Kovacs and PETER LINDQVIST | Updated January 15, 2022

The central bank kept its key rate unchanged on Friday, saying inflation had eased for a third month and that it saw no need to act before the spring.

Analysts had expected the decision after weaker data on retail sales this week.

© 2022 Northern Courier. All rights reserved.
//- ria/2022-01-14-balance.txt
Lavrov urged to resolve security issues

MOSCOW, January 14, 2022 - RIA Novosti. Russia stands for a balance of interests in resolving security issues, Foreign Minister Sergei Lavrov said at a press conference on Friday.
//- tass/2022-01-14-ryabkov.txt
Рябков: Россия не намерена отступать

МОСКВА, 14 января. /ТАСС/. Россия не намерена отступать от своих требований о гарантиях безопасности, заявил заместитель министра иностранных дел Сергей Рябков.
//- notes.txt
Rates stay where they were

The bank said nothing new today, and the markets took the decision calmly.
"#;

fn hover_md(s: &mut Server, path: &std::path::Path, line: u64, character: u64) -> String {
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}),
    );
    hover["contents"]["value"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_default()
}

#[test]
fn the_headline_hover_outline_and_symbols_tell_a_reports_metadata() {
    let f = Fixture::new(REPORTS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    let courier = f.path("courier/2022-01-15-rates.txt");
    let ria = f.path("ria/2022-01-14-balance.txt");
    let tass = f.path("tass/2022-01-14-ryabkov.txt");

    // a web page: byline, the date on the page, the rights notice's holder
    let (_, at) = f.cursor.clone().unwrap();
    let md = hover_md(&mut s, &courier, at["line"].as_u64().unwrap(), 10);
    assert!(md.contains("By: Anna Kovacs and PETER LINDQVIST"), "{md}");
    assert!(
        md.contains("Published: January 15, 2022 (from the page: “January 15, 2022”)"),
        "{md}"
    );
    assert!(
        md.contains("Outlet: Northern Courier (the page's rights notice)"),
        "{md}"
    );
    assert!(md.contains("Language: English"), "{md}");
    // not on the byline line or the body
    assert!(hover_md(&mut s, &courier, 6, 30).is_empty());

    // a wire report: the dateline's date and agency
    let md = hover_md(&mut s, &ria, 0, 30);
    assert!(
        md.contains("Published: January 14, 2022 (from the dateline)"),
        "{md}"
    );
    assert!(
        md.contains("Outlet: RIA Novosti (the dateline's agency)"),
        "{md}"
    );
    // Russian, and a Cyrillic headline's columns in UTF-16
    let md = hover_md(&mut s, &tass, 0, 20);
    assert!(md.contains("Language: Russian"), "{md}");
    assert!(md.contains("Outlet: TASS (the dateline's agency)"), "{md}");
    // a dateline without its year takes the year of the file name's date
    assert!(
        md.contains("Published: January 14, 2022 (from the dateline, the year from the file name)"),
        "{md}"
    );

    // the outline: the headline with date, outlet and language beside it
    let outline = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&courier)}}),
    );
    let head = outline
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["detail"].as_str().unwrap_or("").starts_with("headline"))
        .unwrap_or_else(|| panic!("{outline:#?}"));
    assert_eq!(head["name"], "Central bank holds rates as inflation eases");
    assert_eq!(
        head["detail"],
        "headline · January 15, 2022 · Northern Courier · English"
    );

    // a search by headline, the folder as the outlet when the text has none
    let syms = s.request("workspace/symbol", json!({"query": "RATES"}));
    let files: Vec<&Value> = syms
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == 1)
        .collect();
    assert_eq!(files.len(), 2, "{syms:#?}");
    let bank = files
        .iter()
        .find(|x| x["location"]["uri"] == json!(uri(&courier)))
        .unwrap();
    assert_eq!(bank["name"], "Central bank holds rates as inflation eases");
    assert_eq!(
        bank["location"]["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 43}})
    );
    let notes = files
        .iter()
        .find(|x| x["name"] == "Rates stay where they were")
        .unwrap();
    assert_eq!(notes["containerName"], "notes.txt");
    let syms = s.request("workspace/symbol", json!({"query": "рябков"}));
    assert!(
        syms.as_array().unwrap().iter().any(|x| x["kind"] == 1
            && x["containerName"] == "tass/2022-01-14-ryabkov.txt · TASS · January 14, 2022"),
        "{syms:#?}"
    );
    assert_eq!(s.shutdown(), Some(0));
}
