import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { AdminSource } from '../api/types';
import { useAuth } from '../auth';
import { ChartCanvas, PALETTE } from '../components/Chart';
import { Banner, errorMessage, Loaded, PageHeader } from '../components/ui';
import { formatCost, formatDate, formatDateTime, formatDuration, formatTokens } from '../lib/format';
import { useResource, useTitle } from '../hooks';

const AUTO_REFRESH_MS = 15_000;

export function AdminPage() {
  useTitle('Admin');
  const { user } = useAuth();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const t = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((x) => x + 1);
    }, AUTO_REFRESH_MS);
    return () => window.clearInterval(t);
  }, []);

  if (!user?.is_admin) {
    return (
      <>
        <PageHeader title="Admin" />
        <Banner kind="error">This page is for administrators only.</Banner>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Admin">
        <button type="button" class="btn btn--small btn--ghost" onClick={() => setTick((x) => x + 1)} data-testid="admin-reload">
          Reload all
        </button>
      </PageHeader>
      <div class="admin">
        <Sources tick={tick} />
        <Queue tick={tick} />
        <Workers tick={tick} />
        <LlmSpend tick={tick} />
      </div>
    </>
  );
}

interface Column {
  label: ComponentChildren;
  num?: boolean;
}

/** A table with its column headings; `children` are its body rows. */
function DataTable({ columns, caption, children }: { columns: Column[]; caption?: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class="table">
        {caption && <caption class="muted small">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Section({ title, children, testid }: { title: string; children: ComponentChildren; testid: string }) {
  return (
    <section class="card admin__section" data-testid={testid}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Sources({ tick }: { tick: number }) {
  const res = useResource(() => api.adminSources().then((r) => r.items ?? []), [tick]);
  const [queued, setQueued] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  async function sync(s: AdminSource) {
    setError(null);
    setQueued((q) => ({ ...q, [String(s.id)]: 'Starting…' }));
    try {
      await api.adminSync(s.id);
      setQueued((q) => ({ ...q, [String(s.id)]: 'Sync queued' }));
      window.setTimeout(res.reload, 3000);
    } catch (e) {
      setQueued((q) => {
        const n = { ...q };
        delete n[String(s.id)];
        return n;
      });
      setError(`${s.name}: ${errorMessage(e)}`);
    }
  }

  return (
    <Section title="Sources" testid="admin-sources">
      {error && (
        <Banner kind="error" onDismiss={() => setError(null)}>
          {error}
        </Banner>
      )}
      <Loaded res={res}>
        {(data) =>
          data.length === 0 ? (
            <p class="muted">No sources configured.</p>
          ) : (
            <DataTable
              columns={[
                { label: 'Source' },
                { label: 'Every' },
                { label: 'Last sync' },
                ...['Seen', 'New', 'Updated', 'Unchanged', 'Rejected', 'Expired'].map((label) => ({ label, num: true })),
                { label: <span class="sr-only">Actions</span> },
              ]}
            >
              {data.map((s) => {
                const l = s.last_sync;
                return (
                  <tr key={s.id}>
                    <th scope="row">
                      {s.name}
                      <div class="muted small">{s.kind}</div>
                    </th>
                    <td>{s.interval_minutes ? formatDuration(s.interval_minutes * 60) : <span class="muted">on demand</span>}</td>
                    <td>
                      {l ? (
                        <>
                          <span class={`pill pill--${l.state}`}>{l.state}</span>
                          <div class="muted small">{formatDateTime(l.finished_at ?? l.started_at)}</div>
                        </>
                      ) : (
                        <span class="muted">never</span>
                      )}
                    </td>
                    <td class="num">{l?.seen ?? '–'}</td>
                    <td class="num">{l?.new ?? '–'}</td>
                    <td class="num">{l?.updated ?? '–'}</td>
                    <td class="num">{l?.unchanged ?? '–'}</td>
                    <td class="num">{l?.rejected ?? '–'}</td>
                    <td class="num">{l?.expired ?? '–'}</td>
                    <td>
                      {queued[String(s.id)] ? (
                        <span class="small muted" role="status">
                          {queued[String(s.id)]}
                        </span>
                      ) : (
                        <button type="button" class="btn btn--small btn--secondary" onClick={() => sync(s)} data-testid="admin-sync">
                          Sync now<span class="sr-only"> {s.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )
        }
      </Loaded>
    </Section>
  );
}

function Queue({ tick }: { tick: number }) {
  const res = useResource(() => api.adminQueue().then((r) => r.items ?? []), [tick]);
  const rows = res.data ?? [];
  const total = rows.reduce((a, r) => a + (r.count || 0), 0);
  return (
    <Section title="Task queue" testid="admin-queue">
      <Loaded res={res}>
        {(data) =>
          data.length === 0 ? (
            <p class="muted">The queue is empty.</p>
          ) : (
            <DataTable
              columns={[{ label: 'Kind' }, { label: 'State' }, { label: 'Count', num: true }, { label: 'Oldest', num: true }]}
              caption={`${total} tasks`}
            >
              {data.map((r) => (
                <tr key={`${r.kind}-${r.state}`}>
                  <td>{r.kind}</td>
                  <td>
                    <span class={`pill pill--${r.state}`}>{r.state}</span>
                  </td>
                  <td class="num">{r.count}</td>
                  <td class="num">{formatDuration(r.oldest_age_seconds)}</td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loaded>
    </Section>
  );
}

function Workers({ tick }: { tick: number }) {
  const res = useResource(() => api.adminWorkers(), [tick]);
  const workers = res.data?.workers ?? [];
  const decisions = res.data?.decisions ?? [];
  return (
    <Section title="Workers and scaling" testid="admin-workers">
      <Loaded res={res}>
        {() => (
          <>
            {workers.length === 0 ? (
              <p class="muted">No workers running.</p>
            ) : (
              <DataTable
                columns={[{ label: 'Worker' }, { label: 'State' }, { label: 'Started' }, { label: 'Heartbeat' }, { label: 'Current task' }]}
              >
                {workers.map((w) => (
                  <tr key={w.id}>
                    <td>
                      {String(w.id)}
                      <div class="muted small">
                        {w.provider}
                        {w.instance_id ? ` · ${w.instance_id}` : ''}
                      </div>
                    </td>
                    <td>
                      <span class={`pill pill--${w.state}`}>{w.state}</span>
                    </td>
                    <td>{formatDateTime(w.started_at)}</td>
                    <td>{formatDateTime(w.last_heartbeat_at)}</td>
                    <td>{w.current_task_id != null ? `task ${w.current_task_id}` : <span class="muted">idle</span>}</td>
                  </tr>
                ))}
              </DataTable>
            )}
            <h3>Recent scaling decisions</h3>
            {decisions.length === 0 ? (
              <p class="muted small">None yet.</p>
            ) : (
              <ul class="decisions">
                {decisions.slice(0, 20).map((d, i) => (
                  <li key={d.id ?? i}>
                    <time dateTime={d.decided_at}>{formatDateTime(d.decided_at)}</time>{' '}
                    <strong>
                      {d.current_workers} → {d.desired_workers}
                    </strong>{' '}
                    <span class="muted">{d.reason}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function LlmSpend({ tick }: { tick: number }) {
  const res = useResource(() => api.adminLlm(), [tick]);
  const byDay = res.data?.by_day ?? [];
  const chart = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: byDay.map((d) => formatDate(d.date)),
        datasets: [{ label: 'Cost (USD)', data: byDay.map((d) => d.cost), backgroundColor: PALETTE[0] }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    }),
    [res.data],
  );
  return (
    <Section title="LLM spend" testid="admin-llm">
      <Loaded res={res}>
        {(data) => (
          <>
            <div class="stats">
              <div class="stat">
                <span class="stat__value">{formatCost(data.today?.cost)}</span>
                <span class="stat__label">today</span>
              </div>
              <div class="stat">
                <span class="stat__value">{formatTokens(data.today?.tokens)}</span>
                <span class="stat__label">tokens today</span>
              </div>
            </div>
            {byDay.length > 0 && (
              <ChartCanvas
                config={chart}
                label={`LLM cost per day: ${byDay.map((d) => `${d.date} ${formatCost(d.cost)}`).join(', ')}`}
                height={200}
              />
            )}
            {(data.by_user ?? []).length > 0 && (
              <DataTable
                columns={[{ label: 'User' }, { label: 'Tokens', num: true }, { label: 'Cost', num: true }]}
              >
                {data.by_user.map((u) => (
                  <tr key={u.email}>
                    <td>{u.email}</td>
                    <td class="num">{formatTokens(u.tokens)}</td>
                    <td class="num">{formatCost(u.cost)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}
