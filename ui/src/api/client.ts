import { getToken } from '../lib/settings';

/** An answer of the query API that is not 2xx, in its one error shape, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly where: string | null = null,
  ) {
    super(message);
  }
}

/** Fetches `path` from the query API as JSON, with the stored bearer token when one is set. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const token = getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The query API does not answer: is Wake running (./wake up)?');
  }
  const text = await response.text();
  const body = text ? safeJson(text) : null;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; where?: string } } | null)?.error;
    const message = error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, hint(response.status, message),
      error?.where ?? null);
  }
  return body as T;
}

/** Posts `body` as JSON. */
export function post<T>(path: string, body: unknown): Promise<T> {
  return api<T>(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

function hint(status: number, message: string): string {
  return status === 401 ? `${message} Set an API token under "Token" in the header.` : message;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
