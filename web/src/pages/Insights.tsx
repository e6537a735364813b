import { useEffect, useMemo, useState } from 'preact/hooks';
import { displayMessage } from '../api/client';
import { api } from '../api/endpoints';
import type { Insights, LearnedRule } from '../api/types';
import { type AnyChartConfig, ChartCanvas, PALETTE } from '../components/Chart';
import { Banner, EmptyState, errorMessage, Loaded, PageHeader } from '../components/ui';
import { ENGINE_LABELS } from '../lib/constants';
import { formatCorrelation, formatDate } from '../lib/format';
import { binLabels, histogram, termText } from '../lib/insights';
import { useResource, useTitle } from '../hooks';
import { Link } from '../router';

export function InsightsPage() {
  useTitle('Insights');
  const res = useResource(() => api.insights());
  return (
    <>
      <PageHeader title="Insights">
        <button type="button" class="btn btn--small btn--ghost" onClick={res.reload} disabled={res.loading}>
          Reload
        </button>
      </PageHeader>
      <Loaded res={res} label="Loading insights…">
        {(data) => (
          <InsightsView data={data} reload={res.reload} />
        )}
      </Loaded>
    </>
  );
}

function InsightsView({ data, reload }: { data: Insights; reload: () => void }) {
  const over = data.ratings_over_time ?? [];
  const dists = data.score_distributions ?? {};
  const agreement = data.engine_agreement ?? [];
  const learned = data.learned ?? { feature_weights: [], terms_toward: [], terms_away: [] };

  const overTime = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: over.map((d) => formatDate(d.date)),
        datasets: [
          { type: 'bar' as const, label: 'Ratings', data: over.map((d) => d.count), backgroundColor: '#bfdbfe', yAxisID: 'y' },
          {
            type: 'line' as const,
            label: 'Mean score',
            data: over.map((d) => d.mean_score),
            borderColor: PALETTE[0],
            backgroundColor: PALETTE[0],
            tension: 0.25,
            yAxisID: 'y1',
            spanGaps: true,
          },
        ],
      },
      options: {
        interaction: { mode: 'index' as const, intersect: false },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: 'Ratings' }, ticks: { precision: 0 } },
          y1: { position: 'right' as const, min: 0, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: 'Mean score' } },
        },
      },
    }),
    [data],
  );

  const engines = Object.keys(dists).filter((k) => Array.isArray(dists[k]));
  const distribution = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: binLabels(),
        datasets: engines.map((e, i) => ({
          label: ENGINE_LABELS[e] ?? e,
          data: histogram(dists[e] ?? []),
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        scales: {
          x: { title: { display: true, text: 'Score (0–10)' } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Postings' } },
        },
      },
    }),
    [data],
  );

  const agreementChart = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: agreement.map((a) => ENGINE_LABELS[a.engine] ?? a.engine),
        datasets: [
          {
            label: 'Spearman correlation with your ratings',
            data: agreement.map((a) => a.spearman),
            backgroundColor: agreement.map((a) => ((a.spearman ?? 0) >= 0 ? PALETTE[1] : PALETTE[7])),
          },
        ],
      },
      options: {
        indexAxis: 'y' as const,
        scales: { x: { min: -1, max: 1 } },
        plugins: { legend: { display: false } },
      },
    }),
    [data],
  );

  const weights = learned.feature_weights ?? [];
  const weightsChart = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: weights.map((w) => w.name),
        datasets: [
          { label: 'You', data: weights.map((w) => w.user), backgroundColor: PALETTE[0] },
          { label: 'Everyone', data: weights.map((w) => w.global), backgroundColor: '#cbd5e1' },
        ],
      },
      options: { indexAxis: 'y' as const },
    }),
    [data],
  );

  const totalRatings = over.reduce((a, d) => a + (d.count || 0), 0);

  return (
    <div class="insights">
      <section class="card">
        <h2>My ratings over time</h2>
        {over.length === 0 ? (
          <EmptyState title="No ratings yet.">
            <p>
              Rate a few postings on <Link href="/recommendations">Recommendations</Link> to see trends here.
            </p>
          </EmptyState>
        ) : (
          <>
            <p class="muted small">{totalRatings} ratings in total.</p>
            <ChartCanvas config={overTime} label={`Ratings over time: ${over.map((d) => `${d.date}: ${d.count} ratings, mean ${d.mean_score ?? 'n/a'}`).join('; ')}`} testid="chart-ratings" />
          </>
        )}
      </section>

      <section class="card">
        <h2>Score distributions by engine</h2>
        {engines.length === 0 || engines.every((e) => (dists[e] ?? []).length === 0) ? (
          <p class="muted">No scores yet.</p>
        ) : (
          <ChartCanvas
            config={distribution}
            label={`Score distributions: ${engines.map((e) => `${e} ${(dists[e] ?? []).length} scores`).join(', ')}`}
            testid="chart-distributions"
          />
        )}
      </section>

      <section class="card">
        <h2>Engine agreement with your ratings</h2>
        <p class="muted small">
          Spearman rank correlation between each engine’s scores and your own ratings: +1 means the engine ranks jobs
          exactly as you do, 0 means no relation.
        </p>
        {agreement.length === 0 ? (
          <p class="muted">Not enough rated postings yet.</p>
        ) : (
          <>
            {agreement.some((a) => a.spearman !== null) && (
              <ChartCanvas config={agreementChart} label="Engine agreement" height={60 + agreement.length * 40} testid="chart-agreement" />
            )}
            <table class="table">
              <caption class="sr-only">Engine agreement</caption>
              <thead>
                <tr>
                  <th scope="col">Engine</th>
                  <th scope="col">Spearman ρ</th>
                  <th scope="col">Rated pairs</th>
                </tr>
              </thead>
              <tbody>
                {agreement.map((a) => (
                  <tr key={a.engine}>
                    <td>{ENGINE_LABELS[a.engine] ?? a.engine}</td>
                    <td>
                      {formatCorrelation(a.spearman)}
                      {a.spearman === null && a.reason && <div class="muted small">{displayMessage(a.reason)}</div>}
                    </td>
                    <td>{a.pairs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <Learned data={data} weightsChart={weights.length ? weightsChart : null} reload={reload} />
      <Rules rules={data.rules ?? []} />
    </div>
  );
}

function Learned({ data, weightsChart, reload }: { data: Insights; weightsChart: AnyChartConfig | null; reload: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const learned = data.learned ?? { feature_weights: [], terms_toward: [], terms_away: [] };
  const toward = learned.terms_toward ?? [];
  const away = learned.terms_away ?? [];

  async function reset() {
    setBusy(true);
    try {
      await api.resetLearned();
      setMsg({ kind: 'success', text: 'What jobrec learned from your ratings was reset. Your ratings are kept.' });
      setConfirm(false);
      reload();
    } catch (e) {
      setMsg({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card">
      <h2>What jobrec learned from your ratings</h2>
      {msg && (
        <Banner kind={msg.kind} onDismiss={() => setMsg(null)}>
          {msg.text}
        </Banner>
      )}
      {weightsChart ? (
        <ChartCanvas
          config={weightsChart}
          label={`Feature weights: ${(learned.feature_weights ?? []).map((w) => `${w.name} you ${w.user}, everyone ${w.global}`).join('; ')}`}
          height={80 + (learned.feature_weights ?? []).length * 34}
          testid="chart-weights"
        />
      ) : (
        <p class="muted">
          {learned.feature_weights === null && learned.feature_weights_reason
            ? displayMessage(learned.feature_weights_reason)
            : 'Nothing learned yet.'}
        </p>
      )}
      <div class="grid-2">
        <div>
          <h3>Pulls you toward</h3>
          {toward.length ? (
            <ul class="chips">
              {toward.map((t, i) => (
                <li key={i} class="chip chip--match">
                  {termText(t)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted small">No terms yet.</p>
          )}
        </div>
        <div>
          <h3>Pushes you away</h3>
          {away.length ? (
            <ul class="chips">
              {away.map((t, i) => (
                <li key={i} class="chip chip--bad">
                  {termText(t)}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted small">No terms yet.</p>
          )}
        </div>
      </div>
      <div class="row">
        {confirm ? (
          <>
            <span>Forget everything learned from your ratings?</span>
            <button type="button" class="btn btn--danger btn--small" onClick={reset} disabled={busy} data-testid="reset-learned-confirm">
              {busy ? 'Resetting…' : 'Yes, reset'}
            </button>
            <button type="button" class="btn btn--ghost btn--small" onClick={() => setConfirm(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" class="btn btn--secondary btn--small" onClick={() => setConfirm(true)} data-testid="reset-learned">
            Reset what was learned
          </button>
        )}
      </div>
    </section>
  );
}

const RULE_STATE_LABEL: Record<string, string> = { proposed: 'Proposed', accepted: 'Accepted', rejected: 'Rejected' };

function Rules({ rules: initial }: { rules: LearnedRule[] }) {
  const [rules, setRules] = useState(initial);
  useEffect(() => setRules(initial), [initial]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(rule: LearnedRule, action: 'accept' | 'reject' | 'delete') {
    const key = String(rule.id);
    setBusy(key);
    setError(null);
    try {
      if (action === 'accept') await api.acceptRule(rule.id);
      else if (action === 'reject') await api.rejectRule(rule.id);
      else await api.deleteRule(rule.id);
      setRules((rs) =>
        action === 'delete'
          ? rs.filter((r) => r.id !== rule.id)
          : rs.map((r) => (r.id === rule.id ? { ...r, state: action === 'accept' ? 'accepted' : 'rejected' } : r)),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const order = { proposed: 0, accepted: 1, rejected: 2 } as Record<string, number>;
  const sorted = [...rules].sort((a, b) => (order[a.state] ?? 3) - (order[b.state] ?? 3));

  return (
    <section class="card">
      <h2>Proposed rules</h2>
      <p class="muted small">Rules jobrec inferred from your ratings. Accepted rules shape your recommendations.</p>
      {error && (
        <Banner kind="error" onDismiss={() => setError(null)}>
          {error}
        </Banner>
      )}
      {sorted.length === 0 ? (
        <p class="muted">No rules yet.</p>
      ) : (
        <ul class="rules" data-testid="rules">
          {sorted.map((r) => (
            <li key={r.id} class={`rule rule--${r.state}`} data-testid="rule" data-rule-id={r.id}>
              <div class="rule__text">
                <span class={`pill pill--${r.state}`}>{RULE_STATE_LABEL[r.state] ?? r.state}</span>{' '}
                <span class="muted small">{r.kind}</span>
                <p>{r.text}</p>
              </div>
              <div class="rule__actions">
                {r.state !== 'accepted' && (
                  <button type="button" class="btn btn--small btn--primary" disabled={busy === String(r.id)} onClick={() => act(r, 'accept')} data-testid="rule-accept">
                    Accept
                  </button>
                )}
                {r.state !== 'rejected' && (
                  <button type="button" class="btn btn--small btn--secondary" disabled={busy === String(r.id)} onClick={() => act(r, 'reject')} data-testid="rule-reject">
                    Reject
                  </button>
                )}
                <button
                  type="button"
                  class="btn btn--small btn--ghost"
                  disabled={busy === String(r.id)}
                  onClick={() => act(r, 'delete')}
                  aria-label={`Delete rule: ${r.text}`}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
