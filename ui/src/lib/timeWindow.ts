/** The time window a page shows, as the URL holds it: `last=1h`, or `start=` and `end=` (RFC 3339). */
export interface TimeWindow {
  start: Date;
  end: Date;
  /** The preset, or '' for an explicit window. */
  last: string;
}

export const PRESETS: Record<string, number> = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

export const DEFAULT_LAST = '1h';

/** The window of `params` at `now`: an explicit start/end wins, else a preset, else the last hour. */
export function resolveWindow(params: URLSearchParams, now = Date.now()): TimeWindow {
  const start = params.get('start');
  const end = params.get('end');
  if (start) {
    const startDate = new Date(start);
    const endDate = end ? new Date(end) : new Date(now);
    if (!Number.isNaN(startDate.getTime()) && !Number.isNaN(endDate.getTime())) {
      return { start: startDate, end: endDate, last: '' };
    }
  }
  const last = params.get('last') ?? DEFAULT_LAST;
  const span = PRESETS[last] ?? PRESETS[DEFAULT_LAST];
  return { start: new Date(now - span), end: new Date(now), last: PRESETS[last] ? last : DEFAULT_LAST };
}

/** `start=...&end=...` of a window for an API call. */
export function windowQuery(window: TimeWindow): string {
  return `start=${encodeURIComponent(window.start.toISOString())}&end=${encodeURIComponent(window.end.toISOString())}`;
}
