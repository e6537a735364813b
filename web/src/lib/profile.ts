// Profile helpers: defaults, normalisation before save, and client-side validation that
// mirrors the server's rules (the server stays the authority; its messages win).

import type { Education, Experience, MinSalary, Profile, RemotePreference, SalaryPeriod } from '../api/types';
import {
  EDUCATION_LEVELS,
  EXPERIENCE_LEVELS,
  GENERAL_SKILL_CATEGORIES,
  ISO_639_1,
  MAX_IDEAL_JOB_CHARS,
  MAX_JOB_TITLES,
  MAX_LANGUAGES,
  MAX_LOCATION_CHARS,
  MAX_LOCATIONS,
  MAX_SALARY_AMOUNT,
  MAX_SKILL_NAME_CHARS,
  MAX_TITLE_CHARS,
  REMOTE_PREFERENCES,
  SALARY_PERIODS,
  SECTORS,
} from './constants';
import { weightsProblem } from './weights';

export type ProfileField = keyof Profile;
export type ProfileErrors = Partial<Record<ProfileField, string>>;

export const PROFILE_FIELDS: readonly ProfileField[] = [
  'job_titles',
  'ideal_job',
  'sectors',
  'technical_skills',
  'general_skills',
  'education',
  'experience',
  'locations',
  'remote',
  'min_salary',
  'languages',
];

export type ProfileTab = 'target' | 'skills' | 'experience';

export const PROFILE_TABS: { id: ProfileTab; label: string; fields: readonly ProfileField[] }[] = [
  { id: 'target', label: 'Target job', fields: ['job_titles', 'ideal_job', 'sectors'] },
  { id: 'skills', label: 'Skills', fields: ['technical_skills', 'general_skills'] },
  {
    id: 'experience',
    label: 'Experience & preferences',
    fields: ['education', 'experience', 'locations', 'remote', 'min_salary', 'languages'],
  },
];

/** The tab holding a field (accepts server field paths like "technical_skills[1].weight"). */
export function tabForField(field: string): ProfileTab | null {
  const top = /^[^.[\]]+/.exec(field)?.[0] ?? field;
  for (const t of PROFILE_TABS) if ((t.fields as readonly string[]).includes(top)) return t.id;
  return null;
}

export function emptyProfile(): Profile {
  return {
    job_titles: [''],
    ideal_job: '',
    sectors: [],
    technical_skills: [],
    general_skills: [],
    education: null,
    experience: null,
    locations: [],
    remote: 'any',
    min_salary: null,
    languages: [],
  };
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function oneOf<T extends string, D>(v: unknown, allowed: readonly T[], dflt: D): T | D {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : dflt;
}

/** Length in Unicode code points (what the server counts), not UTF-16 units. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Accept whatever the server sent (possibly partial for a brand-new user) as a full Profile. */
export function coerceProfile(raw: unknown): Profile {
  const d = emptyProfile();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Record<string, unknown>;
  const titles = strList(r.job_titles);
  const tech = Array.isArray(r.technical_skills)
    ? r.technical_skills
        .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
        .map((s) => ({ name: typeof s.name === 'string' ? s.name : '', weight: Number(s.weight) }))
    : [];
  const general = Array.isArray(r.general_skills)
    ? r.general_skills
        .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
        .map((s) => ({ category: typeof s.category === 'string' ? s.category : '', weight: Number(s.weight) }))
    : [];
  let min_salary: MinSalary | null = null;
  if (typeof r.min_salary === 'object' && r.min_salary !== null) {
    const m = r.min_salary as Record<string, unknown>;
    min_salary = {
      amount: Number(m.amount),
      currency: typeof m.currency === 'string' ? m.currency : 'EUR',
      period: oneOf<SalaryPeriod, SalaryPeriod>(m.period, SALARY_PERIODS, 'year'),
    };
  }
  return {
    job_titles: titles.length ? titles : d.job_titles,
    ideal_job: typeof r.ideal_job === 'string' ? r.ideal_job : '',
    sectors: strList(r.sectors),
    technical_skills: tech,
    general_skills: general,
    education: oneOf<Education, null>(r.education, EDUCATION_LEVELS, null),
    experience: oneOf<Experience, null>(r.experience, EXPERIENCE_LEVELS, null),
    locations: strList(r.locations),
    remote: oneOf<RemotePreference, RemotePreference>(r.remote, REMOTE_PREFERENCES, d.remote),
    min_salary,
    languages: strList(r.languages),
  };
}

/** Trim text, drop blank list rows, lower-case language codes, upper-case currency. */
export function normalizeProfile(p: Profile): Profile {
  const trimList = (xs: string[]) => xs.map((x) => x.trim()).filter((x) => x !== '');
  return {
    ...p,
    job_titles: trimList(p.job_titles),
    ideal_job: p.ideal_job.trim(),
    technical_skills: p.technical_skills.map((s) => ({ name: s.name.trim(), weight: s.weight })),
    general_skills: p.general_skills.map((s) => ({ ...s })),
    locations: trimList(p.locations),
    languages: trimList(p.languages).map((l) => l.toLowerCase()),
    sectors: [...p.sectors],
    min_salary: p.min_salary
      ? { ...p.min_salary, currency: p.min_salary.currency.trim().toUpperCase() }
      : null,
  };
}

function duplicate(xs: string[]): string | null {
  const seen = new Set<string>();
  for (const x of xs) {
    const k = x.trim().toLowerCase();
    if (seen.has(k)) return x;
    seen.add(k);
  }
  return null;
}

/** Validate a profile (call normalizeProfile first). Returns messages keyed by field; {} if valid. */
export function validateProfile(p: Profile): ProfileErrors {
  const e: ProfileErrors = {};

  // Target job
  if (p.job_titles.length === 0) e.job_titles = 'Add at least one job title.';
  else if (p.job_titles.length > MAX_JOB_TITLES) e.job_titles = `At most ${MAX_JOB_TITLES} job titles.`;
  else if (p.job_titles.some((t) => t.trim() === '')) e.job_titles = 'Job titles cannot be empty.';
  else if (p.job_titles.some((t) => charLength(t) > MAX_TITLE_CHARS)) {
    e.job_titles = `Keep each job title under ${MAX_TITLE_CHARS} characters.`;
  } else {
    const dup = duplicate(p.job_titles);
    if (dup !== null) e.job_titles = `"${dup}" is listed twice.`;
  }
  if (charLength(p.ideal_job) > MAX_IDEAL_JOB_CHARS) {
    e.ideal_job = `Keep it under ${MAX_IDEAL_JOB_CHARS} characters (now ${charLength(p.ideal_job)}).`;
  }
  const badSector = p.sectors.find((s) => !(SECTORS as readonly string[]).includes(s));
  if (badSector !== undefined) e.sectors = `Unknown sector "${badSector}".`;
  else if (duplicate(p.sectors) !== null) e.sectors = 'A sector is selected twice.';

  // Skills
  if (p.technical_skills.some((s) => s.name.trim() === '')) {
    e.technical_skills = 'Every technical skill needs a name.';
  } else if (p.technical_skills.some((s) => charLength(s.name) > MAX_SKILL_NAME_CHARS)) {
    e.technical_skills = `Keep skill names under ${MAX_SKILL_NAME_CHARS} characters.`;
  } else {
    const dup = duplicate(p.technical_skills.map((s) => s.name));
    const w = weightsProblem(
      p.technical_skills.map((s) => s.weight),
      'Technical skills',
    );
    if (dup !== null) e.technical_skills = `"${dup}" is listed twice.`;
    else if (w) e.technical_skills = w;
  }
  const badCat = p.general_skills.find(
    (s) => !(GENERAL_SKILL_CATEGORIES as readonly string[]).includes(s.category),
  );
  if (badCat !== undefined) e.general_skills = `Unknown general-skill category "${badCat.category}".`;
  else if (duplicate(p.general_skills.map((s) => s.category)) !== null) {
    e.general_skills = 'A general-skill category is listed twice.';
  } else {
    const w = weightsProblem(
      p.general_skills.map((s) => s.weight),
      'General skills',
    );
    if (w) e.general_skills = w;
  }

  // Experience & preferences
  if (p.education !== null && !EDUCATION_LEVELS.includes(p.education)) e.education = 'Choose an education level.';
  if (p.experience !== null && !EXPERIENCE_LEVELS.includes(p.experience)) e.experience = 'Choose your experience.';
  if (p.locations.length > MAX_LOCATIONS) e.locations = `At most ${MAX_LOCATIONS} locations.`;
  else if (p.locations.some((l) => l.trim() === '')) e.locations = 'Locations cannot be empty.';
  else if (p.locations.some((l) => charLength(l) > MAX_LOCATION_CHARS)) {
    e.locations = `Keep each location under ${MAX_LOCATION_CHARS} characters.`;
  }
  else if (duplicate(p.locations) !== null) e.locations = `"${duplicate(p.locations)}" is listed twice.`;
  if (!REMOTE_PREFERENCES.includes(p.remote)) e.remote = 'Choose a remote-work preference.';
  if (p.min_salary !== null) {
    const m = p.min_salary;
    if (typeof m.amount !== 'number' || !Number.isFinite(m.amount) || m.amount <= 0) {
      e.min_salary = 'Enter a minimum salary above 0, or untick "Set a minimum salary".';
    } else if (m.amount > MAX_SALARY_AMOUNT) {
      e.min_salary = 'That minimum salary is too large.';
    } else if (!/^[A-Z]{3}$/.test(m.currency)) {
      e.min_salary = 'Currency must be a three-letter code such as EUR.';
    } else if (!SALARY_PERIODS.includes(m.period)) {
      e.min_salary = 'Salary period must be per year, month or hour.';
    }
  }
  const badLang = p.languages.find((l) => !ISO_639_1.has(l));
  if (p.languages.length > MAX_LANGUAGES) e.languages = `At most ${MAX_LANGUAGES} languages.`;
  else if (badLang !== undefined) e.languages = `"${badLang}" is not an ISO 639-1 language code (e.g. "fr", "en").`;
  else if (duplicate(p.languages) !== null) e.languages = `"${duplicate(p.languages)}" is listed twice.`;

  return e;
}

/** The first tab (in display order) that has an error, or null. */
export function firstTabWithError(errors: ProfileErrors): ProfileTab | null {
  for (const t of PROFILE_TABS) if (t.fields.some((f) => errors[f])) return t.id;
  return null;
}
