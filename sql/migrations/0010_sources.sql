-- Where postings come from: configured sources (a provider connector or a file) and the record
-- of each sync pass (ingest/sync.h, store/source_repo.h).
--
-- A sync pass runs page by page; each page's postings, the pass's counts and the connector's
-- cursor are written in one transaction (store/posting_writer.h), so a pass interrupted at any
-- point resumes from sources.cursor. A pass that failed is resumed by the next sync of its
-- source, so there is at most one open (running or failed) run per source.

-- The API roles, documented in 0020_accounts.sql. Created here, in the first migration that
-- grants to them; roles are cluster-wide, so creating one that exists is a no-op.
DO $$
BEGIN
  BEGIN
    CREATE ROLE jobrec_api NOLOGIN NOINHERIT;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE jobrec_admin NOLOGIN NOINHERIT;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;
CREATE TABLE sources (
  id            bigserial   PRIMARY KEY,
  name          text        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
  kind          text        NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,49}$'),
  -- The connector's parameters (ingest/connector_factory.h, jsonl_source.h, csv_source.h).
  params        jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(params) = 'object'),
  -- Secret references: parameter name -> name of the environment variable holding the secret
  -- ({"app_key": "ADZUNA_APP_KEY"} becomes the connector parameter app_key_env). Never values.
  secrets       jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(secrets) = 'object'),
  -- true: every pass delivers the source's whole current set (files, Greenhouse, Lever), so a
  -- posting missing from ingest.expire_after_missed_syncs passes in a row is expired, and the
  -- next pass starts from the beginning. false: passes are incremental (the cursor keeps a
  -- since-date); postings expire by their expires_at only.
  full_sync     boolean     NOT NULL,
  -- How often the scheduler syncs it; NULL: only on demand.
  sync_interval interval    CHECK (sync_interval IS NULL OR sync_interval >= interval '1 minute'),
  enabled       boolean     NOT NULL DEFAULT true,
  -- The connector's cursor: where the pass in progress continues, or the next pass starts.
  cursor        jsonb,
  -- The scheduler enqueues a sync when this is due (NULL: due now) and moves it one interval
  -- ahead in the same statement, so replicas never enqueue the same slot twice.
  next_sync_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_due ON sources (next_sync_at) WHERE enabled AND sync_interval IS NOT NULL;

CREATE TABLE sync_runs (
  id          bigserial   PRIMARY KEY,
  source_id   bigint      NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  task_id     bigint,     -- the ingest.sync task that last ran it; NULL from `jobrec ingest`
  -- running: in progress (or its process died: the next sync resumes it)
  -- failed: stopped on an error, resumed by the next sync of the source
  -- succeeded: the pass reached the connector's last page
  -- abandoned: an operator restarted the source's sync from the beginning
  state       text        NOT NULL DEFAULT 'running'
                          CHECK (state IN ('running', 'failed', 'succeeded', 'abandoned')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  pages       integer     NOT NULL DEFAULT 0,
  -- Postings delivered: new + updated + unchanged, plus repeats of a key within one page (the
  -- last one counts).
  seen        bigint      NOT NULL DEFAULT 0,
  new         bigint      NOT NULL DEFAULT 0,
  updated     bigint      NOT NULL DEFAULT 0,
  unchanged   bigint      NOT NULL DEFAULT 0,
  rejected    bigint      NOT NULL DEFAULT 0,
  expired     bigint      NOT NULL DEFAULT 0,
  -- The first 50 rejections: [{"where": "line 17", "reason": "title is empty"}].
  rejections  jsonb       NOT NULL DEFAULT '[]'::jsonb,
  error       text,
  CONSTRAINT sync_runs_finished CHECK ((state = 'running') = (finished_at IS NULL))
);
CREATE INDEX sync_runs_source ON sync_runs (source_id, id DESC);
CREATE UNIQUE INDEX sync_runs_one_open ON sync_runs (source_id) WHERE state IN ('running', 'failed');

-- Admin endpoints read sources and their runs (GET /api/v1/admin/sources).
GRANT SELECT ON sources, sync_runs TO jobrec_admin;
