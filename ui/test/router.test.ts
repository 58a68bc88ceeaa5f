import { describe, expect, it } from 'vitest';
import { parseRoute } from '../src/lib/router';
import { resolveWindow } from '../src/lib/timeWindow';

describe('parseRoute', () => {
  it('names each page by its URL', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
    expect(parseRoute('/traces/abc')).toEqual({ page: 'trace', traceId: 'abc' });
    expect(parseRoute('/agents/ghost%3Ap%3Ah%2F1')).toEqual({ page: 'agent', instanceId: 'ghost:p:h/1' });
    expect(parseRoute('/metrics/')).toEqual({ page: 'metrics' });
    expect(parseRoute('/audit')).toEqual({ page: 'audit' });
    expect(parseRoute('/nope')).toEqual({ page: 'notFound', path: '/nope' });
  });
});

describe('resolveWindow', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('defaults to the last hour', () => {
    const window = resolveWindow(new URLSearchParams(), now);
    expect(window.last).toBe('1h');
    expect(now - window.start.getTime()).toBe(3_600_000);
  });

  it('prefers an explicit start and end', () => {
    const window = resolveWindow(new URLSearchParams('start=2025-02-01T00:00:00Z&end=2025-02-01T01:00:00Z&last=5m'), now);
    expect(window.last).toBe('');
    expect(window.start.toISOString()).toBe('2025-02-01T00:00:00.000Z');
  });
});
