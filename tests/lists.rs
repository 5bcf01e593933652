//! Lists from Excel and Windows (issue 12): the 2020 ISMAP list as a workbook (.xlsx, .xlsm,
//! .xls, .ods, made by LibreOffice from a CSV with a Japanese header), as CP932 CSV and as
//! UTF-16 text reads the same names as the UTF-8 text list, and checks the same; a workbook
//! whose list is on its second sheet under a merged title row; the errors of a list that is no
//! list, a protected workbook, a sheet or column that is not there.

mod common;

use fedramp_ssp::{
    CheckStatus, DocumentScope, ErrorKind, IsmapScope, ListReader, Listed, Renames, check_list,
};

const TEXT: &str = "lists/ismap-azure-1-2020.txt";

fn read(rel: &str) -> Vec<Listed> {
    ListReader::new()
        .read(common::fixture(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn names(list: &[Listed]) -> Vec<&str> {
    list.iter().map(|l| l.name.as_str()).collect()
}

fn statuses(list: &[Listed]) -> Vec<(String, CheckStatus)> {
    let scope = DocumentScope::read(common::fixture("msdocs/azure-2023-06.docx"))
        .unwrap_or_else(|e| panic!("{e}"));
    let ismap = IsmapScope::from_scopes([&scope]);
    check_list(&ismap, list, Renames::builtin())
        .into_iter()
        .map(|e| (e.listed, e.status))
        .collect()
}

#[test]
fn every_format_reads_the_names_of_the_text_list_and_checks_the_same() {
    let text = read(TEXT);
    assert!(text.len() > 50, "{} names", text.len());
    let expected = statuses(&text);
    for rel in [
        "lists/ismap-azure-1-2020.xlsx",
        "lists/ismap-azure-1-2020.xlsm",
        "lists/ismap-azure-1-2020.xls",
        "lists/ismap-azure-1-2020.ods",
        "lists/ismap-azure-1-2020.cp932.csv",
        "lists/ismap-azure-1-2020.utf16.txt",
    ] {
        let list = read(rel);
        assert_eq!(names(&list), names(&text), "{rel}");
        assert_eq!(statuses(&list), expected, "{rel}");
    }
}

#[test]
fn workbook_lines_are_sheet_rows_under_the_header() {
    // Row 1 is the header (No., サービス名, 説明): the first name is on row 2.
    let list = read("lists/ismap-azure-1-2020.xlsx");
    assert_eq!(list.first().map(|l| l.line), Some(2));
    // The UTF-16 text has no header: its first name is on line 1.
    let list = read("lists/ismap-azure-1-2020.utf16.txt");
    assert_eq!(list.first().map(|l| l.line), Some(1));
}

#[test]
fn a_list_on_the_second_sheet_under_a_merged_title_row() {
    // Sheet 表紙 has no service column: the first sheet that has one is read. Its rows: a
    // title merged over A1:C1, an empty row, the header on row 3; row 9's name cell is empty
    // (skipped); row 15 is hidden and names "Hidden Row Service" (read: a hidden row is still
    // on the list).
    let text = read(TEXT);
    let list = read("lists/ismap-azure-1-2020.second-sheet.xlsx");
    let mut want: Vec<&str> = names(&text);
    want.insert(10, "Hidden Row Service");
    assert_eq!(names(&list), want);
    assert_eq!(list.first().map(|l| l.line), Some(4));
    assert!(
        list.iter().all(|l| l.line != 9),
        "the empty cell is skipped"
    );
    assert_eq!(
        list.iter()
            .find(|l| l.name == "Hidden Row Service")
            .map(|l| l.line),
        Some(15)
    );
    // The same sheet named explicitly.
    let named = ListReader::new()
        .sheet("対象サービス")
        .read(common::fixture(
            "lists/ismap-azure-1-2020.second-sheet.xlsx",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&named), want);
}

fn error_of(reader: ListReader, rel: &str) -> fedramp_ssp::Error {
    match reader.read(common::fixture(rel)) {
        Ok(list) => panic!("{rel}: read {} names, expected an error", list.len()),
        Err(e) => e,
    }
}

#[test]
fn lists_that_are_not_lists_are_one_line_errors_naming_what_there_is() {
    let e = error_of(ListReader::new(), "lists/not-a-workbook.xlsx");
    assert_eq!(e.kind(), ErrorKind::NotAList, "{e}");
    assert!(e.to_string().contains("PNG"), "{e}");

    let e = error_of(ListReader::new(), "lists/protected.xlsx");
    assert_eq!(e.kind(), ErrorKind::ProtectedWorkbook, "{e}");

    // The SSP given as the list (the two swapped): said so, not calamine's complaint about
    // a workbook without its parts.
    let e = error_of(ListReader::new(), "samples/azure-ssp.docx");
    assert_eq!(e.kind(), ErrorKind::WordDocumentAsList, "{e}");
    assert!(e.to_string().contains("not swapped"), "{e}");

    let e = error_of(
        ListReader::new().sheet("Services"),
        "lists/ismap-azure-1-2020.second-sheet.xlsx",
    );
    assert_eq!(e.kind(), ErrorKind::NoSuchSheet, "{e}");
    common::assert_mentions(&e, &["表紙", "対象サービス"]);

    let e = error_of(
        ListReader::new().column("Product"),
        "lists/ismap-azure-1-2020.xlsx",
    );
    assert_eq!(e.kind(), ErrorKind::NoSuchColumn, "{e}");
    common::assert_mentions(&e, &["サービス名", "説明"]);

    for e in [
        error_of(ListReader::new(), "lists/not-a-workbook.xlsx"),
        error_of(ListReader::new(), "lists/protected.xlsx"),
    ] {
        for lang in fedramp_ssp::Lang::all() {
            assert!(!e.message(lang).contains('\n'), "{e}");
        }
    }
}

#[test]
fn an_encoding_can_be_given_and_a_wrong_one_is_an_error() {
    let list = ListReader::new()
        .encoding("cp932")
        .and_then(|r| r.read(common::fixture("lists/ismap-azure-1-2020.cp932.csv")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&list), names(&read(TEXT)));
    let e = ListReader::new().encoding("klingon").err();
    assert_eq!(e.map(|e| e.kind()), Some(ErrorKind::InvalidOption));
}
