//! Maximum-likelihood driver shared by the BG/NBD and Gamma-Gamma fits.
//!
//! Both models are fitted in log-parameters (so every parameter stays
//! positive) with a trust-region Newton method whose subproblem is solved by
//! Steihaug's truncated conjugate gradient, fed with the analytic gradient
//! and Hessian. Trust-region Newton is globally convergent, copes with an
//! indefinite Hessian far from the optimum, and converges quadratically near
//! it, which is what keeps a fit on hundreds of thousands of customers within
//! a few tens of milliseconds.
//!
//! The method is written here rather than taken from `argmin` (which it
//! replaced; argmin, argmin-math and rand cost the page's module about 20 KB
//! gzipped, BENCHMARKS.md "Main module size"). It follows argmin 0.11's
//! `TrustRegion` + `Steihaug` step for step (Nocedal & Wright, *Numerical
//! Optimization*, algorithms 4.1 and 7.2): initial radius 1, largest radius
//! 10, step accepted when the actual reduction is more than 1/8 of the
//! predicted one, radius quartered to a quarter of the step below 1/4 and
//! doubled above 3/4 when the step reached the boundary, inner CG to a
//! relative residual of 1e-12 or 50 iterations. It stops as soon as every
//! gradient component is within the tolerance, and returns the best point
//! met.

/// Value, gradient and Hessian of a function to minimise, at one point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Evaluation {
    pub value: f64,
    pub gradient: Vec<f64>,
    pub hessian: Vec<Vec<f64>>,
}

impl Evaluation {
    fn is_finite(&self) -> bool {
        self.value.is_finite()
            && self.gradient.iter().all(|g| g.is_finite())
            && self.hessian.iter().flatten().all(|h| h.is_finite())
    }
}

/// A smooth function of the log-parameters, to be minimised.
pub(crate) trait Objective {
    /// Value, gradient and Hessian at `theta`, or `None` where the function
    /// is undefined (overflow, parameters out of range).
    fn evaluate(&self, theta: &[f64]) -> Option<Evaluation>;
}

/// Why a minimisation stopped, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Minimum {
    /// The log-parameters at the best point found.
    pub theta: Vec<f64>,
    /// The evaluation there.
    pub evaluation: Option<Evaluation>,
    /// Newton iterations performed.
    pub iterations: u64,
    /// Gradient small, Hessian positive definite, everything finite.
    pub converged: bool,
    /// A short English description of the stop, for diagnostics.
    pub message: String,
}

/// Largest |log-parameter| accepted: e^±40 is far beyond any sensible model.
const MAX_ABS_THETA: f64 = 40.0;
/// The trust region's radius at the start, and the largest it may grow to.
const INITIAL_RADIUS: f64 = 1.0;
const MAX_RADIUS: f64 = 10.0;
/// A step is taken when the objective falls by more than this share of the
/// fall the quadratic model predicted.
const ACCEPTANCE: f64 = 0.125;
/// The conjugate-gradient subproblem stops when the model's residual falls
/// below this share of the gradient's norm, or after this many iterations.
const CG_RELATIVE_RESIDUAL: f64 = 1e-12;
const CG_MAX_ITERS: usize = 50;

/// The objective at `theta`, or `None` when `theta` or any part of the
/// evaluation is not finite, or a log-parameter is beyond ±[`MAX_ABS_THETA`].
fn evaluate_checked<O: Objective>(objective: &O, theta: &[f64]) -> Option<Evaluation> {
    if !theta
        .iter()
        .all(|t| t.is_finite() && t.abs() <= MAX_ABS_THETA)
    {
        return None;
    }
    objective.evaluate(theta).filter(Evaluation::is_finite)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    a.iter().map(|x| x.powi(2)).sum::<f64>().sqrt()
}

/// The matrix `h` times the vector `v`.
fn times(h: &[Vec<f64>], v: &[f64]) -> Vec<f64> {
    h.iter().map(|row| dot(row, v)).collect()
}

/// `p + tau d`.
fn along(p: &[f64], d: &[f64], tau: f64) -> Vec<f64> {
    p.iter().zip(d).map(|(p, d)| p + d * tau).collect()
}

/// The quadratic model's change `gᵀp + ½ pᵀHp` for the step `p`.
fn model_change(gradient: &[f64], hessian: &[Vec<f64>], step: &[f64]) -> f64 {
    dot(gradient, step) + 0.5 * dot(step, &times(hessian, step))
}

/// Where the line `p + τ d` leaves the ball of `radius`: the roots τ of
/// ‖p + τ d‖ = radius (or, when they are not finite, the linearised root).
/// With `model` (negative curvature along `d`), the root with the lower
/// model value; otherwise the largest non-negative root. Ties go to the
/// first root, as argmin's stable sort did. `0` when no root qualifies.
fn boundary_step(p: &[f64], d: &[f64], radius: f64, model: Option<(&[f64], &[Vec<f64>])>) -> f64 {
    let a = dot(p, p);
    let b = dot(d, d);
    let c = dot(p, d);
    let delta = radius.powi(2);
    let root = (-a * b + b * delta + c.powi(2)).sqrt();
    let mut taus = vec![-(root + c) / b, (root - c) / b];
    if taus.iter().any(|t| !t.is_finite()) {
        taus.push((delta - a) / (2.0 * c));
    }
    let mut best: Option<(f64, f64)> = None;
    for tau in taus {
        let score = match model {
            Some((gradient, hessian)) => -model_change(gradient, hessian, &along(p, d, tau)),
            None if tau >= 0.0 => tau,
            None => continue,
        };
        if !score.is_nan() && best.is_none_or(|(_, top)| score > top) {
            best = Some((tau, score));
        }
    }
    best.map_or(0.0, |(tau, _)| tau)
}

/// Steihaug's truncated conjugate gradient: an approximate minimiser of the
/// model `gᵀp + ½ pᵀHp` over ‖p‖ ≤ `radius`, stopping on the boundary or
/// along a direction of non-positive curvature.
fn steihaug_step(gradient: &[f64], hessian: &[Vec<f64>], radius: f64) -> Vec<f64> {
    let mut residual = gradient.to_vec();
    let initial_norm = norm(&residual);
    let mut p = vec![0.0; gradient.len()];
    if initial_norm < CG_RELATIVE_RESIDUAL {
        return p;
    }
    let mut rtr = dot(&residual, &residual);
    let mut direction: Vec<f64> = residual.iter().map(|r| r * -1.0).collect();
    for _ in 0..CG_MAX_ITERS {
        let hd = times(hessian, &direction);
        let curvature = dot(&direction, &hd);
        if curvature <= 0.0 {
            let tau = boundary_step(&p, &direction, radius, Some((gradient, hessian)));
            return along(&p, &direction, tau);
        }
        let alpha = rtr / curvature;
        let next = along(&p, &direction, alpha);
        if norm(&next) >= radius {
            let tau = boundary_step(&p, &direction, radius, None);
            return along(&p, &direction, tau);
        }
        let next_residual = along(&residual, &hd, alpha);
        if norm(&next_residual) < CG_RELATIVE_RESIDUAL * initial_norm {
            return next;
        }
        let next_rtr = dot(&next_residual, &next_residual);
        let beta = next_rtr / rtr;
        direction = next_residual
            .iter()
            .zip(&direction)
            .map(|(r, d)| r * -1.0 + d * beta)
            .collect();
        residual = next_residual;
        p = next;
        rtr = next_rtr;
    }
    p
}

/// Minimise `objective` from `start` with trust-region Newton, at most
/// `max_iters` iterations, stopping when every component of the gradient is
/// below `gradient_tolerance`. `converged` also requires a positive definite
/// Hessian at the final point (a true local minimum).
pub(crate) fn minimise<O: Objective>(
    objective: &O,
    start: &[f64],
    max_iters: u64,
    gradient_tolerance: f64,
) -> Minimum {
    let failed = |message: &str| Minimum {
        evaluation: None,
        theta: start.to_vec(),
        iterations: 0,
        converged: false,
        message: message.into(),
    };
    let Some(mut here) = evaluate_checked(objective, start) else {
        return failed("the likelihood is undefined at the starting point");
    };
    let mut theta = start.to_vec();
    let mut best = (theta.clone(), here.value);
    let mut radius = INITIAL_RADIUS;
    let mut iterations = 0;
    let message = loop {
        if here.gradient.iter().all(|g| g.abs() <= gradient_tolerance) {
            break "Solver converged";
        }
        if iterations >= max_iters {
            break "Maximum number of iterations reached";
        }
        let step = steihaug_step(&here.gradient, &here.hessian, radius);
        let candidate: Vec<f64> = step.iter().zip(&theta).map(|(s, t)| s + t).collect();
        let trial = evaluate_checked(objective, &candidate);
        let trial_value = trial.as_ref().map_or(f64::INFINITY, |e| e.value);
        let predicted = here.value + model_change(&here.gradient, &here.hessian, &step);
        let ratio = (here.value - trial_value) / (here.value - predicted);
        let step_norm = norm(&step);
        if ratio < 0.25 {
            radius = 0.25 * step_norm;
        } else if ratio > 0.75 && (step_norm - radius).abs() <= 10.0 * f64::EPSILON {
            radius = MAX_RADIUS.min(2.0 * radius);
        }
        if ratio > ACCEPTANCE {
            // An infinite ratio can accept an undefined point (the model
            // rose): nothing sensible is left to do from there.
            let Some(trial) = trial else {
                return failed("optimiser stopped: gradient undefined at this point");
            };
            theta = candidate;
            here = trial;
            if here.value < best.1 {
                best = (theta.clone(), here.value);
            }
        }
        iterations += 1;
    };
    let theta = best.0;
    let evaluation = evaluate_checked(objective, &theta);
    let converged = evaluation.as_ref().is_some_and(|e| {
        e.gradient.iter().all(|g| g.abs() <= gradient_tolerance)
            && cholesky_inverse(&e.hessian).is_some()
    });
    Minimum {
        theta,
        evaluation,
        iterations,
        converged,
        message: message.into(),
    }
}

/// Minimise `exact` in two stages: first `coarse` (the same objective on
/// binned data, far cheaper) from `start`, at most 200 iterations to a
/// gradient of 1e-5; then `exact` from that optimum, or from `start` again
/// when the warm start ended where the objective is undefined. Returns the
/// warm and the exact minimum.
pub(crate) fn minimise_warm_started<O: Objective>(
    coarse: &O,
    exact: &O,
    start: &[f64],
    max_iters: u64,
    gradient_tolerance: f64,
) -> (Minimum, Minimum) {
    let warm = minimise(coarse, start, 200, 1e-5);
    let warm_theta = if warm.evaluation.is_some() {
        warm.theta.clone()
    } else {
        start.to_vec()
    };
    let minimum = minimise(exact, &warm_theta, max_iters, gradient_tolerance);
    (warm, minimum)
}

/// Standard errors of maximum-likelihood estimates from the Hessian of the
/// log-likelihood: square roots of the diagonal of the inverse observed
/// information (−Hessian). `None` when the information is not positive
/// definite or an error is not finite.
pub(crate) fn standard_errors(log_likelihood_hessian: &[Vec<f64>]) -> Option<Vec<f64>> {
    let information: Vec<Vec<f64>> = log_likelihood_hessian
        .iter()
        .map(|row| row.iter().map(|h| -h).collect())
        .collect();
    let covariance = cholesky_inverse(&information)?;
    let errors: Vec<f64> = (0..covariance.len())
        .map(|i| covariance[i][i].sqrt())
        .collect();
    errors.iter().all(|e| e.is_finite()).then_some(errors)
}

/// Inverse of a symmetric positive definite matrix by Cholesky
/// factorisation; `None` when the matrix is not positive definite.
pub(crate) fn cholesky_inverse(matrix: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = matrix.len();
    if matrix.iter().any(|row| row.len() != n) {
        return None;
    }
    // L Lᵀ = A
    let mut lower = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = lower[i][..j]
                .iter()
                .zip(&lower[j][..j])
                .map(|(a, b)| a * b)
                .sum();
            let sum = matrix[i][j] - dot;
            if i == j {
                if !(sum.is_finite() && sum > 0.0) {
                    return None;
                }
                lower[i][i] = sum.sqrt();
            } else {
                lower[i][j] = sum / lower[j][j];
            }
        }
    }
    // Solve A X = I column by column: L y = eᶜ, then Lᵀ x = y.
    let mut inverse = vec![vec![0.0; n]; n];
    for col in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let dot: f64 = lower[i][..i].iter().zip(&y[..i]).map(|(a, b)| a * b).sum();
            y[i] = (f64::from(u8::from(i == col)) - dot) / lower[i][i];
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let dot: f64 = ((i + 1)..n).map(|k| lower[k][i] * x[k]).sum();
            x[i] = (y[i] - dot) / lower[i][i];
        }
        for (row, value) in inverse.iter_mut().zip(x) {
            row[col] = value;
        }
    }
    Some(inverse)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(θ) = Σ cᵢ (e^θᵢ − θᵢ): minimum at θ = 0, Hessian diag(cᵢ e^θᵢ).
    struct Convex(Vec<f64>);

    impl Objective for Convex {
        fn evaluate(&self, theta: &[f64]) -> Option<Evaluation> {
            let n = theta.len();
            let mut hessian = vec![vec![0.0; n]; n];
            for i in 0..n {
                hessian[i][i] = self.0[i] * theta[i].exp();
            }
            Some(Evaluation {
                value: theta
                    .iter()
                    .zip(&self.0)
                    .map(|(t, c)| c * (t.exp() - t))
                    .sum(),
                gradient: theta
                    .iter()
                    .zip(&self.0)
                    .map(|(t, c)| c * (t.exp() - 1.0))
                    .collect(),
                hessian,
            })
        }
    }

    #[test]
    fn trust_region_newton_finds_a_smooth_minimum() {
        let minimum = minimise(&Convex(vec![1.0, 3.0, 0.5]), &[2.0, -1.5, 0.7], 100, 1e-7);
        assert!(minimum.converged, "{minimum:?}");
        for t in &minimum.theta {
            assert!(t.abs() < 1e-7);
        }
        assert!(minimum.iterations < 30);
    }

    #[test]
    fn cholesky_inverse_inverts_and_rejects_indefinite() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let inv = cholesky_inverse(&a).unwrap();
        // det = 8, inverse = [[3, -2], [-2, 4]] / 8
        assert!((inv[0][0] - 0.375).abs() < 1e-15);
        assert!((inv[0][1] + 0.25).abs() < 1e-15);
        assert!((inv[1][1] - 0.5).abs() < 1e-15);
        assert!(cholesky_inverse(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }
}
