//! Checking references written in YAML (front matter and records).

use super::files::check_file;
use super::frameworks::control_key;
use super::{Backlink, Site, Target};
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{FileRef, Ref, Satisfies};
use std::collections::BTreeSet;

/// What a reference may point at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Clause,
    Control,
    Document,
    Action,
    /// A finding (`recurrence_of`).
    Finding,
    /// A metric (an objective's `metrics`).
    Metric,
    /// A risk (an incident's `risks`).
    Risk,
    /// What can raise an action: finding, review, metric, audit or action.
    ActionSource,
}

impl Expect {
    fn accepts(self, target: Target) -> bool {
        match self {
            Expect::Clause => matches!(target, Target::Clause(_)),
            Expect::Control => matches!(target, Target::Control(_)),
            Expect::Document => matches!(target, Target::Document(_)),
            Expect::Action => matches!(target, Target::Action(_)),
            Expect::Finding => matches!(target, Target::Finding(..)),
            Expect::Metric => matches!(target, Target::Metric(_)),
            Expect::Risk => matches!(target, Target::Risk(_)),
            Expect::ActionSource => matches!(
                target,
                Target::Finding(..)
                    | Target::Review(_)
                    | Target::Metric(_)
                    | Target::Risk(_)
                    | Target::Incident(_)
                    | Target::Audit(_)
                    | Target::Action(_)
            ),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Expect::Clause => "clause",
            Expect::Control => "Annex A control",
            Expect::Document => "document",
            Expect::Action => "action",
            Expect::Finding => "finding",
            Expect::Metric => "metric",
            Expect::Risk => "risk",
            Expect::ActionSource => "finding, review, metric, risk, incident, audit or action",
        }
    }
}

struct Checker<'a> {
    site: &'a Site,
    backlinks: &'a mut rustc_hash::FxHashMap<String, BTreeSet<Backlink>>,
    diags: &'a mut Diagnostics,
    files: BTreeSet<String>,
    by_source: Vec<(String, String)>,
}

impl Checker<'_> {
    fn refs(&mut self, from: &str, refs: &[Ref], expect: Expect, relation: &'static str) {
        for r in refs {
            self.one(from, r, expect, relation);
        }
    }

    fn one(&mut self, from: &str, r: &Ref, expect: Expect, relation: &'static str) -> bool {
        match self.site.get(&r.id) {
            Some(target) if expect.accepts(target) => {
                self.backlinks
                    .entry(r.id.clone())
                    .or_default()
                    .insert(Backlink {
                        from: from.to_string(),
                        relation,
                    });
                true
            }
            Some(target) => {
                self.diags.push(
                    Diagnostic::error(
                        "wrong-kind",
                        format!("`{}` is a {}, not a {}", r.id, target.noun(), expect.noun()),
                    )
                    .at(r.at.clone())
                    .help(format!("this field lists {} ids", expect.noun())),
                );
                false
            }
            // A record of a later date (not there yet), or one whose file
            // has an error of its own: not a second mistake.
            None if self.site.is_known_elsewhere(&r.id) => false,
            None => {
                let help = self.hint(&r.id, expect);
                self.diags.push(
                    Diagnostic::error(
                        "unknown-reference",
                        format!("no {} with id `{}`", expect.noun(), r.id),
                    )
                    .at(r.at.clone())
                    .help(help),
                );
                false
            }
        }
    }

    fn hint(&self, id: &str, expect: Expect) -> String {
        match expect {
            Expect::Clause => self.site.catalog.hint_for_unknown(id, false),
            Expect::Control => self.site.catalog.hint_for_unknown(id, true),
            _ => {
                // Ids of files with an error of their own are candidates
                // too: a misspelt reference to one should not suggest a
                // neighbour.
                let candidates = self
                    .site
                    .index
                    .iter()
                    .filter(|(_, t)| expect.accepts(**t))
                    .map(|(k, _)| k.as_str())
                    .chain(self.site.unparsed.iter().map(String::as_str));
                let mut sorted: Vec<&str> = candidates.collect();
                sorted.sort_unstable();
                match did_you_mean(id, sorted) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("ids are case-sensitive; check the {}'s `id`", expect.noun()),
                }
            }
        }
    }

    fn owner(&mut self, owner: Option<&Ref>) {
        let owners = &self.site.source.config.owners;
        let Some(owner) = owner else { return };
        if owners.is_empty() || owners.contains(&owner.id) {
            return;
        }
        let hint = match did_you_mean(&owner.id, owners.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "add the owner to `owners` in isms.yaml".to_string(),
        };
        self.diags.push(
            Diagnostic::warning(
                "unknown-owner",
                format!("`{}` is not one of the owners in isms.yaml", owner.id),
            )
            .at(owner.at.clone())
            .help(hint),
        );
    }

    fn files(&mut self, base: &str, files: &[FileRef]) {
        for f in files {
            match check_file(&self.site.root, base, &f.path, &f.at) {
                Ok(rel) => {
                    self.files.insert(rel);
                }
                Err(d) => self.diags.push(*d),
            }
        }
    }

    fn satisfies(&mut self, from: &str, satisfies: &Satisfies) {
        for (framework, refs) in satisfies {
            if self.site.frameworks.framework(framework).is_none() {
                let Some(first) = refs.first() else { continue };
                let known = self.site.frameworks.ids();
                let hint = match did_you_mean(framework, known.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "add frameworks/{framework}.yaml describing its controls, or remove this mapping"
                    ),
                };
                self.diags.push(
                    Diagnostic::warning(
                        "unknown-framework",
                        format!("unknown framework `{framework}`: this mapping is ignored"),
                    )
                    .at(first.at.clone())
                    .help(hint),
                );
                continue;
            }
            for r in refs {
                if self.site.frameworks.control(framework, &r.id).is_some() {
                    self.backlinks
                        .entry(control_key(framework, &r.id))
                        .or_default()
                        .insert(Backlink {
                            from: from.to_string(),
                            relation: "satisfies",
                        });
                    continue;
                }
                let ids = self.site.frameworks.control_ids(framework);
                let hint = match did_you_mean(&r.id, ids.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("see the controls listed in the `{framework}` framework file"),
                };
                self.diags.push(
                    Diagnostic::warning(
                        "unknown-reference",
                        format!(
                            "framework `{framework}` has no control `{}`; this mapping is ignored",
                            r.id
                        ),
                    )
                    .at(r.at.clone())
                    .help(hint),
                );
            }
        }
    }
}

/// Check every reference in the records; record backlinks and cited files.
pub fn check(
    site: &mut Site,
    backlinks: &mut rustc_hash::FxHashMap<String, BTreeSet<Backlink>>,
    diags: &mut Diagnostics,
) {
    let shared: &Site = site;
    let mut c = Checker {
        site: shared,
        backlinks,
        diags,
        files: BTreeSet::new(),
        by_source: Vec::new(),
    };
    let s = &shared.source;
    for d in &s.documents {
        c.refs(&d.id, &d.clauses, Expect::Clause, "cites");
        c.refs(&d.id, &d.controls, Expect::Control, "implements");
        c.owner(d.owner.as_ref());
        c.satisfies(&d.id, &d.satisfies);
    }
    for a in &s.audits {
        c.refs(&a.id, &a.clauses, Expect::Clause, "audited");
        c.refs(&a.id, &a.controls, Expect::Control, "audited");
        if let Some(report) = &a.report {
            c.files("", std::slice::from_ref(report));
        }
        for f in &a.findings {
            c.refs(&f.id, &f.clauses, Expect::Clause, "finding on");
            c.refs(&f.id, &f.controls, Expect::Control, "finding on");
            c.refs(&f.id, &f.documents, Expect::Document, "finding on");
            c.refs(&f.id, &f.recurrence_of, Expect::Finding, "recurs");
            c.files("", &f.evidence);
            c.satisfies(&f.id, &f.satisfies);
        }
    }
    for x in &s.actions {
        for r in &x.sources {
            if c.one(&x.id, r, Expect::ActionSource, "action raised") {
                c.by_source.push((r.id.clone(), x.id.clone()));
            }
        }
        c.refs(&x.id, &x.clauses, Expect::Clause, "action on");
        c.refs(&x.id, &x.controls, Expect::Control, "action on");
        c.refs(&x.id, &x.documents, Expect::Document, "action changes");
        c.owner(x.owner.as_ref());
        c.files("", &x.evidence);
        c.satisfies(&x.id, &x.satisfies);
    }
    for r in &s.reviews {
        c.refs(&r.id, &r.actions, Expect::Action, "review raised");
    }
    for m in &s.metrics {
        c.refs(&m.id, &m.clauses, Expect::Clause, "measures");
        c.refs(&m.id, &m.controls, Expect::Control, "measures");
        c.owner(m.owner.as_ref());
        c.satisfies(&m.id, &m.satisfies);
    }
    for r in &s.risks {
        c.refs(&r.id, &r.controls, Expect::Control, "treats");
        c.refs(&r.id, &r.actions, Expect::Action, "treated by");
        c.owner(r.owner.as_ref());
    }
    for o in &s.objectives {
        c.refs(&o.id, &o.metrics, Expect::Metric, "objective measured by");
        c.refs(&o.id, &o.clauses, Expect::Clause, "objective on");
        c.refs(&o.id, &o.controls, Expect::Control, "objective on");
        c.owner(o.owner.as_ref());
    }
    for x in &s.incidents {
        c.refs(&x.id, &x.controls, Expect::Control, "incident on");
        c.refs(&x.id, &x.risks, Expect::Risk, "incident on");
        c.refs(&x.id, &x.actions, Expect::Action, "incident raised");
        c.files("", &x.evidence);
    }
    for (control, entry) in &s.soa {
        if !matches!(shared.get(control), Some(Target::Control(_))) {
            c.diags.push(
                Diagnostic::error(
                    "unknown-reference",
                    format!("no Annex A control with id `{control}`"),
                )
                .at(entry.at.clone())
                .help(shared.catalog.hint_for_unknown(control, true)),
            );
        }
    }
    let files = std::mem::take(&mut c.files);
    let by_source = std::mem::take(&mut c.by_source);
    site.files.extend(files);
    for (source, action) in by_source {
        site.actions_by_source
            .entry(source)
            .or_default()
            .push(action);
    }
}
