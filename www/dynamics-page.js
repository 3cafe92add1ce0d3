// The dynamic-segmentation part of the results screen, as one unit for
// app.js: migrations, survival, the after-campaign readout, the control
// draw and the snapshots. Each panel lives in its own module; this one
// hands them the summary, the charts and the worker calls.

import { byId } from './dom.js';
import { MigrationsView, renderSurvival } from './dynamics.js';
import { renderUplift } from './uplift.js';
import { ControlPanel, segmentLabelOf } from './control.js';
import { SnapshotsPanel } from './snapshots.js';
import { updateToc } from './results.js';

export class DynamicsPage {
  /**
   * @param {object} hooks
   * @param {(type: string, payload?: object, options?: object) => Promise<any>} hooks.call a worker request
   * @param {(filter: object, title: string, count: number) => void} hooks.openList opens a customer list
   * @param {(kind: string, filter: object | null, title: string, button: HTMLElement) => Promise<void>} hooks.download
   */
  constructor({ call, openList, download }) {
    this.summary = null;
    this.charts = {};
    this.migrations = new MigrationsView(byId('migrations-view'), { name: 'migration-method', openList });
    this.control = new ControlPanel(
      (params) => call('drawControl', { params }),
      (kind, title, button) => download(kind, null, title, button),
    );
    this.snapshots = new SnapshotsPanel(
      () => call('snapshotJson'),
      (bytes, lang) => call('compareSnapshot', { bytes, language: lang }, { transfer: [bytes] }),
      openList,
    );
  }

  show(summary, charts) {
    this.summary = summary;
    this.charts = charts ?? {};
    this.render();
    this.control.show(summary);
    this.snapshots.show(summary);
    updateToc();
  }

  /** Re-renders in the current language with the charts drawn anew. */
  relabel(charts) {
    if (!this.summary) return;
    if (charts) this.charts = charts;
    this.render();
    this.control.relabel();
    this.snapshots.relabel();
  }

  render() {
    const { summary, charts } = this;
    const migrations = summary.migrations ?? {};
    byId('migrations').hidden = Object.keys(migrations).length === 0;
    // The core draws the flow diagram of the RFM migrations.
    this.migrations.show(migrations, { rfm: charts.migrations }, summary.migrations_skipped);
    renderSurvival(summary.survival ?? null, charts.survival);
    renderUplift(summary.uplift ?? null, charts.uplift, (key) => segmentLabelOf(summary, key));
  }
}
