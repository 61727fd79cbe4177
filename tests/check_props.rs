//! Property tests: whatever bytes an author's editor saves, reading,
//! checking and rendering them never panics. Every input either builds or
//! is reported as a diagnostic with a location.

use carnet::content::PageFront;
use carnet::frontmatter;
use carnet::i18n::Lang;
use carnet::markdown::{render, KeepLinks};
use proptest::prelude::*;
use std::path::Path;

/// Pieces authors (and their editors) put in front matter, valid or not.
fn front_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title = \"Atelier\"\n".to_string()),
        Just("titel = \"x\"\n".to_string()),
        Just("date = 2023-03-21\n".to_string()),
        Just("date = 2023-13-45\n".to_string()),
        Just("date = 21/03/2023\n".to_string()),
        Just("description = \"".to_string()),
        Just("[taxonomies]\n".to_string()),
        Just("[extra]\n".to_string()),
        Just("[[extra]]\n".to_string()),
        Just("themes = [\"Cyber-violences\", \"Périnatalité\"]\n".to_string()),
        Just("themes = \"Consentement\"\n".to_string()),
        Just("participants = 14\n".to_string()),
        Just("a = { b = [1, \"x\", 2023-01-01T10:00:00Z] }\n".to_string()),
        Just("\"\"\"".to_string()),
        Just("'''".to_string()),
        Just("+++\n".to_string()),
        Just("---\n".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("“".to_string()),
        "[a-z_=\\[\\]\"{},. 0-9\n-]{0,12}",
        any::<String>(),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec(front_token(), 0..12).prop_map(|t| t.concat())
}

/// Markdown that stresses the parser: nesting, links, images, tables,
/// footnotes, raw HTML, the summary marker.
fn markdown_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Titre\n".to_string()),
        Just("## Comment l'utiliser ? {#usage}\n".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("> ".to_string()),
        Just("1. ".to_string()),
        Just("[lien](../ressources/violentometre.md#usage)".to_string()),
        Just("[lien](/ateliers/)".to_string()),
        Just("[lien](@/ateliers/_index.md)".to_string()),
        Just("[vide]()".to_string()),
        Just("![](image.png)".to_string()),
        Just("![alt](%zz%C3(.png)".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("```\ncode\n".to_string()),
        Just("<!-- more -->\n".to_string()),
        Just("<div><script>".to_string()),
        Just("*".to_string()),
        Just("`".to_string()),
        Just("\n\n".to_string()),
        Just("\\".to_string()),
        "[a-zé#\\[\\]()!*_>\\- \n]{0,16}",
        any::<String>(),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_token(), 0..40).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let path = Path::new("content/a.md");
        if let Ok(text) = frontmatter::decode_text(&bytes, path) {
            if let Ok(split) = frontmatter::split(&text, path) {
                let _ = frontmatter::parse::<PageFront>(&split, path);
            }
        }
    }

    #[test]
    fn arbitrary_front_matter_never_panics(front in front_matter(), body in markdown()) {
        let text = format!("+++\n{front}\n+++\n{body}");
        let path = Path::new("content/a.md");
        let text = frontmatter::decode_text(text.as_bytes(), path).unwrap();
        if let Ok(split) = frontmatter::split(&text, path) {
            match frontmatter::parse::<PageFront>(&split, path) {
                Ok(_) => {}
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            let spans = carnet::check::spans::FrontSpans::parse(split.front, split.front_line);
            let _ = spans.key(&["extra", "participants"]);
            let _ = spans.item(&["taxonomies", "themes"], 3);
        }
    }

    #[test]
    fn arbitrary_markdown_never_panics(body in markdown()) {
        let rendered = render(&body, &KeepLinks);
        prop_assert!(rendered.html.len() >= rendered.text.trim().len() / 8);
    }
}

proptest! {
    // Each case writes a site to disk and checks it: fewer, heavier cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The whole pipeline (schemas, terms, links, body checks) on a site
    /// whose one page is random: a report comes back, never a panic, and
    /// every error in it names a file.
    #[test]
    fn checking_a_random_page_never_panics(front in front_matter(), body in markdown()) {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::write(
            root.join("site.toml"),
            "title = \"T\"\nbase_url = \"https://intranet.exemple/pex/\"\n\
             [taxonomies.themes]\ntitle = \"Thèmes\"\nterms = [\"Périnatalité\", \"Cyberviolences\"]\n\
             [sections.ateliers]\nrequired = [\"date\", \"taxonomies.themes\", \"extra.participants\"]\n\
             [sections.ateliers.fields]\n\"extra.participants\" = { type = \"integer\" }\n",
        )
        .unwrap();
        let dir = root.join("content/ateliers/2023-03-21-page");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(root.join("content/ateliers/_index.md"), "+++\ntitle = \"Ateliers\"\n+++\n").unwrap();
        std::fs::write(dir.join("index.md"), format!("+++\n{front}\n+++\n{body}")).unwrap();
        std::fs::write(dir.join("image.png"), b"png").unwrap();
        let outcome = carnet::check::run(root, false);
        for d in &outcome.diagnostics {
            prop_assert!(!d.message.get(Lang::Fr).is_empty());
            prop_assert!(!d.message.get(Lang::En).is_empty());
            prop_assert!(!d.location.path.as_os_str().is_empty(), "{d:?}");
        }
        let _ = outcome.human(root, true);
        let _ = carnet::check::report::json(&outcome.diagnostics, outcome.lang);
    }
}
