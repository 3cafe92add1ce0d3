//! The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005,
//! "Counting your customers the easy way: an alternative to the Pareto/NBD
//! model", Marketing Science 24(2), 275-284; "FHL" below).
//!
//! While alive, a customer buys as a Poisson process of rate λ; after each
//! purchase they drop out with probability p. λ ~ Gamma(r, α) and
//! p ~ Beta(a, b) across customers. A customer's history is summarised by
//! (x, t_x, T): x repeat purchases, the last one at t_x, observed for T, both
//! measured from the first purchase in the model's time unit.
//!
//! ```
//! use segmento::predict::bgnbd::{BgNbdData, BgNbdParams, Observation};
//! // FHL's CDNOW estimates (weeks) and their worked example (section 5):
//! // a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make
//! // 1.226 purchases in the next 39 weeks.
//! let params = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
//! let customer = Observation { x: 2, t_x: 30.43, age: 38.86 };
//! let next_39_weeks = params.expected_purchases(customer, 39.0).unwrap();
//! assert!((next_39_weeks - 1.226).abs() < 1e-3);
//! // P(alive), FHL note 021 eq. (1), by hand:
//! // 1 / (1 + 0.793/3.426 × (43.274/34.844)^2.243) = 1 / (1 + 0.2315 × 1.6258) ≈ 0.7266
//! let p_alive = params.p_alive(customer);
//! assert!((p_alive - 0.7266).abs() < 1e-3);
//! let data = BgNbdData::from_observations([(customer, 1.0)]).unwrap();
//! assert_eq!(data.rows(), 1);
//! ```

use super::optimize::{self, Evaluation, Objective};
use super::special::{logistic, max_series_terms, series_converged};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The four BG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgNbdParams {
    /// Shape of the Gamma distribution of purchase rates λ.
    pub r: f64,
    /// Scale (rate) of the Gamma distribution of purchase rates, in time units.
    pub alpha: f64,
    /// First shape of the Beta distribution of dropout probabilities p.
    pub a: f64,
    /// Second shape of the Beta distribution of dropout probabilities p.
    pub b: f64,
}

/// One customer's purchase summary in the model's time unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// Repeat purchases: distinct purchase days minus one.
    pub x: u32,
    /// Time of the last purchase, from the first purchase (recency, t_x).
    pub t_x: f64,
    /// Time observed, from the first purchase to the analysis date (T).
    pub age: f64,
}

impl BgNbdParams {
    #[cfg(test)]
    fn as_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }

    fn from_array(v: &[f64]) -> Self {
        BgNbdParams {
            r: v[0],
            alpha: v[1],
            a: v[2],
            b: v[3],
        }
    }

    /// Probability that a customer with this history is still alive at T.
    ///
    /// Fader, Hardie & Lee (2008), "Computing P(alive) using the BG/NBD
    /// model" (note 021), eq. (1): 1 / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
    /// A customer without repeat purchase cannot have dropped out (dropout
    /// only follows a purchase), so P(alive) = 1 when x = 0.
    pub fn p_alive(&self, customer: Observation) -> f64 {
        if customer.x == 0 {
            return 1.0;
        }
        let x = customer.x as f64;
        // ln of the second term of the denominator; the same quantity D
        // appears in the likelihood, eq. (6).
        let d = self.a.ln() - (self.b + x - 1.0).ln()
            + (self.r + x) * ((self.alpha + customer.age).ln() - (self.alpha + customer.t_x).ln());
        1.0 - logistic(d)
    }

    /// Expected number of purchases in (T, T + t] for a customer with this
    /// history: FHL eq. (10).
    ///
    /// E[Y(t) | x, t_x, T] = P(alive) × F(x, T, t) where F is the bracket of
    /// eq. (10) times (a+b+x−1)/(a−1); see [`BgNbdParams::future_purchase_factor`].
    pub fn expected_purchases(&self, customer: Observation, t: f64) -> Result<f64> {
        Ok(self.p_alive(customer) * self.future_purchase_factor(customer.x, customer.age, t)?)
    }

    /// Expected number of repeat purchases in (0, t] of a new customer:
    /// FHL eq. (9), E[X(t)] = (a+b−1)/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
    /// It is eq. (10) at x = 0, T = 0.
    pub fn expected_purchases_new(&self, t: f64) -> Result<f64> {
        self.future_purchase_factor(0, 0.0, t)
    }

    /// Probability of at least one purchase in (T, T + t] for a customer with
    /// this history.
    ///
    /// Derivation (from FHL's assumptions, as eq. (8) is for a new customer):
    /// a dead customer buys nothing; an alive one has posterior
    /// λ ~ Gamma(r+x, α+T), and with no purchase nothing can drop them out,
    /// so P(no purchase | alive) = E[e^(−λt)] = ((α+T)/(α+T+t))^(r+x). Hence
    /// P(Y(t) ≥ 1) = P(alive) (1 − ((α+T)/(α+T+t))^(r+x)). At x = 0, T = 0 this
    /// is 1 − P(X(t) = 0) of eq. (8): 1 − (α/(α+t))^r.
    pub fn probability_of_purchase(&self, customer: Observation, t: f64) -> f64 {
        self.p_alive(customer) * self.probability_of_purchase_if_alive(customer.x, customer.age, t)
    }

    /// 1 − ((α+T)/(α+T+t))^(r+x): probability of buying in (T, T+t] given alive.
    pub fn probability_of_purchase_if_alive(&self, x: u32, age: f64, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let ln_survival = -(t / (self.alpha + age)).ln_1p();
        -((self.r + x as f64) * ln_survival).exp_m1()
    }

    /// F(x, T, t) with E[Y(t) | x, t_x, T] = P(alive) F(x, T, t), i.e. FHL
    /// eq. (10) without its denominator:
    /// F = (a+b+x−1)/(a−1) [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)],
    /// z = t/(α+T+t).
    ///
    /// Computed through Euler's transformation ₂F₁(A,B;C;z) =
    /// (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z), which turns the bracket into
    /// 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z). Its terms decay like
    /// zⁿ n^(a−r−x−2), much faster than the original series (whose terms grow
    /// like n^(r+x−a) before z^n wins), and the factor (a−1) of its second
    /// parameter cancels the 1/(a−1), so a = 1 is no singularity:
    /// F = (a+b+x−1) (1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1) K,
    /// K = Σ_{n≥1} (a+b−1−r)ₙ (a)ₙ₋₁ / ((a+b+x)ₙ₋₁ n!) zⁿ.
    pub fn future_purchase_factor(&self, x: u32, age: f64, t: f64) -> Result<f64> {
        let c = self.a + self.b + x as f64 - 1.0;
        let shifted = self.a + self.b - 1.0 - self.r;
        let a = self.a;
        self.factor_with(x, age, t, |n| {
            let n = n as f64;
            (shifted + n) * (a + n - 1.0) / ((c + n) * (n + 1.0))
        })
    }

    /// [`Self::future_purchase_factor`] with the ratio of consecutive
    /// coefficients of K, ratio(n) = kₙ₊₁ / (kₙ z), supplied by the caller
    /// (so a table can be shared by every customer with the same x).
    fn factor_with(
        &self,
        x: u32,
        age: f64,
        t: f64,
        mut ratio: impl FnMut(usize) -> f64,
    ) -> Result<f64> {
        if t.is_nan() || t <= 0.0 {
            return Ok(0.0);
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let c = a + b + x as f64 - 1.0;
        let z = t / (alpha + age + t);
        // ln(1 − z) = ln((α+T)/(α+T+t)), computed without cancellation.
        let ln_survival = -(t / (alpha + age)).ln_1p();
        let shifted = a + b - 1.0 - r;
        // K's first term: (a+b−1−r) z (the c of (c)_1 cancels with the prefactor).
        let mut term = shifted * z;
        let mut k_sum = term;
        let mut converged = term == 0.0;
        let mut n = 1;
        while !converged {
            if n > max_series_terms() {
                return Err(Error::analysis(format!(
                    "BG/NBD expectation series did not converge (x = {x}, T = {age}, t = {t})"
                )));
            }
            let step = ratio(n) * z;
            term *= step;
            k_sum += term;
            converged = term == 0.0 || series_converged(term, step, z, k_sum);
            n += 1;
        }
        let a_minus_1 = a - 1.0;
        let one_minus_power = if a_minus_1 == 0.0 {
            -ln_survival
        } else {
            -(a_minus_1 * ln_survival).exp_m1() / a_minus_1
        };
        let value = c * one_minus_power - (a_minus_1 * ln_survival).exp() * k_sum;
        if value.is_finite() {
            Ok(value.max(0.0))
        } else {
            Err(Error::analysis(format!(
                "BG/NBD expectation is not finite (x = {x}, T = {age}, t = {t})"
            )))
        }
    }
}

/// The parts of eq. (10) at one (T, t) that do not depend on x: z, ln(1−z),
/// (1−z)^(a−1) and (1 − (1−z)^(a−1))/(a−1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TimeTerms {
    z: f64,
    ln_survival: f64,
    power: f64,
    one_minus_power: f64,
}

impl TimeTerms {
    /// ln((α+T)/(α+T+t)).
    pub(crate) fn ln_survival(&self) -> f64 {
        self.ln_survival
    }
}

impl BgNbdParams {
    pub(crate) fn time_terms(&self, age: f64, t: f64) -> TimeTerms {
        if t.is_nan() || t <= 0.0 {
            return TimeTerms {
                z: 0.0,
                ln_survival: 0.0,
                power: 1.0,
                one_minus_power: 0.0,
            };
        }
        let z = t / (self.alpha + age + t);
        let ln_survival = -(t / (self.alpha + age)).ln_1p();
        let a_minus_1 = self.a - 1.0;
        let y = a_minus_1 * ln_survival;
        let power = y.exp();
        let one_minus_power = if a_minus_1 == 0.0 {
            -ln_survival
        } else if y.abs() < 1e-3 {
            -y.exp_m1() / a_minus_1
        } else {
            (1.0 - power) / a_minus_1
        };
        TimeTerms {
            z,
            ln_survival,
            power,
            one_minus_power,
        }
    }
}

/// [`BgNbdParams::future_purchase_factor`] for many customers: the series
/// coefficient ratios depend on x only, so they are computed once per x and
/// shared (the per-term division disappears from the inner loop).
pub(crate) struct FactorTable {
    params: BgNbdParams,
    ratios: Vec<Vec<f64>>,
}

impl FactorTable {
    pub(crate) fn new(params: BgNbdParams) -> Self {
        FactorTable {
            params,
            ratios: Vec::new(),
        }
    }

    /// F(x, T, t_k) for several times t_k of one T at once (`terms[k]` from
    /// [`BgNbdParams::time_terms`]): the series of every t_k advance together,
    /// sharing each coefficient ratio, in lanes the compiler vectorises.
    /// Same sums and stopping rule as [`BgNbdParams::future_purchase_factor`].
    pub(crate) fn factors(&mut self, x: u32, terms: &[TimeTerms], out: &mut [f64]) -> Result<()> {
        const LANES: usize = 16;
        const UNROLL: usize = 8;
        let xi = x as usize;
        if self.ratios.len() <= xi {
            self.ratios.resize_with(xi + 1, Vec::new);
        }
        let BgNbdParams { r, a, b, .. } = self.params;
        let c = a + b + x as f64 - 1.0;
        let shifted = a + b - 1.0 - r;
        let table = &mut self.ratios[xi];
        for (chunk, out_chunk) in terms.chunks(LANES).zip(out.chunks_mut(LANES)) {
            let mut z = [0.0f64; LANES];
            for (zk, t) in z.iter_mut().zip(chunk) {
                *zk = t.z;
            }
            let mut term = [0.0f64; LANES];
            let mut sum = [0.0f64; LANES];
            for k in 0..LANES {
                term[k] = shifted * z[k];
                sum[k] = term[k];
            }
            let mut n = 1usize;
            let mut done = shifted == 0.0;
            while !done {
                if n > max_series_terms() {
                    return Err(Error::analysis(format!(
                        "BG/NBD expectation series did not converge (x = {x})"
                    )));
                }
                while table.len() <= n + UNROLL {
                    let m = table.len() as f64;
                    table.push((shifted + m) * (a + m - 1.0) / ((c + m) * (m + 1.0)));
                }
                for &ratio in &table[n..n + UNROLL] {
                    for k in 0..LANES {
                        term[k] *= ratio * z[k];
                        sum[k] += term[k];
                    }
                }
                n += UNROLL;
                let last_ratio = table[n - 1];
                done = (0..LANES).all(|k| {
                    term[k] == 0.0 || series_converged(term[k], last_ratio * z[k], z[k], sum[k])
                });
            }
            for ((o, t), k_sum) in out_chunk.iter_mut().zip(chunk).zip(sum) {
                let value = c * t.one_minus_power - t.power * k_sum;
                if !value.is_finite() {
                    return Err(Error::analysis(format!(
                        "BG/NBD expectation is not finite (x = {x})"
                    )));
                }
                *o = value.max(0.0);
            }
        }
        Ok(())
    }
}

/// Customers collapsed to distinct (x, t_x, T) rows with weights, the form
/// in which the likelihood is evaluated (FHL §5 fit CDNOW the same way).
///
/// Rows are sorted by (x, t_x, T), so evaluation order, and hence every
/// floating-point sum, is the same on every run and platform.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbdData {
    x: Vec<u32>,
    tx_index: Vec<u32>,
    age_index: Vec<u32>,
    weight: Vec<f64>,
    tx_values: Vec<f64>,
    age_values: Vec<f64>,
    weight_by_x: Vec<f64>,
    total_weight: f64,
}

impl BgNbdData {
    /// Collapse observations given with weights (a weight is the number of
    /// customers with that history). Rejects negative or non-finite values
    /// and t_x > T.
    pub fn from_observations(
        observations: impl IntoIterator<Item = (Observation, f64)>,
    ) -> Result<Self> {
        let mut keyed: Vec<(u32, u64, u64, f64)> = Vec::new();
        for (o, w) in observations {
            let valid = o.t_x.is_finite()
                && o.age.is_finite()
                && o.t_x >= 0.0
                && o.age >= o.t_x
                && w.is_finite()
                && w >= 0.0;
            if !valid {
                return Err(Error::analysis(format!(
                    "invalid BG/NBD observation x = {}, t_x = {}, T = {}, weight = {w}",
                    o.x, o.t_x, o.age
                )));
            }
            if w > 0.0 {
                // +0.0 so that −0.0 and 0.0 share a key; non-negative floats
                // order like their bit patterns.
                keyed.push((o.x, (o.t_x + 0.0).to_bits(), (o.age + 0.0).to_bits(), w));
            }
        }
        keyed.sort_unstable_by_key(|k| (k.0, k.1, k.2));
        let mut tx_bits: Vec<u64> = keyed.iter().map(|k| k.1).collect();
        let mut age_bits: Vec<u64> = keyed.iter().map(|k| k.2).collect();
        tx_bits.sort_unstable();
        tx_bits.dedup();
        age_bits.sort_unstable();
        age_bits.dedup();
        let index_of = |values: &[u64], v: u64| values.binary_search(&v).unwrap_or(0) as u32;
        let mut data = BgNbdData::empty(
            tx_bits.iter().map(|b| f64::from_bits(*b)).collect(),
            age_bits.iter().map(|b| f64::from_bits(*b)).collect(),
        );
        let mut previous: Option<(u32, u64, u64)> = None;
        for (x, tx, age, w) in keyed {
            if previous == Some((x, tx, age)) {
                if let Some(last) = data.weight.last_mut() {
                    *last += w;
                }
            } else {
                data.push_row(x, index_of(&tx_bits, tx), index_of(&age_bits, age), w);
                previous = Some((x, tx, age));
            }
        }
        data.finish();
        Ok(data)
    }

    /// Collapse customers given in whole days (x, t_x days, T days); the
    /// model works in units of `unit_days` days, so recency keeps fractional
    /// units. Days must satisfy t_x ≤ T < 2²¹ and x < 2²².
    pub(crate) fn from_days(customers: &[(u32, u32, u32)], unit_days: f64) -> Result<Self> {
        const DAY_BITS: u32 = 21;
        let mut keys: Vec<u64> = Vec::with_capacity(customers.len());
        let mut max_age = 0u32;
        for &(x, tx, age) in customers {
            if tx > age || age >= 1 << DAY_BITS || x >= 1 << 22 {
                return Err(Error::analysis(format!(
                    "invalid BG/NBD history x = {x}, t_x = {tx} days, T = {age} days"
                )));
            }
            max_age = max_age.max(age);
            keys.push(((x as u64) << (2 * DAY_BITS)) | ((tx as u64) << DAY_BITS) | age as u64);
        }
        keys.sort_unstable();
        // Dense day -> index maps: days are bounded by the data span.
        let mut tx_seen = vec![false; max_age as usize + 1];
        let mut age_seen = vec![false; max_age as usize + 1];
        let mask = (1u64 << DAY_BITS) - 1;
        for &k in &keys {
            tx_seen[((k >> DAY_BITS) & mask) as usize] = true;
            age_seen[(k & mask) as usize] = true;
        }
        let dense_index = |seen: &[bool]| {
            let mut index = vec![u32::MAX; seen.len()];
            let mut values = Vec::new();
            for (day, &s) in seen.iter().enumerate() {
                if s {
                    index[day] = values.len() as u32;
                    values.push(day as f64 / unit_days);
                }
            }
            (index, values)
        };
        let (tx_index, tx_values) = dense_index(&tx_seen);
        let (age_index, age_values) = dense_index(&age_seen);
        let mut data = BgNbdData::empty(tx_values, age_values);
        let mut previous = u64::MAX;
        for k in keys {
            if k == previous {
                if let Some(last) = data.weight.last_mut() {
                    *last += 1.0;
                }
                continue;
            }
            previous = k;
            let x = (k >> (2 * DAY_BITS)) as u32;
            let tx = ((k >> DAY_BITS) & mask) as usize;
            let age = (k & mask) as usize;
            data.push_row(x, tx_index[tx], age_index[age], 1.0);
        }
        data.finish();
        Ok(data)
    }

    fn empty(tx_values: Vec<f64>, age_values: Vec<f64>) -> Self {
        BgNbdData {
            x: Vec::new(),
            tx_index: Vec::new(),
            age_index: Vec::new(),
            weight: Vec::new(),
            tx_values,
            age_values,
            weight_by_x: Vec::new(),
            total_weight: 0.0,
        }
    }

    fn push_row(&mut self, x: u32, tx_index: u32, age_index: u32, weight: f64) {
        self.x.push(x);
        self.tx_index.push(tx_index);
        self.age_index.push(age_index);
        self.weight.push(weight);
    }

    fn finish(&mut self) {
        let max_x = self.x.iter().copied().max().unwrap_or(0) as usize;
        self.weight_by_x = vec![0.0; max_x + 1];
        for (&x, &w) in self.x.iter().zip(&self.weight) {
            self.weight_by_x[x as usize] += w;
        }
        self.total_weight = self.weight.iter().sum();
    }

    /// Number of distinct (x, t_x, T) rows.
    pub fn rows(&self) -> usize {
        self.x.len()
    }

    /// Number of customers (sum of weights).
    pub fn customers(&self) -> f64 {
        self.total_weight
    }

    /// Number of customers with at least one repeat purchase.
    pub fn repeat_customers(&self) -> f64 {
        self.weight_by_x.iter().skip(1).sum()
    }

    /// Total repeat purchases (Σ weight × x).
    pub fn repeat_purchases(&self) -> f64 {
        self.weight_by_x
            .iter()
            .enumerate()
            .map(|(x, w)| x as f64 * w)
            .sum()
    }

    /// The same customers with t_x and T rounded to `bins` steps over the
    /// observed range: an approximation with far fewer rows, used only to
    /// find a starting point for the exact fit. Cells are accumulated in a
    /// dense (x, t_x bin, T bin) grid, read back in order (deterministic).
    fn coarsened(&self, bins: usize) -> BgNbdData {
        let max_age = self.age_values.last().copied().unwrap_or(0.0);
        if max_age <= 0.0 || self.rows() == 0 {
            return self.clone();
        }
        let step = max_age / bins as f64;
        let width = bins + 1;
        let bin = |v: &f64| ((v / step).round() as usize).min(bins);
        let tx_bin: Vec<usize> = self.tx_values.iter().map(bin).collect();
        let age_bin: Vec<usize> = self.age_values.iter().map(bin).collect();
        // Rows are sorted by x: rank the distinct values.
        let mut x_of_rank: Vec<u32> = Vec::new();
        let mut rank_of_row = Vec::with_capacity(self.rows());
        for &x in &self.x {
            if x_of_rank.last() != Some(&x) {
                x_of_rank.push(x);
            }
            rank_of_row.push(x_of_rank.len() - 1);
        }
        let cells = x_of_rank.len() * width * width;
        if cells > 16_000_000 {
            // Very many distinct x (daily buyers over years): no warm start.
            return self.clone();
        }
        let mut grid = vec![0.0f64; cells];
        for i in 0..self.rows() {
            let age = age_bin[self.age_index[i] as usize];
            let tx = tx_bin[self.tx_index[i] as usize].min(age);
            grid[(rank_of_row[i] * width + tx) * width + age] += self.weight[i];
        }
        let values: Vec<f64> = (0..width).map(|k| k as f64 * step).collect();
        let mut data = BgNbdData::empty(values.clone(), values);
        for (cell, &w) in grid.iter().enumerate() {
            if w > 0.0 {
                let age = cell % width;
                let tx = (cell / width) % width;
                let rank = cell / (width * width);
                data.push_row(x_of_rank[rank], tx as u32, age as u32, w);
            }
        }
        data.finish();
        data
    }

    /// Log-likelihood Σ wᵢ ln L(r, α, a, b | xᵢ, t_xᵢ, Tᵢ) of FHL eq. (6), with
    /// its gradient and Hessian in the natural parameters (r, α, a, b).
    ///
    /// ln L = A₁ + A₂ + ln(e^A₃ + δ(x>0) e^A₄) with
    /// A₁ = ln Γ(r+x) − ln Γ(r) + r ln α, A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
    /// A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
    /// The last term is A₃ + softplus(A₄ − A₃). Γ ratios at integer shifts
    /// are exact finite products, Γ(z+x)/Γ(z) = Π_{k<x} (z+k), which also
    /// give ψ and ψ₁ differences for the derivatives.
    pub fn log_likelihood(&self, params: BgNbdParams) -> f64 {
        self.derivatives(params).0
    }

    fn derivatives(&self, params: BgNbdParams) -> (f64, [f64; 4], [[f64; 4]; 4]) {
        let BgNbdParams { r, alpha, a, b } = params;
        let ln_age: Vec<f64> = self.age_values.iter().map(|t| (alpha + t).ln()).collect();
        let inv_age: Vec<f64> = self.age_values.iter().map(|t| 1.0 / (alpha + t)).collect();
        let ln_tx: Vec<f64> = self.tx_values.iter().map(|t| (alpha + t).ln()).collect();
        let inv_tx: Vec<f64> = self.tx_values.iter().map(|t| 1.0 / (alpha + t)).collect();
        let max_x = self.weight_by_x.len().saturating_sub(1);
        // Per x ≥ 1: ln a − ln(b+x−1) and 1/(b+x−1).
        let ln_a = a.ln();
        let dropout_offset: Vec<f64> = (0..=max_x)
            .map(|x| ln_a - (b + x as f64 - 1.0).max(f64::MIN_POSITIVE).ln())
            .collect();
        let inv_b: Vec<f64> = (0..=max_x).map(|x| 1.0 / (b + x as f64 - 1.0)).collect();

        let mut ll = 0.0;
        // Gradient and Hessian sums over rows (upper triangle).
        let (mut g_r, mut g_alpha, mut g_b) = (0.0, 0.0, 0.0);
        let (mut h_rr, mut h_ralpha, mut h_alphaalpha) = (0.0, 0.0, 0.0);
        let (mut h_rb, mut h_alphab, mut h_bb) = (0.0, 0.0, 0.0);
        // Terms with the constant ∂D/∂a = 1/a factored out.
        let (mut sum_s, mut sum_q, mut sum_q_dr, mut sum_q_dalpha, mut sum_q_db) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        for i in 0..self.x.len() {
            let w = self.weight[i];
            let x = self.x[i] as usize;
            let rx = r + x as f64;
            let ai = self.age_index[i] as usize;
            let (u, iu) = (ln_age[ai], inv_age[ai]);
            if x == 0 {
                ll -= w * rx * u;
                g_r -= w * u;
                g_alpha -= w * rx * iu;
                h_ralpha -= w * iu;
                h_alphaalpha += w * rx * iu * iu;
                continue;
            }
            let ti = self.tx_index[i] as usize;
            let (v, iv) = (ln_tx[ti], inv_tx[ti]);
            let d = dropout_offset[x] + rx * (u - v);
            // softplus(d) = max(d, 0) + ln(1 + e^−|d|) with ln rather than
            // ln_1p (twice as fast): the absolute error is below 1.2e-16 per
            // row, nothing against a row's log-likelihood.
            let e = (-d.abs()).exp();
            let softplus = d.max(0.0) + (1.0 + e).ln();
            let s = if d > 0.0 {
                1.0 / (1.0 + e)
            } else {
                e / (1.0 + e)
            };
            ll += w * (softplus - rx * u);
            let ib = inv_b[x];
            let d_r = u - v;
            let d_alpha = rx * (iu - iv);
            let d_b = -ib;
            let ws = w * s;
            let wq = ws * (1.0 - s);
            g_r += w * (-u) + ws * d_r;
            g_alpha += w * (-rx * iu) + ws * d_alpha;
            g_b += ws * d_b;
            sum_s += ws;
            sum_q += wq;
            sum_q_dr += wq * d_r;
            sum_q_dalpha += wq * d_alpha;
            sum_q_db += wq * d_b;
            h_rr += wq * d_r * d_r;
            h_ralpha += -w * iu + ws * (iu - iv) + wq * d_r * d_alpha;
            h_alphaalpha +=
                w * rx * iu * iu - ws * rx * (iu * iu - iv * iv) + wq * d_alpha * d_alpha;
            h_rb += wq * d_r * d_b;
            h_alphab += wq * d_alpha * d_b;
            h_bb += ws * ib * ib + wq * d_b * d_b;
        }
        let inv_a = 1.0 / a;
        let mut g_a = sum_s * inv_a;
        let h_ra = sum_q_dr * inv_a;
        let h_alphaa = sum_q_dalpha * inv_a;
        let mut h_aa = -sum_s * inv_a * inv_a + sum_q * inv_a * inv_a;
        let mut h_ab = sum_q_db * inv_a;

        // A₁ and A₂ depend on x only: accumulate with running finite sums.
        let ln_alpha = alpha.ln();
        let (mut ln_r, mut psi_r, mut tri_r) = (0.0, 0.0, 0.0);
        let (mut ln_b, mut psi_b, mut tri_b) = (0.0, 0.0, 0.0);
        let (mut ln_ab, mut psi_ab, mut tri_ab) = (0.0, 0.0, 0.0);
        for (x, &wx) in self.weight_by_x.iter().enumerate() {
            if wx > 0.0 {
                ll += wx * (ln_r + r * ln_alpha + ln_b - ln_ab);
                g_r += wx * (psi_r + ln_alpha);
                g_alpha += wx * r / alpha;
                g_a += wx * (-psi_ab);
                g_b += wx * (psi_b - psi_ab);
                h_rr -= wx * tri_r;
                h_ralpha += wx / alpha;
                h_alphaalpha -= wx * r / (alpha * alpha);
                h_aa += wx * tri_ab;
                h_ab += wx * tri_ab;
                h_bb += wx * (tri_ab - tri_b);
            }
            let k = x as f64;
            for (z, ln_sum, psi_sum, tri_sum) in [
                (r + k, &mut ln_r, &mut psi_r, &mut tri_r),
                (b + k, &mut ln_b, &mut psi_b, &mut tri_b),
                (a + b + k, &mut ln_ab, &mut psi_ab, &mut tri_ab),
            ] {
                *ln_sum += z.ln();
                *psi_sum += 1.0 / z;
                *tri_sum += 1.0 / (z * z);
            }
        }
        let gradient = [g_r, g_alpha, g_a, g_b];
        let hessian = [
            [h_rr, h_ralpha, h_ra, h_rb],
            [h_ralpha, h_alphaalpha, h_alphaa, h_alphab],
            [h_ra, h_alphaa, h_aa, h_ab],
            [h_rb, h_alphab, h_ab, h_bb],
        ];
        (ll, gradient, hessian)
    }
}

/// The objective minimised: −LL / N + λ (r² + α² + a² + b²), as a function
/// of θ = ln(r, α, a, b). The penalty matches lifetimes'
/// `penalizer_coef` convention (on the natural parameters, added to the
/// mean negative log-likelihood).
struct Likelihood<'a> {
    data: &'a BgNbdData,
    l2_penalty: f64,
}

impl Objective for Likelihood<'_> {
    fn evaluate(&self, theta: &[f64]) -> Option<Evaluation> {
        let p: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
        let (ll, g, h) = self.data.derivatives(BgNbdParams::from_array(&p));
        Some(log_space_objective(
            ll,
            &g,
            &h,
            &p,
            self.data.total_weight,
            self.l2_penalty,
        ))
    }
}

/// f(θ) = −LL/N + λ Σ pᵢ² with pᵢ = e^θᵢ, from LL's natural-parameter
/// gradient g and Hessian H: ∂f/∂θᵢ = −pᵢ gᵢ / N + 2λ pᵢ², ∂²f/∂θᵢ∂θⱼ =
/// −(pᵢ pⱼ Hᵢⱼ + δᵢⱼ pᵢ gᵢ) / N + δᵢⱼ 4λ pᵢ².
pub(crate) fn log_space_objective<const K: usize>(
    ll: f64,
    g: &[f64; K],
    h: &[[f64; K]; K],
    p: &[f64],
    n: f64,
    l2_penalty: f64,
) -> Evaluation {
    let value = -ll / n + l2_penalty * p.iter().map(|v| v * v).sum::<f64>();
    let gradient = (0..K)
        .map(|i| -p[i] * g[i] / n + 2.0 * l2_penalty * p[i] * p[i])
        .collect();
    let hessian = (0..K)
        .map(|i| {
            (0..K)
                .map(|j| {
                    let mut v = -p[i] * p[j] * h[i][j] / n;
                    if i == j {
                        v += -p[i] * g[i] / n + 4.0 * l2_penalty * p[i] * p[i];
                    }
                    v
                })
                .collect()
        })
        .collect();
    Evaluation {
        value,
        gradient,
        hessian,
    }
}

/// Undo [`log_space_objective`]: the log-likelihood and its natural-parameter
/// Hessian from the objective's value, gradient and Hessian at θ = ln p
/// (saves a pass over the data after the fit).
pub(crate) fn natural_from_log_space(
    e: &Evaluation,
    p: &[f64],
    n: f64,
    l2_penalty: f64,
) -> (f64, Vec<Vec<f64>>) {
    let k = p.len();
    let ll = -n * (e.value - l2_penalty * p.iter().map(|v| v * v).sum::<f64>());
    // gᵢ = −N (∂f/∂θᵢ − 2λpᵢ²) / pᵢ
    let g: Vec<f64> = (0..k)
        .map(|i| -n * (e.gradient[i] - 2.0 * l2_penalty * p[i] * p[i]) / p[i])
        .collect();
    let hessian = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let mut v = e.hessian[i][j];
                    if i == j {
                        v -= -p[i] * g[i] / n + 4.0 * l2_penalty * p[i] * p[i];
                    }
                    -n * v / (p[i] * p[j])
                })
                .collect()
        })
        .collect();
    (ll, hessian)
}

/// A BG/NBD maximum-likelihood fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgNbdFit {
    /// r, α, a, b.
    pub params: BgNbdParams,
    /// Σ ln L at the estimate (eq. (6), unpenalised).
    pub log_likelihood: f64,
    /// Whether the optimiser reached a point where the gradient vanishes
    /// (every component of the log-parameter gradient of the mean negative
    /// log-likelihood below 1e-6) and the Hessian is positive definite.
    pub converged: bool,
    /// Newton iterations on the exact data.
    pub iterations: u64,
    /// Newton iterations of the warm start on the binned data.
    pub warm_start_iterations: u64,
    /// Asymptotic standard errors of r, α, a, b: square roots of the
    /// diagonal of the inverse observed information, −∇²LL in the natural
    /// parameters (analytic Hessian of eq. (6)), at the estimate. `None`
    /// when that matrix is not positive definite.
    pub std_errors: Option<BgNbdParams>,
    /// Distinct (x, t_x, T) rows the likelihood was evaluated on.
    pub distinct_histories: usize,
    /// Customers in the fit.
    pub customers: f64,
    /// Of which with at least one repeat purchase.
    pub repeat_customers: f64,
}

/// Gradient tolerance on the mean negative log-likelihood in log-parameters.
const GRADIENT_TOLERANCE: f64 = 1e-6;

/// Fit the BG/NBD by maximum likelihood.
///
/// Two stages, both Newton-CG on the analytic gradient and Hessian in
/// log-parameters: a warm start on the data with t_x and T rounded to 1/64
/// of the observed span (a few thousand rows), then the exact data from
/// there. The estimate is the exact-data optimum; the warm start only saves
/// iterations over hundreds of thousands of distinct histories.
///
/// Errors only on unusable data (no customer, no repeat purchase); a fit
/// that fails to converge is returned with `converged = false`.
pub fn fit(data: &BgNbdData, l2_penalty: f64) -> Result<BgNbdFit> {
    if data.total_weight <= 0.0 {
        return Err(Error::analysis("BG/NBD: no customer to fit"));
    }
    if data.repeat_customers() <= 0.0 {
        return Err(Error::analysis("BG/NBD: no repeat purchase to fit"));
    }
    // Start: r = 1 and α so that r/α is the observed repeat rate per unit of
    // observed time; a = b = 1 (uniform dropout probability).
    let mean_age: f64 = (0..data.rows())
        .map(|i| data.weight[i] * data.age_values[data.age_index[i] as usize])
        .sum::<f64>()
        / data.total_weight;
    let mean_x = data.repeat_purchases() / data.total_weight;
    let alpha0 = (mean_age / mean_x).clamp(1e-3, 1e6);
    let start = [0.0, alpha0.ln(), 0.0, 0.0];

    let coarse = data.coarsened(64);
    let (warm, exact) = optimize::minimise_warm_started(
        &Likelihood {
            data: &coarse,
            l2_penalty,
        },
        &Likelihood { data, l2_penalty },
        &start,
        100,
        GRADIENT_TOLERANCE,
    );

    let natural: Vec<f64> = exact.theta.iter().map(|t| t.exp()).collect();
    let params = BgNbdParams::from_array(&natural);
    let (ll, hessian) = match &exact.evaluation {
        Some(e) => natural_from_log_space(e, &natural, data.total_weight, l2_penalty),
        None => {
            let (ll, _, h) = data.derivatives(params);
            (ll, h.iter().map(|row| row.to_vec()).collect())
        }
    };
    let std_errors = optimize::standard_errors(&hessian).map(|se| BgNbdParams::from_array(&se));
    Ok(BgNbdFit {
        params,
        log_likelihood: ll,
        converged: exact.converged && ll.is_finite(),
        iterations: exact.iterations,
        warm_start_iterations: warm.iterations,
        std_errors,
        distinct_histories: data.rows(),
        customers: data.total_weight,
        repeat_customers: data.repeat_customers(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BgNbdData {
        BgNbdData::from_observations([
            (
                Observation {
                    x: 0,
                    t_x: 0.0,
                    age: 30.0,
                },
                5.0,
            ),
            (
                Observation {
                    x: 1,
                    t_x: 10.0,
                    age: 30.0,
                },
                2.0,
            ),
            (
                Observation {
                    x: 3,
                    t_x: 25.5,
                    age: 38.0,
                },
                1.0,
            ),
            (
                Observation {
                    x: 3,
                    t_x: 25.5,
                    age: 38.0,
                },
                2.0,
            ),
            (
                Observation {
                    x: 7,
                    t_x: 36.0,
                    age: 39.0,
                },
                1.0,
            ),
            (
                Observation {
                    x: 2,
                    t_x: 4.0,
                    age: 12.0,
                },
                3.0,
            ),
        ])
        .unwrap()
    }

    #[test]
    fn collapsing_merges_identical_histories() {
        let data = sample();
        assert_eq!(data.rows(), 5);
        assert_eq!(data.customers(), 14.0);
        assert_eq!(data.repeat_customers(), 9.0);
        assert_eq!(data.repeat_purchases(), 2.0 + 9.0 + 7.0 + 6.0);
        let days = BgNbdData::from_days(&[(0, 0, 14), (0, 0, 14), (2, 7, 14)], 7.0).unwrap();
        assert_eq!(days.rows(), 2);
        assert_eq!(days.age_values, vec![2.0]);
        assert_eq!(days.tx_values, vec![0.0, 1.0]);
        assert!(BgNbdData::from_days(&[(1, 9, 8)], 7.0).is_err());
    }

    #[test]
    fn log_likelihood_matches_equation_6_term_by_term() {
        // One customer, x = 2, t_x = 5, T = 10, params (0.5, 2, 0.8, 3).
        // A1 = lnΓ(2.5) − lnΓ(0.5) + 0.5 ln 2 = ln(0.5 × 1.5) + 0.5 ln 2
        // A2 = lnΓ(3.8) + lnΓ(5) − lnΓ(3) − lnΓ(5.8) = ln(4 × 3 / (4.8 × 3.8))
        // A3 = −2.5 ln 12, A4 = ln 0.8 − ln 4 − 2.5 ln 7
        let p = BgNbdParams {
            r: 0.5,
            alpha: 2.0,
            a: 0.8,
            b: 3.0,
        };
        let data = BgNbdData::from_observations([(
            Observation {
                x: 2,
                t_x: 5.0,
                age: 10.0,
            },
            1.0,
        )])
        .unwrap();
        let a1 = (0.75f64).ln() + 0.5 * 2f64.ln();
        let a2 = (12.0 / (4.8 * 3.8f64)).ln();
        let a3 = -2.5 * 12f64.ln();
        let a4 = 0.8f64.ln() - 4f64.ln() - 2.5 * 7f64.ln();
        let expected = a1 + a2 + (a3.exp() + a4.exp()).ln();
        assert!((data.log_likelihood(p) - expected).abs() < 1e-13);
    }

    #[test]
    fn analytic_derivatives_match_finite_differences() {
        let data = sample();
        let p = BgNbdParams {
            r: 0.7,
            alpha: 3.0,
            a: 0.9,
            b: 2.2,
        };
        let (_, g, h) = data.derivatives(p);
        let base = p.as_array();
        for i in 0..4 {
            let step = 1e-5 * base[i];
            let mut up = base;
            let mut down = base;
            up[i] += step;
            down[i] -= step;
            let (lu, gu, _) = data.derivatives(BgNbdParams::from_array(&up));
            let (ld, gd, _) = data.derivatives(BgNbdParams::from_array(&down));
            let numeric = (lu - ld) / (2.0 * step);
            assert!(
                (numeric - g[i]).abs() < 1e-6 * (1.0 + g[i].abs()),
                "gradient {i}"
            );
            for j in 0..4 {
                let numeric = (gu[j] - gd[j]) / (2.0 * step);
                assert!(
                    (numeric - h[i][j]).abs() < 1e-5 * (1.0 + h[i][j].abs()),
                    "hessian {i} {j}"
                );
            }
        }
    }

    #[test]
    fn expectation_series_matches_direct_hypergeometric_form() {
        // Eq. (10) computed the textbook way with a direct ₂F₁ series, at a
        // z where that series converges quickly.
        let p = BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        for &(x, tx, age, t) in &[
            (0u32, 0.0, 30.0, 10.0),
            (2, 30.43, 38.86, 39.0),
            (5, 20.0, 35.0, 20.0),
        ] {
            let o = Observation { x, t_x: tx, age };
            let xf = x as f64;
            let z = t / (p.alpha + age + t);
            let f =
                super::super::special::hyp2f1(p.r + xf, p.b + xf, p.a + p.b + xf - 1.0, z).unwrap();
            let bracket = 1.0 - ((p.alpha + age) / (p.alpha + age + t)).powf(p.r + xf) * f;
            let direct = (p.a + p.b + xf - 1.0) / (p.a - 1.0) * bracket * p.p_alive(o);
            let ours = p.expected_purchases(o, t).unwrap();
            assert!(
                (ours - direct).abs() < 1e-11 * direct.abs().max(1.0),
                "{x} {tx} {age} {t}: {ours} vs {direct}"
            );
        }
    }

    #[test]
    fn expectation_is_continuous_through_a_equal_one() {
        let at = |a: f64| {
            BgNbdParams {
                r: 0.5,
                alpha: 3.0,
                a,
                b: 2.0,
            }
            .expected_purchases(
                Observation {
                    x: 3,
                    t_x: 8.0,
                    age: 10.0,
                },
                20.0,
            )
            .unwrap()
        };
        let (below, exact, above) = (at(1.0 - 1e-7), at(1.0), at(1.0 + 1e-7));
        assert!((below - exact).abs() < 1e-6 && (above - exact).abs() < 1e-6);
    }

    #[test]
    fn purchase_probability_of_a_new_customer_is_one_minus_eq_8_at_zero() {
        // P(X(t) = 0) = (α/(α+t))^r for x = 0 (eq. (8)).
        let p = BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        let prob = p.probability_of_purchase(
            Observation {
                x: 0,
                t_x: 0.0,
                age: 0.0,
            },
            52.0,
        );
        assert!((prob - (1.0 - (4.414f64 / 56.414).powf(0.243))).abs() < 1e-15);
    }
}
