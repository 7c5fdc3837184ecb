//! Exports: CSV tables for spreadsheets and `site.json`, the resolved model.
//!
//! CSV files follow RFC 4180 (comma, double quotes, CRLF) with a UTF-8 byte
//! order mark so spreadsheet programs detect the encoding; cells that a
//! spreadsheet would run as a formula are prefixed with `'`.

use crate::analyse::coverage::{Requirement, Scope};
use crate::analyse::Analysis;
use crate::model::{Date, ReviewInput};
use crate::resolve::Site;
use serde_json::{json, Value};

/// Version of the `site.json` schema (documented in docs/site-json.md).
pub const SCHEMA_VERSION: u32 = 1;

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

fn framework_of<'a>(site: &'a Site, r: &Requirement) -> &'a str {
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
        "mapped",
        "implemented",
        "verified",
        "documents",
        "last_audited",
        "last_audit",
        "audited_in_cycle",
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
            yes(r.mapped),
            yes(r.implemented),
            yes(r.verified),
            join(&r.documents),
            date(r.last_audit.as_ref().map(|(d, _)| *d)),
            r.last_audit
                .as_ref()
                .map(|(_, a)| a.clone())
                .unwrap_or_default(),
            yes(r.audited_in_cycle),
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

fn refs_json(refs: &[crate::model::Ref]) -> Value {
    Value::from(refs.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
}

fn satisfies_json(s: &crate::model::Satisfies) -> Value {
    let map: serde_json::Map<String, Value> = s
        .iter()
        .map(|(fw, refs)| (fw.clone(), refs_json(refs)))
        .collect();
    Value::Object(map)
}

fn files_json(files: &[crate::model::FileRef]) -> Value {
    Value::from(files.iter().map(|f| f.path.clone()).collect::<Vec<_>>())
}

fn requirement_json(site: &Site, r: &Requirement) -> Value {
    json!({
        "framework": framework_of(site, r),
        "id": r.id,
        "title": r.title,
        "group": r.group,
        "applicable": r.applicable,
        "level": r.level().as_str(),
        "mapped": r.mapped,
        "implemented": r.implemented,
        "verified": r.verified,
        "implementation": r.implementation.as_str(),
        "implementation_source": if r.implementation_stated { "soa" } else { "derived" },
        "justification": r.justification,
        "documents": r.documents,
        "audits": r.audits,
        "audited_in_cycle": r.audited_in_cycle,
        "findings_open": r.findings_open,
        "findings_closed": r.findings_closed,
        "actions_open": r.actions_open,
        "actions_overdue": r.actions_overdue,
        "metrics": r.metrics,
    })
}

/// `site.json`: the whole resolved model.
pub fn site_json(site: &Site, analysis: &Analysis) -> Vec<u8> {
    let s = &site.source;
    let c = &s.config;
    let documents: Vec<Value> = s
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id, "title": d.title, "type": d.doc_type.as_str(), "status": d.status.as_str(),
                "owner": d.owner.as_ref().map(|o| &o.id), "version": d.version,
                "approved_by": d.approved_by, "approved_on": d.approved_on,
                "next_review": d.next_review, "review_state": analysis.document(&d.id).as_str(),
                "summary": d.summary, "clauses": refs_json(&d.clauses), "controls": refs_json(&d.controls),
                "satisfies": satisfies_json(&d.satisfies),
                "history": d.history.iter().map(|h| json!({"version": h.version, "date": h.date, "change": h.change})).collect::<Vec<_>>(),
                "path": d.path, "url": format!("documents/{}.html", d.id),
            })
        })
        .collect();
    let audits: Vec<Value> = s
        .audits
        .iter()
        .map(|a| {
            json!({
                "id": a.id, "title": a.title, "kind": a.kind.as_str(), "start": a.start, "end": a.end,
                "lead_auditor": a.lead_auditor, "auditors": a.auditors, "scope": a.scope,
                "clauses": refs_json(&a.clauses), "controls": refs_json(&a.controls),
                "report": a.report.as_ref().map(|r| &r.path), "path": a.path,
                "url": format!("audits/{}.html", a.id),
                "findings": a.findings.iter().map(|f| json!({
                    "id": f.id, "type": f.finding_type.as_str(), "title": f.title,
                    "status": analysis.finding(&f.id).as_str(),
                    "clauses": refs_json(&f.clauses), "controls": refs_json(&f.controls),
                    "satisfies": satisfies_json(&f.satisfies), "documents": refs_json(&f.documents),
                    "evidence": files_json(&f.evidence),
                    "actions": site.actions_from(&f.id).map(|x| x.id.clone()).collect::<Vec<_>>(),
                    "url": format!("findings/{}.html", f.id),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let actions: Vec<Value> = s
        .actions
        .iter()
        .map(|a| {
            let state = analysis.action(&a.id);
            json!({
                "id": a.id, "title": a.title, "kind": a.kind.as_str(), "source": refs_json(&a.sources),
                "owner": a.owner.as_ref().map(|o| &o.id), "opened": a.opened, "due": a.due,
                "status": a.status.as_str(), "closed": a.closed, "overdue": state.overdue,
                "due_soon": state.due_soon, "days_to_close": state.days_to_close,
                "clauses": refs_json(&a.clauses), "controls": refs_json(&a.controls),
                "satisfies": satisfies_json(&a.satisfies), "documents": refs_json(&a.documents),
                "evidence": files_json(&a.evidence),
                "effectiveness": a.effectiveness.as_ref().map(|e| json!({
                    "reviewed_on": e.reviewed_on, "by": e.by, "effective": e.effective,
                })),
                "log": a.log.iter().map(|e| json!({
                    "date": e.date, "status": e.status.map(|s| s.as_str()), "due": e.due, "note": e.note,
                })).collect::<Vec<_>>(),
                "path": a.path, "url": format!("actions/{}.html", a.id),
            })
        })
        .collect();
    let reviews: Vec<Value> = s
        .reviews
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "title": r.title, "date": r.date, "chair": r.chair, "attendees": r.attendees,
                "inputs_covered": r.inputs.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
                "inputs_missing": ReviewInput::ALL.iter().filter(|i| !r.inputs.iter().any(|(k, _)| k == *i)).map(|i| i.as_str()).collect::<Vec<_>>(),
                "decisions": r.decisions.iter().map(|d| d.markdown.clone()).collect::<Vec<_>>(),
                "actions": refs_json(&r.actions), "path": r.path,
                "url": format!("reviews/{}.html", r.id),
            })
        })
        .collect();
    let metrics: Vec<Value> = s
        .metrics
        .iter()
        .map(|m| {
            json!({
                "id": m.id, "title": m.title, "owner": m.owner.as_ref().map(|o| &o.id), "unit": m.unit,
                "target": m.target, "direction": m.direction.as_str(),
                "frequency": m.frequency.map(|f| f.as_str()),
                "clauses": refs_json(&m.clauses), "controls": refs_json(&m.controls),
                "measurements": m.measurements.iter().map(|x| json!({
                    "date": x.date, "value": x.value, "note": x.note, "met": m.meets_target(x.value),
                })).collect::<Vec<_>>(),
                "path": m.path, "url": format!("metrics/{}.html", m.id),
            })
        })
        .collect();
    let frameworks: Vec<Value> = s
        .frameworks
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "title": f.title, "version": f.version, "path": f.path,
                "controls": f.controls.iter().map(|c| json!({
                    "id": c.id, "title": c.title, "group": c.group,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let cov = &analysis.coverage;
    let coverage: Vec<Value> = cov
        .iso
        .iter()
        .chain(cov.frameworks.iter().flatten())
        .map(|r| requirement_json(site, r))
        .collect();
    let doc = json!({
        "schema_version": SCHEMA_VERSION,
        "generator": concat!("isms-site ", env!("CARGO_PKG_VERSION")),
        "as_of": analysis.as_of,
        "cycle_start": cov.cycle_start.add_days(1),
        "site": {
            "title": c.title, "organization": c.organization, "description": c.description,
            "base_url": c.base_url, "owners": c.owners,
            "due_soon_days": c.due_soon_days, "review_warning_days": c.review_warning_days,
        },
        "documents": documents,
        "audits": audits,
        "actions": actions,
        "reviews": reviews,
        "metrics": metrics,
        "frameworks": frameworks,
        "coverage": coverage,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
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
