-- Worker processes and the autoscaler's decisions (store/worker_repo.cc, tasks/autoscaler.cc).
--
-- workers: one row per `jobrec worker` process, written by the process itself
-- (tasks/worker_registration.cc): registered at start, heartbeated, marked stopped on exit.
-- States:
--   starting  registered, not claiming yet
--   idle      claiming, no task in hand
--   busy      running at least one task (current_task_id names one of them)
--   draining  SIGTERM or idle timeout: finishing the tasks in hand, claiming nothing new
--   stopped   exited cleanly (exit_reason: drain | idle | error)
--   lost      no heartbeat for lost_after; the process died or cannot reach the database.
--             Readers treat a stale heartbeat as lost before anyone writes it (see
--             worker_repo.cc); a heartbeat that arrives again revives the row.
CREATE TABLE workers (
  id                bigserial   PRIMARY KEY,
  provider          text        NOT NULL CHECK (provider IN ('local', 'ec2', 'external')),
  -- The provider's name for it: the pid (local), the EC2 instance id, a pod name (external).
  instance_id       text        NOT NULL CHECK (instance_id <> ''),
  host              text        NOT NULL,
  -- Worker::owner(): what tasks.lease_owner holds for the tasks this worker runs.
  lease_owner       text        NOT NULL UNIQUE,
  state             text        NOT NULL DEFAULT 'starting'
                                CHECK (state IN ('starting', 'idle', 'busy', 'draining', 'stopped', 'lost')),
  concurrency       integer     NOT NULL CHECK (concurrency >= 1),
  started_at        timestamptz NOT NULL DEFAULT now(),
  last_heartbeat_at timestamptz NOT NULL DEFAULT now(),
  -- N x the worker's heartbeat interval, chosen by the worker (its interval is its own config).
  lost_after        interval    NOT NULL CHECK (lost_after > interval '0'),
  -- No foreign key: finished tasks may be purged while the row is kept for the record.
  current_task_id   bigint,
  stopped_at        timestamptz,
  exit_reason       text,
  CONSTRAINT workers_stopped_at_iff_stopped CHECK ((state = 'stopped') = (stopped_at IS NOT NULL))
);

CREATE INDEX workers_live ON workers (provider, instance_id) WHERE state <> 'stopped';
CREATE INDEX workers_stopped_at ON workers (stopped_at) WHERE state = 'stopped';

-- One row per autoscaler decision that changed something, plus at most one "steady" row a
-- minute, so the table explains every scale-up and scale-down without growing every tick.
CREATE TABLE scaling_decisions (
  id                    bigserial   PRIMARY KEY,
  decided_at            timestamptz NOT NULL DEFAULT now(),
  autoscaler            text        NOT NULL,  -- "<host>:<pid>" of the replica holding the lock
  provider              text        NOT NULL,
  queued                bigint      NOT NULL CHECK (queued >= 0),   -- due now (incl. expired leases)
  running               bigint      NOT NULL CHECK (running >= 0),
  oldest_queued_seconds float8      NOT NULL DEFAULT 0,
  queued_by_kind        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  current_workers       integer     NOT NULL CHECK (current_workers >= 0),
  desired_workers       integer     NOT NULL CHECK (desired_workers >= 0),
  -- start/stop: workers were started/stopped (count of them); steady: current = desired;
  -- hold: fewer are wanted but the idle period has not passed; external: provider none;
  -- error: the provisioner failed (reason says how).
  action                text        NOT NULL
                                    CHECK (action IN ('start', 'stop', 'steady', 'hold', 'external', 'error')),
  count                 integer     NOT NULL DEFAULT 0 CHECK (count >= 0),
  reason                text        NOT NULL
);

CREATE INDEX scaling_decisions_decided_at ON scaling_decisions (decided_at DESC);

-- The admin API reads both through WorkerRepo as the owner; the admin role may read them too.
GRANT SELECT ON workers, scaling_decisions TO jobrec_admin;
