import { describe, expect, it } from 'vitest';
import { agentSearchQuery, readSearch, traceSearchQuery } from '../src/pages/home/search';
import { lanes, MIN_WIDTH } from '../src/pages/home/timeline';

describe('search', () => {
  it('turns the form into the API parameters', () => {
    const search = readSearch(new URLSearchParams('agent=planner&status=error&attr=gen_ai.request.model=gpt-4o%20k=v'));
    expect(traceSearchQuery(search)).toBe('agent=planner&status=error&attr.gen_ai.request.model=gpt-4o&attr.k=v');
    expect(agentSearchQuery(search)).toBe('name=planner&status=error');
  });
});

describe('lanes', () => {
  it('gives an agent that lived a millisecond a visible bar', () => {
    const start = new Date('2025-03-01T11:00:00Z');
    const end = new Date('2025-03-01T12:00:00Z');
    const [lane] = lanes([{
      instanceId: 'i', agentName: 'a', serviceName: 's', host: 'h', pid: 1, status: 'ok', spanCount: 1, errorCount: 0,
      inputTokens: 0, outputTokens: 0, gpuSeconds: 0, traceIds: [],
      start: '2025-03-01T11:30:00.000000000Z', end: '2025-03-01T11:30:00.001000000Z',
    }], start, end);
    expect(lane.left).toBeCloseTo(50);
    expect(lane.width).toBe(MIN_WIDTH);
  });
});
