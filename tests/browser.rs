//! Runs the browser tests in `tests/browser/` (node's test runner driving
//! Debian's Chromium through playwright-core) against the binary cargo just
//! built, so that `cargo test` is the one command that tests everything.
//!
//! A missing node or Chromium fails the test with what to install: a browser
//! test that skips itself quietly would let a broken site pass. Set
//! `CARNET_SKIP_BROWSER=1` to skip them on purpose.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const NPM: &str = if cfg!(windows) { "npm.cmd" } else { "npm" };

/// Prints past libtest's capture, which hides a passing test's output: a
/// skip must be seen.
fn say(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

/// Node's major and minor version, from `node --version` (`v20.20.2`).
fn node_version() -> Option<(u32, u32)> {
    let output = Command::new("node").arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

fn chromium() -> PathBuf {
    env::var_os("CHROMIUM")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// The test files, named explicitly: node 20 searches a directory given to
/// `--test`, but node 22 and later read the arguments as globs instead.
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    files
}

fn install_node_modules(root: &Path, dir: &Path) {
    if dir.join("node_modules").join("playwright-core").exists() {
        return;
    }
    say("browser tests: installing their npm packages (npm ci --prefix tests/browser)");
    let status = Command::new(NPM)
        .args(["ci", "--no-audit", "--no-fund", "--prefix", "tests/browser"])
        .current_dir(root)
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("`npm ci --prefix tests/browser` failed ({status}); run it by hand to see why"),
        Err(err) => panic!(
            "cannot run npm ({err}): install Node.js 20 or later with npm, then run `npm ci --prefix tests/browser`"
        ),
    }
}

#[test]
fn browser_tests() {
    if env::var_os("CARNET_SKIP_BROWSER").is_some_and(|value| value == "1") {
        say("browser tests SKIPPED: CARNET_SKIP_BROWSER=1 is set");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests").join("browser");

    match node_version() {
        Some(version) if version >= (20, 10) => {}
        Some((major, minor)) => panic!(
            "browser tests need Node.js 20.10 or later, and `node` is {major}.{minor}: \
             install a newer Node.js with npm; or set CARNET_SKIP_BROWSER=1 to skip the browser tests"
        ),
        None => panic!(
            "browser tests need Node.js 20.10 or later, and `node` was not found: install Node.js \
             with npm, then run `npm ci --prefix tests/browser`; \
             or set CARNET_SKIP_BROWSER=1 to skip the browser tests"
        ),
    }
    let chromium = chromium();
    assert!(
        chromium.is_file(),
        "browser tests need Chromium, and {} does not exist: install it with `apt-get install chromium`, \
         or set CHROMIUM to its path; or set CARNET_SKIP_BROWSER=1 to skip the browser tests",
        chromium.display()
    );
    install_node_modules(root, &dir);

    let files = test_files(&dir);
    assert!(!files.is_empty(), "no *.test.mjs in {}", dir.display());
    let mut args: Vec<OsString> = vec![
        "--test".into(),
        "--test-concurrency=1".into(),
        "--test-reporter=spec".into(),
    ];
    args.extend(files.into_iter().map(PathBuf::into_os_string));
    // Output goes straight to the terminal, so progress shows as it happens.
    let status = Command::new("node")
        .args(&args)
        .current_dir(root)
        .env("CARNET_BIN", env!("CARGO_BIN_EXE_carnet"))
        .env("CHROMIUM", &chromium)
        .status()
        .expect("node was found above");
    assert!(
        status.success(),
        "browser tests failed ({status}): see node's report above"
    );
}
