//! The catalogue of rules: every finding newsdesk can report ([`Rule`]), with
//! its code, default severity and a one-line summary. `docs/rules.md` has a
//! section per code, and the VS Code settings a level per text rule (both
//! checked by tests).

use serde::Serialize;

/// How serious a finding is; the numbers are the LSP's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A rule's identity and defaults.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
}

/// Every rule newsdesk knows. A finding is made for a `Rule`, so a code that
/// no rule owns cannot be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    Boilerplate,
    MissingDateline,
    MalformedDateline,
    MismatchedQuote,
    QuoteVariant,
    ReusedPassage,
    NearDuplicate,
    NotUtf8,
    FileTooLarge,
    UnreadableFile,
    ConfigError,
}

impl Rule {
    /// Every rule, in the order of [`RULES`].
    pub const ALL: [Rule; 11] = [
        Rule::Boilerplate,
        Rule::MissingDateline,
        Rule::MalformedDateline,
        Rule::MismatchedQuote,
        Rule::QuoteVariant,
        Rule::ReusedPassage,
        Rule::NearDuplicate,
        Rule::NotUtf8,
        Rule::FileTooLarge,
        Rule::UnreadableFile,
        Rule::ConfigError,
    ];

    /// Code, default severity and summary.
    pub fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }

    /// The code findings carry (`"boilerplate"`, `"missing-dateline"`…).
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The rule with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Every rule newsdesk knows, in documentation order (that of [`Rule::ALL`]).
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        code: "boilerplate",
        default_severity: Severity::Warning,
        summary: "Lines left over from scraping the web page: menus, counters, comment widgets, sidebars, notices, markup.",
    },
    RuleInfo {
        code: "missing-dateline",
        default_severity: Severity::Warning,
        summary: "The report's body does not open with a dateline.",
    },
    RuleInfo {
        code: "malformed-dateline",
        default_severity: Severity::Information,
        summary: "The opening looks like a dateline but lacks the place or the date.",
    },
    RuleInfo {
        code: "mismatched-quote",
        default_severity: Severity::Warning,
        summary: "A quotation mark that does not pair up within its paragraph.",
    },
    RuleInfo {
        code: "quote-variant",
        default_severity: Severity::Information,
        summary: "A quote that another report gives in different words.",
    },
    RuleInfo {
        code: "reused-passage",
        default_severity: Severity::Hint,
        summary: "A passage (not a quote) that another report carries word for word.",
    },
    RuleInfo {
        code: "near-duplicate",
        default_severity: Severity::Hint,
        summary: "The report is a copy, exact or near, of a report filed earlier.",
    },
    RuleInfo {
        code: "not-utf8",
        default_severity: Severity::Error,
        summary: "The file is not valid UTF-8 and was not analysed.",
    },
    RuleInfo {
        code: "file-too-large",
        default_severity: Severity::Warning,
        summary: "The file is larger than the size cap and was not analysed.",
    },
    RuleInfo {
        code: "unreadable-file",
        default_severity: Severity::Error,
        summary: "The file could not be read.",
    },
    RuleInfo {
        code: "config-error",
        default_severity: Severity::Error,
        summary: "newsdesk.toml could not be used; defaults apply until it is fixed.",
    },
];

/// The rule with this code, if there is one.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// Default severity of a code (warning for an unknown one).
pub fn default_severity(code: &str) -> Severity {
    rule(code).map_or(Severity::Warning, |r| r.default_severity)
}

/// The documentation link of a code, for `codeDescription`. It points at
/// `docs/rules.md` of the checkout newsdesk was built from, unless the build set
/// `NEWSDESK_DOCS_URL` (e.g. to the project's published docs).
pub fn doc_url(code: &str) -> String {
    match option_env!("NEWSDESK_DOCS_URL") {
        Some(base) => format!("{base}#{code}"),
        None => format!("file://{}/docs/rules.md#{code}", env!("CARGO_MANIFEST_DIR")),
    }
}

/// The code closest to a misspelt one, for "did you mean" hints.
pub fn suggest(code: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (edit_distance(code, r.code), r.code))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_codes() {
        assert_eq!(suggest("not-utf-8"), Some("not-utf8"));
        assert_eq!(suggest("zzzzzzzzzz"), None);
    }

    #[test]
    fn every_rule_has_its_entry_and_every_entry_its_rule() {
        assert_eq!(Rule::ALL.len(), RULES.len());
        for (r, info) in Rule::ALL.into_iter().zip(RULES) {
            assert_eq!(r.info().code, info.code);
            assert_eq!(Rule::from_code(info.code), Some(r));
        }
        assert_eq!(Rule::from_code("no-such-rule"), None);
        assert_eq!(Rule::QuoteVariant.code(), "quote-variant");
    }
}
