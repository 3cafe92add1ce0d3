"""pandas/numpy doing the same RFM quintiles and ABC classes as segmento on the data
written by `cargo run --release --example segment_bench -- --csv /tmp/segment_bench.csv`.

Times (reading the CSV excluded): type-7 quintile cut points for R, F and M
(numpy.quantile), scores by searchsorted, the R-F-M code, then ABC: stable sort by
revenue descending, cumulative share, classes, Gini. Vectorised, the fastest idiomatic
way; the per-customer segment lookup is left out (it would only add time).

    python3 examples/segment_bench_pandas.py /tmp/segment_bench.csv
"""

import sys
import time

import numpy as np
import pandas as pd


def rfm_abc(df):
    bins = 5
    q = np.arange(1, bins) / bins
    rec = df["recency_days"].to_numpy(float)
    freq = df["frequency"].to_numpy(float)
    mon = df["revenue"].to_numpy(float)
    r_cuts = np.quantile(rec, q, method="linear")
    f_cuts = np.quantile(freq, q, method="linear")
    m_cuts = np.quantile(mon, q, method="linear")
    r = bins - np.searchsorted(r_cuts, rec, side="right")
    f = 1 + np.searchsorted(f_cuts, freq, side="left")
    m = 1 + np.searchsorted(m_cuts, mon, side="left")
    code = r * 100 + f * 10 + m
    # ABC
    order = np.argsort(-mon, kind="stable")
    ranked = mon[order]
    positive = ranked > 0
    cum = np.cumsum(np.where(positive, ranked, 0.0))
    share = np.where(positive, cum / cum[-1], 1.0)
    classes = np.where(share <= 0.8 + 1e-9, 0, np.where(share <= 0.95 + 1e-9, 1, 2))
    classes[~positive] = 2
    classes[0] = 0
    abc = np.empty_like(classes)
    abc[order] = classes
    x = np.sort(np.clip(mon, 0, None))
    n = len(x)
    gini = 2 * np.sum(np.arange(1, n + 1) * x) / (n * x.sum()) - (n + 1) / n
    return code, abc, gini


def main():
    df = pd.read_csv(sys.argv[1])
    wall, cpu = [], []
    for _ in range(31):
        start, start_cpu = time.perf_counter(), time.thread_time()
        rfm_abc(df)
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    wall.sort()
    cpu.sort()
    print(f"{len(df)} customers; pandas/numpy RFM quintiles + ABC, median of 31 runs "
          f"(numpy {np.__version__}, pandas {pd.__version__}):")
    print(f"  wall-clock median {wall[len(wall)//2]*1e3:.1f} ms (best {wall[0]*1e3:.1f} ms)")
    print(f"  on-CPU     median {cpu[len(cpu)//2]*1e3:.1f} ms (best {cpu[0]*1e3:.1f} ms)")


if __name__ == "__main__":
    main()
