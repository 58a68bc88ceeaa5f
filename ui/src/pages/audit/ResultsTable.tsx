import type { SqlResult } from '../../api/types';

/** An audit query's answer: columns with their ClickHouse types, rows as text. */
export function ResultsTable({ result }: { result: SqlResult }) {
  return (
    <div class="results-scroll">
      <table class="data results">
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th scope="col" key={c.name}>{c.name} <span class="muted small">{c.type}</span></th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row, i) => (
            <tr key={i}>{row.map((cell, j) => <td key={j} class="mono small">{text(cell)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function text(cell: unknown): string {
  if (cell === null || cell === undefined) return 'NULL';
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}
