import type { ComponentChildren } from 'preact';
import { displayMessage } from '../api/client';
import type { Job, Recommendation } from '../api/types';
import { REMOTE_LABELS } from '../lib/constants';
import { employmentTypeLabel, formatPostedDate, formatSalary, formatScore10, score10Of, scoreTone } from '../lib/format';
import { safeExternalUrl } from '../lib/review';

export function jobLocation(job: Job): string {
  const l = job.location;
  if (!l) return '';
  if (l.text) return l.text;
  return [l.city, l.region, l.country].filter(Boolean).join(', ');
}

export function ScoreBadge({ item }: { item: Recommendation }) {
  const s = score10Of(item);
  if (!item.scored || s === null) {
    return (
      <div class="score score--none" data-testid="card-score" data-scored="false">
        <span class="score__value">–</span>
        <span class="score__label">not scored</span>
      </div>
    );
  }
  return (
    <div
      class={`score score--${scoreTone(s)}`}
      data-testid="card-score"
      data-scored="true"
      aria-label={`Match score ${formatScore10(s)} out of 10`}
    >
      <span class="score__value">{formatScore10(s)}</span>
      <span class="score__label">/ 10</span>
    </div>
  );
}

export function JobMeta({ job }: { job: Job }) {
  const loc = jobLocation(job);
  const posted = formatPostedDate(job.posted_at);
  return (
    <ul class="meta">
      {loc && <li>{loc}</li>}
      <li>
        <span class={`pill pill--${job.remote}`}>{REMOTE_LABELS[job.remote] ?? job.remote}</span>
      </li>
      <li>{formatSalary(job.salary)}</li>
      {job.employment_type && <li>{employmentTypeLabel(job.employment_type)}</li>}
      {posted && (
        <li>
          Posted <time dateTime={job.posted_at ?? undefined}>{posted}</time>
        </li>
      )}
    </ul>
  );
}

function Chips({ items, kind }: { items: string[]; kind: 'match' | 'missing' | 'bad' }) {
  return (
    <ul class="chips">
      {items.map((x, i) => (
        <li key={`${x}-${i}`} class={`chip chip--${kind}`}>
          {x}
        </li>
      ))}
    </ul>
  );
}

interface Props {
  item: Recommendation;
  expanded: boolean;
  onToggle: () => void;
  children?: ComponentChildren;
}

export function JobCard({ item, expanded, onToggle, children }: Props) {
  const { job } = item;
  const ex = item.explanation ?? {};
  const matched = ex.matched ?? [];
  const missing = ex.missing ?? [];
  const dealbreakers = ex.dealbreakers ?? [];
  const url = safeExternalUrl(job.url);
  const panelId = `job-${job.id}-details`;
  return (
    <article class={`card job-card${expanded ? ' job-card--open' : ''}`} data-testid="recommendation-card" data-job-id={job.id}>
      <div class="job-card__head">
        <ScoreBadge item={item} />
        <div class="job-card__main">
          <h2 class="job-card__title">
            <button
              type="button"
              class="job-card__toggle"
              aria-expanded={expanded}
              aria-controls={panelId}
              onClick={onToggle}
              data-testid="card-toggle"
            >
              <span data-testid="card-title">{job.title}</span>
              {job.company && <span class="job-card__company"> at {job.company}</span>}
              <span class="job-card__chevron" aria-hidden="true">
                ▾
              </span>
            </button>
          </h2>
          <JobMeta job={job} />
          {!expanded && matched.length > 0 && (
            <p class="job-card__preview small">
              <span class="muted">Matches:</span> {matched.slice(0, 5).join(', ')}
              {matched.length > 5 ? ` +${matched.length - 5}` : ''}
            </p>
          )}
        </div>
      </div>
      {expanded && (
        <div class="job-card__details" id={panelId}>
          <section class="why" aria-label="Why this job">
            <h3>Why this job</h3>
            {dealbreakers.length > 0 && (
              <div class="why__row">
                <span class="why__label">Deal-breakers</span>
                <Chips items={dealbreakers} kind="bad" />
              </div>
            )}
            {matched.length > 0 && (
              <div class="why__row">
                <span class="why__label">Matched skills</span>
                <Chips items={matched} kind="match" />
              </div>
            )}
            {missing.length > 0 && (
              <div class="why__row">
                <span class="why__label">Missing skills</span>
                <Chips items={missing} kind="missing" />
              </div>
            )}
            {ex.justification && <blockquote class="why__justification">{ex.justification}</blockquote>}
            {ex.failure && <p class="muted small">The LLM could not score this posting: {displayMessage(ex.failure)}</p>}
            {!matched.length && !missing.length && !ex.justification && !ex.failure && !dealbreakers.length && (
              <p class="muted small">No explanation available for this posting.</p>
            )}
          </section>
          <section class="description" aria-label="Job description">
            <h3>Description</h3>
            <div class="description__text" data-testid="card-description">
              {job.description || 'No description.'}
            </div>
          </section>
          {url && (
            <p>
              <a href={url} target="_blank" rel="noopener noreferrer" data-testid="card-link">
                View the original posting{job.provider ? ` on ${job.provider}` : ''} ↗
              </a>
            </p>
          )}
          {children}
        </div>
      )}
    </article>
  );
}
