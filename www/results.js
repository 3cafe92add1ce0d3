// The results screen: KPIs, row accounting, the RFM map and segments, the
// ABC curve and classes, the points tiers. Reads the core's summary (the
// same object as `summary.json`) and its SVG charts.

import { h, fill, byId, svgNode, columnHeads } from './dom.js';
import { t, tMaybe, fmt, pick, language } from './i18n.js';
import { PredictView, PREDICT_CHARTS } from './predict.js';

/** Sections of the second phase (forecasts and dynamics), with the key of their title. */
const PENDING_SECTIONS = [
  ['forecast', 'forecast_title'],
  ['cross', 'cross_title'],
  ['campaign', 'campaign_title'],
  ['migrations', 'migrations_title'],
  ['survival', 'survival_title'],
  ['cohorts', 'chart_title.cohorts'],
];

export class ResultsView {
  /**
   * @param {(filter: {kind: string, key: string}, title: string, count: number) => void} openList
   *   opens the customer list of a segment, class or tier
   */
  constructor(openList) {
    this.openList = openList;
    this.predict = new PredictView(byId('predict-sections'), byId('toc'), openList);
    this.summary = null;
    this.charts = null;
    this.file = null;
    byId('skipped-toggle').addEventListener('click', () => this.toggleSkipped());
    for (const id of ['chart-rfm', 'chart-abc', 'chart-points']) {
      byId(id).addEventListener('click', (event) => this.chartClick(event));
    }
  }

  show(file, summary, charts) {
    this.analysesFailure = false;
    this.file = file;
    this.summary = summary;
    this.charts = charts ?? {};
    this.render();
  }

  /**
   * The second phase is done: its sections replace the "computing…" cards;
   * the segments above are left as they are (focus and open panels too).
   */
  showAnalyses(summary, charts) {
    this.summary = summary;
    this.charts = charts ?? {};
    this.predict.render(summary, this.charts);
    this.renderExtraCharts();
    this.renderPending(summary);
    updateToc();
  }

  /** Re-renders in the current language (charts given anew by the core). */
  relabel(charts) {
    if (!this.summary) return;
    if (charts) this.charts = charts;
    this.render();
  }

  render() {
    const s = this.summary;
    this.renderMeta(s);
    this.renderKpis(s);
    this.renderSkipped(s);
    this.renderNotes(s);
    this.renderRfm(s.rfm);
    this.renderAbc(s.abc);
    this.renderPoints(s.points);
    this.predict.render(s, this.charts);
    this.renderExtraCharts();
    this.renderPending(s);
    updateToc();
    for (const [id, section] of [['rfm-notes', s.rfm], ['abc-notes', s.abc], ['points-notes', s.points]]) {
      fill(byId(id), (section?.notes ?? []).map((note) => h('li', { text: noteText(note) })));
    }
  }

  renderMeta(s) {
    const parts = [this.file?.name ?? s.input?.file_name ?? ''];
    if (s.as_of) parts.push(t('results_as_of', { date: fmt.date(s.as_of) }));
    const input = s.input ?? {};
    const format = input.format ? (tMaybe(`format.${input.format}`) ?? input.format.toUpperCase()) : null;
    if (format) parts.push(format);
    fill(byId('results-meta'), parts.filter(Boolean).join(' · '));
  }

  renderKpis(s) {
    const rows = s.rows ?? {};
    const skipped = skippedTotal(rows);
    const revenue = s.revenue_total ?? 0;
    const customers = s.customers ?? 0;
    setKpi('kpi-customers', customers, fmt.integer(customers));
    fill(byId('kpi-customers-sub'), customers > 0 ? t('kpi_revenue_per_customer', { value: fmt.money(revenue / customers) }) : '');
    setKpi('kpi-revenue', revenue, fmt.money(revenue, 0));
    fill(byId('kpi-revenue-sub'), s.as_of ? t('kpi_as_of', { date: fmt.date(s.as_of) }) : '');
    setKpi('kpi-rows-used', rows.used ?? 0, fmt.integer(rows.used ?? 0));
    fill(byId('kpi-rows-read'), t('kpi_rows_read', { count: fmt.integer(rows.read ?? 0) }));
    setKpi('kpi-rows-skipped', skipped, fmt.integer(skipped));
    const toggle = byId('skipped-toggle');
    toggle.hidden = skipped === 0;
    byId('kpi-skipped-none').hidden = skipped !== 0;
    toggle.textContent = t(byId('skipped-panel').hidden ? 'skipped_show' : 'skipped_hide');
  }

  toggleSkipped() {
    const panel = byId('skipped-panel');
    panel.hidden = !panel.hidden;
    const toggle = byId('skipped-toggle');
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    toggle.textContent = t(panel.hidden ? 'skipped_show' : 'skipped_hide');
    if (!panel.hidden) panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  renderSkipped(s) {
    const rows = s.rows ?? {};
    const reasons = Object.entries(rows.skipped ?? {}).filter(([, count]) => count > 0);
    const body = byId('skipped-body');
    if (!reasons.length) {
      byId('skipped-panel').hidden = true;
      fill(body, h('p', { text: t('skipped_none') }));
      return;
    }
    fill(body,
      h('p', { class: 'hint', text: t('skipped_intro', { read: fmt.integer(rows.read ?? 0), used: fmt.integer(rows.used ?? 0) }) }),
      reasons.map(([reason, count]) => {
        const examples = rows.examples?.[reason] ?? [];
        return h('div', { class: 'skip-reason', dataset: { reason } },
          h('h3', {}, h('span', { text: tMaybe(`skip.${reason}`) ?? reason }), ' ', h('span', { class: 'badge', text: fmt.integer(count) })),
          tMaybe(`skip_help.${reason}`) ? h('p', { class: 'hint', text: t(`skip_help.${reason}`) }) : null,
          examples.length ? h('table', { class: 'data-table compact' },
            h('caption', { class: 'visually-hidden', text: t('skipped_examples_caption', { reason: tMaybe(`skip.${reason}`) ?? reason }) }),
            columnHeads(
              [t('preview_line'), 'num'],
              t('skipped_column'),
              t('skipped_value')),
            h('tbody', {}, examples.map((example) => h('tr', {},
              h('td', { class: 'num', text: fmt.integer(example.line) }),
              h('td', { text: example.column ?? '—' }),
              h('td', {}, h('code', { text: example.value === '' ? t('preview_empty_cell') : example.value })))))) : null);
      }));
  }

  renderNotes(s) {
    const notes = [...(s.input?.notes ?? []), ...(s.notes ?? [])].map(noteText);
    if (s.input?.date_order_assumed) notes.unshift(t('date_order_assumed'));
    fill(byId('result-notes'), notes.map((note) => h('li', { text: note })));
    const box = byId('result-notes-box');
    box.hidden = notes.length === 0;
    // An assumed date order can change every result: that note is shown open.
    box.open = Boolean(s.input?.date_order_assumed);
    byId('result-notes-summary').textContent = t('reading_notes', { count: notes.length });
  }

  renderRfm(rfm) {
    const section = byId('rfm');
    section.hidden = !rfm;
    if (!rfm) return;
    placeChart('chart-rfm', this.charts.rfm_grid, t('chart_rfm_caption'));
    placeChart('chart-segments', this.charts.segments, t('chart_segments_caption'));
    this.renderThresholds(rfm.thresholds);
    const segments = rfm.segments ?? [];
    fill(byId('segments-table'),
      h('caption', { class: 'visually-hidden', text: t('segments_caption') }),
      columnHeads(
        t('col_segment'),
        [t('col_customers'), 'num'],
        [t('col_share_customers'), 'num'],
        [t('col_revenue'), 'num'],
        [t('col_share_revenue'), 'num'],
        [t('col_mean_recency'), 'num'],
        [t('col_mean_frequency'), 'num'],
        [t('col_mean_monetary'), 'num'],
        [t('col_action'), 'wide']),
      h('tbody', {}, segments.map((segment) => {
        const label = pick(segment, 'label') ?? segment.key;
        const empty = !segment.customers;
        return h('tr', { class: empty ? 'empty-row' : null, dataset: { segment: segment.key } },
          h('th', { scope: 'row' },
            empty ? h('span', { text: label }) : h('button', {
              type: 'button', class: 'link-button', text: label,
              'aria-label': t('open_list', { name: label, count: fmt.integer(segment.customers) }),
              onclick: () => this.openList({ kind: 'rfm', key: segment.key }, label, segment.customers),
            }),
            pick(segment, 'definition') ? h('span', { class: 'cell-sub', text: pick(segment, 'definition') }) : null),
          h('td', { class: 'num', text: fmt.integer(segment.customers ?? 0) }),
          h('td', { class: 'num', text: fmt.percent(segment.share_customers, 1) }),
          h('td', { class: 'num', text: fmt.money(segment.revenue ?? 0, 0) }),
          h('td', { class: 'num', text: fmt.percent(segment.share_revenue, 1) }),
          h('td', { class: 'num', text: empty ? '—' : fmt.number(segment.mean_recency_days, 0) }),
          h('td', { class: 'num', text: empty ? '—' : fmt.number(segment.mean_frequency, 1) }),
          h('td', { class: 'num', text: empty ? '—' : fmt.money(segment.mean_monetary, 0) }),
          h('td', { class: 'wide', text: pick(segment, 'action') ?? '' }));
      })));
  }

  /** Which values give which score, per dimension: why a customer got its code. */
  renderThresholds(thresholds) {
    const dimensions = ['recency', 'frequency', 'monetary'].filter((d) => Array.isArray(thresholds?.[d]?.bands));
    byId('rfm-thresholds-box').hidden = dimensions.length === 0;
    if (!dimensions.length) return;
    const scores = [...new Set(dimensions.flatMap((d) => thresholds[d].bands.map((b) => b.score)))].sort((a, b) => b - a);
    fill(byId('rfm-thresholds'),
      h('caption', { class: 'visually-hidden', text: t('rfm_thresholds_title') }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('rfm_score') }),
        dimensions.map((d) => h('th', { scope: 'col', text: t(`rfm_dimension.${d}`) })))),
      h('tbody', {}, scores.map((score) => h('tr', {},
        h('th', { scope: 'row', text: String(score) }),
        dimensions.map((d) => {
          const band = thresholds[d].bands.find((b) => b.score === score);
          return h('td', { text: band ? (pick(band, 'label') ?? '') : '—' });
        })))));
  }

  renderAbc(abc) {
    const section = byId('abc');
    section.hidden = !abc;
    if (!abc) return;
    placeChart('chart-abc', this.charts.pareto, t('chart_abc_caption'));
    byId('abc-sentence').textContent = pick(abc, 'sentence') ?? abcSentence(abc);
    const basis = abc.basis ? t(`abc_basis.${abc.basis}`) : null;
    const gini = typeof abc.gini === 'number' ? t('abc_gini', { gini: fmt.number(abc.gini, 2) }) : '';
    byId('abc-gini').textContent = [basis, gini].filter(Boolean).join(' · ');
    const classes = abc.classes ?? [];
    fill(byId('abc-table'),
      h('caption', { class: 'visually-hidden', text: t('abc_caption') }),
      columnHeads(
        t('col_class'),
        [t('col_customers'), 'num'],
        [t('col_share_customers'), 'num'],
        [t(abc.basis === 'margin' ? 'col_margin' : 'col_revenue'), 'num'],
        [t(abc.basis === 'margin' ? 'col_share_margin' : 'col_share_revenue'), 'num']),
      h('tbody', {}, classes.map((entry) => {
        const key = entry.class ?? entry.key;
        const label = t('abc_class_label', { class: key });
        return h('tr', { dataset: { abcClass: key } },
          h('th', { scope: 'row' }, entry.customers ? h('button', {
            type: 'button', class: 'link-button', text: label,
            'aria-label': t('open_list', { name: label, count: fmt.integer(entry.customers) }),
            onclick: () => this.openList({ kind: 'abc', key }, label, entry.customers),
          }) : label),
          h('td', { class: 'num', text: fmt.integer(entry.customers ?? 0) }),
          h('td', { class: 'num' }, shareBar(entry.share_customers)),
          h('td', { class: 'num', text: fmt.money(entry.revenue ?? entry.value ?? 0, 0) }),
          h('td', { class: 'num' }, shareBar(entry.share_revenue ?? entry.share_value)));
      })));
  }

  renderPoints(points) {
    const section = byId('points');
    section.hidden = !points;
    if (!points) return;
    placeChart('chart-points', this.charts.tiers, t('chart_points_caption'));
    const windowYears = points.window_years;
    byId('points-intro').textContent = windowYears ? t('points_intro_window', { years: windowYears }) : t('points_intro');
    // The core explains a left-out margin in its own notes; say it here only when it did not.
    const marginLeftOut = points.margin_points_included === false && !(points.notes ?? []).length;
    const notes = [marginLeftOut ? t('points_no_margin') : null, t('points_bounds_hint')];
    byId('points-note').textContent = notes.filter(Boolean).join(' ');
    const scales = points.scales ?? {};
    const scaleLine = (summary) => (summary?.rows ?? [])
      .map((row) => t('scale_row', { band: pick(row, 'label') ?? '', points: fmt.number(row.points, 1) }))
      .join(' · ');
    fill(byId('points-scales'),
      scales.revenue ? [h('dt', { text: t('scale_revenue') }), h('dd', { text: scaleLine(scales.revenue) })] : null,
      scales.margin && points.margin_points_included !== false ? [h('dt', { text: t('scale_margin') }), h('dd', { text: scaleLine(scales.margin) })] : null,
      typeof scales.purchase_bonus === 'number' ? [h('dt', { text: t('scale_bonus') }), h('dd', { text: t('scale_bonus_value', { points: fmt.number(scales.purchase_bonus, 1) }) })] : null);
    const tiers = points.tiers ?? [];
    fill(byId('tiers-table'),
      h('caption', { class: 'visually-hidden', text: t('tiers_caption') }),
      columnHeads(
        t('col_tier'),
        [t('col_points_range'), 'num'],
        [t('col_customers'), 'num'],
        [t('col_share_customers'), 'num'],
        [t('col_revenue'), 'num'],
        [t('col_share_revenue'), 'num']),
      h('tbody', {}, tiers.map((tier) => {
        const key = tier.key ?? tier.tier ?? tier.name;
        const label = pick(tier, 'label') ?? tier.name ?? String(key);
        return h('tr', { dataset: { tier: key } },
          h('th', { scope: 'row' }, tier.customers ? h('button', {
            type: 'button', class: 'link-button', text: label,
            'aria-label': t('open_list', { name: label, count: fmt.integer(tier.customers) }),
            onclick: () => this.openList({ kind: 'tier', key }, label, tier.customers),
          }) : label),
          h('td', { class: 'num', text: pointsRange(tier) }),
          h('td', { class: 'num', text: fmt.integer(tier.customers ?? 0) }),
          h('td', { class: 'num' }, shareBar(tier.share_customers)),
          h('td', { class: 'num', text: tier.revenue === undefined ? '—' : fmt.money(tier.revenue, 0) }),
          h('td', { class: 'num' }, tier.share_revenue === undefined ? '—' : shareBar(tier.share_revenue)));
      })));
  }

  /**
   * While the second phase runs (`summary.completeness` is `segments`), a
   * card for each of its sections says it is being computed (aria-busy);
   * if that phase fails, the same cards say so. Gone once it is complete.
   */
  renderPending(s) {
    const container = byId('pending-sections');
    const pending = s.completeness === 'segments';
    container.hidden = !pending;
    fill(container, pending ? PENDING_SECTIONS.map(([key, titleKey]) => {
      const titleId = `pending-${key}-title`;
      return h('section', {
        class: 'card result-section pending-section', id: `pending-${key}`, 'aria-labelledby': titleId,
        'aria-busy': String(!this.analysesFailure), dataset: { pending: key, failed: String(this.analysesFailure) },
      },
      h('h2', { class: 'section-title', id: titleId, text: t(titleKey) }),
      h('p', { class: this.analysesFailure ? 'pending-note failed' : 'pending-note', text: t(this.analysesFailure ? 'analyses_failed' : 'analyses_computing') }));
    }) : null);
  }

  /** The second phase failed: its sections say so; the segments stay as shown. */
  analysesFailed() {
    this.analysesFailure = true;
    if (this.summary) this.renderPending(this.summary);
  }

  /** Charts the core draws that have no place of their own yet (later analyses). */
  renderExtraCharts() {
    // Migrations, survival and the uplift readout have their own sections
    // (dynamics-page.js); so do the forecast charts (predict.js).
    const placed = new Set(['rfm_grid', 'segments', 'pareto', 'tiers', 'migrations', 'survival', 'uplift', ...PREDICT_CHARTS]);
    const extra = Object.entries(this.charts ?? {}).filter(([key, svg]) => !placed.has(key) && typeof svg === 'string' && svg.startsWith('<svg'));
    const container = byId('extra-sections');
    const toc = byId('toc');
    for (const link of toc.querySelectorAll('a[data-extra]')) link.remove();
    for (const [key] of extra) {
      toc.append(h('a', { href: `#section-${key}`, dataset: { extra: key }, text: tMaybe(`chart_title.${key}`) ?? key.replaceAll('_', ' ') }));
    }
    fill(container, extra.map(([key, svg]) => {
      const title = tMaybe(`chart_title.${key}`) ?? key.replaceAll('_', ' ');
      const figure = h('figure', { class: 'chart' });
      placeChartInto(figure, svg, title);
      return h('section', { class: 'card result-section', id: `section-${key}`, 'aria-label': title },
        h('h2', { class: 'section-title', text: title }), figure);
    }));
  }

  /** A click on a chart element that names a segment, class or tier opens its list. */
  chartClick(event) {
    const target = event.target.closest?.('[data-segment], [data-abc-class], [data-class], [data-tier]');
    if (!target || !this.summary) return;
    if (target.dataset.segment) {
      const segment = (this.summary.rfm?.segments ?? []).find((s) => s.key === target.dataset.segment);
      if (segment?.customers) this.openList({ kind: 'rfm', key: segment.key }, pick(segment, 'label') ?? segment.key, segment.customers);
    } else if (target.dataset.abcClass || target.dataset.class) {
      const key = target.dataset.abcClass ?? target.dataset.class;
      const entry = (this.summary.abc?.classes ?? []).find((c) => (c.class ?? c.key) === key);
      if (entry?.customers) this.openList({ kind: 'abc', key }, t('abc_class_label', { class: key }), entry.customers);
    } else if (target.dataset.tier) {
      const tier = (this.summary.points?.tiers ?? []).find((x) => String(x.key ?? x.tier ?? x.name) === target.dataset.tier);
      if (tier?.customers) this.openList({ kind: 'tier', key: tier.key ?? tier.tier ?? tier.name }, pick(tier, 'label') ?? String(target.dataset.tier), tier.customers);
    }
  }
}

/** Shows the table of contents' links whose section is shown (and the contents only when one is). */
export function updateToc() {
  for (const link of document.querySelectorAll('#toc a[data-section]')) {
    link.hidden = byId(link.dataset.section).hidden;
  }
  byId('toc').hidden = [...document.querySelectorAll('#toc a')].every((link) => link.hidden);
}

/** A note of the core: a plain string, or `{key, fr, en}` in both languages. */
function noteText(note) {
  if (typeof note === 'string') return note;
  return pick(note, 'text') ?? note?.[language()] ?? note?.en ?? note?.fr ?? '';
}

function setKpi(id, raw, text) {
  const el = byId(id);
  el.dataset.value = String(raw);
  el.textContent = text;
}

export function skippedTotal(rows) {
  return Object.values(rows?.skipped ?? {}).reduce((sum, n) => sum + n, 0);
}

function placeChart(id, markup, caption) {
  placeChartInto(byId(id), markup, caption);
}

function placeChartInto(figure, markup, caption) {
  const svg = typeof markup === 'string' ? svgNode(markup) : null;
  figure.hidden = !svg;
  fill(figure, svg, svg && caption ? h('figcaption', { class: 'visually-hidden', text: caption }) : null);
}

/** A share (0..1) as a percentage with a proportional bar behind it. */
function shareBar(share) {
  if (typeof share !== 'number') return '—';
  const bar = h('span', { class: 'share-bar', 'aria-hidden': 'true' });
  // Width via a CSS custom property set from script: allowed by the CSP (no inline style markup).
  bar.style.setProperty('--share', String(Math.max(0, Math.min(1, share))));
  return h('span', { class: 'share' }, bar, h('span', { class: 'share-text', text: fmt.percent(share, 1) }));
}

/**
 * A tier's bounds: points strictly above `lower_threshold`, up to
 * `upper_threshold` included (the core's convention); the observed
 * min/max points when the thresholds are absent.
 */
function pointsRange(tier) {
  const lower = tier.lower_threshold ?? null;
  const upper = tier.upper_threshold ?? null;
  if (lower === null && upper === null) {
    if (typeof tier.min_points !== 'number') return '—';
    return t('points_between', { min: fmt.number(tier.min_points, 1), max: fmt.number(tier.max_points, 1) });
  }
  if (upper === null) return t('points_above', { min: fmt.number(lower, 1) });
  if (lower === null) return t('points_up_to', { max: fmt.number(upper, 1) });
  return t('points_between', { min: fmt.number(lower, 1), max: fmt.number(upper, 1) });
}

function abcSentence(abc) {
  const a = (abc.classes ?? []).find((c) => (c.class ?? c.key) === 'A');
  if (!a || typeof a.share_customers !== 'number') return '';
  return t('abc_sentence', { customers: fmt.percent(a.share_customers, 0), revenue: fmt.percent(a.share_revenue ?? 0, 0) });
}

