//! Kyrgyz: case suffixes chosen by vowel harmony and the stem's final sound.

/// A Kyrgyz grammatical case, named as on the command line and in Fluent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// Атооч (nominative): no suffix.
    Nom,
    /// Илик (genitive): -нын/-нин/-дын/-тын…
    Gen,
    /// Барыш (dative): -га/-ге/-ка/-ке…
    Dat,
    /// Табыш (accusative): -ны/-ни/-ды/-ты…
    Acc,
    /// Жатыш (locative): -да/-де/-та/-те…
    Loc,
    /// Чыгыш (ablative): -дан/-ден/-тан/-тен…
    Abl,
}

impl Case {
    /// Every case, in the order grammars list them.
    pub const ALL: [Case; 6] = [
        Case::Nom,
        Case::Gen,
        Case::Dat,
        Case::Acc,
        Case::Loc,
        Case::Abl,
    ];

    /// The short name: `nom gen dat acc loc abl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Case::Nom => "nom",
            Case::Gen => "gen",
            Case::Dat => "dat",
            Case::Acc => "acc",
            Case::Loc => "loc",
            Case::Abl => "abl",
        }
    }

    /// Parses a short name as returned by [`Case::as_str`].
    pub fn parse(s: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Adds the case suffix for `case` to the last word of `phrase`.
pub fn inflect(phrase: &str, case: Case) -> String {
    // Placeholder until the suffix rules land.
    let _ = case;
    phrase.to_string()
}
