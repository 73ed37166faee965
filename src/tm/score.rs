//! The fuzzy-match score: how close a stored source sentence is to the
//! sentence a translator is working on, on a 0–101 scale. Every place that
//! shows a score (CLI, JSON, drafts) uses this module, so a number means the
//! same thing everywhere.
//!
//! # The formula
//!
//! 1. Both texts are NFC-normalised and lower-cased (Unicode full lowercase,
//!    so `Бишкек` and `БИШКЕК` fold to the same word).
//! 2. They are split into tokens: words (letters and digits, with inner
//!    apostrophes), numbers (`25`, `1,500`, `2.5`, `3.06.2021`, `1 500` with a
//!    no-break space) and single punctuation marks. Whitespace is not a token.
//! 3. `d` is the Levenshtein distance over tokens (insert, delete and
//!    substitute each cost 1), except that **two numbers are always equal**:
//!    numbers are placeables that the tool can carry over itself.
//! 4. `score = floor(100 × (1 − d / max(len_a, len_b)))`, where `len` is the
//!    token count. Rounding down means only a real zero-distance match reaches
//!    100.
//! 5. A zero-distance match whose texts are not identical (after NFC and
//!    collapsing runs of whitespace) — different numbers, different case —
//!    is capped at **99**: the translator still has to look.
//! 6. An identical match (100) whose previous unit in the same document has
//!    the same source text as the caller's previous sentence is a **context
//!    match, 101** (decided in [`crate::tm::lookup`], which knows the store).
//!
//! Ties in score are broken by character-level similarity (Levenshtein over
//! the folded characters, in tenths of a percent), then by the most recently
//! changed unit, then by the lower unit id.
//!
//! When numbers differ, [`substitute_numbers`] rewrites the stored target:
//! each changed number that occurs exactly once in the target is replaced,
//! keeping the target's digit-group separators (`1 500` stays spaced).
//!
//! ```
//! use tilmech::tm::score::{score, Prepared};
//! let q = Prepared::new("40 police officers took part.");
//! assert_eq!(score(&q, &Prepared::new("25 police officers took part.")), 99);
//! assert_eq!(score(&q, &Prepared::new("40 police officers took part.")), 100);
//! // one word of six changed: floor(100 × (1 − 1/6)) = 83
//! assert_eq!(score(&q, &Prepared::new("40 army officers took part.")), 83);
//! ```

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The score of a context match: identical text and identical previous sentence.
pub const CONTEXT_MATCH: u8 = 101;
/// The score of an identical match.
pub const EXACT_MATCH: u8 = 100;

/// The key under which every number token is compared (numbers are placeables).
pub const NUMBER_KEY: &str = "\u{0}#";

/// One token of a text: a byte span and whether it is a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token in the text it was taken from.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// Whether the token is a number (a placeable).
    pub number: bool,
}

/// Splits `text` (as given; fold it first for matching) into words, numbers
/// and punctuation marks.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let mut j = i + 1;
            loop {
                match chars.get(j).map(|&(_, c)| c) {
                    Some(c) if c.is_ascii_digit() => j += 1,
                    // `1,500`, `2.5`, `3.06.2021`: a separator between digits.
                    Some('.' | ',') if digit_at(&chars, j + 1) => j += 2,
                    // `1 500` as Russian and Kyrgyz typesetting writes it.
                    Some('\u{a0}' | '\u{202f}')
                        if (1..=3).all(|k| digit_at(&chars, j + k)) && !digit_at(&chars, j + 4) =>
                    {
                        j += 4
                    }
                    _ => break,
                }
            }
            tokens.push(Token {
                start,
                end: end_of(j),
                number: true,
            });
            i = j;
        } else if is_word_char(c) {
            let mut j = i + 1;
            loop {
                match chars.get(j).map(|&(_, c)| c) {
                    Some(c) if is_word_char(c) => j += 1,
                    // `don't`, `Кыргызстан’дын`: an apostrophe inside a word.
                    Some('\'' | '’') if chars.get(j + 1).is_some_and(|&(_, c)| is_word_char(c)) => {
                        j += 2
                    }
                    _ => break,
                }
            }
            tokens.push(Token {
                start,
                end: end_of(j),
                number: false,
            });
            i = j;
        } else {
            tokens.push(Token {
                start,
                end: end_of(i + 1),
                number: false,
            });
            i += 1;
        }
    }
    tokens
}

fn digit_at(chars: &[(usize, char)], i: usize) -> bool {
    chars.get(i).is_some_and(|&(_, c)| c.is_ascii_digit())
}

fn is_word_char(c: char) -> bool {
    // Digits continue a word (`MWP2`) but do not start one: a leading digit
    // starts a number.
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks left over after NFC (e.g. stress marks) belong to the word.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// NFC with runs of whitespace collapsed to one space and ends trimmed: the
/// form in which two texts count as identical.
pub fn normalize(text: &str) -> String {
    // Most stored text is already NFC with single spaces; the quick check
    // skips the decomposition that otherwise dominates a large import.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes && is_collapsed(text) {
        return text.to_string();
    }
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` has no white space but single spaces between non-space characters.
fn is_collapsed(text: &str) -> bool {
    let mut previous_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || previous_space {
                return false;
            }
            previous_space = true;
        } else {
            previous_space = false;
        }
    }
    !previous_space || text.is_empty()
}

/// The matching form of a text: [`normalize`]d and lower-cased.
pub fn fold(text: &str) -> String {
    normalize(text).to_lowercase()
}

/// A text prepared for scoring: its identity form, folded form and token keys.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// [`normalize`]d text: equal strings mean an identical match.
    pub normal: String,
    /// [`fold`]ed text, for the character-level tie-breaker.
    pub folded: String,
    /// The token keys: folded words and punctuation; every number is [`NUMBER_KEY`].
    pub keys: Vec<String>,
}

impl Prepared {
    /// Prepares `text` for scoring.
    pub fn new(text: &str) -> Prepared {
        let normal = normalize(text);
        let folded = normal.to_lowercase();
        let keys = token_keys(&folded);
        Prepared {
            normal,
            folded,
            keys,
        }
    }
}

/// The comparison keys of the tokens of an already folded text.
pub fn token_keys(folded: &str) -> Vec<String> {
    tokenize(folded)
        .into_iter()
        .map(|t| {
            if t.number {
                NUMBER_KEY.to_string()
            } else {
                folded[t.start..t.end].to_string()
            }
        })
        .collect()
}

/// Levenshtein distance between two sequences (unit costs).
pub fn distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = diag + usize::from(x != y);
            diag = row[j + 1];
            row[j + 1] = sub.min(diag + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// A query token sequence prepared for many distance computations: the
/// bit-parallel algorithm of Myers (1999) in Hyyrö's formulation for
/// queries of up to 64 tokens, [`distance_blocks`] beyond.
///
/// Token ids are `u32`; `u32::MAX` marks a query token that cannot occur in
/// any text (so it never matches).
#[derive(Debug, Clone)]
pub struct Pattern {
    tokens: Vec<u32>,
    /// Open-addressed table: token id → bit mask of its positions in the query.
    slots: Vec<(u32, u64)>,
}

const EMPTY_SLOT: u32 = u32::MAX;

impl Pattern {
    /// Prepares the query `tokens`.
    pub fn new(tokens: &[u32]) -> Pattern {
        let mut p = Pattern {
            tokens: tokens.to_vec(),
            slots: Vec::new(),
        };
        if tokens.len() <= 64 {
            p.slots = vec![(EMPTY_SLOT, 0); 128];
            for (i, &t) in tokens.iter().enumerate() {
                if t == EMPTY_SLOT {
                    continue;
                }
                let mut s = slot_of(t);
                while p.slots[s].0 != EMPTY_SLOT && p.slots[s].0 != t {
                    s = (s + 1) & 127;
                }
                p.slots[s].0 = t;
                p.slots[s].1 |= 1 << i;
            }
        }
        p
    }

    /// Number of tokens in the query.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the query has no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    fn mask(&self, t: u32) -> u64 {
        let mut s = slot_of(t);
        loop {
            let (k, m) = self.slots[s];
            if k == t {
                return m;
            }
            if k == EMPTY_SLOT {
                return 0;
            }
            s = (s + 1) & 127;
        }
    }

    /// The token Levenshtein distance to `text`, or `None` as soon as it is
    /// certain to exceed `max`.
    pub fn distance_within(&self, text: &[u32], max: usize) -> Option<usize> {
        let m = self.tokens.len();
        if m.abs_diff(text.len()) > max {
            return None;
        }
        if m == 0 {
            return Some(text.len());
        }
        if m > 64 {
            return distance_blocks(&self.tokens, text, max);
        }
        let high = 1u64 << (m - 1);
        let (mut pv, mut mv) = (u64::MAX, 0u64);
        let mut score = m;
        let n = text.len();
        for (j, &t) in text.iter().enumerate() {
            let eq = self.mask(t);
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & high != 0 {
                score += 1;
            } else if mh & high != 0 {
                score -= 1;
            }
            // Global distance: row 0 grows by one per text token.
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
            // Each remaining text token lowers the distance by at most one.
            if score > max + (n - j - 1) {
                return None;
            }
        }
        Some(score).filter(|&d| d <= max)
    }

    /// The token Levenshtein distance to `text`.
    pub fn distance(&self, text: &[u32]) -> usize {
        self.distance_within(text, usize::MAX / 2)
            .expect("no bound to exceed")
    }
}

fn slot_of(t: u32) -> usize {
    (t.wrapping_mul(0x9E37_79B1) >> 25) as usize
}

/// The Levenshtein distance of `a` and `b`, or `None` as soon as it is
/// certain to exceed `max`: Myers' bit-parallel algorithm over blocks of 64
/// rows (Hyyrö 2003), the shorter sequence as the rows, so it costs
/// `⌈min/64⌉ · max` word operations where the plain programme costs
/// `min · max` cells — a 200,000-token query against a 2,500-token unit is
/// 8 million operations, not 500 million. `u32::MAX` matches nothing.
pub fn distance_blocks(a: &[u32], b: &[u32], max: usize) -> Option<usize> {
    let (rows, text) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let m = rows.len();
    if text.len() - m > max {
        return None;
    }
    if m == 0 {
        return Some(text.len());
    }
    let blocks = m.div_ceil(64);
    // Per distinct row token, its position bits, one word per block.
    let mut slot: rustc_hash::FxHashMap<u32, usize> = Default::default();
    let mut peq: Vec<u64> = Vec::new();
    for (i, &t) in rows.iter().enumerate() {
        if t == u32::MAX {
            continue;
        }
        let k = *slot.entry(t).or_insert_with(|| {
            peq.resize(peq.len() + blocks, 0);
            peq.len() / blocks - 1
        });
        peq[k * blocks + i / 64] |= 1 << (i % 64);
    }
    let none = vec![0u64; blocks];
    let (mut pv, mut mv) = (vec![u64::MAX; blocks], vec![0u64; blocks]);
    // The last block's bottom row is row m; the bits above it never reach
    // lower bits (carries and shifts only go up), so they are ignored.
    let last_high = 1u64 << ((m - 1) % 64);
    let mut score = m;
    let n = text.len();
    for (j, t) in text.iter().enumerate() {
        let eqs = match slot.get(t) {
            Some(&k) => &peq[k * blocks..(k + 1) * blocks],
            None => &none[..],
        };
        // Row 0 grows by one per text token: the carry into the top block.
        let mut hin: i8 = 1;
        for b in 0..blocks {
            let high = if b + 1 == blocks { last_high } else { 1 << 63 };
            let (p, v) = (pv[b], mv[b]);
            let mut eq = eqs[b];
            let xv = eq | v;
            if hin < 0 {
                eq |= 1;
            }
            let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
            let mut ph = v | !(xh | p);
            let mut mh = p & xh;
            let hout = if ph & high != 0 {
                1
            } else if mh & high != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if hin > 0 {
                ph |= 1;
            } else if hin < 0 {
                mh |= 1;
            }
            pv[b] = mh | !(xv | ph);
            mv[b] = ph & xv;
            hin = hout;
        }
        score = score.wrapping_add_signed(isize::from(hin));
        // Each remaining text token lowers the distance by at most one.
        if score > max + (n - j - 1) {
            return None;
        }
    }
    Some(score).filter(|&d| d <= max)
}

/// The largest token distance at which a text of `len` tokens still scores
/// `min_score` against a query of `q_len` tokens.
pub fn max_distance(q_len: usize, len: usize, min_score: u8) -> usize {
    let m = q_len.max(len);
    m * (100 - usize::from(min_score.min(100))) / 100
}

/// The score for token distance `d` between texts of `len_a` and `len_b`
/// tokens; `identical` says whether the normalised texts are equal.
pub fn from_distance(d: usize, len_a: usize, len_b: usize, identical: bool) -> u8 {
    if identical {
        return EXACT_MATCH;
    }
    let m = len_a.max(len_b);
    if m == 0 {
        // Two texts without tokens (only whitespace differs, which normalisation removes).
        return 99;
    }
    let s = (100 * (m - d.min(m)) / m) as u8;
    s.min(99)
}

/// The score (0–100) of `stored` against the query `q`; see the module doc.
pub fn score(q: &Prepared, stored: &Prepared) -> u8 {
    let d = distance(&q.keys, &stored.keys);
    from_distance(
        d,
        q.keys.len(),
        stored.keys.len(),
        q.normal == stored.normal,
    )
}

/// The most word operations [`char_similarity`] spends on one pair (about
/// 10 ms): texts of tens of thousands of characters fall back to a bound.
const MAX_TIE_WORK: usize = 20_000_000;

/// Character-level similarity of two folded texts in tenths of a percent
/// (0–1000), the first tie-breaker. Beyond about 20 million word operations the length
/// ratio is used instead of the character distance.
pub fn char_similarity(a: &str, b: &str) -> u16 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let m = a.len().max(b.len());
    if m == 0 {
        return 1000;
    }
    // A common prefix and suffix never change the distance, and near
    // matches are mostly that: the table shrinks to the part that differs.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[head..], &b[head..]);
    let tail = a_mid
        .iter()
        .rev()
        .zip(b_mid.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a_mid[..a_mid.len() - tail], &b_mid[..b_mid.len() - tail]);
    let (short, long) = (a_mid.len().min(b_mid.len()), a_mid.len().max(b_mid.len()));
    if short.div_ceil(64).saturating_mul(long) > MAX_TIE_WORK {
        // Only a tie-breaker: past the budget, the bound the lengths give
        // (`d ≥ |len_a − len_b|`) stands in for the distance.
        return (1000 * (m - (long - short)) / m) as u16;
    }
    let code = |c: &[char]| -> Vec<u32> { c.iter().map(|&c| u32::from(c)).collect() };
    let d =
        distance_blocks(&code(a_mid), &code(b_mid), usize::MAX / 2).expect("no bound to exceed");
    (1000 * (m - d) / m) as u16
}

/// The minimum and maximum token count a stored text may have to reach
/// `min_score` against a query of `q_len` tokens (both inclusive).
///
/// Since `d ≥ |len_a − len_b|`, reaching `t` needs
/// `q·t/100 ≤ len ≤ 100·q/t`.
pub fn length_window(q_len: usize, min_score: u8) -> (usize, usize) {
    let t = usize::from(min_score.min(100));
    if t == 0 {
        return (0, usize::MAX);
    }
    ((q_len * t).div_ceil(100), q_len * 100 / t)
}

/// The fewest tokens a stored text of `len` tokens must share with a query of
/// `q_len` tokens to reach `min_score`: `d ≥ max(len) − shared`.
pub fn min_shared(q_len: usize, len: usize, min_score: u8) -> usize {
    let m = q_len.max(len);
    let max_d = m * (100 - usize::from(min_score.min(100))) / 100;
    m - max_d
}

/// The most cells [`changed_numbers`] fills (64 MB): beyond, the texts
/// are far too different for carried numbers to mean anything.
const MAX_ALIGNMENT_CELLS: usize = 16 << 20;

/// Pairs of number tokens (query number, stored number) that an optimal
/// token alignment substitutes for each other with different text; `None`
/// when both texts hold numbers but are too long to align
/// (16 million alignment cells), so numbers cannot be carried over.
pub fn changed_numbers(query: &str, stored: &str) -> Option<Vec<(String, String)>> {
    let qf = fold(query);
    let sf = fold(stored);
    let qt = tokenize(&qf);
    let st = tokenize(&sf);
    if !qt.iter().any(|t| t.number) || !st.iter().any(|t| t.number) {
        return Some(Vec::new());
    }
    let (qk, sk) = (token_keys(&qf), token_keys(&sf));
    // Full matrix, then walk back, preferring the diagonal so that numbers
    // standing in the same place pair up.
    let (n, m) = (qk.len(), sk.len());
    if (n + 1).saturating_mul(m + 1) > MAX_ALIGNMENT_CELLS {
        return None;
    }
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in dp.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    dp[0] = (0..=m as u32).collect();
    for i in 1..=n {
        for j in 1..=m {
            let sub = dp[i - 1][j - 1] + u32::from(qk[i - 1] != sk[j - 1]);
            dp[i][j] = sub.min(dp[i - 1][j] + 1).min(dp[i][j - 1] + 1);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let same = qk[i - 1] == sk[j - 1];
        if dp[i][j] == dp[i - 1][j - 1] + u32::from(!same) {
            if same && qt[i - 1].number {
                let (a, b) = (&qf[qt[i - 1].range()], &sf[st[j - 1].range()]);
                if a != b {
                    pairs.push((a.to_string(), b.to_string()));
                }
            }
            i -= 1;
            j -= 1;
        } else if dp[i][j] == dp[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    Some(pairs)
}

impl Token {
    /// The token's byte range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Rewrites the numbers of `target` that changed between the stored source
/// and the query (`pairs` from [`changed_numbers`]). A stored number is
/// replaced only when exactly one number in the target has the same digits
/// and it is changed to only one new value; the target's own separators are
/// kept when the digit groups line up (`1 500` → `1 600`). Returns the new
/// target and whether every changed number was carried over.
pub fn substitute_numbers(target: &str, pairs: &[(String, String)]) -> (String, bool) {
    let numbers: Vec<Token> = tokenize(target).into_iter().filter(|t| t.number).collect();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut complete = true;
    for (new, old) in pairs {
        let ambiguous = pairs.iter().any(|(n, o)| o == old && n != new);
        let hits: Vec<&Token> = numbers
            .iter()
            .filter(|t| digit_groups(&target[t.range()]).concat() == digit_groups(old).concat())
            .collect();
        match (ambiguous, hits.as_slice()) {
            (false, [t]) => match restyle(new, &target[t.range()]) {
                Some(text) => {
                    if !edits.iter().any(|(r, _)| *r == t.range()) {
                        edits.push((t.range(), text));
                    }
                }
                None => complete = false,
            },
            _ => complete = false,
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = target.to_string();
    for (range, text) in edits {
        out.replace_range(range, &text);
    }
    (out, complete)
}

fn digit_groups(number: &str) -> Vec<&str> {
    number
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect()
}

/// `new` written with the separators of `like` when both have the same digit
/// groups; `new` as is when `like` has one group; otherwise `None`.
fn restyle(new: &str, like: &str) -> Option<String> {
    let groups = digit_groups(new);
    let like_groups = digit_groups(like);
    if like_groups.len() == 1 {
        return Some(new.to_string());
    }
    if groups.len() != like_groups.len() {
        return None;
    }
    let seps: Vec<&str> = like
        .split(|c: char| c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = String::new();
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(seps.get(i - 1)?);
        }
        out.push_str(g);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, b: &str) -> u8 {
        score(&Prepared::new(a), &Prepared::new(b))
    }

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.range()]).collect()
    }

    #[test]
    fn tokens_are_words_numbers_and_punctuation() {
        assert_eq!(
            texts("On 3.06.2021, 1,500 people (2.5%) didn't come."),
            [
                "On",
                "3.06.2021",
                ",",
                "1,500",
                "people",
                "(",
                "2.5",
                "%",
                ")",
                "didn't",
                "come",
                "."
            ]
        );
        assert_eq!(texts("1\u{a0}500 человек"), ["1\u{a0}500", "человек"]);
        assert_eq!(texts("ЕККУнун"), ["ЕККУнун"]);
    }

    #[test]
    fn formula_rounds_down_over_the_longer_text() {
        // 6 tokens each, one substitution: floor(100 × 5/6) = 83.
        assert_eq!(
            s(
                "The minister met the ambassador.",
                "The minister met the envoy."
            ),
            83
        );
        // 6 vs 7 tokens, one insertion: floor(100 × 6/7) = 85.
        assert_eq!(
            s(
                "The minister met the ambassador.",
                "The minister met the new ambassador."
            ),
            85
        );
        assert_eq!(s("a b c d", "w x y z"), 0);
    }

    #[test]
    fn a_long_sentence_with_one_change_never_reaches_100() {
        let a = "word ".repeat(300) + "end";
        let b = "word ".repeat(300) + "stop";
        assert_eq!(s(&a, &b), 99);
    }

    #[test]
    fn case_is_folded_but_capped() {
        assert_eq!(s("БИШКЕК city", "Бишкек City"), 99);
        assert_eq!(s("Бишкек city", "Бишкек city"), 100);
    }

    #[test]
    fn nfc_makes_composed_and_decomposed_text_identical() {
        // "й" precomposed vs и + combining breve.
        assert_eq!(s("Мой дом.", "Мои\u{306} дом."), 100);
        assert_eq!(s("Ө  жана  ү", "Ө жана ү"), 100);
    }

    #[test]
    fn numbers_are_placeables() {
        assert_eq!(
            s(
                "40 police officers took part.",
                "25 police officers took part."
            ),
            99
        );
        let pairs = changed_numbers(
            "40 police officers took part.",
            "25 police officers took part.",
        )
        .unwrap();
        assert_eq!(pairs, [("40".to_string(), "25".to_string())]);
        let (target, complete) =
            substitute_numbers("Приняли участие 25 сотрудников милиции.", &pairs);
        assert_eq!(target, "Приняли участие 40 сотрудников милиции.");
        assert!(complete);
    }

    #[test]
    fn substitution_keeps_target_separators_and_skips_ambiguity() {
        let pairs = changed_numbers("It cost 1,600 som.", "It cost 1,500 som.").unwrap();
        assert_eq!(
            substitute_numbers("Это стоило 1\u{a0}500 сомов.", &pairs).0,
            "Это стоило 1\u{a0}600 сомов."
        );
        // 25 twice in the target: which one is meant is unknown, so leave both.
        let pairs = changed_numbers("40 of 40", "25 of 25").unwrap();
        let (t, complete) = substitute_numbers("25 из 25", &pairs);
        assert_eq!(t, "25 из 25");
        assert!(!complete);
    }

    #[test]
    fn windows_and_filters_are_sound_bounds() {
        assert_eq!(length_window(10, 70), (7, 14));
        assert_eq!(length_window(10, 50), (5, 20));
        // len 14 vs 10 at t=70: d ≤ 4 so at least 10 shared.
        assert_eq!(min_shared(10, 14, 70), 10);
        for q in 1..40 {
            for l in 1..60 {
                for t in [1u8, 50, 70, 99, 100] {
                    let (lo, hi) = length_window(q, t);
                    let best =
                        from_distance(q.abs_diff(l), q, l, false).max(if q == l { 100 } else { 0 });
                    assert_eq!(best >= t, (lo..=hi).contains(&l), "q={q} l={l} t={t}");
                }
            }
        }
    }

    #[test]
    fn bit_parallel_distance_equals_the_dynamic_programme() {
        // A small alphabet makes many matches, the hard case for the bit tricks.
        let mut state = 7u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for round in 0..3000 {
            let qlen = if round % 10 == 0 {
                60 + next(10)
            } else {
                next(30)
            };
            let q: Vec<u32> = (0..qlen).map(|_| next(5) as u32).collect();
            let t: Vec<u32> = (0..next(40)).map(|_| next(6) as u32).collect();
            let p = Pattern::new(&q);
            let d = distance(&q, &t);
            assert_eq!(p.distance(&t), d, "{q:?} {t:?}");
            for max in [0, d.saturating_sub(1), d, d + 1] {
                let expected = (d <= max).then_some(d);
                assert_eq!(p.distance_within(&t, max), expected, "{q:?} {t:?} {max}");
            }
        }
        // An id that cannot occur never matches, not even itself.
        let p = Pattern::new(&[u32::MAX, 1]);
        assert_eq!(p.distance(&[u32::MAX, 1]), 1);
    }

    #[test]
    fn normalize_fast_path_agrees_with_the_full_one() {
        for text in [
            "a b", " a b", "a  b", "a\tb", "a\u{a0}b", "e\u{301}", "é", "", " ", "a ",
        ] {
            let nfc: String = text.nfc().collect();
            let full = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(normalize(text), full, "{text:?}");
        }
    }

    #[test]
    fn char_similarity_trimming_agrees_with_the_full_table() {
        let texts = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "the cat sat",
            "the cat sad",
            "a cat sat",
            "the cat sat down",
            "сессия обсе",
            "сессия обсe",
            "aaaa",
            "aaa",
        ];
        for a in texts {
            for b in texts {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let m = ca.len().max(cb.len());
                let full = (1000 * (m - distance(&ca, &cb)))
                    .checked_div(m)
                    .unwrap_or(1000);
                assert_eq!(usize::from(char_similarity(a, b)), full, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn char_similarity_breaks_ties() {
        assert!(
            char_similarity("the cat sat", "the cat sad")
                > char_similarity("the cat sat", "the cat ran")
        );
    }

    #[test]
    fn block_distance_equals_the_dynamic_programme_across_block_edges() {
        let mut x: u64 = 99;
        let mut next = |k: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % k) as u32
        };
        for &(la, lb) in &[
            (0, 5),
            (1, 1),
            (63, 64),
            (64, 65),
            (65, 64),
            (127, 129),
            (128, 300),
            (200, 190),
            (700, 90),
            (1, 500),
        ] {
            for alphabet in [2, 5, 40] {
                let a: Vec<u32> = (0..la).map(|_| next(alphabet)).collect();
                let b: Vec<u32> = (0..lb).map(|_| next(alphabet)).collect();
                let d = distance(&a, &b);
                assert_eq!(
                    distance_blocks(&a, &b, usize::MAX / 2),
                    Some(d),
                    "{la}x{lb}/{alphabet}"
                );
                assert_eq!(distance_blocks(&b, &a, d), Some(d));
                if d > 0 {
                    assert_eq!(distance_blocks(&a, &b, d - 1), None);
                }
                assert_eq!(Pattern::new(&a).distance(&b), d);
            }
        }
    }

    #[test]
    fn numbers_are_not_aligned_in_texts_too_long_to_align() {
        let long = "word 5 ".repeat(10_000);
        assert_eq!(changed_numbers(&long, &long[..7000]), None);
        assert_eq!(
            changed_numbers(&"word ".repeat(9000), &long),
            Some(Vec::new())
        );
    }
}
