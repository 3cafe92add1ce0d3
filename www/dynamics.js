// Dynamic segmentation on the results screen: the migration matrix (from
// segment × to segment between two dates, with its method switch and the
// customer list behind every cell) and the survival table beside the
// Kaplan-Meier curves. The sentences (headlines, the inactivity suggestion,
// notes) are the core's; this module only lays them out.

import { h, fill, byId, svgNode, columnHeads } from './dom.js';
import { t, tMaybe, fmt, pick } from './i18n.js';

/** Methods in the order the switch offers them (summary keys). */
const METHOD_ORDER = ['rfm', 'abc', 'points', 'predictive'];
/**
 * `data-from` of the "new customers" row and `data-to` of the "lost" column:
 * segment keys are words, so a leading "+" never names a segment (RFM has
 * segments called `new` and `lost`).
 */
const NEW_ROW = '+new';
const LOST_COLUMN = '+lost';
/** Methods whose cells open a customer list (the core's migration filter knows them). */
const LISTED_METHODS = new Set(['rfm', 'abc', 'points', 'predictive']);
/**
 * Past this many segments a from × to table stops being readable and its
 * cells would swamp the page (the predictive groups of 2.4 million customers
 * are 977: 954,529 cells); each segment's arrivals and departures show instead.
 */
const MATRIX_MAX_SEGMENTS = 40;

/**
 * One migration view: method switch, dates, headlines, the matrix and the
 * flow chart. Used for the two-date migrations of the analysis and for a
 * comparison with a saved snapshot.
 */
export class MigrationsView {
  /**
   * @param {HTMLElement} container where the view is drawn
   * @param {object} options
   * @param {string} options.name unique name of the method radio group
   * @param {((filter: object, title: string, count: number) => void) | null} options.openList
   *   opens the customer list of a cell; `null` when the cells have no list
   * @param {boolean} [options.snapshot] the matrices compare with a saved snapshot
   *   (their lists come from that comparison)
   */
  constructor(container, { name, openList, snapshot = false }) {
    this.container = container;
    this.name = name;
    this.openList = openList;
    this.snapshot = snapshot;
    this.byMethod = {};
    this.skipped = {};
    this.charts = {};
    this.method = null;
  }

  /**
   * @param {Record<string, object>} byMethod migration outputs per method (`migrations.<method>`)
   * @param {Record<string, string>} charts SVG flow diagrams per method
   * @param {Record<string, {reason_fr: string, reason_en: string}>} [skipped] methods with no
   *   matrix and why (`migrations_skipped`): the switch offers them and shows the reason
   */
  show(byMethod, charts, skipped) {
    this.byMethod = byMethod ?? {};
    this.skipped = skipped ?? {};
    this.charts = charts ?? {};
    const methods = this.methods();
    if (!methods.includes(this.method)) this.method = methods[0] ?? null;
    this.render();
  }

  methods() {
    const known = [...Object.keys(this.byMethod), ...Object.keys(this.skipped).filter((m) => !(m in this.byMethod))];
    return [...METHOD_ORDER.filter((m) => known.includes(m)), ...known.filter((m) => !METHOD_ORDER.includes(m))];
  }

  render() {
    const migration = this.byMethod[this.method];
    const skipped = this.skipped[this.method];
    if (!migration) {
      fill(this.container, skipped ? [this.methodSwitch(), h('p', { class: 'note migration-skipped', text: pick(skipped, 'reason') })] : null);
      return;
    }
    const segments = (migration.segments ?? []).length;
    const asMatrix = segments <= MATRIX_MAX_SEGMENTS;
    const caption = asMatrix ? 'migrations_caption' : 'migrations_balance_caption';
    fill(this.container,
      this.methodSwitch(),
      h('p', { class: 'hint', text: t('migrations_dates', { from: fmt.date(migration.from_date), to: fmt.date(migration.to_date) }) }),
      h('ul', { class: 'headlines' }, (pick(migration, 'headlines') ?? []).map((line) => h('li', { text: line }))),
      asMatrix ? null : h('p', { class: 'note migration-wide', text: t('migrations_too_many', { count: fmt.integer(segments), max: MATRIX_MAX_SEGMENTS }) }),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t(caption, { method: methodLabel(this.method) }) },
        asMatrix ? this.table(migration) : this.balanceTable(migration)),
      this.openList && asMatrix ? h('p', { class: 'hint', text: t('migrations_click_hint') }) : null,
      this.chart());
  }

  /** The radio group choosing the method, when there is more than one. */
  methodSwitch() {
    const methods = this.methods();
    if (methods.length < 2) return null;
    return h('fieldset', { class: 'method-switch', id: `${this.name}-methods` },
      h('legend', { text: t('migrations_method') }),
      methods.map((method) => h('label', { class: 'method-option' },
        h('input', {
          type: 'radio', name: this.name, value: method, checked: method === this.method,
          onchange: () => { this.method = method; this.render(); this.container.querySelector(`input[value="${method}"]`)?.focus(); },
        }),
        ` ${methodLabel(method)}`)));
  }

  chart() {
    const svg = typeof this.charts[this.method] === 'string' ? svgNode(this.charts[this.method]) : null;
    if (!svg) return null;
    return h('figure', { class: 'chart' }, svg, h('figcaption', { class: 'visually-hidden', text: t('migrations_chart_caption') }));
  }

  table(migration) {
    const segments = migration.segments ?? [];
    const label = segmentLabel(migration);
    const cells = new Map((migration.matrix ?? []).map((c) => [`${c.from}\u0000${c.to}`, c]));
    const lost = new Map((migration.lost ?? []).map((l) => [l.from, l]));
    const showLost = Boolean(migration.lost_key) || (migration.lost ?? []).some((l) => l.absent > 0);
    const newCells = new Map((migration.new ?? []).map((n) => [n.to, n]));
    const newTotal = (migration.new ?? []).reduce((sum, n) => sum + n.customers, 0);
    const fromTotals = migration.from_totals ?? [];
    const toTotals = migration.to_totals ?? [];
    const method = migration.method ?? this.method;
    return h('table', { class: 'data-table compact migration-table', dataset: { method } },
      h('caption', { class: 'visually-hidden', text: t('migrations_caption', { method: methodLabel(method) }) }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('migrations_corner', { from: fmt.date(migration.from_date), to: fmt.date(migration.to_date) }) }),
        segments.map((s) => h('th', { scope: 'col', class: 'num', text: label(s.key) })),
        showLost ? h('th', { scope: 'col', class: 'num', title: t('migrations_lost_help'), text: t('migrations_lost') }) : null,
        h('th', { scope: 'col', class: 'num', text: t('migrations_total_from') }))),
      h('tbody', {},
        segments.map((from, row) => h('tr', { dataset: { from: from.key } },
          h('th', { scope: 'row', text: label(from.key) }),
          segments.map((to) => {
            const cell = cells.get(`${from.key}\u0000${to.key}`) ?? { customers: 0, revenue: null, row_share: 0 };
            return this.cell(method, from.key, to.key, cell.customers, cell.row_share, cell.revenue,
              `${label(from.key)} → ${label(to.key)}`, from.key === to.key ? 'stay' : null);
          }),
          showLost ? this.lostCell(method, migration, from.key, lost.get(from.key), fromTotals[row], label) : null,
          h('td', { class: 'num total', text: fmt.integer(fromTotals[row] ?? 0) }))),
        h('tr', { class: 'new-row', dataset: { from: NEW_ROW } },
          h('th', { scope: 'row', text: t('migrations_new') }),
          segments.map((to) => {
            const cell = newCells.get(to.key) ?? { customers: 0, revenue: null };
            return this.cell(method, null, to.key, cell.customers, newTotal ? cell.customers / newTotal : 0, cell.revenue,
              `${t('migrations_new')} → ${label(to.key)}`, 'new');
          }),
          showLost ? h('td', { class: 'num muted', text: '—' }) : null,
          h('td', { class: 'num total', text: fmt.integer(newTotal) }))),
      toTotals.length ? h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row', text: t('migrations_total_to') }),
        toTotals.map((count) => h('td', { class: 'num total', text: fmt.integer(count) })),
        showLost ? h('td', { class: 'num total', text: fmt.integer((migration.lost ?? []).reduce((sum, l) => sum + l.customers, 0)) }) : null,
        h('td', { class: 'num total', text: fmt.integer(toTotals.reduce((a, b) => a + b, 0)) }))) : null);
  }

  /** Each segment's customers before and after, arrivals, departures and new customers: the matrix's margins. */
  balanceTable(migration) {
    const label = segmentLabel(migration);
    const method = migration.method ?? this.method;
    const columns = ['before', 'after', 'inflow', 'outflow', 'new', 'net'];
    return h('table', { class: 'data-table compact migration-balance', dataset: { method } },
      h('caption', { class: 'visually-hidden', text: t('migrations_balance_caption', { method: methodLabel(method) }) }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('migrations_col_segment') }),
        columns.map((column) => h('th', { scope: 'col', class: 'num', text: t(`migrations_col_${column}`) })))),
      h('tbody', {}, (migration.by_segment ?? []).map((balance) => h('tr', { dataset: { segment: balance.segment } },
        h('th', { scope: 'row', text: label(balance.segment) }),
        columns.map((column) => h('td', { class: 'num', dataset: { column, value: String(balance[column]) }, text: fmt.integer(balance[column]) }))))));
  }

  /** The lost column: moved into the lost segment from another, or absent from the later file. */
  lostCell(method, migration, fromKey, entry, fromTotal, label) {
    const customers = entry?.customers ?? 0;
    const share = fromTotal ? customers / fromTotal : 0;
    // Customers absent from the later file have no row to list: only a pure "moved into lost" count opens a list.
    const listable = migration.lost_key && !(entry?.absent > 0) && fromKey !== migration.lost_key;
    const td = this.cell(listable ? method : null, fromKey, migration.lost_key, customers, share, null,
      `${label(fromKey)} → ${t('migrations_lost')}`, 'lost');
    td.dataset.to = LOST_COLUMN;
    if (entry?.absent > 0) td.append(h('span', { class: 'cell-sub absent', text: t('migrations_absent', { count: fmt.integer(entry.absent) }) }));
    return td;
  }

  /** One count with its row share and later-period revenue; a button opening the list when there is one. */
  cell(method, from, to, customers, rowShare, revenue, title, kind) {
    const count = fmt.integer(customers);
    const listable = this.openList && LISTED_METHODS.has(method) && customers > 0;
    const main = listable
      ? h('button', {
        type: 'button', class: 'link-button', text: count,
        'aria-label': t('migrations_open_list', { count, move: title }),
        onclick: () => this.openList({ kind: 'migration', method, from, to, ...(this.snapshot ? { snapshot: true } : {}) }, title, customers),
      })
      : h('span', { text: count });
    return h('td', { class: ['num', 'migration-cell', kind, customers ? null : 'zero'].filter(Boolean).join(' '), dataset: { from: from ?? NEW_ROW, to, customers: String(customers) } },
      main,
      customers ? h('span', { class: 'cell-sub', text: [fmt.percent(rowShare, 0), typeof revenue === 'number' ? fmt.money(revenue, 0) : null].filter(Boolean).join(' · ') }) : null);
  }
}

/** A segment key's label in the page's language (the key itself when the ladder lacks it). */
function segmentLabel(migration) {
  const labels = new Map((migration.segments ?? []).map((s) => [s.key, pick(s, 'label') ?? s.key]));
  return (key) => labels.get(key) ?? key;
}

function methodLabel(method) {
  return tMaybe(`migration_method.${method}`) ?? method;
}

/** The survival table beside the core's Kaplan-Meier chart, the log-rank test and the inactivity threshold. */
export function renderSurvival(survival, chart) {
  const section = byId('survival');
  section.hidden = !survival;
  if (!survival) return;
  fill(byId('survival-intro'), t('survival_intro', { days: fmt.integer(survival.inactivity_days) }));
  fill(byId('survival-notes'), (pick(survival, 'notes') ?? []).map((note) => h('li', { text: note })));
  const svg = typeof chart === 'string' ? svgNode(chart) : null;
  const figure = byId('chart-survival');
  figure.hidden = !svg;
  fill(figure, svg, svg ? h('figcaption', { class: 'visually-hidden', text: t('survival_chart_caption') }) : null);
  const groups = survival.groups ?? [];
  const share = (value) => (typeof value === 'number' ? fmt.percent(value, 1) : '—');
  fill(byId('survival-table'),
    h('caption', { class: 'visually-hidden', text: t('survival_caption') }),
    columnHeads(
      t('survival_col_channel'),
      [t('col_customers'), 'num'],
      [t('survival_col_events'), 'num'],
      [t('survival_col_median'), 'num'],
      [t('survival_col_s6'), 'num'],
      [t('survival_col_s12'), 'num'],
      [t('survival_col_s24'), 'num']),
    h('tbody', {}, groups.map((group) => h('tr', { class: group.kind === 'all' ? 'total-row' : null, dataset: { channel: group.channel } },
      h('th', { scope: 'row', text: pick(group, 'label') ?? group.channel }),
      h('td', { class: 'num', text: fmt.integer(group.customers ?? 0) }),
      h('td', { class: 'num', text: fmt.integer(group.events ?? 0) }),
      h('td', { class: 'num', text: typeof group.median_days === 'number' ? t('days', { count: fmt.integer(group.median_days) }) : t('survival_median_not_reached') }),
      h('td', { class: 'num', text: share(group.s_6m) }),
      h('td', { class: 'num', text: share(group.s_12m) }),
      h('td', { class: 'num', text: share(group.s_24m) })))));
  const logrank = survival.logrank;
  fill(byId('survival-logrank'), logrank
    ? t(logrank.p_value < 0.05 ? 'survival_logrank_differ' : 'survival_logrank_same', {
      statistic: fmt.number(logrank.statistic, 2), df: fmt.integer(logrank.df), p: fmt.number(logrank.p_value, 3),
    })
    : '');
  fill(byId('survival-threshold'), t('survival_threshold', { days: fmt.integer(survival.inactivity_days) }));
  fill(byId('survival-suggestion'), pick(survival, 'suggestion') ?? '');
}
