//! Integrity always (issue 11, part 4): a command that stops reading early still answers only
//! from bytes whose integrity was checked. The sample Azure SSP is re-zipped uncompressed, so
//! that one letter can be changed without breaking the deflate stream: only the entry's CRC
//! tells. A damaged letter before the sections, or after them (where `scope` stops parsing),
//! is an error for `scope` as it is for `outline`.

mod common;

use std::io::{Cursor, Write};

use fedramp_ssp::{Document, DocumentBuilder, DocumentScope, ErrorKind, ProfileChoice, read_scope};

/// The sample Azure SSP zipped again with `method`, its main part changed by `edit` first.
fn sample_rezipped(method: zip::CompressionMethod, edit: impl FnMut(&mut Vec<u8>)) -> Vec<u8> {
    rezipped("samples/azure-ssp.docx", method, edit)
}

/// The fixture `name` zipped again with `method`, its main part changed by `edit` first.
fn rezipped(
    name: &str,
    method: zip::CompressionMethod,
    mut edit: impl FnMut(&mut Vec<u8>),
) -> Vec<u8> {
    let entries = common::fixture_entries(name);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in &entries {
        let mut data = data.clone();
        if name == "word/document.xml" {
            edit(&mut data);
        }
        writer
            .start_file(name.as_str(), options)
            .and_then(|()| writer.write_all(&data).map_err(Into::into))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    writer
        .finish()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_inner()
}

/// The sample Azure SSP with `word/document.xml` stored, and the main part's text.
fn stored_sample() -> (Vec<u8>, String) {
    let mut main = String::new();
    let bytes = sample_rezipped(zip::CompressionMethod::Stored, |data| {
        main = String::from_utf8(data.clone()).unwrap_or_else(|e| panic!("{e}"));
    });
    (bytes, main)
}

/// The archive with one letter of `needle` (unique in the main part) changed inside the main
/// part's stored data.
fn damaged_at(bytes: &[u8], needle: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let start = archive
        .by_name("word/document.xml")
        .ok()
        .and_then(|f| f.data_start())
        .and_then(|s| usize::try_from(s).ok())
        .unwrap_or_else(|| panic!("no main part"));
    let at = bytes
        .get(start..)
        .and_then(|rest| {
            rest.windows(needle.len())
                .position(|w| w == needle.as_bytes())
        })
        .map(|i| start + i)
        .unwrap_or_else(|| panic!("{needle:?} not in the main part"));
    let mut out = bytes.to_vec();
    if let Some(b) = out.get_mut(at + needle.len() - 1) {
        *b ^= 0x01;
    }
    out
}

fn scope_error(bytes: Vec<u8>) -> Option<fedramp_ssp::Error> {
    let mut doc = Document::from_bytes(bytes).unwrap_or_else(|e| panic!("opens: {e}"));
    read_scope(&mut doc, "damaged.docx", &ProfileChoice::Auto).err()
}

fn outline_error(bytes: Vec<u8>) -> Option<fedramp_ssp::Error> {
    let mut doc = Document::from_bytes(bytes).unwrap_or_else(|e| panic!("opens: {e}"));
    doc.outline().err()
}

#[test]
fn the_undamaged_stored_sample_reads() {
    let (bytes, _) = stored_sample();
    assert!(scope_error(bytes.clone()).is_none());
    assert!(outline_error(bytes).is_none());
}

#[test]
fn a_damaged_letter_after_the_sections_fails_scope_as_it_fails_outline() {
    let (bytes, main) = stored_sample();
    // Text from the last paragraph of the body, far past sections 9.2.1 and 9.2.2.
    let section = main
        .find("Software as a Service Offerings")
        .unwrap_or_else(|| panic!("no 9.2.2"));
    let last = main.rfind("</w:t>").unwrap_or_else(|| panic!("no text"));
    assert!(
        last > section + 1_000_000,
        "the damage is far past the sections"
    );
    let start = main
        .get(..last)
        .and_then(|head| head.rfind('>'))
        .unwrap_or_else(|| panic!("no text start"));
    let needle = main.get(start + 1..last).unwrap_or_default();
    assert!(needle.len() >= 8, "{needle:?}");
    assert_eq!(main.matches(needle).count(), 1, "{needle:?} is unique");
    let damaged = damaged_at(&bytes, needle);
    let e = common::expect_kind(
        "scope",
        scope_error(damaged.clone()),
        ErrorKind::CorruptPart,
    );
    assert_eq!(e.part(), Some("word/document.xml"));
    common::expect_kind("outline", outline_error(damaged), ErrorKind::CorruptPart);
}

#[test]
fn a_damaged_letter_before_the_sections_fails_scope() {
    let (bytes, main) = stored_sample();
    // Text of the title page, before any heading.
    let first = main
        .find("<w:t>")
        .map(|i| i + "<w:t>".len())
        .unwrap_or_default();
    let end = main
        .get(first..)
        .and_then(|rest| rest.find('<'))
        .map(|n| first + n)
        .unwrap_or_default();
    let needle = main.get(first..end).unwrap_or_default();
    assert!(needle.len() >= 8, "{needle:?}");
    assert_eq!(main.matches(needle).count(), 1, "{needle:?} is unique");
    let damaged = damaged_at(&bytes, needle);
    common::expect_kind("scope", scope_error(damaged), ErrorKind::CorruptPart);
}

/// The archive written to a file of its own (removed when dropped), for the reads that open a
/// path: there the check of the rest runs on a second thread, from a second handle.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(tag: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "fedramp-ssp-integrity-{}-{tag}.docx",
            std::process::id()
        ));
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The needle of the test above: text of the last paragraph, far past the sections.
fn last_text(main: &str) -> &str {
    let last = main.rfind("</w:t>").unwrap_or_else(|| panic!("no text"));
    let start = main
        .get(..last)
        .and_then(|head| head.rfind('>'))
        .unwrap_or_else(|| panic!("no text start"));
    main.get(start + 1..last).unwrap_or_default()
}

fn scope_error_from_path(file: &TempFile, single_threaded: bool) -> Option<fedramp_ssp::Error> {
    let mut doc = DocumentBuilder::new()
        .single_threaded(single_threaded)
        .open(&file.0)
        .unwrap_or_else(|e| panic!("opens: {e}"));
    read_scope(&mut doc, "damaged.docx", &ProfileChoice::Auto).err()
}

#[test]
fn a_file_read_from_its_path_is_checked_on_either_thread() {
    let (bytes, main) = stored_sample();
    let undamaged = TempFile::new("undamaged", &bytes);
    let damaged = TempFile::new("damaged-end", &damaged_at(&bytes, last_text(&main)));
    for single_threaded in [false, true] {
        assert!(
            scope_error_from_path(&undamaged, single_threaded).is_none(),
            "single_threaded {single_threaded}"
        );
        let e = common::expect_kind(
            "scope",
            scope_error_from_path(&damaged, single_threaded),
            ErrorKind::CorruptPart,
        );
        assert_eq!(e.part(), Some("word/document.xml"));
    }
    // The same through the entry points the example uses.
    let scope = DocumentScope::read(&undamaged.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!scope.services.is_empty());
    let all = DocumentScope::read_all(&[&undamaged.0, &damaged.0], &ProfileChoice::Auto);
    assert!(all.first().is_some_and(Result::is_ok));
    assert_eq!(
        all.get(1).and_then(|r| r.as_ref().err()).map(|e| e.kind()),
        Some(ErrorKind::CorruptPart)
    );
    let one = DocumentScope::read_all(&[&damaged.0], &ProfileChoice::Auto);
    assert_eq!(
        one.first().and_then(|r| r.as_ref().err()).map(|e| e.kind()),
        Some(ErrorKind::CorruptPart)
    );
}

/// A compression-ratio bomb after the sections, brief: 13.5 MB of spaces after 10 MiB of the
/// sample's own text (19:1), then letters that barely compress, so that the part's running
/// ratio is over the limit of 40:1 for only a few hundred kilobytes. The check that runs
/// beside the reader stops the part there as reading it on one thread does.
#[test]
fn a_ratio_bomb_after_the_sections_is_stopped_on_either_thread() {
    let bytes = sample_rezipped(zip::CompressionMethod::Deflated, |data| {
        let end = data
            .windows(9)
            .rposition(|w| w == b"</w:body>")
            .unwrap_or_else(|| panic!("no body end"));
        let mut bomb = b"<w:p><w:r><w:t xml:space=\"preserve\">".to_vec();
        bomb.extend(std::iter::repeat_n(b' ', 13_500_000));
        let mut seed = 1u64;
        bomb.extend(
            std::iter::repeat_with(|| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                b'a' + (seed >> 59) as u8
            })
            .take(2 << 20),
        );
        bomb.extend_from_slice(b"</w:t></w:r></w:p>");
        data.splice(end..end, bomb);
    });
    let file = TempFile::new("ratio-bomb", &bytes);
    let limits = fedramp_ssp::Limits {
        max_compression_ratio: 40,
        ..fedramp_ssp::Limits::default()
    };
    for single_threaded in [false, true] {
        let e = DocumentBuilder::new()
            .limits(limits)
            .single_threaded(single_threaded)
            .open(&file.0)
            .and_then(|mut doc| read_scope(&mut doc, "bomb.docx", &ProfileChoice::Auto))
            .err();
        let e = common::expect_kind("scope", e, ErrorKind::CompressionRatio);
        assert_eq!(e.part(), Some("word/document.xml"), "{e}");
    }
    // Within the default limits (100:1) the same document reads.
    let scope = DocumentScope::read(&file.0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!scope.services.is_empty());
}

/// The answer is worked out while the rest of the part is checked, and given only once the
/// check has passed: the check's error comes first. In this fixture section 9.2.1 holds no
/// readable service (an error of the answer's own); a letter damaged past the sections is
/// the error, on one thread or two, as when the check was waited for first.
#[test]
fn a_damaged_letter_after_the_sections_comes_before_an_error_of_the_answer() {
    let mut main = String::new();
    let bytes = rezipped(
        "rules/empty-section.docx",
        zip::CompressionMethod::Stored,
        |d| {
            main = String::from_utf8(d.clone()).unwrap_or_else(|e| panic!("{e}"));
        },
    );
    let (after, damage) = (main.find("Types of Users"), main.find("administrators"));
    assert!(
        after.is_some() && damage > after,
        "the damage is past the sections"
    );
    let scope_of = |bytes: &[u8], single_threaded: bool| {
        let file = TempFile::new(&format!("answer-{single_threaded}"), bytes);
        DocumentBuilder::new()
            .single_threaded(single_threaded)
            .open(&file.0)
            .and_then(|mut doc| read_scope(&mut doc, "empty-section.docx", &ProfileChoice::Auto))
            .err()
    };
    let damaged = damaged_at(&bytes, "administrators");
    for single_threaded in [false, true] {
        common::expect_kind(
            "intact",
            scope_of(&bytes, single_threaded),
            ErrorKind::EmptySection,
        );
        let e = common::expect_kind(
            "damaged",
            scope_of(&damaged, single_threaded),
            ErrorKind::CorruptPart,
        );
        assert_eq!(e.part(), Some("word/document.xml"), "{e}");
    }
    common::expect_kind("in memory", scope_error(damaged), ErrorKind::CorruptPart);
}
