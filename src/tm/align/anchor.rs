//! Anchors: the parts of a sentence that survive translation unchanged or
//! nearly so (numbers, month names, question and exclamation marks, quotes,
//! colons, proper names), and how much two groups of sentences agree on them.
//!
//! Proper names are compared through a *skeleton*: both scripts are
//! romanised, then reduced to the first letter plus the remaining consonants,
//! so that `Rogov`, `Рогов` and `Рогова` all become `rgv…` and a Russian case
//! ending only lengthens the skeleton (matched as a prefix).

/// What one sentence offers as anchors. Built once per sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anchors {
    /// Numbers (digit runs without leading zeros) and month names, as keys.
    pub numbers: Vec<u64>,
    /// Counts of `?`, `!`, quotation marks and `:`.
    pub punct: [u8; 4],
    /// Clause boundaries: 1 for the sentence end plus one per `;`. A
    /// translator who merges two sentences usually joins them with a
    /// semicolon, so a 2:1 bead balances when the one side has a `;`.
    pub clauses: u8,
    /// Skeletons of capitalised words (candidate proper names).
    pub names: Vec<String>,
}

/// Weights of the anchor evidence, in nats (the units of the bead cost).
const NUMBER_MATCH: f64 = 2.0;
const NUMBER_MISS: f64 = 1.5;
const NAME_MATCH: f64 = 1.5;
const PUNCT_MATCH: f64 = 0.7;
const PUNCT_MISS: f64 = 0.7;
const CLAUSE_WEIGHT: f64 = 1.0;

/// Month keys live far above any digit run we keep, so they never collide.
const MONTH_BASE: u64 = u64::MAX - 100;

impl Anchors {
    /// Extracts the anchors of one sentence.
    pub fn of(sentence: &str) -> Anchors {
        let mut a = Anchors {
            clauses: 1,
            ..Anchors::default()
        };
        let chars: Vec<char> = sentence.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                i = read_number(&chars, i, &mut a.numbers);
                continue;
            }
            i += 1;
            match c {
                '?' => a.punct[0] += 1,
                '!' => a.punct[1] += 1,
                '"' | '“' | '”' | '«' | '»' | '„' => a.punct[2] += 1,
                ':' => a.punct[3] += 1,
                ';' => a.clauses += 1,
                _ => {}
            }
        }
        for word in sentence.split(|c: char| !c.is_alphabetic()) {
            if word.is_empty() {
                continue;
            }
            let lower = word.to_lowercase();
            if let Some(m) = month(&lower) {
                a.numbers.push(MONTH_BASE + m);
                continue;
            }
            if word.chars().next().is_some_and(char::is_uppercase) {
                let sk = skeleton(&lower);
                if sk.chars().count() >= 3 {
                    a.names.push(sk);
                }
            }
        }
        a.numbers.sort_unstable();
        a
    }
}

/// Reads the run of digit groups that starts at `chars[start]` (groups
/// joined by `,` `.` or a space) into `keys`; returns where it ends.
/// Groups of three after the first are thousands (`4,000`, `4 000`,
/// `4.000` and `4000` are one key; a space groups only after at most three
/// digits, so `2013 200` stays two numbers); two groups joined by `,` or
/// `.` are a decimal (`7.5` and `7,5` agree); anything else, such as the
/// date `3.06.2021`, is one number per group.
fn read_number(chars: &[char], start: usize, keys: &mut Vec<u64>) -> usize {
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    let mut groups: Vec<String> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut at = start;
    loop {
        let len = chars[at..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        groups.push(chars[at..at + len].iter().collect());
        at += len;
        match (chars.get(at), chars.get(at + 1)) {
            (Some(&sep), Some(d))
                if d.is_ascii_digit() && (sep == ',' || sep == '.' || is_space(sep)) =>
            {
                seps.push(sep);
                at += 1;
            }
            _ => break,
        }
    }
    let thousands = groups[1..].iter().all(|g| g.len() == 3)
        && seps.iter().all(|&c| c == seps[0])
        && (!seps.first().copied().is_some_and(is_space) || groups[0].len() <= 3);
    if thousands {
        keys.push(number_key(&groups.concat()));
    } else if groups.len() == 2 && !is_space(seps[0]) {
        keys.push(number_key(&format!("{}.{}", groups[0], groups[1])));
    } else {
        keys.extend(groups.iter().map(|g| number_key(g)));
    }
    at
}

fn number_key(digits: &str) -> u64 {
    let trimmed = digits.trim_start_matches('0');
    // Long digit runs (phone numbers, ids) are rare; a simple hash keeps them distinct.
    trimmed.parse::<u64>().unwrap_or_else(|_| {
        trimmed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        }) % (MONTH_BASE / 2)
    })
}

/// The month (1–12) a lowercase word names in English, Russian or Kyrgyz.
fn month(w: &str) -> Option<u64> {
    const EN: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Russian and Kyrgyz share the month stems; `май` is listed by form
    // because a bare `ма` prefix would catch half the dictionary.
    const CYR: [&str; 12] = [
        "январ",
        "феврал",
        "март",
        "апрел",
        "",
        "июн",
        "июл",
        "август",
        "сентябр",
        "октябр",
        "ноябр",
        "декабр",
    ];
    if let Some(i) = EN.iter().position(|m| *m == w) {
        // "may" is also a verb; only a capitalised "May" reaches here often
        // enough to matter, and a stray month key costs little.
        return Some(i as u64 + 1);
    }
    if matches!(
        w,
        "май" | "мая" | "мае" | "маю" | "майы" | "майда" | "майга"
    ) {
        return Some(5);
    }
    CYR.iter()
        .position(|m| {
            !m.is_empty() && w.starts_with(m) && w.chars().count() <= m.chars().count() + 3
        })
        .map(|i| i as u64 + 1)
}

/// Romanises a lowercase Cyrillic letter (Russian and Kyrgyz); other
/// characters pass through.
fn romanise(c: char, out: &mut String) {
    let s = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ү' => "u",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' | 'щ' => "sh",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ң' => "ng",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// The consonant skeleton of a lowercase word in either script.
///
/// Spelling conventions differ more in vowels (`Shaildabekova` /
/// `Шайлдабекова`, `Johnson` / `Джонсон`) than in consonants, so vowels
/// after the first letter are dropped, so is every `h` but an initial one
/// (`sh`, `ch`, `kh`, `th`, `John` vs. `ш`, `ч`, `х`, `Джон`), and doubled
/// letters collapse.
pub fn skeleton(lower: &str) -> String {
    let mut latin = String::with_capacity(lower.len());
    for c in lower.chars() {
        romanise(c, &mut latin);
    }
    let latin = latin
        .replace("dzh", "j")
        .replace("zh", "j")
        .replace("ph", "f");
    let chars: Vec<char> = latin.chars().collect();
    let mut mapped = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let m = match c {
            'c' => match next {
                Some('h') => 'c',
                Some('e' | 'i' | 'y') => 's',
                _ => 'k',
            },
            'w' => 'v',
            'q' => 'k',
            'y' => 'i',
            'x' => {
                mapped.push('k');
                's'
            }
            _ => c,
        };
        mapped.push(m);
    }
    let mut out = String::with_capacity(mapped.len());
    let mut prev: Option<char> = None;
    for (i, c) in mapped.chars().enumerate() {
        if !c.is_alphabetic() {
            continue;
        }
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        let keep = i == 0 || !(vowel || c == 'h');
        if keep && prev != Some(c) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Whether two name skeletons name the same person or place: equal, or one
/// a prefix of the other differing only by an inflectional ending.
fn names_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short) && long.len() - short.len() <= 2
}

/// Evidence that two groups of sentences are translations of each other, as
/// a cost adjustment in nats: negative when anchors agree, positive when
/// numbers or marks appear on one side only.
///
/// Names only ever lower the cost: capitalised common words (sentence
/// starts, English headline case) are too frequent to count against a pair.
pub fn cost(src: &[&Anchors], tgt: &[&Anchors]) -> f64 {
    cost_with_names(src, tgt, usize::MAX)
}

/// [`cost`] counting at most `max_names` matched names. Releases from one
/// office share many names (the office, the capital, the republic), so
/// when judging whether two sentences are translations at all (rather than
/// which pairing is best) only one name counts.
pub fn cost_with_names(src: &[&Anchors], tgt: &[&Anchors], max_names: usize) -> f64 {
    let (matched, missed) = numbers_agreement(src, tgt);
    let mut c = -NUMBER_MATCH * matched as f64 + NUMBER_MISS * missed as f64;
    for k in 0..4 {
        let a: u32 = src.iter().map(|x| x.punct[k] as u32).sum();
        let b: u32 = tgt.iter().map(|x| x.punct[k] as u32).sum();
        c += -PUNCT_MATCH * a.min(b) as f64 + PUNCT_MISS * a.abs_diff(b) as f64;
    }
    // Semicolons that account for a difference in sentence count lower the
    // cost; semicolons that create a difference raise it; a plain 1:2 split
    // without any is left to the length model.
    let a: u32 = src.iter().map(|x| x.clauses as u32).sum();
    let b: u32 = tgt.iter().map(|x| x.clauses as u32).sum();
    let sentences = (src.len() as u32).abs_diff(tgt.len() as u32);
    c += CLAUSE_WEIGHT * (a.abs_diff(b) as f64 - sentences as f64);
    c - NAME_MATCH * names_agreement(src, tgt).min(max_names) as f64
}

/// Matched and unmatched numbers between the two sides (a multiset match).
fn numbers_agreement(src: &[&Anchors], tgt: &[&Anchors]) -> (usize, usize) {
    let total: usize = src.iter().chain(tgt).map(|a| a.numbers.len()).sum();
    if total == 0 {
        return (0, 0);
    }
    let mut b: Vec<u64> = tgt.iter().flat_map(|a| a.numbers.iter().copied()).collect();
    let mut matched = 0;
    for n in src.iter().flat_map(|a| a.numbers.iter()) {
        if let Some(i) = b.iter().position(|x| x == n) {
            b.swap_remove(i);
            matched += 1;
        }
    }
    (matched, total - 2 * matched)
}

/// How many names on one side have a distinct partner on the other.
fn names_agreement(src: &[&Anchors], tgt: &[&Anchors]) -> usize {
    let mut used: Vec<bool> = Vec::new();
    let b: Vec<&str> = tgt
        .iter()
        .flat_map(|a| a.names.iter().map(String::as_str))
        .collect();
    used.resize(b.len(), false);
    let mut matched = 0;
    for n in src.iter().flat_map(|a| a.names.iter()) {
        if let Some(i) = (0..b.len()).find(|&i| !used[i] && names_match(n, b[i])) {
            used[i] = true;
            matched += 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_scripts_and_case_endings() {
        for (en, cyr) in [
            ("rogov", "рогов"),
            ("kazakbaev", "казакбаев"),
            ("toktosunov", "токтосуновым"),
            ("shaildabekova", "шайлдабекова"),
            ("johnson", "джонсон"),
            ("nurzhan", "нуржан"),
            ("bishkek", "бишкеке"),
            ("kyrgyzstan", "кыргызстанга"),
        ] {
            assert!(
                names_match(&skeleton(en), &skeleton(cyr)),
                "{en} {} vs {cyr} {}",
                skeleton(en),
                skeleton(cyr)
            );
        }
        assert!(!names_match(&skeleton("rogov"), &skeleton("бергер")));
        // Kyrgyz letters romanise: ң → ng, ө → o, ү → u.
        assert_eq!(skeleton("көңүл"), "kngl");
    }

    #[test]
    fn dates_agree_across_languages() {
        let en = Anchors::of("10 February 2021, BISHKEK – Anna Berger met Nurlan Toktosunov.");
        let ru = Anchors::of(
            "10 февраля 2021 года, БИШКЕК – Анна Бергер встретилась с Нурланом Токтосуновым.",
        );
        let ky = Anchors::of(
            "2021-жылдын 10-февралы, БИШКЕК – Анна Бергер Нурлан Токтосунов менен жолукту.",
        );
        let other =
            Anchors::of("12 мая 2021 года, БИШКЕК – Программный офис передал оборудование.");
        assert_eq!(numbers_agreement(&[&en], &[&ru]), (3, 0));
        assert_eq!(numbers_agreement(&[&en], &[&ky]), (3, 0));
        assert_eq!(numbers_agreement(&[&en], &[&other]), (1, 4));
        assert!(names_agreement(&[&en], &[&ru]) >= 4);
        assert!(cost(&[&en], &[&ru]) < cost(&[&en], &[&other]) - 5.0);
    }

    #[test]
    fn grouped_and_decimal_numbers_agree_across_conventions() {
        let keys = |s: &str| Anchors::of(s).numbers;
        assert_eq!(keys("4,000 adults"), keys("4000 адамдын"));
        assert_eq!(keys("20 000 учеников"), keys("20,000 pupils"));
        assert_eq!(keys("a 7.5 magnitude"), keys("магнитудой 7,5"));
        assert_ne!(keys("7.5"), keys("75"));
        assert_eq!(keys("3.06.2021"), keys("3 06 2021"));
        // A year before a small number is two numbers, not a grouping.
        assert_eq!(keys("in 2013 200 people").len(), 2);
    }

    #[test]
    fn marks_count_on_both_sides() {
        let en = Anchors::of("\"Trust is the basis,\" she said. Why?");
        let ru = Anchors::of("«Доверие — основа», – сказала она. Почему?");
        assert_eq!(en.punct, [1, 0, 2, 0]);
        assert_eq!(ru.punct, [1, 0, 2, 0]);
        assert!(cost(&[&en], &[&ru]) < 0.0);
    }
}
