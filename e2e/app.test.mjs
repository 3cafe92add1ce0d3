// The main path a person takes: the demo file from the landing page to the
// results, the figures shown against the CLI's summary.json, the customer
// lists, the downloads, the language toggle, the keyboard, a phone-sized
// screen, and the screenshot shown in the README.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';

import { join } from 'node:path';
import {
  REPO, WWW, TIMEOUT, assertNoErrors, cliCanAnalyze, downloadFrom, readKpis, runAnalysis, runCli, waitForState,
  waitVisible,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { parseCsv, sumSkipped } from './lib/files.mjs';

const DEMO = join(WWW, 'demo', 'commandes-demo.csv');

describe('the demo file, end to end', () => {
  const setup = {};
  let session;
  let page;
  let work;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-e2e-', open: true });
    ({ session, page, work } = setup);
  });

  after(() => tearDownApp(setup));

  test('the landing page makes its promise and offers three ways in', async () => {
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.match(await page.locator('#privacy-promise').innerText(), /Vos données ne quittent jamais votre navigateur/);
    assert.ok(await page.locator('#dropzone').isVisible(), 'the drop zone is visible');
    assert.equal(await page.locator('#dropzone').evaluate((el) => el.tagName), 'BUTTON', 'the drop zone is a button');
    assert.ok(await page.locator('#demo-button').isEnabled(), 'the demo button is usable');
    assert.equal(await page.locator('#file-input').getAttribute('type'), 'file');
  });

  test('the demo file runs to the results', async () => {
    await page.click('#demo-button');
    await waitForState(page, 'mapping', { what: 'the demo file to be previewed' });
    // The mapping screen found the required roles by itself: one click continues.
    assert.ok(await page.locator('#run').isEnabled(), 'the run button is enabled without any change');
    assert.ok(await page.locator('#preview-table tbody tr').count() > 0, 'the preview shows rows');
    const done = page.evaluate(() => new Promise((resolve) => document.addEventListener('segmento:done', (e) => resolve(Object.keys(e.detail.summary)), { once: true })));
    await runAnalysis(page);
    assert.ok((await done).includes('customers'), 'segmento:done carries the summary');
    const kpis = await readKpis(page);
    assert.ok(kpis.customers.value > 0, 'customers shown');
    assert.ok(kpis.revenue.value > 0, 'revenue shown');
    await waitVisible(page, '#chart-rfm svg', 'the R×F heat map');
    await waitVisible(page, '#chart-abc svg', 'the Pareto curve');
    assert.ok(await page.locator('#segments-table tbody tr').count() >= 10, 'the segment table lists the named segments');
    assert.ok(await page.locator('#abc-table tbody tr').count() === 3, 'three ABC classes');
    assert.ok(await page.locator('#tiers-table tbody tr').count() >= 4, 'the points tiers');
    assertNoErrors(session);
  });

  test('the figures shown equal the CLI summary.json for the same file', { skip: !cliCanAnalyze() && 'the CLI has no analyze command yet' }, async () => {
    const out = join(work, 'cli-demo');
    const cli = runCli(['analyze', DEMO, '--out', out]);
    assert.equal(cli.status, 0, `segmento analyze failed: ${cli.stderr}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const kpis = await readKpis(page);
    assert.equal(kpis.customers.value, summary.customers);
    assert.ok(Math.abs(kpis.revenue.value - summary.revenue_total) < 0.005, `revenue ${kpis.revenue.value} vs ${summary.revenue_total}`);
    assert.equal(kpis['rows-used'].value, summary.rows.used);
    assert.equal(kpis['rows-skipped'].value, sumSkipped(summary.rows));
    // What is displayed is the locale's rendering of those numbers.
    const expected = await page.evaluate((n) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n), summary.customers);
    assert.equal(kpis.customers.text, expected);
    const shownCounts = await page.$$eval('#segments-table tbody tr', (rows) => rows.map((row) => [row.dataset.segment, row.querySelectorAll('td')[0].textContent]));
    for (const segment of summary.rfm.segments) {
      const row = shownCounts.find(([key]) => key === segment.key);
      assert.ok(row, `segment ${segment.key} is listed`);
      const text = await page.evaluate((n) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n), segment.customers);
      assert.equal(row[1], text, `customers of ${segment.key}`);
    }
  });

  test('the screenshot of the results page', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(join(REPO, 'docs'), { recursive: true });
    // From the top of the page to the end of the R×F map: the KPIs, the downloads and the map.
    const map = await page.locator('#chart-rfm').boundingBox();
    const height = Math.ceil(map.y + map.height + 24);
    await page.screenshot({ path: join(REPO, 'docs', 'screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
  });

  test('a segment opens its customer list: searchable, sortable, downloadable', async () => {
    const first = page.locator('#segments-table tbody th button').first();
    const label = await first.innerText();
    await first.click();
    await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', 'the customer list');
    assert.equal(await page.locator('#customers-title').innerText(), label);
    const expected = Number((await page.locator('#segments-table tbody tr').first().locator('td').first().innerText()).replace(/\D/g, ''));
    const totalText = await page.locator('#customers-count').innerText();
    assert.equal(Number(totalText.replace(/\D/g, '')), expected, 'the list holds the segment’s customers');

    // Sorted by revenue, largest first, when it opens.
    const sortedHeader = await page.locator('#customers-table thead th[aria-sort="descending"]').innerText();
    assert.ok(sortedHeader.length > 0, 'one column is marked as sorted');
    // Click the first column header (the id): sorted ascending by id.
    await page.locator('#customers-table thead th button').first().click();
    await page.waitForFunction(() => document.querySelector('#customers-table thead th')?.getAttribute('aria-sort') === 'ascending', null, { timeout: TIMEOUT.step });

    // Search the first customer's id: it is found.
    const id = await page.locator('#customers-table tbody tr').first().locator('td').first().innerText();
    await page.fill('#customers-search', id);
    await page.waitForFunction((wanted) => [...document.querySelectorAll('#customers-table tbody tr')].every((row) => row.textContent.includes(wanted)), id, { timeout: TIMEOUT.step });

    // Download that list (cleared search: the whole segment).
    await page.fill('#customers-search', '');
    const csv = await downloadFrom(page, '#customers-csv-standard');
    const rows = parseCsv(csv.bytes.toString('utf8'), ',');
    assert.equal(rows.length - 1, expected, `the downloaded list ${csv.name} has one row per customer of the segment`);
    await page.click('#customers-close');
    assert.equal(await page.locator('#customers-dialog').evaluate((d) => d.open), false);
    assertNoErrors(session);
  });

  test('skipped rows open to their reasons', async () => {
    const skipped = (await readKpis(page))['rows-skipped'].value;
    if (skipped === 0) {
      assert.ok(await page.locator('#skipped-toggle').isHidden());
      return;
    }
    await page.click('#skipped-toggle');
    await waitVisible(page, '#skipped-panel .skip-reason', 'the skipped-row reasons');
    assert.equal(await page.getAttribute('#skipped-toggle', 'aria-expanded'), 'true');
  });

  test('the downloads: report, both CSV dialects and the workbook', async () => {
    const report = await downloadFrom(page, '#download-report');
    assert.equal(report.name, 'rapport-segmentation.html');
    const html = report.bytes.toString('utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>'), 'an HTML document');
    assert.doesNotMatch(html, /<script/i, 'the report has no script');
    assert.doesNotMatch(html, /http/i, 'the report references nothing external');
    assert.match(html, /<svg/, 'the charts are inline SVG');
    assert.match(html, /Champions/);

    const customers = (await readKpis(page)).customers.value;
    const standard = await downloadFrom(page, '#download-csv-standard');
    assert.notEqual(standard.bytes[0], 0xef, 'standard CSV has no BOM');
    const rows = parseCsv(standard.bytes.toString('utf8'), ',');
    assert.equal(rows.length - 1, customers, 'one row per customer');
    const header = rows[0];
    for (const column of ['customer_id', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'rfm_code', 'rfm_segment', 'abc_class', 'value_points', 'value_tier']) {
      assert.ok(header.includes(column), `column ${column} in ${header.join(',')}`);
    }
    const monetary = header.indexOf('monetary');
    assert.ok(rows.slice(1).every((row) => /^-?\d+(\.\d+)?$/.test(row[monetary])), 'dot decimals');
    const total = rows.slice(1).reduce((sum, row) => sum + Number(row[monetary]), 0);
    const revenue = (await readKpis(page)).revenue.value;
    assert.ok(Math.abs(total - revenue) < 0.01 * Math.max(1, rows.length), `monetary sums to the revenue (${total} vs ${revenue})`);

    const excel = await downloadFrom(page, '#download-csv-excel');
    assert.deepEqual([...excel.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'Excel (FR) CSV starts with a UTF-8 BOM');
    const excelRows = parseCsv(excel.bytes.subarray(3).toString('utf8'), ';');
    assert.equal(excelRows.length - 1, customers, 'one row per customer');
    assert.equal(excelRows[0].length, header.length, 'the same columns, with French headers');
    assert.ok(excelRows.slice(1).some((row) => /^-?\d+,\d+$/.test(row[monetary])), 'decimal comma');
    assert.ok(excelRows.slice(1).every((row, i) => Number(row[monetary].replace(',', '.')) === Number(rows[i + 1][monetary])), 'the same amounts');

    const xlsx = await downloadFrom(page, '#download-xlsx');
    assert.match(xlsx.name, /\.xlsx$/);
    assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip archive');
    assertNoErrors(session);
  });

  test('the report equals the CLI report apart from the timestamp', { skip: !cliCanAnalyze() && 'the CLI has no analyze command yet' }, async () => {
    const out = join(work, 'cli-demo');
    const cliReport = readFileSync(join(out, 'report.html'), 'utf8');
    const pageReport = (await downloadFrom(page, '#download-report')).bytes.toString('utf8');
    // The stamp (to the minute, twice: header and footer) differs when a minute turns between the two.
    const lines = (text) => text.replace(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} UTC/g, 'STAMP').split('\n');
    const a = lines(cliReport);
    const b = lines(pageReport);
    assert.equal(a.length, b.length, 'same number of lines');
    const differing = a.map((line, i) => (line === b[i] ? null : [line, b[i]])).filter(Boolean);
    assert.ok(differing.length === 0, `only the generation stamp differs, got:\n${differing.map(([x, y]) => `cli:  ${x}\npage: ${y}`).join('\n')}`);
  });

  test('the language toggle switches every label, numbers and charts to English and back', async () => {
    await page.click('#lang-toggle');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.title(), 'segmento · customer segmentation');
    assert.equal(await page.getAttribute('meta[name="description"]', 'content'), 'RFM, ABC/Pareto and value-point customer segmentation, computed in your browser.');
    assert.equal(await page.locator('#results-title').innerText(), 'Segmentation results');
    assert.equal(await page.locator('#segments-table thead th').first().innerText(), 'Segment');
    const revenueText = await page.locator('#kpi-revenue').innerText();
    assert.match(revenueText, /^€[\d,]+$/, `revenue in English format: ${revenueText}`);
    // Segment names come from the core in English too.
    assert.ok(await page.locator('#segments-table tbody th', { hasText: "Can't lose them" }).count() + await page.locator('#segments-table tbody th', { hasText: 'Hibernating' }).count() > 0);
    const svgText = await page.locator('#chart-rfm svg').textContent();
    assert.doesNotMatch(svgText, /Perdus|En hibernation/, 'the heat map is relabelled in English');
    // The choice is remembered.
    await page.reload();
    await waitForState(page, 'ready', { what: 'the page to reload' });
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.click('#lang-toggle');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.title(), 'segmento · segmentation clients');
    assert.equal(await page.locator('#landing-title').innerText(), 'Segmentez vos clients en un glisser-déposer');
    assertNoErrors(session);
  });

  test('keyboard: Tab reaches the drop zone, Enter opens the file picker, focus is visible', async () => {
    await page.reload();
    await waitForState(page, 'ready', { what: 'the page to reload' });
    let reached = false;
    for (let i = 0; i < 10 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'dropzone');
    }
    assert.ok(reached, 'the drop zone is reachable with Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused drop zone shows a focus ring');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: TIMEOUT.step }),
      page.keyboard.press('Enter'),
    ]);
    assert.ok(chooser, 'Enter on the drop zone opens the file picker');
    assert.equal(await page.getAttribute('#dropzone', 'aria-describedby'), 'dropzone-formats privacy-promise');
  });
});

describe('a phone-sized screen (375 px)', () => {
  const setup = {};
  let session;

  before(async () => {
    await setUpApp(setup, { open: true, appOptions: { viewport: { width: 375, height: 812 } } });
    ({ session } = setup);
  });

  after(() => tearDownApp(setup));

  test('no screen scrolls sideways', async () => {
    const { page } = session;
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0, 'landing');
    await page.click('#demo-button');
    await waitForState(page, 'mapping', { what: 'the demo preview' });
    assert.equal(await overflow(), 0, 'mapping');
    await runAnalysis(page);
    assert.equal(await overflow(), 0, 'results');
    if (process.env.SEGMENTO_MOBILE_SCREENSHOT) await page.screenshot({ path: process.env.SEGMENTO_MOBILE_SCREENSHOT, fullPage: true });
    assertNoErrors(session);
  });
});
