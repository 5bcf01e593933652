//! `numbering.xml` read on another thread while the styles and the body are read.
//!
//! On the bundled samples `numbering.xml` is half a megabyte, half as much as the body a scope
//! reads up to its sections, and the body's first numbered paragraph comes a good way in. A
//! document opened from its path with a core to spare therefore reads its numbering on a
//! second thread while its styles are read: for a scope read, the thread that checks the main
//! part's integrity, before it inflates (see [`RestCheck::run_first`]), so that no third
//! thread takes turns with the two on a two-core machine, and from that thread's own archive,
//! so that the reading thread does not inflate it either ([`OnDemand::hand_over`]); otherwise
//! a thread of its own.
//! [`DocumentBuilder::open`](crate::DocumentBuilder::open) waits for it before returning; a
//! scope read, which opens the document itself, waits only where a paragraph first needs a
//! list, or where the reading ends. The answers and the errors are those of reading it first:
//! a damaged `numbering.xml` is reported in place of any later error, and once it has failed
//! every later ask fails the same way (the part is read again, on the asking thread).

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

#[cfg(doc)]
use crate::docx::integrity::RestCheck;
use crate::docx::integrity::{CheckArchive, FirstJob};
use crate::docx::package::EntryId;

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
    beside: Beside,
}

/// Where a read not made yet is being made.
#[derive(Debug)]
enum Beside {
    /// Nowhere: by the first thread that asks.
    Nowhere,
    /// On a thread of its own.
    Thread(JoinHandle<Result<Numbering>>),
    /// By a job handed to another thread (the integrity check's), which sends its outcome.
    Job(Receiver<Result<Numbering>>),
}

impl Pending {
    /// The read's outcome: the other thread's, or (with none, or one that did not end
    /// normally, which the parser does not do by design) this one's.
    fn outcome(&mut self) -> Result<Numbering> {
        let made = match std::mem::replace(&mut self.beside, Beside::Nowhere) {
            Beside::Nowhere => None,
            Beside::Thread(thread) => thread.join().ok(),
            Beside::Job(outcome) => outcome.recv().ok(),
        };
        made.unwrap_or_else(|| {
            Numbering::read_unlinked(&self.part, Arc::clone(&self.bytes), self.max_depth)
        })
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
        let beside = thread.flatten().map_or(Beside::Nowhere, Beside::Thread);
        OnDemand::pending(part, bytes, max_depth, beside)
    }

    /// A read of `part` handed to the integrity check's thread (through `hand_over`), which
    /// inflates the part from its own archive, when that holds the same entry (`expected`),
    /// and parses it: the reading thread does neither. `None` when that thread takes no job.
    /// [`HandedOver::taken`] tells whether it read the part.
    pub(crate) fn hand_over(
        part: &str,
        expected: EntryId,
        max_depth: usize,
        hand_over: impl FnOnce(FirstJob) -> std::result::Result<(), FirstJob>,
    ) -> Option<HandedOver> {
        let (sender, read) = std::sync::mpsc::channel();
        let (told, outcome) = std::sync::mpsc::channel();
        let name = part.to_string();
        let job: FirstJob = Box::new(move |archive: Option<&mut CheckArchive>| {
            let same = |a: &mut CheckArchive| a.entry_id(&name).ok() == Some(expected);
            let bytes = archive
                .and_then(|a| same(a).then(|| a.read_part(&name).ok()).flatten())
                .map(Arc::new);
            // The receivers may be gone (the document dropped unread): nothing to tell.
            if sender.send(bytes.clone()).is_ok()
                && let Some(bytes) = bytes
            {
                let _ = told.send(Numbering::read_unlinked(&name, bytes, max_depth));
            }
        });
        hand_over(job).ok()?;
        Some(HandedOver {
            part: part.to_string(),
            max_depth,
            read,
            outcome,
        })
    }

    fn pending(part: &str, bytes: Arc<Vec<u8>>, max_depth: usize, beside: Beside) -> Self {
        OnDemand {
            pending: Mutex::new(Some(Pending {
                part: part.to_string(),
                bytes,
                max_depth,
                beside,
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

    /// Whether the read was handed to another thread's job and not asked for yet.
    #[cfg(test)]
    pub(crate) fn handed_over(&self) -> bool {
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending
            .as_ref()
            .is_some_and(|p| matches!(p.beside, Beside::Job(_)))
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

/// A read of the numbering handed to the integrity check's thread
/// ([`OnDemand::hand_over`]).
#[derive(Debug)]
pub(crate) struct HandedOver {
    part: String,
    max_depth: usize,
    /// The part's bytes once the thread has read them, or `None` when it could not (its
    /// archive is not the same, or reading failed).
    read: Receiver<Option<Arc<Vec<u8>>>>,
    outcome: Receiver<Result<Numbering>>,
}

impl HandedOver {
    /// Waits until the thread has inflated the part: the numbering, being parsed there, or
    /// `None` when the caller is to read the part itself (then it finds the same error, if
    /// reading it failed).
    pub(crate) fn taken(self) -> Option<OnDemand> {
        let bytes = self.read.recv().ok().flatten()?;
        let beside = Beside::Job(self.outcome);
        Some(OnDemand::pending(&self.part, bytes, self.max_depth, beside))
    }
}

impl Drop for Pending {
    /// Waits for a read still running on a thread of its own, so that no thread outlives the
    /// document (a job handed over ends with the thread it was handed to).
    fn drop(&mut self) {
        if let Beside::Thread(thread) = std::mem::replace(&mut self.beside, Beside::Nowhere) {
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

    /// An archive on disk holding `numbering` as `word/numbering.xml` (and another entry), as
    /// the integrity check's thread opens it; removed when dropped.
    struct Archive(std::path::PathBuf);

    impl Archive {
        fn new(name: &str, numbering: &[u8]) -> Archive {
            use std::io::Write;
            let path = std::env::temp_dir().join(format!(
                "fedramp-ssp-on-demand-{}-{name}.zip",
                std::process::id()
            ));
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for (entry, bytes) in [
                ("word/numbering.xml", numbering),
                ("word/other.xml", b"<a/>"),
            ] {
                zip.start_file(entry, zip::write::SimpleFileOptions::default())
                    .and_then(|()| Ok(zip.write_all(bytes)?))
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            let bytes = zip.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
            std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
            Archive(path)
        }

        fn open(&self) -> CheckArchive {
            let file = std::fs::File::open(&self.0).unwrap_or_else(|e| panic!("{e}"));
            let limits = crate::docx::limits::Limits::default();
            CheckArchive::archive(std::io::BufReader::new(file), limits)
                .unwrap_or_else(|e| panic!("{e}"))
        }

        fn entry(&self, name: &str) -> EntryId {
            self.open().entry_id(name).unwrap_or_else(|e| panic!("{e}"))
        }
    }

    impl Drop for Archive {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    const PART: &str = "word/numbering.xml";

    /// The read handed over with `expected`, run on a thread given `archive` (or none).
    fn handed(archive: Option<&Archive>, expected: EntryId) -> Option<OnDemand> {
        let mut own = archive.map(Archive::open);
        let mut thread = None;
        let handed = OnDemand::hand_over(PART, expected, 64, |job| {
            thread = Some(std::thread::spawn(move || job(own.as_mut())));
            Ok(())
        })?;
        let taken = handed.taken();
        assert!(thread.is_some_and(|t| t.join().is_ok()));
        taken
    }

    #[test]
    fn a_read_handed_over_is_made_from_the_archive_of_the_thread_it_runs_on() {
        let styles = styles();
        let now =
            Numbering::parse_with(PART, linked(), &styles, 64).unwrap_or_else(|e| panic!("{e}"));
        let archive = Archive::new("linked", &linked());
        let read = handed(Some(&archive), archive.entry(PART)).expect("taken");
        assert!(read.handed_over());
        let got = read.get(&styles).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shown(got), shown(&now));
    }

    #[test]
    fn a_read_the_thread_cannot_make_is_left_to_the_caller() {
        let archive = Archive::new("left", &linked());
        let expected = archive.entry(PART);
        // No archive of its own; an archive whose entry is another (the file changed); the job
        // refused; the job taken but dropped unrun.
        assert!(handed(None, expected).is_none());
        assert!(handed(Some(&archive), archive.entry("word/other.xml")).is_none());
        assert!(OnDemand::hand_over(PART, expected, 64, Err).is_none());
        let dropped = OnDemand::hand_over(PART, expected, 64, |job| {
            drop(job);
            Ok(())
        });
        assert!(dropped.and_then(HandedOver::taken).is_none());
    }

    #[test]
    fn a_failed_read_handed_over_fails_as_read_now_each_time() {
        let bad = part(r#"<w:abstractNum w:abstractNumId="1"></w:num>"#);
        let now = Numbering::parse_with(PART, bad.clone(), &styles(), 64)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        let archive = Archive::new("bad", &bad);
        let read = handed(Some(&archive), archive.entry(PART)).expect("taken");
        for _ in 0..2 {
            let e = read.get(&styles()).map(|_| ()).unwrap_err();
            assert_eq!(e.to_string(), now);
        }
    }

    #[test]
    fn a_read_dropped_unasked_ends_its_thread() {
        // Dropping waits for the thread; nothing is left running or reported.
        drop(OnDemand::start("numbering.xml", linked(), 64, true));
        let none = OnDemand::default();
        assert!(!none.get(&styles()).is_ok_and(|n| n.has_num(1)));
    }
}
