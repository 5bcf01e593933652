//! Stage 7, release diffs (documented on [`ScopeDiff`]).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::scope::names::{compact_key, normalize_key, qualifier_words, split_qualifier};
use crate::scope::profile::Offering;
use crate::scope::read::DocumentScope;
use crate::scope::renames::Renames;
use crate::scope::set::{ScopeSet, Service};

/// What says that a service was renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RenameSource {
    /// The newer release writes the old name beside the new one: "(formerly X)", or as another
    /// name in parentheses.
    Document,
    /// The rename table.
    Table,
    /// The names differ only in brand words ("Azure", "Azure AI services:", "in Foundry
    /// Tools") or in the wording of an edition ("(Premium P1 + P2)" / "(P1 + P2)").
    Wording,
}

impl RenameSource {
    /// The name used in JSON and CSV: `document`, `table` or `wording`.
    pub fn as_str(self) -> &'static str {
        match self {
            RenameSource::Document => "document",
            RenameSource::Table => "table",
            RenameSource::Wording => "wording",
        }
    }
}

impl std::fmt::Display for RenameSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A service listed under another name in the newer release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RenamedService {
    /// The service in the older release.
    pub from: Service,
    /// The service in the newer release.
    pub to: Service,
    /// When the new name appeared, if the rename table says.
    pub since: Option<String>,
    /// What says so.
    pub source: RenameSource,
}

/// A service of the older release that the newer one lists as part of another: the other's
/// row names it among what it includes ("Azure Monitor (incl. Application Insights, Log
/// Analytics, ...)" for "Log Analytics"). Still in scope: not a removal. Only the newer
/// release's own rows say so: the rename table's parts answer lookups, but a diff tells what
/// the two documents list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IncludedService {
    /// The service in the older release.
    pub part: Service,
    /// The service of the newer release whose row includes it.
    pub whole: Service,
}

/// A service listed in another section or as another kind of offering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MovedService {
    /// The service in the newer release.
    pub service: Service,
    /// Its section number in the older release.
    pub from_section: String,
    /// Its section number in the newer release.
    pub to_section: String,
    /// Its offering in the older release.
    pub from_offering: Offering,
    /// Its offering in the newer release.
    pub to_offering: Offering,
}

/// What changed between two releases of an SSP's scope: services added, removed, renamed and
/// moved (same service, other section or offering).
///
/// A service of the older release is the same as one of the newer release when, in this
/// order: the keys are equal; the newer release gives the older name as a former name
/// ("(formerly Azure Sentinel)") or as another name ("Web Apps (App Service)"); the rename
/// table leads from the older name to the newer one (any name on the way); the names are equal
/// apart from brand words ("Azure AI services: Face" = "Azure AI Foundry: Azure AI Face"); or
/// they are editions of the same name worded differently ("(Premium P1 + P2)" = "(P1 + P2)").
/// Only what is left is added or removed.
///
/// ```
/// use fedramp_ssp::{Document, ProfileChoice, ScopeSet, read_scope};
///
/// let mut scope = |path: &str| -> Result<ScopeSet, fedramp_ssp::Error> {
///     let mut doc = Document::open(path)?;
///     Ok(read_scope(&mut doc, path, &ProfileChoice::Auto)?.services)
/// };
/// let old = scope("fixtures/samples/azure-ssp-2019.docx")?;
/// let new = scope("fixtures/samples/azure-ssp-2024.docx")?;
/// let diff = ScopeSet::diff(&old, &new);
/// let sentinel = diff.renamed.iter().find(|r| r.from.name == "Azure Sentinel").unwrap();
/// assert_eq!(sentinel.to.name, "Microsoft Sentinel");
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScopeDiff {
    /// In the newer scope only.
    pub added: Vec<Service>,
    /// In the older scope only.
    pub removed: Vec<Service>,
    /// The same service under a new name.
    pub renamed: Vec<RenamedService>,
    /// The same service in another section or offering.
    pub moved: Vec<MovedService>,
    /// Services of the older release now listed as part of another.
    #[serde(default)]
    pub included: Vec<IncludedService>,
    /// Services listed the same way in both.
    pub unchanged: usize,
    /// Of the added services, those the older release listed as planned (see
    /// [`DocumentScope::diff`]).
    pub previously_planned: Vec<String>,
}

impl ScopeDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.moved.is_empty()
            && self.included.is_empty()
    }
}

/// The section title and offering a service is listed under (its first source).
fn place(s: &Service) -> (String, String, Offering) {
    let src = s.sources.first();
    (
        src.map(|x| x.section.clone()).unwrap_or_default(),
        src.map(|x| x.section_title.to_lowercase())
            .unwrap_or_default(),
        s.offering,
    )
}

impl ScopeSet {
    /// The difference from `old` to `new`, renames taken from the built-in table.
    ///
    /// A service counts as moved when its offering or its section's title changed; a section
    /// that was only renumbered is not a move.
    pub fn diff(old: &ScopeSet, new: &ScopeSet) -> ScopeDiff {
        ScopeSet::diff_with(old, new, Renames::builtin())
    }

    /// [`ScopeSet::diff`] with a rename table of the caller's.
    pub fn diff_with(old: &ScopeSet, new: &ScopeSet, renames: &Renames) -> ScopeDiff {
        let mut diff = ScopeDiff::default();
        let finder = Finder::new(new);
        let mut matched: HashSet<&str> = HashSet::new();
        for o in old {
            let Some(found) = finder.find(o, old, renames) else {
                match finder.included.get(&loose(&o.name)) {
                    Some(whole) => diff.included.push(IncludedService {
                        part: o.clone(),
                        whole: (*whole).clone(),
                    }),
                    None => diff.removed.push(o.clone()),
                }
                continue;
            };
            matched.insert(&found.service.key);
            diff.record(o, found);
        }
        diff.added = new
            .iter()
            .filter(|n| !matched.contains(n.key.as_str()))
            .cloned()
            .collect();
        diff.other_halves(&finder, renames);
        diff
    }
}

impl DocumentScope {
    /// The difference from this (older) release to a newer one, as [`ScopeSet::diff_with`],
    /// with the added services this release listed as planned named in
    /// [`ScopeDiff::previously_planned`].
    pub fn diff(&self, newer: &DocumentScope, renames: &Renames) -> ScopeDiff {
        let mut d = ScopeSet::diff_with(&self.services, &newer.services, renames);
        // Each planned service followed forward, as the services in scope are (a new name, both
        // halves of a split: "Dynamics 365 for Finance and Operations" planned, Dynamics 365
        // Finance and Supply Chain Management added); and each added one looked for among the
        // planned by its own name and other names.
        let added = Finder::new(&newer.services);
        let mut became: HashSet<&str> = HashSet::new();
        for p in &self.planned {
            if let Some(found) = added.find(p, &self.services, renames) {
                became.insert(&found.service.key);
            }
            for r in renames.split_into(&p.name) {
                if let Some(n) = added.by_name(&r.to) {
                    became.insert(&n.key);
                }
            }
        }
        let planned = Finder::new(&self.planned);
        d.previously_planned = d
            .added
            .iter()
            .filter(|a| {
                became.contains(a.key.as_str())
                    || planned.find(a, &newer.services, renames).is_some()
            })
            .map(|a| a.name.clone())
            .collect();
        d
    }
}

impl ScopeDiff {
    /// The other new names of a service the table says became two (a split): "Dynamics 365
    /// for Finance and Operations", found as Dynamics 365 Finance, became Dynamics 365 Supply
    /// Chain Management too, which is then a rename of it, not an added service.
    fn other_halves(&mut self, finder: &Finder<'_>, renames: &Renames) {
        let mut halves = Vec::new();
        for r in self
            .renamed
            .iter()
            .filter(|r| r.source == RenameSource::Table)
        {
            // The split may be met on the way: "Dynamics 365 Finance and Operations", another
            // name of "Dynamics 365 for Finance and Operations".
            let on_the_way = renames.path(&r.from.name).into_iter().map(|p| p.to);
            for name in std::iter::once(r.from.name.clone()).chain(on_the_way) {
                for split in renames.split_into(&name) {
                    let Some(n) = finder.by_name(&split.to) else {
                        continue;
                    };
                    if let Some(i) = self.added.iter().position(|a| a.key == n.key) {
                        halves.push(RenamedService {
                            from: r.from.clone(),
                            to: self.added.remove(i),
                            since: split.since,
                            source: RenameSource::Table,
                        });
                    }
                }
            }
        }
        self.renamed.extend(halves);
    }

    /// Records an older service and the newer one it was found as.
    fn record(&mut self, o: &Service, found: Found<'_>) {
        let n = found.service;
        if let Some((source, since)) = found.renamed {
            self.renamed.push(RenamedService {
                from: o.clone(),
                to: n.clone(),
                since,
                source,
            });
            return;
        }
        let (from_section, from_title, from_offering) = place(o);
        let (to_section, to_title, to_offering) = place(n);
        if from_title != to_title || from_offering != to_offering {
            self.moved.push(MovedService {
                service: n.clone(),
                from_section,
                to_section,
                from_offering,
                to_offering,
            });
        } else {
            self.unchanged += 1;
        }
    }
}

/// A newer service found for an older one; `renamed` when the names differ.
struct Found<'a> {
    service: &'a Service,
    renamed: Option<(RenameSource, Option<String>)>,
}

/// The newer release's services by loose key, by the other names it gives, by edition base,
/// and by what their rows include, alone and after the service's name ("Network Watcher
/// Traffic Analytics" for "Network Watcher (incl. Traffic Analytics)").
struct Finder<'a> {
    set: &'a ScopeSet,
    compact: HashMap<String, &'a Service>,
    other_names: HashMap<String, &'a Service>,
    editions: HashMap<String, Vec<&'a Service>>,
    included: HashMap<String, &'a Service>,
}

impl<'a> Finder<'a> {
    fn new(set: &'a ScopeSet) -> Finder<'a> {
        let mut f = Finder {
            set,
            compact: HashMap::new(),
            other_names: HashMap::new(),
            editions: HashMap::new(),
            included: HashMap::new(),
        };
        for s in set {
            f.compact.entry(compact_key(&s.key)).or_insert(s);
            for other in s.former_names.iter().chain(&s.aliases) {
                f.other_names.entry(loose(other)).or_insert(s);
            }
            if let Some((base, _)) = split_qualifier(&s.name) {
                f.editions.entry(loose(base)).or_default().push(s);
            }
            for part in &s.includes {
                f.included.entry(loose(part)).or_insert(s);
                let whole_then_part = format!("{} {part}", s.name);
                f.included.entry(loose(&whole_then_part)).or_insert(s);
            }
        }
        f
    }

    /// The newer service an older one is, if any. `old` is the older release: a name it lists
    /// itself is never the rename of another of its services.
    fn find(&self, o: &Service, old: &ScopeSet, renames: &Renames) -> Option<Found<'a>> {
        if let Some(service) = self.set.get(&o.key) {
            return Some(Found {
                service,
                renamed: None,
            });
        }
        let renamed = |service: &'a Service, source, since| Found {
            service,
            renamed: Some((source, since)),
        };
        let fresh = |n: &&'a Service| !old.contains_key(&n.key);
        if let Some(n) = self.by_other_name(o).filter(fresh) {
            return Some(renamed(n, RenameSource::Document, None));
        }
        // The newest name on the way that the newer release lists, dated by the step that
        // gave the name as listed. Other steps may lead there too, by brand words, and their
        // dates are not the listed name's: "Cognitive Services: Speech" (2021-08) and "Foundry
        // Tools: Speech" (2025-11) for "Azure AI services: Speech" (2023-07), "Foundry Tools:
        // Face" (2025-11) for the 2025-09 page's "Azure AI Foundry: Azure AI Face", which no
        // step gives: no date then. The vendor's name in front does not count ("Azure Machine
        // Learning" gave "Machine Learning").
        let steps: Vec<(&'a Service, String, Option<String>)> = renames
            .path(&o.name)
            .into_iter()
            .take_while(|r| !r.retired)
            .filter_map(|r| Some((self.by_name(&r.to)?, r.to, r.since)))
            .filter(|(n, _, _)| fresh(n))
            .collect();
        if let Some((n, _, _)) = steps.last() {
            let since = steps
                .iter()
                .find(|(m, to, _)| {
                    m.key == n.key && unbranded(&normalize_key(to)) == unbranded(&n.key)
                })
                .and_then(|(_, _, since)| since.clone());
            return Some(renamed(n, RenameSource::Table, since));
        }
        let n = self.by_name(&o.name).filter(fresh)?;
        Some(if n.name == o.name {
            Found {
                service: n,
                renamed: None,
            }
        } else {
            renamed(n, RenameSource::Wording, None)
        })
    }

    /// The service of this name: same key, same loose key, or an edition worded differently.
    fn by_name(&self, name: &str) -> Option<&'a Service> {
        let key = normalize_key(name);
        self.set
            .get(&key)
            .or_else(|| self.compact.get(&compact_key(&key)).copied())
            .or_else(|| self.same_edition(name))
    }

    /// "Base (Premium P1 + P2)" for "Base (P1 + P2)": one qualifier's words contain the
    /// other's.
    fn same_edition(&self, name: &str) -> Option<&'a Service> {
        let (base, q) = split_qualifier(name)?;
        let want = qualifier_words(q);
        self.editions.get(&loose(base))?.iter().copied().find(|s| {
            split_qualifier(&s.name).is_some_and(|(_, sq)| {
                let have = qualifier_words(sq);
                have.is_subset(&want) || want.is_subset(&have)
            })
        })
    }

    /// The service that gives `old`'s name (or one of its other names) as a former or other
    /// name; or whose name is one of `old`'s other names.
    fn by_other_name(&self, old: &Service) -> Option<&'a Service> {
        std::iter::once(&old.name)
            .chain(&old.former_names)
            .chain(&old.aliases)
            .find_map(|n| self.other_names.get(&loose(n)).copied())
            .or_else(|| {
                old.former_names
                    .iter()
                    .chain(&old.aliases)
                    .find_map(|n| self.compact.get(&loose(n)).copied())
            })
    }
}

/// A key without the vendor's words in front ("azure machine learning" → "machine learning").
fn unbranded(key: &str) -> &str {
    let mut rest = key;
    while let Some(r) = ["azure ", "microsoft "]
        .iter()
        .find_map(|vendor| rest.strip_prefix(vendor))
    {
        rest = r;
    }
    rest
}

fn loose(name: &str) -> String {
    compact_key(&normalize_key(name))
}
