import { useEffect, useMemo } from 'preact/hooks';
import type { Lineage } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { count } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { useEscape } from '../../lib/useEscape';
import { layoutLineage, NODE_HEIGHT, NODE_WIDTH } from './layout';
import { LineageGraph } from './LineageGraph';
import { Legend } from './Legend';
import { NodeDetail } from './NodeDetail';

/** `/agents/{instanceId}?node={id}`: the instance's ancestors and descendants across traces, the chain's totals and gaps. */
export function LineagePage({ instanceId, query }: { instanceId: string; query: URLSearchParams }) {
  const lineage = useApi<Lineage>(`/api/v1/agents/${encodeURIComponent(instanceId)}/lineage?direction=both`);
  const model = useMemo(() => (lineage.data ? layoutLineage(lineage.data) : null), [lineage.data]);
  const selectedId = query.get('node');
  useEffect(() => {
    // A deep chain is taller than its box: scroll the box (not the page) to the instance asked for.
    const box = document.querySelector<HTMLElement>('.lineage-graph');
    const focus = model?.nodes.find((n) => n.isFocus);
    if (box && focus) {
      box.scrollTop = focus.y + NODE_HEIGHT / 2 - box.clientHeight / 2;
      box.scrollLeft = focus.x + NODE_WIDTH / 2 - box.clientWidth / 2;
    }
  }, [model]);
  const select = (id: string | null) =>
    navigate(`/agents/${encodeURIComponent(instanceId)}${id ? `?node=${encodeURIComponent(id)}` : ''}`, true);
  useEscape(selectedId !== null, () => select(null));
  const focus = lineage.data?.nodes.find((n) => n.instanceId === instanceId);
  const head = (
    <h1>Lineage of {focus?.agentName && <>{focus.agentName} </>}<span class="mono small">{instanceId}</span></h1>
  );
  if (lineage.loading) return <div class="page">{head}<Loading what="the lineage" /></div>;
  if (lineage.error) {
    return (
      <div class="page">{head}
        {lineage.error.status === 404
          ? <Empty>No agent instance <code>{instanceId}</code> for this token.</Empty>
          : <ErrorBox error={lineage.error} onRetry={lineage.reload} />}
      </div>
    );
  }
  if (!lineage.data || !model) return null;
  const data = lineage.data;
  const selected = data.nodes.find((n) => n.instanceId === selectedId) ?? null;
  const t = data.totals;
  return (
    <div class="page lineage">
      <div class="page-head">
        {head}
        <dl class="stats totals" aria-label="Chain totals">
          <div class="stat"><dt>Agents</dt><dd>{t.agents}</dd></div>
          <div class="stat"><dt>Tokens in / out</dt><dd>{count(t.inputTokens)} / {count(t.outputTokens)}</dd></div>
          <div class={`stat ${t.errors ? 'bad' : ''}`}><dt>Errors</dt><dd>{t.errors}</dd></div>
          <div class="stat"><dt>GPU</dt><dd>{t.gpuSeconds.toFixed(1)} s</dd></div>
          <div class={`stat ${data.gaps.length ? 'warn' : ''}`}><dt>Gaps</dt><dd>{data.gaps.length}</dd></div>
        </dl>
        {data.truncated && <p class="state error">The chain is larger than 100,000 instances: only part is shown.</p>}
      </div>
      <Legend />
      <div class={`lineage-body ${selected ? 'with-detail' : ''}`}>
        <LineageGraph model={model} selected={selected?.instanceId ?? null} onSelect={select} />
        {selected && (
          <NodeDetail key={selected.instanceId} agent={selected} onClose={() => select(null)}
            gaps={data.gaps.filter((g) => g.instanceId === selected.instanceId)}
            parents={data.edges.filter((e) => e.child === selected.instanceId)} />
        )}
      </div>
      {data.gaps.length > 0 && (
        <section aria-labelledby="gaps-title">
          <h2 id="gaps-title">Gaps</h2>
          <ul class="gaps">
            {data.gaps.map((g) => (
              <li key={g.instanceId + g.missing}>
                <button type="button" class="link-button" onClick={() => select(g.instanceId)}>{g.instanceId}</button>
                {' '}({g.kind}): <strong>{g.missing}</strong>: {g.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
