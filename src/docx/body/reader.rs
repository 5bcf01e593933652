//! The body reader: a state machine over the main part's XML events that yields top-level
//! blocks. Its state is grouped by concern: the [`Context`] of styles, numbering and list
//! counters; the element [`Frame`]s open; the [`RunState`] of the current run; the open
//! fields and content controls ([`FieldState`]); the [`TextBudget`].

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use crate::docx::body::fields::{FieldCharType, FieldState, is_toc_instr, toc_styles};
use crate::docx::body::inert::{inert_run, next_run};
use crate::docx::body::merges::resolve_vertical_merges;
use crate::docx::body::model::{
    BLOCK_BYTES, Block, CELL_BYTES, Cell, Paragraph, ROW_BYTES, Row, Table,
};
use crate::docx::body::props::{ParaProps, Props};
use crate::docx::body::symbols::{superscript_digit, symbol};
use crate::docx::limits::Limits;
use crate::docx::numbering::{ListCounters, Numbering, OnDemand};
use crate::docx::styles::{ResolvedStyle, Styles};
use crate::docx::xml::lookahead::Peek;
use crate::docx::xml::{self, Ns, PartEvents};
use crate::error::{Error, Result};

/// An element being built.
#[derive(Debug)]
pub(super) enum Frame {
    Para {
        props: ParaProps,
        text: String,
        toc: bool,
        /// Whether the text is kept: always in [`Mode::Full`]; otherwise as
        /// [`Context::keeps_text`] decides at the first text, tab or run properties (or at a
        /// run passed over unread), once `w:pPr` (which comes first) has been read.
        keep_text: Option<bool>,
        /// Whether the paragraph style hides its runs' text; decided with `keep_text`.
        style_hidden: Option<bool>,
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

/// A cell's `w:vMerge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VMerge {
    None,
    Restart,
    Continue,
}

/// How much of the body a reader builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every block, with text and tables.
    Full,
    /// Top-level headings only; other paragraphs and tables are read for their list counters
    /// and fields but not built. For the outline, and between the sections a scope asks for.
    Headings,
    /// Every block, as [`Mode::Full`] builds it, except that a paragraph known to be in a
    /// table of contents where its text begins (in a TOC field's result or content control, or
    /// of a TOC style) keeps no text; such a paragraph is never a heading. For a scope read
    /// before the first heading: the title page, which leaves out the table of contents.
    TitlePage,
}

/// The current run.
#[derive(Debug, Default)]
pub(super) struct RunState {
    /// Inside `w:t`.
    pub(super) in_text: bool,
    /// Inside `w:instrText` of the innermost open field.
    pub(super) in_instr: bool,
    /// The run's own `w:vanish`, when it has one.
    pub(super) vanish: Option<bool>,
    /// The run's character style (`w:rStyle`) hides its text.
    pub(super) style_hidden: bool,
    /// `w:vertAlign` superscript: its digits are shown as superscript digits, so that a
    /// footnote mark "¹" stays distinguishable from the text it follows.
    pub(super) superscript: bool,
}

/// What paragraphs are read against: styles, numbering, the list counters of this pass, and the
/// styles a table of contents declares as headings.
pub(super) struct Context<'a> {
    styles: &'a Styles,
    numbering: &'a OnDemand,
    /// Reading the numbering failed where a paragraph needed it: the stream ends with this.
    failure: Option<Error>,
    /// Reading the numbering failed (its error is or was `failure`).
    failed: bool,
    counters: ListCounters,
    /// Styles that the TOC field's `\t` switch declares as headings: style id → level.
    toc_styles: HashMap<Arc<str>, u8>,
    /// The default paragraph style, looked up once.
    default_style: Option<&'a ResolvedStyle>,
    /// The style last looked up by id: a paragraph asks for its style up to three times, and
    /// runs of paragraphs share one.
    last_style: Option<&'a ResolvedStyle>,
    /// The style whose `toc_styles` entry was last looked up, and that entry.
    last_toc: Option<(&'a ResolvedStyle, Option<u8>)>,
}

impl<'a> Context<'a> {
    /// The paragraph style, or the default paragraph style.
    fn style(&mut self, props: &ParaProps) -> Option<&'a ResolvedStyle> {
        let Some(id) = props.style.as_deref() else {
            return self.default_style;
        };
        if let Some(last) = self.last_style
            && *last.id == *id
        {
            return Some(last);
        }
        match self.styles.paragraph(id) {
            Some(style) => {
                self.last_style = Some(style);
                Some(style)
            }
            None => self.default_style,
        }
    }

    /// Whether the paragraph style hides the text of the paragraph's runs.
    fn hides(&mut self, props: &ParaProps) -> bool {
        self.style(props).is_some_and(|s| s.hidden)
    }

    /// The numbering, read by now; `None` (and the failure kept) when reading it failed.
    fn numbering(&mut self) -> Option<&'a Numbering> {
        let numbering: &'a OnDemand = self.numbering;
        match numbering.get(self.styles) {
            Ok(lists) => Some(lists),
            Err(e) => {
                self.failure.get_or_insert(e);
                self.failed = true;
                None
            }
        }
    }

    /// `error`, unless reading the numbering failed: a reading on one thread reports that
    /// first, when the document is opened.
    fn first_error(&self, error: Error) -> Error {
        if self.failed {
            return error;
        }
        self.numbering.first_error(self.styles, error)
    }

    /// Whether the character style `id` hides its text.
    pub(super) fn hides_characters(&self, id: &str) -> bool {
        self.styles.hides_characters(id)
    }

    /// Whether a paragraph with these properties keeps its text in `mode` (`toc`: it is known
    /// to be in a table of contents, by where it begins).
    fn keeps_text(&mut self, mode: Mode, props: &ParaProps, toc: bool) -> bool {
        match mode {
            Mode::Full => true,
            Mode::Headings => self.could_be_heading(props),
            Mode::TitlePage => !toc && self.style(props).is_none_or(|s| s.toc_level.is_none()),
        }
    }

    /// Whether a paragraph with these properties can be a heading (its text is needed).
    fn could_be_heading(&mut self, props: &ParaProps) -> bool {
        props.outline_level.is_some()
            || self
                .style(props)
                .is_some_and(|s| s.outline_level.is_some() || self.toc_level(s).is_some())
    }

    /// The level a TOC field's `\t` switch gives this style, if any (looked up once for a run
    /// of paragraphs of one style).
    fn toc_level(&mut self, style: &'a ResolvedStyle) -> Option<u8> {
        if self.toc_styles.is_empty() {
            return None;
        }
        if let Some((last, level)) = self.last_toc
            && std::ptr::eq(last, style)
        {
            return level;
        }
        let level = self.toc_styles.get(&style.id).copied();
        self.last_toc = Some((style, level));
        level
    }

    /// A TOC field's `\t "Style,Level,..."` switch makes those styles headings.
    fn learn_toc_styles(&mut self, instr: &str) {
        for (name, level) in toc_styles(instr) {
            if let Some(s) = self
                .styles
                .id_by_name(name)
                .and_then(|id| self.styles.paragraph(id))
            {
                self.toc_styles.insert(s.id.clone(), level - 1);
                self.last_toc = None;
            }
        }
    }

    /// The paragraph, its style resolved, its outline level and list label computed; `None`
    /// when only headings are wanted and it is none (its list counter still advances).
    fn paragraph(
        &mut self,
        props: ParaProps,
        text: String,
        toc: bool,
        only_headings: bool,
    ) -> Option<Paragraph> {
        let style = self.style(&props);
        let toc = toc || style.is_some_and(|s| s.toc_level.is_some());
        let outline_level = props
            .outline_level
            .or_else(|| style.and_then(|s| s.outline_level))
            .or_else(|| style.and_then(|s| self.toc_level(s)))
            .filter(|l| *l < 9);
        // Paragraph numbering beats the style's; numId 0 removes numbering.
        let num_id = props.num_id.or_else(|| style.and_then(|s| s.num_id));
        // Numbering is asked for only by a paragraph in a list (numId 0 removes it).
        let numbering = num_id.filter(|n| *n != 0).and_then(|_| self.numbering());
        let ilvl = props
            .ilvl
            .or_else(|| style.and_then(|s| s.ilvl))
            .or_else(|| {
                let (num_id, s) = (num_id?, style?);
                numbering?.level_for_style(num_id, &s.id)
            })
            .unwrap_or(0);
        let listed =
            numbering.and_then(|lists| Some((lists, num_id.filter(|n| lists.has_num(*n))?)));
        if only_headings && (toc || outline_level.is_none()) {
            if let Some((lists, n)) = listed {
                self.counters.advance(lists, n, ilvl);
            }
            return None;
        }
        let label = listed.and_then(|(lists, n)| self.counters.next(lists, n, ilvl));
        let (style_id, style_name) = (style.map(|s| s.id.clone()), style.map(|s| s.name.clone()));
        Some(Paragraph {
            style_id,
            style_name,
            outline_level: if toc { None } else { outline_level },
            label,
            text,
            in_toc: toc,
        })
    }
}

/// Memory held by the table being built (with the tables nested in it), against
/// [`Limits::max_table_size`]: counted as its rows, cells and paragraphs are added, as
/// [`Block::held_bytes`] counts them.
struct TableBudget {
    held: u64,
    max: u64,
}

impl TableBudget {
    fn hold(&mut self, bytes: u64) {
        self.held = self.held.saturating_add(bytes);
    }
}

/// Text bytes read so far, against [`Limits::max_text`].
struct TextBudget {
    used: u64,
    max: u64,
}

/// The body reader (see the [module](super) documentation for what it reads as text).
pub(crate) struct BodyReader<'a, R: Peek> {
    events: PartEvents<R>,
    buf: Vec<u8>,
    context: Context<'a>,
    pub(super) stack: Vec<Frame>,
    pub(super) props: Props,
    pub(super) run: RunState,
    pub(super) fields: FieldState,
    /// One entry per open `mc:AlternateContent`: whether a branch has been taken.
    alternates: Vec<bool>,
    budget: TextBudget,
    table_budget: TableBudget,
    mode: Mode,
    /// Tables being passed over in [`Mode::Headings`].
    skipped_tables: usize,
    /// Set by a handler: the element just started is passed over whole.
    pub(super) skip_subtree: bool,
    done: bool,
}

impl<'a, R: Peek> BodyReader<'a, R> {
    pub(crate) fn new(
        inner: R,
        part: &str,
        styles: &'a Styles,
        numbering: &'a OnDemand,
        limits: &Limits,
    ) -> Self {
        BodyReader {
            events: PartEvents::new(part, inner, limits.max_depth),
            buf: Vec::with_capacity(4096),
            context: Context {
                styles,
                numbering,
                failure: None,
                failed: false,
                counters: ListCounters::default(),
                toc_styles: HashMap::new(),
                last_toc: None,
                default_style: styles.default_paragraph(),
                last_style: None,
            },
            stack: Vec::new(),
            props: Props::None,
            run: RunState::default(),
            fields: FieldState::default(),
            alternates: Vec::new(),
            budget: TextBudget {
                used: 0,
                max: limits.max_text,
            },
            table_budget: TableBudget {
                held: 0,
                max: limits.max_table_size,
            },
            mode: Mode::Full,
            skipped_tables: 0,
            skip_subtree: false,
            done: false,
        }
    }

    /// Switches what the stream builds from the next block on. Only between top-level blocks
    /// (where a block has just been returned), which is where callers ask.
    pub(crate) fn set_mode(&mut self, mode: Mode) {
        if self.stack.is_empty() && self.skipped_tables == 0 {
            self.mode = mode;
        }
    }

    /// Bytes of the main part read so far.
    pub(crate) fn position(&self) -> u64 {
        self.events.position()
    }

    /// What paragraphs are read against.
    pub(super) fn context(&self) -> &Context<'a> {
        &self.context
    }

    fn mark_toc(&mut self) {
        if self.fields.in_toc()
            && let Some(Frame::Para { toc, .. }) = self.stack.last_mut()
        {
            *toc = true;
        }
    }

    /// The text buffer of the open paragraph, when its text is kept.
    fn para_text(&mut self) -> Option<&mut String> {
        if let Some(Frame::Para {
            props,
            keep_text,
            toc,
            ..
        }) = self.stack.last_mut()
            && keep_text.is_none()
        {
            *keep_text = Some(self.context.keeps_text(self.mode, props, *toc));
        }
        match self.stack.last_mut() {
            Some(Frame::Para {
                text,
                keep_text: Some(true),
                ..
            }) => Some(text),
            _ => None,
        }
    }

    fn push_text(&mut self, s: &str) {
        let superscript = self.run.superscript;
        if let Some(text) = self.para_text() {
            if superscript {
                text.extend(s.chars().map(superscript_digit));
            } else {
                text.push_str(s);
            }
        }
    }

    /// Whether the current run's text is hidden: by the run's own `w:vanish`, else by its
    /// character style or the paragraph's style.
    fn run_hidden(&mut self) -> bool {
        if let Some(v) = self.run.vanish {
            return v;
        }
        if self.run.style_hidden {
            return true;
        }
        let context = &mut self.context;
        match self.stack.last_mut() {
            Some(Frame::Para {
                props,
                style_hidden,
                ..
            }) => *style_hidden.get_or_insert_with(|| context.hides(props)),
            _ => false,
        }
    }

    fn push_char(&mut self, c: char) {
        if self.keeps_text()
            && !self.run_hidden()
            && self.fields.shows_text()
            && let Some(text) = self.para_text()
        {
            text.push(c);
        }
    }

    /// Whether the open paragraph's text is kept: asked before whether a run is hidden, which
    /// looks up styles.
    fn keeps_text(&mut self) -> bool {
        self.para_text().is_some()
    }

    fn text_visible(&mut self) -> bool {
        self.run.in_text && self.keeps_text() && self.fields.shows_text() && !self.run_hidden()
    }

    /// Handles a start (or empty) element. Returns a finished top-level block, if any.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Option<Block> {
        let (ns, name) = self.events.ns().split(e.name().into_inner());
        if self.props == Props::Sdt
            && !empty
            && !(ns == Ns::W && matches!(name, "docPartObj" | "docPartGallery"))
        {
            // A content control's properties matter only for `w:docPartObj/w:docPartGallery`;
            // check boxes, lists and dates are passed over whole.
            self.skip_subtree = true;
            return None;
        }
        match ns {
            Ns::W if self.props == Props::None => self.element(name, e, empty),
            Ns::W => {
                self.property(name, e, empty);
                None
            }
            Ns::Mc => {
                self.alternate_content(name, e, empty);
                None
            }
            Ns::Office => {
                // Drawing, math, VML and vendor markup: nothing a reader sees as paragraph text.
                self.skip_subtree = !empty
                    && matches!(
                        name,
                        "txbxContent" | "drawing" | "pict" | "oMath" | "oMathPara"
                    );
                None
            }
            Ns::Foreign => {
                // Not Word's markup: Word ignores it (or refuses the file), content and all.
                self.skip_subtree = !empty;
                None
            }
        }
    }

    /// `mc:AlternateContent`: the first `mc:Choice` whose `Requires` prefixes are all bound to
    /// namespaces Word understands, else the `mc:Fallback`; the other branches are passed over.
    fn alternate_content(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
        if name == "AlternateContent" {
            if !empty {
                self.alternates.push(false);
            }
            return;
        }
        let eligible = match name {
            "Choice" => xml::attr(e, "Requires").is_some_and(|r| {
                r.split_whitespace()
                    .all(|prefix| self.events.ns().understands(prefix))
            }),
            "Fallback" => true,
            _ => return,
        };
        let taken = self.alternates.last().copied().unwrap_or(false);
        if !taken && eligible {
            if let Some(t) = self.alternates.last_mut() {
                *t = true;
            }
        } else {
            self.skip_subtree = !empty;
        }
    }

    /// A WordprocessingML element outside properties.
    fn element(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) -> Option<Block> {
        match name {
            "p" | "tbl" | "tr" | "tc" => return self.open(name, empty),
            "r" if !empty => {
                self.run = RunState::default();
                self.pass_over_run(e);
            }
            "t" if !empty => self.run.in_text = true,
            "pPr" if !empty => self.props = Props::Para,
            "rPr" | "trPr" | "tcPr" if !empty => self.open_properties(name),
            "tab" | "ptab" => self.push_char('\t'),
            "br" | "cr" => self.push_char('\n'),
            "noBreakHyphen" => self.push_char('-'),
            "sym" => {
                if let Some(c) = symbol(e) {
                    self.push_char(c);
                }
            }
            "fldChar" => self.field_char(FieldCharType::of(e)),
            "instrText" if !empty => {
                // Field code, never text: collected for the innermost open field.
                if self.fields.collects_code() {
                    self.run.in_instr = true;
                } else {
                    self.skip_subtree = true;
                }
            }
            "fldSimple" => self.simple_field(e),
            "sdt" if !empty => self.fields.sdt_start(),
            "sdtPr" if !empty => self.props = Props::Sdt,
            // Removed content and revision records: not part of the accepted text.
            "del" | "moveFrom" | "delText" | "delInstrText" | "sdtEndPr" | "pPrChange"
            | "rPrChange" | "tblPrChange" | "trPrChange" | "tcPrChange" | "sectPrChange"
            | "tblGrid" | "tblPr" | "sectPr" | "smartTagPr" | "customXmlPr" | "drawing"
            | "pict" | "object" | "txbxContent" | "rt" | "tabs" | "footnoteReference"
            | "endnoteReference" | "commentReference"
                if !empty =>
            {
                self.skip_subtree = true;
            }
            _ => {}
        }
        None
    }

    /// Passes over the content of the run just started, unread, when the paragraph's text is
    /// not kept and the content changes nothing (see [`inert_run`]), and with it every run
    /// after it that is inert too (see [`next_run`]); the last one's end tag is the next event.
    /// Passing them over decides, as reading them would have, that the text is not kept.
    fn pass_over_run(&mut self, e: &BytesStart<'_>) {
        let Some(Frame::Para {
            props,
            keep_text,
            toc,
            ..
        }) = self.stack.last()
        else {
            return;
        };
        let kept = match keep_text {
            Some(kept) => *kept,
            None => self.context.keeps_text(self.mode, props, *toc),
        };
        if kept {
            return;
        }
        let qname = e.name().into_inner().as_bytes();
        let mut passed = None;
        while let Some(end) = self.pass_over_one(qname, passed) {
            passed = Some(end);
        }
        if let Some(passed) = passed {
            self.events.pass_over(passed);
        }
    }

    /// One run of those [`pass_over_run`](Self::pass_over_run) passes over: the first, or
    /// the one after the tags that follow the content of the last, which ends `passed` bytes
    /// into the buffer (see [`next_run`]). Hands its field code or field character on and
    /// returns where its content ends; `None` when it is to be read (and so are those after
    /// it).
    fn pass_over_one(&mut self, qname: &[u8], passed: Option<usize>) -> Option<usize> {
        let from = passed.unwrap_or(0);
        let bytes = self.events.buffered().get(from..)?;
        let start = match passed {
            None => 0,
            Some(_) => next_run(bytes, qname)?,
        };
        let inert = inert_run(bytes.get(start..)?, qname, self.events.room())?;
        let at = from + start;
        // Field code is text read, if it is collected: past the limit, the run is read, which
        // reports it.
        let code = inert.field_code.filter(|_| self.fields.collects_code());
        let code_len = code.as_ref().map_or(0, |range| range.len() as u64);
        if self.budget.used.saturating_add(code_len) > self.budget.max {
            return None;
        }
        if let Some(Frame::Para { keep_text, .. }) = self.stack.last_mut() {
            *keep_text = Some(false);
        }
        let buffered = self.events.buffered();
        if let Some(range) = code
            && let Some(text) = buffered.get(at + range.start..at + range.end)
            && let Ok(text) = std::str::from_utf8(text)
        {
            self.budget.used += code_len;
            self.fields.push_code(text);
        }
        let kind = inert.field_char.and_then(|fc| {
            let tag = buffered.get(at + fc.tag.start..at + fc.tag.end)?;
            let tag = std::str::from_utf8(tag).ok()?;
            Some(FieldCharType::of(&BytesStart::from_content(
                tag,
                fc.name_len,
            )))
        });
        if let Some(kind) = kind {
            self.field_char(kind);
        }
        Some(at + inert.len)
    }

    /// A field character of type `kind`, read or passed over: the fields open change, a TOC
    /// field's code teaches its `\t` styles, and the paragraph may be in a table of contents.
    fn field_char(&mut self, kind: FieldCharType) {
        if let Some(instr) = self.fields.field_char(kind) {
            self.context.learn_toc_styles(&instr);
        }
        self.mark_toc();
    }

    /// `w:rPr`, `w:trPr`, `w:tcPr`: read, unless the outline does not need them.
    fn open_properties(&mut self, name: &str) {
        let needed = match name {
            // Run properties only matter for text that is kept.
            "rPr" => self.mode == Mode::Full || self.para_text().is_some(),
            // Rows and cells are built in every mode but one.
            _ => self.mode != Mode::Headings,
        };
        if !needed {
            self.skip_subtree = true;
            return;
        }
        self.props = match name {
            "rPr" => Props::Run,
            "trPr" => Props::Row,
            _ => Props::Cell,
        };
    }

    /// `w:fldSimple`: a TOC field written whole makes its paragraph a TOC entry.
    fn simple_field(&mut self, e: &BytesStart<'_>) {
        let instr = xml::attr(e, "instr").unwrap_or_default();
        if is_toc_instr(&instr) {
            self.context.learn_toc_styles(&instr);
            if let Some(Frame::Para { toc, .. }) = self.stack.last_mut() {
                *toc = true;
            }
        }
    }

    /// A paragraph, table, row or cell opens.
    fn open(&mut self, name: &str, empty: bool) -> Option<Block> {
        if self.mode == Mode::Headings && name != "p" {
            if name == "tbl" {
                self.skipped_tables += usize::from(!empty);
            }
            return None;
        }
        let frame = match name {
            "p" => Frame::Para {
                props: ParaProps::default(),
                text: String::new(),
                toc: false,
                keep_text: (self.mode == Mode::Full).then_some(true),
                style_hidden: None,
            },
            "tbl" => Frame::Table(Table::default()),
            "tr" => Frame::Row {
                row: Row::default(),
                deleted: false,
                grid_before: 0,
                vmerge: Vec::new(),
            },
            _ => Frame::Cell {
                cell: Cell {
                    span: 1,
                    row_span: 1,
                    ..Cell::default()
                },
                vmerge: VMerge::None,
            },
        };
        self.stack.push(frame);
        if name == "p" {
            self.mark_toc();
        }
        if empty { self.close(name) } else { None }
    }

    /// A paragraph, table, row or cell closes.
    fn close(&mut self, name: &str) -> Option<Block> {
        match name {
            "p" => self.end_paragraph(),
            "tbl" => self.end_table(),
            "tr" => {
                self.end_row();
                None
            }
            _ => {
                self.end_cell();
                None
            }
        }
    }

    /// Handles an end element. Returns a finished top-level block, if any.
    fn end(&mut self, name: &str, ns: Ns) -> Option<Block> {
        match ns {
            Ns::Mc if name == "AlternateContent" => {
                self.alternates.pop();
                None
            }
            Ns::W => self.end_w(name),
            _ => None,
        }
    }

    fn end_w(&mut self, name: &str) -> Option<Block> {
        match name {
            "tbl" if self.mode == Mode::Headings => {
                self.skipped_tables = self.skipped_tables.saturating_sub(1);
            }
            "tr" | "tc" if self.mode == Mode::Headings => {}
            "p" | "tbl" | "tr" | "tc" => return self.close(name),
            "t" => self.run.in_text = false,
            "instrText" => self.run.in_instr = false,
            // A properties element closes only the properties it opened (`w:rPr` inside
            // `w:sdtPr` does not end the content control's properties).
            "pPr" | "trPr" | "tcPr" | "rPr" | "sdtPr" if self.props.opened_by(name) => {
                self.props = Props::None;
            }
            "numPr" if self.props == Props::NumPr => self.props = Props::Para,
            "r" => self.run = RunState::default(),
            "sdt" => self.fields.sdt_end(),
            _ => {}
        }
        None
    }

    fn end_paragraph(&mut self) -> Option<Block> {
        self.mark_toc();
        self.fields.end_paragraph();
        let Some(Frame::Para {
            props, text, toc, ..
        }) = self.stack.pop()
        else {
            return None;
        };
        self.props = Props::None;
        self.run.in_text = false;
        let headings = self.mode == Mode::Headings;
        let paragraph = self.context.paragraph(props, text, toc, headings)?;
        if self.skipped_tables > 0 {
            // Headings mode: numbered paragraphs in tables count, but are not blocks.
            return None;
        }
        self.attach(Block::Paragraph(paragraph))
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
            mut row,
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
            row.cells.shrink_to_fit();
            let first = table.rows.is_empty();
            for (cell, merge) in row.cells.iter_mut().zip(vmerge) {
                if merge == VMerge::Continue && !first {
                    // Resolved in `resolve_vertical_merges` once all rows are known.
                    cell.merged_from = Some(usize::MAX);
                }
            }
            table.rows.push(row);
            self.table_budget.hold(ROW_BYTES);
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
            // Held exactly as counted: a cell's blocks and a row's cells are not over-allocated.
            cell.blocks.shrink_to_fit();
            cell.column = row
                .cells
                .last()
                .map_or(*grid_before, |c| c.column.saturating_add(c.span));
            row.cells.push(cell);
            merges.push(vmerge);
            self.table_budget.hold(CELL_BYTES);
        }
    }

    /// Puts a finished block into its parent, or returns it when it is a top-level block.
    fn attach(&mut self, block: Block) -> Option<Block> {
        match self.stack.last_mut() {
            None => {
                self.table_budget.held = 0;
                Some(block)
            }
            Some(Frame::Cell { cell, .. }) => {
                let text = block.as_paragraph().map_or(0, Paragraph::held_text);
                self.table_budget.hold(BLOCK_BYTES.saturating_add(text));
                cell.blocks.push(block);
                None
            }
            // Blocks in places the schema does not allow (a paragraph directly in a row or
            // table) are dropped rather than misplaced.
            Some(_) => None,
        }
    }

    /// Waits for the numbering when it is still being read, for its errors.
    pub(crate) fn numbering_read(&mut self) -> Result<()> {
        if self.context.failed {
            return Ok(());
        }
        self.context.numbering.get(self.context.styles).map(|_| ())
    }

    /// Reads the rest of the part unparsed, checking its integrity (see [`PartEvents::drain`]).
    pub(crate) fn drain(&mut self) -> Result<()> {
        self.done = true;
        self.events.drain()
    }

    /// The next top-level block, `None` at the end of the body.
    pub(crate) fn next_block(&mut self) -> Result<Option<Block>> {
        if self.done {
            return Ok(None);
        }
        // The event borrows the buffer; take it out of `self` so handlers can borrow `self`.
        let mut buf = std::mem::take(&mut self.buf);
        let result = self
            .read_block(&mut buf)
            .map_err(|e| self.context.first_error(e));
        self.buf = buf;
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result
    }

    fn read_block(&mut self, buf: &mut Vec<u8>) -> Result<Option<Block>> {
        loop {
            buf.clear();
            let block = match self.events.next(buf)? {
                Event::Start(e) => {
                    let block = self.start(&e, false);
                    if std::mem::take(&mut self.skip_subtree) {
                        self.events.skip_subtree()?;
                    }
                    block
                }
                Event::Empty(e) => {
                    let block = self.start(&e, true);
                    self.skip_subtree = false;
                    block
                }
                Event::End(e) => {
                    let (ns, local) = self.events.ns().split(e.name().into_inner());
                    self.end(local, ns)
                }
                Event::Text(t) => {
                    self.budget.count(t.len(), &self.events)?;
                    if self.wants_text() {
                        self.text(&t.xml10_content());
                    }
                    None
                }
                Event::CData(t) => {
                    self.budget.count(t.len(), &self.events)?;
                    if self.wants_text() {
                        self.text(&t.xml10_content());
                    }
                    None
                }
                Event::GeneralRef(r) => {
                    let mut s = String::new();
                    xml::resolve_ref(&r, &mut s);
                    self.budget.count(s.len(), &self.events)?;
                    self.text(&s);
                    None
                }
                Event::Eof => {
                    self.numbering_read()?;
                    return Ok(None);
                }
                _ => None,
            };
            if let Some(failure) = self.context.failure.take() {
                return Err(failure);
            }
            if block.is_some() {
                return Ok(block);
            }
            if self.table_budget.held > self.table_budget.max {
                return Err(Error::TableTooLarge {
                    part: self.events.part().to_string(),
                    offset: self.events.position(),
                    limit: self.table_budget.max,
                });
            }
        }
    }

    /// Whether character data read now is kept: field code or visible text. Asked before
    /// the data is decoded, which most character data of an outline never is.
    fn wants_text(&mut self) -> bool {
        self.run.in_instr || self.text_visible()
    }

    /// Character data: field code, visible text, or nothing.
    fn text(&mut self, s: &str) {
        if self.run.in_instr {
            self.fields.push_code(s);
        } else if self.text_visible() {
            self.push_text(s);
        }
    }
}

impl TextBudget {
    /// Counts text read; past the limit, [`Error::TooMuchText`].
    fn count<R: BufRead>(&mut self, n: usize, events: &PartEvents<R>) -> Result<()> {
        self.used = self.used.saturating_add(n as u64);
        if self.used > self.max {
            return Err(Error::TooMuchText {
                part: events.part().to_string(),
                offset: events.position(),
                limit: self.max,
            });
        }
        Ok(())
    }
}
