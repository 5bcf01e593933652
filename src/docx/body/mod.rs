//! Stage 3, body blocks: the main part streamed into paragraphs and tables.
//!
//! [`Blocks`] is a pull iterator over the top-level blocks of `w:body`, read through
//! `quick_xml::Reader<Lookahead<ZipFile>>` (a 64 KiB buffer; subtrees the reader does not need
//! are passed over in it, see `PartEvents::skip_subtree`) with one reused event buffer: the
//! document is never held in memory whole. A table is yielded once its last row has been read, with its rows,
//! cells (`w:gridSpan` and `w:vMerge` resolved to grid positions) and nested tables.
//!
//! The reader is in parts: the data [`model`](self) (blocks, rows, cells on the table grid),
//! the reader's state machine, paragraph/run/row/cell properties, fields and content controls,
//! symbol characters, vertical merges, and the runs passed over unread where no text is kept.

mod fields;
mod inert;
mod merges;
mod model;
mod props;
mod reader;
mod symbols;

use std::io::{Read, Seek};

pub use model::{Block, Cell, Paragraph, Row, Table};
pub(crate) use reader::{BodyReader, Mode};

use crate::docx::integrity::RestCheck;
use crate::docx::limits::PartReader;
use crate::docx::xml::lookahead::Lookahead;
use crate::error::Result;

/// A pull iterator over the top-level blocks of a document body: paragraphs and tables (a
/// table once its last row has been read, with its rows, cells on the grid and nested tables).
///
/// The text of a paragraph is what a reader of the document sees with all changes accepted:
///
/// | markup | text |
/// | --- | --- |
/// | `w:ins`, `w:moveTo` | kept |
/// | `w:del`, `w:moveFrom`, `w:delText`, deleted rows (`w:trPr/w:del`) | dropped |
/// | field codes (`w:instrText`) | dropped; field results kept |
/// | `w:hyperlink`, `w:sdt`, `w:smartTag`, `w:customXml`, `w:fldSimple` | their content kept |
/// | `mc:AlternateContent` | the first `mc:Choice` whose `Requires` prefixes are bound to namespaces Word understands (Office Open XML, Microsoft Office, VML), else `mc:Fallback` |
/// | elements in a namespace Word does not understand (or in none) | passed over with their content |
/// | `w:tab`, `w:ptab` / `w:br`, `w:cr` | `\t` / `\n` |
/// | `w:noBreakHyphen` / `w:softHyphen` | `-` / dropped |
/// | `w:sym` | its Unicode equivalent when known |
/// | footnote and endnote references, hidden text (`w:vanish`), drawings | dropped |
///
/// Each paragraph also carries its style, its effective outline level (which makes it a heading)
/// and its list label, computed here because list counters depend on document order.
///
/// Obtained from [`Document::blocks`](crate::Document::blocks); `R` is the document's reader.
/// Yields `Err` once and then ends when the XML is malformed or a limit is passed.
///
/// ```
/// use fedramp_ssp::{Block, Document};
///
/// let mut doc = Document::open("fixtures/samples/azure-ssp.docx")?;
/// let tables = doc
///     .blocks()?
///     .filter(|b| matches!(b, Ok(Block::Table(_))))
///     .count();
/// assert!(tables > 0);
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
pub struct Blocks<'a, R: Read + Seek> {
    inner: BodyReader<'a, Lookahead<PartReader<'a, R>>>,
    /// The whole part's integrity, being checked on a second thread (see
    /// [`Document::blocks_stopping_early`](crate::Document)).
    check: Option<RestCheck>,
}

impl<'a, R: Read + Seek> Blocks<'a, R> {
    pub(crate) fn new(
        inner: BodyReader<'a, Lookahead<PartReader<'a, R>>>,
        check: Option<RestCheck>,
    ) -> Self {
        Blocks { inner, check }
    }

    /// Bytes of the main part read so far.
    pub fn position(&self) -> u64 {
        self.inner.position()
    }

    /// Stops reading blocks and reads the rest of the main part without parsing it, so that
    /// its integrity is checked: the zip entry's CRC is verified at its end, and the size and
    /// ratio limits on every byte. For a caller that stops early (as a scope read does, once
    /// its sections have ended) and answers only from bytes whose integrity was checked.
    /// Costs inflating the rest, a fraction of parsing it; when the document was opened from a
    /// path (see [`DocumentBuilder::single_threaded`](crate::DocumentBuilder::single_threaded))
    /// and a scope read started the stream, that inflating has been going on beside the parsing
    /// and this waits for it (and for the numbering, if a scope read is still reading it on
    /// another thread: its errors come first).
    ///
    /// # Errors
    ///
    /// [`Error::CorruptPart`](crate::Error::CorruptPart) when the part is damaged; the limit
    /// errors of [`Limits`](crate::Limits).
    pub fn finish(mut self) -> Result<()> {
        self.inner.numbering_read()?;
        if let Some(check) = self.check.take()
            && check.wait().checked()?
        {
            return Ok(());
        }
        self.inner.drain()
    }

    /// Switches what the stream builds from the next block on (see [`Mode`]).
    pub(crate) fn set_mode(&mut self, mode: Mode) {
        self.inner.set_mode(mode);
    }
}

impl<R: Read + Seek> std::fmt::Debug for Blocks<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocks")
            .field("position", &self.position())
            .finish_non_exhaustive()
    }
}

impl<R: Read + Seek> Iterator for Blocks<'_, R> {
    type Item = Result<Block>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next_block().transpose()
    }
}

impl<R: Read + Seek> std::iter::FusedIterator for Blocks<'_, R> {}
