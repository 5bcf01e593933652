//! Lists in workbooks (.xlsx, .xlsm, .xls, .ods), read with calamine: the sheet asked for (or
//! the first holding a service column), the header row found under any title rows above it,
//! one name per non-empty cell of the service column.

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsx, open_workbook_from_rs};

use crate::error::{Error, Result};
use crate::scope::list::{Listed, column_index};

/// How many rows above the header (titles, notes, empty rows) are passed over at most.
const MAX_ROWS_BEFORE_HEADER: usize = 32;

/// What kind of workbook the bytes are, by their content.
pub(super) enum Kind {
    /// A zip package: .xlsx/.xlsm, or .ods when its `mimetype` says so.
    Zip,
    /// An OLE compound file: .xls, or an encrypted (password-protected) OOXML workbook.
    Ole,
}

/// Reads the names of a workbook.
pub(super) fn read_workbook(
    source: &str,
    bytes: &[u8],
    kind: &Kind,
    sheet: Option<&str>,
    column: Option<&str>,
) -> Result<Vec<Listed>> {
    let mut book = open(source, bytes, kind)?;
    let names = book.sheet_names();
    let not_a_list = |e: calamine::Error| Error::NotAList {
        list: source.to_string(),
        reason: e.to_string(),
    };
    if let Some(wanted) = sheet {
        let Some(name) = names.iter().find(|n| n.trim() == wanted.trim()) else {
            return Err(Error::NoSuchSheet {
                list: source.to_string(),
                wanted: wanted.to_string(),
                available: names.clone(),
            });
        };
        let range = book.worksheet_range(name).map_err(not_a_list)?;
        return names_of(source, &range, column);
    }
    // No sheet named: the first whose rows have the service column.
    let mut first_error = None;
    for name in &names {
        let range = book.worksheet_range(name).map_err(not_a_list)?;
        match names_of(source, &range, column) {
            Ok(list) => return Ok(list),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| Error::NotAList {
        list: source.to_string(),
        reason: "the workbook has no sheet".to_string(),
    }))
}

fn open<'a>(source: &str, bytes: &'a [u8], kind: &Kind) -> Result<Sheets<Cursor<&'a [u8]>>> {
    let cursor = || Cursor::new(bytes);
    let protected = || Error::ProtectedWorkbook {
        list: source.to_string(),
    };
    let not_a_list = |reason: String| Error::NotAList {
        list: source.to_string(),
        reason,
    };
    match kind {
        Kind::Zip if is_ods(bytes) => open_workbook_from_rs::<Ods<_>, _>(cursor())
            .map(Sheets::Ods)
            .map_err(|e| not_a_list(e.to_string())),
        Kind::Zip => open_workbook_from_rs::<Xlsx<_>, _>(cursor())
            .map(Sheets::Xlsx)
            .map_err(|e| not_a_list(e.to_string())),
        Kind::Ole => match open_workbook_from_rs::<Xlsx<_>, _>(cursor()) {
            Err(calamine::XlsxError::Password) => Err(protected()),
            Ok(book) => Ok(Sheets::Xlsx(book)),
            Err(_) => match open_workbook_from_rs::<Xls<_>, _>(cursor()) {
                Ok(book) => Ok(Sheets::Xls(book)),
                Err(calamine::XlsError::Password) => Err(protected()),
                Err(e) => Err(not_a_list(e.to_string())),
            },
        },
    }
}

/// An OpenDocument spreadsheet names its type in a stored `mimetype` entry at the start.
fn is_ods(bytes: &[u8]) -> bool {
    bytes
        .get(..100)
        .is_some_and(|head| head.windows(11).any(|w| w == b"opendocumen"))
}

/// The names of one sheet: the header row is the first (of the first rows) with the service
/// column; every non-empty cell below it in that column is a name, its line the sheet's row
/// number.
fn names_of(source: &str, range: &Range<Data>, column: Option<&str>) -> Result<Vec<Listed>> {
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string().trim().to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .take(MAX_ROWS_BEFORE_HEADER)
        .enumerate()
        .find_map(|(i, cells)| column_index(cells, column).map(|c| (i, c)));
    let Some((header_row, index)) = header else {
        let available = rows
            .iter()
            .take(MAX_ROWS_BEFORE_HEADER)
            .find(|cells| cells.iter().filter(|c| !c.is_empty()).count() > 1)
            .map(|cells| cells.iter().filter(|c| !c.is_empty()).cloned().collect())
            .unwrap_or_default();
        return Err(Error::NoSuchColumn {
            list: source.to_string(),
            wanted: column.map(str::to_string),
            available,
        });
    };
    Ok(rows
        .iter()
        .enumerate()
        .skip(header_row + 1)
        .filter_map(|(i, cells)| {
            let name = cells.get(index)?.trim();
            (!name.is_empty()).then(|| Listed::new(name, first_row + i + 1))
        })
        .collect())
}
