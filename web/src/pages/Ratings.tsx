import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Review } from '../api/types';
import { jobLocation } from '../components/JobCard';
import { RatingForm } from '../components/RatingForm';
import { Banner, EmptyState, errorMessage, Loaded, PageHeader } from '../components/ui';
import { formatDate, scoreTone } from '../lib/format';
import { safeExternalUrl } from '../lib/review';
import { useResource, useTitle } from '../hooks';
import { Link } from '../router';

export function RatingsPage() {
  useTitle('My ratings');
  const res = useResource(() => api.reviews().then((r) => r.items ?? []));
  const [editing, setEditing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function remove(r: Review) {
    setError(null);
    try {
      await api.deleteReview(r.job.id);
      res.setData((res.data ?? []).filter((x) => x.job.id !== r.job.id));
      setConfirming(null);
      setNotice(`Deleted your rating of “${r.job.title}”. It can show up in recommendations again.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const items = res.data ?? [];
  return (
    <>
      <PageHeader title="My ratings">
        {items.length > 0 && <span class="muted small">{items.length} rated</span>}
      </PageHeader>
      {error && (
        <Banner kind="error" onDismiss={() => setError(null)}>
          {error}
        </Banner>
      )}
      {notice && (
        <Banner kind="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Banner>
      )}
      <Loaded res={res} label="Loading your ratings…">
        {() =>
          items.length === 0 ? (
            <EmptyState title="You have not rated any postings yet.">
              <p>
                Rate postings on the <Link href="/recommendations">Recommendations</Link> page — your ratings teach jobrec
                what you like.
              </p>
            </EmptyState>
          ) : (
            <ul class="review-list" data-testid="review-list">
              {items.map((r) => {
                const url = safeExternalUrl(r.job.url);
                const loc = jobLocation(r.job);
                return (
                  <li key={r.job.id} class="card review" data-testid="review-item" data-job-id={r.job.id}>
                    <div class="review__head">
                      <div class={`score score--small score--${scoreTone(r.score)}`}>
                        <span class="score__value">{r.score ?? '–'}</span>
                        <span class="score__label">/ 10</span>
                      </div>
                      <div class="review__main">
                        <h2 class="review__title">
                          {url ? (
                            <a href={url} target="_blank" rel="noopener noreferrer">
                              {r.job.title}
                            </a>
                          ) : (
                            r.job.title
                          )}
                          {r.job.company && <span class="job-card__company"> at {r.job.company}</span>}
                        </h2>
                        <ul class="meta">
                          {loc && <li>{loc}</li>}
                          {r.applied && (
                            <li>
                              <span class="pill pill--applied">Applied</span>
                            </li>
                          )}
                          {r.not_interested && (
                            <li>
                              <span class="pill pill--not-interested">Not interested</span>
                            </li>
                          )}
                          <li>
                            Rated <time dateTime={r.updated_at}>{formatDate(r.updated_at)}</time>
                          </li>
                        </ul>
                        {r.comment && editing !== r.job.id && <p class="review__comment">“{r.comment}”</p>}
                      </div>
                    </div>
                    {editing === r.job.id ? (
                      <RatingForm
                        jobId={r.job.id}
                        initial={{ score: r.score, comment: r.comment, applied: r.applied, not_interested: r.not_interested }}
                        submitLabel="Save changes"
                        onCancel={() => setEditing(null)}
                        onSaved={(input, saved) => {
                          res.setData(
                            items.map((x) =>
                              x.job.id === r.job.id
                                ? {
                                    ...x,
                                    ...input,
                                    score: input.score ?? null,
                                    updated_at: saved?.updated_at ?? new Date().toISOString(),
                                  }
                                : x,
                            ),
                          );
                          setEditing(null);
                          setNotice(`Updated your rating of “${r.job.title}”.`);
                        }}
                      />
                    ) : (
                      <div class="review__actions">
                        <button
                          type="button"
                          class="btn btn--small btn--secondary"
                          onClick={() => {
                            setEditing(r.job.id);
                            setConfirming(null);
                          }}
                          data-testid="review-edit"
                        >
                          Edit
                        </button>
                        {confirming === r.job.id ? (
                          <>
                            <button type="button" class="btn btn--small btn--danger" onClick={() => remove(r)} data-testid="review-delete-confirm">
                              Yes, delete
                            </button>
                            <button type="button" class="btn btn--small btn--ghost" onClick={() => setConfirming(null)}>
                              Keep
                            </button>
                          </>
                        ) : (
                          <button
                            type="button"
                            class="btn btn--small btn--ghost"
                            onClick={() => setConfirming(r.job.id)}
                            data-testid="review-delete"
                          >
                            Delete
                          </button>
                        )}
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
