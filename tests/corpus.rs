//! The corpus through its library interface: the on-disk index cache (missing,
//! stale, corrupt and foreign entries) and incremental updates (a report whose
//! version did not change has the same findings; the end result equals a corpus
//! built from scratch).

mod support;

use newsdesk::corpus::cache::Rejected;
use newsdesk::corpus::{Corpus, ReportId};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::Fixture;

const CORPUS: &str = r#"
//- ria/2022-03-02-vanek.txt
Войти

Vanek: the grain corridor must stay open through the winter

2711
0

PRAGUE, March 2 - RIA Novosti. The Czech agriculture minister Tomas Vanek said the grain corridor through the Black Sea ports must stay open.

"We cannot allow the grain corridor to close before the spring sowing, because every week of delay drives bread prices higher across Europe," Vanek said at a press conference.

The ministers of the region signed a joint letter on grain transit through the Danube ports at the end of February in Vienna. Prague was among the first to sign it.

The rights to this material belong to
Do you want to leave a comment? Register and/or Log in
//- mirror/2022-03-04-vanek.txt
Menu | World | Economy

Vanek: the grain corridor must stay open through the winter

PRAGUE, March 2 - RIA Novosti. The Czech agriculture minister Tomas Vanek said the grain corridor through the Black Sea ports must stay open.

"We cannot allow the grain corridor to close before the spring sowing, because every week of delay drives bread prices higher across Europe," Vanek said at a press conference.

The ministers of the region signed a joint letter on grain transit through the Danube ports at the end of February in Vienna. Prague was among the first to sign it.

Share on Facebook
//- rt/2022-03-02-grain.txt
All news

Prague wants the grain route kept open

PRAGUE, March 2. /RT/. Czech minister Tomas Vanek has called for the grain route to remain open all winter.

“We must not let the grain corridor shut down before spring sowing, since each week of delay pushes the price of bread up all over Europe,” Vanek told journalists.

The ministers of the region signed a joint letter on grain transit through the Danube ports at the end of February in Vienna. The next meeting is planned for April in Bratislava.

The rights to this material belong to
Do you want to leave a comment? Register and/or Log in
//- tass/2022-03-03-kovacs.txt
All news

Kovacs: the Danube ports are full

BUDAPEST, March 3. /TASS/. Hungarian transport minister Eva Kovacs said the river ports had run out of storage space.

"Our river terminals are full to the roof, and the barges wait for a week before they can unload their cargo," Kovacs said.

The ministers of the region signed a joint letter on grain transit through the Danube ports at the end of February in Vienna. Budapest hosted the previous round.
//- afp/2022-03-04-ports.txt
Ports fill up on the Danube

BUDAPEST, March 4 (AFP) - Hungary's transport minister Eva Kovacs warned that terminals along the river were overloaded.

"The river terminals are filled to the roof and barges wait a whole week before unloading their cargo," Kovacs told reporters on Friday.

The rights to this material belong to
//- local/2022-03-05-festival.txt
City festival opens on Saturday

BRNO, March 5 - Local News. The spring festival of the city opens on Saturday with a concert in the main square.

"We expect more visitors than ever before, and the weather forecast promises a warm and sunny weekend for everyone," the organiser Jana Dvorak said.
"#;

fn masked(s: &str) -> String {
    // link scores move a little with the rest of the corpus (word rarity)
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("match ") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        out.push('#');
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}

/// Every report's findings (code, range, message, related places as a set).
type Snapshot = BTreeMap<PathBuf, Vec<String>>;

fn findings(c: &Corpus, path: &Path) -> Vec<String> {
    let checked = c.findings(path).expect("a report of the corpus");
    checked
        .findings
        .iter()
        .map(|f| {
            let mut related: Vec<String> = f
                .related
                .iter()
                .map(|r| {
                    format!(
                        "{:?}:{:?} {}",
                        r.place.path.as_ref().map(|p| c.relative(p)),
                        r.place.range,
                        masked(&r.message)
                    )
                })
                .collect();
            related.sort();
            format!(
                "{} {:?} {} [{}]",
                f.code,
                f.range,
                masked(&f.message),
                related.join("; ")
            )
        })
        .collect()
}

fn snapshot(c: &Corpus) -> Snapshot {
    c.paths()
        .into_iter()
        .map(|p| (p.clone(), findings(c, &p)))
        .collect()
}

fn load(root: &Path, cache: &Path) -> (Corpus, newsdesk::corpus::cache::LoadStats) {
    let mut c = Corpus::new(root);
    c.set_cache_dir(Some(cache.to_path_buf()));
    let stats = c.load_all_cached(true);
    (c, stats)
}

fn cache_file(cache: &Path, root: &Path) -> PathBuf {
    newsdesk::corpus::cache::cache_file(cache, root)
}

#[test]
fn the_cache_is_used_when_fresh_and_gives_the_same_findings() {
    let f = Fixture::new(CORPUS);
    let cache = tempfile::tempdir().unwrap();
    let root = f.root();
    let n = f.files.len();

    // missing: everything analysed, the cache written
    let (c0, s0) = load(&root, cache.path());
    assert_eq!(s0.analysed, n);
    assert_eq!(s0.rejected, Some(Rejected::Missing));
    assert!(cache_file(cache.path(), &root).is_file());
    let reference = snapshot(&c0);
    // the fixture exercises every cross-report finding
    let all: String = reference.values().flatten().cloned().collect();
    for code in [
        "quote-variant",
        "reused-passage",
        "boilerplate",
        "near-duplicate",
    ] {
        assert!(all.contains(code), "no {code} in the fixture: {all}");
    }

    // fresh: nothing read, the same findings
    let (c1, s1) = load(&root, cache.path());
    assert_eq!((s1.cached, s1.verified, s1.analysed), (n, 0, 0));
    assert_eq!(snapshot(&c1), reference);
    // and the same quote links
    for p in c0.paths() {
        let (a, b) = (c0.get(&p).unwrap().id, c1.get(&p).unwrap().id);
        let la: Vec<_> = c0
            .report_quote_links(a)
            .into_iter()
            .flatten()
            .map(|l| (l.path, l.range))
            .collect();
        let lb: Vec<_> = c1
            .report_quote_links(b)
            .into_iter()
            .flatten()
            .map(|l| (l.path, l.range))
            .collect();
        assert_eq!(la, lb, "{}", p.display());
    }
    // and the same actors and events, carried by the same reports
    let entities = |c: &Corpus| -> Vec<(String, Vec<PathBuf>)> {
        let mut keys: Vec<String> = c
            .entities()
            .keys(c.symbols())
            .into_iter()
            .map(str::to_string)
            .collect();
        keys.sort();
        keys.into_iter()
            .map(|k| {
                let mut paths: Vec<PathBuf> = c
                    .entities()
                    .reports_of(c.symbols(), &k)
                    .into_iter()
                    .map(|r| c.by_id(r).unwrap().path.clone())
                    .collect();
                paths.sort();
                (k, paths)
            })
            .collect()
    };
    let (e0, e1) = (entities(&c0), entities(&c1));
    assert!(e0.iter().any(|(_, p)| p.len() > 1), "{e0:?}");
    assert_eq!(e0, e1);
}

#[test]
fn stale_entries_are_analysed_again_and_touched_files_are_verified() {
    let f = Fixture::new(CORPUS);
    let cache = tempfile::tempdir().unwrap();
    let root = f.root();
    let n = f.files.len();
    load(&root, cache.path());

    // one report edited, one only touched, one deleted
    let edited = f.path("local/2022-03-05-festival.txt");
    std::fs::write(
        &edited,
        f.text("local/2022-03-05-festival.txt")
            .replace("Saturday", "Sunday"),
    )
    .unwrap();
    let touched = f.path("afp/2022-03-04-ports.txt");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&touched)
        .unwrap()
        .set_modified(later)
        .unwrap();
    std::fs::remove_file(f.path("tass/2022-03-03-kovacs.txt")).unwrap();

    let (c, s) = load(&root, cache.path());
    assert_eq!((s.cached, s.verified, s.analysed), (n - 3, 1, 1));
    assert!(findings(&c, &edited)
        .iter()
        .all(|x| !x.contains("Saturday")));
    // the same as a corpus built without the cache
    let mut fresh = Corpus::new(&root);
    fresh.set_cache_dir(None);
    fresh.load_all();
    assert_eq!(snapshot(&c), snapshot(&fresh));
    // the cache was rewritten: now everything is fresh
    let (_, s2) = load(&root, cache.path());
    assert_eq!((s2.cached, s2.analysed), (n - 1, 0));
}

#[test]
fn a_damaged_or_foreign_cache_is_rebuilt_never_trusted() {
    let f = Fixture::new(CORPUS);
    let cache = tempfile::tempdir().unwrap();
    let root = f.root();
    let n = f.files.len();
    let (c0, _) = load(&root, cache.path());
    let reference = snapshot(&c0);
    let file = cache_file(cache.path(), &root);
    let good = std::fs::read(&file).unwrap();

    let cases: Vec<(Vec<u8>, Rejected)> = vec![
        (
            good[..good.len() / 2].to_vec(),
            Rejected::Corrupt("truncated"),
        ),
        (
            {
                let mut b = good.clone();
                let i = b.len() - 10;
                b[i] ^= 0x55;
                b
            },
            Rejected::Corrupt("checksum"),
        ),
        (b"not an index at all".to_vec(), Rejected::OtherVersion),
        (Vec::new(), Rejected::OtherVersion),
    ];
    for (bytes, why) in cases {
        std::fs::write(&file, &bytes).unwrap();
        let (c, s) = load(&root, cache.path());
        assert_eq!(s.rejected, Some(why.clone()));
        assert_eq!(s.analysed, n, "{why:?}");
        assert_eq!(snapshot(&c), reference, "{why:?}");
        // rebuilt
        let (_, s2) = load(&root, cache.path());
        assert_eq!(s2.cached, n, "{why:?}");
    }

    // another registry of actors (the curator's entities.toml) makes other facts
    std::fs::write(
        root.join("entities.toml"),
        "[entities.tomas-vanek]\nname = \"Tomas Vanek\"\nkind = \"person\"\nroles = [\"Czech agriculture minister\"]\n",
    )
    .unwrap();
    let (_, s) = load(&root, cache.path());
    assert_eq!(s.rejected, Some(Rejected::OtherRegistry));
    assert_eq!(s.analysed, n);
}

/// Quote links by paths: (report, quotation) to (report, quote range, score bits).
type Links = BTreeMap<(PathBuf, usize), Vec<(PathBuf, std::ops::Range<usize>, u32)>>;

/// Every quote link of the corpus, by paths.
fn all_links(c: &Corpus) -> Links {
    let mut out = BTreeMap::new();
    for p in c.paths() {
        let r = c.get(&p).unwrap();
        for qi in 0..r.facts().map_or(0, |f| f.quotes.len()) {
            for l in c.quote_links(r.id, qi) {
                out.entry((p.clone(), qi)).or_insert_with(Vec::new).push((
                    l.path,
                    l.range,
                    l.score.to_bits(),
                ));
            }
        }
    }
    out
}

#[test]
fn quote_links_are_kept_on_disk_for_the_same_reports_only() {
    let f = Fixture::new(CORPUS);
    let cache = tempfile::tempdir().unwrap();
    let root = f.root();
    let (c0, s0) = load(&root, cache.path());
    assert_eq!(s0.links, 0, "no links file yet");
    let reference = snapshot(&c0);
    let links = all_links(&c0);
    assert!(
        links.len() >= 2,
        "the fixture's translations are linked: {links:?}"
    );
    c0.save_kept_if_changed();
    let file = newsdesk::corpus::cache::links_file(cache.path(), &root);
    assert!(file.is_file());
    assert!(newsdesk::corpus::cache::classes_file(cache.path(), &root).is_file());

    // the same reports: the links are read back, the same to the bit
    let (c1, s1) = load(&root, cache.path());
    // (every report with a quotation had its links computed for its findings)
    let quoting = c1
        .reports()
        .filter(|r| r.facts().is_some_and(|f| !f.quotes.is_empty()))
        .count();
    assert_eq!(s1.links, quoting);
    // and every report's boilerplate classes (checked against the repeated
    // lines when used)
    assert_eq!(s1.classes, c1.len());
    assert_eq!(all_links(&c1), links);
    assert_eq!(snapshot(&c1), reference);

    // a damaged links file is not used; the findings stay the same
    let good = std::fs::read(&file).unwrap();
    let mut bad = good.clone();
    let i = bad.len() - 3;
    bad[i] ^= 0x21;
    for bytes in [bad, good[..good.len() - 7].to_vec(), b"NDSKLNK".to_vec()] {
        std::fs::write(&file, &bytes).unwrap();
        let (c, s) = load(&root, cache.path());
        assert_eq!(s.links, 0);
        assert_eq!(snapshot(&c), reference);
    }
    std::fs::write(&file, &good).unwrap();

    // one report changed on disk: the links file is for other reports now
    let ria = f.path("ria/2022-03-02-vanek.txt");
    let text = std::fs::read_to_string(&ria).unwrap();
    std::fs::write(
        &ria,
        text.replace("drives bread prices higher", "pushes bread prices up"),
    )
    .unwrap();
    let (c2, s2) = load(&root, cache.path());
    assert_eq!(s2.links, 0);
    let mut fresh = Corpus::new(&root);
    fresh.set_cache_dir(None);
    fresh.load_all();
    assert_eq!(snapshot(&c2), snapshot(&fresh));
    assert_eq!(all_links(&c2), all_links(&fresh));

    // the server takes the links of the unchanged reports that link to no
    // changed one (the Danube pair and the festival), and computes the changed
    // report's and those of the report linked to it
    let (c3, _) = load(&root, cache.path());
    assert_eq!(c3.load_links(false), Ok(3));
    let unscored = |l: Links| -> Vec<_> {
        l.into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|(p, r, _)| (p, r)).collect::<Vec<_>>()))
            .collect()
    };
    assert_eq!(unscored(all_links(&c3)), unscored(all_links(&fresh)));
    assert_eq!(snapshot(&c3), snapshot(&fresh));
}

/// Replace `from` by `to` in the report at `path` and give it to the corpus as
/// an edit would.
fn edit(c: &mut Corpus, path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap().replace(from, to);
    std::fs::write(path, &text).unwrap();
    let content = c.loader().load(path);
    c.upsert(path, content);
}

#[test]
// Long: one sequence of edits on one corpus; each step checks what the one
// before it left, so the steps only make sense in order.
fn reports_whose_version_stays_keep_their_findings() {
    let f = Fixture::new(CORPUS);
    let root = f.root();
    let mut c = Corpus::new(&root);
    c.set_cache_dir(None);
    c.load_all();
    let mut before: BTreeMap<PathBuf, ((u64, u64), Vec<String>)> = BTreeMap::new();
    let record = |c: &Corpus, before: &mut BTreeMap<PathBuf, ((u64, u64), Vec<String>)>| {
        before.clear();
        for p in c.paths() {
            let id: ReportId = c.get(&p).unwrap().id;
            before.insert(p.clone(), (c.version(id), findings(c, &p)));
        }
    };
    // (reports whose findings changed, reports whose version moved)
    let check = |c: &Corpus, before: &BTreeMap<PathBuf, ((u64, u64), Vec<String>)>, step: &str| {
        let (mut changed, mut moved) = (0, 0);
        for p in c.paths() {
            let Some((v, old)) = before.get(&p) else {
                continue;
            };
            let id = c.get(&p).unwrap().id;
            let now = findings(c, &p);
            if c.version(id) == *v {
                assert_eq!(
                    &now,
                    old,
                    "{step}: {} changed but kept its version",
                    p.display()
                );
            } else {
                moved += 1;
                if &now != old {
                    changed += 1;
                }
            }
        }
        (changed, moved)
    };
    record(&c, &mut before);

    let ria = f.path("ria/2022-03-02-vanek.txt");
    let rt = f.path("rt/2022-03-02-grain.txt");
    let tass = f.path("tass/2022-03-03-kovacs.txt");
    let local = f.path("local/2022-03-05-festival.txt");

    // a quote reworded: its other translation changes too
    edit(
        &mut c,
        &ria,
        "drives bread prices higher",
        "pushes bread prices up",
    );
    assert!(check(&c, &before, "reworded quote").0 >= 1);
    record(&c, &mut before);
    // the shared background paragraph dropped from one report
    edit(
        &mut c,
        &tass,
        "The ministers of the region signed a joint letter on grain transit through the Danube ports at the end of February in Vienna.",
        "",
    );
    assert!(check(&c, &before, "passage dropped").0 >= 2);
    record(&c, &mut before);
    // the furniture line changed in one report
    edit(&mut c, &rt, "All news", "Latest news");
    check(&c, &before, "furniture");
    record(&c, &mut before);
    // a report that shares nothing: only itself changes
    edit(&mut c, &local, "concert", "parade");
    assert_eq!(check(&c, &before, "unrelated edit").1, 1);
    record(&c, &mut before);
    // a report removed, and one added that carries the shared passage
    c.remove(&tass);
    std::fs::remove_file(&tass).unwrap();
    check(&c, &before, "removed");
    record(&c, &mut before);
    let new = root.join("dpa/2022-03-06-letter.txt");
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::write(
        &new,
        "Ministers sign a letter on grain\n\nVIENNA, March 6 (dpa) - Ministers met again.\n\nThe ministers of the region signed a joint letter on grain transit through the Danube ports at the end of February in Vienna.\n",
    )
    .unwrap();
    let content = c.loader().load(&new);
    c.upsert(&new, content);
    assert!(check(&c, &before, "added").0 >= 1);

    // after all this, the same as a corpus built from the files
    let mut fresh = Corpus::new(&root);
    fresh.set_cache_dir(None);
    fresh.load_all();
    assert_eq!(snapshot(&c), snapshot(&fresh));
}

#[test]
fn the_warm_up_report_exercises_every_rule() {
    // the server analyses it at start-up so that every pattern is built before
    // the editor's first request; it must reach each part of the analysis
    let a = newsdesk::corpus::warm_up();
    let codes: Vec<&str> = a.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"boilerplate"), "{codes:?}");
    assert!(a.dateline().is_some(), "{:?}", a.dateline);
    assert!(a.pairing.quotes.len() >= 2, "{:?}", a.pairing);
}
