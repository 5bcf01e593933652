//! The name rules on small python-docx SSPs (fixtures/rules/, made by
//! fixtures/make_samples/make_rules.py with their expected scope): the service column chosen
//! by its header over row labels, authorization and "Planned" columns and the many ways a mark
//! is written, enumerations inside one cell or list item (and the commas that belong to a
//! name), a section that states it lists nothing, and a section that lists nothing readable.

mod common;

use common::{assert_services_match, expect_kind, fixture, fixture_text, run_example, scope_of};
use fedramp_ssp::{Document, ErrorKind, ProfileChoice, read_scope};

fn expected(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture_text(&format!("rules/{name}.expected.json"))).unwrap()
}

#[test]
fn service_column_by_header_authorization_and_planned_columns() {
    let scope = scope_of("rules/columns.docx");
    assert_services_match("columns", &scope, &expected("columns"));
}

#[test]
fn enumerations_in_a_cell_and_commas_that_belong_to_a_name() {
    let scope = scope_of("rules/enumerations.docx");
    assert_services_match("enumerations", &scope, &expected("enumerations"));
}

#[test]
fn enumerations_in_list_items_and_a_section_that_says_none() {
    let scope = scope_of("rules/lists.docx");
    let want = expected("lists");
    assert_services_match("lists", &scope, &want);
    let warnings: Vec<&str> = want["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(scope.warnings, warnings);
}

#[test]
fn a_section_with_no_readable_service_is_an_error_that_says_what_it_holds() {
    let want = expected("empty-section");
    let mut doc = Document::open(fixture("rules/empty-section.docx")).unwrap();
    let err = read_scope(&mut doc, "empty-section.docx", &ProfileChoice::Auto).err();
    let e = expect_kind("empty-section", err, ErrorKind::EmptySection);
    let message = e.to_string();
    assert!(
        message.contains(want["section"].as_str().unwrap()),
        "{message}"
    );
    for held in want["held"].as_array().unwrap() {
        assert!(message.contains(held.as_str().unwrap()), "{message}");
    }
    // The example: one line on stderr, exit 2; also for a lookup.
    for args in [
        vec!["scope", "fixtures/rules/empty-section.docx"],
        vec![
            "lookup",
            "fixtures/rules/empty-section.docx",
            "--name",
            "Power BI",
        ],
    ] {
        let o = run_example(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("lists no service"), "{stderr}");
    }
}
