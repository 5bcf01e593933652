//! ScopeSet operations, serde, the ISMAP scope and lookups, on the bundled samples.

mod common;

use common::fixture;
use fedramp_ssp::{
    Document, DocumentScope, IsmapScope, Lookup, MatchKind, Offering, ProfileChoice, ScopeSet,
    read_scope,
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
    assert_eq!(ismap.services.len(), 110);
    match ismap.lookup("exchange online") {
        Lookup::Found { service, how } => {
            assert_eq!(service.offering, Offering::Office365);
            assert_eq!(how, MatchKind::Exact);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn lookups_as_people_type() {
    let azure = scope_of("samples/azure-ssp.docx").services;
    let found = |q: &str| match azure.lookup(q) {
        Lookup::Found { service, how } => (service.name.clone(), how),
        Lookup::NotFound { .. } => panic!("{q} not found"),
    };
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
    match azure.lookup_with("Azure Spring Cloud", &fedramp_ssp::Renames::new()) {
        Lookup::NotFound {
            suggestions,
            retired,
        } => {
            assert_eq!(
                suggestions.first().map(|s| s.name.as_str()),
                Some("Azure Spring Apps")
            );
            assert!(retired.is_none());
        }
        other => panic!("{other:?}"),
    }
    // With the built-in table it is found, as a rename.
    assert!(matches!(
        azure.lookup("Azure Spring Cloud"),
        Lookup::Found {
            how: MatchKind::Renamed { .. },
            ..
        }
    ));
}

#[test]
fn lookup_of_a_nested_item_names_its_parent() {
    let bullets = scope_of("samples/layout-bullets.docx").services;
    match bullets.lookup("Log Analytics") {
        Lookup::Found { service, how } => {
            assert_eq!(service.name, "Azure Monitor");
            assert_eq!(
                how,
                MatchKind::Child {
                    child: "Log Analytics".into()
                }
            );
        }
        other => panic!("{other:?}"),
    }
    // Children are not services of their own.
    assert!(bullets.get("log analytics").is_none());
}
