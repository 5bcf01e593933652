//! Read what Word shows (issue 11, part 3): namespaces scoped as XML scopes them, markup
//! compatibility choices by what Word understands, text hidden by a style, one entry per part,
//! labels bounded. Each case is a focused, hand-written edge case (inline XML, zipped here).

mod common;

use common::{W_NS, docx_of, entry, expect_kind, minimal_document, root_rels, zip_of};
use fedramp_ssp::{Document, ErrorKind, Limits};

fn texts(bytes: Vec<u8>) -> Vec<String> {
    let mut doc = Document::from_bytes(bytes).unwrap_or_else(|e| panic!("{e}"));
    doc.blocks()
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|b| b.unwrap_or_else(|e| panic!("{e}")).text())
        .collect()
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn a_prefix_rebound_to_another_namespace_is_not_word_content() {
    // Inside <x:wrap>, "w" names another namespace: its w:p is not a Word paragraph. After the
    // element ends, "w" is WordprocessingML again.
    let body = format!(
        r#"{}<x:wrap xmlns:x="urn:example:x" xmlns:w="urn:example:not-word">{}</x:wrap>{}"#,
        para("Before"),
        para("Rebound"),
        para("After")
    );
    assert_eq!(texts(docx_of(&body, None, None)), ["Before", "After"]);
}

#[test]
fn word_content_under_another_prefix_is_read() {
    // A paragraph declaring its own prefix for WordprocessingML is Word content; the binding
    // ends with it.
    let body = format!(
        r#"<v:p xmlns:v="{W_NS}"><v:r><v:t>Own prefix</v:t></v:r></v:p><v:p><v:r><v:t>Unbound</v:t></v:r></v:p>{}"#,
        para("After")
    );
    let got = texts(docx_of(&body, None, None));
    assert_eq!(got, ["Own prefix", "After"]);
}

#[test]
fn elements_in_an_unknown_namespace_are_passed_over_with_their_content() {
    let body = r#"<w:p><w:r><w:t>Azure </w:t></w:r><ext:note xmlns:ext="urn:vendor:ext"><w:r><w:t>NOT </w:t></w:r></ext:note><w:r><w:t>Bastion</w:t></w:r></w:p>"#;
    assert_eq!(texts(docx_of(body, None, None)), ["Azure Bastion"]);
}

fn alternate(requires: &str, declare: &str) -> String {
    format!(
        r#"<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" {declare}><mc:AlternateContent><mc:Choice Requires="{requires}"><w:r><w:t>Choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>Fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#
    )
}

#[test]
fn alternate_content_takes_a_choice_word_understands_else_the_fallback() {
    let wps = r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;
    let unknown = r#"xmlns:zz="urn:example:future""#;
    for (requires, declare, shown) in [
        ("wps", wps, "Choice"),
        ("zz", unknown, "Fallback"),
        ("wps zz", &format!("{wps} {unknown}"), "Fallback"),
        // A prefix bound nowhere is not understood.
        ("nope", "", "Fallback"),
    ] {
        let got = texts(docx_of(&alternate(requires, declare), None, None));
        assert_eq!(got, [shown], "Requires=\"{requires}\"");
    }
}

#[test]
fn text_hidden_by_a_style_is_not_text() {
    let styles = r#"
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/><w:rPr><w:vanish/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="HiddenChild"><w:name w:val="Hidden Child"/><w:basedOn w:val="HiddenPara"/></w:style>
        <w:style w:type="character" w:styleId="HiddenChar"><w:name w:val="Hidden Char"/><w:rPr><w:vanish/></w:rPr></w:style>
        <w:style w:type="character" w:styleId="PlainChar"><w:name w:val="Plain Char"/><w:basedOn w:val="HiddenChar"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>"#;
    let body = r#"
        <w:p><w:r><w:t>Azure </w:t></w:r><w:r><w:rPr><w:rStyle w:val="HiddenChar"/></w:rPr><w:t>Secret </w:t></w:r><w:r><w:rPr><w:rStyle w:val="PlainChar"/></w:rPr><w:t>Bastion</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>Hidden paragraph</w:t></w:r></w:p>
        <w:p><w:pPr><w:pStyle w:val="HiddenChild"/></w:pPr><w:r><w:t>Inherited</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>Shown by the run</w:t></w:r></w:p>"#;
    assert_eq!(
        texts(docx_of(body, Some(styles), None)),
        ["Azure Bastion", "", "Shown by the run"]
    );
}

#[test]
fn two_entries_for_one_part_are_an_error() {
    let rels = root_rels(&format!(
        r#"<Relationship Id="rId1" Type="{}" Target="word/document.xml"/>"#,
        common::OFFICE_DOCUMENT
    ));
    let bytes = zip_of(&[
        entry("_rels/.rels", &rels),
        entry("word/document.xml", &minimal_document(&para("First"))),
        entry("Word/Document.xml", &minimal_document(&para("Second"))),
    ]);
    let e = expect_kind(
        "case-variant parts",
        common::read_error(bytes, Limits::default()),
        ErrorKind::DuplicatePart,
    );
    common::assert_mentions(&e, &["word/document.xml", "Word/Document.xml"]);
}

#[test]
fn a_long_level_text_gives_a_bounded_label() {
    // A level text of 100,000 placeholders: cut to 255 characters (127 of them), each shown as
    // 39 letters (the 1000th letter number: "l" 39 times): the label is cut to 512 bytes.
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#,
        "%1".repeat(100_000)
    );
    let body = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Item</w:t></w:r></w:p>"#;
    let mut doc = Document::from_bytes(docx_of(body, None, Some(&numbering)))
        .unwrap_or_else(|e| panic!("{e}"));
    let blocks: Vec<_> = doc
        .blocks()
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|b| b.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let label = blocks
        .first()
        .and_then(|b| b.as_paragraph())
        .and_then(|p| p.label())
        .unwrap_or_else(|| panic!("no label"));
    assert_eq!(label.text.len(), 512);
    assert!(label.text.chars().all(|c| c == 'l'), "{}", label.text);
}
