//! Service-name parsing, normalization and lookups on arbitrary text: the first lines are
//! listed names, the last line the query, looked up in the set and in the rename-aware index.
#![no_main]

use fedramp_ssp::{Offering, ScopeSet, Service, ServiceName, Source, parse_list};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines: Vec<&str> = text.lines().take(64).collect();
    let query = lines.pop().unwrap_or_default();
    let set: ScopeSet = lines
        .iter()
        .filter_map(|l| ServiceName::parse(l))
        .map(|n| Service::new(n, Offering::IaasPaas, Source::new("fuzz", "9.2.1", "t", "x")))
        .collect();
    let _ = set.lookup(query).message(&["fuzz.docx".to_string()]);
    let index = set.index();
    for listed in parse_list(&text).iter().take(64) {
        let _ = index.lookup(&listed.name, fedramp_ssp::Renames::builtin());
    }
});
