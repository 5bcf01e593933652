//! Stage 7, scope: service names gathered into a typed, normalized set; the scope of one SSP;
//! the ISMAP scope (the union of the Azure and Office 365 scopes, since ISMAP audits the same
//! scope as FedRAMP); and lookups by name as a person types it.

use std::collections::BTreeMap;
use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::{Extracted, MatchedBy, ProfileChoice, extract_services, locate};
use crate::names::{ServiceName, core_key, normalize_key, similarity};
use crate::profile::SspKind;
use crate::renames::{Renamed, Renames};

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
pub struct Source {
    /// The document, as the caller named it (e.g. the path given on the command line).
    pub document: String,
    /// The section number, e.g. `9.2.1`.
    pub section: String,
    /// The section title.
    pub section_title: String,
    /// The text as it appeared (whitespace collapsed).
    pub text: String,
}

/// One in-scope service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The display name.
    pub name: String,
    /// The normalized key.
    pub key: String,
    /// Abbreviations ("AKS").
    pub aliases: Vec<String>,
    /// The parent of a "Parent: Child" name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Nested list items listed under this service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
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
            offering,
            sources: vec![source],
        }
    }

    fn merge(&mut self, other: Service) {
        for a in other.aliases {
            if !self.aliases.contains(&a) {
                self.aliases.push(a);
            }
        }
        for c in other.children {
            if !self.children.contains(&c) {
                self.children.push(c);
            }
        }
        for s in other.sources {
            if !self.sources.contains(&s) {
                self.sources.push(s);
            }
        }
        if self.parent.is_none() {
            self.parent = other.parent;
        }
    }
}

/// A set of services keyed by normalized name, iterated in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// How a lookup matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "how")]
#[non_exhaustive]
pub enum MatchKind {
    /// The normalized names are equal.
    Exact,
    /// The query is an abbreviation the document gives ("AKS").
    Alias,
    /// Equal once vendor words ("Microsoft", "Azure") are set aside.
    WithoutVendor,
    /// The query names an item nested under a listed service.
    Child {
        /// The nested item as listed.
        child: String,
    },
    /// The query is another name of the service in the rename table: an old name of a
    /// service the SSP lists under its new name, or the reverse.
    Renamed {
        /// The older name.
        old: String,
        /// The newer name.
        new: String,
        /// When the newer name appeared, if the table says.
        since: Option<String>,
    },
}

/// The answer to a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// In scope.
    Found {
        /// The service.
        service: &'a Service,
        /// How the query matched it.
        how: MatchKind,
    },
    /// Not in the scope of these SSPs.
    NotFound {
        /// The closest names, best first.
        suggestions: Vec<&'a Service>,
        /// When the rename table says the service was retired: the entry, with its successor.
        retired: Option<Renamed>,
    },
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

    /// Looks a name up as a person types it: any case, extra spaces, with or without
    /// "Microsoft"/"Azure", an abbreviation the document gives, or (through the built-in rename
    /// table) an older or newer name of the service.
    pub fn lookup(&self, query: &str) -> Lookup<'_> {
        self.lookup_with(query, Renames::builtin())
    }

    /// [`ScopeSet::lookup`] with a rename table of the caller's.
    pub fn lookup_with(&self, query: &str, renames: &Renames) -> Lookup<'_> {
        let Some(q) = ServiceName::parse(query) else {
            return Lookup::NotFound {
                suggestions: Vec::new(),
                retired: None,
            };
        };
        if let Some((service, how)) = self.find(&q, false) {
            return Lookup::Found { service, how };
        }
        // An old name of a service listed under its new name (before the looser matches, so
        // that "Azure Sentinel" is reported as renamed to "Microsoft Sentinel").
        let forward = renames.forward(&q.display);
        if let Some(r) = forward.as_ref().filter(|r| !r.retired)
            && let Some((service, _)) = ServiceName::parse(&r.to).and_then(|n| self.find(&n, true))
        {
            let how = MatchKind::Renamed {
                old: q.display.clone(),
                new: service.name.clone(),
                since: r.since.clone(),
            };
            return Lookup::Found { service, how };
        }
        // A new name of a service this (older) SSP lists under an old name.
        for older in renames.older_names(&q.display) {
            if let Some((service, _)) =
                ServiceName::parse(&older.from).and_then(|n| self.find(&n, true))
            {
                let how = MatchKind::Renamed {
                    old: service.name.clone(),
                    new: q.display.clone(),
                    since: older.since.clone(),
                };
                return Lookup::Found { service, how };
            }
        }
        if let Some((service, how)) = self.find(&q, true) {
            return Lookup::Found { service, how };
        }
        let retired = forward.filter(|r| r.retired);
        let mut suggestions = self.suggest(&q.key, 3);
        // A retired service's successor, when in scope, is the first suggestion.
        if let Some(successor) = retired
            .as_ref()
            .and_then(|r| ServiceName::parse(&r.to))
            .and_then(|n| self.find(&n, true))
        {
            suggestions.retain(|s| s.key != successor.0.key);
            suggestions.insert(0, successor.0);
        }
        Lookup::NotFound {
            suggestions,
            retired,
        }
    }

    /// A service by name alone: exact key or abbreviation; with `loose`, also without vendor
    /// words and as a nested item.
    fn find(&self, q: &ServiceName, loose: bool) -> Option<(&Service, MatchKind)> {
        if let Some(s) = self.get(&q.key) {
            return Some((s, MatchKind::Exact));
        }
        // The query as an abbreviation, or with its own abbreviation.
        let wanted: Vec<&str> = std::iter::once(q.display.as_str())
            .chain(q.aliases.iter().map(String::as_str))
            .collect();
        if let Some(s) = self.iter().find(|s| {
            s.aliases
                .iter()
                .any(|a| wanted.iter().any(|w| a.eq_ignore_ascii_case(w.trim())))
        }) {
            return Some((s, MatchKind::Alias));
        }
        if !loose {
            return None;
        }
        let core = core_key(&q.key);
        if let Some(s) = self.iter().find(|s| core_key(&s.key) == core) {
            return Some((s, MatchKind::WithoutVendor));
        }
        self.iter().find_map(|s| {
            let child = s.children.iter().find(|c| {
                let k = normalize_key(c);
                k == q.key || core_key(&k) == core
            })?;
            Some((
                s,
                MatchKind::Child {
                    child: child.clone(),
                },
            ))
        })
    }

    /// The `n` services closest to a key (edit distance or shared words), best first.
    pub fn suggest(&self, key: &str, n: usize) -> Vec<&Service> {
        let core = core_key(key);
        let mut scored: Vec<(f64, &Service)> = self
            .iter()
            .map(|s| {
                // Compared without vendor words, so "Azure X" is not close to every "Azure Y".
                let sk = core_key(&s.key);
                let mut score = similarity(&core, &sk);
                // One name is the other plus words ("Azure SQL" / "Azure SQL Database").
                if !core.is_empty()
                    && !sk.is_empty()
                    && (starts_with_words(&sk, &core) || starts_with_words(&core, &sk))
                {
                    score = score.max(0.85);
                }
                (score, s)
            })
            .filter(|(score, _)| *score >= 0.4)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key)));
        scored.into_iter().take(n).map(|(_, s)| s).collect()
    }
}

/// Whether `long` is `short` followed by more words.
fn starts_with_words(long: &str, short: &str) -> bool {
    long.strip_prefix(short)
        .is_some_and(|rest| rest.starts_with(' '))
}

/// A section of an SSP that lists services, as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundSection {
    /// The number it has in this document.
    pub number: String,
    /// The title it has in this document.
    pub title: String,
    /// What the profile says its services are.
    pub offering: Offering,
    /// How it was found.
    pub matched_by: MatchedBy,
    /// How many services it lists.
    pub services: usize,
}

/// The scope of one SSP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Remarks: renumbered sections, empty sections.
    pub warnings: Vec<String>,
}

/// Reads the scope of an SSP. `name` is how sources refer to the document (e.g. its path).
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
    let mut services = ScopeSet::new();
    let mut sections = Vec::new();
    let mut warnings = located.warnings;
    for found in &located.sections {
        let heading = &found.section.heading;
        let number = heading.number.clone().unwrap_or_default();
        let mut count = ScopeSet::new();
        for Extracted { text, children, .. } in extract_services(&found.section) {
            let Some(parsed) = ServiceName::parse(&text) else {
                continue;
            };
            let source = Source {
                document: name.to_string(),
                section: number.clone(),
                section_title: heading.title.clone(),
                text,
            };
            let mut service = Service::new(parsed, found.spec.offering, source);
            service.children = children
                .iter()
                .map(|c| crate::names::clean(c))
                .filter(|c| !c.is_empty())
                .collect();
            count.insert(service.clone());
            services.insert(service);
        }
        if count.is_empty() {
            warnings.push(format!(
                "section {number} \"{}\" lists no services",
                heading.title
            ));
        }
        sections.push(FoundSection {
            number,
            title: heading.title.clone(),
            offering: found.spec.offering,
            matched_by: found.matched_by,
            services: count.len(),
        });
    }
    let title = doc.properties().title.clone().or_else(|| {
        located
            .title_page
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string)
    });
    Ok(DocumentScope {
        path: name.to_string(),
        kind: located.profile.kind,
        title,
        sections,
        services,
        warnings,
    })
}

impl Lookup<'_> {
    /// Whether the name was found.
    pub fn is_found(&self) -> bool {
        matches!(self, Lookup::Found { .. })
    }
}

/// The ISMAP scope: the union of the scopes of Microsoft's Azure and Office 365 SSPs, since
/// ISMAP audits the same scope as FedRAMP.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsmapScope {
    /// The documents the scope was read from.
    pub documents: Vec<String>,
    /// Their services, merged.
    pub services: ScopeSet,
}

impl IsmapScope {
    /// The union of the given SSP scopes.
    pub fn from_scopes<'a>(scopes: impl IntoIterator<Item = &'a DocumentScope>) -> IsmapScope {
        let mut out = IsmapScope::default();
        for s in scopes {
            out.documents.push(s.path.clone());
            out.services = out.services.union(&s.services);
        }
        out
    }

    /// Looks a service up (see [`ScopeSet::lookup`]).
    pub fn lookup(&self, query: &str) -> Lookup<'_> {
        self.services.lookup(query)
    }
}
