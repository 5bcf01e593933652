//! Hostile and broken input: every wrong input of `fixtures/hostile/` gives its own error with a
//! message saying what to do (and the example prints it as one line, exit code 2); zip bombs,
//! deep nesting, entity bombs and huge archives fail fast within the limits; real documents,
//! a 60 MB one included, still open with the default limits.
//!
//! The fixtures are made by `fixtures/hostile/make_hostile.py`; the large inputs (a 1 GiB zip
//! bomb, a 10,000-entry zip, a 60 MB SSP) are generated here.

mod common;

use std::io::{Cursor, Write};

use common::{
    OFFICE_DOCUMENT, W_NS, assert_mentions, docx_of, entry, fixture, fixture_entries,
    minimal_document, read_fixture, root_rels, zip_of,
};
use fedramp_ssp::{Block, Document, DocumentBuilder, Error, ErrorKind, Limits};

/// The error of opening these bytes (with these limits) and reading every block.
fn error_with(bytes: Vec<u8>, limits: Limits) -> Option<Error> {
    common::read_error(bytes, limits)
}

fn expect_kind(what: &str, bytes: Vec<u8>, limits: Limits, kind: ErrorKind) -> Error {
    common::expect_kind(what, error_with(bytes, limits), kind)
}

fn hostile(name: &str) -> Vec<u8> {
    read_fixture(&format!("hostile/{name}"))
}

// ---------------------------------------------------------------------------------------------
// Recognized wrong inputs: one fixture each, its own error and a message saying what to do.

/// (fixture, kind, words the message must hold, the part it must name)
const CASES: &[(&str, ErrorKind, &[&str], Option<&str>)] = &[
    ("empty.docx", ErrorKind::Empty, &["empty", "0 bytes"], None),
    (
        "report.pdf.docx",
        ErrorKind::Pdf,
        &["PDF", "ask for the .docx"],
        None,
    ),
    (
        "legacy.doc",
        ErrorKind::LegacyOffice,
        &["legacy Word 97-2003 .doc", "save it as .docx"],
        None,
    ),
    (
        "encrypted.docx",
        ErrorKind::Encrypted,
        &["encrypted or rights-protected", "remove the protection"],
        None,
    ),
    (
        "not-word.zip",
        ErrorKind::NotWordDocument,
        &["not a Word document", "_rels/.rels"],
        None,
    ),
    (
        "truncated.docx",
        ErrorKind::Truncated,
        &["truncated", "get the file again"],
        None,
    ),
    (
        "bad-crc.docx",
        ErrorKind::CorruptPart,
        &["word/document.xml", "corrupt", "checksum", "get it again"],
        Some("word/document.xml"),
    ),
    (
        "missing-main.docx",
        ErrorKind::MissingPart,
        &["word/document.xml", "missing", "_rels/.rels"],
        Some("word/document.xml"),
    ),
    (
        "malformed-xml.docx",
        ErrorKind::Xml,
        &["malformed XML", "word/document.xml", "at byte"],
        Some("word/document.xml"),
    ),
    (
        "invalid-utf8.docx",
        ErrorKind::InvalidUtf8,
        &["word/document.xml", "not valid UTF-8", "at byte", "re-save"],
        Some("word/document.xml"),
    ),
    (
        "deep-nesting.docx",
        ErrorKind::TooDeep,
        &["word/document.xml", "deeper than 256"],
        Some("word/document.xml"),
    ),
];

#[test]
fn each_wrong_input_has_its_own_error_and_message() {
    for &(name, kind, needles, part) in CASES {
        let e = expect_kind(name, hostile(name), Limits::default(), kind);
        assert_mentions(&e, needles);
        assert_eq!(e.part(), part, "{name}: part of {e}");
    }
}

#[test]
fn truncated_archive_is_told_apart_from_other_zip_errors() {
    let e = expect_kind(
        "truncated",
        hostile("truncated.docx"),
        Limits::default(),
        ErrorKind::Truncated,
    );
    assert!(matches!(e, Error::Truncated), "{e:?}");
    // Cut anywhere after the first entry's header: still truncated, never a panic.
    let good = read_fixture("outline/numbering.docx");
    for cut in (40..good.len() - 22).step_by(997) {
        let bytes = good.get(..cut).map(<[u8]>::to_vec).unwrap_or_default();
        let e = expect_kind(
            &format!("cut at {cut}"),
            bytes,
            Limits::default(),
            ErrorKind::Truncated,
        );
        assert!(matches!(e, Error::Truncated), "cut at {cut}: {e:?}");
    }
}

#[test]
fn offsets_point_at_the_bad_bytes() {
    let e = expect_kind(
        "utf8",
        hostile("invalid-utf8.docx"),
        Limits::default(),
        ErrorKind::InvalidUtf8,
    );
    let entries = fixture_entries("hostile/invalid-utf8.docx");
    let xml = entries
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, d)| d.clone())
        .unwrap_or_default();
    let bad = xml.iter().position(|&b| b == 0xE9).unwrap_or(0) as u64;
    let offset = e.offset().unwrap_or(u64::MAX);
    assert_eq!(offset, bad, "{e}");
    assert_mentions(&e, &[&format!("at byte {offset}")]);

    let e = expect_kind(
        "malformed",
        hostile("malformed-xml.docx"),
        Limits::default(),
        ErrorKind::Xml,
    );
    assert!(e.offset().is_some_and(|o| o > 0), "{e}");
}

#[test]
fn invalid_utf8_in_styles_names_the_styles_part() {
    let mut styles = format!(r#"<w:styles xmlns:w="{W_NS}"><w:style w:styleId="X"><w:name w:val="@"/></w:style></w:styles>"#).into_bytes();
    if let Some(at) = styles.iter().position(|&b| b == b'@') {
        styles[at] = 0xFF;
    }
    let bytes = package_with("word/styles.xml", "styles", styles);
    let e = expect_kind(
        "styles utf8",
        bytes,
        Limits::default(),
        ErrorKind::InvalidUtf8,
    );
    assert_eq!(e.part(), Some("word/styles.xml"));
    assert_mentions(&e, &["not valid UTF-8"]);
}

#[test]
fn billion_laughs_is_never_expanded() {
    let mut doc = match Document::from_bytes(hostile("billion-laughs.docx")) {
        Ok(d) => d,
        Err(e) => panic!("the DTD is ignored, the document opens: {e}"),
    };
    let texts: Vec<String> = match doc.blocks() {
        Ok(blocks) => blocks
            .map(|b| b.map(|b| b.text()).unwrap_or_else(|e| panic!("{e}")))
            .collect(),
        Err(e) => panic!("{e}"),
    };
    // The undeclared-for-us entity reference is dropped, never expanded.
    assert_eq!(texts, ["Before", "", "After"]);

    // The same DTD in the styles part is ignored as well.
    let dtd = String::from_utf8_lossy(&hostile_part("billion-laughs.docx", "word/document.xml"))
        .split("<w:document")
        .next()
        .unwrap_or_default()
        .replace("w:document", "w:styles")
        .replace(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
            "",
        );
    assert!(dtd.contains("<!ENTITY lol9"), "{dtd}");
    let styles = format!(
        r#"{dtd}<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="&lol9;"/></w:style></w:styles>"#
    );
    let bytes = package_with("word/styles.xml", "styles", styles.into_bytes());
    assert!(error_with(bytes, Limits::default()).is_none());
}

fn hostile_part(fixture_name: &str, part: &str) -> Vec<u8> {
    fixture_entries(&format!("hostile/{fixture_name}"))
        .into_iter()
        .find(|(n, _)| n == part)
        .map(|(_, d)| d)
        .unwrap_or_else(|| panic!("{fixture_name} has no {part}"))
}

/// A minimal package whose main part relates to `part` (of relationship type `kind`).
fn package_with(part: &str, kind: &str, data: Vec<u8>) -> Vec<u8> {
    let rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let target = part.trim_start_matches("word/");
    zip_of(&[
        entry(
            "_rels/.rels",
            &root_rels(&format!(
                r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>"#
            )),
        ),
        entry(
            "word/document.xml",
            &minimal_document("<w:p><w:r><w:t>Text</w:t></w:r></w:p>"),
        ),
        entry(
            "word/_rels/document.xml.rels",
            &root_rels(&format!(
                r#"<Relationship Id="rId1" Type="{rel_type}/{kind}" Target="{target}"/>"#
            )),
        ),
        (part.to_string(), data),
    ])
}

// ---------------------------------------------------------------------------------------------
// Resource limits: each fails fast, within bounded memory.

/// A raw deflate stream segment, byte-aligned and not final, that inflates to `data`: what the
/// zip writer's compressor emits up to a sync flush. Segments can be concatenated.
fn deflate_segment(data: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let written = writer
        .start_file("x", options)
        .and_then(|()| writer.write_all(data).map_err(Into::into))
        .and_then(|()| writer.flush().map_err(Into::into));
    if let Err(e) = written {
        panic!("deflate: {e}");
    }
    let zip = match writer.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => panic!("deflate: {e}"),
    };
    // The entry's data starts after its 30-byte local header and name; the sync flush ends
    // with an empty stored block, 00 00 FF FF. What follows is the final empty block.
    let name_len = u16::from_le_bytes([zip[26], zip[27]]) as usize;
    let extra_len = u16::from_le_bytes([zip[28], zip[29]]) as usize;
    let start = 30 + name_len + extra_len;
    let compressed = u32::from_le_bytes([zip[18], zip[19], zip[20], zip[21]]) as usize;
    let stream = &zip[start..start + compressed];
    let end = stream
        .windows(4)
        .rposition(|w| w == [0, 0, 0xFF, 0xFF])
        .unwrap_or_else(|| panic!("no sync flush marker"));
    assert!(
        stream.len() - (end + 4) <= 8,
        "unexpected data after the flush"
    );
    stream[..end + 4].to_vec()
}

/// A zip archive written by hand: (name, method, compressed data, crc, declared size).
fn raw_zip(entries: &[(&str, u16, Vec<u8>, u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, method, data, crc, size) in entries {
        let offset = out.len() as u32;
        let header = |out: &mut Vec<u8>, central_record: bool| {
            if central_record {
                out.extend_from_slice(b"PK\x01\x02");
                out.extend_from_slice(&20u16.to_le_bytes()); // made by
            } else {
                out.extend_from_slice(b"PK\x03\x04");
            }
            out.extend_from_slice(&20u16.to_le_bytes()); // version needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&method.to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes()); // time and date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central_record {
                out.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                out.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                out.extend_from_slice(&offset.to_le_bytes());
            }
            out.extend_from_slice(name.as_bytes());
        };
        header(&mut out, false);
        out.extend_from_slice(data);
        header(&mut central, true);
    }
    let central_start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const GIB: u64 = 1 << 30;

/// A ~1 MB .docx whose main part inflates to 1 GiB: one paragraph of a billion "a"s.
fn zip_bomb() -> Vec<u8> {
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>"#
    );
    let chunk = vec![b'a'; 1 << 20];
    let segment = deflate_segment(&chunk);
    let mut stream = deflate_segment(head.as_bytes());
    let repeats = GIB / chunk.len() as u64;
    for _ in 0..repeats {
        stream.extend_from_slice(&segment);
    }
    // A final, empty block with fixed codes.
    stream.extend_from_slice(&[0x03, 0x00]);
    let size = u32::try_from(head.len() as u64 + GIB).unwrap_or(u32::MAX);
    let rels = root_rels(&format!(
        r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>"#
    ));
    raw_zip(&[
        (
            "_rels/.rels",
            0,
            rels.clone().into_bytes(),
            crc32(rels.as_bytes()),
            rels.len() as u32,
        ),
        ("word/document.xml", 8, stream, 0, size),
    ])
}

/// CRC-32 (IEEE), bitwise: only for small parts.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn zip_bomb_trips_within_milliseconds() {
    let bomb = zip_bomb();
    assert!(bomb.len() < 2 << 20, "the bomb is {} bytes", bomb.len());
    let limits = Limits::default();

    let e = expect_kind(
        "zip bomb",
        bomb.clone(),
        limits,
        ErrorKind::CompressionRatio,
    );
    assert_mentions(
        &e,
        &[
            "word/document.xml",
            "zip bomb",
            "Limits::max_compression_ratio",
        ],
    );
    let Error::CompressionRatio { inflated, .. } = e else {
        panic!("{e:?}");
    };
    // Stopped once the grace size was passed: one read of the stream buffer past it at most.
    assert!(
        inflated <= limits.ratio_grace + (64 << 10),
        "inflated {inflated} bytes before stopping"
    );

    // Without the ratio check, the size limit stops it, on the bytes inflated (the archive
    // declares the true 1 GiB; the limit does not rely on that).
    let limits = Limits {
        max_compression_ratio: u64::MAX,
        max_part_size: 16 << 20,
        ..Limits::default()
    };
    let e = expect_kind(
        "zip bomb, no ratio",
        bomb.clone(),
        limits,
        ErrorKind::PartTooLarge,
    );
    assert_mentions(
        &e,
        &["word/document.xml", "16777216", "Limits::max_part_size"],
    );
}

#[test]
fn a_bomb_in_a_part_read_whole_is_stopped_too() {
    // numbering.xml inflating to 1 GiB of whitespace inside the root element.
    let head = format!(r#"<w:numbering xmlns:w="{W_NS}">"#);
    let mut stream = deflate_segment(head.as_bytes());
    let segment = deflate_segment(&vec![b' '; 1 << 20]);
    for _ in 0..1024 {
        stream.extend_from_slice(&segment);
    }
    stream.extend_from_slice(&[0x03, 0x00]);
    let bytes = raw_package_with_numbering("", (8, stream, 0, u32::MAX));
    let limits = Limits::default();
    let e = expect_kind("numbering bomb", bytes, limits, ErrorKind::CompressionRatio);
    assert_eq!(e.part(), Some("word/numbering.xml"));
    // Stopped on the bytes it inflated, soon after the grace size: not after the 1 GiB.
    let Error::CompressionRatio { inflated, .. } = e else {
        panic!("{e:?}");
    };
    assert!(
        inflated <= limits.ratio_grace + (64 << 10),
        "inflated {inflated} bytes before stopping"
    );
}

#[test]
fn deep_nesting_fails_fast_in_every_part() {
    let depth = 100_000;
    let deep = |tag: &str| {
        format!(
            "{}{}",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        )
    };

    let e = expect_kind(
        "deep body",
        docx_of(&deep("w:p"), None, None),
        Limits::default(),
        ErrorKind::TooDeep,
    );
    assert_eq!(e.part(), Some("word/document.xml"));
    // Stopped at the limit, not after reading the 100,000 levels.
    assert_mentions(
        &e,
        &[&format!("deeper than {}", Limits::default().max_depth)],
    );

    let styles = deep("w:style");
    let e = expect_kind(
        "deep styles",
        docx_of("", Some(&styles), None),
        Limits::default(),
        ErrorKind::TooDeep,
    );
    assert_eq!(e.part(), Some("word/styles.xml"));

    let numbering = deep("w:abstractNum");
    let e = expect_kind(
        "deep numbering",
        docx_of("", None, Some(&numbering)),
        Limits::default(),
        ErrorKind::TooDeep,
    );
    assert_eq!(e.part(), Some("word/numbering.xml"));

    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>"#,
        deep("x")
    );
    let bytes = zip_of(&[
        entry("_rels/.rels", &rels),
        entry("word/document.xml", &minimal_document("")),
    ]);
    let e = expect_kind("deep rels", bytes, Limits::default(), ErrorKind::TooDeep);
    assert_eq!(e.part(), Some("_rels/.rels"));

    // The limit is the caller's to set.
    let e = expect_kind(
        "depth 8",
        docx_of(&("<w:sdt>".repeat(9) + &"</w:sdt>".repeat(9)), None, None),
        Limits {
            max_depth: 8,
            ..Limits::default()
        },
        ErrorKind::TooDeep,
    );
    assert_mentions(&e, &["deeper than 8"]);
}

#[test]
fn ten_thousand_entries_fail_before_the_directory_is_read() {
    let mut entries = vec![
        entry(
            "_rels/.rels",
            &root_rels(&format!(
                r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>"#
            )),
        ),
        entry("word/document.xml", &minimal_document("")),
    ];
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_000 {
        entries.push((format!("word/media/e{i}.bin"), Vec::new()));
    }
    for (name, data) in &entries {
        let started = writer
            .start_file(name.as_str(), options)
            .and_then(|()| writer.write_all(data).map_err(Into::into));
        if let Err(e) = started {
            panic!("{name}: {e}");
        }
    }
    let bytes = match writer.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => panic!("{e}"),
    };
    // Refused on the count the end-of-directory record declares, before any entry is read.
    let e = expect_kind(
        "10,000 entries",
        bytes.clone(),
        Limits::default(),
        ErrorKind::TooManyEntries,
    );
    assert_mentions(
        &e,
        &["10002 entries", "limit of 5000", "Limits::max_entries"],
    );

    // A caller may allow more.
    let limits = Limits {
        max_entries: 20_000,
        ..Limits::default()
    };
    assert!(error_with(bytes, limits).is_none());
}

#[test]
fn too_much_text_is_an_error() {
    let body = "<w:p><w:r><w:t>0123456789</w:t></w:r></w:p>".repeat(2000);
    let limits = Limits {
        max_text: 10_000,
        ..Limits::default()
    };
    let e = expect_kind(
        "text",
        docx_of(&body, None, None),
        limits,
        ErrorKind::TooMuchText,
    );
    assert_mentions(&e, &["more than 10000 bytes of text"]);
    assert!(error_with(docx_of(&body, None, None), Limits::default()).is_none());
}

#[test]
fn huge_attribute_values_are_bounded_by_the_part_size() {
    // Incompressible, so that it is the size limit and not the ratio that stops it.
    let mut state = 0x2545_f491_u32;
    let huge: String = (0..8 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect();
    let body =
        format!(r#"<w:p><w:pPr><w:pStyle w:val="{huge}"/></w:pPr><w:r><w:t>ok</w:t></w:r></w:p>"#);
    let bytes = docx_of(&body, None, None);
    assert!(error_with(bytes.clone(), Limits::default()).is_none());
    let limits = Limits {
        max_part_size: 1 << 20,
        ..Limits::default()
    };
    expect_kind("huge attribute", bytes, limits, ErrorKind::PartTooLarge);
}

// ---------------------------------------------------------------------------------------------
// Real documents open with the defaults.

#[test]
fn fedramp_templates_open_with_the_defaults() {
    for name in [
        "fedramp/FedRAMP-SSP-Low-Baseline-Template.docx",
        "fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx",
    ] {
        let mut doc = DocumentBuilder::new()
            .limits(Limits::default())
            .open(fixture(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let outline = doc.outline().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(outline.len() > 100, "{name}: {} headings", outline.len());
        let blocks = doc.blocks().unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut n = 0;
        for block in blocks {
            block.unwrap_or_else(|e| panic!("{name}: {e}"));
            n += 1;
        }
        assert!(n > 1000, "{name}: {n} blocks");
    }
}

/// A 60 MB-XML SSP made here by repeating the body of the sample Azure SSP.
fn large_ssp() -> Vec<u8> {
    let entries = fixture_entries("samples/azure-ssp.docx");
    let mut out = Vec::new();
    for (name, data) in entries {
        if name != "word/document.xml" {
            out.push((name, data));
            continue;
        }
        let xml = String::from_utf8(data).unwrap_or_else(|e| panic!("{e}"));
        let start = xml
            .find("<w:body>")
            .map(|i| i + "<w:body>".len())
            .unwrap_or(0);
        let end = xml.rfind("<w:sectPr").unwrap_or(xml.len());
        let body = &xml[start..end];
        let copies = 60_000_000 / body.len().max(1) + 1;
        let mut big = String::with_capacity(xml.len() + body.len() * copies);
        big.push_str(&xml[..start]);
        for _ in 0..copies {
            big.push_str(body);
        }
        big.push_str(&xml[end..]);
        out.push((name, big.into_bytes()));
    }
    zip_of(&out)
}

fn main_part_size(bytes: &[u8]) -> u64 {
    zip::ZipArchive::new(Cursor::new(bytes))
        .ok()
        .and_then(|mut a| a.by_name("word/document.xml").ok().map(|f| f.size()))
        .unwrap_or(0)
}

#[test]
fn a_60_mb_ssp_opens_and_reads_fully_with_the_defaults() {
    let bytes = large_ssp();
    let size = main_part_size(&bytes);
    assert!(size >= 60_000_000, "main part is {size} bytes");
    let mut doc = Document::from_bytes(bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut blocks = 0usize;
    let mut text = 0usize;
    for block in doc.blocks().unwrap_or_else(|e| panic!("{e}")) {
        let block = block.unwrap_or_else(|e| panic!("after {blocks} blocks: {e}"));
        if let Block::Paragraph(p) = &block {
            text += p.text().len();
        }
        blocks += 1;
    }
    eprintln!("large SSP: main part {size} bytes, {blocks} blocks, {text} bytes of text");
    assert!(blocks > 10_000, "{blocks} blocks");
    assert!(text > 0);
}

// ---------------------------------------------------------------------------------------------
// The example prints each error as one line, exit code 2.

#[test]
fn example_prints_each_error_as_one_line_with_exit_code_2() {
    for &(name, _, needles, _) in CASES {
        let path = format!("fixtures/hostile/{name}");
        let output = common::run_example(&["outline", &path]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.starts_with("ssp_scope: "), "{name}: {stderr}");
        assert!(stderr.contains(&path), "{name}: {stderr}");
        for needle in needles {
            assert!(
                stderr.contains(needle),
                "{name}: {stderr:?} lacks {needle:?}"
            );
        }
        assert!(output.stdout.is_empty(), "{name}: printed to stdout");
    }
}

#[test]
fn opening_a_file_gives_the_same_errors() {
    // Document::open reads through a file, not memory: the same errors.
    let from_file = Document::open(fixture("hostile/bad-crc.docx")).and_then(|mut d| {
        d.blocks().map(|b| {
            b.filter_map(Result::err)
                .map(|e| e.kind())
                .collect::<Vec<_>>()
        })
    });
    assert_eq!(
        from_file.map_err(|e| e.to_string()),
        Ok(vec![ErrorKind::CorruptPart])
    );
}

/// A package written by hand whose body holds `body`, its other parts stored, and whose
/// `numbering.xml` is the entry given as (method, data, crc, declared size).
fn raw_package_with_numbering(body: &str, numbering: (u16, Vec<u8>, u32, u32)) -> Vec<u8> {
    let rels = root_rels(&format!(
        r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>"#
    ));
    let doc_rels = root_rels(
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
    );
    let main = minimal_document(body);
    let stored = |s: &str| (s.as_bytes().to_vec(), crc32(s.as_bytes()), s.len() as u32);
    let (r, rc, rl) = stored(&rels);
    let (d, dc, dl) = stored(&main);
    let (dr, drc, drl) = stored(&doc_rels);
    let (method, data, crc, size) = numbering;
    raw_zip(&[
        ("_rels/.rels", 0, r, rc, rl),
        ("word/document.xml", 0, d, dc, dl),
        ("word/_rels/document.xml.rels", 0, dr, drc, drl),
        ("word/numbering.xml", method, data, crc, size),
    ])
}

/// A package whose `numbering.xml` (stored, `numbering`) fails its CRC; the body holds `body`.
fn numbering_failing_its_crc(body: &str, numbering: &str) -> Vec<u8> {
    let data = numbering.as_bytes().to_vec();
    let crc = crc32(&data) ^ 1;
    let size = data.len() as u32;
    raw_package_with_numbering(body, (0, data, crc, size))
}

/// A scope read from a file, as the example reads it (`numbering.xml` on a second thread,
/// waited for where the body first needs a list) and on one thread: the same error, in the
/// same order as reading the numbering first. Hand-written parts, one fault or two each.
#[test]
fn numbering_read_beside_the_body_fails_as_when_read_first() {
    use fedramp_ssp::{DocumentScope, ProfileChoice, read_scope};
    let numbering = |inner: &str| format!(r#"<w:numbering xmlns:w="{W_NS}">{inner}</w:numbering>"#);
    let good = numbering(
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
    );
    let bad = numbering(r#"<w:abstractNum w:abstractNumId="1"></w:num>"#);
    let styles = format!(r#"<w:styles xmlns:w="{W_NS}"><w:style></w:styles>"#);
    let listed = r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Item</w:t></w:r></w:p>"#;
    let plain = "<w:p><w:r><w:t>Text</w:t></w:r></w:p>";
    let broken_body = "<w:p><w:r></w:p>";
    let cases = [
        (
            "bad numbering, a list",
            docx_of(listed, None, Some(&bad)),
            "numbering.xml",
        ),
        (
            "bad numbering, no list",
            docx_of(plain, None, Some(&bad)),
            "numbering.xml",
        ),
        (
            "bad numbering and body",
            docx_of(broken_body, None, Some(&bad)),
            "numbering.xml",
        ),
        (
            "bad body",
            docx_of(&format!("{listed}{broken_body}"), None, Some(&good)),
            "document.xml",
        ),
        (
            "bad styles and numbering",
            docx_of(listed, Some(&styles), Some(&bad)),
            "styles.xml",
        ),
        (
            "numbering whose bytes fail their CRC",
            numbering_failing_its_crc(listed, &good),
            "numbering.xml",
        ),
    ];
    for (what, bytes, part) in cases {
        let path = std::env::temp_dir().join(format!(
            "fedramp-ssp-hostile-{}-{}.docx",
            std::process::id(),
            what.replace(' ', "-").replace(',', "")
        ));
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        let name = path.display().to_string();
        let beside = DocumentScope::read_with(&path, &ProfileChoice::Auto).map(|_| ());
        let first = DocumentBuilder::new()
            .single_threaded(true)
            .open(&path)
            .and_then(|mut doc| read_scope(&mut doc, &name, &ProfileChoice::Auto))
            .map(|_| ());
        let _ = std::fs::remove_file(&path);
        let (beside, first) = (beside.unwrap_err(), first.unwrap_err());
        assert_eq!(beside.to_string(), first.to_string(), "{what}");
        assert!(
            beside.part().is_some_and(|p| p.ends_with(part)),
            "{what}: {beside}"
        );
    }
}
