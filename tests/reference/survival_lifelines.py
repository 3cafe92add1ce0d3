"""Reference values for tests/dynamics_survival.rs, computed with lifelines.

Writes a seeded synthetic order file with acquisition channels to
tests/data/dynamics/survival_orders.csv, derives lapse and lifetimes from it
independently of the Rust code (pandas), fits lifelines' KaplanMeierFitter per
first channel and overall, runs multivariate_logrank_test, and prints the
numbers pasted into the Rust test.

Run from the repository root:
    python3 tests/reference/survival_lifelines.py
Versions used: lifelines 0.30.3, pandas 2.3.3, numpy 2.4.6, scipy 1.17.1.

Definitions (as documented in src/dynamics/survival.rs):
- as-of date 2024-12-31, inactivity 365 days;
- lapsed: (as_of - last purchase) >= 365 days; event time = last - first;
- censoring "lapse_horizon": active customers censored at
  (as_of - first) - 365 days, left out when that is negative;
- censoring "as_of": active customers censored at as_of - first;
- groups: channel of the first order; missing -> "unknown"; channels with
  fewer than 30 customers pooled into "other".
"""
import os
import sys

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from lifelines.utils import median_survival_times

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "data", "dynamics", "survival_orders.csv")
AS_OF = pd.Timestamp("2024-12-31")
INACTIVITY = 365
MIN_GROUP = 30

rng = np.random.default_rng(20241231)
N = 800
channels = np.array(["web", "shop", "phone", "fair", ""])
channel_p = [0.45, 0.30, 0.15, 0.02, 0.08]
mean_life = {"web": 350.0, "shop": 900.0, "phone": 600.0, "fair": 500.0, "": 450.0}
start = pd.Timestamp("2018-01-01")
span_days = (AS_OF - start).days

rows = []
for i in range(N):
    cid = f"C{i:04d}"
    channel = channels[rng.choice(len(channels), p=channel_p)]
    first = int(rng.integers(0, span_days + 1))
    life = rng.exponential(mean_life[channel])
    days = [first]
    t = 0.0
    while True:
        t += rng.exponential(110.0)
        if t > life or first + int(t) > span_days:
            break
        day = first + int(t)
        if day != days[-1]:
            days.append(day)
    for k, day in enumerate(days):
        # Later orders may come through another channel; only the first counts.
        order_channel = channel if k == 0 else channels[rng.integers(0, 4)]
        revenue = round(float(rng.uniform(10, 200)), 2)
        rows.append((cid, (start + pd.Timedelta(days=day)).strftime("%Y-%m-%d"), revenue, order_channel))

orders = pd.DataFrame(rows, columns=["customer_id", "date", "revenue", "channel"])
os.makedirs(os.path.dirname(OUT), exist_ok=True)
orders.to_csv(OUT, index=False)

orders["date"] = pd.to_datetime(orders["date"])
orders = orders.sort_values(["customer_id", "date"], kind="stable")
per = orders.groupby("customer_id").agg(first=("date", "min"), last=("date", "max"), channel=("channel", "first"))
per["channel"] = per["channel"].fillna("").replace("", "unknown")
sizes = per["channel"].value_counts()
small = [c for c, n in sizes.items() if n < MIN_GROUP and c != "unknown"]
per["group"] = per["channel"].where(~per["channel"].isin(small), "other")
per["lapsed"] = (AS_OF - per["last"]).dt.days >= INACTIVITY
per["span"] = (per["last"] - per["first"]).dt.days
per["tenure"] = (AS_OF - per["first"]).dt.days


def show(x):
    return "None" if x is None or (isinstance(x, float) and np.isinf(x)) else repr(float(x))


def at(kmf, t):
    """S and bands at t as lifelines pads them (t within the observed range)."""
    sf = kmf.survival_function_
    ci = kmf.confidence_interval_
    idx = sf.index[sf.index <= t].max()
    if t > sf.index.max() and sf.iloc[-1, 0] > 0:
        return None
    return sf.loc[idx].iloc[0], ci.loc[idx].iloc[0], ci.loc[idx].iloc[1], int(kmf.event_table["at_risk"].loc[kmf.event_table.index >= t].iloc[0]) if (kmf.event_table.index >= t).any() else 0


def report(censoring):
    if censoring == "lapse_horizon":
        duration = np.where(per["lapsed"], per["span"], per["tenure"] - INACTIVITY)
        keep = duration >= 0
    else:
        duration = np.where(per["lapsed"], per["span"], per["tenure"])
        keep = np.ones(len(per), dtype=bool)
    data = pd.DataFrame({"duration": duration, "event": per["lapsed"].astype(int), "group": per["group"]})[keep]
    print(f"== censoring {censoring}: {len(data)} customers in curves, {int(data['event'].sum())} events")
    order = ["all"] + [g for g in sizes.index if g not in small and g != "unknown"] + (["other"] if small else []) + ["unknown"]
    for group in order:
        part = data if group == "all" else data[data["group"] == group]
        customers = len(per) if group == "all" else int((per["group"] == group).sum())
        kmf = KaplanMeierFitter().fit(part["duration"], part["event"])
        sf = kmf.survival_function_.iloc[:, 0]
        ci = kmf.confidence_interval_
        lo, hi = median_survival_times(ci).values[0]
        print(f"group {group}: customers {customers} in_curve {len(part)} events {int(part['event'].sum())} steps {len(sf)}")
        print(f"  median {show(kmf.median_survival_time_)} interval {show(lo)} {show(hi)}")
        print(f"  sums S {sf.sum()!r} lower {ci.iloc[:, 0].sum()!r} upper {ci.iloc[:, 1].sum()!r} at_risk {int(kmf.event_table['at_risk'].sum())}")
        for t in (182, 365, 730):
            r = at(kmf, t)
            print(f"  t {t}: " + ("None" if r is None else f"S {r[0]!r} lower {r[1]!r} upper {r[2]!r} at_risk {r[3]}"))
    groups = data[data["group"].isin([g for g in order if g != "all"])]
    result = multivariate_logrank_test(groups["duration"], groups["group"], groups["event"])
    print(f"  logrank statistic {result.test_statistic!r} df {result.degrees_of_freedom} p {result.p_value!r}")


print(f"{len(orders)} orders, {len(per)} customers, pooled into other: {small}, sizes:\n{sizes.to_string()}")
report("lapse_horizon")
report("as_of")

# Inactivity suggestion: 90th percentile of gaps between consecutive purchase days.
days = orders.drop_duplicates(["customer_id", "date"])
gaps = days.groupby("customer_id")["date"].diff().dt.days.dropna()
gaps = gaps[gaps > 0]
repeat = int((days.groupby("customer_id").size() >= 2).sum())
q90 = float(np.quantile(gaps, 0.9))
print(f"gaps {len(gaps)} repeat_customers {repeat} q90 {q90!r} median {float(np.quantile(gaps, 0.5))!r} suggested {max(30, int(np.ceil(q90 / 30)) * 30)}")

# Monthly cohort retention with pandas: share of the cohort buying k months after acquisition.
first_month = days.groupby("customer_id")["date"].transform("min").dt.to_period("M")
k = (days["date"].dt.to_period("M") - first_month).apply(lambda x: x.n)
cells = pd.DataFrame({"cohort": first_month, "k": k, "id": days["customer_id"]}).drop_duplicates()
size = cells[cells["k"] == 0].groupby("cohort")["id"].nunique()
table = cells.groupby(["cohort", "k"])["id"].nunique().unstack(fill_value=0)
for cohort in ["2022-01", "2023-06", "2024-06"]:
    p = pd.Period(cohort, "M")
    row = table.loc[p] if p in table.index else None
    buyers = [int(row.get(j, 0)) if row is not None else 0 for j in range(0, 7)]
    print(f"cohort {cohort}: size {int(size.get(p, 0))} buyers k=0..6 {buyers}")
sys.stdout.flush()
