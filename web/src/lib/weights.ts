// Rules for weighted lists (technical skills, general-skill categories):
// each weight is a multiple of 10 in 10..100, and a non-empty list sums to exactly 100.

export const WEIGHT_STEP = 10;
export const WEIGHT_MIN = 10;
export const WEIGHT_MAX = 100;
export const WEIGHT_TOTAL = 100;
/** With a minimum of 10 per item, at most 10 items can share 100. */
export const MAX_WEIGHTED_ITEMS = WEIGHT_TOTAL / WEIGHT_MIN;

export function isValidWeight(w: unknown): w is number {
  return (
    typeof w === 'number' &&
    Number.isInteger(w) &&
    w >= WEIGHT_MIN &&
    w <= WEIGHT_MAX &&
    w % WEIGHT_STEP === 0
  );
}

export function totalWeight(weights: readonly number[]): number {
  return weights.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}

/**
 * Why a list of weights would be refused, or null if it is fine.
 * `what` names the list in the message ("Technical skills").
 */
export function weightsProblem(weights: readonly number[], what = 'Weights'): string | null {
  if (weights.length === 0) return null;
  if (weights.length > MAX_WEIGHTED_ITEMS) {
    return `${what}: at most ${MAX_WEIGHTED_ITEMS} entries (each needs at least ${WEIGHT_MIN}%).`;
  }
  const bad = weights.find((w) => !isValidWeight(w));
  if (bad !== undefined) {
    return `${what}: each weight must be a multiple of ${WEIGHT_STEP} between ${WEIGHT_MIN} and ${WEIGHT_MAX} (got ${String(bad)}).`;
  }
  const total = totalWeight(weights);
  if (total !== WEIGHT_TOTAL) {
    const diff = WEIGHT_TOTAL - total;
    return diff > 0
      ? `${what} add up to ${total}% — add ${diff}% more to reach exactly 100%.`
      : `${what} add up to ${total}% — remove ${-diff}% to get back to exactly 100%.`;
  }
  return null;
}

/** Snap any number to the nearest allowed weight (multiple of 10 within 10..100). */
export function snapWeight(w: number): number {
  if (!Number.isFinite(w)) return WEIGHT_MIN;
  const snapped = Math.round(w / WEIGHT_STEP) * WEIGHT_STEP;
  return Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, snapped));
}

/** Split 100 evenly over n items in steps of 10; earlier items get the remainder. null if impossible. */
export function evenSplit(n: number): number[] | null {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WEIGHTED_ITEMS) return null;
  if (n === 0) return [];
  const units = WEIGHT_TOTAL / WEIGHT_STEP;
  const base = Math.floor(units / n);
  const extra = units % n;
  return Array.from({ length: n }, (_, i) => (base + (i < extra ? 1 : 0)) * WEIGHT_STEP);
}

/**
 * Scale weights so they total exactly 100 while keeping their proportions as well as
 * steps of 10 allow (largest-remainder rounding, every item keeps at least 10).
 * Returns null when there are more than 10 items. All-zero input becomes an even split.
 */
export function normalizeWeights(weights: readonly number[]): number[] | null {
  const n = weights.length;
  if (n > MAX_WEIGHTED_ITEMS) return null;
  if (n === 0) return [];
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const sum = totalWeight(clean);
  if (sum <= 0) return evenSplit(n);
  const units = WEIGHT_TOTAL / WEIGHT_STEP; // 10 units of 10%
  // Every item gets one unit first; the remaining units are shared in proportion.
  const spare = units - n;
  const ideal = clean.map((w) => (w / sum) * units - 1);
  const positive = ideal.map((x) => Math.max(0, x));
  const posSum = positive.reduce((a, b) => a + b, 0);
  const share = positive.map((x) => (posSum > 0 ? (x / posSum) * spare : spare / n));
  const floors = share.map((x) => Math.floor(x));
  let left = spare - floors.reduce((a, b) => a + b, 0);
  const order = share
    .map((x, i) => ({ i, rem: x - Math.floor(x), w: clean[i] ?? 0 }))
    .sort((a, b) => b.rem - a.rem || b.w - a.w || a.i - b.i);
  const result = floors.map((f) => (f + 1) * WEIGHT_STEP);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] ?? 0) + WEIGHT_STEP;
    left--;
  }
  return result;
}

/** A sensible weight for a newly added item: whatever is still missing to 100 (at least 10). */
export function suggestNewWeight(weights: readonly number[]): number {
  const missing = WEIGHT_TOTAL - totalWeight(weights);
  return snapWeight(missing > 0 ? missing : WEIGHT_MIN);
}
