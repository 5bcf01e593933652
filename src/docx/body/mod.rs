//! Stage 3, body blocks: the main part streamed into paragraphs and tables.
//!
//! [`Blocks`] is a pull iterator over the top-level blocks of `w:body`, read through
//! `quick_xml::Reader<BufReader<ZipFile>>` with one reused event buffer: the document is never
//! held in memory whole. A table is yielded once its last row has been read, with its rows,
//! cells (`w:gridSpan` and `w:vMerge` resolved to grid positions) and nested tables.
//!
//! The text of a paragraph is what a reader of the document sees with all changes accepted:
//!
//! | markup | text |
//! | --- | --- |
//! | `w:ins`, `w:moveTo` | kept |
//! | `w:del`, `w:moveFrom`, `w:delText`, deleted rows (`w:trPr/w:del`) | dropped |
//! | field codes (`w:instrText`) | dropped; field results kept |
//! | `w:hyperlink`, `w:sdt`, `w:smartTag`, `w:customXml`, `w:fldSimple` | their content kept |
//! | `mc:AlternateContent` | the first `mc:Choice` only |
//! | `w:tab`, `w:ptab` / `w:br`, `w:cr` | `\t` / `\n` |
//! | `w:noBreakHyphen` / `w:softHyphen` | `-` / dropped |
//! | `w:sym` | its Unicode equivalent when known |
//! | footnote and endnote references, hidden text (`w:vanish`), drawings | dropped |
//!
//! Each paragraph also carries its style, its effective outline level (which makes it a heading)
//! and its list label, computed here because list counters depend on document order.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use crate::docx::limits::Limits;
use crate::docx::numbering::{LabelKind, ListCounters, ListLabel, Numbering};
use crate::docx::styles::{ResolvedStyle, Styles};
use crate::docx::xml::{self, Ns};
use crate::error::{Error, Result};

/// A block of the document body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph (headings and list items are paragraphs too).
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

impl Block {
    /// The paragraph, if this block is one.
    pub fn as_paragraph(&self) -> Option<&Paragraph> {
        match self {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        }
    }

    /// The table, if this block is one.
    pub fn as_table(&self) -> Option<&Table> {
        match self {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        }
    }

    /// All text of the block: a paragraph's text, or a table's cells separated by tabs and rows
    /// by newlines.
    pub fn text(&self) -> String {
        match self {
            Block::Paragraph(p) => p.text.clone(),
            Block::Table(t) => t
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(Cell::text)
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub(crate) style_id: Option<Arc<str>>,
    pub(crate) style_name: Option<Arc<str>>,
    pub(crate) outline_level: Option<u8>,
    pub(crate) label: Option<ListLabel>,
    pub(crate) text: String,
    pub(crate) in_toc: bool,
}

impl Paragraph {
    /// The visible text, without the list label.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The paragraph style's id (`w:pStyle`, or the default paragraph style).
    pub fn style_id(&self) -> Option<&str> {
        self.style_id.as_deref()
    }

    /// The paragraph style's name, e.g. `heading 2`.
    pub fn style_name(&self) -> Option<&str> {
        self.style_name.as_deref()
    }

    /// The effective outline level, 0-8, when the paragraph is a heading.
    pub fn outline_level(&self) -> Option<u8> {
        self.outline_level
    }

    /// Whether this paragraph is a heading (has an outline level and is not a TOC entry).
    pub fn is_heading(&self) -> bool {
        self.outline_level.is_some() && !self.in_toc
    }

    /// The list label (number or bullet) Word displays before the text.
    pub fn label(&self) -> Option<&ListLabel> {
        self.label.as_ref()
    }

    /// Whether the paragraph is a list item with a bullet.
    pub fn is_bullet(&self) -> bool {
        self.label
            .as_ref()
            .is_some_and(|l| l.kind == LabelKind::Bullet)
    }

    /// Whether the paragraph is an entry of a table of contents (or of figures).
    pub fn is_toc_entry(&self) -> bool {
        self.in_toc
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The rows, deleted rows left out.
    pub rows: Vec<Row>,
}

impl Table {
    /// The number of grid columns (the widest row).
    pub fn columns(&self) -> usize {
        self.rows.iter().map(Row::width).max().unwrap_or(0)
    }

    /// The cell covering grid position (`row`, `column`), following horizontal spans and
    /// vertical merges back to the cell that holds the content.
    pub fn cell_at(&self, row: usize, column: usize) -> Option<&Cell> {
        let cell = self.rows.get(row)?.cell_covering(column)?;
        match cell.merged_from {
            Some(origin) => self.rows.get(origin)?.cell_covering(column),
            None => Some(cell),
        }
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The cells in order.
    pub cells: Vec<Cell>,
    /// Whether the row repeats as a header (`w:tblHeader`).
    pub is_header: bool,
}

impl Row {
    /// The number of grid columns the row covers.
    pub fn width(&self) -> usize {
        self.cells.last().map_or(0, |c| c.column + c.span)
    }

    /// The cell whose grid columns include `column`.
    pub fn cell_covering(&self, column: usize) -> Option<&Cell> {
        // Cells are in grid order: the last one starting at or before `column`.
        let after = self.cells.partition_point(|c| c.column <= column);
        let cell = self.cells.get(after.checked_sub(1)?)?;
        (column < cell.column + cell.span).then_some(cell)
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The blocks of the cell (paragraphs and nested tables).
    pub blocks: Vec<Block>,
    /// First grid column (0-based), after `w:gridBefore` and the spans of earlier cells.
    pub column: usize,
    /// Grid columns covered (`w:gridSpan`, at least 1).
    pub span: usize,
    /// Rows covered when this cell starts a vertical merge (`w:vMerge="restart"`), else 1.
    pub row_span: usize,
    /// For a continuation of a vertical merge, the row index of the cell holding the content.
    pub merged_from: Option<usize>,
}

impl Cell {
    /// The text of the cell: its paragraphs joined by newlines (nested tables included).
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(Block::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Per-paragraph properties read from `w:pPr`.
#[derive(Debug, Default)]
struct ParaProps {
    style: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    outline_level: Option<u8>,
}

#[derive(Debug)]
enum Frame {
    Para {
        props: ParaProps,
        text: String,
        toc: bool,
        /// Whether the text is kept: always, except for non-headings in [`Mode::Headings`].
        /// Decided at the first text, once `w:pPr` (which comes first) has been read.
        keep_text: Option<bool>,
    },
    Table(Table),
    Row {
        row: Row,
        deleted: bool,
        grid_before: usize,
        vmerge: Vec<VMerge>,
    },
    Cell {
        cell: Cell,
        vmerge: VMerge,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct Field {
    instr: String,
    in_result: bool,
    is_toc: bool,
}

/// What the reader is inside of, for elements whose meaning depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Props {
    None,
    Para,
    NumPr,
    Run,
    Row,
    Cell,
}

/// A pull iterator over the top-level blocks of a document body.
///
/// Obtained from [`Document::blocks`](crate::Document::blocks). Yields `Err` once and then ends
/// when the XML is malformed.
pub struct Blocks<'a, R: BufRead> {
    events: xml::PartEvents<R>,
    buf: Vec<u8>,
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: ListCounters,
    ns: xml::Namespaces,
    stack: Vec<Frame>,
    /// Depth of a subtree being skipped (0: not skipping).
    skip: usize,
    /// Whether the skipped subtree is a `w:sdtPr` (peeked at for `w:docPartGallery`).
    skip_sdt_pr: bool,
    props: Props,
    in_text: bool,
    in_instr: bool,
    run_hidden: bool,
    /// The run is superscript (`w:vertAlign`): its digits are shown as superscript digits, so
    /// that a footnote mark "¹" stays distinguishable from the text it follows.
    run_superscript: bool,
    fields: Vec<Field>,
    /// One entry per open `w:sdt`: whether it is a table of contents.
    sdts: Vec<bool>,
    toc_sdts: usize,
    /// One entry per open `mc:AlternateContent`: whether a branch has been taken.
    alternates: Vec<bool>,
    /// Styles that the TOC field's `\t` switch declares as headings: style id → level.
    toc_styles: HashMap<Arc<str>, u8>,
    /// Text bytes read so far, against [`Limits::max_text`].
    text_bytes: u64,
    max_text: u64,
    done: bool,
    mode: Mode,
    /// Tables being passed over in [`Mode::Headings`].
    skipped_tables: usize,
}

/// How much of the body a [`Blocks`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every block, with text and tables.
    Full,
    /// Top-level paragraphs only, with text only for those that can be headings; tables are
    /// read for their list counters but not built. For the outline.
    Headings,
}

impl<'a, R: BufRead> Blocks<'a, R> {
    pub(crate) fn new(
        inner: R,
        part: &str,
        styles: &'a Styles,
        numbering: &'a Numbering,
        limits: &Limits,
    ) -> Self {
        Blocks {
            events: xml::PartEvents::new(part, inner, limits.max_depth),
            buf: Vec::with_capacity(4096),
            styles,
            numbering,
            counters: ListCounters::default(),
            ns: xml::Namespaces::default(),
            stack: Vec::new(),
            skip: 0,
            skip_sdt_pr: false,
            props: Props::None,
            in_text: false,
            in_instr: false,
            run_hidden: false,
            run_superscript: false,
            fields: Vec::new(),
            sdts: Vec::new(),
            toc_sdts: 0,
            alternates: Vec::new(),
            toc_styles: HashMap::new(),
            text_bytes: 0,
            max_text: limits.max_text,
            done: false,
            mode: Mode::Full,
            skipped_tables: 0,
        }
    }

    pub(crate) fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Switches what the stream builds from the next block on. Only between top-level blocks
    /// (where a block has just been returned), which is where callers ask.
    pub(crate) fn set_mode(&mut self, mode: Mode) {
        if self.stack.is_empty() && self.skipped_tables == 0 {
            self.mode = mode;
        }
    }

    /// Bytes of the main part read so far.
    pub fn position(&self) -> u64 {
        self.events.position()
    }

    fn text_visible(&self) -> bool {
        self.in_text && !self.run_hidden && self.fields.iter().all(|f| f.in_result)
    }

    fn in_toc(&self) -> bool {
        self.toc_sdts > 0 || self.fields.iter().any(|f| f.is_toc && f.in_result)
    }

    fn mark_toc(&mut self) {
        if self.in_toc()
            && let Some(Frame::Para { toc, .. }) = self.stack.last_mut()
        {
            *toc = true;
        }
    }

    /// The text buffer of the open paragraph, when its text is kept.
    fn para_text(&mut self) -> Option<&mut String> {
        let want = match self.stack.last() {
            Some(Frame::Para {
                keep_text: Some(k), ..
            }) => *k,
            Some(Frame::Para { props, .. }) => {
                let k = self.could_be_heading(props);
                if let Some(Frame::Para { keep_text, .. }) = self.stack.last_mut() {
                    *keep_text = Some(k);
                }
                k
            }
            _ => return None,
        };
        match self.stack.last_mut() {
            Some(Frame::Para { text, .. }) if want => Some(text),
            _ => None,
        }
    }

    /// Whether the open paragraph's text is kept (see [`Frame::Para`]).
    fn keeps_text(&mut self) -> bool {
        self.para_text().is_some()
    }

    /// Whether a paragraph with these properties can be a heading (its text is needed).
    fn could_be_heading(&self, props: &ParaProps) -> bool {
        if props.outline_level.is_some() {
            return true;
        }
        let style = match props.style.as_deref() {
            Some(id) => self
                .styles
                .paragraph(id)
                .or_else(|| self.styles.default_paragraph()),
            None => self.styles.default_paragraph(),
        };
        style.is_some_and(|s| s.outline_level.is_some() || self.toc_styles.contains_key(&s.id))
    }

    fn push_text(&mut self, s: &str) {
        let superscript = self.run_superscript;
        if let Some(text) = self.para_text() {
            if superscript {
                text.extend(s.chars().map(superscript_digit));
            } else {
                text.push_str(s);
            }
        }
    }

    fn para_props(&mut self) -> Option<&mut ParaProps> {
        match self.stack.last_mut() {
            Some(Frame::Para { props, .. }) => Some(props),
            _ => None,
        }
    }

    /// Handles a start (or empty) element. Returns a finished top-level block, if any.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Option<Block> {
        let (ns, name) = self.ns.resolve_split(e);
        if ns == Ns::Mc {
            match name {
                "AlternateContent" if !empty => self.alternates.push(false),
                "Choice" | "Fallback" if !empty => {
                    let taken = self.alternates.last().copied().unwrap_or(false);
                    if taken {
                        self.skip = 1;
                    } else if let Some(t) = self.alternates.last_mut() {
                        *t = true;
                    }
                }
                _ => {}
            }
            return None;
        }
        if ns != Ns::W {
            // Drawing, math, VML and vendor markup: nothing a reader sees as paragraph text.
            if !empty
                && matches!(
                    name,
                    "txbxContent" | "drawing" | "pict" | "oMath" | "oMathPara"
                )
            {
                self.skip = 1;
            }
            return None;
        }
        // Inside a properties element only a few children matter; most elements of a
        // document are run properties, so this dispatch comes first.
        match self.props {
            Props::None => {}
            Props::Run => {
                match name {
                    "vanish" | "specVanish" => self.run_hidden = xml::on_off(e),
                    "vertAlign" => {
                        self.run_superscript =
                            xml::attr(e, "val").is_some_and(|v| v == "superscript");
                    }
                    "rPrChange" if !empty => self.skip = 1,
                    _ => {}
                }
                return None;
            }
            Props::Para => {
                match name {
                    "pStyle" => {
                        let v = xml::attr(e, "val").map(|v| v.into_owned());
                        if let Some(p) = self.para_props() {
                            p.style = v;
                        }
                    }
                    "outlineLvl" => {
                        let v = xml::val_int(e).and_then(|v| u8::try_from(v).ok());
                        if let Some(p) = self.para_props() {
                            p.outline_level = v;
                        }
                    }
                    "numPr" if !empty => self.props = Props::NumPr,
                    // The paragraph mark's run properties, the old properties of a change,
                    // tab stops and section properties: nothing of interest.
                    "rPr" | "pPrChange" | "tabs" | "sectPr" if !empty => self.skip = 1,
                    _ => {}
                }
                return None;
            }
            Props::NumPr => {
                match name {
                    "numId" => {
                        let v = xml::val_int(e).and_then(|v| u32::try_from(v).ok());
                        if let Some(p) = self.para_props() {
                            p.num_id = v;
                        }
                    }
                    "ilvl" => {
                        let v = xml::val_int(e)
                            .and_then(|v| u8::try_from(v).ok())
                            .map(|v| v.min(8));
                        if let Some(p) = self.para_props() {
                            p.ilvl = v;
                        }
                    }
                    _ => {}
                }
                return None;
            }
            Props::Row => {
                match name {
                    "tblHeader" => {
                        let on = xml::on_off(e);
                        if let Some(Frame::Row { row, .. }) = self.stack.last_mut() {
                            row.is_header = on;
                        }
                    }
                    "gridBefore" => {
                        let v = xml::val_int(e)
                            .and_then(|v| usize::try_from(v).ok())
                            .unwrap_or(0);
                        if let Some(Frame::Row { grid_before, .. }) = self.stack.last_mut() {
                            *grid_before = v.min(1024);
                        }
                    }
                    "del" => {
                        if let Some(Frame::Row { deleted, .. }) = self.stack.last_mut() {
                            *deleted = true;
                        }
                        if !empty {
                            self.skip = 1;
                        }
                    }
                    "trPrChange" if !empty => self.skip = 1,
                    _ => {}
                }
                return None;
            }
            Props::Cell => {
                match name {
                    "gridSpan" => {
                        let v = xml::val_int(e)
                            .and_then(|v| usize::try_from(v).ok())
                            .unwrap_or(1);
                        if let Some(Frame::Cell { cell, .. }) = self.stack.last_mut() {
                            cell.span = v.clamp(1, 1024);
                        }
                    }
                    "vMerge" => {
                        let restart = xml::attr(e, "val").is_some_and(|v| v == "restart");
                        if let Some(Frame::Cell { vmerge, .. }) = self.stack.last_mut() {
                            *vmerge = if restart {
                                VMerge::Restart
                            } else {
                                VMerge::Continue
                            };
                        }
                    }
                    "tcPrChange" if !empty => self.skip = 1,
                    _ => {}
                }
                return None;
            }
        }
        match name {
            "r" if !empty => {
                self.run_hidden = false;
                self.run_superscript = false;
            }
            "t" if !empty => self.in_text = true,
            "p" => {
                self.stack.push(Frame::Para {
                    props: ParaProps::default(),
                    text: String::new(),
                    toc: false,
                    keep_text: (self.mode == Mode::Full).then_some(true),
                });
                self.mark_toc();
                if empty {
                    return self.end_paragraph();
                }
            }
            "tbl" if self.mode == Mode::Headings => self.skipped_tables += usize::from(!empty),
            "tr" | "tc" if self.mode == Mode::Headings => {}
            "tbl" => {
                self.stack.push(Frame::Table(Table::default()));
                if empty {
                    return self.end_table();
                }
            }
            "tr" => {
                self.stack.push(Frame::Row {
                    row: Row::default(),
                    deleted: false,
                    grid_before: 0,
                    vmerge: Vec::new(),
                });
                if empty {
                    self.end_row();
                }
            }
            "tc" => {
                self.stack.push(Frame::Cell {
                    cell: Cell {
                        span: 1,
                        row_span: 1,
                        ..Cell::default()
                    },
                    vmerge: VMerge::None,
                });
                if empty {
                    self.end_cell();
                }
            }
            "pPr" if !empty => self.props = Props::Para,
            "rPr" if !empty => {
                if self.mode == Mode::Headings && !self.keeps_text() {
                    // Run properties only matter for text, and this text is not kept.
                    self.skip = 1;
                } else {
                    self.props = Props::Run;
                }
            }
            "trPr" if !empty => {
                if self.mode == Mode::Headings {
                    self.skip = 1;
                } else {
                    self.props = Props::Row;
                }
            }
            "tcPr" if !empty => {
                if self.mode == Mode::Headings {
                    self.skip = 1;
                } else {
                    self.props = Props::Cell;
                }
            }
            "tab" | "ptab" => self.push_char('\t'),
            "br" | "cr" => self.push_char('\n'),
            "noBreakHyphen" => self.push_char('-'),
            "sym" => {
                if let Some(c) = symbol(e) {
                    self.push_char(c);
                }
            }
            "fldChar" => self.field_char(e),
            "instrText" if !empty => {
                // Field code, never text: collected for the innermost open field.
                if self.fields.last().is_some_and(|f| !f.in_result) {
                    self.in_instr = true;
                } else {
                    self.skip = 1;
                }
            }
            "fldSimple" => {
                let instr = xml::attr(e, "instr").unwrap_or_default();
                if is_toc_instr(&instr) {
                    self.learn_toc_styles(&instr);
                    if let Some(Frame::Para { toc, .. }) = self.stack.last_mut() {
                        *toc = true;
                    }
                }
            }
            "sdt" if !empty => self.sdts.push(false),
            "sdtPr" if !empty => {
                self.skip = 1;
                self.skip_sdt_pr = true;
            }
            // Removed content and revision records: not part of the accepted text.
            "del" | "moveFrom" | "delText" | "delInstrText" | "sdtEndPr" | "pPrChange"
            | "rPrChange" | "tblPrChange" | "trPrChange" | "tcPrChange" | "sectPrChange"
            | "tblGrid" | "tblPr" | "sectPr" | "smartTagPr" | "customXmlPr" | "drawing"
            | "pict" | "object" | "txbxContent" | "rt" | "tabs" | "footnoteReference"
            | "endnoteReference" | "commentReference"
                if !empty =>
            {
                self.skip = 1;
            }
            _ => {}
        }
        None
    }

    fn push_char(&mut self, c: char) {
        if !self.run_hidden
            && self.fields.iter().all(|f| f.in_result)
            && let Some(text) = self.para_text()
        {
            text.push(c);
        }
    }

    fn field_char(&mut self, e: &BytesStart<'_>) {
        match xml::attr(e, "fldCharType").as_deref() {
            Some("begin") => self.fields.push(Field {
                instr: String::new(),
                in_result: false,
                is_toc: false,
            }),
            Some("separate") => {
                let mut learn = None;
                if let Some(f) = self.fields.last_mut() {
                    f.in_result = true;
                    f.is_toc = is_toc_instr(&f.instr);
                    if f.is_toc {
                        learn = Some(f.instr.clone());
                    }
                }
                if let Some(instr) = learn {
                    self.learn_toc_styles(&instr);
                }
                self.mark_toc();
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// A TOC field's `\t "Style,Level,Style,Level"` switch makes those styles headings.
    fn learn_toc_styles(&mut self, instr: &str) {
        let Some(pos) = instr.find("\\t") else { return };
        let rest = &instr[pos + 2..];
        let Some(open) = rest.find('"') else { return };
        let rest = &rest[open + 1..];
        let Some(close) = rest.find('"') else { return };
        let items: Vec<&str> = rest[..close].split([',', ';']).map(str::trim).collect();
        for pair in items.chunks(2) {
            if let [style, level] = pair
                && let Ok(level) = level.parse::<u8>()
                && let Some(s) = self
                    .styles
                    .id_by_name(style)
                    .and_then(|id| self.styles.paragraph(id))
                && (1..=9).contains(&level)
            {
                self.toc_styles.insert(s.id.clone(), level - 1);
            }
        }
    }

    /// Handles an end element. Returns a finished top-level block, if any.
    fn end(&mut self, name: &str, ns: Ns) -> Option<Block> {
        if ns == Ns::Mc {
            if name == "AlternateContent" {
                self.alternates.pop();
            }
            return None;
        }
        if ns != Ns::W {
            return None;
        }
        match name {
            "p" => return self.end_paragraph(),
            "tbl" if self.mode == Mode::Headings => {
                self.skipped_tables = self.skipped_tables.saturating_sub(1)
            }
            "tr" | "tc" if self.mode == Mode::Headings => {}
            "tbl" => return self.end_table(),
            "tr" => self.end_row(),
            "tc" => self.end_cell(),
            "t" => self.in_text = false,
            "instrText" => self.in_instr = false,
            "pPr" | "trPr" | "tcPr" => self.props = Props::None,
            "numPr" => self.props = Props::Para,
            "rPr" => self.props = Props::None,
            "r" => {
                self.run_hidden = false;
                self.run_superscript = false;
            }
            "sdt" => {
                let was_toc = self.sdts.pop() == Some(true);
                if was_toc {
                    self.toc_sdts = self.toc_sdts.saturating_sub(1);
                }
            }
            _ => {}
        }
        None
    }

    fn end_paragraph(&mut self) -> Option<Block> {
        self.mark_toc();
        let Some(Frame::Para {
            props, text, toc, ..
        }) = self.stack.pop()
        else {
            return None;
        };
        self.props = Props::None;
        self.in_text = false;
        let paragraph = self.finish_paragraph(props, text, toc);
        if self.skipped_tables > 0 {
            // Headings mode: numbered paragraphs in tables count, but are not blocks.
            return None;
        }
        self.attach(Block::Paragraph(paragraph))
    }

    fn finish_paragraph(&mut self, props: ParaProps, text: String, toc: bool) -> Paragraph {
        let style: Option<&ResolvedStyle> = match props.style.as_deref() {
            Some(id) => self
                .styles
                .paragraph(id)
                .or_else(|| self.styles.default_paragraph()),
            None => self.styles.default_paragraph(),
        };
        let toc = toc || style.is_some_and(|s| s.toc_level.is_some());
        let outline_level = props
            .outline_level
            .or_else(|| style.and_then(|s| s.outline_level))
            .or_else(|| {
                style
                    .filter(|_| !self.toc_styles.is_empty())
                    .and_then(|s| self.toc_styles.get(&s.id).copied())
            })
            .filter(|l| *l < 9);
        // Paragraph numbering beats the style's; numId 0 removes numbering.
        let num_id = props.num_id.or_else(|| style.and_then(|s| s.num_id));
        let label = match num_id {
            Some(num_id) if num_id != 0 && self.numbering.has_num(num_id) => {
                let ilvl = props
                    .ilvl
                    .or_else(|| style.and_then(|s| s.ilvl))
                    .or_else(|| style.and_then(|s| self.numbering.level_for_style(num_id, &s.id)))
                    .unwrap_or(0);
                self.counters.next(self.numbering, num_id, ilvl)
            }
            _ => None,
        };
        Paragraph {
            style_id: style.map(|s| s.id.clone()),
            style_name: style.map(|s| s.name.clone()),
            outline_level: if toc { None } else { outline_level },
            label,
            text,
            in_toc: toc,
        }
    }

    fn end_table(&mut self) -> Option<Block> {
        let Some(Frame::Table(mut table)) = self.stack.pop() else {
            return None;
        };
        resolve_vertical_merges(&mut table);
        self.attach(Block::Table(table))
    }

    fn end_row(&mut self) {
        let Some(Frame::Row {
            row,
            deleted,
            vmerge,
            ..
        }) = self.stack.pop()
        else {
            return;
        };
        if let Some(Frame::Table(table)) = self.stack.last_mut()
            && !deleted
        {
            let index = table.rows.len();
            let mut row = row;
            for (cell, merge) in row.cells.iter_mut().zip(vmerge) {
                if merge == VMerge::Continue && index > 0 {
                    // Resolved in `resolve_vertical_merges` once all rows are known.
                    cell.merged_from = Some(usize::MAX);
                }
            }
            table.rows.push(row);
        }
    }

    fn end_cell(&mut self) {
        let Some(Frame::Cell { mut cell, vmerge }) = self.stack.pop() else {
            return;
        };
        if let Some(Frame::Row {
            row,
            grid_before,
            vmerge: merges,
            ..
        }) = self.stack.last_mut()
        {
            cell.column = row.cells.last().map_or(*grid_before, |c| c.column + c.span);
            row.cells.push(cell);
            merges.push(vmerge);
        }
    }

    /// Puts a finished block into its parent, or returns it when it is a top-level block.
    fn attach(&mut self, block: Block) -> Option<Block> {
        match self.stack.last_mut() {
            None => Some(block),
            Some(Frame::Cell { cell, .. }) => {
                cell.blocks.push(block);
                None
            }
            // Blocks in places the schema does not allow (a paragraph directly in a row or
            // table) are dropped rather than misplaced.
            Some(_) => None,
        }
    }

    fn next_block(&mut self) -> Result<Option<Block>> {
        // The event borrows the buffer; take it out of `self` so handlers can borrow `self`.
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.next_block_with(&mut buf);
        self.buf = buf;
        result
    }

    fn next_block_with(&mut self, buf: &mut Vec<u8>) -> Result<Option<Block>> {
        loop {
            buf.clear();
            let event = self.events.next(buf)?;
            match event {
                Event::Start(e) => {
                    if self.skip > 0 {
                        self.skip += 1;
                        continue;
                    }
                    if self.events.depth() == 1 {
                        self.ns.declare(&e);
                    }
                    if let Some(block) = self.start(&e, false) {
                        return Ok(Some(block));
                    }
                }
                Event::Empty(e) => {
                    if self.skip > 0 {
                        if self.skip_sdt_pr && e.local_name().as_ref() == "docPartGallery" {
                            self.sdt_gallery(&e);
                        }
                        continue;
                    }
                    if let Some(block) = self.start(&e, true) {
                        return Ok(Some(block));
                    }
                }
                Event::End(e) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        if self.skip == 0 {
                            self.skip_sdt_pr = false;
                        }
                        continue;
                    }
                    let (ns, local) = self.ns.split(e.name().into_inner());
                    if let Some(block) = self.end(local, ns) {
                        return Ok(Some(block));
                    }
                }
                Event::Text(t) if self.skip == 0 => {
                    self.count_text(t.len())?;
                    if self.in_instr {
                        if let Some(f) = self.fields.last_mut() {
                            f.instr.push_str(&t.xml10_content());
                        }
                    } else if self.text_visible() {
                        self.push_text(&t.xml10_content());
                    }
                }
                Event::CData(t) if self.skip == 0 && self.text_visible() => {
                    self.count_text(t.len())?;
                    self.push_text(&t.xml10_content());
                }
                Event::GeneralRef(r) if self.skip == 0 => {
                    let mut s = String::new();
                    xml::resolve_ref(&r, &mut s);
                    if self.in_instr {
                        if let Some(f) = self.fields.last_mut() {
                            f.instr.push_str(&s);
                        }
                    } else if self.text_visible() {
                        self.push_text(&s);
                    }
                }
                Event::Eof => return Ok(None),
                _ => {}
            }
        }
    }

    /// Counts text read against [`Limits::max_text`].
    fn count_text(&mut self, n: usize) -> Result<()> {
        self.text_bytes = self.text_bytes.saturating_add(n as u64);
        if self.text_bytes > self.max_text {
            return Err(Error::TooMuchText {
                part: self.events.part().to_string(),
                offset: self.events.position(),
                limit: self.max_text,
            });
        }
        Ok(())
    }

    /// `w:sdtPr/w:docPartObj/w:docPartGallery`: a content control holding a table of contents.
    fn sdt_gallery(&mut self, e: &BytesStart<'_>) {
        let toc = xml::attr(e, "val").is_some_and(|v| v.contains("Table of Contents"));
        if let Some(last) = self.sdts.last_mut()
            && toc
            && !*last
        {
            *last = true;
            self.toc_sdts += 1;
        }
    }
}

impl<R: BufRead> Iterator for Blocks<'_, R> {
    type Item = Result<Block>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_block() {
            Ok(Some(block)) => Some(Ok(block)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl<R: BufRead> std::iter::FusedIterator for Blocks<'_, R> {}

fn is_toc_instr(instr: &str) -> bool {
    let trimmed = instr.trim_start();
    trimmed.len() >= 3
        && trimmed
            .get(..3)
            .is_some_and(|s| s.eq_ignore_ascii_case("TOC"))
        && trimmed[3..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '\\')
}

/// Links each vertical-merge continuation to the row of the cell that starts the merge.
fn resolve_vertical_merges(table: &mut Table) {
    let rows = table.rows.len();
    for r in 0..rows {
        let continuations: Vec<(usize, usize)> = table
            .rows
            .get(r)
            .map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.merged_from.is_some())
                    .map(|(i, c)| (i, c.column))
                    .collect()
            })
            .unwrap_or_default();
        for (index, column) in continuations {
            // The origin is the nearest row above whose cell at this column is not itself a
            // continuation.
            let origin = (0..r).rev().find(|&above| {
                table
                    .rows
                    .get(above)
                    .and_then(|row| row.cell_covering(column))
                    .is_some_and(|c| c.merged_from.is_none())
            });
            if let Some(cell) = table
                .rows
                .get_mut(r)
                .and_then(|row| row.cells.get_mut(index))
            {
                cell.merged_from = origin;
            }
            if let Some(o) = origin
                && let Some(c) = table
                    .rows
                    .get_mut(o)
                    .and_then(|row| row.cells.iter_mut().find(|c| c.column == column))
            {
                c.row_span += 1;
            }
        }
    }
}

fn superscript_digit(c: char) -> char {
    match c {
        '0' => '\u{2070}',
        '1' => '\u{00B9}',
        '2' => '\u{00B2}',
        '3' => '\u{00B3}',
        '4'..='9' => char::from_u32(0x2070 + u32::from(c) - u32::from('0')).unwrap_or(c),
        c => c,
    }
}

/// Maps `w:sym` (a character of a symbol font) to Unicode where an equivalent is known.
fn symbol(e: &BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(xml::attr(e, "char")?.trim(), 16).ok()?;
    let font = xml::attr(e, "font")
        .unwrap_or_default()
        .to_ascii_lowercase();
    // Symbol fonts use the private-use range F000-F0FF; the low byte is the font's code point.
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let mapped = if font.starts_with("wingdings 2") {
        match low {
            0x50 => '✓',
            0x4F => '✗',
            0x52 => '☑',
            0x51 => '☒',
            0xA3 => '☐',
            _ => return None,
        }
    } else if font.starts_with("wingdings") {
        match low {
            0xFC => '✓',
            0xFB => '✗',
            0xFE => '☑',
            0xFD => '☒',
            0xA8 => '☐',
            0x6F => '□',
            0x6E => '■',
            0x6C => '●',
            0x9F => '•',
            0xA7 => '▪',
            0xD8 => '➢',
            0xE0 => '→',
            _ => return None,
        }
    } else if font.starts_with("symbol") {
        match low {
            0xB7 => '•',
            0xD6 => '√',
            0xD7 => '×',
            0xB0 => '°',
            0xB1 => '±',
            0xD2 | 0xE2 => '®',
            0xD3 | 0xE3 => '©',
            0xD4 | 0xE4 => '™',
            0xAE => '→',
            0x2D => '−',
            0x30..=0x39 => char::from_u32(low)?,
            _ => return None,
        }
    } else if code < 0xF000 {
        char::from_u32(code)?
    } else {
        return None;
    };
    Some(mapped)
}
