// The browser-test helpers, in one import:
//   import { buildSite, makeFixture, serve, launch, watchRequests } from './lib/index.mjs';

export { REPO_ROOT, buildSite, carnetBin, listFiles, makeFixture, tempDir } from './site.mjs';
export { contentType, serve } from './serve.mjs';
export { chromiumPath, isLocalUrl, launch, watchRequests } from './browser.mjs';
export { assertNoProblems, checkSite, formatProblems } from './check.mjs';
export { scanSite } from './scan.mjs';
