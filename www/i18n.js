// Every user-facing string of the page, in French and English, and the
// locale-aware number and date formats.
//
// French when the browser's language starts with "fr", English otherwise;
// the toggle's choice is remembered. Entries are strings with `{name}`
// placeholders, or functions of the parameters (for plurals).

const NBSP = '\u00a0';
const STORAGE_KEY = 'segmento.language';

const fr = {
  skip_to_content: 'Aller au contenu',
  tagline: 'Segmentation clients, sans que vos données quittent votre poste',
  lang_toggle: 'English',
  lang_toggle_label: 'Switch to English',
  close: 'Fermer',
  loading: 'Chargement…',

  landing_title: 'Segmentez vos clients en un glisser-déposer',
  landing_lead: `Déposez l'export de vos commandes${NBSP}: segments RFM, classes ABC, points de valeur et un rapport prêt à partager, en quelques secondes.`,
  drop_title: 'Déposez votre fichier ici',
  drop_sub: 'ou cliquez pour le choisir sur votre ordinateur',
  drop_formats: 'CSV (toutes variantes), Excel .xlsx et .xls, OpenDocument .ods',
  drop_overlay: "Déposez le fichier pour l'analyser",
  drop_while_running: "Une analyse est en cours : annulez-la avant de déposer un autre fichier.",
  drop_many: 'Un seul fichier à la fois : « {name} » est analysé.',
  demo_button: 'Essayer avec le fichier de démonstration',
  demo_missing: "Le fichier de démonstration n'a pas pu être chargé (HTTP {status}).",
  engine_loading: "Préparation du moteur d'analyse…",
  privacy_promise: `«${NBSP}Vos données ne quittent jamais votre navigateur${NBSP}»`,
  privacy_detail: `${NBSP}: le fichier est lu et analysé sur votre ordinateur, rien n'est envoyé sur Internet.`,
  features_label: 'Ce que vous obtenez',
  feature_rfm_title: 'Segments RFM',
  feature_rfm_text: `Récence, fréquence, montant${NBSP}: 11 segments nommés, de «${NBSP}Champions${NBSP}» à «${NBSP}Perdus${NBSP}», avec l'action recommandée pour chacun.`,
  feature_abc_title: 'Classes ABC',
  feature_abc_text: "La courbe de Pareto de votre chiffre d'affaires et les clients qui le portent.",
  feature_points_title: 'Points de valeur',
  feature_points_text: 'Le barème à points des cabinets conseil, année par année, et cinq paliers de clients.',
  help_summary: 'Quel fichier utiliser ?',
  help_orders: `Un export de commandes, une ligne par commande (ou facture, ticket), avec au moins un identifiant client, une date et un montant. Les en-têtes français et anglais sont reconnus${NBSP}: «${NBSP}N° client${NBSP}», «${NBSP}Date de commande${NBSP}», «${NBSP}Montant TTC${NBSP}», «${NBSP}CustomerID${NBSP}», «${NBSP}InvoiceDate${NBSP}», «${NBSP}Amount${NBSP}»…`,
  help_customers: `Un export clients convient aussi${NBSP}: une ligne par client, avec la date du dernier achat, le nombre de commandes et le total acheté.`,
  help_optional: `Facultatif${NBSP}: numéro de commande (pour écarter les doublons), marge, canal, nom, e-mail, code postal, ville.`,

  mapping_title: 'Vérifiez la lecture du fichier',
  mapping_sub: `Tout a été détecté automatiquement${NBSP}; corrigez si besoin puis lancez l'analyse.`,
  detected_title: 'Format détecté',
  dialect_format: 'Format',
  dialect_sheet: 'Feuille',
  dialect_encoding: 'Encodage',
  dialect_delimiter: 'Séparateur de colonnes',
  dialect_decimal: 'Séparateur décimal',
  dialect_date_order: 'Ordre des dates',
  dialect_shape: 'Une ligne par',
  auto_detected: '{value} (détecté)',
  'format.csv': 'CSV (texte)',
  'format.text': 'Texte délimité',
  'format.xlsx': 'Excel (.xlsx)',
  'format.xls': 'Excel 97-2003 (.xls)',
  'format.ods': 'OpenDocument (.ods)',
  'encoding.utf-8': 'UTF-8',
  'encoding.utf-8-bom': 'UTF-8 avec BOM',
  'encoding.windows-1252': 'Windows-1252',
  'encoding.iso-8859-15': 'ISO-8859-15 (Latin-9)',
  'encoding.utf-16le': 'UTF-16 LE',
  'encoding.utf-16be': 'UTF-16 BE',
  'delimiter.semicolon': 'point-virgule ;',
  'delimiter.comma': 'virgule ,',
  'delimiter.tab': 'tabulation',
  'delimiter.pipe': 'barre verticale |',
  'delimiter.other': 'autre',
  'decimal.comma': 'virgule : 12,50',
  'decimal.dot': 'point : 12.50',
  'date_order.day_first': 'jj/mm/aaaa',
  'date_order.month_first': 'mm/jj/aaaa',
  'date_order.year_first': 'aaaa-mm-jj',
  date_order_assumed: "Toutes les dates lues sont ambiguës (jour et mois ≤ 12) : l'ordre jour/mois a été supposé. Vérifiez l'aperçu.",
  'shape.orders': 'commande',
  'shape.customers': 'client',
  roles_title: 'Rôle des colonnes',
  roles_sub: 'Les colonnes marquées * sont obligatoires.',
  roles_optional: 'Colonnes facultatives',
  roles_missing: `Choisissez la colonne pour${NBSP}: {roles}.`,
  role_choose: '— choisir une colonne —',
  role_unused: '— non utilisée —',
  column_n: 'colonne {n} (sans en-tête)',
  'role.customer_id': 'Identifiant client',
  'role.order_date': 'Date de commande',
  'role.amount': 'Montant',
  'role.order_id': 'Numéro de commande',
  'role.margin': 'Marge',
  'role.quantity': 'Quantité',
  'role.channel': 'Canal',
  'role.name': 'Nom',
  'role.email': 'E-mail',
  'role.postcode': 'Code postal',
  'role.city': 'Ville',
  'role.birth_date': 'Date de naissance',
  'role.age': 'Âge',
  'role.sex': 'Sexe / civilité',
  'role.last_purchase': 'Date du dernier achat',
  'role.first_purchase': 'Date du premier achat',
  'role.order_count': 'Nombre de commandes',
  'role.total_amount': 'Montant total',
  'role.total_margin': 'Marge totale',
  preview_title: "Aperçu des 20 premières lignes, telles qu'elles seront lues",
  preview_sub: `Dates et montants sont affichés après lecture${NBSP}: vérifiez qu'ils correspondent au fichier. Les cellules illisibles sont signalées en rouge.`,
  preview_line: 'Ligne',
  preview_empty: "Aucune ligne de données n'a été trouvée au début du fichier.",
  preview_empty_cell: '(vide)',

  settings_title: "Réglages de l'analyse",
  settings_reset: 'Rétablir les valeurs par défaut',
  settings_saved_hint: 'Les réglages sont mémorisés dans ce navigateur ; vos données, jamais.',
  settings_changed: (p) => (p.count === 1 ? '1 réglage modifié' : `${p.count} réglages modifiés`),
  setting_auto: 'automatique',
  setting_as_of_default: 'Pour ce fichier, la dernière commande date du {date}.',
  settings_group_general: 'Général',
  settings_group_rfm: 'RFM',
  settings_group_abc: 'ABC (Pareto)',
  settings_group_points: 'Points de valeur',
  settings_group_migrations: 'Migrations entre deux dates',
  settings_group_survival: 'Survie (durée de vie client)',
  settings_group_cohorts: 'Cohortes',
  settings_advanced: 'Avancé',
  'setting.migrations.compare_date': 'Date de comparaison',
  'setting_help.migrations.compare_date': "Vide : un an avant la date de référence. Les segments à cette date sont comparés à ceux d'aujourd'hui.",
  'setting.migrations.min_flow_customers': 'Clients minimum par flux affiché',
  'setting.migrations.headline_flows': 'Flux mis en avant',
  'setting.survival.inactivity_days': "Jours sans achat avant qu'un client soit considéré perdu",
  'setting.survival.censoring': 'Censure',
  'setting_option.survival.censoring.lapse_horizon': "à l'horizon d'inactivité",
  'setting_option.survival.censoring.as_of': 'à la date de référence',
  'setting.survival.confidence': 'Niveau de confiance',
  'setting.survival.min_group_customers': 'Clients minimum par groupe',
  'setting.survival.suggestion_quantile': 'Quantile pour le délai suggéré',
  'setting.survival.max_curve_points': 'Points de courbe maximum',
  'setting.cohorts.period': 'Cohortes par',
  'setting_option.cohorts.period.month': 'mois',
  'setting_option.cohorts.period.quarter': 'trimestre',
  'setting.cohorts.max_periods': 'Périodes suivies au plus',
  'setting.cohorts.max_cohorts': 'Cohortes au plus',
  settings_group_predict: 'Prédiction',
  settings_group_cross: 'Croisements',
  settings_group_campaign: 'Campagne',
  settings_group_dynamics: 'Dynamique',
  'setting.input.as_of': 'Date de référence',
  'setting_help.input.as_of': "Les récences sont comptées jusqu'à cette date. Vide : la date de la dernière commande du fichier. Vaut pour ce fichier seulement.",
  'setting.rfm.bins': 'Nombre de classes par dimension',
  'setting_help.rfm.bins': 'Quintiles (5), quartiles (4) ou terciles (3) des clients.',
  'setting.rfm.monetary': 'Montant (M) mesuré par',
  'setting_option.rfm.monetary.revenue': "le chiffre d'affaires net",
  'setting_option.rfm.monetary.average_order_value': 'le panier moyen',
  'setting.rfm.thresholds': 'Seuils personnalisés',
  'setting_help.rfm.thresholds': 'Vide : seuils aux quantiles des clients. Sinon, les valeurs de coupure séparées par « ; », par ex. 30 ; 90 ; 180 ; 365.',
  'setting.rfm.thresholds.recency': 'Récence (jours)',
  'setting.rfm.thresholds.frequency': "Fréquence (jours d'achat)",
  'setting.rfm.thresholds.monetary': 'Montant (€)',
  'setting.abc.basis': 'Classer les clients selon',
  'setting_option.abc.basis.revenue': "le chiffre d'affaires",
  'setting_option.abc.basis.margin': 'la marge',
  'setting.abc.a_cutoff': 'Limite de la classe A',
  'setting.abc.b_cutoff': 'Limite de la classe B',
  'setting_help.abc.a_cutoff': "Part cumulée du chiffre d'affaires couverte par la classe A (80 % par défaut).",
  'setting_help.abc.b_cutoff': 'Part cumulée couverte par les classes A et B (95 % par défaut).',
  'setting.points.window_years': 'Fenêtre (années)',
  'setting_help.points.window_years': 'Les années précédant la date de référence qui sont notées (de 1 à 5).',
  'setting.points.aggregation': 'Points de la fenêtre',
  'setting_option.points.aggregation.sum': 'somme des années',
  'setting_option.points.aggregation.annual_average': 'moyenne annuelle',
  'setting.points.tiers': 'Nombre de paliers',
  'setting.points.tier_thresholds': 'Seuils des paliers (points)',
  'setting_help.points.tier_thresholds': 'Vide : aux quantiles des scores. Sinon, les seuils croissants séparés par « ; ».',
  'setting.points.margin_rate': 'Taux de marge si le fichier n’a pas de marge',
  'setting_help.points.margin_rate': 'Vide : les points de marge ne sont pas comptés quand le fichier n’a pas de colonne marge.',
  'setting.points.purchase_bonus': 'Bonus par achat (points)',
  'setting.points.revenue_scale': "Barème du chiffre d'affaires annuel",
  'setting.points.margin_scale': 'Barème de la marge annuelle',
  'setting_key.bands': 'Tranches (de la plus haute à la plus basse)',
  'setting_key.base_points': 'Points en dessous de la dernière tranche',
  'setting_column.from': 'à partir de (€)',
  'setting_column.from_inclusive': 'inclus',
  'setting_column.points': 'points',
  setting_row_actions: 'Actions',
  setting_add_row: '+ Ajouter une tranche',
  setting_remove_row: 'Supprimer la tranche {n}',

  run: "Lancer l'analyse",
  change_file: 'Choisir un autre fichier',
  running_title: 'Analyse en cours',
  cancel: 'Annuler',
  cancelled: "Analyse annulée. Vous pouvez modifier les réglages, la relancer ou choisir un autre fichier.",
  progress_reading: 'Lecture du fichier… {percent}',
  progress_reading_bytes: 'Lecture du fichier… {percent} ({done} sur {total})',
  'stage.ingest': 'Résumé par client…',
  'stage.customers': 'Résumé par client…',
  'stage.rfm': 'Segmentation RFM…',
  'stage.abc': 'Classes ABC…',
  'stage.points': 'Points de valeur…',
  'stage.predict': 'Prédictions…',
  'stage.cross': 'Croisements…',
  'stage.campaign': 'Campagne…',
  'stage.dynamics': 'Dynamique…',
  'stage.report': 'Graphiques et rapport…',
  'stage.charts': 'Graphiques…',

  results_title: 'Résultats de la segmentation',
  results_as_of: 'date de référence {date}',
  edit_settings: 'Modifier les réglages',
  new_file: 'Analyser un autre fichier',
  kpis_label: 'Chiffres clés',
  kpi_customers: 'Clients',
  kpi_revenue: "Chiffre d'affaires",
  kpi_rows_used: 'Lignes utilisées',
  kpi_rows_skipped: 'Lignes écartées',
  kpi_revenue_per_customer: '{value} par client',
  kpi_as_of: 'au {date}',
  kpi_rows_read: (p) => `sur ${p.count} lignes lues`,
  kpi_none_skipped: 'toutes les lignes ont servi',
  reading_notes: (p) => (p.count === 1 ? '1 remarque sur la lecture du fichier' : `${p.count} remarques sur la lecture du fichier`),
  skipped_show: 'Voir les raisons',
  skipped_hide: 'Masquer les raisons',
  skipped_title: 'Lignes écartées : raisons et exemples',
  skipped_none: "Aucune ligne n'a été écartée.",
  skipped_intro: `{read} lignes lues, {used} utilisées. Chaque ligne écartée l'est pour une seule raison${NBSP}; jusqu'à cinq exemples par raison, avec leur numéro de ligne.`,
  skipped_column: 'Colonne',
  skipped_value: 'Valeur lue',
  skipped_examples_caption: 'Exemples : {reason}',
  'skip.missing_id': 'Identifiant client manquant',
  'skip.unparseable_date': 'Date illisible',
  'skip.unparseable_amount': 'Montant illisible',
  'skip.duplicate_order': 'Commande en double',
  'skip.date_after_as_of': 'Date postérieure à la date de référence',
  'skip.duplicate_customer': 'Client en double',
  'skip.unparseable_order_count': 'Nombre de commandes illisible',
  'skip_help.duplicate_order': 'Même numéro de commande qu’une ligne précédente : comptée une seule fois.',
  'skip_help.date_after_as_of': 'Ces commandes sont postérieures à la date de référence choisie dans les réglages.',
  downloads_title: 'Télécharger',
  download_report: 'Rapport HTML',
  download_report_sub: 'à partager, ou à imprimer en PDF',
  download_csv_excel: 'Clients · CSV Excel (FR)',
  download_csv_excel_sub: 'point-virgule, virgule décimale',
  download_csv_standard: 'Clients · CSV standard',
  download_csv_standard_sub: 'virgule, point décimal',
  download_xlsx: 'Classeur Excel .xlsx',
  download_xlsx_sub: 'les clients et une feuille par analyse',
  download_preparing: 'Préparation du fichier…',
  download_done: '« {name} » enregistré dans vos téléchargements.',
  download_list_excel: 'Télécharger (CSV Excel FR)',
  download_list_standard: 'CSV standard',
  toc_label: 'Sections',

  rfm_title: 'Segments RFM',
  rfm_intro: "Chaque client reçoit une note de 1 à 5 en récence (R), fréquence (F) et montant (M) ; 5 est la meilleure. La carte croise R et F : chaque case donne le nombre de clients et leur chiffre d'affaires. Cliquez sur le nom d'un segment dans le tableau pour voir ses clients.",
  rfm_thresholds_title: 'Seuils des notes R, F et M : pourquoi un client a sa note',
  rfm_score: 'Note',
  'rfm_dimension.recency': 'Récence (R)',
  'rfm_dimension.frequency': 'Fréquence (F)',
  'rfm_dimension.monetary': 'Montant (M)',
  chart_rfm_caption: 'Carte R × F : clients et chiffre d’affaires par case, avec le segment de chaque case.',
  chart_segments_caption: "Part des clients et du chiffre d'affaires par segment.",
  'chart_title.migrations': 'Migrations entre segments',
  'chart_title.survival': 'Survie des clients par canal (Kaplan-Meier)',
  'chart_title.cohorts': 'Rétention par cohorte',
  'chart_title.holdout': 'Prédiction : achats répétés prévus et observés',
  'chart_title.groups': 'Prédiction par groupe : prévu et observé',
  segments_caption: 'Segments RFM : taille, parts, moyennes et action recommandée',
  col_segment: 'Segment',
  col_customers: 'Clients',
  col_share_customers: '% clients',
  col_revenue: 'CA',
  col_share_revenue: '% CA',
  col_margin: 'Marge',
  col_share_margin: '% marge',
  col_mean_recency: 'Récence moy. (j)',
  col_mean_frequency: 'Fréquence moy.',
  col_mean_monetary: 'Montant moy.',
  col_action: 'Action recommandée',
  col_class: 'Classe',
  col_tier: 'Palier',
  col_points_range: 'Points',
  open_list: 'Voir les {count} clients « {name} »',

  abc_title: 'Classes ABC (Pareto)',
  abc_caption: 'Classes ABC : clients et chiffre d’affaires par classe',
  abc_class_label: 'Classe {class}',
  abc_sentence: "{customers} des clients font {revenue} du chiffre d'affaires (classe A).",
  abc_gini: 'Coefficient de Gini : {gini}',
  'abc_basis.revenue': "Classement par chiffre d'affaires",
  'abc_basis.margin': 'Classement par marge',
  chart_abc_caption: "Courbe de Pareto : part cumulée du chiffre d'affaires selon la part des clients.",

  points_title: 'Points de valeur',
  points_intro: "Chaque année de la fenêtre est notée selon le barème (chiffre d'affaires, marge) et chaque achat rapporte un bonus ; le total place le client dans un palier.",
  points_intro_window: "Chacune des {years} dernières années est notée selon le barème (chiffre d'affaires, marge) et chaque achat rapporte un bonus ; le total place le client dans un palier.",
  points_no_margin: 'Le fichier n’a pas de colonne marge : les points de marge ne sont pas comptés.',
  points_above: '> {min}',
  points_up_to: '≤ {max}',
  points_between: '{min} – {max}',
  scale_revenue: "Chiffre d'affaires annuel",
  scale_margin: 'Marge annuelle',
  scale_bonus: 'Bonus',
  scale_row: '{band} : {points} pts',
  scale_bonus_value: '+{points} pts par achat dans la fenêtre',
  points_bounds_hint: 'Chaque palier va de sa borne basse (exclue) à sa borne haute (incluse).',
  chart_points_caption: 'Répartition des clients par palier de points.',
  tiers_caption: 'Paliers de points : bornes, clients et chiffre d’affaires',

  customers_search: 'Rechercher un client',
  customers_subtitle: (p) => `${p.count} clients`,
  customers_total: (p) => `${p.count} clients`,
  customers_found: (p) => `${p.count} client(s) pour « ${p.search} »`,
  customers_none: 'Aucun client ne correspond.',
  customers_range: '{first}–{last} sur {total}',
  previous: 'Précédent',
  next: 'Suivant',
  pager_label: 'Pages',
  'customer_column.customer_id': 'Client',
  'customer_column.name': 'Nom',
  'customer_column.email': 'E-mail',
  'customer_column.city': 'Ville',
  'customer_column.last_purchase': 'Dernier achat',
  'customer_column.recency_days': 'Récence (j)',
  'customer_column.frequency': 'Fréquence',
  'customer_column.monetary': 'Montant',
  'customer_column.rfm_code': 'Code RFM',
  'customer_column.rfm_segment': 'Segment',
  'customer_column.abc_class': 'ABC',
  'customer_column.value_points': 'Points',
  'customer_column.value_tier': 'Palier',

  footer_privacy: "Analyse 100 % locale : aucun envoi, aucun cookie, aucune mesure d'audience.",
  footer_print: 'Pour un PDF, téléchargez le rapport puis « Imprimer → Enregistrer en PDF ».',

  error_title_file: 'Le fichier « {name} » n’a pas pu être analysé',
  error_title: "L'analyse n'a pas pu aboutir",
  error_title_load: "Le moteur d'analyse n'a pas pu démarrer",
  error_title_crash: "Le moteur d'analyse s'est arrêté sur une erreur interne",
  error_title_settings: 'Un réglage est invalide',
  error_missing_column: 'Aucune colonne ne correspond à « {role} ». En-têtes trouvés : {headers}.',
  error_invalid_setting: 'Réglage « {key} » invalide : {reason}',
  error_no_usable_row: 'Aucune ligne utilisable : {detail}',
  error_unreadable: 'Fichier illisible : {detail}',
  error_read: 'Erreur de lecture : {detail}',
  error_where: '{message} ({where})',
  where_file: 'fichier {value}',
  where_line: 'ligne {value}',
  where_column: 'colonne « {value} »',
  where_value: 'valeur « {value} »',
  hint_missing_column: 'Choisissez la bonne colonne dans « Rôle des colonnes », puis relancez l’analyse.',
  hint_unreadable: 'Vérifiez que le fichier est bien un CSV, un classeur Excel (.xlsx, .xls) ou OpenDocument (.ods), non protégé par mot de passe, puis déposez-le à nouveau.',
  hint_no_usable_row: 'Vérifiez la colonne choisie pour chaque rôle dans l’aperçu, et la date de référence dans les réglages.',
  hint_load: 'Rechargez la page. Si le problème persiste, votre navigateur est peut-être trop ancien (WebAssembly et modules requis).',
  hint_crash: 'Rechargez la page et réessayez ; si cela se reproduit avec ce fichier, signalez-le en joignant ce message (pas le fichier).',
  hint_generic: 'Vous pouvez choisir un autre fichier ou modifier les réglages.',

  label_value: '{label} : {value}',

  // Dynamic segmentation (dynamics-page.js, dynamics.js, control.js, snapshots.js, uplift.js).
  campaign_title: 'Après une campagne (facultatif)',
  campaign_sub: `Pour mesurer une campagne contre son groupe témoin${NBSP}: joignez la liste de campagne téléchargée avant l'envoi (avec sa colonne campaign_group)${NBSP}; le fichier analysé ici est celui des commandes reçues depuis.`,
  campaign_label: 'Liste de campagne',
  campaign_clear: 'Retirer la liste',
  uplift_title: 'Résultat de la campagne',
  uplift_intro: `Chaque segment compare le taux de réponse de la cible (contactée) à celui du témoin (non contacté)${NBSP}: l'écart est l'effet de la campagne, avec son intervalle de confiance à 95${NBSP}%.`,
  uplift_caption: 'Résultat de la campagne par segment : cible contre témoin',
  uplift_chart_caption: 'Taux de réponse de la cible et du témoin par segment, avec l’intervalle de l’écart.',
  uplift_overall: 'Ensemble',
  uplift_col_target: 'Cible',
  uplift_col_control: 'Témoin',
  uplift_col_uplift: 'Écart',
  uplift_col_interval: 'Intervalle {level}',
  uplift_col_relative: 'Écart relatif',
  uplift_col_revenue: 'CA incrémental',
  uplift_col_margin: 'Marge incrémentale',
  uplift_col_cost: 'Coût des contacts',
  uplift_col_net: 'Gain net',
  uplift_col_verdict: 'Verdict',
  uplift_responders: '{responders} sur {customers}',
  uplift_points: `{value}${NBSP}pts`,
  uplift_interval: '[{low} ; {high}]',
  migrations_title: 'Migrations entre segments',
  migrations_method: 'Segmentation',
  'migration_method.rfm': 'RFM',
  'migration_method.abc': 'ABC',
  'migration_method.points': 'Paliers de points',
  'migration_method.group': 'Groupes prédictifs',
  'migration_method.predictive': 'Groupes prédictifs',
  migrations_dates: 'Segments au {from} comparés à ceux au {to}.',
  migrations_caption: 'Migrations {method} : segment de départ (lignes) et d’arrivée (colonnes)',
  migrations_corner: 'Au {from} ↓ · au {to} →',
  migrations_lost: 'Perdus',
  migrations_lost_help: 'Passés dans le segment « Perdus » depuis un autre segment, ou absents du fichier le plus récent.',
  migrations_new: 'Nouveaux clients',
  migrations_total_from: 'Total au départ',
  migrations_total_to: 'Total à l’arrivée',
  migrations_absent: '{count} absents du fichier',
  migrations_open_list: 'Voir les {count} clients {move}',
  migrations_click_hint: 'Chaque case donne le nombre de clients, la part de leur ligne et leur chiffre d’affaires entre les deux dates. Cliquez sur un nombre pour voir ces clients et les télécharger.',
  migrations_chart_caption: 'Flux des clients entre segments RFM entre les deux dates.',
  survival_title: 'Survie des clients',
  survival_intro: `Combien de temps les clients restent actifs, selon le canal de leur première commande. Un client est compté comme perdu après {days}${NBSP}jours sans achat.`,
  survival_chart_caption: 'Courbes de survie de Kaplan-Meier par canal de première commande, avec leurs bandes de confiance.',
  survival_caption: 'Survie par canal : clients, pertes, médiane et survie à 6, 12 et 24 mois',
  survival_col_channel: 'Canal de la première commande',
  survival_col_events: 'Perdus',
  survival_col_median: 'Durée médiane',
  survival_col_s6: 'Actifs à 6 mois',
  survival_col_s12: 'Actifs à 12 mois',
  survival_col_s24: 'Actifs à 24 mois',
  days: `{count}${NBSP}j`,
  survival_median_not_reached: 'non atteinte',
  survival_logrank_differ: `Test du log-rank${NBSP}: χ²${NBSP}=${NBSP}{statistic}, {df}${NBSP}ddl, p${NBSP}=${NBSP}{p}${NBSP}: la survie diffère selon le canal.`,
  survival_logrank_same: `Test du log-rank${NBSP}: χ²${NBSP}=${NBSP}{statistic}, {df}${NBSP}ddl, p${NBSP}=${NBSP}{p}${NBSP}: pas de différence significative entre canaux.`,
  survival_threshold: `Seuil d'inactivité utilisé${NBSP}: {days}${NBSP}jours (modifiable dans les réglages, «${NBSP}Survie${NBSP}»).`,
  control_title: 'Groupe témoin',
  control_intro: `Avant une campagne, tirez au sort un groupe témoin qui ne sera pas contacté${NBSP}: même part dans chaque segment. Après la campagne, comparer les deux groupes dit ce que la campagne a rapporté.`,
  control_method: 'Segmentation',
  'control_method.rfm': 'Segments RFM',
  'control_method.abc': 'Classes ABC',
  'control_method.tier': 'Paliers de points',
  'control_method.group': 'Groupes prédictifs',
  control_segments: 'Segments de la campagne',
  control_segment_option: '{name} ({count})',
  control_select_all: 'Tout cocher',
  control_select_none: 'Tout décocher',
  control_share: 'Part du témoin (%)',
  control_seed: 'Graine du tirage',
  control_seed_hint: 'La même graine refait exactement le même tirage.',
  control_draw: 'Tirer le groupe témoin',
  control_error_share: `Part du témoin «${NBSP}{value}${NBSP}»${NBSP}: indiquez un pourcentage strictement entre 0 et 100 (10 met 10${NBSP}% de chaque segment en témoin).`,
  control_error_seed: `Graine «${NBSP}{value}${NBSP}»${NBSP}: indiquez un nombre entier positif.`,
  control_error_segments: 'Cochez au moins un segment.',
  control_done: `Tirage fait avec la graine {seed}${NBSP}: {control} clients témoins sur {customers} ({share} par segment).`,
  control_caption: 'Tirage du groupe témoin par segment',
  control_col_target: 'Cible',
  control_col_control: 'Témoin',
  control_total: 'Total',
  control_downloads_hint: 'Les téléchargements des clients portent désormais la colonne campaign_group (cible ou témoin), la graine et la date de référence : gardez cette liste pour mesurer la campagne.',
  control_download_excel: 'Liste de campagne (CSV Excel FR)',
  control_download_standard: 'CSV standard',
  control_list_title: 'liste de campagne',
  snapshots_title: 'Instantanés',
  snapshots_intro: `Enregistrez la segmentation d'aujourd'hui dans ce navigateur (ou en fichier JSON) pour la comparer au fichier du mois prochain, même si les anciennes commandes n'y sont plus. Rien n'est envoyé.`,
  snapshot_name: "Nom de l'instantané",
  snapshot_save: 'Enregistrer cette segmentation',
  snapshot_default_name: 'Segmentation au {date}',
  snapshot_saved: `Instantané «${NBSP}{name}${NBSP}» enregistré dans ce navigateur.`,
  snapshot_save_failed: `L'instantané n'a pas pu être enregistré${NBSP}: {reason}`,
  snapshot_no_storage: `Ce navigateur ne permet pas d'enregistrer d'instantané (stockage local désactivé)${NBSP}; vous pouvez comparer avec un fichier JSON.`,
  snapshot_list_caption: 'Instantanés enregistrés dans ce navigateur',
  snapshot_none: 'Aucun instantané enregistré dans ce navigateur.',
  snapshot_col_name: 'Nom',
  snapshot_col_as_of: 'Date de la segmentation',
  snapshot_col_saved: 'Enregistré le',
  snapshot_col_actions: 'Actions',
  snapshot_compare: 'Comparer',
  snapshot_compare_named: `Comparer avec «${NBSP}{name}${NBSP}»`,
  snapshot_download: 'Télécharger',
  snapshot_download_named: `Télécharger «${NBSP}{name}${NBSP}» (JSON)`,
  snapshot_delete: 'Supprimer',
  snapshot_delete_named: `Supprimer «${NBSP}{name}${NBSP}»`,
  snapshot_deleted: `Instantané «${NBSP}{name}${NBSP}» supprimé.`,
  snapshot_compare_file: "Comparer avec un fichier d'instantané (.json)",
  snapshot_compare_failed: `La comparaison avec «${NBSP}{name}${NBSP}» n'a pas pu se faire${NBSP}: {reason}`,
  snapshot_comparison_title: `Comparaison avec «${NBSP}{name}${NBSP}»${NBSP}: du {from} au {to}`,
};

const en = {
  skip_to_content: 'Skip to content',
  tagline: 'Customer segmentation that never lets your data leave your computer',
  lang_toggle: 'Français',
  lang_toggle_label: 'Passer en français',
  close: 'Close',
  loading: 'Loading…',

  landing_title: 'Segment your customers with one drag and drop',
  landing_lead: 'Drop your order export: RFM segments, ABC classes, value points and a report ready to share, in seconds.',
  drop_title: 'Drop your file here',
  drop_sub: 'or click to choose it on your computer',
  drop_formats: 'CSV (any flavour), Excel .xlsx and .xls, OpenDocument .ods',
  drop_overlay: 'Drop the file to analyse it',
  drop_while_running: 'An analysis is running: cancel it before dropping another file.',
  drop_many: 'One file at a time: “{name}” is analysed.',
  demo_button: 'Try it with the demo file',
  demo_missing: 'The demo file could not be loaded (HTTP {status}).',
  engine_loading: 'Preparing the analysis engine…',
  privacy_promise: '“Your data never leaves your browser”',
  privacy_detail: ': the file is read and analysed on your computer; nothing is sent over the Internet.',
  features_label: 'What you get',
  feature_rfm_title: 'RFM segments',
  feature_rfm_text: 'Recency, frequency, monetary: 11 named segments, from “Champions” to “Lost”, each with its recommended action.',
  feature_abc_title: 'ABC classes',
  feature_abc_text: 'The Pareto curve of your revenue and the customers who carry it.',
  feature_points_title: 'Value points',
  feature_points_text: 'The points scale French consultancies use, year by year, and five customer tiers.',
  help_summary: 'Which file should I use?',
  help_orders: 'An order export, one row per order (or invoice, receipt), with at least a customer id, a date and an amount. French and English headers are recognised: “N° client”, “Date de commande”, “Montant TTC”, “CustomerID”, “InvoiceDate”, “Amount”…',
  help_customers: 'A customer export works too: one row per customer, with the last purchase date, the number of orders and the total bought.',
  help_optional: 'Optional: order number (to skip duplicates), margin, channel, name, e-mail, postcode, city.',

  mapping_title: 'Check how the file is read',
  mapping_sub: 'Everything was detected automatically; correct it if needed, then run the analysis.',
  detected_title: 'Detected format',
  dialect_format: 'Format',
  dialect_sheet: 'Sheet',
  dialect_encoding: 'Encoding',
  dialect_delimiter: 'Column delimiter',
  dialect_decimal: 'Decimal separator',
  dialect_date_order: 'Date order',
  dialect_shape: 'One row per',
  auto_detected: '{value} (detected)',
  'format.csv': 'CSV (text)',
  'format.text': 'Delimited text',
  'format.xlsx': 'Excel (.xlsx)',
  'format.xls': 'Excel 97-2003 (.xls)',
  'format.ods': 'OpenDocument (.ods)',
  'encoding.utf-8': 'UTF-8',
  'encoding.utf-8-bom': 'UTF-8 with BOM',
  'encoding.windows-1252': 'Windows-1252',
  'encoding.iso-8859-15': 'ISO-8859-15 (Latin-9)',
  'encoding.utf-16le': 'UTF-16 LE',
  'encoding.utf-16be': 'UTF-16 BE',
  'delimiter.semicolon': 'semicolon ;',
  'delimiter.comma': 'comma ,',
  'delimiter.tab': 'tab',
  'delimiter.pipe': 'pipe |',
  'delimiter.other': 'other',
  'decimal.comma': 'comma: 12,50',
  'decimal.dot': 'dot: 12.50',
  'date_order.day_first': 'dd/mm/yyyy',
  'date_order.month_first': 'mm/dd/yyyy',
  'date_order.year_first': 'yyyy-mm-dd',
  date_order_assumed: 'Every date read is ambiguous (day and month ≤ 12): day-first was assumed. Check the preview.',
  'shape.orders': 'order',
  'shape.customers': 'customer',
  roles_title: 'Column roles',
  roles_sub: 'Columns marked * are required.',
  roles_optional: 'Optional columns',
  roles_missing: 'Choose the column for: {roles}.',
  role_choose: '— choose a column —',
  role_unused: '— not used —',
  column_n: 'column {n} (no header)',
  'role.customer_id': 'Customer id',
  'role.order_date': 'Order date',
  'role.amount': 'Amount',
  'role.order_id': 'Order number',
  'role.margin': 'Margin',
  'role.quantity': 'Quantity',
  'role.channel': 'Channel',
  'role.name': 'Name',
  'role.email': 'E-mail',
  'role.postcode': 'Postcode',
  'role.city': 'City',
  'role.birth_date': 'Birth date',
  'role.age': 'Age',
  'role.sex': 'Sex / title',
  'role.last_purchase': 'Last purchase date',
  'role.first_purchase': 'First purchase date',
  'role.order_count': 'Number of orders',
  'role.total_amount': 'Total amount',
  'role.total_margin': 'Total margin',
  preview_title: 'The first 20 rows, as they will be read',
  preview_sub: 'Dates and amounts are shown as read: check that they match the file. Unreadable cells are flagged in red.',
  preview_line: 'Line',
  preview_empty: 'No data row was found at the start of the file.',
  preview_empty_cell: '(empty)',

  settings_title: 'Analysis settings',
  settings_reset: 'Restore the defaults',
  settings_saved_hint: 'Settings are remembered in this browser; your data never is.',
  settings_changed: (p) => (p.count === 1 ? '1 setting changed' : `${p.count} settings changed`),
  setting_auto: 'automatic',
  setting_as_of_default: 'In this file, the last order is dated {date}.',
  settings_group_general: 'General',
  settings_group_rfm: 'RFM',
  settings_group_abc: 'ABC (Pareto)',
  settings_group_points: 'Value points',
  settings_group_migrations: 'Migrations between two dates',
  settings_group_survival: 'Survival (customer lifetime)',
  settings_group_cohorts: 'Cohorts',
  settings_advanced: 'Advanced',
  'setting.migrations.compare_date': 'Comparison date',
  'setting_help.migrations.compare_date': "Empty: one year before the as-of date. The segments at that date are compared with today's.",
  'setting.migrations.min_flow_customers': 'Minimum customers per flow shown',
  'setting.migrations.headline_flows': 'Headline flows',
  'setting.survival.inactivity_days': 'Days without a purchase before a customer counts as lost',
  'setting.survival.censoring': 'Censoring',
  'setting_option.survival.censoring.lapse_horizon': 'at the inactivity horizon',
  'setting_option.survival.censoring.as_of': 'at the as-of date',
  'setting.survival.confidence': 'Confidence level',
  'setting.survival.min_group_customers': 'Minimum customers per group',
  'setting.survival.suggestion_quantile': 'Quantile for the suggested delay',
  'setting.survival.max_curve_points': 'Maximum curve points',
  'setting.cohorts.period': 'Cohorts by',
  'setting_option.cohorts.period.month': 'month',
  'setting_option.cohorts.period.quarter': 'quarter',
  'setting.cohorts.max_periods': 'Periods followed at most',
  'setting.cohorts.max_cohorts': 'Cohorts at most',
  settings_group_predict: 'Prediction',
  settings_group_cross: 'Cross analysis',
  settings_group_campaign: 'Campaign',
  settings_group_dynamics: 'Dynamics',
  'setting.input.as_of': 'As-of date',
  'setting_help.input.as_of': 'Recency is counted up to this date. Empty: the date of the last order in the file. Applies to this file only.',
  'setting.rfm.bins': 'Classes per dimension',
  'setting_help.rfm.bins': 'Quintiles (5), quartiles (4) or terciles (3) of the customers.',
  'setting.rfm.monetary': 'Monetary (M) measured by',
  'setting_option.rfm.monetary.revenue': 'net revenue',
  'setting_option.rfm.monetary.average_order_value': 'average order value',
  'setting.rfm.thresholds': 'Custom thresholds',
  'setting_help.rfm.thresholds': 'Empty: thresholds at the customers\' quantiles. Otherwise, cut points separated by “;”, e.g. 30; 90; 180; 365.',
  'setting.rfm.thresholds.recency': 'Recency (days)',
  'setting.rfm.thresholds.frequency': 'Frequency (purchase days)',
  'setting.rfm.thresholds.monetary': 'Monetary (€)',
  'setting.abc.basis': 'Rank customers by',
  'setting_option.abc.basis.revenue': 'revenue',
  'setting_option.abc.basis.margin': 'margin',
  'setting.abc.a_cutoff': 'Class A cut-off',
  'setting.abc.b_cutoff': 'Class B cut-off',
  'setting_help.abc.a_cutoff': 'Cumulative share of revenue covered by class A (80 % by default).',
  'setting_help.abc.b_cutoff': 'Cumulative share covered by classes A and B (95 % by default).',
  'setting.points.window_years': 'Window (years)',
  'setting_help.points.window_years': 'The years before the as-of date that are scored (1 to 5).',
  'setting.points.aggregation': 'Points of the window',
  'setting_option.points.aggregation.sum': 'sum of the years',
  'setting_option.points.aggregation.annual_average': 'yearly average',
  'setting.points.tiers': 'Number of tiers',
  'setting.points.tier_thresholds': 'Tier thresholds (points)',
  'setting_help.points.tier_thresholds': 'Empty: at the quantiles of the scores. Otherwise, ascending thresholds separated by “;”.',
  'setting.points.margin_rate': 'Margin rate when the file has no margin',
  'setting_help.points.margin_rate': 'Empty: margin points are left out when the file has no margin column.',
  'setting.points.purchase_bonus': 'Bonus per purchase (points)',
  'setting.points.revenue_scale': 'Annual revenue scale',
  'setting.points.margin_scale': 'Annual margin scale',
  'setting_key.bands': 'Bands (highest first)',
  'setting_key.base_points': 'Points below the last band',
  'setting_column.from': 'from (€)',
  'setting_column.from_inclusive': 'included',
  'setting_column.points': 'points',
  setting_row_actions: 'Actions',
  setting_add_row: '+ Add a band',
  setting_remove_row: 'Remove band {n}',

  run: 'Run the analysis',
  change_file: 'Choose another file',
  running_title: 'Analysing',
  cancel: 'Cancel',
  cancelled: 'Analysis cancelled. You can change the settings, run it again or choose another file.',
  progress_reading: 'Reading the file… {percent}',
  progress_reading_bytes: 'Reading the file… {percent} ({done} of {total})',
  'stage.ingest': 'Summarising customers…',
  'stage.customers': 'Summarising customers…',
  'stage.rfm': 'RFM segmentation…',
  'stage.abc': 'ABC classes…',
  'stage.points': 'Value points…',
  'stage.predict': 'Predictions…',
  'stage.cross': 'Cross analysis…',
  'stage.campaign': 'Campaign…',
  'stage.dynamics': 'Dynamics…',
  'stage.report': 'Charts and report…',
  'stage.charts': 'Charts…',

  results_title: 'Segmentation results',
  results_as_of: 'as of {date}',
  edit_settings: 'Change the settings',
  new_file: 'Analyse another file',
  kpis_label: 'Key figures',
  kpi_customers: 'Customers',
  kpi_revenue: 'Revenue',
  kpi_rows_used: 'Rows used',
  kpi_rows_skipped: 'Rows skipped',
  kpi_revenue_per_customer: '{value} per customer',
  kpi_as_of: 'as of {date}',
  kpi_rows_read: (p) => `of ${p.count} rows read`,
  kpi_none_skipped: 'every row was used',
  reading_notes: (p) => (p.count === 1 ? '1 note on how the file was read' : `${p.count} notes on how the file was read`),
  skipped_show: 'Show the reasons',
  skipped_hide: 'Hide the reasons',
  skipped_title: 'Skipped rows: reasons and examples',
  skipped_none: 'No row was skipped.',
  skipped_intro: '{read} rows read, {used} used. Each skipped row has exactly one reason; up to five examples per reason, with their line numbers.',
  skipped_column: 'Column',
  skipped_value: 'Value read',
  skipped_examples_caption: 'Examples: {reason}',
  'skip.missing_id': 'Missing customer id',
  'skip.unparseable_date': 'Unreadable date',
  'skip.unparseable_amount': 'Unreadable amount',
  'skip.duplicate_order': 'Duplicate order',
  'skip.date_after_as_of': 'Date after the as-of date',
  'skip.duplicate_customer': 'Duplicate customer',
  'skip.unparseable_order_count': 'Unreadable order count',
  'skip_help.duplicate_order': 'Same order number as an earlier row: counted once.',
  'skip_help.date_after_as_of': 'These orders are after the as-of date chosen in the settings.',
  downloads_title: 'Download',
  download_report: 'HTML report',
  download_report_sub: 'to share, or print to PDF',
  download_csv_excel: 'Customers · CSV Excel (FR)',
  download_csv_excel_sub: 'semicolon, decimal comma',
  download_csv_standard: 'Customers · standard CSV',
  download_csv_standard_sub: 'comma, decimal dot',
  download_xlsx: 'Excel workbook .xlsx',
  download_xlsx_sub: 'customers and one sheet per analysis',
  download_preparing: 'Preparing the file…',
  download_done: '“{name}” saved to your downloads.',
  download_list_excel: 'Download (CSV Excel FR)',
  download_list_standard: 'Standard CSV',
  toc_label: 'Sections',

  rfm_title: 'RFM segments',
  rfm_intro: 'Each customer gets a score from 1 to 5 for recency (R), frequency (F) and monetary value (M); 5 is best. The map crosses R and F: each cell gives its number of customers and their revenue. Click a segment’s name in the table to see its customers.',
  rfm_thresholds_title: 'R, F and M score thresholds: why a customer has its score',
  rfm_score: 'Score',
  'rfm_dimension.recency': 'Recency (R)',
  'rfm_dimension.frequency': 'Frequency (F)',
  'rfm_dimension.monetary': 'Monetary (M)',
  chart_rfm_caption: 'R × F map: customers and revenue per cell, with each cell’s segment.',
  chart_segments_caption: 'Share of customers and of revenue per segment.',
  'chart_title.migrations': 'Migrations between segments',
  'chart_title.survival': 'Customer survival by channel (Kaplan-Meier)',
  'chart_title.cohorts': 'Retention by cohort',
  'chart_title.holdout': 'Prediction: repeat purchases, predicted and actual',
  'chart_title.groups': 'Prediction by group: predicted and actual',
  segments_caption: 'RFM segments: size, shares, means and recommended action',
  col_segment: 'Segment',
  col_customers: 'Customers',
  col_share_customers: '% customers',
  col_revenue: 'Revenue',
  col_share_revenue: '% revenue',
  col_margin: 'Margin',
  col_share_margin: '% margin',
  col_mean_recency: 'Mean recency (d)',
  col_mean_frequency: 'Mean frequency',
  col_mean_monetary: 'Mean monetary',
  col_action: 'Recommended action',
  col_class: 'Class',
  col_tier: 'Tier',
  col_points_range: 'Points',
  open_list: 'Show the {count} “{name}” customers',

  abc_title: 'ABC classes (Pareto)',
  abc_caption: 'ABC classes: customers and revenue per class',
  abc_class_label: 'Class {class}',
  abc_sentence: '{customers} of customers make {revenue} of revenue (class A).',
  abc_gini: 'Gini coefficient: {gini}',
  'abc_basis.revenue': 'Ranked by revenue',
  'abc_basis.margin': 'Ranked by margin',
  chart_abc_caption: 'Pareto curve: cumulative share of revenue by share of customers.',

  points_title: 'Value points',
  points_intro: 'Each year of the window is scored with the scale (revenue, margin) and each purchase earns a bonus; the total puts the customer in a tier.',
  points_intro_window: 'Each of the last {years} years is scored with the scale (revenue, margin) and each purchase earns a bonus; the total puts the customer in a tier.',
  points_no_margin: 'The file has no margin column: margin points are not counted.',
  points_above: '> {min}',
  points_up_to: '≤ {max}',
  points_between: '{min} – {max}',
  scale_revenue: 'Annual revenue',
  scale_margin: 'Annual margin',
  scale_bonus: 'Bonus',
  scale_row: '{band}: {points} pts',
  scale_bonus_value: '+{points} pts per purchase in the window',
  points_bounds_hint: 'Each tier runs from its lower bound (excluded) to its upper bound (included).',
  chart_points_caption: 'Customers per points tier.',
  tiers_caption: 'Points tiers: bounds, customers and revenue',

  customers_search: 'Search a customer',
  customers_subtitle: (p) => `${p.count} customers`,
  customers_total: (p) => `${p.count} customers`,
  customers_found: (p) => `${p.count} customer(s) for “${p.search}”`,
  customers_none: 'No customer matches.',
  customers_range: '{first}–{last} of {total}',
  previous: 'Previous',
  next: 'Next',
  pager_label: 'Pages',
  'customer_column.customer_id': 'Customer',
  'customer_column.name': 'Name',
  'customer_column.email': 'E-mail',
  'customer_column.city': 'City',
  'customer_column.last_purchase': 'Last purchase',
  'customer_column.recency_days': 'Recency (d)',
  'customer_column.frequency': 'Frequency',
  'customer_column.monetary': 'Monetary',
  'customer_column.rfm_code': 'RFM code',
  'customer_column.rfm_segment': 'Segment',
  'customer_column.abc_class': 'ABC',
  'customer_column.value_points': 'Points',
  'customer_column.value_tier': 'Tier',

  footer_privacy: 'A 100 % local analysis: no upload, no cookie, no analytics.',
  footer_print: 'For a PDF, download the report, then “Print → Save as PDF”.',

  error_title_file: '“{name}” could not be analysed',
  error_title: 'The analysis could not complete',
  error_title_load: 'The analysis engine could not start',
  error_title_crash: 'The analysis engine stopped on an internal error',
  error_title_settings: 'A setting is invalid',
  error_missing_column: 'No column matches “{role}”. Headers found: {headers}.',
  error_invalid_setting: 'Invalid setting “{key}”: {reason}',
  error_no_usable_row: 'No usable row: {detail}',
  error_unreadable: 'Unreadable file: {detail}',
  error_read: 'Read error: {detail}',
  error_where: '{message} ({where})',
  where_file: 'file {value}',
  where_line: 'line {value}',
  where_column: 'column “{value}”',
  where_value: 'value “{value}”',
  hint_missing_column: 'Choose the right column under “Column roles”, then run the analysis again.',
  hint_unreadable: 'Check that the file is a CSV, an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook without a password, then drop it again.',
  hint_no_usable_row: 'Check the column chosen for each role in the preview, and the as-of date in the settings.',
  hint_load: 'Reload the page. If the problem persists, your browser may be too old (WebAssembly and modules are required).',
  hint_crash: 'Reload the page and try again; if it happens again with this file, please report it with this message (not the file).',
  hint_generic: 'You can choose another file or change the settings.',

  label_value: '{label}: {value}',

  // Dynamic segmentation (dynamics-page.js, dynamics.js, control.js, snapshots.js, uplift.js).
  campaign_title: 'After a campaign (optional)',
  campaign_sub: 'To measure a campaign against its control group: add the campaign list downloaded before the send (with its campaign_group column); the file analysed here holds the orders received since.',
  campaign_label: 'Campaign list',
  campaign_clear: 'Remove the list',
  uplift_title: 'Campaign result',
  uplift_intro: 'Each segment compares the response rate of the target (contacted) with that of the control (not contacted): the difference is the effect of the campaign, with its 95% confidence interval.',
  uplift_caption: 'Campaign result by segment: target against control',
  uplift_chart_caption: 'Response rate of the target and the control by segment, with the interval of the difference.',
  uplift_overall: 'All',
  uplift_col_target: 'Target',
  uplift_col_control: 'Control',
  uplift_col_uplift: 'Uplift',
  uplift_col_interval: '{level} interval',
  uplift_col_relative: 'Relative uplift',
  uplift_col_revenue: 'Incremental revenue',
  uplift_col_margin: 'Incremental margin',
  uplift_col_cost: 'Contact cost',
  uplift_col_net: 'Net gain',
  uplift_col_verdict: 'Verdict',
  uplift_responders: '{responders} of {customers}',
  uplift_points: '{value} pts',
  uplift_interval: '[{low}, {high}]',
  migrations_title: 'Migrations between segments',
  migrations_method: 'Segmentation',
  'migration_method.rfm': 'RFM',
  'migration_method.abc': 'ABC',
  'migration_method.points': 'Points tiers',
  'migration_method.group': 'Predictive groups',
  'migration_method.predictive': 'Predictive groups',
  migrations_dates: 'Segments on {from} compared with those on {to}.',
  migrations_caption: '{method} migrations: segment before (rows) and after (columns)',
  migrations_corner: 'On {from} ↓ · on {to} →',
  migrations_lost: 'Lost',
  migrations_lost_help: 'Moved into the "Lost" segment from another segment, or absent from the later file.',
  migrations_new: 'New customers',
  migrations_total_from: 'Total before',
  migrations_total_to: 'Total after',
  migrations_absent: '{count} absent from the file',
  migrations_open_list: 'Show the {count} customers {move}',
  migrations_click_hint: 'Each cell gives the number of customers, the share of their row and their revenue between the two dates. Click a number to see those customers and download them.',
  migrations_chart_caption: 'Flows of customers between RFM segments between the two dates.',
  survival_title: 'Customer survival',
  survival_intro: 'How long customers stay active, by the channel of their first order. A customer counts as lapsed after {days} days without a purchase.',
  survival_chart_caption: 'Kaplan-Meier survival curves by first-order channel, with their confidence bands.',
  survival_caption: 'Survival by channel: customers, lapses, median and survival at 6, 12 and 24 months',
  survival_col_channel: 'First-order channel',
  survival_col_events: 'Lapsed',
  survival_col_median: 'Median lifetime',
  survival_col_s6: 'Active at 6 months',
  survival_col_s12: 'Active at 12 months',
  survival_col_s24: 'Active at 24 months',
  days: '{count} d',
  survival_median_not_reached: 'not reached',
  survival_logrank_differ: 'Log-rank test: χ² = {statistic}, {df} df, p = {p}: survival differs by channel.',
  survival_logrank_same: 'Log-rank test: χ² = {statistic}, {df} df, p = {p}: no significant difference between channels.',
  survival_threshold: 'Inactivity threshold used: {days} days (change it in the settings, "Survival").',
  control_title: 'Control group',
  control_intro: 'Before a campaign, draw a control group that will not be contacted: the same share of each segment. After the campaign, comparing the two groups tells what the campaign earned.',
  control_method: 'Segmentation',
  'control_method.rfm': 'RFM segments',
  'control_method.abc': 'ABC classes',
  'control_method.tier': 'Points tiers',
  'control_method.group': 'Predictive groups',
  control_segments: 'Segments in the campaign',
  control_segment_option: '{name} ({count})',
  control_select_all: 'Check all',
  control_select_none: 'Uncheck all',
  control_share: 'Control share (%)',
  control_seed: 'Draw seed',
  control_seed_hint: 'The same seed makes exactly the same draw again.',
  control_draw: 'Draw the control group',
  control_error_share: 'Control share "{value}": enter a percentage strictly between 0 and 100 (10 holds out 10% of each segment).',
  control_error_seed: 'Seed "{value}": enter a whole number, 0 or more.',
  control_error_segments: 'Check at least one segment.',
  control_done: 'Drawn with seed {seed}: {control} control customers out of {customers} ({share} of each segment).',
  control_caption: 'Control group draw by segment',
  control_col_target: 'Target',
  control_col_control: 'Control',
  control_total: 'Total',
  control_downloads_hint: 'Customer downloads now carry the campaign_group column (target or control), the seed and the as-of date: keep this list to measure the campaign.',
  control_download_excel: 'Campaign list (Excel CSV, FR)',
  control_download_standard: 'Standard CSV',
  control_list_title: 'campaign list',
  snapshots_title: 'Snapshots',
  snapshots_intro: "Save today's segmentation in this browser (or as a JSON file) to compare it with next month's file, even when the old orders are no longer in it. Nothing is sent.",
  snapshot_name: 'Snapshot name',
  snapshot_save: 'Save this segmentation',
  snapshot_default_name: 'Segmentation as of {date}',
  snapshot_saved: 'Snapshot "{name}" saved in this browser.',
  snapshot_save_failed: 'The snapshot could not be saved: {reason}',
  snapshot_no_storage: 'This browser cannot save snapshots (local storage is disabled); you can compare with a JSON file.',
  snapshot_list_caption: 'Snapshots saved in this browser',
  snapshot_none: 'No snapshot saved in this browser.',
  snapshot_col_name: 'Name',
  snapshot_col_as_of: 'Segmentation date',
  snapshot_col_saved: 'Saved on',
  snapshot_col_actions: 'Actions',
  snapshot_compare: 'Compare',
  snapshot_compare_named: 'Compare with "{name}"',
  snapshot_download: 'Download',
  snapshot_download_named: 'Download "{name}" (JSON)',
  snapshot_delete: 'Delete',
  snapshot_delete_named: 'Delete "{name}"',
  snapshot_deleted: 'Snapshot "{name}" deleted.',
  snapshot_compare_file: 'Compare with a snapshot file (.json)',
  snapshot_compare_failed: 'The comparison with "{name}" could not be made: {reason}',
  snapshot_comparison_title: 'Comparison with "{name}": {from} to {to}',
};

export const STRINGS = { fr, en };

let current = detectLanguage();

function detectLanguage() {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'fr' || saved === 'en') return saved;
  } catch { /* storage may be disabled */ }
  const browser = globalThis.navigator?.language ?? 'fr';
  return browser.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The UI language: "fr" or "en". */
export function language() {
  return current;
}

/** The BCP 47 locale used for numbers and dates. */
export function locale() {
  const browser = globalThis.navigator?.language ?? '';
  if (current === 'fr') return browser.toLowerCase().startsWith('fr') ? browser : 'fr-FR';
  return browser.toLowerCase().startsWith('en') ? browser : 'en-GB';
}

export function setLanguage(lang) {
  current = lang === 'en' ? 'en' : 'fr';
  formats.clear();
  try { globalThis.localStorage?.setItem(STORAGE_KEY, current); } catch { /* storage may be disabled */ }
}

/** The string `key` in the current language, with `{name}` placeholders filled. */
export function t(key, params = {}) {
  const text = tMaybe(key, params);
  if (text === undefined) {
    console.warn(`segmento: no text for ${key}`);
    return key;
  }
  return text;
}

/** Like `t`, but undefined when the key has no text (for keys built from data). */
export function tMaybe(key, params = {}) {
  const entry = STRINGS[current][key] ?? STRINGS.en[key];
  if (entry === undefined) return undefined;
  if (typeof entry === 'function') return entry(params);
  return entry.replace(/\{(\w+)\}/g, (whole, name) => {
    if (name === 'nbsp') return current === 'fr' ? NBSP : '';
    return name in params ? String(params[name]) : whole;
  });
}

/** A field of a core object in the current language: `label_fr` / `label_en`, else `label`. */
export function pick(object, field) {
  if (!object) return undefined;
  const other = current === 'fr' ? 'en' : 'fr';
  return object[`${field}_${current}`] ?? object[field] ?? object[`${field}_${other}`];
}

/** Applies the table to the static page: text, aria-label, title and placeholder. */
export function applyStatic(root) {
  const doc = root.ownerDocument ?? root;
  doc.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  const toggle = root.querySelector('#lang-toggle');
  if (toggle) {
    // The toggle names the other language in that language.
    toggle.textContent = t('lang_toggle');
    toggle.lang = current === 'fr' ? 'en' : 'fr';
    toggle.setAttribute('aria-label', t('lang_toggle_label'));
  }
  doc.title = current === 'fr' ? 'segmento · segmentation clients' : 'segmento · customer segmentation';
}

/** Download names: the report keeps its French name, as documented. */
export function fileNames(lang) {
  return lang === 'fr'
    ? { report: 'rapport-segmentation.html', customers: 'clients-segmentes' }
    : { report: 'rapport-segmentation.html', customers: 'segmented-customers' };
}

const formats = new Map();
function format(kind, options) {
  const key = `${kind}:${JSON.stringify(options)}`;
  let formatter = formats.get(key);
  if (!formatter) {
    formatter = kind === 'number' ? new Intl.NumberFormat(locale(), options) : new Intl.DateTimeFormat(locale(), options);
    formats.set(key, formatter);
  }
  return formatter;
}

/** Locale-aware formats: `1 234,56 €` in French, `€1,234.56` in English. */
export const fmt = {
  integer: (n) => format('number', { maximumFractionDigits: 0 }).format(Number(n)),
  number: (n, digits = 2) => (typeof n === 'number' && Number.isFinite(n)
    ? format('number', { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(n)
    : '—'),
  money: (n, digits = 2) => (typeof n === 'number' && Number.isFinite(n)
    ? format('number', { style: 'currency', currency: 'EUR', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)
    : '—'),
  percent: (share, digits = 1) => (typeof share === 'number' && Number.isFinite(share)
    ? format('number', { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(share)
    : '—'),
  /** An ISO `YYYY-MM-DD` date, read as a calendar day (no time zone shift). */
  date: (iso) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
    if (!match) return String(iso ?? '—');
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return format('date', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  },
  bytes: (n) => {
    const units = current === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
    let value = Number(n);
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    const digits = unit === 0 || value >= 100 ? 0 : 1;
    return `${format('number', { maximumFractionDigits: digits }).format(value)}${NBSP}${units[unit]}`;
  },
};

/**
 * A readable title, message and hint for an error of the core, in the
 * current language. The core writes its messages in English with a fixed
 * shape (`no column for amount was found; the headers are: ...`, then
 * `(file x, line 3, column "Date", value "31/02")`); the known shapes are
 * translated, and any other text is shown as the core wrote it.
 */
export function explainError(error, context = {}) {
  const raw = String(error?.message ?? error ?? '');
  const kind = error?.kind;
  if (kind === 'load') {
    return { title: t('error_title_load'), message: raw, hint: t('hint_load') };
  }
  if (kind === 'crash' || /unreachable|RuntimeError/i.test(raw)) {
    return { title: t('error_title_crash'), message: raw, hint: t('hint_crash') };
  }
  const { body, where } = splitPosition(raw);
  let message = body;
  let hint = t('hint_generic');
  let settingKey = null;
  let match;
  if ((match = /^no column for (\S+) was found; the headers are: (.*)$/s.exec(body))) {
    message = t('error_missing_column', { role: tMaybe(`role.${match[1]}`) ?? match[1], headers: match[2] });
    hint = t('hint_missing_column');
  } else if ((match = /^invalid setting (\S+): (.*)$/s.exec(body))) {
    settingKey = match[1];
    message = t('error_invalid_setting', { key: tMaybe(`setting.${settingKey}`) ?? settingKey, reason: match[2] });
    hint = null;
  } else if ((match = /^no usable row: (.*)$/s.exec(body))) {
    message = t('error_no_usable_row', { detail: match[1] });
    hint = t('hint_no_usable_row');
  } else if ((match = /^unreadable input: (.*)$/s.exec(body))) {
    message = t('error_unreadable', { detail: match[1] });
    hint = t('hint_unreadable');
  } else if ((match = /^read error: (.*)$/s.exec(body))) {
    message = t('error_read', { detail: match[1] });
  }
  if (where) message = t('error_where', { message, where: translatePosition(where) });
  const name = context.file?.name;
  const title = settingKey ? t('error_title_settings') : name ? t('error_title_file', { name }) : t('error_title');
  return { title, message, hint, settingKey };
}

/** Splits `message (file x, line 3, ...)` into the message and the position. */
function splitPosition(text) {
  const match = /^(.*) \(((?:file|line|column|value) .*)\)$/s.exec(text);
  return match ? { body: match[1], where: match[2] } : { body: text, where: null };
}

function translatePosition(where) {
  const parts = [];
  const pattern = /(file|line|column|value) ("(?:[^"\\]|\\.)*"|[^,]+)(?:, |$)/gs;
  let match;
  while ((match = pattern.exec(where))) {
    const value = match[2].startsWith('"') ? match[2].slice(1, -1) : match[2];
    parts.push(t(`where_${match[1]}`, { value }));
  }
  return parts.length ? parts.join(', ') : where;
}
