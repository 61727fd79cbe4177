// The search engine of assets/search.js, run in Node on the index of the
// fixture site built by carnet: quick checks of the French queries and of
// the engine's parts, without a browser. The browser tests (search.test.mjs)
// check the same through the page, over http and file://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { buildSite, makeFixture } from './lib/index.mjs';
import { QUERIES, searchSiteFiles } from './search-fixture.mjs';

const site = await buildSite(await makeFixture(searchSiteFiles()));

function loadClient() {
  const ctx = vm.createContext({ console });
  vm.runInContext(fs.readFileSync(path.join(site, 'assets/search.js'), 'utf8'), ctx);
  return ctx.CarnetSearch;
}

const loads = [];
function nodeLoader(kind, n) {
  const file = kind === 'm' ? 'meta.js' : `${kind}/${n}.js`;
  loads.push(file);
  let data;
  const ctx = vm.createContext({ carnetSearch: (k, i, d) => { data = d; } });
  vm.runInContext(fs.readFileSync(path.join(site, 'search', file), 'utf8'), ctx);
  return Promise.resolve(data);
}

const api = loadClient();
const engine = new api.Engine(nodeLoader);

async function top(query, k = 3) {
  const r = await engine.search(query);
  const urls = [];
  for (const hit of r.ranked.slice(0, k)) urls.push((await engine.doc(hit.page)).u);
  return urls;
}

for (const [query, want] of QUERIES) {
  test(`« ${query} » finds ${want}`, async () => {
    const urls = await top(query);
    assert.ok(urls.includes(want), `top 3: ${urls.join(', ')}`);
  });
}

test('pages with every word come before pages with some', async () => {
  const r = await engine.search('violences parole');
  assert.equal(r.full, 2);
  const full = [];
  for (const hit of r.ranked.slice(0, 2)) full.push((await engine.doc(hit.page)).u);
  assert.deepEqual(full.sort(), ['ateliers/inceste/index.html', 'ateliers/violences-conjugales/index.html']);
  assert.ok(r.ranked.length > r.full, 'partial matches follow');
  for (let i = r.full; i < r.ranked.length; i++) assert.ok(r.ranked[i].matched < 2);
});

test('stop words alone find nothing and do not fail', async () => {
  const r = await engine.search('la les des');
  assert.equal(r.ranked.length, 0);
});

test('unknown words find nothing', async () => {
  const r = await engine.search('zzzzzz');
  assert.equal(r.ranked.length, 0);
});

test('analysis: folding, elisions, hyphens, stop words', async () => {
  await engine.init();
  const a = engine.analyzer;
  assert.equal(a.fold('Œuvre Éducative ÇA'), 'oeuvre educative ca');
  const words = (s) => JSON.parse(JSON.stringify(
    a.words(s).map((w) => w.parts.concat(w.whole ? [w.whole] : []))));
  assert.deepEqual(words('L’excision'), [['excision']]);
  assert.deepEqual(words("jusqu'à aujourd'hui"), [['aujourdhui']]);
  assert.deepEqual(words('sage‑femme'), [['sage', 'femme', 'sage-femme']]);
  assert.deepEqual(words("c'est-à-dire"), [['dire']]);
});

test('edit distance counts a swap as one edit', () => {
  assert.equal(api.editDistance('pornografie', 'pornographie', 2), 2);
  assert.equal(api.editDistance('violecne', 'violence', 2), 1);
  assert.equal(api.editDistance('abc', 'xyz', 1), 2);
});

test('facets count sections, years and terms over the matches', async () => {
  const r = await engine.search('violences');
  const facets = engine.facets({ section: 'Section', year: 'Année', noSection: '-' });
  const pages = r.ranked.map((h) => h.page);
  const f = await engine.filter(pages, facets, { themes: ['Violences conjugales'] });
  assert.ok(f.pages.length >= 2 && f.pages.length < pages.length);
  const themes = facets.findIndex((x) => x.param === 'themes');
  const vc = facets[themes].values.indexOf('Violences conjugales');
  assert.equal(f.counts[themes][vc], f.pages.length);
  const section = facets.findIndex((x) => x.param === 'section');
  const total = f.counts[section].reduce((a, b) => a + b, 0);
  assert.equal(total, f.pages.length);
});

test('excerpts highlight inflected forms', async () => {
  const r = await engine.search('bebe secoue');
  const doc = await engine.doc(r.ranked[0].page);
  const isMatch = engine.matcher(r.terms);
  const marks = engine.marks(doc.b, isMatch).map(([s, e]) => doc.b.slice(s, e));
  assert.ok(marks.includes('Secouer'), marks.join('|'));
  assert.ok(marks.includes('bébé'), marks.join('|'));
});
