//! Reading Word: the package (zip and relationships), styles and numbering, the body streamed
//! as blocks, the outline numbered as Word shows it, and the [`Document`](document::Document)
//! that ties them together.

pub(crate) mod body;
pub(crate) mod document;
pub(crate) mod integrity;
pub(crate) mod limits;
pub(crate) mod numbering;
pub(crate) mod outline;
pub(crate) mod package;
pub(crate) mod styles;
pub(crate) mod xml;
