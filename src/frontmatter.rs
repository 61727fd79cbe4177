//! Splitting a Markdown file into its TOML front matter (between `+++`
//! lines) and its body, and decoding the bytes authors actually save:
//! BOMs, Windows line endings, the odd invalid byte.

pub mod simple;

use crate::error::{line_col, Diagnostic, Error, Location, Result};
use crate::text;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Bytes → text with LF line endings and no BOM. Invalid UTF-8 is an error
/// that points at the line of the first bad byte.
pub fn decode_text(bytes: &[u8], path: &Path) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // simdutf8 checks 16 to 32 bytes at a time, where std's check was 1% of
    // a build (French text leaves its ASCII fast path at every accent)
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let (line, col) = line_col(valid, valid.len());
            return Err(Error::one(
                Diagnostic::error(
                    Location::at(path, line, col),
                    text!(
                        "ce fichier n'est pas du texte UTF-8",
                        "this file is not UTF-8 text"
                    ),
                )
                .with_help(text!(
                    "enregistrez-le en UTF-8 depuis votre éditeur (« Enregistrer sous » → \
                     codage UTF-8) ; s'il ne s'agit pas d'un texte, retirez-lui l'extension .md",
                    "save it as UTF-8 from your editor (\"Save as\" → encoding UTF-8); \
                     if it is not a text, remove its .md extension"
                )),
            ));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

/// A source file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub front: &'a str,
    /// Line number (1-based) of the first line of `front`.
    pub front_line: usize,
    pub body: &'a str,
    /// Line number (1-based) of the first line of `body`.
    pub body_line: usize,
}

/// Finds the front matter. `text` must already be decoded (LF only).
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    let err = |message, help| {
        Err(Error::one(
            Diagnostic::error(Location::at(path, 1, 1), message).with_help(help),
        ))
    };
    if text.trim().is_empty() {
        return err(
            text!("ce fichier est vide", "this file is empty"),
            text!(
                "ajoutez un en-tête entre deux lignes +++ avec au moins un titre : title = \"…\"",
                "add a front matter between two +++ lines with at least a title: title = \"…\""
            ),
        );
    }
    let first = text.lines().next().unwrap_or("").trim_end();
    if first == "---" {
        return err(
            text!(
                "cet en-tête est écrit en YAML (entre lignes ---), carnet attend du TOML entre lignes +++",
                "this front matter is written in YAML (between --- lines), carnet expects TOML between +++ lines"
            ),
            text!(
                "remplacez les lignes --- par +++ et écrivez les valeurs comme title = \"…\"",
                "replace the --- lines with +++ and write the values as title = \"…\""
            ),
        );
    }
    if first != "+++" {
        return err(
            text!(
                "le fichier ne commence pas par un en-tête (une ligne +++)",
                "the file does not start with a front matter (a +++ line)"
            ),
            text!(
                "la première ligne doit être +++, suivie des informations de la page (title = \"…\"), \
                 puis une autre ligne +++ avant le texte",
                "the first line must be +++, followed by the page's information (title = \"…\"), \
                 then another +++ line before the text"
            ),
        );
    }
    let front_start = first.len() + 1;
    let mut offset = front_start;
    for line in text[front_start.min(text.len())..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            let front = &text[front_start..offset];
            return Ok(Split {
                front,
                front_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: 2 + front.matches('\n').count() + 1,
            });
        }
        offset += line.len();
    }
    err(
        text!(
            "l'en-tête ouvert par +++ à la ligne 1 n'est jamais fermé",
            "the front matter opened by +++ on line 1 is never closed"
        ),
        text!(
            "ajoutez une ligne +++ après la dernière information de l'en-tête, avant le texte",
            "add a +++ line after the last line of the front matter, before the text"
        ),
    )
}

/// A type front matter is read into.
pub trait Front: DeserializeOwned {
    /// What `doc` (of `simple`'s subset) holds, or `None` to leave it to
    /// the `toml` crate, which reports the errors. By default through a
    /// `toml::Table`; a type read thousands of times builds itself.
    fn from_simple(doc: simple::Doc<'_>) -> Option<Self> {
        toml::Value::Table(doc.into_table()).try_into().ok()
    }
}

/// Deserializes front matter, reporting errors at their line in the whole
/// file (not in the front matter alone).
pub fn parse<T: Front>(split: &Split<'_>, path: &Path) -> Result<T> {
    // the common case, read quickly; anything else, and any error, is the
    // `toml` crate's to read and report
    if let Some(front) = simple::parse(split.front).and_then(T::from_simple) {
        return Ok(front);
    }
    toml::from_str(split.front).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((0, 0), |span| line_col(split.front, span.start));
        let line = if line == 0 {
            1
        } else {
            line + split.front_line - 1
        };
        Error::one(crate::toml_errors::diagnostic(
            &e,
            Location::at(path, line, col),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\ntitle = \"x\"\n+++\n\nCorps\n", p()).unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.body, "\nCorps\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = decode_text(b"\xEF\xBB\xBF+++\r\ntitle = \"x\"\r\n+++\r\nCorps", p()).unwrap();
        let s = split(&text, p()).unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.body, "Corps");
    }

    #[test]
    fn missing_close_is_reported_on_line_one() {
        let e = split("+++\ntitle = \"x\"\n\nCorps\n", p())
            .unwrap_err()
            .to_string();
        assert!(e.contains("jamais fermé") && e.contains("a.md:1:1"), "{e}");
    }

    #[test]
    fn invalid_utf8_points_at_line() {
        let e = decode_text(b"+++\ntitle = \"x\"\n+++\n\xff", p())
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.md:4:1"), "{e}");
    }

    #[test]
    fn toml_error_line_counts_from_top_of_file() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct F {
            title: String,
        }
        impl Front for F {}
        let text = "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\n";
        let s = split(text, p()).unwrap();
        let e = parse::<F>(&s, p()).unwrap_err().to_string();
        assert!(e.contains("a.md:3:1"), "{e}");
    }
}
