//! The two languages carnet speaks to authors: French (the default) and
//! English, chosen by `language` in `site.toml`.
//!
//! A diagnostic carries its sentence in both languages (`Text`), written
//! side by side where the problem is found; the language is picked only
//! when the report is printed. So the code that finds problems never needs
//! to know the language — which matters for the code that runs before
//! `site.toml` is read, or while it fails to parse — and nothing global
//! decides it: `carnet serve` and the tests build several sites, in
//! several languages, in one process.

use std::path::Path;

/// The language messages are written in, from `language` in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr = 0,
    En = 1,
}

impl Lang {
    /// `fr`, `fr-FR`, `fr_CA` → French; anything else → English.
    pub fn from_code(code: &str) -> Lang {
        let code = code.trim().to_ascii_lowercase();
        if code == "fr" || code.starts_with("fr-") || code.starts_with("fr_") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The language's code, for `<html lang="…">`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Picks the French or the English text.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// The language of the site at `root`, read leniently: a `site.toml` that
/// fails to parse still gives its language when its `language = "…"` line
/// is readable, so the report of that very failure is in the right
/// language. French when there is no telling.
pub fn site_lang(root: &Path) -> Lang {
    match std::fs::read(root.join(crate::config::CONFIG_FILE)) {
        Ok(bytes) => config_lang(&String::from_utf8_lossy(&bytes)),
        Err(_) => Lang::default(),
    }
}

/// The language named by the text of a `site.toml`, valid or not.
pub fn config_lang(text: &str) -> Lang {
    let text = text.trim_start_matches('\u{feff}');
    if let Ok(table) = toml::from_str::<toml::Table>(text) {
        return table
            .get("language")
            .and_then(toml::Value::as_str)
            .map_or(Lang::default(), Lang::from_code);
    }
    // Broken TOML: look for the line itself, above the first [table].
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            break;
        }
        let Some(value) = line
            .strip_prefix("language")
            .and_then(|rest| rest.trim_start().strip_prefix('='))
        else {
            continue;
        };
        let value = value.trim();
        let quote = match value.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        if let Some((code, _)) = value[1..].split_once(quote) {
            return Lang::from_code(code);
        }
    }
    Lang::default()
}

/// A sentence in French and in English. Build it with `text!`, or
/// `Text::by` when the wording needs more than a format string.
///
/// Boxed, so a diagnostic stays small on the `Err` side of results.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(Box<[String; 2]>);

impl Text {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Text {
        Text(Box::new([fr.into(), en.into()]))
    }

    /// Text that reads the same in both languages: a file's own words, a
    /// message from Tera or the system that carnet cannot translate.
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text::new(text.clone(), text)
    }

    /// Writes the text once per language.
    pub fn by(mut write: impl FnMut(Lang) -> String) -> Text {
        Text::new(write(Lang::Fr), write(Lang::En))
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        &self.0[lang as usize]
    }

    /// Rewrites both languages the same way (a prefix, a path).
    pub fn map(self, mut f: impl FnMut(Lang, String) -> String) -> Text {
        let [fr, en] = *self.0;
        Text::new(f(Lang::Fr, fr), f(Lang::En, en))
    }
}

/// `text!("le fichier « {name} »", "file \"{name}\"")`: both wordings of a
/// message, side by side, each a `format!` string capturing the same
/// variables. `name = value` pairs after them bind variables for both.
#[macro_export]
macro_rules! text {
    ($fr:literal, $en:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        $(let $name = $value;)*
        $crate::i18n::Text::new(format!($fr), format!($en))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        assert_eq!(Lang::from_code("fr"), Lang::Fr);
        assert_eq!(Lang::from_code("fr-FR"), Lang::Fr);
        assert_eq!(Lang::from_code("FR_ca"), Lang::Fr);
        assert_eq!(Lang::from_code("en"), Lang::En);
        assert_eq!(Lang::from_code("de"), Lang::En);
        assert_eq!(Lang::from_code("frisian"), Lang::En);
    }

    #[test]
    fn language_is_read_from_broken_site_toml() {
        for (text, want) in [
            ("title = \"x\"\nlanguage = \"en\"\n", Lang::En),
            ("title = \"x\"\n", Lang::Fr),
            ("title = \"x\nlanguage = \"en\"\n", Lang::En),
            ("language='en-GB'\ntitel = = 3\n", Lang::En),
            ("\u{feff}language = \"fr\"\n[a\n", Lang::Fr),
            ("title = \"x\n[extra]\nlanguage = \"en\"\n", Lang::Fr),
            ("title = [\nlanguage = en\n", Lang::Fr),
        ] {
            assert_eq!(config_lang(text), want, "{text:?}");
        }
    }

    #[test]
    fn text_macro_formats_both_languages() {
        let file = "a.md";
        let t = text!(
            "le fichier « {file} » ({n})",
            "file \"{file}\" ({n})",
            n = 2
        );
        assert_eq!(t.get(Lang::Fr), "le fichier « a.md » (2)");
        assert_eq!(t.get(Lang::En), "file \"a.md\" (2)");
    }
}
