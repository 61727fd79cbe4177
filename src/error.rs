//! Errors and diagnostics: every problem carries the file and line it comes
//! from, and one renderer turns it into the text an author reads.
//!
//! Authors are nurses, midwives and social workers: a message says which file
//! and line is wrong and what to do, in plain words (French or English, see
//! `i18n`), never a Rust type name.

use crate::i18n::{Lang, Text};
use crate::text;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a source file a problem is. `line` and `col` count from 1;
/// 0 means "unknown".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            col: 0,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line,
            col,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        Ok(())
    }
}

/// Paths are shown with `/` on every platform so messages (and their
/// snapshots) read the same on Windows.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the sources, with its location and, where we know
/// it, what the author should do — in both languages, so whoever prints it
/// picks the site's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: Text,
    pub help: Option<Text>,
    /// A stable name for the kind of problem (`unknown-term`), for tools
    /// reading `carnet check --format json`.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(location: Location, message: Text) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message,
            help: None,
            code: None,
        }
    }

    pub fn warning(location: Location, message: Text) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message,
            help: None,
            code: None,
        }
    }

    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic on three lines at most, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let label = match self.severity {
            Severity::Error => text!("erreur", "error"),
            Severity::Warning => text!("attention", "warning"),
        };
        let mut out = format!(
            "{}: {}\n  --> {}",
            label.get(lang),
            self.message.get(lang),
            self.location
        );
        if let Some(help) = &self.help {
            let label = lang.pick("aide :", "help:");
            out.push_str(&format!("\n  = {label} {}", help.get(lang)));
        }
        out
    }
}

/// French, the default language; reports use `render` with the site's.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

/// What carnet was doing with a file when the system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    CreateDir,
    Write,
    OpenDir,
}

impl Action {
    fn text(self) -> Text {
        match self {
            Action::Read => text!("lire", "read"),
            Action::Create => text!("créer", "create"),
            Action::CreateDir => text!("créer le dossier", "create the folder"),
            Action::Write => text!("écrire", "write"),
            Action::OpenDir => text!("ouvrir le dossier", "open the folder"),
        }
    }
}

/// Why a build did not produce a site. Content problems come as a list so an
/// author sees all of them at once, not one per build.
#[derive(Debug)]
pub enum Error {
    Content(Vec<Diagnostic>),
    Io {
        action: Action,
        path: PathBuf,
        source: std::io::Error,
    },
    Other(Text),
}

impl Error {
    pub fn io(action: Action, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub fn one(diagnostic: Diagnostic) -> Self {
        Error::Content(vec![diagnostic])
    }

    /// Any error as diagnostics, so every failure is reported the same way.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            Error::Content(d) => d,
            Error::Io {
                action,
                ref path,
                ref source,
            } => vec![Diagnostic::error(
                Location::file(path.clone()),
                io_message(action, path, source),
            )],
            Error::Other(message) => vec![Diagnostic::error(Location::file(""), message)],
        }
    }

    /// The error as a report in `lang`; a list of problems ends with what
    /// it means for the build.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Content(diagnostics) => render_all(diagnostics, lang),
            Error::Io {
                action,
                path,
                source,
            } => io_message(*action, path, source).get(lang).to_string(),
            Error::Other(message) => message.get(lang).to_string(),
        }
    }
}

/// « impossible de lire « x » : … ». The system's own words (`source`) stay
/// as the system gives them.
fn io_message(action: Action, path: &Path, source: &std::io::Error) -> Text {
    let shown = display_path(path);
    action.text().map(|lang, action| match lang {
        Lang::Fr => format!("impossible de {action} « {shown} » : {source}"),
        Lang::En => format!("could not {action} \"{shown}\": {source}"),
    })
}

/// French, the default language; reports use `render` with the site's.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn render_all(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(lang));
        out.push_str("\n\n");
    }
    out.push_str(&refused(lang, diagnostics));
    out
}

/// The last line of a refused build.
pub fn refused(lang: Lang, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count().max(1);
    match (lang, errors) {
        (Lang::Fr, 1) => {
            "1 erreur : le site n'a pas été construit, la version précédente est intacte.".into()
        }
        (Lang::Fr, n) => {
            format!(
                "{n} erreurs : le site n'a pas été construit, la version précédente est intacte."
            )
        }
        (Lang::En, 1) => "1 error: the site was not built; the previous version is intact.".into(),
        (Lang::En, n) => {
            format!("{n} errors: the site was not built; the previous version is intact.")
        }
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column), columns
/// counted in characters so a caret lines up under accented text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "é\nàbc";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
    }

    #[test]
    fn location_display_uses_forward_slashes() {
        let loc = Location::at("content\\ateliers\\a.md", 3, 7);
        assert_eq!(loc.to_string(), "content/ateliers/a.md:3:7");
    }
}
