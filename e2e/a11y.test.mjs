// Accessibility: axe-core's WCAG 2.1 A/AA rules (contrast included) on each
// screen, in French and in English.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  FIXTURES, launchBrowser, pickFile, runAnalysis, startServer, waitForState, TIMEOUT,
} from './lib/browser.mjs';
import { join } from 'node:path';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page; resolves with readable violations. */
async function violations(page) {
  // The page's CSP forbids injected scripts: the evaluation goes through the DevTools protocol instead.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n    ')}`);
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
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

  for (const locale of ['fr-FR', 'en-GB']) {
    test(`every screen passes, ${locale}`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT.step);
      await page.goto(server.url);
      await waitForState(page, 'ready', { timeout: TIMEOUT.load, what: 'the engine to load' });
      assert.deepEqual(await violations(page), [], 'landing');

      await pickFile(page, join(FIXTURES, 'ventes-cp1252.csv'));
      await waitForState(page, 'mapping', { what: 'the preview' });
      await page.click('#settings summary');
      assert.deepEqual(await violations(page), [], 'mapping and settings');

      await runAnalysis(page);
      await page.click('#skipped-toggle');
      assert.deepEqual(await violations(page), [], 'results');
      await context.close();
    });
  }
});
