// Test data helpers: a small RFC 4180 CSV reader and a seeded generator of
// realistic order files (for the cancel test and the browser benchmark).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Rows of a CSV text (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Total skipped rows of a summary's `rows` object. */
export function sumSkipped(rows) {
  return Object.values(rows?.skipped ?? {}).reduce((sum, n) => sum + n, 0);
}

/** A small seeded PRNG (mulberry32): the same seed gives the same file. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `rows` orders as a French `;` CSV (about 50 bytes a row):
 * `N° client;Date de commande;N° commande;Montant TTC;Canal`, with
 * customers ≈ rows / 4, skewed so that a few buy often, dd/mm/yyyy dates
 * over three years and decimal-comma amounts.
 */
export async function writeOrders(path, rows, { seed = 7, customers = Math.max(10, Math.round(rows / 4)) } = {}) {
  const next = random(seed);
  const out = createWriteStream(path);
  out.write('N° client;Date de commande;N° commande;Montant TTC;Canal\n');
  const start = Date.UTC(2022, 0, 1);
  const channels = ['web', 'magasin', 'téléphone'];
  let batch = [];
  for (let i = 0; i < rows; i += 1) {
    // Squaring skews towards low ids: a few customers buy very often.
    const customer = 1 + Math.floor(next() * next() * customers);
    const day = new Date(start + Math.floor(next() * 1095) * 86_400_000);
    const date = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
    const amount = (5 + next() * next() * 400).toFixed(2).replace('.', ',');
    batch.push(`CL${String(customer).padStart(7, '0')};${date};${100000000 + i};${amount};${channels[i % 3]}`);
    if (batch.length === 50_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}
