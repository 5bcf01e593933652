//! Stage 5, extraction: find the sections a profile names, then take the service names out of
//! their tables, lists or sub-headings.
//!
//! Sections are found in one streaming pass that stops once every requested section has ended.
//! A section is found by number; when the number is missing or heads a section with another
//! title, by title, and the result says which. Service names come from, in this order:
//!
//! 1. tables in the section: the column named by its header ("Service", "Service Name",
//!    "Offering", ...), else the first column of short text that is neither numbers nor check
//!    marks; header rows (also repeated ones), empty rows and group captions spanning the whole
//!    table are skipped, merged cells resolved;
//! 2. else list items in the section's own body, nested items kept as children of their parent;
//! 3. else the titles of its direct sub-headings;
//! 4. else runs of two or more consecutive short paragraphs that read as names (no sentence
//!    punctuation, few words), one name a line, as converted documents have them.
//!
//! Prose paragraphs, other sections and table-of-contents entries never count.

use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

use crate::blocks::{Block, Mode, Paragraph, Table};
use crate::document::Document;
use crate::error::Result;
use crate::names::similarity;
use crate::numbering::LabelKind;
use crate::outline::{Heading, Section, collapse_whitespace, fold_title};
use crate::profile::{Profile, SectionSpec, SspKind, detect_kind};

/// How a section was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// By its number, with the expected title.
    Number,
    /// By its title (the number was missing or held another section).
    Title,
}

/// A section found for a [`SectionSpec`].
#[derive(Debug, Clone)]
pub struct LocatedSection {
    /// What was asked for.
    pub spec: SectionSpec,
    /// What was found.
    pub section: Section,
    /// How it was found.
    pub matched_by: MatchedBy,
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
    pub warnings: Vec<String>,
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

struct Collector {
    spec: usize,
    by_number: bool,
    by_title: bool,
    section: Section,
}

#[derive(Default, Clone)]
struct Found {
    by_number: Option<Section>,
    by_title: Option<Section>,
}

/// Finds the sections of a profile (or of both built-in profiles, when detecting).
pub fn locate<R: Read + Seek>(doc: &mut Document<R>, choice: &ProfileChoice) -> Result<Located> {
    let props = doc.properties().clone();
    let mut candidates: Vec<Profile> = match choice {
        ProfileChoice::Given(p) => vec![p.clone()],
        ProfileChoice::Auto => vec![Profile::azure(), Profile::office365()],
    };
    let mut specs: Vec<(SspKind, SectionSpec)> = flatten(&candidates);
    let mut found: Vec<Found> = vec![Found::default(); specs.len()];
    let mut open: Vec<Collector> = Vec::new();
    let mut title_page = String::new();
    for t in [&props.title, &props.subject, &props.keywords]
        .into_iter()
        .flatten()
    {
        title_page.push_str(t);
        title_page.push('\n');
    }
    let mut numbered: Vec<Heading> = Vec::new();
    let mut seen_heading = false;
    let mut decided = candidates.len() == 1;
    let mut kind_known = decided;

    let mut blocks = doc.blocks()?;
    while let Some(block) = blocks.next() {
        let block = block?;
        let heading = block.as_paragraph().and_then(Heading::from_paragraph);
        let Some(h) = heading else {
            // The title page: what comes before the first heading, less a table of contents
            // (whose entries name sections, not the document).
            let toc = block.as_paragraph().is_some_and(|p| p.is_toc_entry());
            if !seen_heading && !toc && title_page.len() < TITLE_PAGE_LIMIT {
                let text = block.text();
                if !text.trim().is_empty() {
                    title_page.push_str(&text);
                    title_page.push('\n');
                }
            }
            match open.as_mut_slice() {
                [] => {}
                [only] => only.section.blocks.push(block),
                many => {
                    for c in many {
                        c.section.blocks.push(block.clone());
                    }
                }
            }
            continue;
        };
        seen_heading = true;
        if !decided {
            decided = true;
            if let Some(kind) = detect_kind(&title_page) {
                kind_known = true;
                candidates.retain(|p| p.kind == kind);
                (specs, found) = keep_kind(specs, found, kind);
            }
        }
        // Close the sections this heading ends.
        let mut still_open = Vec::new();
        for c in open.drain(..) {
            if h.level <= c.section.heading.level {
                store(&mut found, c);
            } else {
                let mut c = c;
                c.section.blocks.push(block.clone());
                still_open.push(c);
            }
        }
        open = still_open;
        if h.number.is_some() {
            numbered.push(h.clone());
        }
        // Open the sections this heading starts.
        for (i, (_, spec)) in specs.iter().enumerate() {
            let Some(f) = found.get(i) else { continue };
            let collecting = |by_number: bool| {
                open.iter()
                    .any(|c| c.spec == i && if by_number { c.by_number } else { c.by_title })
            };
            let by_number =
                f.by_number.is_none() && !collecting(true) && h.has_number(&spec.number);
            let by_title = f.by_title.is_none() && !collecting(false) && h.has_title(&spec.title);
            if by_number || by_title {
                open.push(Collector {
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
        // Between the sections asked for, only headings matter: tables are not built and body
        // text is not kept until the next section opens.
        blocks.set_mode(if open.is_empty() {
            Mode::Headings
        } else {
            Mode::Full
        });
        // Stop early once every section asked for has been read to its end.
        if decided
            && open.is_empty()
            && specs
                .iter()
                .enumerate()
                .all(|(i, (_, spec))| is_done(found.get(i), spec))
        {
            break;
        }
    }
    for c in open {
        store(&mut found, c);
    }

    // Undecided (nothing on the title page): keep the profile whose sections were found.
    if candidates.len() > 1 {
        let score = |kind: SspKind| {
            specs
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| *k == kind)
                .filter(|(i, (_, spec))| resolve(found.get(*i), spec).is_some())
                .count()
        };
        // Azure when neither profile's sections are there: its sections come first in section 9.
        let keep = if score(SspKind::Azure) >= score(SspKind::Office365) {
            SspKind::Azure
        } else {
            SspKind::Office365
        };
        candidates.retain(|p| p.kind == keep);
        (specs, found) = keep_kind(specs, found, keep);
    }

    let profile = candidates.into_iter().next().unwrap_or_else(Profile::azure);
    let mut located = Located {
        profile,
        sections: Vec::new(),
        missing: Vec::new(),
        title_page,
        warnings: Vec::new(),
        kind_known,
    };
    let outline = crate::outline::Outline { headings: numbered };
    for (i, (_, spec)) in specs.iter().enumerate() {
        match resolve(found.get(i), spec) {
            Some((section, matched_by, warning)) => {
                if let Some(w) = warning {
                    located.warnings.push(w);
                }
                located.sections.push(LocatedSection {
                    spec: spec.clone(),
                    section,
                    matched_by,
                });
            }
            None => {
                let mut nearby = outline.nearby(&spec.number);
                if let Some(f) = found.get(i).and_then(|f| f.by_number.as_ref()) {
                    let label = format!(
                        "{} {}",
                        f.heading.number.as_deref().unwrap_or(""),
                        f.heading.title
                    );
                    if !nearby.contains(&label) {
                        nearby.insert(0, label);
                    }
                }
                located.missing.push((spec.clone(), nearby));
            }
        }
    }
    Ok(located)
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
            f.by_number = Some(c.section.clone());
            f.by_title = Some(c.section);
        }
        (true, false) => f.by_number = Some(c.section),
        (false, true) => f.by_title = Some(c.section),
        (false, false) => {}
    }
}

fn flatten(profiles: &[Profile]) -> Vec<(SspKind, SectionSpec)> {
    profiles
        .iter()
        .flat_map(|p| p.sections.iter().map(move |s| (p.kind, s.clone())))
        .collect()
}

/// Keeps the specs (and what was found for them) of one kind.
fn keep_kind(
    specs: Vec<(SspKind, SectionSpec)>,
    found: Vec<Found>,
    kind: SspKind,
) -> (Vec<(SspKind, SectionSpec)>, Vec<Found>) {
    specs
        .into_iter()
        .zip(found)
        .filter(|((k, _), _)| *k == kind)
        .unzip()
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
) -> Option<(Section, MatchedBy, Option<String>)> {
    let f = found?;
    match (&f.by_number, &f.by_title) {
        (Some(n), _) if n.heading.has_title(&spec.title) => {
            Some((n.clone(), MatchedBy::Number, None))
        }
        (n, Some(t)) => {
            let number = t.heading.number.as_deref().unwrap_or("(unnumbered)");
            let warning = match n {
                Some(n) => format!(
                    "section {} is titled \"{}\", not \"{}\"; using \"{}\" found as section {number} (renumbered release?)",
                    spec.number, n.heading.title, spec.title, t.heading.title
                ),
                None => format!(
                    "no section {}; using \"{}\" found by title as section {number} (renumbered release?)",
                    spec.number, t.heading.title
                ),
            };
            Some((t.clone(), MatchedBy::Title, Some(warning)))
        }
        (Some(n), None) => {
            // Same number, a retitled section: accept when the titles are close.
            let sim = similarity(&fold_words(&n.heading.title), &fold_words(&spec.title));
            (sim >= 0.5).then(|| {
                let warning = format!(
                    "section {} is titled \"{}\", expected \"{}\"; using it (titles are similar)",
                    spec.number, n.heading.title, spec.title
                );
                (n.clone(), MatchedBy::Number, Some(warning))
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

/// How a service was listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// A table row.
    Table,
    /// A list item.
    List,
    /// A sub-heading.
    Subheading,
    /// A paragraph of its own, one name a line.
    Line,
}

/// One service name as found in a section, before normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The raw text (whitespace collapsed).
    pub text: String,
    /// Nested list items under this one.
    pub children: Vec<String>,
    /// Where it came from.
    pub layout: Layout,
}

/// Takes the service names out of a section.
pub fn extract_services(section: &Section) -> Vec<Extracted> {
    let tables: Vec<&Table> = section.blocks.iter().filter_map(Block::as_table).collect();
    if !tables.is_empty() {
        let out: Vec<Extracted> = tables.iter().flat_map(|t| table_services(t)).collect();
        if !out.is_empty() {
            return out;
        }
    }
    let level = section.heading.level;
    let own_body: Vec<&Block> = section
        .blocks
        .iter()
        .take_while(|b| b.as_paragraph().and_then(Heading::from_paragraph).is_none())
        .collect();
    let list = list_services(own_body.iter().filter_map(|b| b.as_paragraph()));
    if !list.is_empty() {
        return list;
    }
    let subheadings: Vec<Heading> = section.subheadings().collect();
    let top = subheadings
        .iter()
        .map(|h| h.level)
        .filter(|l| *l > level)
        .min();
    let titles: Vec<Extracted> = subheadings
        .into_iter()
        .filter(|h| Some(h.level) == top)
        .map(|h| Extracted {
            text: h.title,
            children: Vec::new(),
            layout: Layout::Subheading,
        })
        .collect();
    if !titles.is_empty() {
        return titles;
    }
    line_services(own_body.iter().filter_map(|b| b.as_paragraph()))
}

/// A paragraph that reads as a name on its own line: short, no sentence punctuation at the end.
fn is_name_line(p: &Paragraph) -> Option<String> {
    if p.is_toc_entry() || p.is_heading() {
        return None;
    }
    let text = collapse_whitespace(p.text());
    let ends_sentence = text.ends_with(['.', ':', ';', '?', '!', ',']);
    let starts_lower = text.chars().next().is_some_and(char::is_lowercase);
    (is_name_like(&text) && !ends_sentence && !starts_lower && text.split_whitespace().count() <= 8)
        .then_some(text)
}

/// Runs of at least two consecutive name lines.
fn line_services<'a>(paragraphs: impl Iterator<Item = &'a Paragraph>) -> Vec<Extracted> {
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut flush = |run: &mut Vec<String>| {
        if run.len() >= 2 {
            out.extend(run.drain(..).map(|text| Extracted {
                text,
                children: Vec::new(),
                layout: Layout::Line,
            }));
        }
        run.clear();
    };
    for p in paragraphs {
        match is_name_line(p) {
            Some(text) => run.push(text),
            // Empty paragraphs (spacing) do not break a run.
            None if p.text().trim().is_empty() => {}
            None => flush(&mut run),
        }
    }
    flush(&mut run);
    out
}

fn list_level(p: &Paragraph) -> Option<u8> {
    if p.is_toc_entry() || p.is_heading() {
        return None;
    }
    if let Some(label) = p.label()
        && label.kind != LabelKind::None
    {
        return Some(label.level);
    }
    // "List Bullet 2" and the like without numbering: the level is in the style name.
    let name = p.style_name()?.to_lowercase();
    if name.starts_with("list bullet") || name.starts_with("list number") {
        let digit = name
            .chars()
            .rev()
            .find(char::is_ascii_digit)
            .and_then(|d| d.to_digit(10))
            .unwrap_or(1);
        return u8::try_from(digit.saturating_sub(1)).ok();
    }
    None
}

fn list_services<'a>(paragraphs: impl Iterator<Item = &'a Paragraph>) -> Vec<Extracted> {
    let items: Vec<(u8, String)> = paragraphs
        .filter_map(|p| Some((list_level(p)?, collapse_whitespace(p.text()))))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let Some(top) = items.iter().map(|(l, _)| *l).min() else {
        return Vec::new();
    };
    let mut out: Vec<Extracted> = Vec::new();
    for (level, text) in items {
        if level == top {
            out.push(Extracted {
                text,
                children: Vec::new(),
                layout: Layout::List,
            });
        } else if let Some(parent) = out.last_mut() {
            parent.children.push(text);
        }
    }
    out
}

const CHECK_MARKS: &[&str] = &[
    "✓", "✔", "☑", "☒", "✗", "✘", "x", "yes", "no", "y", "n", "√", "•", "-", "n/a", "na", "tbd",
];

fn is_check_or_number(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.is_empty()
        || CHECK_MARKS.contains(&t.as_str())
        || t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '#' | ' ' | '-' | '(' | ')')
        })
}

fn is_name_like(text: &str) -> bool {
    let t = text.trim();
    !is_check_or_number(t)
        && t.chars().count() <= 100
        && t.split_whitespace().count() <= 12
        && t.chars().any(char::is_alphabetic)
}

/// Header words that name the service column, by strength.
fn header_score(text: &str) -> u8 {
    let f = fold_title(text);
    if f.is_empty() {
        return 0;
    }
    const STRONG: [&str; 10] = [
        "servicename",
        "servicenames",
        "offeringname",
        "nameofservice",
        "azureservice",
        "azureservices",
        "cloudservice",
        "office365service",
        "microsoftservice",
        "productname",
    ];
    const AVOID: [&str; 9] = [
        "description",
        "category",
        "type",
        "model",
        "status",
        "id",
        "number",
        "count",
        "date",
    ];
    if STRONG.contains(&f.as_str()) {
        3
    } else if (f.contains("service") || f.contains("offering") || f.contains("product"))
        && !AVOID.iter().any(|a| f.contains(a))
    {
        2
    } else if matches!(
        f.as_str(),
        "name" | "names" | "feature" | "features" | "capability" | "application"
    ) {
        1
    } else {
        0
    }
}

const HEADER_HINTS: [&str; 14] = [
    "service",
    "offering",
    "name",
    "description",
    "category",
    "no",
    "#",
    "fedramp",
    "moderate",
    "high",
    "status",
    "type",
    "product",
    "impact",
];

fn looks_like_header(cells: &[String]) -> bool {
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    !non_empty.is_empty()
        && non_empty.iter().all(|c| c.chars().count() <= 40)
        && non_empty.iter().any(|c| {
            let f = c.to_lowercase();
            HEADER_HINTS.iter().any(|h| f.contains(h))
        })
}

fn cell_text(t: &Table, row: usize, col: usize) -> String {
    t.cell_at(row, col)
        .map(|c| collapse_whitespace(&c.text()))
        .unwrap_or_default()
}

fn table_services(t: &Table) -> Vec<Extracted> {
    let cols = t.columns();
    if cols == 0 {
        return Vec::new();
    }
    let rows: Vec<Vec<String>> = (0..t.rows.len())
        .map(|r| (0..cols).map(|c| cell_text(t, r, c)).collect())
        .collect();
    let is_caption = |r: usize| {
        t.rows.get(r).is_some_and(|row| {
            let origins: Vec<_> = (0..cols).filter_map(|c| row.cell_covering(c)).collect();
            origins.len() == cols
                && origins
                    .first()
                    .is_some_and(|first| origins.iter().all(|c| std::ptr::eq(*c, *first)))
        }) && cols > 1
    };
    // Header rows: marked as repeating, or a first row of short header words.
    let mut header: Option<Vec<String>> = None;
    let mut header_rows = Vec::new();
    for (r, cells) in rows.iter().enumerate() {
        if is_caption(r) {
            continue;
        }
        let marked = t.rows.get(r).is_some_and(|row| row.is_header);
        if marked || (header.is_none() && header_rows.is_empty() && looks_like_header(cells)) {
            if header.is_none() {
                header = Some(cells.clone());
            }
            header_rows.push(r);
            continue;
        }
        break;
    }
    let body: Vec<usize> = (0..rows.len())
        .filter(|r| !header_rows.contains(r) && !is_caption(*r))
        .filter(|r| {
            rows.get(*r)
                .is_some_and(|cells| cells.iter().any(|c| !c.is_empty()))
        })
        .filter(|r| header.as_ref() != rows.get(*r))
        .collect();
    let by_header = header.as_ref().and_then(|h| {
        let best = h.iter().map(|c| header_score(c)).max().filter(|s| *s > 0)?;
        h.iter().position(|c| header_score(c) == best)
    });
    let column = by_header.or_else(|| {
        (0..cols).find(|&c| {
            let values: Vec<&String> = body
                .iter()
                .filter_map(|r| rows.get(*r)?.get(c))
                .filter(|v| !v.is_empty())
                .collect();
            let name_like = values.iter().filter(|v| is_name_like(v)).count();
            !values.is_empty() && name_like * 10 >= values.len() * 6
        })
    });
    let Some(column) = column else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in body {
        let Some(row) = t.rows.get(r) else { continue };
        let Some(cell) = row.cell_covering(column) else {
            continue;
        };
        if cell.merged_from.is_some() {
            continue;
        }
        // A cell holding a list gives one service per item; otherwise its paragraphs are one name.
        let paragraphs: Vec<&Paragraph> =
            cell.blocks.iter().filter_map(Block::as_paragraph).collect();
        let listed = list_services(paragraphs.iter().copied());
        if listed.len() > 1 {
            out.extend(listed.into_iter().map(|e| Extracted {
                layout: Layout::Table,
                ..e
            }));
            continue;
        }
        let text = collapse_whitespace(
            &paragraphs
                .iter()
                .map(|p| p.text())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if is_name_like(&text) {
            out.push(Extracted {
                text,
                children: Vec::new(),
                layout: Layout::Table,
            });
        }
    }
    out
}
