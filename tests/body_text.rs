//! Body text of `fixtures/outline/quirks.docx`, one test per quirk, against
//! `fixtures/outline/quirks.expected.md` (the accepted-changes view Word shows with "No Markup").
//!
//! Each labelled paragraph is found by the prefix of its text ("Q01:", "T1:"), each table as the
//! block right after its "Tn:" intro paragraph.

mod common;

use common::fixture;
use fedramp_ssp::{Block, Cell, Document, Paragraph, Table};

const QUIRKS: &str = "outline/quirks.docx";

/// The top-level blocks of quirks.docx, read to the end.
fn blocks() -> Vec<Block> {
    let mut doc = match Document::open(fixture(QUIRKS)) {
        Ok(doc) => doc,
        Err(e) => panic!("{QUIRKS}: {e}"),
    };
    let iter = match doc.blocks() {
        Ok(iter) => iter,
        Err(e) => panic!("{QUIRKS}: {e}"),
    };
    let mut out = Vec::new();
    for block in iter {
        match block {
            Ok(b) => out.push(b),
            Err(e) => panic!("{QUIRKS}: block {}: {e}", out.len()),
        }
    }
    out
}

/// The only top-level paragraph whose text starts with `prefix`.
fn paragraph(blocks: &[Block], prefix: &str) -> Paragraph {
    let found: Vec<&Paragraph> = blocks
        .iter()
        .filter_map(Block::as_paragraph)
        .filter(|p| p.text().starts_with(prefix))
        .collect();
    match found.as_slice() {
        [p] => (*p).clone(),
        _ => panic!(
            "expected exactly one paragraph starting with {prefix:?}, found {}: {:?}",
            found.len(),
            found.iter().map(|p| p.text()).collect::<Vec<_>>()
        ),
    }
}

/// Asserts the exact text of the paragraph labelled `prefix`.
fn assert_text(prefix: &str, expected: &str) {
    let blocks = blocks();
    let p = paragraph(&blocks, prefix);
    assert_eq!(p.text(), expected, "text of {prefix}");
    // Body paragraphs of the fixture are plain "Normal" paragraphs.
    assert!(!p.is_heading(), "{prefix} is not a heading");
    assert!(!p.is_toc_entry(), "{prefix} is not a TOC entry");
    assert!(p.label().is_none(), "{prefix} has no list label");
}

/// The table right after the intro paragraph starting with `intro` (e.g. "T1:").
fn table_after(blocks: &[Block], intro: &str) -> Table {
    let index = blocks.iter().position(|b| {
        b.as_paragraph()
            .is_some_and(|p| p.text().starts_with(intro))
    });
    let Some(index) = index else {
        panic!("no paragraph starting with {intro:?}");
    };
    match blocks.get(index + 1) {
        Some(Block::Table(t)) => t.clone(),
        other => panic!("the block after {intro:?} is not a table: {other:?}"),
    }
}

/// The texts of each row's cells.
fn cell_texts(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(Cell::text).collect())
        .collect()
}

fn texts(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn all_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(Block::text)
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Title, table of contents, headings

#[test]
fn title_is_a_plain_paragraph() {
    let blocks = blocks();
    let first = blocks.first().and_then(Block::as_paragraph);
    let Some(title) = first else {
        panic!("the first block is not a paragraph: {:?}", blocks.first());
    };
    assert_eq!(title.text(), "Quirks Fixture System Security Plan");
    assert_eq!(title.style_name(), Some("Title"));
    assert!(!title.is_heading());
    assert!(!title.is_toc_entry());
}

#[test]
fn toc_heading_is_not_a_heading() {
    let blocks = blocks();
    let p = paragraph(&blocks, "Table of Contents");
    assert_eq!(p.text(), "Table of Contents");
    // Style TOCHeading: outline level 9 (body text) and numId 0, inside the TOC content control.
    assert!(!p.is_heading());
    assert!(
        p.label().is_none(),
        "numbering switched off: {:?}",
        p.label()
    );
}

#[test]
fn toc_entries_are_toc_entries_not_headings() {
    let blocks = blocks();
    let expected = [
        ("9.\t", "9.\tGeneral System Description\t3", "toc 1"),
        ("9.1.\t", "9.1.\tSystem Function or Purpose\t3", "toc 2"),
        (
            "9.2.\t",
            "9.2.\tInformation System Components and Boundaries\t4",
            "toc 2",
        ),
        (
            "9.2.1.\t",
            "9.2.1.\tInfrastructure and Platforms as a Service Offerings\t4",
            "toc 3",
        ),
        (
            "9.2.2.\t",
            "9.2.2.\tSoftware as a Service Offerings\t5",
            "toc 3",
        ),
    ];
    for (prefix, text, style) in expected {
        let p = paragraph(&blocks, prefix);
        assert_eq!(p.text(), text);
        assert!(p.is_toc_entry(), "{text:?} is a TOC entry");
        assert!(!p.is_heading(), "{text:?} is not a heading");
        assert_eq!(
            p.style_name().map(str::to_ascii_lowercase).as_deref(),
            Some(style),
            "style of {text:?}"
        );
    }
    let toc: Vec<&str> = blocks
        .iter()
        .filter_map(Block::as_paragraph)
        .filter(|p| p.is_toc_entry())
        .map(Paragraph::text)
        .filter(|t| *t != "Table of Contents")
        .collect();
    assert_eq!(toc.len(), 5, "TOC entries: {toc:?}");
}

#[test]
fn headings_are_headings_with_automatic_numbers() {
    let blocks = blocks();
    let headings: Vec<(String, String, Option<u8>)> = blocks
        .iter()
        .filter_map(Block::as_paragraph)
        .filter(|p| p.is_heading())
        .map(|p| {
            (
                p.label().map(|l| l.text.clone()).unwrap_or_default(),
                p.text().to_string(),
                p.outline_level(),
            )
        })
        .collect();
    let expected = [
        ("9.", "General System Description", 0),
        // Split over three runs with a bookmark inside a word.
        ("9.1.", "System Function or Purpose", 1),
        ("9.2.", "Information System Components and Boundaries", 1),
        // Split mid-word ("Plat" + "forms").
        (
            "9.2.1.",
            "Infrastructure and Platforms as a Service Offerings",
            2,
        ),
        // Holds a w:del "Cloud ", dropped.
        ("9.2.2.", "Software as a Service Offerings", 2),
    ];
    let expected: Vec<(String, String, Option<u8>)> = expected
        .iter()
        .map(|(l, t, lvl)| (l.to_string(), t.to_string(), Some(*lvl)))
        .collect();
    assert_eq!(headings, expected);
    for p in blocks.iter().filter_map(Block::as_paragraph) {
        if p.is_heading() {
            assert!(!p.is_toc_entry(), "{:?}", p.text());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Labelled paragraphs

#[test]
fn q01_word_split_across_runs() {
    assert_text(
        "Q01:",
        "Q01: The platform runs Kubernetes clusters in three regions.",
    );
}

#[test]
fn q02_insertion_kept() {
    assert_text("Q02:", "Q02: Data is encrypted at rest and in transit.");
}

#[test]
fn q03_deletion_dropped() {
    assert_text("Q03:", "Q03: Backups are tested monthly.");
}

#[test]
fn q04a_move_source_dropped() {
    assert_text("Q04a:", "Q04a: Scans run weekly.");
}

#[test]
fn q04b_move_destination_kept() {
    assert_text(
        "Q04b:",
        "Q04b: Logs are reviewed daily. Alerts go to the SOC.",
    );
}

#[test]
fn q05_complex_field_result_kept_instruction_dropped() {
    assert_text("Q05:", "Q05: See the FedRAMP website for templates.");
}

#[test]
fn q06_bookmark_around_runs() {
    assert_text("Q06:", "Q06: System name: Example Cloud Service.");
}

#[test]
fn q07_simple_field_result_kept() {
    assert_text(
        "Q07:",
        "Q07: The Example Cloud Service is hosted in the US.",
    );
}

#[test]
fn q08_external_hyperlink_runs_kept() {
    assert_text("Q08:", "Q08: See the FedRAMP Marketplace for details.");
}

#[test]
fn q09_run_level_content_control_kept() {
    assert_text(
        "Q09:",
        "Q09: Authorizing official: Jane Doe (content control around runs).",
    );
}

#[test]
fn q10_block_level_content_control_paragraphs_are_top_level() {
    assert_text(
        "Q10a:",
        "Q10a: First paragraph inside a block content control.",
    );
    assert_text(
        "Q10b:",
        "Q10b: Second paragraph inside a block content control.",
    );
    let blocks = blocks();
    let a = blocks
        .iter()
        .position(|b| b.text().starts_with("Q10a:"))
        .unwrap_or(usize::MAX);
    let b = blocks
        .iter()
        .position(|b| b.text().starts_with("Q10b:"))
        .unwrap_or(usize::MAX);
    assert_eq!(b, a + 1, "Q10a and Q10b are consecutive top-level blocks");
}

#[test]
fn q11_smart_tag_kept() {
    assert_text("Q11:", "Q11: The primary site is in Washington, DC.");
}

#[test]
fn q12_run_level_custom_xml_kept() {
    assert_text("Q12:", "Q12: Impact level is Moderate.");
}

#[test]
fn q13_block_level_custom_xml_kept() {
    assert_text("Q13:", "Q13: Paragraph inside block-level custom XML.");
}

#[test]
fn q14_alternate_content_choice_only() {
    assert_text("Q14:", "Q14: Before choice text after.");
    assert!(!all_text(&blocks()).contains("fallback text"));
}

#[test]
fn q15_tab_break_carriage_return() {
    assert_text("Q15:", "Q15: Column A\tColumn B\nLine two\nLine three");
}

#[test]
fn q16_no_break_hyphen_and_soft_hyphen() {
    assert_text("Q16:", "Q16: FIPS-140 validated modules.");
}

#[test]
fn q17_symbols_mapped_to_unicode() {
    // Symbol F0B7 → U+2022 BULLET; Wingdings F0FC → U+2713 CHECK MARK (our mapping:
    // quirks.expected.md gives U+2714 HEAVY CHECK MARK, Unicode's Wingdings mapping, and names
    // U+2713 as the common alternative); Segoe UI Symbol 2713 is already Unicode → U+2713.
    assert_text(
        "Q17:",
        "Q17: Bullet \u{2022} check \u{2713} unicode \u{2713} end.",
    );
}

#[test]
fn q18_footnote_reference_mark_not_in_text() {
    assert_text(
        "Q18:",
        "Q18: Encryption uses validated modules. Footnote above.",
    );
    // Neither the note mark nor the note body is body text.
    assert!(!all_text(&blocks()).contains("See the NIST CMVP"));
}

#[test]
fn q19_endnote_reference_mark_not_in_text() {
    assert_text("Q19:", "Q19: Controls follow the baseline. Endnote above.");
    assert!(!all_text(&blocks()).contains("FedRAMP Rev. 5 baseline"));
}

#[test]
fn q20_hidden_text_dropped() {
    assert_text("Q20:", "Q20: Visible start visible end.");
    assert!(!all_text(&blocks()).contains("SECRET"));
}

#[test]
fn q21_last_paragraph_is_last_block() {
    assert_text("Q21:", "Q21: Last paragraph.");
    let blocks = blocks();
    assert_eq!(
        blocks.last().map(Block::text).as_deref(),
        Some("Q21: Last paragraph.")
    );
}

#[test]
fn no_deleted_or_field_code_text_anywhere() {
    let text = all_text(&blocks());
    for absent in [
        "not ",
        "Deleted",
        "Cloud Service Offerings",
        "HYPERLINK",
        "PAGEREF",
        "TOC \\o",
        "REF SysName",
        "\u{F0B7}",
        "\u{F0FC}",
        "\u{AD}",
    ] {
        assert!(!text.contains(absent), "{absent:?} found in the body text");
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

#[test]
fn t1_deleted_row_is_absent() {
    let blocks = blocks();
    assert_eq!(
        paragraph(&blocks, "T1:").text(),
        "T1: Table with a tracked deleted row follows."
    );
    let t = table_after(&blocks, "T1:");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        cell_texts(&t),
        texts(&[
            &["T1 r1c1 Control", "T1 r1c2 Status"],
            &["T1 r3c1 AC-1", "T1 r3c2 Implemented"],
        ])
    );
    assert_eq!(t.columns(), 2);
}

#[test]
fn t2_row_and_cell_content_controls_keep_their_rows_and_cells() {
    let blocks = blocks();
    assert_eq!(
        paragraph(&blocks, "T2:").text(),
        "T2: Table with content controls around a row and around a cell follows."
    );
    let t = table_after(&blocks, "T2:");
    assert_eq!(
        cell_texts(&t),
        texts(&[
            &["T2 r1c1 Name", "T2 r1c2 Value"],
            &["T2 r2c1 Row in control", "T2 r2c2 Row value"],
            &["T2 r3c1 Plain cell", "T2 r3c2 Cell in control"],
        ])
    );
    for (r, row) in t.rows.iter().enumerate() {
        let columns: Vec<usize> = row.cells.iter().map(|c| c.column).collect();
        assert_eq!(columns, [0, 1], "grid columns of row {r}");
    }
}

#[test]
fn t3_merged_cells_resolve() {
    let blocks = blocks();
    assert_eq!(
        paragraph(&blocks, "T3:").text(),
        "T3: Table with merged cells follows."
    );
    let t = table_after(&blocks, "T3:");
    assert_eq!(
        cell_texts(&t),
        texts(&[
            &["T3 Control", "T3 Status"],
            &["T3 AC-2", "T3 Account Management", "T3 Implemented"],
            &["", "T3 AC-2 (1)", "T3 Planned"],
        ])
    );
    assert_eq!(t.columns(), 3);

    // Row 0: gridSpan 2, then one cell at grid column 2.
    let geometry = |r: usize| -> Vec<(usize, usize, usize, Option<usize>)> {
        t.rows[r]
            .cells
            .iter()
            .map(|c| (c.column, c.span, c.row_span, c.merged_from))
            .collect()
    };
    assert_eq!(geometry(0), [(0, 2, 1, None), (2, 1, 1, None)]);
    // Row 1: the vMerge restart covers rows 1-2.
    assert_eq!(
        geometry(1),
        [(0, 1, 2, None), (1, 1, 1, None), (2, 1, 1, None)]
    );
    // Row 2: the continuation points back at row 1.
    assert_eq!(
        geometry(2),
        [(0, 1, 1, Some(1)), (1, 1, 1, None), (2, 1, 1, None)]
    );

    let at = |r, c| t.cell_at(r, c).map(Cell::text);
    assert_eq!(at(0, 0).as_deref(), Some("T3 Control"));
    assert_eq!(at(0, 1).as_deref(), Some("T3 Control"), "horizontal span");
    assert_eq!(at(0, 2).as_deref(), Some("T3 Status"));
    assert_eq!(at(2, 0).as_deref(), Some("T3 AC-2"), "vertical merge");
    assert_eq!(at(2, 1).as_deref(), Some("T3 AC-2 (1)"));
    assert_eq!(at(2, 2).as_deref(), Some("T3 Planned"));
    assert_eq!(at(0, 3), None);
    assert_eq!(at(3, 0), None);
}

#[test]
fn t4_nested_table_is_a_block_inside_the_cell() {
    let blocks = blocks();
    assert_eq!(
        paragraph(&blocks, "T4:").text(),
        "T4: Table with a nested table follows."
    );
    let t = table_after(&blocks, "T4:");
    assert_eq!(t.rows.len(), 1);
    let row = &t.rows[0];
    assert_eq!(row.cells.len(), 2);
    assert_eq!(row.cells[0].text(), "T4 outer left");

    let right = &row.cells[1].blocks;
    assert_eq!(right.len(), 3, "paragraph, nested table, empty paragraph");
    assert_eq!(
        right[0].as_paragraph().map(Paragraph::text),
        Some("T4 outer right")
    );
    let Some(inner) = right[1].as_table() else {
        panic!(
            "the second block of the cell is not a table: {:?}",
            right[1]
        );
    };
    assert_eq!(
        cell_texts(inner),
        texts(&[&["T4 inner A"], &["T4 inner B"]])
    );
    assert_eq!(right[2].as_paragraph().map(Paragraph::text), Some(""));

    // The nested table is not also yielded as a top-level block.
    let top_level_inner = blocks
        .iter()
        .filter(|b| b.as_table().is_some() && b.text().starts_with("T4 inner"))
        .count();
    assert_eq!(top_level_inner, 0);
    // The nested table's paragraphs are not top-level paragraphs either.
    assert!(
        !blocks
            .iter()
            .filter_map(Block::as_paragraph)
            .any(|p| p.text().starts_with("T4 "))
    );
}

#[test]
fn block_sequence() {
    // Top-level order: every labelled paragraph and table once, in document order.
    let blocks = blocks();
    let kinds: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Table(_) => "table".to_string(),
            Block::Paragraph(p) => p
                .text()
                .split([':', '\t'])
                .next()
                .unwrap_or_default()
                .to_string(),
            _ => "other".to_string(),
        })
        .collect();
    let expected = [
        "Quirks Fixture System Security Plan",
        "Table of Contents",
        "9.",
        "9.1.",
        "9.2.",
        "9.2.1.",
        "9.2.2.",
        "General System Description",
        "Q01",
        "Q02",
        "Q03",
        "Q04a",
        "Q04b",
        "T1",
        "table",
        "System Function or Purpose",
        "Q05",
        "Q06",
        "Q07",
        "Q08",
        "Information System Components and Boundaries",
        "Q09",
        "Q10a",
        "Q10b",
        "T2",
        "table",
        "Q11",
        "Q12",
        "Q13",
        "Infrastructure and Platforms as a Service Offerings",
        "Q14",
        "Q15",
        "Q16",
        "Q17",
        "Software as a Service Offerings",
        "Q18",
        "Q19",
        "Q20",
        "T3",
        "table",
        "T4",
        "table",
        "Q21",
    ];
    assert_eq!(kinds, expected);
}
