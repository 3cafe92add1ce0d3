"""Independent reference numbers for the segmentation fixture tests.

Generates a seeded set of 400 customers (tests/data/segmentation/reference_customers.csv)
and computes, with numpy/pandas only (no code shared with the Rust crate):

- RFM cut points: numpy.quantile(values, k/bins, method="linear") (Hyndman-Fan type 7),
  for 3, 4 and 5 bins, monetary = revenue and = average order value;
- scores: higher-is-better dims  score = 1 + searchsorted(cuts, x, side="left")
          (number of cut points strictly below x);
          recency (lower is better) score = bins - searchsorted(cuts, x, side="right")
          (1 + number of cut points strictly above x);
- segment counts with the default map of issue 3, re-implemented here from its table;
- ABC classes (stable sort by value desc, cumulative share over the positive total,
  A <= 0.80, B <= 0.95, top customer always A, non-positive values C) and the Gini
  coefficient by the textbook formula 2*sum(i*x_(i))/(n*sum x) - (n+1)/n over ascending
  values clamped at 0 (the Rust code uses the trapezoid rule on the Pareto curve instead).

Writes tests/data/segmentation/reference_expected_scores.csv (per-customer r, f, m for 5 bins,
m with average order value, ABC class by revenue and by margin) and prints the numbers pasted into tests/segmentation_reference.rs.

Run from the repository root:  python3 tests/reference/segmentation_reference.py
(numpy 2.4.6, pandas 2.3.3 when the numbers were pasted.)
"""

import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "segmentation")


def generate(n=400, seed=20241231):
    rng = np.random.default_rng(seed)
    frequency = rng.geometric(0.5, n)  # about half the customers bought once
    recency = rng.exponential(250, n).astype(int)  # whole days, many ties
    orders = frequency + rng.binomial(2, 0.2, n)
    revenue = np.round(rng.lognormal(4.0, 1.0, n) * frequency, 2)
    # Heavy ties: one product at 49.90 bought once by about 10 % of customers.
    single = rng.random(n) < 0.10
    revenue[single] = 49.90
    # Returns: some customers net to zero or below.
    revenue[rng.random(n) < 0.03] = 0.0
    negative = rng.random(n) < 0.02
    revenue[negative] = -np.round(rng.uniform(5, 60, negative.sum()), 2)
    margin = np.round(revenue * rng.uniform(0.1, 0.5, n), 2)
    return pd.DataFrame(
        {
            "id": [f"R{i:03d}" for i in range(n)],
            "recency_days": recency,
            "frequency": frequency,
            "orders": orders,
            "revenue": revenue,
            "margin": margin,
        }
    )


def cut_points(values, bins):
    q = np.arange(1, bins) / bins
    return np.quantile(np.asarray(values, dtype=float), q, method="linear")


def score_higher(values, cuts):
    return 1 + np.searchsorted(cuts, values, side="left")


def score_recency(values, cuts, bins):
    return bins - np.searchsorted(cuts, values, side="right")


def five(score, bins):
    return int(np.floor(1 + (score - 1) * 4 / (bins - 1) + 0.5))


def segment(r, f, m):
    """The default map of issue 3 (scores on the 1-5 scale)."""
    if r == 5 and f == 1:
        return "new"
    if r == 4 and f == 1:
        return "promising"
    if r >= 4 and f in (2, 3):
        return "potential_loyalist"
    if r >= 4 and f >= 4:
        return "champions" if m >= 4 else "loyal"
    if r == 3:
        return "loyal" if f >= 4 else ("need_attention" if f == 3 else "about_to_sleep")
    # r in (1, 2)
    if f >= 4:
        return "cant_lose_them" if m >= 4 else "at_risk"
    if f == 3:
        return "at_risk"
    return "hibernating" if r == 2 else "lost"


LADDER = [
    "champions", "loyal", "potential_loyalist", "new", "promising", "need_attention",
    "about_to_sleep", "at_risk", "cant_lose_them", "hibernating", "lost",
]


def abc(values, a=0.80, b=0.95):
    values = np.asarray(values, dtype=float)
    order = np.argsort(-values, kind="stable")  # desc, ties in input order
    ranked = values[order]
    positive = ranked > 0
    cum = np.cumsum(np.where(positive, ranked, 0.0))
    total = cum[positive].max() if positive.any() else 0.0
    share = np.where(positive, cum / total, 1.0)
    classes = np.where(share <= a + 1e-9, "A", np.where(share <= b + 1e-9, "B", "C"))
    classes = np.where(positive, classes, "C")
    if positive.any():
        classes[0] = "A"
    out = np.empty(len(values), dtype=object)
    out[order] = classes
    return out


def gini(values):
    x = np.sort(np.clip(np.asarray(values, dtype=float), 0, None))
    n = len(x)
    i = np.arange(1, n + 1)
    return 2 * np.sum(i * x) / (n * np.sum(x)) - (n + 1) / n


def main():
    df = generate()
    df.to_csv(os.path.join(DATA, "reference_customers.csv"), index=False, float_format="%.2f")
    # Re-read exactly what the Rust test reads.
    df = pd.read_csv(os.path.join(DATA, "reference_customers.csv"), float_precision="round_trip")
    aov = df.revenue / df.orders

    print("// numpy.quantile(method='linear') cut points")
    for bins in (3, 4, 5):
        for name, values in (("recency", df.recency_days), ("frequency", df.frequency),
                             ("revenue", df.revenue), ("aov", aov)):
            cuts = cut_points(values, bins)
            print(f"// bins={bins} {name}: [{', '.join(repr(float(c)) for c in cuts)}]")

    expected = {}
    for bins in (3, 4, 5):
        for monetary_name, monetary in (("revenue", df.revenue), ("aov", aov)):
            r = score_recency(df.recency_days.to_numpy(float), cut_points(df.recency_days, bins), bins)
            f = score_higher(df.frequency.to_numpy(float), cut_points(df.frequency, bins))
            m = score_higher(monetary.to_numpy(float), cut_points(monetary, bins))
            seg = [segment(five(a, bins), five(b, bins), five(c, bins)) for a, b, c in zip(r, f, m)]
            counts = pd.Series(seg).value_counts()
            rev = df.revenue.groupby(pd.Series(seg)).sum()
            print(f"// bins={bins} monetary={monetary_name}")
            print("//   r counts", np.bincount(r, minlength=bins + 1)[1:].tolist())
            print("//   f counts", np.bincount(f, minlength=bins + 1)[1:].tolist())
            print("//   m counts", np.bincount(m, minlength=bins + 1)[1:].tolist())
            print("//   segments", [int(counts.get(s, 0)) for s in LADDER])
            print("//   segment revenue", [round(float(rev.get(s, 0.0)), 2) for s in LADDER])
            expected[(bins, monetary_name)] = (r, f, m)

    r, f, m = expected[(5, "revenue")]
    r_aov, f_aov, m_aov = expected[(5, "aov")]
    pd.DataFrame({"id": df.id, "r": r, "f": f, "m": m, "m_aov": m_aov,
                  "abc_revenue": abc(df.revenue), "abc_margin": abc(df.margin)}).to_csv(
        os.path.join(DATA, "reference_expected_scores.csv"), index=False
    )

    for basis in ("revenue", "margin"):
        classes = abc(df[basis])
        print(f"// abc basis={basis}")
        for c in "ABC":
            sel = classes == c
            print(f"//   {c}: customers {int(sel.sum())}, revenue {round(float(df.revenue[sel].sum()), 2)}, "
                  f"value {round(float(df[basis][sel].sum()), 2)}")
        print(f"//   gini {float(gini(df[basis]))!r}")


if __name__ == "__main__":
    main()
