//! Lookups as people type them (current, former and abbreviated names, included services,
//! families, names without the brand word, absent services), table-driven from
//! fixtures/lookups/lookups.tsv, each line checked by hand against its document.

mod common;

use std::collections::HashMap;

use common::{fixture, fixture_text, scope_of};
use fedramp_ssp::{IsmapScope, Lang, RenameKind, Renames, Step, read_list};

#[test]
fn every_lookup_of_the_table() {
    let table = fixture_text("lookups/lookups.tsv");
    let mut scopes: HashMap<String, IsmapScope> = HashMap::new();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let [doc, query, status, best, others, why] = f.as_slice() else {
            panic!("bad line: {line:?}");
        };
        rows += 1;
        let ismap = scopes
            .entry(doc.to_string())
            .or_insert_with(|| IsmapScope::from_scopes([&scope_of(doc)]));
        let answer = ismap.lookup(query);
        let found = answer
            .matches
            .iter()
            .chain(&answer.planned)
            .map(|m| m.service.name.as_str());
        let names: Vec<&str> = found.collect();
        let got_status = answer.status().to_string();
        let got_best = names.first().copied().unwrap_or("-");
        let missing: Vec<&str> = others
            .split(';')
            .map(str::trim)
            .filter(|o| !o.is_empty() && !names.contains(o))
            .collect();
        if got_status != *status || got_best != *best || !missing.is_empty() {
            failures.push(format!(
                "{doc} {query:?}: got {got_status} {got_best:?} (all {names:?}), want {status} {best:?} with {others:?} ({why})"
            ));
        }
    }
    assert!(rows > 100, "the table has {rows} lookups");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn suggestions_are_related_never_arbitrary() {
    let scope = IsmapScope::from_scopes([&scope_of("msdocs/azure-2023-06.docx")]);
    let names = |q: &str| -> Vec<String> {
        scope
            .lookup(q)
            .suggestions
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    // Another product of the same family, not another product sharing a word.
    let sql = names("Azure SQL Edge");
    assert!(sql.contains(&"SQL Database".to_string()), "{sql:?}");
    assert!(!sql.contains(&"Azure Stack Edge".to_string()), "{sql:?}");
    // Nothing related: nothing offered.
    assert!(names("Azure Quantum").is_empty());
    // A retired service: its successor first (here included in Storage: Blobs).
    assert_eq!(names("Azure Data Lake Storage Gen1")[0], "Storage: Blobs");
    // A typo.
    let bundled = IsmapScope::from_scopes([&scope_of("samples/azure-ssp.docx")]);
    let typo = bundled.lookup("Azure Kubernets Service");
    assert_eq!(typo.suggestions[0].name, "Azure Kubernetes Service (AKS)");
    // Generic words are not matches, but get the services they name.
    let storage = names("Storage");
    assert!(
        storage.iter().all(|s| s.starts_with("Storage:")),
        "{storage:?}"
    );
    // A listed name inside a text run together with another: the 2020 ISMAP list's row "AI +
    // Machine AI Builder Learning" (its category "AI + Machine Learning" around "AI Builder").
    let list =
        read_list(fixture("lists/ismap-azure-1-2020.xlsx"), None).unwrap_or_else(|e| panic!("{e}"));
    let row = list
        .iter()
        .find(|l| l.name.contains("AI Builder"))
        .unwrap_or_else(|| panic!("no AI Builder row"));
    let answer = scope.lookup(&row.name);
    assert_eq!(
        answer.status(),
        fedramp_ssp::CheckStatus::NotFound,
        "{}",
        row.name
    );
    assert_eq!(answer.suggestions[0].name, "AI Builder", "{}", row.name);
}

/// The bundled sample lists "Azure Monitor" alone; Microsoft's FedRAMP scope page writes "Azure
/// Monitor (incl. Application Insights, Log Analytics, and Application Change Analysis)". The
/// table's `part` entries say so, and the answer says where it comes from.
#[test]
fn a_part_of_a_listed_service_is_found_through_the_table() {
    let scope = IsmapScope::from_scopes([&scope_of("samples/azure-ssp.docx")]);
    let answer = scope.lookup("Application Insights");
    let best = answer.best().expect("found");
    assert_eq!(best.service.name, "Azure Monitor");
    assert_eq!(answer.status(), fedramp_ssp::CheckStatus::Included);
    assert!(
        matches!(best.via.last(), Some(fedramp_ssp::Step::PartOf { whole, since, .. })
            if whole == "Azure Monitor" && since.as_deref() == Some("2021-08")),
        "{:?}",
        best.via
    );
    let sentence = fedramp_ssp::LookupReport::new(&answer, &[]).message;
    assert!(
        sentence.contains("Microsoft's FedRAMP scope page"),
        "{sentence}"
    );
    // Without the table: not found (the SSP itself does not say it).
    let bare = scope.lookup_with("Application Insights", &fedramp_ssp::Renames::new());
    assert!(!bare.is_found());
    // A part is never a match for its whole's other parts or generations.
    assert!(!scope.lookup("Azure Data Lake Storage Gen1").is_found());
}

/// A `part` entry names the whole as its source did ("Word Online" is part of Office Online);
/// the bundled Office 365 sample lists the whole under its later name, Office for the web. The
/// part is found through the whole's rename, and said in that order; never through a
/// retirement, whose successor is another service.
#[test]
fn a_part_is_found_under_its_wholes_later_name_never_its_successor() {
    let scope = IsmapScope::from_scopes([&scope_of("samples/office365-ssp.docx")]);
    let answer = scope.lookup("Word Online");
    assert_eq!(answer.status(), fedramp_ssp::CheckStatus::Included);
    let best = answer.best().expect("found");
    assert_eq!(best.service.name, "Office for the web");
    assert!(
        matches!(best.via.as_slice(), [
            fedramp_ssp::Step::PartOf { whole, .. },
            fedramp_ssp::Step::Renamed { old, new, .. },
        ] if whole == "Office Online" && old == "Office Online" && new == "Office for the web"),
        "{:?}",
        best.via
    );
    // Had Office Online been retired with Office for the web as its successor (it was not:
    // Microsoft renamed it), its parts would not be in the successor's scope.
    let retired = fedramp_ssp::Renames::parse(
        "retired.txt",
        "part - Word Online => Office Online\nretired 2019 Office Online => Office for the web\n",
    )
    .unwrap();
    assert!(!scope.lookup_with("Word Online", &retired).is_found());
}

/// The bundled sample lists "Azure Front Door", the 2025-09 release "Front Door": over both, a
/// lookup of either finds one service under a different name in each document, and says
/// which document lists which; a family ("Azure Arc") is still several services.
#[test]
fn one_service_named_differently_in_two_documents_is_one_answer() {
    let (sample, release) = ("samples/azure-ssp.docx", "msdocs/azure-2025-09.docx");
    for (doc, name) in [(sample, "Azure Front Door"), (release, "Front Door")] {
        let expected = fixture_text(&doc.replace(".docx", ".expected.json"));
        assert!(
            expected.contains(&format!("\"{name}\"")),
            "{doc} lists {name}"
        );
    }
    let scopes = [scope_of(sample), scope_of(release)];
    let ismap = IsmapScope::from_scopes(&scopes);
    let docs = [sample.to_string(), release.to_string()];
    let message =
        |q: &str, lang| fedramp_ssp::LookupReport::new_in(&ismap.lookup(q), &docs, lang).message;
    for q in ["Azure Front Door", "Front Door", "front door"] {
        let en = message(q, fedramp_ssp::Lang::En);
        assert!(
            en.contains("under a different name in each document"),
            "{en}"
        );
        assert!(!en.contains("2 services"), "{en}");
        assert!(
            en.contains(&format!(
                "Azure Front Door (iaas-paas, {sample} section 9.2.1)"
            )),
            "{en}"
        );
        assert!(
            en.contains(&format!("Front Door (iaas-paas, {release} section 9.2.1)")),
            "{en}"
        );
        let ja = message(q, fedramp_ssp::Lang::Ja);
        assert!(ja.contains("文書ごとに名前が異なります"), "{ja}");
        assert!(
            ja.contains(&format!("{release} のセクション 9.2.1")),
            "{ja}"
        );
    }
    let family = message("Azure Arc", fedramp_ssp::Lang::En);
    let arcs = |doc: &str| {
        fixture_text(&doc.replace(".docx", ".expected.json"))
            .matches("\"Azure Arc-enabled")
            .count()
    };
    assert!(arcs(sample) > 1 && arcs(sample) == arcs(release));
    assert!(
        family.contains(&format!("as {} services", arcs(sample))),
        "{family}"
    );
    assert!(!family.contains("different name"), "{family}");
    assert!(
        family.contains(&format!("{release} section 9.2.1")),
        "{family}"
    );
}

/// The source note of the built-in table's line for `from` (the first such line of `kind`).
fn note_of(kind: RenameKind, from: &str) -> String {
    let entry = Renames::builtin()
        .entries()
        .iter()
        .find(|e| e.kind == kind && e.from == from)
        .unwrap_or_else(|| panic!("no {kind:?} line for {from:?}"));
    entry.note.clone().expect("the line cites a source")
}

#[test]
fn each_step_of_the_table_carries_what_its_line_cites() {
    let scope = IsmapScope::from_scopes([&scope_of("samples/azure-ssp.docx")]);
    let via = |q: &str| {
        let answer = scope.lookup(q);
        let best = answer
            .matches
            .first()
            .unwrap_or_else(|| panic!("{q:?} not found"));
        best.via.clone()
    };
    // One rename.
    let steps = via("Azure Security Center");
    assert!(
        matches!(steps.as_slice(), [Step::Renamed { .. }]),
        "{steps:?}"
    );
    let cited = note_of(RenameKind::Renamed, "Azure Security Center");
    assert_eq!(steps[0].evidence(), [cited]);
    // An abbreviation, then the rename of what it stands for: each step its own line.
    let steps = via("AAD DS");
    assert!(
        matches!(
            steps.as_slice(),
            [Step::Abbreviation { .. }, Step::Renamed { .. }]
        ),
        "{steps:?}"
    );
    assert_eq!(
        steps[0].evidence(),
        [note_of(RenameKind::Abbreviation, "AAD DS")]
    );
    let renamed = note_of(
        RenameKind::Renamed,
        "Azure Active Directory Domain Services",
    );
    assert_eq!(steps[1].evidence(), [renamed]);
    // A part, from Microsoft's scope page.
    let steps = via("Application Insights");
    assert!(
        matches!(steps.as_slice(), [Step::PartOf { .. }]),
        "{steps:?}"
    );
    assert_eq!(
        steps[0].evidence(),
        [note_of(RenameKind::PartOf, "Application Insights")]
    );
    // Serialized with the step.
    let json = serde_json::to_value(&steps[0]).expect("a step serializes");
    assert_eq!(
        json["evidence"][0],
        note_of(RenameKind::PartOf, "Application Insights")
    );
}

#[test]
fn every_source_note_stands_on_its_own() {
    // A note is shown alone, next to the step that followed its line: "same page" would point
    // at a neighbour the reader never sees.
    let relative = |note: &str| {
        let note = note.to_lowercase();
        let words: Vec<&str> = note
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        let after_the_same = words.windows(3).any(|w| {
            w[0] == "the"
                && w[1] == "same"
                && !matches!(w[2], "infrastructure" | "service" | "name" | "link")
        });
        words.first() == Some(&"same")
            || after_the_same
            || words
                .iter()
                .any(|w| matches!(*w, "above" | "below" | "ibid" | "ditto"))
    };
    let mut unsourced = Vec::new();
    for e in Renames::builtin().entries() {
        match &e.note {
            Some(note) => assert!(!relative(note), "{} => {:?}: {note}", e.from, e.to),
            None => unsourced.push(e.from.as_str()),
        }
    }
    // Lines that cite nothing yet (no Microsoft sentence found for them): named here, so that
    // another one is a failure.
    assert_eq!(unsourced, ["Office Online"]);
}

#[test]
fn a_name_the_table_leads_to_a_service_of_another_ssp_says_so() {
    let azure = IsmapScope::from_scopes([&scope_of("samples/azure-ssp.docx")]);
    let office = IsmapScope::from_scopes([&scope_of("samples/office365-ssp.docx")]);
    // Microsoft's Azure scope page: Communication Services obtained FedRAMP High as part of
    // Microsoft 365 (the table's part line). The Azure SSP does not list Microsoft Teams.
    let answer = azure.lookup("Azure Communication Services");
    assert!(!answer.is_found());
    let read = answer
        .read_as
        .first()
        .expect("read as the service it is part of");
    assert_eq!(read.name, "Microsoft Teams");
    assert!(
        matches!(read.via.as_slice(), [Step::PartOf { .. }]),
        "{:?}",
        read.via
    );
    let cited = note_of(RenameKind::PartOf, "Azure Communication Services");
    assert_eq!(read.via[0].evidence(), [cited]);
    let docs = ["azure-ssp.docx".to_string()];
    let message = answer.message_in(&docs, Lang::En);
    assert!(message.contains("leads it to Microsoft Teams"), "{message}");
    assert!(
        message.contains("These SSPs do not list Microsoft Teams"),
        "{message}"
    );
    assert!(
        answer
            .message_in(&docs, Lang::Ja)
            .contains("名称変更表では Microsoft Teams")
    );
    // The SSP that lists Teams finds it, and then nothing is read as anything else.
    let found = office.lookup("Azure Communication Services");
    assert!(found.is_found() && found.read_as.is_empty());

    // Another name on the way is not where the table leads: the whole it is part of is.
    let read = azure.lookup("Teams 会議").read_as;
    assert_eq!(
        read.first().map(|r| r.name.as_str()),
        Some("Microsoft Teams")
    );
    // Never an older name, nor a word of the query written out.
    let older = azure.lookup("Microsoft 365 Apps for enterprise").read_as;
    assert!(
        older.iter().all(|r| r.name != "Office 365 ProPlus"),
        "{older:?}"
    );
    let words = office.lookup("Azure Cosmos DB for PostgreSQL").read_as;
    assert!(
        words.iter().all(|r| !r.name.contains("Database for")),
        "{words:?}"
    );
    // Of two renames, the later name first (the table: Azure Healthcare APIs in 2021, Azure
    // Health Data Services in 2022-03).
    let read = office.lookup("Azure API for FHIR").read_as;
    let names: Vec<&str> = read.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names[..2],
        ["Azure Health Data Services", "Azure Healthcare APIs"]
    );
    // What an abbreviation stands for, on the SSP that does not list it.
    let read = office.lookup("AKS").read_as;
    assert_eq!(
        read.first().map(|r| r.name.as_str()),
        Some("Azure Kubernetes Service")
    );
}
