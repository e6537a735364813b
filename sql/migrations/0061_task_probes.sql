-- Runs of the built-in `system.probe` task (tasks/probe_task.cc): a harmless task an operator
-- (or the scaling tests) enqueues to check a worker fleet end to end. The row keyed by task id
-- is the task's idempotent effect; `completions` counts how often a run got as far as
-- recording it, so a task that ran to completion twice is visible (it should stay 1).
CREATE TABLE task_probe_runs (
  task_id      bigint      PRIMARY KEY,
  completions  integer     NOT NULL DEFAULT 1 CHECK (completions >= 1),
  -- "<host>:<pid>" of the worker process whose run completed first / last, and that attempt
  first_worker text        NOT NULL,
  last_worker  text        NOT NULL,
  last_attempt integer     NOT NULL CHECK (last_attempt >= 1),
  finished_at  timestamptz NOT NULL DEFAULT now()
);
