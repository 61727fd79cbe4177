//! The only module that writes the site: files go to a staging folder, and
//! the staging folder replaces the output only once everything succeeded, so
//! a failed build leaves the previous site exactly as it was.

use crate::error::{display_path, Diagnostic, Error, Location, Result};
use std::path::{Path, PathBuf};

/// Where rendered files go: a staging folder on disk, or memory for tests
/// and the dev server.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative, `/`-separated).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;
    /// Copies the file `source` to `path`.
    fn copy(&self, path: &str, source: &Path) -> Result<()> {
        let bytes = std::fs::read(source).map_err(|e| Error::io("lire", source, e))?;
        self.write(path, &bytes)
    }
}

/// Name of the file that marks a folder as carnet's output, so carnet never
/// replaces a folder it did not make.
pub const MARKER: &str = ".carnet-build";

/// A staging folder beside the output, on the same file system so the final
/// swap is a rename.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
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
        std::fs::create_dir_all(parent).map_err(|e| Error::io("créer le dossier", parent, e))?;
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
        std::fs::create_dir(&dir).map_err(|e| Error::io("créer le dossier", &dir, e))?;
        std::fs::write(
            dir.join(MARKER),
            "Ce dossier est produit par carnet build.\n",
        )
        .map_err(|e| Error::io("écrire", &dir, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        })
    }

    /// Swaps the staging folder in place of the output.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_extension("old");
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old)
                .map_err(|e| Error::io("remplacer", &self.output, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                // Put the previous site back: nothing lost.
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(Error::io("remplacer", &self.output, e));
        }
        self.committed = true;
        if had_output {
            // The new site is in place; failing to delete the old one only
            // leaves a hidden folder behind.
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
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
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("créer le dossier", parent, e))?;
        }
        std::fs::write(&dest, bytes).map_err(|e| Error::io("écrire", &dest, e))
    }

    fn copy(&self, path: &str, source: &Path) -> Result<()> {
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("créer le dossier", parent, e))?;
        }
        std::fs::copy(source, &dest).map_err(|e| Error::io("copier", source, e))?;
        Ok(())
    }
}

/// Refuses an output folder that holds the sources, or one that exists,
/// is not empty, and was not made by carnet.
fn check_output_is_safe(output: &Path, site_root: &Path) -> Result<()> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out, root) = (abs(output), abs(site_root));
    let refuse = |why: String| {
        Err(Error::one(
            Diagnostic::error(Location::file(output), why).with_help(
                "choisissez un dossier de sortie à part, par exemple public/ (l'option --output)",
            ),
        ))
    };
    if root.starts_with(&out) {
        return refuse(format!(
            "le dossier de sortie « {} » contient les sources du site : carnet le remplacerait",
            display_path(output)
        ));
    }
    for source in ["content", "templates", "static", "themes"] {
        if out.starts_with(root.join(source)) {
            return refuse(format!(
                "le dossier de sortie « {} » est dans {source}/, parmi les sources",
                display_path(output)
            ));
        }
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse(format!(
                "le dossier « {} » existe déjà et n'a pas été créé par carnet : il ne sera pas remplacé",
                display_path(output)
            ));
        }
    } else if out.exists() && !out.is_dir() {
        return refuse(format!(
            "« {} » est un fichier, pas un dossier",
            display_path(output)
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
}
