//! The after-campaign readout through the CLI's files: analyze, draw a 25 %
//! control with `--seed`, export the list, make a later order file where
//! targets buy more than controls, and read the campaign back with
//! `--campaign-list`. Expected rates and intervals come from
//! `tests/reference/uplift_readout.py` (output in `uplift_readout.out`).

mod cli_support;

use std::collections::BTreeMap;
use std::fmt::Write;

use cli_support::{analyze_fails, analyze_ok, read_csv, scratch, summary};
use serde_json::Value;

/// 400 "lost" customers (one old order) and 100 "champions" (three recent).
fn base_orders() -> String {
    let mut csv = String::from("customer_id,order_date,amount\n");
    for i in 0..400 {
        writeln!(csv, "K{i:03},2024-03-01,50.00").unwrap();
    }
    for i in 0..100 {
        for day in ["2024-05-30", "2024-06-10", "2024-06-20"] {
            writeln!(csv, "V{i:03},{day},100.00").unwrap();
        }
    }
    csv
}

/// (segment, group) → customer ids in id order, from the exported list.
fn groups(list: &[BTreeMap<String, String>]) -> BTreeMap<(String, String), Vec<String>> {
    let mut out: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for row in list {
        if !row["campaign_group"].is_empty() {
            out.entry((
                row["campaign_segment"].clone(),
                row["campaign_group"].clone(),
            ))
            .or_default()
            .push(row["customer_id"].clone());
        }
    }
    for ids in out.values_mut() {
        ids.sort();
    }
    out
}

/// Responders per (segment, group), as in the reference script.
const RESPONDERS: [(&str, &str, usize); 4] = [
    ("champions", "cible", 45),
    ("champions", "témoin", 10),
    ("lost", "cible", 90),
    ("lost", "témoin", 15),
];

fn close(value: &Value, expected: f64) {
    let actual = value.as_f64().unwrap_or(f64::NAN);
    assert!(
        (actual - expected).abs() < 1e-9,
        "{actual} differs from {expected}"
    );
}

/// Checks the readout against `uplift_readout.out`.
fn check_readout(uplift: &Value) {
    let by_segment = uplift["by_segment"].as_array().unwrap();
    let line = |name: &str| by_segment.iter().find(|l| l["segment"] == name).unwrap();
    let champions = line("champions");
    close(&champions["target"]["response_rate"], 0.6);
    close(&champions["control"]["response_rate"], 0.4);
    close(&champions["uplift"], 0.2);
    close(&champions["ci_low"], -0.02174461189594845);
    close(&champions["ci_high"], 0.42174461189594836);
    assert_eq!(champions["verdict"], "not_significant");
    let lost = line("lost");
    close(&lost["target"]["response_rate"], 0.3);
    close(&lost["control"]["response_rate"], 0.15);
    close(&lost["ci_low"], 0.06289729527235738);
    close(&lost["ci_high"], 0.2371027047276426);
    assert_eq!(lost["verdict"], "paid");
    let all = &uplift["overall"];
    close(&all["uplift"], 0.16);
    close(&all["ci_low"], 0.07740199236329746);
    close(&all["ci_high"], 0.24259800763670247);
}

#[test]
fn the_readout_matches_the_reference_through_the_campaign_list_file() {
    let dir = scratch("readout");
    std::fs::write(dir.join("base.csv"), base_orders()).unwrap();
    analyze_ok(
        &dir,
        "base.csv",
        "before",
        &[
            "--as-of",
            "2024-06-30",
            "--control-share",
            "0.25",
            "--seed",
            "2024",
        ],
    );
    let list = read_csv(&dir.join("before/customers.csv"));
    let drawn = groups(&list);
    // Stratified exactly: 25 % of 100 and of 400.
    let sizes: Vec<usize> = drawn.values().map(Vec::len).collect();
    assert_eq!(sizes, vec![75, 25, 300, 100], "{:?}", drawn.keys());
    assert!(list
        .iter()
        .all(|row| row["campaign_date"] == "2024-06-30" && row["campaign_seed"] == "2024"));

    // The later file: the base orders, each responder's order in the
    // window (half on the first day, which counts), and orders after the
    // 8-week window from every lost control (which must not count).
    let mut later = base_orders();
    for (segment, group, responders) in RESPONDERS {
        let ids = &drawn[&(segment.to_string(), group.to_string())];
        for (i, id) in ids.iter().take(responders).enumerate() {
            let day = if i % 2 == 0 {
                "2024-07-01"
            } else {
                "2024-08-25"
            };
            writeln!(later, "{id},{day},40.00").unwrap();
        }
        if segment == "lost" && group == "témoin" {
            for id in ids {
                writeln!(later, "{id},2024-08-26,999.00").unwrap();
            }
        }
    }
    std::fs::write(dir.join("later.csv"), later).unwrap();
    std::fs::write(
        dir.join("cost.json"),
        r#"{"uplift": {"channel": "courrier"}}"#,
    )
    .unwrap();
    let stderr = analyze_ok(
        &dir,
        "later.csv",
        "after",
        &[
            "--as-of",
            "2024-12-31",
            "--config",
            "cost.json",
            "--campaign-list",
            "before/customers.csv",
        ],
    );
    let uplift = &summary(&dir.join("after"))["uplift"];
    check_readout(uplift);
    assert_eq!(uplift["campaign_start"], "2024-07-01");
    assert_eq!(uplift["window_end"], "2024-08-25");
    assert_eq!(uplift["seed"], 2024);
    let lost = &uplift["by_segment"][1];
    close(&lost["incremental_revenue"], 1800.0);
    close(&lost["net_gain"], 1440.0);
    close(&uplift["overall"]["net_gain"], 1950.0);
    assert!(stderr.contains("uplift lost: "), "{stderr}");
    assert!(stderr.contains("uplift all: "), "{stderr}");
    // The channel's cost was used, so no note asks for one.
    assert!(!uplift["notes_en"].to_string().contains("No contact cost"));
    let report = std::fs::read_to_string(dir.join("after/report.html")).unwrap();
    assert!(report.contains("segmento-chart-uplift"));

    // The same list as a response file gives the same readout.
    let mut responses = String::from("customer_id;campaign_group;campaign_segment;responded\n");
    for (segment, group, responders) in RESPONDERS {
        for (i, id) in drawn[&(segment.to_string(), group.to_string())]
            .iter()
            .enumerate()
        {
            let answer = if i < responders { "oui" } else { "non" };
            writeln!(responses, "{id};{group};{segment};{answer}").unwrap();
        }
    }
    std::fs::write(dir.join("responses.csv"), responses).unwrap();
    analyze_ok(
        &dir,
        "later.csv",
        "responses",
        &["--as-of", "2024-12-31", "--campaign-list", "responses.csv"],
    );
    let from_responses = &summary(&dir.join("responses"))["uplift"];
    check_readout(from_responses);
    assert_eq!(from_responses["source"], "response_file");
    assert!(from_responses["notes_en"]
        .to_string()
        .contains("No contact cost"));
}

#[test]
fn a_list_without_its_draw_date_needs_the_campaign_start() {
    let dir = scratch("start");
    std::fs::write(dir.join("orders.csv"), base_orders()).unwrap();
    std::fs::write(
        dir.join("list.csv"),
        "Identifiant client;Groupe de campagne\nK000;cible\nK001;témoin\n",
    )
    .unwrap();
    let stderr = analyze_fails(&dir, "orders.csv", "o", &["--campaign-list", "list.csv"]);
    assert!(
        stderr.contains("list.csv") && stderr.contains("--campaign-start"),
        "{stderr}"
    );
    analyze_ok(
        &dir,
        "orders.csv",
        "o",
        &[
            "--campaign-list",
            "list.csv",
            "--campaign-start",
            "2024-04-01",
        ],
    );
    let uplift = &summary(&dir.join("o"))["uplift"];
    assert_eq!(uplift["campaign_start"], "2024-04-01");
    assert_eq!(uplift["by_segment"][0]["segment"], "all");
}
