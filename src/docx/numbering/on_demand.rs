//! `numbering.xml` read on another thread while the styles and the body are read.
//!
//! On the bundled samples `numbering.xml` is half a megabyte, half as much as the body a scope
//! reads up to its sections, and the body's first numbered paragraph comes a good way in. A
//! document opened from its path with a core to spare therefore reads its numbering on a
//! second thread while its styles are read.
//! [`DocumentBuilder::open`](crate::DocumentBuilder::open) waits for it before returning; a
//! scope read, which opens the document itself, waits only where a paragraph first needs a
//! list, or where the reading ends. The answers and the errors are those of reading it first:
//! a damaged `numbering.xml` is reported in place of any later error, and once it has failed
//! every later ask fails the same way (the part is read again, on the asking thread).

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use crate::docx::numbering::Numbering;
use crate::docx::styles::Styles;
use crate::error::Result;

/// A document's numbering, read already, being read on another thread, or still to read (the
/// default: a document without numbering).
#[derive(Debug, Default)]
pub(crate) struct OnDemand {
    ready: OnceLock<Numbering>,
    pending: Mutex<Option<Pending>>,
    /// What a failed read leaves to answer with.
    empty: Numbering,
}

/// A read not yet joined.
#[derive(Debug)]
struct Pending {
    part: String,
    bytes: Arc<Vec<u8>>,
    max_depth: usize,
    thread: Option<JoinHandle<Result<Numbering>>>,
}

impl Pending {
    /// The read's outcome: the thread's, or (with no thread, or one that failed) this one's.
    fn outcome(&mut self) -> Result<Numbering> {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(outcome)) => outcome,
            // No thread (or one that did not end normally, which the parser does not do by
            // design): read the part here.
            Some(Err(_)) | None => {
                Numbering::read_unlinked(&self.part, Arc::clone(&self.bytes), self.max_depth)
            }
        }
    }
}

impl OnDemand {
    /// A read of `part`: started now on another thread when `beside` (and a thread can be
    /// started), else made by the first [`get`](Self::get), on the thread that asks.
    pub(crate) fn start(part: &str, bytes: Vec<u8>, max_depth: usize, beside: bool) -> Self {
        let bytes = Arc::new(bytes);
        let thread = beside.then(|| {
            let job = (part.to_string(), Arc::clone(&bytes));
            std::thread::Builder::new()
                .name("fedramp-ssp-numbering".to_string())
                .spawn(move || Numbering::read_unlinked(&job.0, job.1, max_depth))
                .ok()
        });
        OnDemand {
            pending: Mutex::new(Some(Pending {
                part: part.to_string(),
                bytes,
                max_depth,
                thread: thread.flatten(),
            })),
            ..OnDemand::default()
        }
    }

    /// The numbering, its `w:numStyleLink`s followed through `styles`; waits for the read
    /// when it is still running.
    ///
    /// # Errors
    ///
    /// The error of reading the part (every time it is asked for, once it has failed).
    pub(crate) fn get(&self, styles: &Styles) -> Result<&Numbering> {
        if let Some(numbering) = self.ready.get() {
            return Ok(numbering);
        }
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(read) = pending.as_mut() else {
            return Ok(self.ready.get_or_init(Numbering::default));
        };
        let mut numbering = read.outcome()?;
        numbering.link(styles);
        *pending = None;
        Ok(self.ready.get_or_init(|| numbering))
    }

    /// The numbering, or none when reading it failed (the failure is reported by
    /// [`get`](Self::get)).
    pub(crate) fn get_or_empty(&self, styles: &Styles) -> &Numbering {
        self.get(styles).unwrap_or(&self.empty)
    }

    /// `error`, unless reading the numbering (which comes first) failed: then that failure.
    pub(crate) fn first_error(&self, styles: &Styles, error: crate::Error) -> crate::Error {
        match self.get(styles) {
            Ok(_) => error,
            Err(own) => own,
        }
    }
}

impl Drop for Pending {
    /// Waits for a read still running, so that no thread outlives the document.
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::numbering::tests::{LEVELS, part, shown, styles};
    use crate::error::{Error, ErrorKind};

    /// List 1 is linked through the numbering style `NS` (list 2) to definition 1.
    fn linked() -> Vec<u8> {
        part(&format!(
            r#"<w:abstractNum w:abstractNumId="1">{LEVELS}</w:abstractNum><w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="NS"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#
        ))
    }

    #[test]
    fn read_beside_it_is_what_is_read_now() {
        let styles = styles();
        let now = Numbering::parse_with("numbering.xml", linked(), &styles, 64)
            .unwrap_or_else(|e| panic!("{e}"));
        let beside = OnDemand::start("numbering.xml", linked(), 64, true);
        for _ in 0..2 {
            let got = beside.get(&styles).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(shown(got), shown(&now));
        }
        assert!(beside.get_or_empty(&styles).has_num(1));
        let later = Error::TooManyHeadings { limit: 1 };
        assert_eq!(
            beside.first_error(&styles, later).kind(),
            ErrorKind::TooManyHeadings
        );
    }

    #[test]
    fn a_failed_read_fails_each_time_it_is_asked_for() {
        let bad = part(r#"<w:abstractNum w:abstractNumId="1"></w:num>"#);
        let styles = styles();
        let now = Numbering::parse_with("numbering.xml", bad.clone(), &styles, 64)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        let beside = OnDemand::start("numbering.xml", bad, 64, true);
        for _ in 0..2 {
            let e = beside.get(&styles).map(|_| ()).unwrap_err();
            assert_eq!(e.to_string(), now);
        }
        let later = Error::TooManyHeadings { limit: 1 };
        assert_eq!(beside.first_error(&styles, later).to_string(), now);
        assert!(!beside.get_or_empty(&styles).has_num(1));
    }

    #[test]
    fn a_read_dropped_unasked_ends_its_thread() {
        // Dropping waits for the thread; nothing is left running or reported.
        drop(OnDemand::start("numbering.xml", linked(), 64, true));
        let none = OnDemand::default();
        assert!(!none.get(&styles()).is_ok_and(|n| n.has_num(1)));
    }
}
