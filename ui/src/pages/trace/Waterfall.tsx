import type { Span } from '../../api/types';
import { Link } from '../../components/Link';
import { duration, shortId } from '../../lib/format';
import type { Waterfall as Model } from './waterfall';

interface Props {
  model: Model;
  selected: string | null;
  onSelect: (spanId: string) => void;
}

/** Spans on the trace's time axis, grouped by agent instance, nested by parent; errors and orphans marked. */
export function Waterfall({ model, selected, onSelect }: Props) {
  const order = model.groups.flatMap((g) => g.rows.map((r) => r.span.spanId));
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const at = selected ? order.indexOf(selected) : -1;
    const next = order[Math.max(0, Math.min(order.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    onSelect(next);
    document.getElementById(`span-${next}`)?.focus();
  };
  return (
    <div class="waterfall" onKeyDown={onKey}>
      <div class="wf-axis" aria-hidden="true">
        <span>0</span><span>{duration((model.durationMs * 1e6) / 2)}</span><span>{duration(model.durationMs * 1e6)}</span>
      </div>
      {model.groups.map((group) => (
        <section class="wf-group" key={group.instanceId} aria-label={`Agent instance ${group.instanceId}`}>
          <h3 class="wf-group-head">
            <span class="agent-name">{group.agentName || group.serviceName}</span>
            <Link href={`/agents/${encodeURIComponent(group.instanceId)}`} title="Open this instance's lineage">
              {shortId(group.instanceId, 16)}
            </Link>
            <span class="muted">{group.serviceName} · {group.rows.length} spans</span>
            {group.errorCount > 0 && <span class="badge bad">{group.errorCount} errors</span>}
          </h3>
          {group.rows.map((row) => (
            <button type="button" id={`span-${row.span.spanId}`} key={row.span.spanId}
              class={`wf-row ${row.span.spanId === selected ? 'selected' : ''} ${row.span.status === 'Error' ? 'is-error' : ''}`}
              aria-pressed={row.span.spanId === selected} onClick={() => onSelect(row.span.spanId)}>
              <span class="wf-name" style={{ paddingLeft: `${row.depth * 14 + 4}px` }}>
                {row.span.status === 'Error' && <span class="mark bad" title="error">●</span>}
                {row.span.name}
                <Notes span={row.span} crossParent={row.crossParent} />
              </span>
              <span class="wf-track">
                <span class={`wf-bar kind-${row.span.status.toLowerCase()}`}
                  style={{ left: `${row.left}%`, width: `max(2px, ${row.width}%)` }} />
                <span class="wf-dur" style={{ left: `min(${row.left + row.width}%, 88%)` }}>{duration(row.span.durationNs)}</span>
              </span>
            </button>
          ))}
        </section>
      ))}
    </div>
  );
}

function Notes({ span, crossParent }: { span: Span; crossParent: Span | null }) {
  return (
    <>
      {span.orphan && <span class="badge warn" title={`parent span ${span.parentSpanId} never arrived`}>orphan</span>}
      {crossParent && <span class="badge" title={`child of ${crossParent.name} in another agent`}>↰ {crossParent.name}</span>}
      {span.links.length > 0 && <span class="badge link" title="has span links">⇢ {span.links.length} link{span.links.length > 1 ? 's' : ''}</span>}
    </>
  );
}
