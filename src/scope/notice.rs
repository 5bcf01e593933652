//! Stage 7, notices: what reading a scope remarks on (a renumbered or retitled section, cells
//! not read as names, a section that states it lists nothing), in English or Japanese.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A remark made while reading an SSP's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Notice {
    /// The section under the expected number has another title; the one found by title is
    /// used.
    Renumbered {
        /// The number asked for ("9.2.1").
        number: String,
        /// The title of the section that has that number.
        found_title: String,
        /// The title asked for.
        expected_title: String,
        /// The title of the section used.
        used_title: String,
        /// Its number ("(unnumbered)" when it has none).
        used_number: String,
    },
    /// No section has the expected number; the one found by title is used.
    FoundByTitle {
        /// The number asked for.
        number: String,
        /// The title of the section used.
        used_title: String,
        /// Its number.
        used_number: String,
    },
    /// The section under the expected number has a similar title; it is used.
    Retitled {
        /// The number.
        number: String,
        /// Its title in the document.
        found_title: String,
        /// The title asked for.
        expected_title: String,
    },
    /// A cell of the service column was not read as a service name.
    SkippedCell {
        /// The section.
        section: String,
        /// The cell's text (at most 80 characters).
        text: String,
    },
    /// More cells of the service column were not read as names.
    MoreSkipped {
        /// The section.
        section: String,
        /// How many more.
        count: usize,
    },
    /// A section states that it lists no services ("None").
    StatesNone {
        /// The section number.
        number: String,
        /// Its title.
        title: String,
    },
}

impl Notice {
    /// The remark in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        sentence(self, lang)
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sentence(self, Lang::En))
    }
}

/// The notice in `lang`: each sentence beside its translation.
fn sentence(n: &Notice, lang: Lang) -> String {
    match n {
        Notice::Renumbered {
            number,
            found_title,
            expected_title,
            used_title,
            used_number,
        } => lang.pick(
            format!("section {number} is titled \"{found_title}\", not \"{expected_title}\"; using \"{used_title}\" found as section {used_number} (renumbered release?)"),
            format!("セクション {number} の見出しは「{found_title}」で「{expected_title}」ではありません。見出しで見つかったセクション {used_number}「{used_title}」を使います（番号が変わった版？）"),
        ),
        Notice::FoundByTitle {
            number,
            used_title,
            used_number,
        } => lang.pick(
            format!("no section {number}; using \"{used_title}\" found by title as section {used_number} (renumbered release?)"),
            format!("セクション {number} がありません。見出しで見つかったセクション {used_number}「{used_title}」を使います（番号が変わった版？）"),
        ),
        Notice::Retitled {
            number,
            found_title,
            expected_title,
        } => lang.pick(
            format!("section {number} is titled \"{found_title}\", expected \"{expected_title}\"; using it (titles are similar)"),
            format!("セクション {number} の見出しは「{found_title}」で、期待した「{expected_title}」と似ているため使います"),
        ),
        Notice::SkippedCell { section, text } => lang.pick(
            format!("section {section}: a cell of the service column was not read as a service name: \"{text}\""),
            format!("セクション {section}: サービス列のセルをサービス名として読みませんでした: 「{text}」"),
        ),
        Notice::MoreSkipped { section, count } => lang.pick(
            format!("section {section}: {count} more cells of the service column were not read as service names"),
            format!("セクション {section}: ほかにサービス列のセル {count} 個をサービス名として読みませんでした"),
        ),
        Notice::StatesNone { number, title } => lang.pick(
            format!("section {number} \"{title}\" states that it lists no services"),
            format!("セクション {number}「{title}」にはサービスがないと書かれています"),
        ),
    }
}
