//! Structural attacks (issue 11): every file of `fixtures/hostile/structure/` (made by
//! `fixtures/hostile/make_structure.py`, one per class: widths, chains, references, what Word
//! does not show, output hygiene) is opened, outlined, streamed block by block and read for its
//! scope, and must give what `expected.json` says: the services, or the error. Memory is
//! measured, not assumed: this test binary counts every allocation, and the peak while reading
//! one file must stay under 64 MiB. Costs are bounded by what the library counts; the clock
//! only names a case that never returns (and is printed per case, for the curious).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fedramp_ssp::{
    DocumentBuilder, Limits, ListReader, OutlineReport, ProfileChoice, ScopeReport, read_scope,
};
use serde_json::Value;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn note_alloc(size: usize) {
    let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note_alloc(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            note_alloc(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PEAK_LIMIT: usize = 64 << 20;
/// Held while a test measures the peak, which is the whole process's.
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());
/// A case still running after this long never returns: a hang, not a slow case.
const HANG_AFTER: Duration = Duration::from_secs(300);

/// What one case gave.
struct Outcome {
    /// The first error of opening or reading the scope, if any.
    error: Option<fedramp_ssp::Error>,
    /// The services' display names, when the scope was read.
    services: Option<Vec<String>>,
    /// The scope report's text and CSV, when the scope was read.
    report: Option<(String, String)>,
}

fn limits_of(case: &Value) -> Limits {
    let mut limits = Limits::default();
    if let Some(max_text) = case["limits"]["max_text"].as_u64() {
        limits.max_text = max_text;
    }
    limits
}

/// Reads one file every way: open, outline (and its table), every block, the scope.
fn read(bytes: Vec<u8>, limits: Limits, name: &str) -> Outcome {
    let mut doc = match DocumentBuilder::new().limits(limits).from_bytes(bytes) {
        Ok(d) => d,
        Err(error) => {
            return Outcome {
                error: Some(error),
                services: None,
                report: None,
            };
        }
    };
    if let Ok(outline) = doc.outline() {
        // Table output of any heading, however long its number, never panics.
        let _ = OutlineReport::new(name, &outline).to_text();
    }
    if let Ok(blocks) = doc.blocks() {
        for block in blocks {
            if block.is_err() {
                break;
            }
        }
    }
    match read_scope(&mut doc, name, &ProfileChoice::Auto) {
        Ok(scope) => {
            let services = scope.services.iter().map(|s| s.name.clone()).collect();
            let report = ScopeReport::new(&[scope]);
            let mut csv = Vec::new();
            report
                .table()
                .write_csv(&mut csv)
                .unwrap_or_else(|e| panic!("{e}"));
            let csv = String::from_utf8(csv).unwrap_or_else(|e| panic!("{e}"));
            Outcome {
                error: None,
                services: Some(services),
                report: Some((report.to_text(), csv)),
            }
        }
        Err(error) => Outcome {
            error: Some(error),
            services: None,
            report: None,
        },
    }
}

fn check(case: &Value, outcome: &Outcome) {
    let file = case["file"].as_str().unwrap_or_default();
    let expect = case["expect"].as_str().unwrap_or_default();
    if expect == "ok" {
        if let Some(e) = &outcome.error {
            panic!("{file}: expected the scope, got: {e}");
        }
        if let (Some(want), Some(got)) = (case["services"].as_array(), &outcome.services) {
            let mut want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
            want.sort_unstable();
            want.dedup();
            let mut got: Vec<&str> = got.iter().map(String::as_str).collect();
            got.sort_unstable();
            assert_eq!(got, want, "{file}");
        }
    } else {
        let e = outcome
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{file}: read without error, expected {expect}"));
        assert_eq!(format!("{:?}", e.kind()), expect, "{file}: {e}");
        let message = e.to_string();
        assert!(
            !message.chars().any(char::is_control),
            "{file}: {message:?}"
        );
    }
    if let Some((text, csv)) = &outcome.report {
        assert_inert(file, text, csv);
    }
}

/// Table text and CSV carry no raw control or bidirectional character, and no CSV cell starts
/// a formula.
fn assert_inert(file: &str, text: &str, csv: &str) {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    assert!(
        !text.chars().any(unsafe_char),
        "{file}: text output:\n{text}"
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{file}: {e}"));
        for cell in &record {
            assert!(
                !cell.chars().any(|c| unsafe_char(c) && c != '\t'),
                "{file}: CSV cell {cell:?}"
            );
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "{file}: CSV cell {cell:?}"
            );
        }
    }
}

#[test]
fn structural_attacks_are_answered_within_64_mib() {
    let _measuring = MEASURING.lock();
    let expected: Vec<Value> =
        serde_json::from_str(&common::fixture_text("hostile/structure/expected.json"))
            .unwrap_or_else(|e| panic!("expected.json: {e}"));
    assert!(expected.len() >= 20, "{} cases", expected.len());
    let started_at = std::sync::Arc::new(std::sync::Mutex::new((String::new(), Instant::now())));
    let watch = std::sync::Arc::clone(&started_at);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(1));
            if let Ok(guard) = watch.lock()
                && guard.1.elapsed() > HANG_AFTER
            {
                eprintln!("{} has run for {:?}: a hang", guard.0, guard.1.elapsed());
                std::process::abort();
            }
        }
    });
    for case in &expected {
        let file = case["file"].as_str().unwrap_or_default();
        let bytes = common::read_fixture(&format!("hostile/structure/{file}"));
        if let Ok(mut guard) = started_at.lock() {
            *guard = (file.to_string(), Instant::now());
        }
        let base = IN_USE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let started = Instant::now();
        let outcome = read(bytes, limits_of(case), file);
        let took = started.elapsed();
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        eprintln!(
            "{file:28} {:>7.1} MiB peak  {:>8.1?}  {}",
            peak as f64 / f64::from(1 << 20),
            took,
            outcome
                .error
                .as_ref()
                .map_or_else(|| "ok".to_string(), |e| format!("{:?}", e.kind()))
        );
        assert!(
            peak < PEAK_LIMIT,
            "{file}: peak {peak} bytes, over {PEAK_LIMIT}"
        );
        check(case, &outcome);
    }
}

#[test]
fn an_error_naming_a_path_with_a_newline_is_one_line() {
    let o = common::run_example(&["scope", "fixtures/hostile/structure/newline-in-target.docx"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("docu"), "{stderr}");
}

/// Workbooks that ask a spreadsheet reader for gigabytes (`fixtures/hostile/make_lists.py`: two
/// cells far apart, a zip bomb) are read as lists within 64 MiB: the names, or `ListTooLarge`.
#[test]
fn hostile_workbooks_are_read_as_lists_within_64_mib() {
    let _measuring = MEASURING.lock();
    let expected: serde_json::Map<String, Value> =
        serde_json::from_str(&common::fixture_text("hostile/lists/expected.json"))
            .unwrap_or_else(|e| panic!("expected.json: {e}"));
    assert!(expected.len() >= 5, "{} cases", expected.len());
    for (file, want) in &expected {
        let bytes = common::read_fixture(&format!("hostile/lists/{file}"));
        let base = IN_USE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let read = ListReader::new().read_bytes(file, &bytes);
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        eprintln!(
            "{file:32} {:>7.1} MiB peak",
            peak as f64 / f64::from(1 << 20)
        );
        assert!(
            peak < PEAK_LIMIT,
            "{file}: peak {peak} bytes, over {PEAK_LIMIT}"
        );
        match (read, want["error"].as_str()) {
            (Ok(list), None) => {
                let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
                let want: Vec<&str> = want["names"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                assert_eq!(names, want, "{file}");
            }
            (Err(e), Some(kind)) => {
                assert_eq!(format!("{:?}", e.kind()), kind, "{file}: {e}");
                assert_eq!(e.to_string().lines().count(), 1, "{file}: {e}");
            }
            (Ok(list), Some(kind)) => panic!("{file}: read {} names, expected {kind}", list.len()),
            (Err(e), None) => panic!("{file}: {e}"),
        }
    }
}

/// A damaged .xls that makes the spreadsheet reader panic is an error, printed as one line.
#[test]
fn a_workbook_the_spreadsheet_reader_fails_on_is_one_line() {
    let o = common::run_example(&[
        "check",
        "fixtures/samples/azure-ssp-2019.docx",
        "--list",
        "fixtures/hostile/lists/damaged-record.xls",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("damaged-record.xls"), "{stderr}");
}
