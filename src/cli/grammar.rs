//! `tilmech grammar`: the grammar functions on the command line, so that a
//! translator writing `.ftl` files can check a form before using it.

use clap::{Subcommand, ValueEnum};

use crate::grammar::{ky, ru, Gender};
use crate::output;

/// Arguments of `tilmech grammar`.
#[derive(clap::Args)]
#[command(
    about = "Show Russian declensions of names and noun phrases, and Kyrgyz case forms",
    after_help = "Examples:\n  tilmech grammar ru decline \"Руслан Казакбаев\" --gender male\n  tilmech grammar ru decline \"Анна Бергер\" --gender female --case ins\n  tilmech grammar ru decline \"Министр образования\" --phrase --case ins\n  tilmech grammar ru decline \"Талас\" --inanimate\n  tilmech grammar ky case \"Бишкек\" --case loc\n  tilmech grammar ky case ЕККУ --format json"
)]
pub struct Args {
    #[command(subcommand)]
    lang: Lang,
}

#[derive(Subcommand)]
enum Lang {
    /// Russian.
    Ru {
        #[command(subcommand)]
        op: RuOp,
    },
    /// Kyrgyz.
    Ky {
        #[command(subcommand)]
        op: KyOp,
    },
}

#[derive(Subcommand)]
enum RuOp {
    /// Decline a personal name, or with --phrase a position or institution, by case.
    Decline {
        /// The name or phrase in the nominative, e.g. "Руслан Казакбаев".
        name: String,
        /// The person's gender (needed for a personal name).
        #[arg(long, value_enum, required_unless_present_any = ["phrase", "inanimate"])]
        gender: Option<GenderArg>,
        /// Decline a noun phrase (a position, «Министр образования»): the head
        /// noun and its adjectives change, the complements after it stay.
        #[arg(long)]
        phrase: bool,
        /// A place or institution (implies --phrase): its accusative is the
        /// nominative (Талас, not Таласа).
        #[arg(long)]
        inanimate: bool,
        /// One case (nom gen dat acc ins prep); all cases when omitted.
        #[arg(long, value_parser = parse_ru_case)]
        case: Option<ru::Case>,
        #[command(flatten)]
        format: super::args::Format,
    },
}

#[derive(Subcommand)]
enum KyOp {
    /// Add a case suffix to a word, name or abbreviation.
    Case {
        /// The word in the nominative, e.g. "Бишкек" or "ЕККУ".
        word: String,
        /// One case (nom gen dat acc loc abl); all cases when omitted.
        #[arg(long, value_parser = parse_ky_case)]
        case: Option<ky::Case>,
        #[command(flatten)]
        format: super::args::Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum GenderArg {
    Male,
    Female,
}

fn parse_ru_case(s: &str) -> Result<ru::Case, String> {
    ru::Case::parse(s).ok_or_else(|| "expected one of nom, gen, dat, acc, ins, prep".to_string())
}

fn parse_ky_case(s: &str) -> Result<ky::Case, String> {
    ky::Case::parse(s).ok_or_else(|| "expected one of nom, gen, dat, acc, loc, abl".to_string())
}

/// Runs `tilmech grammar`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let (forms, format, summary) = match args.lang {
        Lang::Ru {
            op:
                RuOp::Decline {
                    name,
                    gender,
                    phrase,
                    inanimate,
                    case,
                    format,
                },
        } => {
            let cases = case.map_or(ru::Case::ALL.to_vec(), |c| vec![c]);
            if phrase || inanimate {
                let animacy = if inanimate {
                    ru::Animacy::Inanimate
                } else {
                    ru::Animacy::Animate
                };
                let declined = ru::decline_phrase(&name, animacy);
                let mut unsure = serde_json::Map::new();
                for c in &cases {
                    if let Some(why) = declined.doubt(*c) {
                        output::warning(&format!("{}: unsure: {why}", c.as_str()));
                        unsure.insert(c.as_str().into(), why.into());
                    }
                }
                let summary = serde_json::json!({
                    "lang": "ru",
                    "word": name,
                    "animate": !inanimate,
                    "unsure": unsure,
                });
                let forms = cases
                    .into_iter()
                    .map(|c| (c.as_str(), declined.get(c).to_string()));
                (forms.collect::<Vec<_>>(), format, summary)
            } else {
                if let Some(why) = ru::not_a_name(&name) {
                    anyhow::bail!(
                        "«{name}» does not look like a personal name ({why}): give --phrase to decline a position or other noun phrase, and --inanimate for a place or institution"
                    );
                }
                let gender = match gender {
                    Some(GenderArg::Female) => Gender::Female,
                    _ => Gender::Male,
                };
                let summary =
                    serde_json::json!({"lang": "ru", "word": name, "gender": gender.as_str()});
                let forms = cases
                    .into_iter()
                    .map(|c| (c.as_str(), ru::decline(&name, gender, c)));
                (forms.collect::<Vec<_>>(), format, summary)
            }
        }
        Lang::Ky {
            op: KyOp::Case { word, case, format },
        } => {
            let cases = case.map_or(ky::Case::ALL.to_vec(), |c| vec![c]);
            let forms = cases
                .into_iter()
                .map(|c| Ok((c.as_str(), ky::try_inflect(&word, c)?)))
                .collect::<Result<Vec<_>, ky::InflectError>>()?;
            (
                forms,
                format,
                serde_json::json!({"lang": "ky", "word": word}),
            )
        }
    };
    if format.json() {
        // In case order (nom gen dat acc …), as the grammar lists them.
        let items: Vec<serde_json::Value> = forms
            .iter()
            .map(|(c, f)| serde_json::json!({"case": c, "form": f}))
            .collect();
        output::print_json(&serde_json::json!({"summary": summary, "items": items}));
        return Ok(crate::cli::EXIT_OK);
    }
    let text = match () {
        () if forms.len() == 1 => format!("{}\n", forms[0].1),
        () => forms
            .iter()
            .map(|(c, f)| format!("{}  {f}\n", output::paint(output::DIM, &format!("{c:<4}"))))
            .collect(),
    };
    output::print(&text);
    Ok(crate::cli::EXIT_OK)
}
