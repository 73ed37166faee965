//! Reading one `.ftl` file into the facts the rules compare: which messages
//! and terms it defines, where, with which attributes, variables, references
//! and select expressions, plus every syntax error with its position.
//!
//! The fluent-syntax AST borrows from the source text and carries no spans,
//! so this module walks it once and keeps an owned summary; positions are
//! recovered from where each identifier's slice lies inside the text.
//! The summaries of a large file are most of a check's memory, so they are
//! kept small: a name that recurs (`$count`, `[one]`, `-brand`, `.title`) is
//! one shared allocation however often it is used, lists are exact-size
//! slices, and text is kept only where a rule reads it.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

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
    index: HashMap<Name, usize>,
}

/// An id, attribute, variable, reference or variant key: shared, so that
/// an index or a repeated name costs no copy of the text.
pub type Name = Arc<str>;

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
    pub id: Name,
    /// Where the id starts.
    pub pos: Pos,
    /// Whether this is a term (`-id = …`).
    pub is_term: bool,
    /// Whether this is the first definition of its id in the file: a later
    /// one is a duplicate, reported by its own rule and compared by none.
    pub first: bool,
    /// The value pattern, if the entry has one.
    pub value: Option<PatternFacts>,
    /// Attributes in file order (duplicates kept).
    pub attributes: Box<[Attribute]>,
}

/// One attribute of an entry.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The attribute name, without the dot.
    pub name: Name,
    /// Where the name starts.
    pub pos: Pos,
    /// What its pattern uses.
    pub facts: PatternFacts,
}

/// What a pattern uses: variables, references and select expressions.
#[derive(Debug, Clone, Default)]
pub struct PatternFacts {
    /// The variables it uses, in order of first use.
    pub variables: Box<[Variable]>,
    /// Message references (`id` or `id.attr`) and term references (`-id`), with positions.
    pub references: Box<[(Name, Pos)]>,
    /// Select expressions, outermost first.
    pub selects: Box<[Select]>,
    /// The pattern's text when it is nothing but text (no placeable), kept
    /// for `.style` attributes only: the CSS rule is the one reader.
    pub plain: Option<Box<str>>,
}

/// A variable a pattern uses.
#[derive(Debug, Clone)]
pub struct Variable {
    /// The name, without `$`.
    pub name: Name,
    /// Where its first use is.
    pub pos: Pos,
    /// Whether the pattern prints its value (uses it other than as the
    /// selector of a select).
    pub shown: bool,
}

/// A variant key of a select.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key as written.
    pub name: Name,
    /// Where it starts.
    pub pos: Pos,
    /// Whether it is a number literal rather than a name.
    pub numeric: bool,
}

/// One select expression.
#[derive(Debug, Clone)]
pub struct Select {
    /// Where the selector starts.
    pub pos: Pos,
    /// Whether the selector is an explicit `NUMBER(…)` call.
    pub number_call: bool,
    /// Variant keys in order.
    pub keys: Box<[Key]>,
    /// Index of the default (`*`) variant.
    pub default: usize,
    /// Each variant's own text (outside its placeables), in key order;
    /// empty when no variant has an ASCII digit in it, as digits are all
    /// the rules look for there.
    pub texts: Box<[Box<str>]>,
    /// The selector when it is a number literal (`{ 1.5 -> … }`).
    pub literal: Option<Box<str>>,
    /// The variable selected on (`$n` or `NUMBER($n)`), without `$`.
    pub variable: Option<Name>,
    /// Whether the selector is `NUMBER(…)` with fraction digits asked for,
    /// so that fractions (1.5, 1.0) reach the select.
    pub fractions: bool,
}

impl Entry {
    /// The attribute named `name`, if any.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| &*a.name == name)
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
        self.value
            .iter()
            .map(|v| (None, v))
            .chain(self.attributes.iter().map(|a| (Some(&*a.name), &a.facts)))
    }
}

/// Parses `text` (the contents of `path`) and summarises it.
pub fn read(path: PathBuf, rel: String, text: &str) -> FtlFile {
    let lines = LineIndex::new(text);
    let (text, too_deep, escapes) = strip_hazards(text, &lines);
    let whole = matches!(text, Cow::Borrowed(_));
    let text: &str = &text;
    let mut walker = Walker::new(text, &lines);
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
                        id: m.id.name.into(),
                        pos: walker.pos_of(m.id.name),
                        is_term: false,
                        first: false,
                        value: m.value.as_ref().map(|p| walker.pattern(p, false)),
                        attributes: walker.attributes(&m.attributes),
                    })
                }
                ast::Entry::Term(t) => entries.push(Entry {
                    id: format!("-{}", t.id.name).into(),
                    // The `-` sits just before the name.
                    pos: walker.pos_of_prefixed(t.id.name, 1),
                    is_term: true,
                    first: false,
                    value: Some(walker.pattern(&t.value, false)),
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
    for (i, e) in entries.iter_mut().enumerate() {
        if let std::collections::hash_map::Entry::Vacant(v) = index.entry(e.id.clone()) {
            v.insert(i);
            e.first = true;
        }
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
    // From the byte before `at`, so that a line starting at `at` is found.
    let mut i = at.min(b.len()).saturating_sub(1);
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
        let (last_line, last_at, last_col) = self.last.get();
        let line = self.line_of(at, last_line);
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

    /// The 0-based line holding byte `at`, looked for first just after
    /// `near` (the line of the previous position): most positions are on
    /// it or a few lines below, and the search falls back to halving.
    fn line_of(&self, at: usize, near: usize) -> usize {
        let starts = &self.starts;
        if starts[near] <= at {
            for line in near..(near + 4).min(starts.len()) {
                if starts.get(line + 1).is_none_or(|&next| at < next) {
                    return line;
                }
            }
        }
        starts.partition_point(|&s| s <= at) - 1
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
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
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
        while start > from && entry_id(&text[start..]).is_none() {
            start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        let id = entry_id(&text[start..]).unwrap_or("").to_string();
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

/// Walks the entries of a file into their summaries, sharing each name
/// among its uses.
struct Walker<'t> {
    text: &'t str,
    lines: &'t LineIndex<'t>,
    names: HashSet<Name>,
    /// How many selectors the walk is inside: what they use is not shown.
    in_selector: usize,
    /// The pattern being walked, reused from one pattern to the next.
    variables: Vec<Variable>,
    references: Vec<(Name, Pos)>,
    selects: Vec<Select>,
    scratch: String,
}

impl<'t> Walker<'t> {
    fn new(text: &'t str, lines: &'t LineIndex<'t>) -> Self {
        Walker {
            text,
            lines,
            names: HashSet::default(),
            in_selector: 0,
            variables: Vec::new(),
            references: Vec::new(),
            selects: Vec::new(),
            scratch: String::new(),
        }
    }

    /// `s` as a shared name: the same allocation as every earlier `s`.
    fn name(&mut self, s: &str) -> Name {
        if let Some(n) = self.names.get(s) {
            return n.clone();
        }
        let n: Name = s.into();
        self.names.insert(n.clone());
        n
    }

    /// The name made of `parts` joined, without building it when it is known.
    fn joined(&mut self, parts: &[&str]) -> Name {
        let mut buf = std::mem::take(&mut self.scratch);
        buf.clear();
        parts.iter().for_each(|p| buf.push_str(p));
        let n = self.name(&buf);
        self.scratch = buf;
        n
    }

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

    fn attributes(&mut self, attrs: &[ast::Attribute<&str>]) -> Box<[Attribute]> {
        attrs
            .iter()
            .map(|a| Attribute {
                name: self.name(a.id.name),
                pos: self.pos_of(a.id.name),
                facts: self.pattern(&a.value, a.id.name == "style"),
            })
            .collect()
    }

    /// What `p` uses; its text too when `keep_plain` and it is plain text.
    fn pattern(&mut self, p: &ast::Pattern<&str>, keep_plain: bool) -> PatternFacts {
        self.walk_pattern(p);
        let plain = (keep_plain
            && p.elements
                .iter()
                .all(|e| matches!(e, ast::PatternElement::TextElement { .. })))
        .then(|| text_of(p).into());
        // Kept for the whole run, one per pattern: exact sizes, and no
        // allocation at all for an empty list.
        PatternFacts {
            variables: self.variables.drain(..).collect(),
            references: self.references.drain(..).collect(),
            selects: self.selects.drain(..).collect(),
            plain,
        }
    }

    fn walk_pattern(&mut self, p: &ast::Pattern<&str>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, e: &ast::Expression<&str>) {
        match e {
            ast::Expression::Inline(i) => self.inline(i),
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
                    ast::InlineExpression::VariableReference { id } => Some(self.name(id.name)),
                    ast::InlineExpression::FunctionReference { arguments, .. } => {
                        match arguments.positional.first() {
                            Some(ast::InlineExpression::VariableReference { id }) => {
                                Some(self.name(id.name))
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let literal = match selector {
                    ast::InlineExpression::NumberLiteral { value } => Some((*value).into()),
                    _ => None,
                };
                let pos = self.inline_pos(selector);
                let keys = variants
                    .iter()
                    .map(|v| {
                        let (k, numeric) = match &v.key {
                            ast::VariantKey::Identifier { name } => (*name, false),
                            ast::VariantKey::NumberLiteral { value } => (*value, true),
                        };
                        Key {
                            name: self.name(k),
                            pos: self.pos_of(k),
                            numeric,
                        }
                    })
                    .collect();
                let digits = variants.iter().any(|v| {
                    v.value.elements.iter().any(|e| {
                        matches!(e, ast::PatternElement::TextElement { value }
                            if value.bytes().any(|b| b.is_ascii_digit()))
                    })
                });
                let texts = if digits {
                    variants.iter().map(|v| text_of(&v.value).into()).collect()
                } else {
                    Box::default()
                };
                // Pushed before the variants' own selects: outermost first.
                self.selects.push(Select {
                    pos,
                    number_call,
                    keys,
                    default: variants.iter().position(|v| v.default).unwrap_or(0),
                    texts,
                    literal,
                    variable,
                    fractions,
                });
                // A selector decides, it prints nothing.
                self.in_selector += 1;
                self.inline(selector);
                self.in_selector -= 1;
                for v in variants {
                    self.walk_pattern(&v.value);
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

    fn inline(&mut self, i: &ast::InlineExpression<&str>) {
        use ast::InlineExpression as I;
        match i {
            I::StringLiteral { .. } | I::NumberLiteral { .. } => {}
            I::VariableReference { id } => {
                let shown = self.in_selector == 0;
                match self.variables.iter_mut().find(|v| &*v.name == id.name) {
                    Some(v) => v.shown |= shown,
                    None => {
                        let pos = self.pos_of_prefixed(id.name, 1);
                        let name = self.name(id.name);
                        self.variables.push(Variable { name, pos, shown });
                    }
                }
            }
            I::MessageReference { id, attribute } => {
                let name = match attribute {
                    Some(a) => self.joined(&[id.name, ".", a.name]),
                    None => self.name(id.name),
                };
                let pos = self.pos_of(id.name);
                self.references.push((name, pos));
            }
            I::TermReference {
                id,
                attribute,
                arguments,
            } => {
                let name = match attribute {
                    Some(a) => self.joined(&["-", id.name, ".", a.name]),
                    None => self.joined(&["-", id.name]),
                };
                let pos = self.pos_of_prefixed(id.name, 1);
                self.references.push((name, pos));
                // Term arguments are parameters of the term, but the values
                // passed may still be message variables.
                if let Some(args) = arguments {
                    self.arguments(args);
                }
            }
            I::FunctionReference { arguments, .. } => self.arguments(arguments),
            I::Placeable { expression } => self.expression(expression),
        }
    }

    fn arguments(&mut self, args: &ast::CallArguments<&str>) {
        for p in &args.positional {
            self.inline(p);
        }
        for n in &args.named {
            self.inline(&n.value);
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
        let ids: Vec<_> = f.entries.iter().map(|e| &*e.id).collect();
        assert_eq!(ids, ["hello", "-brand", "count"]);
        assert_eq!(f.entries[1].pos, Pos { line: 2, col: 1 });
        let hello = f.entries[0].value.as_ref().unwrap();
        assert_eq!(&*hello.variables[0].name, "name");
        assert_eq!(hello.variables[0].pos, Pos { line: 1, col: 14 });
        let count = &f.entries[2];
        let v = count.value.as_ref().unwrap();
        assert_eq!(v.selects.len(), 1);
        assert_eq!(&*v.selects[0].keys[0].name, "one");
        let refs: Vec<_> = v.references.iter().map(|r| &*r.0).collect();
        assert_eq!(refs, ["-brand", "hello"]);
        assert_eq!(&*count.attributes[0].name, "title");
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
        let got: Vec<(String, Pos)> = f
            .entries
            .iter()
            .map(|e| (e.id.to_string(), e.pos))
            .collect();
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

    /// What the summary keeps of a pattern: a variable only selected on is
    /// not shown (one printed later is), variant text only when a digit is
    /// in it, plain text only for `.style`.
    #[test]
    fn summaries_keep_what_the_rules_read() {
        let text = "a = { $n ->\n    [one] one\n   *[other] many\n}\n\
                    b = { $n ->\n    [one] 1 tab\n   *[other] { $n } tabs\n}\n    .style = width: 2em\n    .title = T\n";
        let f = read("x.ftl".into(), "x.ftl".into(), text);
        let a = f.entries[0].value.as_ref().unwrap();
        assert!(!a.variables[0].shown);
        assert!(a.selects[0].texts.is_empty());
        let b = &f.entries[1];
        let v = b.value.as_ref().unwrap();
        assert!(v.variables[0].shown);
        let texts: Vec<&str> = v.selects[0].texts.iter().map(|t| &**t).collect();
        assert_eq!(texts, ["1 tab", " tabs"]);
        assert_eq!(b.attributes[0].facts.plain.as_deref(), Some("width: 2em"));
        assert_eq!(b.attributes[1].facts.plain, None);
        assert!(f.entries.iter().all(|e| e.first));
    }

    #[test]
    fn entries_after_a_syntax_error_are_kept() {
        let text = "a = A\nb = { $x }}\nc = C\n";
        let f = read("x.ftl".into(), "x.ftl".into(), text);
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].line, 2);
        let ids: Vec<_> = f.entries.iter().map(|e| &*e.id).collect();
        assert_eq!(ids, ["a", "c"]);
    }
}
