//! `ssp_scope`: which cloud services are inside a FedRAMP SSP's audited boundary.
//!
//! ```text
//! ssp_scope                                   scope of the bundled sample Azure and Office 365 SSPs
//! ssp_scope outline FILE [--format table|json]
//! ssp_scope scope FILE... [--kind auto|azure|office365] [--format table|json|csv]
//! ssp_scope lookup FILE... --name NAME [--kind ...] [--format text|json]
//! ssp_scope diff OLD.docx NEW.docx [--format table|json]
//! ssp_scope check FILE... --list LIST [--column NAME] [--format table|json|csv]
//! ```
//!
//! Exit codes: 0 success (`lookup`: found; `check`: every listed name in scope), 1 `lookup`: not
//! found, `check`: some name not found; 2 usage or input error (one line on stderr).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use fedramp_ssp::{
    CheckEntry, Document, DocumentScope, ErrorKind, IsmapScope, Listed, Outline, Profile,
    ProfileChoice, Renames, ScopeDiff, ScopeSet, Service, SspKind, check_list, parse_list,
    read_scope, summarize,
};
use fedramp_ssp::{CheckReport, DiffReport, LookupReport, OutlineReport, ScopeReport};
use serde::Serialize;

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
        #[arg(long, value_enum, default_value_t = OutlineFormat::Table)]
        format: OutlineFormat,
        /// An extra rename table, taking precedence over the built-in one.
        #[arg(long)]
        renames: Option<PathBuf>,
    },
    /// Check a list of service names against the scope. Exit 0 when every name is in scope.
    Check {
        /// The .docx files (Azure and/or Office 365 SSPs).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The list: plain text, one name a line (`#` comments), or CSV with --column.
        #[arg(long)]
        list: PathBuf,
        /// For a CSV list: the column holding the names.
        #[arg(long)]
        column: Option<String>,
        /// The kind of SSP; `auto` detects it.
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScopeFormat::Table)]
        format: ScopeFormat,
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
            renames,
        }) => {
            rename_table(renames.as_deref()).and_then(|r| lookup(&files, &name, kind, format, &r))
        }
        Some(Command::Diff {
            old,
            new,
            kind,
            format,
            renames,
        }) => rename_table(renames.as_deref()).and_then(|r| diff(&old, &new, kind, format, &r)),
        Some(Command::Check {
            files,
            list,
            column,
            kind,
            format,
            renames,
        }) => rename_table(renames.as_deref())
            .and_then(|r| check(&files, &list, column.as_deref(), kind, format, &r)),
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

fn print_json(value: &impl Serialize) -> Result<(), String> {
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
            print_json(&OutlineReport::new(&path.display().to_string(), &outline))?
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
            read_scope(&mut doc, &path.display().to_string(), &kind.choice()).map_err(|e| {
                // These errors name the document themselves.
                match e.kind() {
                    ErrorKind::SectionNotFound | ErrorKind::EmptySection => e.to_string(),
                    _ => format!("{}: {e}", path.display()),
                }
            })
        })
        .collect()
}

fn scope(files: &[PathBuf], kind: Kind, format: ScopeFormat) -> Run {
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    match format {
        ScopeFormat::Json => print_json(&ScopeReport::new(&scopes))?,
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
        "standing",
        "former_names",
        "includes",
        "part_of",
        "notes",
        "authorizations",
    ])?;
    let groups = [
        ("in-scope", &ismap.services),
        ("planned", &ismap.planned),
        ("not-authorized", &ismap.not_authorized),
    ];
    for (standing, set) in groups {
        for s in set {
            let marks: Vec<String> = s
                .authorizations
                .iter()
                .map(|(k, v)| format!("{k}={}", if *v { "yes" } else { "no" }))
                .collect();
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
                    standing,
                    &s.former_names.join(";"),
                    &s.includes.join(";"),
                    s.part_of.as_deref().unwrap_or(""),
                    &s.notes.join(";"),
                    &marks.join(";"),
                ])?;
            }
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
                fedramp_ssp::FoundBy::Number => "by number",
                fedramp_ssp::FoundBy::Title => "by title",
            };
            let mut also = String::new();
            if s.planned > 0 {
                also.push_str(&format!(", {} planned", s.planned));
            }
            if s.not_authorized > 0 {
                also.push_str(&format!(", {} without a FedRAMP mark", s.not_authorized));
            }
            let _ = writeln!(
                out,
                "  {:<7} {:<55} {:<9} {:>3} services{also} ({by})",
                s.number, s.title, s.offering, s.services
            );
        }
    }
    let _ = writeln!(out);
    print_services(&mut out, &ismap.services);
    let _ = writeln!(
        out,
        "\n{} services in the FedRAMP scope of {} SSP(s); ISMAP audits the same scope.",
        ismap.services.len(),
        scopes.len()
    );
    if !ismap.planned.is_empty() {
        let _ = writeln!(out, "\nPlanned, not in scope yet:");
        print_services(&mut out, &ismap.planned);
    }
    if !ismap.not_authorized.is_empty() {
        let _ = writeln!(
            out,
            "\nListed without a mark in the table's FedRAMP column(s), not in scope:"
        );
        print_services(&mut out, &ismap.not_authorized);
    }
    for d in scopes {
        for w in &d.warnings {
            let _ = writeln!(out, "warning: {}: {w}", d.path);
        }
    }
}

/// A table of services: name, offering, sections, documents, and what the document says
/// beside the name.
fn print_services(out: &mut impl Write, services: &ScopeSet) {
    let name_w = services
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 60);
    let rows: Vec<(String, String, String)> = services
        .iter()
        .map(|s| {
            let sections: Vec<&str> = s.sources.iter().map(|x| x.section.as_str()).collect();
            let docs: Vec<&str> = s.sources.iter().map(|x| file_name(&x.document)).collect();
            (dedup(sections).join(","), dedup(docs).join(","), also(s))
        })
        .collect();
    let section_w = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let doc_w = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let header = format!(
        "{:<name_w$}  {:<9}  {:<section_w$}  {:<doc_w$}  ALSO",
        "SERVICE", "OFFERING", "SECTION", "DOCUMENT"
    );
    let _ = writeln!(out, "{}", header.trim_end());
    for (s, (sections, docs, also)) in services.iter().zip(&rows) {
        let line = format!(
            "{:<name_w$}  {:<9}  {sections:<section_w$}  {docs:<doc_w$}  {also}",
            s.name, s.offering,
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// What the document writes beside a name: former names, included services, family, notes.
fn also(s: &Service) -> String {
    let mut parts = Vec::new();
    if !s.former_names.is_empty() {
        parts.push(format!("formerly {}", s.former_names.join(", ")));
    }
    if !s.includes.is_empty() {
        parts.push(format!("incl. {}", s.includes.join(", ")));
    }
    if let Some(f) = &s.part_of {
        parts.push(format!("part of {f}"));
    }
    parts.extend(s.notes.iter().cloned());
    parts.join("; ")
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

fn rename_table(path: Option<&Path>) -> Result<Renames, String> {
    let mut table = Renames::builtin().clone();
    if let Some(path) = path {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mine = Renames::parse(&path.display().to_string(), &text).map_err(|e| e.to_string())?;
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
        return Err("--name must not be empty".to_string());
    }
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let docs: Vec<String> = scopes.iter().map(|d| d.path.clone()).collect();
    let answer = ismap.lookup_with(name, renames);
    let report = LookupReport::new(&answer, &docs);
    match format {
        LookupFormat::Text => say(&report.message),
        LookupFormat::Json => print_json(&report)?,
    }
    Ok(if report.found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn diff(old: &Path, new: &Path, kind: Kind, format: OutlineFormat, renames: &Renames) -> Run {
    let scopes = read_scopes(&[old.to_path_buf(), new.to_path_buf()], kind)?;
    let (Some(o), Some(n)) = (scopes.first(), scopes.get(1)) else {
        return Err("diff needs two documents".to_string());
    };
    let d = o.diff(n, renames);
    match format {
        OutlineFormat::Json => print_json(&DiffReport::new(
            &old.display().to_string(),
            &new.display().to_string(),
            &d,
        ))?,
        OutlineFormat::Table => print_diff(o, n, &d),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_diff(o: &DocumentScope, n: &DocumentScope, d: &ScopeDiff) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "old: {} — {} ({} services)",
        o.path,
        o.title.as_deref().unwrap_or("untitled"),
        o.services.len()
    );
    let _ = writeln!(
        out,
        "new: {} — {} ({} services)",
        n.path,
        n.title.as_deref().unwrap_or("untitled"),
        n.services.len()
    );
    let _ = writeln!(out);
    let mut listed = |mark: &str, s: &Service| {
        let section = s.sources.first().map_or("", |x| x.section.as_str());
        let planned = if d.previously_planned.contains(&s.name) {
            " — planned in the older release"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{mark}  {} ({}, {section}){planned}",
            s.name, s.offering
        );
    };
    for s in &d.added {
        listed("+ added  ", s);
    }
    for s in &d.removed {
        listed("- removed", s);
    }
    for r in &d.renamed {
        let when = r
            .since
            .as_deref()
            .map(|s| format!(" (since {s})"))
            .unwrap_or_default();
        let _ = writeln!(out, "~ renamed  {} -> {}{when}", r.from.name, r.to.name);
    }
    for m in &d.moved {
        let _ = writeln!(
            out,
            "> moved    {}: {} {} -> {} {}",
            m.service.name, m.from_section, m.from_offering, m.to_section, m.to_offering
        );
    }
    let _ = writeln!(
        out,
        "\n{} added, {} removed, {} renamed, {} moved, {} unchanged.",
        d.added.len(),
        d.removed.len(),
        d.renamed.len(),
        d.moved.len(),
        d.unchanged
    );
}

/// Reads the names of a list: plain text, or a CSV column.
fn read_list(path: &Path, column: Option<&str>) -> Result<Vec<Listed>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (byte {}): save the list as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let Some(column) = column else {
        if is_csv {
            return Err(format!(
                "{}: a CSV list needs --column NAME (the column holding the service names)",
                path.display()
            ));
        }
        return Ok(parse_list(&text));
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let wanted = column.trim().to_lowercase();
    let index = headers
        .iter()
        .position(|h| h.trim().to_lowercase() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = headers.iter().collect();
            format!(
                "{}: no column \"{column}\" (columns: {})",
                path.display(),
                names.join(", ")
            )
        })?;
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        let name = record.get(index).unwrap_or("").trim();
        if !name.is_empty() && !name.starts_with('#') {
            out.push(Listed {
                name: name.to_string(),
                line: i + 2,
            });
        }
    }
    Ok(out)
}

fn check(
    files: &[PathBuf],
    list: &Path,
    column: Option<&str>,
    kind: Kind,
    format: ScopeFormat,
    renames: &Renames,
) -> Run {
    let names = read_list(list, column)?;
    if names.is_empty() {
        return Err(format!("{}: the list has no names", list.display()));
    }
    let scopes = read_scopes(files, kind)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let entries = check_list(&ismap, &names, renames);
    let summary = summarize(&entries);
    let docs: Vec<String> = scopes.iter().map(|d| d.path.clone()).collect();
    match format {
        ScopeFormat::Json => print_json(&CheckReport::new(
            &list.display().to_string(),
            &docs,
            &entries,
        ))?,
        ScopeFormat::Csv => print_check_csv(&entries).map_err(|e| format!("writing CSV: {e}"))?,
        ScopeFormat::Table => print_check_table(&entries, &scopes),
    }
    Ok(if summary.all_in_scope() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_check_csv(entries: &[CheckEntry]) -> Result<(), Box<dyn std::error::Error>> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record([
        "listed",
        "line",
        "status",
        "service",
        "offering",
        "sections",
        "suggestions",
        "note",
    ])?;
    for e in entries {
        let sections: Vec<String> = e
            .service
            .iter()
            .flat_map(|s| {
                s.sources
                    .iter()
                    .map(|x| format!("{} {}", x.document, x.section))
            })
            .collect();
        w.write_record([
            e.listed.as_str(),
            &e.line.to_string(),
            e.status.as_str(),
            e.service.as_ref().map_or("", |s| s.name.as_str()),
            e.service.as_ref().map_or("", |s| s.offering.as_str()),
            &sections.join("; "),
            &e.suggestions.join("; "),
            e.note.as_deref().unwrap_or(""),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn print_check_table(entries: &[CheckEntry], scopes: &[DocumentScope]) {
    let mut out = std::io::stdout().lock();
    let width = entries
        .iter()
        .map(|e| e.listed.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 48);
    let _ = writeln!(
        out,
        "{:<width$}  {:<9}  IN SCOPE AS / SUGGESTIONS",
        "LISTED", "STATUS"
    );
    for e in entries {
        let detail = match (&e.service, e.status) {
            (Some(s), _) => {
                let section = s.sources.first().map_or(String::new(), |x| {
                    format!(" ({} {})", file_name(&x.document), x.section)
                });
                let note = e
                    .note
                    .as_deref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default();
                format!("{}{section}{note}", s.name)
            }
            (None, _) => {
                let mut d = String::new();
                if let Some(n) = &e.note {
                    d.push_str(n);
                    d.push_str("; ");
                }
                if e.suggestions.is_empty() {
                    d.push_str("no similar name in scope");
                } else {
                    d.push_str("closest: ");
                    d.push_str(&e.suggestions.join(", "));
                }
                d
            }
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<9}  {detail}",
            e.listed,
            e.status.as_str()
        );
    }
    let docs: Vec<String> = scopes
        .iter()
        .map(|d| file_name(&d.path).to_string())
        .collect();
    let _ = writeln!(out, "\n{}", summarize(entries).describe(&docs));
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
