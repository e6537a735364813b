// What changed between two versions of a profile, as short human-readable lines.

import type { Profile } from '../api/types';
import { educationLabel, formatMinSalary, languageName } from './format';
import { REMOTE_LABELS } from './constants';
import type { ProfileField } from './profile';

export interface DiffEntry {
  field: ProfileField;
  label: string;
  text: string;
}

const LABELS: Record<ProfileField, string> = {
  job_titles: 'Job titles',
  ideal_job: 'Ideal job',
  sectors: 'Sectors',
  technical_skills: 'Technical skills',
  general_skills: 'General skills',
  education: 'Education',
  experience: 'Experience',
  locations: 'Locations',
  remote: 'Remote work',
  min_salary: 'Minimum salary',
  languages: 'Languages',
};

const q = (s: string) => `“${s}”`;

/**
 * Added/removed/reordered entries of a list. Blank rows (an empty title field the form shows for
 * typing into) are not entries: the server drops them, so they are neither added nor removed.
 */
function listChanges(
  beforeRaw: readonly string[],
  afterRaw: readonly string[],
  show: (s: string) => string = q,
): string | null {
  const key = (s: string) => s.trim().toLowerCase();
  const before = beforeRaw.filter((x) => x.trim() !== '');
  const after = afterRaw.filter((x) => x.trim() !== '');
  const b = new Set(before.map(key));
  const a = new Set(after.map(key));
  const added = after.filter((x) => !b.has(key(x))).map(show);
  const removed = before.filter((x) => !a.has(key(x))).map(show);
  const parts: string[] = [];
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (removed.length) parts.push(`removed ${removed.join(', ')}`);
  if (parts.length) return parts.join('; ');
  const sameOrder = before.length === after.length && before.every((x, i) => x === after[i]);
  return sameOrder ? null : 'reordered';
}

const plain = (s: string) => s;

function weightedChanges(
  before: readonly { key: string; weight: number }[],
  after: readonly { key: string; weight: number }[],
): string | null {
  const norm = (s: string) => s.trim().toLowerCase();
  const bMap = new Map(before.map((x) => [norm(x.key), x]));
  const aMap = new Map(after.map((x) => [norm(x.key), x]));
  const parts: string[] = [];
  const added = after.filter((x) => !bMap.has(norm(x.key))).map((x) => `${x.key} (${x.weight}%)`);
  const removed = before.filter((x) => !aMap.has(norm(x.key))).map((x) => x.key);
  const changed = after
    .filter((x) => {
      const old = bMap.get(norm(x.key));
      return old !== undefined && old.weight !== x.weight;
    })
    .map((x) => `${x.key} ${bMap.get(norm(x.key))?.weight}% → ${x.weight}%`);
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (removed.length) parts.push(`removed ${removed.join(', ')}`);
  if (changed.length) parts.push(changed.join(', '));
  return parts.length ? parts.join('; ') : null;
}

/** Lines describing how `after` differs from `before`; [] when nothing changed. */
export function diffProfile(before: Profile, after: Profile, locale?: string): DiffEntry[] {
  const out: DiffEntry[] = [];
  const push = (field: ProfileField, text: string | null) => {
    if (text) out.push({ field, label: LABELS[field], text });
  };

  push('job_titles', listChanges(before.job_titles, after.job_titles));
  if (before.ideal_job.trim() !== after.ideal_job.trim()) {
    push(
      'ideal_job',
      after.ideal_job.trim() === ''
        ? 'description cleared'
        : before.ideal_job.trim() === ''
          ? 'description added'
          : 'description updated',
    );
  }
  push('sectors', listChanges(before.sectors, after.sectors, plain));
  push(
    'technical_skills',
    weightedChanges(
      before.technical_skills.map((s) => ({ key: s.name, weight: s.weight })),
      after.technical_skills.map((s) => ({ key: s.name, weight: s.weight })),
    ),
  );
  push(
    'general_skills',
    weightedChanges(
      before.general_skills.map((s) => ({ key: s.category, weight: s.weight })),
      after.general_skills.map((s) => ({ key: s.category, weight: s.weight })),
    ),
  );
  const given = (v: string | null) => v ?? 'not given';
  const education = (v: string | null) => (v === null ? 'not given' : educationLabel(v));
  if (before.education !== after.education) push('education', `${education(before.education)} → ${education(after.education)}`);
  if (before.experience !== after.experience) push('experience', `${given(before.experience)} → ${given(after.experience)}`);
  push('locations', listChanges(before.locations, after.locations));
  const remote = (r: string) => REMOTE_LABELS[r] ?? r;
  if (before.remote !== after.remote) push('remote', `${remote(before.remote)} → ${remote(after.remote)}`);
  const sb = formatMinSalary(before.min_salary, locale);
  const sa = formatMinSalary(after.min_salary, locale);
  if (sb !== sa) push('min_salary', `${sb} → ${sa}`);
  push('languages', listChanges(before.languages, after.languages, languageName));
  return out;
}
