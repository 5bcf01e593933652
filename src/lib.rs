//! Read FedRAMP System Security Plans (.docx) and say which cloud services are inside the audited
//! boundary — and so, for Microsoft's services, in Japan's ISMAP scope.
//!
//! The whole job, on two releases of an Azure SSP: their scopes, the ISMAP scope, a lookup as a
//! person types it, and what changed.
//!
//! ```
//! use fedramp_ssp::{CheckStatus, DocumentScope, IsmapScope, Renames};
//!
//! let old = DocumentScope::read("fixtures/msdocs/azure-2023-06.docx")?;
//! let new = DocumentScope::read("fixtures/msdocs/azure-2025-01.docx")?;
//!
//! // The ISMAP scope is the FedRAMP scope; a person asks with an old name.
//! let ismap = IsmapScope::from_scopes([&new]);
//! let answer = ismap.lookup("Azure Active Directory");
//! assert_eq!(answer.status(), CheckStatus::Renamed);
//! assert_eq!(answer.best().unwrap().service.name, "Microsoft Entra ID (Free)");
//!
//! // What the newer release added, removed and renamed.
//! let diff = old.diff(&new, Renames::builtin());
//! assert!(diff.added.iter().any(|s| s.name == "Microsoft Fabric"));
//! assert!(diff.renamed.iter().any(|r| r.to.name == "Azure Local"));
//! # Ok::<(), fedramp_ssp::Error>(())
//! ```
//!
//! # The pipeline
//!
//! Data flows one way through these stages (private modules; what a caller needs is re-exported
//! here):
//!
//! 1. **Package** — the zip is opened once; the main part is found through `_rels/.rels`
//!    (transitional or Strict), every part read through counted, limited inflating
//!    ([`Limits`]).
//! 2. **Styles and numbering** — loaded up front; they compute the list labels Word displays.
//! 3. **Body** — `word/document.xml` streamed as [`Blocks`], a pull iterator of paragraphs and
//!    tables with the text a reader sees (changes accepted, field codes and hidden text out).
//! 4. **Outline** — headings numbered as Word shows them ([`Document::outline`]), and the
//!    blocks of a [`Section`].
//! 5. **Extraction** — the sections a [`Profile`] names (9.2.1/9.2.2, 9.5), found by number or
//!    title, and the service names in their tables, lists or sub-headings.
//! 6. **Names** — each name cleaned and annotated ([`ServiceName`]); renames, alternative names,
//!    retirements and abbreviations ([`Renames`]).
//! 7. **Scope** — the typed set of services ([`ScopeSet`]), the scope of an SSP
//!    ([`DocumentScope`], [`read_scope`]), the [`IsmapScope`]; lookups ([`Lookup`]), release
//!    diffs ([`ScopeDiff`]) and list checks ([`check_list`]).
//! 8. **Reports** — the JSON documents and sentences of the example program
//!    ([`ScopeReport`], [`LookupReport`], ...).
//!
//! Errors are one [`Error`] type with [`Error::kind`]; what reading may cost is bounded by
//! [`Limits`], set through [`DocumentBuilder`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Bad input gets an error, never a panic: no unwrap, expect, panic or unchecked indexing.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::missing_errors_doc
    )
)]

mod docx;
mod error;
mod lang;
mod report;
mod scope;
mod text;

pub use docx::body::{Block, Blocks, Cell, Paragraph, Row, Table};
pub use docx::document::{CoreProperties, Document, DocumentBuilder};
pub use docx::limits::Limits;
pub use docx::numbering::{LabelKind, ListLabel};
pub use docx::outline::{Heading, NumberSource, Outline, Section};
pub use error::{
    Error, ErrorKind, ListLimit, ListProblem, NotWordReason, Result, SectionContents, Unclosed,
    Utf8Problem, XmlProblem,
};
pub use lang::Lang;
pub use report::{
    CheckReport, CheckRow, DiffReport, DocumentReport, IncludedReport, LookupReport, MovedReport,
    OutlineHeading, OutlineReport, RenamedReport, Rows, ScopeReport, UsageError, spreadsheet_safe,
    terminal_safe, write_report,
};
pub use scope::check::{
    CheckEntry, CheckMatch, CheckStatus, CheckSummary, Remark, check_list, summarize,
};
pub use scope::diff::{IncludedService, MovedService, RenameSource, RenamedService, ScopeDiff};
pub use scope::list::{ListReader, Listed, parse_csv_list, parse_list, read_list};
pub use scope::locate::{FoundBy, ProfileChoice};
pub use scope::lookup::{Index, IsmapIndex, Lookup, Match, MatchKind, ReadAs, Step};
pub use scope::names::ServiceName;
pub use scope::notice::Notice;
pub use scope::profile::{Offering, Profile, SectionSpec, SspKind};
pub use scope::read::{DocumentScope, FoundSection, IsmapScope, read_scope};
pub use scope::renames::{RenameEntry, RenameKind, Renames, Resolution};
pub use scope::set::{ScopeSet, Service, Source};

/// The README's Rust examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
