//! Completeness against the reference locale: files, messages, terms,
//! values and attributes that are missing or obsolete, and duplicates.

use super::{entry, kind, pairs};
use crate::check::{Context, Finding, Pos, Severity};
use rustc_hash::FxHashSet as HashSet;

/// **What it does:** reports each translation asked for that has no folder.
///
/// **Why it matters:** a release cannot be published in a language whose
/// strings do not exist at all.
///
/// **Example:** `--locales ky` without `locales/ky/` → `error[missing-locale]`.
pub fn missing_locale(cx: &Context, out: &mut Vec<Finding>) {
    for (name, dir) in cx.absent {
        out.push(
            Finding::new(Severity::Error, "missing-locale", name, dir, Pos::default()).says(
                format!("locale `{name}` has no folder"),
                format!(
                    "create {} with a translation of every reference file",
                    dir.display()
                ),
            ),
        );
    }
}

/// **What it does:** reports reference files that a translation lacks
/// (`missing-file`, error) and translation files the reference no longer
/// has (`obsolete-file`, warning).
///
/// **Why it matters:** a missing file means every message in it is missing;
/// one finding per file keeps the report readable.
///
/// **Example:** `en/main.ftl` exists, `ky/main.ftl` does not →
/// `error[missing-file] ky: main.ftl is missing (12 messages)`.
pub fn files(cx: &Context, out: &mut Vec<Finding>) {
    for loc in cx.locales {
        for rf in &cx.reference.files {
            // An unreadable file is reported as such, not as missing.
            if loc.file(&rf.rel).is_none() && !loc.unread.iter().any(|u| u.rel == rf.rel) {
                let path = loc.dir.join(&rf.rel);
                out.push(
                    Finding::new(
                        Severity::Error,
                        "missing-file",
                        &loc.name,
                        &path,
                        Pos::default(),
                    )
                    .says(
                        format!(
                            "{} is missing ({} entries to translate)",
                            rf.rel,
                            rf.entries.len()
                        ),
                        format!("translate {}", rf.path.display()),
                    ),
                );
            }
        }
        for lf in &loc.files {
            if cx.reference.file(&lf.rel).is_none() {
                out.push(
                    Finding::new(
                        Severity::Warning,
                        "obsolete-file",
                        &loc.name,
                        &lf.path,
                        Pos::default(),
                    )
                    .says(
                        format!("the reference has no {}", lf.rel),
                        "delete the file, or move its messages to the file the reference now uses",
                    ),
                );
            }
        }
    }
}

/// **What it does:** compares the messages and terms of each translated file
/// with its reference file: an id the reference has and the translation
/// lacks is `missing-message` / `missing-term` (error); an id only the
/// translation has is `obsolete-message` / `obsolete-term` (warning).
///
/// **Why it matters:** a missing message renders as the raw id or falls back
/// to English in the middle of a Kyrgyz release; an obsolete one is dead
/// weight that translators keep maintaining.
///
/// **Example:** `en/main.ftl` has `release-title`, `ru/main.ftl` does not →
/// `error[missing-message] ru/main.ftl: release-title`.
pub fn entries(cx: &Context, out: &mut Vec<Finding>) {
    for (loc, rf, lf) in pairs(cx) {
        let Some(lf) = lf else { continue };
        for re in rf.entries.iter().filter(|e| e.first) {
            // An entry lost to a syntax error is that error's finding.
            if lf.entry(&re.id).is_none() && !lf.broken.contains(&*re.id) {
                let code = if re.is_term {
                    "missing-term"
                } else {
                    "missing-message"
                };
                // Where the reference has it, as near as the file allows:
                // the place a translator would add it.
                let near = Pos {
                    line: re.pos.line.min(lf.lines),
                    col: 1,
                };
                out.push(
                    Finding::new(Severity::Error, code, &loc.name, &lf.path, near)
                        .no_frame()
                        .id(&re.id)
                        .says(
                            format!("{} `{}` is missing", kind(&re.id), re.id),
                            format!("translate it from {}:{}", rf.path.display(), re.pos.line),
                        ),
                );
            }
        }
        for le in &lf.entries {
            if le.first && rf.entry(&le.id).is_none() {
                let code = if le.is_term {
                    "obsolete-term"
                } else {
                    "obsolete-message"
                };
                out.push(
                    Finding::new(Severity::Warning, code, &loc.name, &lf.path, le.pos)
                        .id(&le.id)
                        .says(
                            format!("{} `{}` is not in the reference", kind(&le.id), le.id),
                            "delete it, or rename it to the id the reference uses now",
                        ),
                );
            }
        }
    }
}

/// **What it does:** reports an id defined twice in one file
/// (`duplicate-id`) and an attribute given twice in one entry
/// (`duplicate-attribute`), in every locale including the reference.
///
/// **Why it matters:** Fluent keeps only one of them, and which one depends
/// on the loader: the translator's edit may be the one thrown away.
///
/// **Example:** two `release-title =` lines in `ru/main.ftl` →
/// `error[duplicate-id] ru/main.ftl:14:1`.
pub fn duplicates(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        for f in &loc.files {
            for e in &f.entries {
                if !e.first {
                    let line = f.entry(&e.id).map_or(0, |d| d.pos.line);
                    out.push(
                        Finding::new(Severity::Error, "duplicate-id", &loc.name, &f.path, e.pos)
                            .id(&e.id)
                            .says(
                                format!("`{}` is already defined on line {line}", e.id),
                                "keep one definition and delete the other",
                            ),
                    );
                }
                let mut names = HashSet::default();
                for a in &e.attributes {
                    if !names.insert(&*a.name) {
                        out.push(
                            Finding::new(
                                Severity::Error,
                                "duplicate-attribute",
                                &loc.name,
                                &f.path,
                                a.pos,
                            )
                            .id(&e.id)
                            .says(
                                format!("attribute `.{}` of `{}` is given twice", a.name, e.id),
                                "keep one of them",
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// **What it does:** for each message present in both the reference and a
/// translation, compares their shape: a value the reference has and the
/// translation lacks is `missing-value` (error), the reverse
/// `obsolete-value` (warning); an attribute missing from the translation is
/// `missing-attribute` (error), an extra one `obsolete-attribute` (warning).
///
/// **Why it matters:** a template that asks for `headline.title` gets
/// nothing when the translation forgot the attribute.
///
/// **Example:** `en`: `link = Read more` / `.title = Opens the page`;
/// `ky`: `link = Толугураак` → `error[missing-attribute] link.title`.
pub fn value_and_attributes(cx: &Context, out: &mut Vec<Finding>) {
    for (loc, rf, lf) in pairs(cx) {
        let Some(lf) = lf else { continue };
        for le in lf.entries.iter().filter(|e| e.first) {
            let Some(re) = entry(rf, &le.id) else {
                continue;
            };
            let at = |p: Pos| Finding::new(Severity::Error, "", &loc.name, &lf.path, p).id(&le.id);
            if !le.is_term {
                match (re.value.is_some(), le.value.is_some()) {
                    (true, false) => out.push(
                        Finding {
                            code: "missing-value",
                            ..at(le.pos)
                        }
                        .says(
                            format!("`{}` has no value but the reference has one", le.id),
                            "translate the value, not only the attributes",
                        ),
                    ),
                    (false, true) => out.push(
                        Finding {
                            code: "obsolete-value",
                            severity: Severity::Warning,
                            ..at(le.pos)
                        }
                        .says(
                            format!("`{}` has a value but the reference has none", le.id),
                            "delete the value; only the attributes are used",
                        ),
                    ),
                    _ => {}
                }
            }
            for ra in &re.attributes {
                if le.attribute(&ra.name).is_none() {
                    out.push(
                        Finding {
                            code: "missing-attribute",
                            ..at(le.pos)
                        }
                        .says(
                            format!("attribute `.{}` of `{}` is missing", ra.name, le.id),
                            format!("translate it from {}:{}", rf.path.display(), ra.pos.line),
                        ),
                    );
                }
            }
            let mut seen = HashSet::default();
            for la in &le.attributes {
                if re.attribute(&la.name).is_none() && seen.insert(&*la.name) {
                    out.push(
                        Finding {
                            code: "obsolete-attribute",
                            severity: Severity::Warning,
                            ..at(la.pos)
                        }
                        .says(
                            format!(
                                "attribute `.{}` of `{}` is not in the reference",
                                la.name, le.id
                            ),
                            "delete it, or rename it to the attribute the reference uses",
                        ),
                    );
                }
            }
        }
    }
}
