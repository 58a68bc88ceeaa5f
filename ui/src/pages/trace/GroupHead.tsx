import { Link } from '../../components/Link';
import { shortId } from '../../lib/format';
import type { Group } from './waterfall';

/** An agent instance's header in the waterfall: name, instance (opens its lineage), the parent span it was spawned under. */
export function GroupHead({ group, onSelect }: { group: Group; onSelect: (spanId: string) => void }) {
  const parent = group.parent;
  const parentAgent = parent ? parent.resource['gen_ai.agent.name'] || parent.serviceName : '';
  return (
    <h3 class="wf-group-head">
      <span class="agent-name">{group.agentName || group.serviceName}</span>
      <Link href={`/agents/${encodeURIComponent(group.instanceId)}`} title="Open this instance's lineage">
        {shortId(group.instanceId, 16)}
      </Link>
      <span class="muted">{group.serviceName} · {group.rows.length} span{group.rows.length === 1 ? '' : 's'}</span>
      {group.errorCount > 0 && <span class="badge bad">{group.errorCount} error{group.errorCount === 1 ? '' : 's'}</span>}
      {parent && (
        <span class="muted small from">
          ↰ under <button type="button" class="link-button" onClick={() => onSelect(parent.spanId)}>{parent.name}</button>
          of {parentAgent}
        </span>
      )}
    </h3>
  );
}
