// Debian's Chromium driven by playwright-core (which downloads no browser),
// and a watch on every request a page makes: a carnet site must work on an
// intranet with no way out, so any request to another host is a failure.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The Chromium binary: $CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM || '/usr/bin/chromium';
}

/** Launches headless Chromium; fails with what to install when it is missing. */
export async function launch() {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install it with \`apt-get install chromium\`, or set CHROMIUM to its path`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for a URL that stays on this machine: file:, data:, blob:, about:, or http(s)/ws(s) to loopback. */
export function isLocalUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (parsed.protocol) {
    case 'file:':
    case 'data:':
    case 'blob:':
    case 'about:':
      return true;
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      return LOCAL_HOSTS.has(parsed.hostname);
    default:
      return false;
  }
}

/**
 * Records every request made in a browser context (pages, popups, workers,
 * websockets) and blocks those that would leave the machine, so a test never
 * reaches the network even when it finds a leak. `external` lists the leaks;
 * `assertLocalOnly()` throws naming them.
 */
export async function watchRequests(context) {
  const requests = [];
  const external = [];
  const note = (url, from) => {
    requests.push(url);
    if (!isLocalUrl(url)) external.push({ url, from });
  };
  const pageOf = (request) => {
    try {
      return request.frame().page().url();
    } catch {
      return '(no page)';
    }
  };
  context.on('request', (request) => note(request.url(), pageOf(request)));
  const watchPage = (page) => page.on('websocket', (ws) => note(ws.url(), page.url()));
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  await context.route((url) => !isLocalUrl(url.href), (route) => route.abort('blockedbyclient'));
  return {
    requests,
    external,
    assertLocalOnly() {
      if (external.length > 0) {
        const lines = external.map(({ url, from }) => `  ${url}  (from ${from})`);
        throw new Error(`${external.length} request(s) left the machine:\n${lines.join('\n')}`);
      }
    },
  };
}
