//! Snapshot tests of real author mistakes: each folder of `tests/bad-input/`
//! holds the files one mistake adds to (or replaces in) the small valid site
//! of `tests/bad-input/_base/`, and `expected.txt`, the exact report
//! `carnet check` must print for it, followed by its exit status.
//!
//! Inputs too big or too odd to commit (a 5 MB page, a binary file named
//! `.md`) are made by a generator named in the folder's `generate.txt`
//! (`NAME path/in/the/site`).
//!
//! After an intended change of wording, regenerate the snapshots with
//! `CARNET_BLESS=1 cargo test --test bad_input` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let name = rel.to_string_lossy();
        if name == "expected.txt" || name == "generate.txt" {
            continue;
        }
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&entry, &dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The content a generator writes.
fn generate(name: &str) -> Vec<u8> {
    let front = "+++\ntitle = \"Page générée\"\ndescription = \"Générée par le test.\"\n[taxonomies]\nthemes = [\"Consentement\"]\nintervenants = [\"Test\"]\n[extra]\nduree = \"3 h\"\n+++\n\n";
    match name {
        // Someone pasted a whole report, five megabytes of it.
        "huge-page" => {
            let paragraph = "Les participants ont échangé sur leurs pratiques d'entretien et sur les ressources du territoire. ";
            let mut text = front.to_string();
            while text.len() < 5 * 1024 * 1024 {
                text.push_str(paragraph);
                text.push_str("\n\n");
            }
            text.into_bytes()
        }
        // 2,000 levels of list, each one indented under the previous.
        "deep-list" => {
            let mut text = front.to_string();
            for depth in 0..2000 {
                text.push_str(&"  ".repeat(depth));
                text.push_str("- niveau\n");
            }
            text.into_bytes()
        }
        // 2,000 nested quotes and lists on one line.
        "deep-quote" => {
            let mut text = front.to_string();
            text.push_str(&"> - ".repeat(2000));
            text.push_str("fin\n");
            text.into_bytes()
        }
        // A photo saved with a .md name.
        "binary" => {
            let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec();
            bytes.extend((0..=255u8).cycle().take(4096));
            bytes
        }
        // A page saved in Latin-1 by an old editor.
        "latin1" => {
            let mut bytes =
                b"+++\ntitle = \"Contraception\"\n+++\n\nLa contraception d'urgence est d".to_vec();
            bytes.push(0xE9); // é in Latin-1
            bytes.extend(b"livr\xE9e en pharmacie.\n");
            bytes
        }
        other => panic!("unknown generator {other}"),
    }
}

fn run_case(case: &Path) -> String {
    run_case_in(case, None)
}

/// Runs the case, with `language` in its `site.toml` replaced by `lang`
/// when given.
fn run_case_in(case: &Path, lang: Option<&str>) -> String {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&cases_dir().join("_base"), site.path());
    copy_tree(case, site.path());
    if let Some(lang) = lang {
        let config = site.path().join("site.toml");
        let text = fs::read_to_string(&config).unwrap();
        let lines: Vec<String> = text
            .lines()
            .map(|l| match l.starts_with("language =") {
                true => format!("language = \"{lang}\""),
                false => l.to_string(),
            })
            .collect();
        fs::write(&config, lines.join("\n") + "\n").unwrap();
    }
    if let Ok(spec) = fs::read_to_string(case.join("generate.txt")) {
        for line in spec.lines().filter(|l| !l.trim().is_empty()) {
            let (name, path) = line.trim().split_once(' ').expect("NAME path");
            let dest = site.path().join(path.trim());
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::write(dest, generate(name)).unwrap();
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_carnet"))
        .arg("check")
        .arg("--root")
        .arg(site.path())
        .output()
        .unwrap();
    let root = site.path().to_string_lossy().to_string();
    let text = String::from_utf8_lossy(&out.stdout).replace(&root, "<racine>");
    format!("{text}\nexit: {}\n", out.status.code().unwrap_or(-1))
}

#[test]
fn every_bad_input_gives_its_expected_message() {
    let bless = std::env::var_os("CARNET_BLESS").is_some();
    let cases = case_dirs();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let actual = run_case(case);
        let expected_path = case.join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.replace("\r\n", "\n") != actual {
            failures.push(format!(
                "── {} ──\nattendu :\n{expected}\nobtenu :\n{actual}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cas diffèrent (CARNET_BLESS=1 pour régénérer) :\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn case_dirs() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    cases
}

/// Phrases of carnet's own wording in each language. User data (French
/// terms, file names) and the TOML parser's raw text, shown inside some
/// messages, contain none of them.
const FRENCH_WORDS: [&str; 12] = [
    "erreur",
    "attention :",
    "aide :",
    "avertissement",
    "vouliez-vous",
    "n'existe pas",
    "il manque",
    "doit être",
    "ajoutez",
    "vérifiez",
    "écrivez",
    "le site",
];
const ENGLISH_WORDS: [&str; 12] = [
    "error",
    "warning",
    "help:",
    "did you mean",
    "does not exist",
    "is missing",
    "must be",
    " add ",
    "check the",
    "write ",
    "the site",
    "unknown",
];

/// The lines of a report carnet wrote itself: labels, messages, helps and
/// the summary, without the quoted source lines.
fn own_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            let quoted = t.starts_with('|')
                || t.starts_with("-->")
                || t.starts_with("── ")
                || t.split(' ')
                    .next()
                    .is_some_and(|n| n.parse::<usize>().is_ok());
            !quoted
        })
        .collect()
}

/// Every case run again in the other language: a French site's report
/// holds no English wording of carnet's, an English site's no French.
#[test]
fn every_bad_input_speaks_one_language() {
    let mut failures = Vec::new();
    for case in case_dirs() {
        let config = case.join("site.toml");
        let english = fs::read_to_string(&config)
            .or_else(|_| fs::read_to_string(cases_dir().join("_base/site.toml")))
            .unwrap()
            .contains("language = \"en\"");
        let (lang, foreign) = if english {
            ("fr", &ENGLISH_WORDS)
        } else {
            ("en", &FRENCH_WORDS)
        };
        let report = run_case_in(&case, Some(lang));
        for line in own_lines(&report) {
            let lower = line.to_lowercase();
            if let Some(word) = foreign.iter().find(|w| lower.contains(*w)) {
                failures.push(format!(
                    "{} en {lang} : « {word} » dans : {line}",
                    case.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_base_site_is_clean() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&cases_dir().join("_base"), site.path());
    let out = Command::new(env!("CARGO_BIN_EXE_carnet"))
        .args(["check", "--strict", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
