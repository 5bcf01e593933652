//! Stage 8, reports: the answers as programs and people read them. Each command of the example
//! program has a report type here, built from the library's results: serialized with serde it
//! is the command's JSON; [`Rows`] and `to_text` give the rows and the text a person reads
//! (aligned columns, sentences, safe for a terminal and for Excel).
//!
//! ```
//! use fedramp_ssp::{Document, ProfileChoice, ScopeReport, read_scope};
//!
//! let mut doc = Document::open("fixtures/samples/azure-ssp.docx")?;
//! let scope = read_scope(&mut doc, "azure-ssp.docx", &ProfileChoice::Auto)?;
//! let report = ScopeReport::new(&[scope]);
//! assert_eq!(report.documents[0].kind.to_string(), "azure");
//! # Ok::<(), fedramp_ssp::Error>(())
//! ```

mod table;
mod text;
mod usage;
mod xlsx;

pub use table::{Rows, spreadsheet_safe, terminal_safe};
pub use usage::UsageError;

use serde::{Deserialize, Serialize};

use crate::docx::outline::Outline;
use crate::lang::Lang;
use crate::scope::check::{CheckEntry, CheckMatch, CheckStatus, CheckSummary, summarize};
use crate::scope::diff::{RenameSource, ScopeDiff};
use crate::scope::lookup::{Lookup, Match, MatchKind, ReadAs};
use crate::scope::profile::Offering;
use crate::scope::profile::SspKind;
use crate::scope::read::{DocumentScope, FoundSection, IsmapScope};
use crate::scope::renames::Resolution;
use crate::scope::set::{Service, Source};

/// Writes a report's bytes (its text, JSON or CSV) to the file at `path`, replacing it.
///
/// # Errors
///
/// [`Error::Write`](crate::Error::Write) naming the path, with the system's reason as its
/// source (said in Japanese too by [`Error::full_message`](crate::Error::full_message)).
///
/// ```
/// use fedramp_ssp::{Lang, write_report};
///
/// let path = std::env::temp_dir().join("fedramp-ssp-doc-report.txt");
/// write_report(&path, b"in scope\n")?;
/// assert_eq!(std::fs::read(&path)?, b"in scope\n");
/// # std::fs::remove_file(&path)?;
///
/// let e = write_report("fixtures/no-such-folder/out.csv", b"").unwrap_err();
/// assert_eq!(
///     e.full_message(Lang::Ja),
///     "fixtures/no-such-folder/out.csv に書き込めません: 書き込み先のフォルダーがありません"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report(path: impl AsRef<std::path::Path>, bytes: &[u8]) -> crate::Result<()> {
    let path = path.as_ref();
    std::fs::write(path, bytes).map_err(|source| crate::Error::Write {
        path: path.display().to_string(),
        source,
    })
}

/// `outline --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutlineReport {
    /// The document.
    pub path: String,
    /// Its headings, in order.
    pub headings: Vec<OutlineHeading>,
    /// The language of its text.
    #[serde(skip)]
    pub lang: Lang,
}

/// One heading of an [`OutlineReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutlineHeading {
    /// The label without trailing punctuation ("9.2.1"); `null` when unnumbered.
    pub number: Option<String>,
    /// The label as displayed ("9.2.1.").
    pub label: Option<String>,
    /// The heading text.
    pub title: String,
    /// 1-based level.
    pub level: u8,
}

impl OutlineReport {
    /// The report of a document's outline.
    pub fn new(path: &str, outline: &Outline) -> OutlineReport {
        OutlineReport::new_in(path, outline, Lang::En)
    }

    /// [`OutlineReport::new`], its text in `lang`.
    pub fn new_in(path: &str, outline: &Outline, lang: Lang) -> OutlineReport {
        OutlineReport {
            lang,
            path: path.to_string(),
            headings: outline
                .iter()
                .map(|h| OutlineHeading {
                    number: h.number.clone(),
                    label: h.label.clone(),
                    title: h.title.clone(),
                    level: h.level,
                })
                .collect(),
        }
    }
}

/// `scope --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScopeReport {
    /// The documents read.
    pub documents: Vec<DocumentReport>,
    /// The in-scope services of all of them (the ISMAP scope), in key order.
    pub services: Vec<Service>,
    /// Services listed as planned only.
    pub planned: Vec<Service>,
    /// Services listed without a FedRAMP mark only.
    pub not_authorized: Vec<Service>,
    /// Remarks, each prefixed with its document, in the report's language.
    pub warnings: Vec<String>,
    /// The language of its text.
    #[serde(skip)]
    pub lang: Lang,
}

/// One document of a [`ScopeReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentReport {
    /// The document as named by the caller.
    pub path: String,
    /// Azure or Office 365.
    pub kind: SspKind,
    /// Its title.
    pub title: Option<String>,
    /// When it was last modified (its core properties), as written.
    pub modified: Option<String>,
    /// The sections read.
    pub sections: Vec<FoundSection>,
}

impl DocumentReport {
    /// What a report says of one document.
    pub fn new(d: &DocumentScope) -> DocumentReport {
        DocumentReport {
            path: d.path.clone(),
            kind: d.kind,
            title: d.title.clone(),
            modified: d.modified.clone(),
            sections: d.sections.clone(),
        }
    }
}

impl ScopeReport {
    /// The report of one or more SSP scopes.
    pub fn new(scopes: &[DocumentScope]) -> ScopeReport {
        ScopeReport::new_in(scopes, Lang::En)
    }

    /// [`ScopeReport::new`], its sentences in `lang`.
    pub fn new_in(scopes: &[DocumentScope], lang: Lang) -> ScopeReport {
        let ismap = IsmapScope::from_scopes(scopes);
        ScopeReport {
            lang,
            documents: scopes.iter().map(DocumentReport::new).collect(),
            services: ismap.services.iter().cloned().collect(),
            planned: ismap.planned.iter().cloned().collect(),
            not_authorized: ismap.not_authorized.iter().cloned().collect(),
            warnings: scopes
                .iter()
                .flat_map(|d| {
                    d.notices
                        .iter()
                        .map(move |n| format!("{}: {}", d.path, n.text(lang)))
                })
                .collect(),
        }
    }
}

/// `lookup --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LookupReport {
    /// The name asked for.
    pub query: String,
    /// Whether it names an in-scope service.
    pub found: bool,
    /// In scope, renamed, included, planned or not found (as in a list check).
    pub status: CheckStatus,
    /// The best in-scope match (`null` when not found).
    pub service: Option<Service>,
    /// How the best match matched.
    #[serde(rename = "match")]
    pub how: Option<MatchKind>,
    /// Every in-scope service the query names, best first.
    pub matches: Vec<CheckMatch>,
    /// Planned services the query names (when none is in scope).
    pub planned: Vec<CheckMatch>,
    /// Services listed without a FedRAMP mark that the query names (when none is in scope or
    /// planned).
    pub not_authorized: Vec<CheckMatch>,
    /// The closest in-scope names when not found.
    pub suggestions: Vec<String>,
    /// The retirement the rename table records, if any.
    pub retired: Option<Resolution>,
    /// When nothing matched: the names the rename table reads the query as that the documents
    /// do not list, each with the table's steps ([`Lookup::read_as`]).
    pub read_as: Vec<ReadAs>,
    /// The documents searched.
    pub documents: Vec<String>,
    /// The answer in a sentence, in the report's language.
    pub message: String,
    /// The language of its text.
    #[serde(skip)]
    pub lang: Lang,
}

impl LookupReport {
    /// The report of a lookup in the given documents.
    pub fn new(answer: &Lookup<'_>, documents: &[String]) -> LookupReport {
        LookupReport::new_in(answer, documents, Lang::En)
    }

    /// [`LookupReport::new`], its message in `lang`.
    pub fn new_in(answer: &Lookup<'_>, documents: &[String], lang: Lang) -> LookupReport {
        let owned = |m: &[Match<'_>]| m.iter().map(CheckMatch::from).collect::<Vec<_>>();
        LookupReport {
            query: answer.query.clone(),
            found: answer.is_found(),
            status: answer.status(),
            service: answer.best().map(|m| m.service.clone()),
            how: answer.best().map(|m| m.how.clone()),
            matches: owned(&answer.matches),
            planned: owned(&answer.planned),
            not_authorized: owned(&answer.not_authorized),
            suggestions: answer.suggestions.iter().map(|s| s.name.clone()).collect(),
            retired: answer.retired.clone(),
            read_as: answer.read_as.clone(),
            documents: documents.to_vec(),
            message: answer.message_in(documents, lang),
            lang,
        }
    }
}

/// `diff --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiffReport {
    /// The older release.
    pub old: String,
    /// The newer release.
    pub new: String,
    /// The older release's title.
    pub old_title: Option<String>,
    /// The newer release's title.
    pub new_title: Option<String>,
    /// How many services the older release lists in scope.
    pub old_services: usize,
    /// How many services the newer release lists in scope.
    pub new_services: usize,
    /// Services in the newer release only.
    pub added: Vec<Service>,
    /// Services in the older release only.
    pub removed: Vec<Service>,
    /// The same services under new names.
    pub renamed: Vec<RenamedReport>,
    /// The same services in another section or offering.
    pub moved: Vec<MovedReport>,
    /// Services of the older release now listed as part of another (still in scope).
    #[serde(default)]
    pub included: Vec<IncludedReport>,
    /// Services listed the same way in both.
    pub unchanged: usize,
    /// Of the added services, those the older release listed as planned.
    pub previously_planned: Vec<String>,
    /// The language of its text.
    #[serde(skip)]
    pub lang: Lang,
}

/// A service now listed as part of another, in a [`DiffReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IncludedReport {
    /// Its name in the older release.
    pub name: String,
    /// The name of the service of the newer release whose row includes it.
    pub into: String,
    /// The service in the older release.
    pub service: Service,
    /// The service of the newer release that includes it.
    pub into_service: Service,
}

/// A rename in a [`DiffReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RenamedReport {
    /// The older name.
    pub from: String,
    /// The newer name.
    pub to: String,
    /// When the newer name appeared, if known.
    pub since: Option<String>,
    /// What says so: the document ("formerly") or the rename table.
    pub source: RenameSource,
    /// The service in the older release.
    pub from_service: Service,
    /// The service in the newer release.
    pub to_service: Service,
}

/// A move in a [`DiffReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MovedReport {
    /// The service's name.
    pub name: String,
    /// Its section in the older release.
    pub from_section: String,
    /// Its section in the newer release.
    pub to_section: String,
    /// Its offering in the older release.
    pub from_offering: Offering,
    /// Its offering in the newer release.
    pub to_offering: Offering,
    /// The service in the newer release.
    pub service: Service,
}

impl DiffReport {
    /// The report of the diff `d` between two releases.
    pub fn new(old: &DocumentScope, new: &DocumentScope, d: &ScopeDiff) -> DiffReport {
        DiffReport::new_in(old, new, d, Lang::En)
    }

    /// [`DiffReport::new`], its text in `lang`.
    pub fn new_in(
        old: &DocumentScope,
        new: &DocumentScope,
        d: &ScopeDiff,
        lang: Lang,
    ) -> DiffReport {
        DiffReport {
            lang,
            old: old.path.clone(),
            new: new.path.clone(),
            old_title: old.title.clone(),
            new_title: new.title.clone(),
            old_services: old.services.len(),
            new_services: new.services.len(),
            added: d.added.clone(),
            removed: d.removed.clone(),
            renamed: d
                .renamed
                .iter()
                .map(|r| RenamedReport {
                    from: r.from.name.clone(),
                    to: r.to.name.clone(),
                    since: r.since.clone(),
                    source: r.source,
                    from_service: r.from.clone(),
                    to_service: r.to.clone(),
                })
                .collect(),
            moved: d
                .moved
                .iter()
                .map(|m| MovedReport {
                    name: m.service.name.clone(),
                    from_section: m.from_section.clone(),
                    to_section: m.to_section.clone(),
                    from_offering: m.from_offering,
                    to_offering: m.to_offering,
                    service: m.service.clone(),
                })
                .collect(),
            included: d
                .included
                .iter()
                .map(|i| IncludedReport {
                    name: i.part.name.clone(),
                    into: i.whole.name.clone(),
                    service: i.part.clone(),
                    into_service: i.whole.clone(),
                })
                .collect(),
            unchanged: d.unchanged,
            previously_planned: d.previously_planned.clone(),
        }
    }
}

/// `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckReport {
    /// The list file.
    pub list: String,
    /// The documents checked against.
    pub documents: Vec<String>,
    /// One entry per listed name.
    pub entries: Vec<CheckRow>,
    /// The counts.
    pub summary: CheckSummary,
    /// The SSPs checked against, when the report was made from their scopes
    /// ([`CheckReport::with_ssps`]).
    pub ssps: Vec<DocumentReport>,
    /// The language of its text.
    #[serde(skip)]
    pub lang: Lang,
}

/// One entry of a [`CheckReport`]: a [`CheckEntry`] with the sources of its service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckRow {
    /// The check of the listed name.
    #[serde(flatten)]
    pub entry: CheckEntry,
    /// Where its service is listed.
    pub sources: Vec<Source>,
}

impl CheckReport {
    /// The report of a list check.
    pub fn new(list: &str, documents: &[String], entries: &[CheckEntry]) -> CheckReport {
        CheckReport::new_in(list, documents, entries, Lang::En)
    }

    /// [`CheckReport::new`], its remarks in `lang`.
    pub fn new_in(
        list: &str,
        documents: &[String],
        entries: &[CheckEntry],
        lang: Lang,
    ) -> CheckReport {
        CheckReport {
            lang,
            list: list.to_string(),
            documents: documents.to_vec(),
            entries: entries
                .iter()
                .map(|e| CheckRow {
                    sources: e
                        .service
                        .as_ref()
                        .map(|s| s.sources.clone())
                        .unwrap_or_default(),
                    entry: e.in_lang(lang),
                })
                .collect(),
            summary: summarize(entries),
            ssps: Vec::new(),
        }
    }

    /// The report with what it says of each SSP checked against: title, kind, date, sections.
    pub fn with_ssps(mut self, scopes: &[DocumentScope]) -> CheckReport {
        self.ssps = scopes.iter().map(DocumentReport::new).collect();
        self
    }
}
