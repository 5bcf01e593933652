//! `ssp_scope`: which cloud services are inside a FedRAMP SSP's audited boundary.
//!
//! ```text
//! ssp_scope                                   scope of the bundled sample Azure and Office 365 SSPs
//! ssp_scope outline FILE [--format table|json]
//! ssp_scope scope FILE... [--kind auto|azure|office365] [--format table|json|csv|xlsx] [--output FILE] [--bom]
//! ssp_scope lookup FILE... --name NAME [--kind ...] [--format text|json]
//! ssp_scope diff OLD.docx NEW.docx [--format table|json|csv] [--bom]
//! ssp_scope check FILE... --list LIST [--sheet NAME] [--column NAME] [--encoding ENC]
//!                 [--format table|json|csv|xlsx] [--output FILE] [--bom]
//! every command: [--lang ja|en]   (default: from LC_ALL, LC_MESSAGES, LANG)
//! ```
//!
//! Exit codes: 0 success (`lookup`: found; `check`: every listed name in scope), 1 `lookup`: not
//! found, `check`: some name not found or only planned; 2 usage or input error (one line on
//! stderr). Every answer — JSON, CSV rows, text, sentences — comes from the library's reports;
//! this program parses arguments and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use fedramp_ssp::{
    CheckReport, DiffReport, Document, DocumentScope, Error, IsmapScope, Lang, ListReader,
    LookupReport, OutlineReport, Profile, ProfileChoice, Renames, Rows, ScopeReport, SspKind,
    UsageError, check_list, summarize, write_report,
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
    /// The language of what a person reads: ja or en (default: from LC_ALL, LC_MESSAGES,
    /// LANG; a ja locale gives Japanese).
    #[arg(long, global = true)]
    lang: Option<String>,
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
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = RowsFormat::Table)]
        format: RowsFormat,
        #[command(flatten)]
        output: Output,
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
        #[command(flatten)]
        output: Output,
        /// An extra rename table, taking precedence over the built-in one.
        #[arg(long)]
        renames: Option<PathBuf>,
    },
    /// Check a list of service names against the scope. Exit 0 when every name is in scope.
    Check {
        /// The .docx files (Azure and/or Office 365 SSPs).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The list: a workbook (.xlsx, .xlsm, .xls, .ods), CSV, or plain text, one name a
        /// line (`#` comments); UTF-8, UTF-16 with a BOM or Shift_JIS (CP932).
        #[arg(long)]
        list: PathBuf,
        /// For a workbook: the sheet (default: the first with a service column).
        #[arg(long)]
        sheet: Option<String>,
        /// For a workbook or CSV list: the column holding the names (default: the one headed
        /// "Service", "Service Name", "サービス名", "サービス", ...).
        #[arg(long)]
        column: Option<String>,
        /// For a text or CSV list: its encoding, utf-8, utf-16le, utf-16be or cp932 (default:
        /// detected).
        #[arg(long)]
        encoding: Option<String>,
        /// The kind of SSP; `auto` detects it.
        #[arg(long, value_enum, default_value_t = Kind::Auto)]
        kind: Kind,
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = RowsFormat::Table)]
        format: RowsFormat,
        #[command(flatten)]
        output: Output,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RowsFormat {
    Table,
    Json,
    Csv,
    Xlsx,
}

/// Where and how rows are written.
#[derive(clap::Args)]
struct Output {
    /// Write to this file instead of standard output (needed for xlsx).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Start CSV with a UTF-8 byte-order mark, so that Excel opens it as UTF-8 (the default
    /// with --lang ja).
    #[arg(long)]
    bom: bool,
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
    /// A library error and its sources, on one line in `lang`; prefixed with the file unless
    /// the message names it already.
    fn of(path: Option<&Path>, e: &Error, lang: Lang) -> Failure {
        let text = e.full_message(lang);
        match path {
            Some(p) if !e.names_its_file() => Failure(format!("{}: {text}", p.display())),
            _ => Failure(text),
        }
    }
}

type Run = Result<ExitCode, Failure>;

/// What every command is run with.
struct Ctx {
    lang: Lang,
}

/// The library catches a panic of the spreadsheet reader (calamine) on a damaged .xls and
/// returns it as an error, which is printed; the default hook would print the panic as well.
/// Every other panic is printed as usual.
fn quiet_spreadsheet_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"))
        {
            default(info);
        }
    }));
}

fn main() -> ExitCode {
    quiet_spreadsheet_reader_panics();
    // The language asked for, before the arguments are parsed: for the help and the mistakes.
    let asked = lang_of_arguments();
    let parsed = help_in(Cli::command(), asked)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            fail(&usage_error(&e).message(asked));
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
    let lang = match cli.lang.as_deref().map(str::parse::<Lang>) {
        None => Lang::from_env(),
        Some(Ok(lang)) => lang,
        Some(Err(e)) => {
            fail(&Failure::of(None, &e, Lang::from_env()).0);
            return ExitCode::from(2);
        }
    };
    match run(cli.command, &Ctx { lang }) {
        Ok(code) => code,
        Err(Failure(message)) => {
            fail(&message);
            ExitCode::from(2)
        }
    }
}

/// The help in the reader's language (a mistake on the command line is worded by the
/// library, [`UsageError`]; the help describes this program's own arguments, so it is here).
fn help_in(mut command: clap::Command, lang: Lang) -> clap::Command {
    if lang != Lang::Ja {
        return command;
    }
    // Built first, so that the arguments and the command clap adds (--help, --version, help)
    // are there to be described too.
    command.build();
    let mut command = in_japanese(command, "")
        .about("FedRAMP の SSP（.docx）で監査範囲に含まれるクラウドサービス（すなわち ISMAP の対象範囲）を調べます")
        .after_help("コマンドを指定しないときは、同梱のサンプル（Azure と Office 365 の SSP）の範囲を表示します。")
        .subcommand_help_heading("コマンド");
    for (name, about) in JA_COMMANDS {
        command = command.mut_subcommand(name, |c| in_japanese(c.about(about), name));
    }
    command.mut_subcommand("help", |c| {
        c.about("このヘルプ、または指定したコマンドのヘルプを表示します")
    })
}

/// A command's arguments, headings and usage line in Japanese; `name`: the subcommand (""
/// for the program).
fn in_japanese(command: clap::Command, name: &str) -> clap::Command {
    let mut command = command
        .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
        .mut_args({
            // Under headings of their own, clap would list the arguments by name otherwise.
            let mut order = 0;
            move |arg| {
                order += 1;
                japanese_arg(arg.display_order(order), name)
            }
        });
    // clap's usage line with the arguments' Japanese placeholders, and its own words.
    let usage = command.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let usage = usage
        .replace("[OPTIONS]", "[オプション]")
        .replace("[COMMAND]", "[コマンド]");
    command.override_usage(usage)
}

/// An argument of the command `name` described in Japanese, under a Japanese heading.
fn japanese_arg(arg: clap::Arg, name: &str) -> clap::Arg {
    let heading = if arg.is_positional() {
        "引数"
    } else {
        "オプション"
    };
    let id = arg.get_id().as_str().to_string();
    let of = |command: &str| {
        JA_ARGUMENTS
            .iter()
            .find(|(c, a, _)| *c == command && *a == id)
            .map(|(_, _, help)| *help)
    };
    let mut arg = arg.help_heading(heading);
    if let Some((_, placeholder)) = JA_PLACEHOLDERS.iter().find(|(a, _)| *a == id) {
        arg = arg.value_name(*placeholder);
    }
    match of(name).or_else(|| of("")) {
        // The defaults and values are in the Japanese help.
        Some(help) if arg.get_action().takes_values() => arg
            .help(help)
            .hide_default_value(true)
            .hide_possible_values(true),
        Some(help) => arg.help(help),
        None => arg,
    }
}

/// The placeholders of the arguments' values in Japanese: (argument, placeholder). An argument
/// that takes a value and is not here keeps clap's (a test fails).
const JA_PLACEHOLDERS: [(&str, &str); 14] = [
    ("file", "ファイル"),
    ("files", "ファイル"),
    ("old", "旧版"),
    ("new", "新版"),
    ("list", "リスト"),
    ("sheet", "シート"),
    ("column", "列"),
    ("encoding", "文字コード"),
    ("name", "名前"),
    ("kind", "種類"),
    ("format", "形式"),
    ("output", "出力先"),
    ("renames", "名称変更表"),
    ("lang", "言語"),
];

/// The commands' descriptions in Japanese.
const JA_COMMANDS: [(&str, &str); 5] = [
    (
        "outline",
        "SSP の見出しを、Word が表示するとおりの番号付きで表示します",
    ),
    (
        "scope",
        "SSP（1 つ以上）の監査範囲に含まれるサービスを一覧にします",
    ),
    (
        "lookup",
        "サービスが範囲に含まれるかを答えます。見つかれば終了コード 0、見つからなければ 1",
    ),
    (
        "diff",
        "2 つの版の違い: 追加、削除、名称変更、移動したサービス",
    ),
    (
        "check",
        "サービス名のリストを範囲と照合します。すべて範囲内なら終了コード 0",
    ),
];

/// The arguments' help in Japanese: (command, argument, help); command "" for every command
/// that has no entry of its own.
const JA_ARGUMENTS: [(&str, &str, &str); 20] = [
    (
        "",
        "lang",
        "表示の言語: ja または en（既定: LC_ALL、LC_MESSAGES、LANG から。ja のロケールなら日本語）",
    ),
    ("", "version", "バージョンを表示します"),
    ("", "help", "このヘルプを表示します"),
    (
        "",
        "kind",
        "SSP の種類: auto、azure、office365（既定: auto。表紙と見出しから判定）",
    ),
    (
        "",
        "renames",
        "追加の名称変更表（組み込みの表と同じ形式）。組み込みの表より優先します",
    ),
    (
        "",
        "output",
        "標準出力でなくこのファイルに書きます（xlsx では必須）",
    ),
    (
        "",
        "bom",
        "CSV の先頭に UTF-8 の BOM を付け、Excel で UTF-8 として開けるようにします（--lang ja では既定）",
    ),
    ("outline", "file", ".docx ファイル"),
    ("outline", "format", "出力形式: table、json（既定: table）"),
    ("lookup", "files", "調べる .docx ファイル"),
    (
        "lookup",
        "name",
        "サービス名。ふだん書くとおりに（\"AKS\"、\"azure kubernetes service\"）",
    ),
    ("lookup", "format", "出力形式: text、json（既定: text）"),
    (
        "",
        "files",
        ".docx ファイル（Azure と Office 365 の SSP のどちらでも）",
    ),
    (
        "",
        "format",
        "出力形式: table、json、csv、xlsx（既定: table。xlsx には --output が必要）",
    ),
    ("diff", "old", "古い版"),
    ("diff", "new", "新しい版"),
    (
        "check",
        "list",
        "リスト: ブック（.xlsx、.xlsm、.xls、.ods）、CSV、またはテキスト（1 行に 1 つの名前、# はコメント）。UTF-8、BOM 付き UTF-16、Shift_JIS（CP932）",
    ),
    (
        "check",
        "sheet",
        "ブックのシート（既定: サービス名の列がある最初のシート）",
    ),
    (
        "check",
        "column",
        "ブックや CSV で名前が入った列（既定: 見出しが「サービス名」「サービス」「Service」などの列）",
    ),
    (
        "check",
        "encoding",
        "テキストや CSV の文字コード: utf-8、utf-16le、utf-16be、cp932（既定: 自動判定）",
    ),
];

/// clap's mistake as the library words it: the arguments, values and suggestions clap found,
/// or, for other mistakes, clap's message on one line (without the usage block and clap's own
/// pointer to --help, which the library adds once).
fn usage_error(e: &clap::Error) -> UsageError {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let all = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let one = |kind| all(kind).into_iter().next();
    let other = || UsageError::Other(clap_line(&e.to_string()));
    let argument = one(ContextKind::InvalidArg);
    match (e.kind(), argument) {
        (ErrorKind::MissingRequiredArgument, _) => {
            UsageError::Missing(all(ContextKind::InvalidArg))
        }
        (ErrorKind::UnknownArgument, Some(argument)) => UsageError::UnknownArgument {
            argument,
            suggestion: one(ContextKind::SuggestedArg),
        },
        (ErrorKind::InvalidSubcommand, _) => match one(ContextKind::InvalidSubcommand) {
            Some(command) => UsageError::UnknownCommand {
                command,
                suggestion: one(ContextKind::SuggestedSubcommand),
            },
            None => other(),
        },
        (ErrorKind::InvalidValue, Some(argument)) => match one(ContextKind::InvalidValue) {
            Some(value) => UsageError::InvalidValue {
                argument,
                value,
                valid: all(ContextKind::ValidValue),
            },
            None => other(),
        },
        (ErrorKind::ArgumentConflict, Some(argument)) => UsageError::Conflict {
            argument,
            with: one(ContextKind::PriorArg),
        },
        _ => other(),
    }
}

/// clap's message on one line: the error and its tip, without the usage block and clap's own
/// pointer to --help. A line that introduces the next ("... were not provided:") runs on into it.
fn clap_line(message: &str) -> String {
    let mut line = String::new();
    let lines = message
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"));
    for piece in lines {
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') { " " } else { "; " });
        }
        line.push_str(piece);
    }
    line.trim_start_matches("error: ").to_string()
}

/// The language for a command line clap could not parse: `--lang` if it was given a language,
/// else the environment's.
fn lang_of_arguments() -> Lang {
    let arguments: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let given = arguments.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=").or_else(|| {
            (a == "--lang")
                .then(|| arguments.get(i + 1).map(String::as_str))
                .flatten()
        })
    });
    given
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(Lang::from_env)
}

/// Prints a failure as one line on stderr, whatever the path or document holds.
fn fail(message: &str) {
    let line = fedramp_ssp::terminal_safe(message);
    let _ = writeln!(std::io::stderr().lock(), "ssp_scope: {line}");
}

fn run(command: Option<Command>, ctx: &Ctx) -> Run {
    match command {
        Some(Command::Outline { file, format }) => outline(&file, format, ctx),
        Some(Command::Scope {
            files,
            kind,
            format,
            output,
        }) => scope(&files, kind, format, &output, ctx),
        Some(Command::Lookup {
            files,
            name,
            kind,
            format,
            renames,
        }) => {
            let renames = rename_table(renames.as_deref(), ctx)?;
            lookup(&files, &name, kind, format, &renames, ctx)
        }
        Some(Command::Diff {
            old,
            new,
            kind,
            format,
            output,
            renames,
        }) => {
            let renames = rename_table(renames.as_deref(), ctx)?;
            diff(&old, &new, kind, (format, &output), &renames, ctx)
        }
        Some(Command::Check {
            files,
            list,
            sheet,
            column,
            encoding,
            kind,
            format,
            output,
            renames,
        }) => {
            let reader = list_reader(sheet, column, encoding, ctx)?;
            let renames = rename_table(renames.as_deref(), ctx)?;
            check(
                &files,
                &list,
                &reader,
                kind,
                (format, &output),
                &renames,
                ctx,
            )
        }
        None => bundled(ctx),
    }
}

/// Writes text to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    print(&json_text(value)?);
    Ok(())
}

fn json_text(value: &impl Serialize) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Failure(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Writes text or CSV to the output file, or to stdout.
fn emit(bytes: &[u8], output: &Output, ctx: &Ctx) -> Result<(), Failure> {
    match &output.output {
        Some(path) => write_report(path, bytes).map_err(|e| Failure::of(None, &e, ctx.lang)),
        None => {
            let _ = std::io::stdout().lock().write_all(bytes);
            Ok(())
        }
    }
}

/// CSV rows, with a byte-order mark when asked (and by default in Japanese, for Excel).
fn emit_csv(rows: &Rows, output: &Output, ctx: &Ctx) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    if output.bom || ctx.lang == Lang::Ja {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    rows.write_csv(&mut bytes)
        .map_err(|e| Failure(format!("CSV: {e}")))?;
    emit(&bytes, output, ctx)
}

/// The file a workbook is written to: --output, required.
fn xlsx_path<'a>(output: &'a Output, ctx: &Ctx) -> Result<&'a Path, Failure> {
    output.output.as_deref().ok_or_else(|| {
        let e = Error::NeedsOption {
            option: "--format xlsx",
            needs: "--output FILE.xlsx",
        };
        Failure::of(None, &e, ctx.lang)
    })
}

/// The reports that print as rows (`scope`, `diff`, `check`), in every `--format`.
trait RowsReport: Serialize {
    /// The command, for messages.
    const COMMAND: &'static str;
    /// Whether it has a workbook form.
    const XLSX: bool = true;
    fn table(&self) -> Rows;
    fn to_text(&self) -> String;
    fn write_xlsx(&self, path: &Path) -> fedramp_ssp::Result<()>;
}

/// The library's report types already have these methods; the trait only names them together.
macro_rules! rows_report {
    ($report:ty, $command:literal) => {
        impl RowsReport for $report {
            const COMMAND: &'static str = $command;
            fn table(&self) -> Rows {
                <$report>::table(self)
            }
            fn to_text(&self) -> String {
                <$report>::to_text(self)
            }
            fn write_xlsx(&self, path: &Path) -> fedramp_ssp::Result<()> {
                <$report>::write_xlsx(self, path)
            }
        }
    };
}

rows_report!(ScopeReport, "scope");
rows_report!(CheckReport, "check");

impl RowsReport for DiffReport {
    const COMMAND: &'static str = "diff";
    const XLSX: bool = false;
    fn table(&self) -> Rows {
        DiffReport::table(self)
    }
    fn to_text(&self) -> String {
        DiffReport::to_text(self)
    }
    fn write_xlsx(&self, _: &Path) -> fedramp_ssp::Result<()> {
        Err(no_workbook::<Self>())
    }
}

/// `--format xlsx` for a report that has no workbook form.
fn no_workbook<R: RowsReport>() -> Error {
    Error::InvalidOption {
        option: format!("{} --format", R::COMMAND),
        value: "xlsx".to_string(),
        expected: "table, json or csv",
    }
}

/// A row report in the chosen format, to `--output` or stdout.
fn emit_report<R: RowsReport>(
    report: &R,
    (format, output): (RowsFormat, &Output),
    ctx: &Ctx,
) -> Result<(), Failure> {
    let failed = |e: Error| Failure::of(None, &e, ctx.lang);
    match format {
        RowsFormat::Json => emit(json_text(report)?.as_bytes(), output, ctx),
        RowsFormat::Csv => emit_csv(&report.table(), output, ctx),
        RowsFormat::Table => emit(report.to_text().as_bytes(), output, ctx),
        RowsFormat::Xlsx if !R::XLSX => Err(failed(no_workbook::<R>())),
        RowsFormat::Xlsx => report.write_xlsx(xlsx_path(output, ctx)?).map_err(failed),
    }
}

fn outline(path: &Path, format: OutlineFormat, ctx: &Ctx) -> Run {
    let failed = |e: Error| Failure::of(Some(path), &e, ctx.lang);
    let mut doc = Document::open(path).map_err(failed)?;
    let outline = doc.outline().map_err(failed)?;
    let report = OutlineReport::new_in(&path.display().to_string(), &outline, ctx.lang);
    match format {
        OutlineFormat::Json => print_json(&report)?,
        OutlineFormat::Table => print(&report.to_text()),
    }
    Ok(ExitCode::SUCCESS)
}

/// The files read in parallel (one thread per core); the first failure in the order given.
fn read_scopes(files: &[PathBuf], kind: Kind, ctx: &Ctx) -> Result<Vec<DocumentScope>, Failure> {
    DocumentScope::read_all(files, &kind.choice())
        .into_iter()
        .zip(files)
        .map(|(scope, path)| scope.map_err(|e| Failure::of(Some(path), &e, ctx.lang)))
        .collect()
}

fn scope(files: &[PathBuf], kind: Kind, format: RowsFormat, output: &Output, ctx: &Ctx) -> Run {
    let report = ScopeReport::new_in(&read_scopes(files, kind, ctx)?, ctx.lang);
    emit_report(&report, (format, output), ctx)?;
    Ok(ExitCode::SUCCESS)
}

fn rename_table(path: Option<&Path>, ctx: &Ctx) -> Result<Renames, Failure> {
    let mut table = Renames::builtin().clone();
    if let Some(path) = path {
        let mine = Renames::read(path).map_err(|e| Failure::of(Some(path), &e, ctx.lang))?;
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
    ctx: &Ctx,
) -> Run {
    if name.trim().is_empty() {
        return Err(Failure::of(None, &Error::EmptyQuery, ctx.lang));
    }
    let scopes = read_scopes(files, kind, ctx)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let docs: Vec<String> = scopes.iter().map(|d| d.path.clone()).collect();
    let report = LookupReport::new_in(&ismap.lookup_with(name, renames), &docs, ctx.lang);
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

fn diff(
    old: &Path,
    new: &Path,
    kind: Kind,
    (format, output): (RowsFormat, &Output),
    renames: &Renames,
    ctx: &Ctx,
) -> Run {
    let scopes = read_scopes(&[old.to_path_buf(), new.to_path_buf()], kind, ctx)?;
    let (Some(o), Some(n)) = (scopes.first(), scopes.get(1)) else {
        return Err(Failure("diff needs two documents".to_string()));
    };
    let report = DiffReport::new_in(o, n, &o.diff(n, renames), ctx.lang);
    emit_report(&report, (format, output), ctx)?;
    Ok(ExitCode::SUCCESS)
}

fn list_reader(
    sheet: Option<String>,
    column: Option<String>,
    encoding: Option<String>,
    ctx: &Ctx,
) -> Result<ListReader, Failure> {
    let mut reader = ListReader::new();
    if let Some(s) = sheet {
        reader = reader.sheet(&s);
    }
    if let Some(c) = column {
        reader = reader.column(&c);
    }
    if let Some(e) = encoding {
        reader = reader
            .encoding(&e)
            .map_err(|e| Failure::of(None, &e, ctx.lang))?;
    }
    Ok(reader)
}

fn check(
    files: &[PathBuf],
    list: &Path,
    reader: &ListReader,
    kind: Kind,
    (format, output): (RowsFormat, &Output),
    renames: &Renames,
    ctx: &Ctx,
) -> Run {
    let failed = |e: Error| Failure::of(Some(list), &e, ctx.lang);
    let names = reader.read(list).map_err(failed)?;
    let scopes = read_scopes(files, kind, ctx)?;
    let ismap = IsmapScope::from_scopes(&scopes);
    let entries = check_list(&ismap, &names, renames);
    let docs: Vec<String> = scopes.iter().map(|d| d.path.clone()).collect();
    let report = CheckReport::new_in(&list.display().to_string(), &docs, &entries, ctx.lang)
        .with_ssps(&scopes);
    emit_report(&report, (format, output), ctx)?;
    Ok(if summarize(&entries).all_in_scope() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn bundled(ctx: &Ctx) -> Run {
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
    let scopes = read_scopes(&files, Kind::Auto, ctx)?;
    if !scopes.iter().any(|s| s.kind == SspKind::Azure) {
        return Err(Failure(
            "the bundled Azure sample was not recognized as an Azure SSP".to_string(),
        ));
    }
    print(&ScopeReport::new_in(&scopes, ctx.lang).to_text());
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let next = match ctx.lang {
        Lang::Ja => "\n次に、サービスを調べるには例えば:\n",
        _ => "\nNext: look a service up, e.g.\n",
    };
    print(&format!(
        "{next}  cargo run --release --example ssp_scope -- lookup {} --name AKS\n",
        names.join(" ")
    ));
    Ok(ExitCode::SUCCESS)
}
