#!/usr/bin/env node
// The page's wasm ingestion outside the browser: pushes a file into the
// main module's `Analyzer` in 1 MiB chunks (as `file.stream()` hands them
// to the worker) and times `push` and the ingestion's `finish` apart, in
// Node's V8 (the engine of Chromium). For profiling the wasm build:
//
//   node benches/wasm-ingest.mjs bench-data/orders-1000000.csv [--runs 5] [--pkg www/pkg]
//   node --cpu-prof --cpu-prof-dir=target/prof benches/wasm-ingest.mjs FILE --runs 1 --pkg DIR [--push-only]
//
// For a profile with function names, give `--pkg` a directory made by
// wasm-bindgen without `--remove-name-section`. The ingestion's `finish` is
// the time from `finish()` to the pipeline's first stage callback
// ("customers"); the analyses after it still run (a failing callback does
// not stop them) but are not timed. `--push-only` skips `finish`, so that a
// profile shows `push` alone.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const file = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file) {
  console.error('usage: node benches/wasm-ingest.mjs FILE [--runs N] [--pkg DIR]');
  process.exit(2);
}
const runs = Number(option('runs', 5));
const pushOnly = args.includes('--push-only');
const pkg = resolve(option('pkg', 'www/pkg'));
const CHUNK = 1 << 20;

const glue = await import(pathToFileURL(`${pkg}/segmento.js`).href);
await glue.default({ module_or_path: readFileSync(`${pkg}/segmento_bg.wasm`) });
const bytes = readFileSync(file);

// CPU time of this thread alone (the machine is shared; V8's compiler and
// GC threads are left out), from /proc/thread-self/schedstat, in ms.
const cpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const results = [];
for (let run = 0; run < runs; run += 1) {
  const analyzer = new glue.Analyzer(null);
  const start = performance.now();
  const cpuStart = cpuMs();
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    analyzer.push(bytes.subarray(offset, offset + CHUNK));
  }
  const pushed = performance.now();
  const cpuPushed = cpuMs();
  let finished = null;
  let cpuFinished = null;
  if (pushOnly) {
    analyzer.free();
    [finished, cpuFinished] = [pushed, cpuPushed];
  } else {
    const session = analyzer.finish(() => {
      if (finished !== null) return;
      finished = performance.now();
      cpuFinished = cpuMs();
    });
    session.free();
  }
  results.push({
    pushMs: pushed - start,
    finishMs: finished - pushed,
    pushCpuMs: cpuPushed - cpuStart,
    finishCpuMs: cpuFinished - cpuPushed,
  });
  const last = results.at(-1);
  console.log(`run ${run + 1}: push ${last.pushMs.toFixed(0)} ms (cpu ${last.pushCpuMs.toFixed(0)}), `
    + `finish ${last.finishMs.toFixed(0)} ms (cpu ${last.finishCpuMs.toFixed(0)})`);
}
const best = (key) => Math.min(...results.map((r) => r[key]));
const megabytes = bytes.length / 1e6;
console.log(`best of ${runs}: push ${best('pushMs').toFixed(0)} ms (${(megabytes / best('pushMs') * 1000).toFixed(0)} MB/s), `
  + `finish ${best('finishMs').toFixed(0)} ms; cpu: push ${best('pushCpuMs').toFixed(0)} ms, finish ${best('finishCpuMs').toFixed(0)} ms`);
