import { describe, expect, it } from 'vitest';
import { buildWaterfall } from '../src/pages/trace/waterfall';
import { span } from './fixtures';

describe('buildWaterfall', () => {
  it('groups by instance, nests by parent, scales to the trace', () => {
    const model = buildWaterfall([
      span({ spanId: 'c', parentSpanId: 'a', startMs: 50, durMs: 50 }),
      span({ spanId: 'a', startMs: 0, durMs: 100 }),
      span({ spanId: 'b', parentSpanId: 'a', instanceId: 'i-2', startMs: 10, durMs: 20 }),
    ]);
    expect(model.groups.map((g) => g.instanceId)).toEqual(['i-1', 'i-2']);
    expect(model.groups[0].rows.map((r) => [r.span.spanId, r.depth])).toEqual([['a', 0], ['c', 1]]);
    expect(model.groups[0].rows[1].left).toBeCloseTo(50);
    expect(model.groups[0].rows[1].width).toBeCloseTo(50);
    expect(model.groups[1].rows[0].crossParent?.spanId).toBe('a');
  });

  it('keeps orphans and spans in a parent cycle', () => {
    const model = buildWaterfall([
      span({ spanId: 'o', parentSpanId: 'gone', orphan: true }),
      span({ spanId: 'x', parentSpanId: 'y' }),
      span({ spanId: 'y', parentSpanId: 'x' }),
    ]);
    const ids = model.groups.flatMap((g) => g.rows.map((r) => r.span.spanId));
    expect(ids.sort()).toEqual(['o', 'x', 'y']);
  });

  it('counts errors per group', () => {
    const model = buildWaterfall([span({ spanId: 'a', status: 'Error' }), span({ spanId: 'b', parentSpanId: 'a' })]);
    expect(model.groups[0].errorCount).toBe(1);
  });
});
