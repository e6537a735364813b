import type { ComponentChildren, HTMLAttributes } from 'preact';
import { ApiError } from '../api/client';
import type { Resource } from '../hooks';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong. Try again.';
}

interface FieldProps {
  id: string;
  label: ComponentChildren;
  error?: string | null | undefined;
  hint?: ComponentChildren;
  children: ComponentChildren;
  class?: string;
}

/** A labelled form control with an optional hint and error message (ids: `${id}-hint`, `${id}-error`). */
export function Field({ id, label, error, hint, children, class: cls }: FieldProps) {
  return (
    <div class={`field${error ? ' field--error' : ''}${cls ? ` ${cls}` : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error, testid }: { id: string; error?: string | null | undefined; testid?: string }) {
  if (!error) return null;
  return (
    <p class="field__error" id={`${id}-error`} data-testid={testid ?? `field-error-${id}`}>
      {error}
    </p>
  );
}

/** aria attributes for a control rendered inside <Field>. */
export function describedBy(id: string, opts: { error?: string | null | undefined; hint?: boolean }) {
  const ids = [opts.hint ? `${id}-hint` : '', opts.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    'aria-describedby': ids || undefined,
    'aria-invalid': opts.error ? (true as const) : undefined,
  };
}

type BannerKind = 'error' | 'info' | 'success' | 'warning';

export function Banner({
  kind = 'info',
  children,
  onDismiss,
  testid,
}: {
  kind?: BannerKind;
  children: ComponentChildren;
  onDismiss?: () => void;
  testid?: string;
}) {
  return (
    <div
      class={`banner banner--${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testid ?? (kind === 'error' ? 'error-banner' : `${kind}-banner`)}
    >
      <div class="banner__body">{children}</div>
      {onDismiss && (
        <button type="button" class="btn btn--ghost btn--small" onClick={onDismiss} aria-label="Dismiss message">
          ✕
        </button>
      )}
    </div>
  );
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Banner kind="error">
      <span>{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" class="btn btn--small btn--secondary banner__action" onClick={onRetry}>
          Try again
        </button>
      )}
    </Banner>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="loading" role="status" data-testid="loading">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty-state">
      <p class="empty__title">{title}</p>
      {children && <div class="empty__body">{children}</div>}
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children && <div class="page-header__extra">{children}</div>}
    </div>
  );
}

export function Card({ children, class: cls, ...rest }: HTMLAttributes<HTMLElement> & { class?: string }) {
  return (
    <section class={`card${cls ? ` ${cls}` : ''}`} {...rest}>
      {children}
    </section>
  );
}

/**
 * The three states of a loaded resource: a spinner until the first answer, then the error with
 * "Try again", else `children` with the data.
 */
export function Loaded<T>({ res, label, children }: { res: Resource<T>; label?: string; children: (data: T) => ComponentChildren }) {
  if (res.loading && res.data === null) return <Loading {...(label ? { label } : {})} />;
  if (res.error || res.data === null) return <ErrorBanner error={res.error} onRetry={res.reload} />;
  return <>{children(res.data)}</>;
}
