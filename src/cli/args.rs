//! Options that several commands share, defined once and flattened into
//! each, so that the same thing has the same flag, short flag, metavar and
//! help everywhere (the vocabulary table in the README).

use std::path::{Path, PathBuf};

/// `-l/--lang LANG,…`: the languages a command works on.
#[derive(clap::Args, Clone, Default)]
pub struct Langs {
    /// Languages, comma-separated, e.g. en,ru,ky (what they select here,
    /// and the default, are in the notes below).
    #[arg(
        short = 'l',
        long = "lang",
        alias = "langs",
        alias = "locales",
        value_name = "LANG,…",
        value_delimiter = ',',
        value_parser = lang_code
    )]
    pub lang: Vec<String>,
}

impl Langs {
    /// The codes as given, each once (a TSV column stored under the wrong
    /// language, or a locale checked twice, cannot be told apart later).
    pub fn checked(&self) -> anyhow::Result<Vec<String>> {
        no_repeats(&self.lang)
    }

    /// The codes lowercased (`EN` → `en`, the locale folder's name), each
    /// once: `EN,en` would otherwise render one release twice.
    pub fn lowercase(&self) -> anyhow::Result<Vec<String>> {
        no_repeats(
            &self
                .lang
                .iter()
                .map(|l| l.to_ascii_lowercase())
                .collect::<Vec<_>>(),
        )
    }

    /// The codes lowercased and reduced to their primary subtag (`en-US`,
    /// `EN_gb` → `en`), each once: the memory keeps one text per language.
    pub fn primary(&self) -> anyhow::Result<Vec<String>> {
        no_repeats(&self.lang.iter().map(|l| primary(l)).collect::<Vec<_>>())
    }

    /// The one language of a command that takes exactly one, if given.
    pub fn one(&self) -> anyhow::Result<Option<String>> {
        match self.primary()?.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            many => anyhow::bail!(
                "--lang: this command takes one language, got {}",
                many.join(",")
            ),
        }
    }
}

fn no_repeats(codes: &[String]) -> anyhow::Result<Vec<String>> {
    for (i, code) in codes.iter().enumerate() {
        if codes[..i].contains(code) {
            anyhow::bail!("--lang: `{code}` is named twice; name each language once");
        }
    }
    Ok(codes.to_vec())
}

/// A language code's lowercase primary subtag.
pub fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// One language code as written: a two- or three-letter primary subtag
/// (ISO 639), then optional `-`/`_` subtags of letters and digits.
pub fn lang_code(s: &str) -> Result<String, String> {
    let code = s.trim();
    let mut parts = code.split(['-', '_']);
    let first = parts.next().unwrap_or_default();
    let ok = (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(code.to_string())
    } else {
        Err(format!(
            "expected a language code such as `en`, `ru`, `ky` or `en-US`, got `{s}`"
        ))
    }
}

/// One language code for `--from`/`--to`, reduced to its primary subtag.
pub fn one_lang(s: &str) -> Result<String, String> {
    lang_code(s).map(|c| primary(&c))
}

/// `-f/--format`: what a command prints.
#[derive(clap::Args, Clone, Copy)]
pub struct Format {
    /// What to print: human (text for people) or json (for scripts; each
    /// command's shape is in docs/cli.md).
    #[arg(
        short = 'f',
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT"
    )]
    pub format: super::ReportFormat,
}

impl Format {
    /// Whether JSON was asked for.
    pub fn json(self) -> bool {
        self.format == super::ReportFormat::Json
    }
}

/// `--tm PATH|URL`: the translation memory.
#[derive(clap::Args, Clone, Default)]
pub struct Memory {
    /// The translation memory, a file or a postgres:// URL [default:
    /// $TILMECH_TM, else `tm` in tilmech.toml, .tilmech/tm.sqlite].
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub tm: Option<PathBuf>,
}

/// `--project DIR`: the project a command works in.
#[derive(clap::Args, Clone, Default)]
pub struct ProjectDir {
    /// The project folder [default: the nearest folder holding
    /// tilmech.toml, from the input file's folder up, else from the current
    /// directory up].
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
}

impl ProjectDir {
    /// The project as every command finds it (`--project`, else from
    /// `file`'s folder up, else from the current directory up), saying so
    /// when opening it completed an interrupted change.
    pub fn find(&self, file: Option<&Path>) -> anyhow::Result<crate::project::Project> {
        let project = crate::project::Project::find(
            self.project.as_deref(),
            file,
            &std::env::current_dir()?,
        )?;
        super::note_recovered(&project);
        Ok(project)
    }
}

/// `--max-segment SIZE` and `--max-units N`: what a file read for import may hold.
#[derive(clap::Args, Clone, Copy)]
pub struct InputLimits {
    /// Refuse the file (nothing imported) when one segment — a TMX <seg>,
    /// a TSV cell, an XLIFF <source> or <target> — is larger than SIZE
    /// (bytes, or with K/M: 512K, 4M).
    #[arg(
        long = "max-segment",
        value_name = "SIZE",
        default_value = "1M",
        value_parser = crate::limits::parse_bytes
    )]
    pub max_segment: usize,
    /// Refuse an XLIFF file (nothing imported) that holds more than N
    /// units; an XLIFF file is read whole, a TMX or TSV file is streamed
    /// and not counted.
    #[arg(
        long = "max-units",
        value_name = "N",
        default_value_t = crate::limits::DEFAULT_UNITS,
        value_parser = clap::value_parser!(usize)
    )]
    pub max_units: usize,
}

impl InputLimits {
    /// The readers' limits with this segment size and unit count.
    pub fn limits(self) -> crate::limits::Limits {
        crate::limits::Limits {
            units: self.max_units,
            ..crate::limits::Limits::with_segment_bytes(self.max_segment)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_keep_their_spelling_and_reduce_on_request() {
        assert_eq!(lang_code("pt-BR").unwrap(), "pt-BR");
        assert_eq!(one_lang("EN_gb").unwrap(), "en");
        assert!(lang_code("english").is_err());
        assert!(lang_code("en-").is_err());
        let l = Langs {
            lang: vec!["en-US".into(), "en".into()],
        };
        assert!(l.checked().is_ok());
        assert!(l
            .primary()
            .unwrap_err()
            .to_string()
            .contains("`en` is named twice"));
    }

    #[test]
    fn the_same_language_in_two_spellings_is_named_twice_once_lowercased() {
        let l = Langs {
            lang: vec!["EN".into(), "en".into()],
        };
        assert!(l.checked().is_ok());
        assert!(l
            .lowercase()
            .unwrap_err()
            .to_string()
            .contains("`en` is named twice"));
    }
}
