//! Service tables: the header, the body rows, the service column, the authorization columns,
//! and the names each row gives.

use std::collections::BTreeMap;

use crate::docx::body::{Block, Cell, Paragraph, Table};
use crate::docx::outline::fold_title;
use crate::scope::extract::cells::{is_name_like, mark_value, split_listed};
use crate::scope::extract::{Extracted, Extraction, Layout, Standing, list_services, push_lines};

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

fn looks_like_header(cells: &[&str]) -> bool {
    let non_empty: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    !non_empty.is_empty()
        && non_empty.iter().all(|c| c.chars().count() <= 40)
        && non_empty.iter().any(|c| {
            let f = c.to_lowercase();
            HEADER_HINTS.iter().any(|h| f.contains(h))
        })
}

/// The text of a cell as the extractor reads it: its paragraphs' lines, joined by newlines.
fn own_text(cell: &Cell) -> String {
    let mut text = String::new();
    for p in cell.blocks.iter().filter_map(Block::as_paragraph) {
        push_lines(&mut text, p.text());
    }
    text
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

/// The most authorization columns read from one table (real tables have two to six).
const MAX_MARK_COLUMNS: usize = 16;

/// The rows and columns of a service table, as the extractor reads them. Sparse: each cell's
/// text is computed once and found by its grid column, so that every pass below costs time in
/// proportion to the cells, however the rows' widths differ.
struct Grid<'t> {
    table: &'t Table,
    /// The grid width (the widest row).
    cols: usize,
    /// Each cell's own text, in the order of `table.rows[r].cells`.
    own: Vec<Vec<String>>,
}

impl<'t> Grid<'t> {
    fn new(table: &'t Table) -> Grid<'t> {
        let own = table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(own_text).collect())
            .collect();
        Grid {
            table,
            cols: table.columns(),
            own,
        }
    }

    /// The text shown at (`r`, `column`): the covering cell's, a vertical-merge continuation
    /// showing the text of the cell that starts the merge.
    fn text_at(&self, r: usize, column: usize) -> &str {
        let Some((cell, i)) = self.covering(r, column) else {
            return "";
        };
        let (r, i) = match cell.merged_from {
            Some(origin) => match self.covering(origin, column) {
                Some((_, j)) => (origin, j),
                None => return "",
            },
            None => (r, i),
        };
        self.own
            .get(r)
            .and_then(|texts| texts.get(i))
            .map_or("", String::as_str)
    }

    /// The cell of row `r` covering `column`, and its index in the row.
    fn covering(&self, r: usize, column: usize) -> Option<(&'t Cell, usize)> {
        let cells = &self.table.rows.get(r)?.cells;
        let i = cells
            .partition_point(|c| c.column <= column)
            .checked_sub(1)?;
        let cell = cells.get(i)?;
        (column < cell.column.saturating_add(cell.span)).then_some((cell, i))
    }

    /// The cells of row `r`: their first grid column and the text shown there.
    fn row(&self, r: usize) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.table
            .rows
            .get(r)
            .into_iter()
            .flat_map(|row| row.cells.iter())
            .map(move |c| (c.column, self.text_at(r, c.column)))
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

    fn looks_like_header(&self, r: usize) -> bool {
        let texts: Vec<&str> = self.row(r).map(|(_, t)| t).collect();
        looks_like_header(&texts)
    }

    /// The header row (the first one) and which rows are header rows: rows marked as
    /// repeating, or a first row of short header words.
    fn header(&self) -> (Option<usize>, Vec<bool>) {
        let mut header: Option<usize> = None;
        let mut is_header = vec![false; self.table.rows.len()];
        for (r, row) in self.table.rows.iter().enumerate() {
            if self.is_caption(r) {
                continue;
            }
            if row.is_header || (header.is_none() && self.looks_like_header(r)) {
                header.get_or_insert(r);
                if let Some(h) = is_header.get_mut(r) {
                    *h = true;
                }
                continue;
            }
            break;
        }
        (header, is_header)
    }

    /// Body rows: not header rows (also repeated ones), captions or empty rows.
    fn body(&self, header: Option<usize>, is_header: &[bool]) -> Vec<usize> {
        let header_texts: Option<Vec<&str>> = header.map(|h| self.row(h).map(|(_, t)| t).collect());
        (0..self.table.rows.len())
            .filter(|r| !is_header.get(*r).copied().unwrap_or(false) && !self.is_caption(*r))
            .filter(|r| self.row(*r).any(|(_, t)| !t.is_empty()))
            .filter(|r| {
                header_texts
                    .as_ref()
                    .is_none_or(|h| !self.row(*r).map(|(_, t)| t).eq(h.iter().copied()))
            })
            .collect()
    }

    /// The non-empty values of the body rows, by the grid column where their cell starts.
    fn columns(&self, body: &[usize]) -> BTreeMap<usize, Vec<&str>> {
        let mut columns: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for &r in body {
            for (c, text) in self.row(r) {
                if !text.is_empty() {
                    columns.entry(c).or_default().push(text);
                }
            }
        }
        columns
    }

    /// The name column: by header; else the name-like column naming the most distinct
    /// services (so that row labels such as "GCC" / "GCC High" or repeated categories lose to
    /// the names beside them), leftmost on a tie.
    fn name_column(
        &self,
        header: Option<usize>,
        columns: &BTreeMap<usize, Vec<&str>>,
    ) -> Option<usize> {
        let by_header = header.and_then(|h| {
            let cells: Vec<(usize, &str)> = self.row(h).collect();
            let best = cells
                .iter()
                .map(|(_, t)| header_score(t))
                .max()
                .filter(|s| *s > 0)?;
            cells
                .iter()
                .find(|(_, t)| header_score(t) == best)
                .map(|(c, _)| *c)
        });
        by_header.or_else(|| {
            let mut best: Option<(usize, usize)> = None;
            for (&c, values) in columns {
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
    /// with at least one mark (the first [`MAX_MARK_COLUMNS`]).
    fn mark_columns(
        &self,
        header: Option<usize>,
        columns: &BTreeMap<usize, Vec<&str>>,
        name: usize,
    ) -> Vec<MarkColumn> {
        columns
            .iter()
            .filter(|(c, _)| **c != name)
            .filter_map(|(&c, values)| {
                let marks: Vec<Option<bool>> = values.iter().map(|v| mark_value(v)).collect();
                if !marks.contains(&Some(true)) || marks.contains(&None) {
                    return None;
                }
                let header = header
                    .map(|h| self.text_at(h, c))
                    .filter(|h| !h.is_empty())
                    .map_or_else(|| format!("column {}", c + 1), str::to_string);
                Some(MarkColumn {
                    column: c,
                    fedramp: names_fedramp(&header),
                    planned: fold_title(&header).starts_with("planned"),
                    header,
                })
            })
            .take(MAX_MARK_COLUMNS)
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
    let (header, is_header) = grid.header();
    let body = grid.body(header, &is_header);
    let columns = grid.columns(&body);
    let Some(column) = grid.name_column(header, &columns) else {
        return;
    };
    let mark_columns = grid.mark_columns(header, &columns, column);
    let mut out = Vec::new();
    for r in body {
        let Some(cell) = grid
            .table
            .rows
            .get(r)
            .and_then(|row| row.cell_covering(column))
        else {
            continue;
        };
        if cell.merged_from.is_some() {
            continue;
        }
        let marks: Vec<(String, bool)> = mark_columns
            .iter()
            .map(|m| {
                (
                    m.header.clone(),
                    mark_value(grid.text_at(r, m.column)) == Some(true),
                )
            })
            .collect();
        let standing = standing(&mark_columns, &marks);
        out.extend(
            cell_entries(cell, grid.text_at(r, column), into)
                .into_iter()
                .map(|e| Extracted {
                    layout: Layout::Table,
                    marks: marks.clone(),
                    standing,
                    ..e
                }),
        );
    }
    into.services.extend(out);
}

/// The names of a service cell: one per item when it holds a list; otherwise its text, split
/// where it enumerates several names (what is not name-like is noted as skipped).
fn cell_entries(cell: &Cell, text: &str, into: &mut Extraction) -> Vec<Extracted> {
    let paragraphs: Vec<&Paragraph> = cell.blocks.iter().filter_map(Block::as_paragraph).collect();
    let listed = list_services(paragraphs.iter().copied());
    if listed.len() > 1 {
        return listed;
    }
    let (names, other): (Vec<String>, Vec<String>) = split_listed(text)
        .into_iter()
        .partition(|t| is_name_like(t));
    into.skipped
        .extend(other.into_iter().filter(|t| mark_value(t) != Some(false)));
    names
        .into_iter()
        .map(|t| Extracted::new(t, Layout::Table))
        .collect()
}
