//! Benchmark corpus generator.
//!
//! ```text
//! cargo run --release --example gen-corpus -- OUT N [--records-per-doc R]
//! ```
//!
//! Writes two sites built from the same Markdown bodies:
//!
//! - `OUT/isms/`: an ISMS source folder with N documents of about 8 KB
//!   (headings, paragraphs, lists, a table, three `[[ID]]` links to other
//!   documents, three controls and a clause each) plus R x N findings and
//!   actions (half findings grouped 25 to an audit, half actions, each action
//!   raised from a finding);
//! - `OUT/hugo/`: a Hugo site with the same bodies (links as plain relative
//!   links) and a one-line layout showing title, owner, version and body.
//!
//! The output is deterministic: the same N and R give the same files.

use isms_site::catalog;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const OWNERS: &[&str] = &[
    "CISO",
    "ISMS Manager",
    "IT Operations Manager",
    "Cloud Platform Lead",
    "Head of Software Engineering",
    "HR Director",
    "Facilities Manager",
    "Procurement Manager",
];

const WORDS: &[&str] = &[
    "access",
    "account",
    "administrator",
    "approval",
    "asset",
    "audit",
    "authentication",
    "availability",
    "backup",
    "baseline",
    "business",
    "change",
    "classification",
    "cloud",
    "compliance",
    "confidentiality",
    "configuration",
    "contract",
    "control",
    "data",
    "device",
    "encryption",
    "evidence",
    "exception",
    "incident",
    "information",
    "integrity",
    "inventory",
    "key",
    "log",
    "management",
    "monitoring",
    "network",
    "owner",
    "password",
    "patch",
    "personnel",
    "privilege",
    "procedure",
    "process",
    "record",
    "recovery",
    "review",
    "risk",
    "role",
    "security",
    "service",
    "supplier",
    "system",
    "training",
    "user",
    "vulnerability",
    "warehouse",
    "workstation",
];

const VERBS: &[&str] = &[
    "must protect",
    "shall review",
    "approves",
    "records",
    "monitors",
    "restricts",
    "documents",
    "verifies",
    "reports",
    "maintains",
];

const TOPICS: &[&str] = &[
    "Access Control",
    "Asset Management",
    "Backup",
    "Change Management",
    "Cryptography",
    "Incident Response",
    "Logging",
    "Network Security",
    "Physical Security",
    "Supplier Security",
    "Secure Development",
    "Vulnerability Management",
];

/// A small deterministic generator (SplitMix64): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Args {
    out: PathBuf,
    docs: usize,
    records_per_doc: usize,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: gen-corpus OUT N [--records-per-doc R]";
    let mut positional = Vec::new();
    let mut records_per_doc = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--records-per-doc" {
            let value = args.next().ok_or(usage)?;
            records_per_doc = value
                .parse()
                .map_err(|_| format!("--records-per-doc: not a number: {value}"))?;
        } else if let Some(value) = arg.strip_prefix("--records-per-doc=") {
            records_per_doc = value
                .parse()
                .map_err(|_| format!("--records-per-doc: not a number: {value}"))?;
        } else if arg.starts_with('-') {
            return Err(format!("unknown option {arg}\n{usage}"));
        } else {
            positional.push(arg);
        }
    }
    let [out, docs] = <[String; 2]>::try_from(positional).map_err(|_| usage.to_string())?;
    let docs = docs
        .parse()
        .map_err(|_| format!("N: not a number: {docs}"))?;
    Ok(Args {
        out: PathBuf::from(out),
        docs,
        records_per_doc,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gen-corpus: {err}");
            ExitCode::from(2)
        }
    }
}

fn doc_id(i: usize) -> String {
    format!("DOC-{i:05}")
}

fn doc_slug(i: usize) -> String {
    format!("doc-{i:05}")
}

fn finding_id(i: usize) -> String {
    format!("F-{i:06}")
}

/// A date `day` days after 2020-01-01, on a 28-day month grid (always valid).
fn date(day: usize) -> String {
    let month = day / 28;
    format!(
        "{:04}-{:02}-{:02}",
        2020 + month / 12,
        month % 12 + 1,
        day % 28 + 1
    )
}

fn write_file(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = BufWriter::new(fs::File::create(path)?);
    file.write_all(text.as_bytes())?;
    file.flush()
}

fn generate(args: &Args) -> io::Result<()> {
    let isms = args.out.join("isms");
    let hugo = args.out.join("hugo");
    for dir in [&isms, &hugo] {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
    }
    write_config(&isms, &hugo)?;
    let catalog = catalog::iso27001();
    let clauses: Vec<&str> = catalog.clauses.iter().map(|c| c.id.as_str()).collect();
    let controls: Vec<&str> = catalog.controls.iter().map(|c| c.id.as_str()).collect();
    for i in 1..=args.docs {
        write_document(&isms, &hugo, i, args.docs, &clauses, &controls)?;
    }
    let records = args.docs * args.records_per_doc;
    let findings = records.div_ceil(2);
    write_records(
        &isms,
        findings,
        records - findings,
        args.docs,
        &clauses,
        &controls,
    )?;
    println!(
        "{}: {} documents, {} findings, {} actions",
        args.out.display(),
        args.docs,
        findings,
        records - findings
    );
    Ok(())
}

fn write_config(isms: &Path, hugo: &Path) -> io::Result<()> {
    let mut config = String::from(
        "title: Benchmark ISMS\norganization: Benchmark Ltd\ngit_history: false\nowners:\n",
    );
    for owner in OWNERS {
        let _ = writeln!(config, "  - {owner}");
    }
    write_file(&isms.join("isms.yaml"), &config)?;
    write_file(
        &hugo.join("hugo.toml"),
        "baseURL = 'http://localhost/'\ntitle = 'Benchmark ISMS'\n\
         disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n",
    )?;
    write_file(
        &hugo.join("layouts/_default/single.html"),
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>Owner: {{ .Params.owner }}, version {{ .Params.version }}</p>{{ .Content }}</body></html>\n",
    )?;
    write_file(
        &hugo.join("layouts/_default/list.html"),
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1></body></html>\n",
    )
}

/// The Markdown body of document `i`; `link` renders a link to another document.
fn body(
    rng: &mut Rng,
    title: &str,
    targets: &[usize; 3],
    link: &dyn Fn(usize) -> String,
) -> String {
    let mut out = String::with_capacity(9000);
    let _ = writeln!(out, "# {title}\n");
    let sections = [
        "Purpose",
        "Scope",
        "Roles and responsibilities",
        "Requirements",
        "Exceptions",
        "Monitoring and review",
    ];
    for (n, section) in sections.iter().enumerate() {
        let _ = writeln!(out, "## {}. {section}\n", n + 1);
        for p in 0..3 {
            paragraph(rng, &mut out, 5);
            if n == 1 && p == 0 {
                let _ = write!(out, " See {} and {}.", link(targets[0]), link(targets[1]));
            }
            if n == 4 && p == 1 {
                let _ = write!(out, " Exceptions follow {}.", link(targets[2]));
            }
            out.push_str("\n\n");
        }
        match n {
            2 => {
                for _ in 0..5 {
                    let _ = writeln!(
                        out,
                        "- The **{}** {} the {} {}.",
                        rng.pick(OWNERS),
                        rng.pick(VERBS),
                        rng.pick(WORDS),
                        rng.pick(WORDS)
                    );
                }
                out.push('\n');
            }
            3 => {
                out.push_str("| Requirement | Owner | Frequency |\n|---|---|---|\n");
                for _ in 0..6 {
                    let _ = writeln!(
                        out,
                        "| {} {} | {} | {} |",
                        capitalised(rng.pick(WORDS)),
                        rng.pick(WORDS),
                        rng.pick(OWNERS),
                        rng.pick(&["Daily", "Weekly", "Monthly", "Quarterly", "Yearly"])
                    );
                }
                out.push('\n');
                for k in 1..=4 {
                    let _ = writeln!(
                        out,
                        "{k}. Each {} `{}` is {} within {} days.",
                        rng.pick(WORDS),
                        rng.pick(WORDS),
                        rng.pick(&["reviewed", "approved", "logged", "tested"]),
                        rng.below(60) + 1
                    );
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn paragraph(rng: &mut Rng, out: &mut String, sentences: usize) {
    for s in 0..sentences {
        if s > 0 {
            out.push(' ');
        }
        let _ = write!(
            out,
            "{} {} {} the {} {} for every {} {}",
            capitalised(rng.pick(&["The", "Each", "Every", "An"])),
            rng.pick(WORDS),
            rng.pick(VERBS),
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(WORDS),
        );
        if rng.below(3) == 0 {
            let _ = write!(out, " and *{}* {}", rng.pick(WORDS), rng.pick(WORDS));
        }
        out.push('.');
    }
}

fn write_document(
    isms: &Path,
    hugo: &Path,
    i: usize,
    total: usize,
    clauses: &[&str],
    controls: &[&str],
) -> io::Result<()> {
    let mut rng = Rng(i as u64 * 7919);
    let title = format!("{} Policy {i:05}", rng.pick(TOPICS));
    let owner = rng.pick(OWNERS);
    let version = format!("{}.{}", rng.below(4) + 1, rng.below(10));
    // Three other documents, distinct when there are at least four.
    let offset = rng.below(total.saturating_sub(3).max(1));
    let targets = [0, 1, 2].map(|k| (i + offset + k) % total + 1);
    let clause = clauses[rng.below(clauses.len())];
    let doc_controls: Vec<&str> = (0..3)
        .map(|_| controls[rng.below(controls.len())])
        .collect();
    let approved = date(1500 + rng.below(600));
    let next_review = format!("2027-{:02}-15", rng.below(12) + 1);
    let state = rng.0;
    let group = format!("g{:02}", i / 500);

    let isms_body = body(&mut rng, &title, &targets, &|t| {
        format!("[[{}]]", doc_id(t))
    });
    let mut front = String::new();
    let _ = write!(
        front,
        "---\nid: {}\ntitle: {title}\ntype: policy\nowner: {owner}\nversion: \"{version}\"\n\
         status: approved\napproved_by: CISO\napproved_on: {approved}\nnext_review: {next_review}\n\
         clauses: [\"{clause}\"]\ncontrols: [{}]\nhistory:\n  - {{ version: \"{version}\", date: {approved}, change: \"Annual review\" }}\n---\n\n",
        doc_id(i),
        doc_controls.join(", ")
    );
    write_file(
        &isms
            .join("policies")
            .join(&group)
            .join(format!("{}.md", doc_slug(i))),
        &(front + &isms_body),
    )?;

    // The same body, with plain relative links for Hugo.
    let mut rng = Rng(state);
    let hugo_body = body(&mut rng, &title, &targets, &|t| {
        format!("[{}](../{}/)", doc_id(t), doc_slug(t))
    });
    let front =
        format!("---\ntitle: \"{title}\"\nowner: \"{owner}\"\nversion: \"{version}\"\n---\n\n");
    write_file(
        &hugo
            .join("content/docs")
            .join(format!("{}.md", doc_slug(i))),
        &(front + &hugo_body),
    )
}

const FINDINGS_PER_AUDIT: usize = 25;

fn write_records(
    isms: &Path,
    findings: usize,
    actions: usize,
    docs: usize,
    clauses: &[&str],
    controls: &[&str],
) -> io::Result<()> {
    let mut rng = Rng(42);
    let audits = findings.div_ceil(FINDINGS_PER_AUDIT);
    let types = ["minor_nc", "observation", "ofi", "major_nc"];
    for a in 0..audits {
        // Audits spread over 2020-2026, in order.
        let start = a * 2200 / audits.max(1);
        let mut text = String::new();
        let _ = write!(
            text,
            "id: AUD-{a:05}\ntitle: Internal audit {a:05}\nkind: internal\nstart: {}\nend: {}\n\
             lead_auditor: R. Haddad\nauditors: [S. Iyer]\nscope: Head office and IT operations\n\
             clauses: [\"{}\"]\ncontrols: [{}]\nfindings:\n",
            date(start),
            date(start + 2),
            clauses[rng.below(clauses.len())],
            controls[rng.below(controls.len())]
        );
        for f in a * FINDINGS_PER_AUDIT..((a + 1) * FINDINGS_PER_AUDIT).min(findings) {
            let _ = write!(
                text,
                "  - id: {}\n    type: {}\n    title: {} {} not {}\n    clause: \"{}\"\n    controls: [{}]\n\
                 \x20   description: The {} {} was not {} for {} of {} samples.\n    documents: [{}]\n",
                finding_id(f + 1),
                types[f % types.len()],
                capitalised(rng.pick(WORDS)),
                rng.pick(WORDS),
                rng.pick(&["reviewed", "approved", "logged", "tested"]),
                clauses[rng.below(clauses.len())],
                controls[rng.below(controls.len())],
                rng.pick(WORDS),
                rng.pick(WORDS),
                rng.pick(&["reviewed", "approved", "logged", "tested"]),
                rng.below(10) + 1,
                rng.below(10) + 11,
                doc_id(rng.below(docs.max(1)) + 1),
            );
        }
        write_file(&isms.join("audits").join(format!("AUD-{a:05}.yaml")), &text)?;
    }
    for c in 0..actions {
        let finding = c % findings.max(1);
        let opened = finding * 2200 / findings.max(1) + 5;
        let due = opened + 365;
        // Older actions are mostly closed, recent ones still in progress.
        let status = if opened < 1950 {
            ["closed", "closed", "closed", "implemented"][rng.below(4)]
        } else {
            ["open", "in_progress", "implemented"][rng.below(3)]
        };
        let mut text = String::new();
        let _ = write!(
            text,
            "id: CA-{c:06}\ntitle: Fix {} {}\nkind: corrective\nsource: {}\nowner: {}\n\
             opened: {}\ndue: {}\nstatus: {status}\nroot_cause: No {} for the {}.\n\
             plan: Introduce a {} {} and train the owners.\ncontrols: [{}]\ndocuments: [{}]\n",
            rng.pick(WORDS),
            rng.pick(WORDS),
            finding_id(finding + 1),
            rng.pick(OWNERS),
            date(opened),
            date(due),
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(WORDS),
            controls[rng.below(controls.len())],
            doc_id(rng.below(docs.max(1)) + 1),
        );
        if status == "closed" {
            let _ = write!(
                text,
                "closed: {}\neffectiveness:\n  reviewed_on: {}\n  by: Internal Audit\n  effective: true\n  note: Sampled and found effective.\n",
                date(opened + 90),
                date(opened + 180)
            );
        }
        let _ = write!(
            text,
            "log:\n  - {{ date: {}, status: open, note: \"Raised from {}\" }}\n",
            date(opened),
            finding_id(finding + 1)
        );
        if status != "open" {
            let _ = writeln!(
                text,
                "  - {{ date: {}, status: in_progress }}",
                date(opened + 7)
            );
        }
        write_file(
            &isms
                .join("actions")
                .join(format!("{:02}", c / 1000))
                .join(format!("CA-{c:06}.yaml")),
            &text,
        )?;
    }
    Ok(())
}
