//! A seeded simulator of the BG/NBD + Gamma-Gamma story, for tests and the
//! benchmark: each customer arrives on a uniform day, buys as a Poisson
//! process of rate λ ~ Gamma(r, α) per week, drops out after each purchase
//! with probability p ~ Beta(a, b), and spends Gamma(p_spend, ν) per
//! purchase with ν ~ Gamma(q, v). Purchases on the same day merge.
#![allow(dead_code)]

use crate::common::{customer_from_history, order_level_file};
use chrono::{Duration, NaiveDate};
use segmento::{Customers, OwnedCustomer, Purchase};

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1.
    pub fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform();
            return self.gamma(shape + 1.0, rate) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v / rate;
            }
        }
    }

    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        x / (x + y)
    }
}

/// True parameters of a simulation (rates per week).
#[derive(Debug, Clone, Copy)]
pub struct Truth {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    pub p_spend: f64,
    pub q: f64,
    pub v: f64,
}

pub const TRUTH: Truth = Truth {
    r: 0.8,
    alpha: 6.0,
    a: 0.7,
    b: 3.0,
    p_spend: 5.0,
    q: 4.0,
    v: 60.0,
};

pub fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 3).unwrap()
}

/// `n` customers arriving uniformly over `span_days` days from [`start`],
/// observed up to `start + span_days` (the analysis date).
pub fn simulate(n: usize, span_days: i64, seed: u64, truth: Truth) -> Customers {
    let mut rng = Rng::new(seed);
    let as_of = start() + Duration::days(span_days);
    let mut customers = Vec::with_capacity(n);
    for k in 0..n {
        let first_day = (rng.uniform() * span_days as f64) as i64;
        let lambda = rng.gamma(truth.r, truth.alpha) / 7.0; // per day
        let p = rng.beta(truth.a, truth.b);
        let nu = rng.gamma(truth.q, truth.v);
        let mut days = vec![first_day];
        let mut t = first_day as f64;
        loop {
            t += -rng.uniform().ln() / lambda;
            if t > span_days as f64 {
                break;
            }
            let day = t as i64;
            if *days.last().unwrap() != day {
                days.push(day);
            }
            if rng.uniform() < p {
                break;
            }
        }
        let history: Vec<Purchase> = days
            .iter()
            .map(|&d| {
                let revenue = (rng.gamma(truth.p_spend, nu) * 100.0).round() / 100.0;
                Purchase {
                    date: start() + Duration::days(d),
                    revenue,
                    margin: (revenue * 0.35 * 100.0).round() / 100.0,
                    orders: 1,
                }
            })
            .collect();
        customers.push(customer_from_history(format!("C{k:06}"), history));
    }
    order_level_file(as_of, customers, true)
}

/// Day `d` after 2024-01-01.
pub fn day(d: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(d)
}

/// A customer with purchase days (day, revenue); margin 40 % of revenue.
pub fn customer(id: &str, days: &[(i64, f64)]) -> OwnedCustomer {
    let history: Vec<Purchase> = days
        .iter()
        .map(|&(d, revenue)| Purchase {
            date: day(d),
            revenue,
            margin: revenue * 0.4,
            orders: 1,
        })
        .collect();
    customer_from_history(id.into(), history)
}

/// An order-level file as of day `as_of`.
pub fn file(as_of: i64, customers: Vec<OwnedCustomer>) -> Customers {
    order_level_file(day(as_of), customers, true)
}
