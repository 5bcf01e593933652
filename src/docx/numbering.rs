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

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use crate::docx::limits::Limits;
use crate::docx::styles::Styles;
use crate::docx::xml;
use crate::error::Result;

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

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: ByLevel<Level>,
    num_style_link: Option<String>,
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: i64,
    level_overrides: ByLevel<Level>,
    start_overrides: ByLevel<i64>,
}

/// The numbering definitions of a document.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<i64, AbstractNum>,
    nums: HashMap<u32, Num>,
    /// numId → the abstractNum id whose levels and counters it uses (links followed).
    resolved: HashMap<u32, i64>,
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
        Numbering::parse_with(part, bytes, styles, Limits::default().max_depth)
    }

    /// [`Numbering::parse`] with a limit on element nesting.
    pub(crate) fn parse_with(
        part: &str,
        bytes: &[u8],
        styles: &Styles,
        max_depth: usize,
    ) -> Result<Numbering> {
        let mut parser = NumberingParser::default();
        xml::read_part(part, bytes, max_depth, &mut parser)?;
        let mut numbering = parser.numbering;
        numbering.resolve_links(styles);
        Ok(numbering)
    }

    fn resolve_links(&mut self, styles: &Styles) {
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

    /// The levels of `num_id`, its `w:num` and abstract definition looked up once.
    fn levels_of(&self, num_id: u32) -> Option<NumLevels<'_>> {
        let num = self.nums.get(&num_id)?;
        let abstract_levels = self
            .resolved
            .get(&num_id)
            .and_then(|id| self.abstracts.get(id))
            .map(|a| &a.levels);
        Some(NumLevels {
            num,
            abstract_levels,
        })
    }
}

/// The effective levels of one `w:num`: its whole-level overrides, else its abstract
/// definition's levels.
struct NumLevels<'n> {
    num: &'n Num,
    abstract_levels: Option<&'n ByLevel<Level>>,
}

impl<'n> NumLevels<'n> {
    fn level(&self, i: usize) -> Option<&'n Level> {
        self.num
            .level_overrides
            .get(i)
            .or_else(|| self.abstract_levels?.get(i))
    }

    /// Where level `i` starts: the `w:num`'s start override, else the level's `w:start`.
    fn start(&self, i: usize) -> i64 {
        let over = self.num.start_overrides.get(i).copied();
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
#[derive(Default)]
struct NumberingParser {
    numbering: Numbering,
    abs: Option<(i64, AbstractNum)>,
    num: Option<(u32, Num)>,
    lvl: Option<(usize, Level)>,
    override_ilvl: Option<usize>,
}

impl xml::PartHandler for NumberingParser {
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
}

impl NumberingParser {
    fn start_override(&mut self, e: &BytesStart<'_>) {
        if let (Some((_, n)), Some(i), Some(v)) =
            (self.num.as_mut(), self.override_ilvl, xml::val_int(e))
        {
            n.start_overrides.set(i, v);
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
        if let Some((_, n)) = self.num.as_mut() {
            n.level_overrides.set(i, level);
        } else if let Some((_, a)) = self.abs.as_mut() {
            a.levels.set(i, level);
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
            for i in levels.num.start_overrides.levels() {
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
