import type { Span } from '../../api/types';
import { KeyValues } from '../../components/KeyValues';
import { Link } from '../../components/Link';
import { duration, epochMs, utc } from '../../lib/format';

interface Props {
  span: Span;
  parent: Span | null;
  onSelect: (spanId: string) => void;
  onClose: () => void;
}

/** One span: identity, timing, status, attributes, events, links (each opens the linked trace) and resource. */
export function SpanDetail({ span, parent, onSelect, onClose }: Props) {
  const startMs = epochMs(span.start);
  return (
    <aside class="span-detail" aria-label={`Span ${span.name}`}>
      <div class="detail-head">
        <h2>{span.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close span details (Escape)">✕</button>
      </div>
      <dl class="facts">
        <dt>Status</dt>
        <dd class={span.status === 'Error' ? 'bad' : ''}>{span.status}{span.statusMessage && `: ${span.statusMessage}`}</dd>
        <dt>Duration</dt><dd>{duration(span.durationNs)}</dd>
        <dt>Start</dt><dd class="mono small">{utc(span.start)}</dd>
        <dt>Kind</dt><dd>{span.kind}</dd>
        <dt>Service</dt><dd>{span.serviceName}</dd>
        <dt>Instance</dt>
        <dd><Link href={`/agents/${encodeURIComponent(span.instanceId)}`}>{span.instanceId}</Link></dd>
        <dt>Span id</dt><dd class="mono small">{span.spanId}</dd>
        <dt>Parent</dt>
        <dd class="mono small">
          {!span.parentSpanId && 'none (a root span)'}
          {parent && <button type="button" class="link-button" onClick={() => onSelect(parent.spanId)}>{parent.name}</button>}
          {span.orphan && <span class="bad">{span.parentSpanId}: never arrived (orphan)</span>}
        </dd>
      </dl>
      <h3>Attributes</h3>
      <KeyValues values={span.attributes} label="Attributes" />
      <h3>Events</h3>
      {span.events.length === 0 ? <p class="muted small">No events.</p> : (
        <ul class="events">
          {span.events.map((event, i) => (
            <li key={i}>
              <strong>{event.name}</strong> <span class="muted">+{duration((epochMs(event.time) - startMs) * 1e6)}</span>
              <KeyValues values={event.attributes} label="Event attributes" />
            </li>
          ))}
        </ul>
      )}
      <h3>Links</h3>
      {span.links.length === 0 ? <p class="muted small">No links.</p> : (
        <ul class="links">
          {span.links.map((link) => (
            <li key={link.traceId + link.spanId}>
              <Link href={`/traces/${link.traceId}?span=${link.spanId}`} class="mono small">
                trace {link.traceId} · span {link.spanId}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Resource ({Object.keys(span.resource).length})</summary>
        <KeyValues values={span.resource} label="Resource" />
      </details>
    </aside>
  );
}
