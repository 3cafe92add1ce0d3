// Settings: pre-filled with the core's defaults, used by the analysis,
// remembered across visits, reset in one click; and the file's data is
// never stored (no storage key, cookie or database holds a customer).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  FIXTURES, assertNoErrors, launchBrowser, openApp, pickFile, runAnalysis, startServer, waitForState,
} from './lib/browser.mjs';

const CP1252 = join(FIXTURES, 'ventes-cp1252.csv');

describe('settings', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('a changed setting is used, remembered, and reset; no data is stored', async () => {
    const session = await openApp(browser, server.url);
    const { page } = session;
    await pickFile(page, CP1252);
    await waitForState(page, 'mapping', { what: 'the preview' });
    await page.click('#settings summary');
    assert.equal(await page.inputValue('#setting-rfm-bins'), '5', 'quintiles by default');
    await page.selectOption('#setting-rfm-bins', '3');
    assert.match(await page.locator('#settings-changed').innerText(), /1/, 'the badge counts one change');
    await runAnalysis(page);
    // With 3 bins the threshold table has scores 3, 2 and 1.
    assert.deepEqual(await page.$$eval('#rfm-thresholds tbody th', (cells) => cells.map((c) => c.textContent)), ['3', '2', '1']);

    // Remembered on the next visit.
    await page.reload();
    await waitForState(page, 'ready', { what: 'the reload' });
    await pickFile(page, CP1252);
    await waitForState(page, 'mapping', { what: 'the preview' });
    assert.equal(await page.inputValue('#setting-rfm-bins'), '3');

    // What the browser keeps: the settings and the language, nothing from the file.
    // (A segmentation snapshot the user explicitly saves is the one exception,
    // in IndexedDB: e2e/dynamics.test.mjs checks it holds only that.)
    const stored = await page.evaluate(async () => ({
      local: Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)])),
      session: sessionStorage.length,
      cookies: document.cookie,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    assert.deepEqual(Object.keys(stored.local).sort(), ['segmento.settings.v1'].concat(Object.keys(stored.local).includes('segmento.language') ? ['segmento.language'] : []).sort());
    assert.deepEqual(JSON.parse(stored.local['segmento.settings.v1']), { 'rfm.bins': 3 });
    assert.doesNotMatch(JSON.stringify(stored.local), /C00\d|Dupré|Besançon|N° client/, 'no customer, no header');
    assert.equal(stored.session, 0);
    assert.equal(stored.cookies, '');
    assert.equal(stored.databases, 0);
    assert.equal(stored.caches, 0);

    // Reset: back to the defaults, and forgotten.
    await page.click('#settings summary');
    await page.click('#settings-reset');
    assert.equal(await page.inputValue('#setting-rfm-bins'), '5');
    assert.ok(await page.locator('#settings-changed').isHidden());
    assert.equal(await page.evaluate(() => localStorage.getItem('segmento.settings.v1')), null);
    assertNoErrors(session);
    await session.context.close();
  });

  test('an invalid setting is named next to its field', async () => {
    const session = await openApp(browser, server.url);
    const { page } = session;
    await pickFile(page, CP1252);
    await waitForState(page, 'mapping', { what: 'the preview' });
    await page.click('#settings summary');
    // Class A's cut-off above class B's is refused by the core.
    await page.fill('#setting-abc-a_cutoff', '99');
    await page.dispatchEvent('#setting-abc-a_cutoff', 'change');
    await page.click('#run');
    await waitForState(page, 'error', { what: 'the core to refuse the setting' });
    assert.equal(await page.getAttribute('#setting-abc-a_cutoff', 'aria-invalid'), 'true', 'the field is marked');
    const fieldError = await page.locator('#settings .field-error').first().innerText();
    assert.match(fieldError, /abc|classe/i);
    // Worded in the page's language from the core's message key, not in the core's English.
    assert.match(fieldError, /doit être au-dessus de 0 et sous le seuil de la classe B \(0,95\) ; reçu : 0,99/);
    assert.doesNotMatch(fieldError, /must be|got/);
    // Fixing it lets the analysis run.
    await page.click('#settings-reset');
    await page.click('#run');
    await waitForState(page, 'done', { timeout: 60_000, what: 'the analysis with the defaults' });
    assert.ok(await page.locator('#alert').isHidden(), 'the error is gone');
    assertNoErrors(session);
    await session.context.close();
  });
});
