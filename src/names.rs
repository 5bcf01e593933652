//! Stage 6, names: a service name as the document writes it, cleaned, and the normalized key it
//! is compared by.
//!
//! | rule | display name | key |
//! | --- | --- | --- |
//! | Unicode NFKC (full-width forms) | applied | applied |
//! | whitespace of any kind | collapsed to one space | collapsed |
//! | ™ ® © | removed | removed |
//! | trailing footnote marks (`*`, `†`, `‡`, superscript digits) | removed | removed |
//! | dashes and quotes | kept | unified (`-`, `'`, `"`) |
//! | case | kept | folded |
//! | trailing abbreviation in parentheses, "(AKS)" | kept | removed, becomes an alias |
//! | qualifier in parentheses, "(Free and Basic)" | kept | kept, so rows stay distinct |
//!
//! "App Service: API Apps" keeps its parent, "App Service".

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A service name: as displayed, its comparison key, its aliases and its parent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ServiceName {
    /// The name as the document writes it, cleaned.
    pub display: String,
    /// The normalized key names are compared by.
    pub key: String,
    /// Abbreviations given in parentheses ("AKS").
    pub aliases: Vec<String>,
    /// For "Parent: Child" names, the parent's display name.
    pub parent: Option<String>,
}

impl ServiceName {
    /// Parses a raw name. `None` when nothing is left after cleaning.
    ///
    /// ```
    /// use fedramp_ssp::ServiceName;
    ///
    /// let aks = ServiceName::parse("Azure\u{a0}Kubernetes Service (AKS)*").unwrap();
    /// assert_eq!(aks.display, "Azure Kubernetes Service (AKS)");
    /// assert_eq!(aks.key, "azure kubernetes service");
    /// assert_eq!(aks.aliases, ["AKS"]);
    ///
    /// let api = ServiceName::parse("App Service: API Apps").unwrap();
    /// assert_eq!(api.parent.as_deref(), Some("App Service"));
    /// ```
    pub fn parse(raw: &str) -> Option<ServiceName> {
        let display = clean(raw);
        if display.is_empty() {
            return None;
        }
        let (base, aliases) = split_abbreviation(&display);
        let key = normalize_key(&base);
        if key.is_empty() {
            return None;
        }
        let parent = display
            .split_once(": ")
            .map(|(p, _)| p.trim().to_string())
            .filter(|p| !p.is_empty() && p.len() < display.len());
        Some(ServiceName {
            display,
            key,
            aliases,
            parent,
        })
    }
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
            | '\u{2074}'..='\u{2079}' | '\u{204E}' | '\u{2217}'
    )
}

/// Cleans a name for display: marks and trailing footnote marks removed, NFKC applied (except
/// to the removed marks, which NFKC would spell out), whitespace collapsed.
pub fn clean(raw: &str) -> String {
    // Superscript digits are footnote marks only at the end; strip them before NFKC turns them
    // into plain digits.
    let without_marks: String = raw.chars().filter(|c| !is_mark(*c)).collect();
    let trimmed =
        without_marks.trim_end_matches(|c: char| is_footnote_mark(c) || c.is_whitespace());
    let nfkc: String = trimmed.nfkc().collect();
    let collapsed = nfkc.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(|c: char| is_footnote_mark(c) || c.is_whitespace())
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '•' | '-' | '\u{2013}' | '\u{2014}')
        })
        .trim()
        .to_string()
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

/// The comparison key of a name: NFKC, marks removed, dashes and quotes unified, whitespace
/// collapsed, case folded.
pub fn normalize_key(name: &str) -> String {
    let cleaned = clean(name);
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
    // Spaces around dashes and slashes are not significant: "A – B" = "A-B".
    let mut key = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for sep in ["-", "/"] {
        key = key
            .replace(&format!(" {sep} "), sep)
            .replace(&format!(" {sep}"), sep)
            .replace(&format!("{sep} "), sep);
    }
    key
}

/// Vendor words a person may or may not type before a name.
const VENDOR_PREFIXES: [&str; 5] = [
    "microsoft azure ",
    "microsoft ",
    "azure ",
    "ms ",
    "office 365 ",
];

/// The key without vendor prefixes ("microsoft", "azure") and with hyphens read as spaces
/// ("arc-enabled" = "arc enabled"): the form lookups compare loosely.
pub fn core_key(key: &str) -> String {
    let mut k = key.trim();
    loop {
        let before = k;
        for p in VENDOR_PREFIXES {
            if let Some(rest) = k.strip_prefix(p)
                && !rest.trim().is_empty()
            {
                k = rest.trim_start();
            }
        }
        if k == before {
            break;
        }
    }
    k.replace('-', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance between two strings (Levenshtein, on characters).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            let sub = prev.get(j).copied().unwrap_or(usize::MAX - 1) + cost;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = del.min(ins).min(sub);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// Similarity of two keys in 0.0..=1.0: the better of token overlap (Jaccard on words) and
/// normalized edit distance.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let ta: std::collections::BTreeSet<&str> = a
        .split([' ', '-', ':', '/'])
        .filter(|t| !t.is_empty())
        .collect();
    let tb: std::collections::BTreeSet<&str> = b
        .split([' ', '-', ':', '/'])
        .filter(|t| !t.is_empty())
        .collect();
    let inter = ta.intersection(&tb).count() as f64;
    let union = ta.union(&tb).count() as f64;
    let jaccard = if union > 0.0 { inter / union } else { 0.0 };
    let longest = a.chars().count().max(b.chars().count()) as f64;
    let edit = 1.0 - edit_distance(a, b) as f64 / longest;
    jaccard.max(edit)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn core_keys_drop_vendor_words() {
        assert_eq!(
            core_key("microsoft azure kubernetes service"),
            "kubernetes service"
        );
        assert_eq!(core_key("azure"), "azure");
        assert_eq!(core_key("power bi"), "power bi");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(similarity("azure kubernetes service", "azure kubernetes services") > 0.9);
        assert!(similarity("azure dns", "power bi") < 0.3);
    }
}
