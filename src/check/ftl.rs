//! Reading one `.ftl` file into the facts the rules compare: which messages
//! and terms it defines, where, with which attributes, variables, references
//! and select expressions, plus every syntax error with its position.
//!
//! The fluent-syntax AST borrows from the source text and carries no spans,
//! so this module walks it once and keeps an owned summary; positions are
//! recovered from where each identifier's slice lies inside the text.

use std::borrow::Cow;
use std::cell::Cell;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;

use fluent_syntax::ast;
use fluent_syntax::parser::{self, ErrorKind};

pub use crate::render::hazard::MAX_DEPTH;
use crate::render::hazard::{entry_id, first_hazard, Hazard};
use crate::render::needs::{message_needs, Needs};

/// A parsed `.ftl` file, summarised for checking.
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// The file on disk.
    pub path: PathBuf,
    /// The path below the locale directory, used to match files across locales.
    pub rel: String,
    /// Messages and terms in file order (duplicates kept).
    pub entries: Vec<Entry>,
    /// Syntax errors in file order.
    pub errors: Vec<SyntaxError>,
    /// Entries nested deeper than [`MAX_DEPTH`], left out before parsing.
    pub too_deep: Vec<(String, Pos)>,
    /// Ids of entries lost to a syntax error (or to nesting): reported by
    /// the syntax rule, so never also as missing.
    pub broken: HashSet<String>,
    /// How many lines the file has.
    pub lines: usize,
    /// The `$case` forms its messages ask each term family for, read in
    /// the same walk (none when an entry had to be blanked out: the file
    /// is then not trusted for them).
    pub needs: Needs,
    /// id → index in `entries` of its first definition.
    index: HashMap<String, usize>,
}

impl FtlFile {
    /// The first definition of `id` in this file.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }
}

/// A syntax error at a 1-based line and column.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Line (1-based).
    pub line: usize,
    /// Column in characters (1-based).
    pub col: usize,
    /// What the parser expected.
    pub kind: ErrorKind,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line (1-based).
    pub line: usize,
    /// Column in characters (1-based).
    pub col: usize,
}

/// One message or term.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The id as written in references: terms keep their leading `-`.
    pub id: String,
    /// Where the id starts.
    pub pos: Pos,
    /// Whether this is a term (`-id = …`).
    pub is_term: bool,
    /// The value pattern, if the entry has one.
    pub value: Option<PatternFacts>,
    /// Attributes in file order (duplicates kept).
    pub attributes: Vec<Attribute>,
}

/// One attribute of an entry.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The attribute name, without the dot.
    pub name: String,
    /// Where the name starts.
    pub pos: Pos,
    /// What its pattern uses.
    pub facts: PatternFacts,
}

/// What a pattern uses: variables, references and select expressions.
#[derive(Debug, Clone, Default)]
pub struct PatternFacts {
    /// Variable names (without `$`) with the position of their first use.
    pub variables: Vec<(String, Pos)>,
    /// Variables whose value the pattern prints (used other than as the
    /// selector of a select), in order of first use.
    pub shown: Vec<String>,
    /// Message references (`id` or `id.attr`) and term references (`-id`), with positions.
    pub references: Vec<(String, Pos)>,
    /// Select expressions, outermost first.
    pub selects: Vec<Select>,
    /// The pattern's text when it is nothing but text (no placeable).
    pub plain: Option<String>,
}

/// One select expression.
#[derive(Debug, Clone)]
pub struct Select {
    /// Where the selector starts.
    pub pos: Pos,
    /// Whether the selector is an explicit `NUMBER(…)` call.
    pub number_call: bool,
    /// Variant keys as written, with positions.
    pub keys: Vec<(String, Pos)>,
    /// Whether a key is a number literal rather than a name.
    pub numeric_keys: Vec<bool>,
    /// Index of the default (`*`) variant.
    pub default: usize,
    /// Each variant's own text (outside its placeables), in key order.
    pub texts: Vec<String>,
    /// The selector when it is a number literal (`{ 1.5 -> … }`).
    pub literal: Option<String>,
    /// The variable selected on (`$n` or `NUMBER($n)`), without `$`.
    pub variable: Option<String>,
    /// Whether the selector is `NUMBER(…)` with fraction digits asked for,
    /// so that fractions (1.5, 1.0) reach the select.
    pub fractions: bool,
}

impl Entry {
    /// The attribute named `name`, if any.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The value (`None`) or the attribute named `attr`.
    pub fn pattern(&self, attr: Option<&str>) -> Option<&PatternFacts> {
        match attr {
            None => self.value.as_ref(),
            Some(a) => self.attribute(a).map(|a| &a.facts),
        }
    }

    /// Every pattern of the entry: the value (named `None`) and each attribute.
    pub fn patterns(&self) -> impl Iterator<Item = (Option<&str>, &PatternFacts)> {
        self.value.iter().map(|v| (None, v)).chain(
            self.attributes
                .iter()
                .map(|a| (Some(a.name.as_str()), &a.facts)),
        )
    }
}

/// Parses `text` (the contents of `path`) and summarises it.
pub fn read(path: PathBuf, rel: String, text: &str) -> FtlFile {
    let lines = LineIndex::new(text);
    let (text, too_deep, escapes) = strip_hazards(text, &lines);
    let whole = matches!(text, Cow::Borrowed(_));
    let text: &str = &text;
    let mut walker = Walker {
        text,
        lines: &lines,
    };
    let mut errors = Vec::new();
    let mut broken: HashSet<String> = too_deep.iter().map(|(id, _)| id.clone()).collect();
    let mut entries = Vec::new();
    let mut needs = Needs::new();
    // The file is parsed a chunk at a time, so that only one chunk's tree
    // is ever held (the tree of a 100k-message file is hundreds of MB).
    // The parser keeps no state between entries but its offset, so a
    // chunk that ends where an entry line starts reads as the whole file
    // would, unless its last entry failed: that one may have been cut
    // short, so it is read again at the head of the next, longer chunk.
    let mut start = 0;
    let mut past = 0;
    while start < text.len() {
        let end = entry_line_at_or_after(text, (start + CHUNK).max(past));
        let (resource, mut parse_errors) = match parser::parse_runtime(&text[start..end]) {
            Ok(res) => (res, Vec::new()),
            Err((res, errs)) => (res, errs),
        };
        let mut body = &resource.body[..];
        let mut next = end;
        if let (Some(ast::Entry::Junk { content }), true) = (body.last(), end < text.len()) {
            // Each failed entry is one junk entry and one error, in order.
            next = walker.offset_of(content);
            body = &body[..body.len() - 1];
            parse_errors.pop();
        }
        errors.extend(parse_errors.into_iter().map(|e| {
            let p = lines.pos(start + e.pos.start);
            SyntaxError {
                line: p.line,
                col: p.col,
                kind: e.kind,
            }
        }));
        for entry in body {
            match entry {
                ast::Entry::Message(m) => {
                    if whole {
                        message_needs(m, &mut needs);
                    }
                    entries.push(Entry {
                        id: m.id.name.to_string(),
                        pos: walker.pos_of(m.id.name),
                        is_term: false,
                        value: m.value.as_ref().map(|p| walker.pattern(p)),
                        attributes: walker.attributes(&m.attributes),
                    })
                }
                ast::Entry::Term(t) => entries.push(Entry {
                    id: format!("-{}", t.id.name),
                    // The `-` sits just before the name.
                    pos: walker.pos_of_prefixed(t.id.name, 1),
                    is_term: true,
                    value: Some(walker.pattern(&t.value)),
                    attributes: walker.attributes(&t.attributes),
                }),
                ast::Entry::Junk { content } => {
                    broken.extend(content.lines().filter_map(entry_id).map(str::to_string));
                }
                _ => {}
            }
        }
        // A failed entry read again must get past where it was cut; one that
        // fills its whole chunk gets a chunk twice as long, so that however
        // long the entry, the file is read in linear time.
        past = if next == start {
            start + 2 * (end - start)
        } else if next < end {
            end + 1
        } else {
            0
        };
        start = next;
    }
    for (id, e) in escapes {
        broken.insert(id);
        errors.push(e);
    }
    errors.sort_by_key(|e| (e.line, e.col));
    entries.shrink_to_fit();
    let mut index = HashMap::with_capacity_and_hasher(entries.len(), Default::default());
    for (i, e) in entries.iter().enumerate() {
        index.entry(e.id.clone()).or_insert(i);
    }
    FtlFile {
        path,
        rel,
        entries,
        errors,
        too_deep,
        broken,
        lines: lines.lines(),
        needs,
        index,
    }
}

/// About how many bytes of the file are parsed at once (see [`read`]).
const CHUNK: usize = 64 * 1024;

/// The first offset at or after `at` where a line starts with what can
/// only begin an entry (a letter or `-`), or the end of `text`.
fn entry_line_at_or_after(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at.min(b.len());
    if i > 0
        && b[i - 1] == b'\n'
        && b.get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'-')
    {
        return i;
    }
    while let Some(n) = b[i..].iter().position(|&c| c == b'\n') {
        i += n + 1;
        if b.get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'-')
        {
            return i;
        }
    }
    b.len()
}

/// Positions from byte offsets in O(log n): line starts are found once,
/// and columns are counted on from the previous position on the same line
/// (positions are asked for mostly in file order).
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    last: Cell<(usize, usize, usize)>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex {
            text,
            starts,
            last: Cell::new((0, 0, 1)),
        }
    }

    /// The 1-based line and column (in characters) of byte offset `at`.
    pub fn pos(&self, at: usize) -> Pos {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let (last_line, last_at, last_col) = self.last.get();
        let (from, col) = if last_line == line && last_at <= at {
            (last_at, last_col)
        } else {
            (self.starts[line], 1)
        };
        let col = col + self.text[from..at].chars().count();
        self.last.set((line, at, col));
        Pos {
            line: line + 1,
            col,
        }
    }

    /// How many lines the text has (a final line break ends the last line,
    /// it does not start another).
    pub fn lines(&self) -> usize {
        self.starts
            .iter()
            .filter(|&&s| s < self.text.len())
            .count()
            .max(1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// The text to parse, entries nested too deep, and escape errors.
type Stripped<'t> = (Cow<'t, str>, Vec<(String, Pos)>, Vec<(String, SyntaxError)>);

/// Blanks out (keeping line breaks, so positions hold) every entry the
/// parser cannot be trusted with, returning the text to parse, the entries
/// nested too deep (id and where the limit was crossed) and a syntax error
/// for each escape the parser would crash on.
fn strip_hazards<'t>(text: &'t str, lines: &LineIndex) -> Stripped<'t> {
    let Some(first) = first_hazard(text, 0) else {
        // The usual case: nothing to blank, nothing to copy.
        return (Cow::Borrowed(text), Vec::new(), Vec::new());
    };
    let mut out = text.as_bytes().to_vec();
    let (mut deep, mut escapes) = (Vec::new(), Vec::new());
    let mut from = 0;
    let mut next = Some(first);
    while let Some((at, end, hazard)) = next {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        // The entry begins at the last line before that starts with an id.
        let mut start = line_start;
        while start > from && entry_id(text[start..].lines().next().unwrap_or("")).is_none() {
            start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        let id = entry_id(text[start..].lines().next().unwrap_or(""))
            .unwrap_or("")
            .to_string();
        let pos = lines.pos(at);
        match hazard {
            Hazard::Deep => deep.push((id, pos)),
            Hazard::Escape(seq) => escapes.push((
                id,
                SyntaxError {
                    line: pos.line,
                    col: pos.col,
                    kind: ErrorKind::InvalidUnicodeEscapeSequence(seq),
                },
            )),
        }
        for b in &mut out[start.max(from)..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = end;
        next = first_hazard(text, from);
    }
    // Only whole lines were replaced by spaces, so the text stays UTF-8.
    let text =
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    (Cow::Owned(text), deep, escapes)
}

struct Walker<'t> {
    text: &'t str,
    lines: &'t LineIndex<'t>,
}

impl Walker<'_> {
    /// The position of `slice`, which must borrow from the file text.
    fn pos_of(&self, slice: &str) -> Pos {
        self.pos_of_prefixed(slice, 0)
    }

    /// The byte offset of `slice`, which must borrow from the file text.
    fn offset_of(&self, slice: &str) -> usize {
        (slice.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    fn pos_of_prefixed(&self, slice: &str, back: usize) -> Pos {
        let base = self.text.as_ptr() as usize;
        let p = slice.as_ptr() as usize;
        if p >= base && p <= base + self.text.len() {
            self.lines.pos((p - base).saturating_sub(back))
        } else {
            Pos { line: 1, col: 1 }
        }
    }

    fn attributes(&mut self, attrs: &[ast::Attribute<&str>]) -> Vec<Attribute> {
        attrs
            .iter()
            .map(|a| Attribute {
                name: a.id.name.to_string(),
                pos: self.pos_of(a.id.name),
                facts: self.pattern(&a.value),
            })
            .collect()
    }

    fn pattern(&mut self, p: &ast::Pattern<&str>) -> PatternFacts {
        let mut facts = PatternFacts::default();
        self.walk_pattern(p, &mut facts);
        // Kept for the whole run, one per pattern: no spare capacity.
        facts.variables.shrink_to_fit();
        facts.shown.shrink_to_fit();
        facts.references.shrink_to_fit();
        facts.selects.shrink_to_fit();
        if p.elements
            .iter()
            .all(|e| matches!(e, ast::PatternElement::TextElement { .. }))
        {
            facts.plain = Some(text_of(p));
        }
        facts
    }

    fn walk_pattern(&mut self, p: &ast::Pattern<&str>, facts: &mut PatternFacts) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                self.expression(expression, facts);
            }
        }
    }

    fn expression(&mut self, e: &ast::Expression<&str>, facts: &mut PatternFacts) {
        match e {
            ast::Expression::Inline(i) => self.inline(i, facts),
            ast::Expression::Select { selector, variants } => {
                let (number_call, fractions) = match selector {
                    ast::InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
                        (true, arguments.named.iter().any(|n| {
                            n.name.name.ends_with("FractionDigits")
                                && matches!(&n.value, ast::InlineExpression::NumberLiteral { value } if *value != "0")
                        }))
                    }
                    _ => (false, false),
                };
                let variable = match selector {
                    ast::InlineExpression::VariableReference { id } => Some(id.name.to_string()),
                    ast::InlineExpression::FunctionReference { arguments, .. } => {
                        match arguments.positional.first() {
                            Some(ast::InlineExpression::VariableReference { id }) => {
                                Some(id.name.to_string())
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let literal = match selector {
                    ast::InlineExpression::NumberLiteral { value } => Some(value.to_string()),
                    _ => None,
                };
                let pos = self.inline_pos(selector);
                let mut keys = Vec::with_capacity(variants.len());
                let mut numeric_keys = Vec::with_capacity(variants.len());
                for v in variants {
                    let (k, numeric) = match &v.key {
                        ast::VariantKey::Identifier { name } => (*name, false),
                        ast::VariantKey::NumberLiteral { value } => (*value, true),
                    };
                    keys.push((k.to_string(), self.pos_of(k)));
                    numeric_keys.push(numeric);
                }
                facts.selects.push(Select {
                    pos,
                    number_call,
                    keys,
                    numeric_keys,
                    default: variants.iter().position(|v| v.default).unwrap_or(0),
                    texts: variants.iter().map(|v| text_of(&v.value)).collect(),
                    literal,
                    variable,
                    fractions,
                });
                // A selector decides, it prints nothing.
                let shown = facts.shown.len();
                self.inline(selector, facts);
                facts.shown.truncate(shown);
                for v in variants {
                    self.walk_pattern(&v.value, facts);
                }
            }
        }
    }

    fn inline_pos(&self, i: &ast::InlineExpression<&str>) -> Pos {
        use ast::InlineExpression as I;
        match i {
            I::StringLiteral { value } | I::NumberLiteral { value } => self.pos_of(value),
            I::FunctionReference { id, .. } | I::MessageReference { id, .. } => {
                self.pos_of(id.name)
            }
            I::TermReference { id, .. } | I::VariableReference { id } => {
                self.pos_of_prefixed(id.name, 1)
            }
            I::Placeable { expression } => match &**expression {
                ast::Expression::Inline(i) => self.inline_pos(i),
                ast::Expression::Select { selector, .. } => self.inline_pos(selector),
            },
        }
    }

    fn inline(&mut self, i: &ast::InlineExpression<&str>, facts: &mut PatternFacts) {
        use ast::InlineExpression as I;
        match i {
            I::StringLiteral { .. } | I::NumberLiteral { .. } => {}
            I::VariableReference { id } => {
                if !facts.variables.iter().any(|(n, _)| n == id.name) {
                    let pos = self.pos_of_prefixed(id.name, 1);
                    facts.variables.push((id.name.to_string(), pos));
                }
                if !facts.shown.iter().any(|n| n == id.name) {
                    facts.shown.push(id.name.to_string());
                }
            }
            I::MessageReference { id, attribute } => {
                let name = match attribute {
                    Some(a) => format!("{}.{}", id.name, a.name),
                    None => id.name.to_string(),
                };
                facts.references.push((name, self.pos_of(id.name)));
            }
            I::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let name = match attribute {
                    Some(a) => format!("-{}.{}", id.name, a.name),
                    None => format!("-{}", id.name),
                };
                facts
                    .references
                    .push((name, self.pos_of_prefixed(id.name, 1)));
                // Term arguments are parameters of the term, but the values
                // passed may still be message variables.
                if let Some(args) = arguments {
                    self.arguments(args, facts);
                }
            }
            I::FunctionReference { arguments, .. } => self.arguments(arguments, facts),
            I::Placeable { expression } => self.expression(expression, facts),
        }
    }

    fn arguments(&mut self, args: &ast::CallArguments<&str>, facts: &mut PatternFacts) {
        for p in &args.positional {
            self.inline(p, facts);
        }
        for n in &args.named {
            self.inline(&n.value, facts);
        }
    }
}

/// The text elements of `p`, without its placeables.
fn text_of(p: &ast::Pattern<&str>) -> String {
    p.elements
        .iter()
        .filter_map(|e| match e {
            ast::PatternElement::TextElement { value } => Some(*value),
            _ => None,
        })
        .collect()
}

/// Whether `kind` is the parser's complaint about a select without a `*[default]`.
pub fn is_missing_default(kind: &ErrorKind) -> bool {
    matches!(kind, ErrorKind::MissingDefaultVariant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_variables_references_and_selects_are_found() {
        let text = "hello = Hi { $name }!\n\
                    -brand = Tilmech\n\
                    count = { $n ->\n    [one] one { -brand }\n   *[other] { $n } { hello }\n}\n    .title = T\n";
        let f = read("x.ftl".into(), "x.ftl".into(), text);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let ids: Vec<_> = f.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["hello", "-brand", "count"]);
        assert_eq!(f.entries[1].pos, Pos { line: 2, col: 1 });
        let hello = f.entries[0].value.as_ref().unwrap();
        assert_eq!(
            hello.variables[0],
            ("name".into(), Pos { line: 1, col: 14 })
        );
        let count = &f.entries[2];
        let v = count.value.as_ref().unwrap();
        assert_eq!(v.selects.len(), 1);
        assert_eq!(v.selects[0].keys[0].0, "one");
        let refs: Vec<_> = v.references.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(refs, ["-brand", "hello"]);
        assert_eq!(count.attributes[0].name, "title");
        assert_eq!(count.attributes[0].pos, Pos { line: 7, col: 6 });
    }

    /// Cutting the file where an entry line starts must not change what is
    /// read: not for a placeable or a call continued on such a line, nor
    /// for a failed entry, nor for an entry longer than a chunk.
    #[test]
    fn a_file_read_in_chunks_reads_as_one_parse_of_it() {
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 6 * CHUNK {
            text.push_str(&format!("m{i} = Text {{ $n }}\n    .title = T\n"));
            text.push_str(&format!("spread{i} = {{\nm{i}\n}}\n"));
            text.push_str(&format!("broken{i} = {{ $n\nafter{i} = A\n"));
            text.push_str(&format!(
                "call{i} = {{ NUMBER(\n$n,\nminimumFractionDigits: 1) }}\n"
            ));
            if i % 500 == 3 {
                // One entry longer than a chunk, all of it on letter lines.
                text.push_str("long = { NUMBER($n");
                for j in 0..CHUNK / 8 {
                    text.push_str(&format!(",\na{j}: 1"));
                }
                text.push_str(") }\n");
            }
            i += 1;
        }
        let f = read("x.ftl".into(), "x.ftl".into(), &text);
        let lines = LineIndex::new(&text);
        let (whole, whole_errors) = match parser::parse_runtime(text.as_str()) {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        let ids: Vec<(String, Pos)> = whole
            .body
            .iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => Some(m.id.name),
                _ => None,
            })
            .map(|id| {
                let at = id.as_ptr() as usize - text.as_ptr() as usize;
                (id.to_string(), lines.pos(at))
            })
            .collect();
        let got: Vec<(String, Pos)> = f.entries.iter().map(|e| (e.id.clone(), e.pos)).collect();
        assert_eq!(got.len(), ids.len());
        assert!(got == ids, "the entries differ");
        let errors: Vec<(usize, usize)> = whole_errors
            .iter()
            .map(|e| lines.pos(e.pos.start))
            .map(|p| (p.line, p.col))
            .collect();
        let got: Vec<(usize, usize)> = f.errors.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(got.len(), i, "one error per broken entry");
        assert!(got == errors, "the errors differ");
    }

    #[test]
    fn entries_after_a_syntax_error_are_kept() {
        let text = "a = A\nb = { $x }}\nc = C\n";
        let f = read("x.ftl".into(), "x.ftl".into(), text);
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].line, 2);
        let ids: Vec<_> = f.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
    }
}
