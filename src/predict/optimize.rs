//! Maximum-likelihood driver shared by the BG/NBD and Gamma-Gamma fits.
//!
//! Both models are fitted in log-parameters (so every parameter stays
//! positive) with `argmin`'s trust-region Newton method (Steihaug's
//! conjugate-gradient subproblem), fed with the analytic gradient and
//! Hessian. Trust-region Newton is globally convergent, copes with an
//! indefinite Hessian far from the optimum, and converges quadratically near
//! it, which is what keeps a fit on hundreds of thousands of customers within
//! a few tens of milliseconds.
//!
//! argmin's `TrustRegion` has no stopping rule of its own (it runs to the
//! iteration limit), so [`StopOnGradient`] wraps it and stops as soon as the
//! gradient vanishes. (argmin 0.11's `NewtonCG` was not used: its inner CG
//! compares a squared residual with a norm and stops after one iteration,
//! which degrades it to steepest descent.)
//!
//! argmin calls the cost, gradient and Hessian separately; the objective
//! computes all three in one pass over the data and the adapter caches the
//! last evaluation, keyed on the exact parameter bits.

use argmin::core::{
    CostFunction, Executor, Gradient, Hessian, IterState, Problem, Solver, State,
    TerminationReason, TerminationStatus, KV,
};
use argmin::solver::trustregion::{Steihaug, TrustRegion};
use std::cell::RefCell;
use std::rc::Rc;

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

/// The last evaluation, keyed on the parameters' bit patterns.
type CachedEvaluation = (Vec<u64>, Option<Rc<Evaluation>>);

struct Adapter<'a, O: Objective> {
    objective: &'a O,
    cache: RefCell<Option<CachedEvaluation>>,
}

impl<O: Objective> Adapter<'_, O> {
    fn evaluation(&self, theta: &[f64]) -> Option<Rc<Evaluation>> {
        let key: Vec<u64> = theta.iter().map(|v| v.to_bits()).collect();
        if let Some((cached_key, cached)) = self.cache.borrow().as_ref() {
            if *cached_key == key {
                return cached.clone();
            }
        }
        let fresh = if theta
            .iter()
            .all(|t| t.is_finite() && t.abs() <= MAX_ABS_THETA)
        {
            self.objective
                .evaluate(theta)
                .filter(Evaluation::is_finite)
                .map(Rc::new)
        } else {
            None
        };
        *self.cache.borrow_mut() = Some((key, fresh.clone()));
        fresh
    }
}

impl<O: Objective> CostFunction for Adapter<'_, O> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, theta: &Self::Param) -> Result<f64, argmin::core::Error> {
        // An undefined point costs +∞: the Armijo test fails and the line
        // search shortens the step.
        Ok(self.evaluation(theta).map_or(f64::INFINITY, |e| e.value))
    }
}

impl<O: Objective> Gradient for Adapter<'_, O> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, theta: &Self::Param) -> Result<Vec<f64>, argmin::core::Error> {
        self.evaluation(theta)
            .map(|e| e.gradient.clone())
            .ok_or_else(|| argmin::core::Error::msg("gradient undefined at this point"))
    }
}

impl<O: Objective> Hessian for Adapter<'_, O> {
    type Param = Vec<f64>;
    type Hessian = Vec<Vec<f64>>;

    fn hessian(&self, theta: &Self::Param) -> Result<Vec<Vec<f64>>, argmin::core::Error> {
        self.evaluation(theta)
            .map(|e| e.hessian.clone())
            .ok_or_else(|| argmin::core::Error::msg("Hessian undefined at this point"))
    }
}

type NewtonState = IterState<Vec<f64>, Vec<f64>, (), Vec<Vec<f64>>, (), f64>;

/// An argmin solver wrapper that stops once every gradient component is
/// within `tolerance` of zero; everything else is the inner solver's.
#[derive(Clone)]
struct StopOnGradient<S> {
    inner: S,
    tolerance: f64,
}

impl<O, S: Solver<O, NewtonState>> Solver<O, NewtonState> for StopOnGradient<S> {
    fn name(&self) -> &str {
        "trust region (Steihaug) stopped on the gradient"
    }

    fn init(
        &mut self,
        problem: &mut Problem<O>,
        state: NewtonState,
    ) -> Result<(NewtonState, Option<KV>), argmin::core::Error> {
        self.inner.init(problem, state)
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<O>,
        state: NewtonState,
    ) -> Result<(NewtonState, Option<KV>), argmin::core::Error> {
        self.inner.next_iter(problem, state)
    }

    fn terminate(&mut self, state: &NewtonState) -> TerminationStatus {
        let small = state
            .get_gradient()
            .is_some_and(|g| g.iter().all(|v| v.abs() <= self.tolerance));
        if small {
            TerminationStatus::Terminated(TerminationReason::SolverConverged)
        } else {
            self.inner.terminate(state)
        }
    }
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
    let adapter = Adapter {
        objective,
        cache: RefCell::new(None),
    };
    let failed = |theta: Vec<f64>, iterations: u64, message: String| Minimum {
        evaluation: None,
        theta,
        iterations,
        converged: false,
        message,
    };
    if adapter.evaluation(start).is_none() {
        return failed(
            start.to_vec(),
            0,
            "the likelihood is undefined at the starting point".into(),
        );
    }
    let solver = match Steihaug::new()
        .with_max_iters(50)
        .with_epsilon(1e-12)
        .and_then(|subproblem| TrustRegion::new(subproblem).with_radius(1.0))
        .and_then(|tr| tr.with_max_radius(10.0))
    {
        Ok(solver) => StopOnGradient {
            inner: solver,
            tolerance: gradient_tolerance,
        },
        Err(err) => return failed(start.to_vec(), 0, format!("optimiser set-up failed: {err}")),
    };
    let result = Executor::new(adapter, solver)
        .configure(|state| state.param(start.to_vec()).max_iters(max_iters))
        .run();
    let mut result = match result {
        Ok(result) => result,
        Err(err) => return failed(start.to_vec(), 0, format!("optimiser stopped: {err}")),
    };
    let state = result.state();
    let theta: Vec<f64> = state
        .get_best_param()
        .or_else(|| state.get_param())
        .cloned()
        .unwrap_or_else(|| start.to_vec());
    let iterations = state.get_iter();
    let stop = state.get_termination_status().to_string();
    let evaluation = match result.problem.take_problem() {
        Some(adapter) => adapter.evaluation(&theta).map(|e| (*e).clone()),
        None => objective.evaluate(&theta),
    };
    let converged = evaluation.as_ref().is_some_and(|e| {
        e.gradient.iter().all(|g| g.abs() <= gradient_tolerance)
            && cholesky_inverse(&e.hessian).is_some()
    });
    Minimum {
        theta,
        evaluation,
        iterations,
        converged,
        message: stop,
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
