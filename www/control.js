// The control-draw panel: before a campaign, pick the segments, the control
// share and the seed; the worker draws a control group stratified by
// segment (the core's `drawControl`), and every customer download from then
// on carries the `campaign_group` column. The seed is shown so the draw can
// be made again exactly, here or with the CLI (`--control-share --seed`).

import { h, fill, byId, columnHeads } from './dom.js';
import { t, fmt, pick, describeError } from './i18n.js';

/** Largest seed typed in the page: JavaScript numbers are exact up to 2^53 − 1. */
const MAX_SEED = Number.MAX_SAFE_INTEGER;

export class ControlPanel {
  /**
   * @param {(params: object) => Promise<object>} draw asks the worker for a draw
   * @param {(kind: string, title: string, button: HTMLElement) => Promise<void>} download
   *   downloads the customers (now with campaign_group)
   */
  constructor(draw, download) {
    this.draw = draw;
    this.download = download;
    this.summary = null;
    this.result = null;
    this.method = byId('control-method');
    this.share = byId('control-share');
    this.seed = byId('control-seed');
    this.error = byId('control-error');
    this.list = byId('control-segment-list');
    this.method.addEventListener('change', () => this.renderSegments());
    byId('control-all').addEventListener('click', () => this.checkAll(true));
    byId('control-none').addEventListener('click', () => this.checkAll(false));
    byId('control-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** A new analysis: segments of its methods, a fresh seed, no draw yet. */
  show(summary) {
    this.summary = summary;
    this.result = null;
    this.seed.value = String(randomSeed());
    this.share.value = '10';
    this.hideError();
    fill(byId('control-result'));
    this.render();
  }

  /** Re-renders in the current language, keeping the choices and the draw. */
  relabel() {
    if (!this.summary) return;
    const checked = this.checkedKeys();
    const method = this.method.value;
    this.render();
    this.method.value = method;
    this.renderSegments(checked);
    if (this.result) this.renderResult(this.result);
  }

  render() {
    const methods = availableMethods(this.summary);
    byId('control').hidden = methods.length === 0;
    const current = this.method.value;
    fill(this.method, methods.map(({ method }) => h('option', { value: method, text: t(`control_method.${method}`) })));
    if (methods.some((m) => m.method === current)) this.method.value = current;
    this.renderSegments();
  }

  renderSegments(checked = null) {
    const entry = availableMethods(this.summary).find((m) => m.method === this.method.value);
    fill(this.list, (entry?.segments ?? []).map((segment, index) => {
      const id = `control-segment-${index}`;
      return h('div', { class: 'check' },
        h('input', { type: 'checkbox', id, value: segment.key, checked: checked ? checked.includes(segment.key) : true }),
        h('label', { for: id, text: t('control_segment_option', { name: segment.label, count: fmt.integer(segment.customers) }) }));
    }));
  }

  checkAll(on) {
    for (const box of this.list.querySelectorAll('input[type=checkbox]')) box.checked = on;
  }

  checkedKeys() {
    return [...this.list.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
  }

  async submit() {
    this.hideError();
    const share = Number(this.share.value.replace(',', '.'));
    if (!(share > 0 && share < 100)) {
      this.showError(t('control_error_share', { value: this.share.value }), this.share);
      return;
    }
    const seedText = this.seed.value.trim();
    const seed = Number(seedText);
    if (!/^\d+$/.test(seedText) || seed > MAX_SEED) {
      this.showError(t('control_error_seed', { value: seedText }), this.seed);
      return;
    }
    const boxes = this.list.querySelectorAll('input[type=checkbox]');
    const keys = this.checkedKeys();
    if (!keys.length) {
      this.showError(t('control_error_segments'), boxes[0] ?? this.method);
      return;
    }
    const button = byId('control-draw');
    button.disabled = true;
    try {
      // Every segment checked is the core's "all segments" (an empty list).
      const segments = keys.length === boxes.length ? [] : keys;
      this.result = await this.draw({ method: this.method.value, segments, share: share / 100, seed });
      this.renderResult(this.result);
    } catch (err) {
      this.showError(describeError(err), button);
    } finally {
      button.disabled = false;
    }
  }

  renderResult(draw) {
    const segments = availableMethods(this.summary).find((m) => m.method === draw.method)?.segments ?? [];
    const labels = new Map(segments.map((s) => [s.key, s.label]));
    // Best segment first, as everywhere on the page (the core lists them by key).
    const rank = (key) => {
      const index = segments.findIndex((s) => s.key === key);
      return index < 0 ? segments.length : index;
    };
    const rows = [...(draw.by_segment ?? [])].sort((a, b) => rank(a.segment) - rank(b.segment));
    const sum = (field) => rows.reduce((total, row) => total + (row[field] ?? 0), 0);
    fill(byId('control-result'),
      h('p', { class: 'section-lead', id: 'control-summary', dataset: { seed: String(draw.seed) } }, t('control_done', {
        control: fmt.integer(sum('control')), customers: fmt.integer(sum('customers')), share: fmt.percent(draw.share, 1), seed: String(draw.seed),
      })),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data-table compact', id: 'control-table' },
        h('caption', { class: 'visually-hidden', text: t('control_caption') }),
        columnHeads(
          t('col_segment'),
          [t('col_customers'), 'num'],
          [t('control_col_target'), 'num'],
          [t('control_col_control'), 'num']),
        h('tbody', {}, rows.map((row) => h('tr', { dataset: { segment: row.segment } },
          h('th', { scope: 'row', text: labels.get(row.segment) ?? row.segment }),
          h('td', { class: 'num', text: fmt.integer(row.customers) }),
          h('td', { class: 'num', text: fmt.integer(row.target) }),
          h('td', { class: 'num', text: fmt.integer(row.control) })))),
        h('tfoot', {}, h('tr', {},
          h('th', { scope: 'row', text: t('control_total') }),
          h('td', { class: 'num', text: fmt.integer(sum('customers')) }),
          h('td', { class: 'num', text: fmt.integer(sum('target')) }),
          h('td', { class: 'num', text: fmt.integer(sum('control')) }))))),
      h('p', { class: 'hint', text: t('control_downloads_hint') }),
      h('div', { class: 'download-buttons inline' },
        h('button', { type: 'button', class: 'button secondary', id: 'control-download-excel', text: t('control_download_excel'), onclick: (event) => this.download('csv-excel', t('control_list_title'), event.currentTarget) }),
        h('button', { type: 'button', class: 'button ghost', id: 'control-download-standard', text: t('control_download_standard'), onclick: (event) => this.download('csv-standard', t('control_list_title'), event.currentTarget) })));
  }

  showError(message, field) {
    this.error.textContent = message;
    this.error.hidden = false;
    field?.setAttribute('aria-invalid', 'true');
    field?.focus();
  }

  hideError() {
    this.error.hidden = true;
    this.error.textContent = '';
    for (const field of [this.share, this.seed]) field.removeAttribute('aria-invalid');
  }
}

/**
 * The methods a draw can stratify by, with their non-empty segments: keys
 * as the core's `drawControl` expects them, labels in the page's language.
 */
function availableMethods(summary) {
  if (!summary) return [];
  const methods = [
    { method: 'rfm', segments: (summary.rfm?.segments ?? []).map((s) => ({ key: s.key, label: pick(s, 'label') ?? s.key, customers: s.customers })) },
    { method: 'abc', segments: (summary.abc?.classes ?? []).map((c) => ({ key: c.class ?? c.key, label: t('abc_class_label', { class: c.class ?? c.key }), customers: c.customers })) },
    { method: 'tier', segments: (summary.points?.tiers ?? []).map((tier) => ({ key: tier.key, label: pick(tier, 'label') ?? tier.key, customers: tier.customers })) },
    { method: 'group', segments: (summary.predict?.groups ?? []).map((g) => ({ key: g.key ?? g.label, label: pick(g, 'label') ?? g.key, customers: g.customers })) },
  ];
  return methods
    .map((entry) => ({ ...entry, segments: entry.segments.filter((s) => s.customers > 0) }))
    .filter((entry) => entry.segments.length > 0);
}

/** A fresh seed for a new draw: any value works, the point is that it is shown and kept. */
function randomSeed() {
  const words = new Uint32Array(1);
  crypto.getRandomValues(words);
  return words[0] + 1;
}

/** The label of a segment key of a method, for other panels (uplift readout). */
export function segmentLabelOf(summary, key) {
  for (const entry of availableMethods(summary)) {
    const found = entry.segments.find((s) => s.key === key);
    if (found) return found.label;
  }
  return key;
}
