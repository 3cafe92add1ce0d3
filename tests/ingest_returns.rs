//! Issue 2's row rules for returns: a negative amount is netted into the
//! revenue on its date, but a day with only returns is not a purchase day
//! (frequency, first / last purchase, and every analysis that counts
//! purchases in a history), and a customer with only returns is skipped.
//! Every expected value below is worked out by hand from the file.

use chrono::NaiveDate;
use segmento::dynamics::{cohorts, uplift};
use segmento::ingest::{ingest_bytes, IngestOptions, SkipReason};
use segmento::{points, ErrorKind};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Line numbers are those of the file (the header is line 1).
const FILE: &str = "client;date;montant;marge;canal\n\
    A;10/01/2024;100;40;web\n\
    A;05/03/2024;-30;-12;shop\n\
    B;25/01/2024;-20;-8;web\n\
    B;20/02/2024;50;20;shop\n\
    A;01/04/2024;0;0;mail\n\
    A;01/04/2024;-5;-2;shop\n\
    C;01/02/2024;-15;-6;web\n\
    C;20/06/2024;-25,50;-10;web\n\
    B;30/04/2024;-10;-4;web\n";

fn ingested() -> segmento::ingest::Ingested {
    ingest_bytes(
        FILE.as_bytes(),
        IngestOptions {
            file_name: Some("retours.csv".into()),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn a_return_only_day_is_netted_but_is_no_purchase_day() {
    let ingested = ingested();
    let customers = &ingested.customers;
    // C's two rows are returns only: C is no customer. The as-of date is the
    // latest date of a used row, B's return of April 30th, not C's June 20th.
    assert_eq!(customers.as_of, day(2024, 4, 30));
    let ids: Vec<&str> = customers.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["A", "B"]);
    let (a, b) = (&customers.customers[0], &customers.customers[1]);

    // A: Jan 10th 100 / 40 (order); Mar 5th -30 / -12 (return only);
    // Apr 1st 0 / 0 (a zero amount is an order) and -5 / -2 netted in.
    // Purchase days: Jan 10th and Apr 1st -> frequency 2; orders: the rows of
    // lines 2 and 6 -> 2; revenue 100 - 30 + 0 - 5 = 65; margin 40 - 12 + 0 - 2 = 26.
    let days: Vec<(NaiveDate, f64, f64, u32, bool)> = customers
        .history(a)
        .iter()
        .map(|p| (p.date, p.revenue, p.margin, p.orders, p.is_purchase()))
        .collect();
    assert_eq!(
        days,
        [
            (day(2024, 1, 10), 100.0, 40.0, 1, true),
            (day(2024, 3, 5), -30.0, -12.0, 0, false),
            (day(2024, 4, 1), -5.0, -2.0, 1, true),
        ]
    );
    assert_eq!(
        (a.frequency, a.orders, a.revenue, a.margin),
        (2, 2, 65.0, 26.0)
    );
    assert_eq!(
        (a.first_purchase, a.last_purchase),
        (day(2024, 1, 10), day(2024, 4, 1))
    );
    // Channels come from orders: Jan 10th's web; Apr 1st's order says mail
    // (the shop on that day is a return's).
    assert_eq!(
        (
            customers.channel(a.first_channel),
            customers.channel(a.last_channel)
        ),
        (Some("web"), Some("mail"))
    );

    // B: Jan 25th -20 / -8 (return before any order), Feb 20th 50 / 20,
    // Apr 30th -10 / -4 (return only). One purchase day, Feb 20th, which is
    // both the first and the last purchase: the refund of Apr 30th does not
    // make B recent. Revenue 50 - 20 - 10 = 20, margin 20 - 8 - 4 = 8.
    assert_eq!(
        (b.frequency, b.orders, b.revenue, b.margin),
        (1, 1, 20.0, 8.0)
    );
    assert_eq!(
        (b.first_purchase, b.last_purchase),
        (day(2024, 2, 20), day(2024, 2, 20))
    );
    // Feb 20th -> Apr 30th: 9 days left in February (2024 is a leap year),
    // 31 in March, 30 in April = 70.
    assert_eq!(b.recency_days(customers.as_of), 70);
    assert_eq!(customers.channel(b.first_channel), Some("shop"));
    assert_eq!(customers.channel(b.last_channel), Some("shop"));
    assert_eq!(customers.history(b).len(), 3);

    // Rows: 9 read; C's 2 skipped as returns without purchase, with their
    // lines and amounts as found; 7 used.
    let rows = &ingested.report.rows;
    assert_eq!((rows.read, rows.used), (9, 7));
    assert_eq!(
        rows.skipped.get(&SkipReason::ReturnWithoutPurchase),
        Some(&2)
    );
    assert_eq!(rows.skipped_total(), 2);
    let examples: Vec<(u64, Option<&str>, &str)> = rows.examples
        [&SkipReason::ReturnWithoutPurchase]
        .iter()
        .map(|e| (e.line, e.column.as_deref(), e.value.as_str()))
        .collect();
    assert_eq!(
        examples,
        [(8, Some("montant"), "-15"), (9, Some("montant"), "-25,50")]
    );
    // The returns netted are those of lines 3, 4, 7 and 10 (C's are not).
    let returns = ingested
        .report
        .notes
        .iter()
        .find(|n| n.key == "returns")
        .expect("returns note");
    assert!(
        returns.en.starts_with("4 rows with a negative amount"),
        "{}",
        returns.en
    );
    assert!(
        rows.describe_skips().contains("2 return without purchase"),
        "{}",
        rows.describe_skips()
    );
}

#[test]
fn earlier_dates_follow_the_same_rule() {
    let full = ingested().customers;
    // On Feb 16th, B had only returned goods: not a customer yet; A had
    // bought on Jan 10th.
    let feb16 = full.as_of_date(day(2024, 2, 16)).unwrap();
    let ids: Vec<&str> = feb16.customers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["A"]);
    // On Mar 31st: A's Mar 5th return nets (100 - 30 = 70) but A's last
    // purchase stays Jan 10th, one purchase day; B has bought on Feb 20th
    // with the Jan 25th return netted: 50 - 20 = 30.
    let mar31 = full.purchases_as_of(day(2024, 3, 31)).unwrap();
    let summary: Vec<(&str, u32, u32, f64, NaiveDate, NaiveDate)> = mar31
        .customers
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.frequency,
                c.orders,
                c.revenue,
                c.first_purchase,
                c.last_purchase,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("A", 1, 1, 70.0, day(2024, 1, 10), day(2024, 1, 10)),
            ("B", 1, 1, 30.0, day(2024, 2, 20), day(2024, 2, 20)),
        ]
    );
}

#[test]
fn analyses_count_purchase_days_only() {
    let customers = ingested().customers;

    // Points: 2 per purchase day in the 3-year window (every day here is
    // in it): A 2 days -> 4, B 1 day -> 2.
    let scored = points::run(&customers, &points::Params::default()).unwrap();
    let bonus: Vec<(u32, f64)> = scored
        .customers
        .iter()
        .map(|c| (c.purchases_in_window, c.bonus_points))
        .collect();
    assert_eq!(bonus, [(2, 4.0), (1, 2.0)]);

    // Cohorts by month: A is acquired in January (Jan 10th) and buys again
    // in April (March holds only a return); B is acquired in February (its
    // January return is no acquisition) and never buys again.
    let table = cohorts::run(&customers, &cohorts::Params::default()).unwrap();
    // (March and April are shown too, with no customer acquired.)
    let rows: Vec<(NaiveDate, u32, Vec<u32>)> = table
        .cohorts
        .iter()
        .filter(|c| c.customers > 0)
        .map(|c| (c.start, c.customers, c.buyers[..4].to_vec()))
        .collect();
    assert_eq!(
        rows,
        [
            (day(2024, 1, 1), 1, vec![1, 0, 0, 1]),
            (day(2024, 2, 1), 1, vec![1, 0, 0, 0]),
        ]
    );

    // Campaign responses after Mar 1st up to the as-of date: A has a
    // purchase day (Apr 1st, net -5: a zero-amount order and a return)
    // and responded, with -30 - 5 = -35 of net revenue; B has only the
    // Apr 30th return: no response, -10.
    let member = |id: &str| uplift::CampaignMember {
        id: id.into(),
        segment: "all".into(),
        group: segmento::dynamics::control::CampaignGroup::Target,
    };
    let responses = uplift::responses_from_orders(
        &[member("A"), member("B")],
        day(2024, 3, 1),
        None,
        &customers,
    )
    .unwrap();
    let seen: Vec<(bool, f64)> = responses
        .responses
        .iter()
        .map(|r| (r.responded, r.revenue))
        .collect();
    assert_eq!(seen, [(true, -35.0), (false, -10.0)]);
}

#[test]
fn a_file_of_returns_only_has_no_usable_row() {
    let file = "client;date;montant\nA;10/01/2024;-10\nB;11/01/2024;-5\nA;12/01/2024;-1\n";
    let err = ingest_bytes(file.as_bytes(), IngestOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NoUsableRow(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("3 rows read, none could be used: 3 return without purchase (e.g. line 2, column \"montant\", value \"-10\")"),
        "{text}"
    );
}
