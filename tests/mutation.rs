//! No panics, no hangs: every .docx fixture under fixtures/ (the directory is walked; the
//! structural attacks of fixtures/hostile/structure/ have their own test), mutated
//! thousands of times, deterministically (own PRNG, fixed seed). Each mutant must give `Ok` or
//! `Err` — never a panic — for opening, `outline()`, the whole `blocks()` stream and
//! `read_scope` with `ProfileChoice::Auto`. Costs are bounded by what the library counts
//! (bytes, depth, entries; see tests/hostile.rs); the clock here only names a case that never
//! returns, so a hang fails with its case number instead of stalling the run.
//!
//! Mutations: bit flips in the raw bytes, truncation, removal of an entry, and (re-zipped with
//! the zip crate's writer) XML cut inside a part, bytes overwritten inside a part, deep nesting
//! and huge attribute values inserted into a part. A failing case is named by fixture, case
//! number and mutation, and can be replayed alone with `MUTATION_CASE=fixture:case`.

mod common;

use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fedramp_ssp::{Document, ProfileChoice, read_scope};

/// A case still running after this long never returns: a hang, not a slow case.
const HANG_AFTER: Duration = Duration::from_secs(300);
/// Roughly how many bytes of fixture (zipped) the cases of one fixture may read in total; small
/// fixtures get many cases, the large sample SSPs a few dozen.
const BYTES_PER_FIXTURE: u64 = 6_000_000;
const MIN_CASES: u64 = 16;
const MAX_CASES: u64 = 160;

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn seed_of(name: &str, case: u64) -> u64 {
    // FNV-1a of the name, mixed with the case number.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ case.wrapping_mul(0xA24B_AED4_963E_E407)
}

fn docx_fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // The structural attacks inflate to tens of megabytes each and are read every way
            // by tests/amplification.rs; mutating them here would only repeat that, slowly.
            if path.ends_with("hostile/structure") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["docx", "docm", "dotx", "dotm"].contains(&e))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&common::fixture(""), &mut out);
    out.sort();
    out
}

type Entries = Vec<(String, Vec<u8>)>;

/// The inflated entries, when the fixture is a readable zip at all.
fn entries_of(bytes: &[u8]) -> Option<Entries> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let name = file.name().ok()?.into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).ok()?;
        out.push((name, data));
    }
    Some(out)
}

/// Re-zips entries; large archives are stored rather than deflated, for speed.
fn rezip(entries: &Entries, deflate: bool) -> Vec<u8> {
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let written = writer
            .start_file(name.as_str(), options)
            .and_then(|()| writer.write_all(data).map_err(Into::into));
        if let Err(e) = written {
            panic!("re-zipping {name}: {e}");
        }
    }
    match writer.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => panic!("re-zipping: {e}"),
    }
}

/// An XML part to mutate: the main part most often, else any .xml/.rels entry.
fn pick_xml(rng: &mut Rng, entries: &Entries) -> Option<usize> {
    let xml: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| n.ends_with(".xml") || n.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect();
    if xml.is_empty() {
        return None;
    }
    if rng.below(2) == 0
        && let Some(i) = entries.iter().position(|(n, _)| n == "word/document.xml")
    {
        return Some(i);
    }
    xml.get(rng.below(xml.len())).copied()
}

/// Mutant number `case` of a fixture: a description and the bytes.
fn mutant(raw: &[u8], entries: Option<&Entries>, seed: u64, case: u64) -> (String, Vec<u8>) {
    let mut rng = Rng::new(seed);
    let deflate = raw.len() < 200_000 && rng.below(4) != 0;
    let kinds = if entries.is_some() { 8 } else { 2 };
    match (case % kinds, entries) {
        (0, _) => {
            let mut bytes = raw.to_vec();
            let flips = 1 + rng.below(8);
            for _ in 0..flips {
                let at = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            (format!("{flips} bit flips"), bytes)
        }
        (1, _) => {
            let at = rng.below(raw.len());
            (format!("truncated at {at}"), raw[..at].to_vec())
        }
        (2, Some(entries)) => {
            let gone = rng.below(entries.len());
            let mut kept = entries.clone();
            let name = kept.remove(gone.min(kept.len().saturating_sub(1))).0;
            (format!("entry {name} removed"), rezip(&kept, deflate))
        }
        (3, Some(entries)) => {
            let mut edited = entries.clone();
            let Some(i) = pick_xml(&mut rng, &edited) else {
                return ("unchanged".into(), raw.to_vec());
            };
            let (name, data) = &mut edited[i];
            let at = rng.below(data.len());
            data.truncate(at);
            let what = format!("{name} cut at {at}");
            (what, rezip(&edited, deflate))
        }
        (4, Some(entries)) => {
            let mut edited = entries.clone();
            let Some(i) = pick_xml(&mut rng, &edited) else {
                return ("unchanged".into(), raw.to_vec());
            };
            let (name, data) = &mut edited[i];
            let n = 1 + rng.below(16);
            let mut spots = Vec::new();
            for _ in 0..n {
                let at = rng.below(data.len());
                let byte = *b"<>&/\"'=;:#x\0\xFF\xC3 w"
                    .get(rng.below(17))
                    .unwrap_or(&b'<');
                if let Some(b) = data.get_mut(at) {
                    *b = byte;
                }
                spots.push(at);
            }
            (
                format!("{name}: {n} bytes overwritten at {spots:?}"),
                rezip(&edited, deflate),
            )
        }
        (5, Some(entries)) => {
            let mut edited = entries.clone();
            let Some(i) = pick_xml(&mut rng, &edited) else {
                return ("unchanged".into(), raw.to_vec());
            };
            let (name, data) = &mut edited[i];
            let depth = [100, 255, 256, 257, 1_000, 20_000][rng.below(6)];
            let tag = ["w:p", "w:tbl", "w:tc", "w:sdt", "x", "w:r", "w:lvl"][rng.below(7)];
            let at = insertion_point(&mut rng, data);
            let close = rng.below(2) == 0;
            let mut nest = format!("<{tag}>").repeat(depth);
            if close {
                nest.push_str(&format!("</{tag}>").repeat(depth));
            }
            data.splice(at..at, nest.into_bytes());
            let what = format!("{name}: {depth} nested <{tag}> at {at} (closed: {close})");
            (what, rezip(&edited, deflate))
        }
        (6, Some(entries)) => {
            let mut edited = entries.clone();
            let Some(i) = pick_xml(&mut rng, &edited) else {
                return ("unchanged".into(), raw.to_vec());
            };
            let (name, data) = &mut edited[i];
            let len = [1_000, 65_536, 1 << 20][rng.below(3)];
            let value: String = (0..len)
                .map(|_| char::from(b"abcXYZ09 .-&;#"[rng.below(14)]))
                .collect();
            // Into an existing attribute value when there is one, else a new element.
            let quotes: Vec<usize> = find_all(data, b"=\"").map(|i| i + 2).collect();
            let what = if quotes.is_empty() {
                let at = insertion_point(&mut rng, data);
                data.splice(at..at, format!(r#"<w:x w:val="{value}"/>"#).into_bytes());
                format!("{name}: element with a {len}-byte attribute at {at}")
            } else {
                let at = quotes[rng.below(quotes.len())];
                data.splice(at..at, value.into_bytes());
                format!("{name}: {len} bytes into the attribute value at {at}")
            };
            (what, rezip(&edited, deflate))
        }
        (_, Some(entries)) => {
            // Structure shuffled: an element's end tag dropped or duplicated, a part swapped.
            let mut edited = entries.clone();
            let Some(i) = pick_xml(&mut rng, &edited) else {
                return ("unchanged".into(), raw.to_vec());
            };
            if rng.below(3) == 0 {
                let j = rng.below(edited.len());
                let (a, b) = (edited[i].1.clone(), edited[j].1.clone());
                edited[i].1 = b;
                edited[j].1 = a;
                let what = format!("{} and {} swapped", edited[i].0, edited[j].0);
                return (what, rezip(&edited, deflate));
            }
            let (name, data) = &mut edited[i];
            let ends: Vec<usize> = find_all(data, b"</").collect();
            if ends.is_empty() {
                return ("unchanged".into(), raw.to_vec());
            }
            let at = ends[rng.below(ends.len())];
            let end = find_all(&data[at..], b">")
                .next()
                .map_or(data.len(), |e| at + e + 1);
            let tag_bytes = data[at..end].to_vec();
            let tag = String::from_utf8_lossy(&tag_bytes).into_owned();
            let duplicate = rng.below(2) == 0;
            if duplicate {
                data.splice(at..at, tag_bytes);
            } else {
                data.drain(at..end);
            }
            let what = format!(
                "{name}: {tag} at {at} {}",
                if duplicate { "duplicated" } else { "dropped" }
            );
            (what, rezip(&edited, deflate))
        }
        (_, None) => unreachable!("only two kinds without entries"),
    }
}

/// The offsets of `needle` in `data`.
fn find_all<'a>(data: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    data.windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| *w == needle)
        .map(|(i, _)| i)
}

/// Just before a `<` (between elements), or anywhere when the part has none.
fn insertion_point(rng: &mut Rng, data: &[u8]) -> usize {
    for _ in 0..8 {
        let at = rng.below(data.len());
        if data.get(at) == Some(&b'<') {
            return at;
        }
    }
    rng.below(data.len() + 1)
}

/// Everything a user does with a document. Errors are fine; their messages must render.
/// Returns the kind of the first error of opening and streaming the blocks ("Ok" if none).
fn exercise(bytes: Vec<u8>) -> String {
    let rendered = |e: &fedramp_ssp::Error| {
        let message = e.to_string();
        assert!(
            !message.is_empty() && !message.contains('\n'),
            "{message:?}"
        );
        format!("{:?}", e.kind())
    };
    let mut doc = match Document::from_bytes(bytes) {
        Ok(doc) => doc,
        Err(e) => return rendered(&e),
    };
    if let Err(e) = doc.outline() {
        rendered(&e);
    }
    let mut outcome = "Ok".to_string();
    match doc.blocks() {
        Ok(blocks) => {
            for block in blocks {
                if let Err(e) = block {
                    outcome = rendered(&e);
                    break;
                }
            }
        }
        Err(e) => outcome = rendered(&e),
    }
    if let Err(e) = read_scope(&mut doc, "mutant.docx", &ProfileChoice::Auto) {
        rendered(&e);
    }
    outcome
}

struct Fixture {
    name: String,
    raw: Vec<u8>,
    entries: Option<Entries>,
    cases: u64,
}

fn load_fixtures() -> Vec<Fixture> {
    let root = common::fixture("");
    docx_fixtures()
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string();
            let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            let entries = entries_of(&raw);
            let size = raw.len().max(1) as u64;
            let cases = if raw.is_empty() {
                2
            } else {
                (BYTES_PER_FIXTURE / size).clamp(MIN_CASES, MAX_CASES)
            };
            Fixture {
                name,
                raw,
                entries,
                cases,
            }
        })
        .collect()
}

enum Report {
    Started(String),
    Done(String, Duration, String),
    Panicked(String, String),
}

#[test]
fn mutated_fixtures_give_ok_or_err_never_a_panic_or_a_hang() {
    let fixtures = load_fixtures();
    assert!(fixtures.len() >= 20, "{} fixtures found", fixtures.len());
    let only = std::env::var("MUTATION_CASE").ok();
    let mut jobs: Vec<(usize, u64)> = fixtures
        .iter()
        .enumerate()
        .flat_map(|(f, fx)| (0..fx.cases).map(move |c| (f, c)))
        .filter(|&(f, c)| {
            only.as_deref()
                .is_none_or(|o| o == format!("{}:{c}", fixtures[f].name))
        })
        .collect();
    // Interleave fixtures so both workers get a mix of large and small ones.
    jobs.sort_by_key(|&(f, c)| (c, f));
    let total = jobs.len();
    assert!(total > 0, "no case selected");

    let fixtures = std::sync::Arc::new(fixtures);
    let jobs = std::sync::Arc::new(std::sync::Mutex::new(jobs));
    let (tx, rx) = mpsc::channel::<Report>();
    let workers = 2;
    for _ in 0..workers {
        let fixtures = std::sync::Arc::clone(&fixtures);
        let jobs = std::sync::Arc::clone(&jobs);
        let tx = tx.clone();
        std::thread::spawn(move || {
            loop {
                let job = jobs.lock().ok().and_then(|mut j| j.pop());
                let Some((f, case)) = job else { break };
                let fx = &fixtures[f];
                let (what, bytes) =
                    mutant(&fx.raw, fx.entries.as_ref(), seed_of(&fx.name, case), case);
                let id = format!("{}:{case} ({what})", fx.name);
                if tx.send(Report::Started(id.clone())).is_err() {
                    break;
                }
                let started = Instant::now();
                let outcome = catch_unwind(AssertUnwindSafe(|| exercise(bytes)));
                let report = match outcome {
                    Ok(outcome) => Report::Done(id, started.elapsed(), outcome),
                    Err(payload) => {
                        let message = payload
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        Report::Panicked(id, message)
                    }
                };
                if tx.send(report).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);

    let started = Instant::now();
    let mut running: Vec<(String, Instant)> = Vec::new();
    let mut done = 0;
    let mut slowest = (Duration::ZERO, String::new());
    let mut panics = Vec::new();
    let mut outcomes = std::collections::BTreeMap::new();
    loop {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(Report::Started(id)) => running.push((id, Instant::now())),
            Ok(Report::Done(id, took, outcome)) => {
                running.retain(|(r, _)| *r != id);
                done += 1;
                *outcomes.entry(outcome).or_insert(0usize) += 1;
                if took > slowest.0 {
                    slowest = (took, id);
                }
            }
            Ok(Report::Panicked(id, message)) => {
                running.retain(|(r, _)| *r != id);
                done += 1;
                panics.push(format!("{id}: {message}"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if let Some((id, since)) = running.iter().find(|(_, s)| s.elapsed() > HANG_AFTER) {
            panic!("case {id} has run for {:?}: a hang", since.elapsed());
        }
    }
    eprintln!(
        "{done} of {total} mutants in {:?}; slowest {:?}: {}",
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    eprintln!("outcomes: {outcomes:?}");
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
    assert_eq!(done, total, "some cases never finished");
    // The mutations reach past the zip layer: documents that still read, and many kinds of error.
    assert!(
        outcomes.get("Ok").is_some_and(|&n| n > total / 20),
        "{outcomes:?}"
    );
    assert!(outcomes.len() >= 6, "{outcomes:?}");
}
