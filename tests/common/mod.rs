//! Helpers shared by the integration tests: fixture sites in temp dirs and
//! the real `carnet` binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with the given files (relative path → content).
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for (path, text) in files {
            f.write(path, text);
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).unwrap();
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `carnet build --root ROOT` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Output {
        carnet(&[&["build", "--root", self.root().to_str().unwrap()], args].concat())
    }

    /// Builds and panics with the error output if it fails.
    pub fn build_ok(&self) -> Output {
        let out = self.build(&[]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    pub fn read(&self, output_path: &str) -> String {
        std::fs::read_to_string(self.out().join(output_path))
            .unwrap_or_else(|e| panic!("{output_path}: {e}"))
    }
}

pub fn carnet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carnet"))
        .args(args)
        .output()
        .expect("run carnet")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Every file under `dir` with its bytes, skipping carnet's manifest.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.file_name() != ".carnet-build" {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Every `href`/`src` of every HTML file that does not resolve to a file
/// of the output, as "page: link". External links, `mailto:`/`tel:` and
/// pure `#anchors` are skipped.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, bytes) in tree(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let page_dir = Path::new(&rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for attr in ["href=\"", "src=\""] {
            for piece in html.split(attr).skip(1) {
                let link = unescape(&piece[..piece.find('"').unwrap()]);
                if link.is_empty()
                    || link.starts_with('#')
                    || link.contains(':')
                    || link.starts_with("//")
                {
                    continue;
                }
                let path = link.split(['#', '?']).next().unwrap();
                let target = normalize(&page_dir.join(percent_decode(path)));
                let file = out.join(&target);
                if !file.is_file() {
                    broken.push(format!("{rel}: {link}"));
                }
            }
        }
    }
    broken
}

fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

fn percent_decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(out.pop(), "link climbs out of the site: {}", p.display());
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

pub const SITE_TOML: &str = "title = \"PEX\"\n[taxonomies.themes]\ntitle = \"Thématiques\"\n[taxonomies.publics]\ntitle = \"Publics\"\n";
