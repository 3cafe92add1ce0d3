"""Reference numbers for `new_customer_forecast` (a prospect's potential) in
tests/predict_reference.rs, from the Python `lifetimes` package.

Run (lifetimes 0.11.3):
    python3 -m venv /tmp/lifetimes-venv && /tmp/lifetimes-venv/bin/pip install lifetimes
    /tmp/lifetimes-venv/bin/python tests/reference/predict_new_customer.py

A new customer's expected repeat purchases E[X(t)] (Fader, Hardie & Lee 2005,
eq. 9) is lifetimes' `BetaGeoFitter.expected_number_of_purchases_up_to_time`.
The prospect's CLV is built here from it, independently of the Rust code, with
the method the README states: month-end steps of 365.25/12 days (the last one
partial) up to the horizon, each month's purchases E[X(t_k)] - E[X(t_k-1)]
valued at the spend and margin rate and discounted by (1 + d)^(-t_k in years).
"""
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter

# FHL 2005's CDNOW estimates (weeks).
bgf = BetaGeoFitter()
bgf.params_ = pd.Series(dict(r=0.243, alpha=4.414, a=0.793, b=2.426))

for t in (39.0, 52.0, 78.0):
    print(f"E[X({t})] =", repr(float(bgf.expected_number_of_purchases_up_to_time(t))))

unit_days, horizon, rate, spend, margin = 7.0, 52.0, 0.10, 35.0, 0.3
month = 365.25 / 12 / unit_days
steps = list(np.arange(1, int(horizon / month) + 1) * month)
if steps[-1] < horizon - 1e-12:
    steps.append(horizon)
previous, discounted = 0.0, 0.0
for t in steps:
    ex = float(bgf.expected_number_of_purchases_up_to_time(t))
    discounted += (ex - previous) * (1 + rate) ** (-(t * unit_days / 365.25))
    previous = ex
print("steps", len(steps), "last", steps[-1])
print("prospect CLV (52 weeks, spend 35, margin 0.3, 10 %/year) =", repr(margin * spend * discounted))
