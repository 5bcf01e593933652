//! Properties the reader needs from `w:pPr`, `w:rPr`, `w:trPr` and `w:tcPr`: style, outline
//! level and numbering of a paragraph; hidden and superscript runs; header and deleted rows,
//! grid offsets; cell spans and vertical merges.

use quick_xml::events::BytesStart;

use crate::docx::body::reader::{BodyReader, Frame, VMerge};
use crate::docx::xml;
use crate::docx::xml::lookahead::Peek;

/// Per-paragraph properties read from `w:pPr`.
#[derive(Debug, Default)]
pub(super) struct ParaProps {
    pub(super) style: Option<String>,
    pub(super) num_id: Option<u32>,
    pub(super) ilvl: Option<u8>,
    pub(super) outline_level: Option<u8>,
}

/// What properties element the reader is inside of, for elements whose meaning depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Props {
    None,
    Para,
    NumPr,
    Run,
    Row,
    Cell,
    /// `w:sdtPr`: only `w:docPartGallery` matters.
    Sdt,
}

impl Props {
    /// Whether `name` is the element that opened these properties.
    pub(super) fn opened_by(self, name: &str) -> bool {
        matches!(
            (self, name),
            (Props::Para | Props::NumPr, "pPr")
                | (Props::Run, "rPr")
                | (Props::Row, "trPr")
                | (Props::Cell, "tcPr")
                | (Props::Sdt, "sdtPr")
        )
    }
}

/// Widest grid offset or span believed (`w:gridBefore`, `w:gridSpan`).
const MAX_GRID: usize = 1024;

impl<R: Peek> BodyReader<'_, R> {
    /// A child of a properties element. Most elements of a document are run properties, so
    /// this dispatch comes first.
    pub(super) fn property(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
        match self.props {
            Props::None => {}
            Props::Run => self.run_property(name, e, empty),
            Props::Para => self.para_property(name, e, empty),
            Props::NumPr => self.numbering_property(name, e),
            Props::Row => self.row_property(name, e, empty),
            Props::Cell => self.cell_property(name, e, empty),
            Props::Sdt => {
                if name == "docPartGallery" {
                    self.fields.sdt_gallery(e);
                }
            }
        }
    }

    fn run_property(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
        match name {
            "vanish" | "specVanish" => self.run.vanish = Some(xml::on_off(e)),
            "rStyle" => {
                self.run.style_hidden =
                    xml::attr(e, "val").is_some_and(|id| self.context().hides_characters(&id));
            }
            "vertAlign" => {
                self.run.superscript = xml::attr(e, "val").is_some_and(|v| v == "superscript");
            }
            "rPrChange" if !empty => self.skip_subtree = true,
            _ => {}
        }
    }

    fn para_props(&mut self) -> Option<&mut ParaProps> {
        match self.stack.last_mut() {
            Some(Frame::Para { props, .. }) => Some(props),
            _ => None,
        }
    }

    fn para_property(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
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
            // The paragraph mark's run properties, the old properties of a change, tab stops
            // and section properties: nothing of interest.
            "rPr" | "pPrChange" | "tabs" | "sectPr" if !empty => self.skip_subtree = true,
            _ => {}
        }
    }

    fn numbering_property(&mut self, name: &str, e: &BytesStart<'_>) {
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
    }

    fn row_property(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
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
                    *grid_before = v.min(MAX_GRID);
                }
            }
            "del" => {
                if let Some(Frame::Row { deleted, .. }) = self.stack.last_mut() {
                    *deleted = true;
                }
                self.skip_subtree = !empty;
            }
            "trPrChange" if !empty => self.skip_subtree = true,
            _ => {}
        }
    }

    fn cell_property(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
        match name {
            "gridSpan" => {
                let v = xml::val_int(e)
                    .and_then(|v| usize::try_from(v).ok())
                    .unwrap_or(1);
                if let Some(Frame::Cell { cell, .. }) = self.stack.last_mut() {
                    cell.span = v.clamp(1, MAX_GRID);
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
            "tcPrChange" if !empty => self.skip_subtree = true,
            _ => {}
        }
    }
}
