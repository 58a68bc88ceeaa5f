/** Milliseconds since the epoch of an RFC 3339 time, keeping its sub-millisecond digits. */
export function epochMs(time: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return Date.parse(time);
  const whole = Date.parse(match[1] + match[3]);
  const fraction = match[2] ? Number(`0.${match[2]}`) * 1000 : 0;
  return whole + fraction;
}

/** A duration in nanoseconds, in the unit that reads best: 850 ns, 12.3 ms, 4.2 s, 3 m 05 s. */
export function duration(ns: number): string {
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${trim(ns / 1_000)} µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000)} ms`;
  const s = ns / 1_000_000_000;
  if (s < 60) return `${trim(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A count, short: 950, 12.4k, 3.1M. */
export function count(value: number): string {
  if (value < 10_000) return value.toLocaleString('en-US');
  if (value < 1_000_000) return `${(value / 1_000).toFixed(1)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** A time in UTC, as the API gives it, to the millisecond: 2025-01-31 14:03:07.123Z. */
export function utc(time: string | number | Date): string {
  const date = typeof time === 'string' ? new Date(epochMs(time)) : new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return date.toISOString().replace('T', ' ');
}

/** The first characters of a long id, enough to tell ids apart on screen. */
export function shortId(id: string, length = 8): string {
  return id.length > length + 2 ? `${id.slice(0, length)}…` : id;
}
