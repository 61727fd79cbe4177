//! What a request may ask for: the checks on the URL path and the Host
//! header, and the content type of a file. Pure functions, tested here.
//!
//! The server only ever looks files up in the in-memory site, so nothing
//! outside it can leak; refusing `..`, backslashes and the like anyway
//! keeps the answers predictable and the logs honest.

use std::net::IpAddr;

/// Why a request path is refused (answered 400).
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    NotAbsolute,
    Traversal,
    Backslash,
    BadEncoding,
}

/// The file a URL asks for, relative to the site root, `/`-separated:
/// `/ateliers/excision/` → `ateliers/excision/index.html`. The query and
/// fragment are dropped; percent-escapes are decoded.
pub fn file_for(url: &str) -> Result<String, Refused> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refused::NotAbsolute);
    };
    if rest.contains('\\') || rest.to_ascii_lowercase().contains("%5c") {
        return Err(Refused::Backslash);
    }
    let decoded = percent_decode(rest).ok_or(Refused::BadEncoding)?;
    if decoded.contains('\\') {
        return Err(Refused::Backslash);
    }
    if decoded.contains('\0') {
        return Err(Refused::BadEncoding);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        // `//etc/passwd`, `a//b`, `C:`: an absolute path in disguise.
        let empty_inside = segment.is_empty() && i != last;
        if *segment == ".." || *segment == "." || empty_inside || segment.contains(':') {
            return Err(Refused::Traversal);
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Ok(format!("{decoded}index.html"))
    } else {
        Ok(decoded)
    }
}

/// `file` (as `file_for` gives it) read as an address under the site's
/// base path: `guide/assets/carnet.css` under `/guide/` is
/// `assets/carnet.css`. `None` when it is not under it, or when the base
/// is the server's root (nothing to take off).
pub fn under_base<'a>(file: &'a str, base_path: &str) -> Option<&'a str> {
    let base = base_path.trim_start_matches('/');
    if base.is_empty() {
        return None;
    }
    // base_url may be written with escapes (`/p%C3%B4le/`) or without.
    let base = percent_decode(base).unwrap_or_else(|| base.to_string());
    let base = if base.ends_with('/') {
        base
    } else {
        base + "/"
    };
    file.strip_prefix(&base)
}

/// Decodes `%XX` escapes; `None` for a broken escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a request with this `Host` header may be answered. While the
/// server listens on loopback, only names that mean this machine are
/// accepted: a web page whose own name resolves to 127.0.0.1 (DNS
/// rebinding) must not read the site. On another address the server was
/// opened to the network on purpose.
pub fn host_allowed(host: Option<&str>, bound: IpAddr) -> bool {
    if !bound.is_loopback() {
        return true;
    }
    // Browsers always send Host; tools speaking HTTP/1.0 may not.
    let Some(host) = host else {
        return true;
    };
    let name = strip_port(host.trim()).to_ascii_lowercase();
    name == "localhost"
        || name == "127.0.0.1"
        || name == "[::1]"
        || name == bound.to_string()
        || name == format!("[{bound}]")
}

/// `localhost:1111` → `localhost`; `[::1]:1111` → `[::1]`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The `Content-Type` of a file, by extension, with a charset for text.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "zip" => "application/zip",
        "odt" => "application/vnd.oasis.opendocument.text",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths() {
        let ok = [
            ("/", "index.html"),
            ("/ateliers/", "ateliers/index.html"),
            (
                "/ateliers/excision/index.html?x=1#top",
                "ateliers/excision/index.html",
            ),
            ("/docs/mon%20fichier.pdf", "docs/mon fichier.pdf"),
            ("/%C3%A9t%C3%A9/", "été/index.html"),
            ("/assets/carnet.css", "assets/carnet.css"),
        ];
        for (url, file) in ok {
            assert_eq!(file_for(url).as_deref(), Ok(file), "{url}");
        }
        let refused = [
            ("/../etc/passwd", Refused::Traversal),
            ("/ateliers/../../x", Refused::Traversal),
            ("/%2e%2e/%2e%2e/etc/passwd", Refused::Traversal),
            ("/%2E%2E/x", Refused::Traversal),
            ("/./index.html", Refused::Traversal),
            ("//etc/passwd", Refused::Traversal),
            ("/C:/Windows/win.ini", Refused::Traversal),
            ("/..%5c..%5cwin.ini", Refused::Backslash),
            ("/a\\b", Refused::Backslash),
            ("etc/passwd", Refused::NotAbsolute),
            ("http://evil/x", Refused::NotAbsolute),
            ("/%zz", Refused::BadEncoding),
            ("/%ff", Refused::BadEncoding),
            ("/a%00b", Refused::BadEncoding),
        ];
        for (url, why) in refused {
            assert_eq!(file_for(url), Err(why), "{url}");
        }
    }

    #[test]
    fn addresses_under_the_base_path() {
        for (file, base, want) in [
            (
                "guide/assets/carnet.css",
                "/guide/",
                Some("assets/carnet.css"),
            ),
            ("guide/index.html", "/guide/", Some("index.html")),
            ("guide/ateliers", "/guide/", Some("ateliers")),
            ("a/b/x.css", "/a/b/", Some("x.css")),
            ("pôle/index.html", "/p%C3%B4le/", Some("index.html")),
            ("assets/carnet.css", "/guide/", None),
            ("guidex/a", "/guide/", None),
            ("assets/carnet.css", "/", None),
        ] {
            assert_eq!(under_base(file, base), want, "{file} under {base}");
        }
    }

    #[test]
    fn hosts_on_loopback() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        for host in [
            "localhost:1111",
            "127.0.0.1:1111",
            "LOCALHOST",
            "[::1]:1111",
        ] {
            assert!(host_allowed(Some(host), lo), "{host}");
        }
        for host in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil",
        ] {
            assert!(!host_allowed(Some(host), lo), "{host}");
        }
        assert!(host_allowed(None, lo));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed(Some("evil.example"), any));
    }

    #[test]
    fn content_types_have_a_charset_for_text() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("f.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
