//! Other control frameworks (SOC 2, NIST CSF, custom), from `frameworks/*.yaml`.

use crate::diag::Location;

/// A control of another framework.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameworkControl {
    /// Id within the framework (`CC6.1`).
    pub id: String,
    /// Short title.
    pub title: String,
    /// Group or family (`CC6`), for grouping rows.
    pub group: Option<String>,
    /// Longer description, plain text.
    pub description: Option<String>,
}

/// A control catalog loaded from the source folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    /// Id used in `satisfies` (`TSC`, `SOC2`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Version label.
    pub version: Option<String>,
    /// Controls in file order.
    pub controls: Vec<FrameworkControl>,
    /// Source path.
    pub path: String,
    /// Where the id is defined.
    pub id_at: Location,
}
