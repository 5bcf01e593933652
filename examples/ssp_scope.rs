//! `ssp_scope`: which cloud services are inside a FedRAMP SSP's audited boundary.
//!
//! ```text
//! ssp_scope                                   scope of the bundled sample Azure and Office 365 SSPs
//! ssp_scope outline FILE [--format table|json]
//! ssp_scope scope FILE... [--kind auto|azure|office365] [--format table|json|csv]
//! ssp_scope lookup FILE... --name NAME [--kind ...] [--format text|json]
//! ssp_scope diff OLD.docx NEW.docx [--format table|json|csv]
//! ssp_scope check FILE... --list LIST [--column NAME] [--format table|json|csv]
//! ```
//!
//! Exit codes: 0 success (`lookup`: found; `check`: every listed name in scope), 1 `lookup`: not
//! found, `check`: some name not found or only planned; 2 usage or input error (one line on
//! stderr). Every answer — JSON, CSV rows, text, sentences — comes from the library's reports;
//! this program parses arguments and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fedramp_ssp::{
    CheckReport, DiffReport, Document, DocumentScope, ErrorKind, IsmapScope, LookupReport,
    OutlineReport, Profile, ProfileChoice, Renames, Rows, ScopeReport, SspKind, check_list,
    read_list, read_scope, summarize,
};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "ssp_scope",
    version,
    about = "Which cloud services are inside a FedRAMP SSP's audited boundary (and so in ISMAP's scope)",
    after_help = "Without a command: the scope of the bundled sample Azure and Office 365 SSPs."
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
    /// List the in-scope services of one or more SSPs.
    Scope {
        /// The .docx files (Azure and/or Office 365 SSPs).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The kind of SSP; `auto` detects it from the title page and headings.
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RowsFormat::Table)]
        format: RowsFormat,
    },
    /// Say whether a service is in scope. Exit 0 when found, 1 when not.
    Lookup {
        /// The .docx files to look in.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The service name, as you would type it ("AKS", "azure kubernetes service").
        #[arg(long)]
        name: String,
        /// The kind of SSP; `auto` detects it.
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = LookupFormat::Text)]
        format: LookupFormat,
        /// An extra rename table (same format as the built-in one), taking precedence.
        #[arg(long)]
        renames: Option<PathBuf>,
    },
    /// What changed between two releases: added, removed, renamed and moved services.
    Diff {
        /// The older release.
        old: PathBuf,
        /// The newer release.
        new: PathBuf,
        /// The kind of both SSPs; `auto` detects each.
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RowsFormat::Table)]
        format: RowsFormat,
        /// An extra rename table, taking precedence over the built-in one.
        #[arg(long)]
        renames: Option<PathBuf>,
    },
    /// Check a list of service names against the scope. Exit 0 when every name is in scope.
    Check {
        /// The .docx files (Azure and/or Office 365 SSPs).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The list: plain text, one name a line (`#` comments), or CSV.
        #[arg(long)]
        list: PathBuf,
        /// For a CSV list: the column holding the names (default: the one headed "Service",
        /// "Service Name", ...).
        #[arg(long)]
        column: Option<String>,
        /// The kind of SSP; `auto` detects it.
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RowsFormat::Table)]
        format: RowsFormat,
        /// An extra rename table, taking precedence over the built-in one.
        #[arg(long)]
        renames: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutlineFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RowsFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum LookupFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Auto,
    Azure,
    Office365,
}

impl Kind {
    fn choice(self) -> ProfileChoice {
        match self {
            Kind::Auto => ProfileChoice::Auto,
            Kind::Azure => ProfileChoice::Given(Profile::azure()),
            Kind::Office365 => ProfileChoice::Given(Profile::office365()),
        }
    }
}

/// What went wrong, as the one line printed after "ssp_scope: ".
struct Failure(String);

impl Failure {
    /// A library error and its sources, on one line; prefixed with the file unless the
    /// message names it already.
    fn of(path: Option<&Path>, e: &fedramp_ssp::Error) -> Failure {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        let names_document = matches!(
            e.kind(),
            ErrorKind::SectionNotFound | ErrorKind::EmptySection | ErrorKind::Io
        );
        match path {
            Some(p) if !names_document => Failure(format!("{}: {text}", p.display())),
            _ => Failure(text),
        }
    }
}

type Run = Result<ExitCode, Failure>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            fail(&usage_line(&e.to_string()));
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help, --version.
            let text = e.to_string();
            print(&text);
            if !text.ends_with('\n') {
                print("\n");
            }
            return ExitCode::SUCCESS;
        }
    };
    match run(cli.command) {
        Ok(code) => code,
        Err(Failure(message)) => {
            fail(&message);
            ExitCode::from(2)
        }
    }
}

/// clap's message on one line: the error and its tip ("a similar argument exists"), without
/// the usage block and without clap's own pointer to --help, which is added once.
fn usage_line(message: &str) -> String {
    let text: Vec<&str> = message
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
        .collect();
    format!(
        "{} (see --help)",
        text.join("; ").trim_start_matches("error: ")
    )
}

/// Prints a failure as one line on stderr, whatever the path or document holds.
fn fail(message: &str) {
    let line = fedramp_ssp::terminal_safe(message);
    let _ = writeln!(std::io::stderr().lock(), "ssp_scope: {line}");
}

fn run(command: Option<Command>) -> Run {
    match command {
        Some(Command::Outline { file, format }) => outline(&file, format),
        Some(Command::Scope {
            files,
            kind,
            format,
        }) => scope(&files, kind, format),
        Some(Command::Lookup {
            files,
            name,
            kind,
            format,
            renames,
        }) => lookup(
            &files,
            &name,
            kind,
            format,
            &rename_table(renames.as_deref())?,
        ),
        Some(Command::Diff {
            old,
            new,
            kind,
            format,
            renames,
        }) => diff(&old, &new, kind, format, &rename_table(renames.as_deref())?),
        Some(Command::Check {
            files,
            list,
            column,
            kind,
            format,
            renames,
        }) => check(
            &files,
            &list,
            column.as_deref(),
            kind,
            format,
            &rename_table(renames.as_deref())?,
        ),
        None => bundled(),
    }
}

/// Writes text to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure(e.to_string()))?;
    print(&text);
    print("\n");
    Ok(())
}

fn print_csv(rows: &Rows) -> Result<(), Failure> {
    rows.write_csv(std::io::stdout().lock())
        .map_err(|e| Failure(format!("writing CSV: {e}")))
}

fn outline(path: &Path, format: OutlineFormat) -> Run {
    let mut doc = Document::open(path).map_err(|e| Failure::of(Some(path), &e))?;
    let outline = doc.outline().map_err(|e| Failure::of(Some(path), &e))?;
    let report = OutlineReport::new(&path.display().to_string(), &outline);
    match format {
        OutlineFormat::Json => print_json(&report)?,
        OutlineFormat::Table => print(&report.to_text()),
    }
    Ok(ExitCode::SUCCESS)
}

fn read_scopes(files: &[PathBuf], kind: Kind) -> Result<Vec<DocumentScope>, Failure> {
    files
        .iter()
        .map(|path| {
            let mut doc = Document::open(path).map_err(|e| Failure::of(Some(path), &e))?;
            read_scope(&mut doc, &path.display().to_string(), &kind.choice())
                .map_err(|e| Failure::of(Some(path), &e))
        })
        .collect()
}

fn scope(files: &[PathBuf], kind: Kind, format: RowsFormat) -> Run {
    let report = ScopeReport::new(&read_scopes(files, kind)?);
    match format {
        RowsFormat::Json => print_json(&report)?,
        RowsFormat::Csv => print_csv(&report.table())?,
        RowsFormat::Table => print(&report.to_text()),
    }
    Ok(ExitCode::SUCCESS)
}

fn rename_table(path: Option<&Path>) -> Result<Renames, Failure> {
    let mut table = Renames::builtin().clone();
    if let Some(path) = path {
        let mine = Renames::read(path).map_err(|e| Failure::of(Some(path), &e))?;
        table.extend(mine);
    }
    Ok(table)
}

fn lookup(
    files: &[PathBuf],
    name: &str,
    kind: Kind,
    format: LookupFormat,
    renames: &Renames,
) -> Run {
    if name.trim().is_empty() {
        return Err(Failure("--name must not be empty".to_string()));
    }
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let docs: Vec<String> = scopes.iter().map(|d| d.path.clone()).collect();
    let report = LookupReport::new(&ismap.lookup_with(name, renames), &docs);
    match format {
        LookupFormat::Text => print(&format!("{}\n", report.message)),
        LookupFormat::Json => print_json(&report)?,
    }
    Ok(if report.found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn diff(old: &Path, new: &Path, kind: Kind, format: RowsFormat, renames: &Renames) -> Run {
    let scopes = read_scopes(&[old.to_path_buf(), new.to_path_buf()], kind)?;
    let (Some(o), Some(n)) = (scopes.first(), scopes.get(1)) else {
        return Err(Failure("diff needs two documents".to_string()));
    };
    let report = DiffReport::new(o, n, &o.diff(n, renames));
    match format {
        RowsFormat::Json => print_json(&report)?,
        RowsFormat::Csv => print_csv(&report.table())?,
        RowsFormat::Table => print(&report.to_text()),
    }
    Ok(ExitCode::SUCCESS)
}

fn check(
    files: &[PathBuf],
    list: &Path,
    column: Option<&str>,
    kind: Kind,
    format: RowsFormat,
    renames: &Renames,
) -> Run {
    let names = read_list(list, column).map_err(|e| Failure::of(Some(list), &e))?;
    if names.is_empty() {
        return Err(Failure(format!(
            "{}: the list has no names",
            list.display()
        )));
    }
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let entries = check_list(&ismap, &names, renames);
    let docs: Vec<String> = scopes.iter().map(|d| d.path.clone()).collect();
    let report = CheckReport::new(&list.display().to_string(), &docs, &entries);
    match format {
        RowsFormat::Json => print_json(&report)?,
        RowsFormat::Csv => print_csv(&report.table())?,
        RowsFormat::Table => print(&report.to_text()),
    }
    Ok(if summarize(&entries).all_in_scope() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn bundled() -> Run {
    // Shown relative to the current directory when run from the repository, as a user would type.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let here = std::env::current_dir().ok();
    let base = match here {
        Some(dir) if dir == root => PathBuf::new(),
        _ => root,
    };
    let samples = base.join("fixtures").join("samples");
    let files = [
        samples.join("azure-ssp.docx"),
        samples.join("office365-ssp.docx"),
    ];
    let scopes = read_scopes(&files, Kind::Auto)?;
    if !scopes.iter().any(|s| s.kind == SspKind::Azure) {
        return Err(Failure(
            "the bundled Azure sample was not recognized as an Azure SSP".to_string(),
        ));
    }
    print(&ScopeReport::new(&scopes).to_text());
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    print(&format!(
        "\nNext: look a service up, e.g.\n  cargo run --release --example ssp_scope -- lookup {} --name AKS\n",
        names.join(" ")
    ));
    Ok(ExitCode::SUCCESS)
}
