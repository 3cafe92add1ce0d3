// The worker's requests for dynamic segmentation (issue 6), kept apart from
// worker.js: the control draw, the snapshot of the session and the
// comparison with a saved one, and the campaign list read before `finish`.
// Each calls one method of the wasm `Session` / `Analyzer`.

import { isSpreadsheetStart } from './bytes.js';

/**
 * Request handlers, given the function that returns the current session
 * (or throws when no analysis has run) and `packSnapshot(bytes)`, which
 * reads a snapshot file in the spreadsheet module (once it is in) and
 * packs it for the main module.
 */
export function dynamicsHandlers(requireSession, packSnapshot) {
  return {
    /** `{method, segments, share, seed}` → `{seed, share, method, by_segment, …}`; exports then carry campaign_group. */
    async drawControl({ params }) {
      return requireSession().drawControl(params);
    },

    /** The session's snapshot JSON (the same text as the CLI's snapshot.json). */
    async snapshotJson() {
      return requireSession().snapshotJson();
    },

    /** The comparison with a snapshot's bytes, labelled in `language`. */
    async compareSnapshot({ bytes, language }) {
      const session = requireSession();
      return session.compareSnapshot(await packSnapshot(new Uint8Array(bytes)), language);
    },
  };
}

/**
 * The campaign list's bytes (as CSV) and name, or null without one. A
 * workbook list goes through the spreadsheet module first: `workbookAsCsv`
 * (bytes, name) → CSV bytes, awaited once that module is in.
 */
export async function readCampaignList(campaignList, workbookAsCsv) {
  if (!campaignList) return null;
  const bytes = new Uint8Array(await campaignList.arrayBuffer());
  const csv = isSpreadsheetStart(bytes) ? await workbookAsCsv(bytes, campaignList.name) : bytes;
  return { bytes: csv, name: campaignList.name };
}

/** Reads the campaign list (a File handle) into the analyzer, before `finish`. */
export async function attachCampaignList(analyzer, campaignList, workbookAsCsv) {
  const list = await readCampaignList(campaignList, workbookAsCsv);
  if (list) analyzer.attachCampaignList(list.bytes, list.name);
}
