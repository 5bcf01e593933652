//! The body's data model: blocks (paragraphs and tables), rows and cells on the table grid.

use std::sync::Arc;

use serde::Serialize;

use crate::docx::numbering::{LabelKind, ListLabel};

/// A block of the document body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
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

    /// The memory the block holds, in bytes: its structures at their size and its text at its
    /// length (what [`Limits::max_table_size`](crate::Limits::max_table_size) and
    /// [`Limits::max_section_size`](crate::Limits::max_section_size) count).
    pub fn held_bytes(&self) -> u64 {
        let own = std::mem::size_of::<Block>() as u64;
        match self {
            Block::Paragraph(p) => own + p.held_text(),
            Block::Table(t) => {
                own + t
                    .rows
                    .iter()
                    .map(|r| {
                        ROW_BYTES
                            + r.cells
                                .iter()
                                .map(|c| {
                                    CELL_BYTES + c.blocks.iter().map(Block::held_bytes).sum::<u64>()
                                })
                                .sum::<u64>()
                    })
                    .sum::<u64>()
            }
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    #[serde(serialize_with = "shared_str")]
    pub(crate) style_id: Option<Arc<str>>,
    #[serde(serialize_with = "shared_str")]
    pub(crate) style_name: Option<Arc<str>>,
    pub(crate) outline_level: Option<u8>,
    pub(crate) label: Option<ListLabel>,
    pub(crate) text: String,
    pub(crate) in_toc: bool,
}

/// What a row holds besides its cells.
pub(crate) const ROW_BYTES: u64 = std::mem::size_of::<Row>() as u64;
/// What a cell holds besides its blocks.
pub(crate) const CELL_BYTES: u64 = std::mem::size_of::<Cell>() as u64;
/// What a paragraph in a table holds besides its text.
pub(crate) const BLOCK_BYTES: u64 = std::mem::size_of::<Block>() as u64;

impl Paragraph {
    /// The bytes of text the paragraph holds: its text and its label's, as allocated.
    pub(crate) fn held_text(&self) -> u64 {
        (self.text.capacity() + self.label.as_ref().map_or(0, |l| l.text.capacity())) as u64
    }

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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
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

/// Serializes a shared string as a plain one.
fn shared_str<S: serde::Serializer>(value: &Option<Arc<str>>, ser: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => ser.serialize_some(&**v),
        None => ser.serialize_none(),
    }
}
