//! Stage 5b, extraction: the service names of a located section, from, in this order:
//!
//! 1. tables in the section: the column named by its header ("Service", "Service Name",
//!    "In-scope services", ...), else the name-like column naming the most services; header
//!    rows (also repeated ones), empty rows and group captions spanning the whole table are
//!    skipped, merged cells resolved; the other columns' marks read as authorizations;
//! 2. else list items in the section's own body, nested items kept as children of their parent;
//! 3. else the titles of its direct sub-headings;
//! 4. else runs of two or more consecutive short paragraphs that read as names (no sentence
//!    punctuation, few words), one name a line, as converted documents have them.
//!
//! A cell, item or line that enumerates names ("A, B, and C", "A; B") gives each. Prose
//! paragraphs, other sections and table-of-contents entries never count.

mod cells;
mod table;

use serde::{Deserialize, Serialize};

use crate::docx::body::{Block, Paragraph, Table};
use crate::docx::numbering::LabelKind;
use crate::docx::outline::{Heading, Section};
use crate::error::SectionContents;
use crate::text::{collapse_whitespace, collapsed};

use cells::{is_name_like, split_listed};
use table::table_services;

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

/// What a section holds, for an error that says why no service was read from it.
pub fn describe(section: &Section) -> SectionContents {
    let tables: Vec<&Table> = section.blocks.iter().filter_map(Block::as_table).collect();
    let shown = tables
        .iter()
        .take(2)
        .map(|t| {
            let columns = t
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
            (columns, t.rows.len())
        })
        .collect();
    let paragraphs: Vec<&Paragraph> = section
        .blocks
        .iter()
        .filter_map(Block::as_paragraph)
        .filter(|p| !p.text().trim().is_empty())
        .collect();
    let headings = paragraphs.iter().filter(|p| p.is_heading()).count();
    let list_items = paragraphs
        .iter()
        .filter(|p| list_level(p).is_some())
        .count();
    SectionContents {
        tables: shown,
        more_tables: tables.len().saturating_sub(2),
        list_items,
        headings,
        paragraphs: paragraphs.len().saturating_sub(headings + list_items),
    }
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

pub(super) fn list_services<'a>(paragraphs: impl Iterator<Item = &'a Paragraph>) -> Vec<Extracted> {
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
    let mut out = String::with_capacity(text.len());
    push_lines(&mut out, text);
    out
}

/// Appends the lines of [`lines_of`]`(text)` to `out`, after a line break when `out` is not
/// empty: the lines of several paragraphs join into one text without a copy per line.
pub(super) fn push_lines(out: &mut String, text: &str) {
    for line in text.split(['\n', '\r', '\u{0B}']) {
        let line = collapsed(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
}
