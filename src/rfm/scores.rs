//! R, F and M scores: the cut points of each dimension and what each score
//! means in plain words.
//!
//! Scores run from 1 to `bins`, 5 being best (most recent, most frequent,
//! highest spend). Cut points are the type-7 quantiles `k / bins` of the
//! customer distribution (see [`crate::quantiles`]) unless the user gives
//! them. A customer passes a cut point only when strictly better than it
//! (recency strictly below, frequency and monetary strictly above) and scores
//! 1 + the number of cut points passed. Hence equal values always share a
//! score, customers tied on a cut point take the lower score, and a dimension
//! where every customer has the same value (every customer bought once)
//! gives everyone score 1.

use serde::{Deserialize, Serialize};

use crate::labels::{format_number, Lang};
pub use crate::quantiles::ThresholdSource;
use crate::quantiles::{score_higher_better, score_lower_better};

/// One of the three RFM dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Days since the last purchase at the as-of date (lower is better).
    Recency,
    /// Distinct purchase days (higher is better).
    Frequency,
    /// Net revenue or average order value (higher is better).
    Monetary,
}

impl Dimension {
    /// Whether a lower value is better (only recency).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Dimension::Recency)
    }

    /// The score of `value` against `cut_points` in this dimension.
    #[inline]
    pub fn score(self, cut_points: &[f64], value: f64) -> u8 {
        if self.lower_is_better() {
            score_lower_better(cut_points, value)
        } else {
            score_higher_better(cut_points, value)
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Dimension::Recency, Lang::Fr) => "Récence",
            (Dimension::Recency, Lang::En) => "Recency",
            (Dimension::Frequency, Lang::Fr) => "Fréquence",
            (Dimension::Frequency, Lang::En) => "Frequency",
            (Dimension::Monetary, Lang::Fr) => "Montant",
            (Dimension::Monetary, Lang::En) => "Monetary",
        }
    }

    /// The stable snake_case key (`recency`, `frequency`, `monetary`).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Recency => "recency",
            Dimension::Frequency => "frequency",
            Dimension::Monetary => "monetary",
        }
    }

    /// The unit after a number, singular up to 1 (French and English agree
    /// there: "1 jour", "1 day", "0,5 jour").
    fn unit(self, value: f64, lang: Lang) -> &'static str {
        let plural = value.abs() > 1.0;
        match (self, lang, plural) {
            (Dimension::Recency, Lang::Fr, true) => " jours",
            (Dimension::Recency, Lang::Fr, false) => " jour",
            (Dimension::Recency, Lang::En, true) => " days",
            (Dimension::Recency, Lang::En, false) => " day",
            (Dimension::Frequency, Lang::Fr, true) => " jours d'achat",
            (Dimension::Frequency, Lang::Fr, false) => " jour d'achat",
            (Dimension::Frequency, Lang::En, true) => " purchase days",
            (Dimension::Frequency, Lang::En, false) => " purchase day",
            (Dimension::Monetary, _, _) => "",
        }
    }
}

/// The range of values that earns one score, with a plain label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreBand {
    /// The score (1 = worst).
    pub score: u8,
    /// Lower bound of the values earning this score (`None`: unbounded).
    pub min: Option<f64>,
    /// Whether `min` itself earns this score.
    pub min_inclusive: bool,
    /// Upper bound (`None`: unbounded).
    pub max: Option<f64>,
    /// Whether `max` itself earns this score.
    pub max_inclusive: bool,
    /// The range in words, French (e.g. `de 12 à moins de 45 jours`).
    pub label_fr: String,
    /// The range in words, English (e.g. `12 to under 45 days`).
    pub label_en: String,
    /// Customers with this score.
    pub customers: usize,
}

/// The cut points of one dimension and the score bands they make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionThresholds {
    /// Which dimension.
    pub dimension: Dimension,
    /// Quantiles or user-given.
    pub source: ThresholdSource,
    /// The `bins - 1` ascending cut points actually used (possibly equal
    /// when values are heavily tied). Empty only when there is no customer
    /// and no custom cut point.
    pub cut_points: Vec<f64>,
    /// One band per score, from score 1 (worst) to `bins` (best). A band
    /// between two equal cut points is empty by construction.
    pub bands: Vec<ScoreBand>,
}

/// The cut points of the three dimensions, with the scoring rule in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Recency (days since the last purchase).
    pub recency: DimensionThresholds,
    /// Frequency (distinct purchase days).
    pub frequency: DimensionThresholds,
    /// Monetary (net revenue or average order value).
    pub monetary: DimensionThresholds,
    /// How cut points are chosen and scores given, French.
    pub rule_fr: String,
    /// How cut points are chosen and scores given, English.
    pub rule_en: String,
}

/// Build the bands of a dimension from its cut points and the count of
/// customers per score (`counts[s - 1]`).
pub(crate) fn dimension_thresholds(
    dimension: Dimension,
    source: ThresholdSource,
    cut_points: Vec<f64>,
    counts: &[usize],
) -> DimensionThresholds {
    let bins = counts.len();
    let mut bands = Vec::with_capacity(bins);
    if cut_points.len() + 1 == bins {
        for score in 1..=bins {
            // Cut points below and above this score's range. For "higher is
            // better" score s covers (t[s-1], t[s]]; for recency it covers
            // [t[bins-s], t[bins-s+1]) (t[0] = -inf, t[bins] = +inf, 1-based).
            let (lower_index, upper_index) = if dimension.lower_is_better() {
                (bins - score, bins - score + 1)
            } else {
                (score - 1, score)
            };
            let min = (lower_index >= 1).then(|| cut_points[lower_index - 1]);
            let max = (upper_index < bins).then(|| cut_points[upper_index - 1]);
            let min_inclusive = dimension.lower_is_better() && min.is_some();
            let max_inclusive = !dimension.lower_is_better() && max.is_some();
            let band = |lang| band_label(dimension, min, max, lang);
            bands.push(ScoreBand {
                score: score as u8,
                min,
                min_inclusive,
                max,
                max_inclusive,
                label_fr: band(Lang::Fr),
                label_en: band(Lang::En),
                customers: counts[score - 1],
            });
        }
    }
    DimensionThresholds {
        dimension,
        source,
        cut_points,
        bands,
    }
}

fn band_label(dimension: Dimension, min: Option<f64>, max: Option<f64>, lang: Lang) -> String {
    let num = |v: f64| format_number(v, 2, lang);
    let unit = |v: f64| dimension.unit(v, lang);
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo >= hi {
            return match lang {
                Lang::Fr => "aucune valeur (deux seuils égaux)".to_string(),
                Lang::En => "no value (two equal cut points)".to_string(),
            };
        }
    }
    if dimension.lower_is_better() {
        // [min, max)
        match (min, max, lang) {
            (None, Some(hi), Lang::Fr) => format!("moins de {}{}", num(hi), unit(hi)),
            (None, Some(hi), Lang::En) => format!("under {}{}", num(hi), unit(hi)),
            (Some(lo), Some(hi), Lang::Fr) => {
                format!("de {} à moins de {}{}", num(lo), num(hi), unit(hi))
            }
            (Some(lo), Some(hi), Lang::En) => {
                format!("{} to under {}{}", num(lo), num(hi), unit(hi))
            }
            (Some(lo), None, Lang::Fr) => format!("{}{} ou plus", num(lo), unit(lo)),
            (Some(lo), None, Lang::En) => format!("{}{} or more", num(lo), unit(lo)),
            (None, None, Lang::Fr) => "toutes les valeurs".to_string(),
            (None, None, Lang::En) => "any value".to_string(),
        }
    } else {
        // (min, max]
        match (min, max, lang) {
            (None, Some(hi), Lang::Fr) => format!("jusqu'à {}{}", num(hi), unit(hi)),
            (None, Some(hi), Lang::En) => format!("up to {}{}", num(hi), unit(hi)),
            (Some(lo), Some(hi), Lang::Fr) => {
                format!("plus de {} et jusqu'à {}{}", num(lo), num(hi), unit(hi))
            }
            (Some(lo), Some(hi), Lang::En) => {
                format!("over {} up to {}{}", num(lo), num(hi), unit(hi))
            }
            (Some(lo), None, Lang::Fr) => format!("plus de {}{}", num(lo), unit(lo.max(2.0))),
            (Some(lo), None, Lang::En) => format!("over {}{}", num(lo), unit(lo.max(2.0))),
            (None, None, Lang::Fr) => "toutes les valeurs".to_string(),
            (None, None, Lang::En) => "any value".to_string(),
        }
    }
}

/// The scoring rule in words, for the report.
pub(crate) fn rule_text(bins: u8, lang: Lang) -> String {
    let quantile_name = match (bins, lang) {
        (3, Lang::Fr) => "terciles (33 %, 67 %)",
        (4, Lang::Fr) => "quartiles (25 %, 50 %, 75 %)",
        (_, Lang::Fr) => "quintiles (20 %, 40 %, 60 %, 80 %)",
        (3, Lang::En) => "terciles (33%, 67%)",
        (4, Lang::En) => "quartiles (25%, 50%, 75%)",
        (_, Lang::En) => "quintiles (20%, 40%, 60%, 80%)",
    };
    match lang {
        Lang::Fr => format!(
            "Scores de 1 à {bins}, {bins} étant le meilleur (achat le plus récent, le plus fréquent, le plus gros montant). \
             Sauf seuils personnalisés, les seuils sont les {quantile_name} de la distribution des clients, \
             avec interpolation linéaire entre valeurs voisines (comme CENTILE.INCLURE dans Excel). \
             Un client ne franchit un seuil que s'il fait strictement mieux (récence strictement inférieure, \
             fréquence ou montant strictement supérieurs) ; son score vaut 1 + le nombre de seuils franchis. \
             Des clients de même valeur ont donc toujours le même score, un client exactement sur un seuil prend le score inférieur, \
             et si tous les clients ont la même valeur, tous ont le score 1."
        ),
        Lang::En => format!(
            "Scores run from 1 to {bins}, {bins} being best (most recent, most frequent, highest spend). \
             Unless custom cut points are set, the cut points are the {quantile_name} of the customer distribution, \
             interpolated linearly between neighbouring values (as Excel's PERCENTILE.INC). \
             A customer passes a cut point only when strictly better (recency strictly lower, frequency or \
             monetary strictly higher); the score is 1 + the number of cut points passed. \
             Customers with equal values therefore always share a score, a customer exactly on a cut point \
             takes the lower score, and when every customer has the same value, everyone scores 1."
        ),
    }
}

/// Notes on a dimension whose ties leave some scores unused.
pub(crate) fn tie_note(thresholds: &DimensionThresholds, bins: u8) -> Option<crate::labels::Note> {
    if thresholds.source != ThresholdSource::Quantiles || thresholds.bands.is_empty() {
        return None;
    }
    let used = thresholds.bands.iter().filter(|b| b.customers > 0).count();
    if used == usize::from(bins) {
        return None;
    }
    let dimension = thresholds.dimension;
    let key = format!("{}_scores_tied", dimension.key());
    let all_equal = thresholds.cut_points.windows(2).all(|w| w[0] == w[1]) && used == 1;
    let (fr, en) = if all_equal {
        let value = thresholds.cut_points.first().copied().unwrap_or(0.0);
        (
            format!(
                "{} : tous les clients ont la même valeur ({}{}), donc tous ont le score 1 ; ce critère ne distingue personne.",
                dimension.name(Lang::Fr),
                format_number(value, 2, Lang::Fr),
                dimension.unit(value, Lang::Fr)
            ),
            format!(
                "{}: every customer has the same value ({}{}), so everyone scores 1; this dimension tells no one apart.",
                dimension.name(Lang::En),
                format_number(value, 2, Lang::En),
                dimension.unit(value, Lang::En)
            ),
        )
    } else {
        (
            format!(
                "{} : seuls {used} scores sur {bins} sont utilisés, car beaucoup de clients ont exactement la même valeur \
                 et des clients à égalité partagent toujours le même score.",
                dimension.name(Lang::Fr)
            ),
            format!(
                "{}: only {used} of {bins} scores are used, because many customers have exactly the same value \
                 and tied customers always share a score.",
                dimension.name(Lang::En)
            ),
        )
    };
    Some(crate::labels::Note::new(key, fr, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_direction_of_each_dimension() {
        let recency = dimension_thresholds(
            Dimension::Recency,
            ThresholdSource::Custom,
            vec![30.0, 90.0, 180.0, 365.0],
            &[1, 2, 3, 4, 5],
        );
        let labels: Vec<&str> = recency.bands.iter().map(|b| b.label_en.as_str()).collect();
        assert_eq!(
            labels,
            [
                "365 days or more",
                "180 to under 365 days",
                "90 to under 180 days",
                "30 to under 90 days",
                "under 30 days"
            ]
        );
        assert_eq!(recency.bands[4].score, 5);
        assert_eq!(recency.bands[4].max, Some(30.0));
        assert!(!recency.bands[4].max_inclusive);
        assert_eq!(recency.bands[0].min, Some(365.0));
        assert!(recency.bands[0].min_inclusive);
        assert_eq!(recency.bands[1].label_fr, "de 180 à moins de 365 jours");

        let frequency = dimension_thresholds(
            Dimension::Frequency,
            ThresholdSource::Quantiles,
            vec![1.0, 1.0, 2.0, 4.0],
            &[60, 0, 20, 10, 10],
        );
        let labels: Vec<&str> = frequency
            .bands
            .iter()
            .map(|b| b.label_en.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "up to 1 purchase day",
                "no value (two equal cut points)",
                "over 1 up to 2 purchase days",
                "over 2 up to 4 purchase days",
                "over 4 purchase days"
            ]
        );
        let note = tie_note(&frequency, 5).unwrap();
        assert_eq!(note.key, "frequency_scores_tied");
        assert!(note.en.contains("only 4 of 5 scores"), "{}", note.en);
    }

    #[test]
    fn every_value_inside_its_band() {
        // Each band's bounds must agree with the scoring function.
        let cuts = vec![10.0, 20.0, 20.0, 40.0];
        for dimension in [Dimension::Recency, Dimension::Monetary] {
            let t = dimension_thresholds(dimension, ThresholdSource::Custom, cuts.clone(), &[0; 5]);
            for value in [0.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0] {
                let score = dimension.score(&cuts, value);
                let band = &t.bands[usize::from(score) - 1];
                let above_min = band.min.is_none_or(|lo| {
                    if band.min_inclusive {
                        value >= lo
                    } else {
                        value > lo
                    }
                });
                let below_max = band.max.is_none_or(|hi| {
                    if band.max_inclusive {
                        value <= hi
                    } else {
                        value < hi
                    }
                });
                assert!(
                    above_min && below_max,
                    "{dimension:?} {value} → {score}: {band:?}"
                );
            }
        }
    }
}
