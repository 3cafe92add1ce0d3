// The two phases of an analysis on the page: the segments first
// (`data-state=done`, `segmento:done`), then the forecasts and dynamics
// (`data-analyses=complete`, `segmento:complete`), with "computing…" cards
// in between; a download clicked in between waits and holds everything;
// a failure of the second phase keeps the segments.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  WWW, TIMEOUT, assertNoErrors, downloadFrom, openApp, pickFile, runAnalysis, waitForState,
} from './lib/browser.mjs';
import { setUpApp, tearDownApp } from './lib/setup.mjs';
import { violations } from './lib/axe.mjs';

const DEMO = join(WWW, 'demo', 'commandes-demo.csv');
/** The sections that wait for the second phase (`data-pending` of their cards). */
const PHASE_TWO = ['forecast', 'cross', 'campaign', 'migrations', 'survival', 'cohorts'];

/** The report's time stamp (minutes, UTC) is the only part allowed to differ between two downloads. */
const withoutStamp = (html) => html.replace(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} UTC/g, 'STAMP');

describe('segments first, then forecasts and dynamics', () => {
  const setup = {};
  let session;
  let page;

  before(async () => {
    await setUpApp(setup, { open: true });
    ({ session, page } = setup);
  });

  after(() => tearDownApp(setup));

  test('segmento:done comes first with the segments and "computing…" cards, then segmento:complete with every section', async () => {
    await pickFile(page, DEMO);
    await waitForState(page, 'mapping', { what: 'the demo preview' });
    const seen = page.evaluate((timeout) => new Promise((resolve, reject) => {
      const events = [];
      const pendingCards = () => [...document.querySelectorAll('#pending-sections [data-pending]')].map((card) => ({
        key: card.dataset.pending,
        busy: card.getAttribute('aria-busy'),
        shown: card.checkVisibility(),
        text: card.innerText,
      }));
      document.addEventListener('segmento:done', () => events.push({
        event: 'done',
        state: document.body.dataset.state,
        analyses: document.body.dataset.analyses,
        segments: document.querySelectorAll('#segments-table tbody tr').length,
        pending: pendingCards(),
        progressShown: document.getElementById('analyses-progress').checkVisibility(),
        forecast: Boolean(document.getElementById('forecast')),
      }), { once: true });
      document.addEventListener('segmento:complete', (event) => {
        events.push({
          event: 'complete',
          state: document.body.dataset.state,
          analyses: document.body.dataset.analyses,
          pending: pendingCards(),
          progressShown: document.getElementById('analyses-progress').checkVisibility(),
          forecast: Boolean(document.getElementById('forecast')),
          migrationsShown: document.getElementById('migrations').checkVisibility(),
          hasPredict: Boolean(event.detail.summary.predict),
          completeness: event.detail.summary.completeness ?? null,
        });
        resolve(events);
      }, { once: true });
      setTimeout(() => reject(new Error(`events seen before the time-out: ${JSON.stringify(events)}`)), timeout);
    }), TIMEOUT.analysis);
    await page.click('#run');
    const [done, complete] = await seen;

    assert.equal(done.event, 'done', 'segmento:done is the first of the two');
    assert.equal(done.state, 'done');
    assert.equal(done.analyses, 'running');
    assert.ok(done.segments >= 10, 'the segment table is there at done');
    assert.ok(done.progressShown, "the second phase's progress bar shows");
    assert.equal(done.forecast, false, 'no forecast section yet');
    assert.deepEqual(done.pending.map((card) => card.key), PHASE_TWO);
    for (const card of done.pending) {
      assert.equal(card.busy, 'true', `${card.key} is marked busy`);
      assert.ok(card.shown, `${card.key}'s card is visible`);
      assert.match(card.text, /Calcul en cours/, `${card.key} says it is being computed`);
    }

    assert.equal(complete.event, 'complete');
    assert.equal(complete.state, 'done');
    assert.equal(complete.analyses, 'complete');
    assert.deepEqual(complete.pending, [], 'the "computing…" cards are gone');
    assert.equal(complete.progressShown, false);
    assert.ok(complete.forecast, 'the forecast section is rendered');
    assert.ok(complete.migrationsShown, 'the migrations section is shown');
    assert.ok(complete.hasPredict, 'segmento:complete carries the whole summary');
    assert.equal(complete.completeness, null, 'a complete summary is summary.json (no completeness key)');
    assertNoErrors(session);
  });

  test('a report clicked before the forecasts are done waits for them, says so, and holds every section', async () => {
    await page.click('#edit-settings');
    await waitForState(page, 'mapping', { what: 'the settings screen' });
    // Clicked in the page the moment the segments show: the second phase
    // has only just been asked for.
    const clicked = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('segmento:done', () => {
        const button = document.getElementById('download-report');
        button.click();
        resolve({
          analyses: document.body.dataset.analyses,
          status: document.getElementById('download-status').textContent,
          busy: button.getAttribute('aria-busy'),
        });
      }, { once: true });
    }));
    const early = page.waitForEvent('download', { timeout: TIMEOUT.analysis });
    await page.click('#run');
    const atClick = await clicked;
    assert.equal(atClick.analyses, 'running', 'the click came before the second phase ended');
    assert.match(atClick.status, /dès que les prévisions et la dynamique seront calculées/);
    assert.equal(atClick.busy, 'true', 'the button is marked busy while it waits');
    const download = await early;
    assert.equal(download.suggestedFilename(), 'rapport-segmentation.html');
    const html = readFileSync(await download.path(), 'utf8');
    assert.equal(await page.evaluate(() => document.body.dataset.analyses), 'complete', 'the file came once the second phase was done');
    for (const id of PHASE_TWO) {
      assert.match(html, new RegExp(`<section id="s-${id}"`), `the early report has the ${id} section`);
    }
    // The same report as one downloaded after complete.
    const later = await downloadFrom(page, '#download-report');
    assert.equal(withoutStamp(html), withoutStamp(later.bytes.toString('utf8')));
    assertNoErrors(session);
  });
});

describe('cancel during the second phase', () => {
  const setup = {};
  let session;
  let page;

  before(async () => {
    await setUpApp(setup, { open: true });
    ({ session, page } = setup);
  });

  after(() => tearDownApp(setup));

  test('stops it like any cancel, and a new run goes to the end', async () => {
    await pickFile(page, DEMO);
    await waitForState(page, 'mapping', { what: 'the demo preview' });
    // Clicked the moment the segments show, while the forecasts are computed.
    const cancelled = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('segmento:done', () => {
        const bar = document.getElementById('analyses-progress');
        const shown = bar.checkVisibility();
        document.getElementById('analyses-cancel').click();
        resolve({ shown, state: document.body.dataset.state, analyses: document.body.dataset.analyses ?? null });
      }, { once: true });
    }));
    let completed = 0;
    await page.exposeFunction('countComplete', () => { completed += 1; });
    await page.evaluate(() => document.addEventListener('segmento:complete', () => window.countComplete()));
    await page.click('#run');
    const atCancel = await cancelled;
    const requestsAtCancel = session.requests.length;
    assert.ok(atCancel.shown, 'the cancel button was on screen');
    assert.equal(atCancel.state, 'mapping', 'back to the mapping check');
    assert.equal(atCancel.analyses, null, 'no second phase is under way');
    assert.match(await page.locator('#notice').innerText(), /Analyse annulée/);
    // The same worker runs the whole analysis again, with nothing fetched.
    await runAnalysis(page);
    assert.equal(completed, 1, 'segmento:complete came once, for the second run only');
    assert.deepEqual(session.requests.slice(requestsAtCancel).map((request) => request.url), [], 'no request after the cancel');
    assertNoErrors(session);
  });
});

/**
 * The app on a fresh page whose worker is the one served with `code`
 * appended (it may replace a request handler). The reload that brings it in
 * aborts the first load's module requests: `ABORTED` lets assertNoErrors
 * allow them.
 */
async function appWithAlteredWorker(setup, code, options = {}) {
  const session = await openApp(setup.browser, setup.server.url, { ...options, waitReady: false });
  await session.context.route('**/worker.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n${code}\n` });
  });
  await session.page.reload();
  await waitForState(session.page, 'ready', { timeout: TIMEOUT.load, what: 'the engine with the altered worker' });
  return session;
}
const ABORTED = /^request failed: .* \(net::ERR_ABORTED\)$/;

describe('while the second phase runs', () => {
  const setup = {};

  before(() => setUpApp(setup));
  after(() => tearDownApp(setup));

  test('the "computing…" cards are in English too, and the page passes axe', async () => {
    // The second phase held for a minute, so the page can be looked at meanwhile.
    const session = await appWithAlteredWorker(setup,
      'const runComplete = handlers.complete; handlers.complete = async (payload, id) => { await new Promise((resolve) => setTimeout(resolve, 60_000)); return runComplete(payload, id); };',
      { locale: 'en-GB' });
    const { page, context } = session;
    await pickFile(page, DEMO);
    await runAnalysis(page, { until: 'done' });
    assert.equal(await page.evaluate(() => document.body.dataset.analyses), 'running');
    assert.match(await page.locator('#analyses-progress').innerText(), /Forecasts and dynamics being computed/);
    const cards = await page.$$eval('#pending-sections [data-pending]', (all) => all.map((card) => card.innerText));
    assert.equal(cards.length, PHASE_TWO.length);
    for (const text of cards) assert.match(text, /Computing…/);
    assert.match(cards[0], /Purchase and value forecast/);
    assert.deepEqual(await violations(page), [], 'results with the second phase under way');
    assertNoErrors(session, [ABORTED]);
    await context.close();
  });
});

describe('a cancel the worker cannot act on at once', () => {
  const setup = {};

  before(() => setUpApp(setup));
  after(() => tearDownApp(setup));

  test('the busy worker is replaced after the grace period, and the run asked meanwhile goes to the end', async () => {
    // The worker as served, its first phase followed by one 5-second call
    // that nothing interrupts (as a long wasm call is), longer than the 3 s grace.
    const session = await appWithAlteredWorker(setup,
      'const runAnalyze = handlers.analyze; handlers.analyze = async (payload, id) => { const value = await runAnalyze(payload, id); const end = Date.now() + 5000; while (Date.now() < end) { /* busy */ } return value; };');
    const { page, context } = session;
    await pickFile(page, DEMO);
    await waitForState(page, 'mapping', { what: 'the demo preview' });
    await page.click('#run');
    await waitForState(page, 'running', { what: 'the analysis to start' });
    await page.click('#cancel');
    await waitForState(page, 'mapping', { timeout: 2000, what: 'cancel to bring back the mapping screen at once' });
    const requestsAtCancel = session.requests.length;
    // Asked while the worker is still busy: it waits, then goes to the new worker.
    await runAnalysis(page);
    const fetched = session.requests.slice(requestsAtCancel).map((request) => new URL(request.url).pathname);
    assert.ok(fetched.includes('/worker.js'), `the replacement worker loaded its code (${fetched.join(', ')})`);
    assert.ok(await page.locator('#segments-table tbody tr').count() >= 10, 'the new run shows its segments');
    assertNoErrors(session, [ABORTED]);
    await context.close();
  });
});

describe('a failure of the second phase', () => {
  const setup = {};

  before(() => setUpApp(setup));
  after(() => tearDownApp(setup));

  test('shows a readable message and keeps the segments', async () => {
    // The worker as served, with its second phase made to fail.
    const session = await appWithAlteredWorker(setup,
      "handlers.complete = async () => { throw new Error('forecast failed on purpose (test)'); };");
    const { page, context } = session;
    await pickFile(page, DEMO);
    await waitForState(page, 'mapping', { what: 'the demo preview' });
    const failed = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('segmento:error', (event) => resolve(event.detail), { once: true });
    }));
    await page.click('#run');
    const detail = await failed;
    assert.equal(detail.phase, 'analyses');
    assert.match(detail.message, /forecast failed on purpose/);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', 'the page stays on its results');
    assert.equal(await page.evaluate(() => document.body.dataset.analyses), 'error');
    const alert = await page.locator('#alert').innerText();
    assert.match(alert, /Les prévisions et la dynamique ont échoué/);
    assert.match(alert, /forecast failed on purpose/);
    assert.match(alert, /segments affichés restent valables/);
    assert.ok(await page.locator('#segments-table tbody tr').count() >= 10, 'the segments are still shown');
    const cards = await page.$$eval('#pending-sections [data-pending]', (all) => all.map((card) => ({ busy: card.getAttribute('aria-busy'), text: card.innerText })));
    assert.equal(cards.length, PHASE_TWO.length);
    for (const card of cards) {
      assert.equal(card.busy, 'false');
      assert.match(card.text, /n'a pas pu être calculée/);
    }
    // A download needs the second phase: it says why it cannot be made.
    await page.click('#download-report');
    await page.waitForFunction(() => /Téléchargement impossible/.test(document.getElementById('download-status').textContent), null, { timeout: TIMEOUT.step });
    // The customer lists still open (the session of the first phase is intact).
    await page.locator('#segments-table tbody tr button').first().click();
    await page.locator('#customers-table tbody tr').first().waitFor({ state: 'visible', timeout: TIMEOUT.step });
    assertNoErrors(session, [/forecast failed on purpose/, ABORTED]);
    await context.close();
  });
});
