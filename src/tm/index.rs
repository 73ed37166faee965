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
//! 2. needs every survivor to share at least
//!    [`crate::tm::score::min_shared`] tokens with the query (since
//!    `d ≥ max(len) − shared`). A segment lacking query tokens of total
//!    weight (count in the query) `w` shares at most `W − w`, so only the
//!    postings of the rarest tokens are read — just enough of them that a
//!    segment holding none of them cannot reach the minimum (the *prefix
//!    filter*); the frequent tokens (`the`, `,`) are never scanned. The
//!    weight a segment gathers from the tokens read, plus the weight of
//!    those not read, is its bound;
//! 3. computes the token distance of the survivors on their id sequences
//!    with the bit-parallel [`score::Pattern`], stopping as soon as it must
//!    exceed the largest distance that still reaches `t`.
//!
//! Both filters are bounds, never heuristics, so the result equals brute
//! force (tested in [`crate::tm::lookup`]). Everything is flat arrays — the
//! vocabulary too, sorted, so a token's id is its rank and is found by
//! binary search — so the index saves to and loads from one file next to
//! the database with one read per array ([`Index::save`], [`Index::load`])
//! and is rebuilt when the store's generation changes.

use std::io::{Read, Write};
use std::path::Path;

use rustc_hash::FxHashMap;

use super::score::{self, Pattern};
use super::store::UnitId;

/// A token-postings index of one language's segments.
#[derive(Debug, Default, PartialEq)]
pub struct Index {
    /// The store generation it was built from.
    pub generation: u64,
    /// The distinct tokens, sorted, concatenated: token `k` is
    /// `vocab[vocab_off[k]..vocab_off[k + 1]]`.
    vocab_off: Vec<u32>,
    vocab: Vec<u8>,
    /// Unit id of each segment number.
    units: Vec<UnitId>,
    /// Token ids of segment `i`: `tokens[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    tokens: Vec<u32>,
    /// Segment numbers holding token `k`: `postings[post_off[k]..post_off[k + 1]]`.
    post_off: Vec<u32>,
    postings: Vec<u32>,
    /// Segments added after this index was built (a shared memory's change
    /// log, see [`Index::with_tail`]); its `generation` is that of the
    /// part above, the generation the log was read from.
    tail: Option<Box<Index>>,
}

/// Per-thread working memory of [`Index::candidates`].
#[derive(Default)]
struct Scratch {
    /// Shared-token weight per segment number; zero between queries.
    shared: Vec<u32>,
    /// The segment numbers whose weight is not zero.
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A segment that reaches the threshold, with its exact token distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The unit.
    pub unit: UnitId,
    /// Token Levenshtein distance to the query.
    pub distance: usize,
    /// Token count of the segment.
    pub len: usize,
}

/// Why an index file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The index file.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not an index of this version, or is cut short.
    #[error("{path} is not a tilmech index (version 3) or is damaged: {what}")]
    Format {
        /// The index file.
        path: std::path::PathBuf,
        /// What was wrong.
        what: &'static str,
    },
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
        self.units.len() + self.tail.as_ref().map_or(0, |t| t.len())
    }

    /// Whether no segment is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// This index with `tail`, an index of segments added since it was
    /// built (replacing any tail it had), as one index at `generation`.
    /// Candidates come from both; no unit's segment is in both, since a
    /// unit has one segment per language.
    pub fn with_tail(mut self, mut tail: Index, generation: u64) -> Index {
        tail.generation = self.base_generation();
        tail.tail = None;
        self.tail = Some(Box::new(tail));
        self.generation = generation;
        self
    }

    /// The generation of the index without its tail.
    pub fn base_generation(&self) -> u64 {
        self.tail.as_ref().map_or(self.generation, |t| t.generation)
    }

    /// Number of segments indexed without the tail.
    pub fn base_len(&self) -> usize {
        self.units.len()
    }

    fn seq(&self, n: usize) -> &[u32] {
        &self.tokens[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    fn word(&self, k: usize) -> &[u8] {
        &self.vocab[self.vocab_off[k] as usize..self.vocab_off[k + 1] as usize]
    }

    /// The id of token `key`, if any segment holds it.
    fn id_of(&self, key: &str) -> Option<u32> {
        let (mut a, mut b) = (0, self.vocab_off.len().saturating_sub(1));
        while a < b {
            let mid = (a + b) / 2;
            match self.word(mid).cmp(key.as_bytes()) {
                std::cmp::Ordering::Less => a = mid + 1,
                std::cmp::Ordering::Greater => b = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The token ids of `keys`; `u32::MAX` for a token no segment holds.
    pub fn ids(&self, keys: &[String]) -> Vec<u32> {
        keys.iter()
            .map(|k| self.id_of(k).unwrap_or(u32::MAX))
            .collect()
    }

    /// The segments that score at least `min_score` (1–100) against the
    /// query with token keys `keys`, with their exact distances.
    pub fn candidates(&self, keys: &[String], min_score: u8) -> Vec<Candidate> {
        let mut found = self.own_candidates(keys, min_score);
        if let Some(tail) = &self.tail {
            found.extend(tail.own_candidates(keys, min_score));
        }
        found
    }

    fn own_candidates(&self, keys: &[String], min_score: u8) -> Vec<Candidate> {
        let t = min_score.clamp(1, 100);
        let q = keys.len();
        if q == 0 {
            return Vec::new();
        }
        let (lo, hi) = score::length_window(q, t);
        // Segment numbers are sorted by length: the window is a range.
        let first = self.partition(lo);
        let last = self.partition(hi.saturating_add(1));
        if first >= last {
            return Vec::new();
        }
        let query = self.ids(keys);
        // Distinct known tokens: (weight in the query, postings in the window).
        let mut sorted = query.clone();
        sorted.sort_unstable();
        let mut tokens: Vec<(u32, &[u32])> = Vec::new();
        for run in sorted.chunk_by(|a, b| a == b) {
            if run[0] == u32::MAX {
                continue;
            }
            let k = run[0] as usize;
            let list = &self.postings[self.post_off[k] as usize..self.post_off[k + 1] as usize];
            let from = list.partition_point(|&n| (n as usize) < first);
            let to = list.partition_point(|&n| (n as usize) < last);
            tokens.push((run.len() as u32, &list[from..to]));
        }
        let total: usize = tokens.iter().map(|&(w, _)| w as usize).sum();
        // The fewest shared tokens any segment in the window needs.
        let need_least = score::min_shared(q, 0, t);
        if total < need_least {
            return Vec::new();
        }
        tokens.sort_by_key(|&(_, list)| list.len());
        // The prefix: rarest tokens until a segment holding none of them
        // cannot reach `need_least`; then a few more while they are cheap,
        // which tightens the bound for the segments found.
        let mut read = 0;
        let mut weight = 0;
        let mut scanned = 0;
        while read < tokens.len() && weight + need_least <= total {
            weight += tokens[read].0 as usize;
            scanned += tokens[read].1.len();
            read += 1;
        }
        let budget = 2 * scanned + 1024;
        while read < tokens.len() && scanned + tokens[read].1.len() <= budget {
            weight += tokens[read].0 as usize;
            scanned += tokens[read].1.len();
            read += 1;
        }
        let unread = (total - weight) as u32;
        let pattern = Pattern::new(&query);
        let mut out = Vec::new();
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch { shared, touched } = scratch;
            // Counters for every segment, kept between queries (all back at
            // zero): a plain array beats hashing the tens of thousands of
            // postings a common query reads.
            if shared.len() < self.units.len() {
                shared.resize(self.units.len(), 0);
            }
            touched.clear();
            for &(w, list) in &tokens[..read] {
                for &n in list {
                    let c = &mut shared[n as usize];
                    if *c == 0 {
                        touched.push(n);
                    }
                    *c += w;
                }
            }
            for &n in touched.iter() {
                // Every weight is at least 1, so zero means "not seen".
                let s = std::mem::take(&mut shared[n as usize]);
                let seq = self.seq(n as usize);
                if ((s + unread) as usize) < score::min_shared(q, seq.len(), t) {
                    continue;
                }
                let max = score::max_distance(q, seq.len(), t);
                if let Some(distance) = pattern.distance_within(seq, max) {
                    out.push(Candidate {
                        unit: self.units[n as usize],
                        distance,
                        len: seq.len(),
                    });
                }
            }
        });
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

    /// Writes the index to `path` (through a temporary file and a rename, so
    /// a reader never sees half a file). The layout, all little-endian: the
    /// magic line, the generation and six counts as `u64`, then the arrays
    /// `vocab_off`, `vocab` (padded to 4 bytes), `units` (`i64`), `offsets`,
    /// `tokens`, `post_off`, `postings` (`u32`). A tail is not saved: the
    /// file holds the index as built, at [`Index::base_generation`].
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        // Unique per process and call, so two saves never share a file; a
        // failed save removes its own, and what a killed one leaves is
        // removed when the memory is next opened alone.
        let tmp = crate::tm::store::temp_sibling(path, crate::tm::store::IDX_TMP);
        let result = self
            .write_to(&tmp)
            .and_then(|()| std::fs::rename(&tmp, path));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn write_to(&self, tmp: &Path) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(tmp)?);
        out.write_all(MAGIC)?;
        // Only the part built at once: a tail is read again from its log.
        let counts = [
            self.base_generation(),
            self.vocab_off.len() as u64,
            self.vocab.len() as u64,
            self.units.len() as u64,
            self.tokens.len() as u64,
            self.postings.len() as u64,
        ];
        for c in counts {
            out.write_all(&c.to_le_bytes())?;
        }
        write_u32s(&mut out, &self.vocab_off)?;
        out.write_all(&self.vocab)?;
        out.write_all(&[0; 3][..pad4(self.vocab.len())])?;
        for &u in &self.units {
            out.write_all(&u.to_le_bytes())?;
        }
        for v in [&self.offsets, &self.tokens, &self.post_off, &self.postings] {
            write_u32s(&mut out, v)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    }

    /// Reads an index written by [`Index::save`].
    pub fn load(path: &Path) -> Result<Index, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bad = |what| LoadError::Format {
            path: path.to_path_buf(),
            what,
        };
        let mut file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let mut head = [0u8; MAGIC.len() + 48];
        file.read_exact(&mut head)
            .map_err(|_| bad("shorter than its header"))?;
        if &head[..MAGIC.len()] != MAGIC {
            return Err(bad("wrong magic line"));
        }
        let c: Vec<u64> = head[MAGIC.len()..]
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        let (generation, n_vocab_off, n_vocab, n_units, n_tokens, n_postings) =
            (c[0], c[1], c[2], c[3], c[4], c[5]);
        // Every product and sum checked: a crafted header must not wrap
        // around to the file's size, and nothing is allocated beyond what
        // the file holds.
        let expected = (|| {
            let u32s = |n: u64| n.checked_mul(4);
            let mut total = MAGIC.len() as u64 + 48;
            for part in [
                u32s(n_vocab_off)?,
                n_vocab.checked_add(pad4(n_vocab as usize) as u64)?,
                n_units.checked_mul(8)?,
                u32s(n_units.checked_add(1)?)?,
                u32s(n_tokens)?,
                u32s(n_vocab_off)?,
                u32s(n_postings)?,
            ] {
                total = total.checked_add(part)?;
            }
            Some(total)
        })();
        if expected != Some(size) || usize::try_from(size).is_err() {
            return Err(bad("its size does not match its counts"));
        }
        let vocab_off = read_u32s(&mut file, n_vocab_off as usize).map_err(io)?;
        let mut vocab = vec![0u8; n_vocab as usize + pad4(n_vocab as usize)];
        file.read_exact(&mut vocab).map_err(io)?;
        vocab.truncate(n_vocab as usize);
        let mut raw = vec![0u8; 8 * n_units as usize];
        file.read_exact(&mut raw).map_err(io)?;
        let units = raw
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        drop(raw);
        let index = Index {
            generation,
            vocab_off,
            vocab,
            units,
            offsets: read_u32s(&mut file, n_units as usize + 1).map_err(io)?,
            tokens: read_u32s(&mut file, n_tokens as usize).map_err(io)?,
            post_off: read_u32s(&mut file, n_vocab_off as usize).map_err(io)?,
            postings: read_u32s(&mut file, n_postings as usize).map_err(io)?,
            tail: None,
        };
        index.check().map_err(bad)?;
        Ok(index)
    }

    /// Checks the invariants lookup relies on, so a damaged file is an
    /// error rather than a panic or a wrong answer.
    fn check(&self) -> Result<(), &'static str> {
        let ascending = |v: &[u32], end: usize| {
            v.first() == Some(&0)
                && v.last().map(|&x| x as usize) == Some(end)
                && v.windows(2).all(|w| w[0] <= w[1])
        };
        if !ascending(&self.vocab_off, self.vocab.len()) {
            return Err("bad vocabulary offsets");
        }
        if !ascending(&self.offsets, self.tokens.len()) {
            return Err("bad segment offsets");
        }
        if !ascending(&self.post_off, self.postings.len()) {
            return Err("bad postings offsets");
        }
        // Token ids are only compared, never used to index, so a damaged
        // one can only cost a match; postings index the segments.
        if self
            .postings
            .iter()
            .max()
            .is_some_and(|&n| n as usize >= self.units.len())
        {
            return Err("a posting beyond the segments");
        }
        // What the searches rely on: segments by ascending length (the
        // length window is one range), each postings list ascending (cut
        // by binary search), the vocabulary sorted (found by binary search).
        if self.offsets.windows(3).any(|w| w[1] - w[0] > w[2] - w[1]) {
            return Err("segments out of length order");
        }
        if self.post_off.windows(2).any(|w| {
            self.postings[w[0] as usize..w[1] as usize]
                .windows(2)
                .any(|p| p[0] >= p[1])
        }) {
            return Err("a postings list out of order");
        }
        if (1..self.vocab_off.len().saturating_sub(1)).any(|k| self.word(k - 1) >= self.word(k)) {
            return Err("the vocabulary out of order");
        }
        Ok(())
    }
}

fn pad4(n: usize) -> usize {
    (4 - n % 4) % 4
}

fn write_u32s(out: &mut impl Write, v: &[u32]) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    for chunk in v.chunks(1 << 14) {
        buf.clear();
        chunk
            .iter()
            .for_each(|x| buf.extend_from_slice(&x.to_le_bytes()));
        out.write_all(&buf)?;
    }
    Ok(())
}

/// Reads `n` little-endian `u32`s through a fixed buffer: one pass, no
/// second copy of the whole array.
fn read_u32s(file: &mut impl Read, n: usize) -> std::io::Result<Vec<u32>> {
    let mut out = Vec::with_capacity(n);
    let mut buf = vec![0u8; 1 << 20];
    while out.len() < n {
        let take = (n - out.len()).min(buf.len() / 4);
        let bytes = &mut buf[..take * 4];
        file.read_exact(bytes)?;
        out.extend(
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes"))),
        );
    }
    Ok(out)
}

/// Collects segments one at a time, so a caller streaming from the store
/// never holds all texts at once; token ids go into one flat array.
#[derive(Default)]
pub struct Builder {
    vocab: FxHashMap<String, u32>,
    units: Vec<UnitId>,
    ends: Vec<u32>,
    tokens: Vec<u32>,
}

impl Builder {
    /// Adds the segment `text` of unit `id`.
    pub fn add(&mut self, id: UnitId, text: &str) {
        let folded = score::fold(text);
        for t in score::tokenize(&folded) {
            let key = if t.number {
                score::NUMBER_KEY
            } else {
                &folded[t.range()]
            };
            // Look up before inserting: most tokens are known, and an owned
            // key costs an allocation.
            let k = match self.vocab.get(key) {
                Some(&k) => k,
                None => {
                    let k = self.vocab.len() as u32;
                    self.vocab.insert(key.to_string(), k);
                    k
                }
            };
            self.tokens.push(k);
        }
        self.units.push(id);
        self.ends.push(self.tokens.len() as u32);
    }

    /// The finished index, stamped with the store `generation`.
    pub fn finish(mut self, generation: u64) -> Index {
        // Ids become ranks in the sorted vocabulary.
        let mut words: Vec<(String, u32)> = std::mem::take(&mut self.vocab).into_iter().collect();
        words.sort_unstable();
        let mut rank = vec![0u32; words.len()];
        let mut vocab_off = Vec::with_capacity(words.len() + 1);
        let mut vocab = Vec::new();
        vocab_off.push(0);
        for (r, (w, old)) in words.iter().enumerate() {
            rank[*old as usize] = r as u32;
            vocab.extend_from_slice(w.as_bytes());
            vocab_off.push(vocab.len() as u32);
        }
        drop(words);
        self.tokens.iter_mut().for_each(|t| *t = rank[*t as usize]);
        let seq = |i: usize| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
            &self.tokens[start..self.ends[i] as usize]
        };
        // By length, then unit id, whatever order the segments came in.
        let mut order: Vec<u32> = (0..self.units.len() as u32).collect();
        order.sort_unstable_by_key(|&i| (seq(i as usize).len(), self.units[i as usize]));
        let mut index = Index {
            generation,
            vocab_off,
            vocab,
            ..Index::default()
        };
        index.offsets.reserve(order.len() + 1);
        index.offsets.push(0);
        index.tokens.reserve(self.tokens.len());
        let mut counts = vec![0u32; rank.len() + 1];
        let mut distinct = Vec::new();
        let distinct_of = |i: usize, buf: &mut Vec<u32>| {
            buf.clear();
            buf.extend_from_slice(seq(i));
            buf.sort_unstable();
            buf.dedup();
        };
        for &i in &order {
            let i = i as usize;
            index.units.push(self.units[i]);
            index.tokens.extend_from_slice(seq(i));
            index.offsets.push(index.tokens.len() as u32);
            distinct_of(i, &mut distinct);
            for &t in &distinct {
                counts[t as usize + 1] += 1;
            }
        }
        for k in 1..counts.len() {
            counts[k] += counts[k - 1];
        }
        index.postings = vec![0; *counts.last().unwrap_or(&0) as usize];
        let mut fill = counts.clone();
        for (n, &i) in order.iter().enumerate() {
            distinct_of(i as usize, &mut distinct);
            for &t in &distinct {
                index.postings[fill[t as usize] as usize] = n as u32;
                fill[t as usize] += 1;
            }
        }
        index.post_off = counts;
        index
    }
}

/// Version 3: the generation became a random identity of the memory's
/// content; an index of version 2 carries a counter and is rebuilt.
const MAGIC: &[u8] = b"tilmech-index-3\n";

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
        assert_eq!(back, idx);
        // Cut short or bit-flipped files are refused, not trusted.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 4]).unwrap();
        assert!(matches!(Index::load(&path), Err(LoadError::Format { .. })));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] = 0xff;
        std::fs::write(&path, &flipped).unwrap();
        assert!(matches!(Index::load(&path), Err(LoadError::Format { .. })));
        std::fs::write(&path, b"tilmech-index-1\n").unwrap();
        assert!(Index::load(&path).is_err());
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_crafted_header_is_refused_without_a_panic() {
        let idx = index();
        let path =
            std::env::temp_dir().join(format!("tilmech-idx-crafted-{}.idx", std::process::id()));
        idx.save(&path).unwrap();
        let good = std::fs::read(&path).unwrap();
        let count_at = |k: usize| MAGIC.len() + 8 * k;
        let set = |bytes: &mut Vec<u8>, k: usize, v: u64| {
            bytes[count_at(k)..count_at(k) + 8].copy_from_slice(&v.to_le_bytes());
        };
        let get =
            |k: usize| u64::from_le_bytes(good[count_at(k)..count_at(k) + 8].try_into().unwrap());
        let mut crafted = Vec::new();
        // 12 bytes per unit (its id and its offset): 2^62 more units wrap
        // around to the same file size in unchecked arithmetic.
        let mut b = good.clone();
        set(&mut b, 3, get(3).wrapping_add(1 << 62));
        crafted.push(b);
        // 8 bytes per vocabulary offset: 2^61 more.
        let mut b = good.clone();
        set(&mut b, 1, get(1).wrapping_add(1 << 61));
        crafted.push(b);
        let mut b = good.clone();
        set(&mut b, 5, u64::MAX);
        crafted.push(b);
        // Consistent counts, but the first segment made longer than the
        // second: lookups would cut the wrong length window.
        let mut b = good.clone();
        let offsets = MAGIC.len()
            + 48
            + 4 * get(1) as usize
            + get(2) as usize
            + pad4(get(2) as usize)
            + 8 * get(3) as usize;
        let second = b[offsets + 8..offsets + 12].to_vec();
        b[offsets + 4..offsets + 8].copy_from_slice(&second);
        assert_ne!(b, good);
        crafted.push(b);
        for bytes in &crafted {
            std::fs::write(&path, bytes).unwrap();
            let r = std::panic::catch_unwind(|| Index::load(&path));
            assert!(matches!(r, Ok(Err(LoadError::Format { .. }))), "{r:?}");
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_failed_index_save_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("tilmech-idx-failed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // A directory where the index should go: the rename fails, as a
        // full disk fails the write.
        let path = dir.join("tm.sqlite.en.idx");
        std::fs::create_dir_all(path.join("x")).unwrap();
        assert!(index().save(&path).is_err());
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["tm.sqlite.en.idx"]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
