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

use crate::docx::body::{Block, Mode, Paragraph, Table};
use crate::docx::document::Document;
use crate::docx::numbering::LabelKind;
use crate::docx::outline::{Heading, Section, fold_title};
use crate::error::Result;
use crate::scope::profile::{Profile, SectionSpec, SspKind, detect_kind};
use crate::text::similarity;
use crate::text::{collapse_whitespace, split_top_level, strip_conjunction};

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
    let outline = crate::docx::outline::Outline { headings: numbered };
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
) -> Option<(Section, FoundBy, Option<String>)> {
    let f = found?;
    match (&f.by_number, &f.by_title) {
        (Some(n), _) if n.heading.has_title(&spec.title) => {
            Some((n.clone(), FoundBy::Number, None))
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
            Some((t.clone(), FoundBy::Title, Some(warning)))
        }
        (Some(n), None) => {
            // Same number, a retitled section: accept when the titles are close.
            let sim = similarity(&fold_words(&n.heading.title), &fold_words(&spec.title));
            (sim >= 0.5).then(|| {
                let warning = format!(
                    "section {} is titled \"{}\", expected \"{}\"; using it (titles are similar)",
                    spec.number, n.heading.title, spec.title
                );
                (n.clone(), FoundBy::Number, Some(warning))
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
#[non_exhaustive]
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

/// What a table's authorization columns say of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Standing {
    /// In the FedRAMP scope: marked in a FedRAMP column, or listed where no column says
    /// otherwise.
    Authorized,
    /// Marked only in a "Planned ..." column: not (yet) in scope.
    Planned,
    /// The table has FedRAMP columns and none of them marks the row.
    NotAuthorized,
}

/// One service name as found in a section, before normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Extracted {
    /// The raw text, whitespace collapsed within each line; a line break separates the name
    /// from annotations written below it.
    pub text: String,
    /// Nested list items under this one.
    pub children: Vec<String>,
    /// Where it came from.
    pub layout: Layout,
    /// The table's authorization columns (header, marked), in column order.
    pub marks: Vec<(String, bool)>,
    /// What those columns say.
    pub standing: Standing,
}

impl Extracted {
    fn new(text: String, layout: Layout) -> Extracted {
        Extracted {
            text,
            children: Vec::new(),
            layout,
            marks: Vec::new(),
            standing: Standing::Authorized,
        }
    }
}

/// What a section yields: its service names, and the non-empty cells of a service column that
/// did not read as names (reported, never dropped silently).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Extraction {
    /// The service names, in document order.
    pub services: Vec<Extracted>,
    /// Cells of the service column that were not read as names.
    pub skipped: Vec<String>,
}

/// Takes the service names out of a section.
pub fn extract_services(section: &Section) -> Extraction {
    let tables: Vec<&Table> = section.blocks.iter().filter_map(Block::as_table).collect();
    let mut out = Extraction::default();
    for t in tables {
        table_services(t, 0, &mut out);
    }
    if !out.services.is_empty() {
        return out;
    }
    Extraction {
        services: non_table_services(section),
        skipped: out.skipped,
    }
}

/// Lists, sub-headings or one name a line, in that order.
fn non_table_services(section: &Section) -> Vec<Extracted> {
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
        .map(|h| Extracted::new(h.title, Layout::Subheading))
        .collect();
    if !titles.is_empty() {
        return titles;
    }
    line_services(own_body.iter().filter_map(|b| b.as_paragraph()))
}

/// Whether a section says in words that it lists no service: its first text is "None",
/// "N/A", "Not applicable" or "There are no ...".
pub fn states_none(section: &Section) -> bool {
    let Some(first) = section
        .blocks
        .iter()
        .map(Block::text)
        .map(|t| collapse_whitespace(&t))
        .find(|t| !t.is_empty())
    else {
        return false;
    };
    let lower = first.to_lowercase();
    let word = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .next()
        .unwrap_or("");
    matches!(word, "none" | "n/a") || lower.starts_with("not applicable") || {
        lower.starts_with("there are no ") || lower.starts_with("no services")
    }
}

/// What a section holds, in a few words, for an error that says why no service was read:
/// "a table with columns Applicability | In-scope services, 2 rows".
pub fn describe(section: &Section) -> String {
    let mut parts = Vec::new();
    let tables: Vec<&Table> = section.blocks.iter().filter_map(Block::as_table).collect();
    for t in tables.iter().take(2) {
        let columns: Vec<String> = t
            .rows
            .first()
            .map(|r| {
                r.cells
                    .iter()
                    .take(8)
                    .map(|c| shorten(&collapse_whitespace(&c.text()), 40))
                    .collect()
            })
            .unwrap_or_default();
        parts.push(format!(
            "a table with columns {}, {} rows",
            columns.join(" | "),
            t.rows.len()
        ));
    }
    if tables.len() > 2 {
        parts.push(format!("{} more tables", tables.len() - 2));
    }
    let paragraphs: Vec<&Paragraph> = section
        .blocks
        .iter()
        .filter_map(Block::as_paragraph)
        .filter(|p| !p.text().trim().is_empty())
        .collect();
    let headings = paragraphs.iter().filter(|p| p.is_heading()).count();
    let items = paragraphs
        .iter()
        .filter(|p| list_level(p).is_some())
        .count();
    let text = paragraphs.len() - headings - items;
    for (n, one, many) in [
        (items, "list item", "list items"),
        (headings, "sub-heading", "sub-headings"),
        (text, "paragraph of text", "paragraphs of text"),
    ] {
        match n {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    if parts.is_empty() {
        return "nothing (no table, list or text)".to_string();
    }
    parts.join("; ")
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
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
            out.extend(run.drain(..).map(|text| Extracted::new(text, Layout::Line)));
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
        .filter_map(|p| Some((list_level(p)?, lines_of(p.text()))))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let Some(top) = items.iter().map(|(l, _)| *l).min() else {
        return Vec::new();
    };
    let mut out: Vec<Extracted> = Vec::new();
    for (level, text) in items {
        if level == top {
            out.extend(
                split_listed(&text)
                    .into_iter()
                    .map(|t| Extracted::new(t, Layout::List)),
            );
        } else if let Some(parent) = out.last_mut() {
            parent.children.push(collapse_whitespace(&text));
        }
    }
    out
}

/// Text with whitespace collapsed within each line and empty lines dropped; line breaks kept.
fn lines_of(text: &str) -> String {
    text.split(['\n', '\r', '\u{0B}'])
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Qualifier words that may follow a comma inside one name ("Dynamics 365 Sales, Enterprise
/// edition"): a piece ending with one of them continues the name before it.
const QUALIFIER_TAILS: [&str; 12] = [
    "edition", "editions", "plan", "plans", "tier", "tiers", "sku", "version", "versions",
    "preview", "release", "license",
];

/// The services a cell, list item or line names: "A, B, and C" or "A; B" are several; a comma
/// followed by a lowercase word or by a qualifier ("..., Enterprise edition") belongs to the
/// name. Only the first line is split: the lines below it annotate a single name.
fn split_listed(text: &str) -> Vec<String> {
    let (first, rest) = match text.split_once('\n') {
        Some((f, r)) => (f, Some(r)),
        None => (text, None),
    };
    let mut names: Vec<String> = Vec::new();
    for group in split_top_level(first, &[';', '；']) {
        let mut pieces: Vec<String> = Vec::new();
        for piece in split_top_level(&group, &[',', '，', '、']) {
            let item = strip_conjunction(&piece);
            let starts_name = item
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic());
            let tail = item
                .split_whitespace()
                .last()
                .is_some_and(|w| QUALIFIER_TAILS.contains(&w.to_lowercase().as_str()));
            match pieces.last_mut() {
                Some(prev) if !starts_name || tail => {
                    prev.push_str(", ");
                    prev.push_str(&piece);
                }
                _ => pieces.push(item.to_string()),
            }
        }
        // "A, B and C": the last item of an enumeration without the serial comma.
        if pieces.len() > 1
            && let Some(last) = pieces.pop()
        {
            pieces.extend(split_last_and(&last));
        }
        names.extend(pieces);
    }
    if let (Some(rest), [only]) = (rest, names.as_mut_slice()) {
        only.push('\n');
        only.push_str(rest);
    }
    names
}

/// "B and C" into two names when both sides are names of at least two words ("Microsoft
/// Bookings and Microsoft Whiteboard"); "Cost Management and Billing" stays whole.
fn split_last_and(item: &str) -> Vec<String> {
    if let Some((a, b)) = item.split_once(" and ")
        && !a.contains('(')
        && a.split_whitespace().count() >= 2
        && b.split_whitespace().count() >= 2
        && b.chars().next().is_some_and(char::is_uppercase)
    {
        return vec![a.trim().to_string(), b.trim().to_string()];
    }
    vec![item.to_string()]
}

/// What an authorization cell says: `Some(true)` for a mark (✅ ✓ ✔ ☑ ☒ √ X Yes
/// ":heavy_check_mark:"), `Some(false)` for an empty cell or a "no" (No, -, ✗, ☐, N/A), `None`
/// for other text.
fn mark_value(text: &str) -> Option<bool> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{FE0E}' | '\u{FE0F}'))
        .collect::<String>()
        .to_lowercase();
    const YES: [&str; 16] = [
        "✅",
        "✓",
        "✔",
        "☑",
        "☒",
        "√",
        "x",
        "yes",
        "y",
        ":heavy_check_mark:",
        ":white_check_mark:",
        ":check:",
        "\u{F0FC}",
        "\u{F0FE}",
        "●",
        "authorized",
    ];
    const NO: [&str; 14] = [
        "",
        "no",
        "n",
        "-",
        "–",
        "—",
        "✗",
        "✘",
        "❌",
        "☐",
        "n/a",
        "na",
        "tbd",
        "not authorized",
    ];
    if YES.contains(&t.as_str()) {
        Some(true)
    } else if NO.contains(&t.as_str()) {
        Some(false)
    } else {
        None
    }
}

fn is_check_or_number(text: &str) -> bool {
    let t = text.trim();
    mark_value(t).is_some()
        || t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '#' | ' ' | '-' | '(' | ')')
        })
}

/// Whether the first line of a cell or paragraph reads as a service name: some letters, not a
/// mark or a number, and short once parenthesized remarks are set aside ("(part of Azure AI
/// Language)", "(incl. A, B, and C)" do not make a name long).
fn is_name_like(text: &str) -> bool {
    let t = text.lines().next().unwrap_or("").trim();
    let bare = outside_parentheses(t);
    !is_check_or_number(t)
        && t.chars().count() <= 400
        && bare.chars().count() <= 100
        && bare.split_whitespace().count() <= 12
        && bare.chars().any(char::is_alphabetic)
}

/// The text outside parenthesized groups.
fn outside_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// Header words that name the service column, by strength.
fn header_score(text: &str) -> u8 {
    let f = fold_title(text);
    if f.is_empty() {
        return 0;
    }
    const STRONG: [&str; 14] = [
        "service",
        "services",
        "servicename",
        "servicenames",
        "offeringname",
        "nameofservice",
        "azureservice",
        "azureservices",
        "cloudservice",
        "cloudservices",
        "inscopeservices",
        "office365service",
        "microsoftservice",
        "productname",
    ];
    const AVOID: [&str; 11] = [
        "description",
        "category",
        "type",
        "model",
        "status",
        "id",
        "number",
        "count",
        "date",
        "applicability",
        "environment",
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

const HEADER_HINTS: [&str; 15] = [
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
    "applicability",
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
        .map(|c| {
            let paragraphs: Vec<String> = c
                .blocks
                .iter()
                .filter_map(Block::as_paragraph)
                .map(|p| lines_of(p.text()))
                .filter(|l| !l.is_empty())
                .collect();
            paragraphs.join("\n")
        })
        .unwrap_or_default()
}

/// An authorization column: its header, and whether it is a FedRAMP or a "Planned" column.
struct MarkColumn {
    column: usize,
    header: String,
    fedramp: bool,
    planned: bool,
}

/// The header of an authorization column names FedRAMP ("FedRAMP High", "FedRAMP Moderate")
/// or is a FedRAMP impact level alone ("Moderate", "High", "Low", "LI-SaaS").
fn names_fedramp(header: &str) -> bool {
    let f = fold_title(header);
    f.contains("fedramp") || matches!(f.as_str(), "low" | "moderate" | "high" | "lisaas")
}

/// The rows and columns of a service table, as the extractor reads them.
struct Grid<'t> {
    table: &'t Table,
    cols: usize,
    rows: Vec<Vec<String>>,
}

impl<'t> Grid<'t> {
    fn new(table: &'t Table) -> Grid<'t> {
        let cols = table.columns();
        let rows = (0..table.rows.len())
            .map(|r| (0..cols).map(|c| cell_text(table, r, c)).collect())
            .collect();
        Grid { table, cols, rows }
    }

    /// A group caption: one cell spanning the whole width of a table of several columns.
    fn is_caption(&self, r: usize) -> bool {
        self.cols > 1
            && self
                .table
                .rows
                .get(r)
                .is_some_and(|row| row.cells.len() == 1 && row.width() >= self.cols)
    }

    /// The header (the first header row's texts) and the indices of the header rows: rows
    /// marked as repeating, or a first row of short header words.
    fn header(&self) -> (Option<Vec<String>>, Vec<usize>) {
        let mut header: Option<Vec<String>> = None;
        let mut header_rows = Vec::new();
        for (r, cells) in self.rows.iter().enumerate() {
            if self.is_caption(r) {
                continue;
            }
            let marked = self.table.rows.get(r).is_some_and(|row| row.is_header);
            if marked || (header.is_none() && header_rows.is_empty() && looks_like_header(cells)) {
                header.get_or_insert_with(|| cells.clone());
                header_rows.push(r);
                continue;
            }
            break;
        }
        (header, header_rows)
    }

    /// Body rows: not header rows (also repeated ones), captions or empty rows.
    fn body(&self, header: Option<&Vec<String>>, header_rows: &[usize]) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|r| !header_rows.contains(r) && !self.is_caption(*r))
            .filter(|r| {
                self.rows
                    .get(*r)
                    .is_some_and(|cells| cells.iter().any(|c| !c.is_empty()))
            })
            .filter(|r| header != self.rows.get(*r))
            .collect()
    }

    fn values(&self, body: &[usize], c: usize) -> Vec<&String> {
        body.iter()
            .filter_map(|r| self.rows.get(*r)?.get(c))
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The name column: by header; else the name-like column naming the most distinct
    /// services (so that row labels such as "GCC" / "GCC High" or repeated categories lose to
    /// the names beside them), leftmost on a tie.
    fn name_column(&self, header: Option<&Vec<String>>, body: &[usize]) -> Option<usize> {
        let by_header = header.and_then(|h| {
            let best = h.iter().map(|c| header_score(c)).max().filter(|s| *s > 0)?;
            h.iter().position(|c| header_score(c) == best)
        });
        by_header.or_else(|| {
            let mut best: Option<(usize, usize)> = None;
            for c in 0..self.cols {
                let values = self.values(body, c);
                let name_like = values.iter().filter(|v| is_name_like(v)).count();
                if values.is_empty() || name_like * 10 < values.len() * 6 {
                    continue;
                }
                let mut distinct: Vec<String> =
                    values.iter().flat_map(|v| split_listed(v)).collect();
                distinct.sort();
                distinct.dedup();
                if best.is_none_or(|(_, n)| distinct.len() > n) {
                    best = Some((c, distinct.len()));
                }
            }
            best.map(|(c, _)| c)
        })
    }

    /// The authorization columns: every other column whose values are all marks or empty,
    /// with at least one mark.
    fn mark_columns(
        &self,
        header: Option<&Vec<String>>,
        body: &[usize],
        name: usize,
    ) -> Vec<MarkColumn> {
        (0..self.cols)
            .filter(|c| *c != name)
            .filter_map(|c| {
                let values = self.values(body, c);
                let marks: Vec<Option<bool>> = values.iter().map(|v| mark_value(v)).collect();
                if !marks.contains(&Some(true)) || marks.contains(&None) {
                    return None;
                }
                let header = header
                    .and_then(|h| h.get(c))
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", c + 1));
                Some(MarkColumn {
                    column: c,
                    fedramp: names_fedramp(&header),
                    planned: fold_title(&header).starts_with("planned"),
                    header,
                })
            })
            .collect()
    }
}

/// What the marks of one row say, given the table's authorization columns.
fn standing(columns: &[MarkColumn], marks: &[(String, bool)]) -> Standing {
    let marked = |pick: &dyn Fn(&MarkColumn) -> bool| {
        columns.iter().zip(marks).any(|(c, (_, m))| *m && pick(c))
    };
    let fedramp = columns.iter().any(|c| c.fedramp);
    if marked(&|c| c.fedramp) {
        Standing::Authorized
    } else if marked(&|c| c.planned) && !marked(&|c| !c.planned) {
        Standing::Planned
    } else if fedramp {
        Standing::NotAuthorized
    } else {
        Standing::Authorized
    }
}

fn table_services(t: &Table, depth: usize, out: &mut Extraction) {
    let before = out.services.len();
    grid_services(&Grid::new(t), out);
    if out.services.len() > before || depth >= 4 {
        return;
    }
    // A layout table wrapping the service table: read the tables inside its cells.
    for inner in t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .flat_map(|c| c.blocks.iter().filter_map(Block::as_table))
    {
        table_services(inner, depth + 1, out);
    }
}

fn grid_services(grid: &Grid<'_>, into: &mut Extraction) {
    if grid.cols == 0 {
        return;
    }
    let (header, header_rows) = grid.header();
    let body = grid.body(header.as_ref(), &header_rows);
    let Some(column) = grid.name_column(header.as_ref(), &body) else {
        return;
    };
    let mark_columns = grid.mark_columns(header.as_ref(), &body, column);
    let mut out = Vec::new();
    for r in body {
        let Some(row) = grid.table.rows.get(r) else {
            continue;
        };
        let Some(cell) = row.cell_covering(column) else {
            continue;
        };
        if cell.merged_from.is_some() {
            continue;
        }
        let cells = grid.rows.get(r);
        let marks: Vec<(String, bool)> = mark_columns
            .iter()
            .map(|m| {
                let v = cells
                    .and_then(|c| c.get(m.column))
                    .map_or("", String::as_str);
                (m.header.clone(), mark_value(v) == Some(true))
            })
            .collect();
        let standing = standing(&mark_columns, &marks);
        // A cell holding a list gives one service per item; otherwise its text, split where it
        // enumerates several names.
        let paragraphs: Vec<&Paragraph> =
            cell.blocks.iter().filter_map(Block::as_paragraph).collect();
        let listed = list_services(paragraphs.iter().copied());
        let entries = if listed.len() > 1 {
            listed
        } else {
            let text = cells
                .and_then(|c| c.get(column))
                .cloned()
                .unwrap_or_default();
            let (names, other): (Vec<String>, Vec<String>) = split_listed(&text)
                .into_iter()
                .partition(|t| is_name_like(t));
            into.skipped
                .extend(other.into_iter().filter(|t| mark_value(t) != Some(false)));
            names
                .into_iter()
                .map(|t| Extracted::new(t, Layout::Table))
                .collect()
        };
        out.extend(entries.into_iter().map(|e| Extracted {
            layout: Layout::Table,
            marks: marks.clone(),
            standing,
            ..e
        }));
    }
    into.services.extend(out);
}
