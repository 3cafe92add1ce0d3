// The settings form: built from the core's default configuration, so every
// parameter the core accepts can be set, and persisted in localStorage
// (the settings only: never the file, its columns or its data).
//
// Well-known parameters get a tailored control (a select with named
// options, a percentage, a date); any other leaf of the configuration gets
// a generic control chosen from its default value's type, so a parameter
// added to the core appears here without a change to the page.

import { h, fill } from './dom.js';
import { t, tMaybe, language, fmt } from './i18n.js';

const STORAGE_KEY = 'segmento.settings.v1';

/** Top-level sections of the configuration shown in the form, in order. */
const SECTIONS = ['rfm', 'abc', 'points', 'migrations', 'survival', 'cohorts', 'predict', 'cross', 'campaign'];

/** Keys that belong to the mapping screen or to the page, not to this form. */
const NOT_SETTINGS = new Set([
  'language',
  'input.file_name', 'input.columns', 'input.shape', 'input.sheet', 'input.delimiter',
  'input.decimal_separator', 'input.date_order', 'input.encoding',
]);

/**
 * Tailored controls. `kind`: select (with `options`), percent (a share
 * stored as 0..1, edited as 0..100), date, integer, number, list (numbers,
 * empty = automatic), optional-group (an optional object whose members are
 * edited one by one; all empty = none).
 */
const KNOWN = {
  'input.as_of': { kind: 'date' },
  'rfm.bins': { kind: 'select', options: [3, 4, 5] },
  'rfm.monetary': { kind: 'select', options: ['revenue', 'average_order_value'] },
  'rfm.thresholds': { kind: 'optional-group', members: ['recency', 'frequency', 'monetary'] },
  'abc.basis': { kind: 'select', options: ['revenue', 'margin'] },
  'abc.a_cutoff': { kind: 'percent' },
  'abc.b_cutoff': { kind: 'percent' },
  'points.window_years': { kind: 'integer', min: 1, max: 5 },
  'points.aggregation': { kind: 'select', options: ['sum', 'annual_average'] },
  'points.tiers': { kind: 'select', options: [4, 5] },
  'points.tier_thresholds': { kind: 'list' },
  'points.margin_rate': { kind: 'percent', nullable: true },
  'migrations.compare_date': { kind: 'date' },
  'survival.censoring': { kind: 'select', options: ['lapse_horizon', 'as_of'] },
  'survival.confidence': { kind: 'percent' },
  'survival.suggestion_quantile': { kind: 'percent' },
  'cohorts.period': { kind: 'select', options: ['month', 'quarter'] },
  'predict.time_unit': { kind: 'select', options: ['day', 'week', 'month'] },
  'predict.calibration_end': { kind: 'date' },
  'predict.annual_discount_rate': { kind: 'percent' },
  'predict.margin_rate': { kind: 'percent', nullable: true },
  'predict.default_margin_rate': { kind: 'percent' },
  'predict.groups.ranking': { kind: 'select', options: ['value', 'probability'] },
  'predict.groups.size': { kind: 'group-size' },
  'predict.groups.min_groups': { kind: 'integer', min: 1 },
  'cross.a_cutoff': { kind: 'percent' },
  'cross.b_cutoff': { kind: 'percent' },
  'campaign.channels': { kind: 'channels' },
  'campaign.budget': { kind: 'money', nullable: true },
  'campaign.margin_rate': { kind: 'percent', nullable: true },
  'campaign.segment_by': { kind: 'select', options: ['rfm', 'predictive_group', 'abc_class'] },
};

/**
 * Technical parameters: shown under "Advanced" at the end of their group,
 * so the first view holds what a marketer changes.
 */
const ADVANCED = new Set([
  'rfm.thresholds',
  'migrations.min_flow_customers', 'migrations.headline_flows',
  'survival.censoring', 'survival.confidence', 'survival.min_group_customers',
  'survival.suggestion_quantile', 'survival.max_curve_points',
  'cohorts.max_periods', 'cohorts.max_cohorts',
  'predict.l2_penalty', 'predict.min_repeat_customers', 'predict.spend_correlation_warning',
  'predict.default_margin_rate',
]);

/**
 * Values renamed since a version that may have saved them: the core reads
 * the old name too, but the form's select only knows the new one.
 */
const RENAMED_VALUES = {
  'campaign.segment_by': { value_tier: 'abc_class' },
};

/** Parameters left to the JSON configuration file (too rare for a form). */
const CONFIG_FILE_ONLY = new Set(['rfm.segment_overrides', 'points.tier_labels']);

/** Paths whose value is not kept across visits: they describe one file. */
const PER_FILE = new Set(['input.as_of']);

export class SettingsForm {
  /**
   * @param {HTMLElement} container where the fields go
   * @param {object} defaults the core's `default_config()`
   * @param {() => void} onChange called after any edit
   */
  constructor(container, defaults, onChange) {
    this.container = container;
    this.defaults = structuredClone(defaults);
    this.onChange = onChange;
    this.values = structuredClone(defaults);
    this.restore();
  }

  /** The configuration to send to the core (defaults plus edits). */
  config() {
    return structuredClone(this.values);
  }

  /** How many settings differ from the defaults. */
  changedCount() {
    return diffPaths(this.defaults, this.values).length;
  }

  /** Back to the core's defaults (and forget the saved ones). */
  reset() {
    this.values = structuredClone(this.defaults);
    try { localStorage.removeItem(STORAGE_KEY); } catch { /* storage may be disabled */ }
    this.render();
    this.onChange?.();
  }

  /** Loads the saved edits, ignoring any that no longer fit the defaults. */
  restore() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    } catch {
      saved = null;
    }
    if (!saved || typeof saved !== 'object') return;
    for (const [path, value] of Object.entries(saved)) {
      if (PER_FILE.has(path) || NOT_SETTINGS.has(path)) continue;
      const current = getPath(this.defaults, path);
      if (current === undefined) continue;
      if (current !== null && value !== null && typeof current !== typeof value) continue;
      if (Array.isArray(current) !== Array.isArray(value)) continue;
      setPath(this.values, path, structuredClone(RENAMED_VALUES[path]?.[value] ?? value));
    }
  }

  save() {
    const edits = {};
    for (const path of diffPaths(this.defaults, this.values)) {
      if (!PER_FILE.has(path)) edits[path] = getPath(this.values, path);
    }
    try {
      if (Object.keys(edits).length) localStorage.setItem(STORAGE_KEY, JSON.stringify(edits));
      else localStorage.removeItem(STORAGE_KEY);
    } catch { /* storage may be disabled: settings then last for the visit */ }
  }

  /** Says which date the as-of date defaults to, once an analysis has found it. */
  setAsOfHint(isoDate) {
    this.asOfHint = isoDate;
    const help = this.container.querySelector('#setting-input-as_of-help');
    if (help) help.textContent = isoDate ? `${t('setting_help.input.as_of')} ${t('setting_as_of_default', { date: fmt.date(isoDate) })}` : t('setting_help.input.as_of');
  }

  /** Marks the field named by a core error such as `invalid setting rfm.bins: ...`. */
  showError(path, message) {
    this.clearErrors();
    const input = this.container.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (!input) return false;
    input.setAttribute('aria-invalid', 'true');
    const error = h('p', { class: 'field-error', id: `error-${input.id}`, text: message });
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${error.id}`.trim());
    input.closest('.field')?.append(error);
    input.closest('details')?.setAttribute('open', '');
    input.focus();
    return true;
  }

  clearErrors() {
    for (const el of this.container.querySelectorAll('.field-error')) el.remove();
    for (const el of this.container.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  render() {
    const groups = [];
    const asOf = getPath(this.defaults, 'input.as_of');
    if (asOf !== undefined) {
      groups.push(this.group('general', [this.field('input.as_of', asOf)]));
    }
    for (const section of SECTIONS) {
      const value = this.defaults[section];
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      const fields = this.leaves(section, value);
      if (fields.length) groups.push(this.group(section, fields));
    }
    fill(this.container, groups);
    if (this.asOfHint) this.setAsOfHint(this.asOfHint);
  }

  group(section, fields) {
    const title = tMaybe(`settings_group_${section}`) ?? section;
    // A long group (the points scales) takes the whole width, its fields in columns.
    const wide = fields.length > 5 || fields.some((field) => field.classList?.contains('field-wide'));
    return h('fieldset', { class: wide ? 'settings-group wide' : 'settings-group' }, h('legend', { text: title }), fields);
  }

  /** One control per leaf of the defaults under `prefix`, recursing into objects. */
  leaves(prefix, value) {
    // Simple fields first, then nested groups and tables (they are taller).
    const fields = [];
    const nestedFields = [];
    const advancedFields = [];
    for (const [key, child] of Object.entries(value)) {
      const path = `${prefix}.${key}`;
      if (NOT_SETTINGS.has(path) || CONFIG_FILE_ONLY.has(path)) continue;
      const isPlainObject = child && typeof child === 'object' && !Array.isArray(child);
      const target = ADVANCED.has(path) ? advancedFields : null;
      if (KNOWN[path]?.kind === 'optional-group') {
        (target ?? nestedFields).push(this.optionalGroup(path, KNOWN[path].members));
      } else if (isPlainObject && !KNOWN[path]) {
        const nested = this.leaves(path, child);
        if (nested.length) {
          nestedFields.push(h('fieldset', { class: 'settings-subgroup' },
            h('legend', { text: labelFor(path) }), nested));
        }
      } else {
        (target ?? fields).push(this.field(path, child));
      }
    }
    const advanced = advancedFields.length
      ? h('details', { class: 'settings-advanced' }, h('summary', { text: t('settings_advanced') }), h('div', { class: 'settings-advanced-body' }, advancedFields))
      : null;
    return [...fields, ...nestedFields, advanced].filter(Boolean);
  }

  field(path, defaultValue) {
    const id = `setting-${path.replaceAll('.', '-')}`;
    const known = KNOWN[path];
    const value = getPath(this.values, path);
    const help = tMaybe(`setting_help.${path}`);
    const helpId = help ? `${id}-help` : null;
    let control;

    if (known?.kind === 'channels') {
      return this.channelsField(path, id, value ?? defaultValue, help);
    }

    if (Array.isArray(defaultValue) && defaultValue.length && typeof defaultValue[0] === 'object') {
      return this.tableField(path, id, value ?? defaultValue, help);
    }

    if (known?.kind === 'group-size') {
      return this.groupSizeField(path, id, value ?? defaultValue, help);
    }

    if (known?.kind === 'money') {
      control = h('input', { id, type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: value ?? '', placeholder: t('setting_none') });
      control.addEventListener('change', () => this.update(path, control.value === '' ? null : Number(control.value)));
    } else if (known?.kind === 'select') {
      control = h('select', { id }, known.options.map((option) =>
        h('option', { value: String(option), selected: String(option) === String(value) },
          tMaybe(`setting_option.${path}.${option}`) ?? String(option))));
      control.addEventListener('change', () => this.update(path, typeof known.options[0] === 'number' ? Number(control.value) : control.value));
    } else if (known?.kind === 'date' || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      control = h('input', { id, type: 'date', value: value ?? '' });
      control.addEventListener('change', () => this.update(path, control.value || null));
    } else if (known?.kind === 'percent') {
      control = h('input', { id, type: 'number', min: 0, max: 100, step: 'any', inputmode: 'decimal', value: value == null ? '' : roundForInput(value * 100), placeholder: known.nullable ? t('setting_auto') : null });
      control.addEventListener('change', () => this.update(path, control.value === '' ? (known.nullable ? null : defaultValue) : Number(control.value) / 100));
    } else if (typeof defaultValue === 'boolean') {
      control = h('input', { id, type: 'checkbox', checked: Boolean(value) });
      control.addEventListener('change', () => this.update(path, control.checked));
    } else if (typeof defaultValue === 'number') {
      const integer = known?.kind === 'integer' || Number.isInteger(defaultValue);
      control = h('input', { id, type: 'number', step: integer ? 1 : 'any', min: known?.min, max: known?.max, inputmode: integer ? 'numeric' : 'decimal', value: value ?? '' });
      control.addEventListener('change', () => this.update(path, control.value === '' ? defaultValue : Number(control.value)));
    } else if (known?.kind === 'list' || Array.isArray(defaultValue) || defaultValue === null) {
      // A list of numbers (thresholds), or an optional value whose absence means "automatic".
      control = h('input', { id, type: 'text', value: formatList(value), placeholder: t('setting_auto'), inputmode: 'decimal', spellcheck: 'false' });
      control.addEventListener('change', () => this.update(path, parseList(control.value, defaultValue, known?.kind === 'list')));
    } else {
      control = h('input', { id, type: 'text', value: value ?? '' });
      control.addEventListener('change', () => this.update(path, control.value));
    }
    control.dataset.path = path;
    if (helpId) control.setAttribute('aria-describedby', helpId);
    const isCheckbox = control.type === 'checkbox';
    return h('div', { class: isCheckbox ? 'field field-check' : 'field' },
      h('label', { for: id, text: labelFor(path) + (known?.kind === 'percent' ? ' (%)' : '') }),
      control,
      help ? h('p', { class: 'field-help', id: helpId, text: help }) : null);
  }

  /**
   * An optional object of optional number lists, such as custom RFM
   * thresholds: one list field per member; when every member is empty the
   * whole object goes back to `null` (automatic).
   */
  optionalGroup(path, members) {
    const fields = members.map((member) => {
      const memberPath = `${path}.${member}`;
      const id = `setting-${memberPath.replaceAll('.', '-')}`;
      const value = getPath(this.values, memberPath) ?? null;
      const input = h('input', { id, type: 'text', value: formatList(value), placeholder: t('setting_auto'), inputmode: 'decimal', spellcheck: 'false', dataset: { path: memberPath } });
      input.addEventListener('change', () => {
        const next = { ...(getPath(this.values, path) ?? {}) };
        next[member] = parseList(input.value, null, true);
        const empty = members.every((m) => next[m] === null || next[m] === undefined);
        this.update(path, empty ? null : next);
      });
      return h('div', { class: 'field' }, h('label', { for: id, text: labelFor(memberPath) }), input);
    });
    const help = tMaybe(`setting_help.${path}`);
    return h('fieldset', { class: 'settings-subgroup' },
      h('legend', { text: labelFor(path) }),
      help ? h('p', { class: 'field-help', text: help }) : null,
      fields);
  }

  /**
   * The campaign channels: one row per channel with its name in the page's
   * language, its cost per contact and its response multiplier; channels
   * can be added and removed (one at least). The key is kept (a new
   * channel gets `canal-2`, `canal-3`…).
   */
  channelsField(path, id, rows, help) {
    const lang = language();
    const edit = (change, focusSelector) => {
      const next = structuredClone(getPath(this.values, path) ?? []);
      change(next);
      this.update(path, next);
      this.render();
      this.container.querySelector(focusSelector ?? `[data-path="${CSS.escape(path)}"] button`)?.focus();
    };
    const number = (row, index, column, step, label) => {
      const input = h('input', { type: 'number', min: 0, step, inputmode: 'decimal', value: row[column] ?? '', 'aria-label': label, dataset: { column } });
      input.addEventListener('change', () => edit((next) => {
        next[index][column] = input.value === '' ? 0 : Number(input.value);
      }, `[data-path="${CSS.escape(path)}"] tbody tr:nth-child(${index + 1}) input[data-column="${column}"]`));
      return input;
    };
    const table = h('table', { class: 'data-table compact scale-table channels-table', id },
      h('caption', { text: labelFor(path) }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('setting_channel_name') }),
        h('th', { scope: 'col', class: 'num', text: t('setting_column.cost_per_contact') }),
        h('th', { scope: 'col', class: 'num', text: t('setting_column.response_multiplier') }),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('setting_row_actions') })))),
      h('tbody', {}, rows.map((row, index) => {
        const name = row[`label_${lang}`] ?? row.key;
        const nameInput = h('input', { type: 'text', value: name, 'aria-label': t('setting_channel_name_of', { n: index + 1 }), dataset: { column: 'label' } });
        nameInput.addEventListener('change', () => edit((next) => {
          next[index][`label_${lang}`] = nameInput.value.trim() || next[index].key;
        }, `[data-path="${CSS.escape(path)}"] tbody tr:nth-child(${index + 1}) input[data-column="label"]`));
        return h('tr', { dataset: { channel: row.key } },
          h('td', {}, nameInput),
          h('td', { class: 'num' }, number(row, index, 'cost_per_contact', 0.01, t('setting_channel_cost_of', { name }))),
          h('td', { class: 'num' }, number(row, index, 'response_multiplier', 0.1, t('setting_channel_multiplier_of', { name }))),
          h('td', {}, h('button', {
            type: 'button', class: 'button ghost small', text: '×',
            'aria-label': t('setting_channel_remove', { name }),
            disabled: rows.length <= 1,
            onclick: () => edit((next) => next.splice(index, 1)),
          })));
      })));
    const add = h('button', {
      type: 'button', class: 'button ghost small', text: t('setting_channel_add'),
      onclick: () => edit((next) => next.push({
        key: uniqueKey(next.map((r) => r.key), 'canal'),
        label_fr: 'nouveau canal',
        label_en: 'new channel',
        cost_per_contact: 1,
        response_multiplier: 1,
      }), `[data-path="${CSS.escape(path)}"] tbody tr:last-child input`),
    });
    return h('div', { class: 'field field-wide', dataset: { path } },
      h('div', { class: 'table-wrap' }, table),
      add,
      help ? h('p', { class: 'field-help', text: help }) : null);
  }

  /**
   * How predictive groups are cut: `{"target_size": N}` or `{"count": N}`,
   * edited as a choice of rule and its number.
   */
  groupSizeField(path, id, value, help) {
    const rule = 'count' in (value ?? {}) ? 'count' : 'target_size';
    const ruleId = `${id}-rule`;
    const numberId = `${id}-value`;
    const select = h('select', { id: ruleId, dataset: { path } }, ['target_size', 'count'].map((option) =>
      h('option', { value: option, selected: option === rule }, labelFor(`${path}.${option}`))));
    const input = h('input', { id: numberId, type: 'number', min: 1, step: 1, inputmode: 'numeric', value: value?.[rule] ?? '' });
    const commit = () => {
      const number = Math.max(1, Math.round(Number(input.value) || (select.value === 'count' ? 4 : 2500)));
      this.update(path, { [select.value]: number });
    };
    select.addEventListener('change', commit);
    input.addEventListener('change', commit);
    return h('div', { class: 'field' },
      h('label', { for: ruleId, text: labelFor(path) }),
      select,
      h('label', { for: numberId, class: 'visually-hidden', text: labelFor(`${path}.${rule}`) }),
      input,
      help ? h('p', { class: 'field-help', text: help }) : null);
  }

  /** An array of objects (e.g. the bands of a points scale) as a small editable table. */
  tableField(path, id, rows, help) {
    const template = getPath(this.defaults, path)?.[0] ?? rows[0] ?? {};
    const columns = Object.keys(template);
    const columnLabel = (column) => tMaybe(`setting_column.${column}`) ?? column;
    const edit = (change) => {
      const next = structuredClone(getPath(this.values, path) ?? []);
      change(next);
      this.update(path, next);
      this.render();
      this.container.querySelector(`[data-path="${CSS.escape(path)}"] button, [data-path="${CSS.escape(path)}"] input`)?.focus();
    };
    const table = h('table', { class: 'data-table compact scale-table', id },
      h('caption', { text: labelFor(path) }),
      h('thead', {}, h('tr', {},
        columns.map((column) => h('th', { scope: 'col', text: columnLabel(column) })),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('setting_row_actions') })))),
      h('tbody', {}, rows.map((row, index) => h('tr', {},
        columns.map((column) => {
          const cell = row[column];
          const label = `${labelFor(path)}, ${index + 1}, ${columnLabel(column)}`;
          let input;
          if (typeof template[column] === 'boolean') {
            input = h('input', { type: 'checkbox', checked: Boolean(cell), 'aria-label': label });
            input.addEventListener('change', () => edit((next) => { next[index][column] = input.checked; }));
          } else {
            const numeric = typeof template[column] === 'number' || template[column] === null;
            input = h('input', { type: numeric ? 'number' : 'text', step: 'any', value: cell ?? '', placeholder: cell === null ? '∞' : null, 'aria-label': label });
            input.addEventListener('change', () => edit((next) => {
              const raw = input.value.trim();
              next[index][column] = numeric ? (raw === '' ? null : Number(raw)) : raw;
            }));
          }
          return h('td', {}, input);
        }),
        h('td', {}, h('button', {
          type: 'button', class: 'button ghost small', text: '×',
          'aria-label': t('setting_remove_row', { n: index + 1 }),
          disabled: rows.length <= 1,
          onclick: () => edit((next) => next.splice(index, 1)),
        }))))));
    const add = h('button', {
      type: 'button', class: 'button ghost small', text: t('setting_add_row'),
      onclick: () => edit((next) => next.push(structuredClone(next.at(-1) ?? template))),
    });
    return h('div', { class: 'field field-wide', dataset: { path } },
      h('div', { class: 'table-wrap' }, table),
      add,
      help ? h('p', { class: 'field-help', text: help }) : null);
  }


  update(path, value) {
    setPath(this.values, path, value);
    this.clearErrors();
    this.save();
    this.onChange?.();
  }
}

/** `base-2`, `base-3`…: the first not in `taken`. */
function uniqueKey(taken, base) {
  let n = 2;
  while (taken.includes(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

function labelFor(path) {
  const key = path.split('.').pop();
  return tMaybe(`setting.${path}`) ?? tMaybe(`setting_key.${key}`) ?? humanize(key);
}

function humanize(key) {
  const words = key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function roundForInput(value) {
  return Math.round(value * 1e6) / 1e6;
}

function formatList(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(language() === 'fr' ? ' ; ' : ', ');
  return String(value);
}

/**
 * Parses "10 ; 20 ; 50" (or "10, 20, 50" with dot decimals) back into
 * numbers. Empty gives the default (or null for optional lists).
 */
function parseList(text, defaultValue, alwaysList = false) {
  const trimmed = text.trim();
  if (!trimmed) return Array.isArray(defaultValue) ? defaultValue : null;
  const parts = trimmed.includes(';') ? trimmed.split(';') : trimmed.split(/[,\s]+/);
  const numbers = parts
    .map((part) => part.replace(/\s/g, '').replace(',', '.'))
    .filter((part) => part !== '')
    .map(Number)
    .filter((n) => !Number.isNaN(n));
  if (!alwaysList && !Array.isArray(defaultValue) && numbers.length === 1) return numbers[0];
  return numbers;
}

export function getPath(object, path) {
  let value = object;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[key];
  }
  return value;
}

export function setPath(object, path, value) {
  const keys = path.split('.');
  let target = object;
  for (const key of keys.slice(0, -1)) {
    if (target[key] === null || typeof target[key] !== 'object') target[key] = {};
    target = target[key];
  }
  target[keys.at(-1)] = value;
}

/** Leaf paths (arrays count as leaves) where `b` differs from `a`. */
export function diffPaths(a, b, prefix = '') {
  const paths = [];
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const x = a?.[key];
    const y = b?.[key];
    const xObject = x && typeof x === 'object' && !Array.isArray(x);
    const yObject = y && typeof y === 'object' && !Array.isArray(y);
    if (xObject && yObject) paths.push(...diffPaths(x, y, path));
    else if (JSON.stringify(x) !== JSON.stringify(y)) paths.push(path);
  }
  return paths;
}
