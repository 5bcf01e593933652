//! Regressions and focused edge cases, each a small hand-written document (see
//! `common::docx_of`). Inputs that once misbehaved, or that real producers could write.

mod common;

use common::docx_of;
use fedramp_ssp::{Document, Outline};

fn outline(body: &str, styles: Option<&str>, numbering: Option<&str>) -> Outline {
    let bytes = docx_of(body, styles, numbering);
    match Document::from_bytes(bytes).and_then(|mut d| d.outline()) {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    }
}

fn labels(o: &Outline) -> Vec<String> {
    o.iter()
        .map(|h| format!("{} {}", h.label.as_deref().unwrap_or("-"), h.title))
        .collect()
}

const HEADING_STYLES: &str = r#"
<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="H1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>"#;

fn para(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

const LEVELS: &str = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>"#;

#[test]
fn num_style_link_cycle_is_cut() {
    // abstractNum 1 links to numbering style S, whose num points back at abstractNum 1.
    let styles = format!(
        r#"{HEADING_STYLES}<w:style w:type="numbering" w:styleId="S"><w:name w:val="S"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#
    );
    let numbering = r#"<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="S"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#;
    let body = para("H1", "Cycle");
    let o = outline(&body, Some(&styles), Some(numbering));
    // No levels anywhere: the heading is there, unnumbered, and nothing hangs.
    assert_eq!(labels(&o), ["- Cycle"]);
}

#[test]
fn based_on_cycle_is_cut() {
    let styles = r#"
<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>"#;
    let o = outline(
        &(para("A", "Heading A") + &para("B", "Heading B")),
        Some(styles),
        None,
    );
    assert_eq!(labels(&o), ["- Heading A", "- Heading B"]);
}

#[test]
fn skipped_level_shows_zero_like_word() {
    // Heading 1 then straight to level 3: Word displays "1.0.1.".
    let styles = format!(
        r#"{HEADING_STYLES}<w:style w:type="paragraph" w:styleId="H3"><w:name w:val="heading 3"/><w:basedOn w:val="H1"/><w:pPr><w:numPr><w:ilvl w:val="2"/></w:numPr><w:outlineLvl w:val="2"/></w:pPr></w:style>"#
    );
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0">{LEVELS}<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
    );
    let o = outline(
        &(para("H1", "One") + &para("H3", "Deep")),
        Some(&styles),
        Some(&numbering),
    );
    assert_eq!(labels(&o), ["1. One", "1.0.1. Deep"]);
}

#[test]
fn numbering_to_a_missing_list_is_no_number() {
    let numbering = r#"<w:num w:numId="1"><w:abstractNumId w:val="42"/></w:num>"#;
    let o = outline(
        &(para("H1", "A") + &para("H2", "B")),
        Some(HEADING_STYLES),
        Some(numbering),
    );
    assert_eq!(labels(&o), ["- A", "- B"]);
}

#[test]
fn odd_level_text_and_huge_start() {
    let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2147483647"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%0 %1 %10 %"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let o = outline(
        &(para("H1", "A") + &para("H1", "B")),
        Some(HEADING_STYLES),
        Some(numbering),
    );
    assert_eq!(o.len(), 2);
    // Letters repeat at most 64 times; nothing overflows.
    assert!(
        o.iter()
            .all(|h| h.label.as_deref().is_some_and(|l| l.len() < 200))
    );
}

#[test]
fn heading_numbers_typed_by_hand_need_a_title() {
    // "2019" alone is a title, not a number; "9.2.1" with no text after it stays the title.
    let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#;
    let o = outline(
        &(para("H1", "2019 Annual Assessment") + &para("H1", "9.2.1")),
        Some(styles),
        None,
    );
    assert_eq!(labels(&o), ["- 2019 Annual Assessment", "- 9.2.1"]);
}

#[test]
fn invalid_utf8_far_into_a_long_text_is_reported_at_its_byte() {
    // Past the 64 KiB stream buffer, inside a text node, after multi-byte characters.
    let mut body = String::from(r#"<w:p><w:r><w:t>"#);
    body.push_str(&"é–“”".repeat(30_000));
    body.push('@');
    body.push_str("</w:t></w:r></w:p>");
    let mut xml = common::minimal_document(&body).into_bytes();
    let at = xml.iter().position(|&b| b == b'@').unwrap();
    xml[at] = 0xFF;
    let bytes = common::zip_of(&[
        common::entry(
            "_rels/.rels",
            &common::root_rels(&format!(
                r#"<Relationship Id="rId1" Type="{}" Target="word/document.xml"/>"#,
                common::OFFICE_DOCUMENT
            )),
        ),
        ("word/document.xml".to_string(), xml),
    ]);
    let mut doc = Document::from_bytes(bytes).unwrap();
    let err = doc.outline().unwrap_err();
    assert_eq!(err.kind(), fedramp_ssp::ErrorKind::InvalidUtf8, "{err}");
    assert_eq!(err.offset(), Some(at as u64), "{err}");
    assert_eq!(err.part(), Some("word/document.xml"));
}
