//! Errors and diagnostics: every problem carries the file and line it comes
//! from, and one renderer turns it into the text an author reads.
//!
//! Authors are nurses, midwives and social workers: a message says which file
//! and line is wrong and what to do, in plain French, never a Rust type name.

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
/// it, what the author should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
    /// A stable name for the kind of problem (`unknown-term`), for tools
    /// reading `carnet check --format json`.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "erreur",
            Severity::Warning => "attention",
        };
        write!(f, "{label}: {}\n  --> {}", self.message, self.location)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = aide : {help}")?;
        }
        Ok(())
    }
}

/// Why a build did not produce a site. Content problems come as a list so an
/// author sees all of them at once, not one per build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", render_all(.0))]
    Content(Vec<Diagnostic>),
    #[error("impossible de {action} « {} » : {source}", display_path(.path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub fn one(diagnostic: Diagnostic) -> Self {
        Error::Content(vec![diagnostic])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&match errors {
        0 | 1 => "1 erreur : le site n'a pas été construit, la version précédente est intacte."
            .to_string(),
        n => format!(
            "{n} erreurs : le site n'a pas été construit, la version précédente est intacte."
        ),
    });
    out
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
