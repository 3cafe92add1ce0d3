//! The eleven named RFM segments and the table mapping every R-F-M code to
//! exactly one of them.
//!
//! The default map is data: [`DEFAULT_MAP_RULES`], a list of disjoint boxes
//! of scores on the 1–5 scale that together cover all 125 codes (a test
//! checks every code falls in exactly one box). Recency and frequency decide
//! the segment, as in the classic R×F picture; the monetary score only splits
//! the two corners where spend changes the action: among recent frequent
//! buyers (Champions vs Loyal) and among lapsed frequent buyers (Can't lose
//! them vs At risk).
//!
//! With 3 or 4 bins, scores are placed on the 1–5 scale before the lookup
//! (see [`to_five_scale`]). A user can override the segment of any code with
//! `rfm.segment_overrides`.

use serde::{Deserialize, Serialize};

/// A named RFM segment. Serialized as its stable snake_case English key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Recent, frequent, top spenders.
    Champions,
    /// Frequent buyers, less recent or lower spend than champions.
    Loyal,
    /// Recent customers with a few purchases.
    PotentialLoyalist,
    /// Very recent first (or rare) purchase.
    New,
    /// Fairly recent, one or very few purchases.
    Promising,
    /// Middling recency and frequency.
    NeedAttention,
    /// Slipping away after few purchases.
    AboutToSleep,
    /// Used to buy often, lapsed.
    AtRisk,
    /// Best customers by frequency and spend, lapsed.
    CantLoseThem,
    /// Long lapsed, few purchases.
    Hibernating,
    /// Longest lapsed, few purchases.
    Lost,
}

impl Segment {
    /// All segments, in the ladder order used everywhere (best → worst).
    pub const LADDER: [Segment; 11] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// Position in [`Segment::LADDER`] (0 = champions).
    pub fn ladder_index(self) -> usize {
        self as usize
    }

    /// The stable English key (`cant_lose_them`), as serialized.
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// Labels, definition and recommended action.
    pub fn info(self) -> &'static SegmentInfo {
        &SEGMENTS[self.ladder_index()]
    }

    /// The segment with this key, if any.
    ///
    /// ```
    /// use segmento::rfm::Segment;
    /// assert_eq!(Segment::from_key("at_risk"), Some(Segment::AtRisk));
    /// assert_eq!(Segment::from_key("others"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<Segment> {
        Segment::LADDER.into_iter().find(|s| s.key() == key)
    }
}

/// What a user reads about a segment, in French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentInfo {
    /// The segment.
    pub segment: Segment,
    /// Stable snake_case English key.
    pub key: &'static str,
    /// French label.
    pub label_fr: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// One-line French definition, with the default map's score ranges.
    pub definition_fr: &'static str,
    /// One-line English definition, with the default map's score ranges.
    pub definition_en: &'static str,
    /// Recommended action, French.
    pub action_fr: &'static str,
    /// Recommended action, English.
    pub action_en: &'static str,
}

/// The eleven segments in ladder order. The actions follow the practice of
/// the issue: thank and reward the best; raise contact frequency for engaged
/// segments; premium offers for the most loyal only; a "last chance" offer
/// for those about to lapse; a reactivation offer for at-risk high-value
/// customers.
pub const SEGMENTS: [SegmentInfo; 11] = [
    SegmentInfo {
        segment: Segment::Champions,
        key: "champions",
        label_fr: "Champions",
        label_en: "Champions",
        definition_fr: "Achat récent, achats fréquents et dépenses parmi les plus élevées (R 4-5, F 4-5, M 4-5).",
        definition_en: "Bought recently, buy often and spend the most (R 4-5, F 4-5, M 4-5).",
        action_fr: "Les remercier et les récompenser : avantages de fidélité, avant-premières ; leur réserver les offres premium ; solliciter avis et parrainages.",
        action_en: "Thank and reward them: loyalty perks, early access; keep premium offers for them; ask for reviews and referrals.",
    },
    SegmentInfo {
        segment: Segment::Loyal,
        key: "loyal",
        label_fr: "Fidèles",
        label_en: "Loyal",
        definition_fr: "Achètent souvent, mais dépensent moins que les champions ou n'ont pas acheté ces derniers temps (R 4-5, F 4-5, M 1-3 ; ou R 3, F 4-5).",
        definition_en: "Buy often, but spend less than champions or have not bought lately (R 4-5, F 4-5, M 1-3; or R 3, F 4-5).",
        action_fr: "Augmenter la fréquence de contact : recommandations et produits complémentaires, programme de fidélité, montée en gamme.",
        action_en: "Raise contact frequency: recommendations and complementary products, loyalty programme, upselling.",
    },
    SegmentInfo {
        segment: Segment::PotentialLoyalist,
        key: "potential_loyalist",
        label_fr: "Fidèles potentiels",
        label_en: "Potential loyalist",
        definition_fr: "Clients récents qui ont déjà acheté quelques fois, sans être encore fréquents (R 4-5, F 2-3).",
        definition_en: "Recent customers who have bought a few times but not yet often (R 4-5, F 2-3).",
        action_fr: "Augmenter la fréquence de contact : recommandations personnalisées, invitation au programme de fidélité, offre sur le prochain achat.",
        action_en: "Raise contact frequency: personalised recommendations, an invitation to the loyalty programme, an offer on the next purchase.",
    },
    SegmentInfo {
        segment: Segment::New,
        key: "new",
        label_fr: "Nouveaux",
        label_en: "New",
        definition_fr: "Achat très récent, mais un seul achat ou presque (R 5, F 1).",
        definition_en: "Bought very recently, but only once or rarely (R 5, F 1).",
        action_fr: "Les accueillir : série de bienvenue, conseils d'utilisation, incitation au deuxième achat.",
        action_en: "Welcome them: onboarding series, product tips, an incentive for a second purchase.",
    },
    SegmentInfo {
        segment: Segment::Promising,
        key: "promising",
        label_fr: "Prometteurs",
        label_en: "Promising",
        definition_fr: "Achat assez récent, mais un seul achat ou presque (R 4, F 1).",
        definition_en: "Bought fairly recently, but only once or rarely (R 4, F 1).",
        action_fr: "Créer l'habitude : contenus de marque, offre limitée sur un deuxième achat.",
        action_en: "Build the habit: brand content, a limited offer on a second purchase.",
    },
    SegmentInfo {
        segment: Segment::NeedAttention,
        key: "need_attention",
        label_fr: "À surveiller",
        label_en: "Need attention",
        definition_fr: "Récence et fréquence moyennes : ni actifs, ni perdus (R 3, F 3).",
        definition_en: "Average recency and frequency: neither active nor lapsed (R 3, F 3).",
        action_fr: "Raviver l'intérêt : offre limitée dans le temps fondée sur leurs achats passés.",
        action_en: "Revive their interest: a time-limited offer based on their past purchases.",
    },
    SegmentInfo {
        segment: Segment::AboutToSleep,
        key: "about_to_sleep",
        label_fr: "En train de s'endormir",
        label_en: "About to sleep",
        definition_fr: "Pas d'achat depuis un moment, et peu d'achats (R 3, F 1-2).",
        definition_en: "Have not bought for a while, and bought little (R 3, F 1-2).",
        action_fr: "Offre « dernière chance » avant qu'ils ne décrochent : remise limitée dans le temps, produits populaires.",
        action_en: "A \"last chance\" offer before they lapse: a time-limited discount, popular products.",
    },
    SegmentInfo {
        segment: Segment::AtRisk,
        key: "at_risk",
        label_fr: "À risque",
        label_en: "At risk",
        definition_fr: "Achetaient régulièrement, mais plus depuis longtemps (R 1-2, F 3 ; ou R 1-2, F 4-5, M 1-3).",
        definition_en: "Used to buy regularly, but not for a long time (R 1-2, F 3; or R 1-2, F 4-5, M 1-3).",
        action_fr: "Offre de réactivation personnalisée (rappel de leurs produits préférés), en priorité pour ceux qui dépensaient le plus.",
        action_en: "A personalised reactivation offer (a reminder of their favourite products), first for those who spent the most.",
    },
    SegmentInfo {
        segment: Segment::CantLoseThem,
        key: "cant_lose_them",
        label_fr: "À ne pas perdre",
        label_en: "Can't lose them",
        definition_fr: "Parmi les meilleurs clients par la fréquence et les dépenses, mais sans achat depuis longtemps (R 1-2, F 4-5, M 4-5).",
        definition_en: "Among the best customers by frequency and spend, but no purchase for a long time (R 1-2, F 4-5, M 4-5).",
        action_fr: "Reconquête prioritaire : offre de réactivation forte et contact personnel (appel) ; comprendre pourquoi ils sont partis.",
        action_en: "Priority win-back: a strong reactivation offer and a personal contact (a call); find out why they left.",
    },
    SegmentInfo {
        segment: Segment::Hibernating,
        key: "hibernating",
        label_fr: "En hibernation",
        label_en: "Hibernating",
        definition_fr: "Dernier achat ancien et peu d'achats (R 2, F 1-2).",
        definition_en: "Last purchase long ago and few purchases (R 2, F 1-2).",
        action_fr: "Réactivation à faible coût : les inclure dans les campagnes larges avec une offre générale, sans surinvestir.",
        action_en: "Low-cost reactivation: include them in broad campaigns with a general offer, without over-investing.",
    },
    SegmentInfo {
        segment: Segment::Lost,
        key: "lost",
        label_fr: "Perdus",
        label_en: "Lost",
        definition_fr: "Dernier achat le plus ancien et peu d'achats (R 1, F 1-2).",
        definition_en: "Longest since the last purchase and few purchases (R 1, F 1-2).",
        action_fr: "Une dernière tentative à faible coût, puis les retirer des campagnes payantes.",
        action_en: "One last low-cost attempt, then drop them from paid campaigns.",
    },
];

/// One box of the default map: every code whose scores (on the 1–5 scale)
/// lie within the three inclusive ranges belongs to `segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapRule {
    /// Recency score range (inclusive).
    pub recency: (u8, u8),
    /// Frequency score range (inclusive).
    pub frequency: (u8, u8),
    /// Monetary score range (inclusive).
    pub monetary: (u8, u8),
    /// The segment of every code in the box.
    pub segment: Segment,
}

impl MapRule {
    /// Whether the code (scores on the 1–5 scale) lies in this box.
    pub fn contains(&self, r: u8, f: u8, m: u8) -> bool {
        (self.recency.0..=self.recency.1).contains(&r)
            && (self.frequency.0..=self.frequency.1).contains(&f)
            && (self.monetary.0..=self.monetary.1).contains(&m)
    }
}

const fn rule(
    recency: (u8, u8),
    frequency: (u8, u8),
    monetary: (u8, u8),
    segment: Segment,
) -> MapRule {
    MapRule {
        recency,
        frequency,
        monetary,
        segment,
    }
}

const ANY: (u8, u8) = (1, 5);

/// The default map: 13 disjoint boxes covering the 125 codes.
///
/// | R \ F | 1            | 2-3                | 4-5                                   |
/// |-------|--------------|--------------------|---------------------------------------|
/// | 5     | New          | Potential loyalist | Champions (M 4-5) / Loyal (M 1-3)     |
/// | 4     | Promising    | Potential loyalist | Champions (M 4-5) / Loyal (M 1-3)     |
/// | 3     | About to sleep (F 1-2) | Need attention (F 3) | Loyal                     |
/// | 2     | Hibernating (F 1-2) | At risk (F 3) | Can't lose them (M 4-5) / At risk (M 1-3) |
/// | 1     | Lost (F 1-2) | At risk (F 3)      | Can't lose them (M 4-5) / At risk (M 1-3) |
pub const DEFAULT_MAP_RULES: [MapRule; 13] = [
    rule((5, 5), (1, 1), ANY, Segment::New),
    rule((4, 4), (1, 1), ANY, Segment::Promising),
    rule((4, 5), (2, 3), ANY, Segment::PotentialLoyalist),
    rule((4, 5), (4, 5), (4, 5), Segment::Champions),
    rule((4, 5), (4, 5), (1, 3), Segment::Loyal),
    rule((3, 3), (4, 5), ANY, Segment::Loyal),
    rule((3, 3), (3, 3), ANY, Segment::NeedAttention),
    rule((3, 3), (1, 2), ANY, Segment::AboutToSleep),
    rule((1, 2), (4, 5), (4, 5), Segment::CantLoseThem),
    rule((1, 2), (4, 5), (1, 3), Segment::AtRisk),
    rule((1, 2), (3, 3), ANY, Segment::AtRisk),
    rule((2, 2), (1, 2), ANY, Segment::Hibernating),
    rule((1, 1), (1, 2), ANY, Segment::Lost),
];

/// Place a score of a `bins`-bin scale on the 1–5 scale the default map is
/// written for: `round(1 + (score - 1) * 4 / (bins - 1))`, so 3 bins give
/// 1, 3, 5 and 4 bins give 1, 2, 4, 5. Scores of 5 bins are unchanged.
///
/// ```
/// use segmento::rfm::to_five_scale;
/// assert_eq!([1, 2, 3].map(|s| to_five_scale(s, 3)), [1, 3, 5]);
/// assert_eq!([1, 2, 3, 4].map(|s| to_five_scale(s, 4)), [1, 2, 4, 5]);
/// ```
pub fn to_five_scale(score: u8, bins: u8) -> u8 {
    if bins <= 1 {
        return 1;
    }
    let scaled = 1.0 + f64::from(score.saturating_sub(1)) * 4.0 / f64::from(bins - 1);
    (scaled.round() as u8).clamp(1, 5)
}

/// The segment the default map gives to a code on the 1–5 scale. Every code
/// of 1..=5 × 1..=5 × 1..=5 has exactly one rule; out-of-range scores are
/// clamped first, so the lookup never fails.
///
/// ```
/// use segmento::rfm::{default_segment, Segment};
/// assert_eq!(default_segment(5, 5, 5), Segment::Champions);
/// assert_eq!(default_segment(1, 5, 5), Segment::CantLoseThem);
/// assert_eq!(default_segment(1, 1, 1), Segment::Lost);
/// ```
pub fn default_segment(r: u8, f: u8, m: u8) -> Segment {
    let (r, f, m) = (r.clamp(1, 5), f.clamp(1, 5), m.clamp(1, 5));
    DEFAULT_MAP_RULES
        .iter()
        .find(|rule| rule.contains(r, f, m))
        .map_or(Segment::Lost, |rule| rule.segment)
}

/// The code → segment table in use for one run: the default map (via the
/// 1–5 scale) with the user's overrides applied, flattened into an array
/// indexed by `(r-1)·bins² + (f-1)·bins + (m-1)` for an O(1) lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentMap {
    bins: u8,
    table: Vec<Segment>,
}

impl SegmentMap {
    /// The default map for `bins` bins with `overrides` (code → segment)
    /// applied. Override codes must already be validated (three digits in
    /// 1..=bins); invalid ones are ignored here.
    pub fn new<'a>(
        bins: u8,
        overrides: impl IntoIterator<Item = (&'a str, Segment)>,
    ) -> SegmentMap {
        let b = usize::from(bins);
        let mut table = Vec::with_capacity(b * b * b);
        for r in 1..=bins {
            for f in 1..=bins {
                for m in 1..=bins {
                    table.push(default_segment(
                        to_five_scale(r, bins),
                        to_five_scale(f, bins),
                        to_five_scale(m, bins),
                    ));
                }
            }
        }
        let mut map = SegmentMap { bins, table };
        for (code, segment) in overrides {
            if let Some((r, f, m)) = parse_code(code, bins) {
                let index = map.index(r, f, m);
                map.table[index] = segment;
            }
        }
        map
    }

    fn index(&self, r: u8, f: u8, m: u8) -> usize {
        let b = usize::from(self.bins);
        (usize::from(r) - 1) * b * b + (usize::from(f) - 1) * b + (usize::from(m) - 1)
    }

    /// The segment of a code (scores in 1..=bins; clamped if outside).
    pub fn segment(&self, r: u8, f: u8, m: u8) -> Segment {
        let (r, f, m) = (
            r.clamp(1, self.bins),
            f.clamp(1, self.bins),
            m.clamp(1, self.bins),
        );
        self.table[self.index(r, f, m)]
    }

    /// Number of bins the map is built for.
    pub fn bins(&self) -> u8 {
        self.bins
    }
}

/// Parse a code such as `"545"` into its three scores, each in 1..=bins.
///
/// ```
/// use segmento::rfm::parse_code;
/// assert_eq!(parse_code("545", 5), Some((5, 4, 5)));
/// assert_eq!(parse_code("545", 4), None);
/// assert_eq!(parse_code("05", 5), None);
/// ```
pub fn parse_code(code: &str, bins: u8) -> Option<(u8, u8, u8)> {
    let bytes = code.as_bytes();
    if bytes.len() != 3 {
        return None;
    }
    let digit = |b: u8| -> Option<u8> {
        let d = b.checked_sub(b'0')?;
        (1..=bins).contains(&d).then_some(d)
    };
    Some((digit(bytes[0])?, digit(bytes[1])?, digit(bytes[2])?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_one_of_the_125_codes_is_in_exactly_one_rule() {
        let mut per_segment = [0usize; 11];
        for r in 1..=5 {
            for f in 1..=5 {
                for m in 1..=5 {
                    let matching: Vec<&MapRule> = DEFAULT_MAP_RULES
                        .iter()
                        .filter(|rule| rule.contains(r, f, m))
                        .collect();
                    assert_eq!(matching.len(), 1, "code {r}{f}{m} matches {matching:?}");
                    per_segment[matching[0].segment.ladder_index()] += 1;
                }
            }
        }
        // Box sizes worked out from the table: champions 2·2·2 = 8; loyal
        // 2·2·3 + 1·2·5 = 22; potential loyalist 2·2·5 = 20; new, promising,
        // need attention 5 each; about to sleep 10; at risk 2·2·3 + 2·1·5 = 22;
        // can't lose them 8; hibernating 10; lost 10. Total 125, none empty.
        assert_eq!(per_segment, [8, 22, 20, 5, 5, 5, 10, 22, 8, 10, 10]);
    }

    #[test]
    fn table_is_in_ladder_order_with_unique_keys() {
        for (i, info) in SEGMENTS.iter().enumerate() {
            assert_eq!(info.segment.ladder_index(), i);
            assert_eq!(Segment::LADDER[i], info.segment);
            let json = serde_json::to_string(&info.segment).unwrap();
            assert_eq!(json, format!("\"{}\"", info.key));
            assert_eq!(Segment::from_key(info.key), Some(info.segment));
            for text in [
                info.label_fr,
                info.label_en,
                info.definition_fr,
                info.definition_en,
                info.action_fr,
                info.action_en,
            ] {
                assert!(!text.is_empty());
            }
        }
        let labels_fr: Vec<&str> = SEGMENTS.iter().map(|s| s.label_fr).collect();
        assert_eq!(
            labels_fr,
            [
                "Champions",
                "Fidèles",
                "Fidèles potentiels",
                "Nouveaux",
                "Prometteurs",
                "À surveiller",
                "En train de s'endormir",
                "À risque",
                "À ne pas perdre",
                "En hibernation",
                "Perdus"
            ]
        );
        let labels_en: Vec<&str> = SEGMENTS.iter().map(|s| s.label_en).collect();
        assert_eq!(
            labels_en,
            [
                "Champions",
                "Loyal",
                "Potential loyalist",
                "New",
                "Promising",
                "Need attention",
                "About to sleep",
                "At risk",
                "Can't lose them",
                "Hibernating",
                "Lost"
            ]
        );
    }

    #[test]
    fn smaller_bins_map_through_the_five_scale() {
        // 3 bins: 1, 2, 3 → 1, 3, 5.
        let map = SegmentMap::new(3, []);
        assert_eq!(map.segment(3, 3, 3), Segment::Champions); // 555
        assert_eq!(map.segment(3, 1, 2), Segment::New); // 513
        assert_eq!(map.segment(2, 2, 2), Segment::NeedAttention); // 333
        assert_eq!(map.segment(1, 3, 3), Segment::CantLoseThem); // 155
        assert_eq!(map.segment(1, 1, 1), Segment::Lost);
        // 4 bins: 1, 2, 3, 4 → 1, 2, 4, 5.
        let map = SegmentMap::new(4, []);
        assert_eq!(map.segment(3, 1, 1), Segment::Promising); // 411
        assert_eq!(map.segment(2, 1, 4), Segment::Hibernating); // 215
        assert_eq!(map.segment(3, 3, 2), Segment::Loyal); // 442
        for bins in 3..=5u8 {
            assert_eq!(
                SegmentMap::new(bins, []).table.len(),
                usize::from(bins).pow(3)
            );
        }
    }

    #[test]
    fn overrides_replace_single_codes() {
        let map = SegmentMap::new(5, [("545", Segment::Loyal), ("111", Segment::Hibernating)]);
        assert_eq!(map.segment(5, 4, 5), Segment::Loyal);
        assert_eq!(map.segment(5, 4, 4), Segment::Champions);
        assert_eq!(map.segment(1, 1, 1), Segment::Hibernating);
        assert_eq!(map.segment(1, 1, 2), Segment::Lost);
    }
}
