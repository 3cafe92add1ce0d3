// Saved segmentation snapshots: "Save this segmentation" keeps the core's
// snapshot JSON (customer ids, segments, date) in this browser's IndexedDB,
// only when the user asks, and offers it as a JSON download; "Compare"
// measures the current file against a saved snapshot or a picked JSON file.
// Nothing is ever uploaded: IndexedDB is local to this browser profile.

import { h, fill, byId, saveBytes } from './dom.js';
import { t, fmt, language, describeError } from './i18n.js';
import { MigrationsView } from './dynamics.js';

const DB_NAME = 'segmento';
const DB_VERSION = 1;
const STORE = 'snapshots';

/** The snapshot store: `{id, name, savedAt, asOf, json}` records. */
class SnapshotStore {
  open() {
    this.db ??= new Promise((resolve, reject) => {
      if (!globalThis.indexedDB) {
        reject(new Error(t('snapshot_no_storage')));
        return;
      }
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error(t('snapshot_no_storage')));
    });
    // A failed open (private mode, storage disabled) is retried on the next call.
    this.db.catch(() => { this.db = null; });
    return this.db;
  }

  async run(mode, action) {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('aborted'));
    });
  }

  /**
   * Every saved snapshot. The database is only created by a first save: a
   * page that merely lists (none yet) leaves the browser's storage empty.
   */
  async all() {
    const databases = await globalThis.indexedDB?.databases?.();
    if (databases && !databases.some((db) => db.name === DB_NAME)) return [];
    return this.run('readonly', (store) => store.getAll());
  }

  get(id) { return this.run('readonly', (store) => store.get(id)); }

  add(record) { return this.run('readwrite', (store) => store.add(record)); }

  delete(id) { return this.run('readwrite', (store) => store.delete(id)); }
}

export class SnapshotsPanel {
  /**
   * @param {() => Promise<string>} snapshotJson the current session's snapshot
   * @param {(bytes: ArrayBuffer, lang: string) => Promise<object>} compare the comparison with a snapshot
   * @param {(filter: object, title: string, count: number) => void} openList opens the customers of a cell
   */
  constructor(snapshotJson, compare, openList) {
    this.snapshotJson = snapshotJson;
    this.compare = compare;
    this.openList = openList;
    this.store = new SnapshotStore();
    this.summary = null;
    this.compared = null;
    this.comparisonView = null;
    this.status = byId('snapshot-status');
    byId('snapshot-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    byId('snapshot-file').addEventListener('change', async (event) => {
      const [file] = event.target.files;
      event.target.value = '';
      if (file) await this.compareWith(file.name, await file.arrayBuffer());
    });
  }

  /** A new analysis: a default name for its snapshot, the saved list, no comparison. */
  show(summary) {
    this.summary = summary;
    this.compared = null;
    byId('snapshots').hidden = false;
    byId('snapshot-name').value = t('snapshot_default_name', { date: fmt.date(summary.as_of) });
    fill(byId('snapshot-comparison'));
    this.setStatus('');
    this.refreshList();
  }

  /** Re-renders in the current language; a comparison is asked again for its labels and chart. */
  async relabel() {
    if (!this.summary) return;
    // A status sentence belongs to the action that wrote it, in its language.
    this.setStatus('');
    await this.refreshList();
    if (this.compared) await this.compareWith(this.compared.name, this.compared.bytes, { focus: false });
  }

  async save() {
    const name = byId('snapshot-name').value.trim() || t('snapshot_default_name', { date: fmt.date(this.summary.as_of) });
    const button = byId('snapshot-save');
    button.disabled = true;
    try {
      const json = await this.snapshotJson();
      await this.store.add({ name, savedAt: new Date().toISOString(), asOf: this.summary.as_of, json });
      this.setStatus(t('snapshot_saved', { name }));
      await this.refreshList();
    } catch (err) {
      this.setStatus(t('snapshot_save_failed', { reason: describeError(err) }));
    } finally {
      button.disabled = false;
    }
  }

  async refreshList() {
    let records;
    try {
      records = await this.store.all();
    } catch (err) {
      fill(byId('snapshot-list'), h('caption', { class: 'empty', text: describeError(err) }));
      return;
    }
    records.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    fill(byId('snapshot-list'),
      h('caption', { class: records.length ? 'visually-hidden' : 'empty', text: records.length ? t('snapshot_list_caption') : t('snapshot_none') }),
      records.length ? h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('snapshot_col_name') }),
        h('th', { scope: 'col', class: 'num', text: t('snapshot_col_as_of') }),
        h('th', { scope: 'col', class: 'num', text: t('snapshot_col_saved') }),
        h('th', { scope: 'col', text: t('snapshot_col_actions') }))) : null,
      h('tbody', {}, records.map((record) => h('tr', { dataset: { snapshotId: String(record.id) } },
        h('th', { scope: 'row', text: record.name }),
        h('td', { class: 'num', text: fmt.date(record.asOf) }),
        h('td', { class: 'num', text: fmt.date(record.savedAt.slice(0, 10)) }),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'button secondary small', text: t('snapshot_compare'), 'aria-label': t('snapshot_compare_named', { name: record.name }), onclick: () => this.compareSaved(record.id) }),
          h('button', { type: 'button', class: 'button ghost small', text: t('snapshot_download'), 'aria-label': t('snapshot_download_named', { name: record.name }), onclick: () => saveBytes(new TextEncoder().encode(record.json), snapshotFileName(record), 'application/json') }),
          h('button', { type: 'button', class: 'button ghost small', text: t('snapshot_delete'), 'aria-label': t('snapshot_delete_named', { name: record.name }), onclick: () => this.remove(record) }))))));
  }

  async remove(record) {
    try {
      await this.store.delete(record.id);
      this.setStatus(t('snapshot_deleted', { name: record.name }));
      await this.refreshList();
      byId('snapshot-name').focus();
    } catch (err) {
      this.setStatus(describeError(err));
    }
  }

  async compareSaved(id) {
    const record = await this.store.get(id);
    if (record) await this.compareWith(record.name, new TextEncoder().encode(record.json).buffer);
  }

  /** Compares with a snapshot's bytes; `focus` moves the keyboard to the result (not on a mere relabel). */
  async compareWith(name, bytes, { focus = true } = {}) {
    const target = byId('snapshot-comparison');
    try {
      // The worker takes the buffer: keep a copy to ask again in another language.
      const comparison = await this.compare(bytes.slice(0), language());
      this.compared = { name, bytes };
      this.renderComparison(name, comparison);
      if (focus) byId('snapshot-comparison-title').focus();
    } catch (err) {
      this.compared = null;
      fill(target, h('p', { class: 'field-error', role: 'alert', text: t('snapshot_compare_failed', { name, reason: describeError(err) }) }));
    }
  }

  renderComparison(name, comparison) {
    const target = byId('snapshot-comparison');
    const body = h('div');
    fill(target,
      h('h3', { class: 'card-title', id: 'snapshot-comparison-title', tabindex: '-1', text: t('snapshot_comparison_title', { name, from: fmt.date(comparison.from_date), to: fmt.date(comparison.to_date) }) }),
      body);
    this.comparisonView = new MigrationsView(body, { name: 'snapshot-method', openList: this.openList, snapshot: true });
    this.comparisonView.show(withDates(comparison), comparison.charts ?? {});
  }

  setStatus(text) {
    this.status.textContent = text;
  }
}

/** Each method's matrix with the comparison's dates (the core gives them once, at the top). */
function withDates(comparison) {
  const methods = {};
  for (const [method, output] of Object.entries(comparison.methods ?? {})) {
    methods[method] = { method, from_date: comparison.from_date, to_date: comparison.to_date, ...output };
  }
  return methods;
}

function snapshotFileName(record) {
  const base = language() === 'fr' ? 'instantane-segmentation' : 'segmentation-snapshot';
  return `${base}-${record.asOf}.json`;
}
