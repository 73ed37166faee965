//! Candidate retrieval for fuzzy lookup without scoring every unit.
//!
//! An [`Index`] covers the segments of one language. Each segment becomes a
//! sequence of token ids (the keys of [`crate::tm::score`]: folded words and
//! punctuation, one shared id for all numbers). Segments are numbered by
//! ascending token count, so every postings list — the sorted `u32` numbers
//! of the segments holding a token — is also sorted by length.
//!
//! A query at threshold `t` then:
//! 1. takes the length window `[q·t/100, 100·q/t]` (a shorter or longer
//!    segment cannot reach `t`: `d ≥ |len_a − len_b|`), which is one
//!    contiguous range of segment numbers, cut out of each postings list by
//!    binary search;
//! 2. counts, per segment in the window, an upper bound of the tokens it
//!    shares with the query (each distinct query token found adds its count
//!    in the query) and keeps those with at least
//!    [`crate::tm::score::min_shared`] (since `d ≥ max(len) − shared`);
//! 3. computes the exact token distance of the survivors on their id
//!    sequences, which gives the same score as the brute-force scorer.
//!
//! Both filters are bounds, never heuristics, so the result equals brute
//! force (tested in [`crate::tm::lookup`]). Everything is flat `u32` arrays,
//! so the index saves to and loads from one file next to the database
//! ([`Index::save`], [`Index::load`]) and is rebuilt when the store's
//! generation changes.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use super::score;
use super::store::UnitId;

/// A token-postings index of one language's segments.
#[derive(Debug, Default, PartialEq)]
pub struct Index {
    /// The store generation it was built from.
    pub generation: u64,
    vocab: HashMap<String, u32>,
    /// Unit id of each segment number.
    units: Vec<UnitId>,
    /// Token ids of segment `i`: `tokens[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    tokens: Vec<u32>,
    /// Segment numbers holding token `k`: `postings[post_off[k]..post_off[k + 1]]`.
    post_off: Vec<u32>,
    postings: Vec<u32>,
}

/// A segment that may reach the threshold, with its exact token distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The unit.
    pub unit: UnitId,
    /// Token Levenshtein distance to the query.
    pub distance: usize,
    /// Token count of the segment.
    pub len: usize,
}

impl Index {
    /// Builds the index of `segments` (unit id, text).
    pub fn build<S: AsRef<str>>(
        segments: impl IntoIterator<Item = (UnitId, S)>,
        generation: u64,
    ) -> Index {
        let mut builder = Builder::default();
        for (id, text) in segments {
            builder.add(id, text.as_ref());
        }
        builder.finish(generation)
    }

    /// Number of segments indexed.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether no segment is indexed.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    fn seq(&self, n: usize) -> &[u32] {
        &self.tokens[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    /// The segments that can score at least `min_score` (1–100) against the
    /// query with token keys `keys`, with their exact distances.
    pub fn candidates(&self, keys: &[String], min_score: u8) -> Vec<Candidate> {
        let min_score = min_score.max(1);
        let q = keys.len();
        let (lo, hi) = score::length_window(q, min_score);
        // Segment numbers are sorted by length: the window is a range.
        let first = self.partition(lo);
        let last = self.partition(hi.saturating_add(1));
        if first >= last {
            return Vec::new();
        }
        // A query token unknown to the index can never be shared; keep a
        // sentinel id so the distance still counts it as different.
        let unknown = u32::MAX;
        let query: Vec<u32> = keys
            .iter()
            .map(|k| self.vocab.get(k).copied().unwrap_or(unknown))
            .collect();
        let mut weights: HashMap<u32, u32> = HashMap::new();
        for &t in query.iter().filter(|&&t| t != unknown) {
            *weights.entry(t).or_default() += 1;
        }
        let mut shared = vec![0u32; last - first];
        for (&t, &w) in &weights {
            let list = &self.postings
                [self.post_off[t as usize] as usize..self.post_off[t as usize + 1] as usize];
            let from = list.partition_point(|&n| (n as usize) < first);
            let to = list.partition_point(|&n| (n as usize) < last);
            for &n in &list[from..to] {
                shared[n as usize - first] += w;
            }
        }
        let mut out = Vec::new();
        for (i, &s) in shared.iter().enumerate() {
            if s == 0 {
                continue;
            }
            let n = first + i;
            let seq = self.seq(n);
            if (s as usize) < score::min_shared(q, seq.len(), min_score) {
                continue;
            }
            out.push(Candidate {
                unit: self.units[n],
                distance: score::distance(&query, seq),
                len: seq.len(),
            });
        }
        out
    }

    /// The first segment number whose length is at least `len`.
    fn partition(&self, len: usize) -> usize {
        let (mut a, mut b) = (0, self.units.len());
        while a < b {
            let mid = (a + b) / 2;
            if self.seq(mid).len() < len {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        a
    }

    /// Writes the index to `path`: little-endian arrays after a length, the
    /// vocabulary as UTF-8 lines in id order (tokens never hold a newline).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut words: Vec<(&String, &u32)> = self.vocab.iter().collect();
        words.sort_by_key(|(_, &id)| id);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.generation.to_le_bytes());
        let vocab: String = words.iter().map(|(w, _)| format!("{w}\n")).collect();
        put_bytes(&mut out, vocab.as_bytes());
        put_u64s(&mut out, self.units.iter().map(|&u| u as u64));
        for v in [&self.offsets, &self.tokens, &self.post_off, &self.postings] {
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            v.iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
        }
        // Write then rename, so a reader never sees half a file.
        let tmp = path.with_extension("idx-tmp");
        std::fs::File::create(&tmp)?.write_all(&out)?;
        std::fs::rename(tmp, path)
    }

    /// Reads an index written by [`Index::save`]; `None` if absent or not an index.
    pub fn load(path: &Path) -> Option<Index> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .read_to_end(&mut bytes)
            .ok()?;
        let mut r = bytes.strip_prefix(MAGIC)?;
        let generation = u64::from_le_bytes(take(&mut r, 8)?.try_into().ok()?);
        let vocab_len = take_u64(&mut r)? as usize;
        let vocab_text = std::str::from_utf8(take(&mut r, vocab_len)?).ok()?;
        let vocab = vocab_text
            .split_terminator('\n')
            .enumerate()
            .map(|(i, w)| (w.to_string(), i as u32))
            .collect();
        let units = take_u64s(&mut r)?.into_iter().map(|u| u as i64).collect();
        let mut arrays = Vec::new();
        for _ in 0..4 {
            let n = take_u64(&mut r)? as usize;
            let raw = take(&mut r, n.checked_mul(4)?)?;
            arrays.push(
                raw.chunks_exact(4)
                    .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
                    .collect::<Vec<_>>(),
            );
        }
        let postings = arrays.pop()?;
        let post_off = arrays.pop()?;
        let tokens = arrays.pop()?;
        let offsets = arrays.pop()?;
        Some(Index {
            generation,
            vocab,
            units,
            offsets,
            tokens,
            post_off,
            postings,
        })
    }
}

/// Collects segments one at a time, so a caller streaming from the store
/// never holds all texts at once.
#[derive(Default)]
pub struct Builder {
    vocab: HashMap<String, u32>,
    seqs: Vec<(UnitId, Vec<u32>)>,
}

impl Builder {
    /// Adds the segment `text` of unit `id`.
    pub fn add(&mut self, id: UnitId, text: &str) {
        let folded = score::fold(text);
        let vocab = &mut self.vocab;
        let ids = score::tokenize(&folded)
            .into_iter()
            .map(|t| {
                let key = if t.number {
                    score::NUMBER_KEY
                } else {
                    &folded[t.range()]
                };
                // Look up before inserting: most tokens are known, and an
                // owned key costs an allocation.
                match vocab.get(key) {
                    Some(&k) => k,
                    None => {
                        let k = vocab.len() as u32;
                        vocab.insert(key.to_string(), k);
                        k
                    }
                }
            })
            .collect();
        self.seqs.push((id, ids));
    }

    /// The finished index, stamped with the store `generation`.
    pub fn finish(self, generation: u64) -> Index {
        let Builder { vocab, mut seqs } = self;
        // Stable sort: equal lengths keep unit-id order.
        seqs.sort_by_key(|(_, s)| s.len());
        let mut index = Index {
            generation,
            vocab,
            ..Index::default()
        };
        let mut counts = vec![0u32; index.vocab.len() + 1];
        index.offsets.push(0);
        // Each segment's distinct tokens, needed twice: to size and to fill the postings.
        let distinct: Vec<Vec<u32>> = seqs
            .iter()
            .map(|(_, seq)| {
                let mut d = seq.clone();
                d.sort_unstable();
                d.dedup();
                d
            })
            .collect();
        for ((id, seq), d) in seqs.iter().zip(&distinct) {
            index.units.push(*id);
            index.tokens.extend_from_slice(seq);
            index.offsets.push(index.tokens.len() as u32);
            for &t in d {
                counts[t as usize + 1] += 1;
            }
        }
        for k in 1..counts.len() {
            counts[k] += counts[k - 1];
        }
        index.postings = vec![0; *counts.last().unwrap_or(&0) as usize];
        let mut fill = counts.clone();
        for (n, d) in distinct.iter().enumerate() {
            for &t in d {
                index.postings[fill[t as usize] as usize] = n as u32;
                fill[t as usize] += 1;
            }
        }
        index.post_off = counts;
        index
    }
}

const MAGIC: &[u8] = b"tilmech-index-1\n";

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(b);
}

fn put_u64s(out: &mut Vec<u8>, v: impl ExactSizeIterator<Item = u64>) {
    out.extend_from_slice(&(v.len() as u64).to_le_bytes());
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if r.len() < n {
        return None;
    }
    let (a, b) = r.split_at(n);
    *r = b;
    Some(a)
}

fn take_u64(r: &mut &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(take(r, 8)?.try_into().ok()?))
}

fn take_u64s(r: &mut &[u8]) -> Option<Vec<u64>> {
    let n = take_u64(r)? as usize;
    (0..n).map(|_| take_u64(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index::build(
            [
                (1, "The minister met the ambassador.".to_string()),
                (2, "The minister met the envoy in 2021.".to_string()),
                (3, "Rain.".to_string()),
                (4, "The minister met the new ambassador today.".to_string()),
            ],
            7,
        )
    }

    #[test]
    fn filters_by_length_and_shared_tokens() {
        let idx = index();
        let q = score::token_keys(&score::fold("The minister met the ambassador."));
        let mut units: Vec<UnitId> = idx.candidates(&q, 70).iter().map(|c| c.unit).collect();
        units.sort();
        // 3 is too short; 2 (8 tokens) shares 5 but needs 6 to keep d ≤ 2;
        // 4 (8 tokens) shares 6.
        assert_eq!(units, [1, 4]);
        let exact = idx.candidates(&q, 100);
        assert_eq!(
            exact,
            [Candidate {
                unit: 1,
                distance: 0,
                len: 6
            }]
        );
    }

    #[test]
    fn survives_a_save_and_load() {
        let idx = index();
        let path = std::env::temp_dir().join(format!("tilmech-idx-{}.idx", std::process::id()));
        idx.save(&path).unwrap();
        let back = Index::load(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(back, idx);
    }
}
