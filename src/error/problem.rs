//! What is wrong with bytes that are not UTF-8 ([`Error::InvalidUtf8`](crate::Error::InvalidUtf8))
//! and with a file given as a list that is none ([`Error::NotAList`](crate::Error::NotAList)),
//! told apart so that each language says it in its own words.

use crate::text::one_line;

/// What the UTF-8 decoder found at the byte an [`Error::InvalidUtf8`](crate::Error::InvalidUtf8)
/// names. Printed in English.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Utf8Problem {
    /// Bytes that form no UTF-8 character.
    NoCharacter {
        /// How many.
        bytes: usize,
    },
    /// The start of a character that the part's end cuts off.
    CutOff,
    /// Anything else, as the decoder words it.
    Other {
        /// The decoder's description.
        message: String,
    },
}

impl Utf8Problem {
    /// `len` bytes that form no UTF-8 character, or (`None`) the start of one cut off.
    pub(crate) fn of(len: Option<usize>) -> Utf8Problem {
        match len {
            Some(bytes) => Utf8Problem::NoCharacter { bytes },
            None => Utf8Problem::CutOff,
        }
    }
}

impl std::fmt::Display for Utf8Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Utf8Problem::NoCharacter { bytes } => {
                write!(f, "{bytes} byte(s) form no UTF-8 character")
            }
            Utf8Problem::CutOff => {
                f.write_str("a UTF-8 character is cut off by the end of the part")
            }
            Utf8Problem::Other { message } => f.write_str(&one_line(message)),
        }
    }
}

/// What a file given as the list of names is instead, or lacks (the problem of
/// [`Error::NotAList`](crate::Error::NotAList)). Printed in English.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListProblem {
    /// A PNG image.
    Png,
    /// A PDF.
    Pdf,
    /// A JPEG image.
    Jpeg,
    /// Bytes of no text encoding.
    Binary,
    /// The spreadsheet reader gave up on damaged data.
    ReaderFailed,
    /// A workbook without a sheet.
    NoSheet,
    /// An .xls record of cells that ends before it begins.
    DamagedRecord,
    /// Anything else, as the spreadsheet reader words it.
    Other {
        /// The spreadsheet reader's description.
        message: String,
    },
}

impl ListProblem {
    /// What the spreadsheet reader said.
    pub(crate) fn reader(error: impl std::fmt::Display) -> ListProblem {
        ListProblem::Other {
            message: error.to_string(),
        }
    }

    /// The error for the list file `list`.
    pub(crate) fn error(self, list: &str) -> crate::Error {
        crate::Error::NotAList {
            list: list.to_string(),
            problem: self,
        }
    }
}

impl std::fmt::Display for ListProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ListProblem::Png => "a PNG image",
            ListProblem::Pdf => "a PDF",
            ListProblem::Jpeg => "a JPEG image",
            ListProblem::Binary => "binary data, not text",
            ListProblem::ReaderFailed => "the spreadsheet reader failed on damaged data in it",
            ListProblem::NoSheet => "the workbook has no sheet",
            ListProblem::DamagedRecord => "a MULRK record is damaged",
            ListProblem::Other { message } => return f.write_str(&one_line(message)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English is what the library wrote before these were types, letter for letter.
    #[test]
    fn the_english_is_as_it_was() {
        assert_eq!(
            Utf8Problem::of(Some(2)).to_string(),
            "2 byte(s) form no UTF-8 character"
        );
        assert_eq!(
            Utf8Problem::of(None).to_string(),
            "a UTF-8 character is cut off by the end of the part"
        );
        assert_eq!(ListProblem::Png.to_string(), "a PNG image");
        assert_eq!(
            ListProblem::ReaderFailed.to_string(),
            "the spreadsheet reader failed on damaged data in it"
        );
        assert_eq!(ListProblem::reader("odd").to_string(), "odd");
    }
}
