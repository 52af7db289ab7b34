//! Copies of a report (`near-duplicate`) through the protocol: the later copy
//! is told on its headline and points at every other copy; the earliest and an
//! unrelated story on the same topic are not; an edit that makes a copy its
//! own story takes the hint away from it and from the others.

mod support;

use serde_json::{json, Value};
use support::*;

fn copies(diags: &[Value]) -> Vec<&Value> {
    diags
        .iter()
        .filter(|d| d["code"] == "near-duplicate")
        .collect()
}

#[test]
fn the_later_copies_are_told_and_follow_an_edit() {
    let f = Fixture::new(COPIES);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    let tass = f.path("tass/2022-01-13-osce.txt");
    let mirror = f.path("mirror/2022-01-14-osce.txt");
    let agency = f.path("agency/2022-01-14-osce.txt");

    let diags = s.pull(&mirror);
    let found = copies(&diags);
    assert_eq!(found.len(), 1, "{diags:#?}");
    let d = found[0];
    assert_eq!(d["severity"], 4);
    // on the headline, in the fixture's range
    assert_eq!(d["range"], f.ranges[0].1);
    // another site's menu and share buttons are not the story; the date in
    // the dateline is one word of it
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with("This report is a")
            && message.ends_with(
                "% copy of tass/2022-01-13-osce.txt (dated earlier); one other report is a copy too"
            ),
        "{message}"
    );
    let related: Vec<(&Value, &Value)> = d["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (&r["location"]["uri"], &r["message"]))
        .collect();
    assert_eq!(related.len(), 2);
    assert_eq!(related[0].0, &json!(uri(&tass)));
    assert_eq!(
        related[1],
        (
            &json!(uri(&agency)),
            &json!("an exact copy (dated the same)")
        )
    );

    // a lens on the headline of every copy, the earliest too
    for (path, line) in [(&mirror, 2), (&tass, 0)] {
        let lenses = s.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri(path)}}),
        );
        let lens = lenses
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["command"]["title"] == "2 copies")
            .unwrap_or_else(|| panic!("{lenses:#?}"));
        assert_eq!(
            lens["range"]["start"],
            json!({"line": line, "character": 0})
        );
        assert_eq!(lens["command"]["arguments"][2].as_array().unwrap().len(), 2);
    }

    // the earliest copy and a story of its own on the same talks: nothing
    assert!(copies(&s.pull(&tass)).is_empty());
    assert!(copies(&s.pull(&f.path("rt/2022-01-14-vienna.txt"))).is_empty());
    // the other copy of January 14 is told too, with the mirror as later
    let a = s.pull(&agency);
    let d = copies(&a);
    assert_eq!(d.len(), 1, "{a:#?}");
    assert_eq!(
        d[0]["relatedInformation"][1]["message"],
        "an exact copy (dated later or the same)"
    );

    // a few words of the mirror's lead changed: still a copy, no longer an
    // exact one of agency's
    let text = f
        .text("mirror/2022-01-14-osce.txt")
        .replace("ended on Thursday", "came to an end on Thursday");
    s.open(&mirror, &text);
    let diags = s.pull(&mirror);
    let d = copies(&diags);
    assert_eq!(d.len(), 1, "{diags:#?}");
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.contains("% copy of tass/"), "{message}");
    let agency_now = d[0]["relatedInformation"][1]["message"].as_str().unwrap();
    assert!(
        agency_now.ends_with("% copy (dated the same)"),
        "{agency_now}"
    );

    // and made a story of its own: the hint goes from it and from agency's
    // count of copies
    let own = "Vienna diary\n\nVIENNA, January 14 - Mirror. Snow fell on the Hofburg on Friday morning while the delegations were already on their way home, and the cafes of the Ringstrasse filled with diplomats, journalists and security officers who had spent the week in closed rooms, trading coffee and rumours about the next round.\n";
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&mirror), "version": 2},
               "contentChanges": [{"text": own}]}),
    );
    assert!(copies(&s.pull(&mirror)).is_empty());
    let a = s.pull(&agency);
    let d = copies(&a);
    let message = d[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("% copy of tass/2022-01-13-osce.txt (dated earlier)"),
        "{message}"
    );
    assert_eq!(s.shutdown(), Some(0));
}
