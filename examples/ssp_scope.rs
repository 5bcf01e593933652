//! `ssp_scope`: the example command-line program.
//!
//! ```text
//! cargo run --release --example ssp_scope -- outline FILE [--format table|json]
//! ```
//!
//! Exit codes: 0 success, 2 usage or input error (one line on stderr).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fedramp_ssp::{Document, Outline};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "ssp_scope",
    about = "Which cloud services are inside a FedRAMP SSP's boundary"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Show the headings of an SSP, numbered as Word displays them.
    Outline {
        /// The .docx file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutlineFormat::Table)]
        format: OutlineFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutlineFormat {
    Table,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() {
                let msg = e.to_string();
                let first = msg.lines().next().unwrap_or("invalid arguments");
                eprintln!("ssp_scope: {}", first.trim_start_matches("error: "));
                return ExitCode::from(2);
            }
            print!("{e}");
            return ExitCode::SUCCESS;
        }
    };
    let result = match cli.command {
        Some(Command::Outline { file, format }) => outline(&file, format),
        None => default_run(),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("ssp_scope: {message}");
            ExitCode::from(2)
        }
    }
}

fn open(path: &std::path::Path) -> Result<Document<std::io::BufReader<std::fs::File>>, String> {
    Document::open(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn outline(path: &std::path::Path, format: OutlineFormat) -> Result<ExitCode, String> {
    let mut doc = open(path)?;
    let outline = doc
        .outline()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    match format {
        OutlineFormat::Json => {
            let headings: Vec<_> = outline
                .iter()
                .map(|h| json!({"number": h.number, "label": h.label, "title": h.title, "level": h.level}))
                .collect();
            let out = json!({"path": path.display().to_string(), "headings": headings});
            println!(
                "{}",
                serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
            );
        }
        OutlineFormat::Table => print_outline(&outline),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_outline(outline: &Outline) {
    let width = outline
        .iter()
        .filter_map(|h| h.number.as_deref())
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    println!("{:<width$}  LEVEL  TITLE", "NUMBER");
    for h in outline {
        let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
        println!(
            "{:<width$}  {:>5}  {indent}{}",
            h.number.as_deref().unwrap_or("-"),
            h.level,
            h.title
        );
    }
}

fn default_run() -> Result<ExitCode, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx");
    outline(&path, OutlineFormat::Table)
}
