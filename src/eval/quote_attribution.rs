//! # Quotes and their speakers: evaluation on `dev/quote-attribution`
//!
//! The set (see its README) has news articles with every direct quote as a
//! span in code points, quotation marks included (`labels.jsonl`, rows of
//! kind `direct`), its speaker's name where one can be told (`speaker.name`
//! and its accepted forms `speaker.names`; `status` `named`, `resolved` or
//! `unresolved`), and the other quoted spans (kind `other`: scare quotes,
//! partial quotes, unannotated ones), on which predictions are not scored.
//!
//! [`evaluate`] takes the quotations the corpus computes for each article
//! ([`crate::analysis::LocalFacts`]) and scores them as the set's README
//! defines:
//!
//! * a predicted quotation **matches** a gold quote when their spans overlap
//!   by at least half of the shorter one (a quotation newsdesk joins across
//!   its attribution matches each of its parts);
//! * **recall**: gold direct quotes matched; **precision**: predictions that
//!   match a direct quote, leaving out those that only match an `other` span
//!   (`strict precision` counts them wrong);
//! * a predicted speaker is **right** when it holds the last word of the gold
//!   name (or of one of its accepted forms) and the words of one name hold
//!   the other's, titles aside; **speaker accuracy** is over the matched
//!   quotes whose gold speaker has a name, **end to end** over all gold quotes
//!   with a name (a missed quote counts wrong).

use std::collections::BTreeMap;
use std::path::Path;

use crate::analysis::quotes::extract::Quote;

#[derive(serde::Deserialize)]
struct Row {
    file: String,
    kind: String,
    start: usize,
    end: usize,
    #[serde(default)]
    text: String,
    #[serde(default)]
    speaker: Option<GoldSpeaker>,
}

#[derive(serde::Deserialize, Clone)]
struct GoldSpeaker {
    #[serde(default)]
    source_text: Option<String>,
    name: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    status: String,
}

/// One quote whose speaker came out wrong or missing (for error analysis).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpeakerMistake {
    pub file: String,
    /// 0-based line of the quote.
    pub line: usize,
    pub quote: String,
    pub gold: String,
    /// `named` or `resolved` (a pronoun the set resolved).
    pub status: String,
    /// The words of the attribution that name the speaker in the text.
    pub source_text: String,
    /// What newsdesk gave, `None` when no speaker or no quote.
    pub predicted: Option<String>,
    /// How the attribution named it (`Explicit`, `Pronoun`, …), or why
    /// nothing was predicted (`no quote`, `no speaker`).
    pub how: String,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvalReport {
    pub files: usize,
    pub gold_quotes: usize,
    pub predicted_quotes: usize,
    /// Gold direct quotes matched by a prediction.
    pub matched: usize,
    /// Predictions matching a direct quote / matching only an `other` span /
    /// matching nothing.
    pub predicted_direct: usize,
    pub predicted_other: usize,
    pub predicted_none: usize,
    /// Gold quotes with a speaker's name, matched ones among them, and the
    /// ones whose predicted speaker is right.
    pub with_name: usize,
    pub with_name_matched: usize,
    pub speaker_right: usize,
    /// Of the matched quotes with a name: no speaker predicted.
    pub speaker_missing: usize,
    /// Speaker right / counted, per gold status (`named`, `resolved`).
    pub by_status: BTreeMap<String, (usize, usize)>,
    /// Speaker right / predicted, per attribution kind of the prediction.
    pub by_kind: BTreeMap<String, (usize, usize)>,
    pub mistakes: Vec<SpeakerMistake>,
}

impl EvalReport {
    pub fn recall(&self) -> f64 {
        super::ratio(self.matched, self.gold_quotes)
    }
    pub fn precision(&self) -> f64 {
        super::ratio(
            self.predicted_direct,
            self.predicted_direct + self.predicted_none,
        )
    }
    pub fn strict_precision(&self) -> f64 {
        super::ratio(self.predicted_direct, self.predicted_quotes)
    }
    pub fn speaker_accuracy(&self) -> f64 {
        super::ratio(self.speaker_right, self.with_name_matched)
    }
    pub fn speaker_e2e(&self) -> f64 {
        super::ratio(self.speaker_right, self.with_name)
    }

    /// The scores as Markdown tables.
    pub fn to_markdown_table(&self) -> String {
        let mut s = format!(
            "Quote attribution: {} files, {} direct quotes ({} with a speaker's name), {} quotations found\n\n\
             | measure | value | counts |\n|---|---:|---|\n",
            self.files, self.gold_quotes, self.with_name, self.predicted_quotes
        );
        let rows = [
            (
                "quote recall",
                self.recall(),
                format!("{} of {}", self.matched, self.gold_quotes),
            ),
            (
                "quote precision",
                self.precision(),
                format!(
                    "{} of {} (not counting {} on other quoted spans)",
                    self.predicted_direct,
                    self.predicted_direct + self.predicted_none,
                    self.predicted_other
                ),
            ),
            (
                "strict precision",
                self.strict_precision(),
                format!("{} of {}", self.predicted_direct, self.predicted_quotes),
            ),
            (
                "speaker accuracy",
                self.speaker_accuracy(),
                format!(
                    "{} of {} matched ({} without a speaker)",
                    self.speaker_right, self.with_name_matched, self.speaker_missing
                ),
            ),
            (
                "speaker end to end",
                self.speaker_e2e(),
                format!("{} of {}", self.speaker_right, self.with_name),
            ),
        ];
        for (name, v, c) in rows {
            s.push_str(&format!("| {name} | **{v:.3}** | {c} |\n"));
        }
        s.push_str("\n| gold speaker | right | of |\n|---|---:|---:|\n");
        for (k, (r, n)) in &self.by_status {
            s.push_str(&format!("| {k} | {r} | {n} |\n"));
        }
        s.push_str("\n| newsdesk's attribution | right | of |\n|---|---:|---:|\n");
        for (k, (r, n)) in &self.by_kind {
            s.push_str(&format!("| {k} | {r} | {n} |\n"));
        }
        s
    }
}

/// Titles and honorifics left out when names are compared.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "president",
    "sir",
    "rev",
    "gen",
    "jr",
    "sr",
];

/// A name's words: lower case, letters and digits, titles left out.
fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(['\'', '’']).to_lowercase())
        .filter(|w| !w.is_empty() && !TITLES.contains(&w.as_str()))
        .collect()
}

/// Whether the predicted name `pred` is right for the gold name `gold`: it
/// holds the gold name's last word, and one name's words hold the other's.
pub fn same_speaker(pred: &str, gold: &str) -> bool {
    let (p, g) = (name_words(pred), name_words(gold));
    let Some(last) = g.last() else {
        return false;
    };
    p.contains(last) && (g.iter().all(|w| p.contains(w)) || p.iter().all(|w| g.contains(w)))
}

/// Whether two code-point spans overlap by at least half of the shorter.
fn matches(a: (usize, usize), b: (usize, usize)) -> bool {
    let overlap = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let shorter = (a.1 - a.0).min(b.1 - b.0);
    shorter > 0 && 2 * overlap >= shorter
}

/// Score the quotations and speakers of the set in `dir`.
pub fn evaluate(dir: &Path) -> Result<EvalReport, String> {
    let rows = super::labels_by_file(dir, |r: &Row| &r.file)?;
    let (corpus, files) = super::corpus_files(dir)?;
    let mut r = EvalReport {
        files: files.len(),
        ..EvalReport::default()
    };
    let none = Vec::new();
    for name in &files {
        let text = super::read_text(&corpus.join(name))?;
        let quotes = crate::analysis::LocalFacts::compute(&text).quotes;
        score_file(
            name,
            &text,
            &quotes,
            rows.get(name).unwrap_or(&none),
            &mut r,
        );
    }
    Ok(r)
}

fn score_file(name: &str, text: &str, quotes: &[Quote], rows: &[Row], r: &mut EvalReport) {
    let bytes = super::char_to_byte(text);
    let cp = |b: usize| super::code_point_at(&bytes, b);
    let index = crate::analysis::lines::LineIndex::new(text);
    let spans: Vec<(usize, usize)> = quotes
        .iter()
        .map(|q| (cp(q.range.start), cp(q.range.end)))
        .collect();
    let direct: Vec<&Row> = rows.iter().filter(|g| g.kind == "direct").collect();
    let other: Vec<&Row> = rows.iter().filter(|g| g.kind != "direct").collect();
    r.predicted_quotes += quotes.len();
    for &s in &spans {
        if direct.iter().any(|g| matches(s, (g.start, g.end))) {
            r.predicted_direct += 1;
        } else if other.iter().any(|g| matches(s, (g.start, g.end))) {
            r.predicted_other += 1;
        } else {
            r.predicted_none += 1;
        }
    }
    for g in &direct {
        r.gold_quotes += 1;
        let gspan = (g.start, g.end);
        // the prediction overlapping this quote most
        let best = spans
            .iter()
            .enumerate()
            .filter(|(_, &s)| matches(s, gspan))
            .max_by_key(|(_, &s)| s.1.min(gspan.1).saturating_sub(s.0.max(gspan.0)))
            .map(|(i, _)| &quotes[i]);
        if best.is_some() {
            r.matched += 1;
        }
        let Some(sp) = &g.speaker else { continue };
        let Some(gold) = &sp.name else { continue };
        r.with_name += 1;
        let status = r.by_status.entry(sp.status.clone()).or_default();
        status.1 += 1;
        let (predicted, how, right) = match best {
            None => (None, "no quote".to_string(), false),
            Some(q) => {
                r.with_name_matched += 1;
                match &q.speaker {
                    None => {
                        r.speaker_missing += 1;
                        (None, "no speaker".to_string(), false)
                    }
                    Some(s) => {
                        let mut forms = sp.names.clone();
                        forms.push(gold.clone());
                        let right = forms.iter().any(|f| same_speaker(&s.name, f));
                        let kind = r.by_kind.entry(s.kind.describe().to_string()).or_default();
                        kind.1 += 1;
                        if right {
                            kind.0 += 1;
                        }
                        (Some(s.name.clone()), s.kind.describe().to_string(), right)
                    }
                }
            }
        };
        if right {
            r.speaker_right += 1;
            r.by_status.entry(sp.status.clone()).or_default().0 += 1;
        } else {
            let start = bytes.get(g.start).copied().unwrap_or(text.len());
            r.mistakes.push(SpeakerMistake {
                file: name.to_string(),
                line: index.line_of(start),
                quote: g.text.chars().take(80).collect(),
                gold: gold.clone(),
                status: sp.status.clone(),
                source_text: sp.source_text.clone().unwrap_or_default(),
                predicted,
                how,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_by_last_word_and_containment() {
        assert!(same_speaker("Van Wagenen", "Alyssa Van Wagenen"));
        assert!(same_speaker("Donald Trump", "Trump"));
        assert!(same_speaker("Sen. Ted Cruz", "Ted Cruz"));
        assert!(!same_speaker("Donald Trump Jr.", "Ivanka Trump"));
        assert!(!same_speaker("Hillary Clinton", "Bill Clinton"));
        assert!(!same_speaker("Clinton", "Robby Mook"));
        assert!(!same_speaker("", "Trump"));
    }

    #[test]
    fn spans_match_when_they_overlap_by_half_of_the_shorter() {
        assert!(matches((0, 10), (5, 40)));
        assert!(!matches((0, 10), (6, 40)));
        assert!(matches((10, 20), (0, 100)));
        assert!(!matches((0, 0), (0, 5)));
    }

    #[test]
    fn code_points_count_characters_not_bytes() {
        let table = super::super::char_to_byte("Ая😀b");
        let cp = |b: usize| super::super::code_point_at(&table, b);
        assert_eq!(cp(0), 0);
        assert_eq!(cp(2), 1);
        assert_eq!(cp(4), 2);
        assert_eq!(cp(8), 3);
        assert_eq!(cp(9), 4);
    }

    #[test]
    fn a_short_article_scores_its_quote_and_speaker() {
        let text =
            "Talks stall\n\n\"We will not sign this,\" said Maria Lopez, the union's leader.\n";
        let quotes = crate::analysis::LocalFacts::compute(text).quotes;
        let start = text.find('"').unwrap();
        let end = text[start + 1..].find('"').unwrap() + start + 2;
        let row = |name: &str| Row {
            file: "a.txt".into(),
            kind: "direct".into(),
            start,
            end,
            text: text[start..end].into(),
            speaker: Some(GoldSpeaker {
                source_text: Some("Maria Lopez".into()),
                name: Some(name.into()),
                names: vec![],
                status: "named".into(),
            }),
        };
        let mut r = EvalReport::default();
        score_file("a.txt", text, &quotes, &[row("Maria Lopez")], &mut r);
        assert_eq!((r.matched, r.speaker_right, r.predicted_direct), (1, 1, 1));
        let mut r = EvalReport::default();
        score_file("a.txt", text, &quotes, &[row("Ann Smith")], &mut r);
        assert_eq!((r.matched, r.speaker_right, r.mistakes.len()), (1, 0, 1));
    }
}
