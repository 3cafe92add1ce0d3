// Shared set-up of the browser tests: the static server, Debian's
// Chromium driven by playwright-core, a recorder of every request (page
// and worker) and of every error, and waits that say what they waited for.

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const E2E_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const REPO = resolve(E2E_DIR, '..');
export const WWW = join(REPO, 'www');
export const FIXTURES = join(E2E_DIR, 'fixtures');
export const CLI = join(REPO, 'target', 'release', 'segmento');

/** Flags for Debian's Chromium in a container (see DEVELOPERS.md). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Default time limits (ms): generous, a 2-core machine is shared. */
export const TIMEOUT = { load: 20_000, analysis: 60_000, step: 15_000 };

/**
 * Serves www/ on a free loopback port with the CLI's `serve` command, or
 * with an equivalent Node server when the CLI is not built.
 */
export async function startServer() {
  if (existsSync(CLI) && cliHasCommand('serve')) {
    try {
      return await startCliServer();
    } catch (err) {
      process.emitWarning(`segmento serve failed (${err.message}); using the Node server`);
    }
  }
  return startNodeServer();
}

function cliHasCommand(command) {
  const help = spawnSync(CLI, ['--help'], { encoding: 'utf8', timeout: 10_000 });
  return `${help.stdout}${help.stderr}`.includes(command);
}

function startCliServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(CLI, ['serve', '--dir', WWW, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no "listening on" line within 10 s; output: ${output}`));
    }, 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
    const onData = (data) => {
      output += data;
      const match = /listening on (http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolvePromise({ url: `${match[1]}/`, close: () => child.kill(), kind: 'cli' });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (data) => { output += data; });
  });
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8',
};

/** The same answers as `segmento serve`: GET/HEAD, no-cache, COOP/COEP. */
function startNodeServer() {
  const root = WWW + sep;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let file = normalize(join(WWW, path));
    if (!file.startsWith(root) && file !== WWW) {
      response.writeHead(404).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : readFileSync(file));
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({ url: `http://127.0.0.1:${port}/`, close: () => server.close(), kind: 'node' });
    });
  });
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: TIMEOUT.load });
}

/**
 * A fresh context and page on the app, with recorders:
 * - `requests`: every request of the page and its worker, with a time stamp;
 * - `errors`: page errors, console errors (page and worker), failed requests.
 * Resolves once the page says its engine is ready.
 */
export async function openApp(browser, baseUrl, { locale = 'fr-FR', viewport = { width: 1280, height: 900 }, waitReady = true } = {}) {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true, deviceScaleFactor: 1 });
  const session = { context, baseUrl, requests: [], errors: [], page: null };
  context.on('request', (request) => {
    session.requests.push({ url: request.url(), method: request.method(), at: Date.now(), type: request.resourceType() });
  });
  context.on('requestfailed', (request) => {
    session.errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  const page = await newPage(context);
  session.page = page;
  page.on('pageerror', (error) => session.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') session.errors.push(`console error: ${message.text()}`);
  });
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') session.errors.push(`worker console error: ${message.text()}`);
    });
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      session.errors.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  page.setDefaultTimeout(TIMEOUT.step);
  await page.goto(baseUrl);
  if (waitReady) {
    await waitForState(page, 'ready', { timeout: TIMEOUT.load, what: 'the analysis engine to load' });
    // The spreadsheet module comes at idle after that; a test drops files once both are there.
    await page.waitForFunction(() => document.body.dataset.spreadsheets === 'ready', null, { timeout: TIMEOUT.load })
      .catch((err) => { throw new Error(`the spreadsheet module did not load within ${TIMEOUT.load} ms: ${err.message}`); });
  }
  return session;
}

/**
 * A page whose file choosers are intercepted from the start. Playwright
 * turns interception on when the first `filechooser` listener is added,
 * asynchronously: a chooser opened right after (Enter on the drop zone)
 * could slip through unseen, about one time in five here.
 */
export async function newPage(context) {
  const page = await context.newPage();
  page.on('filechooser', () => {});
  // A round trip to the page: the interception command has reached the browser.
  await page.evaluate(() => true);
  return page;
}

/** Fails with every error the page, its worker or the network reported. */
export function assertNoErrors(session, allowed = []) {
  const errors = session.errors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
  if (errors.length) throw new Error(`the page reported errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Waits for `document.body.dataset.state` to be one of `states`. On time
 * out, the error says what was awaited, the state reached and any message
 * the page shows.
 */
export async function waitForState(page, states, { timeout = TIMEOUT.step, what = '' } = {}) {
  const wanted = [].concat(states);
  try {
    await page.waitForFunction((list) => list.includes(document.body.dataset.state), wanted, { timeout, polling: 50 });
  } catch (err) {
    const seen = await page.evaluate(() => ({
      state: document.body.dataset.state,
      alert: document.getElementById('alert')?.hidden ? '' : document.getElementById('alert')?.innerText,
    })).catch(() => ({ state: '(page gone)', alert: '' }));
    throw new Error(`waited ${timeout} ms for state ${wanted.join('|')}${what ? ` (${what})` : ''}, `
      + `but the page is in state "${seen.state}"${seen.alert ? `, showing: ${seen.alert}` : ''}\n${err.message}`);
  }
  return page.evaluate(() => document.body.dataset.state);
}

/** Waits for the selector to be visible, with a message saying why. */
export async function waitVisible(page, selector, what, timeout = TIMEOUT.step) {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    throw new Error(`waited ${timeout} ms for ${what} (${selector}) to be visible\n${err.message}`);
  }
}

/**
 * Drops a real file on the drop zone: a DataTransfer built in the page
 * holding a File with the fixture's bytes, dispatched as a `drop` event.
 */
export async function dropFile(page, path, { name, type = '' } = {}) {
  const bytes = readFileSync(path).toString('base64');
  const fileName = name ?? path.split(sep).pop();
  const dataTransfer = await page.evaluateHandle(({ bytes, fileName, type }) => {
    const binary = atob(bytes);
    const data = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) data[i] = binary.charCodeAt(i);
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], fileName, { type }));
    return transfer;
  }, { bytes, fileName, type });
  await page.dispatchEvent('#dropzone', 'dragenter', { dataTransfer });
  await page.dispatchEvent('#dropzone', 'dragover', { dataTransfer });
  await page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** Chooses a file with the file picker, as a person would (the drop zone opens it). */
export async function pickFile(page, path) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: TIMEOUT.step }),
    page.click('#dropzone'),
  ]);
  await chooser.setFiles(path);
}

/**
 * From the mapping screen: run the analysis and wait for the results. The
 * page shows the segments first (`data-state=done`), then the forecasts and
 * dynamics (`data-analyses=complete`); `until: 'done'` stops at the first.
 */
export async function runAnalysis(page, { timeout = TIMEOUT.analysis, until = 'complete' } = {}) {
  await waitForState(page, 'mapping', { what: 'the mapping check after the file was read' });
  await page.click('#run');
  await waitForState(page, ['done', 'error'], { timeout, what: 'the analysis to finish' });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'done') {
    const alert = await page.locator('#alert').innerText();
    throw new Error(`the analysis failed: ${alert}`);
  }
  if (until === 'complete') await waitForAnalyses(page, { timeout });
}

/** Waits for the second phase (forecasts and dynamics) to be rendered: `data-analyses=complete`. */
export async function waitForAnalyses(page, { timeout = TIMEOUT.analysis } = {}) {
  try {
    await page.waitForFunction(() => ['complete', 'error'].includes(document.body.dataset.analyses), null, { timeout, polling: 50 });
  } catch (err) {
    const seen = await page.evaluate(() => document.body.dataset.analyses).catch(() => '(page gone)');
    throw new Error(`waited ${timeout} ms for data-analyses=complete, but it is "${seen}"\n${err.message}`);
  }
  const analyses = await page.evaluate(() => document.body.dataset.analyses);
  if (analyses !== 'complete') {
    throw new Error(`the forecasts and dynamics failed: ${await page.locator('#alert').innerText()}`);
  }
}

/** Clicks a download button; resolves with the saved file's bytes and name, or fails with the page's error. */
export async function downloadFrom(page, selector) {
  await page.evaluate(() => { document.getElementById('alert').hidden = true; });
  const refused = page.waitForFunction(() => !document.getElementById('alert').hidden, null, { timeout: TIMEOUT.step + 1000, polling: 100 })
    .then(async () => { throw new Error(`the page refused the download from ${selector}: ${await page.locator('#alert').innerText()}`); });
  const [download] = await Promise.all([
    Promise.race([page.waitForEvent('download', { timeout: TIMEOUT.step }), refused]),
    page.click(selector),
  ]);
  refused.catch(() => {});
  const path = await download.path();
  const failure = await download.failure();
  if (failure) throw new Error(`download from ${selector} failed: ${failure}`);
  return { name: download.suggestedFilename(), bytes: readFileSync(path), url: download.url() };
}

/** The KPI values the page shows, raw (data-value) and as displayed. */
export async function readKpis(page) {
  return page.evaluate(() => Object.fromEntries(['customers', 'revenue', 'rows-used', 'rows-skipped'].map((key) => {
    const el = document.getElementById(`kpi-${key}`);
    return [key, { value: Number(el.dataset.value), text: el.textContent }];
  })));
}

/** Runs the CLI; resolves with its exit status and output. */
export function runCli(args, { timeout = 120_000 } = {}) {
  const result = spawnSync(CLI, args, { encoding: 'utf8', timeout });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error };
}

/** Whether the CLI can run `analyze` (it is assembled in parallel with the page). */
export function cliCanAnalyze() {
  return existsSync(CLI) && cliHasCommand('analyze');
}
