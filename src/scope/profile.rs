//! Which sections of which SSP list the in-scope services: profiles, and telling an Azure SSP
//! from an Office 365 one.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The kind of offering a service is listed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Offering {
    /// Infrastructure or platform as a service (Azure 9.2.1).
    #[serde(rename = "iaas-paas")]
    IaasPaas,
    /// Software as a service (Azure 9.2.2).
    #[serde(rename = "saas")]
    Saas,
    /// An Office 365 service (Office 365 9.5).
    #[serde(rename = "office365")]
    Office365,
}

impl Offering {
    /// The name used in JSON and CSV: `iaas-paas`, `saas`, `office365`.
    pub fn as_str(self) -> &'static str {
        match self {
            Offering::IaasPaas => "iaas-paas",
            Offering::Saas => "saas",
            Offering::Office365 => "office365",
        }
    }
}

/// One of `choices` by its name (any case, spaces around it ignored).
fn by_name<T: Copy>(s: &str, what: &str, choices: &[(&str, T)]) -> Result<T, Error> {
    let wanted = s.trim().to_ascii_lowercase();
    choices
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            Error::InvalidInput {
                source_name: what.to_string(),
                line: 1,
                message: format!("{s:?} is not one of {}", names.join(", ")),
            }
        })
}

impl std::str::FromStr for Offering {
    type Err = Error;

    /// `iaas-paas`, `saas` or `office365` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = [Offering::IaasPaas, Offering::Saas, Offering::Office365];
        by_name(s, "offering", &all.map(|o| (o.as_str(), o)))
    }
}

impl std::fmt::Display for Offering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The kind of an SSP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SspKind {
    /// Microsoft Azure (commercial cloud).
    Azure,
    /// Office 365 multi-tenant.
    Office365,
    /// A profile the caller built.
    Custom,
}

impl SspKind {
    /// The name used in JSON: `azure`, `office365`, `custom`.
    pub fn as_str(self) -> &'static str {
        match self {
            SspKind::Azure => "azure",
            SspKind::Office365 => "office365",
            SspKind::Custom => "custom",
        }
    }
}

impl std::str::FromStr for SspKind {
    type Err = Error;

    /// `azure`, `office365` or `custom` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let all = [SspKind::Azure, SspKind::Office365, SspKind::Custom];
        by_name(s, "kind", &all.map(|k| (k.as_str(), k)))
    }
}

impl std::fmt::Display for SspKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One section that lists in-scope services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSpec {
    /// The section number where the SSP has it, e.g. `9.2.1`.
    pub number: String,
    /// The section's title, used when the number is missing or holds another section.
    pub title: String,
    /// What kind of offering the services listed there are.
    pub offering: Offering,
}

impl SectionSpec {
    /// A section spec.
    pub fn new(number: impl Into<String>, title: impl Into<String>, offering: Offering) -> Self {
        SectionSpec {
            number: number.into(),
            title: title.into(),
            offering,
        }
    }
}

/// A profile: the sections of one kind of SSP that list in-scope services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The kind of SSP.
    pub kind: SspKind,
    /// The sections.
    pub sections: Vec<SectionSpec>,
}

impl Profile {
    /// Azure: 9.2.1 "Infrastructure and Platforms as a Service Offerings" (IaaS/PaaS) and 9.2.2
    /// "Software as a Service Offerings" (SaaS).
    pub fn azure() -> Profile {
        Profile {
            kind: SspKind::Azure,
            sections: vec![
                SectionSpec::new(
                    "9.2.1",
                    "Infrastructure and Platforms as a Service Offerings",
                    Offering::IaasPaas,
                ),
                SectionSpec::new("9.2.2", "Software as a Service Offerings", Offering::Saas),
            ],
        }
    }

    /// Office 365: 9.5 "Service Description".
    pub fn office365() -> Profile {
        Profile {
            kind: SspKind::Office365,
            sections: vec![SectionSpec::new(
                "9.5",
                "Service Description",
                Offering::Office365,
            )],
        }
    }

    /// A profile of the caller's own sections.
    pub fn custom(sections: Vec<SectionSpec>) -> Profile {
        Profile {
            kind: SspKind::Custom,
            sections,
        }
    }

    /// The built-in profile of a kind (`None` for [`SspKind::Custom`]).
    pub fn for_kind(kind: SspKind) -> Option<Profile> {
        match kind {
            SspKind::Azure => Some(Profile::azure()),
            SspKind::Office365 => Some(Profile::office365()),
            SspKind::Custom => None,
        }
    }
}

/// Tells the kind of an SSP from text of its title page and core properties.
pub fn detect_kind(text: &str) -> Option<SspKind> {
    let t = text.to_lowercase();
    let office = ["office 365", "office365", "microsoft 365", "o365", "m365"]
        .iter()
        .any(|w| t.contains(w));
    let azure = t.contains("azure");
    match (office, azure) {
        (true, _) => Some(SspKind::Office365),
        (false, true) => Some(SspKind::Azure),
        _ => None,
    }
}
