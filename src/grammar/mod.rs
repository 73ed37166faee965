//! Grammar a press office needs: Russian declension of personal names and
//! gender agreement, Kyrgyz case suffixes by vowel harmony.
//!
//! Everything here works on plain strings; the Fluent functions in
//! [`crate::render`] and the `tilmech grammar` command are thin layers on top.

pub mod ky;
pub mod ru;

/// Grammatical gender of a person, as given in the event data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Masculine agreement (встретился).
    Male,
    /// Feminine agreement (встретилась).
    Female,
}

impl Gender {
    /// The name used in event files, Fluent selectors and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}
