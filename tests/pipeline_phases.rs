//! The pipeline's two phases on the hand-made order file of
//! `tests/present.rs` (13 customers, as-of 2024-12-31, fixed RFM cut
//! points; the expected segments, classes and totals are worked out by hand
//! in that file's table).
//!
//! [`segment`] must give the segments alone, marked as such, and
//! [`segment`] then [`complete`] must give exactly what [`analyze`] gives,
//! so the page (which shows the segments between the two) and the CLI
//! (which runs both at once) agree.

use segmento::ingest::ingest_bytes;
use segmento::pipeline::{analyze, complete, segment, Completeness, Config, Results, Stage};

const ORDERS: &[u8] = include_bytes!("data/present/commandes.csv");

/// The settings the hand-worked table assumes (fixed RFM cut points and tiers;
/// the file name has markup, for the escaping checks).
const CONFIG: &str = include_str!("data/present/config.json");

fn config() -> Config {
    serde_json::from_str(CONFIG).unwrap()
}

fn segments_only(stages: &mut Vec<Stage>) -> Results {
    let config = config();
    let ingested = ingest_bytes(ORDERS, config.input.clone()).unwrap();
    segment(ingested, &config, &mut |stage| stages.push(stage)).unwrap()
}

#[test]
fn segment_gives_the_hand_worked_segments_and_nothing_of_phase_two() {
    let mut stages = Vec::new();
    let results = segments_only(&mut stages);
    assert_eq!(
        stages,
        [Stage::Customers, Stage::Rfm, Stage::Abc, Stage::Points]
    );
    let analysis = &results.analysis;
    assert_eq!(analysis.completeness, Completeness::Segments);
    // From the table of tests/present.rs.
    assert_eq!(analysis.customers, 13);
    assert!((analysis.revenue_total - 3345.56).abs() < 1e-9);
    let count = |key: &str| {
        analysis
            .rfm
            .segments
            .iter()
            .find(|s| s.key.key() == key)
            .map(|s| s.customers)
    };
    assert_eq!(count("champions"), Some(2)); // C01, C02
    assert_eq!(count("lost"), Some(2)); // C12, C13
    let class_a = analysis
        .abc
        .classes
        .iter()
        .find(|c| c.class.as_str() == "A")
        .unwrap();
    assert_eq!(class_a.customers, 4); // C01, C09, C02, C07

    // Not computed yet, which is not the same as unavailable.
    assert!(analysis.predict.is_none());
    assert!(analysis.cross.is_none());
    assert!(analysis.campaign.is_none());
    assert!(analysis.migrations.is_empty());
    assert!(analysis.survival.is_none());
    assert!(analysis.cohorts.is_none());
    assert!(analysis.unavailable.is_empty());
}

#[test]
fn segment_then_complete_equals_analyze() {
    let config = config();
    let whole = analyze(
        ingest_bytes(ORDERS, config.input.clone()).unwrap(),
        &config,
        &mut |_| {},
    )
    .unwrap();
    let mut results = segments_only(&mut Vec::new());
    let mut stages = Vec::new();
    complete(&mut results, &mut |stage| stages.push(stage)).unwrap();
    assert_eq!(stages, [Stage::Predict, Stage::Dynamics]);
    assert_eq!(results.analysis.completeness, Completeness::Complete);
    assert_eq!(results, whole);
    // The phase-two analyses ran on this file (13 customers with order
    // dates over several years): survival and cohorts at least.
    assert!(results.analysis.survival.is_some());
    assert!(results.analysis.cohorts.is_some());
}

#[test]
fn complete_twice_changes_nothing() {
    let mut results = segments_only(&mut Vec::new());
    complete(&mut results, &mut |_| {}).unwrap();
    let once = results.clone();
    let mut stages = Vec::new();
    complete(&mut results, &mut |stage| stages.push(stage)).unwrap();
    assert!(stages.is_empty());
    assert_eq!(results, once);
}

#[test]
fn summary_json_says_segments_only_until_complete() {
    let mut results = segments_only(&mut Vec::new());
    let pending = serde_json::to_value(&results.analysis).unwrap();
    assert_eq!(pending["completeness"], "segments");
    complete(&mut results, &mut |_| {}).unwrap();
    // A finished summary.json has no such key: the CLI's output is unchanged.
    let finished = serde_json::to_value(&results.analysis).unwrap();
    assert!(finished.get("completeness").is_none());
    let read_back: segmento::pipeline::Analysis = serde_json::from_value(finished).unwrap();
    assert_eq!(read_back.completeness, Completeness::Complete);
}

/// `campaign.segment_by: "abc_class"` plans on the ABC classes of the table
/// of tests/present.rs (A: C01, C02, C07, C09; B: C03, C06, C10; C: the six
/// others), labelled through the i18n table; `"value_tier"`, the key's
/// first name, still reads as the same choice.
#[test]
fn campaign_on_abc_classes_under_either_name() {
    let mut plans = Vec::new();
    for name in ["abc_class", "value_tier"] {
        let mut json: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
        json["campaign"] = serde_json::json!({ "segment_by": name });
        let config: Config = serde_json::from_value(json).unwrap();
        assert_eq!(
            config.campaign.segment_by,
            segmento::campaign::SegmentBy::AbcClass
        );
        let results = analyze(
            ingest_bytes(ORDERS, config.input.clone()).unwrap(),
            &config,
            &mut |_| {},
        )
        .unwrap();
        let campaign = results.analysis.campaign.clone().unwrap();
        let segments: Vec<(&str, usize, &str, &str)> = campaign
            .segments
            .iter()
            .map(|s| {
                (
                    s.segment.as_str(),
                    s.customers,
                    s.label_fr.as_str(),
                    s.label_en.as_str(),
                )
            })
            .collect();
        assert_eq!(
            segments,
            [
                ("A", 4, "Classe A", "Class A"),
                ("B", 3, "Classe B", "Class B"),
                ("C", 6, "Classe C", "Class C"),
            ]
        );
        // Written under the new name.
        assert_eq!(
            serde_json::to_value(campaign.segment_by).unwrap(),
            "abc_class"
        );
        plans.push(campaign);
    }
    assert_eq!(plans[0], plans[1]);
}
