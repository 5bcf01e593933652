//! The ISMAP user's day (issue 12), as the example runs it: Japanese from the locale or
//! `--lang ja`, aligned by display width; CSV with a byte-order mark for Excel; results as a
//! workbook that reads back (with calamine) as the JSON says; every sentence in both languages.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use fedramp_ssp::{CheckStatus, Lang, Notice, Remark};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const AZURE: &str = "fixtures/samples/azure-ssp.docx";
const O365: &str = "fixtures/samples/office365-ssp.docx";
const LIST: &str = "fixtures/lists/ismap-azure-1-2020.xlsx";

fn out(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap_or_else(|e| panic!("{e}"))
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap_or_else(|e| panic!("{e}"))
}

fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// The display column where each line's `n`th column starts, found from the header's words.
fn column_starts(line: &str, n: usize) -> Option<usize> {
    // Columns are separated by two or more spaces.
    let mut col = 0;
    let mut seen = 0;
    let mut spaces = 0;
    for ch in line.chars() {
        if ch == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 || (seen == 0 && col == 0) {
                if seen == n {
                    return Some(col);
                }
                seen += 1;
            }
            spaces = 0;
        }
        col += UnicodeWidthStr::width(ch.encode_utf8(&mut [0; 4]) as &str);
    }
    None
}

#[test]
fn a_japanese_locale_gives_japanese_aligned_by_display_width() {
    let o = common::run_example_in(&["check", AZURE, O365, "--list", LIST], "ja_JP.UTF-8");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let text = out(&o);
    let lines: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert!(lines.len() > 50, "{text}");
    assert!(lines[0].starts_with("リストの名前"), "{}", lines[0]);
    // Every row's second column (the status, Japanese) starts where the header's does, and
    // so does the third.
    for n in [1, 2] {
        let want = column_starts(lines[0], n);
        for l in &lines[1..] {
            assert_eq!(column_starts(l, n), want, "column {n} of {l:?}");
        }
    }
    assert!(text.contains("記載なし") && text.contains("対象"), "{text}");
    assert!(text.contains("ISMAP の認証"), "{text}");

    // --lang en overrides the locale; LANG=C gives English.
    let o = common::run_example_in(
        &["lookup", AZURE, "--name", "AKS", "--lang", "en"],
        "ja_JP.UTF-8",
    );
    assert!(out(&o).starts_with("\"AKS\" is in scope"), "{}", out(&o));
    let o = common::run_example_in(&["lookup", AZURE, "--name", "AKS", "--lang", "ja"], "C");
    assert!(
        out(&o).starts_with("「AKS」は FedRAMP の監査範囲に含まれています"),
        "{}",
        out(&o)
    );
    // A name typed in Japanese quotes, as a cell may hold it, is found and quoted once.
    let o = common::run_example_in(&["lookup", AZURE, "--name", "「AKS」", "--lang", "ja"], "C");
    assert!(
        out(&o).starts_with("「AKS」は FedRAMP の監査範囲に含まれています"),
        "{}",
        out(&o)
    );
}

#[test]
fn lookups_found_and_not_found_in_japanese_keep_json_values() {
    for (name, found) in [
        ("AKS", true),
        ("Azure Sentinel", true),
        ("Azure Quantum", false),
    ] {
        let o = common::run_example_in(
            &["lookup", AZURE, O365, "--name", name, "--format", "json"],
            "ja_JP.UTF-8",
        );
        assert_eq!(o.status.code(), Some(if found { 0 } else { 1 }), "{name}");
        let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
        // Keys and values are the contract; the sentence is Japanese.
        assert_eq!(v["found"], found, "{name}");
        let status = v["status"].as_str().unwrap_or_default();
        assert!(
            ["in-scope", "renamed", "not-found"].contains(&status),
            "{status}"
        );
        assert!(
            has_japanese(v["message"].as_str().unwrap_or_default()),
            "{v}"
        );
    }
}

#[test]
fn errors_are_one_japanese_line_with_exit_2() {
    for args in [
        vec!["check", AZURE, "--list", "fixtures/lists/protected.xlsx"],
        vec![
            "check",
            AZURE,
            "--list",
            "fixtures/lists/not-a-workbook.xlsx",
        ],
        vec!["check", AZURE, "--list", LIST, "--sheet", "Services"],
        vec!["check", AZURE, "--list", LIST, "--column", "Product"],
        vec!["lookup", "fixtures/none.docx", "--name", "AKS"],
        vec!["lookup", AZURE, "--name", " "],
        vec!["scope", AZURE, "--format", "xlsx"],
        vec!["scope", AZURE, "--lang", "fr"],
        vec!["check", AZURE, "--list", O365],
    ] {
        let o = common::run_example_in(&args, "ja_JP.UTF-8");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert_eq!(e.trim_end().lines().count(), 1, "{args:?}: {e}");
        assert!(has_japanese(&e), "{args:?}: {e}");
    }
}

/// What is damaged in a damaged file, said in Japanese: not the zip reader's, the decoder's or
/// the XML parser's English words, which the English line keeps.
#[test]
fn what_is_damaged_is_said_in_japanese() {
    for (path, japanese, english) in [
        (
            "fixtures/hostile/bad-crc.docx",
            "が壊れています（CRC が一致しません）。",
            "(Invalid checksum)",
        ),
        (
            "fixtures/hostile/invalid-utf8.docx",
            "（1 バイトが UTF-8 の文字になっていません）",
            "(1 byte(s) form no UTF-8 character)",
        ),
        (
            "fixtures/hostile/malformed-xml.docx",
            "XML が壊れています: 終了タグ </w:r> が、開いている要素 <w:t> と対応していません（",
            "ill-formed document: expected `</w:t>`, but `</w:r>` was found",
        ),
        (
            "fixtures/hostile/not-word.zip",
            "Word 文書ではありません",
            "not a Word document",
        ),
    ] {
        let o = common::run_example_in(&["scope", path], "ja_JP.UTF-8");
        assert_eq!(o.status.code(), Some(2), "{path}");
        let e = err(&o);
        assert!(e.contains(japanese), "{e}");
        assert!(!e.contains(english), "{e}");
        let o = common::run_example_in(&["scope", path], "C");
        assert!(err(&o).contains(english), "{}", err(&o));
    }
    // And what a file given as the list is instead.
    for (list, japanese, english) in [
        (
            "fixtures/lists/not-a-workbook.xlsx",
            ": PNG 画像です",
            ": a PNG image",
        ),
        (
            "fixtures/hostile/lists/damaged-record.xls",
            ": 表計算ファイルとして読もうとしましたが、壊れたデータがあり読めませんでした",
            ": the spreadsheet reader failed on damaged data in it",
        ),
    ] {
        let args = ["check", AZURE, "--list", list];
        let o = common::run_example_in(&args, "ja_JP.UTF-8");
        assert_eq!(o.status.code(), Some(2), "{list}");
        assert!(err(&o).trim_end().ends_with(japanese), "{}", err(&o));
        let o = common::run_example_in(&args, "C");
        assert!(err(&o).trim_end().ends_with(english), "{}", err(&o));
    }
}

/// Why a file cannot be read or written, said in Japanese: not the system's English words.
#[test]
fn a_file_that_cannot_be_read_says_why_in_japanese() {
    for (path, why) in [
        ("fixtures/none.docx", "ファイルがありません"),
        ("fixtures", "フォルダーです"),
    ] {
        let o = common::run_example_in(&["scope", path], "ja_JP.UTF-8");
        assert_eq!(o.status.code(), Some(2), "{path}");
        let e = err(&o);
        let said = format!("ssp_scope: {path} を読めません: {why}");
        assert!(e.starts_with(&said), "{e}");
        assert!(!e.contains("directory") && !e.contains("os error"), "{e}");
        let o = common::run_example_in(&["scope", path], "C");
        assert!(err(&o).starts_with(&format!("ssp_scope: cannot read {path}: ")));
    }
    // And why a result cannot be written: a workbook or a CSV into a folder that is not there,
    // or over a folder.
    for (format, output, why) in [
        (
            "xlsx",
            "fixtures/no-such-folder/out.xlsx",
            "書き込み先のフォルダーがありません",
        ),
        (
            "csv",
            "fixtures/no-such-folder/out.csv",
            "書き込み先のフォルダーがありません",
        ),
        (
            "csv",
            "fixtures",
            "フォルダーです。保存するファイルの名前を指定してください",
        ),
    ] {
        let args = ["scope", AZURE, "--format", format, "--output", output];
        let o = common::run_example_in(&args, "ja_JP.UTF-8");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = err(&o);
        assert_eq!(
            e.trim_end(),
            format!("ssp_scope: {output} に書き込めません: {why}")
        );
        let o = common::run_example_in(&args, "C");
        assert!(err(&o).starts_with(&format!("ssp_scope: cannot write {output}: ")));
    }
}

#[test]
fn csv_starts_with_a_bom_under_japanese_or_when_asked() {
    let bom = |o: &std::process::Output| o.stdout.starts_with("\u{feff}".as_bytes());
    let args = ["scope", O365, "--format", "csv"];
    assert!(!bom(&common::run_example_in(&args, "C")));
    assert!(bom(&common::run_example_in(&args, "ja_JP.UTF-8")));
    let with = [&args[..], &["--bom"]].concat();
    assert!(bom(&common::run_example_in(&with, "C")));
}

fn sheet_rows(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{e}"));
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{sheet}: {e}"));
    range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn the_check_workbook_holds_the_rows_of_the_json() {
    let dir = std::env::temp_dir().join(format!("fedramp-ssp-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("check.xlsx");
    let path_text = path.display().to_string();
    let base = ["check", AZURE, O365, "--list", LIST];
    let o = common::run_example_in(
        &[&base[..], &["--format", "xlsx", "--output", &path_text]].concat(),
        "ja_JP.UTF-8",
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let json = common::run_example_in(&[&base[..], &["--format", "json"]].concat(), "C");
    let v: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    let entries = v["entries"].as_array().cloned().unwrap_or_default();

    let rows = sheet_rows(&path, "照合結果");
    assert_eq!(rows[0][..3], ["行", "リストの名前", "判定"]);
    assert_eq!(rows.len() - 1, entries.len());
    for (row, e) in rows[1..].iter().zip(&entries) {
        assert_eq!(row[0], e["line"].to_string());
        assert_eq!(row[1], e["listed"].as_str().unwrap_or_default());
        let status: CheckStatus =
            serde_json::from_value(e["status"].clone()).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(row[2], status.label(Lang::Ja));
        let service = e["service"]["name"].as_str().unwrap_or_default();
        assert_eq!(row[3], service);
        // The last column: what the table cites for the best match's steps (for a name not
        // found, for where the table leads it), each once.
        let mut cited: Vec<&str> = Vec::new();
        let steps = e["matches"][0]["via"]
            .as_array()
            .or(e["read_as"][0]["via"].as_array())
            .cloned()
            .unwrap_or_default();
        for step in &steps {
            for c in step["evidence"].as_array().into_iter().flatten() {
                let c = c.as_str().unwrap_or_default();
                if !cited.contains(&c) {
                    cited.push(c);
                }
            }
        }
        assert_eq!(
            row.last().map(String::as_str),
            Some(cited.join(" | ").as_str()),
            "{row:?}"
        );
    }
    assert_eq!(
        rows[0].last().map(String::as_str),
        Some("根拠（Microsoft の記載）")
    );
    assert!(
        rows.iter()
            .skip(1)
            .any(|r| r.last().is_some_and(|c| !c.is_empty())),
        "some name of the list is found through the table"
    );
    let ssps = sheet_rows(&path, "読み込んだ SSP");
    assert_eq!(ssps.len(), 3, "a header and the two SSPs");
    assert!(ssps[1][1].ends_with("azure-ssp.docx"), "{:?}", ssps[1]);
    assert!(ssps[1][0].contains("Azure"), "{:?}", ssps[1]);

    // The scope workbook: one row per service and place, as the JSON lists them.
    let path = dir.join("scope.xlsx");
    let path_text = path.display().to_string();
    let o = common::run_example(&[
        "scope", AZURE, O365, "--format", "xlsx", "--output", &path_text,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let json = common::run_example(&["scope", AZURE, O365, "--format", "json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    let places: usize = ["services", "planned", "not_authorized"]
        .iter()
        .flat_map(|k| v[*k].as_array().cloned().unwrap_or_default())
        .map(|s| s["sources"].as_array().map_or(0, Vec::len))
        .sum();
    let rows = sheet_rows(&path, "Scope");
    assert_eq!(rows.len() - 1, places);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_notice_remark_and_status_has_both_languages() {
    let notices = [
        Notice::Renumbered {
            number: "9.2.1".into(),
            found_title: "A".into(),
            expected_title: "B".into(),
            used_title: "C".into(),
            used_number: "9.3.1".into(),
        },
        Notice::FoundByTitle {
            number: "9.2.1".into(),
            used_title: "C".into(),
            used_number: "9.3.1".into(),
        },
        Notice::Retitled {
            number: "9.2.1".into(),
            found_title: "A".into(),
            expected_title: "B".into(),
        },
        Notice::SkippedCell {
            section: "9.2.1".into(),
            text: "X".into(),
        },
        Notice::MoreSkipped {
            section: "9.2.1".into(),
            count: 3,
        },
        Notice::StatesNone {
            number: "9.2.1".into(),
            title: "T".into(),
        },
    ];
    for n in &notices {
        assert!(
            !has_japanese(&n.text(Lang::En)) && has_japanese(&n.text(Lang::Ja)),
            "{n:?}"
        );
    }
    let remarks = [
        Remark::FormerName {
            service: "S".into(),
            former: "F".into(),
        },
        Remark::Included {
            service: "S".into(),
            included: "I".into(),
        },
        Remark::PartOf {
            service: "S".into(),
        },
        Remark::Nested {
            service: "S".into(),
            child: "C".into(),
        },
        Remark::Planned {
            places: "a.docx 9.2.1".into(),
        },
        Remark::Renamed {
            old: "O".into(),
            new: "N".into(),
            since: Some("2021-11".into()),
        },
        Remark::NotAuthorized {
            service: "S".into(),
            places: "a.docx 9.2.1".into(),
        },
        Remark::Retired {
            since: None,
            successor: Some("S".into()),
        },
        Remark::ReadAs {
            service: "S".into(),
        },
    ];
    for r in &remarks {
        assert!(
            !has_japanese(&r.text(Lang::En)) && has_japanese(&r.text(Lang::Ja)),
            "{r:?}"
        );
    }
    for s in [
        CheckStatus::InScope,
        CheckStatus::Renamed,
        CheckStatus::Included,
        CheckStatus::Planned,
        CheckStatus::NotFound,
    ] {
        assert!(
            !has_japanese(s.label(Lang::En)) && has_japanese(s.label(Lang::Ja)),
            "{s:?}"
        );
    }
}

/// A command line the argument parser cannot take is a one-line error in the reader's
/// language too: the locale's, or the one `--lang` asks for (found in the arguments even
/// though they failed to parse).
#[test]
fn usage_errors_speak_the_readers_language() {
    let cases: [(&[&str], &str, &str); 8] = [
        (
            &["check", AZURE],
            "ja_JP.UTF-8",
            "必要な引数が指定されていません: --list <リスト>（--help を参照）",
        ),
        (
            &["scope", "--formt", "json", AZURE],
            "ja_JP.UTF-8",
            "この引数は使えません: '--formt'。似た引数: '--format'（--help を参照）",
        ),
        (
            &["--lang", "ja", "scpoe", AZURE],
            "C",
            "このコマンドはありません: 'scpoe'。似たコマンド: 'scope'（--help を参照）",
        ),
        (
            &["scope", AZURE, "--format", "xml", "--lang=ja"],
            "C",
            "'xml' は '--format <形式>' に使えない値です（使える値: table, json, csv, xlsx）",
        ),
        (
            &["scope", AZURE, "--format", "json", "--format", "csv"],
            "ja_JP.UTF-8",
            "'--format <形式>' は一度しか指定できません（--help を参照）",
        ),
        (
            &["scope", AZURE, "--format", "json", "--format", "csv"],
            "C",
            "the argument '--format <FORMAT>' cannot be used multiple times (see --help)",
        ),
        (
            &["lookup", AZURE, "--name"],
            "ja_JP.UTF-8",
            "'--name <名前>' に値を指定してください（--help を参照）",
        ),
        (
            &["lookup", AZURE, "--name"],
            "C",
            "a value is required for '--name <NAME>' but none was supplied (see --help)",
        ),
    ];
    for (args, locale, said) in cases {
        let o = common::run_example_in(args, locale);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = err(&o);
        assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
        assert!(
            e.starts_with("ssp_scope: ") && e.contains(said),
            "{args:?}: {e}"
        );
    }
    // --lang en over a Japanese locale; a --lang that names no language leaves the locale's.
    let o = common::run_example_in(&["--lang", "en", "check", AZURE], "ja_JP.UTF-8");
    assert!(
        err(&o).contains("were not provided: --list <LIST> (see --help)"),
        "{}",
        err(&o)
    );
    let o = common::run_example_in(&["--lang", "xx", "scope"], "ja_JP.UTF-8");
    assert!(
        err(&o).contains("必要な引数が指定されていません"),
        "{}",
        err(&o)
    );
}

/// `--help` in Japanese: every command and every argument described in Japanese (a test that
/// fails when an argument is added without its Japanese help or placeholder), the values and
/// defaults in the text, the usage line's words and placeholders Japanese; in English, clap's
/// help as before.
#[test]
fn the_help_speaks_the_readers_language() {
    let commands = ["outline", "scope", "lookup", "diff", "check"];
    let o = common::run_example_in(&["--lang", "ja", "--help"], "C");
    assert_eq!(o.status.code(), Some(0));
    let root = out(&o);
    assert!(
        root.contains("使い方: ssp_scope") && root.contains("コマンド:"),
        "{root}"
    );
    for command in commands {
        let o = common::run_example_in(&[command, "--help"], "ja_JP.UTF-8");
        assert_eq!(o.status.code(), Some(0), "{command}");
        let help = out(&o);
        let about = help.lines().next().unwrap_or_default();
        assert!(
            !about.is_ascii() && help.contains("使い方: "),
            "{command}: {help}"
        );
        assert!(
            !help.contains("[default") && !help.contains("Print help"),
            "{help}"
        );
        assert!(
            !help.contains("[OPTIONS]") && !root.contains("[COMMAND]"),
            "{help}"
        );
        // Every placeholder (`<ファイル>`) is Japanese.
        for placeholder in help.split('<').skip(1).filter_map(|s| s.split('>').next()) {
            assert!(
                !placeholder.is_ascii(),
                "{command}: <{placeholder}>: {help}"
            );
        }
        // Every command and argument line: its description is Japanese.
        for line in help.lines().chain(root.lines()) {
            let entry = line.trim_start();
            if line.starts_with("  ") && !entry.is_empty() {
                let description = entry.split("  ").last().unwrap_or_default();
                assert!(!description.is_ascii(), "{command}: {line}");
            }
        }
    }
    let o = common::run_example_in(&["scope", "--help"], "ja_JP.UTF-8");
    assert!(
        out(&o).contains("出力形式: table、json、csv、xlsx"),
        "{}",
        out(&o)
    );
    let o = common::run_example_in(&["scope", "--help"], "C");
    let help = out(&o);
    assert!(
        help.contains("Usage: ssp_scope scope [OPTIONS] <FILES>...") && help.contains("Print help"),
        "{help}"
    );
}
