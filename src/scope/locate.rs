//! Stage 5a, locating sections: the sections a profile names (9.2.1 and 9.2.2 of an Azure SSP,
//! 9.5 of an Office 365 SSP), found in one streaming pass that stops once every section asked
//! for has ended. A section is found by number; when the number is missing or heads a section
//! with another title, by title, and the result says which.

use std::io::{Read, Seek};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::docx::body::{Block, Mode};
use crate::docx::document::{CoreProperties, Document};
use crate::docx::limits::Limits;
use crate::docx::outline::{Heading, Outline, Section, fold_title};
use crate::error::{Error, Result};
use crate::scope::notice::Notice;
use crate::scope::profile::{Profile, SectionSpec, SspKind, detect_kind};
use crate::text::similarity;

/// How a section was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FoundBy {
    /// By its number, with the expected title.
    Number,
    /// By its title (the number was missing or held another section).
    Title,
}

impl FoundBy {
    /// The name used in JSON: `number` or `title`.
    pub fn as_str(self) -> &'static str {
        match self {
            FoundBy::Number => "number",
            FoundBy::Title => "title",
        }
    }
}

impl std::fmt::Display for FoundBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A section found for a [`SectionSpec`].
#[derive(Debug, Clone)]
pub struct LocatedSection {
    /// What was asked for.
    pub spec: SectionSpec,
    /// What was found.
    pub section: Section,
    /// How it was found.
    pub matched_by: FoundBy,
}

/// The outcome of locating a profile's sections in one pass.
#[derive(Debug, Clone)]
pub struct Located {
    /// The profile used (detected or given).
    pub profile: Profile,
    /// Found sections, in profile order. Missing ones are listed in `missing`.
    pub sections: Vec<LocatedSection>,
    /// Specs with no section found, with the numbered headings nearby.
    pub missing: Vec<(SectionSpec, Vec<String>)>,
    /// Text of the title page (paragraphs before the first heading, bounded).
    pub title_page: String,
    /// Remarks for the user (renumbered sections, titles that differ).
    pub warnings: Vec<Notice>,
    /// Whether the kind was given or recognized from the title page, rather than guessed from
    /// which sections were found.
    pub kind_known: bool,
}

/// Which profile to read a document with.
#[derive(Debug, Clone)]
pub enum ProfileChoice {
    /// Detect Azure or Office 365 from the title page, core properties and headings.
    Auto,
    /// Use this profile.
    Given(Profile),
}

const TITLE_PAGE_LIMIT: usize = 16 * 1024;

/// A section being collected for the spec at `spec`.
struct Collector {
    spec: usize,
    by_number: bool,
    by_title: bool,
    section: Section,
}

/// What was found for one spec: the section under its number, the section under its title
/// (shared when one section is both, never copied).
#[derive(Default, Clone)]
struct Found {
    by_number: Option<Rc<Section>>,
    by_title: Option<Rc<Section>>,
}

/// The state of one pass over the body looking for a profile's sections.
struct Locator {
    candidates: Vec<Profile>,
    specs: Vec<(SspKind, SectionSpec)>,
    found: Vec<Found>,
    open: Vec<Collector>,
    title_page: String,
    numbered: Vec<Heading>,
    seen_heading: bool,
    decided: bool,
    kind_known: bool,
    /// Memory held by the blocks of the open and found sections (clones counted each).
    held: u64,
    limits: Limits,
}

/// Finds the sections of a profile (or of both built-in profiles, when detecting), in one
/// streaming pass that stops once every section asked for has ended, and works out `answer`
/// from them.
///
/// When the pass stops early, the rest of the part is still to be checked (see
/// [`Blocks::finish`](crate::Blocks::finish)): on a second thread, that check is often what a
/// read waits for last, so the answer is worked out while it runs on, and given only once it
/// has passed. Its error, if any, comes first, as if it had been waited for before.
///
/// # Errors
///
/// Any error of reading the body.
pub fn locate<R: Read + Seek, T>(
    doc: &mut Document<R>,
    choice: &ProfileChoice,
    answer: impl FnOnce(Located) -> T,
) -> Result<T> {
    let mut locator = Locator::new(doc.properties(), choice, *doc.limits());
    let mut blocks = doc.blocks_stopping_early()?;
    // Before the first heading, only the title page's text is kept.
    blocks.set_mode(Mode::TitlePage);
    while let Some(block) = blocks.next() {
        let block = block?;
        let Some(h) = block.as_paragraph().and_then(Heading::from_paragraph) else {
            locator.body(block)?;
            continue;
        };
        locator.heading(&h, &block)?;
        // Between the sections asked for, only headings matter: tables are not built and body
        // text is not kept until the next section opens.
        blocks.set_mode(if locator.open.is_empty() {
            Mode::Headings
        } else {
            Mode::Full
        });
        if locator.done() {
            // The answer is given only from bytes whose integrity was checked: the rest of the
            // part is inflated (not parsed) so that its CRC is verified.
            let answer = answer(locator.finish());
            blocks.finish()?;
            return Ok(answer);
        }
    }
    Ok(answer(locator.finish()))
}

impl Locator {
    fn new(props: &CoreProperties, choice: &ProfileChoice, limits: Limits) -> Locator {
        let candidates: Vec<Profile> = match choice {
            ProfileChoice::Given(p) => vec![p.clone()],
            ProfileChoice::Auto => vec![Profile::azure(), Profile::office365()],
        };
        let specs = flatten(&candidates);
        let mut title_page = String::new();
        for t in [&props.title, &props.subject, &props.keywords]
            .into_iter()
            .flatten()
        {
            title_page.push_str(t);
            title_page.push('\n');
        }
        let decided = candidates.len() == 1;
        Locator {
            found: vec![Found::default(); specs.len()],
            candidates,
            specs,
            open: Vec::new(),
            title_page,
            numbered: Vec::new(),
            seen_heading: false,
            decided,
            kind_known: decided,
            held: 0,
            limits,
        }
    }

    /// Counts a block kept by `copies` open sections, against
    /// [`Limits::max_section_size`].
    fn hold(&mut self, block: &Block, copies: usize) -> Result<()> {
        if copies == 0 {
            return Ok(());
        }
        let bytes = block.held_bytes().saturating_mul(copies as u64);
        self.held = self.held.saturating_add(bytes);
        if self.held > self.limits.max_section_size {
            let section = self
                .open
                .first()
                .and_then(|c| self.specs.get(c.spec))
                .map_or_else(String::new, |(_, spec)| spec.number.clone());
            return Err(Error::SectionTooLarge {
                section,
                limit: self.limits.max_section_size,
            });
        }
        Ok(())
    }

    /// A block that is not a heading: title-page text before the first heading (less a table
    /// of contents, whose entries name sections, not the document), content of the sections
    /// being collected.
    fn body(&mut self, block: Block) -> Result<()> {
        self.hold(&block, self.open.len())?;
        let toc = block.as_paragraph().is_some_and(|p| p.is_toc_entry());
        if !self.seen_heading && !toc && self.title_page.len() < TITLE_PAGE_LIMIT {
            let text = block.text();
            if !text.trim().is_empty() {
                self.title_page.push_str(&text);
                self.title_page.push('\n');
            }
        }
        match self.open.as_mut_slice() {
            [] => {}
            [only] => only.section.blocks.push(block),
            many => {
                for c in many {
                    c.section.blocks.push(block.clone());
                }
            }
        }
        Ok(())
    }

    /// A heading: the kind is decided at the first one; it closes the sections it ends and
    /// opens those it starts.
    fn heading(&mut self, h: &Heading, block: &Block) -> Result<()> {
        self.seen_heading = true;
        if !self.decided {
            self.decided = true;
            if let Some(kind) = detect_kind(&self.title_page) {
                self.kind_known = true;
                self.keep_kind(kind);
            }
        }
        let mut still_open = Vec::new();
        for mut c in std::mem::take(&mut self.open) {
            if h.level <= c.section.heading.level {
                store(&mut self.found, c);
            } else {
                c.section.blocks.push(block.clone());
                still_open.push(c);
            }
        }
        self.open = still_open;
        self.hold(block, self.open.len())?;
        if h.number.is_some() {
            if self.numbered.len() >= self.limits.max_headings {
                return Err(Error::TooManyHeadings {
                    limit: self.limits.max_headings,
                });
            }
            self.numbered.push(h.clone());
        }
        self.open_sections(h);
        Ok(())
    }

    /// Opens a collector for each spec this heading starts (by number or by title), unless
    /// one is already found or open.
    fn open_sections(&mut self, h: &Heading) {
        for (i, (_, spec)) in self.specs.iter().enumerate() {
            let Some(f) = self.found.get(i) else { continue };
            let collecting = |by_number: bool| {
                self.open
                    .iter()
                    .any(|c| c.spec == i && if by_number { c.by_number } else { c.by_title })
            };
            let by_number =
                f.by_number.is_none() && !collecting(true) && h.has_number(&spec.number);
            let by_title = f.by_title.is_none() && !collecting(false) && h.has_title(&spec.title);
            if by_number || by_title {
                self.open.push(Collector {
                    spec: i,
                    by_number,
                    by_title,
                    section: Section {
                        heading: h.clone(),
                        blocks: Vec::new(),
                    },
                });
            }
        }
    }

    /// Whether every section asked for has been read to its end.
    fn done(&self) -> bool {
        self.decided
            && self.open.is_empty()
            && self
                .specs
                .iter()
                .enumerate()
                .all(|(i, (_, spec))| is_done(self.found.get(i), spec))
    }

    /// Keeps the candidate profile of one kind (and what was found for its specs).
    fn keep_kind(&mut self, kind: SspKind) {
        self.candidates.retain(|p| p.kind == kind);
        let (specs, found) = std::mem::take(&mut self.specs)
            .into_iter()
            .zip(std::mem::take(&mut self.found))
            .filter(|((k, _), _)| *k == kind)
            .unzip();
        self.specs = specs;
        self.found = found;
    }

    /// Undecided (nothing on the title page): keeps the profile whose sections were found;
    /// Azure when neither profile's are, since its sections come first in section 9.
    fn decide_by_sections(&mut self) {
        if self.candidates.len() <= 1 {
            return;
        }
        let score = |kind: SspKind| {
            self.specs
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| *k == kind)
                .filter(|(i, (_, spec))| resolve(self.found.get(*i), spec).is_some())
                .count()
        };
        let keep = if score(SspKind::Azure) >= score(SspKind::Office365) {
            SspKind::Azure
        } else {
            SspKind::Office365
        };
        self.keep_kind(keep);
    }

    fn finish(mut self) -> Located {
        for c in std::mem::take(&mut self.open) {
            store(&mut self.found, c);
        }
        self.decide_by_sections();
        let profile = self
            .candidates
            .into_iter()
            .next()
            .unwrap_or_else(Profile::azure);
        let mut located = Located {
            profile,
            sections: Vec::new(),
            missing: Vec::new(),
            title_page: self.title_page,
            warnings: Vec::new(),
            kind_known: self.kind_known,
        };
        let outline = Outline {
            headings: self.numbered,
        };
        for (i, (_, spec)) in self.specs.iter().enumerate() {
            match resolve(self.found.get(i), spec) {
                Some((section, matched_by, warning)) => {
                    located.warnings.extend(warning);
                    // The other holder of the section is dropped first, so that it is moved,
                    // not copied.
                    if let Some(f) = self.found.get_mut(i) {
                        *f = Found::default();
                    }
                    located.sections.push(LocatedSection {
                        spec: spec.clone(),
                        section: Rc::try_unwrap(section).unwrap_or_else(|s| (*s).clone()),
                        matched_by,
                    });
                }
                None => {
                    let nearby = nearby(&outline, self.found.get(i), spec);
                    located.missing.push((spec.clone(), nearby));
                }
            }
        }
        located
    }
}

/// The numbered headings near where a missing section would be, the one holding its number
/// (under another title) first.
fn nearby(outline: &Outline, found: Option<&Found>, spec: &SectionSpec) -> Vec<String> {
    let mut nearby = outline.nearby(&spec.number);
    if let Some(f) = found.and_then(|f| f.by_number.as_ref()) {
        let label = format!(
            "{} {}",
            f.heading.number.as_deref().unwrap_or(""),
            f.heading.title
        );
        if !nearby.contains(&label) {
            nearby.insert(0, label);
        }
    }
    nearby
}

/// Keeps a finished section as what was found for its spec, by number and/or by title.
fn store(found: &mut [Found], c: Collector) {
    let Some(f) = found.get_mut(c.spec) else {
        return;
    };
    match (
        c.by_number && f.by_number.is_none(),
        c.by_title && f.by_title.is_none(),
    ) {
        (true, true) => {
            let section = Rc::new(c.section);
            f.by_number = Some(Rc::clone(&section));
            f.by_title = Some(section);
        }
        (true, false) => f.by_number = Some(Rc::new(c.section)),
        (false, true) => f.by_title = Some(Rc::new(c.section)),
        (false, false) => {}
    }
}

fn flatten(profiles: &[Profile]) -> Vec<(SspKind, SectionSpec)> {
    profiles
        .iter()
        .flat_map(|p| p.sections.iter().map(move |s| (p.kind, s.clone())))
        .collect()
}

fn is_done(found: Option<&Found>, spec: &SectionSpec) -> bool {
    found.is_some_and(|f| {
        f.by_title.is_some()
            || f.by_number
                .as_ref()
                .is_some_and(|s| s.heading.has_title(&spec.title))
    })
}

/// Decides between the section found by number and the one found by title.
fn resolve(
    found: Option<&Found>,
    spec: &SectionSpec,
) -> Option<(Rc<Section>, FoundBy, Option<Notice>)> {
    let f = found?;
    match (&f.by_number, &f.by_title) {
        (Some(n), _) if n.heading.has_title(&spec.title) => {
            Some((Rc::clone(n), FoundBy::Number, None))
        }
        (n, Some(t)) => {
            let used_number = t
                .heading
                .number
                .clone()
                .unwrap_or_else(|| "(unnumbered)".to_string());
            let warning = match n {
                Some(n) => Notice::Renumbered {
                    number: spec.number.clone(),
                    found_title: n.heading.title.clone(),
                    expected_title: spec.title.clone(),
                    used_title: t.heading.title.clone(),
                    used_number,
                },
                None => Notice::FoundByTitle {
                    number: spec.number.clone(),
                    used_title: t.heading.title.clone(),
                    used_number,
                },
            };
            Some((Rc::clone(t), FoundBy::Title, Some(warning)))
        }
        (Some(n), None) => {
            // Same number, a retitled section: accept when the titles are close.
            let sim = similarity(&fold_words(&n.heading.title), &fold_words(&spec.title));
            (sim >= 0.5).then(|| {
                let warning = Notice::Retitled {
                    number: spec.number.clone(),
                    found_title: n.heading.title.clone(),
                    expected_title: spec.title.clone(),
                };
                (Rc::clone(n), FoundBy::Number, Some(warning))
            })
        }
        (None, None) => None,
    }
}

fn fold_words(s: &str) -> String {
    s.split_whitespace()
        .map(fold_title)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
