import type { MetricSeries } from '../../api/types';
import { epochMs } from '../../lib/format';

export interface ChartData {
  /** Seconds since the epoch, ascending: the union of every series' bucket starts. */
  x: number[];
  lines: { label: string; values: (number | null)[]; simulated: boolean }[];
}

/**
 * The API's series aligned on one time axis (a bucket a series lacks is null, a gap in its line),
 * labelled by group, plus the token type where there is one, and "simulated" where so marked.
 */
export function alignSeries(answer: MetricSeries, scale = 1): ChartData {
  const times = new Set<number>();
  answer.series.forEach((s) => s.points.forEach((p) => times.add(Math.round(epochMs(p.t) / 1000))));
  const x = [...times].sort((a, b) => a - b);
  const at = new Map(x.map((t, i) => [t, i]));
  const lines = answer.series.map((s) => {
    const values: (number | null)[] = x.map(() => null);
    s.points.forEach((p) => (values[at.get(Math.round(epochMs(p.t) / 1000))!] = p.value * scale));
    const simulated = s.simulated === true;
    const type = typeof s.type === 'string' ? ` ${s.type}` : '';
    return { label: `${s.group || '(none)'}${type}${simulated ? ' (simulated)' : ''}`, values, simulated };
  });
  return { x, lines };
}
