//! The only module that writes the site: files go to a staging folder, and
//! the staging folder replaces the output only once everything succeeded, so
//! a failed build leaves the previous site exactly as it was.

use crate::error::{display_path, Action, Diagnostic, Error, Location, Result};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a staging folder on disk, or memory for tests
/// and the dev server.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative, `/`-separated).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;
    /// Copies the file `source` to `path`.
    fn copy(&self, path: &str, source: &Path) -> Result<()> {
        let bytes = std::fs::read(source).map_err(|e| Error::io(Action::Read, source, e))?;
        self.write(path, &bytes)
    }
}

/// Name of the file that marks a folder as carnet's output, so carnet never
/// replaces a folder it did not make. It holds the manifest of the build.
pub const MARKER: &str = ".carnet-build";

/// What the previous build wrote: path → (content hash, size, mtime). A file
/// whose hash is unchanged and whose size and mtime on disk are still the
/// ones recorded is not written again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: u128,
    size: u64,
    mtime_ns: u128,
}

#[derive(Debug, Default)]
struct Manifest(HashMap<String, Entry>);

const MANIFEST_HEADER: &str = "carnet-manifest 1";

impl Manifest {
    fn read(output: &Path) -> Manifest {
        let Ok(text) = std::fs::read_to_string(output.join(MARKER)) else {
            return Manifest::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(MANIFEST_HEADER) {
            return Manifest::default();
        }
        let entries = lines
            .filter_map(|line| {
                let mut f = line.splitn(4, '\t');
                let hash = u128::from_str_radix(f.next()?, 16).ok()?;
                let size = f.next()?.parse().ok()?;
                let mtime_ns = f.next()?.parse().ok()?;
                Some((
                    f.next()?.to_string(),
                    Entry {
                        hash,
                        size,
                        mtime_ns,
                    },
                ))
            })
            .collect();
        Manifest(entries)
    }

    fn to_text(&self) -> String {
        let mut paths: Vec<&String> = self.0.keys().collect();
        paths.sort();
        let mut out = String::from(MANIFEST_HEADER);
        out.push('\n');
        for p in paths {
            let e = &self.0[p];
            out.push_str(&format!(
                "{:032x}\t{}\t{}\t{p}\n",
                e.hash, e.size, e.mtime_ns
            ));
        }
        out
    }
}

fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Writes a build so that the output changes only once everything
/// succeeded: new or changed files go to a staging folder beside the
/// output (same file system), unchanged ones are skipped. `commit` then
/// moves the staged files into place and removes files no longer produced;
/// dropping the `Staging` without committing leaves the output untouched.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    previous: Manifest,
    /// Every file of this build, written or not.
    current: Mutex<HashMap<String, Entry>>,
    /// Files staged for writing.
    changed: Mutex<Vec<String>>,
    /// Folders already made in the staging folder: most files of a build
    /// share their folder with others (search shards), and asking the file
    /// system again for each is thousands of system calls.
    made_dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Prepares a staging folder for `output`, after checking that replacing
    /// `output` cannot destroy anything an author wrote.
    pub fn new(output: &Path, site_root: &Path) -> Result<Staging> {
        check_output_is_safe(output, site_root)?;
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(Action::CreateDir, parent, e))?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = parent.join(format!(
            ".{name}.carnet-staging-{}-{stamp}",
            std::process::id()
        ));
        std::fs::create_dir(&dir).map_err(|e| Error::io(Action::CreateDir, &dir, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            previous: Manifest::read(output),
            current: Mutex::new(HashMap::new()),
            changed: Mutex::new(Vec::new()),
            made_dirs: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// True when `path` already holds exactly these bytes in the output.
    fn unchanged(&self, path: &str, hash: u128, size: u64) -> Option<Entry> {
        let old = self.previous.0.get(path)?;
        if old.hash != hash || old.size != size {
            return None;
        }
        // Someone may have edited or deleted the file since: trust the
        // manifest only if the file on disk is the one it describes.
        let meta = std::fs::metadata(self.output.join(path)).ok()?;
        (meta.len() == old.size && mtime_ns(&meta) == old.mtime_ns).then_some(*old)
    }

    /// `create_dir_all`, once per folder.
    fn make_dir(&self, dir: &Path) -> Result<()> {
        if self.made_dirs.lock().expect("lock").contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(Action::CreateDir, dir, e))?;
        self.made_dirs
            .lock()
            .expect("lock")
            .insert(dir.to_path_buf());
        Ok(())
    }

    fn record(&self, path: &str, entry: Entry) {
        self.current
            .lock()
            .expect("lock")
            .insert(path.to_string(), entry);
    }

    /// Moves the staged files into the output and removes the files the
    /// previous build wrote that this one did not.
    pub fn commit(mut self) -> Result<()> {
        let mut current = std::mem::take(&mut *self.current.lock().expect("lock"));
        let changed = std::mem::take(&mut *self.changed.lock().expect("lock"));
        if !self.output.exists() {
            std::fs::rename(&self.dir, &self.output)
                .map_err(|e| Error::io(Action::Create, &self.output, e))?;
        } else {
            // Folders first, each once, then the moves in parallel.
            let folders: std::collections::BTreeSet<PathBuf> = changed
                .iter()
                .filter_map(|path| self.output.join(path).parent().map(Path::to_path_buf))
                .collect();
            for folder in &folders {
                std::fs::create_dir_all(folder)
                    .map_err(|e| Error::io(Action::CreateDir, folder, e))?;
            }
            changed
                .par_iter()
                .map(|path| {
                    let dest = self.output.join(path);
                    std::fs::rename(self.dir.join(path), &dest)
                        .map_err(|e| Error::io(Action::Write, &dest, e))
                })
                .collect::<Result<Vec<()>>>()?;
            self.remove_stale(&current);
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        self.committed = true;
        // Record the mtimes the files got on disk, for the next build: one
        // `stat` per written file, on both cores (60,000 of them after a
        // first build of 50,000 pages).
        let mtimes: Vec<(&String, Option<u128>)> = changed
            .par_iter()
            .map(|path| {
                let meta = std::fs::metadata(self.output.join(path)).ok();
                (path, meta.as_ref().map(mtime_ns))
            })
            .collect();
        for (path, mtime) in mtimes {
            if let (Some(entry), Some(mtime)) = (current.get_mut(path), mtime) {
                entry.mtime_ns = mtime;
            }
        }
        let manifest = Manifest(current).to_text();
        let tmp = self.output.join(format!("{MARKER}.tmp"));
        std::fs::write(&tmp, manifest).map_err(|e| Error::io(Action::Write, &tmp, e))?;
        std::fs::rename(&tmp, self.output.join(MARKER))
            .map_err(|e| Error::io(Action::Write, &tmp, e))
    }

    /// Deletes what the previous build produced and this one did not, and
    /// the folders that leaves empty.
    fn remove_stale(&self, current: &HashMap<String, Entry>) {
        let mut dirs = std::collections::BTreeSet::new();
        for path in self.previous.0.keys().filter(|p| !current.contains_key(*p)) {
            let _ = std::fs::remove_file(self.output.join(path));
            let mut dir = Path::new(path).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                dirs.insert(d.to_path_buf());
                dir = d.parent();
            }
        }
        // Deepest first; a folder that still holds something stays.
        for dir in dirs.iter().rev() {
            let _ = std::fs::remove_dir(self.output.join(dir));
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        let size = bytes.len() as u64;
        if let Some(entry) = self.unchanged(path, hash, size) {
            self.record(path, entry);
            return Ok(());
        }
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            self.make_dir(parent)?;
        }
        std::fs::write(&dest, bytes).map_err(|e| Error::io(Action::Write, &dest, e))?;
        self.record(
            path,
            Entry {
                hash,
                size,
                mtime_ns: 0,
            },
        );
        self.changed.lock().expect("lock").push(path.to_string());
        Ok(())
    }
}

/// Refuses an output folder that holds the sources, or one that exists,
/// is not empty, and was not made by carnet.
fn check_output_is_safe(output: &Path, site_root: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out, root) = (abs(output), abs(site_root));
    let refuse = |why| {
        Err(Error::one(
            Diagnostic::error(Location::file(output), why).with_help(crate::text!(
                "choisissez un dossier de sortie à part, par exemple public/ (l'option --output)",
                "choose a separate output folder, for example public/ (the --output option)"
            )),
        ))
    };
    let shown = display_path(output);
    if root.starts_with(&out) {
        return refuse(crate::text!(
            "le dossier de sortie « {shown} » contient les sources du site : carnet le remplacerait",
            "the output folder \"{shown}\" holds the site's sources: carnet would replace them"
        ));
    }
    for source in ["content", "templates", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return refuse(crate::text!(
                "le dossier de sortie « {shown} » est dans {source}/, parmi les sources",
                "the output folder \"{shown}\" is inside {source}/, among the sources"
            ));
        }
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse(crate::text!(
                "le dossier « {shown} » existe déjà et n'a pas été créé par carnet : il ne sera pas remplacé",
                "the folder \"{shown}\" already exists and was not made by carnet: it will not be replaced"
            ));
        }
    } else if out.exists() && !out.is_dir() {
        return refuse(crate::text!(
            "« {shown} » est un fichier, pas un dossier",
            "\"{shown}\" is a file, not a folder"
        ));
    }
    Ok(())
}

/// Keeps every file in memory: for tests and `carnet serve`.
#[derive(Default)]
pub struct MemorySink {
    pub files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.files
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_is_safe(root, root).is_err());
        assert!(check_output_is_safe(&root.join("content/out"), root).is_err());
        assert!(check_output_is_safe(&root.join("public"), root).is_ok());
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/notes.txt"), "à garder").unwrap();
        assert!(check_output_is_safe(&root.join("docs"), root).is_err());
    }

    #[test]
    fn failed_build_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::new(&out, dir.path()).unwrap();
        s.write("index.html", b"v1").unwrap();
        s.commit().unwrap();
        let s = Staging::new(&out, dir.path()).unwrap();
        s.write("index.html", b"v2").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"v1");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "staging folder removed");
    }

    fn commit_files(out: &Path, root: &Path, files: &[(&str, &str)]) -> usize {
        let s = Staging::new(out, root).unwrap();
        for (p, b) in files {
            s.write(p, b.as_bytes()).unwrap();
        }
        let changed = s.changed.lock().unwrap().len();
        s.commit().unwrap();
        changed
    }

    #[test]
    fn rebuild_writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let n = commit_files(
            &out,
            dir.path(),
            &[("a/index.html", "A"), ("b/index.html", "B")],
        );
        assert_eq!(n, 2);
        let n = commit_files(
            &out,
            dir.path(),
            &[("a/index.html", "A"), ("c/index.html", "C")],
        );
        assert_eq!(n, 1, "only c is new");
        assert!(!out.join("b").exists(), "stale page and its folder removed");
        assert_eq!(
            std::fs::read_to_string(out.join("c/index.html")).unwrap(),
            "C"
        );
        // A file changed by hand in the output is rewritten.
        std::fs::write(out.join("a/index.html"), "edited by hand").unwrap();
        let n = commit_files(
            &out,
            dir.path(),
            &[("a/index.html", "A"), ("c/index.html", "C")],
        );
        assert_eq!(n, 1);
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A"
        );
    }
}
