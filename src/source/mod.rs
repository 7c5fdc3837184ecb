//! Load: walk the source folder, read and parse every file into the model.
//!
//! This stage only reads and decodes; it checks each file on its own (shape,
//! keys, values, dates). Cross-file checks (ids, references) belong to
//! `resolve`. Files are parsed in parallel and assembled in path order, so the
//! result does not depend on thread timing.

mod action;
mod audit;
mod config;
mod context;
pub mod document;
mod fields;
mod framework;
pub mod frontmatter;
mod git;
mod hashes;
mod incident;
mod inline_meta;
pub mod mdx;
mod metric;
mod objective;
pub mod point_in_time;
mod recover;
mod review;
mod risk;
mod soa;
pub mod walk;
pub mod yaml;

pub use config::Layout;
pub use fields::is_valid_id;
pub use hashes::HashCache;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::digest;
use crate::model::{
    Action, Audit, Config, Context, Document, Incident, Metric, Objective, RecordKind, Review,
    Risk, Satisfies, Soa, Source,
};
use fields::{Fields, FileCtx};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use walk::{FileKind, SourceFile};

/// Text files larger than this are refused, unless `max_file_size` in
/// `isms.yaml` sets another limit.
pub const MAX_FILE_BYTES: u64 = crate::model::config::DEFAULT_MAX_FILE_SIZE;

/// One parsed file.
#[derive(Clone)]
enum Parsed {
    Config(Box<Config>),
    Soa(Soa),
    Document(Arc<Document>),
    Audit(Box<Audit>),
    Action(Box<Action>),
    Review(Box<Review>),
    Metric(Box<Metric>),
    Risk(Box<Risk>),
    Objective(Box<Objective>),
    Context(Box<Context>),
    Incident(Box<Incident>),
    Evidence(String),
    Framework(Box<crate::model::Framework>),
    /// A record file that failed to parse or decode: the ids it still shows.
    Unparsed(Vec<crate::model::Unparsed>),
    Nothing,
}

/// Load everything under `src`, skipping `out` if it lies inside.
pub fn load(src: &Path, out: Option<&Path>) -> (Source, Diagnostics) {
    load_cached(src, out, &mut Cache::none())
}

/// Parsed files kept between loads, so a rebuild re-reads only what changed.
pub struct Cache {
    entries: HashMap<String, CacheEntry>,
    /// The last walk and the size limit it gave, for a load told exactly
    /// which paths changed.
    walked: Option<(walk::Walked, u64)>,
    /// Whether to keep the parse for the next load; a one-off load moves it
    /// into the model instead of copying it.
    keep: bool,
}

impl Default for Cache {
    /// A cache that keeps every parse for the next load (`serve`, `--watch`).
    fn default() -> Cache {
        Cache {
            entries: HashMap::new(),
            walked: None,
            keep: true,
        }
    }
}

impl Cache {
    /// No cache: for a load that is not followed by another.
    pub fn none() -> Cache {
        Cache {
            entries: HashMap::new(),
            walked: None,
            keep: false,
        }
    }
}

/// Shared parts are behind `Arc`s: a rebuild copies each unchanged entry
/// into the new cache for the price of a few reference counts.
#[derive(Clone)]
struct CacheEntry {
    stamp: Stamp,
    limit: u64,
    kind: FileKind,
    parsed: Arc<Parsed>,
    diags: Arc<Vec<Diagnostic>>,
    foreign: Arc<Vec<(String, Location)>>,
    /// Size and SHA-256 of the bytes read (`None` for evidence, which is
    /// not read, and for files that could not be read).
    hash: Option<digest::Entry>,
}

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        })
    }

    /// Modified so recently that a second change within the clock's
    /// resolution could go unseen: such files are always re-read.
    fn is_fresh(&self) -> bool {
        self.modified
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_none_or(|age| age < Duration::from_secs(2))
    }
}

impl Cache {
    /// Number of cached files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Like [`load`], reusing the parse of every file unchanged since `cache`
/// was filled; the cache is updated to the files found now.
pub fn load_cached(src: &Path, out: Option<&Path>, cache: &mut Cache) -> (Source, Diagnostics) {
    load_changed(src, out, cache, None)
}

/// Like [`load_cached`]; when `changed` lists every path (relative to SRC,
/// `/`-separated) changed since the last load, as a file watcher reports
/// them, the last walk is updated for those paths instead of walking SRC
/// again, and only those files are stat-ed and read. Whenever the list
/// cannot say everything that changed (see [`walk::Walked::update`]), SRC
/// is walked again and every file stat-ed, as without a list.
pub fn load_changed(
    src: &Path,
    out: Option<&Path>,
    cache: &mut Cache,
    changed: Option<&[String]>,
) -> (Source, Diagnostics) {
    let mut walk_diags = Vec::new();
    let kept = cache.walked.take();
    let (walked, limit, changed) = crate::timings::time("load: walk", || {
        let updated = kept.and_then(|(mut walked, limit)| {
            let changed = changed?;
            walked.update(src, out, changed).then(|| {
                let changed: std::collections::HashSet<&str> =
                    changed.iter().map(String::as_str).collect();
                (walked, limit, Some(changed))
            })
        });
        updated.unwrap_or_else(|| {
            let walked = walk::walk_kept(src, out, &mut walk_diags);
            let limit = size_limit(&walked.files);
            (walked, limit, None)
        })
    });
    let files = &walked.files;
    let old = std::mem::take(&mut cache.entries);
    let parsing = crate::timings::phase("load: parse");
    let entries: Vec<(String, CacheEntry)> = files
        .par_iter()
        .map(|file| {
            // Told what changed: every other file is as it was last read.
            if let Some(changed) = &changed {
                if let Some(hit) = old.get(&file.rel) {
                    if !changed.contains(file.rel.as_str())
                        && hit.kind == file.kind
                        && hit.limit == limit
                    {
                        return (file.rel.clone(), hit.clone());
                    }
                }
            }
            let stamp = Stamp::of(&file.disk);
            if let (Some(stamp), Some(hit), None) = (stamp, old.get(&file.rel), &changed) {
                if hit.stamp == stamp
                    && hit.kind == file.kind
                    && hit.limit == limit
                    && !stamp.is_fresh()
                {
                    return (file.rel.clone(), hit.clone());
                }
            }
            let ((parsed, diags, foreign), hash) = parse_file(file, limit);
            let entry = CacheEntry {
                limit,
                stamp: stamp.unwrap_or(Stamp {
                    len: 0,
                    modified: None,
                    inode: 0,
                }),
                kind: file.kind,
                parsed: Arc::new(parsed),
                diags: Arc::new(diags),
                foreign: Arc::new(foreign),
                hash,
            };
            (file.rel.clone(), entry)
        })
        .collect();
    drop(parsing);
    drop(changed);
    let _assemble = crate::timings::phase("load: assemble");
    walk_diags.extend(foreign_key_notes(
        entries.iter().flat_map(|(_, e)| e.foreign.iter()),
    ));
    let hashes: BTreeMap<String, digest::Entry> = entries
        .iter()
        .filter_map(|(rel, e)| Some((rel.clone(), e.hash.clone()?)))
        .collect();
    let parsed: Vec<(String, Parsed, Vec<Diagnostic>)> = if cache.keep {
        let parsed = entries
            .par_iter()
            .map(|(rel, e)| (rel.clone(), Parsed::clone(&e.parsed), Vec::clone(&e.diags)))
            .collect();
        cache.entries = entries.into_iter().collect();
        cache.walked = Some((walked, limit));
        parsed
    } else {
        // Nothing else holds these parses: move them, do not copy them.
        entries
            .into_par_iter()
            .map(|(rel, e)| {
                let parsed = Arc::try_unwrap(e.parsed).unwrap_or_else(|p| Parsed::clone(&p));
                let diags = Arc::try_unwrap(e.diags).unwrap_or_else(|d| Vec::clone(&d));
                (rel, parsed, diags)
            })
            .collect()
    };
    let mut source = Source {
        hashes,
        ..Source::default()
    };
    let mut diags = Diagnostics::new();
    diags.extend(walk_diags);
    for (rel, item, file_diags) in parsed {
        if file_diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            source.flawed.insert(rel);
        }
        diags.extend(file_diags);
        match item {
            Parsed::Config(c) => source.config = *c,
            Parsed::Soa(s) => source.soa = s,
            Parsed::Document(d) => source.documents.push(d),
            Parsed::Audit(a) => source.audits.push(*a),
            Parsed::Action(a) => source.actions.push(*a),
            Parsed::Review(r) => source.reviews.push(*r),
            Parsed::Metric(m) => source.metrics.push(*m),
            Parsed::Risk(r) => source.risks.push(*r),
            Parsed::Objective(o) => source.objectives.push(*o),
            Parsed::Context(c) => source.context = Some(*c),
            Parsed::Incident(i) => source.incidents.push(*i),
            Parsed::Evidence(path) => source.evidence.push(path),
            Parsed::Framework(f) => source.frameworks.push(*f),
            Parsed::Unparsed(records) => source.unparsed.extend(records),
            Parsed::Nothing => {}
        }
    }
    if source.config.git_history {
        source.git = git::history(src);
    }
    (source, diags)
}

/// The per-file size limit: `max_file_size` of `isms.yaml` (itself read
/// under the default limit), else [`MAX_FILE_BYTES`]. A bad value is
/// reported when `isms.yaml` is decoded; here it falls back to the default.
fn size_limit(files: &[SourceFile]) -> u64 {
    let Some(config) = files.iter().find(|f| f.kind == FileKind::Config) else {
        return MAX_FILE_BYTES;
    };
    let Ok(text) = read_text(&config.disk, &config.rel, MAX_FILE_BYTES) else {
        return MAX_FILE_BYTES;
    };
    let Ok(root) = yaml::parse(&text) else {
        return MAX_FILE_BYTES;
    };
    root.as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some("max_file_size")))
        .and_then(|(_, v)| v.as_str())
        .and_then(|v| crate::model::config::parse_size(v).ok())
        .unwrap_or(MAX_FILE_BYTES)
}

/// Human form of a byte count for messages: `10 MB`, `512 KB`, `300 bytes`.
fn show_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Read a file as text: size limit (`limit` bytes), UTF-8 check, BOM removed.
pub fn read_text(disk: &Path, rel: &str, limit: u64) -> Result<String, Box<Diagnostic>> {
    decode_text(read_limited(disk, rel, limit)?, rel)
}

/// The bytes of a file, refused above `limit`.
fn read_limited(disk: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    match std::fs::metadata(disk) {
        Ok(meta) if meta.len() > limit => {
            return Err(Diagnostic::error(
                "file-too-large",
                format!(
                    "file is {}, larger than the {} limit",
                    show_size(meta.len()),
                    show_size(limit)
                ),
            )
            .at(Location::file(rel))
            .help("split the file, or raise `max_file_size` in isms.yaml (e.g. `max_file_size: 20 MB`)")
            .into());
        }
        // Read at most the limit even if the file grows after the check.
        Ok(_) => std::fs::File::open(disk).and_then(|f| {
            use std::io::Read;
            let mut bytes = Vec::new();
            f.take(limit).read_to_end(&mut bytes).map(|_| bytes)
        }),
        Err(e) => Err(e),
    }
    .map_err(|e| {
        Diagnostic::error("unreadable", format!("cannot read the file: {e}"))
            .at(Location::file(rel))
    })
    .map_err(Box::new)
}

/// Bytes as UTF-8 text without a byte order mark.
fn decode_text(bytes: Vec<u8>, rel: &str) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // Valid by construction; the column counts characters.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let lines = crate::diag::LineIndex::new(good);
            let mut loc = Location::file(rel);
            loc.line = lines.line_of(good.len());
            loc.column = lines.column_of(good.len());
            Err(Diagnostic::error("not-utf8", "file is not valid UTF-8 text")
                .at(loc)
                .help("save the file as UTF-8 (most editors offer this under 'Save with encoding')")
                .into())
        }
    }
}

/// One note per front matter key of another tool, however many files use it.
fn foreign_key_notes<'a>(found: impl Iterator<Item = &'a (String, Location)>) -> Vec<Diagnostic> {
    let mut by_key: std::collections::BTreeMap<&str, (usize, &Location)> = Default::default();
    for (key, at) in found {
        let entry = by_key.entry(key.as_str()).or_insert((0, at));
        entry.0 += 1;
        if at.file < entry.1.file {
            entry.1 = at;
        }
    }
    by_key
        .into_iter()
        .map(|(key, (count, at))| {
            let files = if count == 1 {
                "1 document".to_string()
            } else {
                format!("{count} documents")
            };
            Diagnostic::note(
                "foreign-key",
                format!("front matter key `{key}` ({files}) is not used by isms-site and is ignored"),
            )
            .at(at.clone())
            .help("keep it if another tool needs it; isms-site reads id, title, type, owner, version, status, approved_by, approved_on, next_review, review_every, summary, clauses, controls, satisfies, history")
        })
        .collect()
}

type FileResult = (Parsed, Vec<Diagnostic>, Vec<(String, Location)>);

/// The kind and path of a text being parsed.
struct ParseInput<'a> {
    kind: FileKind,
    rel: &'a str,
}

/// Read and parse one file; also the digest of what was read.
fn parse_file(file: &SourceFile, limit: u64) -> (FileResult, Option<digest::Entry>) {
    if file.kind == FileKind::Evidence {
        let parsed = (Parsed::Evidence(file.rel.clone()), Vec::new(), Vec::new());
        return (parsed, None);
    }
    // Hashed as read, so the manifest and record pages show the hash of
    // exactly what was rendered, and nothing reads the file again to hash it.
    let read = read_limited(&file.disk, &file.rel, limit).and_then(|bytes| {
        let hash = digest::hash_bytes(&bytes);
        Ok((decode_text(bytes, &file.rel)?, hash))
    });
    let (text, hash) = match read {
        Ok(read) => read,
        Err(d) => return ((Parsed::Nothing, vec![*d], Vec::new()), None),
    };
    (parse_text_as(file.kind, &file.rel, &text), Some(hash))
}

/// Parse `text` as a file of `kind` at `rel` (relative to SRC) and return its
/// diagnostics. The entry point of the fuzz targets: any text must end in
/// diagnostics, never a panic, hang or stack overflow.
pub fn parse_text(kind: FileKind, rel: &str, text: &str) -> Vec<Diagnostic> {
    parse_text_as(kind, rel, text).1
}

fn parse_text_as(kind: FileKind, rel: &str, text: &str) -> FileResult {
    let mut diags = Vec::new();
    let mut foreign = Vec::new();
    let file = ParseInput { kind, rel };
    if file.kind == FileKind::Record(RecordKind::Document) {
        if text.trim().is_empty() {
            diags.push(
                Diagnostic::warning("empty-file", "document is empty")
                    .at(Location::file(file.rel))
                    .help("write the document, or delete the file"),
            );
            return (Parsed::Nothing, diags, foreign);
        }
        let parsed = match document::load(file.rel, text, &mut diags, &mut foreign) {
            Some(d) => Parsed::Document(Arc::new(d)),
            // Front matter never closed: its `id` is still known.
            None => {
                let yaml = text.split_once('\n').map_or("", |(_, rest)| rest);
                let found = recover::front_matter_id(yaml).map(|(id, line, column)| {
                    let width = id.chars().count();
                    crate::model::Unparsed {
                        kind: RecordKind::Document,
                        at: Location::on_line(file.rel, None, line + 1, column, width),
                        id,
                        sources: Vec::new(),
                    }
                });
                Parsed::Unparsed(found.into_iter().collect())
            }
        };
        return (parsed, diags, foreign);
    }
    let mut ctx = FileCtx::new(file.rel, text, 0);
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            diags.push(yaml_error(&ctx, &e));
            let parsed = match file.kind {
                FileKind::Record(kind) => {
                    Parsed::Unparsed(recover::from_text(kind, file.rel, text, 0))
                }
                _ => Parsed::Nothing,
            };
            return (parsed, diags, foreign);
        }
    };
    let is_record = !matches!(file.kind, FileKind::Config | FileKind::Soa);
    if is_record && root.is_null() {
        diags.push(
            Diagnostic::error("empty-file", "record file is empty")
                .at(Location::file(file.rel))
                .help("write the record (see docs/format.md), or delete the file"),
        );
        return (Parsed::Nothing, diags, foreign);
    }
    let parsed = match file.kind {
        FileKind::Config => Parsed::Config(Box::new(config::decode(&mut ctx, &root))),
        FileKind::Soa => Parsed::Soa(soa::decode(&mut ctx, &root)),
        FileKind::Record(kind) => match kind {
            RecordKind::Audit => boxed(audit::decode(&mut ctx, &root), Parsed::Audit),
            RecordKind::Action => boxed(action::decode(&mut ctx, &root), Parsed::Action),
            RecordKind::Review => boxed(review::decode(&mut ctx, &root), Parsed::Review),
            RecordKind::Metric => boxed(metric::decode(&mut ctx, &root), Parsed::Metric),
            RecordKind::Risk => boxed(risk::decode(&mut ctx, &root), Parsed::Risk),
            RecordKind::Objective => boxed(objective::decode(&mut ctx, &root), Parsed::Objective),
            RecordKind::Context => boxed(context::decode(&mut ctx, &root), Parsed::Context),
            RecordKind::Incident => boxed(incident::decode(&mut ctx, &root), Parsed::Incident),
            // Documents are Markdown (above); findings live in audits.
            RecordKind::Document | RecordKind::Finding => Parsed::Nothing,
        },
        FileKind::Framework => boxed(framework::decode(&mut ctx, &root), Parsed::Framework),
        FileKind::Evidence => Parsed::Nothing,
    };
    let parsed = match (parsed, file.kind) {
        (Parsed::Nothing, FileKind::Record(kind)) => {
            Parsed::Unparsed(recover::from_nodes(kind, file.rel, &root, 0))
        }
        (parsed, _) => parsed,
    };
    diags.append(&mut ctx.diags);
    (parsed, diags, foreign)
}

fn boxed<T>(value: Option<T>, wrap: fn(Box<T>) -> Parsed) -> Parsed {
    value.map(|v| wrap(Box::new(v))).unwrap_or(Parsed::Nothing)
}

/// A YAML syntax error as a diagnostic.
fn yaml_error(ctx: &FileCtx<'_>, e: &yaml::YamlError) -> Diagnostic {
    let loc = Location::in_text(
        ctx.path,
        ctx.text,
        e.pos.line + ctx.line_offset,
        e.pos.column,
        1,
    );
    let help = if ["alias", "nesting", "recursion"]
        .iter()
        .any(|w| e.message.contains(w))
    {
        "simplify the YAML: deep nesting and alias expansion are limited"
    } else if e.message.contains("unprintable") {
        "the file holds a control character such as a NUL byte: it is binary or damaged; save it as UTF-8 text"
    } else if e.message.contains("tab") {
        "indent YAML with spaces, not tabs"
    } else {
        "check indentation, `key: value` pairs and matching quotes/brackets near this line"
    };
    Diagnostic::error("yaml-syntax", format!("invalid YAML: {}", e.message))
        .at(loc)
        .help(help)
}

/// The hint of `empty-owner`.
const OWNER_HELP: &str =
    "write the role responsible after `owner:` (e.g. `owner: IT Operations Manager`), or remove the key";

/// The record's `id`: required and valid.
fn record_id(
    ctx: &mut FileCtx<'_>,
    f: &Fields<'_>,
    what: &str,
    example: &str,
) -> Option<(String, Location)> {
    match f.get("id") {
        Some(node) => {
            let id = ctx.id(node)?;
            Some((id, ctx.loc(node)))
        }
        None => {
            ctx.missing(f, "id", what, example);
            None
        }
    }
}

/// `satisfies: { FRAMEWORK: [ids] }`.
fn satisfies(ctx: &mut FileCtx<'_>, node: &yaml::Node) -> Satisfies {
    let Some(entries) = node.as_map() else {
        ctx.report(
            node,
            Diagnostic::error(
                "wrong-shape",
                format!("`satisfies` should be a mapping, not {}", node.shape()),
            )
            .help("write `satisfies: { SOC2: [CC6.1, CC6.2] }`"),
        );
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let framework = k.as_str()?.to_string();
            let refs = ctx.refs(v, &framework);
            Some((framework, refs))
        })
        .collect()
}
