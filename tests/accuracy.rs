//! Accuracy bars on the development sets in ../shared/dev (see docs/accuracy.md,
//! whose tables `newsdesk eval ...` reproduces). Skipped with a note when
//! ../shared is absent; a failure under CI.

mod support;

use support::shared_dir;

#[test]
fn boilerplate_meets_the_bar() {
    let Some(dir) = shared_dir("dev/boilerplate") else {
        return;
    };
    let r = newsdesk::eval::boilerplate::evaluate(&dir).unwrap();
    let s = &r.with_corpus;
    assert!(
        s.content.f1() >= 0.85,
        "content F1 {:.3}\n{}",
        s.content.f1(),
        r.to_markdown_table()
    );
    assert!(
        s.boilerplate.f1() >= 0.97,
        "boilerplate F1 {:.3}\n{}",
        s.boilerplate.f1(),
        r.to_markdown_table()
    );
}

/// The boilerplate line model on the pages it was not trained on (half of
/// each set, `eval::boilerplate::training_page`): never worse than the
/// hand-written rule alone on the same pages by more than 0.002 (the
/// comment-section and lead-in-list rules took what the model gained on the
/// news sets; on Dragnet it is 0.001 below the rule), and at least the content and
/// boilerplate F1 recorded in docs/accuracy.md less 0.005. Issue #12's bars
/// (content F1 0.90 and boilerplate F1 0.97 on the news sets, content F1
/// 0.85 on CleanEval) hold for dev and L3S-GN1, and boilerplate F1 for
/// Dragnet; the floors below are those bars where they are met.
#[test]
fn boilerplate_model_holds_on_pages_it_was_not_trained_on() {
    for (set, content, boilerplate) in [
        ("dev/boilerplate", 0.934, 0.97),
        ("dev/boilerplate-train/l3s-gn1", 0.931, 0.97),
        ("dev/boilerplate-train/dragnet", 0.735, 0.97),
        ("dev/boilerplate-train/cleaneval", 0.780, 0.795),
    ] {
        let Some(dir) = shared_dir(set) else {
            return;
        };
        let r = newsdesk::eval::boilerplate::evaluate(&dir).unwrap();
        let (model, rule) = (r.held_out.content.f1(), r.rule_alone_held_out.content.f1());
        assert!(
            model >= rule - 0.002 && model >= content,
            "{set}: held-out content F1 {model:.3} (rule alone {rule:.3}, floor {content})\n{}",
            r.to_markdown_table()
        );
        let b = r.held_out.boilerplate.f1();
        assert!(
            b >= boilerplate,
            "{set}: held-out boilerplate F1 {b:.3} (floor {boilerplate})\n{}",
            r.to_markdown_table()
        );
    }
}

#[test]
fn mismatched_quote_meets_the_bar() {
    let Some(dir) = shared_dir("dev/quote-balance") else {
        return;
    };
    let r = newsdesk::eval::quote_balance::evaluate(&dir).unwrap();
    assert!(r.false_alarm_rate() <= 0.02, "{}", r.to_markdown_table());
    assert!(r.recall() >= 0.95, "{}", r.to_markdown_table());
}

#[test]
fn quote_links_meet_the_bar() {
    let Some(dir) = shared_dir("dev/quote-links") else {
        return;
    };
    let t = newsdesk::analysis::quotes::matching::DEFAULT_LINK_THRESHOLD;
    let r = newsdesk::eval::quote_links::evaluate(&dir, t).unwrap();
    assert_eq!(r.reports, 80);
    assert!(r.rows[0].f1 >= 0.90, "{}", r.to_markdown_table());
}

/// Named entities with the shipped weights on `ner`: typed F1 over person,
/// organisation and place and per-type floors at the current level so that
/// none slips back unnoticed. The weights were trained on these reports (they
/// are in `ner-gum`): training-set figures; the held-out ones are in the next
/// test.
#[test]
fn named_entities_meet_the_bar() {
    let Some(dir) = shared_dir("dev/ner") else {
        return;
    };
    let r = newsdesk::eval::ner::evaluate(&dir).unwrap();
    let f1 = |label: &str| r.row(label).map_or(0.0, |s| s.f1());
    assert!(
        f1("typed (PER+ORG+LOC)") >= 0.885,
        "{}",
        r.to_markdown_table()
    );
    assert!(f1("PER") >= 0.90, "{}", r.to_markdown_table());
    assert!(f1("LOC") >= 0.915, "{}", r.to_markdown_table());
    assert!(f1("ORG") >= 0.85, "{}", r.to_markdown_table());
    // the fifteen genres, also training-set figures
    let Some(gum) = shared_dir("dev/ner-gum") else {
        return;
    };
    let r = newsdesk::eval::ner::evaluate(&gum).unwrap();
    let f1 = |label: &str| r.row(label).map_or(0.0, |s| s.f1());
    for (label, bar) in [
        ("typed (PER+ORG+LOC)", 0.865),
        ("PER", 0.885),
        ("ORG", 0.80),
        ("LOC", 0.875),
    ] {
        assert!(f1(label) >= bar, "{label}\n{}", r.to_markdown_table());
    }
}

/// The rules and the learned tagger together on reports the tagger was not
/// trained on: 5-fold cross-validation by report over `ner-gum` (which holds
/// `ner`'s 24 news reports), scored on both sets, the figures of
/// docs/accuracy.md less a small margin. (The shipped weights are trained on
/// every report of `ner-gum`, so `eval ner` with them gives training-set
/// figures; these are the honest ones.)
#[test]
fn named_entities_hold_on_reports_the_tagger_did_not_see() {
    let (Some(gum), Some(news)) = (shared_dir("dev/ner-gum"), shared_dir("dev/ner")) else {
        return;
    };
    use newsdesk::eval::ner;
    let set = ner::training_set(&[gum.clone(), news.clone()]).unwrap();
    assert_eq!(set.seqs.len(), 237);
    let models = ner::fold_models(&set, 5);
    let policy = newsdesk::analysis::actors::Policy::default();
    for (dir, bars) in [
        (gum, [0.745, 0.765, 0.65, 0.775]),
        (news, [0.83, 0.84, 0.775, 0.88]),
    ] {
        let r = ner::cross_validate(&dir, &models, &policy).unwrap();
        let f1 = |label: &str| r.row(label).map_or(0.0, |s| s.f1());
        for (label, bar) in ["typed (PER+ORG+LOC)", "PER", "ORG", "LOC"]
            .iter()
            .zip(bars)
        {
            assert!(
                f1(label) >= bar,
                "{}: {label} F1 {:.3} < {bar}\n{}",
                dir.display(),
                f1(label),
                r.to_markdown_table()
            );
        }
    }
}

/// Quotes and their speakers on US political news (issue #13's set and
/// bars): the quotes found (recall >= 0.98) and the speaker named right end
/// to end (>= 0.90).
#[test]
fn quote_attribution_holds_its_level() {
    let Some(dir) = shared_dir("dev/quote-attribution") else {
        return;
    };
    let r = newsdesk::eval::quote_attribution::evaluate(&dir).unwrap();
    assert_eq!(r.files, 920);
    assert!(r.recall() >= 0.98, "{}", r.to_markdown_table());
    assert!(r.speaker_e2e() >= 0.90, "{}", r.to_markdown_table());
}

/// Quote links with the threshold chosen on one half of the stories and
/// measured on the other (issue #13's bar): precision >= 0.95 at recall >=
/// 0.90 on the held-back half.
#[test]
fn quote_links_hold_on_stories_not_tuned_on() {
    let Some(dir) = shared_dir("dev/quote-links") else {
        return;
    };
    let t = [
        0.25, 0.28, 0.3, 0.32, 0.35, 0.38, 0.4, 0.42, 0.44, 0.45, 0.5,
    ];
    let r = newsdesk::eval::quote_links::evaluate_split(&dir, &t).unwrap();
    assert_eq!(r.stories.0 + r.stories.1, 40);
    assert!(r.held_back.precision >= 0.95, "{}", r.to_markdown_table());
    assert!(r.held_back.recall >= 0.90, "{}", r.to_markdown_table());
}

/// `near-duplicate` on the pairs `newsdesk eval copies` builds from the stories
/// of `quote-links` and the pages of `boilerplate` (docs/accuracy.md, "Copies"):
/// every exact copy found, no pair of different stories called a copy, and
/// at least the recall recorded there less 0.02.
#[test]
fn copies_meet_the_bar() {
    let (Some(links), Some(pages)) = (shared_dir("dev/quote-links"), shared_dir("dev/boilerplate"))
    else {
        return;
    };
    let r = newsdesk::eval::copies::evaluate(&links, &pages).unwrap();
    let table = r.to_markdown_table();
    let exact = r.rows.iter().find(|x| x.kind.starts_with("exact")).unwrap();
    assert_eq!(exact.predicted, exact.pairs, "{table}");
    assert_eq!(r.counts.fp, 0, "{table}");
    assert!(r.counts.recall() >= 0.93, "{table}");
}
