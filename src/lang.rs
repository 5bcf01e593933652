//! The language of what a person reads: every sentence the crate makes (lookup answers, check
//! remarks and summaries, warnings, table headers, errors) exists in English and in Japanese,
//! the language of the ISMAP users who read Microsoft's FedRAMP scope.

use serde::{Deserialize, Serialize};

/// English or Japanese.
///
/// ```
/// use fedramp_ssp::Lang;
///
/// assert_eq!("ja".parse::<Lang>().ok(), Some(Lang::Ja));
/// assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Some(Lang::Ja));
/// assert_eq!(Lang::from_locale("C.UTF-8"), Some(Lang::En));
/// assert_eq!(Lang::from_locale(""), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// The language a locale name asks for (`ja_JP.UTF-8`, `ja`, `en_US`, `C`): Japanese for
    /// a `ja` locale, English for any other; `None` for an empty name.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let locale = locale.trim();
        if locale.is_empty() {
            return None;
        }
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        Some(if language.eq_ignore_ascii_case("ja") {
            Lang::Ja
        } else {
            Lang::En
        })
    }

    /// The language of the environment, as POSIX looks it up: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set and not empty; English when none is.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|var| std::env::var(var).ok().and_then(|v| Lang::from_locale(&v)))
            .unwrap_or_default()
    }

    /// The code: `en` or `ja`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Every language, for tests that every sentence exists in each.
    pub fn all() -> [Lang; 2] {
        [Lang::En, Lang::Ja]
    }

    /// Picks the text of this language.
    pub(crate) fn pick<T>(self, en: T, ja: T) -> T {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<Lang, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "ja" | "jp" | "japanese" | "日本語" => Ok(Lang::Ja),
            _ => Err(crate::error::Error::InvalidOption {
                option: "the language".to_string(),
                value: s.to_string(),
                expected: "en or ja",
            }),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}
