//! Stage 7, scope: a service as an SSP lists it, and a typed, normalized set of them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scope::names::{ServiceName, compact_key, normalize_key};
use crate::scope::profile::Offering;
use crate::scope::renames::Renames;

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
    pub(crate) fn former_name_in_qualifier(&mut self, renames: &Renames) {
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
    pub(crate) fn merge(&mut self, other: Service) {
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
        set.extend(iter);
        set
    }
}

impl Extend<Service> for ScopeSet {
    /// Adds each service, merging it with one of the same key (as [`ScopeSet::insert`]).
    fn extend<I: IntoIterator<Item = Service>>(&mut self, iter: I) {
        for s in iter {
            self.insert(s);
        }
    }
}

impl IntoIterator for ScopeSet {
    type Item = Service;
    type IntoIter = std::collections::btree_map::IntoValues<String, Service>;

    /// The services in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.services.into_values()
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
        out.extend(other.iter().cloned());
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
