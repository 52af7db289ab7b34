//! The overview as one HTML page: inline CSS and SVG charts, no script, no
//! font, image or style sheet from anywhere else, so it opens the same from a
//! disk, an e-mail or a CI artifact.

use super::{Day, Overview};
use crate::analysis::dateline::PartialDate;
use crate::analysis::text::dates::{civil_from_days, days_from_civil, MONTH_NAMES};
use crate::analysis::Severity;
use std::fmt::Write as _;

/// Colours for outlets (Okabe–Ito, told apart by readers with colour-blindness).
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F",
];
const OTHER: &str = "#A0A0A0";

/// Days shown one bar each up to this span; months beyond it.
const DAILY_SPAN: i64 = 92;

/// The page.
pub fn render(o: &Overview) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let title = format!("newsdesk — {}", o.root);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header><h1>Corpus overview</h1><p class=\"sub\">{}</p></header>\n",
        esc(&title),
        esc(&o.root)
    );
    summary(&mut s, o);
    timeline(&mut s, o);
    outlets(&mut s, o);
    findings(&mut s, o);
    actors(&mut s, o);
    quotes(&mut s, o);
    copies(&mut s, o);
    let _ = write!(
        s,
        "<footer>Written by newsdesk {} (<code>newsdesk report --html</code>). Findings are those of <code>newsdesk check</code>; rules are explained in docs/rules.md.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    s
}

const CSS: &str = "
:root{--fg:#1d2329;--muted:#5b6670;--line:#e3e7eb;--bg:#fbfcfd;--card:#fff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1080px;padding:24px 28px 48px;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:26px;margin:0}h2{font-size:18px;margin:0 0 10px}
.sub{color:var(--muted);margin:4px 0 0;word-break:break-all}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:18px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;background:none;border:0;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card b{display:block;font-size:26px;line-height:1.1}.card b.small{font-size:17px;line-height:1.3}.card span{color:var(--muted);font-size:13px}
.note{color:var(--muted);font-size:13px;margin:6px 0 0}
svg{display:block;max-width:100%;height:auto}
svg text{font:12px system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;fill:#39424a}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:8px 0 0;padding:0;list-style:none;font-size:13px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:13px}td.n{text-align:right;font-variant-numeric:tabular-nums;width:5em}
.kind{font-size:12px;color:var(--muted)}
.quote{border-left:3px solid #0072B2;padding:2px 0 2px 12px;margin:14px 0}
.quote p{margin:0 0 4px;font-style:italic}.quote .who{font-style:normal;color:var(--muted)}
.quote ol,.copies ol{margin:4px 0 0;padding-left:22px;font-size:14px}
.copies li .pct{color:var(--muted)}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace}
footer{color:var(--muted);font-size:12px;margin-top:24px}
";

/// Escape text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", group_digits(n), if n == 1 { one } else { many })
}

use crate::analysis::text::thousands as group_digits;

fn day_text((y, m, d): Day) -> String {
    let month = MONTH_NAMES
        .get(usize::from(m).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    format!("{d} {month} {y}")
}

/// `13 – 14 January 2022`, `30 January – 2 February 2022`, or both in full.
fn span_text(a: Day, b: Day) -> String {
    let month = |m: u8| {
        MONTH_NAMES
            .get(usize::from(m).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    };
    if a == b {
        day_text(a)
    } else if a.0 == b.0 && a.1 == b.1 {
        format!("{} – {} {} {}", a.2, b.2, month(b.1), b.0)
    } else if a.0 == b.0 {
        format!("{} {} – {} {} {}", a.2, month(a.1), b.2, month(b.1), b.0)
    } else {
        format!("{} – {}", day_text(a), day_text(b))
    }
}

fn summary(s: &mut String, o: &Overview) {
    let findings: usize = o.findings.iter().map(|r| r.findings).sum();
    let span = o
        .span()
        .map_or("no dated reports".to_string(), |(a, b)| span_text(a, b));
    let _ = writeln!(
        s,
        "<section class=\"cards\" id=\"summary\">\
<div class=\"card\"><b>{}</b><span>reports</span></div>\
<div class=\"card\"><b>{}</b><span>outlets</span></div>\
<div class=\"card\"><b>{}</b><span>findings</span></div>\
<div class=\"card\"><b>{}</b><span>groups of copies</span></div>\
<div class=\"card\"><b class=\"small\">{}</b><span>the dated reports span</span></div>\
</section>",
        group_digits(o.reports),
        group_digits(o.outlets.len()),
        group_digits(findings),
        group_digits(o.copy_groups),
        esc(&span),
    );
    if o.problems > 0 {
        let _ = writeln!(
            s,
            "<p class=\"note\">{} could not be analysed (see the findings).</p>",
            plural(o.problems, "report", "reports")
        );
    }
    if o.changed_while_gathered {
        s.push_str(
            "<p class=\"note\">The corpus changed while this page was being gathered, \
so its counts, findings and links may disagree by those edits. Write the overview again \
for a page of one state.</p>\n",
        );
    }
}

/// Reports per day (per month over a long span), stacked by outlet.
fn timeline(s: &mut String, o: &Overview) {
    s.push_str("<section id=\"timeline\"><h2>Reports over time</h2>\n");
    let Some((first, last)) = o.span() else {
        s.push_str("<p class=\"note\">No report has a date with its year.</p></section>\n");
        return;
    };
    let day = |(y, m, d): Day| days_from_civil(y, u32::from(m), u32::from(d));
    let (d0, d1) = (day(first), day(last));
    let monthly = d1 - d0 > DAILY_SPAN;
    let bucket = |k: Day| -> i64 {
        if monthly {
            i64::from(k.0) * 12 + i64::from(k.1) - 1
        } else {
            day(k)
        }
    };
    let (b0, b1) = (bucket(first), bucket(last));
    let n = (b1 - b0 + 1) as usize;
    // the outlets with colours of their own: the most frequent
    let named: Vec<&str> = o
        .outlets
        .iter()
        .take(PALETTE.len())
        .map(|x| x.0.as_str())
        .collect();
    let colour = |outlet: &str| {
        named
            .iter()
            .position(|x| *x == outlet)
            .map_or(OTHER, |i| PALETTE[i])
    };
    let mut stacks: Vec<Vec<(&str, usize)>> = vec![Vec::new(); n];
    for (&k, per) in &o.by_day {
        let i = (bucket(k) - b0) as usize;
        for (outlet, &c) in per {
            stacks[i].push((outlet.as_str(), c));
        }
    }
    let totals: Vec<usize> = stacks.iter().map(|v| v.iter().map(|x| x.1).sum()).collect();
    // the scale: four steps of a whole number of reports
    let most = totals.iter().copied().max().unwrap_or(1).max(1);
    let step = most.div_ceil(4);
    let max = step * 4;
    let (w, h, left, bottom, top) = (960.0, 240.0, 44.0, 34.0, 12.0);
    let plot_w = w - left - 10.0;
    let plot_h = h - bottom - top;
    let bw = plot_w / n as f64;
    // a bar no wider than 64 units, centred in its slot
    let bar = (bw * 0.8).clamp(0.5, 64.0);
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Reports per {} from {} to {}\">",
        if monthly { "month" } else { "day" },
        esc(&day_text(first)),
        esc(&day_text(last))
    );
    for k in 0..=4 {
        let y = top + plot_h - plot_h * k as f64 / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e3e7eb\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - 10.0,
            left - 6.0,
            y + 4.0,
            group_digits(step * k)
        );
    }
    for (i, stack) in stacks.iter().enumerate() {
        let x = left + bw * i as f64;
        let mut y = top + plot_h;
        // the named outlets in legend order, then the others together
        let mut parts: Vec<(&str, usize)> = Vec::new();
        // a month's bar sums its days
        for name in &named {
            let c: usize = stack.iter().filter(|(o, _)| o == name).map(|x| x.1).sum();
            if c > 0 {
                parts.push((name, c));
            }
        }
        let others: usize = stack
            .iter()
            .filter(|(o, _)| !named.contains(o))
            .map(|x| x.1)
            .sum();
        if others > 0 {
            parts.push(("other outlets", others));
        }
        let label = label_of_bucket(b0 + i as i64, monthly);
        for (outlet, c) in parts {
            let bh = plot_h * c as f64 / max as f64;
            y -= bh;
            let fill = if outlet == "other outlets" {
                OTHER
            } else {
                colour(outlet)
            };
            let _ = write!(
                s,
                "<rect x=\"{:.2}\" y=\"{y:.2}\" width=\"{bar:.2}\" height=\"{bh:.2}\" fill=\"{fill}\"><title>{}: {} from {}</title></rect>",
                x + (bw - bar) / 2.0,
                esc(&label),
                plural(c, "report", "reports"),
                esc(outlet)
            );
        }
    }
    // the first, middle and last labels under the axis
    let ticks: Vec<usize> = if n <= 3 {
        (0..n).collect()
    } else {
        vec![0, n / 2, n - 1]
    };
    for i in ticks {
        let x = left + bw * (i as f64 + 0.5);
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            h - 12.0,
            esc(&label_of_bucket(b0 + i as i64, monthly))
        );
    }
    s.push_str("</svg>\n<ul class=\"legend\">");
    for name in &named {
        let _ = write!(
            s,
            "<li><i style=\"background:{}\"></i>{}</li>",
            colour(name),
            esc(name)
        );
    }
    if o.outlets.len() > named.len() {
        let _ = write!(
            s,
            "<li><i style=\"background:{OTHER}\"></i>other outlets</li>"
        );
    }
    s.push_str("</ul>");
    if o.undated > 0 {
        let _ = write!(
            s,
            "<p class=\"note\">{} without a date and year (no dateline date, none on the page) are not shown.</p>",
            plural(o.undated, "report", "reports")
        );
    }
    s.push_str("</section>\n");
}

fn label_of_bucket(b: i64, monthly: bool) -> String {
    if monthly {
        let (y, m) = (b.div_euclid(12), b.rem_euclid(12) + 1);
        let month = MONTH_NAMES.get(m as usize - 1).copied().unwrap_or("?");
        format!("{month} {y}")
    } else {
        let (y, m, d) = civil_from_days(b);
        day_text((y, m, d))
    }
}

/// A horizontal bar chart: one row per (label, value, colour, tooltip).
fn hbars(s: &mut String, label: &str, rows: &[(String, usize, &str, String)]) {
    if rows.is_empty() {
        return;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let (w, row_h, label_w) = (960.0, 24.0, 300.0);
    let h = row_h * rows.len() as f64 + 4.0;
    let bar_w = w - label_w - 70.0;
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(label)
    );
    for (i, (name, v, fill, tip)) in rows.iter().enumerate() {
        let y = row_h * i as f64 + 2.0;
        let bw = (bar_w * *v as f64 / max as f64).max(1.0);
        let shown: String = if name.chars().count() > 44 {
            name.chars().take(43).chain(std::iter::once('…')).collect()
        } else {
            name.clone()
        };
        let _ = write!(
            s,
            "<g><title>{}</title><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            esc(tip),
            label_w - 8.0,
            y + 16.0,
            esc(&shown),
            y + 4.0,
            row_h - 8.0,
            label_w + bw + 6.0,
            y + 16.0,
            group_digits(*v)
        );
    }
    s.push_str("</svg>\n");
}

fn outlets(s: &mut String, o: &Overview) {
    s.push_str("<section id=\"outlets\"><h2>Reports per outlet</h2>\n");
    let rows: Vec<(String, usize, &str, String)> = o
        .outlets
        .iter()
        .take(20)
        .enumerate()
        .map(|(i, (name, c, source))| {
            let from = match source {
                crate::analysis::metadata::OutletSource::Dateline => "from datelines",
                crate::analysis::metadata::OutletSource::Page => "from rights notices",
                crate::analysis::metadata::OutletSource::Folder => "from the folder",
            };
            (
                name.clone(),
                *c,
                PALETTE.get(i).copied().unwrap_or(OTHER),
                format!("{name}: {} ({from})", plural(*c, "report", "reports")),
            )
        })
        .collect();
    if rows.is_empty() {
        s.push_str("<p class=\"note\">No outlet is known: no dateline agency, rights notice or folder.</p>");
    }
    hbars(s, "Reports per outlet", &rows);
    let mut notes = Vec::new();
    if o.outlets.len() > 20 {
        notes.push(format!("{} more outlets not shown", o.outlets.len() - 20));
    }
    if o.no_outlet > 0 {
        notes.push(format!(
            "{} without an outlet",
            plural(o.no_outlet, "report", "reports")
        ));
    }
    if !notes.is_empty() {
        let _ = write!(s, "<p class=\"note\">{}.</p>", esc(&notes.join("; ")));
    }
    s.push_str("<p class=\"note\">The outlet is the dateline's agency, else the page's rights notice, else the report's folder.</p></section>\n");
}

fn severity_colour(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "#C0392B",
        Severity::Warning => "#E69F00",
        Severity::Information => "#0072B2",
        Severity::Hint => "#8E9AA6",
    }
}

fn findings(s: &mut String, o: &Overview) {
    s.push_str("<section id=\"findings\"><h2>Findings per rule</h2>\n");
    if o.findings.is_empty() {
        s.push_str("<p class=\"note\">No findings.</p></section>\n");
        return;
    }
    let rows: Vec<(String, usize, &str, String)> = o
        .findings
        .iter()
        .map(|r| {
            (
                format!("{} ({})", r.code, r.severity.as_str()),
                r.findings,
                severity_colour(r.severity),
                format!(
                    "{}: {} in {}",
                    r.code,
                    plural(r.findings, "finding", "findings"),
                    plural(r.reports, "report", "reports")
                ),
            )
        })
        .collect();
    hbars(s, "Findings per rule", &rows);
    s.push_str("<ul class=\"legend\">");
    for sev in [
        Severity::Error,
        Severity::Warning,
        Severity::Information,
        Severity::Hint,
    ] {
        let _ = write!(
            s,
            "<li><i style=\"background:{}\"></i>{}</li>",
            severity_colour(sev),
            sev.as_str()
        );
    }
    s.push_str("</ul></section>\n");
}

fn actors(s: &mut String, o: &Overview) {
    s.push_str("<section id=\"actors\"><h2>Most-mentioned actors</h2>\n");
    if o.actors.is_empty() {
        s.push_str("<p class=\"note\">No named actors.</p>");
    }
    let kind_colour = |k: &str| match k {
        "person" => PALETTE[0],
        "organization" => PALETTE[2],
        "place" => PALETTE[1],
        _ => OTHER,
    };
    let rows: Vec<(String, usize, &str, String)> = o
        .actors
        .iter()
        .map(|a| {
            (
                format!("{} · {}", a.name, a.kind),
                a.reports,
                kind_colour(a.kind),
                format!(
                    "{} ({}): {}",
                    a.name,
                    a.kind,
                    plural(a.reports, "report", "reports")
                ),
            )
        })
        .collect();
    hbars(s, "Most-mentioned actors by reports", &rows);
    s.push_str("</section>\n<section id=\"events\"><h2>Events</h2>\n");
    if o.events.is_empty() {
        s.push_str("<p class=\"note\">No events.</p></section>\n");
        return;
    }
    s.push_str("<table><thead><tr><th>event</th><th>date</th><th>place</th><th class=\"n\">reports</th></tr></thead><tbody>");
    for e in &o.events {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&e.name),
            esc(e.date.as_deref().unwrap_or("")),
            esc(e.place.as_deref().unwrap_or("")),
            group_digits(e.reports)
        );
    }
    s.push_str("</tbody></table></section>\n");
}

fn date_of(d: &Option<PartialDate>) -> String {
    match d {
        Some(PartialDate {
            year: Some(y),
            month,
            day,
        }) => day_text((*y, *month, *day)),
        Some(d) => {
            let month = MONTH_NAMES
                .get(usize::from(d.month).wrapping_sub(1))
                .copied()
                .unwrap_or("?");
            format!("{} {month}", d.day)
        }
        None => "undated".to_string(),
    }
}

fn quotes(s: &mut String, o: &Overview) {
    s.push_str("<section id=\"quotes\"><h2>Most-reused quotes</h2>\n");
    if o.quotes.is_empty() {
        s.push_str(
            "<p class=\"note\">No quote is carried by more than one report.</p></section>\n",
        );
        return;
    }
    for g in &o.quotes {
        let _ = write!(
            s,
            "<div class=\"quote\"><p>“{}” <span class=\"who\">— {}, in {}</span></p><ol>",
            esc(&g.excerpt),
            esc(g.speaker.as_deref().unwrap_or("speaker not known")),
            plural(g.reports, "report", "reports")
        );
        for c in &g.carriers {
            let _ = write!(
                s,
                "<li>{} · {} · <code>{}</code></li>",
                esc(&date_of(&c.date)),
                esc(c.outlet.as_deref().unwrap_or("no outlet")),
                esc(&c.report)
            );
        }
        s.push_str("</ol>");
        if g.reports > g.carriers.len() {
            let by: Vec<String> = g
                .outlets
                .iter()
                .take(6)
                .map(|(o, n)| format!("{} {}", esc(o), group_digits(*n)))
                .collect();
            let _ = write!(
                s,
                "<p class=\"note\">and {} more; by outlet: {}{}.</p>",
                plural(g.reports - g.carriers.len(), "report", "reports"),
                by.join(", "),
                if g.outlets.len() > 6 { ", …" } else { "" }
            );
        }
        s.push_str("</div>\n");
    }
    s.push_str("<p class=\"note\">A group is every report linked to another by the same statement, in other words too (the links of go-to-definition); the earliest first.</p></section>\n");
}

fn copies(s: &mut String, o: &Overview) {
    s.push_str("<section id=\"copies\" class=\"copies\"><h2>Copies</h2>\n");
    if o.copies.is_empty() {
        s.push_str("<p class=\"note\">No report is a copy of another.</p></section>\n");
        return;
    }
    for g in &o.copies {
        let Some((first, _)) = g.first() else {
            continue;
        };
        let _ = write!(s, "<p><code>{}</code> (the earliest)</p><ol>", esc(first));
        for (name, x) in &g[1..] {
            let what = match x {
                Some((r, exact)) => crate::analysis::rules::near_duplicate::describe(*r, *exact),
                None => "a copy".to_string(),
            };
            let _ = write!(
                s,
                "<li><code>{}</code> <span class=\"pct\">{}</span></li>",
                esc(name),
                esc(&what)
            );
        }
        s.push_str("</ol>\n");
    }
    if o.copy_groups > o.copies.len() {
        let _ = write!(
            s,
            "<p class=\"note\">The {} largest of {} groups.</p>",
            o.copies.len(),
            group_digits(o.copy_groups)
        );
    }
    s.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_numbers_grouped() {
        assert_eq!(
            esc("<b>“A & B”</b>'"),
            "&lt;b&gt;“A &amp; B”&lt;/b&gt;&#39;"
        );
        assert_eq!(group_digits(100000), "100,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(label_of_bucket(2022 * 12, true), "January 2022");
    }

    #[test]
    fn a_long_span_is_shown_by_month_each_bar_the_sum_of_its_days() {
        let mut o = Overview::default();
        let day = |o: &mut Overview, d: Day, outlet: &str, n: usize| {
            *o.by_day
                .entry(d)
                .or_default()
                .entry(outlet.into())
                .or_default() += n;
        };
        day(&mut o, (2022, 1, 3), "TASS", 1);
        day(&mut o, (2022, 1, 20), "TASS", 2);
        day(&mut o, (2022, 6, 1), "TASS", 1);
        o.outlets = vec![(
            "TASS".into(),
            4,
            crate::analysis::metadata::OutletSource::Dateline,
        )];
        let page = render(&o);
        assert!(
            page.contains("<title>January 2022: 3 reports from TASS</title>"),
            "{page}"
        );
        assert!(page.contains("<title>June 2022: 1 report from TASS</title>"));
        // one bar a month with reports, none for the months between
        let timeline =
            &page[page.find("id=\"timeline\"").unwrap()..page.find("id=\"outlets\"").unwrap()];
        assert_eq!(timeline.matches("<rect").count(), 2);
    }

    #[test]
    fn an_empty_corpus_still_makes_a_page() {
        let page = render(&Overview::default());
        assert!(page.contains("No report has a date with its year."));
        assert!(!page.contains("<script"));
    }
}
