//! Answering requests from the in-memory site. Each request runs on its own
//! thread, so a reload connection held open for hours, or a rebuild in
//! progress, never keeps another request waiting: a request only takes the
//! current snapshot (an `Arc`) and answers from it.

use super::engine::Files;
use super::paths::{content_type, file_for, host_allowed};
use super::reload::{inject, overlay_html, script, Event, Hub, EVENTS_PATH};
use std::io::Write;
use std::net::IpAddr;
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// One published state of the site.
#[derive(Default)]
pub struct Snapshot {
    pub files: Files,
    /// Number of the build these files come from (0: none yet).
    pub build: u64,
    /// The error of the last rebuild, shown over every page until fixed.
    pub error: Option<String>,
}

/// What the request threads share with the rebuild loop.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
    pub bound: IpAddr,
}

impl Shared {
    pub fn new(bound: IpAddr) -> Shared {
        Shared {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            hub: Hub::default(),
            bound,
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn publish(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}

/// Accepts requests until the server is dropped, one thread each.
pub fn run(server: tiny_http::Server, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("carnet-http".into())
            .spawn(move || handle(request, &shared));
        if let Err(e) = spawned {
            eprintln!("carnet serve : impossible de répondre à une requête : {e}");
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn text(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(format!("{message}\n").into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn respond(request: Request, response: Response<std::io::Cursor<Vec<u8>>>) {
    let response = response
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"));
    // The browser may have gone away: nothing to do about it.
    let _ = request.respond(response);
}

/// Answers one request.
pub fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let r = text(
            405,
            "Méthode non autorisée : ce serveur ne sert qu'en lecture (GET, HEAD).",
        )
        .with_header(header("Allow", "GET, HEAD"));
        return respond(request, r);
    }
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref(), shared.bound) {
        let r = text(403, "Nom d'hôte refusé : ouvrez le site par http://localhost:PORT/ ou http://127.0.0.1:PORT/.");
        return respond(request, r);
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) && *request.method() == Method::Get {
        return events(request, shared, &url);
    }
    let file = match file_for(&url) {
        Ok(file) => file,
        Err(why) => return respond(request, text(400, &format!("Adresse refusée ({why:?})."))),
    };
    let response = answer(&shared.current(), &url, &file);
    respond(request, response);
}

/// The answer for `file` from one snapshot: the file, a redirect to the
/// folder form of a page, the site's 404 page, or the error page before
/// any build succeeded.
fn answer(snap: &Snapshot, url: &str, file: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    if snap.files.is_empty() {
        return not_built(snap);
    }
    if let Some(bytes) = snap.files.get(file) {
        return file_response(snap, file, bytes, 200);
    }
    let folder = format!("{file}/index.html");
    if !file.ends_with("index.html") && snap.files.contains_key(&folder) {
        // Relative links only work from the folder form: /ateliers → /ateliers/.
        let (path, query) = url.split_once('?').map_or((url, ""), |(p, q)| (p, q));
        let location = if query.is_empty() {
            format!("{path}/")
        } else {
            format!("{path}/?{query}")
        };
        return text(301, "Déplacé").with_header(header("Location", &location));
    }
    match snap.files.get("404.html") {
        Some(bytes) => file_response(snap, "404.html", bytes, 404),
        None => text(404, "Page introuvable."),
    }
}

fn file_response(
    snap: &Snapshot,
    file: &str,
    bytes: &[u8],
    status: u16,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let kind = content_type(file);
    let body = if kind.starts_with("text/html") {
        inject(bytes, snap.build, snap.error.as_deref())
    } else {
        bytes.to_vec()
    };
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
}

/// Before the first good build there is no site: every request gets a page
/// saying why, which reloads once the site builds.
fn not_built(snap: &Snapshot) -> Response<std::io::Cursor<Vec<u8>>> {
    let message = snap
        .error
        .as_deref()
        .unwrap_or("Le site est en cours de construction.");
    let page = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>carnet serve</title></head><body>{}{}</body></html>",
        overlay_html(message),
        script(snap.build)
    );
    Response::from_data(page.into_bytes())
        .with_status_code(503)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

/// The build number a reload script says it has (`?build=N`).
fn build_of(url: &str) -> Option<u64> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("build="))
        .and_then(|n| n.parse().ok())
}

/// A Server-Sent Events stream, held open until the browser leaves. Written
/// by hand on the raw connection: tiny_http's chunked encoder would hold
/// events back in its buffer.
fn events(request: Request, shared: &Shared, url: &str) {
    let rx = shared.hub.subscribe();
    let snap = shared.current();
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                Connection: close\r\n\r\n";
    let mut first = String::from(head);
    // The browser retries after 500 ms if the server restarts.
    first.push_str("retry: 500\n\n");
    if build_of(url).is_some_and(|b| b != snap.build) {
        first.push_str(&Event::Reload(snap.build).to_sse());
    } else if let Some(e) = &snap.error {
        first.push_str(&Event::Failed(e.clone()).to_sse());
    }
    drop(snap);
    if send(&mut out, &first).is_err() {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event.to_sse(),
            // A comment line: keeps proxies from closing the connection and
            // tells us when the browser is gone.
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut out, &chunk).is_err() {
            return;
        }
    }
}

fn send(out: &mut Box<dyn Write + Send>, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[(&str, &str)]) -> Snapshot {
        Snapshot {
            files: files
                .iter()
                .map(|(p, b)| (p.to_string(), Arc::from(b.as_bytes())))
                .collect(),
            build: 1,
            error: None,
        }
    }

    #[test]
    fn folders_redirect_to_their_slash_form() {
        let snap = snapshot(&[("ateliers/index.html", "<body></body>")]);
        let r = answer(&snap, "/ateliers?x=1", "ateliers");
        assert_eq!(r.status_code().0, 301);
        let location = r.headers().iter().find(|h| h.field.equiv("Location"));
        assert_eq!(location.unwrap().value.as_str(), "/ateliers/?x=1");
    }

    #[test]
    fn missing_files_get_the_site_404_page() {
        let snap = snapshot(&[("index.html", "x"), ("404.html", "<body>perdu</body>")]);
        let r = answer(&snap, "/nope", "nope");
        assert_eq!(r.status_code().0, 404);
        let snap = snapshot(&[("index.html", "x")]);
        assert_eq!(answer(&snap, "/nope", "nope").status_code().0, 404);
    }

    #[test]
    fn build_numbers_from_the_query() {
        assert_eq!(build_of("/__carnet/events?build=12"), Some(12));
        assert_eq!(build_of("/__carnet/events"), None);
    }
}
