//! Every error in Japanese, as one line; the English is the `Display` of [`Error`]. The match
//! names every variant, so that an error without its Japanese does not compile.

use std::borrow::Cow;

use crate::error::{
    ArchiveError, Error, FileKind, ListLimit, ListProblem, NotWordReason, SectionContents,
    Unclosed, Utf8Problem, XmlProblem,
};
use crate::lang::Lang;
use crate::text::one_line;

impl Error {
    /// The error as one line in `lang` (English: its `Display`). Names from the document or
    /// the file system are escaped so that the line stays one inert line.
    ///
    /// ```
    /// use fedramp_ssp::{Error, Lang};
    ///
    /// let e = Error::EmptyQuery;
    /// assert_eq!(e.message(Lang::En), "the name to look up is empty");
    /// assert_eq!(e.message(Lang::Ja), "調べるサービス名が空です");
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja => japanese(self),
        }
    }

    /// The error and what caused it, as one line in `lang`: [`message`](Self::message), then
    /// each cause after a colon. The system's common reasons a file cannot be read or written
    /// (not found, not allowed, a folder) are said in Japanese too; other causes are the
    /// system's, the workbook writer's or the zip reader's own words.
    ///
    /// ```
    /// use fedramp_ssp::{Document, Lang};
    ///
    /// let e = Document::open("fixtures/no-such.docx").map(|_| ()).unwrap_err();
    /// assert!(e.full_message(Lang::En).starts_with("cannot read fixtures/no-such.docx: "));
    /// assert_eq!(
    ///     e.full_message(Lang::Ja),
    ///     "fixtures/no-such.docx を読めません: ファイルがありません"
    /// );
    /// ```
    pub fn full_message(&self, lang: Lang) -> String {
        let mut line = self.message(lang);
        let mut cause = std::error::Error::source(self);
        let writing = matches!(self, Error::Write { .. });
        while let Some(c) = cause {
            let own = c.downcast_ref::<std::io::Error>();
            let in_japanese = own
                .and_then(|e| io_reason_ja(e, writing))
                .or_else(|| c.downcast_ref::<ArchiveError>().and_then(archive_reason_ja));
            let said = match (lang, in_japanese) {
                (Lang::Ja, Some(reason)) => reason.to_string(),
                _ => one_line(&c.to_string()).into_owned(),
            };
            line.push_str(": ");
            line.push_str(&said);
            cause = c.source();
        }
        line
    }
}

/// The common reasons a file cannot be read or (`writing`) written, in Japanese.
fn io_reason_ja(e: &std::io::Error, writing: bool) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match (e.kind(), writing) {
        (K::NotFound, false) => "ファイルがありません",
        (K::NotFound, true) => "書き込み先のフォルダーがありません",
        (K::PermissionDenied, false) => "読む権限がありません",
        (K::PermissionDenied, true) => "書き込む権限がありません",
        (K::IsADirectory, false) => "フォルダーです。.docx ファイルを指定してください",
        (K::IsADirectory, true) => "フォルダーです。保存するファイルの名前を指定してください",
        (K::NotADirectory, _) => "パスの途中にフォルダーでないものがあります",
        (K::InvalidFilename, _) => "ファイル名が正しくありません",
        (K::UnexpectedEof, _) => "ファイルが途中で切れています",
        (K::StorageFull, _) => "ディスクに空きがありません",
        (K::ReadOnlyFilesystem, _) => "読み取り専用の場所です",
        (K::OutOfMemory, _) => "メモリが足りません",
        _ => return None,
    })
}

/// What the zip reader found wrong with an archive, in Japanese when it is one of the things
/// damaged or cut-short files give.
fn archive_reason_ja(e: &ArchiveError) -> Option<&'static str> {
    Some(match e.message.as_str() {
        "Could not find end of the zip directory" => "末尾の zip ディレクトリが見つかりません",
        "Missing end of central directory record" => "末尾の zip ディレクトリがありません",
        "Invalid central directory size or offset" => {
            "zip ディレクトリの大きさか位置が正しくありません"
        }
        "a record of the zip directory is damaged or cut short" => {
            "zip ディレクトリの記録が壊れているか途中で切れています"
        }
        "Invalid local file header" => "部品の先頭の記録（ローカルファイルヘッダー）が壊れています",
        m if m.ends_with("Multi-disk ZIP files are not supported") => {
            "複数のファイルに分割された zip には対応していません"
        }
        _ => return None,
    })
}

/// What a list file is instead, or lacks, in Japanese; the spreadsheet reader's own words as
/// they are.
fn list_problem(problem: &ListProblem) -> Cow<'_, str> {
    Cow::Borrowed(match problem {
        ListProblem::Png => "PNG 画像です",
        ListProblem::Pdf => "PDF です",
        ListProblem::Jpeg => "JPEG 画像です",
        ListProblem::Binary => "テキストではないバイナリデータです",
        ListProblem::ReaderFailed => {
            "表計算ファイルとして読もうとしましたが、壊れたデータがあり読めませんでした"
        }
        ListProblem::NoSheet => "ブックにシートがありません",
        ListProblem::DamagedRecord => "セルの記録（MULRK レコード）が壊れています",
        ListProblem::Other { message } => return one_line(message),
    })
}

/// Why a zip archive is not a Word document, in Japanese.
fn not_word(reason: &NotWordReason) -> String {
    match reason {
        NotWordReason::NoRelationships => {
            "zip アーカイブに _rels/.rels がなく、Office Open XML のパッケージではありません".into()
        }
        NotWordReason::OpenDocument { mimetype } => match reason.kind() {
            Some(FileKind::OpenDocumentText) => format!(
                "{}です。Word か LibreOffice で .docx として保存してください",
                file_kind(FileKind::OpenDocumentText)
            ),
            Some(kind) => format!("{}です", file_kind(kind)),
            None => format!("OpenDocument ファイル（{}）です", one_line(mimetype)),
        },
        NotWordReason::NoOfficeDocument => {
            "_rels/.rels に officeDocument の関係（本文の部品）がありません".into()
        }
        NotWordReason::MainNotXml { part } => {
            format!("本文の部品 {} が XML ではありません", one_line(part))
        }
        NotWordReason::OtherRoot { part, root } => {
            let (part, root) = (one_line(part), one_line(root));
            match reason.kind() {
                Some(kind) => format!("{}です（本文の部品 {part} が <{root}>）", file_kind(kind)),
                None => format!(
                    "本文の部品 {part} が <{root}> で、WordprocessingML の <document> ではありません"
                ),
            }
        }
        NotWordReason::NoRoot { part } => {
            format!("本文の部品 {} にルート要素がありません", one_line(part))
        }
    }
}

/// What a file given in a Word document's place is, in Japanese.
fn file_kind(kind: FileKind) -> &'static str {
    match kind {
        FileKind::OpenDocumentText => "OpenDocument テキスト（.odt）",
        FileKind::OpenDocumentSpreadsheet => "OpenDocument スプレッドシート（.ods）",
        FileKind::OpenDocumentPresentation => "OpenDocument プレゼンテーション（.odp）",
        FileKind::Excel => "Excel ブック",
        FileKind::PowerPoint => "PowerPoint プレゼンテーション",
    }
}

/// What the XML parser found wrong, in Japanese; the names as written in the XML.
fn xml_problem(problem: &XmlProblem) -> String {
    match problem {
        XmlProblem::MismatchedEndTag { expected, found } => format!(
            "終了タグ </{}> が、開いている要素 <{}> と対応していません",
            one_line(found),
            one_line(expected)
        ),
        XmlProblem::UnmatchedEndTag { found } => format!(
            "終了タグ </{}> に対応する開始タグがありません",
            one_line(found)
        ),
        XmlProblem::MissingEndTag { expected } => format!(
            "要素 <{0}> が閉じられないまま部品が終わっています（</{0}> がありません）",
            one_line(expected)
        ),
        XmlProblem::Unclosed(markup) => {
            let what = match markup {
                Unclosed::Tag => "タグ",
                Unclosed::AttributeValue { .. } => "属性値",
                Unclosed::Comment => "コメント",
                Unclosed::CData => "CDATA セクション",
                Unclosed::ProcessingInstruction => "処理命令",
                Unclosed::XmlDeclaration => "XML 宣言",
                Unclosed::Doctype => "DOCTYPE 宣言",
                Unclosed::Reference => "実体参照か文字参照",
            };
            format!(
                "{what}が閉じられないまま部品が終わっています（{} がありません）",
                markup.closing()
            )
        }
        // Rare (a misspelled declaration, `--` in a comment): the parser's own words.
        _ => format!("XML の書き方に誤りがあります（{problem}）"),
    }
}

/// What the zip reader found wrong with a damaged entry, in Japanese when it is one of the
/// things it says (its CRC, its deflate data); else its own words.
fn corruption(message: &str) -> String {
    match message {
        "Invalid checksum" => "CRC が一致しません".into(),
        "corrupt deflate stream" => "圧縮データが壊れています".into(),
        "incomplete deflate stream" => "圧縮データが途中で終わっています".into(),
        "File is larger than its declared uncompressed size" => {
            "記録された大きさを超えて展開されます".into()
        }
        other => match other.strip_prefix("compression method not supported: ") {
            Some(method) => format!("対応していない圧縮方式 {} です", one_line(method)),
            None => one_line(other).into_owned(),
        },
    }
}

/// What was found of bytes that are not UTF-8, in Japanese; the decoder's own words as they
/// are.
fn utf8_problem(problem: &Utf8Problem) -> String {
    match problem {
        Utf8Problem::NoCharacter { bytes } => {
            format!("{bytes} バイトが UTF-8 の文字になっていません")
        }
        Utf8Problem::CutOff => "UTF-8 の文字が部品の終わりで途切れています".into(),
        Utf8Problem::Other { message } => one_line(message).into_owned(),
    }
}

/// Raise `Limits::{setting}` if the document is genuine.
fn raise(setting: &str) -> String {
    format!("正規の文書であれば Limits::{setting} を引き上げてください")
}

fn japanese(e: &Error) -> String {
    match e {
        Error::Io { path, .. } => format!("{} を読めません", one_line(path)),
        Error::Empty => "入力が空です（0 バイト）。Word の .docx ファイルを指定してください".into(),
        Error::Pdf => "入力は PDF で、Word 文書ではありません。SSP の .docx 版を入手してください".into(),
        Error::Encrypted => "入力は暗号化または権限保護された Office 文書です。Word で開いて保護を解除し、.docx として保存してください".into(),
        Error::LegacyOffice => "入力は旧形式の Word 97-2003 .doc（OLE 複合ファイル）で、.docx ではありません。Word か LibreOffice で開いて .docx として保存してください".into(),
        Error::Zip { part: Some(p), .. } => format!(
            "アーカイブの部品 {} を読めません（ファイルが壊れています。SSP の .docx を入手し直してください）",
            one_line(p)
        ),
        Error::Zip { part: None, .. } => "有効な .docx（zip）アーカイブではありません（ファイルが壊れているか .docx ではありません。SSP の .docx を入手し直してください）".into(),
        Error::Truncated => ".docx アーカイブが途中で切れています（末尾の zip ディレクトリがありません）。ダウンロードかコピーが完了していません。ファイルを入手し直してください".into(),
        Error::CorruptPart { part, message } => format!(
            "アーカイブの部品 {} が壊れています（{}）。ファイルを入手し直すか、Word で保存し直してください",
            one_line(part),
            corruption(message)
        ),
        Error::TableTooLarge { part, offset, limit } => format!(
            "{} の表が {limit} バイトを超えています（{offset} バイト目）。実際の SSP の表よりはるかに大きいため読みません。{}",
            one_line(part),
            raise("max_table_size")
        ),
        Error::SectionTooLarge { section, limit } => format!(
            "セクション {} が {limit} バイトを超えています。実際の SSP のセクションよりはるかに大きいため読みません。{}",
            one_line(section),
            raise("max_section_size")
        ),
        Error::TooManyHeadings { limit } => format!(
            "見出しが {limit} 個を超えています。SSP としてありえない文書です。{}",
            raise("max_headings")
        ),
        Error::DuplicatePart { part, first, second } => format!(
            "アーカイブに部品 {} の項目が 2 つあります（\"{}\" と \"{}\"）。有効な Word 文書ではありません。Word で保存し直してください",
            one_line(part),
            one_line(first),
            one_line(second)
        ),
        Error::TooManyEntries { entries, limit } => format!(
            "アーカイブの項目が {entries} 個あり、上限の {limit} 個を超えています。Word 文書としてありえません。{}",
            raise("max_entries")
        ),
        Error::PartTooLarge { part, limit, setting } => format!(
            "部品 {} が展開すると上限の {limit} バイトを超えます。zip 爆弾の可能性があるため読みません。{}",
            one_line(part),
            raise(setting)
        ),
        Error::CompressionRatio { part, inflated, compressed, limit } => format!(
            "部品 {} は zip 爆弾の可能性があります。圧縮 {compressed} バイトから {inflated} バイトに展開され、圧縮率が上限の {limit}:1 を超えています。{}",
            one_line(part),
            raise("max_compression_ratio")
        ),
        Error::TooMuchText { part, offset, limit } => format!(
            "{} の本文が上限の {limit} バイトを超えています（{offset} バイト目）。SSP としてありえません。{}",
            one_line(part),
            raise("max_text")
        ),
        Error::InvalidUtf8 { part, offset, problem } => format!(
            "{} の {offset} バイト目が UTF-8 として正しくありません（{}）。ファイルが壊れているか Word 以外で作られています。Word で .docx として保存し直してください",
            one_line(part),
            utf8_problem(problem)
        ),
        Error::NotWordDocument { reason } => format!(
            "Word 文書ではありません: {}。SSP の .docx ファイルか確認してください",
            not_word(reason)
        ),
        Error::MissingPart { part, referenced_by } => format!(
            "部品 {} がアーカイブにありません（{} から参照されています）",
            one_line(part),
            one_line(referenced_by)
        ),
        Error::Xml { part, offset, problem } => format!(
            "{} の {offset} バイト目で XML が壊れています: {}（ファイルが壊れているか不具合のあるツールで作られています。Word で保存し直してください）",
            one_line(part),
            xml_problem(problem)
        ),
        Error::TooDeep { part, offset, limit } => format!(
            "{} の XML が {offset} バイト目で {limit} 階層より深く入れ子になっています。Word 文書としてありえません。{}",
            one_line(part),
            raise("max_depth")
        ),
        Error::SectionNotFound { .. }
        | Error::EmptySection { .. }
        | Error::NoSuchColumn { .. }
        | Error::InvalidOption { .. }
        | Error::EmptyList { .. }
        | Error::NeedsOption { .. }
        | Error::EmptyQuery
        | Error::NotAList { .. }
        | Error::WordDocumentAsList { .. }
        | Error::ListTooLarge { .. }
        | Error::ProtectedWorkbook { .. }
        | Error::NoSuchSheet { .. }
        | Error::Undecodable { .. }
        | Error::Write { .. }
        | Error::InvalidInput { .. } => japanese_input(e),
    }
}

/// The errors of what was asked and given: sections, lists, options.
fn japanese_input(e: &Error) -> String {
    match e {
        Error::SectionNotFound {
            wanted,
            document,
            read_as,
            nearby,
        } => {
            let mut m = format!(
                "{} にセクション {} が見つかりません",
                one_line(document),
                one_line(wanted)
            );
            if let Some(kind) = read_as {
                m.push_str(&format!(
                    "（表紙に Azure とも Office 365 とも書かれていないため {kind} として読みました）"
                ));
            }
            if !nearby.is_empty() {
                m.push_str(&format!(
                    "。近くのセクション: {}",
                    one_line(&nearby.join(", "))
                ));
            }
            m
        }
        Error::EmptySection {
            document,
            section,
            title,
            held,
        } => empty_section(document, section, title, held),
        Error::NoSuchColumn {
            list,
            wanted,
            available,
        } => format!(
            "{} に{}がありません（列: {}）",
            one_line(list),
            match wanted {
                Some(w) => format!("列「{}」", one_line(w)),
                None => "サービス名の列（見出しが「サービス名」「サービス」「Service」など）"
                    .to_string(),
            },
            one_line(&available.join(", "))
        ),
        Error::InvalidOption {
            option,
            value,
            expected,
        } => format!(
            "{} に \"{}\" は指定できません（指定できるもの: {expected}）",
            one_line(option),
            one_line(value)
        ),
        Error::NeedsOption { option, needs } => format!("{option} には {needs} の指定が必要です"),
        Error::EmptyList { list } => format!("{}: リストにサービス名がありません", one_line(list)),
        Error::EmptyQuery => "調べるサービス名が空です".into(),
        Error::NotAList { .. }
        | Error::WordDocumentAsList { .. }
        | Error::ListTooLarge { .. }
        | Error::ProtectedWorkbook { .. }
        | Error::NoSuchSheet { .. }
        | Error::Undecodable { .. }
        | Error::Write { .. }
        | Error::InvalidInput { .. } => japanese_list(e),
        other => other.to_string(),
    }
}

/// The errors of list files and of writing results.
fn japanese_list(e: &Error) -> String {
    match e {
        Error::NotAList { list, problem } => format!(
            "{} は表計算ファイル（.xlsx、.xlsm、.xls、.ods）でもテキストや CSV のリストでもありません: {}",
            one_line(list),
            list_problem(problem)
        ),
        Error::WordDocumentAsList { list } => format!(
            "{} は Word 文書（SSP？）で、サービス名のリストではありません。SSP とリストを取り違えていないか確認してください",
            one_line(list)
        ),
        Error::ListTooLarge {
            list,
            what,
            limit,
            exceeded,
        } => {
            let what = one_line(what);
            let excess = match exceeded {
                ListLimit::Ratio => format!(
                    "ブック内の {what} が圧縮後の {limit} 倍を超える大きさに展開されます（zip 爆弾の疑い）"
                ),
                ListLimit::Entries => format!("ブックが {limit} 個を超える項目を含んでいます"),
                ListLimit::Cells => {
                    format!("シート {what} が {limit} セルを超える範囲に広がっています")
                }
                ListLimit::TotalBytes => {
                    format!("ブック内の項目が合わせて {limit} バイトを超える大きさに展開されます")
                }
                ListLimit::EntryBytes => {
                    format!("ブック内の {what} が {limit} バイトを超える大きさに展開されます")
                }
            };
            format!(
                "{} はリストとして読むには大きすぎます: {excess}。サービス名の列を新しいブックにコピーするか、CSV で保存してください",
                one_line(list)
            )
        }
        Error::ProtectedWorkbook { list } => format!(
            "{} はパスワードで保護されています。Excel で開いてパスワードを解除し（ファイル > 情報 > ブックの保護）保存するか、リストを CSV で保存してください",
            one_line(list)
        ),
        Error::NoSuchSheet {
            list,
            wanted,
            available,
        } => format!(
            "{} にシート {} がありません（シート: {}）",
            one_line(list),
            one_line(wanted),
            one_line(&available.join(", "))
        ),
        Error::Undecodable {
            list,
            encoding,
            offset,
        } => format!(
            "{} は {encoding} のテキストとして読めません（{offset} バイト目）。UTF-8 で保存するか、--encoding で文字コードを指定してください",
            one_line(list)
        ),
        Error::Write { path, .. } => format!("{} に書き込めません", one_line(path)),
        Error::InvalidInput {
            source_name,
            line,
            message,
        } => format!(
            "入力 {} の {line} 行目が正しくありません: {}",
            one_line(source_name),
            one_line(message)
        ),
        other => other.to_string(),
    }
}

fn empty_section(document: &str, section: &str, title: &str, held: &SectionContents) -> String {
    format!(
        "{} のセクション {} 「{}」から、このツールが読めるサービス名が見つかりません。内容: {}（セクションを確認するか、レイアウトを報告してください）",
        one_line(document),
        one_line(section),
        one_line(title),
        one_line(&held.describe(Lang::Ja))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ALL_KINDS, ArchiveError};

    fn samples() -> Vec<Error> {
        let part = || "word/document.xml".to_string();
        vec![
            Error::Io {
                path: "x.docx".into(),
                source: std::io::Error::other("gone"),
            },
            Error::Empty,
            Error::Pdf,
            Error::Encrypted,
            Error::LegacyOffice,
            Error::Zip {
                part: Some(part()),
                source: ArchiveError::new("bad"),
            },
            Error::Truncated,
            Error::CorruptPart {
                part: part(),
                message: "Invalid checksum".into(),
            },
            Error::TableTooLarge {
                part: part(),
                offset: 1,
                limit: 2,
            },
            Error::SectionTooLarge {
                section: "9.2.1".into(),
                limit: 2,
            },
            Error::TooManyHeadings { limit: 2 },
            Error::DuplicatePart {
                part: part(),
                first: "a".into(),
                second: "A".into(),
            },
            Error::TooManyEntries {
                entries: 3,
                limit: 2,
            },
            Error::PartTooLarge {
                part: part(),
                limit: 2,
                setting: "max_part_size",
            },
            Error::CompressionRatio {
                part: part(),
                inflated: 9,
                compressed: 1,
                limit: 2,
            },
            Error::TooMuchText {
                part: part(),
                offset: 1,
                limit: 2,
            },
            Error::InvalidUtf8 {
                part: part(),
                offset: 1,
                problem: Utf8Problem::Other {
                    message: "bad".into(),
                },
            },
            Error::NotWordDocument {
                reason: NotWordReason::NoRelationships,
            },
            Error::MissingPart {
                part: part(),
                referenced_by: "_rels/.rels".into(),
            },
            Error::Xml {
                part: part(),
                offset: 1,
                problem: XmlProblem::UnmatchedEndTag {
                    found: "w:p".into(),
                },
            },
            Error::TooDeep {
                part: part(),
                offset: 1,
                limit: 2,
            },
        ]
    }

    fn input_samples() -> Vec<Error> {
        vec![
            Error::SectionNotFound {
                wanted: "9.5 \"Service Description\"".into(),
                document: "o365.docx".into(),
                read_as: Some("azure"),
                nearby: vec!["9.4 X".into()],
            },
            Error::EmptySection {
                document: "a.docx".into(),
                section: "9.2.1".into(),
                title: "T".into(),
                held: Box::new(SectionContents {
                    tables: vec![(vec!["A".into()], 2)],
                    more_tables: 1,
                    list_items: 1,
                    headings: 1,
                    paragraphs: 1,
                }),
            },
            Error::NoSuchColumn {
                list: "l.csv".into(),
                wanted: Some("Name".into()),
                available: vec!["A".into()],
            },
            Error::InvalidOption {
                option: "--lang".into(),
                value: "fr".into(),
                expected: "en or ja",
            },
            Error::NeedsOption {
                option: "--format xlsx",
                needs: "--output FILE",
            },
            Error::EmptyList {
                list: "l.txt".into(),
            },
            Error::EmptyQuery,
            Error::NotAList {
                list: "l.xlsx".into(),
                problem: ListProblem::Png,
            },
            Error::WordDocumentAsList {
                list: "ssp.docx".into(),
            },
            Error::ListTooLarge {
                list: "l.xlsx".into(),
                what: "xl/worksheets/sheet1.xml".into(),
                limit: 100,
                exceeded: ListLimit::Ratio,
            },
            Error::ProtectedWorkbook {
                list: "p.xlsx".into(),
            },
            Error::NoSuchSheet {
                list: "l.xlsx".into(),
                wanted: "S".into(),
                available: vec!["A".into()],
            },
            Error::Undecodable {
                list: "l.csv".into(),
                encoding: "UTF-8",
                offset: 3,
            },
            Error::Write {
                path: "o.xlsx".into(),
                source: std::io::Error::other("denied"),
            },
            Error::InvalidInput {
                source_name: "l.csv".into(),
                line: 2,
                message: "bad".into(),
            },
        ]
    }

    fn has_japanese(s: &str) -> bool {
        s.chars()
            .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
    }

    #[test]
    fn every_error_has_its_japanese_one_line() {
        let mut samples = samples();
        samples.extend(input_samples());
        let kinds: Vec<_> = samples.iter().map(Error::kind).collect();
        assert_eq!(
            kinds, ALL_KINDS,
            "one sample per kind, in declaration order"
        );
        for e in &samples {
            let (en, ja) = (e.message(Lang::En), e.message(Lang::Ja));
            assert!(has_japanese(&ja) && !has_japanese(&en), "{e:?}: {ja}");
            assert!(!ja.contains('\n') && !en.contains('\n'), "{e:?}");
        }
    }

    #[test]
    fn every_reason_a_file_is_not_word_names_it_in_both_languages() {
        use NotWordReason as R;
        let part = || "ppt/presentation.xml".to_string();
        let odf = |kind: &str| R::OpenDocument {
            mimetype: format!("application/vnd.oasis.opendocument.{kind}"),
        };
        let reasons = [
            (R::NoRelationships, "_rels/.rels", "_rels/.rels"),
            (odf("text"), "text document (.odt)", "テキスト（.odt）"),
            (
                odf("spreadsheet"),
                "spreadsheet (.ods)",
                "スプレッドシート（.ods）",
            ),
            (
                odf("presentation"),
                "presentation (.odp)",
                "プレゼンテーション（.odp）",
            ),
            (
                odf("graphics"),
                "opendocument.graphics",
                "opendocument.graphics",
            ),
            (R::NoOfficeDocument, "officeDocument", "officeDocument"),
            (
                R::MainNotXml { part: part() },
                "is not XML",
                "XML ではありません",
            ),
            (
                R::OtherRoot {
                    part: part(),
                    root: "presentation".into(),
                },
                "a PowerPoint presentation",
                "PowerPoint プレゼンテーションです",
            ),
            (
                R::OtherRoot {
                    part: part(),
                    root: "workbook".into(),
                },
                "an Excel workbook",
                "Excel ブックです",
            ),
            (
                R::OtherRoot {
                    part: part(),
                    root: "x\ny".into(),
                },
                "<x\\u{a}y>",
                "<x\\u{a}y>",
            ),
            (
                R::NoRoot { part: part() },
                "no root element",
                "ルート要素がありません",
            ),
        ];
        for (reason, en, ja) in reasons {
            let e = Error::NotWordDocument { reason };
            let (got_en, got_ja) = (e.message(Lang::En), e.message(Lang::Ja));
            assert!(got_en.contains(en) && !got_en.contains('\n'), "{got_en}");
            assert!(got_ja.contains(ja) && !got_ja.contains('\n'), "{got_ja}");
        }
    }

    /// The words of the parsers and the zip reader, as the English message carries them.
    const ENGLISH: [&str; 11] = [
        "checksum",
        "larger",
        "not supported",
        "deflate",
        "byte(s)",
        "cut off",
        "expected",
        "not closed",
        "does not match",
        "Could not find",
        "Invalid",
    ];

    #[test]
    fn what_is_damaged_is_said_in_japanese() {
        let corrupt = |message: &str| Error::CorruptPart {
            part: "word/document.xml".into(),
            message: message.into(),
        };
        let utf8 = |len| Error::InvalidUtf8 {
            part: "word/document.xml".into(),
            offset: 7,
            problem: Utf8Problem::of(len),
        };
        let xml = |problem| Error::Xml {
            part: "word/document.xml".into(),
            offset: 7,
            problem,
        };
        let cases = [
            (corrupt("Invalid checksum"), "（CRC が一致しません）"),
            (
                corrupt("corrupt deflate stream"),
                "（圧縮データが壊れています）",
            ),
            (
                corrupt("incomplete deflate stream"),
                "（圧縮データが途中で終わっています）",
            ),
            (
                corrupt("File is larger than its declared uncompressed size"),
                "（記録された大きさを超えて展開されます）",
            ),
            (
                corrupt("compression method not supported: 99"),
                "（対応していない圧縮方式 99 です）",
            ),
            (utf8(Some(2)), "（2 バイトが UTF-8 の文字になっていません）"),
            (utf8(None), "（UTF-8 の文字が部品の終わりで途切れています）"),
            (
                xml(XmlProblem::MismatchedEndTag {
                    expected: "w:t".into(),
                    found: "w:r".into(),
                }),
                ": 終了タグ </w:r> が、開いている要素 <w:t> と対応していません（",
            ),
            (
                xml(XmlProblem::UnmatchedEndTag {
                    found: "w:p".into(),
                }),
                ": 終了タグ </w:p> に対応する開始タグがありません（",
            ),
            (
                xml(XmlProblem::MissingEndTag {
                    expected: "w:body".into(),
                }),
                ": 要素 <w:body> が閉じられないまま部品が終わっています（</w:body> がありません）",
            ),
            (
                xml(XmlProblem::Unclosed(Unclosed::AttributeValue {
                    quote: '"',
                })),
                ": 属性値が閉じられないまま部品が終わっています（\" がありません）",
            ),
            (
                xml(XmlProblem::Unclosed(Unclosed::Reference)),
                ": 実体参照か文字参照が閉じられないまま部品が終わっています（; がありません）",
            ),
        ];
        for (e, ja) in cases {
            let said = e.message(Lang::Ja);
            assert!(said.contains(ja), "{said}");
            assert!(!ENGLISH.iter().any(|w| said.contains(w)), "{said}");
            // The English is what it was: the reader's and the parser's own words.
            assert!(
                ENGLISH.iter().any(|w| e.message(Lang::En).contains(w)),
                "{e}"
            );
        }
        // What is not one of those is kept as the reader words it, rather than lost.
        assert!(corrupt("odd").message(Lang::Ja).contains("（odd）"));
        let other = xml(XmlProblem::Other {
            message: "forbidden string `--` was found in a comment".into(),
        });
        assert!(
            other
                .message(Lang::Ja)
                .contains("XML の書き方に誤りがあります（forbidden")
        );
    }

    #[test]
    fn what_the_zip_reader_finds_is_said_in_japanese_after_the_sentence() {
        for (description, ja) in [
            (
                "invalid Zip archive: Could not find EOCD",
                "末尾の zip ディレクトリが見つかりません",
            ),
            (
                "Unexpected end of zip::format::blocks::ZipCentralEntryBlock",
                "zip ディレクトリの記録が壊れているか途中で切れています",
            ),
            (
                "invalid Zip archive: Invalid local file header",
                "部品の先頭の記録（ローカルファイルヘッダー）が壊れています",
            ),
        ] {
            let e = Error::Zip {
                part: None,
                source: ArchiveError::new(description),
            };
            let said = e.full_message(Lang::Ja);
            assert!(said.ends_with(&format!("）: {ja}")), "{said}");
            assert!(!said.contains("zip::") && !e.full_message(Lang::En).contains("zip::"));
        }
        // One it does not know: its own words.
        let e = Error::Zip {
            part: None,
            source: ArchiveError::new("Invalid date or time"),
        };
        assert!(e.full_message(Lang::Ja).ends_with(": Invalid date or time"));
    }

    #[test]
    fn what_a_list_file_is_instead_is_said_in_both_languages() {
        let every = [
            ListProblem::Png,
            ListProblem::Pdf,
            ListProblem::Jpeg,
            ListProblem::Binary,
            ListProblem::ReaderFailed,
            ListProblem::NoSheet,
            ListProblem::DamagedRecord,
        ];
        for problem in every {
            let e = problem.clone().error("l.xlsx");
            let (en, ja) = (e.message(Lang::En), e.message(Lang::Ja));
            assert!(en.ends_with(&format!(": {problem}")), "{en}");
            assert!(
                ja.ends_with(&format!(": {}", list_problem(&problem))),
                "{ja}"
            );
            assert!(!ja.contains(&problem.to_string()), "{ja}");
        }
        // The spreadsheet reader's own words are kept.
        let e = Error::NotAList {
            list: "l.xlsx".into(),
            problem: ListProblem::Other {
                message: "odd".into(),
            },
        };
        assert!(e.message(Lang::Ja).ends_with(": odd"));
    }
}
