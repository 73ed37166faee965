//! `tilmech grammar`: the grammar functions on the command line, so that a
//! translator writing `.ftl` files can check a form before using it.

use clap::{Subcommand, ValueEnum};

use crate::grammar::{ky, ru, Gender};
use crate::output;

/// Arguments of `tilmech grammar`.
#[derive(clap::Args)]
#[command(
    about = "Show Russian name declensions and Kyrgyz case forms",
    after_help = "Examples:\n  tilmech grammar ru decline \"Руслан Казакбаев\" --gender male\n  tilmech grammar ru decline \"Анна Бергер\" --gender female --case ins\n  tilmech grammar ky case \"Бишкек\" --case loc\n  tilmech grammar ky case ЕККУ --format json"
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
    /// Decline a personal name by case.
    Decline {
        /// The name in the nominative, e.g. "Руслан Казакбаев".
        name: String,
        /// The person's gender.
        #[arg(long, value_enum)]
        gender: GenderArg,
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
                    case,
                    format,
                },
        } => {
            let gender = match gender {
                GenderArg::Male => Gender::Male,
                GenderArg::Female => Gender::Female,
            };
            let summary =
                serde_json::json!({"lang": "ru", "word": name, "gender": gender.as_str()});
            let cases = case.map_or(ru::Case::ALL.to_vec(), |c| vec![c]);
            let forms = cases
                .into_iter()
                .map(|c| (c.as_str(), ru::decline(&name, gender, c)));
            (forms.collect::<Vec<_>>(), format, summary)
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
