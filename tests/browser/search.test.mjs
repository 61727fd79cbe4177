// The search page in Chromium, over http under a sub-path and from disk
// (file://): French queries of every kind, facets, URL parameters, escaping
// of content, keyboard use, and no request leaving the machine.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { buildSite, launch, makeFixture, serve, watchRequests } from './lib/index.mjs';
import { QUERIES, searchSiteFiles } from './search-fixture.mjs';

let browser;
let out;
let server;

before(async () => {
  browser = await launch();
  out = await buildSite(await makeFixture(searchSiteFiles()));
  server = await serve(out, { prefix: '/pex/' });
});

after(async () => {
  await server?.close();
  await browser?.close();
});

const VIAS = {
  http: () => `${server.url}recherche/index.html`,
  file: () => pathToFileURL(join(out, 'recherche', 'index.html')).href,
};

/** A fresh page that fails the test on any script error or alert. */
async function open(t) {
  const context = await browser.newContext();
  const requests = await watchRequests(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, []);
    requests.assertLocalOnly();
  });
  return page;
}

async function settled(page) {
  await page.waitForSelector('#search-results[aria-busy="false"]', { state: 'attached' });
}

async function search(page, base, params) {
  await page.goto(`${base}?${new URLSearchParams(params)}`);
  await settled(page);
}

/** Result links, as paths from the site root. */
async function resultPaths(page) {
  const hrefs = await page.$$eval('#search-results a', (as) => as.map((a) => a.href));
  const root = new URL('../', page.url()).href;
  return hrefs.map((h) => (h.startsWith(root) ? h.slice(root.length) : h));
}

for (const [via, base] of Object.entries(VIAS)) {
  test(`French queries find their page in the top 3 (${via})`, async (t) => {
    const page = await open(t);
    const misses = [];
    for (const [q, want] of QUERIES) {
      await search(page, base(), { q });
      const top = (await resultPaths(page)).slice(0, 3);
      if (!top.includes(want)) misses.push(`« ${q} » → ${top.join(', ') || 'nothing'} (want ${want})`);
    }
    assert.deepEqual(misses, []);
  });

  test(`content is shown as text, never run (${via})`, async (t) => {
    const page = await open(t);
    await search(page, base(), { q: 'balise piegee' });
    const first = page.locator('#search-results a').first();
    assert.equal(await first.textContent(), '<img src=x onerror=alert(1)>');
    assert.equal(await page.locator('#search-results img, #search-results script').count(), 0);
    const text = await page.textContent('#search-results');
    assert.match(text, /<script>alert\(2\)<\/script>|esperluettes/);
  });

  test(`facets filter, count, and go into the URL (${via})`, async (t) => {
    const page = await open(t);
    await search(page, base(), { q: 'violences' });
    const all = await resultPaths(page);
    assert.ok(all.length > 3, `${all.length} results`);
    const box = page.locator('#search-facets input[name="themes"][value="Violences conjugales"]');
    const label = await box.locator('xpath=..').textContent();
    const count = Number(/\((\d+)\)/.exec(label)[1]);
    // keyboard: focus the box and press space
    await box.focus();
    await page.keyboard.press('Space');
    await settled(page);
    const filtered = await resultPaths(page);
    assert.equal(filtered.length, count);
    assert.ok(filtered.includes('ateliers/violences-conjugales/index.html'));
    assert.ok(filtered.length < all.length);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), 'violences');
    assert.deepEqual(url.searchParams.getAll('themes'), ['Violences conjugales']);
    // the bookmarked URL gives the same page
    await page.goto(url.href);
    await settled(page);
    assert.deepEqual(await resultPaths(page), filtered);
    assert.ok(await box.isChecked());
    // a section and a year, combined with the query
    await search(page, base(), { q: 'violences', section: 'Ressources' });
    assert.deepEqual(await resultPaths(page), ['ressources/violentometre/index.html']);
    await search(page, base(), { q: 'pleurs', year: '2022' });
    assert.deepEqual(await resultPaths(page), ['ateliers/bebe-secoue/index.html']);
    await search(page, base(), { q: 'pleurs', year: '2021' });
    assert.deepEqual(await resultPaths(page), []);
  });
}

test('a facet alone lists its pages, and the status says how many', async (t) => {
  const page = await open(t);
  await search(page, VIAS.http(), { themes: 'Périnatalité' });
  const paths = (await resultPaths(page)).sort();
  assert.deepEqual(paths, ['ateliers/bebe-secoue/index.html', 'ressources/sages-femmes-pmi/index.html']);
  assert.equal(await page.getAttribute('#search-status', 'role'), 'status');
  assert.match(await page.textContent('#search-status'), /\b2\b/);
});

test('the status announces the number of results; partial matches come last', async (t) => {
  const page = await open(t);
  await search(page, VIAS.file(), { q: 'violences parole' });
  assert.match(await page.textContent('#search-status'), /2 pages contiennent tous les mots/);
  const paths = await resultPaths(page);
  assert.deepEqual(paths.slice(0, 2).sort(), ['ateliers/inceste/index.html', 'ateliers/violences-conjugales/index.html']);
  assert.ok(await page.locator('.search-partial-heading').isVisible());
});

test('matched words are highlighted in the excerpt', async (t) => {
  const page = await open(t);
  await search(page, VIAS.http(), { q: 'bebe secoue' });
  const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.map((x) => x.textContent));
  assert.ok(marks.includes('Secouer') || marks.includes('bébé'), marks.join('|'));
});

test('typing searches as you go and keeps the URL up to date; keyboard reaches the results', async (t) => {
  const page = await open(t);
  await page.goto(VIAS.file());
  await settled(page);
  assert.match(await page.textContent('#search-status'), /Saisissez/);
  await page.focus('#search-input');
  await page.keyboard.type('violento');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'violento');
  await settled(page);
  assert.equal((await resultPaths(page))[0], 'ressources/violentometre/index.html');
  await page.keyboard.press('Enter');
  await settled(page);
  // Tab through the filters to the first result, then follow it
  let focused = '';
  for (let i = 0; i < 40 && !focused.includes('violentometre'); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => (document.activeElement.closest('#search-results') ? document.activeElement.href : ''));
  }
  assert.match(focused, /violentometre\/index\.html$/);
  await Promise.all([page.waitForURL(/violentometre\/index\.html$/), page.keyboard.press('Enter')]);
});

test('the search box of every page leads to the search page with its query', async (t) => {
  const page = await open(t);
  await page.goto(`${server.url}ateliers/excision/index.html`);
  await page.fill('#search-box-input', 'l’excision');
  await Promise.all([page.waitForURL(/recherche\//), page.press('#search-box-input', 'Enter')]);
  await settled(page);
  assert.equal(await page.inputValue('#search-input'), 'l’excision');
  assert.equal((await resultPaths(page))[0], 'ateliers/excision/index.html');
});
