// Accessibility: axe-core's WCAG 2.1 A/AA rules (contrast included) on each
// screen, in French and in English.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FIXTURES, launchBrowser, newPage, pickFile, runAnalysis, startServer, waitForState, TIMEOUT,
} from './lib/browser.mjs';
import { join } from 'node:path';
import { violations } from './lib/axe.mjs';

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
      const page = await newPage(context);
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
