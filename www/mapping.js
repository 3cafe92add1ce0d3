// The mapping check: what was detected in the file, the role of each
// column, and the first rows as the core will read them.

import { h, fill, byId } from './dom.js';
import { t, tMaybe, fmt, language } from './i18n.js';

/** Roles per file shape, required ones first. */
const ROLES = {
  orders: {
    required: ['customer_id', 'order_date', 'amount'],
    optional: ['order_id', 'margin', 'quantity', 'channel'],
  },
  customers: {
    required: ['customer_id', 'last_purchase', 'order_count', 'total_amount'],
    optional: ['first_purchase', 'total_margin', 'channel'],
  },
};
const ATTRIBUTES = ['name', 'email', 'postcode', 'city', 'birth_date', 'age', 'sex'];
const MONEY_ROLES = new Set(['amount', 'margin', 'total_amount', 'total_margin']);

const ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-15', 'utf-16le', 'utf-16be'];
const DELIMITERS = [';', ',', '\t', '|'];
const DECIMALS = [',', '.'];
const DATE_ORDERS = ['day_first', 'month_first', 'year_first'];
const SHAPES = ['orders', 'customers'];

export class MappingView {
  /**
   * @param {(options: object) => void} onOptionsChange asks for a new
   *   preview with these ingestion options
   */
  constructor(onOptionsChange) {
    this.onOptionsChange = onOptionsChange;
    this.preview = null;
    this.options = {};
    this.file = null;
  }

  /** Shows a preview computed with `options` for `file`. */
  show(file, preview, options) {
    this.file = file;
    this.preview = preview;
    this.options = structuredClone(options);
    this.render();
  }

  /** Required roles that no column fills. */
  missingRoles() {
    if (!this.preview) return [];
    const required = ROLES[this.shape()].required;
    const fromCore = (this.preview.missing ?? []).filter((role) => !this.isMapped(role));
    const mine = required.filter((role) => !this.isMapped(role));
    return [...new Set([...fromCore, ...mine])];
  }

  shape() {
    return this.preview?.shape === 'customers' ? 'customers' : 'orders';
  }

  isMapped(role) {
    const header = this.preview?.columns?.[role];
    return typeof header === 'string' && header !== '';
  }

  render() {
    if (!this.preview) return;
    fill(byId('mapping-file'), `${this.file.name} · ${fmt.bytes(this.file.size)}`);
    this.renderDialect();
    this.renderNotes();
    this.renderRoles();
    this.renderTable();
  }

  renderDialect() {
    const p = this.preview;
    const isText = p.format === 'csv' || p.format === 'text';
    const rows = [
      this.readOnly('dialect_format', tMaybe(`format.${p.format}`) ?? p.format.toUpperCase()),
    ];
    if (p.sheets?.length > 1) {
      rows.push(this.choice('sheet', 'dialect_sheet', p.sheets, p.sheet, (v) => v, false));
    } else if (p.sheet) {
      rows.push(this.readOnly('dialect_sheet', p.sheet));
    }
    if (isText) {
      rows.push(this.choice('encoding', 'dialect_encoding', ENCODINGS, p.encoding, (v) => tMaybe(`encoding.${v}`) ?? v));
      rows.push(this.choice('delimiter', 'dialect_delimiter', DELIMITERS, p.delimiter, (v) => t(`delimiter.${delimiterKey(v)}`)));
    }
    rows.push(this.choice('decimal_separator', 'dialect_decimal', DECIMALS, p.decimal_separator, (v) => t(v === ',' ? 'decimal.comma' : 'decimal.dot')));
    rows.push(this.choice('date_order', 'dialect_date_order', DATE_ORDERS, p.date_order, (v) => t(`date_order.${v}`),
      true, p.date_order_assumed ? t('date_order_assumed') : null));
    rows.push(this.choice('shape', 'dialect_shape', SHAPES, p.shape, (v) => t(`shape.${v}`)));
    fill(byId('dialect'), h('dl', { class: 'dialect-list' }, rows));
  }

  readOnly(labelKey, value) {
    return h('div', { class: 'dialect-row' }, h('dt', { text: t(labelKey) }), h('dd', {}, h('span', { class: 'dialect-value', text: value })));
  }

  /**
   * A select for one ingestion option: "automatic (detected: X)" first,
   * then each explicit value. `detected` is what the core saw.
   */
  choice(option, labelKey, values, detected, label, withAuto = true, note = null) {
    const id = `option-${option}`;
    const current = this.options[option] ?? '';
    const select = h('select', { id, dataset: { option } },
      withAuto ? h('option', { value: '', selected: current === '' }, t('auto_detected', { value: detected == null ? '—' : label(detected) })) : null,
      values.map((value) => h('option', { value, selected: current === value || (!withAuto && detected === value) }, label(value))));
    select.addEventListener('change', () => {
      const next = structuredClone(this.options);
      if (select.value === '') delete next[option];
      else next[option] = select.value;
      // A new shape changes which roles exist: let the core guess again.
      if (option === 'shape' || option === 'sheet') delete next.columns;
      this.onOptionsChange(next);
    });
    const noteId = note ? `${id}-note` : null;
    if (noteId) select.setAttribute('aria-describedby', noteId);
    return h('div', { class: 'dialect-row' },
      h('dt', {}, h('label', { for: id, text: t(labelKey) })),
      h('dd', {}, select, note ? h('p', { class: 'field-help warn', id: noteId, text: note }) : null));
  }

  renderNotes() {
    const notes = this.preview.notes ?? [];
    // Core notes come in both languages ({key, fr, en}).
    fill(byId('preview-notes'), notes.map((note) => h('li', { text: typeof note === 'string' ? note : note[language()] ?? note.en })));
  }

  renderRoles() {
    const roles = ROLES[this.shape()];
    const headers = this.preview.headers ?? [];
    const missing = new Set(this.missingRoles());
    const row = (role, required) => {
      const id = `role-${role}`;
      const current = this.preview.columns?.[role] ?? '';
      const select = h('select', { id, dataset: { role }, 'aria-required': required ? 'true' : null, 'aria-invalid': missing.has(role) ? 'true' : null },
        h('option', { value: '', selected: current === '' }, required ? t('role_choose') : t('role_unused')),
        headers.map((header, index) => h('option', { value: header, selected: header === current }, header === '' ? t('column_n', { n: index + 1 }) : header)));
      select.addEventListener('change', () => this.assign(role, select.value));
      return h('div', { class: missing.has(role) ? 'role missing' : 'role' },
        h('label', { for: id }, t(`role.${role}`), required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
        select);
    };
    fill(byId('roles'),
      h('div', { class: 'role-group' }, roles.required.map((role) => row(role, true))),
      h('details', { class: 'role-more', open: roles.optional.some((r) => this.isMapped(r)) || ATTRIBUTES.some((r) => this.isMapped(r)) },
        h('summary', { text: t('roles_optional') }),
        h('div', { class: 'role-group' }, [...roles.optional, ...ATTRIBUTES].map((role) => row(role, false)))));
    const missingEl = byId('roles-missing');
    if (missing.size) {
      missingEl.hidden = false;
      missingEl.textContent = t('roles_missing', { roles: [...missing].map((role) => t(`role.${role}`)).join(', ') });
    } else {
      missingEl.hidden = true;
      missingEl.textContent = '';
    }
  }

  /** Gives `header` to `role`, taking it from any other role that had it. */
  assign(role, header) {
    const columns = { ...(this.preview.columns ?? {}), ...(this.options.columns ?? {}) };
    if (header !== '') {
      for (const [other, otherHeader] of Object.entries(columns)) {
        if (other !== role && otherHeader === header) columns[other] = '';
      }
    }
    columns[role] = header;
    this.onOptionsChange({ ...structuredClone(this.options), columns });
  }

  renderTable() {
    const roles = ROLES[this.shape()];
    const shown = [...roles.required, ...roles.optional, ...ATTRIBUTES].filter((role) => this.isMapped(role));
    const rows = this.preview.rows ?? [];
    const table = byId('preview-table');
    if (!rows.length) {
      fill(table, h('caption', { class: 'empty', text: t('preview_empty') }));
      return;
    }
    fill(table,
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num', text: t('preview_line') }),
        shown.map((role) => h('th', { scope: 'col' },
          h('span', { class: 'th-role', text: t(`role.${role}`) }),
          h('span', { class: 'th-header', text: this.preview.columns[role] }))))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('td', { class: 'num muted', text: fmt.integer(row.line) }),
        shown.map((role) => this.cell(role, row.cells?.[role]))))));
  }

  cell(role, cell) {
    if (!cell) return h('td', { class: 'muted', text: '' });
    if (cell.error) {
      return h('td', { class: 'cell-error' },
        h('span', { class: 'cell-raw', text: cell.raw === '' ? t('preview_empty_cell') : cell.raw }),
        h('span', { class: 'cell-message', text: cell.error }));
    }
    const value = cell.value;
    let shown;
    let numeric = false;
    if (value === null || value === undefined) {
      shown = h('span', { class: 'muted', text: cell.raw === '' ? '—' : cell.raw });
    } else if (typeof value === 'number') {
      numeric = true;
      shown = MONEY_ROLES.has(role) ? fmt.money(value) : fmt.number(value);
    } else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && cell.raw !== value) {
      shown = fmt.date(value);
    } else {
      shown = String(value);
    }
    const showRaw = (typeof value === 'number' || (typeof value === 'string' && value !== cell.raw)) && cell.raw !== '';
    return h('td', { class: numeric ? 'num' : null },
      h('span', { class: 'cell-value' }, shown),
      showRaw ? h('span', { class: 'cell-raw', text: cell.raw }) : null);
  }
}

function delimiterKey(value) {
  return { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' }[value] ?? 'other';
}
