//! Stage 1, the package: a .docx is a zip of XML parts tied together by relationships.
//!
//! [`Package`] opens the archive once, recognizes the common wrong inputs (PDF, legacy .doc,
//! encrypted files, empty files), finds the main document part through `_rels/.rels` (the
//! `officeDocument` relationship, transitional or Strict) rather than assuming
//! `word/document.xml`, checks that the main part's root element is a WordprocessingML
//! `document` (an .xlsx or .pptx has an `officeDocument` relationship too), and finds the styles
//! and numbering parts through the main part's own relationships. .docx, .docm, .dotx and .dotm
//! all have this shape.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::docx::limits::{self, Counted, Limits, PartReader, ZipEnd};
use crate::docx::xml::lookahead::Lookahead;
use crate::docx::xml::{self, Ns};
use crate::error::{ArchiveError, Error, NotWordReason, Result};

/// The parts of a Word package this crate reads.
#[derive(Debug, Clone, Default)]
pub struct PartNames {
    /// The main document part, e.g. `word/document.xml`.
    pub main: String,
    /// The style definitions part, when the document has one.
    pub styles: Option<String>,
    /// The numbering definitions part, when the document has one.
    pub numbering: Option<String>,
    /// The core properties part (`docProps/core.xml`), when present.
    pub core_properties: Option<String>,
}

/// What identifies a zip entry's bytes: its CRC, its sizes and where its header starts. Two
/// handles on a file that did not change in between see the same identity for the same entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EntryId {
    crc32: u32,
    compressed_size: u64,
    size: u64,
    header_start: u64,
}

/// An opened Word package: the zip archive plus where its parts are.
pub struct Package<R> {
    archive: ZipArchive<Counted<R>>,
    /// Compressed bytes read from the input so far (shared with the [`Counted`] reader).
    compressed: Arc<AtomicU64>,
    limits: Limits,
    /// Lower-cased part name to entry index (OPC part names are case-insensitive).
    index: HashMap<String, usize>,
    parts: PartNames,
}

impl<R> std::fmt::Debug for Package<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("parts", &self.parts)
            .finish_non_exhaustive()
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Recognizes inputs that are not zip archives at all, from their first bytes, and returns them.
fn sniff<R: Read + Seek>(reader: &mut R, limits: &Limits) -> Result<[u8; 8]> {
    let io = |source| Error::Io {
        path: "<input>".to_string(),
        source,
    };
    let mut head = [0u8; 8];
    let mut filled = 0;
    while let Some(rest) = head.get_mut(filled..).filter(|r| !r.is_empty()) {
        let n = match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        };
        filled += n;
    }
    let first = head;
    let head = head.get(..filled).unwrap_or_default();
    if head.is_empty() {
        return Err(Error::Empty);
    }
    if head.starts_with(b"%PDF") {
        return Err(Error::Pdf);
    }
    if head == OLE_MAGIC {
        // An OLE compound file: either a legacy .doc or an encrypted OOXML package, which Office
        // stores as a compound file with `EncryptionInfo` and `EncryptedPackage` streams.
        // Read no more of it than a part may inflate to.
        let mut rest = Vec::new();
        reader
            .take(limits.max_part_size)
            .read_to_end(&mut rest)
            .map_err(io)?;
        let needle: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if rest.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Err(Error::Encrypted);
        }
        return Err(Error::LegacyOffice);
    }
    reader.rewind().map_err(io)?;
    Ok(first)
}

/// Lower-cased part name to entry index; two entries for one part are an error.
fn part_index<R: Read + Seek>(archive: &ZipArchive<R>) -> Result<HashMap<String, usize>> {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(archive.len());
    for (i, name) in archive.file_names().enumerate() {
        let Ok(name) = name else { continue };
        let part = name.trim_start_matches('/').to_ascii_lowercase();
        if let Some(&first) = index.get(&part) {
            let first = archive
                .name_for_index(first)
                .and_then(|n| n.ok())
                .map(|n| n.into_owned())
                .unwrap_or_default();
            return Err(Error::DuplicatePart {
                part,
                first,
                second: name.into_owned(),
            });
        }
        index.insert(part, i);
    }
    Ok(index)
}

impl<R: Read + Seek> Package<R> {
    /// Opens a package from any seekable reader, with the default [`Limits`].
    pub fn from_reader(reader: R) -> Result<Self> {
        Package::with_limits(reader, Limits::default())
    }

    /// Opens a package from any seekable reader, with these limits.
    pub fn with_limits(reader: R, limits: Limits) -> Result<Self> {
        let mut package = Package::archive(reader, limits)?;
        package.parts = package.locate_parts()?;
        Ok(package)
    }

    /// The archive alone, its directory read within the limits, without looking for the
    /// parts of interest: for reading a part already found through another handle.
    pub(crate) fn archive(mut reader: R, limits: Limits) -> Result<Self> {
        let head = sniff(&mut reader, &limits)?;
        let end = limits::zip_end(&mut reader).map_err(|source| Error::Io {
            path: "<input>".to_string(),
            source,
        })?;
        match end {
            // Starts like a zip (a local file header) but has no end record: cut short.
            ZipEnd::Missing if head.starts_with(b"PK\x03\x04") => return Err(Error::Truncated),
            ZipEnd::Found {
                entries: Some(entries),
            } if entries > limits.max_entries as u64 => {
                return Err(Error::TooManyEntries {
                    entries,
                    limit: limits.max_entries,
                });
            }
            _ => {}
        }
        let reader = Counted::new(reader);
        let compressed = reader.counter();
        let archive = ZipArchive::new(reader).map_err(|e| zip_error(None, &e))?;
        if archive.len() > limits.max_entries {
            return Err(Error::TooManyEntries {
                entries: archive.len() as u64,
                limit: limits.max_entries,
            });
        }
        let index = part_index(&archive)?;
        Ok(Package {
            archive,
            compressed,
            limits,
            index,
            parts: PartNames::default(),
        })
    }

    /// Where the parts of interest are.
    pub fn parts(&self) -> &PartNames {
        &self.parts
    }

    /// The limits this package was opened with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the archive holds a part of this name.
    pub fn has_part(&self, name: &str) -> bool {
        self.index.contains_key(&name.to_ascii_lowercase())
    }

    /// An OpenDocument file's reason, from its `mimetype` entry (the first of the archive, by
    /// the OpenDocument standard, holding the media type), when it says so.
    fn open_document(&mut self) -> Option<NotWordReason> {
        let mimetype = self.read_part("mimetype").ok()?;
        let mimetype = String::from_utf8_lossy(&mimetype);
        let mimetype = mimetype.trim();
        mimetype
            .starts_with("application/vnd.oasis.opendocument.")
            .then(|| NotWordReason::OpenDocument {
                mimetype: shown(mimetype),
            })
    }

    fn locate_parts(&mut self) -> Result<PartNames> {
        let root_rels = "_rels/.rels";
        if !self.has_part(root_rels) {
            return Err(Error::NotWordDocument {
                reason: self
                    .open_document()
                    .unwrap_or(NotWordReason::NoRelationships),
            });
        }
        let rels = self.relationships(root_rels, "")?;
        let main = rels
            .iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.target.clone())
            .ok_or(Error::NotWordDocument {
                reason: NotWordReason::NoOfficeDocument,
            })?;
        let core_properties = rels
            .iter()
            .find(|r| r.kind.ends_with("/core-properties"))
            .map(|r| r.target.clone())
            .filter(|p| self.has_part(p));
        if !self.has_part(&main) {
            return Err(Error::MissingPart {
                part: main,
                referenced_by: root_rels.to_string(),
            });
        }
        if !main.to_ascii_lowercase().ends_with(".xml") {
            return Err(Error::NotWordDocument {
                reason: NotWordReason::MainNotXml { part: main },
            });
        }
        // An .xlsx or .pptx also has an officeDocument relationship: the main part must be a
        // WordprocessingML <document>.
        match self.root_element(&main)? {
            Some((ns, local)) if ns == Ns::W && local == "document" => {}
            root => {
                return Err(Error::NotWordDocument {
                    reason: match root {
                        Some((_, local)) => NotWordReason::OtherRoot {
                            part: main,
                            root: shown(&local),
                        },
                        None => NotWordReason::NoRoot { part: main },
                    },
                });
            }
        }
        let (dir, file) = match main.rfind('/') {
            Some(i) => (&main[..i + 1], &main[i + 1..]),
            None => ("", main.as_str()),
        };
        let main_rels = format!("{dir}_rels/{file}.rels");
        let rels = if self.has_part(&main_rels) {
            self.relationships(&main_rels, dir)?
        } else {
            Vec::new()
        };
        let find = |suffix: &str| {
            rels.iter()
                .find(|r| r.kind.ends_with(suffix))
                .map(|r| r.target.clone())
        };
        let styles = find("/styles");
        let numbering = find("/numbering");
        for part in styles.iter().chain(numbering.iter()) {
            if !self.has_part(part) {
                return Err(Error::MissingPart {
                    part: part.clone(),
                    referenced_by: main_rels,
                });
            }
        }
        Ok(PartNames {
            main,
            styles,
            numbering,
            core_properties,
        })
    }

    /// The namespace and local name of a part's root element, reading no further than it.
    fn root_element(&mut self, part: &str) -> Result<Option<(Ns, String)>> {
        let max_depth = self.limits.max_depth;
        let stream = BufReader::with_capacity(8 * 1024, self.open_part(part)?);
        let mut events = xml::PartEvents::new(part, stream, max_depth);
        let mut buf = Vec::new();
        loop {
            let event = events.next(&mut buf)?;
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    return Ok(Some((
                        events.ns().of(&e),
                        e.local_name().as_ref().to_string(),
                    )));
                }
                Event::Eof => return Ok(None),
                _ => {}
            }
            buf.clear();
        }
    }

    /// Reads a relationships part; targets are resolved against `base_dir`.
    fn relationships(&mut self, part: &str, base_dir: &str) -> Result<Vec<Relationship>> {
        let bytes = self.read_part(part)?;
        let mut events = xml::PartEvents::new(part, bytes.as_slice(), self.limits.max_depth);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let event = events.next(&mut buf)?;
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                    if xml::attr(&e, "TargetMode")
                        .is_some_and(|m| m.eq_ignore_ascii_case("External"))
                    {
                        continue;
                    }
                    let kind = xml::attr(&e, "Type").unwrap_or_default().into_owned();
                    let target = xml::attr(&e, "Target").unwrap_or_default();
                    out.push(Relationship {
                        kind,
                        target: resolve_target(base_dir, &target),
                    });
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(out)
    }

    /// Reads a whole (small) part into memory: relationships, styles, numbering, properties.
    /// The part is checked against [`Limits::max_part_size`] as it inflates; its parser checks
    /// [`Limits::max_depth`].
    pub(crate) fn read_part(&mut self, name: &str) -> Result<Vec<u8>> {
        let mut file = self.open_part_with(name, true)?;
        // The declared size is only a hint for the allocation, within the part's limit (and a
        // byte more, which tells the end without growing the buffer): the bytes read come in
        // at once, not in ever larger buffers copied one into the next.
        let mut bytes = Vec::with_capacity(file.size_hint());
        file.read_to_end(&mut bytes)
            .map_err(|e| limits::part_io_error(name, &e))?;
        Ok(bytes)
    }

    /// The identity of a part's entry (see [`EntryId`]).
    pub(crate) fn entry_id(&mut self, name: &str) -> Result<EntryId> {
        let index = self.entry_index(name)?;
        let file = self
            .archive
            .by_index_raw(index)
            .map_err(|e| zip_error(Some(name), &e))?;
        Ok(EntryId {
            crc32: file.crc32(),
            compressed_size: file.compressed_size(),
            size: file.size(),
            header_start: file.header_start(),
        })
    }

    /// Opens a part for streaming, inflated through a [`PartReader`] that enforces the limits.
    pub(crate) fn open_part(&mut self, name: &str) -> Result<PartReader<'_, R>> {
        self.open_part_with(name, false)
    }

    /// [`Package::open_part`]; `whole`: the part is read whole, under
    /// [`Limits::max_side_part_size`].
    fn open_part_with(&mut self, name: &str, whole: bool) -> Result<PartReader<'_, R>> {
        let index = self.entry_index(name)?;
        let counter = Arc::clone(&self.compressed);
        let limits = self.limits;
        let file = self
            .archive
            .by_index(index)
            .map_err(|e| zip_error(Some(name), &e))?;
        Ok(PartReader::new(file, name, counter, limits, whole))
    }

    /// The archive's entry index of a part (names compared case-insensitively, as OPC does).
    fn entry_index(&self, name: &str) -> Result<usize> {
        self.index
            .get(&name.to_ascii_lowercase())
            .copied()
            .ok_or_else(|| Error::MissingPart {
                part: name.to_string(),
                referenced_by: "the package".to_string(),
            })
    }

    /// Opens a part for streaming behind a buffer of `capacity` bytes that can look past its
    /// end (see [`Lookahead`]).
    pub(crate) fn stream_part(
        &mut self,
        name: &str,
        capacity: usize,
    ) -> Result<Lookahead<PartReader<'_, R>>> {
        Ok(Lookahead::with_capacity(capacity, self.open_part(name)?))
    }
}

#[derive(Debug)]
struct Relationship {
    kind: String,
    target: String,
}

/// Resolves a relationship target (relative to the source part's folder, or absolute with a
/// leading `/`) to a part name without leading slash, with `.`/`..` segments and percent-escapes
/// resolved.
fn resolve_target(base_dir: &str, target: &str) -> String {
    let target = percent_decode(target);
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{base_dir}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The error for a failure of the zip reader, reading `part` (or the archive itself).
fn zip_error(part: Option<&str>, e: &zip::result::ZipError) -> Error {
    Error::Zip {
        part: part.map(str::to_string),
        source: ArchiveError::new(&e.to_string()),
    }
}

/// The most characters of a name read from the file (a root element, a media type) that a
/// message shows.
const NAME_SHOWN: usize = 80;

/// A name read from the file, cut to [`NAME_SHOWN`] characters for a message.
fn shown(name: &str) -> String {
    name.chars().take(NAME_SHOWN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_relative_absolute_and_escaped() {
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(resolve_target("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve_target("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve_target("word/", "my%20styles.xml"),
            "word/my styles.xml"
        );
    }
}
