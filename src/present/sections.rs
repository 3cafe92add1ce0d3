//! The report sections and workbook sheets of the forecast, the value ×
//! potential matrix, the campaign P&L, migrations, survival, cohorts and the
//! control draw. Each section only reads its analysis output; a section
//! whose analysis did not run is left out, and the reasons are listed by
//! [`Results::unavailable_section`].

use super::charts::Charts;
use super::words::count_customers;
use crate::campaign;
use crate::cross;
use crate::dynamics::{control, migrations, survival};
use crate::export::{Cell, Column, Table};
use crate::format;
use crate::i18n::{self, Language};
use crate::pipeline::Results;
use crate::predict::{self, Group, Holdout, Status};
use crate::report::{Block, Callout, DataTable, Figure, Kpi, Section, Tone};

/// A table with bilingual columns `(key, French header, English header)`.
fn table(columns: &[(&'static str, &'static str, &'static str)]) -> Table {
    Table::new(
        columns
            .iter()
            .map(|(key, fr, en)| Column::new(*key, *fr, *en))
            .collect(),
    )
}

fn data_table(caption: Option<String>, table: Table) -> Block {
    Block::Table(DataTable {
        caption,
        ..DataTable::new(table)
    })
}

fn figure(svg: Option<&crate::charts::Svg>, caption: &str) -> Option<Block> {
    svg.map(|svg| {
        Block::Figure(Figure {
            svg: svg.clone(),
            caption: caption.to_string(),
        })
    })
}

fn callout(tone: Tone, title: Option<&str>, text: impl Into<String>) -> Block {
    Block::Callout(Callout {
        tone,
        title: title.map(str::to_string),
        text: text.into(),
    })
}

fn count(value: impl TryInto<i64>) -> Cell {
    Cell::Integer(value.try_into().unwrap_or(i64::MAX))
}

fn optional_money(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, Cell::Money)
}

fn optional_percent(value: Option<f64>, decimals: u8) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::percent(v, decimals))
}

fn yes_no(value: bool, lang: Language) -> Cell {
    Cell::text(if value {
        i18n::YES.get(lang)
    } else {
        i18n::NO.get(lang)
    })
}

fn time_unit_label(unit: predict::TimeUnit, lang: Language) -> &'static str {
    match unit {
        predict::TimeUnit::Day => i18n::UNIT_DAYS.get(lang),
        predict::TimeUnit::Week => i18n::UNIT_WEEKS.get(lang),
        predict::TimeUnit::Month => i18n::UNIT_MONTHS.get(lang),
    }
}

/// Predictive groups: forecast over the horizon and, with a holdout, what
/// the group actually bought.
pub(super) fn groups_table(groups: &[Group]) -> Table {
    let with_actual = groups.iter().any(|g| g.actual_revenue.is_some());
    let mut columns = vec![
        ("group", "Groupe", "Group"),
        ("customers", "Clients", "Customers"),
        ("expected_buyers", "Acheteurs prévus", "Expected buyers"),
        ("expected_purchases", "Achats prévus", "Expected purchases"),
        ("expected_revenue", "CA prévu", "Expected revenue"),
        ("expected_margin", "Marge prévue", "Expected margin"),
        ("clv", "Valeur client (CLV)", "Customer value (CLV)"),
    ];
    if with_actual {
        columns.extend([
            ("actual_buyers", "Acheteurs réels", "Actual buyers"),
            ("actual_purchases", "Achats réels", "Actual purchases"),
            ("actual_revenue", "CA réel", "Actual revenue"),
        ]);
    }
    let mut out = table(&columns);
    for group in groups {
        let mut row = vec![
            Cell::text(&group.label),
            count(group.customers),
            Cell::number(group.expected_buyers, 0),
            Cell::number(group.expected_purchases, 0),
            Cell::Money(group.expected_revenue),
            Cell::Money(group.expected_margin),
            Cell::Money(group.clv),
        ];
        if with_actual {
            row.extend([
                group.actual_buyers.map_or(Cell::Empty, count),
                group
                    .actual_purchases
                    .map_or(Cell::Empty, |p| Cell::number(p, 0)),
                optional_money(group.actual_revenue),
            ]);
        }
        out.push(row);
    }
    out
}

/// The value × potential matrix, one row per cell.
pub(super) fn cross_table(output: &cross::Output) -> Table {
    let mut out = table(&[
        ("cell", "Case", "Cell"),
        ("value_class", "Valeur actuelle", "Current value"),
        ("potential_class", "Potentiel", "Potential"),
        ("customers", "Clients", "Customers"),
        ("revenue", "CA passé", "Past revenue"),
        ("predicted_value", "Valeur prévue", "Predicted value"),
    ]);
    for cell in &output.matrix {
        out.push(vec![
            Cell::text(&cell.cell),
            Cell::text(&cell.value_class),
            Cell::text(&cell.potential_class),
            count(cell.customers),
            Cell::Money(cell.revenue),
            Cell::Money(cell.predicted_value),
        ]);
    }
    out
}

/// The campaign P&L, one row per segment × channel.
pub(super) fn campaign_table(output: &campaign::Output, lang: Language) -> Table {
    let mut out = table(&[
        ("segment", "Segment", "Segment"),
        ("channel", "Canal", "Channel"),
        ("contacts", "Contacts", "Contacts"),
        ("response_rate", "Taux de réponse", "Response rate"),
        ("expected_revenue", "CA attendu", "Expected revenue"),
        ("expected_margin", "Marge attendue", "Expected margin"),
        ("cost", "Coût", "Cost"),
        ("net_margin", "Marge nette", "Net margin"),
        ("roi", "ROI", "ROI"),
        (
            "break_even",
            "Taux de réponse du seuil",
            "Break-even response rate",
        ),
    ]);
    for segment in &output.segments {
        let segment_label = lang.pick(&segment.label_fr, &segment.label_en);
        for economics in &segment.channels {
            out.push(vec![
                Cell::text(segment_label),
                Cell::text(channel_label(output, &economics.channel, lang)),
                count(economics.contacts),
                Cell::percent(economics.response_rate, 1),
                Cell::Money(economics.expected_revenue),
                Cell::Money(economics.expected_margin),
                Cell::Money(economics.cost),
                Cell::Money(economics.net_margin),
                optional_percent(economics.roi, 0),
                optional_percent(economics.break_even_response_rate, 2),
            ]);
        }
    }
    out
}

fn channel_label<'a>(output: &'a campaign::Output, key: &'a str, lang: Language) -> &'a str {
    output
        .channels
        .iter()
        .find(|c| c.key == key)
        .map_or(key, |c| lang.pick(&c.label_fr, &c.label_en))
}

fn segment_plan_label<'a>(output: &'a campaign::Output, key: &'a str, lang: Language) -> &'a str {
    output
        .segments
        .iter()
        .find(|s| s.segment == key)
        .map_or(key, |s| lang.pick(&s.label_fr, &s.label_en))
}

/// Survival per channel group.
pub(super) fn survival_table(output: &survival::Output, lang: Language) -> Table {
    let mut out = table(&[
        (
            "channel",
            "Canal du premier achat",
            "First-purchase channel",
        ),
        ("customers", "Clients", "Customers"),
        ("events", "Clients perdus", "Lapsed customers"),
        (
            "median_days",
            "Durée de vie médiane (jours)",
            "Median lifetime (days)",
        ),
        ("s_6m", "Actifs à 6 mois", "Active at 6 months"),
        ("s_12m", "Actifs à 12 mois", "Active at 12 months"),
        ("s_24m", "Actifs à 24 mois", "Active at 24 months"),
    ]);
    for group in &output.groups {
        out.push(vec![
            Cell::text(lang.pick(&group.label_fr, &group.label_en)),
            count(group.customers),
            count(group.events),
            group
                .median_days
                .map_or_else(|| Cell::text(i18n::NOT_REACHED.get(lang)), count),
            optional_percent(group.s_6m, 0),
            optional_percent(group.s_12m, 0),
            optional_percent(group.s_24m, 0),
        ]);
    }
    out
}

pub(super) fn migration_table(output: &migrations::Output, lang: Language) -> Table {
    let label = |key: &str| -> String {
        output.segments.iter().find(|s| s.key == key).map_or_else(
            || key.to_string(),
            |s| lang.pick(&s.label_fr, &s.label_en).to_string(),
        )
    };
    let mut out = table(&[
        ("segment", "Segment", "Segment"),
        ("before", "Avant", "Before"),
        ("after", "Après", "After"),
        ("inflow", "Arrivés", "Came in"),
        ("outflow", "Partis", "Left"),
        ("new", "Nouveaux", "New"),
        ("net", "Solde", "Net"),
    ]);
    for balance in &output.by_segment {
        out.push(vec![
            Cell::text(label(&balance.segment)),
            count(balance.before),
            count(balance.after),
            count(balance.inflow),
            count(balance.outflow),
            count(balance.new),
            Cell::Integer(balance.net),
        ]);
    }
    out
}

fn control_table(draw: &control::Draw) -> Table {
    let mut out = table(&[
        ("segment", "Segment", "Segment"),
        ("customers", "Clients", "Customers"),
        ("target", "Cibles", "Targets"),
        ("control", "Témoins", "Controls"),
    ]);
    for segment in &draw.by_segment {
        out.push(vec![
            Cell::text(&segment.segment),
            count(segment.customers),
            count(segment.target),
            count(segment.control),
        ]);
    }
    out.push(vec![
        Cell::text("Total"),
        count(draw.selected_customers),
        count(draw.target),
        count(draw.control),
    ]);
    out
}

impl Results {
    /// The forecast: model status, fitted parameters (only for a converged
    /// fit), totals, the holdout check and the predictive groups.
    pub(super) fn forecast_section(&self, charts: &Charts, lang: Language) -> Option<Section> {
        let output = self.analysis.predict.as_ref()?;
        let mut section = Section::new("forecast", i18n::SECTION_PREDICTION.get(lang))
            .with_intro(i18n::EXPLAIN_PREDICTION.get(lang));
        let fitted = match &output.status {
            Status::Fitted => {
                section = section.with(callout(
                    Tone::Success,
                    Some(i18n::MODEL_FITTED_TITLE.get(lang)),
                    i18n::MODEL_FITTED.get(lang),
                ));
                true
            }
            Status::Fallback {
                reason_fr,
                reason_en,
            } => {
                section = section.with(callout(
                    Tone::Warning,
                    Some(i18n::MODEL_FALLBACK_TITLE.get(lang)),
                    format!(
                        "{} {}",
                        lang.pick(reason_fr, reason_en),
                        i18n::MODEL_FALLBACK.get(lang)
                    ),
                ));
                false
            }
        };
        let horizon = format!(
            "{} {}",
            format::number_trimmed(output.horizon, 1, lang),
            time_unit_label(output.time_unit, lang)
        );
        let totals = &output.totals;
        section = section.with(Block::Kpis(vec![
            Kpi::new(
                i18n::KPI_EXPECTED_BUYERS.get(lang),
                Cell::number(totals.expected_buyers, 0),
            )
            .with_detail(i18n::OVER_HORIZON.get(lang).replace("{horizon}", &horizon)),
            Kpi::new(
                i18n::KPI_EXPECTED_PURCHASES.get(lang),
                Cell::number(totals.expected_purchases, 0),
            ),
            Kpi::new(
                i18n::SERIES_EXPECTED_REVENUE.get(lang),
                Cell::Money(totals.expected_revenue),
            ),
            Kpi::new(
                i18n::KPI_EXPECTED_MARGIN.get(lang),
                Cell::Money(totals.expected_margin),
            )
            .with_detail(
                i18n::MARGIN_RATE_DETAIL
                    .get(lang)
                    .replace("{rate}", &format::percent(output.margin_rate, 0, lang)),
            ),
        ]));
        if fitted {
            if let Some(bgnbd) = &output.bgnbd {
                section = section
                    .with(Block::Subheading(i18n::MODEL_PARAMETERS.get(lang).into()))
                    .with(Block::Paragraph(
                        i18n::EXPLAIN_BGNBD_PARAMETERS.get(lang).into(),
                    ));
                let mut parameters = table(&[
                    ("parameter", "Paramètre", "Parameter"),
                    ("value", "Valeur", "Value"),
                    ("std_error", "Erreur type", "Standard error"),
                ]);
                let se = bgnbd.std_errors;
                for (name, value, error) in [
                    ("r", bgnbd.r, se.map(|s| s.r)),
                    ("α", bgnbd.alpha, se.map(|s| s.alpha)),
                    ("a", bgnbd.a, se.map(|s| s.a)),
                    ("b", bgnbd.b, se.map(|s| s.b)),
                ] {
                    parameters.push(vec![
                        Cell::text(format!("BG/NBD {name}")),
                        Cell::number(value, 4),
                        error.map_or(Cell::Empty, |e| Cell::number(e, 4)),
                    ]);
                }
                parameters.push(vec![
                    Cell::text(i18n::LOG_LIKELIHOOD.get(lang)),
                    Cell::number(bgnbd.log_likelihood, 2),
                    Cell::Empty,
                ]);
                parameters.push(vec![
                    Cell::text(i18n::CONVERGED.get(lang)),
                    yes_no(bgnbd.converged, lang),
                    Cell::text(
                        i18n::ITERATIONS
                            .get(lang)
                            .replace("{n}", &format::integer(bgnbd.iterations as i64, lang)),
                    ),
                ]);
                if let Some(gg) = &output.gamma_gamma {
                    let se = gg.std_errors;
                    for (name, value, error) in [
                        ("p", gg.p, se.map(|s| s.p)),
                        ("q", gg.q, se.map(|s| s.q)),
                        ("v", gg.v, se.map(|s| s.v)),
                    ] {
                        parameters.push(vec![
                            Cell::text(format!("Gamma-Gamma {name}")),
                            Cell::number(value, 4),
                            error.map_or(Cell::Empty, |e| Cell::number(e, 4)),
                        ]);
                    }
                    if let Some(correlation) = gg.freq_spend_correlation {
                        parameters.push(vec![
                            Cell::text(i18n::FREQ_SPEND_CORRELATION.get(lang)),
                            Cell::number(correlation, 3),
                            Cell::Empty,
                        ]);
                    }
                }
                section = section.with(data_table(
                    Some(i18n::CAPTION_MODEL_PARAMETERS.get(lang).into()),
                    parameters,
                ));
                if let Some(warning) = output
                    .gamma_gamma
                    .as_ref()
                    .and_then(|gg| gg.independence_warning.as_ref())
                {
                    section = section.with(callout(
                        Tone::Warning,
                        Some(i18n::INDEPENDENCE_WARNING_TITLE.get(lang)),
                        lang.pick(&warning.fr, &warning.en),
                    ));
                }
            }
        }
        for warning in &output.warnings {
            section = section.with(callout(
                Tone::Info,
                None,
                lang.pick(&warning.fr, &warning.en),
            ));
        }
        if let Some(holdout) = &output.holdout {
            section = self.holdout_blocks(section, holdout, charts, lang);
        }
        if !output.groups.is_empty() {
            section = section
                .with(Block::Subheading(i18n::SECTION_GROUPS.get(lang).into()))
                .with(Block::Paragraph(i18n::EXPLAIN_GROUPS.get(lang).into()));
            if let Some(block) = figure(charts.groups.as_ref(), i18n::CHART_GROUPS_DESC.get(lang)) {
                section = section.with(block);
            }
            section = section.with(data_table(
                Some(
                    i18n::CAPTION_GROUPS
                        .get(lang)
                        .replace("{horizon}", &horizon),
                ),
                groups_table(&output.groups),
            ));
        }
        Some(section)
    }

    fn holdout_blocks(
        &self,
        mut section: Section,
        holdout: &Holdout,
        charts: &Charts,
        lang: Language,
    ) -> Section {
        section = section
            .with(Block::Subheading(i18n::SECTION_HOLDOUT.get(lang).into()))
            .with(Block::Paragraph(i18n::EXPLAIN_HOLDOUT.get(lang).into()))
            .with(Block::Kpis(vec![
                Kpi::new(
                    i18n::KPI_PREDICTED_REPEAT.get(lang),
                    Cell::number(holdout.predicted_repeat_purchases, 0),
                )
                .with_detail(
                    i18n::HOLDOUT_PERIOD
                        .get(lang)
                        .replace("{from}", &format::date(holdout.calibration_end, lang))
                        .replace("{to}", &format::date(holdout.holdout_end, lang)),
                ),
                Kpi::new(
                    i18n::KPI_ACTUAL_REPEAT.get(lang),
                    Cell::number(holdout.actual_repeat_purchases, 0),
                ),
                Kpi::new("MAE", Cell::number(holdout.mae, 3))
                    .with_detail(i18n::PER_CUSTOMER.get(lang)),
                Kpi::new("RMSE", Cell::number(holdout.rmse, 3))
                    .with_detail(i18n::PER_CUSTOMER.get(lang)),
            ]));
        if let Some(block) = figure(charts.holdout.as_ref(), i18n::CHART_HOLDOUT_TITLE.get(lang)) {
            section = section.with(block);
        }
        let mut by_frequency = table(&[
            (
                "frequency",
                "Achats répétés (calage)",
                "Repeat purchases (calibration)",
            ),
            ("customers", "Clients", "Customers"),
            ("predicted", "Prévu", "Forecast"),
            ("actual", "Réel", "Actual"),
            (
                "predicted_mean",
                "Prévu par client",
                "Forecast per customer",
            ),
            ("actual_mean", "Réel par client", "Actual per customer"),
        ]);
        for row in &holdout.by_frequency {
            by_frequency.push(vec![
                Cell::text(&row.frequency),
                count(row.customers),
                Cell::number(row.predicted, 1),
                Cell::number(row.actual, 1),
                Cell::number(row.predicted_mean, 2),
                Cell::number(row.actual_mean, 2),
            ]);
        }
        section.with(data_table(
            Some(i18n::CAPTION_HOLDOUT_BY_FREQUENCY.get(lang).into()),
            by_frequency,
        ))
    }

    /// The value × potential matrix and its three strategy groups.
    pub(super) fn cross_section(&self, charts: &Charts, lang: Language) -> Option<Section> {
        let output = self.analysis.cross.as_ref()?;
        let mut section = Section::new("cross", i18n::SECTION_CROSS.get(lang))
            .with_intro(i18n::EXPLAIN_CROSS.get(lang));
        if self.analysis.prospects > 0 {
            let new_customer = self
                .analysis
                .predict
                .as_ref()
                .and_then(|p| p.new_customer.as_ref());
            section = section.with(Block::Paragraph(match new_customer {
                Some(forecast) => i18n::EXPLAIN_PROSPECT_POTENTIAL
                    .get(lang)
                    .replace("{clv}", &format::money(forecast.clv, lang)),
                None => i18n::EXPLAIN_PROSPECT_NO_MODEL.get(lang).into(),
            }));
        }
        if let Some(block) = figure(charts.cross.as_ref(), i18n::CAPTION_CROSS_GRID.get(lang)) {
            section = section.with(block);
        }
        // The matrix as a grid: current value down, potential across.
        let potentials = ["A'", "B'", "C'"];
        let mut grid = table(&[
            ("value_class", "Valeur \\ potentiel", "Value \\ potential"),
            ("a", "A'", "A'"),
            ("b", "B'", "B'"),
            ("c", "C'", "C'"),
        ]);
        let mut rows: Vec<&str> = Vec::new();
        for cell in &output.matrix {
            if !rows.contains(&cell.value_class.as_str()) {
                rows.push(&cell.value_class);
            }
        }
        for value_class in rows {
            let mut row = vec![Cell::text(value_class)];
            for potential in potentials {
                row.push(
                    output
                        .cell(value_class, potential)
                        .map_or(Cell::Empty, |c| {
                            Cell::text(format!(
                                "{} · {}",
                                count_customers(c.customers, lang),
                                format::money_compact(c.revenue, lang)
                            ))
                        }),
                );
            }
            grid.push(row);
        }
        section = section.with(data_table(
            Some(i18n::CAPTION_CROSS_GRID.get(lang).into()),
            grid,
        ));
        let mut strategies = table(&[
            ("strategy", "Groupe", "Group"),
            ("cells", "Cases", "Cells"),
            ("customers", "Clients", "Customers"),
            ("share_customers", "Part des clients", "Share of customers"),
            ("share_revenue", "Part du CA", "Share of revenue"),
            (
                "share_predicted",
                "Part de la valeur prévue",
                "Share of predicted value",
            ),
            (
                "action",
                "Usage recommandé des moyens",
                "Recommended use of resources",
            ),
        ]);
        for strategy in &output.strategies {
            strategies.push(vec![
                Cell::text(lang.pick(&strategy.label_fr, &strategy.label_en)),
                Cell::text(strategy.cells.join(", ")),
                count(strategy.customers),
                Cell::percent(strategy.customer_share, 1),
                Cell::percent(strategy.revenue_share, 1),
                Cell::percent(strategy.predicted_value_share, 1),
                Cell::text(lang.pick(&strategy.action_fr, &strategy.action_en)),
            ]);
        }
        Some(section.with(data_table(
            Some(i18n::CAPTION_CROSS_STRATEGIES.get(lang).into()),
            strategies,
        )))
    }

    /// Campaign P&L per segment × channel, the recommendations and the
    /// selection under a budget.
    pub(super) fn campaign_section(&self, lang: Language) -> Option<Section> {
        let output = self.analysis.campaign.as_ref()?;
        let mut section = Section::new("campaign", i18n::SECTION_CAMPAIGN.get(lang))
            .with_intro(i18n::EXPLAIN_CAMPAIGN.get(lang))
            .with(Block::Paragraph(
                i18n::CAMPAIGN_SETTINGS
                    .get(lang)
                    .replace(
                        "{weeks}",
                        &format::number_trimmed(output.window_weeks, 1, lang),
                    )
                    .replace("{margin}", &format::percent(output.margin_rate, 0, lang))
                    .replace(
                        "{source}",
                        if output.model_response {
                            i18n::RESPONSE_FROM_MODEL.get(lang)
                        } else {
                            i18n::RESPONSE_OBSERVED.get(lang)
                        },
                    ),
            ));
        let recommendations: Vec<(String, String)> = output
            .segments
            .iter()
            .map(|s| {
                (
                    lang.pick(&s.label_fr, &s.label_en).to_string(),
                    lang.pick(&s.recommendation.fr, &s.recommendation.en)
                        .to_string(),
                )
            })
            .collect();
        section = section
            .with(Block::Subheading(i18n::RECOMMENDATIONS.get(lang).into()))
            .with(Block::Definitions(recommendations))
            .with(data_table(
                Some(i18n::CAPTION_CAMPAIGN.get(lang).into()),
                campaign_table(output, lang),
            ));
        // One sentence per segment, on its best channel: the full
        // segment × channel figures are in the table above.
        let sentences: Vec<(String, String)> = output
            .segments
            .iter()
            .filter_map(|s| {
                let best = s.channels.iter().find(|c| c.channel == s.best_channel)?;
                Some((
                    format!(
                        "{} × {}",
                        lang.pick(&s.label_fr, &s.label_en),
                        channel_label(output, &best.channel, lang)
                    ),
                    lang.pick(&best.sentence.fr, &best.sentence.en).to_string(),
                ))
            })
            .collect();
        section = section
            .with(Block::Subheading(i18n::CAMPAIGN_DETAIL.get(lang).into()))
            .with(Block::Definitions(sentences));
        let plan = &output.plan;
        if let Some(budget) = plan.budget {
            let mut selection = table(&[
                ("segment", "Segment", "Segment"),
                ("channel", "Canal", "Channel"),
                ("contacts", "Contacts", "Contacts"),
                ("cost", "Coût", "Cost"),
                ("expected_revenue", "CA attendu", "Expected revenue"),
                ("net_margin", "Marge nette", "Net margin"),
            ]);
            for chosen in &plan.selections {
                selection.push(vec![
                    Cell::text(segment_plan_label(output, &chosen.segment, lang)),
                    Cell::text(channel_label(output, &chosen.channel, lang)),
                    count(chosen.contacts),
                    Cell::Money(chosen.cost),
                    Cell::Money(chosen.expected_revenue),
                    Cell::Money(chosen.net_margin),
                ]);
            }
            section = section
                .with(Block::Subheading(i18n::BUDGET_SELECTION.get(lang).into()))
                .with(Block::Paragraph(
                    i18n::BUDGET_SENTENCE
                        .get(lang)
                        .replace("{budget}", &format::money(budget, lang))
                        .replace("{cost}", &format::money(plan.total_cost, lang))
                        .replace(
                            "{revenue}",
                            &format::money(plan.total_expected_revenue, lang),
                        )
                        .replace("{net}", &format::money(plan.total_net_margin, lang)),
                ))
                .with(data_table(None, selection));
        }
        Some(section)
    }

    /// Migrations between two dates: headlines and flows for RFM, the
    /// balance per class for the other methods.
    pub(super) fn migrations_section(&self, charts: &Charts, lang: Language) -> Option<Section> {
        let all = &self.analysis.migrations;
        let skipped = &self.analysis.migrations_skipped;
        if all.is_empty() {
            return None;
        }
        let mut section = Section::new("migrations", i18n::SECTION_MIGRATIONS.get(lang))
            .with_intro(i18n::EXPLAIN_MIGRATIONS.get(lang));
        for (method, title) in [
            ("rfm", i18n::METHOD_RFM_SHORT),
            ("abc", i18n::METHOD_ABC_SHORT),
            ("points", i18n::METHOD_POINTS_SHORT),
            ("predictive", i18n::METHOD_GROUPS_SHORT),
        ] {
            let Some(output) = all.get(method) else {
                if let Some(reason) = skipped.get(method) {
                    section = section
                        .with(Block::Subheading(title.get(lang).to_string()))
                        .with(callout(
                            Tone::Info,
                            None,
                            lang.pick(&reason.reason_fr, &reason.reason_en),
                        ));
                }
                continue;
            };
            section = section.with(Block::Subheading(format!(
                "{} ({} → {})",
                title.get(lang),
                format::date(output.from_date, lang),
                format::date(output.to_date, lang)
            )));
            let headlines = pick_list(lang, &output.headlines_fr, &output.headlines_en);
            for headline in headlines {
                section = section.with(Block::Paragraph(headline.clone()));
            }
            if method == "rfm" {
                if let Some(block) = figure(
                    charts.migrations.as_ref(),
                    i18n::SECTION_MIGRATIONS.get(lang),
                ) {
                    section = section.with(block);
                }
            }
            section = section.with(data_table(None, migration_table(output, lang)));
        }
        Some(section)
    }

    /// Kaplan-Meier survival by first channel.
    pub(super) fn survival_section(
        &self,
        charts: &Charts,
        has_channel: bool,
        lang: Language,
    ) -> Option<Section> {
        let output = self.analysis.survival.as_ref()?;
        let mut section = Section::new("survival", i18n::SECTION_SURVIVAL.get(lang))
            .with_intro(i18n::EXPLAIN_SURVIVAL.get(lang));
        if !has_channel {
            section = section.with(callout(Tone::Info, None, i18n::NO_CHANNEL_COLUMN.get(lang)));
        }
        for note in pick_list(lang, &output.notes_fr, &output.notes_en) {
            section = section.with(callout(Tone::Info, None, note.clone()));
        }
        if !output.available {
            return Some(section);
        }
        section = section.with(Block::Paragraph(i18n::LAPSE_RULE.get(lang).replace(
            "{days}",
            &format::integer(i64::from(output.inactivity_days), lang),
        )));
        let suggestion = lang.pick(&output.suggestion_fr, &output.suggestion_en);
        if !suggestion.is_empty() {
            section = section.with(callout(
                Tone::Info,
                Some(i18n::INACTIVITY_SUGGESTION.get(lang)),
                suggestion,
            ));
        }
        if let Some(block) = figure(charts.survival.as_ref(), i18n::SECTION_SURVIVAL.get(lang)) {
            section = section.with(block);
        }
        section = section.with(data_table(
            Some(i18n::CAPTION_SURVIVAL.get(lang).into()),
            survival_table(output, lang),
        ));
        if let Some(logrank) = &output.logrank {
            let verdict = if logrank.p_value < 0.05 {
                i18n::LOGRANK_DIFFERENT
            } else {
                i18n::LOGRANK_SIMILAR
            };
            section = section.with(Block::Paragraph(
                verdict
                    .get(lang)
                    .replace("{statistic}", &format::number(logrank.statistic, 2, lang))
                    .replace("{df}", &logrank.df.to_string())
                    .replace("{p}", &format_p_value(logrank.p_value, lang)),
            ));
        }
        Some(section)
    }

    /// Cohort retention heat map.
    pub(super) fn cohorts_section(&self, charts: &Charts, lang: Language) -> Option<Section> {
        let output = self.analysis.cohorts.as_ref()?;
        let mut section = Section::new("cohorts", i18n::SECTION_COHORTS.get(lang))
            .with_intro(i18n::EXPLAIN_COHORTS.get(lang));
        for note in pick_list(lang, &output.notes_fr, &output.notes_en) {
            section = section.with(callout(Tone::Info, None, note.clone()));
        }
        if let Some(block) = figure(charts.cohorts.as_ref(), i18n::CHART_COHORTS_DESC.get(lang)) {
            section = section.with(block);
        }
        Some(section)
    }

    /// The control draw: seed, share and counts per segment.
    pub(super) fn control_section(&self, lang: Language) -> Option<Section> {
        let draw = self.analysis.control.as_ref()?;
        Some(
            Section::new("control", i18n::SECTION_CONTROL.get(lang))
                .with_intro(i18n::EXPLAIN_CONTROL.get(lang))
                .with(Block::Paragraph(
                    i18n::CONTROL_DRAW
                        .get(lang)
                        .replace("{share}", &format::percent(draw.share, 1, lang))
                        .replace("{seed}", &draw.seed.to_string()),
                ))
                .with(data_table(None, control_table(draw))),
        )
    }

    /// The analyses that could not run, with their reasons.
    pub(super) fn unavailable_section(&self, lang: Language) -> Option<Section> {
        let unavailable = &self.analysis.unavailable;
        if unavailable.is_empty() {
            return None;
        }
        let list: Vec<String> = unavailable
            .iter()
            .map(|(analysis, reason)| {
                format!(
                    "{analysis}{} {}",
                    lang.pick("\u{A0}:", ":"),
                    reason.get(lang)
                )
            })
            .collect();
        Some(
            Section::new("unavailable", i18n::SECTION_UNAVAILABLE.get(lang)).with(callout(
                Tone::Warning,
                Some(i18n::UNAVAILABLE_TITLE.get(lang)),
                list.join(" · "),
            )),
        )
    }
}

/// A p-value as people read it: "< 0,001" below a thousandth.
fn format_p_value(p: f64, lang: Language) -> String {
    if p < 0.001 {
        format!("< {}", format::number(0.001, 3, lang))
    } else {
        format::number(p, 3, lang)
    }
}

pub(super) fn pick_list<'a>(lang: Language, fr: &'a [String], en: &'a [String]) -> &'a [String] {
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}
