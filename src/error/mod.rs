//! The one error type of the crate, with the kind of failure and where it happened.
//!
//! Every variant names what failed and where: the part of the package (`word/document.xml`), the
//! byte offset inside that part, or the element involved. [`Error::kind`] gives a small `Copy`
//! classification for callers that branch on the kind of failure, in the manner of `csv::Error`.
//! A source error (an I/O error, what the zip reader found) is not repeated in the message: it
//! is [`std::error::Error::source`], so that printing the chain prints it once.
//!
//! The variants are declared once, in `errors!` below: the macro writes [`Error`], its
//! [`ErrorKind`] and [`Error::kind`] from the same list, so that adding an error is one edit.

mod ja;
mod problem;
mod xml;

pub use problem::{ListProblem, Utf8Problem};
pub use xml::{Unclosed, XmlProblem};

/// A specialized `Result` for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the zip reader found wrong with an archive, in plain words (the source of
/// [`Error::Zip`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveError {
    message: String,
}

impl ArchiveError {
    /// An archive error from the zip reader's description, with its jargon put in plain words.
    pub(crate) fn new(description: &str) -> ArchiveError {
        let message = description
            .replace("EOCD", "end of the zip directory")
            .replace("CDE", "zip directory entry")
            .replace("Invalid Zip archive: ", "")
            .replace("invalid Zip archive: ", "");
        // The reader names the record it was reading by its Rust type.
        if message.starts_with("Unexpected end of zip::") {
            return ArchiveError {
                message: "a record of the zip directory is damaged or cut short".into(),
            };
        }
        ArchiveError { message }
    }
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArchiveError {}

/// Why a zip archive is not a Word document (the reason of [`Error::NotWordDocument`]): what it
/// is instead, when that can be told, so that a file picked by mistake (the list workbook
/// instead of the SSP) is named for what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotWordReason {
    /// No `_rels/.rels`: not an Office Open XML package.
    NoRelationships,
    /// An OpenDocument file (LibreOffice's own format), by its `mimetype` entry.
    OpenDocument {
        /// The `mimetype` entry, shortened (`application/vnd.oasis.opendocument.spreadsheet`).
        mimetype: String,
    },
    /// `_rels/.rels` names no main part (no `officeDocument` relationship).
    NoOfficeDocument,
    /// The main part's name does not end in `.xml`.
    MainNotXml {
        /// The main part.
        part: String,
    },
    /// The main part's root element is not WordprocessingML's `<document>`: `<workbook>` for
    /// an Excel workbook, `<presentation>` for a PowerPoint presentation.
    OtherRoot {
        /// The main part.
        part: String,
        /// Its root element's local name (shortened).
        root: String,
    },
    /// The main part has no root element.
    NoRoot {
        /// The main part.
        part: String,
    },
}

impl NotWordReason {
    /// What the file is, when the reason tells.
    fn kind(&self) -> Option<FileKind> {
        match self {
            NotWordReason::OpenDocument { mimetype } => {
                match mimetype.strip_prefix("application/vnd.oasis.opendocument.")? {
                    "text" => Some(FileKind::OpenDocumentText),
                    "spreadsheet" => Some(FileKind::OpenDocumentSpreadsheet),
                    "presentation" => Some(FileKind::OpenDocumentPresentation),
                    _ => None,
                }
            }
            NotWordReason::OtherRoot { root, .. } => match root.as_str() {
                "workbook" => Some(FileKind::Excel),
                "presentation" => Some(FileKind::PowerPoint),
                _ => None,
            },
            _ => None,
        }
    }
}

impl std::fmt::Display for NotWordReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::text::one_line;
        match self {
            NotWordReason::NoRelationships => f.write_str(
                "the zip archive has no _rels/.rels, so it is not an Office Open XML package",
            ),
            NotWordReason::OpenDocument { mimetype } => write!(
                f,
                "it is {} (mimetype {}), not Office Open XML",
                self.kind()
                    .map_or("an OpenDocument file", FileKind::english),
                one_line(mimetype)
            ),
            NotWordReason::NoOfficeDocument => {
                f.write_str("_rels/.rels has no officeDocument relationship")
            }
            NotWordReason::MainNotXml { part } => {
                write!(f, "the main part {} is not XML", one_line(part))
            }
            NotWordReason::OtherRoot { part, root } => {
                write!(
                    f,
                    "the main part {} is a <{}>, not a WordprocessingML <document>",
                    one_line(part),
                    one_line(root)
                )?;
                match self.kind() {
                    Some(kind) => write!(f, ": it is {}", kind.english()),
                    None => Ok(()),
                }
            }
            NotWordReason::NoRoot { part } => {
                write!(f, "the main part {} has no root element", one_line(part))
            }
        }
    }
}

/// What a file given in a Word document's place is, as its [`NotWordReason`] tells.
#[derive(Clone, Copy)]
enum FileKind {
    OpenDocumentText,
    OpenDocumentSpreadsheet,
    OpenDocumentPresentation,
    Excel,
    PowerPoint,
}

impl FileKind {
    /// Its name in English, as a message says what the file is (in Japanese: `error::ja`).
    fn english(self) -> &'static str {
        match self {
            FileKind::OpenDocumentText => "an OpenDocument text document (.odt)",
            FileKind::OpenDocumentSpreadsheet => "an OpenDocument spreadsheet (.ods)",
            FileKind::OpenDocumentPresentation => "an OpenDocument presentation (.odp)",
            FileKind::Excel => "an Excel workbook",
            FileKind::PowerPoint => "a PowerPoint presentation",
        }
    }
}

/// Reads a file whole; an I/O error names the path.
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Declares [`Error`] and [`ErrorKind`] from one list of variants.
macro_rules! errors {
    ($(
        $(#[$meta:meta])*
        $variant:ident $({ $($fields:tt)* })?
    ),* $(,)?) => {
        /// Everything that can go wrong while reading an SSP.
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            $(
                $(#[$meta])*
                $variant $({ $($fields)* })?,
            )*
        }

        /// A classification of [`Error`], cheap to copy and compare: one kind per variant.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $(
                #[doc = concat!("See [`Error::", stringify!($variant), "`].")]
                $variant,
            )*
        }

        /// Every kind, in declaration order.
        #[cfg(test)]
        pub(crate) const ALL_KINDS: &[ErrorKind] = &[$(ErrorKind::$variant),*];

        impl Error {
            /// The kind of this error.
            pub fn kind(&self) -> ErrorKind {
                match self {
                    $( Error::$variant { .. } => ErrorKind::$variant, )*
                }
            }
        }
    };
}

errors! {
    /// The input could not be read (file missing, permission denied, ...).
    #[error("cannot read {path_}", path_ = crate::text::one_line(path))]
    Io {
        /// The path, or `<input>` when reading from bytes or a reader.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The input is empty.
    #[error("the input is empty (0 bytes): expected a Word .docx file")]
    Empty,
    /// The input is a PDF, not a Word document.
    #[error("the input is a PDF, not a Word document: ask for the .docx version of the SSP")]
    Pdf,
    /// The input is an encrypted or rights-protected Office document.
    #[error(
        "the input is an encrypted or rights-protected Office document: open it in Word, remove the protection and save it as .docx"
    )]
    Encrypted,
    /// The input is a legacy Word 97-2003 (.doc) or other OLE compound file.
    #[error(
        "the input is a legacy Word 97-2003 .doc (OLE compound file), not a .docx: open it in Word or LibreOffice and save it as .docx"
    )]
    LegacyOffice,
    /// The input is not a zip archive, or the archive is damaged.
    #[error("{}", match part { Some(p) => format!("cannot read part {} of the archive (the file is damaged; get the SSP's .docx again)", crate::text::one_line(p)), None => "not a valid .docx (zip) archive (the file is damaged or not a .docx; get the SSP's .docx again)".to_string() })]
    Zip {
        /// The part being read when the archive failed, if any.
        part: Option<String>,
        /// What the archive reader found.
        #[source]
        source: ArchiveError,
    },
    /// The input starts like a zip archive but its end (the zip directory) is missing: the file
    /// was cut short.
    #[error(
        "the .docx archive is truncated (its zip directory at the end is missing): the download or copy was incomplete; get the file again"
    )]
    Truncated,
    /// An entry of the archive is damaged: its CRC does not match, or its compressed data is
    /// invalid.
    #[error(
        "part {part_} of the archive is corrupt ({message_}): the file is damaged; get it again or re-save it in Word", part_ = crate::text::one_line(part), message_ = crate::text::one_line(message))]
    CorruptPart {
        /// The damaged part.
        part: String,
        /// What the zip reader reported.
        message: String,
    },
    /// A table holds more memory than
    /// [`Limits::max_table_size`](crate::Limits::max_table_size) allows.
    #[error(
        "a table in {part_} holds more than {limit} bytes (at byte {offset}): far larger than any real SSP table (raise Limits::max_table_size if it is genuine)", part_ = crate::text::one_line(part))]
    TableTooLarge {
        /// The part.
        part: String,
        /// Byte offset in the part where the limit was passed.
        offset: u64,
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// The sections a scope read keeps hold more memory than
    /// [`Limits::max_section_size`](crate::Limits::max_section_size) allows.
    #[error(
        "section {section_} holds more than {limit} bytes: far larger than any real SSP section (raise Limits::max_section_size if it is genuine)", section_ = crate::text::one_line(section))]
    SectionTooLarge {
        /// The section being read ("9.2.1").
        section: String,
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// The document has more headings than
    /// [`Limits::max_headings`](crate::Limits::max_headings) allows.
    #[error(
        "the document has more than {limit} headings: not a plausible SSP (raise Limits::max_headings if it is genuine)"
    )]
    TooManyHeadings {
        /// The limit in force.
        limit: usize,
    },
    /// Two entries of the archive name the same part: part names compare without regard to
    /// case (ECMA-376 Part 2, §6.2.2.3), so which one Word would read is undefined.
    #[error(
        "the archive holds two entries for part {part_} (\"{first_}\" and \"{second_}\"): not a valid Word document; re-save it in Word", part_ = crate::text::one_line(part), first_ = crate::text::one_line(first), second_ = crate::text::one_line(second))]
    DuplicatePart {
        /// The part name, lower-cased.
        part: String,
        /// The first entry's name as stored.
        first: String,
        /// The second entry's name as stored.
        second: String,
    },
    /// The archive holds more entries than [`Limits::max_entries`](crate::Limits::max_entries).
    #[error(
        "the archive holds {entries} entries, more than the limit of {limit}: not a plausible Word document (raise Limits::max_entries if it is genuine)"
    )]
    TooManyEntries {
        /// The number of entries declared or found.
        entries: u64,
        /// The limit in force.
        limit: usize,
    },
    /// A part inflates past [`Limits::max_part_size`](crate::Limits::max_part_size) (the main
    /// part) or [`Limits::max_side_part_size`](crate::Limits::max_side_part_size) (a part
    /// read whole: relationships, styles, numbering, properties).
    #[error(
        "part {part_} inflates to more than {limit} bytes, the limit: refusing it as a possible zip bomb (raise Limits::{setting} if the document is genuine)", part_ = crate::text::one_line(part))]
    PartTooLarge {
        /// The part.
        part: String,
        /// The limit in force, in bytes.
        limit: u64,
        /// The name of the limit in [`Limits`](crate::Limits): `max_part_size` or
        /// `max_side_part_size`.
        setting: &'static str,
    },
    /// A part compresses better than any real document does: a zip bomb.
    #[error(
        "part {part_} is a likely zip bomb: {inflated} bytes inflated from {compressed} compressed bytes, a ratio above the limit of {limit}:1 (raise Limits::max_compression_ratio if the document is genuine)", part_ = crate::text::one_line(part))]
    CompressionRatio {
        /// The part.
        part: String,
        /// Bytes inflated when the ratio was checked.
        inflated: u64,
        /// Compressed bytes read by then.
        compressed: u64,
        /// The ratio limit in force.
        limit: u64,
    },
    /// The body holds more text than [`Limits::max_text`](crate::Limits::max_text).
    #[error(
        "{part_} holds more than {limit} bytes of text (at byte {offset}), the limit: not a plausible SSP (raise Limits::max_text if it is genuine)", part_ = crate::text::one_line(part))]
    TooMuchText {
        /// The part.
        part: String,
        /// Byte offset inside the part where the limit was passed.
        offset: u64,
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// A part is not valid UTF-8 (Word always writes UTF-8).
    #[error(
        "{part_} is not valid UTF-8 at byte {offset} ({problem}): the file is damaged or was not written by Word; re-save it in Word as .docx", part_ = crate::text::one_line(part))]
    InvalidUtf8 {
        /// The part.
        part: String,
        /// Byte offset inside the part.
        offset: u64,
        /// What the decoder found.
        problem: Utf8Problem,
    },
    /// The archive is a valid zip but not a Word document.
    #[error("not a Word document: {reason}; check that the file is the SSP's .docx")]
    NotWordDocument {
        /// Why the archive was not recognized, and what it is when that can be told.
        reason: NotWordReason,
    },
    /// A part that the package refers to is missing.
    #[error("part {part_} is missing from the archive (referenced by {referenced_by_})", part_ = crate::text::one_line(part), referenced_by_ = crate::text::one_line(referenced_by))]
    MissingPart {
        /// The missing part's name.
        part: String,
        /// The part whose relationship points at it.
        referenced_by: String,
    },
    /// A part holds malformed XML.
    #[error(
        "malformed XML in {part_} at byte {offset}: {problem} (the file is damaged or was written by a faulty tool; re-save it in Word)", part_ = crate::text::one_line(part))]
    Xml {
        /// The part's name inside the archive.
        part: String,
        /// Byte offset inside the (inflated) part.
        offset: u64,
        /// What the XML parser found wrong.
        problem: XmlProblem,
    },
    /// The XML nests elements deeper than the configured limit.
    #[error(
        "XML in {part_} nests deeper than {limit} elements at byte {offset}: not a plausible Word document (raise Limits::max_depth if it is genuine)", part_ = crate::text::one_line(part))]
    TooDeep {
        /// The part's name inside the archive.
        part: String,
        /// Byte offset inside the part.
        offset: u64,
        /// The nesting limit in force.
        limit: usize,
    },
    /// A requested section is not in the document.
    #[error("section {wanted_} not found in {document_}{}{}", read_as_text(*read_as), nearby_text(nearby), wanted_ = crate::text::one_line(wanted), document_ = crate::text::one_line(document))]
    SectionNotFound {
        /// The section asked for: its number and title.
        wanted: String,
        /// The document searched.
        document: String,
        /// When the title page named neither Azure nor Office 365, the kind of SSP the
        /// document was read as (`azure`, `office365`).
        read_as: Option<&'static str>,
        /// Numbered sections near where the wanted one would be.
        nearby: Vec<String>,
    },
    /// A section the profile names is there, but no service could be read from it (and it
    /// does not say "None"): never an empty scope.
    #[error(
        "section {section_} \"{title_}\" of {document_} lists no service this tool can read: it holds {held_} (check the section, or report its layout)", section_ = crate::text::one_line(section), title_ = crate::text::one_line(title), document_ = crate::text::one_line(document), held_ = crate::text::one_line(&held.describe(crate::Lang::En)))]
    EmptySection {
        /// The document.
        document: String,
        /// The section number.
        section: String,
        /// The section title.
        title: String,
        /// What the section holds.
        held: Box<SectionContents>,
    },
    /// A list has no column of the name asked for (or, none asked for, none whose header
    /// names services).
    #[error("{list_} has no column {} (its columns: {})", match wanted { Some(w) => format!("\"{}\"", crate::text::one_line(w)), None => "whose header names services (\"Service\", \"Service Name\", \"サービス名\")".to_string() }, crate::text::one_line(&available.join(", ")), list_ = crate::text::one_line(list))]
    NoSuchColumn {
        /// The list.
        list: String,
        /// The column asked for.
        wanted: Option<String>,
        /// The columns the list has.
        available: Vec<String>,
    },
    /// A value given for an option is not one it takes (`--lang fr`).
    #[error("{option_} takes {expected}, not \"{value_}\"", option_ = crate::text::one_line(option), value_ = crate::text::one_line(value))]
    InvalidOption {
        /// The option.
        option: String,
        /// The value given.
        value: String,
        /// What it takes.
        expected: &'static str,
    },
    /// An option needs another one (`--format xlsx` needs `--output FILE`).
    #[error("{option} needs {needs}")]
    NeedsOption {
        /// The option given.
        option: &'static str,
        /// What it needs.
        needs: &'static str,
    },
    /// A list to check holds no name.
    #[error("{list_}: the list has no names", list_ = crate::text::one_line(list))]
    EmptyList {
        /// The list file.
        list: String,
    },
    /// A lookup was asked for no name at all.
    #[error("the name to look up is empty")]
    EmptyQuery,
    /// A list file is neither a spreadsheet nor text.
    #[error("{list_} is not a spreadsheet (.xlsx, .xlsm, .xls, .ods) or a text or CSV list: {problem}", list_ = crate::text::one_line(list))]
    NotAList {
        /// The list file.
        list: String,
        /// What it is instead, or lacks.
        problem: ListProblem,
    },
    /// A Word document given as the list of names: the SSP and the list swapped, most likely.
    #[error("{list_} is a Word document (an SSP?), not a list of service names: check that the SSP and the list were not swapped", list_ = crate::text::one_line(list))]
    WordDocumentAsList {
        /// The list file.
        list: String,
    },
    /// A workbook holds more than any list of names needs: a zip bomb, or cells spread over an
    /// area that would take more memory to read than the list limits allow (see README,
    /// "Limits and hostile input").
    #[error("{list_} is too large to read as a list: {excess}; copy the service column into a new workbook, or save it as CSV", list_ = crate::text::one_line(list), excess = list_excess(what, *limit, *exceeded))]
    ListTooLarge {
        /// The list file.
        list: String,
        /// What passed the limit: the entry of the workbook's archive
        /// ([`ListLimit::EntryBytes`], [`ListLimit::Ratio`]), the sheet ([`ListLimit::Cells`]),
        /// or nothing (the whole archive).
        what: String,
        /// The limit passed.
        limit: u64,
        /// Which limit it is.
        exceeded: ListLimit,
    },
    /// A workbook is protected by a password (encrypted).
    #[error("{list_} is protected by a password: open it in Excel, remove the password (File > Info > Protect Workbook) and save it, or save the list as CSV", list_ = crate::text::one_line(list))]
    ProtectedWorkbook {
        /// The workbook.
        list: String,
    },
    /// A workbook has no sheet of the name asked for.
    #[error("{list_} has no sheet {wanted_} (its sheets: {})", crate::text::one_line(&available.join(", ")), list_ = crate::text::one_line(list), wanted_ = crate::text::one_line(wanted))]
    NoSuchSheet {
        /// The workbook.
        list: String,
        /// The sheet asked for.
        wanted: String,
        /// The sheets it has.
        available: Vec<String>,
    },
    /// A text list cannot be decoded in the encoding given or detected.
    #[error("{list_} is not valid {encoding} text (at byte {offset}): save it as UTF-8, or give its encoding with --encoding", list_ = crate::text::one_line(list))]
    Undecodable {
        /// The list file.
        list: String,
        /// The encoding tried.
        encoding: &'static str,
        /// The first byte that does not decode.
        offset: u64,
    },
    /// A result could not be written to a file (a report, a workbook).
    #[error("cannot write {path_}", path_ = crate::text::one_line(path))]
    Write {
        /// Where.
        path: String,
        /// What went wrong (a workbook writer's own failure wrapped as
        /// `std::io::ErrorKind::Other`).
        #[source]
        source: std::io::Error,
    },
    /// A list or other user input could not be parsed.
    #[error("invalid input {source_name_}, line {line}: {message_}", source_name_ = crate::text::one_line(source_name), message_ = crate::text::one_line(message))]
    InvalidInput {
        /// Where the input came from (a path or `<input>`).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// The limits of a list workbook ([`Error::ListTooLarge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListLimit {
    /// Bytes one entry of the archive inflates to.
    EntryBytes,
    /// Bytes all entries inflate to together.
    TotalBytes,
    /// Entries of the archive.
    Entries,
    /// Inflated bytes per compressed byte of an entry.
    Ratio,
    /// Cells a sheet holds or spans.
    Cells,
}

/// How a list passed its limit, in words: "its entry xl/sharedStrings.xml inflates to more
/// than 16777216 bytes".
fn list_excess(what: &str, limit: u64, exceeded: ListLimit) -> String {
    let what = crate::text::one_line(what);
    match exceeded {
        ListLimit::Ratio => format!(
            "its entry {what} inflates more than {limit} times its compressed size (a zip bomb)"
        ),
        ListLimit::Entries => format!("it holds more than {limit} entries"),
        ListLimit::Cells => format!("its sheet {what} spreads over more than {limit} cells"),
        ListLimit::TotalBytes => format!("its entries inflate to more than {limit} bytes in all"),
        ListLimit::EntryBytes => format!("its entry {what} inflates to more than {limit} bytes"),
    }
}

fn read_as_text(read_as: Option<&str>) -> String {
    read_as
        .map(|k| format!(" (the title page names neither Azure nor Office 365; read as {k})"))
        .unwrap_or_default()
}

/// What a section holds, for the error that says why no service was read from it: its first
/// tables' columns and sizes, and how many list items, sub-headings and paragraphs of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SectionContents {
    /// The first two tables: their first row's cells (shortened) and how many rows.
    pub tables: Vec<(Vec<String>, usize)>,
    /// How many more tables.
    pub more_tables: usize,
    /// List items.
    pub list_items: usize,
    /// Sub-headings.
    pub headings: usize,
    /// Paragraphs of text.
    pub paragraphs: usize,
}

impl SectionContents {
    /// In a few words: "a table with columns Applicability | In-scope services, 2 rows".
    pub fn describe(&self, lang: crate::Lang) -> String {
        let mut parts = Vec::new();
        for (columns, rows) in &self.tables {
            parts.push(lang.pick(
                format!("a table with columns {}, {rows} rows", columns.join(" | ")),
                format!("列が {} の表（{rows} 行）", columns.join(" | ")),
            ));
        }
        if self.more_tables > 0 {
            let n = self.more_tables;
            parts.push(lang.pick(format!("{n} more tables"), format!("ほかに表 {n} 個")));
        }
        for (n, en_one, en_many, ja) in [
            (self.list_items, "list item", "list items", "箇条書き"),
            (self.headings, "sub-heading", "sub-headings", "小見出し"),
            (
                self.paragraphs,
                "paragraph of text",
                "paragraphs of text",
                "本文の段落",
            ),
        ] {
            if n > 0 {
                let en = if n == 1 { en_one } else { en_many };
                parts.push(lang.pick(format!("{n} {en}"), format!("{ja} {n} 個")));
            }
        }
        if parts.is_empty() {
            return lang
                .pick(
                    "nothing (no table, list or text)",
                    "何もない（表も箇条書きも本文もない）",
                )
                .to_string();
        }
        parts.join(lang.pick("; ", "、"))
    }
}

fn nearby_text(nearby: &[String]) -> String {
    if nearby.is_empty() {
        String::new()
    } else {
        format!(
            "; sections nearby: {}",
            crate::text::one_line(&nearby.join(", "))
        )
    }
}

impl Error {
    /// The error with `<input>` in an I/O error replaced by the path that was opened.
    pub(crate) fn naming_input(self, path: &str) -> Error {
        match self {
            Error::Io { path: p, source } if p == "<input>" => Error::Io {
                path: path.to_string(),
                source,
            },
            other => other,
        }
    }

    /// The part of the package the error happened in, when there is one.
    pub fn part(&self) -> Option<&str> {
        match self {
            Error::Zip { part, .. } => part.as_deref(),
            Error::MissingPart { part, .. }
            | Error::Xml { part, .. }
            | Error::TooDeep { part, .. }
            | Error::CorruptPart { part, .. }
            | Error::PartTooLarge { part, .. }
            | Error::CompressionRatio { part, .. }
            | Error::TooMuchText { part, .. }
            | Error::TableTooLarge { part, .. }
            | Error::DuplicatePart { part, .. }
            | Error::InvalidUtf8 { part, .. } => Some(part),
            _ => None,
        }
    }

    /// Whether the message already names the file it is about (a document, a list, a table of
    /// renames), so that a program printing it need not put the path in front again.
    pub fn names_its_file(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::SectionNotFound
                | ErrorKind::EmptySection
                | ErrorKind::Io
                | ErrorKind::NotAList
                | ErrorKind::WordDocumentAsList
                | ErrorKind::ListTooLarge
                | ErrorKind::ProtectedWorkbook
                | ErrorKind::NoSuchSheet
                | ErrorKind::NoSuchColumn
                | ErrorKind::Undecodable
                | ErrorKind::EmptyList
                | ErrorKind::InvalidInput
        )
    }

    /// The byte offset inside [`Error::part`] where the error happened, when known.
    pub fn offset(&self) -> Option<u64> {
        match self {
            Error::Xml { offset, .. }
            | Error::TooDeep { offset, .. }
            | Error::TooMuchText { offset, .. }
            | Error::TableTooLarge { offset, .. }
            | Error::InvalidUtf8 { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}
