//! `carnet serve`: build the site into memory, serve it over HTTP, watch the
//! sources, rebuild on every change and tell the browser to reload.
//!
//! Serve is "build + watch + a callback that says reload" (mdBook's shape),
//! not a mode threaded through the core: it calls the same `build::load`
//! and `build::write_pages` as `carnet build`, plus one proven shortcut for
//! body edits (`incremental`). Nothing is written to disk.
//!
//! Threads: one accepts requests and starts a thread per request (`http`);
//! one runs the watcher (`watch`); the loop below debounces events and
//! rebuilds (`engine`); one builds the search index, which is slow, after
//! the reload. A failed rebuild keeps the last good site and shows the
//! error over every page until it is fixed; the server never exits for an
//! author's mistake.

pub mod engine;
pub mod http;
mod incremental;
pub mod paths;
pub mod reload;
pub mod texts;
pub mod watch;

use crate::error::{display_path, Action, Error, Result};
use crate::i18n::{site_lang, Lang, Text};
use crate::text;
use engine::{Engine, IndexJob, Outcome};
use http::{Shared, Snapshot};
use reload::Event;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};
use watch::{Debounce, Message};

/// What `carnet serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port (printed at start).
    pub port: u16,
    pub drafts: bool,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the files instead of waiting for the system's file events.
    pub poll: bool,
    /// How long the sources must stay quiet before a rebuild.
    pub debounce: Duration,
}

/// Runs the server until the process is stopped. Fails only on what the
/// author cannot fix by editing the site (no such folder, port taken).
pub fn serve(options: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(&options.root)
        .map_err(|e| Error::io(Action::OpenDir, &options.root, e))?;
    let (bind, port) = (options.bind, options.port);
    let server = tiny_http::Server::http((bind, port)).map_err(|e| {
        Error::Other(text!(
            "impossible d'écouter sur {bind}:{port} : {e} (le port est peut-être déjà pris : essayez --port {next})",
            "could not listen on {bind}:{port}: {e} (the port may be taken already: try --port {next})",
            next = port.wrapping_add(1)
        ))
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    // Read again at every rebuild: site.toml may change it.
    let lang = site_lang(&root);
    let url = announce(options.bind, port, lang);
    let shared = Arc::new(Shared::new(options.bind, port, lang));
    let http_shared = shared.clone();
    std::thread::Builder::new()
        .name("carnet-accept".into())
        .spawn(move || http::run(server, http_shared))
        .map_err(|e| {
            Error::Other(text!(
                "impossible de démarrer le serveur : {e}",
                "could not start the server: {e}"
            ))
        })?;

    let (tx, rx) = channel();
    let mut watcher = watch::start(&root, options.poll, tx.clone()).map_err(|e| {
        Error::Other(text!(
            "impossible de surveiller « {shown} » : {e} (essayez --poll)",
            "could not watch \"{shown}\": {e} (try --poll)",
            shown = display_path(&root)
        ))
    })?;
    let mut rebuilder = Rebuilder {
        engine: Engine::new(&root, options.drafts),
        root: options.root.clone(),
        shared,
        build: 0,
        index: start_indexer(tx, lang),
        index_due: None,
        lang,
    };
    rebuilder.rebuild(None, None);
    if options.open {
        open_browser(&url, lang);
    }
    let debounce = Debounce {
        closed_quiet: Duration::from_millis(3).min(options.debounce),
        quiet: options.debounce,
        burst_quiet: Duration::from_millis(150).max(options.debounce),
        max: Duration::from_secs(3),
    };
    watch_loop(&rx, &root, debounce, &mut rebuilder, watcher.as_mut());
    Ok(())
}

/// Prints where the site is served, and warns when that is not only this
/// computer. Returns the URL.
fn announce(bind: IpAddr, port: u16, lang: Lang) -> String {
    let host = if bind.is_loopback() {
        "localhost".to_string()
    } else if bind.is_ipv6() {
        format!("[{bind}]")
    } else {
        bind.to_string()
    };
    let url = format!("http://{host}:{port}/");
    let served = text!(
        "carnet serve : le site est servi sur {url} (adresse {bind}, port {port})",
        "carnet serve: the site is served at {url} (address {bind}, port {port})"
    );
    println!("{}", served.get(lang));
    if bind.is_loopback() {
        println!(
            "{}",
            lang.pick(
                "Accessible depuis cet ordinateur seulement. Ctrl+C pour arrêter.",
                "Reachable from this computer only. Ctrl+C to stop."
            )
        );
    } else {
        let exposed = text!(
            "Attention : en écoutant sur {bind}, le site (brouillons compris avec --drafts) est visible \
             par les autres machines du réseau. Pour le garder pour vous : --bind 127.0.0.1",
            "Warning: listening on {bind}, the site (drafts included with --drafts) can be seen \
             by the other machines of the network. To keep it to yourself: --bind 127.0.0.1"
        );
        eprintln!("{}", exposed.get(lang));
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    url
}

fn watch_loop(
    rx: &Receiver<Message>,
    root: &Path,
    debounce: Debounce,
    rebuilder: &mut Rebuilder,
    watcher: &mut dyn notify::Watcher,
) {
    while let Some(batch) = watch::next_batch(rx, root, debounce, rebuilder.index_due) {
        for (generation, files) in batch.indexes {
            rebuilder.index_ready(generation, files);
        }
        if batch.changed.is_empty() {
            rebuilder.start_index_if_due();
            continue;
        }
        // A source folder created (or replaced) since the start: watch it
        // before rebuilding, so nothing written into it is missed.
        if batch
            .changed
            .iter()
            .any(|c| watch::SOURCE_DIRS.contains(&c.as_str()))
        {
            watch::watch_sources(watcher, root);
        }
        rebuilder.rebuild(Some(&batch.changed), batch.first);
    }
}

/// The rebuild loop's state: the engine and what was last published.
struct Rebuilder {
    engine: Engine,
    root: PathBuf,
    shared: Arc<Shared>,
    /// Number of the last published build.
    build: u64,
    index: Sender<IndexJob>,
    /// When to start building the search index of the current site.
    index_due: Option<Instant>,
    /// The site's language at the last rebuild.
    lang: Lang,
}

/// How long the sources must stay unchanged before the search index is
/// rebuilt: on two cores, an author saving every few seconds should not
/// pay for an index (seconds of work on 10,000 pages) at every save.
const INDEX_DELAY: Duration = Duration::from_secs(1);

impl Rebuilder {
    /// Rebuilds (everything when `changed` is `None`); `first` is when the
    /// first event of the change arrived, for the report.
    fn rebuild(&mut self, changed: Option<&BTreeSet<String>>, first: Option<Instant>) {
        let start = Instant::now();
        let outcome = match changed {
            None => self.engine.full(),
            Some(changed) => self.engine.apply(changed),
        };
        let elapsed = start.elapsed();
        // Read again at each rebuild: site.toml may just have changed it.
        let lang = site_lang(&self.root);
        self.lang = lang;
        match outcome {
            Outcome::Unchanged => {}
            Outcome::Rebuilt { full, html } => {
                self.build += 1;
                self.publish(None);
                self.shared.hub.broadcast(&Event::Reload(self.build));
                let waited = first.map(|f| f.elapsed());
                report(changed, full, html, elapsed, waited, lang);
                let delay = if changed.is_some() {
                    INDEX_DELAY
                } else {
                    Duration::ZERO
                };
                self.index_due = Some(Instant::now() + delay);
                self.start_index_if_due();
            }
            Outcome::Failed(e) => {
                let message = explain(e, &self.root, lang);
                eprintln!("{message}\n");
                self.publish(Some(message.clone()));
                self.shared.hub.broadcast(&Event::Failed(message));
            }
        }
    }

    fn start_index_if_due(&mut self) {
        if self.index_due.is_some_and(|due| due <= Instant::now()) {
            self.index_due = None;
            if let Some(job) = self.engine.take_index_job() {
                let _ = self.index.send(job);
            }
        }
    }

    fn index_ready(&mut self, generation: u64, files: Vec<crate::search::IndexFile>) {
        if self.engine.set_index(generation, files) {
            let error = self.shared.current().error.clone();
            self.publish(error);
        }
    }

    fn publish(&self, error: Option<String>) {
        self.shared.publish(Snapshot {
            files: self.engine.files().clone(),
            build: self.build,
            error,
            lang: self.lang,
            base_path: self.engine.base_path().map(str::to_string),
        });
    }
}

/// The text of a failed build, exactly as `carnet build` prints it.
fn explain(error: Error, root: &Path, lang: Lang) -> String {
    use crate::check::report;
    let mut problems = error.into_diagnostics();
    report::sort(&mut problems);
    let mut text = report::human(&problems, root, lang);
    text.push_str(&crate::error::refused(lang, &problems));
    text.trim_end().to_string()
}

/// One line per rebuild: what changed and how long it took.
fn report(
    changed: Option<&BTreeSet<String>>,
    full: bool,
    html: usize,
    elapsed: Duration,
    since_event: Option<Duration>,
    lang: Lang,
) {
    let ms = elapsed.as_millis();
    let since = since_event.map_or(Text::default(), |d| {
        text!(
            " ({ms} ms après le premier événement)",
            " ({ms} ms after the first event)",
            ms = d.as_millis()
        )
    });
    let what = match changed {
        None => text!("site construit", "site built"),
        Some(c) => {
            let mut names: Vec<&str> = c.iter().map(String::as_str).take(3).collect();
            if c.len() > 3 {
                names.push("…");
            }
            text!(
                "{names} modifié(s)",
                "{names} changed",
                names = names.join(", ")
            )
        }
    };
    let how = if full {
        text!(
            "reconstruction complète, {html} pages HTML",
            "full rebuild, {html} HTML pages"
        )
    } else {
        text!(
            "{html} page(s) HTML refaite(s)",
            "{html} HTML page(s) redone"
        )
    };
    let (what, how, since) = (what.get(lang), how.get(lang), since.get(lang));
    match lang {
        Lang::Fr => println!("{what} : {how} en {ms} ms{since}"),
        Lang::En => println!("{what}: {how} in {ms} ms{since}"),
    }
}

/// Builds search indexes on their own thread, newest job first: a job
/// overtaken by a newer change is skipped. The index uses rayon; it gets a
/// pool of one thread, so the next save and the requests always find a
/// free core (the index of 10,000 pages takes seconds).
fn start_indexer(tx: Sender<Message>, lang: Lang) -> Sender<IndexJob> {
    let (jobs_tx, jobs_rx) = channel::<IndexJob>();
    let spawned = std::thread::Builder::new()
        .name("carnet-index".into())
        .spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "carnet-index-pool".into())
                .build()
                .ok();
            while let Ok(mut job) = jobs_rx.recv() {
                while let Ok(newer) = jobs_rx.try_recv() {
                    job = newer;
                }
                let files = match &pool {
                    Some(pool) => pool.install(|| job.run()),
                    None => job.run(),
                };
                if tx.send(Message::Index(job.generation, files)).is_err() {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        let why = text!(
            "carnet serve : pas d'index de recherche ({e})",
            "carnet serve: no search index ({e})"
        );
        eprintln!("{}", why.get(lang));
    }
    jobs_tx
}

/// Opens `url` in the default browser; failing to is not an error.
fn open_browser(url: &str, lang: Lang) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if command.arg(url).spawn().is_err() {
        let open = text!(
            "Ouvrez {url} dans votre navigateur.",
            "Open {url} in your browser."
        );
        eprintln!("{}", open.get(lang));
    }
}
