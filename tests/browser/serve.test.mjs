// carnet serve seen from a real browser: an open page reloads by itself
// once a save has been rebuilt, shows the error overlay when the author
// breaks the page, and comes back when the mistake is fixed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { carnetBin, launch, makeFixture } from './lib/index.mjs';

const SITE = 'title = "PEX"\n[taxonomies.themes]\ntitle = "Thématiques"\n';
const page = (title, body) => `+++\ntitle = "${title}"\ndate = 2023-03-21\n+++\n\n${body}\n`;

let browser;
let server;
let root;
let base;

/** Starts `carnet serve --port 0` and resolves with the URL it prints. */
function startServer(dir) {
  const child = spawn(carnetBin(), ['serve', '--root', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`carnet serve printed no address:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      const match = output.match(/http:\/\/localhost:(\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://localhost:${match[1]}/` });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`carnet serve exited (${code}):\n${output}`)));
  });
}

before(async () => {
  root = await makeFixture({
    'site.toml': SITE,
    'content/ateliers/_index.md': '+++\ntitle = "Ateliers"\n+++\n',
    'content/ateliers/excision.md': page('Excision', 'Première version du texte.'),
  });
  ({ child: server, url: base } = await startServer(root));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** Opens the atelier and marks the window, so a reload can be told from an in-place change. */
async function openPage() {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${base}ateliers/excision/index.html`);
  await tab.evaluate(() => { window.__notReloaded = true; });
  // Let the reload stream connect before the first save.
  await tab.waitForTimeout(500);
  return tab;
}

test('an open page reloads with the saved text', { timeout: 60_000 }, async () => {
  const tab = await openPage();
  assert.match(await tab.textContent('main'), /Première version/);
  await writeFile(join(root, 'content/ateliers/excision.md'), page('Excision', 'Deuxième version, enregistrée.'));
  await tab.waitForFunction(() => document.querySelector('main')?.textContent.includes('Deuxième version'), null, { timeout: 15_000 });
  assert.equal(await tab.evaluate(() => window.__notReloaded), undefined, 'the page was reloaded, not patched');
  await tab.context().close();
});

test('a broken page shows the overlay, and fixing it brings the page back', { timeout: 60_000 }, async () => {
  const tab = await openPage();
  await writeFile(join(root, 'content/ateliers/excision.md'), '+++\ntitle = "Excision\n+++\n\nTexte.\n');
  const overlay = tab.locator('#__carnet-overlay');
  await overlay.waitFor({ timeout: 15_000 });
  const message = await overlay.textContent();
  assert.match(message, /content\/ateliers\/excision\.md:2/, message);
  assert.match(message, /^carnet serve : le site n'a pas pu être reconstruit\.\nCorrigez le problème/, message);
  assert.match(await tab.textContent('main'), /Deuxième version|Première version/, 'the last good page stays visible');
  await writeFile(join(root, 'content/ateliers/excision.md'), page('Excision', 'Troisième version, corrigée.'));
  await tab.waitForFunction(() => document.querySelector('main')?.textContent.includes('Troisième version'), null, { timeout: 15_000 });
  assert.equal(await tab.locator('#__carnet-overlay').count(), 0, 'overlay gone once fixed');
  await tab.context().close();
});

test('on an English site the overlay is in English', { timeout: 60_000 }, async () => {
  const dir = await makeFixture({
    'site.toml': 'title = "PEX"\nlanguage = "en"\n',
    'content/notes/_index.md': '+++\ntitle = "Notes"\n+++\n',
    'content/notes/first.md': page('First', 'First text.'),
  });
  const { child, url } = await startServer(dir);
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${url}notes/first/index.html`);
    await tab.waitForTimeout(500);
    await writeFile(join(dir, 'content/notes/first.md'), '+++\ntitle = "First\n+++\n\nText.\n');
    const overlay = tab.locator('#__carnet-overlay');
    await overlay.waitFor({ timeout: 15_000 });
    const message = await overlay.textContent();
    assert.match(message, /^carnet serve: the site could not be rebuilt\.\nFix the problem below and save/, message);
    assert.match(message, /content\/notes\/first\.md:2/, message);
    assert.doesNotMatch(message, /reconstruit|Corrigez|erreur/, message);
    const missing = await tab.goto(`${url}nowhere/at/all/`);
    assert.equal(missing.status(), 404);
    assert.equal(await tab.getAttribute('html', 'lang'), 'en');
  } finally {
    await context.close();
    child.kill();
  }
});
