// A static scan of a built site's files for anything that would make a
// browser fetch from another host: src/srcset, asset href, form actions,
// CSS url() and @import, URLs in JavaScript. Links to other sites
// (`<a href>`) are allowed: following one is the reader's choice. The scan
// also checks that CSS url() references resolve inside the site, since a
// stylesheet's fonts and images are only requested when a page uses them.

import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { listFiles } from './site.mjs';

const EXTERNAL = /^\s*(?:https?:)?\/\//i;
/** XML namespace names look like URLs but are never fetched. */
const NAMESPACE = /^\s*https?:\/\/www\.w3\.org\//i;
const NAVIGATIONAL_RELS = new Set(['alternate', 'canonical', 'next', 'prev', 'author', 'license', 'help', 'bookmark', 'me', 'search']);
const FETCHED_ATTRS = new Set(['src', 'srcset', 'imagesrcset', 'href', 'xlink:href', 'poster', 'data', 'action', 'formaction', 'background', 'manifest', 'ping', 'longdesc']);

const TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', colon: ':', period: '.', nbsp: '\u00a0' };

/** Decodes character references, so `https:&#x2F;&#x2F;cdn` (as tera escapes it) is seen as a URL. */
function decodeEntities(value) {
  return value.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([a-zA-Z]+));?/g, (all, hex, dec, name) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? all;
  });
}

function attributes(text) {
  const attrs = {};
  for (const m of text.matchAll(ATTR)) attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return attrs;
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/** CSS problems: external url()/@import, and local url() that resolve to nothing. */
function scanCss(css, { where, firstLine = 1, baseDir, files, report }) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const lineAt = (index) => `${where}:${firstLine + lineOf(text, index) - 1}`;
  for (const m of text.matchAll(/@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1/gi)) {
    if (EXTERNAL.test(m[2])) report(`${lineAt(m.index)}: @import from another host: ${m[2]}`);
  }
  for (const m of text.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    const url = m[2].trim();
    const at = lineAt(m.index);
    if (/@import\s*$/i.test(text.slice(0, m.index))) continue;
    if (NAMESPACE.test(url) && /@namespace[^;]*$/i.test(text.slice(0, m.index))) continue;
    if (EXTERNAL.test(url)) report(`${at}: url() from another host: ${url}`);
    else if (/^(data:|#|$)/i.test(url)) continue;
    else if (url.startsWith('/')) report(`${at}: url(${url}) is an absolute path: it breaks under a sub-path and from disk`);
    else if (baseDir !== null) {
      const target = normalize(join(baseDir, decodeURIComponent(url.split(/[?#]/)[0]))).split('\\').join('/');
      if (target.startsWith('..') || !files.has(target)) report(`${at}: url(${url}) names a file that does not exist`);
    }
  }
}

/** JavaScript problems: any http(s) URL outside comments, except XML namespaces. */
function scanJs(js, { where, firstLine = 1, report }) {
  const text = js.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
  for (const m of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*/gi)) {
    if (!/^https?:/i.test(m[0]) && !/['"`]$/.test(text.slice(0, m.index))) continue;
    if (NAMESPACE.test(m[0])) continue;
    report(`${where}:${firstLine + lineOf(text, m.index) - 1}: URL to another host in JavaScript: ${m[0]}`);
  }
}

/** HTML or SVG problems: fetched attributes, inline style and script. */
function scanMarkup(html, { where, baseDir, files, report }) {
  const text = html.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  const withoutBlocks = text.replace(/(<(script|style)\b[^>]*>)([\s\S]*?)(<\/\2\s*>)/gi, (all, open, tag, body, close, index) => {
    const at = { where, firstLine: lineOf(text, index + open.length), baseDir, files, report };
    const type = (attributes(open.slice(tag.length + 1, -1)).type || '').toLowerCase();
    if (tag.toLowerCase() === 'style') scanCss(body, at);
    else if (!type.includes('json') && !type.includes('template')) scanJs(body, at);
    return open + blank(body) + close;
  });
  for (const m of withoutBlocks.matchAll(TAG)) {
    const tag = m[1].toLowerCase();
    const attrs = attributes(m[2]);
    const line = lineOf(withoutBlocks, m.index);
    const at = `${where}:${line}`;
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'style') {
        scanCss(value, { where, firstLine: line, baseDir, files, report });
        continue;
      }
      if (name.startsWith('on')) {
        scanJs(value, { where, firstLine: line, report });
        continue;
      }
      if (!FETCHED_ATTRS.has(name)) continue;
      if (name === 'data' && tag !== 'object') continue;
      if (name === 'href' && (tag === 'a' || tag === 'area')) continue;
      if (name === 'href' && tag === 'link' && (attrs.rel || '').toLowerCase().split(/\s+/).every((r) => NAVIGATIONAL_RELS.has(r))) continue;
      const values = name.endsWith('srcset') ? value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [value];
      const what = name === 'action' || name === 'formaction' ? 'sends form data to another host' : 'loads from another host';
      for (const v of values) if (EXTERNAL.test(v)) report(`${at}: <${tag} ${name}="${v}"> ${what}`);
    }
    if (tag === 'meta' && /refresh/i.test(attrs['http-equiv'] || '') && /url\s*=\s*['"]?\s*(https?:)?\/\//i.test(attrs.content || '')) {
      report(`${at}: <meta http-equiv="refresh"> sends the reader to another host`);
    }
  }
}

/**
 * Scans every .html, .svg, .css and .js file under `root`. Returns
 * problems as { page, message } (the same shape as checkSite's).
 */
export async function scanSite(root) {
  const list = await listFiles(root);
  const files = new Set(list);
  const problems = [];
  for (const file of list) {
    const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
    if (!['.html', '.htm', '.svg', '.css', '.js', '.mjs'].includes(ext)) continue;
    const text = await readFile(join(root, file), 'utf8');
    const ctx = { where: file, baseDir: dirname(file), files, report: (message) => problems.push({ page: file, message }) };
    if (ext === '.css') scanCss(text, ctx);
    else if (ext === '.js' || ext === '.mjs') scanJs(text, ctx);
    else scanMarkup(text, ctx);
  }
  return { files: list.length, problems };
}
