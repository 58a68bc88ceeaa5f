import type { Agent } from '../../api/types';
import { count } from '../../lib/format';

/** Agents, agents in error, error spans and tokens of the instances shown. */
export function StatCards({ agents, more }: { agents: Agent[]; more: boolean }) {
  const errored = agents.filter((a) => a.status === 'error').length;
  const errorSpans = agents.reduce((sum, a) => sum + a.errorCount, 0);
  const input = agents.reduce((sum, a) => sum + a.inputTokens, 0);
  const output = agents.reduce((sum, a) => sum + a.outputTokens, 0);
  return (
    <dl class="stats">
      <Stat label="Agent instances" value={`${count(agents.length)}${more ? '+' : ''}`} />
      <Stat label="Agents with errors" value={count(errored)} tone={errored ? 'bad' : undefined} />
      <Stat label="Error spans" value={count(errorSpans)} tone={errorSpans ? 'bad' : undefined} />
      <Stat label="Tokens (in / out)" value={`${count(input)} / ${count(output)}`} />
    </dl>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: 'bad' }) {
  return (
    <div class={`stat ${tone ?? ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
