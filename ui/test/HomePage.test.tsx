import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setToken } from '../src/lib/settings';
import { HomePage } from '../src/pages/home/HomePage';
import { mockFetch } from './fetchMock';

afterEach(() => vi.unstubAllGlobals());

const agent = {
  instanceId: 'i-1', agentName: 'planner', serviceName: 'swarm', host: 'h', pid: 1, status: 'error', spanCount: 3,
  errorCount: 1, inputTokens: 100, outputTokens: 20, gpuSeconds: 0, traceIds: ['t'],
  start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() - 59_000).toISOString(), durationNs: 1e9,
};

describe('<HomePage>', () => {
  it('shows counts, a lane per agent and the traces, sending the token', async () => {
    setToken('t-acme');
    const fetch = mockFetch((url) => url.startsWith('/api/v1/agents')
      ? { body: { agents: [agent], nextCursor: null } }
      : { body: { traces: [{ traceId: 'ab'.repeat(16), root: { name: 'invoke_agent planner', serviceName: 'swarm' },
        start: agent.start, end: agent.end, durationNs: 1e9, services: ['swarm'], agents: ['planner'], instances: 1,
        spanCount: 3, errorCount: 1, inputTokens: 100, outputTokens: 20 }], nextCursor: null } });
    render(<HomePage query={new URLSearchParams('agent=planner')} />);
    expect(await screen.findByRole('link', { name: 'invoke_agent planner' })).toBeTruthy();
    expect(screen.getByText('Agents with errors').nextElementSibling!.textContent).toBe('1');
    expect(document.querySelectorAll('.swimlanes .bar.status-error')).toHaveLength(1);
    expect(fetch.mock.calls[0][0]).toContain('name=planner');
    expect(new Headers(fetch.mock.calls[0][1]!.headers).get('Authorization')).toBe('Bearer t-acme');
  });

  it('says when nothing lived in the window, and when the API refuses', async () => {
    mockFetch((url) => url.startsWith('/api/v1/agents')
      ? { body: { agents: [], nextCursor: null } }
      : { status: 401, body: { error: { status: 401, code: 'unauthorized', message: 'missing bearer token', where: null } } });
    render(<HomePage query={new URLSearchParams()} />);
    expect(await screen.findByText(/No agent instance was alive/)).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('Set an API token');
  });
});
