// Tests of the browser-test harness itself, on hand-written sites: a check
// that cannot fail is worse than none, so every kind of defect the link and
// external-request checks look for is planted here and must be reported,
// and a clean site must come out clean.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertNoProblems, buildSite, checkSite, formatProblems, isLocalUrl, launch, listFiles, makeFixture, scanSite, serve } from './lib/index.mjs';

const page = (body, head = '') =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;

const CLEAN = {
  'index.html': page(
    `<a href="a/index.html#part">A</a> <a href="https://example.org/">ailleurs</a> <a href="mailto:x@example.org">mail</a>
     <img src="img/logo.svg" alt=""> <a href="doc.pdf">PDF</a>`,
    '<link rel="stylesheet" href="style.css"><link rel="alternate" type="application/atom+xml" href="atom.xml">',
  ),
  'a/index.html': page('<h2 id="part">Partie</h2><a href="../index.html">retour</a><a href="#part">ici</a>', '<link rel="stylesheet" href="../style.css">'),
  '404.html': page('<a href="index.html">accueil</a>'),
  'style.css': 'body { background: url(img/logo.svg) no-repeat; } /* https://example.org in a comment */',
  'img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>',
  'doc.pdf': '%PDF-1.4\n',
  'atom.xml': '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
  'app.js': 'const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");\n// https://example.org/doc in a comment\n',
};

const BROKEN = {
  'index.html': page(
    ['broken', 'folder', 'absolute', 'external-img', 'escaped-img', 'external-css', 'fragment', 'console', 'missing-css', 'fetch', 'bad-css']
      .map((name) => `<a href="${name}.html">${name}</a>`)
      .join(' '),
  ),
  'a/index.html': page('<h2 id="part">Partie</h2>'),
  'broken.html': page('<a href="missing.html">manque</a>'),
  'folder.html': page('<a href="a/">dossier</a>'),
  'absolute.html': page('<a href="/a/index.html">absolu</a>'),
  'external-img.html': page('<img src="https://cdn.example.com/x.png" alt="">'),
  'escaped-img.html': page('<img src="https:&#x2F;&#x2F;cdn.example.com&#x2F;y.png" alt="">'),
  'external-css.html': page('<form action="https://search.example.com/q"><input name="q"></form>', '<link rel="stylesheet" href="https://fonts.example.com/css2">'),
  'fragment.html': page('<a href="a/index.html#nope">ancre</a>'),
  'console.html': page("<script>console.error('boom')</script><script>throw new Error('kaboom')</script>"),
  'missing-css.html': page('', '<link rel="stylesheet" href="nope.css">'),
  'fetch.html': page("<script>fetch('https://api.example.net/x').catch(() => {})</script>"),
  'bad-css.html': page('', '<link rel="stylesheet" href="bad.css">'),
  'bad.css': '@import url("https://fonts.example.com/css");\nh1 { background: url(/img/x.png); }\nh2 { background: url(img/missing.png); }\n',
  'orphan.html': page('personne ne me cite'),
};

/** Asserts that `problems` has one on `page` whose message matches `pattern`. */
function assertReported(problems, page, pattern) {
  const found = problems.some((p) => p.page === page && pattern.test(p.message));
  assert.ok(found, `expected a problem on ${page} matching ${pattern}; got ${formatProblems(problems)}`);
}

let browser;
let clean;
let broken;
before(async () => {
  browser = await launch();
  clean = await makeFixture(CLEAN);
  broken = await makeFixture(BROKEN);
});
after(() => browser?.close());

describe('a clean site', () => {
  for (const via of ['file', 'http']) {
    test(`has no problem via ${via}`, async () => {
      const { pages, problems } = await checkSite({ browser, root: clean, via, prefix: '/pex/' });
      assertNoProblems(problems);
      assert.deepEqual(pages, ['404.html', 'a/index.html', 'index.html']);
    });
  }

  test('passes the static scan', async () => {
    const { problems } = await scanSite(clean);
    assertNoProblems(problems);
  });
});

describe('a broken site', () => {
  test('every planted defect is reported from disk', async () => {
    const { problems } = await checkSite({ browser, root: broken, via: 'file' });
    assertReported(problems, 'broken.html', /<a href> → missing.html names a file that does not exist/);
    assertReported(problems, 'folder.html', /<a href> → a\/ names a folder.*index\.html/);
    assertReported(problems, 'absolute.html', /<a href> → \/a\/index.html points outside the site/);
    assertReported(problems, 'external-img.html', /<img src> loads from another host: https:\/\/cdn.example.com\/x.png/);
    assertReported(problems, 'external-img.html', /request left the machine: https:\/\/cdn.example.com/);
    assertReported(problems, 'external-css.html', /<link href> loads from another host: https:\/\/fonts.example.com\/css2/);
    assertReported(problems, 'external-css.html', /request left the machine: https:\/\/fonts.example.com\/css2/);
    assertReported(problems, 'external-css.html', /<form action> sends form data to another host/);
    assertReported(problems, 'fragment.html', /→ a\/index.html#nope: no element has that id/);
    assertReported(problems, 'console.html', /console error: boom/);
    assertReported(problems, 'console.html', /uncaught exception: kaboom/);
    assertReported(problems, 'missing-css.html', /<link href> → nope.css names a file that does not exist/);
    assertReported(problems, 'missing-css.html', /request failed: file:.*nope\.css/);
    assertReported(problems, 'fetch.html', /request left the machine: https:\/\/api.example.net\/x/);
    assertReported(problems, 'orphan.html', /orphan/);
  });

  test('every planted defect is reported under a sub-path over http', async () => {
    const { problems } = await checkSite({ browser, root: broken, via: 'http', prefix: '/pex/' });
    assertReported(problems, 'broken.html', /<a href> → missing.html names a file that does not exist/);
    assertReported(problems, 'absolute.html', /<a href> → \/a\/index.html is an absolute path outside \/pex\//);
    assertReported(problems, 'external-img.html', /request left the machine: https:\/\/cdn.example.com/);
    assertReported(problems, 'missing-css.html', /HTTP 404 for .*\/pex\/nope\.css/);
    assertReported(problems, '(server)', /404 for \/pex\/nope\.css/);
    assertReported(problems, 'orphan.html', /orphan/);
    // Over http a folder link is fine: the server answers with its index.html.
    assert.ok(!problems.some((p) => p.page === 'folder.html'), formatProblems(problems));
  });

  test('the static scan finds external URLs and broken CSS references', async () => {
    const { problems } = await scanSite(broken);
    assertReported(problems, 'external-img.html', /<img src="https:\/\/cdn.example.com\/x.png"> loads from another host/);
    assertReported(problems, 'escaped-img.html', /<img src="https:\/\/cdn.example.com\/y.png"> loads from another host/);
    assertReported(problems, 'external-css.html', /<link href="https:\/\/fonts.example.com\/css2"> loads from another host/);
    assertReported(problems, 'external-css.html', /<form action="https:\/\/search.example.com\/q"> sends form data to another host/);
    assertReported(problems, 'fetch.html', /URL to another host in JavaScript: https:\/\/api.example.net\/x/);
    assertReported(problems, 'bad.css', /bad.css:1: @import from another host/);
    assertReported(problems, 'bad.css', /bad.css:2: url\(\/img\/x.png\) is an absolute path/);
    assertReported(problems, 'bad.css', /bad.css:3: url\(img\/missing.png\) names a file that does not exist/);
    assert.equal(problems.length, 8, formatProblems(problems));
  });
});

test('isLocalUrl keeps requests on this machine', () => {
  const cases = [
    ['file:///tmp/site/index.html', true],
    ['http://127.0.0.1:8080/pex/', true],
    ['http://localhost/', true],
    ['http://[::1]:3000/', true],
    ['data:image/png;base64,AAAA', true],
    ['https://example.org/', false],
    ['http://127.0.0.1.example.org/', false],
    ['http://10.0.0.1/', false],
    ['ws://example.org/live', false],
  ];
  for (const [url, local] of cases) assert.equal(isLocalUrl(url), local, url);
});

test('serve answers like a plain web server under a sub-path', async () => {
  const server = await serve(clean, { prefix: '/pex/' });
  try {
    const get = (path) => fetch(server.origin + path, { redirect: 'manual' });
    const root = await get('/pex/');
    assert.equal(root.status, 200);
    assert.equal(root.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal((await get('/pex/style.css')).headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await get('/pex/img/logo.svg')).headers.get('content-type'), 'image/svg+xml');
    assert.equal((await get('/pex/doc.pdf')).headers.get('content-type'), 'application/pdf');
    const folder = await get('/pex/a');
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.get('location'), '/pex/a/');
    assert.equal((await get('/pex')).headers.get('location'), '/pex/');
    assert.equal((await get('/index.html')).status, 404);
    assert.equal((await get('/pex/..%2f..%2fetc%2fpasswd')).status, 404);
    assert.deepEqual(server.notFound, ['/index.html', '/pex/..%2f..%2fetc%2fpasswd']);
  } finally {
    await server.close();
  }
});

describe('buildSite with the real binary', () => {
  const SMALL = {
    'site.toml': 'title = "Essai"\ndescription = "Un petit site"\n',
    'content/_index.md': '+++\ntitle = "Accueil"\n+++\nBonjour.\n',
  };

  // Whether the theme's pages are sound is links.test.mjs's business; here
  // only the helper is tested.
  test('builds a fixture site into a fresh folder', async () => {
    const out = await buildSite(await makeFixture(SMALL));
    assert.ok((await listFiles(out)).includes('index.html'));
    assert.notEqual(out, await buildSite(await makeFixture(SMALL)));
  });

  test("throws with carnet's own message when the build fails", async () => {
    const root = await makeFixture({ ...SMALL, 'site.toml': SMALL['site.toml'] + 'titel = "faute de frappe"\n' });
    await assert.rejects(buildSite(root), (error) => {
      assert.match(error.message, /carnet.* build --root .* failed \(exit status \d+\)/);
      assert.match(error.message, /titel/);
      return true;
    });
  });
});
