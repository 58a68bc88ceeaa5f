import { useMemo, useState } from 'preact/hooks';
import type { MetricSeries } from '../../api/types';
import { WindowPicker } from '../../components/WindowPicker';
import { count } from '../../lib/format';
import { setQuery } from '../../lib/router';
import { resolveWindow, windowQuery } from '../../lib/timeWindow';
import { useApi } from '../../lib/useApi';
import { ChartCard } from './ChartCard';
import { Choice } from './Choice';

const GIB = 1024 ** 3;

/** `/metrics?gpuBy=&tokensBy=&source=`: GPU utilisation and memory, tokens by model / agent over the window. */
export function MetricsPage({ query }: { query: URLSearchParams }) {
  const [refresh, setRefresh] = useState(0);
  const key = query.toString();
  const window = useMemo(() => resolveWindow(query), [key, refresh]);
  const range = windowQuery(window);
  const gpuBy = query.get('gpuBy') ?? 'gpu';
  const tokensBy = query.get('tokensBy') ?? 'model';
  const source = query.get('source') ?? 'spans';
  const set = (name: string) => (value: string) => setQuery({ ...Object.fromEntries(query.entries()), [name]: value }, true);
  const utilization = useApi<MetricSeries>(`/api/v1/metrics/gpu?metric=utilization&groupBy=${gpuBy}&${range}`);
  const memory = useApi<MetricSeries>(`/api/v1/metrics/gpu?metric=memory&groupBy=${gpuBy}&${range}`);
  const tokens = useApi<MetricSeries>(`/api/v1/metrics/tokens?groupBy=${tokensBy}&source=${source}&${range}`);
  const gpuControl = <Choice label="Group GPUs by" value={gpuBy} options={['gpu', 'host', 'agent', 'instance']} onChange={set('gpuBy')} />;
  const noGpu = <>No GPU samples in this window: agents report <code>hw.gpu.utilization</code> and <code>hw.gpu.memory.usage</code>
    (or DCGM's exporter its <code>DCGM_FI_DEV_*</code>).</>;
  return (
    <div class="page metrics">
      <div class="page-head">
        <h1>Metrics</h1>
        <WindowPicker key={key + refresh} window={window} query={query} onRefresh={() => setRefresh((r) => r + 1)} />
      </div>
      <div class="chart-grid">
        <ChartCard title="GPU utilisation" loaded={utilization} scale={100} yAtLeast={100} format={(v) => `${v.toFixed(0)} %`}
          empty={noGpu} controls={gpuControl} />
        <ChartCard title="GPU memory" loaded={memory} scale={1 / GIB} format={(v) => `${v.toFixed(1)} GiB`} empty={noGpu} />
      </div>
      <ChartCard title="Tokens" loaded={tokens} format={(v) => count(Math.round(v))}
        empty={<>No token usage in this window: spans carry <code>gen_ai.usage.input_tokens</code> / <code>output_tokens</code>,
          metrics <code>gen_ai.client.token.usage</code>.</>}
        controls={<>
          <Choice label="Group tokens by" value={tokensBy} options={['model', 'agent', 'host', 'instance']} onChange={set('tokensBy')} />
          <Choice label="Source" value={source} options={['spans', 'metric']} onChange={set('source')} />
        </>} />
    </div>
  );
}
