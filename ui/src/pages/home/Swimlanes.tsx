import { useState } from 'preact/hooks';
import type { Agent } from '../../api/types';
import { Link } from '../../components/Link';
import { count, duration, shortId } from '../../lib/format';
import { activityExtent, lanes, ticks } from './timeline';

/** A lane per agent instance alive in the window, its lifetime as a bar coloured by status; a bar opens the lineage. */
export function Swimlanes({ agents, start, end }: { agents: Agent[]; start: Date; end: Date }) {
  const [fit, setFit] = useState(true);
  const [from, to] = fit ? activityExtent(agents, start, end) : [start, end];
  const rows = lanes(agents, from, to);
  const showSeconds = to.getTime() - from.getTime() < 5 * 60_000;
  return (
    <figure class="swimlanes" aria-label="Agent instances over time">
      <div class="lane axis" aria-hidden="true">
        <span class="lane-label" />
        <div class="track">
          {ticks(from, to).map(([at, time]) => (
            <span class="tick" key={at} style={{ left: `${at}%` }}>
              {time.toISOString().slice(11, showSeconds ? 23 : 19)}
            </span>
          ))}
        </div>
      </div>
      <div class="lanes-body">
        {rows.map(({ agent, left, width }) => (
          <div class="lane" key={agent.instanceId}>
            <span class="lane-label" title={agent.instanceId}>
              {agent.agentName || agent.serviceName} <span class="muted">{shortId(agent.instanceId)}</span>
            </span>
            <div class="track">
              <Link href={`/agents/${encodeURIComponent(agent.instanceId)}`} class={`bar status-${agent.status}`}
                title={tooltip(agent)} style={{ left: `${left}%`, width: `${width}%` }}>
                <span class="visually-hidden">{tooltip(agent)}</span>
              </Link>
            </div>
          </div>
        ))}
      </div>
      <figcaption class="legend">
        <span class="swatch status-ok" /> ok <span class="swatch status-error" /> error
        <span class="muted"> · {rows.length} instances, oldest first; times UTC; a bar opens the agent's lineage</span>
        <label class="fit">
          <input type="checkbox" checked={fit} onChange={() => setFit(!fit)} /> Fit the axis to the activity
        </label>
      </figcaption>
    </figure>
  );
}

function tooltip(agent: Agent): string {
  return `${agent.agentName || agent.serviceName} ${agent.instanceId}: ${agent.status}, lived ${duration(agent.durationNs ?? 0)}, `
    + `${agent.spanCount} spans, ${count(agent.inputTokens + agent.outputTokens)} tokens`;
}
