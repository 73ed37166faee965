//! Reference cycles: a message or term that reaches itself through its
//! references can never be rendered.

use rustc_hash::FxHashSet as HashSet;

use crate::check::ftl::PatternFacts;
use crate::check::{Context, Finding, Locale, Pos, Severity};

/// One pattern: (file, entry, attribute index or `VALUE`).
type Node = (usize, usize, usize);
const VALUE: usize = usize::MAX;
/// A step of the walk: the pattern, what it references, and the next
/// reference to follow.
type Step = (Node, Vec<(Node, Pos)>, usize);

/// **What it does:** follows every message and term reference, in every
/// locale including the reference, and reports each cycle once
/// (`reference-cycle`, error), spelled out (`-brand → -brand-alt → -brand`),
/// at the reference that closes it in the cycle's first entry in file
/// order. Attributes are their own patterns, as in Fluent: `a = { a.title }`
/// is not a cycle. The walk is iterative, so a chain of 100,000 messages
/// cannot overflow the stack.
///
/// **Why it matters:** Fluent stops a cyclic reference at render time and
/// prints the id in braces instead of text; nothing before the render
/// says so, and compare-locales does not look for cycles.
///
/// **Example:** `-brand = { -brand-alt }` and `-brand-alt = { -brand }` →
/// `error[reference-cycle] -brand: -brand → -brand-alt → -brand`.
pub fn reference_cycle(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        cycles_in(loc, out);
    }
}

fn facts(loc: &Locale, (f, e, a): Node) -> &PatternFacts {
    let entry = &loc.files[f].entries[e];
    match a {
        VALUE => entry.value.as_ref().expect("value nodes have a value"),
        a => &entry.attributes[a].facts,
    }
}

fn name(loc: &Locale, (f, e, a): Node) -> String {
    let entry = &loc.files[f].entries[e];
    match a {
        VALUE => entry.id.to_string(),
        a => format!("{}.{}", entry.id, entry.attributes[a].name),
    }
}

/// The patterns `node` references that exist, with where each reference is.
fn edges(loc: &Locale, node: Node) -> Vec<(Node, Pos)> {
    facts(loc, node)
        .references
        .iter()
        .filter_map(|(r, pos)| {
            let (id, attr) = match r.split_once('.') {
                Some((id, a)) => (id, Some(a)),
                None => (&**r, None),
            };
            let &(f, e) = loc.index.get(id)?;
            let entry = &loc.files[f].entries[e];
            let a = match attr {
                None => {
                    entry.value.as_ref()?;
                    VALUE
                }
                Some(a) => entry.attributes.iter().position(|x| &*x.name == a)?,
            };
            Some(((f, e, a), *pos))
        })
        .collect()
}

/// Each pattern's place in the walk, in one flat array (a hash map of
/// nodes was most of this rule's time on a 100k-message file).
struct States {
    /// Per file, per entry: the slot of its value; its attributes follow.
    base: Vec<Vec<usize>>,
    /// 0 = not reached, 1 = on the current path, 2 = done.
    state: Vec<u8>,
}

impl States {
    fn new(loc: &Locale) -> Self {
        let mut next = 0;
        let base = loc
            .files
            .iter()
            .map(|f| {
                f.entries
                    .iter()
                    .map(|e| {
                        let at = next;
                        next += 1 + e.attributes.len();
                        at
                    })
                    .collect()
            })
            .collect();
        States {
            base,
            state: vec![0; next],
        }
    }

    fn slot(&mut self, (f, e, a): Node) -> &mut u8 {
        let at = self.base[f][e] + if a == VALUE { 0 } else { a + 1 };
        &mut self.state[at]
    }
}

fn cycles_in(loc: &Locale, out: &mut Vec<Finding>) {
    let mut state = States::new(loc);
    let mut reported: HashSet<Vec<Node>> = HashSet::default();
    for (fi, f) in loc.files.iter().enumerate() {
        for (ei, e) in f.entries.iter().enumerate() {
            if loc.index.get(&e.id) != Some(&(fi, ei)) {
                continue;
            }
            let roots = e.value.iter().map(|_| VALUE).chain(0..e.attributes.len());
            for a in roots {
                let root = (fi, ei, a);
                if *state.slot(root) != 0 {
                    continue;
                }
                let mut path: Vec<Step> = vec![(root, edges(loc, root), 0)];
                *state.slot(root) = 1;
                while let Some((node, next, i)) = path.last_mut() {
                    let Some(&(to, _)) = next.get(*i) else {
                        *state.slot(*node) = 2;
                        path.pop();
                        continue;
                    };
                    *i += 1;
                    match *state.slot(to) {
                        0 => {
                            *state.slot(to) = 1;
                            let e = edges(loc, to);
                            path.push((to, e, 0));
                        }
                        1 => {
                            let start = path.iter().position(|(n, _, _)| *n == to).unwrap_or(0);
                            report(loc, &path[start..], &mut reported, out);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// Reports the cycle along `path` (each step's followed edge is the one
/// before its cursor), unless it was reported already.
fn report(loc: &Locale, path: &[Step], reported: &mut HashSet<Vec<Node>>, out: &mut Vec<Finding>) {
    let nodes: Vec<Node> = path.iter().map(|(n, _, _)| *n).collect();
    let first = (0..nodes.len()).min_by_key(|&i| nodes[i]).unwrap_or(0);
    let mut key = nodes.clone();
    key.rotate_left(first);
    if !reported.insert(key.clone()) {
        return;
    }
    let (node, next, i) = &path[first];
    let pos = next[i - 1].1;
    let mut spelled: Vec<String> = key.iter().map(|&n| name(loc, n)).collect();
    spelled.push(name(loc, key[0]));
    let file = &loc.files[node.0];
    let id = &file.entries[node.1].id;
    let message = if key.len() == 1 {
        format!("`{}` references itself", spelled[0])
    } else {
        format!("reference cycle: {}", spelled.join(" → "))
    };
    out.push(
        Finding::new(
            Severity::Error,
            "reference-cycle",
            &loc.name,
            &file.path,
            pos,
        )
        .id(id)
        .says(
            format!("{message}; Fluent cannot render it"),
            "write the text out in one of them, so the chain ends",
        ),
    );
}
