import { describe, expect, it } from 'vitest';
import type { Profile } from '../api/types';
import { sampleProfile } from '../test/fixtures';
import {
  charLength,
  coerceProfile,
  emptyProfile,
  firstTabWithError,
  normalizeProfile,
  tabForField,
  validateProfile,
} from './profile';

const withChange = (patch: Partial<Profile>): Profile => ({ ...sampleProfile(), ...patch });

describe('validateProfile', () => {
  it('accepts the example profile from the API contract', () => {
    expect(validateProfile(sampleProfile())).toEqual({});
  });

  it('accepts empty optional parts (no skills, no sectors, no salary, no languages)', () => {
    expect(
      validateProfile(
        withChange({ technical_skills: [], general_skills: [], sectors: [], min_salary: null, languages: [], locations: [], ideal_job: '' }),
      ),
    ).toEqual({});
  });

  describe('job_titles', () => {
    it('requires at least one', () => {
      expect(validateProfile(withChange({ job_titles: [] })).job_titles).toMatch(/at least one/);
    });
    it('allows at most ten', () => {
      const titles = Array.from({ length: 11 }, (_, i) => `Title ${i}`);
      expect(validateProfile(withChange({ job_titles: titles })).job_titles).toMatch(/At most 10/);
      expect(validateProfile(withChange({ job_titles: titles.slice(0, 10) })).job_titles).toBeUndefined();
    });
    it('rejects blank titles', () => {
      expect(validateProfile(withChange({ job_titles: ['Data Scientist', '  '] })).job_titles).toMatch(/empty/);
    });
    it('rejects duplicates ignoring case', () => {
      expect(validateProfile(withChange({ job_titles: ['Analyst', 'analyst'] })).job_titles).toMatch(/twice/);
    });
  });

  it('limits ideal_job to 5000 characters', () => {
    expect(validateProfile(withChange({ ideal_job: 'x'.repeat(5000) })).ideal_job).toBeUndefined();
    expect(validateProfile(withChange({ ideal_job: 'x'.repeat(5001) })).ideal_job).toMatch(/5000/);
  });

  it('only allows the seven sectors', () => {
    expect(validateProfile(withChange({ sectors: ['ICT & Digital', 'Space'] })).sectors).toMatch(/Unknown sector "Space"/);
    expect(validateProfile(withChange({ sectors: ['ICT'] })).sectors).toBeDefined();
  });

  describe('technical_skills', () => {
    it('requires the weights to total exactly 100', () => {
      const e = validateProfile(withChange({ technical_skills: [{ name: 'Python', weight: 60 }, { name: 'SQL', weight: 30 }] }));
      expect(e.technical_skills).toMatch(/90%/);
    });
    it('requires steps of 10', () => {
      const e = validateProfile(withChange({ technical_skills: [{ name: 'Python', weight: 55 }, { name: 'SQL', weight: 45 }] }));
      expect(e.technical_skills).toMatch(/multiple of 10/);
    });
    it('requires a name', () => {
      const e = validateProfile(withChange({ technical_skills: [{ name: ' ', weight: 100 }] }));
      expect(e.technical_skills).toMatch(/needs a name/);
    });
    it('rejects duplicate names', () => {
      const e = validateProfile(withChange({ technical_skills: [{ name: 'Go', weight: 50 }, { name: 'go', weight: 50 }] }));
      expect(e.technical_skills).toMatch(/twice/);
    });
  });

  describe('general_skills', () => {
    it('only allows the four categories', () => {
      const e = validateProfile(withChange({ general_skills: [{ category: 'Charisma', weight: 100 }] }));
      expect(e.general_skills).toMatch(/Unknown general-skill category "Charisma"/);
    });
    it('uses the same weight rule', () => {
      const e = validateProfile(
        withChange({ general_skills: [{ category: 'Cognitive & Technical', weight: 50 }, { category: 'Social & Communication', weight: 60 }] }),
      );
      expect(e.general_skills).toMatch(/110%/);
    });
    it('rejects a category listed twice', () => {
      const e = validateProfile(
        withChange({ general_skills: [{ category: 'Cognitive & Technical', weight: 50 }, { category: 'Cognitive & Technical', weight: 50 }] }),
      );
      expect(e.general_skills).toMatch(/twice/);
    });
  });

  it('mirrors the server length limits', () => {
    expect(validateProfile(withChange({ job_titles: ['x'.repeat(201)] })).job_titles).toMatch(/200/);
    expect(validateProfile(withChange({ job_titles: ['x'.repeat(200)] })).job_titles).toBeUndefined();
    expect(validateProfile(withChange({ technical_skills: [{ name: 'x'.repeat(101), weight: 100 }] })).technical_skills).toMatch(/100 characters/);
    expect(validateProfile(withChange({ locations: Array.from({ length: 21 }, (_, i) => `City ${i}`) })).locations).toMatch(/At most 20/);
    expect(validateProfile(withChange({ min_salary: { amount: 2e9, currency: 'EUR', period: 'year' } })).min_salary).toMatch(/too large/);
  });

  it('counts ideal_job in characters like the server, not UTF-16 units', () => {
    expect(charLength('😀é')).toBe(2);
    expect(validateProfile(withChange({ ideal_job: '😀'.repeat(5000) })).ideal_job).toBeUndefined();
  });

  it('allows education and experience to be left out', () => {
    expect(validateProfile(withChange({ education: null, experience: null }))).toEqual({});
  });

  it('checks the enumerations', () => {
    const bad = { ...sampleProfile(), education: 'Diploma', experience: '2 years', remote: 'sometimes' } as unknown as Profile;
    const e = validateProfile(bad);
    expect(e.education).toBeDefined();
    expect(e.experience).toBeDefined();
    expect(e.remote).toBeDefined();
  });

  describe('min_salary', () => {
    it('may be null', () => {
      expect(validateProfile(withChange({ min_salary: null })).min_salary).toBeUndefined();
    });
    it('needs a positive amount', () => {
      expect(validateProfile(withChange({ min_salary: { amount: Number.NaN, currency: 'EUR', period: 'year' } })).min_salary).toMatch(/above 0/);
      expect(validateProfile(withChange({ min_salary: { amount: 0, currency: 'EUR', period: 'year' } })).min_salary).toMatch(/above 0/);
      expect(validateProfile(withChange({ min_salary: { amount: -1, currency: 'EUR', period: 'year' } })).min_salary).toMatch(/above 0/);
    });
    it('needs a three-letter currency and a known period', () => {
      expect(validateProfile(withChange({ min_salary: { amount: 1, currency: 'euro', period: 'year' } })).min_salary).toMatch(/three-letter/);
      const weekly = { amount: 1, currency: 'EUR', period: 'week' } as unknown as Profile['min_salary'];
      expect(validateProfile(withChange({ min_salary: weekly })).min_salary).toMatch(/year, month or hour/);
    });
  });

  describe('languages', () => {
    it('accepts ISO 639-1 codes', () => {
      expect(validateProfile(withChange({ languages: ['de', 'zh', 'sv'] })).languages).toBeUndefined();
    });
    it('rejects other strings', () => {
      expect(validateProfile(withChange({ languages: ['french'] })).languages).toMatch(/ISO 639-1/);
      expect(validateProfile(withChange({ languages: ['xx'] })).languages).toMatch(/"xx"/);
      expect(validateProfile(withChange({ languages: ['FR'] })).languages).toBeDefined(); // normalise first
      expect(validateProfile(withChange({ languages: ['fra'] })).languages).toBeDefined();
    });
    it('rejects duplicates', () => {
      expect(validateProfile(withChange({ languages: ['fr', 'fr'] })).languages).toMatch(/twice/);
    });
  });
});

describe('normalizeProfile', () => {
  it('trims, drops blank rows and lower-cases language codes', () => {
    const p = normalizeProfile(
      withChange({
        job_titles: ['  Data Scientist ', '', '   '],
        locations: [' Lyon ', ''],
        languages: ['FR', ' En '],
        technical_skills: [{ name: ' Python ', weight: 100 }],
        min_salary: { amount: 1, currency: ' eur ', period: 'year' },
        ideal_job: '  hello  ',
      }),
    );
    expect(p.job_titles).toEqual(['Data Scientist']);
    expect(p.locations).toEqual(['Lyon']);
    expect(p.languages).toEqual(['fr', 'en']);
    expect(p.technical_skills[0]?.name).toBe('Python');
    expect(p.min_salary?.currency).toBe('EUR');
    expect(p.ideal_job).toBe('hello');
    expect(validateProfile(p)).toEqual({});
  });
  it('turns an all-blank title list into a validation error', () => {
    expect(validateProfile(normalizeProfile(withChange({ job_titles: [' '] }))).job_titles).toMatch(/at least one/);
  });
});

describe('coerceProfile', () => {
  it('fills defaults for a missing or partial profile', () => {
    expect(coerceProfile(null)).toEqual(emptyProfile());
    const p = coerceProfile({ job_titles: ['X'], education: 'Nonsense', languages: ['fr', 3] });
    expect(p.job_titles).toEqual(['X']);
    expect(p.education).toBeNull(); // unknown value -> "not given", never a silent default
    expect(p.experience).toBeNull();
    expect(p.languages).toEqual(['fr']);
    expect(p.min_salary).toBeNull();
  });
  it('keeps a full profile as it is', () => {
    expect(coerceProfile(sampleProfile())).toEqual(sampleProfile());
  });
});

describe('tabs', () => {
  it('maps server field paths to the tab holding them', () => {
    expect(tabForField('job_titles')).toBe('target');
    expect(tabForField('technical_skills[2].weight')).toBe('skills');
    expect(tabForField('min_salary.amount')).toBe('experience');
    expect(tabForField('nonsense')).toBeNull();
  });
  it('finds the first tab with an error in display order', () => {
    expect(firstTabWithError({})).toBeNull();
    expect(firstTabWithError({ languages: 'x', general_skills: 'y' })).toBe('skills');
    expect(firstTabWithError({ languages: 'x' })).toBe('experience');
  });
});
