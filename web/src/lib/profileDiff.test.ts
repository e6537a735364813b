import { describe, expect, it } from 'vitest';
import type { Profile } from '../api/types';
import { sampleProfile } from '../test/fixtures';
import { emptyProfile } from './profile';
import { diffProfile } from './profileDiff';

const after = (patch: Partial<Profile>): Profile => ({ ...sampleProfile(), ...patch });
const texts = (before: Profile, a: Profile) => diffProfile(before, a, 'en-US').map((d) => `${d.label}: ${d.text}`);

describe('diffProfile', () => {
  it('is empty when nothing changed', () => {
    expect(diffProfile(sampleProfile(), sampleProfile())).toEqual([]);
  });

  it('lists added and removed job titles', () => {
    expect(texts(sampleProfile(), after({ job_titles: ['Data Scientist', 'ML Engineer'] }))).toEqual([
      'Job titles: added “ML Engineer”',
    ]);
    expect(texts(sampleProfile(), after({ job_titles: ['Analyst'] }))).toEqual([
      'Job titles: added “Analyst”; removed “Data Scientist”',
    ]);
  });

  it('notices a pure reorder', () => {
    const b = after({ job_titles: ['A', 'B'] });
    expect(texts(b, after({ job_titles: ['B', 'A'] }))).toEqual(['Job titles: reordered']);
  });

  it('ignores case-only changes in list membership but not trailing-space noise', () => {
    expect(texts(after({ sectors: ['ICT & Digital'] }), after({ sectors: ['ICT & Digital'] }))).toEqual([]);
  });

  it('summarises the ideal job text instead of quoting it', () => {
    expect(texts(sampleProfile(), after({ ideal_job: 'Something else entirely' }))).toEqual(['Ideal job: description updated']);
    expect(texts(after({ ideal_job: '' }), after({ ideal_job: 'New' }))).toEqual(['Ideal job: description added']);
    expect(texts(sampleProfile(), after({ ideal_job: '' }))).toEqual(['Ideal job: description cleared']);
  });

  it('shows weight changes, added and removed skills', () => {
    const a = after({
      technical_skills: [
        { name: 'Python', weight: 50 },
        { name: 'Go', weight: 50 },
      ],
    });
    expect(texts(sampleProfile(), a)).toEqual(['Technical skills: added Go (50%); removed SQL; Python 60% → 50%']);
  });

  it('shows general-skill changes', () => {
    const a = after({
      general_skills: [
        { category: 'Cognitive & Technical', weight: 70 },
        { category: 'Social & Communication', weight: 30 },
      ],
    });
    expect(texts(sampleProfile(), a)).toEqual([
      'General skills: added Social & Communication (30%); Cognitive & Technical 100% → 70%',
    ]);
  });

  it('shows scalar changes as before → after', () => {
    expect(texts(sampleProfile(), after({ education: 'PhD', experience: '6-10 years', remote: 'remote' }))).toEqual([
      'Education: Master\'s degree → PhD / doctorate',
      'Experience: 3-5 years → 6-10 years',
      'Remote work: Hybrid → Remote',
    ]);
  });

  it('says "not given" for a cleared education', () => {
    expect(texts(sampleProfile(), after({ education: null }))).toEqual(["Education: Master's degree → not given"]);
  });

  it('formats salary changes', () => {
    expect(texts(sampleProfile(), after({ min_salary: null }))).toEqual(['Minimum salary: €50,000 / year → none']);
    expect(texts(after({ min_salary: null }), after({ min_salary: { amount: 4000, currency: 'USD', period: 'month' } }))).toEqual([
      'Minimum salary: none → $4,000 / month',
    ]);
  });

  it('lists languages and locations', () => {
    expect(texts(sampleProfile(), after({ languages: ['fr', 'de'], locations: [] }))).toEqual([
      'Locations: removed “Lyon, France”',
      'Languages: added German; removed English',
    ]);
  });

  it('does not count the blank title row of a new profile as removed', () => {
    const fresh = emptyProfile(); // job_titles: [''] — the empty field the form starts with
    const lines = texts(fresh, after({ job_titles: ['Data Scientist', 'ML Engineer'] }));
    expect(lines[0]).toBe('Job titles: added “Data Scientist”, “ML Engineer”');
    expect(lines.join('\n')).not.toContain('removed “”');
    expect(texts(after({ job_titles: ['A', ' '] }), after({ job_titles: ['A'] }))).toEqual([]);
  });

  it('names languages instead of showing their codes', () => {
    expect(texts(after({ languages: [] }), after({ languages: ['en', 'sv', 'zz'] }))).toEqual([
      'Languages: added English, Swedish, zz',
    ]);
  });
});
