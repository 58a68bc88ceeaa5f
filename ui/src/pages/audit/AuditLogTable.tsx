import type { AuditLog } from '../../api/types';
import { utc } from '../../lib/format';

/** The audit log, newest first, under the verdict on its hash chain. */
export function AuditLogTable({ log }: { log: AuditLog }) {
  const chain = log.chain;
  return (
    <>
      <p class={`chain ${chain.ok ? 'ok' : 'bad'}`} role="status">
        {chain.ok
          ? <>✔ Hash chain intact: {chain.checked} entr{chain.checked === 1 ? 'y' : 'ies'} checked.</>
          : <>✘ Hash chain broken at entry {chain.brokenAt}{chain.reason ? `: ${chain.reason}` : ''} ({chain.checked} checked).</>}
      </p>
      {log.entries.length === 0 ? <p class="state empty">No audit query yet.</p> : (
        <table class="data audit-log">
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">At (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Outcome</th>
              <th scope="col">SQL</th>
              <th scope="col" class="num">Rows</th>
              <th scope="col" class="num">ms</th>
              <th scope="col">Hash</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e) => (
              <tr key={e.seq} class={chain.brokenAt === e.seq ? 'broken' : ''}>
                <td class="num">{e.seq}</td>
                <td class="mono small">{utc(e.at)}</td>
                <td class="small">{e.who}</td>
                <td class={e.outcome === 'ok' ? '' : 'bad'} title={e.reason ?? ''}>{e.outcome}{e.reason ? `: ${e.reason}` : ''}</td>
                <td class="mono small sql-cell">{e.sql}</td>
                <td class="num">{e.rowCount}</td>
                <td class="num">{e.elapsedMs}</td>
                <td class="mono small" title={e.hash}>{e.hash.slice(0, 10)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
