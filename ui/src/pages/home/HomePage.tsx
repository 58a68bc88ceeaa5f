import { useMemo, useState } from 'preact/hooks';
import type { AgentPage, TracePage } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { WindowPicker } from '../../components/WindowPicker';
import { resolveWindow, windowQuery } from '../../lib/timeWindow';
import { useApi } from '../../lib/useApi';
import { agentSearchQuery, readSearch, traceSearchQuery } from './search';
import { SearchForm } from './SearchForm';
import { StatCards } from './StatCards';
import { Swimlanes } from './Swimlanes';
import { TraceTable } from './TraceTable';

const AGENT_LIMIT = 500;

/** `/`: agent instances of the window as swimlanes, their counts, and the trace search. */
export function HomePage({ query }: { query: URLSearchParams }) {
  const [refresh, setRefresh] = useState(0);
  const key = query.toString();
  const window = useMemo(() => resolveWindow(query), [key, refresh]);
  const search = readSearch(query);
  const range = windowQuery(window);
  const agentFilter = agentSearchQuery(search);
  const agents = useApi<AgentPage>(`/api/v1/agents?${range}&limit=${AGENT_LIMIT}${agentFilter ? `&${agentFilter}` : ''}`);
  const traceFilter = traceSearchQuery(search);
  const traces = useApi<TracePage>(`/api/v1/traces?${range}&limit=50${traceFilter ? `&${traceFilter}` : ''}`);
  return (
    <div class="page home">
      <div class="page-head">
        <h1>Recent activity</h1>
        <WindowPicker key={key + refresh} window={window} query={query} onRefresh={() => setRefresh((r) => r + 1)} />
      </div>
      <section aria-labelledby="agents-title">
        <h2 id="agents-title">Agent instances{agentFilter ? ' (filtered by agent / status)' : ''}</h2>
        {agents.loading && <Loading what="agent instances" />}
        {agents.error && <ErrorBox error={agents.error} onRetry={agents.reload} />}
        {agents.data && (
          <>
            <StatCards agents={agents.data.agents} more={agents.data.nextCursor !== null} />
            {agents.data.agents.length === 0
              ? <Empty>No agent instance was alive in this window. Widen it, or run <code>./wake demo</code>.</Empty>
              : <Swimlanes agents={agents.data.agents} start={window.start} end={window.end} />}
            {agents.data.nextCursor && <p class="muted small">The {AGENT_LIMIT} newest instances; narrow the window for the others.</p>}
          </>
        )}
      </section>
      <section aria-labelledby="search-title">
        <h2 id="search-title">Traces</h2>
        <SearchForm key={key} search={search} query={query} />
        {traces.loading && <Loading what="traces" />}
        {traces.error && <ErrorBox error={traces.error} onRetry={traces.reload} />}
        {traces.data && (traces.data.traces.length === 0
          ? <Empty>No trace in this window matches.</Empty>
          : <>
            <TraceTable traces={traces.data.traces} />
            {traces.data.nextCursor && <p class="muted small">The 50 newest traces that match; narrow the search or the window for others.</p>}
          </>)}
      </section>
    </div>
  );
}
