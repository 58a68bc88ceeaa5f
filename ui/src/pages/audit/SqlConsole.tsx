import { useState } from 'preact/hooks';
import { ApiError, post } from '../../api/client';
import type { SqlResult } from '../../api/types';
import { Loading } from '../../components/States';
import { download, toCsv } from './csv';
import { ResultsTable } from './ResultsTable';

const EXAMPLES: Record<string, string> = {
  'Spans per service': 'SELECT ServiceName, count() AS spans, countIf(StatusCode = \'Error\') AS errors\nFROM otel_traces\nGROUP BY ServiceName\nORDER BY spans DESC',
  'Tokens per model': 'SELECT SpanAttributes[\'gen_ai.request.model\'] AS model,\n  sum(toUInt64OrZero(SpanAttributes[\'gen_ai.usage.input_tokens\'])) AS input,\n  sum(toUInt64OrZero(SpanAttributes[\'gen_ai.usage.output_tokens\'])) AS output\nFROM otel_traces\nWHERE model != \'\'\nGROUP BY model\nORDER BY input DESC',
  'Agents that failed': 'SELECT ResourceAttributes[\'gen_ai.agent.name\'] AS agent, AgentInstanceId, count() AS errors\nFROM otel_traces\nWHERE StatusCode = \'Error\'\nGROUP BY agent, AgentInstanceId\nORDER BY errors DESC\nLIMIT 100',
};

/** The audit SQL editor: run (Ctrl+Enter), the answer as a table, CSV export, refusals with their reason. */
export function SqlConsole({ onRan }: { onRan: () => void }) {
  const [sql, setSql] = useState(EXAMPLES['Spans per service']);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SqlResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await post<SqlResult>('/api/v1/sql', { sql }));
    } catch (e) {
      setResult(null);
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', (e as Error).message));
    } finally {
      setRunning(false);
      onRan();
    }
  };
  return (
    <section class="sql-console" aria-labelledby="sql-title">
      <h2 id="sql-title">SQL console</h2>
      <p class="muted small">One read-only SELECT over Wake's tables (otel_*, lineage, audit_log), scoped to your tenant;
        every query is recorded in the audit log below.</p>
      <div class="examples">
        {Object.entries(EXAMPLES).map(([name, text]) => (
          <button type="button" key={name} onClick={() => setSql(text)}>{name}</button>
        ))}
      </div>
      <label for="sql-editor" class="visually-hidden">SQL</label>
      <textarea id="sql-editor" class="sql-editor" spellcheck={false} rows={8} value={sql}
        onInput={(e) => setSql((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' && (e.preventDefault(), run())} />
      <div class="row">
        <button type="button" class="primary" onClick={run} disabled={running || !sql.trim()}>Run (Ctrl+Enter)</button>
        <button type="button" disabled={!result} onClick={() => result && download(`wake-audit-${Date.now()}.csv`, toCsv(result))}>
          Export CSV
        </button>
        {result && (
          <span class="muted small">{result.rowCount} row{result.rowCount === 1 ? '' : 's'} in {Math.round(result.elapsedMs * 10) / 10} ms{result.truncated ? ' · truncated (WAKE_SQL_MAX_ROWS)' : ''}</span>
        )}
      </div>
      {running && <Loading what="the answer" />}
      {error && <SqlError error={error} />}
      {result && (result.rows.length === 0 ? <p class="state empty">No rows.</p> : <ResultsTable result={result} />)}
    </section>
  );
}

function SqlError({ error }: { error: ApiError }) {
  const title = error.status === 403 ? 'Refused: not allowed' : error.status === 400 ? 'Refused: not valid'
    : error.status === 503 ? 'Not run' : 'Failed';
  return (
    <div class="state error sql-error" role="alert">
      <strong>{title}{error.status ? ` (${error.status})` : ''}.</strong> {error.message}
      {error.where && <span class="muted"> (at {error.where})</span>}
    </div>
  );
}
