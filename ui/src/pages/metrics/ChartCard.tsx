import type { ComponentChildren } from 'preact';
import type { MetricSeries } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/States';
import type { Loaded } from '../../lib/useApi';
import { Chart } from './Chart';
import { alignSeries } from './series';

interface Props {
  title: string;
  loaded: Loaded<MetricSeries>;
  format: (value: number) => string;
  scale?: number;
  yAtLeast?: number;
  empty: ComponentChildren;
  controls?: ComponentChildren;
}

/** A titled chart of one metrics answer, with its loading, empty and error states. */
export function ChartCard({ title, loaded, format, scale = 1, yAtLeast, empty, controls }: Props) {
  const answer = loaded.data;
  return (
    <section class="chart-card" aria-label={title}>
      <div class="chart-head">
        <h2>{title}</h2>
        {controls}
      </div>
      {loaded.loading && <Loading what={title.toLowerCase()} />}
      {loaded.error && <ErrorBox error={loaded.error} onRetry={loaded.reload} />}
      {answer && (answer.series.length === 0 ? <Empty>{empty}</Empty> : (
        <>
          <Chart data={alignSeries(answer, scale)} format={format} label={title} stepSeconds={answer.stepSeconds}
            yAtLeast={yAtLeast} />
          <p class="muted small">
            {answer.series.length} series · a point per {answer.stepSeconds} s{answer.truncated ? ' · truncated' : ''}
          </p>
        </>
      ))}
    </section>
  );
}
