// The forward-looking sections of the results screen: the forecast (BG/NBD +
// Gamma-Gamma, or the observed-rate fallback and why), the holdout check,
// the predictive groups, the value × potential matrix and the campaign plan.
// Reads `summary.predict`, `summary.cross` and `summary.campaign` (the same
// objects as summary.json) and the core's SVG charts; never computes a figure.

import { h, fill, svgNode, columnHeads } from './dom.js';
import { t, fmt, pick, language } from './i18n.js';

/** Charts this module places (the results view leaves them out of its extra sections). */
export const PREDICT_CHARTS = ['holdout', 'groups', 'cross'];

const POTENTIALS = ["A'", "B'", "C'"];
const VALUE_CLASSES = ['A', 'B', 'C', 'P'];

export class PredictView {
  /**
   * @param {HTMLElement} container where the sections go
   * @param {HTMLElement} toc the results' table of contents (links are added for each section)
   * @param {(filter: {kind: string, key: string}, title: string, count: number) => void} openList
   */
  constructor(container, toc, openList) {
    this.container = container;
    this.toc = toc;
    this.openList = openList;
  }

  render(summary, charts) {
    const sections = [
      summary.predict ? this.forecastSection(summary, charts) : null,
      summary.cross ? this.crossSection(summary.cross, charts) : null,
      summary.campaign ? this.campaignSection(summary.campaign) : null,
    ].filter(Boolean);
    fill(this.container, sections);
    for (const link of this.toc.querySelectorAll('a[data-predict]')) link.remove();
    for (const section of sections) {
      this.toc.append(h('a', { href: `#${section.id}`, dataset: { predict: section.id }, text: section.dataset.title }));
    }
  }

  // ------------------------------------------------------------ forecast

  forecastSection(summary, charts) {
    const predict = summary.predict;
    const ranking = summary.settings?.predict?.groups?.ranking ?? 'value';
    const fitted = predict.status?.kind === 'fitted';
    const unit = t(`time_unit.${predict.time_unit}`, { count: predict.horizon });
    const settings = t('forecast_settings', {
      horizon: fmt.number(predict.horizon, 1),
      unit,
      margin: fmt.percent(predict.margin_rate, 1),
      margin_source: t(`margin_source.${predict.margin_rate_source}`),
      discount: fmt.percent(predict.annual_discount_rate, 1),
    });
    const totals = predict.totals ?? {};
    return section('forecast', t('forecast_title'), [
      h('p', { class: 'section-intro', text: t('forecast_intro') }),
      fitted ? this.fitStatus(predict) : this.fallbackNotice(predict),
      h('p', { class: 'hint', text: settings }),
      fitted ? this.parameters(predict) : this.fallbackRates(predict.fallback_rates ?? [], summary.rfm?.segments ?? []),
      list('forecast-warnings', 'forecast-warnings', (predict.warnings ?? []).map(message)),
      kpis('forecast-totals', t('forecast_totals_label', { horizon: fmt.number(predict.horizon, 1), unit }), [
        [t('forecast_buyers'), fmt.integer(totals.expected_buyers ?? 0)],
        [t('forecast_purchases'), fmt.integer(totals.expected_purchases ?? 0)],
        [t('forecast_revenue'), fmt.money(totals.expected_revenue, 0)],
        [t('forecast_margin'), fmt.money(totals.expected_margin, 0)],
      ]),
      predict.new_customer ? h('p', {
        id: 'forecast-new-customer',
        text: t('forecast_new_customer', {
          purchases: fmt.number(predict.new_customer.expected_purchases, 2),
          spend: fmt.money(predict.new_customer.expected_avg_spend),
          clv: fmt.money(predict.new_customer.clv),
        }),
      }) : null,
      predict.holdout ? this.holdout(predict.holdout, charts) : null,
      this.groups(predict, charts, ranking),
    ]);
  }

  fitStatus(predict) {
    const fit = predict.bgnbd;
    const text = t(fit.converged ? 'fit_converged' : 'fit_not_converged', {
      iterations: fmt.integer(fit.iterations),
      log_likelihood: fmt.number(fit.log_likelihood, 1),
      customers: fmt.integer(fit.customers),
      repeat: fmt.integer(fit.repeat_customers),
    });
    return h('p', { id: 'fit-status', class: 'section-lead', dataset: { status: 'fitted', converged: String(fit.converged) }, text });
  }

  /** The model could not be used: say why, and that the figures are observed rates. */
  fallbackNotice(predict) {
    const reason = pick(predict.status, 'reason') ?? '';
    return h('div', { id: 'fit-status', class: 'callout', role: 'note', dataset: { status: 'fallback' } },
      h('p', { class: 'callout-title', text: t('fallback_title') }),
      h('p', { text: reason }),
      h('p', { text: t('fallback_empirical') }));
  }

  parameters(predict) {
    const fit = predict.bgnbd;
    const gg = predict.gamma_gamma;
    const row = (name, value, stdError, meaning) => h('tr', { dataset: { parameter: name } },
      h('th', { scope: 'row', text: name }),
      h('td', { class: 'num', text: fmt.number(value, 4) }),
      h('td', { class: 'num', text: typeof stdError === 'number' ? fmt.number(stdError, 4) : '—' }),
      h('td', { class: 'wide', text: meaning }));
    const se = fit.std_errors ?? {};
    const rows = [
      row('r', fit.r, se.r, t('param_r')),
      row('α', fit.alpha, se.alpha, t('param_alpha', { unit: t(`time_unit.${predict.time_unit}`, { count: 1 }) })),
      row('a', fit.a, se.a, t('param_a')),
      row('b', fit.b, se.b, t('param_b')),
    ];
    if (gg) {
      const ggSe = gg.std_errors ?? {};
      rows.push(row('p', gg.p, ggSe.p, t('param_p')), row('q', gg.q, ggSe.q, t('param_q')), row('v', gg.v, ggSe.v, t('param_v')));
    }
    const correlation = typeof gg?.freq_spend_correlation === 'number'
      ? h('p', { id: 'spend-correlation', text: t('spend_correlation', { r: fmt.number(gg.freq_spend_correlation, 2) }) })
      : null;
    const warning = gg?.independence_warning
      ? h('p', { class: 'callout', role: 'note', text: message(gg.independence_warning) })
      : null;
    return [
      scrollable(h('table', { id: 'forecast-parameters', class: 'data-table compact' },
        h('caption', { text: t(gg ? 'params_caption' : 'params_caption_bgnbd') }),
        columnHeads(
          t('col_parameter'),
          [t('col_estimate'), 'num'],
          [t('col_std_error'), 'num'],
          [t('col_meaning'), 'wide']),
        h('tbody', {}, rows))),
      gg ? null : h('p', { class: 'hint', text: t('spend_observed') }),
      correlation,
      warning,
    ];
  }

  fallbackRates(rates, segments) {
    if (!rates.length) return null;
    const segmentName = (key) => (key === 'all' ? t('fallback_all') : pick(segments.find((s) => s.key === key), 'label') ?? key);
    return scrollable(h('table', { id: 'fallback-rates', class: 'data-table compact' },
      h('caption', { text: t('fallback_rates_caption') }),
      columnHeads(
        t('col_segment'),
        [t('col_customers'), 'num'],
        [t('col_buyer_share'), 'num'],
        [t('col_purchases_per_customer'), 'num']),
      h('tbody', {}, rates.map((rate) => h('tr', {},
        h('th', { scope: 'row', text: segmentName(rate.segment) }),
        h('td', { class: 'num', text: fmt.integer(rate.customers) }),
        h('td', { class: 'num', text: fmt.percent(rate.buyer_share, 1) }),
        h('td', { class: 'num', text: fmt.number(rate.purchases_per_customer, 2) }))))));
  }

  holdout(holdout, charts) {
    const figure = chart(charts?.holdout, t('chart_title.holdout'));
    return h('div', { id: 'holdout', class: 'subsection' },
      h('h3', { text: t('holdout_title') }),
      h('p', { class: 'hint', text: t('holdout_intro', { start: fmt.date(holdout.calibration_end), end: fmt.date(holdout.holdout_end) }) }),
      kpis('holdout-kpis', t('holdout_title'), [
        [t('holdout_predicted'), fmt.number(holdout.predicted_repeat_purchases, 0)],
        [t('holdout_actual'), fmt.number(holdout.actual_repeat_purchases, 0)],
        ['MAE', fmt.number(holdout.mae, 3)],
        ['RMSE', fmt.number(holdout.rmse, 3)],
      ]),
      h('div', { class: 'side-by-side' },
        figure,
        scrollable(h('table', { id: 'holdout-table', class: 'data-table compact' },
          h('caption', { text: t('holdout_table_caption') }),
          columnHeads(
            t('col_calibration_frequency'),
            [t('col_customers'), 'num'],
            [t('col_predicted'), 'num'],
            [t('col_actual'), 'num']),
          h('tbody', {}, (holdout.by_frequency ?? []).map((row) => h('tr', {},
            h('th', { scope: 'row', text: row.frequency }),
            h('td', { class: 'num', text: fmt.integer(row.customers) }),
            h('td', { class: 'num', text: fmt.number(row.predicted, 1) }),
            h('td', { class: 'num', text: fmt.number(row.actual, 1) })))),
          h('tfoot', {}, h('tr', {},
            h('th', { scope: 'row', text: t('total') }),
            h('td', { class: 'num', text: fmt.integer(holdout.customers) }),
            h('td', { class: 'num', text: fmt.number(holdout.predicted_repeat_purchases, 1) }),
            h('td', { class: 'num', text: fmt.number(holdout.actual_repeat_purchases, 1) })))))));
  }

  groups(predict, charts, ranking) {
    const groups = predict.groups ?? [];
    if (!groups.length) return null;
    // With a holdout, the groups of the calibration fit carry the actual figures.
    const actuals = new Map((predict.holdout?.groups ?? []).map((g) => [g.label, g]));
    const withActuals = actuals.size > 0;
    return h('div', { id: 'predictive-groups', class: 'subsection' },
      h('h3', { text: t('groups_title') }),
      h('p', { class: 'hint', text: t(`groups_intro.${ranking}`) }),
      chart(charts?.groups, t('chart_title.groups')),
      scrollable(h('table', { id: 'groups-table', class: 'data-table' },
        h('caption', { class: 'visually-hidden', text: t('groups_title') }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: t('col_group') }),
          h('th', { scope: 'col', class: 'num', text: t('col_customers') }),
          h('th', { scope: 'col', class: 'num', text: t('col_expected_buyers') }),
          h('th', { scope: 'col', class: 'num', text: t('col_expected_purchases') }),
          h('th', { scope: 'col', class: 'num', text: t('col_expected_revenue') }),
          h('th', { scope: 'col', class: 'num', text: t('col_expected_margin') }),
          withActuals ? [
            h('th', { scope: 'col', class: 'num', text: t('col_actual_buyers') }),
            h('th', { scope: 'col', class: 'num', text: t('col_actual_purchases') }),
            h('th', { scope: 'col', class: 'num', text: t('col_actual_revenue') }),
          ] : null)),
        h('tbody', {}, groups.map((group) => {
          const label = t('group_label', { group: group.label });
          const actual = actuals.get(group.label);
          return h('tr', { dataset: { group: group.label } },
            h('th', { scope: 'row' }, listButton(this.openList, { kind: 'predictive_group', key: group.label }, label, group.customers)),
            h('td', { class: 'num', text: fmt.integer(group.customers) }),
            h('td', { class: 'num', text: fmt.integer(group.expected_buyers) }),
            h('td', { class: 'num', text: fmt.number(group.expected_purchases, 0) }),
            h('td', { class: 'num', text: fmt.money(group.expected_revenue, 0) }),
            h('td', { class: 'num', text: fmt.money(group.expected_margin, 0) }),
            withActuals ? [
              h('td', { class: 'num', text: actual?.actual_buyers == null ? '—' : fmt.integer(actual.actual_buyers) }),
              h('td', { class: 'num', text: actual?.actual_purchases == null ? '—' : fmt.number(actual.actual_purchases, 0) }),
              h('td', { class: 'num', text: actual?.actual_revenue == null ? '—' : fmt.money(actual.actual_revenue, 0) }),
            ] : null);
        })))),
      withActuals ? h('p', { class: 'hint', text: t('groups_actuals_hint') }) : null);
  }

  // ------------------------------------------------------------ value × potential

  crossSection(cross, charts) {
    const cell = (name) => (cross.matrix ?? []).find((c) => c.cell === name);
    const rows = VALUE_CLASSES.filter((v) => v !== 'P' || (cross.matrix ?? []).some((c) => c.value_class === 'P' && c.customers > 0));
    const table = h('table', { id: 'cross-table', class: 'data-table cross-table' },
      h('caption', { text: t('cross_caption') }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('cross_corner') }),
        POTENTIALS.map((p) => h('th', { scope: 'col', text: t('cross_potential', { class: p }) })))),
      h('tbody', {}, rows.map((value) => h('tr', {},
        h('th', { scope: 'row', text: value === 'P' ? t('cross_prospects') : t('cross_value', { class: value }) }),
        POTENTIALS.map((potential) => {
          const entry = cell(`${value}${potential}`);
          if (!entry) return h('td', { class: 'num', text: '—' });
          const strategies = (cross.strategies ?? []).filter((s) => s.cells.includes(entry.cell)).map((s) => s.key);
          const counts = t('cross_cell_text', { customers: fmt.integer(entry.customers), revenue: fmt.money(entry.revenue, 0) });
          // Prospects have no purchase, hence no place in a customer list.
          const opens = value !== 'P' && entry.customers > 0;
          const content = [h('span', { class: 'cross-cell-name', text: entry.cell }), h('span', { text: counts })];
          // The visible text (cell, customers, revenue) is the button's name.
          return h('td', { class: ['num', 'cross-cell', ...strategies.map((s) => `strategy-${s}`)].join(' '), dataset: { cell: entry.cell, customers: String(entry.customers) } },
            opens ? h('button', {
              type: 'button', class: 'link-button cross-button',
              onclick: () => this.openList({ kind: 'cross_cell', key: entry.cell }, entry.cell, entry.customers),
            }, content) : content);
        })))));
    const strategies = h('table', { id: 'strategies-table', class: 'data-table' },
      h('caption', { text: t('strategies_caption') }),
      columnHeads(
        t('col_strategy'),
        t('col_cells'),
        [t('col_customers'), 'num'],
        [t('col_share_revenue'), 'num'],
        [t('col_share_predicted'), 'num'],
        [t('col_resources'), 'wide']),
      h('tbody', {}, (cross.strategies ?? []).map((s) => h('tr', { dataset: { strategy: s.key } },
        h('th', { scope: 'row', text: pick(s, 'label') ?? s.key }),
        h('td', { text: s.cells.join(', ') }),
        h('td', { class: 'num', text: fmt.integer(s.customers) }),
        h('td', { class: 'num', text: fmt.percent(s.revenue_share, 1) }),
        h('td', { class: 'num', text: fmt.percent(s.predicted_value_share, 1) }),
        h('td', { class: 'wide', text: pick(s, 'action') ?? '' })))));
    const figure = chart(charts?.cross, t('cross_caption'));
    // A click on a cell of the chart opens its list, as the table's buttons do
    // (the core marks customer cells with data-cell; prospects have none).
    figure?.addEventListener('click', (event) => {
      const entry = cell(event.target.closest?.('[data-cell]')?.dataset.cell);
      if (entry?.customers) this.openList({ kind: 'cross_cell', key: entry.cell }, entry.cell, entry.customers);
    });
    return section('cross', t('cross_title'), [
      h('p', { class: 'section-intro', text: t('cross_intro', { a: fmt.percent(cross.a_cutoff, 0), b: fmt.percent(cross.b_cutoff, 0) }) }),
      figure,
      scrollable(table),
      scrollable(strategies),
    ]);
  }

  // ------------------------------------------------------------ campaign

  campaignSection(campaign) {
    const channels = new Map((campaign.channels ?? []).map((c) => [c.key, c]));
    const channelName = (key) => pick(channels.get(key), 'label') ?? key;
    const segments = campaign.segments ?? [];
    const recommendations = h('table', { id: 'campaign-recommendations', class: 'data-table' },
      h('caption', { text: t('campaign_recommendations_caption') }),
      columnHeads(
        t(`campaign_basis.${campaign.segment_by}`),
        [t('col_customers'), 'num'],
        t('col_contact'),
        t('col_best_channel'),
        [t('col_contacts_per_year'), 'num'],
        [t('col_recommendation'), 'wide']),
      h('tbody', {}, segments.map((s) => h('tr', { dataset: { segment: s.segment, contact: String(s.contact) } },
        h('th', { scope: 'row', text: pick(s, 'label') ?? s.segment }),
        h('td', { class: 'num', text: fmt.integer(s.customers) }),
        h('td', { text: t(s.contact ? 'campaign_contact_yes' : 'campaign_contact_no') }),
        h('td', { text: s.contact ? channelName(s.best_channel) : '—' }),
        h('td', { class: 'num', text: fmt.integer(s.contacts_per_year ?? 0) }),
        h('td', { class: 'wide', text: message(s.recommendation) })))));
    const detail = h('table', { id: 'campaign-table', class: 'data-table compact' },
      h('caption', { text: t('campaign_table_caption') }),
      columnHeads(
        t(`campaign_basis.${campaign.segment_by}`),
        t('col_channel'),
        [t('col_contacts'), 'num'],
        [t('col_response_rate'), 'num'],
        [t('col_expected_revenue'), 'num'],
        [t('col_expected_margin'), 'num'],
        [t('col_cost'), 'num'],
        [t('col_net_margin'), 'num'],
        [t('col_roi'), 'num'],
        [t('col_break_even'), 'num']),
      h('tbody', {}, segments.flatMap((s) => (s.channels ?? []).map((c, index) => h('tr', {
        class: c.channel === s.best_channel && s.contact ? 'best-row' : null,
        dataset: { segment: s.segment, channel: c.channel },
      },
        index === 0
          ? h('th', { scope: 'rowgroup', rowspan: String(s.channels.length), text: pick(s, 'label') ?? s.segment })
          : null,
        h('td', { text: channelName(c.channel) }),
        h('td', { class: 'num', text: fmt.integer(c.contacts) }),
        h('td', { class: 'num', text: fmt.percent(c.response_rate, 1) }),
        h('td', { class: 'num', text: fmt.money(c.expected_revenue, 0) }),
        h('td', { class: 'num', text: fmt.money(c.expected_margin, 0) }),
        h('td', { class: 'num', text: money(c.cost) }),
        h('td', { class: c.net_margin < 0 ? 'num negative' : 'num', text: fmt.money(c.net_margin, 0) }),
        h('td', { class: 'num', text: typeof c.roi === 'number' ? fmt.percent(c.roi, 0) : '—' }),
        h('td', { class: 'num', text: typeof c.break_even_response_rate === 'number' ? fmt.percent(c.break_even_response_rate, 2) : '—' }))))));
    return section('campaign', t('campaign_title'), [
      h('p', { class: 'section-intro', text: t('campaign_intro') }),
      h('p', { class: 'hint', text: t('campaign_settings', {
        weeks: fmt.number(campaign.window_weeks, 1),
        margin: fmt.percent(campaign.margin_rate, 1),
        source: t(campaign.model_response ? 'campaign_source_model' : 'campaign_source_observed'),
        costs: (campaign.channels ?? []).map((c) => `${pick(c, 'label') ?? c.key} ${fmt.money(c.cost_per_contact)}`).join(', '),
      }) }),
      scrollable(recommendations),
      this.plan(campaign, channelName),
      h('details', { class: 'campaign-detail', open: true },
        h('summary', { text: t('campaign_table_caption') }),
        scrollable(detail)),
    ]);
  }

  plan(campaign, channelName) {
    const plan = campaign.plan ?? {};
    const segmentName = (key) => pick((campaign.segments ?? []).find((s) => s.segment === key), 'label') ?? key;
    const text = t(plan.budget == null ? 'campaign_plan_no_budget' : 'campaign_plan_budget', {
      budget: fmt.money(plan.budget ?? 0, 0),
      cost: fmt.money(plan.total_cost ?? 0, 0),
      revenue: fmt.money(plan.total_expected_revenue ?? 0, 0),
      margin: fmt.money(plan.total_net_margin ?? 0, 0),
      count: fmt.integer((plan.selections ?? []).length),
    });
    return h('div', { id: 'campaign-plan', class: 'subsection' },
      h('h3', { text: t('campaign_plan_title') }),
      h('p', { class: 'section-lead', text }),
      (plan.selections ?? []).length ? scrollable(h('table', { class: 'data-table compact' },
        h('caption', { class: 'visually-hidden', text: t('campaign_plan_title') }),
        columnHeads(
          t(`campaign_basis.${campaign.segment_by}`),
          t('col_channel'),
          [t('col_contacts'), 'num'],
          [t('col_cost'), 'num'],
          [t('col_expected_revenue'), 'num'],
          [t('col_net_margin'), 'num']),
        h('tbody', {}, plan.selections.map((s) => h('tr', {},
          h('th', { scope: 'row', text: segmentName(s.segment) }),
          h('td', { text: channelName(s.channel) }),
          h('td', { class: 'num', text: fmt.integer(s.contacts) }),
          h('td', { class: 'num', text: money(s.cost) }),
          h('td', { class: 'num', text: fmt.money(s.expected_revenue, 0) }),
          h('td', { class: 'num', text: fmt.money(s.net_margin, 0) })))))) : null);
  }
}

// ------------------------------------------------------------ helpers

function section(id, title, children) {
  return h('section', { class: 'card result-section', id, 'aria-labelledby': `${id}-heading`, dataset: { title } },
    h('h2', { id: `${id}-heading`, class: 'section-title', text: title }),
    children);
}

function kpis(id, label, entries) {
  return h('div', { id, class: 'kpis small-kpis', role: 'group', 'aria-label': label },
    entries.map(([name, value]) => h('div', { class: 'kpi' },
      h('span', { class: 'kpi-label', text: name }),
      h('span', { class: 'kpi-value', text: value }))));
}

function list(id, className, items) {
  const texts = items.filter(Boolean);
  if (!texts.length) return null;
  return h('ul', { id, class: className }, texts.map((text) => h('li', { text })));
}

/** A table in a region that scrolls sideways on a narrow screen, reachable by keyboard. */
function scrollable(table) {
  const name = table.querySelector('caption')?.textContent ?? '';
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': name }, table);
}

function chart(markup, caption) {
  const svg = typeof markup === 'string' ? svgNode(markup) : null;
  if (!svg) return null;
  return h('figure', { class: 'chart' }, svg, h('figcaption', { class: 'visually-hidden', text: caption }));
}

/** A button that opens the customer list of a group. */
function listButton(openList, filter, name, count) {
  if (!count) return h('span', { text: name });
  return h('button', {
    type: 'button', class: 'link-button', text: name,
    'aria-label': t('open_list', { name, count: fmt.integer(count) }),
    onclick: () => openList(filter, name, count),
  });
}

/** An amount: cents below 100 € (a mailing to 290 customers by e-mail costs 2,90 €), whole euros above. */
function money(amount) {
  return fmt.money(amount, Math.abs(amount) < 100 ? 2 : 0);
}

/** A core message `{fr, en}` in the page's language. */
function message(text) {
  if (typeof text === 'string') return text;
  return text?.[language()] ?? text?.fr ?? '';
}
