// Dynamic segmentation in the page (issue 6), on the demo file: the
// migration matrix against the CLI's summary.json and the list behind a
// cell; the survival table; a control draw whose downloaded list carries
// campaign_group with the right per-segment shares and the seed, the same
// groups as the CLI with that seed; a snapshot saved in this browser and
// compared after a reload; and the after-campaign readout from that
// campaign list plus a later order file.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import {
  FIXTURES, WWW, TIMEOUT, assertNoErrors, cliCanAnalyze, downloadFrom, runAnalysis, runCli, waitForState,
  waitVisible,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { parseCsv } from './lib/files.mjs';
import { violations } from './lib/axe.mjs';

const DEMO = join(WWW, 'demo', 'commandes-demo.csv');
/** The wasm API of the control draw, snapshots and campaign readout (branch dyncore). */
const DYNAMICS_API = existsSync(join(WWW, 'pkg', 'segmento.js'))
  && readFileSync(join(WWW, 'pkg', 'segmento.js'), 'utf8').includes('drawControl');
const NO_API = !DYNAMICS_API && 'the wasm has no drawControl/snapshotJson/attachCampaignList yet (branch dyncore)';
const NO_CLI = !cliCanAnalyze() && 'the CLI is not built';
const SEED = 987654321;
const SHARE = 0.1;

/** A CSV's rows as objects keyed by its header. */
function records(text, delimiter = ',') {
  const [header, ...rows] = parseCsv(text.replace(/^\ufeff/, ''), delimiter).filter((row) => row.length > 1);
  return rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i]])));
}

/** `target` or `control`, whatever the export's language. */
function groupOf(value) {
  if (/^(target|cible)$/i.test(value)) return 'target';
  if (/^(control|t[ée]moin)$/i.test(value)) return 'control';
  return null;
}

function frInteger(n) {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n);
}

/**
 * The later order file: the demo orders, then one order 10 days after the
 * as-of date for every 3rd target and every 10th control customer of each
 * segment (in the list's order). Returns its path and, per campaign
 * segment, `{target: [responders, customers], control: [...]}`.
 */
function writeLaterFile(dir, listText, asOf) {
  const day = new Date(Date.parse(`${asOf}T00:00:00Z`) + 10 * 86_400_000);
  const date = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
  const seen = new Map();
  const expected = new Map();
  const extra = [];
  for (const row of records(listText)) {
    const group = groupOf(row.campaign_group);
    if (!group) continue;
    const key = `${row.campaign_segment}|${group}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const counts = expected.get(row.campaign_segment) ?? { target: [0, 0], control: [0, 0] };
    counts[group][1] += 1;
    if (index % (group === 'target' ? 3 : 10) === 0) {
      counts[group][0] += 1;
      extra.push(`${9000000 + extra.length};${row.customer_id};${date};50,00;15,00;web;;;`);
    }
    expected.set(row.campaign_segment, counts);
  }
  const path = join(dir, 'commandes-apres.csv');
  writeFileSync(path, `${readFileSync(DEMO, 'utf8').replace(/\n?$/, '\n')}${extra.join('\n')}\n`);
  return { path, expected };
}

/**
 * Opens the list behind the largest move between two segments of the RFM
 * matrix in `scope`, downloads it, and checks that it holds exactly the
 * customers who made that move (their previous and current segments).
 */
async function checkLargestMoveList(page, scope) {
  const cell = await page.$$eval(`${scope} .migration-table td[data-to] button`, (buttons) => buttons
    .map((b) => b.closest('td'))
    .filter((td) => td.dataset.from !== td.dataset.to && !td.dataset.from.startsWith('+') && !td.dataset.to.startsWith('+'))
    .map((td) => ({ from: td.dataset.from, to: td.dataset.to, customers: Number(td.dataset.customers) }))
    .sort((a, b) => b.customers - a.customers)[0]);
  assert.ok(cell && cell.customers > 0, `${scope}: a move between two segments has customers`);
  await page.click(`${scope} td[data-from="${cell.from}"][data-to="${cell.to}"] button`);
  await waitVisible(page, '#customers-dialog', 'the customer list');
  await page.waitForFunction((n) => document.getElementById('customers-count').textContent.replace(/\D/g, '') === String(n), cell.customers);
  const csv = await downloadFrom(page, '#customers-csv-standard');
  const rows = records(csv.bytes.toString('utf8'));
  assert.equal(rows.length, cell.customers, `${csv.name}: one row per customer of the move`);
  for (const row of rows) {
    assert.equal(row.previous_rfm_segment, cell.from, `${row.customer_id} came from ${cell.from}`);
    assert.equal(row.rfm_segment, cell.to, `${row.customer_id} is now ${cell.to}`);
  }
  await page.click('#customers-close');
}

/** The snapshots the page keeps in IndexedDB: `{name, asOf, json}` each. */
function storedSnapshots(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('segmento');
    open.onsuccess = () => {
      const request = open.result.transaction('snapshots').objectStore('snapshots').getAll();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result.map(({ name, asOf, json }) => ({ name, asOf, json })));
      };
      request.onerror = () => reject(request.error);
    };
    open.onerror = () => reject(open.error);
  }));
}

/** Opens a file with the drop zone's file picker. */
async function chooseFile(page, path) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#dropzone')]);
  await chooser.setFiles(path);
  await waitForState(page, 'mapping', { what: `the preview of ${path}` });
}

describe('dynamic segmentation in the page', () => {
  const setup = {};
  let session;
  let page;
  let work;
  let summary = null;
  let campaignList = null;
  let demoAsOf = null;

  before(async () => {
    await setUpApp(setup, { workPrefix: 'segmento-dyn-', open: true });
    ({ session, page, work } = setup);
    if (cliCanAnalyze()) {
      const out = join(work, 'cli');
      const cli = runCli(['analyze', DEMO, '--out', out]);
      assert.equal(cli.status, 0, `segmento analyze failed: ${cli.stderr}`);
      summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    }
    const done = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('segmento:done', (event) => resolve(event.detail.summary.as_of), { once: true });
    }));
    await page.click('#demo-button');
    await runAnalysis(page);
    demoAsOf = await done;
  });

  after(() => tearDownApp(setup));

  test('the migration matrix shows the CLI summary.json numbers, for every method', { skip: NO_CLI }, async () => {
    await waitVisible(page, '#migrations .migration-table', 'the migration table');
    for (const [method, migration] of Object.entries(summary.migrations)) {
      await page.check(`#migrations input[name="migration-method"][value="${method}"]`);
      await page.waitForSelector(`#migrations .migration-table[data-method="${method}"]`);
      const shown = await page.$$eval('#migrations .migration-table td[data-to]', (cells) => cells.map((td) => [td.dataset.from, td.dataset.to, Number(td.dataset.customers), td.querySelector('button, span').textContent]));
      const find = (from, to) => shown.find(([f, t]) => f === from && t === to);
      for (const cell of migration.matrix) {
        const row = find(cell.from, cell.to);
        assert.ok(row, `${method}: cell ${cell.from} → ${cell.to} is shown`);
        assert.equal(row[2], cell.customers, `${method}: ${cell.from} → ${cell.to}`);
        assert.equal(row[3], frInteger(cell.customers), `${method}: ${cell.from} → ${cell.to} as displayed`);
      }
      for (const entry of migration.new) {
        assert.equal(find('+new', entry.to)?.[2], entry.customers, `${method}: new → ${entry.to}`);
      }
      if (migration.lost_key) {
        for (const entry of migration.lost) assert.equal(find(entry.from, '+lost')?.[2], entry.customers, `${method}: ${entry.from} lost`);
      }
      const headlines = await page.$$eval('#migrations .headlines li', (items) => items.map((li) => li.textContent));
      assert.deepEqual(headlines, migration.headlines_fr, `${method}: the core's headlines`);
    }
    await page.check('#migrations input[name="migration-method"][value="rfm"]');
    await waitVisible(page, '#migrations figure.chart svg', 'the RFM flow diagram');
  });

  test('a matrix cell opens the customers who made that move, and downloads them', async () => {
    await page.check('#migrations input[name="migration-method"][value="rfm"]');
    await checkLargestMoveList(page, '#migrations');
  });

  test('the survival table beside the curves', { skip: NO_CLI }, async () => {
    await waitVisible(page, '#survival-table', 'the survival table');
    const shown = await page.$$eval('#survival-table tbody tr', (rows) => rows.map((tr) => [tr.dataset.channel, tr.querySelectorAll('td')[0].textContent, tr.querySelectorAll('td')[1].textContent]));
    assert.deepEqual(shown.map(([channel]) => channel), summary.survival.groups.map((g) => g.channel));
    for (const group of summary.survival.groups) {
      const row = shown.find(([channel]) => channel === group.channel);
      assert.equal(row[1], frInteger(group.customers), `${group.channel}: customers`);
      assert.equal(row[2], frInteger(group.events), `${group.channel}: lapsed`);
    }
    assert.match(await page.locator('#survival-logrank').innerText(), /log-rank/);
    assert.equal(await page.locator('#survival-suggestion').innerText(), summary.survival.suggestion_fr);
    assert.match(await page.locator('#survival-threshold').innerText(), new RegExp(`${summary.survival.inactivity_days}\\D+jours`));
  });

  test('a control draw: the downloaded list carries campaign_group, stratified by segment, and the seed', { skip: NO_API }, async () => {
    await page.selectOption('#control-method', 'rfm');
    await page.fill('#control-share', '10');
    await page.fill('#control-seed', String(SEED));
    await page.click('#control-draw');
    await waitVisible(page, '#control-table', 'the draw by segment');
    assert.equal(await page.getAttribute('#control-summary', 'data-seed'), String(SEED), 'the seed is shown');
    const download = await downloadFrom(page, '#control-download-standard');
    const text = download.bytes.toString('utf8');
    campaignList = { name: download.name, text };
    const rows = records(text);
    assert.ok(rows.length > 0 && 'campaign_group' in rows[0], `${download.name} has a campaign_group column`);
    const bySegment = new Map();
    for (const row of rows) {
      assert.equal(row.campaign_seed, String(SEED), `${row.customer_id}: the seed is recorded on every row`);
      const counts = bySegment.get(row.rfm_segment) ?? { customers: 0, control: 0 };
      counts.customers += 1;
      if (groupOf(row.campaign_group) === 'control') counts.control += 1;
      else assert.equal(groupOf(row.campaign_group), 'target', `${row.customer_id}: "${row.campaign_group}"`);
      bySegment.set(row.rfm_segment, counts);
    }
    let control = 0;
    for (const [segment, counts] of bySegment) {
      assert.ok(Math.abs(counts.control - SHARE * counts.customers) <= 1, `${segment}: ${counts.control} controls of ${counts.customers}`);
      control += counts.control;
    }
    assert.ok(Math.abs(control / rows.length - SHARE) <= 0.005, `overall control share ${control / rows.length}`);
    const shown = await page.$$eval('#control-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.segment, tr.querySelectorAll('td')[2].textContent]));
    for (const [segment, shownControl] of shown) {
      assert.equal(shownControl, frInteger(bySegment.get(segment)?.control ?? 0), `${segment}: controls shown = controls downloaded`);
    }
  });

  test('the same seed draws the same groups in the CLI', { skip: NO_API || NO_CLI }, async () => {
    assert.ok(campaignList, 'the draw test ran first');
    const out = join(work, 'cli-control');
    const cli = runCli(['analyze', DEMO, '--out', out, '--control-share', String(SHARE), '--seed', String(SEED)]);
    assert.equal(cli.status, 0, `segmento analyze failed: ${cli.stderr}`);
    const groups = (rows) => new Map(rows.map((row) => [row.customer_id, groupOf(row.campaign_group)]));
    assert.deepEqual(groups(records(readFileSync(join(out, 'customers.csv'), 'utf8'))), groups(records(campaignList.text)));
  });

  test('a snapshot saved in this browser is compared after a reload with a later file', { skip: NO_API }, async () => {
    assert.ok(campaignList, 'the draw test ran first (its list makes the later file)');
    const before = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    assert.deepEqual(before, [], 'nothing is stored before the user saves');
    await page.fill('#snapshot-name', 'Démo septembre');
    await page.click('#snapshot-save');
    await page.waitForSelector('#snapshot-list tbody tr');
    // What the browser keeps: exactly the snapshot the user saved.
    const stored = await storedSnapshots(page);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].name, 'Démo septembre');
    JSON.parse(stored[0].json);
    assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name)), ['segmento']);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((key) => !key.startsWith('segmento.')).length), 0);

    if (summary) {
      const cliSnapshot = readFileSync(join(work, 'cli', 'snapshot.json'), 'utf8');
      assert.equal(stored[0].json, cliSnapshot, 'the saved snapshot is the CLI\'s snapshot.json');
    }
    const segmentSizes = Object.fromEntries(await page.$$eval('#segments-table tbody tr', (rows) => rows.map((tr) => [tr.dataset.segment, tr.querySelectorAll('td')[0].textContent])));

    await page.reload();
    await waitForState(page, 'ready', { timeout: TIMEOUT.load, what: 'the reload' });
    await chooseFile(page, writeLaterFile(work, campaignList.text, demoAsOf).path);
    await runAnalysis(page);
    await page.waitForSelector('#snapshot-list tbody tr');
    await page.click('#snapshot-list tbody tr button:text("Comparer")');
    await waitVisible(page, '#snapshot-comparison .migration-table', 'the comparison with the snapshot');
    // Every customer of the later file was in the snapshot and none left:
    // no new customer, no one absent, and each row holds the snapshot's segment.
    const newRow = await page.$$eval('#snapshot-comparison .migration-table td[data-from="+new"]', (tds) => tds.map((td) => Number(td.dataset.customers)));
    assert.ok(newRow.length > 0 && newRow.every((n) => n === 0), `no new customer: ${newRow}`);
    assert.equal(await page.locator('#snapshot-comparison .migration-table td[data-to="+lost"] .absent').count(), 0, 'no one absent');
    const rowTotals = Object.fromEntries(await page.$$eval('#snapshot-comparison .migration-table tbody tr', (rows) => rows
      .filter((tr) => !tr.dataset.from.startsWith('+'))
      .map((tr) => [tr.dataset.from, tr.querySelector('td.total').textContent])));
    assert.deepEqual(rowTotals, segmentSizes, 'each row holds the snapshot\'s segment');
    // Its cells list their customers, whose previous segment is the snapshot's.
    await checkLargestMoveList(page, '#snapshot-comparison');
    assert.deepEqual(await violations(page), [], 'axe: results with the snapshot comparison');

    // The same snapshot as a downloaded file, compared through the file picker.
    const file = await downloadFrom(page, '#snapshot-list tbody tr button:text("Télécharger")');
    assert.equal(file.bytes.toString('utf8'), stored[0].json, `${file.name} is the saved snapshot`);
    const snapshotPath = join(work, file.name);
    writeFileSync(snapshotPath, file.bytes);
    await page.evaluate(() => document.getElementById('snapshot-comparison').replaceChildren());
    await page.setInputFiles('#snapshot-file', snapshotPath);
    await waitVisible(page, '#snapshot-comparison .migration-table', 'the comparison with the picked file');
    const again = Object.fromEntries(await page.$$eval('#snapshot-comparison .migration-table tbody tr', (rows) => rows
      .filter((tr) => !tr.dataset.from.startsWith('+'))
      .map((tr) => [tr.dataset.from, tr.querySelector('td.total').textContent])));
    assert.deepEqual(again, segmentSizes, 'the file gives the same comparison');

    // Deleting it empties the browser's list and its store.
    await page.click('#snapshot-list tbody tr button:text("Supprimer")');
    await page.waitForSelector('#snapshot-list caption.empty');
    const left = (await storedSnapshots(page)).length;
    assert.equal(left, 0, 'no snapshot is left in IndexedDB');
    assertNoErrors(session);
  });

  test('the campaign list plus a later file gives the uplift readout', { skip: NO_API }, async () => {
    assert.ok(campaignList, 'the draw test ran first');
    const listPath = join(work, campaignList.name);
    writeFileSync(listPath, campaignList.text);
    const { path: later, expected } = writeLaterFile(work, campaignList.text, demoAsOf);
    await page.click('#new-file');
    await waitForState(page, 'ready', { what: 'the landing page' });
    await chooseFile(page, later);
    await page.setInputFiles('#campaign-input', listPath);
    await waitVisible(page, '#campaign-chosen', 'the chosen campaign list');
    await runAnalysis(page);
    await waitVisible(page, '#uplift-table', 'the uplift readout');
    const shown = await page.$$eval('#uplift-table tbody tr', (trs) => trs.map((tr) => ({
      segment: tr.dataset.segment,
      verdict: tr.dataset.verdict,
      target: tr.querySelectorAll('td')[0].querySelector('.cell-sub').textContent,
      control: tr.querySelectorAll('td')[1].querySelector('.cell-sub').textContent,
    })));
    assert.ok(shown.length > 0, 'one row per segment');
    for (const row of shown) {
      const counts = expected.get(row.segment);
      assert.ok(counts, `segment ${row.segment} is in the list`);
      assert.equal(row.target, `${frInteger(counts.target[0])} sur ${frInteger(counts.target[1])}`, `${row.segment}: target responders`);
      assert.equal(row.control, `${frInteger(counts.control[0])} sur ${frInteger(counts.control[1])}`, `${row.segment}: control responders`);
      assert.match(row.verdict, /^(paid|did_not_pay|not_significant|insufficient_data)$/);
    }
    await waitVisible(page, '#chart-uplift svg', 'the uplift chart');
    assert.deepEqual(await violations(page), [], 'axe: results with the uplift readout');
    assertNoErrors(session);
  });

  test('without a channel column, survival shows the overall curve and says why', async () => {
    await page.click('#new-file');
    await waitForState(page, 'ready', { what: 'the landing page' });
    await chooseFile(page, join(FIXTURES, 'ventes-cp1252.csv'));
    // The campaign list of the previous test stays chosen until removed.
    if (await page.locator('#campaign-clear').isVisible()) await page.click('#campaign-clear');
    assert.ok(await page.locator('#campaign-chosen').isHidden(), 'no campaign list');
    await runAnalysis(page);
    await waitVisible(page, '#survival-table', 'the survival table');
    assert.deepEqual(await page.$$eval('#survival-table tbody tr', (rows) => rows.map((tr) => tr.dataset.channel)), ['all']);
    assert.match(await page.locator('#survival-notes').innerText(), /pas de colonne de canal/);
    assertNoErrors(session);
  });

  test('past 40 segments, each one\'s balance replaces the from × to table (60 predictive groups, as the CLI counts them)', { skip: NO_CLI }, async () => {
    // 60 groups at both dates: a 3,600-cell table nobody could read.
    const config = { predict: { groups: { size: { count: 60 } } } };
    writeFileSync(join(work, 'groups60.json'), JSON.stringify(config));
    const out = join(work, 'cli-groups60');
    const cli = runCli(['analyze', DEMO, '--config', join(work, 'groups60.json'), '--out', out]);
    assert.equal(cli.status, 0, `segmento analyze failed: ${cli.stderr}`);
    const expected = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).migrations.predictive;
    assert.equal(expected.segments.length, 60);

    await page.evaluate((edits) => localStorage.setItem('segmento.settings.v1', JSON.stringify(edits)), { 'predict.groups.size': { count: 60 } });
    await page.reload();
    await waitForState(page, 'ready', { what: 'the landing page after the reload' });
    await page.click('#demo-button');
    await runAnalysis(page);
    await page.check('#migrations input[name="migration-method"][value="predictive"]');
    await waitVisible(page, '#migrations .migration-balance[data-method="predictive"]', 'the balance table');
    assert.equal(await page.locator('#migrations .migration-table').count(), 0, 'no from × to table');
    assert.match(await page.locator('#migrations .migration-wide').innerText(), /^60 segments : trop pour un tableau croisé/);
    const shown = await page.$$eval('#migrations .migration-balance tbody tr', (rows) => rows.map((tr) => [
      tr.dataset.segment, ...[...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value)),
    ]));
    assert.deepEqual(shown, expected.by_segment.map((b) => [b.segment, b.before, b.after, b.inflow, b.outflow, b.new, b.net]));
    const firstBefore = await page.locator('#migrations .migration-balance tbody tr td[data-column="before"]').first().innerText();
    assert.equal(firstBefore, frInteger(expected.by_segment[0].before), 'shown in the French format');
    // The other methods keep their tables.
    await page.check('#migrations input[name="migration-method"][value="rfm"]');
    await waitVisible(page, '#migrations .migration-table[data-method="rfm"]', 'the RFM table');
    assert.deepEqual(await violations(page), [], 'axe: results with the balance table');
    await page.evaluate(() => localStorage.removeItem('segmento.settings.v1'));
    assertNoErrors(session);
  });
});
