import type { TraceSummary } from '../../api/types';
import { Link } from '../../components/Link';
import { count, duration, utc } from '../../lib/format';

/** Traces found, newest first; the root's name opens the waterfall. */
export function TraceTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <table class="data traces">
      <thead>
        <tr>
          <th scope="col">Root span</th>
          <th scope="col">Started (UTC)</th>
          <th scope="col" class="num">Duration</th>
          <th scope="col">Agents</th>
          <th scope="col" class="num">Spans</th>
          <th scope="col" class="num">Errors</th>
          <th scope="col" class="num">Tokens in / out</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((t) => (
          <tr key={t.traceId} class={t.errorCount ? 'has-error' : ''}>
            <td>
              <Link href={`/traces/${t.traceId}`}>{t.root.name || '(root span missing)'}</Link>
              <div class="muted mono small">{t.root.serviceName} · {t.traceId}</div>
            </td>
            <td class="mono small">{utc(t.start)}</td>
            <td class="num">{duration(t.durationNs)}</td>
            <td>{t.agents.join(', ') || '—'} <span class="muted">({t.instances})</span></td>
            <td class="num">{t.spanCount}</td>
            <td class={`num ${t.errorCount ? 'bad' : ''}`}>{t.errorCount}</td>
            <td class="num">{count(t.inputTokens)} / {count(t.outputTokens)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
