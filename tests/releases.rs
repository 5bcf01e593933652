//! New releases: the rename-aware diff of two releases, and checking an ISMAP list.

mod common;

use std::collections::BTreeSet;

use common::{fixture, fixture_text};
use fedramp_ssp::{
    CheckStatus, Document, DocumentScope, IsmapScope, MatchKind, ProfileChoice, Renames, ScopeSet,
    Step, check_list, parse_list, read_scope, summarize,
};

fn scope_of(rel: &str) -> DocumentScope {
    let mut doc = Document::open(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    read_scope(&mut doc, rel, &ProfileChoice::Auto).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn services(rel: &str) -> ScopeSet {
    scope_of(rel).services
}

fn ismap(rel: &str) -> IsmapScope {
    IsmapScope::from_scopes([&scope_of(rel)])
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
    // Without any table, only changes of brand words are renames; the others are removals and
    // additions.
    let bare = ScopeSet::diff_with(&old, &new, &Renames::new());
    assert!(
        bare.renamed
            .iter()
            .all(|r| r.source == fedramp_ssp::RenameSource::Wording),
        "{:?}",
        bare.renamed
    );
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
    let from_table: Vec<_> = d
        .renamed
        .iter()
        .filter(|r| r.source == fedramp_ssp::RenameSource::Table)
        .collect();
    assert_eq!(from_table.len(), 1);
    assert_eq!(from_table[0].to.name, "Azure Container Apps");
}

/// An expected check of the 2020 ISMAP list (listed, status, service), written by
/// fixtures/lists/make_expected.py from the SSP's own source data and its judgement calls.
fn expected_check(rel: &str) -> Vec<(String, String, String)> {
    fixture_text(rel)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut f = l.split('\t');
            let mut next = || f.next().unwrap_or("").to_string();
            (next(), next(), next())
        })
        .collect()
}

fn check_ismap_2020_list(ssp: &str, expected: &str) {
    let scope = ismap(ssp);
    let want = expected_check(expected);
    let list = parse_list(&fixture_text("lists/ismap-azure-1-2020.txt"));
    assert_eq!(list.len(), want.len());
    let entries = check_list(&scope, &list, Renames::builtin());
    let actual: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e.listed.clone(),
                e.status.to_string(),
                e.service
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    for (a, w) in actual.iter().zip(&want) {
        assert_eq!(a, w, "{ssp}");
    }
    let summary = summarize(&entries);
    let count = |status: &str| want.iter().filter(|e| e.1 == status).count();
    assert_eq!(
        (
            summary.in_scope,
            summary.renamed,
            summary.included,
            summary.planned,
            summary.not_found
        ),
        (
            count("in-scope"),
            count("renamed"),
            count("included"),
            count("planned"),
            count("not-found")
        )
    );
}

#[test]
fn ismap_2020_list_against_the_azure_sample() {
    check_ismap_2020_list(
        "samples/azure-ssp.docx",
        "lists/ismap-azure-1-2020.expected.tsv",
    );
}

#[test]
fn ismap_2020_list_against_microsofts_2023_scope() {
    check_ismap_2020_list(
        "msdocs/azure-2023-06.docx",
        "lists/ismap-azure-1-2020.vs-2023-06.expected.tsv",
    );
}

#[test]
fn garbled_entry_is_not_found_with_sensible_suggestions() {
    let scope = ismap("samples/azure-ssp.docx");
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
    let scope = ismap("samples/azure-ssp.docx");
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
    let scope = ismap("samples/azure-ssp.docx");
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
    let answer = scope.lookup("Azure Security Center");
    let best = answer.best().expect("found");
    assert_eq!(best.service.name, "Microsoft Defender for Cloud");
    assert_eq!(best.how, MatchKind::Exact);
    assert_eq!(
        best.via,
        [Step::Renamed {
            old: "Azure Security Center".into(),
            new: "Microsoft Defender for Cloud".into(),
            since: Some("2021-11".into()),
            // What the table's line for the rename cites.
            evidence: fedramp_ssp::Renames::builtin()
                .forward("Azure Security Center")
                .map(|r| r.evidence)
                .unwrap_or_default(),
        }]
    );
    assert!(!best.via[0].evidence().is_empty());
    // The reverse: the 2019 release lists the old name; asking for the new one finds it.
    let old = services("samples/azure-ssp-2019.docx");
    let answer = old.lookup("Microsoft Sentinel");
    assert_eq!(answer.best().expect("found").service.name, "Azure Sentinel");
}

/// A scope set of services listed in section 9.2.2, as Microsoft's scope pages write them.
fn listed(names: &[&str]) -> ScopeSet {
    let mut set = ScopeSet::new();
    for name in names {
        let parsed = fedramp_ssp::ServiceName::parse(name).unwrap();
        let source = fedramp_ssp::Source::new("test", "9.2.2", "SaaS", *name);
        set.insert(fedramp_ssp::Service::new(
            parsed,
            fedramp_ssp::Offering::Saas,
            source,
        ));
    }
    set
}

/// The rename table's one split: "Dynamics 365 for Finance and Operations" (the 2019 and 2020
/// pages) became Dynamics 365 Finance and Dynamics 365 Supply Chain Management (the 2023 and
/// later pages). Both halves are renames of it; neither is added.
#[test]
fn diff_a_split_names_both_halves_as_renames() {
    let new = listed(&[
        "Dynamics 365 Finance",
        "Dynamics 365 Supply Chain Management",
        "Dynamics 365 Sales",
    ]);
    for old_name in [
        "Dynamics 365 for Finance and Operations",
        // As people write it, without "for": another name of the same, in the table.
        "Dynamics 365 Finance and Operations",
    ] {
        let old = listed(&[old_name, "Dynamics 365 Sales"]);
        let d = ScopeSet::diff(&old, &new);
        let renamed: BTreeSet<(&str, &str)> = d
            .renamed
            .iter()
            .map(|r| (r.from.name.as_str(), r.to.name.as_str()))
            .collect();
        let want: BTreeSet<(&str, &str)> = [
            (old_name, "Dynamics 365 Finance"),
            (old_name, "Dynamics 365 Supply Chain Management"),
        ]
        .into();
        assert_eq!(renamed, want, "{old_name}");
        assert!(d.added.is_empty(), "{old_name}: {:?}", d.added);
        assert!(d.removed.is_empty(), "{old_name}");
        assert_eq!(d.unchanged, 1, "{old_name}");
        assert!(
            d.renamed
                .iter()
                .all(|r| r.since.as_deref() == Some("2019-10"))
        );
    }
}
