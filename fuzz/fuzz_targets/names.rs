//! Service-name cleaning and normalization on arbitrary text.
#![no_main]

use fedramp_ssp::ServiceName;
use fedramp_ssp::names::{clean, core_key, edit_distance, normalize_key, similarity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = ServiceName::parse(&text);
    let cleaned = clean(&text);
    let key = normalize_key(&cleaned);
    let _ = core_key(&key);
    // Bounded: edit distance is quadratic.
    let (a, b) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    if a.len() < 512 && b.len() < 512 {
        let _ = edit_distance(a, b);
        let _ = similarity(a, b);
    }
});
