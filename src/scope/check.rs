//! Stage 7, list checks (documented on [`check_list`]).

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::scope::list::Listed;
use crate::scope::lookup::{Lookup, Match, MatchKind, ReadAs, Step};
use crate::scope::read::IsmapScope;
use crate::scope::renames::Renames;
use crate::scope::set::Service;

/// The outcome for one listed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckStatus {
    /// In scope under the listed name (or its abbreviation, brand prefix, edition or family).
    InScope,
    /// In scope under another name (the rename table or the document's "formerly" links
    /// them).
    Renamed,
    /// In scope as part of a listed service ("(incl. Log Analytics)", a sub-service of a
    /// listed service, a nested item).
    Included,
    /// Listed as planned, not (yet) in scope.
    Planned,
    /// Not in the scope of these SSPs: maybe not audited, so maybe not ISMAP-certifiable.
    NotFound,
}

impl CheckStatus {
    /// The name used in JSON and CSV: `in-scope`, `renamed`, `included`, `planned`,
    /// `not-found`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::InScope => "in-scope",
            CheckStatus::Renamed => "renamed",
            CheckStatus::Included => "included",
            CheckStatus::Planned => "planned",
            CheckStatus::NotFound => "not-found",
        }
    }

    /// Whether the name counts as in scope (in scope, renamed or included).
    pub fn is_in_scope(self) -> bool {
        matches!(
            self,
            CheckStatus::InScope | CheckStatus::Renamed | CheckStatus::Included
        )
    }
}

impl std::fmt::Display for CheckStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A service a listed name matched, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckMatch {
    /// The listed service's name.
    pub name: String,
    /// How it matched.
    #[serde(flatten)]
    pub how: MatchKind,
    /// The steps from the listed name to the name that matched.
    pub via: Vec<Step>,
}

impl From<&Match<'_>> for CheckMatch {
    fn from(m: &Match<'_>) -> Self {
        CheckMatch {
            name: m.service.name.clone(),
            how: m.how.clone(),
            via: m.via.clone(),
        }
    }
}

/// The check of one listed name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckEntry {
    /// The name as listed.
    pub listed: String,
    /// Its line in the list.
    pub line: usize,
    /// In scope, renamed, included, planned or not found.
    pub status: CheckStatus,
    /// The best matching service (in scope, or planned).
    pub service: Option<Service>,
    /// How the name matched it.
    pub how: Option<MatchKind>,
    /// Every service the name matched, best first (in scope, else planned).
    pub matches: Vec<CheckMatch>,
    /// For names not found: the closest names in scope, best first.
    pub suggestions: Vec<String>,
    /// A remark: the rename and its date, what the service is part of, a planned listing, a
    /// retirement and its successor (in English; [`CheckEntry::remark`] has it as data).
    pub note: Option<String>,
    /// The remark, as data, to render in another language.
    #[serde(default)]
    pub remark: Option<Remark>,
    /// For names not found: where the rename table leads them, among services the documents
    /// do not list ([`Lookup::read_as`]).
    #[serde(default)]
    pub read_as: Vec<ReadAs>,
}

impl CheckEntry {
    /// What the rename table cites for the steps from the listed name to the best match (for
    /// a name not found, to where the table leads it), in order, each once
    /// ([`Step::evidence`]); empty when the name matched as listed.
    pub fn evidence(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let best = self.matches.first().map(|m| m.via.as_slice());
        let led = self.read_as.first().map(|r| r.via.as_slice());
        let steps = best.or(led).unwrap_or_default();
        for cited in steps.iter().flat_map(Step::evidence) {
            if !out.contains(&cited.as_str()) {
                out.push(cited);
            }
        }
        out
    }

    /// The entry with its note in `lang`.
    pub fn in_lang(&self, lang: Lang) -> CheckEntry {
        let mut e = self.clone();
        e.note = e.remark.as_ref().map(|r| r.text(lang));
        e
    }
}

/// What a check remarks on a listed name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Remark {
    /// Listed under its name; the list gives a former one.
    FormerName {
        /// The name in the document.
        service: String,
        /// The former name the document gives.
        former: String,
    },
    /// Part of a listed service that includes it.
    Included {
        /// The listed service.
        service: String,
        /// What it includes.
        included: String,
    },
    /// Part of a listed service (a sub-service).
    PartOf {
        /// The listed service.
        service: String,
    },
    /// Listed as an item under a service.
    Nested {
        /// The listed service.
        service: String,
        /// The item.
        child: String,
    },
    /// Listed as planned.
    Planned {
        /// Where ("doc.docx 9.2.1").
        places: String,
    },
    /// Renamed.
    Renamed {
        /// The old name.
        old: String,
        /// The new name.
        new: String,
        /// Since when.
        since: Option<String>,
    },
    /// Listed without a FedRAMP mark.
    NotAuthorized {
        /// The listed service.
        service: String,
        /// Where.
        places: String,
    },
    /// Retired.
    Retired {
        /// Since when.
        since: Option<String>,
        /// The successor, when there is one.
        successor: Option<String>,
    },
    /// Not found; the rename table leads it to a service the documents do not list (another
    /// SSP may list it: [`Lookup::read_as`]).
    ReadAs {
        /// That service.
        service: String,
    },
}

impl Remark {
    /// The remark in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        remark_text(self, lang)
    }
}

/// The remark in `lang`: each sentence beside its translation.
fn remark_text(r: &Remark, lang: Lang) -> String {
    // "since 2023" / "（2023から）"; "in 2023" / "（2023）".
    let since = |s: &Option<String>, en: &str, ja: &str| {
        s.as_deref()
            .map(|s| lang.pick(format!(" {en} {s}"), format!("（{s}{ja}）")))
            .unwrap_or_default()
    };
    match r {
        Remark::FormerName { service, former } => lang.pick(
            format!("listed as {service} (formerly {former})"),
            format!("{service} として記載（旧称 {former}）"),
        ),
        Remark::Included { service, included } => lang.pick(
            format!("part of {service}, which includes {included}"),
            format!("{service} の一部（{included} を含むと記載）"),
        ),
        Remark::PartOf { service } => {
            lang.pick(format!("part of {service}"), format!("{service} の一部"))
        }
        Remark::Nested { service, child } => lang.pick(
            format!("listed as \"{child}\" under {service}"),
            format!("{service} の下に「{child}」として記載"),
        ),
        Remark::Planned { places } => lang.pick(
            format!("listed as planned in {places}"),
            format!("{places} に予定として記載（未認可）"),
        ),
        Remark::Renamed {
            old,
            new,
            since: when,
        } => {
            let when = since(when, "since", "から");
            lang.pick(
                format!("{old} is now {new}{when}"),
                format!("{old} は現在 {new}{when}"),
            )
        }
        Remark::NotAuthorized { service, places } => lang.pick(
            format!("listed as {service} in {places} without a FedRAMP mark"),
            format!("{places} に {service} として記載、FedRAMP の印なし"),
        ),
        Remark::Retired {
            since: when,
            successor,
        } => {
            let when = since(when, "in", "");
            match successor {
                Some(s) => lang.pick(
                    format!("retired{when}; successor: {s}"),
                    format!("提供終了{when}、後継: {s}"),
                ),
                None => lang.pick(format!("retired{when}"), format!("提供終了{when}")),
            }
        }
        Remark::ReadAs { service } => lang.pick(
            format!("the rename table leads it to {service}, which these SSPs do not list"),
            format!("名称変更表では {service}（これらの SSP に記載なし）"),
        ),
    }
}

/// Counts of a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckSummary {
    /// Names checked.
    pub listed: usize,
    /// In scope under the listed name.
    pub in_scope: usize,
    /// In scope under another name.
    pub renamed: usize,
    /// In scope as part of a listed service.
    pub included: usize,
    /// Listed as planned.
    pub planned: usize,
    /// Not found.
    pub not_found: usize,
}

impl CheckSummary {
    /// Whether every listed name is in scope (renamed and included ones count; planned ones
    /// do not).
    pub fn all_in_scope(&self) -> bool {
        self.planned == 0 && self.not_found == 0
    }
}

impl Lookup<'_> {
    /// The status this answer has, as in a list check: in scope, renamed, included, planned or
    /// not found.
    pub fn status(&self) -> CheckStatus {
        match self.best() {
            Some(m) if m.how.is_part() => CheckStatus::Included,
            Some(m) if m.is_renamed() => CheckStatus::Renamed,
            Some(_) => CheckStatus::InScope,
            None if !self.planned.is_empty() => CheckStatus::Planned,
            None => CheckStatus::NotFound,
        }
    }
}

/// Checks each listed name (an ISMAP application list, a procurement list) against the scope:
/// each in scope, in scope under a new name, included in a listed service, planned, or not
/// found with suggestions.
///
/// ```
/// use fedramp_ssp::{CheckStatus, Document, IsmapScope, ProfileChoice, Renames, check_list, parse_list, read_scope};
///
/// let mut doc = Document::open("fixtures/samples/azure-ssp.docx")?;
/// let scope = read_scope(&mut doc, "azure-ssp.docx", &ProfileChoice::Auto)?;
/// let ismap = IsmapScope::from_scopes([&scope]);
/// let list = parse_list("# my list\nAKS\nAzure Security Center\nAzure Quantum\n");
/// let checked = check_list(&ismap, &list, Renames::builtin());
/// let statuses: Vec<CheckStatus> = checked.iter().map(|e| e.status).collect();
/// assert_eq!(statuses, [CheckStatus::InScope, CheckStatus::Renamed, CheckStatus::NotFound]);
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
pub fn check_list(scope: &IsmapScope, list: &[Listed], renames: &Renames) -> Vec<CheckEntry> {
    let index = scope.index();
    list.iter()
        .map(|item| entry(item, &index.lookup(&item.name, renames)))
        .collect()
}

fn entry(item: &Listed, answer: &Lookup<'_>) -> CheckEntry {
    let status = answer.status();
    let matches = if answer.matches.is_empty() {
        &answer.planned
    } else {
        &answer.matches
    };
    let best = matches.first();
    let remark = remark(status, best, answer);
    CheckEntry {
        listed: item.name.clone(),
        line: item.line,
        status,
        service: best.map(|m| m.service.clone()),
        how: best.map(|m| m.how.clone()),
        matches: matches.iter().map(CheckMatch::from).collect(),
        suggestions: answer.suggestions.iter().map(|s| s.name.clone()).collect(),
        note: remark.as_ref().map(|r| r.text(Lang::En)),
        remark,
        read_as: answer.read_as.clone(),
    }
}

/// The remark for an entry.
fn remark(status: CheckStatus, best: Option<&Match<'_>>, answer: &Lookup<'_>) -> Option<Remark> {
    if let Some(m) = best {
        let service = m.service.name.clone();
        let renamed = m.via.iter().rev().find_map(|s| match s {
            Step::Renamed {
                old, new, since, ..
            } => Some(Remark::Renamed {
                old: old.clone(),
                new: new.clone(),
                since: since.clone(),
            }),
            _ => None,
        });
        return match (&m.how, status) {
            (MatchKind::FormerName { former }, _) => Some(Remark::FormerName {
                service,
                former: former.clone(),
            }),
            (MatchKind::Included { included } | MatchKind::PartOf { part: included }, _) => {
                Some(Remark::Included {
                    service,
                    included: included.clone(),
                })
            }
            (MatchKind::Parent { .. }, _) => Some(Remark::PartOf { service }),
            (MatchKind::Nested { child }, _) => Some(Remark::Nested {
                service,
                child: child.clone(),
            }),
            (_, CheckStatus::Planned) => Some(Remark::Planned {
                places: places(m.service),
            }),
            _ => renamed,
        };
    }
    if let Some(m) = answer.not_authorized.first() {
        return Some(Remark::NotAuthorized {
            service: m.service.name.clone(),
            places: places(m.service),
        });
    }
    if let Some(r) = &answer.retired {
        return Some(Remark::Retired {
            since: r.since.clone(),
            successor: (r.to != r.from).then(|| r.to.clone()),
        });
    }
    answer.read_as.first().map(|r| Remark::ReadAs {
        service: r.name.clone(),
    })
}

fn places(s: &Service) -> String {
    s.sources
        .iter()
        .map(|x| format!("{} {}", x.document, x.section))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Counts the outcomes.
pub fn summarize(entries: &[CheckEntry]) -> CheckSummary {
    let count = |status| entries.iter().filter(|e| e.status == status).count();
    CheckSummary {
        listed: entries.len(),
        in_scope: count(CheckStatus::InScope),
        renamed: count(CheckStatus::Renamed),
        included: count(CheckStatus::Included),
        planned: count(CheckStatus::Planned),
        not_found: count(CheckStatus::NotFound),
    }
}
