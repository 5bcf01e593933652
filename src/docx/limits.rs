//! Stage 1, limits on what a document may cost to read (documented on [`Limits`]), and the
//! counted reader that enforces them.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;

/// Limits on the cost of reading one document. Build one with struct-update syntax:
/// `Limits { max_entries: 500, ..Limits::default() }`.
///
/// SSPs arrive by e-mail and from portals and this crate runs inside other people's pipelines:
/// whatever the bytes, reading answers with a result or an [`Error`] rather than a hang or
/// unbounded memory. These limits bound the work and the memory of one document; their defaults
/// pass a 2,000-page SSP (a 65 MB `word/document.xml`) with room to spare, and stop a zip bomb
/// within milliseconds.
///
/// | limit | default | why |
/// | --- | --- | --- |
/// | [`max_entries`](Limits::max_entries) | 5,000 | a real .docx has 20-300 entries (one per header, footer, image); an SSP with 1,000 screenshots still has only ~1,100 |
/// | [`max_part_size`](Limits::max_part_size) | 256 MiB | four times the `document.xml` of a 2,000-page SSP (~65 MB); the main part is streamed |
/// | [`max_side_part_size`](Limits::max_side_part_size) | 8 MiB | the parts read whole (relationships, styles, numbering, properties): the largest of FedRAMP's templates is a 520 KB `numbering.xml` |
/// | [`max_compression_ratio`](Limits::max_compression_ratio) | 100 | Word's XML deflates 5-25:1 (50:1 for very repetitive numbering parts); a zip bomb deflates ~1,000:1 |
/// | [`ratio_grace`](Limits::ratio_grace) | 4 MiB | small parts may compress better; past 4 MiB the ratio is checked every 64 KiB inflated (every 256 KiB where it cannot be passed within them) |
/// | [`max_depth`](Limits::max_depth) | 256 | Word nests a few dozen elements deep even with tables in tables |
/// | [`max_text`](Limits::max_text) | 64 MiB | ten times the text of a 2,000-page SSP (~3,500 characters a page) |
/// | [`max_table_size`](Limits::max_table_size) | 16 MiB | the largest table of FedRAMP's templates holds 160 KB (903 cells); 16 MiB is some 90,000 cells |
/// | [`max_section_size`](Limits::max_section_size) | 16 MiB | section 9.2.1 of a real SSP holds ~100 KB, the whole Moderate template 2.1 MB |
/// | [`max_headings`](Limits::max_headings) | 100,000 | a 2,000-page SSP has ~3,000 headings |
///
/// Memory is counted with [`Block::held_bytes`](crate::Block::held_bytes): structures at their
/// size, text at its length.
///
/// ```
/// use fedramp_ssp::{DocumentBuilder, Limits};
///
/// // Tighter limits for a web service that only takes small plans.
/// let limits = Limits { max_part_size: 32 << 20, ..Limits::default() };
/// let mut doc = DocumentBuilder::new()
///     .limits(limits)
///     .open("fixtures/fedramp/FedRAMP-SSP-Low-Baseline-Template.docx")?;
/// assert!(!doc.outline()?.is_empty());
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
///
/// Sizes are counted on the bytes actually inflated, never on the sizes the archive declares
/// (those are written by whoever made the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most entries the zip archive may hold. Checked against the count the archive's end
    /// record declares before its directory is read, and against the directory actually read.
    pub max_entries: usize,
    /// The most bytes any part may inflate to, counted on the bytes actually inflated.
    pub max_part_size: u64,
    /// The most bytes a part read whole (relationships, styles, numbering, properties) may
    /// inflate to; the smaller of this and `max_part_size` applies.
    pub max_side_part_size: u64,
    /// The highest compression ratio (inflated bytes per compressed byte read) a part may show
    /// once more than [`ratio_grace`](Limits::ratio_grace) bytes of it have been inflated.
    pub max_compression_ratio: u64,
    /// How many bytes of a part may be inflated before its compression ratio is checked.
    pub ratio_grace: u64,
    /// The deepest XML element nesting allowed, in every part read.
    pub max_depth: usize,
    /// The most text (bytes of character data in the body, field codes included) one pass over
    /// the main part may read. Content passed over unread is not counted: run properties,
    /// drawings, deleted text, and the runs of paragraphs whose text the pass does not keep
    /// (an outline's paragraphs that are not headings, the table of contents before a scope
    /// read's first heading).
    pub max_text: u64,
    /// The most memory one table (with the tables nested in it) may hold while it is built.
    pub max_table_size: u64,
    /// The most memory the blocks kept for the sections of a scope read may hold.
    pub max_section_size: u64,
    /// The most headings an outline keeps.
    pub max_headings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 5_000,
            max_part_size: 256 << 20,
            max_side_part_size: 8 << 20,
            max_compression_ratio: 100,
            ratio_grace: 4 << 20,
            max_depth: 256,
            max_text: 64 << 20,
            max_table_size: 16 << 20,
            max_section_size: 16 << 20,
            max_headings: 100_000,
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
            max_side_part_size: u64::MAX,
            max_compression_ratio: u64::MAX,
            ratio_grace: u64::MAX,
            max_depth: usize::MAX,
            max_text: u64::MAX,
            max_table_size: u64::MAX,
            max_section_size: u64::MAX,
            max_headings: usize::MAX,
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
    /// The part inflated past its size limit (named by `setting`).
    TooLarge {
        part: String,
        limit: u64,
        setting: &'static str,
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
            PartFailure::TooLarge {
                part,
                limit,
                setting,
            } => Error::PartTooLarge {
                part,
                limit,
                setting,
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
pub(crate) fn part_io_error(part: &str, e: &io::Error) -> Error {
    match PartFailure::of_io(e) {
        Some(failure) => Error::from(failure.clone()),
        None => Error::CorruptPart {
            part: part.to_string(),
            message: e.to_string(),
        },
    }
}

/// One part of the archive, inflating: counts the bytes it hands out and fails as soon as a
/// limit is passed. Errors of the entry itself (bad CRC, invalid deflate data) come out as
/// [`Error::CorruptPart`] naming the part. (UTF-8 is checked by the XML reader, event by event,
/// which reports the exact byte: see [`Error::InvalidUtf8`].)
pub struct PartReader<'a, R: Read> {
    file: zip::read::ZipFile<'a, Counted<R>>,
    part: String,
    counter: Arc<AtomicU64>,
    compressed_start: u64,
    inflated: u64,
    limits: Limits,
    /// The size limit of this part, and its name in [`Limits`].
    max_size: (u64, &'static str),
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
        whole: bool,
    ) -> Self {
        let compressed_start = counter.load(Ordering::Relaxed);
        let max_size = if whole {
            (
                limits.max_side_part_size.min(limits.max_part_size),
                "max_side_part_size",
            )
        } else {
            (limits.max_part_size, "max_part_size")
        };
        PartReader {
            file,
            part: part.to_string(),
            counter,
            compressed_start,
            inflated: 0,
            limits,
            max_size,
        }
    }

    /// The size the entry declares, within this part's limit and [`MAX_SIZE_HINT`], plus the
    /// byte that tells its end: what to allocate for reading it whole. Only a hint: the entry
    /// may lie, and the limits may be [`Limits::unlimited`].
    pub(crate) fn size_hint(&self) -> usize {
        let declared = self.file.size().min(self.max_size.0).min(MAX_SIZE_HINT);
        usize::try_from(declared.saturating_add(1)).unwrap_or(0)
    }

    fn fail(&self, failure: PartFailure) -> io::Error {
        io::Error::other(failure)
    }

    /// The compressed bytes read for this part so far (at least 1).
    fn compressed(&self) -> u64 {
        self.counter
            .load(Ordering::Relaxed)
            .saturating_sub(self.compressed_start)
            .max(1)
    }

    /// The most to inflate before the limits are checked again: one [`READ_STEP`], or whole
    /// steps up to [`LONG_STEP`] where the ratio limit cannot be passed before the end of the
    /// read whatever it reads of the compressed bytes. At any point of a read of `n` bytes the
    /// running ratio is at most (inflated + `n`) / (compressed now): within the limit while
    /// inflated + `n` < (limit + 1) × compressed. A ratio bomb is then stopped as in single
    /// steps (the size limit is kept by the caller's `room`). Long reads spare the inflater
    /// copying the end of each read into its window (7 % of the integrity check's instructions
    /// on the Azure sample).
    fn step(&self) -> usize {
        step_within(
            self.limits.max_compression_ratio,
            self.compressed(),
            self.inflated,
        )
    }

    fn check(&self) -> io::Result<()> {
        if self.inflated > self.max_size.0 {
            return Err(self.fail(PartFailure::TooLarge {
                part: self.part.clone(),
                limit: self.max_size.0,
                setting: self.max_size.1,
            }));
        }
        if self.inflated > self.limits.ratio_grace {
            let compressed = self.compressed();
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

/// The most memory allocated up front, on the size an entry declares, for reading it whole:
/// 16 MiB. A larger part (allowed only by limits above the defaults) grows its buffer as it is
/// read.
const MAX_SIZE_HINT: u64 = 16 << 20;

/// The most a part reader inflates between two checks of the limits, where a limit could be
/// passed within a longer read.
pub(crate) const READ_STEP: usize = 64 << 10;

/// The most a part reader inflates between two checks of the limits, where none can be passed
/// within the read (see `PartReader::step`); also what the integrity check reads at a time.
pub(crate) const LONG_STEP: usize = 256 << 10;

impl<R: Read> Read for PartReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Never ask for more than one byte past the size limit, so that a part is never
        // inflated much further than the limit, and never more than one step at a time, so that
        // the ratio is checked every READ_STEP bytes however large the caller's buffer grows
        // (or as often as it could be passed: see `step`).
        let room = self
            .max_size
            .0
            .saturating_sub(self.inflated)
            .saturating_add(1);
        let want = usize::try_from(room)
            .unwrap_or(usize::MAX)
            .min(buf.len())
            .min(self.step());
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
        self.inflated = self.inflated.saturating_add(n as u64);
        self.check()?;
        Ok(n)
    }
}

/// [`PartReader`]'s step, for a ratio limit `limit`, `compressed` bytes read and `inflated`
/// handed out.
fn step_within(limit: u64, compressed: u64, inflated: u64) -> usize {
    let within_ratio = limit
        .saturating_add(1)
        .saturating_mul(compressed)
        .saturating_sub(1)
        .saturating_sub(inflated);
    let longest = usize::try_from(within_ratio)
        .unwrap_or(usize::MAX)
        .min(LONG_STEP);
    (longest / READ_STEP).max(1) * READ_STEP
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
    use super::*;

    /// A read longer than one step is taken only where no point of it can pass the ratio
    /// limit, whatever compressed bytes it reads (at least those read already).
    #[test]
    fn a_long_step_never_passes_the_ratio_limit_within_it() {
        let limits = [0, 1, 2, 19, 40, 100, 1_000, u64::MAX];
        let amounts = [
            0,
            1,
            1_000,
            10_000,
            65_536,
            200_000,
            1 << 20,
            1 << 30,
            u64::MAX,
        ];
        let mut long = 0;
        for limit in limits {
            for compressed in amounts.iter().map(|c| (*c).max(1)) {
                for inflated in amounts {
                    let n = step_within(limit, compressed, inflated);
                    assert!(n.is_multiple_of(READ_STEP) && (READ_STEP..=LONG_STEP).contains(&n));
                    if n > READ_STEP {
                        long += 1;
                        let most = inflated.saturating_add(n as u64);
                        assert!(
                            most / compressed <= limit,
                            "{limit} {compressed} {inflated}"
                        );
                    }
                }
            }
        }
        assert!(long > 0, "long steps are taken where they are safe");
        // The default limit, a part of the samples' ratio (about 19:1) well in: long steps.
        assert_eq!(step_within(100, 50_000, 950_000), LONG_STEP);
        // Near the limit: single steps, as before.
        assert_eq!(step_within(100, 10_000, 990_000), READ_STEP);
    }
}
