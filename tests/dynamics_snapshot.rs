//! Snapshots end to end through the CLI: `analyze --out` writes
//! `snapshot.json`, and `--snapshot OLD.json` compares a file whose old
//! orders are gone against a hand-written snapshot. The ABC classes of the
//! new file and every transition are worked out by hand below.

mod cli_support;

use cli_support::{analyze_fails, analyze_ok, read_csv, scratch, summary};
use serde_json::Value;

/// Ten customers, one order each after the snapshot date, revenue 1 000 in
/// all. Ranked by revenue, cumulative shares 50, 70, 80, 86, 91, 95, 97,
/// 98.5, 99.5, 100 %: with the 80 % / 95 % cut-offs N1-N3 are A, N4-N6 B,
/// N7-N10 C.
const LATER: &str = "customer_id,order_date,amount
N1,2024-09-01,500
N2,2024-09-02,200
N3,2024-09-03,100
N4,2024-09-04,60
N5,2024-09-05,50
N6,2024-09-06,40
N7,2024-09-07,20
N8,2024-09-08,15
N9,2024-09-09,10
N10,2024-09-10,5
";

/// Classes on 2024-06-30: N6 and N9 were not customers yet; X1 (A) and X2
/// (C) are no longer in the later file.
const SNAPSHOT: &str = r#"{"format": "segmento-snapshot", "version": 1, "as_of": "2024-06-30",
 "methods": {"abc": {"N1": "B", "N2": "A", "N3": "C", "N4": "A", "N5": "B",
                     "N7": "A", "N8": "C", "N10": "B", "X1": "A", "X2": "C"}}}"#;

/// The cell of a move; `None` for a move nobody made (it has no cell).
fn cell<'a>(matrix: &'a [Value], from: &str, to: &str) -> Option<&'a Value> {
    matrix.iter().find(|c| c["from"] == from && c["to"] == to)
}

#[test]
fn the_comparison_gives_the_hand_counted_transitions() {
    let dir = scratch("snapshot");
    std::fs::write(dir.join("later.csv"), LATER).unwrap();
    std::fs::write(dir.join("old.json"), SNAPSHOT).unwrap();
    analyze_ok(
        &dir,
        "later.csv",
        "o",
        &["--as-of", "2024-12-31", "--snapshot", "old.json"],
    );
    let summary = summary(&dir.join("o"));
    let migrations = summary["snapshot_migrations"].as_object().unwrap();
    // Only ABC is in the snapshot.
    assert_eq!(migrations.keys().collect::<Vec<_>>(), vec!["abc"]);
    let abc = &migrations["abc"];
    assert_eq!(abc["from_date"], "2024-06-30");
    assert_eq!(abc["to_date"], "2024-12-31");
    let matrix = abc["matrix"].as_array().unwrap();
    // (from, to, customers, later revenue), by hand from the two lists.
    let expected = [
        ("A", "A", 1, 200.0), // N2
        ("A", "B", 1, 60.0),  // N4
        ("A", "C", 1, 20.0),  // N7
        ("B", "A", 1, 500.0), // N1
        ("B", "B", 1, 50.0),  // N5
        ("B", "C", 1, 5.0),   // N10
        ("C", "A", 1, 100.0), // N3
        ("C", "B", 0, 0.0),
        ("C", "C", 1, 15.0), // N8
    ];
    for (from, to, customers, revenue) in expected {
        match cell(matrix, from, to) {
            Some(c) => {
                assert_eq!(c["customers"], customers, "{from} → {to}");
                assert_eq!(c["revenue"].as_f64(), Some(revenue), "{from} → {to}");
            }
            None => assert_eq!(customers, 0, "{from} → {to} has no cell"),
        }
    }
    assert_eq!(matrix.len(), 8, "one cell per move made");
    let new: Vec<(String, u64)> = abc["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["to"].as_str().unwrap().to_string(),
                n["customers"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(new, vec![("A".into(), 0), ("B".into(), 1), ("C".into(), 1)]);
    let absent: Vec<u64> = abc["lost"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["absent"].as_u64().unwrap())
        .collect();
    assert_eq!(absent, vec![1, 0, 1]); // X1 was A, X2 was C
    let flows = &abc["flows"];
    assert_eq!(flows["up"]["customers"], 2); // N1, N3
    assert_eq!(flows["down"]["customers"], 3); // N4, N7, N10
    assert_eq!(flows["stable"]["customers"], 3); // N2, N5, N8
    assert_eq!(flows["new"]["customers"], 2); // N6, N9
    assert_eq!(flows["absent"], 2);

    // previous_abc_class comes from the snapshot.
    let rows = read_csv(&dir.join("o/customers.csv"));
    let previous: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["customer_id"].as_str(), r["previous_abc_class"].as_str()))
        .collect();
    assert_eq!(
        previous,
        vec![
            ("N1", "B"),
            ("N2", "A"),
            ("N3", "C"),
            ("N4", "A"),
            ("N5", "B"),
            ("N6", ""),
            ("N7", "A"),
            ("N8", "C"),
            ("N9", ""),
            ("N10", "B"),
        ]
    );
    let report = std::fs::read_to_string(dir.join("o/report.html")).unwrap();
    assert!(report.contains("id=\"s-snapshot\""));

    // The run wrote its own snapshot, which a later run can compare with.
    let own = std::fs::read_to_string(dir.join("o/snapshot.json")).unwrap();
    assert!(own.contains("\"as_of\":\"2024-12-31\"") && own.contains("\"N1\":\"A\""));
}

#[test]
fn a_bad_snapshot_is_named_in_the_error() {
    let dir = scratch("bad-snapshot");
    std::fs::write(dir.join("later.csv"), LATER).unwrap();
    std::fs::write(
        dir.join("old.json"),
        "{\"format\": \"segmento-snapshot\",\n\"version\": 1,",
    )
    .unwrap();
    let stderr = analyze_fails(&dir, "later.csv", "o", &["--snapshot", "old.json"]);
    assert!(
        stderr.contains("old.json") && stderr.contains("line 2"),
        "{stderr}"
    );
    std::fs::write(
        dir.join("late.json"),
        r#"{"format": "segmento-snapshot", "version": 1, "as_of": "2025-06-30", "methods": {"abc": {"N1": "A"}}}"#,
    )
    .unwrap();
    let stderr = analyze_fails(&dir, "later.csv", "o", &["--snapshot", "late.json"]);
    assert!(
        stderr.contains("late.json") && stderr.contains("not before"),
        "{stderr}"
    );
}
