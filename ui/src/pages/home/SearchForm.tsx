import { useState } from 'preact/hooks';
import { navigate, setQuery } from '../../lib/router';
import { SEARCH_FIELDS, type Search } from './search';

interface Props {
  search: Search;
  query: URLSearchParams;
}

/** Search by trace id (opens it), agent, service, operation, status, attributes and duration; the window is the page's. */
export function SearchForm({ search, query }: Props) {
  const [draft, setDraft] = useState<Search>(search);
  const [traceId, setTraceId] = useState('');
  const field = (name: keyof Search) => ({
    id: `search-${name}`,
    name,
    value: draft[name],
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value }),
  });
  const submit = (event: Event) => {
    event.preventDefault();
    if (traceId.trim()) {
      navigate(`/traces/${traceId.trim().toLowerCase()}`);
      return;
    }
    const keep = Object.fromEntries([...query.entries()].filter(([key]) => ['last', 'start', 'end'].includes(key)));
    setQuery({ ...keep, ...draft });
  };
  const clear = () => {
    setDraft(Object.fromEntries(SEARCH_FIELDS.map((f) => [f, ''])) as Search);
    setTraceId('');
    const keep = Object.fromEntries([...query.entries()].filter(([key]) => ['last', 'start', 'end'].includes(key)));
    setQuery(keep);
  };
  return (
    <form class="search-form" onSubmit={submit} aria-label="Search traces">
      <label for="search-traceId">Trace id
        <input id="search-traceId" value={traceId} placeholder="32 hex digits: opens it"
          onInput={(e) => setTraceId((e.target as HTMLInputElement).value)} />
      </label>
      <label for="search-agent">Agent<input {...field('agent')} placeholder="gen_ai.agent.name" /></label>
      <label for="search-service">Service<input {...field('service')} placeholder="service.name" /></label>
      <label for="search-operation">Operation<input {...field('operation')} placeholder="span name" /></label>
      <label for="search-status">Status
        <select {...field('status')}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
          <option value="unset">unset</option>
        </select>
      </label>
      <label for="search-minDurationMs">Min duration (ms)<input {...field('minDurationMs')} type="number" min="0" /></label>
      <label for="search-attr" class="wide">Attributes<input {...field('attr')} placeholder="key=value key2=value2" /></label>
      <div class="actions">
        <button type="submit" class="primary">Search</button>
        <button type="button" onClick={clear}>Clear</button>
      </div>
    </form>
  );
}
