"""Independent expected values for tests/ingest_fixtures.rs, with pandas.

Run from the repository root:  python3 tests/reference/fixtures_reference.py
Needs: pip install pandas openpyxl odfpy xlrd

The dialect of each fixture is given explicitly here (encoding, delimiter,
date format, decimal separator): this script does not share any detection
logic with the Rust code. It applies the issue's row rules with pandas:
rows without id, with an unreadable date or amount, or with an order number
already seen are skipped (in that order of checks); a negative amount is a
return: netted into revenue and margin, but not an order, not a purchase day
(frequency, first and last purchase count purchase days only: days with a row
of amount >= 0) and no channel; the rows of a customer with returns only are
skipped as return_without_purchase.
"""
import io
import re
import pathlib

import pandas as pd

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


def french_amount(text):
    if text is None or pd.isna(text):
        return None
    t = str(text).replace("€", "").replace("\u00a0", " ").strip()
    if not re.fullmatch(r"-?\d{1,3}( \d{3})*(,\d+)?|-?\d+(,\d+)?", t):
        return None
    return float(t.replace(" ", "").replace(",", "."))


def us_amount(text):
    t = str(text).strip()
    negative = t.startswith("(") and t.endswith(")")
    t = t.strip("()").replace("$", "").replace(",", "")
    try:
        value = float(t)
    except ValueError:
        return None
    return -value if negative else value


def plain_amount(text):
    t = str(text).strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", t):
        return None
    return float(t)


def summarise(name, frame, id_col, date_col, amount_col, order_col=None, margin_col=None, channel_col=None, date_format=None, amount=french_amount, margin=None):
    frame = frame.copy()
    frame["line"] = frame.index
    skipped = {}
    examples = {}

    def skip(mask, reason, column):
        rows = frame[mask]
        if len(rows):
            skipped[reason] = skipped.get(reason, 0) + len(rows)
            examples.setdefault(reason, [])
            examples[reason] += [(int(line), "" if pd.isna(r[column]) else str(r[column])) for line, r in rows.iterrows()][:5]
        return frame[~mask]

    frame = skip(frame[id_col].isna() | (frame[id_col].astype(str).str.strip() == ""), "missing_id", id_col)
    if date_format:
        dates = pd.to_datetime(frame[date_col], format=date_format, errors="coerce")
    else:
        dates = pd.to_datetime(frame[date_col], errors="coerce", format="mixed")
    frame = frame.assign(day=dates.dt.normalize())
    frame = skip(frame["day"].isna(), "unparseable_date", date_col)
    frame = frame.assign(value=frame[amount_col].map(amount))
    frame = skip(frame["value"].isna(), "unparseable_amount", amount_col)
    if order_col:
        frame = skip(frame[order_col].duplicated(keep="first"), "duplicate_order", order_col)
    if margin_col:
        frame = frame.assign(margin_value=frame[margin_col].map(margin or amount).fillna(0.0))
    else:
        frame = frame.assign(margin_value=0.0)
    frame = frame.assign(customer=frame[id_col].astype(str).str.strip())
    buyers = set(frame[frame.value >= 0].customer)
    frame = skip(~frame.customer.isin(buyers), "return_without_purchase", amount_col)
    print(f"== {name}")
    print(f"read {len(frame) + sum(skipped.values())}, used {len(frame)}, skipped {skipped}")
    for reason, items in examples.items():
        print(f"  {reason}: {items[:5]}")
    order = list(dict.fromkeys(frame.customer))
    for customer in order:
        rows = frame[frame.customer == customer]
        orders = rows[rows.value >= 0]
        first_day, last_day = orders.day.min(), orders.day.max()
        line = (f"  {customer}: first {first_day.date()} last {last_day.date()} frequency {orders.day.nunique()} "
                f"orders {len(orders)} revenue {rows.value.sum():.2f} margin {rows.margin_value.sum():.2f}")
        if channel_col:
            first_channel = orders[orders.day == first_day][channel_col].iloc[0]
            last_channel = orders[orders.day == last_day][channel_col].iloc[0]
            line += f" channels {first_channel}->{last_channel}"
        print(line)
    print(f"  as_of {frame.day.max().date()} revenue_total {frame.value.sum():.2f} customers {len(order)}")


def read_csv(name, **kwargs):
    frame = pd.read_csv(DATA / name, dtype=str, keep_default_na=False, skip_blank_lines=True, **kwargs)
    frame = frame.replace({"": None})
    # 1-based physical line numbers of each data row: header is line 1.
    return frame


# Windows-1252: blank line 11 is skipped by pandas, so lines after it shift by one.
frame = read_csv("commandes-windows1252.csv", sep=";", encoding="cp1252")
frame.index = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
summarise("commandes-windows1252.csv", frame, "N° client", "Date de commande", "Montant TTC", "N° commande", "Marge", "Canal", date_format="%d/%m/%Y")

# UTF-8 BOM: the embedded line break makes INV-3 span lines 4-5.
frame = read_csv("orders-utf8-bom.csv", sep=",", encoding="utf-8-sig")
frame.index = [2, 3, 4, 6, 7, 8]
summarise("orders-utf8-bom.csv", frame, "CustomerID", "InvoiceDate", "Revenue", "InvoiceNo", "Margin", "Channel", amount=plain_amount)

frame = read_csv("orders-us.csv", sep=",")
frame.index = [2, 3, 4, 5, 6]
summarise("orders-us.csv", frame, "Customer ID", "Order Date", "Order Total", "Order Number", None, "Sales Channel", date_format="%m/%d/%Y", amount=us_amount)

frame = read_csv("commandes-utf16.txt", sep="\t", encoding="utf-16")
frame.index = [2, 3, 4]
summarise("commandes-utf16.txt", frame, "Code client", "Date facture", "Montant TTC", None, None, "Canal", date_format="%d/%m/%y")

frame = read_csv("all-bad.csv", sep=";")
frame.index = [2, 3, 4]
try:
    summarise("all-bad.csv", frame, "client", "date", "montant", date_format="%d/%m/%Y")
except Exception as error:  # no usable row
    print("== all-bad.csv: no usable row", type(error).__name__)

for name, engine in [("commandes.xlsx", "openpyxl"), ("commandes.ods", "odf"), ("commandes.xls", "xlrd")]:
    try:
        frame = pd.read_excel(DATA / name, engine=engine, dtype=object)
    except ImportError as error:
        print(f"== {name}: skipped ({error})")
        continue
    frame = frame.dropna(how="all")
    frame.index = [i + 2 for i in range(len(frame))]

    def sheet_date(value):
        if value is None or pd.isna(value):
            return pd.NaT
        if isinstance(value, (int, float)):
            return pd.Timestamp("1899-12-30") + pd.Timedelta(days=int(value))
        return pd.Timestamp(value)

    frame["Date de commande"] = frame["Date de commande"].map(sheet_date)
    summarise(name, frame, "N° client", "Date de commande", "Montant", None, None, "Canal",
              amount=lambda v: float(v) if isinstance(v, (int, float)) else french_amount(v))

# Customer-level file: one row per customer.
frame = read_csv("clients.csv", sep=";")
frame.index = [2, 3, 4, 5, 6, 7]
print("== clients.csv")
seen = set()
for line, row in frame.iterrows():
    cid = row["Code client"]
    if cid in seen:
        print(f"  line {line}: duplicate_customer {cid}")
        continue
    seen.add(cid)
    count = int(row["Nb commandes"])
    last = pd.to_datetime(row["Date dernier achat"], format="%d/%m/%Y", errors="coerce")
    if count == 0:
        print(f"  {cid}: prospect")
        continue
    if pd.isna(last):
        print(f"  line {line}: unparseable_date {row['Date dernier achat']!r}")
        continue
    first = pd.to_datetime(row["Date premier achat"], format="%d/%m/%Y", errors="coerce")
    first = last if pd.isna(first) else first
    print(f"  {cid}: first {first.date()} last {last.date()} orders {count} revenue {french_amount(row['CA total']):.2f} "
          f"margin {french_amount(row['Marge totale']) or 0:.2f}")
