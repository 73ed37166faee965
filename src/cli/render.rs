//! `tilmech render`: event data in, a release per language out.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::args;
use crate::output;
use crate::render::publish::{self, Release};
use crate::render::{self, Format, Page, Renderer};

/// Arguments of `tilmech render`.
#[derive(clap::Args)]
#[command(
    about = "Render a release in every language from its event file",
    after_help = "--lang picks the languages [default: the project's]. Printed to the terminal, each language's release follows a `==> EVENT (LANG) <==` line when there are several.\n\nExamples:\n  tilmech render examples/events/2021-06-03-rogov-kazakbaev.toml\n  tilmech render EVENT.toml -l ru --as html\n  tilmech render EVENT.toml -o public/   # writes public/EVENT.en.md, .ru.md, .ky.md\n  tilmech render EVENT.toml --as docx -o word/\n  tilmech render EVENT.toml --open        # the HTML pages in the default browser\n  tilmech render ~/office/events/x.toml      # the project is found from the file's folder\n  tilmech render x.toml --project ~/office\n\nHTML pages and Word documents show the office's name and contact from [office] in tilmech.toml."
)]
pub struct Args {
    /// The event file(s) (TOML; schema in docs/event-schema.md).
    #[arg(required = true)]
    events: Vec<PathBuf>,
    #[command(flatten)]
    langs: args::Langs,
    /// The document format.
    #[arg(long = "as", value_enum, value_name = "DOC")]
    doc: Option<Format>,
    /// What to print: human (the releases, or the files written) or json
    /// (for scripts; docs/cli.md). `md`, `html`, `txt` and `docx` are the
    /// old spelling of --as.
    #[arg(
        short = 'f',
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT"
    )]
    format: Printed,
    /// Write DIR/<event-stem>.<lang>.<ext> instead of printing; all files or none.
    #[arg(short = 'o', long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Open the HTML release in the default browser (implies --as html;
    /// written to --out DIR, else to a new temporary folder).
    #[arg(long)]
    open: bool,
    #[command(flatten)]
    project: args::ProjectDir,
}

/// `render --format`: what is printed, or (hidden, deprecated) the
/// document format, as `--format` meant before `--as`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Printed {
    Human,
    Json,
    #[value(hide = true)]
    Md,
    #[value(hide = true)]
    Html,
    #[value(hide = true)]
    Txt,
    #[value(hide = true)]
    Docx,
}

impl Printed {
    /// The document format the old `--format md|html|txt|docx` names.
    fn old_doc(self) -> Option<Format> {
        match self {
            Printed::Human | Printed::Json => None,
            Printed::Md => Some(Format::Md),
            Printed::Html => Some(Format::Html),
            Printed::Txt => Some(Format::Txt),
            Printed::Docx => Some(Format::Docx),
        }
    }
}

/// Runs `tilmech render`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let old = args.format.old_doc();
    if let Some(old) = old {
        if args.doc.is_some_and(|d| d != old) {
            anyhow::bail!(
                "--format {} and --as {} disagree; --format names what is printed now (human or json), --as the document format",
                old.ext(),
                args.doc.map(Format::ext).unwrap_or_default()
            );
        }
        output::warning(&format!(
            "`--format {0}` is deprecated: use `--as {0}` (--format is now what is printed: human or json)",
            old.ext()
        ));
    }
    let json = args.format == Printed::Json;
    let doc = args
        .doc
        .or(old)
        .unwrap_or(if args.open { Format::Html } else { Format::Md });
    if args.open && doc != Format::Html {
        anyhow::bail!(
            "--open shows HTML: leave out --as {} or use --as html",
            doc.ext()
        );
    }
    let opener = if args.open { Some(opener()?) } else { None };
    let project = args
        .project
        .find(args.events.first().map(PathBuf::as_path))?;
    let langs = match args.langs.lowercase()? {
        l if l.is_empty() => project.config.languages.clone(),
        l => l,
    };
    let renderer = Renderer::load(&project, &langs)?;
    // Everything is rendered before anything is written or printed, so a
    // failure in any event or language leaves no partial release behind.
    if doc == Format::Docx && args.out.is_none() {
        anyhow::bail!("a Word document is a file: add --out DIR (nothing was written)");
    }
    let mut releases = Vec::with_capacity(args.events.len() * langs.len());
    for path in &args.events {
        // A review import killed after its commit point is completed first.
        crate::draft::review::recover(path)?;
        let event = render::load_event_to_render(path, &renderer)?;
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        // The language versions of one event link to each other beside it.
        let page = Page {
            office: Some(&project.config.office),
            versions: Page::versions(&langs, |l| format!("{stem}.{l}.{}", doc.ext())),
        };
        for lang in &langs {
            releases.push(Release {
                event: path.clone(),
                lang: lang.clone(),
                ext: doc.ext(),
                content: renderer.render(&event, lang)?.bytes(doc, &page)?,
            });
        }
    }
    let out = match (&args.out, args.open) {
        (Some(dir), _) => Some(dir.clone()),
        (None, true) => Some(temp_folder()?),
        (None, false) => None,
    };
    let Some(dir) = out else {
        print_releases(&releases, doc, json);
        return Ok(super::EXIT_OK);
    };
    let files = publish::publish(&dir, &releases)?;
    if json {
        let items: Vec<serde_json::Value> = releases
            .iter()
            .zip(&files)
            .map(|(r, f)| serde_json::json!({"event": r.event, "lang": r.lang, "file": f}))
            .collect();
        output::print_json(&serde_json::json!({
            "summary": {"events": args.events.len(), "languages": langs, "as": doc.ext(),
                        "files": files.len()},
            "items": items,
        }));
    } else {
        for file in &files {
            output::wrote(file);
        }
    }
    if let (Some(opener), Some(first)) = (opener, files.first()) {
        // The files are written by now, so a browser that fails is a
        // finding (exit 1), not an error that changed nothing.
        if let Err(e) = open(&opener, first) {
            output::error(&format!("{e:#}"));
            return Ok(super::EXIT_FINDINGS);
        }
    }
    Ok(super::EXIT_OK)
}

/// The releases on stdout: as they are when there is one, each after a
/// `==> EVENT (LANG) <==` line when there are several (as `head` labels
/// files), or as JSON.
fn print_releases(releases: &[Release], doc: Format, json: bool) {
    if json {
        let items: Vec<serde_json::Value> = releases
            .iter()
            .map(|r| {
                serde_json::json!({"event": r.event, "lang": r.lang,
                                   "text": String::from_utf8_lossy(&r.content)})
            })
            .collect();
        let events: std::collections::BTreeSet<&Path> =
            releases.iter().map(|r| r.event.as_path()).collect();
        let mut langs: Vec<&str> = Vec::new();
        for r in releases {
            if !langs.contains(&r.lang.as_str()) {
                langs.push(&r.lang);
            }
        }
        output::print_json(&serde_json::json!({
            "summary": {"events": events.len(), "languages": langs, "as": doc.ext(), "files": 0},
            "items": items,
        }));
        return;
    }
    let labelled = releases.len() > 1;
    let mut text = String::new();
    for (i, r) in releases.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        if labelled {
            let label = format!("==> {} ({}) <==", r.event.display(), r.lang);
            text.push_str(&output::paint(output::EMPHASIS, &label));
            text.push('\n');
        }
        text.push_str(&String::from_utf8_lossy(&r.content));
    }
    output::print(&text);
}

/// The program that opens a file in the default browser here, found on
/// `PATH` before anything is written.
fn opener() -> anyhow::Result<PathBuf> {
    let name = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--open: no `{name}` on PATH to open a browser with; nothing was written (use --as html -o DIR and open the file yourself)"
            )
        })
}

fn open(opener: &Path, file: &Path) -> anyhow::Result<()> {
    let file = std::path::absolute(file)?;
    let status = std::process::Command::new(opener)
        .arg(&file)
        .stdin(std::process::Stdio::null())
        .status()
        .map_err(|e| anyhow::anyhow!("--open: cannot run {}: {e}", opener.display()))?;
    if !status.success() {
        anyhow::bail!(
            "--open: `{} {}` failed ({status}); the release is written there",
            opener.display(),
            file.display()
        );
    }
    Ok(())
}

/// A new folder for `--open` without `--out`, never one that exists.
fn temp_folder() -> anyhow::Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 0..100 {
        let dir = base.join(format!("tilmech-render-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => anyhow::bail!("cannot create a folder in {}: {e}", base.display()),
        }
    }
    anyhow::bail!("cannot create a new folder in {}", base.display())
}
