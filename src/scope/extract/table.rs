//! Service tables: the header, the body rows, the service column, the authorization columns,
//! and the names each row gives.

use crate::docx::body::{Block, Paragraph, Table};
use crate::docx::outline::fold_title;
use crate::scope::extract::cells::{is_name_like, mark_value, split_listed};
use crate::scope::extract::{Extracted, Extraction, Layout, Standing, lines_of, list_services};

/// Header words that name the service column, by strength.
fn header_score(text: &str) -> u8 {
    let f = fold_title(text);
    if f.is_empty() {
        return 0;
    }
    const STRONG: [&str; 14] = [
        "service",
        "services",
        "servicename",
        "servicenames",
        "offeringname",
        "nameofservice",
        "azureservice",
        "azureservices",
        "cloudservice",
        "cloudservices",
        "inscopeservices",
        "office365service",
        "microsoftservice",
        "productname",
    ];
    const AVOID: [&str; 11] = [
        "description",
        "category",
        "type",
        "model",
        "status",
        "id",
        "number",
        "count",
        "date",
        "applicability",
        "environment",
    ];
    if STRONG.contains(&f.as_str()) {
        3
    } else if (f.contains("service") || f.contains("offering") || f.contains("product"))
        && !AVOID.iter().any(|a| f.contains(a))
    {
        2
    } else if matches!(
        f.as_str(),
        "name" | "names" | "feature" | "features" | "capability" | "application"
    ) {
        1
    } else {
        0
    }
}

const HEADER_HINTS: [&str; 15] = [
    "service",
    "offering",
    "name",
    "description",
    "category",
    "no",
    "#",
    "fedramp",
    "moderate",
    "high",
    "status",
    "type",
    "product",
    "impact",
    "applicability",
];

fn looks_like_header(cells: &[String]) -> bool {
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    !non_empty.is_empty()
        && non_empty.iter().all(|c| c.chars().count() <= 40)
        && non_empty.iter().any(|c| {
            let f = c.to_lowercase();
            HEADER_HINTS.iter().any(|h| f.contains(h))
        })
}

fn cell_text(t: &Table, row: usize, col: usize) -> String {
    t.cell_at(row, col)
        .map(|c| {
            let paragraphs: Vec<String> = c
                .blocks
                .iter()
                .filter_map(Block::as_paragraph)
                .map(|p| lines_of(p.text()))
                .filter(|l| !l.is_empty())
                .collect();
            paragraphs.join("\n")
        })
        .unwrap_or_default()
}

/// An authorization column: its header, and whether it is a FedRAMP or a "Planned" column.
struct MarkColumn {
    column: usize,
    header: String,
    fedramp: bool,
    planned: bool,
}

/// The header of an authorization column names FedRAMP ("FedRAMP High", "FedRAMP Moderate")
/// or is a FedRAMP impact level alone ("Moderate", "High", "Low", "LI-SaaS").
fn names_fedramp(header: &str) -> bool {
    let f = fold_title(header);
    f.contains("fedramp") || matches!(f.as_str(), "low" | "moderate" | "high" | "lisaas")
}

/// The rows and columns of a service table, as the extractor reads them.
struct Grid<'t> {
    table: &'t Table,
    cols: usize,
    rows: Vec<Vec<String>>,
}

impl<'t> Grid<'t> {
    fn new(table: &'t Table) -> Grid<'t> {
        let cols = table.columns();
        let rows = (0..table.rows.len())
            .map(|r| (0..cols).map(|c| cell_text(table, r, c)).collect())
            .collect();
        Grid { table, cols, rows }
    }

    /// A group caption: one cell spanning the whole width of a table of several columns.
    fn is_caption(&self, r: usize) -> bool {
        self.cols > 1
            && self
                .table
                .rows
                .get(r)
                .is_some_and(|row| row.cells.len() == 1 && row.width() >= self.cols)
    }

    /// The header (the first header row's texts) and the indices of the header rows: rows
    /// marked as repeating, or a first row of short header words.
    fn header(&self) -> (Option<Vec<String>>, Vec<usize>) {
        let mut header: Option<Vec<String>> = None;
        let mut header_rows = Vec::new();
        for (r, cells) in self.rows.iter().enumerate() {
            if self.is_caption(r) {
                continue;
            }
            let marked = self.table.rows.get(r).is_some_and(|row| row.is_header);
            if marked || (header.is_none() && header_rows.is_empty() && looks_like_header(cells)) {
                header.get_or_insert_with(|| cells.clone());
                header_rows.push(r);
                continue;
            }
            break;
        }
        (header, header_rows)
    }

    /// Body rows: not header rows (also repeated ones), captions or empty rows.
    fn body(&self, header: Option<&Vec<String>>, header_rows: &[usize]) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|r| !header_rows.contains(r) && !self.is_caption(*r))
            .filter(|r| {
                self.rows
                    .get(*r)
                    .is_some_and(|cells| cells.iter().any(|c| !c.is_empty()))
            })
            .filter(|r| header != self.rows.get(*r))
            .collect()
    }

    fn values(&self, body: &[usize], c: usize) -> Vec<&String> {
        body.iter()
            .filter_map(|r| self.rows.get(*r)?.get(c))
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The name column: by header; else the name-like column naming the most distinct
    /// services (so that row labels such as "GCC" / "GCC High" or repeated categories lose to
    /// the names beside them), leftmost on a tie.
    fn name_column(&self, header: Option<&Vec<String>>, body: &[usize]) -> Option<usize> {
        let by_header = header.and_then(|h| {
            let best = h.iter().map(|c| header_score(c)).max().filter(|s| *s > 0)?;
            h.iter().position(|c| header_score(c) == best)
        });
        by_header.or_else(|| {
            let mut best: Option<(usize, usize)> = None;
            for c in 0..self.cols {
                let values = self.values(body, c);
                let name_like = values.iter().filter(|v| is_name_like(v)).count();
                if values.is_empty() || name_like * 10 < values.len() * 6 {
                    continue;
                }
                let mut distinct: Vec<String> =
                    values.iter().flat_map(|v| split_listed(v)).collect();
                distinct.sort();
                distinct.dedup();
                if best.is_none_or(|(_, n)| distinct.len() > n) {
                    best = Some((c, distinct.len()));
                }
            }
            best.map(|(c, _)| c)
        })
    }

    /// The authorization columns: every other column whose values are all marks or empty,
    /// with at least one mark.
    fn mark_columns(
        &self,
        header: Option<&Vec<String>>,
        body: &[usize],
        name: usize,
    ) -> Vec<MarkColumn> {
        (0..self.cols)
            .filter(|c| *c != name)
            .filter_map(|c| {
                let values = self.values(body, c);
                let marks: Vec<Option<bool>> = values.iter().map(|v| mark_value(v)).collect();
                if !marks.contains(&Some(true)) || marks.contains(&None) {
                    return None;
                }
                let header = header
                    .and_then(|h| h.get(c))
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", c + 1));
                Some(MarkColumn {
                    column: c,
                    fedramp: names_fedramp(&header),
                    planned: fold_title(&header).starts_with("planned"),
                    header,
                })
            })
            .collect()
    }
}

/// What the marks of one row say, given the table's authorization columns.
fn standing(columns: &[MarkColumn], marks: &[(String, bool)]) -> Standing {
    let marked = |pick: &dyn Fn(&MarkColumn) -> bool| {
        columns.iter().zip(marks).any(|(c, (_, m))| *m && pick(c))
    };
    let fedramp = columns.iter().any(|c| c.fedramp);
    if marked(&|c| c.fedramp) {
        Standing::Authorized
    } else if marked(&|c| c.planned) && !marked(&|c| !c.planned) {
        Standing::Planned
    } else if fedramp {
        Standing::NotAuthorized
    } else {
        Standing::Authorized
    }
}

pub(super) fn table_services(t: &Table, depth: usize, out: &mut Extraction) {
    let before = out.services.len();
    grid_services(&Grid::new(t), out);
    if out.services.len() > before || depth >= 4 {
        return;
    }
    // A layout table wrapping the service table: read the tables inside its cells.
    for inner in t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .flat_map(|c| c.blocks.iter().filter_map(Block::as_table))
    {
        table_services(inner, depth + 1, out);
    }
}

fn grid_services(grid: &Grid<'_>, into: &mut Extraction) {
    if grid.cols == 0 {
        return;
    }
    let (header, header_rows) = grid.header();
    let body = grid.body(header.as_ref(), &header_rows);
    let Some(column) = grid.name_column(header.as_ref(), &body) else {
        return;
    };
    let mark_columns = grid.mark_columns(header.as_ref(), &body, column);
    let mut out = Vec::new();
    for r in body {
        let Some(row) = grid.table.rows.get(r) else {
            continue;
        };
        let Some(cell) = row.cell_covering(column) else {
            continue;
        };
        if cell.merged_from.is_some() {
            continue;
        }
        let cells = grid.rows.get(r);
        let marks: Vec<(String, bool)> = mark_columns
            .iter()
            .map(|m| {
                let v = cells
                    .and_then(|c| c.get(m.column))
                    .map_or("", String::as_str);
                (m.header.clone(), mark_value(v) == Some(true))
            })
            .collect();
        let standing = standing(&mark_columns, &marks);
        // A cell holding a list gives one service per item; otherwise its text, split where it
        // enumerates several names.
        let paragraphs: Vec<&Paragraph> =
            cell.blocks.iter().filter_map(Block::as_paragraph).collect();
        let listed = list_services(paragraphs.iter().copied());
        let entries = if listed.len() > 1 {
            listed
        } else {
            let text = cells
                .and_then(|c| c.get(column))
                .cloned()
                .unwrap_or_default();
            let (names, other): (Vec<String>, Vec<String>) = split_listed(&text)
                .into_iter()
                .partition(|t| is_name_like(t));
            into.skipped
                .extend(other.into_iter().filter(|t| mark_value(t) != Some(false)));
            names
                .into_iter()
                .map(|t| Extracted::new(t, Layout::Table))
                .collect()
        };
        out.extend(entries.into_iter().map(|e| Extracted {
            layout: Layout::Table,
            marks: marks.clone(),
            standing,
            ..e
        }));
    }
    into.services.extend(out);
}
