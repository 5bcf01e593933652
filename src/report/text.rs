//! What a person reads: the sentences of lookups and checks, and each report as text and as a
//! [`Rows`] of rows (for CSV).

use std::path::Path;

use crate::lang::Lang;
use crate::report::{CheckReport, DiffReport, OutlineReport, Rows, ScopeReport};
use crate::scope::check::{CheckEntry, CheckStatus, CheckSummary};
use crate::scope::diff::RenameSource;
use crate::scope::locate::FoundBy;
use crate::scope::lookup::{Lookup, Match, MatchKind, ReadAs, Step};
use crate::scope::names::unquoted;
use crate::scope::set::Service;

impl Match<'_> {
    /// How the match was made, in words: "by its abbreviation", "as part of Azure Monitor,
    /// which includes Log Analytics", "through a rename: Azure Sentinel became Microsoft
    /// Sentinel in 2021-11".
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`Match::describe`] in `lang`.
    pub fn describe_in(&self, lang: Lang) -> String {
        how_text(self, lang)
    }
}

impl Lookup<'_> {
    /// The answer in one or more sentences, naming the documents searched: "\"AKS\" is in
    /// scope: Azure Kubernetes Service (AKS) (iaas-paas), found by its abbreviation, listed in
    /// ...", or why it is not and what comes closest.
    pub fn message(&self, documents: &[String]) -> String {
        self.message_in(documents, Lang::En)
    }

    /// [`Lookup::message`] in `lang`.
    pub fn message_in(&self, documents: &[String], lang: Lang) -> String {
        lookup_message(self, documents, lang)
    }
}

impl CheckSummary {
    /// The closing sentences of a list check: the counts, and what a name not found means.
    pub fn describe(&self, documents: &[String]) -> String {
        self.describe_in(documents, Lang::En)
    }

    /// [`CheckSummary::describe`] in `lang`.
    pub fn describe_in(&self, documents: &[String], lang: Lang) -> String {
        check_summary_text(self, documents, lang)
    }
}

impl CheckStatus {
    /// The status as a person reads it: "in scope", "対象（名称変更）".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CheckStatus::InScope => lang.pick("in scope", "対象"),
            CheckStatus::Renamed => lang.pick("in scope (renamed)", "対象（名称変更）"),
            CheckStatus::Included => lang.pick("in scope (included)", "対象（他サービスに包含）"),
            CheckStatus::Planned => lang.pick("planned, not in scope", "予定（未認可）"),
            CheckStatus::NotFound => lang.pick("not found", "記載なし"),
        }
    }
}

fn how_text(m: &Match<'_>, lang: Lang) -> String {
    let service = &m.service.name;
    let how = match (&m.how, lang) {
        (MatchKind::Exact, Lang::Ja) => "名前が一致".to_string(),
        (MatchKind::Exact, _) => "by its name".to_string(),
        (MatchKind::Alias, Lang::Ja) => "略称".to_string(),
        (MatchKind::Alias, _) => "by its abbreviation".to_string(),
        (MatchKind::FormerName { former }, Lang::Ja) => {
            format!("旧称（文書に「formerly {former}」と記載）")
        }
        (MatchKind::FormerName { former }, _) => {
            format!("under its former name (the document says \"formerly {former}\")")
        }
        (MatchKind::WithoutVendor, Lang::Ja) => {
            "表記の違い（Azure、Microsoft、Online などのブランド名、Office 365、Dynamics 365 などのスイート名、空白、ハイフン、コロン、for、+、複数形）を除いた名前"
                .to_string()
        }
        (MatchKind::WithoutVendor, _) => {
            "by its name written loosely (brand words such as Azure, Microsoft or Online, a suite's name such as Office 365 or Dynamics 365, spaces, hyphens, colons, \"for\" and \"+\" set aside, a plural read as singular)"
                .to_string()
        }
        (MatchKind::ShortName, Lang::Ja) => "サブサービス名".to_string(),
        (MatchKind::ShortName, _) => "by its sub-service name".to_string(),
        (MatchKind::Edition { of }, Lang::Ja) => format!("{of} のエディション"),
        (MatchKind::Edition { of }, _) => format!("as an edition of {of}"),
        (MatchKind::Member { family }, Lang::Ja) => format!("{family} ファミリーの一員"),
        (MatchKind::Member { family }, _) => format!("as a member of the {family} family"),
        (
            MatchKind::Included { included } | MatchKind::IncludedByLeadingWords { included },
            Lang::Ja,
        ) => {
            format!("{service} の一部（{included} を含むと記載）")
        }
        (MatchKind::Included { included } | MatchKind::IncludedByLeadingWords { included }, _) => {
            format!("as part of {service}, which includes {included}")
        }
        (MatchKind::Parent { child }, Lang::Ja) => {
            format!("{service} の一部（{child} はその一部）")
        }
        (MatchKind::Parent { child }, _) => format!("as part of {service}: {child} belongs to it"),
        (MatchKind::Nested { child }, Lang::Ja) => format!("{service} の下に「{child}」として記載"),
        (MatchKind::Nested { child }, _) => format!("listed as \"{child}\" under {service}"),
        (MatchKind::PartOf { .. }, lang) => {
            lang.pick(format!("as part of {service}"), format!("{service} の一部"))
        }
        (MatchKind::LeadingWords, Lang::Ja) => "その語で始まる名前".to_string(),
        (MatchKind::LeadingWords, _) => {
            "as a service whose name begins with those words".to_string()
        }
    };
    let steps: Vec<String> = m.via.iter().map(|s| step_text(s, lang)).collect();
    let sep = lang.pick(", ", "、");
    match (steps.is_empty(), &m.how) {
        (true, _) => how,
        // The last step says it all: "through a rename ...", "as part of ... (Microsoft's ...)".
        // A rename or a part says it all; an abbreviation or another name says only how the
        // name was read: "by its name, DB being short for Database".
        (false, MatchKind::Exact) if matches!(m.via.last(), Some(Step::Renamed { .. })) => {
            steps.join(sep)
        }
        (false, MatchKind::PartOf { .. }) => steps.join(sep),
        (false, _) => format!("{how}{sep}{}", steps.join(sep)),
    }
}

fn step_text(step: &Step, lang: Lang) -> String {
    match (step, lang) {
        (
            Step::Abbreviation {
                abbreviation,
                expansion,
                ..
            },
            Lang::Ja,
        ) => {
            format!("{abbreviation} は {expansion} の略称")
        }
        (
            Step::Abbreviation {
                abbreviation,
                expansion,
                ..
            },
            _,
        ) => {
            format!("{abbreviation} being short for {expansion}")
        }
        (Step::Renamed {
            old, new, since, ..
        }, Lang::Ja) => {
            let when = since
                .as_deref()
                .map(|s| format!("（{s}）"))
                .unwrap_or_default();
            format!("名称変更 {old} → {new}{when}")
        }
        (Step::Renamed {
            old, new, since, ..
        }, _) => {
            let when = since
                .as_deref()
                .map(|s| format!(" in {s}"))
                .unwrap_or_default();
            format!("through a rename: {old} became {new}{when}")
        }
        (Step::FirstName { name, first }, Lang::Ja) => {
            format!("{name} を括弧の前の名前 {first} で照合")
        }
        (Step::FirstName { name, first }, _) => {
            format!("{name} being {first} by the name before its parentheses")
        }
        (Step::Resource { resource, of }, Lang::Ja) => {
            format!("{resource} は {of} のリソース")
        }
        (Step::Resource { resource, of }, _) => {
            let resource = resource.to_lowercase();
            // No article before a plural or a word in another script.
            let article = match resource.chars().next() {
                _ if resource.ends_with('s') => "",
                Some('a' | 'e' | 'i' | 'o') => "an ",
                Some(c) if c.is_ascii() => "a ",
                _ => "",
            };
            format!("{article}{resource} being a resource of {of}")
        }
        (Step::OtherName { from, to, .. }, Lang::Ja) => format!("{from} は {to} の別名"),
        (Step::OtherName { from, to, .. }, _) => format!("{from} being another name of {to}"),
        // A dated entry comes from Microsoft's FedRAMP scope page ("Azure Monitor (incl. ...)"),
        // an undated one from Microsoft's product documentation.
        (Step::PartOf {
            part, whole, since, ..
        }, lang) => match since.as_deref() {
            Some(when) => lang.pick(
                format!(
                    "as part of {whole} (Microsoft's FedRAMP scope page lists {part} in {whole} since {when})"
                ),
                format!(
                    "{whole} の一部（Microsoft の FedRAMP 監査範囲ページは {part} を {whole} に含めています、{when} から）"
                ),
            ),
            None => lang.pick(
                format!(
                    "as part of {whole} (Microsoft's documentation describes {part} as part of {whole})"
                ),
                format!(
                    "{whole} の一部（Microsoft のドキュメントは {part} を {whole} の一部としています）"
                ),
            ),
        },
    }
}

/// Where a service is listed: "doc.docx section 9.2.1 \"Title\"; ...".
fn places(service: &Service, lang: Lang) -> String {
    let places: Vec<String> = service
        .sources
        .iter()
        .map(|s| match lang {
            Lang::Ja => format!(
                "{} のセクション {}「{}」",
                s.document, s.section, s.section_title
            ),
            _ => format!(
                "{} section {} \"{}\"",
                s.document, s.section, s.section_title
            ),
        })
        .collect();
    places.join(lang.pick("; ", "、"))
}

fn lookup_message(answer: &Lookup<'_>, documents: &[String], lang: Lang) -> String {
    // A name typed in quotes is quoted once ("「Azure Functions」", not 「「Azure Functions」」).
    let name = unquoted(&answer.query);
    if let [only] = answer.matches.as_slice() {
        let (service, offering) = (&only.service.name, only.service.offering);
        let (how, listed) = (how_text(only, lang), places(only.service, lang));
        return match lang {
            Lang::Ja => format!(
                "「{name}」は FedRAMP の監査範囲に含まれています: {service}（{offering}）。照合: {how}。記載箇所: {listed}。"
            ),
            _ => format!(
                "\"{name}\" is in scope: {service} ({offering}), found {how}, listed in {listed}."
            ),
        };
    }
    if !answer.matches.is_empty() {
        // Over several documents, each match says which one lists it.
        let several = documents.len() > 1;
        let each: Vec<String> = answer
            .matches
            .iter()
            .map(|m| {
                let (service, offering) = (&m.service.name, m.service.offering);
                let (at, how) = (sections(m.service, several, lang), how_text(m, lang));
                match lang {
                    Lang::Ja => format!("{service}（{offering}、{at}、{how}）"),
                    _ => format!("{service} ({offering}, {at}), found {how}"),
                }
            })
            .collect();
        let n = answer.matches.len();
        return match (lang, one_per_document(answer)) {
            (Lang::Ja, true) => format!(
                "「{name}」は FedRAMP の監査範囲に含まれています。記載している文書ごとに名前が異なります: {}。",
                each.join("、")
            ),
            (Lang::Ja, false) => format!(
                "「{name}」は FedRAMP の監査範囲に {n} 件のサービスとして含まれています: {}。",
                each.join("、")
            ),
            (_, true) => format!(
                "\"{name}\" is in scope, under a different name in each document that lists it: {}.",
                each.join("; ")
            ),
            (_, false) => format!(
                "\"{name}\" is in scope as {n} services: {}.",
                each.join("; ")
            ),
        };
    }
    not_found_message(answer, documents, lang)
}

/// Whether each match is the service the query names (by its name, an abbreviation, a former
/// name, without the brand word), each listed in one document and no two in the same one: one
/// service under a different name in each document ("Azure Front Door" in one release, "Front
/// Door" in the next), not several services.
fn one_per_document(answer: &Lookup<'_>) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    answer.matches.len() > 1
        && answer.matches.iter().all(|m| {
            if !matches!(
                m.how,
                MatchKind::Exact
                    | MatchKind::Alias
                    | MatchKind::FormerName { .. }
                    | MatchKind::WithoutVendor
                    | MatchKind::ShortName
            ) {
                return false;
            }
            let mut docs = m.service.sources.iter().map(|s| s.document.as_str());
            let Some(first) = docs.next() else {
                return false;
            };
            let alone = docs.all(|d| d == first) && !seen.contains(&first);
            seen.push(first);
            alone
        })
}

/// "section 9.2.1, ...": the sections that list a service, each once; `by_document`:
/// "doc.docx section 9.2.1, ...".
fn sections(service: &Service, by_document: bool, lang: Lang) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in &service.sources {
        let section = lang.pick(
            format!("section {}", s.section),
            format!("セクション {}", s.section),
        );
        let place = match by_document {
            true => format!("{}{}{section}", s.document, lang.pick(" ", " の")),
            false => section,
        };
        if !out.contains(&place) {
            out.push(place);
        }
    }
    out.join(lang.pick(", ", "、"))
}

fn not_found_message(answer: &Lookup<'_>, documents: &[String], lang: Lang) -> String {
    // A name typed in quotes is quoted once ("「Azure Functions」", not 「「Azure Functions」」).
    let name = unquoted(&answer.query);
    let docs = documents.join(", ");
    let mut m = match lang {
        Lang::Ja => format!(
            "「{name}」はこれらの SSP（{docs}）の FedRAMP 監査範囲に含まれていません。監査を受けていない可能性があり、その場合 ISMAP の認証を受けられない可能性があります。"
        ),
        _ => format!(
            "\"{name}\" is not in the FedRAMP scope of these SSPs ({docs}): it may not have been audited, so it may not be ISMAP-certifiable."
        ),
    };
    if let Some(p) = answer.planned.first() {
        let (service, at) = (&p.service.name, places(p.service, lang));
        m.push_str(&match lang {
            Lang::Ja => format!("予定（未認可）として記載されています: {at} の {service}。"),
            _ => format!(" It is listed as planned, not yet authorized: {service} in {at}."),
        });
    } else if let Some(p) = answer.not_authorized.first() {
        let (service, at) = (&p.service.name, places(p.service, lang));
        m.push_str(&match lang {
            Lang::Ja => {
                format!("記載はありますが、表の FedRAMP 列に印がありません: {at} の {service}。")
            }
            _ => format!(
                " It is listed, but not marked in the table's FedRAMP column: {service} in {at}."
            ),
        });
    }
    if let Some(r) = &answer.retired {
        m.push_str(&retired_text(
            r.since.as_deref(),
            (r.to != r.from).then_some(&r.to),
            lang,
        ));
    }
    if let Some(read) = answer.read_as.first() {
        m.push_str(&read_as_text(read, lang));
    }
    if !answer.suggestions.is_empty() {
        let names: Vec<&str> = answer.suggestions.iter().map(|s| s.name.as_str()).collect();
        m.push_str(&match lang {
            Lang::Ja => format!("範囲内で近い名前: {}。", names.join("、")),
            _ => format!(" Closest names in scope: {}.", names.join(", ")),
        });
    }
    m
}

/// What the rename table reads a query that matched nothing as, which the documents do not
/// list: an SSP that lists it may cover the query.
fn read_as_text(read: &ReadAs, lang: Lang) -> String {
    let name = &read.name;
    let steps: Vec<String> = read.via.iter().map(|s| step_text(s, lang)).collect();
    match lang {
        Lang::Ja => format!(
            "名称変更表では {name} と読めます：{}。これらの SSP には {name} の記載がありません。{name} を記載する SSP の範囲に含まれている可能性があります。",
            steps.join("、")
        ),
        _ => format!(
            " The rename table leads it to {name}, {}. These SSPs do not list {name}: an SSP that lists it may cover it.",
            steps.join(", ")
        ),
    }
}

fn retired_text(since: Option<&str>, successor: Option<&String>, lang: Lang) -> String {
    match (lang, successor) {
        (Lang::Ja, Some(s)) => {
            let when = since.map(|s| format!("{s} に")).unwrap_or_default();
            format!("{when}提供が終了しています。後継は {s} です。")
        }
        (Lang::Ja, None) => {
            let when = since.map(|s| format!("{s} に")).unwrap_or_default();
            format!("{when}提供が終了しています。")
        }
        (_, Some(s)) => {
            let when = since.map(|s| format!(" in {s}")).unwrap_or_default();
            format!(" It was retired{when}; its successor is {s}.")
        }
        (_, None) => {
            let when = since.map(|s| format!(" in {s}")).unwrap_or_default();
            format!(" It was retired{when}.")
        }
    }
}

fn check_summary_text(summary: &CheckSummary, documents: &[String], lang: Lang) -> String {
    let CheckSummary {
        listed,
        in_scope,
        renamed,
        included,
        planned,
        not_found,
    } = *summary;
    let docs = documents.join(", ");
    let mut text = match lang {
        Lang::Ja => format!(
            "{listed} 件: 対象 {in_scope}、名称変更で対象 {renamed}、他サービスに包含 {included}、予定 {planned}、記載なし {not_found}（{docs}）。"
        ),
        _ => format!(
            "{listed} listed: {in_scope} in scope, {renamed} in scope under a new name, {included} included in a listed service, {planned} planned, {not_found} not found in {docs}."
        ),
    };
    if not_found + planned > 0 {
        text.push_str(lang.pick(
            "\nNames not found (or only planned) may not have been audited under FedRAMP, and so may not be ISMAP-certifiable: check them with the provider.",
            "\n記載のない名前（または予定のみの名前）は FedRAMP の監査を受けていない可能性があり、その場合 ISMAP の認証を受けられない可能性があります。提供元に確認してください。",
        ));
    }
    text
}

/// The file name of a path as the caller gave it ("fixtures/x.docx" → "x.docx").
fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// The items of a list, each once, in order.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

impl OutlineReport {
    /// The headings as a table: number, level, title indented by level.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new(match self.lang {
            Lang::Ja => ["番号", "レベル", "見出し"],
            _ => ["NUMBER", "LEVEL", "TITLE"],
        });
        for h in &self.headings {
            let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
            t.push([
                h.number.clone().unwrap_or_else(|| "-".to_string()),
                h.level.to_string(),
                format!("{indent}{}", h.title),
            ]);
        }
        t
    }

    /// The outline as text.
    pub fn to_text(&self) -> String {
        self.table().to_text()
    }
}

/// The name of the service a listed name is in scope as, or empty.
pub(super) fn service_name(e: &CheckEntry) -> String {
    e.service
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// The offering of the service a listed name is in scope as, or empty.
pub(super) fn service_offering(e: &CheckEntry) -> String {
    e.service
        .as_ref()
        .map(|s| s.offering.to_string())
        .unwrap_or_default()
}

/// What the document writes beside a name: former names, included services, family, notes.
pub(super) fn also(s: &Service, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !s.former_names.is_empty() {
        let names = s.former_names.join(", ");
        parts.push(lang.pick(format!("formerly {names}"), format!("旧称 {names}")));
    }
    if !s.includes.is_empty() {
        let names = s.includes.join(", ");
        parts.push(lang.pick(format!("incl. {names}"), format!("{names} を含む")));
    }
    if let Some(f) = &s.part_of {
        parts.push(lang.pick(format!("part of {f}"), format!("{f} の一部")));
    }
    parts.extend(s.notes.iter().cloned());
    parts.join("; ")
}

/// Services as a table: name, offering, sections, documents, and what the document says
/// beside the name.
fn services_table(services: &[Service], lang: Lang) -> Rows {
    let mut t = Rows::new(match lang {
        Lang::Ja => ["サービス", "区分", "セクション", "文書", "備考"],
        _ => ["SERVICE", "OFFERING", "SECTION", "DOCUMENT", "ALSO"],
    });
    for s in services {
        let sections = unique(s.sources.iter().map(|x| x.section.as_str())).join(",");
        let docs = unique(s.sources.iter().map(|x| file_name(&x.document))).join(",");
        t.push([
            s.name.clone(),
            s.offering.to_string(),
            sections,
            docs,
            also(s, lang),
        ]);
    }
    t
}

impl ScopeReport {
    /// One row per service and place it is listed (in scope, planned, and without a FedRAMP
    /// mark, said in the `standing` column), for CSV.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new([
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
        ]);
        let groups = [
            ("in-scope", &self.services),
            ("planned", &self.planned),
            ("not-authorized", &self.not_authorized),
        ];
        for (standing, services) in groups {
            for s in services {
                let marks: Vec<String> = s
                    .authorizations
                    .iter()
                    .map(|(k, v)| format!("{k}={}", if *v { "yes" } else { "no" }))
                    .collect();
                for src in &s.sources {
                    t.push([
                        s.name.clone(),
                        s.key.clone(),
                        s.aliases.join(";"),
                        s.offering.to_string(),
                        src.document.clone(),
                        src.section.clone(),
                        src.section_title.clone(),
                        src.text.clone(),
                        standing.to_string(),
                        s.former_names.join(";"),
                        s.includes.join(";"),
                        s.part_of.clone().unwrap_or_default(),
                        s.notes.join(";"),
                        marks.join(";"),
                    ]);
                }
            }
        }
        t
    }

    /// The scope as text: each document and its sections, the services in scope, those
    /// planned or without a FedRAMP mark, and the warnings.
    pub fn to_text(&self) -> String {
        let lang = self.lang;
        let mut out = String::new();
        for d in &self.documents {
            let untitled = lang.pick("untitled", "無題");
            let title = d.title.as_deref().unwrap_or(untitled);
            out.push_str(&format!("{} — {title} ({})\n", d.path, d.kind));
            let mut t = Rows::new(["", "", "", "", ""]);
            for s in &d.sections {
                t.push([
                    String::new(),
                    s.number.clone(),
                    s.title.clone(),
                    s.offering.to_string(),
                    section_counts(s, lang),
                ]);
            }
            out.push_str(text_without_header(&t).as_str());
        }
        out.push('\n');
        out.push_str(&services_table(&self.services, lang).to_text());
        let (n, docs) = (self.services.len(), self.documents.len());
        out.push_str(&match lang {
            Lang::Ja => format!(
                "\n{docs} 件の SSP の FedRAMP 監査範囲に {n} 件のサービス。ISMAP も同じ範囲を監査します。\n"
            ),
            _ => format!(
                "\n{n} services in the FedRAMP scope of {docs} SSP(s); ISMAP audits the same scope.\n"
            ),
        });
        if !self.planned.is_empty() {
            out.push_str(lang.pick("\nPlanned, not in scope yet:\n", "\n予定（まだ範囲外）:\n"));
            out.push_str(&services_table(&self.planned, lang).to_text());
        }
        if !self.not_authorized.is_empty() {
            out.push_str(lang.pick(
                "\nListed without a mark in the table's FedRAMP column(s), not in scope:\n",
                "\n表の FedRAMP 列に印がなく、範囲外:\n",
            ));
            out.push_str(&services_table(&self.not_authorized, lang).to_text());
        }
        let prefix = lang.pick("warning: ", "注意: ");
        for w in &self.warnings {
            out.push_str(&format!("{prefix}{}\n", crate::report::terminal_safe(w)));
        }
        out
    }
}

/// "12 services, 1 planned (found by number)".
fn section_counts(s: &crate::scope::read::FoundSection, lang: Lang) -> String {
    let mut count = lang.pick(
        format!("{} services", s.services),
        format!("サービス {} 件", s.services),
    );
    if s.planned > 0 {
        count.push_str(&lang.pick(
            format!(", {} planned", s.planned),
            format!("、予定 {} 件", s.planned),
        ));
    }
    if s.not_authorized > 0 {
        count.push_str(&lang.pick(
            format!(", {} without a FedRAMP mark", s.not_authorized),
            format!("、FedRAMP の印なし {} 件", s.not_authorized),
        ));
    }
    let by = match (s.matched_by, lang) {
        (FoundBy::Number, Lang::Ja) => "番号で発見",
        (FoundBy::Title, Lang::Ja) => "見出しで発見",
        (FoundBy::Number, _) => "found by number",
        (FoundBy::Title, _) => "found by title",
    };
    lang.pick(format!("{count} ({by})"), format!("{count}（{by}）"))
}

/// A table's text without its header line.
fn text_without_header(t: &Rows) -> String {
    let text = t.to_text();
    text.split_once('\n')
        .map_or(String::new(), |(_, rest)| rest.to_string())
}

impl DiffReport {
    /// One row per change (added, removed, renamed, included, moved), for CSV.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new([
            "change",
            "name",
            "new_name",
            "offering",
            "section",
            "new_section",
            "since",
            "source",
        ]);
        for s in &self.added {
            let section = section_of(s);
            let planned = if self.previously_planned.contains(&s.name) {
                "planned before"
            } else {
                ""
            };
            t.push([
                "added",
                &s.name,
                "",
                s.offering.as_str(),
                "",
                &section,
                "",
                planned,
            ]);
        }
        for s in &self.removed {
            let section = section_of(s);
            t.push([
                "removed",
                &s.name,
                "",
                s.offering.as_str(),
                &section,
                "",
                "",
                "",
            ]);
        }
        for r in &self.renamed {
            let source = r.source.to_string();
            t.push([
                "renamed",
                &r.from,
                &r.to,
                r.to_service.offering.as_str(),
                "",
                "",
                r.since.as_deref().unwrap_or(""),
                &source,
            ]);
        }
        for i in &self.included {
            t.push([
                "included",
                &i.name,
                &i.into,
                i.into_service.offering.as_str(),
                &section_of(&i.service),
                &section_of(&i.into_service),
                "",
                RenameSource::Document.as_str(),
            ]);
        }
        for m in &self.moved {
            t.push([
                "moved",
                &m.name,
                "",
                m.to_offering.as_str(),
                &m.from_section,
                &m.to_section,
                "",
                "",
            ]);
        }
        t
    }

    /// The diff as text: one line per change, then the counts.
    pub fn to_text(&self) -> String {
        let lang = self.lang;
        let untitled = lang.pick("untitled", "無題");
        let release = |label: &str, path: &str, title: Option<&str>, n: usize| match lang {
            Lang::Ja => format!(
                "{label}: {path} — {}（サービス {n} 件）\n",
                title.unwrap_or(untitled)
            ),
            _ => format!(
                "{label}: {path} — {} ({n} services)\n",
                title.unwrap_or(untitled)
            ),
        };
        let mut out = release(
            lang.pick("old", "旧"),
            &self.old,
            self.old_title.as_deref(),
            self.old_services,
        );
        out.push_str(&release(
            lang.pick("new", "新"),
            &self.new,
            self.new_title.as_deref(),
            self.new_services,
        ));
        out.push('\n');
        out.push_str(&text_without_header(&self.change_lines()));
        let (a, r, n, m, u) = (
            self.added.len(),
            self.removed.len(),
            self.renamed.len(),
            self.moved.len(),
            self.unchanged,
        );
        // Counted only when there are some, so that a diff without them reads as it did.
        let i = self.included.len();
        let included = match (i, lang) {
            (0, _) => String::new(),
            (_, Lang::Ja) => format!("、他サービスに包含 {i}"),
            _ => format!(", {i} now part of another service"),
        };
        out.push_str(&match lang {
            Lang::Ja => {
                format!("\n追加 {a}、削除 {r}、名称変更 {n}{included}、移動 {m}、変更なし {u}。\n")
            }
            _ => format!(
                "\n{a} added, {r} removed, {n} renamed{included}, {m} moved, {u} unchanged.\n"
            ),
        });
        out
    }

    /// One line per change, for the text.
    fn change_lines(&self) -> Rows {
        let lang = self.lang;
        let mut t = Rows::new(["", "", ""]);
        for s in &self.added {
            let planned = if self.previously_planned.contains(&s.name) {
                lang.pick(" — planned in the older release", " — 旧版では予定")
            } else {
                ""
            };
            t.push([
                lang.pick("+ added", "+ 追加").to_string(),
                s.name.clone(),
                format!("{}, {}{planned}", s.offering, section_of(s)),
            ]);
        }
        for s in &self.removed {
            t.push([
                lang.pick("- removed", "- 削除").to_string(),
                s.name.clone(),
                format!("{}, {}", s.offering, section_of(s)),
            ]);
        }
        for r in &self.renamed {
            let when = r
                .since
                .as_deref()
                .map(|s| lang.pick(format!(" (since {s})"), format!("（{s} から）")))
                .unwrap_or_default();
            t.push([
                lang.pick("~ renamed", "~ 名称変更").to_string(),
                r.from.clone(),
                format!("-> {}{when}", r.to),
            ]);
        }
        for i in &self.included {
            t.push([
                lang.pick("= included", "= 包含").to_string(),
                i.name.clone(),
                lang.pick(
                    format!("-> part of {}", i.into),
                    format!("-> {} の一部として記載", i.into),
                ),
            ]);
        }
        for m in &self.moved {
            t.push([
                lang.pick("> moved", "> 移動").to_string(),
                m.name.clone(),
                format!(
                    "{} {} -> {} {}",
                    m.from_section, m.from_offering, m.to_section, m.to_offering
                ),
            ]);
        }
        t
    }
}

fn section_of(s: &Service) -> String {
    s.sources
        .first()
        .map(|x| x.section.clone())
        .unwrap_or_default()
}

impl CheckReport {
    /// One row per listed name, for CSV.
    pub fn table(&self) -> Rows {
        let mut t = Rows::new([
            "listed",
            "line",
            "status",
            "service",
            "offering",
            "sections",
            "suggestions",
            "note",
            "evidence",
        ]);
        for row in &self.entries {
            let e = &row.entry;
            let sections: Vec<String> = row
                .sources
                .iter()
                .map(|x| format!("{} {}", x.document, x.section))
                .collect();
            t.push([
                e.listed.clone(),
                e.line.to_string(),
                e.status.to_string(),
                service_name(e),
                service_offering(e),
                sections.join("; "),
                e.suggestions.join("; "),
                e.note.clone().unwrap_or_default(),
                e.evidence().join(" | "),
            ]);
        }
        t
    }

    /// The check as text: one line per listed name (status, and where it is in scope or
    /// what comes closest), then the counts.
    pub fn to_text(&self) -> String {
        let lang = self.lang;
        let mut t = Rows::new(match lang {
            Lang::Ja => ["リストの名前", "判定", "対象のサービス / 近い名前"],
            _ => ["LISTED", "STATUS", "IN SCOPE AS / SUGGESTIONS"],
        });
        for e in self.entries.iter().map(|row| &row.entry) {
            t.push([
                e.listed.clone(),
                e.status.label(lang).to_string(),
                detail(e, lang),
            ]);
        }
        let docs: Vec<String> = self
            .documents
            .iter()
            .map(|d| file_name(d).to_string())
            .collect();
        format!(
            "{}\n{}\n",
            t.to_text(),
            self.summary.describe_in(&docs, lang)
        )
    }
}

/// Where a checked name is in scope, or what comes closest.
fn detail(e: &CheckEntry, lang: Lang) -> String {
    let note = e.remark.as_ref().map(|r| r.text(lang));
    match &e.service {
        Some(s) => {
            let section = s
                .sources
                .first()
                .map(|x| format!(" ({} {})", file_name(&x.document), x.section))
                .unwrap_or_default();
            let note = note.map(|n| format!(" — {n}")).unwrap_or_default();
            format!("{}{section}{note}", s.name)
        }
        None => {
            let mut d = note.map(|n| format!("{n}; ")).unwrap_or_default();
            if e.suggestions.is_empty() {
                d.push_str(lang.pick("no similar name in scope", "範囲内に似た名前なし"));
            } else {
                let names = e.suggestions.join(", ");
                d.push_str(&lang.pick(format!("closest: {names}"), format!("近い名前: {names}")));
            }
            d
        }
    }
}
