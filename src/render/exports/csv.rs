//! CSV tables for spreadsheets: coverage, SoA, findings, actions, risks,
//! objectives and incidents.
//!
//! CSV files follow RFC 4180 (comma, double quotes, CRLF) with a UTF-8 byte
//! order mark so spreadsheet programs detect the encoding; cells that a
//! spreadsheet would run as a formula are prefixed with `'`.

use crate::analyse::coverage::{Requirement, Scope};
use crate::analyse::Analysis;
use crate::model::Date;
use crate::resolve::Site;

/// A CSV document being written.
struct Csv {
    out: String,
}

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut csv = Csv {
            out: String::from('\u{feff}'),
        };
        csv.row(header.iter().map(|h| h.to_string()));
        csv
    }

    fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let mut first = true;
        for cell in cells {
            if !first {
                self.out.push(',');
            }
            first = false;
            self.out.push_str(&quote(&defuse(&cell)));
        }
        self.out.push_str("\r\n");
    }

    fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Prefix cells a spreadsheet would evaluate as formulas.
fn defuse(cell: &str) -> String {
    let risky = match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => cell[1..].trim().parse::<f64>().is_err(),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn join(ids: &[String]) -> String {
    ids.join("; ")
}

pub(super) fn framework_of<'a>(site: &'a Site, r: &Requirement) -> &'a str {
    match r.scope {
        Scope::Clause | Scope::Control => "iso27001-2022",
        Scope::Framework(i) => &site.source.frameworks[i].id,
    }
}

/// `coverage.csv`: one row per clause, control and framework control.
pub fn coverage_csv(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "framework",
        "kind",
        "id",
        "title",
        "group",
        "applicable",
        "coverage",
        "mentioned",
        "mapped",
        "documented",
        "implemented",
        "verified",
        "documents",
        "last_audited",
        "last_audit",
        "audited_in_cycle",
        "externally_audited",
        "open_findings",
        "closed_findings",
        "open_actions",
        "overdue_actions",
        "soa_status",
    ]);
    let cov = &analysis.coverage;
    for r in cov.iso.iter().chain(cov.frameworks.iter().flatten()) {
        let kind = match r.scope {
            Scope::Clause => "clause",
            Scope::Control => "control",
            Scope::Framework(_) => "framework control",
        };
        csv.row([
            framework_of(site, r).to_string(),
            kind.to_string(),
            r.id.clone(),
            r.title.clone(),
            r.group.clone(),
            yes(r.applicable),
            r.level().as_str().to_string(),
            yes(r.mentioned),
            yes(r.mapped),
            yes(r.documented),
            yes(r.implemented),
            yes(r.verified),
            join(&r.documents),
            date(r.last_audit.as_ref().map(|(d, _)| *d)),
            r.last_audit
                .as_ref()
                .map(|(_, a)| a.clone())
                .unwrap_or_default(),
            yes(r.audited_in_cycle),
            join(&r.externally_audited),
            join(&r.findings_open),
            join(&r.findings_closed),
            join(&r.actions_open),
            join(&r.actions_overdue),
            if r.scope == Scope::Control {
                r.implementation.as_str().to_string()
            } else {
                String::new()
            },
        ]);
    }
    csv.into_bytes()
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// `soa.csv`: the 93 Annex A controls.
pub fn soa_csv(analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "control",
        "title",
        "theme",
        "applicable",
        "justification",
        "status",
        "status_source",
        "documents",
    ]);
    for r in analysis
        .coverage
        .iso
        .iter()
        .filter(|r| r.scope == Scope::Control)
    {
        csv.row([
            r.id.clone(),
            r.title.clone(),
            r.group.clone(),
            yes(r.applicable),
            r.justification.clone().unwrap_or_default(),
            if r.applicable {
                r.implementation.as_str().to_string()
            } else {
                String::new()
            },
            if r.implementation_stated {
                "soa"
            } else {
                "derived"
            }
            .to_string(),
            join(&r.approved_documents),
        ]);
    }
    csv.into_bytes()
}

/// `findings.csv`: one row per finding.
pub fn findings_csv(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "id",
        "audit",
        "audit_date",
        "type",
        "status",
        "title",
        "clauses",
        "controls",
        "documents",
        "actions",
    ]);
    for (audit, f) in site.findings() {
        let actions: Vec<String> = site.actions_from(&f.id).map(|a| a.id.clone()).collect();
        csv.row([
            f.id.clone(),
            audit.id.clone(),
            date(audit.start),
            f.finding_type.as_str().to_string(),
            analysis.finding(&f.id).as_str().to_string(),
            f.title.clone(),
            ids(&f.clauses),
            ids(&f.controls),
            ids(&f.documents),
            join(&actions),
        ]);
    }
    csv.into_bytes()
}

fn ids(refs: &[crate::model::Ref]) -> String {
    refs.iter()
        .map(|r| r.id.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// `actions.csv`: one row per action.
pub fn actions_csv(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "id",
        "kind",
        "title",
        "source",
        "owner",
        "status",
        "opened",
        "due",
        "closed",
        "overdue",
        "days_overdue",
        "effectiveness_reviewed_on",
        "effective",
        "controls",
    ]);
    for a in site.actions() {
        let state = analysis.action(&a.id);
        let eff = a.effectiveness.as_ref();
        csv.row([
            a.id.clone(),
            a.kind.as_str().to_string(),
            a.title.clone(),
            ids(&a.sources),
            a.owner.as_ref().map(|o| o.id.clone()).unwrap_or_default(),
            a.status.as_str().to_string(),
            date(a.opened),
            date(a.due),
            date(a.closed),
            yes(state.overdue),
            if state.overdue {
                state.days_overdue.to_string()
            } else {
                String::new()
            },
            date(eff.and_then(|e| e.reviewed_on)),
            match eff.and_then(|e| e.effective) {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            ids(&a.controls),
        ]);
    }
    csv.into_bytes()
}

/// `risks.csv`: the register at the as-of date.
pub fn risks_csv(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "id",
        "title",
        "owner",
        "assessed_on",
        "inherent_likelihood",
        "inherent_impact",
        "inherent_score",
        "treatment",
        "residual_likelihood",
        "residual_impact",
        "residual_score",
        "above_appetite",
        "accepted_by",
        "acceptance_expires",
        "next_review",
        "controls",
        "actions",
    ]);
    let level = |r: Option<&crate::model::Rating>, f: fn(&crate::model::Rating) -> u32| {
        r.map(|r| f(r).to_string()).unwrap_or_default()
    };
    for r in &site.source.risks {
        let state = analysis.risk(&r.id);
        csv.row([
            r.id.clone(),
            r.title.clone(),
            r.owner.as_ref().map(|o| o.id.clone()).unwrap_or_default(),
            date(r.assessed_on),
            level(r.inherent.as_ref(), |x| x.likelihood),
            level(r.inherent.as_ref(), |x| x.impact),
            level(r.inherent.as_ref(), crate::model::Rating::score),
            r.treatment
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
            level(r.residual.as_ref(), |x| x.likelihood),
            level(r.residual.as_ref(), |x| x.impact),
            level(r.residual.as_ref(), crate::model::Rating::score),
            yes(state.above_appetite),
            r.acceptance
                .as_ref()
                .map(|a| a.by.clone())
                .unwrap_or_default(),
            date(r.acceptance.as_ref().and_then(|a| a.expires)),
            date(r.next_review()),
            ids(&r.controls),
            ids(&r.actions),
        ]);
    }
    csv.into_bytes()
}

/// `objectives.csv`: each objective with its stated status and what its
/// metrics show at the as-of date.
pub fn objectives_csv(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "id",
        "title",
        "owner",
        "target",
        "metrics",
        "due",
        "status",
        "fulfilment",
        "metrics_met",
        "metrics_missed",
        "status_mismatch",
    ]);
    for o in &site.source.objectives {
        let st = analysis.objective(&o.id);
        csv.row([
            o.id.clone(),
            o.title.clone(),
            o.owner.as_ref().map(|x| x.id.clone()).unwrap_or_default(),
            o.target.clone().unwrap_or_default(),
            ids(&o.metrics),
            date(o.due),
            o.status.as_str().to_string(),
            st.fulfilment.as_str().to_string(),
            st.met.to_string(),
            st.missed.to_string(),
            yes(st.mismatch),
        ]);
    }
    csv.into_bytes()
}

/// `incidents.csv`: the incident register at the as-of date.
pub fn incidents_csv(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let mut csv = Csv::new(&[
        "id",
        "title",
        "severity",
        "detected",
        "contained",
        "resolved",
        "days_to_contain",
        "days_to_resolve",
        "notification",
        "notification_deadline",
        "notified_on",
        "lessons_missing",
        "controls",
        "risks",
        "actions",
    ]);
    let days = |d: Option<i64>| d.map(|d| d.to_string()).unwrap_or_default();
    for i in &site.source.incidents {
        let st = analysis.incident(&i.id);
        let n = i.notifiable.as_ref();
        csv.row([
            i.id.clone(),
            i.title.clone(),
            i.severity
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            date(i.detected),
            date(i.contained),
            date(i.resolved),
            days(st.days_to_contain),
            days(st.days_to_resolve),
            st.notification.as_str().to_string(),
            date(n.and_then(|n| n.deadline)),
            date(n.and_then(|n| n.notified_on)),
            yes(st.lessons_missing),
            ids(&i.controls),
            ids(&i.risks),
            ids(&i.actions),
        ]);
    }
    csv.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses() {
        let mut csv = Csv::new(&["a", "b"]);
        csv.row(["x, y".to_string(), "say \"hi\"".to_string()]);
        csv.row(["=cmd|' /C calc'!A0".to_string(), "-12.5".to_string()]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert_eq!(
            text,
            "\u{feff}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n'=cmd|' /C calc'!A0,-12.5\r\n"
        );
    }
}
