//! What a cell, list item or line says: the names it enumerates, whether it reads as a name,
//! whether it is a mark.

use std::borrow::Cow;

use crate::text::{split_top_level, strip_conjunction};

/// Qualifier words that may follow a comma inside one name ("Dynamics 365 Sales, Enterprise
/// edition"): a piece ending with one of them continues the name before it.
const QUALIFIER_TAILS: [&str; 12] = [
    "edition", "editions", "plan", "plans", "tier", "tiers", "sku", "version", "versions",
    "preview", "release", "license",
];

/// The services a cell, list item or line names: "A, B, and C" or "A; B" are several; a comma
/// followed by a lowercase word or by a qualifier ("..., Enterprise edition") belongs to the
/// name. Only the first line is split: the lines below it annotate a single name.
pub(super) fn split_listed(text: &str) -> Vec<String> {
    let (first, rest) = match text.split_once('\n') {
        Some((f, r)) => (f, Some(r)),
        None => (text, None),
    };
    let mut names: Vec<String> = Vec::new();
    for group in split_top_level(first, &[';', '；']) {
        let mut pieces: Vec<String> = Vec::new();
        for piece in split_top_level(&group, &[',', '，', '、']) {
            let item = strip_conjunction(&piece);
            let starts_name = item
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphabetic());
            let tail = item
                .split_whitespace()
                .last()
                .is_some_and(|w| QUALIFIER_TAILS.contains(&w.to_lowercase().as_str()));
            match pieces.last_mut() {
                Some(prev) if !starts_name || tail => {
                    prev.push_str(", ");
                    prev.push_str(&piece);
                }
                _ => pieces.push(item.to_string()),
            }
        }
        // "A, B and C": the last item of an enumeration without the serial comma.
        if pieces.len() > 1
            && let Some(last) = pieces.pop()
        {
            pieces.extend(split_last_and(&last));
        }
        names.extend(pieces);
    }
    if let (Some(rest), [only]) = (rest, names.as_mut_slice()) {
        only.push('\n');
        only.push_str(rest);
    }
    names
}

/// "B and C" into two names when both sides are names of at least two words ("Microsoft
/// Bookings and Microsoft Whiteboard"); "Cost Management and Billing" stays whole.
fn split_last_and(item: &str) -> Vec<String> {
    if let Some((a, b)) = item.split_once(" and ")
        && !a.contains('(')
        && a.split_whitespace().count() >= 2
        && b.split_whitespace().count() >= 2
        && b.chars().next().is_some_and(char::is_uppercase)
    {
        return vec![a.trim().to_string(), b.trim().to_string()];
    }
    vec![item.to_string()]
}

/// What an authorization cell says: `Some(true)` for a mark (✅ ✓ ✔ ☑ ☒ √ X Yes
/// ":heavy_check_mark:"), `Some(false)` for an empty cell or a "no" (No, -, ✗, ☐, N/A), `None`
/// for other text.
pub(super) fn mark_value(text: &str) -> Option<bool> {
    let t = text.trim();
    // ASCII (most cells): compared without building a lowercase copy. The words are lowercase,
    // and ASCII text has no variation selector to drop and no character that lowercases to
    // another length.
    if t.is_ascii() {
        return mark_of(|word| t.eq_ignore_ascii_case(word));
    }
    mark_of_any_text(t)
}

/// [`mark_value`] of a trimmed text of any script: variation selectors dropped, a lowercase
/// copy compared with the words.
fn mark_of_any_text(t: &str) -> Option<bool> {
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, '\u{FE0E}' | '\u{FE0F}'))
        .collect::<String>()
        .to_lowercase();
    mark_of(|word| t == word)
}

/// `Some(true)` when `is` holds for a mark word, `Some(false)` when it holds for a "no" word.
fn mark_of(is: impl Fn(&str) -> bool) -> Option<bool> {
    const YES: [&str; 16] = [
        "✅",
        "✓",
        "✔",
        "☑",
        "☒",
        "√",
        "x",
        "yes",
        "y",
        ":heavy_check_mark:",
        ":white_check_mark:",
        ":check:",
        "\u{F0FC}",
        "\u{F0FE}",
        "●",
        "authorized",
    ];
    const NO: [&str; 14] = [
        "",
        "no",
        "n",
        "-",
        "–",
        "—",
        "✗",
        "✘",
        "❌",
        "☐",
        "n/a",
        "na",
        "tbd",
        "not authorized",
    ];
    if YES.iter().any(|w| is(w)) {
        Some(true)
    } else if NO.iter().any(|w| is(w)) {
        Some(false)
    } else {
        None
    }
}

fn is_check_or_number(text: &str) -> bool {
    let t = text.trim();
    mark_value(t).is_some()
        || t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '#' | ' ' | '-' | '(' | ')')
        })
}

/// Whether the first line of a cell or paragraph reads as a service name: some letters, not a
/// mark or a number, and short once parenthesized remarks are set aside ("(part of Azure AI
/// Language)", "(incl. A, B, and C)" do not make a name long).
pub(super) fn is_name_like(text: &str) -> bool {
    let t = text.lines().next().unwrap_or("").trim();
    let bare = outside_parentheses(t);
    !is_check_or_number(t)
        && t.chars().count() <= 400
        && bare.chars().count() <= 100
        && bare.split_whitespace().count() <= 12
        && bare.chars().any(char::is_alphabetic)
}

/// The text outside parenthesized groups (borrowed when it has no parenthesis).
fn outside_parentheses(text: &str) -> Cow<'_, str> {
    if !text.contains(['(', '（', ')', '）']) {
        return Cow::Borrowed(text);
    }
    let mut depth = 0usize;
    let bare = text
        .chars()
        .filter(|c| {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect();
    Cow::Owned(bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `mark_value` as it was before its ASCII path: every text through the lowercase copy.
    fn mark_value_reference(text: &str) -> Option<bool> {
        mark_of_any_text(text.trim())
    }

    #[test]
    fn marks_read_as_before() {
        let words = [
            "✅",
            "✓",
            "✔︎",
            "✔\u{FE0F}",
            "☑",
            "☒",
            "√",
            "x",
            "X",
            "yes",
            "YES",
            "Yes",
            "y",
            "Y",
            ":heavy_check_mark:",
            ":Heavy_Check_Mark:",
            ":white_check_mark:",
            ":check:",
            "\u{F0FC}",
            "\u{F0FE}",
            "●",
            "Authorized",
            "",
            "no",
            "No",
            "N",
            "-",
            "–",
            "—",
            "✗",
            "✘",
            "❌",
            "☐",
            "N/A",
            "n/a",
            "NA",
            "TBD",
            "Not Authorized",
            "not  authorized",
            "Azure",
            "x x",
            "yes!",
            "ＹＥＳ",
            "İ",
            "\u{212A}",
            "ye\u{FE0F}s",
            "nö",
            "1",
            "(x)",
        ];
        for w in words {
            for t in [
                w.to_string(),
                format!(" {w}\t"),
                format!("\u{a0}{w}\u{3000}"),
                format!("{w}."),
            ] {
                assert_eq!(mark_value(&t), mark_value_reference(&t), "{t:?}");
            }
        }
    }
}
