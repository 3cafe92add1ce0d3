// Privacy, proven: every request of the page and of its worker goes to the
// page's own origin, and none at all happens once a file is dropped,
// through the analysis, the customer lists, the language switch and every
// download.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIXTURES, WWW, assertNoErrors, downloadFrom, dropFile, launchBrowser, openApp, runAnalysis,
  startServer, waitVisible,
} from './lib/browser.mjs';

const CP1252 = join(FIXTURES, 'ventes-cp1252.csv');
const XLSX = join(FIXTURES, 'commandes.xlsx');

describe('privacy', () => {
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

  test('the page declares a CSP that allows only its own origin and wasm', () => {
    const html = readFileSync(join(WWW, 'index.html'), 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives['default-src'], ["'self'"]);
    assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.deepEqual(directives['object-src'], ["'none'"]);
    for (const [name, values] of Object.entries(directives)) {
      for (const value of values) {
        assert.ok(["'self'", "'none'", "'wasm-unsafe-eval'", 'data:', 'blob:'].includes(value), `${name} allows only local sources, not ${value}`);
      }
    }
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no resource from elsewhere');
    for (const file of ['app.js', 'worker.js', 'engine.js', 'styles.css']) {
      assert.doesNotMatch(readFileSync(join(WWW, file), 'utf8'), /https?:\/\/|@import|fonts\.|analytics|gtag/, `${file} loads nothing from elsewhere`);
    }
  });

  test('no request leaves the origin, and none at all follows the drop', async () => {
    const session = await openApp(browser, server.url);
    const { page, requests } = session;
    const origin = new URL(server.url).origin;
    // The worker's own requests are recorded too.
    assert.ok(requests.some((r) => r.url.endsWith('/worker.js')), 'the worker script request is seen');
    assert.ok(requests.some((r) => r.url.endsWith('/pkg/segmento_bg.wasm')), 'the wasm request is seen');
    assert.ok(requests.some((r) => r.url.endsWith('/pkg/segmento.js')), 'the worker’s import of the glue is seen');
    assert.ok(requests.some((r) => r.url.endsWith('/pkg/segmento_xlsx_bg.wasm')), 'the spreadsheet module is fetched before any drop');
    assert.ok(requests.some((r) => r.url.endsWith('/pkg/segmento_xlsx.js')), 'the worker’s import of the spreadsheet glue is seen');
    const position = (suffix) => requests.findIndex((r) => r.url.endsWith(suffix));
    assert.ok(position('/pkg/segmento_xlsx_bg.wasm') > position('/pkg/segmento_bg.wasm'), 'the spreadsheet module comes after the main one');

    const beforeDrop = requests.length;
    await dropFile(page, CP1252);
    await runAnalysis(page);

    // Everything a person can do with the results.
    await page.locator('#segments-table tbody th button').first().click();
    await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', 'the customer list');
    await page.fill('#customers-search', 'C0');
    await downloadFrom(page, '#customers-csv-excel');
    await page.click('#customers-close');
    for (const selector of ['#download-report', '#download-csv-excel', '#download-csv-standard', '#download-xlsx']) {
      await downloadFrom(page, selector);
    }
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.click('#skipped-toggle');

    // A workbook goes through the spreadsheet module, loaded before the first drop.
    await dropFile(page, XLSX);
    await runAnalysis(page);
    await downloadFrom(page, '#download-xlsx');

    const after = requests.slice(beforeDrop);
    assert.deepEqual(after.map((r) => `${r.method} ${r.url}`), [], 'no request after the file was dropped');
    for (const request of requests) {
      assert.equal(new URL(request.url).origin, origin, `${request.url} is on the page's origin`);
    }
    assertNoErrors(session);
    await session.context.close();
  });
});
