//! Parse throughput on FedRAMP's Moderate template, the bundled sample SSPs and a generated
//! large SSP (`benches/generated/large-ssp.docx`, about 65 MiB of `word/document.xml`, made on
//! first use by `corpus.rs`), against the floor: inflating `word/document.xml`, and inflating
//! plus tokenizing it with quick-xml doing nothing per event. Throughput is in bytes of the
//! uncompressed main part. Name normalization and lookup are measured on their own.
//!
//! `cargo bench -p fedramp-ssp-benches --bench parse` (all of it, about 5 minutes on 2 cores);
//! `cargo bench -p fedramp-ssp-benches --bench parse -- large-ssp` (the large SSP only).
//! BENCHMARKS.md has the figures.

use std::hint::black_box;
use std::io::Cursor;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use fedramp_ssp::{
    Document, DocumentBuilder, DocumentScope, ProfileChoice, Renames, ScopeSet, ServiceName,
    read_scope,
};

#[path = "corpus.rs"]
mod corpus;

fn fixture(rel: &str) -> Vec<u8> {
    let path = corpus::manifest_dir().join("fixtures").join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn main_part_len(bytes: &[u8]) -> u64 {
    corpus::main_part_len_of(bytes).unwrap()
}

fn tokenize(bytes: &[u8]) -> usize {
    corpus::floor_to(bytes, u64::MAX)
}

/// Where a scope read stops: the byte of the main part at which the heading after the last
/// section asked for (9.2.2 of an Azure SSP, 9.5 of an Office 365 SSP) has been read.
fn end_of_sections(bytes: &[u8]) -> u64 {
    let mut doc = Document::from_reader(Cursor::new(bytes)).unwrap();
    let mut blocks = doc.blocks().unwrap();
    let mut last_level = None;
    while let Some(block) = blocks.next() {
        let block = block.unwrap();
        let Some(p) = block.as_paragraph().filter(|p| p.is_heading()) else {
            continue;
        };
        let level = p.outline_level();
        let label = p.label().map_or("", |l| l.text.trim_end_matches('.'));
        match last_level {
            Some(last) if level <= last => return blocks.position(),
            _ if label == "9.2.2" || label == "9.5" => last_level = Some(level),
            _ => {}
        }
    }
    blocks.position()
}

/// One document of the corpus.
struct Doc {
    /// Criterion group name.
    name: &'static str,
    path: PathBuf,
    bytes: Vec<u8>,
    /// Whether it has scope sections (9.2.1/9.2.2 or 9.5).
    has_scope: bool,
    /// Tenths of a second per iteration: few samples.
    large: bool,
}

fn corpus() -> Vec<Doc> {
    let small = |name, rel: &str, has_scope| Doc {
        name,
        path: corpus::manifest_dir().join("fixtures").join(rel),
        bytes: fixture(rel),
        has_scope,
        large: false,
    };
    let large = corpus::large_ssp();
    let repeated = corpus::repeated_template();
    vec![
        small(
            "moderate-template",
            "fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx",
            false,
        ),
        small("azure-sample", "samples/azure-ssp.docx", true),
        small("office365-sample", "samples/office365-ssp.docx", true),
        Doc {
            name: "large-ssp",
            path: large.clone(),
            bytes: std::fs::read(&large).unwrap_or_else(|e| panic!("{}: {e}", large.display())),
            has_scope: true,
            large: true,
        },
        Doc {
            name: "low-template-repeated",
            path: repeated.clone(),
            bytes: std::fs::read(&repeated)
                .unwrap_or_else(|e| panic!("{}: {e}", repeated.display())),
            has_scope: false,
            large: true,
        },
    ]
}

fn documents(c: &mut Criterion) {
    for doc in corpus() {
        let Doc {
            name,
            path,
            bytes,
            has_scope,
            large,
        } = doc;
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(main_part_len(&bytes)));
        if large {
            // About 0.1-0.3 s per iteration: 10 samples of a few iterations each.
            group
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_secs(2))
                .measurement_time(Duration::from_secs(8));
        }
        group.bench_function("floor-inflate", |b| {
            b.iter(|| corpus::inflate_all(black_box(&bytes)))
        });
        group.bench_function("floor-inflate-tokenize", |b| {
            b.iter(|| tokenize(black_box(&bytes)))
        });
        // Opening alone: the zip directory, styles, numbering and core properties. Every
        // outline and scope run pays it; on a small document it is most of `scope`.
        group.bench_function("open", |b| {
            b.iter(|| Document::from_reader(Cursor::new(black_box(&bytes[..]))).unwrap())
        });
        group.bench_function("outline", |b| {
            b.iter(|| {
                Document::from_reader(Cursor::new(black_box(&bytes[..])))
                    .unwrap()
                    .outline()
                    .unwrap()
            })
        });
        // The full block stream: every paragraph and table with the text a reader sees, what
        // a tool extracting text uses.
        group.bench_function("blocks", |b| {
            b.iter(|| {
                let mut doc = Document::from_reader(Cursor::new(black_box(&bytes[..]))).unwrap();
                doc.blocks()
                    .unwrap()
                    .map(|block| block.unwrap().held_bytes())
                    .sum::<u64>()
            })
        });
        if has_scope {
            group.bench_function("scope", |b| {
                b.iter(|| {
                    let mut doc =
                        Document::from_reader(Cursor::new(black_box(&bytes[..]))).unwrap();
                    read_scope(&mut doc, name, &ProfileChoice::Auto).unwrap()
                })
            });
            // Issue 13, item 2: `scope` as the example runs it (from the file, the rest of the
            // part checked on a second thread) against the floor up to where it stops.
            let end = end_of_sections(&bytes);
            group.bench_function("floor-to-end-of-sections", |b| {
                b.iter(|| corpus::floor_to(black_box(&bytes), end))
            });
            group.bench_function("scope-from-path", |b| {
                b.iter(|| DocumentScope::read_with(black_box(&path), &ProfileChoice::Auto).unwrap())
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
    // The index is built once per scope (as `check` does for a whole list), then each query.
    group.throughput(Throughput::Elements(1));
    group.bench_function("index", |b| b.iter(|| black_box(&scope).index()));
    let index = scope.index();
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("lookup", |b| {
        b.iter(|| {
            queries
                .iter()
                .filter(|q| index.lookup(black_box(q), Renames::builtin()).is_found())
                .count()
        })
    });
    group.finish();
}

/// 52 SSPs (the four bundled sample SSPs, 13 times each) read one at a time and with
/// `DocumentScope::read_all`, which the example uses for every command that takes several files.
fn many_ssps(c: &mut Criterion) {
    let dir = corpus::manifest_dir().join("fixtures/samples");
    let names = [
        "azure-ssp.docx",
        "office365-ssp.docx",
        "azure-ssp-2019.docx",
        "azure-ssp-2024.docx",
    ];
    let paths: Vec<std::path::PathBuf> = (0..13)
        .flat_map(|_| names.iter().map(|n| dir.join(n)))
        .collect();
    let bytes: u64 = paths
        .iter()
        .map(|p| main_part_len(&std::fs::read(p).unwrap()))
        .sum();
    let mut group = c.benchmark_group("many-ssps");
    group.throughput(Throughput::Bytes(bytes)).sample_size(20);
    // One at a time on one thread: each file's integrity check after its sections, on the
    // same thread (as `read_all` does on each of its threads).
    let mut single = DocumentBuilder::new();
    single.single_threaded(true);
    group.bench_function("one-thread", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| {
                    let mut doc = single.open(black_box(p)).unwrap();
                    read_scope(&mut doc, "ssp", &ProfileChoice::Auto).unwrap()
                })
                .collect::<Vec<_>>()
        })
    });
    // One at a time with `read_with`: the check of the rest on a second thread.
    group.bench_function("one-at-a-time", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| DocumentScope::read_with(black_box(p), &ProfileChoice::Auto).unwrap())
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("read_all", |b| {
        b.iter(|| {
            DocumentScope::read_all(black_box(&paths), &ProfileChoice::Auto)
                .into_iter()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        })
    });
    group.finish();
}

criterion_group!(benches, documents, names, many_ssps);
criterion_main!(benches);
