//! The NTREX-128 alignment test set: real news documents with known
//! sentence correspondences, perturbed so that the aligner must find merges
//! and losses, and the scoring of any aligner's beads against the truth.
//!
//! Each of the 123 documents becomes a headline (its first line) and one
//! body paragraph (the other lines joined by spaces). On the non-English
//! side, exactly as the issue says, a fixed pseudo-random 10 % of the
//! adjacent sentence pairs of the set are merged into one sentence (the
//! first one's final full stop becomes a semicolon, so no segmenter can
//! split them again) and 5 % of its sentences are dropped: with P adjacent
//! pairs and S sentences in all, round(0.10·P) disjoint pairs and then
//! round(0.05·S) of the remaining sentences are drawn by a seeded shuffle.
//! Both draws come from the body only, so every document keeps its
//! headline. Both sides are then split by the TM
//! segmenter, and beads are scored at line level: a predicted bead counts
//! when the set of English lines and the set of target lines it covers are
//! exactly those of a true bead (predicted beads sharing a line, as when
//! the segmenter split a line in two, are united first).

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::Bead;

/// The seed of the perturbation PRNG; changing it changes the test set.
pub const SEED: u64 = 0x7469_6c6d_6563_6801;
/// Share of all sentences of the target side that are dropped.
pub const DROP: f64 = 0.05;
/// Share of all adjacent sentence pairs that are merged into one sentence.
pub const MERGE: f64 = 0.10;

/// A bead between sets of source and target lines.
pub type LineBead = (Vec<usize>, Vec<usize>);

/// One document of the test set for one language pair.
#[derive(Debug, Clone)]
pub struct TestDoc {
    /// NTREX document id.
    pub id: String,
    /// English lines (line 0 is the headline).
    pub src: Vec<String>,
    /// Target lines after merging and dropping.
    pub tgt: Vec<String>,
    /// The true beads, English line indices to target line indices.
    pub truth: Vec<LineBead>,
    /// First English line of each block (headline, paragraphs).
    pub src_starts: Vec<usize>,
    /// First target line of each block.
    pub tgt_starts: Vec<usize>,
}

/// A document split for an aligner: blocks of sentences, and the line
/// each sentence came from.
#[derive(Debug, Clone)]
pub struct Segmented {
    /// English blocks (headline, body).
    pub src: Vec<Vec<String>>,
    /// Target blocks.
    pub tgt: Vec<Vec<String>>,
    /// Lines each English sentence covers (more than one when the
    /// segmenter found no boundary where a line ends).
    pub src_line: Vec<Range<usize>>,
    /// Lines each target sentence covers.
    pub tgt_line: Vec<Range<usize>>,
}

/// Precision, recall and F1 of predicted beads.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    /// Predicted beads that are true beads.
    pub correct: usize,
    /// Predicted beads.
    pub predicted: usize,
    /// True beads.
    pub gold: usize,
}

impl Score {
    /// Correct / predicted.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted.max(1) as f64
    }
    /// Correct / gold.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds another document's counts.
    pub fn add(&mut self, other: Score) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// A tiny deterministic PRNG (SplitMix64), so the set never depends on a
/// crate's algorithm choices.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Block starts of a document of `n` lines: the headline, then
    /// paragraphs of one to three lines.
    fn paragraph_starts(&mut self, n: usize) -> Vec<usize> {
        let mut starts = vec![0];
        let mut next = 1;
        while next < n {
            starts.push(next);
            next += 1 + (self.next_u64() % 3) as usize;
        }
        starts
    }

    /// Fisher–Yates, so the draw order is a fixed function of the seed.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Why the corpus files could not be turned into a test set.
#[derive(Debug, thiserror::Error)]
pub enum NtrexError {
    /// A TSV line lacks a column.
    #[error("ntrex128.en-ru-ky.tsv line {line}: expected 3 tab-separated columns (en, ru, ky), found {found}")]
    Columns {
        /// 1-based line.
        line: usize,
        /// Columns found.
        found: usize,
    },
    /// The two files differ in length.
    #[error("ntrex128.docids.tsv has {ids} lines but ntrex128.en-ru-ky.tsv has {rows}; expected one id per sentence")]
    Lengths {
        /// Lines of ids.
        ids: usize,
        /// Lines of sentences.
        rows: usize,
    },
}

/// The NTREX-128 documents for target column `col`, one block per
/// paragraph: headline and one body paragraph, or (with a PRNG seed)
/// paragraphs of one to three lines.
fn ntrex_sources<'a>(
    tsv: &'a str,
    docids: &str,
    col: usize,
    paragraphs: Option<u64>,
) -> Result<Vec<Source<'a>>, NtrexError> {
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != 3) {
        return Err(NtrexError::Columns {
            line: i + 1,
            found: r.len(),
        });
    }
    let ids: Vec<&str> = docids.lines().map(str::trim).collect();
    if ids.len() != rows.len() {
        return Err(NtrexError::Lengths {
            ids: ids.len(),
            rows: rows.len(),
        });
    }
    let mut order: Vec<&str> = Vec::new();
    let mut docs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let e = docs.entry(id).or_default();
        if e.is_empty() {
            order.push(id);
        }
        e.push(i);
    }
    let mut rng = paragraphs.map(SplitMix);
    let sources = order
        .iter()
        .map(|id| {
            let lines: Vec<(&str, &str)> = docs[*id]
                .iter()
                .map(|&i| (rows[i][0].trim(), rows[i][col].trim()))
                .collect();
            let starts = match rng.as_mut() {
                Some(rng) => rng.paragraph_starts(lines.len()),
                None if lines.len() > 1 => vec![0, 1],
                None => vec![0],
            };
            Source {
                id: id.to_string(),
                lines,
                starts,
            }
        })
        .collect();
    Ok(sources)
}

/// Builds the test set for target column `col` (1 = ru, 2 = ky) from the
/// contents of `ntrex128.en-ru-ky.tsv` and `ntrex128.docids.tsv`.
pub fn build(tsv: &str, docids: &str, col: usize) -> Result<Vec<TestDoc>, NtrexError> {
    let sources = ntrex_sources(tsv, docids, col, None)?;
    Ok(perturb(&sources, SEED.wrapping_add(col as u64)))
}

/// The NTREX-128 documents built like the held-out sets (and like
/// [`build_dev`]): the body cut into paragraphs of one to three lines, the
/// perturbation drawn with `seed` (not [`SEED`]), so the merged and dropped
/// sentences differ from [`build`]'s.
pub fn build_paragraphed(
    tsv: &str,
    docids: &str,
    col: usize,
    seed: u64,
) -> Result<Vec<TestDoc>, NtrexError> {
    let sources = ntrex_sources(tsv, docids, col, Some(seed ^ 0x7061_7261))?;
    Ok(perturb(&sources, seed.wrapping_add(col as u64)))
}

/// A development set built the way the held-out sets are: `pairs` of
/// (English, target) sentences cut, in order, into short documents (a
/// headline and 4–12 body sentences in paragraphs of one to three), then
/// perturbed as [`build`] does (10 % of adjacent pairs within a paragraph
/// merged with a semicolon, 5 % of sentences dropped). Document and
/// paragraph lengths come from the same seeded PRNG, so `seed` fixes the set.
pub fn build_dev(pairs: &[(&str, &str)], seed: u64, name: &str) -> Vec<TestDoc> {
    let mut rng = SplitMix(seed ^ 0x6465_7673_6574);
    let mut sources = Vec::new();
    let mut at = 0;
    while at < pairs.len() {
        let body = 4 + (rng.next_u64() % 9) as usize;
        let lines: Vec<(&str, &str)> = pairs[at..pairs.len().min(at + 1 + body)]
            .iter()
            .map(|(a, b)| (a.trim(), b.trim()))
            .collect();
        at += lines.len();
        let starts = rng.paragraph_starts(lines.len());
        sources.push(Source {
            id: format!("{name}{}", sources.len()),
            lines,
            starts,
        });
    }
    perturb(&sources, seed)
}

/// One document before perturbation: (English, target) lines and the
/// first line of each block (0, the headline, then each paragraph).
struct Source<'a> {
    id: String,
    lines: Vec<(&'a str, &'a str)>,
    starts: Vec<usize>,
}

/// Merges and drops target sentences of a set of documents and records
/// the true beads.
fn perturb(sources: &[Source], seed: u64) -> Vec<TestDoc> {
    let (merged, dropped) = perturbation(sources, seed);
    let mut out = Vec::new();
    for (d, source) in sources.iter().enumerate() {
        let src: Vec<String> = source.lines.iter().map(|l| l.0.to_string()).collect();
        let orig: Vec<&str> = source.lines.iter().map(|l| l.1).collect();
        let mut tgt = vec![orig[0].to_string()];
        let mut truth = vec![(vec![0], vec![0])];
        let mut tgt_starts = vec![0];
        let mut i = 1;
        while i < orig.len() {
            if source.starts.contains(&i) && tgt_starts.last() != Some(&tgt.len()) {
                tgt_starts.push(tgt.len());
            }
            if dropped.contains(&(d, i)) {
                truth.push((vec![i], vec![]));
                i += 1;
            } else if merged.contains(&(d, i)) {
                truth.push((vec![i, i + 1], vec![tgt.len()]));
                tgt.push(format!("{} {}", semicolon(orig[i]), orig[i + 1]));
                i += 2;
            } else {
                truth.push((vec![i], vec![tgt.len()]));
                tgt.push(orig[i].to_string());
                i += 1;
            }
        }
        out.push(TestDoc {
            id: source.id.clone(),
            src,
            tgt,
            truth,
            src_starts: source.starts.clone(),
            tgt_starts,
        });
    }
    out
}

/// (document, line) positions in the test set.
type LineSet = HashSet<(usize, usize)>;

/// Draws the perturbation of a set of documents: the (document, line)
/// pairs whose line is merged with the next one (never across a block
/// boundary), and the (document, line) sentences that are dropped.
fn perturbation(docs: &[Source], seed: u64) -> (LineSet, LineSet) {
    let sentences: usize = docs.iter().map(|d| d.lines.len()).sum();
    let pairs: usize = docs.iter().map(|d| d.lines.len().saturating_sub(1)).sum();
    let mut rng = SplitMix(seed);
    // Body pairs (i, i + 1) with i ≥ 1; a pair overlapping one already
    // taken is skipped, since three sentences cannot become one 2:1 bead.
    let mut candidates: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            (1..doc.lines.len().saturating_sub(1))
                .filter(|i| !doc.starts.contains(&(i + 1)))
                .map(move |i| (d, i))
        })
        .collect();
    rng.shuffle(&mut candidates);
    let want = (MERGE * pairs as f64).round() as usize;
    let mut merged = HashSet::new();
    for (d, i) in candidates {
        if merged.len() == want {
            break;
        }
        let overlaps = merged.contains(&(d, i + 1)) || (i > 1 && merged.contains(&(d, i - 1)));
        if !overlaps {
            merged.insert((d, i));
        }
    }
    let in_merge =
        |d: usize, i: usize| merged.contains(&(d, i)) || (i > 0 && merged.contains(&(d, i - 1)));
    let mut candidates: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (1..doc.lines.len()).map(move |i| (d, i)))
        .filter(|&(d, i)| !in_merge(d, i))
        .collect();
    rng.shuffle(&mut candidates);
    let want = (DROP * sentences as f64).round() as usize;
    let dropped = candidates.into_iter().take(want).collect();
    (merged, dropped)
}

/// Replaces the final full stop (before any closing quotes) by a semicolon,
/// or appends one when the sentence ends otherwise.
fn semicolon(s: &str) -> String {
    let body = s.trim_end_matches(['"', '»', '”', ')', '\'']);
    match body.strip_suffix('.') {
        Some(head) => format!("{head};{}", &s[body.len()..]),
        None => format!("{s};"),
    }
}

/// Splits a document's headline and body with the TM segmenter and records
/// where each sentence came from; `lang` is the target language.
pub fn segment(doc: &TestDoc, lang: &str) -> Segmented {
    let split = |text: &str, lang: &str| -> Vec<String> {
        crate::tm::segment::split(text, lang)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let side =
        |lines: &[String], starts: &[usize], lang: &str| -> (Vec<Vec<String>>, Vec<Range<usize>>) {
            let mut blocks = Vec::new();
            let mut line_of = Vec::new();
            for part in parts(starts, lines.len()) {
                // Join with single spaces, remembering each line's byte range.
                let mut text = String::new();
                let mut ranges: Vec<Range<usize>> = Vec::new();
                for l in &lines[part.clone()] {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    ranges.push(text.len()..text.len() + l.len());
                    text.push_str(l);
                }
                let sentences = split(&text, lang);
                let mut cursor = 0;
                for s in &sentences {
                    let at = text[cursor..]
                        .find(s.as_str())
                        .map_or(cursor, |k| cursor + k);
                    cursor = at + s.len();
                    let line_at = |byte: usize| {
                        ranges
                            .iter()
                            .position(|r| byte < r.end)
                            .unwrap_or(ranges.len() - 1)
                    };
                    let (first, last) = (line_at(at), line_at(cursor.max(at + 1) - 1));
                    line_of.push(part.start + first..part.start + last + 1);
                }
                if !sentences.is_empty() {
                    blocks.push(sentences);
                }
            }
            (blocks, line_of)
        };
    let (src, src_line) = side(&doc.src, &doc.src_starts, "en");
    let (tgt, tgt_line) = side(&doc.tgt, &doc.tgt_starts, lang);
    Segmented {
        src,
        tgt,
        src_line,
        tgt_line,
    }
}

/// The line ranges of a document's blocks (headline, paragraphs), given
/// where each starts and how many lines there are.
fn parts(starts: &[usize], lines: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    starts
        .iter()
        .enumerate()
        .map(move |(k, &a)| a..starts.get(k + 1).copied().unwrap_or(lines))
}

/// Turns sentence beads into line beads, uniting beads that share a line.
pub fn line_beads(
    beads: &[Bead],
    src_line: &[Range<usize>],
    tgt_line: &[Range<usize>],
) -> Vec<LineBead> {
    let mut out: Vec<LineBead> = Vec::new();
    for b in beads {
        let mut s: Vec<usize> = b.src.clone().flat_map(|i| src_line[i].clone()).collect();
        let mut t: Vec<usize> = b.tgt.clone().flat_map(|i| tgt_line[i].clone()).collect();
        s.dedup();
        t.dedup();
        let shares = out.last().is_some_and(|(ps, pt)| {
            s.first().is_some_and(|x| ps.last() == Some(x))
                || t.first().is_some_and(|x| pt.last() == Some(x))
        });
        if shares {
            let (ps, pt) = out.last_mut().expect("checked above");
            ps.extend(s);
            pt.extend(t);
            ps.dedup();
            pt.dedup();
        } else {
            out.push((s, t));
        }
    }
    out
}

/// The scores of one run over a test set.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evaluation {
    /// Against the line-level truth as built.
    pub strict: Score,
    /// Against the truth united where a sentence covers two lines
    /// ([`resolvable`]): what any sentence-level aligner can express.
    pub resolved: Score,
    /// The best any aligner working on the segmenter's sentences can reach
    /// against the line truth: the resolvable truth scored against it.
    pub ceiling: Score,
    /// Time segmenting and aligning took.
    pub elapsed: std::time::Duration,
}

/// Segments and aligns every document with tilmech's aligner and scores
/// the beads.
pub fn evaluate(docs: &[TestDoc], lang: &str) -> Evaluation {
    evaluate_with(docs, lang, &super::PairModel::for_pair("en", lang))
}

/// Segments and aligns one document.
pub fn align_doc(doc: &TestDoc, lang: &str, model: &super::PairModel) -> (Segmented, Vec<Bead>) {
    align_split(doc, lang, model, Split::Segmenter)
}

/// Where the sentences an evaluation aligns come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// The TM segmenter splits each paragraph, as `tm align` does.
    Segmenter,
    /// Each line of the test document is one sentence: the aligner gets
    /// the truth's own segmentation (what the issue calls "same
    /// segmentation"), so its beads are scored without the segmenter's faults.
    Lines,
}

/// The document as `split` makes it into sentences, and its beads.
pub fn align_split(
    doc: &TestDoc,
    lang: &str,
    model: &super::PairModel,
    split: Split,
) -> (Segmented, Vec<Bead>) {
    let seg = match split {
        Split::Segmenter => segment(doc, lang),
        Split::Lines => lines_as_sentences(doc),
    };
    let (a, b) = (super::as_strs(&seg.src), super::as_strs(&seg.tgt));
    let beads = super::align_blocks(&a, &b, model);
    (seg, beads)
}

/// The document with each line one sentence, in its headline and paragraph
/// blocks.
pub fn lines_as_sentences(doc: &TestDoc) -> Segmented {
    let side = |lines: &[String], starts: &[usize]| -> (Vec<Vec<String>>, Vec<Range<usize>>) {
        let blocks = parts(starts, lines.len())
            .map(|part| lines[part].to_vec())
            .filter(|b| !b.is_empty())
            .collect();
        (blocks, (0..lines.len()).map(|i| i..i + 1).collect())
    };
    let (src, src_line) = side(&doc.src, &doc.src_starts);
    let (tgt, tgt_line) = side(&doc.tgt, &doc.tgt_starts);
    Segmented {
        src,
        tgt,
        src_line,
        tgt_line,
    }
}

/// [`evaluate`] with a given model (for comparisons such as without lexicon).
pub fn evaluate_with(docs: &[TestDoc], lang: &str, model: &super::PairModel) -> Evaluation {
    let start = std::time::Instant::now();
    let aligned: Vec<(Segmented, Vec<Bead>)> =
        docs.iter().map(|d| align_doc(d, lang, model)).collect();
    let mut e = Evaluation {
        elapsed: start.elapsed(),
        ..Evaluation::default()
    };
    for (doc, (seg, beads)) in docs.iter().zip(&aligned) {
        let lines = line_beads(beads, &seg.src_line, &seg.tgt_line);
        let reachable = resolvable(&doc.truth, seg);
        e.strict.add(score(&lines, &doc.truth));
        e.resolved.add(score(&lines, &reachable));
        e.ceiling.add(score(&reachable, &doc.truth));
    }
    e
}

/// What a development run of issue 18 measures: the release-identity
/// decision on parallel documents and on cross pairings, bead scores with
/// refused documents counted as misses, and what became of dropped sentences.
#[derive(Debug, Clone, Copy, Default)]
pub struct DevReport {
    /// Documents.
    pub docs: usize,
    /// Parallel documents refused as different releases.
    pub refused: usize,
    /// Cross pairings (document i's English, document i + 1's translation)
    /// accepted as the same release.
    pub cross_accepted: usize,
    /// Bead scores over all documents; a refused document predicts nothing.
    /// The time is that of segmenting and aligning the parallel documents.
    pub eval: Evaluation,
    /// Dropped sentences (true 1:0 beads).
    pub dropped: usize,
    /// Dropped sentences the aligner reported as unmatched.
    pub dropped_unmatched: usize,
    /// Dropped sentences glued into a bead with a counterpart at a
    /// confidence at or above the review threshold.
    pub dropped_glued_sure: usize,
    /// Dropped lines that the segmenter joined with a neighbouring line
    /// into one sentence (the line before or after ends without a sentence
    /// end): that sentence has a counterpart, so no aligner working on the
    /// segmented sentences can report the line alone.
    pub dropped_joined: usize,
    /// Of those, the ones inside a bead at or above the review threshold.
    pub dropped_joined_glued_sure: usize,
    /// Beads with both sides in accepted documents.
    pub paired: usize,
    /// Of those, beads below the review threshold: the reviewer's load.
    pub flagged: usize,
}

/// Runs the aligner and the release-identity decision over a development
/// set; `review` is the confidence below which a bead is flagged.
pub fn evaluate_dev(docs: &[TestDoc], lang: &str, review: f64) -> DevReport {
    let model = super::PairModel::for_pair("en", lang);
    evaluate_dev_with(docs, lang, review, &model, Split::Segmenter)
}

/// [`evaluate_dev`] with a given model (for calibration sweeps).
pub fn evaluate_dev_with(
    docs: &[TestDoc],
    lang: &str,
    review: f64,
    model: &super::PairModel,
    split: Split,
) -> DevReport {
    let model = *model;
    let decide = |seg: &Segmented, beads: &[Bead]| {
        let (a, b) = (super::as_strs(&seg.src), super::as_strs(&seg.tgt));
        let mean = beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len().max(1) as f64;
        super::same_release(mean, super::release_evidence(&a, &b, beads, &model))
    };
    let mut r = DevReport {
        docs: docs.len(),
        ..DevReport::default()
    };
    for (i, doc) in docs.iter().enumerate() {
        let start = std::time::Instant::now();
        let (seg, beads) = align_split(doc, lang, &model, split);
        r.eval.elapsed += start.elapsed();
        let accepted = decide(&seg, &beads);
        let (cseg, cbeads) = align_split(&cross(docs, i), lang, &model, split);
        r.cross_accepted += usize::from(docs.len() > 1 && decide(&cseg, &cbeads));
        let reachable = resolvable(&doc.truth, &seg);
        r.eval.ceiling.add(score(&reachable, &doc.truth));
        let kept: &[Bead] = if accepted { &beads } else { &[] };
        r.refused += usize::from(!accepted);
        for b in kept
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        {
            r.paired += 1;
            r.flagged += usize::from(b.confidence < review);
        }
        let lines = line_beads(kept, &seg.src_line, &seg.tgt_line);
        r.eval.strict.add(score(&lines, &doc.truth));
        r.eval.resolved.add(score(&lines, &reachable));
        for (en, _) in doc.truth.iter().filter(|t| t.1.is_empty()) {
            r.dropped += 1;
            let line = en[0];
            let covering = kept
                .iter()
                .filter(|b| b.src.clone().any(|s| seg.src_line[s].contains(&line)));
            let (mut alone, mut glued_sure) = (false, false);
            for b in covering {
                if b.tgt.is_empty() {
                    alone = true;
                } else if b.confidence >= review {
                    glued_sure = true;
                }
            }
            r.dropped_unmatched += usize::from(alone && !glued_sure);
            r.dropped_glued_sure += usize::from(glued_sure);
            let joined = seg
                .src_line
                .iter()
                .any(|l| l.contains(&line) && l.len() > 1);
            r.dropped_joined += usize::from(joined);
            r.dropped_joined_glued_sure += usize::from(joined && glued_sure);
        }
    }
    r
}

/// Document `i`'s English with the translation of document `i + 1` (the
/// first document's after the last): a pair of different texts, which the
/// release-identity decision should refuse.
pub fn cross(docs: &[TestDoc], i: usize) -> TestDoc {
    let other = &docs[(i + 1) % docs.len()];
    TestDoc {
        tgt: other.tgt.clone(),
        tgt_starts: other.tgt_starts.clone(),
        ..docs[i].clone()
    }
}

/// The true beads united wherever one sentence (on either side) covers
/// lines of two of them: the segmenter found no boundary there, so no
/// aligner working on its sentences can separate those beads.
pub fn resolvable(truth: &[LineBead], seg: &Segmented) -> Vec<LineBead> {
    // For each line, the true bead it belongs to.
    let index = |side: fn(&LineBead) -> &Vec<usize>| {
        let mut of = BTreeMap::new();
        for (k, b) in truth.iter().enumerate() {
            for &l in side(b) {
                of.insert(l, k);
            }
        }
        of
    };
    let (src_of, tgt_of) = (index(|b| &b.0), index(|b| &b.1));
    // joined[k]: bead k is united with bead k + 1.
    let mut joined = vec![false; truth.len()];
    for (spans, of) in [(&seg.src_line, &src_of), (&seg.tgt_line, &tgt_of)] {
        for span in spans.iter().filter(|r| r.len() > 1) {
            let ks: Vec<usize> = span.clone().filter_map(|l| of.get(&l).copied()).collect();
            if let (Some(&lo), Some(&hi)) = (ks.iter().min(), ks.iter().max()) {
                joined[lo..hi].iter_mut().for_each(|j| *j = true);
            }
        }
    }
    let mut out: Vec<LineBead> = Vec::new();
    let mut open = false;
    for (k, b) in truth.iter().enumerate() {
        if open {
            let (s, t) = out.last_mut().expect("open implies a bead");
            s.extend(&b.0);
            t.extend(&b.1);
        } else {
            out.push(b.clone());
        }
        open = joined[k];
    }
    out
}

/// Share of content words matched on each side, English then target, for
/// true pairs and for each English sentence with the next sentence's
/// translation (the confusion an aligner faces: same story, other sentence):
/// `[(en true, en random), (target true, target random)]`. Measures the
/// rates of `lexicon.rs` on held-out data; `cognates_only` leaves the
/// lexicon out (the en–ky situation).
pub fn match_rates(pairs: &[(String, String)], lang: &str, cognates_only: bool) -> [(f64, f64); 2] {
    use super::lexicon::{words, Lexical};
    let Some(mut lex) = Lexical::for_pair("en", lang) else {
        return [(0.0, 0.0); 2];
    };
    if cognates_only {
        lex = lex.cognates_only();
    }
    let w: Vec<_> = pairs.iter().map(|(a, b)| (words(a), words(b))).collect();
    let mut counts = [[0u32; 4]; 2];
    for (i, (a, b)) in w.iter().enumerate() {
        for (r, other) in [(0, b), (1, &w[(i + 1) % w.len()].1)] {
            let (ma, mb) = lex.match_masks(a, other);
            counts[r][0] += ma.iter().map(|m| m.count_ones()).sum::<u32>();
            counts[r][1] += a.len() as u32;
            counts[r][2] += mb.iter().map(|m| m.count_ones()).sum::<u32>();
            counts[r][3] += other.len() as u32;
        }
    }
    let rate = |r: usize, k: usize| counts[r][k] as f64 / counts[r][k + 1].max(1) as f64;
    [(rate(0, 0), rate(1, 0)), (rate(0, 2), rate(1, 2))]
}

/// Scores predicted line beads against the truth.
pub fn score(predicted: &[LineBead], truth: &[LineBead]) -> Score {
    let gold: std::collections::HashSet<&LineBead> = truth.iter().collect();
    Score {
        correct: predicted.iter().filter(|b| gold.contains(b)).count(),
        predicted: predicted.len(),
        gold: truth.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_replaces_the_final_full_stop_only() {
        assert_eq!(semicolon("Он ушёл."), "Он ушёл;");
        assert_eq!(semicolon("Он сказал «да»."), "Он сказал «да»;");
        assert_eq!(semicolon("«Да.»"), "«Да;»");
        assert_eq!(semicolon("Почему?"), "Почему?;");
    }

    #[test]
    fn build_perturbs_the_target_side_reproducibly() {
        let mut tsv = String::new();
        let mut ids = String::new();
        for d in 0..20 {
            for s in 0..10 {
                tsv.push_str(&format!("E{d} {s}.\tR{d} {s}.\tK{d} {s}.\n"));
                ids.push_str(&format!("doc{d}\n"));
            }
        }
        let a = build(&tsv, &ids, 1).unwrap();
        let b = build(&tsv, &ids, 1).unwrap();
        assert_eq!(a.len(), 20);
        assert_eq!(a[7].tgt, b[7].tgt);
        let beads: Vec<&LineBead> = a.iter().flat_map(|d| &d.truth).collect();
        let dropped = beads.iter().filter(|b| b.1.is_empty()).count();
        let merged = beads.iter().filter(|b| b.0.len() == 2).count();
        // 200 sentences and 180 adjacent pairs: exactly 10 drops, 18 merges.
        assert_eq!((dropped, merged), (10, 18));
        // Every English line is covered once, in order.
        for d in &a {
            let lines: Vec<usize> = d.truth.iter().flat_map(|b| b.0.clone()).collect();
            assert_eq!(lines, (0..10).collect::<Vec<_>>());
            let tgt: Vec<usize> = d.truth.iter().flat_map(|b| b.1.clone()).collect();
            assert_eq!(tgt, (0..d.tgt.len()).collect::<Vec<_>>());
        }
        let m = a
            .iter()
            .flat_map(|d| d.tgt.iter())
            .find(|t| t.contains(';'))
            .unwrap();
        assert!(m.starts_with('R') && m.matches('R').count() == 2, "{m}");
        assert!(matches!(
            build("a\tb\n", "x\n", 1),
            Err(NtrexError::Columns { line: 1, found: 2 })
        ));
    }

    /// A certain bead from source sentences `a` to target sentences `b`.
    fn bead(a: Range<usize>, b: Range<usize>) -> Bead {
        Bead {
            src: a,
            tgt: b,
            confidence: 1.0,
        }
    }

    #[test]
    fn line_beads_unite_split_lines() {
        // Line 1 was split into sentences 1 and 2 on the English side.
        let beads = [
            bead(0..1, 0..1),
            bead(1..2, 1..2),
            bead(2..3, 2..2),
            bead(3..4, 2..2),
        ];
        let lines = line_beads(&beads, &[0..1, 1..2, 1..2, 2..3], &[0..1, 1..2]);
        assert_eq!(
            lines,
            vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![])]
        );
        let s = score(
            &lines,
            &[(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])],
        );
        assert_eq!((s.correct, s.predicted, s.gold), (2, 3, 3));
    }

    #[test]
    fn truth_is_united_where_a_sentence_covers_two_lines() {
        // Target sentence 1 covers lines 1 and 2 (no boundary found there);
        // English line 3 was dropped on the target side.
        let seg = Segmented {
            src: vec![],
            tgt: vec![],
            src_line: vec![0..1, 1..2, 2..3, 3..4, 4..5],
            tgt_line: vec![0..1, 1..3, 3..4],
        };
        let truth: Vec<LineBead> = vec![
            (vec![0], vec![0]),
            (vec![1], vec![1]),
            (vec![2], vec![2]),
            (vec![3], vec![]),
            (vec![4], vec![3]),
        ];
        assert_eq!(
            resolvable(&truth, &seg),
            vec![
                (vec![0], vec![0]),
                (vec![1, 2], vec![1, 2]),
                (vec![3], vec![]),
                (vec![4], vec![3]),
            ]
        );
        // The aligner's 2:1 bead over that sentence projects onto both lines.
        let beads = [
            bead(0..1, 0..1),
            bead(1..3, 1..2),
            bead(3..4, 2..2),
            bead(4..5, 2..3),
        ];
        let lines = line_beads(&beads, &seg.src_line, &seg.tgt_line);
        assert_eq!(lines[1], (vec![1, 2], vec![1, 2]));
        let s = score(&lines, &resolvable(&truth, &seg));
        assert_eq!((s.correct, s.predicted, s.gold), (4, 4, 4));
        assert_eq!(score(&lines, &truth).correct, 3);
    }
}
