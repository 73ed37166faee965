//! Lexical evidence for a bead: how many content words of each sentence
//! find a translation on the other side, through a small en–ru stem
//! lexicon or as a cognate (names and loanwords matched by their consonant
//! skeleton across scripts), turned into a log-likelihood ratio
//! "translation vs. unrelated sentence".
//!
//! The en–ru lexicon (`lexicon.en-ru.tsv`) is derived from TICO-19 (CC0)
//! by `scripts/build-align-lexicon.py`. Kyrgyz has no parallel corpus to
//! learn from: en–ky uses a small hand-written lexicon of common news words
//! (`lexicon.en-ky.tsv`, matched by prefix, as Kyrgyz adds its suffixes to
//! an unchanged stem), the en–ru lexicon (Kyrgyz news keeps many Russian
//! loanwords) and cognates (`parliament` ↔ `парламент`).

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

/// English stem → target stems (or, for a prefix table, starts of words).
type Table = HashMap<String, HashSet<String>>;

/// The lexical model of one language pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lexical {
    /// Lexicon of target stems, compared whole.
    stems: Option<&'static Table>,
    /// Lexicon of starts of target words, compared as prefixes.
    prefixes: Option<&'static Table>,
    /// Share of English content words matched in a true translation, and
    /// in an unrelated sentence of the same corpus.
    src_rates: (f64, f64),
    /// The same for the target language's content words.
    tgt_rates: (f64, f64),
    /// Mean content words of an English and of a target sentence where
    /// the rates were measured (about 10.7 and 12.0 on those WMT lines,
    /// 13.8 and 15.1 in the archive's sentences): the size of the
    /// "unrelated sentence" the random rate is for.
    mean_words: (f64, f64),
}

/// Reads a lexicon file: `english<TAB>target` rows, `#` comments; both
/// sides are cut to [`STEM`] letters, as [`words`] cuts the sentences'.
fn table(tsv: &str) -> Table {
    let stem = |w: &str| w.to_lowercase().chars().take(STEM).collect::<String>();
    let mut t = Table::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        if let (Some(en), Some(target)) = (cols.next(), cols.next()) {
            t.entry(stem(en)).or_default().insert(stem(target));
        }
    }
    t
}

fn en_ru_table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| table(include_str!("lexicon.en-ru.tsv")))
}

fn en_ky_table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| table(include_str!("lexicon.en-ky.tsv")))
}

impl Lexical {
    /// The model for a pair of language codes (source English), or `None`
    /// when the pair has neither lexicon nor measured match rates.
    ///
    /// Rates measured with `examples/align_eval.rs --calibrate` on 3,000 WMT
    /// en–ru sentence pairs, and for en–ky with `--calibrate-ky` on the 34
    /// one-to-one units of the office's own releases (archive and seed; no
    /// other en–ky text exists here but the NTREX test set, which is never
    /// used): translations vs. the neighbouring sentence's translation.
    pub fn for_pair(src: &str, tgt: &str) -> Option<Lexical> {
        match (src, tgt) {
            ("en", "ru") => Some(Lexical {
                stems: Some(en_ru_table()),
                prefixes: None,
                src_rates: (0.331, 0.045),
                tgt_rates: (0.295, 0.040),
                mean_words: (10.7, 12.0),
            }),
            ("en", "ky") => Some(Lexical {
                stems: Some(en_ru_table()),
                prefixes: Some(en_ky_table()),
                src_rates: (0.467, 0.133),
                tgt_rates: (0.414, 0.122),
                mean_words: (13.8, 15.1),
            }),
            _ => None,
        }
    }

    /// The same rates without the lexicons: cognates and shared words only.
    pub fn cognates_only(self) -> Lexical {
        Lexical {
            stems: None,
            prefixes: None,
            ..self
        }
    }

    /// Which words of `a` (English) are matched in `b`, and which of `b` in `a`.
    pub fn match_masks(&self, a: &[Word], b: &[Word]) -> (Vec<u64>, Vec<u64>) {
        let mut ma = vec![0u64; a.len().div_ceil(64)];
        let mut mb = vec![0u64; b.len().div_ceil(64)];
        for (i, e) in a.iter().enumerate() {
            // Looked up once per English word, not once per pair of words.
            let stems = self.stems.and_then(|tab| tab.get(&e.stem));
            let prefixes = self.prefixes.and_then(|tab| tab.get(&e.stem));
            for (j, t) in b.iter().enumerate() {
                let found = e.stem == t.stem
                    || stems.is_some_and(|s| s.contains(&t.stem))
                    || prefixes.is_some_and(|s| s.iter().any(|p| t.stem.starts_with(p.as_str())))
                    || cognates(e, t);
                if found {
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
        binomial_llr(k, n, t, r)
    }

    /// [`Lexical::llr`] with the words matched in a text of `other_words`
    /// content words rather than in one sentence: in a longer text an
    /// unrelated word finds a match more often, each of its words being
    /// another chance (the random rate grows as 1 − (1 − r)^(m / mean)).
    /// Never below the rate of one sentence, and kept under the
    /// translation rate, so that matches still count for something.
    pub fn llr_against(&self, k: u32, n: u32, source: bool, other_words: usize) -> f64 {
        let ((t, r), mean) = if source {
            (self.src_rates, self.mean_words.1)
        } else {
            (self.tgt_rates, self.mean_words.0)
        };
        let scaled = 1.0 - (1.0 - r).powf(other_words as f64 / mean);
        binomial_llr(k, n, t, scaled.max(r).min(0.9 * t))
    }
}

/// Log-likelihood ratio of `k` successes in `n` trials, rate `t` against `r`.
fn binomial_llr(k: u32, n: u32, t: f64, r: f64) -> f64 {
    k as f64 * (t / r).ln() + (n - k) as f64 * ((1.0 - t) / (1.0 - r)).ln()
}

/// Whether two words share their consonant skeleton, one as a prefix of
/// the other (a Russian or Kyrgyz ending only lengthens it).
fn cognates(e: &Word, t: &Word) -> bool {
    // Short skeletons (`krt`) collide too often to count as cognates.
    let (a, b) = (&e.skeleton, &t.skeleton);
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4 && long.starts_with(short.as_str()) && long.len() - short.len() <= 2
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

    #[test]
    fn kyrgyz_words_match_by_prefix_whatever_their_suffixes() {
        let ky = Lexical::for_pair("en", "ky").unwrap();
        let en = words("Schools in the city were closed on Monday.");
        let tr = words("Дүйшөмбү күнү шаардагы мектептер жабылды.");
        let (ma, mb) = ky.match_masks(&en, &tr);
        // schools ↔ мектептер, city ↔ шаардагы, Monday ↔ дүйшөмбү.
        assert_eq!(ma[0].count_ones(), 3, "{en:?} {tr:?}");
        assert_eq!(mb[0].count_ones(), 3);
        let other = words("Бишкекте аба ырайы жылуу болот.");
        assert_eq!(ky.match_masks(&en, &other).0[0].count_ones(), 0);
    }
}
