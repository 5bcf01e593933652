//! Shared XML plumbing: namespaces of WordprocessingML (transitional and Strict), attribute
//! access, entity handling and reader set-up. Every stage that reads a part goes through here.

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::error::{Error, Result};

/// The namespaces the reader cares about. Elements are matched by local name *and* namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main (transitional or Strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Another namespace of Office Open XML or of Microsoft Office (drawing, math, VML, Word
    /// 2010+ extensions): understood by Word, nothing a reader sees as paragraph text.
    Office,
    /// A namespace Word does not understand (or no namespace at all): its elements are not
    /// Word content.
    Foreign,
}

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// The prefixes under which Office Open XML (transitional and Strict), Microsoft Office's
/// extensions and VML publish their namespaces.
const OFFICE_FAMILIES: [&str; 5] = [
    "http://schemas.openxmlformats.org/",
    "http://purl.oclc.org/ooxml/",
    "http://schemas.microsoft.com/office/",
    "urn:schemas-microsoft-com:",
    "http://www.w3.org/XML/1998/namespace",
];

fn classify(uri: &str) -> Ns {
    if uri == W_TRANSITIONAL || uri == W_STRICT {
        Ns::W
    } else if uri == MC {
        Ns::Mc
    } else if OFFICE_FAMILIES.iter().any(|f| uri.starts_with(f)) {
        Ns::Office
    } else {
        Ns::Foreign
    }
}

/// Prefix to namespace bindings, scoped as XML scopes them: a declaration holds for the element
/// that makes it and its content, and the binding it shadowed comes back at the element's end.
///
/// Kept by [`PartEvents`], which tells it of every element's start and end. A start tag is
/// searched for `xmlns` once (Word declares its namespaces on the root element, so almost no
/// other tag has any); the prefix bound to WordprocessingML is cached for the hot path. Every
/// operation is a hash look-up or a pop, so a document of many declarations costs linear time.
#[derive(Debug, Default)]
pub(crate) struct Namespaces {
    bound: HashMap<String, Ns>,
    /// Bindings to restore when the element that shadowed them ends: its depth, the prefix and
    /// what it was bound to before.
    shadowed: Vec<(usize, String, Option<Ns>)>,
    /// A prefix bound to WordprocessingML, while it is.
    w_prefix: Option<String>,
}

impl Namespaces {
    /// Learns the declarations of an element that opens at `depth`.
    #[inline]
    fn enter(&mut self, e: &BytesStart<'_>, depth: usize) {
        if declares_namespace(e.attributes_raw().as_bytes()) {
            self.learn(e, depth);
        }
    }

    /// The declarations of a tag that has some, bound until the end of its element.
    #[inline(never)]
    fn learn(&mut self, e: &BytesStart<'_>, depth: usize) {
        for attr in e.attributes().with_checks(false).flatten() {
            let key = attr.key.as_ref();
            let prefix: &str = if key == "xmlns" {
                ""
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            let ns = classify(&attr.value);
            let before = self.bound.insert(prefix.to_string(), ns);
            self.shadowed.push((depth, prefix.to_string(), before));
            self.note(prefix, Some(ns));
        }
    }

    /// Forgets the declarations of the element at `depth`, which ends.
    #[inline]
    fn leave(&mut self, depth: usize) {
        while let Some((d, _, _)) = self.shadowed.last()
            && *d >= depth
        {
            let Some((_, prefix, before)) = self.shadowed.pop() else {
                break;
            };
            match before {
                Some(ns) => self.bound.insert(prefix.clone(), ns),
                None => self.bound.remove(&prefix),
            };
            self.note(&prefix, before);
        }
    }

    /// Keeps the cached WordprocessingML prefix true after `prefix` was bound to `ns`.
    fn note(&mut self, prefix: &str, ns: Option<Ns>) {
        if ns == Some(Ns::W) {
            self.w_prefix = Some(prefix.to_string());
        } else if self.w_prefix.as_deref() == Some(prefix) {
            self.w_prefix = None;
        }
    }

    /// The namespace of an element or attribute name.
    #[inline]
    pub(crate) fn of(&self, e: &BytesStart<'_>) -> Ns {
        self.split(e.name().into_inner()).0
    }

    #[inline]
    fn of_prefix(&self, prefix: &str) -> Ns {
        self.bound.get(prefix).copied().unwrap_or(Ns::Foreign)
    }

    /// Whether `prefix` is bound to a namespace Word understands (`mc:Choice/@Requires`).
    pub(crate) fn understands(&self, prefix: &str) -> bool {
        self.of_prefix(prefix) != Ns::Foreign
    }

    /// The namespace and local name of a qualified name (`w:p` → W, `p`), in one pass: the hot
    /// path of the body reader, one call per element.
    #[inline]
    pub(crate) fn split<'n>(&self, name: &'n str) -> (Ns, &'n str) {
        if let Some(w) = self.w_prefix.as_deref()
            && let Some(local) = strip_prefix(name, w)
        {
            return (Ns::W, local);
        }
        self.split_by_lookup(name)
    }

    /// [`split`](Self::split) for a name not in WordprocessingML's cached prefix: out of the
    /// hot path, so that the common case stays small enough to inline.
    #[inline(never)]
    fn split_by_lookup<'n>(&self, name: &'n str) -> (Ns, &'n str) {
        // A byte loop: names are a few bytes long, too short for a searcher to pay off.
        let colon = name.bytes().position(|b| b == b':');
        match colon.and_then(|i| Some((name.get(..i)?, name.get(i + 1..)?))) {
            Some((prefix, local)) => (self.of_prefix(prefix), local),
            None => (self.of_prefix(""), name),
        }
    }
}

/// The local part of `name` when it is qualified by `prefix` (`""`: when it has no prefix).
/// A one-byte prefix, Word's `w`, is compared as bytes, without a call to `memcmp`.
#[inline]
fn strip_prefix<'n>(name: &'n str, prefix: &str) -> Option<&'n str> {
    let (n, p) = (name.as_bytes(), prefix.as_bytes());
    let matches = match p {
        [] => return (!n.contains(&b':')).then_some(name),
        [c] => n.first() == Some(c),
        _ => n.starts_with(p),
    };
    if matches && n.get(p.len()) == Some(&b':') {
        name.get(p.len() + 1..)
    } else {
        None
    }
}

/// Whether raw attributes may hold a namespace declaration: an `xmlns` somewhere. Found by
/// its first byte, which Word's attributes (`w:val`, `w:rsidR`, hexadecimal ids) seldom hold,
/// and checked where it occurs (`xml:space` starts the same way).
#[inline]
fn declares_namespace(raw: &[u8]) -> bool {
    // The shortest declaration, ` xmlns=""`, is nine bytes; most tags have no attributes.
    raw.len() >= 9 && has_xmlns(raw)
}

/// The search behind [`declares_namespace`], out of line so that the length test inlines.
#[inline(never)]
fn has_xmlns(raw: &[u8]) -> bool {
    memchr::memchr_iter(b'x', raw).any(|i| raw.get(i..).is_some_and(|r| r.starts_with(b"xmlns")))
}

/// The value of the attribute with this local name (any prefix), e.g. `w:val`.
#[inline]
pub(crate) fn attr<'a>(e: &'a BytesStart<'_>, local: &str) -> Option<std::borrow::Cow<'a, str>> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == local {
            // Most values hold no reference; only those need unescaping (and an allocation).
            if !a.value.contains('&') {
                return Some(a.value);
            }
            return Some(
                match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(v) => v,
                    Err(_) => a.value,
                },
            );
        }
    }
    None
}

/// `w:val` parsed as an integer.
#[inline]
pub(crate) fn val_int(e: &BytesStart<'_>) -> Option<i64> {
    attr(e, "val").and_then(|v| v.trim().parse::<i64>().ok())
}

/// An OOXML boolean attribute value: "1", "true" or "on".
#[inline]
pub(crate) fn is_on(v: &str) -> bool {
    matches!(v, "1" | "true" | "on")
}

/// An OOXML on/off property (`<w:b/>`, `<w:b w:val="false"/>`): true unless val says otherwise.
#[inline]
pub(crate) fn on_off(e: &BytesStart<'_>) -> bool {
    match attr(e, "val") {
        None => true,
        Some(v) => !matches!(v.as_ref(), "0" | "false" | "off"),
    }
}

/// Resolves a general reference (`&amp;`, `&#x2013;`). Entities other than the five predefined
/// ones are never expanded: a document cannot declare its own (no DTD processing).
pub(crate) fn resolve_ref(r: &BytesRef<'_>, out: &mut String) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let c = match r.as_ref() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "quot" => '"',
        _ => return,
    };
    out.push(c);
}

/// A reader configured the same way for every part.
pub(crate) fn reader<R: BufRead>(inner: R) -> Reader<R> {
    let mut reader = Reader::from_reader(inner);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    reader
}

/// The events of a part, with the nesting limit enforced and errors naming the part and the
/// byte. Every part goes through it: the parts read whole (relationships, styles, numbering,
/// properties) and the streamed main part.
pub(crate) struct PartEvents<R> {
    reader: Reader<R>,
    part: String,
    depth: usize,
    max_depth: usize,
    ns: Namespaces,
    /// The depth of the element that has just ended (an end tag or an empty element was
    /// returned): its declarations are forgotten before the next event, so that the caller
    /// still resolves the name it was given.
    ended_at: Option<usize>,
    /// The buffer of skipped events (never returned).
    scratch: Vec<u8>,
}

impl<R: BufRead> PartEvents<R> {
    pub(crate) fn new(part: &str, inner: R, max_depth: usize) -> Self {
        PartEvents {
            reader: reader(inner),
            part: part.to_string(),
            depth: 0,
            max_depth,
            ns: Namespaces::default(),
            ended_at: None,
            scratch: Vec::new(),
        }
    }

    /// Passes over the rest of the element whose start event was just read: its content and
    /// its end, with the nesting limit still enforced. The one way every part reader skips
    /// what it does not need.
    pub(crate) fn skip_subtree(&mut self) -> Result<()> {
        let target = self.depth.saturating_sub(1);
        let mut scratch = std::mem::take(&mut self.scratch);
        let result = self.skip_to(target, &mut scratch);
        self.scratch = scratch;
        // The skipped element's own declarations end with it; those inside it were never
        // learnt (nothing in a skipped subtree resolves a name).
        self.ns.leave(target.saturating_add(1));
        result
    }

    /// Reads events until the depth is back at `target`: only the depth is kept (and its
    /// limit enforced), no namespace is learnt, no name looked at.
    fn skip_to(&mut self, target: usize, scratch: &mut Vec<u8>) -> Result<()> {
        while self.depth > target {
            scratch.clear();
            let start = self.reader.buffer_position();
            match self.reader.read_event_into(scratch) {
                Ok(Event::Start(_)) => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Err(self.too_deep());
                    }
                }
                Ok(Event::End(_)) => self.depth = self.depth.saturating_sub(1),
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(self.xml_error(start, e)),
            }
        }
        Ok(())
    }

    /// `e`, met by the XML reader while reading an event that began at byte `start`.
    fn xml_error(&self, start: u64, e: quick_xml::Error) -> Error {
        xml_error(&self.part, start, self.reader.error_position(), e)
    }

    fn too_deep(&self) -> Error {
        Error::TooDeep {
            part: self.part.clone(),
            offset: self.reader.buffer_position(),
            limit: self.max_depth,
        }
    }

    /// The part's name.
    pub(crate) fn part(&self) -> &str {
        &self.part
    }

    /// Bytes of the part read so far.
    pub(crate) fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// Reads the rest of the part without parsing it: its integrity (the entry's CRC, checked
    /// at its end) and the size and ratio limits are checked on every byte.
    pub(crate) fn drain(&mut self) -> Result<()> {
        std::io::copy(self.reader.get_mut(), &mut std::io::sink())
            .map(|_| ())
            .map_err(|e| crate::docx::limits::part_io_error(&self.part, &e))
    }

    /// The namespace bindings in force at the element just read.
    pub(crate) fn ns(&self) -> &Namespaces {
        &self.ns
    }

    /// The next event, read into `buf`.
    #[inline]
    pub(crate) fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>> {
        if let Some(depth) = self.ended_at.take() {
            self.ns.leave(depth);
        }
        let start = self.reader.buffer_position();
        let event = self
            .reader
            .read_event_into(buf)
            .map_err(|e| self.xml_error(start, e))?;
        match &event {
            Event::Start(e) => {
                self.depth += 1;
                if self.depth > self.max_depth {
                    return Err(self.too_deep());
                }
                self.ns.enter(e, self.depth);
            }
            Event::Empty(e) => {
                self.ns.enter(e, self.depth + 1);
                self.ended_at = Some(self.depth + 1);
            }
            Event::End(_) => {
                self.ended_at = Some(self.depth);
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        Ok(event)
    }
}

/// What reads a part read whole (styles, numbering): told of each WordprocessingML element's
/// start and end, by local name.
pub(crate) trait PartHandler {
    /// A start (or, `empty`, an empty) element; returns whether its subtree is to be passed
    /// over.
    fn start(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) -> bool;
    /// An end element.
    fn end(&mut self, name: &str);
}

/// Reads a whole part into a handler, passing over the subtrees it asks to skip.
pub(crate) fn read_part(
    part: &str,
    bytes: &[u8],
    max_depth: usize,
    handler: &mut impl PartHandler,
) -> Result<()> {
    let mut events = PartEvents::new(part, bytes, max_depth);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match events.next(&mut buf)? {
            Event::Start(e) => {
                if let (Ns::W, name) = events.ns().split(e.name().into_inner())
                    && handler.start(name, &e, false)
                {
                    events.skip_subtree()?;
                }
            }
            Event::Empty(e) => {
                if let (Ns::W, name) = events.ns().split(e.name().into_inner()) {
                    handler.start(name, &e, true);
                }
            }
            Event::End(e) => {
                if let (Ns::W, name) = events.ns().split(e.name().into_inner()) {
                    handler.end(name);
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The error for a failure of the XML reader in `part`: `event_start` is where the event being
/// read began, `offset` where the reader stopped. The reader's I/O errors come from the
/// inflating part reader: a limit passed or a damaged entry, reported as such. Invalid UTF-8 is
/// reported as [`Error::InvalidUtf8`] at the exact byte: quick-xml checks each event and says
/// how far it was valid.
fn xml_error(part: &str, event_start: u64, offset: u64, error: quick_xml::Error) -> Error {
    match error {
        quick_xml::Error::Io(io) => crate::docx::limits::part_io_error(part, &io),
        quick_xml::Error::Encoding(quick_xml::encoding::EncodingError::Utf8(e)) => {
            Error::InvalidUtf8 {
                part: part.to_string(),
                offset: event_start.saturating_add(e.valid_up_to() as u64),
                message: match e.error_len() {
                    Some(n) => format!("{n} byte(s) form no UTF-8 character"),
                    None => "a UTF-8 character is cut off by the end of the part".to_string(),
                },
            }
        }
        quick_xml::Error::Encoding(e) => Error::InvalidUtf8 {
            part: part.to_string(),
            offset: event_start,
            message: e.to_string(),
        },
        other => Error::Xml {
            part: part.to_string(),
            offset,
            message: other.to_string(),
        },
    }
}
