import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Waterfall } from '../src/pages/trace/Waterfall';
import { buildWaterfall } from '../src/pages/trace/waterfall';
import { span } from './fixtures';

describe('<Waterfall>', () => {
  const model = buildWaterfall([
    span({ spanId: 'a', name: 'invoke_agent planner', resource: { 'gen_ai.agent.name': 'planner' } }),
    span({ spanId: 'b', name: 'chat gpt-4o', parentSpanId: 'a', status: 'Error' }),
    span({ spanId: 'o', name: 'lost child', parentSpanId: 'dead', orphan: true, instanceId: 'i-2' }),
  ]);

  it('shows each instance, marks errors and orphans', () => {
    render(<Waterfall model={model} selected={null} onSelect={() => {}} />);
    expect(screen.getByText('planner')).toBeTruthy();
    expect(screen.getByText('orphan')).toBeTruthy();
    expect(screen.getByText('chat gpt-4o').closest('button')!.className).toContain('is-error');
  });

  it('selects a span by click and moves with the arrow keys', () => {
    const onSelect = vi.fn();
    render(<Waterfall model={model} selected="a" onSelect={onSelect} />);
    fireEvent.click(screen.getByText('lost child'));
    expect(onSelect).toHaveBeenCalledWith('o');
    fireEvent.keyDown(screen.getByText('invoke_agent planner'), { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenLastCalledWith('b');
  });
});
