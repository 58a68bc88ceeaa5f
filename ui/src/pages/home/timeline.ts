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

/** `count` evenly spaced ticks across the window, as [percent, time]. */
export function ticks(start: Date, end: Date, count = 6): [number, Date][] {
  const span = end.getTime() - start.getTime();
  return Array.from({ length: count }, (_, i) => [(i / (count - 1)) * 100, new Date(start.getTime() + (span * i) / (count - 1))]);
}
