//! Shared XML plumbing: namespaces of WordprocessingML (transitional and Strict), attribute
//! access, entity handling and reader set-up. Every stage that reads a part goes through here.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::utils::is_whitespace;

use crate::docx::xml::lookahead::Peek;
use crate::error::{Error, Result};

pub(crate) mod lookahead;
mod skip;

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
    w_prefix: Option<Arc<str>>,
    /// The bindings in force around a subtree read later ([`Deferred`]), under those it
    /// declares itself.
    outer: Option<Arc<Scope>>,
    /// How many times a binding was made or undone: the bindings are those of a [`Scope`]
    /// taken at the same count.
    changes: u64,
}

/// The bindings in force at some point of a part, kept for the subtrees passed over there and
/// read later ([`Deferred`]). Shared by every subtree that saw the same ones: Word declares
/// its namespaces once, on the root element.
#[derive(Debug)]
pub(crate) struct Scope {
    bound: HashMap<String, Ns>,
    w_prefix: Option<Arc<str>>,
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
            let before = before.or_else(|| self.outer_binding(prefix));
            self.shadowed.push((depth, prefix.to_string(), before));
            self.note(prefix, Some(ns));
            self.changes += 1;
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
            self.changes += 1;
        }
    }

    /// Keeps the cached WordprocessingML prefix true after `prefix` was bound to `ns`.
    fn note(&mut self, prefix: &str, ns: Option<Ns>) {
        if ns == Some(Ns::W) {
            self.w_prefix = Some(Arc::from(prefix));
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
        let ns = self.bound.get(prefix).copied();
        ns.or_else(|| self.outer_binding(prefix))
            .unwrap_or(Ns::Foreign)
    }

    /// What `prefix` is bound to around the subtree being read, if it is read later.
    fn outer_binding(&self, prefix: &str) -> Option<Ns> {
        self.outer.as_ref()?.bound.get(prefix).copied()
    }

    /// The bindings in force, to read a subtree passed over here later: one entry per prefix.
    fn scope(&self) -> Scope {
        let mut bound = self
            .outer
            .as_ref()
            .map(|o| o.bound.clone())
            .unwrap_or_default();
        bound.extend(self.bound.iter().map(|(p, ns)| (p.clone(), *ns)));
        Scope {
            bound,
            w_prefix: self.w_prefix.clone(),
        }
    }

    /// How much [`scope`](Self::scope) costs: the entries it copies.
    fn scope_size(&self) -> usize {
        self.bound.len() + self.outer.as_ref().map_or(0, |o| o.bound.len())
    }

    /// The bindings at the start of a subtree read later: those of `scope`.
    fn within(scope: Arc<Scope>) -> Namespaces {
        Namespaces {
            w_prefix: scope.w_prefix.clone(),
            outer: Some(scope),
            ..Namespaces::default()
        }
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
pub(crate) fn declares_namespace(raw: &[u8]) -> bool {
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
    /// The buffer of the events read while skipping (never returned).
    scratch: Vec<u8>,
    /// The buffers of passing over content without the XML reader.
    skipper: skip::Skipper,
    /// Bytes passed over without the XML reader (see [`PartEvents::skip_subtree`]), which the
    /// reader's own count of bytes lacks; for a subtree read later, also where it begins.
    raw: u64,
    /// The bindings last kept for subtrees read later, and when they were taken.
    scope: Option<(u64, Arc<Scope>)>,
    /// The entries of every [`Scope`] taken so far (see [`PartEvents::pass_over`]).
    scope_cost: u64,
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
            skipper: skip::Skipper::default(),
            raw: 0,
            scope: None,
            scope_cost: 0,
        }
    }

    /// The events of a subtree passed over at `at.start` of `part` ([`Deferred`]), read with
    /// the depth and bindings it had there: positions and errors are those of the part.
    fn within(part: &str, inner: R, max_depth: usize, at: &Deferred) -> Self {
        let mut events = PartEvents::new(part, inner, max_depth);
        events.depth = at.depth;
        events.raw = at.start;
        events.ns = Namespaces::within(Arc::clone(&at.scope));
        events
    }

    /// `e`, met by the XML reader while reading an event that began at byte `start`.
    fn xml_error(&self, start: u64, e: quick_xml::Error) -> Error {
        xml_error(
            &self.part,
            start,
            self.reader.error_position() + self.raw,
            e,
        )
    }

    fn too_deep(&self) -> Error {
        self.too_deep_at(self.position())
    }

    fn too_deep_at(&self, offset: u64) -> Error {
        Error::TooDeep {
            part: self.part.clone(),
            offset,
            limit: self.max_depth,
        }
    }

    /// The part's name.
    pub(crate) fn part(&self) -> &str {
        &self.part
    }

    /// Bytes of the part read so far.
    pub(crate) fn position(&self) -> u64 {
        self.reader.buffer_position() + self.raw
    }

    /// The namespace bindings in force at the element just read.
    pub(crate) fn ns(&self) -> &Namespaces {
        &self.ns
    }

    /// The bindings in force, kept for a subtree read later: those kept last while they hold,
    /// else a copy, unless copies have cost more entries than the bytes read so far (a
    /// declaration is at least nine bytes: a part of few bindings never runs out; a part that
    /// changes many of them between subtrees has the rest read in place, in linear time).
    fn scope(&mut self) -> Option<Arc<Scope>> {
        if let Some((at, scope)) = &self.scope
            && *at == self.ns.changes
        {
            return Some(Arc::clone(scope));
        }
        let cost = self.ns.scope_size() as u64 + 1;
        if self.scope_cost + cost > self.position() {
            return None;
        }
        self.scope_cost += cost;
        let scope = Arc::new(self.ns.scope());
        self.scope = Some((self.ns.changes, Arc::clone(&scope)));
        Some(scope)
    }

    /// The next event, read into `buf`.
    #[inline]
    pub(crate) fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>> {
        if let Some(depth) = self.ended_at.take() {
            self.ns.leave(depth);
        }
        let start = self.position();
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

impl<R: Peek> PartEvents<R> {
    /// Reads the rest of the part without parsing it: its integrity (the entry's CRC, checked
    /// at its end) and the size and ratio limits are checked on every byte.
    pub(crate) fn drain(&mut self) -> Result<()> {
        self.reader
            .get_mut()
            .pass_rest()
            .map_err(|e| crate::docx::limits::part_io_error(&self.part, &e))
    }

    /// The bytes after the event just read that the reader's buffer already holds (none are
    /// read for this, and they may be few): for a caller deciding how to read them.
    pub(crate) fn buffered(&self) -> &[u8] {
        self.reader.get_ref().buffered()
    }

    /// Passes over the next `n` bytes, which [`buffered`](Self::buffered) showed hold content
    /// the XML reader would read without an error and without opening or closing an element
    /// around it: the caller checked them.
    pub(crate) fn pass_over(&mut self, n: usize) {
        self.reader.get_mut().consume(n);
        self.raw += n as u64;
    }

    /// How many elements may open before the depth limit is passed.
    pub(crate) fn room(&self) -> usize {
        self.max_depth.saturating_sub(self.depth)
    }

    /// Passes over the rest of the element whose start event was just read: its content and
    /// its end, with the nesting limit still enforced. The one way every part reader skips
    /// what it does not need.
    ///
    /// The content is scanned in the reader's buffer rather than read as events (see
    /// [`skip`]): what the XML reader would find wrong in it is found all the same, at the
    /// same byte, and the XML reader still reads the element's end tag (and any comment,
    /// CDATA or processing instruction inside), so it checks that the element ends with the
    /// name it began with.
    pub(crate) fn skip_subtree(&mut self) -> Result<()> {
        let target = self.depth.saturating_sub(1);
        let result = self.skip_content();
        // The skipped element's own declarations end with it; those inside it were never
        // learnt (nothing in a skipped subtree resolves a name).
        self.ns.leave(target.saturating_add(1));
        result
    }

    /// Passes over the element whose start tag was just read (it began at `start`) and the
    /// rest of the content around it, up to the end tag of the element that holds them,
    /// which the next event is; keeps where they lie and the bindings in force so that they
    /// can be read later ([`Deferred`]). `None` (nothing passed over) when the bindings cannot
    /// be kept (see [`scope`](Self::scope)).
    pub(crate) fn pass_over_rest(&mut self, start: u64) -> Result<Option<Deferred>> {
        let Some(scope) = self.scope() else {
            return Ok(None);
        };
        let depth = self.depth.saturating_sub(1);
        self.skip_subtree()?;
        let ended = self.depth == depth && self.skip_until(true)?;
        Ok(Some(Deferred {
            start,
            end: self.position(),
            depth,
            ended,
            scope,
        }))
    }

    /// Passes over content and reads the markup left to the XML reader, until the skipped
    /// element's end tag or the part's end.
    fn skip_content(&mut self) -> Result<()> {
        self.skip_until(false).map(|_| ())
    }

    /// [`skip_content`](Self::skip_content); `before_end`: stops before the element's end
    /// tag, left to the XML reader as the next event. Returns whether it stopped there (not
    /// at the part's end).
    fn skip_until(&mut self, before_end: bool) -> Result<bool> {
        self.skipper.start();
        loop {
            let room = self.max_depth.saturating_sub(self.depth);
            let start = self.position();
            let (passed, stop) = self.skipper.skip(self.reader.get_mut(), start, room);
            self.raw += passed;
            match stop.map_err(|fault| self.fault(fault))? {
                // As the XML reader leaves it at the end: the elements still open are open.
                skip::Stop::End { open } => {
                    self.depth += open;
                    return Ok(false);
                }
                skip::Stop::Markup => {
                    if before_end && self.at_end_tag()? {
                        return Ok(true);
                    }
                    if self.read_markup()? {
                        return Ok(!before_end);
                    }
                }
            }
        }
    }

    /// Whether the markup a pass stopped at is an end tag: with nothing open inside the
    /// skipped content, the end tag of the element around it.
    fn at_end_tag(&mut self) -> Result<bool> {
        let next = self.reader.get_mut().peek_at_least(2);
        let next = next.map_err(|e| crate::docx::limits::part_io_error(&self.part, &e))?;
        Ok(next.starts_with(b"</"))
    }

    /// Reads the markup a pass stopped at; returns whether the skipped element has ended.
    /// Never a start tag: those are all passed over.
    fn read_markup(&mut self) -> Result<bool> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let start = self.position();
        let ended = match self.reader.read_event_into(&mut scratch) {
            Ok(Event::End(_)) => {
                self.depth = self.depth.saturating_sub(1);
                Ok(true)
            }
            Ok(Event::Eof) => Ok(true),
            Ok(_) => Ok(false),
            Err(e) => Err(self.xml_error(start, e)),
        };
        self.scratch = scratch;
        ended
    }

    /// The error for what a pass found wrong.
    fn fault(&self, fault: skip::Fault) -> Error {
        match fault {
            skip::Fault::Io(e) => crate::docx::limits::part_io_error(&self.part, &e),
            skip::Fault::Utf8 { offset, len } => invalid_utf8(&self.part, offset, len),
            skip::Fault::Xml { offset, error } => xml_error(&self.part, offset, offset, error),
            skip::Fault::TooDeep { offset } => self.too_deep_at(offset),
        }
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
    /// Whether the element that starts here (not an empty one) is to be passed over whole,
    /// its start tag too, with the rest of the content around it, and handed to
    /// [`deferred`](Self::deferred) to be read later, if at all; the end of the element around
    /// them is the next event. When they cannot be ([`PartEvents::pass_over_rest`]),
    /// [`start`](Self::start) is told of the element as of any other.
    fn defers(&self, _name: &str) -> bool {
        false
    }
    /// What [`defers`](Self::defers) asked for, passed over (and so checked for
    /// well-formedness, as reading it would have).
    fn deferred(&mut self, _elements: Deferred, _part: &PartBytes<'_>) -> Result<()> {
        Ok(())
    }
}

/// A part read whole: its name, its bytes and the nesting limit it is read with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartBytes<'a> {
    /// The part's name, for errors.
    pub(crate) part: &'a str,
    /// Its bytes.
    pub(crate) bytes: &'a [u8],
    /// The most elements open at once.
    pub(crate) max_depth: usize,
}

/// Elements of a part read whole passed over without reading their events, to be read later
/// (or never): an element and the rest of the content around it ([`PartEvents::pass_over_rest`]).
/// Where their bytes lie, and the depth and namespace bindings they started at, so that
/// reading them later sees the events reading them in place would have seen. Their bytes were
/// checked as they were passed over: what reading them would find wrong is an error already.
#[derive(Debug, Clone)]
pub(crate) struct Deferred {
    /// Where the first element's start tag begins.
    start: u64,
    /// Where the end tag of the element around them begins (or the part ends).
    end: u64,
    /// How many elements were open around them.
    depth: usize,
    /// Whether the element around them ends: `false` when the part ends first.
    ended: bool,
    scope: Arc<Scope>,
}

impl Deferred {
    /// Whether the element around them ends before the part does.
    pub(crate) fn ended(&self) -> bool {
        self.ended
    }

    /// Its bytes, in those of the part.
    pub(crate) fn bytes<'b>(&self, part: &'b [u8]) -> &'b [u8] {
        let start = usize::try_from(self.start).unwrap_or(usize::MAX);
        let end = usize::try_from(self.end).unwrap_or(usize::MAX);
        part.get(start..end).unwrap_or_default()
    }

    /// Reads their events into `handler`, as [`read_part`] would have in place.
    pub(crate) fn read(&self, part: &PartBytes<'_>, handler: &mut impl PartHandler) -> Result<()> {
        let bytes = self.bytes(part.bytes);
        let mut events = PartEvents::within(part.part, bytes, part.max_depth, self);
        read_events(&mut events, handler, None)
    }
}

/// Where the tag whose content (after its `<`) `bytes` begins with ends: the index of its `>`,
/// the first outside quoted values, as the XML reader finds it. `None` when it does not end
/// in `bytes`.
pub(crate) fn tag_end(bytes: &[u8]) -> Option<usize> {
    skip::tag_end(bytes, &mut quick_xml::parser::ElementParser::Outside)
}

/// Whether an element in `bytes` may have the local name `local` (a searcher for it), in any
/// namespace (`empty`: and be an empty element): where `local` follows a `<` or a `:` and ends
/// as quick-xml ends a name (whitespace, `/`, `>`). Never wrong when it says no; it may say
/// yes for a name in a comment or an attribute value.
pub(crate) fn may_name(bytes: &[u8], local: &memchr::memmem::Finder<'_>, empty: bool) -> bool {
    local.find_iter(bytes).any(|i| {
        let before = i.checked_sub(1).and_then(|j| bytes.get(j));
        let rest = bytes.get(i + local.needle().len()..).unwrap_or_default();
        let ends = rest
            .first()
            .is_none_or(|&b| is_whitespace(b) || b == b'/' || b == b'>');
        matches!(before, Some(b'<' | b':')) && ends && (!empty || ends_empty(rest))
    })
}

/// Whether the tag whose name ends where `rest` begins is an empty-element tag: its `>` (the
/// first outside quoted values, as the XML reader finds it) follows a `/`. Yes when it does
/// not end.
fn ends_empty(rest: &[u8]) -> bool {
    match skip::tag_end(rest, &mut quick_xml::parser::ElementParser::Outside) {
        Some(k) => k.checked_sub(1).and_then(|j| rest.get(j)) == Some(&b'/'),
        None => true,
    }
}

/// Reads a whole part into a handler, passing over the subtrees it asks to skip or defer.
pub(crate) fn read_part(
    part: &str,
    bytes: &[u8],
    max_depth: usize,
    handler: &mut impl PartHandler,
) -> Result<()> {
    let whole = PartBytes {
        part,
        bytes,
        max_depth,
    };
    let mut events = PartEvents::new(part, bytes, max_depth);
    read_events(&mut events, handler, Some(&whole))
}

/// Reads events into a handler up to the end of `events`; `whole`: the part they are all
/// of, whose subtrees the handler may defer (a subtree read later defers nothing).
fn read_events(
    events: &mut PartEvents<&[u8]>,
    handler: &mut impl PartHandler,
    whole: Option<&PartBytes<'_>>,
) -> Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let at = events.position();
        match events.next(&mut buf)? {
            Event::Start(e) => {
                let (Ns::W, name) = events.ns().split(e.name().into_inner()) else {
                    continue;
                };
                if let Some(whole) = whole
                    && handler.defers(name)
                    && let Some(subtree) = events.pass_over_rest(at)?
                {
                    handler.deferred(subtree, whole)?;
                } else if handler.start(name, &e, false) {
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
        quick_xml::Error::Encoding(quick_xml::encoding::EncodingError::Utf8(e)) => invalid_utf8(
            part,
            event_start.saturating_add(e.valid_up_to() as u64),
            e.error_len(),
        ),
        quick_xml::Error::Encoding(e) => Error::InvalidUtf8 {
            part: part.to_string(),
            offset: event_start,
            problem: crate::error::Utf8Problem::Other {
                message: e.to_string(),
            },
        },
        other => Error::Xml {
            part: part.to_string(),
            offset,
            problem: crate::error::XmlProblem::of(&other),
        },
    }
}

/// The error for bytes of `part` at `offset` that form no UTF-8 character: `len` of them, or
/// (`None`) the start of one that the event holding it cuts off.
fn invalid_utf8(part: &str, offset: u64, len: Option<usize>) -> Error {
    Error::InvalidUtf8 {
        part: part.to_string(),
        offset,
        problem: crate::error::Utf8Problem::of(len),
    }
}

#[cfg(test)]
mod tests {
    //! Passing over a subtree raw must come to what reading its every event with quick-xml
    //! came to: the same events after it, the same position and depth, the same error at the
    //! same byte. Each input is read through buffers of every small size, so that the ends of
    //! buffers cut every tag, character and `<`.

    use super::lookahead::{Lookahead, Peek};
    use super::*;

    /// How subtrees were skipped before: every event read by quick-xml, only the depth kept.
    /// The reference the raw pass is compared with.
    fn skip_by_events<R: BufRead>(events: &mut PartEvents<R>) -> Result<()> {
        let target = events.depth - 1;
        let mut scratch = Vec::new();
        while events.depth > target {
            scratch.clear();
            let start = events.position();
            match events.reader.read_event_into(&mut scratch) {
                Ok(Event::Start(_)) => {
                    events.depth += 1;
                    if events.depth > events.max_depth {
                        return Err(events.too_deep());
                    }
                }
                Ok(Event::End(_)) => events.depth -= 1,
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(events.xml_error(start, e)),
            }
        }
        events.ns.leave(target + 1);
        Ok(())
    }

    /// Everything a reader of the part sees: each event with the position after it, what each
    /// skip of a `w:rPr` (or `skip`) element came to, the error that ends the part.
    fn trace<R: Peek>(src: R, raw: bool, max_depth: usize) -> Vec<String> {
        let mut events = PartEvents::new("p", src, max_depth);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let event = match events.next(&mut buf) {
                Ok(Event::Eof) => break,
                Ok(event) => event,
                Err(e) => {
                    out.push(format!("{e:?}"));
                    break;
                }
            };
            out.push(format!("{event:?} to {}", events.position()));
            let Event::Start(e) = event else { continue };
            if !matches!(e.name().as_ref(), "w:rPr" | "skip") {
                continue;
            }
            let skipped = match raw {
                true => events.skip_subtree(),
                false => skip_by_events(&mut events),
            };
            if let Err(e) = skipped {
                // How far the part was read when the error came is not compared: the raw
                // pass may have read on to the end of its buffer.
                out.push(format!("{e:?}"));
                return out;
            }
            out.push(format!(
                "skipped to {} at depth {}",
                events.position(),
                events.depth
            ));
        }
        out.push(format!("end at {}", events.position()));
        out
    }

    /// Checks `xml` read raw, whole and through every buffer size up to 12 (and a few more),
    /// against the reference; returns the reference's trace.
    fn same(xml: &[u8], max_depth: usize) -> Vec<String> {
        let expected = trace(xml, false, max_depth);
        let whole = trace(xml, true, max_depth);
        assert_eq!(whole, expected, "whole: {:?}", String::from_utf8_lossy(xml));
        for capacity in (1..=12).chain([16, 31, 64]) {
            let got = trace(Lookahead::with_capacity(capacity, xml), true, max_depth);
            assert_eq!(
                got,
                expected,
                "buffer of {capacity}: {:?}",
                String::from_utf8_lossy(xml)
            );
        }
        expected
    }

    /// `inner` as the properties of a run, between a paragraph's start and a text after it.
    fn in_run(inner: &[u8]) -> Vec<u8> {
        let mut xml = b"<w:p><w:r><w:rPr>".to_vec();
        xml.extend_from_slice(inner);
        xml.extend_from_slice(b"</w:rPr><w:t>after</w:t></w:r></w:p>");
        xml
    }

    /// The error that ended a trace, if any.
    fn error_of(trace: &[String]) -> &str {
        trace
            .iter()
            .rev()
            .find(|l| !l.starts_with("end at"))
            .map_or("", String::as_str)
    }

    #[test]
    fn well_formed_properties_are_passed_over() {
        let t = same(
            &in_run(br#"<w:rFonts w:ascii="A&amp;B" w:cs='x>y'/><w:b/><w:sz w:val="20"></w:sz>"#),
            256,
        );
        assert!(t.iter().any(|l| l.contains("after")), "{t:?}");
    }

    #[test]
    fn a_raw_pass_reads_no_event_of_the_subtree() {
        let xml = in_run(br#"<w:b/><w:i></w:i><x a="1">text &amp; more</x>"#);
        let mut events = PartEvents::new("p", xml.as_slice(), 256);
        let mut buf = Vec::new();
        for _ in 0..3 {
            buf.clear();
            events.next(&mut buf).unwrap();
        }
        let before = events.reader.buffer_position();
        events.skip_subtree().unwrap();
        // Only `</w:rPr>` went through quick-xml.
        assert_eq!(events.reader.buffer_position() - before, 8);
        assert!(events.raw > 40);
    }

    #[test]
    fn end_tags_in_comments_cdata_pis_and_values_end_nothing() {
        for inner in [
            &b"<!-- </w:rPr> --><w:b/>"[..],
            b"<![CDATA[</w:rPr>]]><w:b/>",
            b"<?pi </w:rPr>?><w:b/>",
            b"<!DOCTYPE x [<!ELEMENT x ANY>]><w:b/>",
            br#"<x a="</w:rPr><w:t>hidden</w:t><w:rPr>"/>"#,
            br#"<x a='</w:rPr>' b="'>"></x>"#,
            br#"<x a="/>"></x>"#,
            br##"<x a="#&amp;" b='#&'/><y c='"&#x3E;'></y>"##,
        ] {
            let t = same(&in_run(inner), 256);
            assert!(!t.iter().any(|l| l.contains("hidden")), "{t:?}");
            assert!(t.iter().any(|l| l.contains("after")), "{t:?}");
        }
    }

    #[test]
    fn nested_elements_of_the_same_name_and_depth() {
        same(&in_run(b"<w:rPr><w:rPr><w:b/></w:rPr></w:rPr>"), 256);
        let deep = [&b"<a>"[..]; 12].concat();
        let deep_end = [&b"</a>"[..]; 12].concat();
        let xml = in_run(&[deep.as_slice(), &deep_end].concat());
        same(&xml, 256);
        // Past the limit inside the skipped element: the same error at the same byte.
        let t = same(&xml, 8);
        assert!(error_of(&t).contains("TooDeep"), "{t:?}");
    }

    #[test]
    fn mismatched_end_tags_inside() {
        for inner in [
            &b"<a></b>"[..],
            b"<a></a >",
            b"<a></ a>",
            b"<a x='1'></a x='1'>",
            b"<a></a\n\t>",
            b"<a/ ></a/>",
            b"<></>",
            b"< a></>",
            b"<a></ >",
            b"<a><b></a></b>",
            // Markup the XML reader reads in between: the open elements stay open.
            b"<a><!-- --></a>",
            b"<a><!-- -->",
            b"<a><?p?><b></b><![CDATA[x]]></b>",
            "<\u{e9}></\u{e9}>".as_bytes(),
            "<\u{e9}></e>".as_bytes(),
        ] {
            same(&in_run(inner), 256);
        }
        let t = same(b"<w:p><w:rPr><a></w:rPr></a></w:p>", 256);
        assert!(
            error_of(&t).contains("MismatchedEndTag { expected: \"a\""),
            "{t:?}"
        );
        // The skipped element's own end tag is checked by quick-xml.
        let t = same(b"<w:p><w:rPr><a></a></w:rPrX></w:p>", 256);
        assert!(
            error_of(&t).contains("MismatchedEndTag { expected: \"w:rPr\""),
            "{t:?}"
        );
    }

    #[test]
    fn the_part_ends_inside_the_skipped_element() {
        for xml in [
            &b"<w:r><w:rPr><w:b/>"[..],
            b"<w:r><w:rPr><a><b>text",
            b"<w:r><w:rPr><w:b w:val=\"1",
            b"<w:r><w:rPr><w:b w:val='1",
            b"<w:r><w:rPr><w:b",
            b"<w:r><w:rPr><a></a",
            b"<w:r><w:rPr><a></a x='",
            b"<w:r><w:rPr><",
            b"<w:r><w:rPr><a><",
            b"<w:r><w:rPr><!-- </w:rPr>",
            b"<w:r><w:rPr><![CDATA[",
            b"<w:r><w:rPr>&amp",
            b"<w:r><w:rPr>&",
            b"<w:r><w:rPr></w:rP",
        ] {
            same(xml, 256);
        }
    }

    #[test]
    fn references_inside() {
        for inner in [
            &b"&amp;&;&#x41;"[..],
            b"a & b",
            b"&a&b;",
            b"&a<w:b/>",
            b"<x a='&'>&lt;</x>",
        ] {
            same(&in_run(inner), 256);
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_inside() {
        for inner in [
            &b"<w:b w:val=\"\xff\"/>"[..],
            b"\xff",
            b"text \xe2\x82<w:b/>",
            b"text \xe2\x82&amp;",
            b"text \xe2\x82 more",
            b"&a\xe2\x82;",
            b"&a\xe2\x82<w:b/>",
            b"&a\xe2\x82&b;",
            b"<a\xe2\x82></a\xe2\x82>",
            b"<a></b\xff>",
            b"<a x='\xe2\x82>'></a>",
            b"<a x='\xe2\x82<'></a>",
            b"<a x=\"\xf0\x9f\x98\"></a>",
            b"<a>\xf0\x9f\x98\x80\xf0\x9f\x98</a>",
            b"\xe2\x82\xe2\x82\xac<a/>",
            b"\xed\xa0\x80",
            b"\xc0\xaf",
            b"<!-- \xff -->",
            b"\xe2\x82<!-- -->",
            b"\xe2\x82</w:rPr>",
        ] {
            let t = same(&in_run(inner), 256);
            assert!(error_of(&t).contains("InvalidUtf8"), "{t:?}");
        }
        // Bad bytes in a tag the part cuts off: the unclosed tag is the error.
        let t = same(b"<w:r><w:rPr><a x='\xff", 256);
        assert!(error_of(&t).contains("problem: Unclosed("), "{t:?}");
        // In text the part ends: they are.
        for xml in [&b"<w:r><w:rPr>ab\xe2\x82"[..], b"<w:r><w:rPr>&a\xe2"] {
            let t = same(xml, 256);
            assert!(error_of(&t).contains("problem: CutOff"), "{t:?}");
        }
    }

    #[test]
    fn bad_bytes_come_before_other_errors_of_the_same_tag() {
        // A mismatched end tag, an element too deep, a `&` that begins no reference.
        for (inner, max_depth) in [
            (&b"<a></b\xff>"[..], 256),
            (b"<a\xff>", 3),
            (b"&\xff<", 256),
        ] {
            let t = same(&in_run(inner), max_depth);
            assert!(error_of(&t).contains("InvalidUtf8"), "{t:?}");
        }
        // Without the bad bytes, those are the errors.
        for (inner, max_depth) in [(&b"<a></b>"[..], 256), (b"<a>", 3), (b"&<", 256)] {
            let t = same(&in_run(inner), max_depth);
            assert!(
                error_of(&t).contains("Xml") || error_of(&t).contains("TooDeep"),
                "{t:?}"
            );
        }
    }

    #[test]
    fn a_lt_at_every_buffer_end() {
        // Tags of every length, so that with every buffer size some `<` ends a buffer.
        let mut inner = Vec::new();
        for n in 1..40 {
            inner.extend_from_slice(format!("<t{}/>", "x".repeat(n)).as_bytes());
            inner.extend_from_slice(format!("<u{} a='{}'>\u{e9}</u{}>", n, n, n).as_bytes());
        }
        same(&in_run(&inner), 256);
    }

    #[test]
    fn cuts_by_the_buffer_the_body_is_read_through() {
        // The body's buffer ends at byte 65,536: at each byte of a `<`, a tag, a character of
        // three bytes and an end tag, in properties that are passed over (`<w:rPr>` ends at
        // byte 17, `<a` begins `shift` bytes before the buffer's end).
        for shift in 0..24 {
            let mut inner = vec![b'x'; 64 * 1024 - 17 - shift];
            inner.extend_from_slice("<a b='\u{20ac}'>\u{20ac}</a><c/>".as_bytes());
            let xml = in_run(&inner);
            let expected = trace(xml.as_slice(), false, 256);
            let got = trace(
                Lookahead::with_capacity(64 * 1024, xml.as_slice()),
                true,
                256,
            );
            assert_eq!(got, expected, "shifted by {shift}");
        }
    }

    /// A generator of hostile content, seeded: pieces of markup put together at random.
    fn random_content(seed: &mut u64) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"<a>",
            b"</a>",
            b"<b x='1'>",
            b"</b>",
            b"<w:rPr>",
            b"</w:rPr>",
            b"<c/>",
            b"<",
            b">",
            b"/",
            b"'",
            b"\"",
            b"&",
            b";",
            b"&amp;",
            b" ",
            b"\n",
            b"text",
            b"\xe2\x82",
            b"\xac",
            b"\xff",
            b"\xc3\xa9",
            b"<!--",
            b"-->",
            b"<![CDATA[",
            b"]]>",
            b"<?p",
            b"?>",
            b"=",
            b"</",
            b"<a ",
            b"\t",
            b"\xf0\x9f",
            b"\x98\x80",
            b"<!DOCTYPE a>",
            b"<!x",
            b"<w:rPr/>",
        ];
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let n = 1 + next() % 12;
        (0..n)
            .flat_map(|_| PIECES[(next() % PIECES.len() as u64) as usize].to_vec())
            .collect()
    }

    #[test]
    fn random_hostile_content() {
        let mut seed = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let inner = random_content(&mut seed);
            same(&in_run(&inner), 4);
            // And cut short: the part ends inside.
            let mut cut = b"<w:r><w:rPr>".to_vec();
            cut.extend_from_slice(&inner);
            same(&cut, 4);
        }
    }
}
