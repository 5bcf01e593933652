//! SSPs whose service tables are Microsoft's own published FedRAMP scope pages, copied row for
//! row (fixtures/msdocs/, built by fixtures/make_samples/make_msdocs.sh): every row is one clean
//! service with its annotations and standing, as the expected file beside each says (computed
//! from the Markdown source, not from the library); consecutive releases differ only by what
//! is new, gone or renamed (checked by hand, written in the .diff.json files).

mod common;

use std::collections::BTreeSet;

use common::{assert_services_match, fixture, fixture_text, scope_of};
use fedramp_ssp::Renames;

fn expected(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture_text(&format!("msdocs/{name}.expected.json")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check_release(name: &str) {
    let scope = scope_of(&format!("msdocs/{name}.docx"));
    let want = expected(name);
    assert_services_match(name, &scope, &want);
    let sections: Vec<&str> = scope.sections.iter().map(|s| s.number.as_str()).collect();
    let want_sections: Vec<&str> = want["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(sections, want_sections, "{name}");
    assert!(scope.warnings.is_empty(), "{name}: {:?}", scope.warnings);
}

#[test]
fn october_2019_page_with_planned_column_and_text_check_marks() {
    check_release("azure-2019-10");
}

#[test]
fn may_2020_page_through_libreoffice() {
    check_release("azure-2020-05");
}

#[test]
fn june_2023_page_with_annotations_and_line_breaks() {
    check_release("azure-2023-06");
}

#[test]
fn january_2025_page() {
    check_release("azure-2025-01");
}

#[test]
fn september_2025_page_with_azure_ai_foundry_names() {
    check_release("azure-2025-09");
}

#[test]
fn february_2026_page_with_foundry_tools_names() {
    check_release("azure-2026-02");
}

#[test]
fn office365_page_with_services_comma_separated_in_one_cell() {
    check_release("office365");
}

#[test]
fn line_break_in_a_cell_separates_the_annotation() {
    // The 2023-06 fixture went through LibreOffice: "</br>" is a Word line break.
    let scope = scope_of("msdocs/azure-2023-06.docx");
    let luis = scope
        .services
        .iter()
        .find(|s| s.aliases.iter().any(|a| a == "LUIS"))
        .unwrap();
    assert!(
        luis.sources[0].text.contains('\n'),
        "{:?}",
        luis.sources[0].text
    );
    assert_eq!(luis.name, "Azure AI Language Understanding (LUIS)");
    assert_eq!(luis.part_of.as_deref(), Some("Azure AI Language"));
}

fn names(v: &serde_json::Value, field: &str) -> BTreeSet<String> {
    v[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e[field_key(field)]
                .as_str()
                .unwrap_or_else(|| e.as_str().unwrap())
                .to_string()
        })
        .collect()
}

fn field_key(field: &str) -> &'static str {
    match field {
        "renamed" => "to",
        _ => "name",
    }
}

fn check_diff(old: &str, new: &str) {
    let want: serde_json::Value = serde_json::from_str(&fixture_text(&format!(
        "msdocs/azure-{old}-to-{new}.diff.json"
    )))
    .unwrap();
    let (o, n) = (
        scope_of(&format!("msdocs/azure-{old}.docx")),
        scope_of(&format!("msdocs/azure-{new}.docx")),
    );
    let d = o.diff(&n, Renames::builtin());
    let got = |list: &[fedramp_ssp::Service]| {
        list.iter().map(|s| s.name.clone()).collect::<BTreeSet<_>>()
    };
    assert_eq!(
        got(&d.added),
        names(&want, "added"),
        "{old} -> {new}: added"
    );
    assert_eq!(
        got(&d.removed),
        names(&want, "removed"),
        "{old} -> {new}: removed"
    );
    let renamed: BTreeSet<(String, String)> = d
        .renamed
        .iter()
        .map(|r| (r.from.name.clone(), r.to.name.clone()))
        .collect();
    let want_renamed: BTreeSet<(String, String)> = want["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap().into(),
                r["to"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(renamed, want_renamed, "{old} -> {new}: renamed");
    // A rename is never dated after the page that lists the new name (`new` is its version).
    for r in &d.renamed {
        if let Some(since) = &r.since {
            assert!(
                since.as_str() <= new,
                "{old} -> {new}: {} since {since}",
                r.to.name
            );
        }
    }
    let planned: BTreeSet<String> = d.previously_planned.iter().cloned().collect();
    let want_planned: BTreeSet<String> = want["previously_planned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(planned, want_planned, "{old} -> {new}: previously planned");
    // Everything else is unchanged or moved.
    assert_eq!(
        d.unchanged + d.moved.len(),
        o.services.len() - d.removed.len() - d.renamed.len() - d.included.len(),
        "{old} -> {new}"
    );
    assert!(fixture(&format!("msdocs/azure-{new}.docx")).exists());
}

#[test]
fn diff_october_2019_to_may_2020() {
    check_diff("2019-10", "2020-05");
}

/// From May 2020 to June 2023 Microsoft's page dropped no service: six rows changed in ways
/// only the pages' own wording tells (checked against make_samples/msdocs/: the 2021-08a and
/// 2021-08b versions between them). None may be reported removed: a customer would drop it.
#[test]
fn diff_may_2020_to_june_2023_removes_nothing() {
    let (o, n) = (
        scope_of("msdocs/azure-2020-05.docx"),
        scope_of("msdocs/azure-2023-06.docx"),
    );
    let d = o.diff(&n, Renames::builtin());
    let removed: Vec<&str> = d.removed.iter().map(|s| s.name.as_str()).collect();
    assert!(removed.is_empty(), "{removed:?}");
    // The newer page's rows "Azure Monitor (incl. Application Insights, Log Analytics, and
    // Application Change Analysis)" and "Network Watcher (incl. Traffic Analytics)".
    let included: BTreeSet<(&str, &str)> = d
        .included
        .iter()
        .map(|i| (i.part.name.as_str(), i.whole.name.as_str()))
        .collect();
    let want: BTreeSet<(&str, &str)> = [
        ("Log Analytics", "Azure Monitor"),
        ("Network Watcher Traffic Analytics", "Network Watcher"),
    ]
    .into();
    assert_eq!(included, want);
    // Names the page changed on its way: 2021-08a "Cognitive Services: Speech Services",
    // 2021-08b "Cognitive Services: Speech", 2023-06 "Azure AI services: Speech"; likewise
    // Translator Text, Machine Learning Services and Azure Cost Management.
    let renamed: BTreeSet<(&str, &str, Option<&str>)> = d
        .renamed
        .iter()
        .map(|r| (r.from.name.as_str(), r.to.name.as_str(), r.since.as_deref()))
        .collect();
    for change in [
        (
            "Cognitive Services: Speech Services",
            "Azure AI services: Speech",
            Some("2023-07"),
        ),
        (
            "Cognitive Services: Translator Text",
            "Azure AI services: Translator",
            Some("2023-07"),
        ),
        (
            "Machine Learning Services",
            "Machine Learning",
            Some("2021-08"),
        ),
        (
            "Azure Cost Management",
            "Cost Management and Billing",
            Some("2021-08"),
        ),
    ] {
        assert!(renamed.contains(&change), "{change:?} not in {renamed:?}");
    }
    // Planned on the older page under a name the newer page no longer writes: "Azure
    // Healthcare Bot" (now Health Bot), "Dynamics 365 for Finance and Operations" (split into
    // Finance and Supply Chain Management in 2019-10). Their new names were previously planned.
    for name in [
        "Health Bot",
        "Dynamics 365 Finance",
        "Dynamics 365 Supply Chain Management",
    ] {
        assert!(
            d.previously_planned.iter().any(|p| p == name),
            "{name} not in {:?}",
            d.previously_planned
        );
    }
}

#[test]
fn diff_june_2023_to_january_2025() {
    check_diff("2023-06", "2025-01");
}

#[test]
fn diff_january_2025_to_september_2025_brand_prefix_changes_are_renames() {
    check_diff("2025-01", "2025-09");
}

#[test]
fn diff_september_2025_to_february_2026() {
    check_diff("2025-09", "2026-02");
}

/// Every name a row gives is found on its own page: the listed name, each former name (as
/// renamed), each included service (as included), each abbreviation; on every version.
#[test]
fn every_name_a_row_gives_is_found() {
    use fedramp_ssp::{CheckStatus, IsmapScope};
    let mut failures = Vec::new();
    for name in [
        "azure-2019-10",
        "azure-2020-05",
        "azure-2023-06",
        "azure-2025-01",
        "azure-2025-09",
        "azure-2026-02",
        "office365",
    ] {
        let scope = scope_of(&format!("msdocs/{name}.docx"));
        let ismap = IsmapScope::from_scopes([&scope]);
        for s in &scope.services {
            let mut expect = |query: &str, ok: &[CheckStatus]| {
                let answer = ismap.lookup(query);
                let status = answer.status();
                if !ok.contains(&status) {
                    failures.push(format!("{name}: {query:?} -> {status} (row {:?})", s.name));
                }
            };
            expect(&s.name, &[CheckStatus::InScope]);
            for a in &s.aliases {
                expect(a, &[CheckStatus::InScope]);
            }
            for f in &s.former_names {
                expect(f, &[CheckStatus::Renamed, CheckStatus::InScope]);
            }
            for i in &s.includes {
                expect(i, &[CheckStatus::Included, CheckStatus::InScope]);
            }
        }
        for s in &scope.planned {
            let status = ismap.lookup(&s.name).status();
            if status != CheckStatus::Planned {
                failures.push(format!("{name}: planned {:?} -> {status}", s.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every service an earlier page of Microsoft's lists is found on the newest page, under
/// whatever name it has there, unless the newest page no longer lists it: looked up by the
/// name as the earlier page wrote it, this is the name a customer holding an older list types.
/// The services gone are each checked against make_samples/msdocs/ (the last version that
/// lists them); the lookup of one gone must say "not in scope", not find something else.
#[test]
fn every_service_an_earlier_page_lists_is_found_on_the_newest_unless_gone() {
    use fedramp_ssp::{CheckStatus, IsmapScope};
    let gone: [(&str, &str); 9] = [
        (
            "Azure Database for MariaDB",
            "last listed 2023-06; retired 2025-09-19",
        ),
        ("Azure DevOps", "last listed 2020-05"),
        ("Data Catalog", "last listed 2020-05"),
        ("GitHub AE", "last listed 2023-06"),
        ("IoT Central", "last listed 2021-08b (as Azure IoT Central)"),
        (
            "Machine Learning Studio",
            "last listed 2020-05; retired 2024-08-31",
        ),
        ("Microsoft 365 Defender", "last listed 2023-06"),
        ("SQL Server Registry", "last listed 2023-06"),
        ("Time Series Insights", "last listed 2023-06"),
    ];
    let newest = IsmapScope::from_scopes([&scope_of("msdocs/azure-2026-02.docx")]);
    let mut failures = Vec::new();
    for older in [
        "azure-2019-10",
        "azure-2020-05",
        "azure-2023-06",
        "azure-2025-01",
        "azure-2025-09",
    ] {
        for s in &scope_of(&format!("msdocs/{older}.docx")).services {
            let status = newest.lookup(&s.name).status();
            let is_gone = gone.iter().any(|(name, _)| *name == s.name);
            if is_gone != (status == CheckStatus::NotFound) {
                failures.push(format!("{older}: {:?} is {status}", s.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
