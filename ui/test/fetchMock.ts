import { vi } from 'vitest';

/** Replaces fetch: each call answers what `answer(url, init)` returns, as JSON with its status. */
export function mockFetch(answer: (url: string, init?: RequestInit) => { status?: number; body: unknown }) {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const { status = 200, body } = answer(url, init);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
