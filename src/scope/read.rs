//! Stage 7, scope: the scope of one SSP read from its sections, and the ISMAP scope (the union
//! of the Azure and Office 365 scopes, since ISMAP audits the same scope as FedRAMP).

use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

use crate::docx::document::{Document, DocumentBuilder};
use crate::error::{Error, Result};
use crate::scope::extract::{Extracted, Standing, describe, extract_services, states_none};
use crate::scope::locate::{FoundBy, Located, LocatedSection, ProfileChoice, locate};
use crate::scope::names::ServiceName;
use crate::scope::notice::Notice;
use crate::scope::profile::{Offering, SspKind};
use crate::scope::renames::Renames;
use crate::scope::set::{ScopeSet, Service, Source};

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
    pub matched_by: FoundBy,
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
    /// When the document was last modified (its core properties), as written.
    #[serde(default)]
    pub modified: Option<String>,
    /// The sections read.
    pub sections: Vec<FoundSection>,
    /// The in-scope services.
    pub services: ScopeSet,
    /// Services listed as planned ("Planned 2019" marked, no FedRAMP mark): not in scope.
    pub planned: ScopeSet,
    /// Services listed in a table whose FedRAMP columns do not mark them: not in scope.
    pub not_authorized: ScopeSet,
    /// Remarks: renumbered sections, sections that state they list no service (in English;
    /// [`DocumentScope::notices`] has them to render in another language).
    pub warnings: Vec<String>,
    /// The remarks, as data.
    #[serde(default)]
    pub notices: Vec<Notice>,
}

impl DocumentScope {
    /// Opens an SSP and reads its scope, detecting whether it is an Azure or Office 365 SSP;
    /// sources name the document by `path` as given.
    ///
    /// # Errors
    ///
    /// As [`Document::open`] and [`read_scope`].
    ///
    /// ```
    /// use fedramp_ssp::DocumentScope;
    ///
    /// let scope = DocumentScope::read("fixtures/samples/office365-ssp.docx")?;
    /// assert!(scope.services.lookup("Exchange Online").is_found());
    /// # Ok::<(), fedramp_ssp::Error>(())
    /// ```
    pub fn read(path: impl AsRef<std::path::Path>) -> Result<DocumentScope> {
        DocumentScope::read_with(path, &ProfileChoice::Auto)
    }

    /// [`DocumentScope::read`] with a profile of the caller's choice. The rest of the main part
    /// is checked on a second thread while the sections are read, when the machine has a core
    /// to spare (see [`DocumentBuilder::single_threaded`]).
    ///
    /// # Errors
    ///
    /// As [`Document::open`] and [`read_scope`].
    pub fn read_with(
        path: impl AsRef<std::path::Path>,
        choice: &ProfileChoice,
    ) -> Result<DocumentScope> {
        read_path(path.as_ref(), choice, &DocumentBuilder::new())
    }

    /// Reads the scopes of several SSPs at once, on as many threads as the machine has cores
    /// (never more than there are files), and returns each result in the order given. A file
    /// that cannot be read gives its error in its place; the others are still read. With more
    /// than one thread, each file's integrity check runs on the thread reading it (see
    /// [`DocumentBuilder::single_threaded`]): every core is busy already.
    ///
    /// ```
    /// use fedramp_ssp::{DocumentScope, ProfileChoice};
    ///
    /// let paths = ["fixtures/samples/azure-ssp.docx", "fixtures/samples/office365-ssp.docx"];
    /// let scopes = DocumentScope::read_all(&paths, &ProfileChoice::Auto);
    /// assert_eq!(scopes.len(), 2);
    /// assert_eq!(scopes[1].as_ref().map(|s| s.path.as_str()).ok(), Some(paths[1]));
    /// ```
    pub fn read_all<P>(paths: &[P], choice: &ProfileChoice) -> Vec<Result<DocumentScope>>
    where
        P: AsRef<std::path::Path> + Sync,
    {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        // With a file per core, every core is already parsing: each file's integrity check
        // then runs on its own reading thread (less work in all than a second thread each).
        let mut builder = DocumentBuilder::new();
        builder.single_threaded(threads.min(paths.len()) > 1);
        in_parallel(paths, threads, |p| read_path(p.as_ref(), choice, &builder))
    }
}

/// Opens the SSP at `path` with `builder` and reads its scope, naming it by the path as given.
fn read_path(
    path: &std::path::Path,
    choice: &ProfileChoice,
    builder: &DocumentBuilder,
) -> Result<DocumentScope> {
    std::thread::scope(|beside| {
        // The names' table of renames is built on first use: with a core to spare, while the
        // document is read rather than after (once a process: a thread costs ~0.1 ms).
        if builder.may_use_a_second_thread() && !Renames::builtin_is_built() {
            beside.spawn(Renames::builtin);
        }
        // The numbering is waited for where the body first needs it (and its errors reported).
        let mut doc = builder.open_for_reading(path)?;
        read_scope(&mut doc, &path.display().to_string(), choice)
    })
}

/// `work` applied to every item on up to `threads` threads, each taking the next item not yet
/// taken; the results in the order of the items. A panic in `work` (a bug: the library does not
/// panic by design) is passed on to the caller as it would be without threads.
fn in_parallel<T, R, F>(items: &[T], threads: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(&work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, work(item)));
        }
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => {
                    for (i, r) in done {
                        if let Some(slot) = slots.get_mut(i) {
                            *slot = Some(r);
                        }
                    }
                }
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
    });
    slots.into_iter().flatten().collect()
}

/// Reads the scope of an SSP. `name` is how sources refer to the document (e.g. its path).
///
/// The sections the profile names (9.2.1 and 9.2.2 of an Azure SSP, 9.5 of an Office 365 SSP;
/// with [`ProfileChoice::Auto`] the kind is told from the title page and core properties, else
/// from which sections exist) are found in one streaming pass that stops once each has ended:
/// by number, or by title when the number is missing or heads another section (a warning says
/// so). Their service names come from, in this order:
///
/// 1. tables: the column named by its header ("Service", "Service Name", "In-scope services",
///    "Cloud Service", "Offering"), else the name-like column naming the most services; header
///    rows (also repeated ones), empty rows and group captions spanning the table skipped,
///    merged cells resolved, a layout table around the service table looked through; other
///    columns of marks (✅ ✓ ✔ ☑ ☒ √, `:heavy_check_mark:`, Yes, X) read as authorizations:
///    where a column names FedRAMP, an unmarked row is not in scope — planned when only a
///    "Planned ..." column marks it;
/// 2. else list items of the section's own body (nested items as children of their parent);
/// 3. else the titles of its direct sub-headings;
/// 4. else runs of two or more short paragraphs that read as names, one name a line.
///
/// A cell, item or line that enumerates names ("A, B, and C", "A; B") gives each; each name is
/// then cleaned and annotated ([`ServiceName`]). Prose, other sections and table-of-contents
/// entries never count; a non-empty cell of the service column that does not read as a name is
/// reported as a warning, never dropped silently.
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
    let properties = doc.properties();
    let (title, modified) = (properties.title.clone(), properties.modified.clone());
    locate(doc, choice, |located| {
        scope_of(located, name, title, modified)
    })?
}

/// The scope the located sections of the document `name` give; `title` and `modified`: its
/// core properties'.
fn scope_of(
    located: Located,
    name: &str,
    title: Option<String>,
    modified: Option<String>,
) -> Result<DocumentScope> {
    if let Some((spec, nearby)) = located.missing.first() {
        return Err(Error::SectionNotFound {
            wanted: format!("{} \"{}\"", spec.number, spec.title),
            document: name.to_string(),
            read_as: (!located.kind_known).then_some(located.profile.kind.as_str()),
            nearby: nearby.clone(),
        });
    }
    let mut scope = DocumentScope {
        path: name.to_string(),
        kind: located.profile.kind,
        title: None,
        modified,
        sections: Vec::new(),
        services: ScopeSet::new(),
        planned: ScopeSet::new(),
        not_authorized: ScopeSet::new(),
        warnings: Vec::new(),
        notices: located.warnings,
    };
    for found in &located.sections {
        let section = read_section(found, name, &mut scope.notices)?;
        if section.is_empty() {
            scope.notices.push(Notice::StatesNone {
                number: section.found.number.clone(),
                title: section.found.title.clone(),
            });
        }
        scope.services.extend(section.services);
        scope.planned.extend(section.planned);
        scope.not_authorized.extend(section.not_authorized);
        scope.sections.push(section.found);
    }
    scope.title = title.or_else(|| {
        located
            .title_page
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_string)
    });
    scope.warnings = scope.notices.iter().map(Notice::to_string).collect();
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
    warnings: &mut Vec<Notice>,
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
        warnings.push(Notice::SkippedCell {
            section: number.clone(),
            text: text.chars().take(80).collect(),
        });
    }
    if let Some(more) = extraction.skipped.len().checked_sub(MAX_SKIP_WARNINGS)
        && more > 0
    {
        warnings.push(Notice::MoreSkipped {
            section: number.clone(),
            count: more,
        });
    }
    for extracted in extraction.services {
        let standing = extracted.standing;
        let Some(service) = service_of(extracted, found, document, &number) else {
            continue;
        };
        match standing {
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
            held: Box::new(describe(&found.section)),
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
        .map(|c| crate::scope::names::clean(c))
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

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn parallel_results_keep_the_order_given() {
        let items: Vec<u64> = (0..257).collect();
        for threads in [1, 2, 3, 8, 1000] {
            let out = in_parallel(&items, threads, |&i| {
                // Uneven work, so threads finish out of order.
                (0..(i % 7) * 1000).fold(i, |a, b| a.wrapping_add(b % 3))
            });
            let want: Vec<u64> = items
                .iter()
                .map(|&i| (0..(i % 7) * 1000).fold(i, |a, b| a.wrapping_add(b % 3)))
                .collect();
            assert_eq!(out, want, "{threads} threads");
        }
        assert!(in_parallel(&[] as &[u8], 4, |&b| b).is_empty());
    }
}
