import type { Span } from '../src/api/types';

/** A span with defaults; `startMs` and `durMs` are offsets from a fixed time. */
export function span(fields: Partial<Span> & { spanId: string; startMs?: number; durMs?: number }): Span {
  const base = Date.parse('2025-03-01T12:00:00Z');
  const { startMs = 0, durMs = 10, ...rest } = fields;
  return {
    parentSpanId: '', name: fields.spanId, kind: 'Internal', serviceName: 'swarm', instanceId: 'i-1',
    start: new Date(base + startMs).toISOString().replace('Z', '000000Z'),
    end: new Date(base + startMs + durMs).toISOString().replace('Z', '000000Z'),
    durationNs: durMs * 1e6, status: 'Unset', statusMessage: '', attributes: {}, resource: {},
    events: [], links: [], orphan: false,
    ...rest,
  };
}
