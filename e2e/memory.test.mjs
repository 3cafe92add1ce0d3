// A file larger than the page's memory: the analysis stops on a refused
// allocation, which the page words as too little memory (not as a bug to
// report), and the page stays usable. V8's limit on wasm memory is lowered
// to 32 MiB so that a file of a few tens of MB reaches it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import {
  CHROMIUM, CHROMIUM_ARGS, FIXTURES, TIMEOUT, assertNoErrors, dropFile, openApp, pickFile, runAnalysis,
  waitForState, waitVisible,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { writeOrders } from './lib/files.mjs';

/** 512 pages of 64 KiB: the main module's memory may not pass 32 MiB. */
const WASM_PAGES = 512;
/** About 28 MB of orders: reading them needs more than 32 MiB of wasm memory. */
const ROWS = 600_000;

describe('out of memory', () => {
  const setup = {};
  let big;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-e2e-memory-' });
    // This file's own browser, with the lowered limit.
    await setup.browser.close();
    setup.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, `--js-flags=--wasm-max-mem-pages=${WASM_PAGES}`],
      timeout: TIMEOUT.load,
    });
    big = join(setup.work, 'trop-de-commandes.csv');
    await writeOrders(big, ROWS);
  });

  after(() => tearDownApp(setup));

  test('a refused allocation says the file needs more memory, and the page stays usable', async () => {
    const session = await openApp(setup.browser, setup.server.url);
    const { page } = session;
    const errorEvent = page.evaluate(() => new Promise((resolve) => document.addEventListener('segmento:error', (e) => resolve(e.detail.message), { once: true })));
    await pickFile(page, big);
    await waitForState(page, 'mapping', { what: 'the large file to be previewed' });
    await page.click('#run');
    await waitForState(page, 'error', { timeout: TIMEOUT.analysis, what: 'the analysis to run out of memory' });
    assert.ok((await errorEvent).length > 0, 'segmento:error carries the message');
    await waitVisible(page, '#alert', 'the error message');
    const title = await page.locator('#alert-title').innerText();
    const message = await page.locator('#alert-message').innerText();
    const hint = await page.locator('#alert-hint').innerText();
    assert.equal(title, 'Ce fichier demande plus de mémoire que le navigateur n’en accorde à la page');
    // What it held is at most the limit, 33.6 MB, written the French way.
    assert.match(message, /^L’analyse occupait \d+(,\d)?\u00a0Mo et n’a pas pu en obtenir davantage\.$/);
    const held = Number(/occupait (\d+(?:,\d)?)/.exec(message)[1].replace(',', '.'));
    assert.ok(held > 1 && held <= 33.6, `held ${held} MB, within the 32 MiB limit`);
    assert.match(hint, /segmento analyze/, 'the hint names the command-line tool');
    assert.doesNotMatch(`${title} ${message}`, /unreachable|RuntimeError|interne/i, 'not worded as a crash');

    // A fresh engine: a small file goes through, and the error is gone.
    await dropFile(page, join(FIXTURES, 'ventes-cp1252.csv'));
    await runAnalysis(page);
    assert.ok(await page.locator('#alert').isHidden(), 'the old error is cleared');
    // The trap itself is reported by the browser as a worker error; nothing else may be.
    assertNoErrors(session, [/unreachable|memory allocation|RuntimeError|Unable to grow/i]);
    await session.context.close();
  });
});
