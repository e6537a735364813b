import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, splitErrors } from '../api/client';
import { api } from '../api/endpoints';
import type { Profile, ProfileResponse, SalaryPeriod } from '../api/types';
import { GeneralSkillsEditor, TechnicalSkillsEditor } from '../components/SkillsEditor';
import { TagInput } from '../components/TagInput';
import { Banner, describedBy, ErrorBanner, Field, FieldError, Loading, PageHeader } from '../components/ui';
import {
  COMMON_CURRENCIES,
  COMMON_LANGUAGES,
  EDUCATION_LEVELS,
  EXPERIENCE_LEVELS,
  ISO_639_1,
  MAX_IDEAL_JOB_CHARS,
  MAX_JOB_TITLES,
  MAX_LOCATIONS,
  MAX_TITLE_CHARS,
  REMOTE_LABELS,
  REMOTE_PREFERENCES,
  SALARY_PERIODS,
  SECTORS,
} from '../lib/constants';
import { educationLabel, languageLabel, languageName } from '../lib/format';
import {
  charLength,
  coerceProfile,
  emptyProfile,
  firstTabWithError,
  normalizeProfile,
  PROFILE_FIELDS,
  PROFILE_TABS,
  type ProfileErrors,
  type ProfileTab,
  tabForField,
  validateProfile,
} from '../lib/profile';
import { diffProfile, type DiffEntry } from '../lib/profileDiff';
import { weightsProblem } from '../lib/weights';
import { useResource, useTitle } from '../hooks';
import { Link, useLocation } from '../router';

type Update = <K extends keyof Profile>(key: K, value: Profile[K]) => void;

interface TabProps {
  p: Profile;
  set: Update;
  errors: ProfileErrors;
}

async function loadProfile(): Promise<ProfileResponse> {
  try {
    const r = await api.getProfile();
    return { version: r.version ?? 0, profile: coerceProfile(r.profile) };
  } catch (e) {
    // A brand-new account may not have a profile yet.
    if (e instanceof ApiError && e.status === 404) return { version: 0, profile: emptyProfile() };
    throw e;
  }
}

export function ProfilePage() {
  useTitle('Profile');
  const { query } = useLocation();
  const res = useResource(loadProfile);
  if (res.loading && !res.data) return <Loading label="Loading your profile…" />;
  if (res.error || !res.data) {
    return (
      <>
        <PageHeader title="Your profile" />
        <ErrorBanner error={res.error} onRetry={res.reload} />
      </>
    );
  }
  return <ProfileEditor initial={res.data} welcome={query.get('welcome') === '1'} />;
}

type SaveResult = { version: number; changes: DiffEntry[] };

function ProfileEditor({ initial, welcome }: { initial: ProfileResponse; welcome: boolean }) {
  const [saved, setSaved] = useState<Profile>(initial.profile);
  const [draft, setDraft] = useState<Profile>(initial.profile);
  const [version, setVersion] = useState(initial.version);
  const [tab, setTab] = useState<ProfileTab>('target');
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SaveResult | null>(null);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const resultRef = useRef<HTMLDivElement>(null);

  // Bring the "what changed" summary into view after a save.
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);

  const dirty = useMemo(() => JSON.stringify(saved) !== JSON.stringify(draft), [saved, draft]);
  const blockers = [
    weightsProblem(
      draft.technical_skills.map((s) => s.weight),
      'Technical skills',
    ),
    weightsProblem(
      draft.general_skills.map((s) => s.weight),
      'General skills',
    ),
  ].filter((x): x is string => x !== null);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const set: Update = (key, value) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setResult(null);
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  function selectTab(t: ProfileTab, focus = false) {
    setTab(t);
    if (focus) tabRefs.current[t]?.focus();
  }

  function onTabKey(e: KeyboardEvent, i: number) {
    const n = PROFILE_TABS.length;
    let j: number | null = null;
    if (e.key === 'ArrowRight') j = (i + 1) % n;
    else if (e.key === 'ArrowLeft') j = (i - 1 + n) % n;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = n - 1;
    if (j === null) return;
    e.preventDefault();
    const t = PROFILE_TABS[j];
    if (t) selectTab(t.id, true);
  }

  async function save(e: Event) {
    e.preventDefault();
    if (blockers.length) return;
    const normalized = normalizeProfile(draft);
    const errs = validateProfile(normalized);
    const first = firstTabWithError(errs);
    setResult(null);
    if (first) {
      setErrors(errs);
      setBanner('Some fields need attention before saving — they are marked below.');
      setTab(first);
      return;
    }
    setErrors({});
    setBanner(null);
    setBusy(true);
    try {
      const r = await api.putProfile(normalized);
      const after = coerceProfile(r.profile);
      setResult({ version: r.version, changes: diffProfile(saved, after) });
      setSaved(after);
      setDraft(after);
      setVersion(r.version);
    } catch (err) {
      const s = splitErrors(err, PROFILE_FIELDS);
      setErrors(s.fields as ProfileErrors);
      setBanner(s.banner);
      const f = err instanceof ApiError && err.field ? tabForField(err.field) : null;
      if (f) setTab(f);
    } finally {
      setBusy(false);
    }
  }

  const tabProps: TabProps = { p: draft, set, errors };
  const active = PROFILE_TABS.find((t) => t.id === tab) ?? PROFILE_TABS[0]!;

  return (
    <>
      <PageHeader title="Your profile">
        <span class="muted small" data-testid="profile-version">
          {version > 0 ? `Saved version ${version}` : 'Not saved yet'}
        </span>
      </PageHeader>
      {welcome && version === 0 && (
        <Banner kind="info">
          Welcome! Tell us what you are looking for — your recommendations are built from this profile.
        </Banner>
      )}
      <form class="profile" onSubmit={save} noValidate data-testid="profile-form">
        <div class="tabs" role="tablist" aria-label="Profile sections">
          {PROFILE_TABS.map((t, i) => {
            const hasError = t.fields.some((f) => errors[f]);
            return (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                class={`tab${t.id === tab ? ' tab--active' : ''}`}
                aria-selected={t.id === tab}
                aria-controls={`panel-${t.id}`}
                tabIndex={t.id === tab ? 0 : -1}
                ref={(el) => {
                  tabRefs.current[t.id] = el;
                }}
                onClick={() => selectTab(t.id)}
                onKeyDown={(e) => onTabKey(e, i)}
                data-testid={`profile-tab-${t.id}`}
              >
                {t.id === 'experience' ? (
                  <span>
                    Experience<span class="tab__more"> &amp; preferences</span>
                  </span>
                ) : (
                  t.label
                )}
                {hasError && (
                  <span class="tab__badge" aria-label="(has errors)">
                    !
                  </span>
                )}
              </button>
            );
          })}
        </div>
        {banner && (
          <Banner kind="error" onDismiss={() => setBanner(null)}>
            {banner}
          </Banner>
        )}
        <div class="card tabpanel" role="tabpanel" id={`panel-${active.id}`} aria-labelledby={`tab-${active.id}`}>
          {tab === 'target' && <TargetTab {...tabProps} />}
          {tab === 'skills' && <SkillsTab {...tabProps} />}
          {tab === 'experience' && <ExperienceTab {...tabProps} />}
        </div>

        <div ref={resultRef}>{result && <SaveResultPanel result={result} onClose={() => setResult(null)} />}</div>

        <div class="savebar">
          <div class="savebar__status" aria-live="polite">
            {blockers.length > 0 ? (
              <span class="savebar__blocked" data-testid="save-blocked">
                Cannot save yet: {blockers.join(' ')}
              </span>
            ) : dirty ? (
              <span>You have unsaved changes.</span>
            ) : (
              <span class="muted">All changes saved.</span>
            )}
          </div>
          <button
            type="submit"
            class="btn btn--primary"
            disabled={busy || blockers.length > 0}
            aria-describedby={blockers.length ? 'save-blocked-reason' : undefined}
            data-testid="profile-save"
          >
            {busy ? 'Saving…' : 'Save profile'}
          </button>
          {blockers.length > 0 && (
            <span id="save-blocked-reason" class="sr-only">
              {blockers.join(' ')}
            </span>
          )}
        </div>
      </form>
    </>
  );
}

function SaveResultPanel({ result, onClose }: { result: SaveResult; onClose: () => void }) {
  return (
    <div class="banner banner--success save-result" role="status" data-testid="profile-save-result">
      <div class="banner__body">
        <p>
          <strong>Profile saved</strong> (version {result.version}).
        </p>
        {result.changes.length === 0 ? (
          <p>Nothing changed.</p>
        ) : (
          <>
            <ul class="diff" data-testid="profile-diff">
              {result.changes.map((c) => (
                <li key={c.field}>
                  <strong>{c.label}:</strong> {c.text}
                </li>
              ))}
            </ul>
            <p>
              Your recommendations will refresh with these changes.{' '}
              <Link href="/recommendations">See recommendations</Link>
            </p>
          </>
        )}
      </div>
      <button type="button" class="btn btn--ghost btn--small" onClick={onClose} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  );
}

function TargetTab({ p, set, errors }: TabProps) {
  const titles = p.job_titles;
  const setTitle = (i: number, v: string) => set('job_titles', titles.map((t, j) => (j === i ? v : t)));
  const addTitle = () => {
    if (titles.length >= MAX_JOB_TITLES) return;
    set('job_titles', [...titles, '']);
    requestAnimationFrame(() => document.getElementById(`job-title-${titles.length}`)?.focus());
  };
  return (
    <div class="stack">
      <fieldset class="fieldset" aria-describedby={errors.job_titles ? 'job_titles-error' : undefined}>
        <legend>Job titles you are looking for</legend>
        <p class="muted small">One to {MAX_JOB_TITLES} titles, most wanted first.</p>
        <ol class="title-list">
          {titles.map((t, i) => (
            <li key={i} class="title-row">
              <label class="sr-only" for={`job-title-${i}`}>
                Job title {i + 1}
              </label>
              <input
                id={`job-title-${i}`}
                type="text"
                value={t}
                placeholder={i === 0 ? 'e.g. Data Scientist' : 'Another title'}
                maxLength={MAX_TITLE_CHARS}
                onInput={(e) => setTitle(i, e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addTitle();
                  }
                }}
                aria-invalid={errors.job_titles ? true : undefined}
                data-testid={`job-title-${i}`}
              />
              <button
                type="button"
                class="btn btn--ghost btn--small"
                onClick={() => set('job_titles', titles.length > 1 ? titles.filter((_, j) => j !== i) : [''])}
                aria-label={`Remove job title ${i + 1}${t ? ` (${t})` : ''}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          class="btn btn--secondary btn--small"
          onClick={addTitle}
          disabled={titles.length >= MAX_JOB_TITLES}
          data-testid="job-title-add"
        >
          + Add a title
        </button>
        <FieldError id="job_titles" error={errors.job_titles} />
      </fieldset>

      <Field
        id="ideal_job"
        label="Describe your ideal job"
        error={errors.ideal_job}
        hint={`${charLength(p.ideal_job)} / ${MAX_IDEAL_JOB_CHARS} characters. What you would do, the team, the product, what to avoid.`}
      >
        <textarea
          id="ideal_job"
          rows={6}
          value={p.ideal_job}
          onInput={(e) => set('ideal_job', e.currentTarget.value)}
          {...describedBy('ideal_job', { error: errors.ideal_job, hint: true })}
        />
      </Field>

      <fieldset class="fieldset" aria-describedby={errors.sectors ? 'sectors-error' : undefined}>
        <legend>Sectors</legend>
        <p class="muted small">Leave all unticked if any sector is fine.</p>
        <div class="checkbox-grid">
          {SECTORS.map((s, i) => (
            <label class="check" key={s} for={`sector-${i}`}>
              <input
                id={`sector-${i}`}
                type="checkbox"
                checked={p.sectors.includes(s)}
                onChange={(e) =>
                  set('sectors', e.currentTarget.checked ? [...p.sectors, s] : p.sectors.filter((x) => x !== s))
                }
              />
              <span>{s}</span>
            </label>
          ))}
        </div>
        <FieldError id="sectors" error={errors.sectors} />
      </fieldset>
    </div>
  );
}

function SkillsTab({ p, set, errors }: TabProps) {
  return (
    <div class="stack">
      <TechnicalSkillsEditor
        skills={p.technical_skills}
        onChange={(s) => set('technical_skills', s)}
        error={errors.technical_skills}
      />
      <GeneralSkillsEditor skills={p.general_skills} onChange={(s) => set('general_skills', s)} error={errors.general_skills} />
    </div>
  );
}

function ExperienceTab({ p, set, errors }: TabProps) {
  const salary = p.min_salary;
  const currencies = salary && !COMMON_CURRENCIES.includes(salary.currency) ? [salary.currency, ...COMMON_CURRENCIES] : COMMON_CURRENCIES;
  const otherLanguages = p.languages.filter((l) => !COMMON_LANGUAGES.includes(l));
  return (
    <div class="stack">
      <div class="grid-2">
        <Field id="education" label="Highest education" error={errors.education}>
          <select
            id="education"
            value={p.education ?? ''}
            onChange={(e) => set('education', (e.currentTarget.value || null) as Profile['education'])}
            {...describedBy('education', { error: errors.education })}
          >
            <option value="">Prefer not to say</option>
            {EDUCATION_LEVELS.map((x) => (
              <option key={x} value={x}>
                {educationLabel(x)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="experience" label="Relevant experience" error={errors.experience}>
          <select
            id="experience"
            value={p.experience ?? ''}
            onChange={(e) => set('experience', (e.currentTarget.value || null) as Profile['experience'])}
            {...describedBy('experience', { error: errors.experience })}
          >
            <option value="">Prefer not to say</option>
            {EXPERIENCE_LEVELS.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <TagInput
        id="locations"
        label="Locations you would work in"
        values={p.locations}
        onChange={(v) => set('locations', v)}
        placeholder="e.g. Lyon, France"
        hint="Cities or regions. Leave empty if location does not matter."
        max={MAX_LOCATIONS}
        error={errors.locations}
        testid="locations"
      />

      <fieldset class="fieldset" aria-describedby={errors.remote ? 'remote-error' : undefined}>
        <legend>Remote work</legend>
        <div class="segmented">
          {REMOTE_PREFERENCES.map((r) => (
            <label key={r} class={`segmented__option${p.remote === r ? ' segmented__option--on' : ''}`} for={`remote-${r}`}>
              <input
                id={`remote-${r}`}
                type="radio"
                name="remote"
                value={r}
                checked={p.remote === r}
                onChange={() => set('remote', r)}
              />
              <span>{r === 'any' ? 'No preference' : REMOTE_LABELS[r]}</span>
            </label>
          ))}
        </div>
        <FieldError id="remote" error={errors.remote} />
      </fieldset>

      <fieldset class="fieldset" aria-describedby={errors.min_salary ? 'min_salary-error' : undefined}>
        <legend>Minimum salary</legend>
        <label class="check" for="salary-enabled">
          <input
            id="salary-enabled"
            type="checkbox"
            checked={salary !== null}
            onChange={(e) =>
              set(
                'min_salary',
                e.currentTarget.checked ? { amount: Number.NaN, currency: 'EUR', period: 'year' } : null,
              )
            }
            data-testid="salary-enabled"
          />
          <span>Set a minimum salary</span>
        </label>
        {salary && (
          <div class="salary-row">
            <div class="field">
              <label for="salary-amount">Amount</label>
              <input
                id="salary-amount"
                type="number"
                inputMode="numeric"
                min={0}
                step="any"
                value={Number.isFinite(salary.amount) ? salary.amount : ''}
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  set('min_salary', { ...salary, amount: v === '' ? Number.NaN : Number(v) });
                }}
                aria-invalid={errors.min_salary ? true : undefined}
                data-testid="salary-amount"
              />
            </div>
            <div class="field">
              <label for="salary-currency">Currency</label>
              <select
                id="salary-currency"
                value={salary.currency}
                onChange={(e) => set('min_salary', { ...salary, currency: e.currentTarget.value })}
              >
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="salary-period">Per</label>
              <select
                id="salary-period"
                value={salary.period}
                onChange={(e) => set('min_salary', { ...salary, period: e.currentTarget.value as SalaryPeriod })}
              >
                {SALARY_PERIODS.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <FieldError id="min_salary" error={errors.min_salary} />
      </fieldset>

      <fieldset class="fieldset" aria-describedby={errors.languages ? 'languages-error' : undefined}>
        <legend>Languages you can work in</legend>
        <div class="checkbox-grid checkbox-grid--narrow">
          {COMMON_LANGUAGES.map((code) => (
            <label class="check" key={code} for={`lang-${code}`}>
              <input
                id={`lang-${code}`}
                type="checkbox"
                checked={p.languages.includes(code)}
                onChange={(e) =>
                  set(
                    'languages',
                    e.currentTarget.checked ? [...p.languages, code] : p.languages.filter((l) => l !== code),
                  )
                }
              />
              <span>{languageName(code)}</span>
            </label>
          ))}
        </div>
        <TagInput
          id="languages-other"
          label="Other languages (ISO 639-1 code)"
          values={otherLanguages}
          onChange={(v) => set('languages', [...p.languages.filter((l) => COMMON_LANGUAGES.includes(l)), ...v])}
          normalize={(v) => v.toLowerCase()}
          check={(v) => (p.languages.includes(v) ? `“${v}” is already ticked above.` : ISO_639_1.has(v) ? null : `“${v}” is not a two-letter ISO 639-1 code (e.g. "sv" for Swedish).`)}
          display={languageLabel}
          placeholder="e.g. sv"
        />
        <FieldError id="languages" error={errors.languages} />
      </fieldset>
    </div>
  );
}
