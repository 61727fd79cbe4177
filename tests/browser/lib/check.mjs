// Visits every HTML page of a built site in Chromium and checks what a
// reader would hit: pages that do not load, links and assets that point at
// nothing, folder links that open a listing on disk, absolute paths that
// break under a sub-path, requests to other hosts, console errors.

import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isLocalUrl, watchRequests } from './browser.mjs';
import { serve } from './serve.mjs';
import { listFiles } from './site.mjs';

/** `<link rel>` values that name a document rather than load something. */
const NAVIGATIONAL_RELS = new Set(['alternate', 'canonical', 'next', 'prev', 'author', 'license', 'help', 'bookmark', 'me', 'search']);

/** Runs in the page: every reference the page makes, resolved by the browser, and every fragment target. */
function collectReferences() {
  const refs = [];
  const add = (kind, el, attr, value) => {
    if (value == null || value.trim() === '') return;
    let url;
    try {
      url = new URL(value.trim(), document.baseURI).href;
    } catch {
      url = null;
    }
    refs.push({ kind, tag: el.tagName.toLowerCase(), attr, raw: value, url, rel: (el.getAttribute('rel') || '').toLowerCase() });
  };
  for (const el of document.querySelectorAll('a[href], area[href]')) add('link', el, 'href', el.getAttribute('href'));
  for (const el of document.querySelectorAll('form[action]')) add('form', el, 'action', el.getAttribute('action'));
  for (const el of document.querySelectorAll('link[href]')) add('linktag', el, 'href', el.getAttribute('href'));
  for (const el of document.querySelectorAll('[src]')) add('asset', el, 'src', el.getAttribute('src'));
  for (const el of document.querySelectorAll('[poster]')) add('asset', el, 'poster', el.getAttribute('poster'));
  for (const el of document.querySelectorAll('object[data]')) add('asset', el, 'data', el.getAttribute('data'));
  for (const el of document.querySelectorAll('[srcset], [imagesrcset]')) {
    const set = el.getAttribute('srcset') || el.getAttribute('imagesrcset');
    for (const candidate of set.split(',')) add('asset', el, 'srcset', candidate.trim().split(/\s+/)[0]);
  }
  const xlink = 'http://www.w3.org/1999/xlink';
  for (const el of document.querySelectorAll('use, image, feImage')) {
    add('asset', el, 'href', el.getAttribute('href') || el.getAttributeNS(xlink, 'href'));
  }
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  ids.push(...[...document.querySelectorAll('a[name]')].map((el) => el.getAttribute('name')));
  return { refs, ids };
}

/** Where a site is being looked at: a root URL, and how a URL maps back to an output file. */
async function openSite(root, via, prefix) {
  if (via === 'file') {
    return {
      root: pathToFileURL(root + sep).href,
      urlOf: (rel) => pathToFileURL(join(root, rel)).href,
      close: async () => {},
      notFound: [],
      locate: (url) => (url.protocol === 'file:' ? { path: relative(root, fileURLToPath(url)), folderOk: false } : null),
    };
  }
  const server = await serve(root, { prefix });
  return {
    root: server.url,
    urlOf: (rel) => server.url + rel.split('/').map(encodeURIComponent).join('/'),
    close: server.close,
    notFound: server.notFound,
    locate(url) {
      if (url.origin !== server.origin) return null;
      if (!url.pathname.startsWith(prefix)) {
        return { problem: `is an absolute path outside ${prefix}: it breaks when the site is served under a sub-path` };
      }
      return { path: decodeURIComponent(url.pathname.slice(prefix.length)), folderOk: true };
    },
  };
}

/**
 * Waits until a page has had no request in flight for `quietMs` (network
 * idle without playwright's fixed 500 ms), so late script errors and
 * failed fetches are seen before the next page.
 */
function trackNetwork(page) {
  let inflight = 0;
  let last = Date.now();
  const start = () => {
    inflight += 1;
    last = Date.now();
  };
  const end = () => {
    inflight = Math.max(0, inflight - 1);
    last = Date.now();
  };
  page.on('request', start);
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  return {
    reset() {
      inflight = 0;
      last = Date.now();
    },
    async settle(quietMs = 100, maxMs = 5_000) {
      const until = Date.now() + maxMs;
      while (Date.now() < until && (inflight > 0 || Date.now() - last < quietMs)) {
        await new Promise((done) => setTimeout(done, 20));
      }
    },
  };
}

/**
 * Checks every HTML page under `root` in `browser`, opened from disk
 * (`via: 'file'`) or served over http under `prefix` (`via: 'http'`).
 * Pages are found by crawling from index.html; HTML files the crawl never
 * reached are reported as orphans (except `orphansAllowed`) and checked too,
 * except those in `skip`.
 * Returns { pages, problems }: pages visited (relative paths) and problems
 * as { page, message, detail? } (`detail`: the attribute as written).
 */
export async function checkSite({ browser, root, via = 'file', prefix = '/', orphansAllowed = ['404.html'], skip = [] }) {
  const files = new Set(await listFiles(root));
  const site = await openSite(root, via, prefix);
  const context = await browser.newContext();
  await watchRequests(context);
  const page = await context.newPage();
  const network = trackNetwork(page);
  const problems = [];
  let current = '';
  const report = (message, where = current, detail = undefined) => problems.push({ page: where, message, detail });

  // Requests to other hosts are blocked by watchRequests and reported once,
  // as leaving the machine, not again as failed loads.
  const blocked = (text) => text.includes('ERR_BLOCKED_BY_CLIENT');
  context.on('request', (request) => {
    if (!isLocalUrl(request.url())) report(`request left the machine: ${request.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !blocked(msg.text())) report(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => report(`uncaught exception: ${error.message}`));
  // ERR_ABORTED is a request the browser cancelled itself, typically the
  // favicon fetch Chromium starts after `load` and drops when the crawl moves
  // to the next page. It says nothing about the site: that the file exists is
  // checked below from the page's references, so it is not a problem here.
  const cancelled = (text) => text.includes('ERR_ABORTED');
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'unknown error';
    if (!blocked(error) && !cancelled(error)) report(`request failed: ${request.url()} (${error})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) report(`HTTP ${response.status()} for ${response.url()}`);
  });

  // Turns a reference into the output file it names, or a problem; `path`
  // is what it names, relative to the site, for messages.
  const resolveRef = (url) => {
    const parsed = new URL(url);
    if (via === 'http' && parsed.protocol === 'file:') return { path: url, problem: 'is a file:// URL, which a served site cannot reach' };
    const located = site.locate(parsed);
    if (!located) return { external: true };
    if (located.problem) return { path: parsed.pathname, problem: located.problem };
    const path = located.path.split(sep).join('/');
    if (path.startsWith('../') || path === '..' || isAbsolute(path)) return { path: parsed.pathname, problem: 'points outside the site' };
    if (path === '' || path.endsWith('/') || (!files.has(path) && existsSync(join(root, path)))) {
      const folder = path === '' || path.endsWith('/') ? path : `${path}/`;
      if (!located.folderOk) return { path: folder || './', problem: 'names a folder: opened from disk that shows a file listing, the link must name index.html' };
      const index = `${folder}index.html`;
      return files.has(index) ? { file: index } : { path: folder, problem: 'names a folder that has no index.html' };
    }
    return files.has(path) ? { file: path } : { path, problem: 'names a file that does not exist' };
  };

  const pageIds = new Map();
  const fragments = [];
  const visited = new Set();
  const queue = [{ file: 'index.html', url: site.urlOf('index.html') }];
  const element = (ref) => `<${ref.tag} ${ref.attr}>`;
  const written = (ref) => `${ref.attr}="${ref.raw}"`;

  const visit = async ({ file, url }) => {
    current = file;
    network.reset();
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      if (response && response.status() >= 400) return;
      await network.settle();
    } catch (error) {
      report(`does not load: ${error.message.split('\n')[0]}`);
      return;
    }
    const { refs, ids } = await page.evaluate(collectReferences);
    pageIds.set(file, new Set(ids));
    for (const ref of refs) {
      if (ref.url === null) {
        report(`${element(ref)} is not a valid URL`, file, written(ref));
        continue;
      }
      const scheme = new URL(ref.url).protocol;
      if (!['http:', 'https:', 'file:'].includes(scheme)) {
        if (ref.kind !== 'link' && scheme !== 'data:' && scheme !== 'blob:') report(`${element(ref)} uses ${scheme}`, file, written(ref));
        continue;
      }
      const navigational = ref.kind === 'link' || (ref.kind === 'linktag' && NAVIGATIONAL_RELS.has(ref.rel));
      const target = resolveRef(ref.url);
      if (target.external) {
        if (ref.kind === 'form') report(`${element(ref)} sends form data to another host: ${ref.url}`, file, written(ref));
        else if (!navigational) report(`${element(ref)} loads from another host: ${ref.url}`, file, written(ref));
        continue;
      }
      if (target.problem) {
        report(`${element(ref)} → ${target.path} ${target.problem}`, file, written(ref));
        continue;
      }
      const hash = new URL(ref.url).hash;
      if (hash.length > 1 && target.file.endsWith('.html')) fragments.push({ from: file, ref, file: target.file, id: decodeURIComponent(hash.slice(1)) });
      if (target.file.endsWith('.html') && !visited.has(target.file) && !queue.some((q) => q.file === target.file)) {
        const bare = new URL(ref.url);
        bare.hash = '';
        queue.push({ file: target.file, url: bare.href });
      }
    }
  };

  try {
    const htmlFiles = [...files].filter((f) => f.endsWith('.html'));
    if (!files.has('index.html')) report('the site has no index.html', '(site)');
    for (;;) {
      while (queue.length > 0) {
        const next = queue.shift();
        if (visited.has(next.file) || !files.has(next.file)) continue;
        visited.add(next.file);
        await visit(next);
      }
      const orphans = htmlFiles.filter((f) => !visited.has(f) && !skip.includes(f));
      if (orphans.length === 0) break;
      for (const file of orphans) {
        if (!orphansAllowed.includes(file)) report('no page links to it (orphan)', file);
        queue.push({ file, url: site.urlOf(file) });
      }
    }
    for (const { from, ref, file, id } of fragments) {
      if (!pageIds.get(file)?.has(id)) report(`${element(ref)} → ${file}#${id}: no element has that id`, from, written(ref));
    }
    for (const path of site.notFound) report(`the server answered 404 for ${path}`, '(server)');
  } finally {
    await context.close();
    await site.close();
  }
  return { pages: [...visited].sort(), problems: dedupe(problems) };
}

function dedupe(problems) {
  const seen = new Set();
  return problems.filter(({ page, message, detail }) => {
    const key = `${page}\n${message}\n${detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Problems as text, grouped by message, naming at most a few pages each. */
export function formatProblems(problems, { pagesPerProblem = 4 } = {}) {
  const byMessage = new Map();
  for (const problem of problems) {
    if (!byMessage.has(problem.message)) byMessage.set(problem.message, []);
    byMessage.get(problem.message).push(problem);
  }
  const lines = [];
  for (const [message, group] of byMessage) {
    const pages = [...new Set(group.map((p) => p.page))];
    const shown = pages.slice(0, pagesPerProblem).join(', ');
    const more = pages.length > pagesPerProblem ? ` and ${pages.length - pagesPerProblem} more` : '';
    const example = group[0].detail ? ` (${group[0].detail} on ${group[0].page})` : '';
    lines.push(`- ${message}\n    on ${shown}${more}${example}`);
  }
  return `${problems.length} problem(s), ${byMessage.size} distinct:\n${lines.join('\n')}`;
}

/** Fails with the problems as readable text (not node's dump of the objects). */
export function assertNoProblems(problems) {
  if (problems.length > 0) throw new Error(formatProblems(problems));
}
