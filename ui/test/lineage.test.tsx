import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Agent, Lineage } from '../src/api/types';
import { layoutLineage } from '../src/pages/lineage/layout';
import { LineageGraph } from '../src/pages/lineage/LineageGraph';

function agent(instanceId: string, fields: Partial<Agent> = {}): Agent {
  return {
    instanceId, ghost: false, agentName: instanceId.toUpperCase(), serviceName: 'swarm', host: 'h', pid: 1,
    start: '2025-03-01T12:00:00.000000000Z', end: '2025-03-01T12:00:01.000000000Z', durationNs: 1e9, status: 'ok',
    spanCount: 1, errorCount: 0, inputTokens: 10, outputTokens: 5, gpuSeconds: 0, traceIds: ['t1'], ...fields,
  };
}

const lineage: Lineage = {
  instanceId: 'c', root: 'a',
  nodes: [agent('a'), agent('ghost:p:h/7', { ghost: true, status: 'missing', pid: 7, traceIds: [] }), agent('c', { status: 'error' })],
  edges: [
    { parent: 'a', child: 'ghost:p:h/7', kind: 'trace', evidence: 'trace t1' },
    { parent: 'ghost:p:h/7', child: 'c', kind: 'process', evidence: 'pid 7' },
    { parent: 'a', child: 'c', kind: 'span_link', evidence: 'span x' },
    { parent: 'a', child: 'c', kind: 'process', evidence: 'pid 1' },
  ],
  totals: { agents: 2, inputTokens: 20, outputTokens: 10, errors: 1, gpuSeconds: 0 },
  gaps: [{ instanceId: 'c', kind: 'parent_span', missing: 'span t1/x', reason: 'never arrived', evidence: '' }],
  truncated: false,
};

describe('lineage layout', () => {
  it('puts parents above children and routes every edge', () => {
    const model = layoutLineage(lineage);
    const y = Object.fromEntries(model.nodes.map((n) => [n.agent.instanceId, n.y]));
    expect(y.a).toBeLessThan(y['ghost:p:h/7']);
    expect(y['ghost:p:h/7']).toBeLessThan(y.c);
    expect(model.edges).toHaveLength(3);
    expect(model.edges.find((e) => e.child === 'c' && e.parent === 'a')!.edges.map((e) => e.kind)).toEqual(['span_link', 'process']);
    model.edges.forEach((e) => expect(e.points.length).toBeGreaterThan(1));
    expect(model.nodes.find((n) => n.agent.instanceId === 'c')!.gaps).toHaveLength(1);
  });
});

describe('<LineageGraph>', () => {
  it('marks root, ghost, gap and edge kinds; a node is a keyboard button', () => {
    const onSelect = vi.fn();
    const { container } = render(<LineageGraph model={layoutLineage(lineage)} selected={null} onSelect={onSelect} />);
    expect(screen.getByText('ROOT')).toBeTruthy();
    expect(screen.getByText('died before exporting')).toBeTruthy();
    expect(screen.getByText('⚠ gap')).toBeTruthy();
    expect(container.querySelectorAll('.has-span_link path')).toHaveLength(1);
    expect(container.querySelector('.node.ghost')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('button', { name: /^C c, error/ }), { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith('c');
  });
});
