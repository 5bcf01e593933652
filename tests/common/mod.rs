//! Helpers shared by the integration tests. Tests read fixtures/ only.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output};

/// The path of a file under fixtures/.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Reads a fixture as UTF-8 text, without a byte-order mark.
pub fn fixture_text(rel: &str) -> String {
    let text = std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    text.trim_start_matches('\u{feff}').to_string()
}

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub fn read_fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A zip archive holding these entries, in order.
pub fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        if let Err(e) = writer.start_file(name.as_str(), options) {
            panic!("zip {name}: {e}");
        }
        if let Err(e) = writer.write_all(data) {
            panic!("zip {name}: {e}");
        }
    }
    match writer.finish() {
        Ok(cursor) => cursor.into_inner(),
        Err(e) => panic!("zip: {e}"),
    }
}

pub fn entry(name: &str, data: &str) -> (String, Vec<u8>) {
    (name.to_string(), data.as_bytes().to_vec())
}

/// The entries of a fixture package, inflated.
pub fn fixture_entries(rel: &str) -> Vec<(String, Vec<u8>)> {
    let mut archive = match zip::ZipArchive::new(Cursor::new(read_fixture(rel))) {
        Ok(a) => a,
        Err(e) => panic!("{rel}: {e}"),
    };
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => panic!("{rel} entry {i}: {e}"),
        };
        let name = match file.name() {
            Ok(n) => n.into_owned(),
            Err(e) => panic!("{rel} entry {i}: {e}"),
        };
        let mut data = Vec::new();
        if let Err(e) = file.read_to_end(&mut data) {
            panic!("{rel} {name}: {e}");
        }
        out.push((name, data));
    }
    out
}

pub fn root_rels(relationships: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>"#
    )
}

pub fn minimal_document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#
    )
}

/// A minimal .docx from its parts' XML: `document` is the body's inner XML; `styles` and
/// `numbering` are whole parts, left out when `None`. For focused, hand-written edge cases.
pub fn docx_of(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Vec<u8> {
    let mut rels = String::new();
    if styles.is_some() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>"#
        ));
    }
    if numbering.is_some() {
        rels.push_str(&format!(
            r#"<Relationship Id="rId2" Type="{REL}/numbering" Target="numbering.xml"/>"#
        ));
    }
    let mut entries = vec![
        entry(
            "_rels/.rels",
            &root_rels(&format!(
                r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>"#
            )),
        ),
        entry("word/document.xml", &minimal_document(body)),
        entry("word/_rels/document.xml.rels", &root_rels(&rels)),
    ];
    if let Some(s) = styles {
        entries.push(entry(
            "word/styles.xml",
            &format!(r#"<w:styles xmlns:w="{W_NS}">{s}</w:styles>"#),
        ));
    }
    if let Some(n) = numbering {
        entries.push(entry(
            "word/numbering.xml",
            &format!(r#"<w:numbering xmlns:w="{W_NS}">{n}</w:numbering>"#),
        ));
    }
    zip_of(&entries)
}

/// The example binary, built (or brought up to date) once per test run: `cargo test` builds
/// examples, but `cargo test --test NAME` alone does not.
pub fn example_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let status = Command::new(env!("CARGO"))
                .args(["build", "--quiet", "--example", "ssp_scope"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap_or_else(|e| panic!("cargo: {e}"));
            assert!(status.success(), "building the example failed");
            let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
            let dir = exe
                .parent()
                .and_then(|d| d.parent())
                .unwrap_or_else(|| panic!("no target dir"));
            dir.join("examples")
                .join(format!("ssp_scope{}", std::env::consts::EXE_SUFFIX))
        })
        .clone()
}

/// Runs the example from the repository root, as the README's commands do.
pub fn run_example(args: &[&str]) -> Output {
    run_example_in(args, "C")
}

/// The example run with `LANG` set to `locale` (and the other locale variables unset).
pub fn run_example_in(args: &[&str], locale: &str) -> Output {
    Command::new(example_binary())
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// An outline as the JSON of `ssp_scope outline` writes its headings.
pub fn headings_json(outline: &fedramp_ssp::Outline) -> Vec<serde_json::Value> {
    outline
        .iter()
        .map(|h| serde_json::json!({"number": h.number, "label": h.label, "title": h.title, "level": h.level}))
        .collect()
}

/// The hand-written expected headings of a generated fixture (`fixtures/expected/outline/`).
pub fn expected_headings(name: &str) -> Vec<serde_json::Value> {
    let json = fixture_text(&format!("expected/outline/{name}.json"));
    let value: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    value["headings"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{name}.json has no headings array"))
}

/// The error a read gave, which must be of `kind` (`err` is `None` when the read succeeded).
pub fn expect_kind(
    what: &str,
    err: Option<fedramp_ssp::Error>,
    kind: fedramp_ssp::ErrorKind,
) -> fedramp_ssp::Error {
    match err {
        Some(e) => {
            assert_eq!(e.kind(), kind, "{what}: wrong kind of error: {e}");
            e
        }
        None => panic!("{what}: read without error, expected {kind:?}"),
    }
}

/// The error's message mentions each needle, on one line.
pub fn assert_mentions(e: &fedramp_ssp::Error, needles: &[&str]) {
    let message = e.to_string();
    for needle in needles {
        assert!(
            message.contains(needle),
            "message {message:?} does not mention {needle:?}"
        );
    }
    assert!(
        !message.contains('\n'),
        "message is not one line: {message:?}"
    );
}

/// The error of opening these bytes with these limits and reading every block, or `None` when
/// all went well.
pub fn read_error(bytes: Vec<u8>, limits: fedramp_ssp::Limits) -> Option<fedramp_ssp::Error> {
    let mut doc = match fedramp_ssp::DocumentBuilder::new()
        .limits(limits)
        .from_bytes(bytes)
    {
        Ok(doc) => doc,
        Err(e) => return Some(e),
    };
    let blocks = match doc.blocks() {
        Ok(blocks) => blocks,
        Err(e) => return Some(e),
    };
    blocks.filter_map(Result::err).next()
}

/// The scope of a fixture SSP (auto-detected kind), the name tests refer to it by being its
/// path under fixtures/.
pub fn scope_of(rel: &str) -> fedramp_ssp::DocumentScope {
    let mut doc =
        fedramp_ssp::Document::open(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    fedramp_ssp::read_scope(&mut doc, rel, &fedramp_ssp::ProfileChoice::Auto)
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every service of a scope with its standing: in scope, planned, or listed without a FedRAMP
/// mark (as the expected files of fixtures/msdocs and fixtures/rules write it).
pub fn services_by_standing(
    scope: &fedramp_ssp::DocumentScope,
) -> Vec<(&'static str, fedramp_ssp::Service)> {
    let mut out = Vec::new();
    for (standing, set) in [
        ("authorized", &scope.services),
        ("planned", &scope.planned),
        ("not-authorized", &scope.not_authorized),
    ] {
        out.extend(set.iter().map(|s| (standing, s.clone())));
    }
    out
}

/// Compares a scope with an expected file's services: each expected one is there once, with
/// the given name, standing, section, offering and (where the file gives them) annotations and
/// authorizations; nothing else is there.
pub fn assert_services_match(
    what: &str,
    scope: &fedramp_ssp::DocumentScope,
    expected: &serde_json::Value,
) {
    let mut actual = services_by_standing(scope);
    let wanted = expected["services"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: no services"));
    let mut problems = Vec::new();
    for e in wanted {
        let name = e["name"].as_str().unwrap_or_default();
        let Some(i) = actual.iter().position(|(_, s)| s.name == name) else {
            problems.push(format!("missing {name:?}"));
            continue;
        };
        let (standing, s) = actual.remove(i);
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut check = |field: &str, got: String, want: String| {
            if got != want {
                problems.push(format!("{name:?} {field}: got {got:?}, want {want:?}"));
            }
        };
        check(
            "standing",
            standing.into(),
            e["standing"].as_str().unwrap_or("").into(),
        );
        check(
            "section",
            s.sources[0].section.clone(),
            e["section"].as_str().unwrap_or("").into(),
        );
        check(
            "offering",
            s.offering.to_string(),
            e["offering"].as_str().unwrap_or("").into(),
        );
        for field in ["former_names", "includes", "notes"] {
            if e.get(field).is_some() {
                let got = match field {
                    "former_names" => s.former_names.clone(),
                    "includes" => s.includes.clone(),
                    _ => s.notes.clone(),
                };
                check(
                    field,
                    format!("{got:?}"),
                    format!("{:?}", strings(&e[field])),
                );
            }
        }
        if let Some(p) = e.get("part_of") {
            check(
                "part_of",
                format!("{:?}", s.part_of),
                format!("{:?}", p.as_str()),
            );
        }
        if let Some(marks) = e["authorizations"].as_object() {
            let want: std::collections::BTreeMap<String, bool> = marks
                .iter()
                .map(|(k, v)| (k.clone(), v.as_bool().unwrap_or(false)))
                .collect();
            check(
                "authorizations",
                format!("{:?}", s.authorizations),
                format!("{want:?}"),
            );
        }
    }
    for (_, s) in &actual {
        problems.push(format!("unexpected {:?}", s.name));
    }
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}
