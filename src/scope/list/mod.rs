//! Stage 7, lists of service names to check (an ISMAP application list, a procurement list):
//! plain text, a CSV column or a workbook column, in the encodings Excel and Windows write.

mod bounds;
mod sheet;
mod text;

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
        wanted: column.map(str::to_string),
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

/// Reads a list file with the defaults of [`ListReader`], the names in `column` when given.
///
/// # Errors
///
/// As [`ListReader::read`].
pub fn read_list(path: impl AsRef<Path>, column: Option<&str>) -> Result<Vec<Listed>> {
    let mut reader = ListReader::new();
    if let Some(c) = column {
        reader = reader.column(c);
    }
    reader.read(path)
}

/// Reads a list of service names from a file, whatever made it: a workbook (.xlsx, .xlsm,
/// .xls, .ods, recognized by content), CSV (by its `.csv` extension, or when a column is
/// named) or plain text, one name a line. Text may be UTF-8 (with or without a byte-order
/// mark), UTF-16 with a byte-order mark, or Shift_JIS (CP932), as Excel on Japanese Windows
/// saves CSV: detected, or given with [`ListReader::encoding`].
///
/// In a workbook, the sheet named with [`ListReader::sheet`], else the first sheet with a
/// service column; the header row is the first row (of the first 32) whose cell names services
/// ("Service", "Service Name", "サービス名", "サービス"; or the column named with
/// [`ListReader::column`]), so title rows above it, merged or not, are passed over. Every
/// non-empty cell below the header in that column is a name, its line the sheet's row number;
/// empty cells are skipped. Hidden rows are read like the others (a hidden row is still on the
/// list; delete it to leave it out).
///
/// ```
/// use fedramp_ssp::ListReader;
///
/// let list = ListReader::new().read("fixtures/lists/ismap-azure-1-2020.xlsx")?;
/// let text = ListReader::new().read("fixtures/lists/ismap-azure-1-2020.txt")?;
/// let names = |l: &[fedramp_ssp::Listed]| l.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
/// assert_eq!(names(&list), names(&text));
/// # Ok::<(), fedramp_ssp::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ListReader {
    column: Option<String>,
    sheet: Option<String>,
    encoding: Option<&'static encoding_rs::Encoding>,
}

impl ListReader {
    /// A reader with the defaults: the service column found by its header, the first sheet
    /// with one, the encoding detected.
    pub fn new() -> ListReader {
        ListReader::default()
    }

    /// Reads the column with this header (any case) in a CSV list or a workbook.
    pub fn column(mut self, name: &str) -> ListReader {
        self.column = Some(name.to_string());
        self
    }

    /// Reads this sheet of a workbook.
    pub fn sheet(mut self, name: &str) -> ListReader {
        self.sheet = Some(name.to_string());
        self
    }

    /// Reads text in this encoding: `utf-8`, `utf-16le`, `utf-16be`, `cp932` (Shift_JIS,
    /// also `shift_jis`, `sjis`), or any WHATWG label.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] for an encoding it does not know.
    pub fn encoding(mut self, label: &str) -> Result<ListReader> {
        self.encoding = Some(text::encoding_for(label)?);
        Ok(self)
    }

    /// Reads a list file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; [`Error::ProtectedWorkbook`],
    /// [`Error::NoSuchSheet`] and [`Error::NoSuchColumn`] (naming the sheets and columns there
    /// are); [`Error::Undecodable`] for text in no encoding it reads; [`Error::NotAList`] for a
    /// file that is neither a workbook nor text; [`Error::ListTooLarge`] for a workbook past
    /// the list limits (README, "Limits and hostile input"); [`Error::InvalidInput`] for
    /// malformed CSV; [`Error::EmptyList`] for a list that holds no name.
    pub fn read(&self, path: impl AsRef<Path>) -> Result<Vec<Listed>> {
        let path = path.as_ref();
        self.read_bytes(&path.display().to_string(), &read_file(path)?)
    }

    /// Reads a list from its bytes; `source` names it in errors and, by its extension, says
    /// whether text is CSV.
    ///
    /// # Errors
    ///
    /// As [`ListReader::read`].
    pub fn read_bytes(&self, source: &str, bytes: &[u8]) -> Result<Vec<Listed>> {
        let names = self.names(source, bytes)?;
        if names.is_empty() {
            return Err(Error::EmptyList {
                list: source.to_string(),
            });
        }
        Ok(names)
    }

    /// The names of a workbook, a CSV file or a text list, as the file holds them.
    fn names(&self, source: &str, bytes: &[u8]) -> Result<Vec<Listed>> {
        let (sheet, column) = (self.sheet.as_deref(), self.column.as_deref());
        if let Some(kind) = text::workbook_kind(bytes) {
            return sheet::read_workbook(source, bytes, &kind, sheet, column);
        }
        let text = text::decode(source, bytes, self.encoding)?;
        let is_csv = Path::new(source)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv || column.is_some() {
            parse_csv_list(source, &text, column)
        } else {
            Ok(parse_list(&text))
        }
    }
}
