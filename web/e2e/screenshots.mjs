// Visual smoke check: serves web/dist, drives Debian's /usr/bin/chromium through playwright-core
// with the JSON API mocked in the browser, and writes PNGs to e2e/out/. Not a test suite —
// the real end-to-end tests will run against `jobrec serve`.
//
//   npm run build && node e2e/screenshots.mjs
//
// Exits non-zero if the page logs console errors or throws.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const PORT = Number(process.env.PORT ?? 4179);
const BASE = `http://127.0.0.1:${PORT}`;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// ---------- mock API ----------

const user = { id: 1, email: 'ada@example.com', is_admin: true };
const job = (id, title, company, extra = {}) => ({
  id,
  provider: 'demo',
  url: `https://jobs.example.com/${id}`,
  title,
  company,
  location: { text: 'Lyon, France', city: 'Lyon', region: 'Auvergne-Rhône-Alpes', country: 'FR' },
  remote: 'hybrid',
  salary: { min: 48000, max: 60000, currency: 'EUR', period: 'year' },
  employment_type: 'Full-time',
  description:
    'We are looking for a data scientist to join our growing team.\n\nWhat you will do:\n- Build forecasting models in Python\n- Work with SQL and dbt\n- Present results to stakeholders\n\nNice to have: Kubernetes, Spark.',
  posted_at: new Date(Date.now() - 3 * 86400000).toISOString(),
  labels: { onet_soc: '15-2051.00', job_zone: 4 },
  ...extra,
});

function state() {
  return {
    loggedIn: false,
    profile: {
      job_titles: ['Data Scientist', 'ML Engineer'],
      ideal_job: 'A product team using data to help people find work.',
      sectors: ['ICT & Digital'],
      technical_skills: [
        { name: 'Python', weight: 50 },
        { name: 'SQL', weight: 30 },
        { name: 'Statistics', weight: 20 },
      ],
      general_skills: [
        { category: 'Cognitive & Technical', weight: 60 },
        { category: 'Social & Communication', weight: 40 },
      ],
      education: 'Master',
      experience: '3-5 years',
      locations: ['Lyon, France'],
      remote: 'hybrid',
      min_salary: { amount: 50000, currency: 'EUR', period: 'year' },
      languages: ['fr', 'en'],
    },
    version: 3,
    run: null,
    csrfSeen: [],
  };
}

const recs = (engine) => ({
  engine,
  items: [
    {
      job: job(101, 'Data Scientist', 'Acme Analytics'),
      score: 0.83,
      score_10: 8.3,
      scored: true,
      explanation: {
        matched: ['Python', 'SQL', 'Statistics'],
        missing: ['Kubernetes'],
        justification: engine === 'fasttext' ? undefined : 'Strong overlap with the forecasting work; Kubernetes is a nice-to-have.',
        dealbreakers: [],
      },
    },
    {
      job: job(102, 'Machine Learning Engineer', 'Nimbus', { remote: 'remote', salary: { min: 55000, max: null, currency: 'EUR', period: 'year' } }),
      score: 0.61,
      score_10: 6.1,
      scored: true,
      explanation: { matched: ['Python'], missing: ['Go', 'Terraform'], dealbreakers: [] },
    },
    {
      job: job(103, 'BI Analyst', 'Retail Group', { remote: 'onsite', salary: null, location: { text: 'Villeurbanne, France' } }),
      score: 0.34,
      score_10: 3.4,
      scored: engine === 'fasttext',
      explanation: { matched: ['SQL'], missing: ['Power BI'], dealbreakers: [] },
    },
  ],
});

const insights = {
  ratings_over_time: [
    { date: '2026-11-20', count: 3, mean_score: 6.3 },
    { date: '2026-11-21', count: 5, mean_score: 5.8 },
    { date: '2026-11-23', count: 2, mean_score: 7.5 },
    { date: '2026-11-25', count: 6, mean_score: 6.9 },
  ],
  score_distributions: {
    fasttext: [8.3, 6.1, 3.4, 5.5, 7.2, 7.7, 4.9, 6.6, 2.1, 9.0],
    llm: [8, 7, 3, 5, 9, 6, 6, 4, 2, 7],
  },
  engine_agreement: [
    { engine: 'fasttext', spearman: 0.41, pairs: 16 },
    { engine: 'llm', spearman: 0.67, pairs: 12 },
  ],
  learned: {
    feature_weights: [
      { name: 'skills', user: 0.45, global: 0.4 },
      { name: 'title', user: 0.3, global: 0.35 },
      { name: 'location', user: 0.15, global: 0.15 },
      { name: 'salary', user: 0.1, global: 0.1 },
    ],
    terms_toward: ['forecasting', 'python', 'product'],
    terms_away: [{ term: 'sales', weight: -0.4 }, 'on-call'],
  },
  rules: [
    { id: 1, kind: 'dealbreaker', text: 'Avoid postings that require on-call duty.', state: 'proposed' },
    { id: 2, kind: 'preference', text: 'Prefer remote or hybrid work.', state: 'accepted' },
  ],
};

function json(route, status, body) {
  return route.fulfill({ status, contentType: 'application/json', body: body === undefined ? '' : JSON.stringify(body) });
}

async function handle(route, s) {
  const req = route.request();
  const url = new URL(req.url());
  const path = url.pathname.replace('/api/v1', '');
  const method = req.method();
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) s.csrfSeen.push(`${method} ${path} csrf=${req.headers()['x-csrf-token'] ?? '(none)'}`);
  const body = req.postData() ? JSON.parse(req.postData()) : undefined;

  if (path === '/me') return s.loggedIn ? json(route, 200, { user }) : json(route, 401, { error: { code: 'unauthenticated', message: 'Sign in first' } });
  if (path === '/auth/login') {
    if (body.password !== 'correct horse') {
      return json(route, 401, { error: { code: 'invalid_credentials', message: 'Wrong email or password.', field: 'password' } });
    }
    s.loggedIn = true;
    return json(route, 200, { user, access_token: 'x', csrf_token: 'csrf-123' });
  }
  if (path === '/auth/logout') {
    s.loggedIn = false;
    return json(route, 204);
  }
  if (path === '/profile' && method === 'GET') return json(route, 200, { version: s.version, profile: s.profile });
  if (path === '/profile' && method === 'PUT') {
    s.profile = body;
    s.version += 1;
    return json(route, 200, { version: s.version, profile: s.profile });
  }
  if (path === '/engines') {
    return json(route, 200, {
      engines: [
        { name: 'fasttext', available: true },
        { name: 'llm', available: false, reason: 'Set JOBREC_LLM_PROVIDER, JOBREC_LLM_API_KEY and JOBREC_LLM_MODEL' },
        { name: 'hybrid', available: true },
      ],
    });
  }
  if (path === '/recommendations') return json(route, 200, recs(url.searchParams.get('engine') ?? 'fasttext'));
  if (path === '/scoring-runs' && method === 'POST') {
    s.run = { id: 7, state: 'queued', total: 50, done: 0, failed: 0, tokens: 0, cost: 0 };
    return json(route, 202, { id: 7 });
  }
  if (path === '/scoring-runs/7' && method === 'GET') {
    const r = s.run;
    if (r.state === 'queued') r.state = 'running';
    else if (r.done < 20) {
      r.done += 10;
      r.failed = r.done > 10 ? 1 : 0;
      r.tokens += 12345;
      r.cost += 0.0123;
    }
    return json(route, 200, r);
  }
  if (path === '/scoring-runs/7' && method === 'DELETE') {
    s.run.state = 'cancelled';
    return json(route, 204);
  }
  if (/^\/jobs\/\d+\/review$/.test(path)) return method === 'DELETE' ? json(route, 204) : json(route, 200, { ...body, updated_at: new Date().toISOString() });
  if (path === '/reviews') {
    return json(route, 200, {
      items: [
        { job: job(90, 'Data Analyst', 'Civic Data'), score: 7, comment: 'Good team, a bit junior.', applied: true, not_interested: false, updated_at: '2026-11-25T10:00:00Z' },
        { job: job(91, 'Sales Engineer', 'Pushy Corp'), score: null, comment: '', applied: false, not_interested: true, updated_at: '2026-11-24T10:00:00Z' },
      ],
    });
  }
  if (path === '/feedback/insights') return json(route, 200, insights);
  if (path === '/admin/sources') {
    return json(route, 200, {
      items: [
        { id: 1, name: 'France Travail', kind: 'api', interval_minutes: 60, last_sync: { started_at: '2026-11-27T12:00:00Z', finished_at: '2026-11-27T12:03:10Z', state: 'done', seen: 1240, new: 35, updated: 80, unchanged: 1110, rejected: 9, expired: 6 } },
        { id: 2, name: 'Demo feed', kind: 'file', interval_minutes: 1440, last_sync: null },
      ],
    });
  }
  if (path === '/admin/queue') return json(route, 200, { items: [{ kind: 'score_llm', state: 'queued', count: 42, oldest_age_seconds: 310 }, { kind: 'embed', state: 'running', count: 2, oldest_age_seconds: 12 }] });
  if (path === '/admin/workers') {
    return json(route, 200, {
      workers: [{ id: 1, provider: 'local', instance_id: '4242', host: 'web-1', state: 'busy', concurrency: 2, started_at: '2026-11-27T09:00:00Z', last_heartbeat_at: '2026-11-27T13:59:50Z', heartbeat_age_seconds: 1.2, current_task_id: 812, stopped_at: null, exit_reason: null }],
      decisions: [{ id: 3, decided_at: '2026-11-27T13:40:00Z', provider: 'local', queued: 42, running: 2, current_workers: 1, desired_workers: 2, action: 'start', count: 1, reason: 'queue depth 42 > 20' }],
    });
  }
  if (path === '/admin/llm') {
    return json(route, 200, {
      today: { tokens: 182345, cost: 0.91 },
      by_user: [{ email: 'ada@example.com', tokens: 150000, cost: 0.75 }],
      by_day: [{ date: '2026-11-25', tokens: 90000, cost: 0.45 }, { date: '2026-11-26', tokens: 120000, cost: 0.6 }, { date: '2026-11-27', tokens: 182345, cost: 0.91 }],
    });
  }
  return json(route, 404, { error: { code: 'not_found', message: `No mock for ${method} ${path}` } });
}

// ---------- run ----------

await mkdir(OUT, { recursive: true });
const server = await startServer(PORT);
const profileDir = await mkdtemp(join(tmpdir(), 'jobrec-chromium-'));
const problems = [];
let context;
try {
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  });
  const s = state();
  await context.route('**/api/v1/**', (route) => handle(route, s));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[14]/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const shot = async (name) => {
    await page.waitForTimeout(350); // let chart animations settle
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${name}: page is ${overflow}px wider than the viewport`);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`wrote e2e/out/${name}.png`);
  };

  await page.goto(`${BASE}/profile`);
  await page.getByTestId('login-form').waitFor();
  await shot('signin-desktop');
  await page.getByTestId('login-email').fill('ada@example.com');
  await page.getByTestId('login-password').fill('wrong');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('field-error-login-password').waitFor();
  await shot('signin-error');

  await context.addCookies([{ name: 'jobrec_csrf', value: 'csrf-123', url: BASE }]);
  await page.getByTestId('login-password').fill('correct horse');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('profile-tab-target').waitFor();
  await shot('profile-target');
  await page.getByTestId('profile-tab-skills').click();
  await page.getByTestId('skills-total').waitFor();
  await shot('profile-skills');
  await page.getByTestId('technical-skill-weight-0').fill('70');
  await page.getByTestId('save-blocked').waitFor();
  await shot('profile-skills-blocked');
  await page.getByTestId('skills-balance').click();
  await page.getByTestId('profile-tab-experience').click();
  await shot('profile-experience');
  await page.getByLabel('Remote', { exact: true }).check();
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-save-result').waitFor();
  await shot('profile-saved');

  await page.getByTestId('nav-recommendations').click();
  await page.getByTestId('recommendation-card').first().waitFor();
  await page.getByTestId('card-toggle').first().click();
  await shot('recommendations-fasttext');
  await page.getByTestId('engine-option-hybrid').check();
  await page.getByTestId('recommendation-card').first().waitFor();
  await page.getByTestId('refresh-button').click();
  await page.getByTestId('scoring-progress').waitFor();
  await page.waitForTimeout(2300);
  await shot('recommendations-run');
  await page.getByTestId('card-toggle').first().click();
  await page.getByTestId('rating-score-8').check();
  await page.getByTestId('rating-submit').click();
  await page.getByTestId('rated-notice').waitFor();
  await shot('recommendations-rated');

  await page.getByTestId('nav-ratings').click();
  await page.getByTestId('review-item').first().waitFor();
  await shot('ratings');
  await page.getByTestId('nav-insights').click();
  await page.getByTestId('chart-ratings').waitFor();
  await shot('insights');
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('admin-sources').locator('table').waitFor();
  await shot('admin');

  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByTestId('nav-profile').click();
  await page.getByTestId('profile-tab-skills').click();
  await shot('mobile-profile-skills');
  await page.getByTestId('nav-recommendations').click();
  await page.getByTestId('recommendation-card').first().waitFor();
  await page.getByTestId('card-toggle').first().click();
  await shot('mobile-recommendations');
  await page.getByTestId('logout-button').click();
  await page.getByTestId('login-form').waitFor();
  await shot('mobile-signin');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByTestId('signup-form').waitFor();
  await shot('mobile-signup');
  await page.goto(`${BASE}/reset-password?token=abc`);
  await page.getByTestId('reset-form').waitFor();
  await shot('mobile-reset-password');

  console.log('mutating requests seen:\n  ' + s.csrfSeen.join('\n  '));
  const missing = s.csrfSeen.filter((l) => l.endsWith('(none)') && !l.includes('/auth/'));
  if (missing.length) problems.push(`mutating requests without X-CSRF-Token: ${missing.join(', ')}`);
} finally {
  await context?.close();
  server.close();
  await rm(profileDir, { recursive: true, force: true });
}

if (problems.length) {
  console.error('PROBLEMS:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log('no console errors');
