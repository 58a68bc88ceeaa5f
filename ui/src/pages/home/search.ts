/** The trace search form's fields, as the URL (and the API) name them. */
export const SEARCH_FIELDS = ['agent', 'service', 'operation', 'status', 'minDurationMs', 'attr'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export type Search = Record<SearchField, string>;

export function readSearch(query: URLSearchParams): Search {
  return Object.fromEntries(SEARCH_FIELDS.map((field) => [field, query.get(field) ?? ''])) as Search;
}

/**
 * The query string of GET /api/v1/traces for a search: `attr` holds `key=value` pairs separated by
 * spaces, each becoming `attr.key=value`.
 */
export function traceSearchQuery(search: Search): string {
  const params = new URLSearchParams();
  (['agent', 'service', 'operation', 'status', 'minDurationMs'] as const).forEach((field) => {
    if (search[field].trim()) params.set(field, search[field].trim());
  });
  search.attr.split(/\s+/).filter(Boolean).forEach((pair) => {
    const equals = pair.indexOf('=');
    if (equals > 0) params.append(`attr.${pair.slice(0, equals)}`, pair.slice(equals + 1));
  });
  return params.toString();
}

/** The query string of GET /api/v1/agents for a search: the agents' filters that exist (name, status). */
export function agentSearchQuery(search: Search): string {
  const params = new URLSearchParams();
  if (search.agent.trim()) params.set('name', search.agent.trim());
  if (search.status === 'ok' || search.status === 'error') params.set('status', search.status);
  return params.toString();
}
