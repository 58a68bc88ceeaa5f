import { useState } from 'preact/hooks';
import type { Agent } from '../../api/types';
import { count, duration, shortId } from '../../lib/format';
import { EDGE_KINDS, NODE_HEIGHT, NODE_WIDTH, pathOf, type LineageLayout, type NodeBox } from './layout';

interface Props {
  model: LineageLayout;
  selected: string | null;
  onSelect: (instanceId: string) => void;
}

/** The spawn DAG: a box per instance (status, lifetime, tokens, GPU), edges styled by kind, root, focus, ghosts and gaps marked. */
export function LineageGraph({ model, selected, onSelect }: Props) {
  const [fit, setFit] = useState(false);
  return (
    <div>
      <div class="graph-tools">
        <button type="button" aria-pressed={fit} onClick={() => setFit(!fit)}
          title="Shrink the whole chain into the box, or show it at its actual size">
          {fit ? 'Actual size' : 'Fit to width'}
        </button>
      </div>
      <div class={`lineage-graph ${fit ? 'fit' : ''}`}>
        <svg width={model.width} height={model.height} viewBox={`0 0 ${model.width} ${model.height}`}
          role="group" aria-label="Lineage graph">
          <defs>
            {Object.keys(EDGE_KINDS).map((kind) => (
              <marker id={`arrow-${kind}`} key={kind} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" class={`arrow edge-${kind}`} />
              </marker>
            ))}
          </defs>
          {model.edges.map(({ parent, child, edges, points }) => {
            const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
            const kind = edges[0].kind;
            const names = edges.map((e) => EDGE_KINDS[e.kind] ?? e.kind);
            return (
              <g key={`${parent}>${child}`} class={['edge', `edge-${kind}`, ...edges.map((e) => `has-${e.kind}`)].join(' ')}>
                <title>{edges.map((e) => `${EDGE_KINDS[e.kind] ?? e.kind}: ${e.evidence}`).join('\n')}</title>
                <path d={pathOf(points)} marker-end={`url(#arrow-${kind})`} />
                <text x={mid.x + 6} y={mid.y} class="edge-label">{[...new Set(names)].join(' + ')}</text>
              </g>
            );
          })}
          {model.nodes.map((box) => (
            <Node key={box.agent.instanceId} box={box} selected={box.agent.instanceId === selected} onSelect={onSelect} />
          ))}
        </svg>
      </div>
    </div>
  );
}

function Node({ box, selected, onSelect }: { box: NodeBox; selected: boolean; onSelect: (id: string) => void }) {
  const a = box.agent;
  const classes = ['node', `node-${a.status}`, a.ghost ? 'ghost' : '', box.isFocus ? 'focus' : '', selected ? 'selected' : '']
    .filter(Boolean).join(' ');
  return (
    <g class={classes} transform={`translate(${box.x},${box.y})`} tabIndex={0} role="button"
      aria-label={label(a, box)} aria-pressed={selected}
      onClick={() => onSelect(a.instanceId)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(a.instanceId))}>
      <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx="8" />
      <rect width="6" height={NODE_HEIGHT} rx="3" class="status-strip" />
      <text x="14" y="20" class="node-title">{a.ghost ? 'died before exporting' : (a.agentName || a.serviceName || '?')}</text>
      {box.isRoot && <text x={NODE_WIDTH - 10} y="20" text-anchor="end" class="node-badge">ROOT</text>}
      <text x="14" y="38" class="node-id">{a.ghost ? `${a.host} pid ${a.pid}` : shortId(a.instanceId, 24)}</text>
      <text x="14" y="56" class="node-line">
        {a.ghost ? 'ghost: known from its children' : `${a.status} · lived ${duration(a.durationNs ?? 0)}`}
      </text>
      <text x="14" y="74" class="node-line">
        {a.ghost ? 'status: missing' : `${count(a.inputTokens + a.outputTokens)} tok · GPU ${a.gpuSeconds.toFixed(1)} s · ${a.errorCount} err`}
      </text>
      {box.gaps.length > 0 && <text x={NODE_WIDTH - 10} y="86" text-anchor="end" class="node-gap">⚠ gap</text>}
    </g>
  );
}

function label(a: Agent, box: NodeBox): string {
  const what = a.ghost ? `Ghost agent ${a.host} pid ${a.pid}, died before exporting` : `${a.agentName} ${a.instanceId}, ${a.status}`;
  return `${what}${box.isRoot ? ', root' : ''}${box.gaps.length ? `, ${box.gaps.length} gap` : ''}`;
}
