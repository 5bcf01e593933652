//! Stage 2a, styles: what `styles.xml` says about each paragraph style.
//!
//! Loaded once, up front (it is small). For each paragraph style the chain of `w:basedOn` is
//! resolved here, so that the body reader asks one hash look-up per paragraph: the effective
//! outline level (which makes a heading), the effective `w:numPr` (which numbers it: `w:numId`
//! and `w:ilvl` are inherited separately, and `w:numId` 0 removes numbering) and whether the
//! style is a table-of-contents entry style; for paragraph and character styles, whether their
//! run properties hide the text (`w:vanish`). Cycles in `w:basedOn` are cut.

use std::collections::HashMap;
use std::sync::Arc;

use quick_xml::events::BytesStart;

use crate::docx::limits::Limits;
use crate::docx::xml;
use crate::error::Result;

/// The kind of a style (`w:style/@w:type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StyleKind {
    /// A paragraph style.
    Paragraph,
    /// A character style.
    Character,
    /// A table style.
    Table,
    /// A numbering style (the target of `w:numStyleLink`).
    Numbering,
}

/// One style as written in `styles.xml`, before inheritance.
#[derive(Debug, Clone)]
pub struct Style {
    /// `w:styleId`.
    pub id: Arc<str>,
    /// `w:name`, as written (built-in styles use lower case names such as `heading 1`).
    pub name: Arc<str>,
    /// `w:type`.
    pub kind: StyleKind,
    /// `w:basedOn`.
    pub based_on: Option<String>,
    /// `w:pPr/w:numPr/w:numId`.
    pub num_id: Option<u32>,
    /// `w:pPr/w:numPr/w:ilvl`.
    pub ilvl: Option<u8>,
    /// `w:pPr/w:outlineLvl` (0-based; 9 means body text).
    pub outline_level: Option<u8>,
    /// `w:rPr/w:vanish`: the style hides its text.
    pub hidden: Option<bool>,
}

/// A paragraph style with its `w:basedOn` chain resolved.
#[derive(Debug, Clone)]
pub struct ResolvedStyle {
    /// `w:styleId`.
    pub id: Arc<str>,
    /// `w:name`.
    pub name: Arc<str>,
    /// Effective outline level, 0-8 for headings; `None` for body text.
    pub outline_level: Option<u8>,
    /// Effective numbering instance; `Some(0)` means numbering explicitly removed.
    pub num_id: Option<u32>,
    /// Effective numbering level.
    pub ilvl: Option<u8>,
    /// The level of a table-of-contents entry style (`toc 1` → 1), else `None`.
    pub toc_level: Option<u8>,
    /// Whether the style hides the text of its runs (`w:rPr/w:vanish`, inherited).
    pub hidden: bool,
}

/// All styles of a document.
#[derive(Debug, Default, Clone)]
pub struct Styles {
    styles: HashMap<String, Style>,
    resolved: HashMap<String, ResolvedStyle>,
    /// Character styles that hide their text, inheritance resolved.
    hidden_characters: std::collections::HashSet<String>,
    by_name: HashMap<String, String>,
    default_paragraph: Option<String>,
}

const MAX_CHAIN: usize = 64;

impl Styles {
    /// Parses a `styles.xml` part.
    pub fn parse(part: &str, bytes: &[u8]) -> Result<Styles> {
        Styles::parse_with(part, bytes, Limits::default().max_depth)
    }

    /// [`Styles::parse`] with a limit on element nesting.
    pub(crate) fn parse_with(part: &str, bytes: &[u8], max_depth: usize) -> Result<Styles> {
        let mut parser = StylesParser::default();
        xml::read_part(part, bytes, max_depth, &mut parser)?;
        Ok(Styles::new(parser.styles, parser.default_paragraph))
    }

    fn new(styles: HashMap<String, Style>, default_paragraph: Option<String>) -> Styles {
        let by_name = styles
            .values()
            .map(|s| (fold_name(&s.name), s.id.to_string()))
            .collect();
        let mut out = Styles {
            styles,
            resolved: HashMap::new(),
            hidden_characters: Default::default(),
            by_name,
            default_paragraph,
        };
        let resolved = out
            .styles
            .values()
            .filter(|s| s.kind == StyleKind::Paragraph)
            .map(|s| (s.id.to_string(), out.resolve(s)))
            .collect();
        out.hidden_characters = out
            .styles
            .values()
            .filter(|s| s.kind == StyleKind::Character && out.resolve(s).hidden)
            .map(|s| s.id.to_string())
            .collect();
        out.resolved = resolved;
        out
    }

    /// The style with its `w:basedOn` chain (at most [`MAX_CHAIN`] long; a cycle is cut)
    /// resolved: each property from the nearest style that sets it.
    fn resolve(&self, style: &Style) -> ResolvedStyle {
        let mut outline_level = None;
        let mut num_id = None;
        let mut ilvl = None;
        let mut hidden = None;
        let mut seen: Vec<&str> = Vec::new();
        let mut next = Some(style);
        while let Some(s) = next {
            if seen.len() >= MAX_CHAIN || seen.contains(&s.id.as_ref()) {
                break;
            }
            seen.push(&s.id);
            outline_level = outline_level.or(s.outline_level);
            num_id = num_id.or(s.num_id);
            ilvl = ilvl.or(s.ilvl);
            hidden = hidden.or(s.hidden);
            next = s.based_on.as_deref().and_then(|b| self.styles.get(b));
        }
        ResolvedStyle {
            id: style.id.clone(),
            name: style.name.clone(),
            outline_level: outline_level.filter(|l| *l < 9),
            num_id,
            ilvl,
            toc_level: toc_level(&style.name, &style.id),
            hidden: hidden.unwrap_or(false),
        }
    }

    /// Whether the character style `id` hides its text (`w:vanish`, inherited).
    pub(crate) fn hides_characters(&self, id: &str) -> bool {
        self.hidden_characters.contains(id)
    }

    /// A style by its `w:styleId`.
    pub fn get(&self, id: &str) -> Option<&Style> {
        self.styles.get(id)
    }

    /// A paragraph style by id, with inheritance resolved.
    pub fn paragraph(&self, id: &str) -> Option<&ResolvedStyle> {
        self.resolved.get(id)
    }

    /// The document's default paragraph style (usually `Normal`), resolved.
    pub fn default_paragraph(&self) -> Option<&ResolvedStyle> {
        self.default_paragraph
            .as_deref()
            .and_then(|id| self.resolved.get(id))
    }

    /// The id of the style with this name (compared case-insensitively, spaces ignored).
    pub fn id_by_name(&self, name: &str) -> Option<&str> {
        self.by_name.get(&fold_name(name)).map(String::as_str)
    }

    /// The `w:numId` of a numbering style, the target of `w:numStyleLink`.
    pub(crate) fn numbering_style_num_id(&self, id: &str) -> Option<u32> {
        self.styles
            .get(id)
            .or_else(|| self.id_by_name(id).and_then(|i| self.styles.get(i)))
            .and_then(|s| s.num_id)
    }
}

/// The state of reading `styles.xml`: the style being read and whether inside its `w:pPr` or
/// `w:rPr`.
#[derive(Default)]
struct StylesParser {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    current: Option<Style>,
    in_ppr: bool,
    in_rpr: bool,
}

impl xml::PartHandler for StylesParser {
    fn start(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) -> bool {
        match name {
            "style" => self.current = Some(self.new_style(e)),
            "pPrChange" | "rPrChange" | "tblPr" | "trPr" | "tcPr" | "tblStylePr"
            | "latentStyles" => {
                return !empty;
            }
            // The run properties of the default (w:docDefaults) are not read.
            "rPr" if self.current.is_none() => return !empty,
            "pPr" => self.in_ppr = !empty,
            "rPr" => self.in_rpr = !empty,
            name => self.property(name, e),
        }
        false
    }

    fn end(&mut self, name: &str) {
        match name {
            "style" => {
                if let Some(style) = self.current.take() {
                    self.styles.entry(style.id.to_string()).or_insert(style);
                }
            }
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_rpr = false,
            _ => {}
        }
    }
}

impl StylesParser {
    fn new_style(&mut self, e: &BytesStart<'_>) -> Style {
        let kind = match xml::attr(e, "type").as_deref() {
            Some("character") => StyleKind::Character,
            Some("table") => StyleKind::Table,
            Some("numbering") => StyleKind::Numbering,
            _ => StyleKind::Paragraph,
        };
        let id: Arc<str> = xml::attr(e, "styleId").unwrap_or_default().into();
        if kind == StyleKind::Paragraph && xml::attr(e, "default").is_some_and(|v| xml::is_on(&v)) {
            self.default_paragraph = Some(id.to_string());
        }
        Style {
            name: id.clone(),
            id,
            kind,
            based_on: None,
            num_id: None,
            ilvl: None,
            outline_level: None,
            hidden: None,
        }
    }

    /// A child of `w:style` (or of its `w:pPr`).
    fn property(&mut self, name: &str, e: &BytesStart<'_>) {
        let (in_ppr, in_rpr) = (self.in_ppr, self.in_rpr);
        let Some(style) = self.current.as_mut() else {
            return;
        };
        match name {
            "name" => {
                if let Some(v) = xml::attr(e, "val") {
                    style.name = v.as_ref().into();
                }
            }
            "basedOn" => style.based_on = xml::attr(e, "val").map(|v| v.into_owned()),
            "numId" if in_ppr => {
                style.num_id = xml::val_int(e).and_then(|v| u32::try_from(v).ok());
            }
            "ilvl" if in_ppr => {
                style.ilvl = xml::val_int(e)
                    .and_then(|v| u8::try_from(v).ok())
                    .filter(|v| *v < 9);
            }
            "outlineLvl" if in_ppr => {
                style.outline_level = xml::val_int(e).and_then(|v| u8::try_from(v).ok());
            }
            "vanish" if in_rpr => style.hidden = Some(xml::on_off(e)),
            _ => {}
        }
    }
}

/// Style names compare case-insensitively with spaces ignored (`Heading 1` = `heading1`).
pub(crate) fn fold_name(name: &str) -> String {
    folded(name).collect()
}

/// The characters of a name as [`fold_name`] compares them.
fn folded(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

fn toc_level(name: &str, id: &str) -> Option<u8> {
    for candidate in [name, id] {
        // Most names begin otherwise: told without folding them whole.
        let mut start = folded(candidate);
        if start.next() != Some('t') || !matches!(start.next(), Some('o' | 'a')) {
            continue;
        }
        let folded = fold_name(candidate);
        if let Some(rest) = folded.strip_prefix("toc")
            && let Ok(level) = rest.parse::<u8>()
            && (1..=9).contains(&level)
        {
            return Some(level);
        }
        if folded == "tableoffigures" {
            return Some(1);
        }
    }
    None
}
