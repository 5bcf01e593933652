//! Stage 6, names: a name as the document writes it, cleaned and annotated (the rules are documented on [`ServiceName`]).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::text::{collapse_whitespace, collapsed, is_collapsed, is_invisible, split_enumeration};

/// The most characters of a cell (or a query) read as one name with its annotations: real ones
/// are under 400; the rest of a longer text is not read.
pub(crate) const MAX_NAME_TEXT: usize = 1_000;

/// The most names one annotation list keeps ("formerly A, B, ...", "incl. A, B, ...").
const MAX_ANNOTATED: usize = 64;

/// A service name as the document writes it, split into the clean name and Microsoft's
/// annotations, with its comparison key, aliases and parent.
///
/// | rule | display name | key |
/// | --- | --- | --- |
/// | Unicode NFKC (full-width forms) | applied | applied |
/// | whitespace of any kind | collapsed to one space | collapsed |
/// | invisible format characters (ZWSP, ZWJ, soft hyphen, BOM, bidi marks) | removed | removed |
/// | ™ ® © ℠ | removed | removed |
/// | footnote marks (`*`, `**`, `†`, `‡`, superscript digits) at the end | removed | removed |
/// | dashes and quotes | kept | unified (`-`, `'`, `"`) |
/// | case | kept | folded |
/// | "(formerly X)", "(previously X)", "(formerly known as X)", "(旧称 X)" | removed | removed; X is a former name |
/// | "(incl. A, B, and C)", "(including ...)", "(A、B を含む)" | removed | removed; A, B, C are included services |
/// | quotes around the name ("「X」"), note references at its end ("※1", "(*1)"), ending punctuation | removed | removed |
/// | the Japanese middle dot between words ("X・Y") | a space | a space |
/// | "(part of X)" | removed | removed; X is the family |
/// | "(replaced by X)", "(preview)", other notes | removed | removed; kept as notes |
/// | what follows a line break in the cell | removed | removed; read for the annotations above, else a note |
/// | trailing abbreviation in parentheses, "(AKS)" | kept | removed, becomes an alias |
/// | qualifier in parentheses, "(Free and Basic)" | kept | kept, so editions stay distinct |
///
/// "App Service: API Apps" keeps its parent, "App Service".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceName {
    /// The name as the document writes it, cleaned and without annotations.
    pub display: String,
    /// The normalized key names are compared by.
    pub key: String,
    /// Abbreviations given in parentheses ("AKS") or as "also known as".
    pub aliases: Vec<String>,
    /// For "Parent: Child" names, the parent's display name.
    pub parent: Option<String>,
    /// Older names the document gives: "(formerly Azure Sentinel)".
    pub former_names: Vec<String>,
    /// Services the entry includes: "(incl. Application Insights, Log Analytics, ...)".
    pub includes: Vec<String>,
    /// The family the service is part of: "(part of Azure AI Language)".
    pub part_of: Option<String>,
    /// Other remarks: "(replaced by Logic Apps)", text after a line break.
    pub notes: Vec<String>,
}

impl ServiceName {
    /// Parses a raw name. `None` when nothing is left after cleaning. Only the first 1,000
    /// characters are read (a real name with its annotations is under 400), and each annotation
    /// list keeps at most 64 names, so that a hostile cell costs bounded work.
    ///
    /// ```
    /// use fedramp_ssp::ServiceName;
    ///
    /// let aks = ServiceName::parse("Azure\u{a0}Kubernetes Service (AKS)*").unwrap();
    /// assert_eq!(aks.display, "Azure Kubernetes Service (AKS)");
    /// assert_eq!(aks.key, "azure kubernetes service");
    /// assert_eq!(aks.aliases, ["AKS"]);
    ///
    /// let sentinel = ServiceName::parse("Microsoft Sentinel (formerly Azure Sentinel)").unwrap();
    /// assert_eq!(sentinel.display, "Microsoft Sentinel");
    /// assert_eq!(sentinel.former_names, ["Azure Sentinel"]);
    ///
    /// let luis = ServiceName::parse("Azure AI services: QnA Maker\n(part of Azure AI Language)").unwrap();
    /// assert_eq!(luis.display, "Azure AI services: QnA Maker");
    /// assert_eq!(luis.parent.as_deref(), Some("Azure AI services"));
    /// assert_eq!(luis.part_of.as_deref(), Some("Azure AI Language"));
    /// ```
    pub fn parse(raw: &str) -> Option<ServiceName> {
        let raw = raw
            .char_indices()
            .nth(MAX_NAME_TEXT)
            .map_or(raw, |(end, _)| raw.get(..end).unwrap_or(raw));
        let mut lines = raw
            .split(is_line_break)
            .map(clean)
            .filter(|l| !l.is_empty());
        let mut first = lines.next()?;
        // Already clean and collapsed: only a name that carried something is rebuilt.
        if let Cow::Owned(tidy) = tidied(&first) {
            first = collapsed(&tidy).into_owned();
        }
        let mut name = ServiceName::default();
        let base = name.take_annotations(&first);
        for line in lines {
            let rest = name.take_annotations(&line);
            if !rest.is_empty() {
                name.notes.push(rest);
            }
        }
        let display = trim_marks(&base);
        let (base, abbreviation) = split_abbreviation(&display);
        let key = normalize_key(&base);
        if key.is_empty() {
            return None;
        }
        name.aliases.splice(0..0, abbreviation);
        // "Web Apps (App Service)", "Azure for Education (Imagine)": a qualifier that is not an
        // edition is another name as well (it stays in the display name and key).
        if let Some((_, q)) = split_qualifier(&display)
            && !is_edition(q)
            && !name.aliases.iter().any(|a| a == q)
        {
            name.aliases.push(q.to_string());
        }
        name.parent = display
            .split_once(": ")
            .map(|(p, _)| p.trim().to_string())
            .filter(|p| !p.is_empty());
        name.display = display;
        name.key = key;
        Some(name)
    }

    /// Removes the annotations from one cleaned line, recording them; returns what is left.
    fn take_annotations(&mut self, line: &str) -> String {
        let mut kept = String::with_capacity(line.len());
        let mut last = 0;
        for (start, end) in paren_groups(line) {
            let inner = line.get(start + 1..end).unwrap_or("");
            let Some(annotation) = Annotation::read(inner) else {
                continue;
            };
            kept.push_str(line.get(last..start).unwrap_or(""));
            last = end + 1;
            self.record(annotation);
        }
        kept.push_str(line.get(last..).unwrap_or(""));
        // Unparenthesized: "Name, formerly X" or "Name – formerly X".
        let kept = match unparenthesized_annotation(&kept) {
            Some((name, annotation)) => {
                self.record(annotation);
                name
            }
            None => kept,
        };
        trim_marks(&collapse_whitespace(&kept))
    }

    fn record(&mut self, annotation: Annotation) {
        let push_all = |list: &mut Vec<String>, names: Vec<String>| {
            for n in names.iter().map(|n| trim_marks(n)) {
                if list.len() >= MAX_ANNOTATED {
                    break;
                }
                if !n.is_empty() && !list.contains(&n) {
                    list.push(n);
                }
            }
        };
        match annotation {
            Annotation::Former(names) => push_all(&mut self.former_names, names),
            Annotation::Includes(names) => push_all(&mut self.includes, names),
            Annotation::AlsoKnownAs(names) => push_all(&mut self.aliases, names),
            Annotation::PartOf(family) => {
                let family = trim_marks(&family);
                if !family.is_empty() && self.part_of.is_none() {
                    self.part_of = Some(family);
                }
            }
            Annotation::Note(note) => push_all(&mut self.notes, vec![note]),
        }
    }
}

/// An annotation Microsoft writes in parentheses beside a name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Annotation {
    Former(Vec<String>),
    Includes(Vec<String>),
    AlsoKnownAs(Vec<String>),
    PartOf(String),
    Note(String),
}

/// Then as Microsoft's Japanese pages write it: "Microsoft Entra ID (旧称 Azure Active
/// Directory)", "Azure 前払い (旧称: 年額コミットメント)"; "(旧 DocumentDB)" for short; "Azure
/// Synapse Analytics (以前の Azure SQL DW)", "Data Lake Storage Gen1 (以前の Azure Data Lake
/// Store)" (azure-docs.ja-jp, Data Share and Data Lake Storage Gen1).
const FORMER: [&str; 18] = [
    "formerly known as ",
    "formerly called ",
    "formerly named ",
    "formerly ",
    "previously known as ",
    "previously called ",
    "previously named ",
    "previously ",
    "renamed from ",
    "f.k.a. ",
    "fka ",
    // What follows the colon is trimmed with the names.
    "旧称:",
    "旧称 ",
    "旧名:",
    "旧名 ",
    "旧:",
    "旧 ",
    "以前の",
];

/// How a Japanese note says what an entry includes, after the names: "(Application Insights、
/// Log Analytics を含む)", "(... などを含む)".
const INCLUDES_AFTER: [&str; 2] = ["などを含む", "を含む"];
const INCLUDES: [&str; 6] = [
    "incl. ",
    "incl ",
    "including ",
    "includes ",
    "inc. ",
    "includes: ",
];
const AKA: [&str; 4] = ["also known as ", "a.k.a. ", "aka ", "also called "];
const PART_OF: [&str; 2] = ["part of ", "a part of "];
const NOTES: [&str; 10] = [
    "replaced by ",
    "superseded by ",
    "succeeded by ",
    "retired",
    "retiring",
    "deprecated",
    "preview",
    "public preview",
    "see ",
    "note",
];

impl Annotation {
    /// Reads the inside of a parenthesized group; `None` when it is not an annotation (an
    /// abbreviation or an edition qualifier, which belong to the name).
    fn read(inner: &str) -> Option<Annotation> {
        let inner = inner.trim();
        if let Some(rest) = strip_any(inner, &FORMER) {
            return Some(Annotation::Former(split_enumeration(rest)));
        }
        if let Some(rest) = strip_any(inner, &INCLUDES) {
            return Some(Annotation::Includes(split_enumeration(rest)));
        }
        if let Some(rest) = INCLUDES_AFTER
            .iter()
            .find_map(|s| inner.strip_suffix(s))
            .map(str::trim_end)
            .filter(|r| !r.is_empty())
        {
            return Some(Annotation::Includes(split_enumeration(rest)));
        }
        if let Some(rest) = strip_any(inner, &AKA) {
            return Some(Annotation::AlsoKnownAs(split_enumeration(rest)));
        }
        if let Some(rest) = strip_any(inner, &PART_OF) {
            return Some(Annotation::PartOf(rest.trim().to_string()));
        }
        let lower = inner.to_ascii_lowercase();
        NOTES
            .iter()
            .any(|n| lower.starts_with(n))
            .then(|| Annotation::Note(inner.to_string()))
    }
}

/// `s` without the first of `prefixes` it starts with (ASCII case-insensitive).
fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        let head = s.get(..p.len())?;
        (head.eq_ignore_ascii_case(p) && s.len() > p.len()).then(|| s.get(p.len()..))?
    })
}

/// "Name, formerly X" / "Name – formerly X" / "Name incl. X": an annotation after a
/// separator, outside parentheses.
///
/// Most names have none of the separators: each is looked for only when the line has its
/// dot, comma or dash (a memchr), not with a substring search per separator and name.
fn unparenthesized_annotation(line: &str) -> Option<(String, Annotation)> {
    if line.contains('.')
        && let Some(at) = line.find(" incl. ").or_else(|| line.find(" Incl. "))
        && !line.get(..at).unwrap_or("").contains('(')
    {
        let annotation = Annotation::read(line.get(at + 1..).unwrap_or(""))?;
        return Some((line.get(..at).unwrap_or("").to_string(), annotation));
    }
    for (mark, sep) in [
        (',', ", "),
        ('-', " - "),
        ('\u{2013}', " \u{2013} "),
        ('\u{2014}', " \u{2014} "),
    ] {
        if !line.contains(mark) {
            continue;
        }
        let mut from = 0;
        while let Some(i) = line.get(from..).and_then(|rest| rest.find(sep)) {
            let at = from + i;
            let tail = line.get(at + sep.len()..).unwrap_or("");
            if strip_any(tail, &FORMER).is_some() || strip_any(tail, &INCLUDES).is_some() {
                let annotation = Annotation::read(tail)?;
                return Some((line.get(..at).unwrap_or("").to_string(), annotation));
            }
            from = at + sep.len();
        }
    }
    None
}

/// The byte ranges (open, close) of the top-level parenthesized groups of a line. A group left
/// open runs to the end of the line (Microsoft's page once wrote "Storage: Blobs (Incl. Azure
/// Data Lake Storage Gen2" without the closing parenthesis); its `close` is the line's length.
fn paren_groups(line: &str) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (i, c) in line.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push((open, i));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        groups.push((open, line.len()));
    }
    groups
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{2122}' | '\u{00AE}' | '\u{00A9}' | '\u{2120}')
}

fn is_footnote_mark(c: char) -> bool {
    matches!(
        c,
        '*' | '\u{2020}'
            | '\u{2021}'
            | '\u{00B9}'
            | '\u{00B2}'
            | '\u{00B3}'
            | '\u{2070}'
            | '\u{2074}'..='\u{2079}' | '\u{204E}' | '\u{2217}' | '※'
    )
}

/// Trailing footnote marks and whitespace, and leading bullets, off a cleaned name.
fn trim_marks(s: &str) -> String {
    s.trim_end_matches(|c: char| is_footnote_mark(c) || c.is_whitespace())
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '•' | '-' | '\u{2013}' | '\u{2014}')
        })
        .trim()
        .to_string()
}

/// Cleans a name for display: marks, invisible characters and trailing footnote marks removed,
/// NFKC applied (except to the removed marks, which NFKC would spell out), whitespace collapsed.
/// Annotations are kept: [`ServiceName::parse`] reads them.
///
/// Each step borrows its input when it would leave it unchanged, so that a name already clean
/// (most are) is copied once, at the end.
pub fn clean(raw: &str) -> String {
    // Superscript digits are footnote marks only at the end; strip them before NFKC turns them
    // into plain digits.
    let visible = without_marks(raw);
    let trimmed = visible.trim_end_matches(|c: char| is_footnote_mark(c) || c.is_whitespace());
    trim_marks(&collapsed(&without_stray_parens(&nfkc(trimmed))))
}

/// What a name (the first line of a cell, or a query) copied from a spreadsheet or a Japanese
/// page carries around it, taken off: the quotes or brackets it is written in ("「Azure
/// Functions」", “Azure Functions”), a note reference at its end ("※1", "*1", "(※1)") or
/// start ("※"), punctuation at its end (".", "、", "。", ";", ":", ","); the Japanese middle
/// dot between words ("Azure・Functions", "アプリケーション・ゲートウェイ") is a space.
/// Borrowed when there is none (most names).
fn tidied(s: &str) -> Cow<'_, str> {
    const BUSY: [char; 14] = [
        '「', '」', '『', '』', '【', '】', '"', '\'', '“', '”', '‘', '’', '※', '・',
    ];
    const PUNCTUATION: [char; 6] = ['.', ',', ';', ':', '、', '。'];
    let end = s.trim_end();
    let clean_end = !end.ends_with(PUNCTUATION) && without_note_reference(end).len() == end.len();
    if !s.contains(BUSY) && clean_end {
        return Cow::Borrowed(s);
    }
    let mut out = unquoted(s.trim()).replace('・', " ");
    // Each round takes one thing off the end; a name has a few at most.
    for _ in 0..4 {
        let before = out.len();
        let end = out.trim_end().trim_end_matches(PUNCTUATION);
        out = without_note_reference(end).trim_end().to_string();
        if out.len() == before {
            break;
        }
    }
    let out = out.trim_start_matches(|c: char| c == '※' || c.is_whitespace());
    Cow::Owned(unquoted(out).to_string())
}

/// `s` without the quotes or brackets that enclose it whole (a name typed in quotes).
pub(crate) fn unquoted(s: &str) -> &str {
    const PAIRS: [(char, char); 7] = [
        ('「', '」'),
        ('『', '』'),
        ('【', '】'),
        ('"', '"'),
        ('\'', '\''),
        ('“', '”'),
        ('‘', '’'),
    ];
    PAIRS
        .iter()
        .find_map(|(open, close)| {
            let inner = s.strip_prefix(*open)?.strip_suffix(*close)?;
            (!inner.trim().is_empty()).then(|| inner.trim())
        })
        .unwrap_or(s)
}

/// `s` without a note reference at its end: "※1", "*2", "※", or one in parentheses, "(※1)",
/// "(*1)".
fn without_note_reference(s: &str) -> &str {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = s.len() - digits.len();
    if number <= 2
        && let Some(rest) = digits.strip_suffix(['※', '*'])
    {
        return rest;
    }
    if let Some(inner) = s.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
        && let Some(mark) = inner.get(open + 1..)
        && mark.starts_with(['※', '*'])
        && mark.len() <= 6
        && mark.chars().skip(1).all(|c| c.is_ascii_digit())
    {
        return inner.get(..open).unwrap_or(s);
    }
    s
}

/// `s` without trademark signs and invisible characters; borrowed when it has none (ASCII text
/// never has: they are all outside ASCII).
fn without_marks(s: &str) -> Cow<'_, str> {
    let removed = |c: char| is_mark(c) || is_invisible(c);
    if s.is_ascii() || !s.chars().any(removed) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !removed(*c)).collect())
}

/// `s` in NFKC; borrowed when it already is (ASCII is its own NFKC form, and the quick check
/// answers "yes" for most other text without decomposing it).
fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// A closing parenthesis with no opening one before it is a typo ("Web Application
/// Firewall)" on Microsoft's 2021 page): dropped. `s` is borrowed when it has none.
fn without_stray_parens(s: &str) -> Cow<'_, str> {
    // Parentheses are ASCII: a byte never mistakes part of another character for one.
    let mut keep = not_stray_paren();
    if s.bytes().all(|b| keep(&char::from(b))) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(not_stray_paren()).collect())
}

/// A filter over the characters of a text, in order: false for a closing parenthesis that
/// closes nothing.
fn not_stray_paren() -> impl FnMut(&char) -> bool {
    let mut depth = 0usize;
    move |c| match c {
        '(' => {
            depth += 1;
            true
        }
        ')' if depth == 0 => false,
        ')' => {
            depth -= 1;
            true
        }
        _ => true,
    }
}

/// Splits a trailing parenthesized abbreviation ("(AKS)") off a cleaned name.
fn split_abbreviation(display: &str) -> (String, Vec<String>) {
    let trimmed = display.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let abbr = inner.get(open + 1..).unwrap_or("").trim();
        let base = inner.get(..open).unwrap_or("").trim();
        if is_abbreviation(abbr) && !base.is_empty() {
            return (base.to_string(), vec![abbr.to_string()]);
        }
    }
    (trimmed.to_string(), Vec::new())
}

/// An abbreviation is one short token with at least two capitals and no spaces: AKS, RDFE,
/// IoT, ASE, AAD. "(Classic)", "(Free and Basic)" and "(P1 + P2)" are qualifiers.
fn is_abbreviation(s: &str) -> bool {
    let len = s.chars().count();
    (2..=10).contains(&len)
        && !s.contains(char::is_whitespace)
        && s.chars().filter(char::is_ascii_uppercase).count() >= 2
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '&' | '.'))
}

/// A trailing parenthesized qualifier and the name before it: ("Microsoft Entra ID", "Free").
pub(crate) fn split_qualifier(name: &str) -> Option<(&str, &str)> {
    // Japanese text writes no space before a parenthesis: "Azure Functions（関数）".
    let (base, q) = name.strip_suffix(')')?.rsplit_once('(')?;
    (!base.trim().is_empty() && !q.trim().is_empty() && !q.contains('('))
        .then(|| (base.trim(), q.trim()))
}

/// Tier and plan words that name an edition in parentheses ("(Free)", "(Premium P1 + P2)") and
/// also written after a name without them, as people type editions ("Azure Front Door
/// Premium", "Exchange Online Kiosk", "AKS Automatic", "Event Hubs Dedicated"): the lookup
/// reads a query ending in them as that edition.
pub(crate) const TIER_WORDS: [&str; 15] = [
    "free",
    "basic",
    "premium",
    "pro",
    "standard",
    "enterprise",
    "developer",
    "consumption",
    "isolated",
    "serverless",
    "hyperscale",
    "kiosk",
    "automatic",
    "dedicated",
    "plan",
];

/// Words that name an edition only in parentheses, "(Classic)", "(Preview)", "(Single)": after
/// a name without them they may belong to it ("Azure Government", "Azure Database for MySQL
/// Single").
const QUALIFIER_WORDS: [&str; 11] = [
    "classic",
    "professional",
    "preview",
    "edition",
    "sku",
    "tier",
    "government",
    "gcc",
    "shared",
    "single",
    "flexible",
];

/// Whether a qualifier names an edition (tier, plan, generation, deployment option) rather
/// than another name of the service; a word in the plural too ("(Plans)").
pub(crate) fn is_edition(qualifier: &str) -> bool {
    qualifier.chars().any(|c| c.is_ascii_digit() || c == '+')
        || qualifier.chars().next().is_some_and(char::is_lowercase)
        || qualifier.split(|c: char| !c.is_alphanumeric()).any(|w| {
            let w = w.to_lowercase();
            let w = singular_end(&w);
            TIER_WORDS.contains(&w.as_ref()) || QUALIFIER_WORDS.contains(&w.as_ref())
        })
}

/// The words of an edition qualifier, for comparing editions: "Premium P1 + P2" → {premium,
/// p1, p2}; "Free and Basic" → {free, basic}.
pub(crate) fn qualifier_words(qualifier: &str) -> std::collections::BTreeSet<String> {
    qualifier
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "and" | "or" | "plan" | "plans"))
        .map(str::to_lowercase)
        .collect()
}

/// The comparison key of a name: NFKC, marks removed, dashes and quotes unified, whitespace
/// collapsed, case folded.
pub fn normalize_key(name: &str) -> String {
    let folded = fold_case(clean(name));
    // Spaces around dashes and slashes are not significant: "A – B" = "A-B".
    let mut key = if is_collapsed(&folded) {
        folded
    } else {
        collapse_whitespace(&folded)
    };
    for (sep, around, before, after) in [("-", " - ", " -", "- "), ("/", " / ", " /", "/ ")] {
        if key.contains(sep) {
            key = key
                .replace(around, sep)
                .replace(before, sep)
                .replace(after, sep);
        }
    }
    key
}

/// A cleaned name with dashes and quotes unified and case folded. ASCII (most names) is folded
/// in place: its only dash or quote to unify is the backtick.
fn fold_case(mut cleaned: String) -> String {
    if !cleaned.is_ascii() {
        return fold_case_unicode(&cleaned);
    }
    cleaned.make_ascii_lowercase();
    if cleaned.contains('`') {
        cleaned = cleaned.replace('`', "'");
    }
    cleaned
}

/// [`fold_case`] of any text, character by character.
fn fold_case_unicode(cleaned: &str) -> String {
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.chars() {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Brand prefixes Microsoft has put before product names over the years, longest first. A
/// person may type any of them, or none: "Bastion" = "Azure Bastion" = "Microsoft Azure
/// Bastion"; "Azure AI Document Intelligence" = "Document Intelligence"; "Cognitive Services
/// Personalizer" = "Personalizer". "Microsoft 365", "Office 365" and "Power" are not among
/// them: they name product lines ("Microsoft 365 Defender" is not "Azure Defender", "Power BI"
/// is never "BI").
const BRAND_PREFIXES: [&str; 17] = [
    "microsoft azure ai foundry ",
    "microsoft azure ai ",
    "microsoft azure ",
    "azure cognitive services ",
    "azure ai foundry ",
    "azure ai services ",
    "microsoft foundry ",
    "microsoft entra ",
    "cognitive services ",
    "foundry tools ",
    "azure ai ",
    "foundry ",
    "microsoft ",
    "azure ",
    "ms ",
    // Written without the company name: "Entra Domain Services", "AI Search".
    "entra ",
    "ai ",
];

/// Brand suffixes of the same kind: "Azure Speech in Foundry Tools" = "Azure AI Speech".
const BRAND_SUFFIXES: [&str; 5] = [
    " in foundry tools",
    " in foundry models",
    " in azure ai foundry",
    " in foundry",
    " online",
];

/// Words a family prefix ("Azure AI services: Face", "Azure AI Foundry: Azure AI Face",
/// "Foundry Tools: Containers") is made of when it only names the brand: such a prefix is set
/// aside like a brand prefix. "App Service: Web Apps" and "Storage: Blobs" keep theirs.
const BRAND_FAMILY_WORDS: [&str; 8] = [
    "azure",
    "microsoft",
    "ai",
    "services",
    "cognitive",
    "foundry",
    "tools",
    "applied",
];

/// Words that name no service on their own: vendor words and the generic nouns of product
/// names, in English and as Microsoft's Japanese documentation writes them. A query made only
/// of these ("Azure", "Data", "Storage", "サービス") gets suggestions, never a match.
const GENERIC: [&str; 53] = [
    "azure",
    "microsoft",
    "ms",
    "office",
    "365",
    "m365",
    "o365",
    "foundry",
    "ai",
    "data",
    "storage",
    "service",
    "services",
    "cloud",
    "app",
    "apps",
    "application",
    "applications",
    "security",
    "compute",
    "network",
    "networking",
    "management",
    "analytics",
    "platform",
    "online",
    "portal",
    "tools",
    "web",
    "database",
    "databases",
    "server",
    "servers",
    "power",
    "id",
    "the",
    "for",
    "and",
    "of",
    "in",
    "on",
    "サービス",
    "ストレージ",
    "データ",
    "データベース",
    "サーバー",
    "アプリ",
    "アプリケーション",
    "セキュリティ",
    "ネットワーク",
    "クラウド",
    "ポータル",
    "管理",
];

/// The words of a key, split at spaces, hyphens, colons and slashes.
pub(crate) fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split([' ', '-', ':', '/'])
        .filter(|w| !w.is_empty() && *w != "+")
}

/// Whether a key is made only of vendor and generic words (or of nothing).
pub fn is_generic(key: &str) -> bool {
    words(key).all(|w| GENERIC.contains(&w))
}

/// The key without brand prefixes ("Microsoft", "Azure", "Azure AI", "Foundry", ...), brand
/// families ("Azure AI services: "), brand suffixes (" in Foundry Tools", " online") and a
/// trailing " api", with hyphens read as spaces ("arc-enabled" = "arc enabled") and "Arc
/// enabled" read as "Arc": the form lookups compare loosely. Microsoft lists "Azure
/// Arc-enabled servers" and writes "Azure Arc servers" in its own documentation (Defender for
/// Cloud: "the respective Azure Arc servers for GCP virtual machines"). Nothing is set aside
/// that would leave a single generic word or nothing ("Azure Storage" stays, "Azure AI
/// services" becomes "ai services").
pub fn core_key(key: &str) -> String {
    // A brand word joined by a hyphen is one too: "azure-monitor", as Microsoft's
    // documentation addresses name its services (learn.microsoft.com/azure/azure-monitor/).
    let spaced = if key.contains('-') {
        Cow::Owned(collapse_whitespace(&key.replace('-', " ")))
    } else {
        Cow::Borrowed(key)
    };
    let mut k = spaced.trim();
    if let Some((family, rest)) = k.split_once(": ")
        && words(family).all(|w| BRAND_FAMILY_WORDS.contains(&w))
        && !too_vague(rest)
    {
        k = rest.trim();
    }
    'strip: loop {
        for p in BRAND_PREFIXES {
            if let Some(rest) = k.strip_prefix(p)
                && !too_vague(rest)
            {
                k = rest.trim_start();
                continue 'strip;
            }
        }
        for s in BRAND_SUFFIXES.iter().chain(&[" api"]) {
            if let Some(rest) = k.strip_suffix(s)
                && !too_vague(rest)
            {
                k = rest.trim_end();
                continue 'strip;
            }
        }
        break;
    }
    let k = collapsed(k).into_owned();
    match k.split_once("arc enabled ") {
        Some((before, after)) if before.is_empty() || before.ends_with(' ') => {
            format!("{before}arc {after}")
        }
        _ => k,
    }
}

/// Whether a key names Microsoft's AI family by one of its brand names: "cognitive services",
/// "azure ai services", "azure ai foundry", "foundry tools", "microsoft foundry" (made only of
/// brand-family words, at least one of them other than "azure"/"microsoft"/"ai").
pub fn is_brand_family(key: &str) -> bool {
    let mut any = false;
    for w in words(key) {
        if !BRAND_FAMILY_WORDS.contains(&w) {
            return false;
        }
        any |= !matches!(w, "azure" | "microsoft" | "ai");
    }
    any
}

/// Nothing, or one generic word: what a brand prefix or suffix must not be stripped down to.
fn too_vague(rest: &str) -> bool {
    // A qualifier does not count: "id (free)" is as vague as "id".
    let bare = rest.split(" (").next().unwrap_or(rest);
    let mut w = words(bare);
    match (w.next(), w.next()) {
        (None, _) => true,
        (Some(only), None) => GENERIC.contains(&only),
        _ => false,
    }
}

/// The core key without spaces, hyphens, colons and slashes: "sign-up portal" = "signup
/// portal", "data box" = "databox", "import/export" = "import export", "storage: blobs" =
/// "storage blobs"; "+" and "&" alone as "and"; without a "for" between two words, which
/// people leave out ("Azure Cache Redis" for "Azure Cache for Redis", "Azure Database
/// PostgreSQL"); the last word singular: "event hubs" = "event hub". Lookups compare names
/// equal in this form as the same service.
pub fn compact_key(key: &str) -> String {
    let mut core = core_key(key);
    if core.contains('\'') {
        core = core.replace("'s ", " ");
    }
    let mut end = core.as_str();
    while let Some(rest) = end.strip_suffix("'s") {
        end = rest;
    }
    // The text between the dropped characters, copied a piece at a time.
    let mut compact = String::with_capacity(end.len());
    // A "for" after a word, kept aside until another word follows it.
    let mut held_for = false;
    let singular = singular_end(end);
    for piece in singular.split([' ', '-', '\'', '/', ':']) {
        if piece.is_empty() {
            continue;
        }
        held_for = piece == "for" && !compact.is_empty() && !held_for;
        if !held_for {
            compact.push_str(sign_as_and(piece));
        }
    }
    if held_for {
        compact.push_str("for");
    }
    compact
}

/// "+" and "&" written alone between words read as "and": Microsoft's own overview of "Cost
/// Management and Billing" is titled "What is Cost Management + Billing?".
fn sign_as_and(piece: &str) -> &str {
    match piece {
        "+" | "&" => "and",
        _ => piece,
    }
}

/// The text with its last word singular, as people type either: "Event Hubs" / "Event Hub",
/// "Logic Apps" / "Logic App", "Virtual Machines" / "Virtual Machine", and as the Azure portal
/// names its lists of resources: "Firewall policies" / "Firewall policy", "Container
/// registries", "Public IP prefixes", "Public IP addresses". Only a final "s" after at least
/// three letters, and not "ss", "us" or "is" ("access", "bus", "analysis"), nor a word that
/// ends in a qualifier or digit, nor "series"; "ies" is read as "y", "xes" and "sses" lose
/// their "es".
pub(crate) fn singular_end(text: &str) -> Cow<'_, str> {
    let last = text.rsplit([' ', '-']).next().unwrap_or(text);
    let plural = last.len() >= 4
        && last.is_ascii()
        && last.bytes().all(|b| b.is_ascii_lowercase())
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("is")
        && !matches!(last, "series" | "species");
    if !plural {
        return Cow::Borrowed(text);
    }
    if last.len() >= 5
        && let Some(stem) = text.strip_suffix("ies")
    {
        return Cow::Owned(format!("{stem}y"));
    }
    if last.ends_with("xes") || last.ends_with("sses") {
        return Cow::Borrowed(text.strip_suffix("es").unwrap_or(text));
    }
    Cow::Borrowed(text.strip_suffix('s').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean`, `normalize_key` and `compact_key` as they were before their fast paths (each
    /// step rebuilt the text character by character): the fast paths must give the same
    /// answers.
    mod reference {
        use unicode_normalization::UnicodeNormalization;

        use super::super::{is_footnote_mark, is_mark, trim_marks};
        use crate::text::is_invisible;

        fn collapse(s: &str) -> String {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        }

        pub fn clean(raw: &str) -> String {
            let visible: String = raw
                .chars()
                .filter(|c| !is_mark(*c) && !is_invisible(*c))
                .collect();
            let trimmed =
                visible.trim_end_matches(|c: char| is_footnote_mark(c) || c.is_whitespace());
            let nfkc: String = trimmed.nfkc().collect();
            let mut depth = 0usize;
            let parens: String = nfkc
                .chars()
                .filter(|c| match c {
                    '(' => {
                        depth += 1;
                        true
                    }
                    ')' if depth == 0 => false,
                    ')' => {
                        depth -= 1;
                        true
                    }
                    _ => true,
                })
                .collect();
            trim_marks(&collapse(&parens))
        }

        pub fn normalize_key(name: &str) -> String {
            let mut out = String::new();
            for c in clean(name).chars() {
                let c = match c {
                    '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
                        '-'
                    }
                    '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
                    '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
                    c => c,
                };
                out.extend(c.to_lowercase());
            }
            let mut key = collapse(&out);
            for (sep, around, before, after) in [("-", " - ", " -", "- "), ("/", " / ", " /", "/ ")]
            {
                key = key
                    .replace(around, sep)
                    .replace(before, sep)
                    .replace(after, sep);
            }
            key
        }

        pub fn compact_key(key: &str) -> String {
            let core = super::core_key(key).replace("'s ", " ");
            let singular = super::singular_end(core.trim_end_matches("'s"));
            let words: Vec<&str> = singular
                .split([' ', '-', '\'', '/', ':'])
                .filter(|w| !w.is_empty())
                .collect();
            // A "for" after a kept word, not itself after a dropped "for", with a word after it.
            let mut kept: Vec<&str> = Vec::new();
            let mut dropped = false;
            for (i, w) in words.iter().enumerate() {
                if *w == "for" && !kept.is_empty() && !dropped && i + 1 < words.len() {
                    dropped = true;
                    continue;
                }
                dropped = false;
                kept.push(if matches!(*w, "+" | "&") { "and" } else { w });
            }
            kept.concat()
        }
    }

    /// Names to compare the fast paths with the reference on: every name of the rename table,
    /// names as SSPs write them, and thousands of texts drawn from pieces that exercise each
    /// rule (ASCII, whitespace of every kind, zero-width and bidi characters, marks, footnote
    /// marks, full-width and half-width Japanese, ligatures, combining marks, dashes, quotes,
    /// stray parentheses).
    fn sample_names() -> Vec<String> {
        const PIECES: [&str; 53] = [
            "Azure",
            " + ",
            " & ",
            "for",
            " for ",
            ": ",
            "AKS",
            "sql",
            "x",
            "9",
            " ",
            "  ",
            "\t",
            "\u{0B}",
            "\n",
            "\r\n",
            "(",
            ")",
            "`",
            "'",
            "-",
            " - ",
            "/",
            " / ",
            "*",
            "**",
            "•",
            "\u{2013}",
            "\u{2014}",
            "\u{a0}",
            "\u{200B}",
            "\u{200D}",
            "\u{AD}",
            "\u{FEFF}",
            "\u{202E}",
            "\u{2122}",
            "\u{AE}",
            "\u{B9}",
            "\u{2074}",
            "ＡＺＵＲＥ",
            "\u{3000}",
            "ｱｽﾞｰﾙ",
            "東京",
            "ﬁ",
            "e\u{301}",
            "É",
            "İ",
            "ß",
            "Σ",
            "\u{2019}",
            "\u{201C}",
            "\u{2212}",
            "😀",
        ];
        let mut names: Vec<String> = include_str!("renames.txt")
            .lines()
            .flat_map(|l| l.split("=>"))
            .map(str::to_string)
            .collect();
        names.extend(
            [
                "Azure\u{a0}Kubernetes Service (AKS)*",
                "Microsoft Azure Stack Edge\u{2122}",
                "Customer\u{2019}s Lockbox",
                "Azure\u{200B} Mon\u{00AD}itor",
                "Web Application Firewall)",
                "Azure Database for PostgreSQL \u{2013} Flexible Server",
                "Azure Resource Manager\u{00B9}",
                "ＡＺＵＲＥ　ＤＮＳ",
                "",
                " ",
                "()",
                ")(",
            ]
            .map(str::to_string),
        );
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..6000 {
            let mut name = String::new();
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(state >> 60) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                name.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
            }
            names.push(name);
        }
        names
    }

    #[test]
    fn the_last_word_is_read_singular_as_the_portal_writes_lists() {
        for (plural, singular) in [
            ("event hubs", "event hub"),
            ("firewall policies", "firewall policy"),
            ("container registries", "container registry"),
            ("public ip prefixes", "public ip prefix"),
            ("public ip addresses", "public ip address"),
            ("hpc caches", "hpc cache"),
            ("azure time series", "azure time series"),
            ("service bus", "service bus"),
            ("azure access", "azure access"),
        ] {
            assert_eq!(singular_end(plural), singular, "{plural}");
        }
    }

    #[test]
    fn fast_paths_give_the_reference_answers() {
        for key in [
            "x's's",
            "azure policy's guest's",
            "a 's",
            "'s",
            "event-hubs's",
        ] {
            assert_eq!(compact_key(key), reference::compact_key(key), "{key:?}");
        }
        for name in sample_names() {
            assert_eq!(clean(&name), reference::clean(&name), "clean {name:?}");
            let key = normalize_key(&name);
            assert_eq!(
                key,
                reference::normalize_key(&name),
                "normalize_key {name:?}"
            );
            assert_eq!(
                compact_key(&key),
                reference::compact_key(&key),
                "compact_key {key:?}"
            );
            assert_eq!(
                compact_key(&name),
                reference::compact_key(&name),
                "{name:?}"
            );
        }
    }

    #[test]
    fn a_plural_last_word_is_its_singular() {
        for (a, b) in [
            ("event hubs", "event hub"),
            ("azure logic apps", "logic app"),
            ("virtual machines", "virtual machine"),
        ] {
            assert_eq!(compact_key(a), compact_key(b), "{a}");
        }
        for (a, b) in [
            ("service bus", "service bu"),
            ("azure analysis", "azure analysi"),
            ("azure access", "azure acces"),
            ("azure dns", "azure dn"),
            ("storage gen2s", "storage gen2"),
        ] {
            assert_ne!(compact_key(a), compact_key(b), "{a}");
        }
    }

    #[test]
    fn keys() {
        assert_eq!(
            normalize_key("Azure Database for PostgreSQL \u{2013} Flexible Server"),
            "azure database for postgresql-flexible server"
        );
        assert_eq!(normalize_key("ＡＺＵＲＥ　ＤＮＳ"), "azure dns");
        assert_eq!(
            normalize_key("Microsoft Azure Stack Edge\u{2122}"),
            "microsoft azure stack edge"
        );
        assert_eq!(
            normalize_key("Azure Resource Manager*"),
            "azure resource manager"
        );
        assert_eq!(
            normalize_key("Azure Resource Manager\u{00B9}"),
            "azure resource manager"
        );
        assert_eq!(
            normalize_key("Customer\u{2019}s Lockbox"),
            "customer's lockbox"
        );
        assert_eq!(
            normalize_key("Azure\u{200B} Mon\u{00AD}itor"),
            "azure monitor"
        );
    }

    #[test]
    fn qualifiers_stay_abbreviations_go() {
        let free = ServiceName::parse("Azure Active Directory (Free and Basic)").unwrap();
        let p = ServiceName::parse("Azure Active Directory (Premium P1 + P2)").unwrap();
        assert_ne!(free.key, p.key);
        assert!(free.aliases.is_empty());
        let rdfe = ServiceName::parse("Azure Service Manager (RDFE)").unwrap();
        assert_eq!(rdfe.key, "azure service manager");
        assert_eq!(rdfe.aliases, ["RDFE"]);
        assert!(
            ServiceName::parse("Cloud Services (Classic)")
                .unwrap()
                .aliases
                .is_empty()
        );
    }

    #[test]
    fn annotations() {
        let m = ServiceName::parse(
            "Azure Monitor (incl. Application Insights, Log Analytics, and Application Change Analysis)",
        )
        .unwrap();
        assert_eq!(m.display, "Azure Monitor");
        assert_eq!(
            m.includes,
            [
                "Application Insights",
                "Log Analytics",
                "Application Change Analysis"
            ]
        );
        let edge = ServiceName::parse("Azure Stack Edge (formerly Data Box Edge) *").unwrap();
        assert_eq!(edge.display, "Azure Stack Edge");
        assert_eq!(edge.former_names, ["Data Box Edge"]);
        let luis = ServiceName::parse(
            "Azure AI Language Understanding (LUIS) \n (part of Azure AI Language)",
        )
        .unwrap();
        assert_eq!(luis.display, "Azure AI Language Understanding (LUIS)");
        assert_eq!(luis.aliases, ["LUIS"]);
        assert_eq!(luis.part_of.as_deref(), Some("Azure AI Language"));
        let s = ServiceName::parse("Scheduler (replaced by Logic Apps)").unwrap();
        assert_eq!(s.display, "Scheduler");
        assert_eq!(s.notes, ["replaced by Logic Apps"]);
        let open =
            ServiceName::parse("Storage: Blobs (Incl. Azure Data Lake Storage Gen2").unwrap();
        assert_eq!(open.display, "Storage: Blobs");
        assert_eq!(open.includes, ["Azure Data Lake Storage Gen2"]);
        let disks = ServiceName::parse("Storage: Disks (incl. managed disks)").unwrap();
        assert_eq!(disks.display, "Storage: Disks");
        assert_eq!(disks.includes, ["managed disks"]);
        let bare = ServiceName::parse("Network Watcher incl. Traffic Analytics").unwrap();
        assert_eq!(bare.display, "Network Watcher");
        assert_eq!(bare.includes, ["Traffic Analytics"]);
        let stray = ServiceName::parse("Web Application Firewall)").unwrap();
        assert_eq!(stray.display, "Web Application Firewall");
        let comma = ServiceName::parse("Microsoft Sentinel, formerly Azure Sentinel").unwrap();
        assert_eq!(comma.display, "Microsoft Sentinel");
        assert_eq!(comma.former_names, ["Azure Sentinel"]);
        let entra = ServiceName::parse("Microsoft Entra ID (Free)").unwrap();
        assert_eq!(entra.display, "Microsoft Entra ID (Free)");
        let note = ServiceName::parse("Azure Monitor\nCollects telemetry.").unwrap();
        assert_eq!(note.display, "Azure Monitor");
        assert_eq!(note.notes, ["Collects telemetry."]);
    }

    #[test]
    fn what_people_copy_around_a_name_is_taken_off() {
        let display = |raw: &str| ServiceName::parse(raw).map(|n| n.display);
        for raw in [
            "「Azure Functions」",
            "『Azure Functions』",
            "\"Azure Functions\"",
            "“Azure Functions”",
            "'Azure Functions'",
            "Azure Functions.",
            "Azure Functions、",
            "Azure Functions;",
            "Azure Functions ※",
            "※Azure Functions",
            "Azure Functions *1",
            "Azure Functions※2",
            "Azure Functions（※1）",
            "Azure Functions (*1)",
            "「Azure Functions」※1",
        ] {
            assert_eq!(display(raw).as_deref(), Some("Azure Functions"), "{raw}");
        }
        assert_eq!(
            display("Azure・Functions").as_deref(),
            Some("Azure Functions")
        );
        assert_eq!(
            display("アプリケーション・ゲートウェイ").as_deref(),
            Some("アプリケーション ゲートウェイ")
        );
        // A number that belongs to the name stays; a quote inside a name too.
        assert_eq!(display("Microsoft 365").as_deref(), Some("Microsoft 365"));
        assert_eq!(
            display("Windows 10 IoT Core Services").as_deref(),
            Some("Windows 10 IoT Core Services")
        );
        assert_eq!(
            display("Azure Policy's guest configuration").as_deref(),
            Some("Azure Policy's guest configuration")
        );
        // Only the name's line: a note keeps its sentence.
        let note = ServiceName::parse("Azure Monitor.\nCollects telemetry.").unwrap();
        assert_eq!(note.display, "Azure Monitor");
        assert_eq!(note.notes, ["Collects telemetry."]);
    }

    #[test]
    fn quotes_come_off_only_when_they_enclose_a_name() {
        for (quoted, name) in [
            ("「Azure Functions」", "Azure Functions"),
            ("\"Azure Functions\"", "Azure Functions"),
            ("Azure Functions", "Azure Functions"),
            (
                "Azure Policy's guest configuration",
                "Azure Policy's guest configuration",
            ),
            ("「」", "「」"),
        ] {
            assert_eq!(unquoted(quoted), name, "{quoted}");
        }
    }

    #[test]
    fn japanese_annotations_are_read() {
        let sentinel = ServiceName::parse("Microsoft Sentinel（旧称 Azure Sentinel）").unwrap();
        assert_eq!(sentinel.display, "Microsoft Sentinel");
        assert_eq!(sentinel.former_names, ["Azure Sentinel"]);
        let short = ServiceName::parse("Azure Cosmos DB (旧 DocumentDB)").unwrap();
        assert_eq!(short.former_names, ["DocumentDB"]);
        let tight = ServiceName::parse("Azure Cosmos DB（旧：DocumentDB）").unwrap();
        assert_eq!(tight.former_names, ["DocumentDB"]);
        let colon = ServiceName::parse("Azure 前払い (旧称: 年額コミットメント)").unwrap();
        assert_eq!(colon.display, "Azure 前払い");
        assert_eq!(colon.former_names, ["年額コミットメント"]);
        let monitor =
            ServiceName::parse("Azure Monitor（Application Insights、Log Analytics を含む）")
                .unwrap();
        assert_eq!(monitor.display, "Azure Monitor");
        assert_eq!(monitor.includes, ["Application Insights", "Log Analytics"]);
        let synapse = ServiceName::parse("Azure Synapse Analytics (以前の Azure SQL DW)").unwrap();
        assert_eq!(synapse.display, "Azure Synapse Analytics");
        assert_eq!(synapse.former_names, ["Azure SQL DW"]);
        // "旧" without a space starts a word ("旧バージョン"): a qualifier, not a former name.
        let old = ServiceName::parse("Foo (旧バージョン)").unwrap();
        assert!(old.former_names.is_empty());
        // No space before a Japanese parenthesis: the first name alone is the name too.
        assert_eq!(
            split_qualifier("Azure Functions(関数)"),
            Some(("Azure Functions", "関数"))
        );
    }

    #[test]
    fn compact_keys_drop_a_for_between_words_and_colons() {
        let same = |a: &str, b: &str| assert_eq!(compact_key(a), compact_key(b), "{a} / {b}");
        same("azure cache for redis", "azure cache redis");
        same("azure database for postgresql", "database postgresql");
        same("microsoft defender for cloud apps", "defender cloud apps");
        same("storage: blobs", "storage blobs");
        same("app service: web apps", "app service web apps");
        same("cost management + billing", "cost management and billing");
        same("cost management & billing", "cost management and billing");
        // Only between two words: first and last stay, and the second of "for for".
        assert_eq!(compact_key("for education"), "foreducation");
        assert_eq!(compact_key("made for"), "madefor");
        assert_eq!(compact_key("a for for b"), "aforb");
        assert_ne!(
            compact_key("microsoft defender for cloud"),
            compact_key("microsoft defender for cloud apps")
        );
    }

    #[test]
    fn core_keys_drop_brand_prefixes() {
        assert_eq!(
            core_key("microsoft azure kubernetes service"),
            "kubernetes service"
        );
        assert_eq!(core_key("azure"), "azure");
        assert_eq!(core_key("power bi"), "power bi");
        assert_eq!(
            compact_key("power apps portal"),
            compact_key("powerapps portal")
        );
        assert_eq!(
            core_key("azure ai document intelligence"),
            "document intelligence"
        );
        assert_eq!(core_key("azure ai services"), "ai services");
        assert_eq!(core_key("azure ai services: face"), "face");
        assert_eq!(core_key("azure ai foundry: azure ai face"), "face");
        assert_eq!(core_key("foundry: azure speech in foundry tools"), "speech");
        assert_eq!(core_key("cognitive services: face api"), "face");
        assert_eq!(core_key("app service: web apps"), "app service: web apps");
        // "Azure Arc servers" is how Microsoft also writes "Azure Arc-enabled servers".
        assert_eq!(core_key("azure arc-enabled servers"), "arc servers");
        assert_eq!(core_key("azure arc enabled sql server"), "arc sql server");
        assert_eq!(core_key("azure arc servers"), "arc servers");
        assert_eq!(core_key("search enabled things"), "search enabled things");
        assert_eq!(core_key("azure cloud services"), "cloud services");
        assert_eq!(core_key("azure storage"), "azure storage");
        assert_eq!(core_key("microsoft entra id"), "entra id");
        assert_eq!(core_key("sharepoint online"), "sharepoint");
        assert_eq!(core_key("microsoft 365 defender"), "365 defender");
        assert_eq!(
            compact_key("azure policy's guest configuration"),
            "policyguestconfiguration"
        );
        assert_eq!(compact_key("azure sign-up portal"), "signupportal");
        assert!(is_generic("azure storage"));
        assert!(!is_generic("azure sql"));
    }
}
