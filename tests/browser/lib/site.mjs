// Sites to test: small hand-written fixtures, and sites built by the real
// carnet binary (the one cargo just built, passed in $CARNET_BIN).

import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, which is itself the example site. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

// Temp dirs are removed when the test process exits, unless
// CARNET_KEEP_TMP=1 asks to keep them for a look after a failure.
const created = [];
process.on('exit', () => {
  if (process.env.CARNET_KEEP_TMP === '1') return;
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty temporary directory, removed when the process exits. */
export async function tempDir(label = 'carnet-browser-') {
  const dir = await mkdtemp(join(tmpdir(), label));
  created.push(dir);
  return dir;
}

/**
 * Writes a small site into a fresh temp dir and returns the dir.
 * `files` maps a relative path (`content/ateliers/_index.md`) to its content.
 */
export async function makeFixture(files) {
  const root = await tempDir('carnet-fixture-');
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    if (!target.startsWith(root + sep)) throw new Error(`fixture path escapes its folder: ${path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return root;
}

/** The carnet binary under test: $CARNET_BIN (set by tests/browser.rs), else target/debug/carnet. */
export function carnetBin() {
  if (process.env.CARNET_BIN) return process.env.CARNET_BIN;
  const fallback = join(REPO_ROOT, 'target', 'debug', process.platform === 'win32' ? 'carnet.exe' : 'carnet');
  if (existsSync(fallback)) return fallback;
  throw new Error('CARNET_BIN is not set and target/debug/carnet does not exist: run the browser tests with `cargo test`, or `cargo build` first');
}

/**
 * Runs `carnet build --root DIR --output OUT` plus `args`, into a fresh temp
 * dir, and returns OUT. A failed build throws with carnet's own output.
 */
export async function buildSite(dir, args = []) {
  const out = join(await tempDir('carnet-out-'), 'public');
  const argv = ['build', '--root', dir, '--output', out, ...args];
  const bin = carnetBin();
  await new Promise((done, fail) => {
    execFile(bin, argv, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const how = error.code === 'ENOENT' ? 'not found' : `exit status ${error.code ?? error.signal}`;
        fail(new Error(`${bin} ${argv.join(' ')} failed (${how})\n${stdout}${stderr}`));
      } else {
        done();
      }
    });
  });
  if (!existsSync(out)) throw new Error(`carnet build succeeded but wrote nothing to ${out}`);
  return out;
}

/** Every file under `dir`, as sorted relative paths with `/` separators. */
export async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join('/'))
    .sort();
}
