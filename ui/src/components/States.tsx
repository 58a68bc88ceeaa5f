import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';

/** The three states every view has besides its data. */
export function Loading({ what }: { what: string }) {
  return <div class="state loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true" />Loading {what}…</div>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state empty">{children}</div>;
}

export function ErrorBox({ error, onRetry }: { error: ApiError | Error; onRetry?: () => void }) {
  const status = 'status' in error && (error as ApiError).status ? ` (${(error as ApiError).status})` : '';
  return (
    <div class="state error" role="alert">
      <strong>Could not load{status}:</strong> {error.message}
      {onRetry && <button type="button" class="link-button" onClick={onRetry}>Retry</button>}
    </div>
  );
}
