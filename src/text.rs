//! Plain-text helpers shared by extraction and names: splitting enumerations ("A, B, and C")
//! without breaking parenthesized groups, and the words of a name.

/// Splits `text` at the separators `seps` that are outside parentheses (ASCII and full-width).
/// Pieces are trimmed; empty pieces are dropped.
pub(crate) fn split_top_level(text: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && seps.contains(&c) {
            push_piece(&mut out, text.get(start..i).unwrap_or(""));
            start = i + c.len_utf8();
        }
    }
    push_piece(&mut out, text.get(start..).unwrap_or(""));
    out
}

fn push_piece(out: &mut Vec<String>, piece: &str) {
    let t = piece.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
}

/// The conjunction that may start the last item of an enumeration ("and C", "or C", "& C").
pub(crate) fn strip_conjunction(item: &str) -> &str {
    for c in ["and ", "or ", "& "] {
        if item.len() > c.len()
            && item
                .get(..c.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(c))
        {
            return item.get(c.len()..).unwrap_or(item).trim_start();
        }
    }
    item
}

/// Splits an enumeration of names as Microsoft writes one in an annotation: "A, B, and C",
/// "A; B", or "A and B". A bare " and " splits only when both sides have at least two words, so
/// that "Cost Management and Billing" and "Finance and Operations" stay whole while
/// "Application Insights and Log Analytics" is two names.
pub(crate) fn split_enumeration(text: &str) -> Vec<String> {
    let pieces: Vec<String> = split_top_level(text, &[',', ';', '、', '，', '；'])
        .iter()
        .map(|p| strip_conjunction(p).to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        out.extend(split_and(&piece));
    }
    out
}

/// "A and B" into two names when each side has at least two words (outside parentheses).
fn split_and(piece: &str) -> Vec<String> {
    let depth_free = !piece.contains(['(', '（']);
    if depth_free {
        for sep in [" and ", " & "] {
            if let Some((a, b)) = piece.split_once(sep) {
                let (a, b) = (a.trim(), b.trim());
                if word_count(a) >= 2 && word_count(b) >= 2 && !b.contains(sep.trim()) {
                    return vec![a.to_string(), b.to_string()];
                }
            }
        }
    }
    vec![piece.to_string()]
}

/// The number of whitespace-separated words.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Collapses every run of whitespace to one space and trims.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    collapsed(s).into_owned()
}

/// [`collapse_whitespace`], borrowing `s` when it is already collapsed (most names are): a
/// check of its bytes costs less than rebuilding it word by word.
pub(crate) fn collapsed(s: &str) -> std::borrow::Cow<'_, str> {
    if is_collapsed(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `s` has no whitespace but single spaces between words: what [`collapse_whitespace`]
/// would leave unchanged. ASCII text is checked byte by byte (its whitespace is tab to carriage
/// return, vertical tab included, and space), other text character by character.
pub(crate) fn is_collapsed(s: &str) -> bool {
    // `after_space` starts true: leading whitespace is not collapsed.
    let mut after_space = true;
    let mut step = |space: bool, plain_space: bool| {
        let ok = !space || (plain_space && !after_space);
        after_space = space;
        ok
    };
    let inner = if s.is_ascii() {
        s.bytes()
            .all(|b| step(matches!(b, b'\t'..=b'\r' | b' '), b == b' '))
    } else {
        s.chars().all(|c| step(c.is_whitespace(), c == ' '))
    };
    inner && (s.is_empty() || !after_space)
}

/// Whether a character must not reach a terminal or a one-line message raw: C0 and C1
/// controls (ESC starts the sequences that move the cursor or write the clipboard), DEL, the
/// line and paragraph separators, and the bidirectional controls that reorder what is shown
/// (U+202E).
pub(crate) fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text as one line of an error message: line breaks, other control characters and
/// bidirectional overrides (which a file name, a part name or a document's text may hold)
/// escaped as `\u{a}`, so that a message is always one inert line.
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Invisible format characters that text pasted from the web carries inside words: zero-width
/// space, (non-)joiners, word joiner and invisible operators, byte-order mark, soft hyphen, and
/// bidirectional marks, embeddings and isolates. Word does not show them; they are no part of a
/// name.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
    )
}

/// Edit distance between two strings (Levenshtein, on characters).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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

/// Similarity of two strings in 0.0..=1.0 by edit distance, relative to the longer one.
pub(crate) fn edit_similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 0.0;
    }
    1.0 - edit_distance(a, b) as f64 / longest as f64
}

/// Similarity of two keys in 0.0..=1.0: the better of word overlap (Jaccard) and edit
/// similarity.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let split = |s: &'_ str| -> std::collections::BTreeSet<String> {
        s.split([' ', '-', ':', '/'])
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (ta, tb) = (split(a), split(b));
    let inter = ta.intersection(&tb).count() as f64;
    let union = ta.union(&tb).count() as f64;
    let jaccard = if union > 0.0 { inter / union } else { 0.0 };
    jaccard.max(edit_similarity(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations() {
        assert_eq!(
            split_enumeration(
                "Application Insights, Log Analytics, and Application Change Analysis"
            ),
            [
                "Application Insights",
                "Log Analytics",
                "Application Change Analysis"
            ]
        );
        assert_eq!(
            split_enumeration("Application Insights and Log Analytics"),
            ["Application Insights", "Log Analytics"]
        );
        assert_eq!(
            split_enumeration("Cost Management and Billing"),
            ["Cost Management and Billing"]
        );
        assert_eq!(
            split_enumeration("Data Map, Data Estate Insights, and governance portal"),
            ["Data Map", "Data Estate Insights", "governance portal"]
        );
        assert_eq!(split_enumeration("A (x, y); B"), ["A (x, y)", "B"]);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(similarity("azure kubernetes service", "azure kubernetes services") > 0.9);
        assert!(similarity("azure dns", "power bi") < 0.3);
    }

    #[test]
    fn collapsing_borrows_only_what_is_collapsed() {
        let spaces = [
            " ", "  ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{a0}", "\u{3000}",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let mut longer = Vec::new();
            for t in &texts {
                for piece in spaces.iter().chain(&["a", "é", "\u{1F}", "\u{200B}"]) {
                    longer.push(format!("{t}{piece}"));
                }
            }
            texts.extend(longer);
        }
        for t in texts {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(&t), want, "{t:?}");
            assert_eq!(is_collapsed(&t), t == want, "{t:?}");
        }
    }

    #[test]
    fn invisible_characters() {
        let s: String = "Azure\u{200B} Mon\u{00AD}itor\u{FEFF}"
            .chars()
            .filter(|c| !is_invisible(*c))
            .collect();
        assert_eq!(s, "Azure Monitor");
    }
}
