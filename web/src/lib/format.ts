// Display formatting (pure functions; pass `locale`/`now` explicitly in tests).

import type { JobSalary, MinSalary } from '../api/types';

export const DEFAULT_LOCALE: string | undefined =
  typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US';

const PERIOD_SHORT: Record<string, string> = { year: 'year', month: 'month', hour: 'hour', day: 'day', week: 'week' };

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** "€50,000"; falls back to "50,000 XYZ" for codes Intl does not know. */
export function formatMoney(amount: number, currency: string | null | undefined, locale = DEFAULT_LOCALE): string {
  const fraction = Number.isInteger(amount) || Math.abs(amount) >= 1000 ? 0 : 2;
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: fraction, minimumFractionDigits: fraction });
  const code = (currency ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return plain.format(amount) + (code ? ` ${code}` : '');
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: code,
      maximumFractionDigits: fraction,
      minimumFractionDigits: fraction,
    }).format(amount);
  } catch {
    return `${plain.format(amount)} ${code}`;
  }
}

function perPeriod(period: string | null | undefined): string {
  if (!period) return '';
  return ` / ${PERIOD_SHORT[period] ?? period}`;
}

/** Salary range of a posting: "€50,000–€60,000 / year", "from €50,000 / year", "Salary not stated". */
export function formatSalary(s: JobSalary | null | undefined, locale = DEFAULT_LOCALE): string {
  if (!s) return 'Salary not stated';
  let min = num(s.min);
  let max = num(s.max);
  if (min !== null && max !== null && min > max) [min, max] = [max, min];
  const p = perPeriod(s.period);
  if (min !== null && max !== null) {
    if (min === max) return formatMoney(min, s.currency, locale) + p;
    return `${formatMoney(min, s.currency, locale)}–${formatMoney(max, s.currency, locale)}${p}`;
  }
  if (min !== null) return `from ${formatMoney(min, s.currency, locale)}${p}`;
  if (max !== null) return `up to ${formatMoney(max, s.currency, locale)}${p}`;
  return 'Salary not stated';
}

/** A profile's minimum salary: "€50,000 / year" or "none". */
export function formatMinSalary(m: MinSalary | null | undefined, locale = DEFAULT_LOCALE): string {
  if (!m) return 'none';
  const a = num(m.amount);
  if (a === null) return 'none';
  return formatMoney(a, m.currency, locale) + perPeriod(m.period);
}

/** Score on the 0–10 scale with one decimal ("8.3"); "–" when missing. Clamped to 0..10. */
export function formatScore10(v: number | null | undefined): string {
  const n = num(v);
  if (n === null) return '–';
  const c = Math.min(10, Math.max(0, n));
  return (Math.round(c * 10) / 10).toFixed(1);
}

/** The 0–10 score of a recommendation, falling back to score (0..1) × 10. */
export function score10Of(item: { score_10?: number | null; score?: number | null }): number | null {
  const s10 = num(item.score_10);
  if (s10 !== null) return s10;
  const s = num(item.score);
  return s === null ? null : s * 10;
}

export type ScoreTone = 'high' | 'mid' | 'low' | 'none';

export function scoreTone(v: number | null | undefined): ScoreTone {
  const n = num(v);
  if (n === null) return 'none';
  if (n >= 7) return 'high';
  if (n >= 4) return 'mid';
  return 'low';
}

function parseDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 Mar 2026" (empty string for missing/invalid dates). */
export function formatDate(iso: string | null | undefined, locale = DEFAULT_LOCALE): string {
  const d = parseDate(iso);
  if (!d) return '';
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(iso: string | null | undefined, locale = DEFAULT_LOCALE): string {
  const d = parseDate(iso);
  if (!d) return '';
  return d.toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "today", "yesterday", "5 days ago", else a date. */
export function formatPostedDate(iso: string | null | undefined, now: Date = new Date(), locale = DEFAULT_LOCALE): string {
  const d = parseDate(iso);
  if (!d) return '';
  const dayMs = 86_400_000;
  const startOf = (x: Date) => Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate());
  const days = Math.round((startOf(now) - startOf(d)) / dayMs);
  if (days < 0) return formatDate(iso, locale);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  return formatDate(iso, locale);
}

/** LLM cost in US dollars: 4 decimals below $1, 2 above. */
export function formatCost(v: number | null | undefined): string {
  const n = num(v);
  if (n === null) return '–';
  if (n === 0) return '$0.00';
  return `$${n.toFixed(Math.abs(n) < 1 ? 4 : 2)}`;
}

/** 950 -> "950", 12_345 -> "12.3k", 2_500_000 -> "2.5M". */
export function formatTokens(v: number | null | undefined): string {
  const n = num(v);
  if (n === null) return '–';
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  if (a < 1_000_000) return `${(n / 1000).toFixed(a < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** 45 -> "45 s", 200 -> "3 min 20 s", 7500 -> "2 h 5 min", 200000 -> "2 d 7 h". */
export function formatDuration(seconds: number | null | undefined): string {
  const n = num(seconds);
  if (n === null || n < 0) return '–';
  const s = Math.round(n);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r ? `${m} min ${r} s` : `${m} min`;
  }
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** Correlation with two decimals and a sign ("+0.82", "−0.10"), "–" when missing. */
export function formatCorrelation(v: number | null | undefined): string {
  const n = num(v);
  if (n === null) return '–';
  const r = n.toFixed(2);
  if (n > 0) return `+${r}`;
  if (n < 0) return `−${r.slice(1)}`;
  return r;
}

const LANGUAGE_NAMES: Intl.DisplayNames | null = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return null; // an engine without Intl.DisplayNames: codes are shown as they are
  }
})();

/** The English name of a language code ("fr" -> "French"); the code itself when unknown. */
export function languageName(code: string): string {
  try {
    const name = LANGUAGE_NAMES?.of(code);
    if (name && name.toLowerCase() !== code.toLowerCase()) return name;
  } catch {
    /* malformed code */
  }
  return code;
}

/** A language with its code, for places where the code matters too: "fr" -> "French (fr)". */
export function languageLabel(code: string): string {
  const name = languageName(code);
  return name === code ? code : `${name} (${code})`;
}

/** A profile's education level as the form shows it: "Master" -> "Master's degree". */
export function educationLabel(level: string): string {
  if (level === 'None') return 'No degree';
  if (level === 'PhD') return 'PhD / doctorate';
  return `${level}'s degree`;
}

const EMPLOYMENT_TYPES: Record<string, string> = {
  full_time: 'Full-time',
  part_time: 'Part-time',
  contract: 'Contract',
  temporary: 'Temporary',
  internship: 'Internship',
  volunteer: 'Volunteer',
  per_diem: 'Per diem',
  other: 'Other',
};

/** A posting's employment type for display: "full_time" -> "Full-time", "seasonal_work" -> "Seasonal work". */
export function employmentTypeLabel(type: string): string {
  const key = type.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const known = EMPLOYMENT_TYPES[key];
  if (known) return known;
  const words = type.trim().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
