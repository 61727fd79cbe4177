// The built-in theme on the example site, read in Chromium: every kind of
// page passes axe-core (WCAG 2.1 A and AA) in light and dark mode, fits a
// 360 px phone without sideways scrolling, prints without navigation and
// with the addresses of its links, works without JavaScript, stays under
// 50 KB of CSS and JS, and fetches nothing from another host.
//
// Screenshots of the example site go to a temp dir; with
// CARNET_SCREENSHOTS=1 they go to docs/screenshots/ (the README's).

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, buildSite, launch, listFiles, serve, tempDir, watchRequests } from './lib/index.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** One page of each kind the theme lays out differently. */
const PAGES = {
  home: 'index.html',
  section: 'ateliers/index.html',
  atelier: 'ateliers/violences-obstetricales/index.html',
  'atelier with attachments': 'ateliers/mutilations-sexuelles-feminines/index.html',
  'upcoming atelier': 'ateliers/perinatalite-et-violences-conjugales/index.html',
  'ciné-débat': 'cine-debats/la-fin-du-genre/index.html',
  ressource: 'ressources/centre-de-sante-sexuelle/index.html',
  'ressources section': 'ressources/index.html',
  'guide page': 'guide/renseigner-l-en-tete/index.html',
  'taxonomy index': 'themes/index.html',
  'term page': 'themes/cyberviolences/index.html',
  agenda: 'agenda/index.html',
  'not found': '404.html',
};

let browser;
let site;
let server;
let files;
let shots;

before(async () => {
  site = await buildSite(REPO_ROOT);
  files = new Set(await listFiles(site));
  if (files.has('recherche/index.html')) PAGES.search = 'recherche/index.html';
  server = await serve(site, { prefix: '/pex/' });
  browser = await launch();
  shots = process.env.CARNET_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : await tempDir('carnet-shots-');
  await mkdir(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` in a fresh context; `fn(page)` runs, then no request may have left the machine. */
async function withPage(path, options, fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const requests = await watchRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(server.url + path, { waitUntil: 'load' });
    await fn(page);
    requests.assertLocalOnly();
    assert.deepEqual(errors, [], `JavaScript errors on ${path}`);
  } finally {
    await context.close();
  }
}

/** axe-core's WCAG 2.1 A/AA rules plus the structural best practices the RGAA also asks for. */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const wcag = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    const practices = await window.axe.run(document, {
      runOnly: { type: 'rule', values: ['landmark-one-main', 'page-has-heading-one', 'heading-order', 'landmark-unique', 'region', 'bypass', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo'] },
    });
    return [...wcag.violations, ...practices.violations].map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ')}`),
    }));
  });
}

function describeViolations(violations) {
  return violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const scheme of ['light', 'dark']) {
    test(`every page kind has no violation in ${scheme} mode`, { timeout: 180_000 }, async () => {
      const failures = [];
      for (const [kind, path] of Object.entries(PAGES)) {
        await withPage(path, { colorScheme: scheme }, async (page) => {
          const violations = await axe(page);
          if (violations.length > 0) failures.push(`${kind} (${path}):\n${describeViolations(violations)}`);
        });
      }
      assert.equal(failures.length, 0, failures.join('\n\n'));
    });
  }

  test('every page has one h1, the site language, a skip link to main and a labelled search field', { timeout: 120_000 }, async () => {
    for (const [kind, path] of Object.entries(PAGES)) {
      await withPage(path, {}, async (page) => {
        const facts = await page.evaluate(() => ({
          h1: document.querySelectorAll('h1').length,
          lang: document.documentElement.lang,
          skip: document.querySelector('.skip-links a')?.getAttribute('href'),
          main: document.querySelector('main')?.id,
          searchLabel: document.querySelector('#search-box-input')?.labels?.[0]?.textContent ?? null,
        }));
        assert.equal(facts.h1, 1, `${kind}: ${facts.h1} h1`);
        assert.equal(facts.lang, 'fr', kind);
        assert.equal(facts.skip, `#${facts.main}`, kind);
        if (facts.searchLabel !== null) assert.match(facts.searchLabel, /\S/, `${kind}: empty search label`);
      });
    }
  });

  test('the skip link is the first thing the keyboard reaches, and it shows', async () => {
    await withPage(PAGES.atelier, {}, async (page) => {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        return { text: el.textContent, visible: box.top >= 0 && box.bottom <= innerHeight, outline: getComputedStyle(el).outlineStyle };
      });
      assert.equal(focused.text, 'Aller au contenu');
      assert.ok(focused.visible, 'the focused skip link is on screen');
      assert.notEqual(focused.outline, 'none', 'focus is visible');
    });
  });
});

describe('layout', () => {
  test('no page scrolls sideways on a 360 px phone', { timeout: 120_000 }, async () => {
    const wide = [];
    for (const [kind, path] of Object.entries(PAGES)) {
      await withPage(path, { viewport: { width: 360, height: 760 }, isMobile: true }, async (page) => {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 360) wide.push(`${kind} (${path}): ${width} px`);
      });
    }
    assert.deepEqual(wide, []);
    await withPage(PAGES.home, { viewport: { width: 360, height: 760 }, isMobile: true }, (page) =>
      page.screenshot({ path: join(shots, 'telephone-accueil.png') }),
    );
  });

  test('dark mode follows the system setting', async () => {
    const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    let light;
    await withPage(PAGES.atelier, { colorScheme: 'light' }, async (page) => {
      light = await background(page);
    });
    await withPage(PAGES.atelier, { colorScheme: 'dark' }, async (page) => {
      const dark = await background(page);
      assert.notEqual(dark, light);
      const [r, g, b] = dark.match(/\d+/g).map(Number);
      assert.ok(r + g + b < 150, `dark background ${dark}`);
      await page.screenshot({ path: join(shots, 'atelier-sombre.png') });
    });
  });

  test('print: A4, no navigation, addresses of external links printed', async () => {
    await withPage(PAGES.ressource, {}, async (page) => {
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const hidden = (sel) => [...document.querySelectorAll(sel)].every((el) => getComputedStyle(el).display === 'none');
        const external = document.querySelector('.content a[href^="http"], .panel a[href^="http"]');
        return {
          navHidden: hidden('.main-nav') && hidden('.search-box') && hidden('.breadcrumb') && hidden('.prev-next'),
          panelShown: getComputedStyle(document.querySelector('.panel')).display !== 'none',
          after: external ? getComputedStyle(external, '::after').content : null,
          href: external?.href ?? null,
          address: getComputedStyle(document.querySelector('.print-only')).display,
        };
      });
      assert.ok(printed.navHidden, 'navigation is not printed');
      assert.ok(printed.panelShown, 'the facts panel is printed');
      assert.notEqual(printed.address, 'none', 'the page address is printed');
      if (printed.href) assert.ok(printed.after.includes('http'), `link address printed: ${printed.after}`);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      assert.ok(pdf.length > 10_000, 'a PDF was produced');
    });
  });
});

describe('weight and independence', () => {
  // The search index (search/*.js, data loaded as scripts so search works
  // from disk) grows with the site: it is content, not the page's code.
  test('every page kind loads under 50 KB of CSS and JavaScript', { timeout: 120_000 }, async () => {
    for (const [kind, path] of Object.entries(PAGES)) {
      await withPage(path, {}, async (page) => {
        const bytes = await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((r) => /\.(css|js)(\?|$)/.test(r.name) && !r.name.includes('/search/'))
            .reduce((sum, r) => sum + r.decodedBodySize, 0),
        );
        assert.ok(bytes > 0 && bytes < 50_000, `${kind}: ${bytes} bytes of CSS + JS`);
      });
    }
  });

  test('pages work without JavaScript, and only the search page has any', { timeout: 120_000 }, async () => {
    for (const [kind, path] of Object.entries(PAGES)) {
      await withPage(path, { javaScriptEnabled: false }, async (page) => {
        const facts = await page.evaluate(() => ({ scripts: document.scripts.length, links: document.querySelectorAll('main a').length }));
        if (kind !== 'search') assert.equal(facts.scripts, 0, `${kind} has a script`);
        assert.ok(facts.links > 0 || kind === 'not found' || kind === 'search', `${kind}: main has no link`);
      });
    }
  });
});

describe('page kinds', () => {
  test('an atelier shows its facts, its themes as links, its PDF with size and type, and previous / next', async () => {
    await withPage(PAGES['atelier with attachments'], {}, async (page) => {
      const facts = await page.evaluate(() => ({
        dt: [...document.querySelectorAll('.facts dt')].map((d) => d.textContent),
        themes: [...document.querySelectorAll('.facts a.chip')].map((a) => a.getAttribute('href')),
        files: [...document.querySelectorAll('.files a')].map((a) => a.textContent.replace(/\s+/g, ' ').trim()),
        prevNext: [...document.querySelectorAll('.prev-next a')].map((a) => a.rel),
      }));
      for (const label of ['Date', 'Durée', 'Thématiques', 'Publics', 'Intervenants']) assert.ok(facts.dt.includes(label), `${label} in ${facts.dt}`);
      assert.ok(facts.themes.some((h) => h.startsWith('../../themes/') && h.endsWith('/index.html')), facts.themes.join(' '));
      assert.match(facts.files.join(' | '), /synthese\.pdf PDF, \d+(,\d)? [kM]?o/);
      assert.deepEqual(facts.prevNext, ['prev', 'next']);
    });
  });

  test('a long synthesis has a table of contents', async () => {
    await withPage(PAGES.atelier, {}, async (page) => {
      const toc = await page.$$eval('.toc a', (links) => links.map((a) => a.getAttribute('href')));
      assert.ok(toc.length >= 3, `toc: ${toc}`);
      for (const href of toc) assert.ok(await page.$(href), `${href} exists`);
    });
  });

  test('a ciné-débat shows its film card and its screening dates in French', async () => {
    await withPage(PAGES['ciné-débat'], {}, async (page) => {
      const text = await page.textContent('.film');
      for (const part of ['La fin du genre ?', 'Réalisation', 'Ted Anspach', '2022', '52 min', 'France 2', '16 mars 2023']) {
        assert.ok(text.includes(part), `${part} in the film card`);
      }
    });
  });

  test('a ressource has tel: and mailto: links', async () => {
    await withPage(PAGES.ressource, {}, async (page) => {
      const hrefs = await page.$$eval('.contact a', (links) => links.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.includes('tel:0199001120'), hrefs.join(' '));
      assert.ok(hrefs.some((h) => h.startsWith('mailto:')), hrefs.join(' '));
    });
  });

  test('the home page lists what is upcoming as « à venir », the latest syntheses and the themes with counts', async () => {
    await withPage(PAGES.home, {}, async (page) => {
      const upcoming = await page.textContent('.upcoming');
      assert.match(upcoming, /Périnatalité et violences conjugales/);
      assert.match(upcoming, /À venir/);
      assert.ok((await page.$$('#latest-title + .cards li')).length > 0);
      assert.match(await page.textContent('.chips.big'), /Cyberviolences 3/);
      await page.screenshot({ path: join(shots, 'accueil.png') });
    });
  });

  test('a term page has its introduction, its pages grouped by section and its feed', async () => {
    await withPage(PAGES['term page'], {}, async (page) => {
      assert.match(await page.textContent('.intro'), /cyberviolences/i);
      const groups = await page.$$eval('.group h2', (hs) => hs.map((h) => h.textContent));
      assert.deepEqual(groups, ['Ateliers', 'Ressources']);
      const feed = new URL(await page.getAttribute('.feed a', 'href'), page.url());
      assert.ok(files.has(feed.pathname.slice('/pex/'.length)), `feed ${feed} exists`);
      await page.screenshot({ path: join(shots, 'thematique.png') });
    });
    await withPage(PAGES.atelier, {}, (page) => page.screenshot({ path: join(shots, 'atelier.png') }));
    if (PAGES.search) {
      await withPage(`${PAGES.search}?q=violentom%C3%A8tre`, {}, async (page) => {
        await page.waitForSelector('.search-result', { timeout: 10_000 }).catch(() => {});
        await page.screenshot({ path: join(shots, 'recherche.png') });
      });
    }
  });

  test('the agenda groups dated pages by year and month, in French', async () => {
    await withPage(PAGES.agenda, {}, async (page) => {
      const months = await page.$$eval('.year h3', (hs) => hs.map((h) => h.textContent));
      assert.ok(months.includes('Mars 2023'), months.join(', '));
      assert.ok(months.includes('Janvier 2027'), months.join(', '));
    });
  });
});
