//! The built-in theme's files for machines (Atom feeds, sitemap.xml,
//! robots.txt) and its pages' content, checked by running the real binary on
//! small fixture sites in temp dirs.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(site_toml: &str, files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.toml"), site_toml).unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        Site { dir }
    }

    fn build(&self) -> Output {
        Command::new(env!("CARGO_BIN_EXE_carnet"))
            .args(["build", "--root"])
            .arg(self.dir.path())
            .output()
            .unwrap()
    }

    fn build_ok(&self) -> String {
        let out = self.build();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "build failed:\n{stderr}");
        stderr
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn read(&self, path: &str) -> String {
        fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("public/{path}: {e}"))
    }

    fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }
}

const CONTENT: &[(&str, &str)] = &[
    ("content/_index.md", "+++\ntitle = \"Accueil\"\n+++\nLe programme.\n"),
    (
        "content/ateliers/_index.md",
        "+++\ntitle = \"Ateliers\"\n+++\n",
    ),
    (
        "content/ateliers/2023-03-21-excision.md",
        "+++\ntitle = \"Excision & protection\"\ndescription = \"Repérer, protéger\"\n[taxonomies]\nthemes = [\"Mutilations sexuelles\"]\n[extra]\nduree = \"3 h\"\n+++\nVoir [le 3919](../ressources/ecoute.md).\n",
    ),
    (
        "content/ateliers/2023-05-16-ados.md",
        "+++\ntitle = \"Adolescence\"\nupdated = 2023-06-01\n[taxonomies]\nthemes = [\"Adolescence\"]\n+++\nTexte.\n",
    ),
    (
        "content/cine-debats/_index.md",
        "+++\ntitle = \"Ciné-débats\"\n+++\n",
    ),
    (
        "content/cine-debats/no-sex.md",
        "+++\ntitle = \"No sex\"\ndate = 2022-10-27\n[extra]\nfilm = \"No sex\"\nrealisation = [\"A\", \"B\"]\nannee = 2021\nduree_min = 90\ndiffuseur = \"Arte\"\nseances = [2022-10-27, 2022-11-03T12:30:00]\n+++\nRestitution.\n",
    ),
    (
        "content/ressources/_index.md",
        "+++\ntitle = \"Ressources\"\nsort_by = \"title\"\n+++\n",
    ),
    (
        "content/ressources/ecoute.md",
        "+++\ntitle = \"Écoute\"\n[taxonomies]\nthemes = [\"Mutilations sexuelles\"]\n[extra]\ntype = \"service\"\ntelephone = \"+33 1 99 00 11 20\"\nemail = \"ecoute@example.org\"\nadresse = \"1 rue d'exemple\"\n+++\nUn service.\n",
    ),
];

const WITH_BASE: &str = "title = \"PEX\"\nbase_url = \"https://intranet.example/pex\"\n[taxonomies.themes]\ntitle = \"Thématiques\"\n";
const WITHOUT_BASE: &str = "title = \"PEX\"\n[taxonomies.themes]\ntitle = \"Thématiques\"\n";

#[test]
fn feeds_for_site_sections_and_terms_use_absolute_urls() {
    let site = Site::new(WITH_BASE, CONTENT);
    site.build_ok();
    let all = site.read("atom.xml");
    assert!(all.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"));
    assert!(
        all.contains("<id>https://intranet.example/pex/atom.xml</id>"),
        "{all}"
    );
    assert!(all.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://intranet.example/pex/ateliers/excision/\"/>"), "{all}");
    assert!(
        all.contains("<title>Excision &amp; protection</title>"),
        "{all}"
    );
    assert!(
        all.contains("<summary>Repérer, protéger</summary>"),
        "{all}"
    );
    assert!(all.contains("xml:base=\"https://intranet.example/pex/ateliers/excision/\""));
    // Newest first; the feed is as recent as its newest change.
    let ados = all.find("Adolescence</title>").unwrap();
    let excision = all.find("Excision &amp; protection</title>").unwrap();
    let no_sex = all.find("No sex</title>").unwrap();
    assert!(ados < excision && excision < no_sex);
    assert!(all.contains("<updated>2023-06-01T00:00:00Z</updated>"));
    // Undated pages (resources sorted by title) are not news.
    assert!(!all.contains("Écoute</title>"));

    let section = site.read("ateliers/atom.xml");
    assert!(
        section.contains("<title>Ateliers · PEX</title>"),
        "{section}"
    );
    assert!(!section.contains("No sex"));
    let term = site.read("themes/mutilations-sexuelles/atom.xml");
    assert!(
        term.contains("<title>Nouveautés : Mutilations sexuelles · PEX</title>"),
        "{term}"
    );
    assert!(term.contains("Excision &amp; protection") && !term.contains("Adolescence</title>"));
    // No feed for what has no dated page.
    assert!(!site.exists("ressources/atom.xml"));

    let page = site.read("themes/mutilations-sexuelles/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(page.contains("href=\"../../themes/mutilations-sexuelles/atom.xml\""));
    // Listings link their feed only when it exists.
    let ateliers = site.read("ateliers/index.html");
    assert!(
        ateliers.contains("href=\"../ateliers/atom.xml\""),
        "{ateliers}"
    );
    let ressources = site.read("ressources/index.html");
    assert!(!ressources.contains("ressources/atom.xml"), "{ressources}");
}

#[test]
fn sitemap_lists_every_page_with_its_last_change() {
    let site = Site::new(WITH_BASE, CONTENT);
    site.build_ok();
    let map = site.read("sitemap.xml");
    for path in [
        "",
        "ateliers/",
        "ateliers/excision/",
        "ressources/ecoute/",
        "themes/",
        "themes/adolescence/",
        "agenda/",
    ] {
        assert!(
            map.contains(&format!("<loc>https://intranet.example/pex/{path}</loc>")),
            "{path} in\n{map}"
        );
    }
    assert!(map.contains(
        "<loc>https://intranet.example/pex/ateliers/ados/</loc><lastmod>2023-06-01</lastmod>"
    ));
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://intranet.example/pex/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn no_feed_nor_sitemap_without_base_url_and_no_warning_unless_asked() {
    let site = Site::new(WITHOUT_BASE, CONTENT);
    let stderr = site.build_ok();
    assert!(!site.exists("atom.xml") && !site.exists("sitemap.xml"));
    assert!(!stderr.contains("feeds"), "{stderr}");
    assert!(site.read("robots.txt").contains("Allow: /"));
    let home = site.read("index.html");
    assert!(
        !home.contains("atom.xml"),
        "no link to a feed that does not exist"
    );
}

#[test]
fn feeds_asked_without_base_url_is_a_warning_that_says_what_to_do() {
    let site = Site::new(&format!("feeds = true\n{WITHOUT_BASE}"), CONTENT);
    let stderr = site.build_ok();
    assert!(!site.exists("atom.xml"));
    assert!(
        stderr.contains("attention")
            && stderr.contains("`feeds = true` mais `base_url` n'est pas renseigné"),
        "{stderr}"
    );
    assert!(
        stderr.contains("base_url = \"https://intranet.exemple/pex/\""),
        "{stderr}"
    );
}

#[test]
fn feeds_can_be_switched_off() {
    let site = Site::new(&format!("feeds = false\n{WITH_BASE}"), CONTENT);
    site.build_ok();
    assert!(!site.exists("atom.xml") && !site.exists("ateliers/atom.xml"));
    assert!(site.exists("sitemap.xml"));
}

#[test]
fn robots_noindex_for_intranets() {
    let site = Site::new(&format!("robots_noindex = true\n{WITH_BASE}"), CONTENT);
    site.build_ok();
    let robots = site.read("robots.txt");
    assert!(robots.contains("User-agent: *\nDisallow: /\n"), "{robots}");
    assert!(!site.exists("sitemap.xml"));
    for page in ["index.html", "ateliers/excision/index.html", "404.html"] {
        assert!(
            site.read(page)
                .contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{page}"
        );
    }
}

#[test]
fn a_site_static_robots_txt_wins() {
    let mut files = CONTENT.to_vec();
    files.push(("static/robots.txt", "User-agent: *\nDisallow: /prive/\n"));
    let site = Site::new(WITH_BASE, &files);
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nDisallow: /prive/\n"
    );
}

#[test]
fn page_kinds_get_their_layout() {
    let site = Site::new(WITH_BASE, CONTENT);
    site.build_ok();
    let film = site.read("cine-debats/no-sex/index.html");
    assert!(
        film.contains("<p class=\"film-title\"><cite>No sex</cite></p>"),
        "{film}"
    );
    assert!(film.contains("<dd>A, B</dd>"));
    assert!(film.contains("<dd>1 h 30</dd>"));
    assert!(film.contains("<time datetime=\"2022-10-27\">27 octobre 2022</time>"));
    assert!(
        film.contains("<time datetime=\"2022-11-03T12:30:00\">3 novembre 2022, 12 h 30</time>"),
        "{film}"
    );

    let resource = site.read("ressources/ecoute/index.html");
    assert!(resource.contains("href=\"tel:+33199001120\""), "{resource}");
    assert!(resource.contains("href=\"mailto:ecoute@example.org\""));
    assert!(
        resource.contains("<address>1 rue d&#39;exemple</address>"),
        "{resource}"
    );

    let atelier = site.read("ateliers/excision/index.html");
    assert!(atelier.contains("<p class=\"kicker\">Atelier"));
    assert!(atelier.contains("<dt>Durée</dt><dd>3 h</dd>"));
    assert!(
        atelier.contains("href=\"../../themes/mutilations-sexuelles/index.html\""),
        "{atelier}"
    );
}

#[test]
fn a_section_can_name_its_kind_and_a_site_can_add_a_kind_template() {
    let mut files = CONTENT.to_vec();
    files.push((
        "content/annuaire/_index.md",
        "+++\ntitle = \"Annuaire\"\n[extra]\nkind = \"contact\"\n+++\n",
    ));
    files.push((
        "content/annuaire/css.md",
        "+++\ntitle = \"CSS\"\n[extra]\ntelephone = \"01 99\"\n+++\n",
    ));
    files.push((
        "templates/kinds/contact.html",
        "{% extends \"page.html\" %}{% block panels %}<p>fiche contact</p>{% endblock panels %}",
    ));
    let site = Site::new(WITH_BASE, &files);
    site.build_ok();
    let page = site.read("annuaire/css/index.html");
    assert!(page.contains("class=\"page kind-contact\""));
    assert!(page.contains("<p>fiche contact</p>"), "{page}");
}

#[test]
fn term_introductions_from_markdown_files() {
    let mut files = CONTENT.to_vec();
    files.push((
        "taxonomies/themes/Mutilations sexuelles.md",
        "+++\ndescription = \"Repérer et protéger.\"\n+++\nVoir [l'écoute](../../content/ressources/ecoute.md) et [l'atelier](ateliers/2023-03-21-excision.md).\n",
    ));
    let site = Site::new(WITH_BASE, &files);
    site.build_ok();
    let term = site.read("themes/mutilations-sexuelles/index.html");
    assert!(
        term.contains("<p class=\"lead\">Repérer et protéger.</p>"),
        "{term}"
    );
    assert!(
        term.contains("href=\"../../ressources/ecoute/index.html\""),
        "{term}"
    );
    assert!(
        term.contains("href=\"../../ateliers/excision/index.html\""),
        "{term}"
    );
    // Grouped by section, sections in navigation order.
    let ateliers = term.find(">Ateliers</h2>").unwrap();
    let ressources = term.find(">Ressources</h2>").unwrap();
    assert!(ateliers < ressources);
    let list = site.read("themes/index.html");
    assert!(list.contains("<p>Repérer et protéger.</p>"));
}

#[test]
fn term_introduction_errors_and_warnings_name_the_file() {
    let mut files = CONTENT.to_vec();
    files.push((
        "taxonomies/themes/adolescence.md",
        "Voir [ceci](ressources/absent.md).\n",
    ));
    files.push(("taxonomies/themes/adolescense.md", "Faute de frappe.\n"));
    let site = Site::new(WITH_BASE, &files);
    let out = site.build();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("taxonomies/themes/adolescence.md:1:"),
        "{stderr}"
    );
    assert!(stderr.contains("« ressources/absent.md »"), "{stderr}");
    assert!(
        stderr.contains("taxonomies/themes/adolescense.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("vouliez-vous dire adolescence.md ?"),
        "{stderr}"
    );
}

#[test]
fn english_ui_and_translations_from_site_toml() {
    let toml =
        "title = \"Notebook\"\nlanguage = \"en\"\n[translations]\nfooter = \"Made by the team.\"\n";
    let site = Site::new(
        toml,
        &[
            (
                "content/workshops/_index.md",
                "+++\ntitle = \"Workshops\"\n+++\n",
            ),
            (
                "content/workshops/2023-03-01-consent.md",
                "+++\ntitle = \"Consent\"\n[extra]\nduree = \"2 h\"\n+++\nText.\n",
            ),
        ],
    );
    site.build_ok();
    let page = site.read("workshops/consent/index.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Skip to content"));
    assert!(page.contains("<p class=\"kicker\">Workshop"), "{page}");
    assert!(page.contains("1 March 2023"));
    assert!(page.contains("Made by the team."));
    assert!(!page.contains("Aller au contenu"));
}

#[test]
fn upcoming_pages_are_listed_not_hidden() {
    let mut files = CONTENT.to_vec();
    files.push((
        "content/ateliers/2999-01-19-futur.md",
        "+++\ntitle = \"Atelier futur\"\n+++\nProgramme.\n",
    ));
    let site = Site::new(WITH_BASE, &files);
    site.build_ok();
    let home = site.read("index.html");
    let upcoming = &home[home.find("id=\"upcoming-title\"").unwrap()..];
    assert!(upcoming.contains("Atelier futur"));
    assert!(upcoming.contains("<strong class=\"badge\">À venir</strong>"));
    let agenda = site.read("agenda/index.html");
    assert!(agenda.contains("Janvier 2999"));
}
