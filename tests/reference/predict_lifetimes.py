"""Reference numbers for tests/predict_reference.rs, from the Python `lifetimes` package.

Run (lifetimes 0.11.3, pandas 3, numpy 2, scipy 1.17 were used):
    python3 -m venv /tmp/lifetimes-venv && /tmp/lifetimes-venv/bin/pip install lifetimes
    /tmp/lifetimes-venv/bin/python tests/reference/predict_lifetimes.py

It writes tests/data/predict/cdnow_summary.csv (the CDNOW sample of Fader, Hardie & Lee 2005 as
shipped by lifetimes: 2357 customers, weeks) and prints the numbers pasted into the Rust test.
lifetimes rescales time before fitting and stops at tol 1e-7, so its estimates are also refined
here with scipy on the unscaled data (same likelihood, eq. (6)), to get the MLE to ~1e-9.
"""
import os

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

HERE = os.path.dirname(os.path.abspath(__file__))
data = load_cdnow_summary_data_with_monetary_value()
out = os.path.join(HERE, "..", "data", "predict", "cdnow_summary.csv")
data.to_csv(out, index_label="customer_id", float_format="%.2f")
x, tx, T, m = (data[c].to_numpy(dtype=float) for c in ["frequency", "recency", "T", "monetary_value"])


def bgnbd_ll(params):
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx)
    mx = np.maximum(a3, a4)
    return np.sum(a1 + a2 + mx + np.log(np.exp(a3 - mx) + (x > 0) * np.exp(a4 - mx)))


bgf = BetaGeoFitter().fit(x, tx, T)
lp = bgf.params_[["r", "alpha", "a", "b"]].to_numpy()
print("lifetimes BG/NBD r, alpha, a, b:", repr(lp.tolist()))
print("  LL (eq. 6, unscaled) at lifetimes params:", repr(bgnbd_ll(lp)))
res = minimize(lambda th: -bgnbd_ll(np.exp(th)), np.log(lp), method="Nelder-Mead",
               options={"xatol": 1e-12, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000})
mle = np.exp(res.x)
print("scipy-refined MLE r, alpha, a, b:", repr(mle.tolist()), "LL", repr(-res.fun))


def num_hessian(f, p, rel=1e-4):
    k = len(p)
    h = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            ei = np.zeros(k); ej = np.zeros(k)
            ei[i] = rel * p[i]; ej[j] = rel * p[j]
            h[i, j] = (f(p + ei + ej) - f(p + ei - ej) - f(p - ei + ej) + f(p - ei - ej)) / (4 * ei[i] * ej[j])
    return h


cov = np.linalg.inv(-num_hessian(bgnbd_ll, mle))
print("BG/NBD standard errors (numerical Hessian at MLE):", repr(np.sqrt(np.diag(cov)).tolist()))

# Per-customer predictions with lifetimes at its own parameters.
bgf.params_[:] = mle  # evaluate lifetimes' formulas at the refined MLE
customers = [0, 1, 2, 5, 16, 100, 156, 1234]
for t in [39.0, 52.0]:
    e = bgf.conditional_expected_number_of_purchases_up_to_time(t, x[customers], tx[customers], T[customers])
    print(f"conditional expected purchases t={t}:", repr(np.asarray(e).tolist()))
pa = bgf.conditional_probability_alive(x[customers], tx[customers], T[customers])
print("p_alive:", repr(np.asarray(pa).tolist()))
print("customers (x, t_x, T):", [(x[i], tx[i], T[i]) for i in customers])
print("E[X(t)] new customer t=39, 78:", repr(np.asarray(bgf.expected_number_of_purchases_up_to_time(np.array([39.0, 78.0]))).tolist()))
print("P(X(52)=0) new customer:", repr(float(bgf.probability_of_n_purchases_up_to_time(52.0, 0))))

# Gamma-Gamma on repeat customers (x > 0), note 025 eq. (1a).
rep = x > 0
ggf = GammaGammaFitter().fit(x[rep], m[rep])
gp = ggf.params_[["p", "q", "v"]].to_numpy()
print("lifetimes Gamma-Gamma p, q, v:", repr(gp.tolist()))


def gg_ll(params):
    p, q, v = params
    xs, ms = x[rep], m[rep]
    return np.sum(gammaln(p * xs + q) - gammaln(p * xs) - gammaln(q) + q * np.log(v)
                  + (p * xs - 1) * np.log(ms) + p * xs * np.log(xs) - (p * xs + q) * np.log(xs * ms + v))


res = minimize(lambda th: -gg_ll(np.exp(th)), np.log(gp), method="Nelder-Mead",
               options={"xatol": 1e-12, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000})
gmle = np.exp(res.x)
print("scipy-refined Gamma-Gamma MLE p, q, v:", repr(gmle.tolist()), "LL", repr(-res.fun))
cov = np.linalg.inv(-num_hessian(gg_ll, gmle))
print("Gamma-Gamma standard errors:", repr(np.sqrt(np.diag(cov)).tolist()))
ggf.params_[:] = gmle
gc = [0, 1, 2, 5, 16, 156]
print("GG customers (x, m):", [(x[i], m[i]) for i in gc])
print("conditional expected average spend:", repr(np.asarray(ggf.conditional_expected_average_profit(x[gc], m[gc])).tolist()))
print("population mean spend p v / (q - 1):", repr(gmle[0] * gmle[2] / (gmle[1] - 1)))
print("Pearson corr(frequency, monetary) on repeaters:", repr(float(np.corrcoef(x[rep], m[rep])[0, 1])))

# CLV as segmento defines it (monthly steps of 365.25/12 days, annual discount rate, margin),
# computed from lifetimes' conditional expectation: margin * E[M] * sum_k dE_k / (1+d)^(t_k/52.1786).
weeks_per_month = 365.25 / 12 / 7
horizon, d, margin = 52.0, 0.10, 0.3
steps = []
k = 1
while True:
    tk = min(k * weeks_per_month, horizon)
    steps.append(tk)
    if tk >= horizon:
        break
    k += 1
clv_customers = [1, 2, 156]
for i in clv_customers:
    prev, total = 0.0, 0.0
    for tk in steps:
        e = float(bgf.conditional_expected_number_of_purchases_up_to_time(tk, x[i], tx[i], T[i]))
        total += (e - prev) / (1 + d) ** (tk * 7 / 365.25)
        prev = e
    spend = float(ggf.conditional_expected_average_profit(x[i], m[i])) if x[i] > 0 else gmle[0] * gmle[2] / (gmle[1] - 1)
    print(f"CLV customer {i}: discounted purchases {total!r}, spend {spend!r}, clv {margin * spend * total!r}")

# L2 penalty: lifetimes' GammaGammaFitter(penalizer_coef=0.1) minimises mean NLL + 0.1 * (p² + q² + v²)
# (no time rescaling there, so the objective is the one segmento uses), refined with scipy.
pen = GammaGammaFitter(penalizer_coef=0.1).fit(x[rep], m[rep])
pp = pen.params_[["p", "q", "v"]].to_numpy()
res = minimize(lambda th: -gg_ll(np.exp(th)) / rep.sum() + 0.1 * np.sum(np.exp(2 * th)), np.log(pp),
               method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000, "maxfev": 40000})
print("penalised (0.1) Gamma-Gamma p, q, v: lifetimes", repr(pp.tolist()), "refined", repr(np.exp(res.x).tolist()))
