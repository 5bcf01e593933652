//! Rows and columns for people and spreadsheets: one [`Rows`] per report, written as aligned
//! text for a terminal or as CSV for Excel, safely: control characters and bidirectional
//! overrides from a document never reach a terminal raw, and a CSV cell never starts a formula.

use std::io::{self, Write};

/// A header and rows of text cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rows {
    /// The column names.
    pub header: Vec<String>,
    /// The rows, each as long as the header (or shorter: missing cells are empty).
    pub rows: Vec<Vec<String>>,
}

/// Columns are padded to at most this many terminal columns; longer values run over.
const MAX_COLUMN_WIDTH: usize = 60;

/// The columns a text takes in a terminal: two for a full-width character (Japanese, Chinese,
/// Korean), none for a combining mark.
pub(super) fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

impl Rows {
    /// A table with this header and no rows.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Rows {
        Rows {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push<S: Into<String>>(&mut self, row: impl IntoIterator<Item = S>) {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    /// The table as aligned text: columns padded to their widest value (at most 60 terminal
    /// columns; a full-width character takes two), two spaces apart, the last column not
    /// padded, no trailing spaces; every cell made safe for a terminal (see
    /// [`terminal_safe`]).
    pub fn to_text(&self) -> String {
        let cells: Vec<Vec<String>> = std::iter::once(&self.header)
            .chain(&self.rows)
            .map(|row| row.iter().map(|c| terminal_safe(c)).collect())
            .collect();
        let columns = self.header.len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                cells
                    .iter()
                    .filter_map(|row| row.get(c))
                    .map(|cell| display_width(cell))
                    .max()
                    .unwrap_or(0)
                    .min(MAX_COLUMN_WIDTH)
            })
            .collect();
        let mut out = String::new();
        for row in &cells {
            let mut line = String::new();
            for (c, width) in widths.iter().enumerate() {
                let cell = row.get(c).map_or("", String::as_str);
                line.push_str(cell);
                if c + 1 < columns {
                    let pad = width.saturating_sub(display_width(cell)) + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Writes the table as CSV (header first), every cell made safe for a spreadsheet (see
    /// [`spreadsheet_safe`]).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_csv<W: Write>(&self, writer: W) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(writer);
        for row in std::iter::once(&self.header).chain(&self.rows) {
            w.write_record(row.iter().map(|c| spreadsheet_safe(c)))
                .map_err(io::Error::other)?;
        }
        w.flush()
    }
}

/// Text as it may be shown in a terminal: a line break becomes " / ", a tab a space, and any
/// other control or bidirectional character its escape (`\u{1b}`).
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str(" / "),
            '\t' => out.push(' '),
            c if crate::text::is_unsafe_for_terminal(c) => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out
}

/// Text as it may go into a CSV cell that Excel opens: controls other than line breaks and
/// tabs escaped as in [`terminal_safe`], and a cell that would start a formula (`=`, `+`, `-`,
/// `@`, or a tab or carriage return before one) prefixed with an apostrophe, as Excel users
/// do by hand. A number ("-3", "+1") is left as it is.
pub fn spreadsheet_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if crate::text::is_unsafe_for_terminal(c) => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    let starts_formula = out
        .trim_start_matches(['\t', '\r', ' '])
        .starts_with(['=', '+', '-', '@']);
    if starts_formula && out.trim().parse::<f64>().is_err() {
        out.insert(0, '\'');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_is_inert() {
        assert_eq!(
            terminal_safe("Azure\u{1b}]52;c;aGk=\u{7}Bot\u{202e}"),
            "Azure\\u{1b}]52;c;aGk=\\u{7}Bot\\u{202e}"
        );
        assert_eq!(terminal_safe("A\nB"), "A / B");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-3"), "-3");
        assert_eq!(spreadsheet_safe("Azure Monitor"), "Azure Monitor");
    }

    #[test]
    fn text_tables_align_and_never_panic_on_width() {
        let mut t = Rows::new(["A", "B"]);
        t.push(["x".repeat(100_000), "y".to_string()]);
        t.push(["z", "w"]);
        let text = t.to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], format!("A{}B", " ".repeat(61)));
        assert!(lines[2].starts_with("z  "));
    }
}
