// The analysis worker: owns the wasm instance, reads the user's file and
// runs the core on it, so the page stays responsive.
//
// Protocol (see engine.js): requests `{type, id, ...}`, answers
// `{type: 'reply', id, value}` or `{type: 'error', id, message}`, and
// `{type: 'progress', id, ...}` while an analysis runs.

import init, { Analyzer, defaultConfig, preview } from './pkg/segmento.js';
import { lastLineEnd } from './bytes.js';
import { dynamicsHandlers, attachCampaignList } from './worker-dynamics.js';

/** Bytes given to the preview of a CSV: plenty for 20 rows and dialect detection. */
const PREVIEW_BYTES = 1 << 20;
/** Rows shown on the mapping screen. */
const PREVIEW_ROWS = 20;
/** Minimum delay between two progress messages while reading. */
const PROGRESS_INTERVAL_MS = 40;

/** The wasm instance's exports (its linear memory tells the peak heap). */
let wasm = null;
/** The results of the last analysis (a wasm `Session`). */
let session = null;
/** The last spreadsheet read whole for a preview, kept while the user adjusts the mapping. */
let spreadsheetCache = null;

const handlers = {
  async init({ module }) {
    wasm = await init({ module_or_path: module });
    return { defaults: defaultConfig() };
  },

  async preview({ file, options }) {
    const bytes = await previewBytes(file);
    return preview(bytes, options, PREVIEW_ROWS);
  },

  async analyze({ file, config, language, campaignList }, id) {
    dropSession();
    const analyzer = new Analyzer(config);
    try {
      await streamInto(analyzer, file, id);
      await attachCampaignList(analyzer, campaignList);
    } catch (err) {
      analyzer.free();
      throw err;
    }
    post({ type: 'progress', id, phase: 'read', done: file.size, total: file.size });
    // `finish` consumes the analyzer; the callback reports each analysis stage.
    const finishStart = performance.now();
    session = analyzer.finish((stage) => post({ type: 'progress', id, phase: 'stage', stage }));
    const summaryStart = performance.now();
    const summary = session.summary();
    const chartsStart = performance.now();
    const charts = session.charts(language);
    const end = performance.now();
    return {
      summary,
      charts,
      // Linear memory only grows: its size is the analysis' peak wasm heap.
      wasmMemoryBytes: wasm?.memory?.buffer.byteLength ?? null,
      workerTimings: { finishMs: summaryStart - finishStart, summaryMs: chartsStart - summaryStart, chartsMs: end - chartsStart },
    };
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
        bytes = new TextEncoder().encode(current.reportHtml(language, generatedLabel));
        break;
      case 'csv-excel':
        bytes = current.customersCsv('excel_fr', filter ?? null, language);
        break;
      case 'csv-standard':
        bytes = current.customersCsv('standard', filter ?? null, language);
        break;
      case 'xlsx':
        bytes = current.customersXlsx(language, generatedAt);
        break;
      default:
        throw new Error(`unknown export ${kind}`);
    }
    return transferable(bytes);
  },
};

Object.assign(handlers, dynamicsHandlers(requireSession));

self.addEventListener('message', async (event) => {
  const { type, id, ...payload } = event.data;
  const handler = handlers[type];
  try {
    if (!handler) throw new Error(`unknown request ${type}`);
    const value = await handler(payload, id);
    if (value instanceof ArrayBuffer) post({ type: 'reply', id, value }, [value]);
    else post({ type: 'reply', id, value });
  } catch (err) {
    post({ type: 'error', id, message: messageOf(err), kind: errorKind(type, err) });
  }
});

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

/** Feeds the file to the analyzer chunk by chunk, never holding it whole. */
async function streamInto(analyzer, file, id) {
  const reader = file.stream().getReader();
  let done = 0;
  let lastPost = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    analyzer.push(chunk.value);
    done += chunk.value.byteLength;
    const now = performance.now();
    if (now - lastPost >= PROGRESS_INTERVAL_MS) {
      lastPost = now;
      post({ type: 'progress', id, phase: 'read', done, total: file.size });
    }
  }
}

/**
 * The bytes the preview needs. A spreadsheet is a zip archive that can only
 * be read whole; a text file only needs its first mebibyte, cut after the
 * last complete line.
 */
async function previewBytes(file) {
  if (isSpreadsheet(file)) {
    const key = `${file.name}\u0000${file.size}\u0000${file.lastModified}`;
    if (spreadsheetCache?.key !== key) {
      spreadsheetCache = { key, bytes: new Uint8Array(await file.arrayBuffer()) };
    }
    return spreadsheetCache.bytes;
  }
  spreadsheetCache = null;
  if (file.size <= PREVIEW_BYTES) return new Uint8Array(await file.arrayBuffer());
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  return head.subarray(0, lastLineEnd(head));
}

/** Spreadsheets by extension, or by their magic bytes' container types. */
function isSpreadsheet(file) {
  return /\.(xlsx|xlsm|xlsb|xls|ods)$/i.test(file.name)
    || /spreadsheet|ms-excel/.test(file.type);
}

function requireSession() {
  if (!session) throw new Error('no analysis has run yet');
  return session;
}

function dropSession() {
  session?.free();
  session = null;
}

/** A standalone ArrayBuffer holding exactly `bytes`, to transfer without a copy. */
function transferable(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.slice().buffer;
}

/** load: the engine could not start; crash: the wasm trapped (a bug), the instance is unusable; analysis: the core refused the input. */
function errorKind(type, err) {
  if (type === 'init') return 'load';
  if (err instanceof WebAssembly.RuntimeError) return 'crash';
  return 'analysis';
}

/** The text of an error, whether a JS Error, a wasm `JsError` or a string. */
function messageOf(err) {
  if (typeof err === 'string') return err;
  if (err && typeof err.message === 'string') return err.message;
  return String(err);
}
