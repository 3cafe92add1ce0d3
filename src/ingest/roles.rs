//! Which column is which: headers are matched to [`Role`]s in French and
//! English, ignoring case, accents and punctuation.
//!
//! Every header gets a score per role (exact phrases score highest, then
//! telling word combinations, then lone generic words); roles are then
//! assigned greedily from the highest score down, each header and each role
//! used once. Among several amount columns the one with tax (`TTC`) wins
//! over the plain one, which wins over the one without tax (`HT`): the
//! amount the customer paid is what RFM and value analyses measure.

use std::collections::BTreeMap;

use super::options::Role;
use crate::error::{Error, Result};

/// Lowercase, accent-free, punctuation-free words of a header, with common
/// abbreviations spelled out (`N°` → `numero`, `Qté` → `quantite`, `CP`
/// stays `cp`) and French/English filler words (`de`, `du`, `of`, ...) dropped.
///
/// ```
/// use segmento::ingest::normalize_header;
/// assert_eq!(normalize_header("N° client"), "numero client");
/// assert_eq!(normalize_header("Date d'achat"), "date achat");
/// assert_eq!(normalize_header("CustomerID"), "customer id");
/// assert_eq!(normalize_header("  E-mail  "), "email");
/// ```
pub fn normalize_header(header: &str) -> String {
    let mut spaced = String::with_capacity(header.len() + 8);
    let mut previous: Option<char> = None;
    for c in header.chars() {
        // "CustomerID" → "Customer ID", "InvoiceDate" → "Invoice Date".
        if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase()) {
            spaced.push(' ');
        }
        match c {
            '°' | 'º' => spaced.push_str(" numero "),
            _ => match fold_accent(c) {
                Some(folded) => spaced.push_str(folded),
                None => spaced.push(c),
            },
        }
        previous = Some(c);
    }
    let mut words: Vec<String> = Vec::new();
    for raw in spaced.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let word = raw.to_lowercase();
        let word = match word.as_str() {
            "no" | "num" | "nr" | "nro" | "n" => "numero",
            "nb" | "nbr" | "nbre" => "nombre",
            "ref" => "reference",
            "qte" | "qty" | "quantity" | "qt" => "quantite",
            "identifiant" | "identifier" | "ident" => "id",
            "courriel" | "mail" | "mel" => "email",
            "cust" | "clt" => "customer",
            "dt" => "date",
            "de" | "d" | "du" | "des" | "la" | "le" | "l" | "of" | "the" | "en" | "a" | "au"
            | "aux" | "par" | "per" => continue,
            other => other,
        };
        // "e mail" → "email"
        if word == "email" && words.last().is_some_and(|w| w == "e") {
            words.pop();
        }
        // "n numero" (from "N°") → "numero"
        if word == "numero" && words.last().is_some_and(|w| w == "numero") {
            continue;
        }
        words.push(word.to_string());
    }
    words.join(" ")
}

fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'Î' | 'Ï' | 'Í' | 'Ì' => "I",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
        'ç' => "c",
        'Ç' => "C",
        'ñ' => "n",
        'Ñ' => "N",
        'ÿ' => "y",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        '€' => " euros ",
        _ => return None,
    })
}

const ID_WORDS: &[&str] = &[
    "numero",
    "code",
    "reference",
    "id",
    "key",
    "cle",
    "number",
    "matricule",
];
const CUSTOMER_WORDS: &[&str] = &[
    "client",
    "clients",
    "customer",
    "adherent",
    "acheteur",
    "buyer",
    "member",
    "membre",
    "contact",
    "user",
    "utilisateur",
    "compte",
    "account",
    "consommateur",
    "consumer",
    "porteur",
    "tiers",
    "shopper",
    "carte",
    "fidelite",
];
const NOT_CUSTOMER_ID: &[&str] = &[
    "nom",
    "name",
    "prenom",
    "email",
    "ville",
    "city",
    "postal",
    "postcode",
    "zip",
    "date",
    "type",
    "segment",
    "categorie",
    "category",
    "statut",
    "status",
    "age",
    "sexe",
    "canal",
    "channel",
    "telephone",
    "phone",
    "tel",
    "adresse",
    "address",
    "pays",
    "country",
    "commande",
    "order",
    "facture",
    "invoice",
    "montant",
    "amount",
    "total",
];
const ORDER_WORDS: &[&str] = &[
    "commande",
    "order",
    "facture",
    "invoice",
    "ticket",
    "transaction",
    "piece",
    "vente",
    "sale",
    "receipt",
    "bon",
    "document",
];
const ORDERS_PLURAL: &[&str] = &[
    "commandes",
    "orders",
    "achats",
    "purchases",
    "transactions",
    "factures",
    "tickets",
    "ventes",
    "visites",
    "invoices",
];
const DATE_EVENT_WORDS: &[&str] = &[
    "commande",
    "order",
    "facture",
    "invoice",
    "ticket",
    "transaction",
    "piece",
    "vente",
    "sale",
    "achat",
    "purchase",
    "operation",
    "paiement",
    "payment",
    "reglement",
    "encaissement",
    "livraison",
    "expedition",
    "validation",
];
const NOT_ORDER_DATE: &[&str] = &[
    "naissance",
    "birth",
    "inscription",
    "creation",
    "premier",
    "premiere",
    "dernier",
    "derniere",
    "first",
    "last",
    "latest",
    "modification",
    "update",
    "maj",
    "anniversaire",
    "expiration",
    "echeance",
    "fin",
    "debut",
    "relance",
    "export",
    "import",
];
const LAST_WORDS: &[&str] = &[
    "dernier", "derniere", "last", "latest", "recent", "recente", "most",
];
const FIRST_WORDS: &[&str] = &[
    "premier", "premiere", "first", "earliest", "initial", "initiale",
];
const AMOUNT_WORDS: &[&str] = &[
    "montant", "amount", "revenue", "revenu", "ca", "chiffre", "prix", "price", "total", "sales",
    "ventes", "valeur", "value", "somme", "sum", "turnover", "paye", "paid", "panier", "ttc",
];
const NOT_AMOUNT: &[&str] = &[
    "tva",
    "tax",
    "taxe",
    "taxes",
    "remise",
    "discount",
    "reduction",
    "frais",
    "port",
    "shipping",
    "livraison",
    "unitaire",
    "unit",
    "marge",
    "margin",
    "quantite",
    "nombre",
    "count",
    "poids",
    "weight",
    "cout",
    "cost",
    "acompte",
    "avoir",
    "moyen",
    "moyenne",
    "average",
    "avg",
    "mean",
    "cumul",
    "cumule",
    "lifetime",
    "achats",
    "commandes",
    "orders",
    "depense",
    "depenses",
    "spent",
    "taux",
    "rate",
    "date",
    "id",
    "numero",
    "code",
    "reference",
    "points",
    "solde",
];
const MARGIN_WORDS: &[&str] = &["marge", "margin", "profit", "benefice", "mb"];
const TOTAL_WORDS: &[&str] = &[
    "total", "totale", "totaux", "cumul", "cumule", "cumulee", "global", "globale", "lifetime",
];
const SPEND_WORDS: &[&str] = &[
    "achats",
    "ca",
    "depense",
    "depenses",
    "spent",
    "spend",
    "ventes",
    "sales",
    "revenue",
    "montant",
    "chiffre",
    "purchases",
    "value",
    "valeur",
];

/// Exact phrases (after [`normalize_header`]) and their scores.
fn exact_phrases(role: Role) -> &'static [(&'static str, u32)] {
    match role {
        Role::CustomerId => &[
            ("numero client", 100),
            ("code client", 100),
            ("reference client", 100),
            ("id client", 100),
            ("client id", 100),
            ("customer id", 100),
            ("customer number", 100),
            ("customer numero", 100),
            ("customer code", 100),
            ("customer reference", 100),
            ("numero adherent", 100),
            ("code adherent", 100),
            ("id adherent", 100),
            ("numero compte client", 100),
            ("compte client", 95),
            ("numero carte fidelite", 95),
            ("carte fidelite", 90),
            ("user id", 95),
            ("member id", 95),
            ("contact id", 95),
            ("buyer id", 95),
            ("client numero", 100),
            ("customer key", 95),
            ("id customer", 100),
            ("customerid", 100),
            ("clientid", 100),
            ("custid", 100),
            ("client", 75),
            ("customer", 75),
            ("adherent", 70),
            ("acheteur", 70),
            ("buyer", 70),
            ("member", 65),
            ("membre", 65),
            ("contact", 55),
            ("id", 50),
            ("code", 40),
            ("numero", 40),
            ("compte", 50),
            ("account", 50),
        ],
        Role::OrderDate => &[
            ("date", 95),
            ("date commande", 100),
            ("date achat", 100),
            ("date facture", 100),
            ("date vente", 100),
            ("date transaction", 100),
            ("order date", 100),
            ("invoice date", 100),
            ("purchase date", 100),
            ("transaction date", 100),
            ("sale date", 100),
            ("sales date", 100),
            ("date ticket", 100),
            ("date operation", 95),
            ("date paiement", 90),
            ("payment date", 90),
            ("date piece", 95),
            ("date heure", 90),
            ("datetime", 85),
            ("date time", 85),
            ("created at", 70),
            ("timestamp", 70),
            ("jour", 70),
            ("day", 60),
            ("date livraison", 60),
            ("date expedition", 60),
            ("date validation", 80),
            ("date reglement", 85),
            ("date encaissement", 85),
            ("date document", 90),
            ("order datetime", 100),
            ("invoicedate", 100),
            ("orderdate", 100),
            ("date creation commande", 95),
        ],
        Role::Amount => &[
            ("montant", 100),
            ("montant ttc", 100),
            ("montant ht", 100),
            ("amount", 100),
            ("revenue", 100),
            ("ca", 100),
            ("ca ttc", 100),
            ("ca ht", 100),
            ("chiffre affaires", 100),
            ("chiffre affaires ttc", 100),
            ("chiffre affaires ht", 100),
            ("total", 90),
            ("total ttc", 100),
            ("total ht", 100),
            ("prix", 90),
            ("prix total", 100),
            ("prix ttc", 95),
            ("prix total ttc", 100),
            ("prix total ht", 100),
            ("total price", 100),
            ("order total", 100),
            ("order amount", 100),
            ("montant commande", 100),
            ("montant total", 100),
            ("montant total ttc", 100),
            ("montant total ht", 100),
            ("montant facture", 100),
            ("montant vente", 100),
            ("sales", 90),
            ("sale amount", 100),
            ("sales amount", 100),
            ("total amount", 100),
            ("amount paid", 100),
            ("montant paye", 100),
            ("valeur", 80),
            ("value", 75),
            ("net amount", 95),
            ("montant net", 95),
            ("total net", 95),
            ("grand total", 95),
            ("subtotal", 70),
            ("price", 90),
            ("somme", 80),
            ("panier", 70),
            ("montant panier", 95),
            ("montant achat", 100),
            ("ventes", 80),
            ("total commande", 100),
            ("total facture", 100),
            ("total vente", 100),
            ("net payer", 90),
            ("montant regle", 90),
            ("turnover", 90),
            ("line total", 85),
            ("total ligne", 85),
            ("montant ligne", 85),
            ("invoice amount", 100),
            ("montant euros", 100),
            ("ttc", 85),
            ("totalprice", 100),
            ("total ttc euros", 100),
            ("montant ttc euros", 100),
        ],
        Role::OrderId => &[
            ("numero commande", 100),
            ("numero facture", 100),
            ("reference commande", 100),
            ("id commande", 100),
            ("commande id", 100),
            ("order id", 100),
            ("order number", 100),
            ("order numero", 100),
            ("order reference", 100),
            ("invoice", 90),
            ("invoice numero", 100),
            ("invoice number", 100),
            ("invoice id", 100),
            ("invoiceno", 100),
            ("orderid", 100),
            ("numero ticket", 100),
            ("ticket id", 100),
            ("transaction id", 100),
            ("id transaction", 100),
            ("numero transaction", 100),
            ("numero piece", 95),
            ("reference facture", 100),
            ("code commande", 100),
            ("order", 80),
            ("commande", 80),
            ("facture", 75),
            ("ticket", 75),
            ("transaction", 70),
            ("order reference", 100),
            ("numero vente", 95),
            ("id vente", 95),
            ("sale id", 95),
            ("receipt", 70),
            ("numero bon", 85),
            ("bon commande", 90),
            ("numero bon commande", 100),
            ("numero document", 70),
            ("document", 45),
            ("piece", 65),
            ("order name", 85),
        ],
        Role::Margin => &[
            ("marge", 100),
            ("marge brute", 100),
            ("marge nette", 95),
            ("margin", 100),
            ("gross margin", 100),
            ("profit", 90),
            ("benefice", 90),
            ("mb", 80),
            ("marge ttc", 95),
            ("marge ht", 100),
            ("marge euros", 100),
            ("gross profit", 95),
            ("marge commerciale", 100),
        ],
        Role::Quantity => &[
            ("quantite", 100),
            ("nombre articles", 100),
            ("articles", 70),
            ("units", 80),
            ("unites", 80),
            ("nombre produits", 100),
            ("items", 70),
            ("nombre items", 100),
            ("pieces", 70),
            ("volume", 60),
            ("nombre pieces", 95),
            ("nombre unites", 100),
        ],
        Role::Channel => &[
            ("canal", 100),
            ("canal vente", 100),
            ("channel", 100),
            ("sales channel", 100),
            ("origine", 90),
            ("source", 80),
            ("provenance", 85),
            ("circuit", 80),
            ("canal distribution", 100),
            ("canal achat", 100),
            ("canal commande", 100),
            ("mode vente", 90),
            ("type vente", 85),
            ("point vente", 75),
            ("magasin", 65),
            ("boutique", 65),
            ("store", 65),
            ("shop", 60),
            ("medium", 70),
            ("canal acquisition", 90),
            ("origine commande", 95),
            ("source commande", 90),
            ("order source", 90),
            ("order channel", 100),
            ("support", 50),
            ("plateforme", 60),
            ("platform", 60),
            ("lieu achat", 75),
            ("lieu vente", 75),
            ("type commande", 60),
            ("source name", 70),
        ],
        Role::Name => &[
            ("nom", 100),
            ("name", 95),
            ("nom client", 100),
            ("customer name", 100),
            ("client name", 100),
            ("nom complet", 100),
            ("full name", 100),
            ("raison sociale", 90),
            ("societe", 70),
            ("company", 70),
            ("nom prenom", 100),
            ("prenom nom", 100),
            ("last name", 90),
            ("nom famille", 90),
            ("surname", 90),
            ("prenom", 60),
            ("first name", 60),
            ("contact name", 90),
            ("nom contact", 90),
            ("denomination", 70),
            ("libelle client", 80),
            ("billing name", 85),
        ],
        Role::Email => &[
            ("email", 100),
            ("adresse email", 100),
            ("email address", 100),
            ("email client", 100),
            ("customer email", 100),
        ],
        Role::Postcode => &[
            ("code postal", 100),
            ("cp", 90),
            ("postcode", 100),
            ("post code", 100),
            ("postal code", 100),
            ("zip", 95),
            ("zip code", 100),
            ("zipcode", 100),
            ("code post", 90),
            ("cpostal", 90),
            ("npa", 80),
            ("billing zip", 95),
        ],
        Role::City => &[
            ("ville", 100),
            ("city", 100),
            ("commune", 90),
            ("localite", 90),
            ("town", 90),
            ("billing city", 95),
        ],
        Role::BirthDate => &[
            ("date naissance", 100),
            ("naissance", 90),
            ("birth date", 100),
            ("birthdate", 100),
            ("date birth", 100),
            ("dob", 90),
            ("birthday", 90),
            ("ddn", 80),
            ("anniversaire", 70),
            ("date anniversaire", 80),
        ],
        Role::Age => &[
            ("age", 100),
            ("age client", 100),
            ("customer age", 100),
            ("tranche age", 70),
            ("age range", 70),
        ],
        Role::Sex => &[
            ("sexe", 100),
            ("sex", 100),
            ("genre", 90),
            ("gender", 100),
            ("civilite", 90),
            ("civility", 90),
            ("titre", 50),
            ("title", 50),
            ("salutation", 70),
        ],
        Role::LastPurchase => &[
            ("date dernier achat", 100),
            ("dernier achat", 100),
            ("derniere commande", 100),
            ("date derniere commande", 100),
            ("last purchase", 100),
            ("last purchase date", 100),
            ("last order", 100),
            ("last order date", 100),
            ("date last purchase", 100),
            ("date last order", 100),
            ("derniere facture", 95),
            ("date derniere facture", 100),
            ("derniere visite", 85),
            ("date derniere visite", 90),
            ("last visit", 85),
            ("derniere transaction", 95),
            ("last transaction", 95),
            ("date dernier passage", 90),
            ("dernier passage", 85),
            ("last seen", 70),
        ],
        Role::FirstPurchase => &[
            ("date premier achat", 100),
            ("premier achat", 100),
            ("premiere commande", 100),
            ("date premiere commande", 100),
            ("first purchase", 100),
            ("first purchase date", 100),
            ("first order", 100),
            ("first order date", 100),
            ("client depuis", 85),
            ("customer since", 85),
            ("date premiere facture", 100),
            ("premiere facture", 95),
            ("date first order", 100),
            ("date first purchase", 100),
        ],
        Role::OrderCount => &[
            ("nombre commandes", 100),
            ("nombre achats", 100),
            ("nombre factures", 100),
            ("nombre transactions", 100),
            ("nombre tickets", 100),
            ("nombre visites", 90),
            ("number orders", 100),
            ("order count", 100),
            ("orders count", 100),
            ("commandes", 75),
            ("orders", 75),
            ("achats", 60),
            ("frequence", 90),
            ("frequency", 90),
            ("frequence achat", 95),
            ("purchase count", 100),
            ("total orders", 95),
            ("total commandes", 85),
            ("nombre total commandes", 100),
            ("transactions", 60),
            ("count orders", 100),
            ("number purchases", 100),
            ("nombre total achats", 100),
            ("nombre", 40),
            ("count", 40),
        ],
        Role::TotalAmount => &[
            ("total achats", 100),
            ("ca total", 100),
            ("total depense", 100),
            ("total spent", 100),
            ("montant total achats", 100),
            ("total ca", 100),
            ("ca cumule", 100),
            ("montant cumule", 100),
            ("cumul achats", 100),
            ("cumul ca", 100),
            ("total revenue", 90),
            ("lifetime value", 80),
            ("ltv", 70),
            ("clv", 70),
            ("monetary", 90),
            ("montant total commandes", 100),
            ("ca client", 80),
            ("total ventes", 90),
            ("total sales", 85),
            ("total purchases", 70),
            ("depense totale", 100),
            ("total depenses", 100),
            ("valeur totale", 80),
            ("ca total ttc", 100),
            ("ca total ht", 100),
            ("amount spent", 95),
            ("total amount spent", 100),
            ("chiffre affaires total", 100),
            ("chiffre affaires cumule", 100),
        ],
        Role::TotalMargin => &[
            ("marge totale", 100),
            ("total marge", 100),
            ("marge cumulee", 100),
            ("cumul marge", 100),
            ("total margin", 100),
            ("marge totale ht", 100),
            ("total profit", 90),
        ],
    }
}

fn any(words: &[&str], set: &[&str]) -> bool {
    words.iter().any(|w| set.contains(w))
}

/// How well a normalized header fits a role (0: not at all).
fn score(role: Role, phrase: &str) -> u32 {
    if phrase.is_empty() {
        return 0;
    }
    let words: Vec<&str> = phrase.split(' ').collect();
    let exact = exact_phrases(role)
        .iter()
        .find(|(p, _)| *p == phrase)
        .map_or(0, |&(_, s)| s);
    let has = |w: &str| words.contains(&w);
    let combined = match role {
        Role::CustomerId => {
            if any(&words, ID_WORDS) && any(&words, CUSTOMER_WORDS) && !any(&words, NOT_CUSTOMER_ID)
            {
                85
            } else {
                0
            }
        }
        Role::OrderDate => {
            if has("date") && !any(&words, NOT_ORDER_DATE) {
                if any(&words, DATE_EVENT_WORDS) {
                    90
                } else {
                    65
                }
            } else {
                0
            }
        }
        Role::Amount => {
            if any(&words, AMOUNT_WORDS)
                && !any(&words, NOT_AMOUNT)
                && !(has("prix") && has("achat"))
            {
                75
            } else {
                0
            }
        }
        Role::OrderId => {
            if any(&words, ID_WORDS)
                && any(&words, ORDER_WORDS)
                && !any(
                    &words,
                    &["date", "montant", "amount", "total", "client", "customer"],
                )
            {
                88
            } else {
                0
            }
        }
        Role::Margin => {
            if any(&words, MARGIN_WORDS)
                && !any(&words, &["taux", "rate", "pourcentage", "percent", "pct"])
                && !any(&words, TOTAL_WORDS)
            {
                80
            } else {
                0
            }
        }
        Role::Quantity => u32::from(has("quantite")) * 90,
        Role::Channel => {
            if any(&words, &["canal", "channel"]) {
                90
            } else if any(&words, &["origine", "provenance"]) {
                80
            } else {
                0
            }
        }
        Role::Name => {
            let not_person = [
                "produit",
                "product",
                "article",
                "item",
                "vendeur",
                "seller",
                "commercial",
                "magasin",
                "store",
                "boutique",
                "ville",
                "city",
                "rue",
                "street",
                "fichier",
                "file",
                "campagne",
                "campaign",
                "canal",
                "channel",
            ];
            if any(&words, &["nom", "name"]) && !any(&words, &not_person) {
                80
            } else {
                0
            }
        }
        Role::Email => u32::from(has("email")) * 90,
        Role::Postcode => u32::from(any(&words, &["postal", "postcode", "zip", "zipcode"])) * 90,
        Role::City => {
            u32::from(any(&words, &["ville", "city"]) && !any(&words, &["naissance", "birth"])) * 85
        }
        Role::BirthDate => u32::from(any(&words, &["naissance", "birth", "birthday"])) * 90,
        Role::Age => u32::from(has("age")) * 80,
        Role::Sex => u32::from(any(&words, &["sexe", "sex", "gender", "genre", "civilite"])) * 85,
        Role::LastPurchase => {
            let event = has("date")
                || any(&words, DATE_EVENT_WORDS)
                || any(&words, ORDERS_PLURAL)
                || has("visite");
            u32::from(any(&words, LAST_WORDS) && event) * 90
        }
        Role::FirstPurchase => {
            let event = any(&words, DATE_EVENT_WORDS) || any(&words, ORDERS_PLURAL);
            u32::from(any(&words, FIRST_WORDS) && event) * 90
        }
        Role::OrderCount => {
            let counting = any(
                &words,
                &["nombre", "count", "number", "frequence", "frequency"],
            );
            let orders = any(&words, ORDERS_PLURAL) || any(&words, ORDER_WORDS) || has("achat");
            if counting && orders && !any(&words, &["date", "montant", "amount", "id", "numero"]) {
                90
            } else if has("total")
                && any(
                    &words,
                    &[
                        "commandes",
                        "orders",
                        "transactions",
                        "factures",
                        "tickets",
                        "visites",
                    ],
                )
            {
                80
            } else {
                0
            }
        }
        Role::TotalAmount => {
            let totalling = any(&words, TOTAL_WORDS);
            if totalling
                && any(&words, SPEND_WORDS)
                && !any(&words, MARGIN_WORDS)
                && !any(&words, &["nombre", "count", "moyen", "average"])
            {
                90
            } else {
                0
            }
        }
        Role::TotalMargin => u32::from(any(&words, TOTAL_WORDS) && any(&words, MARGIN_WORDS)) * 95,
    };
    let base = exact.max(combined);
    if base == 0 {
        return 0;
    }
    // Preference among amount-like columns: TTC over plain over HT.
    let tax_bonus = match role {
        Role::Amount | Role::TotalAmount | Role::Margin | Role::TotalMargin => {
            if has("ttc") {
                3
            } else if has("ht") {
                0
            } else {
                2
            }
        }
        _ => 0,
    };
    base + tax_bonus
}

/// Roles matched to header indexes, with the notes the matching produced.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleMatch {
    pub(crate) columns: BTreeMap<Role, usize>,
    pub(crate) notes: Vec<crate::labels::Note>,
}

/// Match headers to roles: the caller's overrides first, then the best
/// guesses for the rest.
pub(crate) fn match_roles(
    headers: &[String],
    overrides: &BTreeMap<Role, String>,
) -> Result<RoleMatch> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let mut result = RoleMatch::default();
    let mut taken = vec![false; headers.len()];
    let mut fixed: Vec<Role> = Vec::new();
    for (&role, wanted) in overrides {
        fixed.push(role);
        if wanted.trim().is_empty() {
            continue;
        }
        let index = headers
            .iter()
            .position(|h| h == wanted)
            .or_else(|| headers.iter().position(|h| h.trim() == wanted.trim()))
            .or_else(|| {
                let target = normalize_header(wanted);
                normalized.iter().position(|n| *n == target)
            })
            .ok_or_else(|| {
                Error::invalid_params(
                    format!("input.columns.{}", role.key()),
                    crate::error_messages::COLUMN_NOT_NAMED
                        .with(&[("name", &wanted), ("headers", &list_headers(headers))]),
                )
            })?;
        taken[index] = true;
        result.columns.insert(role, index);
    }
    let mut candidates: Vec<(u32, Role, usize)> = Vec::new();
    for (index, phrase) in normalized.iter().enumerate() {
        for role in Role::ALL {
            let s = score(role, phrase);
            if s > 0 {
                candidates.push((s, role, index));
            }
        }
    }
    // Highest score first; ties go to the earlier role, then the earlier column.
    crate::sorting::sort_by(&mut candidates, |a, b| {
        b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    });
    for &(_, role, index) in &candidates {
        if taken[index] || result.columns.contains_key(&role) || fixed.contains(&role) {
            continue;
        }
        taken[index] = true;
        result.columns.insert(role, index);
    }
    // Say when another column could have served a main role.
    for role in [
        Role::CustomerId,
        Role::OrderDate,
        Role::Amount,
        Role::Margin,
        Role::TotalAmount,
        Role::LastPurchase,
    ] {
        let Some(&chosen) = result.columns.get(&role) else {
            continue;
        };
        if fixed.contains(&role) {
            continue;
        }
        let chosen_score = score(role, &normalized[chosen]);
        let others: Vec<&str> = candidates
            .iter()
            .filter(|&&(s, r, i)| {
                r == role
                    && i != chosen
                    && !taken_by_other(&result.columns, i)
                    && s + 10 >= chosen_score
                    && s >= 75
            })
            .map(|&(_, _, i)| headers[i].as_str())
            .collect();
        if !others.is_empty() {
            result.notes.push(super::notes::several_candidates(
                role,
                &headers[chosen],
                &others,
            ));
        }
    }
    Ok(result)
}

fn taken_by_other(columns: &BTreeMap<Role, usize>, index: usize) -> bool {
    columns.values().any(|&i| i == index)
}

/// A role in plain words, for messages.
pub(crate) fn describe_role(role: Role) -> &'static str {
    match role {
        Role::CustomerId => "customer id",
        Role::OrderDate => "order date",
        Role::Amount => "amount",
        Role::OrderId => "order number",
        Role::Margin => "margin",
        Role::Quantity => "quantity",
        Role::Channel => "channel",
        Role::Name => "name",
        Role::Email => "e-mail",
        Role::Postcode => "postcode",
        Role::City => "city",
        Role::BirthDate => "birth date",
        Role::Age => "age",
        Role::Sex => "sex",
        Role::LastPurchase => "last purchase date",
        Role::FirstPurchase => "first purchase date",
        Role::OrderCount => "number of orders",
        Role::TotalAmount => "total amount",
        Role::TotalMargin => "total margin",
    }
}

/// Headers quoted and comma separated, for error messages.
pub(crate) fn list_headers(headers: &[String]) -> String {
    if headers.is_empty() {
        return "(none)".into();
    }
    headers
        .iter()
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Guess the role of each header (no overrides), as the mapping screen
/// proposes it.
///
/// ```
/// use segmento::ingest::{guess_roles, Role};
/// let headers: Vec<String> = ["N° client", "Date de commande", "Montant HT", "Montant TTC", "Canal"]
///     .iter().map(|h| h.to_string()).collect();
/// let roles = guess_roles(&headers);
/// assert_eq!(roles[&Role::CustomerId], "N° client");
/// assert_eq!(roles[&Role::OrderDate], "Date de commande");
/// assert_eq!(roles[&Role::Amount], "Montant TTC");
/// assert_eq!(roles[&Role::Channel], "Canal");
/// ```
pub fn guess_roles(headers: &[String]) -> BTreeMap<Role, String> {
    match_roles(headers, &BTreeMap::new())
        .map(|m| {
            m.columns
                .into_iter()
                .map(|(role, index)| (role, headers[index].clone()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(headers: &[&str]) -> BTreeMap<Role, String> {
        guess_roles(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn recognises_the_issue_examples() {
        for header in [
            "N° client",
            "Code client",
            "Réf client",
            "CustomerID",
            "Numéro client",
            "ID client",
            "Client",
            "Customer ID",
        ] {
            assert_eq!(
                roles(&[header, "Date", "Montant"])
                    .get(&Role::CustomerId)
                    .map(String::as_str),
                Some(header),
                "{header}"
            );
        }
        for header in [
            "Date de commande",
            "Date facture",
            "InvoiceDate",
            "Date",
            "Date d'achat",
            "Date vente",
            "Order Date",
        ] {
            assert_eq!(
                roles(&["Client", header, "Montant"])
                    .get(&Role::OrderDate)
                    .map(String::as_str),
                Some(header),
                "{header}"
            );
        }
        for header in [
            "Montant TTC",
            "Montant HT",
            "CA",
            "Total",
            "Amount",
            "Revenue",
            "Montant",
            "Prix total",
            "Chiffre d'affaires",
            "Total TTC",
            "Montant (€)",
        ] {
            assert_eq!(
                roles(&["Client", "Date", header])
                    .get(&Role::Amount)
                    .map(String::as_str),
                Some(header),
                "{header}"
            );
        }
        for header in ["Marge", "Marge brute", "Margin"] {
            assert_eq!(
                roles(&["Client", "Date", "Montant", header])
                    .get(&Role::Margin)
                    .map(String::as_str),
                Some(header)
            );
        }
        for header in ["Canal", "Origine", "Channel", "Canal de vente"] {
            assert_eq!(
                roles(&["Client", "Date", "Montant", header])
                    .get(&Role::Channel)
                    .map(String::as_str),
                Some(header)
            );
        }
        for header in [
            "N° commande",
            "Numéro de facture",
            "Order ID",
            "Invoice",
            "InvoiceNo",
        ] {
            assert_eq!(
                roles(&["Client", "Date", "Montant", header])
                    .get(&Role::OrderId)
                    .map(String::as_str),
                Some(header),
                "{header}"
            );
        }
    }

    #[test]
    fn attributes_are_not_taken_for_ids() {
        let found = roles(&[
            "Code client",
            "Nom client",
            "E-mail",
            "Code postal client",
            "Ville",
            "Date de naissance",
            "Âge",
            "Sexe",
            "Qté",
            "Date",
            "Montant",
        ]);
        assert_eq!(found[&Role::CustomerId], "Code client");
        assert_eq!(found[&Role::Name], "Nom client");
        assert_eq!(found[&Role::Email], "E-mail");
        assert_eq!(found[&Role::Postcode], "Code postal client");
        assert_eq!(found[&Role::City], "Ville");
        assert_eq!(found[&Role::BirthDate], "Date de naissance");
        assert_eq!(found[&Role::Age], "Âge");
        assert_eq!(found[&Role::Sex], "Sexe");
        assert_eq!(found[&Role::Quantity], "Qté");
        assert_eq!(found[&Role::OrderDate], "Date");
    }

    #[test]
    fn customer_level_headers() {
        let found = roles(&[
            "Code client",
            "Date dernier achat",
            "Date premier achat",
            "Nb commandes",
            "CA total",
            "Marge totale",
        ]);
        assert_eq!(found[&Role::LastPurchase], "Date dernier achat");
        assert_eq!(found[&Role::FirstPurchase], "Date premier achat");
        assert_eq!(found[&Role::OrderCount], "Nb commandes");
        assert_eq!(found[&Role::TotalAmount], "CA total");
        assert_eq!(found[&Role::TotalMargin], "Marge totale");
        let shopify = roles(&[
            "Customer ID",
            "Total Spent",
            "Total Orders",
            "Last Order Date",
        ]);
        assert_eq!(shopify[&Role::TotalAmount], "Total Spent");
        assert_eq!(shopify[&Role::OrderCount], "Total Orders");
        assert_eq!(shopify[&Role::LastPurchase], "Last Order Date");
        let french = roles(&[
            "Client",
            "Nombre de commandes",
            "Total achats",
            "Dernière commande",
        ]);
        assert_eq!(french[&Role::OrderCount], "Nombre de commandes");
        assert_eq!(french[&Role::TotalAmount], "Total achats");
        assert_eq!(french[&Role::LastPurchase], "Dernière commande");
    }

    #[test]
    fn overrides_win_and_unknown_headers_are_errors() {
        let headers: Vec<String> = ["Client", "Date", "Montant TTC", "Montant HT"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let mut overrides = BTreeMap::new();
        overrides.insert(Role::Amount, "montant ht".to_string());
        let matched = match_roles(&headers, &overrides).unwrap();
        assert_eq!(matched.columns[&Role::Amount], 3);
        overrides.insert(Role::Amount, "Prix".to_string());
        let err = match_roles(&headers, &overrides).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid setting input.columns.amount: no column is named"),
            "{err}"
        );
        assert!(err.to_string().contains("\"Montant HT\""), "{err}");
        let matched = match_roles(&headers, &BTreeMap::new()).unwrap();
        assert!(
            matched.notes[0]
                .en
                .contains("\"Montant TTC\" was used rather than \"Montant HT\""),
            "{:?}",
            matched.notes
        );
    }
}
