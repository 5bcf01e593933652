//! Read FedRAMP System Security Plans (.docx) and say which cloud services are in scope.
//!
//! The crate is a pipeline, one module per stage, data flowing one way:
//!
//! | stage | module | what it does |
//! | --- | --- | --- |
//! | package | [`package`] | opens the zip once, finds the parts through relationships |
//! | styles and numbering | [`styles`], [`numbering`] | loaded up front; compute Word's list labels |
//! | body blocks | [`blocks`] | streams the main part into paragraphs and tables |
//! | outline and sections | [`outline`] | headings numbered as Word shows them; section contents |
//! | extraction | [`profile`], [`extract`] | finds the scope sections; takes names from tables, lists, sub-headings |
//! | names | [`names`], [`renames`] | cleans names, computes the keys they are compared by; knows renames |
//! | scope | [`scope`], [`diff`], [`check`] | typed service sets, the ISMAP scope, lookups; release diffs; list checks |
//!
//! Around them: [`document`] (the entry point, [`Document`] and [`DocumentBuilder`]), [`limits`]
//! (what reading may cost: zip bombs, deep nesting, huge parts) and [`error`] (the one error
//! type, with [`Error::kind`] and the part and byte offset where reading failed).
//!
//! [`Document`] ties the stages together:
//!
//! ```
//! use fedramp_ssp::Document;
//!
//! let mut doc = Document::open("fixtures/fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx")?;
//! for heading in doc.outline()?.iter().filter(|h| h.level <= 2).take(3) {
//!     println!("{} {}", heading.label.as_deref().unwrap_or(""), heading.title);
//! }
//! let section = doc.section("9.2")?.expect("the template has 9.2");
//! assert_eq!(section.heading.title, "Information System Components and Boundaries");
//! # Ok::<(), fedramp_ssp::Error>(())
//! ```
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
        clippy::unimplemented
    )
)]

pub mod blocks;
pub mod check;
pub mod diff;
pub mod document;
pub mod error;
pub mod extract;
pub mod limits;
pub mod lookup;
pub mod names;
pub mod numbering;
pub mod outline;
pub mod package;
pub mod profile;
pub mod renames;
pub mod report;
pub mod scope;
pub mod styles;
mod text;
mod xml;

pub use blocks::{Block, Blocks, Cell, Paragraph, Row, Table};
pub use check::{
    CheckEntry, CheckMatch, CheckStatus, CheckSummary, Listed, check_list, parse_list, summarize,
};
pub use diff::{MovedService, RenameSource, RenamedService, ScopeDiff};
pub use document::{Document, DocumentBuilder, Properties};
pub use error::{Error, ErrorKind, Result};
pub use extract::{
    Extracted, Layout, LocatedSection, MatchedBy, ProfileChoice, Standing, extract_services, locate,
};
pub use limits::{Limits, PartReader};
pub use lookup::{Index, IsmapIndex, Lookup, Match, MatchKind, Step};
pub use names::ServiceName;
pub use numbering::{LabelKind, ListCounters, ListLabel, NumFormat, Numbering};
pub use outline::{Heading, NumberSource, Outline, Section};
pub use package::{Package, PartNames};
pub use profile::{Profile, SectionSpec, SspKind, detect_kind};
pub use renames::{RenameEntry, RenameKind, Renamed, Renames};
pub use scope::{
    DocumentScope, FoundSection, IsmapScope, Offering, ScopeSet, Service, Source, read_scope,
};
pub use styles::{ResolvedStyle, Style, StyleKind, Styles};

/// The README's Rust examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
