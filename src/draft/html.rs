//! The review page: one self-contained HTML file per target language (no
//! scripts, no network) listing every segment with its suggestion, score,
//! the diff of the stored source against the new source, and provenance.
//! Readable on a laptop and printable (a print stylesheet drops colours to
//! borders and keeps rows whole).

use std::fmt::Write as _;

use super::{Category, Draft, Summary};
use crate::tm::diff::{Kind, Op};
use crate::xml::escape;

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}
th,td{border-top:1px solid #ccc;padding:.5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.id{white-space:nowrap;color:#555}
.score{display:inline-block;min-width:2.6rem;text-align:center;border-radius:.3rem;padding:0 .3rem;font-weight:600}
.context,.exact{background:#d7f0d7}.fuzzy{background:#fff0c2}.none{background:#f8d4d4}
del{background:#f8d4d4;text-decoration:line-through}ins{background:#d7f0d7;text-decoration:none;border-bottom:2px solid #2a7a2a}
.prov{color:#555;font-size:.85rem}.summary{margin:1rem 0}
@media print{body{margin:0;font-size:11px}tr{break-inside:avoid}.score{border:1px solid #000}
del{border:1px dashed #000}ins{border-bottom:2px solid #000}}";

/// The review page for `draft` of the event `title`.
pub fn write(draft: &Draft, title: &str, summary: &Summary) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Review: {} ({} → {})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Review: {} ({} → {})</h1>\n",
        escape(&draft.to),
        escape(title),
        escape(&draft.from),
        escape(&draft.to),
        escape(title),
        escape(&draft.from),
        escape(&draft.to)
    );
    let _ = writeln!(
        out,
        "<p class=\"summary\">{} segments: {} context, {} exact, {} fuzzy, {} without a match. {:.0}% of {} source words come from the memory.</p>",
        summary.context + summary.exact + summary.fuzzy + summary.none,
        summary.context,
        summary.exact,
        summary.fuzzy,
        summary.none,
        summary.covered_percent(),
        summary.words
    );
    out.push_str("<table>\n<thead><tr><th>Segment</th><th>Source</th><th>Suggested target</th><th>Score</th><th>Stored source: what changed</th><th>From</th></tr></thead>\n<tbody>\n");
    for seg in draft.paragraphs.iter().flat_map(|(_, s)| s) {
        let class = seg.category.as_str();
        let best = seg.candidates.first();
        let score = best.map_or("—".to_string(), |m| m.score.to_string());
        let target = match seg.category {
            Category::None => "<em>no match: translate</em>".to_string(),
            _ => escape(&seg.target),
        };
        let diff = best.map(|m| diff_html(&m.diff)).unwrap_or_default();
        let prov = best
            .map(|m| escape(&super::xliff::origin(m)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"id\">{}</td><td>{}</td><td>{target}</td><td><span class=\"score {class}\">{score}</span></td><td class=\"diff\">{diff}</td><td class=\"prov\">{prov}</td></tr>",
            escape(&seg.id),
            escape(&seg.source)
        );
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

/// A word diff as HTML: deletions in `<del>`, insertions in `<ins>`.
pub fn diff_html(ops: &[Op]) -> String {
    ops.iter()
        .map(|op| match op.op {
            Kind::Equal => escape(&op.text),
            Kind::Delete => format!("<del>{}</del>", escape(&op.text)),
            Kind::Insert => format!("<ins>{}</ins>", escape(&op.text)),
        })
        .collect()
}
