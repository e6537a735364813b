// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from '../App';
import { byTestId, click, flush, mockApi, mount, queryTestId, typeInto } from './dom';
import { sampleProfile } from './fixtures';

vi.mock('../components/Chart', () => ({ ChartCanvas: () => null, PALETTE: ['#000'], MUTED: '#eee' }));

const user = { id: 1, email: 'ada@example.com', is_admin: false };

beforeEach(() => {
  document.cookie = 'jobrec_csrf=tok-abc; path=/';
  window.localStorage.clear();
  window.sessionStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sign in', () => {
  it('shows the server message next to the field it names, then signs in', async () => {
    let loggedIn = false;
    const calls = mockApi(({ method, path, body }) => {
      if (path === '/me') return loggedIn ? { status: 200, body: { user } } : { status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } };
      if (method === 'POST' && path === '/auth/login') {
        const b = body as { password: string };
        if (b.password !== 'right') return { status: 401, body: { error: { code: 'invalid_credentials', message: 'Wrong email or password.', field: 'password' } } };
        loggedIn = true;
        return { status: 200, body: { user, access_token: 'a', csrf_token: 'tok-abc' } };
      }
      if (path.startsWith('/engines')) return { status: 200, body: { engines: [{ name: 'fasttext', available: true }] } };
      if (path.startsWith('/recommendations')) return { status: 200, body: { engine: 'fasttext', items: [] } };
      return undefined;
    });
    await mount(<App />, '/');
    expect(window.location.pathname).toBe('/login');
    await typeInto(byTestId('login-email'), 'ada@example.com');
    await typeInto(byTestId('login-password'), 'wrong');
    await click(byTestId('login-submit'));
    expect(byTestId('field-error-login-password').textContent).toBe('Wrong email or password.');
    expect(queryTestId('error-banner')).toBeNull();
    expect(byTestId('login-password').getAttribute('aria-invalid')).toBe('true');

    await typeInto(byTestId('login-password'), 'right');
    await click(byTestId('login-submit'));
    await flush();
    expect(window.location.pathname).toBe('/recommendations');
    expect(byTestId('user-email').textContent).toBe('ada@example.com');
    expect(queryTestId('nav-admin')).toBeNull();
    expect(calls.filter((c) => c.path === '/auth/login')).toHaveLength(2);
  });

  it('shows a banner when the error names no field', async () => {
    mockApi(({ path }) => {
      if (path === '/me') return { status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } };
      if (path === '/auth/login') return { status: 429, body: { error: { code: 'rate_limited', message: 'Too many attempts, wait a minute.' } } };
      return undefined;
    });
    await mount(<App />, '/login');
    await typeInto(byTestId('login-email'), 'a@b.c');
    await typeInto(byTestId('login-password'), 'x');
    await click(byTestId('login-submit'));
    expect(byTestId('error-banner').textContent).toContain('Too many attempts, wait a minute.');
  });

  it('shows the Admin nav item to admins only', async () => {
    mockApi(({ path }) => {
      if (path === '/me') return { status: 200, body: { user: { ...user, is_admin: true } } };
      if (path === '/engines') return { status: 200, body: { engines: [] } };
      return undefined;
    });
    await mount(<App />, '/recommendations');
    expect(byTestId('nav-admin').getAttribute('href')).toBe('/admin');
  });
});

describe('profile', () => {
  function profileApi() {
    let version = 3;
    let profile = sampleProfile();
    return mockApi(({ method, path, body }) => {
      if (path === '/me') return { status: 200, body: { user } };
      if (path === '/profile' && method === 'GET') return { status: 200, body: { version, profile } };
      if (path === '/profile' && method === 'PUT') {
        profile = body as typeof profile;
        version += 1;
        return { status: 200, body: { version, profile } };
      }
      return undefined;
    });
  }

  it('blocks saving until skill weights total 100, then saves with the CSRF header and lists the changes', async () => {
    const calls = profileApi();
    await mount(<App />, '/profile');
    await click(byTestId('profile-tab-skills'));
    expect(byTestId('skills-total').textContent).toBe('Total: 100%');

    await typeInto(byTestId<HTMLInputElement>('technical-skill-weight-0'), '80');
    expect(byTestId('skills-total').textContent).toBe('Total: 120%');
    expect(byTestId<HTMLButtonElement>('profile-save').disabled).toBe(true);
    expect(byTestId('save-blocked').textContent).toContain('remove 20%');

    await click(byTestId('skills-balance'));
    expect(byTestId('skills-total').textContent).toBe('Total: 100%');
    expect(byTestId<HTMLButtonElement>('profile-save').disabled).toBe(false);

    await click(byTestId('profile-save'));
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.headers['X-CSRF-Token']).toBe('tok-abc');
    expect((put?.body as { technical_skills: unknown }).technical_skills).toEqual([
      { name: 'Python', weight: 70 },
      { name: 'SQL', weight: 30 },
    ]);
    const result = byTestId('profile-save-result').textContent ?? '';
    expect(result).toContain('Technical skills: Python 60% → 70%, SQL 40% → 30%');
    expect(result).toContain('recommendations will refresh');
    expect(byTestId('profile-version').textContent).toBe('Saved version 4');
  });

  it('shows a server validation error on the right tab', async () => {
    mockApi(({ method, path }) => {
      if (path === '/me') return { status: 200, body: { user } };
      if (path === '/profile' && method === 'GET') return { status: 200, body: { version: 1, profile: sampleProfile() } };
      if (path === '/profile' && method === 'PUT') {
        return { status: 400, body: { error: { code: 'invalid_argument', message: 'Unknown language "xx"', field: 'languages[1]' } } };
      }
      return undefined;
    });
    await mount(<App />, '/profile');
    await click(byTestId('profile-save'));
    expect(byTestId('profile-tab-experience').getAttribute('aria-selected')).toBe('true');
    expect(byTestId('field-error-languages').textContent).toBe('Unknown language "xx".');
  });

  it('validates before sending and jumps to the tab with the problem', async () => {
    const calls = profileApi();
    await mount(<App />, '/profile');
    await click(byTestId('profile-tab-target'));
    await typeInto(byTestId<HTMLInputElement>('job-title-0'), '   ');
    await click(byTestId('profile-tab-experience'));
    await click(byTestId('profile-save'));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    expect(byTestId('profile-tab-target').getAttribute('aria-selected')).toBe('true');
    expect(byTestId('field-error-job_titles').textContent).toMatch(/at least one job title/);
  });
});

describe('recommendations', () => {
  const job = { id: 5, provider: 'demo', url: 'https://x.example/5', title: 'Data Scientist', company: 'Acme', location: { text: 'Lyon' }, remote: 'hybrid', salary: null, employment_type: null, description: 'Line 1\nLine 2', posted_at: null };

  it('disables unavailable engines with the reason and removes a rated card', async () => {
    const calls = mockApi(({ method, path }) => {
      if (path === '/me') return { status: 200, body: { user } };
      if (path === '/engines') {
        return {
          status: 200,
          body: { engines: [{ name: 'fasttext', available: true }, { name: 'llm', available: false, reason: 'Set JOBREC_LLM_PROVIDER' }] },
        };
      }
      if (path.startsWith('/recommendations')) {
        return { status: 200, body: { engine: 'fasttext', items: [{ job, score: 0.8, score_10: 8, scored: true, explanation: { matched: ['Python'], missing: [] } }] } };
      }
      if (method === 'PUT' && path === '/jobs/5/review') return { status: 200, body: {} };
      return undefined;
    });
    await mount(<App />, '/recommendations');
    expect(byTestId<HTMLInputElement>('engine-option-llm').disabled).toBe(true);
    expect(byTestId('engine-reason-llm').textContent).toContain('Set JOBREC_LLM_PROVIDER');
    expect(byTestId<HTMLInputElement>('engine-option-fasttext').checked).toBe(true);
    expect(calls.some((c) => c.path.startsWith('/recommendations?engine=fasttext&limit=20'))).toBe(true);

    await click(byTestId('card-toggle'));
    expect(byTestId('card-description').textContent).toBe('Line 1\nLine 2');
    await click(byTestId('rating-submit'));
    expect(byTestId('rating-error').textContent).toMatch(/Pick a score/);

    await click(byTestId('rating-score-9'));
    await typeInto(byTestId<HTMLTextAreaElement>('rating-comment'), 'Great team');
    await click(byTestId('rating-submit'));
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({ score: 9, comment: 'Great team', applied: false, not_interested: false });
    expect(put?.headers['X-CSRF-Token']).toBe('tok-abc');
    expect(queryTestId('recommendation-card')).toBeNull();
    expect(byTestId('rated-notice').textContent).toContain('Rated “Data Scientist” 9/10.');
  });
  it('waits while fastText warms up, then shows the list without an error', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] });
    let warm = false;
    let recsAnswered503 = false;
    const calls = mockApi(({ path }) => {
      if (path === '/me') return { status: 200, body: { user } };
      if (path === '/engines') {
        const fasttext = warm ? { name: 'fasttext', available: true } : { name: 'fasttext', available: false, reason: 'warming up' };
        return { status: 200, body: { engines: [fasttext, { name: 'llm', available: true }] } };
      }
      if (path.startsWith('/recommendations')) {
        // The first request after /engines said "ready" still races the warm-up: 503.
        if (!recsAnswered503) {
          recsAnswered503 = true;
          return { status: 503, body: { error: { code: 'unavailable', message: 'engine warming up (warming up): try again shortly' } } };
        }
        return { status: 200, body: { engine: 'fasttext', items: [{ job, score: 0.8, score_10: 8, scored: true }] } };
      }
      return undefined;
    });
    try {
      await mount(<App />, '/recommendations');
      // A first visit waits for fastText instead of switching to the (available) LLM.
      expect(byTestId<HTMLInputElement>('engine-option-fasttext').checked).toBe(true);
      expect(byTestId<HTMLInputElement>('engine-option-fasttext').disabled).toBe(false);
      expect(byTestId('engine-warming').textContent).toContain('fastText is warming up');
      expect(byTestId('engine-reason-fasttext').textContent).toContain('warming up');
      expect(calls.some((c) => c.path.startsWith('/recommendations'))).toBe(false);

      warm = true;
      await act(async () => {
        vi.advanceTimersByTime(2100); // the engine list is asked again
      });
      await flush();
      expect(queryTestId('error-banner')).toBeNull();
      expect(byTestId('engine-warming')).toBeTruthy(); // the 503 is a waiting state, not an error
      await act(async () => {
        vi.advanceTimersByTime(2100); // the 503 is retried
      });
      await flush();
      expect(queryTestId('engine-warming')).toBeNull();
      expect(queryTestId('error-banner')).toBeNull();
      expect(document.querySelectorAll('[data-testid="recommendation-card"]')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
