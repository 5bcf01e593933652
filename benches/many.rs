//! Many SSPs at once, measured in pairs (BENCHMARKS.md, round 3): the 52 SSPs of the criterion
//! `many-ssps` group (the four sample SSPs, 13 times each) read one at a time and then with
//! `DocumentScope::read_all`, back to back, N times; the median of the per-pair ratios. A pair
//! shares the machine's state of the moment, so the ratio holds when the machine's speed
//! drifts between criterion's groups, as it does on a shared VM.
//!
//! `cargo run --release -p fedramp-ssp-benches --example many [PAIRS]` (default 9).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fedramp_ssp::{DocumentScope, ProfileChoice};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pairs: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 9,
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/samples");
    let names = [
        "azure-ssp.docx",
        "office365-ssp.docx",
        "azure-ssp-2019.docx",
        "azure-ssp-2024.docx",
    ];
    let paths: Vec<PathBuf> = (0..13)
        .flat_map(|_| names.iter().map(|n| dir.join(n)))
        .collect();
    let one_at_a_time = || -> Result<Duration, fedramp_ssp::Error> {
        let start = Instant::now();
        for p in &paths {
            DocumentScope::read_with(p, &ProfileChoice::Auto)?;
        }
        Ok(start.elapsed())
    };
    let all_at_once = || -> Result<Duration, fedramp_ssp::Error> {
        let start = Instant::now();
        for scope in DocumentScope::read_all(&paths, &ProfileChoice::Auto) {
            scope?;
        }
        Ok(start.elapsed())
    };
    // Warm-up: the files in the page cache, the rename table parsed.
    one_at_a_time()?;
    all_at_once()?;
    let (mut ones, mut alls, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..pairs {
        let one = one_at_a_time()?;
        let all = all_at_once()?;
        ratios.push(one.as_secs_f64() / all.as_secs_f64());
        ones.push(one);
        alls.push(all);
    }
    ones.sort();
    alls.sort();
    ratios.sort_by(f64::total_cmp);
    let median = |v: &[Duration]| v.get(v.len() / 2).copied().unwrap_or_default();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "{} SSPs, {pairs} pairs, {threads} threads: one at a time {:.0} ms, read_all {:.0} ms \
         (medians); read_all faster by {:.2}x (median of the pairs; {:.2}x-{:.2}x)",
        paths.len(),
        median(&ones).as_secs_f64() * 1e3,
        median(&alls).as_secs_f64() * 1e3,
        ratios.get(ratios.len() / 2).copied().unwrap_or_default(),
        ratios.first().copied().unwrap_or_default(),
        ratios.last().copied().unwrap_or_default(),
    );
    Ok(())
}
