//! Helpers shared by the integration tests. Tests read fixtures/ only.
#![allow(dead_code)]

use std::path::PathBuf;

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
