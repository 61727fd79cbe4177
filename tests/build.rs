//! `carnet build` end to end: the real binary on small fixture sites.

mod common;
use common::*;

fn page(title: &str, extra_front: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{extra_front}+++\n\n{body}\n")
}

fn small_site() -> Fixture {
    Fixture::new(&[
        ("site.toml", SITE_TOML),
        ("content/_index.md", &page("Accueil", "", "Bienvenue.")),
        ("content/ateliers/_index.md", &page("Ateliers", "sort_by = \"date\"\n", "")),
        (
            "content/ateliers/2023-03-21-excision.md",
            &page(
                "L'excision : repérer et orienter",
                "[taxonomies]\nthemes = [\"Mutilations sexuelles féminines\", \"Violences sexuelles\"]\npublics = [\"Professionnels\"]\n",
                "## Repères\n\nVoir [le violentomètre](../ressources/violentometre.md#comment-lutiliser) et [l'accueil](/).\n",
            ),
        ),
        (
            "content/ateliers/contraception.md",
            &page("Contraception", "date = 2023-01-17\n[taxonomies]\nthemes = [\"Contraception\", \"violences sexuelles\"]\n", "Texte."),
        ),
        ("content/ateliers/brouillon.md", &page("Brouillon", "draft = true\n", "En cours.")),
        ("content/ressources/_index.md", &page("Ressources", "sort_by = \"title\"\n", "")),
        (
            "content/ressources/violentometre.md",
            &page("Le violentomètre", "slug = \"Violentomètre\"\n[taxonomies]\nthemes = [\"Égalité filles-garçons\"]\n", "## Comment l'utiliser ?\n\nÉtapes."),
        ),
        (
            "content/ressources/kit/index.md",
            &page("Kit cyberviolences", "", "[Le guide (PDF)](guide%20kit.pdf) ![Schéma du kit](schema.png)"),
        ),
        ("content/ressources/kit/guide kit.pdf", "%PDF-1.4 fake"),
        ("content/ressources/kit/schema.png", "png"),
    ])
}

#[test]
fn pages_get_urls_from_slug_or_file_name() {
    let site = small_site();
    let out = site.build_ok();
    assert!(stdout(&out).contains("Site construit"), "{}", stdout(&out));
    for path in [
        "index.html",
        "ateliers/index.html",
        "ateliers/excision/index.html",
        "ateliers/contraception/index.html",
        "ressources/violentometre/index.html",
        "ressources/kit/index.html",
    ] {
        assert!(site.out().join(path).is_file(), "{path} missing");
    }
    let html = site.read("ateliers/excision/index.html");
    assert!(
        html.contains("21 mars 2023"),
        "French date from the file name"
    );
    assert!(
        html.contains("excision : repérer et orienter</h1>"),
        "{html}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = small_site();
    site.build_ok();
    assert!(!site.out().join("ateliers/brouillon").exists());
    let out = site.build(&["--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.out().join("ateliers/brouillon/index.html").is_file());
}

#[test]
fn markdown_links_become_relative_page_links() {
    let site = small_site();
    site.build_ok();
    let html = site.read("ateliers/excision/index.html");
    assert!(
        html.contains("href=\"../../ressources/violentometre/index.html#comment-lutiliser\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"../../index.html\""),
        "root-absolute link made relative"
    );
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn folder_links_switch_drops_index_html() {
    let site = small_site();
    site.write("site.toml", &format!("folder_links = true\n{SITE_TOML}"));
    site.build_ok();
    let html = site.read("ateliers/excision/index.html");
    assert!(
        html.contains("href=\"../../ressources/violentometre/#comment-lutiliser\""),
        "{html}"
    );
    assert!(!html.contains("index.html\""), "no link names index.html");
}

#[test]
fn bundle_attachments_are_copied_next_to_the_page() {
    let site = small_site();
    site.build_ok();
    assert!(site.out().join("ressources/kit/guide kit.pdf").is_file());
    assert!(site.out().join("ressources/kit/schema.png").is_file());
    let html = site.read("ressources/kit/index.html");
    assert!(
        html.contains("href=\"../../ressources/kit/guide%20kit.pdf\""),
        "{html}"
    );
    assert!(html.contains("alt=\"Schéma du kit\""));
}

#[test]
fn term_pages_list_pages_and_merge_spellings() {
    let site = small_site();
    let out = site.build_ok();
    let warnings = stderr(&out);
    assert!(warnings.contains("« violences sexuelles »"), "{warnings}");
    assert!(
        warnings.contains("content/ateliers/contraception.md"),
        "names the file: {warnings}"
    );
    let index = site.read("themes/index.html");
    let order: Vec<usize> = [
        "Contraception",
        "Égalité filles-garçons",
        "Mutilations",
        "Violences sexuelles",
    ]
    .iter()
    .map(|t| {
        index
            .find(t)
            .unwrap_or_else(|| panic!("{t} missing in {index}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "French order: {order:?}"
    );
    assert!(
        index.contains("Violences sexuelles</a> <span class=\"count\">2 pages</span>"),
        "{index}"
    );
    let term = site.read("themes/violences-sexuelles/index.html");
    let (newer, older) = (
        term.find("excision : rep").unwrap(),
        term.find(">Contraception<").unwrap(),
    );
    assert!(newer < older, "newest first");
}

#[test]
fn a_term_spelled_two_ways_as_often_takes_the_first_met_and_a_term_without_letters_is_an_error() {
    let tie = |date: &str, theme: &str| {
        page(
            &format!("Atelier {date}"),
            &format!("date = {date}\n[taxonomies]\nthemes = [\"{theme}\"]\n"),
            "Texte.",
        )
    };
    let site = Fixture::new(&[
        ("site.toml", SITE_TOML),
        ("content/ateliers/_index.md", &page("Ateliers", "", "")),
        // newest first: « Santé sexuelle » is met first, then « santé sexuelle »
        (
            "content/ateliers/b.md",
            &tie("2024-02-01", "Santé sexuelle"),
        ),
        (
            "content/ateliers/a.md",
            &tie("2024-01-01", "santé sexuelle"),
        ),
    ]);
    site.build_ok();
    let term = site.read("themes/sante-sexuelle/index.html");
    assert!(term.contains("<h1>Santé sexuelle"), "{term}");
    assert!(term.contains("Atelier 2024-02-01") && term.contains("Atelier 2024-01-01"));

    site.write("content/ateliers/c.md", &tie("2024-03-01", "« ? »"));
    site.write("content/ateliers/d.md", &tie("2024-04-01", "« ? »"));
    let out = site.build(&[]);
    assert!(!out.status.success());
    let errors = stderr(&out);
    assert_eq!(
        errors.matches("sans lettre").count(),
        2,
        "one per use: {errors}"
    );
    assert!(errors.contains("content/ateliers/c.md") && errors.contains("content/ateliers/d.md"));
}

#[test]
fn sections_paginate() {
    let mut files = vec![
        ("site.toml".to_string(), SITE_TOML.to_string()),
        (
            "content/ateliers/_index.md".into(),
            page("Ateliers", "paginate_by = 2\n", ""),
        ),
    ];
    for i in 1..=5 {
        files.push((
            format!("content/ateliers/a{i}.md"),
            page(
                &format!("Atelier {i}"),
                &format!("date = 2023-0{i}-01\n"),
                "",
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Fixture::new(&refs);
    site.build_ok();
    assert!(site.read("ateliers/index.html").contains("Atelier 5"));
    assert!(site
        .read("ateliers/page/3/index.html")
        .contains("Atelier 1"));
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn windows_line_endings_and_bom_are_accepted() {
    let site = Fixture::new(&[("site.toml", SITE_TOML)]);
    site.write_bytes(
        "content/a.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"CRLF\"\r\n+++\r\n\r\nTexte\r\n",
    );
    site.build_ok();
    assert!(site.read("a/index.html").contains("CRLF"));
}

/// The text of an error is part of the interface: snapshot it.
fn build_error(files: &[(&str, &str)]) -> String {
    let site = Fixture::new(files);
    let out = site.build(&[]);
    assert!(!out.status.success(), "build should fail");
    assert!(!site.out().exists(), "nothing published");
    stderr(&out)
}

#[test]
fn error_unknown_front_matter_key() {
    let err = build_error(&[
        ("site.toml", SITE_TOML),
        ("content/a.md", "+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n"),
    ]);
    assert_eq!(
        err,
        "── content/a.md ──\nerreur : clé inconnue `titel`\n  --> content/a.md:3:1\n   |\n 3 | titel = \"B\"\n   | ^\n  = aide : vouliez-vous dire `title` ? Clés permises : `title`, `date`, `updated`, `description`, `draft`, `slug`, `weight`, `template`, `taxonomies`, `extra`\n\n1 erreur : le site n'a pas été construit, la version précédente est intacte.\n"
    );
}

#[test]
fn error_broken_link_names_file_and_line() {
    let err = build_error(&[
        ("site.toml", SITE_TOML),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n\nLigne.\nVoir [ceci](b.md).\n",
        ),
        ("content/bb.md", "+++\ntitle = \"B\"\n+++\n\nTexte.\n"),
    ]);
    assert_eq!(
        err,
        "── content/a.md ──\nerreur : le lien « b.md » mène à un fichier ou une page qui n'existe pas\n  --> content/a.md:6:6\n   |\n 6 | Voir [ceci](b.md).\n   |      ^\n  = aide : vouliez-vous dire content/bb.md ? Vérifiez le nom du fichier et le chemin (../ remonte d'un dossier)\n\n1 erreur : le site n'a pas été construit, la version précédente est intacte.\n"
    );
}

#[test]
fn error_duplicate_urls_name_both_files() {
    let err = build_error(&[
        ("site.toml", SITE_TOML),
        ("content/a.md", "+++\ntitle = \"A\"\nslug = \"x\"\n+++\n"),
        ("content/b.md", "+++\ntitle = \"B\"\nslug = \"x\"\n+++\n"),
    ]);
    assert!(err.contains("content/b.md"), "{err}");
    assert!(err.contains("même adresse /x/ que content/a.md"), "{err}");
}

#[test]
fn error_unclosed_front_matter_and_config_key() {
    let err = build_error(&[
        ("site.toml", SITE_TOML),
        ("content/a.md", "+++\ntitle = \"A\"\n\nTexte\n"),
    ]);
    assert!(
        err.contains(
            "l'en-tête ouvert par +++ à la ligne 1 n'est jamais fermé\n  --> content/a.md:1:1"
        ),
        "{err}"
    );
    let err = build_error(&[
        ("site.toml", "title = \"x\"\nlangue = \"fr\"\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
    ]);
    assert!(
        err.contains("clé inconnue `langue`\n  --> site.toml:2:1"),
        "{err}"
    );
}

/// A folder linked back to one that contains it (a symbolic link here; a
/// junction on Windows) would be walked forever: the build stops with words
/// an author can act on, in one language.
#[cfg(unix)]
#[test]
fn error_link_back_to_a_containing_folder() {
    let site = Fixture::new(&[
        ("site.toml", SITE_TOML),
        ("content/ateliers/a.md", "+++\ntitle = \"A\"\n+++\n"),
    ]);
    std::os::unix::fs::symlink("..", site.root().join("content/ateliers/boucle")).unwrap();
    let out = site.build(&[]);
    assert!(!out.status.success());
    assert!(!site.out().exists(), "nothing published");
    assert_eq!(
        stderr(&out),
        "── content/ateliers/boucle ──\nerreur : ce dossier est un lien vers « content », qui le contient : le parcourir ne finirait jamais\n  --> content/ateliers/boucle\n  = aide : supprimez ce lien, ou faites-le pointer vers un dossier hors de content/\n\n1 erreur : le site n'a pas été construit, la version précédente est intacte.\n"
    );
}

#[test]
fn failed_build_leaves_previous_site_untouched() {
    let site = small_site();
    site.build_ok();
    let before = tree(&site.out());
    site.write(
        "content/ateliers/contraception.md",
        "+++\ntitle = \"Oups\n+++\n",
    );
    let out = site.build(&[]);
    assert!(!out.status.success());
    assert_eq!(tree(&site.out()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains("staging")),
        "{leftovers:?}"
    );
}

#[test]
fn output_never_replaces_sources_or_foreign_folders() {
    let site = small_site();
    let out = site.build(&["--output", site.root().join("content").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("parmi les sources"),
        "{}",
        stderr(&out)
    );
    site.write("docs/notes.txt", "à garder");
    let out = site.build(&["--output", site.root().join("docs").to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(site.root().join("docs/notes.txt")).unwrap(),
        "à garder"
    );
}

/// Issue 5: an English site is told in English what `carnet build` did,
/// and why it refuses an output folder.
#[test]
fn an_english_site_gets_its_build_messages_in_english() {
    let site = small_site();
    site.write("site.toml", &format!("language = \"en\"\n{SITE_TOML}"));
    let built = site.build_ok();
    assert!(
        stdout(&built).contains("Site built in "),
        "{}",
        stdout(&built)
    );
    assert!(stdout(&built).contains(" pages, "), "{}", stdout(&built));
    let warnings = stderr(&built);
    assert!(warnings.contains("warning: the term"), "{warnings}");
    assert!(!warnings.contains("attention"), "{warnings}");

    let out = site.build(&["--output", site.root().join("content").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error: the output folder")
            && err.contains("is inside content/, among the sources"),
        "{err}"
    );
    assert!(
        err.contains("help: choose a separate output folder"),
        "{err}"
    );
    assert!(
        err.contains("1 error: the site was not built; the previous version is intact."),
        "{err}"
    );
    assert!(!err.contains("erreur") && !err.contains("aide"), "{err}");
}

/// Issue 7: a rebuild over the previous output writes only what changed;
/// its result must equal a clean build of the same sources.
#[test]
fn incremental_rebuild_equals_clean_build() {
    let site = small_site();
    site.build_ok();
    site.write(
        "content/ateliers/contraception.md",
        &page(
            "Contraception et entretien",
            "date = 2023-01-17\n",
            "Nouveau texte.",
        ),
    );
    site.remove("content/ressources/kit/schema.png");
    site.write(
        "content/ressources/kit/index.md",
        &page(
            "Kit cyberviolences",
            "",
            "[Le guide (PDF)](guide%20kit.pdf)",
        ),
    );
    site.write(
        "content/ressources/nouvelle.md",
        &page(
            "Nouvelle ressource",
            "[taxonomies]\nthemes = [\"Consentement\"]\n",
            "Texte.",
        ),
    );
    site.build_ok();
    let clean = tempfile::tempdir().unwrap();
    let out = carnet(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--output",
        clean.path().join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let (incremental, fresh) = (tree(&site.out()), tree(&clean.path().join("o")));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    assert!(incremental == fresh, "same bytes");
    assert!(!site.out().join("ressources/kit/schema.png").exists());
}

/// The links of a 404.html that point into the site (stylesheet, home,
/// menu), with Tera's `&#x2F;` turned back into `/`.
fn not_found_links(site: &Fixture) -> Vec<String> {
    let html = site.read("404.html").replace("&#x2F;", "/");
    ["href=\"", "src=\""]
        .iter()
        .flat_map(|attr| {
            html.split(attr)
                .skip(1)
                .map(|p| p[..p.find('"').unwrap()].to_string())
        })
        .filter(|l| !l.starts_with('#') && !l.contains(':'))
        .collect()
}

/// Web servers show 404.html at the address that was asked for
/// (/guide/ateliers/x/y/): its relative links broke there.
#[test]
fn not_found_page_links_from_the_base_path_at_any_depth() {
    let site = small_site();
    site.write(
        "site.toml",
        &format!("base_url = \"https://x.example/guide/\"\n{SITE_TOML}"),
    );
    site.build_ok();
    let links = not_found_links(&site);
    assert!(
        links.contains(&"/guide/assets/carnet.css".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/guide/index.html".to_string()),
        "{links:?}"
    );
    assert!(links.iter().all(|l| l.starts_with("/guide/")), "{links:?}");
    // Other pages keep their relative links.
    let page = site.read("ateliers/excision/index.html");
    assert!(page.contains("href=\"../../assets/carnet.css\""), "{page}");

    site.write(
        "site.toml",
        &format!("base_url = \"https://x.example\"\n{SITE_TOML}"),
    );
    site.build_ok();
    let links = not_found_links(&site);
    assert!(
        links.contains(&"/assets/carnet.css".to_string()),
        "{links:?}"
    );
}

#[test]
fn not_found_page_without_base_url_keeps_relative_links() {
    let site = small_site();
    site.build_ok();
    let links = not_found_links(&site);
    assert!(
        links.contains(&"./assets/carnet.css".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"./index.html".to_string()), "{links:?}");
    assert!(links.iter().all(|l| l.starts_with("./")), "{links:?}");
}

/// `carnet build` moves each page's body into its template instead of
/// copying it (`write_pages_releasing`); the files must be those of
/// `write_pages`, which keeps everything. The example site has every kind
/// of page, feeds and attachments.
#[test]
fn a_build_that_releases_bodies_writes_the_same_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let keeping = carnet::output::MemorySink::default();
    let loaded = carnet::build::load(root, false).expect("the example site loads");
    carnet::build::write_pages(&loaded, &keeping).expect("write_pages");

    let releasing = carnet::output::MemorySink::default();
    let mut loaded = carnet::build::load(root, false).expect("the example site loads");
    carnet::build::write_pages_releasing(&mut loaded, &releasing).expect("releasing");

    let keeping = keeping.files.into_inner().unwrap();
    let releasing = releasing.files.into_inner().unwrap();
    assert!(keeping.len() > 50, "only {} files", keeping.len());
    assert_eq!(
        keeping.keys().collect::<Vec<_>>(),
        releasing.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &keeping {
        assert!(bytes == &releasing[path], "{path} differs");
    }
    assert!(
        loaded.site.pages_html.iter().all(|r| r.html.is_empty()),
        "the bodies were moved out"
    );
}
