// The example site (the repository root) built by the real binary and read
// in Chromium the two ways a team publishes it: opened from disk, and
// served over http under a sub-path. Every page must load without console
// errors, every internal link and asset must name a file that exists, and
// nothing may be fetched from outside the machine.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { REPO_ROOT, assertNoProblems, buildSite, checkSite, launch, scanSite } from './lib/index.mjs';

let browser;
let site;
before(async () => {
  site = await buildSite(REPO_ROOT);
  browser = await launch();
});
after(() => browser?.close());

test('every page of the example site works opened from disk (file://)', { timeout: 180_000 }, async (t) => {
  const { pages, problems } = await checkSite({ browser, root: site, via: 'file' });
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

test('no built file loads anything from another host', async (t) => {
  const { files, problems } = await scanSite(site);
  t.diagnostic(`${files} files scanned`);
  assertNoProblems(problems);
  assert.ok(files > 0);
});
