// Cancel during a large file: the page stays responsive while the worker
// reads, Cancel stops it at once without replacing the worker (no request
// follows), and the same worker analyses the next file.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';


import { join } from 'node:path';
import {
  FIXTURES, TIMEOUT, assertNoErrors, dropFile, openApp, pickFile, runAnalysis, waitForState, waitVisible,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { writeOrders } from './lib/files.mjs';

/** About 70 MB: long enough to cancel mid-read on any machine. */
const ROWS = 1_500_000;

describe('cancel', () => {
  const setup = {};
  let server;
  let browser;
  let work;
  let big;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-e2e-' });
    ({ server, browser, work } = setup);
    big = join(work, 'grosses-commandes.csv');
    await writeOrders(big, ROWS);
  });

  after(() => tearDownApp(setup));

  test('cancel during a large file, then analyse another one', async () => {
    const session = await openApp(browser, server.url);
    const { page } = session;
    await pickFile(page, big);
    await waitForState(page, 'mapping', { what: 'the large file to be previewed' });
    await page.click('#run');
    await waitForState(page, 'running', { what: 'the analysis to start' });
    await page.waitForFunction(() => document.getElementById('progress').value > 0, null, { timeout: TIMEOUT.step, polling: 20 })
      .catch(() => { throw new Error('waited for the progress bar to move while the large file is read'); });

    // The main thread answers while the worker reads.
    const started = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    assert.ok(Date.now() - started < 1000, 'the page paints a frame within a second during the analysis');

    const beforeCancel = session.requests.length;
    await page.click('#cancel');
    await waitForState(page, 'mapping', { timeout: 2000, what: 'cancel to bring back the mapping screen at once' });
    await waitVisible(page, '#notice', 'the cancelled notice');
    // Nothing from the cancelled run shows up later.
    await page.waitForTimeout(1000);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'mapping');

    // The same worker stops at its next pause: nothing is fetched, not even the worker's own code.
    assert.deepEqual(session.requests.slice(beforeCancel).map((request) => request.url), [], 'no request after the cancel');

    // The worker goes on working: another file goes through, still with no request.
    await dropFile(page, join(FIXTURES, 'ventes-cp1252.csv'));
    await runAnalysis(page);
    assert.deepEqual(session.requests.slice(beforeCancel).map((request) => request.url), [], 'no request after the cancel');
    assertNoErrors(session);
    await session.context.close();
  });
});
