//! Integration tests: conventions every command follows.

use crate::common::{root, run, tilmech};

#[test]
fn every_command_has_help_with_examples() {
    for command in [
        vec!["render"],
        vec!["grammar"],
        vec!["check"],
        vec!["tm"],
        vec!["draft"],
        vec!["review"],
        vec!["new"],
        vec!["terms"],
        vec!["qa"],
        vec!["serve"],
        vec!["user"],
        vec!["segment"],
        vec!["completions"],
        vec!["man"],
        vec!["tm", "import"],
        vec!["tm", "export"],
        vec!["tm", "lookup"],
        vec!["tm", "search"],
        vec!["tm", "align"],
        vec!["tm", "stats"],
        vec!["term", "add"],
    ] {
        let (code, out, err) = run(tilmech(&root()).args(&command).arg("--help"));
        assert_eq!(code, 0, "{command:?}: {err}");
        assert!(
            out.contains("Examples:"),
            "`tilmech {} --help` shows no examples:\n{out}",
            command.join(" ")
        );
    }
}

#[test]
fn usage_errors_exit_with_code_2() {
    let (code, _, err) = run(tilmech(&root()).args(["render", "--format", "pdf", "x.toml"]));
    assert_eq!(code, 2);
    assert!(err.contains("pdf"));
    let (code, _, err) = run(tilmech(&root()).args(["render", "no-such-event.toml"]));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-event.toml"), "{err}");
}

#[test]
fn colour_is_off_with_no_color() {
    let (_, out, _) = run(tilmech(&root()).args(["grammar", "ky", "case", "Ош"]));
    assert!(
        !out.contains('\u{1b}'),
        "escape codes despite NO_COLOR: {out:?}"
    );
}
