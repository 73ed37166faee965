//! XLIFF 2.0 drafts: the same content as the 1.2 ones ([`super::xliff`]) in
//! the 2.0 core and its Translation Candidates module, for the tools that
//! exchange 2.0 (current memoQ, Trados, OmegaT with the Okapi filters).
//!
//! One `<unit>` per sentence (id `p3.s2`, in a `<group>` per paragraph)
//! with one segment that may not be split or joined (`canResegment="no"`),
//! since its id is what import matches against the event. XLIFF 2.0 has
//! four states; tilmech's 1.2 states map onto them as docs/review.md
//! describes ([`state`]), the 1.2 `state-qualifier` becoming a `subState`
//! (`tilmech:exact-match`). Candidates go into `<mtc:matches>` with their
//! score as `matchQuality` (a context match, 101, is `type="icm"` at 100),
//! the diff and QA findings into `<notes>`, and `tilmech:drafted` (the
//! fingerprint of the target written) onto the unit, where 2.0 allows
//! other namespaces' attributes. A no-match segment has no `<target>`.

use std::fmt::Write as _;

use super::xliff::{fingerprint, match_note, origin, qa_note, Layout, TILMECH_NS};
use super::Draft;
use crate::xml::escape;

/// The XLIFF 2.0 core namespace (2.1 files use it too).
pub const CORE_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The Translation Candidates module's namespace.
pub const MATCHES_NS: &str = "urn:oasis:names:tc:xliff:matches:2.0";

/// The segment states XLIFF 2.0 defines (custom ones go into `subState`).
pub const STATES: [&str; 4] = ["initial", "translated", "reviewed", "final"];

/// The XLIFF 2.0 state for a state tilmech's 1.2 drafts write: 2.0 has
/// one state before translation (`initial`) where 1.2 has several.
pub fn state(state_1_2: &str) -> &'static str {
    match state_1_2 {
        "final" => "final",
        "signed-off" => "reviewed",
        "translated" => "translated",
        _ => "initial",
    }
}

/// Writes `draft` as an XLIFF 2.0 document laid out as `layout` says;
/// `original` names the event file.
pub fn write(draft: &Draft, original: &str, layout: Layout) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"{CORE_NS}\" xmlns:mtc=\"{MATCHES_NS}\" xmlns:tilmech=\"{TILMECH_NS}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n  <file id=\"f1\" original=\"{}\">\n",
        escape(&draft.from),
        escape(&draft.to),
        escape(original),
    );
    for (p, segs) in &draft.paragraphs {
        let _ = writeln!(
            out,
            "    <group id=\"p{}\" name=\"paragraph {}\">",
            p + 1,
            p + 1
        );
        for s in segs {
            let (target, state_1_2, qualifier) = layout.target(s);
            let _ = writeln!(
                out,
                "      <unit id=\"{}\" xml:space=\"preserve\" tilmech:drafted=\"{}\">",
                s.id,
                fingerprint(target)
            );
            if !s.candidates.is_empty() {
                out.push_str("        <mtc:matches>\n");
                for (i, m) in s.candidates.iter().take(3).enumerate() {
                    // 2.0 scores run to 100; a context match is an in-context one.
                    let kind = if m.score > 100 { "icm" } else { "tm" };
                    let _ = write!(
                        out,
                        "          <mtc:match id=\"m{}\" ref=\"#s1\" type=\"{kind}\" matchQuality=\"{}\" origin=\"{}\">\n            <source>{}</source>\n            <target>{}</target>\n          </mtc:match>\n",
                        i + 1,
                        m.score.min(100),
                        escape(&origin(m)),
                        escape(&m.source),
                        escape(&m.target)
                    );
                }
                out.push_str("        </mtc:matches>\n");
            }
            // As in 1.2: the match note at the default priority, QA findings at theirs.
            let notes: Vec<(String, String)> = match_note(s)
                .map(|n| ("category=\"tilmech\"".to_string(), n))
                .into_iter()
                .chain(s.findings.iter().map(|f| {
                    let (priority, text) = qa_note(f);
                    let attrs = format!("category=\"tilmech-qa\" priority=\"{priority}\"");
                    (attrs, text)
                }))
                .collect();
            if !notes.is_empty() {
                out.push_str("        <notes>\n");
                for (attrs, text) in notes {
                    let _ = writeln!(out, "          <note {attrs}>{}</note>", escape(&text));
                }
                out.push_str("        </notes>\n");
            }
            let sub_state = qualifier
                .map(|q| format!(" subState=\"tilmech:{q}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "        <segment id=\"s1\" canResegment=\"no\" state=\"{}\"{sub_state}>\n          <source>{}</source>",
                state(state_1_2),
                escape(&s.source)
            );
            if !target.is_empty() {
                let _ = writeln!(out, "          <target>{}</target>", escape(target));
            }
            out.push_str("        </segment>\n      </unit>\n");
        }
        out.push_str("    </group>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::xliff::{self, Cat, Reviewed, Version};
    use super::super::{Category, SegmentDraft};
    use super::*;
    use crate::tm::lookup::Match;
    use crate::tm::unit::{Provenance, Unit};

    fn candidate(score: u8, source: &str, target: &str) -> Match {
        Match {
            id: 1,
            score,
            source: source.into(),
            target: target.into(),
            numbers_carried: true,
            diff: Vec::new(),
            unit: Unit {
                segments: Default::default(),
                provenance: Provenance {
                    document: Some("2021-02-10-justice".into()),
                    ..Provenance::default()
                },
            },
        }
    }

    fn segment(id: &str, category: Category, source: &str, candidates: Vec<Match>) -> SegmentDraft {
        let target = candidates
            .first()
            .map_or(source.to_string(), |m| m.target.clone());
        SegmentDraft {
            id: id.into(),
            source: source.into(),
            category,
            target,
            candidates,
            findings: Vec::new(),
        }
    }

    /// A draft with a context match, a fuzzy suggestion and a sentence without match.
    fn draft() -> Draft {
        Draft {
            from: "en".into(),
            to: "ky".into(),
            paragraphs: vec![(
                0,
                vec![
                    segment(
                        "p1.s1",
                        Category::Context,
                        "It agreed.",
                        vec![candidate(101, "It agreed.", "Ал макул болду.")],
                    ),
                    segment(
                        "p1.s2",
                        Category::Fuzzy,
                        "He asked the OSCE to help & advise.",
                        vec![candidate(
                            80,
                            "He asked the OSCE to help.",
                            "Ал ЕККУдан жардам сурады.",
                        )],
                    ),
                    segment("p1.s3", Category::None, "The <meeting> closed.", Vec::new()),
                ],
            )],
        }
    }

    /// `draft` written in `layout` and read back.
    fn read_back(layout: Layout, name: &str) -> (String, xliff::ReviewFile) {
        let text = xliff::write(&draft(), "../events/e.toml", layout);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/test-tmp")
            .join(format!("{name}-{}.xlf", std::process::id()));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        let file = xliff::read(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        (text, file)
    }

    #[test]
    fn a_2_0_draft_reads_back_as_its_1_2_twin_with_states_mapped() {
        for approve_exact in [false, true] {
            let layout = |version| Layout {
                cat: Cat::Standard,
                approve_exact,
                version,
            };
            let (_, old) = read_back(layout(Version::V1_2), "xliff12-twin");
            let (text, new) = read_back(layout(Version::V2_0), "xliff20-twin");
            assert_eq!(new.version, Version::V2_0);
            assert_eq!(
                (&new.original, &new.from, &new.to),
                (&old.original, &old.from, &old.to)
            );
            assert_eq!(new.units.len(), 3, "{text}");
            for (a, b) in old.units.iter().zip(&new.units) {
                let same = |u: &Reviewed| (u.id.clone(), u.source.clone(), u.target.clone());
                assert_eq!(same(a), same(b), "{text}");
                assert_eq!(a.approved, b.approved, "{}: {text}", a.id);
                assert_eq!(a.drafted, b.drafted, "{}", a.id);
                assert_eq!(
                    state(a.state.as_deref().unwrap()),
                    b.state.as_deref().unwrap(),
                    "{}",
                    a.id
                );
                assert_eq!(a.untouched(), b.untouched(), "{}", a.id);
                assert_eq!(b.changed(), Some(false), "{}", a.id);
            }
            let first = if approve_exact { "final" } else { "translated" };
            let states: Vec<_> = new.units.iter().map(|u| u.state.clone().unwrap()).collect();
            assert_eq!(states, [first, "initial", "initial"]);
        }
    }

    #[test]
    fn candidates_go_into_the_matches_module_with_their_quality() {
        let (text, _) = read_back(
            Layout {
                version: Version::V2_0,
                ..Layout::default()
            },
            "xliff20-matches",
        );
        // A context match is in-context at 2.0's top score of 100.
        assert!(text.contains("<mtc:match id=\"m1\" ref=\"#s1\" type=\"icm\" matchQuality=\"100\" origin=\"tm:2021-02-10-justice\">"), "{text}");
        assert!(text.contains("type=\"tm\" matchQuality=\"80\""), "{text}");
        assert!(text.contains("state=\"initial\" subState=\"tilmech:fuzzy-match\""));
        assert!(text.contains("state=\"translated\" subState=\"tilmech:exact-match\""));
        assert!(text.contains("<note category=\"tilmech\">fuzzy match 80:"));
        assert!(text.contains("help &amp; advise"));
        // No match: the segment has a source and no target.
        let last = text.split("<unit id=\"p1.s3\"").nth(1).unwrap();
        assert!(!last.contains("<target>"), "{last}");
    }
}
