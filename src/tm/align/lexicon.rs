//! Lexical evidence for a bead: how many content words of each sentence
//! find a translation on the other side, through a small en–ru stem
//! lexicon or as a cognate (names and loanwords matched by their consonant
//! skeleton across scripts), turned into a log-likelihood ratio
//! "translation vs. unrelated sentence".
//!
//! The lexicon (`lexicon.en-ru.tsv`) is derived from TICO-19 (CC0) by
//! `scripts/build-align-lexicon.py`; Kyrgyz has no parallel corpus to learn
//! from, so en–ky relies on cognates alone (Kyrgyz news keeps Russian and
//! international loanwords and names: `parliament` ↔ `парламент`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::anchor::skeleton;

/// Letters a stem keeps; must match `scripts/build-align-lexicon.py`.
const STEM: usize = 5;

/// English words too frequent to tell sentences apart; shorter words
/// (under four letters) are never content words.
const EN_STOP: &[&str] = &[
    "about", "after", "also", "been", "before", "being", "both", "could", "does", "each", "from",
    "have", "having", "here", "into", "just", "like", "more", "most", "much", "only", "other",
    "over", "same", "should", "some", "such", "than", "that", "their", "them", "then", "there",
    "these", "they", "this", "those", "very", "were", "what", "when", "where", "which", "while",
    "will", "with", "would", "your",
];

/// Russian and Kyrgyz function words of four letters or more.
const CYR_STOP: &[&str] = &[
    "если",
    "есть",
    "этот",
    "этого",
    "этом",
    "эти",
    "этих",
    "было",
    "были",
    "была",
    "будет",
    "также",
    "который",
    "которые",
    "которая",
    "которых",
    "когда",
    "более",
    "после",
    "только",
    "чтобы",
    "может",
    "менен",
    "үчүн",
    "деген",
    "болуп",
    "болгон",
    "анын",
    "алар",
    "бирок",
    "дагы",
    "жана",
    "тууралуу",
    "боюнча",
    "ошондой",
];

/// One content word of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    stem: String,
    skeleton: String,
}

/// The content words of a sentence (any of the three languages).
pub(crate) fn words(sentence: &str) -> Vec<Word> {
    sentence
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !EN_STOP.contains(&w.as_str()) && !CYR_STOP.contains(&w.as_str()))
        .map(|w| Word {
            stem: w.chars().take(STEM).collect(),
            skeleton: skeleton(&w),
        })
        .collect()
}

/// The lexical model of one language pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lexical {
    /// en stem → target stems, if the pair has a lexicon.
    table: Option<&'static HashMap<String, HashSet<String>>>,
    /// Share of English content words matched in a true translation, and
    /// in an unrelated sentence of the same corpus.
    src_rates: (f64, f64),
    /// The same for the target language's content words.
    tgt_rates: (f64, f64),
}

fn en_ru_table() -> &'static HashMap<String, HashSet<String>> {
    static TABLE: OnceLock<HashMap<String, HashSet<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<String, HashSet<String>> = HashMap::new();
        for line in include_str!("lexicon.en-ru.tsv").lines() {
            let mut cols = line.split('\t');
            if let (Some(en), Some(ru)) = (cols.next(), cols.next()) {
                if !en.starts_with('#') {
                    t.entry(en.to_string()).or_default().insert(ru.to_string());
                }
            }
        }
        t
    })
}

impl Lexical {
    /// The model for a pair of language codes (source English), or `None`
    /// when the pair has neither lexicon nor measured match rates.
    ///
    /// Rates measured with `examples/align_eval.rs --calibrate` on 3,000 WMT
    /// en–ru sentence pairs (never on the NTREX test set): translations vs.
    /// the same sentences paired at random. en–ky uses the cognate-only
    /// rates of en–ru.
    pub fn for_pair(src: &str, tgt: &str) -> Option<Lexical> {
        match (src, tgt) {
            ("en", "ru") => Some(Lexical {
                table: Some(en_ru_table()),
                src_rates: (0.331, 0.045),
                tgt_rates: (0.295, 0.040),
            }),
            ("en", "ky") => Some(Lexical {
                table: None,
                src_rates: (0.086, 0.012),
                tgt_rates: (0.076, 0.011),
            }),
            _ => None,
        }
    }

    /// The same rates without the lexicon: cognates and shared words only.
    pub fn cognates_only(self) -> Lexical {
        Lexical {
            table: None,
            ..self
        }
    }

    /// Whether English word `e` and target word `t` translate each other.
    fn matches(&self, e: &Word, t: &Word) -> bool {
        if e.stem == t.stem {
            return true;
        }
        if self
            .table
            .is_some_and(|tab| tab.get(&e.stem).is_some_and(|s| s.contains(&t.stem)))
        {
            return true;
        }
        // Short skeletons (`krt`) collide too often to count as cognates.
        let (a, b) = (&e.skeleton, &t.skeleton);
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short.len() >= 4 && long.starts_with(short.as_str()) && long.len() - short.len() <= 2
    }

    /// Which words of `a` (English) are matched in `b`, and which of `b` in `a`.
    pub fn match_masks(&self, a: &[Word], b: &[Word]) -> (Vec<u64>, Vec<u64>) {
        let mut ma = vec![0u64; a.len().div_ceil(64)];
        let mut mb = vec![0u64; b.len().div_ceil(64)];
        for (i, e) in a.iter().enumerate() {
            for (j, t) in b.iter().enumerate() {
                if self.matches(e, t) {
                    ma[i / 64] |= 1 << (i % 64);
                    mb[j / 64] |= 1 << (j % 64);
                }
            }
        }
        (ma, mb)
    }

    /// Log-likelihood ratio of `k` of `n` words of one sentence matched
    /// (`source`: an English sentence): binomial with the true-translation
    /// rate against the random rate.
    pub fn llr(&self, k: u32, n: u32, source: bool) -> f64 {
        let (t, r) = if source {
            self.src_rates
        } else {
            self.tgt_rates
        };
        k as f64 * (t / r).ln() + (n - k) as f64 * ((1.0 - t) / (1.0 - r)).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_and_cognates_match_translations() {
        let ru = Lexical::for_pair("en", "ru").unwrap();
        let en = words("The parliament debated the vaccine for children.");
        let tr = words("Парламент обсудил вакцину для детей.");
        let (ma, _) = ru.match_masks(&en, &tr);
        // parliament (cognate) and vaccine (lexicon) are found.
        assert!(ma[0].count_ones() >= 2, "{en:?} {tr:?} {ma:?}");
        let other = words("Погода в Бишкеке будет тёплой.");
        let (mo, _) = ru.match_masks(&en, &other);
        assert_eq!(mo[0].count_ones(), 0);
        assert!(ru.llr(3, 5, true) > 0.0 && ru.llr(0, 5, false) < 0.0);
    }
}
