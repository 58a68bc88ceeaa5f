import { EDGE_KINDS } from './layout';

/** What the lines and boxes of the lineage graph mean. */
export function Legend() {
  return (
    <div class="lineage-legend" aria-label="Legend">
      {Object.entries(EDGE_KINDS).map(([kind, label]) => (
        <span key={kind} class={`legend-edge edge-${kind}`}>
          <svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" /></svg>{label}
        </span>
      ))}
      <span><span class="swatch status-ok" /> ok</span>
      <span><span class="swatch status-error" /> error</span>
      <span><span class="swatch ghost-swatch" /> ghost (died before exporting)</span>
      <span class="muted">Click a box (or Tab, Enter) for its traces.</span>
    </div>
  );
}
