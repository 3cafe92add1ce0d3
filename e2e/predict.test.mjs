// The forecast, the value × potential matrix and the campaign plan on the
// page: on the demo file, what is shown equals the CLI's summary.json for
// the same file; a group and a cell open their customer lists; the campaign
// settings are edited and the plan follows; a tiny file says plainly that
// it has no model and shows no fitted parameter.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { join } from 'node:path';
import {
  WWW, TIMEOUT, assertNoErrors, cliCanAnalyze, dropFile, runAnalysis, runCli, waitForAnalyses, waitForState, waitVisible,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { writeOrders } from './lib/files.mjs';

const DEMO = join(WWW, 'demo', 'commandes-demo.csv');

/** The page's French rendering of a number, as `fmt.number` / `fmt.integer` do. */
function frenchNumber(page, value, digits) {
  return page.evaluate(([n, d]) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: d }).format(n), [value, digits]);
}

describe('forecast, value × potential and campaign on the demo file', () => {
  const setup = {};
  let session;
  let page;
  let work;
  let summary;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-e2e-predict-', open: true });
    ({ session, page, work } = setup);
    if (cliCanAnalyze()) {
      const out = join(work, 'cli-demo');
      const cli = runCli(['analyze', DEMO, '--out', out]);
      assert.equal(cli.status, 0, `segmento analyze failed: ${cli.stderr}`);
      summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    }
    await page.click('#demo-button');
    await runAnalysis(page);
  });

  after(() => tearDownApp(setup));

  test('the fit status and the parameters are those of the CLI', { skip: !cliCanAnalyze() && 'no CLI' }, async () => {
    await waitVisible(page, '#fit-status', 'the fit status');
    assert.equal(summary.predict.status.kind, 'fitted', 'the demo file is large enough for the model');
    assert.equal(await page.getAttribute('#fit-status', 'data-status'), 'fitted');
    const status = await page.locator('#fit-status').innerText();
    const fit = summary.predict.bgnbd;
    assert.match(status, /convergence atteinte/);
    assert.ok(status.includes(`${await frenchNumber(page, fit.iterations, 0)} itérations`), status);
    assert.ok(status.includes(await frenchNumber(page, fit.log_likelihood, 1)), `log-likelihood in ${status}`);
    const shown = await page.$$eval('#forecast-parameters tbody tr', (rows) => Object.fromEntries(rows.map((row) => [row.dataset.parameter, [...row.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)])));
    for (const [name, key] of [['r', 'r'], ['α', 'alpha'], ['a', 'a'], ['b', 'b']]) {
      assert.ok(shown[name], `parameter ${name} is shown`);
      assert.equal(shown[name][0], await frenchNumber(page, fit[key], 4), `${name} estimate`);
      assert.equal(shown[name][1], await frenchNumber(page, fit.std_errors[key], 4), `${name} standard error`);
    }
    const gg = summary.predict.gamma_gamma;
    if (gg) {
      for (const key of ['p', 'q', 'v']) assert.equal(shown[key][0], await frenchNumber(page, gg[key], 4), `Gamma-Gamma ${key}`);
      assert.match(await page.locator('#spend-correlation').innerText(), /r = /);
    } else {
      // Without a Gamma-Gamma fit, the page says how the spend is forecast and shows no p, q, v.
      assert.equal(shown.p, undefined);
      assert.ok((await page.locator('#forecast-warnings').innerText()).length > 0, 'the reason is listed');
    }
  });

  test('the predictive groups are listed and a group opens its customers', { skip: !cliCanAnalyze() && 'no CLI' }, async () => {
    const groups = summary.predict.groups;
    assert.ok(groups.length >= 4, `at least 4 groups by default on ${summary.customers} customers (got ${groups.length})`);
    const rows = await page.$$eval('#groups-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.group, tr.querySelector('td').textContent]));
    assert.deepEqual(rows.map(([label]) => label), groups.map((g) => g.label));
    for (const [i, group] of groups.entries()) assert.equal(rows[i][1], await frenchNumber(page, group.customers, 0), `customers of group ${group.label}`);
    await page.locator('#groups-table tbody tr[data-group="B"] th button').click();
    await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', 'the list of group B');
    const total = Number((await page.locator('#customers-count').innerText()).replace(/\D/g, ''));
    assert.equal(total, groups[1].customers, 'the list holds group B');
    await page.click('#customers-close');
  });

  test('the value × potential matrix counts equal the CLI, and a cell opens its customers', { skip: !cliCanAnalyze() && 'no CLI' }, async () => {
    const cells = await page.$$eval('#cross-table td[data-cell]', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.cell, Number(td.dataset.customers)])));
    for (const cell of summary.cross.matrix) {
      if (cell.value_class === 'P' && summary.prospects === 0) continue;
      assert.equal(cells[cell.cell], cell.customers, `customers in ${cell.cell}`);
    }
    const strategies = await page.$$eval('#strategies-table tbody tr', (trs) => trs.map((tr) => tr.dataset.strategy));
    assert.deepEqual(strategies, ['core_business', 'growth_potential', 'low_cost']);
    assert.match(await page.locator('#strategies-table').innerText(), /Fond de commerce[\s\S]*Potentiel de développement[\s\S]*À gérer à l'économie/);
    const biggest = summary.cross.matrix.filter((c) => c.value_class !== 'P').sort((x, y) => y.customers - x.customers)[0];
    await page.locator(`#cross-table td[data-cell="${biggest.cell}"] button`).click();
    await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', `the list of ${biggest.cell}`);
    const total = Number((await page.locator('#customers-count').innerText()).replace(/\D/g, ''));
    assert.equal(total, biggest.customers, `the list holds ${biggest.cell}`);
    await page.click('#customers-close');
    // The chart's cell opens the same list as the table's button; prospects (row P) have no list.
    const second = summary.cross.matrix.filter((c) => c.value_class !== 'P' && c.customers > 0).sort((x, y) => y.customers - x.customers)[1];
    assert.equal(await page.locator('figure.chart svg g[data-cell^="P"]').count(), 0, 'no list behind the prospects row');
    await page.locator(`figure.chart svg g[data-cell="${second.cell}"]`).click();
    await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', `the list of ${second.cell} from the chart`);
    const fromChart = Number((await page.locator('#customers-count').innerText()).replace(/\D/g, ''));
    assert.equal(fromChart, second.customers, `the chart's ${second.cell} list`);
    await page.click('#customers-close');
    // The R×F map's cells name their segment the same way.
    const champions = summary.rfm.segments.find((s) => s.key === 'champions');
    assert.ok(await page.locator('#chart-rfm svg g[data-segment]').count() >= 25, 'every R×F cell names its segment');
    await page.locator('#chart-rfm svg g[data-segment="champions"]').first().click();
    await waitVisible(page, '#customers-dialog[open] #customers-table tbody tr', 'the champions list from the R×F map');
    const fromGrid = Number((await page.locator('#customers-count').innerText()).replace(/\D/g, ''));
    assert.equal(fromGrid, champions.customers, 'the R×F map opens the champions list');
    await page.click('#customers-close');
  });

  test('the campaign plan: one row per segment and channel, one recommendation per segment', { skip: !cliCanAnalyze() && 'no CLI' }, async () => {
    const campaign = summary.campaign;
    await waitVisible(page, '#campaign-table tbody tr', 'the campaign table');
    const rows = await page.$$eval('#campaign-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.segment, tr.dataset.channel]));
    assert.equal(rows.length, campaign.segments.length * campaign.channels.length, 'segments × channels');
    assert.equal(await page.locator('#campaign-recommendations tbody tr').count(), campaign.segments.length);
    const contacted = await page.$$eval('#campaign-recommendations tbody tr', (trs) => trs.map((tr) => [tr.dataset.segment, tr.dataset.contact]));
    for (const segment of campaign.segments) {
      assert.deepEqual(contacted.find(([key]) => key === segment.segment), [segment.segment, String(segment.contact)]);
    }
    // The courrier cost of the first segment: contacts × 1.20 €.
    const first = campaign.segments[0];
    const mail = first.channels.find((c) => c.channel === 'courrier');
    const cost = await page.locator(`#campaign-table tr[data-segment="${first.segment}"][data-channel="courrier"] td`).nth(5).innerText();
    // Whole euros from 100 €, cents below.
    const expected = await page.evaluate((n) => { const d = n < 100 ? 2 : 0; return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: d, maximumFractionDigits: d }).format(n); }, mail.contacts * 1.2);
    assert.equal(cost, expected);
    assertNoErrors(session);
  });

  test('the campaign and group settings are edited (channel costs in a table), and a re-run follows them', async () => {
    await page.click('#edit-settings');
    await waitForState(page, 'mapping', { what: 'the settings screen' });
    const costCell = page.locator('[data-path="campaign.channels"] tbody tr').first().locator('input[type="number"]').first();
    await costCell.fill('0.5');
    await costCell.dispatchEvent('change');
    await page.selectOption('#setting-campaign-segment_by', 'predictive_group');
    await page.fill('#setting-campaign-budget', '100');
    await page.dispatchEvent('#setting-campaign-budget', 'change');
    await page.selectOption('#setting-predict-groups-size-rule', 'count');
    await page.fill('#setting-predict-groups-size-value', '6');
    await page.dispatchEvent('#setting-predict-groups-size-value', 'change');
    await page.fill('#setting-predict-calibration_end', '2024-06-30');
    await page.dispatchEvent('#setting-predict-calibration_end', 'change');
    await page.click('#run');
    await waitForState(page, ['done', 'error'], { timeout: TIMEOUT.analysis, what: 'the re-run' });
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', await page.locator('#alert').innerText());
    await waitForAnalyses(page);
    // Planned by predictive group, within the budget, courrier at 0.50 €.
    const planned = await page.$$eval('#campaign-recommendations tbody tr', (trs) => trs.map((tr) => tr.dataset.segment));
    assert.deepEqual(planned, ['A', 'B', 'C', 'D', 'E', 'F'], 'six groups, as set');
    assert.equal(await page.locator('#groups-table tbody tr').count(), 6);
    assert.match(await page.locator('#campaign-plan').innerText(), /Budget 100/);
    assert.match(await page.locator('#campaign').innerText(), /courrier 0,50/);
    // The calibration date gives the holdout check: its table and chart.
    await waitVisible(page, '#holdout-table tbody tr', 'the holdout table');
    assert.match(await page.locator('#holdout-table tfoot').innerText(), /Total/);
    await page.click('#edit-settings');
    await page.click('#settings-reset');
    assertNoErrors(session);
  });
});

describe('a tiny file has no model, and says so', () => {
  const setup = {};
  let session;
  let page;
  let work;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-e2e-tiny-', open: true });
    ({ session, page, work } = setup);
  });

  after(() => tearDownApp(setup));

  test('30 customers: a plain fallback message and observed rates, no fitted parameter', async () => {
    const path = join(work, 'petit.csv');
    await writeOrders(path, 90, { customers: 30 });
    await dropFile(page, path);
    await runAnalysis(page);
    await waitVisible(page, '#fit-status', 'the fit status');
    assert.equal(await page.getAttribute('#fit-status', 'data-status'), 'fallback');
    const text = await page.locator('#fit-status').innerText();
    assert.match(text, /Pas de modèle de prévision/);
    assert.match(text, /trop peu pour ajuster le modèle BG\/NBD/);
    assert.match(text, /taux d'achat observés de chaque segment RFM/);
    assert.equal(await page.locator('#forecast-parameters').count(), 0, 'no parameter of a failed fit is shown');
    assert.ok(await page.locator('#fallback-rates tbody tr').count() > 0, 'the observed rates are listed');
    // In English too.
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: TIMEOUT.step });
    assert.match(await page.locator('#fit-status').innerText(), /No forecasting model[\s\S]*too few to fit the BG\/NBD model/);
    await page.click('#lang-toggle');
    assertNoErrors(session);
  });
});
