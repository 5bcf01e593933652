//! Stage 6, names drift: the table of renames, alternative names, retirements and abbreviations (documented on [`Renames`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, read_file};
use crate::scope::names::{compact_key, normalize_key};

const BUILTIN: &str = include_str!("renames.txt");

// The built-in table is checked by a unit test; a parse failure cannot ship.
static BUILTIN_TABLE: OnceLock<Renames> = OnceLock::new();

/// The kind of a table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RenameKind {
    /// The service took a new official name.
    Renamed,
    /// Another name in common use for the same service.
    Alias,
    /// The service was retired; the entry names its successor, a different service.
    Retired,
    /// An abbreviation people use for the service ("AAD", "MCAS"); written `abbrev`.
    #[serde(rename = "abbrev")]
    Abbreviation,
    /// The service is part of another one, as Microsoft's FedRAMP scope page writes "Azure
    /// Monitor (incl. Application Insights, ...)": an SSP that lists only the whole covers the
    /// part. Written `part`.
    #[serde(rename = "part")]
    PartOf,
    /// NEW NAME is another service although its name begins with OLD NAME's words ("Power BI"
    /// is not "Power BI Embedded"): a query for OLD NAME never matches it by leading words.
    Distinct,
}

/// One entry of a rename table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameEntry {
    /// Renamed, alias or retired.
    pub kind: RenameKind,
    /// When the new name appeared (`YYYY-MM` or `YYYY`), if known.
    pub since: Option<String>,
    /// The old (or alternative) name.
    pub from: String,
    /// The new name, or the successor of a retired service (`None`: no successor).
    pub to: Option<String>,
    /// A remark from the table.
    pub note: Option<String>,
}

/// A name resolved through the table: one or more entries followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// The name asked about.
    pub from: String,
    /// The name it resolves to (with the qualifier of `from` carried over).
    pub to: String,
    /// When the last rename on the way happened.
    pub since: Option<String>,
    /// Whether the way led through a retirement (the result is a successor, not the same
    /// service).
    pub retired: bool,
    /// Whether the way led through an official rename; `false` when only alternative names
    /// (`alias` entries) link the two.
    pub official: bool,
    /// What the table cites for each entry followed, in order: the source note of its line
    /// (Microsoft's page and words); an entry without a note adds nothing.
    pub evidence: Vec<String>,
}

/// A rename table: official renames, alternative names, retirements, abbreviations and parts of
/// services. The built-in one (`src/scope/renames.txt`, shipped in the crate, each line dated and
/// sourced) is what lookups, diffs and list checks use; users can parse and add their own tables
/// in the same format.
///
/// ```
/// use fedramp_ssp::Renames;
///
/// let renames = Renames::builtin();
/// let step = renames.forward("Azure Security Center").unwrap();
/// assert_eq!(step.to, "Microsoft Defender for Cloud");
/// assert_eq!(step.since.as_deref(), Some("2021-11"));
///
/// // Qualified forms follow their base name.
/// let step = renames.forward("Azure Active Directory (Free and Basic)").unwrap();
/// assert_eq!(step.to, "Microsoft Entra ID (Free and Basic)");
/// ```
///
/// Two tables are equal when their entries are: everything else is computed from them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Vec<RenameEntry>", into = "Vec<RenameEntry>")]
pub struct Renames {
    entries: Vec<RenameEntry>,
    /// The normalized key of each entry's old name, computed once (lookups compare many).
    keys: Vec<String>,
    /// The first renamed, alias or retired entry for each old name's key, and for its compact
    /// key (without brand prefixes, spaces and hyphens: see `compact_key`).
    by_key: HashMap<String, usize>,
    by_compact: HashMap<String, usize>,
    /// The `renamed` entries after the first for an old name's key: the other halves of a
    /// split (see [`Renames::split_into`]).
    splits: HashMap<String, Vec<usize>>,
    /// The `part` entries for each part's compact key.
    parts: HashMap<String, Vec<usize>>,
    /// The `abbrev` entries: each abbreviation's compact key and its entry's index.
    abbreviations: Vec<(String, usize)>,
    /// The `distinct` entries: the compact keys of the name and of the other service.
    distinct: Vec<(String, String)>,
    /// Every old name with each name its path leads to: (compact key, key, resolution) of that
    /// name, for the reverse direction. Built on first use: it follows the path of every entry,
    /// which costs more than the rest of the table, and only [`Renames::older_names`] needs it
    /// (reading a scope never does).
    older: OnceLock<Vec<(String, String, Resolution)>>,
}

impl PartialEq for Renames {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Renames {}

impl From<Vec<RenameEntry>> for Renames {
    fn from(entries: Vec<RenameEntry>) -> Self {
        Renames::from_entries(entries)
    }
}

impl From<Renames> for Vec<RenameEntry> {
    fn from(r: Renames) -> Self {
        r.entries
    }
}

const MAX_STEPS: usize = 8;

impl Renames {
    /// The table shipped with the crate (`src/scope/renames.txt`). Clone it to add entries.
    pub fn builtin() -> &'static Renames {
        BUILTIN_TABLE.get_or_init(|| Renames::parse("renames.txt", BUILTIN).unwrap_or_default())
    }

    /// Whether [`Renames::builtin`] has been built in this process already.
    pub(crate) fn builtin_is_built() -> bool {
        BUILTIN_TABLE.get().is_some()
    }

    /// An empty table.
    pub fn new() -> Renames {
        Renames::default()
    }

    /// Reads a table from a file (UTF-8, in the format of [`Renames::parse`]).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read, [`Error::InvalidInput`] naming the line of
    /// an entry that cannot be parsed.
    pub fn read(path: impl AsRef<std::path::Path>) -> Result<Renames> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = String::from_utf8(read_file(path)?).map_err(|e| Error::InvalidInput {
            source_name: name.clone(),
            line: 1,
            message: format!(
                "not UTF-8 text (byte {}): save the table as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        })?;
        Renames::parse(&name, &text)
    }

    /// Parses a table: `KIND SINCE OLD NAME => NEW NAME [# note]` a line, `#` comments.
    /// `source` names the table in errors.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the line of an entry that cannot be parsed.
    pub fn parse(source: &str, text: &str) -> Result<Renames> {
        let mut entries = Vec::new();
        for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: &str| Error::InvalidInput {
                source_name: source.to_string(),
                line: i + 1,
                message: format!("{message}: {line:?}"),
            };
            let (body, note) = match split_once_pair(line, *b" #") {
                Some((b, n)) => (
                    b.trim(),
                    Some(n.trim().to_string()).filter(|n| !n.is_empty()),
                ),
                None => (line, None),
            };
            let (first, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            let (second, rest) = rest
                .trim_start()
                .split_once(char::is_whitespace)
                .unwrap_or((rest, ""));
            let kind = match Some(first) {
                Some("renamed") => RenameKind::Renamed,
                Some("alias") => RenameKind::Alias,
                Some("retired") => RenameKind::Retired,
                Some("abbrev") => RenameKind::Abbreviation,
                Some("part") => RenameKind::PartOf,
                Some("distinct") => RenameKind::Distinct,
                _ => {
                    return Err(err(
                        "expected renamed, alias, retired, abbrev, part or distinct first",
                    ));
                }
            };
            let since = match Some(second.trim()) {
                Some("-") => None,
                Some(s) if is_date(s) => Some(s.to_string()),
                _ => return Err(err("expected a date (YYYY or YYYY-MM) or - second")),
            };
            let Some((from, to)) = split_once_pair(rest, *b"=>") else {
                return Err(err("expected OLD NAME => NEW NAME"));
            };
            let (from, to) = (from.trim(), to.trim());
            if from.is_empty() || to.is_empty() {
                return Err(err("a name is empty"));
            }
            entries.push(RenameEntry {
                kind,
                since,
                from: from.to_string(),
                to: (to != "-").then(|| to.to_string()),
                note,
            });
        }
        Ok(Renames::from_entries(entries))
    }

    fn from_entries(entries: Vec<RenameEntry>) -> Renames {
        let keys: Vec<String> = entries.iter().map(|e| normalize_key(&e.from)).collect();
        let compact: Vec<String> = keys.iter().map(|k| compact_key(k)).collect();
        // The first entry for each key wins, as a scan in table order would find it.
        let (mut by_key, mut by_compact) = (HashMap::new(), HashMap::new());
        let mut parts: HashMap<String, Vec<usize>> = HashMap::new();
        let mut splits: HashMap<String, Vec<usize>> = HashMap::new();
        let (mut abbreviations, mut distinct) = (Vec::new(), Vec::new());
        for (i, (e, (k, c))) in entries.iter().zip(keys.iter().zip(compact)).enumerate() {
            match e.kind {
                RenameKind::Abbreviation => abbreviations.push((c, i)),
                RenameKind::Distinct => {
                    if let Some(to) = &e.to {
                        distinct.push((c, compact_key(&normalize_key(to))));
                    }
                }
                RenameKind::PartOf => parts.entry(c).or_default().push(i),
                _ => {
                    let first = *by_key.entry(k.clone()).or_insert(i);
                    if first != i && e.kind == RenameKind::Renamed {
                        splits.entry(k.clone()).or_default().push(i);
                    }
                    by_compact.entry(c).or_insert(i);
                }
            }
        }
        Renames {
            entries,
            keys,
            by_key,
            by_compact,
            splits,
            parts,
            abbreviations,
            distinct,
            older: OnceLock::new(),
        }
    }

    /// Every old name with each name its path leads to (see the field `older`).
    fn older(&self) -> &[(String, String, Resolution)] {
        self.older.get_or_init(|| {
            let mut older = Vec::new();
            for (i, (e, key)) in self.entries.iter().zip(&self.keys).enumerate() {
                if !matches!(e.kind, RenameKind::Renamed | RenameKind::Alias) {
                    continue;
                }
                // An old name once, by its first entry: the paths of later ones (the other
                // halves of a split) begin the same way.
                if self.by_key.get(key) != Some(&i) {
                    continue;
                }
                for r in self.path(&e.from).into_iter().filter(|r| !r.retired) {
                    let key = normalize_key(&r.to);
                    older.push((compact_key(&key), key, r));
                }
                // The other halves of a split, which no path follows.
                for r in self.split_into(&e.from) {
                    let key = normalize_key(&r.to);
                    older.push((compact_key(&key), key, r));
                }
            }
            older
        })
    }

    /// The entries with their old names' keys.
    fn keyed(&self) -> impl Iterator<Item = (&RenameEntry, &str)> {
        self.entries
            .iter()
            .zip(self.keys.iter().map(String::as_str))
            .filter(|(e, _)| {
                !matches!(
                    e.kind,
                    RenameKind::Abbreviation | RenameKind::PartOf | RenameKind::Distinct
                )
            })
    }

    /// Whether `name` is, exactly (apart from case, spaces and marks), an old name in the table,
    /// or the qualified or sub-service form of one ("Cognitive Services: Face").
    pub fn knows(&self, name: &str) -> bool {
        let key = normalize_key(name);
        let base = key
            .split_once(':')
            .or_else(|| key.split_once(" ("))
            .map_or(key.as_str(), |(b, _)| b.trim_end());
        self.keyed().any(|(_, k)| k == key || k == base)
    }

    /// What an abbreviation stands for: the expansions of the `abbrev` entries for `name`
    /// (several when people use one abbreviation for more than one service).
    ///
    /// The abbreviation is compared as written (apart from case), else without spaces and
    /// hyphens: "AppInsights" is "App Insights".
    pub fn expand(&self, name: &str) -> Vec<&str> {
        self.expansion_entries(name)
            .into_iter()
            .filter_map(|e| e.to.as_deref())
            .collect()
    }

    /// The `abbrev` entries [`expand`](Self::expand) follows, with what each cites.
    pub(crate) fn expansion_entries(&self, name: &str) -> Vec<&RenameEntry> {
        let key = normalize_key(name);
        let exact = self.expansions(|k| *k == key);
        if !exact.is_empty() {
            return exact;
        }
        let compact = compact_key(&key);
        self.abbreviations
            .iter()
            .filter(|(c, _)| *c == compact)
            .filter_map(|(_, i)| self.entries.get(*i))
            .filter(|e| e.to.is_some())
            .collect()
    }

    /// The abbreviation entries whose key passes `matches` (those that stand for something).
    fn expansions(&self, matches: impl Fn(&String) -> bool) -> Vec<&RenameEntry> {
        self.abbreviations
            .iter()
            .filter_map(|(_, i)| Some((self.entries.get(*i)?, self.keys.get(*i)?)))
            .filter(|(e, k)| e.to.is_some() && matches(k))
            .map(|(e, _)| e)
            .collect()
    }

    /// The services `name` is part of (`part` entries; the name compared exactly, else without
    /// brand prefixes): "Application Insights" → the entry for "Azure Monitor".
    pub fn part_of(&self, name: &str) -> Vec<&RenameEntry> {
        self.part_of_key(&normalize_key(name))
    }

    /// [`Renames::part_of`] of a name already normalized (a [`crate::ServiceName`]'s key).
    pub(crate) fn part_of_key(&self, key: &str) -> Vec<&RenameEntry> {
        self.parts
            .get(&compact_key(key))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entries.get(i))
            .collect()
    }

    /// The services the table says are not `name` although their names begin with its words
    /// (`distinct` entries), as compact keys.
    pub(crate) fn distinct_from(&self, name: &str) -> Vec<String> {
        let compact = compact_key(&normalize_key(name));
        self.distinct
            .iter()
            .filter(|(from, _)| *from == compact)
            .map(|(_, to)| to.clone())
            .collect()
    }

    /// Adds the entries of another table; they take precedence over this table's.
    pub fn extend(&mut self, other: Renames) {
        let mut entries = other.entries;
        entries.append(&mut self.entries);
        *self = Renames::from_entries(entries);
    }

    /// The entries.
    pub fn entries(&self) -> &[RenameEntry] {
        &self.entries
    }

    /// One step forward: the entry whose old name is `name` (exactly, else with other brand
    /// prefixes, or as the base of a qualified or sub-service form, whose suffix is carried
    /// over). `key` is `name`'s normalized key, which the caller has already computed.
    fn step(&self, name: &str, key: &str) -> Option<(&RenameEntry, String)> {
        if let Some(e) = self
            .by_key
            .get(key)
            .or_else(|| self.by_compact.get(&compact_key(key)))
            .and_then(|&i| self.entries.get(i))
        {
            return Some((e, e.to.clone().unwrap_or_default()));
        }
        // "Base (Qualifier)" and "Base: Sub" follow "Base". The longest base wins.
        let mut best: Option<(&RenameEntry, String, usize)> = None;
        for (e, from) in self.keyed() {
            let Some(rest) = key.strip_prefix(from) else {
                continue;
            };
            if !(rest.starts_with(" (") || rest.starts_with(':')) {
                continue;
            }
            if best.as_ref().is_some_and(|(_, _, len)| *len >= from.len()) {
                continue;
            }
            let Some(to) = &e.to else { continue };
            // Carry the suffix as written in `name`.
            let suffix = suffix_as_written(name, rest);
            best = Some((e, format!("{to}{suffix}"), from.len()));
        }
        best.map(|(e, to, _)| (e, to))
    }

    /// Every name the table leads to from `name`, in order: each with the date of the last
    /// step to it, whether an official rename or a retirement was on the way. A retirement
    /// without successor ends the path with an entry whose `to` is `name`'s last name.
    pub fn path(&self, name: &str) -> Vec<Resolution> {
        let start = name.trim().to_string();
        let mut out: Vec<Resolution> = Vec::new();
        let mut current = start.clone();
        let (mut since, mut retired, mut official) = (None, false, false);
        let mut evidence: Vec<String> = Vec::new();
        // The keys of the names seen, the current one last: "Azure AI Search" leads loosely
        // back to "Azure Search"; stop there.
        let mut seen = vec![normalize_key(&start)];
        while let Some((entry, to)) = self.step(&current, seen.last().map_or("", String::as_str)) {
            if to.is_empty() {
                if entry.kind == RenameKind::Retired {
                    evidence.extend(entry.note.clone());
                    out.push(Resolution {
                        from: start.clone(),
                        to: current.clone(),
                        since: entry.since.clone().or(since),
                        retired: true,
                        official,
                        evidence,
                    });
                }
                break;
            }
            let key = normalize_key(&to);
            if out.len() >= MAX_STEPS || seen.contains(&key) {
                break;
            }
            seen.push(key);
            match entry.kind {
                RenameKind::Retired => retired = true,
                RenameKind::Renamed => official = true,
                RenameKind::Alias
                | RenameKind::Abbreviation
                | RenameKind::PartOf
                | RenameKind::Distinct => {}
            }
            if entry.since.is_some() {
                since = entry.since.clone();
            }
            current = to;
            evidence.extend(entry.note.clone());
            out.push(Resolution {
                from: start.clone(),
                to: current.clone(),
                since: since.clone(),
                retired,
                official,
                evidence: evidence.clone(),
            });
        }
        out
    }

    /// The other new names of a service whose name went to more than one (a split: "Dynamics
    /// 365 for Finance and Operations" became Dynamics 365 Finance and Dynamics 365 Supply Chain
    /// Management): the `renamed` entries for `name` after the first, which [`Renames::path`]
    /// follows. Written as one entry a new name, the old name repeated.
    pub(crate) fn split_into(&self, name: &str) -> Vec<Resolution> {
        self.splits
            .get(&normalize_key(name))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.entries.get(i))
            .filter_map(|e| {
                Some(Resolution {
                    from: name.trim().to_string(),
                    to: e.to.clone()?,
                    since: e.since.clone(),
                    retired: false,
                    official: true,
                    evidence: e.note.clone().into_iter().collect(),
                })
            })
            .collect()
    }

    /// Follows the table forward from `name` to its current name (or successor): the last
    /// name of [`Renames::path`].
    pub fn forward(&self, name: &str) -> Option<Resolution> {
        self.path(name).pop()
    }

    /// The older (or alternative) names of `name`: every name the table leads from to it. A
    /// qualified or sub-service form follows its base: the older names of "Azure AI services:
    /// Face" include "Cognitive Services: Face".
    pub fn older_names(&self, name: &str) -> Vec<Resolution> {
        let key = normalize_key(name);
        let compact = compact_key(&key);
        // "Entra ID (P1)": the base compared loosely too, as the whole name is.
        let base = key
            .find(" (")
            .into_iter()
            .chain(key.find(':'))
            .min()
            .and_then(|at| Some((key.get(..at)?, key.get(at..)?)))
            .map(|(base, rest)| (compact_key(base), rest));
        let mut out = Vec::new();
        for (c, k, r) in self.older() {
            let rest = key
                .strip_prefix(k.as_str())
                .or_else(|| base.as_ref().filter(|(b, _)| b == c).map(|(_, rest)| *rest));
            if *c == compact {
                out.push(Resolution {
                    to: name.trim().to_string(),
                    ..r.clone()
                });
            } else if let Some(rest) = rest
                && (rest.starts_with(" (") || rest.starts_with(':'))
            {
                let suffix = suffix_as_written(name, rest);
                out.push(Resolution {
                    from: format!("{}{suffix}", r.from),
                    to: name.trim().to_string(),
                    ..r.clone()
                });
            }
        }
        out
    }

    /// Whether the table retires `name` (with no rename after it), and the entry that says so.
    pub fn retirement(&self, name: &str) -> Option<&RenameEntry> {
        let key = normalize_key(name);
        self.keyed()
            .find(|(e, k)| e.kind == RenameKind::Retired && *k == key)
            .map(|(e, _)| e)
    }
}

fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let year = parts
        .next()
        .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
    let month = parts
        .next()
        .is_none_or(|m| m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)));
    year && month && parts.next().is_none()
}

/// `text.split_once(sep)` for a separator of two ASCII characters whose second is rare in a
/// line ('#', '>'): memchr finds it, where a `&str` pattern would set up a substring searcher
/// on each of the table's hundreds of lines.
fn split_once_pair(text: &str, sep: [u8; 2]) -> Option<(&str, &str)> {
    let [first, second] = sep;
    let bytes = text.as_bytes();
    memchr::memchr_iter(second, bytes)
        .find(|&i| i > 0 && bytes.get(i - 1) == Some(&first))
        .and_then(|i| Some((text.get(..i - 1)?, text.get(i + 1..)?)))
}

/// The part of `name` (as written) that corresponds to the normalized suffix `rest`.
fn suffix_as_written(name: &str, rest: &str) -> String {
    let cleaned = crate::scope::names::clean(name);
    let count = rest.chars().count();
    let total = cleaned.chars().count();
    cleaned.chars().skip(total.saturating_sub(count)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let t = Renames::parse("renames.txt", BUILTIN).unwrap();
        assert!(t.entries().len() > 30);
        assert_eq!(&t, Renames::builtin());
    }

    #[test]
    fn chains_and_qualifiers() {
        let t = Renames::builtin();
        assert_eq!(t.forward("Azure Search").unwrap().to, "Azure AI Search");
        assert_eq!(
            t.forward("Azure Spring Cloud Service").unwrap().to,
            "Azure Spring Apps"
        );
        assert_eq!(
            t.forward("Azure Security for IoT").unwrap().to,
            "Microsoft Defender for IoT"
        );
        assert_eq!(
            t.forward("Cognitive Services: Face").unwrap().to,
            "Foundry Tools: Face"
        );
        assert_eq!(
            t.path("Cognitive Services: Face")[0].to,
            "Azure AI services: Face"
        );
        assert_eq!(
            t.forward("Azure Active Directory (Premium P1 + P2)")
                .unwrap()
                .to,
            "Microsoft Entra ID (Premium P1 + P2)"
        );
        // Every name on the way, in order.
        let path: Vec<String> = t.path("Azure Search").into_iter().map(|r| r.to).collect();
        assert_eq!(path, ["Azure Cognitive Search", "Azure AI Search"]);
        assert_eq!(t.expand("mcas"), ["Microsoft Cloud App Security"]);
        assert_eq!(t.expand("ASE").len(), 2);
        assert!(t.forward("Azure Kubernetes Service").is_none());
        let acs = t.forward("Azure Container Service").unwrap();
        assert!(acs.retired);
        let ams = t.forward("Azure Media Services").unwrap();
        assert!(ams.retired);
        assert_eq!(ams.to, "Azure Media Services");
        let older: Vec<String> = t
            .older_names("Microsoft Defender for Cloud")
            .into_iter()
            .map(|r| r.from)
            .collect();
        assert!(older.contains(&"Azure Security Center".to_string()));
    }

    #[test]
    fn serde_round_trip_keeps_lookups_working() {
        let json = serde_json::to_string(Renames::builtin()).unwrap();
        let back: Renames = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, Renames::builtin());
        assert_eq!(
            back.forward("Azure Sentinel").unwrap().to,
            "Microsoft Sentinel"
        );
    }

    #[test]
    fn pairs_split_as_split_once() {
        for text in [
            "a #b",
            "a#b #c",
            " #",
            "#",
            "a # b # c",
            "é #ü",
            "a=>b",
            "=>",
            "a=b=>c>",
            "",
        ] {
            for sep in [*b" #", *b"=>"] {
                let want = text.split_once(std::str::from_utf8(&sep).unwrap());
                assert_eq!(split_once_pair(text, sep), want, "{text:?}");
            }
        }
    }

    #[test]
    fn errors_name_the_line() {
        let e = Renames::parse(
            "mine.txt",
            "# c\nrenamed 2021 A => B\nrenamed soon A => B\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("mine.txt, line 3"), "{e}");
        assert!(Renames::parse("x", "moved - A => B").is_err());
        assert!(Renames::parse("x", "alias - A B").is_err());
    }
}
