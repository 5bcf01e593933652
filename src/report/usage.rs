//! The example program's command-line mistakes, as one line in the reader's language. The
//! example parses its arguments with clap, whose messages exist in English only; it hands the
//! mistake over as a [`UsageError`], and the sentence is made here, as every other one is.

use crate::lang::Lang;

/// A mistake on the command line, as the example program reports it: one line, in English or
/// Japanese, ending with a pointer to `--help`.
///
/// ```
/// use fedramp_ssp::{Lang, UsageError};
///
/// let missing = UsageError::Missing(vec!["--list <LIST>".into(), "<FILES>...".into()]);
/// assert_eq!(
///     missing.message(Lang::En),
///     "the following required arguments were not provided: --list <LIST>; <FILES>... (see --help)"
/// );
/// assert_eq!(
///     missing.message(Lang::Ja),
///     "必要な引数が指定されていません: --list <LIST>、<FILES>...（--help を参照）"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UsageError {
    /// Required arguments that were not given, as the help names them (`--list <LIST>`).
    Missing(Vec<String>),
    /// An argument the command does not take.
    UnknownArgument {
        /// As typed.
        argument: String,
        /// A similar argument the command takes.
        suggestion: Option<String>,
    },
    /// A command that does not exist.
    UnknownCommand {
        /// As typed.
        command: String,
        /// A similar command.
        suggestion: Option<String>,
    },
    /// A value an argument does not take.
    InvalidValue {
        /// The argument, as the help names it (`--format <FORMAT>`).
        argument: String,
        /// The value given.
        value: String,
        /// The values it takes (empty when they cannot be listed).
        valid: Vec<String>,
    },
    /// An argument given more than once, or with another it cannot be used with.
    Conflict {
        /// The argument, as the help names it (`--format <FORMAT>`).
        argument: String,
        /// The argument given before it: itself when it was given twice (or `None`).
        with: Option<String>,
    },
    /// Any other mistake, in the argument parser's own words (English).
    Other(String),
}

impl UsageError {
    /// The mistake on one line, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let said = self.said(lang);
        lang.pick(
            format!("{said} (see --help)"),
            format!("{said}（--help を参照）"),
        )
    }

    fn said(&self, lang: Lang) -> String {
        match self {
            UsageError::Missing(arguments) => lang.pick(
                format!(
                    "the following required arguments were not provided: {}",
                    arguments.join("; ")
                ),
                format!("必要な引数が指定されていません: {}", arguments.join("、")),
            ),
            UsageError::UnknownArgument {
                argument,
                suggestion,
            } => {
                let said = lang.pick(
                    format!("unexpected argument '{argument}' found"),
                    format!("この引数は使えません: '{argument}'"),
                );
                with_tip(said, suggestion.as_deref(), lang, "argument", "引数")
            }
            UsageError::UnknownCommand {
                command,
                suggestion,
            } => {
                let said = lang.pick(
                    format!("unrecognized subcommand '{command}'"),
                    format!("このコマンドはありません: '{command}'"),
                );
                with_tip(said, suggestion.as_deref(), lang, "subcommand", "コマンド")
            }
            UsageError::InvalidValue {
                argument,
                value,
                valid,
            } => invalid_value(argument, value, valid, lang),
            UsageError::Conflict { argument, with } => match with {
                Some(other) if other != argument => lang.pick(
                    format!("the argument '{argument}' cannot be used with '{other}'"),
                    format!("'{argument}' は '{other}' と一緒に使えません"),
                ),
                _ => lang.pick(
                    format!("the argument '{argument}' cannot be used multiple times"),
                    format!("'{argument}' は一度しか指定できません"),
                ),
            },
            UsageError::Other(text) => lang.pick(
                text.clone(),
                format!("コマンドラインが正しくありません（{text}）"),
            ),
        }
    }
}

/// `said`, and the similar name the parser found, if any.
fn with_tip(said: String, suggestion: Option<&str>, lang: Lang, en: &str, ja: &str) -> String {
    match suggestion {
        Some(s) => lang.pick(
            format!("{said}; tip: a similar {en} exists: '{s}'"),
            format!("{said}。似た{ja}: '{s}'"),
        ),
        None => said,
    }
}

fn invalid_value(argument: &str, value: &str, valid: &[String], lang: Lang) -> String {
    // An empty value is how the parser reports a value left out (as its own message says).
    let said = match value {
        "" => lang.pick(
            format!("a value is required for '{argument}' but none was supplied"),
            format!("'{argument}' に値を指定してください"),
        ),
        _ => lang.pick(
            format!("invalid value '{value}' for '{argument}'"),
            format!("'{value}' は '{argument}' に使えない値です"),
        ),
    };
    if valid.is_empty() {
        return said;
    }
    let valid = valid.join(", ");
    lang.pick(
        format!("{said}; possible values: {valid}"),
        format!("{said}（使える値: {valid}）"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<UsageError> {
        vec![
            UsageError::Missing(vec!["<FILES>...".into()]),
            UsageError::UnknownArgument {
                argument: "--formt".into(),
                suggestion: Some("--format".into()),
            },
            UsageError::UnknownArgument {
                argument: "-x".into(),
                suggestion: None,
            },
            UsageError::UnknownCommand {
                command: "scpoe".into(),
                suggestion: Some("scope".into()),
            },
            UsageError::InvalidValue {
                argument: "--format <FORMAT>".into(),
                value: "xml".into(),
                valid: vec!["text".into(), "json".into()],
            },
            UsageError::InvalidValue {
                argument: "--name <NAME>".into(),
                value: String::new(),
                valid: Vec::new(),
            },
            UsageError::Conflict {
                argument: "--kind <KIND>".into(),
                with: Some("--kind <KIND>".into()),
            },
            UsageError::Conflict {
                argument: "--json".into(),
                with: Some("--format <FORMAT>".into()),
            },
            UsageError::Other("the argument '--kind <KIND>' cannot be used more than once".into()),
        ]
    }

    #[test]
    fn every_mistake_is_one_line_in_each_language_and_names_what_was_typed() {
        for e in every_kind() {
            let (en, ja) = (e.message(Lang::En), e.message(Lang::Ja));
            for text in [&en, &ja] {
                assert_eq!(text.lines().count(), 1, "{text}");
                assert!(text.contains("--help"), "{text}");
            }
            assert_ne!(en, ja);
            assert!(!ja.is_ascii(), "{ja}");
            let typed = match &e {
                UsageError::Missing(a) => a.join(""),
                UsageError::UnknownArgument { argument, .. } => argument.clone(),
                UsageError::UnknownCommand { command, .. } => command.clone(),
                UsageError::InvalidValue { value, .. } => value.clone(),
                UsageError::Conflict { argument, .. } => argument.clone(),
                UsageError::Other(text) => text.clone(),
            };
            assert!(en.contains(&typed) && ja.contains(&typed), "{en} / {ja}");
        }
    }
}
