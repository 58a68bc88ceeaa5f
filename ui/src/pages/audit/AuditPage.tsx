import type { AuditLog } from '../../api/types';
import { ErrorBox, Loading } from '../../components/States';
import { useApi } from '../../lib/useApi';
import { AuditLogTable } from './AuditLogTable';
import { SqlConsole } from './SqlConsole';

/** `/audit`: the SQL console and the audit log with its hash-chain check. */
export function AuditPage() {
  const log = useApi<AuditLog>('/api/v1/audit-log?limit=100');
  return (
    <div class="page audit">
      <h1>Audit</h1>
      <SqlConsole onRan={log.reload} />
      <section aria-labelledby="log-title">
        <h2 id="log-title">Audit log</h2>
        {log.loading && !log.data && <Loading what="the audit log" />}
        {log.error && <ErrorBox error={log.error} onRetry={log.reload} />}
        {log.data && <AuditLogTable log={log.data} />}
      </section>
    </div>
  );
}
