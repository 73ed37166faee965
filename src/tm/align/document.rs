//! Release documents on disk: `<stem>.<lang>.md` (or `.txt`), grouped by
//! stem, split into headline, paragraphs and sentences, aligned pairwise
//! against English and merged into three-language units.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{align_blocks, Bead, PairModel};
use crate::tm::unit::{Provenance, Segment, Unit};

/// The language every other version is aligned against.
pub const PIVOT: &str = "en";
/// The languages a complete group has, pivot first.
pub const LANGUAGES: [&str; 3] = ["en", "ru", "ky"];
/// At or above this mean bead confidence two versions are the same
/// release. Matching versions of the archive releases score 0.82–0.92,
/// cross pairings of archive releases 0.33–0.56 (`tests/it/align.rs`);
/// short parallel documents with a dropped sentence or a merge, whose
/// flagged beads pull the mean down, go as low as 0.40 (WMT development
/// set), so below this value the decision is left to
/// [`SAME_RELEASE_EVIDENCE`]. 0.55 refuses no parallel document of the
/// development sets of `align_eval --dev` (0.65 refused 2 of 281 WMT and 4
/// of the 123 en–ky ones).
pub const SAME_RELEASE_THRESHOLD: f64 = 0.55;
/// Document-level lexical evidence ([`super::release_evidence`], nats) at
/// which two versions are the same document whatever their mean bead
/// confidence: a pair of translations with many uncertain beads (drops,
/// merges, short sentences) is aligned and its beads flagged, not refused.
/// The evidence adds the anchors (numbers, marks, one name) of each bead.
/// Chosen on the WMT and TICO-19 en–ru development sets of `align_eval
/// --identity-dump` and the archive, never NTREX: with the threshold at
/// 0.55, 10 / 15 nats refused 0 / 0 of 515 parallel documents (with 0.65:
/// 1 / 2, and 4 at 20 nats) and accepted 57 / 43 of 515 cross pairings
/// (adjacent chunks of one corpus, often one story); every archive cross
/// pairing is refused. Measured before the merge-bead costs of `dp.rs`
/// changed; `docs/alignment.md` has the current rates.
pub const SAME_RELEASE_EVIDENCE: f64 = 15.0;

/// Whether two versions are taken for the same document: their beads are
/// confident on average, or the document as a whole carries at least
/// [`SAME_RELEASE_EVIDENCE`] of lexical evidence. Only a pair with neither
/// is refused.
pub fn same_release(mean_confidence: f64, evidence: Option<f64>) -> bool {
    mean_confidence >= SAME_RELEASE_THRESHOLD
        || evidence.is_some_and(|e| e >= SAME_RELEASE_EVIDENCE)
}

/// Why a group of release files could not be aligned.
#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file named on the command line does not follow `<stem>.<lang>.md`.
    #[error("{}: expected a release file named `<stem>.<lang>.md` or `<stem>.<lang>.txt` with a language code such as `en`, `ru` or `ky`", path.display())]
    BadName {
        /// The file.
        path: PathBuf,
    },
    /// A language version is missing from the group.
    #[error("release `{stem}` has no {lang} version (expected {stem}.{lang}.md beside the others); nothing imported")]
    Missing {
        /// The release stem.
        stem: String,
        /// The missing language.
        lang: String,
    },
    /// A language version has no text.
    #[error("{}: the {lang} version is empty; nothing imported", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
        /// Its language.
        lang: String,
    },
    /// Two versions do not look like the same release.
    #[error("release `{stem}`: the {lang} version does not match the {pivot} one (mean alignment confidence {mean:.2}, expected at least {threshold:.2}, and lexical evidence {evidence:.1} nats, expected at least {SAME_RELEASE_EVIDENCE}); are they versions of the same release? nothing imported", pivot = PIVOT)]
    NotSameRelease {
        /// The release stem.
        stem: String,
        /// The language that does not match the pivot.
        lang: String,
        /// Its mean bead confidence.
        mean: f64,
        /// [`SAME_RELEASE_THRESHOLD`].
        threshold: f64,
        /// Its document-level lexical evidence ([`super::release_evidence`]).
        evidence: f64,
    },
}

/// One language version of a release, split for alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Language code.
    pub lang: String,
    /// Headline first, then paragraphs; each a list of sentences.
    pub blocks: Vec<Vec<String>>,
}

impl Document {
    /// Splits a release text: the first non-blank line (without a leading
    /// `# `) is the headline, blank lines separate paragraphs, and the TM
    /// segmenter splits each into sentences.
    pub fn parse(text: &str, lang: &str) -> Document {
        let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
        let mut raw: Vec<String> = Vec::new();
        if let Some(head) = lines.next() {
            let head = head.trim();
            raw.push(head.strip_prefix('#').unwrap_or(head).trim().to_string());
        }
        let mut para = String::new();
        for line in lines.chain(std::iter::once("")) {
            if line.trim().is_empty() {
                if !para.is_empty() {
                    raw.push(std::mem::take(&mut para));
                }
            } else {
                if !para.is_empty() {
                    para.push(' ');
                }
                para.push_str(line.trim());
            }
        }
        let blocks = raw
            .iter()
            .map(|p| {
                crate::tm::segment::split(p, lang)
                    .into_iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|b| !b.is_empty())
            .collect();
        Document {
            lang: lang.to_string(),
            blocks,
        }
    }

    /// All sentences in order.
    pub fn sentences(&self) -> Vec<&str> {
        self.blocks.iter().flatten().map(String::as_str).collect()
    }
}

/// The versions of one release found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The file stem shared by all versions (`2021-05-12-elections`).
    pub stem: String,
    /// Files by language code.
    pub files: BTreeMap<String, PathBuf>,
}

/// Splits `name` into (stem, lang) if it is `<stem>.<lang>.md|txt`.
fn parse_name(path: &Path) -> Option<(String, String)> {
    let name = path.file_name()?.to_str()?;
    let rest = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".txt"))?;
    let (stem, lang) = rest.rsplit_once('.')?;
    let ok = !stem.is_empty()
        && (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase());
    ok.then(|| (stem.to_string(), lang.to_string()))
}

/// Groups release files by stem. A folder contributes every file in it
/// named like a release version (others are ignored); a file named
/// explicitly must be one.
pub fn group_files(paths: &[PathBuf]) -> Result<Vec<Group>, AlignError> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut add = |path: PathBuf, stem: String, lang: String| {
        groups
            .entry(stem.clone())
            .or_insert_with(|| Group {
                stem,
                files: BTreeMap::new(),
            })
            .files
            .insert(lang, path);
    };
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| AlignError::Read {
                path: path.clone(),
                source,
            })?;
            let mut files: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for f in files {
                if let Some((stem, lang)) = parse_name(&f).filter(|_| f.is_file()) {
                    add(f, stem, lang);
                }
            }
        } else {
            let (stem, lang) =
                parse_name(path).ok_or_else(|| AlignError::BadName { path: path.clone() })?;
            add(path.clone(), stem, lang);
        }
    }
    Ok(groups.into_values().collect())
}

/// One aligned unit of a release, in two or three languages.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedUnit {
    /// Text by language (sentences joined by a space).
    pub segments: BTreeMap<String, String>,
    /// Sentence indices (across the document) by language.
    pub sentences: BTreeMap<String, Range<usize>>,
    /// The lowest confidence of the beads it was made from.
    pub confidence: f64,
}

/// A sentence the aligner found no counterpart for in one language pair
/// (a 1:0 or 0:1 bead). It makes no unit in the memory: a sentence alone
/// is not a translation, and a one-language unit would be counted and
/// exported as if it were. It is listed for review instead (`--dry-run`,
/// JSON, `--review FILE`), where a person can add the translation.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    /// The language of the sentence.
    pub lang: String,
    /// The pair's other language: the one it has no counterpart in.
    pub missing_in: String,
    /// Its index among the sentences of its language.
    pub sentence: usize,
    /// Its text.
    pub text: String,
}

/// The alignment of one release.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The release stem.
    pub stem: String,
    /// Units in document order.
    pub units: Vec<AlignedUnit>,
    /// Every pairwise bead, for review: by target language, against [`PIVOT`].
    pub beads: BTreeMap<String, Vec<Bead>>,
    /// Mean bead confidence by target language.
    pub mean_confidence: BTreeMap<String, f64>,
    /// Sentences by language, so beads can be shown.
    pub sentences: BTreeMap<String, Vec<String>>,
    /// Sentences without counterpart, pair by pair, in document order.
    pub unmatched: Vec<Unmatched>,
}

impl AlignedUnit {
    /// The TM unit, with status `aligned` and the document and position as
    /// provenance.
    pub fn to_unit(&self, stem: &str, position: u32) -> Unit {
        Unit {
            segments: self
                .segments
                .iter()
                .map(|(l, t)| (l.clone(), Segment::plain(t.clone())))
                .collect(),
            provenance: Provenance {
                document: Some(stem.to_string()),
                position: Some(position),
                status: Some("aligned".into()),
                ..Provenance::default()
            },
        }
    }
}

/// Reads and aligns one group: every language of [`LANGUAGES`] must be
/// present, non-empty and recognisably the same release as the English.
pub fn align_group(group: &Group) -> Result<Alignment, AlignError> {
    let mut docs: BTreeMap<&str, Document> = BTreeMap::new();
    for lang in LANGUAGES {
        let path = group.files.get(lang).ok_or_else(|| AlignError::Missing {
            stem: group.stem.clone(),
            lang: lang.to_string(),
        })?;
        let text = std::fs::read_to_string(path).map_err(|source| AlignError::Read {
            path: path.clone(),
            source,
        })?;
        let doc = Document::parse(&text, lang);
        if doc.blocks.is_empty() {
            return Err(AlignError::Empty {
                path: path.clone(),
                lang: lang.to_string(),
            });
        }
        docs.insert(lang, doc);
    }
    align_documents(&group.stem, &docs)
}

fn align_documents(stem: &str, docs: &BTreeMap<&str, Document>) -> Result<Alignment, AlignError> {
    let pivot = &docs[PIVOT];
    let mut beads = BTreeMap::new();
    let mut mean_confidence = BTreeMap::new();
    for lang in LANGUAGES.iter().filter(|l| **l != PIVOT) {
        let (a, b) = (
            super::as_strs(&pivot.blocks),
            super::as_strs(&docs[lang].blocks),
        );
        let model = PairModel::for_pair(PIVOT, lang);
        let found = align_blocks(&a, &b, &model);
        let mean = found.iter().map(|b| b.confidence).sum::<f64>() / found.len().max(1) as f64;
        let evidence = super::release_evidence(&a, &b, &found, &model);
        if !same_release(mean, evidence) {
            return Err(AlignError::NotSameRelease {
                stem: stem.to_string(),
                lang: lang.to_string(),
                mean,
                threshold: SAME_RELEASE_THRESHOLD,
                evidence: evidence.unwrap_or(f64::NAN),
            });
        }
        mean_confidence.insert(lang.to_string(), mean);
        beads.insert(lang.to_string(), found);
    }
    let sentences: BTreeMap<String, Vec<String>> = docs
        .iter()
        .map(|(l, d)| {
            (
                l.to_string(),
                d.sentences().iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect();
    let units = merge(&beads, &sentences);
    let unmatched = unmatched(&beads, &sentences);
    Ok(Alignment {
        stem: stem.to_string(),
        units,
        beads,
        mean_confidence,
        sentences,
        unmatched,
    })
}

/// The sentences of the 1:0 and 0:1 beads of every pair.
fn unmatched(
    beads: &BTreeMap<String, Vec<Bead>>,
    sentences: &BTreeMap<String, Vec<String>>,
) -> Vec<Unmatched> {
    let mut out = Vec::new();
    for (lang, list) in beads {
        for b in list {
            let (side, other, range) = match (b.src.is_empty(), b.tgt.is_empty()) {
                (false, true) => (PIVOT, lang.as_str(), &b.src),
                (true, false) => (lang.as_str(), PIVOT, &b.tgt),
                _ => continue,
            };
            for i in range.clone() {
                out.push(Unmatched {
                    lang: side.to_string(),
                    missing_in: other.to_string(),
                    sentence: i,
                    text: sentences[side][i].clone(),
                });
            }
        }
    }
    out
}

/// Merges the pairwise alignments on the pivot side: where every pair has a
/// bead over the same pivot sentences, one unit holds all languages;
/// elsewhere each pair's beads become two-language units. Beads with an
/// empty side make no unit (a sentence alone is not a translation).
fn merge(
    beads: &BTreeMap<String, Vec<Bead>>,
    sentences: &BTreeMap<String, Vec<String>>,
) -> Vec<AlignedUnit> {
    let text = |lang: &str, r: &Range<usize>| sentences[lang][r.clone()].join(" ");
    // Pivot range -> (lang, target range, confidence) for beads with both sides.
    let mut by_pivot: BTreeMap<(usize, usize), Vec<(&str, &Bead)>> = BTreeMap::new();
    for (lang, list) in beads {
        for b in list
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        {
            by_pivot
                .entry((b.src.start, b.src.end))
                .or_default()
                .push((lang.as_str(), b));
        }
    }
    // Ranges sharing a start but differing in end are disagreements; the
    // BTreeMap order (start, then end) keeps the output in document order.
    let mut units = Vec::new();
    for ((start, end), pairs) in by_pivot {
        let src = start..end;
        let mut unit = AlignedUnit {
            segments: BTreeMap::from([(PIVOT.to_string(), text(PIVOT, &src))]),
            sentences: BTreeMap::from([(PIVOT.to_string(), src.clone())]),
            confidence: 1.0,
        };
        for (lang, b) in pairs {
            unit.segments.insert(lang.to_string(), text(lang, &b.tgt));
            unit.sentences.insert(lang.to_string(), b.tgt.clone());
            unit.confidence = unit.confidence.min(b.confidence);
        }
        units.push(unit);
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_splits_headline_paragraphs_and_sentences() {
        let doc = Document::parse(
            "# Rogov meets Kazakbaev\n\n10 May 2021, BISHKEK – They met.\nThey talked.\n\n\nA. Berger spoke. Then she left!\n",
            "en",
        );
        assert_eq!(
            doc.blocks,
            vec![
                vec!["Rogov meets Kazakbaev".to_string()],
                vec![
                    "10 May 2021, BISHKEK – They met.".into(),
                    "They talked.".into()
                ],
                vec!["A. Berger spoke.".into(), "Then she left!".into()],
            ]
        );
        assert!(Document::parse("\n  \n", "en").blocks.is_empty());
    }

    #[test]
    fn names_need_stem_and_language() {
        assert_eq!(
            parse_name(Path::new("a/2021-05-12-elections.ru.md")),
            Some(("2021-05-12-elections".into(), "ru".into()))
        );
        assert_eq!(
            parse_name(Path::new("x.ky.txt")),
            Some(("x".into(), "ky".into()))
        );
        assert_eq!(parse_name(Path::new("README.md")), None);
        assert_eq!(parse_name(Path::new("x.RU.md")), None);
    }

    #[test]
    fn merge_keeps_agreements_and_splits_disagreements() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let sentences = BTreeMap::from([
            ("en".to_string(), s(&["E0", "E1", "E2"])),
            ("ru".to_string(), s(&["R0", "R12"])),
            ("ky".to_string(), s(&["K0", "K1", "K2"])),
        ]);
        let bead = |a: Range<usize>, b: Range<usize>| Bead {
            src: a,
            tgt: b,
            confidence: 0.9,
        };
        let beads = BTreeMap::from([
            ("ru".to_string(), vec![bead(0..1, 0..1), bead(1..3, 1..2)]),
            (
                "ky".to_string(),
                vec![bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..3)],
            ),
        ]);
        let units = merge(&beads, &sentences);
        let shown: Vec<Vec<(String, String)>> = units
            .iter()
            .map(|u| u.segments.clone().into_iter().collect())
            .collect();
        let p = |l: &str, t: &str| (l.to_string(), t.to_string());
        assert_eq!(
            shown,
            vec![
                vec![p("en", "E0"), p("ky", "K0"), p("ru", "R0")],
                vec![p("en", "E1"), p("ky", "K1")],
                vec![p("en", "E1 E2"), p("ru", "R12")],
                vec![p("en", "E2"), p("ky", "K2")],
            ]
        );
    }
}
