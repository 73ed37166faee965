//! Property tests of the checker's reading: Fluent generated at random
//! from the grammar never yields a syntax finding, and random or mangled
//! bytes never make the checker panic. The generator is a few plain
//! functions over a small PRNG: failing cases print their seed, and the
//! same seed reproduces them.

use super::ftl;

/// xorshift64*: small, fast and reproducible; quality is not the point.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "tab",
    "вкладка",
    "бет",
    "Open",
    "a",
    "x",
    "файлдар",
    "ÿ",
    "日本",
    "!",
    "100%",
    "(a)",
    "—",
];

fn identifier(r: &mut Rng) -> String {
    let first = r.pick(&["a", "b", "Z", "msg", "q"]);
    let mut id = first.to_string();
    for _ in 0..r.below(4) {
        id.push_str(r.pick(&["a", "1", "-", "_", "x", "B"]));
    }
    id
}

fn number(r: &mut Rng) -> String {
    let mut n = String::new();
    if r.chance(20) {
        n.push('-');
    }
    n.push_str(&r.below(1000).to_string());
    if r.chance(30) {
        n.push('.');
        n.push_str(&r.below(100).to_string());
    }
    n
}

fn string_literal(r: &mut Rng) -> String {
    let mut s = String::from("\"");
    for _ in 0..r.below(4) {
        s.push_str(r.pick(&[
            "a",
            " ",
            "\\\"",
            "\\\\",
            "\\u0041",
            "\\U01F600",
            "{",
            "}",
            "ы",
        ]));
    }
    s.push('"');
    s
}

/// Text that is a pattern element anywhere on a line (no braces, no line
/// break), starting with a character that is text even at a line start.
fn text(r: &mut Rng) -> String {
    let mut t = r.pick(WORDS).to_string();
    for _ in 0..r.below(3) {
        t.push_str(r.pick(&[" ", "  ", ", ", ". ", "[x] ", "*", "-", " $1"]));
        t.push_str(r.pick(WORDS));
    }
    t
}

fn inline(r: &mut Rng, depth: usize) -> String {
    match r.below(if depth > 2 { 5 } else { 7 }) {
        0 => string_literal(r),
        1 => number(r),
        2 => format!("${}", identifier(r)),
        3 => {
            let mut m = identifier(r);
            if r.chance(30) {
                m = format!("{m}.{}", identifier(r));
            }
            m
        }
        4 => {
            let mut t = format!("-{}", identifier(r));
            if r.chance(40) {
                t.push_str(&format!("({}: {})", identifier(r), string_literal(r)));
            }
            t
        }
        5 => {
            let mut args = vec![inline(r, depth + 1)];
            if r.chance(50) {
                // The spec allows `-7` here; fluent-syntax 0.12, which the
                // runtime uses too, does not, so neither does the checker.
                let n = number(r).trim_start_matches('-').to_string();
                args.push(format!("{}: {n}", identifier(r)));
            }
            format!(
                "{}({})",
                r.pick(&["NUMBER", "DATETIME", "F_1"]),
                args.join(", ")
            )
        }
        _ => format!("{{ {} }}", inline(r, depth + 1)),
    }
}

fn selector(r: &mut Rng) -> String {
    match r.below(4) {
        0 => format!("${}", identifier(r)),
        1 => format!("NUMBER(${}, minimumFractionDigits: 1)", identifier(r)),
        2 => format!("-{}.{}", identifier(r), identifier(r)),
        _ => number(r),
    }
}

fn select(r: &mut Rng, depth: usize, indent: &str) -> String {
    let n = 1 + r.below(4);
    let default = r.below(n);
    let mut s = format!("{{ {} ->\n", selector(r));
    for i in 0..n {
        let key = if r.chance(30) {
            number(r)
        } else {
            r.pick(&["one", "few", "many", "other", "zero", "masculine"])
                .to_string()
        };
        let star = if i == default { "*" } else { " " };
        let value = pattern(r, depth + 1, &format!("{indent}    "));
        s.push_str(&format!("{indent}  {star}[{key}] {value}\n"));
    }
    s.push_str(indent);
    s.push('}');
    s
}

/// A non-empty pattern; lines after the first are indented by `indent`
/// plus four spaces.
fn pattern(r: &mut Rng, depth: usize, indent: &str) -> String {
    let mut p = String::new();
    for i in 0..1 + r.below(4) {
        match r.below(if depth > 2 { 2 } else { 4 }) {
            0 => p.push_str(&text(r)),
            1 => p.push_str(&format!("{{ {} }}", inline(r, depth + 1))),
            2 => p.push_str(&select(r, depth + 1, indent)),
            _ if i > 0 => p.push_str(&format!("\n{indent}    {}", text(r))),
            _ => p.push_str(&text(r)),
        }
    }
    p
}

fn resource(r: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..r.below(12) {
        match r.below(10) {
            0 => out.push_str(&format!("{} {}\n", r.pick(&["#", "##", "###"]), text(r))),
            1 => out.push('\n'),
            2 | 3 => out.push_str(&format!("-{} = {}\n", identifier(r), pattern(r, 0, ""))),
            _ => {
                let attrs = r.below(3);
                let value = attrs == 0 || r.chance(70);
                out.push_str(&identifier(r));
                out.push_str(" =");
                if value {
                    out.push(' ');
                    out.push_str(&pattern(r, 0, ""));
                }
                out.push('\n');
                for _ in 0..attrs {
                    out.push_str(&format!(
                        "    .{} = {}\n",
                        identifier(r),
                        pattern(r, 0, "    ")
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn random_valid_fluent_never_yields_a_syntax_finding() {
    for seed in 1..=3000u64 {
        let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let text = resource(&mut r);
        let f = ftl::read("gen.ftl".into(), "gen.ftl".into(), &text);
        assert!(
            f.errors.is_empty() && f.too_deep.is_empty(),
            "seed {seed}: {:?} {:?}\n{text}",
            f.errors,
            f.too_deep
        );
    }
}

#[test]
fn random_and_mangled_bytes_never_panic() {
    for seed in 1..=3000u64 {
        let mut r = Rng(seed.wrapping_mul(0xd1b5_4a32_d192_ed03) | 1);
        let mut bytes = if r.chance(50) {
            resource(&mut r).into_bytes()
        } else {
            Vec::new()
        };
        for _ in 0..1 + r.below(40) {
            let b = match r.below(4) {
                0 => r.next() as u8,
                _ => {
                    let special = b"{}[]*.$-=\"\\\n\r\t #()->:,0123abc";
                    special[r.below(special.len())]
                }
            };
            let at = r.below(bytes.len() + 1);
            if r.chance(30) && at < bytes.len() {
                bytes[at] = b;
            } else {
                bytes.insert(at, b);
            }
        }
        if r.chance(5) {
            // Deep nesting, sometimes unclosed.
            let depth = 100 + r.below(300);
            bytes.extend(b"deep = ");
            bytes.extend("{ ".repeat(depth).bytes());
            if r.chance(50) {
                bytes.extend(" }".repeat(depth).bytes());
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let f = ftl::read("rand.ftl".into(), "rand.ftl".into(), &text);
        // Positions stay inside the text.
        let lines = text.split('\n').count();
        for e in &f.errors {
            assert!(e.line >= 1 && e.line <= lines, "seed {seed}: {e:?}");
        }
    }
}

#[test]
fn the_whole_checker_survives_random_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tmp")
        .join(format!("prop-check-{}", std::process::id()));
    for seed in 1..=40u64 {
        let mut r = Rng(seed.wrapping_mul(0x94d0_49bb_1331_11eb) | 1);
        let _ = std::fs::remove_dir_all(&dir);
        for l in ["en", "ru", "ky"] {
            std::fs::create_dir_all(dir.join(l)).unwrap();
            let mut bytes = resource(&mut r).into_bytes();
            for _ in 0..r.below(10) {
                let at = r.below(bytes.len() + 1);
                bytes.insert(at, r.next() as u8);
            }
            std::fs::write(dir.join(l).join("m.ftl"), bytes).unwrap();
        }
        let options = super::Options {
            reference: "en".into(),
            locales: vec!["ru".into(), "ky".into()],
            events: Vec::new(),
        };
        let report = super::check(&super::Target::LocaleDirs(dir.clone()), &options)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for format in [
            super::report::Format::Human,
            super::report::Format::Json,
            super::report::Format::Github,
            super::report::Format::Junit,
        ] {
            super::report::render(&report, format, &dir, true);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
