//! What reading a workbook may cost, checked before calamine reads it. calamine has no limits
//! of its own: every entry of a zip bomb inflates whole, and a sheet (an .ods or .xls sheet
//! always, an .xlsx sheet through `worksheet_range`) becomes a dense grid of its rows by its
//! columns, so that two cells far apart in a 3 KB file ask for gigabytes. A list is a column of
//! names, a few thousand cells at most; these limits hold every workbook to what a list of that
//! size could need, many times over.

use std::io::{self, Cursor, Read};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::docx::limits::{self, Counted, Limits, PartReader, ZipEnd};
use crate::error::{Error, ListLimit, ListProblem, Result};

/// Entries a workbook's archive may hold: a workbook has 10-50 (sheets, styles, theme, ...).
pub(super) const MAX_ENTRIES: u64 = 1_000;
/// Bytes one entry may inflate to: 16 MiB, a sheet of about 200,000 rows of names.
pub(super) const MAX_ENTRY_SIZE: u64 = 16 << 20;
/// Bytes all entries together may inflate to.
pub(super) const MAX_INFLATED: u64 = 64 << 20;
/// Cells a sheet may hold or span: a list of 1,000 services in 20 columns is 20,000.
pub(super) const MAX_CELLS: u64 = 1_000_000;

/// The error for a list past one of these limits.
pub(super) fn too_large(list: &str, what: &str, limit: u64, exceeded: ListLimit) -> Error {
    Error::ListTooLarge {
        list: list.to_string(),
        what: what.to_string(),
        limit,
        exceeded,
    }
}

fn not_a_list(list: &str, reason: String) -> Error {
    ListProblem::reader(reason).error(list)
}

/// Inflates every entry of a workbook's archive (.xlsx, .xlsm, .ods) without parsing it, within
/// the limits above and the document limits' compression ratio; a damaged entry is an error.
/// Returns the entry named `keep`, inflated, when there is one.
pub(super) fn check_archive(list: &str, bytes: &[u8], keep: &str) -> Result<Option<Vec<u8>>> {
    let mut cursor = Cursor::new(bytes);
    if let Ok(ZipEnd::Found {
        entries: Some(entries),
    }) = limits::zip_end(&mut cursor)
        && entries > MAX_ENTRIES
    {
        return Err(too_large(list, "", MAX_ENTRIES, ListLimit::Entries));
    }
    let reader = Counted::new(cursor);
    let counter = reader.counter();
    let mut archive = ZipArchive::new(reader).map_err(|e| not_a_list(list, e.to_string()))?;
    if archive.len() as u64 > MAX_ENTRIES {
        return Err(too_large(list, "", MAX_ENTRIES, ListLimit::Entries));
    }
    // A Word document's main part, where a workbook has its sheets: the SSP given as the list.
    if archive.index_for_name("word/document.xml").is_some() {
        return Err(Error::WordDocumentAsList {
            list: list.to_string(),
        });
    }
    let limits = Limits {
        max_part_size: MAX_ENTRY_SIZE,
        ..Limits::default()
    };
    let (mut total, mut kept) = (0u64, None);
    for i in 0..archive.len() {
        let file = archive
            .by_index(i)
            .map_err(|e| not_a_list(list, e.to_string()))?;
        let name = file
            .name()
            .map_or_else(|_| format!("entry {i}"), |n| n.into_owned());
        let mut entry = PartReader::new(file, &name, Arc::clone(&counter), limits, false);
        // Past the total, one byte more is enough to know.
        let mut rest = (&mut entry).take(MAX_INFLATED.saturating_sub(total).saturating_add(1));
        let read = if name == keep {
            let mut out = Vec::new();
            let n = rest.read_to_end(&mut out);
            kept = Some(out);
            n.map(|n| n as u64)
        } else {
            io::copy(&mut rest, &mut io::sink())
        };
        let read = read.map_err(|e| entry_error(list, limits::part_io_error(&name, &e)))?;
        total = total.saturating_add(read);
        if total > MAX_INFLATED {
            return Err(too_large(list, "", MAX_INFLATED, ListLimit::TotalBytes));
        }
    }
    Ok(kept)
}

/// An entry's failure as the list's: a limit passed, or a damaged workbook.
fn entry_error(list: &str, e: Error) -> Error {
    match e {
        Error::PartTooLarge { part, limit, .. } => {
            too_large(list, &part, limit, ListLimit::EntryBytes)
        }
        Error::CompressionRatio { part, limit, .. } => {
            too_large(list, &part, limit, ListLimit::Ratio)
        }
        Error::CorruptPart { part, message } => {
            not_a_list(list, format!("its entry {part} is damaged ({message})"))
        }
        other => not_a_list(list, other.to_string()),
    }
}

/// Checks the cells calamine builds for the sheets of an OpenDocument spreadsheet, from its
/// `content.xml`. calamine reads every sheet when it opens the file: each row as its cells up to
/// the last non-empty one (`table:number-columns-repeated` copies a cell), then each sheet as a
/// grid from its first to its last non-empty row (`table:number-rows-repeated` copies a row) by
/// its widest row. Both are counted here, as calamine would build them, before it does.
pub(super) fn check_ods_cells(list: &str, content: &[u8]) -> Result<()> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut sheet = OdsSheet::default();
    let mut row: Option<OdsRow> = None;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| not_a_list(list, format!("content.xml: {e}")))?;
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                let r = repeats(&e, "table:number-rows-repeated");
                if !opens {
                    sheet.add_row(r, 0);
                } else {
                    row = Some(OdsRow {
                        repeats: r,
                        ..OdsRow::default()
                    });
                }
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some(row) = row.as_mut() {
                    let filled = opens || has_value(&e);
                    row.add_cell(repeats(&e, "table:number-columns-repeated"), filled);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let Some(done) = row.take() {
                    sheet.add_row(done.repeats, done.width);
                }
            }
            // calamine reads a sheet from its start to the first `</table:table>`, so a table
            // nested in a sheet does not start a count of its own (that would let each nested
            // table add a fresh allowance to one sheet); counts start again after an end.
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                if let Ok(Some(name)) = e.try_get_attribute("table:name") {
                    sheet.name = name.value.into_owned();
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => sheet = OdsSheet::default(),
            Event::Eof => break,
            _ => {}
        }
        sheet.check(list)?;
    }
    Ok(())
}

/// calamine's caps on a sheet's columns and rows.
const ODS_MAX_COLUMNS: u64 = 16_384;
const ODS_MAX_ROWS: u64 = 1_048_576;

/// A repeat count attribute (1 when absent or unreadable, as calamine then fails by itself).
fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// Whether an empty cell element carries a value in its attributes.
fn has_value(e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| {
        let key = a.key.as_ref();
        key.starts_with("office:") && key.ends_with("value") || key == "table:formula"
    })
}

/// One `table:table-row` as calamine reads it.
#[derive(Default)]
struct OdsRow {
    repeats: u64,
    /// Columns so far.
    columns: u64,
    /// Columns up to the last cell that holds something: the cells calamine keeps.
    width: u64,
}

impl OdsRow {
    fn add_cell(&mut self, repeats: u64, filled: bool) {
        self.columns = self.columns.saturating_add(repeats).min(ODS_MAX_COLUMNS);
        if filled {
            self.width = self.columns;
        }
    }
}

/// The cells calamine builds for one sheet.
#[derive(Default)]
struct OdsSheet {
    /// Its `table:name`.
    name: String,
    /// Cells of the rows as read (each row once, whatever its repeats).
    read: u64,
    /// Rows so far.
    rows: u64,
    /// Rows from the first non-empty row to the last one, repeats included.
    height: u64,
    /// Rows since the last non-empty row.
    pending: u64,
    /// The widest non-empty row.
    width: u64,
}

impl OdsSheet {
    fn add_row(&mut self, repeats: u64, width: u64) {
        let repeats = repeats.min(ODS_MAX_ROWS.saturating_sub(self.rows));
        self.rows = self.rows.saturating_add(repeats);
        self.read = self.read.saturating_add(width);
        if width == 0 {
            if self.height > 0 {
                self.pending = self.pending.saturating_add(repeats);
            }
            return;
        }
        self.height = self
            .height
            .saturating_add(self.pending)
            .saturating_add(repeats);
        self.pending = 0;
        self.width = self.width.max(width);
    }

    fn check(&self, list: &str) -> Result<()> {
        if self.read > MAX_CELLS || self.height.saturating_mul(self.width) > MAX_CELLS {
            return Err(too_large(list, &self.name, MAX_CELLS, ListLimit::Cells));
        }
        Ok(())
    }
}

/// Checks what calamine builds from an .xls before it opens it: for each sheet the workbook
/// lists (`BOUNDSHEET`), read from where it says the sheet starts, as calamine reads it, the
/// area its `DIMENSIONS` record declares (calamine reserves it) and the area its cells span
/// (calamine makes a grid of it, once for values and once for formulas). The records read for
/// all sheets together are bounded too, since sheets may be declared at one place many times.
/// A compound file the `cfb` crate cannot read is refused; one without a workbook stream (a
/// password-protected OOXML workbook) is left to calamine, which says it is protected.
pub(super) fn check_xls_cells(list: &str, bytes: &[u8]) -> Result<()> {
    let damaged = |e: &dyn std::fmt::Display| not_a_list(list, format!("its compound file: {e}"));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    // calamine takes the first entry of that name wherever it is in the file: every one is
    // checked.
    let streams: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .filter(|e| {
            ["Workbook", "Book"]
                .iter()
                .any(|n| e.name().eq_ignore_ascii_case(n))
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    let mut budget = MAX_INFLATED;
    for path in streams {
        let mut records = Vec::new();
        file.open_stream(&path)
            .map_err(|e| damaged(&e))?
            .take(MAX_INFLATED.saturating_add(1))
            .read_to_end(&mut records)
            .map_err(|e| damaged(&e))?;
        if records.len() as u64 > MAX_INFLATED {
            return Err(too_large(list, "", MAX_INFLATED, ListLimit::TotalBytes));
        }
        for (start, name) in sheet_starts(&records) {
            let sheet = records.get(start..).unwrap_or_default();
            check_xls_sheet(list, &name, sheet, &mut budget)?;
        }
    }
    Ok(())
}

/// A BIFF record: its type and data.
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let (head, tail) = rest.split_at_checked(4)?;
        let typ = u16::from_le_bytes([*head.first()?, *head.get(1)?]);
        let len = usize::from(u16::from_le_bytes([*head.get(2)?, *head.get(3)?]));
        let (data, next) = tail.split_at_checked(len)?;
        rest = next;
        Some((typ, data))
    })
}

fn le16(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
    ])))
}

fn le32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// Where the sheets start, and their names: the `BOUNDSHEET` records of the workbook globals.
fn sheet_starts(stream: &[u8]) -> Vec<(usize, String)> {
    biff_records(stream)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, _)| *typ == 0x0085)
        .enumerate()
        .filter_map(|(i, (_, data))| {
            let start = usize::try_from(le32(data, 0)?).ok()?;
            Some((
                start,
                sheet_name(data).unwrap_or_else(|| format!("{}", i + 1)),
            ))
        })
        .collect()
}

/// A `BOUNDSHEET`'s sheet name (BIFF8: a length, a flag for UTF-16, the characters).
fn sheet_name(data: &[u8]) -> Option<String> {
    let len = usize::from(*data.get(6)?);
    let chars = data.get(8..)?;
    if data.get(7)? & 1 == 1 {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .filter_map(|p| p.try_into().ok().map(u16::from_le_bytes))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.iter().take(len).map(|&b| char::from(b)).collect())
    }
}

/// One sheet's records from where it starts to its end, nested substreams (charts) passed over,
/// as calamine reads them.
fn check_xls_sheet(list: &str, name: &str, records: &[u8], budget: &mut u64) -> Result<()> {
    let mut area = CellArea::default();
    let (mut seen_bof, mut nested) = (false, 0usize);
    for (typ, data) in biff_records(records) {
        *budget = budget.saturating_sub(data.len() as u64 + 4);
        if *budget == 0 {
            return Err(too_large(list, "", MAX_INFLATED, ListLimit::TotalBytes));
        }
        if nested > 0 {
            match typ {
                0x0809 => nested += 1,
                0x000A => nested -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => nested += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 if dimensions_area(data).is_none_or(|a| a > MAX_CELLS) => {
                return Err(too_large(list, name, MAX_CELLS, ListLimit::Cells));
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: a row and a column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(column)) = (le16(data, 0), le16(data, 2)) {
                    area.add(row, column);
                }
            }
            // MulRk: a row, its first column, ..., its last column.
            0x00BD => {
                let row = le16(data, 0);
                let first = le16(data, 2);
                let last = data.len().checked_sub(2).and_then(|at| le16(data, at));
                if let (Some(row), Some(first), Some(last)) = (row, first, last) {
                    if last < first {
                        return Err(ListProblem::DamagedRecord.error(list));
                    }
                    area.add(row, first);
                    area.add(row, last);
                }
            }
            _ => {}
        }
        if area.cells() > MAX_CELLS {
            return Err(too_large(list, name, MAX_CELLS, ListLimit::Cells));
        }
    }
    Ok(())
}

/// The area a `DIMENSIONS` record declares, as calamine computes it; `None` when its rows or
/// columns run backwards (calamine's arithmetic would overflow).
fn dimensions_area(data: &[u8]) -> Option<u64> {
    let (first_row, rows_end, first_col, cols_end) = match data.len() {
        10 => (
            le16(data, 0)?,
            le16(data, 2)?,
            le16(data, 4)?,
            le16(data, 6)?,
        ),
        14 | 16 => (
            le32(data, 0)?,
            le32(data, 4)?,
            le16(data, 8)?,
            le16(data, 10)?,
        ),
        // calamine refuses the record.
        _ => return Some(0),
    };
    let first_col = if first_col > 0xFF || cols_end < first_col {
        0
    } else {
        first_col
    };
    if rows_end < 1 || cols_end < 1 {
        return Some(1);
    }
    let rows = u64::from(rows_end.checked_sub(first_row)?);
    let cols = u64::from(cols_end.checked_sub(first_col)?);
    Some(rows.saturating_mul(cols))
}

/// The rows and columns a sheet's cells span.
#[derive(Default)]
struct CellArea {
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl CellArea {
    fn add(&mut self, row: u32, column: u32) {
        let widen = |span: Option<(u32, u32)>, at: u32| {
            Some(span.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))))
        };
        self.rows = widen(self.rows, row);
        self.columns = widen(self.columns, column);
    }

    fn cells(&self) -> u64 {
        let len = |span: Option<(u32, u32)>| span.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        len(self.rows).saturating_mul(len(self.columns))
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    /// A BIFF8 record.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let len = u16::try_from(data.len()).unwrap();
        [&typ.to_le_bytes()[..], &len.to_le_bytes(), data].concat()
    }

    /// A `NUMBER` cell record at (row, column).
    fn number(row: u16, column: u16) -> Vec<u8> {
        let data = [
            &row.to_le_bytes()[..],
            &column.to_le_bytes(),
            &[0, 0],
            &1f64.to_le_bytes(),
        ];
        record(0x0203, &data.concat())
    }

    /// A workbook stream: globals naming one sheet "S", then the sheet with these cells.
    fn workbook(cells: &[(u16, u16)]) -> Vec<u8> {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let sheet_name = [1u8, 0, b'S'];
        let boundsheet_len = 4 + 4 + 2 + sheet_name.len();
        let sheet_at = u32::try_from(bof.len() + boundsheet_len + eof.len()).unwrap();
        let boundsheet = record(
            0x0085,
            &[&sheet_at.to_le_bytes()[..], &[0, 0], &sheet_name].concat(),
        );
        let mut stream = [bof.clone(), boundsheet, eof.clone(), bof].concat();
        for &(row, column) in cells {
            stream.extend(number(row, column));
        }
        stream.extend(eof);
        stream
    }

    /// A compound file with these streams.
    fn compound(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (path, data) in streams {
            if let Some((storage, _)) = path.rsplit_once('/').filter(|(s, _)| !s.is_empty()) {
                file.create_storage_all(storage).unwrap();
            }
            file.create_stream(path).unwrap().write_all(data).unwrap();
        }
        file.into_inner().into_inner()
    }

    #[test]
    fn an_xls_sheet_is_measured_by_its_cells_in_every_workbook_stream() {
        let small = workbook(&[(0, 0), (1, 0)]);
        let far = workbook(&[(0, 0), (60_000, 200)]);
        let ok = compound(&[("/Workbook", small.clone())]);
        assert!(check_xls_cells("l.xls", &ok).is_ok());
        let wide = compound(&[("/Workbook", far.clone())]);
        let e = check_xls_cells("l.xls", &wide).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::ListTooLarge, "{e}");
        // calamine takes the first stream of that name it finds, in any storage.
        let hidden = compound(&[("/Workbook", small), ("/Other/Workbook", far)]);
        let e = check_xls_cells("l.xls", &hidden).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::ListTooLarge, "{e}");
    }
}
