//! Answering requests from the in-memory site. Each request runs on its own
//! thread, so a reload connection held open for hours, or a rebuild in
//! progress, never keeps another request waiting: a request only takes the
//! current snapshot (an `Arc`) and answers from it.

use super::engine::Files;
use super::paths::{content_type, file_for, host_allowed, under_base};
use super::reload::{escape_html, inject, overlay_html, script, Event, Hub, EVENTS_PATH};
use super::texts;
use crate::i18n::Lang;
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
    /// The site's language, for what the server itself says to browsers.
    pub lang: Lang,
    /// The path of `base_url` (`/guide/`), where the 404 page links to.
    pub base_path: Option<String>,
}

/// What the request threads share with the rebuild loop.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
    pub bound: IpAddr,
    pub port: u16,
}

impl Shared {
    /// Before the first build: no files, and the language as far as
    /// `site.toml` tells it.
    pub fn new(bound: IpAddr, port: u16, lang: Lang) -> Shared {
        let snapshot = Snapshot {
            lang,
            ..Snapshot::default()
        };
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            hub: Hub::default(),
            bound,
            port,
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
        let for_thread = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("carnet-http".into())
            .spawn(move || handle(request, &for_thread));
        if let Err(e) = spawned {
            let why = crate::text!(
                "carnet serve : impossible de répondre à une requête : {e}",
                "carnet serve: could not answer a request: {e}"
            );
            eprintln!("{}", why.get(shared.current().lang));
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
    let snap = shared.current();
    let lang = snap.lang;
    if !matches!(request.method(), Method::Get | Method::Head) {
        let r = text(405, texts::method_not_allowed().get(lang))
            .with_header(header("Allow", "GET, HEAD"));
        return respond(request, r);
    }
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref(), shared.bound) {
        let r = text(403, texts::host_refused(shared.port).get(lang));
        return respond(request, r);
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(EVENTS_PATH) && *request.method() == Method::Get {
        drop(snap);
        return events(request, shared, &url);
    }
    let file = match file_for(&url) {
        Ok(file) => file,
        Err(why) => return respond(request, text(400, texts::bad_address(&why).get(lang))),
    };
    let response = answer(&snap, &url, &file);
    respond(request, response);
}

/// The answer for `file` from one snapshot: the file, a redirect to the
/// folder form of a page, the site's 404 page, or the error page before
/// any build succeeded.
///
/// The site is served at `/` and also under the path of its `base_url`
/// (`/guide/…`): the 404 page links from there (`/guide/assets/…`), since
/// it is shown at any depth, and must work here too. A file of the site
/// itself wins over that second reading.
fn answer(snap: &Snapshot, url: &str, file: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    if snap.files.is_empty() {
        return not_built(snap);
    }
    let under = snap.base_path.as_deref().and_then(|b| under_base(file, b));
    for file in std::iter::once(file).chain(under) {
        if let Some(bytes) = snap.files.get(file) {
            return file_response(snap, file, bytes, 200);
        }
        let folder = format!("{file}/index.html");
        if !file.ends_with("index.html") && snap.files.contains_key(&folder) {
            return folder_redirect(url, snap.lang);
        }
    }
    match snap.files.get("404.html") {
        Some(bytes) => file_response(snap, "404.html", bytes, 404),
        None => text(404, texts::not_found().get(snap.lang)),
    }
}

/// Relative links only work from the folder form: /ateliers → /ateliers/.
fn folder_redirect(url: &str, lang: Lang) -> Response<std::io::Cursor<Vec<u8>>> {
    let (path, query) = url.split_once('?').map_or((url, ""), |(p, q)| (p, q));
    let location = if query.is_empty() {
        format!("{path}/")
    } else {
        format!("{path}/?{query}")
    };
    text(301, texts::moved(&location).get(lang)).with_header(header("Location", &location))
}

fn file_response(
    snap: &Snapshot,
    file: &str,
    bytes: &[u8],
    status: u16,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let kind = content_type(file);
    let body = if kind.starts_with("text/html") {
        inject(bytes, snap.build, snap.error.as_deref(), snap.lang)
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
    let lang = snap.lang;
    let body = match &snap.error {
        Some(message) => overlay_html(message, lang),
        None => format!("<p>{}</p>", escape_html(texts::being_built().get(lang))),
    };
    let page = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>carnet serve</title></head><body>{body}{}</body></html>",
        lang.code(),
        script(snap.build, lang)
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
            lang: Lang::En,
            base_path: Some("/guide/".into()),
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

    fn body(r: Response<std::io::Cursor<Vec<u8>>>) -> String {
        String::from_utf8(r.into_reader().into_inner()).unwrap()
    }

    #[test]
    fn the_site_is_also_served_under_its_base_path() {
        let snap = snapshot(&[
            ("index.html", "accueil"),
            ("assets/carnet.css", "css"),
            ("ateliers/index.html", "ateliers"),
            ("404.html", "<body>perdu</body>"),
        ]);
        for (url, file, want) in [
            ("/guide/assets/carnet.css", "guide/assets/carnet.css", "css"),
            ("/guide/", "guide/index.html", "accueil"),
            ("/assets/carnet.css", "assets/carnet.css", "css"),
        ] {
            let r = answer(&snap, url, file);
            assert_eq!(r.status_code().0, 200, "{url}");
            assert!(body(r).starts_with(want), "{url}");
        }
        let r = answer(&snap, "/guide/ateliers", "guide/ateliers");
        assert_eq!(r.status_code().0, 301);
        let location = r.headers().iter().find(|h| h.field.equiv("Location"));
        assert_eq!(location.unwrap().value.as_str(), "/guide/ateliers/");
        let r = answer(&snap, "/guide/nope", "guide/nope");
        assert_eq!(r.status_code().0, 404);
        assert!(body(r).contains("perdu"));
        // A folder of the site named like the base is the site's own.
        let mut snap = snap;
        snap.files
            .insert("guide/index.html".into(), Arc::from(&b"guide"[..]));
        assert!(body(answer(&snap, "/guide/", "guide/index.html")).starts_with("guide"));
    }

    #[test]
    fn answers_follow_the_site_language() {
        let mut snap = snapshot(&[("index.html", "x")]);
        let r = answer(&snap, "/nope", "nope");
        assert_eq!(body(r), "Page not found: no page of the site has this address. Check the address, or start again from the home page: /\n");
        let r = answer(&snap, "/", "index.html");
        let page = body(r);
        assert!(page.contains("the page will reload by itself"), "{page}");
        snap.lang = Lang::Fr;
        assert!(body(answer(&snap, "/nope", "nope")).starts_with("Page introuvable : "));
        let r = answer(&snap, "/", "index.html");
        assert!(body(r).contains("la page se rechargera toute seule"));
    }

    #[test]
    fn the_page_before_the_first_build_is_in_the_site_language() {
        let mut snap = Snapshot {
            lang: Lang::En,
            ..Snapshot::default()
        };
        let page = body(answer(&snap, "/", "index.html"));
        assert!(page.contains("<html lang=\"en\">"), "{page}");
        assert!(page.contains("The site is being built."), "{page}");
        snap.error = Some("site.toml:1:1 …".into());
        let page = body(answer(&snap, "/", "index.html"));
        assert!(page.contains("the site could not be rebuilt"), "{page}");
        assert!(page.contains("site.toml:1:1 …"), "{page}");
        snap.lang = Lang::Fr;
        snap.error = None;
        let page = body(answer(&snap, "/", "index.html"));
        assert!(page.contains("<html lang=\"fr\">"), "{page}");
        assert!(
            page.contains("Le site est en cours de construction."),
            "{page}"
        );
    }

    #[test]
    fn build_numbers_from_the_query() {
        assert_eq!(build_of("/__carnet/events?build=12"), Some(12));
        assert_eq!(build_of("/__carnet/events"), None);
    }
}
