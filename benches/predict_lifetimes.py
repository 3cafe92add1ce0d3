"""Times the Python `lifetimes` package on the benchmark's customers (same work as predict::run:
BG/NBD and Gamma-Gamma fits, P(alive), expected purchases over 52 weeks, expected spend, 12-month CLV).

    cargo bench --bench predict            # writes target/predict_bench.csv
    /tmp/lifetimes-venv/bin/python benches/predict_lifetimes.py target/predict_bench.csv
"""
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

warnings.simplefilter("ignore")
data = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "target/predict_bench.csv")
times, cpu_times = [], []
for _ in range(2):
    start, cpu_start = time.perf_counter(), time.process_time()
    bgf = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    p_alive = bgf.conditional_probability_alive(data["frequency"], data["recency"], data["T"])
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(52, data["frequency"], data["recency"], data["T"])
    repeat = data[(data["frequency"] > 0) & (data["monetary_value"] > 0)]
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    spend = ggf.conditional_expected_average_profit(data["frequency"], data["monetary_value"])
    clv = ggf.customer_lifetime_value(bgf, data["frequency"], data["recency"], data["T"], data["monetary_value"],
                                      time=12, discount_rate=1.10 ** (1 / 12) - 1, freq="W")  # monthly rate equal to 10 % a year
    times.append(time.perf_counter() - start)
    cpu_times.append(time.process_time() - cpu_start)
print("lifetimes params", bgf.params_.round(4).to_dict(), ggf.params_.round(4).to_dict())
print(f"lifetimes fit + predict: best {min(times) * 1000:.0f} ms wall, runs {[round(t * 1000) for t in times]}")
print(f"  process CPU time: best {min(cpu_times) * 1000:.0f} ms, runs {[round(t * 1000) for t in cpu_times]}")
