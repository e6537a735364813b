// End-to-end tests: headless Chromium driving the built web app (web/dist) served by a real
// `jobrec serve` with its own embedded PostgreSQL. Run with `npm run e2e` after `npm run build`;
// see e2e/README.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newPage, PASSWORD, screenshot, signIn, signUp, startServer, uniqueEmail } from './harness.mjs';

let server;
let chrome;
const open = []; // contexts to close at the end even if a test failed

async function page() {
  const p = await newPage(chrome.browser, server.base);
  open.push(p.context);
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

describe('jobrec web app against a real server', { concurrency: false }, () => {
  before(
    async () => {
      // Assigned one by one so that after() can clean up whichever of the two did start.
      const starting = startServer().then((s) => (server = s));
      chrome = await launchBrowser();
      await starting;
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      for (const c of open) await c.close().catch(() => {});
      await chrome?.close().catch(() => {});
      await server?.stop();
    },
    { timeout: 60_000 },
  );

  test('sign up, fill the three profile tabs, save, and the values persist after a reload', { timeout: 60_000 }, async () => {
    const { page: p, errors } = await page();
    const email = uniqueEmail('profile');
    await signUp(p, email);
    await p.getByTestId('profile-form').waitFor();
    assert.match(await p.getByTestId('profile-version').innerText(), /not saved yet/i);

    // Tab 1: target job.
    await p.getByTestId('profile-tab-target').click();
    await p.getByTestId('job-title-0').fill(PROFILE.title);
    await p.getByTestId('job-title-add').click();
    await p.getByTestId('job-title-1').fill(PROFILE.title2);
    await p.locator('#ideal_job').fill(PROFILE.ideal);
    const sector = (await p.locator('label[for="sector-0"]').innerText()).trim();
    await p.locator('#sector-0').check();
    await screenshot(p, '1-profile-target');

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
    await screenshot(p, '1-profile-skills');

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
    await screenshot(p, '1-profile-experience');

    // Save: one PUT, then the confirmation with the list of changes.
    const put = p.waitForResponse((r) => r.url().endsWith('/api/v1/profile') && r.request().method() === 'PUT');
    await p.getByTestId('profile-save').click();
    const putResponse = await put;
    assert.equal(putResponse.status(), 200, `PUT /profile: ${putResponse.status()} ${await putResponse.text()}`);
    const result = p.getByTestId('profile-save-result');
    await result.waitFor();
    assert.match(await result.innerText(), /profile saved/i);
    const changes = await p.getByTestId('profile-diff').locator('li').allInnerTexts();
    assert.ok(changes.length >= 5, `expected a list of changes, got ${JSON.stringify(changes)}`);
    assert.ok(changes.some((c) => c.includes(PROFILE.title)), `job titles not in the change list: ${JSON.stringify(changes)}`);
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
    const adminEmail = uniqueEmail('admin');
    await signUp(admin.page, adminEmail);
    await server.grantAdmin(adminEmail);
    await admin.page.getByTestId('logout-button').click();
    await admin.page.waitForURL(/\/login/);
    await signIn(admin.page, adminEmail);
    await admin.page.waitForURL(/\/recommendations/);
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

  test('no console errors on the signed-in pages', { timeout: 60_000 }, async () => {
    const { page: p, errors, tolerated } = await page();
    await signUp(p, uniqueEmail('pages'));
    for (const name of ['recommendations', 'profile', 'ratings', 'insights']) {
      await p.getByTestId(`nav-${name}`).click();
      await p.waitForURL(new RegExp(`/${name}$`));
      await p.getByRole('heading', { level: 1 }).first().waitFor();
      await p.waitForLoadState('networkidle');
      await screenshot(p, `5-${name}`);
    }
    await p.goto('/login');
    await p.waitForURL(/\/recommendations/); // signed in: /login redirects
    await p.getByTestId('logout-button').click();
    await p.waitForURL(/\/login/);
    await p.getByTestId('login-form').waitFor();
    await screenshot(p, '5-signed-out');
    if (tolerated.length) console.log(`# tolerated (API not wired yet):\n# ${tolerated.join('\n# ')}`);
    assertNoConsoleErrors(errors);
  });
});
