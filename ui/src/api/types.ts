// The query API's answers, as GET /api/v1/openapi.json describes them. Times are RFC 3339 UTC
// with nanoseconds; durations are nanoseconds.

export interface Span {
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  serviceName: string;
  instanceId: string;
  start: string;
  end: string;
  durationNs: number;
  status: 'Unset' | 'Ok' | 'Error';
  statusMessage: string;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  events: { time: string; name: string; attributes: Record<string, string> }[];
  links: { traceId: string; spanId: string }[];
  orphan: boolean;
}

export interface Trace {
  traceId: string;
  spans: Span[];
  truncated: boolean;
}

export interface TraceSummary {
  traceId: string;
  root: { name: string; serviceName: string };
  start: string;
  end: string;
  durationNs: number;
  services: string[];
  agents: string[];
  instances: number;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
}

export interface TracePage {
  traces: TraceSummary[];
  nextCursor: string | null;
}

export interface Agent {
  instanceId: string;
  ghost?: boolean;
  agentName: string;
  serviceName: string;
  host: string;
  pid: number;
  parentPid?: number;
  start?: string;
  end?: string;
  durationNs?: number;
  status: 'ok' | 'error' | 'missing';
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  gpuSeconds: number;
  traceIds: string[];
}

export interface AgentPage {
  agents: Agent[];
  nextCursor: string | null;
}

export type EdgeKind = 'parent_span' | 'span_link' | 'process' | 'trace';

export interface LineageEdge {
  parent: string;
  child: string;
  kind: EdgeKind;
  evidence: string;
}

export interface Gap {
  instanceId: string;
  kind: EdgeKind;
  missing: string;
  reason: string;
  evidence: string;
}

export interface Lineage {
  instanceId: string;
  root: string;
  nodes: Agent[];
  edges: LineageEdge[];
  totals: { agents: number; inputTokens: number; outputTokens: number; errors: number; gpuSeconds: number };
  gaps: Gap[];
  truncated: boolean;
}

export interface MetricSeries {
  start: string;
  end: string;
  stepSeconds: number;
  groupBy: string;
  unit: string;
  series: ({ group: string; points: { t: string; value: number }[] } & Record<string, unknown>)[];
  truncated: boolean;
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  rowCount: number;
  elapsedMs: number;
  truncated: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string;
  who: string;
  sql: string;
  outcome: string;
  reason: string | null;
  rowCount: number;
  elapsedMs: number;
  prevHash: string;
  hash: string;
}

export interface AuditLog {
  entries: AuditEntry[];
  chain: { ok: boolean; checked: number; brokenAt: number | null; reason?: string | null };
}
