//! The answers as programs and people read them: the JSON documents of the example program's
//! commands (outline, scope, lookup, diff, check), built from the library's results and
//! serialized with serde, and the sentences that explain them.
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

use serde::{Deserialize, Serialize};

use crate::docx::outline::Outline;
use crate::scope::check::{CheckEntry, CheckMatch, CheckStatus, CheckSummary, summarize};
use crate::scope::diff::{RenameSource, ScopeDiff};
use crate::scope::lookup::{Lookup, Match, MatchKind, Step};
use crate::scope::profile::Offering;
use crate::scope::profile::SspKind;
use crate::scope::read::{DocumentScope, FoundSection, IsmapScope};
use crate::scope::renames::Resolution;
use crate::scope::set::{Service, Source};

/// `outline --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutlineReport {
    /// The document.
    pub path: String,
    /// Its headings, in order.
    pub headings: Vec<OutlineHeading>,
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
        OutlineReport {
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
    /// Remarks, each prefixed with its document.
    pub warnings: Vec<String>,
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
    /// The sections read.
    pub sections: Vec<FoundSection>,
}

impl ScopeReport {
    /// The report of one or more SSP scopes.
    pub fn new(scopes: &[DocumentScope]) -> ScopeReport {
        let ismap = IsmapScope::from_scopes(scopes);
        ScopeReport {
            documents: scopes
                .iter()
                .map(|d| DocumentReport {
                    path: d.path.clone(),
                    kind: d.kind,
                    title: d.title.clone(),
                    sections: d.sections.clone(),
                })
                .collect(),
            services: ismap.services.iter().cloned().collect(),
            planned: ismap.planned.iter().cloned().collect(),
            not_authorized: ismap.not_authorized.iter().cloned().collect(),
            warnings: scopes
                .iter()
                .flat_map(|d| d.warnings.iter().map(move |w| format!("{}: {w}", d.path)))
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
    /// The documents searched.
    pub documents: Vec<String>,
    /// The answer in a sentence.
    pub message: String,
}

impl LookupReport {
    /// The report of a lookup in the given documents.
    pub fn new(answer: &Lookup<'_>, documents: &[String]) -> LookupReport {
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
            documents: documents.to_vec(),
            message: answer.message(documents),
        }
    }
}

impl Match<'_> {
    /// How the match was made, in words: "by its abbreviation", "as part of Azure Monitor,
    /// which includes Log Analytics", "through a rename: Azure Sentinel became Microsoft
    /// Sentinel in 2021-11".
    pub fn describe(&self) -> String {
        how_text(self)
    }
}

impl Lookup<'_> {
    /// The answer in one or more sentences, naming the documents searched: "\"AKS\" is in
    /// scope: Azure Kubernetes Service (AKS) (iaas-paas), found by its abbreviation, listed in
    /// ...", or why it is not and what comes closest.
    pub fn message(&self, documents: &[String]) -> String {
        lookup_message(self, documents)
    }
}

impl CheckSummary {
    /// The closing sentences of a list check: the counts, and what a name not found means.
    pub fn describe(&self, documents: &[String]) -> String {
        check_summary_text(self, documents)
    }
}

fn how_text(m: &Match<'_>) -> String {
    let service = &m.service.name;
    let how = match &m.how {
        MatchKind::Exact => "by its name".to_string(),
        MatchKind::Alias => "by its abbreviation".to_string(),
        MatchKind::FormerName { former } => {
            format!("under its former name (the document says \"formerly {former}\")")
        }
        MatchKind::WithoutVendor => "without the brand prefix".to_string(),
        MatchKind::ShortName => "by its sub-service name".to_string(),
        MatchKind::Edition { of } => format!("as an edition of {of}"),
        MatchKind::Member { family } => format!("as a member of the {family} family"),
        MatchKind::Included { included } => {
            format!("as part of {service}, which includes {included}")
        }
        MatchKind::Parent { child } => {
            format!("as part of {service}: {child} belongs to it")
        }
        MatchKind::Nested { child } => format!("listed as \"{child}\" under {service}"),
        MatchKind::LeadingWords => "as a service whose name begins with those words".to_string(),
    };
    let steps: Vec<String> = m.via.iter().map(step_text).collect();
    match (steps.is_empty(), &m.how) {
        (true, _) => how,
        (false, MatchKind::Exact) => steps.join(", "),
        (false, _) => format!("{how}, {}", steps.join(", ")),
    }
}

fn step_text(step: &Step) -> String {
    match step {
        Step::Abbreviation {
            abbreviation,
            expansion,
        } => format!("{abbreviation} being short for {expansion}"),
        Step::Renamed { old, new, since } => {
            let when = since
                .as_deref()
                .map(|s| format!(" in {s}"))
                .unwrap_or_default();
            format!("through a rename: {old} became {new}{when}")
        }
        Step::OtherName { from, to } => format!("{from} being another name of {to}"),
    }
}

/// Where a service is listed: "doc.docx section 9.2.1 \"Title\"; ...".
fn places(service: &Service) -> String {
    let places: Vec<String> = service
        .sources
        .iter()
        .map(|s| {
            format!(
                "{} section {} \"{}\"",
                s.document, s.section, s.section_title
            )
        })
        .collect();
    places.join("; ")
}

fn lookup_message(answer: &Lookup<'_>, documents: &[String]) -> String {
    let name = &answer.query;
    if let [only] = answer.matches.as_slice() {
        return format!(
            "\"{name}\" is in scope: {} ({}), found {}, listed in {}.",
            only.service.name,
            only.service.offering,
            how_text(only),
            places(only.service)
        );
    }
    if !answer.matches.is_empty() {
        let each: Vec<String> = answer
            .matches
            .iter()
            .map(|m| {
                format!(
                    "{} ({}, {}), found {}",
                    m.service.name,
                    m.service.offering,
                    sections(m.service),
                    how_text(m)
                )
            })
            .collect();
        return format!(
            "\"{name}\" is in scope as {} services: {}.",
            answer.matches.len(),
            each.join("; ")
        );
    }
    not_found_message(answer, documents)
}

fn sections(service: &Service) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in &service.sources {
        let place = format!("section {}", s.section);
        if !out.contains(&place) {
            out.push(place);
        }
    }
    out.join(", ")
}

fn not_found_message(answer: &Lookup<'_>, documents: &[String]) -> String {
    let name = &answer.query;
    let mut m = format!(
        "\"{name}\" is not in the FedRAMP scope of these SSPs ({}): it may not have been audited, so it may not be ISMAP-certifiable.",
        documents.join(", ")
    );
    if let Some(p) = answer.planned.first() {
        m.push_str(&format!(
            " It is listed as planned, not yet authorized: {} in {}.",
            p.service.name,
            places(p.service)
        ));
    } else if let Some(p) = answer.not_authorized.first() {
        m.push_str(&format!(
            " It is listed, but not marked in the table's FedRAMP column: {} in {}.",
            p.service.name,
            places(p.service)
        ));
    }
    if let Some(r) = &answer.retired {
        let when = r
            .since
            .as_deref()
            .map(|s| format!(" in {s}"))
            .unwrap_or_default();
        if r.to != r.from {
            m.push_str(&format!(
                " It was retired{when}; its successor is {}.",
                r.to
            ));
        } else {
            m.push_str(&format!(" It was retired{when}."));
        }
    }
    if !answer.suggestions.is_empty() {
        let names: Vec<&str> = answer.suggestions.iter().map(|s| s.name.as_str()).collect();
        m.push_str(&format!(" Closest names in scope: {}.", names.join(", ")));
    }
    m
}

/// `diff --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiffReport {
    /// The older release.
    pub old: String,
    /// The newer release.
    pub new: String,
    /// Services in the newer release only.
    pub added: Vec<Service>,
    /// Services in the older release only.
    pub removed: Vec<Service>,
    /// The same services under new names.
    pub renamed: Vec<RenamedReport>,
    /// The same services in another section or offering.
    pub moved: Vec<MovedReport>,
    /// Services listed the same way in both.
    pub unchanged: usize,
    /// Of the added services, those the older release listed as planned.
    pub previously_planned: Vec<String>,
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
    /// The report of a diff between two documents.
    pub fn new(old: &str, new: &str, d: &ScopeDiff) -> DiffReport {
        DiffReport {
            old: old.to_string(),
            new: new.to_string(),
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
}

/// One entry of a [`CheckReport`]: a [`CheckEntry`] with the sources of its service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckRow {
    /// The name as listed.
    pub listed: String,
    /// Its line (or record) in the list.
    pub line: usize,
    /// The outcome.
    pub status: CheckStatus,
    /// The best matching service.
    pub service: Option<Service>,
    /// Where that service is listed.
    pub sources: Vec<Source>,
    /// Every service the name matched.
    pub matches: Vec<CheckMatch>,
    /// The closest names when not found.
    pub suggestions: Vec<String>,
    /// A remark.
    pub note: Option<String>,
}

impl CheckReport {
    /// The report of a list check.
    pub fn new(list: &str, documents: &[String], entries: &[CheckEntry]) -> CheckReport {
        CheckReport {
            list: list.to_string(),
            documents: documents.to_vec(),
            entries: entries
                .iter()
                .map(|e| CheckRow {
                    listed: e.listed.clone(),
                    line: e.line,
                    status: e.status,
                    sources: e
                        .service
                        .as_ref()
                        .map(|s| s.sources.clone())
                        .unwrap_or_default(),
                    service: e.service.clone(),
                    matches: e.matches.clone(),
                    suggestions: e.suggestions.clone(),
                    note: e.note.clone(),
                })
                .collect(),
            summary: summarize(entries),
        }
    }
}

fn check_summary_text(summary: &CheckSummary, documents: &[String]) -> String {
    let mut text = format!(
        "{} listed: {} in scope, {} in scope under a new name, {} included in a listed service, {} planned, {} not found in {}.",
        summary.listed,
        summary.in_scope,
        summary.renamed,
        summary.included,
        summary.planned,
        summary.not_found,
        documents.join(", ")
    );
    if summary.not_found + summary.planned > 0 {
        text.push_str(
            "\nNames not found (or only planned) may not have been audited under FedRAMP, and so may not be ISMAP-certifiable: check them with the provider.",
        );
    }
    text
}
