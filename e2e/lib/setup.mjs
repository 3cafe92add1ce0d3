// The set-up and tear-down every browser test file runs: a static server, a
// browser, optionally a scratch directory and the app open on a first page.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openApp, startServer } from './browser.mjs';

/**
 * Fills `setup` with `{ work, server, browser, session, page }`: with
 * `workPrefix`, a scratch directory; the server and the browser; with
 * `open`, the app on a first page (`appOptions` as `openApp` takes them).
 * Fills it as it goes, so `tearDownApp` closes what was opened before a
 * failure.
 */
export async function setUpApp(setup, { workPrefix, open = false, appOptions } = {}) {
  if (workPrefix) setup.work = mkdtempSync(join(tmpdir(), workPrefix));
  setup.server = await startServer();
  setup.browser = await launchBrowser();
  if (open) {
    setup.session = await openApp(setup.browser, setup.server.url, appOptions);
    setup.page = setup.session.page;
  }
}

/** Closes what `setUpApp` opened, even when it failed half way. */
export async function tearDownApp(setup) {
  await setup?.browser?.close();
  setup?.server?.close();
  if (setup?.work) rmSync(setup.work, { recursive: true, force: true });
}
