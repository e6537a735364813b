// Small fetch wrapper for the jobrec JSON API.
//
// - cookie session (credentials: 'same-origin')
// - every state-changing request carries X-CSRF-Token, read from the jobrec_csrf cookie
//   at the moment of the request
// - any 4xx/5xx is turned into an ApiError carrying the server's {code, message, field}

export const API_BASE = '/api/v1';
export const CSRF_COOKIE = 'jobrec_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The (raw) field name the server blamed, e.g. "technical_skills" or "min_salary.amount". */
  readonly field: string | null;

  constructor(status: number, code: string, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function genericMessage(status: number): string {
  if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status === 409) return 'This was changed elsewhere. Reload and try again.';
  if (status === 413) return 'That is too large.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return `The server had a problem (HTTP ${status}). Try again in a moment.`;
  return `Request failed (HTTP ${status}).`;
}

/**
 * A server message as a sentence for display, with the same words: "no such resource" ->
 * "No such resource.". The first letter is capitalised only when the message starts with a
 * plain lower-case word (not "technical_skills[2]: …", "iOS …" or "e.g."); a final full stop is
 * added when it ends without punctuation.
 */
export function displayMessage(raw: string): string {
  let s = raw.trim();
  if (s === '') return s;
  if (/^[a-z]+(?=[\s,;:!?]|$)/.test(s)) s = s.charAt(0).toUpperCase() + s.slice(1);
  if (!/[.!?…]$/.test(s)) s += '.';
  return s;
}

/**
 * Turn an error response into an ApiError. `body` is the parsed JSON body if any
 * (or a string / undefined when the body was not JSON).
 */
export function parseErrorBody(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    const code = typeof e.code === 'string' && e.code !== '' ? e.code : `http_${status}`;
    const message =
      typeof e.message === 'string' && e.message.trim() !== '' ? displayMessage(e.message) : genericMessage(status);
    const field = typeof e.field === 'string' && e.field.trim() !== '' ? e.field : null;
    return new ApiError(status, code, message, field);
  }
  return new ApiError(status, `http_${status}`, genericMessage(status));
}

/** "technical_skills[2].weight" -> "technical_skills", "min_salary.amount" -> "min_salary". */
export function topLevelField(field: string): string {
  const m = /^[^.[\]/]+/.exec(field.trim());
  return m ? m[0] : field;
}

export interface SplitErrors {
  /** Messages keyed by form field name (top-level). */
  fields: Record<string, string>;
  /** Message to show as a banner when it does not belong to a visible field. */
  banner: string | null;
}

/**
 * Decide where an error is shown: next to the form field named by `field` when the form
 * has that field, otherwise as a banner.
 */
export function splitErrors(err: unknown, knownFields: readonly string[]): SplitErrors {
  if (err instanceof ApiError) {
    if (err.field) {
      const key = knownFields.includes(err.field) ? err.field : topLevelField(err.field);
      if (knownFields.includes(key)) return { fields: { [key]: err.message }, banner: null };
    }
    return { fields: {}, banner: err.message };
  }
  if (err instanceof Error && err.message) return { fields: {}, banner: err.message };
  return { fields: {}, banner: 'Something went wrong. Try again.' };
}

/** Read a cookie value from a `document.cookie`-style string. */
export function readCookie(name: string, cookieString: string): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

export function isMutating(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'POST' || m === 'PUT' || m === 'PATCH' || m === 'DELETE';
}

export type QueryValue = string | number | boolean | null | undefined;

/** Build "?a=1&b=x" skipping null/undefined/empty values; "" when nothing is left. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export interface ClientDeps {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Returns the current document.cookie string (read on every request). */
  cookies: () => string;
  base?: string;
}

export type UnauthorizedHandler = (path: string) => void;

export function buildInit(method: string, body: unknown, csrfToken: string | null, signal?: AbortSignal): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method: method.toUpperCase(), credentials: 'same-origin', headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (isMutating(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  if (signal) init.signal = signal;
  return init;
}

export function createClient(deps: ClientDeps) {
  const base = deps.base ?? API_BASE;
  let fallbackCsrf: string | null = null;
  let onUnauthorized: UnauthorizedHandler | null = null;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const csrf = readCookie(CSRF_COOKIE, deps.cookies()) ?? fallbackCsrf;
    const url = base + path + (opts.query ? buildQuery(opts.query) : '');
    let res: Response;
    try {
      res = await deps.fetch(url, buildInit(method, opts.body, csrf, opts.signal));
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network', genericMessage(0));
    }
    const text = res.status === 204 ? '' : await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!res.ok) {
      const err = parseErrorBody(res.status, parsed);
      if (res.status === 401 && onUnauthorized) onUnauthorized(path);
      throw err;
    }
    if (text !== '' && typeof parsed === 'string') {
      throw new ApiError(res.status, 'bad_response', 'The server sent an unexpected response.');
    }
    return parsed as T;
  }

  return {
    request,
    get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
    put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
    del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
    /** Used when the csrf cookie cannot be read (login response also returns csrf_token). */
    setFallbackCsrf(token: string | null) {
      fallbackCsrf = token;
    },
    setUnauthorizedHandler(h: UnauthorizedHandler | null) {
      onUnauthorized = h;
    },
  };
}

export type ApiClient = ReturnType<typeof createClient>;

export const http: ApiClient = createClient({
  fetch: (input, init) => globalThis.fetch(input, init),
  cookies: () => (typeof document === 'undefined' ? '' : document.cookie),
});
