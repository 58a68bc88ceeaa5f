import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

interface State<T> {
  path: string | null;
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

/**
 * GETs `path` (null: nothing yet) whenever it changes. The data of another path is never shown
 * (a new search shows its loading state, not the old rows); a reload keeps the data until the answer.
 */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<State<T>>({ path, data: null, error: null, loading: path !== null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ path, data: s.path === path ? s.data : null, error: null, loading: true }));
    api<T>(path, { signal: controller.signal })
      .then((data) => setState({ path, data, error: null, loading: false }))
      .catch((e: Error) => {
        if (e.name === 'AbortError') return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'client', e.message);
        setState({ path, data: null, error, loading: false });
      });
    return () => controller.abort();
  }, [path, version]);
  const current = state.path === path;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current || state.loading,
    reload: () => setVersion((v) => v + 1),
  };
}
