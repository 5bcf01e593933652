//! The example program, run as a user runs it: command names, flags, JSON fields and exit codes
//! are a contract other tools script against.

mod common;

use std::process::Output;

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    common::run_example(args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

const AZURE: &str = "fixtures/samples/azure-ssp.docx";
const O365: &str = "fixtures/samples/office365-ssp.docx";

#[test]
fn no_arguments_shows_the_scope_of_the_bundled_samples() {
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("fixtures/samples/azure-ssp.docx"), "{out}");
    assert!(out.contains("fixtures/samples/office365-ssp.docx"), "{out}");
    assert!(out.contains("Azure Kubernetes Service (AKS)"), "{out}");
    assert!(out.contains("Exchange Online"), "{out}");
    // The distinct names of the two expected files (a service listed in both counts once).
    let distinct: std::collections::BTreeSet<String> = ["azure-ssp", "office365-ssp"]
        .iter()
        .flat_map(|name| {
            let text = common::fixture_text(&format!("samples/{name}.expected.json"));
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            v["services"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: no services"))
                .iter()
                .filter_map(|s| s["name"].as_str().map(str::to_lowercase))
                .collect::<Vec<_>>()
        })
        .collect();
    let summary = format!(
        "{} services in the FedRAMP scope of 2 SSP(s)",
        distinct.len()
    );
    assert!(out.contains(&summary), "{summary}\n{out}");
}

#[test]
fn outline_json() {
    let o = run(&[
        "outline",
        "fixtures/outline/numbering.docx",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["path"], "fixtures/outline/numbering.docx");
    let first = &v["headings"][0];
    assert_eq!(first["number"], "9");
    assert_eq!(first["label"], "9.");
    assert_eq!(first["title"], "General System Description");
    assert_eq!(first["level"], 1);
    let unnumbered = v["headings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["title"] == "Service Model Notes")
        .unwrap();
    assert!(unnumbered["number"].is_null() && unnumbered["label"].is_null());
}

#[test]
fn outline_table_is_readable() {
    let o = run(&[
        "outline",
        "fixtures/fedramp/FedRAMP-SSP-Low-Baseline-Template.docx",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().starts_with("NUMBER"));
    assert!(
        out.lines().any(|l| l.starts_with("9.2 ")
            && l.ends_with("Information System Components and Boundaries")),
        "{out}"
    );
}

#[test]
fn scope_json_contract() {
    let o = run(&["scope", AZURE, O365, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["path"], AZURE);
    assert_eq!(docs[0]["kind"], "azure");
    assert_eq!(docs[1]["kind"], "office365");
    let s = &docs[0]["sections"][0];
    assert_eq!(s["number"], "9.2.1");
    assert_eq!(
        s["title"],
        "Infrastructure and Platforms as a Service Offerings"
    );
    assert_eq!(s["offering"], "iaas-paas");
    assert_eq!(s["matched_by"], "number");
    assert_eq!(s["services"], 78);
    assert_eq!(docs[0]["sections"][1]["offering"], "saas");
    assert_eq!(docs[1]["sections"][0]["offering"], "office365");
    let services = v["services"].as_array().unwrap();
    assert_eq!(
        services.len(),
        112 - 2 /* Power Apps and Power Automate are in both SSPs */
    );
    let aks = services
        .iter()
        .find(|s| s["key"] == "azure kubernetes service")
        .unwrap();
    assert_eq!(aks["name"], "Azure Kubernetes Service (AKS)");
    assert_eq!(aks["aliases"][0], "AKS");
    assert_eq!(aks["offering"], "iaas-paas");
    assert_eq!(aks["sources"][0]["document"], AZURE);
    assert_eq!(aks["sources"][0]["section"], "9.2.1");
    assert_eq!(aks["sources"][0]["text"], "Azure Kubernetes Service (AKS)");
    assert!(v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn scope_csv() {
    let o = run(&["scope", O365, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let mut lines = out.lines();
    // The original columns first, in order; later columns are additions.
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("name,key,aliases,offering,document,section,section_title,text,standing"),
        "{out}"
    );
    assert_eq!(lines.count(), 20);
}

#[test]
fn scope_warns_about_a_renumbered_release() {
    let o = run(&[
        "scope",
        "fixtures/samples/layout-renumbered.docx",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["documents"][0]["sections"][0]["number"], "9.3.1");
    assert_eq!(v["documents"][0]["sections"][0]["matched_by"], "title");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 2);
}

#[test]
fn wrong_kind_is_an_error_naming_nearby_sections() {
    let o = run(&["scope", AZURE, "--kind", "office365"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("9.5")
            && err.contains("Service Description")
            && err.contains("9.4 Network Architecture"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn lookup_finds_names_as_people_type_them() {
    for name in [
        "AKS",
        "azure kubernetes service",
        "Kubernetes Service",
        "  AZURE   Kubernetes service ",
    ] {
        let o = run(&["lookup", AZURE, O365, "--name", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stdout(&o));
        let out = stdout(&o);
        assert!(
            out.contains("is in scope: Azure Kubernetes Service (AKS)"),
            "{out}"
        );
        assert!(out.contains("section 9.2.1"), "{out}");
    }
}

#[test]
fn lookup_answers_a_missing_service() {
    let o = run(&["lookup", AZURE, O365, "--name", "Defender for Clowd Apps"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("is not in the FedRAMP scope of these SSPs"),
        "{out}"
    );
    assert!(
        out.contains("may not have been audited") && out.contains("ISMAP"),
        "{out}"
    );
    assert!(
        out.contains("Closest names in scope: Microsoft Defender for Cloud Apps"),
        "{out}"
    );

    let o = run(&[
        "lookup",
        AZURE,
        "--name",
        "Azure Quantum",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["found"], false);
    assert!(v["service"].is_null());
    assert_eq!(v["query"], "Azure Quantum");
}

#[test]
fn lookup_json_found() {
    let o = run(&["lookup", AZURE, "--name", "AKS", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["found"], true);
    assert_eq!(v["service"]["name"], "Azure Kubernetes Service (AKS)");
    assert_eq!(v["match"]["how"], "alias");
}

#[test]
fn usage_and_input_errors_are_one_line_and_exit_2() {
    for args in [
        vec!["scope"],
        vec!["lookup", AZURE],
        vec!["bogus"],
        vec!["scope", "fixtures/does-not-exist.docx"],
        vec!["outline", "fixtures/README.md"],
        vec!["scope", AZURE, "--format", "xml"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("ssp_scope: "), "{err}");
        assert!(!err.contains(":;"), "{args:?}: {err}");
    }
    let missing = stderr(&run(&["check"]));
    assert!(
        missing.contains("not provided: --list <LIST>; <FILES>..."),
        "{missing}"
    );
}

const OLD: &str = "fixtures/samples/azure-ssp-2019.docx";
const NEW: &str = "fixtures/samples/azure-ssp-2024.docx";

#[test]
fn diff_json_contract() {
    let o = run(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["old"], OLD);
    assert_eq!(v["new"], NEW);
    let want: Value = serde_json::from_str(&common::fixture_text(
        "samples/azure-ssp-diff.expected.json",
    ))
    .unwrap();
    let count = |v: &Value, k: &str| v[k].as_array().unwrap().len();
    for k in ["added", "removed", "renamed", "moved"] {
        assert_eq!(count(&v, k), count(&want, k), "{k}");
    }
    assert_eq!(v["unchanged"], want["unchanged"]);
    // Services as in the scope JSON.
    let added = &v["added"][0];
    for field in ["name", "key", "aliases", "offering", "sources"] {
        assert!(!added[field].is_null(), "{field}");
    }
    let r = v["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["from"] == "Azure Security Center")
        .unwrap();
    assert_eq!(r["to"], "Microsoft Defender for Cloud");
    let table = stdout(&run(&["diff", OLD, NEW]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("~ renamed  Azure Sentinel ")
                && l.ends_with("-> Microsoft Sentinel (since 2021-11)")),
        "{table}"
    );
    let summary = format!(
        "{} added, {} removed, {} renamed, {} moved, {} unchanged.",
        count(&want, "added"),
        count(&want, "removed"),
        count(&want, "renamed"),
        count(&want, "moved"),
        want["unchanged"]
    );
    assert!(table.contains(&summary), "{table}");
}

#[test]
fn check_json_contract_and_exit_codes() {
    let o = run(&[
        "check",
        AZURE,
        "--list",
        "fixtures/lists/ismap-azure-1-2020.txt",
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "not every listed name is in scope"
    );
    let v = json(&o);
    let entries = v["entries"].as_array().unwrap();
    let listed = common::fixture_text("lists/ismap-azure-1-2020.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count();
    assert_eq!(entries.len(), listed);
    let garbled = &entries[0];
    assert_eq!(garbled["listed"], "AI + Machine AI Builder Learning");
    assert_eq!(garbled["status"], "not-found");
    assert!(garbled["service"].is_null());
    assert_eq!(garbled["suggestions"][0], "Azure Machine Learning");
    let sentinel = entries
        .iter()
        .find(|e| e["listed"] == "Azure Sentinel")
        .unwrap();
    assert_eq!(sentinel["status"], "renamed");
    assert_eq!(sentinel["service"]["name"], "Microsoft Sentinel");
    assert_eq!(sentinel["sources"][0]["section"], "9.2.1");
    let aks = entries
        .iter()
        .find(|e| e["listed"] == "Azure Kubernetes Service (AKS)")
        .unwrap();
    assert_eq!(aks["status"], "in-scope");
    assert_eq!(aks["matches"][0]["name"], "Azure Kubernetes Service (AKS)");
    assert_eq!(aks["matches"][0]["how"], "exact");
    assert_eq!(v["summary"]["listed"], listed);
    let not_found = entries
        .iter()
        .filter(|e| e["status"] == "not-found")
        .count();
    assert_eq!(v["summary"]["not_found"], not_found);
    assert!(not_found > 0);

    // Every name in scope: exit 0.
    let dir = std::env::temp_dir().join(format!("ssp-scope-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("ok.txt");
    std::fs::write(&list, "AKS\nAzure Sentinel\n# a comment\nExchange Online\n").unwrap();
    let o = run(&["check", AZURE, O365, "--list", list.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_csv_lists_by_column() {
    let o = run(&[
        "check",
        AZURE,
        "--list",
        "fixtures/lists/services.csv",
        "--column",
        "Service Name",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("listed,line,status,service,offering,sections,suggestions,note,evidence"),
        "{out}"
    );
    assert!(
        out.contains("Azure Security Center,5,renamed,Microsoft Defender for Cloud"),
        "{out}"
    );
    // The last column: what the rename table's line cites, quoted as CSV quotes it.
    let cited = fedramp_ssp::Renames::builtin()
        .entries()
        .iter()
        .find(|e| e.from == "Azure Security Center")
        .and_then(|e| e.note.clone())
        .expect("the table cites a source for the rename");
    let row = out
        .lines()
        .find(|l| l.starts_with("Azure Security Center,"))
        .expect("the row of the renamed name");
    assert!(
        row.ends_with(&format!(",\"{}\"", cited.replace('"', "\"\""))),
        "{row}"
    );
    // Without --column, the column headed "Service Name" is read.
    let o = run(&["check", AZURE, "--list", "fixtures/lists/services.csv"]);
    assert!(
        stdout(&o).contains("Azure Kubernetes Service (AKS)"),
        "{}",
        stderr(&o)
    );
    for args in [
        vec![
            "check",
            AZURE,
            "--list",
            "fixtures/lists/services.csv",
            "--column",
            "Nom",
        ],
        vec!["check", AZURE, "--list", "fixtures/lists/missing.txt"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    }
}

#[test]
fn lookup_of_an_old_name_says_it_was_renamed() {
    let o = run(&["lookup", AZURE, "--name", "Azure Security Center"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Microsoft Defender for Cloud")
            && out.contains("Azure Security Center became Microsoft Defender for Cloud in 2021-11"),
        "{out}"
    );
}
