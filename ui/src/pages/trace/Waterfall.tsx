import type { Span } from '../../api/types';
import { duration } from '../../lib/format';
import { GroupHead } from './GroupHead';
import type { Row, Waterfall as Model } from './waterfall';

interface Props {
  model: Model;
  selected: string | null;
  onSelect: (spanId: string) => void;
}

/** Spans on the trace's time axis, grouped by agent instance, nested by parent; errors and orphans marked; arrows move the selection. */
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
          <GroupHead group={group} onSelect={onSelect} />
          {group.rows.map((row) => (
            <button type="button" id={`span-${row.span.spanId}`} key={row.span.spanId}
              class={`wf-row ${row.span.spanId === selected ? 'selected' : ''} ${row.span.status === 'Error' ? 'is-error' : ''}`}
              aria-pressed={row.span.spanId === selected} onClick={() => onSelect(row.span.spanId)}>
              <span class="wf-name" style={{ paddingLeft: `${row.depth * 14 + 4}px` }}>
                {row.span.status === 'Error' && <span class="mark bad" title="error">●</span>}
                <Badges span={row.span} />
                {row.span.name}
              </span>
              <span class="wf-track">
                <span class={`wf-bar kind-${row.span.status.toLowerCase()}`}
                  style={{ left: `${row.left}%`, width: `max(2px, ${row.width}%)` }} />
                <DurationLabel row={row} />
              </span>
            </button>
          ))}
        </section>
      ))}
    </div>
  );
}

/** The duration beside its bar: after it, or before it (or inside) when the bar reaches the right edge. */
function DurationLabel({ row }: { row: Row }) {
  const end = row.left + row.width;
  const text = duration(row.span.durationNs);
  if (end < 78) return <span class="wf-dur" style={{ left: `${end}%` }}>{text}</span>;
  if (row.left > 14) return <span class="wf-dur before" style={{ right: `${100 - row.left}%` }}>{text}</span>;
  return <span class="wf-dur inside" style={{ right: `${100 - end}%` }}>{text}</span>;
}

function Badges({ span }: { span: Span }) {
  return (
    <>
      {span.orphan && <span class="badge warn" title={`parent span ${span.parentSpanId} never arrived`}>orphan</span>}
      {span.links.length > 0 && (
        <span class="badge link" title="has span links: select it to follow them">⇢ {span.links.length}</span>
      )}
    </>
  );
}
