//! Parse throughput on FedRAMP's Moderate template and the bundled sample SSPs, against the
//! floor: inflating `word/document.xml`, and inflating plus tokenizing it with quick-xml doing
//! nothing per event. Throughput is in bytes of the uncompressed main part.
//!
//! `cargo bench --bench parse`

use std::hint::black_box;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fedramp_ssp::{Document, ProfileChoice, ScopeSet, ServiceName, read_scope};

fn fixture(rel: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main_part_len(bytes: &[u8]) -> u64 {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    zip.by_name("word/document.xml").unwrap().size()
}

fn inflate(bytes: &[u8]) -> usize {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut part = zip.by_name("word/document.xml").unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    loop {
        let n = part.read(&mut buf).unwrap();
        if n == 0 {
            return total;
        }
        total += n;
    }
}

fn tokenize(bytes: &[u8]) -> usize {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let part = zip.by_name("word/document.xml").unwrap();
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(64 * 1024, part));
    let mut buf = Vec::with_capacity(4096);
    let mut events = 0;
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            quick_xml::events::Event::Eof => return events,
            _ => events += 1,
        }
        buf.clear();
    }
}

fn documents(c: &mut Criterion) {
    let corpus = [
        (
            "moderate-template",
            "fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx",
        ),
        ("azure-sample", "samples/azure-ssp.docx"),
        ("office365-sample", "samples/office365-ssp.docx"),
    ];
    for (name, rel) in corpus {
        let bytes = fixture(rel);
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(main_part_len(&bytes)));
        group.bench_function("floor-inflate", |b| b.iter(|| inflate(black_box(&bytes))));
        group.bench_function("floor-inflate-tokenize", |b| {
            b.iter(|| tokenize(black_box(&bytes)))
        });
        group.bench_function("outline", |b| {
            b.iter(|| {
                Document::from_reader(Cursor::new(black_box(&bytes[..])))
                    .unwrap()
                    .outline()
                    .unwrap()
            })
        });
        if name != "moderate-template" {
            group.bench_function("scope", |b| {
                b.iter(|| {
                    let mut doc =
                        Document::from_reader(Cursor::new(black_box(&bytes[..]))).unwrap();
                    read_scope(&mut doc, name, &ProfileChoice::Auto).unwrap()
                })
            });
        }
        group.finish();
    }
}

fn names(c: &mut Criterion) {
    let bytes = fixture("samples/azure-ssp.docx");
    let mut doc = Document::from_reader(Cursor::new(&bytes[..])).unwrap();
    let scope: ScopeSet = read_scope(&mut doc, "azure", &ProfileChoice::Auto)
        .unwrap()
        .services;
    let raw: Vec<String> = scope
        .iter()
        .flat_map(|s| s.sources.iter().map(|x| x.text.clone()))
        .collect();
    let mut group = c.benchmark_group("names");
    group.throughput(Throughput::Elements(raw.len() as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            raw.iter()
                .filter_map(|r| ServiceName::parse(black_box(r)))
                .count()
        })
    });
    let queries = [
        "AKS",
        "azure kubernetes service",
        "Kubernetes Service",
        "Azure Quantum",
        "defender for clowd",
    ];
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("lookup", |b| {
        b.iter(|| {
            queries
                .iter()
                .filter(|q| scope.lookup(black_box(q)).is_found())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, documents, names);
criterion_main!(benches);
