//! Statement of Applicability entries (`soa.yaml`).

use super::keyword::keyword_enum;
use crate::diag::Location;
use std::collections::BTreeMap;

keyword_enum! {
    /// How far a control is implemented.
    ImplStatus {
        Implemented => "implemented", "Implemented";
        Partial => "partial", "Partially implemented";
        Planned => "planned", "Planned";
        NotImplemented => "not_implemented", "Not implemented";
    }
}

/// One control's applicability.
#[derive(Debug, Clone, PartialEq)]
pub struct SoaEntry {
    /// Included in the ISMS?
    pub applicable: bool,
    /// Why included or excluded.
    pub justification: Option<String>,
    /// Implementation status, if stated.
    pub status: Option<ImplStatus>,
    /// Where the entry is.
    pub at: Location,
}

/// The SoA: control id -> entry. Controls without entry are applicable.
pub type Soa = BTreeMap<String, SoaEntry>;
