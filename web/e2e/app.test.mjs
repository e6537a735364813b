// End-to-end tests: headless Chromium driving the built web app (web/dist) served by a real
// `jobrec serve` with its own embedded PostgreSQL. Run with `npm run e2e` after `npm run build`;
// see e2e/README.md.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { FAKE_MODEL, justificationFor, scoreFor, startFakeLlm } from './fake-llm.mjs';
import {
  clearScreenshots,
  launchBrowser,
  newPage,
  PASSWORD,
  screenshot,
  signIn,
  signUp,
  startServer,
  uniqueEmail,
} from './harness.mjs';

const LLM_API_KEY = 'sk-e2e-test-key';
// The fastText engine trains a model on the server's first start; small settings keep that to
// seconds. The page waits (polling GET /engines) until it is ready.
const WARM_UP_TIMEOUT_MS = 90_000;
// Each fake LLM call takes this long and the server makes two at once, so a run over the
// candidates lasts a few seconds: long enough to watch the progress bar move.
const LLM_DELAY_MS = 200;

let server;
let chrome;
let llm;
let flowRun = null; // {email} of test 5 once its LLM run is done: the admin LLM spend lists it
const open = []; // pages whose contexts are closed at the end even if a test failed

async function page() {
  const p = await newPage(chrome.browser, server.base);
  open.push(p);
  return p;
}

function assertNoConsoleErrors(errors) {
  assert.deepEqual(errors, [], `console errors or uncaught exceptions:\n${errors.join('\n')}`);
}

const PROFILE = {
  title: 'Data Scientist',
  title2: 'ML Engineer',
  ideal: 'A product team that uses data to help people find work they enjoy. No on-call.',
  tech: [
    { name: 'Python', weight: 60 },
    { name: 'SQL', weight: 40 },
  ],
  general: [70, 30], // first two general-skill categories
  education: 'Master',
  experience: '3-5 years',
  location: 'Lyon, France',
  remote: 'hybrid',
  salary: 50000,
};

/** Fills the three profile tabs with PROFILE; returns the sector it ticked. `shot` names screenshots. */
async function fillProfile(p, shot = null) {
  // Tab 1: target job.
  await p.getByTestId('profile-tab-target').click();
  await p.getByTestId('job-title-0').fill(PROFILE.title);
  await p.getByTestId('job-title-add').click();
  await p.getByTestId('job-title-1').fill(PROFILE.title2);
  await p.locator('#ideal_job').fill(PROFILE.ideal);
  const sector = (await p.locator('label[for="sector-0"]').innerText()).trim();
  await p.locator('#sector-0').check();
  if (shot) await screenshot(p, `${shot}-target`);

  // Tab 2: skills. A new skill gets the weight still missing to 100 (Python 100, then SQL 10);
  // the sliders bring them to 60 + 40.
  await p.getByTestId('profile-tab-skills').click();
  for (const s of PROFILE.tech) {
    await p.getByTestId('technical-skill-add-input').fill(s.name);
    await p.getByTestId('technical-skill-add').click();
  }
  for (const [i, s] of PROFILE.tech.entries()) await p.getByTestId(`technical-skill-weight-${i}`).fill(String(s.weight));
  for (const [i, w] of PROFILE.general.entries()) await p.getByTestId(`general-skill-weight-${i}`).fill(String(w));
  assert.equal(await p.getByTestId('skills-total').getAttribute('data-total'), '100');
  assert.equal(await p.getByTestId('general-skills-total').getAttribute('data-total'), '100');
  assert.equal(await p.getByTestId('save-blocked').count(), 0);
  if (shot) await screenshot(p, `${shot}-skills`);

  // Tab 3: experience & preferences.
  await p.getByTestId('profile-tab-experience').click();
  await p.locator('#education').selectOption(PROFILE.education);
  await p.locator('#experience').selectOption(PROFILE.experience);
  await p.locator('#locations').fill(PROFILE.location);
  await p.locator('#locations').press('Enter');
  await p.locator(`#remote-${PROFILE.remote}`).check();
  await p.getByTestId('salary-enabled').check();
  await p.getByTestId('salary-amount').fill(String(PROFILE.salary));
  await p.locator('#lang-en').check();
  if (shot) await screenshot(p, `${shot}-experience`);
  return sector;
}

/** Signs up, is made admin with `jobrec admin grant`, and signs in again (the role is read at sign-in). */
async function signUpAdmin(p, email) {
  await signUp(p, email);
  await server.grantAdmin(email);
  await p.getByTestId('logout-button').click();
  await p.waitForURL(/\/login/);
  await signIn(p, email);
  await p.waitForURL(/\/recommendations/);
}

/** Saves the profile: exactly one PUT, answered 200, then the confirmation. */
async function saveProfile(p) {
  const put = p.waitForResponse((r) => r.url().endsWith('/api/v1/profile') && r.request().method() === 'PUT');
  await p.getByTestId('profile-save').click();
  const res = await put;
  assert.equal(res.status(), 200, `PUT /profile: ${res.status()} ${await res.text()}`);
  await p.getByTestId('profile-save-result').waitFor();
}

describe('jobrec web app against a real server', { concurrency: false }, () => {
  before(
    async () => {
      await clearScreenshots();
      // Assigned one by one so that after() can clean up whichever did start.
      llm = await startFakeLlm({ apiKey: LLM_API_KEY, delayMs: LLM_DELAY_MS });
      const starting = startServer({
        env: {
          JOBREC_LLM_PROVIDER: 'openai',
          JOBREC_LLM_BASE_URL: llm.baseUrl, // ends in /v1: the client appends /chat/completions
          JOBREC_LLM_API_KEY: LLM_API_KEY,
          JOBREC_LLM_MODEL: FAKE_MODEL,
          JOBREC_LLM_MAX_CONCURRENCY: '2',
          JOBREC_LLM_PRICE_INPUT_PER_MTOK: '3',
          JOBREC_LLM_PRICE_OUTPUT_PER_MTOK: '15',
          JOBREC_EMBED_EPOCH: '1',
          JOBREC_EMBED_DIM: '32',
        },
      }).then((s) => (server = s));
      chrome = await launchBrowser();
      await starting;
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      for (const { context } of open) await context.close().catch(() => {});
      await chrome?.close().catch(() => {});
      await server?.stop();
      await llm?.close();
    },
    { timeout: 60_000 },
  );

  // A failed test leaves a picture of each of its pages: out/failed-<test>-<n>.png.
  let firstPageOfTest = 0;
  beforeEach(() => {
    firstPageOfTest = open.length;
  });
  afterEach(async (t) => {
    if (t.passed !== false) return;
    const slug = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
    for (const [i, { page: p }] of open.slice(firstPageOfTest).entries()) {
      await screenshot(p, `failed-${slug}-${i}`).catch(() => {});
    }
  });

  test('sign up, fill the three profile tabs, save, and the values persist after a reload', { timeout: 60_000 }, async () => {
    const { page: p, errors } = await page();
    const email = uniqueEmail('profile');
    await signUp(p, email);
    await p.getByTestId('profile-form').waitFor();
    assert.match(await p.getByTestId('profile-version').innerText(), /not saved yet/i);

    const sector = await fillProfile(p, '1-profile');

    // Save: one PUT, then the confirmation with the list of changes.
    await saveProfile(p);
    const result = p.getByTestId('profile-save-result');
    assert.match(await result.innerText(), /profile saved/i);
    const changes = await p.getByTestId('profile-diff').locator('li').allInnerTexts();
    assert.ok(changes.length >= 5, `expected a list of changes, got ${JSON.stringify(changes)}`);
    assert.ok(changes.some((c) => c.includes(PROFILE.title)), `job titles not in the change list: ${JSON.stringify(changes)}`);
    // The blank title row of the new form is not a removed title; languages show by name.
    assert.ok(!changes.some((c) => c.includes('removed “”')), `a blank title counted as removed: ${JSON.stringify(changes)}`);
    assert.ok(changes.includes('Languages: added English'), `languages: ${JSON.stringify(changes)}`);
    assert.match(await p.getByTestId('profile-version').innerText(), /saved version \d+/i);
    await screenshot(p, '1-profile-saved');

    // Reload: the form is filled from GET /api/v1/profile.
    const get = p.waitForResponse((r) => r.url().endsWith('/api/v1/profile') && r.request().method() === 'GET');
    await p.reload();
    const getResponse = await get;
    assert.equal(getResponse.status(), 200);
    const body = await getResponse.json();
    assert.deepEqual(body.profile.job_titles, [PROFILE.title, PROFILE.title2]);
    assert.deepEqual(
      body.profile.technical_skills.map((s) => ({ name: s.name, weight: s.weight })),
      PROFILE.tech,
    );
    assert.deepEqual(body.profile.sectors, [sector]);

    await p.getByTestId('profile-form').waitFor();
    assert.match(await p.getByTestId('profile-version').innerText(), /saved version \d+/i);
    assert.equal(await p.getByTestId('job-title-0').inputValue(), PROFILE.title);
    assert.equal(await p.getByTestId('job-title-1').inputValue(), PROFILE.title2);
    assert.equal(await p.locator('#ideal_job').inputValue(), PROFILE.ideal);
    assert.ok(await p.locator('#sector-0').isChecked());

    await p.getByTestId('profile-tab-skills').click();
    for (const [i, s] of PROFILE.tech.entries()) {
      assert.equal(await p.locator(`#tech-${i}-name`).inputValue(), s.name);
      assert.equal(await p.getByTestId(`technical-skill-weight-${i}`).inputValue(), String(s.weight));
    }
    for (const [i, w] of PROFILE.general.entries()) {
      assert.equal(await p.getByTestId(`general-skill-weight-${i}`).inputValue(), String(w));
    }
    assert.equal(await p.getByTestId('skills-total').getAttribute('data-total'), '100');

    await p.getByTestId('profile-tab-experience').click();
    assert.equal(await p.locator('#education').inputValue(), PROFILE.education);
    assert.equal(await p.locator('#experience').inputValue(), PROFILE.experience);
    assert.ok(await p.getByTestId('locations').getByText(PROFILE.location).isVisible());
    assert.ok(await p.locator(`#remote-${PROFILE.remote}`).isChecked());
    assert.ok(await p.getByTestId('salary-enabled').isChecked());
    assert.equal(Number(await p.getByTestId('salary-amount').inputValue()), PROFILE.salary);
    assert.ok(await p.locator('#lang-en').isChecked());
    await screenshot(p, '1-profile-reloaded');
    assertNoConsoleErrors(errors);
  });

  test('technical skills that do not total 100 cannot be saved and no PUT is sent', { timeout: 60_000 }, async () => {
    const { page: p, errors } = await page();
    let writes = 0;
    p.on('request', (r) => {
      if (r.url().includes('/api/v1/profile') && r.method() !== 'GET') writes += 1;
    });
    await signUp(p, uniqueEmail('blocked'));
    await p.getByTestId('job-title-0').fill('Data Engineer');
    await p.getByTestId('profile-tab-skills').click();
    for (const name of ['Python', 'SQL']) {
      await p.getByTestId('technical-skill-add-input').fill(name);
      await p.getByTestId('technical-skill-add').click();
    }
    await p.getByTestId('technical-skill-weight-0').fill('70');
    await p.getByTestId('technical-skill-weight-1').fill('50');
    assert.equal(await p.getByTestId('skills-total').getAttribute('data-total'), '120');

    const save = p.getByTestId('profile-save');
    assert.ok(await save.isDisabled(), 'Save should be disabled while the total is not 100');
    const blocked = p.getByTestId('save-blocked');
    await blocked.waitFor();
    assert.match(await blocked.innerText(), /technical skills add up to 120%/i);
    // Also submit the form directly (as Enter in a field would): the handler must refuse too.
    await p.getByTestId('profile-form').evaluate((f) => f.requestSubmit());
    await screenshot(p, '2-profile-skills-blocked');
    // Give a stray request time to show up before counting.
    await p.waitForTimeout(300);
    assert.equal(writes, 0, 'no PUT /profile may be sent while the weights are invalid');
    assert.equal(await p.getByTestId('profile-save-result').count(), 0);

    // "Scale to 100%" fixes it and unblocks Save.
    await p.getByTestId('skills-balance').click();
    assert.equal(await p.getByTestId('skills-total').getAttribute('data-total'), '100');
    assert.ok(await save.isEnabled());
    assert.equal(await blocked.count(), 0);
    assert.equal(writes, 0);
    assertNoConsoleErrors(errors);
  });

  test('a wrong password at sign-in shows the server message next to the form', { timeout: 60_000 }, async () => {
    const { page: p, errors } = await page();
    const email = uniqueEmail('wrongpw');
    await signUp(p, email);
    await p.getByTestId('logout-button').click();
    await p.waitForURL(/\/login/);

    const login = p.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await signIn(p, email, `${PASSWORD} nope`);
    const res = await login;
    assert.equal(res.status(), 401);
    const message = p.getByText(/wrong email or password/i);
    await message.first().waitFor();
    // Shown inside the sign-in card: either as the form banner or as the password field's error.
    const shownIn = await message.first().evaluate((el) => {
      const card = el.closest('[data-testid="error-banner"], [data-testid^="field-error-"]');
      return card?.getAttribute('data-testid') ?? null;
    });
    assert.ok(shownIn, 'the message should be in the error banner or a field error');
    assert.match(p.url(), /\/login/);
    assert.equal(await p.getByTestId('user-email').count(), 0);
    await screenshot(p, '3-signin-wrong-password');
    // The 401 of the failed login itself is logged by Chromium as a failed resource: expected.
    assertNoConsoleErrors(errors.filter((e) => !/status of 401/.test(e) || !/\/api\/v1\/auth\/login/.test(e)));
  });

  test('an admin sees the Admin navigation and page; a normal user does not', { timeout: 60_000 }, async () => {
    // Admin: sign up, grant the role with the CLI, sign in again.
    const admin = await page();
    await signUpAdmin(admin.page, uniqueEmail('admin'));
    const nav = admin.page.getByTestId('nav-admin');
    await nav.waitFor();
    await nav.click();
    await admin.page.waitForURL(/\/admin$/);
    await admin.page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    await admin.page.getByTestId('admin-reload').waitFor();
    assert.equal(await admin.page.getByText(/for administrators only/i).count(), 0);
    // The four sections render (their content may be an error until the admin API is wired).
    for (const id of ['admin-sources', 'admin-queue', 'admin-workers', 'admin-llm']) {
      await admin.page.getByTestId(id).waitFor();
    }
    await admin.page.waitForLoadState('networkidle');
    await screenshot(admin.page, '4-admin');
    assertNoConsoleErrors(admin.errors);

    // Normal user: no nav item, /admin says not allowed.
    const user = await page();
    await signUp(user.page, uniqueEmail('user'));
    await user.page.getByTestId('nav-profile').waitFor();
    assert.equal(await user.page.getByTestId('nav-admin').count(), 0);
    await user.page.goto('/admin');
    await user.page.getByRole('heading', { level: 1, name: 'Admin' }).waitFor();
    await user.page.getByText(/for administrators only/i).waitFor();
    assert.equal(await user.page.getByTestId('admin-sources').count(), 0);
    assert.equal(await user.page.getByTestId('nav-admin').count(), 0);
    await screenshot(user.page, '4-admin-not-allowed');
    assertNoConsoleErrors(user.errors);
  });

  test('sign up → profile → fastText recommendations → rate one → LLM scoring run with scores and justifications', { timeout: 150_000 }, async () => {
    const { page: p, errors, tolerated } = await page();
    const email = uniqueEmail('flow');
    await signUp(p, email);
    await fillProfile(p);
    await saveProfile(p);

    // fastText recommendations. On the server's first start the engine may still be warming
    // up: the page shows that and polls GET /engines until it is ready, then lists postings.
    await p.getByTestId('nav-recommendations').click();
    await p.waitForURL(/\/recommendations$/);
    const list = p.getByTestId('recommendation-list');
    await list.waitFor({ timeout: WARM_UP_TIMEOUT_MS });
    assert.ok(await p.getByTestId('engine-option-fasttext').isChecked(), 'fastText should be the engine of a first visit');
    const cards = list.getByTestId('recommendation-card');
    const before = await cards.count();
    assert.ok(before >= 2, `expected fastText recommendations, got ${before} cards`);
    for (const score of await cards.getByTestId('card-score').all()) assert.equal(await score.getAttribute('data-scored'), 'true');
    await screenshot(p, '5-flow-fasttext');

    // Rate the first card: it leaves the list, with an undo notice.
    const first = cards.first();
    const jobId = await first.getAttribute('data-job-id');
    await first.getByTestId('card-toggle').click();
    await first.getByTestId('card-description').waitFor();
    await first.getByTestId('rating-score-8').check();
    await first.getByTestId('rating-comment').fill('Good fit: Python and SQL in a data team.');
    const put = p.waitForResponse((r) => r.url().endsWith(`/api/v1/jobs/${jobId}/review`) && r.request().method() === 'PUT');
    await first.getByTestId('rating-submit').click();
    const putResponse = await put;
    assert.equal(putResponse.status(), 200, `PUT /jobs/${jobId}/review: ${putResponse.status()} ${await putResponse.text()}`);
    await p.getByTestId('rated-notice').waitFor();
    const rated = `[data-testid="recommendation-card"][data-job-id="${jobId}"]`;
    await p.locator(rated).waitFor({ state: 'detached' });
    assert.equal(await cards.count(), before - 1);
    await screenshot(p, '5-flow-rated');

    // LLM engine: Refresh starts a scoring run against the fake LLM; the progress bar moves
    // until the run is done.
    assert.ok(await p.getByTestId('engine-option-llm').isEnabled(), 'the LLM engine is configured (fake LLM) and should be selectable');
    assert.equal(await p.getByTestId('engine-reason-llm').count(), 0);
    await p.getByTestId('engine-option-llm').check();
    const refresh = p.getByTestId('refresh-button');
    await refresh.waitFor();
    await p.waitForLoadState('networkidle');
    const start = p.waitForResponse((r) => r.url().endsWith('/api/v1/scoring-runs') && r.request().method() === 'POST');
    await refresh.click();
    const startResponse = await start;
    assert.ok(startResponse.ok(), `POST /scoring-runs: ${startResponse.status()} ${await startResponse.text()}`);
    const progress = p.getByTestId('scoring-progress');
    await progress.waitFor();
    const bar = p.getByTestId('scoring-progress-bar');
    const seen = []; // [state, value] samples
    const deadline = Date.now() + 60_000;
    for (;;) {
      const state = await progress.getAttribute('data-state');
      const value = await bar.getAttribute('value');
      const last = seen.at(-1);
      if (!last || last[0] !== state || last[1] !== value) seen.push([state, value]);
      if (['done', 'failed', 'cancelled', 'budget_exhausted'].includes(state)) break;
      assert.ok(Date.now() < deadline, `the scoring run did not finish: ${JSON.stringify(seen)}`);
      await p.waitForTimeout(100);
    }
    const values = seen.map(([, v]) => v).filter((v) => v !== null).map(Number);
    assert.equal(seen.at(-1)[0], 'done', `run states: ${JSON.stringify(seen)}`);
    assert.equal(values.at(-1), 100, `progress values: ${JSON.stringify(seen)}`);
    assert.ok(values.some((v) => v < 100), `the bar never showed a run in progress: ${JSON.stringify(seen)}`);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), `the bar went backwards: ${JSON.stringify(seen)}`);
    const summary = await p.getByTestId('scoring-summary').innerText();
    const m = /Done: scored (\d+) of (\d+)/.exec(summary);
    assert.ok(m && Number(m[1]) > 0, `summary: ${summary}`);
    assert.match(summary, /cost \$0\.\d*[1-9]/, `a run with priced tokens should cost something: ${summary}`);

    flowRun = { email };

    // The fake LLM was called as configured: model, key, structured output.
    const calls = llm.scoreCalls();
    assert.ok(calls.length >= Number(m[1]), `${calls.length} LLM calls for ${m[1]} scored postings`);
    for (const c of calls) {
      assert.equal(c.body.model, FAKE_MODEL);
      assert.equal(c.headers.authorization, `Bearer ${LLM_API_KEY}`);
    }

    // The list now shows LLM scores and, on opening a card, the LLM's justification.
    const scoredBadge = p.locator('[data-testid="card-score"][data-scored="true"]');
    const llmCard = list.getByTestId('recommendation-card').filter({ has: scoredBadge }).first();
    await llmCard.waitFor();
    const llmTitle = (await llmCard.getByTestId('card-title').innerText()).trim();
    await llmCard.getByTestId('card-toggle').click();
    const justification = llmCard.locator('.why__justification');
    await justification.waitFor();
    assert.equal((await justification.innerText()).trim(), justificationFor(llmTitle));
    // The score on the card is the fake LLM's score for that title (0–10).
    assert.match(await llmCard.getByTestId('card-score').innerText(), new RegExp(`^${scoreFor(llmTitle)}\\.0\\b`));
    assert.equal(await p.locator(rated).count(), 0, 'the rated posting must not come back in the LLM list');
    await screenshot(p, '5-flow-llm-scored');

    // Back on fastText after a reload the rated posting stays out of the list.
    await p.getByTestId('engine-option-fasttext').check();
    await p.reload();
    await list.waitFor();
    assert.equal(await p.locator(rated).count(), 0, 'a rated posting must leave the fastText list for good');

    // My ratings lists it with the score and the comment.
    await p.getByTestId('nav-ratings').click();
    await p.waitForURL(/\/ratings$/);
    const review = p.locator(`[data-testid="review-item"][data-job-id="${jobId}"]`);
    await review.waitFor();
    assert.match(await review.locator('.score__value').innerText(), /^8$/);
    assert.match(await review.innerText(), /Good fit: Python and SQL in a data team\./);
    await screenshot(p, '5-flow-my-ratings');
    if (tolerated.length) console.log(`# tolerated:\n# ${tolerated.join('\n# ')}`);
    assertNoConsoleErrors(errors);
  });

  test('no console errors on the signed-in pages', { timeout: 60_000 }, async () => {
    const { page: p, errors, tolerated } = await page();
    await signUp(p, uniqueEmail('pages'));
    for (const name of ['recommendations', 'profile', 'ratings', 'insights']) {
      await p.getByTestId(`nav-${name}`).click();
      await p.waitForURL(new RegExp(`/${name}$`));
      await p.getByRole('heading', { level: 1 }).first().waitFor();
      await p.waitForLoadState('networkidle');
      await screenshot(p, `6-${name}`);
    }
    await p.goto('/login');
    await p.waitForURL(/\/recommendations/); // signed in: /login redirects
    await p.getByTestId('logout-button').click();
    await p.waitForURL(/\/login/);
    await p.getByTestId('login-form').waitFor();
    await screenshot(p, '6-signed-out');
    if (tolerated.length) console.log(`# tolerated:\n# ${tolerated.join('\n# ')}`);
    assertNoConsoleErrors(errors);
  });

  test('the admin LLM spend shows the tokens and cost of the LLM run', { timeout: 60_000 }, async (t) => {
    if (!flowRun) return t.skip('test 5 did not finish its LLM run');
    const { page: p, errors } = await page();
    await signUpAdmin(p, uniqueEmail('spend'));
    await p.goto('/admin');
    const spend = p.getByTestId('admin-llm');
    const row = spend.locator('tr', { hasText: flowRun.email });
    await row.waitFor();
    const [tokens, cost] = (await row.locator('td.num').allInnerTexts()).map((x) => x.trim());
    assert.ok(tokens !== '0' && tokens !== '–', `tokens of the run: ${tokens}`);
    assert.match(cost, /^\$0\.\d*[1-9]/, `cost of the run: ${cost}`);
    assert.match(await spend.locator('.stat__value').first().innerText(), /^\$0\.\d*[1-9]/);
    await screenshot(p, '7-admin-llm-spend');
    assertNoConsoleErrors(errors);
  });

  test('a running LLM scoring run can be cancelled', { timeout: 90_000 }, async () => {
    const { page: p, errors } = await page();
    await signUp(p, uniqueEmail('cancel'));
    await p.getByTestId('job-title-0').fill('Registered Nurse');
    await saveProfile(p);
    await p.getByTestId('nav-recommendations').click();
    await p.getByTestId('recommendation-list').waitFor({ timeout: WARM_UP_TIMEOUT_MS });
    await p.getByTestId('engine-option-llm').check();
    await p.waitForLoadState('networkidle');
    await p.getByTestId('refresh-button').click();
    const progress = p.getByTestId('scoring-progress');
    // A fresh profile: every candidate needs a (slow, fake) LLM call, so the run is still going
    // when the page first sees it running.
    await p.locator('[data-testid="scoring-progress"][data-state="running"]').waitFor({ timeout: 20_000 });
    const cancel = p.getByTestId('scoring-cancel');
    const del = p.waitForResponse((r) => /\/api\/v1\/scoring-runs\/\d+$/.test(r.url()) && r.request().method() === 'DELETE');
    await cancel.click();
    const delResponse = await del;
    assert.ok(delResponse.ok(), `DELETE /scoring-runs/{id}: ${delResponse.status()} ${await delResponse.text()}`);
    await p.locator('[data-testid="scoring-progress"][data-state="cancelled"]').waitFor({ timeout: 30_000 });
    const summary = await p.getByTestId('scoring-summary').innerText();
    const m = /Cancelled after (\d+) of (\d+)/.exec(summary);
    assert.ok(m && Number(m[1]) < Number(m[2]), `summary: ${summary}`);
    assert.equal(await p.getByTestId('scoring-cancel').count(), 0);
    assert.equal(await progress.getAttribute('data-state'), 'cancelled');
    await p.waitForLoadState('networkidle'); // the list reloads after the run ended
    await screenshot(p, '8-run-cancelled');
    assertNoConsoleErrors(errors);
  });
});
