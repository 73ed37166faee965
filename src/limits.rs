//! Bounds on what one input file may hold. The TMX, TSV and XLIFF readers
//! stream or hold files someone else wrote; without a bound, a single 50 MB
//! segment (or a million nested elements) costs memory many times its size
//! before anything can be refused. Each limit is checked while reading, so
//! the refusal costs about the limit, not the input, and names the place.

/// What one TMX, TSV or XLIFF file may hold; `Limits::default()` is what
/// `tm import` and `review import` use unless `--max-segment` says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one segment: its text (UTF-8) plus its inline markup as
    /// kept (a TMX `<seg>`, a TSV cell, an XLIFF `<source>` or `<target>`);
    /// in TMX also any single tag or run of text.
    pub segment_bytes: usize,
    /// Elements open inside one another (TMX notes, headers and inline
    /// codes; the whole XLIFF document).
    pub depth: usize,
    /// Inline elements (`<ph/>`, `<x/>`, `<g>`…) in one segment.
    pub inline_tags: usize,
    /// Units (`<trans-unit>`, 2.0 `<unit>`) in one XLIFF file, which is
    /// read whole; TMX and TSV files are streamed a unit at a time, so
    /// theirs are not counted.
    pub units: usize,
}

/// One segment at most 1 MiB: a sentence or paragraph is a few hundred
/// bytes, and a whole release fits many times over.
pub const DEFAULT_SEGMENT_BYTES: usize = 1 << 20;
/// Nesting at most 100 elements deep, as for Fluent placeables.
pub const DEFAULT_DEPTH: usize = 100;
/// At most 1,000 inline elements in one segment.
pub const DEFAULT_INLINE_TAGS: usize = 1000;
/// At most 100,000 units in one XLIFF file: a release drafts tens to
/// hundreds, and each unit read costs about a kilobyte before it is
/// stored, whatever its size in the file.
pub const DEFAULT_UNITS: usize = 100_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            segment_bytes: DEFAULT_SEGMENT_BYTES,
            depth: DEFAULT_DEPTH,
            inline_tags: DEFAULT_INLINE_TAGS,
            units: DEFAULT_UNITS,
        }
    }
}

impl Limits {
    /// The defaults with `segment_bytes` replaced.
    pub fn with_segment_bytes(segment_bytes: usize) -> Limits {
        Limits {
            segment_bytes,
            ..Limits::default()
        }
    }
}

/// `n` bytes as a message shows a limit: `1 MiB`, `64 KiB`, `1000 bytes`.
pub fn describe_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Parses a size as `--max-segment` takes it: bytes, or a number with
/// `K`/`KiB` or `M`/`MiB` (powers of 1024), e.g. `512K`, `4M`.
pub fn parse_bytes(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" | "kb" => 10,
        "m" | "mib" | "mb" => 20,
        "g" | "gib" | "gb" => 30,
        _ => {
            return Err(format!(
                "`{text}`: expected a size such as 4M, 512K or 1048576"
            ))
        }
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("`{text}`: expected a size such as 4M, 512K or 1048576"))?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}`: expected a size from 1 byte to a few GiB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_suffixes_and_print_back() {
        assert_eq!(parse_bytes("4M"), Ok(4 << 20));
        assert_eq!(parse_bytes("512 KiB"), Ok(512 << 10));
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("4T").is_err());
        assert!(parse_bytes("M").is_err());
        assert_eq!(describe_bytes(1 << 20), "1 MiB");
        assert_eq!(describe_bytes(64 << 10), "64 KiB");
        assert_eq!(describe_bytes(1000), "1000 bytes");
    }
}
