"""Write the ingestion fixtures in tests/data/.

Run from the repository root:  python3 tests/reference/make_fixtures.py
Needs: pip install openpyxl odfpy xlwt
Each file exercises one dialect; the expected values are computed
independently by tests/reference/fixtures_reference.py (pandas) and written
into tests/ingest_fixtures.rs.
"""
import datetime as dt
import pathlib

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
DATA.mkdir(exist_ok=True)


def write(name, text, encoding, newline="\n", bom=False):
    raw = text.replace("\n", newline).encode(encoding)
    if bom:
        raw = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe"}[encoding] + raw
    (DATA / name).write_bytes(raw)


# Windows-1252, ';', CRLF, "1 234,56 €", dd/mm/yyyy, accented headers,
# a quoted field holding the delimiter, a blank line, duplicates, a return,
# a zero amount and bad rows.
write(
    "commandes-windows1252.csv",
    "N° commande;N° client;Date de commande;Montant TTC;Marge;Canal;Nom;Code postal;Ville\n"
    "F0001;C001;05/01/2024;1 234,56 €;308,64;Web;Hélène Dupont;75011;Paris\n"
    "F0002;C002;13/01/2024;45,90 €;12,10;Magasin;François Lefèvre;69003;Lyon\n"
    "F0003;C001;05/01/2024;10,00 €;2,50;Magasin;;;\n"
    'F0004;C003;20/02/2024;0,00 €;0,00;Téléphone;"Müller; Anaïs";13008;Marseille\n'
    "F0005;C001;02/03/2024;-34,56 €;-8,64;Web;;;\n"
    "F0002;C002;14/01/2024;45,90 €;12,10;Magasin;;;\n"
    "F0006;;15/03/2024;99,00 €;20,00;Web;Inconnu;;\n"
    "F0007;C004;31/02/2024;50,00 €;10,00;Web;Zoé Martin;;\n"
    "F0008;C004;01/03/2024;12,x €;3,00;Web;Zoé Martin;;\n"
    "\n"
    "F0009;C002;28/03/2024;1 000,00 €;250,00;Catalogue;;;\n"
    "F0010;C005;30/03/2024;  7,50 €;n/a;Web;Noël Garçon;59000;Lille\n",
    "cp1252",
    newline="\r\n",
)

# UTF-8 with BOM, ',', ISO dates with and without times, dot decimals,
# quoted fields with "" escapes and an embedded line break.
write(
    "orders-utf8-bom.csv",
    "InvoiceNo,InvoiceDate,CustomerID,Revenue,Margin,Channel,Name,City\n"
    'INV-1,2023-11-02 09:15:00,CUST-1,100.00,40.00,web,"Ann ""Annie"" Smith",Lyon\n'
    "INV-2,2023-11-02 18:00:00,CUST-1,50.5,20.2,shop,,Lyon\n"
    'INV-3,2024-01-10,CUST-2,75,30,web,"Bob\nMartin",Paris\n'
    "INV-4,2024-02-29T10:00:00,CUST-1,-25.25,-10.1,web,,\n"
    "INV-5,2024-03-01,CUST-3,1e3,1,web,,\n"
    "INV-6,2024-03-01,CUST-3,0.0,0,shop,Carl,Nice\n",
    "utf-8",
    bom=True,
)

# US style: month-first dates (the first is ambiguous), ',' delimiter,
# "1,234.56" quoted, "$" and accounting parentheses for a return.
write(
    "orders-us.csv",
    "Customer ID,Order Date,Order Total,Order Number,Sales Channel,Email\n"
    '1001,03/05/2024,"1,234.56",A-1,online,ann@example.com\n'
    "1002,03/15/2024,$12.50,A-2,store,bob@example.com\n"
    "1001,04/01/2024,(20.00),A-3,online,\n"
    '1003,12/31/2024,"$2,000.00",A-4,phone,carl@example.com\n'
    "1002,03/15/2024,7.5,A-5,store,\n",
    "utf-8",
)

# UTF-16 LE with BOM, tab-delimited (Excel's "Unicode text"), two-digit
# years, every date ambiguous, HT and TTC amounts.
write(
    "commandes-utf16.txt",
    "Code client\tDate facture\tMontant HT\tMontant TTC\tCanal\tSexe\tDate de naissance\n"
    "A1\t05/03/24\t10,00\t12,00\tweb\tF\t14/07/1985\n"
    "A2\t06/03/24\t100,00\t120,00\tmagasin\tM\t01/02/1970\n"
    "A1\t07/04/24\t5,00\t6,00\tmagasin\tF\t\n",
    "utf-16-le",
    newline="\r\n",
    bom=True,
)

# One row per customer (a CRM export).
write(
    "clients.csv",
    "Code client;Nom;Date premier achat;Date dernier achat;Nb commandes;CA total;Marge totale;Ville\n"
    "K1;Alice Martin;12/01/2022;15/11/2024;7;1 520,40;410,00;Paris\n"
    "K2;Bernard Roux;;03/06/2024;1;89,90;20,00;Lyon\n"
    "K3;Chloé Petit;;;0;0,00;;Nantes\n"
    "K1;Alice Martin;12/01/2022;15/11/2024;7;1 520,40;410,00;Paris\n"
    "K4;Denis;05/05/2023;xx;3;300,00;60,00;Lille\n"
    "K5;Emma;01/02/2021;20/12/2024;12;2 400,00;600,00;Nice\n",
    "utf-8",
)

# Every row is bad: a clear error, not an empty result.
write(
    "all-bad.csv",
    "client;date;montant\n;05/01/2024;10\nC1;pas une date;10\nC2;06/01/2024;dix\n",
    "utf-8",
)

# Spreadsheets: the same orders as real date cells, a datetime, an Excel
# serial in a plain number cell, a text ISO date, a number stored as text,
# a return, a row without date, then empty formatted rows.
SHEET_ROWS = [
    ["C1", dt.date(2024, 1, 15), 100.0, "web", 75011],
    ["C2", dt.datetime(2024, 2, 1, 14, 30), 50.25, "magasin", 69003],
    ["C1", 45353, "12,50", "web", None],
    ["C3", "2024-03-10", 80, "web", 13008],
    ["C2", dt.date(2024, 3, 15), -10.0, "magasin", 69003],
    ["C4", None, 30.0, "web", None],
]
HEADERS = ["N° client", "Date de commande", "Montant", "Canal", "Code postal"]


def make_xlsx():
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Commandes"
    sheet.append(HEADERS)
    for row in SHEET_ROWS:
        sheet.append(row)
    for r in range(2, 2 + len(SHEET_ROWS)):
        cell = sheet.cell(row=r, column=2)
        if isinstance(cell.value, (dt.date, dt.datetime)):
            cell.number_format = "DD/MM/YYYY"
    # Empty but formatted trailing rows, as spreadsheets often have.
    fill = PatternFill("solid", fgColor="FFFF00")
    for r in range(2 + len(SHEET_ROWS), 12 + len(SHEET_ROWS)):
        sheet.cell(row=r, column=1).fill = fill
        sheet.cell(row=r, column=3).value = ""
    notes = book.create_sheet("Notes")
    notes.append(["Export du", dt.date(2024, 3, 31)])
    book.save(DATA / "commandes.xlsx")


def make_ods():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Commandes")

    def cell(value):
        if value is None:
            return TableCell()
        if isinstance(value, dt.datetime):
            c = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"))
            c.addElement(P(text=value.strftime("%d/%m/%Y %H:%M")))
            return c
        if isinstance(value, dt.date):
            c = TableCell(valuetype="date", datevalue=value.isoformat())
            c.addElement(P(text=value.strftime("%d/%m/%Y")))
            return c
        if isinstance(value, (int, float)):
            c = TableCell(valuetype="float", value=value)
            c.addElement(P(text=str(value)))
            return c
        c = TableCell(valuetype="string")
        c.addElement(P(text=str(value)))
        return c

    for row in [HEADERS] + SHEET_ROWS:
        tr = TableRow()
        for value in row:
            tr.addElement(cell(value))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(DATA / "commandes.ods"))


def make_xls():
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Commandes")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    datetime_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    for c, header in enumerate(HEADERS):
        sheet.write(0, c, header)
    for r, row in enumerate(SHEET_ROWS, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, datetime_style)
            elif isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(DATA / "commandes.xls"))


make_xlsx()
make_ods()
make_xls()
print("fixtures written to", DATA)
