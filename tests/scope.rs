//! The scope of the sample SSPs against the expected scope committed beside them (written by
//! their generator from its own source data).

mod common;

use std::collections::BTreeSet;

use common::{fixture, fixture_text};
use fedramp_ssp::{Document, DocumentScope, ProfileChoice, read_scope};

fn scope_of(rel: &str) -> DocumentScope {
    let mut doc = Document::open(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    read_scope(&mut doc, rel, &ProfileChoice::Auto).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn check_sample(name: &str) {
    let scope = scope_of(&format!("samples/{name}.docx"));
    let expected: serde_json::Value =
        serde_json::from_str(&fixture_text(&format!("samples/{name}.expected.json"))).unwrap();
    let sections: Vec<(String, String, String, String)> = scope
        .sections
        .iter()
        .map(|s| {
            (
                s.number.clone(),
                s.title.clone(),
                s.offering.to_string(),
                serde_json::to_value(s.matched_by)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let want_sections: Vec<(String, String, String, String)> = expected["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap().to_string();
            (f("number"), f("title"), f("offering"), f("matched_by"))
        })
        .collect();
    assert_eq!(sections, want_sections, "{name}: sections");

    let actual: BTreeSet<(String, String, String, Vec<String>)> = scope
        .services
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.offering.to_string(),
                s.sources[0].section.clone(),
                s.children.clone(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String, Vec<String>)> = expected["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let children = s["children"]
                .as_array()
                .map(|c| c.iter().map(|v| v.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (
                s["name"].as_str().unwrap().to_string(),
                s["offering"].as_str().unwrap().to_string(),
                s["section"].as_str().unwrap().to_string(),
                children,
            )
        })
        .collect();
    let missing: Vec<_> = want.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}:\n missing {missing:#?}\n extra {extra:#?}"
    );
}

#[test]
fn bundled_azure_sample() {
    check_sample("azure-ssp");
}

#[test]
fn bundled_office365_sample() {
    check_sample("office365-ssp");
}

#[test]
fn table_with_several_columns() {
    check_sample("layout-table-multicol");
}

#[test]
fn bulleted_list() {
    check_sample("layout-bullets");
}

#[test]
fn subheading_per_service() {
    check_sample("layout-subheadings");
}

#[test]
fn renumbered_release() {
    check_sample("layout-renumbered");
    let scope = scope_of("samples/layout-renumbered.docx");
    assert_eq!(scope.warnings.len(), 2, "{:?}", scope.warnings);
    assert!(
        scope.warnings[0].contains("9.2.1") && scope.warnings[0].contains("9.3.1"),
        "{:?}",
        scope.warnings
    );
}

#[test]
fn libreoffice_layout() {
    check_sample("layout-libreoffice");
}

#[test]
fn two_releases() {
    check_sample("azure-ssp-2019");
    check_sample("azure-ssp-2024");
}

#[test]
fn names_full_width_superscript_marks_and_headerless_table() {
    // Full-width letters, an ideographic space, superscript footnote digits, ®, a no-break
    // space, an em dash, an annotation; the 9.2.1 table has no header row; 9.2.2 is a numbered
    // list.
    check_sample("layout-names");
    let scope = scope_of("samples/layout-names.docx");
    let aks = scope
        .services
        .get("azure kubernetes service")
        .expect("full-width AKS normalized");
    assert_eq!(aks.aliases, ["AKS"]);
    assert_eq!(
        aks.sources[0].text,
        "Ａｚｕｒｅ Ｋｕｂｅｒｎｅｔｅｓ Ｓｅｒｖｉｃｅ（ＡＫＳ）"
    );
    let backup = scope
        .services
        .get("azure backup")
        .expect("superscript footnote digit removed");
    assert_eq!(backup.sources[0].text, "Azure Backup\u{b9}");
    // "(incl. Managed Disks)" is an annotation: an included service, not part of the name.
    let vms = scope.services.get("azure virtual machines").unwrap();
    assert_eq!(vms.includes, ["Managed Disks"]);
    assert!(
        scope
            .services
            .get("azure database for mysql-flexible server")
            .is_some()
    );
}

#[test]
fn one_name_a_line() {
    // pandoc: plain paragraphs, no table, list or sub-heading; the intro and closing prose
    // are not services.
    check_sample("layout-lines");
}

#[test]
fn quotes_daggers_and_copyright_signs() {
    let scope = scope_of("samples/layout-names.docx");
    // Curly quotes stay in the display name and are unified in the key.
    let classic = scope
        .services
        .get("azure cloud services ('classic')")
        .expect("quotes unified in the key");
    assert_eq!(
        classic.name,
        "Azure Cloud Services (\u{2018}classic\u{2019})"
    );
    assert!(
        scope
            .services
            .lookup("azure cloud services ('classic')")
            .is_found()
    );
    assert!(
        scope
            .services
            .get("customer lockbox for microsoft azure")
            .is_some(),
        "dagger removed"
    );
    assert!(
        scope.services.get("bing maps for enterprise").is_some(),
        "copyright sign removed"
    );
}
