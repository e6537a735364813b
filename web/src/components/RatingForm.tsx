import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Review, ReviewInput } from '../api/types';
import { buildReview } from '../lib/review';
import { errorMessage } from './ui';

interface Props {
  jobId: number;
  initial?: Omit<Partial<ReviewInput>, 'score'> & { score?: number | null };
  submitLabel?: string;
  onSaved: (input: ReviewInput, review: Review | undefined) => void;
  onCancel?: () => void;
}

export function RatingForm({ jobId, initial, submitLabel = 'Save rating', onSaved, onCancel }: Props) {
  const [score, setScore] = useState<number | null>(initial?.score ?? null);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [applied, setApplied] = useState(initial?.applied ?? false);
  const [notInterested, setNotInterested] = useState(initial?.not_interested ?? false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `rate-${jobId}`;

  async function submit(e: Event) {
    e.preventDefault();
    const body = buildReview(score, comment, applied, notInterested);
    if (typeof body === 'string') {
      setError(body);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const review = await api.putReview(jobId, body);
      onSaved(body, review ?? undefined);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form class="rating" onSubmit={submit} noValidate data-testid="rating-controls">
      <fieldset class="rating__scores" aria-describedby={error ? `${base}-error` : undefined}>
        <legend>
          Your rating <span class="muted">(1 = poor match, 10 = perfect)</span>
        </legend>
        <div class="score-picker">
          {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
            <label key={n} class={`score-picker__option${score === n ? ' score-picker__option--on' : ''}`} for={`${base}-${n}`}>
              <input
                type="radio"
                id={`${base}-${n}`}
                name={`${base}-score`}
                value={n}
                checked={score === n}
                onChange={() => {
                  setScore(n);
                  setError(null);
                }}
                data-testid={`rating-score-${n}`}
              />
              <span>{n}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for={`${base}-comment`}>Comment (optional)</label>
        <textarea
          id={`${base}-comment`}
          rows={2}
          value={comment}
          maxLength={2000}
          placeholder="What makes this a good or bad match?"
          onInput={(e) => setComment(e.currentTarget.value)}
          data-testid="rating-comment"
        />
      </div>
      <div class="rating__flags">
        <label class="check" for={`${base}-applied`}>
          <input
            type="checkbox"
            id={`${base}-applied`}
            checked={applied}
            onChange={(e) => setApplied(e.currentTarget.checked)}
            data-testid="rating-applied"
          />
          <span>I applied</span>
        </label>
        <label class="check" for={`${base}-not-interested`}>
          <input
            type="checkbox"
            id={`${base}-not-interested`}
            checked={notInterested}
            onChange={(e) => {
              setNotInterested(e.currentTarget.checked);
              setError(null);
            }}
            data-testid="rating-not-interested"
          />
          <span>Not interested</span>
        </label>
      </div>
      {error && (
        <p class="field__error" id={`${base}-error`} role="alert" data-testid="rating-error">
          {error}
        </p>
      )}
      <div class="rating__actions">
        <button type="submit" class="btn btn--primary" disabled={busy} data-testid="rating-submit">
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="btn btn--ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
