//! What a finished analysis can gain afterwards, in the CLI and in the
//! page alike: its segmentation snapshot, a comparison against a saved
//! snapshot, a control draw on demand, and the after-campaign readout of a
//! campaign list. Each one stores its output in [`Analysis`], so the
//! summary, the charts, the exports and the report then show it.
//!
//! [`Analysis`]: crate::pipeline::Analysis

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rustc_hash::FxHashMap;

use crate::dynamics::campaign_list::{CampaignList, Readout, ResponseSource};
use crate::dynamics::control;
use crate::dynamics::migrations;
use crate::dynamics::snapshot::Snapshot;
use crate::dynamics::uplift::{self, CampaignResponses, Response};
use crate::error::{Error, Result};
use crate::i18n;
use crate::pipeline::{self, Results};
use crate::segment_keys::{self, SegmentMethod};

impl Results {
    /// The segmentation of every method at the as-of date, as a snapshot to
    /// save (`snapshot.json`); the predictive groups are included when the
    /// forecast ran.
    pub fn snapshot(&self) -> Snapshot {
        let analysis = &self.analysis;
        let mut snapshot = Snapshot::new(analysis.as_of);
        // Fixed so that the CLI and the page write the same bytes whatever
        // their build: the version is in `summary.json` already.
        snapshot.generator = "segmento".to_string();
        for method in SegmentMethod::ALL {
            let Ok(keys) = segment_keys::customer_keys(analysis, method) else {
                continue;
            };
            let assignment = pipeline::assignment(method, analysis.as_of, &self.customers, keys);
            // Ids are unique and dates equal by construction; a failure
            // would only drop this method from the snapshot.
            let _ = snapshot.add(&assignment);
        }
        snapshot
    }

    /// Compares the current segmentation against a saved snapshot: one
    /// migration matrix per method both hold, from the snapshot's date to
    /// the as-of date, kept in `analysis.snapshot_migrations` (the
    /// `previous_*` columns of the exports then come from it).
    ///
    /// A snapshot segment the current method no longer has (a predictive
    /// group that disappeared, say) is added at the bottom of the ladder.
    pub fn compare_snapshot(&mut self, snapshot: &Snapshot) -> Result<()> {
        let analysis = &self.analysis;
        if snapshot.as_of >= analysis.as_of {
            return Err(Error::analysis(
                crate::error_messages::SNAPSHOT_NOT_BEFORE
                    .with(&[("date", &snapshot.as_of), ("as_of", &analysis.as_of)]),
            ));
        }
        let later_revenue =
            migrations::period_revenue(&self.customers, snapshot.as_of, analysis.as_of);
        // One map from id to customer for every method; ids and segments
        // are borrowed, never copied.
        let position_of: FxHashMap<&str, u32> = self
            .customers
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i as u32))
            .collect();
        let customers = self.customers.customers.len();
        let mut outputs = BTreeMap::new();
        for method in SegmentMethod::ALL {
            let key = method.migration_key();
            if !snapshot.methods.contains_key(key) {
                continue;
            }
            let Ok(mut ladder) = segment_keys::ladder(analysis, method) else {
                continue;
            };
            let first = snapshot.first_date(key, &position_of, customers, &mut ladder)?;
            let to_segment = segment_keys::customer_segment_indices(analysis, method, &ladder)?;
            let output = migrations::run_matched(
                &first,
                analysis.as_of,
                &to_segment,
                &ladder,
                later_revenue.as_deref(),
                &analysis.settings.migrations,
            )?;
            outputs.insert(ladder.method.clone(), output);
        }
        if outputs.is_empty() {
            let held: Vec<&str> = snapshot.method_names().collect();
            return Err(Error::analysis(
                crate::error_messages::SNAPSHOT_NOTHING_IN_COMMON
                    .with(&[("date", &snapshot.as_of), ("methods", &held.join(", "))]),
            ));
        }
        self.analysis.snapshot_migrations = outputs;
        Ok(())
    }

    /// Draws a control group now (the page's "draw" button) and keeps it,
    /// replacing any earlier draw: the exports then carry `campaign_group`
    /// and the report the seed and share. Same function as the CLI's
    /// `--control-share` / `--seed` ([`pipeline::draw_control`]).
    pub fn draw_control(&mut self, params: &control::Params) -> Result<&control::Draw> {
        let draw = pipeline::draw_control(&self.customers, &self.analysis, params)?;
        self.analysis.settings.control = Some(params.clone());
        Ok(self.analysis.control.insert(draw))
    }

    /// Reads the campaign's results: responses from this (later) order file
    /// within the window after the campaign start, or from the list's own
    /// `responded` column; the readout goes into `analysis.uplift`.
    pub fn read_campaign(&mut self, list: &CampaignList) -> Result<&Readout> {
        let mut params = self.analysis.settings.uplift.clone();
        let channel_cost = self.channel_cost(&params)?;
        if params.cost_per_contact == 0.0 {
            params.cost_per_contact = channel_cost.unwrap_or(0.0);
        }
        let (responses, source, campaign_start, window_end) = match &list.responses {
            Some(answers) => (
                CampaignResponses {
                    responses: list
                        .members
                        .iter()
                        .zip(answers)
                        .map(|(member, &(responded, revenue))| Response {
                            segment: member.segment.clone(),
                            group: member.group,
                            responded,
                            revenue,
                            margin: 0.0,
                        })
                        .collect(),
                    margin_known: false,
                    not_in_file: 0,
                },
                ResponseSource::ResponseFile,
                None,
                None,
            ),
            None => {
                let start = campaign_start(list, &params)?;
                let window_days = params.window_days.unwrap_or_else(|| self.window_days());
                // `responses_from_orders` counts purchases after its date:
                // the day before the start, so the start itself counts.
                let counted_after = start - Duration::days(1);
                let responses = uplift::responses_from_orders(
                    &list.members,
                    counted_after,
                    Some(window_days),
                    &self.customers,
                )?;
                let end = counted_after + Duration::days(i64::from(window_days));
                (
                    responses,
                    ResponseSource::Orders,
                    Some(start),
                    Some(end.min(self.analysis.as_of)),
                )
            }
        };
        let mut output = uplift::run(&responses, &params)?;
        if params.cost_per_contact == 0.0 && params.cost_by_segment.is_empty() {
            output.notes_fr.push(i18n::UPLIFT_NO_COST.fr.to_string());
            output.notes_en.push(i18n::UPLIFT_NO_COST.en.to_string());
        }
        let readout = Readout {
            list_file: list.file_name.clone(),
            list_customers: list.members.len() as u32,
            seed: list.seed,
            drawn_as_of: list.drawn_as_of,
            source,
            campaign_start,
            window_end,
            cost_per_contact: params.cost_per_contact,
            output,
        };
        Ok(self.analysis.uplift.insert(readout))
    }

    /// The campaign P&L's window in days (8 weeks by default).
    fn window_days(&self) -> u32 {
        (self.analysis.settings.campaign.window_weeks * 7.0).round() as u32
    }

    /// The cost per contact of `uplift.channel` in the campaign cost table.
    fn channel_cost(&self, params: &uplift::Params) -> Result<Option<f64>> {
        let Some(key) = &params.channel else {
            return Ok(None);
        };
        let channels = &self.analysis.settings.campaign.channels;
        channels
            .iter()
            .find(|c| &c.key == key)
            .map(|c| Some(c.cost_per_contact))
            .ok_or_else(|| {
                let known: Vec<&str> = channels.iter().map(|c| c.key.as_str()).collect();
                Error::invalid_params(
                    "uplift.channel",
                    crate::error_messages::CHANNEL_NOT_IN_COSTS
                        .with(&[("channel", &key), ("known", &known.join(", "))]),
                )
            })
    }
}

/// `uplift.campaign_start`, else the day after the draw date the list
/// records; an error says how to give it when neither is known.
fn campaign_start(list: &CampaignList, params: &uplift::Params) -> Result<NaiveDate> {
    params
        .campaign_start
        .or_else(|| list.drawn_as_of.and_then(|d| d.succ_opt()))
        .ok_or_else(|| {
            Error::invalid_params(
                "uplift.campaign_start",
                crate::error_messages::LIST_NO_DRAW_DATE.with(&[("file", &list.file_name)]),
            )
        })
}
