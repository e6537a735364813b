import { describe, expect, it } from 'vitest';
import {
  evenSplit,
  isValidWeight,
  MAX_WEIGHTED_ITEMS,
  normalizeWeights,
  snapWeight,
  suggestNewWeight,
  totalWeight,
  weightsProblem,
} from './weights';

describe('isValidWeight', () => {
  it('accepts multiples of 10 from 10 to 100', () => {
    for (let w = 10; w <= 100; w += 10) expect(isValidWeight(w)).toBe(true);
  });
  it.each([0, 5, 15, 95, 110, -10, 10.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (w) => {
    expect(isValidWeight(w)).toBe(false);
  });
  it('rejects non-numbers', () => {
    expect(isValidWeight('10')).toBe(false);
    expect(isValidWeight(null)).toBe(false);
    expect(isValidWeight(undefined)).toBe(false);
  });
});

describe('weightsProblem', () => {
  it('accepts an empty list', () => {
    expect(weightsProblem([])).toBeNull();
  });
  it('accepts lists totalling exactly 100', () => {
    expect(weightsProblem([100])).toBeNull();
    expect(weightsProblem([60, 40])).toBeNull();
    expect(weightsProblem(new Array(10).fill(10))).toBeNull();
  });
  it('says how much is missing when under 100', () => {
    expect(weightsProblem([60, 30], 'Technical skills')).toBe(
      'Technical skills add up to 90% — add 10% more to reach exactly 100%.',
    );
  });
  it('says how much is too much when over 100', () => {
    expect(weightsProblem([70, 30, 20])).toMatch(/120% — remove 20%/);
  });
  it('rejects weights off the 10-step grid even when the total is 100', () => {
    expect(weightsProblem([55, 45])).toMatch(/multiple of 10/);
  });
  it('rejects a zero or over-100 weight', () => {
    expect(weightsProblem([0, 100])).toMatch(/between 10 and 100/);
    expect(weightsProblem([110])).toMatch(/got 110/);
  });
  it('rejects more than 10 items', () => {
    expect(weightsProblem(new Array(11).fill(10))).toMatch(/at most 10/);
  });
});

describe('totalWeight', () => {
  it('sums and ignores non-finite values', () => {
    expect(totalWeight([10, 20, Number.NaN, 30])).toBe(60);
    expect(totalWeight([])).toBe(0);
  });
});

describe('snapWeight', () => {
  it('rounds to the nearest 10 within 10..100', () => {
    expect(snapWeight(44)).toBe(40);
    expect(snapWeight(45)).toBe(50);
    expect(snapWeight(0)).toBe(10);
    expect(snapWeight(-5)).toBe(10);
    expect(snapWeight(250)).toBe(100);
    expect(snapWeight(Number.NaN)).toBe(10);
  });
});

describe('evenSplit', () => {
  it('splits 100 in steps of 10 with the remainder first', () => {
    expect(evenSplit(0)).toEqual([]);
    expect(evenSplit(1)).toEqual([100]);
    expect(evenSplit(3)).toEqual([40, 30, 30]);
    expect(evenSplit(4)).toEqual([30, 30, 20, 20]);
    expect(evenSplit(10)).toEqual(new Array(10).fill(10));
  });
  it('returns null when impossible', () => {
    expect(evenSplit(11)).toBeNull();
    expect(evenSplit(-1)).toBeNull();
    expect(evenSplit(2.5)).toBeNull();
  });
  it('always totals 100 with valid weights', () => {
    for (let n = 1; n <= MAX_WEIGHTED_ITEMS; n++) {
      expect(weightsProblem(evenSplit(n)!)).toBeNull();
    }
  });
});

describe('normalizeWeights', () => {
  it('keeps a valid list unchanged', () => {
    expect(normalizeWeights([60, 40])).toEqual([60, 40]);
    expect(normalizeWeights([50, 30, 20])).toEqual([50, 30, 20]);
  });
  it('scales an over-full list down keeping proportions', () => {
    expect(normalizeWeights([70, 30, 20])).toEqual([60, 20, 20]);
    expect(normalizeWeights([100, 100])).toEqual([50, 50]);
  });
  it('scales an under-full list up', () => {
    expect(normalizeWeights([30, 20])).toEqual([60, 40]);
    // 75/25 cannot be hit in steps of 10: ties go to the larger weight
    expect(normalizeWeights([30, 10])).toEqual([80, 20]);
    expect(normalizeWeights([10])).toEqual([100]);
  });
  it('gives every item at least 10', () => {
    expect(normalizeWeights([100, 10])).toEqual([90, 10]);
    expect(normalizeWeights([100, 0, 0])).toEqual([80, 10, 10]);
  });
  it('splits evenly when everything is zero', () => {
    expect(normalizeWeights([0, 0, 0])).toEqual([40, 30, 30]);
  });
  it('handles the empty list and refuses more than 10 items', () => {
    expect(normalizeWeights([])).toEqual([]);
    expect(normalizeWeights(new Array(11).fill(10))).toBeNull();
  });
  it('always produces a list the server accepts', () => {
    const samples = [[10, 20, 30, 40, 50], [90, 90, 90], [13, 27, 61], [100, 100, 100, 100, 100, 100, 100, 100, 100, 100], [1, 2]];
    for (const s of samples) expect(weightsProblem(normalizeWeights(s)!)).toBeNull();
  });
});

describe('suggestNewWeight', () => {
  it('offers what is missing to 100', () => {
    expect(suggestNewWeight([])).toBe(100);
    expect(suggestNewWeight([60, 20])).toBe(20);
  });
  it('offers 10 when the list is already full or over', () => {
    expect(suggestNewWeight([100])).toBe(10);
    expect(suggestNewWeight([80, 40])).toBe(10);
  });
});
