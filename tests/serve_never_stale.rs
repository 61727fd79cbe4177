//! Never stale: after any sequence of edits, the site `carnet serve` holds
//! in memory is byte-for-byte what a clean build of the same sources gives,
//! and it refuses exactly the sources a clean build refuses.
//!
//! Random edits, renames, deletions, new files, broken and fixed front
//! matter on a fixture site, from a fixed seed (set CARNET_SEED to try
//! others, CARNET_STEPS for a longer run); after each step the engine's
//! files are compared with `build::load` + `build::write` into a fresh
//! `MemorySink`.

use carnet::output::MemorySink;
use carnet::serve::engine::{Engine, Outcome};
use carnet::serve::watch::relevant;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// xorshift64*: enough randomness, no dependency, same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

const SITE_TOML: &str = r#"title = "Essai"
base_url = "https://intranet.example/essai/"
[taxonomies.themes]
title = "Thématiques"
[taxonomies.publics]
title = "Publics"
"#;

const THEMES: [&str; 4] = ["Périnatalité", "Violences", "Adolescence", "Santé sexuelle"];
const SECTIONS: [&str; 3] = ["ateliers", "ressources", "cine-debats"];
const WORDS: [&str; 10] = [
    "synthèse",
    "atelier",
    "écoute",
    "repérage",
    "réseau",
    "parole",
    "enfants",
    "soins",
    "loi",
    "prévention",
];

fn page(title: &str, day: usize, theme: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = 2023-03-{:02}\ndescription = \"À propos de {title}\"\n\n[taxonomies]\nthemes = [\"{theme}\"]\npublics = [\"Professionnels\"]\n+++\n{body}",
        day % 28 + 1
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn fixture(root: &Path) {
    write(root, "site.toml", SITE_TOML);
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Accueil\"\n+++\nBienvenue.\n",
    );
    for (i, s) in SECTIONS.iter().enumerate() {
        let front = format!("+++\ntitle = \"{s}\"\npaginate_by = 3\n+++\nLa section {s}.\n");
        write(root, &format!("content/{s}/_index.md"), &front);
        for k in 0..4 {
            let body = format!(
                "Premier paragraphe {k}.\n\n<!-- more -->\n\n## Partie {k}\n\nVoir [l'autre](../{}/p0.md).\n",
                SECTIONS[(i + 1) % 3]
            );
            let text = page(&format!("{s} {k}"), i * 4 + k, THEMES[k % 4], &body);
            write(root, &format!("content/{s}/p{k}.md"), &text);
        }
    }
    let bundle = page("Le kit", 9, "Violences", "Le [kit en PDF](kit.pdf).\n");
    write(root, "content/ressources/kit/index.md", &bundle);
    write(root, "content/ressources/kit/kit.pdf", "%PDF-1.4 faux");
    write(root, "static/extra.css", "body { color: black; }\n");
}

/// Every `.md` page file of the site now (not `_index.md`).
fn page_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for s in SECTIONS {
        let Ok(dir) = std::fs::read_dir(root.join("content").join(s)) else {
            continue;
        };
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".md") && name != "_index.md" {
                out.push(format!("content/{s}/{name}"));
            }
        }
    }
    out.sort();
    out
}

fn sentence(rng: &mut Rng) -> String {
    let n = 3 + rng.below(8);
    let words: Vec<&str> = (0..n).map(|_| rng.pick(&WORDS)).collect();
    format!("{}.", words.join(" "))
}

/// Splits a page file into (front matter block with its `+++` lines, body).
fn split(text: &str) -> (String, String) {
    match text.match_indices("+++\n").nth(1) {
        Some((at, _)) => (text[..at + 4].to_string(), text[at + 4..].to_string()),
        None => (String::new(), text.to_string()),
    }
}

/// One random change; returns the paths it touched (relative to root).
fn random_step(rng: &mut Rng, root: &Path, step: usize) -> Vec<String> {
    let pages = page_files(root);
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    let kind = rng.below(100);
    let target = rng.pick(&pages);
    // The p0 pages are link targets: they are edited, never moved.
    let movable: Vec<String> = pages
        .iter()
        .filter(|p| !p.ends_with("/p0.md"))
        .cloned()
        .collect();
    let (front, body) = split(&read(&target));
    match kind {
        // Body edits, the common case: text after or before the summary
        // marker, headings, links (some broken), the marker itself.
        0..=24 => {
            let text = format!("{body}\n{}\n", sentence(rng));
            write(root, &target, &format!("{front}{text}"));
        }
        25..=34 => {
            let text = format!("{} {}\n\n{body}", sentence(rng), step);
            write(root, &target, &format!("{front}{text}"));
        }
        35..=42 => {
            let link = if rng.below(4) == 0 {
                "../ateliers/nulle-part.md".to_string()
            } else {
                format!("../{}/p0.md", rng.pick(&SECTIONS))
            };
            let text = format!("{body}\n## Titre {step}\n\nVoir [ici]({link}#partie-0).\n");
            write(root, &target, &format!("{front}{text}"));
        }
        43..=47 => {
            let text = body.replace("<!-- more -->", "");
            write(root, &target, &format!("{front}{text}"));
        }
        48..=50 => write(root, &target, &format!("{front}{body}")), // saved unchanged
        // Front matter: title, theme, draft.
        51..=58 => {
            let text = front.replacen("title = \"", &format!("title = \"{step} "), 1);
            write(root, &target, &format!("{text}{body}"));
        }
        59..=62 => {
            let theme = rng.pick(&THEMES);
            let text = front.replace("Professionnels", theme);
            write(root, &target, &format!("{text}{body}"));
        }
        // Files appear, move and disappear.
        63..=70 => {
            let s = rng.pick(&SECTIONS);
            let rel = format!("content/{s}/n{step}.md");
            let text = page(
                &format!("Nouvelle {step}"),
                step,
                rng.pick(&THEMES),
                "Texte.\n",
            );
            write(root, &rel, &text);
            return vec![rel];
        }
        71..=76 if !movable.is_empty() => {
            let target = rng.pick(&movable);
            let s = rng.pick(&SECTIONS);
            let to = format!("content/{s}/r{step}.md");
            std::fs::rename(root.join(&target), root.join(&to)).unwrap();
            return vec![target, to];
        }
        77..=81 if !movable.is_empty() => {
            let target = rng.pick(&movable);
            std::fs::remove_file(root.join(&target)).unwrap();
            return vec![target];
        }
        // Broken front matter, fixed by a later step's rewrite.
        82..=84 => {
            write(root, &target, &format!("+++\ntitle = \"cassé\n+++\n{body}"));
        }
        87..=88 => {
            let s = rng.pick(&SECTIONS);
            let rel = format!("content/{s}/_index.md");
            let text = format!(
                "+++\ntitle = \"{s}\"\npaginate_by = 2\n+++\n{}\n",
                sentence(rng)
            );
            write(root, &rel, &text);
            return vec![rel];
        }
        89..=90 => {
            let rel = "static/extra.css".to_string();
            write(root, &rel, &format!("/* {step} */\n"));
            return vec![rel];
        }
        91..=92 => {
            // An editor's swap file: must change nothing.
            let rel = format!("content/ateliers/.p0.md.swp{step}");
            write(root, &rel, "swap");
            return vec![rel];
        }
        85..=86 => {
            // `sed -i`: a temporary file beside the page, renamed over it.
            let text = format!("{body}\n{}\n", sentence(rng));
            let temp = format!("{}/sed{step}", target.rsplit_once('/').unwrap().0);
            write(root, &temp, &format!("{front}{text}"));
            std::fs::rename(root.join(&temp), root.join(&target)).unwrap();
            return vec![temp, target];
        }
        _ => {
            // Repair every broken page, so the site keeps building.
            let mut touched = Vec::new();
            for p in &pages {
                let text = read(p);
                if text.contains("cassé\n") || text.contains("nulle-part") {
                    write(
                        root,
                        p,
                        &page(&format!("Réparée {step}"), step, "Violences", "Ok.\n"),
                    );
                    touched.push(p.clone());
                }
            }
            return touched;
        }
    }
    vec![target]
}

fn clean_build(root: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let loaded = carnet::build::load(root, false).ok()?;
    let sink = MemorySink::default();
    carnet::build::write(&loaded, &sink).ok()?;
    Some(sink.files.into_inner().unwrap())
}

fn assert_same(
    step: usize,
    served: &BTreeMap<String, std::sync::Arc<[u8]>>,
    clean: &BTreeMap<String, Vec<u8>>,
) {
    let served_paths: BTreeSet<&String> = served.keys().collect();
    let clean_paths: BTreeSet<&String> = clean.keys().collect();
    assert_eq!(served_paths, clean_paths, "step {step}: not the same files");
    for (path, bytes) in clean {
        let got = &served[path];
        assert!(
            got.as_ref() == bytes.as_slice(),
            "step {step}: {path} differs from a clean build\n--- served:\n{}\n--- clean:\n{}",
            String::from_utf8_lossy(got),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn served_site_always_equals_a_clean_build() {
    let seed: u64 = std::env::var("CARNET_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_CA27);
    let steps: usize = std::env::var("CARNET_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fixture(&root);
    let mut rng = Rng(seed);
    let mut engine = Engine::new(&root, false);
    assert!(matches!(engine.full(), Outcome::Rebuilt { .. }));
    engine.settle_index();
    let mut last_good = clean_build(&root).expect("the fixture builds");
    assert_same(0, engine.files(), &last_good);
    let (mut fast, mut full, mut failed) = (0, 0, 0);
    let mut broken = false;
    for step in 1..=steps {
        let touched = random_step(&mut rng, &root, step);
        // What the watcher would pass on.
        let changed: BTreeSet<String> = touched
            .iter()
            .filter_map(|rel| relevant(&root, &root.join(rel)))
            .collect();
        let outcome = if changed.is_empty() {
            Outcome::Unchanged
        } else {
            engine.apply(&changed)
        };
        engine.settle_index();
        match &outcome {
            Outcome::Failed(e) => {
                if std::env::var("CARNET_DEBUG").is_ok() {
                    eprintln!(
                        "step {step}: {}",
                        e.to_string()
                            .lines()
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
                broken = true;
                failed += 1;
            }
            Outcome::Rebuilt { full: false, .. } => (broken, fast) = (false, fast + 1),
            Outcome::Rebuilt { full: true, .. } => (broken, full) = (false, full + 1),
            Outcome::Unchanged => {}
        }
        match clean_build(&root) {
            Some(clean) => {
                assert!(!broken, "step {step} (seed {seed}): serve refused {changed:?}, a clean build works: {outcome:?}");
                last_good = clean;
            }
            None => assert!(
                broken,
                "step {step} (seed {seed}): a clean build fails, serve accepted {changed:?}"
            ),
        }
        // After a failure the previous site is still served.
        assert_same(step, engine.files(), &last_good);
    }
    eprintln!("seed {seed}: {fast} incremental, {full} full, {failed} refused rebuilds");
    assert!(fast > steps / 10, "the incremental path must be exercised");
    assert!(failed > 0 && full > 0);
}
