import { useMemo } from 'preact/hooks';
import type { Trace } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { count, duration, utc } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { useEscape } from '../../lib/useEscape';
import { SpanDetail } from './SpanDetail';
import { Waterfall } from './Waterfall';
import { buildWaterfall } from './waterfall';

/** `/traces/{traceId}?span={spanId}`: the waterfall and the selected span. */
export function TracePage({ traceId, query }: { traceId: string; query: URLSearchParams }) {
  const trace = useApi<Trace>(`/api/v1/traces/${encodeURIComponent(traceId)}`);
  const model = useMemo(() => (trace.data?.spans.length ? buildWaterfall(trace.data.spans) : null), [trace.data]);
  const selectedId = query.get('span');
  const select = (spanId: string | null) =>
    navigate(`/traces/${encodeURIComponent(traceId)}${spanId ? `?span=${spanId}` : ''}`, true);
  useEscape(selectedId !== null, () => select(null));
  if (trace.loading) return <div class="page"><h1>Trace {traceId}</h1><Loading what="the trace" /></div>;
  if (trace.error) {
    return (
      <div class="page">
        <h1>Trace {traceId}</h1>
        {trace.error.status === 404
          ? <Empty>No trace <code>{traceId}</code> for this token: it never arrived, is past retention, or belongs to another tenant.</Empty>
          : <ErrorBox error={trace.error} onRetry={trace.reload} />}
      </div>
    );
  }
  if (!trace.data || !model) return <div class="page"><h1>Trace {traceId}</h1><Empty>This trace has no spans.</Empty></div>;
  const spans = trace.data.spans;
  const selected = spans.find((s) => s.spanId === selectedId) ?? null;
  const tokens = spans.reduce((sum, s) => sum + Number(s.attributes['gen_ai.usage.input_tokens'] ?? 0)
    + Number(s.attributes['gen_ai.usage.output_tokens'] ?? 0), 0);
  const errors = spans.filter((s) => s.status === 'Error').length;
  return (
    <div class="page trace">
      <div class="page-head">
        <h1>Trace <span class="mono">{traceId}</span></h1>
        <p class="summary">
          {spans.length} spans · {model.groups.length} agent instance{model.groups.length === 1 ? '' : 's'} · {duration(model.durationMs * 1e6)} ·
          started {utc(model.startMs)} · <span class={errors ? 'bad' : ''}>{errors} error{errors === 1 ? '' : 's'}</span> · {count(tokens)} tokens
          {spans.some((s) => s.orphan) && <> · <span class="badge warn">has orphans</span></>}
        </p>
        {trace.data.truncated && <p class="state error">Only the first 50,000 spans are shown.</p>}
        {selectedId && !selected && (
          <p class="state">Span <code>{selectedId}</code> is not in this trace: it never arrived (its agent died before
            exporting, or it is past retention).</p>
        )}
      </div>
      <div class={`trace-body ${selected ? 'with-detail' : ''}`}>
        <Waterfall model={model} selected={selected?.spanId ?? null} onSelect={select} />
        {selected && (
          <SpanDetail key={selected.spanId} span={selected} onSelect={select} onClose={() => select(null)}
            parent={spans.find((s) => s.spanId === selected.parentSpanId) ?? null} />
        )}
      </div>
    </div>
  );
}
