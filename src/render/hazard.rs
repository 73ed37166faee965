//! A scan for what fluent-syntax 0.12 cannot be handed: entries nested so
//! deep that its recursion overflows the stack, and `\u` escapes running
//! into a non-ASCII character, on which it panics. The renderer (which
//! refuses such a file) and `tilmech check` (which reports and skips the
//! entry) both run it before parsing.

/// How deep placeables, selects and call arguments may nest. Real files
/// stay below 5; the parser (and dropping its tree) recurses once per
/// level, so a hostile file must be stopped before it reaches the parser.
pub const MAX_DEPTH: usize = 100;

/// Why an entry is kept from the parser.
pub enum Hazard {
    /// Nesting deeper than [`MAX_DEPTH`].
    Deep,
    /// A `\u`/`\U` escape running into a non-ASCII character, on which
    /// fluent-syntax 0.12 panics (it slices the text inside the character).
    Escape(String),
}

/// The id an entry line starts with (`id =`, `-term =`), if it is one.
/// `line` may run on past the line's end: only its start is read.
pub fn entry_id(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('-').unwrap_or(line);
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let len = rest
        .bytes()
        .position(|c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
        .unwrap_or(rest.len());
    let id_len = len + (line.len() - rest.len());
    line[id_len..]
        .trim_start_matches([' ', '\t'])
        .starts_with('=')
        .then(|| &line[..id_len])
}

/// The bytes the scan must look at one by one; the rest it skips in runs.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = *b"\n{}()\"\\";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// From byte `from`, the first hazard (where it is and what), and where its
/// entry ends: at the next line that starts an entry, or the end of text.
///
/// A scan, not a parse: quotes and parentheses in variant text are told
/// from string literals and calls by what precedes them, and every entry
/// line resets the count, so a stray character cannot add up across entries. Escapes are looked for inside
/// every placeable, string literal or not, so that none reaches the parser.
pub fn first_hazard(text: &str, from: usize) -> Option<(usize, usize, Hazard)> {
    let b = text.as_bytes();
    let mut open: Vec<u8> = Vec::new();
    let (mut i, mut found, mut string) = (from, None, false);
    let mut prev = b'\n';
    while i < b.len() {
        let c = b[i];
        if i == 0 || b[i - 1] == b'\n' {
            if open.is_empty() && c == b'#' {
                // A comment runs to the end of its line.
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                continue;
            }
            if entry_id(&text[i..]).is_some() {
                if let Some((at, hazard)) = found {
                    return Some((at, i, hazard));
                }
                open.clear();
                string = false;
            }
        }
        if !SPECIAL[c as usize] {
            // Nothing in a run of other bytes opens, closes, quotes or
            // escapes: only its last non-blank byte matters, as `prev`.
            let run = i;
            while i < b.len() && !SPECIAL[b[i] as usize] {
                i += 1;
            }
            if let Some(&p) = b[run..i].iter().rev().find(|c| !c.is_ascii_whitespace()) {
                prev = p;
            }
            continue;
        }
        if c == b'\\' && !open.is_empty() {
            let digits = match b.get(i + 1) {
                Some(b'u') => 4,
                Some(b'U') => 6,
                _ => 0,
            };
            let run = &b[(i + 2).min(b.len())..(i + 2 + digits).min(b.len())];
            if found.is_none() && run.iter().any(|&x| x >= 0x80) {
                let end = (i + 2 + digits).min(b.len());
                let end = (end..=b.len())
                    .find(|&e| text.is_char_boundary(e))
                    .unwrap_or(b.len());
                found = Some((i, Hazard::Escape(text[i..end].to_string())));
            }
            if string {
                // The escaped character is no brace or quote.
                i += 2;
                continue;
            }
        }
        if string {
            if c == b'"' || c == b'\n' {
                string = false;
            }
        } else {
            match c {
                b'{' => open.push(c),
                b'(' if !open.is_empty()
                    && (prev.is_ascii_alphanumeric() || prev == b'-' || prev == b'_') =>
                {
                    open.push(c)
                }
                b'}' if open.last() == Some(&b'{') => {
                    open.pop();
                }
                b')' if open.last() == Some(&b'(') => {
                    open.pop();
                }
                // A string literal stands where an expression does.
                b'"' if !open.is_empty() && matches!(prev, b'{' | b'(' | b',' | b':') => {
                    string = true
                }
                _ => {}
            }
        }
        if open.len() > MAX_DEPTH && found.is_none() {
            found = Some((i, Hazard::Deep));
        }
        if !c.is_ascii_whitespace() || c == b'\n' {
            prev = c;
        }
        i += 1;
    }
    found.map(|(at, hazard)| (at, b.len(), hazard))
}
