import { describe, expect, it } from 'vitest';
import type { ScoringRun } from '../api/types';
import { safeNext } from '../router';
import { binLabels, histogram, termText } from './insights';
import { buildReview, safeExternalUrl } from './review';
import { isTerminal, runFraction, runSummary, runTitle } from './scoring';

const run = (p: Partial<ScoringRun>): ScoringRun => ({ id: 7, state: 'running', total: 50, done: 0, failed: 0, tokens: 0, cost: 0, ...p });

describe('scoring runs', () => {
  it('knows the terminal states', () => {
    for (const s of ['done', 'failed', 'cancelled', 'budget_exhausted']) expect(isTerminal(s)).toBe(true);
    for (const s of ['queued', 'running', 'whatever']) expect(isTerminal(s)).toBe(false);
  });
  it('computes progress including failed postings', () => {
    expect(runFraction(run({ done: 10, failed: 5 }))).toBe(0.3);
    expect(runFraction(run({ total: 0 }))).toBeNull();
    expect(runFraction(run({ done: 60 }))).toBe(1);
  });
  it('summarises a run with its cost', () => {
    expect(runSummary(run({ done: 12, failed: 1, cost: 0.0123 }))).toBe('Scored 12 of 50 · 1 failed · cost $0.0123');
    expect(runSummary(run({ state: 'queued' }))).toBe('Waiting to start · cost $0.00');
    expect(runSummary(run({ state: 'cancelled', done: 3 }))).toBe('Cancelled after 3 of 50 · cost $0.00');
    expect(runSummary(run({ state: 'cancelled', total: 0 }))).toBe('Cancelled before it started · cost $0.00');
    expect(runSummary(run({ state: 'budget_exhausted', done: 30, cost: 1.5 }))).toMatch(/budget used up after 30 of 50 · cost \$1.50/);
  });
  it('heads the progress card with how the run ended', () => {
    expect(runTitle(null)).toBe('Scoring postings…');
    expect(runTitle('running')).toBe('Scoring postings…');
    expect(runTitle('done')).toBe('Scoring run finished');
    expect(runTitle('cancelled')).toBe('Scoring run cancelled');
    expect(runTitle('failed')).toBe('Scoring run failed');
    expect(runTitle('budget_exhausted')).toBe('Scoring run stopped');
  });
});

describe('histogram', () => {
  it('bins scores 0–10 into ten bins, 10 in the last', () => {
    expect(histogram([0, 0.5, 1, 9.99, 10, 5])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
  it('ignores out-of-range and non-finite values', () => {
    expect(histogram([-1, 11, Number.NaN, Number.POSITIVE_INFINITY]).reduce((a, b) => a + b, 0)).toBe(0);
  });
  it('labels bins', () => {
    expect(binLabels(2)).toEqual(['0–5', '5–10']);
    expect(binLabels()).toHaveLength(10);
  });
  it('renders learned terms in either shape', () => {
    expect(termText('python')).toBe('python');
    expect(termText({ term: 'sales', weight: -0.4 })).toBe('sales (-0.40)');
    expect(termText({ name: 'remote' })).toBe('remote');
  });
});

describe('reviews', () => {
  it('requires a score unless not interested', () => {
    expect(buildReview(null, '', false, false)).toMatch(/Pick a score/);
    expect(buildReview(null, ' meh ', false, true)).toEqual({ comment: 'meh', applied: false, not_interested: true });
  });
  it('builds a full review', () => {
    expect(buildReview(8, 'good', true, false)).toEqual({ score: 8, comment: 'good', applied: true, not_interested: false });
  });
  it('rejects scores outside 1–10', () => {
    expect(buildReview(0, '', false, false)).toMatch(/1 to 10/);
    expect(buildReview(11, '', false, true)).toMatch(/1 to 10/);
    expect(buildReview(7.5, '', false, false)).toMatch(/whole number/);
  });
  it('only links to http(s) postings', () => {
    expect(safeExternalUrl('https://jobs.example.com/1')).toBe('https://jobs.example.com/1');
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl('data:text/html,hi')).toBeNull();
    expect(safeExternalUrl('not a url')).toBeNull();
    expect(safeExternalUrl(null)).toBeNull();
  });
});

describe('safeNext', () => {
  it('allows same-site paths', () => {
    expect(safeNext('/profile')).toBe('/profile');
    expect(safeNext('/recommendations?engine=llm')).toBe('/recommendations?engine=llm');
  });
  it('refuses open redirects and auth pages', () => {
    expect(safeNext('//evil.example')).toBe('/recommendations');
    expect(safeNext('https://evil.example')).toBe('/recommendations');
    expect(safeNext('/\\evil.example')).toBe('/recommendations');
    expect(safeNext('/login')).toBe('/recommendations');
    expect(safeNext(null)).toBe('/recommendations');
  });
});
