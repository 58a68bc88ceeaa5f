import type { Agent, Gap, LineageEdge } from '../../api/types';
import { Link } from '../../components/Link';
import { count, duration, utc } from '../../lib/format';
import { EDGE_KINDS } from './layout';

interface Props {
  agent: Agent;
  gaps: Gap[];
  parents: LineageEdge[];
  onClose: () => void;
}

/** The selected instance: lifetime, identity, usage, how it is tied to its parent, its gaps and its traces. */
export function NodeDetail({ agent, gaps, parents, onClose }: Props) {
  return (
    <aside class="node-detail" aria-label={`Agent ${agent.instanceId}`}>
      <div class="detail-head">
        <h2>{agent.ghost ? 'Ghost agent' : agent.agentName || agent.serviceName}</h2>
        <button type="button" onClick={onClose} aria-label="Close agent details (Escape)">✕</button>
      </div>
      {agent.ghost && (
        <p class="state">This process died before exporting anything. Wake knows it only from its children, which name it
          as their parent process (and its span as their parent or link).</p>
      )}
      <dl class="facts">
        <dt>Instance</dt><dd class="mono small">{agent.instanceId}</dd>
        <dt>Status</dt><dd class={agent.status === 'error' ? 'bad' : ''}>{agent.status}</dd>
        {agent.start && <><dt>Lifetime</dt><dd>{utc(agent.start)} · {duration(agent.durationNs ?? 0)}</dd></>}
        <dt>Host / pid</dt><dd>{agent.host} / {agent.pid}{agent.parentPid ? ` (parent pid ${agent.parentPid})` : ''}</dd>
        {agent.serviceName && <><dt>Service</dt><dd>{agent.serviceName}</dd></>}
        <dt>Spans</dt><dd>{agent.spanCount} ({agent.errorCount} errors)</dd>
        <dt>Tokens</dt><dd>{count(agent.inputTokens)} in / {count(agent.outputTokens)} out</dd>
        <dt>GPU</dt><dd>{agent.gpuSeconds.toFixed(2)} GPU·s</dd>
        <dt>Parent by</dt>
        <dd>{parents.length === 0 ? 'none found' : parents.map((p) => `${EDGE_KINDS[p.kind] ?? p.kind} (${p.evidence})`).join('; ')}</dd>
      </dl>
      {gaps.length > 0 && (
        <>
          <h3>Gaps</h3>
          <ul class="gaps">{gaps.map((g) => <li key={g.missing}><strong>{g.missing}</strong>: {g.reason}</li>)}</ul>
        </>
      )}
      <h3>Traces ({agent.traceIds.length})</h3>
      {agent.traceIds.length === 0 ? <p class="muted small">No trace: nothing arrived from it.</p> : (
        <ul class="trace-links">
          {agent.traceIds.map((id) => <li key={id}><Link href={`/traces/${id}`} class="mono small">{id}</Link></li>)}
        </ul>
      )}
      {!agent.ghost && <p><Link href={`/agents/${encodeURIComponent(agent.instanceId)}`}>Lineage centred on this instance</Link></p>}
    </aside>
  );
}
