//! What changed between a stored source sentence and the query: a word-level
//! diff (Unicode word boundaries, via `similar`) as a list of [`Op`]s, shown
//! coloured in a terminal, as `[-old-]{+new+}` in plain text, or as JSON.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::output;

/// The kind of a diff operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Text in both.
    Equal,
    /// Text only in the stored source.
    Delete,
    /// Text only in the query.
    Insert,
}

/// One run of text with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op {
    /// What happened.
    pub op: Kind,
    /// The text.
    pub text: String,
}

/// The word-level diff turning `stored` into `query`; consecutive changes of
/// one kind are joined, and a deletion always precedes its insertion.
/// Texts so different that the minimal diff takes longer than a quarter
/// of a second (Myers' diff is quadratic in the differences) get a correct
/// but coarser one.
pub fn diff(stored: &str, query: &str) -> Vec<Op> {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(250))
        .diff_unicode_words(stored, query);
    let mut ops: Vec<Op> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Kind::Equal,
            ChangeTag::Delete => Kind::Delete,
            ChangeTag::Insert => Kind::Insert,
        };
        match ops.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => ops.push(Op {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    ops
}

/// The diff as one line: `[-old-]{+new+}` marks, coloured (red deletions,
/// green insertions) when `colour` is on, in which case the marks stay so
/// that the change is visible without colour too.
pub fn render(ops: &[Op], colour: bool) -> String {
    let mut out = String::new();
    for op in ops {
        let piece = match op.op {
            Kind::Equal => op.text.clone(),
            Kind::Delete => format!("[-{}-]", op.text),
            Kind::Insert => format!("{{+{}+}}", op.text),
        };
        match (colour, op.op) {
            (true, Kind::Delete) => out.push_str(&output::paint(output::ERROR, &piece)),
            (true, Kind::Insert) => out.push_str(&output::paint(output::GOOD, &piece)),
            _ => out.push_str(&piece),
        }
    }
    out
}

/// The diff as a JSON array `[{"op":"delete","text":"…"}, …]`.
pub fn to_json(ops: &[Op]) -> serde_json::Value {
    serde_json::to_value(ops).expect("plain data serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_exactly_the_changed_word() {
        let ops = diff(
            "25 police officers took part.",
            "25 army officers took part.",
        );
        assert_eq!(
            render(&ops, false),
            "25 [-police-]{+army+} officers took part."
        );
        let changed: Vec<&Op> = ops.iter().filter(|o| o.op != Kind::Equal).collect();
        assert_eq!(changed.len(), 2);
        assert_eq!(
            serde_json::to_string(&to_json(&ops[1..3])).unwrap(),
            r#"[{"op":"delete","text":"police"},{"op":"insert","text":"army"}]"#
        );
    }

    #[test]
    fn works_on_cyrillic_and_marks_colour() {
        let ops = diff("Встреча в Бишкеке.", "Встреча в Оше.");
        assert_eq!(render(&ops, false), "Встреча в [-Бишкеке-]{+Оше+}.");
        let coloured = render(&ops, true);
        assert!(coloured.contains("\u{1b}["), "{coloured:?}");
        assert!(coloured.contains("[-Бишкеке-]"));
    }
}
