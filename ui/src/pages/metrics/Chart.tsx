import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar, PALETTE, THEME_CHANGE } from '../../lib/theme';
import type { ChartData } from './series';

interface Props {
  data: ChartData;
  /** Formats a y value for the axis and the legend. */
  format: (value: number) => string;
  label: string;
  /** The bucket width in seconds: a lone point gets a bucket of room on each side. */
  stepSeconds: number;
  /** The y axis reaches at least this (100 for a percentage). */
  yAtLeast?: number;
}

/** A uPlot time-series chart that fills its container's width and follows the theme. */
export function Chart({ data, format, label, stepSeconds, yAtLeast = 0 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const onTheme = () => setTheme((t) => t + 1);
    window.addEventListener(THEME_CHANGE, onTheme);
    return () => window.removeEventListener(THEME_CHANGE, onTheme);
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--border'), width: 1 }, ticks: { stroke: cssVar('--border') } };
    const plot = new uPlot({
      width: Math.max(320, el.clientWidth),
      height: 260,
      series: [
        { value: (_u, t) => (t == null ? '' : new Date(t * 1000).toISOString().slice(11, 19)) },
        ...data.lines.map((line, i) => ({
          label: line.label, stroke: PALETTE[i % PALETTE.length], width: 2, dash: line.simulated ? [6, 4] : undefined,
          points: { show: data.x.length < 40 }, value: (_u: uPlot, v: number | null) => (v == null ? '—' : format(v)),
        })),
      ],
      axes: [{ ...axis }, { ...axis, size: 70, values: (_u, values) => values.map(format) }],
      // Times in UTC, as everywhere in Wake; y from 0 (every chart here counts or measures something non-negative).
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      scales: {
        x: { time: true, auto: false, range: [data.x[0] - stepSeconds, data.x[data.x.length - 1] + stepSeconds] },
        y: { range: (_u, _min, max) => [0, Math.max(max * 1.08, yAtLeast) || 1] },
      },
      legend: { live: true },
    }, [data.x, ...data.lines.map((l) => l.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, theme]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
