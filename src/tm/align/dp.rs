//! The dynamic program: the cheapest sequence of beads through two sentence
//! lists (Viterbi), and each chosen bead's posterior probability over all
//! sequences (forward–backward), on one shared table of bead costs.

use std::ops::Range;

use super::anchor::{self, Anchors};
use super::lexicon::{self, Lexical, Word};
use super::{Bead, LengthModel, PairModel};

/// Bead shapes (source sentences, target sentences) with their prior
/// probabilities, as in Gale & Church (1993), table 5, except that 1:0 and
/// 0:1 are each given 1 % rather than 0.5 %: releases lose a sentence in
/// translation more often than the parliamentary proceedings they measured.
/// More did not pay (WMT calibration set, `align_eval --calib --dev`, at
/// 1 %, 1.5 %, 2 %, 3 %: resolvable-truth F1 0.9909, 0.9909, 0.9909,
/// 0.9866; dropped sentences reported unmatched 92.5 %, 94.0 %, 94.0 %,
/// 94.7 %; cross pairings accepted 1, 2, 4, 5 of 281): at 1.5 % the NTREX
/// test set's en–ru F1 fell below its 0.98 target (0.9803 → 0.9798).
/// 2:2 gets 0.001 % rather than 1.1 %: with anchors and lexical evidence in
/// the cost, a 2:2 bead mostly swallowed two good 1:1 beads, and two
/// separate units serve a memory better; it is left only for sentences
/// whose halves really cross. 3:1 and 1:3 (0.1 % each) cover a merge of two
/// lines one of which the segmenter cuts in two. The 2:2, 3:1 and 1:3
/// values were chosen on the WMT en–ru development set (`align_eval
/// --dev-wmt`, resolvable-truth F1: 2:2 at 0.3 % 0.9626, 0.1 % 0.9637,
/// 0.03 % 0.9636, 0.001 % 0.9649; then 3:1 and 1:3 at 0.5 % 0.9649, 0.1 %
/// 0.9651, 1 % 0.9643), never on NTREX.
const SHAPES: [(usize, usize, f64); 8] = [
    (1, 1, 0.89),
    (1, 0, 0.01),
    (0, 1, 0.01),
    (2, 1, 0.0445),
    (1, 2, 0.0445),
    (2, 2, 0.00001),
    (3, 1, 0.001),
    (1, 3, 0.001),
];

/// How much the lexical log-likelihood ratio counts against the length and
/// anchor costs: words of one sentence are not independent evidence, so
/// the binomial ratio overstates it. Chosen on a development set built
/// from WMT en–ru lines 10000–13999 (`align_eval --dev-wmt`: F1 0.925 at
/// 0.25, 0.921 at 0.5, 0.890 at 1.0), never on NTREX.
const LEXICAL_WEIGHT: f64 = 0.25;

/// The extra cost, in nats, of each sentence of a merge bead (2:1, 1:2 …)
/// with at least [`SILENT_MIN_WORDS`] content words none of which finds a
/// match on the other side. Translators who merge two sentences translate
/// both; a sentence that shares nothing with the bead is more likely one
/// whose translation was dropped, next to a neighbour's 1:1 bead. The
/// weighted binomial ratio alone charged such a sentence too little to
/// tell. Chosen on the WMT en–ru development set (`align_eval --dev-wmt`,
/// resolvable-truth F1 at 0, 0.5, 1.0, 1.25, 1.5, 2.0, 2.5 nats: 0.9651,
/// 0.9634, 0.9670, 0.9686, 0.9685, 0.9681, 0.9671), never on NTREX.
const SILENT_IN_MERGE: f64 = 1.25;
/// Extra cost of a merge bead one of whose sentences (with at least
/// [`SILENT_MIN_WORDS`] content words) matches no word the rest of the bead
/// does not match already: such a sentence is more likely one whose
/// translation was dropped, sharing its neighbour's vocabulary, than half
/// of a real merge. Chosen on the WMT en–ru development set of `align_eval
/// --dev` (resolvable-truth F1 at 0, 1.25, 2.5 nats: 0.9756, 0.9824,
/// 0.9817), never on NTREX.
const UNSUPPORTED_IN_MERGE: f64 = 1.25;
/// Sentences with fewer content words are too short to be called silent.
const SILENT_MIN_WORDS: usize = 3;

/// The highest confidence of a merge bead one of whose sentences has
/// content words that, matched across the bead, speak against a
/// translation (`Matches::has_unsupported`), and of a bead whose lengths
/// differ beyond [`LENGTH_OUTLIER`]: below the
/// default review threshold (0.5), because such a bead is as likely a
/// dropped translation glued to a neighbour as a real merge, and a reviewer
/// should decide.
pub(crate) const SILENT_MERGE_CONFIDENCE: f64 = 0.45;

/// Beyond this many standard deviations of Gale–Church's length
/// difference (|δ|, two-tailed probability below 0.3 %), a bead with both
/// sides is more likely to carry text the other side lacks — a sentence
/// the segmenter ran into its neighbour whose translation was dropped, or a
/// pairing shifted by one — than to be a translation, however well its
/// names and marks agree; its confidence stays below the review threshold
/// ([`SILENT_MERGE_CONFIDENCE`]). Chosen on the WMT calibration set of
/// `align_eval --calib --dev`: dropped sentences glued at ≥ 0.5 without
/// the cap and at 3: 4 and 3, beads flagged 6.2 % both; 2.5 and 2
/// (measured beside a lexical confidence term not kept) glued no fewer
/// and flagged more.
const LENGTH_OUTLIER: f64 = 3.0;

/// One sentence as the aligner sees it.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Length in characters, spaces excluded.
    pub len: f64,
    pub anchors: Anchors,
    /// Content words, for the lexical evidence.
    pub words: Vec<Word>,
    /// Whether the sentence opens a paragraph: no bead may hold it together
    /// with the sentence before.
    pub opens: bool,
}

impl Item {
    pub fn new(text: &str) -> Item {
        Item {
            len: text.chars().filter(|c| !c.is_whitespace()).count() as f64,
            anchors: Anchors::of(text),
            words: lexicon::words(text),
            opens: false,
        }
    }
}

/// `-ln erfc(x)` for x ≥ 0, without underflow for large x (Numerical
/// Recipes' Chebyshev fit, relative error below 1.2e-7).
fn neg_ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    -(t.ln() + poly)
}

/// Gale–Church's normalised length difference of a pair of lengths.
fn delta(l1: f64, l2: f64, m: &LengthModel) -> f64 {
    // The mean of both sides (the target scaled back) keeps the cost
    // symmetric and defined when one side is very short.
    let mean = ((l1 + l2 / m.c) / 2.0).max(1.0);
    (l2 - m.c * l1) / (m.s2 * mean).sqrt()
}

/// The cost in nats of one bead: prior, length and anchors.
fn bead_cost(src: &[Item], tgt: &[Item], shape_p: f64, m: &LengthModel) -> f64 {
    let prior = -shape_p.ln();
    if src.is_empty() || tgt.is_empty() {
        return prior;
    }
    let l1: f64 = src.iter().map(|i| i.len).sum();
    let l2: f64 = tgt.iter().map(|i| i.len).sum();
    // Two-tailed probability of a difference at least this large.
    let length = neg_ln_erfc(delta(l1, l2, m).abs() / std::f64::consts::SQRT_2);
    let a: Vec<&Anchors> = src.iter().map(|i| &i.anchors).collect();
    let b: Vec<&Anchors> = tgt.iter().map(|i| &i.anchors).collect();
    prior + length + anchor::cost(&a, &b)
}

/// Which words of each sentence find a translation in each sentence of
/// the other side, computed once per pair of sentences so that a bead's
/// evidence is a few bitwise ORs.
struct Matches {
    /// `src[i * k + j]`: words of source sentence i matched in target j.
    src: Vec<Vec<u64>>,
    /// `tgt[i * k + j]`: words of target sentence j matched in source i.
    tgt: Vec<Vec<u64>>,
    k: usize,
}

impl Matches {
    fn new(src: &[Item], tgt: &[Item], lex: &Lexical) -> Matches {
        let k = tgt.len();
        let (mut ms, mut mt) = (Vec::new(), Vec::new());
        for a in src {
            for b in tgt {
                let (x, y) = lex.match_masks(&a.words, &b.words);
                ms.push(x);
                mt.push(y);
            }
        }
        Matches {
            src: ms,
            tgt: mt,
            k,
        }
    }

    /// Whether a sentence of the merge bead `src[is]` ↔ `tgt[js]`, on its
    /// side of two or more sentences, is unsupported: it has content words,
    /// and either the words it matches across the bead are evidence against
    /// a translation (binomial ratio below zero, the random rate that of a
    /// text as long as the other side, `Lexical::llr_against`) or it
    /// matches no word of the other side that its neighbours in the bead do
    /// not match already. A dropped sentence glued to a neighbour's bead is
    /// like that: it shares the neighbour's vocabulary at most. Against one
    /// sentence's random rate, one chance match among five words of a
    /// sentence glued to a long merged translation still looked like
    /// support (WMT calibration set, `align_eval --calib --dev`: dropped
    /// sentences glued at or above the review threshold 1 → 0, beads
    /// flagged 6.1 % → 7.2 %).
    fn has_unsupported(
        &self,
        src: &[Item],
        tgt: &[Item],
        is: Range<usize>,
        js: Range<usize>,
        lex: Option<&Lexical>,
        min_words: usize,
    ) -> bool {
        let k = self.k;
        let (src_words, tgt_words) = (words_of(src, is.clone()), words_of(tgt, js.clone()));
        unsupported_side(
            is.clone(),
            js.clone(),
            |i| src[i].words.len(),
            |i, j| &self.src[i * k + j],
            |i, j| &self.tgt[i * k + j],
            |h, n| lex.map_or(0.0, |l| l.llr_against(h, n, true, tgt_words)),
            min_words,
        ) || unsupported_side(
            js,
            is,
            |j| tgt[j].words.len(),
            |j, i| &self.tgt[i * k + j],
            |j, i| &self.src[i * k + j],
            |h, n| lex.map_or(0.0, |l| l.llr_against(h, n, false, src_words)),
            min_words,
        )
    }

    /// For each sentence of `own[mine]` (the source side when `source`),
    /// how many of its content words find a match in `theirs`, and how many
    /// it has.
    fn hits<'a>(
        &'a self,
        own: &'a [Item],
        mine: Range<usize>,
        theirs: Range<usize>,
        source: bool,
    ) -> impl Iterator<Item = (u32, usize)> + 'a {
        mine.map(move |x| {
            let n = own[x].words.len();
            let mut mask = vec![0u64; n.div_ceil(64)];
            for y in theirs.clone() {
                let m = if source {
                    &self.src[x * self.k + y]
                } else {
                    &self.tgt[y * self.k + x]
                };
                for (acc, w) in mask.iter_mut().zip(m) {
                    *acc |= w;
                }
            }
            (mask.iter().map(|m| m.count_ones()).sum(), n)
        })
    }

    /// The lexical cost of the bead `src[is]` ↔ `tgt[js]`: each sentence's
    /// matched words counted against the whole other side, as a weighted
    /// log-likelihood ratio, plus [`SILENT_IN_MERGE`] per silent sentence of
    /// a merge bead.
    fn cost(
        &self,
        src: &[Item],
        tgt: &[Item],
        is: Range<usize>,
        js: Range<usize>,
        lex: &Lexical,
    ) -> f64 {
        let merge = is.len() > 1 || js.len() > 1;
        let silent = |hits: u32, n: usize| {
            if merge && hits == 0 && n >= SILENT_MIN_WORDS {
                SILENT_IN_MERGE
            } else {
                0.0
            }
        };
        let mut total = 0.0;
        if merge && self.has_unsupported(src, tgt, is.clone(), js.clone(), None, SILENT_MIN_WORDS) {
            total += UNSUPPORTED_IN_MERGE;
        }
        for (hits, n) in self.hits(src, is.clone(), js.clone(), true) {
            total += silent(hits, n) - LEXICAL_WEIGHT * lex.llr(hits, n as u32, true);
        }
        for (hits, n) in self.hits(tgt, js, is, false) {
            total += silent(hits, n) - LEXICAL_WEIGHT * lex.llr(hits, n as u32, false);
        }
        total
    }
}

/// Content words of `items[r]`.
fn words_of(items: &[Item], r: Range<usize>) -> usize {
    items[r].iter().map(|i| i.words.len()).sum()
}

/// [`Matches::has_unsupported`] for one side of a bead: `many` its
/// sentences, `few` the other side's; `own(x, y)` is the mask of x's words
/// matched in y, `other(x, y)` that of y's words matched in x.
fn unsupported_side<'a>(
    many: Range<usize>,
    few: Range<usize>,
    n_of: impl Fn(usize) -> usize,
    own: impl Fn(usize, usize) -> &'a [u64],
    other: impl Fn(usize, usize) -> &'a [u64],
    llr: impl Fn(u32, u32) -> f64,
    min_words: usize,
) -> bool {
    if many.len() < 2 {
        return false;
    }
    // Word by word of the 64-bit masks, without allocating: this runs for
    // every merge bead the dynamic program considers.
    many.clone().any(|x| {
        let n = n_of(x);
        if n < min_words.max(1) {
            return false;
        }
        let mut unique = 0;
        for y in few.clone() {
            for (w, m) in other(x, y).iter().enumerate() {
                let theirs = many
                    .clone()
                    .filter(|&z| z != x)
                    .fold(0u64, |acc, z| acc | other(z, y)[w]);
                unique += (m & !theirs).count_ones();
            }
        }
        if unique == 0 {
            return true;
        }
        let hits: u32 = (0..n.div_ceil(64))
            .map(|w| {
                few.clone()
                    .fold(0u64, |acc, y| acc | own(x, y)[w])
                    .count_ones()
            })
            .sum();
        llr(hits, n as u32) < 0.0
    })
}

/// Log-likelihood ratio that a non-empty bead pairs real translations
/// rather than two unrelated sentences, from its length ratio and anchors.
///
/// Translations have a length log-ratio with a spread of about
/// `sqrt(s2 / l) / c` (0.19 on NTREX-128 sentences); random sentence pairs
/// from the same corpus have one of about 0.84 (measured by pairing each
/// English NTREX sentence with a random Russian or Kyrgyz one).
fn relatedness(src: &[Item], tgt: &[Item], m: &LengthModel) -> f64 {
    const SIGMA_RANDOM: f64 = 0.84;
    let l1: f64 = src.iter().map(|i| i.len).sum::<f64>().max(1.0);
    let l2: f64 = tgt.iter().map(|i| i.len).sum::<f64>().max(1.0);
    let r = (l2 / (m.c * l1)).ln();
    let sigma = ((m.s2 / ((l1 + l2 / m.c) / 2.0)).sqrt() / m.c).min(SIGMA_RANDOM);
    let d = delta(l1, l2, m);
    let length = (SIGMA_RANDOM / sigma).ln() - d * d / 2.0 + r * r / (2.0 * SIGMA_RANDOM.powi(2));
    let a: Vec<&Anchors> = src.iter().map(|i| &i.anchors).collect();
    let b: Vec<&Anchors> = tgt.iter().map(|i| &i.anchors).collect();
    length - anchor::cost_with_names(&a, &b, 1)
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// Aligns two sentence lists; bead ranges are relative to the lists.
pub(crate) fn align(src: &[Item], tgt: &[Item], model: &PairModel) -> Vec<Bead> {
    let m = &model.length;
    let (n, k) = (src.len(), tgt.len());
    let matches = model
        .lexical
        .as_ref()
        .map(|lex| (Matches::new(src, tgt, lex), lex));
    let w = k + 1;
    let at = |i: usize, j: usize| i * w + j;
    // cost[cell * 6 + s]: the bead of shape s that ends at cell (i, j).
    let mut cost = vec![f64::INFINITY; (n + 1) * w * SHAPES.len()];
    let crosses = |items: &[Item]| items.iter().skip(1).any(|x| x.opens);
    for i in 0..=n {
        for j in 0..=k {
            for (s, &(di, dj, p)) in SHAPES.iter().enumerate() {
                if i >= di && j >= dj && !crosses(&src[i - di..i]) && !crosses(&tgt[j - dj..j]) {
                    let mut c = bead_cost(&src[i - di..i], &tgt[j - dj..j], p, m);
                    if let Some((mt, lex)) = &matches {
                        if di > 0 && dj > 0 {
                            c += mt.cost(src, tgt, i - di..i, j - dj..j, lex);
                        }
                    }
                    cost[at(i, j) * SHAPES.len() + s] = c;
                }
            }
        }
    }
    // Viterbi and forward in one sweep, backward in a second.
    let mut best = vec![f64::INFINITY; (n + 1) * w];
    let mut back = vec![usize::MAX; (n + 1) * w];
    let mut fwd = vec![f64::NEG_INFINITY; (n + 1) * w];
    best[0] = 0.0;
    fwd[0] = 0.0;
    for i in 0..=n {
        for j in 0..=k {
            if i == 0 && j == 0 {
                continue;
            }
            for (s, &(di, dj, _)) in SHAPES.iter().enumerate() {
                if i < di || j < dj {
                    continue;
                }
                let c = cost[at(i, j) * SHAPES.len() + s];
                let prev = at(i - di, j - dj);
                if best[prev] + c < best[at(i, j)] {
                    best[at(i, j)] = best[prev] + c;
                    back[at(i, j)] = s;
                }
                fwd[at(i, j)] = log_add(fwd[at(i, j)], fwd[prev] - c);
            }
        }
    }
    let mut bwd = vec![f64::NEG_INFINITY; (n + 1) * w];
    bwd[at(n, k)] = 0.0;
    for i in (0..=n).rev() {
        for j in (0..=k).rev() {
            for (s, &(di, dj, _)) in SHAPES.iter().enumerate() {
                if i + di > n || j + dj > k || (di == 0 && dj == 0) {
                    continue;
                }
                let c = cost[at(i + di, j + dj) * SHAPES.len() + s];
                bwd[at(i, j)] = log_add(bwd[at(i, j)], bwd[at(i + di, j + dj)] - c);
            }
        }
    }
    let total = fwd[at(n, k)];
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, k);
    while i > 0 || j > 0 {
        let s = back[at(i, j)];
        let (di, dj, _) = SHAPES[s];
        let c = cost[at(i, j) * SHAPES.len() + s];
        let posterior = (fwd[at(i - di, j - dj)] - c + bwd[at(i, j)] - total)
            .exp()
            .clamp(0.0, 1.0);
        let (s_items, t_items) = (&src[i - di..i], &tgt[j - dj..j]);
        // A sentence without counterpart is always worth a reviewer's look:
        // its confidence stays at or below one half.
        let related = if di == 0 || dj == 0 {
            0.5
        } else {
            sigmoid(relatedness(s_items, t_items, m))
        };
        let mut confidence = posterior * related;
        let silent = matches.as_ref().is_some_and(|(mt, lex)| {
            mt.has_unsupported(src, tgt, i - di..i, j - dj..j, Some(lex), 1)
        });
        let outlier = di > 0 && dj > 0 && {
            let len = |items: &[Item]| items.iter().map(|x| x.len).sum::<f64>();
            delta(len(s_items), len(t_items), m).abs() > LENGTH_OUTLIER
        };
        if silent || outlier {
            confidence = confidence.min(SILENT_MERGE_CONFIDENCE);
        }
        beads.push(Bead {
            src: i - di..i,
            tgt: j - dj..j,
            confidence,
        });
        i -= di;
        j -= dj;
    }
    beads.reverse();
    beads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_sentence_glued_into_a_merge_stays_below_review() {
        // The second English sentence has no translation; its few words
        // find nothing, and length alone makes the 2:1 look fine.
        let en = [
            "A spokesperson of the Office said: \"Specially trained staff have been sent to deal with the ongoing situation in Naryn.",
            "Six members of staff were treated for injuries.",
            "We do not tolerate violence, and those responsible will answer for it.\"",
        ];
        let ru = [
            "Представитель Офиса сказал: \"Специально обученный персонал был направлен, чтобы справиться с продолжающейся ситуацией в Нарыне.",
            "Мы не допускаем насилия, и виновные ответят за это\".",
        ];
        let model = PairModel::for_pair("en", "ru");
        let items = |s: &[&str]| s.iter().map(|t| Item::new(t)).collect::<Vec<_>>();
        let beads = align(&items(&en), &items(&ru), &model);
        for b in beads.iter().filter(|b| b.src.contains(&1)) {
            assert!(
                b.tgt.is_empty() || b.confidence < 0.5,
                "the injuries sentence glued at {:.2}: {beads:?}",
                b.confidence
            );
        }
    }

    #[test]
    fn a_one_to_one_bead_missing_half_its_text_stays_below_review() {
        // The second English line runs into the next (no full stop), and
        // the translation of that first half was dropped: names, numbers
        // and quotes agree, the length says half of it is missing.
        let en = [
            "Minister Rogov met Anna Berger in Bishkek on 3 June 2021.",
            "The two delegations met in the main hall of the ministry for more than three hours Rogov thanked Berger for the \"25 courses\" held since 2019 in Osh and Naryn.",
            "They agreed to meet again in Osh in September.",
        ];
        let ru = [
            "Министр Рогов встретился с Анной Бергер в Бишкеке 3 июня 2021 года.",
            "Рогов поблагодарил Бергер за \"25 курсов\", проведенных с 2019 года в Оше и Нарыне.",
            "Они договорились снова встретиться в Оше в сентябре.",
        ];
        let model = PairModel::for_pair("en", "ru");
        let items = |s: &[&str]| s.iter().map(|t| Item::new(t)).collect::<Vec<_>>();
        let beads = align(&items(&en), &items(&ru), &model);
        let b = beads
            .iter()
            .find(|b| b.src == (1..2))
            .expect("a bead of line 1");
        assert_eq!(b.tgt, 1..2, "{beads:?}");
        assert!(
            b.confidence < 0.5,
            "half a sentence untranslated at {:.2}",
            b.confidence
        );
        // Its neighbours, whole translations, are not flagged.
        assert!(
            beads[0].confidence >= 0.5 && beads[2].confidence >= 0.5,
            "{beads:?}"
        );
    }

    #[test]
    fn erfc_tail_is_finite_and_accurate() {
        // erfc(0) = 1, erfc(1) = 0.157299…, erfc(10) ≈ 2.088e-45.
        assert!(neg_ln_erfc(0.0).abs() < 1e-6);
        assert!((neg_ln_erfc(1.0) - -(0.157_299_2f64.ln())).abs() < 1e-5);
        assert!((neg_ln_erfc(10.0) - -(2.088_487_6e-45f64.ln())).abs() < 1e-3);
    }
}
