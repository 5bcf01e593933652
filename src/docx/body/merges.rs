//! Vertical merges (`w:vMerge`): each continuation cell linked to the cell that holds the
//! content.

use std::collections::BTreeMap;

use crate::docx::body::model::Table;

/// Links each vertical-merge continuation to the row of the cell that starts the merge: the
/// nearest row above whose cell covering the continuation's column is not itself a
/// continuation. One pass over the rows, keeping which row last held content in each run of
/// grid columns, so that a chain of any length costs a logarithmic look-up per cell, however
/// wide the cells.
pub(super) fn resolve_vertical_merges(table: &mut Table) {
    let mut content = ContentRows::default();
    let mut origins: Vec<(usize, usize)> = Vec::new();
    for (r, row) in table.rows.iter_mut().enumerate() {
        for cell in &mut row.cells {
            if cell.merged_from.is_some() {
                cell.merged_from = content.row_at(cell.column);
                if let Some(origin) = cell.merged_from {
                    origins.push((origin, cell.column));
                }
            } else {
                content.cover(cell.column, cell.column.saturating_add(cell.span), r);
            }
        }
    }
    for (origin, column) in origins {
        if let Some(row) = table.rows.get_mut(origin) {
            let at = row.cells.partition_point(|c| c.column < column);
            if let Some(c) = row.cells.get_mut(at).filter(|c| c.column == column) {
                c.row_span += 1;
            }
        }
    }
}

/// Disjoint runs of grid columns `[start, end)`, each with the last row whose cell there held
/// content: keyed by start.
#[derive(Default)]
struct ContentRows(BTreeMap<usize, (usize, usize)>);

impl ContentRows {
    /// The row that last held content at `column`.
    fn row_at(&self, column: usize) -> Option<usize> {
        let (_, &(end, row)) = self.0.range(..=column).next_back()?;
        (column < end).then_some(row)
    }

    /// Row `row` holds content in columns `[start, end)`: the runs it overlaps are cut back.
    /// Each run is added once and removed once, and an insertion splits at most two.
    fn cover(&mut self, start: usize, end: usize, row: usize) {
        if let Some((&s, &(e, r))) = self.0.range(..start).next_back()
            && e > start
        {
            self.0.insert(s, (start, r));
            if e > end {
                self.0.insert(end, (e, r));
            }
        }
        let inside: Vec<usize> = self.0.range(start..end).map(|(k, _)| *k).collect();
        for k in inside {
            if let Some((e, r)) = self.0.remove(&k)
                && e > end
            {
                self.0.insert(end, (e, r));
            }
        }
        self.0.insert(start, (end, row));
    }
}

#[cfg(test)]
mod tests {
    use super::ContentRows;

    #[test]
    fn runs_of_columns_are_cut_back_by_later_rows() {
        let mut rows = ContentRows::default();
        rows.cover(0, 10, 0);
        rows.cover(3, 5, 1);
        assert_eq!(rows.row_at(2), Some(0));
        assert_eq!(rows.row_at(3), Some(1));
        assert_eq!(rows.row_at(4), Some(1));
        assert_eq!(rows.row_at(5), Some(0));
        assert_eq!(rows.row_at(10), None);
        rows.cover(0, 20, 2);
        assert_eq!(
            (rows.row_at(0), rows.row_at(4), rows.row_at(19)),
            (Some(2), Some(2), Some(2))
        );
        assert_eq!(rows.0.len(), 1);
    }
}
