//! CSS in `.style` attributes: a translation may change lengths, not what
//! is styled or in which unit.

use std::collections::BTreeMap;

use super::{pattern_pairs, PatternPair};
use crate::check::{Context, Finding, Severity};

/// **What it does:** compares each translated `.style` attribute that is
/// plain text with the reference's: the translation must be CSS
/// declarations (`prop: value; …`) when the reference is
/// (`style-not-css`, error); a property only one side sets, or a length in
/// another unit (`min-width: 23em` → `23px`), is `style-mismatch`
/// (warning). Lengths themselves may change: that is what the attribute is
/// localised for. Parity with compare-locales, which checks the width and
/// height properties only; this rule compares every property.
///
/// **Why it matters:** a dialog sized in `em` grows with the font; in `px`
/// it cuts the translated label off at large font sizes, and a misspelt
/// declaration is dropped by the browser without a word.
///
/// **Example:** `en`: `.style = min-width: 23em`; `ru`: `.style =
/// min-width: 23px` → `warning[style-mismatch] units for min-width differ
/// (px, reference em)`.
pub fn style_css(cx: &Context, out: &mut Vec<Finding>) {
    for PatternPair {
        loc,
        file,
        entry,
        attr,
        ours,
        theirs,
    } in pattern_pairs(cx).iter().copied()
    {
        if attr != Some("style") {
            continue;
        }
        let (Some(ours_text), Some(theirs_text)) = (&ours.plain, &theirs.plain) else {
            continue;
        };
        let Ok(reference) = declarations(theirs_text) else {
            continue;
        };
        let pos = entry.attribute("style").map_or(entry.pos, |a| a.pos);
        let at =
            |severity, code| Finding::new(severity, code, &loc.name, &file.path, pos).id(&entry.id);
        let translation = match declarations(ours_text) {
            Ok(t) => t,
            Err(bad) => {
                out.push(at(Severity::Error, "style-not-css").says(
                    format!("`.style` is not CSS declarations: `{bad}` is not `property: value`"),
                    format!(
                        "write declarations as the reference does: `{}`",
                        theirs_text.trim()
                    ),
                ));
                continue;
            }
        };
        let mut problems = Vec::new();
        for (prop, unit) in &translation {
            match reference.get(prop) {
                None => problems.push(format!("{prop} only in the translation")),
                Some(r) if r != unit => problems.push(format!(
                    "units for {prop} differ ({}, reference {})",
                    shown(unit),
                    shown(r)
                )),
                _ => {}
            }
        }
        for prop in reference.keys().filter(|p| !translation.contains_key(*p)) {
            problems.push(format!("{prop} only in the reference"));
        }
        if !problems.is_empty() {
            out.push(at(Severity::Warning, "style-mismatch").says(
                format!(
                    "`.style` differs from the reference: {}",
                    problems.join(", ")
                ),
                format!(
                    "keep the reference's properties and units: `{}`",
                    theirs_text.trim()
                ),
            ));
        }
    }
}

fn shown(unit: &str) -> &str {
    if unit.is_empty() {
        "no unit"
    } else {
        unit
    }
}

/// property → the unit of its value (`23em` → `em`, `0` → ``, `auto` →
/// `auto`), or the first piece that is not a declaration.
fn declarations(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for decl in text.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let Some((prop, value)) = decl.split_once(':') else {
            return Err(decl.to_string());
        };
        let (prop, value) = (prop.trim().to_ascii_lowercase(), value.trim());
        let valid_prop =
            !prop.is_empty() && prop.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid_prop || value.is_empty() {
            return Err(decl.to_string());
        }
        out.insert(prop, unit(value));
    }
    Ok(out)
}

/// The unit of a CSS value: the letters after a leading number, or the
/// whole value when it is a keyword.
fn unit(value: &str) -> String {
    let v = value.trim_start_matches(['+', '-']);
    let digits = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    if digits == 0 {
        value.to_ascii_lowercase()
    } else {
        v[digits..].trim().to_ascii_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_keep_units_and_refuse_what_is_not_css() {
        let d = declarations("min-width: 23em; height:10px;").unwrap();
        assert_eq!(d["min-width"], "em");
        assert_eq!(d["height"], "px");
        assert_eq!(declarations("width: auto").unwrap()["width"], "auto");
        assert_eq!(declarations("width 23em").unwrap_err(), "width 23em");
        assert!(declarations("").unwrap().is_empty());
    }
}
