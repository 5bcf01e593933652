//! The floor as one process, for counting instructions (BENCHMARKS.md, round 2): inflate
//! `word/document.xml` through a 64 KiB `BufReader` into quick-xml, nothing done per event,
//! as the criterion floor does; with a second argument N, stop once N bytes are tokenized.
//!
//! `cargo build --release -p fedramp-ssp-benches --example floor`, then
//! `valgrind --tool=callgrind target/release/examples/floor FILE [N]`.

use std::io::{BufReader, Cursor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: floor FILE [STOP_AT_BYTE]")?;
    let stop: u64 = match args.next() {
        Some(n) => n.parse()?,
        None => u64::MAX,
    };
    let bytes = std::fs::read(path)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..]))?;
    let part = zip.by_name("word/document.xml")?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, part));
    let mut buf = Vec::with_capacity(4096);
    let mut events = 0u64;
    while reader.buffer_position() < stop {
        if let quick_xml::events::Event::Eof = reader.read_event_into(&mut buf)? {
            break;
        }
        events += 1;
        buf.clear();
    }
    println!("{events} events, {} bytes", reader.buffer_position());
    Ok(())
}
