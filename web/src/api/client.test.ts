import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  buildInit,
  buildQuery,
  createClient,
  CSRF_HEADER,
  displayMessage,
  isMutating,
  parseErrorBody,
  readCookie,
  splitErrors,
  topLevelField,
} from './client';

function jsonResponse(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
  });
}

function setup(responses: Response[] | ((url: string, init: RequestInit) => Response), cookie = 'jobrec_csrf=tok-1') {
  let jar = cookie;
  const queue = Array.isArray(responses) ? [...responses] : null;
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    if (queue) {
      const r = queue.shift();
      if (!r) throw new Error('no more responses');
      return r;
    }
    return (responses as (u: string, i: RequestInit) => Response)(url, init);
  });
  const client = createClient({ fetch, cookies: () => jar });
  return { client, fetch, setCookie: (c: string) => (jar = c) };
}

const headersOf = (init: RequestInit | undefined) => (init?.headers ?? {}) as Record<string, string>;

describe('parseErrorBody', () => {
  it('reads code, message and field from the server error shape', () => {
    const e = parseErrorBody(400, {
      error: { code: 'invalid_argument', message: 'Weights must total 100', field: 'technical_skills' },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toBe('Weights must total 100.');
    expect(e.field).toBe('technical_skills');
  });
  it('treats field as optional', () => {
    expect(parseErrorBody(409, { error: { code: 'conflict', message: 'Email taken' } }).field).toBeNull();
    expect(parseErrorBody(400, { error: { code: 'x', message: 'm', field: '' } }).field).toBeNull();
  });
  it('falls back to a readable message for non-JSON or odd bodies', () => {
    expect(parseErrorBody(502, '<html>Bad gateway</html>').message).toMatch(/server had a problem \(HTTP 502\)/);
    expect(parseErrorBody(502, undefined).code).toBe('http_502');
    expect(parseErrorBody(400, { error: 'nope' }).message).toMatch(/HTTP 400/);
    expect(parseErrorBody(429, { error: { code: 'rate_limited', message: '   ' } }).message).toMatch(/Too many requests/);
    expect(parseErrorBody(404, [1, 2]).message).toBe('Not found.');
  });
  it('formats the server message as a sentence for display', () => {
    expect(parseErrorBody(404, { error: { code: 'not_found', message: 'no such resource' } }).message).toBe('No such resource.');
  });
});

describe('displayMessage', () => {
  it('capitalises a plain first word and ends with a full stop, keeping the words', () => {
    expect(displayMessage('no such resource')).toBe('No such resource.');
    expect(displayMessage('  wrong email or password ')).toBe('Wrong email or password.');
    expect(displayMessage('engine warming up (training): try again shortly')).toBe(
      'Engine warming up (training): try again shortly.',
    );
    expect(displayMessage('must be at least 10 characters')).toBe('Must be at least 10 characters.');
  });
  it('leaves sentences that are already formatted alone', () => {
    expect(displayMessage('Wrong email or password.')).toBe('Wrong email or password.');
    expect(displayMessage('Is this right?')).toBe('Is this right?');
    expect(displayMessage('Stop!')).toBe('Stop!');
  });
  it('does not capitalise field names, mixed-case words or abbreviations', () => {
    expect(displayMessage('technical_skills[2].weight: must be 10..100')).toBe('technical_skills[2].weight: must be 10..100.');
    expect(displayMessage('iOS is not supported')).toBe('iOS is not supported.');
    expect(displayMessage('e.g. sv')).toBe('e.g. sv.');
    expect(displayMessage('min_salary: must be >= 0')).toBe('min_salary: must be >= 0.');
  });
  it('keeps an empty message empty', () => {
    expect(displayMessage('   ')).toBe('');
  });
});

describe('field mapping', () => {
  it('reduces nested field paths to the form field', () => {
    expect(topLevelField('technical_skills[2].weight')).toBe('technical_skills');
    expect(topLevelField('min_salary.amount')).toBe('min_salary');
    expect(topLevelField('email')).toBe('email');
  });
  it('puts a known field next to the field', () => {
    const e = new ApiError(400, 'invalid_argument', 'Too short', 'password');
    expect(splitErrors(e, ['email', 'password'])).toEqual({ fields: { password: 'Too short' }, banner: null });
  });
  it('maps nested paths to their top-level field', () => {
    const e = new ApiError(400, 'invalid_argument', 'Bad weight', 'technical_skills[1].weight');
    expect(splitErrors(e, ['technical_skills'])).toEqual({ fields: { technical_skills: 'Bad weight' }, banner: null });
  });
  it('uses a banner when the field is unknown to the form or absent', () => {
    expect(splitErrors(new ApiError(400, 'x', 'Token expired', 'token'), ['password'])).toEqual({
      fields: {},
      banner: 'Token expired',
    });
    expect(splitErrors(new ApiError(500, 'x', 'Boom'), ['password']).banner).toBe('Boom');
  });
  it('handles errors that are not ApiErrors', () => {
    expect(splitErrors(new Error('offline'), []).banner).toBe('offline');
    expect(splitErrors('weird', []).banner).toMatch(/Something went wrong/);
  });
});

describe('readCookie', () => {
  it('finds a cookie among others', () => {
    expect(readCookie('jobrec_csrf', 'a=1; jobrec_csrf=abc123; b=2')).toBe('abc123');
    expect(readCookie('jobrec_csrf', 'jobrec_csrf=abc')).toBe('abc');
  });
  it('decodes and unquotes values', () => {
    expect(readCookie('jobrec_csrf', 'jobrec_csrf=a%2Bb%3D')).toBe('a+b=');
    expect(readCookie('jobrec_csrf', 'jobrec_csrf="q"')).toBe('q');
    expect(readCookie('jobrec_csrf', 'jobrec_csrf=%E0%A4%A')).toBe('%E0%A4%A');
  });
  it('does not match by prefix or suffix', () => {
    expect(readCookie('jobrec_csrf', 'xjobrec_csrf=1; jobrec_csrf_old=2')).toBeNull();
    expect(readCookie('jobrec_csrf', '')).toBeNull();
  });
});

describe('buildQuery', () => {
  it('skips empty values', () => {
    expect(buildQuery({ engine: 'llm', limit: 20, remote: '', location: '  ', min_salary: null, x: undefined })).toBe(
      '?engine=llm&limit=20',
    );
    expect(buildQuery({ a: Number.NaN })).toBe('');
    expect(buildQuery({ q: 'c++ & go' })).toBe('?q=c%2B%2B+%26+go');
  });
});

describe('CSRF header', () => {
  it('is only added to state-changing methods', () => {
    expect(isMutating('get')).toBe(false);
    for (const m of ['POST', 'put', 'PATCH', 'delete']) expect(isMutating(m)).toBe(true);
    expect(headersOf(buildInit('GET', undefined, 't'))[CSRF_HEADER]).toBeUndefined();
    expect(headersOf(buildInit('DELETE', undefined, 't'))[CSRF_HEADER]).toBe('t');
  });

  it('sends the jobrec_csrf cookie value on POST/PUT/PATCH/DELETE and not on GET', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, {}));
    await client.get('/me');
    await client.post('/auth/logout');
    await client.put('/profile', { a: 1 });
    await client.request('PATCH', '/x', { body: {} });
    await client.del('/jobs/1/review');
    const sent = fetch.mock.calls.map(([url, init]) => [init.method, url, headersOf(init)[CSRF_HEADER]]);
    expect(sent).toEqual([
      ['GET', '/api/v1/me', undefined],
      ['POST', '/api/v1/auth/logout', 'tok-1'],
      ['PUT', '/api/v1/profile', 'tok-1'],
      ['PATCH', '/api/v1/x', 'tok-1'],
      ['DELETE', '/api/v1/jobs/1/review', 'tok-1'],
    ]);
  });

  it('reads the cookie again for every request', async () => {
    const { client, fetch, setCookie } = setup(() => jsonResponse(200, {}));
    await client.post('/a');
    setCookie('other=1; jobrec_csrf=tok-2');
    await client.post('/b');
    expect(headersOf(fetch.mock.calls[0]?.[1])[CSRF_HEADER]).toBe('tok-1');
    expect(headersOf(fetch.mock.calls[1]?.[1])[CSRF_HEADER]).toBe('tok-2');
  });

  it('omits the header when there is no token at all, and uses the login fallback when the cookie is unreadable', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, {}), '');
    await client.post('/auth/login', { email: 'a', password: 'b' });
    expect(headersOf(fetch.mock.calls[0]?.[1])[CSRF_HEADER]).toBeUndefined();
    client.setFallbackCsrf('from-login');
    await client.post('/x');
    expect(headersOf(fetch.mock.calls[1]?.[1])[CSRF_HEADER]).toBe('from-login');
  });

  it('uses same-origin credentials and JSON bodies', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, {}));
    await client.put('/profile', { job_titles: ['A'] });
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(headersOf(init)['Content-Type']).toBe('application/json');
    expect(init?.body).toBe('{"job_titles":["A"]}');
  });
});

describe('responses', () => {
  it('parses JSON bodies and returns undefined for 204', async () => {
    const { client } = setup([jsonResponse(200, { user: { id: 1 } }), jsonResponse(204)]);
    await expect(client.get('/me')).resolves.toEqual({ user: { id: 1 } });
    await expect(client.del('/x')).resolves.toBeUndefined();
  });

  it('throws ApiError with the server message on 4xx', async () => {
    const { client } = setup([
      jsonResponse(400, { error: { code: 'invalid_argument', message: 'Pick 1 to 10', field: 'score' } }),
    ]);
    const err = await client.put('/jobs/1/review', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).field).toBe('score');
    expect((err as ApiError).message).toBe('Pick 1 to 10.');
  });

  it('turns HTML error pages into a readable ApiError', async () => {
    const { client } = setup([new Response('<h1>502</h1>', { status: 502 })]);
    await expect(client.get('/engines')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('turns network failures into ApiError(0, network)', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const client = createClient({ fetch, cookies: () => '' });
    await expect(client.get('/me')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('rejects a 200 with a non-JSON body', async () => {
    const { client } = setup([new Response('<html>index</html>', { status: 200 })]);
    await expect(client.get('/me')).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('calls the unauthorized handler on 401', async () => {
    const { client } = setup([jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in' } })]);
    const onUnauthorized = vi.fn();
    client.setUnauthorizedHandler(onUnauthorized);
    await expect(client.get('/reviews')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledWith('/reviews');
  });

  it('appends query strings', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, { items: [] }));
    await client.get('/recommendations', { query: { engine: 'hybrid', limit: 20, remote: '' } });
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/v1/recommendations?engine=hybrid&limit=20');
  });
});
