//! A generated corpus of news reports for the scale benchmarks.
//!
//! The reports imitate what a curator's scraped folder holds (see the seed
//! reports): per-site page furniture above and below the article (login links,
//! view counters, image credits, comment widgets, lists of other headlines with
//! times and counters), a headline, a dateline in the site's style (or none), and a
//! body of narrative paragraphs, quoted statements with their speakers and shared
//! background paragraphs.
//!
//! Reuse is what makes the cross-report features expensive, so it is modelled on
//! purpose:
//! * every story is covered by 2–80 reports (log-uniform), and every statement of a
//!   story is quoted by at least two of them;
//! * each site has its own translation of a statement: content words are replaced
//!   by synonyms or other derivations, function words and clause order change, and
//!   some reports quote only a fragment; two reports of one site quote verbatim;
//! * background paragraphs of a topic are reused word for word by many reports;
//! * site furniture repeats across that site's pages, and the lists of other
//!   headlines repeat across a few pages each.
//!
//! Everything is deterministic (a fixed-seed generator), so runs compare.

use newsdesk::analysis::text::dates::MONTH_NAMES;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    /// Log-uniform in `lo..=hi`: as many stories with 2–4 reports as with 40–80.
    pub fn log_uniform(&mut self, lo: usize, hi: usize) -> usize {
        let (l, h) = ((lo as f64).ln(), (hi as f64 + 1.0).ln());
        ((l + self.unit() * (h - l)).exp() as usize).clamp(lo, hi)
    }
    /// Zipf-like rank in `0..n` (P(k) ∝ 1/(k+1)): a few words are everywhere, most
    /// are rare, as in real text.
    pub fn zipf(&mut self, n: usize) -> usize {
        (((n as f64 + 1.0).ln() * self.unit()).exp() as usize)
            .saturating_sub(1)
            .min(n - 1)
    }
}

const COMMON: &[&str] = &[
    "security",
    "guarantees",
    "talks",
    "proposals",
    "alliance",
    "borders",
    "tensions",
    "agreement",
    "ministers",
    "dialogue",
    "escalation",
    "response",
    "written",
    "legally",
    "binding",
    "expansion",
    "infrastructure",
    "sanctions",
    "economy",
    "energy",
    "gas",
    "pipeline",
    "supplies",
    "prices",
    "market",
    "inflation",
    "budget",
    "reform",
    "election",
    "parliament",
    "government",
    "opposition",
    "protest",
    "police",
    "court",
    "verdict",
    "investigation",
    "border",
    "troops",
    "exercises",
    "missile",
    "defence",
    "weapons",
    "treaty",
    "negotiations",
    "delegation",
    "summit",
    "visit",
    "cooperation",
    "trade",
    "investment",
    "industry",
    "production",
    "exports",
    "imports",
    "harvest",
    "grain",
    "shipping",
    "port",
    "railway",
    "airport",
    "flights",
    "passengers",
    "hospital",
    "vaccine",
    "epidemic",
    "schools",
    "students",
    "teachers",
    "science",
    "research",
    "satellite",
    "launch",
    "climate",
    "emissions",
    "floods",
    "drought",
    "wildfires",
    "earthquake",
    "rescue",
    "victims",
    "refugees",
    "humanitarian",
    "aid",
    "water",
    "electricity",
    "heating",
    "winter",
    "region",
    "cities",
    "villages",
    "citizens",
    "rights",
    "freedom",
    "media",
    "journalists",
    "statement",
    "position",
    "interests",
    "partners",
    "colleagues",
    "obligations",
    "principles",
    "approach",
    "concerns",
    "threat",
    "risks",
    "stability",
    "peace",
    "conflict",
    "ceasefire",
    "settlement",
    "observers",
    "monitoring",
    "mission",
    "withdrawal",
    "deployment",
    "capabilities",
    "measures",
    "steps",
    "decision",
    "plans",
    "initiative",
    "framework",
    "document",
    "draft",
    "text",
    "provisions",
    "amendments",
    "vote",
    "majority",
    "coalition",
    "minister",
    "president",
    "spokesperson",
    "agency",
    "ministry",
    "committee",
    "council",
];

const SYNONYMS: &[(&str, &str)] = &[
    ("tensions", "strain"),
    ("proposals", "offers"),
    ("agreement", "deal"),
    ("guarantees", "assurances"),
    ("escalation", "aggravation"),
    ("partners", "counterparts"),
    ("approach", "attitude"),
    ("concerns", "worries"),
    ("measures", "steps"),
    ("threat", "danger"),
    ("decision", "ruling"),
    ("plans", "intentions"),
    ("colleagues", "partners"),
];

const FUNCTION: &[&str] = &[
    "the", "of", "to", "and", "in", "that", "we", "will", "are", "is", "not", "our", "with", "on",
    "for", "this", "it", "they", "be", "have", "all", "at", "by", "from", "their",
];

const FIRST: &[&str] = &[
    "Sergei", "Anna", "Julian", "Jens", "Antony", "Maria", "Dmitry", "Olga", "Peter", "Elena",
    "Ivan", "Laura", "Thomas", "Irina", "Mark", "Sofia", "Alexei", "Karen", "Viktor", "Nadia",
];
const SURNAME_SYLL: &[&str] = &[
    "lav", "rov", "sto", "berg", "mar", "kin", "vel", "son", "dor", "ova", "tra", "mel", "zan",
    "pet", "ren", "gol", "bak", "ner", "sha", "vin", "ko", "les", "mir", "tal",
];
const ROLES: &[&str] = &[
    "Foreign Minister",
    "Defence Minister",
    "Deputy Prime Minister",
    "spokesperson for the Foreign Ministry",
    "Permanent Representative to the alliance",
    "Secretary General",
    "Economy Minister",
    "head of the delegation",
    "chairman of the committee",
    "Energy Minister",
];
const COUNTRIES: &[&str] = &[
    "Russian",
    "US",
    "German",
    "French",
    "Turkish",
    "Polish",
    "Chinese",
    "Japanese",
    "Indian",
    "Brazilian",
    "Italian",
    "Finnish",
];
const ORGS: &[&str] = &[
    "NATO",
    "OSCE",
    "the European Union",
    "the United Nations",
    "the Kremlin",
    "the State Department",
    "the Foreign Ministry",
    "Gazprom",
    "the World Bank",
    "the Security Council",
    "the European Commission",
    "the IAEA",
];
const PLACES: &[&str] = &[
    "MOSCOW",
    "WASHINGTON",
    "BRUSSELS",
    "GENEVA",
    "VIENNA",
    "BERLIN",
    "PARIS",
    "LONDON",
    "BEIJING",
    "ANKARA",
    "WARSAW",
    "TOKYO",
    "NEW DELHI",
    "ROME",
    "HELSINKI",
    "KIEV",
    "MINSK",
    "ISTANBUL",
    "STOCKHOLM",
    "PRAGUE",
];
const EVENTS: &[&str] = &[
    "a press conference",
    "a briefing for journalists",
    "talks with his counterpart",
    "a meeting of the council",
    "an interview with a television channel",
    "a session of the committee",
    "the summit",
    "consultations in the capital",
];
const VERBS: &[&str] = &[
    "said",
    "stressed",
    "added",
    "noted",
    "pointed out",
    "told reporters",
];

/// A report's site: its furniture, dateline style and translation.
struct Site {
    name: String,
    style: u8,
    head: Vec<String>,
    tail: Vec<String>,
    agency: &'static str,
}

fn site(i: usize) -> Site {
    let mut r = Rng::new(1000 + i as u64);
    let style = (i % 4) as u8;
    let name = format!("site-{i:02}");
    let agency = ["RIA Novosti", "Interfax", "TASS", "Reuters"][i % 4];
    let head = match style {
        0 => vec![
            "Войти".to_string(),
            String::new(),
            format!("Image source: © Press service of site {i}"),
        ],
        1 => vec![
            format!("{}.{} C", 10 + r.below(25), r.below(10)),
            format!("Sunday, July {}, 2024", 1 + r.below(28)),
        ],
        2 => vec!["All news".to_string(), "Subscribe".to_string()],
        _ => vec![
            "Home | World | Politics | Economy | Sport".to_string(),
            "Login | Register".to_string(),
        ],
    };
    let tail = vec![
        "The rights to this material belong to".to_string(),
        "The material is placed by the copyright holder in the public domain".to_string(),
        format!("  • The news mentions on {name}"),
        "Do you want to leave a comment? Register and/or Log in".to_string(),
        "Most Popular Articles".to_string(),
    ];
    Site {
        name,
        style,
        head,
        tail,
        agency,
    }
}

/// A surface word for concept `c`, as translator `t` renders it.
fn surface(c: usize, t: usize) -> String {
    if c < COMMON.len() {
        let w = COMMON[c];
        if t % 3 == 1 {
            if let Some((_, s)) = SYNONYMS.iter().find(|(a, _)| *a == w) {
                return s.to_string();
            }
        }
        return w.to_string();
    }
    let mut x = (c as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
    let syll = [
        "ka", "ro", "mi", "te", "sun", "va", "li", "dor", "pe", "zan", "qui", "mo", "ber", "tal",
        "nos", "ge", "fi", "lu",
    ];
    let n = 2 + (x % 3) as usize;
    let mut w = String::new();
    for _ in 0..n {
        x = x.rotate_left(7) ^ 0x9E37_79B9;
        w.push_str(syll[(x % syll.len() as u64) as usize]);
    }
    // another translator's derivation of the same root
    match (c + t) % 5 {
        0 => w.push_str("ation"),
        1 => w.push_str("ing"),
        2 => w.push('s'),
        _ => {}
    }
    w
}

/// One statement: clauses of concepts.
struct Statement {
    clauses: Vec<Vec<usize>>,
}

const VOCAB: usize = 40_000;

fn statement(r: &mut Rng) -> Statement {
    let n = 2 + r.below(4);
    let clauses = (0..n)
        .map(|_| (0..3 + r.below(4)).map(|_| r.zipf(VOCAB)).collect())
        .collect();
    Statement { clauses }
}

/// The words of a statement as translator `t` renders it; `fragment` quotes only
/// the first clauses.
fn render(s: &Statement, t: usize, fragment: bool, r: &mut Rng) -> String {
    let n = if fragment {
        (s.clauses.len() / 2).max(1)
    } else {
        s.clauses.len()
    };
    let mut out = String::new();
    for (ci, clause) in s.clauses[..n].iter().enumerate() {
        if ci > 0 {
            out.push_str(if (t + ci) % 3 == 0 { "; " } else { ", " });
        }
        for (wi, &c) in clause.iter().enumerate() {
            if wi > 0 {
                out.push(' ');
            }
            // function words differ between translators
            let mut f = Rng::new((c * 31 + t * 7 + wi) as u64);
            if f.chance(0.7) {
                out.push_str(FUNCTION[f.below(FUNCTION.len())]);
                out.push(' ');
            }
            out.push_str(&surface(c, t));
        }
    }
    let _ = r;
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => out,
    }
}

struct Person {
    first: &'static str,
    last: String,
    role: String,
}

fn person(i: usize) -> Person {
    let mut r = Rng::new(77_000 + i as u64);
    let mut last = String::new();
    for _ in 0..2 + r.below(2) {
        last.push_str(r.pick(SURNAME_SYLL));
    }
    let mut c = last.chars();
    let last = c.next().unwrap().to_uppercase().collect::<String>() + c.as_str();
    Person {
        first: FIRST[r.below(FIRST.len())],
        last,
        role: format!("{} {}", r.pick(COUNTRIES), r.pick(ROLES)),
    }
}

fn sentence(r: &mut Rng, topic: usize, people: &[&Person]) -> String {
    let mut s = String::new();
    let who = people[r.below(people.len())];
    let _ = write!(
        s,
        "{} {} {} the {} of {} and the {} in {},",
        if r.chance(0.5) {
            &who.last
        } else {
            "The minister"
        },
        r.pick(&[
            "discussed",
            "criticised",
            "welcomed",
            "described",
            "rejected"
        ]),
        r.pick(&["again", "once more", "publicly", "on Tuesday", "earlier"]),
        surface(r.zipf(VOCAB), topic),
        r.pick(ORGS),
        surface(r.zipf(VOCAB), topic),
        title_case(r.pick(PLACES))
    );
    let _ = write!(
        s,
        " {} {} {} {}.",
        r.pick(&["noting that", "while", "and said that", "adding that"]),
        r.pick(&["the", "several", "new", "further"]),
        surface(r.zipf(VOCAB), topic + 1),
        r.pick(&[
            "would be considered next week",
            "remained a matter of concern",
            "had been postponed",
            "were expected soon",
        ])
    );
    s
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_string() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One story: a speaker, statements, place and date, covered by `reports` reports.
struct Story {
    speaker: usize,
    others: [usize; 2],
    statements: Vec<Statement>,
    place: &'static str,
    month: usize,
    day: usize,
    topic: usize,
    event: &'static str,
}

const SITES: usize = 40;
const PEOPLE: usize = 3_000;
const TOPICS: usize = 400;

/// Generate `n` reports into `dir` (in one sub-folder per site). Returns the paths
/// and the total size in bytes.
pub fn generate(dir: &Path, n: usize) -> io::Result<(Vec<PathBuf>, u64)> {
    let sites: Vec<Site> = (0..SITES).map(site).collect();
    for s in &sites {
        std::fs::create_dir_all(dir.join(&s.name))?;
    }
    let mut r = Rng::new(42);
    let mut paths = Vec::with_capacity(n);
    let mut bytes = 0u64;
    let mut made = 0usize;
    let mut story_no = 0usize;
    // headlines of recent reports per site, for the "other stories" lists
    let mut recent: Vec<Vec<String>> = vec![Vec::new(); SITES];
    while made < n {
        let k = r.log_uniform(2, 80).min(n - made).max(1);
        let story = Story {
            speaker: r.zipf(PEOPLE),
            others: [r.zipf(PEOPLE), r.zipf(PEOPLE)],
            statements: (0..2 + r.below(5)).map(|_| statement(&mut r)).collect(),
            place: r.pick(PLACES),
            month: r.below(12),
            day: 1 + r.below(28),
            topic: r.zipf(TOPICS),
            event: r.pick(EVENTS),
        };
        // which report quotes which statement: each at least twice
        let mut quotes: Vec<Vec<usize>> = (0..k)
            .map(|_| {
                (0..story.statements.len())
                    .filter(|_| r.chance(0.6))
                    .collect()
            })
            .collect();
        for s in 0..story.statements.len() {
            let have = quotes.iter().filter(|q| q.contains(&s)).count();
            for q in quotes.iter_mut().take(2.min(k)) {
                if have < 2 && !q.contains(&s) {
                    q.push(s);
                    q.sort_unstable();
                }
            }
        }
        for (j, quoted) in quotes.iter().enumerate() {
            let si = r.below(SITES);
            let (text, headline) = report(
                &mut r,
                &story,
                story_no,
                si,
                &sites[si],
                quoted,
                &recent[si],
            );
            let rec = &mut recent[si];
            rec.push(headline);
            if rec.len() > 12 {
                rec.remove(0);
            }
            let path = dir.join(&sites[si].name).join(format!(
                "2022-{:02}-{:02}-s{story_no}-r{j}.txt",
                story.month + 1,
                story.day
            ));
            bytes += text.len() as u64;
            std::fs::write(&path, text)?;
            paths.push(path);
            made += 1;
        }
        story_no += 1;
    }
    Ok((paths, bytes))
}

#[allow(clippy::too_many_arguments)]
fn report(
    r: &mut Rng,
    story: &Story,
    story_no: usize,
    si: usize,
    site: &Site,
    quoted: &[usize],
    recent: &[String],
) -> (String, String) {
    let sp = person(story.speaker);
    let o1 = person(story.others[0]);
    let o2 = person(story.others[1]);
    let people = [&sp, &o1, &o2];
    let mut s = String::with_capacity(6000);
    for l in &site.head {
        s.push_str(l);
        s.push('\n');
    }
    s.push('\n');
    let headline = headline(r, story, si, &sp);
    let _ = writeln!(s, "{headline}\n");
    if site.style == 0 {
        let _ = writeln!(s, "{}\n0\n0\n", 1000 + r.below(9000));
    }
    dateline_paragraph(r, story, site, &sp, &mut s);
    quotes_and_narrative(r, story, si, site, quoted, &people, &mut s);
    background(r, story, &people, &mut s);
    furniture(r, story, story_no, site, recent, &mut s);
    (s, headline)
}

/// "Lavrov says … on … must continue".
fn headline(r: &mut Rng, story: &Story, si: usize, sp: &Person) -> String {
    format!(
        "{} {} {} on {} {}",
        sp.last,
        r.pick(&["says", "warns", "insists", "announces", "denies"]),
        surface(story.statements[0].clauses[0][0], si),
        surface(r.zipf(VOCAB), story.topic),
        r.pick(&[
            "must continue",
            "is not possible",
            "will be discussed",
            "is a priority"
        ])
    )
}

/// The first paragraph, with the dateline in the site's style.
fn dateline_paragraph(r: &mut Rng, story: &Story, site: &Site, sp: &Person, s: &mut String) {
    let lead = format!(
        "{} {} {} {} {} the {} of {}, {} {} {} said.",
        r.pick(ORGS),
        r.pick(&[
            "is ready to discuss",
            "refuses to consider",
            "welcomed",
            "criticised"
        ]),
        r.pick(&["the", "new", "further"]),
        surface(r.zipf(VOCAB), story.topic),
        r.pick(&["and", "as well as"]),
        surface(r.zipf(VOCAB), story.topic),
        r.pick(ORGS),
        sp.role,
        sp.first,
        sp.last
    );
    let place = story.place;
    let month = MONTH_NAMES[story.month];
    match site.style {
        0 => {
            let _ = writeln!(
                s,
                "{place}, {month} {} - {}. {lead}\n",
                story.day, site.agency
            );
        }
        1 => {
            let _ = writeln!(s, "{lead}\n");
        }
        2 => {
            let _ = writeln!(
                s,
                "{place}, {month} {}. /{}/. {lead}\n",
                story.day, site.agency
            );
        }
        _ => {
            let _ = writeln!(s, "{} ({}) - {lead}\n", title_case(place), site.agency);
        }
    }
}

/// The quotations of the story the site quotes, each with its attribution and
/// a narrative sentence after it.
fn quotes_and_narrative(
    r: &mut Rng,
    story: &Story,
    si: usize,
    site: &Site,
    quoted: &[usize],
    people: &[&Person; 3],
    s: &mut String,
) {
    let (sp, o1) = (people[0], people[1]);
    let translator = si % 7;
    for (k, &st) in quoted.iter().enumerate() {
        let fragment = r.chance(0.2);
        let words = render(&story.statements[st], translator, fragment, r);
        let (open, close) = if site.style == 1 {
            ('“', '”')
        } else {
            ('"', '"')
        };
        let who = if k == 0 {
            format!("{} {}", sp.first, sp.last)
        } else if r.chance(0.5) {
            sp.last.clone()
        } else {
            "the minister".to_string()
        };
        let _ = writeln!(
            s,
            "{open}{words}{close}, {who} {} at {}.\n",
            r.pick(VERBS),
            story.event
        );
        // narrative between quotes
        let _ = writeln!(s, "{}\n", sentence(r, story.topic, people));
        if k == 1 {
            let _ = writeln!(
                s,
                "{} {} {} also took part in the {}, according to {}.\n",
                o1.role,
                o1.first,
                o1.last,
                story.event.trim_start_matches("a "),
                r.pick(ORGS)
            );
        }
    }
}

/// Background paragraphs shared word for word by the topic's reports, then
/// narrative.
fn background(r: &mut Rng, story: &Story, people: &[&Person; 3], s: &mut String) {
    for b in 0..3 {
        if r.chance(0.6) {
            let mut br = Rng::new((story.topic * 10 + b) as u64);
            let _ = writeln!(
                s,
                "At the end of {}, {} published drafts of a {} on {} and {}. {} in particular demands {} {} from {}.\n",
                2015 + br.below(7),
                br.pick(ORGS),
                surface(br.zipf(VOCAB), 3),
                surface(br.zipf(VOCAB), 3),
                surface(br.zipf(VOCAB), 3),
                title_case(br.pick(PLACES)),
                surface(br.zipf(VOCAB), 3),
                surface(br.zipf(VOCAB), 3),
                br.pick(ORGS),
            );
        }
    }
    for _ in 0..3 + r.below(6) {
        let _ = writeln!(
            s,
            "{} {}\n",
            sentence(r, story.topic, people),
            sentence(r, story.topic + 2, people)
        );
    }
}

/// Furniture below the article: the site's tail, then a comment widget.
fn furniture(
    r: &mut Rng,
    story: &Story,
    story_no: usize,
    site: &Site,
    recent: &[String],
    s: &mut String,
) {
    for l in &site.tail {
        s.push_str(l);
        s.push('\n');
    }
    let items = 4 + r.below(14);
    for c in 0..items {
        let _ = writeln!(
            s,
            "  • {:02}.{:02} {:02}:{:02}\n  • {}",
            1 + (story.day + c) % 28,
            1 + story.month,
            r.below(24),
            r.below(60),
            r.below(200)
        );
        match recent.get(c) {
            Some(h) if !h.is_empty() => {
                let _ = writeln!(s, "Комментарий к \"{h}\"");
            }
            _ => {
                let _ = writeln!(s, "Other news of the day number {}", (story_no + c) % 977);
            }
        }
    }
}
