import { describe, expect, it } from 'vitest';
import {
  formatCorrelation,
  formatCost,
  formatDate,
  formatDuration,
  formatMinSalary,
  formatMoney,
  formatPostedDate,
  formatSalary,
  formatScore10,
  formatTokens,
  educationLabel,
  employmentTypeLabel,
  languageLabel,
  languageName,
  score10Of,
  scoreTone,
} from './format';

const L = 'en-US';

describe('formatMoney', () => {
  it('formats known currencies without cents for whole amounts', () => {
    expect(formatMoney(50000, 'EUR', L)).toBe('€50,000');
    expect(formatMoney(4000, 'usd', L)).toBe('$4,000');
  });
  it('keeps cents for small hourly amounts', () => {
    expect(formatMoney(22.5, 'EUR', L)).toBe('€22.50');
  });
  it('falls back for missing or unknown codes', () => {
    expect(formatMoney(100, null, L)).toBe('100');
    expect(formatMoney(100, 'EURO', L)).toBe('100 EURO');
  });
});

describe('formatSalary', () => {
  it('formats ranges with the period', () => {
    expect(formatSalary({ min: 48000, max: 60000, currency: 'EUR', period: 'year' }, L)).toBe('€48,000–€60,000 / year');
  });
  it('handles one-sided and equal bounds', () => {
    expect(formatSalary({ min: 55000, max: null, currency: 'EUR', period: 'year' }, L)).toBe('from €55,000 / year');
    expect(formatSalary({ min: null, max: 30, currency: 'GBP', period: 'hour' }, L)).toBe('up to £30 / hour');
    expect(formatSalary({ min: 3000, max: 3000, currency: 'EUR', period: 'month' }, L)).toBe('€3,000 / month');
  });
  it('swaps reversed bounds', () => {
    expect(formatSalary({ min: 60000, max: 50000, currency: 'EUR', period: null }, L)).toBe('€50,000–€60,000');
  });
  it('says when there is no salary', () => {
    expect(formatSalary(null, L)).toBe('Salary not stated');
    expect(formatSalary({ min: null, max: null, currency: 'EUR', period: 'year' }, L)).toBe('Salary not stated');
  });
});

describe('formatMinSalary', () => {
  it('formats or says none', () => {
    expect(formatMinSalary({ amount: 50000, currency: 'EUR', period: 'year' }, L)).toBe('€50,000 / year');
    expect(formatMinSalary(null, L)).toBe('none');
    expect(formatMinSalary({ amount: Number.NaN, currency: 'EUR', period: 'year' }, L)).toBe('none');
  });
});

describe('scores', () => {
  it('formats 0–10 with one decimal and clamps', () => {
    expect(formatScore10(8.34)).toBe('8.3');
    expect(formatScore10(7)).toBe('7.0');
    expect(formatScore10(10.4)).toBe('10.0');
    expect(formatScore10(-1)).toBe('0.0');
    expect(formatScore10(null)).toBe('–');
    expect(formatScore10(undefined)).toBe('–');
    expect(formatScore10(Number.NaN)).toBe('–');
  });
  it('prefers score_10 and falls back to score × 10', () => {
    expect(score10Of({ score: 0.83, score_10: 8.3 })).toBe(8.3);
    expect(score10Of({ score: 0.5, score_10: null })).toBe(5);
    expect(score10Of({ score: null, score_10: null })).toBeNull();
  });
  it('assigns a tone', () => {
    expect(scoreTone(8.3)).toBe('high');
    expect(scoreTone(7)).toBe('high');
    expect(scoreTone(5)).toBe('mid');
    expect(scoreTone(3.9)).toBe('low');
    expect(scoreTone(null)).toBe('none');
  });
});

describe('dates', () => {
  const now = new Date('2026-11-27T15:00:00Z');
  it('describes posting dates relative to now', () => {
    expect(formatPostedDate('2026-11-27T08:00:00Z', now, L)).toBe('today');
    expect(formatPostedDate('2026-11-26', now, L)).toBe('yesterday');
    expect(formatPostedDate('2026-11-20', now, L)).toBe('7 days ago');
    expect(formatPostedDate('2026-09-01', now, L)).toBe('Sep 1, 2026');
  });
  it('returns an empty string for missing or invalid dates', () => {
    expect(formatPostedDate(null, now, L)).toBe('');
    expect(formatPostedDate('not a date', now, L)).toBe('');
    expect(formatDate('', L)).toBe('');
  });
  it('shows future dates as dates', () => {
    expect(formatPostedDate('2026-12-25', now, L)).toBe('Dec 25, 2026');
  });
});

describe('cost, tokens, durations, correlations', () => {
  it('formats LLM cost', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.01234)).toBe('$0.0123');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCost(null)).toBe('–');
  });
  it('formats token counts', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1500)).toBe('1.5k');
    expect(formatTokens(12345)).toBe('12.3k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    expect(formatTokens(undefined)).toBe('–');
  });
  it('formats durations', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(200000)).toBe('2 d 7 h');
    expect(formatDuration(-1)).toBe('–');
    expect(formatDuration(null)).toBe('–');
  });
  it('formats correlations with a sign', () => {
    expect(formatCorrelation(0.8234)).toBe('+0.82');
    expect(formatCorrelation(-0.1)).toBe('−0.10');
    expect(formatCorrelation(0)).toBe('0.00');
    expect(formatCorrelation(null)).toBe('–');
  });
});

describe('languageName', () => {
  it('names known codes and leaves others alone', () => {
    expect(languageName('fr')).toBe('French');
    expect(languageName('sv')).toBe('Swedish');
    expect(languageName('zz')).toBe('zz');
    expect(languageName('not a code')).toBe('not a code');
  });
  it('adds the code in labels', () => {
    expect(languageLabel('fr')).toBe('French (fr)');
    expect(languageLabel('zz')).toBe('zz');
  });
});

describe('labels', () => {
  it('names education levels as the profile form does', () => {
    expect(educationLabel('Master')).toBe("Master's degree");
    expect(educationLabel('None')).toBe('No degree');
    expect(educationLabel('PhD')).toBe('PhD / doctorate');
  });
  it('turns employment type codes into words', () => {
    expect(employmentTypeLabel('full_time')).toBe('Full-time');
    expect(employmentTypeLabel('PART_TIME')).toBe('Part-time');
    expect(employmentTypeLabel('contract')).toBe('Contract');
    expect(employmentTypeLabel('seasonal_work')).toBe('Seasonal work');
    expect(employmentTypeLabel('Full-time')).toBe('Full-time');
  });
});
