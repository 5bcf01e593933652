//! ScopeSet operations, serde, the ISMAP scope and lookups, on the bundled samples.

mod common;

use common::fixture;
use fedramp_ssp::{
    Document, DocumentScope, IsmapScope, MatchKind, Offering, ProfileChoice, ScopeSet, read_scope,
};

fn scope_of(rel: &str) -> DocumentScope {
    let mut doc = Document::open(fixture(rel)).unwrap();
    read_scope(&mut doc, rel, &ProfileChoice::Auto).unwrap()
}

#[test]
fn set_operations() {
    let azure = scope_of("samples/azure-ssp.docx").services;
    let office = scope_of("samples/office365-ssp.docx").services;
    let both = azure.intersection(&office);
    let keys: Vec<&str> = both.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["power apps", "power automate"]);
    // Merged sources: listed in both documents.
    assert_eq!(both.get("power apps").unwrap().sources.len(), 2);
    let union = azure.union(&office);
    assert_eq!(union.len(), azure.len() + office.len() - both.len());
    let only_azure = azure.difference(&office);
    assert_eq!(only_azure.len(), azure.len() - 2);
    assert!(!only_azure.contains_key("power apps"));
    // Sorted iteration by key.
    let keys: Vec<&String> = union.iter().map(|s| &s.key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn extending_a_set_is_the_union_taken_by_value() {
    let azure = scope_of("samples/azure-ssp.docx").services;
    let office = scope_of("samples/office365-ssp.docx").services;
    let union = azure.union(&office);
    let mut extended = azure.clone();
    extended.extend(office.clone());
    assert_eq!(extended, union);
    // Sources merged as by union: Power Apps is listed in both documents.
    assert_eq!(extended.get("power apps").unwrap().sources.len(), 2);
    let owned: Vec<String> = union.clone().into_iter().map(|s| s.key).collect();
    let borrowed: Vec<&String> = union.iter().map(|s| &s.key).collect();
    assert_eq!(owned.iter().collect::<Vec<_>>(), borrowed);
}

#[test]
fn serde_round_trip() {
    let azure = scope_of("samples/azure-ssp.docx").services;
    let json = serde_json::to_string(&azure).unwrap();
    let back: ScopeSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, azure);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &v[0];
    assert_eq!(first["offering"], "iaas-paas");
    assert!(first["sources"][0]["document"].is_string());
}

#[test]
fn ismap_scope_is_the_union() {
    let scopes = [
        scope_of("samples/azure-ssp.docx"),
        scope_of("samples/office365-ssp.docx"),
    ];
    let ismap = IsmapScope::from_scopes(&scopes);
    assert_eq!(ismap.documents.len(), 2);
    assert_eq!(
        ismap.services.len(),
        scopes[0].services.union(&scopes[1].services).len()
    );
    let answer = ismap.lookup("exchange online");
    let best = answer.best().expect("found");
    assert_eq!(best.service.offering, Offering::Office365);
    assert_eq!(best.how, MatchKind::Exact);
}

fn found(set: &ScopeSet, q: &str) -> (String, MatchKind) {
    let answer = set.lookup(q);
    let best = answer.best().unwrap_or_else(|| panic!("{q} not found"));
    (best.service.name.clone(), best.how.clone())
}

#[test]
fn lookups_as_people_type() {
    let azure = scope_of("samples/azure-ssp.docx").services;
    let found = |q: &str| found(&azure, q);
    assert_eq!(
        found("AKS"),
        ("Azure Kubernetes Service (AKS)".into(), MatchKind::Alias)
    );
    assert_eq!(
        found("aks"),
        ("Azure Kubernetes Service (AKS)".into(), MatchKind::Alias)
    );
    assert_eq!(found("azure kubernetes service").1, MatchKind::Exact);
    assert_eq!(found("Kubernetes Service").1, MatchKind::WithoutVendor);
    assert_eq!(
        found("Microsoft Azure Kubernetes Service").1,
        MatchKind::WithoutVendor
    );
    assert_eq!(found("RDFE").0, "Azure Service Manager (RDFE)");
    assert_eq!(
        found("Defender for Cloud").0,
        "Microsoft Defender for Cloud"
    );
    assert_eq!(
        found("Entra ID (Free and Basic)").0,
        "Microsoft Entra ID (Free and Basic)"
    );
    assert_eq!(
        found("azure database for postgresql - flexible server").0,
        "Azure Database for PostgreSQL – Flexible Server"
    );
    // Without a rename table, an old name is not found, and the suggestions lead to the new one.
    let answer = azure.lookup_with("Azure Spring Cloud", &fedramp_ssp::Renames::new());
    assert!(!answer.is_found());
    assert_eq!(
        answer.suggestions.first().map(|s| s.name.as_str()),
        Some("Azure Spring Apps")
    );
    assert!(answer.retired.is_none());
    // With the built-in table it is found, as a rename.
    let answer = azure.lookup("Azure Spring Cloud");
    assert!(answer.best().is_some_and(|m| m.is_renamed()));
}

#[test]
fn lookup_of_a_nested_item_names_its_parent() {
    let bullets = scope_of("samples/layout-bullets.docx").services;
    let answer = bullets.lookup("Log Analytics");
    let best = answer.best().expect("found");
    assert_eq!(best.service.name, "Azure Monitor");
    assert_eq!(
        best.how,
        MatchKind::Nested {
            child: "Log Analytics".into()
        }
    );
    // Children are not services of their own.
    assert!(bullets.get("log analytics").is_none());
}
