// The analysis worker: owns the wasm instance, reads the user's file and
// runs the core on it, so the page stays responsive.
//
// Protocol (see engine.js): requests `{type, id, ...}`, answers
// `{type: 'reply', id, value}` or `{type: 'error', id, message, detail, kind}`
// (`detail`: a core error's message key and parameters, or null), and
// `{type: 'progress', id, ...}` while an analysis runs.
//
// An analysis is two requests: `analyze` reads the file and runs the first
// phase (RFM, ABC, points), and its reply is what the page shows first;
// `complete` then runs the forecasts and dynamics on the same session. The
// page sends `complete` as soon as `analyze` answers, so any later request
// (a customer list, an export) waits behind it here.
//
// Two wasm modules: the main one (CSV, analyses, CSV export) and the
// spreadsheet one (reading .xlsx/.xls/.ods and saved snapshots, writing
// .xlsx and the HTML report from the main one's `reportInput`), which the
// engine compiles at idle after the page is interactive and hands over with
// `initSpreadsheets`, before any file is dropped. The main one decodes
// UTF-8, UTF-16 and Windows-1252; a CSV in another encoding chosen on the
// mapping screen (ISO-8859-15…) is read by the spreadsheet one, which has
// every decoder, and analysed by the main one, as a workbook is.

import init, { Analyzer, analyzeIngested, defaultConfig, panicked, preview, readsEncoding } from './pkg/segmento.js';
import initSpreadsheets, {
  TextIngestor, campaignListCsv, ingestSpreadsheet, packSnapshot, panicked as spreadsheetPanicked,
  previewSpreadsheet, reportHtml, writeWorkbook,
} from './pkg/segmento_xlsx.js';
import { isSpreadsheetStart, lastLineEnd } from './bytes.js';
import { dynamicsHandlers, attachCampaignList, readCampaignList } from './worker-dynamics.js';

/** Bytes given to the preview of a CSV: plenty for 20 rows and dialect detection. */
const PREVIEW_BYTES = 1 << 20;
/** Rows shown on the mapping screen. */
const PREVIEW_ROWS = 20;
/** Minimum delay between two progress messages while reading. */
const PROGRESS_INTERVAL_MS = 40;
/** Bytes read from the file at a time (into one reused buffer). */
const READ_CHUNK_BYTES = 1 << 20;

/** The wasm instance's exports (its linear memory tells the peak heap). */
let wasm = null;
/** The spreadsheet module's exports, once loaded (its memory, after a failed allocation). */
let spreadsheetWasm = null;
/** The results of the last analysis (a wasm `Session`). */
let session = null;
/** Counts the page's cancels: work started before the latest one is dropped at its next pause. */
let cancels = 0;
/** The last spreadsheet read whole for a preview, kept while the user adjusts the mapping. */
let spreadsheetCache = null;
/** Settles once the spreadsheet module is instantiated (or could not be loaded). */
let settleSpreadsheets;
const spreadsheetsLoaded = new Promise((resolve, reject) => { settleSpreadsheets = { resolve, reject }; });
// Awaited only when a spreadsheet comes or a report or workbook is
// downloaded; a load failure is reported then.
spreadsheetsLoaded.catch(() => {});

/** Raised inside the worker when a cancel overtakes the work; its reply goes to no one. */
class Cancelled extends Error {}

/** Throws if the page cancelled since `started` (a value of `cancels`). */
function stopIfCancelled(started) {
  if (cancels !== started) throw new Cancelled('cancelled');
}

const handlers = {
  /** The page gave up on every request it sent before this one. */
  async cancel() {
    cancels += 1;
    dropSession();
  },

  async init({ module }) {
    wasm = await init({ module_or_path: module });
    return { defaults: defaultConfig() };
  },

  async initSpreadsheets({ module, error }) {
    try {
      if (error) throw new Error(error);
      spreadsheetWasm = await initSpreadsheets({ module_or_path: module });
      settleSpreadsheets.resolve();
    } catch (err) {
      settleSpreadsheets.reject(err);
      throw err;
    }
  },

  async preview({ file, options }) {
    if (await isSpreadsheet(file)) {
      const bytes = await spreadsheetBytes(file);
      await spreadsheetsLoaded;
      return previewSpreadsheet(bytes, options, PREVIEW_ROWS);
    }
    spreadsheetCache = null;
    const bytes = await textPreviewBytes(file);
    if (needsFullDecoders(options)) {
      await spreadsheetsLoaded;
      return previewSpreadsheet(bytes, options, PREVIEW_ROWS);
    }
    return preview(bytes, options, PREVIEW_ROWS);
  },

  async analyze({ file, config, language, campaignList }, id) {
    dropSession();
    const started = cancels;
    const onStage = (stage) => post({ type: 'progress', id, phase: 'stage', stage, wasmMemoryBytes: wasmMemoryBytes() });
    if (await isSpreadsheet(file)) {
      const bytes = await spreadsheetBytes(file);
      await spreadsheetsLoaded;
      post({ type: 'progress', id, phase: 'read', done: file.size, total: file.size, wasmMemoryBytes: wasmMemoryBytes() });
      const finishStart = performance.now();
      stopIfCancelled(started);
      const ingested = ingestSpreadsheet(bytes, config?.input ?? null);
      return analyzeInMain(ingested, { config, language, campaignList, onStage, finishStart, started });
    }
    if (needsFullDecoders(config?.input)) {
      await spreadsheetsLoaded;
      const ingestor = new TextIngestor(config.input);
      try {
        await streamInto(ingestor, file, id, started);
      } catch (err) {
        freeAfterError(ingestor);
        throw err;
      }
      post({ type: 'progress', id, phase: 'read', done: file.size, total: file.size, wasmMemoryBytes: wasmMemoryBytes() });
      const finishStart = performance.now();
      // `finish` consumes the ingestor.
      const ingested = ingestor.finish();
      return analyzeInMain(ingested, { config, language, campaignList, onStage, finishStart, started });
    }
    const analyzer = new Analyzer(config);
    try {
      await streamInto(analyzer, file, id, started);
      await attachCampaignList(analyzer, campaignList, workbookListAsCsv);
      stopIfCancelled(started);
    } catch (err) {
      freeAfterError(analyzer);
      throw err;
    }
    post({ type: 'progress', id, phase: 'read', done: file.size, total: file.size, wasmMemoryBytes: wasmMemoryBytes() });
    // `finish` consumes the analyzer; the callback reports each analysis stage.
    const finishStart = performance.now();
    session = analyzer.finish(onStage);
    return results(language, finishStart);
  },

  /** The second phase on the session of the last `analyze`: forecasts and dynamics. */
  async complete({ language }, id) {
    const current = requireSession();
    const onStage = (stage) => post({ type: 'progress', id, phase: 'stage', stage, wasmMemoryBytes: wasmMemoryBytes() });
    const start = performance.now();
    current.complete(onStage);
    return results(language, start);
  },

  async charts({ language }) {
    return requireSession().charts(language);
  },

  async customers({ query }) {
    return requireSession().customerPage(query);
  },

  async export({ kind, language, filter, generatedAt, generatedLabel }) {
    const current = requireSession();
    let bytes;
    switch (kind) {
      case 'report':
        // The report is written by the spreadsheet module (loaded at idle)
        // from what the main module knows; see ARCHITECTURE.md.
        await spreadsheetsLoaded;
        bytes = new TextEncoder().encode(reportHtml(current.reportInput(language), generatedLabel));
        break;
      case 'csv-excel':
        return csvInParts(current, 'excel_fr', filter ?? null, language);
      case 'csv-standard':
        return csvInParts(current, 'standard', filter ?? null, language);
      case 'xlsx':
        await spreadsheetsLoaded;
        // The customers sheet comes packed from the main module; the
        // spreadsheet module makes the other sheets from the analyses.
        bytes = writeWorkbook(current.workbookCustomers(language), current.reportInput(language), generatedAt);
        break;
      default:
        throw new Error(`unknown export ${kind}`);
    }
    return transferable(bytes);
  },
};

Object.assign(handlers, dynamicsHandlers(requireSession, async (bytes) => {
  await spreadsheetsLoaded;
  return packSnapshot(bytes);
}));

/**
 * Runs the analyses in the main module on `{customers, report}` read by the
 * spreadsheet module (packed customers and the ingestion report as JSON).
 */
async function analyzeInMain(ingested, { config, language, campaignList, onStage, finishStart, started }) {
  let customers;
  let report;
  try {
    ({ customers, report } = ingested);
  } finally {
    ingested.free();
  }
  const list = await readCampaignList(campaignList, workbookListAsCsv);
  stopIfCancelled(started);
  session = analyzeIngested(config, customers, report, list?.bytes, list?.name, onStage);
  return results(language, finishStart);
}

/** Whether the ingestion options name an encoding only the spreadsheet module decodes. */
function needsFullDecoders(options) {
  const label = options?.encoding;
  return typeof label === 'string' && !readsEncoding(label);
}

/** A workbook campaign list as CSV, through the spreadsheet module. */
async function workbookListAsCsv(bytes, name) {
  await spreadsheetsLoaded;
  return campaignListCsv(bytes, name);
}

/** What the page shows after each phase; `finishStart` is when the phase's analyses began. */
function results(language, finishStart) {
  const summaryStart = performance.now();
  const summary = session.summary();
  const chartsStart = performance.now();
  const charts = session.charts(language);
  const end = performance.now();
  return {
    summary,
    charts,
    // Linear memory only grows: its size is the analysis' peak wasm heap.
    wasmMemoryBytes: wasmMemoryBytes(),
    workerTimings: { finishMs: summaryStart - finishStart, summaryMs: chartsStart - summaryStart, chartsMs: end - chartsStart },
  };
}

/** The main module's linear memory so far (it only grows: the heap's peak until now), for benchmarks. */
function wasmMemoryBytes() {
  return wasm?.memory?.buffer.byteLength ?? null;
}

self.addEventListener('message', async (event) => {
  const { type, id, ...payload } = event.data;
  const handler = handlers[type];
  try {
    if (!handler) throw new Error(`unknown request ${type}`);
    const value = await handler(payload, id);
    if (value instanceof ArrayBuffer) post({ type: 'reply', id, value }, [value]);
    else post({ type: 'reply', id, value });
  } catch (err) {
    const kind = errorKind(type, err);
    const { message, detail } = kind === 'memory' ? outOfMemory() : keyedError(messageOf(err));
    post({ type: 'error', id, message, detail, kind });
  }
});

/**
 * Frees a wasm object after its work failed. After a trap the instance is
 * unusable and freeing throws ("borrowed"), which must not hide the error
 * that matters: the trap, which `errorKind` reads.
 */
function freeAfterError(object) {
  try {
    object.free();
  } catch {
    // The trap is reported instead.
  }
}

/**
 * Whether a trap is a failed allocation: an `unreachable` trap with no
 * panic before it in either loaded module (safe Rust traps in no other way;
 * see src/trap_watch.rs).
 */
function trappedOnAllocation(err) {
  if (!/unreachable/i.test(err.message)) return false;
  const checks = [[panicked, wasm], [spreadsheetPanicked, spreadsheetWasm]].filter(([, instance]) => instance);
  try {
    return checks.every(([hasPanicked]) => !hasPanicked());
  } catch {
    return false;
  }
}

/** A failed allocation's message, and the memory reached by the larger module (the one that ran out). */
function outOfMemory() {
  const reached = Math.max(0, ...[wasm, spreadsheetWasm].filter(Boolean).map((instance) => instance.memory.buffer.byteLength));
  return { message: `out of memory at ${reached} bytes of wasm memory`, detail: { reached_bytes: reached } };
}

/** An error's message and, for a core error, its keyed form (whose message is the core's sentence). */
function keyedError(message) {
  const detail = detailOf(message);
  return { message: detail?.message ?? message, detail };
}

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

/**
 * Feeds the file to the analyzer chunk by chunk, never holding it whole;
 * stops at a cancel. The chunks are read into one reused buffer (a "bring
 * your own buffer" reader) where the browser allows it: a fresh buffer per
 * chunk is garbage that piles up faster than it is collected, hundreds of
 * MB of tab memory over a large file (BENCHMARKS.md).
 */
async function streamInto(analyzer, file, id, started) {
  const stream = file.stream();
  let reader;
  let buffer = null;
  try {
    reader = stream.getReader({ mode: 'byob' });
    buffer = new ArrayBuffer(READ_CHUNK_BYTES);
  } catch {
    reader = stream.getReader();
  }
  // Lets reading size its tables for the whole file at once.
  analyzer.expectSize(file.size);
  let done = 0;
  let lastPost = 0;
  for (;;) {
    const chunk = await (buffer ? reader.read(new Uint8Array(buffer)) : reader.read());
    if (cancels !== started) {
      reader.cancel().catch(() => {});
      throw new Cancelled('cancelled');
    }
    if (chunk.done) break;
    analyzer.push(chunk.value);
    // The read handed the buffer over; this is it again, to read into next.
    if (buffer) buffer = chunk.value.buffer;
    done += chunk.value.byteLength;
    const now = performance.now();
    if (now - lastPost >= PROGRESS_INTERVAL_MS) {
      lastPost = now;
      post({ type: 'progress', id, phase: 'read', done, total: file.size });
    }
  }
}

/**
 * A spreadsheet is a zip archive (or an OLE2 file) that can only be read
 * whole; it is kept while the user adjusts the mapping and then analysed.
 */
async function spreadsheetBytes(file) {
  const key = `${file.name}\u0000${file.size}\u0000${file.lastModified}`;
  if (spreadsheetCache?.key !== key) {
    spreadsheetCache = { key, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  return spreadsheetCache.bytes;
}

/** A text file's preview needs only its first mebibyte, cut after the last complete line. */
async function textPreviewBytes(file) {
  if (file.size <= PREVIEW_BYTES) return new Uint8Array(await file.arrayBuffer());
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  return head.subarray(0, lastLineEnd(head));
}

/** Spreadsheets by their first bytes, as the core detects them (the name may lie). */
async function isSpreadsheet(file) {
  return isSpreadsheetStart(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
}

function requireSession() {
  if (!session) throw new Error('no analysis has run yet');
  return session;
}

function dropSession() {
  session?.free();
  session = null;
}

/** Customers per part of a CSV download (about 10 MB of CSV). */
const CSV_PART_ROWS = 50_000;

/**
 * The customers CSV as a Blob of parts: wasm memory never shrinks, so the
 * whole file (500 MB at 10M rows) built there would stay in the tab for
 * good; each part is copied out as soon as it is written.
 */
function csvInParts(current, dialect, filter, language) {
  const total = current.customersCount(filter);
  const parts = [];
  for (let start = 0; start === 0 || start < total; start += CSV_PART_ROWS) {
    parts.push(current.customersCsvPart(dialect, filter, language, start, CSV_PART_ROWS));
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** A standalone ArrayBuffer holding exactly `bytes`, to transfer without a copy. */
function transferable(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.slice().buffer;
}

/**
 * load: the engine could not start; crash: the wasm trapped on a bug, and
 * memory: on a failed allocation (either way the instance is unusable);
 * analysis: the core refused the input.
 */
function errorKind(type, err) {
  if (type === 'init') return 'load';
  if (err instanceof WebAssembly.RuntimeError) return trappedOnAllocation(err) ? 'memory' : 'crash';
  return 'analysis';
}

/**
 * A core error's keyed form: both wasm modules throw a core error with its
 * message key and parameters as JSON (`PageError` in src/error_messages.rs),
 * which the page words in its language; null for any other error.
 */
function detailOf(message) {
  if (!message.startsWith('{')) return null;
  try {
    const detail = JSON.parse(message);
    return typeof detail?.message === 'string' ? detail : null;
  } catch {
    return null;
  }
}

/** The text of an error, whether a JS Error, a wasm `JsError` or a string. */
function messageOf(err) {
  if (typeof err === 'string') return err;
  if (err && typeof err.message === 'string') return err.message;
  return String(err);
}
