//! A digit typed into a `[one]` variant where `one` is not only 1.

use super::plurals::PluralInfo;
use crate::check::{Context, Finding, Severity};

/// **What it does:** in locales whose plural category `one` takes numbers
/// besides 1 (ru, uk, be: 21, 31, 101, …), reports a `[one]` variant whose
/// text has the number 1 typed out (`one-hardcoded-number`, warning), with
/// the placeable to use instead.
///
/// **Why it matters:** the variant is chosen for 21 too, and then reads
/// "Удалена 1 страница" for 21 deleted pages. English has `[one] 1 tab`
/// safely, so a translation copied from it carries the bug in; no other
/// checker looks at variant text.
///
/// **Example:** `ru`: `{ $count -> [one] Удалена 1 страница … }` →
/// `warning[one-hardcoded-number]` "write `{ $count }` instead of 1".
pub fn one_hardcoded_number(cx: &Context, out: &mut Vec<Finding>) {
    for loc in std::iter::once(cx.reference).chain(cx.locales) {
        let Some(info) = PluralInfo::of(&loc.name) else {
            continue;
        };
        if !info.one_is_not_only_1() {
            continue;
        }
        for f in &loc.files {
            for e in &f.entries {
                for (_, p) in e.patterns() {
                    for s in &p.selects {
                        for (i, key) in s.keys.iter().enumerate() {
                            let lone_1 = s.texts.get(i).is_some_and(|t| has_lone_1(t));
                            if &*key.name != "one" || key.numeric || !lone_1 {
                                continue;
                            }
                            let placeable = s
                                .variable
                                .as_deref()
                                .map_or("the selected number's placeable".to_string(), |v| {
                                    format!("`{{ ${v} }}`")
                                });
                            let others: Vec<String> = info
                                .whole
                                .iter()
                                .filter(|(c, _)| *c == "one")
                                .flat_map(|(_, ns)| ns.iter().filter(|&&n| n != 1).take(3))
                                .map(u32::to_string)
                                .collect();
                            out.push(
                                Finding::new(
                                    Severity::Warning,
                                    "one-hardcoded-number",
                                    &loc.name,
                                    &f.path,
                                    key.pos,
                                )
                                .id(&e.id)
                                .says(
                                    format!(
                                        "[one] has the number 1 written out, but `{}` also chooses [one] for {}, …, which would read 1",
                                        loc.name,
                                        others.join(", ")
                                    ),
                                    format!("write {placeable} instead of 1"),
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Whether `text` has a 1 that is a number of its own (not in 10 or 1.5).
fn has_lone_1(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        let part_of_number = |j: Option<usize>| {
            j.and_then(|j| b.get(j))
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'.' | b','))
        };
        let glued_after = b.get(i + 1).is_some_and(|c| c.is_ascii_digit())
            || (matches!(b.get(i + 1), Some(b'.' | b',')) && part_of_number(Some(i + 2)));
        c == b'1' && !part_of_number(i.checked_sub(1)) && !glued_after
    })
}

#[cfg(test)]
mod tests {
    use super::has_lone_1;

    #[test]
    fn a_lone_1_is_told_from_numbers_containing_it() {
        assert!(has_lone_1("Удалена 1 страница"));
        assert!(has_lone_1("1 файл"));
        assert!(has_lone_1("файл: 1."));
        for t in [
            "10 файлов",
            "21 файл",
            "1.5 км",
            "1,5 км",
            "страница",
            "0,1",
        ] {
            assert!(!has_lone_1(t), "{t}");
        }
    }
}
