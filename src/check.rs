//! Checking a list of service names (an ISMAP application list, a procurement list) against
//! the scope: each name in scope, in scope under a new name, or not found with suggestions.
//!
//! ```
//! use fedramp_ssp::{CheckStatus, Document, ProfileChoice, Renames, check_list, parse_list, read_scope};
//!
//! let mut doc = Document::open("fixtures/samples/azure-ssp.docx")?;
//! let scope = read_scope(&mut doc, "azure-ssp.docx", &ProfileChoice::Auto)?;
//! let list = parse_list("# my list\nAKS\nAzure Security Center\nAzure Quantum\n");
//! let checked = check_list(&scope.services, &list, Renames::builtin());
//! let statuses: Vec<CheckStatus> = checked.iter().map(|e| e.status).collect();
//! assert_eq!(statuses, [CheckStatus::InScope, CheckStatus::Renamed, CheckStatus::NotFound]);
//! # Ok::<(), fedramp_ssp::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::renames::Renames;
use crate::scope::{Lookup, MatchKind, ScopeSet, Service};

/// A name of a list, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The name as the list writes it (trimmed).
    pub name: String,
    /// 1-based line (or record) number.
    pub line: usize,
}

/// Reads a plain-text list: one name a line, `#` starts a comment line, blank lines skipped,
/// UTF-8 with or without a byte-order mark, CRLF or LF line ends.
pub fn parse_list(text: &str) -> Vec<Listed> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let name = line.trim();
            (!name.is_empty() && !name.starts_with('#')).then(|| Listed {
                name: name.to_string(),
                line: i + 1,
            })
        })
        .collect()
}

/// The outcome for one listed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    /// In scope under the listed name (or its abbreviation, or without vendor words).
    InScope,
    /// In scope under another name (the rename table links them).
    Renamed,
    /// Not in the scope of these SSPs: maybe not audited, so maybe not ISMAP-certifiable.
    NotFound,
}

/// The check of one listed name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckEntry {
    /// The name as listed.
    pub listed: String,
    /// Its line in the list.
    pub line: usize,
    /// In scope, renamed or not found.
    pub status: CheckStatus,
    /// The service in scope, when found.
    pub service: Option<Service>,
    /// How the name matched, when found.
    pub how: Option<MatchKind>,
    /// For names not found: the closest names in scope, best first.
    pub suggestions: Vec<String>,
    /// A remark: the rename and its date, a retirement and its successor.
    pub note: Option<String>,
}

/// Counts of a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSummary {
    /// Names checked.
    pub listed: usize,
    /// In scope under the listed name.
    pub in_scope: usize,
    /// In scope under another name.
    pub renamed: usize,
    /// Not found.
    pub not_found: usize,
}

/// Checks each listed name against the scope.
pub fn check_list(scope: &ScopeSet, list: &[Listed], renames: &Renames) -> Vec<CheckEntry> {
    list.iter()
        .map(|item| match scope.lookup_with(&item.name, renames) {
            Lookup::Found { service, how } => {
                let (status, note) = match &how {
                    MatchKind::Renamed { old, new, since } => {
                        let when = since
                            .as_deref()
                            .map(|s| format!(" (since {s})"))
                            .unwrap_or_default();
                        (
                            CheckStatus::Renamed,
                            Some(format!("{old} is now {new}{when}")),
                        )
                    }
                    MatchKind::Child { child } => (
                        CheckStatus::InScope,
                        Some(format!("listed as \"{child}\" under {}", service.name)),
                    ),
                    _ => (CheckStatus::InScope, None),
                };
                CheckEntry {
                    listed: item.name.clone(),
                    line: item.line,
                    status,
                    service: Some(service.clone()),
                    how: Some(how),
                    suggestions: Vec::new(),
                    note,
                }
            }
            Lookup::NotFound {
                suggestions,
                retired,
            } => {
                let note = retired.map(|r| {
                    let when = r
                        .since
                        .as_deref()
                        .map(|s| format!(" in {s}"))
                        .unwrap_or_default();
                    if r.to == r.from {
                        format!("retired{when}")
                    } else {
                        format!("retired{when}; successor: {}", r.to)
                    }
                });
                CheckEntry {
                    listed: item.name.clone(),
                    line: item.line,
                    status: CheckStatus::NotFound,
                    service: None,
                    how: None,
                    suggestions: suggestions.iter().map(|s| s.name.clone()).collect(),
                    note,
                }
            }
        })
        .collect()
}

/// Counts the outcomes.
pub fn summarize(entries: &[CheckEntry]) -> CheckSummary {
    let count = |status| entries.iter().filter(|e| e.status == status).count();
    CheckSummary {
        listed: entries.len(),
        in_scope: count(CheckStatus::InScope),
        renamed: count(CheckStatus::Renamed),
        not_found: count(CheckStatus::NotFound),
    }
}
