//! Live reload: the browser side (a small script and the error overlay,
//! injected into HTML responses by the server only — `carnet build` output
//! never contains them) and the server side (Server-Sent Events, since
//! tiny_http has no websocket frames).
//!
//! Every published build has a number. The script knows the number of the
//! page it came with and sends it when it connects; if a build finished in
//! between, the server tells it to reload at once, so no change is missed.

use super::texts;
use crate::i18n::Lang;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

/// Where the script listens. Under a reserved prefix no site path can take
/// (carnet never writes names starting with `__`).
pub const EVENTS_PATH: &str = "/__carnet/events";

/// Id of the overlay element, shared by the server-side HTML and the script.
const OVERLAY_ID: &str = "__carnet-overlay";

/// One message to the browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Build `n` is published: reload.
    Reload(u64),
    /// The sources have an error (text with file and line): show it.
    Failed(String),
}

impl Event {
    /// The event in the `text/event-stream` format.
    pub fn to_sse(&self) -> String {
        match self {
            Event::Reload(n) => format!("event: reload\ndata: {n}\n\n"),
            // A JSON string is one line: newlines in the message are escaped.
            Event::Failed(text) => format!(
                "event: failed\ndata: {}\n\n",
                serde_json::Value::String(text.clone())
            ),
        }
    }
}

/// The browsers listening for reloads.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Event>>>,
}

impl Hub {
    /// A new listener.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = channel();
        self.lock().push(tx);
        rx
    }

    /// Sends `event` to every listener, forgetting those that left.
    pub fn broadcast(&self, event: &Event) {
        self.lock().retain(|c| c.send(event.clone()).is_ok());
    }

    /// How many browsers are listening.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<Event>>> {
        // A panic elsewhere cannot leave a Vec of senders inconsistent.
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub use crate::markdown::escape_html;

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;\
z-index:2147483647;margin:0;padding:1em 1.25em;background:#fff4f4;color:#5c0000;\
border-top:4px solid #b00020;font:14px/1.45 monospace;white-space:pre-wrap;\
box-shadow:0 -2px 12px rgba(0,0,0,.25)";

/// The message's own element: the overlay's last child, which the script
/// fills with newer messages.
const MESSAGE_STYLE: &str = "margin:1em 0 0;font:inherit;white-space:pre-wrap";

/// The HTML of the overlay showing `message`, its heading in `lang`.
pub fn overlay_html(message: &str, lang: Lang) -> String {
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>{}</strong>\n{}<pre style=\"{MESSAGE_STYLE}\">{}</pre></div>",
        escape_html(texts::overlay_heading().get(lang)),
        escape_html(texts::overlay_hint().get(lang)),
        escape_html(message)
    )
}

/// The script that reloads the page and shows errors pushed by the server,
/// with the overlay's heading in `lang`. It writes every text with
/// `textContent`, never as HTML.
pub fn script(build: u64, lang: Lang) -> String {
    // JSON strings are valid JavaScript; `<` is escaped so no text can
    // close the <script> element.
    let js = |t: crate::i18n::Text| {
        serde_json::Value::String(t.get(lang).to_string())
            .to_string()
            .replace('<', "\\u003c")
    };
    let (heading, hint) = (js(texts::overlay_heading()), js(texts::overlay_hint()));
    format!(
        r#"<script>(function(){{
var es=new EventSource("{EVENTS_PATH}?build={build}");
es.addEventListener("reload",function(){{es.close();location.reload();}});
es.addEventListener("failed",function(e){{
var o=document.getElementById("{OVERLAY_ID}");
if(!o){{o=document.createElement("div");o.id="{OVERLAY_ID}";o.setAttribute("role","alert");o.setAttribute("style","{OVERLAY_STYLE}");
var t=document.createElement("strong");t.textContent={heading};o.appendChild(t);
o.appendChild(document.createTextNode("\n"+{hint}));
var m=document.createElement("pre");m.setAttribute("style","{MESSAGE_STYLE}");o.appendChild(m);document.body.appendChild(o);}}
o.lastChild.textContent=JSON.parse(e.data);}});
}})();</script>"#
    )
}

/// Adds the reload script, and the overlay when the sources have an error,
/// just before the last `</body>` (or at the end). `lang` is the site's.
pub fn inject(html: &[u8], build: u64, error: Option<&str>, lang: Lang) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(message) = error {
        extra.push_str(&overlay_html(message, lang));
    }
    extra.push_str(&script(build, lang));
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body>x</BODY></html>", 3, None, Lang::Fr);
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("<html><body>x<script>"));
        assert!(out.ends_with("</script></BODY></html>"));
        assert!(out.contains("?build=3"));
    }

    #[test]
    fn injects_at_the_end_without_body() {
        let out = String::from_utf8(inject(b"<p>x", 1, None, Lang::Fr)).unwrap();
        assert!(out.starts_with("<p>x<script>"));
    }

    #[test]
    fn overlay_escapes_the_message() {
        let out = String::from_utf8(inject(
            b"<body></body>",
            1,
            Some("<img src=x onerror=alert(1)> --> content/a.md:3:1"),
            Lang::Fr,
        ))
        .unwrap();
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt; --&gt; content/a.md:3:1"));
        assert!(!out.contains("<img"));
    }

    #[test]
    fn overlay_and_script_follow_the_site_language() {
        let en = String::from_utf8(inject(b"<body></body>", 1, Some("oops"), Lang::En)).unwrap();
        assert!(en.contains("<strong>carnet serve: the site could not be rebuilt.</strong>"));
        assert!(en.contains("t.textContent=\"carnet serve: the site could not be rebuilt.\""));
        assert!(en.contains("Fix the problem below and save"));
        assert!(!en.contains("reconstruit") && !en.contains("Corrigez"));
        let fr = String::from_utf8(inject(b"<body></body>", 1, Some("oups"), Lang::Fr)).unwrap();
        assert!(
            fr.contains("t.textContent=\"carnet serve : le site n'a pas pu être reconstruit.\"")
        );
        assert!(fr.contains("Corrigez le problème ci-dessous"));
        assert!(!fr.contains("could not") && !fr.contains("Fix the"));
        // The texts are JSON strings in the script: nothing in them can end it.
        assert_eq!(fr.matches("</script>").count(), 1);
    }

    #[test]
    fn events_are_one_line_of_data() {
        let e = Event::Failed("ligne 1\nligne 2 « é »".into()).to_sse();
        assert_eq!(e.lines().count(), 3);
        assert!(e.starts_with("event: failed\ndata: \"ligne 1\\nligne 2"));
        assert_eq!(Event::Reload(7).to_sse(), "event: reload\ndata: 7\n\n");
    }

    #[test]
    fn hub_forgets_clients_that_left() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.broadcast(&Event::Reload(1));
        assert_eq!(hub.len(), 1);
        assert_eq!(a.recv().unwrap(), Event::Reload(1));
    }
}
