//! `carnet serve` as an author and a browser see it: the real binary on a
//! free port, a temp site, plain HTTP over TCP, and the reload stream.

mod common;

use common::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const SITE: &[(&str, &str)] = &[
    ("site.toml", "title = \"Essai serve\"\n[taxonomies.themes]\ntitle = \"Thématiques\"\n"),
    ("content/_index.md", "+++\ntitle = \"Accueil\"\n+++\nBienvenue.\n"),
    ("content/ateliers/_index.md", "+++\ntitle = \"Ateliers\"\n+++\n"),
    (
        "content/ateliers/excision.md",
        "+++\ntitle = \"Excision\"\ndate = 2023-11-21\n[taxonomies]\nthemes = [\"Violences\"]\n+++\nPremière version.\n",
    ),
    ("static/style.css", "body { color: black; }\n"),
];

/// A running `carnet serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    site: Fixture,
}

impl Server {
    fn start(site: Fixture) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_carnet"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start carnet serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().unwrap().unwrap();
        let port = first
            .split("port ")
            .nth(1)
            .and_then(|p| p.trim_end_matches(')').parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}"));
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let server = Server { child, port, site };
        server.wait_until_built();
        server
    }

    fn wait_until_built(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(r) = self.try_get("/", "localhost") {
                let building =
                    r.body.contains("en cours de construction") || r.body.contains("being built");
                if r.status != 503 || !building {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("carnet serve did not start");
    }

    fn try_get(&self, path: &str, host: &str) -> Option<Reply> {
        request(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n"),
        )
    }

    fn get(&self, path: &str) -> Reply {
        self.try_get(path, &format!("localhost:{}", self.port))
            .expect("server answers")
    }

    /// Listens to the reload stream; events arrive as (name, data).
    fn events(&self) -> Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__carnet/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { return };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send((name.clone(), data.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        // Let the server register the listener before anything changes.
        std::thread::sleep(Duration::from_millis(200));
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `head` (request line and headers, without the final blank line).
fn request(port: u16, head: &str) -> Option<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(stream, "{head}Connection: close\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some(Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

fn next_event(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(20))
        .expect("an event within 20 s")
}

/// Waits for the next reload. A plain write truncates the file first, so a
/// rebuild may see it half-written and report an error just before.
fn until_reload(rx: &Receiver<(String, String)>) {
    loop {
        let (name, data) = next_event(rx);
        match name.as_str() {
            "reload" => return,
            "failed" => continue,
            other => panic!("unexpected event {other}: {data}"),
        }
    }
}

#[test]
fn an_edit_reloads_the_page_with_the_new_text() {
    let server = Server::start(Fixture::new(SITE));
    let page = "/ateliers/excision/";
    assert!(server.get(page).body.contains("Première version."));
    let events = server.events();
    server.site.write(
        "content/ateliers/excision.md",
        "+++\ntitle = \"Excision\"\ndate = 2023-11-21\n[taxonomies]\nthemes = [\"Violences\"]\n+++\nDeuxième version.\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    let reply = server.get(page);
    assert!(reply.body.contains("Deuxième version."), "{}", reply.body);
    assert!(
        reply.body.contains("/__carnet/events"),
        "reload script injected"
    );
}

#[test]
fn an_atomic_rename_save_is_seen() {
    let server = Server::start(Fixture::new(SITE));
    let events = server.events();
    let text = "+++\ntitle = \"Excision\"\ndate = 2023-11-21\n+++\nSauvé par renommage.\n";
    // What many editors do: write a temporary file, rename it over.
    server.site.write("content/ateliers/.excision.md.tmp", text);
    std::fs::rename(
        server.site.root().join("content/ateliers/.excision.md.tmp"),
        server.site.root().join("content/ateliers/excision.md"),
    )
    .unwrap();
    assert_eq!(next_event(&events).0, "reload");
    assert!(server
        .get("/ateliers/excision/")
        .body
        .contains("Sauvé par renommage."));
    // site.toml replaced the same way.
    let toml = "title = \"Nouveau titre\"\n[taxonomies.themes]\ntitle = \"Thématiques\"\n";
    server.site.write("site.toml.nouveau", toml);
    std::fs::rename(
        server.site.root().join("site.toml.nouveau"),
        server.site.root().join("site.toml"),
    )
    .unwrap();
    assert_eq!(next_event(&events).0, "reload");
    assert!(server.get("/").body.contains("Nouveau titre"));
}

#[test]
fn a_burst_of_300_files_is_one_rebuild() {
    let server = Server::start(Fixture::new(SITE));
    let events = server.events();
    for i in 0..300 {
        server.site.write(
            &format!("content/ateliers/page-{i}.md"),
            &format!("+++\ntitle = \"Page {i}\"\n+++\nTexte {i}.\n"),
        );
    }
    assert_eq!(next_event(&events).0, "reload");
    // No second reload for the same burst.
    let more = events.recv_timeout(Duration::from_millis(1500));
    assert!(more.is_err(), "a second rebuild: {more:?}");
    assert!(server
        .get("/ateliers/page-299/")
        .body
        .contains("Texte 299."));
    // Editors' swap files change nothing.
    server
        .site
        .write("content/ateliers/.excision.md.swp", "swap");
    server.site.write("content/ateliers/excision.md~", "backup");
    assert!(events.recv_timeout(Duration::from_millis(800)).is_err());
}

#[test]
fn broken_front_matter_shows_an_overlay_and_keeps_the_old_site() {
    let server = Server::start(Fixture::new(SITE));
    let events = server.events();
    let good = "+++\ntitle = \"Excision\"\ndate = 2023-11-21\n+++\nCorrigé.\n";
    server.site.write(
        "content/ateliers/excision.md",
        "+++\ntitle = \"Excision\n+++\nCassé.\n",
    );
    let (name, data) = next_event(&events);
    assert_eq!(name, "failed");
    assert!(data.contains("content/ateliers/excision.md:2"), "{data}");
    let reply = server.get("/ateliers/excision/");
    assert_eq!(reply.status, 200);
    assert!(
        reply.body.contains("Première version."),
        "old site still served"
    );
    assert!(reply.body.contains("<div id=\"__carnet-overlay\""));
    assert!(reply.body.contains("content/ateliers/excision.md:2"));
    server.site.write("content/ateliers/excision.md", good);
    until_reload(&events);
    let reply = server.get("/ateliers/excision/");
    assert!(reply.body.contains("Corrigé."));
    assert!(!reply.body.contains("<div id=\"__carnet-overlay\""));
}

/// A body-only edit takes the incremental path (`serve::incremental`),
/// whose checks read the facts of the page's new render: an image without
/// alternative text must stop it as it stops a clean build.
#[test]
fn a_body_edit_adding_an_image_without_alt_is_refused_like_a_clean_build() {
    let server = Server::start(Fixture::new(SITE));
    let events = server.events();
    let front = "+++\ntitle = \"Excision\"\ndate = 2023-11-21\n[taxonomies]\nthemes = [\"Violences\"]\n+++\n";
    let page = "content/ateliers/excision.md";
    server.site.write(
        page,
        &format!("{front}Texte.\n\n![](https://exemple.fr/x.png)\n"),
    );
    let (name, data) = next_event(&events);
    assert_eq!(name, "failed");
    assert!(data.contains("content/ateliers/excision.md:9:1"), "{data}");
    server.site.write(
        page,
        &format!("{front}Texte.\n\n![Un schéma](https://exemple.fr/x.png)\n"),
    );
    until_reload(&events);
    assert!(server.get("/ateliers/excision/").body.contains("Un schéma"));
}

#[test]
fn a_site_that_does_not_build_at_start_is_served_once_fixed() {
    let site = Fixture::new(SITE);
    site.write("site.toml", "titel = \"faute de frappe\"\n");
    let server = Server::start(site);
    let reply = server.get("/");
    assert_eq!(reply.status, 503);
    assert!(reply.body.contains("site.toml"), "{}", reply.body);
    let events = server.events();
    let (name, data) = next_event(&events);
    assert_eq!(name, "failed", "the error is pushed to a new listener");
    assert!(data.contains("site.toml"), "{data}");
    server.site.write(
        "site.toml",
        "title = \"Réparé\"\n[taxonomies.themes]\ntitle = \"T\"\n",
    );
    until_reload(&events);
    assert!(server.get("/").body.contains("Réparé"));
}

#[test]
fn only_files_of_the_site_are_served() {
    let server = Server::start(Fixture::new(SITE));
    let host = format!("localhost:{}", server.port);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/ateliers/..%2f..%2fsite.toml",
        "/..%5csite.toml",
        "/ateliers\\..\\site.toml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
    ] {
        let reply = server.try_get(path, &host).unwrap();
        assert_eq!(reply.status, 400, "{path}");
    }
    for path in ["/site.toml", "/content/ateliers/excision.md", "/etc/passwd"] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    let css = server.get("/style.css");
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    let page = server.get("/ateliers/excision/");
    assert_eq!(
        page.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page.header("Access-Control-Allow-Origin").is_none());
    let folder = server.get("/ateliers/excision");
    assert_eq!(folder.status, 301);
    assert_eq!(
        folder.header("Location").as_deref(),
        Some("/ateliers/excision/")
    );
    let missing = server.get("/nulle-part/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__carnet/events"));
}

#[test]
fn other_host_names_are_refused_on_loopback() {
    let server = Server::start(Fixture::new(SITE));
    let port = server.port;
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.nip.io",
    ] {
        assert_eq!(server.try_get("/", host).unwrap().status, 403, "{host}");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(server.try_get("/", &host).unwrap().status, 200, "{host}");
    }
    let events = request(
        port,
        "GET /__carnet/events HTTP/1.1\r\nHost: evil.example\r\n",
    );
    assert_eq!(events.unwrap().status, 403);
}

#[test]
fn only_get_and_head() {
    let server = Server::start(Fixture::new(SITE));
    let host = format!("Host: localhost:{}\r\n", server.port);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let head = format!("{method} / HTTP/1.1\r\n{host}Content-Length: 0\r\n");
        let reply = request(server.port, &head).unwrap();
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow").as_deref(), Some("GET, HEAD"));
    }
    let head = request(server.port, &format!("HEAD / HTTP/1.1\r\n{host}")).unwrap();
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn fifty_clients_are_served_while_reload_streams_stay_open_and_a_rebuild_runs() {
    let server = Server::start(Fixture::new(SITE));
    let streams: Vec<_> = (0..5).map(|_| server.events()).collect();
    let port = server.port;
    let clients: Vec<_> = (0..50)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 { "/" } else { "/style.css" };
                let head = format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\n");
                request(port, &head).map(|r| r.status)
            })
        })
        .collect();
    server.site.write(
        "content/ateliers/autre.md",
        "+++\ntitle = \"Autre\"\n+++\nEncore.\n",
    );
    for c in clients {
        assert_eq!(c.join().unwrap(), Some(200));
    }
    for s in &streams {
        assert_eq!(next_event(s).0, "reload");
    }
}

/// What the server itself says (not the theme's pages) to a browser, for
/// each of the answers it writes.
fn server_texts(server: &Server) -> Vec<(&'static str, Reply)> {
    let host = format!("Host: localhost:{}\r\n", server.port);
    let post = format!("POST / HTTP/1.1\r\n{host}Content-Length: 0\r\n");
    vec![
        ("404", server.get("/nulle-part/a/b/")),
        ("405", request(server.port, &post).unwrap()),
        ("403", server.try_get("/", "evil.example").unwrap()),
        ("400", server.get("/%2e%2e/site.toml")),
        ("301", server.get("/ateliers")),
        ("200", server.get("/")),
    ]
}

#[test]
fn an_english_site_is_answered_in_english() {
    let site = Fixture::new(SITE);
    site.write(
        "site.toml",
        "title = \"Serve test\"\nlanguage = \"en\"\n[taxonomies.themes]\ntitle = \"Topics\"\n",
    );
    let server = Server::start(site);
    for (what, reply) in server_texts(&server) {
        let want = match what {
            "404" => "Page not found",
            "405" => "Action not possible: the carnet serve preview only shows",
            "403" => "Address refused: for safety",
            "400" => "Address refused: it holds",
            "301" => "This page is at /ateliers/",
            _ => "the site could not be rebuilt.",
        };
        assert!(reply.body.contains(want), "{what}: {}", reply.body);
        for french in [
            "introuvable",
            "refusée",
            "Méthode",
            "Déplacé",
            "reconstruit",
        ] {
            assert!(!reply.body.contains(french), "{what}: {}", reply.body);
        }
    }
    assert!(server
        .get("/nulle-part/")
        .body
        .contains("<html lang=\"en\">"));
}

#[test]
fn a_french_site_is_answered_in_french() {
    let server = Server::start(Fixture::new(SITE));
    for (what, reply) in server_texts(&server) {
        let want = match what {
            "404" => "Page introuvable",
            "405" => "Action impossible : l'aperçu de carnet serve ne fait qu'afficher",
            "403" => "Adresse refusée : par sécurité",
            "400" => "Adresse refusée : elle contient",
            "301" => "Cette page est à l'adresse /ateliers/",
            _ => "le site n'a pas pu être reconstruit.",
        };
        assert!(reply.body.contains(want), "{what}: {}", reply.body);
        for english in ["not found", "refused", "not possible", "could not"] {
            assert!(!reply.body.contains(english), "{what}: {}", reply.body);
        }
    }
}

#[test]
fn the_answers_follow_a_language_change_in_site_toml() {
    let server = Server::start(Fixture::new(SITE));
    let events = server.events();
    let post = format!(
        "POST / HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 0\r\n",
        server.port
    );
    assert!(request(server.port, &post)
        .unwrap()
        .body
        .starts_with("Action impossible"));
    server.site.write(
        "site.toml",
        "title = \"Essai serve\"\nlanguage = \"en-GB\"\n[taxonomies.themes]\ntitle = \"Topics\"\n",
    );
    until_reload(&events);
    assert!(request(server.port, &post)
        .unwrap()
        .body
        .starts_with("Action not possible"));
    // A site.toml that no longer parses still tells its language.
    server
        .site
        .write("site.toml", "title = \"Essai\nlanguage = \"fr\"\n");
    assert_eq!(next_event(&events).0, "failed");
    let page = server.get("/ateliers/excision/");
    assert!(
        page.body.contains("le site n'a pas pu être reconstruit"),
        "{}",
        page.body
    );
}

/// The 404 page links from base_url's path (/guide/assets/carnet.css) so
/// that it works at any depth; serve answers those addresses too.
#[test]
fn the_404_page_works_at_any_depth_with_a_base_url() {
    let site = Fixture::new(SITE);
    site.write(
        "site.toml",
        "title = \"Essai\"\nbase_url = \"https://x.example/guide/\"\n[taxonomies.themes]\ntitle = \"T\"\n",
    );
    let server = Server::start(site);
    let missing = server.get("/ateliers/nulle-part/a/b/");
    assert_eq!(missing.status, 404);
    let body = missing.body.replace("&#x2F;", "/");
    assert!(body.contains("href=\"/guide/assets/carnet.css\""), "{body}");
    let css = server.get("/guide/assets/carnet.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(css.body, server.get("/assets/carnet.css").body);
    let home = server.get("/guide/index.html");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Essai"));
    assert_eq!(
        server.get("/guide/ateliers").header("Location").as_deref(),
        Some("/guide/ateliers/")
    );
    assert_eq!(server.get("/guide/nulle-part/").status, 404);
}
