//! The bytes of a list file: a workbook by its signature, or text in the encodings Excel and
//! Windows write (UTF-8, UTF-16 with a byte-order mark, Shift_JIS/CP932), decoded with
//! encoding_rs.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};

use crate::error::{Error, ListProblem, Result};
use crate::scope::list::sheet::Kind;

/// The workbook kind of a file, by its first bytes; `None` for anything else.
pub(super) fn workbook_kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some(Kind::Zip)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Kind::Ole)
    } else {
        None
    }
}

/// The encoding a label names (`cp932`, `sjis`, `utf-16le`, any WHATWG label).
pub(super) fn encoding_for(label: &str) -> Result<&'static Encoding> {
    // WHATWG's labels already cover ms932, sjis, windows-31j, utf-16 and utf8 (any case and
    // surrounding spaces); these are the spellings people type that it lacks.
    let folded = label.trim().to_ascii_lowercase();
    let label = match folded.as_str() {
        "cp932" => "shift_jis",
        "utf16le" => "utf-16le",
        "utf16be" => "utf-16be",
        other => other,
    };
    Encoding::for_label(label.as_bytes()).ok_or_else(|| Error::InvalidOption {
        option: "--encoding".to_string(),
        value: folded.clone(),
        expected: "utf-8, utf-16le, utf-16be or cp932",
    })
}

/// The text of a list: by its byte-order mark, else the encoding given, else UTF-8 when it is
/// valid, else Shift_JIS (CP932) when that decodes without error.
pub(super) fn decode(
    source: &str,
    bytes: &[u8],
    given: Option<&'static Encoding>,
) -> Result<String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return strict(source, bytes.get(bom..).unwrap_or_default(), encoding);
    }
    if let Some(encoding) = given {
        return strict(source, bytes, encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return not_binary(source, text.to_string());
    }
    strict(source, bytes, SHIFT_JIS).map_err(|_| undecodable(source, bytes))
}

/// Decodes without replacement characters: a byte that does not decode is an error.
fn strict(source: &str, bytes: &[u8], encoding: &'static Encoding) -> Result<String> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => not_binary(source, text.into_owned()),
        None if encoding == UTF_8 => Err(undecodable(source, bytes)),
        None => Err(Error::Undecodable {
            list: source.to_string(),
            encoding: encoding.name(),
            offset: 0,
        }),
    }
}

/// UTF-8 text fails at its first invalid byte.
fn undecodable(source: &str, bytes: &[u8]) -> Error {
    if looks_binary(bytes) {
        return binary(source, bytes);
    }
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to() as u64);
    Error::Undecodable {
        list: source.to_string(),
        encoding: "UTF-8 or Shift_JIS (CP932)",
        offset,
    }
}

/// Text with NUL or other control bytes (but tabs and line ends) is not a list.
fn not_binary(source: &str, text: String) -> Result<String> {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{1a}'))
    {
        return Err(binary(source, text.as_bytes()));
    }
    Ok(text)
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(4096).any(|b| *b == 0)
}

fn binary(source: &str, bytes: &[u8]) -> Error {
    let what = if bytes.starts_with(b"\x89PNG") {
        ListProblem::Png
    } else if bytes.starts_with(b"%PDF") {
        ListProblem::Pdf
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ListProblem::Jpeg
    } else {
        ListProblem::Binary
    };
    what.error(source)
}

#[cfg(test)]
mod tests {
    use super::encoding_for;

    #[test]
    fn every_spelling_people_type_names_its_encoding() {
        for (label, name) in [
            ("cp932", "Shift_JIS"),
            ("CP932", "Shift_JIS"),
            ("ms932", "Shift_JIS"),
            ("sjis", "Shift_JIS"),
            ("shift-jis", "Shift_JIS"),
            (" Windows-31J ", "Shift_JIS"),
            ("utf8", "UTF-8"),
            ("utf-16", "UTF-16LE"),
            ("utf16le", "UTF-16LE"),
            ("utf16be", "UTF-16BE"),
        ] {
            assert_eq!(
                encoding_for(label).map(|e| e.name()).ok(),
                Some(name),
                "{label}"
            );
        }
        assert!(encoding_for("klingon").is_err());
    }
}
