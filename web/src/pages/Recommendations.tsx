import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, displayMessage } from '../api/client';
import { api, type RecommendationFilters } from '../api/endpoints';
import type { EngineInfo, EngineName, Recommendation, ScoringRun } from '../api/types';
import { JobCard } from '../components/JobCard';
import { RatingForm } from '../components/RatingForm';
import { Banner, EmptyState, ErrorBanner, errorMessage, Loading, PageHeader } from '../components/ui';
import { ENGINE_LABELS } from '../lib/constants';
import { isSelectable, isWarming, pickEngine, saysWarmingUp, sortEngines } from '../lib/engines';
import { formatTokens } from '../lib/format';
import { isTerminal, runFraction, runSummary, runTitle } from '../lib/scoring';
import { useResource, useTitle } from '../hooks';
import { Link } from '../router';

const PAGE = 20;
const RUN_LIMIT = 50;
const POLL_MS = 1000;
const ENGINE_KEY = 'jobrec.engine';
const RUN_KEY = 'jobrec.scoringRun';
/** How often the engine list is asked again while an engine warms up, and a 503 "warming up" retried. */
const WARMING_POLL_MS = 2000;

interface FilterDraft {
  remote: string;
  location: string;
  min_salary: string;
  posted_within_days: string;
}

const EMPTY_FILTERS: FilterDraft = { remote: '', location: '', min_salary: '', posted_within_days: '' };

function toQuery(f: FilterDraft): RecommendationFilters {
  const q: RecommendationFilters = {};
  if (f.remote) q.remote = f.remote;
  if (f.location.trim()) q.location = f.location.trim();
  const s = Number(f.min_salary);
  if (f.min_salary.trim() !== '' && Number.isFinite(s) && s > 0) q.min_salary = s;
  const d = Number(f.posted_within_days);
  if (f.posted_within_days && Number.isFinite(d) && d > 0) q.posted_within_days = d;
  return q;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function rememberedEngine(): string | null {
  try {
    return window.localStorage.getItem(ENGINE_KEY);
  } catch {
    return null; // storage disabled
  }
}

/** A 503 whose message says the engine is still warming up (it trains or loads its model). */
function isWarmingError(e: unknown): boolean {
  return e instanceof ApiError && e.status === 503 && saysWarmingUp(e.message);
}

export function RecommendationsPage() {
  useTitle('Recommendations');
  const engines = useResource(() => api.engines().then((r) => sortEngines(r.engines ?? [])));
  const list: EngineInfo[] = engines.data ?? (engines.error ? [{ name: 'fasttext', available: true }] : []);
  const [engine, setEngine] = useState<EngineName | null>(null);
  const warmingEngines = list.some(isWarming);

  // While an engine warms up, ask again every few seconds: it becomes usable by itself.
  useEffect(() => {
    if (!warmingEngines) return;
    const t = window.setTimeout(engines.reload, WARMING_POLL_MS);
    return () => window.clearTimeout(t);
  }, [engines.data, engines.error]);

  // Choose the engine once the list is known: the current one while it stays selectable, else
  // the remembered one, else the first selectable.
  useEffect(() => {
    if (!list.length) return;
    const pick = pickEngine(list, engine, rememberedEngine());
    if (pick !== engine) setEngine(pick);
  }, [engines.data, engines.error]);

  const selector = <EngineSelector engines={list} value={engine} onChange={chooseEngine} />;
  const chosen = list.find((e) => e.name === engine);

  function chooseEngine(n: EngineName) {
    setEngine(n);
    try {
      window.localStorage.setItem(ENGINE_KEY, n);
    } catch {
      /* storage disabled */
    }
  }

  return (
    <>
      <PageHeader title="Recommendations" />
      {engines.error ? (
        <Banner kind="warning">Could not load the list of engines: {errorMessage(engines.error)} Showing fastText.</Banner>
      ) : null}
      {engines.loading && !engines.data && <Loading label="Loading engines…" />}
      {!engine && !engines.loading && selector}
      {engine && chosen && isWarming(chosen) ? (
        <>
          {selector}
          <WarmingNotice engine={engine} />
        </>
      ) : engine ? (
        <RecommendationList key={engine} engine={engine} selector={selector} />
      ) : (
        !engines.loading && (
          <EmptyState title="No engine is available right now.">
            <p>Ask the administrator to enable at least one recommendation engine.</p>
          </EmptyState>
        )
      )}
    </>
  );
}

/** Shown instead of the list while the engine trains or loads its model; the list then appears by itself. */
function WarmingNotice({ engine }: { engine: string }) {
  return (
    <div class="loading warming" role="status" data-testid="engine-warming">
      <span class="spinner" aria-hidden="true" />
      <span>
        <strong>{ENGINE_LABELS[engine] ?? engine} is warming up.</strong> It is getting ready to rank the job postings;
        your recommendations appear here by themselves in a moment.
      </span>
    </div>
  );
}

function EngineSelector({ engines, value, onChange }: { engines: EngineInfo[]; value: string | null; onChange: (n: EngineName) => void }) {
  return (
    <fieldset class="engine-selector" data-testid="engine-selector">
      <legend>Engine</legend>
      <div class="segmented">
        {engines.map((e) => {
          const id = `engine-${e.name}`;
          const label = ENGINE_LABELS[e.name] ?? e.name;
          return (
            <label
              key={e.name}
              for={id}
              class={`segmented__option${value === e.name ? ' segmented__option--on' : ''}${isSelectable(e) ? '' : ' segmented__option--disabled'}`}
              title={e.available ? undefined : (e.reason ?? 'Not available')}
            >
              <input
                type="radio"
                name="engine"
                id={id}
                value={e.name}
                checked={value === e.name}
                disabled={!isSelectable(e)}
                aria-describedby={e.available ? undefined : `${id}-reason`}
                onChange={() => onChange(e.name as EngineName)}
                data-testid={`engine-option-${e.name}`}
              />
              <span>{label}</span>
            </label>
          );
        })}
      </div>
      {engines
        .filter((e) => !e.available)
        .map((e) => (
          <p key={e.name} id={`engine-${e.name}-reason`} class="engine-selector__reason small" data-testid={`engine-reason-${e.name}`}>
            <strong>{ENGINE_LABELS[e.name] ?? e.name}</strong>{' '}
            {isWarming(e) ? 'is warming up and will be ready shortly.' : `is unavailable: ${displayMessage(e.reason || 'no reason given')}`}
          </p>
        ))}
    </fieldset>
  );
}

interface RunTrack {
  id: number;
  engine: EngineName;
  run: ScoringRun | null;
  error: string | null;
}

function RecommendationList({ engine, selector }: { engine: EngineName; selector: ComponentChildren }) {
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<FilterDraft>(EMPTY_FILTERS);
  const [limit, setLimit] = useState(PAGE);
  const recs = useResource(() => api.recommendations(engine, toQuery(filters), limit), [engine, filters, limit]);
  const [hidden, setHidden] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [lastRated, setLastRated] = useState<{ item: Recommendation; text: string } | null>(null);
  const [track, setTrack] = useState<RunTrack | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const usesRuns = engine !== 'fasttext';

  // "Warming up" (503): ask again every few seconds, showing a waiting state rather than an error.
  const [warming, setWarming] = useState(false);
  useEffect(() => {
    if (isWarmingError(recs.error)) {
      setWarming(true);
      const t = window.setTimeout(recs.reload, WARMING_POLL_MS);
      return () => window.clearTimeout(t);
    }
    if (recs.data || recs.error) setWarming(false);
    return undefined;
  }, [recs.data, recs.error]);

  // Resume a run started before navigating away.
  useEffect(() => {
    const raw = storage()?.getItem(RUN_KEY);
    if (!raw) return;
    try {
      const saved = JSON.parse(raw) as { id: number; engine: EngineName };
      if (saved.engine === engine && Number.isFinite(saved.id)) setTrack({ id: saved.id, engine, run: null, error: null });
    } catch {
      storage()?.removeItem(RUN_KEY);
    }
  }, [engine]);

  // Poll the scoring run about once a second until it reaches a terminal state.
  useEffect(() => {
    if (!track || (track.run && isTerminal(track.run.state))) return;
    let failures = 0;
    let stopped = false;
    const tick = async () => {
      try {
        const run = await api.getScoringRun(track.id);
        if (stopped) return;
        failures = 0;
        setTrack((t) => (t && t.id === track.id ? { ...t, run, error: null } : t));
        if (isTerminal(run.state)) {
          storage()?.removeItem(RUN_KEY);
          recs.reload();
          return;
        }
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && e.status === 404) {
          storage()?.removeItem(RUN_KEY);
          setTrack(null);
          return;
        }
        failures++;
        if (failures >= 5) {
          setTrack((t) => (t ? { ...t, error: `Lost track of the scoring run: ${errorMessage(e)}` } : t));
          return;
        }
      }
      timer.current = window.setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer.current);
    };
  }, [track?.id]);

  const running = !!track && !track.error && (!track.run || !isTerminal(track.run.state));

  async function refresh() {
    setRunError(null);
    if (!usesRuns) {
      setHidden(new Set());
      recs.reload();
      return;
    }
    setStarting(true);
    try {
      const { id } = await api.startScoringRun(engine, RUN_LIMIT);
      storage()?.setItem(RUN_KEY, JSON.stringify({ id, engine }));
      setTrack({ id, engine, run: null, error: null });
    } catch (e) {
      setRunError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  }

  async function cancel() {
    if (!track) return;
    try {
      await api.cancelScoringRun(track.id);
    } catch (e) {
      setRunError(errorMessage(e));
    }
  }

  function toggle(id: number) {
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }

  async function undo() {
    if (!lastRated) return;
    const { item } = lastRated;
    try {
      await api.deleteReview(item.job.id);
      setHidden((s) => {
        const n = new Set(s);
        n.delete(item.job.id);
        return n;
      });
      setLastRated(null);
    } catch (e) {
      setRunError(errorMessage(e));
    }
  }

  const items = (recs.data?.items ?? []).filter((r) => !hidden.has(r.job.id));
  const unscored = items.filter((r) => !r.scored).length;
  const returned = recs.data?.items.length ?? 0;

  return (
    <>
      <div class="rec-top">
        {selector}
        <div class="refresh">
          <button
            type="button"
            class="btn btn--primary"
            onClick={refresh}
            disabled={starting || running}
            aria-describedby="refresh-hint"
            data-testid="refresh-button"
          >
            {starting ? 'Starting…' : running ? 'Scoring…' : 'Refresh'}
          </button>
          <p id="refresh-hint" class="small muted">
            {usesRuns
              ? `Scores up to ${RUN_LIMIT} postings with the ${ENGINE_LABELS[engine]} engine (uses LLM tokens).`
              : 'Reloads the list with your latest profile and ratings.'}
          </p>
        </div>
      </div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setLimit(PAGE);
        }}
        aria-label="Filters"
        data-testid="filters"
      >
        <div class="field">
          <label for="f-remote">Remote</label>
          <select id="f-remote" value={draft.remote} onChange={(e) => setDraft({ ...draft, remote: e.currentTarget.value })}>
            <option value="">Any</option>
            <option value="onsite">On-site</option>
            <option value="hybrid">Hybrid</option>
            <option value="remote">Remote</option>
          </select>
        </div>
        <div class="field">
          <label for="f-location">Location</label>
          <input
            id="f-location"
            type="text"
            value={draft.location}
            placeholder="City or region"
            onInput={(e) => setDraft({ ...draft, location: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="f-salary">Min. salary</label>
          <input
            id="f-salary"
            type="number"
            min={0}
            inputMode="numeric"
            value={draft.min_salary}
            placeholder="e.g. 45000"
            onInput={(e) => setDraft({ ...draft, min_salary: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="f-posted">Posted</label>
          <select
            id="f-posted"
            value={draft.posted_within_days}
            onChange={(e) => setDraft({ ...draft, posted_within_days: e.currentTarget.value })}
          >
            <option value="">Any time</option>
            <option value="1">Last 24 hours</option>
            <option value="7">Last 7 days</option>
            <option value="14">Last 14 days</option>
            <option value="30">Last 30 days</option>
          </select>
        </div>
        <div class="filters__actions">
          <button type="submit" class="btn btn--secondary" data-testid="filters-apply">
            Apply filters
          </button>
          <button
            type="button"
            class="btn btn--ghost"
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              setFilters(EMPTY_FILTERS);
              setLimit(PAGE);
            }}
          >
            Clear
          </button>
        </div>
      </form>

      {runError && (
        <Banner kind="error" onDismiss={() => setRunError(null)}>
          {runError}
        </Banner>
      )}
      {track && <RunProgress track={track} onCancel={cancel} onDismiss={() => setTrack(null)} />}
      {lastRated && (
        <Banner kind="success" onDismiss={() => setLastRated(null)} testid="rated-notice">
          {lastRated.text}{' '}
          <button type="button" class="btn btn--small btn--secondary" onClick={undo} data-testid="rating-undo">
            Undo
          </button>{' '}
          <Link href="/ratings">My ratings</Link>
        </Banner>
      )}

      {!recs.data && (warming || isWarmingError(recs.error)) ? (
        <WarmingNotice engine={engine} />
      ) : recs.loading && !recs.data ? (
        <Loading label="Finding jobs for you…" />
      ) : recs.error ? (
        <RecError error={recs.error} onRetry={recs.reload} />
      ) : items.length === 0 ? (
        <EmptyState title={returned > 0 ? 'You have rated every posting in this list.' : 'No recommendations match.'}>
          <p>
            {returned > 0
              ? 'Press Refresh for more.'
              : 'Try clearing the filters, or add job titles and skills to your '}
            {returned === 0 && <Link href="/profile">profile</Link>}
            {returned === 0 && '.'}
          </p>
        </EmptyState>
      ) : (
        <>
          {usesRuns && unscored > 0 && !running && (
            <Banner kind="info">
              {unscored === items.length
                ? 'These postings have not been scored by the LLM yet.'
                : `${unscored} of these ${items.length} postings have not been scored by the LLM yet.`}{' '}
              Press <strong>Refresh</strong> to score them.
            </Banner>
          )}
          <p class="muted small" aria-live="polite">
            {items.length} posting{items.length === 1 ? '' : 's'}
            {recs.loading ? ' · updating…' : ''}
          </p>
          <div class="cards" data-testid="recommendation-list">
            {items.map((r) => (
              <JobCard key={r.job.id} item={r} expanded={open.has(r.job.id)} onToggle={() => toggle(r.job.id)}>
                <RatingForm
                  jobId={r.job.id}
                  onSaved={(input) => {
                    setHidden((s) => new Set(s).add(r.job.id));
                    setLastRated({
                      item: r,
                      text: input.not_interested
                        ? `Marked “${r.job.title}” as not interested.`
                        : `Rated “${r.job.title}” ${input.score}/10.`,
                    });
                  }}
                />
              </JobCard>
            ))}
          </div>
          {returned >= limit && (
            <div class="center">
              <button type="button" class="btn btn--secondary" onClick={() => setLimit((l) => l + PAGE)} disabled={recs.loading}>
                {recs.loading ? 'Loading…' : 'Show more'}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}

function RecError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && (error.field === 'profile' || error.code === 'profile_incomplete' || error.status === 409)) {
    return (
      <Banner kind="info">
        {error.message} <Link href="/profile">Complete your profile</Link>
      </Banner>
    );
  }
  return <ErrorBanner error={error} onRetry={onRetry} />;
}

function RunProgress({ track, onCancel, onDismiss }: { track: RunTrack; onCancel: () => void; onDismiss: () => void }) {
  const run = track.run;
  const terminal = !!run && isTerminal(run.state);
  const fraction = run ? runFraction(run) : null;
  const pct = fraction === null ? null : Math.round(fraction * 100);
  const kind =
    track.error || run?.state === 'failed'
      ? 'error'
      : run?.state === 'budget_exhausted'
        ? 'warning'
        : run?.state === 'done'
          ? 'success'
          : 'info';
  return (
    <div class={`card run run--${kind}`} data-testid="scoring-progress" data-state={run?.state ?? 'starting'}>
      <div class="run__head">
        <label for="run-progress" class="run__title" aria-live="polite">
          {runTitle(run?.state ?? null)}
        </label>
        <span class="run__pct">{pct === null ? '' : `${pct}%`}</span>
      </div>
      {pct === null && !terminal ? (
        <progress id="run-progress" data-testid="scoring-progress-bar" />
      ) : (
        // An ended run without a total (cancelled before it started) shows an empty bar, not a busy one.
        <progress id="run-progress" max={100} value={pct ?? 0} data-testid="scoring-progress-bar" />
      )}
      <p class="run__summary small" data-testid="scoring-summary">
        {track.error ?? (run ? `${runSummary(run)} · ${formatTokens(run.tokens)} tokens` : 'Starting…')}
      </p>
      <div class="run__actions">
        {!terminal && !track.error ? (
          <button type="button" class="btn btn--small btn--secondary" onClick={onCancel} data-testid="scoring-cancel">
            Cancel run
          </button>
        ) : (
          <button type="button" class="btn btn--small btn--ghost" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
