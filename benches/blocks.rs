//! The full block stream as one process, for counting instructions (BENCHMARKS.md, round 2):
//! open the file and pull every block of `Document::blocks()`, as a tool extracting text does.
//!
//! `cargo build --release -p fedramp-ssp-benches --example blocks`, then
//! `valgrind --tool=callgrind target/release/examples/blocks FILE`.

use fedramp_ssp::Document;

fn main() -> Result<(), fedramp_ssp::Error> {
    for path in std::env::args().skip(1) {
        let mut doc = Document::open(&path)?;
        let mut blocks = 0u64;
        let mut bytes = 0u64;
        for block in doc.blocks()? {
            blocks += 1;
            bytes += block?.held_bytes();
        }
        println!("{path}: {blocks} blocks, {bytes} bytes held");
    }
    Ok(())
}
