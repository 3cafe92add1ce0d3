// Real files through the real entry points: a Windows-1252 French CSV
// through the file picker, an ISO-8859-15 one (decoded by the spreadsheet
// module, analysed by the main one), an .xlsx dropped with a DataTransfer,
// and a broken workbook that must give a readable error and leave the page
// usable.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import {
  FIXTURES, REPO, TIMEOUT, assertNoErrors, cliCanAnalyze, downloadFrom, dropFile, openApp, pickFile, readKpis,
  runAnalysis, runCli, waitForState, waitVisible,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { sumSkipped } from './lib/files.mjs';

const CP1252 = join(FIXTURES, 'ventes-cp1252.csv');
const LATIN9 = join(FIXTURES, 'ventes-iso8859-15.csv');
const XLSX = join(FIXTURES, 'commandes.xlsx');
const BROKEN = join(FIXTURES, 'broken.xlsx');
/** The core's own test files (tests/data), one per dialect. */
const TEST_DATA = join(REPO, 'tests', 'data');

describe('input files', () => {
  const setup = {};
  let server;
  let browser;
  let work;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-e2e-' });
    ({ server, browser, work } = setup);
  });

  after(() => tearDownApp(setup));

  test('a Windows-1252 ";" French CSV through the file picker', async () => {
    const session = await openApp(browser, server.url);
    const { page } = session;
    await pickFile(page, CP1252);
    await waitForState(page, 'mapping', { what: 'the cp1252 file to be previewed' });

    // What was detected is shown, and right.
    assert.match(await page.locator('#option-encoding option:checked').innerText(), /1252/);
    assert.match(await page.locator('#option-delimiter option:checked').innerText(), /point-virgule/);
    assert.match(await page.locator('#option-decimal_separator option:checked').innerText(), /virgule/);
    assert.match(await page.locator('#option-date_order option:checked').innerText(), /jj\/mm\/aaaa/);
    assert.equal(await page.locator('#role-customer_id').inputValue(), 'N° client');
    assert.equal(await page.locator('#role-order_date').inputValue(), 'Date de commande');
    assert.equal(await page.locator('#role-amount').inputValue(), 'Montant TTC');

    // The preview shows decoded text and parsed values: "1 213,52 €" read as 1213.52, "28/05/2022" as 28 May.
    const table = await page.locator('#preview-table').innerText();
    assert.match(table, /Hélène Dupré|Besançon/, 'accents decoded from Windows-1252');
    assert.match(table, /1\u202f213,52\s€|1\u00a0213,52\s€/, 'amount parsed and shown in French format');
    assert.match(table, /28 mai 2022/, 'date parsed day-first');
    assert.equal(await page.locator('#preview-table tbody tr').count(), 20);

    await runAnalysis(page);
    const kpis = await readKpis(page);
    assert.equal(kpis.customers.value, 15, 'customers C001..C015');
    assert.ok(kpis['rows-skipped'].value >= 3, 'the duplicate, the bad date and the missing id are skipped');

    // The skipped rows name their line: the 31/02/2024 row.
    const lines = readFileSync(CP1252, 'latin1').split('\r\n');
    const badLine = lines.findIndex((line) => line.includes('31/02/2024')) + 1;
    await page.click('#skipped-toggle');
    await waitVisible(page, '#skipped-panel [data-reason="unparseable_date"]', 'the unparseable-date reason');
    const reason = await page.locator('#skipped-panel [data-reason="unparseable_date"]').innerText();
    assert.match(reason, new RegExp(`\\b${badLine}\\b`), `line ${badLine} is given as the example`);
    assert.match(reason, /31\/02\/2024/);

    // A customer called "<script>…" is shown as text in the lists.
    const segmentButtons = page.locator('#segments-table tbody th button');
    let found = false;
    for (let i = 0; i < await segmentButtons.count() && !found; i += 1) {
      await segmentButtons.nth(i).click();
      await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', 'the customer list');
      await page.fill('#customers-search', 'C009');
      await page.waitForTimeout(400);
      const text = await page.locator('#customers-table tbody').innerText();
      if (text.includes('C009')) {
        found = true;
        if (text.includes('<script>')) assert.match(text, /<script>alert\(1\)<\/script>/);
        assert.equal(await page.locator('#customers-table script').count(), 0, 'no script element was created');
      }
      await page.click('#customers-close');
    }
    assert.ok(found, 'customer C009 is in one of the segments');

    if (cliCanAnalyze()) {
      const out = join(work, 'cli-cp1252');
      const cli = runCli(['analyze', CP1252, '--out', out]);
      assert.equal(cli.status, 0, cli.stderr);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      assert.equal(kpis.customers.value, summary.customers);
      assert.ok(Math.abs(kpis.revenue.value - summary.revenue_total) < 0.005);
      assert.equal(kpis['rows-used'].value, summary.rows.used);
      assert.equal(kpis['rows-skipped'].value, sumSkipped(summary.rows));
    }
    assertNoErrors(session);
    await session.context.close();
  });

  test('an ISO-8859-15 CSV: chosen on the mapping screen, read by the spreadsheet module', async () => {
    const session = await openApp(browser, server.url);
    const { page } = session;
    await pickFile(page, LATIN9);
    await waitForState(page, 'mapping', { what: 'the Latin-9 file to be previewed' });
    // Single-byte encodings cannot be told apart: detection says Windows-1252, where 0xBC is "¼".
    assert.match(await page.locator('#option-encoding option:checked').innerText(), /1252/);
    assert.match(await page.locator('#preview-table').innerText(), /¼dipe Roi/);

    // The main module has no ISO-8859-15 decoder: the preview and the ingestion go to the spreadsheet module.
    await page.selectOption('#option-encoding', 'iso-8859-15');
    await page.waitForFunction(() => document.querySelector('#preview-table')?.innerText.includes('Œdipe Roi'),
      null, { timeout: TIMEOUT.step });
    const table = await page.locator('#preview-table').innerText();
    assert.match(table, /Maëlle Cœur/);
    assert.match(table, /Šárka Horák/);
    assert.match(table, /100,00\s€/);
    assert.doesNotMatch(table, /[¤¼½¦]/, 'no byte left in its Windows-1252 reading (0xA4 is € here, not ¤)');

    await runAnalysis(page);
    const kpis = await readKpis(page);
    // By construction (make_fixtures.py): 12 customers, 24 orders, 660 + 1 200 + 60 = 1 920 €.
    assert.equal(kpis.customers.value, 12);
    assert.equal(kpis['rows-used'].value, 24);
    assert.equal(kpis['rows-skipped'].value, 0);
    assert.ok(Math.abs(kpis.revenue.value - 1920) < 0.005, `revenue ${kpis.revenue.value}`);

    if (cliCanAnalyze()) {
      // The CLI reads the same file with every decoder built in: the page's customers CSV must be its, byte for byte.
      const out = join(work, 'cli-latin9');
      const config = join(work, 'latin9-config.json');
      writeFileSync(config, JSON.stringify({ input: { encoding: 'iso-8859-15' } }));
      const cli = runCli(['analyze', LATIN9, '--config', config, '--out', out]);
      assert.equal(cli.status, 0, cli.stderr);
      const pageCsv = (await downloadFrom(page, '#download-csv-standard')).bytes;
      assert.ok(pageCsv.equals(readFileSync(join(out, 'customers.csv'))), 'the customers CSV equals the CLI\'s');
      assert.match(pageCsv.toString('utf8'), /Œdipe Roi/);
    }
    assertNoErrors(session);
    await session.context.close();
  });

  test('an .xlsx dropped on the drop zone (a real DataTransfer)', async () => {
    const session = await openApp(browser, server.url, { locale: 'en-US' });
    const { page } = session;
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'English for an English browser');
    await dropFile(page, XLSX, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await waitForState(page, 'mapping', { what: 'the workbook to be previewed' });
    assert.match(await page.locator('#dialect').innerText(), /Excel/);
    assert.equal(await page.locator('#role-customer_id').inputValue(), 'Code client');
    assert.equal(await page.locator('#role-order_date').inputValue(), 'Date facture');
    assert.equal(await page.locator('#role-amount').inputValue(), 'Montant HT');
    assert.equal(await page.locator('#role-margin').inputValue(), 'Marge');
    await runAnalysis(page);
    const kpis = await readKpis(page);
    assert.equal(kpis.customers.value, 30);
    assert.equal(kpis['rows-skipped'].value, 0);
    if (cliCanAnalyze()) {
      const out = join(work, 'cli-xlsx');
      const cli = runCli(['analyze', XLSX, '--out', out, '--language', 'en']);
      assert.equal(cli.status, 0, cli.stderr);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      assert.equal(kpis.customers.value, summary.customers);
      assert.ok(Math.abs(kpis.revenue.value - summary.revenue_total) < 0.005);
      assert.equal(kpis['rows-used'].value, summary.rows.used);
      // The page reads the workbook in its spreadsheet module and analyses it in
      // the main one: every customer's scores must still be the CLI's, byte for byte.
      const pageCsv = (await downloadFrom(page, '#download-csv-standard')).bytes;
      assert.ok(pageCsv.equals(readFileSync(join(out, 'customers.csv'))), 'the customers CSV equals the CLI\'s');
    }
    assertNoErrors(session);
    await session.context.close();
  });

  // The page's wasm build splits records with wasm SIMD where the CLI uses
  // SSE2 (src/ingest/csv.rs): every dialect of the test fixtures (`;` and
  // `,`, CRLF, quotes with `""`, BOM, Windows-1252, UTF-16, tabs) must give
  // the CLI's customers, byte for byte.
  for (const name of ['commandes-windows1252.csv', 'commandes-utf16.txt', 'orders-us.csv', 'orders-utf8-bom.csv', 'clients.csv']) {
    test(`${name} reads the same in the page as in the CLI`, { skip: !cliCanAnalyze() && 'the CLI has no analyze command yet' }, async () => {
      const file = join(TEST_DATA, name);
      const session = await openApp(browser, server.url, { locale: 'en-US' });
      const { page } = session;
      await pickFile(page, file);
      await runAnalysis(page);
      const out = join(work, `cli-${name}`);
      const cli = runCli(['analyze', file, '--out', out, '--language', 'en']);
      assert.equal(cli.status, 0, cli.stderr);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const kpis = await readKpis(page);
      assert.equal(kpis['rows-used'].value, summary.rows.used);
      assert.equal(kpis['rows-skipped'].value, sumSkipped(summary.rows));
      const pageCsv = (await downloadFrom(page, '#download-csv-standard')).bytes;
      assert.ok(pageCsv.equals(readFileSync(join(out, 'customers.csv'))), 'the customers CSV equals the CLI\'s');
      assertNoErrors(session);
      await session.context.close();
    });
  }

  test('a broken file shows a readable error, and the page stays usable', async () => {
    const session = await openApp(browser, server.url);
    const { page } = session;
    const errorEvent = page.evaluate(() => new Promise((resolve) => document.addEventListener('segmento:error', (e) => resolve(e.detail.message), { once: true })));
    await dropFile(page, BROKEN);
    await waitForState(page, 'error', { what: 'the broken workbook to be refused' });
    assert.ok((await errorEvent).length > 0, 'segmento:error carries the message');
    await waitVisible(page, '#alert', 'the error message');
    const title = await page.locator('#alert-title').innerText();
    const message = await page.locator('#alert-message').innerText();
    assert.match(title, /broken\.xlsx/, 'the title names the file');
    assert.ok(message.length > 10, `a sentence, not a code: ${message}`);
    assert.doesNotMatch(message, /unreachable|RuntimeError|panicked/i, 'not a crash');
    assert.ok(await page.locator('#alert-hint').innerText(), 'a hint says what to do');

    // Still usable: a good file goes through, and the error is gone.
    await dropFile(page, XLSX);
    await runAnalysis(page, { timeout: TIMEOUT.analysis });
    assert.ok(await page.locator('#alert').isHidden(), 'the old error is cleared');
    assertNoErrors(session);
    await session.context.close();
  });
});
