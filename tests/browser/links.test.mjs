// The example site (the repository root) built by the real binary and read
// in Chromium the two ways a team publishes it: opened from disk, and
// served over http under a sub-path. Every page must load without console
// errors, every internal link and asset must name a file that exists, and
// nothing may be fetched from outside the machine.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { REPO_ROOT, assertNoProblems, buildSite, checkSite, launch, scanSite, serve, watchRequests } from './lib/index.mjs';

let browser;
let site;
before(async () => {
  site = await buildSite(REPO_ROOT);
  browser = await launch();
});
after(() => browser?.close());

test('every page of the example site works opened from disk (file://)', { timeout: 180_000 }, async (t) => {
  // Not 404.html: only a web server shows it, and since the example site
  // sets base_url its links start from /pex/ (checked over http below).
  const { pages, problems } = await checkSite({ browser, root: site, via: 'file', skip: ['404.html'] });
  t.diagnostic(`${pages.length} pages checked`);
  assertNoProblems(problems);
  assert.ok(pages.length > 1, `only ${pages.length} page(s) found in ${site}`);
});

test('every page of the example site works served under a sub-path (/pex/)', { timeout: 180_000 }, async (t) => {
  const { pages, problems } = await checkSite({ browser, root: site, via: 'http', prefix: '/pex/' });
  t.diagnostic(`${pages.length} pages checked`);
  assertNoProblems(problems);
  assert.ok(pages.length > 1, `only ${pages.length} page(s) found in ${site}`);
});

test('the 404 page works at any address the web server shows it at', { timeout: 60_000 }, async () => {
  // As nginx's error_page or Apache's ErrorDocument: the bytes of 404.html
  // at the deep address that was asked for.
  const server = await serve(site, { prefix: '/pex/', notFoundPage: '404.html' });
  const context = await browser.newContext();
  const requests = await watchRequests(context);
  const tab = await context.newPage();
  const failed = [];
  tab.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? 'unknown error';
    // ERR_ABORTED is a request the browser cancelled itself: the favicon
    // fetch Chromium starts after `load` and drops when the tab moves on.
    // That the favicon is there is checked below, at each address.
    if (!error.includes('ERR_ABORTED')) failed.push(`${r.url()} (${error})`);
  });
  try {
    for (const path of ['nulle-part', 'ateliers/x/', 'ateliers/a/b/c/d.html']) {
      const address = server.url + path;
      tab.removeAllListeners('response');
      tab.on('response', (r) => { if (r.status() >= 400 && r.url() !== address) failed.push(`${r.status()} ${r.url()} on ${path}`); });
      const response = await tab.goto(address, { waitUntil: 'load' });
      assert.equal(response.status(), 404, path);
      const rules = await tab.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
      assert.ok(rules > 0, `the stylesheet applies at ${path}`);
      const home = await tab.evaluate(() => document.querySelector('main a.button')?.href);
      assert.equal(home, `${server.url}index.html`, `home link at ${path}`);
      const icon = await tab.evaluate(() => document.querySelector('link[rel="icon"]')?.href);
      assert.equal((await context.request.get(icon)).status(), 200, `favicon ${icon} at ${path}`);
    }
    await tab.click('main a.button');
    await tab.waitForURL(`${server.url}index.html`);
    assert.deepEqual(failed, []);
    requests.assertLocalOnly();
  } finally {
    await context.close();
    await server.close();
  }
});

test('no built file loads anything from another host', async (t) => {
  const { files, problems } = await scanSite(site);
  t.diagnostic(`${files} files scanned`);
  assertNoProblems(problems);
  assert.ok(files > 0);
});
