//! The one error type of the crate, with the kind of failure and where it happened.
//!
//! Every variant names what failed and where: the part of the package (`word/document.xml`), the
//! byte offset inside that part, or the element involved. [`Error::kind`] gives a small `Copy`
//! classification for callers that branch on the kind of failure, in the manner of `csv::Error`.

use std::fmt;

/// A specialized `Result` for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while reading an SSP.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be read (file missing, permission denied, ...).
    #[error("cannot read {path}: {source}")]
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
    #[error("{}: {source}", match part { Some(p) => format!("cannot read part {p} of the archive"), None => "not a valid .docx (zip) archive".to_string() })]
    Zip {
        /// The part being read when the archive failed, if any.
        part: Option<String>,
        /// The underlying zip error.
        #[source]
        source: zip::result::ZipError,
    },
    /// The archive is a valid zip but not a Word document.
    #[error("not a Word document: {reason}")]
    NotWordDocument {
        /// Why the archive was not recognized.
        reason: String,
    },
    /// A part that the package refers to is missing.
    #[error("part {part} is missing from the archive (referenced by {referenced_by})")]
    MissingPart {
        /// The missing part's name.
        part: String,
        /// The part whose relationship points at it.
        referenced_by: String,
    },
    /// A part holds malformed XML.
    #[error("malformed XML in {part} at byte {offset}: {message}")]
    Xml {
        /// The part's name inside the archive.
        part: String,
        /// Byte offset inside the (inflated) part.
        offset: u64,
        /// What the XML parser reported.
        message: String,
    },
    /// The XML nests elements deeper than the configured limit.
    #[error("XML in {part} nests deeper than {limit} elements at byte {offset}")]
    TooDeep {
        /// The part's name inside the archive.
        part: String,
        /// Byte offset inside the part.
        offset: u64,
        /// The nesting limit in force.
        limit: usize,
    },
    /// A requested section is not in the document.
    #[error("section {wanted} not found in {document}{}", nearby_text(nearby))]
    SectionNotFound {
        /// The section asked for (number and/or title).
        wanted: String,
        /// The document searched.
        document: String,
        /// Numbered sections near where the wanted one would be.
        nearby: Vec<String>,
    },
    /// A list or other user input could not be parsed.
    #[error("invalid input {source_name}, line {line}: {message}")]
    InvalidInput {
        /// Where the input came from (a path or `<input>`).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
}

fn nearby_text(nearby: &[String]) -> String {
    if nearby.is_empty() {
        String::new()
    } else {
        format!("; sections nearby: {}", nearby.join(", "))
    }
}

/// A classification of [`Error`], cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::Io`].
    Io,
    /// See [`Error::Empty`].
    Empty,
    /// See [`Error::Pdf`].
    Pdf,
    /// See [`Error::Encrypted`].
    Encrypted,
    /// See [`Error::LegacyOffice`].
    LegacyOffice,
    /// See [`Error::Zip`].
    Zip,
    /// See [`Error::NotWordDocument`].
    NotWordDocument,
    /// See [`Error::MissingPart`].
    MissingPart,
    /// See [`Error::Xml`].
    Xml,
    /// See [`Error::TooDeep`].
    TooDeep,
    /// See [`Error::SectionNotFound`].
    SectionNotFound,
    /// See [`Error::InvalidInput`].
    InvalidInput,
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Io,
            Error::Empty => ErrorKind::Empty,
            Error::Pdf => ErrorKind::Pdf,
            Error::Encrypted => ErrorKind::Encrypted,
            Error::LegacyOffice => ErrorKind::LegacyOffice,
            Error::Zip { .. } => ErrorKind::Zip,
            Error::NotWordDocument { .. } => ErrorKind::NotWordDocument,
            Error::MissingPart { .. } => ErrorKind::MissingPart,
            Error::Xml { .. } => ErrorKind::Xml,
            Error::TooDeep { .. } => ErrorKind::TooDeep,
            Error::SectionNotFound { .. } => ErrorKind::SectionNotFound,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
        }
    }

    /// The part of the package the error happened in, when there is one.
    pub fn part(&self) -> Option<&str> {
        match self {
            Error::Zip { part, .. } => part.as_deref(),
            Error::MissingPart { part, .. }
            | Error::Xml { part, .. }
            | Error::TooDeep { part, .. } => Some(part),
            _ => None,
        }
    }

    /// The byte offset inside [`Error::part`] where the error happened, when known.
    pub fn offset(&self) -> Option<u64> {
        match self {
            Error::Xml { offset, .. } | Error::TooDeep { offset, .. } => Some(*offset),
            _ => None,
        }
    }

    pub(crate) fn xml(part: &str, offset: u64, message: impl fmt::Display) -> Error {
        Error::Xml {
            part: part.to_string(),
            offset,
            message: message.to_string(),
        }
    }

    pub(crate) fn zip(part: Option<&str>, source: zip::result::ZipError) -> Error {
        Error::Zip {
            part: part.map(str::to_string),
            source,
        }
    }
}
