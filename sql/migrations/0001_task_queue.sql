-- The task queue (store/task_queue.cc): claimed with FOR UPDATE SKIP LOCKED, leased, heartbeated,
-- retried with backoff and dead-lettered. States:
--   queued   waiting until run_after (first run, or a retry after backoff)
--   running  leased to lease_owner until lease_expires_at; an expired lease is claimable again
--   done     the handler succeeded
--   failed   finished without success and not retried: cancelled, or the handler rejected the
--            payload as invalid (retrying cannot help)
--   dead     every attempt failed (last_error says why) or the last lease expired
CREATE TABLE tasks (
  id               bigserial PRIMARY KEY,
  kind             text        NOT NULL CHECK (kind <> '' AND length(kind) <= 200),
  payload          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  state            text        NOT NULL DEFAULT 'queued'
                               CHECK (state IN ('queued', 'running', 'done', 'failed', 'dead')),
  attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts     integer     NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  run_after        timestamptz NOT NULL DEFAULT now(),
  lease_owner      text,
  lease_expires_at timestamptz,
  last_error       text,
  -- What a long handler last reported (TaskContext::ReportProgress), written by heartbeats.
  progress         jsonb,
  -- Periodic schedulers set this so the same work is not queued twice while one copy is pending.
  dedupe_key       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  CONSTRAINT tasks_running_has_lease
    CHECK (state <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
  CONSTRAINT tasks_finished_at_iff_finished
    CHECK ((state IN ('done', 'failed', 'dead')) = (finished_at IS NOT NULL))
);

CREATE UNIQUE INDEX tasks_dedupe_key_pending ON tasks (dedupe_key)
  WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX tasks_queued_due ON tasks (run_after, id) WHERE state = 'queued';
CREATE INDEX tasks_running_lease ON tasks (lease_expires_at) WHERE state = 'running';
CREATE INDEX tasks_state_kind ON tasks (state, kind);

-- Idle workers LISTEN on jobrec_tasks; notifications with the same payload in one transaction
-- collapse into one, so a bulk insert wakes them once.
CREATE FUNCTION tasks_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('jobrec_tasks', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER tasks_notify_insert AFTER INSERT ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_notify();
-- A task handed back to the queue (released by a stopping worker, re-queued by an admin) is
-- claimable at once too.
CREATE TRIGGER tasks_notify_requeue AFTER UPDATE OF state ON tasks
  FOR EACH ROW WHEN (NEW.state = 'queued' AND OLD.state <> 'queued')
  EXECUTE FUNCTION tasks_notify();
