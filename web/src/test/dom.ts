// Helpers for the jsdom component tests.
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';

export interface MockCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: MockCall) => { status: number; body?: unknown } | undefined;

/** Replace global fetch with a router over /api/v1 paths; unmatched calls answer 404. */
export function mockApi(handler: Handler) {
  const calls: MockCall[] = [];
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://localhost');
    const call: MockCall = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname.replace(/^\/api\/v1/, '') + url.search,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const r = handler(call) ?? { status: 404, body: { error: { code: 'not_found', message: `no mock for ${call.method} ${call.path}` } } };
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

export async function flush(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export async function mount(vnode: ComponentChild, path = '/'): Promise<HTMLElement> {
  window.history.replaceState(null, '', path);
  window.scrollTo = () => undefined;
  document.body.innerHTML = '';
  const root = document.createElement('div');
  document.body.appendChild(root);
  await act(() => {
    render(vnode, root);
  });
  await flush();
  return root;
}

export function byTestId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid="${id}"\n${document.body.innerHTML.slice(0, 2000)}`);
  return el;
}

export const queryTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

export async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function click(el: HTMLElement): Promise<void> {
  await act(() => {
    el.click();
  });
  await flush();
}
