//! Limits on what a document may cost to read, so that hostile or broken input ends in an error
//! rather than a hang or unbounded memory.
//!
//! SSPs arrive by e-mail and from portals and this crate runs inside other people's pipelines:
//! whatever the bytes, reading answers with a result or an [`Error`](crate::Error). The limits
//! below bound the work and memory of one document. Their defaults pass a 2,000-page SSP (a
//! 65 MB `word/document.xml`) with room to spare, and stop a zip bomb within milliseconds.
//!
//! ```
//! use fedramp_ssp::{DocumentBuilder, Limits};
//!
//! // Tighter limits for a web service that only takes small plans.
//! let limits = Limits { max_part_size: 32 << 20, ..Limits::default() };
//! let mut doc = DocumentBuilder::new()
//!     .limits(limits)
//!     .open("fixtures/fedramp/FedRAMP-SSP-Low-Baseline-Template.docx")?;
//! assert!(!doc.outline()?.is_empty());
//! # Ok::<(), fedramp_ssp::Error>(())
//! ```
//!
//! Sizes are counted on the bytes actually inflated, never on the sizes the archive declares
//! (those are written by whoever made the file).

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::events::Event;

use crate::error::{Error, Result};
use crate::xml;

/// Limits on the cost of reading one document. Build one with struct-update syntax:
/// `Limits { max_entries: 500, ..Limits::default() }`.
///
/// | limit | default | why |
/// | --- | --- | --- |
/// | [`max_entries`](Limits::max_entries) | 5,000 | a real .docx has 20-300 entries (one per header, footer, image); an SSP with 1,000 screenshots still has only ~1,100 |
/// | [`max_part_size`](Limits::max_part_size) | 256 MiB | four times the `document.xml` of a 2,000-page SSP (~65 MB); the main part is streamed, the other parts read whole are far smaller |
/// | [`max_compression_ratio`](Limits::max_compression_ratio) | 100 | Word's XML deflates 5-25:1 (50:1 for very repetitive numbering parts); a zip bomb deflates ~1,000:1 |
/// | [`ratio_grace`](Limits::ratio_grace) | 4 MiB | small parts may compress better; past 4 MiB the ratio is checked on every read |
/// | [`max_depth`](Limits::max_depth) | 256 | Word nests a few dozen elements deep even with tables in tables |
/// | [`max_text`](Limits::max_text) | 64 MiB | ten times the text of a 2,000-page SSP (~3,500 characters a page) |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most entries the zip archive may hold. Checked against the count the archive's end
    /// record declares before its directory is read, and against the directory actually read.
    pub max_entries: usize,
    /// The most bytes any part may inflate to, counted on the bytes actually inflated.
    pub max_part_size: u64,
    /// The highest compression ratio (inflated bytes per compressed byte read) a part may show
    /// once more than [`ratio_grace`](Limits::ratio_grace) bytes of it have been inflated.
    pub max_compression_ratio: u64,
    /// How many bytes of a part may be inflated before its compression ratio is checked.
    pub ratio_grace: u64,
    /// The deepest XML element nesting allowed, in every part read.
    pub max_depth: usize,
    /// The most text (bytes of character data in the body, field codes included) one pass over
    /// the main part may read.
    pub max_text: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 5_000,
            max_part_size: 256 << 20,
            max_compression_ratio: 100,
            ratio_grace: 4 << 20,
            max_depth: 256,
            max_text: 64 << 20,
        }
    }
}

impl Limits {
    /// No limits at all, for input you trust (e.g. files you generated). Reading hostile input
    /// with these can exhaust time and memory.
    pub fn unlimited() -> Self {
        Limits {
            max_entries: usize::MAX,
            max_part_size: u64::MAX,
            max_compression_ratio: u64::MAX,
            ratio_grace: u64::MAX,
            max_depth: usize::MAX,
            max_text: u64::MAX,
        }
    }
}

/// A reader that counts the bytes read through it (the compressed bytes of the archive). The
/// count is shared with the [`PartReader`]s, which compare it with the bytes they inflate.
#[derive(Debug)]
pub struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub(crate) fn new(inner: R) -> Self {
        Counted {
            inner,
            count: Arc::new(AtomicU64::new(0)),
        }
    }

    pub(crate) fn counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.count)
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Why a part could not be read, carried through `std::io::Error` (and quick-xml's error) from
/// [`PartReader`] to the [`Error`] the caller sees.
#[derive(Debug, Clone)]
pub(crate) enum PartFailure {
    /// The entry's data is damaged: bad CRC, invalid deflate stream, early end.
    Corrupt { part: String, message: String },
    /// The part inflated past [`Limits::max_part_size`].
    TooLarge { part: String, limit: u64 },
    /// The part is not valid UTF-8 at this offset.
    InvalidUtf8 {
        part: String,
        offset: u64,
        message: String,
    },
    /// The part's compression ratio went past [`Limits::max_compression_ratio`].
    Ratio {
        part: String,
        inflated: u64,
        compressed: u64,
        limit: u64,
    },
}

impl std::fmt::Display for PartFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", Error::from(self.clone()))
    }
}

impl std::error::Error for PartFailure {}

impl From<PartFailure> for Error {
    fn from(failure: PartFailure) -> Error {
        match failure {
            PartFailure::Corrupt { part, message } => Error::CorruptPart { part, message },
            PartFailure::TooLarge { part, limit } => Error::PartTooLarge { part, limit },
            PartFailure::InvalidUtf8 {
                part,
                offset,
                message,
            } => Error::InvalidUtf8 {
                part,
                offset,
                message,
            },
            PartFailure::Ratio {
                part,
                inflated,
                compressed,
                limit,
            } => Error::CompressionRatio {
                part,
                inflated,
                compressed,
                limit,
            },
        }
    }
}

impl PartFailure {
    /// The failure carried by an I/O error, if it is one of ours.
    pub(crate) fn of_io(e: &io::Error) -> Option<&PartFailure> {
        e.get_ref()?.downcast_ref::<PartFailure>()
    }
}

/// An I/O error met while reading part `part` as the crate's error: a limit or a damaged entry.
pub(crate) fn part_io_error(part: &str, e: io::Error) -> Error {
    match PartFailure::of_io(&e) {
        Some(failure) => Error::from(failure.clone()),
        None => Error::CorruptPart {
            part: part.to_string(),
            message: e.to_string(),
        },
    }
}

/// One part of the archive, inflating: counts the bytes it hands out and fails as soon as a
/// limit is passed. Errors of the entry itself (bad CRC, invalid deflate data) come out as
/// [`Error::CorruptPart`] naming the part. It also checks that the part is UTF-8 (every part
/// Word writes is), so that invalid bytes are reported at their exact offset in the part.
pub struct PartReader<'a, R: Read> {
    file: zip::read::ZipFile<'a, Counted<R>>,
    part: String,
    counter: Arc<AtomicU64>,
    compressed_start: u64,
    inflated: u64,
    limits: Limits,
    /// The start of a UTF-8 sequence cut by the end of the last read.
    utf8_carry: [u8; 3],
    utf8_carry_len: usize,
}

impl<R: Read> std::fmt::Debug for PartReader<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartReader")
            .field("part", &self.part)
            .field("inflated", &self.inflated)
            .finish_non_exhaustive()
    }
}

impl<'a, R: Read> PartReader<'a, R> {
    pub(crate) fn new(
        file: zip::read::ZipFile<'a, Counted<R>>,
        part: &str,
        counter: Arc<AtomicU64>,
        limits: Limits,
    ) -> Self {
        let compressed_start = counter.load(Ordering::Relaxed);
        PartReader {
            file,
            part: part.to_string(),
            counter,
            compressed_start,
            inflated: 0,
            limits,
            utf8_carry: [0; 3],
            utf8_carry_len: 0,
        }
    }

    /// The part's name.
    pub fn part(&self) -> &str {
        &self.part
    }

    /// Bytes inflated so far.
    pub fn inflated(&self) -> u64 {
        self.inflated
    }

    fn fail(&self, failure: PartFailure) -> io::Error {
        io::Error::other(failure)
    }

    fn invalid_utf8(&self, offset: u64, message: impl std::fmt::Display) -> io::Error {
        self.fail(PartFailure::InvalidUtf8 {
            part: self.part.clone(),
            offset,
            message: message.to_string(),
        })
    }

    /// Checks that `data`, the bytes of the part from offset `base`, continue valid UTF-8.
    fn check_utf8(&mut self, mut data: &[u8], mut base: u64) -> io::Result<()> {
        if self.utf8_carry_len > 0 {
            // Complete the sequence the last read cut.
            let start = base.saturating_sub(self.utf8_carry_len as u64);
            let mut seq = [0u8; 4];
            let mut n = 0;
            for (slot, &b) in seq.iter_mut().zip(self.utf8_carry.iter()) {
                if n < self.utf8_carry_len {
                    *slot = b;
                    n += 1;
                }
            }
            let mut used = 0;
            loop {
                match std::str::from_utf8(seq.get(..n).unwrap_or_default()) {
                    Ok(_) => break,
                    Err(e) if e.error_len().is_some() => {
                        return Err(self.invalid_utf8(start, describe(seq.get(..n))));
                    }
                    Err(_) => match (data.get(used), seq.get_mut(n)) {
                        (Some(&b), Some(slot)) => {
                            *slot = b;
                            n += 1;
                            used += 1;
                        }
                        (None, _) if data.is_empty() => {
                            // End of the part inside a sequence.
                            return Err(self.invalid_utf8(
                                start,
                                "a character cut short by the end of the part",
                            ));
                        }
                        (None, _) => {
                            // Still incomplete: keep what there is for the next read.
                            for (slot, &b) in self.utf8_carry.iter_mut().zip(seq.iter()) {
                                *slot = b;
                            }
                            self.utf8_carry_len = n.min(3);
                            return Ok(());
                        }
                        (Some(_), None) => {
                            return Err(self.invalid_utf8(start, describe(seq.get(..n))));
                        }
                    },
                }
            }
            self.utf8_carry_len = 0;
            data = data.get(used..).unwrap_or_default();
            base += used as u64;
        }
        match std::str::from_utf8(data) {
            Ok(_) => Ok(()),
            Err(e) if e.error_len().is_some() => {
                let bad = data.get(e.valid_up_to()..).map(|rest| {
                    let len = e.error_len().unwrap_or(1).min(rest.len());
                    rest.get(..len).unwrap_or_default()
                });
                Err(self.invalid_utf8(base + e.valid_up_to() as u64, describe(bad)))
            }
            Err(e) => {
                let rest = data.get(e.valid_up_to()..).unwrap_or_default();
                for (slot, &b) in self.utf8_carry.iter_mut().zip(rest.iter()) {
                    *slot = b;
                }
                self.utf8_carry_len = rest.len().min(3);
                Ok(())
            }
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.inflated > self.limits.max_part_size {
            return Err(self.fail(PartFailure::TooLarge {
                part: self.part.clone(),
                limit: self.limits.max_part_size,
            }));
        }
        if self.inflated > self.limits.ratio_grace {
            let compressed = self
                .counter
                .load(Ordering::Relaxed)
                .saturating_sub(self.compressed_start)
                .max(1);
            if self.inflated / compressed > self.limits.max_compression_ratio {
                return Err(self.fail(PartFailure::Ratio {
                    part: self.part.clone(),
                    inflated: self.inflated,
                    compressed,
                    limit: self.limits.max_compression_ratio,
                }));
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for PartReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Never ask for more than one byte past the size limit, so that a part is never
        // inflated much further than the limit.
        let room = self
            .limits
            .max_part_size
            .saturating_sub(self.inflated)
            .saturating_add(1);
        let want = usize::try_from(room).unwrap_or(usize::MAX).min(buf.len());
        let buf = buf.get_mut(..want).unwrap_or_default();
        let n = match self.file.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => {
                return Err(self.fail(PartFailure::Corrupt {
                    part: self.part.clone(),
                    message: e.to_string(),
                }));
            }
        };
        let base = self.inflated;
        self.inflated = self.inflated.saturating_add(n as u64);
        self.check()?;
        if n > 0 || !buf.is_empty() {
            self.check_utf8(buf.get(..n).unwrap_or_default(), base)?;
        }
        Ok(n)
    }
}

/// Names invalid UTF-8 bytes for a message: "byte 0xE9", "bytes 0xE2 0x82".
fn describe(bytes: Option<&[u8]>) -> String {
    let bytes = bytes.unwrap_or_default();
    let hex: Vec<String> = bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    match hex.len() {
        1 => format!("byte {} starts no UTF-8 character", hex.join(" ")),
        _ => format!("bytes {} form no UTF-8 character", hex.join(" ")),
    }
}

/// Checks that a part read whole (styles, numbering) nests no deeper than the limit, before the
/// stage that owns it parses it. Malformed XML is left for that stage to report.
pub(crate) fn check_depth(part: &str, bytes: &[u8], max_depth: usize) -> Result<()> {
    let mut reader = xml::reader(bytes);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > max_depth {
                    return Err(Error::TooDeep {
                        part: part.to_string(),
                        offset: reader.buffer_position(),
                        limit: max_depth,
                    });
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// What the end of a zip archive says, read before the zip crate reads the directory.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ZipEnd {
    /// No end-of-central-directory record in the last 64 KiB.
    Missing,
    /// The record, with the number of entries it declares (`None`: Zip64, count elsewhere).
    Found { entries: Option<u64> },
}

/// Finds the end-of-central-directory record in the last 64 KiB + 22 bytes of the input.
pub(crate) fn zip_end<R: Read + Seek>(reader: &mut R) -> io::Result<ZipEnd> {
    const EOCD: &[u8; 4] = b"PK\x05\x06";
    const WINDOW: u64 = 65_535 + 22;
    let len = reader.seek(SeekFrom::End(0))?;
    let start = len.saturating_sub(WINDOW);
    reader.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    reader.by_ref().take(WINDOW).read_to_end(&mut tail)?;
    reader.rewind()?;
    let Some(pos) = tail.windows(4).rposition(|w| w == EOCD) else {
        return Ok(ZipEnd::Missing);
    };
    let count = tail.get(pos + 10..pos + 12).map(|b| {
        u16::from_le_bytes([
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        ])
    });
    Ok(ZipEnd::Found {
        entries: match count {
            Some(0xFFFF) => None,
            Some(n) => Some(u64::from(n)),
            None => None,
        },
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read, Write};

    use super::*;
    use crate::package::Package;

    const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

    fn package(part: &[u8]) -> Package<Cursor<Vec<u8>>> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let doc = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
        for (name, data) in [
            ("_rels/.rels", RELS.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
            ("word/part.txt", part),
        ] {
            writer.start_file(name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        Package::from_reader(Cursor::new(bytes)).unwrap()
    }

    /// Reads the part `chunk` bytes at a time; the error's offset, if any.
    fn read_in_chunks(part: &[u8], chunk: usize) -> std::result::Result<Vec<u8>, u64> {
        let mut package = package(part);
        let mut reader = package.open_part("word/part.txt").unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(out),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => match part_io_error("word/part.txt", e) {
                    Error::InvalidUtf8 { offset, .. } => return Err(offset),
                    other => panic!("{other}"),
                },
            }
        }
    }

    #[test]
    fn utf8_split_across_reads_is_valid() {
        let text = "aé€😀–“”".repeat(50);
        for chunk in 1..=9 {
            assert_eq!(
                read_in_chunks(text.as_bytes(), chunk),
                Ok(text.as_bytes().to_vec()),
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_found_at_its_offset_whatever_the_reads() {
        let text = "aé€😀–“”".repeat(20);
        let bytes = text.as_bytes();
        for (at, bad) in [
            (0, vec![0xFF]),
            (37, vec![0xC3, b'x']),
            (100, vec![0xE2, 0x82]),
        ] {
            let mut part = bytes.to_vec();
            // Insert at a character boundary at or after `at`.
            let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
            part.splice(at..at, bad.iter().copied());
            for chunk in 1..=9 {
                assert_eq!(
                    read_in_chunks(&part, chunk),
                    Err(at as u64),
                    "{at} chunk {chunk}"
                );
            }
        }
        // A sequence cut by the end of the part.
        let mut part = bytes.to_vec();
        part.extend_from_slice(&[0xF0, 0x9F]);
        for chunk in 1..=9 {
            assert_eq!(
                read_in_chunks(&part, chunk),
                Err(bytes.len() as u64),
                "chunk {chunk}"
            );
        }
    }
}
