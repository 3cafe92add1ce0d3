// The customer list of one segment, class or tier: a modal dialog with a
// sortable, searchable, paged table and a download of exactly that list.
// Pages are asked from the worker, so a list of 200 000 customers never
// crosses to the main thread whole.

import { h, fill, byId } from './dom.js';
import { t, fmt, language, describeError } from './i18n.js';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 200;

/**
 * The columns the dialog shows, in order, among those the core returns
 * (the CSV download has them all). Label columns sort by their key, so
 * segments and tiers sort best first rather than alphabetically.
 */
const SHOWN = ['customer_id', 'name', 'city', 'last_purchase', 'recency_days', 'frequency', 'monetary', 'rfm_code', 'rfm_segment_label', 'abc_class', 'value_points', 'value_tier_label', 'clv', 'predictive_group', 'cross_cell'];
const SORT_KEY = { rfm_segment_label: 'rfm_segment', value_tier_label: 'value_tier' };
const NUMERIC = new Set(['integer', 'number', 'money', 'date']);

export class CustomerList {
  /**
   * @param {(query: object) => Promise<{total: number, rows: object[]}>} fetchPage
   * @param {(filter: object, title: string) => Promise<void>} download
   */
  constructor(fetchPage, download) {
    this.fetchPage = fetchPage;
    this.download = download;
    this.dialog = byId('customers-dialog');
    this.search = byId('customers-search');
    this.query = null;
    this.generation = 0;
    this.lastPage = null;

    byId('customers-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('click', (event) => {
      // A click on the backdrop (outside the dialog box) closes it.
      if (event.target === this.dialog) this.dialog.close();
    });
    this.dialog.addEventListener('close', () => this.opener?.focus());
    let timer = 0;
    this.search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.update({ search: this.search.value.trim(), offset: 0 }), SEARCH_DELAY_MS);
    });
    byId('customers-prev').addEventListener('click', () => this.update({ offset: Math.max(0, this.query.offset - PAGE_SIZE) }));
    byId('customers-next').addEventListener('click', () => this.update({ offset: this.query.offset + PAGE_SIZE }));
    byId('customers-csv-excel').addEventListener('click', () => this.download('csv-excel', this.query.filter, this.title));
    byId('customers-csv-standard').addEventListener('click', () => this.download('csv-standard', this.query.filter, this.title));
  }

  get isOpen() {
    return this.dialog.open;
  }

  async open(filter, title, count) {
    this.opener = document.activeElement;
    this.title = title;
    this.count = count;
    this.query = { filter, search: '', sort_by: 'monetary', descending: true, offset: 0, limit: PAGE_SIZE, language: language() };
    this.search.value = '';
    fill(byId('customers-title'), title);
    fill(byId('customers-subtitle'), t('customers_subtitle', { count: fmt.integer(count) }));
    fill(byId('customers-table'));
    fill(byId('customers-count'), t('loading'));
    if (!this.dialog.open) this.dialog.showModal();
    this.search.focus();
    await this.update({});
  }

  /** Re-renders in the current language. */
  relabel() {
    if (!this.dialog.open || !this.lastPage) return;
    fill(byId('customers-subtitle'), t('customers_subtitle', { count: fmt.integer(this.count) }));
    // Headers and labels come from the core in the query's language: ask again.
    this.update({});
  }

  async update(change) {
    this.query = { ...this.query, ...change, language: language() };
    const generation = ++this.generation;
    let page;
    try {
      page = await this.fetchPage(this.query);
    } catch (err) {
      if (generation === this.generation) fill(byId('customers-count'), describeError(err));
      return;
    }
    // A newer query (typing fast) may have been sent meanwhile: show only the latest.
    if (generation !== this.generation) return;
    this.lastPage = page;
    this.render(page);
  }

  render(page) {
    const all = page.columns ?? [];
    const shown = SHOWN.map((key) => all.findIndex((column) => column.key === key)).filter((index) => index >= 0);
    // A column empty on the whole page (no name in the file) is left out.
    const columns = shown.filter((index) => all[index].key === 'customer_id'
      || (page.rows ?? []).some((row) => row[index] !== null && row[index] !== ''));
    const rows = page.rows ?? [];
    const { sort_by: sortBy, descending } = this.query;
    fill(byId('customers-table'),
      h('thead', {}, h('tr', {}, columns.map((index) => {
        const column = all[index];
        const sortKey = SORT_KEY[column.key] ?? column.key;
        const sorted = sortBy === sortKey;
        const numeric = NUMERIC.has(column.kind);
        return h('th', { scope: 'col', class: numeric ? 'num' : null, 'aria-sort': sorted ? (descending ? 'descending' : 'ascending') : 'none' },
          h('button', {
            type: 'button', class: 'sort-button',
            // A first click sorts numbers from the largest, text from A.
            onclick: () => this.update({ sort_by: sortKey, descending: sorted ? !descending : numeric && column.kind !== 'date', offset: 0 }),
          }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true', text: sorted ? (descending ? '▼' : '▲') : '↕' })));
      }))),
      h('tbody', {}, rows.length
        ? rows.map((row) => h('tr', {}, columns.map((index) => this.cell(all[index], row[index]))))
        : h('tr', {}, h('td', { colspan: Math.max(1, columns.length), class: 'empty', text: t('customers_none') }))));
    const { offset } = this.query;
    const total = page.total ?? rows.length;
    const first = total ? offset + 1 : 0;
    const last = offset + rows.length;
    fill(byId('customers-count'), this.query.search
      ? t('customers_found', { count: fmt.integer(total), search: this.query.search })
      : t('customers_total', { count: fmt.integer(total) }));
    fill(byId('customers-page'), t('customers_range', { first: fmt.integer(first), last: fmt.integer(last), total: fmt.integer(total) }));
    byId('customers-prev').disabled = offset === 0;
    byId('customers-next').disabled = last >= total;
  }

  cell(column, value) {
    if (value === undefined || value === null || value === '') return h('td', { class: 'muted', text: '—' });
    switch (column.kind) {
      case 'integer': return h('td', { class: 'num', text: fmt.integer(value) });
      case 'number': return h('td', { class: 'num', text: fmt.number(value, 1) });
      case 'money': return h('td', { class: 'num', text: fmt.money(value) });
      case 'date': return h('td', { class: 'num', text: fmt.date(value) });
      default: return h('td', { text: String(value) });
    }
  }
}
