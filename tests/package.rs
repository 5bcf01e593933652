//! The package stage: opening from a path, bytes or any reader; the package variants that must
//! read exactly like `numbering.docx`; and every wrong input giving its own error.
//!
//! Error inputs are built here from bytes (zips with `zip::ZipWriter`, or by copying the entries
//! of a fixture); no test may make the library panic, so every result is matched.

mod common;

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};

use common::{
    OFFICE_DOCUMENT, W_NS, assert_mentions, entry, fixture, fixture_entries, minimal_document,
    read_fixture, root_rels, zip_of,
};
use fedramp_ssp::{Document, Error, ErrorKind, Outline};

const NUMBERING: &str = "outline/numbering.docx";

fn outline_of<R: Read + Seek>(what: &str, doc: Result<Document<R>, Error>) -> Outline {
    match doc.and_then(|mut d| d.outline()) {
        Ok(o) => o,
        Err(e) => panic!("{what}: {e}"),
    }
}

fn numbering_outline() -> Outline {
    outline_of(NUMBERING, Document::open(fixture(NUMBERING)))
}

/// The error of opening these bytes and reading every block, or `None` when all went well.
fn error_of(bytes: Vec<u8>) -> Option<Error> {
    common::read_error(bytes, fedramp_ssp::Limits::default())
}

/// The error of these bytes, which must be of `kind`.
fn expect_error(what: &str, bytes: Vec<u8>, kind: ErrorKind) -> Error {
    common::expect_kind(what, error_of(bytes), kind)
}

/// numbering.docx with its entries edited: `f` returns the new data, or `None` to drop it.
fn edited_numbering(mut f: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = fixture_entries(NUMBERING)
        .into_iter()
        .filter_map(|(name, data)| f(&name, data).map(|d| (name, d)))
        .collect();
    zip_of(&entries)
}

// ---------------------------------------------------------------------------------------------
// Opening

#[test]
fn path_bytes_cursor_and_reader_give_the_same_outline() {
    let from_path = numbering_outline();
    assert!(from_path.len() > 10, "{} headings", from_path.len());

    let bytes = read_fixture(NUMBERING);
    let from_bytes = outline_of("from_bytes", Document::from_bytes(bytes.clone()));
    assert_eq!(from_bytes, from_path, "from_bytes");

    let from_slice_cursor = outline_of(
        "Cursor<&[u8]>",
        Document::from_reader(Cursor::new(bytes.as_slice())),
    );
    assert_eq!(from_slice_cursor, from_path, "Cursor<&[u8]>");

    let from_vec_cursor = outline_of("Cursor<Vec<u8>>", Document::from_reader(Cursor::new(bytes)));
    assert_eq!(from_vec_cursor, from_path, "Cursor<Vec<u8>>");

    let file = File::open(fixture(NUMBERING)).unwrap_or_else(|e| panic!("{NUMBERING}: {e}"));
    let from_file = outline_of("File", Document::from_reader(file));
    assert_eq!(from_file, from_path, "unbuffered File");
}

/// A reader that hands out at most three bytes per `read` call.
struct Trickle<R>(R);

impl<R: Read> Read for Trickle<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(3);
        self.0.read(&mut buf[..n])
    }
}

impl<R: Seek> Seek for Trickle<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(pos)
    }
}

#[test]
fn short_reads_are_handled() {
    let bytes = read_fixture(NUMBERING);
    let trickle = outline_of(
        "Trickle",
        Document::from_reader(Trickle(Cursor::new(bytes.clone()))),
    );
    assert_eq!(trickle, numbering_outline());

    // The sniffing of the first bytes must not be fooled by short reads either.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend_from_slice(&[0; 64]);
    match Document::from_reader(Trickle(Cursor::new(pdf))) {
        Err(e) => assert_eq!(e.kind(), ErrorKind::Pdf, "{e}"),
        Ok(_) => panic!("a PDF opened"),
    }
}

#[test]
fn reading_twice_gives_the_same_outline() {
    let mut doc = match Document::open(fixture(NUMBERING)) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let first = doc.outline().map_err(|e| e.to_string());
    let second = doc.outline().map_err(|e| e.to_string());
    assert!(first.as_ref().is_ok_and(|o| !o.is_empty()), "{first:?}");
    assert_eq!(first, second);
}

fn assert_same_outline_as_numbering(rel: &str) {
    let outline = outline_of(rel, Document::open(fixture(rel)));
    assert!(!outline.is_empty(), "{rel}: empty outline");
    assert_eq!(outline, numbering_outline(), "{rel}");
}

#[test]
fn strict_ooxml_reads_like_transitional() {
    assert_same_outline_as_numbering("outline/strict.docx");
}

#[test]
fn main_part_found_through_relationships_and_prefix_renamed() {
    let rel = "outline/renamed-main.docx";
    assert_same_outline_as_numbering(rel);
    let doc = match Document::open(fixture(rel)) {
        Ok(d) => d,
        Err(e) => panic!("{rel}: {e}"),
    };
    let parts = doc.package().parts();
    assert_eq!(parts.main, "word/main.xml");
    assert_eq!(parts.styles.as_deref(), Some("word/styles.xml"));
    assert_eq!(parts.numbering.as_deref(), Some("word/numbering.xml"));
    assert!(!doc.package().has_part("word/document.xml"));
}

#[test]
fn docm_reads_like_docx() {
    assert_same_outline_as_numbering("outline/numbering.docm");
}

#[test]
fn dotx_reads_like_docx() {
    assert_same_outline_as_numbering("outline/numbering.dotx");
}

#[test]
fn dotm_reads_like_docx() {
    assert_same_outline_as_numbering("outline/numbering.dotm");
}

#[test]
fn rebuilt_zip_reads_like_the_fixture() {
    // The zip-building helper itself: an unchanged copy must read the same.
    let bytes = edited_numbering(|_, data| Some(data));
    assert_eq!(
        outline_of("copy", Document::from_bytes(bytes)),
        numbering_outline()
    );
}

// ---------------------------------------------------------------------------------------------
// Inputs that are not .docx at all

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let path = fixture("outline/no-such-file.docx");
    match Document::open(&path) {
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Io, "{e}");
            assert_mentions(&e, &["no-such-file.docx"]);
        }
        Ok(_) => panic!("a missing file opened"),
    }
}

#[test]
fn empty_input() {
    let e = expect_error("empty", Vec::new(), ErrorKind::Empty);
    assert_mentions(&e, &["empty", "0 bytes"]);
    assert_eq!(e.part(), None);
}

#[test]
fn pdf_input() {
    let mut bytes =
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    bytes.extend_from_slice(b"%%EOF\n");
    let e = expect_error("pdf", bytes, ErrorKind::Pdf);
    assert_mentions(&e, &["PDF", ".docx"]);
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

#[test]
fn legacy_doc_input() {
    let mut bytes = OLE_MAGIC.to_vec();
    bytes.extend_from_slice(&[0; 1024]);
    let e = expect_error("ole zeros", bytes, ErrorKind::LegacyOffice);
    assert_mentions(&e, &[".doc", "OLE"]);
}

#[test]
fn encrypted_input() {
    let mut bytes = OLE_MAGIC.to_vec();
    bytes.extend_from_slice(&[0; 512]);
    bytes.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend_from_slice(&[0; 64]);
    let e = expect_error("ole encrypted", bytes, ErrorKind::Encrypted);
    assert_mentions(&e, &["encrypted"]);
}

#[test]
fn encryption_info_in_ascii_is_not_encryption() {
    // Only the UTF-16LE stream name marks an encrypted package.
    let mut bytes = OLE_MAGIC.to_vec();
    bytes.extend_from_slice(&[0; 512]);
    bytes.extend_from_slice(b"EncryptionInfo");
    expect_error("ole ascii", bytes, ErrorKind::LegacyOffice);
}

#[test]
fn random_bytes_are_not_a_zip() {
    // A fixed linear congruential sequence: "random" but reproducible.
    let mut state: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect();
    assert_ne!(bytes.get(..2), Some(&b"PK"[..]));
    let e = expect_error("random", bytes, ErrorKind::Zip);
    assert_mentions(&e, &["not a valid .docx (zip) archive"]);
    assert_eq!(e.part(), None);
}

#[test]
fn short_and_text_inputs_are_not_a_zip() {
    for (what, bytes) in [
        ("one byte", b"P".to_vec()),
        ("PK only", b"PK".to_vec()),
        ("text", b"Hello, this is a plain text file.\n".to_vec()),
    ] {
        let e = expect_error(what, bytes, ErrorKind::Zip);
        assert_mentions(&e, &["zip"]);
    }
}

#[test]
fn truncated_docx_is_its_own_error() {
    let bytes = read_fixture(NUMBERING);
    let half = bytes[..bytes.len() / 2].to_vec();
    expect_error("truncated", half, ErrorKind::Truncated);
}

// ---------------------------------------------------------------------------------------------
// Zips that are not Word documents, or broken ones

#[test]
fn zip_without_root_relationships() {
    let bytes = zip_of(&[
        entry("hello.txt", "hello"),
        entry("word/document.xml", &minimal_document("")),
    ]);
    let e = expect_error("no _rels/.rels", bytes, ErrorKind::NotWordDocument);
    assert_mentions(&e, &["not a Word document", "_rels/.rels"]);
}

#[test]
fn root_relationships_without_office_document() {
    let rels = root_rels(
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    );
    let bytes = zip_of(&[
        entry("_rels/.rels", &rels),
        entry("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"x\"/>"),
        entry("word/document.xml", &minimal_document("")),
    ]);
    let e = expect_error("no officeDocument", bytes, ErrorKind::NotWordDocument);
    assert_mentions(&e, &["not a Word document", "officeDocument"]);
}

#[test]
fn spreadsheet_package_is_not_a_word_document() {
    // A real .xlsx does have an officeDocument relationship; it points at a workbook.
    let rels = root_rels(&format!(
        r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="xl/workbook.xml"/>"#
    ));
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let bytes = zip_of(&[
        entry("_rels/.rels", &rels),
        entry("xl/workbook.xml", workbook),
    ]);
    let e = expect_error("xlsx", bytes, ErrorKind::NotWordDocument);
    assert_mentions(&e, &["not a Word document", "xl/workbook.xml"]);
}

/// The list workbook picked by mistake instead of the SSP: named for what it is, in both
/// languages (the workbooks of `fixtures/lists/`, made by openpyxl and LibreOffice).
#[test]
fn a_workbook_given_as_the_ssp_is_named_for_what_it_is() {
    use fedramp_ssp::{Lang, NotWordReason};
    let cases = [
        (
            "ismap-azure-1-2020.xlsx",
            "an Excel workbook",
            "Excel ブックです",
        ),
        (
            "ismap-azure-1-2020.ods",
            "an OpenDocument spreadsheet (.ods)",
            "OpenDocument スプレッドシート（.ods）です",
        ),
    ];
    for (file, en, ja) in cases {
        let bytes = read_fixture(&format!("lists/{file}"));
        let e = expect_error(file, bytes, ErrorKind::NotWordDocument);
        let Error::NotWordDocument { reason } = &e else {
            panic!("{file}: {e}");
        };
        assert!(
            matches!(
                reason,
                NotWordReason::OtherRoot { .. } | NotWordReason::OpenDocument { .. }
            ),
            "{file}: {reason:?}"
        );
        assert_mentions(&e, &["not a Word document", en, "the SSP's .docx"]);
        let said = e.message(Lang::Ja);
        assert!(said.contains(ja) && said.contains("SSP の .docx"), "{said}");
    }
}

#[test]
fn main_part_named_but_missing() {
    let bytes = edited_numbering(|name, data| (name != "word/document.xml").then_some(data));
    let e = expect_error("missing main", bytes, ErrorKind::MissingPart);
    assert_eq!(e.part(), Some("word/document.xml"));
    assert_mentions(&e, &["word/document.xml", "missing", "_rels/.rels"]);
}

#[test]
fn main_part_named_but_missing_in_minimal_zip() {
    let rels = root_rels(&format!(
        r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/main.xml"/>"#
    ));
    let bytes = zip_of(&[
        entry("_rels/.rels", &rels),
        entry("word/document.xml", &minimal_document("")),
    ]);
    let e = expect_error("missing word/main.xml", bytes, ErrorKind::MissingPart);
    assert_eq!(e.part(), Some("word/main.xml"));
    assert_mentions(&e, &["word/main.xml"]);
}

#[test]
fn styles_part_named_but_missing() {
    let bytes = edited_numbering(|name, data| (name != "word/styles.xml").then_some(data));
    let e = expect_error("missing styles", bytes, ErrorKind::MissingPart);
    assert_eq!(e.part(), Some("word/styles.xml"));
    assert_mentions(&e, &["word/styles.xml", "word/_rels/document.xml.rels"]);
}

#[test]
fn minimal_package_reads() {
    // The smallest package the library accepts: root relationships and a main part.
    let rels = root_rels(&format!(
        r#"<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>"#
    ));
    let doc = minimal_document("<w:p><w:r><w:t>Only paragraph</w:t></w:r></w:p>");
    let bytes = zip_of(&[
        entry("_rels/.rels", &rels),
        entry("word/document.xml", &doc),
    ]);
    let mut doc = match Document::from_bytes(bytes) {
        Ok(d) => d,
        Err(e) => panic!("minimal package: {e}"),
    };
    let texts: Result<Vec<String>, Error> = match doc.blocks() {
        Ok(blocks) => blocks.map(|b| b.map(|b| b.text())).collect(),
        Err(e) => Err(e),
    };
    match texts {
        Ok(texts) => assert_eq!(texts, ["Only paragraph"]),
        Err(e) => panic!("minimal package: {e}"),
    }
}

#[test]
fn malformed_xml_in_main_part() {
    let body = "<w:p><w:r><w:t>Hello</w:r></w:p>";
    let xml = minimal_document(body);
    let bad_at = xml.find("</w:r>").unwrap_or(0) as u64;
    let len = xml.len() as u64;
    let bytes = edited_numbering(|name, data| {
        Some(if name == "word/document.xml" {
            xml.as_bytes().to_vec()
        } else {
            data
        })
    });
    let e = expect_error("malformed", bytes, ErrorKind::Xml);
    assert_eq!(e.part(), Some("word/document.xml"));
    let Some(offset) = e.offset() else {
        panic!("no offset in {e}");
    };
    assert!(
        (bad_at..=len).contains(&offset),
        "offset {offset} is not at or after the bad end tag (byte {bad_at}, part length {len})"
    );
    assert_mentions(
        &e,
        &[
            "malformed XML",
            "word/document.xml",
            &format!("byte {offset}"),
        ],
    );
}

#[test]
fn malformed_xml_later_in_a_large_main_part_reports_its_offset() {
    // The error is met while streaming, after many good paragraphs have been yielded.
    let good = "<w:p><w:r><w:t>Good paragraph</w:t></w:r></w:p>".repeat(5000);
    let xml = minimal_document(&format!("{good}<w:p><w:r><w:t>Bad</w:p>"));
    let bad_at = xml.find("<w:t>Bad").unwrap_or(0) as u64;
    let bytes = edited_numbering(|name, data| {
        Some(if name == "word/document.xml" {
            xml.as_bytes().to_vec()
        } else {
            data
        })
    });
    let mut doc = match Document::from_bytes(bytes) {
        Ok(d) => d,
        Err(e) => panic!("the first paragraphs are good: {e}"),
    };
    let blocks = match doc.blocks() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let mut good_blocks = 0;
    let mut error = None;
    for block in blocks {
        match block {
            Ok(_) => good_blocks += 1,
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    assert_eq!(good_blocks, 5000);
    let Some(e) = error else {
        panic!("no error for the malformed end of the part");
    };
    assert_eq!(e.kind(), ErrorKind::Xml, "{e}");
    assert_eq!(e.part(), Some("word/document.xml"));
    let offset = e.offset().unwrap_or(0);
    assert!(
        offset >= bad_at && offset <= xml.len() as u64,
        "offset {offset}, bad paragraph at {bad_at}"
    );
}

#[test]
fn malformed_xml_in_styles_names_the_styles_part() {
    let bytes = edited_numbering(|name, data| {
        Some(if name == "word/styles.xml" {
            format!(r#"<w:styles xmlns:w="{W_NS}"><w:style></w:styles>"#).into_bytes()
        } else {
            data
        })
    });
    let e = expect_error("malformed styles", bytes, ErrorKind::Xml);
    assert_eq!(e.part(), Some("word/styles.xml"));
    assert!(e.offset().is_some());
    assert_mentions(&e, &["word/styles.xml"]);
}

#[test]
fn malformed_root_relationships_names_the_part() {
    let bytes = edited_numbering(|name, data| {
        Some(if name == "_rels/.rels" {
            b"<Relationships><Relationship></Relationships>".to_vec()
        } else {
            data
        })
    });
    let e = expect_error("malformed rels", bytes, ErrorKind::Xml);
    assert_eq!(e.part(), Some("_rels/.rels"));
    assert_mentions(&e, &["_rels/.rels"]);
}
