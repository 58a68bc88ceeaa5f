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
}

/** A uPlot time-series chart that fills its container's width and follows the theme. */
export function Chart({ data, format, label }: Props) {
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
      scales: { x: { time: true } },
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
