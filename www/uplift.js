// After a campaign: the optional campaign list picked on the mapping screen
// (the customer list downloaded before the send, with its campaign_group
// column), and the readout on the results screen: per segment, the target's
// response rate against the control's, the uplift with its 95 % interval,
// the incremental revenue and margin, the net gain and the core's verdict.

import { h, fill, byId, svgNode, columnHeads } from './dom.js';
import { t, fmt, pick } from './i18n.js';

/** The campaign-list input of the mapping screen; the file stays a handle until the analysis reads it. */
export class CampaignListPicker {
  constructor() {
    this.file = null;
    this.input = byId('campaign-input');
    this.chosen = byId('campaign-chosen');
    this.clearButton = byId('campaign-clear');
    this.input.addEventListener('change', () => {
      const [file] = this.input.files;
      if (file) this.set(file);
    });
    this.clearButton.addEventListener('click', () => {
      this.set(null);
      this.input.focus();
    });
  }

  set(file) {
    this.file = file;
    if (!file) this.input.value = '';
    this.chosen.hidden = !file;
    this.chosen.textContent = file ? `${file.name} · ${fmt.bytes(file.size)}` : '';
    this.clearButton.hidden = !file;
  }
}

/**
 * The readout table and the core's uplift chart; hidden when the analysis
 * had no campaign list.
 * @param {object | null} uplift `summary.uplift`
 * @param {string | null} chart the `uplift` SVG
 * @param {(key: string) => string} segmentLabel a segment key in the page's language
 */
export function renderUplift(uplift, chart, segmentLabel) {
  const section = byId('uplift');
  section.hidden = !uplift;
  if (!uplift) return;
  fill(byId('uplift-notes'), (pick(uplift, 'notes') ?? []).map((note) => h('li', { text: note })));
  const svg = typeof chart === 'string' ? svgNode(chart) : null;
  const figure = byId('chart-uplift');
  figure.hidden = !svg;
  fill(figure, svg, svg ? h('figcaption', { class: 'visually-hidden', text: t('uplift_chart_caption') }) : null);
  const level = fmt.percent(uplift.confidence ?? 0.95, 0);
  const row = (entry, total) => h('tr', { class: total ? 'total-row' : null, dataset: { segment: entry.segment, verdict: entry.verdict } },
    h('th', { scope: 'row', text: total ? t('uplift_overall') : segmentLabel(entry.segment) }),
    h('td', { class: 'num' }, rate(entry.target)),
    h('td', { class: 'num' }, rate(entry.control)),
    h('td', { class: 'num', text: points(entry.uplift) }),
    h('td', { class: 'num', text: typeof entry.ci_low === 'number' ? t('uplift_interval', { low: points(entry.ci_low), high: points(entry.ci_high) }) : '—' }),
    h('td', { class: 'num', text: typeof entry.relative_uplift === 'number' ? fmt.percent(entry.relative_uplift, 0) : '—' }),
    h('td', { class: 'num', text: fmt.money(entry.incremental_revenue, 0) }),
    h('td', { class: 'num', text: uplift.margin_known ? fmt.money(entry.incremental_margin, 0) : '—' }),
    h('td', { class: 'num', text: fmt.money(entry.contact_cost, 0) }),
    h('td', { class: 'num', text: fmt.money(entry.net_gain, 0) }),
    h('td', { class: `verdict verdict-${entry.verdict}`, text: pick(entry, 'verdict') ?? entry.verdict }));
  fill(byId('uplift-table'),
    h('caption', { class: 'visually-hidden', text: t('uplift_caption') }),
    columnHeads(
      t('col_segment'),
      [t('uplift_col_target'), 'num'],
      [t('uplift_col_control'), 'num'],
      [t('uplift_col_uplift'), 'num'],
      [t('uplift_col_interval', { level }), 'num'],
      [t('uplift_col_relative'), 'num'],
      [t('uplift_col_revenue'), 'num'],
      [t('uplift_col_margin'), 'num'],
      [t('uplift_col_cost'), 'num'],
      [t('uplift_col_net'), 'num'],
      t('uplift_col_verdict')),
    h('tbody', {}, (uplift.by_segment ?? []).map((entry) => row(entry, false))),
    uplift.overall ? h('tfoot', {}, row(uplift.overall, true)) : null);
}

/** A group's response rate, with its responders out of its customers below. */
function rate(group) {
  if (!group) return '—';
  return [
    h('span', { text: fmt.percent(group.response_rate, 1) }),
    h('span', { class: 'cell-sub', text: t('uplift_responders', { responders: fmt.integer(group.responders ?? 0), customers: fmt.integer(group.customers ?? 0) }) }),
  ];
}

/** A difference of two rates in percentage points. */
function points(value) {
  return typeof value === 'number' ? t('uplift_points', { value: `${value > 0 ? '+' : ''}${fmt.number(value * 100, 1)}` }) : '—';
}
