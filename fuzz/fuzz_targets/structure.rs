//! Structure-aware: documents built from elements, not bytes. `arbitrary` turns the input into
//! a body (headings that open the sections a scope reads, paragraphs with runs, fields that may
//! never close, hidden text, content controls, markup-compatibility choices, foreign elements,
//! tables with spans, vertical merges, grid offsets, header rows and nested tables), styles
//! (basedOn chains, numbering, vanish) and numbering (levels with long texts, overrides,
//! numStyleLink/styleLink chains). Each document is zipped and read every way a user reads it:
//! outline, every block, the scope, and the reports' text and CSV; the outline's headings and
//! errors must be those of the full block stream.
#![no_main]

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use arbitrary::Arbitrary;
use fedramp_ssp::{
    DocumentBuilder, Error, ErrorKind, Heading, Limits, OutlineReport, ProfileChoice, ScopeReport,
    read_scope,
};
use libfuzzer_sys::fuzz_target;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const WPS: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape";

#[derive(Arbitrary, Debug)]
struct Input {
    body: Vec<Node>,
    styles: Vec<StyleSpec>,
    abstracts: Vec<AbstractSpec>,
    nums: Vec<NumSpec>,
    /// Copies of the body, so that sizes grow past what a fuzzer writes by hand.
    repeat: u8,
}

#[derive(Arbitrary, Debug)]
enum Node {
    Heading {
        level: u8,
        title: Title,
    },
    Para {
        style: Option<u8>,
        num: Option<(u8, u8)>,
        runs: Vec<Run>,
    },
    Table {
        rows: Vec<RowSpec>,
    },
    Sdt {
        toc: bool,
        content: Vec<Node>,
    },
    Alternate {
        known: bool,
        choice: Vec<Node>,
        fallback: Vec<Node>,
    },
    Foreign {
        rebinds_w: bool,
        content: Vec<Node>,
    },
    Empty(u16),
}

#[derive(Arbitrary, Debug)]
enum Title {
    Iaas,
    Saas,
    Office,
    Other,
    Number(Vec<u8>),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Run {
    Text(Name),
    Hidden(Name),
    Styled(u8, Name),
    Begin,
    Separate,
    End,
    Instr(String),
    Tab,
    Break,
    CharRef(u16),
    SoftHyphen,
    /// A field character in a run with properties, as Word writes a table of contents (such
    /// a run is passed over unread where the paragraph's text is not kept).
    MarkedField(u8),
    /// A table of contents' code naming a style as a heading.
    TocCode(u8),
}

#[derive(Arbitrary, Debug)]
enum Name {
    Listed(u8),
    Free(String),
}

const NAMES: [&str; 12] = [
    "Azure Kubernetes Service (AKS)",
    "Microsoft Sentinel (formerly Azure Sentinel)",
    "Azure Monitor (incl. Application Insights, Log Analytics)",
    "Bastion",
    "Azure AI services: QnA Maker (part of Azure AI Language)",
    "Exchange Online",
    "Power BI*",
    "Service",
    "FedRAMP High",
    "X",
    "\u{2713}",
    "Planned",
];

#[derive(Arbitrary, Debug)]
struct RowSpec {
    header: bool,
    deleted: bool,
    grid_before: u8,
    cells: Vec<CellSpec>,
}

#[derive(Arbitrary, Debug)]
struct CellSpec {
    span: u16,
    merge: u8,
    content: Vec<Node>,
}

#[derive(Arbitrary, Debug)]
struct StyleSpec {
    id: u8,
    kind: u8,
    based_on: Option<u8>,
    outline: Option<u8>,
    num: Option<(u8, u8)>,
    vanish: Option<bool>,
}

#[derive(Arbitrary, Debug)]
struct AbstractSpec {
    id: u8,
    levels: Vec<LevelSpec>,
    num_style_link: Option<u8>,
    style_link: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct LevelSpec {
    ilvl: u8,
    start: i32,
    format: u8,
    text: Vec<LevelText>,
    restart: Option<u8>,
    style: Option<u8>,
    legal: bool,
}

#[derive(Arbitrary, Debug)]
enum LevelText {
    Placeholder(u8),
    Literal(char),
    Repeat(u16),
}

#[derive(Arbitrary, Debug)]
struct NumSpec {
    id: u8,
    abstract_id: u8,
    overrides: Vec<(u8, Option<i32>, Option<LevelSpec>)>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn name(n: &Name) -> String {
    match n {
        Name::Listed(i) => NAMES[usize::from(*i) % NAMES.len()].to_string(),
        Name::Free(s) => esc(s),
    }
}

fn title(t: &Title) -> String {
    match t {
        Title::Iaas => "9.2.1 Infrastructure and Platforms as a Service Offerings".to_string(),
        Title::Saas => "9.2.2 Software as a Service Offerings".to_string(),
        Title::Office => "9.5 Service Description".to_string(),
        Title::Other => "10 System Environment".to_string(),
        Title::Number(parts) => {
            let mut s = String::new();
            for p in parts.iter().take(64) {
                let _ = write!(s, "{p}.");
            }
            s.push_str(" Section");
            s
        }
        Title::Text(s) => esc(s),
    }
}

fn run(r: &Run, out: &mut String) {
    match r {
        Run::Text(n) => {
            let _ = write!(
                out,
                r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                name(n)
            );
        }
        Run::Hidden(n) => {
            let _ = write!(
                out,
                "<w:r><w:rPr><w:vanish/></w:rPr><w:t>{}</w:t></w:r>",
                name(n)
            );
        }
        Run::Styled(s, n) => {
            let _ = write!(
                out,
                r#"<w:r><w:rPr><w:rStyle w:val="S{s}"/></w:rPr><w:t>{}</w:t></w:r>"#,
                name(n)
            );
        }
        Run::Begin => out.push_str(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#),
        Run::Separate => out.push_str(r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#),
        Run::End => out.push_str(r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#),
        Run::Instr(s) => {
            let _ = write!(out, "<w:r><w:instrText>{}</w:instrText></w:r>", esc(s));
        }
        Run::MarkedField(k) => {
            let kind = ["begin", "separate", "end"][usize::from(*k % 3)];
            let _ = write!(
                out,
                r#"<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="{kind}"/></w:r>"#
            );
        }
        Run::TocCode(s) => {
            let _ = write!(
                out,
                r#"<w:r><w:instrText> TOC \o "1-3" \t "Style {s},1" </w:instrText></w:r>"#
            );
        }
        Run::Tab => out.push_str("<w:r><w:tab/></w:r>"),
        Run::Break => out.push_str("<w:r><w:br/></w:r>"),
        Run::CharRef(c) => {
            let _ = write!(out, "<w:r><w:t>&#{};</w:t></w:r>", u32::from(*c).max(32));
        }
        Run::SoftHyphen => out.push_str("<w:r><w:softHyphen/></w:r>"),
    }
}

fn node(n: &Node, depth: usize, out: &mut String) {
    if depth > 6 {
        return;
    }
    match n {
        Node::Heading { level, title: t } => {
            let _ = write!(
                out,
                r#"<w:p><w:pPr><w:outlineLvl w:val="{}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
                level % 10,
                title(t)
            );
        }
        Node::Para { style, num, runs } => {
            out.push_str("<w:p><w:pPr>");
            if let Some(s) = style {
                let _ = write!(out, r#"<w:pStyle w:val="S{s}"/>"#);
            }
            if let Some((id, ilvl)) = num {
                let _ = write!(
                    out,
                    r#"<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{id}"/></w:numPr>"#,
                    ilvl % 10
                );
            }
            out.push_str("</w:pPr>");
            for r in runs.iter().take(64) {
                run(r, out);
            }
            out.push_str("</w:p>");
        }
        Node::Table { rows } => {
            out.push_str("<w:tbl>");
            for row in rows.iter().take(64) {
                out.push_str("<w:tr><w:trPr>");
                if row.header {
                    out.push_str("<w:tblHeader/>");
                }
                if row.deleted {
                    out.push_str("<w:del/>");
                }
                let _ = write!(
                    out,
                    r#"<w:gridBefore w:val="{}"/></w:trPr>"#,
                    row.grid_before
                );
                for c in row.cells.iter().take(64) {
                    out.push_str("<w:tc><w:tcPr>");
                    let _ = write!(out, r#"<w:gridSpan w:val="{}"/>"#, c.span);
                    match c.merge % 3 {
                        1 => out.push_str(r#"<w:vMerge w:val="restart"/>"#),
                        2 => out.push_str("<w:vMerge/>"),
                        _ => {}
                    }
                    out.push_str("</w:tcPr>");
                    for inner in c.content.iter().take(16) {
                        node(inner, depth + 1, out);
                    }
                    out.push_str("<w:p/></w:tc>");
                }
                out.push_str("</w:tr>");
            }
            out.push_str("</w:tbl>");
        }
        Node::Sdt { toc, content } => {
            out.push_str("<w:sdt><w:sdtPr>");
            if *toc {
                out.push_str(
                    r#"<w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>"#,
                );
            }
            out.push_str("</w:sdtPr><w:sdtContent>");
            for inner in content.iter().take(16) {
                node(inner, depth + 1, out);
            }
            out.push_str("</w:sdtContent></w:sdt>");
        }
        Node::Alternate {
            known,
            choice,
            fallback,
        } => {
            let requires = if *known { "wps" } else { "zz" };
            let _ = write!(
                out,
                r#"<mc:AlternateContent><mc:Choice Requires="{requires}">"#
            );
            for inner in choice.iter().take(8) {
                node(inner, depth + 1, out);
            }
            out.push_str("</mc:Choice><mc:Fallback>");
            for inner in fallback.iter().take(8) {
                node(inner, depth + 1, out);
            }
            out.push_str("</mc:Fallback></mc:AlternateContent>");
        }
        Node::Foreign { rebinds_w, content } => {
            if *rebinds_w {
                out.push_str(r#"<x:wrap xmlns:x="urn:x" xmlns:w="urn:not-word">"#);
            } else {
                out.push_str(r#"<x:wrap xmlns:x="urn:x">"#);
            }
            for inner in content.iter().take(8) {
                node(inner, depth + 1, out);
            }
            out.push_str("</x:wrap>");
        }
        Node::Empty(n) => {
            for _ in 0..(*n % 2048) {
                out.push_str("<w:p/>");
            }
        }
    }
}

fn level(l: &LevelSpec, out: &mut String) {
    let mut text = String::new();
    for t in l.text.iter().take(64) {
        match t {
            LevelText::Placeholder(i) => {
                let _ = write!(text, "%{}", i % 11);
            }
            LevelText::Literal(c) => text.push_str(&esc(&c.to_string())),
            LevelText::Repeat(n) => text.push_str(&"%1".repeat(usize::from(*n))),
        }
    }
    const FORMATS: [&str; 10] = [
        "decimal",
        "decimalZero",
        "lowerLetter",
        "upperLetter",
        "lowerRoman",
        "upperRoman",
        "ordinal",
        "none",
        "bullet",
        "chicago",
    ];
    let _ = write!(
        out,
        r#"<w:lvl w:ilvl="{}"><w:start w:val="{}"/><w:numFmt w:val="{}"/><w:lvlText w:val="{text}"/>"#,
        l.ilvl % 10,
        l.start,
        FORMATS[usize::from(l.format) % FORMATS.len()]
    );
    if let Some(r) = l.restart {
        let _ = write!(out, r#"<w:lvlRestart w:val="{r}"/>"#);
    }
    if let Some(s) = l.style {
        let _ = write!(out, r#"<w:pStyle w:val="S{s}"/>"#);
    }
    if l.legal {
        out.push_str("<w:isLgl/>");
    }
    out.push_str("</w:lvl>");
}

fn styles(input: &Input) -> String {
    let mut out = format!(r#"<w:styles xmlns:w="{W}">"#);
    for s in input.styles.iter().take(256) {
        let kind = ["paragraph", "character", "numbering", "table"][usize::from(s.kind % 4)];
        let _ = write!(
            out,
            r#"<w:style w:type="{kind}" w:styleId="S{}"><w:name w:val="Style {}"/>"#,
            s.id, s.id
        );
        if let Some(b) = s.based_on {
            let _ = write!(out, r#"<w:basedOn w:val="S{b}"/>"#);
        }
        out.push_str("<w:pPr>");
        if let Some(o) = s.outline {
            let _ = write!(out, r#"<w:outlineLvl w:val="{}"/>"#, o % 10);
        }
        if let Some((id, ilvl)) = s.num {
            let _ = write!(
                out,
                r#"<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{id}"/></w:numPr>"#,
                ilvl % 10
            );
        }
        out.push_str("</w:pPr>");
        if let Some(v) = s.vanish {
            let _ = write!(out, r#"<w:rPr><w:vanish w:val="{}"/></w:rPr>"#, u8::from(v));
        }
        out.push_str("</w:style>");
    }
    out.push_str("</w:styles>");
    out
}

fn numbering(input: &Input) -> String {
    let mut out = format!(r#"<w:numbering xmlns:w="{W}">"#);
    for a in input.abstracts.iter().take(256) {
        let _ = write!(out, r#"<w:abstractNum w:abstractNumId="{}">"#, a.id);
        if let Some(l) = a.num_style_link {
            let _ = write!(out, r#"<w:numStyleLink w:val="S{l}"/>"#);
        }
        if let Some(l) = a.style_link {
            let _ = write!(out, r#"<w:styleLink w:val="S{l}"/>"#);
        }
        for l in a.levels.iter().take(12) {
            level(l, &mut out);
        }
        out.push_str("</w:abstractNum>");
    }
    for n in input.nums.iter().take(256) {
        let _ = write!(
            out,
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="{}"/>"#,
            n.id, n.abstract_id
        );
        for (ilvl, start, lvl) in n.overrides.iter().take(12) {
            let _ = write!(out, r#"<w:lvlOverride w:ilvl="{}">"#, ilvl % 10);
            if let Some(s) = start {
                let _ = write!(out, r#"<w:startOverride w:val="{s}"/>"#);
            }
            if let Some(l) = lvl {
                level(l, &mut out);
            }
            out.push_str("</w:lvlOverride>");
        }
        out.push_str("</w:num>");
    }
    out.push_str("</w:numbering>");
    out
}

fn package(input: &Input) -> Option<Vec<u8>> {
    let mut body =
        String::from("<w:p><w:r><w:t>Microsoft Azure System Security Plan</w:t></w:r></w:p>");
    let mut one = String::new();
    for n in input.body.iter().take(256) {
        node(n, 0, &mut one);
    }
    for _ in 0..=(input.repeat % 8) {
        body.push_str(&one);
    }
    let document = format!(
        r#"<w:document xmlns:w="{W}" xmlns:mc="{MC}" xmlns:wps="{WPS}"><w:body>{body}</w:body></w:document>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let doc_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{R}/numbering" Target="numbering.xml"/></Relationships>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in [
        ("_rels/.rels", rels),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/document.xml", document),
        ("word/styles.xml", styles(input)),
        ("word/numbering.xml", numbering(input)),
    ] {
        zip.start_file(name, options).ok()?;
        zip.write_all(data.as_bytes()).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

fuzz_target!(|input: Input| {
    let Some(bytes) = package(&input) else { return };
    let limits = Limits {
        max_table_size: 4 << 20,
        max_section_size: 4 << 20,
        ..Limits::default()
    };
    let Ok(mut doc) = DocumentBuilder::new().limits(limits).from_bytes(bytes) else {
        return;
    };
    let outline = doc.outline();
    if let Ok(outline) = &outline {
        let _ = OutlineReport::new("fuzz.docx", outline).to_text();
    }
    // The outline passes over what the full stream reads (tables, text that is not kept, runs
    // that change nothing): the headings and the errors are the same, but for the budgets of
    // what is built or read.
    let full: Result<Vec<Heading>, Error> = doc.blocks().and_then(|blocks| {
        blocks
            .filter_map(|b| {
                b.map(|b| b.as_paragraph().and_then(Heading::from_paragraph))
                    .transpose()
            })
            .collect()
    });
    let budget = |e: &Error| matches!(e.kind(), ErrorKind::TableTooLarge | ErrorKind::TooMuchText);
    match (&outline, &full) {
        (Ok(outline), Ok(full)) => assert_eq!(&outline.headings, full),
        (Err(a), Err(b)) if !budget(a) && !budget(b) => assert_eq!(a.to_string(), b.to_string()),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => assert!(budget(e), "only one way: {e}"),
        _ => {}
    }
    if let Ok(scope) = read_scope(&mut doc, "fuzz.docx", &ProfileChoice::Auto) {
        let _ = scope.services.lookup("AKS");
        let report = ScopeReport::new(&[scope]);
        let _ = report.to_text();
        let _ = report.table().write_csv(std::io::sink());
    }
});
