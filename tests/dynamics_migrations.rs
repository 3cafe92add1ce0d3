//! Migrations on a hand-built fixture whose every transition is known, run
//! directly and through a saved snapshot.
//!
//! Ladder (best → worst): champions, loyal, occasional, at_risk, lost
//! (lost segment: lost). First date 2023-12-31, second 2024-12-31.
//!
//! | customer | 2023-12-31 | 2024-12-31 | move   | revenue in between |
//! |----------|------------|------------|--------|--------------------|
//! | c1       | champions  | champions  | stable | 500                |
//! | c2       | champions  | at_risk    | down   | 20                 |
//! | c3       | champions  | lost       | down   | 0                  |
//! | c4       | loyal      | champions  | up     | 300                |
//! | c5       | occasional | loyal      | up     | 120                |
//! | c6       | occasional | loyal      | up     | 80                 |
//! | c7       | occasional | occasional | stable | 30                 |
//! | c8       | at_risk    | lost       | down   | 0                  |
//! | c9       | lost       | lost       | stable | 0                  |
//! | c10      | loyal      | (absent)   | absent | —                  |
//! | n1       | —          | occasional | new    | 40                 |
//! | n2       | —          | champions  | new    | 250                |
//!
//! Hence: up 3 (500 €), down 3 (20 €), stable 3 (530 €), new 2 (290 €),
//! absent 1; from totals 3/2/3/1/1, to totals 3/2/2/1/3.

use chrono::NaiveDate;
use segmento::dynamics::migrations::{
    run, Ladder, LadderSegment, Movement, Params, SegmentAssignment,
};
use segmento::dynamics::snapshot::Snapshot;
use segmento::ErrorKind;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ladder() -> Ladder {
    let seg = |key: &str, fr: &str, en: &str| LadderSegment {
        key: key.into(),
        label_fr: fr.into(),
        label_en: en.into(),
    };
    Ladder {
        method: "rfm".into(),
        segments: vec![
            seg("champions", "Champions", "Champions"),
            seg("loyal", "Fidèles", "Loyal"),
            seg("occasional", "Occasionnels", "Occasional"),
            seg("at_risk", "À risque", "At risk"),
            seg("lost", "Perdus", "Lost"),
        ],
        lost_key: Some("lost".into()),
    }
}

fn assignment(date: NaiveDate, pairs: &[(&str, &str)]) -> SegmentAssignment {
    SegmentAssignment {
        method: "rfm".into(),
        date,
        by_customer: pairs
            .iter()
            .map(|(i, s)| (i.to_string(), s.to_string()))
            .collect(),
    }
}

fn from() -> SegmentAssignment {
    assignment(
        day(2023, 12, 31),
        &[
            ("c1", "champions"),
            ("c2", "champions"),
            ("c3", "champions"),
            ("c4", "loyal"),
            ("c5", "occasional"),
            ("c6", "occasional"),
            ("c7", "occasional"),
            ("c8", "at_risk"),
            ("c9", "lost"),
            ("c10", "loyal"),
        ],
    )
}

fn to() -> (SegmentAssignment, Vec<f64>) {
    let rows = [
        ("n2", "champions", 250.0),
        ("c1", "champions", 500.0),
        ("c2", "at_risk", 20.0),
        ("c3", "lost", 0.0),
        ("c4", "champions", 300.0),
        ("c5", "loyal", 120.0),
        ("c6", "loyal", 80.0),
        ("c7", "occasional", 30.0),
        ("c8", "lost", 0.0),
        ("c9", "lost", 0.0),
        ("n1", "occasional", 40.0),
    ];
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r.0, r.1)).collect();
    (
        assignment(day(2024, 12, 31), &pairs),
        rows.iter().map(|r| r.2).collect(),
    )
}

fn params() -> Params {
    Params {
        min_flow_customers: 1,
        ..Params::default()
    }
}

fn check(out: &segmento::dynamics::migrations::Output) {
    let cell = |f: &str, t: &str| {
        out.matrix
            .iter()
            .find(|c| c.from == f && c.to == t)
            .unwrap()
    };
    // One cell per move someone made: the table's 9 moves, c5 and c6
    // sharing one. A move nobody made has no cell and reads as 0.
    assert_eq!(out.matrix.len(), 8);
    assert!(!out
        .matrix
        .iter()
        .any(|c| c.from == "lost" && c.to == "champions"));
    assert_eq!(out.customers_moved("lost", "champions"), 0);
    assert_eq!(out.customers_moved("occasional", "loyal"), 2);
    assert_eq!(cell("champions", "champions").customers, 1);
    assert_eq!(cell("champions", "at_risk").customers, 1);
    assert_eq!(cell("champions", "at_risk").revenue, Some(20.0));
    assert!((cell("champions", "at_risk").row_share - 1.0 / 3.0).abs() < 1e-15);
    assert_eq!(cell("occasional", "loyal").customers, 2);
    assert_eq!(cell("occasional", "loyal").revenue, Some(200.0));
    assert!((cell("occasional", "loyal").row_share - 2.0 / 3.0).abs() < 1e-15);
    assert_eq!(cell("lost", "lost").customers, 1);
    // c10 is absent: the loyal row sums to 1 of its 2 customers.
    assert_eq!(cell("loyal", "champions").row_share, 0.5);
    let total: u32 = out.matrix.iter().map(|c| c.customers).sum();
    assert_eq!(total, 9);

    assert_eq!(out.from_totals, vec![3, 2, 3, 1, 1]);
    assert_eq!(out.to_totals, vec![3, 2, 2, 1, 3]);
    let new: Vec<(String, u32, Option<f64>)> = out
        .new
        .iter()
        .map(|n| (n.to.clone(), n.customers, n.revenue))
        .collect();
    assert_eq!(new[0], ("champions".into(), 1, Some(250.0)));
    assert_eq!(new[2], ("occasional".into(), 1, Some(40.0)));
    assert_eq!(new.iter().map(|n| n.1).sum::<u32>(), 2);

    let lost: Vec<(u32, u32, u32)> = out
        .lost
        .iter()
        .map(|l| (l.customers, l.to_lost_segment, l.absent))
        .collect();
    // champions: c3 into lost; loyal: c10 absent; at_risk: c8 into lost;
    // lost → lost is not newly lost.
    assert_eq!(
        lost,
        vec![(1, 1, 0), (1, 0, 1), (0, 0, 0), (1, 1, 0), (0, 0, 0)]
    );

    let f = &out.flows;
    assert_eq!((f.up.customers, f.up.revenue), (3, Some(500.0)));
    assert_eq!((f.down.customers, f.down.revenue), (3, Some(20.0)));
    assert_eq!((f.stable.customers, f.stable.revenue), (3, Some(530.0)));
    assert_eq!((f.new.customers, f.new.revenue), (2, Some(290.0)));
    assert_eq!((f.absent, f.net), (1, 0));

    let champions = &out.by_segment[0];
    assert_eq!(
        (
            champions.before,
            champions.after,
            champions.inflow,
            champions.outflow,
            champions.new,
            champions.net
        ),
        (3, 3, 1, 2, 1, 0)
    );
    let lost_balance = &out.by_segment[4];
    assert_eq!(
        (
            lost_balance.before,
            lost_balance.after,
            lost_balance.inflow,
            lost_balance.net
        ),
        (1, 3, 2, 2)
    );
}

#[test]
fn hand_built_transitions() {
    let (to, revenue) = to();
    let out = run(&from(), &to, &ladder(), Some(&revenue), &params()).unwrap();
    check(&out);
    // Per customer, aligned with `to`: n2 new, c1 stable champions, c2 down
    // from champions, c4 up from loyal.
    assert_eq!(out.previous_segment(0), None);
    assert_eq!(out.customers[0].movement, Movement::New);
    assert_eq!(out.previous_segment(1), Some("champions"));
    assert_eq!(out.customers[1].movement, Movement::Stable);
    assert_eq!(out.customers[2].movement, Movement::Down);
    assert_eq!(out.previous_segment(4), Some("loyal"));
    assert_eq!(out.customers[4].movement, Movement::Up);
    assert_eq!(out.previous_segment(99), None);

    let nnbsp = '\u{202f}';
    assert_eq!(
        out.headlines_fr,
        vec![
            "Du 31/12/2023 au 31/12/2024 : 3 clients sont montés d'un segment ou plus, 3 sont descendus, 3 sont \
             restés dans leur segment et 2 nouveaux clients sont arrivés."
                .to_string(),
            // Upward by count: occasional → loyal (2), then loyal → champions (1).
            "2 clients « Occasionnels » sont devenus « Fidèles ».".to_string(),
            "1 client « Fidèles » est devenu « Champions ».".to_string(),
            // Downward by share: at_risk → lost 1/1, then the two champions
            // cells at 1/3 (tie broken by the better to-segment: at_risk).
            format!("100{nnbsp}% des clients « À risque » ont glissé vers « Perdus » (1 client)."),
            format!("33{nnbsp}% des clients « Champions » ont glissé vers « À risque » (1 client)."),
            "1 client présent au 31/12/2023 ne figure plus dans le fichier récent.".to_string(),
        ]
    );
    assert_eq!(
        out.headlines_en[1],
        "2 \"Occasional\" customers became \"Loyal\"."
    );
    assert_eq!(
        out.headlines_en[3],
        "100% of \"At risk\" customers slipped to \"Lost\" (1 customer)."
    );

    // With the default threshold (10 customers) only the balance and the
    // absent customers are worth a headline here.
    let quiet = run(&from(), &to, &ladder(), Some(&revenue), &Params::default()).unwrap();
    assert_eq!(quiet.headlines_fr.len(), 2);
}

#[test]
fn a_snapshot_can_be_the_first_date() {
    let mut snapshot = Snapshot::new(day(2023, 12, 31));
    snapshot.add(&from()).unwrap();
    let json = snapshot.to_json();
    let saved = Snapshot::from_json(json.as_bytes()).unwrap();
    let from_snapshot = saved.assignment("rfm").unwrap();
    // The snapshot lists customers in id order, not file order: same result.
    assert_ne!(from_snapshot.by_customer, from().by_customer);
    let (to, revenue) = to();
    let out = run(&from_snapshot, &to, &ladder(), Some(&revenue), &params()).unwrap();
    check(&out);
    // Without later revenue (e.g. a customer-level file) revenue is unknown.
    let out = run(&from_snapshot, &to, &ladder(), None, &params()).unwrap();
    assert_eq!(out.flows.up.revenue, None);
    assert!(out.matrix.iter().all(|c| c.revenue.is_none()));
}

#[test]
fn inconsistent_inputs_are_reported() {
    let (to, revenue) = to();
    // Unknown segment.
    let mut bad = from();
    bad.by_customer[0].1 = "vip".into();
    let err = run(&bad, &to, &ladder(), None, &params())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("c1") && err.contains("\"vip\"") && err.contains("champions, loyal"),
        "{err}"
    );
    // Duplicate id.
    let mut bad = from();
    bad.by_customer.push(("c1".into(), "loyal".into()));
    assert!(run(&bad, &to, &ladder(), None, &params())
        .unwrap_err()
        .to_string()
        .contains("twice"));
    let mut bad_to = to.clone();
    bad_to.by_customer.push(("n1".into(), "loyal".into()));
    assert!(run(&from(), &bad_to, &ladder(), None, &params())
        .unwrap_err()
        .to_string()
        .contains("twice"));
    // Dates in the wrong order.
    let err = run(&to, &from(), &ladder(), None, &params())
        .unwrap_err()
        .to_string();
    assert!(err.contains("must be before"), "{err}");
    // Revenue not aligned: 3 values for the 11 customers of `to`.
    let err = run(&from(), &to, &ladder(), Some(&revenue[..3]), &params()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "later-period revenue has 3 values for 11 customers"
    );
    // Another method's segments.
    let mut abc = from();
    abc.method = "abc".into();
    let err = run(&abc, &to, &ladder(), None, &params()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "segments of method \"abc\" cannot be compared on the rfm ladder"
    );
}

#[test]
fn file_order_and_any_order_give_the_same_matrix() {
    // Without c10, `from` lists its customers in the same relative order as
    // `to` (the pipeline's case, matched in one pass); reversed, it must be
    // matched by id. Both must agree.
    let (to, revenue) = to();
    let mut in_order = from();
    in_order.by_customer.retain(|(id, _)| id != "c10");
    let mut reversed = in_order.clone();
    reversed.by_customer.reverse();
    let a = run(&in_order, &to, &ladder(), Some(&revenue), &params()).unwrap();
    let b = run(&reversed, &to, &ladder(), Some(&revenue), &params()).unwrap();
    assert_eq!(a.matrix, b.matrix);
    assert_eq!(a.flows, b.flows);
    assert_eq!(a.customers, b.customers);
    assert_eq!((a.flows.new.customers, a.flows.absent), (2, 0));
    assert_eq!(a.previous_segment(4), Some("loyal"));
    // Duplicates are still caught on the one-pass path: a new id twice, and
    // an id both matched and new.
    for extra in ["n1", "c1"] {
        let mut twice = to.clone();
        twice.by_customer.push((extra.into(), "loyal".into()));
        let mut extra_revenue = revenue.clone();
        extra_revenue.push(0.0);
        let mut longer_from = in_order.clone();
        // Keep `to.len() − from.len()` equal to the number of new entries so
        // that the one-pass path is taken.
        if extra == "n1" {
            longer_from.by_customer.retain(|(id, _)| id != "c9");
            twice.by_customer.retain(|(id, _)| id != "c9");
            extra_revenue.pop();
        }
        let err = run(
            &longer_from,
            &twice,
            &ladder(),
            Some(&extra_revenue),
            &params(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("twice"), "{extra}: {err}");
    }
}
