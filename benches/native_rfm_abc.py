"""Native reference for the browser benchmark: RFM scores + ABC classes on
the same order file, with polars and with pandas, timed end to end
(read + per-customer aggregate + quintile scores + ABC), best of N runs.

    python3 benches/native_rfm_abc.py FILE [--runs 3] [--engines polars,pandas]

Prints one JSON object per engine: {"engine", "file", "rows", "customers",
"seconds"}. The file is a French order export as written by
`segmento generate` or benches/browser-bench.mjs: `;` delimiter, decimal
comma, dd/mm/yyyy dates; columns are found by their header names.
"""

import argparse
import json
import re
import time
import unicodedata


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", text)


def find_columns(header_line: str, sep: str):
    headers = [h.strip().strip('"') for h in header_line.rstrip("\r\n").split(sep)]
    keys = [normalise(h) for h in headers]

    def pick(*patterns):
        for pattern in patterns:
            for header, key in zip(headers, keys):
                if re.search(pattern, key):
                    return header
        raise SystemExit(f"no column like {patterns} in {headers}")

    return (pick(r"^(nclient|codeclient|client|customerid|customer)"),
            pick(r"^date", r"date"),
            pick(r"^montant", r"amount", r"total", r"^ca$"))


def sniff(path: str):
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        first = f.readline()
    sep = ";" if first.count(";") > first.count(",") else ","
    return sep, first


def scores(values, reverse=False):
    """Quintile scores 1..5, cut at value thresholds so ties share a score."""
    import numpy as np
    thresholds = np.quantile(values, [0.2, 0.4, 0.6, 0.8])
    score = 1 + np.searchsorted(thresholds, values, side="left")
    return 6 - score if reverse else score


def abc_classes(monetary):
    import numpy as np
    order = np.argsort(-monetary, kind="stable")
    cumulative = np.cumsum(monetary[order]) / monetary.sum()
    classes = np.where(cumulative <= 0.8, "A", np.where(cumulative <= 0.95, "B", "C"))
    out = np.empty(len(monetary), dtype="<U1")
    out[order] = classes
    return out


def run_polars(path, sep, columns):
    import polars as pl
    cid, date, amount = columns
    df = pl.read_csv(path, separator=sep, columns=[cid, date, amount],
                     schema_overrides={cid: pl.Utf8, date: pl.Utf8, amount: pl.Utf8})
    # French amounts: "1 148,96" (space thousands separator, decimal comma).
    amount_text = pl.col(amount).str.replace_all(r"[\s\u00a0\u202f]", "")
    if sep == ";":
        amount_text = amount_text.str.replace(",", ".", literal=True)
    df = df.with_columns(
        pl.col(date).str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        amount_text.cast(pl.Float64, strict=False).alias(amount),
    )
    as_of = df[date].max()
    customers = df.group_by(cid).agg(
        pl.col(date).max().alias("last"),
        pl.col(date).n_unique().alias("frequency"),
        pl.col(amount).sum().alias("monetary"),
    ).with_columns((pl.lit(as_of) - pl.col("last")).dt.total_days().alias("recency"))
    r = scores(customers["recency"].to_numpy(), reverse=True)
    f = scores(customers["frequency"].to_numpy())
    m = scores(customers["monetary"].to_numpy())
    codes = r * 100 + f * 10 + m
    classes = abc_classes(customers["monetary"].to_numpy())
    return len(df), len(customers), int(codes.sum()), classes


def run_pandas(path, sep, columns):
    import pandas as pd
    cid, date, amount = columns
    df = pd.read_csv(path, sep=sep, usecols=[cid, date, amount],
                     dtype={cid: "string", date: "string", amount: "string"})
    # French amounts: "1 148,96" (space thousands separator, decimal comma).
    text = df[amount].str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    if sep == ";":
        text = text.str.replace(",", ".", regex=False)
    df[amount] = pd.to_numeric(text, errors="coerce")
    df[date] = pd.to_datetime(df[date], format="%d/%m/%Y", errors="coerce")
    as_of = df[date].max()
    grouped = df.groupby(cid, sort=False)
    customers = pd.DataFrame({
        "last": grouped[date].max(),
        "frequency": grouped[date].nunique(),
        "monetary": grouped[amount].sum(),
    })
    customers["recency"] = (as_of - customers["last"]).dt.days
    r = scores(customers["recency"].to_numpy(), reverse=True)
    f = scores(customers["frequency"].to_numpy())
    m = scores(customers["monetary"].to_numpy())
    codes = r * 100 + f * 10 + m
    classes = abc_classes(customers["monetary"].to_numpy())
    return len(df), len(customers), int(codes.sum()), classes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="polars,pandas")
    args = parser.parse_args()
    sep, header = sniff(args.file)
    columns = find_columns(header, sep)
    for engine in args.engines.split(","):
        run = {"polars": run_polars, "pandas": run_pandas}[engine]
        __import__(engine)  # imported before timing: the import is not part of the work
        best = float("inf")
        for _ in range(args.runs):
            start = time.perf_counter()
            rows, customers, _, _ = run(args.file, sep, columns)
            best = min(best, time.perf_counter() - start)
        print(json.dumps({"engine": engine, "file": args.file, "rows": rows, "customers": customers, "seconds": round(best, 3)}))


if __name__ == "__main__":
    main()
