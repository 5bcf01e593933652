//! Stage 7, lookups: a name as a person types it, matched against an index of a set (the rules are documented on [`Lookup`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::scope::names::{
    ServiceName, TIER_WORDS, compact_key, core_key, is_brand_family, is_edition, is_generic,
    normalize_key, qualifier_words, singular_end, split_qualifier, words,
};
use crate::scope::profile::Offering;
use crate::scope::read::IsmapScope;
use crate::scope::renames::{RenameEntry, Renames, Resolution};
use crate::scope::set::{ScopeSet, Service};
use crate::text::{edit_similarity, similarity};

/// How a listed service matched a query (or one of the query's other names).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "how")]
#[non_exhaustive]
pub enum MatchKind {
    /// The normalized names are equal.
    Exact,
    /// The query is an abbreviation the document gives ("AKS").
    Alias,
    /// The document gives the query as a former name: "(formerly Azure Sentinel)".
    FormerName {
        /// The former name as the document writes it.
        former: String,
    },
    /// Equal once brand words are set aside: prefixes ("Microsoft", "Azure", "Azure AI", ...)
    /// and suffixes ("Online", "in Foundry Tools", ...).
    WithoutVendor,
    /// The query is the sub-service's own name: "Face" for "Azure AI services: Face".
    ShortName,
    /// The service is a qualified edition of the name asked for: "Microsoft Entra ID (Free)".
    Edition {
        /// The name the service is an edition of.
        of: String,
    },
    /// The service belongs to the family asked for: "Azure AI services: Face" (a sub-service)
    /// or a service written "(part of X)".
    Member {
        /// The family as asked for.
        family: String,
    },
    /// The service includes the one asked for: "(incl. Log Analytics)".
    Included {
        /// The included service as the document writes it.
        included: String,
    },
    /// The query names a sub-service of this listed service: "App Service: Web Apps" when the
    /// SSP lists "App Service".
    Parent {
        /// The sub-service asked for.
        child: String,
    },
    /// The query names an item nested under this service in a list.
    Nested {
        /// The nested item as listed.
        child: String,
    },
    /// The rename table says the query is part of this service, as Microsoft's FedRAMP scope
    /// page writes "Azure Monitor (incl. Application Insights, ...)" where the SSP lists the
    /// service alone. After every rule the document itself gives.
    PartOf {
        /// The part asked for.
        part: String,
    },
    /// The query's words are the leading words of the service's name: "SharePoint" for
    /// "SharePoint Online".
    LeadingWords,
    /// The query's words are the leading words of a service this one includes: "Azure Data
    /// Lake Storage" for "Storage: Blobs (incl. Azure Data Lake Storage Gen2)".
    IncludedByLeadingWords {
        /// The included service as the document writes it.
        included: String,
    },
}

impl MatchKind {
    /// The name used in JSON (`how`): `exact`, `alias`, `former-name`, `without-vendor`,
    /// `short-name`, `edition`, `member`, `included`, `parent`, `nested`, `part-of`,
    /// `leading-words`.
    pub fn as_str(&self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::FormerName { .. } => "former-name",
            MatchKind::WithoutVendor => "without-vendor",
            MatchKind::ShortName => "short-name",
            MatchKind::Edition { .. } => "edition",
            MatchKind::Member { .. } => "member",
            MatchKind::Included { .. } => "included",
            MatchKind::Parent { .. } => "parent",
            MatchKind::Nested { .. } => "nested",
            MatchKind::PartOf { .. } => "part-of",
            MatchKind::LeadingWords => "leading-words",
            MatchKind::IncludedByLeadingWords { .. } => "included-by-leading-words",
        }
    }

    /// Strength of the rule, 0 strongest.
    fn tier(&self) -> u8 {
        match self {
            MatchKind::Exact | MatchKind::Alias | MatchKind::FormerName { .. } => 0,
            MatchKind::WithoutVendor => 1,
            MatchKind::ShortName => 2,
            MatchKind::Edition { .. } => 3,
            MatchKind::Member { .. } => 4,
            MatchKind::Included { .. } => 5,
            MatchKind::Parent { .. } => 6,
            MatchKind::Nested { .. } => 7,
            MatchKind::PartOf { .. } => 8,
            MatchKind::LeadingWords | MatchKind::IncludedByLeadingWords { .. } => LEADING_TIER,
        }
    }

    /// Whether the query names a part of the service rather than the service itself (the
    /// service is in scope; what was asked for is in scope as part of it).
    pub fn is_part(&self) -> bool {
        matches!(
            self,
            MatchKind::Included { .. }
                | MatchKind::IncludedByLeadingWords { .. }
                | MatchKind::Parent { .. }
                | MatchKind::Nested { .. }
                | MatchKind::PartOf { .. }
        )
    }
}

impl std::fmt::Display for MatchKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A step that turned the query into the name that matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "step")]
#[non_exhaustive]
pub enum Step {
    /// An abbreviation from the abbreviation table.
    Abbreviation {
        /// The abbreviation asked for.
        abbreviation: String,
        /// What it stands for.
        expansion: String,
        /// What the rename table cites for it: the source note of each entry followed
        /// (Microsoft's page and words), in order.
        evidence: Vec<String>,
    },
    /// An official rename from the rename table (either direction).
    Renamed {
        /// The older name.
        old: String,
        /// The newer name.
        new: String,
        /// When the newer name appeared, if the table says.
        since: Option<String>,
        /// What the rename table cites for it: the source note of each entry followed
        /// (Microsoft's page and words), in order.
        evidence: Vec<String>,
    },
    /// Another name in common use, from the rename table's `alias` entries.
    OtherName {
        /// The name asked for.
        from: String,
        /// The name it stands for.
        to: String,
        /// What the rename table cites for it: the source note of each entry followed
        /// (Microsoft's page and words), in order.
        evidence: Vec<String>,
    },
    /// The service asked for is part of another one, from the rename table's `part` entries:
    /// dated ones from Microsoft's FedRAMP scope page ("Azure Monitor (incl. Application
    /// Insights, ...)"), undated ones from Microsoft's product documentation ("Azure Monitor
    /// Logs is a feature of Azure Monitor").
    PartOf {
        /// The part asked for.
        part: String,
        /// The service it is part of.
        whole: String,
        /// Since when Microsoft's scope page writes it so; `None` for an entry from Microsoft's
        /// product documentation.
        since: Option<String>,
        /// What the rename table cites for it: the source note of each entry followed
        /// (Microsoft's page and words), in order.
        evidence: Vec<String>,
    },
    /// The name asked for is a listed service's name followed by the kind of resource the
    /// service is made of, as the Azure portal and Microsoft's documentation name them: "Azure
    /// Databricks workspace", "Event Hubs namespace", "Azure Cosmos DB account". Tried only when
    /// nothing else matched.
    Resource {
        /// The resource word as written ("workspace").
        resource: String,
        /// The name before it.
        of: String,
    },
    /// The name asked for gives a second name in parentheses that is no edition, and its first
    /// name is listed: "Azure for Education (Imagine)", as Microsoft's pages wrote it until
    /// 2020, is "Azure for Education". Matched by that name alone, never by its words.
    FirstName {
        /// The name asked for.
        name: String,
        /// Its name before the parentheses.
        first: String,
    },
}

impl Step {
    /// What the rename table cites for this step (see [`Renames`]'s table: each line's source
    /// note); empty for a step the table does not make (a resource word, a first name).
    pub fn evidence(&self) -> &[String] {
        self.table_evidence().unwrap_or_default()
    }

    /// What the table cites, for a step the rename table makes; `None` for another.
    fn table_evidence(&self) -> Option<&[String]> {
        match self {
            Step::Abbreviation { evidence, .. }
            | Step::Renamed { evidence, .. }
            | Step::OtherName { evidence, .. }
            | Step::PartOf { evidence, .. } => Some(evidence),
            Step::Resource { .. } | Step::FirstName { .. } => None,
        }
    }
}

/// A name the rename table reads a query as, which the documents do not list
/// ([`Lookup::read_as`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReadAs {
    /// The name.
    pub name: String,
    /// The table's steps from the query to it, each with what its line cites.
    pub via: Vec<Step>,
}

/// At most this many names the table reads a query as.
const MAX_READ_AS: usize = 3;

/// The names the table's steps lead the query (whose compact key is `own`) to, as
/// [`Lookup::read_as`] gives them.
fn read_as(query: &str, own: &str, candidates: &[Candidate]) -> Vec<ReadAs> {
    let by_table = |s: &Step| s.table_evidence().is_some();
    // Where the table leads: the service a part belongs to, a new name (not an old one), what
    // the query stands for. Another name is a step on the way ("Teams 会議" is another name of
    // Teams meetings, which is part of Microsoft Teams), not where it leads; so is a word of
    // the query written out ("Azure Cosmos DB for PostgreSQL" is no "Azure Cosmos Database
    // for PostgreSQL").
    let leads = |c: &Candidate| match c.via.last() {
        Some(Step::Renamed { new, .. }) => new.trim() == c.name.display.trim(),
        Some(Step::PartOf { .. }) => true,
        Some(Step::Abbreviation { abbreviation, .. }) => abbreviation.trim() == query.trim(),
        _ => false,
    };
    let mut led: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.via.iter().all(by_table) && leads(c))
        .collect();
    // A whole or a new name before an expansion, the latest first ("Azure API for FHIR":
    // Azure Health Data Services, 2022, before Azure Healthcare APIs, 2021).
    led.sort_by_key(|c| {
        let since = match c.via.last() {
            Some(Step::Renamed { since, .. } | Step::PartOf { since, .. }) => since.clone(),
            _ => None,
        };
        let expansion = matches!(c.via.last(), Some(Step::Abbreviation { .. }));
        (expansion, std::cmp::Reverse(since))
    });
    let mut seen = vec![own.to_string()];
    let mut out = Vec::new();
    for c in led {
        let key = compact_key(&c.name.key);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(ReadAs {
            name: c.name.display.trim().to_string(),
            via: c.via.clone(),
        });
        if out.len() == MAX_READ_AS {
            break;
        }
    }
    out
}

/// One listed service a query matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Match<'a> {
    /// The service.
    #[serde(rename = "name", serialize_with = "service_name")]
    pub service: &'a Service,
    /// How it matched.
    #[serde(flatten)]
    pub how: MatchKind,
    /// The steps from the query to the name that matched (abbreviation, renames), in order;
    /// empty when the query itself matched.
    pub via: Vec<Step>,
}

fn service_name<S: serde::Serializer>(s: &&Service, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&s.name)
}

impl Match<'_> {
    /// Whether an official rename (from the table, or a former name the document gives) links
    /// the query to the service.
    pub fn is_renamed(&self) -> bool {
        matches!(self.how, MatchKind::FormerName { .. })
            || self.via.iter().any(|s| matches!(s, Step::Renamed { .. }))
    }

    /// Best first: the rule's strength, then the number of steps. A former name reached only
    /// through the table ("Azure Cognitive Search" → older "Azure Search" → "Cognitive Search
    /// (formerly Azure Search)") ranks after a direct match without brand prefixes.
    fn rank(&self) -> (u8, usize) {
        let tier = match self.how {
            MatchKind::FormerName { .. } if !self.via.is_empty() => 2,
            _ => self.how.tier(),
        };
        (tier, self.via.len())
    }
}

/// The answer to a lookup: a name as a person types it (any case, an abbreviation, an old
/// name, a family name, with or without the brand prefix), answered with every listed service
/// it names and how.
///
/// A query is first turned into its candidate names: itself, what the abbreviation table says
/// it stands for ("AAD" → "Azure Active Directory"; a word of it: "Azure SQL DB" → "Azure SQL
/// Database"), and the names the rename table links it to,
/// in both directions ("Azure Active Directory" → "Microsoft Entra ID"; "Microsoft Sentinel" →
/// "Azure Sentinel" for an older SSP). Each candidate is then matched against an index of the
/// set, strongest rule first:
///
/// | rule | example query → listed service |
/// | --- | --- |
/// | exact (normalized) | "azure kubernetes service" → Azure Kubernetes Service (AKS) |
/// | an abbreviation the document gives | "AKS" → Azure Kubernetes Service (AKS) |
/// | a former name the document gives | "Azure Sentinel" → Microsoft Sentinel (formerly Azure Sentinel) |
/// | without brand prefixes | "Bastion" → Azure Bastion; "Microsoft Azure Bastion" → Bastion |
/// | a sub-service's own name | "Face" → Azure AI services: Face |
/// | a qualified edition | "Microsoft Entra ID" → Microsoft Entra ID (Free), ... (Premium P1 + P2) |
/// | a family | "Azure AI services" → Azure AI services: Face, ...; "Azure AI Language" → ... (part of Azure AI Language); "Azure Storage" → Storage: Blobs, ... |
/// | an included service | "Log Analytics" → Azure Monitor (incl. ..., Log Analytics, ...) |
/// | a sub-service of a listed one | "App Service: Web Apps" → App Service |
/// | a nested list item | "Log Analytics" → Azure Monitor (with Log Analytics nested) |
/// | a part, by the table (Microsoft's scope page or documentation) | "Application Insights" → Azure Monitor, listed alone |
/// | leading words | "SharePoint" → SharePoint Online; "Azure SQL" → Azure SQL Database, ... |
/// | leading words of an included service | "Azure Data Lake Storage" → Storage: Blobs (incl. Azure Data Lake Storage Gen2) |
///
/// A service the document lists as planned or without a FedRAMP mark, named by one of the
/// first four rules, outranks matches by leading words: those become suggestions.
///
/// Never a match: vendor or generic words alone ("Azure", "Data"; "Storage" only as the family
/// the document writes "Storage: Blobs", ...), a query with more
/// words than the listed name ("Azure SQL Edge" is not "Azure SQL Database"), another
/// generation ("... Gen1" is not "... Gen2"). Those get suggestions: listed services that share
/// a distinctive word with the query or one of its other names, or that differ from it by a
/// typo; never an unrelated service.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Lookup<'a> {
    /// The query as asked.
    pub query: String,
    /// The in-scope services the query names, best first.
    pub matches: Vec<Match<'a>>,
    /// Without an in-scope match: services listed as planned that the query names.
    pub planned: Vec<Match<'a>>,
    /// Without an in-scope or planned match: services listed without a FedRAMP mark.
    pub not_authorized: Vec<Match<'a>>,
    /// Without an in-scope match: the closest in-scope names, best first.
    pub suggestions: Vec<&'a Service>,
    /// When the rename table says the service asked for was retired: the entry, with its
    /// successor.
    pub retired: Option<Resolution>,
    /// Without any match: where the rename table leads the query, among names the documents
    /// do not list: the service it is part of or its new name first, then what it abbreviates
    /// (never an older name, another name on the way, or a word of it written out). "Azure
    /// Communication Services" is part of Microsoft Teams, which an Azure SSP does not list:
    /// an SSP that lists one may cover the query.
    pub read_as: Vec<ReadAs>,
}

impl<'a> Lookup<'a> {
    /// Whether the query names an in-scope service.
    pub fn is_found(&self) -> bool {
        !self.matches.is_empty()
    }

    /// The best match.
    pub fn best(&self) -> Option<&Match<'a>> {
        self.matches.first()
    }
}

/// Matches of this tier or stronger name the service itself (see [`MatchKind::tier`]).
const STRONG_TIER: u8 = 2;
/// The tier of matches by a name's leading words only.
const LEADING_TIER: u8 = 9;

/// At most this many matches are returned for one query.
const MAX_MATCHES: usize = 100;
/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 5;
/// The rules that split a query into words (an abbreviation inside it, a whole then its part)
/// look at names of at most this many words: service names are shorter, and a longer text
/// would cost more than linear time.
const MAX_QUERY_WORDS: usize = 12;

/// The most resource words (or phrases) read at the end of a name: "cluster database".
const MAX_RESOURCE_WORDS: usize = 2;

/// `name` without the resource word or phrase it ends with ([`RESOURCE_WORDS`], the longest
/// that fits; the last word's plural read too, as [`singular_end`] reads it), trimmed; `None`
/// when it ends otherwise or nothing would be left.
fn before_resource(name: &str) -> Option<&str> {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let fits = |phrase: &str| {
        let want: Vec<&str> = phrase.split(' ').collect();
        let start = words.len().checked_sub(want.len()).filter(|s| *s > 0)?;
        let have = words.get(start..)?;
        let last = want.len() - 1;
        let same = |(i, (h, w)): (usize, (&String, &&str))| {
            h == w || (i == last && singular_end(h) == **w)
        };
        have.iter()
            .zip(&want)
            .enumerate()
            .all(same)
            .then_some(want.len())
    };
    let count = RESOURCE_WORDS.iter().filter_map(|p| fits(p)).max()?;
    let mut of = name.trim_end();
    for _ in 0..count {
        of = of.rsplit_once(char::is_whitespace)?.0.trim_end();
    }
    Some(of)
}

/// A name written with the Japanese possessive before its last words, as Microsoft's Japanese
/// documentation writes a part or a resource of a service ("Azure Cognitive Services の Face",
/// "Azure Key Vault の証明書", the certificates of Azure Key Vault): the name with a space in its
/// place. `None` without one, or with nothing after it.
fn without_possessive(name: &str) -> Option<String> {
    let (before, after) = name.trim().rsplit_once('の')?;
    let (before, after) = (before.trim_end(), after.trim_start());
    (!before.is_empty() && !after.is_empty()).then(|| format!("{before} {after}"))
}

/// Whether a resource read after a name begins with a server: after a software service's name
/// ("SharePoint Server", "Exchange Server", "Skype for Business Server") Microsoft names the
/// on-premises edition, another product; after a platform service's ("Azure Database for
/// PostgreSQL server"), a resource of it.
fn names_a_server(resource: &str) -> bool {
    resource.split_whitespace().next().is_some_and(|w| {
        let w = w.to_lowercase();
        matches!(singular_end(&w).as_ref(), "server" | "サーバー")
    })
}

/// The kinds of resource a service is made of, as the Azure portal and Microsoft's
/// documentation write them after the service's name ("Azure Databricks workspace", "Event
/// Hubs namespace", "Azure Cosmos DB account", "AKS cluster", "Container Apps environment",
/// "Recovery Services vault"; Microsoft's Cloud Adoption Framework names resources so in its
/// "Abbreviation recommendations for Azure resources": "Azure SQL Database server", "Traffic
/// Manager profile", "Service Bus queue", "Event Grid topic", "ExpressRoute circuit",
/// "Firewall policy", "Virtual desktop host pool", "AKS user node pool", "Azure Monitor
/// action group", "Azure Monitor data collection rule", "Azure Synapse Analytics SQL Dedicated
/// Pool", "Spark Pool"), and as the services' own documentation writes them ("deployed Fabric
/// capacities", "Create a Stream Analytics job", "a Data Factory pipeline", "your Azure VMware
/// Solution private cloud", "Create a lab plan in Azure Lab Services", "dedicated SQL pool",
/// "serverless SQL pool", "an Azure Bastion host", "session hosts" of Azure Virtual Desktop,
/// "Create an Azure Active Directory B2C tenant", "Purchase an App Service certificate",
/// "Custom connectors in Azure Logic Apps"; the portal's "Event Grid Partner Namespaces",
/// "Azure Monitor Private Link Scopes"), and of Microsoft 365's services ("Create a site in
/// SharePoint", "Exchange Online mailboxes", "Overview of teams and channels in Microsoft
/// Teams", "Create a flow in Power Automate"), singular; a plural is also read ("policies").
/// Then as Microsoft's Japanese documentation writes them ("Event Hubs 名前空間を作成します",
/// "Azure Databricks ワークスペースを作成する", "Traffic Manager プロファイルを作成する",
/// "ExpressRoute 回線を作成します", "イベント グリッド トピック", "DNS ゾーンは、特定のドメイン
/// の DNS レコードをホストするために使用されます", "Azure Bastion ホスト", "Azure Active Directory B2C
/// テナントを作成する", "SharePoint サイトを作成する", "Exchange Online メールボックスで迷惑メール
/// 設定を構成する", "Microsoft Teams でのチームとチャネルの概要", "Power Automate でフローを作成
/// する"), and as the Azure portal names resources in Japanese (the ja-jp reference of Azure
/// Resource Graph's resource types: "Stream Analytics ジョブ", "App Service プラン", "API
/// Management サービス", "Azure Databricks サービス", "ファイアウォール ポリシー", "仮想ネットワーク
/// ゲートウェイ", "Azure Database for PostgreSQL サーバー", "Azure Data Explorer データベース",
/// "AVS プライベート クラウド", "Event Grid システム トピック", "App Service ドメイン", "App Service
/// 証明書", "Event Grid パートナー名前空間", "Azure Monitor プライベート リンク スコープ", "Log
/// Analytics クエリ パック", "Logic Apps カスタム コネクタ"; the English phrases' Japanese:
/// "ホスト プール", "アプリケーション グループ", "SQL エラスティック プール", "データ収集ルール", and
/// "アクション グループ" as the action groups page writes it); not コンテナー, which is a vault there
/// but also a container. Not "service" in English, the last word of many names: "Azure AD
/// Domain Services" is not Azure AD, "Azure Container Service" is not Containers of Azure AI
/// services.
const RESOURCE_WORDS: [&str; 93] = [
    "host pool",
    "node pool",
    "system node pool",
    "user node pool",
    "elastic pool",
    "application group",
    "scaling plan",
    "action group",
    "data collection rule",
    "data collection endpoint",
    "alert processing rule",
    "system topic",
    "dedicated sql pool",
    "serverless sql pool",
    "sql pool",
    "spark pool",
    "private cloud",
    "lab plan",
    "workspace",
    "account",
    "namespace",
    "cluster",
    "environment",
    "vault",
    "instance",
    "database",
    "server",
    "profile",
    "endpoint",
    "topic",
    "queue",
    "domain",
    "subscription",
    "project",
    "store",
    "circuit",
    "gateway",
    "zone",
    "policy",
    "capacity",
    "job",
    "pipeline",
    "host",
    "session host",
    "tenant",
    "site",
    "mailbox",
    "channel",
    "flow",
    "certificate",
    "partner namespace",
    "partner topic",
    "private link scope",
    "query pack",
    "custom connector",
    "ワークスペース",
    "アカウント",
    "名前空間",
    "クラスター",
    "環境",
    "プロファイル",
    "回線",
    "トピック",
    "ゾーン",
    "ジョブ",
    "プラン",
    "サービス",
    "ホスト",
    "ポリシー",
    "ゲートウェイ",
    "サーバー",
    "データベース",
    "インスタンス",
    "エンドポイント",
    "プライベート クラウド",
    "システム トピック",
    "テナント",
    "サイト",
    "メールボックス",
    "チャネル",
    "フロー",
    "ドメイン",
    "証明書",
    "パートナー名前空間",
    "パートナー トピック",
    "プライベート リンク スコープ",
    "クエリ パック",
    "カスタム コネクタ",
    "ホスト プール",
    "アプリケーション グループ",
    "エラスティック プール",
    "アクション グループ",
    "データ収集ルール",
];
/// Typo suggestions compare the query with every service only in sets up to this size.
const TYPO_SCAN_LIMIT: usize = 5_000;

/// A lookup index over a [`ScopeSet`]: built once, then every query costs a few map look-ups
/// (plus, in sets of at most 5,000 services, a scan for typo suggestions).
#[derive(Debug, Clone)]
pub struct Index<'a> {
    set: &'a ScopeSet,
    core: BTreeMap<String, Vec<&'a Service>>,
    compact: HashMap<String, Vec<&'a Service>>,
    alias: HashMap<String, Vec<&'a Service>>,
    former: HashMap<String, Vec<(&'a Service, &'a str)>>,
    included: HashMap<String, Vec<(&'a Service, &'a str)>>,
    included_core: BTreeMap<String, Vec<(&'a Service, &'a str)>>,
    family: HashMap<String, Vec<&'a Service>>,
    editions: HashMap<String, Vec<&'a Service>>,
    short: HashMap<String, Vec<&'a Service>>,
    nested: HashMap<String, Vec<(&'a Service, &'a str)>>,
    words: HashMap<String, Vec<&'a Service>>,
    /// Office 365 services by their name without the suite's in front ("Office 365 Customer
    /// Portal" as "customer portal"), and Dynamics 365 apps likewise ("field service").
    in_suite: HashMap<String, Vec<&'a Service>>,
}

/// How people and Microsoft's pages write the suite's name in front of an Office 365
/// service's ("Office 365 Planner", "O365 Teams", "Office 365 Customer Portal").
const SUITE: [&str; 5] = [
    "microsoft office 365 ",
    "office 365 ",
    "o365 ",
    "microsoft 365 ",
    "m365 ",
];

/// A key without the suite's name in front, if it has one.
fn without_suite(key: &str) -> Option<&str> {
    SUITE.iter().find_map(|p| key.strip_prefix(p))
}

/// A listed Office 365 service's key without the suite's name in front, or without "Office"
/// as the Office 365 page writes some ("Office Usage Reports").
fn listed_without_suite(key: &str) -> Option<&str> {
    without_suite(key).or_else(|| key.strip_prefix("office "))
}

/// Which reading of the query a match is, when the whole query is an abbreviation: what it is
/// short for ("ASE": Azure Stack Edge or App Service Environment); `None` for a match of the
/// query as written or with one of its words written out.
fn reading(via: &[Step]) -> Option<String> {
    match via.first() {
        Some(Step::Abbreviation {
            abbreviation,
            expansion,
            ..
        }) if !abbreviation.contains(' ') => Some(expansion.clone()),
        _ => None,
    }
}

/// A listed Dynamics 365 app's name without "Dynamics 365" in front, as Microsoft's own
/// documentation names the apps after their first mention ("Field Service", "Business
/// Central", "Customer Insights"): only a name of two words or more that is not generic, so
/// that "Sales" or "Commerce" alone is no app.
fn dynamics_app(key: &str) -> Option<&str> {
    let app = key.strip_prefix("dynamics 365 ")?.trim();
    let distinct = words(app).filter(|w| !is_vendor_or_stop(w)).count() >= 2;
    (distinct && !is_too_generic(&core_key(app))).then_some(app)
}

fn push<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, Vec<V>>, key: K, value: V) {
    map.entry(key).or_default().push(value);
}

/// The key families are indexed by: Microsoft's AI family has had many names ("Cognitive
/// Services", "Azure AI services", "Azure AI Foundry", "Foundry Tools", "Microsoft Foundry")
/// and its scope page lists the same members under each in turn, so these are one family.
fn family_key(name: &str) -> String {
    if is_brand_family(&normalize_key(name)) {
        return "\u{0}ai-family".to_string();
    }
    loose(name)
}

/// The loose form names are indexed and compared by (see [`compact_key`]).
fn loose(name: &str) -> String {
    compact_key(&normalize_key(name))
}

impl<'a> Index<'a> {
    /// Indexes a set.
    pub fn new(set: &'a ScopeSet) -> Index<'a> {
        let mut ix = Index {
            set,
            core: BTreeMap::new(),
            compact: HashMap::new(),
            alias: HashMap::new(),
            former: HashMap::new(),
            included: HashMap::new(),
            included_core: BTreeMap::new(),
            family: HashMap::new(),
            editions: HashMap::new(),
            short: HashMap::new(),
            nested: HashMap::new(),
            words: HashMap::new(),
            in_suite: HashMap::new(),
        };
        for s in set {
            ix.core.entry(core_key(&s.key)).or_default().push(s);
            push(&mut ix.compact, compact_key(&s.key), s);
            for a in &s.aliases {
                push(&mut ix.alias, normalize_key(a), s);
            }
            for f in &s.former_names {
                push(&mut ix.former, loose(f), (s, f.as_str()));
            }
            for i in &s.includes {
                push(&mut ix.included, loose(i), (s, i.as_str()));
                let core = core_key(&normalize_key(i));
                ix.included_core
                    .entry(core)
                    .or_default()
                    .push((s, i.as_str()));
            }
            for family in s.parent.iter().chain(&s.part_of) {
                push(&mut ix.family, family_key(family), s);
            }
            if let Some((base, _)) = split_qualifier(&s.name) {
                push(&mut ix.editions, loose(base), s);
            }
            // "Microsoft 365 Apps for enterprise": one of the plans of Microsoft 365 Apps (the
            // other is "for business"), as an edition in parentheses is.
            if let Some(base) = s.name.strip_suffix(" for enterprise") {
                push(&mut ix.editions, loose(base), s);
            }
            if let Some((_, child)) = s.name.split_once(": ")
                && !is_too_generic(&core_key(&normalize_key(child)))
            {
                push(&mut ix.short, loose(child), s);
            }
            for c in &s.children {
                push(&mut ix.nested, loose(c), (s, c.as_str()));
            }
            if s.offering == Offering::Office365
                && let Some(rest) = listed_without_suite(&s.key)
                && !is_too_generic(&core_key(rest))
            {
                push(&mut ix.in_suite, compact_key(rest), s);
            }
            if let Some(app) = dynamics_app(&s.key) {
                push(&mut ix.in_suite, compact_key(app), s);
            }
            let mut seen: Vec<&str> = Vec::new();
            for w in words(&s.key) {
                if !seen.contains(&w) {
                    seen.push(w);
                    push(&mut ix.words, w.to_string(), s);
                }
            }
        }
        ix
    }

    /// Looks a name up; when nothing matches it as written and it has the Japanese possessive
    /// ("Azure Cognitive Services の Face", "Azure Key Vault の証明書", as Microsoft's Japanese
    /// documentation writes them), again with a space in place of the last "の".
    pub fn lookup(&self, query: &str, renames: &Renames) -> Lookup<'a> {
        let found = self.lookup_as_written(query, renames);
        if !found.matches.is_empty() {
            return found;
        }
        match without_possessive(query).map(|spaced| self.lookup_as_written(&spaced, renames)) {
            Some(spaced) if !spaced.matches.is_empty() => Lookup {
                query: found.query,
                ..spaced
            },
            _ => found,
        }
    }

    /// [`lookup`](Self::lookup) of the name as written: by its name, else as a resource of a
    /// listed service.
    fn lookup_as_written(&self, query: &str, renames: &Renames) -> Lookup<'a> {
        let found = self.lookup_name(query, renames);
        if !found.matches.is_empty() {
            return found;
        }
        match self.lookup_resource(query, renames) {
            Some(matches) => Lookup {
                matches,
                suggestions: Vec::new(),
                read_as: Vec::new(),
                ..found
            },
            None => found,
        }
    }

    /// A name that matched nothing, read as a listed service's name followed by a resource
    /// word, or two ("Azure Data Explorer cluster database"; [`Step::Resource`]): the matches
    /// of the name before it, each with that step first. `None` when the name ends otherwise,
    /// or what is before it is generic or matches nothing.
    fn lookup_resource(&self, query: &str, renames: &Renames) -> Option<Vec<Match<'a>>> {
        let query = query.trim();
        let mut end = query.len();
        for _ in 0..MAX_RESOURCE_WORDS {
            let of = before_resource(query.get(..end)?)?;
            if is_too_generic(&core_key(&normalize_key(of))) {
                return None;
            }
            let resource = query.get(of.len()..)?.trim();
            // Leading words are a guess already: "Data Lake" store is not Data Lake Storage.
            let mut matches = self.lookup_name(of, renames).matches;
            matches.retain(|m| m.how.tier() < LEADING_TIER);
            if names_a_server(resource) {
                matches.retain(|m| m.service.offering == Offering::IaasPaas);
            }
            if !matches.is_empty() {
                let step = Step::Resource {
                    resource: resource.to_string(),
                    of: of.to_string(),
                };
                for m in &mut matches {
                    m.via.insert(0, step.clone());
                }
                return Some(matches);
            }
            end = of.len();
        }
        None
    }

    /// Looks a name up as written.
    fn lookup_name(&self, query: &str, renames: &Renames) -> Lookup<'a> {
        let (candidates, retired, own) = match ServiceName::parse(query) {
            Some(q) => {
                let own = compact_key(&q.key);
                let (candidates, retired) = candidates(q, renames);
                (candidates, retired, own)
            }
            None => (Vec::new(), None, String::new()),
        };
        // "Power BI" is not "Power BI Embedded": the table says which names that begin with the
        // query's words are other services.
        let distinct: Vec<String> = candidates
            .iter()
            .flat_map(|c| renames.distinct_from(&c.name.display))
            .collect();
        let (excluded, matches): (Vec<Match<'a>>, Vec<Match<'a>>) =
            self.matches(&candidates).into_iter().partition(|m| {
                m.how.tier() == LEADING_TIER && distinct.contains(&compact_key(&m.service.key))
            });
        let suggestions = if matches.is_empty() {
            let mut s: Vec<&'a Service> = excluded.iter().map(|m| m.service).collect();
            for other in self.suggest(&candidates, retired.as_ref()) {
                if !s.iter().any(|x| x.key == other.key) {
                    s.push(other);
                }
            }
            s.truncate(MAX_SUGGESTIONS);
            s
        } else {
            Vec::new()
        };
        let read_as = match matches.is_empty() {
            true => read_as(query, &own, &candidates),
            false => Vec::new(),
        };
        Lookup {
            query: query.trim().to_string(),
            matches,
            planned: Vec::new(),
            not_authorized: Vec::new(),
            suggestions,
            retired,
            read_as,
        }
    }

    /// Every service the candidates match, best first, each once.
    fn matches(&self, candidates: &[Candidate]) -> Vec<Match<'a>> {
        let mut all: Vec<Match<'a>> = Vec::new();
        for c in candidates {
            self.match_candidate(c, &mut all);
        }
        all.sort_by(|a, b| {
            a.rank()
                .cmp(&b.rank())
                .then_with(|| a.service.key.cmp(&b.service.key))
        });
        let mut seen: Vec<&str> = Vec::new();
        all.retain(|m| {
            let fresh = !seen.contains(&m.service.key.as_str());
            if fresh {
                seen.push(&m.service.key);
            }
            fresh
        });
        // A query that names a listed service (by name, abbreviation, former name, brand-free
        // name) is answered with that service: "Exchange Online" is not also "Exchange Online
        // Protection", "Azure Security Center" not also "Defender for Cloud Apps". An
        // abbreviation of two services is each of them: "ASE" names Azure Stack Edge, listed,
        // and App Service Environment, part of App Service; each reading keeps its own best.
        let is_strong = |m: &Match<'_>| m.rank().0 <= STRONG_TIER;
        if all.iter().any(is_strong) {
            let strong: Vec<String> = all
                .iter()
                .filter(|m| is_strong(m))
                .filter_map(|m| reading(&m.via))
                .collect();
            all.retain(|m| is_strong(m) || reading(&m.via).is_some_and(|r| !strong.contains(&r)));
        }
        all.truncate(MAX_MATCHES);
        all
    }

    fn match_candidate(&self, c: &Candidate, out: &mut Vec<Match<'a>>) {
        // A candidate naming the service the query is part of: only the whole itself counts (by
        // name, abbreviation, former name or without brand prefixes, or as the editions it is
        // listed in: a feature of Microsoft Entra ID is in "Microsoft Entra ID (Free)" and
        // "(P1 + P2)", one of Microsoft Entra ID (P1) only in the second), answered as `PartOf`.
        // The part step is the last, or followed by the whole's renaming (see `candidates`).
        let part = c.via.iter().rev().take(2).find_map(|s| match s {
            Step::PartOf { part, .. } => Some(part),
            _ => None,
        });
        let mut add = |service: &'a Service, how: MatchKind| {
            if out.len() < MAX_MATCHES * 4 {
                let how = match part {
                    Some(part) => MatchKind::PartOf { part: part.clone() },
                    None => how,
                };
                out.push(Match {
                    service,
                    how,
                    via: c.via.clone(),
                });
            }
        };
        let q = &c.name;
        let core = core_key(&q.key);
        let compact = compact_key(&q.key);
        self.by_name(q, &compact, &mut add);
        let without_vendor = self.compact.get(&compact).into_iter().flatten();
        if part.is_some() {
            without_vendor.for_each(|s| add(s, MatchKind::WithoutVendor));
            self.editions_of(q, &compact, &mut add);
            self.same_edition(q, &mut add);
            return;
        }
        // A first name stands for the name asked for only as a listed name: "Azure Stack
        // (Hub)" is not the "Azure Stack Edge" that "Azure Stack" leads to.
        if matches!(c.via.last(), Some(Step::FirstName { .. })) {
            without_vendor.for_each(|s| add(s, MatchKind::WithoutVendor));
            return;
        }
        if is_brand_family(&q.key) {
            self.members(q, &mut add);
        }
        // Equal once brand words are set aside, even when what is left is generic: "Azure
        // portal" is "Microsoft Azure portal".
        for s in without_vendor {
            add(s, MatchKind::WithoutVendor);
        }
        self.in_the_suite(&q.key, &mut add);
        if is_too_generic(&core) {
            // The name of a listed service's editions is a name, however generic its words
            // once the brand is set aside: "Microsoft 365 Apps" (for enterprise).
            self.editions_of(q, &compact, &mut add);
            self.generic_family(q, &mut add);
            return;
        }
        for s in self.short.get(&compact).into_iter().flatten() {
            add(s, MatchKind::ShortName);
        }
        self.by_family(q, &compact, &mut add);
        self.parent_and_part(&core, &mut add);
        // Leading words of a name the table leads to are too loose a link: "Microsoft Entra
        // ID" is not "Azure Active Directory B2C".
        if !c.via.iter().any(|s| matches!(s, Step::Renamed { .. })) {
            let prefix = format!("{core} ");
            for s in starting_with(&self.core, &prefix) {
                add(s, MatchKind::LeadingWords);
            }
            // "Azure Data Lake Storage", the start of "Azure Data Lake Storage Gen2", which
            // "Storage: Blobs" includes.
            for (s, included) in starting_with(&self.included_core, &prefix) {
                let included = included.to_string();
                add(s, MatchKind::IncludedByLeadingWords { included });
            }
        }
    }

    /// An Office 365 service named with the suite's name in front, as people write it ("Office
    /// 365 Planner", "O365 Teams" for "Microsoft Planner", "Microsoft Teams"): the suite's name
    /// is set aside like a brand word, but only for the services an Office 365 SSP lists, since
    /// "Microsoft 365" also names product lines of its own ("Microsoft 365 Defender" is not
    /// "Azure Defender"). And the other way round, a service listed with the suite's name in
    /// front asked for without it or with another form of it ("Customer Portal" for "Office
    /// 365 Customer Portal", "Office 365 Usage Reports" for "Office Usage Reports"), unless
    /// what is left is too generic ("Online" is not "Office Online").
    fn in_the_suite(&self, key: &str, add: &mut impl FnMut(&'a Service, MatchKind)) {
        let rest = without_suite(key);
        let listed = rest
            .and_then(|rest| self.compact.get(&compact_key(rest)))
            .into_iter()
            .flatten();
        for s in listed.filter(|s| s.offering == Offering::Office365) {
            add(s, MatchKind::WithoutVendor);
        }
        // The other way round: "Customer Portal" for "Office 365 Customer Portal".
        let compact = compact_key(rest.unwrap_or(key));
        for s in self.in_suite.get(&compact).into_iter().flatten() {
            add(s, MatchKind::WithoutVendor);
        }
    }

    /// Exact key, an abbreviation the document gives, a former name the document gives (unless
    /// the query is the service's own name without brand words: "Sentinel" is "Microsoft
    /// Sentinel", not its former name "Azure Sentinel").
    fn by_name(
        &self,
        q: &ServiceName,
        compact: &str,
        add: &mut impl FnMut(&'a Service, MatchKind),
    ) {
        if let Some(s) = self.set.get(&q.key) {
            add(s, MatchKind::Exact);
        }
        let typed = normalize_key(&q.display);
        // The document's abbreviation asked for with a brand word: "Azure App Service" for
        // "Web Apps (App Service)".
        let brand_free = core_key(&typed);
        let typed_forms =
            std::iter::once(&typed).chain((brand_free != typed).then_some(&brand_free));
        for a in typed_forms.chain(&q.aliases) {
            for s in self.alias.get(&normalize_key(a)).into_iter().flatten() {
                add(s, MatchKind::Alias);
            }
        }
        for (s, former) in self.former.get(compact).into_iter().flatten() {
            if compact_key(&s.key) != compact {
                let former = former.to_string();
                add(s, MatchKind::FormerName { former });
            }
        }
    }

    /// The members of the family the query names: sub-services of it, and services written
    /// "(part of ...)" it.
    fn members(&self, q: &ServiceName, add: &mut impl FnMut(&'a Service, MatchKind)) {
        for s in self
            .family
            .get(&family_key(&q.display))
            .into_iter()
            .flatten()
        {
            let family = q.display.clone();
            add(s, MatchKind::Member { family });
        }
    }

    /// The listed editions of the name asked for: "Microsoft Entra ID" → "Microsoft Entra ID
    /// (Free)", "(P1 + P2)".
    fn editions_of(
        &self,
        q: &ServiceName,
        compact: &str,
        add: &mut impl FnMut(&'a Service, MatchKind),
    ) {
        for s in self.editions.get(compact).into_iter().flatten() {
            let of = q.display.clone();
            add(s, MatchKind::Edition { of });
        }
    }

    /// Another wording of the same edition: "(Premium P1 + P2)" = "(P1 + P2)", "(Free and
    /// Basic)" = "(Free)", "(P1)" is in "(P1 + P2)": one qualifier's words contain the other's.
    fn same_edition(&self, q: &ServiceName, add: &mut impl FnMut(&'a Service, MatchKind)) {
        let Some((base, qualifier)) = split_qualifier(&q.display) else {
            return;
        };
        let want = qualifier_words(qualifier);
        for s in self.editions.get(&loose(base)).into_iter().flatten() {
            let have = split_qualifier(&s.name).map(|(_, sq)| qualifier_words(sq));
            if have.is_some_and(|h| same_edition(&want, &h)) {
                let of = base.to_string();
                add(s, MatchKind::Edition { of });
            }
        }
    }

    /// Editions, family members, included services, the parent of a sub-service, nested items.
    fn by_family(
        &self,
        q: &ServiceName,
        compact: &str,
        add: &mut impl FnMut(&'a Service, MatchKind),
    ) {
        self.editions_of(q, compact, add);
        self.same_edition(q, add);
        // A tier of a service listed without one: "Azure Front Door (Premium)", "Azure
        // Kubernetes Service (Premium)" for "Azure Kubernetes Service (AKS)", whose parentheses
        // hold its abbreviation, not an edition.
        if let Some((base, qualifier)) = split_qualifier(&q.display)
            && is_edition(qualifier)
        {
            let listed = self.compact.get(&loose(base)).into_iter().flatten();
            let no_edition = |s: &&&'a Service| {
                split_qualifier(&s.name).is_none_or(|(_, listed)| !is_edition(listed))
            };
            for s in listed.filter(no_edition) {
                let of = s.name.clone();
                add(s, MatchKind::Edition { of });
            }
        }
        self.members(q, add);
        for (s, included) in self.included.get(compact).into_iter().flatten() {
            let included = included.to_string();
            add(s, MatchKind::Included { included });
        }
        if let Some(parent) = &q.parent {
            for s in self.compact.get(&loose(parent)).into_iter().flatten() {
                let child = q.display.clone();
                add(s, MatchKind::Parent { child });
            }
        }
        for (s, child) in self.nested.get(compact).into_iter().flatten() {
            let child = child.to_string();
            add(s, MatchKind::Nested { child });
        }
    }

    /// A listed service's name followed by a part it includes: "Azure Monitor Log Analytics"
    /// for "Azure Monitor (incl. ..., Log Analytics, ...)", "Purview Data Map".
    fn parent_and_part(&self, core: &str, add: &mut impl FnMut(&'a Service, MatchKind)) {
        let words: Vec<&str> = core.split(' ').collect();
        if words.len() > MAX_QUERY_WORDS {
            return;
        }
        for i in 1..words.len() {
            let (Some(head), Some(rest)) = (words.get(..i), words.get(i..)) else {
                continue;
            };
            let rest = loose(&rest.join(" "));
            for s in self.core.get(&head.join(" ")).into_iter().flatten() {
                for included in s.includes.iter().filter(|inc| loose(inc) == rest) {
                    let included = included.clone();
                    add(s, MatchKind::Included { included });
                }
            }
        }
    }

    /// A generic word that the document uses as a family: "Storage" or "Azure Storage" for
    /// "Storage: Blobs", "Storage: Files", ... Too vague to match names by, but the document
    /// itself groups these services under it.
    fn generic_family(&self, q: &ServiceName, add: &mut impl FnMut(&'a Service, MatchKind)) {
        let key = normalize_key(&q.display);
        let mut brand_free = key.as_str();
        while let Some((first, rest)) = brand_free.split_once(' ')
            && matches!(first, "azure" | "microsoft")
        {
            brand_free = rest;
        }
        if words(brand_free).all(is_vendor_or_stop) {
            return;
        }
        for s in self.family.get(&loose(brand_free)).into_iter().flatten() {
            let family = q.display.clone();
            add(s, MatchKind::Member { family });
        }
    }

    /// The closest related in-scope names: sharing a distinctive word with the query or one
    /// of its other names, or a typo away; a retired service's successor first.
    fn suggest(&self, candidates: &[Candidate], retired: Option<&Resolution>) -> Vec<&'a Service> {
        let cores: Vec<String> = candidates.iter().map(|c| core_key(&c.name.key)).collect();
        let all_generic = cores.iter().all(|c| is_too_generic(c));
        let mut related: Vec<&'a Service> = Vec::new();
        for core in &cores {
            related.extend(self.sharing_words(core, all_generic));
        }
        if self.set.len() <= TYPO_SCAN_LIMIT {
            let lengths: Vec<usize> = cores.iter().map(|c| c.chars().count()).collect();
            related.extend(self.set.iter().filter(|s| {
                let sk = core_key(&s.key);
                let sk_len = sk.chars().count();
                // A typo away: 75 % alike, so lengths within a quarter of the longer one (the
                // distance is at least their difference); the rest is not compared at all.
                let near = |len: usize| len >= 4 && 4 * len.abs_diff(sk_len) <= len.max(sk_len);
                cores
                    .iter()
                    .zip(&lengths)
                    .any(|(c, len)| near(*len) && edit_similarity(c, &sk) >= 0.75)
            }));
        }
        let score = |s: &Service| {
            let sk = core_key(&s.key);
            cores
                .iter()
                .map(|c| similarity(c, &sk))
                .fold(0.0_f64, f64::max)
        };
        let mut scored: Vec<(f64, &'a Service)> =
            related.into_iter().map(|s| (score(s), s)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key)));
        scored.dedup_by(|a, b| a.1.key == b.1.key);
        let mut out: Vec<&'a Service> = scored.into_iter().map(|(_, s)| s).collect();
        out.dedup_by(|a, b| a.key == b.key);
        // A listed name written inside the query comes before them: a list whose cells run
        // two texts together ("AI + Machine AI Builder Learning" holds "AI Builder").
        if let Some(query) = candidates.first() {
            let within = self.written_within(&query.name.key);
            out.retain(|s| !within.iter().any(|w| w.key == s.key));
            out.splice(0..0, within);
        }
        // A retired service's successor, when in scope, comes first.
        if let Some(successor) = retired
            .and_then(|r| ServiceName::parse(&r.to))
            .map(|n| {
                self.matches(&[Candidate {
                    name: n,
                    via: Vec::new(),
                }])
            })
            .and_then(|m| m.first().map(|m| m.service))
        {
            out.retain(|s| s.key != successor.key);
            out.insert(0, successor);
        }
        out.truncate(MAX_SUGGESTIONS);
        out
    }
}

impl<'a> Index<'a> {
    /// The services of two words or more whose name (its key's words, in order) is written
    /// inside a longer query; none for a query of more than [`MAX_QUERY_WORDS`] words or a set
    /// too large to scan.
    fn written_within(&self, query_key: &str) -> Vec<&'a Service> {
        let query: Vec<&str> = words(query_key).take(MAX_QUERY_WORDS + 1).collect();
        if query.len() > MAX_QUERY_WORDS || self.set.len() > TYPO_SCAN_LIMIT {
            return Vec::new();
        }
        self.set
            .iter()
            .filter(|s| {
                let name: Vec<&str> = words(&s.key).collect();
                (2..query.len()).contains(&name.len())
                    && query.windows(name.len()).any(|w| w == name.as_slice())
            })
            .collect()
    }

    /// Services related to a name by its words: sharing its first distinctive word ("Azure SQL
    /// Edge" → "SQL Database", not "Azure Stack Edge"), or two of its distinctive words. For a
    /// query of generic words only ("Storage"), those words count.
    fn sharing_words(&self, core: &str, all_generic: bool) -> Vec<&'a Service> {
        let distinctive: Vec<&str> = words(core)
            .filter(|w| {
                if all_generic {
                    !is_vendor_or_stop(w)
                } else {
                    !is_generic(w)
                }
            })
            .collect();
        let mut shared: HashMap<&str, (usize, bool, &'a Service)> = HashMap::new();
        for (i, w) in distinctive.iter().enumerate() {
            for s in self.words.get(*w).into_iter().flatten() {
                let entry = shared.entry(s.key.as_str()).or_insert((0, false, s));
                entry.0 += 1;
                entry.1 |= i == 0;
            }
        }
        shared
            .into_values()
            .filter(|(count, first, _)| *first || *count >= 2)
            .map(|(_, _, s)| s)
            .collect()
    }
}

/// The values of the keys of `map` that start with `prefix` (at most [`MAX_MATCHES`]).
fn starting_with<T: Copy>(map: &BTreeMap<String, Vec<T>>, prefix: &str) -> Vec<T> {
    map.range::<str, _>((
        std::ops::Bound::Included(prefix),
        std::ops::Bound::Unbounded,
    ))
    .take_while(|(k, _)| k.starts_with(prefix))
    .flat_map(|(_, v)| v.iter().copied())
    .take(MAX_MATCHES)
    .collect()
}

/// A name too vague to match anything: nothing but vendor words, or one generic word beside
/// them ("Azure", "Storage", "Azure Data", "Microsoft AI"). "App Service" or "Azure AI
/// services" are families and do match.
fn is_too_generic(core: &str) -> bool {
    let mut rest = words(core).filter(|w| !is_vendor_or_stop(w));
    match (rest.next(), rest.next()) {
        (None, _) => true,
        (Some(w), None) => is_generic(w),
        _ => false,
    }
}

fn is_vendor_or_stop(w: &str) -> bool {
    matches!(
        w,
        "azure"
            | "microsoft"
            | "ms"
            | "foundry"
            | "office"
            | "365"
            | "the"
            | "for"
            | "and"
            | "of"
            | "in"
            | "on"
    )
}

/// A name to match, and the steps that led from the query to it.
#[derive(Debug, Clone)]
struct Candidate {
    name: ServiceName,
    via: Vec<Step>,
}

/// The query, its expansions and the names the rename table links them to; and the
/// retirement the table records for the query, if any.
fn candidates(query: ServiceName, renames: &Renames) -> (Vec<Candidate>, Option<Resolution>) {
    let mut out = written_forms(&query, renames);
    let mut retired = None;
    let mut siblings = Vec::new();
    let direct = out.clone();
    for c in &direct {
        // Every name on the way: an SSP of 2020 lists "Azure Cognitive Search", between "Azure
        // Search" and "Azure AI Search".
        let official = renames.knows(&c.name.display);
        let own = compact_key(&c.name.key);
        for r in renames.path(&c.name.display) {
            if r.retired {
                retired.get_or_insert(r);
                break;
            }
            let Some(name) = ServiceName::parse(&r.to) else {
                continue;
            };
            // "Sentinel" is loosely "Azure Sentinel" and "Microsoft Sentinel" alike: not a
            // rename unless the table names exactly what was asked ("Azure Sentinel").
            if !official && compact_key(&name.key) == own {
                continue;
            }
            let renamed = c.then(name, step(&r, &c.name.display, &r.to));
            // The new name's other older names: another name of the same service when the
            // query is an older name too ("Azure AD" and "Azure Active Directory" both became
            // Microsoft Entra ID), else an older name of it ("Synapse", another name of Azure
            // Synapse Analytics, formerly Azure SQL Data Warehouse).
            for o in renames.older_names(&r.to) {
                if compact_key(&normalize_key(&o.from)) == own {
                    continue;
                }
                let Some(name) = ServiceName::parse(&o.from) else {
                    continue;
                };
                siblings.push(if r.official {
                    // Both entries lead to the same name: the table's words for each.
                    let other = Step::OtherName {
                        from: c.name.display.trim().to_string(),
                        to: o.from.trim().to_string(),
                        evidence: [r.evidence.as_slice(), o.evidence.as_slice()].concat(),
                    };
                    c.then(name, other)
                } else {
                    renamed.then(name, step(&o, &o.from, &r.to))
                });
            }
            // The other halves of a split met on the way: "Dynamics 365 Finance and
            // Operations", another name of what became two.
            for split in renames.split_into(&r.to) {
                if let Some(half) = ServiceName::parse(&split.to) {
                    siblings.push(renamed.then(half, step(&split, &r.to, &split.to)));
                }
            }
            out.push(renamed);
        }
        for r in renames.older_names(&c.name.display) {
            if let Some(name) = ServiceName::parse(&r.from) {
                out.push(c.then(name, step(&r, &r.from, &c.name.display)));
            }
        }
        for r in renames.split_into(&c.name.display) {
            if let Some(name) = ServiceName::parse(&r.to) {
                out.push(c.then(name, step(&r, &c.name.display, &r.to)));
            }
        }
    }
    // After the query's own older names: "Azure Cognitive Search" is a rename of "Azure
    // Search", not merely another name of it.
    out.extend(siblings);
    let parts = wholes(&out, renames);
    out.extend(parts);
    out.extend(whole_then_part(&query.display, renames));
    (out, retired)
}

/// The query as written, with its trailing edition words in parentheses, by its first name,
/// and with its abbreviations written out (what an abbreviation stands for may end with a
/// version: "ASEv3", App Service Environment v3, is "App Service Environment (v3)").
fn written_forms(query: &ServiceName, renames: &Renames) -> Vec<Candidate> {
    let edition_of = |c: &Candidate| {
        let name = as_edition(&c.name.display).and_then(|e| ServiceName::parse(&e))?;
        Some(Candidate {
            name,
            via: c.via.clone(),
        })
    };
    let mut out = vec![Candidate {
        name: query.clone(),
        via: Vec::new(),
    }];
    out.extend(out.first().and_then(edition_of));
    out.extend(first_name(query));
    let written_out: Vec<Candidate> = out
        .iter()
        .flat_map(|c| expansions(&c.name.display, renames))
        .collect();
    let editions: Vec<Candidate> = written_out.iter().filter_map(edition_of).collect();
    out.extend(written_out);
    out.extend(editions);
    out
}

/// The services each name is part of: "Application Insights" → "Azure Monitor"; and the whole
/// under its other names, so that a part is found whichever name the SSP lists the whole by:
/// "Word Online" is part of Office Online, now Office for the web.
fn wholes(named: &[Candidate], renames: &Renames) -> Vec<Candidate> {
    let mut out = Vec::new();
    for c in named {
        // A part's edition is in what the part is in: "Microsoft Defender for Servers (Plan
        // 2)", one of Defender for Cloud's plans.
        let mut entries = renames.part_of_key(&c.name.key);
        if entries.is_empty()
            && let Some((base, qualifier)) = split_qualifier(&c.name.key)
            && is_edition(qualifier)
        {
            entries = renames.part_of_key(base);
        }
        for e in entries {
            let Some(whole) = e.to.as_deref().and_then(ServiceName::parse) else {
                continue;
            };
            let part_of = Step::PartOf {
                part: c.name.display.clone(),
                whole: whole.display.clone(),
                since: e.since.clone(),
                evidence: e.note.clone().into_iter().collect(),
            };
            let part = c.then(whole.clone(), part_of);
            for (other, renamed) in other_names(&whole, renames) {
                out.push(part.then(other, renamed));
            }
            out.push(part);
        }
    }
    out
}

/// The other names of a service: its later names (never through a retirement: a successor is
/// another service) and its earlier ones, each with the step between them. A `part` entry
/// names the whole as its source did; the SSP may list it under another name.
fn other_names(name: &ServiceName, renames: &Renames) -> Vec<(ServiceName, Step)> {
    let mut out = Vec::new();
    for r in renames.path(&name.display) {
        if r.retired {
            break;
        }
        if let Some(later) = ServiceName::parse(&r.to) {
            out.push((later, step(&r, &name.display, &r.to)));
        }
    }
    for r in renames.older_names(&name.display) {
        if let Some(earlier) = ServiceName::parse(&r.from) {
            out.push((earlier, step(&r, &r.from, &name.display)));
        }
    }
    out
}

/// "Azure for Education (Imagine)", "Dynamics 365 Chat (Omnichannel Engagement Hub)": a
/// qualifier that is no edition is a second name, and the first alone is a name too, as
/// Microsoft's later pages write it ("Azure for Education").
fn first_name(query: &ServiceName) -> Option<Candidate> {
    let first = split_qualifier(&query.display)
        .filter(|(_, q)| !is_edition(q))
        .and_then(|(first, _)| ServiceName::parse(first))
        .filter(|first| first.key != query.key)?;
    Some(Candidate {
        via: vec![Step::FirstName {
            name: query.display.clone(),
            first: first.display.clone(),
        }],
        name: first,
    })
}

/// A service's name followed by a part the table puts in it, or by another name of such a
/// part (never a retired one): "Azure Monitor Application Insights" → Azure Monitor, of which
/// Application Insights is part; "Azure Functions Flex Consumption" → Azure Functions, "Flex
/// Consumption" being another name of its Flex Consumption plan.
fn whole_then_part(query: &str, renames: &Renames) -> Vec<Candidate> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut out = Vec::new();
    if words.len() > MAX_QUERY_WORDS {
        return out;
    }
    for i in 1..words.len() {
        let (Some(head), Some(rest)) = (words.get(..i), words.get(i..)) else {
            continue;
        };
        let (head, rest) = (head.join(" "), rest.join(" "));
        let named = renames.path(&rest).into_iter().filter(|r| !r.retired);
        let parts = std::iter::once(rest.clone()).chain(named.map(|r| r.to));
        for e in parts.flat_map(|part| renames.part_of(&part)) {
            let Some(whole) = e.to.as_deref().and_then(ServiceName::parse) else {
                continue;
            };
            if compact_key(&whole.key) == compact_key(&normalize_key(&head)) {
                let step = Step::PartOf {
                    part: rest.clone(),
                    whole: whole.display.clone(),
                    since: e.since.clone(),
                    evidence: e.note.clone().into_iter().collect(),
                };
                out.push(Candidate {
                    name: whole,
                    via: vec![step],
                });
            }
        }
    }
    out
}

/// The query with an abbreviation written out: the whole query ("AKS"), else each word of it
/// that is one, the rest kept ("ADLS Gen2" → "Azure Data Lake Storage Gen2", "AAD B2C",
/// "Azure SQL DB" → "Azure SQL Database"), and, where several words are, all of them at once
/// (each as the table first writes it out: "D365 F&O" → "Dynamics 365 Finance and Operations").
/// An edition stays after what is written out: "App Gateway (v2)" → "Application Gateway (v2)".
fn expansions(query: &str, renames: &Renames) -> Vec<Candidate> {
    match split_qualifier(query.trim()) {
        Some((base, edition)) if is_edition(edition) => {
            let mut out = expansions_of(base, renames);
            for c in &mut out {
                let full = format!("{} ({edition})", c.name.display);
                if let Some(name) = ServiceName::parse(&full) {
                    c.name = name;
                }
            }
            out
        }
        _ => expansions_of(query, renames),
    }
}

/// [`expansions`] of a name without an edition.
fn expansions_of(query: &str, renames: &Renames) -> Vec<Candidate> {
    let query = query.trim();
    // An entry that stands for nothing is never among the expansions.
    let step = |abbreviation: &str, e: &RenameEntry| Step::Abbreviation {
        abbreviation: abbreviation.to_string(),
        expansion: e.to.clone().unwrap_or_default(),
        evidence: e.note.clone().into_iter().collect(),
    };
    let mut written_out: Vec<(String, Vec<Step>)> = renames
        .expansion_entries(query)
        .into_iter()
        .map(|e| (e.to.clone().unwrap_or_default(), vec![step(query, e)]))
        .collect();
    let words: Vec<&str> = query.split_whitespace().collect();
    if written_out.is_empty() && (2..=MAX_QUERY_WORDS).contains(&words.len()) {
        let (mut all, mut all_steps) = (words.clone(), Vec::new());
        for (i, word) in words.iter().enumerate() {
            let expanded = renames.expansion_entries(word);
            for e in &expanded {
                let mut full = words.clone();
                if let Some(w) = full.get_mut(i) {
                    *w = e.to.as_deref().unwrap_or_default();
                }
                written_out.push((full.join(" "), vec![step(word, e)]));
            }
            if let (Some(first), Some(w)) = (expanded.first(), all.get_mut(i)) {
                *w = first.to.as_deref().unwrap_or_default();
                all_steps.push(step(word, first));
            }
        }
        if all_steps.len() > 1 {
            written_out.push((all.join(" "), all_steps));
        }
    }
    written_out
        .into_iter()
        .filter_map(|(full, via)| {
            Some(Candidate {
                name: ServiceName::parse(&full)?,
                via,
            })
        })
        .collect()
}

/// Whether two editions' qualifier words name the same edition: one's words contain the
/// other's, "Premium" standing for P1 and P2 ("(Premium P1 + P2)" = "(P1 + P2)", "Premium P2"
/// is in "(P1 + P2)", "(Free and Basic)" = "(Free)").
fn same_edition(want: &BTreeSet<String>, have: &BTreeSet<String>) -> bool {
    let plain = |words: &BTreeSet<String>| -> BTreeSet<String> {
        let mut out: BTreeSet<String> = words.iter().filter(|w| *w != "premium").cloned().collect();
        if out.is_empty() && words.contains("premium") {
            out.extend(["p1".to_string(), "p2".to_string()]);
        }
        out
    };
    let (want, have) = (plain(want), plain(have));
    !want.is_empty() && (have.is_subset(&want) || want.is_subset(&have))
}

/// The query with trailing edition or tier words put in parentheses, as Microsoft writes
/// editions: "Entra ID P1" → "Entra ID (P1)", "Azure AD Premium P2" → "Azure AD (Premium P2)",
/// "Intune Plan 2" → "Intune (Plan 2)", "Azure Front Door Premium" → "Azure Front Door
/// (Premium)", "Power BI Pro" → "Power BI (Pro)" (Power BI's licence for each user),
/// "Microsoft Defender for Office 365 Plan 2" → "Microsoft Defender for Office 365 (Plan 2)",
/// "Exchange Online Kiosk" → "Exchange Online (Kiosk)" (one of Exchange Online's three plans),
/// "Application Gateway v2" → "Application Gateway (v2)" (a version, as Microsoft names SKUs),
/// "AKS Automatic" → "AKS (Automatic)" (AKS documentation: "In AKS, you can create clusters in
/// either Automatic mode or Standard mode"), "Event Hubs Dedicated" → "Event Hubs (Dedicated)"
/// (the tier its documentation names so).
fn as_edition(query: &str) -> Option<String> {
    if query.contains('(') {
        return None;
    }
    let words: Vec<&str> = query.split_whitespace().collect();
    // A plural too, as the Azure portal titles its lists ("App Service plans").
    let tier = |w: &str| {
        TIER_WORDS.contains(&singular_end(w).as_ref()) || matches!(w, "p1" | "p2") || is_version(w)
    };
    let joiner = |w: &str| matches!(w, "+" | "and") || w.chars().all(|c| c.is_ascii_digit());
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let tail = lower.iter().rposition(|w| !tier(w) && !joiner(w))? + 1;
    // The qualifier begins with an edition word: a number before it ends the name ("Microsoft
    // Defender for Office 365 Plan 2").
    let base = tail + lower.get(tail..)?.iter().take_while(|w| !tier(w)).count();
    let (name, qualifier) = (words.get(..base)?, words.get(base..)?);
    let named = lower.get(base..)?.iter().any(|w| tier(w));
    named.then(|| format!("{} ({})", name.join(" "), qualifier.join(" ")))
}

/// A version written after a name: "v2", "V3" (Microsoft's "Application Gateway v2", "App
/// Service Environment v3"); not "v" alone nor a long number.
fn is_version(word: &str) -> bool {
    word.strip_prefix(['v', 'V'])
        .is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Candidate {
    fn then(&self, name: ServiceName, step: Step) -> Candidate {
        let mut via = self.via.clone();
        via.push(step);
        Candidate { name, via }
    }
}

/// The step a table resolution makes: an official rename from `old` to `new`, or an
/// alternative name.
fn step(r: &Resolution, old: &str, new: &str) -> Step {
    if r.official {
        Step::Renamed {
            old: old.trim().to_string(),
            new: new.trim().to_string(),
            since: r.since.clone(),
            evidence: r.evidence.clone(),
        }
    } else {
        Step::OtherName {
            from: old.trim().to_string(),
            to: new.trim().to_string(),
            evidence: r.evidence.clone(),
        }
    }
}

impl ScopeSet {
    /// Looks a name up as a person types it (see [`Lookup`] for the rules),
    /// with the built-in rename and abbreviation table.
    pub fn lookup(&self, query: &str) -> Lookup<'_> {
        self.lookup_with(query, Renames::builtin())
    }

    /// [`ScopeSet::lookup`] with a rename table of the caller's.
    pub fn lookup_with(&self, query: &str, renames: &Renames) -> Lookup<'_> {
        Index::new(self).lookup(query, renames)
    }

    /// An index for many lookups.
    pub fn index(&self) -> Index<'_> {
        Index::new(self)
    }
}

/// Indexes over an [`IsmapScope`]'s in-scope, planned and unmarked services.
#[derive(Debug, Clone)]
pub struct IsmapIndex<'a> {
    services: Index<'a>,
    planned: Index<'a>,
    not_authorized: Index<'a>,
}

impl<'a> IsmapIndex<'a> {
    /// Looks a name up: in scope, else planned, else listed without a FedRAMP mark. A name
    /// the document lists as planned or unmarked (by name, abbreviation, former name or
    /// without brand words) outranks in-scope services that only begin with its words: those
    /// become suggestions.
    pub fn lookup(&self, query: &str, renames: &Renames) -> Lookup<'a> {
        let mut answer = self.services.lookup(query, renames);
        let only_leading_words = answer.matches.iter().all(|m| m.how.tier() == LEADING_TIER);
        if only_leading_words {
            answer.planned = self.planned.lookup(query, renames).matches;
        }
        if only_leading_words && answer.planned.is_empty() {
            answer.not_authorized = self.not_authorized.lookup(query, renames).matches;
        }
        let named = |m: &Match<'_>| m.how.tier() <= STRONG_TIER;
        let other_listing = answer
            .planned
            .iter()
            .chain(&answer.not_authorized)
            .any(named);
        if !(answer.planned.is_empty() && answer.not_authorized.is_empty()) {
            answer.read_as.clear();
        }
        if !answer.matches.is_empty() && other_listing {
            answer.suggestions = answer.matches.drain(..).map(|m| m.service).collect();
            answer.suggestions.truncate(MAX_SUGGESTIONS);
        } else if !answer.matches.is_empty() {
            answer.planned.clear();
            answer.not_authorized.clear();
        }
        answer
    }
}

impl IsmapScope {
    /// Looks a service up (see [`ScopeSet::lookup`]); a service listed only as planned, or
    /// without a FedRAMP mark, is reported as such, not as found.
    pub fn lookup(&self, query: &str) -> Lookup<'_> {
        self.lookup_with(query, Renames::builtin())
    }

    /// [`IsmapScope::lookup`] with a rename table of the caller's.
    pub fn lookup_with(&self, query: &str, renames: &Renames) -> Lookup<'_> {
        self.index().lookup(query, renames)
    }

    /// Indexes for many lookups.
    pub fn index(&self) -> IsmapIndex<'_> {
        IsmapIndex {
            services: Index::new(&self.services),
            planned: Index::new(&self.planned),
            not_authorized: Index::new(&self.not_authorized),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{as_edition, before_resource, without_possessive};

    #[test]
    fn the_last_possessive_becomes_a_space_with_words_on_both_sides() {
        assert_eq!(
            without_possessive("Azure Key Vault の証明書").as_deref(),
            Some("Azure Key Vault 証明書")
        );
        assert_eq!(
            without_possessive("AKSのクラスター").as_deref(),
            Some("AKS クラスター")
        );
        for nothing in ["の証明書", "Key Vault の", "の", "Key Vault"] {
            assert_eq!(without_possessive(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn trailing_edition_words_go_in_parentheses_and_a_number_before_them_stays() {
        for (query, want) in [
            ("Intune Plan 2", Some("Intune (Plan 2)")),
            (
                "Azure AD Premium P1 + P2",
                Some("Azure AD (Premium P1 + P2)"),
            ),
            (
                "Microsoft Defender for Office 365 Plan 2",
                Some("Microsoft Defender for Office 365 (Plan 2)"),
            ),
            ("Dynamics 365 Plan", Some("Dynamics 365 (Plan)")),
            ("Application Gateway v2", Some("Application Gateway (v2)")),
            ("Azure Data Factory V2", Some("Azure Data Factory (V2)")),
            ("Azure Stack v", None),
            ("Azure Stack v100", None),
            // No edition word, or the name would be empty.
            ("Microsoft 365", None),
            ("Plan 2", None),
            ("Entra ID (P1)", None),
        ] {
            assert_eq!(as_edition(query).as_deref(), want, "{query}");
        }
    }

    #[test]
    fn a_resource_phrase_is_taken_off_the_end_the_longest_that_fits() {
        assert_eq!(before_resource("AKS user node pool"), Some("AKS"));
        assert_eq!(
            before_resource("Azure Monitor data collection rule"),
            Some("Azure Monitor")
        );
        assert_eq!(before_resource("Service Bus queues"), Some("Service Bus"));
        assert_eq!(
            before_resource("Event Hubs  Namespace "),
            Some("Event Hubs")
        );
        assert_eq!(before_resource("Event Hubs 名前空間"), Some("Event Hubs"));
        // Nothing left, or no resource word at the end.
        assert_eq!(before_resource("host pool"), None);
        assert_eq!(before_resource("Namespace"), None);
        assert_eq!(before_resource("Azure Monitor"), None);
        assert_eq!(before_resource("Azure Monitor workspaced"), None);
    }
}
