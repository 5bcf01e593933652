//! Stage 2b, numbering: `numbering.xml` definitions and the counters that turn them into the
//! labels Word displays ("9.2.1.", "Attachment 3", "b)").
//!
//! A paragraph's `w:numId` names a `w:num`, which points at a `w:abstractNum`, possibly through
//! `w:numStyleLink` → numbering style → another `w:num` → the `w:abstractNum` carrying
//! `w:styleLink` (cycles are cut). A `w:num` can override a level with a whole `w:lvl` or with a
//! `w:startOverride`. Counters belong to the resolved abstract definition, so every `w:num` that
//! leads there continues the same sequence; a `w:num` with a start override restarts it where it
//! is first used. Using a level resets the deeper levels unless their `w:lvlRestart` says
//! otherwise. [`ListCounters`] holds that state for one pass over a document.
//!
//! Most definitions in a Word document are never used, and their levels are most of
//! `numbering.xml`. The levels of each definition and the overrides of each instance are
//! passed over without the XML reader (checked all the same: malformed XML anywhere is the
//! error it always was) and read when the list is first used; what decides which lists exist
//! and where they lead (ids, `w:abstractNumId`, the links) is read in place.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use memchr::memmem::Finder;
use quick_xml::events::BytesStart;

use crate::docx::limits::Limits;
use crate::docx::styles::Styles;
use crate::docx::xml::{self, Deferred, PartBytes};
use crate::error::{Error, Result};

mod on_demand;

pub(crate) use on_demand::{HandedOver, OnDemand};

/// Number formats (`w:numFmt`). Formats not listed render as decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumFormat {
    /// 1, 2, 3
    Decimal,
    /// 01, 02, ... 10
    DecimalZero,
    /// a, b, ... z, aa
    LowerLetter,
    /// A, B, ... Z, AA
    UpperLetter,
    /// i, ii, iii
    LowerRoman,
    /// I, II, III
    UpperRoman,
    /// 1st, 2nd, 3rd
    Ordinal,
    /// No number at all.
    None,
    /// A bullet: `w:lvlText` holds the bullet character.
    Bullet,
}

impl NumFormat {
    fn parse(s: &str) -> NumFormat {
        match s {
            "decimalZero" => NumFormat::DecimalZero,
            "lowerLetter" => NumFormat::LowerLetter,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperRoman" => NumFormat::UpperRoman,
            "ordinal" => NumFormat::Ordinal,
            "none" => NumFormat::None,
            "bullet" => NumFormat::Bullet,
            _ => NumFormat::Decimal,
        }
    }

    /// Renders one counter value in this format.
    pub fn render(self, value: i64, out: &mut String) {
        use std::fmt::Write;
        match self {
            NumFormat::None | NumFormat::Bullet => {}
            _ if value <= 0 => {
                let _ = write!(out, "{value}");
            }
            NumFormat::Decimal => {
                let _ = write!(out, "{value}");
            }
            NumFormat::DecimalZero => {
                let _ = write!(out, "{value:02}");
            }
            NumFormat::LowerLetter | NumFormat::UpperLetter => {
                // Word repeats the letter: a..z, aa..zz, aaa..
                let idx = (value - 1) % 26;
                let times = (value - 1) / 26 + 1;
                let base = if self == NumFormat::LowerLetter {
                    b'a'
                } else {
                    b'A'
                };
                let c = char::from(base + u8::try_from(idx).unwrap_or(0));
                for _ in 0..times.min(64) {
                    out.push(c);
                }
            }
            NumFormat::LowerRoman | NumFormat::UpperRoman => {
                let roman = to_roman(value);
                if self == NumFormat::LowerRoman {
                    out.push_str(&roman.to_lowercase());
                } else {
                    out.push_str(&roman);
                }
            }
            NumFormat::Ordinal => {
                let suffix = match (value % 10, value % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                let _ = write!(out, "{value}{suffix}");
            }
        }
    }
}

fn to_roman(mut value: i64) -> String {
    if value >= 4000 {
        return value.to_string();
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (n, s) in TABLE {
        while value >= n {
            out.push_str(s);
            value -= n;
        }
    }
    out
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone)]
pub struct Level {
    /// `w:start` (default 0 as the spec says; Word writes it explicitly).
    pub start: i64,
    /// `w:numFmt`.
    pub format: NumFormat,
    /// `w:lvlText`, with `%1`..`%9` placeholders.
    pub text: String,
    /// `w:isLgl`: render every placeholder in decimal.
    pub is_legal: bool,
    /// `w:lvlRestart`: `Some(0)` never restarts; `Some(n)` restarts when a level above `n`
    /// (1-based) is used; `None` restarts after any higher level.
    pub restart: Option<u8>,
    /// `w:pStyle`: the paragraph style this level is tied to.
    pub paragraph_style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            format: NumFormat::Decimal,
            text: String::new(),
            is_legal: false,
            restart: None,
            paragraph_style: None,
        }
    }
}

/// Values by list level (0-8), stored sparsely: most definitions set a few levels and most
/// instances override none, so a document of many definitions stays small.
#[derive(Debug, Clone)]
struct ByLevel<T>(Vec<(usize, T)>);

impl<T> Default for ByLevel<T> {
    fn default() -> Self {
        ByLevel(Vec::new())
    }
}

impl<T> ByLevel<T> {
    fn get(&self, level: usize) -> Option<&T> {
        self.0.iter().find(|(l, _)| *l == level).map(|(_, v)| v)
    }

    /// Sets a level (0-8; others are ignored), replacing what it held.
    fn set(&mut self, level: usize, value: T) {
        if level >= 9 {
            return;
        }
        match self.0.iter_mut().find(|(l, _)| *l == level) {
            Some(slot) => slot.1 = value,
            None => self.0.push((level, value)),
        }
    }

    fn levels(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|(l, _)| *l)
    }
}

/// A value read in two parts: what was read from the events, and the elements passed over
/// unread after it ([`Deferred`]), read on top of it, in order, when the value is first asked
/// for. Most definitions in a document are never used: their elements are never read.
#[derive(Debug, Clone, Default)]
struct Lazy<T> {
    read: T,
    deferred: Vec<Deferred>,
    whole: OnceLock<T>,
}

impl<T> Lazy<T> {
    fn new(read: T) -> Self {
        Lazy {
            read,
            deferred: Vec::new(),
            whole: OnceLock::new(),
        }
    }

    /// The value, the elements passed over read by `complete` the first time.
    fn get(&self, complete: impl FnOnce(&Self) -> T) -> &T {
        if self.deferred.is_empty() {
            return &self.read;
        }
        self.whole.get_or_init(|| complete(self))
    }
}

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    /// Its `w:lvl`s, most passed over until the definition is used.
    levels: Lazy<ByLevel<Level>>,
    num_style_link: Option<String>,
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: i64,
    /// Its `w:lvlOverride`s, most passed over until the list is used.
    overrides: Lazy<Overrides>,
}

/// What a `w:num` changes of its abstract definition's levels.
#[derive(Debug, Clone, Default)]
struct Overrides {
    levels: ByLevel<Level>,
    starts: ByLevel<i64>,
}

/// The numbering definitions of a document.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<i64, AbstractNum>,
    nums: HashMap<u32, Num>,
    /// numId → the abstractNum id whose levels and counters it uses (links followed).
    resolved: HashMap<u32, i64>,
    /// The part, kept while definitions in it are still to be read ([`Lazy`]).
    source: Option<Arc<Source>>,
}

/// A `numbering.xml` kept to read the elements passed over, when they are first used.
struct Source {
    part: String,
    bytes: Arc<Vec<u8>>,
    max_depth: usize,
}

impl Source {
    fn bytes(&self) -> PartBytes<'_> {
        PartBytes {
            part: &self.part,
            bytes: self.bytes.as_slice(),
            max_depth: self.max_depth,
        }
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} bytes)", self.part, self.bytes.len())
    }
}

const MAX_LINKS: usize = 16;

/// The most characters of a `w:lvlText` kept: Word's level texts are a few characters ("%1.",
/// "Attachment %1"); a longer one is cut here.
pub(crate) const MAX_LEVEL_TEXT: usize = 255;

/// The most bytes (UTF-8) of a rendered label: its level text with every placeholder expanded
/// (a letter number repeats its letter, so "%1%1%1..." could otherwise grow 64-fold). A longer
/// label is cut here, so that each numbered paragraph costs at most this much.
pub(crate) const MAX_LABEL: usize = 512;

impl Numbering {
    /// Parses a `numbering.xml` part. `styles` resolves `w:numStyleLink`.
    pub fn parse(part: &str, bytes: &[u8], styles: &Styles) -> Result<Numbering> {
        Numbering::parse_with(part, bytes.to_vec(), styles, Limits::default().max_depth)
    }

    /// [`Numbering::parse`] with a limit on element nesting. The levels of the definitions
    /// (`w:lvl`, `w:lvlOverride`) are passed over, checked but unread, and read when first
    /// used: the part is kept for that.
    pub(crate) fn parse_with(
        part: &str,
        bytes: Vec<u8>,
        styles: &Styles,
        max_depth: usize,
    ) -> Result<Numbering> {
        let mut numbering = Numbering::read_unlinked(part, Arc::new(bytes), max_depth)?;
        numbering.link(styles);
        Ok(numbering)
    }

    /// Reads a `numbering.xml` part without the styles, which may be read meanwhile on another
    /// thread ([`OnDemand`]): its `w:numStyleLink`s are followed by [`Numbering::link`].
    pub(crate) fn read_unlinked(
        part: &str,
        bytes: Arc<Vec<u8>>,
        max_depth: usize,
    ) -> Result<Numbering> {
        let whole = PartBytes {
            part,
            bytes: bytes.as_slice(),
            max_depth,
        };
        let mut parser = NumberingParser::new(whole);
        xml::read_part(part, bytes.as_slice(), max_depth, &mut parser)?;
        let NumberingParser {
            mut numbering,
            error,
            ..
        } = parser;
        if let Some(error) = error {
            return Err(error);
        }
        if numbering.defers_any() {
            let part = part.to_string();
            numbering.source = Some(Arc::new(Source {
                part,
                bytes,
                max_depth,
            }));
        }
        Ok(numbering)
    }

    /// Whether some definition has elements still to read.
    fn defers_any(&self) -> bool {
        let abstracts = self.abstracts.values().map(|a| a.levels.deferred.len());
        let nums = self.nums.values().map(|n| n.overrides.deferred.len());
        abstracts.chain(nums).any(|n| n > 0)
    }

    /// Follows the `w:numStyleLink`s of a numbering read by [`Numbering::read_unlinked`].
    pub(crate) fn link(&mut self, styles: &Styles) {
        // The abstract definition behind each numbering style, looked up once (a chain of
        // links is then followed in a few map look-ups, never a scan per link).
        let mut by_style_link: HashMap<&str, i64> = HashMap::new();
        for (id, a) in &self.abstracts {
            if let Some(link) = a.style_link.as_deref() {
                by_style_link.entry(link).or_insert(*id);
            }
        }
        let resolved: HashMap<u32, i64> = self
            .nums
            .keys()
            .filter_map(|id| Some((*id, self.follow(*id, styles, &by_style_link)?)))
            .collect();
        self.resolved = resolved;
    }

    /// Follows `w:numStyleLink` chains to the abstract definition that holds the levels.
    fn follow(
        &self,
        num_id: u32,
        styles: &Styles,
        by_style_link: &HashMap<&str, i64>,
    ) -> Option<i64> {
        let mut abstract_id = self.nums.get(&num_id)?.abstract_id;
        for _ in 0..MAX_LINKS {
            let a = self.abstracts.get(&abstract_id)?;
            let Some(link) = a.num_style_link.as_deref() else {
                return Some(abstract_id);
            };
            // The numbering style points at a w:num; its abstractNum carries the levels.
            let target = styles
                .numbering_style_num_id(link)
                .and_then(|n| self.nums.get(&n))
                .map(|n| n.abstract_id)
                .or_else(|| by_style_link.get(link).copied());
            match target {
                Some(t) if t != abstract_id => abstract_id = t,
                _ => return Some(abstract_id),
            }
        }
        Some(abstract_id)
    }

    /// Whether `w:numId` refers to an existing list.
    pub fn has_num(&self, num_id: u32) -> bool {
        self.resolved.contains_key(&num_id)
    }

    /// The effective definition of `ilvl` for `num_id`: the `w:num`'s whole-level override, or
    /// the abstract definition's level.
    pub fn level(&self, num_id: u32, ilvl: u8) -> Option<&Level> {
        self.levels_of(num_id)?.level(usize::from(ilvl))
    }

    /// The level of `num_id` whose `w:pStyle` names this paragraph style, if any.
    pub fn level_for_style(&self, num_id: u32, style_id: &str) -> Option<u8> {
        let levels = self.levels_of(num_id)?;
        (0u8..9).find(|&i| {
            levels
                .level(usize::from(i))
                .and_then(|l| l.paragraph_style.as_deref())
                .is_some_and(|s| s == style_id)
        })
    }

    /// The levels of `num_id`, its `w:num` and abstract definition looked up (and, the first
    /// time, read) once.
    fn levels_of(&self, num_id: u32) -> Option<NumLevels<'_>> {
        let part = self.source.as_deref().map(Source::bytes);
        let num = self.nums.get(&num_id)?;
        let overrides = num.overrides.get(|o| read_overrides(part, o).0);
        let abstract_levels = self
            .resolved
            .get(&num_id)
            .and_then(|id| self.abstracts.get(id))
            .map(|a| a.levels.get(|l| read_levels(part, l).0));
        Some(NumLevels {
            overrides,
            abstract_levels,
        })
    }
}

/// The levels of an abstract definition: the `w:lvl`s passed over read on those read in place,
/// in order, as they would have been read in place (see [`NumberingParser::defers`]). With the
/// error that stopped it, if any; none is expected, as the elements were checked when passed
/// over.
fn read_levels(
    part: Option<PartBytes<'_>>,
    levels: &Lazy<ByLevel<Level>>,
) -> (ByLevel<Level>, Result<()>) {
    let Some(part) = part else {
        return (levels.read.clone(), Ok(()));
    };
    let mut parser = NumberingParser::new(part);
    let draft = AbstractNum {
        levels: Lazy::new(levels.read.clone()),
        ..AbstractNum::default()
    };
    parser.abs = Some((0, draft));
    let result = levels
        .deferred
        .iter()
        .try_for_each(|d| d.read(&part, &mut parser));
    let read = parser.abs.map(|(_, a)| a.levels.read).unwrap_or_default();
    (read, result)
}

/// [`read_levels`] for the overrides of a `w:num`: its `w:lvlOverride`s passed over.
fn read_overrides(
    part: Option<PartBytes<'_>>,
    overrides: &Lazy<Overrides>,
) -> (Overrides, Result<()>) {
    let Some(part) = part else {
        return (overrides.read.clone(), Ok(()));
    };
    let mut parser = NumberingParser::new(part);
    let draft = Num {
        abstract_id: 0,
        overrides: Lazy::new(overrides.read.clone()),
    };
    parser.num = Some((0, draft));
    let result = overrides
        .deferred
        .iter()
        .try_for_each(|d| d.read(&part, &mut parser));
    let read = parser
        .num
        .map(|(_, n)| n.overrides.read)
        .unwrap_or_default();
    (read, result)
}

/// The effective levels of one `w:num`: its whole-level overrides, else its abstract
/// definition's levels.
struct NumLevels<'n> {
    overrides: &'n Overrides,
    abstract_levels: Option<&'n ByLevel<Level>>,
}

impl<'n> NumLevels<'n> {
    fn level(&self, i: usize) -> Option<&'n Level> {
        self.overrides
            .levels
            .get(i)
            .or_else(|| self.abstract_levels?.get(i))
    }

    /// Where level `i` starts: the `w:num`'s start override, else the level's `w:start`.
    fn start(&self, i: usize) -> i64 {
        let over = self.overrides.starts.get(i).copied();
        over.unwrap_or_else(|| self.level(i).map_or(0, |l| l.start))
    }
}

fn ilvl_attr(e: &BytesStart<'_>) -> Option<usize> {
    xml::attr(e, "ilvl")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|i| *i < 9)
}

fn apply_level_property(level: &mut Level, name: &str, e: &BytesStart<'_>) {
    match name {
        "start" => level.start = xml::val_int(e).unwrap_or(0),
        "numFmt" => level.format = NumFormat::parse(&xml::attr(e, "val").unwrap_or_default()),
        "lvlText" => {
            let text = xml::attr(e, "val").unwrap_or_default();
            level.text = text.chars().take(MAX_LEVEL_TEXT).collect();
        }
        "isLgl" => level.is_legal = xml::on_off(e),
        "lvlRestart" => level.restart = xml::val_int(e).and_then(|v| u8::try_from(v).ok()),
        "pStyle" => level.paragraph_style = xml::attr(e, "val").map(|v| v.into_owned()),
        _ => {}
    }
}

/// The state of reading `numbering.xml`: the definition, instance and level being read.
struct NumberingParser<'a> {
    /// The part, to read the elements passed over that must be read now after all.
    part: PartBytes<'a>,
    numbering: Numbering,
    abs: Option<(i64, AbstractNum)>,
    num: Option<(u32, Num)>,
    lvl: Option<(usize, Level)>,
    override_ilvl: Option<usize>,
    /// The first error met reading elements passed over, where no error can be returned
    /// (none is expected: they were checked when passed over).
    error: Option<Error>,
}

/// Whether elements passed over may change more than the levels of the definition (or the
/// overrides of the instance, `in_num`) being read, or leave the reader in another state than
/// reading them in place would: another definition or instance (`w:num`, `w:abstractNum`,
/// `w:abstractNumId`), the links (`w:numStyleLink`, `w:styleLink`), in a definition a
/// `w:lvlOverride`, in an instance an empty one (its `ilvl` would outlive it). Those are read
/// in place; Word writes none of them there. A search for rare words, linear in the bytes.
fn may_change_more(bytes: &[u8], in_num: bool) -> bool {
    let words = WORDS.get_or_init(Words::new);
    let found = |word: &Finder<'_>| word.find(bytes).is_some();
    let override_too = match in_num {
        true => xml::may_name(bytes, &words.lvl_override, true),
        false => found(&words.lvl_override),
    };
    found(&words.abstract_num)
        || found(&words.style_link)
        || xml::may_name(bytes, &words.num, false)
        || override_too
}

/// The searchers of [`may_change_more`], built once (building one costs more than searching
/// the levels of a definition).
struct Words {
    abstract_num: Finder<'static>,
    style_link: Finder<'static>,
    num: Finder<'static>,
    lvl_override: Finder<'static>,
}

impl Words {
    fn new() -> Words {
        Words {
            // `w:abstractNum` and `w:abstractNumId`; `w:numStyleLink` and `w:styleLink`.
            abstract_num: Finder::new("abstractNum"),
            style_link: Finder::new("tyleLink"),
            num: Finder::new("num"),
            lvl_override: Finder::new("lvlOverride"),
        }
    }
}

static WORDS: OnceLock<Words> = OnceLock::new();

impl xml::PartHandler for NumberingParser<'_> {
    fn start(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) -> bool {
        match name {
            "abstractNum" => {
                let id = xml::attr(e, "abstractNumId").and_then(|v| v.trim().parse().ok());
                self.abs = id.map(|id| (id, AbstractNum::default()));
            }
            "num" => {
                let id = xml::attr(e, "numId").and_then(|v| v.trim().parse().ok());
                self.num = id.map(|id| (id, Num::default()));
            }
            "abstractNumId" => {
                if let (Some((_, n)), Some(v)) = (self.num.as_mut(), xml::val_int(e)) {
                    n.abstract_id = v;
                }
            }
            "lvlOverride" => self.override_ilvl = ilvl_attr(e),
            "startOverride" => self.start_override(e),
            "lvl" => {
                let i = ilvl_attr(e).or(self.override_ilvl);
                self.lvl = i.map(|i| (i, Level::default()));
                if empty {
                    self.finish_level();
                }
            }
            "numStyleLink" | "styleLink" => self.link(e),
            "pPr" | "rPr" => return !empty,
            name => {
                if let Some((_, level)) = self.lvl.as_mut() {
                    apply_level_property(level, name, e);
                }
            }
        }
        false
    }

    fn end(&mut self, name: &str) {
        match name {
            "lvl" => self.finish_level(),
            "lvlOverride" => self.override_ilvl = None,
            "abstractNum" => {
                if let Some((id, a)) = self.abs.take() {
                    self.numbering.abstracts.entry(id).or_insert(a);
                }
            }
            "num" => {
                if let Some((id, n)) = self.num.take() {
                    self.numbering.nums.entry(id).or_insert(n);
                }
            }
            _ => {}
        }
    }

    /// The first `w:lvl` of an abstract definition, or `w:lvlOverride` of an instance, is
    /// passed over with what follows it (the other levels) when reading them in place would
    /// change nothing but that definition's levels or that instance's overrides: nothing else
    /// is being read (an element of a definition inside another is read in place), and they
    /// are read later on a definition in the same state (no level property is pending; a
    /// `w:lvl` in no `w:lvlOverride`). What they hold is checked once passed over
    /// ([`may_change_more`]).
    fn defers(&self, name: &str) -> bool {
        if self.lvl.is_some() {
            return false;
        }
        match name {
            "lvl" => self.abs.is_some() && self.num.is_none() && self.override_ilvl.is_none(),
            "lvlOverride" => self.num.is_some() && self.abs.is_none(),
            _ => false,
        }
    }

    /// Keeps levels passed over for later, unless the part ends inside them or they may hold
    /// what changes more than their definition: those are read now, in place.
    fn deferred(&mut self, levels: Deferred, part: &PartBytes<'_>) -> Result<()> {
        let in_num = self.num.is_some();
        if !levels.ended() || may_change_more(levels.bytes(part.bytes), in_num) {
            self.read_deferred();
            return levels.read(part, self);
        }
        if let Some((_, n)) = self.num.as_mut() {
            // As the end of the last non-empty `w:lvlOverride` would have.
            self.override_ilvl = None;
            n.overrides.deferred.push(levels);
        } else if let Some((_, a)) = self.abs.as_mut() {
            a.levels.deferred.push(levels);
        }
        Ok(())
    }
}

impl<'a> NumberingParser<'a> {
    fn new(part: PartBytes<'a>) -> Self {
        NumberingParser {
            part,
            numbering: Numbering::default(),
            abs: None,
            num: None,
            lvl: None,
            override_ilvl: None,
            error: None,
        }
    }

    fn start_override(&mut self, e: &BytesStart<'_>) {
        if let (Some(i), Some(v)) = (self.override_ilvl, xml::val_int(e))
            && self.num.is_some()
        {
            self.read_deferred();
            if let Some((_, n)) = self.num.as_mut() {
                n.overrides.read.starts.set(i, v);
            }
        }
    }

    /// `w:numStyleLink` (the definition is a numbering style's) or `w:styleLink` (the
    /// definition of a numbering style).
    fn link(&mut self, e: &BytesStart<'_>) {
        let Some((_, a)) = self.abs.as_mut() else {
            return;
        };
        let val = xml::attr(e, "val").map(|v| v.into_owned());
        if e.local_name().as_ref() == "numStyleLink" {
            a.num_style_link = val;
        } else {
            a.style_link = val;
        }
    }

    fn finish_level(&mut self) {
        let Some((i, level)) = self.lvl.take() else {
            return;
        };
        self.read_deferred();
        if let Some((_, n)) = self.num.as_mut() {
            n.overrides.read.levels.set(i, level);
        } else if let Some((_, a)) = self.abs.as_mut() {
            a.levels.read.set(i, level);
        }
    }

    /// Reads the elements passed over of the definition and instance being read, before a
    /// level read in place is set: they came first, and a later level replaces an earlier
    /// one. Once per element: a part that mixes the two costs no more.
    fn read_deferred(&mut self) {
        let part = Some(self.part);
        let mut results = Vec::new();
        if let Some((_, n)) = self.num.as_mut()
            && !n.overrides.deferred.is_empty()
        {
            let (read, result) = read_overrides(part, &n.overrides);
            n.overrides = Lazy::new(read);
            results.push(result);
        }
        if let Some((_, a)) = self.abs.as_mut()
            && !a.levels.deferred.is_empty()
        {
            let (read, result) = read_levels(part, &a.levels);
            a.levels = Lazy::new(read);
            results.push(result);
        }
        if let Some(Err(e)) = results.into_iter().find(Result::is_err) {
            self.error.get_or_insert(e);
        }
    }
}

/// The kind of label a numbered paragraph carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelKind {
    /// A number (in any format: decimal, letters, roman ...).
    Number,
    /// A bullet character.
    Bullet,
    /// The level shows no label (`w:numFmt` none with no literal text).
    None,
}

/// The list label of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ListLabel {
    /// `w:numId`.
    pub num_id: u32,
    /// 0-based list level.
    pub level: u8,
    /// The label as Word displays it, e.g. `9.2.1.`, `•`, `Attachment 3`.
    pub text: String,
    /// Number, bullet or none.
    pub kind: LabelKind,
}

/// List counters for one pass over a document.
#[derive(Debug, Default)]
pub struct ListCounters {
    /// abstractNum id → counter per level (`None`: not used since the last restart).
    counters: HashMap<i64, [Option<i64>; 9]>,
    /// `w:num`s already seen (their start overrides have been applied).
    seen: std::collections::HashSet<u32>,
}

impl ListCounters {
    /// Numbers one paragraph of list `num_id` at level `ilvl` and returns its label, or `None`
    /// when the list does not exist (or `num_id` is 0).
    pub fn next(&mut self, numbering: &Numbering, num_id: u32, ilvl: u8) -> Option<ListLabel> {
        let levels = numbering.levels_of(num_id)?;
        let level = usize::from(ilvl.min(8));
        let counters = self.count(numbering, &levels, num_id, level)?;
        let def = levels.level(level);
        let (text, kind) = match def {
            None => (String::new(), LabelKind::None),
            Some(def) => {
                let mut text = String::new();
                render_label(
                    def,
                    |i| {
                        let value = counters.get(i).copied().flatten();
                        let fmt = levels.level(i).map_or(NumFormat::Decimal, |l| l.format);
                        let start = levels.start(i);
                        (value.unwrap_or(start.saturating_sub(1).max(0)), fmt)
                    },
                    &mut text,
                );
                let kind = match def.format {
                    NumFormat::Bullet => LabelKind::Bullet,
                    _ if text.trim().is_empty() => LabelKind::None,
                    NumFormat::None if !text.chars().any(char::is_alphanumeric) => LabelKind::None,
                    _ => LabelKind::Number,
                };
                (text, kind)
            }
        };
        Some(ListLabel {
            num_id,
            level: ilvl.min(8),
            text,
            kind,
        })
    }

    /// Numbers one paragraph of list `num_id` at level `ilvl` without making its label: for
    /// a paragraph whose label nobody reads, the counters still advance.
    pub(crate) fn advance(&mut self, numbering: &Numbering, num_id: u32, ilvl: u8) {
        if let Some(levels) = numbering.levels_of(num_id) {
            self.count(numbering, &levels, num_id, usize::from(ilvl.min(8)));
        }
    }

    /// Counts one paragraph at `level` (restarting the deeper levels as their `w:lvlRestart`
    /// says) and returns the list's counters after it.
    fn count(
        &mut self,
        numbering: &Numbering,
        levels: &NumLevels<'_>,
        num_id: u32,
        level: usize,
    ) -> Option<[Option<i64>; 9]> {
        let abstract_id = *numbering.resolved.get(&num_id)?;
        let counters = self.counters.entry(abstract_id).or_insert([None; 9]);
        if self.seen.insert(num_id) {
            for i in levels.overrides.starts.levels() {
                if let Some(c) = counters.get_mut(i) {
                    *c = None;
                }
            }
        }
        let current = counters.get(level).copied().flatten();
        let value = match current {
            Some(v) => v.saturating_add(1),
            None => levels.start(level),
        };
        if let Some(c) = counters.get_mut(level) {
            *c = Some(value);
        }
        for deeper in level + 1..9 {
            let restart = levels.level(deeper).and_then(|l| l.restart);
            let resets = match restart {
                Some(0) => false,
                // Restart when a level at or above `r` (1-based) is used.
                Some(r) => level < usize::from(r),
                None => true,
            };
            if resets && let Some(c) = counters.get_mut(deeper) {
                *c = None;
            }
        }
        Some(*counters)
    }
}

/// Expands `%1`..`%9` in a level's text.
fn render_label(
    def: &Level,
    mut value_of: impl FnMut(usize) -> (i64, NumFormat),
    out: &mut String,
) {
    if def.format == NumFormat::Bullet {
        out.push_str(&def.text);
        return;
    }
    let mut chars = def.text.chars().peekable();
    // Bounded without a check per character: a level text is at most 255 characters and a
    // number renders to at most 64; the label is cut to MAX_LABEL once, below.
    while let Some(c) = chars.next() {
        if c == '%'
            && let Some(d) = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=9).contains(d))
        {
            chars.next();
            let i = usize::try_from(d - 1).unwrap_or(0);
            let (value, fmt) = value_of(i);
            let fmt = if def.is_legal && fmt != NumFormat::None {
                NumFormat::Decimal
            } else {
                fmt
            };
            fmt.render(value, out);
            continue;
        }
        out.push(c);
    }
    if out.len() > MAX_LABEL {
        let mut end = MAX_LABEL;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::xml::PartHandler;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    pub(super) fn part(inner: &str) -> Vec<u8> {
        format!(r#"<?xml version="1.0"?><w:numbering xmlns:w="{W}">{inner}</w:numbering>"#)
            .into_bytes()
    }

    /// A numbering style `NS` whose `w:num` is 2, and paragraph styles `H1`, `H2`.
    pub(super) fn styles() -> Styles {
        let xml = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="numbering" w:styleId="NS"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H1"/><w:style w:type="paragraph" w:styleId="H2"/></w:styles>"#
        );
        Styles::parse("styles.xml", xml.as_bytes()).unwrap()
    }

    /// Every element read in place, as before elements were passed over: the reference.
    struct Eager<'p, 'a>(&'p mut NumberingParser<'a>);

    impl PartHandler for Eager<'_, '_> {
        fn start(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) -> bool {
            self.0.start(name, e, empty)
        }
        fn end(&mut self, name: &str) {
            self.0.end(name);
        }
    }

    fn parse_eagerly(bytes: &[u8], styles: &Styles, max_depth: usize) -> Result<Numbering> {
        let whole = PartBytes {
            part: "numbering.xml",
            bytes,
            max_depth,
        };
        let mut parser = NumberingParser::new(whole);
        xml::read_part("numbering.xml", bytes, max_depth, &mut Eager(&mut parser))?;
        assert!(!parser.numbering.defers_any());
        let mut numbering = parser.numbering;
        numbering.link(styles);
        Ok(numbering)
    }

    fn parse(bytes: &[u8], styles: &Styles, max_depth: usize) -> Result<Numbering> {
        Numbering::parse_with("numbering.xml", bytes.to_vec(), styles, max_depth)
    }

    /// All a reader can see of numbering: each list's levels, the levels tied to styles, and
    /// the labels of a run of paragraphs.
    pub(super) fn shown(n: &Numbering) -> String {
        let mut out = String::new();
        let mut counters = ListCounters::default();
        for num_id in 0..5 {
            out += &format!("{num_id}: {}\n", n.has_num(num_id));
            for ilvl in 0..9 {
                out += &format!("{:?}\n", n.level(num_id, ilvl));
            }
            for style in ["H1", "H2"] {
                out += &format!("{:?}\n", n.level_for_style(num_id, style));
            }
            for ilvl in [0, 1, 1, 2, 0, 1, 8] {
                out += &format!("{:?}\n", counters.next(n, num_id, ilvl));
            }
        }
        out
    }

    /// Reading `bytes` with elements passed over comes to what reading them in place came to:
    /// the same lists, or the same error.
    fn same(bytes: &[u8], max_depth: usize) -> String {
        let styles = styles();
        let expected = parse_eagerly(bytes, &styles, max_depth);
        let got = parse(bytes, &styles, max_depth);
        let show = |r: &Result<Numbering>| match r {
            Ok(n) => shown(n),
            Err(e) => format!("{e:?}"),
        };
        let expected = show(&expected);
        assert_eq!(show(&got), expected, "{}", String::from_utf8_lossy(bytes));
        expected
    }

    pub(super) const LEVELS: &str = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:pStyle w:val="H1"/><w:pPr><w:ind w:left="360"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/><w:pStyle w:val="H2"/></w:lvl>"#;

    #[test]
    fn levels_are_read_when_first_used() {
        let xml = part(&format!(
            r#"<w:abstractNum w:abstractNumId="1"><w:nsid w:val="1"/>{LEVELS}</w:abstractNum><w:abstractNum w:abstractNumId="2">{LEVELS}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="4"/></w:lvlOverride></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#
        ));
        let n = parse(&xml, &styles(), 64).unwrap();
        let unread = |n: &Numbering| {
            let a = n
                .abstracts
                .values()
                .filter(|a| a.levels.whole.get().is_none());
            let o = n
                .nums
                .values()
                .filter(|n| n.overrides.whole.get().is_none());
            (a.count(), o.count())
        };
        // Passed over: both definitions' levels and the override of list 1.
        assert_eq!(unread(&n), (2, 2));
        assert_eq!(n.level(3, 1).unwrap().text, "%1.%2)");
        assert_eq!(unread(&n), (1, 2));
        let mut counters = ListCounters::default();
        assert_eq!(counters.next(&n, 1, 1).unwrap().text, "0.d)");
        assert_eq!(unread(&n), (0, 1));
        same(&xml, 64);
    }

    #[test]
    fn a_definition_used_only_through_a_numbering_style() {
        // List 1 links to style NS, whose list 2 leads to the definition that styles it.
        let xml = part(&format!(
            r#"<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="NS"/></w:abstractNum><w:abstractNum w:abstractNumId="5"><w:styleLink w:val="NS"/>{LEVELS}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="5"/></w:num>"#
        ));
        let n = parse(&xml, &styles(), 64).unwrap();
        assert_eq!(n.resolved.get(&1), Some(&5));
        assert_eq!(n.level(1, 0).unwrap().text, "%1.");
        assert_eq!(n.level_for_style(1, "H2"), Some(1));
        same(&xml, 64);
    }

    #[test]
    fn malformed_levels_of_an_unused_definition_are_an_error() {
        for bad in [
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"></w:lvl>"#,
            "<w:lvl w:ilvl=\"0\"><w:lvlText w:val=\"\u{1}\"/></w:lvl>",
            r#"<w:lvl w:ilvl="0"><a><b><c><d></d></c></b></a></w:lvl>"#,
            r#"<w:lvl w:ilvl="0"/><w:lvl w:ilvl="1">&bad</w:lvl>"#,
        ] {
            let mut xml = part(&format!(
                r#"<w:abstractNum w:abstractNumId="1">{LEVELS}</w:abstractNum><w:abstractNum w:abstractNumId="9">{LEVELS}{bad}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#
            ));
            if bad.contains("\u{1}") {
                // Bytes that are not UTF-8, in a value.
                let at = xml.windows(1).position(|w| w == [1]).unwrap();
                xml[at] = 0xff;
            }
            let shown = same(&xml, 6);
            assert!(
                shown.contains("Xml") || shown.contains("Utf8") || shown.contains("TooDeep"),
                "{bad}: {shown}"
            );
        }
    }

    #[test]
    fn what_word_never_writes_in_levels_is_read_in_place() {
        for inner in [
            // A list inside a level; a definition inside a level override.
            format!(
                r#"<w:abstractNum w:abstractNumId="1">{LEVELS}<w:lvl w:ilvl="2"><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="1">{LEVELS}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:abstractNumId w:val="1"/></w:lvlOverride></w:num>"#
            ),
            // An empty level override, whose level leaks into a level without `ilvl`.
            format!(
                r#"<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride><w:lvlOverride w:ilvl="4"/></w:num><w:abstractNum w:abstractNumId="1"><w:lvl><w:lvlText w:val="x"/></w:lvl>{LEVELS}</w:abstractNum>"#
            ),
            format!(
                r#"<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="4"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num><w:abstractNum w:abstractNumId="1"><w:lvl><w:lvlText w:val="x"/></w:lvl>{LEVELS}</w:abstractNum>"#
            ),
            // Links after the levels; levels in another namespace; `w` bound elsewhere.
            format!(
                r#"<w:abstractNum w:abstractNumId="1">{LEVELS}<w:styleLink w:val="NS"/></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="1"><w:lvl xmlns:w="urn:x" w:ilvl="0"><w:lvlText w:val="no"/></w:lvl><v:lvl xmlns:v="{W}" v:ilvl="1"><v:lvlText v:val="yes"/></v:lvl>{LEVELS}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#
            ),
            // Levels read in place after levels passed over: the later one wins.
            format!(
                r#"<w:abstractNum w:abstractNumId="1">{LEVELS}<w:lvl w:ilvl="1"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:lvlText w:val="o"/></w:lvl></w:lvlOverride><w:lvl w:ilvl="1"/></w:num>"#
            ),
        ] {
            same(&part(&inner), 64);
        }
    }

    /// Well-formed numbering of every kind Word writes and many it does not, seeded.
    fn random_tree(seed: &mut u64, depth: usize, out: &mut String) {
        const PAIRS: &[(&str, &str)] = &[
            (r#"<w:abstractNum w:abstractNumId="1">"#, "</w:abstractNum>"),
            (r#"<w:abstractNum w:abstractNumId="2">"#, "</w:abstractNum>"),
            (r#"<w:num w:numId="1">"#, "</w:num>"),
            (r#"<w:num w:numId="2">"#, "</w:num>"),
            (r#"<w:num w:numId="3">"#, "</w:num>"),
            (r#"<w:lvl w:ilvl="0">"#, "</w:lvl>"),
            (r#"<w:lvl w:ilvl="1">"#, "</w:lvl>"),
            ("<w:lvl>", "</w:lvl>"),
            (r#"<w:lvlOverride w:ilvl="0">"#, "</w:lvlOverride>"),
            (r#"<w:lvlOverride w:ilvl="1">"#, "</w:lvlOverride>"),
            ("<w:pPr>", "</w:pPr>"),
            (r#"<o:lvl xmlns:o="urn:o">"#, "</o:lvl>"),
            (r#"<w:lvl xmlns:w="urn:o" w:ilvl="1">"#, "</w:lvl>"),
        ];
        const EMPTY: &[&str] = &[
            r#"<w:abstractNum w:abstractNumId="3"/>"#,
            r#"<w:num w:numId="4"/>"#,
            r#"<w:abstractNumId w:val="1"/>"#,
            r#"<w:abstractNumId w:val="2"/>"#,
            r#"<w:lvl w:ilvl="2"/>"#,
            r#"<w:lvlOverride w:ilvl="2"/>"#,
            r#"<w:startOverride w:val="5"/>"#,
            r#"<w:start w:val="3"/>"#,
            r#"<w:numFmt w:val="upperRoman"/>"#,
            r#"<w:lvlText w:val="%1.%2.%3"/>"#,
            r#"<w:pStyle w:val="H1"/>"#,
            r#"<w:lvlRestart w:val="0"/>"#,
            r#"<w:numStyleLink w:val="NS"/>"#,
            r#"<w:styleLink w:val="NS"/>"#,
            "<!-- <w:num> -->",
            " ",
        ];
        fn next(seed: &mut u64, n: usize) -> usize {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            (*seed % n as u64) as usize
        }
        for _ in 0..next(seed, 5) {
            if depth == 0 || next(seed, 3) == 0 {
                out.push_str(EMPTY[next(seed, EMPTY.len())]);
                continue;
            }
            let (open, close) = PAIRS[next(seed, PAIRS.len())];
            out.push_str(open);
            random_tree(seed, depth - 1, out);
            out.push_str(close);
        }
    }

    #[test]
    fn random_numbering_reads_as_read_in_place() {
        let mut seed = 0x2545_F491_4F6C_DD1D;
        for round in 0..3000 {
            let mut inner = String::new();
            random_tree(&mut seed, 4, &mut inner);
            let xml = part(&inner);
            same(&xml, 64);
            // Cut short, and with a low nesting limit: the same errors.
            same(&xml[..xml.len() * (round % 7 + 3) / 10], 64);
            same(&xml, 4);
        }
    }

    #[test]
    fn bindings_kept_for_levels_cost_no_more_than_the_part() {
        // Each definition's levels declare a namespace: the bindings are copied for each,
        // until copies have cost as many entries as the bytes read; the rest are read in place.
        let many: String = (0..300)
            .map(|i| format!(r#" xmlns:p{i}="urn:p""#))
            .collect();
        let defs: String = (0..60)
            .map(|i| format!(r#"<w:abstractNum w:abstractNumId="{i}"><w:lvl xmlns:q="urn:q" w:ilvl="0"><w:lvlText w:val="{i}"/></w:lvl></w:abstractNum><w:num w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>"#))
            .collect();
        let xml = format!(r#"<w:numbering xmlns:w="{W}"{many}>{defs}</w:numbering>"#);
        let n = parse(xml.as_bytes(), &styles(), 64).unwrap();
        let deferred = n
            .abstracts
            .values()
            .filter(|a| !a.levels.deferred.is_empty());
        let deferred = deferred.count();
        assert!(deferred > 0 && deferred < 60, "{deferred}");
        same(xml.as_bytes(), 64);
    }

    #[test]
    fn numbering_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Numbering>();
    }

    #[test]
    fn formats_render_like_word() {
        let r = |f: NumFormat, v: i64| {
            let mut s = String::new();
            f.render(v, &mut s);
            s
        };
        for (format, value, shown) in [
            (NumFormat::Decimal, 12, "12"),
            (NumFormat::DecimalZero, 7, "07"),
            (NumFormat::DecimalZero, 12, "12"),
            (NumFormat::LowerLetter, 1, "a"),
            (NumFormat::LowerLetter, 27, "aa"),
            (NumFormat::UpperLetter, 28, "BB"),
            (NumFormat::LowerRoman, 4, "iv"),
            (NumFormat::UpperRoman, 1994, "MCMXCIV"),
            (NumFormat::Ordinal, 1, "1st"),
            (NumFormat::Ordinal, 12, "12th"),
            (NumFormat::Ordinal, 23, "23rd"),
            (NumFormat::None, 3, ""),
        ] {
            assert_eq!(r(format, value), shown, "{format:?} {value}");
        }
    }
}
