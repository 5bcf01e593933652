//! Runs that are passed over unread.
//!
//! A paragraph that cannot be a heading keeps no text in
//! [`Mode::Headings`](super::Mode::Headings), nor does a paragraph of a table of contents in
//! [`Mode::TitlePage`](super::Mode::TitlePage), and most of its runs then change nothing: their
//! run properties are passed over, their text and tabs are dropped. Reading them as events was
//! most of the work before the first heading of an SSP, whose table of contents is hundreds of
//! such paragraphs of a dozen runs. [`inert_run`] looks at a run's bytes in the reader's buffer
//! and says whether it is one of those, and whether the XML reader would read it without an
//! error; the reader then passes over its content
//! ([`PartEvents::pass_over`](crate::docx::xml::PartEvents::pass_over)) and reads only its end
//! tag. The runs that follow it at once and are inert too go with it ([`next_run`]): the XML
//! reader reads the first run's start tag and the last one's end tag. A fault in any of them
//! is left to the XML reader, which finds it as it always did.
//!
//! Reading such a run would also have decided that the paragraph's text is not kept (at its
//! first text, tab or run properties): the run is passed over only when it holds one of those,
//! so that the decision falls as it did, and nothing in it can change what the decision rests
//! on (the paragraph's properties, the styles a table of contents names, whether the paragraph
//! is in one). One field character or one element of field code after that is handed on to the
//! field state, as reading it would have. A run holding anything else (drawings, alternate
//! content, content controls, comments, namespace declarations, references in field code) is
//! read as before, as is a run whose end is not in the buffer yet.

use std::ops::Range;

use quick_xml::utils::name_len;

use crate::docx::xml;

/// A run to pass over: how many bytes, and the field character in it, if any, which the
/// reader still hands to the field state.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Inert {
    /// The bytes up to the run's end tag.
    pub(super) len: usize,
    /// An empty `fldChar` element of the run, after the element that decided whether the
    /// text is kept.
    pub(super) field_char: Option<FieldChar>,
    /// Where the text of the run's `instrText` element (field code) lies, when it has one
    /// after the element that decided: plain text, without references or carriage returns,
    /// so that it reads as the XML reader gives it.
    pub(super) field_code: Option<Range<usize>>,
}

/// Where a field character's tag lies in the bytes looked at.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct FieldChar {
    /// Its content, between `<` and `/>`: what the XML reader would make its event of.
    pub(super) tag: Range<usize>,
    /// The length of its name in it.
    pub(super) name_len: usize,
}

/// The most elements open at once inside a run passed over (run properties with a change
/// record hold three); a deeper run is read.
const MAX_INNER: usize = 8;

/// What of `bytes` to pass over unread: the content of the run whose start tag,
/// named `qname`, was just read, up to its end tag (left to the XML reader, which checks that
/// it closes the run). `bytes` follow the start tag (what the reader's buffer holds of them);
/// `room`: how many elements may open inside before the depth limit is passed. `None` (the run
/// is read) unless, up to an end tag written `</qname>`:
///
/// - the XML reader would read it without an error: the bytes are UTF-8, every end tag closes
///   the element opened last, written as it was named, every `&` begins a reference that a
///   `;` ends, no more than `room` elements (nor [`MAX_INNER`]) are open at once;
/// - no tag declares a namespace, and there are no comments, CDATA or processing instructions;
/// - every element outside run properties is text, a tab, a break, a symbol, a hyphen, a page
///   break Word rendered, a note or comment reference, or empty run properties: what changes
///   nothing in a run whose text is not kept (text decides whether it is kept only when it
///   holds characters, a symbol only when it is known); or, after an element that decides,
///   one empty field character or one element of field code (plain text) of the run's own
///   prefix, which the caller hands on ([`Inert::field_char`], [`Inert::field_code`]): reading
///   them changes the fields open, their code and whether the paragraph is in a table of
///   contents, but no longer whether its text is kept;
/// - the run holds, with its own prefix, non-empty run properties, a tab, a break or a
///   non-breaking hyphen: elements at which reading it decides whether the paragraph's text
///   is kept, wherever they are.
pub(super) fn inert_run(bytes: &[u8], qname: &[u8], room: usize) -> Option<Inert> {
    let mut look = Look {
        prefix: prefix_of(qname),
        room,
        open: [&[]; MAX_INNER],
        depth: 0,
        properties: None,
        decides: false,
        field_char: None,
        code_from: None,
        field_code: None,
    };
    let mut i = 0;
    loop {
        // Mostly tags, one after the other: a `<` where the search begins needs no search.
        let lt = match bytes.get(i) {
            Some(b'<') => i,
            _ => i + memchr::memchr2(b'<', b'&', bytes.get(i..)?)?,
        };
        let rest = bytes.get(lt + 1..)?;
        if bytes.get(lt) == Some(&b'&') {
            if look.code_from.is_some() {
                return None;
            }
            i = lt + 1 + closed_reference(rest)?;
            continue;
        }
        let end = xml::tag_end(rest)?;
        let content = rest.get(..end)?;
        match content.first()? {
            b'/' if look.depth == 0 => {
                let fine = look.decides
                    && content.get(1..) == Some(qname)
                    && std::str::from_utf8(bytes.get(..lt)?).is_ok();
                return fine.then_some(Inert {
                    len: lt,
                    field_char: look.field_char,
                    field_code: look.field_code,
                });
            }
            b'/' => look.end_tag(content.get(1..)?, bytes, lt)?,
            b'!' | b'?' => return None,
            _ => look.start_tag(content, lt + 1)?,
        }
        i = lt + 1 + end + 1;
    }
}

/// The end tag of a run passed over and the start tag of the run after it, when `bytes` (what
/// follows the run's content) begin with them: `</qname>` (as [`inert_run`] found it), then at
/// once the start tag of another run of that name, which the XML reader would read without an
/// error and which declares no namespace. Their length, that the next run's content begins
/// after; `None` when anything else follows.
///
/// Passing over both tags, and the next run with them when it is inert too, leaves the XML
/// reader as reading them would: the element it opened last (the first run) is still open,
/// and the next end tag it reads closes it.
pub(super) fn next_run(bytes: &[u8], qname: &[u8]) -> Option<usize> {
    let end_tag = qname.len() + 3;
    let closes = bytes.get(..2) == Some(b"</")
        && bytes.get(2..end_tag - 1) == Some(qname)
        && bytes.get(end_tag - 1) == Some(&b'>');
    let rest = bytes.get(end_tag..)?;
    let opens = closes
        && rest.first() == Some(&b'<')
        && rest.get(1..=qname.len()) == Some(qname)
        && matches!(
            rest.get(qname.len() + 1),
            Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')
        );
    if !opens {
        return None;
    }
    let content = rest.get(1..)?;
    let end = xml::tag_end(content)?;
    let tag = content.get(..end)?;
    let fine = tag.last() != Some(&b'/')
        && !xml::declares_namespace(tag)
        && std::str::from_utf8(tag).is_ok();
    fine.then_some(end_tag + 1 + end + 1)
}

/// What [`inert_run`] has seen of a run so far.
struct Look<'a> {
    /// The run's prefix, with its colon.
    prefix: &'a [u8],
    /// How many elements may open inside the run.
    room: usize,
    /// The names of the elements open inside the run, the first `depth` of them.
    open: [&'a [u8]; MAX_INNER],
    depth: usize,
    /// While run properties are open, the depth they opened at.
    properties: Option<usize>,
    /// Whether an element at which reading the run decides whether the text is kept was seen.
    decides: bool,
    field_char: Option<FieldChar>,
    /// While an `instrText` element is open, where its text begins.
    code_from: Option<usize>,
    field_code: Option<Range<usize>>,
}

impl<'a> Look<'a> {
    /// A start or empty-element tag whose content (between `<` and `>`) begins at `at`;
    /// `None` when the run is to be read.
    fn start_tag(&mut self, content: &'a [u8], at: usize) -> Option<()> {
        // As the XML reader names it: up to the first whitespace, less an empty element's `/`.
        let empty = content.last() == Some(&b'/');
        let body = if empty {
            content.get(..content.len() - 1)?
        } else {
            content
        };
        let name_end = name_len(body);
        if xml::declares_namespace(body.get(name_end..)?) {
            return None;
        }
        let name = body.get(..name_end)?;
        if self.code_from.is_some() {
            // Field code holds text only.
            return None;
        }
        if self.properties.is_none() {
            // What follows the tag begins after its `>`.
            self.element(name, empty, at..at + body.len(), at + content.len() + 1)?;
        }
        if !empty {
            *self.open.get_mut(self.depth)? = name;
            self.depth += 1;
            if self.depth > self.room {
                return None;
            }
        }
        Some(())
    }

    /// An element outside run properties (its tag's content, less an empty element's `/`, at
    /// `tag`; its content from `content`); `None` when the run is to be read.
    fn element(
        &mut self,
        name: &[u8],
        empty: bool,
        tag: Range<usize>,
        content: usize,
    ) -> Option<()> {
        let (own, local) = match name.strip_prefix(self.prefix) {
            Some(local) if !local.contains(&b':') => (true, local),
            _ => (false, local_of(name)),
        };
        match local {
            b"rPr" if !empty => {
                // Another namespace's element of that name is not passed over.
                if !own {
                    return None;
                }
                self.properties = Some(self.depth);
                self.decides = true;
            }
            b"tab" | b"ptab" | b"br" | b"cr" | b"noBreakHyphen" => self.decides |= own,
            // One field character or one element of field code, once the decision has fallen.
            b"fldChar" if own && empty && self.depth == 0 && self.decides => {
                if self.field_char.is_some() || self.field_code.is_some() {
                    return None;
                }
                self.field_char = Some(FieldChar {
                    tag,
                    name_len: name.len(),
                });
            }
            b"instrText" if own && !empty && self.depth == 0 && self.decides => {
                if self.field_char.is_some() || self.field_code.is_some() {
                    return None;
                }
                self.code_from = Some(content);
            }
            b"t"
            | b"sym"
            | b"softHyphen"
            | b"lastRenderedPageBreak"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"commentReference"
            | b"annotationRef"
            | b"rPr" => {}
            _ => return None,
        }
        Some(())
    }

    /// An end tag inside the run, naming `name`, at `lt` in `bytes`; `None` unless it closes
    /// the element opened last.
    fn end_tag(&mut self, name: &[u8], bytes: &[u8], lt: usize) -> Option<()> {
        self.depth = self.depth.checked_sub(1)?;
        if self.open.get(self.depth) != Some(&name) {
            return None;
        }
        if let Some(from) = self.code_from.take() {
            // The end of field code: as the XML reader gives it only without carriage returns.
            if bytes.get(from..lt)?.contains(&b'\r') {
                return None;
            }
            self.field_code = Some(from..lt);
        }
        if self.properties == Some(self.depth) {
            self.properties = None;
        }
        Some(())
    }
}

/// Where the reference whose `&` was passed (`rest` follows it) ends, after its `;`: `None`
/// when a `<` or `&` comes first, or nothing does (the XML reader's error).
fn closed_reference(rest: &[u8]) -> Option<usize> {
    let k = memchr::memchr3(b';', b'&', b'<', rest)?;
    (rest.get(k) == Some(&b';')).then_some(k + 1)
}

/// The prefix of a qualified name, with its colon; empty when it has none.
fn prefix_of(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(k) => name.get(..=k).unwrap_or_default(),
        None => &[],
    }
}

/// The local part of a qualified name, as quick-xml splits it (at the first colon).
fn local_of(name: &[u8]) -> &[u8] {
    let prefix = prefix_of(name);
    name.get(prefix.len()..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run's content as Word writes it in a table of contents, with what follows it.
    const TOC_RUN: &[u8] =
        b"<w:rPr><w:noProof/><w:webHidden/></w:rPr><w:t>9.2.1</w:t></w:r><w:r><w:fldChar/>";

    fn passes(bytes: &[u8]) -> bool {
        inert_run(bytes, b"w:r", 256).is_some()
    }

    #[test]
    fn plain_field_code_after_the_decision_is_handed_on() {
        let run = b"<w:rPr><w:webHidden/></w:rPr><w:instrText xml:space=\"preserve\"> PAGEREF _Toc1 \\h </w:instrText></w:r>";
        let inert = inert_run(run, b"w:r", 256).unwrap();
        assert_eq!(&run[inert.field_code.unwrap()], b" PAGEREF _Toc1 \\h ");
        assert!(inert.field_char.is_none());
        // References, carriage returns, elements inside, a field character too: read.
        assert!(!passes(
            b"<w:tab/><w:instrText>A &amp; B</w:instrText></w:r>"
        ));
        assert!(!passes(b"<w:tab/><w:instrText>A\r\nB</w:instrText></w:r>"));
        assert!(!passes(
            b"<w:tab/><w:instrText>A<w:t/>B</w:instrText></w:r>"
        ));
        assert!(!passes(
            b"<w:tab/><w:fldChar/><w:instrText>A</w:instrText></w:r>"
        ));
        assert!(!passes(b"<w:instrText>A</w:instrText><w:tab/></w:r>"));
    }

    #[test]
    fn one_field_character_after_the_decision_is_handed_on() {
        let run = b"<w:rPr><w:webHidden/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r>";
        let inert = inert_run(run, b"w:r", 256).unwrap();
        let tag = &run[inert.field_char.unwrap().tag];
        assert_eq!(tag, b"w:fldChar w:fldCharType=\"end\"");
        // Before the decision, twice, with content, in another prefix: read.
        assert!(!passes(b"<w:fldChar w:fldCharType=\"end\"/><w:tab/></w:r>"));
        assert!(!passes(b"<w:tab/><w:fldChar/><w:fldChar/></w:r>"));
        assert!(!passes(b"<w:tab/><w:fldChar><w:ffData/></w:fldChar></w:r>"));
        assert!(!passes(b"<w:tab/><x:fldChar/></w:r>"));
    }

    #[test]
    fn text_runs_with_properties_are_passed_over_to_their_end_tag() {
        let end = TOC_RUN.windows(6).position(|w| w == b"</w:r>");
        assert_eq!(inert_run(TOC_RUN, b"w:r", 256).map(|i| i.len), end);
        assert!(passes(b"<w:tab/></w:r>"));
        assert!(passes(
            b"<w:rPr><w:rPrChange w:id=\"1\"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>\
              <w:t xml:space=\"preserve\">a &amp; b \xc3\xa9</w:t></w:r>"
        ));
    }

    #[test]
    fn runs_that_change_state_or_decide_nothing_are_read() {
        // Field code and a field character together, drawings, alternate content.
        assert!(!passes(
            b"<w:rPr><w:b/></w:rPr><w:instrText>TOC</w:instrText><w:fldChar/></w:r>"
        ));
        assert!(!passes(b"<w:tab/><w:drawing></w:drawing></w:r>"));
        assert!(!passes(b"<w:tab/><mc:AlternateContent/></w:r>"));
        // Nothing at which reading it decides whether the text is kept.
        assert!(!passes(b"<w:t></w:t></w:r>"));
        assert!(!passes(b"<w:rPr/><w:t>x</w:t></w:r>"));
        // Properties or a tab of another prefix (another namespace, or one Word ignores).
        assert!(!passes(b"<x:rPr><w:b/></x:rPr></w:r>"));
        assert!(!passes(b"<x:tab/></w:r>"));
        // Declarations, comments, an end not in view, an end tag written otherwise.
        assert!(!passes(b"<w:rPr xmlns:w=\"urn:x\"><w:b/></w:rPr></w:r>"));
        assert!(!passes(b"<w:tab/><!-- c --></w:r>"));
        assert!(!passes(b"<w:rPr><w:b/></w:rPr><w:t>9.2"));
        assert!(!passes(b"<w:tab/></w:r >"));
    }

    #[test]
    fn what_the_xml_reader_would_find_wrong_is_left_to_it() {
        assert!(!passes(b"<w:tab/><w:t>\xff</w:t></w:r>"));
        assert!(!passes(b"<w:tab/><w:t>a & b</w:t></w:r>"));
        assert!(!passes(b"<w:tab/><w:t>a &amp b</w:t></w:r>"));
        assert!(!passes(b"<w:rPr><w:b></w:rPr></w:b></w:r>"));
        assert!(!passes(b"<w:tab/><w:t>x</w:x></w:r>"));
        // The depth limit, inside the run.
        let deep = b"<w:rPr><w:a><w:b/></w:a></w:rPr></w:r>";
        assert!(inert_run(deep, b"w:r", 2).is_some());
        assert!(inert_run(deep, b"w:r", 1).is_none());
        let deeper =
            b"<w:rPr><a><a><a><a><a><a><a><a></a></a></a></a></a></a></a></a></w:rPr></w:r>";
        assert!(!passes(deeper));
    }

    #[test]
    fn anything_in_run_properties_is_passed_over() {
        assert!(passes(
            b"<w:rPr><w14:ligatures w14:val=\"all\"/><w:lang w:val=\"en\"/></w:rPr></w:r>"
        ));
        // But not a comment in them: the XML reader reads those.
        assert!(!passes(b"<w:rPr><!-- c --></w:rPr></w:r>"));
    }

    #[test]
    fn the_next_run_follows_the_end_tag_at_once() {
        let next = |bytes: &[u8]| next_run(bytes, b"w:r");
        assert_eq!(next(b"</w:r><w:r><w:tab/>"), Some(11));
        assert_eq!(
            next(b"</w:r><w:r w:rsidR=\"00A1\" w:rsidRPr=\"a>b\">"),
            Some(42)
        );
        assert_eq!(next(b"</w:r><w:r\n>"), Some(12));
        // Another element, an empty run, anything between, an end tag written otherwise.
        assert_eq!(next(b"</w:r><w:rPr>"), None);
        assert_eq!(next(b"</w:r><w:r/>"), None);
        assert_eq!(next(b"</w:r><w:r />"), None);
        assert_eq!(next(b"</w:r> <w:r>"), None);
        assert_eq!(next(b"</w:r><w:proofErr/><w:r>"), None);
        assert_eq!(next(b"</w:r ><w:r>"), None);
        assert_eq!(next(b"</w:p><w:r>"), None);
        assert_eq!(next(b"</w:r></w:p>"), None);
        // What the XML reader would read otherwise, or find wrong: left to it.
        assert_eq!(next(b"</w:r><w:r xmlns:w=\"urn:x\">"), None);
        assert_eq!(next(b"</w:r><w:r w:a=\"\xff\">"), None);
        assert_eq!(next(b"</w:r><w:r w:a=\"x>"), None);
        assert_eq!(next(b"</w:r><w:r w:a=\"x"), None);
        assert_eq!(next(b"</w:r><w:"), None);
    }

    #[test]
    fn quoted_greater_than_signs_do_not_end_tags() {
        assert!(passes(b"<w:rPr><w:x w:v=\"a>b\"/></w:rPr></w:r>"));
        assert!(!passes(b"<w:rPr><w:x w:v=\"</w:r>\"/>"));
    }
}
