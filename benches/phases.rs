//! `scope` and its phases against the floor up to where it stops, interleaved in one process
//! (BENCHMARKS.md, round 5): each iteration runs every phase once, so that no phase has the
//! caches to itself as it does in a criterion group; medians of N iterations, and the median of
//! each iteration's time against the floor's in that iteration ("paired", as issue 13 measures).
//! One phase runs no library code: the floor and the check's inflating of the whole part at
//! once, on two threads (BENCHMARKS.md, round 10), the least a read that checks the rest beside
//! its parsing can take on this machine, where a second busy thread slows the first. Another
//! runs two floors at once: what a second thread gives on this machine at that moment (on a
//! shared VM, from 1.3x to 2x), printed last (BENCHMARKS.md, round 17).
//!
//! `cargo run --release -p fedramp-ssp-benches --example phases -- FILE END [N]`, where END is
//! the byte of `word/document.xml` at which the scope read stops (the `end_of_sections` of
//! `parse.rs`: 948597 for the Azure sample, 748899 for the Office 365 sample; the part's length,
//! 10086323, for FedRAMP's Moderate template, which has no such sections).

use std::hint::black_box;
use std::time::Instant;

use fedramp_ssp::{DocumentBuilder, DocumentScope, ProfileChoice, read_scope};

#[path = "corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(end)) = (args.first(), args.get(1).and_then(|e| e.parse().ok())) else {
        eprintln!("usage: phases FILE END_OF_SECTIONS [ITERATIONS]");
        std::process::exit(2);
    };
    let iterations: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(60);
    let bytes = std::fs::read(path).unwrap();
    let mut one_thread = DocumentBuilder::new();
    one_thread.single_threaded(true);
    let beside = DocumentBuilder::new();
    let phases: [(&str, &dyn Fn()); 8] = [
        ("floor to end of sections", &|| {
            black_box(corpus::floor_to(&bytes, end));
        }),
        ("two floors, side by side", &|| {
            std::thread::scope(|beside| {
                beside.spawn(|| black_box(corpus::floor_to(&bytes, end)));
                black_box(corpus::floor_to(&bytes, end));
            });
        }),
        ("inflate the whole part (the check)", &|| {
            black_box(corpus::inflate_all(&bytes));
        }),
        ("floor and the check, side by side", &|| {
            std::thread::scope(|beside| {
                beside.spawn(|| black_box(corpus::inflate_all(&bytes)));
                black_box(corpus::floor_to(&bytes, end));
            });
        }),
        ("open, one thread (styles, numbering)", &|| {
            black_box(one_thread.open(path).unwrap());
        }),
        ("open from the path (numbering beside)", &|| {
            black_box(beside.open(path).unwrap());
        }),
        ("scope, one thread", &|| {
            // A template without the sections is an error, after reading the whole body.
            let mut doc = one_thread.open(path).unwrap();
            let _ = black_box(read_scope(&mut doc, path, &ProfileChoice::Auto));
        }),
        ("scope (read_with, as the example)", &|| {
            let _ = black_box(DocumentScope::read_with(path, &ProfileChoice::Auto));
        }),
    ];
    let mut times = vec![Vec::new(); phases.len()];
    for _ in 0..iterations {
        for ((_, phase), t) in phases.iter().zip(&mut times) {
            let start = Instant::now();
            phase();
            t.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let median = |t: &mut Vec<f64>| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    // Each iteration's time against the floor's in the same iteration: a drift of the machine
    // moves both.
    let mut paired: Vec<Vec<f64>> = times
        .iter()
        .map(|t| t.iter().zip(&times[0]).map(|(p, f)| p / f).collect())
        .collect();
    let floor_ms = median(&mut times[0]);
    for (((name, _), t), r) in phases.iter().zip(&mut times).zip(&mut paired) {
        let ms = median(t);
        let ratio = median(r);
        println!(
            "{name:36} {ms:7.2} ms  {:.2}x the floor (paired: {ratio:.2}x)",
            ms / floor_ms
        );
    }
    // What a second thread gives on this machine now: two floors' work in the time of the
    // "two floors" phase, against one floor's (2.00x: two whole cores; 1.00x: none).
    let gain = 2.0 / median(&mut paired[1]);
    println!("two threads give {gain:.2}x one thread's work (paired, the two floors)");
}
