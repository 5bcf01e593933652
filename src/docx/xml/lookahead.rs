//! A buffered reader that can be asked to look a few bytes further than its buffer holds.
//!
//! [`PartEvents::skip_subtree`](crate::docx::xml::PartEvents::skip_subtree) passes over
//! markup in the reader's buffer without the XML reader, and must sometimes see a byte or
//! three past the buffer's end before it can tell what it is looking at: what follows a `<`
//! (a tag, a comment, an end tag), or the rest of a UTF-8 character. `std::io::BufReader`
//! only reads more once its buffer is empty; [`Lookahead`] moves the few unread bytes to the
//! front and reads more behind them ([`Peek::peek_at_least`]).

use std::io::{self, BufRead, Read};

use crate::docx::limits::LONG_STEP;

/// A [`BufRead`] that can show at least `n` unread bytes at once (`n` a few bytes).
pub(crate) trait Peek: BufRead {
    /// The unread bytes, at least `n` of them (`n` at most [`MAX_PEEK`]) unless the input
    /// ends first: fewer than `n` means that these are all the input holds. Consumes nothing.
    fn peek_at_least(&mut self, n: usize) -> io::Result<&[u8]>;

    /// The unread bytes the buffer holds now (none read for this): perhaps none.
    fn buffered(&self) -> &[u8];

    /// Reads the rest of the input without keeping it, buffer by buffer.
    fn pass_rest(&mut self) -> io::Result<()> {
        loop {
            let n = match self.fill_buf() {
                Ok(bytes) => bytes.len(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                return Ok(());
            }
            self.consume(n);
        }
    }
}

/// The most bytes [`Peek::peek_at_least`] is asked for.
pub(crate) const MAX_PEEK: usize = 8;

/// A slice holds the whole input: it is never cut.
impl Peek for &[u8] {
    fn peek_at_least(&mut self, _n: usize) -> io::Result<&[u8]> {
        Ok(self)
    }

    fn buffered(&self) -> &[u8] {
        self
    }
}

/// A buffered reader of `capacity` bytes, as `std::io::BufReader::with_capacity` reads (each
/// read from `inner` asks for `capacity` bytes, once the buffer is used up), that can also
/// show the next few bytes across the buffer's end ([`Peek`]).
///
/// The buffer holds [`MAX_PEEK`] bytes more than `capacity`, so that the few unread bytes
/// moved to its front still leave room for a read of `capacity` bytes: the reads asked of
/// `inner` are those of a `BufReader`, and the limits a part reader checks per read fall as
/// they did (`crate::docx::limits::PartReader`).
pub(crate) struct Lookahead<R> {
    inner: R,
    buf: Box<[u8]>,
    /// The first unread byte of `buf`.
    pos: usize,
    /// The end of the bytes read into `buf`.
    filled: usize,
    capacity: usize,
}

impl<R: Read> Lookahead<R> {
    /// A reader of `inner` through a buffer of `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize, inner: R) -> Self {
        let capacity = capacity.max(1);
        Lookahead {
            inner,
            buf: vec![0; capacity + MAX_PEEK].into_boxed_slice(),
            pos: 0,
            filled: 0,
            capacity,
        }
    }

    /// Reads once more from `inner` behind the unread bytes, moved to the buffer's front
    /// first; returns how many bytes came (0: the input has ended).
    #[inline(never)]
    fn read_more(&mut self) -> io::Result<usize> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.filled, 0);
            self.filled -= self.pos;
            self.pos = 0;
        }
        let end = self.buf.len().min(self.filled + self.capacity);
        let Some(room) = self.buf.get_mut(self.filled..end) else {
            return Ok(0);
        };
        if room.is_empty() {
            return Ok(0);
        }
        let n = loop {
            match self.inner.read(room) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        self.filled += n.min(room.len());
        Ok(n)
    }

    /// The unread bytes.
    #[inline]
    fn unread(&self) -> &[u8] {
        self.buf.get(self.pos..self.filled).unwrap_or_default()
    }
}

impl<R: Read> Read for Lookahead<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Lookahead<R> {
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.filled {
            self.pos = 0;
            self.filled = 0;
            self.read_more()?;
        }
        Ok(self.unread())
    }

    #[inline]
    fn consume(&mut self, amt: usize) {
        self.pos = self.pos.saturating_add(amt).min(self.filled);
    }
}

impl<R: Read> Peek for Lookahead<R> {
    #[inline]
    fn peek_at_least(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.filled - self.pos < n.min(MAX_PEEK) {
            if self.read_more()? == 0 {
                break;
            }
        }
        Ok(self.unread())
    }

    #[inline]
    fn buffered(&self) -> &[u8] {
        self.unread()
    }

    /// What the buffer holds, then the rest in reads of [`LONG_STEP`] bytes straight from
    /// `inner`, without the buffer: a part reader inflates in steps that long wherever its
    /// limits cannot be passed within one (`crate::docx::limits::PartReader`), and each step
    /// saves the inflater copying its window.
    fn pass_rest(&mut self) -> io::Result<()> {
        self.pos = self.filled;
        let mut scratch = vec![0; LONG_STEP];
        loop {
            match self.inner.read(&mut scratch) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a read, and counts the bytes asked for.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
        asked: Vec<usize>,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.asked.push(out.len());
            let n = out.len().min(self.step).min(self.data.len());
            let (head, tail) = self.data.split_at(n);
            out.get_mut(..n).unwrap_or_default().copy_from_slice(head);
            self.data = tail;
            Ok(n)
        }
    }

    #[test]
    fn peeks_across_the_buffer_end_and_reads_what_bufreader_reads() {
        let data = b"0123456789abcdef";
        let mut r = Lookahead::with_capacity(
            5,
            Trickle {
                data,
                step: 100,
                asked: Vec::new(),
            },
        );
        assert_eq!(r.fill_buf().unwrap(), b"01234");
        r.consume(3);
        // Two bytes left in the buffer; four wanted: moved to the front, five more read.
        assert_eq!(r.peek_at_least(4).unwrap(), b"3456789");
        r.consume(7);
        assert_eq!(r.fill_buf().unwrap(), b"abcde");
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"abcdef");
        // At the end: fewer than asked for, and the same again.
        assert_eq!(r.peek_at_least(4).unwrap(), b"");
        // Every read asked for the capacity, as a BufReader's would.
        assert!(r.inner.asked.iter().all(|&n| n == 5), "{:?}", r.inner.asked);
    }

    #[test]
    fn the_rest_passed_over_is_read_in_long_steps_after_the_buffer() {
        let data = vec![b'x'; 3 * LONG_STEP];
        let mut r = Lookahead::with_capacity(
            5,
            Trickle {
                data: &data,
                step: usize::MAX,
                asked: Vec::new(),
            },
        );
        assert_eq!(r.fill_buf().unwrap(), b"xxxxx");
        r.consume(2);
        r.pass_rest().unwrap();
        // Each read after the first asked for a long step, and nothing is left.
        let asked = std::mem::take(&mut r.inner.asked);
        assert_eq!(asked.first(), Some(&5));
        assert!(asked.iter().skip(1).all(|&n| n == LONG_STEP), "{asked:?}");
        assert!(r.inner.data.is_empty());
        assert_eq!(r.fill_buf().unwrap(), b"");
        // The default, for a slice: buffer by buffer, to the end.
        let mut slice: &[u8] = b"abc";
        slice.pass_rest().unwrap();
        assert!(slice.is_empty());
    }

    #[test]
    fn peek_reads_on_through_short_reads() {
        let mut r = Lookahead::with_capacity(
            4,
            Trickle {
                data: b"abcdefgh",
                step: 1,
                asked: Vec::new(),
            },
        );
        assert_eq!(r.peek_at_least(3).unwrap(), b"abc");
        r.consume(2);
        assert_eq!(r.peek_at_least(5).unwrap(), b"cdefg");
        r.consume(5);
        assert_eq!(r.peek_at_least(2).unwrap(), b"h");
    }
}
