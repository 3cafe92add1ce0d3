//! The full HTML report of a result: the deliverable a marketer prints or
//! sends on, written by the CLI (`report.html`) and downloaded from the page
//! (`rapport-segmentation.html`), byte-identical for the same file and
//! settings apart from the generation time.

use super::charts::Charts;
use super::rows::{segment_label, CustomerRows};
use super::style::{class_color, segment_color, tier_colors};
use super::tables;
use super::words::{count_customers, share_of_customers, share_of_value};
use crate::abc::{AbcClass, Basis};
use crate::export::{Cell, Column, Table};
use crate::i18n::{self, Language, Text};
use crate::labels::Note;
use crate::pipeline::{Analysis, Results};
use crate::report::{Block, Callout, DataTable, Document, Figure, Kpi, NextStep, Section, Tone};
use crate::rfm::{Segment, SegmentSummary};
use crate::{format, Customers};
use serde::{Deserialize, Serialize};

/// Customers listed in the report's "top customers" table.
const TOP_CUSTOMERS: usize = 10;

impl Results {
    /// The complete, self-contained HTML report in `language`.
    ///
    /// Contents: the file, the date and every setting used; key figures and
    /// what to take away; the account of every row (skipped rows by reason,
    /// with examples and line numbers) and how the file was read; the R×F
    /// map and the score thresholds; the segment table with definitions and
    /// recommended actions; the ABC curve, classes and top customers; the
    /// value tiers and their scales; and a "what to do next" card per
    /// non-empty segment, best first. Each analysis is explained in plain
    /// words.
    ///
    /// Inline CSS and SVG only: no script, no external resource, no `http`
    /// anywhere (a URL found in the data is shown with an invisible word
    /// joiner inside `http`, so it stays readable but is never a reference).
    /// Every value from the data is escaped. `generated_at` is printed as
    /// given (the core never reads the clock); the rest of the document
    /// depends only on the result and `language`.
    pub fn report_html(&self, language: Language, generated_at: &str) -> String {
        self.render_report(&self.report_facts(language), language, generated_at)
    }

    /// The report as a [`Document`], before rendering (for callers that
    /// want to add sections of their own).
    pub fn report_document(&self, language: Language, generated_at: &str) -> Document {
        self.report_document_with(&self.report_facts(language), language, generated_at)
    }

    /// What [`Results::report_html`] needs to write the report in
    /// `language` elsewhere (the page's spreadsheet module, which the main
    /// module leaves the report to): the analyses and the few figures the
    /// report reads of single customers, as JSON for
    /// [`report_html_from_input`].
    ///
    /// ```
    /// use segmento::ingest::{ingest_bytes, IngestOptions};
    /// use segmento::pipeline::{analyze, Config};
    /// use segmento::present::report_html_from_input;
    /// use segmento::Language;
    ///
    /// let csv = b"client;date;montant\nA;02/01/2024;10\nB;03/01/2024;20\nA;05/02/2024;30\n";
    /// let ingested = ingest_bytes(csv, IngestOptions::default()).unwrap();
    /// let results = analyze(ingested, &Config::default(), &mut |_| {}).unwrap();
    /// let input = results.report_input(Language::En);
    /// let html = report_html_from_input(input.as_bytes(), "2024-12-31 18:00").unwrap();
    /// assert_eq!(html, results.report_html(Language::En, "2024-12-31 18:00"));
    /// ```
    pub fn report_input(&self, language: Language) -> String {
        let input = ReportInputRef {
            language,
            analysis: &self.analysis,
            facts: self.report_facts(language),
        };
        // Plain data (strings, numbers, maps with string keys): serde_json
        // cannot fail on it.
        serde_json::to_string(&input).unwrap_or_default()
    }

    /// The figures of single customers the report shows, in `language`.
    fn report_facts(&self, lang: Language) -> ReportFacts {
        let customers = &self.customers;
        let monetary = match self.analysis.rfm.monetary {
            crate::rfm::Monetary::Revenue => mean_of(customers, |c| c.revenue, 0),
            crate::rfm::Monetary::AverageOrderValue => {
                mean_of(customers, |c| c.average_order_value(), 0)
            }
        };
        ReportFacts {
            revenue_per_customer: per_customer(customers),
            segment_means: vec![
                mean_of(customers, |c| c.recency_days(customers.as_of) as f64, 0),
                mean_of(customers, |c| f64::from(c.frequency), 1),
                monetary,
            ],
            mean_points: mean_points(self),
            top_customers: self.top_customer_rows(lang),
            has_channel: customers.has_channel,
        }
    }

    fn render_report(&self, facts: &ReportFacts, language: Language, generated_at: &str) -> String {
        let mut document = self.report_document_with(facts, language, generated_at);
        if language == Language::Fr {
            french_spacing(&mut document);
        }
        no_http(document.to_html())
    }

    /// The report's document from the analyses and `facts`: nothing here
    /// reads single customers (`self.customers` or the analyses'
    /// per-customer lists), which [`report_html_from_input`] does not have.
    fn report_document_with(
        &self,
        facts: &ReportFacts,
        language: Language,
        generated_at: &str,
    ) -> Document {
        let lang = language;
        let charts = self.charts(lang);
        let file_name = self
            .analysis
            .input
            .file_name
            .clone()
            .unwrap_or_else(|| i18n::UNNAMED_FILE.get(lang).to_string());
        Document {
            language: lang,
            title: i18n::REPORT_TITLE.get(lang).to_string(),
            file_name,
            generated_at: generated_at.to_string(),
            settings: tables::settings(self, lang),
            sections: [
                Some(self.key_figures_section(facts, lang)),
                Some(self.rows_section(lang)),
                Some(self.rfm_map_section(&charts, lang)),
                Some(self.segments_section(&charts, facts, lang)),
                Some(self.abc_section(&charts, facts, lang)),
                Some(self.points_section(&charts, facts, lang)),
                self.forecast_section(&charts, lang),
                self.cross_section(&charts, lang),
                self.campaign_section(lang),
                self.migrations_section(&charts, lang),
                self.snapshot_section(&charts, lang),
                self.survival_section(&charts, facts.has_channel, lang),
                self.cohorts_section(&charts, lang),
                self.control_section(lang),
                self.uplift_section(&charts, lang),
                self.unavailable_section(lang),
                Some(self.next_steps_section(lang)),
                Some(self.method_section(lang)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }

    fn key_figures_section(&self, facts: &ReportFacts, lang: Language) -> Section {
        let analysis = &self.analysis;
        let rows = &analysis.rows;
        // Four cards: they fit one row of the page and of an A4 sheet.
        let mut revenue_detail = i18n::KPI_REVENUE_DETAIL
            .get(lang)
            .replace("{value}", &format::money(facts.revenue_per_customer, lang));
        if let Some(margin) = analysis.margin_total {
            revenue_detail.push_str(
                &i18n::KPI_MARGIN_DETAIL
                    .get(lang)
                    .replace("{value}", &format::money(margin, lang)),
            );
        }
        let kpis = vec![
            kpi_with(
                i18n::KPI_CUSTOMERS,
                tables::count(analysis.customers),
                (analysis.prospects > 0).then(|| {
                    i18n::KPI_PROSPECTS_DETAIL
                        .get(lang)
                        .replace("{n}", &format::integer(analysis.prospects as i64, lang))
                }),
                lang,
            ),
            kpi_with(
                i18n::KPI_REVENUE,
                Cell::Money(analysis.revenue_total),
                Some(revenue_detail),
                lang,
            ),
            kpi_with(
                i18n::ROWS_USED,
                Cell::Integer(tables::clamp_u64(rows.used)),
                Some(
                    if rows.skipped_total() == 0 {
                        i18n::KPI_ROWS_USED_DETAIL_ALL
                    } else {
                        i18n::KPI_ROWS_USED_DETAIL
                    }
                    .get(lang)
                    .replace(
                        "{skipped}",
                        &format::integer(tables::clamp_u64(rows.skipped_total()), lang),
                    )
                    .replace(
                        "{read}",
                        &format::integer(tables::clamp_u64(rows.read), lang),
                    ),
                ),
                lang,
            ),
            kpi_with(
                i18n::AS_OF,
                Cell::text(format::date(analysis.as_of, lang)),
                Some(format::date_long(analysis.as_of, lang)),
                lang,
            ),
        ];
        let mut section = Section::new("kpis", i18n::SECTION_KPIS.get(lang))
            .with_intro(i18n::EXPLAIN_KPIS.get(lang))
            .with(Block::Kpis(kpis));
        let findings = self.findings(lang);
        if !findings.is_empty() {
            section = section
                .with(Block::Subheading(i18n::TAKEAWAYS.get(lang).into()))
                .with(Block::Definitions(findings));
        }
        section
    }

    /// The few sentences a reader should remember.
    fn findings(&self, lang: Language) -> Vec<(String, String)> {
        let analysis = &self.analysis;
        let mut out = Vec::new();
        if analysis.customers == 0 {
            return out;
        }
        let abc = &analysis.abc;
        if abc.positive_value_total > 0.0 {
            let mut sentence = lang.pick(&abc.sentence_fr, &abc.sentence_en).to_string();
            if let Some(gini) = abc.gini {
                sentence.push_str(
                    &i18n::GINI_SUFFIX
                        .get(lang)
                        .replace("{gini}", &format::number(gini, 2, lang)),
                );
            }
            sentence.push('.');
            out.push((i18n::FINDING_CONCENTRATION.get(lang).into(), sentence));
        }
        let group = |segments: &[Segment]| {
            let list: Vec<&SegmentSummary> = analysis
                .rfm
                .segments
                .iter()
                .filter(|s| segments.contains(&s.key))
                .collect();
            let customers: usize = list.iter().map(|s| s.customers).sum();
            let share_customers: f64 = list.iter().map(|s| s.share_customers).sum();
            let share_revenue: f64 = list.iter().map(|s| s.share_revenue).sum();
            (customers, share_customers, share_revenue)
        };
        let describe = |text: Text, segments: &[Segment]| {
            let (customers, share_customers, share_revenue) = group(segments);
            let names: Vec<&str> = segments.iter().map(|s| segment_label(*s, lang)).collect();
            text.get(lang)
                .replace("{segments}", &join_names(&names, lang))
                .replace("{customers}", &count_customers(customers, lang))
                .replace("{share_customers}", &format::share(share_customers, lang))
                .replace("{share_revenue}", &format::share(share_revenue, lang))
        };
        out.push((
            i18n::FINDING_BEST.get(lang).into(),
            describe(
                i18n::FINDING_BEST_TEXT,
                &[Segment::Champions, Segment::Loyal],
            ),
        ));
        let (at_risk, _, _) = group(&[Segment::AtRisk, Segment::CantLoseThem]);
        if at_risk > 0 {
            out.push((
                i18n::FINDING_AT_RISK.get(lang).into(),
                describe(
                    i18n::FINDING_AT_RISK_TEXT,
                    &[Segment::CantLoseThem, Segment::AtRisk],
                ),
            ));
        }
        let (lapsed, _, _) = group(&[Segment::Hibernating, Segment::Lost]);
        if lapsed > 0 {
            out.push((
                i18n::FINDING_LAPSED.get(lang).into(),
                describe(
                    i18n::FINDING_LAPSED_TEXT,
                    &[Segment::Hibernating, Segment::Lost],
                ),
            ));
        }
        if let Some(largest) = analysis
            .rfm
            .segments
            .iter()
            .filter(|s| s.customers > 0)
            .max_by(|a, b| a.customers.cmp(&b.customers).then(b.key.cmp(&a.key)))
        {
            out.push((
                i18n::FINDING_LARGEST.get(lang).into(),
                i18n::FINDING_LARGEST_TEXT
                    .get(lang)
                    .replace("{segment}", lang.pick(&largest.label_fr, &largest.label_en))
                    .replace(
                        "{share_customers}",
                        &share_of_customers(largest.share_customers, lang),
                    )
                    .replace(
                        "{share_revenue}",
                        &format::share(largest.share_revenue, lang),
                    ),
            ));
        }
        out
    }

    fn rows_section(&self, lang: Language) -> Section {
        let analysis = &self.analysis;
        let rows = &analysis.rows;
        let mut section = Section::new("rows", i18n::SECTION_ROWS.get(lang))
            .with_intro(i18n::EXPLAIN_ROWS.get(lang))
            .with(Block::Kpis(vec![
                Kpi::new(
                    i18n::ROWS_READ.get(lang),
                    Cell::Integer(tables::clamp_u64(rows.read)),
                ),
                Kpi::new(
                    i18n::ROWS_USED.get(lang),
                    Cell::Integer(tables::clamp_u64(rows.used)),
                )
                .with_detail(format::share(
                    tables::share(rows.used as f64, rows.read as f64),
                    lang,
                )),
                Kpi::new(
                    i18n::ROWS_SKIPPED.get(lang),
                    Cell::Integer(tables::clamp_u64(rows.skipped_total())),
                )
                .with_detail(format::share(
                    tables::share(rows.skipped_total() as f64, rows.read as f64),
                    lang,
                )),
            ]));
        if rows.skipped_total() == 0 {
            section = section.with(Block::Callout(Callout {
                tone: Tone::Success,
                title: None,
                text: i18n::ALL_ROWS_USED.get(lang).into(),
            }));
        } else {
            section = section
                .with(Block::Table(DataTable {
                    caption: Some(i18n::CAPTION_SKIPPED_BY_REASON.get(lang).into()),
                    ..DataTable::new(tables::skipped_by_reason(self, lang))
                }))
                .with(Block::Table(DataTable {
                    caption: Some(i18n::CAPTION_SKIPPED_EXAMPLES.get(lang).into()),
                    ..DataTable::new(tables::skipped_examples(self, lang))
                }));
        }
        if analysis.input.date_order_assumed {
            section = section.with(Block::Callout(Callout {
                tone: Tone::Warning,
                title: Some(i18n::DATE_ORDER_ASSUMED_TITLE.get(lang).into()),
                text: i18n::DATE_ORDER_ASSUMED.get(lang).into(),
            }));
        }
        section = section
            .with(Block::Subheading(
                i18n::HOW_THE_FILE_WAS_READ.get(lang).into(),
            ))
            .with(Block::Paragraph(tables::file_reading(self, lang)))
            .with(Block::Subheading(
                i18n::CAPTION_COLUMNS_USED.get(lang).into(),
            ))
            .with(Block::Definitions(
                analysis
                    .input
                    .columns
                    .iter()
                    .map(|(role, header)| {
                        (
                            tables::role_label(*role, lang).to_string(),
                            i18n::QUOTED.get(lang).replace("{value}", header),
                        )
                    })
                    .collect(),
            ));
        if !analysis.input.notes.is_empty() {
            section = section.with(Block::Subheading(i18n::READING_NOTES.get(lang).into()));
            for note in &analysis.input.notes {
                section = section.with(Block::Paragraph(note.get(lang).to_string()));
            }
        }
        section
    }

    fn rfm_map_section(&self, charts: &Charts, lang: Language) -> Section {
        let rfm = &self.analysis.rfm;
        let mut section = Section::new("rfm-map", i18n::SECTION_RFM_MAP.get(lang))
            .with_intro(i18n::EXPLAIN_RFM_MAP.get(lang))
            .with(Block::Figure(Figure {
                svg: charts.rfm_grid.clone(),
                caption: i18n::CAPTION_RFM_MAP.get(lang).into(),
            }));
        for note in &rfm.notes {
            section = section.with(note_callout(note, Tone::Info, lang));
        }
        section
    }

    fn segments_section(&self, charts: &Charts, facts: &ReportFacts, lang: Language) -> Section {
        let rfm = &self.analysis.rfm;
        let full = tables::segments(self, lang);
        let mut table = project(
            &full,
            &[
                "segment",
                "customers",
                "share_customers",
                "revenue",
                "share_revenue",
                "mean_recency_days",
                "mean_frequency",
                "mean_monetary",
            ],
        );
        // Eight columns must fit an A4 page: short headers here, the full
        // ones in the workbook.
        let mean_monetary = match rfm.monetary {
            crate::rfm::Monetary::Revenue => i18n::SHORT_MEAN_REVENUE_EUROS,
            crate::rfm::Monetary::AverageOrderValue => i18n::SHORT_MEAN_ORDER_EUROS,
        };
        rename(&mut table, "share_customers", i18n::SHORT_SHARE_CUSTOMERS);
        rename(&mut table, "revenue", i18n::SHORT_REVENUE_EUROS);
        rename(&mut table, "share_revenue", i18n::SHORT_SHARE_REVENUE);
        rename(&mut table, "mean_recency_days", i18n::SHORT_MEAN_RECENCY);
        rename(&mut table, "mean_frequency", i18n::SHORT_MEAN_FREQUENCY);
        rename(&mut table, "mean_monetary", mean_monetary);
        let mut total = vec![
            Cell::text(i18n::TOTAL.get(lang)),
            tables::count(rfm.customers_total),
            Cell::percent(
                tables::share(rfm.customers_total as f64, rfm.customers_total as f64),
                1,
            ),
            Cell::Money(rfm.revenue_total),
            Cell::percent(tables::share(rfm.revenue_total, rfm.revenue_total), 1),
        ];
        total.extend(facts.segment_means.iter().cloned());
        // Whole euros (the header says €): cents make the table too wide
        // for A4 and say nothing at the scale of a segment.
        for row in table.rows.iter_mut().chain(std::iter::once(&mut total)) {
            for cell in row.iter_mut() {
                if let Cell::Money(value) = *cell {
                    *cell = Cell::number(value, 0);
                }
            }
        }
        let mut section = Section::new("segments", i18n::SECTION_SEGMENTS.get(lang))
            .with_intro(i18n::EXPLAIN_RFM.get(lang))
            .with(Block::Figure(Figure {
                svg: charts.segments.clone(),
                caption: i18n::CAPTION_SEGMENTS.get(lang).into(),
            }))
            .with(Block::Table(DataTable {
                caption: Some(
                    i18n::CAPTION_SEGMENT_TABLE
                        .get(lang)
                        .replace("{n}", &rfm.segments.len().to_string()),
                ),
                table,
                max_rows: None,
                total: Some(total),
                swatches: rfm.segments.iter().map(|s| segment_color(s.key)).collect(),
            }))
            .with(Block::Table(DataTable {
                caption: Some(i18n::DEFINITIONS_AND_ACTIONS.get(lang).into()),
                table: project(&full, &["segment", "definition", "action"]),
                max_rows: None,
                total: None,
                swatches: rfm.segments.iter().map(|s| segment_color(s.key)).collect(),
            }));
        if !rfm.overrides.is_empty() {
            let list: Vec<String> = rfm
                .overrides
                .iter()
                .map(|o| {
                    i18n::OVERRIDE_ITEM
                        .get(lang)
                        .replace("{code}", &o.code)
                        .replace("{segment}", segment_label(o.segment, lang))
                        .replace("{default}", segment_label(o.default_segment, lang))
                })
                .collect();
            section = section.with(Block::Callout(Callout {
                tone: Tone::Info,
                title: Some(i18n::OVERRIDES_TITLE.get(lang).into()),
                text: list.join(" ; "),
            }));
        }
        section
    }

    fn abc_section(&self, charts: &Charts, facts: &ReportFacts, lang: Language) -> Section {
        let abc = &self.analysis.abc;
        let basis_word = match abc.basis {
            Basis::Revenue => i18n::BASIS_REVENUE.get(lang),
            Basis::Margin => i18n::BASIS_MARGIN.get(lang),
        };
        let intro = i18n::EXPLAIN_ABC_WITH
            .get(lang)
            .replace("{basis}", basis_word)
            .replace("{a}", &format::share(abc.a_cutoff, lang))
            .replace(
                "{b_part}",
                &format::share(abc.b_cutoff - abc.a_cutoff, lang),
            );
        let mut section = Section::new("abc", i18n::SECTION_ABC.get(lang)).with_intro(intro);
        if abc.positive_value_total > 0.0 {
            let mut sentence = lang.pick(&abc.sentence_fr, &abc.sentence_en).to_string();
            if let Some(gini) = abc.gini {
                sentence.push_str(
                    &i18n::GINI_SUFFIX
                        .get(lang)
                        .replace("{gini}", &format::number(gini, 2, lang)),
                );
            }
            sentence.push('.');
            section = section.with(Block::Callout(Callout {
                tone: Tone::Success,
                title: None,
                text: sentence,
            }));
        }
        let class_shares: Vec<String> = abc
            .classes
            .iter()
            .map(|c| {
                i18n::CLASS_SHARES
                    .get(lang)
                    .replace("{class}", c.class.as_str())
                    .replace("{customers}", &share_of_customers(c.share_customers, lang))
                    .replace("{value}", &share_of_value(c.share_value, abc.basis, lang))
            })
            .collect();
        section = section
            .with(Block::Figure(Figure {
                svg: charts.pareto.clone(),
                caption: format!(
                    "{} {}.",
                    i18n::CAPTION_PARETO.get(lang),
                    capitalize(&class_shares.join(" ; "))
                ),
            }))
            .with(Block::Table(DataTable {
                caption: Some(i18n::CAPTION_ABC_CLASSES.get(lang).into()),
                table: tables::classes(self),
                max_rows: None,
                total: Some(tables::classes_total(self, lang)),
                swatches: AbcClass::ALL.iter().map(|c| class_color(*c)).collect(),
            }));
        for note in &abc.notes {
            section = section.with(note_callout(note, Tone::Info, lang));
        }
        if abc.customers_total > 0 {
            section = section
                .with(Block::Subheading(i18n::TOP_CUSTOMERS.get(lang).replace(
                    "{n}",
                    &TOP_CUSTOMERS.min(abc.customers_total).to_string(),
                )))
                .with(Block::Table(DataTable::new(self.top_customers(facts))));
        }
        section
    }

    /// The largest customers by ABC rank, with their segment and tier.
    fn top_customers(&self, facts: &ReportFacts) -> Table {
        let keys = self.top_customer_keys();
        let mut table = Table::new(keys.iter().map(|k| Column::known(k)).collect());
        rename(&mut table, "monetary", i18n::SHORT_REVENUE);
        rename(&mut table, "share_revenue", i18n::SHORT_SHARE_REVENUE);
        rename(&mut table, "rfm_segment_label", i18n::SHORT_SEGMENT);
        rename(&mut table, "value_tier_label", i18n::SHORT_TIER);
        for row in &facts.top_customers {
            table.push(row.clone());
        }
        table
    }

    /// The columns of the top customers table.
    fn top_customer_keys(&self) -> Vec<&'static str> {
        let has_name = self
            .analysis
            .input
            .columns
            .contains_key(&crate::ingest::Role::Name);
        let mut keys = vec!["rank", "customer_id"];
        if has_name {
            keys.push("name");
        }
        keys.extend([
            "monetary",
            "share_revenue",
            "last_purchase",
            "rfm_segment_label",
            "value_tier_label",
        ]);
        keys
    }

    /// The rows of the top customers table, labelled in `lang`.
    fn top_customer_rows(&self, lang: Language) -> Vec<Vec<Cell>> {
        // The smallest (rank, index) pairs in order, kept in a short sorted
        // list: sorting every customer would be wasted work, and its code one
        // more copy of the sort in the page's module.
        let mut ranked: Vec<(u32, usize)> = Vec::with_capacity(TOP_CUSTOMERS + 1);
        for (index, customer) in self.analysis.abc.customers.iter().enumerate() {
            let entry = (customer.rank, index);
            if ranked.len() == TOP_CUSTOMERS && ranked.last().is_some_and(|last| *last < entry) {
                continue;
            }
            let at = ranked.partition_point(|kept| *kept < entry);
            ranked.insert(at, entry);
            ranked.truncate(TOP_CUSTOMERS);
        }
        let rows = CustomerRows::all(self).in_language(lang);
        let keys = self.top_customer_keys();
        let revenue_total = self.analysis.revenue_total;
        ranked
            .into_iter()
            .map(|(rank, index)| {
                keys.iter()
                    .map(|key| match *key {
                        "rank" => Cell::Integer(rank.into()),
                        "share_revenue" => {
                            let revenue = self
                                .customers
                                .customers
                                .get(index)
                                .map_or(0.0, |c| c.revenue);
                            Cell::percent(tables::share(revenue, revenue_total), 1)
                        }
                        key => rows.cell(index, key),
                    })
                    .collect()
            })
            .collect()
    }

    fn points_section(&self, charts: &Charts, facts: &ReportFacts, lang: Language) -> Section {
        let points = &self.analysis.points;
        let mut section = Section::new("points", i18n::SECTION_POINTS.get(lang))
            .with_intro(i18n::EXPLAIN_POINTS.get(lang));
        for note in &points.notes {
            let (tone, title) = match note.key.as_str() {
                "margin_points_left_out" => (
                    Tone::Warning,
                    Some(i18n::NO_MARGIN_COLUMN.get(lang).to_string()),
                ),
                "margin_estimated_from_rate" => (
                    Tone::Info,
                    Some(i18n::MARGIN_ESTIMATED.get(lang).to_string()),
                ),
                _ => (Tone::Info, None),
            };
            section = section.with(Block::Callout(Callout {
                tone,
                title,
                text: note.get(lang).to_string(),
            }));
        }
        let total = vec![
            Cell::text(i18n::TOTAL.get(lang)),
            Cell::Empty,
            tables::count(points.customers_total),
            Cell::percent(
                tables::share(points.customers_total as f64, points.customers_total as f64),
                1,
            ),
            Cell::Money(points.revenue_total),
            Cell::percent(tables::share(points.revenue_total, points.revenue_total), 1),
            facts.mean_points.clone(),
        ];
        section
            .with(Block::Figure(Figure {
                svg: charts.tiers.clone(),
                caption: i18n::CAPTION_TIERS.get(lang).into(),
            }))
            .with(Block::Table(DataTable {
                caption: Some(i18n::CAPTION_TIER_TABLE.get(lang).into()),
                table: project(
                    &tables::tiers(self, lang),
                    &[
                        "tier",
                        "points_range",
                        "customers",
                        "share_customers",
                        "revenue",
                        "share_revenue",
                        "mean_points",
                    ],
                ),
                max_rows: None,
                total: Some(total),
                swatches: tier_colors(points.tiers.len()),
            }))
    }

    /// The appendix: how scores, classes and points are computed, with the
    /// thresholds actually used, for the reader who wants to check a number.
    fn method_section(&self, lang: Language) -> Section {
        let rfm = &self.analysis.rfm;
        let abc = &self.analysis.abc;
        let points = &self.analysis.points;
        let mut section = Section::new("method", i18n::SECTION_METHOD.get(lang))
            .with_intro(i18n::EXPLAIN_METHOD.get(lang))
            .with(Block::Subheading(i18n::METHOD_RFM.get(lang).into()))
            .with(Block::Paragraph(
                lang.pick(&rfm.thresholds.rule_fr, &rfm.thresholds.rule_en)
                    .to_string(),
            ))
            .with(Block::Table(DataTable {
                caption: Some(i18n::CAPTION_SCORE_BANDS.get(lang).into()),
                ..DataTable::new(tables::threshold_bands(self, lang))
            }))
            .with(Block::Paragraph(
                lang.pick(&rfm.grid.rule_fr, &rfm.grid.rule_en).to_string(),
            ))
            .with(Block::Subheading(i18n::METHOD_ABC.get(lang).into()))
            .with(Block::Paragraph(
                lang.pick(&abc.rule_fr, &abc.rule_en).to_string(),
            ))
            .with(Block::Subheading(i18n::METHOD_POINTS.get(lang).into()))
            .with(Block::Paragraph(
                lang.pick(&points.rule_fr, &points.rule_en).to_string(),
            ))
            .with(Block::Paragraph(
                i18n::POINTS_PER_PURCHASE_SENTENCE.get(lang).replace(
                    "{points}",
                    &format::number_trimmed(points.scales.purchase_bonus, 2, lang),
                ),
            ))
            .with(Block::Table(DataTable {
                caption: Some(i18n::SCALE_REVENUE.get(lang).into()),
                ..DataTable::new(tables::scale_rows(&points.scales.revenue.rows, lang))
            }));
        if points.margin_points_included {
            section = section.with(Block::Table(DataTable {
                caption: Some(i18n::SCALE_MARGIN.get(lang).into()),
                ..DataTable::new(tables::scale_rows(&points.scales.margin.rows, lang))
            }));
        }
        section
    }

    fn next_steps_section(&self, lang: Language) -> Section {
        let rfm = &self.analysis.rfm;
        let steps: Vec<NextStep> = rfm
            .segments
            .iter()
            .filter(|s| s.customers > 0)
            .map(|s| NextStep {
                title: lang.pick(&s.label_fr, &s.label_en).to_string(),
                detail: Some(format!(
                    "{} · {} · {}",
                    count_customers(s.customers, lang),
                    share_of_customers(s.share_customers, lang),
                    share_of_value(s.share_revenue, Basis::Revenue, lang)
                )),
                action: lang.pick(&s.action_fr, &s.action_en).to_string(),
                color: Some(segment_color(s.key)),
            })
            .collect();
        let mut section = Section::new("next", i18n::SECTION_NEXT_STEPS.get(lang))
            .with_intro(i18n::EXPLAIN_NEXT_STEPS.get(lang));
        if steps.is_empty() {
            section = section.with(Block::Paragraph(i18n::NO_SEGMENT.get(lang).into()));
        } else {
            section = section.with(Block::NextSteps(steps));
        }
        section.with(Block::Callout(Callout {
            tone: Tone::Info,
            title: Some(i18n::DOWNLOADS_TITLE.get(lang).into()),
            text: i18n::DOWNLOADS_HINT.get(lang).into(),
        }))
    }
}

/// The figures of single customers the report shows ([`Results::report_facts`]):
/// computed where the customers are, so the report can be written from the
/// analyses alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ReportFacts {
    /// Revenue per buying customer (the revenue card's detail).
    revenue_per_customer: f64,
    /// Mean recency, frequency and monetary value of all customers (the
    /// segment table's total row).
    segment_means: Vec<Cell>,
    /// Mean value points of all customers (the tier table's total row).
    mean_points: Cell,
    /// The top customers table's rows.
    top_customers: Vec<Vec<Cell>>,
    /// Whether the file had a channel column (the survival section says so).
    has_channel: bool,
}

/// [`Results::report_input`]'s JSON, as written.
#[derive(Serialize)]
struct ReportInputRef<'a> {
    language: Language,
    analysis: &'a Analysis,
    facts: ReportFacts,
}

/// [`Results::report_input`]'s JSON, as read back.
#[derive(Deserialize)]
struct ReportInput {
    language: Language,
    analysis: Analysis,
    facts: ReportFacts,
}

/// The report of [`Results::report_html`], written from
/// [`Results::report_input`] (in its language): the same bytes, without the
/// customers. `generated_at` is printed as given.
///
/// Floats cross as JSON numbers, which read back exactly with serde_json's
/// `float_roundtrip` feature (the page's spreadsheet module, which calls
/// this, turns it on).
///
/// ```
/// use segmento::present::report_html_from_input;
/// let err = report_html_from_input(b"{}", "2024-12-31").unwrap_err();
/// assert!(err.to_string().starts_with("unreadable input: report data"));
/// ```
pub fn report_html_from_input(input: &[u8], generated_at: &str) -> crate::Result<String> {
    let input = read_input(input)?;
    let results = Results {
        customers: Customers::without_customers(input.analysis.as_of),
        analysis: input.analysis,
    };
    Ok(results.render_report(&input.facts, input.language, generated_at))
}

/// [`Results::report_input`]'s analyses as a [`Results`] without
/// customers, and its language (the workbook's other sheets read no more).
pub(super) fn results_from_input(input: &[u8]) -> crate::Result<(Results, Language)> {
    let input = read_input(input)?;
    let results = Results {
        customers: Customers::without_customers(input.analysis.as_of),
        analysis: input.analysis,
    };
    Ok((results, input.language))
}

fn read_input(input: &[u8]) -> crate::Result<ReportInput> {
    serde_json::from_slice(input).map_err(|err| {
        crate::Error::new(crate::ErrorKind::Format(
            format!("report data from the page's main module: {err}").into(),
        ))
    })
}

fn kpi_with(label: Text, value: Cell, detail: Option<String>, lang: Language) -> Kpi {
    let kpi = Kpi::new(label.get(lang), value);
    match detail {
        Some(detail) => kpi.with_detail(detail),
        None => kpi,
    }
}

fn per_customer(customers: &Customers) -> f64 {
    tables::share(customers.revenue_total(), customers.customers.len() as f64)
}

fn mean_of(customers: &Customers, value: impl Fn(&crate::Customer) -> f64, decimals: u8) -> Cell {
    if customers.customers.is_empty() {
        return Cell::Empty;
    }
    let sum: f64 = customers.customers.iter().map(value).sum();
    Cell::number(sum / customers.customers.len() as f64, decimals)
}

fn mean_points(results: &Results) -> Cell {
    let points = &results.analysis.points.customers;
    if points.is_empty() {
        return Cell::Empty;
    }
    let sum: f64 = points.iter().map(|p| p.value_points()).sum();
    Cell::number(sum / points.len() as f64, 1)
}

fn note_callout(note: &Note, tone: Tone, lang: Language) -> Block {
    Block::Callout(Callout {
        tone,
        title: None,
        text: note.get(lang).to_string(),
    })
}

/// The columns `keys` of `table`, in that order (unknown keys are skipped).
fn project(table: &Table, keys: &[&str]) -> Table {
    let positions: Vec<usize> = keys
        .iter()
        .filter_map(|key| table.columns.iter().position(|c| c.key == *key))
        .collect();
    let mut out = Table::new(
        positions
            .iter()
            .map(|&p| table.columns[p].clone())
            .collect(),
    );
    for row in &table.rows {
        out.push(
            positions
                .iter()
                .map(|&p| row.get(p).cloned().unwrap_or(Cell::Empty))
                .collect(),
        );
    }
    out
}

/// French typography: a no-break space before `:` and inside « », a narrow
/// one before `;`, `!` and `?`, so a line never starts with a colon. Applied
/// to every text of the report except the charts (whose labels never wrap).
fn french_spacing(document: &mut Document) {
    fn fix(text: &mut String) {
        if !text.contains([':', ';', '!', '?', '«', '»', '€', '%']) {
            return;
        }
        // Sentences written by the analyses (campaign advice, migration
        // headlines) use plain spaces before units; the report's convention
        // is a no-break space before € and a narrow one before %.
        *text = text
            .replace(" €", "\u{A0}€")
            .replace(" %", "\u{202F}%")
            .replace(" :", "\u{A0}:")
            .replace(" ;", "\u{202F};")
            .replace(" !", "\u{202F}!")
            .replace(" ?", "\u{202F}?")
            .replace("« ", "«\u{A0}")
            .replace(" »", "\u{A0}»");
    }
    fn fix_cell(cell: &mut Cell) {
        if let Cell::Text(text) = cell {
            fix(text);
        }
    }
    for (label, value) in &mut document.settings {
        fix(label);
        fix(value);
    }
    for section in &mut document.sections {
        fix(&mut section.title);
        if let Some(intro) = &mut section.intro {
            fix(intro);
        }
        for block in &mut section.blocks {
            match block {
                Block::Paragraph(text) | Block::Subheading(text) => fix(text),
                Block::Kpis(kpis) => {
                    for kpi in kpis {
                        fix(&mut kpi.label);
                        fix_cell(&mut kpi.value);
                        if let Some(detail) = &mut kpi.detail {
                            fix(detail);
                        }
                    }
                }
                Block::Table(data) => {
                    if let Some(caption) = &mut data.caption {
                        fix(caption);
                    }
                    data.table.rows.iter_mut().flatten().for_each(fix_cell);
                    data.total.iter_mut().flatten().for_each(fix_cell);
                }
                Block::Figure(figure) => fix(&mut figure.caption),
                Block::Callout(callout) => {
                    if let Some(title) = &mut callout.title {
                        fix(title);
                    }
                    fix(&mut callout.text);
                }
                Block::Definitions(pairs) => {
                    for (term, definition) in pairs {
                        fix(term);
                        fix(definition);
                    }
                }
                Block::NextSteps(steps) => {
                    for step in steps {
                        fix(&mut step.title);
                        if let Some(detail) = &mut step.detail {
                            fix(detail);
                        }
                        fix(&mut step.action);
                    }
                }
            }
        }
    }
}

/// The text with its first letter in upper case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Gives column `key` of `table` other headers.
fn rename(table: &mut Table, key: &str, text: Text) {
    if let Some(column) = table.columns.iter_mut().find(|c| c.key == key) {
        column.header_fr = text.fr.into();
        column.header_en = text.en.into();
    }
}

/// `A et B` / `A and B`, `A, B et C`.
fn join_names(names: &[&str], lang: Language) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), i18n::AND.get(lang)),
    }
}

/// Breaks every `http` (any case) with an invisible word joiner, so the
/// report holds no URL-like text at all: the page's privacy test checks that
/// the document names no external resource, and a URL that came with the
/// data (a website column, a value in a skipped row) must not look like one.
/// Markup and style written by segmento contain no `http`, so only text from
/// the data is touched.
fn no_http(html: String) -> String {
    // ASCII lower-casing keeps every byte offset, so positions found in the
    // lowered copy are valid in the original (and fall on char boundaries:
    // "http" is ASCII).
    let lowered = html.to_ascii_lowercase();
    let mut breaks = lowered.match_indices("http").map(|(i, _)| i + 3).peekable();
    if breaks.peek().is_none() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut start = 0;
    for at in breaks {
        out.push_str(&html[start..at]);
        out.push('\u{2060}');
        start = at;
    }
    out.push_str(&html[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_is_broken_whatever_its_case() {
        assert_eq!(
            no_http("a HTTP://x http".into()),
            "a HTT\u{2060}P://x htt\u{2060}p"
        );
        assert_eq!(no_http("nothing".into()), "nothing");
    }

    #[test]
    fn names_join_with_a_conjunction() {
        assert_eq!(join_names(&["A", "B"], Language::Fr), "A et B");
        assert_eq!(join_names(&["A", "B", "C"], Language::En), "A, B and C");
    }
}
