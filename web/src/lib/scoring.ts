import type { ScoringRun, ScoringRunState } from '../api/types';
import { TERMINAL_RUN_STATES } from './constants';
import { formatCost } from './format';

export function isTerminal(state: ScoringRunState | string): boolean {
  return (TERMINAL_RUN_STATES as readonly string[]).includes(state);
}

/** Fraction 0..1 of postings processed (done + failed), or null when the total is not known yet. */
export function runFraction(run: Pick<ScoringRun, 'total' | 'done' | 'failed'>): number | null {
  if (!Number.isFinite(run.total) || run.total <= 0) return null;
  const processed = (run.done || 0) + (run.failed || 0);
  return Math.min(1, Math.max(0, processed / run.total));
}

/** One line describing a run, e.g. "Scored 12 of 50 · 1 failed · $0.0123". */
export function runSummary(run: ScoringRun): string {
  const parts: string[] = [];
  switch (run.state) {
    case 'queued':
      parts.push('Waiting to start');
      break;
    case 'running':
      parts.push(run.total > 0 ? `Scored ${run.done} of ${run.total}` : 'Scoring…');
      break;
    case 'done':
      parts.push(`Done: scored ${run.done} of ${run.total}`);
      break;
    case 'failed':
      parts.push(`Scoring failed after ${run.done} of ${run.total}`);
      break;
    case 'cancelled':
      parts.push(run.total > 0 ? `Cancelled after ${run.done} of ${run.total}` : 'Cancelled before it started');
      break;
    case 'budget_exhausted':
      parts.push(`Stopped: LLM budget used up after ${run.done} of ${run.total}`);
      break;
    default:
      parts.push(String(run.state));
  }
  if (run.failed > 0) parts.push(`${run.failed} failed`);
  parts.push(`cost ${formatCost(run.cost)}`);
  return parts.join(' · ');
}

/** The heading of the progress card: what the run is doing or how it ended. */
export function runTitle(state: ScoringRunState | string | null): string {
  switch (state) {
    case 'done':
      return 'Scoring run finished';
    case 'cancelled':
      return 'Scoring run cancelled';
    case 'failed':
      return 'Scoring run failed';
    case 'budget_exhausted':
      return 'Scoring run stopped';
    default:
      return 'Scoring postings…';
  }
}
