//! `carnet new`: a page from its section's schema, never overwriting, and
//! failing `carnet check` only on the blanks it asks the author to fill.

use carnet::date::Date;
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

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.toml",
        "title = \"T\"\n[taxonomies.themes]\ntitle = \"Thèmes\"\nterms = [\"Périnatalité\"]\n\
         [sections.ateliers]\nrequired = [\"date\", \"description\", \"taxonomies.themes\", \"extra.duree\", \"extra.participants\"]\n\
         [sections.ateliers.fields]\n\"extra.participants\" = { type = \"integer\" }\n\"extra.lieu\" = { type = \"text\", help = \"la salle\" }\n\
         \"extra.a_venir\" = { type = \"boolean\" }\n",
    );
    write(
        dir.path(),
        "content/ateliers/_index.md",
        "+++\ntitle = \"Ateliers\"\n+++\n",
    );
    write(
        dir.path(),
        "content/ressources/_index.md",
        "+++\ntitle = \"Ressources\"\nsort_by = \"title\"\n+++\n",
    );
    dir
}

#[test]
fn a_new_page_fails_check_only_on_its_blanks() {
    let dir = site();
    let out = carnet(&["new", "ateliers", "Violences obstétricales"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rel = format!(
        "content/ateliers/{}-violences-obstetricales.md",
        Date::today().iso()
    );
    let text = fs::read_to_string(dir.path().join(&rel)).unwrap();
    assert!(
        text.contains("title = \"Violences obstétricales\""),
        "{text}"
    );
    assert!(
        text.contains("# facultatif : la salle\n# lieu = \"…\""),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&rel));

    let check = carnet(&["check", "--format", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    // Texts and lists are written empty, a number cannot be: it is commented out.
    assert_eq!(
        codes,
        [
            "schema-empty",
            "schema-empty",
            "schema-empty",
            "schema-missing"
        ],
        "{found:?}"
    );
    assert!(found[3].1.contains("extra.participants"));
}

#[test]
fn new_never_overwrites() {
    let dir = site();
    assert!(carnet(
        &["new", "ateliers", "Atelier", "--date", "2023-03-21"],
        dir.path()
    )
    .status
    .success());
    let path = dir.path().join("content/ateliers/2023-03-21-atelier.md");
    fs::write(&path, "mon texte").unwrap();
    let again = carnet(
        &["new", "ateliers", "Atelier", "--date", "2023-03-21"],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "mon texte");
    // Same title another day: the URL would collide.
    let other = carnet(
        &["new", "ateliers", "Atelier", "--date", "2023-04-18"],
        dir.path(),
    );
    assert_eq!(other.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&other.stderr).contains("/ateliers/atelier/"));
}

#[test]
fn a_future_date_marks_the_page_upcoming() {
    let dir = site();
    assert!(carnet(
        &["new", "ateliers", "Plus tard", "--date", "2099-01-19"],
        dir.path()
    )
    .status
    .success());
    let text =
        fs::read_to_string(dir.path().join("content/ateliers/2099-01-19-plus-tard.md")).unwrap();
    assert!(text.contains("\na_venir = true\n"), "{text}");
    assert_eq!(text.matches("a_venir").count(), 1, "{text}");
    let check = String::from_utf8_lossy(&carnet(&["check"], dir.path()).stdout).to_string();
    assert!(!check.contains("futur"), "{check}");
}

#[test]
fn sections_without_dates_get_undated_names_and_archetypes_apply() {
    let dir = site();
    write(
        dir.path(),
        "archetypes/ressources.md",
        "\n## Contact\n\n## Voir aussi\n",
    );
    assert!(
        carnet(&["new", "ressources", "Planning familial"], dir.path())
            .status
            .success()
    );
    let text =
        fs::read_to_string(dir.path().join("content/ressources/planning-familial.md")).unwrap();
    assert!(!text.contains("date ="), "{text}");
    assert!(
        text.ends_with("+++\n\n## Contact\n\n## Voir aussi\n"),
        "{text}"
    );
}

#[test]
fn an_unknown_section_gets_a_suggestion() {
    let dir = site();
    let out = carnet(&["new", "atelier", "X"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("vouliez-vous dire « ateliers » ?"));
}

/// Issue 5: `carnet new` on an English site refuses in English.
#[test]
fn an_english_site_is_answered_in_english() {
    let dir = site();
    let config = fs::read_to_string(dir.path().join("site.toml")).unwrap();
    write(
        dir.path(),
        "site.toml",
        &format!("language = \"en\"\n{config}"),
    );
    let out = carnet(&["new", "atelier", "X"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: no section here: there is no content/atelier/_index.md"),
        "{err}"
    );
    assert!(err.contains("help: did you mean \"ateliers\"?"), "{err}");
    let again = carnet(
        &["new", "ateliers", "X", "--date", "2023-13-45"],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("invalid date \"2023-13-45\""), "{err}");
}
