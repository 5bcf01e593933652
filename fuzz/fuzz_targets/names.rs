//! Service-name parsing, normalization and lookups on arbitrary text: the first lines are
//! listed names, the last line the query.
#![no_main]

use fedramp_ssp::names::{clean, compact_key, core_key, normalize_key};
use fedramp_ssp::{Offering, ScopeSet, Service, ServiceName, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let cleaned = clean(&text);
    let key = normalize_key(&cleaned);
    let _ = core_key(&key);
    let _ = compact_key(&key);
    let mut lines: Vec<&str> = text.lines().take(64).collect();
    let query = lines.pop().unwrap_or_default();
    let set: ScopeSet = lines
        .iter()
        .filter_map(|l| ServiceName::parse(l))
        .map(|n| Service::new(n, Offering::IaasPaas, Source::new("fuzz", "9.2.1", "t", "x")))
        .collect();
    let _ = set.lookup(query);
});
