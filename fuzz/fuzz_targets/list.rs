//! A list file from bytes: a workbook (.xlsx, .xlsm, .xls, .ods), CSV or text, read as
//! `check --list` reads it, under both a text and a CSV name.
//!
//! calamine's .xls reader panics on some damaged records; the library catches those panics and
//! answers `NotAList` (`src/scope/list/sheet.rs`). libFuzzer's panic hook would abort on them
//! first, so they are let through to the library's catch; any other panic still aborts.
#![no_main]

use std::sync::Once;

use fedramp_ssp::ListReader;
use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                fuzzer_hook(info);
            }
        }));
    });
    let _ = ListReader::new().read_bytes("fuzz.xlsx", data);
    let _ = ListReader::new().read_bytes("fuzz.csv", data);
});
