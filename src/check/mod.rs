//! `carnet check`: every problem of a site in one run, without writing
//! anything. The checks themselves run inside the build pipeline
//! (`rules`, called by `site::assemble`), so `carnet build` refuses to
//! publish exactly what `carnet check` reports; this module adds the
//! report an author reads and the exit status.

pub mod body;
pub mod extra;
pub mod fields;
pub mod messages;
pub mod report;
pub mod rules;
pub mod spans;

use crate::error::Diagnostic;
use crate::i18n::Lang;
use std::path::Path;

/// What a check found.
#[derive(Debug)]
pub struct Outcome {
    /// Sorted by file, then line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages checked, when the site could be assembled.
    pub pages: Option<usize>,
    /// The site's language, read leniently (`i18n::site_lang`).
    pub lang: Lang,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Errors fail; warnings fail only under `--strict`.
    pub fn passed(&self, strict: bool) -> bool {
        self.errors() == 0 && !(strict && self.warnings() > 0)
    }

    pub fn files(&self) -> usize {
        let mut paths: Vec<&Path> = self
            .diagnostics
            .iter()
            .map(|d| d.location.path.as_path())
            .collect();
        paths.sort();
        paths.dedup();
        paths.len()
    }

    /// The text report: problems grouped by file, a count, a verdict.
    pub fn human(&self, root: &Path, strict: bool) -> String {
        let lang = self.lang;
        if self.diagnostics.is_empty() {
            return match self.pages {
                Some(n) => messages::all_good(lang, n),
                None => messages::verdict(lang, 0, 0, strict).to_string(),
            } + "\n";
        }
        let mut out = report::human(&self.diagnostics, root, lang);
        out.push_str(&messages::summary(
            lang,
            self.errors(),
            self.warnings(),
            self.files(),
        ));
        out.push_str(lang.pick(" : ", ": "));
        out.push_str(messages::verdict(
            lang,
            self.errors(),
            self.warnings(),
            strict,
        ));
        out.push('\n');
        out
    }
}

/// Loads and checks the whole site at `root`, writing nothing.
pub fn run(root: &Path, drafts: bool) -> Outcome {
    let lang = crate::i18n::site_lang(root);
    let (mut diagnostics, pages) = match crate::build::load(root, drafts) {
        Ok(loaded) => (loaded.site.warnings, Some(loaded.site.content.pages.len())),
        Err(e) => (e.into_diagnostics(), None),
    };
    report::sort(&mut diagnostics);
    Outcome {
        diagnostics,
        pages,
        lang,
    }
}
