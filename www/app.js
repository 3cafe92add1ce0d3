// segmento's page: landing → mapping check (+ settings) → progress →
// results. The analysis runs in a worker (engine.js, worker.js); this
// module only drives the screens.
//
// Public hooks for host pages and tests (README, "Public hooks"):
// - `document.body.dataset.state`: loading, ready, reading, mapping,
//   running, done, error; `done` as soon as the segments are shown;
// - `document.body.dataset.analyses`: running, complete, error: the
//   forecasts and dynamics, computed after `done`;
// - events on `document`: `segmento:done` (detail: {summary}),
//   `segmento:complete` (detail: {summary}) and `segmento:error` (detail:
//   {message, phase}).

import { Engine, CancelledError, instanceLost } from './engine.js';
import { MappingView } from './mapping.js';
import { ResultsView } from './results.js';
import { CustomerList } from './customers.js';
import { SettingsForm } from './settings.js';
import { DynamicsPage } from './dynamics-page.js';
import { CampaignListPicker } from './uplift.js';
import { h, byId, showOnly, saveBytes, focusHeading } from './dom.js';
import { t, tMaybe, fmt, language, setLanguage, applyStatic, explainError, fileNames } from './i18n.js';

const DEMO_URL = new URL('./demo/commandes-demo.csv', import.meta.url);

const screens = {
  landing: byId('screen-landing'),
  mapping: byId('screen-mapping'),
  running: byId('screen-running'),
  results: byId('screen-results'),
};

const engine = new Engine();
const app = {
  /** The file being analysed (a File: a handle, not a copy of the bytes). */
  file: null,
  /** Ingestion options chosen on the mapping screen. */
  inputOptions: {},
  preview: null,
  summary: null,
  charts: null,
  settings: null,
  /** Bumped for every new file or run, so stale answers are ignored. */
  generation: 0,
  running: false,
  /**
   * The second phase (forecasts and dynamics) of the results shown: a
   * promise settled when its sections are rendered, whether it still runs,
   * and whether it failed (downloads then cannot hold everything).
   */
  analyses: { completion: null, running: false, failed: false },
};

const mapping = new MappingView((options) => refreshPreview(options));
const results = new ResultsView((filter, title, count) => customerList.open(filter, title, count));
const customerList = new CustomerList(
  (query) => engine.call('customers', { query }),
  (kind, filter, title) => download(kind, filter, title),
);
const dynamics = new DynamicsPage({
  call: (type, payload, options) => engine.call(type, payload, options),
  openList: (filter, title, count) => customerList.open(filter, title, count),
  download: (kind, filter, title, button) => download(kind, filter, title, button),
});
const campaignList = new CampaignListPicker();
/** The second phase's bar, made at its first use (its class is declared below). */
let analysesProgress = null;

applyStatic(document);
wireLanding();
wireMapping();
wireResults();
startEngine();

// ---------------------------------------------------------------- state

function setState(state) {
  document.body.dataset.state = state;
}

/** The second phase's state on the page (`data-analyses`), or none before a run. */
function setAnalyses(state) {
  if (state) document.body.dataset.analyses = state;
  else delete document.body.dataset.analyses;
}

function showScreen(name) {
  showOnly(Object.values(screens), screens[name]);
  document.body.dataset.screen = name;
}

async function startEngine() {
  try {
    const { defaults } = await engine.ready;
    app.settings = new SettingsForm(byId('settings-fields'), defaults, () => updateSettingsBadge());
    app.settings.render();
    updateSettingsBadge();
    byId('engine-status').textContent = '';
    byId('engine-status').hidden = true;
    if (document.body.dataset.state === 'loading') setState('ready');
    app.engineReady = true;
    performance.mark('segmento:engine-ready');
    // Public hook: the spreadsheet module, fetched at idle, is loaded too.
    engine.spreadsheetsReady.then(() => {
      document.body.dataset.spreadsheets = 'ready';
      performance.mark('segmento:spreadsheets-ready');
    }, () => {});
  } catch (err) {
    showError(err, { during: 'load' });
  }
}

// ---------------------------------------------------------------- landing

function wireLanding() {
  const input = byId('file-input');
  byId('dropzone').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const [file] = input.files;
    // Reset so that choosing the same file again still fires `change`.
    input.value = '';
    if (file) openFile(file);
  });
  byId('demo-button').addEventListener('click', () => openDemo());
  byId('lang-toggle').addEventListener('click', () => toggleLanguage());
  byId('alert-close').addEventListener('click', () => hideAlert());

  // The whole window accepts a dropped file.
  const overlay = byId('drop-overlay');
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = app.running ? 'none' : 'copy';
  });
  document.addEventListener('drop', (event) => {
    depth = 0;
    overlay.hidden = true;
    const files = event.dataTransfer?.files;
    if (!files?.length) return;
    event.preventDefault();
    if (app.running) {
      notice(t('drop_while_running'));
      return;
    }
    if (files.length > 1) notice(t('drop_many', { name: files[0].name }));
    openFile(files[0]);
  });
}

async function openDemo() {
  const button = byId('demo-button');
  button.disabled = true;
  try {
    const response = await fetch(DEMO_URL);
    if (!response.ok) throw new Error(t('demo_missing', { status: response.status }));
    const blob = await response.blob();
    await openFile(new File([blob], 'commandes-demo.csv', { type: 'text/csv' }));
  } catch (err) {
    showError(err);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- mapping

function wireMapping() {
  byId('run').addEventListener('click', () => run());
  byId('change-file').addEventListener('click', () => backToLanding());
  byId('settings-reset').addEventListener('click', () => app.settings?.reset());
  byId('cancel').addEventListener('click', () => cancel());
}

/** A new file: preview it and show the mapping check. */
async function openFile(file) {
  stopAnalyses();
  hideAlert();
  hideNotice();
  customerList.dialog.close();
  const generation = ++app.generation;
  app.file = file;
  app.inputOptions = {};
  app.summary = null;
  setState('reading');
  try {
    await engine.ready;
    const preview = await engine.call('preview', { file, options: { file_name: file.name } });
    if (generation !== app.generation) return;
    app.preview = preview;
    mapping.show(file, preview, {});
    showScreen('mapping');
    updateRunButton();
    setState('mapping');
    focusHeading(byId('mapping-title'));
  } catch (err) {
    if (err instanceof CancelledError || generation !== app.generation) return;
    showScreen('landing');
    showError(err, { file });
  }
}

/** The user changed an ingestion option or a column role: preview again. */
async function refreshPreview(options) {
  const generation = ++app.generation;
  hideAlert();
  try {
    const preview = await engine.call('preview', { file: app.file, options: { ...options, file_name: app.file.name } });
    if (generation !== app.generation) return;
    app.inputOptions = options;
    app.preview = preview;
    // Keep focus on the control the user just changed.
    const focusedId = document.activeElement?.id;
    mapping.show(app.file, preview, options);
    if (focusedId) document.getElementById(focusedId)?.focus();
    updateRunButton();
    setState('mapping');
  } catch (err) {
    if (err instanceof CancelledError || generation !== app.generation) return;
    showError(err, { file: app.file });
  }
}

function updateRunButton() {
  const missing = mapping.missingRoles();
  const run = byId('run');
  run.disabled = missing.length > 0;
  run.title = missing.length ? t('roles_missing', { roles: missing.map((role) => t(`role.${role}`)).join(', ') }) : '';
}

function updateSettingsBadge() {
  const badge = byId('settings-changed');
  const count = app.settings?.changedCount() ?? 0;
  badge.hidden = count === 0;
  badge.textContent = t('settings_changed', { count });
}

function backToLanding() {
  stopAnalyses();
  app.generation += 1;
  app.file = null;
  app.preview = null;
  hideAlert();
  showScreen('landing');
  setState(app.engineReady ? 'ready' : 'loading');
  byId('dropzone').focus();
}

// ---------------------------------------------------------------- analysis

function analysisConfig() {
  const config = app.settings ? app.settings.config() : {};
  config.input = { ...(config.input ?? {}), ...app.inputOptions, file_name: app.file.name };
  if ('language' in config || !app.settings) config.language = language();
  return config;
}

async function run() {
  if (!app.file || app.running) return;
  stopAnalyses();
  // A host waiting for this run's `complete` must not see the last run's.
  setAnalyses(null);
  hideAlert();
  hideNotice();
  const generation = ++app.generation;
  const file = app.file;
  app.running = true;
  showScreen('running');
  setState('running');
  byId('running-file').textContent = `${file.name} · ${fmt.bytes(file.size)}`;
  const progress = new ProgressView(file.size);
  focusHeading(byId('running-title'));
  const started = performance.now();
  try {
    const config = analysisConfig();
    const { summary, charts, wasmMemoryBytes, workerTimings } = await engine.call('analyze', { file, config, language: language(), campaignList: campaignList.file }, {
      onProgress: (message) => progress.update(message),
    });
    if (generation !== app.generation) return;
    // The first phase is over: a new run or file may replace it from here on.
    app.running = false;
    // Asked for at once, so that whatever the page asks next waits behind it in the worker.
    completeAnalyses(generation, file, started);
    app.summary = summary;
    app.charts = charts;
    app.elapsedMs = performance.now() - started;
    results.show(file, summary, charts);
    dynamics.show(summary, charts);
    // With no as-of date set, the core used the file's last order date: say which.
    if (!config.input.as_of) app.settings?.setAsOfHint(summary.as_of ?? null);
    showScreen('results');
    setState('done');
    focusHeading(byId('results-title'));
    document.dispatchEvent(new CustomEvent('segmento:done', { detail: { summary, elapsedMs: app.elapsedMs, wasmMemoryBytes, timings: progress.timings, workerTimings } }));
  } catch (err) {
    if (err instanceof CancelledError) return;
    if (generation !== app.generation) return;
    showScreen('mapping');
    showError(err, { file });
    if (instanceLost(err)) engine.restart();
  } finally {
    if (generation === app.generation) app.running = false;
  }
}

/**
 * The second phase, on the session the first one left in the worker: the
 * forecast, matrix, campaign, migrations, survival and cohorts sections wait
 * for it ("computing…"), and so do the downloads.
 */
function completeAnalyses(generation, file, started) {
  setAnalyses('running');
  app.analyses.running = true;
  app.analyses.failed = false;
  analysesProgress ??= new AnalysesProgress();
  analysesProgress.start();
  const request = engine.call('complete', { language: language() }, {
    onProgress: (message) => analysesProgress.update(message),
  });
  const completion = request.then(({ summary, charts, wasmMemoryBytes, workerTimings }) => {
    if (generation !== app.generation) throw new CancelledError();
    app.analyses.running = false;
    analysesProgress.stop();
    app.summary = summary;
    app.charts = charts;
    results.showAnalyses(summary, charts);
    dynamics.show(summary, charts);
    setAnalyses('complete');
    document.dispatchEvent(new CustomEvent('segmento:complete', {
      detail: { summary, elapsedMs: performance.now() - started, wasmMemoryBytes, timings: analysesProgress.timings, workerTimings },
    }));
  }, (err) => {
    if (err instanceof CancelledError || generation !== app.generation) throw new CancelledError();
    app.analyses.running = false;
    app.analyses.failed = true;
    analysesProgress.stop();
    // The segments stay: only the sections of this phase say it failed.
    results.analysesFailed();
    setAnalyses('error');
    showError(err, { file, during: 'analyses' });
    // A trap leaves the wasm instance unusable: lists and downloads need a fresh run.
    if (instanceLost(err)) engine.restart();
    throw err;
  });
  // Awaited by downloads; a failure is shown above, not reported twice.
  completion.catch(() => {});
  app.analyses.completion = completion;
}

/** Stops a second phase still running (a new file or run replaces its results). */
function stopAnalyses() {
  if (!app.analyses.running) return;
  app.analyses.running = false;
  app.generation += 1;
  analysesProgress.stop();
  engine.cancel();
  setAnalyses(null);
}

function cancel() {
  if (!app.running) return;
  app.generation += 1;
  app.running = false;
  // The worker drops the run at its next pause (engine.js, cancel()).
  engine.cancel();
  showScreen('mapping');
  setState('mapping');
  notice(t('cancelled'));
  byId('run').focus();
}

/** Cancel during the second phase: the session goes, as for a cancel during the first. */
function cancelAnalyses() {
  if (!app.analyses.running) return;
  stopAnalyses();
  showScreen('mapping');
  setState('mapping');
  notice(t('cancelled'));
  byId('run').focus();
}

/** The progress bar: reading takes 80 % of the bar, the analysis stages the rest. */
class ProgressView {
  constructor(total) {
    this.total = total;
    this.bar = byId('progress');
    this.label = byId('progress-label');
    this.stages = [];
    this.lastLabelAt = 0;
    /** Milliseconds since the run started at which reading ended and each stage began (for hosts and benchmarks). */
    this.started = performance.now();
    this.timings = [];
    this.bar.value = 0;
    this.label.textContent = t('progress_reading', { percent: fmt.percent(0, 0) });
    byId('stages').replaceChildren();
  }

  update(message) {
    if (message.phase === 'read') {
      const share = message.total ? message.done / message.total : 1;
      if (share === 1 && !this.timings.length) this.timings.push({ step: 'read', endedAtMs: performance.now() - this.started, wasmMemoryBytes: message.wasmMemoryBytes });
      this.bar.value = Math.round(share * 800);
      const now = performance.now();
      // Screen readers hear the live region: update it at most twice a second.
      if (now - this.lastLabelAt > 500 || share === 1) {
        this.lastLabelAt = now;
        this.label.textContent = t('progress_reading_bytes', {
          percent: fmt.percent(share, 0), done: fmt.bytes(message.done), total: fmt.bytes(message.total),
        });
      }
    } else if (message.phase === 'stage') {
      const stage = String(message.stage);
      this.stages.push(stage);
      this.timings.push({ step: stage, startedAtMs: performance.now() - this.started, wasmMemoryBytes: message.wasmMemoryBytes });
      // Stages report their start: each one fills an equal part of the last 20 %.
      this.bar.value = Math.min(990, 800 + this.stages.length * 30);
      const label = tMaybe(`stage.${stage.toLowerCase()}`) ?? `${stage}…`;
      this.label.textContent = label;
      byId('stages').append(h('li', { text: label }));
    }
  }
}

/** The second phase's bar on the results screen: one step per stage, then done. */
class AnalysesProgress {
  constructor() {
    this.box = byId('analyses-progress');
    this.bar = byId('analyses-bar');
    this.label = byId('analyses-label');
    this.timings = [];
    byId('analyses-cancel').addEventListener('click', () => cancelAnalyses());
  }

  start() {
    this.started = performance.now();
    this.timings = [];
    this.bar.value = 0;
    this.label.textContent = t('analyses_computing');
    this.box.hidden = false;
    this.box.setAttribute('aria-busy', 'true');
  }

  update(message) {
    if (message.phase !== 'stage') return;
    const stage = String(message.stage);
    this.timings.push({ step: stage, startedAtMs: performance.now() - this.started, wasmMemoryBytes: message.wasmMemoryBytes });
    this.bar.value = this.timings.length;
    this.label.textContent = tMaybe(`stage.${stage.toLowerCase()}`) ?? `${stage}…`;
  }

  stop() {
    this.box.hidden = true;
    this.box.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------- results

function wireResults() {
  byId('new-file').addEventListener('click', () => backToLanding());
  byId('edit-settings').addEventListener('click', () => {
    showScreen('mapping');
    setState('mapping');
    const details = byId('settings');
    details.open = true;
    details.scrollIntoView({ block: 'start' });
    details.querySelector('summary').focus();
  });
  for (const button of document.querySelectorAll('[data-download]')) {
    button.addEventListener('click', () => download(button.dataset.download, null, null, button));
  }
}

/** Downloads an export made by the worker: no network, a Blob saved locally. */
async function download(kind, filter, title, button) {
  const status = byId('download-status');
  if (button) button.disabled = true;
  try {
    if (app.analyses.running) {
      // Every download holds the forecasts and dynamics too: wait for them.
      status.textContent = t('download_waiting');
      button?.setAttribute('aria-busy', 'true');
      try {
        await app.analyses.completion;
      } catch (err) {
        status.textContent = '';
        if (err instanceof CancelledError) return;
      } finally {
        button?.removeAttribute('aria-busy');
      }
    }
    if (app.analyses.failed) {
      status.textContent = t('download_unavailable');
      return;
    }
    status.textContent = t('download_preparing');
    const now = new Date();
    const buffer = await engine.call('export', {
      kind, language: language(), filter, generatedAt: now.toISOString(), generatedLabel: generatedLabel(now, language()),
    });
    const names = fileNames(language());
    const suffix = title ? `-${slug(title)}` : '';
    const { name, mime } = {
      report: { name: names.report, mime: 'text/html;charset=utf-8' },
      'csv-excel': { name: `${names.customers}${suffix}-excel.csv`, mime: 'text/csv;charset=utf-8' },
      'csv-standard': { name: `${names.customers}${suffix}.csv`, mime: 'text/csv;charset=utf-8' },
      xlsx: { name: `${names.customers}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    }[kind];
    saveBytes(buffer, name, mime);
    status.textContent = t('download_done', { name });
  } catch (err) {
    status.textContent = '';
    if (!(err instanceof CancelledError)) showError(err);
  } finally {
    if (button) button.disabled = false;
  }
}

/** The report's time stamp, written as the CLI writes it (UTC), so both reports differ only there. */
function generatedLabel(date, lang) {
  const two = (n) => String(n).padStart(2, '0');
  const [y, m, d, hh, mm] = [date.getUTCFullYear(), two(date.getUTCMonth() + 1), two(date.getUTCDate()), two(date.getUTCHours()), two(date.getUTCMinutes())];
  return lang === 'fr' ? `${d}/${m}/${y} ${hh}:${mm} UTC` : `${y}-${m}-${d} ${hh}:${mm} UTC`;
}

function slug(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------- language

async function toggleLanguage() {
  setLanguage(language() === 'fr' ? 'en' : 'fr');
  applyStatic(document);
  app.settings?.render();
  updateSettingsBadge();
  if (app.preview) {
    mapping.render();
    updateRunButton();
  }
  if (app.summary) {
    let charts = null;
    try {
      charts = await engine.call('charts', { language: language() });
    } catch {
      // Keep the charts in the previous language rather than none.
    }
    results.relabel(charts);
    dynamics.relabel(charts);
    customerList.relabel();
  }
  if (!byId('alert').hidden && app.lastError) showError(app.lastError.error, app.lastError.context);
}

// ---------------------------------------------------------------- messages

/** Shows an error; one of the second phase (`context.during === 'analyses'`) keeps the page in `done`. */
function showError(error, context = {}) {
  app.lastError = { error, context };
  const { title, message, hint, settingKey } = explainError(error, context);
  byId('alert-title').textContent = title;
  byId('alert-message').textContent = message;
  byId('alert-hint').textContent = hint ?? '';
  byId('alert-hint').hidden = !hint;
  byId('alert').hidden = false;
  if (settingKey && app.settings) {
    byId('settings').open = true;
    app.settings.showError(settingKey, message);
  } else {
    byId('alert').scrollIntoView({ block: 'nearest' });
  }
  const detail = { message: error?.message ?? String(error) };
  if (context.during === 'analyses') detail.phase = 'analyses';
  else setState('error');
  document.dispatchEvent(new CustomEvent('segmento:error', { detail }));
}

function hideAlert() {
  byId('alert').hidden = true;
  app.lastError = null;
}

function notice(text) {
  const el = byId('notice');
  el.textContent = text;
  el.hidden = false;
}

function hideNotice() {
  byId('notice').hidden = true;
}
