import type { Agent } from '../../api/types';
import { epochMs } from '../../lib/format';

export interface Lane {
  agent: Agent;
  /** Where the bar starts and how wide it is, in percent of the window. */
  left: number;
  width: number;
}

/** The smallest bar, in percent, so that an agent that lived a millisecond still shows. */
export const MIN_WIDTH = 0.25;

/** One lane per instance, oldest first, its bar placed in [start, end] and clipped to it. */
export function lanes(agents: Agent[], start: Date, end: Date): Lane[] {
  const from = start.getTime();
  const span = Math.max(1, end.getTime() - from);
  return agents
    .filter((agent) => agent.start && agent.end)
    .map((agent) => {
      const s = Math.max(from, epochMs(agent.start!));
      const e = Math.min(end.getTime(), Math.max(s, epochMs(agent.end!)));
      const left = Math.min(100 - MIN_WIDTH, ((s - from) / span) * 100);
      return { agent, left, width: Math.max(MIN_WIDTH, ((e - s) / span) * 100) };
    })
    .sort((a, b) => a.left - b.left || a.agent.instanceId.localeCompare(b.agent.instanceId));
}

/**
 * The part of [start, end] where the agents lived, padded by 2 % (at least a second), so a swarm that
 * ran for seconds fills the chart rather than a sliver of an hour.
 */
export function activityExtent(agents: Agent[], start: Date, end: Date): [Date, Date] {
  const lived = agents.filter((a) => a.start && a.end);
  if (lived.length === 0) return [start, end];
  const first = Math.max(start.getTime(), Math.min(...lived.map((a) => epochMs(a.start!))));
  const last = Math.min(end.getTime(), Math.max(...lived.map((a) => epochMs(a.end!))));
  const pad = Math.max(1000, (last - first) * 0.02);
  return [new Date(Math.max(start.getTime(), first - pad)), new Date(Math.min(end.getTime(), last + pad))];
}

/** `count` evenly spaced ticks across the window, as [percent, time]. */
export function ticks(start: Date, end: Date, count = 6): [number, Date][] {
  const span = end.getTime() - start.getTime();
  return Array.from({ length: count }, (_, i) => [(i / (count - 1)) * 100, new Date(start.getTime() + (span * i) / (count - 1))]);
}
