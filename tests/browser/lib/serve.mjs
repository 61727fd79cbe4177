// A tiny static HTTP server on 127.0.0.1, so built sites can be tested the
// way an intranet serves them: at the root or under a sub-path like /pex/.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Type the server sends for a file name. */
export function contentType(path) {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function statOrNull(path) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/**
 * Serves `dir` on 127.0.0.1 with an ephemeral port, under `prefix` (default
 * `/`). Behaves like a plain web server: a folder without its trailing slash
 * is redirected, a folder serves its index.html, never a listing; anything
 * outside the prefix is a 404. With `notFoundPage` (a file of `dir`, e.g.
 * '404.html'), a 404 shows that file, at the address that was asked for, as
 * nginx's `error_page` and Apache's `ErrorDocument` do. Returns { url, origin,
 * prefix, notFound, close }: `url` is the site's root URL, `notFound` every
 * path that got a 404.
 */
export async function serve(dir, { prefix = '/', notFoundPage = null } = {}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix must start and end with '/': ${prefix}`);
  const notFound = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const missing = async () => {
      notFound.push(url.pathname);
      const page = notFoundPage && (await readFile(join(dir, notFoundPage)).catch(() => null));
      if (page) res.writeHead(404, { 'content-type': contentType(notFoundPage) }).end(page);
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!url.pathname.startsWith(prefix)) return missing();
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return missing();
    }
    const path = normalize(join(dir, rel));
    if (path !== dir && !path.startsWith(dir + sep)) return missing();
    let file = path;
    let info = await statOrNull(file);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
        return;
      }
      file = join(path, 'index.html');
      info = await statOrNull(file);
    }
    if (!info?.isFile()) return missing();
    res.writeHead(200, { 'content-type': contentType(file), 'content-length': info.size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    prefix,
    url: origin + prefix,
    notFound,
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      }),
  };
}
