import { useEffect, useState } from 'preact/hooks';

/** The UI's pages, one URL each; the query API answers index.html for every one. */
export type Route =
  | { page: 'home' }
  | { page: 'trace'; traceId: string }
  | { page: 'agent'; instanceId: string }
  | { page: 'metrics' }
  | { page: 'audit' }
  | { page: 'notFound'; path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/metrics') return { page: 'metrics' };
  if (path === '/audit') return { page: 'audit' };
  const trace = /^\/traces\/([^/]+)$/.exec(path);
  if (trace) return { page: 'trace', traceId: decodeURIComponent(trace[1]) };
  const agent = /^\/agents\/([^/]+)$/.exec(path);
  if (agent) return { page: 'agent', instanceId: decodeURIComponent(agent[1]) };
  return { page: 'notFound', path };
}

const CHANGE = 'wake:navigate';

/** Goes to `to` (path and query) without reloading; `replace` keeps the history entry. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/** Replaces the current URL's query with `params` (empty values left out), keeping the path. */
export function setQuery(params: Record<string, string | undefined>, replace = false): void {
  const query = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value) query.set(key, value);
  });
  const text = query.toString();
  navigate(location.pathname + (text ? `?${text}` : ''), replace);
}

/** The current path and query; re-renders on every navigation, back and forward included. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = () => setVersion((v) => v + 1);
    window.addEventListener(CHANGE, update);
    window.addEventListener('popstate', update);
    return () => {
      window.removeEventListener(CHANGE, update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}
