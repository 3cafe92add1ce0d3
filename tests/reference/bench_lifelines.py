"""lifelines timing for BENCHMARKS.md ("Dynamics"), on the lifetimes of the
synthetic 254 000-customer / 1 030 928-order file of benches/dynamics.rs.

    cargo bench --bench dynamics -- --dump-km /tmp/km.csv
    python3 tests/reference/bench_lifelines.py /tmp/km.csv

Times (best of 5, wall and CPU): KaplanMeierFitter on every customer plus one fit per
first channel, then multivariate_logrank_test across the channels. Reading
the CSV is not timed.
"""
import sys
import time

import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test

data = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/km.csv")
groups = sorted(data["channel"].unique())


def km():
    fits = {"all": KaplanMeierFitter().fit(data["duration"], data["event"])}
    for g in groups:
        part = data[data["channel"] == g]
        fits[g] = KaplanMeierFitter().fit(part["duration"], part["event"])
    return fits


def best(f, runs=5):
    """Best wall time and best process CPU time (the machine is shared)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = f()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return (min(wall), min(cpu)), result


(km_wall, km_cpu), fits = best(km)
(lr_wall, lr_cpu), lr = best(lambda: multivariate_logrank_test(data["duration"], data["channel"], data["event"]))
print(f"{len(data)} lifetimes, {len(groups)} channels; ms: best wall / best CPU")
print(f"KM (all + per channel): {km_wall * 1000:.0f} / {km_cpu * 1000:.0f}")
print(f"log-rank: {lr_wall * 1000:.0f} / {lr_cpu * 1000:.0f}")
print(f"S(365) all = {float(fits['all'].predict(365))!r}, median all = {fits['all'].median_survival_time_}")
print(f"log-rank statistic {lr.test_statistic!r}, p {lr.p_value!r}")
