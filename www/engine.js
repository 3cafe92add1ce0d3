// The main thread's handle on the analysis worker.
//
// Every request is a message `{type, id, ...}`; the worker answers with
// `{type: 'reply', id, value}` or `{type: 'error', id, message}`, and may
// send `{type: 'progress', id, ...}` in between.
//
// Cancel is cooperative: the page forgets the pending requests at once and
// asks the worker to stop, which it does at its next pause (between two
// chunks of the file, or when a wasm call returns). Terminating the worker
// would also stop it, but a fresh worker loads its code again, a request
// after the user's file is in the page; that is kept for a worker that does
// not answer within `CANCEL_GRACE_MS` and for a wasm trap.
//
// The wasm modules are compiled once, here, and handed to every worker, so
// a fresh worker after a cancel does not fetch them again. The main module
// (CSV, analyses, CSV export) is fetched at once; the spreadsheet module
// (.xlsx/.xls/.ods reading, .xlsx and HTML report writing) at idle once the main one is
// running, so it does not slow the page down and is there before any file
// is dropped (nothing is fetched after that).

const WASM_URL = new URL('./pkg/segmento_bg.wasm', import.meta.url);
const SPREADSHEET_WASM_URL = new URL('./pkg/segmento_xlsx_bg.wasm', import.meta.url);
const WORKER_URL = new URL('./worker.js', import.meta.url);
/** Longest wait for an idle moment before fetching the spreadsheet module anyway. */
const IDLE_TIMEOUT_MS = 500;
/**
 * How long a cancelled worker may stay busy (one long wasm call) before it
 * is replaced. Requests sent meanwhile wait for it, then go to the new worker.
 */
const CANCEL_GRACE_MS = 3000;

/** Compiles a wasm module while it downloads; falls back to a buffer when the server sends a wrong MIME type. */
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  if (response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** Resolves at the browser's next idle moment (or after `IDLE_TIMEOUT_MS`). */
function idle() {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(resolve, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(resolve, 0);
  });
}

/** Raised for requests interrupted by a cancel; not an error to show. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * An error raised by the worker or the core, with its message (English for
 * the core's) and, for a core error, its keyed form (`detail`), which
 * `explainError` words in the page's language.
 */
export class EngineError extends Error {
  constructor(message, kind = 'analysis', detail = null) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
    this.detail = detail;
  }
}

/**
 * Whether the wasm instance trapped on this error ('crash': a bug;
 * 'memory': an allocation was refused) and so can serve nothing more.
 */
export function instanceLost(err) {
  return err?.kind === 'crash' || err?.kind === 'memory';
}

export class Engine {
  constructor() {
    // Started at page load, before any file is chosen, so that nothing is
    // fetched once the user's data is in the page.
    this.module = compile(WASM_URL).catch((err) => {
      throw new EngineError(String(err?.message ?? err), 'load');
    });
    this.nextId = 1;
    this.spawn();
    this.spreadsheetModule = this.ready.then(idle).then(() => compile(SPREADSHEET_WASM_URL));
    this.spreadsheetModule.catch(() => {});
    this.spreadsheetsReady = this.sendSpreadsheetModule();
  }

  /** Hands the spreadsheet module to the current worker (or the reason it could not be loaded). */
  sendSpreadsheetModule() {
    const sent = this.spreadsheetModule.then(
      (module) => this.request('initSpreadsheets', { module }),
      (err) => this.request('initSpreadsheets', { error: String(err?.message ?? err) }),
    );
    sent.catch(() => {});
    return sent;
  }

  spawn() {
    this.pending = new Map();
    const worker = new Worker(WORKER_URL, { type: 'module', name: 'segmento-analysis' });
    this.worker = worker;
    worker.addEventListener('message', (event) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      // A worker that fails to load or throws outside a request: fail every
      // pending request with what the browser told us.
      event.preventDefault();
      this.failAll(new EngineError(event.message || 'the analysis engine stopped', 'load'));
    });
    worker.addEventListener('messageerror', () => {
      this.failAll(new EngineError('a message from the analysis engine could not be read'));
    });
    this.ready = this.module.then((module) => this.request('init', { module }));
    // Ready is awaited by callers; this only avoids an unhandled rejection
    // being reported before anyone awaits it.
    this.ready.catch(() => {});
  }

  /**
   * Stops whatever the worker is doing, without replacing it: every pending
   * request is rejected with a `CancelledError` now, and the worker drops
   * its work at its next pause. A worker still busy after
   * `CANCEL_GRACE_MS` is replaced, and the requests sent since go to the
   * new one.
   */
  cancel() {
    const pending = this.pending;
    this.pending = new Map();
    for (const { reject } of pending.values()) reject(new CancelledError());
    const worker = this.worker;
    const acknowledged = this.request('cancel');
    const timer = setTimeout(() => {
      if (this.worker === worker) this.replace();
    }, CANCEL_GRACE_MS);
    acknowledged.then(() => clearTimeout(timer), () => clearTimeout(timer));
  }

  /** Stops whatever the worker is doing by terminating it, and starts a fresh one (after a wasm trap). */
  restart() {
    this.worker.terminate();
    const pending = this.pending;
    this.spawn();
    this.spreadsheetsReady = this.sendSpreadsheetModule();
    for (const { reject } of pending.values()) reject(new CancelledError());
  }

  /** A fresh worker for one that did not stop: the requests it held are sent again to the new one. */
  replace() {
    this.worker.terminate();
    const pending = [...this.pending.values()];
    this.spawn();
    this.spreadsheetsReady = this.sendSpreadsheetModule();
    for (const entry of pending) {
      if (entry.type === 'cancel') {
        entry.resolve();
        continue;
      }
      this.ready.then(
        () => this.request(entry.type, entry.payload, entry).then(entry.resolve, entry.reject),
        entry.reject,
      );
    }
  }

  failAll(error) {
    const pending = this.pending;
    this.pending = new Map();
    for (const { reject } of pending.values()) reject(error);
  }

  receive(message) {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (message.type === 'progress') {
      entry.onProgress?.(message);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'error') entry.reject(new EngineError(message.message, message.kind, message.detail));
    else entry.resolve(message.value);
  }

  /** Sends one request; resolves with the worker's reply value. */
  request(type, payload = {}, { onProgress, transfer = [] } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // The request itself is kept, to send again if the worker is replaced.
      this.pending.set(id, { resolve, reject, onProgress, type, payload, transfer });
      this.worker.postMessage({ type, id, ...payload }, transfer);
    });
  }

  /** Sends a request once the worker has its wasm. */
  async call(type, payload, options) {
    await this.ready;
    return this.request(type, payload, options);
  }
}
