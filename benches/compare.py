"""Read and aggregate the benchmark order file with DuckDB and polars.

    python3 benches/compare.py bench-data/orders-1m.csv [THREADS]

Same work as segmento's ingestion benchmark: parse the French file
(';', dd/mm/yyyy, "1 234,56"), then per customer count distinct purchase
days and orders, sum the amounts, and take the first and last dates, by the
issue's row rules: a negative amount is a return, netted into revenue but
neither an order nor a purchase day; a customer with returns only is left out.
Prints the best wall time and CPU time of 3 runs for each engine.
Needs: pip install duckdb polars
"""
import os
import sys
import time

path = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
os.environ["POLARS_MAX_THREADS"] = str(threads)

import duckdb  # noqa: E402
import polars as pl  # noqa: E402

size_mb = os.path.getsize(path) / 1e6


def best_of(label, run, runs=3):
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(f"{label}: best wall {best_wall * 1e3:.0f} ms = {size_mb / best_wall:.0f} MB/s, "
          f"best CPU {best_cpu * 1e3:.0f} ms = {size_mb / best_cpu:.0f} MB/s; {result}")


def run_duckdb():
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    rows = con.execute(
        f"""
        WITH orders AS (
            SELECT "N° client" AS customer,
                   strptime("Date de commande", '%d/%m/%Y')::DATE AS day,
                   CAST(replace(replace("Montant TTC", ' ', ''), ',', '.') AS DOUBLE) AS amount
            FROM read_csv('{path}', delim = ';', header = true, all_varchar = true)
        )
        SELECT count(*) AS customers, sum(days) AS purchase_days, sum(revenue) AS revenue
        FROM (
            SELECT customer,
                   count(DISTINCT day) FILTER (WHERE amount >= 0) AS days,
                   count(*) FILTER (WHERE amount >= 0) AS orders, sum(amount) AS revenue,
                   min(day) FILTER (WHERE amount >= 0) AS first_day,
                   max(day) FILTER (WHERE amount >= 0) AS last_day
            FROM orders GROUP BY customer
            HAVING count(*) FILTER (WHERE amount >= 0) > 0
        )
        """
    ).fetchall()
    return rows[0]


def run_polars():
    frame = pl.read_csv(path, separator=";", infer_schema=False)
    per_customer = (
        frame.select(
            pl.col("N° client").alias("customer"),
            pl.col("Date de commande").str.strptime(pl.Date, "%d/%m/%Y").alias("day"),
            pl.col("Montant TTC").str.replace_all(" ", "").str.replace(",", ".").cast(pl.Float64).alias("amount"),
        )
        .group_by("customer")
        .agg(
            pl.col("day").filter(pl.col("amount") >= 0).n_unique().alias("days"),
            (pl.col("amount") >= 0).sum().alias("orders"),
            pl.col("amount").sum().alias("revenue"),
            pl.col("day").filter(pl.col("amount") >= 0).min().alias("first_day"),
            pl.col("day").filter(pl.col("amount") >= 0).max().alias("last_day"),
        )
        .filter(pl.col("orders") > 0)
    )
    return (per_customer.height, per_customer["days"].sum(), round(per_customer["revenue"].sum(), 2))


print(f"{path}: {size_mb:.1f} MB, {threads} thread(s); duckdb {duckdb.__version__}, polars {pl.__version__}")
best_of("duckdb", run_duckdb)
best_of("polars", run_polars)
