//! `ssp_scope`: which cloud services are inside a FedRAMP SSP's audited boundary.
//!
//! ```text
//! ssp_scope                                   scope of the bundled sample Azure and Office 365 SSPs
//! ssp_scope outline FILE [--format table|json]
//! ssp_scope scope FILE... [--kind auto|azure|office365] [--format table|json|csv]
//! ssp_scope lookup FILE... --name NAME [--kind ...] [--format text|json]
//! ```
//!
//! Exit codes: 0 success (for `lookup`: found), 1 `lookup`: not found, 2 usage or input error
//! (one line on stderr).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fedramp_ssp::{
    Document, DocumentScope, IsmapScope, Lookup, MatchKind, Outline, Profile, ProfileChoice,
    Service, SspKind, read_scope,
};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "ssp_scope",
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
        #[arg(long, value_enum, default_value_t = ScopeFormat::Table)]
        format: ScopeFormat,
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
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutlineFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScopeFormat {
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

type Run = Result<ExitCode, String>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() {
                // One line: clap's message up to its usage block.
                let msg = e.to_string();
                let text: Vec<&str> = msg
                    .lines()
                    .take_while(|l| !l.starts_with("Usage:"))
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
                    .collect();
                eprintln!(
                    "ssp_scope: {} (see --help)",
                    text.join(" ").trim_start_matches("error: ")
                );
                return ExitCode::from(2);
            }
            print!("{e}");
            return ExitCode::SUCCESS;
        }
    };
    let result = match cli.command {
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
        }) => lookup(&files, &name, kind, format),
        None => bundled(),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("ssp_scope: {message}");
            ExitCode::from(2)
        }
    }
}

fn open(path: &Path) -> Result<Document<std::io::BufReader<std::fs::File>>, String> {
    Document::open(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a line to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn say(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn print_json(value: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    say(&text);
    Ok(())
}

fn outline(path: &Path, format: OutlineFormat) -> Run {
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
            print_json(&json!({"path": path.display().to_string(), "headings": headings}))?;
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
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{:<width$}  LEVEL  TITLE", "NUMBER");
    for h in outline {
        let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {indent}{}",
            h.number.as_deref().unwrap_or("-"),
            h.level,
            h.title
        );
    }
}

fn read_scopes(files: &[PathBuf], kind: Kind) -> Result<Vec<DocumentScope>, String> {
    files
        .iter()
        .map(|path| {
            let mut doc = open(path)?;
            read_scope(&mut doc, &path.display().to_string(), &kind.choice())
                .map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

fn service_json(s: &Service) -> Value {
    let sources: Vec<Value> = s
        .sources
        .iter()
        .map(|src| json!({"document": src.document, "section": src.section, "section_title": src.section_title, "text": src.text}))
        .collect();
    json!({
        "name": s.name,
        "key": s.key,
        "aliases": s.aliases,
        "offering": s.offering.as_str(),
        "parent": s.parent,
        "children": s.children,
        "sources": sources,
    })
}

fn scope_json(scopes: &[DocumentScope], ismap: &IsmapScope) -> Value {
    let documents: Vec<Value> = scopes
        .iter()
        .map(|d| {
            let sections: Vec<Value> = d
                .sections
                .iter()
                .map(|s| {
                    json!({"number": s.number, "title": s.title, "offering": s.offering.as_str(),
                           "matched_by": s.matched_by, "services": s.services})
                })
                .collect();
            json!({"path": d.path, "kind": d.kind.to_string(), "title": d.title, "sections": sections})
        })
        .collect();
    let services: Vec<Value> = ismap.services.iter().map(service_json).collect();
    let warnings: Vec<String> = scopes
        .iter()
        .flat_map(|d| d.warnings.iter().map(move |w| format!("{}: {w}", d.path)))
        .collect();
    json!({"documents": documents, "services": services, "warnings": warnings})
}

fn scope(files: &[PathBuf], kind: Kind, format: ScopeFormat) -> Run {
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    match format {
        ScopeFormat::Json => print_json(&scope_json(&scopes, &ismap))?,
        ScopeFormat::Csv => print_csv(&ismap).map_err(|e| format!("writing CSV: {e}"))?,
        ScopeFormat::Table => print_scope_table(&scopes, &ismap),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_csv(ismap: &IsmapScope) -> Result<(), Box<dyn std::error::Error>> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record([
        "name",
        "key",
        "aliases",
        "offering",
        "document",
        "section",
        "section_title",
        "text",
    ])?;
    for s in &ismap.services {
        for src in &s.sources {
            w.write_record([
                s.name.as_str(),
                s.key.as_str(),
                &s.aliases.join(";"),
                s.offering.as_str(),
                src.document.as_str(),
                src.section.as_str(),
                src.section_title.as_str(),
                src.text.as_str(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

fn print_scope_table(scopes: &[DocumentScope], ismap: &IsmapScope) {
    let mut out = std::io::stdout().lock();
    for d in scopes {
        let _ = writeln!(
            out,
            "{} — {} ({})",
            d.path,
            d.title.as_deref().unwrap_or("untitled"),
            d.kind
        );
        for s in &d.sections {
            let by = match s.matched_by {
                fedramp_ssp::MatchedBy::Number => "by number",
                fedramp_ssp::MatchedBy::Title => "by title",
            };
            let _ = writeln!(
                out,
                "  {:<7} {:<55} {:<9} {:>3} services ({by})",
                s.number, s.title, s.offering, s.services
            );
        }
    }
    let _ = writeln!(out);
    let name_w = ismap
        .services
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 60);
    let _ = writeln!(
        out,
        "{:<name_w$}  {:<9}  {:<7}  DOCUMENT",
        "SERVICE", "OFFERING", "SECTION"
    );
    for s in &ismap.services {
        let sections: Vec<&str> = s.sources.iter().map(|x| x.section.as_str()).collect();
        let docs: Vec<&str> = s.sources.iter().map(|x| file_name(&x.document)).collect();
        let _ = writeln!(
            out,
            "{:<name_w$}  {:<9}  {:<7}  {}",
            s.name,
            s.offering,
            dedup(sections).join(","),
            dedup(docs).join(",")
        );
    }
    let _ = writeln!(
        out,
        "\n{} services in the FedRAMP scope of {} SSP(s); ISMAP audits the same scope.",
        ismap.services.len(),
        scopes.len()
    );
    for d in scopes {
        for w in &d.warnings {
            let _ = writeln!(out, "warning: {}: {w}", d.path);
        }
    }
}

fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

fn dedup(mut v: Vec<&str>) -> Vec<&str> {
    let mut seen = Vec::new();
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(*x);
        new
    });
    v
}

fn how_text(how: &MatchKind) -> String {
    match how {
        MatchKind::Exact => "by its official name".to_string(),
        MatchKind::Alias => "by its abbreviation".to_string(),
        MatchKind::WithoutVendor => "ignoring the Microsoft/Azure prefix".to_string(),
        MatchKind::Child { child } => format!("listed as \"{child}\" under it"),
        _ => "by name".to_string(),
    }
}

fn lookup(files: &[PathBuf], name: &str, kind: Kind, format: LookupFormat) -> Run {
    if name.trim().is_empty() {
        return Err("--name must not be empty".to_string());
    }
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let docs: Vec<&str> = scopes.iter().map(|d| d.path.as_str()).collect();
    let answer = ismap.lookup(name);
    let (found, message) = match &answer {
        Lookup::Found { service, how } => {
            let places: Vec<String> = service
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "{} section {} \"{}\"",
                        s.document, s.section, s.section_title
                    )
                })
                .collect();
            (
                true,
                format!(
                    "\"{name}\" is in scope: {} ({}), found {}, listed in {}.",
                    service.name,
                    service.offering,
                    how_text(how),
                    places.join("; ")
                ),
            )
        }
        Lookup::NotFound { suggestions } => {
            let mut m = format!(
                "\"{name}\" is not in the FedRAMP scope of these SSPs ({}): it may not have been audited, so it may not be ISMAP-certifiable.",
                docs.join(", ")
            );
            if !suggestions.is_empty() {
                let names: Vec<&str> = suggestions.iter().map(|s| s.name.as_str()).collect();
                m.push_str(&format!(" Closest names in scope: {}.", names.join(", ")));
            }
            (false, m)
        }
    };
    match format {
        LookupFormat::Text => say(&message),
        LookupFormat::Json => {
            let (service, how, suggestions) = match &answer {
                Lookup::Found { service, how } => (service_json(service), json!(how), json!([])),
                Lookup::NotFound { suggestions } => (
                    Value::Null,
                    Value::Null,
                    Value::Array(suggestions.iter().map(|s| service_json(s)).collect()),
                ),
            };
            print_json(
                &json!({"query": name, "found": found, "service": service, "match": how,
                                "suggestions": suggestions, "documents": docs, "message": message}),
            )?;
        }
    }
    Ok(if found {
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
        return Err("the bundled Azure sample was not recognized as an Azure SSP".to_string());
    }
    print_scope_table(&scopes, &IsmapScope::from_scopes(&scopes));
    say(&format!(
        "\nNext: look a service up, e.g.\n  cargo run --release --example ssp_scope -- lookup {} {} --name AKS",
        files[0].display(),
        files[1].display()
    ));
    Ok(ExitCode::SUCCESS)
}
