//! Styles and numbering parts from XML: the input is both `word/styles.xml` and
//! `word/numbering.xml` of a small package whose body numbers paragraphs through nums 0-7 at
//! levels 0-9 and through heading styles; the outline and every block are then read.
#![no_main]

use std::io::{Cursor, Write};

use fedramp_ssp::Document;
use libfuzzer_sys::fuzz_target;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn body() -> String {
    let mut body = String::new();
    for num_id in 0..8u32 {
        for ilvl in [0u8, 1, 2, 8, 9, 1, 0] {
            body.push_str(&format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>n{num_id}.{ilvl}</w:t></w:r></w:p>"#
            ));
        }
    }
    for level in 1..=4 {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr><w:r><w:t>h{level}</w:t></w:r></w:p>"#
        ));
    }
    body
}

fn package(part: &[u8]) -> Option<Vec<u8>> {
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let doc_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{R}/numbering" Target="numbering.xml"/></Relationships>"#
    );
    let document = format!(r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#, body());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, data) in [
        ("_rels/.rels", rels.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", part),
        ("word/numbering.xml", part),
    ] {
        zip.start_file(name, options).ok()?;
        zip.write_all(data).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = package(data) else { return };
    let Ok(mut doc) = Document::from_bytes(bytes) else {
        return;
    };
    let _ = doc.outline();
    if let Ok(blocks) = doc.blocks() {
        for block in blocks {
            if block.is_err() {
                break;
            }
        }
    }
});
