import { Graph, layout } from '@dagrejs/dagre';
import type { Agent, Gap, Lineage, LineageEdge } from '../../api/types';

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 92;

export interface NodeBox {
  agent: Agent;
  /** Top-left corner. */
  x: number;
  y: number;
  isRoot: boolean;
  isFocus: boolean;
  gaps: Gap[];
}

/** The edges between one parent and one child (a child may be tied by several kinds at once), drawn as one line. */
export interface EdgeLine {
  parent: string;
  child: string;
  /** Strongest first: parent span, span link, process, trace. */
  edges: LineageEdge[];
  points: { x: number; y: number }[];
}

const STRENGTH = ['parent_span', 'span_link', 'process', 'trace'];

export interface LineageLayout {
  nodes: NodeBox[];
  edges: EdgeLine[];
  width: number;
  height: number;
}

/** The lineage as a top-down DAG laid out by dagre: parents above children, one line per edge (several kinds may join a pair). */
export function layoutLineage(lineage: Lineage): LineageLayout {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Set(lineage.nodes.map((n) => n.instanceId));
  lineage.nodes.forEach((n) => graph.setNode(n.instanceId, { width: NODE_WIDTH, height: NODE_HEIGHT }));
  const pairs = new Map<string, LineageEdge[]>();
  lineage.edges
    .filter((e) => known.has(e.parent) && known.has(e.child) && e.parent !== e.child)
    .forEach((e) => {
      const key = `${e.parent}\u0000${e.child}`;
      pairs.set(key, [...(pairs.get(key) ?? []), e]);
    });
  pairs.forEach((edges) => graph.setEdge(edges[0].parent, edges[0].child, {}));
  layout(graph);
  const gapsOf = new Map<string, Gap[]>();
  lineage.gaps.forEach((g) => gapsOf.set(g.instanceId, [...(gapsOf.get(g.instanceId) ?? []), g]));
  const nodes = lineage.nodes.map((agent) => {
    const box = graph.node(agent.instanceId);
    return {
      agent, x: box.x - NODE_WIDTH / 2, y: box.y - NODE_HEIGHT / 2,
      isRoot: agent.instanceId === lineage.root, isFocus: agent.instanceId === lineage.instanceId,
      gaps: gapsOf.get(agent.instanceId) ?? [],
    };
  });
  const lines = [...pairs.values()].map((edges) => ({
    parent: edges[0].parent,
    child: edges[0].child,
    edges: [...edges].sort((a, b) => STRENGTH.indexOf(a.kind) - STRENGTH.indexOf(b.kind)),
    points: (graph.edge(edges[0].parent, edges[0].child).points ?? []) as { x: number; y: number }[],
  }));
  const size = graph.graph();
  return { nodes, edges: lines, width: size.width ?? NODE_WIDTH, height: size.height ?? NODE_HEIGHT };
}

/** An SVG path through `points`. */
export function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

export const EDGE_KINDS: Record<string, string> = {
  parent_span: 'parent span',
  span_link: 'span link',
  process: 'process',
  trace: 'same trace (inferred)',
};
