"""Writes tests/data/present/commandes.csv, the hand-made order file of the
presentation tests (tests/present.rs), and prints each customer's recency,
purchase days and revenue as a cross-check of the hand arithmetic in the
test's comments. Nothing here is pasted into the test as an expected value:
the test's numbers are worked out by hand from the order list below.

As-of date 2024-12-31. Each customer is listed with the days before the
as-of date of each purchase day and the amount of each order.
"""
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2024, 12, 31)

# id, name, e-mail, city, [(purchase date, amount), ...]
CUSTOMERS = [
    ("C01", "Martin Dupont", "martin.dupont@exemple.fr", "Paris",
     [("2024-12-26", "200"), ("2024-11-15", "200"), ("2024-09-10", "200"),
      ("2024-06-05", "200"), ("2024-03-12", "200"), ("2023-11-20", "200")]),
    ("C02", "Zoë Lefèvre", "zoe.lefevre@exemple.fr", "Besançon",
     [("2024-12-11", "75"), ("2024-08-01", "75"), ("2024-04-15", "75"), ("2023-12-01", "75")]),
    ("C03", "<script>alert(1)</script>", "script@exemple.fr", "Lyon",
     [("2024-11-16", "37,64"), ("2024-07-07", "37,64"), ("2024-03-03", "37,64"), ("2023-10-10", "37,64")]),
    ("C04", "Élodie Çelik", "elodie.celik@exemple.fr", "Orléans",
     [("2024-12-21", "40"), ("2024-10-01", "40")]),
    ("C05", "Jean Petit", "jean.petit@exemple.fr", "Paris", [("2024-12-28", "40")]),
    ("C06", "Anne Moreau", "anne.moreau@exemple.fr", "Nantes", [("2024-11-01", "120")]),
    ("C07", "Luc Bernard", "luc.bernard@exemple.fr", "Lille",
     [("2024-09-02", "100"), ("2024-05-20", "100"), ("2023-12-15", "50")]),
    ("C08", "Sophie Durand", "sophie.durand@exemple.fr", "Paris", [("2024-08-03", "30")]),
    ("C09", "Paul Roux", "paul.roux@exemple.fr", "Marseille",
     [("2024-06-14", "150"), ("2024-03-01", "150"), ("2023-11-11", "150"),
      ("2023-07-07", "150"), ("2023-03-03", "150"), ("2022-12-12", "150")]),
    ("C10", "Claire Fontaine", "claire.fontaine@exemple.fr", "Toulouse",
     [("2024-03-06", "60"), ("2023-09-09", "60"), ("2023-01-15", "60")]),
    ("C11", "Hugo Blanc", "hugo.blanc@exemple.fr", "Paris", [("2024-04-25", "20")]),
    ("C12", "Inès Garnier", "ines.garnier@exemple.fr", "Nice",
     [("2023-08-19", "30"), ("2022-05-05", "30")]),
    ("C13", "Marc Lambert", "marc.lambert@exemple.fr", "Rennes", [("2023-11-27", "15")]),
]


def fr_date(iso):
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


rows = []
order = 0
for cid, name, email, city, purchases in CUSTOMERS:
    for day, amount in purchases:
        order += 1
        rows.append([cid, name, email, city, fr_date(day), amount, f"F{order:04d}"])
# Three rows that cannot be used, at known places (lines counted with the
# header as line 1): after the 5th, 12th and 20th data rows.
rows.insert(5, ["", "Sans Identifiant", "x@exemple.fr", "Paris", "02/05/2024", "10", "F9001"])
rows.insert(12, ["C05", "Jean Petit", "jean.petit@exemple.fr", "Paris", "31/02/2024", "12", "F9002"])
rows.insert(20, ["C06", "Anne Moreau", "anne.moreau@exemple.fr", "Nantes", "03/03/2024", "N/A", "F9003"])

lines = ["N° client;Nom;E-mail;Ville;Date commande;Montant TTC;N° commande"]
lines += [";".join(r) for r in rows]
out = Path(__file__).resolve().parents[1] / "data" / "present" / "commandes.csv"
out.write_text("\n".join(lines) + "\n", encoding="utf-8")

for index, r in enumerate(rows):
    if r[6].startswith("F9"):
        print("skipped row at line", index + 2, r)
total = 0.0
for cid, name, email, city, purchases in CUSTOMERS:
    days = sorted({date.fromisoformat(d) for d, _ in purchases})
    revenue = sum(float(a.replace(",", ".")) for _, a in purchases)
    total += revenue
    print(cid, "recency", (AS_OF - days[-1]).days, "days", len(days), "revenue", round(revenue, 2))
print("total", round(total, 2))
