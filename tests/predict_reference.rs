//! BG/NBD and Gamma-Gamma against published estimates and the Python
//! `lifetimes` package on the CDNOW sample (Fader, Hardie & Lee 2005).
//!
//! Expected numbers come from `tests/reference/predict_lifetimes.py` (its
//! output is kept in `tests/reference/predict_lifetimes.out`) and from the
//! papers: BG/NBD r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
//! (FHL 2005, §5); Gamma-Gamma p = 6.25, q = 3.74, v = 15.44 (note 025).

use segmento::predict::bgnbd::{self, BgNbdData, BgNbdParams, Observation};
use segmento::predict::gamma_gamma::{self, GammaGammaData};

/// (x, t_x, T, m̄) per CDNOW customer, weeks and dollars.
fn cdnow() -> Vec<(u32, f64, f64, f64)> {
    let text = std::fs::read_to_string("tests/data/predict/cdnow_summary.csv").unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
            )
        })
        .collect()
}

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs()
}

fn fitted() -> bgnbd::BgNbdFit {
    let data = BgNbdData::from_observations(
        cdnow()
            .into_iter()
            .map(|(x, t_x, age, _)| (Observation { x, t_x, age }, 1.0)),
    )
    .unwrap();
    bgnbd::fit(&data, 0.0).unwrap()
}

#[test]
fn bgnbd_fit_reproduces_the_paper_and_lifetimes() {
    let fit = fitted();
    assert!(fit.converged);
    assert_eq!(fit.customers, 2357.0);
    let p = fit.params;
    // lifetimes refined with scipy (predict_lifetimes.out):
    // r 0.24259290187, α 4.41353142781, a 0.79288616733, b 2.42575342743, LL −9582.42556056736
    for (got, want) in [
        (p.r, 0.242_592_901_871),
        (p.alpha, 4.413_531_427_81),
        (p.a, 0.792_886_167_333),
        (p.b, 2.425_753_427_434),
    ] {
        assert!(close(got, want, 1e-5), "{got} vs {want}");
    }
    assert!((fit.log_likelihood - -9_582.425_560_567_36).abs() < 1e-6);
    // The paper's rounded estimates.
    for (got, want) in [(p.r, 0.243), (p.alpha, 4.414), (p.a, 0.793), (p.b, 2.426)] {
        assert!((got - want).abs() < 6e-4, "{got} vs {want}");
    }
    assert!((fit.log_likelihood - -9582.4).abs() < 0.05);
    // Standard errors: numerical Hessian of eq. (6) at the MLE in numpy:
    // 0.0125573136, 0.378221191, 0.185717830, 0.705340583
    let se = fit.std_errors.unwrap();
    for (got, want) in [
        (se.r, 0.012_557_313_6),
        (se.alpha, 0.378_221_191),
        (se.a, 0.185_717_830),
        (se.b, 0.705_340_583),
    ] {
        assert!(close(got, want, 1e-4), "{got} vs {want}");
    }
}

#[test]
fn bgnbd_predictions_match_lifetimes() {
    // At the MLE (lifetimes' formulas evaluated at the refined MLE).
    let p = BgNbdParams {
        r: 0.242_592_901_871_321_65,
        alpha: 4.413_531_427_808_047_5,
        a: 0.792_886_167_333_302,
        b: 2.425_753_427_433_831_7,
    };
    let customers = [
        (2, 30.43, 38.86),
        (1, 1.71, 38.86),
        (0, 0.0, 38.86),
        (7, 29.43, 38.86),
        (10, 34.14, 38.86),
        (5, 36.14, 38.14),
        (29, 37.71, 38.0),
        (0, 0.0, 32.29),
    ];
    let p_alive = [
        0.7266091461036119,
        0.21222740196444545,
        1.0,
        0.6418006021252234,
        0.8153255560172423,
        0.862950029523608,
        0.9691335873389451,
        1.0,
    ];
    let e39 = [
        1.2259104387454154,
        0.20325063747308647,
        0.19478084289612654,
        3.3372393867920116,
        5.933574649107934,
        3.3311776504645376,
        20.0536643633045,
        0.22572618897435312,
    ];
    let e52 = [
        1.5585837751668736,
        0.25990709612586144,
        0.2516657065663518,
        4.199122806690368,
        7.450089906839116,
        4.199187051134376,
        25.061420973423026,
        0.29054437681395406,
    ];
    for (i, &(x, t_x, age)) in customers.iter().enumerate() {
        let o = Observation { x, t_x, age };
        assert!(close(p.p_alive(o), p_alive[i], 1e-10), "p_alive {i}");
        assert!(
            close(p.expected_purchases(o, 39.0).unwrap(), e39[i], 1e-9),
            "E39 {i}"
        );
        assert!(
            close(p.expected_purchases(o, 52.0).unwrap(), e52[i], 1e-9),
            "E52 {i}"
        );
    }
    // New customer: E[X(39)], E[X(78)] (eq. (9)) and P(X(52) = 0) (eq. (8)).
    assert!(close(
        p.expected_purchases_new(39.0).unwrap(),
        1.1950162848998271,
        1e-10
    ));
    assert!(close(
        p.expected_purchases_new(78.0).unwrap(),
        1.8579717515775271,
        1e-10
    ));
    let none = 1.0
        - p.probability_of_purchase(
            Observation {
                x: 0,
                t_x: 0.0,
                age: 0.0,
            },
            52.0,
        );
    assert!(close(none, 0.5389486732745992, 1e-12));
}

#[test]
fn gamma_gamma_fit_reproduces_the_note_and_lifetimes() {
    let (data, left_out) = GammaGammaData::new(cdnow().into_iter().map(|(x, _, _, m)| (x, m)));
    assert_eq!(left_out, 2357 - 946);
    let fit = gamma_gamma::fit(&data, 0.0).unwrap();
    assert!(fit.converged);
    let p = fit.params;
    // Refined MLE: p 6.248803045911338, q 3.7445882480595496, v 15.447745243405862, LL −4055.923243502859
    for (got, want) in [
        (p.p, 6.248_803_045_911_338),
        (p.q, 3.744_588_248_059_549_6),
        (p.v, 15.447_745_243_405_862),
    ] {
        assert!(close(got, want, 1e-5), "{got} vs {want}");
    }
    assert!((fit.log_likelihood - -4_055.923_243_502_859).abs() < 1e-6);
    // Published: p = 6.25, q = 3.74, v = 15.44.
    assert!((p.p - 6.25).abs() < 0.005 && (p.q - 3.74).abs() < 0.005 && (p.v - 15.44).abs() < 0.01);
    // SEs (numerical Hessian in numpy): 1.18967139, 0.290163223, 4.15993751
    let se = fit.std_errors.unwrap();
    for (got, want) in [
        (se.p, 1.189_671_39),
        (se.q, 0.290_163_223),
        (se.v, 4.159_937_51),
    ] {
        assert!(close(got, want, 1e-4), "{got} vs {want}");
    }
    // Pearson(x, m̄) on the 946 repeaters: 0.11388391048600437.
    assert!((fit.frequency_spend_correlation.unwrap() - 0.11388391048600437).abs() < 1e-12);
}

#[test]
fn gamma_gamma_conditional_spend_matches_lifetimes() {
    let p = segmento::predict::gamma_gamma::GammaGammaParams {
        p: 6.248803045911338,
        q: 3.7445882480595496,
        v: 15.447745243405862,
    };
    let cases = [
        (2, 22.35, 24.658615767563944),
        (1, 11.77, 18.91147886491415),
        (0, 0.0, 35.17100155103576),
        (7, 73.74, 71.46285112374387),
        (10, 24.24, 24.69990945927171),
        (29, 26.26, 26.39294763287605),
    ];
    for (x, m, want) in cases {
        assert!(
            close(p.conditional_expected_spend(x, m), want, 1e-12),
            "{x} {m}"
        );
    }
}

#[test]
fn fits_are_deterministic() {
    let (a, b) = (fitted(), fitted());
    assert_eq!(a, b);
    assert_eq!(a.params.r.to_bits(), b.params.r.to_bits());
}

#[test]
fn clv_matches_the_same_formula_on_lifetimes_expectations() {
    // predict_lifetimes.py: margin 0.3, 10 % a year, 52 weeks in month-end steps, spend from
    // lifetimes' Gamma-Gamma (population mean for x = 0).
    let p = BgNbdParams {
        r: 0.242_592_901_871_321_65,
        alpha: 4.413_531_427_808_047_5,
        a: 0.792_886_167_333_302,
        b: 2.425_753_427_433_831_7,
    };
    let cases = [
        ((1, 1.71, 38.86), 18.91147886491415, 1.405215483217833),
        ((0, 0.0, 38.86), 35.17100155103576, 2.5286032524217994),
        ((29, 37.71, 38.0), 26.39294763287605, 189.44355619424545),
    ];
    for ((x, t_x, age), spend, want) in cases {
        let got = segmento::predict::forecast::clv(
            &p,
            Observation { x, t_x, age },
            spend,
            0.3,
            7.0,
            52.0,
            0.10,
        )
        .unwrap();
        assert!(close(got, want, 1e-9), "{got} vs {want}");
    }
}

#[test]
fn penalised_gamma_gamma_matches_lifetimes() {
    // GammaGammaFitter(penalizer_coef=0.1), refined: p 1.2847618833826182, q 0.33594737466039915, v 1.1469251927897186
    let (data, _) = GammaGammaData::new(cdnow().into_iter().map(|(x, _, _, m)| (x, m)));
    let fit = gamma_gamma::fit(&data, 0.1).unwrap();
    assert!(fit.converged);
    let p = fit.params;
    for (got, want) in [
        (p.p, 1.284_761_883_382_618_2),
        (p.q, 0.335_947_374_660_399_15),
        (p.v, 1.146_925_192_789_718_6),
    ] {
        assert!(close(got, want, 1e-5), "{got} vs {want}");
    }
}

#[test]
fn new_customer_potential_matches_lifetimes() {
    // tests/reference/predict_new_customer.py: lifetimes'
    // expected_number_of_purchases_up_to_time (FHL eq. 9) on the paper's
    // CDNOW estimates, and the discounted margin built from it by the script.
    let cdnow = BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    for (t, expected) in [
        (39.0, 1.1967231933207985),
        (52.0, 1.446050595396398),
        (78.0, 1.8605190579427455),
    ] {
        let got = cdnow.expected_purchases_new(t).unwrap();
        assert!(close(got, expected, 1e-9), "E[X({t})] {got} vs {expected}");
    }
    let params = segmento::predict::Params::default(); // weeks, 52, 10 %
    let new =
        segmento::predict::forecast::new_customer_forecast(&cdnow, 35.0, 0.3, &params).unwrap();
    assert!(close(new.expected_purchases, 1.446050595396398, 1e-9));
    assert_eq!(new.expected_avg_spend, 35.0);
    assert!(close(new.clv, 14.546080041118852, 1e-9), "{}", new.clv);
}
