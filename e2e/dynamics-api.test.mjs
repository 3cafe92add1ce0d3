// The issue-6 wasm API (Session.snapshotJson, compareSnapshot, drawControl,
// Analyzer.attachCampaignList) run on the real wasm modules in Node, against
// the CLI on the same file: same seed → same groups, same snapshot bytes.
// Needs `make wasm demo` (the CLI falls back to the debug build).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { CLI, REPO, WWW, launchBrowser } from './lib/browser.mjs';

const DEMO = join(WWW, 'demo', 'commandes-demo.csv');
const BINARY = existsSync(CLI) ? CLI : join(REPO, 'target', 'debug', 'segmento');

const wasm = await import(join(WWW, 'pkg', 'segmento.js'));
await wasm.default({ module_or_path: readFileSync(join(WWW, 'pkg', 'segmento_bg.wasm')) });
// The report is written by the spreadsheet module from the main module's
// `reportInput`; a saved snapshot is read there too (`packSnapshot`).
const spreadsheets = await import(join(WWW, 'pkg', 'segmento_xlsx.js'));
await spreadsheets.default({ module_or_path: readFileSync(join(WWW, 'pkg', 'segmento_xlsx_bg.wasm')) });

/** The HTML report of `session` in `language`, as the page's worker writes it. */
function reportHtml(session, language, generatedAt) {
  return spreadsheets.reportHtml(session.reportInput(language), generatedAt);
}

function analyze(config = {}, campaignList = null) {
  const analyzer = new wasm.Analyzer(config);
  if (campaignList) analyzer.attachCampaignList(campaignList, 'liste.csv');
  analyzer.push(readFileSync(DEMO));
  const session = analyzer.finish();
  session.complete();
  return session;
}

function cli(...args) {
  const out = mkdtempSync(join(tmpdir(), 'segmento-api-'));
  const run = spawnSync(BINARY, ['analyze', DEMO, '--out', out, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, `segmento ${args.join(' ')} failed: ${run.stderr}`);
  return out;
}

test('drawControl gives the CLI draw and the CLI campaign list', () => {
  const session = analyze();
  const draw = session.drawControl({ method: 'rfm', segments: [], share: 0.1, seed: 4242 });
  assert.equal(draw.seed, 4242);
  assert.equal(draw.method, 'rfm');
  for (const segment of draw.by_segment) {
    assert.ok(Math.abs(segment.control - 0.1 * segment.customers) <= 1, JSON.stringify(segment));
  }
  const out = cli('--control-share', '0.1', '--seed', '4242');
  const page = new TextDecoder().decode(session.customersCsv('standard', null, 'fr'));
  assert.equal(page, readFileSync(join(out, 'customers.csv'), 'utf8'));
  assert.equal(session.snapshotJson(), readFileSync(join(out, 'snapshot.json'), 'utf8'));
  const report = reportHtml(session, 'fr', '2025-01-02T09:00:00Z');
  assert.match(report, /graine 4242/);
  assert.throws(() => session.drawControl({ method: 'colour', share: 0.1, seed: 1 }), /invalid setting/);
});

test('compareSnapshot compares against an older CLI snapshot and feeds the exports', () => {
  const session = analyze();
  const asOf = session.summary().as_of;
  const earlier = new Date(`${asOf}T00:00:00Z`);
  earlier.setUTCDate(earlier.getUTCDate() - 120);
  const snapshotDate = earlier.toISOString().slice(0, 10);
  const old = readFileSync(join(cli('--as-of', snapshotDate), 'snapshot.json'));
  const comparison = session.compareSnapshot(spreadsheets.packSnapshot(old), 'en');
  assert.equal(comparison.from_date, snapshotDate);
  assert.equal(comparison.to_date, asOf);
  assert.deepEqual(Object.keys(comparison.methods).sort(), Object.keys(comparison.charts).sort());
  assert.ok(comparison.methods.rfm.headlines.length > 0);
  assert.ok(comparison.methods.rfm.matrix.length > 0);
  assert.match(comparison.charts.rfm, /^<svg/);
  assert.equal(session.summary().snapshot_migrations.rfm.from_date, snapshotDate);
  const csv = new TextDecoder().decode(session.customersCsv('standard', null, 'en'));
  assert.ok(csv.split('\n')[0].split(',').includes('previous_rfm_segment'));
  assert.match(reportHtml(session, 'en', '2025-01-02T09:00:00Z'), /id="s-snapshot"/);
  assert.throws(() => spreadsheets.packSnapshot(new TextEncoder().encode('{"groups": []}')),
    /not a segmento snapshot/);
});

test('attachCampaignList adds the uplift readout, its chart and its report section', () => {
  const before = analyze();
  before.drawControl({ method: 'abc', segments: ['A', 'B'], share: 0.2, seed: 7 });
  const list = before.customersCsv('excel_fr', null, 'fr');
  const asOf = new Date(`${before.summary().as_of}T00:00:00Z`);
  asOf.setUTCDate(asOf.getUTCDate() - 90);
  const start = asOf.toISOString().slice(0, 10);
  // The same file stands in for the later orders; the start is moved back
  // so that the window holds purchases.
  const after = analyze({ uplift: { campaign_start: start } }, list);
  const uplift = after.summary().uplift;
  assert.equal(uplift.seed, 7);
  assert.equal(uplift.campaign_start, start);
  assert.deepEqual(uplift.by_segment.map((s) => s.segment), ['A', 'B']);
  assert.match(after.charts('fr').uplift, /^<svg/);
  assert.match(reportHtml(after, 'fr', '2025-01-02T09:00:00Z'), /id="s-uplift"/);
  const bad = new wasm.Analyzer({});
  assert.throws(() => bad.attachCampaignList(new TextEncoder().encode('id;campaign_group\nC1;peut-être\n'), 'liste.csv'),
    /liste\.csv.*line 2/);
});

test('the report with the snapshot and uplift sections passes axe (WCAG 2.1 AA), fr and en', async () => {
  const before = analyze();
  before.drawControl({ method: 'rfm', segments: [], share: 0.2, seed: 3 });
  const list = before.customersCsv('standard', null, 'en');
  const asOf = new Date(`${before.summary().as_of}T00:00:00Z`);
  asOf.setUTCDate(asOf.getUTCDate() - 90);
  const start = asOf.toISOString().slice(0, 10);
  const session = analyze({ uplift: { campaign_start: start } }, list);
  session.compareSnapshot(spreadsheets.packSnapshot(readFileSync(join(cli('--as-of', start), 'snapshot.json'))), 'fr');
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await launchBrowser();
  try {
    for (const language of ['fr', 'en']) {
      const page = await browser.newPage();
      await page.setContent(reportHtml(session, language, '2025-01-02T09:00:00Z'));
      for (const id of ['s-snapshot', 's-uplift']) {
        assert.equal(await page.locator(`#${id}`).count(), 1, `${language}: section ${id}`);
      }
      await page.evaluate(axe);
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }));
      const found = result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(found, [], `${language} report`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
