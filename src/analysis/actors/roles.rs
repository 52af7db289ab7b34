//! Titles and roles: the title before a name ("Russian Foreign Minister"),
//! lower-case roles ("coach Nabil Maaloul"), and role phrases ("the minister")
//! resolved to the person named earlier.

use super::doc::Doc;
use super::lexicon::LEX;
use super::mention::Mention;
use super::registry::MentionKind;
use super::registry::Registry;
use super::tokens::is_all_caps;
use super::tokens::Tk;
use crate::analysis::lines;
use crate::analysis::text::is_cyrillic;
use std::ops::Range;
use std::sync::LazyLock;

/// A title at the start of a chunk: the number of its tokens, and the places
/// and organisations named in it (ranges of word positions in the chunk).
type RolePrefix = (usize, Vec<(usize, usize)>);

impl<'a> Doc<'a> {
    /// If the chunk starts with a title ("Russian Foreign Minister", "U.S.
    /// President", "Ambassador to the United States"), the number of tokens of the
    /// title and the places/organisations named in it (ranges into `ws`).
    ///
    /// An organisation before the title is its owner ("NASA Administrator Charles
    /// Bolden", "Refugee Council chief executive …"): it is a mention of its own
    /// when it is known or looks like a name, and part of the role text otherwise.
    pub(super) fn role_prefix(&self, ws: &[usize]) -> Option<RolePrefix> {
        if let Some(r) = self.role_prefix_from(ws, 0) {
            return Some(r);
        }
        let p = (1..ws.len().saturating_sub(1)).find(|&p| self.lex.is_title_noun(self.w(ws[p])))?;
        let mut t0 = p;
        while t0 > 0 && self.lex.is_title_modifier(self.w(ws[t0 - 1])) {
            t0 -= 1;
        }
        if t0 == 0 {
            return None;
        }
        let (end, mut places) = self.role_prefix_from(ws, t0)?;
        if end >= ws.len() {
            return None;
        }
        let owner = self.span_text(&ws[..t0]);
        let owner_is_name = self.reg.lookup_name(&owner).is_some()
            || self.lex.place(&owner).is_some()
            || (t0 == 1 && is_all_caps(&owner))
            || self.keyword_kind(&ws[..t0]).is_some();
        if owner_is_name {
            places.insert(0, (0, t0));
        }
        Some((end, places))
    }

    /// The title that starts at word `start` of chunk `ws`: see [`Doc::role_prefix`].
    fn role_prefix_from(&self, ws: &[usize], start: usize) -> Option<RolePrefix> {
        let mut k = start;
        let mut last_noun = None;
        let mut places = Vec::new();
        let mut after_to = false;
        // the end of the role so far: title words, and places or organisations
        // after "of"/"to"; a modifier after a connector ("Director of the
        // National …") is the start of the owner's name, not part of the role
        let mut role_end = start;
        let mut after_connector = false;
        while k < ws.len() {
            let w = self.w(ws[k]);
            let lw = w.to_lowercase();
            if self.lex.is_title_noun(w)
                && !(k + 1 < ws.len()
                    && self
                        .lex
                        .org_keywords
                        .contains(&self.lower(ws[ws.len() - 1])))
            {
                last_noun = Some(k);
                k += 1;
                role_end = k;
                after_connector = false;
                // Russian puts the owner right after the title, in the
                // genitive: "Депутат Госдумы", "Глава Минобороны"
                after_to = after_to || w.chars().any(is_cyrillic);
                continue;
            }
            if matches!(lw.as_str(), "of" | "to" | "the" | "for" | "and") {
                after_to = after_to || lw == "to" || lw == "of";
                // "Minister of Education" is a role, "Director of the National
                // [Iodine Nutrition study]" is not
                after_connector = after_connector || lw == "the";
                k += 1;
                continue;
            }
            if self.lex.is_title_modifier(w) || self.lex.is_demonym(w) {
                if self.lex.place(w).is_some() {
                    places.push((k, k + 1));
                }
                k += 1;
                if !after_connector {
                    role_end = k;
                }
                continue;
            }
            // a place or organisation: longest match
            let matched = self.named_in_role(ws, k, start, after_to);
            if matched > 0 && (last_noun.is_none() || after_to) {
                places.push((k, k + matched));
                k += matched;
                role_end = k;
                after_connector = false;
                continue;
            }
            break;
        }
        self.role_end(ws, start, last_noun?, role_end, places)
    }

    /// The longest place or organisation name (in tokens, 0 for none) at word
    /// `k` of chunk `ws` inside a title that started at `start`; `after_to`
    /// when the title has had an "of" or "to" ("Ambassador to the United
    /// States", "CEO of the Refugee Council [Enver Solomon]").
    fn named_in_role(&self, ws: &[usize], k: usize, start: usize, after_to: bool) -> usize {
        for b in (k + 1..=ws.len().min(k + 5)).rev() {
            let t = self.span_text(&ws[k..b]);
            let is_place = self.lex.place(&t).is_some();
            let is_org = self
                .reg
                .lookup_name(&t)
                .is_some_and(|e| e.kind != MentionKind::Person)
                || self.lex.organisation(&t).is_some_and(|o| !o.weak);
            // "CEO of the Refugee Council [Enver Solomon]"
            let is_named_owner = after_to
                && b - k >= 2
                && b < ws.len()
                && self
                    .keyword_kind(&ws[k..b])
                    .is_some_and(|kk| matches!(kk, MentionKind::Organization | MentionKind::Place));
            if is_place || (is_org && (after_to || k == start)) || is_named_owner {
                return b - k;
            }
        }
        0
    }

    /// Where the title that started at `start` of chunk `ws` ends, given its
    /// last title noun `noun` and the end of the role so far; `None` when a
    /// single title word begins an organisation or place name ("General
    /// Motors", "Major League").
    fn role_end(
        &self,
        ws: &[usize],
        start: usize,
        noun: usize,
        role_end: usize,
        mut places: Vec<(usize, usize)>,
    ) -> Option<RolePrefix> {
        // the role ends at the first token after the last title word that is not
        // part of the title; trailing connectors are not part of it
        let mut end = role_end.max(noun + 1);
        while end > noun + 1
            && matches!(
                self.lower(ws[end - 1]).as_str(),
                "of" | "to" | "the" | "for" | "and"
            )
        {
            end -= 1;
        }
        places.retain(|&(_, b)| b <= end);
        // "General Motors", "Major League": a single title word before an
        // organisation or place name is not a role
        if end < ws.len() && end == start + 1 {
            let rest = self.span_text(&ws[end..]);
            if self
                .keyword_kind(&ws[end..])
                .is_some_and(|k| k != MentionKind::Person)
                || self
                    .reg
                    .lookup_name(&rest)
                    .is_some_and(|e| e.kind != MentionKind::Person)
                || self.lex.place(&rest).is_some()
            {
                return None;
            }
        }
        // "Church", "President" alone: a role without a name is no mention
        Some((end, places))
    }

    /// A title word within the four words before token `i` on its line, with only
    /// words between ("министр иностранных дел [России]"): its token index.
    pub(super) fn title_lookback(&self, i: usize) -> Option<usize> {
        let mut q = i;
        for _ in 0..4 {
            if q == 0 || !self.is_word(q - 1) || !self.same_line(q - 1, q) {
                return None;
            }
            q -= 1;
            if self.lex.is_title_noun(self.w(q)) {
                return Some(q);
            }
        }
        None
    }

    /// A lower-case title right before token `i`: "coach", "foreign minister",
    /// "team member", "Russia's FM".
    pub(super) fn lowercase_role_before(&self, i: usize) -> Option<String> {
        if i == 0 || !self.is_word(i - 1) || !self.same_line(i - 1, i) {
            return None;
        }
        let p = i - 1;
        let w = self.w(p);
        if !w.chars().next().is_some_and(|c| c.is_lowercase()) {
            return None;
        }
        if !self.lex.is_title_noun(w) && !matches!(w, "member" | "player" | "officer" | "boss") {
            return self.title_to_role_before(p);
        }
        // extend left over lower-case modifiers and one possessive owner
        let mut s = p;
        while s > 0 && self.same_line(s - 1, s) {
            let q = s - 1;
            match self.toks[q].kind {
                Tk::Word => {
                    let qw = self.w(q);
                    let lower = qw.chars().next().is_some_and(|c| c.is_lowercase());
                    if lower
                        && (self.lex.is_title_modifier(qw)
                            || self.lex.is_title_noun(qw)
                            || qw == "team")
                    {
                        s = q;
                        continue;
                    }
                    if !lower && self.lex.is_demonym(qw) {
                        s = q;
                    }
                    break;
                }
                Tk::Poss if q > 0 && self.cap(q - 1) => {
                    s = q - 1;
                    break;
                }
                _ => break,
            }
        }
        Some(self.text[self.toks[s].start..self.toks[p].end].to_string())
    }

    /// "US Permanent Representative to the alliance [Julian Smith]": a capitalised
    /// title, "to"/"of" and a lower-case word ending at token `p`.
    fn title_to_role_before(&self, p: usize) -> Option<String> {
        let mut q = p.checked_sub(1)?;
        if self.is_word(q) && self.w(q) == "the" {
            q = q.checked_sub(1)?;
        }
        if !self.is_word(q) || !matches!(self.w(q), "to" | "of" | "at") || q == 0 {
            return None;
        }
        let t = q - 1;
        if !self.is_word(t)
            || !self.cap(t)
            || !self.lex.is_title_noun(self.w(t))
            || !self.same_line(t, p)
        {
            return None;
        }
        let mut s = t;
        while s > 0 && self.is_word(s - 1) && self.cap(s - 1) && self.same_line(s - 1, s) {
            let w = self.w(s - 1);
            if self.lex.is_title_noun(w)
                || self.lex.is_title_modifier(w)
                || self.lex.is_demonym(w)
                || self.lex.place(w).is_some()
            {
                s -= 1;
            } else {
                break;
            }
        }
        Some(self.text[self.toks[s].start..self.toks[p].end].to_string())
    }
}

/// Role head nouns (lower case) that may stand for a person named earlier, with
/// the role words they match.
const ROLE_HEADS: [(&str, &[&str]); 10] = [
    (
        "top diplomat",
        &[
            "foreign minister",
            "secretary of state",
            "top diplomat",
            "foreign secretary",
            "fm",
        ],
    ),
    ("foreign minister", &["foreign minister", "fm"]),
    ("prime minister", &["prime minister", "premier"]),
    ("minister", &["minister", "fm", "top diplomat"]),
    ("president", &["president"]),
    (
        "ambassador",
        &["ambassador", "permanent representative", "envoy"],
    ),
    (
        "envoy",
        &["ambassador", "permanent representative", "envoy"],
    ),
    (
        "permanent representative",
        &["ambassador", "permanent representative"],
    ),
    (
        "secretary general",
        &["secretary general", "secretary-general"],
    ),
    (
        "spokesman",
        &[
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "press secretary",
        ],
    ),
];

/// Role phrases ("Russia's top diplomat", "the foreign minister", "the Russian
/// foreign minister") resolved to the person named earlier whose role matches.
pub(super) fn role_phrases(
    text: &str,
    skip: &[bool],
    named: &[Mention],
    registry: &Registry,
) -> Vec<Mention> {
    let mut out = Vec::new();
    let persons: Vec<&Mention> = named
        .iter()
        .filter(|m| m.kind == MentionKind::Person && !m.from_role)
        .collect();
    for (li, (lrange, line)) in lines::lines_with_ranges(text).enumerate() {
        if skip.get(li).copied().unwrap_or(false) {
            continue;
        }
        for cap in ROLE_PHRASE.captures_iter(line) {
            let Some(phrase) = role_phrase(&cap, line, lrange.start, named, &persons) else {
                continue;
            };
            let wanted: &[&str] = ROLE_HEADS
                .iter()
                .find(|(h, _)| *h == phrase.head)
                .map(|(_, w)| *w)
                .unwrap_or(&[]);
            let matched = persons.iter().rev().find(|p| {
                p.range.start < phrase.range.start
                    && holds_role(p, registry, wanted, phrase.country_hint.as_deref())
            });
            if let Some(p) = matched {
                let words = &text[phrase.range.clone()];
                out.push(Mention {
                    range: phrase.range,
                    text: words.to_string(),
                    kind: MentionKind::Person,
                    key: p.key.clone(),
                    role: Some(words.to_string()),
                    full: p.full.clone().or_else(|| Some(p.text.clone())),
                    from_role: true,
                });
            }
        }
    }
    out
}

/// "the", or an owner with "'s"; up to two modifiers; the role head.
static ROLE_PHRASE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(?:(the)\s+|([\p{Lu}][\p{L}.]*)(?:'s|’s)\s+)((?:(?:[\p{L}.]+)\s+){0,2}?)(top diplomat|foreign minister|prime minister|minister|president|ambassador|envoy|permanent representative|secretary general|spokesman|spokeswoman)\b",
    )
    .expect("valid role regex")
});

/// A role phrase found in a line: where it is and what it asks of the person
/// it stands for.
struct RolePhrase {
    /// Byte range in the report.
    range: Range<usize>,
    /// The role head, "foreign" and "prime" folded in ("foreign minister").
    head: String,
    /// The owner ("Russia" of "Russia's") or a demonym among the modifiers:
    /// the person's role must not name another country.
    country_hint: Option<String>,
}

/// The role phrase of one match of [`ROLE_PHRASE`] in a line starting at byte
/// `base`, unless it is an apposition before a name ("the minister Sergei
/// Lavrov"), lies inside a name already found ("President Putin"), or has a
/// number among its modifiers.
fn role_phrase(
    cap: &regex::Captures<'_>,
    line: &str,
    base: usize,
    named: &[Mention],
    persons: &[&Mention],
) -> Option<RolePhrase> {
    let whole = cap.get(0).expect("the whole match");
    let start = base + whole.start();
    let end = base + whole.end();
    // an apposition before a name is not a mention of its own
    let after = line[whole.end()..].trim_start();
    if after.chars().next().is_some_and(|c| c.is_uppercase()) {
        let next_start = base + whole.end() + (line[whole.end()..].len() - after.len());
        if persons.iter().any(|p| p.range.start == next_start) {
            return None;
        }
    }
    // inside a name already found ("President Putin" is found as Putin)
    let head_start = base + cap.get(3).map_or(whole.start(), |m| m.start());
    if named
        .iter()
        .any(|m| m.range.start < end && head_start < m.range.end)
    {
        return None;
    }
    let head = cap.get(4).expect("the role head").as_str().to_lowercase();
    let mods = cap
        .get(3)
        .map(|m| m.as_str().to_lowercase())
        .unwrap_or_default();
    // adjectives must be role words: "the new minister" yes, "the arms
    // control minister" no matter; nouns like "the ministry" never match
    if mods
        .split_whitespace()
        .any(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let head = if mods.trim_end().ends_with("foreign") && head == "minister" {
        "foreign minister".to_string()
    } else if mods.trim_end().ends_with("prime") && head == "minister" {
        "prime minister".to_string()
    } else {
        head
    };
    let country_hint = cap.get(2).map(|m| m.as_str().to_string()).or_else(|| {
        mods.split_whitespace()
            .find(|w| LEX.is_demonym(w))
            .map(str::to_string)
    });
    Some(RolePhrase {
        range: start..end,
        head,
        country_hint,
    })
}

/// Whether person `p` holds one of the `wanted` roles (by the role written
/// beside the name, or the registry's roles for them), and, when the phrase
/// names a country, whether their role names no other country.
fn holds_role(
    p: &Mention,
    registry: &Registry,
    wanted: &[&str],
    country_hint: Option<&str>,
) -> bool {
    let mut roles: Vec<String> = p.role.iter().map(|r| r.to_lowercase()).collect();
    if let Some(e) = registry
        .lookup_name(&p.text)
        .or_else(|| p.full.as_deref().and_then(|f| registry.lookup_name(f)))
    {
        if e.kind == MentionKind::Person {
            roles.extend(e.roles.iter().map(|r| r.to_lowercase()));
        }
    }
    if !roles.iter().any(|r| wanted.iter().any(|w| r.contains(w))) {
        return false;
    }
    let Some(h) = country_hint else { return true };
    let hint_key = LEX
        .place(h)
        .map(|p| p.key.clone())
        .or_else(|| LEX.demonyms.get(&h.to_lowercase()).cloned());
    let Some(hint_key) = hint_key else {
        return true;
    };
    // the countries the person's role names
    let mut countries = roles.iter().flat_map(|r| {
        r.split_whitespace()
            .filter_map(|w| {
                let w = w.trim_end_matches("'s");
                LEX.demonyms
                    .get(w)
                    .cloned()
                    .or_else(|| LEX.place(w).map(|p| p.key.clone()))
            })
            .collect::<Vec<_>>()
    });
    let mut any = false;
    let mut same = false;
    for c in countries.by_ref() {
        any = true;
        same |= c == hint_key;
    }
    !any || same
}
