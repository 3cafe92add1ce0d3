// The customer list of one segment, class or tier: a modal dialog with a
// sortable, searchable, paged table and a download of exactly that list.
// Pages are asked from the worker, so a list of 200 000 customers never
// crosses to the main thread whole.

import { h, fill, byId } from './dom.js';
import { t, tMaybe, fmt } from './i18n.js';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 200;

/** Columns in display order; only those the core returns are shown. */
const COLUMNS = [
  { key: 'customer_id', kind: 'text' },
  { key: 'name', kind: 'text' },
  { key: 'email', kind: 'text' },
  { key: 'city', kind: 'text' },
  { key: 'last_purchase', kind: 'date' },
  { key: 'recency_days', kind: 'integer' },
  { key: 'frequency', kind: 'integer' },
  { key: 'monetary', kind: 'money' },
  { key: 'rfm_code', kind: 'text' },
  { key: 'rfm_segment', kind: 'segment' },
  { key: 'abc_class', kind: 'text' },
  { key: 'value_points', kind: 'decimal' },
  { key: 'value_tier', kind: 'tier' },
];

export class CustomerList {
  /**
   * @param {(query: object) => Promise<{total: number, rows: object[]}>} fetchPage
   * @param {(filter: object, title: string) => Promise<void>} download
   * @param {(kind: string, key: string) => string} labelOf label of a segment or tier key
   */
  constructor(fetchPage, download, labelOf) {
    this.fetchPage = fetchPage;
    this.download = download;
    this.labelOf = labelOf;
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
    this.query = { filter, search: '', sort_by: 'monetary', descending: true, offset: 0, limit: PAGE_SIZE };
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
    this.render(this.lastPage);
  }

  async update(change) {
    this.query = { ...this.query, ...change };
    const generation = ++this.generation;
    let page;
    try {
      page = await this.fetchPage(this.query);
    } catch (err) {
      if (generation === this.generation) fill(byId('customers-count'), String(err.message ?? err));
      return;
    }
    // A newer query (typing fast) may have been sent meanwhile: show only the latest.
    if (generation !== this.generation) return;
    this.lastPage = page;
    this.render(page);
  }

  render(page) {
    const rows = page.rows ?? [];
    const present = COLUMNS.filter((column) => rows.some((row) => row[column.key] !== undefined && row[column.key] !== null && row[column.key] !== ''));
    const columns = present.length ? present : COLUMNS.slice(0, 1);
    const { sort_by: sortBy, descending } = this.query;
    fill(byId('customers-table'),
      h('thead', {}, h('tr', {}, columns.map((column) => {
        const sorted = sortBy === column.key;
        const numeric = column.kind !== 'text' && column.kind !== 'segment' && column.kind !== 'tier';
        return h('th', { scope: 'col', class: numeric ? 'num' : null, 'aria-sort': sorted ? (descending ? 'descending' : 'ascending') : 'none' },
          h('button', {
            type: 'button', class: 'sort-button',
            onclick: () => this.update({ sort_by: column.key, descending: sorted ? !descending : numeric, offset: 0 }),
          }, t(`customer_column.${column.key}`), h('span', { class: 'sort-mark', 'aria-hidden': 'true', text: sorted ? (descending ? '▼' : '▲') : '↕' })));
      }))),
      h('tbody', {}, rows.length
        ? rows.map((row) => h('tr', {}, columns.map((column) => this.cell(column, row[column.key]))))
        : h('tr', {}, h('td', { colspan: columns.length, class: 'empty', text: t('customers_none') }))));
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
      case 'decimal': return h('td', { class: 'num', text: fmt.number(value, 1) });
      case 'money': return h('td', { class: 'num', text: fmt.money(value) });
      case 'date': return h('td', { class: 'num', text: fmt.date(value) });
      case 'segment': return h('td', { text: this.labelOf('rfm', value) ?? tMaybe(`segment.${value}`) ?? value });
      case 'tier': return h('td', { text: this.labelOf('tier', value) ?? String(value) });
      default: return h('td', { text: String(value) });
    }
  }
}
