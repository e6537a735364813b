import type { ReviewInput } from '../api/types';

/** Build the review body; returns an error message instead when the server would refuse it. */
export function buildReview(
  score: number | null,
  comment: string,
  applied: boolean,
  notInterested: boolean,
): ReviewInput | string {
  if (score !== null && (!Number.isInteger(score) || score < 1 || score > 10)) {
    return 'The score must be a whole number from 1 to 10.';
  }
  if (score === null && !notInterested) return 'Pick a score from 1 to 10, or tick “Not interested”.';
  const body: ReviewInput = { comment: comment.trim(), applied, not_interested: notInterested };
  if (score !== null) body.score = score;
  return body;
}

/** Only http(s) links are rendered as links (never javascript: or data: URLs from a feed). */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
