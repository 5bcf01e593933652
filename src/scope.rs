//! Stage 7, scope: service names gathered into a typed, normalized set; the scope of one SSP;
//! the ISMAP scope (the union of the Azure and Office 365 scopes, since ISMAP audits the same
//! scope as FedRAMP).

use std::collections::BTreeMap;
use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::{
    Extracted, LocatedSection, MatchedBy, ProfileChoice, Standing, describe, extract_services,
    locate, states_none,
};
use crate::names::{ServiceName, compact_key, normalize_key};
use crate::profile::SspKind;
use crate::renames::Renames;

/// The kind of offering a service is listed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Offering {
    /// Infrastructure or platform as a service (Azure 9.2.1).
    #[serde(rename = "iaas-paas")]
    IaasPaas,
    /// Software as a service (Azure 9.2.2).
    #[serde(rename = "saas")]
    Saas,
    /// An Office 365 service (Office 365 9.5).
    #[serde(rename = "office365")]
    Office365,
}

impl Offering {
    /// The name used in JSON and CSV: `iaas-paas`, `saas`, `office365`.
    pub fn as_str(self) -> &'static str {
        match self {
            Offering::IaasPaas => "iaas-paas",
            Offering::Saas => "saas",
            Offering::Office365 => "office365",
        }
    }
}

impl std::fmt::Display for Offering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where a service was listed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Source {
    /// The document, as the caller named it (e.g. the path given on the command line).
    pub document: String,
    /// The section number, e.g. `9.2.1`.
    pub section: String,
    /// The section title.
    pub section_title: String,
    /// The text as it appeared (whitespace collapsed; a line break before annotations written
    /// below the name).
    pub text: String,
}

impl Source {
    /// A source.
    pub fn new(
        document: impl Into<String>,
        section: impl Into<String>,
        section_title: impl Into<String>,
        text: impl Into<String>,
    ) -> Source {
        Source {
            document: document.into(),
            section: section.into(),
            section_title: section_title.into(),
            text: text.into(),
        }
    }
}

/// One service an SSP lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Service {
    /// The display name, without annotations ("Microsoft Sentinel").
    pub name: String,
    /// The normalized key.
    pub key: String,
    /// Abbreviations ("AKS").
    pub aliases: Vec<String>,
    /// The parent of a "Parent: Child" name.
    pub parent: Option<String>,
    /// Nested list items listed under this service.
    pub children: Vec<String>,
    /// Older names the document gives: "(formerly Azure Sentinel)".
    pub former_names: Vec<String>,
    /// Services included in this one: "(incl. Application Insights, ...)".
    pub includes: Vec<String>,
    /// The family it is part of: "(part of Azure AI Language)".
    pub part_of: Option<String>,
    /// Other remarks: "(replaced by Logic Apps)", text below the name.
    pub notes: Vec<String>,
    /// The table's authorization columns and whether they mark this service ("FedRAMP High":
    /// true); empty when the listing has none.
    pub authorizations: BTreeMap<String, bool>,
    /// The kind of offering.
    pub offering: Offering,
    /// Where it was listed.
    pub sources: Vec<Source>,
}

impl Service {
    /// A service from a parsed name.
    pub fn new(name: ServiceName, offering: Offering, source: Source) -> Service {
        Service {
            name: name.display,
            key: name.key,
            aliases: name.aliases,
            parent: name.parent,
            children: Vec::new(),
            former_names: name.former_names,
            includes: name.includes,
            part_of: name.part_of,
            notes: name.notes,
            authorizations: BTreeMap::new(),
            offering,
            sources: vec![source],
        }
    }

    /// "Azure Stack Edge (Data Box Edge)": a parenthesized qualifier that the rename table
    /// knows as an older name of the name before it is a former name, not an edition.
    fn former_name_in_qualifier(&mut self, renames: &Renames) {
        let Some((base, qualifier)) = self
            .name
            .strip_suffix(')')
            .and_then(|n| n.rsplit_once(" ("))
        else {
            return;
        };
        let base_key = compact_key(&normalize_key(base));
        let leads_to_base = renames
            .path(qualifier)
            .iter()
            .any(|r| !r.retired && compact_key(&normalize_key(&r.to)) == base_key);
        if leads_to_base && !base_key.is_empty() {
            self.former_names.insert(0, qualifier.to_string());
            self.key = normalize_key(base);
            self.name = base.to_string();
        }
    }

    /// Merges what another listing of the same service says.
    fn merge(&mut self, other: Service) {
        extend_unique(&mut self.aliases, other.aliases);
        extend_unique(&mut self.children, other.children);
        extend_unique(&mut self.former_names, other.former_names);
        extend_unique(&mut self.includes, other.includes);
        extend_unique(&mut self.notes, other.notes);
        extend_unique(&mut self.sources, other.sources);
        for (k, v) in other.authorizations {
            *self.authorizations.entry(k).or_insert(false) |= v;
        }
        if self.parent.is_none() {
            self.parent = other.parent;
        }
        if self.part_of.is_none() {
            self.part_of = other.part_of;
        }
    }
}

/// Appends the items of `more` not already in `list`. Lists stay short (a service's aliases,
/// sources), except in hostile documents, where the sort-free check is bounded by
/// `MAX_MERGED`.
fn extend_unique<T: PartialEq>(list: &mut Vec<T>, more: Vec<T>) {
    for item in more {
        if list.len() >= MAX_MERGED {
            return;
        }
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// At most this many aliases, sources, notes ... are kept per service: a real service is
/// listed a handful of times; a document repeating one row 60,000 times gets the first 64.
const MAX_MERGED: usize = 64;

/// A set of services keyed by normalized name, iterated in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Service>", into = "Vec<Service>")]
pub struct ScopeSet {
    services: BTreeMap<String, Service>,
}

impl From<Vec<Service>> for ScopeSet {
    fn from(services: Vec<Service>) -> Self {
        services.into_iter().collect()
    }
}

impl From<ScopeSet> for Vec<Service> {
    fn from(set: ScopeSet) -> Self {
        set.services.into_values().collect()
    }
}

impl FromIterator<Service> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Service>>(iter: I) -> Self {
        let mut set = ScopeSet::default();
        for s in iter {
            set.insert(s);
        }
        set
    }
}

impl<'a> IntoIterator for &'a ScopeSet {
    type Item = &'a Service;
    type IntoIter = std::collections::btree_map::Values<'a, String, Service>;

    fn into_iter(self) -> Self::IntoIter {
        self.services.values()
    }
}

impl ScopeSet {
    /// An empty set.
    pub fn new() -> ScopeSet {
        ScopeSet::default()
    }

    /// Adds a service, merging it with one of the same key.
    pub fn insert(&mut self, service: Service) {
        match self.services.get_mut(&service.key) {
            Some(existing) => existing.merge(service),
            None => {
                self.services.insert(service.key.clone(), service);
            }
        }
    }

    /// The number of services.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    /// The services in key order.
    pub fn iter(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    /// The service with this normalized key.
    pub fn get(&self, key: &str) -> Option<&Service> {
        self.services.get(key)
    }

    /// Whether a service with this key is in the set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.services.contains_key(key)
    }

    /// Services in either set (sources merged).
    pub fn union(&self, other: &ScopeSet) -> ScopeSet {
        let mut out = self.clone();
        for s in other {
            out.insert(s.clone());
        }
        out
    }

    /// Services in both sets (sources merged).
    pub fn intersection(&self, other: &ScopeSet) -> ScopeSet {
        self.iter()
            .filter_map(|s| {
                let o = other.get(&s.key)?;
                let mut s = s.clone();
                s.merge(o.clone());
                Some(s)
            })
            .collect()
    }

    /// Services in this set and not in `other`.
    pub fn difference(&self, other: &ScopeSet) -> ScopeSet {
        self.iter()
            .filter(|s| !other.contains_key(&s.key))
            .cloned()
            .collect()
    }
}

/// A section of an SSP that lists services, as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FoundSection {
    /// The number it has in this document.
    pub number: String,
    /// The title it has in this document.
    pub title: String,
    /// What the profile says its services are.
    pub offering: Offering,
    /// How it was found.
    pub matched_by: MatchedBy,
    /// How many services it lists in scope.
    pub services: usize,
    /// How many it lists as planned.
    pub planned: usize,
    /// How many it lists without a FedRAMP mark.
    pub not_authorized: usize,
}

/// The scope of one SSP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentScope {
    /// The document, as the caller named it.
    pub path: String,
    /// Azure or Office 365 (or a custom profile).
    pub kind: SspKind,
    /// The document title (core properties, else the first line of the title page).
    pub title: Option<String>,
    /// The sections read.
    pub sections: Vec<FoundSection>,
    /// The in-scope services.
    pub services: ScopeSet,
    /// Services listed as planned ("Planned 2019" marked, no FedRAMP mark): not in scope.
    pub planned: ScopeSet,
    /// Services listed in a table whose FedRAMP columns do not mark them: not in scope.
    pub not_authorized: ScopeSet,
    /// Remarks: renumbered sections, sections that state they list no service.
    pub warnings: Vec<String>,
}

/// Reads the scope of an SSP. `name` is how sources refer to the document (e.g. its path).
///
/// # Errors
///
/// Any error of reading the document; [`Error::SectionNotFound`] when a section of the
/// profile is not there; [`Error::EmptySection`] when a section is there but no service
/// could be read from it (and it does not say "None").
///
/// ```
/// use fedramp_ssp::{Document, ProfileChoice, SspKind, read_scope};
///
/// let mut doc = Document::open("fixtures/samples/azure-ssp.docx")?;
/// let scope = read_scope(&mut doc, "azure-ssp.docx", &ProfileChoice::Auto)?;
/// assert_eq!(scope.kind, SspKind::Azure);
/// assert!(scope.services.lookup("AKS").is_found());
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
pub fn read_scope<R: Read + Seek>(
    doc: &mut Document<R>,
    name: &str,
    choice: &ProfileChoice,
) -> Result<DocumentScope> {
    let located = locate(doc, choice)?;
    if let Some((spec, nearby)) = located.missing.first() {
        let guess = if located.kind_known {
            String::new()
        } else {
            format!(
                " (the title page names neither Azure nor Office 365; read as {})",
                located.profile.kind
            )
        };
        return Err(Error::SectionNotFound {
            wanted: format!("{} \"{}\"{guess}", spec.number, spec.title),
            document: name.to_string(),
            nearby: nearby.clone(),
        });
    }
    let mut scope = DocumentScope {
        path: name.to_string(),
        kind: located.profile.kind,
        title: None,
        sections: Vec::new(),
        services: ScopeSet::new(),
        planned: ScopeSet::new(),
        not_authorized: ScopeSet::new(),
        warnings: located.warnings,
    };
    for found in &located.sections {
        let section = read_section(found, name, &mut scope.warnings)?;
        if section.is_empty() {
            scope.warnings.push(format!(
                "section {} \"{}\" states that it lists no services",
                section.found.number, section.found.title
            ));
        }
        scope.services = scope.services.union(&section.services);
        scope.planned = scope.planned.union(&section.planned);
        scope.not_authorized = scope.not_authorized.union(&section.not_authorized);
        scope.sections.push(section.found);
    }
    scope.title = doc.properties().title.clone().or_else(|| {
        located
            .title_page
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string)
    });
    Ok(scope)
}

/// At most this many cells not read as names are reported one by one per section.
const MAX_SKIP_WARNINGS: usize = 20;

/// The services of one section, by standing.
struct SectionScope {
    found: FoundSection,
    services: ScopeSet,
    planned: ScopeSet,
    not_authorized: ScopeSet,
}

impl SectionScope {
    fn is_empty(&self) -> bool {
        self.services.is_empty() && self.planned.is_empty() && self.not_authorized.is_empty()
    }
}

fn read_section(
    found: &LocatedSection,
    document: &str,
    warnings: &mut Vec<String>,
) -> Result<SectionScope> {
    let heading = &found.section.heading;
    let number = heading.number.clone().unwrap_or_default();
    let mut out = SectionScope {
        found: FoundSection {
            number: number.clone(),
            title: heading.title.clone(),
            offering: found.spec.offering,
            matched_by: found.matched_by,
            services: 0,
            planned: 0,
            not_authorized: 0,
        },
        services: ScopeSet::new(),
        planned: ScopeSet::new(),
        not_authorized: ScopeSet::new(),
    };
    let extraction = extract_services(&found.section);
    for text in extraction.skipped.iter().take(MAX_SKIP_WARNINGS) {
        let shown: String = text.chars().take(80).collect();
        warnings.push(format!(
            "section {number}: a cell of the service column was not read as a service name: \"{shown}\""
        ));
    }
    if let Some(more) = extraction.skipped.len().checked_sub(MAX_SKIP_WARNINGS)
        && more > 0
    {
        warnings.push(format!(
            "section {number}: {more} more cells of the service column were not read as service names"
        ));
    }
    for extracted in extraction.services {
        let Some(service) = service_of(extracted.clone(), found, document, &number) else {
            continue;
        };
        match extracted.standing {
            Standing::Authorized => out.services.insert(service),
            Standing::Planned => out.planned.insert(service),
            _ => out.not_authorized.insert(service),
        }
    }
    if out.is_empty() && !states_none(&found.section) {
        return Err(Error::EmptySection {
            document: document.to_string(),
            section: number,
            title: heading.title.clone(),
            held: describe(&found.section),
        });
    }
    out.found.services = out.services.len();
    out.found.planned = out.planned.len();
    out.found.not_authorized = out.not_authorized.len();
    Ok(out)
}

fn service_of(
    extracted: Extracted,
    found: &LocatedSection,
    document: &str,
    number: &str,
) -> Option<Service> {
    let parsed = ServiceName::parse(&extracted.text)?;
    let source = Source::new(
        document,
        number,
        found.section.heading.title.clone(),
        extracted.text,
    );
    let mut service = Service::new(parsed, found.spec.offering, source);
    service.former_name_in_qualifier(Renames::builtin());
    service.children = extracted
        .children
        .iter()
        .map(|c| crate::names::clean(c))
        .filter(|c| !c.is_empty())
        .collect();
    service.authorizations = extracted.marks.into_iter().collect();
    Some(service)
}

/// The ISMAP scope: the union of the scopes of Microsoft's Azure and Office 365 SSPs, since
/// ISMAP audits the same scope as FedRAMP.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IsmapScope {
    /// The documents the scope was read from.
    pub documents: Vec<String>,
    /// Their in-scope services, merged.
    pub services: ScopeSet,
    /// Services some document lists as planned and none lists in scope.
    pub planned: ScopeSet,
    /// Services listed without a FedRAMP mark, neither in scope nor planned anywhere.
    pub not_authorized: ScopeSet,
}

impl IsmapScope {
    /// The union of the given SSP scopes.
    pub fn from_scopes<'a>(scopes: impl IntoIterator<Item = &'a DocumentScope>) -> IsmapScope {
        let mut out = IsmapScope::default();
        let mut planned = ScopeSet::new();
        let mut not_authorized = ScopeSet::new();
        for s in scopes {
            out.documents.push(s.path.clone());
            out.services = out.services.union(&s.services);
            planned = planned.union(&s.planned);
            not_authorized = not_authorized.union(&s.not_authorized);
        }
        out.planned = planned.difference(&out.services);
        out.not_authorized = not_authorized
            .difference(&out.services)
            .difference(&out.planned);
        out
    }
}
