//! The snapshot comparison as the page shows it: per method, the migration
//! matrix with its headlines in one language, and its flow diagram.

use std::collections::BTreeMap;

use crate::sorting::map_from;

use chrono::NaiveDate;
use serde::Serialize;

use super::charts::migration_flows;
use crate::charts::Svg;
use crate::dynamics::migrations;
use crate::i18n::Language;
use crate::pipeline::Results;

/// What `Session.compareSnapshot` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotComparison<'a> {
    /// The snapshot's date.
    pub from_date: NaiveDate,
    /// The as-of date of the current file.
    pub to_date: NaiveDate,
    /// Per method (`rfm`, `abc`, `points`, `predictive`).
    pub methods: BTreeMap<&'a str, MethodComparison<'a>>,
    /// Per method, the flow diagram's SVG markup.
    pub charts: BTreeMap<&'a str, String>,
}

/// One method's migrations, with the headlines in the chosen language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodComparison<'a> {
    /// Every field of `migrations.<method>` (matrix, new, lost, flows, …).
    #[serde(flatten)]
    pub output: &'a migrations::Output,
    /// The headline sentences in the chosen language.
    pub headlines: &'a [String],
}

impl Results {
    /// The compared snapshot (see [`Results::compare_snapshot`]) in
    /// `language`; `None` before any comparison.
    pub fn snapshot_comparison(&self, language: Language) -> Option<SnapshotComparison<'_>> {
        let all = &self.analysis.snapshot_migrations;
        let first = all.values().next()?;
        Some(SnapshotComparison {
            from_date: first.from_date,
            to_date: first.to_date,
            methods: map_from(all.iter().map(|(method, output)| {
                let headlines = match language {
                    Language::Fr => &output.headlines_fr,
                    Language::En => &output.headlines_en,
                };
                (method.as_str(), MethodComparison { output, headlines })
            })),
            charts: map_from(
                self.snapshot_charts(language)
                    .into_iter()
                    .map(|(method, svg)| (method, svg.as_str().to_string())),
            ),
        })
    }

    /// One flow diagram per compared method, with ids distinct from the
    /// compare-date chart's (`segmento-chart-snapshot-rfm`, …).
    pub fn snapshot_charts(&self, language: Language) -> BTreeMap<&str, Svg> {
        map_from(
            self.analysis
                .snapshot_migrations
                .iter()
                .map(|(method, output)| {
                    let name = format!("snapshot-{method}");
                    (
                        method.as_str(),
                        migration_flows(output, language, &name).to_svg(),
                    )
                }),
        )
    }
}
