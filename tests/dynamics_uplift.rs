//! The uplift readout against hand calculations, and responses measured from
//! a later order file.

mod common;

use chrono::NaiveDate;
use common::{customer_from_history, order_level_file};
use segmento::dynamics::control::CampaignGroup;
use segmento::dynamics::uplift::{
    responses_from_orders, run, CampaignMember, CampaignResponses, Params, Response, Verdict,
};
use segmento::{ErrorKind, Purchase};

const Z95: f64 = 1.959963984540054; // scipy.stats.norm.ppf(0.975)

fn responses(
    segment: &str,
    group: CampaignGroup,
    n: u32,
    responders: u32,
    revenue: f64,
    margin: f64,
) -> Vec<Response> {
    (0..n)
        .map(|i| {
            let responded = i < responders;
            Response {
                segment: segment.into(),
                group,
                responded,
                revenue: if responded { revenue } else { 0.0 },
                margin: if responded { margin } else { 0.0 },
            }
        })
        .collect()
}

fn campaign() -> CampaignResponses {
    use CampaignGroup::{Control, Target};
    let mut all = Vec::new();
    all.extend(responses("champions", Target, 900, 90, 100.0, 40.0));
    all.extend(responses("champions", Control, 100, 5, 100.0, 40.0));
    all.extend(responses("occasionnels", Target, 450, 27, 50.0, 10.0));
    all.extend(responses("occasionnels", Control, 50, 3, 50.0, 10.0));
    all.extend(responses("à_risque", Target, 200, 40, 30.0, 5.0));
    all.extend(responses("à_risque", Control, 20, 0, 30.0, 5.0));
    all.extend(responses("nouveaux", Target, 30, 3, 20.0, 5.0));
    CampaignResponses {
        responses: all,
        margin_known: true,
        not_in_file: 0,
    }
}

fn close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: missing"));
    assert!((got - want).abs() < 1e-12, "{what}: got {got}, want {want}");
}

#[test]
fn intervals_and_money_match_hand_calculations() {
    let params = Params {
        cost_per_contact: 1.5,
        ..Params::default()
    };
    let out = run(&campaign(), &params).unwrap();
    assert!((out.z - Z95).abs() < 1e-12);
    let seg = |key: &str| out.by_segment.iter().find(|s| s.segment == key).unwrap();

    // champions: p₁ = 90/900 = 0.10, p₀ = 5/100 = 0.05, uplift 0.05.
    // Var = 0.10·0.90/900 + 0.05·0.95/100 = 0.0001 + 0.000475 = 0.000575,
    // SE = √0.000575 = 0.0239791576…, half-width = 1.959964 × SE = 0.0469982853…
    // → CI [0.0030017147, 0.0969982853]: significant.
    // Revenue per customer: 9 000/900 − 500/100 = 10 − 5 = 5 → × 900 = 4 500.
    // Margin per customer: 3 600/900 − 200/100 = 4 − 2 = 2 → × 900 = 1 800.
    // Contact cost 1.5 × 900 = 1 350 → net 1 800 − 1 350 = 450 ≥ 0: paid.
    let c = seg("champions");
    close(c.uplift, 0.05, "champions uplift");
    close(c.relative_uplift, 1.0, "champions relative uplift");
    let half = Z95 * 0.000575_f64.sqrt();
    close(c.ci_low, 0.05 - half, "champions ci_low");
    close(c.ci_high, 0.05 + half, "champions ci_high");
    close(c.ci_low, 0.003001714691926033, "champions ci_low (digits)");
    close(
        c.incremental_responders,
        45.0,
        "champions incremental responders",
    );
    close(
        c.incremental_revenue,
        4500.0,
        "champions incremental revenue",
    );
    close(c.incremental_margin, 1800.0, "champions incremental margin");
    assert_eq!(c.contact_cost, 1350.0);
    close(c.net_gain, 450.0, "champions net");
    assert_eq!(c.verdict, Verdict::Paid);
    assert!(c.verdict_fr.starts_with("Rentable : 10\u{202f}% des clients ciblés ont acheté contre 5,0\u{202f}% du groupe témoin"), "{}", c.verdict_fr);
    assert!(
        c.verdict_fr
            .contains("IC 95\u{202f}% : 0,3 point à 9,7 points"),
        "{}",
        c.verdict_fr
    );
    assert!(
        c.verdict_en.starts_with("Paid: 10% of targeted customers"),
        "{}",
        c.verdict_en
    );

    // occasionnels: p₁ = 27/450 = 0.06 = p₀ = 3/50: uplift 0.
    // Var = 0.06·0.94/450 + 0.06·0.94/50 = 0.000125333… + 0.001128 = 0.001253333…,
    // half-width = 1.959964 × 0.0354024481… = 0.0693875233 → CI contains 0.
    let o = seg("occasionnels");
    close(o.uplift, 0.0, "occasionnels uplift");
    close(
        o.ci_high,
        Z95 * (0.06 * 0.94 / 450.0 + 0.06 * 0.94 / 50.0_f64).sqrt(),
        "occasionnels ci_high",
    );
    assert_eq!(o.verdict, Verdict::NotSignificant);

    // à_risque: p₁ = 40/200 = 0.2, p₀ = 0/20 = 0: uplift 0.2, relative
    // undefined. Var = 0.2·0.8/200 + 0 = 0.0008, half-width = 1.959964 ×
    // 0.0282842712 = 0.0554361530 → CI [0.1445638470, 0.2554361530].
    // Margin per customer 200/200 − 0 = 1 → 200; cost 1.5 × 200 = 300 →
    // net −100: significant but did not pay.
    let r = seg("à_risque");
    close(r.ci_low, 0.14456384702601288, "à_risque ci_low");
    assert_eq!(r.relative_uplift, None);
    close(r.net_gain, -100.0, "à_risque net");
    assert_eq!(r.verdict, Verdict::DidNotPay);
    assert!(r.verdict_en.contains("do not cover"), "{}", r.verdict_en);

    // nouveaux: no control group.
    let n = seg("nouveaux");
    assert_eq!(n.verdict, Verdict::InsufficientData);
    assert_eq!(n.uplift, None);

    // Overall, stratified over the three segments with both groups
    // (n₁ = 900 + 450 + 200 = 1 550): uplift = (900·0.05 + 450·0 + 200·0.2)/1 550
    // = 85/1 550 = 0.0548387097; Var = Σ (n₁ₛ/1 550)² Varₛ
    // = 0.3371488·0.000575 + 0.0842872·0.0012533 + 0.0166493·0.0008
    // = 0.00031281998 → CI 0.0548387 ± 1.959964 × 0.0176867 = [0.0201734, 0.0895040].
    // Incremental margin 1 800 + 0 + 200 = 2 000; cost (900 + 450 + 200) × 1.5 =
    // 2 325 → net −325; the 30 "nouveaux" are left out.
    let all = &out.overall;
    assert_eq!(all.segment, "all");
    close(all.uplift, 85.0 / 1550.0, "overall uplift");
    close(all.ci_low, 0.020173380191859547, "overall ci_low");
    close(all.ci_high, 0.08950403916297917, "overall ci_high");
    close(all.incremental_margin, 2000.0, "overall incremental margin");
    close(
        all.incremental_responders,
        45.0 + 0.0 + 40.0,
        "overall incremental responders",
    );
    assert_eq!(all.contact_cost, 2325.0);
    close(all.net_gain, -325.0, "overall net");
    assert_eq!(all.verdict, Verdict::DidNotPay);
    assert_eq!(all.target.customers, 1550);
    // Rates shown on that line: target (90 + 27 + 40)/1 550 = 157/1 550; control
    // reweighted to the target mix: (900·0.05 + 450·0.06 + 200·0)/1 550 =
    // 72/1 550, so that 157/1 550 − 72/1 550 = 85/1 550 = the uplift; relative
    // uplift 85/72.
    close(
        all.target.response_rate,
        157.0 / 1550.0,
        "overall target rate",
    );
    close(
        all.control.response_rate,
        72.0 / 1550.0,
        "overall control rate",
    );
    close(all.relative_uplift, 85.0 / 72.0, "overall relative uplift");
}

#[test]
fn segment_costs_override_the_default() {
    let mut params = Params {
        cost_per_contact: 1.5,
        ..Params::default()
    };
    params.cost_by_segment.insert("à_risque".into(), 0.5);
    let out = run(&campaign(), &params).unwrap();
    let r = out
        .by_segment
        .iter()
        .find(|s| s.segment == "à_risque")
        .unwrap();
    // Cost 0.5 × 200 = 100 → net 200 − 100 = 100: now it paid.
    assert_eq!(r.contact_cost, 100.0);
    assert_eq!(r.verdict, Verdict::Paid);
}

#[test]
fn responses_come_from_the_window_after_the_campaign() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // A negative amount is a return, not an order (issue 2).
    let buy = |date, revenue: f64| Purchase {
        date,
        revenue,
        margin: revenue / 2.0,
        orders: u32::from(revenue >= 0.0),
    };
    let customer = |id: &str, history: Vec<Purchase>| customer_from_history(id.into(), history);
    let later = order_level_file(
        day(2024, 6, 30),
        vec![
            // Bought on the campaign day (not a response), then within 30 days
            // (response), then after the window (ignored).
            customer(
                "a",
                vec![
                    buy(day(2024, 3, 1), 10.0),
                    buy(day(2024, 3, 15), 40.0),
                    buy(day(2024, 4, 15), 99.0),
                ],
            ),
            // Only a return after the campaign: no response, revenue −20.
            customer(
                "b",
                vec![buy(day(2024, 1, 1), 50.0), buy(day(2024, 3, 10), -20.0)],
            ),
        ],
        true,
    );
    let member = |id: &str, group| CampaignMember {
        id: id.into(),
        segment: "s".into(),
        group,
    };
    let members = vec![
        member("a", CampaignGroup::Target),
        member("b", CampaignGroup::Target),
        member("gone", CampaignGroup::Control),
    ];
    let r = responses_from_orders(&members, day(2024, 3, 1), Some(30), &later).unwrap();
    assert_eq!(r.not_in_file, 1);
    assert!(r.margin_known);
    let got: Vec<(bool, f64, f64)> = r
        .responses
        .iter()
        .map(|x| (x.responded, x.revenue, x.margin))
        .collect();
    assert_eq!(
        got,
        vec![(true, 40.0, 20.0), (false, -20.0, -10.0), (false, 0.0, 0.0)]
    );
    // Without a window, everything up to the as-of date counts.
    let r = responses_from_orders(&members, day(2024, 3, 1), None, &later).unwrap();
    assert_eq!(r.responses[0].revenue, 139.0);
    // Errors: duplicate member, campaign after the file.
    let twice = vec![
        member("a", CampaignGroup::Target),
        member("a", CampaignGroup::Control),
    ];
    let err = responses_from_orders(&twice, day(2024, 3, 1), None, &later).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "customer a appears twice in the campaign list"
    );
    let err = responses_from_orders(&members, day(2024, 7, 1), None, &later).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Analysis(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the later file ends on 2024-06-30, not after the campaign date 2024-07-01"
    );
    // The readout notes the missing customer.
    let out = run(&r, &Params::default()).unwrap();
    assert!(out
        .notes_en
        .iter()
        .any(|n| n.contains("missing from the recent file")));
}
