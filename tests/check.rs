//! `carnet check` and `carnet build` on small fixture sites: exit codes,
//! the JSON report, every problem in one run, build refusing to publish.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn carnet(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carnet"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const SITE: &str = "title = \"T\"\n\
[taxonomies.themes]\ntitle = \"Thèmes\"\nterms = [\"Cyberviolences\", \"Périnatalité\"]\n\
[sections.ateliers]\nrequired = [\"date\", \"taxonomies.themes\", \"extra.duree\"]\n";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.toml", SITE);
    write(
        dir.path(),
        "content/ateliers/_index.md",
        "+++\ntitle = \"Ateliers\"\n+++\n",
    );
    write(
        dir.path(),
        "content/ateliers/2023-03-21-a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\nthemes = [\"Périnatalité\"]\n[extra]\nduree = \"3 h\"\n+++\n\nTexte.\n",
    );
    dir
}

#[test]
fn the_example_site_checks_clean_even_under_strict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = carnet(&["check", "--strict"], root);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("aucun problème"), "{}", stdout(&out));
}

#[test]
fn warnings_pass_unless_strict() {
    let dir = site();
    write(
        dir.path(),
        "content/ateliers/2023-04-18-b.md",
        "+++\ntitle = \"B\"\n[taxonomies]\nthemes = [\"Périnatalité\"]\n[extra]\nduree = \"3 h\"\n+++\n",
    );
    let out = carnet(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("cette page n'a aucun texte"));
    let strict = carnet(&["check", "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).contains("--strict"));
}

#[test]
fn parse_errors_and_link_errors_come_in_one_run() {
    let dir = site();
    write(
        dir.path(),
        "content/ateliers/2023-04-18-b.md",
        "+++\ntitle = \"B\n+++\n",
    );
    write(
        dir.path(),
        "content/ateliers/2023-05-16-c.md",
        "+++\ntitle = \"C\"\n[taxonomies]\nthemes = [\"Cyber-violences\"]\n[extra]\nduree = \"3 h\"\n+++\n\n\
         Voir [B](2023-04-18-b.md) et [D](2023-06-20-d.md).\n",
    );
    let out = carnet(&["check"], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("content/ateliers/2023-04-18-b.md:2:"),
        "{text}"
    );
    assert!(
        text.contains("vouliez-vous dire « Cyberviolences » ?"),
        "{text}"
    );
    assert!(text.contains("« 2023-06-20-d.md »"), "{text}");
    // The link to the file that failed to parse is not reported twice.
    assert!(!text.contains("« 2023-04-18-b.md »"), "{text}");
    assert!(text.contains("3 erreurs"), "{text}");
}

#[test]
fn json_lists_every_problem_with_its_place() {
    let dir = site();
    write(
        dir.path(),
        "content/ateliers/2023-05-16-c.md",
        "+++\ntitle = \"C\"\n[taxonomies]\nthemes = [\"Cyber-violences\"]\n+++\n\nTexte.\n",
    );
    let out = carnet(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["errors"], 2);
    let items = report["diagnostics"].as_array().unwrap();
    let term = items.iter().find(|d| d["code"] == "unknown-term").unwrap();
    assert_eq!(term["file"], "content/ateliers/2023-05-16-c.md");
    assert_eq!(term["line"], 4);
    assert_eq!(term["column"], 11);
    assert_eq!(term["severity"], "error");
    assert!(items.iter().any(|d| d["code"] == "schema-missing"));
}

#[test]
fn build_refuses_to_publish_what_check_rejects() {
    let dir = site();
    let first = carnet(&["build"], dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let published = fs::read_to_string(dir.path().join("public/ateliers/a/index.html")).unwrap();
    write(
        dir.path(),
        "content/ateliers/2023-03-21-a.md",
        "+++\ntitle = \"A modifié\"\n[taxonomies]\nthemes = [\"perinatalite\"]\n[extra]\nduree = \"3 h\"\n+++\n\nTexte.\n",
    );
    let out = carnet(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("vouliez-vous dire « Périnatalité » ?"),
        "{text}"
    );
    assert!(text.contains("la version précédente est intacte"), "{text}");
    let after = fs::read_to_string(dir.path().join("public/ateliers/a/index.html")).unwrap();
    assert_eq!(published, after);
}

#[test]
fn build_prints_warnings_and_publishes() {
    let dir = site();
    write(
        dir.path(),
        "content/ateliers/2099-01-01-futur.md",
        "+++\ntitle = \"Futur\"\n[taxonomies]\nthemes = [\"Périnatalité\"]\n[extra]\nduree = \"3 h\"\n+++\n\nTexte.\n",
    );
    let out = carnet(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("dans le futur"), "{}", stderr(&out));
    assert!(dir
        .path()
        .join("public/ateliers/futur/index.html")
        .is_file());
}

#[test]
fn drafts_are_checked_only_with_drafts() {
    let dir = site();
    write(
        dir.path(),
        "content/ateliers/2023-04-18-brouillon.md",
        "+++\ntitle = \"Brouillon\"\ndraft = true\n+++\n\nEn cours.\n",
    );
    assert!(carnet(&["check"], dir.path()).status.success());
    let out = carnet(&["check", "--drafts"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("`extra.duree`"), "{}", stdout(&out));
}

#[test]
fn english_sites_get_english_messages() {
    let dir = site();
    write(
        dir.path(),
        "site.toml",
        &SITE.replace("title = \"T\"\n", "title = \"T\"\nlanguage = \"en\"\n"),
    );
    write(
        dir.path(),
        "content/ateliers/2023-05-16-c.md",
        "+++\ntitle = \"C\"\n[taxonomies]\nthemes = [\"cyberviolences\"]\n[extra]\nduree = \"3 h\"\n+++\n\nText.\n",
    );
    let text = stdout(&carnet(&["check"], dir.path()));
    assert!(
        text.contains(
            "error: unknown term \"cyberviolences\" in `themes`: did you mean \"Cyberviolences\"?"
        ),
        "{text}"
    );
    assert!(text.contains("1 error and 0 warnings in 1 file"), "{text}");
}

#[test]
fn a_controlled_list_names_the_term_page_with_its_listed_spelling() {
    let dir = site();
    let out = carnet(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html =
        fs::read_to_string(dir.path().join("public/themes/perinatalite/index.html")).unwrap();
    assert!(html.contains("Périnatalité"));
}
