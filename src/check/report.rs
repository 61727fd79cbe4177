//! Turning diagnostics into what an author reads — grouped by file, each
//! with its line of source and a caret under the column — or into JSON for
//! tools. The only place the checks' output is shaped.

use super::messages::{words, Lang};
use crate::error::{display_path, Diagnostic, Severity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Widest source line shown; longer lines are cut around the column.
const MAX_SHOWN: usize = 100;

/// Errors first within a position, files in path order, `site.toml` first.
/// The same problem found twice is shown once.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.location.path != Path::new(crate::config::CONFIG_FILE),
                d.location.path.clone(),
                d.location.line,
                d.location.col,
                d.severity,
            )
        };
        key(a).cmp(&key(b))
    });
    diagnostics.dedup();
}

/// Reads source lines on demand, once per file.
struct Sources<'a> {
    root: &'a Path,
    files: HashMap<PathBuf, Option<Vec<String>>>,
}

impl Sources<'_> {
    fn line(&mut self, path: &Path, line: usize) -> Option<&str> {
        if line == 0 || path.as_os_str().is_empty() {
            return None;
        }
        let root = self.root;
        let lines = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            let bytes = std::fs::read(root.join(path)).ok()?;
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let text = String::from_utf8_lossy(bytes);
            Some(
                text.split('\n')
                    .map(|l| l.trim_end_matches('\r').to_string())
                    .collect(),
            )
        });
        lines.as_ref()?.get(line - 1).map(String::as_str)
    }
}

/// The source line as shown, and the caret's offset in it (in columns).
fn snippet(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col = col.max(1).min(chars.len() + 1);
    let (start, end) = if chars.len() <= MAX_SHOWN {
        (0, chars.len())
    } else {
        let start = col
            .saturating_sub(MAX_SHOWN / 2)
            .min(chars.len() - MAX_SHOWN);
        (start, start + MAX_SHOWN)
    };
    let mut shown = String::new();
    let mut caret = 0;
    if start > 0 {
        shown.push('…');
    }
    for (i, c) in chars[start..end].iter().enumerate() {
        if start + i + 1 == col {
            caret = shown.chars().count();
        }
        match c {
            '\t' => shown.push_str("    "),
            c if c.is_control() => shown.push('�'),
            c => shown.push(*c),
        }
    }
    if col > end {
        caret = shown.chars().count();
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// Every diagnostic, grouped under its file, in `lang`.
pub fn human(diagnostics: &[Diagnostic], root: &Path, lang: Lang) -> String {
    let w = words(lang);
    let colon = lang.pick(" :", ":");
    let mut sources = Sources {
        root,
        files: HashMap::new(),
    };
    let mut out = String::new();
    let mut current: Option<&Path> = None;
    for d in diagnostics {
        let path = d.location.path.as_path();
        if current != Some(path) {
            if !path.as_os_str().is_empty() {
                out.push_str(&format!("── {} ──\n", display_path(path)));
            }
            current = Some(path);
        }
        let label = match d.severity {
            Severity::Error => w.error,
            Severity::Warning => w.warning,
        };
        out.push_str(&format!("{label}{colon} {}\n", d.message.get(lang)));
        if !path.as_os_str().is_empty() {
            out.push_str(&format!("  --> {}\n", d.location));
        }
        let line = d.location.line;
        if let Some(text) = sources.line(path, line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, caret) = snippet(text, d.location.col);
            out.push_str(&format!(" {pad} |\n {number} | {shown}\n"));
            if d.location.col > 0 {
                out.push_str(&format!(" {pad} | {}^\n", " ".repeat(caret)));
            }
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("  = {}{colon} {}\n", w.help, help.get(lang)));
        }
        out.push('\n');
    }
    out
}

/// `--format json`: one object per problem, worded in `lang`.
pub fn json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "code": d.code,
                "file": display_path(&d.location.path),
                "line": d.location.line,
                "column": d.location.col,
                "message": d.message.get(lang),
                "help": d.help.as_ref().map(|h| h.get(lang)),
            })
        })
        .collect();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = serde_json::json!({
        "errors": errors,
        "warnings": diagnostics.len() - errors,
        "diagnostics": items,
    });
    serde_json::to_string_pretty(&report).expect("JSON of plain values")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_tabs_and_accents() {
        assert_eq!(snippet("é\tx", 3), ("é    x".to_string(), 5));
        assert_eq!(snippet("abc", 1), ("abc".to_string(), 0));
        assert_eq!(snippet("abc", 4), ("abc".to_string(), 3));
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = "x".repeat(1000);
        let (shown, caret) = snippet(&line, 500);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().count(), MAX_SHOWN + 2);
        assert_eq!(caret, 50);
    }
}
