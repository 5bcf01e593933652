//! The entry point: [`Document`] opens an SSP once, loads the small shared parts (styles,
//! numbering, core properties) up front, and streams the main part on demand.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

use crate::docx::body::{Block, Blocks, BodyReader, Mode};
use crate::docx::integrity::{self, RestCheck};
use crate::docx::limits::Limits;
use crate::docx::numbering::{HandedOver, Numbering, OnDemand};
use crate::docx::outline::{Heading, Outline, Section};
use crate::docx::package::Package;
use crate::docx::styles::Styles;
use crate::docx::xml;
use crate::error::{Error, Result};

/// Buffer between the inflater and the XML tokenizer.
const STREAM_BUFFER: usize = 64 * 1024;

/// Document properties from `docProps/core.xml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoreProperties {
    /// `dc:title`.
    pub title: Option<String>,
    /// `dc:subject`.
    pub subject: Option<String>,
    /// `cp:keywords`.
    pub keywords: Option<String>,
    /// `dcterms:created`, as written (W3CDTF, e.g. `2024-05-01T10:00:00Z`).
    pub created: Option<String>,
    /// `dcterms:modified`, as written.
    pub modified: Option<String>,
}

/// An opened Word document.
///
/// ```
/// use fedramp_ssp::Document;
///
/// let mut doc = Document::open("fixtures/fedramp/FedRAMP-SSP-Low-Baseline-Template.docx")?;
/// let outline = doc.outline()?;
/// let heading = outline.find_number("9.2").unwrap();
/// assert_eq!(heading.title, "Information System Components and Boundaries");
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
pub struct Document<R> {
    package: Package<R>,
    styles: Styles,
    numbering: OnDemand,
    properties: CoreProperties,
    /// The file it was opened from, when a second thread may check the main part's integrity
    /// from its own handle (see [`DocumentBuilder::single_threaded`]): set only when the
    /// machine has a core to spare.
    origin: Option<PathBuf>,
    /// The check of the main part's integrity that opening for a scope read started (see
    /// [`DocumentBuilder::open_for_reading`]), until the first
    /// [`blocks_stopping_early`](Document::blocks_stopping_early) takes it.
    check: Option<RestCheck>,
}

impl<R> std::fmt::Debug for Document<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("package", &self.package)
            .field("properties", &self.properties)
            .finish_non_exhaustive()
    }
}

/// Opens documents with settings other than the defaults, in the manner of
/// `csv::ReaderBuilder`: today, the [`Limits`] on what reading may cost.
///
/// ```
/// use fedramp_ssp::{DocumentBuilder, ErrorKind, Limits};
///
/// let strict = Limits { max_entries: 10, ..Limits::default() };
/// let result = DocumentBuilder::new()
///     .limits(strict)
///     .open("fixtures/fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx");
/// assert_eq!(result.unwrap_err().kind(), ErrorKind::TooManyEntries);
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocumentBuilder {
    limits: Limits,
    single_threaded: bool,
}

impl DocumentBuilder {
    /// A builder with the default settings ([`Limits::default`]).
    pub fn new() -> Self {
        DocumentBuilder::default()
    }

    /// Sets the limits on what reading a document may cost.
    pub fn limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Reads on the calling thread only (`true`), or lets a document opened from a path check
    /// its main part's integrity on a second thread (`false`, the default).
    ///
    /// A reader that stops before the end of the body (as a scope read does once its sections
    /// have ended) answers only from bytes whose integrity was checked, so the rest of the part
    /// must still be inflated to reach the zip entry's CRC. By default, when the document was
    /// opened with [`open`](DocumentBuilder::open) and the machine has more than one core,
    /// that happens on a second thread while the body is parsed, from a second handle on the
    /// file, with the same [`Limits`] and the same errors. Set this when the caller already
    /// keeps every core busy (reading many files at once): the check then runs on the calling
    /// thread once the reader stops, which is less work in all.
    ///
    /// The same default also reads `numbering.xml` on a second thread while the styles are
    /// read ([`open`](DocumentBuilder::open) waits for it, and reports its errors as before).
    pub fn single_threaded(&mut self, yes: bool) -> &mut Self {
        self.single_threaded = yes;
        self
    }

    /// Opens a .docx (or .docm, .dotx, .dotm) file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the path when it cannot be read (or is a directory); otherwise as
    /// [`DocumentBuilder::from_reader`].
    pub fn open(&self, path: impl AsRef<Path>) -> Result<Document<BufReader<File>>> {
        let doc = self.open_path(path.as_ref(), false)?;
        // Opening reports what is wrong with the numbering, read meanwhile on another thread.
        doc.numbering.get(&doc.styles)?;
        Ok(doc)
    }

    /// [`open`](Self::open), the numbering still being read on another thread when the machine
    /// has a core to spare: the body reader waits for it where a paragraph first needs a list
    /// ([`OnDemand`]), and reports its errors in the same order; and, for a read that stops
    /// early (a scope read), the check of the main part's integrity started at once, before the
    /// styles are read, so that it ends as early as it can: where the reading thread runs
    /// faster than the check, the check is what such a read waits for last. The check's thread
    /// reads the numbering first, so that two threads, not three, share the machine.
    pub(crate) fn open_for_reading(&self, path: &Path) -> Result<Document<BufReader<File>>> {
        self.open_path(path, true)
    }

    /// Opens the file at `path`; `check_now`: start the integrity check of the main part (when
    /// a second thread may be used).
    fn open_path(&self, path: &Path, check_now: bool) -> Result<Document<BufReader<File>>> {
        let io = |source| Error::Io {
            path: path.display().to_string(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        if file.metadata().map_err(io)?.is_dir() {
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory, not a .docx file",
            )));
        }
        let beside = self.may_use_a_second_thread();
        // Absolute, so that a change of working directory before the body is read does not
        // send the second handle elsewhere; without it, the check stays on this thread.
        let origin = beside.then(|| std::fs::canonicalize(path).ok()).flatten();
        let check_from = origin.as_deref().filter(|_| check_now);
        let mut doc = Document::with_limits(BufReader::new(file), self.limits, beside, check_from)
            .map_err(|e| e.naming_input(&path.display().to_string()))?;
        doc.origin = origin;
        Ok(doc)
    }

    /// Whether a document opened from a path reads on a second thread beside the caller's:
    /// not [`single_threaded`](Self::single_threaded), and the machine has a core to spare.
    pub(crate) fn may_use_a_second_thread(&self) -> bool {
        !self.single_threaded && integrity::core_to_spare()
    }

    /// Opens a document held in memory.
    ///
    /// # Errors
    ///
    /// An error naming what is wrong with the input: empty, a PDF, a legacy .doc, encrypted,
    /// not a zip or truncated, not a Word document, a missing or damaged part, malformed XML in
    /// the styles, numbering or properties, or a [`Limits`] passed.
    pub fn from_bytes(&self, bytes: impl Into<Vec<u8>>) -> Result<Document<Cursor<Vec<u8>>>> {
        self.from_reader(Cursor::new(bytes.into()))
    }

    /// Opens a document from any seekable reader: the package's parts are found, and the
    /// styles, numbering and core properties read, once; the body is streamed on demand.
    ///
    /// # Errors
    ///
    /// An error naming what is wrong with the input: empty, a PDF, a legacy .doc, encrypted,
    /// not a zip or truncated, not a Word document, a missing or damaged part, malformed XML in
    /// the styles, numbering or properties, or a [`Limits`] passed.
    pub fn from_reader<R: Read + Seek>(&self, reader: R) -> Result<Document<R>> {
        Document::with_limits(reader, self.limits, false, None)
    }
}

impl Document<BufReader<File>> {
    /// Opens a .docx (or .docm, .dotx, .dotm) file, with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the path when it cannot be read (or is a directory); otherwise as
    /// [`DocumentBuilder::from_reader`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        DocumentBuilder::new().open(path)
    }
}

impl Document<Cursor<Vec<u8>>> {
    /// Opens a document held in memory, with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// An error naming what is wrong with the input: empty, a PDF, a legacy .doc, encrypted,
    /// not a zip or truncated, not a Word document, a missing or damaged part, malformed XML in
    /// the styles, numbering or properties, or a [`Limits`] passed.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Self> {
        DocumentBuilder::new().from_bytes(bytes)
    }
}

impl<R: Read + Seek> Document<R> {
    /// Opens a document from any seekable reader, with the default [`Limits`].
    ///
    /// # Errors
    ///
    /// An error naming what is wrong with the input: empty, a PDF, a legacy .doc, encrypted,
    /// not a zip or truncated, not a Word document, a missing or damaged part, malformed XML in
    /// the styles, numbering or properties, or a [`Limits`] passed.
    pub fn from_reader(reader: R) -> Result<Self> {
        Document::with_limits(reader, Limits::default(), false, None)
    }

    /// Opens the package and reads its small shared parts; `beside`: `numbering.xml` is read
    /// on another thread (see [`OnDemand`]); `check_from`: the main part's integrity is checked
    /// from this file on another thread, starting now (a part that cannot be found is left to
    /// report where the body is read), which reads the numbering from its own archive before it
    /// inflates.
    fn with_limits(
        reader: R,
        limits: Limits,
        beside: bool,
        check_from: Option<&Path>,
    ) -> Result<Self> {
        let mut package = Package::with_limits(reader, limits)?;
        let mut check = check_from.and_then(|path| check_main(&mut package, path).ok().flatten());
        let parts = package.parts().clone();
        let styles = match &parts.styles {
            Some(part) => Some((part, package.read_part(part)?)),
            None => None,
        };
        // The check's thread reads the numbering from its own archive before it inflates: the
        // reading thread neither inflates nor parses it, and no third thread runs.
        let handed = match (&parts.numbering, check.as_mut()) {
            (Some(part), Some(check)) => package.entry_id(part).ok().and_then(|expected| {
                OnDemand::hand_over(part, expected, limits.max_depth, |job| check.run_first(job))
            }),
            _ => None,
        };
        if let Some(check) = check.as_mut() {
            check.close_first();
        }
        // Errors in the order of a reading on one thread: the styles' first.
        let styles = match styles {
            Some((part, bytes)) => Styles::parse_with(part, &bytes, limits.max_depth)?,
            None => Styles::default(),
        };
        let numbering = match (handed.and_then(HandedOver::taken), &parts.numbering) {
            (Some(numbering), _) => numbering,
            (None, Some(part)) => {
                OnDemand::start(part, package.read_part(part)?, limits.max_depth, beside)
            }
            (None, None) => OnDemand::default(),
        };
        if !beside {
            numbering.get(&styles)?;
        }
        let properties = match &parts.core_properties {
            Some(part) => package
                .read_part(part)
                .and_then(|bytes| parse_properties(part, &bytes, limits.max_depth)),
            None => Ok(CoreProperties::default()),
        };
        let properties = properties.map_err(|e| numbering.first_error(&styles, e))?;
        Ok(Document {
            package,
            styles,
            numbering,
            properties,
            origin: None,
            check,
        })
    }

    /// The package: where the parts are.
    pub fn package(&self) -> &Package<R> {
        &self.package
    }

    /// The styles.
    pub fn styles(&self) -> &Styles {
        &self.styles
    }

    /// The numbering definitions.
    pub fn numbering(&self) -> &Numbering {
        // A document opened by the public API has read them (or failed to open).
        self.numbering.get_or_empty(&self.styles)
    }

    /// The core properties (title, subject, keywords).
    pub fn properties(&self) -> &CoreProperties {
        &self.properties
    }

    /// The limits this document was opened with.
    pub fn limits(&self) -> &Limits {
        self.package.limits()
    }

    /// Streams the top-level blocks of the body. Each call starts again from the beginning.
    /// A limit passed while streaming ends the stream with its error.
    ///
    /// # Errors
    ///
    /// When the main part cannot be opened (missing, damaged); errors while streaming come as
    /// the iterator's items.
    pub fn blocks(&mut self) -> Result<Blocks<'_, R>> {
        self.blocks_with(None)
    }

    /// [`Document::blocks`] for a reader that means to stop early and then calls
    /// [`Blocks::finish`]: the integrity check of the whole part runs on a second thread when
    /// [`DocumentBuilder::single_threaded`] allows it (the one opening for a scope read started,
    /// else one started now), so that `finish` only waits for it.
    pub(crate) fn blocks_stopping_early(&mut self) -> Result<Blocks<'_, R>> {
        let check = match (self.check.take(), &self.origin) {
            (Some(started), _) => Some(started),
            (None, Some(path)) => check_main(&mut self.package, path)?,
            (None, None) => None,
        };
        self.blocks_with(check)
    }

    fn blocks_with(&mut self, check: Option<RestCheck>) -> Result<Blocks<'_, R>> {
        let main = self.package.parts().main.clone();
        let limits = *self.package.limits();
        let stream = self
            .package
            .stream_part(&main, STREAM_BUFFER)
            .map_err(|e| self.numbering.first_error(&self.styles, e))?;
        let reader = BodyReader::new(stream, &main, &self.styles, &self.numbering, &limits);
        Ok(Blocks::new(reader, check))
    }

    /// The outline: every heading, numbered as Word displays it.
    ///
    /// # Errors
    ///
    /// Any error of reading the body: a damaged part, malformed XML, a limit passed.
    pub fn outline(&mut self) -> Result<Outline> {
        let limit = self.limits().max_headings;
        let mut headings = Vec::new();
        let mut blocks = self.blocks()?;
        blocks.set_mode(Mode::Headings);
        for block in blocks {
            if let Block::Paragraph(p) = block?
                && let Some(h) = Heading::from_paragraph(&p)
            {
                if headings.len() >= limit {
                    return Err(Error::TooManyHeadings { limit });
                }
                headings.push(h);
            }
        }
        Ok(Outline { headings })
    }

    /// The section numbered `number` (e.g. `"9.2.1"`), or `None` when there is none. Reading
    /// stops at the end of the section.
    ///
    /// # Errors
    ///
    /// Any error of reading the body: a damaged part, malformed XML, a limit passed.
    pub fn section(&mut self, number: &str) -> Result<Option<Section>> {
        self.find_section(|h| h.has_number(number))
    }

    /// The first section whose heading title is `title` (ignoring case, spaces and
    /// punctuation). Reading stops at the end of the section.
    ///
    /// # Errors
    ///
    /// Any error of reading the body: a damaged part, malformed XML, a limit passed.
    pub fn section_by_title(&mut self, title: &str) -> Result<Option<Section>> {
        self.find_section(|h| h.has_title(title))
    }

    /// The first section whose heading satisfies `pred`.
    ///
    /// # Errors
    ///
    /// Any error of reading the body: a damaged part, malformed XML, a limit passed.
    pub fn find_section(
        &mut self,
        mut pred: impl FnMut(&Heading) -> bool,
    ) -> Result<Option<Section>> {
        let mut current: Option<Section> = None;
        for block in self.blocks()? {
            let block = block?;
            let heading = block.as_paragraph().and_then(Heading::from_paragraph);
            match (&mut current, heading) {
                (Some(section), Some(h)) if h.level <= section.heading.level => {
                    return Ok(current);
                }
                (Some(section), _) => section.blocks.push(block),
                (None, Some(h)) if pred(&h) => {
                    current = Some(Section {
                        heading: h,
                        blocks: Vec::new(),
                    });
                }
                (None, _) => {}
            }
        }
        Ok(current)
    }
}

fn parse_properties(part: &str, bytes: &[u8], max_depth: usize) -> Result<CoreProperties> {
    let mut events = xml::PartEvents::new(part, bytes, max_depth);
    let mut buf = Vec::new();
    let mut props = CoreProperties::default();
    let mut field: Option<&'static str> = None;
    let mut text = String::new();
    loop {
        let event = events.next(&mut buf)?;
        match event {
            Event::Start(e) => {
                field = match e.local_name().as_ref() {
                    "title" => Some("title"),
                    "subject" => Some("subject"),
                    "keywords" => Some("keywords"),
                    "created" => Some("created"),
                    "modified" => Some("modified"),
                    _ => None,
                };
                text.clear();
            }
            Event::Text(t) if field.is_some() => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if field.is_some() => xml::resolve_ref(&r, &mut text),
            Event::End(_) => {
                let value = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                match field.take() {
                    Some("title") => props.title = value,
                    Some("subject") => props.subject = value,
                    Some("keywords") => props.keywords = value,
                    Some("created") => props.created = value,
                    Some("modified") => props.modified = value,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(props)
}

/// Starts checking the integrity of `package`'s main part from the file at `path` on another
/// thread; `None` when no thread can be started.
fn check_main<R: Read + Seek>(package: &mut Package<R>, path: &Path) -> Result<Option<RestCheck>> {
    let main = package.parts().main.clone();
    let entry = package.entry_id(&main)?;
    Ok(RestCheck::start(path, &main, entry, *package.limits()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/samples/office365-ssp.docx"
    );

    #[test]
    fn opening_for_a_scope_read_starts_the_check_that_the_first_stream_takes() {
        let builder = DocumentBuilder::new();
        let spare = builder.may_use_a_second_thread();
        let mut doc = builder.open_for_reading(Path::new(SAMPLE)).unwrap();
        assert_eq!(doc.check.is_some(), spare);
        // The numbering is read on the check's thread, not on a third one.
        assert_eq!(doc.numbering.handed_over(), spare);
        let blocks = doc.blocks_stopping_early().unwrap();
        blocks.finish().unwrap();
        assert!(doc.check.is_none());
        // A second stream starts a check of its own.
        let blocks = doc.blocks_stopping_early().unwrap();
        blocks.finish().unwrap();
    }

    #[test]
    fn a_document_opened_otherwise_starts_no_check() {
        let doc = DocumentBuilder::new().open(SAMPLE).unwrap();
        assert!(doc.check.is_none());
        assert!(!doc.numbering.handed_over());
        let doc = DocumentBuilder::new()
            .single_threaded(true)
            .open_for_reading(Path::new(SAMPLE))
            .unwrap();
        assert!(doc.check.is_none());
    }
}
