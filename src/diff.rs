//! What changed between two releases of an SSP's scope: services added, removed, renamed (by the
//! rename table) and moved (same service, other section or offering).
//!
//! ```
//! use fedramp_ssp::{Document, ProfileChoice, ScopeSet, read_scope};
//!
//! let mut scope = |path: &str| -> Result<ScopeSet, fedramp_ssp::Error> {
//!     let mut doc = Document::open(path)?;
//!     Ok(read_scope(&mut doc, path, &ProfileChoice::Auto)?.services)
//! };
//! let old = scope("fixtures/samples/azure-ssp-2019.docx")?;
//! let new = scope("fixtures/samples/azure-ssp-2024.docx")?;
//! let diff = ScopeSet::diff(&old, &new);
//! let sentinel = diff.renamed.iter().find(|r| r.from.name == "Azure Sentinel").unwrap();
//! assert_eq!(sentinel.to.name, "Microsoft Sentinel");
//! # Ok::<(), fedramp_ssp::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::names::{ServiceName, core_key};
use crate::renames::Renames;
use crate::scope::{Offering, ScopeSet, Service};

/// A service listed under another name in the newer release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenamedService {
    /// The service in the older release.
    pub from: Service,
    /// The service in the newer release.
    pub to: Service,
    /// When the new name appeared, if the rename table says.
    pub since: Option<String>,
}

/// A service listed in another section or as another kind of offering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The difference between two scopes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeDiff {
    /// In the newer scope only.
    pub added: Vec<Service>,
    /// In the older scope only.
    pub removed: Vec<Service>,
    /// The same service under a new name.
    pub renamed: Vec<RenamedService>,
    /// The same service in another section or offering.
    pub moved: Vec<MovedService>,
    /// Services listed the same way in both.
    pub unchanged: usize,
}

impl ScopeDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.moved.is_empty()
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
        let mut matched: Vec<&str> = Vec::new();
        // Exact key first, then the rename table, then the looser match without vendor words
        // (so "Azure Sentinel" → "Microsoft Sentinel" is a rename, "Automation" → "Azure
        // Automation" the same service).
        let exact = |name: &str| ServiceName::parse(name).and_then(|p| new.get(&p.key));
        let loose = |name: &str| {
            let core = core_key(&ServiceName::parse(name)?.key);
            new.iter().find(|s| core_key(&s.key) == core)
        };
        for o in old {
            let renamed = || {
                renames
                    .forward(&o.name)
                    .filter(|r| !r.retired)
                    .and_then(|r| Some((exact(&r.to).or_else(|| loose(&r.to))?, r.since)))
                    // A name the old release already listed is not a rename of this one.
                    .filter(|(n, _)| !old.contains_key(&n.key))
            };
            let same = exact(&o.name);
            let renamed = if same.is_none() { renamed() } else { None };
            if let Some((n, since)) = renamed {
                matched.push(&n.key);
                diff.renamed.push(RenamedService {
                    from: o.clone(),
                    to: n.clone(),
                    since,
                });
                continue;
            }
            let Some(n) = same.or_else(|| loose(&o.name)) else {
                diff.removed.push(o.clone());
                continue;
            };
            matched.push(&n.key);
            let (from_section, from_title, from_offering) = place(o);
            let (to_section, to_title, to_offering) = place(n);
            if from_title != to_title || from_offering != to_offering {
                diff.moved.push(MovedService {
                    service: n.clone(),
                    from_section,
                    to_section,
                    from_offering,
                    to_offering,
                });
            } else {
                diff.unchanged += 1;
            }
        }
        diff.added = new
            .iter()
            .filter(|n| !matched.contains(&n.key.as_str()))
            .cloned()
            .collect();
        diff
    }
}
