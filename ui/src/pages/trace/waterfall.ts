import type { Span } from '../../api/types';
import { epochMs } from '../../lib/format';

export interface Row {
  span: Span;
  /** Nesting under the row's parent within its agent instance. */
  depth: number;
  /** Start and width on the trace's time axis, in percent. */
  left: number;
  width: number;
  /** The parent span when it belongs to another agent instance (the edge between two agents). */
  crossParent: Span | null;
}

export interface Group {
  instanceId: string;
  agentName: string;
  serviceName: string;
  rows: Row[];
  errorCount: number;
  /** The span in another instance that this instance's first span is a child of, if any. */
  parent: Span | null;
}

export interface Waterfall {
  groups: Group[];
  startMs: number;
  durationMs: number;
}

/**
 * A trace's spans grouped by agent instance (groups in order of their first span), nested by parent
 * within a group, children in start order. A span whose parent is in another group starts a tree
 * of its own and names that parent; an orphan (parent never arrived) does too.
 */
export function buildWaterfall(spans: Span[]): Waterfall {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const startMs = Math.min(...spans.map((s) => epochMs(s.start)));
  const endMs = Math.max(...spans.map((s) => epochMs(s.start) + s.durationNs / 1e6));
  const durationMs = Math.max(endMs - startMs, 1e-6);
  const groupOf = (s: Span) => s.instanceId || s.serviceName;
  const children = new Map<string, Span[]>();
  const tops = new Map<string, Span[]>();
  for (const span of [...spans].sort((a, b) => epochMs(a.start) - epochMs(b.start))) {
    const parent = byId.get(span.parentSpanId);
    const list = parent && groupOf(parent) === groupOf(span)
      ? getOrAdd(children, parent.spanId) : getOrAdd(tops, groupOf(span));
    list.push(span);
  }
  // Spans caught in a parent cycle (bad data) are reached from no top: they become tops themselves.
  const reachable = new Set<string>();
  const mark = (span: Span) => {
    if (reachable.has(span.spanId)) return;
    reachable.add(span.spanId);
    (children.get(span.spanId) ?? []).forEach(mark);
  };
  [...tops.values()].flat().forEach(mark);
  spans.filter((s) => !reachable.has(s.spanId)).forEach((s) => getOrAdd(tops, groupOf(s)).push(s));
  const groups: Group[] = [];
  const visited = new Set<string>();
  for (const [key, roots] of tops) {
    const rows: Row[] = [];
    const visit = (span: Span, depth: number) => {
      if (visited.has(span.spanId)) return;
      visited.add(span.spanId);
      const left = ((epochMs(span.start) - startMs) / durationMs) * 100;
      const parent = byId.get(span.parentSpanId);
      rows.push({
        span, depth, left, width: Math.min(100 - left, (span.durationNs / 1e6 / durationMs) * 100),
        crossParent: depth === 0 && parent ? parent : null,
      });
      (children.get(span.spanId) ?? []).forEach((child) => visit(child, depth + 1));
    };
    roots.forEach((root) => visit(root, 0));
    const first = roots[0];
    groups.push({
      instanceId: key,
      agentName: first.resource['gen_ai.agent.name'] ?? '',
      serviceName: first.serviceName,
      rows,
      errorCount: rows.filter((r) => r.span.status === 'Error').length,
      parent: rows[0]?.crossParent ?? null,
    });
  }
  return { groups, startMs, durationMs };
}

function getOrAdd<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
