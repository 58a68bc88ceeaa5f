import type { SqlResult } from '../../api/types';

/** RFC 4180 CSV of a result: a header of column names, CRLF line ends, fields quoted where needed. */
export function toCsv(result: SqlResult): string {
  const lines = [result.columns.map((c) => field(c.name)), ...result.rows.map((row) => row.map(field))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

function field(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Offers `text` as a file download named `name`. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
