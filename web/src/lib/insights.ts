import type { LearnedTerm } from '../api/types';

/**
 * Count scores into `bins` equal-width bins over [min, max]. Values equal to max fall in the
 * last bin; values outside the range or not finite are ignored.
 */
export function histogram(scores: readonly number[], bins = 10, min = 0, max = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  if (bins <= 0 || !(max > min)) return counts;
  const width = (max - min) / bins;
  for (const s of scores) {
    if (typeof s !== 'number' || !Number.isFinite(s) || s < min || s > max) continue;
    const i = Math.min(bins - 1, Math.floor((s - min) / width));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Labels for histogram bins: ["0–1", "1–2", …, "9–10"]. */
export function binLabels(bins = 10, min = 0, max = 10): string[] {
  const width = (max - min) / bins;
  const f = (x: number) => String(Math.round(x * 100) / 100);
  return Array.from({ length: bins }, (_, i) => `${f(min + i * width)}–${f(min + (i + 1) * width)}`);
}

/** Learned terms may be strings or {term|name, weight}; return display text. */
export function termText(t: LearnedTerm): string {
  if (typeof t === 'string') return t;
  const label = t.term ?? t.name ?? '';
  return typeof t.weight === 'number' && Number.isFinite(t.weight) ? `${label} (${t.weight.toFixed(2)})` : label;
}
