//! From sections to scope: where an SSP lists its services (profiles), the names in those
//! sections (extraction), the names cleaned and compared (names, renames), the typed set of
//! services and the scope of an SSP (set, read), and what is asked of it (lookups, diffs, list
//! checks).

pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod extract;
pub(crate) mod list;
pub(crate) mod locate;
pub(crate) mod lookup;
pub(crate) mod names;
pub(crate) mod notice;
pub(crate) mod profile;
pub(crate) mod read;
pub(crate) mod renames;
pub(crate) mod set;
