//! Vertical merges (`w:vMerge`): each continuation cell linked to the cell that holds the
//! content.

use crate::docx::body::model::Table;

/// Links each vertical-merge continuation to the row of the cell that starts the merge.
pub(super) fn resolve_vertical_merges(table: &mut Table) {
    let rows = table.rows.len();
    for r in 0..rows {
        let continuations: Vec<(usize, usize)> = table
            .rows
            .get(r)
            .map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.merged_from.is_some())
                    .map(|(i, c)| (i, c.column))
                    .collect()
            })
            .unwrap_or_default();
        for (index, column) in continuations {
            // The origin is the nearest row above whose cell at this column is not itself a
            // continuation.
            let origin = (0..r).rev().find(|&above| {
                table
                    .rows
                    .get(above)
                    .and_then(|row| row.cell_covering(column))
                    .is_some_and(|c| c.merged_from.is_none())
            });
            if let Some(cell) = table
                .rows
                .get_mut(r)
                .and_then(|row| row.cells.get_mut(index))
            {
                cell.merged_from = origin;
            }
            if let Some(o) = origin
                && let Some(c) = table
                    .rows
                    .get_mut(o)
                    .and_then(|row| row.cells.iter_mut().find(|c| c.column == column))
            {
                c.row_span += 1;
            }
        }
    }
}
