import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing yet) whenever it changes; an answer to an older path is dropped. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null, error: null, loading: path !== null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path, { signal: controller.signal })
      .then((data) => setState({ data, error: null, loading: false }))
      .catch((e: Error) => {
        if (e.name === 'AbortError') return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'client', e.message);
        setState({ data: null, error, loading: false });
      });
    return () => controller.abort();
  }, [path, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}
