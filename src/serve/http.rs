//! The HTTP side of `serve`: site files from the current snapshot, the
//! live-reload event stream and script, and the error overlay.
//!
//! Only paths of the site are served: a request path is percent-decoded once,
//! refused if any segment is `.` or `..` or it holds a backslash or NUL, and
//! then looked up in the snapshot's list of site files; nothing is ever read
//! from a path built out of the request. Every response says
//! `Cache-Control: no-store`.
//!
//! Requests naming another host (`Host:` or an absolute request target) are
//! refused with 421 before anything else, so a web page whose name was
//! rebound to 127.0.0.1 (DNS rebinding) cannot read the site. Copied source
//! files (`files/`: evidence, linked files) are sent unmodified as downloads
//! (`Content-Disposition: attachment`, `Content-Security-Policy: sandbox`):
//! evidence HTML or SVG never runs script in the site's origin, and the bytes
//! served are the bytes hashed in `manifest.json`.

use super::state::Snapshot;
use crate::diag::Diagnostic;
use crate::render::markdown::FILES_DIR;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// Where the reload script is served (never part of the built site).
pub const RELOAD_SCRIPT_PATH: &str = "/__isms/reload.js";
/// Where browsers listen for reload events.
pub const EVENTS_PATH: &str = "/__isms/events";
/// Where the error overlay's stylesheet is served (never part of the built
/// site): a file of its own, so the page's CSP (`style-src 'self'`) allows
/// it and a theme that replaces `style.css` still shows the overlay.
pub const OVERLAY_CSS_PATH: &str = "/__isms/overlay.css";

const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// A message to open browsers.
#[derive(Clone, Copy, Debug)]
pub enum Signal {
    /// A build finished: reload.
    Reload(u64),
    /// The server is stopping: end the stream.
    Shutdown,
}

/// The host names a request may name (`Host:` header or absolute target).
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    /// Lower-case names and IP literals (IPv6 in brackets), without port.
    names: Vec<String>,
    /// Listening on every address: any IP literal names this server (DNS
    /// rebinding needs a name, never a literal).
    any_ip: bool,
}

impl AllowedHosts {
    /// 127.0.0.1, localhost, [::1], the bound address, and `extra` (names
    /// given with `--allow-host`, with or without a port).
    pub fn new(bind: IpAddr, extra: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        names.push(match bind {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        });
        for name in extra {
            if let Some(host) = host_part(name.trim()) {
                names.push(host.to_ascii_lowercase());
            }
        }
        AllowedHosts {
            names,
            any_ip: bind.is_unspecified(),
        }
    }

    /// Does `authority` (`host` or `host:port`) name this server?
    pub fn allows(&self, authority: &str) -> bool {
        let Some(host) = host_part(authority) else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        self.any_ip
            && host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok()
    }
}

/// The host of `host`, `host:port`, `[v6]` or `[v6]:port`; `None` when the
/// port is not a number or the name is empty.
fn host_part(authority: &str) -> Option<&str> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let rest = authority.get(end + 1..)?;
        let port = match rest.strip_prefix(':') {
            Some(digits) => Some(digits),
            None if rest.is_empty() => None,
            None => return None,
        };
        (authority.get(..=end)?, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port_ok = port.is_none_or(|digits| digits.parse::<u16>().is_ok());
    (port_ok && !host.is_empty()).then_some(host)
}

/// State shared by the handlers and the build loop.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    signals: broadcast::Sender<Signal>,
    hosts: AllowedHosts,
}

impl Shared {
    /// Shared state starting with `snapshot`, answering requests for `hosts`.
    pub fn new(snapshot: Snapshot, hosts: AllowedHosts) -> Shared {
        let (signals, _) = broadcast::channel(64);
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            signals,
            hosts,
        }
    }

    /// The snapshot being served.
    pub fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Swap in a new snapshot, then tell browsers to reload.
    pub fn publish(&self, snapshot: Snapshot) {
        let generation = snapshot.generation;
        let old = match self.snapshot.write() {
            Ok(mut s) => std::mem::replace(&mut *s, Arc::new(snapshot)),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), Arc::new(snapshot)),
        };
        let _ = self.signals.send(Signal::Reload(generation));
        // Freeing a large site takes tens of milliseconds: not on the way
        // to the next build.
        let _ = std::thread::Builder::new()
            .name("isms-serve-free".into())
            .spawn(move || drop(old));
    }

    /// End every event stream (before shutting down).
    pub fn shutdown(&self) {
        let _ = self.signals.send(Signal::Shutdown);
    }
}

/// The router: reload script, events, and every site file, behind the
/// host check.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(RELOAD_SCRIPT_PATH, get(reload_js))
        .route(OVERLAY_CSS_PATH, get(overlay_css))
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            check_host,
        ))
        .with_state(shared)
}

/// Refuse (421) a request that names another host, or none.
async fn check_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if host_allowed(&shared.hosts, request.uri(), request.headers()) {
        return next.run(request).await;
    }
    no_store(
        (
            StatusCode::MISDIRECTED_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "isms-site serve answers only requests for 127.0.0.1, localhost, [::1] or the --bind address; \
             to use another name, restart it with --allow-host NAME\n",
        )
            .into_response(),
    )
}

fn host_allowed(hosts: &AllowedHosts, uri: &Uri, headers: &HeaderMap) -> bool {
    if let Some(authority) = uri.authority() {
        if !hosts.allows(authority.as_str()) {
            return false;
        }
    }
    let mut values = headers.get_all(header::HOST).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => value.to_str().is_ok_and(|v| hosts.allows(v)),
        _ => false,
    }
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn reload_js() -> Response {
    no_store(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            RELOAD_JS,
        )
            .into_response(),
    )
}

async fn overlay_css() -> Response {
    no_store(
        (
            [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
            OVERLAY_CSS,
        )
            .into_response(),
    )
}

#[derive(serde::Deserialize)]
struct Since {
    since: Option<String>,
}

async fn events(State(shared): State<Arc<Shared>>, Query(q): Query<Since>) -> Response {
    let rx = shared.signals.subscribe();
    let current = shared.current().generation;
    // A page built from an older snapshot reloads at once: its build
    // finished between serving the page and opening this stream.
    let since = q.since.and_then(|s| s.parse::<u64>().ok());
    let pending = since.filter(|&g| g != current).map(|_| current);
    let stream = futures_util::stream::unfold((rx, pending), |(mut rx, pending)| async move {
        if let Some(generation) = pending {
            return Some((reload_event(generation), (rx, None)));
        }
        match rx.recv().await {
            Ok(Signal::Reload(generation)) => Some((reload_event(generation), (rx, None))),
            Err(broadcast::error::RecvError::Lagged(_)) => Some((reload_event(0), (rx, None))),
            Ok(Signal::Shutdown) | Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    no_store(
        Sse::new(stream)
            // More often than the idle timeout of the connection (mod.rs).
            .keep_alive(KeepAlive::default().interval(super::SSE_KEEP_ALIVE))
            .into_response(),
    )
}

fn reload_event(generation: u64) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("reload")
        .data(generation.to_string()))
}

/// The site path a request asks for: percent-decoded once, without the
/// leading `/`; `None` for anything that could step outside the site.
pub fn clean_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let path = decoded.trim_start_matches('/');
    if decoded.starts_with("//") {
        return None;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        if *segment == "." || *segment == ".." || segment.contains(':') {
            return None;
        }
        if segment.is_empty() && i != last {
            return None;
        }
    }
    Some(path.to_string())
}

fn content_type(path: &str) -> String {
    if path.ends_with(".html") {
        return "text/html; charset=utf-8".to_string();
    }
    if path.ends_with(".js") {
        return "text/javascript; charset=utf-8".to_string();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == "text" || mime.subtype() == "json" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn script_tag(generation: u64) -> String {
    format!("<script src=\"{RELOAD_SCRIPT_PATH}\" data-generation=\"{generation}\"></script>")
}

/// Each problem as the terminal shows it (severity, code, message, the
/// `file:line` arrow, the source line with its caret, the hint), in a
/// `<pre>`; no inline style (the page's CSP forbids it): `overlay.css` or the
/// plain page's defaults style it.
fn problem_list(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(|d| {
            let tone = match d.severity {
                crate::diag::Severity::Error => "error",
                _ => "warning",
            };
            format!(
                "<pre class=\"isms-problem isms-problem-{tone}\">{}</pre>",
                crate::escape::html(d.render(false).trim_end())
            )
        })
        .collect()
}

fn counts(problems: &[Diagnostic]) -> String {
    let errors = problems
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    format!(
        "{} and {}",
        crate::analyse::counted(errors, "error", "errors"),
        crate::analyse::counted(warnings, "warning", "warnings")
    )
}

/// The overlay listing the problems of a failed build: fixed at the top of
/// the viewport, styled by [`OVERLAY_CSS_PATH`] (a `<link>` inside it, which
/// HTML allows in the body). It holds no nested `<div>`: the first `</div>`
/// after it closes it.
fn overlay(problems: &[Diagnostic]) -> String {
    format!(
        "<div id=\"isms-serve-problems\" class=\"isms-serve-problems\" role=\"alert\"><link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\"><p class=\"isms-serve-title\"><strong>isms-site serve: the source has {}; showing the last good site.</strong> Fix the file and save: this page reloads.</p>{}</div>",
        counts(problems),
        problem_list(problems)
    )
}

/// A served HTML page: the built page plus the overlay (if the latest
/// build failed) and the reload script before `</body>`.
pub fn inject(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let mut extra = String::new();
    if !snapshot.problems.is_empty() {
        extra.push_str(&overlay(&snapshot.problems));
    }
    extra.push_str(&script_tag(snapshot.generation));
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn plain_page(status: StatusCode, title: &str, body: &str, snapshot: &Snapshot) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\"></head><body class=\"isms-plain\"><h1>{title}</h1>{body}{}</body></html>",
        script_tag(snapshot.generation)
    );
    no_store(
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
    )
}

fn not_found(path: &str, snapshot: &Snapshot) -> Response {
    plain_page(
        StatusCode::NOT_FOUND,
        "Not found",
        &format!(
            "<p>The site has no page <code>/{}</code>. <a href=\"/\">Go to the dashboard</a>.</p>",
            crate::escape::html(path)
        ),
        snapshot,
    )
}

fn no_site_yet(snapshot: &Snapshot) -> Response {
    plain_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "The site does not build yet",
        &format!(
            "<p>The source has {}. Fix them and save: this page reloads.</p>{}",
            counts(&snapshot.problems),
            problem_list(&snapshot.problems)
        ),
        snapshot,
    )
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return no_store(StatusCode::METHOD_NOT_ALLOWED.into_response());
    }
    let Some(path) = clean_path(uri.path()) else {
        return no_store((StatusCode::BAD_REQUEST, "bad path\n").into_response());
    };
    let snapshot = shared.current();
    let Some(model) = snapshot.model.clone() else {
        return no_site_yet(&snapshot);
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if !model.contains(&key) {
        let index = format!("{key}/index.html");
        if model.contains(&index) {
            let location = format!("{}/", uri.path());
            return no_store(
                (
                    StatusCode::PERMANENT_REDIRECT,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
            );
        }
        return not_found(&path, &snapshot);
    }
    let rendering = {
        let key = key.clone();
        tokio::task::spawn_blocking(move || model.file(&key)).await
    };
    let bytes = match rendering {
        Ok(Some(Ok(bytes))) => bytes,
        Ok(None) => return not_found(&path, &snapshot),
        Ok(Some(Err(e @ super::state::FileError::Refused(_)))) => {
            return no_store(
                (
                    StatusCode::FORBIDDEN,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    format!("refused: {e}\n"),
                )
                    .into_response(),
            )
        }
        Ok(Some(Err(e))) => {
            return plain_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "This page failed to render",
                &format!("<pre>{}</pre>", crate::escape::html(&e.to_string())),
                &snapshot,
            )
        }
        Err(e) => {
            return no_store(
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("internal error: {e}\n"),
                )
                    .into_response(),
            )
        }
    };
    if key.starts_with(&format!("{FILES_DIR}/")) {
        return download(&key, bytes);
    }
    let body = if key.ends_with(".html") {
        axum::body::Bytes::from(inject(&bytes, &snapshot))
    } else {
        // Shares the cached bytes (the search index is megabytes) instead of
        // copying them for every request.
        axum::body::Bytes::from_owner(CachedBytes(bytes))
    };
    no_store(([(header::CONTENT_TYPE, content_type(&key))], body).into_response())
}

/// A copied source file: its bytes unmodified, as a download that runs no
/// script even if opened (HTML or SVG evidence).
fn download(key: &str, bytes: Arc<Vec<u8>>) -> Response {
    let name = key.rsplit('/').next().unwrap_or(key);
    // An ASCII fallback name plus the exact name (RFC 6266, RFC 5987).
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let exact = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}");
    let mut response = no_store(
        (
            [(header::CONTENT_TYPE, content_type(key))],
            axum::body::Bytes::from_owner(CachedBytes(bytes)),
        )
            .into_response(),
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    } else {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    response
}

/// Cached file bytes handed to a response without a copy.
struct CachedBytes(std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for CachedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{clean_path, AllowedHosts};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    #[test]
    fn only_the_bound_names_are_answered() {
        let local = AllowedHosts::new(IpAddr::V4(Ipv4Addr::LOCALHOST), &["isms.test".into()]);
        for ok in [
            "127.0.0.1",
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "[::1]:8000",
            "isms.test",
            "isms.test:80",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "10.0.0.5:8000",
            "localhost:x",
            "",
            ":8000",
            "[::1",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let all = AllowedHosts::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), &[]);
        assert!(all.allows("10.0.0.5:8000"));
        assert!(all.allows("[fe80::1]:8000"));
        assert!(!all.allows("evil.example"));
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(clean_path("/").as_deref(), Some(""));
        assert_eq!(clean_path("/documents/").as_deref(), Some("documents/"));
        assert_eq!(
            clean_path("/documents/POL%20A.html").as_deref(),
            Some("documents/POL A.html")
        );
        for bad in [
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/documents/..%5c..%5cetc%5cpasswd",
            "/documents\\..\\..\\etc\\passwd",
            "//etc/passwd",
            "/a//b",
            "/./index.html",
            "/c:/windows/win.ini",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        // Decoded once only: a double-encoded `..` is a literal name.
        assert_eq!(clean_path("/%252e%252e/etc").as_deref(), Some("%2e%2e/etc"));
    }
}
