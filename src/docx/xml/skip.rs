//! Passing over an element's content without the XML reader: the bytes in the reader's buffer
//! are scanned for the ends of text, references and tags, and nothing else is done with them.
//! Reading every event of a skipped subtree (run properties, cell properties, drawings) with
//! quick-xml was a third of all the work of an outline of a large document; most of it
//! (copying each event, checking it, building it, returning it) was for events nobody looks at.
//!
//! What quick-xml would find wrong in those bytes is still found, at the same byte and with
//! the same message, so that passing over changes nothing but the cost:
//!
//! - tags end at the first `>` outside quoted attribute values, by the rules (and with the
//!   state) of quick-xml's [`ElementParser`], so an attribute value holding `</w:rPr>` ends
//!   nothing;
//! - the elements opened inside are kept on a stack of names, so that an end tag that does not
//!   close the innermost open element is the same error, and the depth limit holds inside;
//! - a `&` that no `;` closes is the same error;
//! - the bytes are UTF-8, checked a span at a time but reported as quick-xml reports them, per
//!   event, at the first bad byte, and only once the event holding it has ended (an unclosed
//!   tag at the part's end is a syntax error, not a UTF-8 one, and a read error comes first);
//! - an unclosed tag, quoted value or reference at the part's end is the same syntax error.
//!
//! Markup that does not change the open elements is left to the XML reader, which reads it as
//! it always did: comments, CDATA, processing instructions, DOCTYPE, and the end tag of the
//! skipped element itself (the reader saw its start and checks its name). A tag of any other
//! name never goes to the reader, which would find its end unmatched.

use quick_xml::errors::{Error as XmlError, IllFormedError};
use quick_xml::parser::{ElementParser, Parser};
use quick_xml::utils::{is_whitespace, name_len};

use crate::docx::xml::lookahead::Peek;

/// What the bytes scanned next belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Character data, up to a `<` or a `&`.
    Text,
    /// A reference, from its `&` up to its `;`.
    Ref,
    /// A start or empty-element tag, from its `<` up to its `>`.
    Open,
    /// An end tag, from its `<` up to its `>`.
    Close,
}

/// Why a pass stopped without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// At a `<` that the XML reader is to read: the skipped element's end tag, a comment,
    /// CDATA, DOCTYPE, a processing instruction, or a `<` that ends the part.
    Markup,
    /// At the part's end, with `open` elements opened inside the skipped one still open.
    End {
        /// How many.
        open: usize,
    },
}

/// What a pass found wrong, as the XML reader would have found it.
#[derive(Debug)]
pub(super) enum Fault {
    /// The part could not be read further.
    Io(std::io::Error),
    /// Bytes that form no UTF-8 character at `offset`; `len` as `Utf8Error::error_len` gives
    /// it for the event that holds them (`None`: the character is cut off by the event's end).
    Utf8 { offset: u64, len: Option<usize> },
    /// An XML error at `offset`.
    Xml { offset: u64, error: XmlError },
    /// An element opened past the depth limit; its start tag ends before `offset`.
    TooDeep { offset: u64 },
}

/// What a pass keeps from one call to the next: only buffers, reused.
#[derive(Debug, Default)]
pub(super) struct Skipper {
    /// The names of the elements open inside the skipped one, innermost last, end to end.
    names: Vec<u8>,
    /// Where each name in `names` starts.
    starts: Vec<usize>,
    /// Of a tag cut by the buffer's end: the name so far of a start tag, what is between `</`
    /// and the cut of an end tag. A tag read whole is looked at where it lies.
    cut: Vec<u8>,
}

/// What a chunk's scan asks of the loop that reads.
enum Flow {
    /// `used` bytes passed over; scan on with at least `need` bytes in view.
    More { used: usize, need: usize },
    /// `used` bytes passed over, and the pass stops.
    Stop { used: usize, stop: Stop },
}

/// What scanning from a position in a chunk comes to.
enum Step {
    /// Scan on from this position.
    At(usize),
    /// The chunk's scan ends.
    Flow(Flow),
}

impl Skipper {
    /// Makes ready to pass over the content of an element whose start tag was just read.
    pub(super) fn start(&mut self) {
        self.names.clear();
        self.starts.clear();
    }

    /// Passes over content read from `src`, whose next byte is at `offset` in the part, up to
    /// the markup the XML reader is to read next or the part's end: the content of the element
    /// passed [`start`](Self::start), from its start tag or from markup the XML reader read
    /// in it (the elements open inside are still open). `room`: how many elements may open
    /// inside before the depth limit is passed. Returns how many bytes were passed over, with
    /// the outcome.
    pub(super) fn skip<R: Peek>(
        &mut self,
        src: &mut R,
        offset: u64,
        room: usize,
    ) -> (u64, Result<Stop, Fault>) {
        let mut scan = Scan {
            skipper: self,
            at: At::Text,
            quotes: ElementParser::Outside,
            carried: false,
            named: false,
            last: 0,
            base: offset,
            piece: offset,
            bad: None,
            room,
            checked: 0,
            checked_at: (At::Text, ElementParser::Outside),
            cut_after: false,
        };
        let outcome = scan.run(src);
        (scan.base - offset, outcome)
    }
}

/// One pass: where it is and what it has seen.
struct Scan<'k> {
    skipper: &'k mut Skipper,
    /// What the bytes scanned next belong to.
    at: At,
    /// Inside a tag: whether a quoted value is open.
    quotes: ElementParser,
    /// Inside a tag: whether it began in an earlier buffer (its start is in `skipper.cut`).
    carried: bool,
    /// Inside a start tag begun in an earlier buffer: whether its name has ended.
    named: bool,
    /// Inside a start tag: its last byte read (`/` before `>` makes it an empty element).
    last: u8,
    /// The offset in the part of the chunk's first byte.
    base: u64,
    /// The offset where the event being read (text, reference, tag) began.
    piece: u64,
    /// The first bytes that are not UTF-8 in the event being read, reported when it ends.
    bad: Option<(u64, Option<usize>)>,
    /// How many elements may open inside before the depth limit is passed.
    room: usize,
    /// How far the chunk was checked to be UTF-8, and what the bytes there belong to.
    checked: usize,
    checked_at: (At, ElementParser),
    /// Whether the chunk scanned ends before the start of a character cut by the buffer's
    /// end (so its last byte is followed by one that is no continuation byte).
    cut_after: bool,
}

impl Scan<'_> {
    /// Reads and scans chunks until the pass stops. Each round passes over bytes or asks to
    /// see more at once, so the loop ends. Every byte is scanned once: a character or a `<`
    /// cut by the buffer's end waits for the next read, its few bytes moved to the front.
    fn run<R: Peek>(&mut self, src: &mut R) -> Result<Stop, Fault> {
        let mut need = 1;
        loop {
            let chunk = src.peek_at_least(need).map_err(Fault::Io)?;
            if chunk.is_empty() {
                return self.at_end();
            }
            let at_end = chunk.len() < need;
            let usable = if at_end {
                chunk.len()
            } else {
                complete_len(chunk)
            };
            if usable == 0 {
                // Only the start of a character: see the rest of it too.
                need = chunk.len() + 1;
                continue;
            }
            let data = chunk.get(..usable).unwrap_or_default();
            let flow = self.chunk(data, chunk.get(usable).copied(), at_end)?;
            let (used, stop) = match flow {
                Flow::More { used, need: n } => {
                    need = n;
                    (used, None)
                }
                Flow::Stop { used, stop } => (used, Some(stop)),
            };
            src.consume(used);
            self.base += used as u64;
            if let Some(stop) = stop {
                return Ok(stop);
            }
        }
    }

    /// Scans `data`, whole characters only (`after`: the byte that follows it, when known;
    /// `at_end`: nothing follows it in the part).
    fn chunk(&mut self, data: &[u8], after: Option<u8>, at_end: bool) -> Result<Flow, Fault> {
        self.checked = 0;
        self.checked_at = (self.at, self.quotes);
        self.cut_after = after.is_some();
        let mut i = 0;
        while i < data.len() {
            let step = match self.at {
                At::Text => self.text(data, i, after, at_end)?,
                At::Ref => Step::At(self.reference(data, i)?),
                At::Open => Step::At(self.open(data, i)?),
                At::Close => Step::At(self.close(data, i)?),
            };
            match step {
                Step::At(next) => i = next,
                Step::Flow(flow) => return Ok(flow),
            }
        }
        self.check(data, data.len(), false)?;
        Ok(Flow::More {
            used: data.len(),
            need: 1,
        })
    }

    /// Character data from `i`: up to a `<` (what it begins decides what comes next) or a `&`.
    fn text(
        &mut self,
        data: &[u8],
        i: usize,
        after: Option<u8>,
        at_end: bool,
    ) -> Result<Step, Fault> {
        let rest = data.get(i..).unwrap_or_default();
        // Skipped content is mostly tags: a `<` where the text begins needs no search.
        let found = match rest.first() {
            Some(b'<') => Some(0),
            _ => memchr::memchr2(b'<', b'&', rest),
        };
        let Some(k) = found.map(|j| i + j) else {
            return Ok(Step::At(data.len()));
        };
        self.end_piece()?;
        if data.get(k) == Some(&b'&') {
            self.begin(At::Ref, k);
            return Ok(Step::At(k + 1));
        }
        match data.get(k + 1).copied().or(after) {
            None if !at_end => {
                // What the `<` begins is in the next read.
                self.check(data, k, true)?;
                Ok(Step::Flow(Flow::More { used: k, need: 2 }))
            }
            None | Some(b'!' | b'?') => self.hand_over(data, k),
            Some(b'/') if self.skipper.starts.is_empty() => self.hand_over(data, k),
            Some(b'/') => {
                self.begin(At::Close, k);
                Ok(Step::At(k + 2))
            }
            Some(_) => {
                self.last = b'<';
                self.begin(At::Open, k);
                Ok(Step::At(k + 1))
            }
        }
    }

    /// Stops before the `<` at `k`, for the XML reader.
    fn hand_over(&mut self, data: &[u8], k: usize) -> Result<Step, Fault> {
        self.check(data, k, true)?;
        Ok(Step::Flow(Flow::Stop {
            used: k,
            stop: Stop::Markup,
        }))
    }

    /// A reference from `i`, its `&` passed: up to its `;`. A `&` or `<` first is the XML
    /// reader's error for a `&` that begins no reference, once the bytes are found UTF-8.
    fn reference(&mut self, data: &[u8], i: usize) -> Result<usize, Fault> {
        let rest = data.get(i..).unwrap_or_default();
        let Some(k) = memchr::memchr3(b';', b'&', b'<', rest).map(|j| i + j) else {
            return Ok(data.len());
        };
        self.end_piece()?;
        if data.get(k) == Some(&b';') {
            self.begin(At::Text, k + 1);
            return Ok(k + 1);
        }
        self.check(data, k, true)?;
        Err(self.unclosed_reference())
    }

    /// A start or empty-element tag from `i`, its `<` passed: up to its `>`. Unless it ends
    /// with `/>`, its name goes on the stack of open elements.
    fn open(&mut self, data: &[u8], i: usize) -> Result<usize, Fault> {
        let rest = data.get(i..).unwrap_or_default();
        let end = tag_end(rest, &mut self.quotes);
        let content = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
        if let Some(&b) = content.last() {
            self.last = b;
        }
        let Some(k) = end.map(|j| i + j + 1) else {
            self.carry_name(content);
            return Ok(data.len());
        };
        self.end_piece()?;
        if self.last != b'/' {
            self.push_name(content);
            if self.skipper.starts.len() > self.room {
                self.check(data, k, true)?;
                return Err(Fault::TooDeep {
                    offset: self.base + k as u64,
                });
            }
        }
        self.begin(At::Text, k);
        Ok(k)
    }

    /// Keeps what a start tag cut by the buffer's end has of its name: it ends at the first
    /// whitespace (quick-xml's `name_len`), or with the tag.
    fn carry_name(&mut self, content: &[u8]) {
        if !self.carried {
            self.skipper.cut.clear();
            self.carried = true;
            self.named = false;
        }
        if !self.named {
            let n = name_len(content);
            self.skipper
                .cut
                .extend_from_slice(content.get(..n).unwrap_or_default());
            self.named = n < content.len();
        }
    }

    /// A start tag ends, `content` the last of what is between its `<` and `>`: its name
    /// goes on the stack. An empty-element tag's name is never copied.
    fn push_name(&mut self, content: &[u8]) {
        self.skipper.starts.push(self.skipper.names.len());
        if self.carried {
            self.carry_name(content);
            let Skipper { names, cut, .. } = &mut *self.skipper;
            names.extend_from_slice(cut);
        } else {
            let name = content.get(..name_len(content)).unwrap_or_default();
            self.skipper.names.extend_from_slice(name);
        }
    }

    /// An end tag from `i`, its `</` passed: it must close the innermost open element.
    fn close(&mut self, data: &[u8], i: usize) -> Result<usize, Fault> {
        let rest = data.get(i..).unwrap_or_default();
        let end = tag_end(rest, &mut self.quotes);
        let content = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
        if !self.carried && end.is_none() {
            self.skipper.cut.clear();
            self.carried = true;
        }
        if self.carried {
            self.skipper.cut.extend_from_slice(content);
        }
        let Some(k) = end.map(|j| i + j + 1) else {
            return Ok(data.len());
        };
        self.end_piece()?;
        let written = match self.carried {
            true => self.skipper.cut.as_slice(),
            false => content,
        };
        if let Some(error) = mismatch(written, self.innermost()) {
            self.check(data, k, true)?;
            return Err(Fault::Xml {
                offset: self.piece,
                error,
            });
        }
        self.pop();
        self.begin(At::Text, k);
        Ok(k)
    }

    /// The name of the innermost element open inside the skipped one.
    fn innermost(&self) -> &[u8] {
        let start = self.skipper.starts.last().copied().unwrap_or(0);
        self.skipper.names.get(start..).unwrap_or_default()
    }

    /// Forgets the innermost open element.
    fn pop(&mut self) {
        let start = self.skipper.starts.pop().unwrap_or(0);
        self.skipper.names.truncate(start);
    }

    /// The event being read ends: bytes in it found not UTF-8 are the error now.
    fn end_piece(&mut self) -> Result<(), Fault> {
        match self.bad.take() {
            Some((offset, len)) => Err(Fault::Utf8 { offset, len }),
            None => Ok(()),
        }
    }

    /// An event of kind `at` begins at `k`.
    fn begin(&mut self, at: At, k: usize) {
        self.at = at;
        self.quotes = ElementParser::Outside;
        self.carried = false;
        self.piece = self.base + k as u64;
    }

    /// The XML reader's error for a `&` (the event begun) that no `;` closes.
    fn unclosed_reference(&self) -> Fault {
        Fault::Xml {
            offset: self.piece,
            error: XmlError::IllFormed(IllFormedError::UnclosedReference),
        }
    }

    /// The part ends: fine in character data, an error in a reference or a tag.
    fn at_end(&mut self) -> Result<Stop, Fault> {
        match self.at {
            At::Text => {
                self.end_piece()?;
                Ok(Stop::End {
                    open: self.skipper.starts.len(),
                })
            }
            At::Ref => {
                self.end_piece()?;
                Err(self.unclosed_reference())
            }
            // The XML reader never checks the bytes of a tag that does not end.
            At::Open | At::Close => Err(Fault::Xml {
                offset: self.piece,
                error: XmlError::Syntax(self.quotes.eof_error(&[])),
            }),
        }
    }

    /// Checks that the bytes scanned since the last check, up to `end`, are UTF-8. `done`:
    /// the event being read ends at `end`; if not, bad bytes in it are kept for its end (an
    /// error found first, a read error or a syntax error, comes before them).
    fn check(&mut self, data: &[u8], end: usize, done: bool) -> Result<(), Fault> {
        let from = self.checked;
        let at = self.checked_at;
        self.checked = end;
        self.checked_at = (self.at, self.quotes);
        let span = data.get(from..end).unwrap_or_default();
        // Most of what is passed over is ASCII, which a word at a time shows.
        if all_ascii(span) {
            return Ok(());
        }
        let Err(e) = std::str::from_utf8(span) else {
            return Ok(());
        };
        let p = from + e.valid_up_to();
        let len = match e.error_len() {
            // Cut by the end of `data` but followed by the first byte of another character.
            None if end == data.len() && self.cut_after => Some(end - p),
            len => event_error_len(data, from, at, p, len),
        };
        let offset = self.base + p as u64;
        if !done && offset >= self.piece {
            self.bad.get_or_insert((offset, len));
            return Ok(());
        }
        Err(Fault::Utf8 { offset, len })
    }
}

/// The error for an end tag whose content (between `</` and `>`) is `written`, when it does
/// not close the element named `expected`: quick-xml's check, to the letter (trailing
/// whitespace is not part of the name; a name of only whitespace is kept whole).
fn mismatch(written: &[u8], expected: &[u8]) -> Option<XmlError> {
    let name = match written.iter().rposition(|&b| !is_whitespace(b)) {
        Some(last) => written.get(..=last).unwrap_or_default(),
        None => written,
    };
    (name != expected).then(|| {
        XmlError::IllFormed(IllFormedError::MismatchedEndTag {
            expected: String::from_utf8_lossy(expected).into_owned(),
            found: String::from_utf8_lossy(name).into_owned(),
        })
    })
}

/// The index in `bytes` of the `>` that ends a tag: the first outside quoted values, as
/// quick-xml's `ElementParser::feed` finds it; `quotes` says whether a value is open, before
/// and after.
///
/// Eight bytes at a time in a machine word: the tags passed over are short, a few bytes from
/// one quote to the next, too few for a vector search's set-up to pay off (`ElementParser`
/// calls `memchr3` once a quote, which cost more than the bytes it passed over).
pub(super) fn tag_end(bytes: &[u8], quotes: &mut ElementParser) -> Option<usize> {
    const SET_05: u64 = u64::from_ne_bytes([0x05; 8]);
    let mut i = 0;
    while let Some(word) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        // `"` (0x22) and `'` (0x27) are the bytes that 0x05 sets to 0x27, with `#` and `&`
        // (marked too, and passed by `quote_step`): two tests a word instead of three.
        let mut marks = marks_of(word, b'>') | marks_of(word | SET_05, b'\'');
        while marks != 0 {
            let bit = marks.trailing_zeros();
            // The marked byte's value, from the word (its high bit is bit `bit`).
            if quote_step(quotes, (word >> (bit - 7)) as u8) {
                return Some(i + bit as usize / 8);
            }
            marks &= marks - 1;
        }
        i += 8;
    }
    let tail = bytes.get(i..).unwrap_or_default();
    let at = tail.iter().position(|&b| quote_step(quotes, b))?;
    Some(i + at)
}

/// Moves the state of quoted values over `b`; whether `b` is the `>` that ends the tag.
#[inline(always)]
fn quote_step(quotes: &mut ElementParser, b: u8) -> bool {
    use ElementParser::{DoubleQ, Outside, SingleQ};
    match (*quotes, b) {
        (Outside, b'>') => return true,
        (Outside, b'"') => *quotes = DoubleQ,
        (Outside, b'\'') => *quotes = SingleQ,
        (DoubleQ, b'"') | (SingleQ, b'\'') => *quotes = Outside,
        _ => {}
    }
    false
}

/// The bytes of `word` equal to `b`, marked by their high bit (the other bits clear). Exact
/// for every byte: no sum carries from one byte into the next (`0x7F + 0x7F < 0x100`).
#[inline(always)]
fn marks_of(word: u64, b: u8) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7F; 8]);
    let x = word ^ (ONES * u64::from(b));
    // A byte's high bit ends up set when the byte is not 0, from its low bits or its own.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Whether `bytes` are all ASCII: a word at a time (`<[u8]>::is_ascii` costs more on the
/// short spans passed over).
fn all_ascii(bytes: &[u8]) -> bool {
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    let high = (&mut words).fold(0, |acc, w| {
        acc | u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))
    });
    high & HIGHS == 0 && words.remainder().is_ascii()
}

/// How many bytes of `chunk` end with a whole character: all but the start of a character
/// cut by its end, whose rest the next read brings.
fn complete_len(chunk: &[u8]) -> usize {
    let len = chunk.len();
    if chunk.last().is_none_or(u8::is_ascii) {
        return len;
    }
    // A character is at most four bytes: its first byte is among the last three if it is cut.
    for back in 1..=len.min(3) {
        let start = len - back;
        match chunk.get(start) {
            Some(b) if b & 0xC0 == 0x80 => continue,
            _ => {}
        }
        let tail = chunk.get(start..).unwrap_or_default();
        return match std::str::from_utf8(tail) {
            Err(e) if e.valid_up_to() == 0 && e.error_len().is_none() => start,
            _ => len,
        };
    }
    len
}

/// The error length quick-xml reports for bytes not UTF-8 at `p` of `data`, given the one
/// `from_utf8` reported over a span from `from` (where the bytes belonged to `at`). The same,
/// but for the start of a character cut by a `<` or `&` that ends character data: quick-xml
/// checks each event alone, and there the character is cut off by the event's end (`None`).
fn event_error_len(
    data: &[u8],
    from: usize,
    at: (At, ElementParser),
    p: usize,
    len: Option<usize>,
) -> Option<usize> {
    let n = len?;
    let incomplete = data
        .get(p..p + n)
        .is_some_and(|c| std::str::from_utf8(c).is_err_and(|e| e.error_len().is_none()));
    let ends_data = matches!(data.get(p + n), Some(b'<' | b'&'));
    if incomplete && ends_data && in_character_data(data.get(from..p).unwrap_or_default(), at) {
        return None;
    }
    Some(n)
}

/// Whether the byte after `bytes` is character data (or a reference), `bytes` beginning in
/// `at`. Only asked on the way to an error: a byte loop.
fn in_character_data(bytes: &[u8], at: (At, ElementParser)) -> bool {
    use ElementParser::{DoubleQ, Outside, SingleQ};
    // `None`: character data; `Some`: in a tag, with its quotes.
    let mut tag = match at {
        (At::Text | At::Ref, _) => None,
        (At::Open | At::Close, quotes) => Some(quotes),
    };
    for &b in bytes {
        tag = match (tag, b) {
            (None, b'<') => Some(Outside),
            (Some(Outside), b'>') => None,
            (Some(Outside), b'"') => Some(DoubleQ),
            (Some(Outside), b'\'') => Some(SingleQ),
            (Some(DoubleQ), b'"') | (Some(SingleQ), b'\'') => Some(Outside),
            (same, _) => same,
        };
    }
    tag.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes from a seed: mostly the ones tags are made of, and some that are not ASCII.
    fn bytes(seed: &mut u64, len: usize) -> Vec<u8> {
        const ALPHABET: &[u8] = b"\"'>#&<=/ :wa\x80\xa2\xbe\xff\x22\x27\x3e";
        (0..len)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                ALPHABET[(*seed % ALPHABET.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn tag_end_agrees_with_quick_xml() {
        let mut seed = 0x2545_F491_4F6C_DD1D;
        for len in 0..64 {
            for _ in 0..200 {
                let b = bytes(&mut seed, len);
                for start in [
                    ElementParser::Outside,
                    ElementParser::DoubleQ,
                    ElementParser::SingleQ,
                ] {
                    let (mut ours, mut theirs) = (start, start);
                    assert_eq!(tag_end(&b, &mut ours), theirs.feed(&b), "{b:?}");
                    assert_eq!(ours, theirs, "{b:?}");
                }
            }
        }
    }

    #[test]
    fn marks_are_exact_in_every_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                word[(at + 1) % 8] = b'>';
                let marks = marks_of(u64::from_le_bytes(word), b'>');
                for (i, &x) in word.iter().enumerate() {
                    assert_eq!(marks >> (8 * i + 7) & 1 == 1, x == b'>', "{word:?}");
                }
            }
        }
    }

    #[test]
    fn ascii_and_cut_characters() {
        assert!(all_ascii(b"<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>"));
        assert!(!all_ascii("<w:t>caf\u{e9}</w:t>".as_bytes()));
        assert!(!all_ascii(b"0123456789abcdef\xff"));
        let euro = "\u{20ac}".as_bytes();
        for cut in 0..euro.len() {
            let mut chunk = b"ab".to_vec();
            chunk.extend_from_slice(&euro[..cut]);
            assert_eq!(complete_len(&chunk), 2, "{chunk:?}");
        }
        // Whole, or not the start of any character: nothing waits for the next read.
        assert_eq!(complete_len("ab\u{20ac}".as_bytes()), 5);
        assert_eq!(complete_len(b"ab\xff"), 3);
        assert_eq!(complete_len(b"ab\xe2\x41"), 4);
        assert_eq!(complete_len(b"\xe2\xe2\x82"), 1);
    }
}
