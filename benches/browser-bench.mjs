#!/usr/bin/env node
// Browser benchmark: times a file handed to the page → `data-state=done`
// in headless Chromium (preview, mapping check clicked through at once,
// streaming ingest, RFM, ABC, points, their charts: the segments shown), and
// on to `data-analyses=complete` (forecasts and dynamics shown too), and
// reports the tab's memory.
//
//   node benches/browser-bench.mjs [--rows 100000,1000000] [--runs 3] [--native]
//
// Files are generated once under bench-data/ (git-ignored) with
// `segmento generate` when the CLI has it, else with the seeded generator of
// the browser tests (same French `;` shape). `--native` also times polars
// and pandas on the same files (benches/native_rfm_abc.py).
//
// Memory, three readings:
// - peak RSS of the tab's renderer process (page + worker + wasm), sampled
//   every 50 ms from /proc during the run;
// - `performance.measureUserAgentSpecificMemory()` after the run (page and
//   worker heaps including wasm memory; needs cross-origin isolation, which
//   `segmento serve` provides);
// - CDP `Performance.getMetrics` JSHeapUsedSize of the page (main thread).
//
// CPU: the worker thread's CPU time (schedstat, sampled every 5 ms) at the
// page's step times, for reading + ingesting and the ingestion's `finish`:
// on a shared machine the wall times of those steps say little.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';
import { CHROMIUM, CHROMIUM_ARGS, CLI, REPO, WWW, startServer, waitForState } from '../e2e/lib/browser.mjs';
import { writeOrders } from '../e2e/lib/files.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((arg, i, all) => {
  if (!arg.startsWith('--')) return [];
  const next = all[i + 1];
  return [arg.slice(2), next && !next.startsWith('--') ? next : true];
}).filter((pair) => pair.length));
const ROWS = String(args.rows ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(args.runs ?? 3);
const DATA = join(REPO, 'bench-data');
const TIMEOUT_MS = Number(args.timeout ?? 30 * 60_000);

mkdirSync(DATA, { recursive: true });

async function orderFile(rows) {
  const path = join(DATA, `orders-${rows}.csv`);
  if (existsSync(path)) return path;
  const help = existsSync(CLI) ? spawnSync(CLI, ['--help'], { encoding: 'utf8' }) : { stdout: '' };
  if (`${help.stdout}${help.stderr}`.includes('generate')) {
    const made = spawnSync(CLI, ['generate', '--rows', String(rows), '--out', path], { encoding: 'utf8', stdio: 'inherit' });
    if (made.status === 0 && existsSync(path)) return path;
  }
  await writeOrders(path, rows);
  return path;
}

/** Command lines of the running Chromium processes, by pid. */
function chromiumProcesses() {
  const processes = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('chromium')) processes.push({ pid: Number(entry), cmdline });
    } catch {
      // The process ended meanwhile.
    }
  }
  return processes;
}

const profileOf = (cmdline) => /--user-data-dir=([^\0\s]+)/.exec(cmdline)?.[1];

/** Renderer processes of the Chromium launched for this run (they carry its profile directory). */
function rendererPids(profile) {
  return chromiumProcesses()
    .filter(({ cmdline }) => cmdline.includes('--type=renderer') && profileOf(cmdline) === profile)
    .map(({ pid }) => pid);
}

/**
 * A process' resident memory in bytes: all of it (`rss`), and its parts:
 * private memory (`anon`: heaps, wasm memory), mapped files (`file`: the
 * browser's code, shared with its other processes) and shared memory
 * (`shmem`: what the renderer shares with the GPU and browser processes).
 */
function rssParts(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') };
  } catch {
    return { rss: 0, anon: 0, file: 0, shmem: 0 };
  }
}

/** `/proc` task directories of a process' threads whose name starts with `prefix`. */
function threadsNamed(pid, prefix) {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map((tid) => `/proc/${pid}/task/${tid}`)
      .filter((task) => readFileSync(`${task}/comm`, 'utf8').startsWith(prefix));
  } catch {
    return [];
  }
}

/** Total CPU time (ms) of the given threads, from their schedstat (ns on CPU). */
function threadsCpuMs(tasks) {
  let total = 0;
  for (const task of tasks) {
    try {
      total += Number(readFileSync(`${task}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return total;
}

/**
 * The worker's CPU time from "Run" to the end of reading (stream + push) and
 * from there to the first analysis stage (the ingestion's `finish`), read
 * off the samples (epoch ms, CPU ms) by linear interpolation at the page's
 * step times.
 */
function workerCpuOfSteps(samples, times) {
  const at = (epochMs) => {
    const after = samples.findIndex(([t]) => t >= epochMs);
    if (after <= 0) return samples[Math.max(0, after)]?.[1] ?? NaN;
    const [[t0, c0], [t1, c1]] = [samples[after - 1], samples[after]];
    return c0 + (c1 - c0) * ((epochMs - t0) / Math.max(1e-9, t1 - t0));
  };
  const step = (name) => times.timings?.find((s) => s.step === name);
  const run = times.timeOrigin + times.mapping;
  const readEnd = step('read') && run + step('read').endedAtMs;
  const finishEnd = step('customers') && run + step('customers').startedAtMs;
  if (!readEnd || !finishEnd) return null;
  return { readIngestMs: at(readEnd) - at(run), finishMs: at(finishEnd) - at(readEnd), samples: samples.length };
}

async function runOnce(browser, server, file, profileMarker) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const navigationStart = Date.now();
  await page.goto(server.url);
  await waitForState(page, 'ready', { timeout: 30_000, what: 'the engine to load' });
  await page.waitForFunction(() => document.body.dataset.spreadsheets === 'ready', null, { timeout: 30_000 });
  // The page stamps both moments (app.js); polling here would add its own delay.
  const ready = await page.evaluate(() => ({
    domInteractive: performance.getEntriesByType('navigation')[0].domInteractive,
    readyAt: performance.getEntriesByName('segmento:engine-ready')[0]?.startTime ?? performance.now(),
    spreadsheetsAt: performance.getEntriesByName('segmento:spreadsheets-ready')[0]?.startTime ?? null,
    isolated: crossOriginIsolated,
  }));
  const loadWall = Date.now() - navigationStart;

  // Clicks through the mapping check as soon as it shows, and stamps the times.
  await page.evaluate(() => {
    window.benchmark = {};
    document.addEventListener('segmento:done', (event) => { window.benchmark.timings = event.detail.timings; window.benchmark.workerTimings = event.detail.workerTimings; window.benchmark.wasmMemoryAtDone = event.detail.wasmMemoryBytes; });
    document.addEventListener('segmento:complete', (event) => {
      window.benchmark.complete = performance.now();
      window.benchmark.wasmMemoryBytes = event.detail.wasmMemoryBytes;
      window.benchmark.completeTimings = event.detail.timings;
      window.benchmark.completeWorkerTimings = event.detail.workerTimings;
    });
    document.getElementById('file-input').addEventListener('change', () => { window.benchmark.start = performance.now(); }, { capture: true });
    new MutationObserver(() => {
      const state = document.body.dataset.state;
      if (state === 'mapping' && !window.benchmark.mapping) {
        window.benchmark.mapping = performance.now();
        document.getElementById('run').click();
      } else if ((state === 'done' || state === 'error') && !window.benchmark.end) {
        window.benchmark.end = performance.now();
        window.benchmark.state = state;
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  });

  // The tab is the largest renderer (the page and its worker share one process).
  let peakRss = 0;
  let peakRssParts = null;
  const rssSamples = [];
  const pids = rendererPids(profileMarker);
  if (!pids.length) process.emitWarning(`no renderer found for profile ${profileMarker}`);
  const sampler = setInterval(() => {
    const largest = pids.map(rssParts).reduce((a, b) => (b.rss > a.rss ? b : a), rssParts(-1));
    const rss = largest.rss;
    if (rss > peakRss) {
      peakRss = rss;
      peakRssParts = largest;
    }
    rssSamples.push([performance.timeOrigin + performance.now(), rss]);
  }, 50);
  // The worker thread's CPU time, sampled often: on a shared machine it is
  // the fair figure for reading + ingesting and the ingestion's `finish`.
  const workerThreads = pids.flatMap((pid) => threadsNamed(pid, 'DedicatedWorker'));
  const cpuSamples = [];
  const sampleCpu = () => cpuSamples.push([performance.timeOrigin + performance.now(), threadsCpuMs(workerThreads)]);
  const cpuSampler = setInterval(sampleCpu, 5);
  await page.setInputFiles('#file-input', file);
  await waitForState(page, ['done', 'error'], { timeout: TIMEOUT_MS, what: 'the analysis' });
  if (await page.evaluate(() => window.benchmark.state) === 'done') {
    await page.waitForFunction(() => ['complete', 'error'].includes(document.body.dataset.analyses), null, { timeout: TIMEOUT_MS, polling: 20 });
  }
  clearInterval(sampler);
  clearInterval(cpuSampler);
  sampleCpu();
  const times = await page.evaluate(() => ({ ...window.benchmark, timeOrigin: performance.timeOrigin }));
  const workerCpu = workerCpuOfSteps(cpuSamples, times);
  if (times.state !== 'done' || !times.complete) {
    const alert = await page.locator('#alert').innerText();
    throw new Error(`analysis failed: ${alert}`);
  }
  const customers = Number(await page.getAttribute('#kpi-customers', 'data-value'));

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  let uaMemory = null;
  if (ready.isolated) {
    uaMemory = await page.evaluate(async () => {
      try {
        const result = await performance.measureUserAgentSpecificMemory();
        const byScope = {};
        for (const entry of result.breakdown) {
          for (const attribution of entry.attribution) {
            byScope[attribution.scope] = (byScope[attribution.scope] ?? 0) + entry.bytes / Math.max(1, entry.attribution.length);
          }
        }
        return { bytes: result.bytes, byScope };
      } catch (err) {
        return `unavailable: ${err.message}`;
      }
    });
  }
  await context.close();
  return {
    totalMs: times.end - times.start,
    completeMs: times.complete - times.start,
    previewMs: times.mapping - times.start,
    analysisMs: times.end - times.mapping,
    secondPhaseMs: times.complete - times.end,
    completeTimings: times.completeTimings,
    completeWorkerTimings: times.completeWorkerTimings,
    customers,
    peakRss,
    peakRssParts,
    rssByPhase: rssByPhase(rssSamples, times),
    wasmMemoryBytes: times.wasmMemoryBytes,
    wasmMemoryAtDone: times.wasmMemoryAtDone,
    timings: times.timings,
    workerTimings: times.workerTimings,
    workerCpu,
    jsHeapUsed: metrics.JSHeapUsedSize,
    uaMemory,
    domInteractiveMs: ready.domInteractive,
    readyMs: ready.readyAt,
    spreadsheetsReadyMs: ready.spreadsheetsAt,
    loadWallMs: loadWall,
  };
}

/**
 * The tab's peak RSS in each phase: reading + ingesting (to the worker's
 * end of reading), the first analyses (to done) and the second (to
 * complete), so that a peak can be pinned on its phase.
 */
function rssByPhase(samples, times) {
  const run = times.timeOrigin + times.mapping;
  const read = times.timings?.find((s) => s.step === 'read');
  const readEnd = read ? run + read.endedAtMs : run;
  const bounds = [
    ['preview', times.timeOrigin + times.start, run],
    ['read', run, readEnd],
    ['first', readEnd, times.timeOrigin + times.end],
    ['second', times.timeOrigin + times.end, times.timeOrigin + times.complete],
  ];
  return Object.fromEntries(bounds.map(([name, from, to]) => [
    name,
    samples.filter(([t]) => t >= from && t <= to).reduce((peak, [, rss]) => Math.max(peak, rss), 0),
  ]));
}

function native(file) {
  const result = spawnSync('python3', [join(REPO, 'benches', 'native_rfm_abc.py'), file, '--runs', String(Math.min(RUNS, 3))], { encoding: 'utf8' });
  if (result.status !== 0) return { error: result.stderr.trim().split('\n').pop() };
  return Object.fromEntries(result.stdout.trim().split('\n').map((line) => JSON.parse(line)).map((r) => [r.engine, r.seconds]));
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);

// The main module (what the page needs to analyse a CSV) and the spreadsheet module (fetched at idle).
const modules = Object.fromEntries(['segmento_bg.wasm', 'segmento_xlsx_bg.wasm'].map((name) => {
  const bytes = readFileSync(join(WWW, 'pkg', name));
  return [name, { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }];
}));
for (const [name, { bytes, gzipBytes }] of Object.entries(modules)) {
  console.log(`${name}: ${(bytes / 1024).toFixed(0)} KiB raw, ${(gzipBytes / 1024).toFixed(0)} KiB gzipped (level 9)`);
}
const { bytes: wasmBytes, gzipBytes: wasmGzip } = modules['segmento_bg.wasm'];

const server = await startServer();
const flags = [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc'];
const profilesBefore = new Set(chromiumProcesses().map(({ cmdline }) => profileOf(cmdline)));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: flags });
// Playwright gives each launch its own profile directory: it tells this run's renderers from any other Chromium.
const profileMarker = chromiumProcesses().map(({ cmdline }) => profileOf(cmdline)).find((p) => p && !profilesBefore.has(p));
const results = [];
try {
  for (const rows of ROWS) {
    const file = await orderFile(rows);
    const size = statSync(file).size;
    const runs = [];
    for (let i = 0; i < (rows >= 5_000_000 ? 1 : RUNS); i += 1) {
      runs.push(await runOnce(browser, server, file, profileMarker));
    }
    runs.sort((a, b) => a.totalMs - b.totalMs);
    const best = runs[0];
    const reference = args.native ? native(file) : {};
    const row = { rows, file, megabytes: Number(mb(size)), runs: runs.length, ...best, native: reference };
    results.push(row);
    console.log(`${rows.toLocaleString('en')} rows (${mb(size)} MB, ${best.customers.toLocaleString('en')} customers): `
      + `drop→done ${(best.totalMs / 1000).toFixed(2)} s (preview ${best.previewMs.toFixed(0)} ms, analysis ${(best.analysisMs / 1000).toFixed(2)} s), `
      + `drop→complete ${(best.completeMs / 1000).toFixed(2)} s (second phase ${(best.secondPhaseMs / 1000).toFixed(2)} s; of all runs: done ${runs.map((r) => (r.totalMs / 1000).toFixed(2)).join(', ')} s, complete ${runs.map((r) => (r.completeMs / 1000).toFixed(2)).join(', ')} s), `
      + `${(size / 1e6 / (best.totalMs / 1000)).toFixed(0)} MB/s; peak tab RSS ${mb(best.peakRss)} MB (${best.peakRssParts ? `private ${mb(best.peakRssParts.anon)}, files ${mb(best.peakRssParts.file)}, shared ${mb(best.peakRssParts.shmem)}; ` : ''}by phase: ${Object.entries(best.rssByPhase).map(([k, v]) => `${k} ${mb(v)}`).join(", ")}); `
      + `measureUserAgentSpecificMemory ${typeof best.uaMemory === 'object' && best.uaMemory ? `${mb(best.uaMemory.bytes)} MB ${JSON.stringify(Object.fromEntries(Object.entries(best.uaMemory.byScope).map(([k, v]) => [k, `${mb(v)} MB`])))}` : best.uaMemory}; `
      + `page JS heap ${mb(best.jsHeapUsed)} MB; wasm linear memory ${mb(best.wasmMemoryAtDone ?? 0)} MB at done, ${mb(best.wasmMemoryBytes ?? 0)} MB at complete`
      + (reference.polars ? `; polars ${reference.polars} s, pandas ${reference.pandas} s` : ''));
    const cpu = runs.map((r) => r.workerCpu).filter(Boolean);
    if (cpu.length) {
      const best = (key) => Math.min(...cpu.map((c) => c[key])).toFixed(0);
      console.log(`  worker CPU, best of ${cpu.length}: read + ingest ${best('readIngestMs')} ms, ingestion finish ${best('finishMs')} ms `
        + `(runs: ${cpu.map((c) => `${c.readIngestMs.toFixed(0)}/${c.finishMs.toFixed(0)}`).join(', ')})`);
    }
    console.log(`  steps (ms from Run): ${(best.timings ?? []).map((s) => `${s.step} ${Math.round(s.endedAtMs ?? s.startedAtMs)}${memoryNote(s)}`).join(', ')}, done ${Math.round(best.analysisMs)}; in the worker: ${Object.entries(best.workerTimings ?? {}).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
    console.log(`  second phase (ms from done): ${(best.completeTimings ?? []).map((s) => `${s.step} ${Math.round(s.startedAtMs)}${memoryNote(s)}`).join(', ')}, complete ${Math.round(best.secondPhaseMs)}; in the worker: ${Object.entries(best.completeWorkerTimings ?? {}).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
  }
  console.log(`page: domInteractive ${results[0]?.domInteractiveMs.toFixed(0)} ms, engine ready ${results[0]?.readyMs.toFixed(0)} ms, `
    + `spreadsheet module ready ${results[0]?.spreadsheetsReadyMs?.toFixed(0)} ms after navigation start`);
} finally {
  await browser.close();
  server.close();
}
writeFileSync(join(DATA, 'browser-bench.json'), JSON.stringify({ chromium: browser.version(), wasmBytes, wasmGzipBytes: wasmGzip, modules, results }, null, 2));

/** " (N MB wasm)": the main module's linear memory when a step began (reading: ended). */
function memoryNote(step) {
  return step.wasmMemoryBytes ? ` (${(step.wasmMemoryBytes / 1e6).toFixed(0)} MB wasm)` : '';
}
