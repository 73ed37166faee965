//! `tilmech grammar`: the grammar functions on the command line, so that a
//! translator writing `.ftl` files can check a form before using it.

use std::collections::BTreeMap;

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
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
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
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum GenderArg {
    Male,
    Female,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_ru_case(s: &str) -> Result<ru::Case, String> {
    ru::Case::parse(s).ok_or_else(|| "expected one of nom, gen, dat, acc, ins, prep".to_string())
}

fn parse_ky_case(s: &str) -> Result<ky::Case, String> {
    ky::Case::parse(s).ok_or_else(|| "expected one of nom, gen, dat, acc, loc, abl".to_string())
}

/// Runs `tilmech grammar`.
pub fn exec(args: Args) -> anyhow::Result<u8> {
    let (forms, format) = match args.lang {
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
            let cases = case.map_or(ru::Case::ALL.to_vec(), |c| vec![c]);
            let forms = cases
                .into_iter()
                .map(|c| (c.as_str(), ru::decline(&name, gender, c)));
            (forms.collect::<Vec<_>>(), format)
        }
        Lang::Ky {
            op: KyOp::Case { word, case, format },
        } => {
            let cases = case.map_or(ky::Case::ALL.to_vec(), |c| vec![c]);
            let forms = cases
                .into_iter()
                .map(|c| Ok((c.as_str(), ky::try_inflect(&word, c)?)))
                .collect::<Result<Vec<_>, ky::InflectError>>()?;
            (forms, format)
        }
    };
    let text = match format {
        Format::Json => {
            let map: BTreeMap<&str, &str> = forms.iter().map(|(c, f)| (*c, f.as_str())).collect();
            serde_json::to_string_pretty(&map)? + "\n"
        }
        Format::Human if forms.len() == 1 => format!("{}\n", forms[0].1),
        Format::Human => forms
            .iter()
            .map(|(c, f)| format!("{}  {f}\n", output::paint(output::DIM, &format!("{c:<4}"))))
            .collect(),
    };
    output::print(&text);
    Ok(crate::cli::EXIT_OK)
}
