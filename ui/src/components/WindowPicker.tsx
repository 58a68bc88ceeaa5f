import { useState } from 'preact/hooks';
import { setQuery } from '../lib/router';
import { PRESETS, type TimeWindow } from '../lib/timeWindow';

interface Props {
  window: TimeWindow;
  query: URLSearchParams;
  onRefresh: () => void;
}

/** The window in the URL: a preset (last 15 minutes, ...) or an explicit UTC start and end. */
export function WindowPicker({ window, query, onRefresh }: Props) {
  const [start, setStart] = useState(local(window.start));
  const [end, setEnd] = useState(local(window.end));
  const keep = Object.fromEntries([...query.entries()].filter(([key]) => !['last', 'start', 'end'].includes(key)));
  const apply = (event: Event) => {
    event.preventDefault();
    setQuery({ ...keep, start: `${start}:00Z`, end: `${end}:00Z` });
  };
  return (
    <div class="window-picker">
      <div class="presets" role="group" aria-label="Time window">
        {Object.keys(PRESETS).map((last) => (
          <button type="button" key={last} aria-pressed={window.last === last}
            onClick={() => setQuery({ ...keep, last })}>{last}</button>
        ))}
      </div>
      <form class="custom" onSubmit={apply} aria-label="Explicit window (UTC)">
        <input type="datetime-local" aria-label="Start (UTC)" value={start} required
          onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
        <span aria-hidden="true">→</span>
        <input type="datetime-local" aria-label="End (UTC)" value={end} required
          onInput={(e) => setEnd((e.target as HTMLInputElement).value)} />
        <span class="muted">UTC</span>
        <button type="submit">Apply</button>
      </form>
      <button type="button" onClick={onRefresh} title="Load the window again">↻ Refresh</button>
    </div>
  );
}

/** `2025-01-31T14:03` of a date in UTC, what a datetime-local input holds. */
function local(date: Date): string {
  return date.toISOString().slice(0, 16);
}
