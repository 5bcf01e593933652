//! Styles and numbering parts from XML, then list labels computed from them.
#![no_main]

use fedramp_ssp::{ListCounters, Numbering, Styles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let styles = Styles::parse("word/styles.xml", data).unwrap_or_default();
    let Ok(numbering) = Numbering::parse("word/numbering.xml", data, &styles) else {
        return;
    };
    let mut counters = ListCounters::default();
    for num_id in 0..8u32 {
        for ilvl in [0u8, 1, 2, 8, 9, 1, 0] {
            let _ = counters.next(&numbering, num_id, ilvl);
        }
    }
});
