//! Russian: declension of personal names by case and gender.

use super::Gender;

/// A Russian grammatical case, named as on the command line and in Fluent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// Именительный (кто?).
    Nom,
    /// Родительный (кого?).
    Gen,
    /// Дательный (кому?).
    Dat,
    /// Винительный (кого?).
    Acc,
    /// Творительный (кем?).
    Ins,
    /// Предложный (о ком?).
    Prep,
}

impl Case {
    /// Every case, in the order grammars list them.
    pub const ALL: [Case; 6] = [
        Case::Nom,
        Case::Gen,
        Case::Dat,
        Case::Acc,
        Case::Ins,
        Case::Prep,
    ];

    /// The short name: `nom gen dat acc ins prep`.
    pub fn as_str(self) -> &'static str {
        match self {
            Case::Nom => "nom",
            Case::Gen => "gen",
            Case::Dat => "dat",
            Case::Acc => "acc",
            Case::Ins => "ins",
            Case::Prep => "prep",
        }
    }

    /// Parses a short name as returned by [`Case::as_str`].
    pub fn parse(s: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Declines a full personal name ("Руслан Казакбаев") into `case`.
pub fn decline(name: &str, gender: Gender, case: Case) -> String {
    // Placeholder until the rule tables land.
    let _ = (gender, case);
    name.to_string()
}
