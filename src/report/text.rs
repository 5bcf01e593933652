//! What a person reads: the sentences of lookups and checks, and each report as text and as a
//! [`Rows`] of rows (for CSV).

use std::path::Path;

use crate::report::{CheckReport, DiffReport, OutlineReport, Rows, ScopeReport};
use crate::scope::check::CheckSummary;
use crate::scope::lookup::{Lookup, Match, MatchKind, Step};
use crate::scope::set::Service;

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

/// The file name of a path as the caller gave it ("fixtures/x.docx" → "x.docx").
fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// The items of a list, each once, in order.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

impl OutlineReport {
    /// The headings as a table: number, level, title indented by level.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new(["NUMBER", "LEVEL", "TITLE"]);
        for h in &self.headings {
            let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
            t.push([
                h.number.clone().unwrap_or_else(|| "-".to_string()),
                h.level.to_string(),
                format!("{indent}{}", h.title),
            ]);
        }
        t
    }

    /// The outline as text.
    pub fn to_text(&self) -> String {
        self.table().to_text()
    }
}

/// What the document writes beside a name: former names, included services, family, notes.
fn also(s: &Service) -> String {
    let mut parts = Vec::new();
    if !s.former_names.is_empty() {
        parts.push(format!("formerly {}", s.former_names.join(", ")));
    }
    if !s.includes.is_empty() {
        parts.push(format!("incl. {}", s.includes.join(", ")));
    }
    if let Some(f) = &s.part_of {
        parts.push(format!("part of {f}"));
    }
    parts.extend(s.notes.iter().cloned());
    parts.join("; ")
}

/// Services as a table: name, offering, sections, documents, and what the document says
/// beside the name.
fn services_table(services: &[Service]) -> Rows {
    let mut t = Rows::new(["SERVICE", "OFFERING", "SECTION", "DOCUMENT", "ALSO"]);
    for s in services {
        let sections = unique(s.sources.iter().map(|x| x.section.as_str())).join(",");
        let docs = unique(s.sources.iter().map(|x| file_name(&x.document))).join(",");
        t.push([
            s.name.clone(),
            s.offering.to_string(),
            sections,
            docs,
            also(s),
        ]);
    }
    t
}

impl ScopeReport {
    /// One row per service and place it is listed (in scope, planned, and without a FedRAMP
    /// mark, said in the `standing` column), for CSV.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new([
            "name",
            "key",
            "aliases",
            "offering",
            "document",
            "section",
            "section_title",
            "text",
            "standing",
            "former_names",
            "includes",
            "part_of",
            "notes",
            "authorizations",
        ]);
        let groups = [
            ("in-scope", &self.services),
            ("planned", &self.planned),
            ("not-authorized", &self.not_authorized),
        ];
        for (standing, services) in groups {
            for s in services {
                let marks: Vec<String> = s
                    .authorizations
                    .iter()
                    .map(|(k, v)| format!("{k}={}", if *v { "yes" } else { "no" }))
                    .collect();
                for src in &s.sources {
                    t.push([
                        s.name.clone(),
                        s.key.clone(),
                        s.aliases.join(";"),
                        s.offering.to_string(),
                        src.document.clone(),
                        src.section.clone(),
                        src.section_title.clone(),
                        src.text.clone(),
                        standing.to_string(),
                        s.former_names.join(";"),
                        s.includes.join(";"),
                        s.part_of.clone().unwrap_or_default(),
                        s.notes.join(";"),
                        marks.join(";"),
                    ]);
                }
            }
        }
        t
    }

    /// The scope as text: each document and its sections, the services in scope, those
    /// planned or without a FedRAMP mark, and the warnings.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.documents {
            out.push_str(&format!(
                "{} — {} ({})\n",
                d.path,
                d.title.as_deref().unwrap_or("untitled"),
                d.kind
            ));
            let mut t = Rows::new(["", "", "", "", ""]);
            for s in &d.sections {
                let mut count = format!("{} services", s.services);
                if s.planned > 0 {
                    count.push_str(&format!(", {} planned", s.planned));
                }
                if s.not_authorized > 0 {
                    count.push_str(&format!(", {} without a FedRAMP mark", s.not_authorized));
                }
                t.push([
                    String::new(),
                    s.number.clone(),
                    s.title.clone(),
                    s.offering.to_string(),
                    format!("{count} (found by {})", s.matched_by),
                ]);
            }
            out.push_str(text_without_header(&t).as_str());
        }
        out.push('\n');
        out.push_str(&services_table(&self.services).to_text());
        out.push_str(&format!(
            "\n{} services in the FedRAMP scope of {} SSP(s); ISMAP audits the same scope.\n",
            self.services.len(),
            self.documents.len()
        ));
        if !self.planned.is_empty() {
            out.push_str("\nPlanned, not in scope yet:\n");
            out.push_str(&services_table(&self.planned).to_text());
        }
        if !self.not_authorized.is_empty() {
            out.push_str(
                "\nListed without a mark in the table's FedRAMP column(s), not in scope:\n",
            );
            out.push_str(&services_table(&self.not_authorized).to_text());
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {}\n", crate::report::terminal_safe(w)));
        }
        out
    }
}

/// A table's text without its header line.
fn text_without_header(t: &Rows) -> String {
    let text = t.to_text();
    text.split_once('\n')
        .map_or(String::new(), |(_, rest)| rest.to_string())
}

impl DiffReport {
    /// One row per change (added, removed, renamed, moved), for CSV.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new([
            "change",
            "name",
            "new_name",
            "offering",
            "section",
            "new_section",
            "since",
            "source",
        ]);
        for s in &self.added {
            let section = section_of(s);
            let planned = if self.previously_planned.contains(&s.name) {
                "planned before"
            } else {
                ""
            };
            t.push([
                "added",
                &s.name,
                "",
                s.offering.as_str(),
                "",
                &section,
                "",
                planned,
            ]);
        }
        for s in &self.removed {
            let section = section_of(s);
            t.push([
                "removed",
                &s.name,
                "",
                s.offering.as_str(),
                &section,
                "",
                "",
                "",
            ]);
        }
        for r in &self.renamed {
            let source = r.source.to_string();
            t.push([
                "renamed",
                &r.from,
                &r.to,
                r.to_service.offering.as_str(),
                "",
                "",
                r.since.as_deref().unwrap_or(""),
                &source,
            ]);
        }
        for m in &self.moved {
            t.push([
                "moved",
                &m.name,
                "",
                m.to_offering.as_str(),
                &m.from_section,
                &m.to_section,
                "",
                "",
            ]);
        }
        t
    }

    /// The diff as text: one line per change, then the counts.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "old: {} — {} ({} services)\nnew: {} — {} ({} services)\n\n",
            self.old,
            self.old_title.as_deref().unwrap_or("untitled"),
            self.old_services,
            self.new,
            self.new_title.as_deref().unwrap_or("untitled"),
            self.new_services
        );
        let mut t = Rows::new(["", "", ""]);
        for s in &self.added {
            let planned = if self.previously_planned.contains(&s.name) {
                " — planned in the older release"
            } else {
                ""
            };
            t.push([
                "+ added".to_string(),
                s.name.clone(),
                format!("{}, {}{planned}", s.offering, section_of(s)),
            ]);
        }
        for s in &self.removed {
            t.push([
                "- removed".to_string(),
                s.name.clone(),
                format!("{}, {}", s.offering, section_of(s)),
            ]);
        }
        for r in &self.renamed {
            let when = r
                .since
                .as_deref()
                .map(|s| format!(" (since {s})"))
                .unwrap_or_default();
            t.push([
                "~ renamed".to_string(),
                r.from.clone(),
                format!("-> {}{when}", r.to),
            ]);
        }
        for m in &self.moved {
            t.push([
                "> moved".to_string(),
                m.name.clone(),
                format!(
                    "{} {} -> {} {}",
                    m.from_section, m.from_offering, m.to_section, m.to_offering
                ),
            ]);
        }
        out.push_str(&text_without_header(&t));
        out.push_str(&format!(
            "\n{} added, {} removed, {} renamed, {} moved, {} unchanged.\n",
            self.added.len(),
            self.removed.len(),
            self.renamed.len(),
            self.moved.len(),
            self.unchanged
        ));
        out
    }
}

fn section_of(s: &Service) -> String {
    s.sources
        .first()
        .map(|x| x.section.clone())
        .unwrap_or_default()
}

impl CheckReport {
    /// One row per listed name, for CSV.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new([
            "listed",
            "line",
            "status",
            "service",
            "offering",
            "sections",
            "suggestions",
            "note",
        ]);
        for row in &self.entries {
            let e = &row.entry;
            let sections: Vec<String> = row
                .sources
                .iter()
                .map(|x| format!("{} {}", x.document, x.section))
                .collect();
            t.push([
                e.listed.clone(),
                e.line.to_string(),
                e.status.to_string(),
                e.service
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                e.service
                    .as_ref()
                    .map(|s| s.offering.to_string())
                    .unwrap_or_default(),
                sections.join("; "),
                e.suggestions.join("; "),
                e.note.clone().unwrap_or_default(),
            ]);
        }
        t
    }

    /// The check as text: one line per listed name (status, and where it is in scope or
    /// what comes closest), then the counts.
    pub fn to_text(&self) -> String {
        let mut t = Rows::new(["LISTED", "STATUS", "IN SCOPE AS / SUGGESTIONS"]);
        for e in self.entries.iter().map(|row| &row.entry) {
            let detail = match &e.service {
                Some(s) => {
                    let section = s
                        .sources
                        .first()
                        .map(|x| format!(" ({} {})", file_name(&x.document), x.section))
                        .unwrap_or_default();
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default();
                    format!("{}{section}{note}", s.name)
                }
                None => {
                    let mut d = e
                        .note
                        .as_deref()
                        .map(|n| format!("{n}; "))
                        .unwrap_or_default();
                    if e.suggestions.is_empty() {
                        d.push_str("no similar name in scope");
                    } else {
                        d.push_str(&format!("closest: {}", e.suggestions.join(", ")));
                    }
                    d
                }
            };
            t.push([e.listed.clone(), e.status.to_string(), detail]);
        }
        let docs: Vec<String> = self
            .documents
            .iter()
            .map(|d| file_name(d).to_string())
            .collect();
        format!("{}\n{}\n", t.to_text(), self.summary.describe(&docs))
    }
}
