//! A seeded generator of realistic French order files, for demos and
//! benchmarks.
//!
//! Customers follow the BG/NBD story (Fader, Hardie & Lee 2005, "Counting
//! your customers the easy way", Marketing Science 24(2), section 2): while
//! alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
//! after each purchase they drop out with probability p ~ Beta(a, b). Each
//! customer's average basket varies across customers (log-normal) and
//! around their own mean from order to order, as in the Gamma-Gamma
//! spend model's assumptions. New customers arrive over the period with a
//! growing rate. About 4 % of orders are followed by a return (a negative
//! amount) a few days later; a few orders are free (zero amount).
//!
//! Randomness is a small documented PRNG (xoshiro256**, seeded through
//! SplitMix64; Blackman & Vigna 2018), so the same parameters give the same
//! bytes on every platform, WebAssembly included.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenerateParams {
    /// Number of order rows (returns included), exactly.
    pub rows: u64,
    /// Seed: the same seed gives the same file.
    pub seed: u64,
    /// UTF-8 (true) or Windows-1252 (false, as older French tools export).
    pub encoding_utf8: bool,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period. Arrivals are calibrated so that the rows end
    /// around this day; a file may stop a few days short of it or run a few
    /// days past it.
    pub end: NaiveDate,
    /// Include the customer attributes (name, postcode, city).
    pub attributes: bool,
}

impl Default for GenerateParams {
    fn default() -> Self {
        GenerateParams {
            rows: 10_000,
            seed: 42,
            encoding_utf8: true,
            start: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or(NaiveDate::MIN),
            end: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or(NaiveDate::MIN),
            attributes: true,
        }
    }
}

/// xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", 2018), seeded with SplitMix64 as its authors recommend.
#[derive(Debug, Clone)]
struct Xoshiro256 {
    state: [u64; 4],
}

impl Xoshiro256 {
    fn seeded(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Xoshiro256 {
            state: [next(), next(), next(), next()],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1].
    fn uniform_open(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.uniform() * n as f64) as usize % n.max(1)
    }

    fn exponential(&mut self, rate: f64) -> f64 {
        -self.uniform_open().ln() / rate
    }

    /// Standard normal (Marsaglia's polar method).
    fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * s.ln() / s).sqrt();
            }
        }
    }

    /// Gamma(shape, scale) by Marsaglia & Tsang (2000), "A simple method for
    /// generating gamma variables", with the U^(1/shape) boost for shape < 1.
    fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        if shape < 1.0 {
            let boost = self.uniform_open().powf(1.0 / shape);
            return self.gamma(shape + 1.0, scale) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform_open();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v * scale;
            }
        }
    }

    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        x / (x + y)
    }
}

/// BG/NBD heterogeneity: λ ~ Gamma(r = 0.75, α = 33 days) per day while
/// alive, p ~ Beta(a = 0.6, b = 0.85), a U-shaped mix of near-certain
/// one-timers and a loyal core. Calibrated (by simulation) so that about
/// half the customers buy once and a customer has about four rows on
/// average over a four-year file (1M rows ≈ 250k customers).
const PURCHASE_RATE_SHAPE: f64 = 0.75;
const PURCHASE_RATE_SCALE_DAYS: f64 = 1.0 / 33.0;
const DROPOUT_A: f64 = 0.6;
const DROPOUT_B: f64 = 0.85;
/// Arrivals at the end of the period are this many times those at the start.
const ARRIVAL_GROWTH: f64 = 2.0;
const RETURN_PROBABILITY: f64 = 0.04;
const FREE_ORDER_PROBABILITY: f64 = 0.002;

const CHANNELS: [&str; 4] = ["web", "magasin", "catalogue", "téléphone"];
const CHANNEL_WEIGHTS: [f64; 4] = [0.45, 0.35, 0.10, 0.10];
/// Margin rate per channel.
const CHANNEL_MARGIN: [f64; 4] = [0.38, 0.32, 0.30, 0.34];
/// Basket multiplier per channel.
const CHANNEL_BASKET: [f64; 4] = [0.9, 1.1, 1.2, 1.3];

const FIRST_NAMES: [&str; 32] = [
    "Marie",
    "Jean",
    "Hélène",
    "François",
    "Camille",
    "Nicolas",
    "Léa",
    "Thomas",
    "Chloé",
    "Julien",
    "Émilie",
    "Pierre",
    "Inès",
    "Louis",
    "Manon",
    "Hugo",
    "Zoé",
    "Lucas",
    "Anaïs",
    "Mathieu",
    "Céline",
    "Noël",
    "Sophie",
    "Jérôme",
    "Élodie",
    "Antoine",
    "Maëlle",
    "Raphaël",
    "Nathalie",
    "Loïc",
    "Océane",
    "Sébastien",
];
const LAST_NAMES: [&str; 32] = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
];
const CITIES: [(&str, &str); 40] = [
    ("75011", "Paris"),
    ("75015", "Paris"),
    ("75018", "Paris"),
    ("69003", "Lyon"),
    ("13008", "Marseille"),
    ("31000", "Toulouse"),
    ("06000", "Nice"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("34000", "Montpellier"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("35000", "Rennes"),
    ("51100", "Reims"),
    ("76600", "Le Havre"),
    ("42000", "Saint-Étienne"),
    ("83000", "Toulon"),
    ("38000", "Grenoble"),
    ("21000", "Dijon"),
    ("49000", "Angers"),
    ("30000", "Nîmes"),
    ("69100", "Villeurbanne"),
    ("63000", "Clermont-Ferrand"),
    ("72000", "Le Mans"),
    ("13090", "Aix-en-Provence"),
    ("29200", "Brest"),
    ("37000", "Tours"),
    ("80000", "Amiens"),
    ("87000", "Limoges"),
    ("74000", "Annecy"),
    ("66000", "Perpignan"),
    ("57000", "Metz"),
    ("25000", "Besançon"),
    ("45000", "Orléans"),
    ("76000", "Rouen"),
    ("68100", "Mulhouse"),
    ("14000", "Caen"),
    ("54000", "Nancy"),
    ("84000", "Avignon"),
    ("17000", "La Rochelle"),
];

#[derive(Debug, Clone)]
struct SimCustomer {
    rate: f64,
    dropout: f64,
    basket: f64,
    channel: u8,
    first_name: u8,
    last_name: u8,
    city: u8,
}

fn draw_customer(rng: &mut Xoshiro256) -> SimCustomer {
    let roll = rng.uniform();
    let mut cumulative = 0.0;
    let mut channel = 0;
    for (index, weight) in CHANNEL_WEIGHTS.iter().enumerate() {
        cumulative += weight;
        if roll < cumulative {
            channel = index;
            break;
        }
    }
    SimCustomer {
        rate: rng.gamma(PURCHASE_RATE_SHAPE, PURCHASE_RATE_SCALE_DAYS),
        dropout: rng.beta(DROPOUT_A, DROPOUT_B),
        // Median basket 55 €, log-normal spread across customers.
        basket: 55.0 * (0.6 * rng.normal()).exp(),
        channel: channel as u8,
        first_name: rng.below(FIRST_NAMES.len()) as u8,
        last_name: rng.below(LAST_NAMES.len()) as u8,
        city: rng.below(CITIES.len()) as u8,
    }
}

/// Acquisition time in [0, days) with density growing linearly by
/// `ARRIVAL_GROWTH` over the period (inverse of the CDF).
fn arrival_time(rng: &mut Xoshiro256, days: f64) -> f64 {
    let g = ARRIVAL_GROWTH - 1.0;
    let u = rng.uniform();
    // CDF(x) = (x + g x²/2) / (1 + g/2) on [0, 1].
    let x = if g.abs() < 1e-9 {
        u
    } else {
        (-1.0 + (1.0 + 2.0 * g * u * (1.0 + g / 2.0)).sqrt()) / g
    };
    x * days
}

/// Orders a customer acquired at `start` places before `days`, with returns.
fn expected_rows(rng: &mut Xoshiro256, days: f64) -> f64 {
    const SAMPLE: usize = 20_000;
    let mut total = 0.0;
    for _ in 0..SAMPLE {
        let customer = draw_customer(rng);
        let mut t = arrival_time(rng, days);
        let mut orders = 0.0;
        loop {
            orders += 1.0 + RETURN_PROBABILITY;
            if rng.uniform() < customer.dropout {
                break;
            }
            t += rng.exponential(customer.rate);
            if t >= days {
                break;
            }
        }
        total += orders;
    }
    total / SAMPLE as f64
}

/// Cents as French text: `1 234,56`, `-12,50`, `0,00`.
fn french_amount(out: &mut Vec<u8>, cents: i64) {
    if cents < 0 {
        out.push(b'-');
    }
    let cents = cents.unsigned_abs();
    let units = cents / 100;
    let digits = units.to_string();
    for (index, digit) in digits.bytes().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(b' ');
        }
        out.push(digit);
    }
    let _ = write!(out, ",{:02}", cents % 100);
}

/// Append text in UTF-8 or Windows-1252 (every character used here exists in both).
fn push_text(out: &mut Vec<u8>, text: &str, utf8: bool) {
    if utf8 {
        out.extend_from_slice(text.as_bytes());
    } else {
        crate::ingest::encode_windows_1252(text, out);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EventKind {
    Purchase,
    Return {
        cents: i64,
        margin_cents: i64,
        channel: u8,
    },
}

/// Write a realistic French order file (`;`-delimited, `dd/mm/yyyy`
/// dates, decimal commas, thousands spaces, returns as negative amounts),
/// sorted by date like an export.
///
/// ```
/// use segmento::generate::{write_orders_csv, GenerateParams};
/// let mut file = Vec::new();
/// write_orders_csv(&mut file, &GenerateParams { rows: 200, seed: 7, ..Default::default() })?;
/// let text = String::from_utf8(file).unwrap();
/// assert!(text.starts_with("N° commande;N° client;Date de commande;Montant TTC;Marge;Canal;Nom;Code postal;Ville\n"));
/// assert_eq!(text.lines().count(), 201);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_orders_csv(writer: &mut impl Write, params: &GenerateParams) -> io::Result<()> {
    let days = (params.end - params.start).num_days().max(1) as f64 + 1.0;
    let mut rng = Xoshiro256::seeded(params.seed);
    let mut calibration = Xoshiro256::seeded(params.seed ^ 0x5EED_CA11_B4A7_E000);
    let per_customer = expected_rows(&mut calibration, days).max(1.0);
    let expected_customers = params.rows as f64 / per_customer;
    // Poisson arrivals: mean spacing so that `expected_customers` arrive in the period.
    let mut customers: Vec<SimCustomer> = Vec::new();
    let mut events: BinaryHeap<Reverse<(u64, u64, u32, EventKind)>> = BinaryHeap::new();
    let mut sequence = 0u64;
    // Arrival times are drawn in order: the k-th of n sorted uniforms
    // through the inverse CDF, generated as normalised exponential spacings.
    let mut arrival_clock = 0.0f64;
    let arrival_total = expected_customers.max(1.0);
    let mut next_arrival = |rng: &mut Xoshiro256| -> f64 {
        arrival_clock += rng.exponential(1.0) / arrival_total;
        let g = ARRIVAL_GROWTH - 1.0;
        let u = arrival_clock;
        let x = if g.abs() < 1e-9 {
            u
        } else {
            (-1.0 + (1.0 + 2.0 * g * u * (1.0 + g / 2.0)).sqrt()) / g
        };
        x * days
    };
    let mut upcoming_arrival = next_arrival(&mut rng);
    let mut out = Vec::with_capacity(1 << 16);
    let header = if params.attributes {
        "N° commande;N° client;Date de commande;Montant TTC;Marge;Canal;Nom;Code postal;Ville\n"
    } else {
        "N° commande;N° client;Date de commande;Montant TTC;Marge;Canal\n"
    };
    push_text(&mut out, header, params.encoding_utf8);
    let mut written = 0u64;
    let mut line = String::with_capacity(128);
    while written < params.rows {
        let next_event = events
            .peek()
            .map(|Reverse((time, ..))| f64::from_bits(*time));
        let (time, customer_index, kind) = match next_event {
            Some(event_time) if event_time <= upcoming_arrival => {
                let Some(Reverse((time, _, customer, kind))) = events.pop() else {
                    break;
                };
                (f64::from_bits(time), customer as usize, kind)
            }
            _ => {
                let time = upcoming_arrival;
                customers.push(draw_customer(&mut rng));
                upcoming_arrival = next_arrival(&mut rng);
                (time, customers.len() - 1, EventKind::Purchase)
            }
        };
        let customer = &customers[customer_index];
        let (cents, margin_cents, channel) = match kind {
            EventKind::Purchase => {
                let channel = if rng.uniform() < 0.8 {
                    customer.channel as usize
                } else {
                    rng.below(CHANNELS.len())
                };
                let free = rng.uniform() < FREE_ORDER_PROBABILITY;
                let amount = if free {
                    0.0
                } else {
                    customer.basket * CHANNEL_BASKET[channel] * (0.35 * rng.normal()).exp()
                };
                let cents = (amount * 100.0).round() as i64;
                let margin_cents =
                    (cents as f64 * CHANNEL_MARGIN[channel] * (0.1 * rng.normal()).exp()).round()
                        as i64;
                // What happens next: a return, another purchase, or nothing.
                if cents > 0 && rng.uniform() < RETURN_PROBABILITY {
                    let share = if rng.uniform() < 0.6 {
                        1.0
                    } else {
                        0.2 + 0.6 * rng.uniform()
                    };
                    let refund = -((cents as f64 * share).round() as i64);
                    let refund_margin = -((margin_cents as f64 * share).round() as i64);
                    let when = time + 1.0 + rng.uniform() * 20.0;
                    sequence += 1;
                    events.push(Reverse((
                        when.to_bits(),
                        sequence,
                        customer_index as u32,
                        EventKind::Return {
                            cents: refund,
                            margin_cents: refund_margin,
                            channel: channel as u8,
                        },
                    )));
                }
                if rng.uniform() >= customer.dropout {
                    let when = time + rng.exponential(customer.rate);
                    sequence += 1;
                    events.push(Reverse((
                        when.to_bits(),
                        sequence,
                        customer_index as u32,
                        EventKind::Purchase,
                    )));
                }
                (cents, margin_cents, channel)
            }
            EventKind::Return {
                cents,
                margin_cents,
                channel,
            } => (cents, margin_cents, channel as usize),
        };
        let date = params.start + chrono::Duration::days(time.floor() as i64);
        written += 1;
        line.clear();
        use std::fmt::Write as _;
        let _ = write!(
            line,
            "{};{};{:02}/{:02}/{};",
            1_000_000 + written,
            100_000 + customer_index,
            date.day(),
            date.month(),
            date.year()
        );
        let mut amounts = Vec::with_capacity(24);
        french_amount(&mut amounts, cents);
        amounts.push(b';');
        french_amount(&mut amounts, margin_cents);
        line.push_str(std::str::from_utf8(&amounts).unwrap_or_default());
        line.push(';');
        line.push_str(CHANNELS[channel]);
        if params.attributes {
            let (postcode, city) = CITIES[customer.city as usize];
            let _ = write!(
                line,
                ";{} {};{};{}",
                FIRST_NAMES[customer.first_name as usize],
                LAST_NAMES[customer.last_name as usize],
                postcode,
                city
            );
        }
        line.push('\n');
        push_text(&mut out, &line, params.encoding_utf8);
        if out.len() >= 1 << 16 {
            writer.write_all(&out)?;
            out.clear();
        }
    }
    writer.write_all(&out)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_amounts() {
        let mut out = Vec::new();
        for (cents, text) in [
            (123456, "1 234,56"),
            (-1250, "-12,50"),
            (0, "0,00"),
            (100000000, "1 000 000,00"),
            (5, "0,05"),
        ] {
            out.clear();
            french_amount(&mut out, cents);
            assert_eq!(String::from_utf8(out.clone()).unwrap(), text);
        }
    }

    #[test]
    fn same_seed_same_bytes_and_exact_row_count() {
        let params = GenerateParams {
            rows: 3000,
            seed: 9,
            ..Default::default()
        };
        let mut first = Vec::new();
        let mut second = Vec::new();
        write_orders_csv(&mut first, &params).unwrap();
        write_orders_csv(&mut second, &params).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.iter().filter(|&&b| b == b'\n').count(), 3001);
        let mut other = Vec::new();
        write_orders_csv(&mut other, &GenerateParams { seed: 10, ..params }).unwrap();
        assert_ne!(first, other);
    }

    #[test]
    fn gamma_and_beta_have_the_right_means() {
        let mut rng = Xoshiro256::seeded(1);
        let n = 200_000;
        let gamma: f64 = (0..n).map(|_| rng.gamma(0.75, 2.0)).sum::<f64>() / n as f64;
        assert!((gamma - 1.5).abs() < 0.02, "{gamma}");
        let beta: f64 = (0..n).map(|_| rng.beta(0.8, 2.4)).sum::<f64>() / n as f64;
        assert!((beta - 0.25).abs() < 0.005, "{beta}");
    }
}
