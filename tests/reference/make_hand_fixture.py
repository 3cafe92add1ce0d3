"""Writes tests/data/segmentation/hand_customers.json: the 12-customer fixture whose
RFM, ABC and points results are worked out by hand in tests/segmentation_fixture.rs.

The file has no margin column (has_margin false, margins 0), order-level histories,
as-of date 2024-12-31. Each customer is a list of purchase days (date, net revenue,
orders); summary fields are derived from the history as ingestion would.

Run from the repository root:  python3 tests/reference/make_hand_fixture.py
"""

import json
import os
from datetime import date

AS_OF = date(2024, 12, 31)

# id: [(day, net revenue, orders)]   -- comments: recency, frequency, revenue
CUSTOMERS = {
    # 10 d, 6 days, 1200: steady best customer over all three years
    "C01": [("2022-03-10", 200, 1), ("2022-09-10", 100, 1), ("2023-05-05", 250, 1),
            ("2023-10-10", 150, 1), ("2024-06-01", 300, 2), ("2024-12-21", 200, 1)],
    # 10 d, 1 day, 80: single purchase, ties C01 on recency and C04 on revenue
    "C02": [("2024-12-21", 80, 1)],
    # 25 d, 3 days, 450
    "C03": [("2024-02-15", 150, 1), ("2024-07-01", 150, 1), ("2024-12-06", 150, 1)],
    # 40 d, 1 day, 80
    "C04": [("2024-11-21", 80, 1)],
    # 60 d, 2 days, 300 (100 in year 2: exactly on the 50-100 boundary)
    "C05": [("2023-06-01", 100, 1), ("2024-11-01", 200, 1)],
    # 90 d, 1 day, 35
    "C06": [("2024-10-02", 35, 1)],
    # 120 d, 4 days, 900 (one purchase before the 3-year window)
    "C07": [("2021-06-01", 300, 1), ("2022-06-01", 200, 2), ("2023-06-01", 200, 1),
            ("2024-09-02", 200, 1)],
    # 200 d, 2 days, 0: bought 120, returned everything
    "C08": [("2024-01-01", 120, 1), ("2024-06-14", -120, 1)],
    # 300 d, 1 day, 15
    "C09": [("2024-03-06", 15, 1)],
    # 400 d, 2 days, 260: a partial return
    "C10": [("2023-05-20", 300, 1), ("2023-11-27", -40, 1)],
    # 700 d, 5 days, 1500: former big customer, lapsed
    "C11": [("2020-02-01", 300, 1), ("2020-11-01", 300, 1), ("2021-05-01", 300, 1),
            ("2022-05-01", 300, 1), ("2023-01-31", 300, 1)],
    # 1000 d, 1 day, 45
    "C12": [("2022-04-06", 45, 1)],
}


def main():
    customers = []
    for cid, days in CUSTOMERS.items():
        history = [{"date": d, "revenue": float(r), "margin": 0.0, "orders": o} for d, r, o in days]
        customers.append({
            "id": cid,
            "first_purchase": days[0][0],
            "last_purchase": days[-1][0],
            "frequency": len(days),
            "orders": sum(o for _, _, o in days),
            "revenue": float(sum(r for _, r, _ in days)),
            "margin": 0.0,
            "first_channel": None,
            "last_channel": None,
            "attributes": {k: None for k in ("name", "email", "postcode", "city", "birth_date", "age", "sex")},
            "history": history,
        })
        recency = (AS_OF - date.fromisoformat(days[-1][0])).days
        print(cid, "recency", recency, "frequency", len(days), "revenue", sum(r for _, r, _ in days))
    doc = {
        "as_of": AS_OF.isoformat(),
        "customers": customers,
        "prospects": [],
        "has_margin": False,
        "has_channel": False,
        "has_history": True,
        "first_purchase_known": True,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "segmentation",
                        "hand_customers.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
