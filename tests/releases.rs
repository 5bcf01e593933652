//! New releases: the rename-aware diff of two releases, and checking an ISMAP list.

mod common;

use std::collections::BTreeSet;

use common::{fixture, fixture_text};
use fedramp_ssp::{
    CheckStatus, Document, ProfileChoice, Renames, ScopeSet, check_list, parse_list, read_scope,
    summarize,
};

fn services(rel: &str) -> ScopeSet {
    let mut doc = Document::open(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    read_scope(&mut doc, rel, &ProfileChoice::Auto)
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .services
}

fn strings(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn diff_of_two_releases_names_exactly_the_changes() {
    let old = services("samples/azure-ssp-2019.docx");
    let new = services("samples/azure-ssp-2024.docx");
    let d = ScopeSet::diff(&old, &new);
    let expected: serde_json::Value =
        serde_json::from_str(&fixture_text("samples/azure-ssp-diff.expected.json")).unwrap();

    let names =
        |v: &[fedramp_ssp::Service]| v.iter().map(|s| s.name.clone()).collect::<BTreeSet<_>>();
    assert_eq!(names(&d.added), strings(&expected["added"]));
    assert_eq!(names(&d.removed), strings(&expected["removed"]));
    let renamed: BTreeSet<(String, String)> = d
        .renamed
        .iter()
        .map(|r| (r.from.name.clone(), r.to.name.clone()))
        .collect();
    let want: BTreeSet<(String, String)> = expected["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap().to_string(),
                r["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(renamed, want);
    let moved: BTreeSet<(String, String, String)> = d
        .moved
        .iter()
        .map(|m| {
            (
                m.service.name.clone(),
                m.from_section.clone(),
                m.to_section.clone(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String)> = expected["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let f = |k: &str| m[k].as_str().unwrap().to_string();
            (f("name"), f("from_section"), f("to_section"))
        })
        .collect();
    assert_eq!(moved, want);
    assert_eq!(d.unchanged as u64, expected["unchanged"].as_u64().unwrap());
    // Renames carry the date the table gives.
    let sentinel = d
        .renamed
        .iter()
        .find(|r| r.from.name == "Azure Sentinel")
        .unwrap();
    assert_eq!(sentinel.since.as_deref(), Some("2021-11"));
}

#[test]
fn diff_of_a_release_with_itself_is_empty() {
    let s = services("samples/azure-ssp-2024.docx");
    let d = ScopeSet::diff(&s, &s);
    assert!(d.is_empty());
    assert_eq!(d.unchanged, s.len());
}

#[test]
fn renumbered_sections_are_not_moves() {
    // layout-renumbered lists its services under 9.3.1/9.3.2 with the usual titles.
    let renumbered = services("samples/layout-renumbered.docx");
    let d = ScopeSet::diff(&renumbered, &services("samples/azure-ssp-2024.docx"));
    assert!(
        d.moved
            .iter()
            .all(|m| m.service.name != "Azure Virtual Machines"),
        "{:?}",
        d.moved
    );
}

#[test]
fn a_users_own_rename_table_is_used() {
    let old = services("samples/azure-ssp-2019.docx");
    let new = services("samples/azure-ssp-2024.docx");
    // Without any table, the renames are removals and additions.
    let bare = ScopeSet::diff_with(&old, &new, &Renames::new());
    assert!(bare.renamed.is_empty());
    assert!(
        bare.removed
            .iter()
            .any(|s| s.name == "Azure Security Center")
    );
    // A table of one's own (a made-up entry, to show it is the one used).
    let mine = Renames::parse(
        "mine.txt",
        "renamed 2024-01 Azure Data Lake Analytics => Azure Container Apps\n",
    )
    .unwrap();
    let d = ScopeSet::diff_with(&old, &new, &mine);
    assert_eq!(d.renamed.len(), 1);
    assert_eq!(d.renamed[0].to.name, "Azure Container Apps");
}

/// The expected check of the 2020 ISMAP list against the bundled Azure sample: each status
/// verified against the sample's source data (fixtures/make_samples/azure_services.csv).
fn expected_check() -> Vec<(String, String, String)> {
    fixture_text("lists/ismap-azure-1-2020.expected.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut f = l.split('\t');
            let mut next = || f.next().unwrap_or("").to_string();
            (next(), next(), next())
        })
        .collect()
}

#[test]
fn ismap_2020_list_against_the_azure_sample() {
    let scope = services("samples/azure-ssp.docx");
    let list = parse_list(&fixture_text("lists/ismap-azure-1-2020.txt"));
    assert_eq!(list.len(), 89);
    let entries = check_list(&scope, &list, Renames::builtin());
    let actual: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            let status = serde_json::to_value(e.status)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            (
                e.listed.clone(),
                status,
                e.service
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(actual, expected_check());
    let summary = summarize(&entries);
    assert_eq!(
        (summary.in_scope, summary.renamed, summary.not_found),
        (59, 8, 22)
    );
}

#[test]
fn garbled_entry_is_not_found_with_sensible_suggestions() {
    let scope = services("samples/azure-ssp.docx");
    let list = parse_list("AI + Machine AI Builder Learning\n");
    let e = &check_list(&scope, &list, Renames::builtin())[0];
    assert_eq!(e.status, CheckStatus::NotFound);
    assert!(e.service.is_none());
    assert_eq!(
        e.suggestions.first().map(String::as_str),
        Some("Azure Machine Learning")
    );
}

#[test]
fn retired_services_say_so_and_suggest_the_successor() {
    let scope = services("samples/azure-ssp.docx");
    let e = &check_list(
        &scope,
        &parse_list("Azure Container Service"),
        Renames::builtin(),
    )[0];
    assert_eq!(e.status, CheckStatus::NotFound);
    assert!(
        e.note.as_deref().unwrap().contains("retired in 2020-01"),
        "{:?}",
        e.note
    );
    assert_eq!(e.suggestions[0], "Azure Kubernetes Service (AKS)");
}

#[test]
fn lists_with_bom_crlf_comments_and_full_width_names() {
    let text = fixture_text("lists/windows-bom-crlf.txt");
    let raw = std::fs::read(fixture("lists/windows-bom-crlf.txt")).unwrap();
    assert!(raw.starts_with(b"\xef\xbb\xbf") && raw.windows(2).any(|w| w == b"\r\n"));
    let list = parse_list(&String::from_utf8(raw).unwrap());
    let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ａｚｕｒｅ　ＤＮＳ",
            "ＡＫＳ",
            "Azure Sentinel",
            "Azure Quantum"
        ]
    );
    assert_eq!(list[0].line, 3);
    let scope = services("samples/azure-ssp.docx");
    let statuses: Vec<CheckStatus> = check_list(&scope, &parse_list(&text), Renames::builtin())
        .iter()
        .map(|e| e.status)
        .collect();
    assert_eq!(
        statuses,
        [
            CheckStatus::InScope,
            CheckStatus::InScope,
            CheckStatus::Renamed,
            CheckStatus::NotFound
        ]
    );
}

#[test]
fn lookup_of_an_old_name_finds_the_renamed_service_and_says_so() {
    let scope = services("samples/azure-ssp.docx");
    match scope.lookup("Azure Security Center") {
        fedramp_ssp::Lookup::Found { service, how } => {
            assert_eq!(service.name, "Microsoft Defender for Cloud");
            assert_eq!(
                how,
                fedramp_ssp::MatchKind::Renamed {
                    old: "Azure Security Center".into(),
                    new: "Microsoft Defender for Cloud".into(),
                    since: Some("2021-11".into())
                }
            );
        }
        other => panic!("{other:?}"),
    }
    // The reverse: the 2019 release lists the old name; asking for the new one finds it.
    let old = services("samples/azure-ssp-2019.docx");
    match old.lookup("Microsoft Sentinel") {
        fedramp_ssp::Lookup::Found { service, .. } => assert_eq!(service.name, "Azure Sentinel"),
        other => panic!("{other:?}"),
    }
}
