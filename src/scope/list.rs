//! Lists of service names to check (an ISMAP application list, a procurement list): plain text
//! or a CSV column.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, read_file};

/// A name of a list, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Listed {
    /// The name as the list writes it (trimmed).
    pub name: String,
    /// 1-based line of the file where the name starts (for CSV, the record's first line).
    pub line: usize,
}

impl Listed {
    /// A listed name.
    pub fn new(name: impl Into<String>, line: usize) -> Listed {
        Listed {
            name: name.into(),
            line,
        }
    }
}

/// Reads a plain-text list: one name a line, `#` starts a comment line, blank lines skipped,
/// UTF-8 with or without a byte-order mark, CRLF or LF line ends.
///
/// ```
/// use fedramp_ssp::parse_list;
///
/// let list = parse_list("\u{feff}# ISMAP\r\nAKS\r\n\r\nAzure Sentinel\r\n");
/// assert_eq!(list[1].name, "Azure Sentinel");
/// assert_eq!(list[1].line, 4);
/// ```
pub fn parse_list(text: &str) -> Vec<Listed> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let name = line.trim();
            (!name.is_empty() && !name.starts_with('#')).then(|| Listed::new(name, i + 1))
        })
        .collect()
}

/// Header words of the column that holds service names, when no column is named.
const SERVICE_HEADERS: [&str; 8] = [
    "service name",
    "service",
    "services",
    "サービス名",
    "サービス",
    "cloud service",
    "offering",
    "name",
];

/// Reads the names of one CSV column: the column named `column` (any case), else the first
/// whose header names services ("Service Name", "Service", "サービス名", ...). Lines are the
/// file's: a quoted field spanning lines does not shift them.
///
/// # Errors
///
/// [`Error::InvalidInput`] when the CSV is malformed; [`Error::NoSuchColumn`] when the column
/// is not there (naming the columns that are).
///
/// ```
/// use fedramp_ssp::parse_csv_list;
///
/// let csv = "No.,Service Name,Note\n1,AKS,\"two\nlines\"\n2,Azure Sentinel,\n";
/// let list = parse_csv_list("list.csv", csv, None)?;
/// assert_eq!((list[1].name.as_str(), list[1].line), ("Azure Sentinel", 4));
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
pub fn parse_csv_list(source: &str, text: &str, column: Option<&str>) -> Result<Vec<Listed>> {
    let invalid = |line: u64, message: String| Error::InvalidInput {
        source_name: source.to_string(),
        line: usize::try_from(line).unwrap_or(usize::MAX),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| invalid(1, e.to_string()))?
        .clone();
    let header_names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    let index = column_index(&header_names, column).ok_or_else(|| Error::NoSuchColumn {
        list: source.to_string(),
        wanted: column.map_or_else(
            || {
                "whose header names services (\"Service\", \"Service Name\", \"サービス名\")"
                    .to_string()
            },
            |c| format!("\"{c}\""),
        ),
        available: header_names.clone(),
    })?;
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(invalid(line, e.to_string())),
        }
        let name = record.get(index).unwrap_or("").trim();
        if !name.is_empty() && !name.starts_with('#') {
            let line = record.position().map_or(line, csv::Position::line);
            out.push(Listed::new(
                name,
                usize::try_from(line).unwrap_or(usize::MAX),
            ));
        }
    }
    Ok(out)
}

/// The index of the column named `wanted` (any case), else of the first header that names
/// services.
pub(crate) fn column_index(headers: &[String], wanted: Option<&str>) -> Option<usize> {
    let fold = |s: &str| s.trim().to_lowercase();
    match wanted {
        Some(w) => headers.iter().position(|h| fold(h) == fold(w)),
        None => SERVICE_HEADERS
            .iter()
            .find_map(|want| headers.iter().position(|h| fold(h) == *want)),
    }
}

/// Reads a list file: CSV (by its `.csv` extension, or when a column is named) or plain text.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; [`Error::InvalidInput`] when it is not UTF-8
/// text; as [`parse_csv_list`] for CSV.
pub fn read_list(path: impl AsRef<Path>, column: Option<&str>) -> Result<Vec<Listed>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = String::from_utf8(read_file(path)?).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e
            .as_bytes()
            .iter()
            .take(valid)
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Error::InvalidInput {
            source_name: name.clone(),
            line,
            message: format!("not UTF-8 text (byte {valid}): save the list as UTF-8"),
        }
    })?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv || column.is_some() {
        parse_csv_list(&name, &text, column)
    } else {
        Ok(parse_list(&text))
    }
}
