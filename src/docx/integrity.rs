//! Checking the main part's integrity on a second thread.
//!
//! A reader that stops early (a scope read, once its sections have ended) answers only from
//! bytes whose integrity was checked, which means inflating the rest of the part to reach the
//! entry's CRC: on the bundled samples, where the sections end a tenth of the way in, as much
//! work as parsing up to them. When the document was opened from a path and the machine has a
//! core to spare, a [`RestCheck`] inflates the whole part from a second handle on the file while
//! the body is parsed, with the same limits and the same errors, so that stopping costs only
//! waiting for it.
//!
//! The second handle reads the same bytes only if the file did not change between the two
//! opens: the check compares the entry (its CRC, sizes and place in the archive) with the one
//! being parsed, and when they differ, or the file cannot be opened again, it reports
//! [`Outcome::Unavailable`] and the caller inflates the rest itself, as without a second thread.
//!
//! The thread takes one job to run before it inflates ([`RestCheck::run_first`]), given its
//! own archive: the reader hands it the numbering, to inflate and parse, which would otherwise
//! take the reader's time or a third thread. Measured alternated in one process (BENCHMARKS.md,
//! rounds 10 and 11), a third thread beside the two made a scope read slower (on two cores it
//! takes turns with the reader), and the numbering inflated by the check rather than the reader
//! made it faster.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use crate::docx::limits::{self, Limits};
use crate::docx::package::{EntryId, Package};
use crate::error::Result;

/// What a check found.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The whole part inflated within the limits and its CRC matched.
    Checked,
    /// The part is damaged or passed a limit: the error reading it to its end gives.
    Failed(crate::error::Error),
    /// The check could not be made on the same bytes; the caller must read the rest itself.
    Unavailable,
}

impl Outcome {
    /// The outcome as the reader's answer: `Ok(true)` checked, `Ok(false)` the reader must
    /// inflate the rest itself.
    pub(crate) fn checked(self) -> Result<bool> {
        match self {
            Outcome::Checked => Ok(true),
            Outcome::Failed(e) => Err(e),
            Outcome::Unavailable => Ok(false),
        }
    }
}

/// The check's own handle on the package: its archive's directory, read from a second handle
/// on the file (`None` to a job when it could not be opened).
pub(crate) type CheckArchive = Package<BufReader<File>>;

/// Work handed to the check's thread to do before it inflates (see [`RestCheck::run_first`]),
/// given the check's own archive to read from.
pub(crate) type FirstJob = Box<dyn FnOnce(Option<&mut CheckArchive>) + Send>;

/// A check of one part running on its own thread. Dropping it stops the thread (within one
/// read step, once the job handed to it has run) and waits for it, so no thread outlives the
/// document it checks.
#[derive(Debug)]
pub(crate) struct RestCheck {
    stop: Arc<AtomicBool>,
    /// Open until [`close_first`](Self::close_first): the thread, once its archive is open,
    /// waits for one job to run before it inflates, or for this to close.
    first: Option<Sender<FirstJob>>,
    thread: Option<JoinHandle<Outcome>>,
}

impl RestCheck {
    /// Starts checking `part` of the file at `path`, which must be the entry `expected`; `None`
    /// when no thread can be started.
    pub(crate) fn start(
        path: &Path,
        part: &str,
        expected: EntryId,
        limits: Limits,
    ) -> Option<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let (first, first_job) = std::sync::mpsc::channel();
        let job = Job {
            path: path.to_path_buf(),
            part: part.to_string(),
            expected,
            limits,
            stop: Arc::clone(&stop),
            first: first_job,
        };
        let thread = std::thread::Builder::new()
            .name("fedramp-ssp-crc".to_string())
            .spawn(move || job.run())
            .ok()?;
        Some(RestCheck {
            stop,
            first: Some(first),
            thread: Some(thread),
        })
    }

    /// Hands `job` to the check's thread, to run before it inflates (once its own archive is
    /// open): work that another thread would otherwise do beside the reader, on a machine
    /// whose spare core the check already takes. Gives the job back when the thread takes no
    /// more (it has been handed one already, or was closed, or has ended).
    pub(crate) fn run_first(&mut self, job: FirstJob) -> std::result::Result<(), FirstJob> {
        let Some(first) = self.first.take() else {
            return Err(job);
        };
        first.send(job).map_err(|e| e.0)
    }

    /// Lets the check's thread inflate without waiting for a job to run first.
    pub(crate) fn close_first(&mut self) {
        self.first = None;
    }

    /// Waits for the check's outcome.
    pub(crate) fn wait(mut self) -> Outcome {
        self.close_first();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(outcome)) => outcome,
            // The job does not panic by design; if it did, the caller still checks the rest.
            Some(Err(_)) | None => Outcome::Unavailable,
        }
    }
}

impl Drop for RestCheck {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.close_first();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The work of the second thread.
struct Job {
    path: PathBuf,
    part: String,
    expected: EntryId,
    limits: Limits,
    stop: Arc<AtomicBool>,
    first: Receiver<FirstJob>,
}

impl Job {
    fn run(self) -> Outcome {
        // The archive is opened while the reader prepares the job it hands over (if any), and
        // the job runs whatever the check finds: its result is awaited.
        let mut package = File::open(&self.path)
            .ok()
            .and_then(|file| Package::archive(BufReader::new(file), self.limits).ok());
        if let Ok(job) = self.first.recv() {
            job(package.as_mut());
        }
        let Some(mut package) = package else {
            return Outcome::Unavailable;
        };
        if package.entry_id(&self.part).ok() != Some(self.expected) {
            return Outcome::Unavailable;
        }
        let Ok(reader) = package.open_part(&self.part) else {
            return Outcome::Unavailable;
        };
        let mut reader = BufReader::with_capacity(limits::LONG_STEP, reader);
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Outcome::Unavailable;
            }
            let n = match reader.fill_buf() {
                Ok(bytes) => bytes.len(),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Outcome::Failed(limits::part_io_error(&self.part, &e)),
            };
            if n == 0 {
                return Outcome::Checked;
            }
            reader.consume(n);
        }
    }
}

/// Whether a second thread would run beside this one rather than take turns with it. Asked
/// of the system once per process (it reads the scheduler's and the cgroup's settings).
pub(crate) fn core_to_spare() -> bool {
    static SPARE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SPARE.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() > 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const MAIN: &str = "word/document.xml";

    fn sample() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/office365-ssp.docx")
    }

    fn entry(part: &str) -> EntryId {
        let file = File::open(sample()).unwrap();
        let mut package = Package::with_limits(BufReader::new(file), Limits::default()).unwrap();
        package.entry_id(part).unwrap()
    }

    fn check(path: &Path, expected: EntryId, limits: Limits) -> Outcome {
        RestCheck::start(path, MAIN, expected, limits)
            .unwrap()
            .wait()
    }

    #[test]
    fn the_part_it_was_given_is_checked() {
        let outcome = check(&sample(), entry(MAIN), Limits::default());
        assert!(matches!(outcome, Outcome::Checked), "{outcome:?}");
    }

    #[test]
    fn another_entry_or_no_file_is_unavailable() {
        let styles = entry("word/styles.xml");
        let outcome = check(&sample(), styles, Limits::default());
        assert!(matches!(outcome, Outcome::Unavailable), "{outcome:?}");
        let missing = sample().with_file_name("no-such-file.docx");
        let outcome = check(&missing, entry(MAIN), Limits::default());
        assert!(matches!(outcome, Outcome::Unavailable), "{outcome:?}");
    }

    #[test]
    fn a_limit_passed_is_the_error_reading_would_give() {
        let limits = Limits {
            max_part_size: 1 << 20,
            ..Limits::default()
        };
        match check(&sample(), entry(MAIN), limits) {
            Outcome::Failed(e) => assert_eq!(e.kind(), ErrorKind::PartTooLarge, "{e}"),
            other => panic!("{other:?}"),
        }
    }

    /// The part read to its end, as a reader without the check does.
    fn read_through(limits: Limits) -> Option<ErrorKind> {
        let file = File::open(sample()).unwrap();
        let mut package = Package::with_limits(BufReader::new(file), limits).unwrap();
        let mut reader = package.open_part(MAIN).unwrap();
        let mut buf = vec![0u8; 64 << 10];
        loop {
            match std::io::Read::read(&mut reader, &mut buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(limits::part_io_error(MAIN, &e).kind()),
            }
        }
    }

    #[test]
    fn the_check_stops_at_a_ratio_limit_where_reading_does() {
        // Ratio limits around the part's own ratio, from the first bytes on: some pass, some
        // stop it part of the way in, where its running ratio goes over.
        let id = entry(MAIN);
        let mut zip = zip::ZipArchive::new(File::open(sample()).unwrap()).unwrap();
        let part = zip.by_name(MAIN).unwrap();
        let ratio = part.size() / part.compressed_size();
        for max_compression_ratio in ratio.saturating_sub(3)..=ratio + 3 {
            let limits = Limits {
                max_compression_ratio,
                ratio_grace: 0,
                ..Limits::default()
            };
            let checked = match check(&sample(), id, limits) {
                Outcome::Checked => None,
                Outcome::Failed(e) => Some(e.kind()),
                Outcome::Unavailable => panic!("unavailable"),
            };
            assert_eq!(
                checked,
                read_through(limits),
                "ratio limit {max_compression_ratio}"
            );
        }
        let below = Limits {
            max_compression_ratio: ratio.saturating_sub(3),
            ratio_grace: 0,
            ..Limits::default()
        };
        assert_eq!(read_through(below), Some(ErrorKind::CompressionRatio));
    }

    /// A job that says, when it runs, on which thread.
    fn job() -> (FirstJob, std::sync::mpsc::Receiver<Option<String>>) {
        let (ran, on) = std::sync::mpsc::channel();
        let job: FirstJob = Box::new(move |_| {
            let _ = ran.send(std::thread::current().name().map(str::to_string));
        });
        (job, on)
    }

    #[test]
    fn one_job_handed_over_runs_on_the_check_thread_and_the_check_goes_on() {
        let mut check = RestCheck::start(&sample(), MAIN, entry(MAIN), Limits::default()).unwrap();
        let (first, ran) = job();
        assert!(check.run_first(first).is_ok());
        let (second, _) = job();
        assert!(check.run_first(second).is_err(), "one job only");
        let outcome = check.wait();
        assert!(matches!(outcome, Outcome::Checked), "{outcome:?}");
        let on = ran.try_recv().unwrap();
        assert_eq!(on.as_deref(), Some("fedramp-ssp-crc"));
    }

    #[test]
    fn a_job_runs_even_where_the_check_cannot_be_made() {
        let missing = sample().with_file_name("no-such-file.docx");
        let mut check = RestCheck::start(&missing, MAIN, entry(MAIN), Limits::default()).unwrap();
        let (first, ran) = job();
        assert!(check.run_first(first).is_ok());
        assert!(matches!(check.wait(), Outcome::Unavailable));
        assert!(ran.try_recv().is_ok());
    }

    #[test]
    fn closed_or_dropped_the_check_takes_no_job_and_never_waits_for_one() {
        let mut check = RestCheck::start(&sample(), MAIN, entry(MAIN), Limits::default()).unwrap();
        check.close_first();
        let (first, _) = job();
        assert!(check.run_first(first).is_err());
        assert!(matches!(check.wait(), Outcome::Checked));
        // Waited for, or dropped, without a job or a close: the thread does not wait for one.
        let check = RestCheck::start(&sample(), MAIN, entry(MAIN), Limits::default()).unwrap();
        assert!(matches!(check.wait(), Outcome::Checked));
        drop(RestCheck::start(
            &sample(),
            MAIN,
            entry(MAIN),
            Limits::default(),
        ));
    }

    #[test]
    fn dropping_a_check_stops_its_thread() {
        let started = RestCheck::start(&sample(), MAIN, entry(MAIN), Limits::default());
        assert!(started.is_some());
        drop(started);
    }
}
