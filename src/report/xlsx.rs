//! Results for Excel: a workbook a person opens and hands on (rust_xlsxwriter). A first sheet
//! says which SSPs the result was read from (title, path, kind, date, sections); the next holds
//! the rows, with a header row, frozen panes, an autofilter, columns as wide as their text and
//! the status column coloured per status. Headers and statuses are in the report's language.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::report::{CheckReport, DocumentReport, ScopeReport};
use crate::scope::check::CheckStatus;

/// Columns are at most this wide (in characters; a full-width character counts two).
const MAX_WIDTH: usize = 80;

/// A sheet's rows before they are written: the header and one row of cells each, with the
/// column whose cells are coloured by status.
struct Sheet {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<(Vec<String>, Option<Fill>)>,
    status_column: Option<u16>,
}

/// A sheet's header row in `lang`, from (English, Japanese) pairs.
fn headers(lang: Lang, pairs: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    pairs.iter().map(|&(en, ja)| lang.pick(en, ja)).collect()
}

/// The fill of a status cell: Excel's own "Good", "Neutral" and "Bad" cell styles.
#[derive(Clone, Copy)]
enum Fill {
    Good,
    Neutral,
    Bad,
}

impl Fill {
    fn format(self) -> Format {
        let (fill, font) = match self {
            Fill::Good => (0xC6EFCE, 0x006100),
            Fill::Neutral => (0xFFEB9C, 0x9C5700),
            Fill::Bad => (0xFFC7CE, 0x9C0006),
        };
        Format::new()
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(font))
    }

    fn of(status: CheckStatus) -> Fill {
        match status {
            s if s.is_in_scope() => Fill::Good,
            CheckStatus::Planned => Fill::Neutral,
            _ => Fill::Bad,
        }
    }
}

impl ScopeReport {
    /// Writes the scope as an Excel workbook: the SSPs read, then one row per service and
    /// place it is listed (in scope, planned, or listed without a FedRAMP mark).
    ///
    /// # Errors
    ///
    /// [`Error::Write`] when the file cannot be written.
    ///
    /// ```
    /// use fedramp_ssp::{DocumentScope, Lang, ScopeReport};
    ///
    /// let scope = DocumentScope::read("fixtures/msdocs/office365.docx")?;
    /// let out = std::env::temp_dir().join("fedramp-ssp-doc-scope.xlsx");
    /// ScopeReport::new_in(&[scope], Lang::Ja).write_xlsx(&out)?;
    /// assert!(std::fs::metadata(&out).map(|m| m.len() > 0).unwrap_or(false));
    /// # Ok::<(), fedramp_ssp::Error>(())
    /// ```
    pub fn write_xlsx(&self, path: impl AsRef<Path>) -> Result<()> {
        let lang = self.lang;
        let mut rows = Vec::new();
        for (standing, services, fill) in [
            (lang.pick("in scope", "対象"), &self.services, Fill::Good),
            (
                lang.pick("planned", "予定（未認可）"),
                &self.planned,
                Fill::Neutral,
            ),
            (
                lang.pick("no FedRAMP mark", "FedRAMP の印なし"),
                &self.not_authorized,
                Fill::Bad,
            ),
        ] {
            for s in services {
                for src in &s.sources {
                    rows.push((
                        vec![
                            s.name.clone(),
                            standing.to_string(),
                            s.offering.to_string(),
                            src.document.clone(),
                            src.section.clone(),
                            src.section_title.clone(),
                            super::text::also(s, lang),
                            src.text.clone(),
                        ],
                        Some(fill),
                    ));
                }
            }
        }
        let services = Sheet {
            name: lang.pick("Scope", "監査範囲"),
            header: headers(
                lang,
                &[
                    ("Service", "サービス"),
                    ("Status", "判定"),
                    ("Offering", "区分"),
                    ("Document", "文書"),
                    ("Section", "セクション"),
                    ("Section title", "セクション見出し"),
                    ("Also", "備考"),
                    ("Text in the document", "文書の記載"),
                ],
            ),
            rows,
            status_column: Some(1),
        };
        write(path.as_ref(), &[sources(&self.documents, lang), services])
    }
}

impl CheckReport {
    /// Writes the check as an Excel workbook: the SSPs checked against (see
    /// [`CheckReport::with_ssps`]), then one row per listed name with its status, the service
    /// it is in scope as, where it is listed, the remark, the closest names and what the rename
    /// table cites for the match (Microsoft's page and words).
    ///
    /// # Errors
    ///
    /// [`Error::Write`] when the file cannot be written.
    pub fn write_xlsx(&self, path: impl AsRef<Path>) -> Result<()> {
        let lang = self.lang;
        let rows = self
            .entries
            .iter()
            .map(|row| {
                let e = &row.entry;
                let first = row.sources.first();
                (
                    vec![
                        e.line.to_string(),
                        e.listed.clone(),
                        e.status.label(lang).to_string(),
                        super::text::service_name(e),
                        super::text::service_offering(e),
                        first.map(|s| s.document.clone()).unwrap_or_default(),
                        first.map(|s| s.section.clone()).unwrap_or_default(),
                        e.remark.as_ref().map(|r| r.text(lang)).unwrap_or_default(),
                        e.suggestions.join(", "),
                        e.evidence().join(" | "),
                    ],
                    Some(Fill::of(e.status)),
                )
            })
            .collect();
        let checked = Sheet {
            name: lang.pick("Check", "照合結果"),
            header: headers(
                lang,
                &[
                    ("Line", "行"),
                    ("Listed", "リストの名前"),
                    ("Status", "判定"),
                    ("In scope as", "対象のサービス"),
                    ("Offering", "区分"),
                    ("Document", "文書"),
                    ("Section", "セクション"),
                    ("Note", "備考"),
                    ("Closest names", "近い名前"),
                    ("Evidence (Microsoft's words)", "根拠（Microsoft の記載）"),
                ],
            ),
            rows,
            status_column: Some(2),
        };
        write(path.as_ref(), &[sources(&self.ssps, lang), checked])
    }
}

/// The first sheet: which SSPs the result was read from.
fn sources(documents: &[DocumentReport], lang: Lang) -> Sheet {
    let rows = documents
        .iter()
        .map(|d| {
            let sections: Vec<String> = d
                .sections
                .iter()
                .map(|s| format!("{} {}", s.number, s.title))
                .collect();
            (
                vec![
                    d.title.clone().unwrap_or_default(),
                    d.path.clone(),
                    d.kind.to_string(),
                    d.modified.clone().unwrap_or_default(),
                    sections.join("; "),
                ],
                None,
            )
        })
        .collect();
    Sheet {
        name: lang.pick("SSPs", "読み込んだ SSP"),
        header: headers(
            lang,
            &[
                ("Title", "タイトル"),
                ("File", "ファイル"),
                ("Kind", "種類"),
                ("Modified", "更新日時"),
                ("Sections read", "読んだセクション"),
            ],
        ),
        rows,
        status_column: None,
    }
}

fn write(path: &Path, sheets: &[Sheet]) -> Result<()> {
    let failed = |e: XlsxError| Error::Write {
        path: path.display().to_string(),
        source: match e {
            XlsxError::IoError(io) => io,
            other => std::io::Error::other(other.to_string()),
        },
    };
    let mut book = Workbook::new();
    for sheet in sheets {
        fill_sheet(book.add_worksheet(), sheet).map_err(failed)?;
    }
    book.save(path).map_err(failed)
}

fn fill_sheet(ws: &mut Worksheet, sheet: &Sheet) -> std::result::Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin);
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| width(h)).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &bold)?;
    }
    for (r, (cells, fill)) in sheet.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, text) in cells.iter().enumerate() {
            let text = crate::report::spreadsheet_safe(text);
            match fill {
                Some(f) if sheet.status_column == Some(col(c)) => {
                    ws.write_string_with_format(row, col(c), &text, &f.format())?;
                }
                _ => {
                    ws.write_string(row, col(c), &text)?;
                }
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width(&text));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), (w.min(&MAX_WIDTH) + 2) as f64)?;
    }
    let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    let last_col = col(sheet.header.len().saturating_sub(1));
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    // Printed, one page wide in landscape, the header row on every page.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The width of the longest line of a text, a full-width character counting two.
fn width(text: &str) -> usize {
    text.lines()
        .map(super::table::display_width)
        .max()
        .unwrap_or(0)
}
