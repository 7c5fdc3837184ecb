//! The registry of record kinds: each kind's facts, declared once.
//!
//! Every stage that treats kinds alike (the walk that sorts source files,
//! the routes of pages, navigation, index pages, search, exports) reads
//! them from [`KINDS`]; adding a kind starts here (see docs/architecture.md,
//! "Adding a record kind").

use super::keyword::keyword_enum;

keyword_enum! {
    /// The kinds of record a source folder holds.
    RecordKind {
        Document => "document", "Document";
        Audit => "audit", "Audit";
        Finding => "finding", "Finding";
        Action => "action", "Action";
        Review => "review", "Management review";
        Metric => "metric", "Metric";
        Risk => "risk", "Risk";
        Objective => "objective", "Objective";
        Context => "context", "Context";
        Incident => "incident", "Incident";
    }
}

/// The groups of the site's main navigation. A kind's index is listed under
/// the group its [`KindInfo::nav`] names; the fixed pages (coverage, the
/// timeline, the audit pack...) are placed by the page list in `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavGroup {
    /// Controlled documents.
    Documents,
    /// Records: audits, findings, actions, reviews, metrics, risks.
    Records,
    /// Coverage of the framework: matrices, SoA, clauses, controls.
    Coverage,
    /// Improvement over time: the timeline.
    Improvement,
    /// Printable packs.
    Packs,
}

impl NavGroup {
    /// Every group, in the order the navigation shows them.
    pub const ALL: [NavGroup; 5] = [
        NavGroup::Documents,
        NavGroup::Records,
        NavGroup::Coverage,
        NavGroup::Improvement,
        NavGroup::Packs,
    ];

    /// The group's label in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            NavGroup::Documents => "Documents",
            NavGroup::Records => "Records",
            NavGroup::Coverage => "Coverage",
            NavGroup::Improvement => "Improvement",
            NavGroup::Packs => "Packs",
        }
    }
}

/// What a record kind is, for every stage that needs to know.
#[derive(Debug)]
pub struct KindInfo {
    /// The kind.
    pub kind: RecordKind,
    /// Plural label for navigation and index titles.
    pub plural: &'static str,
    /// Site folder of its pages and its index (`documents`).
    pub folder: &'static str,
    /// Top-level source folders whose YAML files hold records of this kind
    /// (none: documents are Markdown anywhere, findings live in audits).
    pub source_dirs: &'static [&'static str],
    /// Template of a record's page.
    pub template: &'static str,
    /// Key of its list in `site.json` (none: nested in another kind's).
    pub json_key: Option<&'static str>,
    /// Its CSV export, if it has one.
    pub csv: Option<&'static str>,
    /// Its index is a list split into pages of rows; `false`: one page of
    /// its own (the risk register, with its heat maps).
    pub paged_index: bool,
    /// The navigation group its index is listed under.
    pub nav: NavGroup,
}

/// Every record kind, in [`RecordKind::ALL`] order.
pub const KINDS: [KindInfo; 10] = [
    KindInfo {
        kind: RecordKind::Document,
        plural: "Documents",
        folder: "documents",
        source_dirs: &[],
        template: "document.html",
        json_key: Some("documents"),
        csv: None,
        paged_index: true,
        nav: NavGroup::Documents,
    },
    KindInfo {
        kind: RecordKind::Audit,
        plural: "Audits",
        folder: "audits",
        source_dirs: &["audits"],
        template: "audit.html",
        json_key: Some("audits"),
        csv: None,
        paged_index: true,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Finding,
        plural: "Findings",
        folder: "findings",
        source_dirs: &[],
        template: "finding.html",
        json_key: None,
        csv: Some("findings.csv"),
        paged_index: true,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Action,
        plural: "Actions",
        folder: "actions",
        source_dirs: &["actions"],
        template: "action.html",
        json_key: Some("actions"),
        csv: Some("actions.csv"),
        paged_index: true,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Review,
        plural: "Management reviews",
        folder: "reviews",
        source_dirs: &["reviews"],
        template: "review.html",
        json_key: Some("reviews"),
        csv: None,
        paged_index: true,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Metric,
        plural: "Metrics",
        folder: "metrics",
        source_dirs: &["metrics"],
        template: "metric.html",
        json_key: Some("metrics"),
        csv: None,
        paged_index: true,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Risk,
        plural: "Risks",
        folder: "risks",
        source_dirs: &["risks"],
        template: "risk.html",
        json_key: Some("risks"),
        csv: Some("risks.csv"),
        paged_index: false,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Objective,
        plural: "Objectives",
        folder: "objectives",
        source_dirs: &["objectives"],
        template: "objective.html",
        json_key: Some("objectives"),
        csv: Some("objectives.csv"),
        paged_index: true,
        nav: NavGroup::Records,
    },
    // One file, `context.yaml` at the root (the walk names it): its index is
    // the context page, its records the issues and interested parties.
    KindInfo {
        kind: RecordKind::Context,
        plural: "Context",
        folder: "context",
        source_dirs: &[],
        template: "context-entry.html",
        json_key: Some("context"),
        csv: None,
        paged_index: false,
        nav: NavGroup::Records,
    },
    KindInfo {
        kind: RecordKind::Incident,
        plural: "Incidents",
        folder: "incidents",
        source_dirs: &["incidents"],
        template: "incident.html",
        json_key: Some("incidents"),
        csv: Some("incidents.csv"),
        paged_index: false,
        nav: NavGroup::Records,
    },
];

impl RecordKind {
    /// This kind's entry in the registry.
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The site folder for this kind's pages.
    pub fn folder(self) -> &'static str {
        self.info().folder
    }

    /// Plural label for navigation and index titles.
    pub fn plural(self) -> &'static str {
        self.info().plural
    }

    /// The kind whose source folder is `dir` (top level of SRC).
    pub fn from_source_dir(dir: &str) -> Option<RecordKind> {
        KINDS
            .iter()
            .find(|k| k.source_dirs.contains(&dir))
            .map(|k| k.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_lists_every_kind_once_in_order() {
        assert_eq!(KINDS.len(), RecordKind::ALL.len());
        for (info, &kind) in KINDS.iter().zip(RecordKind::ALL) {
            assert_eq!(info.kind, kind);
            assert_eq!(kind.info().kind, kind);
        }
        let folders: std::collections::BTreeSet<_> = KINDS.iter().map(|k| k.folder).collect();
        assert_eq!(folders.len(), KINDS.len(), "one site folder per kind");
        assert_eq!(
            RecordKind::from_source_dir("audits"),
            Some(RecordKind::Audit)
        );
        assert_eq!(RecordKind::from_source_dir("evidence"), None);
    }
}
