//! The control draw: reproducible, independent of row order, stratified
//! within one customer per segment, overall share within 0.5 %, and equal to
//! an independent Python implementation of the documented algorithm
//! (`tests/reference/control_draw.py`, written from the ChaCha, PCG32, FNV-1a
//! and Lemire specifications, not from this code).

use segmento::dynamics::control::{draw, CampaignGroup, Params};
use segmento::ErrorKind;

/// 221 customers: 23 champions (with a non-ASCII id), 66 "à_risque",
/// 132 "occasionnels", in a scrambled order (same as the Python script).
fn fixture() -> Vec<(String, String)> {
    let mut customers: Vec<(String, String)> = (0..220)
        .map(|i| {
            let id = format!("K{:03}", (i * 37) % 220);
            let segment = if i % 10 < 1 {
                "champions"
            } else if i % 10 < 4 {
                "à_risque"
            } else {
                "occasionnels"
            };
            (id, segment.to_string())
        })
        .collect();
    customers.push(("é-client".into(), "champions".into()));
    customers
}

fn controls_of(customers: &[(String, String)], params: &Params, segment: &str) -> Vec<String> {
    let out = draw(customers, params).unwrap();
    let mut ids: Vec<String> = customers
        .iter()
        .zip(&out.customers)
        .filter(|((_, s), g)| s == segment && **g == Some(CampaignGroup::Control))
        .map(|((id, _), _)| id.clone())
        .collect();
    ids.sort();
    ids
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn matches_the_independent_python_implementation() {
    let customers = fixture();
    let params = Params {
        share: 0.1,
        seed: 2024,
        segments: vec![],
        ..Params::default()
    };
    // Sizes: 0.1 × (23, 66, 132) = 2.3, 6.6, 13.2 → floors 2, 6, 13; overall
    // round(22.1) = 22 → the largest remainder (à_risque, 0.6) gets one more.
    let out = draw(&customers, &params).unwrap();
    let sizes: Vec<(&str, u32, u32, u32)> = out
        .by_segment
        .iter()
        .map(|s| (s.segment.as_str(), s.customers, s.target, s.control))
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("champions", 23, 21, 2),
            ("occasionnels", 132, 119, 13),
            ("à_risque", 66, 59, 7)
        ]
    );
    assert_eq!(
        (out.selected_customers, out.target, out.control),
        (221, 199, 22)
    );
    assert_eq!(out.algorithm, "segmento-control-v1");
    // From `python3 tests/reference/control_draw.py`, seed 2024.
    assert_eq!(
        controls_of(&customers, &params, "champions"),
        strings(&["K140", "é-client"])
    );
    assert_eq!(
        controls_of(&customers, &params, "occasionnels"),
        strings(&[
            "K005", "K006", "K038", "K099", "K118", "K128", "K129", "K133", "K155", "K165", "K183",
            "K188", "K206"
        ])
    );
    assert_eq!(
        controls_of(&customers, &params, "à_risque"),
        strings(&["K054", "K061", "K064", "K074", "K091", "K097", "K217"])
    );
    // Seed 7.
    let seven = Params {
        seed: 7,
        ..params.clone()
    };
    assert_eq!(
        controls_of(&customers, &seven, "champions"),
        strings(&["K190", "K200"])
    );
    assert_eq!(
        controls_of(&customers, &seven, "à_risque"),
        strings(&["K004", "K011", "K017", "K024", "K037", "K047", "K094"])
    );
    // Only "occasionnels" selected, share 0.25, seed 99: 33 controls.
    let selected = Params {
        share: 0.25,
        seed: 99,
        segments: vec!["occasionnels".into()],
        ..Params::default()
    };
    assert_eq!(
        controls_of(&customers, &selected, "occasionnels"),
        strings(&[
            "K013", "K018", "K023", "K028", "K039", "K042", "K049", "K063", "K072", "K073", "K079",
            "K095", "K112", "K113", "K116", "K118", "K123", "K129", "K136", "K138", "K145", "K146",
            "K148", "K156", "K158", "K162", "K169", "K173", "K183", "K196", "K202", "K205", "K213"
        ])
    );
    let out = draw(&customers, &selected).unwrap();
    assert_eq!(out.by_segment.len(), 1);
    let outside = customers
        .iter()
        .zip(&out.customers)
        .filter(|((_, s), _)| s != "occasionnels");
    assert!(outside.clone().all(|(_, g)| g.is_none()));
    assert_eq!(outside.count(), 89);
}

#[test]
fn same_seed_same_groups_whatever_the_row_order() {
    let customers = fixture();
    let params = Params {
        share: 0.1,
        seed: 123,
        segments: vec![],
        ..Params::default()
    };
    let first = draw(&customers, &params).unwrap();
    let second = draw(&customers, &params).unwrap();
    assert_eq!(first, second);
    assert_eq!(first.customers, second.customers);
    // Reverse the file: each customer keeps its group.
    let reversed: Vec<(String, String)> = customers.iter().rev().cloned().collect();
    let third = draw(&reversed, &params).unwrap();
    let group_of = |list: &[(String, String)], groups: &[Option<CampaignGroup>], id: &str| {
        groups[list.iter().position(|(i, _)| i == id).unwrap()]
    };
    for (id, _) in &customers {
        assert_eq!(
            group_of(&customers, &first.customers, id),
            group_of(&reversed, &third.customers, id)
        );
    }
    // Another seed gives other groups.
    let other = draw(
        &customers,
        &Params {
            seed: 124,
            ..params.clone()
        },
    )
    .unwrap();
    assert_ne!(other.customers, first.customers);
    assert_eq!(other.by_segment, first.by_segment);
}

/// A deterministic pseudo-random segment for customer `i` (a 64-bit mix),
/// giving 12 segments of very different sizes.
fn segment_of(i: u64) -> String {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    let r = x % 1000;
    let thresholds = [3, 10, 25, 60, 110, 180, 280, 400, 550, 700, 850, 1000];
    let s = thresholds.iter().position(|&t| r < t).unwrap();
    format!("segment-{s:02}")
}

#[test]
fn stratification_within_one_and_overall_share_within_half_a_percent() {
    let customers: Vec<(String, String)> = (0..100_000_u64)
        .map(|i| (format!("C{i}"), segment_of(i)))
        .collect();
    for (share, seed) in [(0.10, 1_u64), (0.05, 2), (0.333, 3), (0.5, 4)] {
        let out = draw(
            &customers,
            &Params {
                share,
                seed,
                segments: vec![],
                ..Params::default()
            },
        )
        .unwrap();
        assert_eq!(out.by_segment.len(), 12);
        for segment in &out.by_segment {
            let exact = share * f64::from(segment.customers);
            assert!(
                (f64::from(segment.control) - exact).abs() <= 1.0,
                "{}: {} controls for {} customers at {share}",
                segment.segment,
                segment.control,
                segment.customers
            );
            assert_eq!(segment.control + segment.target, segment.customers);
        }
        let counted = out
            .customers
            .iter()
            .filter(|g| **g == Some(CampaignGroup::Control))
            .count();
        assert_eq!(counted as u32, out.control);
        let overall = f64::from(out.control) / customers.len() as f64;
        assert!(
            (overall - share).abs() <= 0.005,
            "overall share {overall} for {share}"
        );
    }
}

#[test]
fn each_customer_is_equally_likely_to_be_held_out() {
    // Over 2 000 seeds, each of 20 customers of one segment should be in the
    // 4-customer control (share 0.2) about 400 times: binomial(2000, 0.2),
    // sd ≈ 17.9, so every count within ±5 sd (±90) of 400.
    let customers: Vec<(String, String)> = (0..20)
        .map(|i| (format!("id{i}"), "s".to_string()))
        .collect();
    let mut held_out = [0_u32; 20];
    for seed in 0..2000 {
        let out = draw(
            &customers,
            &Params {
                share: 0.2,
                seed,
                segments: vec![],
                ..Params::default()
            },
        )
        .unwrap();
        for (i, g) in out.customers.iter().enumerate() {
            held_out[i] += u32::from(*g == Some(CampaignGroup::Control));
        }
    }
    assert!(
        held_out.iter().all(|&n| (310..=490).contains(&n)),
        "{held_out:?}"
    );
}

#[test]
fn bad_inputs_are_reported() {
    let dup = vec![
        ("a".to_string(), "s".to_string()),
        ("a".to_string(), "t".to_string()),
    ];
    let err = draw(&dup, &Params::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "customer a appears twice in the control draw"
    );
    // The empty id is on the first row.
    let empty = vec![(String::new(), "s".to_string())];
    let err = draw(&empty, &Params::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "row 1 of the control draw has an empty customer id"
    );
}
