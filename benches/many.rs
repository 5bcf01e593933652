//! Many SSPs at once, measured in rounds (BENCHMARKS.md, rounds 3 and 5): the 52 SSPs of the
//! criterion `many-ssps` group (the four sample SSPs, 13 times each) read one at a time on one
//! thread, one at a time with `DocumentScope::read_with` (which checks the rest of each main part
//! on a second thread while it parses), and with `DocumentScope::read_all`, back to back, N
//! times; the median of the per-round ratios. A round shares the machine's state of the moment,
//! so the ratios hold when the machine's speed drifts between criterion's groups, as it does on
//! a shared VM. Each round also runs the floor (inflating and tokenizing every file's whole
//! main part, no library code) on one thread and on two: how much two threads gain on this
//! machine at that moment, the bound for `read_all`'s gain.
//!
//! `cargo run --release -p fedramp-ssp-benches --example many [PAIRS]` (default 9).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fedramp_ssp::{DocumentBuilder, DocumentScope, ProfileChoice, read_scope};

#[path = "corpus.rs"]
mod corpus;

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
    let one_thread = || -> Result<Duration, fedramp_ssp::Error> {
        let start = Instant::now();
        let mut builder = DocumentBuilder::new();
        builder.single_threaded(true);
        for p in &paths {
            let mut doc = builder.open(p)?;
            read_scope(&mut doc, &p.display().to_string(), &ProfileChoice::Auto)?;
        }
        Ok(start.elapsed())
    };
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
    one_thread()?;
    one_at_a_time()?;
    all_at_once()?;
    let mut rounds = Vec::new();
    for _ in 0..pairs {
        rounds.push([
            one_thread()?,
            one_at_a_time()?,
            all_at_once()?,
            floor_on(&paths, 1)?,
            floor_on(&paths, 2)?,
        ]);
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "{} SSPs, {pairs} rounds, {threads} threads; medians: one thread {:.0} ms, read_with {:.0} ms, read_all {:.0} ms",
        paths.len(),
        median(rounds.iter().map(|r| r[0].as_secs_f64() * 1e3)).0,
        median(rounds.iter().map(|r| r[1].as_secs_f64() * 1e3)).0,
        median(rounds.iter().map(|r| r[2].as_secs_f64() * 1e3)).0,
    );
    for (what, a, b) in [
        ("read_all against one thread", 0, 2),
        ("read_all against read_with", 1, 2),
        ("read_with against one thread", 0, 1),
        ("the floor, two threads against one (the bound)", 3, 4),
    ] {
        let (mid, low, high) = median(
            rounds
                .iter()
                .map(|r| r[a].as_secs_f64() / r[b].as_secs_f64()),
        );
        println!("{what}: {mid:.2}x faster (median of the rounds; {low:.2}x-{high:.2}x)");
    }
    Ok(())
}

/// The floor of every file in `paths` (read from disk, its main part inflated and tokenized
/// whole), the files shared out to `threads` threads as `read_all` shares them.
fn floor_on(paths: &[PathBuf], threads: usize) -> std::io::Result<Duration> {
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let floor_of_next = || -> std::io::Result<()> {
        while let Some(path) = paths.get(next.fetch_add(1, Ordering::Relaxed)) {
            std::hint::black_box(corpus::floor_to(&std::fs::read(path)?, u64::MAX));
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(floor_of_next)).collect();
        let mut outcome = floor_of_next();
        for other in others {
            outcome = outcome.and(other.join().unwrap_or(Ok(())));
        }
        outcome
    })?;
    Ok(start.elapsed())
}

/// The median, lowest and highest of some values.
fn median(values: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    let at = |i: usize| v.get(i).copied().unwrap_or_default();
    (at(v.len() / 2), at(0), at(v.len().saturating_sub(1)))
}
