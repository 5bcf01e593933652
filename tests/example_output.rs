//! The example program prints what the library produces, byte for byte: for every command and
//! format, its output equals the library's report serialized (JSON), written as rows (CSV) or
//! as text. A program of a user's, built on the library alone, gives the same answers.

mod common;

use fedramp_ssp::{
    CheckReport, DiffReport, Document, DocumentScope, IsmapScope, LookupReport, OutlineReport,
    Renames, Rows, ScopeReport, check_list, read_list,
};
use serde::Serialize;

const AZURE: &str = "fixtures/samples/azure-ssp.docx";
const O365: &str = "fixtures/samples/office365-ssp.docx";
const AZURE_2019: &str = "fixtures/samples/azure-ssp-2019.docx";
const AZURE_2024: &str = "fixtures/samples/azure-ssp-2024.docx";
const LIST: &str = "fixtures/lists/services.csv";

fn at_root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn printed(args: &[&str]) -> String {
    let o = common::run_example(args);
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn as_json(report: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| panic!("{e}"));
    text.push('\n');
    text
}

fn as_csv(rows: &Rows) -> String {
    let mut out = Vec::new();
    rows.write_csv(&mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

fn scope_of(path: &str) -> DocumentScope {
    let mut doc = Document::open(at_root(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    fedramp_ssp::read_scope(&mut doc, path, &fedramp_ssp::ProfileChoice::Auto)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn outline_is_the_library_report() {
    let path = "fixtures/outline/numbering.docx";
    let mut doc = Document::open(at_root(path)).unwrap_or_else(|e| panic!("{e}"));
    let outline = doc.outline().unwrap_or_else(|e| panic!("{e}"));
    let report = OutlineReport::new(path, &outline);
    assert_eq!(
        printed(&["outline", path, "--format", "json"]),
        as_json(&report)
    );
    assert_eq!(printed(&["outline", path]), report.to_text());
}

#[test]
fn scope_is_the_library_report() {
    let report = ScopeReport::new(&[scope_of(AZURE), scope_of(O365)]);
    assert_eq!(
        printed(&["scope", AZURE, O365, "--format", "json"]),
        as_json(&report)
    );
    assert_eq!(
        printed(&["scope", AZURE, O365, "--format", "csv"]),
        as_csv(&report.table())
    );
    assert_eq!(printed(&["scope", AZURE, O365]), report.to_text());
}

#[test]
fn lookup_is_the_library_report() {
    let scopes = [scope_of(AZURE), scope_of(O365)];
    let ismap = IsmapScope::from_scopes(&scopes);
    let docs = [AZURE.to_string(), O365.to_string()];
    for name in ["AKS", "Azure Sentinel", "Teams", "Azure Quantum"] {
        let report = LookupReport::new(&ismap.lookup(name), &docs);
        assert_eq!(
            printed(&["lookup", AZURE, O365, "--name", name, "--format", "json"]),
            as_json(&report),
            "{name}"
        );
        assert_eq!(
            printed(&["lookup", AZURE, O365, "--name", name]),
            format!("{}\n", report.message),
            "{name}"
        );
    }
}

#[test]
fn diff_is_the_library_report() {
    let (old, new) = (scope_of(AZURE_2019), scope_of(AZURE_2024));
    let report = DiffReport::new(&old, &new, &old.diff(&new, Renames::builtin()));
    assert_eq!(
        printed(&["diff", AZURE_2019, AZURE_2024, "--format", "json"]),
        as_json(&report)
    );
    assert_eq!(
        printed(&["diff", AZURE_2019, AZURE_2024, "--format", "csv"]),
        as_csv(&report.table())
    );
    assert_eq!(printed(&["diff", AZURE_2019, AZURE_2024]), report.to_text());
}

#[test]
fn check_is_the_library_report() {
    let scopes = [scope_of(AZURE), scope_of(O365)];
    let ismap = IsmapScope::from_scopes(&scopes);
    let names = read_list(at_root(LIST), None).unwrap_or_else(|e| panic!("{e}"));
    let entries = check_list(&ismap, &names, Renames::builtin());
    let docs = [AZURE.to_string(), O365.to_string()];
    let report = CheckReport::new(LIST, &docs, &entries).with_ssps(&scopes);
    let args = ["check", AZURE, O365, "--list", LIST];
    assert_eq!(
        printed(&[&args[..], &["--format", "json"]].concat()),
        as_json(&report)
    );
    assert_eq!(
        printed(&[&args[..], &["--format", "csv"]].concat()),
        as_csv(&report.table())
    );
    assert_eq!(printed(&args), report.to_text());
}
