// Bytes Chromium downloads for searches on a built site, served over http:
// a first query (the search page opened with ?q=…: search.js, meta.js and
// the index files the query needs) and a second one typed in the same page
// (only what is new). The page's own HTML and CSS are reported apart.
//
//   node bench/search-bytes.mjs PUBLIC_DIR
import { launch, serve } from '../tests/browser/lib/index.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/search-bytes.mjs PUBLIC_DIR');

const SCENARIOS = [
  ['violences conjugales', 'contraception adolescents'],
  ['excision', 'pornografie'],
  ['parentalité', 'bebe secoue'],
];

const isSearch = (url) => /\/search\/|\/assets\/search\.js/.test(url);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const server = await serve(dir, { prefix: '/' });
const browser = await launch();
try {
  for (const [first, second] of SCENARIOS) {
    const page = await browser.newPage();
    let log = [];
    page.on('requestfinished', async (request) => {
      const response = await request.response();
      const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
      log.push({ url: request.url(), bytes: body.length });
    });
    const settle = async () => {
      await page.waitForSelector('#search-results[aria-busy="false"]', { state: 'attached' });
      await page.waitForLoadState('networkidle');
    };
    const take = async () => {
      const search = log.filter((r) => isSearch(r.url));
      const other = log.filter((r) => !isSearch(r.url));
      const results = await page.locator('#search-results a').count();
      log = [];
      return {
        bytes: search.reduce((s, r) => s + r.bytes, 0),
        files: search.length,
        other: other.reduce((s, r) => s + r.bytes, 0),
        results,
      };
    };
    await page.goto(`${server.url}recherche/index.html?q=${encodeURIComponent(first)}`);
    await settle();
    const one = await take();
    await page.fill('#search-input', second);
    await page.press('#search-input', 'Enter');
    await settle();
    const two = await take();
    console.log(`first query « ${first} »: ${kb(one.bytes)} in ${one.files} files, ${one.results} results shown` +
      ` (+ ${kb(one.other)} of page HTML/CSS); then « ${second} »: ${kb(two.bytes)} more in ${two.files} files`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
