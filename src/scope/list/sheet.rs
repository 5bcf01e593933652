//! Lists in workbooks (.xlsx, .xlsm, .xls, .ods), read with calamine: the sheet asked for (or
//! the first holding a service column), the header row found under any title rows above it,
//! one name per non-empty cell of the service column.

use std::io::Cursor;

use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsx, open_workbook_from_rs};

use crate::error::{Error, ListLimit, ListProblem, Result};
use crate::scope::list::{Listed, bounds, column_index};

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
    match kind {
        Kind::Zip => {
            let content = bounds::check_archive(source, bytes, "content.xml")?;
            if let Some(content) = content.filter(|_| is_ods(bytes)) {
                bounds::check_ods_cells(source, &content)?;
            }
        }
        Kind::Ole => bounds::check_xls_cells(source, bytes)?,
    }
    guarded(source, || names_in(source, bytes, kind, sheet, column))
}

/// Runs calamine on a workbook it may not survive: its .xls reader indexes records without
/// checking their length, so that a damaged file can panic inside it. Such a panic is caught and
/// becomes the list's error (calamine's state is all inside the call and dropped with it).
fn guarded<T>(source: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(ListProblem::ReaderFailed.error(source)))
}

/// The names of a workbook's sheet: the one asked for, else the first with the service column.
fn names_in(
    source: &str,
    bytes: &[u8],
    kind: &Kind,
    sheet: Option<&str>,
    column: Option<&str>,
) -> Result<Vec<Listed>> {
    let mut book = open(source, bytes, kind)?;
    let names = book.sheet_names();
    if let Some(wanted) = sheet {
        let Some(name) = names.iter().find(|n| n.trim() == wanted.trim()) else {
            return Err(Error::NoSuchSheet {
                list: source.to_string(),
                wanted: wanted.to_string(),
                available: names.clone(),
            });
        };
        return names_of(source, &sheet_cells(source, &mut book, name)?, column);
    }
    // No sheet named: the first whose rows have the service column.
    let mut first_error = None;
    for name in &names {
        match names_of(source, &sheet_cells(source, &mut book, name)?, column) {
            Ok(list) => return Ok(list),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| ListProblem::NoSheet.error(source)))
}

/// A cell that holds something, as text, at its place in the sheet (0-based).
struct SheetCell {
    row: u32,
    column: u32,
    text: String,
}

/// The cells of a sheet that hold something, in row and then column order (of two cells at one
/// place, the later, as calamine keeps it). An .xlsx sheet is read cell by cell, never as a
/// grid; the other formats' grids were bounded before they were opened.
fn sheet_cells(
    source: &str,
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<SheetCell>> {
    let not_a_list = |reason: String| ListProblem::reader(reason).error(source);
    let mut cells = Vec::new();
    let mut keep = |row: u32, column: u32, data: &Data| -> Result<()> {
        let text = data.to_string().trim().to_string();
        if !text.is_empty() {
            cells.push(SheetCell { row, column, text });
        }
        if cells.len() as u64 > bounds::MAX_CELLS {
            return Err(bounds::too_large(
                source,
                name,
                bounds::MAX_CELLS,
                ListLimit::Cells,
            ));
        }
        Ok(())
    };
    if let Sheets::Xlsx(xlsx) = book {
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|e| not_a_list(e.to_string()))?;
        while let Some(cell) = reader.next_cell().map_err(|e| not_a_list(e.to_string()))? {
            let (row, column) = cell.get_position();
            keep(row, column, &Data::from(cell.get_value().clone()))?;
        }
    } else {
        let range = book
            .worksheet_range(name)
            .map_err(|e| not_a_list(e.to_string()))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            let at = |origin: u32, offset: usize| {
                origin.saturating_add(u32::try_from(offset).unwrap_or(u32::MAX))
            };
            keep(at(top, r), at(left, c), data)?;
        }
    }
    cells.reverse();
    cells.sort_by_key(|c| (c.row, c.column));
    cells.dedup_by_key(|c| (c.row, c.column));
    Ok(cells)
}

fn open<'a>(source: &str, bytes: &'a [u8], kind: &Kind) -> Result<Sheets<Cursor<&'a [u8]>>> {
    let cursor = || Cursor::new(bytes);
    let protected = || Error::ProtectedWorkbook {
        list: source.to_string(),
    };
    let not_a_list = |reason: String| ListProblem::reader(reason).error(source);
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
fn names_of(source: &str, cells: &[SheetCell], column: Option<&str>) -> Result<Vec<Listed>> {
    let first_row = cells.first().map_or(0, |c| c.row);
    let last_row = first_row.saturating_add(MAX_ROWS_BEFORE_HEADER as u32);
    // The rows the header may be in, each as its cells in column order.
    let rows: Vec<&[SheetCell]> = cells
        .chunk_by(|a, b| a.row == b.row)
        .take_while(|row| row.first().is_some_and(|c| c.row < last_row))
        .collect();
    let texts = |row: &[SheetCell]| row.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    let header = rows.iter().find_map(|row| {
        let at = column_index(&texts(row), column)?;
        row.get(at).map(|c| (c.row, c.column))
    });
    let Some((header_row, index)) = header else {
        let available = rows
            .iter()
            .find(|row| row.len() > 1)
            .map(|row| texts(row))
            .unwrap_or_default();
        return Err(Error::NoSuchColumn {
            list: source.to_string(),
            wanted: column.map(str::to_string),
            available,
        });
    };
    Ok(cells
        .iter()
        .filter(|c| c.row > header_row && c.column == index)
        .map(|c| Listed::new(&c.text, c.row as usize + 1))
        .collect())
}
