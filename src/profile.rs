//! Which sections of which SSP list the in-scope services: profiles, and telling an Azure SSP
//! from an Office 365 one.

use serde::{Deserialize, Serialize};

use crate::scope::Offering;

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

impl std::fmt::Display for SspKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            SspKind::Azure => "azure",
            SspKind::Office365 => "office365",
            SspKind::Custom => "custom",
        })
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
