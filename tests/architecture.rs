//! The tree is the pipeline: package → styles and numbering → body → outline → document →
//! extraction → names → scope → reports, data flowing one way. A module may use the modules of
//! its own stage or of earlier stages, never a later one; and no function of src/ is longer
//! than a screen and a half.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The stage of each module, by path under `crate::`. Submodules share their module's stage.
const STAGES: &[(&str, u8)] = &[
    ("error", 0),
    ("text", 0),
    ("lang", 0),
    ("docx::limits", 1),
    ("docx::xml", 1),
    ("docx::package", 2),
    ("docx::integrity", 2),
    ("docx::styles", 3),
    ("docx::numbering", 3),
    ("docx::body", 4),
    ("docx::outline", 5),
    ("docx::document", 6),
    ("docx", 6),
    ("scope::profile", 7),
    ("scope::notice", 7),
    ("scope::locate", 7),
    ("scope::extract", 7),
    ("scope::names", 8),
    ("scope::renames", 8),
    ("scope::set", 9),
    ("scope::read", 10),
    ("scope::lookup", 11),
    ("scope::diff", 11),
    ("scope::list", 11),
    ("scope::check", 12),
    ("scope", 12),
    ("report", 13),
];

/// The stage of a module path (`docx::body::reader` is in `docx::body`'s stage).
fn stage(module: &str) -> Option<u8> {
    STAGES
        .iter()
        .filter(|(m, _)| module == *m || module.starts_with(&format!("{m}::")))
        .max_by_key(|(m, _)| m.len())
        .map(|(_, s)| *s)
}

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out
}

/// The module path of a source file: `src/docx/body/reader.rs` → `docx::body::reader`.
fn module_of(path: &Path) -> String {
    let rel = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
        .unwrap();
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The modules a source refers to as `crate::a::b::Item` or in `use crate::{...}` (first two
/// path segments that are modules).
fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        // Keep the module segments (lower case), not the item.
        let modules: Vec<&str> = segments
            .iter()
            .take_while(|s| s.chars().next().is_some_and(char::is_lowercase))
            .copied()
            .collect();
        if !modules.is_empty() {
            out.push(modules.join("::"));
        }
    }
    out
}

#[test]
fn no_stage_uses_a_later_stage() {
    let mut violations = Vec::new();
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in sources() {
        let module = module_of(&path);
        if module.is_empty() {
            continue; // lib.rs: the re-exports of every stage.
        }
        let own = stage(&module).unwrap_or_else(|| panic!("{module} has no stage"));
        let text = std::fs::read_to_string(&path).unwrap();
        // Doc comments name other modules in links; only code counts.
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for used in references(&code) {
            let Some(theirs) = stage(&used) else { continue };
            if theirs > own {
                violations.push(format!(
                    "{module} (stage {own}) uses {used} (stage {theirs})"
                ));
            }
            let top = |m: &str| m.split("::").take(2).collect::<Vec<_>>().join("::");
            if top(&used) != top(&module) {
                graph.entry(top(&module)).or_default().push(top(&used));
            }
        }
    }
    assert!(violations.is_empty(), "\n{}", violations.join("\n"));
    // And no cycle among modules of one stage either.
    for start in graph.keys() {
        let mut seen = vec![start.clone()];
        let mut todo = graph[start].clone();
        while let Some(m) = todo.pop() {
            assert_ne!(&m, start, "a dependency cycle through {start}");
            if !seen.contains(&m) {
                seen.push(m.clone());
                todo.extend(graph.get(&m).cloned().unwrap_or_default());
            }
        }
    }
}

#[test]
fn a_test_of_this_test_catches_an_upward_use() {
    assert_eq!(
        references("use crate::scope::set::Service;"),
        ["scope::set"]
    );
    assert!(stage("docx::body::reader") < stage("scope::names"));
    assert_eq!(stage("docx::body::reader"), stage("docx::body"));
}

/// Function bodies: from a line declaring `fn` to the first line after it, indented as the
/// declaration, that closes it.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let declares = trimmed.starts_with("fn ")
            || trimmed.starts_with("pub fn ")
            || trimmed.starts_with("pub(crate) fn ")
            || trimmed.starts_with("pub(super) fn ")
            || trimmed.starts_with("const fn ");
        if !declares || trimmed.ends_with(';') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let end = lines[i + 1..].iter().position(|l| {
            l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
        });
        if let Some(end) = end {
            let name: String = trimmed
                .split("fn ")
                .nth(1)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((name, end + 2));
        }
    }
    out
}

#[test]
fn no_function_in_src_is_longer_than_100_lines() {
    let mut long = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (name, lines) in function_lengths(&text) {
            if lines >= 100 {
                long.push(format!("{}: {name} ({lines} lines)", module_of(&path)));
            }
        }
    }
    assert!(long.is_empty(), "\n{}", long.join("\n"));
}
