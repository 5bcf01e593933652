//! Stage 4, outline and sections: headings with the numbers Word displays, and the blocks that
//! belong to each heading.
//!
//! A paragraph is a heading when its effective outline level is 0-8 and it is not an entry of a
//! table of contents. Its number comes from its list label ("9.2.1." → `9.2.1`); where Word
//! computes none, a number typed at the start of the text counts ("9.2.1 Title",
//! "9.2.1.\tTitle", "9.5 – Title"). A section runs from its heading to the next heading of the
//! same or a higher level.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::docx::body::{Block, Paragraph};
use crate::docx::numbering::LabelKind;
use crate::text::collapse_whitespace;

/// Where a heading's number came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberSource {
    /// Computed by Word from `numbering.xml` and the styles.
    Automatic,
    /// Typed at the start of the heading's text.
    Typed,
    /// The heading has no number.
    #[default]
    None,
}

/// One heading of the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// The label without trailing punctuation, e.g. `9.2.1`; `None` when unnumbered.
    pub number: Option<String>,
    /// The label as displayed, e.g. `9.2.1.`; `None` when unnumbered.
    pub label: Option<String>,
    /// The heading text, whitespace collapsed, without the label.
    pub title: String,
    /// 1-based level (Heading 1 = 1).
    pub level: u8,
    /// Where the number came from.
    #[serde(default)]
    pub source: NumberSource,
}

/// "9.2.1 Title", "9.2.1.\tTitle", "9.5 – Title", "10) Title". `None` only if the pattern
/// failed to compile, which a unit test rules out. Digits are ASCII; `S` is every character with
/// Unicode's White_Space property, spelled out because the crate is built without Unicode tables.
static TYPED_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    const S: &str = r"[\t\n\x0B\x0C\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";
    Regex::new(&format!(
        r"^{S}*([0-9]{{1,3}}(?:\.[0-9]{{1,3}})*)([.)]?)({S}*[\x{{2013}}\x{{2014}}\-:]{S}*|{S}+|$)"
    ))
    .ok()
});

impl Heading {
    /// The heading of a paragraph, when the paragraph is one.
    pub fn from_paragraph(p: &Paragraph) -> Option<Heading> {
        if !p.is_heading() {
            return None;
        }
        let level = p.outline_level()?.saturating_add(1);
        let title = collapse_whitespace(p.text());
        let auto = p
            .label()
            .filter(|l| l.kind == LabelKind::Number)
            .map(|l| l.text.trim().to_string())
            .filter(|l| !l.is_empty());
        if let Some(label) = auto {
            if title.is_empty() {
                return None;
            }
            return Some(Heading {
                number: number_of_label(&label),
                label: Some(label),
                title,
                level,
                source: NumberSource::Automatic,
            });
        }
        if title.is_empty() {
            return None;
        }
        if let Some((label, number, rest)) = typed_number(&title)
            && !rest.is_empty()
        {
            return Some(Heading {
                number: Some(number),
                label: Some(label),
                title: rest,
                level,
                source: NumberSource::Typed,
            });
        }
        Some(Heading {
            number: None,
            label: None,
            title,
            level,
            source: NumberSource::None,
        })
    }

    /// Whether this heading's number equals `number` (trailing dots ignored).
    pub fn has_number(&self, number: &str) -> bool {
        let wanted = number.trim().trim_end_matches(['.', ')']);
        self.number
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
    }

    /// Whether this heading's title equals `title`, ignoring case, spaces and punctuation.
    pub fn has_title(&self, title: &str) -> bool {
        let wanted = fold_title(title);
        !wanted.is_empty() && fold_title(&self.title) == wanted
    }
}

/// Splits a typed number off the start of a heading: (label as typed, number, rest of title).
fn typed_number(text: &str) -> Option<(String, String, String)> {
    let caps = TYPED_NUMBER.as_ref()?.captures(text)?;
    let number = caps.get(1)?.as_str();
    let punct = caps.get(2).map_or("", |m| m.as_str());
    let sep = caps.get(3).map_or("", |m| m.as_str());
    // A lone number followed by a space is a section number only when small: "2019 Review" is a
    // title, "9 General System Description" is not.
    if !number.contains('.')
        && punct.is_empty()
        && !sep.contains(['\u{2013}', '\u{2014}', '-', ':'])
    {
        let value: u32 = number.parse().ok()?;
        if value > 99 {
            return None;
        }
    }
    let end = caps.get(0)?.end();
    let rest = text.get(end..)?.trim().to_string();
    Some((format!("{number}{punct}"), number.to_string(), rest))
}

/// The number of a label: trailing punctuation and surrounding brackets removed.
fn number_of_label(label: &str) -> Option<String> {
    let n = label
        .trim()
        .trim_end_matches(['.', ')', ':', ']', '-', '\u{2013}', '\u{2014}', ' ', '\t'])
        .trim_start_matches(['(', '['])
        .trim();
    if n.chars().any(char::is_alphanumeric) {
        Some(n.to_string())
    } else {
        None
    }
}

/// Collapses runs of whitespace (tabs, breaks, no-break spaces) to one space and trims.
/// Titles compare on their letters and digits only, case-folded.
pub(crate) fn fold_title(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The headings of a document, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    /// The headings.
    pub headings: Vec<Heading>,
}

impl Outline {
    /// Iterates over the headings.
    pub fn iter(&self) -> std::slice::Iter<'_, Heading> {
        self.headings.iter()
    }

    /// The number of headings.
    pub fn len(&self) -> usize {
        self.headings.len()
    }

    /// Whether the outline has no heading.
    pub fn is_empty(&self) -> bool {
        self.headings.is_empty()
    }

    /// The first heading numbered `number` (e.g. `"9.2.1"`).
    pub fn find_number(&self, number: &str) -> Option<&Heading> {
        self.headings.iter().find(|h| h.has_number(number))
    }

    /// The headings titled `title` (ignoring case, spaces and punctuation).
    pub fn find_title<'a>(&'a self, title: &'a str) -> impl Iterator<Item = &'a Heading> + 'a {
        self.headings.iter().filter(move |h| h.has_title(title))
    }

    /// Numbered headings near where `number` would be: its parent's children and the parent.
    pub fn nearby(&self, number: &str) -> Vec<String> {
        let wanted = number.trim().trim_end_matches('.');
        let parent = wanted.rsplit_once('.').map_or("", |(p, _)| p);
        let mut out: Vec<String> = self
            .headings
            .iter()
            .filter_map(|h| {
                let n = h.number.as_deref()?;
                let in_family = if parent.is_empty() {
                    !n.contains('.')
                } else {
                    n == parent
                        || n.strip_prefix(parent)
                            .is_some_and(|r| r.starts_with('.') && !r[1..].contains('.'))
                };
                in_family.then(|| format!("{n} {}", h.title))
            })
            .collect();
        out.truncate(24);
        out
    }
}

impl<'a> IntoIterator for &'a Outline {
    type Item = &'a Heading;
    type IntoIter = std::slice::Iter<'a, Heading>;

    fn into_iter(self) -> Self::IntoIter {
        self.headings.iter()
    }
}

/// A section: its heading and the blocks up to the next heading of the same or a higher level
/// (sub-headings and their content included).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The section's heading.
    pub heading: Heading,
    /// The blocks after the heading, in order.
    pub blocks: Vec<Block>,
}

impl Section {
    /// The sub-headings of this section (any depth), in order.
    pub fn subheadings(&self) -> impl Iterator<Item = Heading> + '_ {
        self.blocks
            .iter()
            .filter_map(Block::as_paragraph)
            .filter_map(Heading::from_paragraph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers() {
        assert!(TYPED_NUMBER.is_some());
        for (text, label, number, title) in [
            ("9.2.1 Infrastructure", "9.2.1", "9.2.1", "Infrastructure"),
            ("9.2.1.\tTitle", "9.2.1.", "9.2.1", "Title"),
            (
                "9.5 \u{2013} Service Description",
                "9.5",
                "9.5",
                "Service Description",
            ),
            ("9 General", "9", "9", "General"),
            ("10) Title", "10)", "10", "Title"),
            ("\u{a0}9.2.1\u{a0}Title", "9.2.1", "9.2.1", "Title"),
            ("9.2\u{3000}Title", "9.2", "9.2", "Title"),
            ("9.5\u{2003}\u{2014}\u{2003}Title", "9.5", "9.5", "Title"),
            ("9.5:Title", "9.5", "9.5", "Title"),
        ] {
            assert_eq!(
                typed_number(text),
                Some((label.into(), number.into(), title.into())),
                "{text:?}"
            );
        }
        let t = |s: &str| typed_number(s);
        assert_eq!(t("2019 Annual Review"), None);
        assert_eq!(t("Azure"), None);
        assert_eq!(t("9.2.1Title"), None);
        assert_eq!(t("\u{661}.2 Title"), None, "digits are ASCII");
    }

    #[test]
    fn label_numbers() {
        assert_eq!(number_of_label("9.2.1."), Some("9.2.1".into()));
        assert_eq!(number_of_label("Attachment 3"), Some("Attachment 3".into()));
        assert_eq!(number_of_label("(a)"), Some("a".into()));
        assert_eq!(number_of_label("•"), None);
    }
}
