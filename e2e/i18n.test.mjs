// The i18n table is complete: both languages have the same keys, and every
// key the page uses literally (data-i18n attributes, t('...') calls) exists.
// Runs in Node, no browser needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WWW } from './lib/browser.mjs';

const { STRINGS, explainError, setLanguage, applyStatic } = await import(join(WWW, 'i18n.js'));
const { lastLineEnd } = await import(join(WWW, 'bytes.js'));

test('French and English have exactly the same keys', () => {
  const fr = Object.keys(STRINGS.fr).sort();
  const en = Object.keys(STRINGS.en).sort();
  assert.deepEqual(fr.filter((key) => !en.includes(key)), [], 'keys only in French');
  assert.deepEqual(en.filter((key) => !fr.includes(key)), [], 'keys only in English');
});

test('every key used by the page exists', () => {
  const used = new Set();
  const html = readFileSync(join(WWW, 'index.html'), 'utf8');
  for (const match of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) used.add(match[1]);
  for (const file of readdirSync(WWW).filter((name) => name.endsWith('.js'))) {
    const source = readFileSync(join(WWW, file), 'utf8');
    for (const match of source.matchAll(/\bt\('([^']+)'/g)) used.add(match[1]);
  }
  const missing = [...used].filter((key) => !(key in STRINGS.fr) || !(key in STRINGS.en));
  assert.deepEqual(missing, []);
});

test('the page title and meta description follow the UI language', () => {
  // index.html holds the French ones, for a page read before its script runs.
  const html = readFileSync(join(WWW, 'index.html'), 'utf8');
  assert.equal(/<title>([^<]*)<\/title>/.exec(html)[1], STRINGS.fr.page_title);
  assert.equal(/<meta name="description" content="([^"]*)">/.exec(html)[1], STRINGS.fr.page_description);
  // A stand-in document with only what applyStatic touches here.
  const meta = { content: STRINGS.fr.page_description, setAttribute(name, value) { this[name] = value; } };
  const doc = {
    title: STRINGS.fr.page_title,
    documentElement: {},
    querySelectorAll: () => [],
    querySelector: (selector) => (selector === 'meta[name="description"]' ? meta : null),
  };
  setLanguage('en');
  applyStatic(doc);
  assert.equal(doc.title, 'segmento · customer segmentation');
  assert.equal(meta.content, 'RFM, ABC/Pareto and value-point customer segmentation, computed in your browser.');
  assert.equal(doc.documentElement.lang, 'en');
  setLanguage('fr');
  applyStatic(doc);
  assert.equal(doc.title, 'segmento · segmentation clients');
  assert.equal(meta.content, 'Segmentation clients RFM, ABC/Pareto et points de valeur, calculée dans votre navigateur.');
});

test('the privacy promise is worded as documented', () => {
  assert.equal(STRINGS.fr.privacy_promise, '«\u00a0Vos données ne quittent jamais votre navigateur\u00a0»');
});

test('core errors are worded from their key and parameters, with their position, in both languages', () => {
  // The keyed form the wasm modules throw (PageError in src/error_messages.rs).
  const missing = {
    message: 'no column for amount was found; the headers are: Client, Date (file ventes.csv)',
    kind: 'missing_column', setting: null, role: 'amount', headers: 'Client, Date', text: null, reason: null,
    position: { file: 'ventes.csv', line: null, column: null, value: null },
  };
  const error = (detail) => Object.assign(new Error(detail.message), { kind: 'analysis', detail });
  setLanguage('fr');
  let shown = explainError(error(missing), { file: { name: 'ventes.csv' } });
  assert.equal(shown.title, 'Le fichier « ventes.csv » n’a pas pu être analysé');
  assert.equal(shown.message, 'Aucune colonne ne correspond à « Montant ». En-têtes trouvés : Client, Date. (fichier ventes.csv)');

  const bins = {
    message: 'invalid setting rfm.bins: must be 3, 4 or 5 (got 7)',
    kind: 'invalid_params', setting: 'rfm.bins', role: null, headers: null, text: 'must be 3, 4 or 5 (got 7)',
    reason: { key: 'bins_choice', params: { value: '7' } },
    position: { file: null, line: null, column: null, value: null },
  };
  shown = explainError(error(bins), {});
  assert.equal(shown.settingKey, 'rfm.bins');
  assert.equal(shown.message, `Réglage « ${STRINGS.fr['setting.rfm.bins']} » invalide : doit valoir 3, 4 ou 5 (reçu : 7)`);
  assert.doesNotMatch(shown.message, /must be/, 'no English inside the French message');

  // Numbers and dates in the parameters are written the language's way.
  const share = {
    message: 'invalid setting control.share: must be strictly between 0 and 1 (0.10 holds out 10 %), not 1.5',
    kind: 'invalid_params', setting: 'control.share', role: null, headers: null, text: '',
    reason: { key: 'control_share', params: { value: '1.5' } },
    position: { file: null, line: null, column: null, value: null },
  };
  assert.match(explainError(error(share), {}).message, /reçu : 1,5$/);
  const twice = {
    message: 'unreadable input: customer C7 is already on line 3 (file liste.csv, line 9, column "Identifiant client", value "C7")',
    kind: 'format', setting: null, role: null, headers: null, text: 'customer C7 is already on line 3',
    reason: { key: 'list_id_twice', params: { id: 'C7', line: '3' } },
    position: { file: 'liste.csv', line: 9, column: 'Identifiant client', value: 'C7' },
  };
  assert.equal(explainError(error(twice), {}).message, 'Fichier illisible : le client C7 figure déjà ligne 3 (fichier liste.csv, ligne 9, colonne « Identifiant client », valeur « C7 »)');
  const before = {
    message: 'the snapshot is dated 2025-01-31, which is not before this file\'s as-of date 2024-12-31',
    kind: 'analysis', setting: null, role: null, headers: null, text: '',
    reason: { key: 'snapshot_not_before', params: { date: '2025-01-31', as_of: '2024-12-31' } },
    position: { file: null, line: null, column: null, value: null },
  };
  setLanguage('en');
  assert.equal(explainError(error(before), {}).message, 'the snapshot is dated 31 Jan 2025, which is not before this file’s as-of date (31 Dec 2024)');
  shown = explainError(error(twice), {});
  assert.equal(shown.message, 'Unreadable file: customer C7 is already on line 3 (file liste.csv, line 9, column “Identifiant client”, value “C7”)');

  // The ingestion's setting errors (`input.*`) and file errors are keyed too: no English in French.
  const none = { file: null, line: null, column: null, value: null };
  const delimiter = {
    message: 'invalid setting input.delimiter: "x" cannot be a delimiter; use ",", ";", "\\t" or "|"',
    kind: 'invalid_params', setting: 'input.delimiter', role: null, headers: null, text: '',
    reason: { key: 'delimiter', params: { value: 'x' } }, position: none,
  };
  setLanguage('fr');
  shown = explainError(error(delimiter), {});
  assert.equal(shown.settingKey, 'input.delimiter');
  assert.equal(shown.message, 'Réglage « Séparateur de colonnes » invalide : « x » ne peut pas séparer les colonnes ; utilisez « , », « ; », « \\t » ou « | »');
  const column = {
    message: 'invalid setting input.columns.amount: no column is named "Prix"; the headers are: "Client", "Date"',
    kind: 'invalid_params', setting: 'input.columns.amount', role: null, headers: null, text: '',
    reason: { key: 'column_not_named', params: { name: 'Prix', headers: '"Client", "Date"' } }, position: none,
  };
  assert.equal(explainError(error(column), {}).message, `Réglage « Colonne ${STRINGS.fr['role.amount']} » invalide : aucune colonne ne s’appelle « Prix » ; les en-têtes sont : "Client", "Date"`);
  const rows = {
    message: 'no usable row: 4 rows read, none could be used: 3 unparseable date (e.g. line 2, value "x"); 1 missing customer id (e.g. line 5, value "")',
    kind: 'no_usable_row', setting: null, role: null, headers: null, text: '',
    reason: { key: 'rows_none_used', params: { count: '4', skips: '…', reasons: 'unparseable_date 3; missing_id 1' } },
    position: { ...none, file: 'ventes.csv' },
  };
  assert.equal(explainError(error(rows), {}).message,
    `Aucune ligne utilisable : 4 lignes lues, aucune n’est utilisable : ${STRINGS.fr['skip.unparseable_date'].toLowerCase()} (3), ${STRINGS.fr['skip.missing_id'].toLowerCase()} (1) (fichier ventes.csv)`);
  const empty = { message: 'unreadable input: the file is empty', kind: 'format', setting: null, role: null, headers: null, text: '', reason: { key: 'file_empty', params: {} }, position: none };
  assert.equal(explainError(error(empty), {}).message, 'Fichier illisible : le fichier est vide');
  // A position's column and value are fields, not text: a quote or a backslash in them is shown as it is.
  const quoted = { ...empty, position: { file: null, line: 2, column: 'Nom', value: 'Ann "Annie", a\\b' } };
  assert.equal(explainError(error(quoted), {}).message, 'Fichier illisible : le fichier est vide (ligne 2, colonne « Nom », valeur « Ann "Annie", a\\b »)');
  setLanguage('en');
  assert.equal(explainError(error(delimiter), {}).message, 'Invalid setting “Column delimiter”: “x” cannot be a delimiter; use “,”, “;”, “\\t” or “|”');
  // A setting error without a key (serde's words on an unknown field) keeps its text.
  const field = { message: 'invalid setting input: unknown field `delimitor`', kind: 'invalid_params', setting: 'input', role: null, headers: null, text: 'unknown field `delimitor`', reason: null, position: none };
  shown = explainError(error(field), {});
  assert.equal(shown.title, 'A setting is invalid');
  assert.equal(shown.message, 'Invalid setting “File reading options”: unknown field `delimitor`');

  // A text without a key (an ingestion detail) is shown as the core wrote it.
  const noKey = { ...missing, kind: 'no_usable_row', role: null, headers: null, text: 'every row was empty', position: {} };
  assert.equal(explainError(error(noKey), {}).message, 'No usable row: every row was empty');
  // And an error that is not the core's, as it is.
  assert.equal(explainError(new Error('no analysis has run yet'), {}).message, 'no analysis has run yet');
});

test('a refused allocation is worded as too little memory, not as a bug, and keeps its words in the second phase', () => {
  // What the worker posts when a module trapped on a failed allocation,
  // its memory then at 4 GiB less 64 KiB.
  const memory = Object.assign(new Error('out of memory'), {
    kind: 'memory',
    detail: { reached_bytes: 4_294_901_760 },
  });
  const nbsp = '\u00a0';
  setLanguage('fr');
  let shown = explainError(memory, { file: { name: 'ventes.csv' } });
  assert.equal(shown.title, STRINGS.fr.error_title_memory);
  assert.equal(shown.message, `L’analyse occupait 4,3${nbsp}Go et n’a pas pu en obtenir davantage.`);
  assert.equal(shown.hint, STRINGS.fr.hint_memory);
  assert.deepEqual(explainError(memory, { during: 'analyses' }), shown);
  setLanguage('en');
  shown = explainError(memory, {});
  assert.equal(shown.message, `The analysis held 4.3${nbsp}GB and could not get more.`);
  assert.match(shown.hint, /command-line tool/);
  // A trap without a refused allocation is still a bug to report.
  const crash = Object.assign(new Error('unreachable'), { kind: 'crash', detail: null });
  assert.equal(explainError(crash, {}).title, STRINGS.en.error_title_crash);
});

test('the preview cut keeps whole lines, and whole UTF-16 code units', () => {
  const utf8 = new TextEncoder().encode('a;b\n1;2\n3;');
  assert.equal(lastLineEnd(utf8), 8);
  // UTF-16 LE with BOM: "a\n€" -> FF FE 61 00 0A 00 AC 20
  const le = Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00, 0xac, 0x20]);
  assert.equal(lastLineEnd(le), 6);
  // UTF-16 BE: FE FF 00 61 00 0A 20 AC
  const be = Uint8Array.from([0xfe, 0xff, 0x00, 0x61, 0x00, 0x0a, 0x20, 0xac]);
  assert.equal(lastLineEnd(be), 6);
  // A "\n" byte inside a UTF-16 code unit (U+0A0A) is not a line end.
  const tricky = Uint8Array.from([0xff, 0xfe, 0x0a, 0x0a, 0x61, 0x00]);
  assert.equal(lastLineEnd(tricky), 6);
});
