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

export interface EdgeLine {
  edge: LineageEdge;
  points: { x: number; y: number }[];
}

export interface LineageLayout {
  nodes: NodeBox[];
  edges: EdgeLine[];
  width: number;
  height: number;
}

/** The lineage as a top-down DAG laid out by dagre: parents above children, one line per edge (several kinds may join a pair). */
export function layoutLineage(lineage: Lineage): LineageLayout {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 64, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Set(lineage.nodes.map((n) => n.instanceId));
  lineage.nodes.forEach((n) => graph.setNode(n.instanceId, { width: NODE_WIDTH, height: NODE_HEIGHT }));
  const edges = lineage.edges.filter((e) => known.has(e.parent) && known.has(e.child) && e.parent !== e.child);
  edges.forEach((e, i) => graph.setEdge(e.parent, e.child, { weight: 1 }, `${e.kind}:${i}`));
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
  const lines = edges.map((edge, i) => ({
    edge, points: (graph.edge({ v: edge.parent, w: edge.child, name: `${edge.kind}:${i}` }).points ?? []) as { x: number; y: number }[],
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
